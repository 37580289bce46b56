//! `edca compile`: merge releases into compiled (or versioned) releases, or a record package,
//! with the conventions of `ocdskit compile`.

use crate::failure::Failure;
use crate::findings::{self, Warnings};
use crate::inputs;
use crate::progress::Progress;
use edca::merge::{
    ArrayStrategy, Compilation, CompileError, CompileOptions, Merger, Outcome, Output, OutputForm, Publisher,
    RulesChoice,
};
use edca::profile::OcdsVersion;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

/// Merge releases into one compiled release per ocid (JSON lines on stdout, ocids in order of
/// first appearance).
///
/// Reads release packages, record packages (their embedded releases), releases, arrays of
/// releases and JSON lines of any of these. Releases in a package whose `version` is missing or
/// "1.0" merge by the OCDS 1.0 rules; "1.1" (and releases outside any package) by OCDS 1.1.5
/// with the EDCA-MX extensions. A package whose `version` is anything else ("1.1.5", "X", a
/// number, null…) is refused: reported, its releases left out, unless --ocds-version (or
/// --schema) says which rules apply. Packages that declare different versions are merged each
/// by its own (one warning says so). Processes are merged in parallel; memory holds an index and
/// the releases of the processes being merged (the rest spills to a temporary file).
///
/// A value that cannot be read, a release that cannot be merged (no `ocid` string, no `date`)
/// and a process that cannot be merged are reported on stderr and left out; every other
/// process is written, and the exit status is 1 at the end (`--fail-fast`: stop at the first).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print versioned releases instead of compiled releases (with --package: add them to the
    /// records).
    #[arg(long)]
    versioned: bool,
    /// Print one record package instead of JSON lines.
    #[arg(long)]
    package: bool,
    /// With --package, link releases read from release packages (`{url, date, tag}`) instead of
    /// embedding them.
    #[arg(long, requires = "package")]
    linked_releases: bool,
    /// Merge by this release schema (a patched release schema, as for ocdskit) instead of the
    /// embedded profiles.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Merge every process by the rules of this OCDS version (1.0: OCDS 1.0.3; 1.1: OCDS 1.1.5
    /// with the EDCA-MX extensions), whatever the packages declare.
    #[arg(long, value_enum, conflicts_with = "schema")]
    ocds_version: Option<OcdsRules>,
    /// How to merge arrays of objects: by `id` (the standard), or the reference's overrides for
    /// duplicate or missing ids: append every object, or merge by position.
    #[arg(long, value_enum, default_value_t = Arrays::Identifier)]
    arrays: Arrays,
    /// With --package: the record package's `uri`.
    #[arg(long, default_value = "")]
    uri: String,
    /// With --package: the record package's `publishedDate`.
    #[arg(long, default_value = "")]
    published_date: String,
    /// With --package: the record package's `version`.
    #[arg(long, default_value = "1.1")]
    version: String,
    /// With --package: the record package's `publisher.name` (any --publisher-* replaces the
    /// input packages' publisher).
    #[arg(long, default_value = "")]
    publisher_name: String,
    /// With --package: the record package's `publisher.uri`.
    #[arg(long, default_value = "")]
    publisher_uri: String,
    /// With --package: the record package's `publisher.scheme`.
    #[arg(long, default_value = "")]
    publisher_scheme: String,
    /// With --package: the record package's `publisher.uid`.
    #[arg(long, default_value = "")]
    publisher_uid: String,
    /// With --package: placeholders for the required metadata left empty (`uri`
    /// "placeholder:", `publishedDate` "9999-01-01T00:00:00Z"), for tests.
    #[arg(long)]
    fake: bool,
    /// The items to compile inside each input value, as ocdskit's --root-path: member names
    /// joined by dots, `item` for each element of an array (`releases.item`: each release of a
    /// package, read as a release on its own).
    #[arg(long, default_value = "")]
    root_path: String,
    #[command(flatten)]
    findings: findings::Options,
    /// Files or folders to read (`-` or nothing: standard input).
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum OcdsRules {
    /// OCDS 1.0 (1.0.3 schema).
    #[value(name = "1.0")]
    V1_0,
    /// OCDS 1.1 (1.1.5 schema with the EDCA-MX extensions).
    #[value(name = "1.1")]
    V1_1,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Arrays {
    /// Identifier merge (`id`), as the standard says.
    Identifier,
    /// Every object of every release is kept.
    Append,
    /// The n-th object merges with the n-th object of earlier releases.
    ByPosition,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let findings = &args.findings;
    let inputs = inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut compilation = Compilation::new(options(&args)?);
    let progress = Progress::new(Progress::total_size(&inputs), findings.quiet);
    for input in &inputs {
        let read = progress.open(input).map_err(CompileError::Read).and_then(|source| compilation.read(source));
        if let Err(error) = read {
            progress.finish();
            return Err(findings.fatal(error));
        }
    }
    progress.merging(compilation.processes() as u64);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = write(&args, &mut compilation, &progress, &mut out);
    progress.finish();
    let outcome = written?;
    out.flush()?;
    findings.finish(&compilation.diagnostics(), outcome.failed, outcome.left_out)
}

/// The library's options for these arguments.
fn options(args: &Args) -> Result<CompileOptions, Failure> {
    let arrays = match args.arrays {
        Arrays::Identifier => ArrayStrategy::Identifier,
        Arrays::Append => ArrayStrategy::Append,
        Arrays::ByPosition => ArrayStrategy::ByPosition,
    };
    let rules = match (&args.schema, args.ocds_version) {
        (Some(path), _) => {
            let text = std::fs::read(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
            let schema: Value = serde_json::from_slice(&text)
                .map_err(|e| Failure::Usage(format!("{}: not a JSON schema: {e}", path.display())))?;
            Merger::from_schema(&schema).map_err(|e| Failure::Usage(format!("--schema: {e}")))?;
            RulesChoice::Schema(schema)
        }
        (None, Some(OcdsRules::V1_0)) => RulesChoice::Version(OcdsVersion::V1_0),
        (None, Some(OcdsRules::V1_1)) => RulesChoice::Version(OcdsVersion::V1_1),
        (None, None) => RulesChoice::ByPackageVersion,
    };
    Ok(CompileOptions {
        versioned: args.versioned,
        package: args.package,
        linked_releases: args.linked_releases,
        arrays,
        rules,
        uri: args.uri.clone(),
        published_date: args.published_date.clone(),
        output: OutputForm::Json,
        all_diagnostics: args.findings.warnings == Warnings::All,
        fail_fast: args.findings.fail_fast,
        publisher: Publisher {
            name: args.publisher_name.clone(),
            uri: args.publisher_uri.clone(),
            scheme: args.publisher_scheme.clone(),
            uid: args.publisher_uid.clone(),
        },
        version: Some(args.version.clone()),
        fake: args.fake,
        root_path: args.root_path.clone(),
    })
}

/// Writes every process that merged; with `--fail-fast`, stops at the first that did not.
fn write(
    args: &Args,
    compilation: &mut Compilation,
    progress: &Progress,
    out: &mut impl Write,
) -> Result<Outcome, Failure> {
    if args.package {
        out.write_all(compilation.package_head().as_bytes())?;
    }
    let mut first = true;
    let outcome = compilation.each(|process| -> Result<(), Failure> {
        progress.merged();
        let json = match process.output {
            Ok(Output::Json(json)) => json,
            Ok(Output::Value(value)) => value.to_string(),
            Err(error) if args.findings.fail_fast => return Err(args.findings.stop(&error)),
            Err(_) => return Ok(()),
        };
        if args.package && !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(json.as_bytes())?;
        if !args.package {
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    if args.package {
        out.write_all(b"]}\n")?;
    }
    Ok(outcome)
}
