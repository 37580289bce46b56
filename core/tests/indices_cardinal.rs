//! Parity with Cardinal: every indicator fixture of cardinal-rs gives Cardinal's expected output,
//! and every coverage fixture its expected counts.
//!
//! As in Cardinal's own test harness, each indicator case enables the indicator named by the file
//! (`R003-threshold-10` → `[R003] threshold = 10`; `+` stands for `|`; three or more parts after
//! the name make a table, `R003-procurement_method_details-x-5-y-10` → `{x = 5, y = 10}`), and
//! sets `no_price_comparison_procurement_methods = "NPC"` and `[exclusions]
//! procurement_method_details = "EXC"`.

use edca::indices::cardinal::{Cardinal, CardinalSettings, FlagFields, Group};
use edca::indices::coverage::FieldCoverage;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/fixtures/cardinal"));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("skipped: ../shared not found");
        None
    }
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
}

/// The settings a fixture's name stands for.
fn settings_for(name: &str) -> CardinalSettings {
    let name = name.replace('+', "|");
    let mut parts: Vec<&str> = name.split('-').collect();
    let code = parts.remove(0).to_ascii_uppercase().replace("NF", "R");
    let section = match parts.len() {
        0 | 1 => json!({}),
        2 => {
            let value: Value = match parts[1].parse::<i64>() {
                Ok(n) => n.into(),
                Err(_) => parts[1].into(),
            };
            json!({ parts[0]: value })
        }
        _ => {
            let table: Map<String, Value> =
                parts[1..].chunks(2).map(|kv| (kv[0].to_owned(), kv[1].parse::<i64>().unwrap().into())).collect();
            json!({ parts[0]: table })
        }
    };
    let settings = json!({
        code: section,
        "no_price_comparison_procurement_methods": "NPC",
        "exclusions": {"procurement_method_details": "EXC"},
    });
    serde_json::from_value(settings).unwrap()
}

type Flags = BTreeMap<String, BTreeMap<String, BTreeMap<String, f64>>>;

fn flags(value: &Value) -> Flags {
    let mut out = Flags::new();
    for (group, ids) in value.as_object().unwrap() {
        if group == "Meta" {
            continue;
        }
        let group = out.entry(group.clone()).or_default();
        for (id, codes) in ids.as_object().unwrap() {
            let codes = codes.as_object().unwrap().iter().map(|(c, v)| (c.clone(), v.as_f64().unwrap()));
            group.insert(id.clone(), codes.collect());
        }
    }
    out
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

#[test]
fn indicators_match_cardinal() {
    let Some(dir) = fixtures() else { return };
    let mut failures = Vec::new();
    let all = cases(&dir.join("indicators"));
    for path in &all {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let mut cardinal = Cardinal::new(settings_for(name));
        for release in lines(path) {
            cardinal.add(&release);
        }
        let got = flags(&cardinal.finish().to_json(true, false));
        let text = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        let expected = if text.trim().is_empty() { Flags::new() } else { flags(&serde_json::from_str(&text).unwrap()) };
        if got != expected {
            failures.push(format!("{name}:\n  got      {got:?}\n  expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), all.len(), failures.join("\n"));
}

#[test]
fn coverage_matches_cardinal() {
    let Some(dir) = fixtures() else { return };
    let mut failures = Vec::new();
    let all = cases(&dir.join("coverage"));
    for path in &all {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let mut coverage = FieldCoverage::new();
        coverage.add_lines(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let got: BTreeMap<String, u64> = coverage.counts().iter().map(|(k, v)| (k.clone(), *v)).collect();
        let expected: BTreeMap<String, u64> =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("expected")).unwrap()).unwrap();
        if got != expected {
            failures.push(format!("{name}: got {got:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), all.len(), failures.join("\n"));
}

/// On every indicator fixture, each flag names the fields that triggered it: a process flag
/// reads non-empty fields, each of which holds, in a release of that ocid, the value reported; an
/// organisation flag names at least one of the fixture's processes (at most 20, at most its
/// count). No flag is missing its fields, and no fields are reported without a flag.
#[test]
fn every_flag_names_its_fields() {
    let Some(dir) = fixtures() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &cases(&dir.join("indicators")) {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let releases = lines(path);
        let mut cardinal = Cardinal::new(settings_for(name));
        for release in &releases {
            cardinal.add(release);
        }
        let report = cardinal.finish();
        let ocid_of = |r: &Value| r.get("ocid").and_then(Value::as_str).map(str::to_owned);
        let ocids: Vec<String> = releases.iter().filter_map(ocid_of).collect();
        let flagged: Vec<_> = report
            .results
            .iter()
            .flat_map(|(group, ids)| {
                ids.iter().flat_map(move |(id, codes)| codes.keys().map(move |c| (*group, id, *c)))
            })
            .collect();
        let reported = report.fields.values().flat_map(|ids| ids.values().map(|codes| codes.len())).sum::<usize>();
        if reported != flagged.len() {
            failures.push(format!("{name}: {} flags, fields for {reported}", flagged.len()));
        }
        for (group, id, code) in flagged {
            checked += 1;
            let Some(fields) = report.fields.get(&group).and_then(|ids| ids.get(id)).and_then(|c| c.get(&code)) else {
                failures.push(format!("{name}: {group:?} {id} {code:?} has no fields"));
                continue;
            };
            let ok = match fields {
                FlagFields::Read(triggers) => {
                    !triggers.is_empty()
                        && group == Group::Ocid
                        && triggers.iter().all(|t| {
                            releases.iter().any(|r| {
                                ocid_of(r).as_deref() == Some(id.as_str()) && r.pointer(&t.pointer) == Some(&t.value)
                            })
                        })
                }
                FlagFields::Processes(p) => {
                    group != Group::Ocid
                        && !p.ocids.is_empty()
                        && p.ocids.len() as u64 <= p.count.min(20)
                        && p.ocids.iter().all(|o| ocids.contains(o))
                }
            };
            if !ok {
                failures.push(format!("{name}: {group:?} {id} {code:?}: {fields:?}"));
            }
        }
    }
    assert!(checked > 0, "no flag raised on the fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
