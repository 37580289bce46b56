//! Opening inputs: files, stdin or any `Read`, with gzip detected by its magic bytes.

use super::error::ReadError;
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A named byte stream to read OCDS data from.
pub struct Source {
    pub(crate) name: String,
    pub(crate) reader: Box<dyn BufRead + Send>,
}

impl Source {
    /// Opens a file (gzip or not).
    pub fn open(path: impl AsRef<Path>) -> Result<Source, ReadError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| ReadError::io(&name, e))?;
        Source::from_read(name, file)
    }

    /// Standard input, named `<stdin>` in errors.
    pub fn stdin() -> Result<Source, ReadError> {
        Source::from_read("<stdin>", std::io::stdin())
    }

    /// Any reader, named `name` in errors. Gzip is detected and decompressed.
    pub fn from_read(name: impl Into<String>, read: impl Read + Send + 'static) -> Result<Source, ReadError> {
        let name = name.into();
        let mut buffered = BufReader::with_capacity(1 << 16, read);
        let head = buffered.fill_buf().map_err(|e| ReadError::io(&name, e))?;
        let reader: Box<dyn BufRead + Send> = if head.starts_with(&GZIP_MAGIC) {
            Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(buffered)))
        } else {
            Box::new(buffered)
        };
        Ok(Source { name, reader })
    }

    /// Bytes already in memory.
    pub fn from_bytes(name: impl Into<String>, bytes: impl AsRef<[u8]> + Send + 'static) -> Result<Source, ReadError> {
        Source::from_read(name, std::io::Cursor::new(bytes))
    }

    /// The name used in errors.
    pub fn name(&self) -> &str {
        &self.name
    }
}
