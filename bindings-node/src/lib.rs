//! Node binding of edca (napi-rs): thin. JavaScript hands over an input (a path, bytes or JSON
//! text) and options; the work runs in core on libuv's thread pool (a [`Job`]), or on the
//! calling thread for the `…Sync` twins; the result crosses back as JSON text that the package's
//! `index.js` parses, and failures as data (`code`, `message`, `details`) that it turns into
//! `Error`s. A panic in core is caught and becomes an `internal` failure: an upload never brings
//! the process down.

mod compile;
mod config;
mod failure;
mod input;
mod publish;
mod reports;
mod stream;
mod tables;

use compile::{CompileOptions, Settings};
use edca::Lang;
use failure::Failure;
use input::{Input, InputArg};
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use reports::{IndicesOptions, PrepareOptions, ValidateOptions};
use std::panic::{AssertUnwindSafe, catch_unwind};
use tables::{FlattenOptions, UnflattenOptions};

pub use stream::CompileStream;

/// As in the CLI: JSON trees are many small allocations made on every core, which mimalloc
/// serves much faster than the system allocator (the compile from Node took 1.8× the CLI's time
/// without it). Only Rust's own allocations use it; what crosses to JavaScript is copied.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a call hands back to `index.js`.
#[napi(object)]
#[derive(Debug, Default)]
pub struct Outcome {
    /// The result as JSON text (also set next to a `merge.process` error: the processes that
    /// were merged).
    pub json: Option<String>,
    /// The failure as JSON text: `{code, message, details}`.
    pub error: Option<String>,
    /// Merge warnings as a JSON array, if any.
    pub warnings: Option<String>,
}

impl Outcome {
    fn done(result: Result<String, Failure>, lang: Lang) -> Outcome {
        match result {
            Ok(json) => Outcome { json: Some(json), ..Outcome::default() },
            Err(failure) => Outcome { error: Some(failure.to_json(lang)), ..Outcome::default() },
        }
    }
}

/// The language asked for (a bad value is reported by the call itself, in Spanish).
fn lang_of(lang: &Option<String>) -> Lang {
    input::lang(lang.as_deref()).unwrap_or(Lang::Es)
}

/// Work for libuv's thread pool: one call's computation, run once.
pub struct Job {
    work: Option<Box<dyn FnOnce() -> Outcome + Send>>,
}

impl Job {
    fn new(work: impl FnOnce() -> Outcome + Send + 'static) -> AsyncTask<Job> {
        AsyncTask::new(Job { work: Some(Box::new(work)) })
    }
}

/// Runs `work`, turning a panic into an `internal` failure.
pub(crate) fn guarded(work: impl FnOnce() -> Outcome) -> Outcome {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Outcome::done(Err(Failure::internal(reason)), Lang::Es)
    })
}

#[napi]
impl Task for Job {
    type Output = Outcome;
    type JsValue = Outcome;

    fn compute(&mut self) -> napi::Result<Outcome> {
        let work = self.work.take().ok_or_else(|| napi::Error::from_reason("a job runs once"))?;
        Ok(guarded(work))
    }

    fn resolve(&mut self, _env: Env, output: Outcome) -> napi::Result<Outcome> {
        Ok(output)
    }
}

fn compile_outcome(settings: Result<Settings, Failure>, input: Input, lang: Lang) -> Outcome {
    let settings = match settings {
        Ok(settings) => settings,
        Err(failure) => return Outcome::done(Err(failure), lang),
    };
    match compile::collect(&settings, input) {
        Err(failure) => Outcome::done(Err(failure), lang),
        Ok(collected) => Outcome {
            error: collected.failure.map(|failure| failure.to_json(lang)),
            warnings: (!collected.warnings.is_empty())
                .then(|| serde_json::Value::Array(collected.warnings).to_string()),
            json: Some(collected.json),
        },
    }
}

/// Compiled (or versioned) releases, one per ocid, in order of first appearance.
#[napi(js_name = "compile")]
pub fn compile_async(input: InputArg, options: Option<CompileOptions>) -> AsyncTask<Job> {
    let options = options.unwrap_or_default();
    let lang = lang_of(&options.lang);
    let (settings, input) = (Settings::new(options, false), Input::from_arg(input));
    Job::new(move || compile_outcome(settings, input, lang))
}

/// `compile` on the calling thread.
#[napi]
pub fn compile_sync(input: InputArg, options: Option<CompileOptions>) -> Outcome {
    let options = options.unwrap_or_default();
    let lang = lang_of(&options.lang);
    let (settings, input) = (Settings::new(options, false), Input::from_arg(input));
    guarded(move || compile_outcome(settings, input, lang))
}

/// One record package (`edca compile --package`).
#[napi]
pub fn record_package(input: InputArg, options: Option<CompileOptions>) -> AsyncTask<Job> {
    let options = options.unwrap_or_default();
    let lang = lang_of(&options.lang);
    let (settings, input) = (Settings::new(options, true), Input::from_arg(input));
    Job::new(move || compile_outcome(settings, input, lang))
}

/// `recordPackage` on the calling thread.
#[napi]
pub fn record_package_sync(input: InputArg, options: Option<CompileOptions>) -> Outcome {
    let options = options.unwrap_or_default();
    let lang = lang_of(&options.lang);
    let (settings, input) = (Settings::new(options, true), Input::from_arg(input));
    guarded(move || compile_outcome(settings, input, lang))
}

/// Starts compiling in a thread of its own; `next()` hands out the processes in batches.
#[napi]
pub fn open_compile(input: InputArg, options: Option<CompileOptions>) -> CompileStream {
    let options = options.unwrap_or_default();
    let lang = lang_of(&options.lang);
    CompileStream::start(Settings::new(options, false), Input::from_arg(input), lang)
}

/// The validation report (`edca validate --format json`).
#[napi]
pub fn validate(input: InputArg, options: Option<ValidateOptions>) -> AsyncTask<Job> {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    let lang = lang_of(&options.lang);
    Job::new(move || Outcome::done(reports::validate(options, input), lang))
}

/// `validate` on the calling thread.
#[napi]
pub fn validate_sync(input: InputArg, options: Option<ValidateOptions>) -> Outcome {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    let lang = lang_of(&options.lang);
    guarded(move || Outcome::done(reports::validate(options, input), lang))
}

/// The indices report (`edca indices`).
#[napi]
pub fn indices(input: InputArg, options: Option<IndicesOptions>) -> AsyncTask<Job> {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    let lang = lang_of(&options.lang);
    Job::new(move || Outcome::done(reports::indices(options, input), lang))
}

/// `indices` on the calling thread.
#[napi]
pub fn indices_sync(input: InputArg, options: Option<IndicesOptions>) -> Outcome {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    let lang = lang_of(&options.lang);
    guarded(move || Outcome::done(reports::indices(options, input), lang))
}

/// Cardinal's preparation of compiled releases (`edca prepare`).
#[napi]
pub fn prepare(input: InputArg, options: Option<PrepareOptions>) -> AsyncTask<Job> {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    let lang = lang_of(&options.lang);
    Job::new(move || Outcome::done(reports::prepare(options, input), lang))
}

/// `prepare` on the calling thread.
#[napi]
pub fn prepare_sync(input: InputArg, options: Option<PrepareOptions>) -> Outcome {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    let lang = lang_of(&options.lang);
    guarded(move || Outcome::done(reports::prepare(options, input), lang))
}

/// Dataset statistics (`edca stats --format json`).
#[napi]
pub fn stats(input: InputArg, lang: Option<String>) -> AsyncTask<Job> {
    let (input, lang) = (Input::from_arg(input), lang_of(&lang));
    Job::new(move || Outcome::done(reports::stats(input), lang))
}

/// `stats` on the calling thread.
#[napi]
pub fn stats_sync(input: InputArg, lang: Option<String>) -> Outcome {
    let (input, lang) = (Input::from_arg(input), lang_of(&lang));
    guarded(move || Outcome::done(reports::stats(input), lang))
}

/// One run of `edca publish` over the sources (paths, or uploads as bytes): a new generation in
/// `options.out`; the summary, its message and the findings of reading.
#[napi(js_name = "publish")]
pub fn publish_async(sources: Vec<InputArg>, options: publish::PublishOptions) -> AsyncTask<Job> {
    let lang = lang_of(&options.lang);
    let sources = publish::sources(sources);
    Job::new(move || Outcome::done(publish::run(options, sources), lang))
}

/// `publish` on the calling thread.
#[napi]
pub fn publish_sync(sources: Vec<InputArg>, options: publish::PublishOptions) -> Outcome {
    let lang = lang_of(&options.lang);
    let sources = publish::sources(sources);
    guarded(move || Outcome::done(publish::run(options, sources), lang))
}

fn flatten_outcome(options: FlattenOptions, input: Input) -> Outcome {
    let lang = lang_of(&options.lang);
    match tables::flatten(options, input) {
        Ok((json, failure)) => Outcome { json: Some(json), error: failure.map(|f| f.to_json(lang)), warnings: None },
        Err(failure) => Outcome::done(Err(failure), lang),
    }
}

/// Every array of the releases as a table (`edca flatten`): `{tables: [{name, headers, rows}]}`.
#[napi]
pub fn flatten(input: InputArg, options: Option<FlattenOptions>) -> AsyncTask<Job> {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    Job::new(move || flatten_outcome(options, input))
}

/// `flatten` on the calling thread.
#[napi]
pub fn flatten_sync(input: InputArg, options: Option<FlattenOptions>) -> Outcome {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    guarded(move || flatten_outcome(options, input))
}

/// A spreadsheet (CSV folder, XLSX, ODS) back into releases (`edca unflatten`):
/// `{releases | package, issues}`.
#[napi]
pub fn unflatten(path: String, options: Option<UnflattenOptions>) -> AsyncTask<Job> {
    let options = options.unwrap_or_default();
    let lang = lang_of(&options.lang);
    Job::new(move || Outcome::done(tables::unflatten(options, path), lang))
}

/// `unflatten` on the calling thread.
#[napi]
pub fn unflatten_sync(path: String, options: Option<UnflattenOptions>) -> Outcome {
    let options = options.unwrap_or_default();
    let lang = lang_of(&options.lang);
    guarded(move || Outcome::done(tables::unflatten(options, path), lang))
}
