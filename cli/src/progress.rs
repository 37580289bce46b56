//! A progress bar on stderr for long runs: bytes read, then processes merged, with the rate.
//! Only on a terminal (never in a pipe or a log) and never with `--quiet`.

use crate::inputs::Input;
use edca::io::{ReadError, Source};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::path::Path;

/// The bar of one run (hidden when not wanted: every call is then a no-op).
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for reading `total` bytes (0: unknown, e.g. stdin), shown only on a terminal and
    /// when not `quiet`.
    pub fn new(total: u64, quiet: bool) -> Progress {
        let shown = !quiet && std::io::stderr().is_terminal();
        let bar = if shown {
            ProgressBar::with_draw_target(Some(total).filter(|t| *t > 0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        let template = "{spinner} reading {bytes}/{total_bytes} ({bytes_per_sec}, {elapsed})";
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        Progress { bar }
    }

    /// The size of the inputs, for the bar's total (stdin counts 0).
    pub fn total_size(inputs: &[Input]) -> u64 {
        let size = |path: &Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        inputs.iter().map(|input| if let Input::File(path) = input { size(path) } else { 0 }).sum()
    }

    /// Wraps a reader so that the bytes it gives count on the bar.
    pub fn counting<R: Read>(&self, inner: R) -> Counting<R> {
        Counting { inner, bar: self.bar.clone() }
    }

    /// Switches to counting `total` processes merged.
    pub fn merging(&self, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.reset_eta();
        let template = "{spinner} merged {pos}/{len} processes ({per_sec}, {elapsed}, eta {eta})";
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
    }

    /// Opens an input with its bytes counted on the bar.
    pub fn open(&self, input: &Input) -> Result<Source, ReadError> {
        match input {
            Input::Stdin => Source::from_read("<stdin>", self.counting(std::io::stdin())),
            Input::File(path) => match std::fs::File::open(path) {
                Ok(file) => Source::from_read(path.display().to_string(), self.counting(file)),
                // The library's own error names the file and the reason.
                Err(_) => Source::open(path),
            },
        }
    }

    /// One more process merged (or reported).
    pub fn merged(&self) {
        self.bar.inc(1);
    }

    /// Removes the bar, so that what follows on stderr starts on a clean line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// A reader that counts the bytes it hands out on the progress bar.
pub struct Counting<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_passes_the_bytes_through_and_counts_them() {
        let progress = Progress::new(10, true);
        let mut text = String::new();
        progress.counting(&b"abcdef"[..]).read_to_string(&mut text).unwrap();
        assert_eq!(text, "abcdef");
        assert_eq!(progress.bar.position(), 6);
    }
}
