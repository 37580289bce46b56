//! `edca publish --watch`: publish, then poll the inputs (the inbox folder, the files and
//! folders named, the `[source.postgres]` table) and publish again whenever a data file appears,
//! changes or goes, or the table gains or loses rows.
//!
//! Polling, not file-system notifications: it works the same on every disk (network shares
//! included) and costs a `stat` per file per interval. A file still being copied into the inbox
//! is read when its size and modification time have stopped changing for one interval, so a
//! half-copied file is not published; writers that can should copy elsewhere and rename into
//! the inbox. The table is polled with [`Table::watermark`](crate::io::postgres::Table::watermark)
//! (its largest key and row count: one indexed query, no release read) over one connection, opened
//! again after a failure; a failure is reported once, when it starts, and the watch goes on.

use super::store::{Layout, Lock};
use super::{Input, PublishError, Publisher, Summary};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

/// What the inputs look like: every data file with its size and modification time, and the
/// table's watermark.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    files: Vec<(PathBuf, u64, Option<SystemTime>)>,
    #[cfg(feature = "postgres")]
    table: Option<crate::io::postgres::Watermark>,
}

/// The `[source.postgres]` table as the watch polls it.
#[cfg(feature = "postgres")]
struct TableWatch {
    config: crate::io::postgres::TableConfig,
    table: Option<crate::io::postgres::Table>,
    /// The last look failed (so the next failure is not reported again).
    failing: bool,
}

#[cfg(feature = "postgres")]
impl TableWatch {
    /// The watermark, or None when the table cannot be read now (the failure is reported to
    /// `on_error` when it starts; the connection is opened again on the next look).
    fn look(&mut self, on_error: &mut dyn FnMut(PublishError)) -> Option<crate::io::postgres::Watermark> {
        use crate::io::postgres::Table;
        let result = match &mut self.table {
            Some(table) => table.watermark(),
            None => Table::connect(&self.config).and_then(|mut table| {
                let mark = table.watermark();
                self.table = Some(table);
                mark
            }),
        };
        match result {
            Ok(mark) => {
                self.failing = false;
                Some(mark)
            }
            Err(e) => {
                self.table = None;
                if !self.failing {
                    self.failing = true;
                    on_error(PublishError::Io {
                        path: format!("postgres:{}", self.config.table),
                        reason: e.message(crate::Lang::En),
                    });
                }
                None
            }
        }
    }
}

/// The inputs a watch polls.
struct Watched<'a> {
    inputs: &'a [Input],
    #[cfg(feature = "postgres")]
    table: Option<TableWatch>,
}

impl Watched<'_> {
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    fn snapshot(&mut self, on_run: &mut dyn FnMut(Result<Summary, PublishError>)) -> Snapshot {
        Snapshot {
            files: files(self.inputs),
            #[cfg(feature = "postgres")]
            table: self.table.as_mut().and_then(|t| t.look(&mut |e| on_run(Err(e)))),
        }
    }

    /// False while the table cannot be read.
    fn readable(&self) -> bool {
        #[cfg(feature = "postgres")]
        return self.table.as_ref().is_none_or(|t| !t.failing);
        #[cfg(not(feature = "postgres"))]
        true
    }
}

fn files(inputs: &[Input]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
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
        let mut watched = Watched {
            inputs: &inputs,
            #[cfg(feature = "postgres")]
            table: match &self.config.source.postgres {
                Some(table) => Some(TableWatch { config: super::table_config(table)?, table: None, failing: false }),
                None => None,
            },
        };
        let mut published = watched.snapshot(&mut on_run);
        on_run(self.publish_locked(&inputs));
        let mut seen = published.clone();
        while !stop.load(Ordering::SeqCst) {
            std::thread::sleep(poll);
            let now = watched.snapshot(&mut on_run);
            // Publish once the inputs differ from the last publication and have settled; a table
            // that cannot be read now is not a change (its rows are read again when it can be).
            if watched.readable() && now != published && now == seen {
                published = now.clone();
                on_run(self.publish_locked(&inputs));
            }
            seen = now;
        }
        Ok(())
    }
}
