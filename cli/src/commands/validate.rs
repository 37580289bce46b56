//! `edca validate`: schema, codelists, fields and quality checks, as a report.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::io::Source;
use edca::profile::Profile;
use edca::validate::{Lang, Options, Validator};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

/// Validate OCDS data: JSON Schema (draft 4, with the extensions packages declare), codelists,
/// additional and deprecated fields, quality checks; statistics of the data.
///
/// Releases and records outside packages are validated against EDCA-MX (OCDS 1.1.5 and the
/// extensions of the Mexican profile); packages against what their `version` and `extensions`
/// ask for (extensions are never downloaded: unknown ones are reported). Exit status: 0 valid,
/// 1 invalid (errors found, invalid JSON included), 2 bad usage or unreadable input.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Validate everything against this release schema (a patched release schema) instead.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::Es)]
    lang: LangArg,
    /// `text`: a summary for a person; `json`: the full report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Examples kept per group of findings.
    #[arg(long, default_value_t = 5)]
    examples: usize,
    /// Print the release schema in use (with the extensions applied) and exit.
    #[arg(long, hide = true)]
    dump_schema: bool,
    /// Files or folders to read (`-` or nothing: standard input).
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LangArg {
    /// Español.
    Es,
    /// English.
    En,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A readable summary.
    Text,
    /// The full report as JSON.
    Json,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let profile = match &args.schema {
        Some(path) => {
            let text = std::fs::read(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
            let schema: Value = serde_json::from_slice(&text)
                .map_err(|e| Failure::Usage(format!("{}: not a JSON schema: {e}", path.display())))?;
            Profile::from_schema(schema).map_err(|e| Failure::Usage(format!("--schema: {e}")))?
        }
        None => Profile::edca_mx(),
    };
    let mut out = std::io::stdout().lock();
    if args.dump_schema {
        serde_json::to_writer_pretty(&mut out, profile.release_schema()).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let validator = match args.schema {
        Some(_) => Validator::fixed(&profile),
        None => Validator::new(&profile),
    }
    .map_err(|e| Failure::Usage(format!("--schema: {e}")))?;
    let lang = match args.lang {
        LangArg::Es => Lang::Es,
        LangArg::En => Lang::En,
    };
    let mut session = validator.session(Options { lang, max_examples: args.examples });
    for input in inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))? {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        session.read(source)?;
    }
    let report = session.finish();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => out.write_all(report.to_text().as_bytes())?,
    }
    out.flush()?;
    if report.valid {
        Ok(())
    } else {
        let reason = match lang {
            Lang::Es => format!("datos no válidos: {} errores", report.summary.errors),
            Lang::En => format!("invalid data: {} errors", report.summary.errors),
        };
        Err(Failure::Invalid(reason))
    }
}
