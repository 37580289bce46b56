//! The compile pipeline: releases from any input the reader understands, grouped by ocid, each
//! process merged by the rules of its OCDS version, processes merged in parallel batches.
//!
//! `edca compile`, `edca indices` and the bindings call this one type, so "which releases make a
//! process" and "which rules merge it" are decided in one place:
//! - releases come from release packages, records (their embedded releases; linked releases,
//!   `{url, date, tag}`, cannot be merged), single releases, arrays and JSON lines of these;
//! - a release must be an object with a string `ocid` and a `date` (as `ocdskit compile`);
//! - a process merges by OCDS 1.0.3's rules when every one of its releases comes from a package
//!   that declares OCDS 1.0 (or no `version`), else by OCDS 1.1.5 with the EDCA-MX extensions,
//!   unless one merger is imposed ([`Compiler::with_merger`]).
//!
//! Memory holds an index and the releases as compact JSON, spilling to a temporary file past a
//! budget (see [`OcidGroups`]), and one batch of processes being merged.

use crate::io::{Item, OcidGroups, ReadError, Reader, Source};
use crate::merge::{ArrayStrategy, MergeError, Merger, RecordPackageBuilder};
use crate::profile::{OcdsVersion, Profile};
use rayon::prelude::*;
use serde_json::Value;

/// Processes merged per parallel batch.
const BATCH: usize = 512;

/// The tag of releases that came from no package.
const NO_PACKAGE: u32 = u32::MAX;

/// Why releases could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// An input could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A value is not a release that can be merged.
    #[error("{file}: {reason}")]
    InvalidRelease {
        /// The input it came from.
        file: String,
        /// What is wrong, and which value (counted from 1 in the file).
        reason: String,
    },
    /// A process could not be merged.
    #[error("ocid {ocid}: {error}")]
    Merge {
        /// The process.
        ocid: String,
        /// Why.
        error: MergeError,
    },
    /// The merge rules could not be derived from the schema.
    #[error("merge rules: {0}")]
    Rules(MergeError),
    /// The temporary spill file failed.
    #[error("spill file: {0}")]
    Spill(std::io::Error),
}

/// The releases of one process, ready to merge, with the merger its OCDS version calls for.
#[derive(Debug)]
pub struct ProcessReleases<'a> {
    /// The ocid.
    pub ocid: &'a str,
    /// Its releases, in input order.
    pub releases: Vec<Value>,
    /// For each release, the `uri` of the package it came from, if any.
    pub package_uris: Vec<Option<&'a str>>,
    /// The merger for this process.
    pub merger: &'a Merger,
}

/// Collects releases and merges them process by process.
#[derive(Debug)]
pub struct Compiler {
    rules: Rules,
    strategy: Option<ArrayStrategy>,
    /// The mergers, derived from their schemas when the first process is merged (a run that
    /// merges nothing, such as `edca indices` on compiled releases, never pays for them).
    mergers: Option<Mergers>,
    groups: OcidGroups,
    versions: Vec<Option<OcdsVersion>>,
    uris: Vec<Option<String>>,
    packages: RecordPackageBuilder,
}

impl Compiler {
    /// Merges each process by its packages' OCDS version: 1.0.3 rules, or 1.1.5 with EDCA-MX.
    pub fn by_package_version() -> Compiler {
        Compiler::new(Rules::ByPackageVersion)
    }

    /// Merges every process with `merger`, whatever the packages declare.
    pub fn with_merger(merger: Merger) -> Compiler {
        Compiler::new(Rules::One(merger))
    }

    fn new(rules: Rules) -> Compiler {
        Compiler {
            rules,
            strategy: None,
            mergers: None,
            groups: OcidGroups::default(),
            versions: Vec::new(),
            uris: Vec::new(),
            packages: RecordPackageBuilder::new().keep_order(),
        }
    }

    /// Merges arrays of objects by `strategy` where the schema does not say otherwise.
    pub fn with_default_strategy(mut self, strategy: ArrayStrategy) -> Compiler {
        self.strategy = Some(strategy);
        self
    }

    /// Reads every release of `source` (and of the records and packages in it); returns how
    /// many releases were read. A value that is no release, record or package is an error.
    pub fn read(&mut self, reader: &mut Reader, source: Source) -> Result<u64, CompileError> {
        let name = source.name().to_owned();
        self.read_routed(
            reader,
            source,
            |_| true,
            |item, position| match item {
                Item::Other(_) => Err(CompileError::InvalidRelease {
                    file: name.clone(),
                    reason: format!("value {position} is neither a release, a record nor a package (no `ocid`)"),
                }),
                _ => Ok(()),
            },
        )
    }

    /// Reads `source`, keeping the releases of the items `compile` accepts (it runs in the
    /// reader's parallel workers, and may change an item it does not accept: work on it there,
    /// drop what `other` will not need) and handing every other item but packages to `other`, in
    /// input order, with its position among the values of the input (counted from 1). Packages are always noted (their OCDS version and `uri`). Returns how many
    /// releases were kept.
    pub fn read_routed(
        &mut self,
        reader: &mut Reader,
        source: Source,
        compile: impl Fn(&mut Item) -> bool + Sync,
        mut other: impl FnMut(Item, u64) -> Result<(), CompileError>,
    ) -> Result<u64, CompileError> {
        let name = source.name().to_owned();
        let mut count = 0u64;
        let mut position = 0u64;
        let mut failed = None;
        let prepare = |item: &mut Item| if compile(item) { prepare(item) } else { None };
        let mut on_item = |item: Item, prepared: Option<Vec<Prepared>>| {
            let tag = match &item {
                Item::Release { package, .. } | Item::Record { package, .. } => package.unwrap_or(NO_PACKAGE),
                _ => NO_PACKAGE,
            };
            let kept = prepared.is_some();
            for release in prepared.into_iter().flatten() {
                count += 1;
                position += 1;
                let stored = match release {
                    Ok((ocid, json)) => self.groups.push_json(&ocid, json, tag).map_err(CompileError::Spill),
                    Err(reason) => Err(CompileError::InvalidRelease {
                        file: name.clone(),
                        reason: format!("release {count} {reason}"),
                    }),
                };
                if let Err(error) = stored {
                    failed = Some(error);
                    return Err(ReadError::from_consumer(&name, "invalid release"));
                }
            }
            match item {
                // Until the compiler keeps going past them, a value that cannot be read stops
                // the run as before.
                Item::Skipped(error) => return Err(error),
                Item::Warning(_) => {}
                Item::Package(package) => {
                    let at = package.id as usize;
                    if self.versions.len() <= at {
                        self.versions.resize(at + 1, None);
                        self.uris.resize(at + 1, None);
                    }
                    self.versions[at] = Some(package.ocds_version());
                    self.uris[at] = package.metadata.get("uri").and_then(Value::as_str).map(str::to_owned);
                    self.packages.add_package(&Value::Object(package.metadata));
                }
                item if !kept => {
                    position += 1;
                    if let Err(error) = other(item, position) {
                        failed = Some(error);
                        return Err(ReadError::from_consumer(&name, "invalid input"));
                    }
                }
                _ => {}
            }
            Ok(())
        };
        reader.read_with(source, prepare, &mut on_item).map_err(|e| failed.take().unwrap_or(CompileError::Read(e)))?;
        Ok(count)
    }

    /// Adds one release given as a value (not from a package: merged by the default rules).
    pub fn add_release(&mut self, release: Value) -> Result<(), CompileError> {
        let (ocid, json) = prepare_release(release)
            .map_err(|reason| CompileError::InvalidRelease { file: "<value>".into(), reason })?;
        self.groups.push_json(&ocid, json, NO_PACKAGE).map_err(CompileError::Spill)
    }

    /// Processes collected so far.
    pub fn processes(&self) -> usize {
        self.groups.len()
    }

    /// Releases collected so far.
    pub fn releases(&self) -> u64 {
        self.groups.releases()
    }

    /// The record package that would hold the processes, as the packages read describe it
    /// (publisher, extensions, version…), to finish with `uri`, `publishedDate` and records.
    pub fn take_package_builder(&mut self) -> RecordPackageBuilder {
        std::mem::replace(&mut self.packages, RecordPackageBuilder::new().keep_order())
    }

    /// Runs `work` on every process, in order of first appearance, in parallel batches, and hands
    /// each result to `emit` in that order. Processes are taken out as they are merged.
    pub fn merge_each<T, E>(
        &mut self,
        work: impl Fn(ProcessReleases) -> Result<T, CompileError> + Sync,
        mut emit: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Send,
        E: From<CompileError>,
    {
        let total = self.groups.len();
        if total == 0 {
            return Ok(());
        }
        let mergers = match self.mergers.take() {
            Some(mergers) => mergers,
            None => self.build_mergers()?,
        };
        for start in (0..total).step_by(BATCH) {
            let mut batch = Vec::with_capacity(BATCH.min(total - start));
            for n in start..(start + BATCH).min(total) {
                let (ocid, releases) = self.groups.take_json(n).map_err(CompileError::Spill)?;
                batch.push((ocid.to_owned(), releases));
            }
            let results: Vec<Result<T, CompileError>> = batch
                .par_iter()
                .map(|(ocid, stored)| {
                    let mut releases = Vec::with_capacity(stored.len());
                    let mut tags = Vec::with_capacity(stored.len());
                    for (json, tag) in stored {
                        let release = serde_json::from_slice(json).map_err(|e| CompileError::InvalidRelease {
                            file: "<spill>".into(),
                            reason: format!("ocid {ocid}: a stored release could not be read back: {e}"),
                        })?;
                        releases.push(release);
                        tags.push(*tag);
                    }
                    let package_uris =
                        tags.iter().map(|tag| self.uris.get(*tag as usize).and_then(Option::as_deref)).collect();
                    let merger = mergers.for_process(&tags, &self.versions);
                    work(ProcessReleases { ocid, releases, package_uris, merger })
                })
                .collect();
            for result in results {
                emit(result?)?;
            }
        }
        self.mergers = Some(mergers);
        Ok(())
    }

    fn build_mergers(&self) -> Result<Mergers, CompileError> {
        let strategy = |merger: Merger| match self.strategy {
            Some(strategy) => merger.with_default_strategy(strategy),
            None => merger,
        };
        let from = |profile: &Profile| Merger::from_profile(profile).map(strategy).map_err(CompileError::Rules);
        Ok(match &self.rules {
            Rules::One(merger) => Mergers { current: strategy(merger.clone()), legacy: None },
            Rules::ByPackageVersion => {
                Mergers { current: from(&Profile::edca_mx())?, legacy: Some(from(&Profile::ocds_1_0())?) }
            }
        })
    }
}

/// Which rules merge the processes.
#[derive(Debug)]
enum Rules {
    /// OCDS 1.0.3 or 1.1.5 + EDCA-MX, by the packages' version.
    ByPackageVersion,
    /// One merger for every process.
    One(Merger),
}

/// The mergers in use.
#[derive(Debug)]
struct Mergers {
    current: Merger,
    legacy: Option<Merger>,
}

impl Mergers {
    /// OCDS 1.0 rules when every release of the process comes from a 1.0 package.
    fn for_process(&self, tags: &[u32], versions: &[Option<OcdsVersion>]) -> &Merger {
        let legacy = |tag: &u32| versions.get(*tag as usize).is_some_and(|v| *v == Some(OcdsVersion::V1_0));
        match &self.legacy {
            Some(merger) if !tags.is_empty() && tags.iter().all(legacy) => merger,
            _ => &self.current,
        }
    }
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
        other => return Err(format!("is {}, not a JSON object", crate::io::type_name(other))),
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
