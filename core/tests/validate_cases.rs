//! A hand-made corpus of invalid data, one case per check: each asserts the exact code, the
//! place (release index and JSON Pointer) and the message in Spanish and in English.
//!
//! Cases are small changes to one valid EDCA-MX release (`BASE`), which itself has no finding.

use edca::io::Source;
use edca::profile::Profile;
use edca::validate::{Code, Group, Lang, Options, Report, Validator};

const BASE: &str = r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#;

struct Case {
    name: &'static str,
    input: &'static str,
    code: Code,
    index: Option<u64>,
    pointer: &'static str,
    es: &'static str,
    en: &'static str,
}

fn validate(validator: &Validator, input: &'static str, lang: Lang) -> Report {
    let mut session = validator.session(Options { lang, max_examples: 5 });
    session.read(Source::from_bytes("case.json", input).unwrap()).unwrap();
    session.finish()
}

fn groups(report: &Report) -> impl Iterator<Item = &Group> {
    report.input.iter().chain(&report.schema).chain(&report.codelists).chain(&report.fields).chain(&report.quality)
}

#[test]
fn base_release_has_no_finding() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let report = validate(&validator, BASE, Lang::Es);
    assert!(report.valid);
    assert_eq!(groups(&report).count(), 0, "{:#?}", groups(&report).collect::<Vec<_>>());
    assert_eq!(report.statistics.buyers, 1);
    assert_eq!(report.statistics.suppliers, 1);
    assert_eq!(report.statistics.currencies.get("MXN"), Some(&3));
}

#[test]
fn each_check_reports_its_code_place_and_messages() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for case in CASES {
        let (es, en) = (validate(&validator, case.input, Lang::Es), validate(&validator, case.input, Lang::En));
        let found: Vec<&Group> = groups(&es).filter(|g| g.code == case.code).collect();
        assert_eq!(found.len(), 1, "{}: {found:#?}", case.name);
        let group = found[0];
        assert_eq!(group.count, 1, "{}", case.name);
        assert_eq!(group.examples[0].index, case.index, "{}", case.name);
        assert_eq!(group.examples[0].pointer, case.pointer, "{}", case.name);
        assert_eq!(group.message, case.es, "{}", case.name);
        let english = groups(&en).find(|g| g.code == case.code).unwrap();
        assert_eq!(english.message, case.en, "{}", case.name);
        assert_eq!(es.valid, !groups(&es).any(|g| g.severity == edca::validate::Severity::Error), "{}", case.name);
        seen.insert(case.code);
    }
    // Every code but the one that needs a package of thousands of releases has a case here or
    // below (schema.enum, schema.other).
    let untested: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !seen.contains(c))
        .map(|c| c.as_str())
        .filter(|c| c.starts_with("quality.") || c.starts_with("codelist.") || c.starts_with("fields."))
        .collect();
    assert!(untested.is_empty(), "checks without a case: {untested:?}");
}

#[test]
fn invalid_json_gives_line_and_column() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let report = validate(&validator, "{\"ocid\": \"ocds-213czf-1\",\n  \"id\": }\n", Lang::En);
    let group = &report.input[0];
    assert_eq!((group.examples[0].line, group.examples[0].column), (Some(2), Some(9)));
    assert!(!report.valid);
}

#[test]
fn enum_outside_codelists_is_a_schema_error() {
    let schema = serde_json::json!({
        "properties": {"ocid": {"type": "string"}, "kind": {"type": "string", "enum": ["a", "b"]}}
    });
    let validator = Validator::fixed(&Profile::from_schema(schema).unwrap()).unwrap();
    let report = validate(&validator, r#"{"ocid": "ocds-213czf-1", "kind": "c"}"#, Lang::En);
    let group = report.schema.iter().find(|g| g.code == Code::SchemaEnum).unwrap();
    assert_eq!(group.examples[0].pointer, "/kind");
    assert_eq!(group.message, r#"kind: the value is not one of those allowed ("a", "b")."#);
    let report = validate(&validator, r#"{"ocid": "ocds-213czf-1", "kind": "c"}"#, Lang::Es);
    let group = report.schema.iter().find(|g| g.code == Code::SchemaEnum).unwrap();
    assert_eq!(group.message, r#"kind: el valor no está entre los permitidos ("a", "b")."#);
}

#[test]
fn a_package_is_validated_against_the_extensions_it_declares() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    // `tender.nota` is additional either way; `contracts.surveillanceMechanisms` is a field of
    // an EDCA-MX extension: additional in a plain OCDS 1.1 package, known once declared.
    let release =
        BASE.replacen(r#""contracts": [{"#, r#""contracts": [{"surveillanceMechanisms": ["socialWitness"], "#, 1);
    let package = |extensions: &str| {
        format!(
            r#"{{"uri": "https://example.org/p", "publishedDate": "2024-03-01T00:00:00Z", "publisher": {{"name": "X"}}, "version": "1.1", "extensions": [{extensions}], "releases": [{release}]}}"#
        )
    };
    let additional = |text: String| {
        let mut session = validator.session(Options::default());
        session.read(Source::from_bytes("p.json", text).unwrap()).unwrap();
        let report = session.finish();
        report.fields.iter().filter(|g| g.code == Code::AdditionalField).map(|g| g.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(additional(package("")), ["contracts/surveillanceMechanisms"]);
    let url = r#""https://raw.githubusercontent.com/open-contracting-extensions/ocds_surveillanceMechanisms_extension/master/extension.json""#;
    assert_eq!(additional(package(url)), Vec::<String>::new());
}

const CASES: &[Case] = &[
    Case {
        name: "type",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": "100", "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::SchemaType,
        index: Some(0),
        pointer: "/tender/value/amount",
        es: "tender/value/amount: el valor no es del tipo esperado (null, number).",
        en: "tender/value/amount: the value is not of the expected type (null, number).",
    },
    Case {
        name: "required",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::SchemaRequired,
        index: Some(0),
        pointer: "/awards/0",
        es: "awards: falta el campo obligatorio «id».",
        en: "awards: the required field 'id' is missing.",
    },
    Case {
        name: "format",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-13-01", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::SchemaFormat,
        index: Some(0),
        pointer: "/date",
        es: "date: el valor no tiene el formato date-time (2024-01-31T00:00:00Z).",
        en: "date: the value does not have the date-time (2024-01-31T00:00:00Z) format.",
    },
    Case {
        name: "minLength",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::SchemaMinLength,
        index: Some(0),
        pointer: "/id",
        es: "id: el texto es más corto que el mínimo (1 caracteres).",
        en: "id: the text is shorter than the minimum (1 characters).",
    },
    Case {
        name: "uniqueItems",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}, {"id": "B1", "name": "Other", "roles": ["buyer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::SchemaUniqueItems,
        index: Some(0),
        pointer: "/parties/2/id",
        es: "parties: hay elementos repetidos (id).",
        en: "parties: there are repeated items (id).",
    },
    Case {
        name: "closed",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award", "bogus"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::CodelistClosed,
        index: Some(0),
        pointer: "/tag/1",
        es: "tag: código fuera de la lista cerrada releaseTag.",
        en: "tag: code not in the closed codelist releaseTag.",
    },
    Case {
        name: "open",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity", "auditor"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::CodelistOpen,
        index: Some(0),
        pointer: "/parties/0/roles/2",
        es: "parties/roles: código no estándar de la lista abierta partyRole.",
        en: "parties/roles: non-standard code of the open codelist partyRole.",
    },
    Case {
        name: "additional",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}, "nota": "x"}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::AdditionalField,
        index: Some(0),
        pointer: "/tender/nota",
        es: "tender/nota: campo adicional que el esquema no define.",
        en: "tender/nota: additional field the schema does not define.",
    },
    Case {
        name: "deprecated",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}, "amendment": {"rationale": "x"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::DeprecatedField,
        index: Some(0),
        pointer: "/tender/amendment",
        es: "tender/amendment: campo obsoleto desde OCDS 1.1.",
        en: "tender/amendment: field deprecated since OCDS 1.1.",
    },
    Case {
        name: "missing_id",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}, "relatedProcesses": [{"title": "x"}]}]}"#,
        code: Code::MissingId,
        index: Some(0),
        pointer: "/contracts/0/relatedProcesses/0",
        es: "contracts/relatedProcesses: el objeto no tiene `id`, así que no se puede combinar entre entregas.",
        en: "contracts/relatedProcesses: the object has no `id`, so it cannot be merged across releases.",
    },
    Case {
        name: "empty",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}, "title": "  "}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::EmptyValue,
        index: Some(0),
        pointer: "/tender/title",
        es: "tender/title: el valor está vacío; omita el campo si no tiene dato.",
        en: "tender/title: the value is empty; leave the field out when there is no data.",
    },
    Case {
        name: "ocid",
        input: r#"{"ocid": "OCDS-ABC-1", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::OcidPrefix,
        index: Some(0),
        pointer: "/ocid",
        es: "ocid: el ocid OCDS-ABC-1 no empieza con un prefijo registrado (ocds- y 6 caracteres).",
        en: "ocid: the ocid OCDS-ABC-1 does not start with a registered prefix (ocds- and 6 characters).",
    },
    Case {
        name: "unresolved",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S9", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::UnresolvedReference,
        index: Some(0),
        pointer: "/awards/0/suppliers/0/id",
        es: "awards/suppliers/id: el id S9 no corresponde a ninguna entrada de la sección referida.",
        en: "awards/suppliers/id: the id S9 matches no entry of the section it refers to.",
    },
    Case {
        name: "awardID",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A9", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::UnresolvedReference,
        index: Some(0),
        pointer: "/contracts/0/awardID",
        es: "contracts/awardID: el id A9 no corresponde a ninguna entrada de la sección referida.",
        en: "contracts/awardID: the id A9 matches no entry of the section it refers to.",
    },
    Case {
        name: "role",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::PartyRole,
        index: Some(0),
        pointer: "/parties/1/roles",
        es: "parties/roles: la parte se cita como tenderer pero sus `roles` no lo incluyen.",
        en: "parties/roles: the party is referenced as tenderer but its `roles` do not include it.",
    },
    Case {
        name: "period",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2023-12-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::PeriodOrder,
        index: Some(0),
        pointer: "/tender/tenderPeriod",
        es: "tender/tenderPeriod: la fecha de inicio es posterior a la de fin.",
        en: "tender/tenderPeriod: the start date is after the end date.",
    },
    Case {
        name: "signed",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-01-20T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::ContractBeforeAward,
        index: Some(0),
        pointer: "/contracts/0/dateSigned",
        es: "contracts/dateSigned: el contrato se firmó antes de la fecha de su adjudicación (2024-02-01T00:00:00Z).",
        en: "contracts/dateSigned: the contract was signed before the date of its award (2024-02-01T00:00:00Z).",
    },
    Case {
        name: "award_tender",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2023-12-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::AwardBeforeTender,
        index: Some(0),
        pointer: "/awards/0/date",
        es: "awards/date: la adjudicación es anterior al inicio del periodo de licitación (2024-01-01T00:00:00Z).",
        en: "awards/date: the award is dated before the tender period starts (2024-01-01T00:00:00Z).",
    },
    Case {
        name: "negative",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": -5, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::NegativeAmount,
        index: Some(0),
        pointer: "/awards/0/value/amount",
        es: "awards/value/amount: el monto es negativo (-5).",
        en: "awards/value/amount: the amount is negative (-5).",
    },
    Case {
        name: "currency",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "USD"}}]}"#,
        code: Code::MixedCurrencies,
        index: Some(0),
        pointer: "/contracts/0/value/currency",
        es: "contracts/value/currency: los montos del proceso están en varias monedas (MXN, USD).",
        en: "contracts/value/currency: the amounts of the process are in more than one currency (MXN, USD).",
    },
    Case {
        name: "future",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-06-01T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::DateAfterRelease,
        index: Some(0),
        pointer: "/contracts/0/dateSigned",
        es: "contracts/dateSigned: la fecha es posterior a la fecha de la entrega (2024-03-01T00:00:00Z).",
        en: "contracts/dateSigned: the date is after the date of the release (2024-03-01T00:00:00Z).",
    },
    Case {
        name: "duplicate",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}
{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::DuplicateReleaseId,
        index: Some(1),
        pointer: "/id",
        es: "id: otra entrega del mismo ocid ya usa el id \"1\".",
        en: "id: another release of the same ocid already uses the id \"1\".",
    },
    Case {
        name: "invalid_json",
        input: r#"{"ocid": "ocds-213czf-1",
  "id": }
"#,
        code: Code::InvalidJson,
        index: None,
        pointer: "/id",
        es: "El archivo no es JSON válido; vea la línea y la columna indicadas.",
        en: "The file is not valid JSON; see the line and column given.",
    },
    Case {
        name: "not_ocds",
        input: r#"{"title": "x"}"#,
        code: Code::NotOcds,
        index: Some(0),
        pointer: "",
        es: "Este valor no es un paquete, una entrega ni un registro de OCDS (le falta `ocid`, `releases` o `records`, o no tienen la forma debida).",
        en: "This value is not an OCDS package, release or record (it lacks `ocid`, `releases` or `records`, or they are not shaped as they should be).",
    },
    Case {
        name: "unknown_ext",
        input: r#"{"uri": "https://example.org/p", "publishedDate": "2024-03-01T00:00:00Z", "publisher": {"name": "X"}, "version": "1.1", "extensions": ["https://example.org/ext/extension.json"], "releases": [{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}]}"#,
        code: Code::UnknownExtension,
        index: None,
        pointer: "/extensions/0",
        es: "La extensión declarada https://example.org/ext/extension.json no se conoce o no aplica a esta versión de OCDS: no se usó para validar (nunca se descarga).",
        en: "The declared extension https://example.org/ext/extension.json is unknown or does not apply to this OCDS version: it was not used to validate (it is never downloaded).",
    },
    Case {
        name: "minItems",
        input: r#"{"uri": "https://example.org/p", "publishedDate": "2024-03-01T00:00:00Z", "publisher": {"name": "X"}, "version": "1.1", "releases": []}"#,
        code: Code::SchemaMinItems,
        index: None,
        pointer: "/releases",
        es: "releases: la lista tiene menos elementos que el mínimo (1).",
        en: "releases: the list has fewer items than the minimum (1).",
    },
    Case {
        name: "pkg_unique",
        input: r#"{"uri": "https://example.org/p", "publishedDate": "2024-03-01T00:00:00Z", "publisher": {"name": "X"}, "version": "1.1", "releases": [{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}, {"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}]}"#,
        code: Code::SchemaUniqueItems,
        index: Some(1),
        pointer: "/releases/1",
        es: "releases: hay elementos repetidos (ocid, id).",
        en: "releases: there are repeated items (ocid, id).",
    },
    Case {
        name: "oneOf",
        input: r#"{"ocid": "ocds-213czf-000-00001", "releases": [{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}, {"url": "https://example.org/p#1", "date": "2024-03-01T00:00:00Z"}]}"#,
        code: Code::SchemaOneOf,
        index: Some(0),
        pointer: "/releases",
        es: "releases: el valor debe corresponder exactamente a una de las formas permitidas (corresponde a 0).",
        en: "releases: the value must match exactly one of the allowed shapes (it matches 0).",
    },
    Case {
        name: "number of tenderers",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "numberOfTenderers": 3, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::NumberOfTenderers,
        index: Some(0),
        pointer: "/tender/numberOfTenderers",
        es: "tender/numberOfTenderers: el número de licitantes no coincide con los licitantes listados (3 ≠ 1).",
        en: "tender/numberOfTenderers: the number of tenderers does not match the tenderers listed (3 ≠ 1).",
    },
    Case {
        name: "direct with several tenderers",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "procurementMethod": "direct", "tenderers": [{"id": "S1", "name": "Supplier"}, {"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::DirectWithSeveralTenderers,
        index: Some(0),
        pointer: "/tender/procurementMethod",
        es: "tender/procurementMethod: la adjudicación directa tiene más de un licitante (2).",
        en: "tender/procurementMethod: the direct procurement has more than one tenderer (2).",
    },
    Case {
        name: "organization name",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Comprador"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}}]}"#,
        code: Code::OrganizationName,
        index: Some(0),
        pointer: "/buyer/name",
        es: "buyer/name: el nombre no coincide con el de la parte referida (Buyer).",
        en: "buyer/name: the name does not match the name of the party it refers to (Buyer).",
    },
    Case {
        name: "contracts value",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 900, "currency": "MXN"}}]}"#,
        code: Code::ContractsValue,
        index: Some(0),
        pointer: "/awards/0/value/amount",
        es: "awards/value/amount: los contratos de la adjudicación suman un monto muy distinto al adjudicado (900 / 90 MXN).",
        en: "awards/value/amount: the contracts of the award add up to an amount far from the value awarded (900 / 90 MXN).",
    },
    Case {
        name: "transactions value",
        input: r#"{"ocid": "ocds-213czf-000-00001", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender", "parties": [{"id": "B1", "name": "Buyer", "roles": ["buyer", "procuringEntity"]}, {"id": "S1", "name": "Supplier", "roles": ["supplier", "tenderer"]}], "buyer": {"id": "B1", "name": "Buyer"}, "tender": {"id": "T1", "procuringEntity": {"id": "B1", "name": "Buyer"}, "tenderers": [{"id": "S1", "name": "Supplier"}], "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-31T00:00:00Z"}, "value": {"amount": 100, "currency": "MXN"}}, "awards": [{"id": "A1", "date": "2024-02-01T00:00:00Z", "suppliers": [{"id": "S1", "name": "Supplier"}], "value": {"amount": 90, "currency": "MXN"}}], "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-15T00:00:00Z", "value": {"amount": 90, "currency": "MXN"}, "implementation": {"transactions": [{"id": "P1", "date": "2024-02-20T00:00:00Z", "value": {"amount": 100, "currency": "MXN"}}]}}]}"#,
        code: Code::TransactionsValue,
        index: Some(0),
        pointer: "/contracts/0/implementation/transactions",
        es: "contracts/implementation/transactions: los pagos del contrato suman más que su monto (100 > 90 MXN).",
        en: "contracts/implementation/transactions: the payments of the contract add up to more than its value (100 > 90 MXN).",
    },
];

/// Two releases of one process, the second in another currency: reported on the second.
#[test]
fn currencies_differing_across_releases_of_a_process() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let second = BASE.replace(r#""id": "1""#, r#""id": "2""#).replace("MXN", "USD");
    let input: &'static str = Box::leak(format!("{BASE}\n{second}\n").into_boxed_str());
    for (lang, message) in [
        (Lang::Es, "tender/value/currency: los montos del proceso están en varias monedas (MXN, USD)."),
        (Lang::En, "tender/value/currency: the amounts of the process are in more than one currency (MXN, USD)."),
    ] {
        let report = validate(&validator, input, lang);
        let found: Vec<&Group> = groups(&report).filter(|g| g.code == Code::MixedCurrencies).collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].count, found[0].examples[0].index), (1, Some(1)));
        assert_eq!(found[0].examples[0].pointer, "/tender/value/currency");
        assert_eq!(found[0].message, message);
    }
    // Another process in another currency is fine.
    let other = BASE.replace("000-00001", "000-00002").replace("MXN", "USD");
    let input: &'static str = Box::leak(format!("{BASE}\n{other}\n").into_boxed_str());
    assert!(!groups(&validate(&validator, input, Lang::Es)).any(|g| g.code == Code::MixedCurrencies));
}

#[test]
fn repeated_ids_are_reported_once_per_array_at_the_first_repeat() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let release = BASE.replacen(
        r#""parties": ["#,
        r#""parties": [{"id": "S1", "name": "Again"}, {"id": "B1", "name": "Again"}, "#,
        1,
    );
    let input: &'static str = Box::leak(release.into_boxed_str());
    let report = validate(&validator, input, Lang::En);
    let group = report.schema.iter().find(|g| g.code == Code::SchemaUniqueItems).unwrap();
    assert_eq!(group.count, 1);
    // [S1, B1, B1, S1]: the first element repeating an earlier id is the third.
    assert_eq!(group.examples[0].pointer, "/parties/2/id");
    assert_eq!(group.examples[0].value.as_deref(), Some(r#""B1""#));
}

#[test]
fn a_package_too_large_to_wait_for_its_metadata_is_still_validated() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    // 6,000 releases (more than the reader may hold back) before `version`; one lacks `id`.
    let mut text = String::from(r#"{"uri": "https://example.org/p", "releases": ["#);
    for i in 0..6000 {
        if i > 0 {
            text.push(',');
        }
        match i {
            5999 => text.push_str(r#"{"ocid": "ocds-213czf-1", "date": "2024-03-01T00:00:00Z"}"#),
            _ => text.push_str(&format!(r#"{{"ocid": "ocds-213czf-1", "id": "{i}", "date": "2024-03-01T00:00:00Z"}}"#)),
        }
    }
    text.push_str(r#"], "publishedDate": "2024-03-01T00:00:00Z", "publisher": {"name": "X"}, "version": "1.1"}"#);
    let mut session = validator.session(Options { lang: Lang::En, max_examples: 5 });
    session.read(Source::from_read("big.json", std::io::Cursor::new(text.into_bytes())).unwrap()).unwrap();
    let report = session.finish();
    assert_eq!(report.statistics.data.releases, 6000);
    let late = report.input.iter().find(|g| g.code == Code::LateMetadata).expect("late metadata finding");
    assert_eq!(
        late.message,
        "The package is too large to wait for its `version` and `extensions` (written after 5000): it was validated against the default profile."
    );
    let missing_id = report.schema.iter().find(|g| g.code == Code::SchemaRequired && g.detail == "id").unwrap();
    assert_eq!((missing_id.count, missing_id.examples[0].index), (1, Some(5999)));
    // `tag` and `initiationType` are missing from every release.
    let missing_tag = report.schema.iter().find(|g| g.code == Code::SchemaRequired && g.detail == "tag").unwrap();
    assert_eq!(missing_tag.count, 6000);
}
