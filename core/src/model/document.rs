//! Top-level shapes: releases, records and their packages, and [`Data`], which reads a JSON
//! document holding any of them (or an array of them) and says which it was.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::entity::{Award, Contract, Organization, OrganizationReference, Planning, RelatedProcess, Tender};
use super::field::{Field, Json, JsonMap};
use super::leaf::{Date, Id, Integer};
use super::object::{object, read_object, remap_members};
use super::parts::Publisher;

/// Error of the model module.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not JSON (syntax error, bad UTF-8, trailing characters).
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
}

object! {
    /// A release: news about one contracting process (`ocid`) at one point in time. Also used
    /// for a record's `compiledRelease` and for linked releases (whose `url` stays in `extra`).
    Release {
        /// Open Contracting ID of the process.
        ocid: String = "ocid",
        /// Release identifier, unique within the process.
        id: Id = "id",
        /// Release date.
        date: Date = "date",
        /// Stages the release informs about (codelist releaseTag).
        tag: Vec<String> = "tag",
        /// How the process started (`tender`).
        initiation_type: String = "initiationType",
        /// Parties.
        parties: Vec<Organization> = "parties",
        /// Buyer.
        buyer: OrganizationReference = "buyer",
        /// Planning.
        planning: Planning = "planning",
        /// Tender.
        tender: Tender = "tender",
        /// Awards.
        awards: Vec<Award> = "awards",
        /// Contracts.
        contracts: Vec<Contract> = "contracts",
        /// Default language.
        language: String = "language",
        /// Related processes.
        related_processes: Vec<RelatedProcess> = "relatedProcesses",
        /// Who published the release (releasePublisher extension, CompraNet).
        publisher: Publisher = "publisher",
        /// Fiscal year (cycle extension, CompraNet).
        cycle: Integer = "cycle",
    }
}

impl Release {
    /// The process's ocid.
    pub fn ocid(&self) -> Option<&str> {
        self.ocid.as_str()
    }

    /// The release id as text.
    pub fn id(&self) -> Option<&str> {
        self.id.get().map(Id::as_str)
    }

    /// The release date (which may not be valid RFC 3339: see [`Date::parsed`]).
    pub fn date(&self) -> Option<&Date> {
        self.date.get()
    }

    /// The tags. Also reads a tag written as a plain string, or the strings of an array that
    /// holds other things too.
    pub fn tags(&self) -> Vec<&str> {
        match &self.tag {
            Field::Value(tags) => tags.iter().map(String::as_str).collect(),
            Field::Raw(raw) => match &**raw {
                Json::String(s) => vec![s.as_str()],
                Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
                _ => Vec::new(),
            },
            Field::Absent | Field::Null => Vec::new(),
        }
    }

    /// The `url` of a linked release (a record's pointer to a release published elsewhere).
    pub fn url(&self) -> Option<&str> {
        self.extra.get("url").and_then(Json::as_str)
    }

    /// The parties.
    pub fn parties(&self) -> &[Organization] {
        self.parties.as_slice()
    }

    /// The party with this `id`.
    pub fn party(&self, id: &str) -> Option<&Organization> {
        self.parties().iter().find(|p| p.id() == Some(id))
    }

    /// The awards.
    pub fn awards(&self) -> &[Award] {
        self.awards.as_slice()
    }

    /// The contracts.
    pub fn contracts(&self) -> &[Contract] {
        self.contracts.as_slice()
    }
}

object! {
    /// A record: every release of one process, with (optionally) the compiled and versioned
    /// releases.
    Record {
        /// Open Contracting ID of the process.
        ocid: String = "ocid",
        /// The releases, embedded or linked.
        releases: Vec<Release> = "releases",
        /// The compiled release.
        compiled_release: Release = "compiledRelease",
        /// The versioned release (kept as JSON: every value is a list of versions).
        versioned_release: JsonMap = "versionedRelease",
    }
}

impl Record {
    /// The process's ocid.
    pub fn ocid(&self) -> Option<&str> {
        self.ocid.as_str()
    }

    /// The releases.
    pub fn releases(&self) -> &[Release] {
        self.releases.as_slice()
    }

    /// The compiled release.
    pub fn compiled_release(&self) -> Option<&Release> {
        self.compiled_release.get()
    }
}

object! {
    /// A release package.
    ReleasePackage {
        /// Where the package is published.
        uri: String = "uri",
        /// OCDS version (`1.0` when absent).
        version: String = "version",
        /// URLs of the extensions used.
        extensions: Vec<String> = "extensions",
        /// Publication date.
        published_date: Date = "publishedDate",
        /// Publisher.
        publisher: Publisher = "publisher",
        /// Licence URL.
        license: String = "license",
        /// Publication policy URL.
        publication_policy: String = "publicationPolicy",
        /// Releases.
        releases: Vec<Release> = "releases",
    }
}

impl ReleasePackage {
    /// The releases.
    pub fn releases(&self) -> &[Release] {
        self.releases.as_slice()
    }

    /// The declared OCDS version.
    pub fn version(&self) -> Option<&str> {
        self.version.as_str()
    }

    /// The declared extension URLs.
    pub fn extensions(&self) -> impl Iterator<Item = &str> {
        self.extensions.as_slice().iter().map(String::as_str)
    }
}

object! {
    /// A record package.
    RecordPackage {
        /// Where the package is published.
        uri: String = "uri",
        /// OCDS version (`1.0` when absent).
        version: String = "version",
        /// URLs of the extensions used.
        extensions: Vec<String> = "extensions",
        /// Publisher.
        publisher: Publisher = "publisher",
        /// Licence URL.
        license: String = "license",
        /// Publication policy URL.
        publication_policy: String = "publicationPolicy",
        /// Publication date.
        published_date: Date = "publishedDate",
        /// URLs of the release packages the records draw on.
        packages: Vec<String> = "packages",
        /// Records.
        records: Vec<Record> = "records",
    }
}

impl RecordPackage {
    /// The records.
    pub fn records(&self) -> &[Record] {
        self.records.as_slice()
    }

    /// The declared OCDS version.
    pub fn version(&self) -> Option<&str> {
        self.version.as_str()
    }

    /// The declared extension URLs.
    pub fn extensions(&self) -> impl Iterator<Item = &str> {
        self.extensions.as_slice().iter().map(String::as_str)
    }
}

object! {
    /// Every member of the four top-level shapes, so a top-level object is read in one pass
    /// before it is known which shape it is. Types agree where names are shared.
    Any {
        /// Package.
        uri: String = "uri",
        /// Package.
        version: String = "version",
        /// Package.
        extensions: Vec<String> = "extensions",
        /// Package.
        published_date: Date = "publishedDate",
        /// Package, or release (releasePublisher).
        publisher: Publisher = "publisher",
        /// Package.
        license: String = "license",
        /// Package.
        publication_policy: String = "publicationPolicy",
        /// Record package.
        packages: Vec<String> = "packages",
        /// Record package.
        records: Vec<Record> = "records",
        /// Release package or record.
        releases: Vec<Release> = "releases",
        /// Release or record.
        ocid: String = "ocid",
        /// Release.
        id: Id = "id",
        /// Release.
        date: Date = "date",
        /// Release.
        tag: Vec<String> = "tag",
        /// Release.
        initiation_type: String = "initiationType",
        /// Release.
        parties: Vec<Organization> = "parties",
        /// Release.
        buyer: OrganizationReference = "buyer",
        /// Release.
        planning: Planning = "planning",
        /// Release.
        tender: Tender = "tender",
        /// Release.
        awards: Vec<Award> = "awards",
        /// Release.
        contracts: Vec<Contract> = "contracts",
        /// Release.
        language: String = "language",
        /// Release.
        related_processes: Vec<RelatedProcess> = "relatedProcesses",
        /// Release.
        cycle: Integer = "cycle",
        /// Record.
        compiled_release: Release = "compiledRelease",
        /// Record.
        versioned_release: JsonMap = "versionedRelease",
    }
}

impl Any {
    /// Decides the shape by the rule of the data corpus's README: `records` → record package;
    /// `releases` without `ocid` → release package; `ocid` with a `releases` array → record;
    /// anything else → release.
    fn classify(mut self) -> Result<Data, serde_json::Error> {
        let releases_is_array = self.releases.get().is_some() || self.releases.raw().is_some_and(Json::is_array);
        if self.records.is_present() {
            let (order, extra) = remap_members::<Any, RecordPackage>(&mut self)?;
            Ok(Data::RecordPackage(Box::new(RecordPackage {
                uri: self.uri,
                version: self.version,
                extensions: self.extensions,
                publisher: self.publisher,
                license: self.license,
                publication_policy: self.publication_policy,
                published_date: self.published_date,
                packages: self.packages,
                records: self.records,
                extra,
                order,
            })))
        } else if self.releases.is_present() && self.ocid.is_absent() {
            let (order, extra) = remap_members::<Any, ReleasePackage>(&mut self)?;
            Ok(Data::ReleasePackage(Box::new(ReleasePackage {
                uri: self.uri,
                version: self.version,
                extensions: self.extensions,
                published_date: self.published_date,
                publisher: self.publisher,
                license: self.license,
                publication_policy: self.publication_policy,
                releases: self.releases,
                extra,
                order,
            })))
        } else if self.ocid.is_present() && releases_is_array {
            let (order, extra) = remap_members::<Any, Record>(&mut self)?;
            Ok(Data::Record(Box::new(Record {
                ocid: self.ocid,
                releases: self.releases,
                compiled_release: self.compiled_release,
                versioned_release: self.versioned_release,
                extra,
                order,
            })))
        } else {
            let (order, extra) = remap_members::<Any, Release>(&mut self)?;
            Ok(Data::Release(Box::new(Release {
                ocid: self.ocid,
                id: self.id,
                date: self.date,
                tag: self.tag,
                initiation_type: self.initiation_type,
                parties: self.parties,
                buyer: self.buyer,
                planning: self.planning,
                tender: self.tender,
                awards: self.awards,
                contracts: self.contracts,
                language: self.language,
                related_processes: self.related_processes,
                publisher: self.publisher,
                cycle: self.cycle,
                extra,
                order,
            })))
        }
    }
}

/// A JSON document of OCDS data, classified: what a file (or one element of a top-level
/// array) turned out to be. Serializes back to the same JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// A release package (`releases`, no `ocid`).
    ReleasePackage(Box<ReleasePackage>),
    /// A record package (`records`).
    RecordPackage(Box<RecordPackage>),
    /// A single release.
    Release(Box<Release>),
    /// A single record (`ocid` and a `releases` array).
    Record(Box<Record>),
    /// A JSON array; each element classified on its own.
    Array(Vec<Data>),
    /// A JSON value that is neither an object nor an array (kept as is).
    Other(Json),
}

impl Data {
    /// Reads and classifies a JSON document in one pass.
    pub fn from_slice(bytes: &[u8]) -> Result<Data, ModelError> {
        Ok(serde_json::from_slice(bytes)?)
    }

    /// Classifies an already parsed JSON value.
    ///
    /// The value is written out and read again: deserializing straight from a `Value`,
    /// serde_json re-spells some numbers (`-0` as `0`, `0.0000001` as `1e-7`), which would
    /// break the promise that the model writes back what it read.
    pub fn from_value(value: &Json) -> Result<Data, ModelError> {
        Data::from_slice(&serde_json::to_vec(value)?)
    }

    /// The JSON this data serializes to.
    pub fn to_json(&self) -> Result<Json, ModelError> {
        Ok(serde_json::to_value(self)?)
    }

    /// What kind of document this is, in the words of the corpus manifest.
    pub fn kind(&self) -> &'static str {
        match self {
            Data::ReleasePackage(_) => "release package",
            Data::RecordPackage(_) => "record package",
            Data::Release(_) => "release",
            Data::Record(_) => "record",
            Data::Array(_) => "array",
            Data::Other(_) => "other",
        }
    }

    /// The releases at release level: a release package's releases, a bare release, and those
    /// of the elements of an array (not the releases embedded in records).
    pub fn releases(&self) -> Vec<&Release> {
        let mut out = Vec::new();
        self.collect(&mut out, &mut Vec::new());
        out
    }

    /// The records: a record package's records, a bare record, and those of array elements.
    pub fn records(&self) -> Vec<&Record> {
        let mut out = Vec::new();
        self.collect(&mut Vec::new(), &mut out);
        out
    }

    fn collect<'a>(&'a self, releases: &mut Vec<&'a Release>, records: &mut Vec<&'a Record>) {
        match self {
            Data::ReleasePackage(p) => releases.extend(p.releases()),
            Data::RecordPackage(p) => records.extend(p.records()),
            Data::Release(r) => releases.push(r),
            Data::Record(r) => records.push(r),
            Data::Array(items) => items.iter().for_each(|d| d.collect(releases, records)),
            Data::Other(_) => {}
        }
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::ReleasePackage(p) => p.serialize(serializer),
            Data::RecordPackage(p) => p.serialize(serializer),
            Data::Release(r) => r.serialize(serializer),
            Data::Record(r) => r.serialize(serializer),
            Data::Array(items) => items.serialize(serializer),
            Data::Other(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Data {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DataVisitor)
    }
}

struct DataVisitor;

impl<'de> Visitor<'de> for DataVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Data, A::Error> {
        match read_object::<Any, A>(map)? {
            Field::Value(any) => any.classify().map_err(de::Error::custom),
            Field::Raw(raw) => Ok(Data::Other(*raw)),
            Field::Absent | Field::Null => Ok(Data::Other(Json::Null)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Data, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<Data>()? {
            items.push(item);
        }
        Ok(Data::Array(items))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data::Other(Json::Null))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Data, E> {
        Ok(Data::Other(Json::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Data, E> {
        Ok(Data::Other(Json::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Data, E> {
        Ok(Data::Other(Json::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Data, E> {
        Ok(Data::Other(serde_json::Number::from_i128(v).map_or(Json::Null, Json::Number)))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Data, E> {
        Ok(Data::Other(serde_json::Number::from_u128(v).map_or(Json::Null, Json::Number)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Data, E> {
        Ok(Data::Other(Json::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Data, E> {
        Ok(Data::Other(Json::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Data, E> {
        Ok(Data::Other(Json::String(v)))
    }
}

// `Any` is only a reading aid; make sure it stays a superset of the four shapes.
const _: () = {
    const fn contains(names: &[&str], name: &str) -> bool {
        let mut i = 0;
        while i < names.len() {
            if names[i].len() == name.len() {
                let (a, b) = (names[i].as_bytes(), name.as_bytes());
                let mut j = 0;
                let mut same = true;
                while j < a.len() {
                    if a[j] != b[j] {
                        same = false;
                    }
                    j += 1;
                }
                if same {
                    return true;
                }
            }
            i += 1;
        }
        false
    }
    const fn all_in(sub: &[&str], sup: &[&str]) -> bool {
        let mut i = 0;
        while i < sub.len() {
            if !contains(sup, sub[i]) {
                return false;
            }
            i += 1;
        }
        true
    }
    assert!(all_in(Release::MEMBERS, Any::MEMBERS));
    assert!(all_in(Record::MEMBERS, Any::MEMBERS));
    assert!(all_in(ReleasePackage::MEMBERS, Any::MEMBERS));
    assert!(all_in(RecordPackage::MEMBERS, Any::MEMBERS));
};
