//! `edca compile` end to end. Oracles: the reference's fixtures in
//! `../shared/fixtures/ocds-merge/` (compiled and versioned outputs), and the sample data.

mod common;

use common::edca;

use std::path::{Path, PathBuf};
use std::process::Output;

fn lines(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn fixtures() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/ocds-merge");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared not found");
        None
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every 1.1 fixture through the command line, as JSON lines on stdin, with the fixture's
/// schema: one compiled (and one versioned) release equal to the expected output.
#[test]
fn reference_fixtures_through_the_command_line() {
    let Some(dir) = fixtures() else { return };
    let schema = dir.join("release-schema-1__1__4.json");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("1.1")).unwrap() {
        let input = entry.unwrap().path();
        let name = input.file_stem().unwrap().to_str().unwrap().to_owned();
        if name.ends_with("-compiled") || name.ends_with("-versioned") {
            continue;
        }
        let releases: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(&input).unwrap()).unwrap();
        let jsonl: String = releases.iter().map(|r| format!("{r}\n")).collect();
        for (flag, suffix) in [(None, "compiled"), (Some("--versioned"), "versioned")] {
            let expected = dir.join("1.1").join(format!("{name}-{suffix}.json"));
            let Ok(expected) = std::fs::read(&expected) else {
                continue;
            };
            let expected: serde_json::Value = serde_json::from_slice(&expected).unwrap();
            let mut args = vec!["compile", "--schema", path(&schema)];
            args.extend(flag);
            let got = lines(&edca(&args, jsonl.as_bytes()));
            assert_eq!(got, [expected], "{name} ({suffix})");
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked}");
}

#[test]
fn ocids_in_order_of_first_appearance_and_1_0_rules_by_version() {
    let input = concat!(
        r#"{"version": "1.0", "releases": [{"ocid": "b", "id": "1", "date": "2020-01-01T00:00:00Z", "awards": [{"id": "1", "suppliers": [{"id": "x", "name": "X"}]}]}]}"#,
        "\n",
        r#"{"ocid": "a", "id": "1", "date": "2020-01-01T00:00:00Z"}"#,
        "\n",
        r#"{"version": "1.0", "releases": [{"ocid": "b", "id": "2", "date": "2020-02-01T00:00:00Z", "awards": [{"id": "1", "suppliers": [{"name": "Y"}]}]}]}"#,
        "\n"
    );
    let got = lines(&edca(&["compile"], input.as_bytes()));
    assert_eq!(got.len(), 2);
    assert_eq!((got[0]["ocid"].as_str(), got[1]["ocid"].as_str()), (Some("b"), Some("a")));
    // OCDS 1.0: suppliers are replaced as a whole list.
    assert_eq!(got[0]["awards"][0]["suppliers"], serde_json::json!([{"name": "Y"}]));
    assert_eq!(got[0]["id"], "b-2020-02-01T00:00:00Z");
    assert_eq!(got[0]["tag"], serde_json::json!(["compiled"]));
    // Forcing 1.1 rules: suppliers merge by identifier.
    let forced = lines(&edca(&["compile", "--ocds-version", "1.1"], input.as_bytes()));
    assert_eq!(forced[0]["awards"][0]["suppliers"], serde_json::json!([{"id": "x", "name": "X"}, {"name": "Y"}]));
    assert_eq!(edca(&["compile", "--ocds-version", "2.0"], b"").status.code(), Some(2));
}

#[test]
fn record_package_with_linked_releases() {
    let input = r#"{"uri": "https://example.org/p.json", "version": "1.1", "publisher": {"name": "Municipio"},
        "releases": [{"ocid": "ocds-x-1", "id": "r1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}]}"#;
    let out = edca(&["compile", "--package", "--linked-releases", "--versioned", "-"], input.as_bytes());
    let package = &lines(&out)[0];
    assert_eq!(package["publisher"]["name"], "Municipio");
    assert_eq!(package["packages"][0], "https://example.org/p.json");
    let record = &package["records"][0];
    assert_eq!(record["releases"][0]["url"], "https://example.org/p.json#r1");
    assert_eq!(record["compiledRelease"]["tag"], serde_json::json!(["compiled"]));
    assert!(record["versionedRelease"]["tag"].is_null(), "tag is omitted when merged");
    assert!(record["versionedRelease"]["ocid"].is_string());
}

#[test]
fn unmergeable_data_exits_1_unreadable_input_exits_2() {
    // As the reference: a single release without `date` still compiles (id `a-None`); two
    // cannot be ordered.
    let out =
        edca(&["compile"], b"{\"ocid\": \"a\", \"id\": \"1\"}\n{\"ocid\": \"a\", \"id\": \"2\", \"date\": \"x\"}");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ocid a") && stderr.contains("date"), "{stderr}");
    let out = edca(&["compile"], br#"{"id": "1", "date": "2020-01-01T00:00:00Z"}"#);
    assert_eq!(out.status.code(), Some(1));
    let out = edca(&["compile"], b"{\"ocid\": \"a\", ");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:1:"));
    assert_eq!(edca(&["compile", "--linked-releases"], b"").status.code(), Some(2), "requires --package");
}

#[test]
fn duplicate_ids_warn_and_go_on() {
    let input = r#"{"ocid": "a", "id": "1", "date": "2020-01-01T00:00:00Z", "awards": [{"id": "1", "title": "x"}, {"id": "1", "title": "y"}]}"#;
    let out = edca(&["compile"], input.as_bytes());
    assert_eq!(lines(&out).len(), 1);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("aviso [merge.duplicate_id]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sample_data_compiles() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    let got = lines(&edca(&["compile", path(&data)], b""));
    assert!(!got.is_empty());
    assert!(got.iter().all(|r| r["tag"] == serde_json::json!(["compiled"])));
}
