//! Core errors as Python exceptions that carry data: `edca.EdcaError` and its subclasses
//! (defined in `edca/_errors.py`), each with `.code`, `.file`, `.line`, `.column`, `.pointer`,
//! `.message` and `.errors()`.

use edca::Lang;
use edca::diagnostic::Diagnostic;
use edca::io::{ReadError, ReadWarning};
use edca::merge::{CompileError, MergeError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The exception classes of `edca._errors`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `edca.EdcaError`.
    Edca,
    /// `edca.ReadError`.
    Read,
    /// `edca.MergeError`.
    Merge,
    /// `edca.ConfigError`.
    Config,
}

/// One error as data, the dict `.errors()` lists.
#[derive(Debug, Default, Clone)]
pub struct Detail {
    pub code: String,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub pointer: Option<String>,
    pub ocid: Option<String>,
    pub release_id: Option<String>,
    /// The message in Spanish (or the only one core has).
    pub message: String,
    /// The message in English, where core gives one in each language.
    pub message_en: Option<String>,
}

impl Detail {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Detail {
        Detail { code: code.into(), message: message.into(), ..Detail::default() }
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match (lang, &self.message_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.message,
        }
    }

    pub fn to_dict<'py>(&self, py: Python<'py>, lang: Lang) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("code", &self.code)?;
        dict.set_item("file", &self.file)?;
        dict.set_item("line", self.line)?;
        dict.set_item("column", self.column)?;
        dict.set_item("pointer", &self.pointer)?;
        dict.set_item("ocid", &self.ocid)?;
        dict.set_item("release_id", &self.release_id)?;
        dict.set_item("message", self.message_in(lang))?;
        Ok(dict)
    }
}

/// An error of this binding, before it becomes a Python exception.
#[derive(Debug)]
pub struct Failure {
    pub class: Class,
    pub details: Vec<Detail>,
}

impl Failure {
    pub fn new(class: Class, detail: Detail) -> Failure {
        Failure { class, details: vec![detail] }
    }

    pub fn config(message: impl Into<String>) -> Failure {
        Failure::new(Class::Config, Detail::new("config.invalid", message))
    }

    /// The exception, with `extra` attributes set on it (such as `MergeError.results`).
    pub fn into_pyerr(self, py: Python<'_>, lang: Lang, extra: &[(&str, Bound<'_, PyAny>)]) -> PyErr {
        match self.build(py, lang, extra) {
            Ok(err) | Err(err) => err,
        }
    }

    fn build(self, py: Python<'_>, lang: Lang, extra: &[(&str, Bound<'_, PyAny>)]) -> PyResult<PyErr> {
        let name = match self.class {
            Class::Edca => "EdcaError",
            Class::Read => "ReadError",
            Class::Merge => "MergeError",
            Class::Config => "ConfigError",
        };
        let class = py.import("edca._errors")?.getattr(name)?;
        let message = match self.details.as_slice() {
            [one] => one.message_in(lang).to_owned(),
            [first, ..] => match lang {
                Lang::Es => format!("{} (y {} más)", first.message_in(lang), self.details.len() - 1),
                Lang::En => format!("{} (and {} more)", first.message_in(lang), self.details.len() - 1),
            },
            [] => String::new(),
        };
        let errors = self.details.iter().map(|d| d.to_dict(py, lang)).collect::<PyResult<Vec<_>>>()?;
        let exception = class.call1((message, errors))?;
        for (name, value) in extra {
            exception.setattr(*name, value)?;
        }
        Ok(PyErr::from_value(exception))
    }
}

pub fn read_detail(error: &ReadError) -> Detail {
    Detail {
        code: error.code().to_owned(),
        file: Some(error.file.clone()),
        line: (error.line > 0).then_some(error.line),
        column: (error.column > 0).then_some(error.column),
        pointer: Some(error.pointer.clone()),
        message: error.message(Lang::Es),
        message_en: Some(error.message(Lang::En)),
        ..Detail::default()
    }
}

/// Something the reader read past (a member written twice…), as data.
pub fn warning_detail(warning: &ReadWarning) -> Detail {
    Detail {
        code: warning.code().to_owned(),
        file: Some(warning.file.clone()),
        line: Some(warning.line),
        column: Some(warning.column),
        pointer: Some(warning.pointer.clone()),
        message: warning.message(Lang::Es),
        message_en: Some(warning.message(Lang::En)),
        ..Detail::default()
    }
}

impl From<ReadError> for Failure {
    fn from(error: ReadError) -> Failure {
        Failure::new(Class::Read, read_detail(&error))
    }
}

/// A process that could not be merged, as data.
pub fn merge_detail(ocid: &str, error: &MergeError) -> Detail {
    let (code, pointer, release_id) = match error {
        MergeError::NonObjectRelease { .. } => ("merge.non_object_release", None, None),
        MergeError::MissingDate { release_id, .. } => ("merge.missing_date", None, release_id.clone()),
        MergeError::NullDate { release_id, .. } => ("merge.null_date", None, release_id.clone()),
        MergeError::NonStringDate { release_id, .. } => ("merge.non_string_date", None, release_id.clone()),
        MergeError::InconsistentType { release_id, pointer, .. } => {
            ("merge.inconsistent_type", Some(pointer.clone()), release_id.clone())
        }
        MergeError::UnhashableId { release_id, pointer, .. } => {
            ("merge.unhashable_id", Some(pointer.clone()), release_id.clone())
        }
        MergeError::Schema { pointer, .. } => ("merge.schema", Some(pointer.clone()), None),
    };
    Detail {
        code: code.to_owned(),
        pointer,
        ocid: Some(ocid.to_owned()),
        release_id,
        message: format!("ocid {ocid}: {error}"),
        ..Detail::default()
    }
}

impl From<CompileError> for Failure {
    fn from(error: CompileError) -> Failure {
        match error {
            CompileError::Read(e) => e.into(),
            CompileError::InvalidRelease { file, reason } => Failure::new(
                Class::Read,
                Detail { file: Some(file.clone()), ..Detail::new("read.not_a_release", format!("{file}: {reason}")) },
            ),
            CompileError::Merge { ocid, error } => Failure::new(Class::Merge, merge_detail(&ocid, &error)),
            CompileError::Rules(e) => Failure::new(Class::Config, Detail::new("config.merge_rules", e.to_string())),
            CompileError::Spill(e) => Failure::new(Class::Edca, Detail::new("io.spill", format!("spill file: {e}"))),
            CompileError::Process(diagnostic) => {
                let detail = diagnostic_detail(&diagnostic);
                Failure { class: class_of(std::slice::from_ref(&detail)), details: vec![detail] }
            }
        }
    }
}

/// A finding of core's pipeline (`edca::diagnostic`), as data.
pub fn diagnostic_detail(d: &Diagnostic) -> Detail {
    Detail {
        code: d.code.clone(),
        file: d.file.clone(),
        line: (d.line > 0).then_some(d.line),
        column: (d.column > 0).then_some(d.column),
        pointer: Some(d.pointer.clone()),
        ocid: d.ocid.clone(),
        release_id: d.release_id.clone(),
        message: d.message_es.clone(),
        message_en: Some(d.message_en.clone()),
    }
}

/// `ReadError` when every problem is the input's, else `MergeError`.
pub fn class_of(details: &[Detail]) -> Class {
    if details.iter().all(|d| d.code.starts_with("read.")) { Class::Read } else { Class::Merge }
}
