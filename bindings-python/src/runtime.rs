//! Running core's work away from Python: without the GIL, stopping within a second on
//! Ctrl-C, never letting a panic through, and safe in a child that `fork()` made after core's
//! thread pool started (the child's copy of the pool has no threads: it gets a pool of its own).

use crate::errors::{Class, Detail, Failure};
use edca::Lang;
use pyo3::prelude::*;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How often a long call looks for Ctrl-C.
const CHECK_EVERY: Duration = Duration::from_millis(100);

/// The process that first ran work on rayon's global pool.
static POOL_OWNER: OnceLock<u32> = OnceLock::new();
/// A pool for a forked child: the global pool's threads did not survive the fork.
static CHILD_POOL: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);

/// Runs `work` on the pool this process may use: rayon's global pool, or — in a child forked
/// after the global pool started — a pool made for this child.
pub fn on_pool<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, Failure> {
    let pid = std::process::id();
    let owner = *POOL_OWNER.get_or_init(|| pid);
    if owner == pid {
        return Ok(work());
    }
    let pool = {
        let mut child = CHILD_POOL.lock().unwrap_or_else(|e| e.into_inner());
        match child.as_ref() {
            Some((at, pool)) if *at == pid => pool.clone(),
            _ => {
                let pool = rayon::ThreadPoolBuilder::new().build().map_err(|e| {
                    Failure::new(Class::Edca, Detail::new("internal.pool", format!("worker threads: {e}")))
                })?;
                let pool = Arc::new(pool);
                *child = Some((pid, pool.clone()));
                pool
            }
        }
    };
    Ok(pool.install(work))
}

/// Whether Ctrl-C (or another signal handler's exception) asked the running call to stop, or
/// the iterator waiting for the work was closed.
#[derive(Clone, Default)]
pub struct Interrupt {
    inner: Arc<Mutex<(Option<Instant>, Option<PyErr>)>>,
    cancelled: Arc<AtomicBool>,
    /// On a thread of its own: signals are checked by the iterator that waits for it.
    background: bool,
}

impl Interrupt {
    /// For work on a thread of its own, which only the iterator's [`cancel`](Self::cancel) stops.
    pub fn background() -> Interrupt {
        Interrupt { background: true, ..Interrupt::default() }
    }

    /// Asks the work to stop.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Runs Python's signal handlers at most every [`CHECK_EVERY`]; false once one raised.
    pub fn check(&self) -> bool {
        if self.cancelled.load(Ordering::Relaxed) {
            return false;
        }
        if self.background {
            return true;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.1.is_some() {
            return false;
        }
        let now = Instant::now();
        if inner.0.is_some_and(|last| now.duration_since(last) < CHECK_EVERY) {
            return true;
        }
        inner.0 = Some(now);
        if let Err(error) = Python::attach(|py| py.check_signals()) {
            inner.1 = Some(error);
            return false;
        }
        true
    }

    /// The exception a signal handler raised, if any.
    pub fn take(&self) -> Option<PyErr> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).1.take()
    }
}

/// A reader that stops when Python asks to (Ctrl-C), so reading a large file can be interrupted.
pub struct Watched<R> {
    pub read: R,
    pub interrupt: Interrupt,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.interrupt.check() {
            return Err(std::io::Error::other("interrupted"));
        }
        self.read.read(buf)
    }
}

/// Runs `work` without the GIL, on the right pool, turning a panic into `edca.EdcaError` and a
/// stop asked by a signal handler into that handler's exception (`KeyboardInterrupt`).
pub fn detached<T: Send>(
    py: Python<'_>,
    interrupt: &Interrupt,
    lang: Lang,
    work: impl FnOnce() -> Result<T, Failure> + Send,
) -> PyResult<T> {
    let result: Result<T, Failure> = py.detach(|| match catch_unwind(AssertUnwindSafe(|| on_pool(work))) {
        Ok(Ok(done)) => done,
        Ok(Err(failure)) => Err(failure),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Failure::new(Class::Edca, Detail::new("internal.panic", format!("internal error: {reason}"))))
        }
    });
    if let Some(error) = interrupt.take() {
        return Err(error);
    }
    result.map_err(|failure| failure.into_pyerr(py, lang, &[]))
}
