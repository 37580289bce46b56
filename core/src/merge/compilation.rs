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
use crate::merge::{ArrayStrategy, CompileError, Compiler, MergeError, Merger, ProcessReleases, record};
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
        let compiler = compiler
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
        self.compiler.read(&mut self.reader, source)
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
