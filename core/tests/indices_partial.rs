//! A dataset read in shares gives the report of one run: every family, with input tables,
//! over processes with histories, whatever the split into shares (by ocid, as a cluster
//! partitions them), the order of the processes inside a share, the order the shares are
//! combined in, and a trip through bytes.
//!
//! Decided by the single-machine run itself (`Indices::add_process` in dataset order), the
//! report `edca indices` gives and the Cardinal and reference oracles check elsewhere.

use edca::indices::budget::ApprovedBudget;
use edca::indices::inputs::{Inputs, Sanction, Threshold};
use edca::indices::{Config, Family, Indices, Partial, Process};
use edca::merge::Merger;
use edca::profile::Profile;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Process `n` of a varied dataset: buyers, suppliers, methods, amounts near the thresholds,
/// dates and statuses vary with `n`, so that every family has several buyers, suppliers and
/// flags, and sums of decimals and floats depend on the order they are taken in.
fn process(n: usize) -> Value {
    let buyer = format!("B{}", n % 4);
    let winner = format!("S{}", n % 5);
    let loser = format!("S{}", (n + 2) % 5);
    let rfc = ["ZZA150312QH1", "ZZB180905KT4", "AAA010101AAA", "XEXX010101000", "PLACEHOLDER"][n % 5];
    let method = ["open", "direct", "selective", "direct", "limited"][n % 5];
    let amount = 300_000.0 + (n as f64) * 12_345.67 + if n.is_multiple_of(7) { 0.1 } else { 0.0 };
    let chapter = ["2000", "3000", "5000"][n % 3];
    let details = [
        "Licitación Pública",
        "Adjudicación Directa",
        "Invitación a cuando menos tres",
        "ADJUDICACIÓN DIRECTA ART. 42",
        "x",
    ][n % 5];
    let contract_status = ["active", "terminated"][n % 2];
    let milestone_status = ["met", "notMet"][n % 2];
    let day = |offset: usize| format!("2021-{:02}-{:02}", 1 + (n + offset) % 12, 1 + (n * 3 + offset) % 28);
    json!({
        "ocid": format!("ocds-213czf-{}", n / if n % 11 == 5 { 2 } else { 1 }),
        "id": format!("r{n}"), "date": format!("{}T00:00:00Z", day(9)), "tag": ["compiled"],
        "buyer": {"id": buyer},
        "parties": [
            {"id": buyer, "roles": ["buyer"]},
            {"id": winner, "roles": ["supplier", "tenderer"], "identifier": {"scheme": "MX-RFC", "id": rfc},
             "details": {"foundingDate": day(0)}},
            {"id": loser, "roles": ["tenderer"]}
        ],
        "planning": {"budget": {"amount": {"amount": amount * 1.5, "currency": "MXN"},
            "budgetBreakdown": [{"id": "1", "amount": {"amount": amount, "currency": if n.is_multiple_of(9) { "USD" } else { "MXN" }},
                "classifications": {"capitulo": chapter}, "period": {"startDate": "2021-01-01"}}]},
            "milestones": [{"id": "pm", "status": "met", "dueDate": day(1), "dateMet": day(n % 3)}]},
        "tender": {"id": "t", "status": if n % 13 == 3 { "cancelled" } else { "complete" },
            "procurementMethod": method, "procurementMethodDetails": details,
            "procurementMethodRationale": if n.is_multiple_of(3) { "" } else { "art. 41" },
            "numberOfTenderers": n % 4, "tenderers": [{"id": winner}, {"id": loser}],
            "procuringEntity": {"id": format!("E{}", n % 3)},
            "tenderPeriod": {"startDate": day(2), "endDate": day(3 + n % 20)},
            "items": [{"id": "i", "classification": {"id": format!("{}", 21101001 + (n % 6) * 100000)}}],
            "documents": if n.is_multiple_of(2) { json!([{"id": "d", "documentType": "tenderNotice"}]) } else { json!([]) }},
        "bids": {"details": [
            {"id": "b1", "status": "valid", "tenderers": [{"id": winner}], "value": {"amount": amount, "currency": "MXN"}},
            {"id": "b2", "status": if n.is_multiple_of(4) { "disqualified" } else { "valid" }, "tenderers": [{"id": loser}],
             "value": {"amount": amount * (1.0 + (n % 10) as f64 / 7.0), "currency": "MXN"}}]},
        "awards": [{"id": "a1", "status": "active", "date": day(5), "suppliers": [{"id": winner}],
            "value": {"amount": amount, "currency": "MXN"},
            "items": [{"id": "i", "classification": {"id": format!("{}", 21101001 + (n % 6) * 100000)}}]}],
        "contracts": [{"id": "c1", "awardID": "a1", "status": contract_status,
            "dateSigned": day(6), "value": {"amount": amount * if n % 6 == 1 { 1.4 } else { 1.0 }, "currency": "MXN"},
            "period": {"startDate": day(7), "endDate": day(8 + n % 30)},
            "documents": if n % 3 == 1 { json!([{"id": "cd", "documentType": "contractSigned"}]) } else { json!([]) },
            "implementation": {"milestones": [{"id": "im", "status": milestone_status, "dueDate": day(8)}]}}]
    })
}

/// A compiled release and, if known, its versioned release.
type Compiled = (Value, Option<Value>);

/// The dataset: its compiled releases, and for every third process a versioned release made by
/// merging two releases of it (the second raising the contract's value).
fn dataset() -> &'static [Compiled] {
    static DATA: OnceLock<Vec<Compiled>> = OnceLock::new();
    DATA.get_or_init(|| {
        let merger = Merger::from_profile(&Profile::edca_mx()).unwrap();
        (0..90)
            .map(|n| {
                let compiled = process(n);
                if n % 3 != 0 {
                    return (compiled, None);
                }
                let mut first = compiled.clone();
                first["id"] = json!("1");
                first["tag"] = json!(["tender"]);
                first["date"] = json!("2020-12-01T00:00:00Z");
                first["contracts"][0]["value"]["amount"] = json!(100_000);
                first["contracts"][0]["implementation"]["milestones"][0]["status"] = json!("met");
                let mut second = compiled;
                second["tag"] = json!(["contractAmendment"]);
                let releases = [first, second];
                let compiled = merger.compile(&releases).unwrap().release;
                let versioned = merger.versioned(&releases).unwrap().release;
                (compiled, Some(versioned))
            })
            .collect()
    })
}

fn inputs() -> Inputs {
    let sanctions = "id,scheme,list,start,end\nZZA150312QH1,MX-RFC,SAT-69B,,\nZZB180905KT4,MX-RFC,SFP,2021-03-01,\n";
    let thresholds = "buyer,year,object,method,amount\n*,2021,*,direct,700000\nB1,2021,*,selective,900000\n";
    let approved =
        "buyer_id,year,chapter,approved_amount,currency\nB0,2021,2000,9000000,MXN\nB1,2021,3000,500000,MXN\n";
    Inputs {
        sanctions: Some(Sanction::read_csv(sanctions.as_bytes()).unwrap()),
        thresholds: Some(Threshold::read_csv(thresholds.as_bytes()).unwrap()),
        approved_budget: Some(ApprovedBudget::from_csv(approved.as_bytes()).unwrap()),
        ..Inputs::default()
    }
}

fn indices() -> Indices {
    Indices::with_inputs(Config::default(), inputs())
}

fn add(indices: &mut Indices, (compiled, versioned): &Compiled, place: Option<u64>) {
    let mut process = Process::new(compiled).unwrap();
    if let Some(versioned) = versioned {
        process = process.with_versioned(versioned);
    }
    if let Some(place) = place {
        process = process.at(place);
    }
    indices.add_process(&process);
}

/// The single-machine report: every process in dataset order.
fn whole() -> &'static Value {
    static WHOLE: OnceLock<Value> = OnceLock::new();
    WHOLE.get_or_init(|| {
        let mut all = indices();
        dataset().iter().for_each(|p| add(&mut all, p, None));
        all.finish().to_json()
    })
}

/// A cheap, salted hash of the ocid: which share a process goes to.
fn share_of(process: &Value, salt: u64, shares: usize) -> usize {
    let ocid = process["ocid"].as_str().unwrap();
    let hash = ocid.bytes().fold(salt ^ 0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    (hash % shares as u64) as usize
}

#[test]
fn the_dataset_raises_flags_in_every_family() {
    let report = whole();
    for family in ["cardinal", "competition", "completeness", "timeliness", "integrity", "budget"] {
        assert!(report.get(family).is_some(), "{family} missing");
    }
    let flags = |family: &str| report[family]["flags"].as_array().map_or(0, Vec::len);
    assert!(flags("integrity") > 5 && flags("timeliness") > 5, "{report:#}");
    assert!(report["cardinal"]["Tenderer"].as_object().is_some_and(|t| !t.is_empty()));
    assert!(report["budget"]["process"].as_object().is_some_and(|p| p.len() > 50));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any split by ocid, any order inside the shares and between them: the same report.
    #[test]
    fn shares_combine_into_the_whole(
        shares in 1usize..6,
        salt in any::<u64>(),
        inside in any::<u64>(),
        between in any::<u64>(),
        through_bytes in any::<bool>(),
    ) {
        let mut split: Vec<Vec<(u64, &Compiled)>> = vec![Vec::new(); shares];
        for (place, process) in dataset().iter().enumerate() {
            split[share_of(&process.0, salt, shares)].push((place as u64, process));
        }
        let mut partials: Vec<Partial> = split
            .into_iter()
            .map(|mut share| {
                // Inside a share, any order: the places decide.
                let k = share.len().max(1);
                share.rotate_left((inside as usize) % k);
                if inside % 2 == 1 {
                    share.reverse();
                }
                let mut part = indices();
                share.into_iter().for_each(|(place, p)| add(&mut part, p, Some(place)));
                let partial = part.partial();
                if through_bytes { Partial::from_bytes(&partial.to_bytes()).unwrap() } else { partial }
            })
            .collect();
        let k = partials.len();
        partials.rotate_left((between as usize) % k);
        let mut combined = partials.pop().unwrap();
        while let Some(next) = partials.pop() {
            combined.combine(next).unwrap();
        }
        prop_assert_eq!(combined.processes(), dataset().len() as u64);
        let mut finished = indices();
        finished.absorb(combined).unwrap();
        let report = finished.finish().to_json();
        for family in Family::ALL {
            let name = serde_json::to_value(family).unwrap();
            let name = name.as_str().unwrap();
            prop_assert_eq!(&report[name], &whole()[name], "family {}", name);
        }
        prop_assert_eq!(&report, whole());
    }
}

#[test]
fn partials_of_other_families_are_refused() {
    let only = |families: Vec<Family>| Config { families: Some(families), ..Config::default() };
    let cardinal = Indices::new(only(vec![Family::Cardinal])).partial();
    let budget = Indices::new(only(vec![Family::Budget])).partial();
    let mut left = Indices::new(only(vec![Family::Cardinal])).partial();
    assert!(left.combine(budget).is_err());
    assert!(left.combine(cardinal).is_ok());
    let mut all = Indices::new(Config::default());
    assert!(all.absorb(left).is_err());
}

#[test]
fn bytes_that_are_not_a_partial_are_refused() {
    assert!(Partial::from_bytes(b"{\"processes\": 3").is_err());
    assert!(Partial::from_bytes(b"[]").is_err());
    let mut other_format: Value =
        serde_json::from_slice(&Indices::new(Config::default()).partial().to_bytes()).unwrap();
    other_format["format"] = json!(99);
    let error = Partial::from_bytes(&serde_json::to_vec(&other_format).unwrap()).unwrap_err();
    assert!(error.to_string().contains("format 99"), "{error}");
}
