//! Counts that describe a dataset: what `edca stats` prints.
//!
//! Releases and records are counted by the rule of the shared corpus (and of its MANIFEST):
//! a release package's releases and releases on their own are releases; a record package's
//! records and records on their own are records; releases embedded in records, compiled and
//! versioned releases are not counted. `ocids` is the number of distinct `ocid` values among
//! the counted releases and records.

use crate::io::{Item, PackageKind};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The statistics of one or more inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Stats {
    /// Inputs read.
    pub files: u64,
    /// Release packages.
    pub release_packages: u64,
    /// Of the release packages, those read from Mexico's federal wrapper (an object whose
    /// `arrayReleasePackage` member is an array of release packages).
    pub wrapped_packages: u64,
    /// Record packages.
    pub record_packages: u64,
    /// Counted releases (see the module documentation).
    pub releases: u64,
    /// Counted records.
    pub records: u64,
    /// Distinct ocids among counted releases and records.
    pub ocids: u64,
    /// The most releases any one ocid has: counted releases plus the releases listed in its
    /// records (linked ones included).
    pub max_releases_per_ocid: u64,
    /// Packages per declared OCDS `version` (`1.0` for a package without one; a value that is no
    /// string as its JSON type and text in parentheses, `(number 1.1)`).
    pub versions: BTreeMap<String, u64>,
    /// Packages declaring each extension URL.
    pub extensions: BTreeMap<String, u64>,
    /// Packages per `publisher.name`.
    pub publishers: BTreeMap<String, u64>,
    /// Earliest and latest release `date` (as written), and how many dates are not RFC 3339.
    pub dates: DateRange,
    /// Releases per `tag` value.
    pub tags: BTreeMap<String, u64>,
    /// JSON objects that are neither packages, releases nor records.
    pub other_objects: u64,
}

/// The span of release dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DateRange {
    /// Earliest date, as written.
    pub first: Option<String>,
    /// Latest date, as written.
    pub last: Option<String>,
    /// Dates present but not RFC 3339 (e.g. `20/12/2016.`).
    pub invalid: u64,
}

/// Accumulates [`Stats`] from items, as they are read.
#[derive(Debug, Default)]
pub struct StatsCollector {
    stats: Stats,
    per_ocid: HashMap<String, u64>,
    first: Option<(DateTime<FixedOffset>, String)>,
    last: Option<(DateTime<FixedOffset>, String)>,
}

impl StatsCollector {
    /// An empty collector.
    pub fn new() -> Self {
        StatsCollector::default()
    }

    /// Notes that one more input was read.
    pub fn add_file(&mut self) {
        self.stats.files += 1;
    }

    /// Counts one item.
    pub fn add(&mut self, item: &Item) {
        match item {
            Item::Release { release, .. } => {
                self.stats.releases += 1;
                self.count_ocid(release, 1);
                self.release_details(release);
            }
            Item::Record { record, .. } => {
                self.stats.records += 1;
                let listed = record.get("releases").and_then(Value::as_array);
                self.count_ocid(record, listed.map_or(0, |r| r.len() as u64));
                for release in listed.into_iter().flatten() {
                    self.date(release.get("date"));
                }
            }
            Item::Package(package) => {
                match package.kind {
                    PackageKind::Release => self.stats.release_packages += 1,
                    PackageKind::Record => self.stats.record_packages += 1,
                }
                self.stats.wrapped_packages += u64::from(package.wrapped);
                *self.stats.versions.entry(package.version().into_owned()).or_default() += 1;
                for url in package.extensions() {
                    *self.stats.extensions.entry(url.to_owned()).or_default() += 1;
                }
                let publisher = package.metadata.get("publisher").and_then(|p| p.get("name")).and_then(Value::as_str);
                if let Some(name) = publisher {
                    *self.stats.publishers.entry(name.to_owned()).or_default() += 1;
                }
            }
            Item::Other(_) => self.stats.other_objects += 1,
            Item::Skipped(_) | Item::Warning(_) => {}
        }
    }

    fn count_ocid(&mut self, value: &Value, releases: u64) {
        if let Some(ocid) = value.get("ocid").and_then(Value::as_str) {
            let count = match self.per_ocid.get_mut(ocid) {
                Some(count) => count,
                None => self.per_ocid.entry(ocid.to_owned()).or_default(),
            };
            *count += releases;
        }
    }

    fn release_details(&mut self, release: &Value) {
        self.date(release.get("date"));
        match release.get("tag") {
            Some(Value::Array(tags)) => {
                for tag in tags.iter().filter_map(Value::as_str) {
                    *self.stats.tags.entry(tag.to_owned()).or_default() += 1;
                }
            }
            Some(Value::String(tag)) => *self.stats.tags.entry(tag.clone()).or_default() += 1,
            _ => {}
        }
    }

    fn date(&mut self, date: Option<&Value>) {
        let Some(text) = date.and_then(Value::as_str) else {
            return;
        };
        let Ok(parsed) = DateTime::parse_from_rfc3339(text) else {
            self.stats.dates.invalid += 1;
            return;
        };
        if self.first.as_ref().is_none_or(|(d, _)| parsed < *d) {
            self.first = Some((parsed, text.to_owned()));
        }
        if self.last.as_ref().is_none_or(|(d, _)| parsed > *d) {
            self.last = Some((parsed, text.to_owned()));
        }
    }

    /// The statistics so far.
    pub fn finish(mut self) -> Stats {
        self.stats.ocids = self.per_ocid.len() as u64;
        self.stats.max_releases_per_ocid = self.per_ocid.values().copied().max().unwrap_or(0);
        self.stats.dates.first = self.first.map(|(_, text)| text);
        self.stats.dates.last = self.last.map(|(_, text)| text);
        self.stats
    }
}
