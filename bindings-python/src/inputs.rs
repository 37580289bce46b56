//! What a Python caller may hand over as data, turned into core's `Source`s: a path (`str` or
//! `os.PathLike`; folders stand for their data files, gzip is detected), `bytes`, a `str` of
//! JSON, a file object, a dict (a package, release or record) or an iterable of any of these.

use crate::convert::{from_py, write_py};
use crate::errors::{Class, Detail, Failure};
use crate::runtime::{Interrupt, Watched};
use edca::io::Source;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};
use serde_json::Value;
use std::path::PathBuf;

/// One input, taken from Python while holding the GIL; opened later without it.
pub enum Part {
    /// A file or folder.
    Path(PathBuf),
    /// Bytes in memory (JSON text, gzip or not), with the name errors give them.
    Bytes(String, Vec<u8>),
    /// Python objects written as JSON lines (one value a line) straight from the objects.
    Lines(Vec<u8>),
}

/// The parts `data` stands for.
pub fn parts(data: &Bound<'_, PyAny>) -> PyResult<Vec<Part>> {
    let mut parts = Vec::new();
    let mut values = Vec::new();
    collect(data, &mut parts, &mut values, true)?;
    if !values.is_empty() {
        parts.push(Part::Lines(values));
    }
    Ok(parts)
}

fn collect(data: &Bound<'_, PyAny>, parts: &mut Vec<Part>, values: &mut Vec<u8>, top: bool) -> PyResult<()> {
    let py = data.py();
    if let Ok(text) = data.cast::<PyString>() {
        let text = text.to_cow()?;
        let trimmed = text.trim_start();
        if trimmed.starts_with(['{', '[']) {
            flush(parts, values);
            parts.push(Part::Bytes("<str>".to_owned(), text.as_bytes().to_vec()));
        } else {
            flush(parts, values);
            parts.push(Part::Path(PathBuf::from(text.as_ref())));
        }
        return Ok(());
    }
    if let Ok(bytes) = data.cast::<PyBytes>() {
        flush(parts, values);
        parts.push(Part::Bytes("<bytes>".to_owned(), bytes.as_bytes().to_vec()));
        return Ok(());
    }
    if let Ok(bytes) = data.cast::<PyByteArray>() {
        flush(parts, values);
        parts.push(Part::Bytes("<bytes>".to_owned(), bytes.to_vec()));
        return Ok(());
    }
    if data.cast::<PyDict>().is_ok() {
        return line(data, values);
    }
    let os = py.import("os")?;
    if data.is_instance(&os.getattr("PathLike")?)? {
        let path: PathBuf = os.call_method1("fspath", (data,))?.extract()?;
        flush(parts, values);
        parts.push(Part::Path(path));
        return Ok(());
    }
    if data.hasattr("read")? {
        let content = data.call_method0("read")?;
        let name = data.getattr("name").ok().and_then(|n| n.extract::<String>().ok()).unwrap_or("<file>".to_owned());
        let bytes = match content.cast::<PyString>() {
            Ok(text) => text.to_cow()?.as_bytes().to_vec(),
            Err(_) => content
                .extract::<Vec<u8>>()
                .or_else(|_| content.cast::<PyBytes>().map(|b| b.as_bytes().to_vec()).map_err(PyErr::from))?,
        };
        flush(parts, values);
        parts.push(Part::Bytes(name, bytes));
        return Ok(());
    }
    if top && let Ok(iter) = data.try_iter() {
        for item in iter {
            collect(&item?, parts, values, false)?;
        }
        return Ok(());
    }
    if !top {
        return line(data, values);
    }
    Err(PyTypeError::new_err(format!(
        "edca cannot read a {}: give a path, bytes, a str of JSON, a file object, a dict or an iterable of dicts",
        data.get_type().name()?
    )))
}

/// Appends one Python value as a JSON line (a value that is not JSON data leaves nothing).
fn line(data: &Bound<'_, PyAny>, values: &mut Vec<u8>) -> PyResult<()> {
    let start = values.len();
    if let Err(error) = write_py(data, values) {
        values.truncate(start);
        return Err(error);
    }
    values.push(b'\n');
    Ok(())
}

/// Keeps input order: values collected so far become one part before the next path or bytes.
fn flush(parts: &mut Vec<Part>, values: &mut Vec<u8>) {
    if !values.is_empty() {
        parts.push(Part::Lines(std::mem::take(values)));
    }
}

/// The sources of `parts`, in order (folders expanded), each watched for Ctrl-C. Runs without
/// the GIL.
pub fn open(parts: Vec<Part>, interrupt: &Interrupt) -> Result<Vec<Source>, Failure> {
    let mut sources = Vec::new();
    for part in parts {
        match part {
            Part::Path(path) => {
                let files = edca::files::expand(&path).map_err(|e| {
                    let name = path.display().to_string();
                    Failure::new(
                        Class::Read,
                        Detail { file: Some(name.clone()), ..Detail::new("read.io", format!("{name}: {e}")) },
                    )
                })?;
                for file in files {
                    let name = file.display().to_string();
                    let opened = std::fs::File::open(&file).map_err(|e| {
                        Failure::new(
                            Class::Read,
                            Detail { file: Some(name.clone()), ..Detail::new("read.io", format!("{name}: {e}")) },
                        )
                    })?;
                    sources.push(Source::from_read(name, Watched { read: opened, interrupt: interrupt.clone() })?);
                }
            }
            Part::Bytes(name, bytes) => {
                let read = Watched { read: std::io::Cursor::new(bytes), interrupt: interrupt.clone() };
                sources.push(Source::from_read(name, read)?);
            }
            Part::Lines(lines) => {
                let read = Watched { read: std::io::Cursor::new(lines), interrupt: interrupt.clone() };
                sources.push(Source::from_read("<python>", read)?);
            }
        }
    }
    Ok(sources)
}

/// A dict, or a path to a JSON (or, for `toml`, TOML) file, as a value: for schemas and
/// configurations.
pub fn dict_or_path(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Result<Value, PathBuf>> {
    if obj.cast::<PyDict>().is_ok() {
        return Ok(Ok(from_py(obj)?));
    }
    let os = obj.py().import("os")?;
    if obj.cast::<PyString>().is_ok() || obj.is_instance(&os.getattr("PathLike")?)? {
        let path: PathBuf = os.call_method1("fspath", (obj,))?.extract()?;
        return Ok(Err(path));
    }
    Err(PyTypeError::new_err(format!("{what}: give a dict or a path, not a {}", obj.get_type().name()?)))
}
