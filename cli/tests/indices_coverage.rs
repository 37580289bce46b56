//! `edca indices` field coverage end to end: counted in the reader's workers, alone (releases
//! dropped once counted) or with the other families, on compiled releases, a release not tagged
//! `compiled`, and records with and without a compiled release. Oracle: a hand count of
//! Cardinal's rules (the same counts `ocdscardinal.coverage()` gives on the three lines that are
//! processes; tests/oracle/compare_coverage.py checks those rules on the whole corpus).

mod common;

use common::edca;
use serde_json::{Value, json};

const INPUT: &[u8] = br#"{"ocid": "a", "tag": ["compiled"], "tender": {"id": "t", "items": [{"id": "1"}, {}]}}
{"ocid": "b", "tag": ["tender"], "awards": []}
{"records": [{"ocid": "c", "compiledRelease": {"ocid": "c", "buyer": {"name": ""}}}, {"ocid": "d", "releases": []}]}
"#;

/// Runs `edca indices` with a configuration (TOML text, or none) on [`INPUT`].
fn indices(config: Option<&str>) -> (Value, String) {
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
    (serde_json::from_slice(&out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn coverage_alone_and_with_every_family_count_the_same() {
    // Processes: the lines of "a" and "b", and the compiled release of record "c" (record "d"
    // has none). Empty values ("awards": [], "name": "", the item {}) count nowhere.
    let expected = json!({
        "": 3, "/": 3, "/ocid": 3, "/tag": 2, "/tag[]": 2, "/tender": 1, "/tender/": 1, "/tender/id": 1,
        "/tender/items": 1, "/tender/items[]": 1, "/tender/items[]/": 1, "/tender/items[]/id": 1
    });
    for config in [Some("families = [\"coverage\"]\n"), None] {
        let (report, stderr) = indices(config);
        assert_eq!(report["coverage"], expected, "config {config:?}");
        assert_eq!(report["meta"]["processes"], 3, "config {config:?}");
        assert!(stderr.contains("1 releases are tagged but not as `compiled`"), "{stderr}");
        let paths: Vec<&String> = report["coverage"].as_object().unwrap().keys().collect();
        assert!(paths.is_sorted(), "paths are listed in sorted order: {paths:?}");
    }
    let (report, _) = indices(Some("families = [\"competition\"]\n"));
    assert!(report.get("coverage").is_none(), "coverage only when asked: {report}");
}
