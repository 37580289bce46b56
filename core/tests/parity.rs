//! Issue 18, peer parity: a package `version` read, never guessed; ocdskit's package options;
//! the Data Review Tool's checks. Which rule decides is named in each test; the same inputs, and
//! more, are compared with ocdskit 1.7.0 and libcoveocds 0.17.0 by tests/oracle/compare_parity.py.

use edca::io::Source;
use edca::merge::{Compilation, CompileOptions, Output, OutputForm, Publisher, RulesChoice};
use edca::profile::{OcdsVersion, Profile};
use edca::validate::{Code, Lang, Options, Report, Validator};
use serde_json::{Value, json};

fn release(ocid: &str, id: &str) -> Value {
    json!({"ocid": ocid, "id": id, "date": "2024-01-01T00:00:00Z", "tag": ["tender"], "initiationType": "tender"})
}

fn package(version: Option<Value>, releases: Vec<Value>) -> Value {
    let mut package = json!({"uri": "http://example.com/p.json", "publisher": {"name": "P"},
                             "publishedDate": "2024-01-01T00:00:00Z"});
    if let Some(version) = version {
        package["version"] = version;
    }
    package["releases"] = Value::Array(releases);
    package
}

fn validate(validator: &Validator, data: &Value) -> Report {
    let mut session = validator.session(Options { lang: Lang::En, max_examples: 100 });
    session.read(Source::from_bytes("data.json", data.to_string()).unwrap()).unwrap();
    session.finish()
}

fn pointers(report: &Report, code: Code) -> Vec<String> {
    let groups = report.input.iter().chain(&report.schema).chain(&report.quality);
    groups.filter(|g| g.code == code).flat_map(|g| g.examples.iter().map(|e| e.pointer.clone())).collect()
}

/// libcoveocds' SchemaOCDS: a version that is no string, or not "1.0" / "1.1", is
/// `invalid_version_data` and the package is validated by the default, 1.1.
#[test]
fn validate_reports_a_version_it_cannot_use_and_the_fallback() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    for version in [json!(1.1), json!(null), json!(true), json!([]), json!({}), json!("X"), json!("1.1.5")] {
        let report = validate(&validator, &package(Some(version.clone()), vec![release("ocds-213czf-1", "1")]));
        assert_eq!(pointers(&report, Code::PackageVersion), ["/version"], "{version}");
        let fallback = report.version_fallback.as_ref().expect("stated");
        assert_eq!((fallback.version.as_str(), fallback.packages), ("1.1", 1), "{version}");
        assert!(!report.valid);
        let group = report.input.iter().find(|g| g.code == Code::PackageVersion).unwrap();
        assert!(group.message.contains("validated against OCDS 1.1"), "{}", group.message);
    }
    for version in [Some(json!("1.1")), Some(json!("1.0")), None] {
        let report = validate(&validator, &package(version.clone(), vec![release("ocds-213czf-1", "1")]));
        assert!(pointers(&report, Code::PackageVersion).is_empty(), "{version:?}");
        assert!(report.version_fallback.is_none());
    }
    // The statistics say what was declared, never "1.0" for a number.
    let report = validate(&validator, &package(Some(json!(1.1)), vec![release("ocds-213czf-1", "1")]));
    assert_eq!(report.statistics.data.versions.keys().collect::<Vec<_>>(), ["(number 1.1)"]);
    // The DRT's -s: a chosen version validates every package by it, and the package's own is
    // not reported.
    let chosen = Validator::for_version(OcdsVersion::V1_0).unwrap();
    let report = validate(&chosen, &package(Some(json!("X")), vec![release("ocds-213czf-1", "1")]));
    assert!(pointers(&report, Code::PackageVersion).is_empty());
    assert_eq!(chosen.profile().version(), OcdsVersion::V1_0);
    assert_eq!(
        edca::validate::package_version(&edca::io::DeclaredVersion::of(Some(&json!("X"))), None),
        (OcdsVersion::V1_1, true)
    );
}

/// libcove's unique_ids: members lacking ids make the whole array compared as values.
#[test]
fn validate_finds_repeated_members_without_ids() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let no_id = json!({"ocid": "ocds-213czf-1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]});
    let reordered = json!({"tag": ["tender"], "date": "2024-01-01T00:00:00Z", "ocid": "ocds-213czf-1"});
    let unique = |data: &Value| {
        let report = validate(&validator, data);
        report.schema.iter().filter(|g| g.code == Code::SchemaUniqueItems).map(|g| g.detail.clone()).collect::<Vec<_>>()
    };
    assert_eq!(unique(&package(Some(json!("1.1")), vec![no_id.clone(), reordered.clone(), no_id.clone()])), ["="]);
    let other = json!({"ocid": "ocds-213czf-1", "date": "2024-02-01T00:00:00Z"});
    assert!(unique(&package(Some(json!("1.1")), vec![no_id.clone(), other])).is_empty());
    // Numbers by value: id 1 and 1.0 are the same id.
    let (a, b) = (json!({"ocid": "o", "id": 1, "date": "d"}), json!({"ocid": "o", "id": 1.0, "date": "d"}));
    assert_eq!(unique(&package(Some(json!("1.1")), vec![a, b])), ["ocid, id"]);
    let records = json!({"uri": "u", "publisher": {}, "publishedDate": "d", "version": "1.1",
                         "records": [{"releases": []}, {"releases": []}]});
    assert_eq!(unique(&records), ["="]);
}

/// libcoveocds' get_bad_ocid_prefixes: a record's `ocid`, its releases' and its compiled
/// release's, whatever the rest of the record looks like.
#[test]
fn a_malformed_member_does_not_switch_off_the_ocid_checks() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let bad = release("bad-1", "1");
    let records = json!({"uri": "u", "publisher": {}, "publishedDate": "d", "version": "1.1", "records": [
        {"ocid": "bad-1", "releases": [bad.clone()], "compiledRelease": [bad]},
        {"ocid": "", "releases": "x", "compiledRelease": "x"},
    ]});
    let report = validate(&validator, &records);
    assert_eq!(pointers(&report, Code::OcidPrefix), ["/records/0/ocid", "/records/0/releases/0/ocid"]);
    assert!(pointers(&report, Code::EmptyValue).contains(&"/records/1/ocid".to_owned()));
    assert!(pointers(&report, Code::SchemaType).contains(&"/records/0/compiledRelease".to_owned()));
    let mut broken = release("bad-2", "1");
    broken["tender"] = json!([1]);
    broken["parties"] = json!({"x": 1});
    let report = validate(&validator, &package(Some(json!("1.1")), vec![broken]));
    assert_eq!(pointers(&report, Code::OcidPrefix), ["/releases/0/ocid"]);
}

fn compile(options: CompileOptions, text: String) -> (Vec<Value>, Compilation, u64) {
    let mut compilation = Compilation::new(CompileOptions { output: OutputForm::Value, ..options });
    compilation.read(Source::from_bytes("in.jsonl", text).unwrap()).unwrap();
    let mut out = Vec::new();
    let outcome = compilation
        .each(|p| {
            if let Ok(Output::Value(v)) = p.output {
                out.push(v);
            }
            Ok::<(), edca::merge::CompileError>(())
        })
        .unwrap();
    (out, compilation, outcome.left_out)
}

fn codes(compilation: &Compilation) -> Vec<(String, String)> {
    compilation.diagnostics().iter().map(|d| (d.code.clone(), d.pointer.clone())).collect()
}

/// ocdskit's get_ocds_patch_tag: only "1.0" and "1.1" name OCDS versions; edca refuses the
/// others, package by package, unless told which rules apply.
#[test]
fn compile_refuses_a_package_whose_version_it_does_not_know() {
    let lines = [
        package(Some(json!("1.1")), vec![release("ocds-213czf-1", "1")]),
        package(Some(json!("X")), vec![release("ocds-213czf-2", "1"), release("ocds-213czf-1", "2")]),
        package(Some(json!(1.1)), vec![release("ocds-213czf-3", "1")]),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let (out, compilation, left_out) = compile(CompileOptions::default(), text.clone());
    let ocids: Vec<&str> = out.iter().map(|r| r["ocid"].as_str().unwrap()).collect();
    assert_eq!(ocids, ["ocds-213czf-1"]);
    assert_eq!(out[0]["id"], "ocds-213czf-1-2024-01-01T00:00:00Z");
    assert_eq!(left_out, 3);
    let refused: Vec<_> = codes(&compilation).into_iter().filter(|(c, _)| c == "compile.package_version").collect();
    assert_eq!(refused.len(), 2);
    assert!(refused.iter().all(|(_, p)| p == "/version"));
    let message = compilation.diagnostics().iter().find(|d| d.code == "compile.package_version").unwrap().clone();
    assert!(message.message_es.contains("--ocds-version") && message.message_en.contains("\"X\""));
    let forced = CompileOptions { rules: RulesChoice::Version(OcdsVersion::V1_1), ..CompileOptions::default() };
    let (out, compilation, left_out) = compile(forced, text);
    assert_eq!((out.len(), left_out), (3, 0));
    assert!(codes(&compilation).iter().all(|(c, _)| !c.starts_with("compile.")), "{:?}", codes(&compilation));
}

/// ocdskit stops on packages of different versions; edca merges each by its own and says so once.
#[test]
fn compile_says_once_that_packages_disagree_on_the_version() {
    let text = [
        package(Some(json!("1.0")), vec![release("ocds-213czf-1", "1")]),
        package(Some(json!("1.1")), vec![release("ocds-213czf-2", "1")]),
        package(Some(json!("1.1")), vec![release("ocds-213czf-3", "1")]),
    ]
    .iter()
    .map(|l| format!("{l}\n"))
    .collect::<String>();
    let (out, compilation, _) = compile(CompileOptions::default(), text);
    assert_eq!(out.len(), 3);
    let mixed: Vec<_> =
        compilation.diagnostics().iter().filter(|d| d.code == "compile.mixed_versions").cloned().collect();
    assert_eq!(mixed.len(), 1);
    assert!(mixed[0].message_en.contains("1.0: 1, 1.1: 2"), "{}", mixed[0].message_en);
    assert_eq!((mixed[0].line, mixed[0].pointer.as_str()), (2, "/version"));
}

/// ocdskit's parse_package_arguments and --root-path (ijson prefix).
#[test]
fn compile_package_options_and_root_path_as_ocdskit() {
    let input = package(Some(json!("1.1")), vec![release("ocds-213czf-1", "1")]).to_string();
    let options = CompileOptions {
        package: true,
        fake: true,
        publisher: Publisher { name: "N".into(), uid: "7".into(), ..Publisher::default() },
        version: Some("1.0".into()),
        ..CompileOptions::default()
    };
    let mut compilation = Compilation::new(options);
    compilation.read(Source::from_bytes("p.json", input.clone()).unwrap()).unwrap();
    let head = compilation.package_head() + "]}";
    let head: Value = serde_json::from_str(&head).unwrap();
    assert_eq!(head["uri"], "placeholder:");
    assert_eq!(head["publishedDate"], "9999-01-01T00:00:00Z");
    assert_eq!(head["publisher"], json!({"name": "N", "uid": "7"}));
    assert_eq!(head["version"], "1.0");
    let rooted = CompileOptions { root_path: "releases.item".into(), ..CompileOptions::default() };
    let (out, _, left_out) = compile(rooted, input);
    assert_eq!((out.len(), left_out), (1, 0));
    assert_eq!(out[0]["ocid"], "ocds-213czf-1");
}
