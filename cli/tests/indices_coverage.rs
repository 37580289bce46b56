//! `edca indices` field coverage end to end: counted in the reader's workers and the merge's,
//! alone (processes emptied once counted) or with the other families, on a compiled release, an
//! individual release (merged first), and records with and without a compiled release. Oracle:
//! a hand count of Cardinal's rules, the counts `ocdscardinal.coverage()` (0.0.8) gives on the
//! three processes as JSON lines (`tests/oracle/compare_coverage.py` checks those rules on the
//! whole corpus).

mod common;

use common::edca;
use serde_json::{Value, json};

const INPUT: &[u8] = br#"{"ocid": "a", "tag": ["compiled"], "tender": {"id": "t", "items": [{"id": "1"}, {}]}}
{"ocid": "b", "id": "b-1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"], "awards": []}
{"records": [{"ocid": "c", "compiledRelease": {"ocid": "c", "buyer": {"name": ""}}}, {"ocid": "d", "releases": []}]}
"#;

/// Runs `edca indices` with a configuration (TOML text, or none) on [`INPUT`].
fn indices(config: Option<&str>) -> Value {
    let path = std::env::temp_dir().join(format!("edca-indices-coverage-{}.toml", std::process::id()));
    let mut args = vec!["indices"];
    if let Some(text) = config {
        std::fs::write(&path, text).unwrap();
        args.extend(["--config", path.to_str().unwrap()]);
    }
    args.push("-");
    let out = edca(&args, INPUT);
    if config.is_some() {
        std::fs::remove_file(&path).unwrap();
    }
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn coverage_alone_and_with_every_family_count_the_same() {
    // Processes: "a"; "b" compiled (`{"tag": ["compiled"], "id": "b-2024-01-01T00:00:00Z",
    // "date": …, "ocid": "b"}`: its empty awards are not merged); the compiled release of record
    // "c" (record "d" has none, nor releases). Empty values ("name": "", the item {}) count nowhere.
    let expected = json!({
        "": 3, "/": 3, "/date": 1, "/id": 1, "/ocid": 3, "/tag": 2, "/tag[]": 2, "/tender": 1, "/tender/": 1,
        "/tender/id": 1, "/tender/items": 1, "/tender/items[]": 1, "/tender/items[]/": 1, "/tender/items[]/id": 1
    });
    for config in [Some("families = [\"coverage\"]\n"), None] {
        let report = indices(config);
        assert_eq!(report["coverage"], expected, "config {config:?}");
        assert_eq!(report["meta"]["processes"], 3, "config {config:?}");
        let paths: Vec<&String> = report["coverage"].as_object().unwrap().keys().collect();
        assert!(paths.is_sorted(), "paths are listed in sorted order: {paths:?}");
    }
    let report = indices(Some("families = [\"competition\"]\n"));
    assert!(report.get("coverage").is_none(), "coverage only when asked: {report}");
}
