//! Profiles: merge patch, embedded extensions, EDCA-MX, codelists, URL recognition on the data
//! corpus, user schemas and extensions, and a differential check against ProfileBuilder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use edca::profile::{
    Codelist, DEFAULT_RELEASE_SCHEMA_ID, Extension, KnownExtension, OcdsVersion, Profile, ProfileError, edca_mx_table,
    merge_patch, strip_nulls,
};
use serde_json::{Value, json};

fn shared() -> Option<PathBuf> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    if path.is_dir() {
        Some(path.to_path_buf())
    } else {
        eprintln!("skipped: ../shared not found");
        None
    }
}

fn pointer<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or_else(|| panic!("{pointer} is missing"))
}

// ---------------------------------------------------------------- merge patch

/// RFC 7396, Appendix A, every example.
#[test]
fn rfc7396_appendix_a() {
    let cases = [
        (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
        (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
        (json!({"a":"b"}), json!({"a":null}), json!({})),
        (json!({"a":"b","b":"c"}), json!({"a":null}), json!({"b":"c"})),
        (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
        (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
        (json!({"a":{"b":"c"}}), json!({"a":{"b":"d","c":null}}), json!({"a":{"b":"d"}})),
        (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
        (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
        (json!({"a":"b"}), json!(["c"]), json!(["c"])),
        (json!({"a":"foo"}), json!(null), json!(null)),
        (json!({"a":"foo"}), json!("bar"), json!("bar")),
        (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
        (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
        (json!({}), json!({"a":{"bb":{"ccc":null}}}), json!({"a":{"bb":{}}})),
    ];
    for (target, patch, expected) in cases {
        let mut result = target.clone();
        merge_patch(&mut result, &patch);
        assert_eq!(result, expected, "{target} + {patch}");
    }
}

/// RFC 7396, section 3's example.
#[test]
fn rfc7396_section_3() {
    let mut doc = json!({
        "title": "Goodbye!",
        "author": {"givenName": "John", "familyName": "Doe"},
        "tags": ["example", "sample"],
        "content": "This will be unchanged"
    });
    merge_patch(
        &mut doc,
        &json!({
            "title": "Hello!",
            "phoneNumber": "+01-123-456-7890",
            "author": {"familyName": null},
            "tags": ["example"]
        }),
    );
    assert_eq!(
        doc,
        json!({
            "title": "Hello!",
            "author": {"givenName": "John"},
            "tags": ["example"],
            "content": "This will be unchanged",
            "phoneNumber": "+01-123-456-7890"
        })
    );
}

/// Extensions may only add: their `null` members are stripped before merging, so the RFC's
/// deleting examples leave the target alone.
#[test]
fn extension_patches_strip_nulls_first() {
    let cases = [
        (json!({"a":"b"}), json!({"a":null}), json!({"a":"b"})),
        (json!({"a":{"b":"c"}}), json!({"a":{"b":"d","c":null}}), json!({"a":{"b":"d"}})),
        (json!({"a":{"b":"c","c":"keep"}}), json!({"a":{"c":null}}), json!({"a":{"b":"c","c":"keep"}})),
        (json!({"enum":["x"]}), json!({"enum":["x",null]}), json!({"enum":["x",null]})),
    ];
    for (target, mut patch, expected) in cases {
        strip_nulls(&mut patch);
        let mut result = target.clone();
        merge_patch(&mut result, &patch);
        assert_eq!(result, expected, "{target} + {patch}");
    }
    // And through a profile: a user's extension that nulls a standard field does not remove it.
    let ext =
        Extension::from_parts("nulls", json!({"definitions": {"Award": {"properties": {"title": null}}}}), vec![])
            .unwrap();
    let profile = Profile::ocds_1_1().with_extension(ext).unwrap();
    assert!(profile.release_schema().pointer("/definitions/Award/properties/title").is_some());
}

// ---------------------------------------------------------------- embedded extensions

/// Each embedded extension applies alone on OCDS 1.1.5, adds every definition and property its
/// patch names, lists the codelists its `extension.json` lists, and those are the files in
/// `schemas/extensions/<repo>/codelists/`.
#[test]
fn every_embedded_extension_applies() {
    let schemas = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/extensions"));
    for known in KnownExtension::ALL {
        let ext = known.extension();
        assert_eq!(ext.known(), Some(known));
        assert_eq!(ext.name(), known.repository());
        assert!(!ext.title().is_empty(), "{known}: no title");
        assert!(!ext.urls().is_empty(), "{known}: no URL");
        for url in ext.urls() {
            assert_eq!(KnownExtension::from_url(url), Some(known), "{url}");
        }

        let dir = schemas.join(known.repository());
        let metadata: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("extension.json")).unwrap()).unwrap();
        let declared: Vec<&str> = metadata
            .get("codelists")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(ext.codelist_files(), declared, "{known}");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir.join("codelists"))
            .map(|d| d.map(|e| e.unwrap().file_name().into_string().unwrap()).collect())
            .unwrap_or_default();
        on_disk.sort();
        let mut listed: Vec<String> = declared.iter().map(|s| (*s).to_owned()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "{known}: codelist files");
        assert_eq!(
            dir.join("release-schema.json").exists(),
            ext.patch().as_object().is_some_and(|p| !p.is_empty())
                || known == KnownExtension::ExtendedProcurementCategory,
            "{known}: release-schema.json presence"
        );

        let profile = Profile::ocds_1_1().with_extension(ext.clone()).unwrap_or_else(|e| panic!("{known}: {e}"));
        assert_eq!(profile.extensions().len(), 1);
        let schema = profile.release_schema();
        let patch = ext.patch();
        for section in ["definitions", "properties"] {
            let Some(entries) = patch.get(section).and_then(Value::as_object) else {
                continue;
            };
            for (name, entry) in entries {
                let in_schema = pointer(schema, &format!("/{section}/{name}"));
                if let Some(props) = entry.get("properties").and_then(Value::as_object) {
                    for prop in props.keys() {
                        assert!(
                            in_schema.pointer(&format!("/properties/{prop}")).is_some(),
                            "{known}: {section}/{name}/properties/{prop} missing"
                        );
                    }
                }
            }
        }
        // Its new or replacing codelists are in the profile.
        for file in ext.codelist_files() {
            let name = file.trim_start_matches(['+', '-']);
            assert!(profile.codelist(name).is_some(), "{known}: {file}");
        }
    }
}

#[test]
fn extension_urls_forms() {
    let k = |u: &str| KnownExtension::from_url(u);
    use KnownExtension as K;
    assert_eq!(
        k("https://raw.githubusercontent.com/open-contracting/ocds_location_extension/v1.1.1/extension.json"),
        Some(K::Location)
    );
    assert_eq!(
        k("https://github.com/open-contracting-extensions/ocds_memberOf_extension/tree/main"),
        Some(K::MemberOf)
    );
    assert_eq!(
        k("https://raw.githubusercontent.com/CompraNet/ocds_schemeUrl_extension/master/extension.json"),
        Some(K::SchemeUrl)
    );
    assert_eq!(
        k("https://raw.githubusercontent.com/INAImexico/ocds_budget_breakdown_extension/master/extension.json"),
        Some(K::BudgetBreakdown)
    );
    assert!(
        Extension::from_url("https://tenders.nsw.gov.au/public_data/API/NSW-eTendering-API-release-schema.json")
            .is_none()
    );
}

// ---------------------------------------------------------------- EDCA-MX

#[test]
fn edca_mx_schema_has_the_mexican_fields() {
    let profile = Profile::edca_mx();
    assert_eq!(profile.version(), OcdsVersion::V1_1);
    let names: Vec<&str> = profile.extensions().iter().map(Extension::name).collect();
    let expected: Vec<&str> = KnownExtension::EDCA_MX.iter().map(|k| k.repository()).collect();
    assert_eq!(names, expected);
    assert_eq!(names.len(), 19);

    let s = profile.release_schema();
    let defs = pointer(s, "/definitions");
    for p in [
        "/Contract/properties/guarantees",
        "/Guarantee/properties/guarantor",
        "/Value/properties/netAmount",
        "/Value/properties/exchangeRates",
        "/Transaction/properties/paymentMethod",
        "/Award/properties/rationale",
        "/Tender/properties/clarificationMeetings",
        "/Planning/properties/requestsForQuotes",
        "/Planning/properties/requestingUnits",
        "/Planning/properties/budgetBreakdown",
        "/Implementation/properties/status",
        "/Implementation/properties/budgetBreakdown",
        "/Identifier/properties/legalPersonality",
        "/ContactPoint/properties/patronymicName",
        "/ContactPoint/properties/type",
        "/Organization/properties/memberOf",
        "/Organization/properties/additionalContactPoints",
        "/Contract/properties/surveillanceMechanisms",
        "/Item/properties/deliveryLocation",
    ] {
        pointer(defs, p);
    }
    // planning.budget.budgetBreakdown[] (where the INAI tool writes it), each with budgetLines.
    assert_eq!(pointer(defs, "/Budget/properties/budgetBreakdown/items/$ref"), "#/definitions/BudgetBreakdown");
    let breakdown = pointer(defs, "/BudgetBreakdown/properties");
    for field in ["id", "amount", "period", "sourceParty", "budgetLines"] {
        assert!(breakdown.get(field).is_some(), "BudgetBreakdown.{field}");
    }
    assert_eq!(pointer(breakdown, "/budgetLines/items/$ref"), "#/definitions/BudgetLine");
    pointer(defs, "/BudgetLine/properties/components");
    pointer(defs, "/BudgetLine/properties/measures");
}

#[test]
fn edca_mx_codelists() {
    let profile = Profile::edca_mx();
    let roles = profile.codelist("partyRole").unwrap();
    for code in [
        "buyer",
        "supplier",
        "guarantor",
        "attendee",
        "official",
        "invitedSupplier",
        "issuingSupplier",
        "requestingUnit",
        "contractingUnit",
        "responsibleUnit",
        "technicalUnit",
        "sourceParty",
    ] {
        assert!(roles.contains(code), "partyRole {code}");
    }
    // Added by five extensions, each code once.
    assert_eq!(roles.codes().len(), roles.rows().len());
    assert_eq!(roles.len(), 10 + 10);
    assert!(profile.codelist("partyRole.csv").is_some());

    let milestone = profile.codelist("milestoneType").unwrap();
    assert!(milestone.contains("publicNotices"));
    let categories = profile.codelist("extendedProcurementCategory").unwrap();
    assert!(categories.contains("goodsAcquisition") && categories.contains("goodsLease"));

    // The Mexican documentType codes, each once, with their Spanish title.
    let docs = profile.codelist("documentType").unwrap();
    let standard_docs = Profile::ocds_1_1().codelist("documentType").unwrap().clone();
    for code in [
        "request",
        "unsuccessfulProcedureNotice",
        "settlement",
        "physicalReception",
        "transferReport",
        "suspensionNotice",
    ] {
        assert!(docs.contains(code), "documentType {code}");
        assert!(!standard_docs.contains(code), "documentType {code} in OCDS");
    }
    for code in ["marketStudies", "tenderNotice", "contractSigned"] {
        assert!(docs.contains(code) && standard_docs.contains(code));
        assert_eq!(docs.row(code), standard_docs.row(code));
    }
    assert_eq!(docs.len(), standard_docs.len() + 11);
    assert_eq!(docs.codes().len(), docs.rows().len());
    assert_eq!(
        docs.row("settlement").map(|r| (r["Title"].as_str(), r["Title_es"].as_str(), r["Stage"].as_str())),
        Some(("Settlement", "Finiquito", "5"))
    );

    let payment = profile.codelist("paymentMethod").unwrap();
    assert!(payment.contains("wireTransfe") && payment.contains("wireTransfer"));
    let status = profile.codelist("implementationStatus").unwrap();
    assert_eq!(status.codes(), ["planning", "ongoing", "concluded"]);

    for code in [
        "guaranteeType",
        "guaranteedObligations",
        "surveillanceMechanisms",
        "legalPersonality",
        "contactPointType",
        "exchangeRateSource",
        "geometryType",
        "locationGazetteers",
    ] {
        assert!(profile.codelist(code).is_some_and(|c| !c.is_empty()), "{code}");
    }
}

#[test]
fn edca_mx_codelist_fields() {
    let profile = Profile::edca_mx();
    let fields: BTreeMap<&str, (&str, bool)> =
        profile.codelist_fields().iter().map(|f| (f.pointer.as_str(), (f.codelist.as_str(), f.open))).collect();
    for (path, codelist, open) in [
        ("/tag", "releaseTag", false),
        ("/parties/roles", "partyRole", true),
        ("/tender/status", "tenderStatus", false),
        ("/tender/value/currency", "currency", false),
        ("/contracts/guarantees/type", "guaranteeType", true),
        ("/contracts/guarantees/obligations", "guaranteedObligations", true),
        ("/contracts/implementation/transactions/paymentMethod", "paymentMethod", true),
        ("/contracts/implementation/status", "implementationStatus", false),
        ("/contracts/surveillanceMechanisms", "surveillanceMechanisms", true),
        ("/parties/identifier/legalPersonality", "legalPersonality", true),
        ("/parties/contactPoint/type", "contactPointType", true),
        ("/tender/documents/documentType", "documentType", true),
        ("/planning/budget/amount/exchangeRates/source", "exchangeRateSource", true),
    ] {
        assert_eq!(fields.get(path), Some(&(codelist, open)), "{path}");
    }
    // procurementUnits puts "+partyRole.csv" on arrays of organization references: not a field
    // of codes.
    assert!(!fields.contains_key("/planning/requestingUnits"));
    // Every field's codelist exists in the profile.
    for field in profile.codelist_fields() {
        assert!(
            profile.codelist(&field.codelist).is_some(),
            "{} uses missing codelist {}",
            field.pointer,
            field.codelist
        );
    }
    // OCDS 1.0.3 has no codelist keywords.
    assert!(Profile::ocds_1_0().codelist_fields().is_empty());
}

/// OCDS 1.1.5's codelist fields are those found by walking the tag's own dereferenced release
/// schema (`../shared/schemas/ocds-1.1.5/dereferenced-release-schema.json`).
#[test]
fn ocds_1_1_codelist_fields_match_the_dereferenced_schema() {
    let Some(shared) = shared() else { return };
    let text = std::fs::read_to_string(shared.join("schemas/ocds-1.1.5/dereferenced-release-schema.json")).unwrap();
    let dereferenced: Value = serde_json::from_str(&text).unwrap();
    fn walk(node: &Value, at: &str, out: &mut BTreeSet<(String, String, bool)>) {
        if let Some(codelist) = node.get("codelist").and_then(Value::as_str) {
            let open = node.get("openCodelist").and_then(Value::as_bool).unwrap_or(false);
            out.insert((at.to_owned(), codelist.trim_end_matches(".csv").to_owned(), open));
        }
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                walk(prop, &format!("{at}/{name}"), out);
            }
        }
        if let Some(items) = node.get("items") {
            walk(items, at, out);
        }
    }
    let mut expected = BTreeSet::new();
    walk(&dereferenced, "", &mut expected);
    let ours: BTreeSet<(String, String, bool)> =
        Profile::ocds_1_1().codelist_fields().iter().map(|f| (f.pointer.clone(), f.codelist.clone(), f.open)).collect();
    assert_eq!(ours.len(), Profile::ocds_1_1().codelist_fields().len());
    assert_eq!(ours, expected);
    assert_eq!(ours.len(), 51);
}

#[test]
fn profiles_are_shared() {
    let a = Profile::edca_mx();
    let b = Profile::edca_mx();
    assert!(std::ptr::eq(a.release_schema(), b.release_schema()));
    let c = a.clone();
    assert!(std::ptr::eq(a.release_schema(), c.release_schema()));
}

#[test]
fn edca_mx_tables() {
    let components = edca_mx_table("budgetLineComponents").unwrap();
    assert_eq!(components.codes().first().map(String::as_str), Some("branch"));
    assert!(components.contains("spendingObject"));
    let methods = edca_mx_table("procurementMethodDetails.csv").unwrap();
    assert_eq!(methods.row("direct").map(|r| r["procurementMethodDetails"].as_str()), Some("Adjudicación directa"));
    let items = edca_mx_table("item-classification").unwrap();
    assert_eq!(items.len(), 12_049);
    assert_eq!(items.row("21101").map(|r| r["description"].is_empty()), Some(false));
    assert!(edca_mx_table("nothing").is_none());
}

// ---------------------------------------------------------------- package schemas

fn external_refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref")
                && !r.starts_with('#')
            {
                out.insert(r.clone());
            }
            m.values().for_each(|v| external_refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| external_refs(v, out)),
        _ => {}
    }
}

#[test]
fn package_schemas_refer_to_the_profile_resources() {
    for profile in [Profile::ocds_1_1(), Profile::ocds_1_0(), Profile::edca_mx()] {
        let resources: BTreeSet<String> = profile.schema_resources().into_iter().map(|(id, _)| id).collect();
        for schema in [profile.release_package_schema(), profile.record_package_schema()] {
            let mut refs = BTreeSet::new();
            external_refs(schema, &mut refs);
            assert!(!refs.is_empty());
            assert!(refs.is_subset(&resources), "{refs:?} vs {resources:?}");
        }
        assert_eq!(
            pointer(profile.release_package_schema(), "/properties/releases/items/$ref"),
            &Value::String(profile.release_schema_id())
        );
    }
    let edca = Profile::edca_mx();
    let (id, schema) = &edca.schema_resources()[0];
    assert_eq!(id, "https://standard.open-contracting.org/schema/1__1__5/release-schema.json");
    assert!(std::ptr::eq(*schema, edca.release_schema()));
    assert!(edca.versioned_release_schema().is_some());
    // OCDS 1.0.3 has no versioned-release schema: that $ref is dropped.
    let v10 = Profile::ocds_1_0();
    assert!(v10.versioned_release_schema().is_none());
    assert!(
        pointer(v10.record_package_schema(), "/definitions/record/properties/versionedRelease").get("$ref").is_none()
    );
}

// ---------------------------------------------------------------- user schema and extension

fn user_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "required": ["ocid"],
        "properties": {
            "ocid": {"type": "string"},
            "tender": {"$ref": "#/definitions/Tender"}
        },
        "definitions": {
            "Tender": {
                "type": "object",
                "properties": {
                    "status": {"type": ["string", "null"], "codelist": "tenderStatus.csv", "openCodelist": false}
                }
            }
        }
    })
}

#[test]
fn a_user_schema_and_a_user_extension() {
    let profile = Profile::from_schema(user_schema()).unwrap();
    assert_eq!(profile.version(), OcdsVersion::V1_1);
    assert_eq!(profile.release_schema_id(), DEFAULT_RELEASE_SCHEMA_ID);
    assert_eq!(pointer(profile.release_package_schema(), "/properties/releases/items/$ref"), DEFAULT_RELEASE_SCHEMA_ID);
    assert_eq!(profile.codelist_fields().len(), 1);
    assert!(profile.codelist("tenderStatus").is_some());

    let ext = Extension::from_parts(
        "my_priority_extension",
        json!({"definitions": {"Tender": {"properties": {
            "priority": {"type": ["string", "null"], "codelist": "priority.csv", "openCodelist": false}
        }}}}),
        vec![
            ("priority.csv".to_owned(), "Code,Title\nhigh,High\nlow,\"Low, or none\"\n".to_owned()),
            ("-tenderStatus.csv".to_owned(), "Code\nwithdrawn\n".to_owned()),
        ],
    )
    .unwrap()
    .with_metadata(&json!({"name": {"en": "Priority"}, "compatibility": ["1.1"]}));
    assert_eq!(ext.title()["en"], "Priority");
    let profile = profile.with_extension(ext.clone()).unwrap();
    pointer(profile.release_schema(), "/definitions/Tender/properties/priority");
    let priority = profile.codelist("priority").unwrap();
    assert_eq!(priority.codes(), ["high", "low"]);
    assert_eq!(priority.row("low").unwrap()["Title"], "Low, or none");
    assert!(!profile.codelist("tenderStatus").unwrap().contains("withdrawn"));
    assert!(Profile::ocds_1_1().codelist("tenderStatus").unwrap().contains("withdrawn"));
    let fields: Vec<&str> = profile.codelist_fields().iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(fields, ["/tender/status", "/tender/priority"]);

    // The same extension twice is refused.
    let err = profile.with_extension(ext).unwrap_err();
    assert!(matches!(err, ProfileError::DuplicateExtension { .. }), "{err:?}");
}

#[test]
fn minus_csv_removes_from_edca_mx() {
    let ext = Extension::from_parts(
        "no_guarantors",
        json!({}),
        vec![("-partyRole.csv".to_owned(), "Code,Title\nguarantor,\nbuyer,\n".to_owned())],
    )
    .unwrap();
    let profile = Profile::edca_mx().with_extension(ext).unwrap();
    let roles = profile.codelist("partyRole").unwrap();
    assert!(!roles.contains("guarantor") && !roles.contains("buyer"));
    assert!(roles.contains("attendee"));
    assert_eq!(roles.len(), Profile::edca_mx().codelist("partyRole").unwrap().len() - 2);
    assert_eq!(roles.len(), roles.rows().len());
    // The cached EDCA-MX profile is untouched.
    assert!(Profile::edca_mx().codelist("partyRole").unwrap().contains("guarantor"));
}

#[test]
fn bad_user_input_is_a_typed_error() {
    for (schema, what) in [
        (json!([]), "JSON object"),
        (json!({"type": "object"}), "properties"),
        (json!({"properties": {}, "definitions": []}), "definitions"),
    ] {
        match Profile::from_schema(schema) {
            Err(ProfileError::InvalidSchema { reason }) => {
                assert!(reason.contains(what), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
    let v10 = Profile::from_schema(json!({
        "id": "http://standard.open-contracting.org/schema/1__0__3/release-schema.json",
        "properties": {}
    }))
    .unwrap();
    assert_eq!(v10.version(), OcdsVersion::V1_0);

    let err = Extension::from_parts("x", json!("patch"), vec![]).unwrap_err();
    assert!(matches!(err, ProfileError::InvalidPatch { ref extension, .. } if extension == "x"));
    let err = Extension::from_parts("x", json!({}), vec![("a.csv".into(), "Code\n\"open\n".into())]).unwrap_err();
    assert_eq!(err, ProfileError::Csv { file: "a.csv".into(), line: 2, reason: "unclosed quote".into() });
    assert!(err.to_string().contains("a.csv"));
    let err = Extension::from_parts("x", json!({}), vec![("a.csv".into(), "Name\nq\n".into())]).unwrap_err();
    assert!(matches!(err, ProfileError::CodelistNoCodeColumn { .. }));
    let err = Extension::from_parts("x", json!({}), vec![("a.json".into(), "Code\nq\n".into())]).unwrap_err();
    assert!(matches!(err, ProfileError::CodelistFileName { .. }));

    // Two extensions with different contents for the same new codelist.
    let one = Extension::from_parts("one", json!({}), vec![("k.csv".into(), "Code\na\n".into())]).unwrap();
    let two = Extension::from_parts("two", json!({}), vec![("k.csv".into(), "Code\nb\n".into())]).unwrap();
    let err = Profile::ocds_1_1().with_extension(one).and_then(|p| p.with_extension(two)).unwrap_err();
    assert!(matches!(err, ProfileError::CodelistConflict { .. }), "{err:?}");
    // Through the crate error.
    let top: edca::Error = err.into();
    assert!(top.to_string().contains("k.csv"));
}

#[test]
fn codelist_parse_is_public() {
    let list = Codelist::parse("x.csv", "Code,Title\na,A\n").unwrap();
    assert_eq!(list.name(), "x");
    assert_eq!(list.code_column(), "Code");
}

// ---------------------------------------------------------------- for_package

const INAI_TOOL_URLS: [&str; 19] = [
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_requestForQuotes_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_clarificationMeetings_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_paymentMethod_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_taxes_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_publicNotices_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_implementationStatus_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_awardRationale_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_nameBreakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_surveillanceMechanisms_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_extendedProcurementCategory_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_contactPointType_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_budgetLines_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_guarantees_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_procurementUnits_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_exchangeRate_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_additionalContactPoints_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_memberOf_extension/master/extension.json",
    "https://raw.githubusercontent.com/contratacionesabiertas/ocds_budgetBreakdown_extension/master/extension.json",
];

#[test]
fn for_package_chooses_the_version() {
    let urls = ["https://raw.githubusercontent.com/CompraNet/ocds_cycle_extension/master/extension.json"];
    for version in [None, Some("1.0"), Some("1.0.1"), Some("1.0.3")] {
        let (profile, not_applied) = Profile::for_package(version, &urls);
        assert_eq!(profile.version(), OcdsVersion::V1_0, "{version:?}");
        assert!(profile.extensions().is_empty());
        assert_eq!(not_applied, urls);
    }
    let (profile, unknown) = Profile::for_package(Some("1.1"), &urls);
    assert_eq!(profile.version(), OcdsVersion::V1_1);
    assert_eq!(profile.extensions()[0].known(), Some(KnownExtension::Cycle));
    assert!(unknown.is_empty());
    pointer(profile.release_schema(), "/properties/cycle");

    let (plain, unknown) = Profile::for_package(Some("1.1"), &["https://example.org/x/extension.json"]);
    assert!(plain.extensions().is_empty());
    assert_eq!(unknown, ["https://example.org/x/extension.json"]);
    assert!(std::ptr::eq(plain.release_schema(), Profile::ocds_1_1().release_schema()));
}

#[test]
fn for_package_with_the_inai_tool_list_is_edca_mx() {
    let mut urls = INAI_TOOL_URLS.to_vec();
    // Declared twice under another owner: applied once.
    urls.push("https://raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json");
    let (profile, unknown) = Profile::for_package(Some("1.1"), &urls);
    assert!(unknown.is_empty(), "{unknown:?}");
    assert_eq!(profile.extensions().len(), 19);
    assert_eq!(profile.release_schema(), Profile::edca_mx().release_schema());
    // Only the declared extensions' codes, not EDCA-MX's Mexican additions.
    assert!(!profile.codelist("documentType").unwrap().contains("settlement"));
    // Cached.
    let (again, _) = Profile::for_package(Some("1.1.5"), &urls);
    assert!(std::ptr::eq(profile.release_schema(), again.release_schema()));
}

/// Every `extensions` URL declared in the data corpus is classified; the INAI, SHCP/CompraNet
/// and federal APF ones are recognised.
#[test]
fn every_declared_extension_url_in_the_corpus_is_classified() {
    let Some(shared) = shared() else { return };
    let mut declared: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = 0;
    let mut stack = vec![shared.join("data")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let value: Value = serde_json::from_str(&text).unwrap();
            let folder = path.parent().unwrap().strip_prefix(shared.join("data")).unwrap().display().to_string();
            let items = match &value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                for url in item.get("extensions").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(url) = url.as_str() {
                        declared.entry(url.to_owned()).or_default().insert(folder.clone());
                    }
                }
            }
        }
    }
    assert!(files > 1000, "only {files} JSON files found");

    let mut recognised = Vec::new();
    let mut unknown = Vec::new();
    for (url, folders) in &declared {
        match KnownExtension::from_url(url) {
            Some(k) => recognised.push((url, k, folders)),
            None => unknown.push((url, folders)),
        }
    }
    eprintln!("recognised ({}):", recognised.len());
    for (url, k, folders) in &recognised {
        eprintln!("  {url} -> {k} ({folders:?})");
    }
    eprintln!("unknown ({}):", unknown.len());
    for (url, folders) in &unknown {
        eprintln!("  {url} ({folders:?})");
    }

    for (url, folders) in &declared {
        let mexican_publisher = folders.iter().any(|f| {
            f.contains("mexico/inai-edca-tool")
                || f.contains("mexico/apf-shcp")
                || f.contains("mexico/apf-pdn")
                || f.contains("mexico/administracion-publica-federal")
        });
        if mexican_publisher || url.contains("INAImexico") || url.contains("CompraNet") {
            assert!(KnownExtension::from_url(url).is_some(), "not recognised: {url}");
        }
    }
    // INAI's published files (INAImexico/… URLs, written before procurementUnits existed)
    // declare 18 of the tool's 19, and all come back.
    let inai: BTreeSet<KnownExtension> =
        declared.keys().filter(|u| u.contains("/INAImexico/")).filter_map(|u| KnownExtension::from_url(u)).collect();
    let mut expected: BTreeSet<KnownExtension> = KnownExtension::EDCA_MX.into_iter().collect();
    expected.remove(&KnownExtension::ProcurementUnits);
    assert_eq!(inai, expected);
    // Extensions that are not embedded stay unknown.
    for repo in ["ocds_lots_extension", "ocds_bid_extension", "ocds_auctions_extension"] {
        assert!(unknown.iter().any(|(u, _)| u.contains(repo)), "{repo} should be unknown");
    }
}

/// INAI's published record packages get the EDCA-MX extensions they declare (all but
/// procurementUnits, which is newer than these files) and no unknown URL.
#[test]
fn inai_packages_get_the_edca_mx_extensions() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("data/real/mexico/inai-edca-tool");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let urls: Vec<&str> = value["extensions"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        let (profile, unknown) = Profile::for_package(value["version"].as_str(), &urls);
        assert!(unknown.is_empty(), "{}: {unknown:?}", path.display());
        let mut got: Vec<KnownExtension> = profile.extensions().iter().filter_map(Extension::known).collect();
        got.sort();
        let mut want: Vec<KnownExtension> =
            KnownExtension::EDCA_MX.into_iter().filter(|k| *k != KnownExtension::ProcurementUnits).collect();
        want.sort();
        assert_eq!(got, want, "{}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 6);
}

// ---------------------------------------------------------------- differential

/// The JSON Pointers where `a` and `b` differ (at most 20).
fn differences_at(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    if out.len() >= 20 || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let at = format!("{at}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => differences_at(p, q, &at, out),
                    (p, _) => out.push(format!("{at} only in {}", if p.is_some() { "edca" } else { "oracle" })),
                }
            }
        }
        _ => out.push(format!("{at}: {a} vs {b}")),
    }
}

/// The EDCA-MX release schema and codelists (without the Mexican additions) equal what
/// ocdsextensionregistry 0.7.0's ProfileBuilder builds from the same files
/// (`scripts/profile_builder_oracle.py`, output frozen in `tests/fixtures/`).
#[test]
fn same_as_profile_builder() {
    let text = include_str!("fixtures/profile-builder-edca-mx.json");
    let oracle: Value = serde_json::from_str(text).unwrap();
    let (profile, unknown) = Profile::for_package(Some("1.1"), &INAI_TOOL_URLS);
    assert!(unknown.is_empty());
    let mut differences = Vec::new();
    differences_at(profile.release_schema(), &oracle["release_schema"], "", &mut differences);
    assert!(differences.is_empty(), "release schemas differ at {differences:?}");
    assert_eq!(profile.release_schema(), &oracle["release_schema"]);

    let ours: BTreeMap<&str, Vec<&str>> = profile
        .codelists()
        .iter()
        .map(|(name, list)| (name.as_str(), list.codes().iter().map(String::as_str).collect()))
        .collect();
    let theirs: BTreeMap<&str, Vec<&str>> = oracle["codelists"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, codes)| (name.as_str(), codes.as_array().unwrap().iter().filter_map(Value::as_str).collect()))
        .collect();
    assert_eq!(ours, theirs);
}
