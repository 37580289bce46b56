//! Why a call failed, as data: a stable `code`, a message in the caller's language and the
//! structured `details` (file, line, column, pointer) that the JavaScript side puts on its
//! `Error`. Messages of core's errors are core's; only the binding's own (options) are written
//! here.

use edca::Lang;
use edca::io::ReadError;
use edca::merge::{CompileError, MergeError};
use serde_json::{Value, json};

/// One failure of a call.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Stable code (`read.syntax`, `compile.invalid_release`, `merge.process`, `options`…).
    pub code: String,
    /// What went wrong, in the chosen language where the source of the error has one.
    pub message: String,
    /// Structured details (an object).
    pub details: Value,
}

impl Failure {
    /// A bad option or an option file that cannot be used.
    pub fn options(lang: Lang, es: impl Into<String>, en: impl Into<String>, details: Value) -> Failure {
        let message = match lang {
            Lang::Es => es.into(),
            Lang::En => en.into(),
        };
        Failure { code: "options".into(), message, details }
    }

    /// Something that should not happen (a panic caught in the worker).
    pub fn internal(reason: String) -> Failure {
        Failure { code: "internal".into(), message: reason.clone(), details: json!({ "reason": reason }) }
    }

    /// The failure as the JSON object the JavaScript side reads.
    pub fn to_json(&self) -> String {
        json!({ "code": self.code, "message": self.message, "details": self.details }).to_string()
    }
}

/// The stable code of a read error (`read.syntax`, `read.io`…).
pub fn read_code(error: &ReadError) -> String {
    let kind = serde_json::to_value(error.kind).ok().and_then(|v| v.as_str().map(str::to_owned));
    format!("read.{}", kind.unwrap_or_else(|| "error".into()))
}

impl From<ReadError> for Failure {
    fn from(error: ReadError) -> Failure {
        Failure {
            code: read_code(&error),
            message: error.to_string(),
            details: json!({
                "file": error.file,
                "line": error.line,
                "column": error.column,
                "pointer": error.pointer,
                "reason": error.reason,
            }),
        }
    }
}

impl From<CompileError> for Failure {
    fn from(error: CompileError) -> Failure {
        let message = error.to_string();
        match error {
            CompileError::Read(e) => e.into(),
            CompileError::InvalidRelease { file, reason } => Failure {
                code: "compile.invalid_release".into(),
                message,
                details: json!({ "file": file, "reason": reason }),
            },
            CompileError::Merge { ocid, error } => Failure {
                code: "merge.process".into(),
                message,
                details: merge_details(&ocid, &error),
            },
            CompileError::Rules(e) => {
                Failure { code: "compile.rules".into(), message, details: json!({ "reason": e.to_string() }) }
            }
            CompileError::Spill(e) => {
                Failure { code: "compile.spill".into(), message, details: json!({ "reason": e.to_string() }) }
            }
        }
    }
}

/// What a process that cannot be merged reports: its ocid, the release and the pointer (inside
/// that release) when the merge knows them, and the reason.
pub fn merge_details(ocid: &str, error: &MergeError) -> Value {
    let (release_id, pointer) = match error {
        MergeError::MissingDate { release_id, .. }
        | MergeError::NullDate { release_id, .. }
        | MergeError::NonStringDate { release_id, .. } => (release_id.clone(), Some("/date".to_owned())),
        MergeError::InconsistentType { release_id, pointer, .. } | MergeError::UnhashableId { release_id, pointer, .. } => {
            (release_id.clone(), Some(pointer.clone()))
        }
        MergeError::NonObjectRelease { .. } | MergeError::Schema { .. } => (None, None),
    };
    json!({ "ocid": ocid, "releaseId": release_id, "pointer": pointer, "reason": error.to_string() })
}
