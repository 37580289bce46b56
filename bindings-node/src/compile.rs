//! Every call that compiles goes through [`Compilation`]: `compile`, `recordPackage`,
//! `iterCompile`. It is the one place that calls core's compiler, so that when core's compile
//! facade (a result per process) lands, only this file changes.
//!
//! A process that cannot be merged costs no other process: it is reported with its ocid and the
//! others are still merged, in input order (as `edca compile` writes them and then exits 1).

use crate::failure::{Failure, merge_details};
use crate::input::{Input, JsonOption, lang};
use edca::Lang;
use edca::io::Reader;
use edca::merge::{ArrayStrategy, CompileError, Compiler, MergeError, MergeWarning, Merger, ProcessReleases, record};
use edca::profile::Profile;
use napi_derive::napi;
use serde_json::{Value, json};

/// Options of `compile`, `recordPackage` and `iterCompile` (as `edca compile`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct CompileOptions {
    /// Versioned releases instead of compiled releases (in a record package: added to records).
    pub versioned: Option<bool>,
    /// In a record package, link releases read from release packages (`{url, date, tag}`).
    pub linked_releases: Option<bool>,
    /// A release schema to merge by, as a file.
    pub schema_path: Option<String>,
    /// A release schema to merge by, as JSON text.
    pub schema_text: Option<String>,
    /// `'1.0'` or `'1.1'`: every process by that version's rules.
    pub ocds_version: Option<String>,
    /// `'identifier'` (default), `'append'` or `'by-position'`.
    pub arrays: Option<String>,
    /// The record package's `uri`.
    pub uri: Option<String>,
    /// The record package's `publishedDate`.
    pub published_date: Option<String>,
    /// `'es'` (default) or `'en'`.
    pub lang: Option<String>,
}

/// The options, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    versioned: bool,
    package: bool,
    linked_releases: bool,
    schema: Option<JsonOption>,
    ocds_version: Option<String>,
    strategy: ArrayStrategy,
    uri: String,
    published_date: String,
    /// Language of the binding's own messages.
    pub lang: Lang,
}

impl Settings {
    /// Checks the options; `package` for a record package.
    pub fn new(options: CompileOptions, package: bool) -> Result<Settings, Failure> {
        let lang = lang(options.lang.as_deref())?;
        let strategy = match options.arrays.as_deref() {
            None | Some("identifier") => ArrayStrategy::Identifier,
            Some("append") => ArrayStrategy::Append,
            Some("by-position") => ArrayStrategy::ByPosition,
            Some(other) => {
                return Err(Failure::options(
                    lang,
                    format!("arrays: se espera 'identifier', 'append' o 'by-position', no {other:?}"),
                    format!("arrays: expected 'identifier', 'append' or 'by-position', not {other:?}"),
                    json!({ "option": "arrays", "value": other }),
                ));
            }
        };
        if let Some(version) = options.ocds_version.as_deref().filter(|v| !matches!(*v, "1.0" | "1.1")) {
            return Err(Failure::options(
                lang,
                format!("ocdsVersion: se espera '1.0' o '1.1', no {version:?}"),
                format!("ocdsVersion: expected '1.0' or '1.1', not {version:?}"),
                json!({ "option": "ocdsVersion", "value": version }),
            ));
        }
        Ok(Settings {
            versioned: options.versioned.unwrap_or(false),
            package,
            linked_releases: options.linked_releases.unwrap_or(false),
            schema: JsonOption::from_pair(options.schema_path, options.schema_text),
            ocds_version: options.ocds_version,
            strategy,
            uri: options.uri.unwrap_or_default(),
            published_date: options.published_date.unwrap_or_default(),
            lang,
        })
    }

    /// The compiler these options call for (as `edca compile` builds it).
    fn compiler(&self) -> Result<Compiler, Failure> {
        let lang = self.lang;
        let merger = |schema: &Value| {
            Merger::from_schema(schema).map_err(|e| {
                Failure::options(
                    lang,
                    format!("schema: {e}"),
                    format!("schema: {e}"),
                    json!({ "option": "schema", "reason": e.to_string() }),
                )
            })
        };
        let compiler = match (&self.schema, self.ocds_version.as_deref()) {
            (Some(schema), _) => Compiler::with_merger(merger(&schema.value(lang, "schema")?)?),
            (None, Some("1.0")) => Compiler::with_merger(merger(Profile::ocds_1_0().release_schema())?),
            (None, Some(_)) => Compiler::with_merger(merger(Profile::edca_mx().release_schema())?),
            (None, None) => Compiler::by_package_version(),
        };
        Ok(compiler.with_default_strategy(self.strategy))
    }
}

/// One merged process: its output as JSON text, or why it could not be merged.
pub type Processed = Result<String, Failure>;

/// Why emitting stopped: a failure that ends the call, or the consumer went away.
#[derive(Debug)]
pub enum Stop {
    /// The call fails.
    Failed(Failure),
    /// The consumer stopped (an iterator closed early).
    Closed,
}

impl From<CompileError> for Stop {
    fn from(error: CompileError) -> Stop {
        Stop::Failed(error.into())
    }
}

/// The releases of one input, read and grouped by ocid, ready to merge.
pub struct Compilation {
    compiler: Compiler,
    settings: Settings,
}

impl Compilation {
    /// Reads every release of `input` (off the JavaScript thread).
    pub fn read(settings: Settings, input: Input) -> Result<Compilation, Failure> {
        let mut compiler = settings.compiler()?;
        let mut reader = Reader::new();
        compiler.read(&mut reader, input.source()?)?;
        Ok(Compilation { compiler, settings })
    }

    /// The record package's text up to its `records` array, as `edca compile --package` writes it.
    pub fn package_head(&mut self) -> Result<String, Failure> {
        let header = self
            .compiler
            .take_package_builder()
            .uri(self.settings.uri.clone())
            .published_date(self.settings.published_date.clone())
            .build();
        let text = serde_json::to_string(&header).map_err(|e| Failure::internal(e.to_string()))?;
        text.strip_suffix("]}").map(str::to_owned).ok_or_else(|| Failure::internal("record package layout".into()))
    }

    /// Merges every process in parallel batches and hands each result, in input order, to
    /// `emit` with the warnings of its merge.
    pub fn each(mut self, mut emit: impl FnMut(Processed, Vec<Value>) -> Result<(), Stop>) -> Result<(), Stop> {
        let settings = &self.settings;
        self.compiler.merge_each(
            |process| Ok(merge_process(settings, process)),
            |(processed, warnings): (Processed, Vec<MergeWarning>)| {
                emit(processed, warnings.iter().map(warning_json).collect())
            },
        )
    }
}

/// Merges one process as `edca compile` does (compiled, versioned, or a record).
fn merge_process(settings: &Settings, process: ProcessReleases) -> (Processed, Vec<MergeWarning>) {
    let ProcessReleases { ocid, releases, package_uris, merger } = process;
    let fail = |error: MergeError| Failure {
        code: "merge.process".into(),
        message: format!("ocid {ocid}: {error}"),
        details: merge_details(ocid, &error),
    };
    if !settings.package {
        let merged = if settings.versioned { merger.versioned_json(&releases) } else { merger.compile_json(&releases) };
        return match merged {
            Ok(merged) => (Ok(merged.json), merged.warnings),
            Err(error) => (Err(fail(error)), Vec::new()),
        };
    }
    let compiled = match merger.compile(&releases) {
        Ok(compiled) => compiled,
        Err(error) => return (Err(fail(error)), Vec::new()),
    };
    let mut warnings = compiled.warnings;
    let versioned = match settings.versioned.then(|| merger.versioned(&releases)) {
        None => None,
        Some(Ok(versioned)) => Some(versioned.release),
        Some(Err(error)) => return (Err(fail(error)), warnings),
    };
    let linked = settings.linked_releases;
    let sources = releases.iter().zip(package_uris).map(|(release, uri)| (release, uri.filter(|_| linked)));
    let value = record(ocid, sources, compiled.release, versioned);
    warnings.dedup();
    (Ok(value.to_string()), warnings)
}

/// A merge warning as the JavaScript side receives it.
fn warning_json(warning: &MergeWarning) -> Value {
    match warning {
        MergeWarning::DuplicateId { ocid, release_id, pointer, id } => json!({
            "code": "merge.duplicate_id",
            "message": warning.to_string(),
            "ocid": ocid,
            "releaseId": release_id,
            "pointer": pointer,
            "id": id,
        }),
    }
}

/// What a whole-input call hands back: the JSON text of the result, the processes that could not
/// be merged, and the warnings.
pub struct Collected {
    /// The result (an array of outputs, or a record package).
    pub json: String,
    /// Processes that could not be merged.
    pub failed: Vec<Failure>,
    /// Merge warnings.
    pub warnings: Vec<Value>,
}

/// `compile` (`package` false: a JSON array of compiled or versioned releases) or
/// `recordPackage` (a record package), whole.
pub fn collect(settings: Settings, input: Input) -> Result<Collected, Failure> {
    let package = settings.package;
    let mut compilation = Compilation::read(settings, input)?;
    let mut json = if package { compilation.package_head()? } else { "[".to_owned() };
    let (mut failed, mut warnings, mut first) = (Vec::new(), Vec::new(), true);
    let result = compilation.each(|processed, mut noticed| {
        warnings.append(&mut noticed);
        match processed {
            Ok(text) => {
                if !first {
                    json.push(',');
                }
                first = false;
                json.push_str(&text);
            }
            Err(failure) => failed.push(failure),
        }
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(Stop::Failed(failure)) => return Err(failure),
        Err(Stop::Closed) => return Err(Failure::internal("compile stopped".into())),
    }
    json.push_str(if package { "]}" } else { "]" });
    Ok(Collected { json, failed, warnings })
}

/// The failure of a call whose other processes were merged: every process that could not be.
pub fn merge_failure(lang: Lang, failed: &[Failure]) -> Failure {
    let processes: Vec<Value> = failed.iter().map(|f| f.details.clone()).collect();
    let first = failed.first().map(|f| f.message.as_str()).unwrap_or_default();
    let message = match lang {
        Lang::Es => format!("{} procesos no se pudieron combinar (el primero: {first})", failed.len()),
        Lang::En => format!("{} processes could not be merged (the first: {first})", failed.len()),
    };
    Failure { code: "merge.process".into(), message, details: json!({ "processes": processes }) }
}
