//! What can go wrong while reading, with where it went wrong.

use std::fmt;

/// What kind of problem a [`ReadError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadErrorKind {
    /// The input could not be opened or read (missing file, bad gzip stream…).
    Io,
    /// Not JSON: a syntax error, a truncated value, bytes that are not UTF-8.
    Syntax,
    /// Nested deeper than the reader accepts (128 levels).
    TooDeep,
    /// A number too large for any float (e.g. `1e400`).
    NumberOutOfRange,
    /// JSON, but not shaped like OCDS data (e.g. a package whose `releases` is not an array).
    Shape,
    /// No JSON value at all.
    Empty,
    /// The consumer of the items stopped the reading (see [`ReadError::from_consumer`]).
    Consumer,
}

/// An input that could not be read, naming the file, the position and the reason.
#[derive(Debug, thiserror::Error)]
pub struct ReadError {
    /// What kind of problem this is.
    pub kind: ReadErrorKind,
    /// The file name, or `<stdin>`.
    pub file: String,
    /// 1-based line of the problem (0 when not known, e.g. a file that cannot be opened).
    pub line: u64,
    /// 1-based column on that line (0 when not known).
    pub column: u64,
    /// JSON Pointer to the value being read when the problem was found (`""` is the whole
    /// value; within a package, the release or record, e.g. `/releases/3`).
    pub pointer: String,
    /// What is wrong, in words.
    pub reason: String,
    #[source]
    io: Option<std::io::Error>,
}

impl ReadError {
    pub(crate) fn new(kind: ReadErrorKind, file: &str, reason: impl Into<String>) -> Self {
        ReadError {
            kind,
            file: file.to_owned(),
            line: 0,
            column: 0,
            pointer: String::new(),
            reason: reason.into(),
            io: None,
        }
    }

    /// An error raised by the consumer of items (a callback given to
    /// [`Reader::read`](super::Reader::read)), passed through the reader unchanged.
    pub fn from_consumer(file: &str, reason: impl Into<String>) -> Self {
        ReadError::new(ReadErrorKind::Consumer, file, reason)
    }

    pub(crate) fn io(file: &str, error: std::io::Error) -> Self {
        let mut e = ReadError::new(ReadErrorKind::Io, file, error.to_string());
        e.io = Some(error);
        e
    }

    pub(crate) fn at(mut self, line: u64, column: u64, pointer: impl Into<String>) -> Self {
        self.line = line;
        self.column = column;
        self.pointer = pointer.into();
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.pointer.is_empty() {
            write!(f, ": at {}", self.pointer)?;
        }
        write!(f, ": {}", self.reason)
    }
}
