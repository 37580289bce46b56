//! Profiles: extensions apply, codelists combine, declared URLs are recognised offline.
//! Facts checked come from `../shared/schemas/README.md` (what each EDCA-MX extension adds).

mod common;

use edca::profile::{Extension, Profile};
use serde_json::{Value, json};

fn definition<'a>(profile: &'a Profile, name: &str) -> &'a Value {
    &profile.release_schema()["definitions"][name]["properties"]
}

#[test]
fn edca_mx_has_the_fields_its_extensions_add() {
    let mx = Profile::edca_mx();
    assert_eq!(mx.version(), "1.1");
    assert_eq!(mx.extensions().len(), 19);
    for (def, field) in [
        ("Contract", "guarantees"),
        ("Contract", "surveillanceMechanisms"),
        ("Value", "netAmount"),
        ("Value", "exchangeRates"),
        ("Transaction", "paymentMethod"),
        ("Award", "rationale"),
        ("Identifier", "legalPersonality"),
        ("ContactPoint", "type"),
        ("Organization", "memberOf"),
        ("Organization", "additionalContactPoints"),
        ("Budget", "budgetBreakdown"),
        ("BudgetBreakdown", "budgetLines"),
        ("Implementation", "status"),
        ("Tender", "clarificationMeetings"),
        ("Planning", "requestsForQuotes"),
        ("Planning", "requestingUnits"),
        ("Item", "deliveryLocation"),
    ] {
        assert!(definition(&mx, def).get(field).is_some(), "EDCA-MX lacks {def}.{field}");
    }
    // The plain 1.1 profile does not have them.
    assert!(definition(&Profile::ocds_1_1(), "Contract").get("guarantees").is_none());
}

#[test]
fn codelists_union_adds_and_keep_standard_codes() {
    let mx = Profile::edca_mx();
    let roles = mx.codelist("partyRole").unwrap();
    for code in ["buyer", "supplier", "guarantor", "sourceParty"] {
        assert!(roles.contains(code), "partyRole lacks {code}");
    }
    assert!(roles.codes().filter(|c| *c == "guarantor").count() == 1, "adds union without duplicates");
    assert!(mx.codelist("milestoneType").unwrap().contains("publicNotices"));
    assert!(mx.codelist("paymentMethod").unwrap().contains("wireTransfe"), "the extension's own spelling");
    assert!(mx.codelist("paymentMethod").unwrap().contains("wireTransfer"), "the INAI tool's spelling");
    assert!(mx.codelist("documentType").unwrap().contains("unsuccessfulProcedureNotice"));
    assert!(mx.codelist("guaranteeType").is_some());
    assert!(mx.mexican_table("procurementMethodDetails").unwrap().rows.len() >= 3);
    assert!(Profile::ocds_1_1().codelist("guaranteeType").is_none());
}

#[test]
fn removal_files_remove_codes() {
    let extension = Extension::from_parts("mine", None, &[("-partyRole.csv", "Code\nreviewBody\n")]).unwrap();
    let profile = Profile::ocds_1_1().with_extension(&extension);
    assert!(!profile.codelist("partyRole").unwrap().contains("reviewBody"));
    assert!(Profile::ocds_1_1().codelist("partyRole").unwrap().contains("reviewBody"));
}

#[test]
fn a_users_schema_and_extension() {
    let schema = json!({"id": "https://example.org/release-schema.json", "properties": {"ocid": {"type": "string"}}});
    let patch = json!({"properties": {"ciclo": {"type": "integer"}, "ocid": null}});
    let extension =
        Extension::from_parts("ciclo", Some(patch), &[("ciclos.csv", "Code,Title\n2024,Ciclo 2024\n")]).unwrap();
    let profile = Profile::from_schema(schema).unwrap().with_extension(&extension);
    assert_eq!(profile.release_schema()["properties"]["ciclo"]["type"], "integer");
    assert_eq!(profile.release_schema()["properties"]["ocid"]["type"], "string", "null members do not delete");
    assert!(profile.codelist("ciclos").unwrap().contains("2024"));
    assert!(Profile::from_schema(json!([1])).is_err());
    assert!(Extension::from_parts("bad", Some(json!("x")), &[]).is_err());
    assert!(Extension::from_parts("bad", None, &[("x.csv", "Code\n\"open")]).is_err());
}

#[test]
fn package_version_chooses_the_base() {
    assert_eq!(Profile::for_package(None, &[]).0.version(), "1.0");
    assert_eq!(Profile::for_package(Some("1.0"), &[]).0.version(), "1.0");
    assert_eq!(Profile::for_package(Some("1.1"), &[]).0.version(), "1.1");
    let urls = [
        "https://raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json",
        "https://example.org/ocds_private_extension/extension.json",
    ];
    let (profile, unknown) = Profile::for_package(Some("1.1"), &urls);
    assert_eq!(profile.extensions(), ["ocds_guarantees_extension"]);
    assert_eq!(unknown, [urls[1]]);
    // 1.0 merges awards.suppliers as one versioned value (`mergeStrategy: ocdsVersion`); 1.1
    // by identifier.
    let suppliers = |p: &Profile| p.release_schema()["definitions"]["Award"]["properties"]["suppliers"].clone();
    assert_eq!(suppliers(&Profile::ocds_1_0())["mergeStrategy"], "ocdsVersion");
    assert!(suppliers(&Profile::ocds_1_1()).get("wholeListMerge").is_none());
}

#[test]
fn every_embedded_extension_applies() {
    let ids = Extension::embedded_ids();
    assert!(ids.len() >= 23, "{ids:?}");
    for id in ids {
        let extension = Extension::embedded(id).unwrap();
        assert!(extension.metadata.get("name").is_some(), "{id}");
        let profile = Profile::ocds_1_1().with_extension(&extension);
        assert_eq!(profile.extensions(), [id]);
    }
}

#[test]
fn codelist_fields_follow_refs() {
    let fields = Profile::edca_mx().codelist_fields();
    let find = |path: &str| fields.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path}"));
    assert!(!find("tender/procurementMethod").open);
    assert_eq!(find("tender/procurementMethod").codelist, "method");
    assert!(find("parties/roles").open);
    assert_eq!(find("contracts/guarantees/type").codelist, "guaranteeType");
    assert_eq!(find("contracts/implementation/transactions/paymentMethod").codelist, "paymentMethod");
}

#[test]
fn package_schemas_refer_to_resources_we_have() {
    for profile in [Profile::edca_mx(), Profile::ocds_1_0()] {
        let resources = profile.schema_resources();
        let text = profile.release_package_schema().unwrap().to_string();
        let reference = text.split("\"$ref\":\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        assert!(resources.iter().any(|(url, _)| *url == reference), "{reference} not among resources");
    }
}

/// Oracle: the `extensions` arrays publishers wrote in `../shared/data`. The Mexican ones
/// (INAI, SHCP/CompraNet, federal APF) must all be recognised.
#[test]
fn extension_urls_declared_in_the_corpus() {
    let Some(shared) = common::shared() else {
        return;
    };
    let mut unknown_mx = Vec::new();
    let mut recognised = 0;
    for row in common::manifest(&shared) {
        let text = std::fs::read_to_string(shared.join("data").join(&row.path)).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let packages = match &value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for package in packages {
            for url in package["extensions"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                match Extension::from_url(url) {
                    Some(_) => recognised += 1,
                    None if row.path.contains("mexico") => unknown_mx.push(format!("{}: {url}", row.path)),
                    None => {}
                }
            }
        }
    }
    assert!(recognised > 100, "{recognised}");
    assert!(unknown_mx.is_empty(), "{unknown_mx:#?}");
}
