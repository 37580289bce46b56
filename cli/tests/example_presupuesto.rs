//! The participatory-budget example (`examples/presupuesto-participativo/`) as its README says:
//! `edca validate` finds exactly the one deliberate error, `edca compile` and `edca indices` run
//! cleanly, and `edca.toml` names the contract's sections with the EDCA-MX extensions.
//!
//! Oracles: the README's description of the file (which release is wrong and why) and the file
//! itself, read here with serde_json independently of edca (release counts, budget totals,
//! milestone histories).

mod common;

use common::edca;
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/presupuesto-participativo")
}

fn path(name: &str) -> String {
    dir().join(name).to_str().expect("UTF-8 path").to_owned()
}

fn releases() -> Vec<Value> {
    let text = std::fs::read_to_string(dir().join("releases.jsonl")).expect("releases.jsonl");
    text.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect()
}

#[test]
fn validate_reports_only_the_deliberate_error() {
    let out = edca(&["validate", "--lang", "en", "--format", "json", &path("releases.jsonl")], b"");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["infos"], 0);
    for section in ["input", "codelists", "fields", "quality"] {
        assert_eq!(report[section].as_array().map(Vec::len), Some(0), "{section}: {}", report[section]);
    }
    let finding = &report["schema"][0];
    assert_eq!(finding["code"], "schema.format");
    assert_eq!(finding["count"], 1);
    let example = &finding["examples"][0];
    assert_eq!(example["pointer"], "/contracts/0/dateSigned");
    assert_eq!(example["value"], "\"21/06/2025\"");
    // The line named by the report is the release the README names.
    let line = example["line"].as_u64().expect("a line") as usize;
    let release = &releases()[line - 1];
    assert_eq!(release["id"], "ocds-ejmplo-SPGG-PP-2025-007-06-contract");
    assert_eq!(release["contracts"][0]["dateSigned"], "21/06/2025");
}

#[test]
fn every_other_release_is_dated_in_order_and_marked_invented() {
    let releases = releases();
    let dates: Vec<&str> = releases.iter().map(|r| r["date"].as_str().expect("a date")).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "one file in date order");
    let ocids: std::collections::BTreeSet<&str> = releases.iter().map(|r| r["ocid"].as_str().unwrap()).collect();
    assert_eq!(ocids.len(), 12);
    assert!(ocids.iter().all(|o| o.starts_with("ocds-ejmplo-")));
    let readme = std::fs::read_to_string(dir().join("README.md")).unwrap();
    assert!(readme.contains("INVENTED SAMPLE DATA") && readme.contains(&format!("{} releases of 12", releases.len())));
    let methods: std::collections::BTreeSet<&str> =
        releases.iter().filter_map(|r| r["tender"]["procurementMethodDetails"].as_str()).collect();
    assert_eq!(
        methods.into_iter().collect::<Vec<_>>(),
        ["Adjudicación directa", "Invitación a cuando menos tres personas", "Licitación pública"]
    );
}

#[test]
fn compile_runs_cleanly_and_keeps_the_milestone_stories() {
    let out = edca(&["compile", "--versioned", &path("releases.jsonl")], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let versioned: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(versioned.len(), 12);
    let history = |ocid_tail: &str, milestone: usize| -> Vec<String> {
        let release = versioned.iter().find(|r| r["ocid"].as_str().unwrap().ends_with(ocid_tail)).unwrap();
        let status = &release["contracts"][0]["implementation"]["milestones"][milestone]["status"];
        status.as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap().to_owned()).collect()
    };
    // 009: delivery met, reopened, met again. 006: the 50 % milestone late.
    assert_eq!(history("009", 2), ["scheduled", "met", "scheduled", "met"]);
    assert_eq!(history("006", 1), ["scheduled", "notMet", "met"]);

    let out = edca(&["compile", "--package", &path("releases.jsonl")], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let package: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(package["records"].as_array().map(Vec::len), Some(12));
}

#[test]
fn indices_run_cleanly_and_read_every_budget_line() {
    let out = edca(&["indices", "--config", &path("indices.toml"), &path("releases.jsonl")], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["meta"]["processes"], 12);
    // Oracle: the budget-line amounts of the planning releases, summed here.
    let published: f64 = releases()
        .iter()
        .filter(|r| r["tag"][0] == "planning")
        .flat_map(|r| r["planning"]["budget"]["budgetBreakdown"].as_array().unwrap().clone())
        .map(|b| b["budgetLines"][0]["measures"][0]["value"]["amount"].as_f64().unwrap())
        .sum();
    let csv = std::fs::read_to_string(dir().join("approved-budget.csv")).unwrap();
    let approved: f64 = csv.lines().skip(1).map(|l| l.split(',').nth(3).unwrap().parse::<f64>().unwrap()).sum();
    let budget = &report["budget"]["dataset"];
    assert_eq!(budget["published"].as_f64(), Some(published), "{budget}");
    assert_eq!(budget["approved"].as_f64(), Some(approved));
    assert_eq!(budget["unclassified_count"]["numerator"].as_f64(), Some(0.0));
    assert_eq!(budget["other_chapters"].as_f64(), Some(0.0));
}

#[test]
fn publish_config_has_the_contract_sections_and_the_edca_mx_extensions() {
    let text = std::fs::read_to_string(dir().join("edca.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).expect("edca.toml is TOML");
    for section in ["publisher", "package", "gate", "inbox", "site"] {
        assert!(config.get(section).and_then(toml::Value::as_table).is_some(), "[{section}]");
    }
    assert!(config["publisher"]["name"].as_str().unwrap().contains("INVENTADOS"));
    assert_eq!(config["gate"]["severity"].as_str(), Some("error"));
    let urls: Vec<&str> =
        config["package"]["extensions"].as_array().unwrap().iter().map(|u| u.as_str().unwrap()).collect();
    let (profile, unknown) = edca::profile::Profile::for_package(Some("1.1"), &urls);
    assert!(unknown.is_empty(), "{unknown:?}");
    assert_eq!(profile.label(), "OCDS 1.1.5 + 19 extensions");
}
