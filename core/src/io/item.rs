//! What the reader hands out: releases, records and the end of each package.

use super::error::{ReadError, ReadWarning};
use serde_json::{Map, Value};

/// Identifies a package within one [`Reader`](super::Reader), across all the inputs it reads.
pub type PackageId = u32;

/// Which kind of package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageKind {
    /// Has a `releases` array (and no `ocid`).
    Release,
    /// Has a `records` array.
    Record,
}

/// One thing read from the input, in input order.
///
/// Releases and records of a package come first, then [`Item::Package`] with the package's
/// metadata: the metadata of a streamed package is complete only once the whole package has
/// been read (a publisher may write `version` after `releases`).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A release: an element of a release package's `releases`, or a release on its own.
    Release {
        /// The release as written.
        release: Value,
        /// The package it came from, if any.
        package: Option<PackageId>,
        /// Where it starts in its file.
        at: Location,
    },
    /// A record: an element of a record package's `records`, or a record on its own.
    Record {
        /// The record as written (with its `releases`, `compiledRelease`…).
        record: Value,
        /// The package it came from, if any.
        package: Option<PackageId>,
        /// Where it starts in its file.
        at: Location,
    },
    /// The end of a package.
    Package(Package),
    /// A JSON object that is neither a package, a release (no `ocid`) nor a record.
    Other(Value),
    /// A value (a JSON lines line, a concatenated value) or an element of `releases`, `records`
    /// or a top-level array that could not be read; the reader went on after it.
    Skipped(ReadError),
    /// Something read past, such as a member written twice in one object.
    Warning(ReadWarning),
}

/// Where an item starts in its file, and where it sits in the top-level value that holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// 1-based line (for JSON lines, the line of the value).
    pub line: u64,
    /// 1-based column on that line.
    pub column: u64,
    /// JSON Pointer of the item inside its top-level value: `/releases/3`, `/2`, or `""` for a
    /// release or record on its own.
    pub pointer: String,
}

impl Location {
    /// Joins this location's pointer with `inner`, a pointer inside the item (`/date` →
    /// `/releases/3/date`), so that the result resolves in the file's value.
    pub fn pointer_to(&self, inner: &str) -> String {
        let mut out = String::with_capacity(self.pointer.len() + inner.len());
        out.push_str(&self.pointer);
        out.push_str(inner);
        out
    }

    /// The pointer of the package holding the item: `/arrayReleasePackage/0` for
    /// `/arrayReleasePackage/0/releases/5`, `""` for `/releases/5` (and for an item in no
    /// package).
    pub fn package_pointer(&self) -> &str {
        let item = self.pointer.as_str();
        let Some(slash) = item.rfind('/') else { return "" };
        let (array, index) = (&item[..slash], &item[slash + 1..]);
        if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) {
            for member in ["/releases", "/records"] {
                if let Some(package) = array.strip_suffix(member) {
                    return package;
                }
            }
        }
        ""
    }
}

/// A package, reported after its releases or records.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Its id, as given to its items.
    pub id: PackageId,
    /// Release or record package.
    pub kind: PackageKind,
    /// Every member but `releases` / `records`, in order.
    pub metadata: Map<String, Value>,
    /// How many releases or records it held.
    pub items: usize,
    /// Read from an element of Mexico's federal wrapper, an object whose `arrayReleasePackage`
    /// member is an array of release packages.
    pub wrapped: bool,
}

impl Package {
    /// The declared `version` as written: the string itself, `"1.0"` when there is none (as the
    /// standard says), and for a value that is no string its JSON type and text in parentheses
    /// (`(number 1.1)`, `(null)`), so that it is never counted as a version it does not name.
    pub fn version(&self) -> std::borrow::Cow<'_, str> {
        match self.metadata.get("version") {
            None => "1.0".into(),
            Some(Value::String(version)) => version.as_str().into(),
            Some(Value::Null) => "(null)".into(),
            Some(Value::Bool(b)) => format!("(boolean {b})").into(),
            Some(Value::Number(n)) => format!("(number {n})").into(),
            Some(Value::Array(_)) => "(array)".into(),
            Some(Value::Object(_)) => "(object)".into(),
        }
    }

    /// How the declared `version` reads (see [`DeclaredVersion`]).
    pub fn declared_version(&self) -> DeclaredVersion {
        DeclaredVersion::of(self.metadata.get("version"))
    }

    /// The OCDS minor version whose rules apply: 1.0 without `version` or with `1.0.x`.
    pub fn ocds_version(&self) -> crate::profile::OcdsVersion {
        crate::profile::OcdsVersion::of_package(self.metadata.get("version").and_then(Value::as_str))
    }

    /// The declared extension URLs (strings only).
    pub fn extensions(&self) -> impl Iterator<Item = &str> {
        self.metadata.get("extensions").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
    }
}

/// A package's `version` member, read without guessing: the OCDS versions a package may declare
/// are `"1.0"` and `"1.1"` (the schema's `major.minor`, the versions the Data Review Tool and
/// `ocdskit` know); a package without `version` is OCDS 1.0, as the standard says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclaredVersion {
    /// No `version` member: OCDS 1.0.
    Missing,
    /// `"1.0"` or `"1.1"`.
    Known(crate::profile::OcdsVersion),
    /// A string that names no OCDS version edca knows (`"1.1.5"`, `"X"`, `""`).
    Unknown(String),
    /// A value that is no string (`1.1`, `null`, `true`, `[]`, `{}`), as JSON text.
    NotString(String),
}

impl DeclaredVersion {
    /// Reads a package's `version` member (`None`: the package has none).
    pub fn of(version: Option<&Value>) -> DeclaredVersion {
        use crate::profile::OcdsVersion;
        match version {
            None => DeclaredVersion::Missing,
            Some(Value::String(v)) if v == "1.0" => DeclaredVersion::Known(OcdsVersion::V1_0),
            Some(Value::String(v)) if v == "1.1" => DeclaredVersion::Known(OcdsVersion::V1_1),
            Some(Value::String(v)) => DeclaredVersion::Unknown(v.clone()),
            Some(other) => DeclaredVersion::NotString(other.to_string()),
        }
    }

    /// The OCDS version whose rules apply, when the declaration names one (1.0 without
    /// `version`).
    pub fn known(&self) -> Option<crate::profile::OcdsVersion> {
        match self {
            DeclaredVersion::Missing => Some(crate::profile::OcdsVersion::V1_0),
            DeclaredVersion::Known(version) => Some(*version),
            DeclaredVersion::Unknown(_) | DeclaredVersion::NotString(_) => None,
        }
    }

    /// The declared value as JSON text, for messages (`"1.1.5"`, `1.1`, `null`).
    pub fn as_json(&self) -> String {
        match self {
            DeclaredVersion::Missing => String::new(),
            DeclaredVersion::Known(version) => format!("\"{version}\""),
            DeclaredVersion::Unknown(text) => Value::String(text.clone()).to_string(),
            DeclaredVersion::NotString(json) => json.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::OcdsVersion;
    use serde_json::json;

    fn package(version: Option<Value>) -> Package {
        let mut metadata = Map::new();
        if let Some(version) = version {
            metadata.insert("version".into(), version);
        }
        Package { id: 0, kind: PackageKind::Release, metadata, items: 0, wrapped: false }
    }

    #[test]
    fn a_version_is_read_never_guessed() {
        let cases = [
            (None, "1.0", DeclaredVersion::Missing, Some(OcdsVersion::V1_0)),
            (Some(json!("1.0")), "1.0", DeclaredVersion::Known(OcdsVersion::V1_0), Some(OcdsVersion::V1_0)),
            (Some(json!("1.1")), "1.1", DeclaredVersion::Known(OcdsVersion::V1_1), Some(OcdsVersion::V1_1)),
            (Some(json!("1.1.5")), "1.1.5", DeclaredVersion::Unknown("1.1.5".into()), None),
            (Some(json!("X")), "X", DeclaredVersion::Unknown("X".into()), None),
            (Some(json!("")), "", DeclaredVersion::Unknown(String::new()), None),
            (Some(json!(1.1)), "(number 1.1)", DeclaredVersion::NotString("1.1".into()), None),
            (Some(json!(null)), "(null)", DeclaredVersion::NotString("null".into()), None),
            (Some(json!(true)), "(boolean true)", DeclaredVersion::NotString("true".into()), None),
            (Some(json!([])), "(array)", DeclaredVersion::NotString("[]".into()), None),
            (Some(json!({})), "(object)", DeclaredVersion::NotString("{}".into()), None),
        ];
        for (value, shown, declared, known) in cases {
            let package = package(value.clone());
            assert_eq!(package.version(), shown, "{value:?}");
            assert_eq!(package.declared_version(), declared, "{value:?}");
            assert_eq!(declared.known(), known, "{value:?}");
        }
        assert_eq!(DeclaredVersion::of(Some(&json!(1.1))).as_json(), "1.1");
        assert_eq!(DeclaredVersion::of(Some(&json!("X"))).as_json(), "\"X\"");
    }
}
