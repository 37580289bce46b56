//! `edca indices`: indicators over compiled releases.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::indices::budget::ApprovedBudget;
use edca::indices::coverage::CoveragePool;
use edca::indices::inputs::{Founding, Inputs, Sanction, Threshold};
use edca::indices::{Config, Family, Indices, Process};
use edca::io::{Item, Reader, Source};
use edca::merge::{CompileError, Compiler};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Compute indicators (Cardinal's red flags, field coverage, competition, budget coverage) over
/// compiled releases.
///
/// Reads compiled releases (as `edca compile` writes them: one JSON line each), records (their
/// `compiledRelease` and, if present, `versionedRelease`), individual releases (merged here into
/// one compiled and one versioned release per ocid, as `edca compile` does), or packages of
/// any of these. Indicators of change over time (reopened milestones, amendments, first
/// publication) need the history: individual releases or records with a versioned release.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Configuration file, TOML (or JSON if the name ends in `.json`; a Cardinal settings file,
    /// INI, if it ends in `.ini`: the `cardinal` part). Without it: every indicator with its
    /// defaults. The input tables it names (`[integrity] sanctions = "…"`) are read relative to
    /// its folder. See docs/indices.md.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Files or folders to read (`-` or nothing: standard input).
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One JSON object: `meta`, then one member per family.
    Json,
    /// One row per value: family, level, id, indicator, value.
    Csv,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let (mut config, tables) = match &args.config {
        Some(path) => {
            let config = load_config(path)?;
            let tables = load_inputs(&config, path)?;
            (config, tables)
        }
        None => (Config::default(), Inputs::default()),
    };
    // Coverage is counted where each process is parsed or merged, on every core; the other
    // families fold processes in input order. With coverage alone, a process is emptied once
    // counted, so memory stays flat whatever the input size.
    let families = config.families.clone().unwrap_or_else(|| Family::ALL.to_vec());
    let coverage = families.contains(&Family::Coverage).then(CoveragePool::new);
    config.families = Some(families.into_iter().filter(|f| *f != Family::Coverage).collect());
    let coverage_only = config.families.as_ref().is_some_and(Vec::is_empty);
    let mut indices = Indices::with_inputs(config, tables);
    let mut batch = Batch { indices: &mut indices, pending: Vec::new() };
    let mut compiler = Compiler::by_package_version();
    let mut reader = Reader::new();
    for input in inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))? {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        let route = |item: &mut Item| {
            if needs_merge(item) {
                return true;
            }
            if let Some(coverage) = &coverage {
                count_coverage(coverage, item, coverage_only);
            }
            false
        };
        compiler.read_routed(&mut reader, source, route, |item, _| {
            match item {
                Item::Release { release, .. } => batch.push(release, None),
                Item::Record { record: Value::Object(mut record), .. } => {
                    if let Some(compiled) = record.shift_remove("compiledRelease").filter(Value::is_object) {
                        batch.push(compiled, record.shift_remove("versionedRelease"));
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
    }
    // Individual releases: merged here into compiled and versioned releases, one per process.
    compiler.merge_each(
        |process| {
            let fail = |error| CompileError::Merge { ocid: process.ocid.to_owned(), error };
            let compiled = process.merger.compile(&process.releases).map_err(fail)?.release;
            if let Some(coverage) = coverage.as_ref().filter(|_| compiled.is_object()) {
                coverage.add(&compiled);
            }
            if coverage_only {
                return Ok((compiled, Value::Null));
            }
            let versioned = process.merger.versioned(&process.releases).map_err(fail)?.release;
            Ok((compiled, versioned))
        },
        |(compiled, versioned)| -> Result<(), Failure> {
            if compiled.is_object() {
                batch.push(compiled, Some(versioned));
            }
            Ok(())
        },
    )?;
    batch.flush();
    let mut report = indices.finish();
    report.coverage = coverage.map(CoveragePool::finish);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => report.write_csv(&mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// Processes handed to the indices a few hundred at a time, so that the families fold them
/// side by side on the available cores (in input order within each family).
struct Batch<'a> {
    indices: &'a mut Indices,
    pending: Vec<(Value, Option<Value>)>,
}

impl Batch<'_> {
    const SIZE: usize = 256;

    /// A compiled release and its versioned release, if any. A value that is not an object (or
    /// a release already emptied by the coverage count) is no process, but counts as read.
    fn push(&mut self, compiled: Value, versioned: Option<Value>) {
        if !compiled.is_object() {
            self.indices.add(&compiled);
            return;
        }
        self.pending.push((compiled, versioned));
        if self.pending.len() >= Self::SIZE {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let processes: Vec<Process> = self
            .pending
            .iter()
            .filter_map(|(compiled, versioned)| {
                let process = Process::new(compiled)?;
                Some(match versioned {
                    Some(versioned) => process.with_versioned(versioned),
                    None => process,
                })
            })
            .collect();
        self.indices.add_processes(&processes);
        self.pending.clear();
    }
}

/// Individual releases (tagged, but not `compiled`) and records without a compiled release are
/// merged first; compiled releases, untagged releases and records' compiled releases are
/// processes already.
fn needs_merge(item: &Item) -> bool {
    match item {
        Item::Release { release, .. } => match release.get("tag").and_then(Value::as_array) {
            Some(tags) => !tags.iter().any(|t| t == "compiled"),
            None => false,
        },
        Item::Record { record, .. } => record.get("compiledRelease").is_none(),
        _ => false,
    }
}

/// Counts the coverage of a process that needs no merge, in the reader's worker, as
/// [`Indices::add`] would: a release always, a record's compiled release when it is an object.
/// With coverage alone, the item is then emptied down to what tells the main thread that it
/// is a process.
fn count_coverage(coverage: &CoveragePool, item: &mut Item, coverage_only: bool) {
    match item {
        Item::Release { release, .. } => {
            coverage.add(release);
            if coverage_only {
                *release = Value::Null;
            }
        }
        Item::Record { record, .. } => {
            let Some(compiled) = record.get("compiledRelease").filter(|c| c.is_object()) else { return };
            coverage.add(compiled);
            if coverage_only {
                *record = json!({"compiledRelease": {}});
            }
        }
        Item::Package(_) | Item::Other(_) => {}
    }
}

fn load_config(path: &Path) -> Result<Config, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read the configuration {}: {e}", path.display())))?;
    let value: Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?
    } else if path.extension().is_some_and(|e| e == "ini") {
        let cardinal = edca::indices::cardinal::ini::parse(&text)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        serde_json::json!({ "cardinal": cardinal })
    } else {
        toml::from_str(&text).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?
    };
    Config::from_value(value).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
}

/// The input tables named in the configuration (integrity's, and the approved budget), relative
/// to its folder, so that a configuration travels with its tables.
fn load_inputs(config: &Config, config_path: &Path) -> Result<Inputs, Failure> {
    let folder = config_path.parent().unwrap_or(Path::new(""));
    fn read<T, E: std::fmt::Display>(
        folder: &Path,
        name: Option<&String>,
        parse: fn(std::fs::File) -> Result<T, E>,
    ) -> Result<Option<T>, Failure> {
        let Some(name) = name else { return Ok(None) };
        let path = folder.join(name);
        let file = std::fs::File::open(&path)
            .map_err(|e| Failure::Usage(format!("cannot read the table {}: {e}", path.display())))?;
        parse(file).map(Some).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
    }
    let integrity = config.integrity.as_ref();
    let approved = config.budget.as_ref().and_then(|b| b.approved.as_ref());
    Ok(Inputs {
        sanctions: read(folder, integrity.and_then(|s| s.sanctions.as_ref()), Sanction::read_csv)?,
        thresholds: read(folder, integrity.and_then(|s| s.thresholds.as_ref()), Threshold::read_csv)?,
        foundings: read(folder, integrity.and_then(|s| s.foundings.as_ref()), Founding::read_csv)?,
        approved_budget: read(folder, approved, |file| ApprovedBudget::from_csv(std::io::BufReader::new(file)))?,
    })
}
