//! Merges groups of releases read as JSON lines (one JSON array of releases per line) and writes
//! one JSON line per group: `{"compiled": ..., "versioned": ..., "fast": [bool, bool]}` where
//! each of `compiled`/`versioned` is `{"ok": release, "warnings": [{"pointer", "id"}]}` or
//! `{"error": "<MergeError variant>", "message": "..."}`. The differential test
//! `tests/oracle/compare_merge.py` drives it.
//!
//! ```text
//! cargo run --release -p edca-benches --bin edca-merge-groups -- --schema release-schema.json \
//!     [--rules] [--reference] [--strategy nested.array=append|by-position]... [--default-strategy ...] \
//!     < groups.jsonl > results.jsonl
//! ```

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use edca::merge::{ArrayStrategy, MergeError, MergeWarning, Merged, Merger};
use serde_json::{Value, json};

fn strategy(name: &str) -> Result<ArrayStrategy, String> {
    match name {
        "append" => Ok(ArrayStrategy::Append),
        "by-position" => Ok(ArrayStrategy::ByPosition),
        "identifier" => Ok(ArrayStrategy::Identifier),
        other => Err(format!("unknown strategy {other:?}")),
    }
}

fn variant(e: &MergeError) -> &'static str {
    match e {
        MergeError::NonObjectRelease { .. } => "NonObjectRelease",
        MergeError::MissingDate { .. } => "MissingDate",
        MergeError::NullDate { .. } => "NullDate",
        MergeError::NonStringDate { .. } => "NonStringDate",
        MergeError::InconsistentType { .. } => "InconsistentType",
        MergeError::UnhashableId { .. } => "UnhashableId",
        MergeError::Schema { .. } => "Schema",
    }
}

fn result(merged: Result<Merged, MergeError>) -> Value {
    match merged {
        Ok(m) => {
            let warnings: Vec<Value> = m
                .warnings
                .iter()
                .map(|w| match w {
                    MergeWarning::DuplicateId { pointer, id, .. } => {
                        json!({"pointer": pointer, "id": id})
                    }
                })
                .collect();
            json!({"ok": m.release, "warnings": warnings})
        }
        Err(e) => json!({"error": variant(&e), "message": e.to_string()}),
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut schema = None;
    let mut reference = false;
    let mut print_rules = false;
    let mut overrides = Vec::new();
    let mut default = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--schema" => schema = args.next(),
            "--reference" => reference = true,
            "--rules" => print_rules = true,
            "--strategy" => {
                let spec = args.next().ok_or("--strategy needs PATH=STRATEGY")?;
                let (path, name) = spec.split_once('=').ok_or("--strategy needs PATH=STRATEGY")?;
                overrides.push((path.split('.').map(str::to_owned).collect::<Vec<_>>(), strategy(name)?));
            }
            "--default-strategy" => default = Some(strategy(&args.next().ok_or("--default-strategy needs a value")?)?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let schema = schema.ok_or("--schema FILE is required")?;
    let text = std::fs::read_to_string(&schema).map_err(|e| format!("{schema}: {e}"))?;
    let schema: Value = serde_json::from_str(&text).map_err(|e| format!("{schema}: {e}"))?;
    let mut merger = Merger::from_schema(&schema).map_err(|e| e.to_string())?;
    if print_rules {
        // The derived rules as [[path...], "omitWhenMerged" | "wholeListMerge"], in order.
        let rules: Vec<Value> = merger.rules().iter().map(|(path, rule)| json!([path, format!("{rule:?}")])).collect();
        println!("{}", Value::Array(rules));
        return Ok(());
    }
    for (path, s) in overrides {
        merger = merger.with_strategy(path, s);
    }
    if let Some(s) = default {
        merger = merger.with_default_strategy(s);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (n, line) in io::stdin().lock().lines().enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let group: Value = serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let releases = group.as_array().ok_or_else(|| format!("line {}: not an array", n + 1))?;
        let (compiled, versioned) = if reference {
            (merger.compile_reference(releases), merger.versioned_reference(releases))
        } else {
            (merger.compile(releases), merger.versioned(releases))
        };
        // The JSON text writer must write exactly what serializing the Value gives.
        let texts = [merger.compile_json(releases), merger.versioned_json(releases)];
        for (merged, text) in [&compiled, &versioned].into_iter().zip(texts) {
            let same = match (merged, &text) {
                (Ok(m), Ok(t)) => {
                    serde_json::to_string(&m.release).ok().as_ref() == Some(&t.json) && m.warnings == t.warnings
                }
                (Err(a), Err(b)) => a == b,
                _ => false,
            };
            if !same && !reference {
                return Err(format!("line {}: compile_json/versioned_json differ from compile/versioned", n + 1));
            }
        }
        let fast = [merger.is_fast(releases, false).unwrap_or(false), merger.is_fast(releases, true).unwrap_or(false)];
        let line = json!({"compiled": result(compiled), "versioned": result(versioned), "fast": fast});
        serde_json::to_writer(&mut out, &line).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("merge_groups: {e}");
            ExitCode::from(2)
        }
    }
}
