//! Every family of indicators survives messy publisher data: a rich compiled release with
//! random members replaced (wrong JSON types, huge numbers that overflow a decimal when summed,
//! odd dates, unsafe strings) or removed, alone and with its versioned history, never makes
//! `Indices` panic, and the report always serialises and matches its JSON Schema.
//!
//! Decided by the property itself (no panic, schema-valid output); the values are checked by the
//! hand-worked tests of each family.

use edca::indices::inputs::Inputs;
use edca::indices::{Config, Indices, Process, Report};
use edca::merge::Merger;
use edca::profile::Profile;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// A process with something in every family's fields: planning budget breakdown, tender with
/// period and milestones, bids, two awards, a contract with amendments, milestones and
/// transactions, parties with identifiers.
fn template() -> Value {
    json!({
        "ocid": "ocds-213czf-1", "id": "1", "date": "2021-05-01T00:00:00Z", "tag": ["compiled"],
        "buyer": {"id": "B1", "name": "Municipio"},
        "parties": [
            {"id": "B1", "roles": ["buyer"], "address": {"locality": "Guadalajara"}},
            {"id": "S1", "roles": ["supplier", "tenderer"], "identifier": {"scheme": "MX-RFC", "id": "ZZA150312QH1"},
             "details": {"foundingDate": "2020-12-01"}},
            {"id": "S2", "roles": ["tenderer"], "identifier": {"scheme": "MX-RFC", "id": "AAA010101AAA"}}
        ],
        "planning": {"rationale": "x", "budget": {"id": "b", "amount": {"amount": 1000000, "currency": "MXN"},
            "budgetBreakdown": [{"id": "1", "amount": {"amount": 500000, "currency": "MXN"},
                "classifications": {"partida": "21101", "capitulo": "2000"}, "period": {"startDate": "2021-01-01"}}]},
            "milestones": [{"id": "pm1", "status": "met", "dueDate": "2021-02-01", "dateMet": "2021-01-20"}]},
        "tender": {"id": "t", "title": "Papel", "status": "complete", "procurementMethod": "open",
            "procurementMethodDetails": "LICITACIÓN PÚBLICA NACIONAL ART. 26-I", "procurementMethodRationale": "",
            "numberOfTenderers": 2, "tenderers": [{"id": "S1"}, {"id": "S2"}],
            "procuringEntity": {"id": "B1"}, "value": {"amount": 900000, "currency": "MXN"},
            "tenderPeriod": {"startDate": "2021-02-01T00:00:00-06:00", "endDate": "2021-02-10T00:00:00-06:00"},
            "items": [{"id": "i", "quantity": 3, "unit": {"name": "caja", "value": {"amount": 10, "currency": "MXN"}},
                "classification": {"scheme": "CUCOP", "id": "21101001"}}],
            "documents": [{"id": "d", "documentType": "tenderNotice"}]},
        "bids": {"details": [
            {"id": "b1", "status": "valid", "date": "2021-02-09", "tenderers": [{"id": "S1"}],
             "value": {"amount": 800000, "currency": "MXN"}},
            {"id": "b2", "status": "disqualified", "date": "2021-02-11", "tenderers": [{"id": "S2"}],
             "value": {"amount": 700000, "currency": "MXN"}}]},
        "awards": [
            {"id": "a1", "status": "active", "date": "2021-03-01", "suppliers": [{"id": "S1"}],
             "value": {"amount": 800000, "currency": "MXN"}, "items": [{"id": "i", "classification": {"id": "21101001"}}]},
            {"id": "a2", "status": "pending", "date": "2021-03-02", "suppliers": [{"id": "S2"}],
             "value": {"amount": 100000, "currency": "USD"}}],
        "contracts": [{"id": "c1", "awardID": "a1", "status": "terminated", "dateSigned": "2021-03-05",
            "value": {"amount": 800000, "currency": "MXN"},
            "period": {"startDate": "2021-03-06", "endDate": "2021-12-31"},
            "documents": [{"id": "cd", "documentType": "contractSigned"}],
            "milestones": [{"id": "cm", "status": "met", "dueDate": "2021-06-01", "dateMet": "2021-06-02"}],
            "amendments": [{"id": "am", "date": "2021-07-01", "changes": [{"property": "value", "former_value": 700000}]}],
            "implementation": {"transactions": [{"id": "tr", "date": "2021-08-01", "value": {"amount": 400000, "currency": "MXN"}}],
                "milestones": [{"id": "im", "status": "notMet", "dueDate": "2021-09-01"}]}}]
    })
}

/// Every JSON Pointer of `value` (members and array elements), parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, inner) in members {
                let path = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(path.clone());
                pointers(inner, path, out);
            }
        }
        Value::Array(items) => {
            for (n, inner) in items.iter().enumerate() {
                let path = format!("{at}/{n}");
                out.push(path.clone());
                pointers(inner, path, out);
            }
        }
        _ => {}
    }
}

fn all_pointers() -> &'static [String] {
    static POINTERS: OnceLock<Vec<String>> = OnceLock::new();
    POINTERS.get_or_init(|| {
        let mut out = Vec::new();
        pointers(&template(), String::new(), &mut out);
        out
    })
}

/// What a member may become: nothing, the wrong type, extreme numbers, odd dates and strings.
fn replacement() -> impl Strategy<Value = Option<Value>> {
    let number = |text: &str| Some(serde_json::from_str::<Value>(text).unwrap());
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(json!(""))),
        Just(Some(json!([]))),
        Just(Some(json!({}))),
        Just(Some(json!(true))),
        Just(Some(json!(-1))),
        Just(number("79228162514264337593543950335")),
        Just(number("-79228162514264337593543950335")),
        Just(number("1e400")),
        Just(number("0.0000000000000000000000000000001")),
        Just(Some(json!(1.5e300))),
        Just(Some(json!(0))),
        Just(Some(json!("2021-02-30"))),
        Just(Some(json!("0000-01-01T00:00:00Z"))),
        Just(Some(json!("9999-12-31T23:59:59+14:00"))),
        Just(Some(json!("31/12/2021"))),
        Just(Some(json!("../../etc/passwd\u{0}\u{202e}"))),
        Just(Some(json!(["S1", {"id": 7}]))),
        Just(Some(json!({"id": ["x"], "amount": "1,000.00"}))),
        Just(Some(json!("ADJUDICACI\u{fffd}N DIRECTA"))),
    ]
}

/// Applies `change` at the `n`-th pointer (if it still exists after earlier changes).
fn mutate(value: &mut Value, n: usize, change: Option<Value>) {
    let pointer = &all_pointers()[n % all_pointers().len()];
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let Some(parent) = value.pointer_mut(parent) else { return };
    match (parent, change) {
        (Value::Object(members), None) => {
            members.shift_remove(last);
        }
        (Value::Object(members), Some(new)) => {
            members.insert(last.replace("~1", "/").replace("~0", "~"), new);
        }
        (Value::Array(items), change) => {
            if let Ok(at) = last.parse::<usize>()
                && at < items.len()
            {
                match change {
                    Some(new) => items[at] = new,
                    None => {
                        items.remove(at);
                    }
                }
            }
        }
        _ => {}
    }
}

fn release() -> impl Strategy<Value = Value> {
    prop::collection::vec((any::<usize>(), replacement()), 1..8).prop_map(|changes| {
        let mut value = template();
        for (n, change) in changes {
            mutate(&mut value, n, change);
        }
        value
    })
}

fn config() -> Config {
    // Every family, with input tables so INT-01/04/05 run too.
    Config::default()
}

fn inputs() -> Inputs {
    let sanctions = "id,scheme,list,start,end\nZZA150312QH1,MX-RFC,SAT-69B,,\n".as_bytes();
    let thresholds = "buyer,year,object,method,amount\n*,2021,*,direct,850000\n".as_bytes();
    Inputs {
        sanctions: Some(edca::indices::inputs::Sanction::read_csv(sanctions).unwrap()),
        thresholds: Some(edca::indices::inputs::Threshold::read_csv(thresholds).unwrap()),
        ..Inputs::default()
    }
}

fn check(report: Report) {
    let json = report.to_json();
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| jsonschema::draft202012::new(&Report::json_schema()).unwrap());
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut csv = Vec::new();
    report.write_csv(&mut csv).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compiled_releases_never_panic(releases in prop::collection::vec(release(), 1..4)) {
        let mut indices = Indices::with_inputs(config(), inputs());
        for release in &releases {
            indices.add(release);
        }
        check(indices.finish());
    }

    #[test]
    fn histories_never_panic(releases in prop::collection::vec(release(), 2..4)) {
        // The mutated releases of one process, merged as individual releases: the versioned
        // release then has odd values in its history too.
        static MERGER: OnceLock<Merger> = OnceLock::new();
        let merger = MERGER.get_or_init(|| Merger::from_profile(&Profile::edca_mx()).unwrap());
        let releases: Vec<Value> = releases.into_iter().enumerate().map(|(n, mut r)| {
            if let Value::Object(members) = &mut r {
                members.insert("ocid".into(), json!("ocds-213czf-1"));
                members.insert("id".into(), json!(n.to_string()));
                members.insert("tag".into(), json!(["update"]));
            }
            r
        }).collect();
        let (Ok(compiled), Ok(versioned)) = (merger.compile(&releases), merger.versioned(&releases)) else {
            return Ok(());
        };
        let mut indices = Indices::with_inputs(config(), inputs());
        if let Some(process) = Process::new(&compiled.release) {
            indices.add_process(&process.with_versioned(&versioned.release));
        }
        check(indices.finish());
    }
}
