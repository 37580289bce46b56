//! `edca publish --watch`: publish, then poll the inputs (the inbox folder, the files and
//! folders named) and publish again whenever a data file appears, changes or goes.
//!
//! Polling, not file-system notifications: it works the same on every disk (network shares
//! included) and costs a `stat` per file per interval. A file still being copied into the inbox
//! is read when its size and modification time have stopped changing for one interval, so a
//! half-copied file is not published; writers that can should copy elsewhere and rename into
//! the inbox.

use super::store::{Layout, Lock};
use super::{Input, PublishError, Publisher, Summary};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

/// What the inputs look like: every data file with its size and modification time.
fn snapshot(inputs: &[Input]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out = Vec::new();
    for input in inputs {
        let Input::Path(path) = input else { continue };
        for file in crate::files::expand(path).unwrap_or_default() {
            let meta = std::fs::metadata(&file).ok();
            out.push((file, meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok())));
        }
    }
    out
}

impl Publisher {
    /// Publishes `inputs` (with the inbox), then every time they change, until `stop` is set;
    /// each run's outcome goes to `on_run` (a failed run is reported and the watch goes on).
    /// The lock is held for the whole watch.
    pub fn watch(
        &self,
        inputs: &[Input],
        poll: Duration,
        stop: &AtomicBool,
        mut on_run: impl FnMut(Result<Summary, PublishError>),
    ) -> Result<(), PublishError> {
        if inputs.iter().any(|i| matches!(i, Input::Bytes { .. })) {
            return Err(PublishError::Config {
                file: "--watch".into(),
                reason: "standard input cannot be watched; name files or an inbox folder".into(),
            });
        }
        let _lock = Lock::acquire(&Layout { root: self.options.out.clone() })?;
        let inputs = self.inputs_with_inbox(inputs, true)?;
        let mut published = snapshot(&inputs);
        on_run(self.publish_locked(&inputs));
        let mut seen = published.clone();
        while !stop.load(Ordering::SeqCst) {
            std::thread::sleep(poll);
            let now = snapshot(&inputs);
            // Publish once the inputs differ from the last publication and have settled.
            if now != published && now == seen {
                published = now.clone();
                on_run(self.publish_locked(&inputs));
            }
            seen = now;
        }
        Ok(())
    }
}
