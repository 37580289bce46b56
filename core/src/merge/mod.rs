//! The OCDS merge routine: the releases of one contracting process (one `ocid`) become a
//! *compiled release* (the latest value of every field) or a *versioned release* (every field's
//! history), as the [OCDS merge specification] and its reference implementation `ocdsmerge`
//! 0.8.0 define them — down to member order, `null` handling and the reference's quirks.
//!
//! ```
//! use edca::merge::Merger;
//! use serde_json::json;
//!
//! let schema = json!({"properties": {"id": {"type": "string", "omitWhenMerged": true}}});
//! let merger = Merger::from_schema(&schema)?;
//! let releases = [
//!     json!({"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "tender": {"title": "Pens"}}),
//!     json!({"ocid": "ocds-1", "id": "2", "date": "2024-02-01", "tender": {"status": "active"}}),
//! ];
//! let merged = merger.compile(&releases)?;
//! assert_eq!(merged.release, json!({
//!     "tag": ["compiled"], "id": "ocds-1-2024-02-01", "date": "2024-02-01", "ocid": "ocds-1",
//!     "tender": {"title": "Pens", "status": "active"}
//! }));
//! # Ok::<(), edca::merge::MergeError>(())
//! ```
//!
//! What the reference does, and so does this module:
//! - releases are ordered by `date` (ties keep their input order); a compiled release starts
//!   with `tag: ["compiled"]`, `id: "{ocid}-{date}"`, `date`, `ocid` (values of the latest
//!   release), then every other field in order of first appearance;
//! - `null` removes a value (but not an object or array), `{}` and `[]` change nothing unless
//!   the schema says `wholeListMerge`; objects in arrays are matched by `id` (compared as text,
//!   like Python's `str()`), objects without `id` are added;
//! - a versioned release keeps, for each value, the list of
//!   `{releaseID, releaseDate, releaseTag, value}` where it changed (Python's `==`, so `1` and
//!   `1.0` are no change); `id`s of array entries and the `ocid` are not versioned.
//!
//! [`Merger::compile_json`] and [`Merger::versioned_json`] write the same release straight to
//! JSON text, which is several times faster than building a `Value` when the output is
//! written anyway. [`record`] and [`RecordPackageBuilder`] wrap the results as `ocdskit
//! compile --package` does.
//!
//! Two engines sit behind [`Merger`]: a fast one that merges each release straight into an
//! accumulating tree, and a literal model of the reference (flatten every release to
//! path → value, then rebuild) that the fast one hands over to when a process holds something
//! only the literal model reproduces exactly (a field that changes type, ids such as `1.0` or
//! `true`, ...). Both give the same output; the second is slower. `tests/oracle/compare_merge.py`
//! compares both with the reference on real, generated and adversarial data.
//!
//! Where this module knowingly differs from the reference:
//! - the reference raises Python's own `TypeError` for an `id` that is an object or an array
//!   ([`MergeError::UnhashableId`] here), and a `RecursionError` for a recursive `$ref`
//!   ([`MergeError::Schema`]); it fetches remote `$ref`s, which are refused here;
//! - with both `null` and other non-string dates among several releases, the reference reports
//!   whichever its sort compares first; here a `null` date is reported first;
//! - a lone release is merged without checking its `date`, as the reference does when given a
//!   list (given a generator, as `ocdskit compile` without `--package` does, it checks);
//! - Python's `repr()` decides which non-ASCII characters it escapes from the Unicode database;
//!   here control, format and non-space whitespace characters are escaped. This only shows in a
//!   compiled `id` built from an `ocid` or `date` that is an array or object, or in the text of
//!   such an `id` in a warning.
//!
//! [OCDS merge specification]: https://standard.open-contracting.org/1.1/en/schema/merging/

mod compilation;
pub(crate) mod compiler;
mod merger;
mod order;
mod py;
mod record;
mod reference;
mod rules;
mod tree;

use std::fmt;

pub use compilation::{Compilation, CompileOptions, Outcome, Output, OutputForm, Processed, RulesChoice};
pub use compiler::{CompileError, Compiler, ProcessPlaces, ProcessReleases};
pub use merger::{ArrayStrategy, Merged, MergedJson, Merger};
pub use record::{FAKE_PUBLISHED_DATE, FAKE_URI, Publisher, RecordPackageBuilder, record};
pub use rules::{MergeRules, Rule};

fn show(value: &Option<String>) -> String {
    match value {
        Some(v) => format!("{v:?}"),
        None => "(none)".to_owned(),
    }
}

/// Why releases could not be merged (or merge rules not derived).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// A release is not a JSON object (`NonObjectReleaseError` in the reference).
    #[error("release {index} is not a JSON object")]
    NonObjectRelease {
        /// Position of the release in the input.
        index: usize,
    },
    /// A release has no `date`, so releases cannot be ordered (`MissingDateKeyError`).
    #[error("release {index} (ocid {}, id {}) has no `date`", show(.ocid), show(.release_id))]
    MissingDate {
        /// Position of the release in the input.
        index: usize,
        /// The release's `ocid`.
        ocid: Option<String>,
        /// The release's `id`.
        release_id: Option<String>,
    },
    /// A release's `date` is `null` (`NullDateValueError`).
    #[error("release {index} (ocid {}, id {}) has a null `date`", show(.ocid), show(.release_id))]
    NullDate {
        /// Position of the release in the input.
        index: usize,
        /// The release's `ocid`.
        ocid: Option<String>,
        /// The release's `id`.
        release_id: Option<String>,
    },
    /// A release's `date` is not a string and cannot be ordered against the others
    /// (`NonStringDateValueError`).
    #[error("release {index} (ocid {}, id {}) has a `date` that is not a string", show(.ocid), show(.release_id))]
    NonStringDate {
        /// Position of the release in the input.
        index: usize,
        /// The release's `ocid`.
        ocid: Option<String>,
        /// The release's `id`.
        release_id: Option<String>,
    },
    /// A field is a value or an object in one release and an object or an array in a later
    /// one, in an order the merge cannot resolve (`InconsistentTypeError`).
    #[error("ocid {}: release {} at {pointer}: {detail}", show(.ocid), show(.release_id))]
    InconsistentType {
        /// The release's `ocid`.
        ocid: Option<String>,
        /// The `id` of the release that brought the conflicting value.
        release_id: Option<String>,
        /// JSON Pointer, in that release, to the field whose type changed.
        pointer: String,
        /// What was found.
        detail: String,
    },
    /// An object in an array merged by identifier has an `id` that is an object or an array,
    /// which cannot identify it (the reference fails with Python's "unhashable type").
    #[error("ocid {}: release {} at {pointer}: an `id` that is an object or array cannot identify an array entry", show(.ocid), show(.release_id))]
    UnhashableId {
        /// The release's `ocid`.
        ocid: Option<String>,
        /// The release's `id`.
        release_id: Option<String>,
        /// JSON Pointer, in that release, to the array entry.
        pointer: String,
    },
    /// Merge rules could not be derived from the schema.
    #[error("release schema at {pointer:?}: {reason}")]
    Schema {
        /// JSON Pointer into the schema.
        pointer: String,
        /// What is wrong.
        reason: String,
    },
}

impl MergeError {
    /// The stable code of the error (`merge.inconsistent_type`, `merge.no_date`…).
    pub fn code(&self) -> &'static str {
        match self {
            MergeError::NonObjectRelease { .. } => "merge.not_an_object",
            MergeError::MissingDate { .. } => "merge.no_date",
            MergeError::NullDate { .. } => "merge.null_date",
            MergeError::NonStringDate { .. } => "merge.date_not_text",
            MergeError::InconsistentType { .. } => "merge.inconsistent_type",
            MergeError::UnhashableId { .. } => "merge.unhashable_id",
            MergeError::Schema { .. } => "merge.schema",
        }
    }

    /// What is wrong, in Spanish and in English, without the ocid and release (which a
    /// [`Diagnostic`](crate::diagnostic::Diagnostic) carries in its own fields).
    pub fn messages(&self) -> (String, String) {
        let cannot = ("el proceso no se puede combinar", "the process cannot be merged");
        match self {
            MergeError::NonObjectRelease { index } => (
                format!("{}: la entrega {index} no es un objeto JSON", cannot.0),
                format!("{}: release {index} is not a JSON object", cannot.1),
            ),
            MergeError::MissingDate { .. } => (
                format!("{}: una entrega no tiene `date`, así que no se pueden ordenar", cannot.0),
                format!("{}: a release has no `date`, so the releases cannot be ordered", cannot.1),
            ),
            MergeError::NullDate { .. } => (
                format!("{}: una entrega tiene `date` null", cannot.0),
                format!("{}: a release has a null `date`", cannot.1),
            ),
            MergeError::NonStringDate { .. } => (
                format!("{}: una entrega tiene una `date` que no es texto", cannot.0),
                format!("{}: a release has a `date` that is not a string", cannot.1),
            ),
            MergeError::InconsistentType { detail, .. } => (
                format!("{}: este campo cambia de tipo entre entregas ({})", cannot.0, detail_es(detail)),
                format!("{}: this field changes type between releases ({detail})", cannot.1),
            ),
            MergeError::UnhashableId { .. } => (
                format!("{}: un `id` que es un objeto o un arreglo no identifica una entrada del arreglo", cannot.0),
                format!("{}: an `id` that is an object or array cannot identify an array entry", cannot.1),
            ),
            MergeError::Schema { pointer, reason } => (
                format!("esquema de entrega, en {pointer:?}: {reason}"),
                format!("release schema at {pointer:?}: {reason}"),
            ),
        }
    }
}

/// The Spanish of the reference engine's conflict details (`reference.rs` writes them in
/// English); the quoted value is kept as written.
fn detail_es(detail: &str) -> String {
    const EARLIER: &str = "an earlier release has ";
    if let Some(rest) = detail.strip_prefix(EARLIER) {
        if let Some(found) = rest.strip_suffix(" here, this release an array") {
            return format!("una entrega anterior tiene {found} aquí, esta entrega un arreglo");
        }
        if let Some((found, member)) = rest.split_once(" here, this release an object with the member ") {
            return format!("una entrega anterior tiene {found} aquí, esta entrega un objeto con el miembro {member}");
        }
    }
    match detail {
        "lost node" => "nodo perdido".to_owned(),
        "member without a name" => "miembro sin nombre".to_owned(),
        other => other.to_owned(),
    }
}

/// Something the merge noticed and went on with, as the reference does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeWarning {
    /// Two or more objects in one array of one release share an `id` (compared as text, so
    /// `1` and `"1"` collide); they were merged into one (`DuplicateIdValueWarning`).
    DuplicateId {
        /// The release's `ocid`.
        ocid: Option<String>,
        /// The release's `id`.
        release_id: Option<String>,
        /// JSON Pointer, in that release, to the array.
        pointer: String,
        /// The shared `id`, as text.
        id: String,
    },
}

impl fmt::Display for MergeWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeWarning::DuplicateId { ocid, release_id, pointer, id } => write!(
                f,
                "ocid {}: release {}: several objects in the array at {pointer} have the `id` {id:?}",
                show(ocid),
                show(release_id)
            ),
        }
    }
}

/// The `ocid` or `id` of a release as text for messages (`None` when absent or null).
pub(crate) fn label(release: &serde_json::Value, member: &str) -> Option<String> {
    match release.get(member) {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(py::str_of(v)),
    }
}
