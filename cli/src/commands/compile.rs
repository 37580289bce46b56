//! `edca compile`: merge releases into compiled (or versioned) releases, or a record package,
//! with the conventions of `ocdskit compile`.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::io::{Item, OcidGroups, Reader, Source};
use edca::merge::{ArrayStrategy, MergeError, MergeWarning, Merger, RecordPackageBuilder, record};
use edca::profile::{OcdsVersion, Profile};
use rayon::prelude::*;
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

/// Releases of no package carry this tag; others carry their package id.
const NO_PACKAGE: u32 = u32::MAX;

/// Processes merged per parallel batch.
const BATCH: usize = 512;

/// What was read: the releases grouped by ocid, and what each package said.
struct Read {
    groups: OcidGroups,
    versions: Vec<Option<OcdsVersion>>,
    uris: Vec<Option<String>>,
    builder: RecordPackageBuilder,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mergers = Mergers::new(&args)?;
    let read = read(&args.files)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    write(&args, &mergers, read, &mut out)?;
    out.flush()?;
    Ok(())
}

fn read(files: &[PathBuf]) -> Result<Read, Failure> {
    let mut state = Read {
        groups: OcidGroups::default(),
        versions: Vec::new(),
        uris: Vec::new(),
        builder: RecordPackageBuilder::new().keep_order(),
    };
    let mut reader = Reader::new();
    for input in inputs::expand(files).map_err(|e| Failure::Usage(e.to_string()))? {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        let name = source.name().to_owned();
        let mut count = 0usize;
        let mut invalid = None;
        let mut on_item = |item: Item, prepared: Option<Vec<Prepared>>| {
            for release in prepared.into_iter().flatten() {
                count += 1;
                let tag = match &item {
                    Item::Release { package, .. } | Item::Record { package, .. } => package.unwrap_or(NO_PACKAGE),
                    _ => NO_PACKAGE,
                };
                let stored = match release {
                    Ok((ocid, json)) => state.groups.push_json(&ocid, json, tag).map_err(|e| e.to_string()),
                    Err(reason) => Err(format!("release {count} {reason}")),
                };
                if let Err(reason) = stored {
                    invalid = Some(format!("{name}: {reason}"));
                    return Err(edca::io::ReadError::from_consumer(&name, "invalid release"));
                }
            }
            match item {
                Item::Package(package) => {
                    let at = package.id as usize;
                    if state.versions.len() <= at {
                        state.versions.resize(at + 1, None);
                        state.uris.resize(at + 1, None);
                    }
                    state.versions[at] = Some(package.ocds_version());
                    state.uris[at] = package.metadata.get("uri").and_then(Value::as_str).map(str::to_owned);
                    state.builder.add_package(&Value::Object(package.metadata));
                }
                Item::Other(_) => {
                    count += 1;
                    invalid =
                        Some(format!("{name}: value {count} is neither a release, a record nor a package (no `ocid`)"));
                    return Err(edca::io::ReadError::from_consumer(&name, "invalid input"));
                }
                _ => {}
            }
            Ok(())
        };
        reader.read_with(source, prepare, &mut on_item).map_err(|e| match invalid.take() {
            Some(reason) => Failure::Invalid(reason),
            None => Failure::Unreadable(e),
        })?;
    }
    Ok(state)
}

/// A release made ready where it was parsed: its ocid and compact JSON, or what is wrong with it.
type Prepared = Result<(String, Vec<u8>), String>;

/// Runs in the reader's parallel workers: takes the releases out of an item and writes each as
/// compact JSON, so the sequential part only files bytes under their ocid.
fn prepare(item: &mut Item) -> Option<Vec<Prepared>> {
    let releases = match item {
        Item::Release { release, .. } => vec![std::mem::take(release)],
        Item::Record { record, .. } => embedded_releases(std::mem::take(record)),
        _ => return None,
    };
    Some(releases.into_iter().filter(|release| !release.is_null()).map(prepare_release).collect())
}

fn prepare_release(release: Value) -> Prepared {
    let ocid = match &release {
        Value::Object(members) => members.get("ocid").and_then(Value::as_str),
        other => return Err(format!("is {}, not a JSON object", kind(other))),
    };
    let ocid = ocid.ok_or("has no `ocid` string")?.to_owned();
    // As ocdskit compile (stricter than the merge routine, which compiles a lone release
    // without `date` under the id `{ocid}-None`).
    if release.get("date").is_none() {
        return Err(format!("(ocid {ocid}) has no `date`"));
    }
    let json = serde_json::to_vec(&release).map_err(|e| e.to_string())?;
    Ok((ocid, json))
}

/// The full releases a record embeds (linked releases, `{url, date, tag}`, cannot be merged).
fn embedded_releases(record: Value) -> Vec<Value> {
    let Value::Object(mut record) = record else { return Vec::new() };
    let Some(Value::Array(releases)) = record.shift_remove("releases") else { return Vec::new() };
    let linked = |release: &Value| {
        release.as_object().is_some_and(|members| members.keys().all(|k| matches!(k.as_str(), "url" | "date" | "tag")))
    };
    releases.into_iter().filter(|release| !linked(release)).collect()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        _ => "a value",
    }
}

/// The mergers in use: one schema for all, or OCDS 1.0 and 1.1 (EDCA-MX) by package version.
struct Mergers {
    current: Merger,
    legacy: Option<Merger>,
}

impl Mergers {
    fn new(args: &Args) -> Result<Mergers, Failure> {
        let strategy = match args.arrays {
            Arrays::Identifier => ArrayStrategy::Identifier,
            Arrays::Append => ArrayStrategy::Append,
            Arrays::ByPosition => ArrayStrategy::ByPosition,
        };
        let build = |schema: &Value| -> Result<Merger, Failure> {
            let merger = Merger::from_schema(schema).map_err(|e| Failure::Usage(format!("--schema: {e}")))?;
            Ok(merger.with_default_strategy(strategy))
        };
        match &args.schema {
            Some(path) => {
                let text = std::fs::read(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
                let schema: Value = serde_json::from_slice(&text)
                    .map_err(|e| Failure::Usage(format!("{}: not a JSON schema: {e}", path.display())))?;
                Ok(Mergers { current: build(&schema)?, legacy: None })
            }
            None => match args.ocds_version {
                Some(OcdsRules::V1_0) => {
                    Ok(Mergers { current: build(Profile::ocds_1_0().release_schema())?, legacy: None })
                }
                Some(OcdsRules::V1_1) => {
                    Ok(Mergers { current: build(Profile::edca_mx().release_schema())?, legacy: None })
                }
                None => Ok(Mergers {
                    current: build(Profile::edca_mx().release_schema())?,
                    legacy: Some(build(Profile::ocds_1_0().release_schema())?),
                }),
            },
        }
    }

    /// OCDS 1.0 rules when every release of the process comes from a 1.0 package.
    fn for_process(&self, tags: &[u32], versions: &[Option<OcdsVersion>]) -> &Merger {
        let legacy = |tag: &u32| versions.get(*tag as usize).is_some_and(|v| *v == Some(OcdsVersion::V1_0));
        match &self.legacy {
            Some(merger) if !tags.is_empty() && tags.iter().all(legacy) => merger,
            _ => &self.current,
        }
    }
}

/// One merged process: its output as JSON text, and what the merge noticed; or why it failed.
type Outcome = Result<(String, Vec<MergeWarning>), String>;

fn write(args: &Args, mergers: &Mergers, mut read: Read, out: &mut impl Write) -> Result<(), Failure> {
    let mut package_tail = None;
    if args.package {
        let header =
            std::mem::take(&mut read.builder).uri(args.uri.clone()).published_date(args.published_date.clone()).build();
        let text = serde_json::to_string(&header).map_err(std::io::Error::from)?;
        let head = text.strip_suffix("]}").ok_or_else(|| Failure::Usage("record package layout".into()))?;
        out.write_all(head.as_bytes())?;
        package_tail = Some("]}\n");
    }
    let total = read.groups.len();
    let mut first = true;
    for start in (0..total).step_by(BATCH) {
        let mut batch = Vec::with_capacity(BATCH.min(total - start));
        for n in start..(start + BATCH).min(total) {
            let (ocid, releases) = read.groups.take_json(n).map_err(|e| Failure::Usage(format!("spill file: {e}")))?;
            batch.push((ocid.to_owned(), releases));
        }
        let outcomes: Vec<Outcome> =
            batch.par_iter().map(|(ocid, releases)| merge_process(args, mergers, &read, ocid, releases)).collect();
        for outcome in outcomes {
            let (json, warnings) = outcome.map_err(Failure::Invalid)?;
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
        }
    }
    if let Some(tail) = package_tail {
        out.write_all(tail.as_bytes())?;
    }
    Ok(())
}

fn merge_process(args: &Args, mergers: &Mergers, read: &Read, ocid: &str, releases: &[(Box<[u8]>, u32)]) -> Outcome {
    let releases = releases
        .iter()
        .map(|(json, tag)| Ok((serde_json::from_slice::<Value>(json)?, *tag)))
        .collect::<Result<Vec<_>, serde_json::Error>>()
        .map_err(|e| format!("ocid {ocid}: a stored release could not be read back: {e}"))?;
    let tags: Vec<u32> = releases.iter().map(|(_, tag)| *tag).collect();
    let merger = mergers.for_process(&tags, &read.versions);
    let values = releases.iter().map(|(release, _)| release);
    let fail = |e: MergeError| format!("ocid {ocid}: {e}");
    if !args.package {
        let merged = if args.versioned { merger.versioned_json(values) } else { merger.compile_json(values) };
        let merged = merged.map_err(fail)?;
        return Ok((merged.json, merged.warnings));
    }
    let compiled = merger.compile(values.clone()).map_err(fail)?;
    let mut warnings = compiled.warnings;
    let versioned = if args.versioned { Some(merger.versioned(values).map_err(fail)?.release) } else { None };
    let sources = releases.iter().map(|(release, tag)| {
        let uri = if args.linked_releases { read.uris.get(*tag as usize).and_then(Option::as_deref) } else { None };
        (release, uri)
    });
    let value = record(ocid, sources, compiled.release, versioned);
    warnings.dedup();
    Ok((value.to_string(), warnings))
}
