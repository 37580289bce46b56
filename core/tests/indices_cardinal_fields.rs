//! The fields that triggered each of Cardinal's flags, on processes worked by hand: every
//! expected pointer and value below is read off the release written next to it, and every
//! organisation's processes are counted from the releases of the test.

use edca::indices::cardinal::{Cardinal, CardinalReport, CardinalSettings, Code, FlagFields, Group, Processes};
use edca::indices::report::Trigger;
use serde_json::{Value, json};

fn run(settings: Value, releases: &[Value]) -> CardinalReport {
    let settings: CardinalSettings = serde_json::from_value(settings).unwrap();
    let mut cardinal = Cardinal::new(settings);
    for release in releases {
        cardinal.add(release);
    }
    cardinal.finish()
}

fn fields<'a>(report: &'a CardinalReport, group: Group, id: &str, code: Code) -> &'a FlagFields {
    assert!(report.results[&group][id].contains_key(&code), "{group:?} {id} {code:?} is not flagged");
    &report.fields[&group][id][&code]
}

fn read(triggers: &[(&str, Value)]) -> FlagFields {
    FlagFields::Read(triggers.iter().map(|(pointer, value)| Trigger::new(*pointer, value.clone())).collect())
}

fn processes(count: u64, ocids: &[&str]) -> FlagFields {
    FlagFields::Processes(Processes { count, ocids: ocids.iter().map(|o| o.to_string()).collect() })
}

fn bid(status: &str, tenderer: &str, amount: i64) -> Value {
    json!({"status": status, "tenderers": [{"id": tenderer}], "value": {"amount": amount, "currency": "USD"}})
}

/// R003: 3 whole days (1 Jan 00:00 → 4 Jan 12:00). Process `a` has details `x`, whose own
/// threshold (5) applied, so the details are a field; `b` has details `y`, without a threshold
/// of its own, so the general 15 applied and the details are not a field. The method is a field
/// because `procurement_methods` restricts R003.
#[test]
fn r003_names_the_dates_and_what_set_the_threshold() {
    let period = json!({"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-01-04T12:00:00Z"});
    let report = run(
        json!({"R003": {"procurement_methods": "open", "procurement_method_details": {"x": 5}}}),
        &[
            json!({"ocid": "a", "tender": {"procurementMethod": "open", "procurementMethodDetails": "x", "tenderPeriod": period}}),
            json!({"ocid": "b", "tender": {"procurementMethod": "open", "procurementMethodDetails": "y", "tenderPeriod": period}}),
        ],
    );
    let dates = [
        ("/tender/tenderPeriod/startDate", json!("2024-01-01T00:00:00Z")),
        ("/tender/tenderPeriod/endDate", json!("2024-01-04T12:00:00Z")),
        ("/tender/procurementMethod", json!("open")),
    ];
    let mut with_details = dates.to_vec();
    with_details.push(("/tender/procurementMethodDetails", json!("x")));
    assert_eq!(fields(&report, Group::Ocid, "a", Code::R003), &read(&with_details));
    assert_eq!(fields(&report, Group::Ocid, "b", Code::R003), &read(&dates));
}

/// R018: one tenderer in an open tender.
#[test]
fn r018_names_the_count_and_the_method() {
    let report = run(
        json!({"R018": {}}),
        &[json!({"ocid": "a", "tender": {"procurementMethod": "open", "numberOfTenderers": 1}})],
    );
    let expected = read(&[("/tender/numberOfTenderers", json!(1)), ("/tender/procurementMethod", json!("open"))]);
    assert_eq!(fields(&report, Group::Ocid, "a", Code::R018), &expected);
}

/// R024 and R058 with thresholds 0.05 and 0.5. `close`: W won with 100 (bid 0), the lowest
/// losing bid is L's 102 (bid 1; M's 150 is higher): gap 0.02 ≤ 0.05. `far`: W won with 100
/// (bid 1), L lost with 300 (bid 0): gap 2 ≥ 0.5. R025 (threshold 0.5): W won 2 of 2, L won 0
/// of 2 (≥ the 75th percentile of the counts 2, 2, 1), so L is flagged from both processes.
#[test]
fn price_gaps_name_both_bids_and_tenderers_their_processes() {
    let won = json!([{"status": "active", "suppliers": [{"id": "W"}]}]);
    let report = run(
        json!({"R024": {"threshold": 0.05}, "R058": {"threshold": 0.5}, "R025": {"threshold": 0.5}}),
        &[
            json!({"ocid": "close", "awards": won,
                "bids": {"details": [bid("valid", "W", 100), bid("valid", "L", 102), bid("valid", "M", 150)]}}),
            json!({"ocid": "far", "awards": won, "bids": {"details": [bid("valid", "L", 300), bid("valid", "W", 100)]}}),
        ],
    );
    let close = read(&[("/bids/details/0/value/amount", json!(100)), ("/bids/details/1/value/amount", json!(102))]);
    assert_eq!(fields(&report, Group::Ocid, "close", Code::R024), &close);
    let far = read(&[("/bids/details/1/value/amount", json!(100)), ("/bids/details/0/value/amount", json!(300))]);
    assert_eq!(fields(&report, Group::Ocid, "far", Code::R058), &far);
    assert_eq!(fields(&report, Group::Tenderer, "W", Code::R024), &processes(1, &["close"]));
    assert_eq!(fields(&report, Group::Tenderer, "L", Code::R024), &processes(1, &["close"]));
    assert_eq!(fields(&report, Group::Tenderer, "W", Code::R058), &processes(1, &["far"]));
    assert_eq!(fields(&report, Group::Tenderer, "L", Code::R025), &processes(2, &["close", "far"]));
    assert!(!report.results[&Group::Tenderer].contains_key("M"), "M's gap is not the runner-up's");
}

/// R028: bids 0 (T1) and 2 (T3) are both 50 USD; bid 1 (T2, 60) is not.
#[test]
fn r028_names_the_equal_bids() {
    let report = run(
        json!({"R028": {}}),
        &[json!({"ocid": "same",
            "bids": {"details": [bid("valid", "T1", 50), bid("valid", "T2", 60), bid("valid", "T3", 50)]}})],
    );
    let expected = read(&[
        ("/bids/details/0/value", json!({"amount": 50, "currency": "USD"})),
        ("/bids/details/2/value", json!({"amount": 50, "currency": "USD"})),
    ]);
    assert_eq!(fields(&report, Group::Ocid, "same", Code::R028), &expected);
    assert_eq!(fields(&report, Group::Tenderer, "T1", Code::R028), &processes(1, &["same"]));
    assert_eq!(fields(&report, Group::Tenderer, "T3", Code::R028), &processes(1, &["same"]));
    assert!(!report.results[&Group::Tenderer].contains_key("T2"));
}

/// R030: the tender closed on 10 January; L's bid (0) of the 11th is late but L did not win;
/// W's bid (1) of the 12th is late and W won.
#[test]
fn r030_names_the_late_winning_bid_and_the_end_date() {
    let late = |tenderer: &str, date: &str| json!({"status": "valid", "date": date, "tenderers": [{"id": tenderer}]});
    let report = run(
        json!({"R030": {}}),
        &[json!({"ocid": "late", "tender": {"tenderPeriod": {"endDate": "2024-01-10T00:00:00Z"}},
            "awards": [{"status": "active", "suppliers": [{"id": "W"}]}],
            "bids": {"details": [late("L", "2024-01-11T00:00:00Z"), late("W", "2024-01-12T00:00:00Z")]}})],
    );
    let expected = read(&[
        ("/bids/details/1/date", json!("2024-01-12T00:00:00Z")),
        ("/tender/tenderPeriod/endDate", json!("2024-01-10T00:00:00Z")),
    ]);
    assert_eq!(fields(&report, Group::Ocid, "late", Code::R030), &expected);
    assert_eq!(fields(&report, Group::Tenderer, "W", Code::R030), &processes(1, &["late"]));
}

/// R035: W's bid (0) is the only valid one and W won; X (bid 1) and Y (bid 3) were disqualified,
/// so 2 other tenderers; W's own disqualified bid (2) is not a field.
#[test]
fn r035_names_the_other_tenderers_disqualified_bids() {
    let report = run(
        json!({"R035": {}}),
        &[json!({"ocid": "alone", "awards": [{"status": "active", "suppliers": [{"id": "W"}]}],
            "bids": {"details": [bid("valid", "W", 1), bid("disqualified", "X", 2), bid("disqualified", "W", 3),
                bid("disqualified", "Y", 4)]}})],
    );
    assert_eq!(report.results[&Group::Ocid]["alone"][&Code::R035], 2.0);
    let expected =
        read(&[("/bids/details/1/status", json!("disqualified")), ("/bids/details/3/status", json!("disqualified"))]);
    assert_eq!(fields(&report, Group::Ocid, "alone", Code::R035), &expected);
    assert_eq!(fields(&report, Group::Tenderer, "W", Code::R035), &processes(1, &["alone"]));
}

/// R036: the lowest bid (1, 90 USD) was disqualified while A's 100 was valid.
#[test]
fn r036_names_the_lowest_bids_status_and_amount() {
    let report = run(
        json!({"R036": {}}),
        &[json!({"ocid": "lowest", "awards": [{"status": "active", "suppliers": [{"id": "A"}]}],
            "bids": {"details": [bid("valid", "A", 100), bid("disqualified", "B", 90)]}})],
    );
    let expected =
        read(&[("/bids/details/1/status", json!("disqualified")), ("/bids/details/1/value/amount", json!(90))]);
    assert_eq!(fields(&report, Group::Ocid, "lowest", Code::R036), &expected);
}

/// R038 (threshold 0.5): buyer B1 and entity E1 received 6 bids in `d0`, `d1`, `d2`, 3 of them
/// disqualified (0.5); only `d1` and `d2` had a disqualified bid. T2 sent 3 bids, all
/// disqualified, two of them in `d2`: `d2` counts once.
#[test]
fn r038_names_the_processes_with_disqualified_bids() {
    let process = |ocid: &str, bids: Value| json!({"ocid": ocid, "buyer": {"id": "B1"}, "tender": {"procuringEntity": {"id": "E1"}}, "bids": {"details": bids}});
    let report = run(
        json!({"R038": {"threshold": 0.5}}),
        &[
            process("d0", json!([bid("valid", "T1", 1), bid("valid", "T4", 2)])),
            process("d1", json!([bid("valid", "T1", 1), bid("disqualified", "T2", 2)])),
            process("d2", json!([bid("disqualified", "T2", 1), bid("disqualified", "T2", 2)])),
        ],
    );
    assert_eq!(report.results[&Group::Buyer]["B1"][&Code::R038], 0.5);
    assert_eq!(fields(&report, Group::Buyer, "B1", Code::R038), &processes(2, &["d1", "d2"]));
    assert_eq!(fields(&report, Group::ProcuringEntity, "E1", Code::R038), &processes(2, &["d1", "d2"]));
    assert_eq!(fields(&report, Group::Tenderer, "T2", Code::R038), &processes(2, &["d1", "d2"]));
}

/// R048 (2 digits, threshold 2, from 1 process): S's active awards have classes 4410 and 5520
/// in `c1`, and 4411 in `c2`: 2 prefixes, from 2 processes.
#[test]
fn r048_names_the_suppliers_processes() {
    let award = |codes: &[&str]| {
        let items: Vec<Value> = codes.iter().map(|c| json!({"classification": {"id": c}})).collect();
        json!([{"status": "active", "suppliers": [{"id": "S"}], "items": items}])
    };
    let report = run(
        json!({"R048": {"threshold": 2, "minimum_contracting_processes": 1}}),
        &[json!({"ocid": "c1", "awards": award(&["4410", "5520"])}), json!({"ocid": "c2", "awards": award(&["4411"])})],
    );
    assert_eq!(fields(&report, Group::Tenderer, "S", Code::R048), &processes(2, &["c1", "c2"]));
}

/// An organisation lists at most 20 ocids: L loses 25 processes to W (R025, threshold 0.5), so
/// its count is 25 and its ocids are the first 20, in input order.
#[test]
fn organisations_list_the_first_twenty_processes_and_count_all() {
    let releases: Vec<Value> = (0..25)
        .map(|n| {
            json!({"ocid": format!("p{n:02}"), "awards": [{"status": "active", "suppliers": [{"id": "W"}]}],
                "bids": {"details": [bid("valid", "W", 1), bid("valid", "L", 2)]}})
        })
        .collect();
    let report = run(json!({"R025": {"threshold": 0.5}}), &releases);
    let first: Vec<String> = (0..20).map(|n| format!("p{n:02}")).collect();
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    assert_eq!(fields(&report, Group::Tenderer, "L", Code::R025), &processes(25, &first));
}

/// `to_json`: `Fields` only when asked, shaped like the groups; the flags themselves unchanged.
#[test]
fn fields_in_cardinal_json() {
    let report = run(
        json!({"R018": {}}),
        &[json!({"ocid": "a", "tender": {"procurementMethod": "open", "numberOfTenderers": 1}})],
    );
    assert_eq!(report.to_json(true, false), json!({"OCID": {"a": {"R018": 1.0}}, "Meta": {}}));
    assert_eq!(
        report.to_json(false, true),
        json!({"OCID": {"a": {"R018": 1.0}}, "Fields": {"OCID": {"a": {"R018": [
            {"pointer": "/tender/numberOfTenderers", "value": 1},
            {"pointer": "/tender/procurementMethod", "value": "open"},
        ]}}}})
    );
}
