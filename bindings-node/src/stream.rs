//! `iterCompile`: the processes of a large input handed to JavaScript in batches as they are
//! merged. The merge runs in a thread of its own (not libuv's pool: a producer waiting for a
//! slow consumer must not hold a pool thread) and feeds a bounded channel, so memory holds at
//! most [`CHANNEL`] merged processes; each `next()` is a [`Job`] that waits for the next batch.

use crate::compile::{Compilation, Processed, Settings, Stop, merge_failure};
use crate::failure::Failure;
use crate::input::Input;
use crate::{Job, Outcome, guarded};
use edca::Lang;
use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;
use serde_json::Value;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

/// Merged processes waiting for JavaScript.
const CHANNEL: usize = 1024;

/// Processes handed out per `next()` at most.
const BATCH: usize = 256;

enum Event {
    Process(Processed, Vec<Value>),
    Fatal(Failure),
}

struct State {
    receiver: Option<Receiver<Event>>,
    failed: Vec<Failure>,
    lang: Lang,
    finished: bool,
}

/// A compile in progress.
#[napi]
pub struct CompileStream {
    state: Arc<Mutex<State>>,
}

impl CompileStream {
    /// Starts the producer thread.
    pub fn start(settings: Result<Settings, Failure>, input: Input) -> CompileStream {
        let (sender, receiver) = sync_channel(CHANNEL);
        let lang = settings.as_ref().map_or(Lang::Es, |s| s.lang);
        let state = State { receiver: Some(receiver), failed: Vec::new(), lang, finished: false };
        let spawned = std::thread::Builder::new().name("edca-compile".into()).spawn({
            let sender = sender.clone();
            move || produce(settings, input, sender)
        });
        if let Err(e) = spawned {
            let _ = sender.try_send(Event::Fatal(Failure::internal(format!("cannot start a thread: {e}"))));
        }
        CompileStream { state: Arc::new(Mutex::new(state)) }
    }
}

fn produce(settings: Result<Settings, Failure>, input: Input, sender: SyncSender<Event>) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let compilation = Compilation::read(settings?, input).map_err(Stop::Failed)?;
        compilation.each(|processed, warnings| sender.send(Event::Process(processed, warnings)).map_err(|_| Stop::Closed))
    }));
    let failure = match outcome {
        Ok(Ok(())) | Ok(Err(Stop::Closed)) => None,
        Ok(Err(Stop::Failed(failure))) => Some(failure),
        Err(_) => Some(Failure::internal("panic while compiling".into())),
    };
    if let Some(failure) = failure {
        let _ = sender.send(Event::Fatal(failure));
    }
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Stop {
        Stop::Failed(failure)
    }
}

#[napi]
impl CompileStream {
    /// The next batch: `json` is an array of outputs; neither `json` nor `error` when done. A
    /// process that cannot be merged is reported once every other has been handed out.
    #[napi]
    pub fn next(&self) -> AsyncTask<Job> {
        let state = self.state.clone();
        Job::new(move || guarded(|| next_batch(&state)))
    }

    /// Stops the compile (the producer ends at its next process).
    #[napi]
    pub fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.receiver = None;
            state.finished = true;
        }
    }
}

fn next_batch(state: &Mutex<State>) -> Outcome {
    let mut state = match state.lock() {
        Ok(state) => state,
        Err(_) => return Outcome::done(Err(Failure::internal("the compile stream broke".into()))),
    };
    if state.finished {
        return Outcome::default();
    }
    let Some(receiver) = state.receiver.take() else { return Outcome::default() };
    let (mut json, mut warnings, mut count, mut ended) = (String::from("["), Vec::new(), 0, false);
    let mut fatal = None;
    let mut failed = Vec::new();
    while count < BATCH {
        let event = if count == 0 { receiver.recv().ok() } else { receiver.try_recv().ok() };
        match event {
            None if count == 0 => {
                ended = true;
                break;
            }
            None => break,
            Some(Event::Fatal(failure)) => {
                fatal = Some(failure);
                break;
            }
            Some(Event::Process(processed, mut noticed)) => {
                warnings.append(&mut noticed);
                match processed {
                    Ok(text) => {
                        if count > 0 {
                            json.push(',');
                        }
                        json.push_str(&text);
                        count += 1;
                    }
                    Err(failure) => failed.push(failure),
                }
            }
        }
    }
    state.failed.append(&mut failed);
    let warnings = (!warnings.is_empty()).then(|| Value::Array(warnings).to_string());
    if let Some(failure) = fatal {
        state.finished = true;
        return Outcome { error: Some(failure.to_json()), warnings, json: None };
    }
    if ended {
        state.finished = true;
        let error = (!state.failed.is_empty()).then(|| merge_failure(state.lang, &state.failed).to_json());
        return Outcome { error, warnings, json: None };
    }
    state.receiver = Some(receiver);
    json.push(']');
    Outcome { json: Some(json), warnings, error: None }
}
