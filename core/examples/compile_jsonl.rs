//! Times the merge on one thread: reads JSON lines of releases (or of release packages), groups
//! them by `ocid` in order of first appearance, then compiles (and builds versioned releases of)
//! every group, several times, and prints the best throughput. Parsing is timed apart.
//!
//! ```text
//! cargo run --release -p edca-benches --bin edca-generate -- --seed 1 --processes 2000 /tmp/gen.jsonl
//! cargo run --release -p edca --example compile_jsonl -- --schema ../shared/schemas/ocds-1.1.5/release-schema.json /tmp/gen.jsonl
//! ```
//! The same measure for the peers: `benches/peers/merge_only.py` (compile only, parsed input).

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use edca::merge::Merger;
use serde_json::Value;

fn best<F: FnMut() -> usize>(repeat: usize, mut f: F) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut sum = 0;
    for _ in 0..repeat {
        let start = Instant::now();
        sum = f();
        best = best.min(start.elapsed());
    }
    (best, sum)
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut schema, mut file, mut repeat, mut only) = (None, None, 5, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--schema" => schema = args.next(),
            "--repeat" => repeat = args.next().and_then(|r| r.parse().ok()).ok_or("--repeat N")?,
            "--only" => only = args.next(),
            other => file = Some(other.to_owned()),
        }
    }
    let schema = schema.ok_or("--schema FILE is required")?;
    let file = file.ok_or("a JSON lines file is required")?;
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&schema).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let merger = Merger::from_schema(&schema).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;

    let start = Instant::now();
    let mut releases = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        match value {
            Value::Object(mut m) if m.contains_key("releases") && !m.contains_key("ocid") => {
                if let Some(Value::Array(list)) = m.remove("releases") {
                    releases.extend(list);
                }
            }
            other => releases.push(other),
        }
    }
    let parse = start.elapsed();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<&Value>> = Vec::new();
    for release in &releases {
        let ocid = release.get("ocid").and_then(Value::as_str).unwrap_or_default().to_owned();
        let at = *index.entry(ocid).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[at].push(release);
    }
    let n = releases.len() as f64;
    println!(
        "{} releases, {} ocids, {:.1} MB; parse {:.3}s ({:.0} releases/s)",
        releases.len(),
        groups.len(),
        text.len() as f64 / 1e6,
        parse.as_secs_f64(),
        n / parse.as_secs_f64()
    );
    let fast = groups.iter().filter(|g| merger.is_fast(g.iter().copied(), false).unwrap_or(false)).count();
    println!("fast engine: {fast} of {} groups", groups.len());

    type Run<'r> = (&'r str, &'r dyn Fn(&[&Value]) -> usize);
    let runs: [Run; 6] = [
        ("compile", &|g| merger.compile(g.iter().copied()).map_or(0, |m| m.warnings.len() + 1)),
        ("compile_json", &|g| merger.compile_json(g.iter().copied()).map_or(0, |m| m.json.len())),
        ("versioned", &|g| merger.versioned(g.iter().copied()).map_or(0, |m| m.warnings.len() + 1)),
        ("versioned_json", &|g| merger.versioned_json(g.iter().copied()).map_or(0, |m| m.json.len())),
        ("compile (reference model)", &|g| {
            merger.compile_reference(g.iter().copied()).map_or(0, |m| m.warnings.len() + 1)
        }),
        ("versioned (reference model)", &|g| {
            merger.versioned_reference(g.iter().copied()).map_or(0, |m| m.warnings.len() + 1)
        }),
    ];
    // In a pipeline a group is merged right after it is parsed, while it is in cache: time
    // parse + merge per group against parse alone.
    if only.is_none() && text.lines().all(|l| l.trim().is_empty() || !l.contains("\"releases\"")) {
        let mut lines_of: Vec<Vec<&str>> = vec![Vec::new(); groups.len()];
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let ocid = v.get("ocid").and_then(Value::as_str).unwrap_or_default();
            lines_of[index[ocid]].push(line);
        }
        let parse_group =
            |lines: &[&str]| -> Vec<Value> { lines.iter().filter_map(|l| serde_json::from_str(l).ok()).collect() };
        let (parse_only, _) = best(repeat, || lines_of.iter().map(|g| parse_group(g).len()).sum());
        for (name, json) in [("parse+compile", false), ("parse+compile_json", true)] {
            let (both, _) = best(repeat, || {
                lines_of
                    .iter()
                    .map(|g| {
                        let group = parse_group(g);
                        if json {
                            merger.compile_json(&group).map_or(0, |m| m.json.len())
                        } else {
                            merger.compile(&group).map_or(0, |m| m.warnings.len() + 1)
                        }
                    })
                    .sum()
            });
            let merge = both.saturating_sub(parse_only);
            println!(
                "{name:<28} {:.3}s (parse alone {:.3}s): merging in cache costs {:.3}s, {:.0} releases/s",
                both.as_secs_f64(),
                parse_only.as_secs_f64(),
                merge.as_secs_f64(),
                n / merge.as_secs_f64()
            );
        }
    }
    for (name, f) in runs {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let (time, count) = best(repeat, || groups.iter().map(|g| f(g)).sum());
        println!(
            "{name:<28} {:.3}s  {:>10.0} releases/s  {:>8.0} ocids/s  (checksum {count})",
            time.as_secs_f64(),
            n / time.as_secs_f64(),
            groups.len() as f64 / time.as_secs_f64()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compile_jsonl: {e}");
            ExitCode::from(2)
        }
    }
}
