//! The library end to end on the sample data shipped in `examples/data`: read every file,
//! group releases by process, merge each process with the EDCA-MX rules (OCDS 1.0 rules for
//! 1.0 packages), and print one line per process.
//!
//! ```text
//! cargo run -p edca --example sample_records [FOLDER]
//! ```

use edca::io::{Item, OcidGroups, Reader, Source};
use edca::merge::Merger;
use edca::profile::{OcdsVersion, Profile};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data"));
    let mut files = Vec::new();
    collect(&folder, &mut files)?;
    files.sort();

    // Read: releases grouped by ocid, each tagged with its package's id.
    let mut groups = OcidGroups::default();
    let mut legacy_packages = Vec::new();
    let mut reader = Reader::new();
    for file in &files {
        reader.read(Source::open(file)?, |item| {
            match item {
                Item::Release { release, package } => {
                    if let Some(ocid) = release.get("ocid").and_then(Value::as_str).map(str::to_owned) {
                        groups.push(&ocid, &release, package.unwrap_or(u32::MAX)).map_err(|e| {
                            edca::io::ReadError::from_consumer(&file.display().to_string(), e.to_string())
                        })?;
                    }
                }
                Item::Package(package) if package.ocds_version() == OcdsVersion::V1_0 => {
                    legacy_packages.push(package.id)
                }
                _ => {}
            }
            Ok(())
        })?;
    }

    // Merge: one merger per rule set, built once.
    let current = Merger::from_profile(&Profile::edca_mx())?;
    let legacy = Merger::from_profile(&Profile::ocds_1_0())?;
    for n in 0..groups.len() {
        let (ocid, releases) = groups.take(n)?;
        let all_legacy = releases.iter().all(|(_, package)| legacy_packages.contains(package));
        let merger = if all_legacy { &legacy } else { &current };
        let merged = merger.compile(releases.iter().map(|(release, _)| release))?;
        let compiled = merged.release;
        let amount = compiled.pointer("/tender/value/amount").map_or("-".to_owned(), Value::to_string);
        let title = compiled.pointer("/tender/title").and_then(Value::as_str).unwrap_or("-");
        println!("{ocid}  {} release(s)  tender amount {amount}  {title}", releases.len());
    }
    Ok(())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    Ok(())
}
