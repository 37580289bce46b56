//! `edca compile` as a library call: the options of the command line, each process's output or
//! its error, streamed in input order. The CLI and both bindings call this, so "what compile
//! does with a process" (compiled or versioned release, record, warnings, errors) lives once.
//!
//! ```
//! use edca::io::Source;
//! use edca::merge::{Compilation, CompileOptions, Output};
//!
//! let input = concat!(
//!     r#"{"ocid":"ocds-1","id":"1","date":"2024-01-01","tender":{"title":"Pens"}}"#, "\n",
//!     r#"{"ocid":"ocds-2","id":"1","date":"2024-01-01","tender":{"value":"none"}}"#, "\n",
//!     r#"{"ocid":"ocds-2","id":"2","date":"2024-02-01","tender":{"value":{"amount":1}}}"#, "\n",
//!     r#"{"ocid":"ocds-3","id":"1","date":"2024-01-01"}"#, "\n",
//! );
//! let mut compilation = Compilation::new(CompileOptions::default());
//! compilation.read(Source::from_bytes("feed.jsonl", input)?)?;
//! let mut merged = Vec::new();
//! let outcome = compilation.each(|process| {
//!     match process.output {
//!         Ok(Output::Json(json)) => merged.push(json),
//!         Ok(Output::Value(_)) => unreachable!("JSON text was asked for"),
//!         Err(error) => assert_eq!(error.pointer, "/tender/value"), // in line 3 of the file
//!     }
//!     Ok::<(), edca::merge::CompileError>(())
//! })?;
//! assert_eq!((merged.len(), outcome.failed), (2, 1));
//! # Ok::<(), edca::merge::CompileError>(())
//! ```

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::io::{Reader, Source};
use crate::merge::compiler::ProcessPlaces;
use crate::merge::{ArrayStrategy, CompileError, Compiler, MergeError, Merger, ProcessReleases, Publisher, record};
use crate::profile::{OcdsVersion, Profile};
use serde_json::Value;

/// Which rules merge the processes.
#[derive(Debug, Clone, Default)]
pub enum RulesChoice {
    /// Each process by its packages' OCDS version (1.0.3, or 1.1.5 with EDCA-MX), as the
    /// packages declare; releases outside packages by 1.1.
    #[default]
    ByPackageVersion,
    /// Every process by this version's rules (1.0: OCDS 1.0.3; 1.1: 1.1.5 with EDCA-MX).
    Version(OcdsVersion),
    /// Every process by this release schema (a patched release schema, as for `ocdskit`).
    Schema(Value),
}

/// What each process's output is handed as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputForm {
    /// Compact JSON text (the fastest: no tree is built).
    #[default]
    Json,
    /// A `serde_json::Value`.
    Value,
}

/// The options of `edca compile`.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// Versioned releases instead of compiled ones (with `package`: added to the records).
    pub versioned: bool,
    /// Records of a record package instead of releases (see [`Compilation::package_head`]).
    pub package: bool,
    /// With `package`, link releases read from release packages (`{url, date, tag}`).
    pub linked_releases: bool,
    /// How arrays of objects merge where the schema does not say: by `id` (the standard), or
    /// the reference's overrides.
    pub arrays: ArrayStrategy,
    /// Which rules merge the processes.
    pub rules: RulesChoice,
    /// With `package`: the record package's `uri`.
    pub uri: String,
    /// With `package`: the record package's `publishedDate`.
    pub published_date: String,
    /// JSON text or values.
    pub output: OutputForm,
    /// Keep every finding instead of a summary (per group: the count and the first few).
    pub all_diagnostics: bool,
    /// Stop reading at the first value that cannot be read or compiled
    /// ([`CompileError::Process`]). Merging stops where the caller's `emit` returns an error.
    pub fail_fast: bool,
    /// With `package`: the record package's `publisher` (ocdskit's `--publisher-*`), instead of
    /// the input packages' when any member is set.
    pub publisher: Publisher,
    /// With `package`: the record package's `version` (`None`: `"1.1"`, as ocdskit's default).
    pub version: Option<String>,
    /// With `package`: placeholders for an empty `uri` and `publishedDate` (ocdskit's `--fake`).
    pub fake: bool,
    /// The items to compile inside each input value, as ocdskit's `--root-path` (ijson's
    /// prefix: member names joined by `.`, `item` for each element of an array, e.g.
    /// `releases.item`); an array found there gives each of its elements. Empty: the values
    /// themselves. The items are read as values on their own, outside any package: releases
    /// merge by OCDS 1.1, and a finding names the input as `FILE [PATH]` with the line of the
    /// item (the n-th item found).
    pub root_path: String,
}

/// One process's output.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Compact JSON text.
    Json(String),
    /// A value.
    Value(Value),
}

/// One process: its output, or why it could not be merged, and what its merge noticed.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The process.
    pub ocid: String,
    /// The compiled or versioned release or the record; or the error, placed in the input.
    pub output: Result<Output, Diagnostic>,
    /// Warnings (repeated ids, releases with the same date), placed in the input.
    pub warnings: Vec<Diagnostic>,
}

/// What a run of [`Compilation::each`] gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Processes merged and handed out.
    pub merged: u64,
    /// Processes that could not be merged.
    pub failed: u64,
    /// Releases (or other values) left out while reading.
    pub left_out: u64,
}

/// A compile run: read inputs, then hand each process out.
#[derive(Debug)]
pub struct Compilation {
    options: CompileOptions,
    compiler: Compiler,
    reader: Reader,
    rules_error: Option<MergeError>,
    diagnostics: Diagnostics,
}

impl Compilation {
    /// A run with these options. A schema that yields no merge rules is reported by the first
    /// [`read`](Self::read) or [`each`](Self::each).
    pub fn new(options: CompileOptions) -> Compilation {
        let (compiler, rules_error) = match &options.rules {
            RulesChoice::ByPackageVersion => (Compiler::by_package_version(), None),
            RulesChoice::Version(version) => {
                let profile = match version {
                    OcdsVersion::V1_0 => Profile::ocds_1_0(),
                    OcdsVersion::V1_1 => Profile::edca_mx(),
                };
                match Merger::from_schema(profile.release_schema()) {
                    Ok(merger) => (Compiler::with_merger(merger), None),
                    Err(error) => (Compiler::by_package_version(), Some(error)),
                }
            }
            RulesChoice::Schema(schema) => match Merger::from_schema(schema) {
                Ok(merger) => (Compiler::with_merger(merger), None),
                Err(error) => (Compiler::by_package_version(), Some(error)),
            },
        };
        let diagnostics = if options.all_diagnostics { Diagnostics::all() } else { Diagnostics::default() };
        // Under the packages' rules, a package whose `version` names no OCDS version is refused
        // rather than merged by a guess.
        let compiler = compiler
            .refuse_unknown_versions(true)
            .with_default_strategy(options.arrays)
            .with_diagnostics(diagnostics.emptied())
            .fail_fast(options.fail_fast);
        Compilation { options, compiler, reader: Reader::new(), rules_error, diagnostics }
    }

    fn check_rules(&self) -> Result<(), CompileError> {
        match &self.rules_error {
            Some(error) => Err(CompileError::Rules(error.clone())),
            None => Ok(()),
        }
    }

    /// Reads every release of `source`; returns how many were kept. Only an input that cannot be
    /// followed any further is an error; a value that cannot be read or is no release that can
    /// be merged is a finding ([`Compilation::diagnostics`]).
    pub fn read(&mut self, source: Source) -> Result<u64, CompileError> {
        self.check_rules()?;
        if self.options.root_path.is_empty() {
            return self.compiler.read(&mut self.reader, source);
        }
        let items = at_root_path(source, &self.options.root_path)?;
        self.compiler.read(&mut self.reader, items)
    }

    /// Adds one release given as a value (merged as a release outside any package).
    pub fn add_release(&mut self, release: Value) -> Result<(), CompileError> {
        self.compiler.add_release(release)
    }

    /// With `package`: the record package's JSON text up to its `records` array (`…"records":[`),
    /// from the packages read; the records follow, separated by commas, then `]}`.
    pub fn package_head(&mut self) -> String {
        let header = self
            .compiler
            .take_package_builder()
            .uri(self.options.uri.clone())
            .published_date(self.options.published_date.clone())
            .publisher(self.options.publisher.to_value())
            .version(self.options.version.clone().unwrap_or_else(|| "1.1".to_owned()))
            .placeholders(self.options.fake)
            .build();
        let text = header.to_string();
        match text.strip_suffix("]}") {
            Some(head) => head.to_owned(),
            None => text,
        }
    }

    /// Merges every process in parallel batches and hands each, in input order, to `emit`: its
    /// output, or why it could not be merged. Every finding (read, merge errors, warnings) is
    /// also collected in [`Compilation::diagnostics`]. `emit` stops the run by returning an
    /// error (to fail fast, return one for the first `Err`).
    pub fn each<E: From<CompileError>>(
        &mut self,
        mut emit: impl FnMut(Processed) -> Result<(), E>,
    ) -> Result<Outcome, E> {
        self.check_rules()?;
        self.diagnostics.extend(self.compiler.take_diagnostics());
        if let Some(warning) = self.compiler.mixed_versions() {
            self.diagnostics.push(warning);
        }
        let mut outcome = Outcome { left_out: self.compiler.left_out(), ..Outcome::default() };
        let options = &self.options;
        let diagnostics = &mut self.diagnostics;
        self.compiler.merge_results(
            |process, places| Ok(merge_process(options, process, places)),
            |result| {
                let processed = result?;
                match &processed.output {
                    Ok(_) => outcome.merged += 1,
                    Err(error) => {
                        outcome.failed += 1;
                        diagnostics.push(error.clone());
                    }
                }
                for warning in &processed.warnings {
                    diagnostics.push(warning.clone());
                }
                emit(processed)
            },
        )?;
        Ok(outcome)
    }

    /// Every finding so far: read problems, and after [`each`](Self::each) the merge errors and
    /// warnings.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut all = self.diagnostics.clone();
        all.extend(self.compiler.diagnostics().clone());
        all
    }

    /// Processes read so far.
    pub fn processes(&self) -> usize {
        self.compiler.processes()
    }

    /// Releases kept so far.
    pub fn releases(&self) -> u64 {
        self.compiler.releases()
    }
}

/// Merges one process as `edca compile` does: compiled or versioned release, or a record.
pub(crate) fn merge_process(options: &CompileOptions, process: ProcessReleases, places: &ProcessPlaces) -> Processed {
    let ProcessReleases { ocid, releases, package_uris, merger } = process;
    let fail = |error: MergeError| places.merge_error(ocid, &releases, &error);
    let mut warnings: Vec<Diagnostic> = places.same_date(ocid, &releases).into_iter().collect();
    let output = if !options.package && options.output == OutputForm::Json {
        let merged = if options.versioned { merger.versioned_json(&releases) } else { merger.compile_json(&releases) };
        merged.map(|merged| {
            warnings.extend(merged.warnings.iter().map(|w| places.merge_warning(&releases, w)));
            Output::Json(merged.json)
        })
    } else if !options.package {
        let merged = if options.versioned { merger.versioned(&releases) } else { merger.compile(&releases) };
        merged.map(|merged| {
            warnings.extend(merged.warnings.iter().map(|w| places.merge_warning(&releases, w)));
            Output::Value(merged.release)
        })
    } else {
        let mut as_record = || -> Result<Value, MergeError> {
            let compiled = merger.compile(&releases)?;
            let mut found = compiled.warnings;
            let versioned = if options.versioned { Some(merger.versioned(&releases)?.release) } else { None };
            found.dedup();
            warnings.extend(found.iter().map(|w| places.merge_warning(&releases, w)));
            let sources = releases
                .iter()
                .zip(package_uris.iter().copied())
                .map(|(release, uri)| (release, uri.filter(|_| options.linked_releases)));
            Ok(record(ocid, sources, compiled.release, versioned))
        };
        as_record().map(|value| match options.output {
            OutputForm::Json => Output::Json(value.to_string()),
            OutputForm::Value => Output::Value(value),
        })
    };
    let output = output.map_err(fail);
    Processed { ocid: ocid.to_owned(), output, warnings }
}

/// The items at `root_path` in each value of `source` (ocdskit's `--root-path`), as JSON lines
/// named `NAME [PATH]`: line n holds the n-th item found.
fn at_root_path(mut source: Source, root_path: &str) -> Result<Source, CompileError> {
    use crate::io::{ReadError, ReadErrorKind};
    let name = source.name().to_owned();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut source.reader, &mut bytes).map_err(|e| ReadError::io(&name, e))?;
    let path: Vec<&str> = root_path.split('.').collect();
    let mut lines = Vec::new();
    let mut values = serde_json::Deserializer::from_slice(&bytes).into_iter::<Value>();
    for value in values.by_ref() {
        let value = value.map_err(|e| {
            ReadError::new(ReadErrorKind::Syntax, &name, e.to_string()).at(e.line() as u64, e.column() as u64, "")
        })?;
        let mut found = Vec::new();
        find_at(&value, &path, &mut found);
        for item in found {
            let items: Box<dyn Iterator<Item = &Value>> = match item {
                Value::Array(elements) => Box::new(elements.iter()),
                other => Box::new(std::iter::once(other)),
            };
            for item in items {
                serde_json::to_writer(&mut lines, item).map_err(|e| ReadError::from_consumer(&name, e.to_string()))?;
                lines.push(b'\n');
            }
        }
    }
    Ok(Source::from_bytes(format!("{name} [{root_path}]"), lines)?)
}

/// The values at an ijson prefix: each segment is a member name, or `item` for every element
/// of an array (ijson names an object's member `item` the same way).
fn find_at<'v>(value: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
    let Some((first, rest)) = path.split_first() else {
        out.push(value);
        return;
    };
    match value {
        Value::Array(elements) if *first == "item" => elements.iter().for_each(|e| find_at(e, rest, out)),
        Value::Object(members) => {
            if let Some(member) = members.get(*first) {
                find_at(member, rest, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(value: Value, path: &str) -> Vec<Value> {
        let path: Vec<&str> = path.split('.').collect();
        let mut out = Vec::new();
        find_at(&value, &path, &mut out);
        out.into_iter().cloned().collect()
    }

    #[test]
    fn root_paths_follow_ijson_prefixes() {
        let package = json!({"releases": [{"id": 1}, {"id": 2}], "item": {"x": 1}});
        assert_eq!(found(package.clone(), "releases.item"), [json!({"id": 1}), json!({"id": 2})]);
        assert_eq!(found(package.clone(), "releases"), [json!([{"id": 1}, {"id": 2}])]);
        assert_eq!(found(package.clone(), "releases.item.id"), [json!(1), json!(2)]);
        assert_eq!(found(package.clone(), "item.x"), [json!(1)]);
        assert!(found(package, "records.item").is_empty());
        assert_eq!(found(json!([[1], [2]]), "item.item"), [json!(1), json!(2)]);
    }
}
