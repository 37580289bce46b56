//! `edca compile`: merge releases into compiled (or versioned) releases, or a record package,
//! with the conventions of `ocdskit compile`.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::io::{Reader, Source};
use edca::merge::{ArrayStrategy, CompileError, Compiler, MergeError, MergeWarning, Merger, ProcessReleases, record};
use edca::profile::Profile;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

/// Merge releases into one compiled release per ocid (JSON lines on stdout, ocids in order of
/// first appearance).
///
/// Reads release packages, record packages (their embedded releases), releases, arrays of
/// releases and JSON lines of any of these. Releases in a package whose `version` is missing or
/// 1.0.x merge by the OCDS 1.0 rules; others (and releases outside any package) by OCDS 1.1.5 with
/// the EDCA-MX extensions. Processes are merged in parallel; memory holds an index and the
/// releases of the processes being merged (the rest spills to a temporary file).
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
    let mut compiler = compiler(&args)?;
    let mut reader = Reader::new();
    for input in inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))? {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        compiler.read(&mut reader, source)?;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    write(&args, compiler, &mut out)?;
    out.flush()?;
    Ok(())
}

/// The compiler for these arguments: one schema for all, or OCDS 1.0 and 1.1 (EDCA-MX) by
/// package version.
fn compiler(args: &Args) -> Result<Compiler, Failure> {
    let strategy = match args.arrays {
        Arrays::Identifier => ArrayStrategy::Identifier,
        Arrays::Append => ArrayStrategy::Append,
        Arrays::ByPosition => ArrayStrategy::ByPosition,
    };
    let merger = |schema: &Value| Merger::from_schema(schema).map_err(|e| Failure::Usage(format!("--schema: {e}")));
    let compiler = match (&args.schema, args.ocds_version) {
        (Some(path), _) => {
            let text = std::fs::read(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
            let schema: Value = serde_json::from_slice(&text)
                .map_err(|e| Failure::Usage(format!("{}: not a JSON schema: {e}", path.display())))?;
            Compiler::with_merger(merger(&schema)?)
        }
        (None, Some(OcdsRules::V1_0)) => Compiler::with_merger(merger(Profile::ocds_1_0().release_schema())?),
        (None, Some(OcdsRules::V1_1)) => Compiler::with_merger(merger(Profile::edca_mx().release_schema())?),
        (None, None) => Compiler::by_package_version(),
    };
    Ok(compiler.with_default_strategy(strategy))
}

/// One merged process: its output as JSON text, and what the merge noticed.
type Output = (String, Vec<MergeWarning>);

fn write(args: &Args, mut compiler: Compiler, out: &mut impl Write) -> Result<(), Failure> {
    let mut package_tail = None;
    if args.package {
        let header =
            compiler.take_package_builder().uri(args.uri.clone()).published_date(args.published_date.clone()).build();
        let text = serde_json::to_string(&header).map_err(std::io::Error::from)?;
        let head = text.strip_suffix("]}").ok_or_else(|| Failure::Usage("record package layout".into()))?;
        out.write_all(head.as_bytes())?;
        package_tail = Some("]}\n");
    }
    let mut first = true;
    compiler.merge_each(
        |process| merge_process(args, process),
        |(json, warnings): Output| -> Result<(), Failure> {
            for warning in warnings {
                eprintln!("edca: warning: {warning}");
            }
            if args.package && !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(json.as_bytes())?;
            if !args.package {
                out.write_all(b"\n")?;
            }
            Ok(())
        },
    )?;
    if let Some(tail) = package_tail {
        out.write_all(tail.as_bytes())?;
    }
    Ok(())
}

fn merge_process(args: &Args, process: ProcessReleases) -> Result<Output, CompileError> {
    let ProcessReleases { ocid, releases, package_uris, merger } = process;
    let fail = |error: MergeError| CompileError::Merge { ocid: ocid.to_owned(), error };
    if !args.package {
        let merged = if args.versioned { merger.versioned_json(&releases) } else { merger.compile_json(&releases) };
        let merged = merged.map_err(fail)?;
        return Ok((merged.json, merged.warnings));
    }
    let compiled = merger.compile(&releases).map_err(fail)?;
    let mut warnings = compiled.warnings;
    let versioned = if args.versioned { Some(merger.versioned(&releases).map_err(fail)?.release) } else { None };
    let sources =
        releases.iter().zip(package_uris).map(|(release, uri)| (release, uri.filter(|_| args.linked_releases)));
    let value = record(ocid, sources, compiled.release, versioned);
    warnings.dedup();
    Ok((value.to_string(), warnings))
}
