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
//!   unless one merger is imposed ([`Compiler::with_merger`]);
//! - with [`Compiler::refuse_unknown_versions`], a package whose `version` names no OCDS version
//!   (`"1.1.5"`, `"X"`, `1.1`, `null`…) is refused: a finding, and its releases are left out
//!   (without it, such a package merges by 1.1, as before).
//!
//! Memory holds an index and the releases as compact JSON, spilling to a temporary file past a
//! budget (see [`OcidGroups`]), and one batch of processes being merged.

use crate::Lang;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, shorten_in};
use crate::io::{DeclaredVersion, Item, JsonKind, Location, OcidGroups, RawRelease, ReadError, Reader, Source};
use crate::merge::{ArrayStrategy, MergeError, MergeWarning, Merger, RecordPackageBuilder, label};
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
    #[error("{}", merge_text(.ocid, .error))]
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
    /// A release or a process could not be compiled, and the run was asked to stop at the first
    /// such problem (fail fast): the finding, with its place in the input.
    #[error("{0}")]
    Process(Box<Diagnostic>),
}

/// Names the ocid once: most merge errors name it already.
fn merge_text(ocid: &str, error: &MergeError) -> String {
    match error {
        MergeError::NonObjectRelease { .. } | MergeError::Schema { .. } => format!("ocid {ocid}: {error}"),
        _ => error.to_string(),
    }
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

/// Where each release of a process was read, to turn a pointer inside a release into one that
/// resolves in its file.
#[derive(Debug)]
pub struct ProcessPlaces<'a> {
    files: &'a [String],
    at: Vec<Place>,
}

/// Where one release was read: file (index into the compiler's files), line, column, and the
/// release's pointer in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Place {
    file: u32,
    line: u64,
    column: u64,
    pointer: String,
}

impl ProcessPlaces<'_> {
    /// The file, line and pointer (joined with `inner`, a pointer inside the release) of the
    /// `n`-th release of the process, in input order.
    pub fn locate(&self, n: usize, inner: &str) -> (Option<&str>, u64, u64, String) {
        match self.at.get(n) {
            Some(place) => (
                self.files.get(place.file as usize).map(String::as_str),
                place.line,
                place.column,
                format!("{}{inner}", place.pointer),
            ),
            None => (None, 0, 0, inner.to_owned()),
        }
    }

    /// A diagnostic placed at the `n`-th release (`None`: the process as a whole, placed at its
    /// first release).
    fn place(&self, diagnostic: Diagnostic, n: Option<usize>, inner: &str) -> Diagnostic {
        let (file, line, column, pointer) = self.locate(n.unwrap_or(0), inner);
        let mut diagnostic = diagnostic.column(column);
        diagnostic.file = file.map(str::to_owned);
        diagnostic.line = line;
        diagnostic.pointer = pointer;
        diagnostic
    }

    /// Why a process could not be merged, placed in its file: the release the merge names
    /// (by position, or by `id`: the first release of the process with that `id`).
    pub fn merge_error(&self, ocid: &str, releases: &[Value], error: &MergeError) -> Diagnostic {
        let by_id = |id: &Option<String>| {
            id.as_ref().and_then(|id| releases.iter().position(|r| label(r, "id").as_deref() == Some(id)))
        };
        let (n, inner, release_id) = match error {
            MergeError::NonObjectRelease { index } => (Some(*index), String::new(), None),
            MergeError::MissingDate { index, release_id, .. }
            | MergeError::NullDate { index, release_id, .. }
            | MergeError::NonStringDate { index, release_id, .. } => (Some(*index), "/date".into(), release_id.clone()),
            MergeError::InconsistentType { release_id, pointer, .. }
            | MergeError::UnhashableId { release_id, pointer, .. } => {
                (by_id(release_id), pointer.clone(), release_id.clone())
            }
            MergeError::Schema { .. } => (None, String::new(), None),
        };
        let (es, en) = error.messages();
        let diagnostic = Diagnostic::new(error.code(), Severity::Error, es, en)
            .ocid(Some(ocid.to_owned()))
            .release_id(release_id.or_else(|| n.and_then(|n| releases.get(n)).and_then(|r| label(r, "id"))));
        let diagnostic = match n.and_then(|n| releases.get(n)).and_then(|r| value_at(r, &inner)) {
            Some(value) if !inner.is_empty() => diagnostic.value(value),
            _ => diagnostic,
        };
        self.place(diagnostic, n, &inner)
    }

    /// A merge warning, placed in its file.
    pub fn merge_warning(&self, releases: &[Value], warning: &MergeWarning) -> Diagnostic {
        match warning {
            MergeWarning::DuplicateId { ocid, release_id, pointer, id } => {
                let n = release_id
                    .as_ref()
                    .and_then(|wanted| releases.iter().position(|r| label(r, "id").as_deref() == Some(wanted)));
                let id = format!("{id:?}");
                let (es, en) = (shorten_in(&id, Lang::Es), shorten_in(&id, Lang::En));
                let diagnostic = Diagnostic::new(
                    "merge.duplicate_id",
                    Severity::Warning,
                    format!("varios objetos de este arreglo tienen el `id` {es}; se combinaron en uno"),
                    format!("several objects in this array have the `id` {en}; they were merged into one"),
                )
                .ocid(ocid.clone())
                .release_id(release_id.clone());
                self.place(diagnostic, n, pointer)
            }
        }
    }

    /// When two or more releases of the process have the same `date`, their input order decides
    /// the compiled release: one warning for the process, naming the date and the releases.
    pub fn same_date(&self, ocid: &str, releases: &[Value]) -> Option<Diagnostic> {
        if releases.len() < 2 {
            return None;
        }
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut tie = None;
        for (n, release) in releases.iter().enumerate() {
            let Some(date) = release.get("date").and_then(Value::as_str) else { continue };
            if let Some(&first) = seen.get(date) {
                tie = Some((first, n, date));
                break;
            }
            seen.insert(date, n);
        }
        let (_, second, date) = tie?;
        let tied: Vec<String> = releases
            .iter()
            .filter(|r| r.get("date").and_then(Value::as_str) == Some(date))
            .map(|r| label(r, "id").unwrap_or_else(|| "-".into()))
            .collect();
        let count = tied.len();
        let ids = tied.join(", ");
        let (ids_es, ids_en) = (shorten_in(&ids, Lang::Es), shorten_in(&ids, Lang::En));
        let (date_es, date_en) = (shorten_in(date, Lang::Es), shorten_in(date, Lang::En));
        let diagnostic = Diagnostic::new(
            "merge.same_date",
            Severity::Warning,
            format!(
                "{count} entregas tienen la misma `date` ({date_es}: {ids_es}); su orden en la entrada decide la entrega compilada"
            ),
            format!(
                "{count} releases have the same `date` ({date_en}: {ids_en}); their order in the input decides the compiled release"
            ),
        )
        .ocid(Some(ocid.to_owned()))
        .release_id(label(&releases[second], "id"));
        Some(self.place(diagnostic, Some(second), "/date"))
    }
}

/// The value at `pointer` inside `value`.
fn value_at<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    value.pointer(pointer)
}

/// Collects releases and merges them process by process.
///
/// Nothing read costs more than itself: a value that cannot be read, or is not a release that
/// can be merged, becomes a [`Diagnostic`] ([`Compiler::diagnostics`]) and the rest is read;
/// a process that cannot be merged is one `Err` among the results of
/// [`Compiler::merge_results`].
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
    /// The inputs read, by the index stored with each release.
    files: Vec<String>,
    /// What reading found (skipped values, releases that cannot be merged, read warnings).
    diagnostics: Diagnostics,
    /// Releases left out (not readable, or not mergeable).
    left_out: u64,
    /// Stop at the first release that cannot be compiled.
    fail_fast: bool,
    /// Refuse packages whose `version` names no OCDS version (under the packages' rules).
    refuse_unknown: bool,
    /// Packages refused for their `version`, by package id: their releases are left out.
    refused: Vec<bool>,
    /// Releases kept per package id, and where the first of each was read (file, place).
    package_items: std::collections::HashMap<u32, (u64, u32, Location)>,
    /// Packages accepted per OCDS version, and the place of the first of each (file, line,
    /// column, pointer of its `version`).
    declared: Vec<(OcdsVersion, u64, Diagnostic)>,
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
            files: Vec::new(),
            diagnostics: Diagnostics::default(),
            left_out: 0,
            fail_fast: false,
            refuse_unknown: false,
            refused: Vec::new(),
            package_items: std::collections::HashMap::new(),
            declared: Vec::new(),
        }
    }

    /// Refuses every package whose `version` names no OCDS version (anything but a missing
    /// `version`, `"1.0"` and `"1.1"`) when processes merge by their packages' version: the
    /// package is a finding (`compile.package_version`, at its `/version`) and its releases are
    /// left out; every other package goes on (with [`Compiler::fail_fast`]: the run stops).
    /// A merger imposed with [`Compiler::with_merger`] says which rules apply: nothing is refused.
    pub fn refuse_unknown_versions(mut self, yes: bool) -> Compiler {
        self.refuse_unknown = yes;
        self
    }

    /// When the packages read declare different OCDS versions (1.0 and 1.1) and each process
    /// merges by its own packages' version: one warning (`compile.mixed_versions`) saying so,
    /// placed at the first package that declared the second version. `None` otherwise.
    pub fn mixed_versions(&self) -> Option<Diagnostic> {
        if self.declared.len() < 2 || !matches!(self.rules, Rules::ByPackageVersion) {
            return None;
        }
        let counts: Vec<String> = self.declared.iter().map(|(v, n, _)| format!("{v}: {n}")).collect();
        let counts = counts.join(", ");
        let place = &self.declared[1].2;
        let mut diagnostic = Diagnostic::new(
            "compile.mixed_versions",
            Severity::Warning,
            format!(
                "los paquetes declaran distintas versiones de OCDS (paquetes por versión: {counts}): cada proceso se combinó con las reglas de la versión de sus paquetes (--ocds-version impone una)"
            ),
            format!(
                "the packages declare different OCDS versions (packages per version: {counts}): each process was merged by its own packages' version (--ocds-version imposes one)"
            ),
        );
        diagnostic.file = place.file.clone();
        diagnostic.line = place.line;
        diagnostic.column = place.column;
        diagnostic.pointer = place.pointer.clone();
        Some(diagnostic)
    }

    /// Whether the package of `tag` was refused for its `version`.
    fn is_refused(&self, tag: u32) -> bool {
        self.refused.get(tag as usize).copied().unwrap_or(false)
    }

    /// Merges arrays of objects by `strategy` where the schema does not say otherwise.
    pub fn with_default_strategy(mut self, strategy: ArrayStrategy) -> Compiler {
        self.strategy = Some(strategy);
        self
    }

    /// Collects findings into `diagnostics` (a summary by default: [`Diagnostics::all`] keeps
    /// every one).
    pub fn with_diagnostics(mut self, diagnostics: Diagnostics) -> Compiler {
        self.diagnostics = diagnostics;
        self
    }

    /// Stops reading at the first value that cannot be read or compiled
    /// ([`CompileError::Process`]) instead of noting it and going on.
    pub fn fail_fast(mut self, yes: bool) -> Compiler {
        self.fail_fast = yes;
        self
    }

    /// What reading found so far: values skipped, releases left out, read warnings.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Takes the findings so far out, leaving an empty collection of the same kind.
    pub fn take_diagnostics(&mut self) -> Diagnostics {
        let empty = self.diagnostics.emptied();
        std::mem::replace(&mut self.diagnostics, empty)
    }

    /// Releases (and other values) left out so far because they could not be read or merged.
    pub fn left_out(&self) -> u64 {
        self.left_out
    }

    /// Reads every release of `source` (and of the records and packages in it); returns how
    /// many releases were kept. A value that is no release, record or package, a release that
    /// cannot be merged and a value that cannot be read are noted ([`Compiler::diagnostics`])
    /// and left out.
    pub fn read(&mut self, reader: &mut Reader, source: Source) -> Result<u64, CompileError> {
        let name = source.name().to_owned();
        self.read_items(
            reader,
            source,
            true,
            |_| true,
            |item, position| match item {
                Item::Other(value) => Err(CompileError::Process(Box::new(not_a_release(&name, position, &value)))),
                _ => Ok(()),
            },
        )
    }

    /// Reads `source`, keeping the releases of the items `compile` accepts (it runs in the
    /// reader's parallel workers, and may change an item it does not accept: work on it there,
    /// drop what `other` will not need) and handing every other item but packages to `other`, in
    /// input order, with its position among the values of the input (counted from 1). Packages are always noted (their OCDS version and `uri`). Returns how many
    /// releases were kept.
    ///
    /// Values the reader skipped, its warnings, and releases that cannot be merged are noted
    /// ([`Compiler::diagnostics`]); so is a [`CompileError::Process`] returned by `other`. With
    /// [`Compiler::fail_fast`] the first one stops the reading instead.
    pub fn read_routed(
        &mut self,
        reader: &mut Reader,
        source: Source,
        compile: impl Fn(&mut Item) -> bool + Sync,
        other: impl FnMut(Item, u64) -> Result<(), CompileError>,
    ) -> Result<u64, CompileError> {
        self.read_items(reader, source, false, compile, other)
    }

    /// [`read_routed`](Self::read_routed); with `raw` (every release is compiled), releases
    /// are taken as the bytes the reader read (see [`prepare_raw`]).
    fn read_items(
        &mut self,
        reader: &mut Reader,
        source: Source,
        raw: bool,
        compile: impl Fn(&mut Item) -> bool + Sync,
        mut other: impl FnMut(Item, u64) -> Result<(), CompileError>,
    ) -> Result<u64, CompileError> {
        let name = source.name().to_owned();
        let file = self.files.len() as u32;
        self.files.push(name.clone());
        let mut count = 0u64;
        let mut position = 0u64;
        let mut failed = None;
        let fail_fast = self.fail_fast;
        let prepare = |item: &mut Item| if compile(item) { prepare(item) } else { None };
        let mut on_item = |item: Item, prepared: Option<Vec<Prepared>>| {
            let (tag, at) = match &item {
                Item::Release { package, at, .. } | Item::Record { package, at, .. } => {
                    (package.unwrap_or(NO_PACKAGE), Some(at))
                }
                _ => (NO_PACKAGE, None),
            };
            let kept = prepared.is_some();
            let mut problem = None;
            for release in prepared.into_iter().flatten() {
                position += 1;
                let at = at.cloned().unwrap_or_default();
                match release.result {
                    Ok((ocid, mut json)) => {
                        count += 1;
                        if tag != NO_PACKAGE {
                            let first = self.package_items.entry(tag).or_insert_with(|| (0, file, at.clone()));
                            first.0 += 1;
                        }
                        seal(&mut json, file, &at, &release.inner);
                        if let Err(error) = self.groups.push_json(&ocid, json, tag) {
                            failed = Some(CompileError::Spill(error));
                            return Err(ReadError::from_consumer(&name, "spill file"));
                        }
                    }
                    Err(invalid) => {
                        self.left_out += 1;
                        let diagnostic =
                            invalid.diagnostic(position).at(&name, at.line, &at.pointer_to(&release.inner));
                        problem = Some(diagnostic.column(at.column));
                    }
                }
                if let Some(diagnostic) = problem.take() {
                    if fail_fast {
                        failed = Some(CompileError::Process(Box::new(diagnostic)));
                        return Err(ReadError::from_consumer(&name, "invalid release"));
                    }
                    self.diagnostics.push(diagnostic);
                }
            }
            match item {
                Item::Package(package) => {
                    let at = package.id as usize;
                    if self.versions.len() <= at {
                        self.versions.resize(at + 1, None);
                        self.uris.resize(at + 1, None);
                        self.refused.resize(at + 1, false);
                    }
                    let (kept, first_file, first_at) =
                        self.package_items.remove(&package.id).unwrap_or((0, file, Location::default()));
                    let place = VersionPlace {
                        file: self.files.get(first_file as usize).map_or(name.as_str(), String::as_str),
                        at: &first_at,
                        has_version: package.metadata.contains_key("version"),
                    };
                    let declared = package.declared_version();
                    let by_packages = matches!(self.rules, Rules::ByPackageVersion);
                    match declared.known() {
                        None if self.refuse_unknown && by_packages => {
                            self.refused[at] = true;
                            self.left_out += kept;
                            let diagnostic = refused_package(&declared, &package, kept, &place);
                            if fail_fast {
                                failed = Some(CompileError::Process(Box::new(diagnostic)));
                                return Err(ReadError::from_consumer(&name, "unknown package version"));
                            }
                            self.diagnostics.push(diagnostic);
                        }
                        known => {
                            let version = known.unwrap_or(OcdsVersion::V1_1);
                            self.versions[at] = Some(version);
                            self.uris[at] = package.metadata.get("uri").and_then(Value::as_str).map(str::to_owned);
                            match self.declared.iter_mut().find(|(v, _, _)| *v == version) {
                                Some((_, n, _)) => *n += 1,
                                None => self.declared.push((version, 1, place.diagnostic())),
                            }
                            self.packages.add_package(&Value::Object(package.metadata));
                        }
                    }
                }
                Item::Skipped(error) => {
                    self.left_out += 1;
                    let diagnostic = read_error(&error);
                    if fail_fast {
                        failed = Some(CompileError::Process(Box::new(diagnostic)));
                        return Err(ReadError::from_consumer(&name, "unreadable value"));
                    }
                    self.diagnostics.push(diagnostic);
                }
                Item::Warning(warning) => self.diagnostics.push(read_warning(&warning)),
                item if !kept => {
                    position += 1;
                    match other(item, position) {
                        Ok(()) => {}
                        Err(CompileError::Process(diagnostic)) if !fail_fast => {
                            self.left_out += 1;
                            self.diagnostics.push(*diagnostic);
                        }
                        Err(error) => {
                            failed = Some(error);
                            return Err(ReadError::from_consumer(&name, "invalid input"));
                        }
                    }
                }
                _ => {}
            }
            Ok(())
        };
        let read = if raw {
            reader.read_releases_raw(source, |release| Some(prepare_raw(release)), prepare, &mut on_item)
        } else {
            reader.read_with(source, prepare, &mut on_item)
        };
        read.map_err(|e| failed.take().unwrap_or(CompileError::Read(e)))?;
        Ok(count)
    }

    /// Adds one release given as a value (not from a package: merged by the default rules). A
    /// release that cannot be merged is noted ([`Compiler::diagnostics`]) and left out (with
    /// [`Compiler::fail_fast`]: returned as [`CompileError::Process`]).
    pub fn add_release(&mut self, release: Value) -> Result<(), CompileError> {
        if self.files.is_empty() {
            self.files.push("<value>".to_owned());
        }
        let position = self.groups.releases() + self.left_out + 1;
        match prepare_release(release) {
            Ok((ocid, mut json)) => {
                let at = Location { line: 0, column: 0, pointer: format!("/{}", position - 1) };
                seal(&mut json, 0, &at, "");
                self.groups.push_json(&ocid, json, NO_PACKAGE).map_err(CompileError::Spill)
            }
            Err(invalid) => {
                self.left_out += 1;
                let diagnostic = invalid.diagnostic(position).at("<value>", 0, &format!("/{}", position - 1));
                if self.fail_fast {
                    return Err(CompileError::Process(Box::new(diagnostic)));
                }
                self.diagnostics.push(diagnostic);
                Ok(())
            }
        }
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
    /// each result to `emit` in that order. Processes are taken out as they are merged. The
    /// first `Err` of `work` stops the run (see [`Compiler::merge_results`] to go on).
    pub fn merge_each<T, E>(
        &mut self,
        work: impl Fn(ProcessReleases) -> Result<T, CompileError> + Sync,
        mut emit: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Send,
        E: From<CompileError>,
    {
        self.merge_results(|process, _| work(process), |result| emit(result?))
    }

    /// Runs `work` on every process, with where its releases were read (to place its findings
    /// in the input), in order of first appearance, in parallel batches, and hands every
    /// result — merged or not — to `emit` in that order: one process that cannot be merged costs
    /// no other. `emit` stops the run by returning an error.
    pub fn merge_results<T, E>(
        &mut self,
        work: impl Fn(ProcessReleases, &ProcessPlaces) -> Result<T, CompileError> + Sync,
        mut emit: impl FnMut(Result<T, CompileError>) -> Result<(), E>,
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
            let files = &self.files;
            let results: Vec<Option<Result<T, CompileError>>> = batch
                .par_iter()
                .map(|(ocid, stored)| {
                    let mut releases = Vec::with_capacity(stored.len());
                    let mut tags = Vec::with_capacity(stored.len());
                    let mut at = Vec::with_capacity(stored.len());
                    for (json, tag) in stored.iter().filter(|(_, tag)| !self.is_refused(*tag)) {
                        let (json, place) = unseal(json);
                        let release = match serde_json::from_slice(json) {
                            Ok(release) => release,
                            Err(e) => {
                                return Some(Err(CompileError::InvalidRelease {
                                    file: "<spill>".into(),
                                    reason: format!("ocid {ocid}: a stored release could not be read back: {e}"),
                                }));
                            }
                        };
                        releases.push(release);
                        tags.push(*tag);
                        at.push(place);
                    }
                    let package_uris =
                        tags.iter().map(|tag| self.uris.get(*tag as usize).and_then(Option::as_deref)).collect();
                    if releases.is_empty() {
                        // Every release came from refused packages: the process is not there.
                        return None;
                    }
                    let merger = mergers.for_process(&tags, &self.versions);
                    Some(work(ProcessReleases { ocid, releases, package_uris, merger }, &ProcessPlaces { files, at }))
                })
                .collect();
            for result in results.into_iter().flatten() {
                emit(result)?;
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

/// Appends where a release was read to its stored JSON (file, line, column, pointer, then the
/// length of that trailer as 4 bytes), so the place travels with the release through the spill
/// file and memory holds nothing per release beyond its bytes.
fn seal(json: &mut Vec<u8>, file: u32, at: &Location, inner: &str) {
    let start = json.len();
    json.extend_from_slice(&file.to_le_bytes());
    json.extend_from_slice(&at.line.to_le_bytes());
    json.extend_from_slice(&at.column.to_le_bytes());
    json.extend_from_slice(at.pointer.as_bytes());
    json.extend_from_slice(inner.as_bytes());
    let length = (json.len() - start) as u32;
    json.extend_from_slice(&length.to_le_bytes());
}

/// Splits what [`seal`] wrote into the release's JSON and its place.
fn unseal(stored: &[u8]) -> (&[u8], Place) {
    let parse = || -> Option<(&[u8], Place)> {
        let (rest, length) = stored.split_at_checked(stored.len().checked_sub(4)?)?;
        let length = u32::from_le_bytes(length.try_into().ok()?) as usize;
        let (json, trailer) = rest.split_at_checked(rest.len().checked_sub(length)?)?;
        let file = u32::from_le_bytes(trailer.get(0..4)?.try_into().ok()?);
        let line = u64::from_le_bytes(trailer.get(4..12)?.try_into().ok()?);
        let column = u64::from_le_bytes(trailer.get(12..20)?.try_into().ok()?);
        let pointer = String::from_utf8(trailer.get(20..)?.to_vec()).ok()?;
        Some((json, Place { file, line, column, pointer }))
    };
    parse().unwrap_or((stored, Place::default()))
}

/// A value that is no release, record or package (no `ocid`), as a finding: the `position`-th
/// value of `file` that was no release.
pub(crate) fn not_a_release(file: &str, position: u64, value: &Value) -> Diagnostic {
    Diagnostic::new(
        "compile.not_a_release",
        Severity::Error,
        format!("el valor {position} no es una entrega, un registro ni un paquete (no tiene `ocid`); se omite"),
        format!("value {position} is neither a release, a record nor a package (no `ocid`); it is left out"),
    )
    .at(file, 0, "")
    .value(value)
}

/// Where a package's `version` is: the file and place of its first release (a package's
/// metadata carries no place of its own), the package's pointer taken from it.
struct VersionPlace<'a> {
    file: &'a str,
    at: &'a Location,
    has_version: bool,
}

impl VersionPlace<'_> {
    /// A finding placed at the package's `/version` (at the package itself when it has none).
    fn diagnostic(&self) -> Diagnostic {
        let package = self.at.package_pointer();
        let pointer = if self.has_version { format!("{package}/version") } else { package.to_owned() };
        Diagnostic::new("", Severity::Warning, "", "").at(self.file, self.at.line, &pointer).column(self.at.column)
    }
}

/// A package refused for its `version`: what it declares, and how many releases are left out.
fn refused_package(
    declared: &DeclaredVersion,
    package: &crate::io::Package,
    kept: u64,
    place: &VersionPlace,
) -> Diagnostic {
    let (what_es, what_en) = match declared {
        DeclaredVersion::NotString(_) => ("no es un texto", "is not a string"),
        _ => ("no es una versión de OCDS conocida", "is no known OCDS version"),
    };
    let json = declared.as_json();
    let mut diagnostic = Diagnostic::new(
        "compile.package_version",
        Severity::Error,
        format!(
            "el paquete declara la `version` {json}, que {what_es} (\"1.0\" o \"1.1\"): se omiten sus entregas ({kept}); --ocds-version 1.0|1.1 dice con qué reglas combinarlas"
        ),
        format!(
            "the package declares `version` {json}, which {what_en} (\"1.0\" or \"1.1\"): its releases are left out ({kept}); --ocds-version 1.0|1.1 says which rules merge them"
        ),
    );
    let placed = place.diagnostic();
    diagnostic.file = placed.file;
    diagnostic.line = placed.line;
    diagnostic.column = placed.column;
    diagnostic.pointer = placed.pointer;
    match package.metadata.get("version") {
        Some(value) => diagnostic.value(value),
        None => diagnostic,
    }
}

/// A read error as a finding.
pub(crate) fn read_error(error: &ReadError) -> Diagnostic {
    let message = |lang| strip_place(error.message(lang), &error.file, error.line, error.column, &error.pointer, lang);
    Diagnostic::new(error.code(), Severity::Error, message(crate::Lang::Es), message(crate::Lang::En))
        .at(&error.file, error.line, &error.pointer)
        .column(error.column)
}

/// A read warning as a finding.
pub(crate) fn read_warning(warning: &crate::io::ReadWarning) -> Diagnostic {
    let message =
        |lang| strip_place(warning.message(lang), &warning.file, warning.line, warning.column, &warning.pointer, lang);
    Diagnostic::new(warning.code(), Severity::Warning, message(crate::Lang::Es), message(crate::Lang::En))
        .at(&warning.file, warning.line, &warning.pointer)
        .column(warning.column)
}

/// The reader's messages start with the place (`file:line:column: at /pointer: `), which a
/// [`Diagnostic`] carries in its own fields.
fn strip_place(message: String, file: &str, line: u64, column: u64, pointer: &str, lang: crate::Lang) -> String {
    let mut place = file.to_owned();
    if line > 0 {
        place.push_str(&format!(":{line}:{column}"));
    }
    if !pointer.is_empty() {
        place.push_str(if lang == crate::Lang::Es { ": en " } else { ": at " });
        place.push_str(pointer);
    }
    place.push_str(": ");
    match message.strip_prefix(&place) {
        Some(rest) => rest.to_owned(),
        None => message,
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

/// A release made ready where it was parsed: its pointer inside the item (`""`, or
/// `/releases/2` in a record), and its ocid and compact JSON, or what is wrong with it.
struct Prepared {
    inner: String,
    result: Result<(String, Vec<u8>), Invalid>,
}

/// Why a value is not a release that can be merged (as `ocdskit compile` decides).
#[derive(Debug)]
enum Invalid {
    /// Not a JSON object.
    NotObject(&'static str),
    /// No `ocid`, or one that is not a string (the value, if any).
    NoOcid(Option<Value>, Option<String>),
    /// No `date`.
    NoDate(String, Option<String>),
}

impl Invalid {
    /// The finding for the `position`-th release of the input.
    fn diagnostic(self, position: u64) -> Diagnostic {
        match self {
            Invalid::NotObject(kind) => Diagnostic::new(
                "compile.not_an_object",
                Severity::Error,
                format!("la entrega {position} no es un objeto JSON (es {})", spanish_type(kind)),
                format!("release {position} is {kind}, not a JSON object"),
            ),
            Invalid::NoOcid(value, release_id) => {
                let diagnostic = Diagnostic::new(
                    "compile.no_ocid",
                    Severity::Error,
                    format!("la entrega {position} no tiene un `ocid` de texto; se omite"),
                    format!("release {position} has no `ocid` string; it is left out"),
                )
                .release_id(release_id);
                match value {
                    Some(value) => diagnostic.value(&value),
                    None => diagnostic,
                }
            }
            Invalid::NoDate(ocid, release_id) => Diagnostic::new(
                "compile.no_date",
                Severity::Error,
                format!("la entrega {position} no tiene `date`, así que no se puede ordenar; se omite"),
                format!("release {position} has no `date`, so it cannot be ordered; it is left out"),
            )
            .ocid(Some(ocid))
            .release_id(release_id),
        }
    }
}

fn spanish_type(kind: &str) -> &'static str {
    match kind {
        "null" => "null",
        "a boolean" => "un booleano",
        "a number" => "un número",
        "a string" => "una cadena",
        "an array" => "un arreglo",
        _ => "otro valor",
    }
}

/// Runs in the reader's parallel workers: takes the releases out of an item and writes each as
/// compact JSON, so the sequential part only files bytes under their ocid.
fn prepare(item: &mut Item) -> Option<Vec<Prepared>> {
    let releases = match item {
        Item::Release { release, .. } => vec![(String::new(), std::mem::take(release))],
        Item::Record { record, .. } => embedded_releases(std::mem::take(record)),
        _ => return None,
    };
    Some(
        releases
            .into_iter()
            .filter(|(_, release)| !release.is_null())
            .map(|(inner, release)| Prepared { inner, result: prepare_release(release) })
            .collect(),
    )
}

fn prepare_release(release: Value) -> Result<(String, Vec<u8>), Invalid> {
    let ocid = match &release {
        Value::Object(members) => members.get("ocid"),
        other => return Err(Invalid::NotObject(crate::io::type_name(other))),
    };
    let Some(ocid) = ocid.and_then(Value::as_str) else {
        return Err(Invalid::NoOcid(ocid.cloned(), label(&release, "id")));
    };
    let ocid = ocid.to_owned();
    // As ocdskit compile (stricter than the merge routine, which compiles a lone release
    // without `date` under the id `{ocid}-None`).
    if release.get("date").is_none() {
        return Err(Invalid::NoDate(ocid, label(&release, "id")));
    }
    let json = serde_json::to_vec(&release).map_err(|_| Invalid::NotObject("a value that cannot be written"))?;
    Ok((ocid, json))
}

/// [`prepare_release`] for a release the reader checked but did not build: its bytes as
/// written are stored as they are, so the merge worker parses each release once. (Before, a
/// release was parsed by the reader, written back as compact JSON and parsed again by the merge
/// worker: three passes where one will do. Bytes as written are as exact as compact JSON: the
/// merge worker parses them with the same parser into the same value.) A release that cannot
/// be compiled (rare) is built and judged by [`prepare_release`], for the same findings.
fn prepare_raw(release: RawRelease) -> Vec<Prepared> {
    let result = match (release.kind, release.ocid) {
        (JsonKind::Null, _) => return Vec::new(),
        (JsonKind::Object, Some(ocid)) if release.has_date => Ok((ocid.to_owned(), release.bytes.to_vec())),
        _ => match serde_json::from_slice::<Value>(release.bytes) {
            Ok(value) => prepare_release(value),
            Err(_) => Err(Invalid::NotObject("a value that cannot be read")),
        },
    };
    vec![Prepared { inner: String::new(), result }]
}

/// The full releases a record embeds, with their pointers in the record (linked releases,
/// `{url, date, tag}`, cannot be merged).
fn embedded_releases(record: Value) -> Vec<(String, Value)> {
    let Value::Object(mut record) = record else { return Vec::new() };
    let Some(Value::Array(releases)) = record.shift_remove("releases") else { return Vec::new() };
    let linked = |release: &Value| {
        release.as_object().is_some_and(|members| members.keys().all(|k| matches!(k.as_str(), "url" | "date" | "tag")))
    };
    releases
        .into_iter()
        .enumerate()
        .filter(|(_, release)| !linked(release))
        .map(|(n, release)| (format!("/releases/{n}"), release))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_travel_with_the_stored_release() {
        let mut json = br#"{"ocid":"a"}"#.to_vec();
        let at = Location { line: 7, column: 3, pointer: "/releases/2".into() };
        seal(&mut json, 4, &at, "/releases/1");
        let (back, place) = unseal(&json);
        assert_eq!(back, br#"{"ocid":"a"}"#);
        assert_eq!(place, Place { file: 4, line: 7, column: 3, pointer: "/releases/2/releases/1".into() });
    }
}
