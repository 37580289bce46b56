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
mod reports;
mod stream;

use compile::{CompileOptions, Settings};
use failure::Failure;
use input::{Input, InputArg};
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use reports::{IndicesOptions, PrepareOptions, ValidateOptions};
use std::panic::{AssertUnwindSafe, catch_unwind};

pub use stream::CompileStream;

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
    fn done(result: Result<String, Failure>) -> Outcome {
        match result {
            Ok(json) => Outcome { json: Some(json), ..Outcome::default() },
            Err(failure) => Outcome { error: Some(failure.to_json()), ..Outcome::default() },
        }
    }
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
        Outcome::done(Err(Failure::internal(reason)))
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

fn compile_outcome(settings: Result<Settings, Failure>, input: Input) -> Outcome {
    let settings = match settings {
        Ok(settings) => settings,
        Err(failure) => return Outcome::done(Err(failure)),
    };
    let lang = settings.lang;
    match compile::collect(settings, input) {
        Err(failure) => Outcome::done(Err(failure)),
        Ok(collected) => Outcome {
            error: (!collected.failed.is_empty()).then(|| compile::merge_failure(lang, &collected.failed).to_json()),
            warnings: (!collected.warnings.is_empty())
                .then(|| serde_json::Value::Array(collected.warnings).to_string()),
            json: Some(collected.json),
        },
    }
}

/// Compiled (or versioned) releases, one per ocid, in order of first appearance.
#[napi(js_name = "compile")]
pub fn compile_async(input: InputArg, options: Option<CompileOptions>) -> AsyncTask<Job> {
    let (settings, input) = (Settings::new(options.unwrap_or_default(), false), Input::from_arg(input));
    Job::new(move || compile_outcome(settings, input))
}

/// `compile` on the calling thread.
#[napi]
pub fn compile_sync(input: InputArg, options: Option<CompileOptions>) -> Outcome {
    let (settings, input) = (Settings::new(options.unwrap_or_default(), false), Input::from_arg(input));
    guarded(move || compile_outcome(settings, input))
}

/// One record package (`edca compile --package`).
#[napi]
pub fn record_package(input: InputArg, options: Option<CompileOptions>) -> AsyncTask<Job> {
    let (settings, input) = (Settings::new(options.unwrap_or_default(), true), Input::from_arg(input));
    Job::new(move || compile_outcome(settings, input))
}

/// `recordPackage` on the calling thread.
#[napi]
pub fn record_package_sync(input: InputArg, options: Option<CompileOptions>) -> Outcome {
    let (settings, input) = (Settings::new(options.unwrap_or_default(), true), Input::from_arg(input));
    guarded(move || compile_outcome(settings, input))
}

/// Starts compiling in a thread of its own; `next()` hands out the processes in batches.
#[napi]
pub fn open_compile(input: InputArg, options: Option<CompileOptions>) -> CompileStream {
    CompileStream::start(Settings::new(options.unwrap_or_default(), false), Input::from_arg(input))
}

/// The validation report (`edca validate --format json`).
#[napi]
pub fn validate(input: InputArg, options: Option<ValidateOptions>) -> AsyncTask<Job> {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    Job::new(move || Outcome::done(reports::validate(options, input)))
}

/// `validate` on the calling thread.
#[napi]
pub fn validate_sync(input: InputArg, options: Option<ValidateOptions>) -> Outcome {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    guarded(move || Outcome::done(reports::validate(options, input)))
}

/// The indices report (`edca indices`).
#[napi]
pub fn indices(input: InputArg, options: Option<IndicesOptions>) -> AsyncTask<Job> {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    Job::new(move || Outcome::done(reports::indices(options, input)))
}

/// `indices` on the calling thread.
#[napi]
pub fn indices_sync(input: InputArg, options: Option<IndicesOptions>) -> Outcome {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    guarded(move || Outcome::done(reports::indices(options, input)))
}

/// Cardinal's preparation of compiled releases (`edca prepare`).
#[napi]
pub fn prepare(input: InputArg, options: Option<PrepareOptions>) -> AsyncTask<Job> {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    Job::new(move || Outcome::done(reports::prepare(options, input)))
}

/// `prepare` on the calling thread.
#[napi]
pub fn prepare_sync(input: InputArg, options: Option<PrepareOptions>) -> Outcome {
    let (options, input) = (options.unwrap_or_default(), Input::from_arg(input));
    guarded(move || Outcome::done(reports::prepare(options, input)))
}

/// Dataset statistics (`edca stats --format json`).
#[napi]
pub fn stats(input: InputArg) -> AsyncTask<Job> {
    let input = Input::from_arg(input);
    Job::new(move || Outcome::done(reports::stats(input)))
}

/// `stats` on the calling thread.
#[napi]
pub fn stats_sync(input: InputArg) -> Outcome {
    let input = Input::from_arg(input);
    guarded(move || Outcome::done(reports::stats(input)))
}
