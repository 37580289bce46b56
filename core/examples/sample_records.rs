//! The library end to end on the sample data shipped in `examples/data`: read every file,
//! group releases by process, merge each process with the EDCA-MX rules (OCDS 1.0 rules for
//! 1.0 packages), and print one line per process.
//!
//! ```text
//! cargo run -p edca --example sample_records [FOLDER]
//! ```

use edca::io::{Reader, Source};
use edca::merge::{CompileError, Compiler};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data"));
    let mut files = Vec::new();
    collect(&folder, &mut files)?;
    files.sort();

    // Read: releases grouped by ocid, with the OCDS version of the package each came from.
    let mut compiler = Compiler::by_package_version();
    let mut reader = Reader::new();
    for file in &files {
        compiler.read(&mut reader, Source::open(file)?)?;
    }

    // Merge each process (in parallel) and print one line per process, in input order.
    let mut out = std::io::stdout().lock();
    let printed = compiler.merge_each(
        |process| {
            let compiled = process
                .merger
                .compile(&process.releases)
                .map_err(|error| CompileError::Merge { ocid: process.ocid.to_owned(), error })?
                .release;
            let amount = compiled.pointer("/tender/value/amount").map_or("-".to_owned(), Value::to_string);
            let title = compiled.pointer("/tender/title").and_then(Value::as_str).unwrap_or("-");
            Ok(format!("{}  {} release(s)  tender amount {amount}  {title}", process.ocid, process.releases.len()))
        },
        |line| writeln!(out, "{line}").map_err(Failed::Output),
    );
    match printed {
        // The reader of our output went away (`| head`): not an error.
        Err(Failed::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Why the example stopped.
#[derive(Debug, thiserror::Error)]
enum Failed {
    #[error(transparent)]
    Compile(#[from] CompileError),
    #[error("cannot write: {0}")]
    Output(std::io::Error),
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
