//! `edca prepare` end to end. Oracle: Cardinal's fixture `prepare/defaults` (its `.output` is
//! Cardinal's corrected data); the issue rows without settings are worked out by hand from
//! Cardinal's rules (as in core/tests/indices_prepare.rs).

mod common;

use common::edca;
use std::path::PathBuf;

fn fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/cardinal/prepare");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared not found");
        None
    }
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("edca-prepare-{}-{name}", std::process::id()))
}

#[test]
fn cardinal_fixture_through_the_command_line() {
    let Some(dir) = fixtures() else { return };
    let settings = dir.join("defaults.ini");
    let input = std::fs::read(dir.join("defaults.jsonl")).unwrap();
    let out = edca(&["prepare", "--settings", settings.to_str().unwrap(), "-"], &input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), std::fs::read_to_string(dir.join("defaults.output")).unwrap());
    assert!(out.stderr.is_empty(), "every value was filled in: no issue");

    // Without settings, the issues go to the file named (or to standard error).
    let issues = temp("issues.csv");
    let file = dir.join("defaults.jsonl");
    let out = edca(&["prepare", "--output-issues", issues.to_str().unwrap(), file.to_str().unwrap()], b"");
    let written = std::fs::read_to_string(&issues).unwrap();
    std::fs::remove_file(&issues).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 4);
    assert_eq!(written.lines().count(), 9, "{written}");
    assert!(written.starts_with("1,,/bids/details[]/value/currency,0,,not set\n"), "{written}");
    assert!(written.ends_with("3,,/awards[]/status,0,,not set\n"), "{written}");
    let out = edca(&["prepare", "-"], &input);
    assert_eq!(String::from_utf8(out.stderr).unwrap(), written);
}

#[test]
fn bad_settings_and_input_exit_2() {
    let settings = temp("bad.ini");
    let input = br#"{"ocid": "ocds-1"}"#;
    let cases = [
        ("[defaults]\ncurrency USD\n", "line 2: expected `key = value`"),
        ("[defaults]\ncurency = USD\n", "unknown field `curency`"),
        ("[redactions]\namount = zero\n", "`zero` is not a number"),
    ];
    for (text, message) in cases {
        std::fs::write(&settings, text).unwrap();
        let out = edca(&["prepare", "--settings", settings.to_str().unwrap(), "-"], input);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(settings.to_str().unwrap()) && stderr.contains(message), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    std::fs::remove_file(&settings).unwrap();
    let out = edca(&["prepare", "--settings", "/nonexistent/settings.ini", "-"], input);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the settings"));
    let out = edca(&["prepare", "-"], b"{\"ocid\": \"ocds-1\"}\n{\"ocid\": ");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:2:"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `edca indices --config settings.ini` reads a Cardinal settings file as the `cardinal` part:
/// with only `[R018]` (and `prepare` sections, which `indices` ignores), only R018 is computed.
/// Oracle: Cardinal's fixture `R018.expected`.
#[test]
fn indices_read_a_cardinal_ini_file() {
    let Some(dir) = fixtures() else { return };
    let input = std::fs::read(dir.join("../indicators/R018.jsonl")).unwrap();
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("../indicators/R018.expected")).unwrap()).unwrap();
    let config = temp("indices.ini");
    std::fs::write(&config, "; Cardinal\n[defaults]\nbid_status = valid\n[R018]\n").unwrap();
    let out = edca(&["indices", "--config", config.to_str().unwrap(), "-"], &input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["cardinal"]["OCID"], expected["OCID"]);
    std::fs::write(&config, "[R018\n").unwrap();
    let out = edca(&["indices", "--config", config.to_str().unwrap(), "-"], &input);
    std::fs::remove_file(&config).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("indices.ini: line 1:"));
}
