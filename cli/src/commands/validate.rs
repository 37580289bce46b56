//! `edca validate`: schema, codelists, fields and quality checks, as a report.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::io::DeclaredVersion;
use edca::io::Source;
use edca::profile::{OcdsVersion, Profile};
use edca::validate::{Lang, Options, Report, Validator};
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
    /// Validate every package against this OCDS version's schema (with the extensions it
    /// declares), whatever its `version` says, and releases and records outside packages
    /// against OCDS 1.0.3 (1.0) or EDCA-MX (1.1): the Data Review Tool's --schema-version.
    #[arg(long, value_enum, conflicts_with = "schema")]
    ocds_version: Option<OcdsRules>,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::Es)]
    lang: LangArg,
    /// `text`: a summary for a person; `json`: the full report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// One report per input instead of one for all (with --format json: JSON lines, one report
    /// per line, each with a `file` member).
    #[arg(long)]
    per_file: bool,
    /// Examples kept per group of findings.
    #[arg(long, default_value_t = 5)]
    examples: usize,
    /// Print the schemas a file is validated against (the profile its first package asks for,
    /// else the default) as JSON, and exit: for differential tests.
    #[arg(long, hide = true)]
    dump_schema: bool,
    /// Files or folders to read (`-` or nothing: standard input).
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum OcdsRules {
    /// OCDS 1.0 (1.0.3 schema).
    #[value(name = "1.0")]
    V1_0,
    /// OCDS 1.1 (1.1.5 schema).
    #[value(name = "1.1")]
    V1_1,
}

impl OcdsRules {
    fn version(self) -> OcdsVersion {
        match self {
            OcdsRules::V1_0 => OcdsVersion::V1_0,
            OcdsRules::V1_1 => OcdsVersion::V1_1,
        }
    }
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

/// The profile the first package of the first file asks for (`None` for releases and records).
fn package_profile(files: &[PathBuf], forced: Option<OcdsVersion>) -> Result<Option<Profile>, Failure> {
    let Some(path) = files.first() else { return Ok(None) };
    let text = std::fs::read(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
    let value: Value = serde_json::from_slice(&text).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
    let first = match &value {
        Value::Array(items) => items.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let is_package = first.get("ocid").is_none() && (first.get("releases").is_some() || first.get("records").is_some());
    if !is_package {
        return Ok(None);
    }
    let urls: Vec<&str> =
        first.get("extensions").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let (version, _) = edca::validate::package_version(&DeclaredVersion::of(first.get("version")), forced);
    Ok(Some(Profile::for_package(Some(version.as_str()), &urls).0))
}

pub fn run(args: Args) -> Result<(), Failure> {
    let profile = match &args.schema {
        Some(path) => {
            let text = std::fs::read(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
            let schema: Value = serde_json::from_slice(&text)
                .map_err(|e| Failure::Usage(format!("{}: not a JSON schema: {e}", path.display())))?;
            Profile::from_schema(schema).map_err(|e| Failure::Usage(format!("--schema: {e}")))?
        }
        None => match args.ocds_version.map(OcdsRules::version) {
            Some(OcdsVersion::V1_0) => Profile::ocds_1_0(),
            _ => Profile::edca_mx(),
        },
    };
    let forced = args.ocds_version.map(OcdsRules::version);
    let mut out = std::io::stdout().lock();
    if args.dump_schema {
        let profile =
            if args.schema.is_some() { profile } else { package_profile(&args.files, forced)?.unwrap_or(profile) };
        let dump = serde_json::json!({
            "profile": profile.label(),
            "release_package": profile.release_package_schema(),
            "record_package": profile.record_package_schema(),
            "release": profile.release_schema(),
            "resources": profile.schema_resources(),
        });
        serde_json::to_writer(&mut out, &dump).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let validator = match (&args.schema, forced) {
        (Some(_), _) => Validator::fixed(&profile),
        (None, Some(version)) => Validator::for_version(version),
        (None, None) => Validator::new(&profile),
    }
    .map_err(|e| Failure::Usage(format!("--schema: {e}")))?;
    let lang = match args.lang {
        LangArg::Es => Lang::Es,
        LangArg::En => Lang::En,
    };
    let options = Options { lang, max_examples: args.examples };
    let inputs = inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut session = validator.session(options);
    let mut errors = 0;
    for input in inputs {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        let name = source.name().to_owned();
        session.read(source)?;
        if args.per_file {
            let report = std::mem::replace(&mut session, validator.session(options)).finish();
            errors += report.summary.errors;
            write_report(&mut out, args.format, &report, Some(&name), true)?;
        }
    }
    if !args.per_file {
        let report = session.finish();
        errors += report.summary.errors;
        write_report(&mut out, args.format, &report, None, false)?;
    }
    out.flush()?;
    if errors == 0 {
        Ok(())
    } else {
        let reason = match lang {
            Lang::Es => format!("datos no válidos: {errors} errores"),
            Lang::En => format!("invalid data: {errors} errors"),
        };
        Err(Failure::Invalid(reason))
    }
}

fn write_report(
    out: &mut impl Write,
    format: Format,
    report: &Report,
    file: Option<&str>,
    one_line: bool,
) -> Result<(), Failure> {
    match format {
        Format::Json => {
            let mut value = serde_json::to_value(report).map_err(std::io::Error::from)?;
            if let (Some(file), Some(members)) = (file, value.as_object_mut()) {
                members.shift_insert(0, "file".to_owned(), Value::String(file.to_owned()));
            }
            if one_line {
                serde_json::to_writer(&mut *out, &value).map_err(std::io::Error::from)?;
            } else {
                serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::from)?;
            }
            writeln!(out)?;
        }
        Format::Text => {
            if let Some(file) = file {
                writeln!(out, "### {file}")?;
            }
            out.write_all(report.to_text().as_bytes())?;
            if file.is_some() {
                writeln!(out)?;
            }
        }
    }
    Ok(())
}
