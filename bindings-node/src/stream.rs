//! `iterCompile`: the processes of a large input handed to JavaScript in batches as they are
//! merged. The merge runs in a thread of its own (not libuv's pool: a producer waiting for a
//! slow consumer must not hold a pool thread) and feeds a bounded channel, so memory holds at
//! most [`CHANNEL`] merged processes; each `next()` is a [`Job`] that waits for the next batch.

use crate::compile::{Settings, Stop, run};
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
    /// A process's output (none when it could not be merged) and its warnings.
    Process(Option<String>, Vec<Value>),
    /// The end: read warnings, and the failure if data was lost.
    End(Vec<Value>, Option<Failure>),
    /// The run stopped.
    Fatal(Failure),
}

struct State {
    receiver: Option<Receiver<Event>>,
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
    pub fn start(settings: Result<Settings, Failure>, input: Input, lang: Lang) -> CompileStream {
        let (sender, receiver) = sync_channel(CHANNEL);
        let state = State { receiver: Some(receiver), lang, finished: false };
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
        let settings = settings?;
        let ended = run(
            &settings,
            input,
            |_| {},
            |handed| sender.send(Event::Process(handed.json, handed.warnings)).map_err(|_| Stop::Closed),
        )?;
        Ok::<_, Stop>(Event::End(ended.read_warnings(settings.lang), ended.failure(settings.lang)))
    }));
    let last = match outcome {
        Ok(Ok(end)) => end,
        Ok(Err(Stop::Closed)) => return,
        Ok(Err(Stop::Failed(failure))) => Event::Fatal(failure),
        Err(_) => Event::Fatal(Failure::internal("panic while compiling".into())),
    };
    let _ = sender.send(last);
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
        Err(_) => return Outcome::done(Err(Failure::internal("the compile stream broke".into())), Lang::Es),
    };
    if state.finished {
        return Outcome::default();
    }
    let Some(receiver) = state.receiver.take() else { return Outcome::default() };
    let (mut json, mut warnings, mut count) = (String::from("["), Vec::new(), 0);
    // The end of the run, once every process before it was handed out: its failure, if any.
    let mut end: Option<Option<Failure>> = None;
    while count < BATCH {
        let event = if count == 0 { receiver.recv().ok() } else { receiver.try_recv().ok() };
        match event {
            None if count == 0 => {
                end = Some(None);
                break;
            }
            None => break,
            Some(Event::Fatal(failure)) => {
                end = Some(Some(failure));
                break;
            }
            Some(Event::End(mut noticed, failure)) => {
                warnings.append(&mut noticed);
                end = Some(failure);
                break;
            }
            Some(Event::Process(output, mut noticed)) => {
                warnings.append(&mut noticed);
                if let Some(text) = output {
                    if count > 0 {
                        json.push(',');
                    }
                    json.push_str(&text);
                    count += 1;
                }
            }
        }
    }
    let warnings = (!warnings.is_empty()).then(|| Value::Array(warnings).to_string());
    json.push(']');
    if let Some(failure) = end {
        state.finished = true;
        let error = failure.map(|f| f.to_json(state.lang));
        // Processes read in this batch before the end are handed out with it.
        let json = (count > 0).then_some(json);
        return Outcome { error, warnings, json };
    }
    state.receiver = Some(receiver);
    Outcome { json: Some(json), warnings, error: None }
}
