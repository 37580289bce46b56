//! What a call reads: a path, bytes (a `Buffer` / `Uint8Array`, copied on the JavaScript thread)
//! or JSON text (a string of JSON, or JS objects the JavaScript side stringified).

use crate::failure::Failure;
use edca::Lang;
use edca::io::Source;
use napi::bindgen_prelude::Uint8Array;
use napi_derive::napi;
use serde_json::json;

/// The input of a call, as the JavaScript side classifies it (exactly one member is set).
#[napi(object, object_to_js = false)]
pub struct InputArg {
    /// A file (gzip is detected).
    pub path: Option<String>,
    /// Bytes in memory.
    pub bytes: Option<Uint8Array>,
    /// JSON text.
    pub text: Option<String>,
    /// The name used in errors for bytes and text (default `<input>`).
    pub name: Option<String>,
}

/// An input owned by Rust, so that the work can leave the JavaScript thread.
#[derive(Debug)]
pub enum Input {
    /// A file.
    Path(String),
    /// Bytes or text, with the name for errors.
    Bytes(String, Vec<u8>),
}

impl Input {
    /// Takes what JavaScript handed over (copies bytes and text).
    pub fn from_arg(arg: InputArg) -> Input {
        let name = arg.name.unwrap_or_else(|| "<input>".to_owned());
        match (arg.path, arg.bytes, arg.text) {
            (Some(path), _, _) => Input::Path(path),
            (None, Some(bytes), _) => Input::Bytes(name, bytes.to_vec()),
            (None, None, Some(text)) => Input::Bytes(name, text.into_bytes()),
            (None, None, None) => Input::Bytes(name, Vec::new()),
        }
    }

    /// The name used in errors.
    pub fn name(&self) -> &str {
        match self {
            Input::Path(path) => path,
            Input::Bytes(name, _) => name,
        }
    }

    /// The input as a source for core's readers.
    pub fn source(self) -> Result<Source, Failure> {
        Ok(match self {
            Input::Path(path) => Source::open(path)?,
            Input::Bytes(name, bytes) => Source::from_bytes(name, bytes)?,
        })
    }
}

/// A JSON option given as a path or as text (a JS object the JavaScript side stringified).
#[derive(Debug, Clone)]
pub enum JsonOption {
    /// A file.
    Path(String),
    /// JSON text.
    Text(String),
}

impl JsonOption {
    /// From the pair of native options `…Path` / `…Text`.
    pub fn from_pair(path: Option<String>, text: Option<String>) -> Option<JsonOption> {
        match (path, text) {
            (Some(path), _) => Some(JsonOption::Path(path)),
            (None, Some(text)) => Some(JsonOption::Text(text)),
            (None, None) => None,
        }
    }

    /// The text of the option (the file read when it is a path).
    pub fn text(&self, what: &str) -> Result<String, Failure> {
        match self {
            JsonOption::Text(text) => Ok(text.clone()),
            JsonOption::Path(path) => std::fs::read_to_string(path).map_err(|e| {
                Failure::options(
                    format!("{what}: no se puede leer {path}: {e}"),
                    format!("{what}: cannot read {path}: {e}"),
                    json!({ "option": what, "file": path, "reason": e.to_string() }),
                )
            }),
        }
    }

    /// The option parsed as JSON.
    pub fn value(&self, what: &str) -> Result<serde_json::Value, Failure> {
        let text = self.text(what)?;
        serde_json::from_str(&text).map_err(|e| {
            Failure::options(format!("{what}: no es JSON: {e}"),
                format!("{what}: not JSON: {e}"),
                json!({ "option": what, "file": self.file(), "line": e.line(), "column": e.column(), "reason": e.to_string() }),
            )
        })
    }

    /// The file, if the option is one.
    pub fn file(&self) -> Option<&str> {
        match self {
            JsonOption::Path(path) => Some(path),
            JsonOption::Text(_) => None,
        }
    }
}

/// `lang: 'es' | 'en'` (Spanish by default).
pub fn lang(lang: Option<&str>) -> Result<Lang, Failure> {
    match lang {
        None | Some("es") => Ok(Lang::Es),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(Failure::options(
            format!("lang: se espera 'es' o 'en', no {other:?}"),
            format!("lang: expected 'es' or 'en', not {other:?}"),
            json!({ "option": "lang", "value": other }),
        )),
    }
}
