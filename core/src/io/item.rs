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
}

impl Package {
    /// The declared `version`, or `"1.0"` when there is none (as the standard says).
    pub fn version(&self) -> &str {
        self.metadata.get("version").and_then(Value::as_str).unwrap_or("1.0")
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
