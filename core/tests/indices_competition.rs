//! Competition indicators on hand-made processes, with values worked out by hand.

use edca::indices::competition::{Competition, CompetitionSettings};
use serde_json::{Value, json};

fn award(amount: i64, status: &str) -> Value {
    json!({"status": status, "value": {"amount": amount, "currency": "MXN"}})
}

fn processes() -> Vec<Value> {
    vec![
        // open, n = 1 from numberOfTenderers, awarded 100.
        json!({"ocid": "A", "buyer": {"id": "B1"}, "tender": {"procurementMethod": "open", "numberOfTenderers": 1},
               "awards": [award(100, "active")]}),
        // direct from mangled details with a legal-article suffix, awarded 50.
        json!({"ocid": "B", "buyer": {"id": "B1"},
               "tender": {"procurementMethodDetails": "ADJUDICACIÓN DIRECTA ART. 41-III-LAASSP"},
               "awards": [award(50, "active")]}),
        // selective from a typo'd label; n = 2 distinct tender/tenderers ids; awarded 30.
        json!({"ocid": "C", "buyer": {"id": "B2"},
               "tender": {"procurementMethodDetails": "INVITACION A CUENDO MENOS TRES PERSONAS",
                          "tenderers": [{"id": "X"}, {"id": "Y"}, {"id": "X"}]},
               "awards": [award(30, "active")]}),
        // no method at all: left out of every ratio, its 1000 too.
        json!({"ocid": "D", "buyer": {"id": "B2"}, "awards": [award(1000, "active")]}),
        // open; n = 3 submitted bidders (the withdrawn bid does not count); the pending award's
        // 999 does not count.
        json!({"ocid": "E", "buyer": {"id": "B2"}, "tender": {"procurementMethod": "open"},
               "bids": {"details": [
                   {"status": "valid", "tenderers": [{"id": "T1"}]},
                   {"status": "disqualified", "tenderers": [{"id": "T2"}]},
                   {"status": "pending", "tenderers": [{"id": "T3"}]},
                   {"status": "withdrawn", "tenderers": [{"id": "T4"}]}]},
               "awards": [award(20, "active"), award(999, "pending")]}),
        // cancelled: left out entirely.
        json!({"ocid": "F", "buyer": {"id": "B1"}, "tender": {"procurementMethod": "direct", "status": "cancelled"},
               "awards": [award(5, "active")]}),
    ]
}

fn run() -> Value {
    let mut competition = Competition::new(CompetitionSettings::default());
    for p in processes() {
        competition.add(&p);
    }
    competition.finish()
}

fn share(report: &Value, level: &[&str], name: &str) -> (f64, f64, Option<f64>, u64) {
    let mut node = report;
    for key in level {
        node = &node[key];
    }
    let s = &node[name];
    (
        s["numerator"].as_f64().unwrap(),
        s["denominator"].as_f64().unwrap(),
        s["value"].as_f64(),
        s["coverage"].as_u64().unwrap(),
    )
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn dataset_level() {
    let r = run();
    assert_eq!(r["currency"], "MXN");
    assert_eq!(r["dataset"]["processes"], 5);
    // 1 direct (B) of 4 with a method (A, B, C, E).
    assert_eq!(share(&r, &["dataset"], "direct_share_count"), (1.0, 4.0, Some(0.25), 4));
    // 50 of 100 + 50 + 30 + 20.
    assert_eq!(share(&r, &["dataset"], "direct_share_value"), (50.0, 200.0, Some(0.25), 4));
    // Competitive with n: A (1), C (2), E (3).
    let (n, d, v, c) = share(&r, &["dataset"], "single_bidder_rate");
    assert_eq!((n, d, c), (1.0, 3.0, 3));
    assert!(close(v, 1.0 / 3.0));
    assert_eq!(share(&r, &["dataset"], "mean_tenderers"), (6.0, 3.0, Some(2.0), 3));
    assert_eq!(share(&r, &["dataset"], "low_participation_share"), (3.0, 3.0, Some(1.0), 3));
}

#[test]
fn buyer_level() {
    let r = run();
    assert_eq!(share(&r, &["buyer", "B1"], "direct_share_count"), (1.0, 2.0, Some(0.5), 2));
    let (n, d, v, _) = share(&r, &["buyer", "B1"], "direct_share_value");
    assert_eq!((n, d), (50.0, 150.0));
    assert!(close(v, 1.0 / 3.0));
    assert_eq!(share(&r, &["buyer", "B1"], "single_bidder_rate"), (1.0, 1.0, Some(1.0), 1));
    // B2: C and E have a method, D does not (left out, not scored 0).
    assert_eq!(r["buyer"]["B2"]["processes"], 3);
    assert_eq!(share(&r, &["buyer", "B2"], "direct_share_count"), (0.0, 2.0, Some(0.0), 2));
    assert_eq!(share(&r, &["buyer", "B2"], "direct_share_value"), (0.0, 50.0, Some(0.0), 2));
    assert_eq!(share(&r, &["buyer", "B2"], "mean_tenderers"), (5.0, 2.0, Some(2.5), 2));
}

#[test]
fn process_level_sources() {
    let r = run();
    let rows = r["process"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let row = |ocid: &str| rows.iter().find(|p| p["ocid"] == ocid).unwrap().clone();
    assert_eq!(row("B")["method"], "direct");
    assert_eq!(row("B")["method_source"], "details");
    assert_eq!(row("A")["method_source"], "procurement_method");
    assert_eq!(row("C")["tenderers"], 2);
    assert_eq!(row("C")["tenderers_source"], "tenderers");
    assert_eq!(row("E")["tenderers"], 3);
    assert_eq!(row("E")["tenderers_source"], "bids");
    assert_eq!(row("E")["awarded_value"].as_f64(), Some(20.0));
    assert_eq!(row("D")["method"], Value::Null);
}

#[test]
fn details_first_overrides_a_declared_method() {
    let settings = CompetitionSettings { details_first: true, ..CompetitionSettings::default() };
    let mut competition = Competition::new(settings);
    competition.add(&json!({"ocid": "L", "tender": {"procurementMethod": "limited",
        "procurementMethodDetails": "Adjudicación Directa"}}));
    let r = competition.finish();
    assert_eq!(r["process"][0]["method"], "direct");
    assert_eq!(share(&r, &["dataset"], "direct_share_count"), (1.0, 1.0, Some(1.0), 1));
}

#[test]
fn unmapped_details_are_reported() {
    let mut competition = Competition::new(CompetitionSettings::default());
    competition.add(&json!({"ocid": "Z", "tender": {"procurementMethodDetails": "Convenio entre entes públicos"}}));
    let r = competition.finish();
    assert_eq!(r["unmapped_details"]["convenio entre entes publicos"], 1);
    assert_eq!(r["dataset"]["direct_share_count"]["value"], Value::Null);
}
