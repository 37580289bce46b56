//! Why a call failed, as data: a stable `code`, a message in the caller's language and the
//! structured `details` (file, line, column, pointer) that the JavaScript side puts on its
//! `Error`. Messages are core's (read errors and findings carry both languages); only the
//! binding's own (options) are written here.

use edca::Lang;
use edca::diagnostic::Diagnostic;
use edca::io::ReadError;
use edca::merge::CompileError;
use serde_json::{Value, json};

/// One failure of a call.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Stable code (`read.syntax`, `compile.incomplete`, `options`…).
    pub code: String,
    /// What went wrong, in Spanish and in English.
    pub es: String,
    /// The English message.
    pub en: String,
    /// Structured details (an object; boxed, so that results carrying a failure stay small).
    pub details: Box<Value>,
}

impl Failure {
    /// A failure with one message in each language.
    pub fn new(code: impl Into<String>, es: impl Into<String>, en: impl Into<String>, details: Value) -> Failure {
        Failure { code: code.into(), es: es.into(), en: en.into(), details: Box::new(details) }
    }

    /// A bad option or an option file that cannot be used.
    pub fn options(es: impl Into<String>, en: impl Into<String>, details: Value) -> Failure {
        Failure::new("options", es, en, details)
    }

    /// Something that should not happen (a panic caught in the worker).
    pub fn internal(reason: String) -> Failure {
        Failure::new("internal", reason.clone(), reason.clone(), json!({ "reason": reason }))
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }

    /// The failure as the JSON object the JavaScript side reads.
    pub fn to_json(&self, lang: Lang) -> String {
        json!({ "code": self.code, "message": self.message(lang), "details": self.details }).to_string()
    }
}

impl From<ReadError> for Failure {
    fn from(error: ReadError) -> Failure {
        Failure::new(
            error.code(),
            error.message(Lang::Es),
            error.message(Lang::En),
            json!({
                "file": error.file,
                "line": error.line,
                "column": error.column,
                "pointer": error.pointer,
                "reason": error.reason,
            }),
        )
    }
}

impl From<CompileError> for Failure {
    fn from(error: CompileError) -> Failure {
        let text = error.to_string();
        match error {
            CompileError::Read(e) => e.into(),
            CompileError::Process(diagnostic) => Failure::new(
                diagnostic.code.clone(),
                diagnostic.message_es.clone(),
                diagnostic.message_en.clone(),
                diagnostic_json(&diagnostic, None),
            ),
            CompileError::InvalidRelease { file, reason } => {
                Failure::new("compile.invalid_release", &text, &text, json!({ "file": file, "reason": reason }))
            }
            CompileError::Merge { ocid, error } => {
                Failure::new("merge.process", &text, &text, json!({ "ocid": ocid, "reason": error.to_string() }))
            }
            CompileError::Rules(e) => Failure::new("compile.rules", &text, &text, json!({ "reason": e.to_string() })),
            CompileError::Spill(e) => Failure::new("compile.spill", &text, &text, json!({ "reason": e.to_string() })),
        }
    }
}

/// A finding as JavaScript receives it: camelCase members, the message in `lang` (both when
/// `lang` is not given).
pub fn diagnostic_json(diagnostic: &Diagnostic, lang: Option<Lang>) -> Value {
    let mut value = json!({
        "code": diagnostic.code,
        "severity": diagnostic.severity.as_str(),
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "pointer": diagnostic.pointer,
        "ocid": diagnostic.ocid,
        "releaseId": diagnostic.release_id,
        "value": diagnostic.value,
    });
    if let Some(members) = value.as_object_mut() {
        match lang {
            Some(lang) => {
                members.insert("message".into(), json!(diagnostic.message(lang)));
            }
            None => {
                members.insert("messageEs".into(), json!(diagnostic.message_es));
                members.insert("messageEn".into(), json!(diagnostic.message_en));
            }
        }
    }
    value
}
