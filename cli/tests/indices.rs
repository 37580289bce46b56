//! `edca indices` end to end on compiled releases. Oracle for the flags: Cardinal's fixture
//! `R018.jsonl` / `R018.expected` (single bid), read through the command line.

mod common;

use common::edca;

use std::path::PathBuf;

#[test]
fn cardinal_fixture_through_the_command_line() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/cardinal/indicators");
    let (Ok(input), Ok(expected)) = (std::fs::read(dir.join("R018.jsonl")), std::fs::read(dir.join("R018.expected")))
    else {
        eprintln!("skipped: ../shared not found");
        return;
    };
    let out = edca(&["indices", "-"], &input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: serde_json::Value = serde_json::from_slice(&expected).unwrap();
    let flagged = |v: &serde_json::Value| -> Vec<String> {
        v["OCID"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, c)| c.get("R018").is_some())
            .map(|(k, _)| k.clone())
            .collect()
    };
    assert_eq!(flagged(&report["cardinal"]), flagged(&expected));
    assert!(!flagged(&expected).is_empty());
    // Each flag names the fields that raised it: R018 reads `/tender/numberOfTenderers` (= 1).
    for ocid in flagged(&expected) {
        let fields = &report["cardinal"]["Fields"]["OCID"][&ocid]["R018"][0];
        assert_eq!(fields, &serde_json::json!({"pointer": "/tender/numberOfTenderers", "value": 1}), "{ocid}");
    }
}

#[test]
fn csv_rows_and_bad_configuration() {
    let release = br#"{"ocid": "ocds-213czf-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["compiled"],
        "tender": {"procurementMethod": "direct", "procurementMethodDetails": "ADJUDICACION DIRECTA", "numberOfTenderers": 1}}"#;
    let out = edca(&["indices", "--format", "csv", "-"], release);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("family,level,id,indicator,value\n"), "{text}");
    assert!(text.contains("meta,dataset,,processes,1"), "{text}");
    let config = std::env::temp_dir().join(format!("edca-indices-{}.toml", std::process::id()));
    std::fs::write(&config, "[cardinal.R003]\ntreshold = 3\n").unwrap();
    let out = edca(&["indices", "--config", config.to_str().unwrap(), "-"], release);
    std::fs::remove_file(&config).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("treshold"));
}

/// Individual releases are merged by `edca indices` itself: the report equals the one computed
/// over `edca compile`'s output (oracle: the compile command, itself checked against ocdskit),
/// apart from `meta`, and each process is counted once, not once per release.
#[test]
fn individual_releases_are_compiled_first() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/jalisco");
    let mut files: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    files.sort();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let compiled = edca(&[&["compile"], args.as_slice()].concat(), b"");
    assert!(compiled.status.success(), "{}", String::from_utf8_lossy(&compiled.stderr));
    let from_compiled = edca(&["indices", "-"], &compiled.stdout);
    let from_releases = edca(&[&["indices"], args.as_slice()].concat(), b"");
    assert!(from_releases.status.success(), "{}", String::from_utf8_lossy(&from_releases.stderr));
    let parse = |out: &std::process::Output| -> serde_json::Value { serde_json::from_slice(&out.stdout).unwrap() };
    let (a, b) = (parse(&from_compiled), parse(&from_releases));
    assert_eq!(a["meta"]["processes"], 2, "9 releases of 2 processes");
    assert_eq!(a["meta"]["processes"], b["meta"]["processes"]);
    for family in ["cardinal", "coverage", "competition"] {
        assert_eq!(a[family], b[family], "{family}");
    }
}

#[test]
fn timeliness_reads_the_history_of_records() {
    // Three releases of one process: milestone m1 scheduled, then met, then notMet. Hand count:
    // ever met 1, reopened 1; through `edca compile --package --versioned`, the record carries
    // the versioned release that TIM-06 needs.
    let releases = br#"{"ocid":"ocds-1","id":"1","date":"2021-01-10T00:00:00Z","tag":["contract"],"contracts":[{"id":"c1","status":"active","milestones":[{"id":"m1","status":"scheduled","dueDate":"2021-02-01"}]}]}
{"ocid":"ocds-1","id":"2","date":"2021-02-10T00:00:00Z","tag":["implementation"],"contracts":[{"id":"c1","milestones":[{"id":"m1","status":"met","dateMet":"2021-01-30"}]}]}
{"ocid":"ocds-1","id":"3","date":"2021-03-10T00:00:00Z","tag":["implementation"],"contracts":[{"id":"c1","milestones":[{"id":"m1","status":"notMet"}]}]}
"#;
    let package = edca(&["compile", "--package", "--versioned", "-"], releases);
    assert!(package.status.success(), "{}", String::from_utf8_lossy(&package.stderr));
    let out = edca(&["indices", "-"], &package.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reopened = &report["timeliness"]["process"]["ocds-1"]["milestones_reopened"];
    assert_eq!((reopened["numerator"].as_f64(), reopened["denominator"].as_f64()), (Some(1.0), Some(1.0)));
    assert_eq!(report["timeliness"]["meta"]["processes_with_history"], 1);
    // The individual releases themselves, merged by `edca indices`: the same history.
    let out = edca(&["indices", "-"], releases);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let direct: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(direct["timeliness"], report["timeliness"]);
}

/// The sample configuration `examples/data/inputs/integrity.toml` names its tables relative to
/// its own folder; run from another directory, the command still finds them. Hand check: the
/// supplier's RFC `ZZA-150312 QH1` normalises to `ZZA150312QH1`, on the sample SAT-69B list with
/// no period (INT-01); a direct award of 430,000 in 2021 against the sample threshold 440,000 is
/// in [418,000, 440,000) (INT-04, margin 0.05); the buyer's only award in 2021 gives its supplier
/// a value share of 1 ≥ 0.5 (INT-06, the catalogue's rule without a minimum of processes).
#[test]
fn integrity_tables_from_the_configuration() {
    let config = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/inputs/integrity.toml");
    let release = br#"{"ocid": "ocds-int-1", "id": "1", "date": "2021-05-01T00:00:00Z", "tag": ["compiled"],
        "buyer": {"id": "B1"}, "tender": {"procurementMethod": "direct", "procurementMethodRationale": "Art. 42"},
        "parties": [{"id": "S1", "identifier": {"scheme": "MX-RFC", "id": "ZZA-150312 QH1"}}],
        "awards": [{"id": "a1", "status": "active", "date": "2021-04-20", "suppliers": [{"id": "S1"}],
                    "value": {"amount": 430000, "currency": "MXN"}}]}"#;
    let out = edca(&["indices", "--config", config.to_str().unwrap(), "-"], release);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let integrity = &report["integrity"];
    assert_eq!(integrity["meta"]["inputs"], serde_json::json!({"sanctions": 3, "thresholds": 5, "foundings": null}));
    let flags: Vec<&str> =
        integrity["flags"].as_array().unwrap().iter().map(|f| f["indicator"].as_str().unwrap()).collect();
    assert_eq!(flags, ["INT-01", "INT-04", "INT-06"]);
    assert_eq!(integrity["process"]["ocds-int-1"]["threshold"], serde_json::json!(440000.0));
    assert!(report.get("cardinal").is_none(), "families = [\"integrity\"]");
}

/// A table that is missing or malformed is a usage error (exit 2) naming the file, line and column.
#[test]
fn integrity_bad_tables() {
    let dir = std::env::temp_dir().join(format!("edca-integrity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "[integrity]\nthresholds = \"thresholds.csv\"\n").unwrap();
    let run = || edca(&["indices", "--config", config.to_str().unwrap(), "-"], b"");
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read the table") && stderr.contains("thresholds.csv"), "{stderr}");
    std::fs::write(dir.join("thresholds.csv"), "buyer,year,object,method,amount\n*,2021,*,direct,1.000,00\n").unwrap();
    let out = run();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("thresholds.csv: thresholds table, line 2: 6 fields, the header has 5"), "{stderr}");
}

#[test]
fn budget_table_relative_to_the_configuration() {
    // One process of buyer B1: budget breakdown of 600 in partida 21101 (chapter 2000), 2024.
    // Approved 800 for B1, 2024, 2000 → BUD-01 = 600 / 800 = 0.75 (hand calculation).
    let release = br#"{"ocid": "ocds-213czf-2", "tag": ["compiled"], "buyer": {"id": "B1"},
        "planning": {"budget": {"budgetBreakdown": [{"id": "1", "amount": {"amount": 600, "currency": "MXN"},
            "period": {"startDate": "2024-01-01"},
            "budgetLines": [{"components": [{"name": "spendingObject", "code": "21101"}]}]}]}}}"#;
    let dir = std::env::temp_dir().join(format!("edca-indices-budget-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("tables")).unwrap();
    let config = dir.join("indices.toml");
    std::fs::write(&config, "[budget]\napproved = \"tables/approved.csv\"\n").unwrap();
    std::fs::write(dir.join("tables/approved.csv"), "buyer_id,year,chapter,approved_amount\nB1,2024,2000,800\n")
        .unwrap();
    let out = edca(&["indices", "--config", config.to_str().unwrap(), "-"], release);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cell = &report["budget"]["buyerYearChapter"]["B1|2024|2000"];
    assert_eq!(cell["published_vs_approved"]["value"], 0.75);
    assert_eq!(report["budget"]["process"]["ocds-213czf-2"]["amount_source"], "budget_breakdown");
    let out = edca(&["indices", "--format", "csv", "--config", config.to_str().unwrap(), "-"], release);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("budget,buyerYearChapter,B1|2024|2000,published_vs_approved.value,0.75\n"), "{text}");
    // A bad row is a usage error naming the table, the record and the column.
    std::fs::write(dir.join("tables/approved.csv"), "buyer_id,year,chapter,approved_amount\nB1,2024,20,800\n").unwrap();
    let out = edca(&["indices", "--config", config.to_str().unwrap(), "-"], release);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("approved.csv") && stderr.contains("record 2: chapter \"20\""), "{stderr}");
}
