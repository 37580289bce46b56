//! The indices over inputs as they are read — what `edca indices` and the bindings call.
//!
//! - Compiled releases, untagged releases and records' compiled (and versioned) releases are
//!   processes as they stand; individual releases (tagged, but not `compiled`) and records
//!   without a compiled release are merged first by [`Compiler`], into one compiled and one
//!   versioned release per ocid, as `edca compile` does.
//! - Field coverage is counted where each process is parsed or merged, on every core; with
//!   coverage alone a process is emptied once counted, so memory stays flat whatever the input.
//! - The other families fold processes in batches, side by side ([`Indices::add_processes`]).
//! - What cannot be read or merged costs only itself: a value the reader skips, a release
//!   without a string `ocid` (as `edca compile` treats it), a process that cannot be merged are
//!   findings ([`Run::finish_with_diagnostics`]) and are left out of the indices.

use crate::diagnostic::Diagnostics;
use crate::indices::coverage::CoveragePool;
use crate::indices::inputs::Inputs;
use crate::indices::{Config, Family, Indices, Process, Report};
use crate::io::{Item, Reader, Source};
use crate::merge::{CompileError, Compiler};
use serde_json::{Value, json};

/// Processes folded per batch.
const BATCH: usize = 256;

/// A computation of the indices over any number of inputs.
#[derive(Debug)]
pub struct Run {
    compiler: Compiler,
    coverage: Option<CoveragePool>,
    coverage_only: bool,
    batch: Batch,
    fail_fast: bool,
    diagnostics: Diagnostics,
}

impl Run {
    /// The indices as configured, with their input tables.
    pub fn new(mut config: Config, inputs: Inputs) -> Run {
        let families = config.families.clone().unwrap_or_else(|| Family::ALL.to_vec());
        let coverage = families.contains(&Family::Coverage).then(CoveragePool::new);
        config.families = Some(families.into_iter().filter(|f| *f != Family::Coverage).collect());
        let coverage_only = config.families.as_ref().is_some_and(Vec::is_empty);
        Run {
            // As `edca compile`: a package whose `version` names no OCDS version is refused, not
            // merged by a guess.
            compiler: Compiler::by_package_version().refuse_unknown_versions(true),
            coverage,
            coverage_only,
            batch: Batch { indices: Indices::with_inputs(config, inputs), pending: Vec::new() },
            fail_fast: false,
            diagnostics: Diagnostics::default(),
        }
    }

    /// Collects findings into `diagnostics` (a summary by default; [`Diagnostics::all`] keeps
    /// every one).
    pub fn with_diagnostics(mut self, diagnostics: Diagnostics) -> Run {
        self.compiler = self.compiler.with_diagnostics(diagnostics.emptied());
        self.diagnostics = diagnostics;
        self
    }

    /// Stops at the first value that cannot be read or merged ([`CompileError::Process`])
    /// instead of leaving it out and going on.
    pub fn fail_fast(mut self, yes: bool) -> Run {
        self.compiler = self.compiler.fail_fast(yes);
        self.fail_fast = yes;
        self
    }

    /// Reads one input.
    pub fn read(&mut self, reader: &mut Reader, source: Source) -> Result<(), CompileError> {
        let Run { compiler, coverage, coverage_only, batch, .. } = self;
        let (coverage, coverage_only) = (&*coverage, *coverage_only);
        let route = |item: &mut Item| {
            if needs_merge(item) {
                return true;
            }
            if let Some(coverage) = coverage {
                count_coverage(coverage, item, coverage_only);
            }
            false
        };
        let name = source.name().to_owned();
        compiler.read_routed(reader, source, route, |item, position| {
            match item {
                Item::Other(value) => {
                    let diagnostic = crate::merge::compiler::not_a_release(&name, position, &value);
                    return Err(CompileError::Process(Box::new(diagnostic)));
                }
                Item::Release { release, .. } => batch.push(release, None),
                Item::Record { record: Value::Object(mut record), .. } => {
                    if let Some(compiled) = record.shift_remove("compiledRelease").filter(Value::is_object) {
                        batch.push(compiled, record.shift_remove("versionedRelease"));
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Merges the individual releases read, folds what is left, and gives the report. Processes
    /// that could not be merged are left out (see [`Run::finish_with_diagnostics`]).
    pub fn finish(self) -> Result<Report, CompileError> {
        self.finish_with_diagnostics().map(|(report, _)| report)
    }

    /// [`finish`](Self::finish), with what was left out and why: values that could not be read,
    /// releases that cannot be merged, processes that could not be merged (placed in the input),
    /// and the merge warnings.
    pub fn finish_with_diagnostics(self) -> Result<(Report, Diagnostics), CompileError> {
        let Run { mut compiler, coverage, coverage_only, mut batch, fail_fast, mut diagnostics } = self;
        diagnostics.extend(compiler.take_diagnostics());
        compiler.merge_results(
            |process, places| {
                let fail = |error| {
                    let diagnostic = places.merge_error(process.ocid, &process.releases, &error);
                    CompileError::Process(Box::new(diagnostic))
                };
                let merged = process.merger.compile(&process.releases).map_err(fail)?;
                let mut warnings: Vec<_> =
                    merged.warnings.iter().map(|w| places.merge_warning(&process.releases, w)).collect();
                warnings.extend(places.same_date(process.ocid, &process.releases));
                let compiled = merged.release;
                let versioned = match coverage_only {
                    true => Value::Null,
                    false => process.merger.versioned(&process.releases).map_err(fail)?.release,
                };
                // Counted once the process is known to merge, so a process left out is not covered.
                if let Some(coverage) = coverage.as_ref().filter(|_| compiled.is_object()) {
                    coverage.add(&compiled);
                }
                Ok((compiled, versioned, warnings))
            },
            |result| -> Result<(), CompileError> {
                match result {
                    Ok((compiled, versioned, warnings)) => {
                        warnings.into_iter().for_each(|w| diagnostics.push(w));
                        if compiled.is_object() {
                            batch.push(compiled, Some(versioned));
                        }
                    }
                    Err(CompileError::Process(diagnostic)) if !fail_fast => diagnostics.push(*diagnostic),
                    Err(error) => return Err(error),
                }
                Ok(())
            },
        )?;
        batch.flush();
        let mut report = batch.indices.finish();
        report.coverage = coverage.map(CoveragePool::finish);
        Ok((report, diagnostics))
    }
}

/// Processes handed to the indices a few hundred at a time, so that the families fold them
/// side by side on the available cores (in input order within each family).
#[derive(Debug)]
struct Batch {
    indices: Indices,
    pending: Vec<(Value, Option<Value>)>,
}

impl Batch {
    /// A compiled release and its versioned release, if any. A value that is not an object (or
    /// a release already emptied by the coverage count) is no process, but counts as read.
    fn push(&mut self, compiled: Value, versioned: Option<Value>) {
        if !compiled.is_object() {
            self.indices.add(&compiled);
            return;
        }
        self.pending.push((compiled, versioned));
        if self.pending.len() >= BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let processes: Vec<Process> = self
            .pending
            .iter()
            .filter_map(|(compiled, versioned)| {
                let process = Process::new(compiled)?;
                Some(match versioned {
                    Some(versioned) => process.with_versioned(versioned),
                    None => process,
                })
            })
            .collect();
        self.indices.add_processes(&processes);
        self.pending.clear();
    }
}

/// Individual releases (tagged, but not `compiled`) and records without a compiled release are
/// merged first; compiled releases, untagged releases and records' compiled releases are
/// processes already.
fn needs_merge(item: &Item) -> bool {
    match item {
        Item::Release { release, .. } => !is_process(release),
        Item::Record { record, .. } => !is_record_process(record),
        _ => false,
    }
}

/// Whether the indices read `release` as a process as it stands — a compiled release, or one
/// without a `tag` list — rather than merge it first with the other releases of its ocid. A
/// release without a string `ocid` is no process (the compiler reports it, as `edca compile`
/// does).
pub fn is_process(release: &Value) -> bool {
    if !release.get("ocid").is_some_and(Value::is_string) {
        return false;
    }
    match release.get("tag").and_then(Value::as_array) {
        Some(tags) => tags.iter().any(|t| t == "compiled"),
        None => true,
    }
}

/// Whether the indices read `record` through its `compiledRelease` (and `versionedRelease`)
/// rather than merge its embedded releases first.
pub fn is_record_process(record: &Value) -> bool {
    record.get("compiledRelease").is_some()
}

/// Counts the coverage of a process that needs no merge, in the reader's worker, as
/// [`Indices::add`] would: a release always, a record's compiled release when it is an object.
/// With coverage alone, the item is then emptied down to what tells the main thread that it
/// is a process.
fn count_coverage(coverage: &CoveragePool, item: &mut Item, coverage_only: bool) {
    match item {
        Item::Release { release, .. } => {
            coverage.add(release);
            if coverage_only {
                *release = Value::Null;
            }
        }
        Item::Record { record, .. } => {
            let Some(compiled) = record.get("compiledRelease").filter(|c| c.is_object()) else { return };
            coverage.add(compiled);
            if coverage_only {
                *record = json!({"compiledRelease": {}});
            }
        }
        _ => {}
    }
}
