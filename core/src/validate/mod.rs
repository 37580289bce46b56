//! Validation: JSON Schema (draft 4 with formats, against a profile's patched schema),
//! codelists, fields and quality checks, reported in Spanish or English.
//!
//! A [`Validator`] compiles a profile's schemas once and is reused for any amount of data; a
//! [`Session`] reads inputs one after the other and accumulates a [`Report`]. Releases are
//! validated one by one (in parallel batches), so memory stays flat on JSON lines.
//!
//! ```
//! use edca::io::Source;
//! use edca::profile::Profile;
//! use edca::validate::{Code, Lang, Options, Validator};
//!
//! let validator = Validator::new(&Profile::edca_mx())?;
//! let mut session = validator.session(Options { lang: Lang::En, ..Options::default() });
//! let release = r#"{"ocid": "ocds-213czf-1", "id": "1", "date": "2024-13-01", "tag": ["tender"],
//!                   "initiationType": "tender"}"#;
//! session.read(Source::from_bytes("release.json", release)?)?;
//! let report = session.finish();
//! assert!(!report.valid);
//! assert_eq!(report.schema[0].code, Code::SchemaFormat);
//! assert_eq!(report.schema[0].message, "date: the value does not have the date-time (2024-01-31T00:00:00Z) format.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Which profile applies: a package's, as its `version` and `extensions` ask
//! ([`Profile::for_package`]; extensions edca does not embed are reported, never fetched);
//! releases and records outside any package use the validator's profile (EDCA-MX by default in
//! the CLI). [`Validator::fixed`] applies one profile to everything (a user's `--schema`).

mod fields;
mod messages;
mod quality;
mod report;
mod schema;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::Value;

pub use messages::{Code, Lang, Severity, message};
pub use report::{Example, Group, Report, Scope, Statistics, Summary};

use crate::io::{Item, Package, PackageId, PackageKind, ReadError, ReadErrorKind, Reader, Source};
use crate::profile::Profile;
use crate::stats::StatsCollector;
use fields::{FieldTree, Sink};
use report::{Collector, Finding};
use schema::Schemas;

/// Error of this module: a schema that cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidateError {
    /// The profile's schema (usually a user's) is not a usable draft-4 JSON Schema.
    #[error("the schema cannot be compiled: {reason}")]
    Schema {
        /// What is wrong.
        reason: String,
    },
}

/// How a [`Session`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Language of the messages (Spanish by default).
    pub lang: Lang,
    /// Examples kept per group of findings.
    pub max_examples: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { lang: Lang::Es, max_examples: 5 }
    }
}

/// The compiled schemas and field graph of one profile.
struct Compiled {
    profile: Profile,
    schemas: Schemas,
    fields: FieldTree,
}

impl Compiled {
    fn new(profile: &Profile) -> Result<Compiled, ValidateError> {
        Ok(Compiled { profile: profile.clone(), schemas: Schemas::new(profile)?, fields: FieldTree::new(profile) })
    }
}

/// Validates OCDS data against a profile; compile once, validate many.
pub struct Validator {
    default: Arc<Compiled>,
    fixed: bool,
    /// Validators of the profiles packages asked for, by OCDS version and extension names.
    packages: Mutex<HashMap<String, Arc<Compiled>>>,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator").field("profile", &self.default.profile).field("fixed", &self.fixed).finish()
    }
}

impl Validator {
    /// A validator whose profile applies to releases and records outside packages; packages
    /// are validated against the profile their `version` and `extensions` ask for.
    pub fn new(profile: &Profile) -> Result<Validator, ValidateError> {
        Ok(Validator { default: Arc::new(Compiled::new(profile)?), fixed: false, packages: Mutex::default() })
    }

    /// A validator that applies `profile` to everything, whatever packages declare.
    pub fn fixed(profile: &Profile) -> Result<Validator, ValidateError> {
        Ok(Validator { fixed: true, ..Validator::new(profile)? })
    }

    /// The profile of releases outside packages.
    pub fn profile(&self) -> &Profile {
        &self.default.profile
    }

    /// Starts reading inputs into one report.
    pub fn session(&self, options: Options) -> Session<'_> {
        Session {
            validator: self,
            options,
            collector: Collector::new(options.lang, options.max_examples),
            stats: StatsCollector::new(),
            buyers: HashSet::new(),
            suppliers: HashSet::new(),
            currencies: BTreeMap::new(),
            seen: HashMap::new(),
            process_currency: HashMap::new(),
            file: String::new(),
            file_no: 0,
            bare_index: 0,
            batch: Vec::new(),
            package: None,
        }
    }

    /// The compiled profile for a package, and the declared extension URLs not applied.
    fn for_package(&self, package: &Package) -> Result<(Arc<Compiled>, Vec<String>), ValidateError> {
        if self.fixed {
            return Ok((self.default.clone(), Vec::new()));
        }
        let urls: Vec<&str> = package.extensions().collect();
        let version = package.metadata.get("version").and_then(Value::as_str);
        let (profile, unknown) = Profile::for_package(version, &urls);
        let key = format!(
            "{}|{}",
            profile.version(),
            profile.extensions().iter().map(|e| e.name()).collect::<Vec<_>>().join("|")
        );
        let mut cache = self.packages.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(compiled) = cache.get(&key) {
            return Ok((compiled.clone(), unknown));
        }
        let compiled = Arc::new(Compiled::new(&profile)?);
        cache.insert(key, compiled.clone());
        Ok((compiled, unknown))
    }
}

/// Releases or records validated together, in parallel.
const BATCH: usize = 256;

/// Releases or records of one package held until its metadata is read; beyond this the package
/// is validated against the default profile as it streams.
const MAX_PENDING: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Release,
    Record,
}

/// A release or record waiting to be validated.
struct Pending {
    value: Value,
    kind: Kind,
    index: u64,
    package: Option<PackageId>,
}

/// The package being read.
struct PendingPackage {
    id: PackageId,
    items: Vec<Pending>,
    count: u64,
    /// Too large to wait: validated with the default profile as it streams.
    late: bool,
}

/// Where a release id was first seen: file number and package.
type Origin = (u32, Option<PackageId>);

/// One validation run over any number of inputs.
pub struct Session<'v> {
    validator: &'v Validator,
    options: Options,
    collector: Collector,
    stats: StatsCollector,
    buyers: HashSet<String>,
    suppliers: HashSet<String>,
    currencies: BTreeMap<String, u64>,
    /// Hashes of `(ocid, id)` of releases already read, and where.
    seen: HashMap<u64, Origin>,
    /// The first currency of each process (by ocid hash), to find processes whose releases
    /// use different currencies.
    process_currency: HashMap<u64, String>,
    file: String,
    file_no: u32,
    bare_index: u64,
    batch: Vec<Pending>,
    package: Option<PendingPackage>,
}

impl std::fmt::Debug for Session<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("file", &self.file).field("options", &self.options).finish_non_exhaustive()
    }
}

impl Session<'_> {
    /// Reads and validates one input. Invalid JSON is a finding of the report (with line and
    /// column); only an input that cannot be read at all (I/O) is an error.
    pub fn read(&mut self, source: Source) -> Result<(), ReadError> {
        self.start_file(source.name());
        let mut reader = Reader::new();
        let result = reader.read(source, |item| {
            self.add_item(item);
            Ok(())
        });
        let outcome = match result {
            Ok(_) => Ok(()),
            Err(e) if e.kind == ReadErrorKind::Io => Err(e),
            Err(e) => {
                self.add_read_error(&e);
                Ok(())
            }
        };
        self.end_file();
        outcome
    }

    /// Starts a new input named `name` (for items given with [`Session::add_item`]).
    pub fn start_file(&mut self, name: &str) {
        self.end_file();
        self.file = name.to_owned();
        self.file_no += 1;
        self.bare_index = 0;
        self.stats.add_file();
    }

    /// Validates one item read from the current input.
    pub fn add_item(&mut self, item: Item) {
        self.stats.add(&item);
        match item {
            Item::Release { release, package, .. } => self.queue(release, Kind::Release, package),
            Item::Record { record, package, .. } => self.queue(record, Kind::Record, package),
            Item::Skipped(error) => self.add_read_error(&error),
            Item::Warning(_) => {}
            Item::Package(package) => self.end_package(package),
            Item::Other(_) => {
                let index = self.bare_index;
                self.bare_index += 1;
                let finding = finding(Code::NotOcds, Scope::File, "", "", "", None);
                self.collector.add(finding, &self.file, Some(index));
            }
        }
    }

    /// Records a problem of the JSON text (the rest of that input is not read).
    pub fn add_read_error(&mut self, error: &ReadError) {
        let code = if error.kind == ReadErrorKind::Shape { Code::NotOcds } else { Code::InvalidJson };
        let value = Some(report::short_json(&Value::String(error.reason.clone())));
        let finding = finding(code, Scope::File, "", "", &error.pointer, value);
        let position = (error.line > 0).then_some((error.line, error.column));
        self.collector.add_at(finding, &error.file, None, position);
    }

    /// The report of everything read.
    pub fn finish(mut self) -> Report {
        self.end_file();
        let statistics = Statistics {
            data: std::mem::take(&mut self.stats).finish(),
            buyers: self.buyers.len() as u64,
            suppliers: self.suppliers.len() as u64,
            currencies: std::mem::take(&mut self.currencies),
        };
        let profile = self.validator.default.profile.label().to_owned();
        self.collector.finish(profile, statistics)
    }

    fn end_file(&mut self) {
        if let Some(package) = self.package.take() {
            // A package cut short (invalid JSON): what was read of it, against the default profile.
            let compiled = self.validator.default.clone();
            self.validate(&compiled, package.items);
        }
        let batch = std::mem::take(&mut self.batch);
        let compiled = self.validator.default.clone();
        self.validate(&compiled, batch);
    }

    fn queue(&mut self, value: Value, kind: Kind, package: Option<PackageId>) {
        let Some(id) = package else {
            let index = self.bare_index;
            self.bare_index += 1;
            self.batch.push(Pending { value, kind, index, package: None });
            if self.batch.len() >= BATCH {
                let batch = std::mem::take(&mut self.batch);
                let compiled = self.validator.default.clone();
                self.validate(&compiled, batch);
            }
            return;
        };
        if self.package.as_ref().is_some_and(|p| p.id != id) {
            let previous = self.package.take().map(|p| p.items).unwrap_or_default();
            let compiled = self.validator.default.clone();
            self.validate(&compiled, previous);
        }
        let package =
            self.package.get_or_insert_with(|| PendingPackage { id, items: Vec::new(), count: 0, late: false });
        let index = package.count;
        package.count += 1;
        package.items.push(Pending { value, kind, index, package: Some(id) });
        let late_now = !package.late && package.items.len() > MAX_PENDING;
        if late_now {
            package.late = true;
            let detail = format!("{MAX_PENDING}");
            let finding = finding(Code::LateMetadata, Scope::Package, "", &detail, "", None);
            self.collector.add(finding, &self.file, None);
        }
        if package.late && package.items.len() >= BATCH {
            let items = std::mem::take(&mut package.items);
            let compiled = self.validator.default.clone();
            self.validate(&compiled, items);
        }
    }

    fn end_package(&mut self, package: Package) {
        let pending = match self.package.take() {
            Some(p) if p.id == package.id => Some(p),
            other => {
                if let Some(previous) = other {
                    let compiled = self.validator.default.clone();
                    self.validate(&compiled, previous.items);
                }
                None
            }
        };
        let late = pending.as_ref().is_some_and(|p| p.late);
        let (compiled, unknown) = match self.validator.for_package(&package) {
            Ok(found) if !late => found,
            _ => (self.validator.default.clone(), Vec::new()),
        };
        for url in unknown {
            let at = package
                .metadata
                .get("extensions")
                .and_then(Value::as_array)
                .and_then(|urls| urls.iter().position(|u| u.as_str() == Some(url.as_str())));
            let pointer = at.map_or_else(|| "/extensions".to_owned(), |i| format!("/extensions/{i}"));
            let finding = finding(Code::UnknownExtension, Scope::Package, "extensions", &url, &pointer, None);
            self.collector.add(finding, &self.file, None);
        }
        if let Some(pending) = pending {
            self.validate(&compiled, pending.items);
        }
        let record_package = package.kind == PackageKind::Record;
        let mut out = Vec::new();
        compiled.schemas.package(record_package, &package.metadata, &mut out);
        if package.items == 0 {
            let array = if record_package { "records" } else { "releases" };
            out.push(finding(Code::SchemaMinItems, Scope::Package, array, "1", &format!("/{array}"), None));
        }
        for f in out {
            self.collector.add(f, &self.file, None);
        }
    }

    /// Validates items (in parallel) and adds their findings in input order.
    fn validate(&mut self, compiled: &Compiled, items: Vec<Pending>) {
        if items.is_empty() {
            return;
        }
        let results: Vec<(Vec<Finding>, quality::Facts)> = if items.len() > 1 {
            items.par_iter().map(|item| check_item(compiled, item)).collect()
        } else {
            items.iter().map(|item| check_item(compiled, item)).collect()
        };
        for (item, (findings, facts)) in items.iter().zip(results) {
            if item.kind == Kind::Release {
                self.check_duplicate(item);
            } else if item.package.is_some() {
                self.check_duplicate_record(item);
            }
            for f in findings {
                self.collector.add(f, &self.file, Some(item.index));
            }
            if item.kind == Kind::Release {
                self.check_process_currency(item, &facts);
            }
            self.buyers.extend(facts.buyers);
            self.suppliers.extend(facts.suppliers);
            for currency in facts.currencies {
                *self.currencies.entry(currency).or_default() += 1;
            }
        }
    }

    /// A repeated `ocid` + `id`: a schema error within one package (its `releases` must be
    /// unique), a quality warning across packages and files.
    fn check_duplicate(&mut self, item: &Pending) {
        let (Some(ocid), Some(id)) = (item.value.get("ocid"), item.value.get("id")) else { return };
        let mut hasher = DefaultHasher::new();
        ("release", ocid.to_string(), id.to_string()).hash(&mut hasher);
        let origin = (self.file_no, item.package);
        match self.seen.get(&hasher.finish()) {
            None => {
                self.seen.insert(hasher.finish(), origin);
            }
            Some(first) if item.package.is_some() && *first == origin => {
                let pointer = format!("/releases/{}", item.index);
                let f = finding(Code::SchemaUniqueItems, Scope::Package, "releases", "ocid, id", &pointer, None);
                self.collector.add(f, &self.file, Some(item.index));
            }
            Some(_) => {
                let value = Some(report::short_json(id));
                let f = finding(Code::DuplicateReleaseId, Scope::Release, "id", &report::short_json(id), "/id", value);
                self.collector.add(f, &self.file, Some(item.index));
            }
        }
    }

    /// Amounts of one process (ocid) in another currency than its earlier releases used. A
    /// release mixing currencies on its own is reported by the quality checks already.
    fn check_process_currency(&mut self, item: &Pending, facts: &quality::Facts) {
        let Some(ocid) = item.value.get("ocid") else { return };
        let Some((_, own)) = facts.currency_pointers.first() else { return };
        if facts.currency_pointers.iter().any(|(_, c)| c != own) {
            return;
        }
        let mut hasher = DefaultHasher::new();
        ("currency", ocid.to_string()).hash(&mut hasher);
        let first = self.process_currency.entry(hasher.finish()).or_insert_with(|| own.clone());
        if first != own {
            let (pointer, currency) = &facts.currency_pointers[0];
            let path: Vec<&str> =
                pointer.split('/').filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit())).collect();
            let detail = format!("{first}, {currency}");
            let value = Some(report::short_json(&Value::String(currency.clone())));
            let f = finding(Code::MixedCurrencies, Scope::Release, &path.join("/"), &detail, pointer, value);
            self.collector.add(f, &self.file, Some(item.index));
        }
    }

    /// Records of one package must have distinct ocids.
    fn check_duplicate_record(&mut self, item: &Pending) {
        let Some(ocid) = item.value.get("ocid") else { return };
        let mut hasher = DefaultHasher::new();
        ("record", ocid.to_string()).hash(&mut hasher);
        let origin = (self.file_no, item.package);
        match self.seen.get(&hasher.finish()) {
            Some(first) if *first == origin => {
                let pointer = format!("/records/{}", item.index);
                let f = finding(Code::SchemaUniqueItems, Scope::Package, "records", "ocid", &pointer, None);
                self.collector.add(f, &self.file, Some(item.index));
            }
            _ => {
                self.seen.insert(hasher.finish(), origin);
            }
        }
    }
}

fn finding(code: Code, scope: Scope, path: &str, detail: &str, pointer: &str, value: Option<String>) -> Finding {
    Finding { code, scope, path: path.to_owned(), detail: detail.to_owned(), pointer: pointer.to_owned(), value }
}

/// Every check of one release or record that needs nothing but the item itself.
fn check_item(compiled: &Compiled, item: &Pending) -> (Vec<Finding>, quality::Facts) {
    let mut out = Vec::new();
    let mut facts = quality::Facts::default();
    match item.kind {
        Kind::Release => {
            compiled.schemas.release(&item.value, &mut out);
            compiled.fields.walk(&item.value, "", "", &mut Sink { out: &mut out, scope: Scope::Release });
            quality::check(&item.value, "", Scope::Release, &mut out, &mut facts);
        }
        Kind::Record => {
            compiled.schemas.record(&item.value, &mut out);
            let embedded: Vec<(usize, &Value)> = item
                .value
                .get("releases")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .filter(|(_, r)| r.get("id").is_some())
                .collect();
            for (i, release) in &embedded {
                let mut sink = Sink { out: &mut out, scope: Scope::Record };
                compiled.fields.walk(release, &format!("/releases/{i}"), "releases", &mut sink);
            }
            match item.value.get("compiledRelease") {
                Some(compiled_release) => {
                    let mut sink = Sink { out: &mut out, scope: Scope::Record };
                    compiled.fields.walk(compiled_release, "/compiledRelease", "compiledRelease", &mut sink);
                    quality::check(compiled_release, "/compiledRelease", Scope::Record, &mut out, &mut facts);
                }
                None => {
                    for (i, release) in embedded {
                        quality::check(release, &format!("/releases/{i}"), Scope::Record, &mut out, &mut facts);
                    }
                }
            }
        }
    }
    (out, facts)
}
