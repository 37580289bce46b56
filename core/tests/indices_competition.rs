//! Competition indicators on hand-made processes, with values worked out by hand in the comments.

use edca::indices::Process;
use edca::indices::competition::{Competition, CompetitionReport, CompetitionSettings, MixShare, ValueSource};
use edca::indices::report::{Level, Share, Trigger};
use serde_json::{Value, json};

fn award(amount: i64, status: &str, suppliers: &[&str]) -> Value {
    let suppliers: Vec<Value> = suppliers.iter().map(|s| json!({"id": s})).collect();
    json!({"status": status, "value": {"amount": amount, "currency": "MXN"}, "suppliers": suppliers})
}

fn processes() -> Vec<Value> {
    vec![
        // open, n = 1 from numberOfTenderers, awarded 100 to S1; label licitación pública.
        json!({"ocid": "A", "buyer": {"id": "B1"}, "tender": {"procurementMethod": "open",
               "procurementMethodDetails": "Licitación Pública Nacional", "numberOfTenderers": 1,
               "procuringEntity": {"id": "P1"}},
               "awards": [award(100, "active", &["S1"])]}),
        // direct from mangled details with a legal-article suffix, awarded 50 to S1.
        json!({"ocid": "B", "buyer": {"id": "B1"},
               "tender": {"procurementMethodDetails": "ADJUDICACIÓN DIRECTA ART. 41-III-LAASSP"},
               "awards": [award(50, "active", &["S1"])]}),
        // selective from a typo'd label; n = 2 distinct tender/tenderers ids; awarded 30 to S2.
        json!({"ocid": "C", "buyer": {"id": "B2"},
               "tender": {"procurementMethodDetails": "INVITACION A CUENDO MENOS TRES PERSONAS",
                          "procuringEntity": {"id": "P2"},
                          "tenderers": [{"id": "X"}, {"id": "Y"}, {"id": "X"}]},
               "awards": [award(30, "active", &["S2"])]}),
        // no method at all: left out of every method ratio, its 1000 too; S3's win still counts
        // for B2's supplier concentration (COMP-06 needs no method).
        json!({"ocid": "D", "buyer": {"id": "B2"}, "awards": [award(1000, "active", &["S3"])]}),
        // open; n = 3 submitted bidders (the withdrawn bid does not count); the pending award's
        // 999 does not count; the consortium S1+S2 splits 20 into 10 each.
        json!({"ocid": "E", "buyer": {"id": "B2"}, "tender": {"procurementMethod": "open", "procuringEntity": {"id": "P1"}},
               "bids": {"details": [
                   {"status": "valid", "tenderers": [{"id": "T1"}]},
                   {"status": "disqualified", "tenderers": [{"id": "T2"}]},
                   {"status": "pending", "tenderers": [{"id": "T3"}]},
                   {"status": "withdrawn", "tenderers": [{"id": "T4"}]}]},
               "awards": [award(20, "active", &["S1", "S2"]), award(999, "pending", &["S9"])]}),
        // cancelled: left out entirely.
        json!({"ocid": "F", "buyer": {"id": "B1"}, "tender": {"procurementMethod": "direct", "status": "cancelled"},
               "awards": [award(5, "active", &["S1"])]}),
        // direct; the active award has no value, so the value is the active contract's 70 (the
        // pending contract's 500 does not count); S4 wins an award without value.
        json!({"ocid": "G", "buyer": {"id": "B1"}, "tender": {"procurementMethod": "direct"},
               "awards": [{"status": "active", "suppliers": [{"id": "S4"}]}],
               "contracts": [{"status": "active", "value": {"amount": 70, "currency": "MXN"}},
                             {"status": "pending", "value": {"amount": 500, "currency": "MXN"}}]}),
        // messy: a number for the method (no method), unmapped details (label otro), a string
        // for numberOfTenderers (n unknown), a string amount (no value), a number for a supplier
        // id (skipped), contracts not an array.
        json!({"ocid": "H", "buyer": {"id": "B3"},
               "tender": {"procurementMethod": 42, "procurementMethodDetails": "Convenio entre entes públicos",
                          "numberOfTenderers": "3"},
               "awards": [{"status": "active", "value": {"amount": "100", "currency": "MXN"}, "suppliers": [{"id": 7}]}],
               "contracts": "none"}),
        // not a string ocid: not a process.
        json!({"ocid": 5, "buyer": {"id": "B1"}, "tender": {"procurementMethod": "direct"}}),
    ]
}

fn run_with(settings: CompetitionSettings, releases: &[Value]) -> CompetitionReport {
    let mut competition = Competition::new(settings);
    for release in releases {
        competition.add(&Process::new(release).unwrap());
    }
    competition.finish()
}

fn run() -> CompetitionReport {
    run_with(CompetitionSettings::default(), &processes())
}

/// A share with an exact value.
fn exact(numerator: f64, denominator: f64, coverage: u64) -> Share {
    Share::of(numerator, denominator, coverage)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn dataset_direct_shares_and_tenderers() {
    let r = run();
    assert_eq!(r.meta.currency.as_deref(), Some("MXN"));
    let d = &r.dataset;
    // A, B, C, D, E, G, H (F cancelled, the numeric ocid is not a process).
    assert_eq!(d.processes, 7);
    // COMP-01: B and G direct of A, B, C, E, G with a method.
    assert_eq!(d.direct_share_count, exact(2.0, 5.0, 5));
    // COMP-02: 50 + 70 (G, from its contract) of 100 + 50 + 30 + 20 + 70 = 270.
    assert_eq!(d.direct_share_value, exact(120.0, 270.0, 5));
    // COMP-04/05: competitive with n: A (1), C (2), E (3); H's string n is unknown.
    assert_eq!(d.single_bidder_rate, exact(1.0, 3.0, 3));
    assert_eq!(d.mean_tenderers, exact(6.0, 3.0, 3));
    assert_eq!(d.low_participation_share, exact(3.0, 3.0, 3));
    assert_eq!(r.meta.unmapped_details.get("convenio entre entes publicos"), Some(&1));
}

#[test]
fn method_mix() {
    let d = run().dataset;
    let mix = |count: (f64, f64, u64), value: (f64, f64, u64)| MixShare {
        count: exact(count.0, count.1, count.2),
        value: exact(value.0, value.1, value.2),
    };
    // COMP-03 by method: open A (100) and E (20); selective C (30); direct B (50), G (70);
    // 5 with a method, all 5 valued, 270 in all.
    assert_eq!(d.method_mix.keys().collect::<Vec<_>>(), ["open", "selective", "limited", "direct"]);
    assert_eq!(d.method_mix["open"], mix((2.0, 5.0, 5), (120.0, 270.0, 5)));
    assert_eq!(d.method_mix["selective"], mix((1.0, 5.0, 5), (30.0, 270.0, 5)));
    assert_eq!(d.method_mix["limited"], mix((0.0, 5.0, 5), (0.0, 270.0, 5)));
    assert_eq!(d.method_mix["direct"], mix((2.0, 5.0, 5), (120.0, 270.0, 5)));
    // By label: A licitación (100), B adjudicación directa (50), C invitación (30), H otro (no
    // value); 4 with details, 3 valued, 180 in all. E and G have no details.
    assert_eq!(
        d.label_mix.keys().collect::<Vec<_>>(),
        ["adjudicacion_directa", "invitacion_cuando_menos_tres", "licitacion_publica", "otro"]
    );
    assert_eq!(d.label_mix["licitacion_publica"], mix((1.0, 4.0, 4), (100.0, 180.0, 3)));
    assert_eq!(d.label_mix["invitacion_cuando_menos_tres"], mix((1.0, 4.0, 4), (30.0, 180.0, 3)));
    assert_eq!(d.label_mix["adjudicacion_directa"], mix((1.0, 4.0, 4), (50.0, 180.0, 3)));
    assert_eq!(d.label_mix["otro"], mix((1.0, 4.0, 4), (0.0, 180.0, 3)));
}

#[test]
fn buyer_level() {
    let r = run();
    assert_eq!(r.buyer.keys().collect::<Vec<_>>(), ["B1", "B2", "B3"]);
    let b1 = &r.buyer["B1"].level;
    // B1: A open, B and G direct; values 100, 50, 70.
    assert_eq!(b1.processes, 3);
    assert_eq!(b1.direct_share_count, exact(2.0, 3.0, 3));
    assert_eq!(b1.direct_share_value, exact(120.0, 220.0, 3));
    assert_eq!(b1.single_bidder_rate, exact(1.0, 1.0, 1));
    // B2: C and E have a method, D does not (left out, not scored 0).
    let b2 = &r.buyer["B2"].level;
    assert_eq!(b2.processes, 3);
    assert_eq!(b2.direct_share_count, exact(0.0, 2.0, 2));
    assert_eq!(b2.direct_share_value, exact(0.0, 50.0, 2));
    assert_eq!(b2.mean_tenderers, exact(5.0, 2.0, 2));
    // B3: nothing measurable: null values, coverage 0.
    let b3 = &r.buyer["B3"].level;
    assert_eq!(b3.direct_share_count, Share { numerator: 0.0, denominator: 0.0, value: None, coverage: 0 });
    assert_eq!(b3.label_mix["otro"].count, exact(1.0, 1.0, 1));
}

#[test]
fn supplier_concentration_per_buyer() {
    let r = run();
    // B1: S1 won 100 (A) + 50 (B); G's award has no value. Share 150/150, HHI 1.
    let b1 = &r.buyer["B1"].concentration;
    assert_eq!(b1.top_supplier.as_deref(), Some("S1"));
    assert_eq!(b1.top_supplier_share, exact(150.0, 150.0, 2));
    assert_eq!(b1.hhi, Some(1.0));
    // B2: S3 1000 (D), S2 30 (C) + 10 (E), S1 10 (E) = 1050; share 1000/1050;
    // HHI = (1000² + 40² + 10²) / 1050² = 1001700 / 1102500.
    let b2 = &r.buyer["B2"].concentration;
    assert_eq!(b2.top_supplier.as_deref(), Some("S3"));
    assert_eq!(b2.top_supplier_share, exact(1000.0, 1050.0, 3));
    assert!(close(b2.hhi, 1001700.0 / 1102500.0));
    // B3: no value, no supplier id: not measured.
    let b3 = &r.buyer["B3"].concentration;
    assert_eq!((b3.top_supplier.as_deref(), b3.hhi, b3.top_supplier_share.value), (None, None, None));
    // Both B1 (1.0) and B2 (0.952) exceed max_share 0.5.
    assert_eq!(
        r.flags.iter().map(|f| (f.indicator.as_str(), f.id.as_str())).collect::<Vec<_>>(),
        [("COMP-06", "B1"), ("COMP-06", "B2")]
    );
    let flag = &r.flags[0];
    assert_eq!((flag.level, flag.value), (Level::Buyer, Some(1.0)));
    assert_eq!(
        flag.fields,
        [
            Trigger::new("/buyer/id", "B1"),
            Trigger::new("/ocid", "A"),
            Trigger::new("/awards/0/suppliers/0/id", "S1"),
            Trigger::new("/awards/0/value/amount", 100.0),
            Trigger::new("/ocid", "B"),
            Trigger::new("/awards/0/suppliers/0/id", "S1"),
            Trigger::new("/awards/0/value/amount", 50.0),
        ]
    );
}

#[test]
fn max_share_setting() {
    // With max_share 0.96, only B1 (1.0) is flagged; B2 (0.952) is not.
    let settings = CompetitionSettings { max_share: 0.96, ..CompetitionSettings::default() };
    let r = run_with(settings, &processes());
    assert_eq!(r.flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["B1"]);
}

#[test]
fn procuring_entity_level() {
    let r = run();
    // P1: A (n = 1) and E (n = 3); P2: C (n = 2).
    assert_eq!(r.procuring_entity.keys().collect::<Vec<_>>(), ["P1", "P2"]);
    assert_eq!(r.procuring_entity["P1"].processes, 2);
    assert_eq!(r.procuring_entity["P1"].single_bidder_rate, exact(1.0, 2.0, 2));
    assert_eq!(r.procuring_entity["P2"].single_bidder_rate, exact(0.0, 1.0, 1));
}

#[test]
fn supplier_level() {
    let r = run();
    // Active awards, first seen: S1 (A, B, E), S2 (C, E), S3 (D), S4 (G); H's numeric id and
    // E's pending S9 do not count.
    assert_eq!(r.supplier.keys().collect::<Vec<_>>(), ["S1", "S2", "S3", "S4"]);
    // S1: 100 + 50 + 10 (half of E's 20); direct: B of A (open), B, E (open).
    assert_eq!(r.supplier["S1"].awards, 3);
    assert_eq!(r.supplier["S1"].value, Some(160.0));
    assert_eq!(r.supplier["S1"].direct_share, exact(1.0, 3.0, 3));
    // S2: 30 + 10; C selective, E open.
    assert_eq!((r.supplier["S2"].awards, r.supplier["S2"].value), (2, Some(40.0)));
    assert_eq!(r.supplier["S2"].direct_share, exact(0.0, 2.0, 2));
    // S3: D has no method: its direct share is not measurable.
    assert_eq!(r.supplier["S3"].value, Some(1000.0));
    assert_eq!(r.supplier["S3"].direct_share.value, None);
    // S4: an award without value in a direct process.
    assert_eq!((r.supplier["S4"].value, r.supplier["S4"].direct_share), (None, exact(1.0, 1.0, 1)));
}

#[test]
fn process_rows_and_sources() {
    let r = run();
    assert_eq!(r.process.keys().collect::<Vec<_>>(), ["A", "B", "C", "D", "E", "G", "H"]);
    let p = &r.process;
    assert_eq!((p["B"].method.as_deref(), p["B"].label.as_deref()), (Some("direct"), Some("adjudicacion_directa")));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["process"]["B"]["method_source"], "details");
    assert_eq!(json["process"]["A"]["method_source"], "procurement_method");
    assert_eq!(json["process"]["C"]["tenderers_source"], "tenderers");
    assert_eq!(json["process"]["E"]["tenderers_source"], "bids");
    assert_eq!((p["C"].tenderers, p["E"].tenderers), (Some(2), Some(3)));
    assert_eq!(p["C"].procuring_entity.as_deref(), Some("P2"));
    // COMP-02's source: awards, else contracts, else none.
    assert_eq!((p["E"].awarded_value, p["E"].value_source), (Some(20.0), Some(ValueSource::Awards)));
    assert_eq!((p["G"].awarded_value, p["G"].value_source), (Some(70.0), Some(ValueSource::Contracts)));
    assert_eq!(json["process"]["G"]["value_source"], "contracts");
    assert_eq!((p["H"].awarded_value, p["H"].value_source, p["H"].method.as_deref()), (None, None, None));
    assert_eq!(p["H"].tenderers, None);
}

#[test]
fn details_first_overrides_a_declared_method() {
    let settings = CompetitionSettings { details_first: true, ..CompetitionSettings::default() };
    let r = run_with(
        settings,
        &[json!({"ocid": "L", "tender": {"procurementMethod": "limited",
        "procurementMethodDetails": "Adjudicación Directa"}})],
    );
    assert_eq!(r.process["L"].method.as_deref(), Some("direct"));
    assert_eq!(r.dataset.direct_share_count, exact(1.0, 1.0, 1));
}

#[test]
fn main_currency_is_the_one_of_most_amounts() {
    // Two USD award amounts against one MXN: USD counts, MXN is left out of the value shares.
    let releases = [
        json!({"ocid": "U", "tender": {"procurementMethod": "direct"}, "awards": [
            {"status": "active", "value": {"amount": 10, "currency": "USD"}},
            {"status": "active", "value": {"amount": 30, "currency": "USD"}}]}),
        json!({"ocid": "M", "tender": {"procurementMethod": "open"}, "awards": [award(1000, "active", &["S1"])]}),
    ];
    let r = run_with(CompetitionSettings::default(), &releases);
    assert_eq!(r.meta.currency.as_deref(), Some("USD"));
    assert_eq!(r.dataset.direct_share_value, exact(40.0, 40.0, 1));
    assert_eq!(r.process["M"].awarded_value, None);
    // The setting overrides it.
    let settings = CompetitionSettings { currency: Some("MXN".into()), ..CompetitionSettings::default() };
    let r = run_with(settings, &releases);
    assert_eq!(r.dataset.direct_share_value, exact(0.0, 1000.0, 1));
}

#[test]
fn configured_label_map() {
    // A label rule of the user's; details it does not match are `otro`.
    let settings: CompetitionSettings = serde_json::from_value(json!({
        "label_map": [{"contains": ["convenio"], "label": "convenio"}]
    }))
    .unwrap();
    let r = run_with(settings, &processes());
    assert_eq!(r.dataset.label_mix.keys().collect::<Vec<_>>(), ["convenio", "otro"]);
    // H is a convenio; A, B, C are `otro` under this map.
    assert_eq!(r.dataset.label_mix["convenio"].count, exact(1.0, 4.0, 4));
    assert_eq!(r.dataset.label_mix["otro"].count, exact(3.0, 4.0, 4));
    assert!(serde_json::from_value::<CompetitionSettings>(json!({"max_shares": 1})).is_err());
}

#[test]
fn huge_amounts_are_absent_never_an_overflow() {
    // Two awards of 5·10^27 would overflow a 28-digit decimal when summed; amounts above 10^15
    // are read as absent, so the process has no value and the 10 of Y is the only one.
    let huge: Value = serde_json::from_str("5000000000000000000000000000").unwrap();
    let releases = [
        json!({"ocid": "X", "buyer": {"id": "B"}, "tender": {"procurementMethod": "direct"}, "awards": [
            {"status": "active", "value": {"amount": huge.clone(), "currency": "MXN"}, "suppliers": [{"id": "S"}]},
            {"status": "active", "value": {"amount": huge, "currency": "MXN"}, "suppliers": [{"id": "S"}]}]}),
        json!({"ocid": "Y", "buyer": {"id": "B"}, "tender": {"procurementMethod": "open"}, "awards": [award(10, "active", &["T"])]}),
    ];
    let r = run_with(CompetitionSettings::default(), &releases);
    assert_eq!((r.process["X"].awarded_value, r.process["X"].value_source), (None, None));
    assert_eq!(r.dataset.direct_share_value, exact(0.0, 10.0, 1));
    assert_eq!(r.supplier["S"].value, None);
}
