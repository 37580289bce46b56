//! `edca stats`: what a dataset holds.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::io::{Reader, Source};
use edca::stats::{Stats, StatsCollector};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Count packages, releases, records and ocids; list versions, extensions, publishers, dates
/// and tags.
///
/// Releases and records are counted as the shared corpus' MANIFEST counts them: releases of
/// release packages and releases on their own; records of record packages and records on their
/// own (releases embedded in records are not counted).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Files or folders to read (`-` or nothing: standard input). Folders are read recursively
    /// (`.json`, `.jsonl`, `.ndjson`, `.gz`).
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A summary for a person.
    Text,
    /// One JSON object.
    Json,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let inputs = inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut reader = Reader::new();
    let mut collector = StatsCollector::new();
    for input in inputs {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        collector.add_file();
        reader.read(source, |item| match item {
            edca::io::Item::Skipped(error) => Err(error),
            item => {
                collector.add(&item);
                Ok(())
            }
        })?;
    }
    let stats = collector.finish();
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &stats).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &stats)?,
    }
    out.flush()?;
    Ok(())
}

fn write_text(out: &mut impl Write, s: &Stats) -> std::io::Result<()> {
    writeln!(out, "files                  {}", s.files)?;
    writeln!(out, "release packages       {}", s.release_packages)?;
    writeln!(out, "record packages        {}", s.record_packages)?;
    writeln!(out, "releases               {}", s.releases)?;
    writeln!(out, "records                {}", s.records)?;
    writeln!(out, "ocids                  {}", s.ocids)?;
    writeln!(out, "max releases per ocid  {}", s.max_releases_per_ocid)?;
    let dates = match (&s.dates.first, &s.dates.last) {
        (Some(first), Some(last)) => format!("{first} .. {last}"),
        _ => "none".to_owned(),
    };
    writeln!(out, "dates                  {dates}")?;
    if s.dates.invalid > 0 {
        writeln!(out, "dates not RFC 3339     {}", s.dates.invalid)?;
    }
    if s.other_objects > 0 {
        writeln!(out, "other objects          {}", s.other_objects)?;
    }
    list(out, "versions", &s.versions)?;
    list(out, "tags", &s.tags)?;
    list(out, "publishers", &s.publishers)?;
    list(out, "extensions", &s.extensions)
}

fn list(out: &mut impl Write, title: &str, counts: &BTreeMap<String, u64>) -> std::io::Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    writeln!(out, "{title}:")?;
    let mut sorted: Vec<_> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (name, count) in sorted {
        writeln!(out, "  {count:>8}  {name}")?;
    }
    Ok(())
}
