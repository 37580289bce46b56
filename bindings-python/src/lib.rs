//! `import edca`: the engine for Python services and notebooks, a thin layer over the `edca`
//! crate. It converts Python objects, runs core's work without the GIL (on core's rayon pool),
//! and maps errors to `edca.EdcaError` and its subclasses; every rule lives in core.

/// Rust's own allocations (JSON trees, many small ones on every core) from mimalloc, as in the
/// CLI and the Node binding: the system allocator made merging markedly slower from Python.
/// Python's objects keep Python's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod convert;
mod errors;
mod inputs;
mod partial;
mod publish;
mod reports;
mod runtime;
mod spreadsheets;
mod tables;

use convert::{Numbers, TextToPy, to_py};
use edca::Lang;
use edca::io::{Item, Reader, Source};
use edca::merge::{ArrayStrategy, Compilation, Output as CoreOutput, OutputForm, RulesChoice};
use edca::profile::OcdsVersion;
use edca::profile::Profile;
use errors::{Class, Detail, Failure};
use inputs::{Part, dict_or_path, open, parts};
use pyo3::exceptions::PyStopIteration;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use runtime::{Interrupt, detached, on_pool};
use serde_json::Value;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::Duration;

/// Profiles: which schema, codelists and merge rules apply.
#[pyclass(module = "edca", frozen, name = "Profile", skip_from_py_object)]
#[derive(Clone)]
pub struct PyProfile {
    inner: Profile,
    /// A user's release schema: validation applies it to everything, as `--schema` does.
    user_schema: bool,
}

#[pymethods]
impl PyProfile {
    /// `Profile("edca-mx")` (the default), `Profile("ocds-1.1")`, `Profile("ocds-1.0")`, or
    /// `Profile(schema=dict_or_path)`; `extensions` adds embedded extensions by URL.
    #[new]
    #[pyo3(signature = (name = "edca-mx", *, schema = None, extensions = None))]
    fn new(name: &str, schema: Option<&Bound<'_, PyAny>>, extensions: Option<Vec<String>>) -> PyResult<PyProfile> {
        let py_err = |f: Failure| Python::attach(|py| f.into_pyerr(py, Lang::Es, &[]));
        let (mut inner, user_schema) = match schema {
            Some(schema) => {
                (Profile::from_schema(schema_value(schema, Lang::Es)?).map_err(|e| py_err(profile_failure(e)))?, true)
            }
            None => (
                match name {
                    "edca-mx" | "edca_mx" => Profile::edca_mx(),
                    "ocds-1.1" | "1.1" => Profile::ocds_1_1(),
                    "ocds-1.0" | "1.0" => Profile::ocds_1_0(),
                    other => {
                        return Err(py_err(Failure::config(format!(
                            "unknown profile {other:?}: use \"edca-mx\", \"ocds-1.1\" or \"ocds-1.0\""
                        ))));
                    }
                },
                false,
            ),
        };
        for url in extensions.unwrap_or_default() {
            let extension = edca::profile::Extension::from_url(&url).ok_or_else(|| {
                py_err(Failure::config(format!("unknown extension {url:?} (extensions are never downloaded)")))
            })?;
            inner = inner.with_extension(extension).map_err(|e| py_err(profile_failure(e)))?;
        }
        Ok(PyProfile { inner, user_schema })
    }

    /// What the profile is, e.g. `EDCA-MX (OCDS 1.1.5 + …)`.
    #[getter]
    fn label(&self) -> String {
        self.inner.label().to_owned()
    }

    /// The OCDS minor version: `"1.0"` or `"1.1"`.
    #[getter]
    fn version(&self) -> String {
        self.inner.version().as_str().to_owned()
    }

    /// The names of the extensions applied.
    #[getter]
    fn extensions(&self) -> Vec<String> {
        self.inner.extensions().iter().map(|e| e.name().to_owned()).collect()
    }

    /// The release schema, patched with the extensions.
    fn release_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.release_schema(), Numbers { decimal: None })
    }

    fn __repr__(&self) -> String {
        format!("<edca.Profile {}>", self.inner.label())
    }
}

fn profile_failure(error: edca::profile::ProfileError) -> Failure {
    Failure::new(Class::Config, Detail::new("config.profile", error.to_string()))
}

/// A schema given as a dict or a path to a JSON file.
pub(crate) fn schema_value(schema: &Bound<'_, PyAny>, lang: Lang) -> PyResult<Value> {
    match dict_or_path(schema, "schema")? {
        Ok(value) => Ok(value),
        Err(path) => {
            let text = std::fs::read(&path)
                .map_err(|e| Failure::config(format!("{}: {e}", path.display())).into_pyerr(schema.py(), lang, &[]))?;
            serde_json::from_slice(&text).map_err(|e| {
                Failure::config(format!("{}: not a JSON schema: {e}", path.display())).into_pyerr(
                    schema.py(),
                    lang,
                    &[],
                )
            })
        }
    }
}

/// How to merge, from the keyword arguments that mirror `edca compile`'s options: core's
/// [`edca::merge::CompileOptions`], so the binding compiles exactly as the CLI does.
struct CompileOptions {
    core: edca::merge::CompileOptions,
}

impl CompileOptions {
    fn new(
        py: Python<'_>,
        versioned: bool,
        schema: Option<&Bound<'_, PyAny>>,
        ocds_version: Option<&str>,
        arrays: &str,
        lang: Lang,
    ) -> PyResult<CompileOptions> {
        let arrays = match arrays {
            "identifier" => ArrayStrategy::Identifier,
            "append" => ArrayStrategy::Append,
            "by-position" | "by_position" => ArrayStrategy::ByPosition,
            other => {
                return Err(Failure::config(format!(
                    "arrays={other:?}: use \"identifier\", \"append\" or \"by-position\""
                ))
                .into_pyerr(py, lang, &[]));
            }
        };
        let rules = match (schema, ocds_version) {
            (Some(schema), _) => RulesChoice::Schema(match schema.cast::<PyProfile>() {
                Ok(profile) => profile.get().inner.release_schema().clone(),
                Err(_) => schema_value(schema, lang)?,
            }),
            (None, Some("1.0")) => RulesChoice::Version(OcdsVersion::V1_0),
            (None, Some("1.1")) => RulesChoice::Version(OcdsVersion::V1_1),
            (None, Some(other)) => {
                return Err(Failure::config(format!("ocds_version={other:?}: use \"1.0\" or \"1.1\"")).into_pyerr(
                    py,
                    lang,
                    &[],
                ));
            }
            (None, None) => RulesChoice::ByPackageVersion,
        };
        let core = edca::merge::CompileOptions {
            versioned,
            arrays,
            rules,
            output: OutputForm::Json,
            ..edca::merge::CompileOptions::default()
        };
        Ok(CompileOptions { core })
    }
}

/// One process merged (its compact JSON text, and its warnings), or why it could not be.
enum Output {
    Merged(String, Vec<Detail>),
    Failed(Detail),
    /// A warning of the reader (read past, decided by a convention).
    Noted(Detail),
}

/// The one place that compiles, through core's [`Compilation`] (as the CLI does): reads
/// `sources`, merges every process in parallel batches and hands each result to `emit` in
/// order of first appearance; a process that cannot be merged is an [`Output::Failed`] and
/// costs no other; what reading left out follows the processes. With `package`, returns the
/// record package's text up to its records.
fn compile_sources(
    options: &CompileOptions,
    sources: Vec<Source>,
    interrupt: &Interrupt,
    mut emit: impl FnMut(Output) -> Result<(), Failure>,
) -> Result<Option<String>, Failure> {
    let mut compilation = Compilation::new(options.core.clone());
    for source in sources {
        compilation.read(source)?;
    }
    let head = options.core.package.then(|| compilation.package_head());
    // What reading found, before the merge adds its own findings.
    let read = compilation.diagnostics();
    compilation.each(|processed| {
        if !interrupt.check() {
            return Err(Failure::new(Class::Edca, Detail::new("interrupted", "interrupted")));
        }
        let warnings = processed.warnings.iter().map(errors::diagnostic_detail).collect();
        emit(match processed.output {
            Ok(CoreOutput::Json(json)) => Output::Merged(json, warnings),
            Ok(CoreOutput::Value(value)) => Output::Merged(value.to_string(), warnings),
            Err(diagnostic) => Output::Failed(errors::diagnostic_detail(&diagnostic)),
        })
    })?;
    // What reading left out is data too: each finding after the processes, as the CLI
    // reports them at the end.
    for diagnostic in read.iter() {
        let detail = errors::diagnostic_detail(diagnostic);
        match diagnostic.severity {
            edca::diagnostic::Severity::Error => emit(Output::Failed(detail))?,
            edca::diagnostic::Severity::Warning => emit(Output::Noted(detail))?,
        }
    }
    Ok(head)
}

/// The language of messages, from `lang="es"` or `"en"`.
pub(crate) fn parse_lang(py: Python<'_>, lang: &str) -> PyResult<Lang> {
    match lang {
        "es" => Ok(Lang::Es),
        "en" => Ok(Lang::En),
        other => Err(Failure::config(format!("lang={other:?}: use \"es\" or \"en\"")).into_pyerr(py, Lang::En, &[])),
    }
}

/// Issues an `edca.ReadWarning` (something the reader read past or skipped).
fn read_warning(py: Python<'_>, message: &str) -> PyResult<()> {
    let category = py.import("edca._errors")?.getattr("ReadWarning")?;
    py.import("warnings")?.getattr("warn")?.call1((message, category, 2))?;
    Ok(())
}

/// Issues `edca.MergeWarning`s, as `edca compile` prints its warnings.
fn warn(py: Python<'_>, warnings: &[String]) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let category = py.import("edca._errors")?.getattr("MergeWarning")?;
    let warn = py.import("warnings")?.getattr("warn")?;
    for message in warnings {
        warn.call1((message, &category, 2))?;
    }
    Ok(())
}

pub(crate) fn decimal_type(py: Python<'_>, decimal: bool) -> PyResult<Option<Bound<'_, PyAny>>> {
    if decimal { Ok(Some(py.import("decimal")?.getattr("Decimal")?)) } else { Ok(None) }
}

/// What a whole compile collected.
#[derive(Default)]
struct Collected {
    /// Each process's compact JSON text.
    outputs: Vec<String>,
    failed: Vec<Detail>,
    warnings: Vec<String>,
    noted: Vec<Detail>,
}

fn compile_all<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    options: CompileOptions,
    decimal: bool,
    lang: Lang,
) -> PyResult<Bound<'py, PyAny>> {
    let parts = parts(data)?;
    let interrupt = Interrupt::default();
    let (head, collected) = detached(py, &interrupt, lang, || {
        let sources = open(parts, &interrupt)?;
        let mut collected = Collected::default();
        let head = compile_sources(&options, sources, &interrupt, |output| {
            match output {
                Output::Merged(json, warnings) => {
                    collected.outputs.push(json);
                    collected.warnings.extend(warnings.iter().map(|w| w.message_in(lang).to_owned()));
                }
                Output::Failed(detail) => collected.failed.push(detail),
                Output::Noted(detail) => collected.noted.push(detail),
            }
            Ok(())
        })?;
        Ok((head, collected))
    })?;
    warn(py, &collected.warnings)?;
    for detail in &collected.noted {
        read_warning(py, detail.message_in(lang))?;
    }
    let decimal = decimal_type(py, decimal)?;
    let mut convert = TextToPy::new(py, Numbers { decimal: decimal.as_ref() });
    let result = match head {
        Some(mut text) => {
            text.push_str(&collected.outputs.join(","));
            text.push_str("]}");
            convert.convert(&text)?
        }
        None => {
            let list = PyList::empty(py);
            for json in &collected.outputs {
                list.append(convert.convert(json)?)?;
            }
            list.into_any()
        }
    };
    if !collected.failed.is_empty() {
        let failure = Failure { class: errors::class_of(&collected.failed), details: collected.failed };
        return Err(failure.into_pyerr(py, lang, &[("results", result)]));
    }
    Ok(result)
}

/// Merges releases into one compiled (or, with `versioned=True`, versioned) release per ocid,
/// in order of first appearance, as `edca compile` does.
#[pyfunction]
#[pyo3(signature = (data, *, versioned = false, schema = None, ocds_version = None, arrays = "identifier", decimal = false, lang = "es"))]
#[allow(clippy::too_many_arguments)] // the keyword options of `edca compile`
fn compile<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    versioned: bool,
    schema: Option<&Bound<'py, PyAny>>,
    ocds_version: Option<&str>,
    arrays: &str,
    decimal: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let options = CompileOptions::new(py, versioned, schema, ocds_version, arrays, lang)?;
    compile_all(py, data, options, decimal, lang)
}

/// One record package, as `edca compile --package` writes it.
#[pyfunction]
#[pyo3(signature = (data, *, versioned = false, linked_releases = false, uri = "", published_date = "", schema = None, ocds_version = None, arrays = "identifier", decimal = false, lang = "es"))]
#[allow(clippy::too_many_arguments)]
fn record_package<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    versioned: bool,
    linked_releases: bool,
    uri: &str,
    published_date: &str,
    schema: Option<&Bound<'py, PyAny>>,
    ocds_version: Option<&str>,
    arrays: &str,
    decimal: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let mut options = CompileOptions::new(py, versioned, schema, ocds_version, arrays, lang)?;
    options.core.package = true;
    options.core.linked_releases = linked_releases;
    options.core.uri = uri.to_owned();
    options.core.published_date = published_date.to_owned();
    compile_all(py, data, options, decimal, lang)
}

/// What a background reader or compiler sends to its Python iterator.
enum Message {
    Item(&'static str, Value),
    /// An item as compact JSON text.
    Text(&'static str, String),
    Warning(String),
    ReadWarning(Detail),
    Skipped(Detail),
    Failed(Detail),
    Fatal(Failure),
}

/// Items produced on a thread of their own, a bounded queue ahead of Python, so a large file is
/// never held whole; Ctrl-C in `__next__` stops the thread too.
#[pyclass(module = "edca", name = "Stream")]
pub struct Stream {
    receiver: Option<Mutex<Receiver<Message>>>,
    interrupt: Interrupt,
    kinds: bool,
    decimal: bool,
    /// Items as compact JSON text (numbers as written) instead of Python objects.
    text: bool,
    lang: Lang,
    failed: Vec<Detail>,
}

impl Stream {
    fn start(
        parts: Vec<Part>,
        kinds: bool,
        decimal: bool,
        lang: Lang,
        work: impl FnOnce(Vec<Source>, &Interrupt, &SyncSender<Message>) -> Result<(), Failure> + Send + 'static,
    ) -> Stream {
        let (sender, receiver) = sync_channel(256);
        let interrupt = Interrupt::background();
        let inside = interrupt.clone();
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                on_pool(|| open(parts, &inside).and_then(|sources| work(sources, &inside, &sender)))
            }));
            let failure = match result {
                Ok(Ok(Ok(()))) => return,
                Ok(Ok(Err(failure)) | Err(failure)) => failure,
                Err(_) => Failure::new(Class::Edca, Detail::new("internal.panic", "internal error")),
            };
            let _ = sender.send(Message::Fatal(failure));
        });
        Stream {
            receiver: Some(Mutex::new(receiver)),
            interrupt,
            kinds,
            decimal,
            text: false,
            lang,
            failed: Vec::new(),
        }
    }
}

#[pymethods]
impl Stream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loop {
            let Some(receiver) = self.receiver.as_ref() else {
                return Err(PyStopIteration::new_err(()));
            };
            let received = py
                .detach(|| receiver.lock().unwrap_or_else(|e| e.into_inner()).recv_timeout(Duration::from_millis(100)));
            match received {
                Ok(Message::Item(kind, value)) => {
                    let decimal = decimal_type(py, self.decimal)?;
                    let value = to_py(py, &value, Numbers { decimal: decimal.as_ref() })?;
                    return if self.kinds {
                        Ok(PyTuple::new(py, [kind.into_pyobject(py)?.into_any(), value])?.into_any())
                    } else {
                        Ok(value)
                    };
                }
                Ok(Message::Text(kind, json)) => {
                    let decimal = decimal_type(py, self.decimal)?;
                    let value = match self.text {
                        true => json.into_pyobject(py)?.into_any(),
                        false => TextToPy::new(py, Numbers { decimal: decimal.as_ref() }).convert(&json)?,
                    };
                    return if self.kinds {
                        Ok(PyTuple::new(py, [kind.into_pyobject(py)?.into_any(), value])?.into_any())
                    } else {
                        Ok(value)
                    };
                }
                Ok(Message::Warning(message)) => warn(py, &[message])?,
                Ok(Message::ReadWarning(detail)) => {
                    if self.kinds {
                        return Ok(PyTuple::new(
                            py,
                            ["warning".into_pyobject(py)?.into_any(), detail.to_dict(py, self.lang)?.into_any()],
                        )?
                        .into_any());
                    }
                    read_warning(py, detail.message_in(self.lang))?;
                }
                Ok(Message::Skipped(detail)) => {
                    if self.kinds {
                        return Ok(PyTuple::new(
                            py,
                            ["skipped".into_pyobject(py)?.into_any(), detail.to_dict(py, self.lang)?.into_any()],
                        )?
                        .into_any());
                    }
                    read_warning(py, detail.message_in(self.lang))?;
                }
                Ok(Message::Failed(detail)) => self.failed.push(detail),
                Ok(Message::Fatal(failure)) => {
                    self.close();
                    return Err(failure.into_pyerr(py, self.lang, &[]));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(error) = py.check_signals() {
                        self.close();
                        return Err(error);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.receiver = None;
                    if !self.failed.is_empty() {
                        let details = std::mem::take(&mut self.failed);
                        let failure = Failure { class: errors::class_of(&details), details };
                        return Err(failure.into_pyerr(py, self.lang, &[]));
                    }
                    return Err(PyStopIteration::new_err(()));
                }
            }
        }
    }

    /// Stops the work behind the iterator (also done when it is garbage-collected).
    fn close(&mut self) {
        self.interrupt.cancel();
        self.receiver = None;
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.interrupt.cancel();
    }
}

/// Like [`compile`], but yields each compiled (or versioned) release as soon as its batch is
/// merged, so a large file is never held whole in Python. Processes that cannot be merged are
/// raised together as one `edca.MergeError` after the others were yielded.
#[pyfunction]
#[pyo3(signature = (data, *, versioned = false, schema = None, ocds_version = None, arrays = "identifier", decimal = false, lang = "es"))]
#[allow(clippy::too_many_arguments)] // the keyword options of `edca compile`
fn iter_compile(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    versioned: bool,
    schema: Option<&Bound<'_, PyAny>>,
    ocds_version: Option<&str>,
    arrays: &str,
    decimal: bool,
    lang: &str,
) -> PyResult<Stream> {
    let lang = parse_lang(py, lang)?;
    let options = CompileOptions::new(py, versioned, schema, ocds_version, arrays, lang)?;
    let parts = parts(data)?;
    let kind = if versioned { "versioned" } else { "compiled" };
    Ok(Stream::start(parts, false, decimal, lang, move |sources, interrupt, sender| {
        compile_sources(&options, sources, interrupt, |output| {
            let stopped = || Failure::new(Class::Edca, Detail::new("interrupted", "the iterator was closed"));
            match output {
                Output::Merged(json, warnings) => {
                    for warning in warnings {
                        sender.send(Message::Warning(warning.message_in(lang).to_owned())).map_err(|_| stopped())?;
                    }
                    sender.send(Message::Text(kind, json)).map_err(|_| stopped())
                }
                Output::Failed(detail) => sender.send(Message::Failed(detail)).map_err(|_| stopped()),
                Output::Noted(detail) => sender.send(Message::ReadWarning(detail)).map_err(|_| stopped()),
            }
        })
        .map(|_| ())
    }))
}

/// Iterates the releases and records of any input core's reader understands, in input order.
/// With `kinds=True`, yields `(kind, value)` pairs: `"release"`, `"record"`, `"package"` (a
/// package's metadata, after its releases or records) and `"other"`. With `text=True`, each
/// value is its compact JSON text, numbers as written (to hand on, e.g. to Spark, unchanged).
#[pyfunction]
#[pyo3(signature = (data, *, kinds = false, decimal = false, text = false, lang = "es"))]
fn read(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    kinds: bool,
    decimal: bool,
    text: bool,
    lang: &str,
) -> PyResult<Stream> {
    let lang = parse_lang(py, lang)?;
    let parts = parts(data)?;
    let message_of = move |kind: &'static str, value: Value| match text {
        true => Message::Text(kind, value.to_string()),
        false => Message::Item(kind, value),
    };
    let mut stream = Stream::start(parts, kinds, decimal, lang, move |sources, _interrupt, sender| {
        let mut reader = Reader::new();
        for source in sources {
            let name = source.name().to_owned();
            let mut closed = false;
            let result = reader.read(source, |item| {
                let message = match item {
                    Item::Release { release, .. } => Some(message_of("release", release)),
                    Item::Record { record, .. } => Some(message_of("record", record)),
                    Item::Package(package) if kinds => Some(message_of("package", Value::Object(package.metadata))),
                    Item::Other(value) if kinds => Some(message_of("other", value)),
                    Item::Package(_) | Item::Other(_) => None,
                    Item::Skipped(error) => Some(Message::Skipped(errors::read_detail(&error))),
                    Item::Warning(warning) => Some(Message::ReadWarning(errors::warning_detail(&warning))),
                };
                match message.map(|message| sender.send(message).is_err()) {
                    Some(true) => {
                        closed = true;
                        Err(edca::io::ReadError::from_consumer(&name, "the iterator was closed"))
                    }
                    _ => Ok(()),
                }
            });
            if closed {
                return Ok(());
            }
            result?;
        }
        Ok(())
    });
    stream.text = text;
    Ok(stream)
}

/// Counts what a dataset holds, as `edca stats --format json` does.
#[pyfunction]
#[pyo3(signature = (data, *, lang = "es"))]
fn stats<'py>(py: Python<'py>, data: &Bound<'py, PyAny>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let parts = parts(data)?;
    let interrupt = Interrupt::default();
    let stats = detached(py, &interrupt, lang, || {
        let mut reader = Reader::new();
        let mut collector = edca::stats::StatsCollector::new();
        for source in open(parts, &interrupt)? {
            collector.add_file();
            reader.read(source, |item| {
                collector.add(&item);
                Ok(())
            })?;
        }
        serde_json::to_value(collector.finish())
            .map_err(|e| Failure::new(Class::Edca, Detail::new("internal", e.to_string())))
    })?;
    to_py(py, &stats, Numbers { decimal: None })
}

/// Cardinal's data preparation over compiled releases, as `edca prepare` does: returns the
/// corrected releases and the issues it could not correct (dicts with `line` and `ocid`).
#[pyfunction]
#[pyo3(signature = (data, *, settings = None, decimal = false, lang = "es"))]
fn prepare<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    settings: Option<&Bound<'py, PyAny>>,
    decimal: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let lang = parse_lang(py, lang)?;
    use edca::indices::cardinal::CardinalSettings;
    use edca::indices::cardinal::prepare::{Prepare, Prepared};
    let settings: CardinalSettings = match settings {
        None => CardinalSettings::default(),
        Some(settings) => match dict_or_path(settings, "settings")? {
            Ok(value) => serde_json::from_value(value)
                .map_err(|e| Failure::config(format!("settings: {e}")).into_pyerr(py, lang, &[]))?,
            Err(path) => edca::files::cardinal_settings(&path)
                .map_err(|e| Failure::config(e.to_string()).into_pyerr(py, lang, &[]))?,
        },
    };
    let prepare = Prepare::new(&settings).map_err(|e| Failure::config(e.to_string()).into_pyerr(py, lang, &[]))?;
    let parts = parts(data)?;
    let interrupt = Interrupt::default();
    let (releases, issues) = detached(py, &interrupt, lang, || {
        let mut reader = Reader::new();
        let mut releases = Vec::new();
        let mut issues = Vec::new();
        for source in open(parts, &interrupt)? {
            // A release, a record's `compiledRelease`, or an object without `ocid`, as `edca prepare` takes them.
            let take = |item: &mut Item| -> Option<Prepared> {
                let release = match item {
                    Item::Release { release, .. } | Item::Other(release) => release.take(),
                    Item::Record { record, .. } => record.get_mut("compiledRelease").map(Value::take)?,
                    Item::Package(_) | Item::Skipped(_) | Item::Warning(_) => return None,
                };
                Some(prepare.prepare(release))
            };
            reader.read_with(source, take, |_, prepared| {
                if let Some(prepared) = prepared {
                    let line = releases.len() as u64 + 1;
                    let ocid = prepared.release.get("ocid").cloned().unwrap_or(Value::Null);
                    for issue in &prepared.issues {
                        let mut value = serde_json::to_value(issue).unwrap_or(Value::Null);
                        if let Some(members) = value.as_object_mut() {
                            members.shift_insert(0, "line".to_owned(), Value::from(line));
                            members.shift_insert(1, "ocid".to_owned(), ocid.clone());
                        }
                        issues.push(value);
                    }
                    releases.push(prepared.release);
                }
                Ok(())
            })?;
        }
        Ok((releases, issues))
    })?;
    let decimal = decimal_type(py, decimal)?;
    let numbers = Numbers { decimal: decimal.as_ref() };
    let to_list = |values: &[Value]| -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for value in values {
            list.append(to_py(py, value, numbers)?)?;
        }
        Ok(list)
    };
    PyTuple::new(py, [to_list(&releases)?, to_list(&issues)?])
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyProfile>()?;
    m.add_class::<Stream>()?;
    m.add_class::<tables::Table>()?;
    m.add_class::<reports::Report>()?;
    m.add_class::<reports::Indices>()?;
    m.add_class::<partial::IndicesPartial>()?;
    m.add_function(wrap_pyfunction!(compile, m)?)?;
    m.add_function(wrap_pyfunction!(iter_compile, m)?)?;
    m.add_function(wrap_pyfunction!(record_package, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(stats, m)?)?;
    m.add_function(wrap_pyfunction!(prepare, m)?)?;
    m.add_function(wrap_pyfunction!(reports::validate, m)?)?;
    m.add_function(wrap_pyfunction!(reports::indices, m)?)?;
    m.add_function(wrap_pyfunction!(spreadsheets::flatten, m)?)?;
    m.add_function(wrap_pyfunction!(publish::publish, m)?)?;
    m.add_function(wrap_pyfunction!(spreadsheets::unflatten, m)?)?;
    Ok(())
}
