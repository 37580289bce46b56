//! `edca template`: an empty EDCA-MX workbook to fill in.

use crate::commands::flatten::{Format, HeaderArg, sink, tables_failure};
use crate::failure::Failure;
use edca::Lang;
use edca::tables::{Layout, TemplateOptions, template};
use std::path::PathBuf;

/// Write an empty workbook for EDCA-MX: one sheet per table, the key columns and every field
/// in the schema's order, and a notes row with each field's description (skipped by unflatten).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write: an `.xlsx` workbook, or a folder of CSV files.
    #[arg(long, short = 'o', value_name = "PATH")]
    out: PathBuf,
    /// Column names: JSON paths, or the schema's titles in Spanish or English.
    #[arg(long, value_enum, default_value_t = HeaderArg::Path)]
    headers: HeaderArg,
    /// Language of the notes row.
    #[arg(long, default_value = "es")]
    lang: Lang,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let xlsx = !args.out.is_dir() && args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let mut sink = sink(&args.out, if xlsx { Format::Xlsx } else { Format::Csv })?;
    let options = TemplateOptions { headers: args.headers.into(), lang: args.lang };
    let tables = template(Layout::edca_mx(), options, sink.as_mut()).map_err(tables_failure)?;
    eprintln!("edca: {tables} tables written to {}", args.out.display());
    Ok(())
}
