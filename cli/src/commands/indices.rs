//! `edca indices`: indicators over compiled releases.

use crate::failure::Failure;
use crate::findings;
use crate::inputs;
use crate::progress::Progress;
use edca::diagnostic::Severity;
use edca::indices::inputs::Inputs;
use edca::indices::{Config, Run};
use edca::io::Reader;
use edca::merge::CompileError;
use std::io::Write;
use std::path::PathBuf;

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
        Some(path) => edca::files::indices_config(path).map_err(|e| Failure::Usage(e.to_string()))?,
        None => (Config::default(), Inputs::default()),
    };
    let findings = &args.findings;
    let mut run = Run::new(config, tables).with_diagnostics(findings.collection()).fail_fast(findings.fail_fast);
    let mut reader = Reader::new();
    let inputs = inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))?;
    let progress = Progress::new(Progress::total_size(&inputs), findings.quiet);
    let stop = |error: CompileError| findings.fatal(error);
    for input in &inputs {
        let read =
            progress.open(input).map_err(CompileError::Read).and_then(|s| run.read(&mut reader, s)).map_err(stop);
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
