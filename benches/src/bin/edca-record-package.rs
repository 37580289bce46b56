//! Builds one record package from release packages and releases, as
//! `ocdskit compile --package [--linked-releases] [--versioned]` does; the differential test
//! `tests/oracle/compare_merge.py` compares the two.
//!
//! ```text
//! cargo run --release -p edca-benches --bin edca-record-package -- --schema release-schema.json \
//!     [--linked-releases] [--versioned] [--uri URI] [--published-date DATE] FILE...
//! ```
//! Each file holds one JSON value or JSON lines: release packages, releases, or arrays of them.

use std::collections::HashMap;
use std::process::ExitCode;

use edca::merge::{Merger, RecordPackageBuilder, record};
use serde_json::Value;

fn values(text: &str) -> Result<Vec<Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok(vec![v]),
        Err(_) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).map_err(|e| e.to_string()))
            .collect(),
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut schema, mut linked, mut versioned) = (None, false, false);
    let mut builder = RecordPackageBuilder::new();
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--schema" => schema = args.next(),
            "--linked-releases" => linked = true,
            "--versioned" => versioned = true,
            "--uri" => builder = builder.uri(args.next().ok_or("--uri URI")?),
            "--published-date" => builder = builder.published_date(args.next().ok_or("--published-date DATE")?),
            other => files.push(other.to_owned()),
        }
    }
    let schema = schema.ok_or("--schema FILE is required")?;
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&schema).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let merger = Merger::from_schema(&schema).map_err(|e| e.to_string())?;

    // (release, uri of its package) in input order, grouped by ocid.
    let mut items = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        for value in values(&text)? {
            match value {
                Value::Array(list) => items.extend(list),
                other => items.push(other),
            }
        }
    }
    let mut releases: Vec<(Value, String)> = Vec::new();
    for item in items {
        if item.get("date").is_some() {
            releases.push((item, String::new()));
        } else {
            builder.add_package(&item);
            let uri = item.get("uri").and_then(Value::as_str).unwrap_or_default().to_owned();
            if let Some(Value::Array(list)) = item.get("releases") {
                releases.extend(list.iter().filter(|r| !r.is_null()).map(|r| (r.clone(), uri.clone())));
            }
        }
    }
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<(&Value, &str)>> = HashMap::new();
    for (release, uri) in &releases {
        let ocid = release.get("ocid").and_then(Value::as_str).ok_or("a release has no string `ocid`")?;
        groups
            .entry(ocid)
            .or_insert_with(|| {
                order.push(ocid);
                Vec::new()
            })
            .push((release, uri.as_str()));
    }
    for ocid in order {
        let group = &groups[ocid];
        let compiled = merger.compile(group.iter().map(|(r, _)| *r)).map_err(|e| e.to_string())?;
        let versioned_release = if versioned {
            Some(merger.versioned(group.iter().map(|(r, _)| *r)).map_err(|e| e.to_string())?.release)
        } else {
            None
        };
        let links = group.iter().map(|(r, uri)| (*r, linked.then_some(*uri)));
        builder.add_record(record(ocid, links, compiled.release, versioned_release));
    }
    println!("{}", builder.build());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("record_package: {e}");
            ExitCode::from(1)
        }
    }
}
