//! `edca prepare`: Cardinal's data preparation over compiled releases.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::indices::IndicesError;
use edca::indices::cardinal::CardinalSettings;
use edca::indices::cardinal::prepare::{Prepare, Prepared};
use edca::io::{Item, ReadError, Reader, Source};
use serde_json::Value;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Correct quality issues in compiled releases, as Cardinal's `prepare` does.
///
/// Writes the corrected compiled releases to standard output (one JSON line each) and the issues
/// it could not correct as CSV rows without header: line, ocid, path, array indexes, incorrect
/// value, error description. `line` counts compiled releases from 1 across all inputs (a line
/// of a JSON-lines file). Records count through their `compiledRelease`. See docs/indices.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Cardinal's settings file (INI): `[defaults]`, `[redactions]`, `[corrections]`,
    /// `[modifications]`, `[codelists.bid_status]`, `[codelists.award_status]`; the sections of
    /// `indicators` are accepted too. Without it, only the corrections that are always on.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Where to write the issues (default: standard error).
    #[arg(long, value_name = "FILE")]
    output_issues: Option<PathBuf>,
    /// Files or folders to read (`-` or nothing: standard input).
    files: Vec<PathBuf>,
}

/// What the reader's workers make of one item: the compiled release prepared, its JSON line, and
/// whether it was tagged as an individual release.
struct Done {
    prepared: Prepared,
    json: String,
    not_compiled: bool,
}

/// Counts for the closing warnings.
#[derive(Default)]
struct Tally {
    releases: u64,
    not_compiled: u64,
    records_without_compiled: u64,
    auctions_not_moved: u64,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let settings = match &args.settings {
        Some(path) => edca::files::cardinal_settings(path).map_err(|e| Failure::Usage(e.to_string()))?,
        None => CardinalSettings::default(),
    };
    let prepare = Prepare::new(&settings).map_err(|e| settings_error(args.settings.as_deref(), e))?;
    let inputs = inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))?;
    let issues: Box<dyn Write> = match &args.output_issues {
        Some(path) => Box::new(
            File::create(path)
                .map_err(|e| Failure::Usage(format!("cannot write the issues to {}: {e}", path.display())))?,
        ),
        None => Box::new(std::io::stderr().lock()),
    };
    let mut issues = BufWriter::new(issues);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut tally = Tally::default();
    let mut reader = Reader::new();
    for input in inputs {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        let name = source.name().to_owned();
        let mut failed_write = None;
        let mut on_item = |item: Item, done: Option<Done>| {
            if let Item::Skipped(error) = item {
                return Err(error);
            }
            let Some(done) = done else {
                if matches!(item, Item::Record { .. }) {
                    tally.records_without_compiled += 1;
                }
                return Ok(());
            };
            tally.releases += 1;
            tally.not_compiled += u64::from(done.not_compiled);
            tally.auctions_not_moved += u64::from(done.prepared.auctions_not_moved);
            let written = writeln!(out, "{}", done.json)
                .and_then(|()| issues.write_all(done.prepared.issues_csv(tally.releases).as_bytes()));
            written.map_err(|e| {
                failed_write = Some(e);
                ReadError::from_consumer(&name, "cannot write the output")
            })
        };
        let prepare_item = |item: &mut Item| prepare_item(&prepare, item);
        reader.read_with(source, prepare_item, &mut on_item).map_err(|e| match failed_write.take() {
            Some(error) => Failure::from(error),
            None => Failure::Unreadable(e),
        })?;
    }
    out.flush()?;
    issues.flush()?;
    warn(&tally);
    Ok(())
}

/// Runs in the reader's parallel workers: takes the compiled release out of an item (a release,
/// a record's `compiledRelease`, or an object without `ocid`, which Cardinal prepares too) and
/// prepares it.
fn prepare_item(prepare: &Prepare, item: &mut Item) -> Option<Done> {
    let release = match item {
        Item::Release { release, .. } | Item::Other(release) => release.take(),
        Item::Record { record, .. } => record.get_mut("compiledRelease").map(Value::take)?,
        Item::Package(_) | Item::Skipped(_) | Item::Warning(_) => return None,
    };
    let not_compiled = !is_compiled(&release);
    let prepared = prepare.prepare(release);
    let json = prepared.release.to_string();
    Some(Done { prepared, json, not_compiled })
}

/// A release with a `tag` that lacks `compiled` is an individual release, not a process.
fn is_compiled(release: &Value) -> bool {
    match release.get("tag").and_then(Value::as_array) {
        Some(tags) => tags.iter().any(|t| t == "compiled"),
        None => true,
    }
}

fn warn(tally: &Tally) {
    if tally.not_compiled > 0 {
        eprintln!(
            "edca: warning: {} releases are tagged but not as `compiled`; each was prepared as a whole process \
             (run `edca compile` first)",
            tally.not_compiled
        );
    }
    if tally.records_without_compiled > 0 {
        eprintln!(
            "edca: warning: {} records have no `compiledRelease` and were skipped",
            tally.records_without_compiled
        );
    }
    if tally.auctions_not_moved > 0 {
        eprintln!(
            "edca: warning: {} releases have both /auctions and /bids; their auction bids were not moved",
            tally.auctions_not_moved
        );
    }
}

fn settings_error(path: Option<&Path>, error: IndicesError) -> Failure {
    match path {
        Some(path) => Failure::Usage(format!("{}: {error}", path.display())),
        None => Failure::Usage(error.to_string()),
    }
}
