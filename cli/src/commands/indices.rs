//! `edca indices`: indicators over compiled releases.

use crate::failure::Failure;
use crate::findings;
use crate::inputs;
use crate::progress::Progress;
use edca::diagnostic::Severity;
use edca::indices::budget::ApprovedBudget;
use edca::indices::inputs::{Founding, Inputs, Sanction, Threshold};
use edca::indices::{Config, Run};
use edca::io::Reader;
use edca::merge::CompileError;
use serde_json::Value;
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
///
/// What cannot be read or merged is reported on stderr and left out of the indices, as in
/// `edca compile`; the report is still written, and the exit status is 1 (`--fail-fast`: stop).
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
    #[command(flatten)]
    findings: findings::Options,
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
    let (config, tables) = match &args.config {
        Some(path) => {
            let config = load_config(path)?;
            let tables = load_inputs(&config, path)?;
            (config, tables)
        }
        None => (Config::default(), Inputs::default()),
    };
    let findings = &args.findings;
    let mut run = Run::new(config, tables).with_diagnostics(findings.collection()).fail_fast(findings.fail_fast);
    let mut reader = Reader::new();
    let inputs = inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))?;
    let progress = Progress::new(Progress::total_size(&inputs), findings.quiet);
    let stop = |error: CompileError| match error {
        CompileError::Process(diagnostic) => findings.stop(&diagnostic),
        error => error.into(),
    };
    for input in &inputs {
        let read = progress.open(input).map_err(Failure::from).and_then(|s| run.read(&mut reader, s).map_err(stop));
        if let Err(failure) = read {
            progress.finish();
            return Err(failure);
        }
    }
    progress.finish();
    let (report, diagnostics) = run.finish_with_diagnostics().map_err(stop)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => report.write_csv(&mut out)?,
    }
    out.flush()?;
    let failed = diagnostics.groups().iter().filter(|g| g.code.starts_with("merge.") && g.severity == Severity::Error);
    let failed: u64 = failed.map(|g| g.count).sum();
    let left_out = diagnostics.errors() - failed;
    findings.finish(&diagnostics, failed, left_out)
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
