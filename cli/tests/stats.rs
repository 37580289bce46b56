//! `edca stats`: counts equal `../shared/data/MANIFEST.csv` (the oracle), exit statuses, help.

mod common;

use common::csv_fields;
use common::edca;

use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn sample_data_in_the_repo() {
    let data = repo().join("examples/data");
    let out = edca(&["stats", "--format", "json", data.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["releases", "records", "ocids", "max_releases_per_ocid", "versions", "extensions", "publishers", "tags"]
    {
        assert!(stats.get(key).is_some(), "missing {key}");
    }
    assert!(stats["releases"].as_u64().unwrap() > 0);
}

/// Oracle: the MANIFEST's per-file counts, summed per publisher folder (ocids: the folder's
/// files hold distinct processes except where noted, so only files are compared one by one).
#[test]
fn every_manifest_file_from_the_command_line() {
    let shared = repo().join("../shared");
    if !shared.is_dir() {
        eprintln!("skipped: ../shared not found");
        return;
    }
    let manifest = std::fs::read_to_string(shared.join("data/MANIFEST.csv")).unwrap();
    let mut checked = 0;
    for line in manifest.lines().skip(1).step_by(37) {
        let fields = csv_fields(line);
        let path = shared.join("data").join(&fields[0]);
        let expected: Vec<u64> = fields[8..11].iter().map(|f| f.parse().unwrap_or(0)).collect();
        let out = edca(&["stats", "--format", "json", path.to_str().unwrap()], b"");
        assert!(out.status.success(), "{}: {}", fields[0], String::from_utf8_lossy(&out.stderr));
        let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<u64> = ["releases", "records", "ocids"].iter().map(|k| stats[k].as_u64().unwrap()).collect();
        assert_eq!(got, expected, "{}", fields[0]);
        checked += 1;
    }
    assert!(checked > 30);
}

#[test]
fn reads_standard_input_and_gzip() {
    let out = edca(&["stats", "--format", "json", "-"], b"{\"ocid\": \"a\"}\n{\"ocid\": \"a\"}\n");
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((stats["releases"].as_u64(), stats["ocids"].as_u64()), (Some(2), Some(1)));
    assert_eq!(stats["max_releases_per_ocid"], 2);
}

#[test]
fn unreadable_input_exits_2_with_position_and_no_panic() {
    let out = edca(&["stats", "-"], b"{\"ocid\": \"a\",\n \"x\": [1,]}");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("edca: <stdin>:2:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = edca(&["stats", "/no/such/file.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.json"));
}

#[test]
fn bad_usage_exits_2_and_help_exists_per_command() {
    assert_eq!(edca(&["stats", "--format", "yaml"], b"").status.code(), Some(2));
    assert_eq!(edca(&["frobnicate"], b"").status.code(), Some(2));
    let help = edca(&["stats", "--help"], b"");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--format"));
}
