//! Integrity flags (INT-01 … INT-09) on hand-made compiled releases and hand-written input tables;
//! every expected value is worked out by hand in the comments. INT-07 is also computed from the
//! history that edca's own merge (`Merger::versioned`) builds from individual releases.

use edca::indices::inputs::{Founding, InputError, Inputs, Sanction, Threshold};
use edca::indices::integrity::{Integrity, IntegrityReport, IntegritySettings};
use edca::indices::report::{Level, Share, Trigger};
use edca::indices::{Config, Indices, Process};
use edca::merge::Merger;
use edca::profile::Profile;
use serde_json::{Value, json};

fn run_with(processes: &[Value], settings: IntegritySettings, inputs: Inputs) -> IntegrityReport {
    let mut integrity = Integrity::new(settings).with_inputs(inputs);
    for p in processes {
        integrity.add(&Process::new(p).unwrap());
    }
    integrity.finish()
}

fn sanctions(text: &str) -> Inputs {
    Inputs { sanctions: Some(Sanction::read_csv(text.as_bytes()).unwrap()), ..Inputs::default() }
}

fn thresholds(text: &str) -> Inputs {
    Inputs { thresholds: Some(Threshold::read_csv(text.as_bytes()).unwrap()), ..Inputs::default() }
}

fn share(s: &Share) -> (f64, f64, Option<f64>, u64) {
    (s.numerator, s.denominator, s.value, s.coverage)
}

/// (indicator, id) of every flag, in report order.
fn flagged(report: &IntegrityReport, indicator: &str) -> Vec<String> {
    report.flags.iter().filter(|f| f.indicator == indicator).map(|f| f.id.clone()).collect()
}

fn fields(report: &IntegrityReport, indicator: &str, id: &str) -> Vec<(String, Value)> {
    let flag = report.flags.iter().find(|f| f.indicator == indicator && f.id == id).expect("flag");
    flag.fields.iter().map(|Trigger { pointer, value }| (pointer.clone(), value.clone())).collect()
}

/// A process of `buyer` with one active award to `supplier` and the given parties.
fn awarded(ocid: &str, buyer: &str, supplier: &str, award: Value, parties: Value) -> Value {
    let mut award = award;
    award["status"] = json!("active");
    award["suppliers"] = json!([{"id": supplier}]);
    json!({"ocid": ocid, "buyer": {"id": buyer}, "awards": [award], "parties": parties})
}

fn mxn(amount: impl Into<Value>) -> Value {
    json!({"amount": amount.into(), "currency": "MXN"})
}

const SANCTIONS: &str = "id,scheme,list,start,end,name
AAA010101AA1,MX-RFC,SAT-69B,,,Empresa Uno
bbb-020202 bb2,,SFP,2021-01-01,2021-12-31,Empresa Dos
";

fn sanction_processes() -> Vec<Value> {
    let s1 = json!([{"id": "S1", "identifier": {"scheme": "RFC", "id": "aaa 010101-aa1"}}]);
    let s2 = json!([{"id": "S2", "identifier": {"scheme": "CUA", "id": "77"},
                     "additionalIdentifiers": [{"scheme": "MX-RFC", "id": "BBB020202BB2"}]}]);
    vec![
        // P1: RFC written with spaces, hyphen and lower case under scheme "RFC" (an alias of
        // MX-RFC): on SAT-69B, no period → flagged. Value 100.
        awarded("P1", "B1", "S1", json!({"date": "2021-03-01", "value": mxn(100)}), s1.clone()),
        // P2: the additional identifier is on SFP for 2021; the award has no date, so its
        // contract's dateSigned (2021-06-15) is compared → flagged. Value 300.
        {
            let mut p = awarded("P2", "B1", "S2", json!({"id": "a1", "value": mxn(300)}), s2.clone());
            p["contracts"] = json!([{"id": "c1", "awardID": "a1", "dateSigned": "2021-06-15T10:00:00-06:00"}]);
            p
        },
        // P3: same supplier, awarded 2022-02-01, after the SFP period → checked, not flagged. 600.
        awarded("P3", "B1", "S2", json!({"date": "2022-02-01T00:00:00Z", "value": mxn(600)}), s2.clone()),
        // P4: the same id under another scheme (CUA) is another organisation → not flagged. 50.
        awarded(
            "P4",
            "B2",
            "S3",
            json!({"date": "2021-03-01", "value": mxn(50)}),
            json!([{"id": "S3", "identifier": {"scheme": "CUA", "id": "AAA010101AA1"}}]),
        ),
        // P5: no identifier to check → left out (coverage).
        awarded("P5", "B2", "S5", json!({"date": "2021-03-01", "value": mxn(70)}), json!([{"id": "S5"}])),
        // P6: S2 again, award without any date: the SFP period cannot be compared → checked, not
        // flagged, and counted in the notes. 10.
        awarded("P6", "B2", "S2", json!({"value": mxn(10)}), s2),
        // P7: cancelled → left out entirely.
        {
            let mut p = awarded("P7", "B2", "S1", json!({"date": "2021-03-01", "value": mxn(5)}), s1);
            p["tender"] = json!({"status": "cancelled"});
            p
        },
    ]
}

#[test]
fn int01_award_to_sanctioned_supplier() {
    let report = run_with(&sanction_processes(), IntegritySettings::default(), sanctions(SANCTIONS));
    // Checked P1, P2, P3, P4, P6 (5); flagged P1, P2.
    assert_eq!(share(&report.dataset.sanctioned_supplier), (2.0, 5.0, Some(0.4), 5));
    // Value: flagged 100 + 300 = 400 of 100 + 300 + 600 + 50 + 10 = 1060.
    assert_eq!(share(&report.dataset.sanctioned_value), (400.0, 1060.0, Some(400.0 / 1060.0), 5));
    // B1: P1, P2 of P1, P2, P3; 400 of 1000. B2: 0 of P4, P6; 0 of 60.
    assert_eq!(share(&report.buyer["B1"].sanctioned_supplier), (2.0, 3.0, Some(2.0 / 3.0), 3));
    assert_eq!(share(&report.buyer["B1"].sanctioned_value), (400.0, 1000.0, Some(0.4), 3));
    assert_eq!(share(&report.buyer["B2"].sanctioned_supplier), (0.0, 2.0, Some(0.0), 2));
    assert_eq!(share(&report.buyer["B2"].sanctioned_value), (0.0, 60.0, Some(0.0), 2));
    assert_eq!(report.dataset.processes, 6, "the cancelled process is left out");
    assert_eq!(flagged(&report, "INT-01"), ["P1", "P2"]);
    assert_eq!(
        fields(&report, "INT-01", "P1"),
        [("/parties/0/identifier/id".into(), json!("aaa 010101-aa1")), ("/awards/0/date".into(), json!("2021-03-01"))]
    );
    assert_eq!(
        fields(&report, "INT-01", "P2"),
        [
            ("/parties/0/additionalIdentifiers/0/id".into(), json!("BBB020202BB2")),
            ("/contracts/0/dateSigned".into(), json!("2021-06-15T10:00:00-06:00"))
        ]
    );
    // Per supplier: S2 won P2, P3, P6, sanctioned in P2 only (300).
    let s2 = &report.supplier["S2"];
    assert_eq!((s2.processes, s2.sanctioned_processes, s2.sanctioned_value), (3, Some(1), Some(300.0)));
    assert_eq!(s2.sanctions_lists, ["SFP"]);
    assert_eq!(report.supplier["S1"].sanctions_lists, ["SAT-69B"]);
    assert_eq!(report.supplier["S3"].sanctioned_processes, Some(0));
    assert_eq!(report.supplier["S5"].sanctioned_processes, None, "no identifier: not checked");
    assert_eq!(report.process["P5"].sanctioned_supplier, None);
    assert_eq!(report.process["P3"].sanctioned_supplier, Some(false));
    assert!(report.meta.notes.iter().any(|n| n.starts_with("1 supplier identifiers matched a sanction")));

    // Without a sanctions table nothing is measured: null, never 0.
    let report = run_with(&sanction_processes(), IntegritySettings::default(), Inputs::default());
    assert_eq!(share(&report.dataset.sanctioned_supplier), (0.0, 0.0, None, 0));
    assert_eq!(report.process["P1"].sanctioned_supplier, None);
    assert_eq!(report.meta.inputs.sanctions, None);
    assert!(report.meta.notes.iter().any(|n| n == "no sanctions table: INT-01 not computed"));
}

#[test]
fn int02_supplier_without_identifier() {
    let processes = vec![
        // Party without identifier → flagged; the trigger shows its (null) identifier.
        awarded("P1", "B1", "S1", json!({}), json!([{"id": "S1", "name": "Uno"}])),
        // Only a "Sin dato" filler → flagged.
        awarded(
            "P2",
            "B1",
            "S2",
            json!({}),
            json!([{"id": "S2", "identifier": {"scheme": "MX-RFC", "id": "Sin_Dato_001"}}]),
        ),
        // OCDS 1.0: the identifier is on the supplier reference, no party → has one.
        {
            let mut p = awarded("P3", "B1", "S3", json!({}), json!([]));
            p["awards"][0]["suppliers"][0]["identifier"] = json!({"id": "CCC030303CC3"});
            p
        },
        // No party with the supplier's id → flagged.
        awarded("P4", "B2", "S4", json!({}), json!([{"id": "other", "identifier": {"id": "X"}}])),
        // Messy: parties is a string, so no party → flagged.
        awarded("P5", "B2", "S5", json!({}), json!("oops")),
        // Messy: identifier is a string, not an object → no identifier → flagged.
        awarded("P6", "B2", "S6", json!({}), json!([{"id": "S6", "identifier": "DDD040404DD4"}])),
        // Supplier reference without id: skipped (note); no other winner → not covered.
        json!({"ocid": "P7", "buyer": {"id": "B2"}, "awards": [{"status": "active", "suppliers": [{"name": "Sin id"}]}]}),
        // Pending award: no winner → not covered.
        json!({"ocid": "P8", "awards": [{"status": "pending", "suppliers": [{"id": "S8"}]}]}),
    ];
    let report = run_with(&processes, IntegritySettings::default(), Inputs::default());
    // Covered P1–P6 (6); flagged P1, P2, P4, P5, P6 (5).
    assert_eq!(share(&report.dataset.supplier_without_identifier), (5.0, 6.0, Some(5.0 / 6.0), 6));
    assert_eq!(share(&report.buyer["B1"].supplier_without_identifier), (2.0, 3.0, Some(2.0 / 3.0), 3));
    assert_eq!(flagged(&report, "INT-02"), ["P1", "P2", "P4", "P5", "P6"]);
    assert_eq!(
        fields(&report, "INT-02", "P1"),
        [("/awards/0/suppliers/0/id".into(), json!("S1")), ("/parties/0/identifier".into(), Value::Null)]
    );
    assert_eq!(
        fields(&report, "INT-02", "P2"),
        [("/awards/0/suppliers/0/id".into(), json!("S2")), ("/parties/0/identifier/id".into(), json!("Sin_Dato_001"))]
    );
    assert_eq!(report.process["P3"].supplier_without_identifier, Some(false));
    assert_eq!(report.process["P7"].supplier_without_identifier, None);
    assert!(report.meta.notes.iter().any(|n| n.starts_with("1 supplier references of active awards had no string id")));

    // The placeholders are a setting: without them, "Sin_Dato_001" is an identifier.
    let settings = IntegritySettings { placeholder_identifiers: vec![], ..IntegritySettings::default() };
    let report = run_with(&processes, settings, Inputs::default());
    assert_eq!(report.process["P2"].supplier_without_identifier, Some(false));
}

#[test]
fn int03_new_company() {
    let foundings = "founded,id\n2015-01-01,CCC-030303-CC3\n2021-01-01,DDD040404DD4\n";
    let inputs = Inputs { foundings: Some(Founding::read_csv(foundings.as_bytes()).unwrap()), ..Inputs::default() };
    let details = json!([{"id": "S1", "details": {"foundingDate": "2020-06-01"}}]);
    let processes = vec![
        // Founded 2020-06-01 (details), awarded 2021-03-01: 273 days < 365 → flagged.
        awarded("P1", "B1", "S1", json!({"date": "2021-03-01"}), details.clone()),
        // Founded 2015-01-01 (table, through the normalised RFC) → not new.
        awarded(
            "P2",
            "B1",
            "S2",
            json!({"date": "2021-03-01"}),
            json!([{"id": "S2", "identifier": {"id": "CCC030303CC3"}}]),
        ),
        // Founded 2021-01-01 (table), awarded 2021-05-01: 120 days → flagged.
        awarded(
            "P3",
            "B1",
            "S3",
            json!({"date": "2021-05-01"}),
            json!([{"id": "S3", "identifier": {"id": "DDD040404DD4"}}]),
        ),
        // Founding date unknown → not covered.
        awarded("P4", "B1", "S4", json!({"date": "2021-05-01"}), json!([{"id": "S4", "identifier": {"id": "EEE"}}])),
        // Award date unknown (and a messy date on another award) → not covered.
        {
            let mut p = awarded("P5", "B1", "S1", json!({}), details);
            p["awards"]
                .as_array_mut()
                .unwrap()
                .push(json!({"status": "active", "date": "01/03/2021", "suppliers": [{"id": "S1"}]}));
            p
        },
    ];
    let report = run_with(&processes, IntegritySettings::default(), inputs.clone());
    assert_eq!(share(&report.dataset.new_company), (2.0, 3.0, Some(2.0 / 3.0), 3));
    assert_eq!(flagged(&report, "INT-03"), ["P1", "P3"]);
    let p1 = report.flags.iter().find(|f| f.indicator == "INT-03" && f.id == "P1").unwrap();
    assert_eq!(p1.value, Some(273.0));
    assert_eq!(
        fields(&report, "INT-03", "P1"),
        [
            ("/parties/0/details/foundingDate".into(), json!("2020-06-01")),
            ("/awards/0/date".into(), json!("2021-03-01"))
        ]
    );
    assert_eq!(
        fields(&report, "INT-03", "P3"),
        [("/parties/0/identifier/id".into(), json!("DDD040404DD4")), ("/awards/0/date".into(), json!("2021-05-01"))]
    );
    assert!(p1.reason.contains("(details)"));
    assert!(p1.reason_es.contains("se constituyó el") && p1.reason_es.contains("(details)"), "{}", p1.reason_es);
    let s1 = &report.supplier["S1"];
    assert_eq!((s1.new_company_processes, s1.founded.as_deref()), (Some(1), Some("2020-06-01")));
    assert_eq!(report.supplier["S2"].new_company_processes, Some(0));
    assert_eq!(report.supplier["S4"].new_company_processes, None);
    assert_eq!(report.process["P5"].new_company, None);

    // min_age_days = 100: 273 and 120 days are both old enough.
    let settings = IntegritySettings { min_age_days: 100, ..IntegritySettings::default() };
    let report = run_with(&processes, settings, inputs);
    assert_eq!(share(&report.dataset.new_company), (0.0, 3.0, Some(0.0), 3));
}

const THRESHOLDS: &str = "buyer,year,object,method,amount
*,2021,*,direct|limited,1000
B1,2021,*,direct,2000
*,2021,works,*,5000
";

/// A process of `buyer` with `method`, one active award of `amount` MXN dated `date`.
fn priced(ocid: &str, buyer: &str, method: &str, date: &str, amount: Value) -> Value {
    json!({"ocid": ocid, "buyer": {"id": buyer}, "tender": {"procurementMethod": method},
           "awards": [{"status": "active", "date": date, "value": {"amount": amount, "currency": "MXN"},
                       "suppliers": [{"id": "S1"}]}]})
}

#[test]
fn int04_just_under_threshold() {
    let processes = vec![
        // t = 1000 (the `*` row); 950 ≤ 960 < 1000 → flagged.
        priced("P1", "B2", "direct", "2021-03-01", json!(960)),
        // B1's own row (rank 4 + 1) beats the `*` row (rank 1): t = 2000; 1900 ≤ 1950 → flagged.
        priced("P2", "B1", "direct", "2021-03-01", json!(1950)),
        // B1's row is for direct only: the `*` row applies, t = 1000; 900 < 950 → not flagged.
        priced("P3", "B1", "limited", "2021-03-01", json!(900)),
        // Works: the works row (rank 2) beats the `*` row: t = 5000; 4750 ≤ 4800 → flagged.
        {
            let mut p = priced("P4", "B2", "direct", "2021-03-01", json!(4800));
            p["tender"]["mainProcurementCategory"] = json!("works");
            p
        },
        // Open: not a non-competitive method → not covered.
        priced("P5", "B2", "open", "2021-03-01", json!(990)),
        // 2019: no threshold → not covered.
        priced("P6", "B2", "direct", "2019-03-01", json!(990)),
        // Exactly t: not under → covered, not flagged.
        priced("P7", "B2", "direct", "2021-03-01", json!(1000)),
        // Messy: amount as a string → no amount → not covered.
        priced("P8", "B2", "direct", "2021-03-01", json!("960")),
        // No award date: the year comes from tenderPeriod/startDate → t = 1000; 955 → flagged.
        {
            let mut p = priced("P9", "B2", "direct", "2021-03-01", json!(955));
            p["awards"][0].as_object_mut().unwrap().remove("date");
            p["tender"]["tenderPeriod"] = json!({"startDate": "2021-02-01T00:00:00Z"});
            p
        },
    ];
    let report = run_with(&processes, IntegritySettings::default(), thresholds(THRESHOLDS));
    // Covered P1, P2, P3, P4, P7, P9 (6); flagged P1, P2, P4, P9 (4).
    assert_eq!(share(&report.dataset.just_under_threshold), (4.0, 6.0, Some(4.0 / 6.0), 6));
    assert_eq!(share(&report.buyer["B1"].just_under_threshold), (1.0, 2.0, Some(0.5), 2));
    assert_eq!(flagged(&report, "INT-04"), ["P1", "P2", "P4", "P9"]);
    assert_eq!((report.process["P2"].amount, report.process["P2"].threshold), (Some(1950.0), Some(2000.0)));
    assert_eq!(report.process["P4"].threshold, Some(5000.0));
    assert_eq!(report.process["P6"].just_under_threshold, None);
    assert_eq!(report.process["P8"].just_under_threshold, None);
    assert_eq!(
        fields(&report, "INT-04", "P9"),
        [
            ("/tender/procurementMethod".into(), json!("direct")),
            ("/awards/0/value/amount".into(), json!(955)),
            ("/tender/tenderPeriod/startDate".into(), json!("2021-02-01T00:00:00Z"))
        ]
    );

    // margin 0.01: the band is [990, 1000) for t = 1000 and [1980, 2000) for 2000; none is in it.
    let settings = IntegritySettings { margin: 0.01, ..IntegritySettings::default() };
    let report = run_with(&processes, settings, thresholds(THRESHOLDS));
    assert_eq!(share(&report.dataset.just_under_threshold), (0.0, 6.0, Some(0.0), 6));

    // Without a thresholds table: null, and INT-05 null too.
    let report = run_with(&processes, IntegritySettings::default(), Inputs::default());
    assert_eq!(share(&report.dataset.just_under_threshold), (0.0, 0.0, None, 0));
    assert_eq!(report.dataset.splitting_clusters, None);
}

#[test]
fn int05_contract_splitting() {
    let to = |p: Value, supplier: &str| {
        let mut p = p;
        p["awards"][0]["suppliers"] = json!([{"id": supplier}]);
        p
    };
    let processes = vec![
        // B1 → S1, direct: 600 on 03-01 and 500 on 03-20 (19 days apart): each < 1000, together
        // 1100 ≥ 1000 → one cluster.
        priced("P1", "B1", "direct", "2021-03-01", json!(600)),
        priced("P2", "B1", "direct", "2021-03-20", json!(500)),
        // 400 on 05-01: 42 days after P2, alone → nothing.
        priced("P3", "B1", "direct", "2021-05-01", json!(400)),
        // Another buyer → another pair (B2|S1), alone.
        priced("P4", "B2", "direct", "2021-03-05", json!(600)),
        // Competitive → not a part.
        priced("P5", "B1", "open", "2021-03-10", json!(900)),
        // At or over the threshold → not a part.
        priced("P6", "B1", "direct", "2021-03-25", json!(1200)),
        // Another supplier of B1 → its own pair, alone.
        to(priced("P7", "B1", "direct", "2021-03-02", json!(700)), "S2"),
    ];
    let inputs = thresholds("buyer,year,object,method,amount\n*,2021,*,direct,1000\n");
    let report = run_with(&processes, IntegritySettings::default(), inputs.clone());
    assert_eq!(flagged(&report, "INT-05"), ["B1|S1"]);
    let flag = report.flags.iter().find(|f| f.indicator == "INT-05").unwrap();
    assert_eq!((flag.level, flag.value), (Level::BuyerSupplier, Some(1100.0)));
    assert!(flag.reason.contains("(P1, P2)"), "{}", flag.reason);
    assert!(flag.reason_es.starts_with("2 procesos no competitivos en"), "{}", flag.reason_es);
    assert!(flag.reason_es.contains("(P1, P2)") && flag.reason_es.contains("juntos 1100"), "{}", flag.reason_es);
    assert_eq!(flag.fields[0], Trigger::new("/awards/0/value/amount", json!({"ocid": "P1", "value": 600})));
    assert_eq!(flag.fields.len(), 4, "amount and date of P1 and P2");
    assert_eq!(report.dataset.splitting_clusters, Some(1));
    assert_eq!(report.buyer["B1"].splitting_clusters, Some(1));
    assert_eq!(report.buyer["B2"].splitting_clusters, Some(0));
    assert_eq!(report.buyer_supplier["B1|S1"].splitting_clusters, Some(1));
    assert_eq!(report.buyer_supplier["B2|S1"].splitting_clusters, Some(0));

    // window_days 10: P1 and P2 are 19 days apart → no cluster.
    let settings = IntegritySettings { window_days: 10, ..IntegritySettings::default() };
    let report = run_with(&processes, settings, inputs.clone());
    assert_eq!(report.dataset.splitting_clusters, Some(0));

    // class_digits 2: P1's items are 21…, P2's 33… → different classes, no cluster.
    let mut classed = processes.clone();
    classed[0]["awards"][0]["items"] = json!([{"classification": {"id": "2110"}}]);
    classed[1]["awards"][0]["items"] = json!([{"classification": {"id": "3310"}}]);
    let settings = IntegritySettings { class_digits: Some(2), ..IntegritySettings::default() };
    let report = run_with(&classed, settings.clone(), inputs.clone());
    assert_eq!(report.dataset.splitting_clusters, Some(0));
    // Same class 21 → the cluster is back.
    classed[1]["awards"][0]["items"] = json!([{"classification": {"id": "2199"}}]);
    let report = run_with(&classed, settings, inputs);
    assert_eq!(report.dataset.splitting_clusters, Some(1));
}

#[test]
fn int06_repeat_winner() {
    let win = |ocid: &str, buyer: &str, suppliers: &[&str], date: Option<&str>, amount: i64| {
        let suppliers: Vec<Value> = suppliers.iter().map(|s| json!({"id": s})).collect();
        let mut award = json!({"status": "active", "value": mxn(amount), "suppliers": suppliers});
        if let Some(date) = date {
            award["date"] = json!(date);
        }
        json!({"ocid": ocid, "buyer": {"id": buyer}, "awards": [award]})
    };
    let mut processes: Vec<Value> =
        (1..=5).map(|i| win(&format!("P{i}"), "B1", &["S1"], Some("2021-02-01"), 10)).collect();
    processes.extend([
        // S2: one process, 100 of B1's 2021 value 5·10 + 100 = 150 → share 0.667 ≥ 0.5.
        win("P6", "B1", &["S2"], Some("2021-06-01"), 100),
        // A joint award: counts a 6th process for S1 and one for S4, but not in the value shares.
        win("P7", "B1", &["S1", "S4"], Some("2021-07-01"), 1000),
        // B2 in 2021: S1's only valued process → share 1.0 (a buyer with one award flags it).
        win("P8", "B2", &["S1"], Some("2021-03-01"), 10),
        // No date → left out.
        win("P9", "B2", &["S2"], None, 30),
    ]);
    let report = run_with(&processes, IntegritySettings::default(), Inputs::default());
    let b1s1 = &report.buyer_supplier["B1|S1"].repeat_winner["2021"];
    // S1: 6 processes ≥ 5; value 50 of 150, coverage = B1's 6 valued processes in 2021.
    assert_eq!((b1s1.processes, b1s1.flagged), (6, true));
    assert_eq!(share(&b1s1.value_share), (50.0, 150.0, Some(50.0 / 150.0), 6));
    let b1s2 = &report.buyer_supplier["B1|S2"].repeat_winner["2021"];
    assert_eq!((b1s2.processes, b1s2.flagged, b1s2.value_share.value), (1, true, Some(100.0 / 150.0)));
    let b1s4 = &report.buyer_supplier["B1|S4"].repeat_winner["2021"];
    assert_eq!((b1s4.processes, b1s4.flagged, b1s4.value_share.value), (1, false, Some(0.0)));
    assert_eq!(flagged(&report, "INT-06"), ["B1|S1", "B1|S2", "B2|S1"]);
    let flag = report.flags.iter().find(|f| f.indicator == "INT-06").unwrap();
    assert_eq!(flag.value, Some(6.0));
    assert_eq!(flag.fields.len(), 6, "the supplier's id in each of its six processes");
    assert_eq!(flag.fields[0], Trigger::new("/awards/0/suppliers/0/id", json!({"ocid": "P1", "value": "S1"})));
    assert_eq!(report.dataset.repeat_winners, Some(3));
    assert_eq!(report.buyer["B1"].repeat_winners, Some(2));
    assert!(!report.buyer_supplier.contains_key("B2|S2"), "P9 has no date");

    // repeat_share above 1 turns the share test off: only the count flags B1|S1.
    let settings = IntegritySettings { repeat_share: 1.01, ..IntegritySettings::default() };
    let report = run_with(&processes, settings, Inputs::default());
    assert_eq!(flagged(&report, "INT-06"), ["B1|S1"]);
    // The share test over at least 2 valued processes: B2's single one no longer flags S1.
    let settings = IntegritySettings { repeat_share_min_processes: 2, ..IntegritySettings::default() };
    let report = run_with(&processes, settings, Inputs::default());
    assert_eq!(flagged(&report, "INT-06"), ["B1|S1", "B1|S2"]);
}

/// Individual releases of one process: a contract of `first` MXN, then amended to `last`.
fn contract_history(ocid: &str, first: i64, last: i64) -> Vec<Value> {
    let release = |id: &str, date: &str, tag: &str, amount: i64| {
        json!({"ocid": ocid, "id": id, "date": date, "tag": [tag], "initiationType": "tender",
               "buyer": {"id": "B1"},
               "contracts": [{"id": "c1", "awardID": "a1", "value": {"amount": amount, "currency": "MXN"}}]})
    };
    let mut amended = release(&format!("{ocid}-2"), "2021-06-01T00:00:00Z", "contractAmendment", last);
    amended["contracts"][0]["amendments"] =
        json!([{"id": "am1", "date": "2021-06-01T00:00:00Z", "rationale": "more works"}]);
    vec![release(&format!("{ocid}-1"), "2021-01-01T00:00:00Z", "contract", first), amended]
}

#[test]
fn int07_value_raising_amendment_through_the_merge() {
    let merger = Merger::from_profile(&Profile::ocds_1_1()).unwrap();
    let merged: Vec<(Value, Value)> = [("H1", 1000, 1300), ("H2", 1000, 1100)]
        .iter()
        .map(|(ocid, first, last)| {
            let releases = contract_history(ocid, *first, *last);
            (merger.compile(&releases).unwrap().release, merger.versioned(&releases).unwrap().release)
        })
        .collect();
    // Without history: the earliest amendment by date (the second, 2021-03-01) had 1000 before;
    // the final value is 1500 → +50 %.
    let amended = json!({"ocid": "A3", "buyer": {"id": "B2"}, "contracts": [{"id": "c1",
        "value": {"amount": 1500, "currency": "MXN"},
        "amendments": [
            {"id": "x", "date": "2021-05-01", "changes": [{"property": "value", "former_value": {"amount": 1200}}]},
            {"id": "y", "date": "2021-03-01", "changes": [{"property": "value.amount", "former_value": 1000}]}]}]});
    // Neither history nor amendments → not measured; a string amount → not measured.
    let bare = json!({"ocid": "A4", "buyer": {"id": "B2"}, "contracts": [{"id": "c1", "value": mxn(900)}]});
    let messy = json!({"ocid": "A5", "contracts": [{"id": "c1", "value": mxn("1300"),
        "amendments": [{"changes": [{"property": "value", "former_value": 1000}]}]}]});

    let mut integrity = Integrity::new(IntegritySettings::default());
    for (compiled, versioned) in &merged {
        integrity.add(&Process::new(compiled).unwrap().with_versioned(versioned));
    }
    for p in [&amended, &bare, &messy] {
        integrity.add(&Process::new(p).unwrap());
    }
    let report = integrity.finish();
    // H1: (1300 − 1000) / 1000 = 0.3 > 0.2 → flagged; H2: 0.1; A3: 0.5 → flagged.
    assert_eq!(share(&report.dataset.value_raising_amendment), (2.0, 3.0, Some(2.0 / 3.0), 3));
    assert_eq!(report.process["H1"].value_increase, Some(0.3));
    assert_eq!(report.process["H2"].value_raising_amendment, Some(false));
    assert_eq!(report.process["A4"].value_increase, None);
    assert_eq!(report.process["A5"].value_increase, None);
    assert_eq!(flagged(&report, "INT-07"), ["H1", "A3"]);
    assert_eq!(
        fields(&report, "INT-07", "H1"),
        [
            ("/contracts/0/value/amount".into(), json!(1300)),
            (
                "/contracts/0/value/amount".into(),
                json!({"releaseID": "H1-1", "releaseDate": "2021-01-01T00:00:00Z", "value": 1000})
            )
        ]
    );
    assert_eq!(
        fields(&report, "INT-07", "A3"),
        [
            ("/contracts/0/value/amount".into(), json!(1500)),
            ("/contracts/0/amendments/1/changes/0/former_value".into(), json!(1000))
        ]
    );
    // The compiled release alone (no history, no `changes`) cannot say what H1 was first.
    let report = run_with(&[merged[0].0.clone()], IntegritySettings::default(), Inputs::default());
    assert_eq!(report.process["H1"].value_increase, None);
}

#[test]
fn int08_round_amount() {
    let processes = vec![
        // 200000 = 2·10^5 → round.
        priced("P1", "B1", "open", "2021-03-01", json!(200000)),
        // 200000.50 → not round.
        priced("P2", "B1", "open", "2021-03-01", json!(200000.50)),
        // Award 123456 is not round, its contract 1500000 is.
        {
            let mut p = priced("P3", "B1", "open", "2021-03-01", json!(123456));
            p["contracts"] =
                json!([{"id": "c1", "value": mxn(1500000)}, {"id": "c2", "status": "cancelled", "value": mxn(100000)}]);
            p
        },
        // 0 is not an amount to judge → not covered.
        priced("P4", "B1", "open", "2021-03-01", json!(0)),
        // USD while the main currency is MXN (5 amounts against 1) → not covered.
        json!({"ocid": "P5", "awards": [{"status": "active", "value": {"amount": 100000, "currency": "USD"}}]}),
    ];
    let report = run_with(&processes, IntegritySettings::default(), Inputs::default());
    assert_eq!(report.meta.currency.as_deref(), Some("MXN"));
    assert_eq!(share(&report.dataset.round_amount), (2.0, 3.0, Some(2.0 / 3.0), 3));
    assert_eq!(flagged(&report, "INT-08"), ["P1", "P3"]);
    assert_eq!(fields(&report, "INT-08", "P3"), [("/contracts/0/value/amount".into(), json!(1500000))]);
    assert_eq!(report.process["P4"].round_amount, None);

    // round_digits 6: neither 200000 nor 1500000 is a multiple of 10^6.
    let settings = IntegritySettings { round_digits: 6, ..IntegritySettings::default() };
    let report = run_with(&processes, settings, Inputs::default());
    assert_eq!(share(&report.dataset.round_amount), (0.0, 3.0, Some(0.0), 3));
    // The currency setting makes USD the one that counts: P5's 100000 is round.
    let settings = IntegritySettings { currency: Some("USD".into()), ..IntegritySettings::default() };
    let report = run_with(&processes, settings, Inputs::default());
    assert_eq!(share(&report.dataset.round_amount), (1.0, 1.0, Some(1.0), 1));
}

#[test]
fn int09_non_competitive_without_rationale() {
    let tender =
        |ocid: &str, buyer: &str, tender: Value| json!({"ocid": ocid, "buyer": {"id": buyer}, "tender": tender});
    let processes = vec![
        tender("P1", "B1", json!({"procurementMethod": "direct", "procurementMethodRationale": "Art. 41-III LAASSP"})),
        // Blank rationale → flagged.
        tender("P2", "B1", json!({"procurementMethod": "direct", "procurementMethodRationale": "  "})),
        // Limited, no rationale → flagged.
        tender("P3", "B2", json!({"procurementMethod": "limited"})),
        // Open → not covered.
        tender("P4", "B2", json!({"procurementMethod": "open"})),
        // Direct through the method map (the competition family's), no rationale → flagged.
        tender("P5", "B2", json!({"procurementMethodDetails": "ADJUDICACIÓN DIRECTA ART. 42"})),
        // Messy: the rationale is a number → not a rationale → flagged.
        tender("P6", "B2", json!({"procurementMethod": "direct", "procurementMethodRationale": 42})),
        // No method → not covered.
        tender("P7", "B2", json!({"title": "x"})),
    ];
    let report = run_with(&processes, IntegritySettings::default(), Inputs::default());
    assert_eq!(share(&report.dataset.non_competitive_without_rationale), (4.0, 5.0, Some(0.8), 5));
    assert_eq!(share(&report.buyer["B1"].non_competitive_without_rationale), (1.0, 2.0, Some(0.5), 2));
    assert_eq!(flagged(&report, "INT-09"), ["P2", "P3", "P5", "P6"]);
    assert_eq!(
        fields(&report, "INT-09", "P5"),
        [
            ("/tender/procurementMethodDetails".into(), json!("ADJUDICACIÓN DIRECTA ART. 42")),
            ("/tender/procurementMethodRationale".into(), Value::Null)
        ]
    );
    assert_eq!(report.process["P5"].method.as_deref(), Some("direct"));
    // Only `direct` counts as non-competitive: P3 (limited) leaves the denominator.
    let settings = IntegritySettings { non_competitive_methods: vec!["direct".into()], ..IntegritySettings::default() };
    let report = run_with(&processes, settings, Inputs::default());
    assert_eq!(share(&report.dataset.non_competitive_without_rationale), (3.0, 4.0, Some(0.75), 4));
}

fn line_error(result: Result<impl std::fmt::Debug, InputError>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn bad_input_tables() {
    let s = |text: &str| line_error(Sanction::read_csv(text.as_bytes()));
    let t = |text: &str| line_error(Threshold::read_csv(text.as_bytes()));
    let f = |text: &str| line_error(Founding::read_csv(text.as_bytes()));
    assert_eq!(s(""), "sanctions table, line 1: no header row");
    assert_eq!(s("id,scheme\nX,MX-RFC\n"), "sanctions table, line 1: no `list` column");
    assert_eq!(
        s("id,list,strat\nX,L,2020-01-01\n"),
        "sanctions table, line 1, column 3 (strat): unknown column (known: id, list, scheme, start, end, name)"
    );
    assert_eq!(s("id,list,id\n"), "sanctions table, line 1, column 3 (id): repeated column");
    // The blank line counts: the bad date is on line 4.
    assert_eq!(
        s("id,list,start\nX,L,2020-01-01\n\nY,L,2020/01/01\n"),
        "sanctions table, line 4, column 3 (start): \"2020/01/01\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        s("id,list,start,end\nX,L,2021-01-01,2020-01-01\n"),
        "sanctions table, line 2, column 4 (end): 2020-01-01 is before start 2021-01-01"
    );
    assert_eq!(s("id,list\n,L\n"), "sanctions table, line 2, column 1 (id): empty");
    assert_eq!(s("id,list\nX,L,extra\n"), "sanctions table, line 2: 3 fields, the header has 2");
    assert_eq!(s("id,list,name\nX,L,\"unclosed\n"), "sanctions table, line 2: unclosed quote");
    assert_eq!(
        line_error(Sanction::read_csv(&b"id,list\n\xff,L\n"[..])),
        "sanctions table: stream did not contain valid UTF-8"
    );
    let header = "buyer,year,object,method,amount\n";
    assert_eq!(
        t(&format!("{header}*,2021,*,directa,1000\n")),
        "thresholds table, line 2, column 4 (method): \"directa\" is not open, selective, limited, direct or *"
    );
    assert_eq!(
        t(&format!("{header}*,2021,*,direct,\"1,000\"\n")),
        "thresholds table, line 2, column 5 (amount): \"1,000\" is not a positive decimal (e.g. 1500000.00)"
    );
    assert_eq!(
        t(&format!("{header}*,2021,*,direct,-5\n")),
        "thresholds table, line 2, column 5 (amount): \"-5\" is not a positive decimal (e.g. 1500000.00)"
    );
    assert_eq!(
        t(&format!("{header}*,20x1,*,direct,5\n")),
        "thresholds table, line 2, column 2 (year): \"20x1\" is not a year"
    );
    assert_eq!(
        f("id,founded\nAAA,2020-01-01\naaa,2021-01-01\n"),
        "foundings table, line 3, column 2 (founded): AAA was founded on 2020-01-01 at line 2"
    );

    // A good table: a byte order mark, columns in another order and in upper case, a quoted
    // name with a comma, spaces around values, an open-ended period.
    let good = "\u{feff}LIST, Name ,id,start\n SAT-69B ,\"Uno, S.A.\", aaa-010101 aa1 ,2020-01-01\n";
    let table = Sanction::read_csv(good.as_bytes()).unwrap();
    assert_eq!(table.len(), 1);
    let row = &table[0];
    assert_eq!(
        (row.id.as_str(), row.list.as_str(), row.name.as_deref()),
        ("AAA010101AA1", "SAT-69B", Some("Uno, S.A."))
    );
    assert_eq!((row.scheme.as_ref(), row.end, row.line), (None, None, 2));
    let thresholds =
        Threshold::read_csv(format!("{header}B1,2021,goods,limited | direct,1500000.50\n").as_bytes()).unwrap();
    assert_eq!(thresholds[0].methods.as_deref(), Some(&["limited".to_owned(), "direct".to_owned()][..]));
    assert_eq!(thresholds[0].amount.to_string(), "1500000.50");
}

#[test]
fn sample_tables_parse() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/inputs");
    let sanctions = Sanction::read_csv(std::fs::File::open(dir.join("sanctions.csv")).unwrap()).unwrap();
    let thresholds = Threshold::read_csv(std::fs::File::open(dir.join("thresholds.csv")).unwrap()).unwrap();
    assert_eq!((sanctions.len(), thresholds.len()), (3, 5));
    assert_eq!(sanctions[0].name.as_deref(), Some("Comercializadora Zeta Alfa, S.A. de C.V."));
}

#[test]
fn configuration_and_wiring() {
    let config = Config::from_value(json!({"families": ["integrity"], "integrity": {
        "sanctions": "sanctions.csv", "min_age_days": 180, "margin": 0.1, "repeat_count": 3}}))
    .unwrap();
    let settings = config.integrity.clone().unwrap();
    assert_eq!((settings.min_age_days, settings.margin, settings.repeat_count), (180, 0.1, 3));
    assert_eq!(settings.window_days, 30, "unset keys keep their defaults");
    let error = Config::from_value(json!({"integrity": {"treshold": 1}})).unwrap_err();
    assert!(error.to_string().contains("treshold"), "{error}");

    // Through `Indices`: the table given, the report under `integrity`, the settings echoed.
    let mut indices = Indices::with_inputs(config.clone(), sanctions(SANCTIONS));
    for p in sanction_processes() {
        indices.add(&p);
    }
    let report = indices.finish();
    assert!(report.cardinal.is_none());
    let json = report.to_json();
    assert_eq!(json["integrity"]["dataset"]["sanctioned_supplier"]["numerator"], json!(2.0));
    assert_eq!(json["integrity"]["meta"]["settings"]["min_age_days"], json!(180));
    assert_eq!(json["integrity"]["meta"]["inputs"]["sanctions"], json!(2));
    assert_eq!(json["integrity"]["flags"][0]["level"], json!("process"));

    // The path is configured but no table was handed over: the note says so.
    let report = Indices::new(config).finish().integrity.unwrap();
    assert!(
        report.meta.notes.iter().any(|n| n.contains("`sanctions.csv` is configured but was not read")),
        "{:?}",
        report.meta.notes
    );
}

#[test]
fn huge_amounts_never_panic() {
    // Two awards of 7·10^28 (a decimal holds up to about 7.9·10^28): their sum does not fit, so
    // the process is left out of INT-04 and of INT-01's value share instead of crashing. INT-07's
    // rise from 7·10^28 to −7·10^28 does not fit either: not measured. INT-08 still reads each
    // amount: 7·10^28 is a multiple of 10^5.
    let huge = "70000000000000000000000000000";
    let text = format!(
        r#"{{"ocid": "H", "buyer": {{"id": "B"}}, "tender": {{"procurementMethod": "direct"}},
        "parties": [{{"id": "S", "identifier": {{"id": "AAA010101AA1"}}}}],
        "awards": [
          {{"status": "active", "date": "2021-03-01", "suppliers": [{{"id": "S"}}], "value": {{"amount": {huge}, "currency": "MXN"}}}},
          {{"status": "active", "date": "2021-03-02", "suppliers": [{{"id": "S"}}], "value": {{"amount": {huge}, "currency": "MXN"}}}}],
        "contracts": [{{"id": "c", "value": {{"amount": -{huge}, "currency": "MXN"}},
          "amendments": [{{"changes": [{{"property": "value", "former_value": {huge}}}]}}]}}]}}"#
    );
    let process: Value = serde_json::from_str(&text).unwrap();
    let inputs = Inputs {
        thresholds: thresholds("buyer,year,object,method,amount\n*,2021,*,direct,1000\n").thresholds,
        ..sanctions(SANCTIONS)
    };
    let report = run_with(&[process], IntegritySettings::default(), inputs);
    let row = &report.process["H"];
    assert_eq!((row.just_under_threshold, row.sanctioned_supplier, row.value_increase), (None, Some(true), None));
    assert_eq!(share(&report.dataset.sanctioned_value), (0.0, 0.0, None, 0));
    assert_eq!(row.round_amount, Some(true));
}
