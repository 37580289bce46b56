//! `edca flatten`: releases as tables (a CSV or Parquet folder, or an XLSX workbook), flatten-tool's layout.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::io::Source;
use edca::tables::{CsvFolder, FlattenOptions, Flattener, Headers, ParquetFolder, TableSink, TablesError, XlsxBook};
use std::path::PathBuf;

/// Write releases as one table per array: `main`, `parties`, `tender_items`, `awards`,
/// `awards_suppliers`… (flatten-tool's layout; columns by JSON path or schema title).
///
/// Reads release packages, record packages (each record's compiledRelease), releases and JSON
/// lines. With --compiled, the releases are first compiled (one row of `main` per ocid).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write: a folder of CSV (or, with --format parquet, Parquet) files, or a workbook
    /// when the name ends in `.xlsx`.
    #[arg(long, short = 'o', value_name = "PATH")]
    out: PathBuf,
    /// Output format (default: by the name of --out).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Column names: JSON paths, or the schema's titles in Spanish or English.
    #[arg(long, value_enum, default_value_t = HeaderArg::Path)]
    headers: HeaderArg,
    /// Compile the releases first and flatten the compiled releases.
    #[arg(long)]
    compiled: bool,
    /// Files or folders to read (`-` or nothing: standard input).
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A folder of CSV files (UTF-8).
    Csv,
    /// An XLSX workbook.
    Xlsx,
    /// A folder of Parquet files, columns typed by what they hold.
    Parquet,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum HeaderArg {
    /// JSON paths (`tender/value/amount`).
    Path,
    /// Spanish titles.
    Es,
    /// English titles.
    En,
}

impl From<HeaderArg> for Headers {
    fn from(h: HeaderArg) -> Headers {
        match h {
            HeaderArg::Path => Headers::Path,
            HeaderArg::Es => Headers::Es,
            HeaderArg::En => Headers::En,
        }
    }
}

pub(crate) fn tables_failure(error: TablesError) -> Failure {
    match error {
        TablesError::Read(e) => Failure::Unreadable(e),
        TablesError::Compile(e) => Failure::from(e),
        TablesError::Io { .. } | TablesError::Xlsx { .. } | TablesError::Parquet { .. } => {
            Failure::Usage(error.to_string())
        }
        other => Failure::UnreadableText(other.to_string()),
    }
}

pub(crate) fn sink(out: &std::path::Path, format: Format) -> Result<Box<dyn TableSink>, Failure> {
    Ok(match format {
        Format::Xlsx => Box::new(XlsxBook::new(out).map_err(tables_failure)?),
        Format::Csv => Box::new(CsvFolder::new(out).map_err(tables_failure)?),
        Format::Parquet => Box::new(ParquetFolder::new(out).map_err(tables_failure)?),
    })
}

pub fn run(args: Args) -> Result<(), Failure> {
    let inputs = inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))?;
    let format = args.format.unwrap_or(if args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        Format::Xlsx
    } else {
        Format::Csv
    });
    let options = FlattenOptions { headers: args.headers.into(), profile: None };
    let mut flattener = Flattener::new(options).map_err(tables_failure)?;
    let sources = inputs.iter().map(|input| match input {
        Input::Stdin => Source::stdin(),
        Input::File(path) => Source::open(path),
    });
    flattener.read_sources(sources, args.compiled).map_err(tables_failure)?;
    let findings: Vec<_> = flattener.diagnostics().groups().iter().flat_map(|g| g.examples.clone()).collect();
    let left_out = flattener.left_out();
    let mut sink = sink(&args.out, format)?;
    let summary = flattener.finish(sink.as_mut()).map_err(tables_failure)?;
    for finding in &findings {
        eprintln!("edca: {finding}");
    }
    eprintln!("edca: {} releases, {} tables written to {}", summary.releases, summary.tables.len(), args.out.display());
    if left_out > 0 || findings.iter().any(|f| f.severity == edca::diagnostic::Severity::Error) {
        return Err(Failure::Invalid(format!("{left_out} values could not be read and were left out")));
    }
    Ok(())
}
