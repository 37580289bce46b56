//! `edca validate` end to end: exit statuses, languages, formats, per-file reports.

mod common;

use common::edca;

const VALID: &[u8] = br#"{"ocid": "ocds-213czf-1", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["planning"], "initiationType": "tender"}"#;
const INVALID: &[u8] =
    br#"{"ocid": "ocds-213czf-1", "id": "1", "date": "ayer", "tag": ["planning"], "initiationType": "tender"}"#;

#[test]
fn valid_data_exits_0_with_a_spanish_summary() {
    let out = edca(&["validate"], VALID);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("VÁLIDO"));
}

#[test]
fn invalid_data_exits_1_with_the_report() {
    let out = edca(&["validate", "--lang", "en", "--format", "json", "-"], INVALID);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(report["schema"][0]["code"], "schema.format");
    assert_eq!(report["schema"][0]["examples"][0]["pointer"], "/date");
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid data: 1 errors"));
}

#[test]
fn invalid_json_is_a_finding_not_a_crash() {
    let out = edca(&["validate", "--format", "json"], b"{\"ocid\": \n");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["input"][0]["code"], "input.invalid_json");
    assert_eq!(report["input"][0]["examples"][0]["line"], 2);
}

#[test]
fn bad_usage_and_unreadable_input_exit_2() {
    assert_eq!(edca(&["validate", "/nonexistent/file.json"], b"").status.code(), Some(2));
    assert_eq!(edca(&["validate", "--lang", "fr"], VALID).status.code(), Some(2));
    assert_eq!(edca(&["validate", "--schema", "/nonexistent/schema.json"], VALID).status.code(), Some(2));
}

#[test]
fn per_file_reports_are_json_lines() {
    let dir = std::env::temp_dir().join(format!("edca-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.json"), VALID).unwrap();
    std::fs::write(dir.join("b.json"), INVALID).unwrap();
    let out = edca(&["validate", "--per-file", "--format", "json", dir.to_str().unwrap()], b"");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let reports: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(reports.len(), 2);
    assert!(reports[0]["file"].as_str().unwrap().ends_with("a.json"));
    assert_eq!((reports[0]["valid"].as_bool(), reports[1]["valid"].as_bool()), (Some(true), Some(false)));
}
