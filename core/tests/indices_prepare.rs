//! Cardinal's data preparation (`prepare`). The fixtures of cardinal-rs decide the corrected
//! releases: each `prepare/NAME.jsonl`, prepared with the settings `NAME.ini`, must give
//! `NAME.output` byte for byte (members in order, numbers as written). Cardinal ships no
//! expected issues, so the issue rows below are worked out by hand from Cardinal's rules
//! (docs/cli/prepare.md and its `Prepare::run`), one case per rule.

mod common;

use edca::indices::cardinal::CardinalSettings;
use edca::indices::cardinal::prepare::{Field, Prepare, Problem};
use serde_json::Value;
use std::path::Path;

/// Prepares every non-blank line of `jsonl`; returns the corrected lines and the issue rows
/// (a line's number is its position in the file, as in Cardinal).
fn run(settings: &CardinalSettings, jsonl: &str) -> (String, String) {
    let prepare = Prepare::new(settings).unwrap();
    let (mut output, mut issues) = (String::new(), String::new());
    for (index, line) in jsonl.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let release: Value = serde_json::from_str(line).unwrap();
        let prepared = prepare.prepare(release);
        output.push_str(&serde_json::to_string(&prepared.release).unwrap());
        output.push('\n');
        issues.push_str(&prepared.issues_csv(index as u64 + 1));
    }
    (output, issues)
}

#[test]
fn every_cardinal_fixture() {
    let Some(shared) = common::shared() else { return };
    let dir = shared.join("fixtures/cardinal/prepare");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 9, "27 files: 9 cases of .jsonl, .ini, .output");
    for name in names {
        let read = |extension: &str| std::fs::read_to_string(dir.join(format!("{name}.{extension}"))).unwrap();
        let settings = CardinalSettings::from_ini(&read("ini")).unwrap_or_else(|e| panic!("{name}.ini: {e}"));
        let (output, _) = run(&settings, &read("jsonl"));
        assert_eq!(output, read("output"), "{name}");
    }
}

fn settings(ini: &str) -> CardinalSettings {
    CardinalSettings::from_ini(ini).unwrap()
}

fn fixture(name: &str) -> Option<String> {
    let shared = common::shared()?;
    Some(std::fs::read_to_string(shared.join(Path::new("fixtures/cardinal/prepare").join(name))).unwrap())
}

/// Cardinal's `defaults.jsonl` without settings: each missing currency, scheme and status is
/// reported (bids first, then awards), with the array indexes on its path.
#[test]
fn missing_values_are_reported_without_defaults() {
    let Some(jsonl) = fixture("defaults.jsonl") else { return };
    let (output, issues) = run(&CardinalSettings::default(), &jsonl);
    assert_eq!(
        issues,
        "1,,/bids/details[]/value/currency,0,,not set\n\
         1,,/bids/details[]/items[]/classification/scheme,0.0,,not set\n\
         1,,/bids/details[]/status,0,,not set\n\
         1,,/awards[]/items[]/classification/scheme,0.0,,not set\n\
         1,,/awards[]/status,0,,not set\n\
         2,,/bids/details[]/status,0,,not set\n\
         2,,/awards[]/status,0,,not set\n\
         3,,/bids/details[]/status,0,,not set\n\
         3,,/awards[]/status,0,,not set\n"
    );
    // Only the corrections that cannot be turned off: the object of suppliers became an array.
    let line = output.lines().nth(1).unwrap();
    assert!(line.contains(r#""awards":[{"suppliers":[{"id":"T"}]}]"#), "{line}");
    assert!(line.contains(r#""roles":["custom"]"#), "{line}");
}

/// Cardinal's documented demonstration (docs/examples/prepare.jsonl): a bid without status.
#[test]
fn cardinal_demonstration_row() {
    let jsonl = r#"{"ocid":"ocds-213czf-1","bids":{"details":[{"id":1}]}}"#;
    let (output, issues) = run(&CardinalSettings::default(), jsonl);
    assert_eq!(issues, "1,ocds-213czf-1,/bids/details[]/status,0,,not set\n");
    assert_eq!(output, format!("{jsonl}\n"), "a bid's id is not among the ids made text");
}

/// Re-mapped codes are checked after re-mapping; an unknown code is reported with its value;
/// a zero amount that is not redacted is reported; a redacted amount is removed (equal as a
/// number: 0.0 is 0).
#[test]
fn invalid_codes_and_zero_amounts() {
    let ini = "[defaults]\ncurrency = USD\n[codelists.bid_status]\nQualified = valid\n\
               [codelists.award_status]\nActive = Activo\n[redactions]\namount = 99999999\n";
    let jsonl = r#"{"ocid":"a","bids":{"details":[{"status":"Qualified","value":{"amount":0}},{"status":"Otro, \"x\"","value":{"amount":99999999.0,"currency":"MXN"}}]},"awards":[{"status":"Active"}]}"#;
    let (output, issues) = run(&settings(ini), jsonl);
    assert_eq!(
        issues,
        "1,a,/bids/details[]/value/amount,0,,is zero\n\
         1,a,/bids/details[]/status,1,\"Otro, \"\"x\"\"\",invalid\n\
         1,a,/awards[]/status,0,Activo,invalid\n"
    );
    assert_eq!(
        output,
        "{\"ocid\":\"a\",\"bids\":{\"details\":[{\"status\":\"valid\",\"value\":{\"amount\":0,\"currency\":\"USD\"}},\
         {\"status\":\"Otro, \\\"x\\\"\",\"value\":{\"currency\":\"MXN\"}}]},\"awards\":[{\"status\":\"Activo\"}]}\n"
    );
}

/// The typed issues behind the CSV, and the warning when auctions cannot move.
#[test]
fn typed_issues_and_auction_warning() {
    let prepare = Prepare::new(&settings("[modifications]\nmove_auctions = true\n")).unwrap();
    let release = serde_json::json!({"auctions": [], "bids": {"details": [{"status": "valid"}]}, "awards": [{}]});
    let prepared = prepare.prepare(release.clone());
    assert!(prepared.auctions_not_moved);
    assert_eq!(prepared.release, release);
    assert_eq!(prepared.issues.len(), 1);
    let issue = &prepared.issues[0];
    assert_eq!((issue.field, issue.indexes.as_slice(), issue.problem), (Field::AwardStatus, &[0][..], Problem::NotSet));
    assert_eq!(serde_json::to_value(issue).unwrap()["field"], "/awards[]/status");
}

/// Odd data never panics: non-object bids and awards, a null bid with a default status (becomes
/// an object, as in Cardinal), non-object parties and references.
#[test]
fn odd_shapes_are_survived() {
    let ini = "[defaults]\nbid_status = valid\naward_status = active\nparty_roles = true\n";
    let jsonl = r#"{"parties":{"id":1,"roles":"x"},"buyer":{"id":1},"bids":{"details":[null,"x",[1]]},"awards":[null,7],"contracts":"x","tender":[1]}"#;
    let (output, issues) = run(&settings(ini), jsonl);
    assert_eq!(
        output,
        "{\"parties\":[{\"id\":\"1\",\"roles\":[\"buyer\"]}],\"buyer\":{\"id\":\"1\"},\
         \"bids\":{\"details\":[{\"status\":\"valid\"},\"x\",[1]]},\"awards\":[{\"status\":\"active\"},7],\
         \"contracts\":\"x\",\"tender\":[1]}\n"
    );
    assert_eq!(
        issues,
        "1,,/bids/details[]/status,1,,not set\n1,,/bids/details[]/status,2,,not set\n1,,/awards[]/status,1,,not set\n"
    );
}

/// Settings that cannot be used are refused with a reason.
#[test]
fn bad_settings_are_errors() {
    let unknown = CardinalSettings::from_ini("[defaults]\ncurency = USD\n").unwrap_err();
    assert!(unknown.to_string().contains("curency"), "{unknown}");
    let amount = Prepare::new(&settings("[redactions]\namount = 0|n/a\n")).unwrap_err();
    assert!(amount.to_string().contains("`n/a` is not a number"), "{amount}");
    let split = Prepare::new(&settings("[modifications]\nsplit_procurement_method_details =\n")).unwrap_err();
    assert!(split.to_string().contains("empty"), "{split}");
    let codelist = CardinalSettings::from_ini("[codelists.tender_status]\nx = y\n").unwrap_err();
    assert!(codelist.to_string().contains("tender_status"), "{codelist}");
    let syntax = CardinalSettings::from_ini("[defaults]\ncurrency\n").unwrap_err();
    assert!(syntax.to_string().contains("line 2"), "{syntax}");
}

/// A whole Cardinal settings file (the sections of `ocdscardinal init`, both commands) loads,
/// and a number where text is expected is taken as written.
#[test]
fn cardinal_settings_file_loads() {
    let ini = "currency = USD\n[output]\n[defaults]\n[redactions]\norganization_id = 0\n[corrections]\n\
               [modifications]\nprefix_tenderer_or_supplier_id = 12\n[codelists.bid_status]\n[codelists.award_status]\n\
               [exclusions]\n[R003]\n[R003.procurement_method_details]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n\
               [R035]\n[R036]\n[R038]\n[R048]\n[R058]\n";
    let settings = settings(ini);
    assert!(settings.r058.is_some() && settings.output.is_some());
    let modifications = settings.modifications.clone().unwrap();
    assert_eq!(modifications.prefix_tenderer_or_supplier_id.as_deref(), Some("12"));
    let (output, _) = run(&settings, r#"{"bids":{"details":[{"tenderers":[{"id":0},{"id":3}]}]}}"#);
    assert_eq!(output, "{\"bids\":{\"details\":[{\"tenderers\":[{},{\"id\":\"123\"}]}]}}\n");
}

/// The settings example in docs/indices.md is a Cardinal INI file that loads and configures
/// every `prepare` section (the docs cannot drift from the reader).
#[test]
fn documented_settings_example_loads() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/indices.md")).unwrap();
    let start = docs.find("```ini\n").expect("an ini example") + "```ini\n".len();
    let example = &docs[start..start + docs[start..].find("```").unwrap()];
    let settings = settings(example);
    Prepare::new(&settings).unwrap();
    let defaults = settings.defaults.clone().unwrap();
    assert_eq!(defaults.currency.as_deref(), Some("USD"));
    assert_eq!(defaults.party_roles, Some(true));
    assert_eq!(settings.redactions.clone().unwrap().amount.as_deref(), Some("0|99999999"));
    assert_eq!(settings.corrections.clone().unwrap().award_status_by_contract_status, Some(true));
    let modifications = settings.modifications.clone().unwrap();
    assert_eq!(modifications.split_procurement_method_details.as_deref(), Some("-"));
    let codelists = settings.codelists.clone().unwrap();
    assert_eq!(codelists.award_status.unwrap()["Active"], "active");
}
