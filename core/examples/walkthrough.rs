//! The crate-level walk-through on real files: read → compile → validate → indices, the calls
//! the command line and the bindings make. Prints what each step found.
//!
//! ```text
//! cargo run -p edca --example walkthrough [FILE_OR_FOLDER...]   # default: examples/data
//! ```

use edca::indices::{Config, Indices};
use edca::io::{Item, Reader, Source};
use edca::merge::{CompileError, Compiler};
use edca::validate::{Options, Validator};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut inputs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        inputs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data"));
    }
    let mut files = Vec::new();
    for input in &inputs {
        collect(input, &mut files)?;
    }
    files.sort();

    // 1. Read: releases and records, each with its place in its file.
    let (mut releases, mut records, mut skipped) = (0u64, 0u64, 0u64);
    let mut reader = Reader::new();
    for file in &files {
        reader.read(Source::open(file)?, |item| {
            match item {
                Item::Release { .. } => releases += 1,
                Item::Record { .. } => records += 1,
                Item::Skipped(error) => {
                    skipped += 1;
                    eprintln!("skipped: {}", error.message(edca::Lang::En));
                }
                _ => {}
            }
            Ok(())
        })?;
    }
    println!("read: {} files, {releases} releases, {records} records, {skipped} values skipped", files.len());

    // 2. Compile: one compiled release per ocid, in order of first appearance.
    let mut compiler = Compiler::by_package_version();
    let mut reader = Reader::new();
    for file in &files {
        compiler.read(&mut reader, Source::open(file)?)?;
    }
    let mut compiled = Vec::new();
    compiler.merge_each(
        |process| {
            let merged = process.merger.compile(&process.releases);
            merged.map_err(|error| CompileError::Merge { ocid: process.ocid.to_owned(), error })
        },
        |merged| {
            compiled.push(merged.release);
            Ok::<_, CompileError>(())
        },
    )?;
    println!("compile: {} processes", compiled.len());

    // 3. Validate: every file into one report; each example's pointer resolves in its file.
    let validator = Validator::new(&edca::profile::Profile::edca_mx())?;
    let mut session = validator.session(Options { lang: edca::Lang::En, max_examples: 1 });
    for file in &files {
        session.read(Source::open(file)?)?;
    }
    let report = session.finish();
    let s = &report.summary;
    println!("validate: valid {}, {} errors, {} warnings, {} notes", report.valid, s.errors, s.warnings, s.infos);
    for group in report.schema.iter().chain(&report.quality).take(3) {
        if let Some(example) = group.examples.first() {
            println!("  {} ×{}: {} {}", group.code.as_str(), group.count, example.file, example.pointer);
        }
    }

    // 4. Indices of the compiled releases.
    let mut indices = Indices::new(Config::default());
    compiled.iter().for_each(|release| indices.add(release));
    let indices = indices.finish();
    let index = indices.completeness.as_ref().map(|c| &c.dataset.open_contracting_index);
    let index = serde_json::to_string(&index)?;
    println!("indices: {} processes, open-contracting index of the dataset {index}", indices.meta.processes);
    Ok(())
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            collect(&entry?.path(), out)?;
        }
    } else if path.extension().is_some_and(|e| e == "json" || e == "jsonl" || e == "gz") {
        out.push(path.to_owned());
    }
    Ok(())
}
