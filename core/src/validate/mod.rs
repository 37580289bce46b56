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

use std::collections::VecDeque;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, mpsc};

use rayon::prelude::*;
use serde_json::Value;

pub use messages::{Code, Lang, Severity, message};
pub use report::{Example, Group, Report, Scope, Statistics, Summary, VersionFallback};

use crate::io::{
    DeclaredVersion, Item, Location, Package, PackageId, PackageKind, ReadError, ReadErrorKind, Reader, Source,
};
use crate::profile::OcdsVersion;
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
    /// Every package by this OCDS version, whatever it declares (the Data Review Tool's `-s`).
    forced: Option<OcdsVersion>,
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
        Ok(Validator {
            default: Arc::new(Compiled::new(profile)?),
            fixed: false,
            forced: None,
            packages: Mutex::default(),
        })
    }

    /// A validator that validates every package by `version` (with the extensions it declares),
    /// whatever its `version` says, and releases and records outside packages by OCDS 1.0.3
    /// (`1.0`) or EDCA-MX (`1.1`): the Data Review Tool's `--schema-version`.
    pub fn for_version(version: OcdsVersion) -> Result<Validator, ValidateError> {
        let profile = match version {
            OcdsVersion::V1_0 => Profile::ocds_1_0(),
            OcdsVersion::V1_1 => Profile::edca_mx(),
        };
        Ok(Validator { forced: Some(version), ..Validator::new(&profile)? })
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
            fallbacks: 0,
            seen_whole: HashSet::new(),
            whole_reported: HashSet::new(),
            file: String::new(),
            file_no: 0,
            bare_index: 0,
            batch: Vec::new(),
            package: None,
            in_flight: VecDeque::new(),
        }
    }

    /// The compiled profile for a package, and the declared extension URLs not applied.
    fn for_package(&self, package: &Package) -> Result<(Arc<Compiled>, Vec<String>), ValidateError> {
        if self.fixed {
            return Ok((self.default.clone(), Vec::new()));
        }
        let urls: Vec<&str> = package.extensions().collect();
        let (version, _) = package_version(&package.declared_version(), self.forced);
        let (profile, unknown) = Profile::for_package(Some(version.as_str()), &urls);
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

/// The OCDS version a package is validated against, and whether it is a fallback (its `version`
/// could not be used): `forced` when given; else the declared one (1.0 without `version`);
/// else OCDS 1.1, the Data Review Tool's default.
pub fn package_version(declared: &DeclaredVersion, forced: Option<OcdsVersion>) -> (OcdsVersion, bool) {
    match (forced, declared.known()) {
        (Some(version), _) => (version, false),
        (None, Some(version)) => (version, false),
        (None, None) => (OcdsVersion::V1_1, true),
    }
}

/// Releases or records validated together, in parallel.
const BATCH: usize = 256;

/// Batches being validated while the reader goes on; past this the reader waits for the oldest.
const IN_FLIGHT: usize = 4;

/// A batch handed to the thread pool: its items and their findings come back in order.
type Checked = (Vec<Pending>, Vec<(Vec<Finding>, quality::Facts)>);

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
    /// Where it is in its file: findings' pointers are joined to it, so they resolve there.
    at: Location,
}

/// The package being read.
struct PendingPackage {
    id: PackageId,
    items: Vec<Pending>,
    count: u64,
    /// The package's JSON Pointer in its file's value (`""`, or `/arrayReleasePackage/0` inside
    /// Mexico's wrapper), taken from its first item's location.
    pointer: String,
    /// Line and column of its first item: package findings name the line, so that their
    /// pointer resolves in the right value of a file of several.
    position: (u64, u64),
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
    /// Hashes of whole members without identifiers, per file and package.
    seen_whole: HashSet<u64>,
    /// Packages whose repeated members without identifiers were reported.
    whole_reported: HashSet<(u32, PackageId)>,
    /// Packages validated by a fallback version (their `version` could not be used).
    fallbacks: u64,
    file: String,
    file_no: u32,
    bare_index: u64,
    batch: Vec<Pending>,
    package: Option<PendingPackage>,
    /// Batches being checked on the thread pool, oldest first: their findings are added in
    /// this order, before anything found later, so the report is the one a serial run makes.
    in_flight: VecDeque<mpsc::Receiver<Checked>>,
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
            Item::Release { release, package, at } => self.queue(release, Kind::Release, package, at),
            Item::Record { record, package, at } => self.queue(record, Kind::Record, package, at),
            Item::Skipped(error) => self.add_read_error(&error),
            Item::Warning(_) => {}
            Item::Package(package) => self.end_package(package),
            Item::Other(_) => {
                self.drain(0);
                let index = self.bare_index;
                self.bare_index += 1;
                let finding = finding(Code::NotOcds, Scope::File, "", "", "", None);
                self.collector.add(finding, &self.file, Some(index));
            }
        }
    }

    /// Records a problem of the JSON text (the rest of that input is not read).
    pub fn add_read_error(&mut self, error: &ReadError) {
        self.drain(0);
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
        let mut report = self.collector.finish(profile, statistics);
        if self.fallbacks > 0 {
            let version = OcdsVersion::V1_1.as_str().to_owned();
            report.version_fallback = Some(VersionFallback { version, packages: self.fallbacks });
        }
        report
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
        // Findings carry the current file's name: everything of this file is added now.
        self.drain(0);
    }

    fn queue(&mut self, value: Value, kind: Kind, package: Option<PackageId>, at: Location) {
        let Some(id) = package else {
            let index = self.bare_index;
            self.bare_index += 1;
            self.batch.push(Pending { value, kind, index, package: None, at });
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
        let package = self.package.get_or_insert_with(|| PendingPackage {
            id,
            items: Vec::new(),
            count: 0,
            pointer: package_pointer(&at.pointer).to_owned(),
            position: (at.line, at.column),
            late: false,
        });
        let index = package.count;
        package.count += 1;
        package.items.push(Pending { value, kind, index, package: Some(id), at });
        let late_now = !package.late && package.items.len() > MAX_PENDING;
        let late_finding = late_now.then(|| (package.pointer.clone(), package.position));
        package.late |= late_now;
        let ready = (package.late && package.items.len() >= BATCH).then(|| std::mem::take(&mut package.items));
        if let Some((pointer, position)) = late_finding {
            self.drain(0);
            let detail = format!("{MAX_PENDING}");
            let finding = finding(Code::LateMetadata, Scope::Package, "", &detail, &pointer, None);
            self.collector.add_at(finding, &self.file, None, Some(position));
        }
        if let Some(items) = ready {
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
        // Package findings' pointers are within the package: joined to its place in the file.
        let prefix = pending.as_ref().map(|p| p.pointer.clone()).unwrap_or_default();
        let position = pending.as_ref().map(|p| p.position);
        let (compiled, unknown) = match self.validator.for_package(&package) {
            Ok(found) if !late => found,
            _ => (self.validator.default.clone(), Vec::new()),
        };
        self.drain(0);
        let declared = package.declared_version();
        if !self.validator.fixed && package_version(&declared, self.validator.forced).1 {
            self.fallbacks += 1;
            let json = report::short_json(package.metadata.get("version").unwrap_or(&Value::Null));
            let pointer = format!("{prefix}/version");
            let finding = finding(Code::PackageVersion, Scope::Package, "version", &json, &pointer, Some(json.clone()));
            self.collector.add_at(finding, &self.file, None, position);
        }
        for url in unknown {
            let at = package
                .metadata
                .get("extensions")
                .and_then(Value::as_array)
                .and_then(|urls| urls.iter().position(|u| u.as_str() == Some(url.as_str())));
            let pointer = at.map_or_else(|| format!("{prefix}/extensions"), |i| format!("{prefix}/extensions/{i}"));
            let finding = finding(Code::UnknownExtension, Scope::Package, "extensions", &url, &pointer, None);
            self.collector.add_at(finding, &self.file, None, position);
        }
        if let Some(pending) = pending {
            self.validate(&compiled, pending.items);
        }
        self.drain(0);
        let record_package = package.kind == PackageKind::Record;
        let mut out = Vec::new();
        compiled.schemas.package(record_package, &package.metadata, &mut out);
        if package.items == 0 {
            let array = if record_package { "records" } else { "releases" };
            out.push(finding(Code::SchemaMinItems, Scope::Package, array, "1", &format!("/{array}"), None));
        }
        for mut f in out {
            f.pointer.insert_str(0, &prefix);
            self.collector.add_at(f, &self.file, None, position);
        }
    }

    /// Validates items on the thread pool while the reader goes on (in parallel within the
    /// batch); their findings are added in input order by [`Session::drain`].
    fn validate(&mut self, compiled: &Arc<Compiled>, items: Vec<Pending>) {
        if items.is_empty() {
            return;
        }
        let (sender, receiver) = mpsc::sync_channel(1);
        let compiled = compiled.clone();
        rayon::spawn(move || {
            let results: Vec<(Vec<Finding>, quality::Facts)> = if items.len() > 1 {
                items.par_iter().map(|item| check_item(&compiled, item)).collect()
            } else {
                items.iter().map(|item| check_item(&compiled, item)).collect()
            };
            // The session may be gone (dropped without `finish`): nothing to report to then.
            let _ = sender.send((items, results));
        });
        self.in_flight.push_back(receiver);
        self.drain(IN_FLIGHT);
    }

    /// Adds the findings of the oldest batches until at most `keep` are in flight.
    fn drain(&mut self, keep: usize) {
        while self.in_flight.len() > keep {
            let Some(receiver) = self.in_flight.pop_front() else { return };
            if let Some((items, results)) = wait(&receiver) {
                self.apply(&items, results);
            }
        }
    }

    /// Adds one checked batch's findings and facts, item by item.
    fn apply(&mut self, items: &[Pending], results: Vec<(Vec<Finding>, quality::Facts)>) {
        for (item, (findings, facts)) in items.iter().zip(results) {
            if item.kind == Kind::Release {
                self.check_duplicate(item);
            } else if item.package.is_some() {
                self.check_duplicate_record(item);
            }
            for mut f in findings {
                f.pointer = item.at.pointer_to(&f.pointer);
                self.add_item_finding(f, item);
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

    /// Adds a finding about `item` whose pointer already resolves in the file, with the line
    /// and column where the item starts (the top-level value the pointer resolves in, for a
    /// file of JSON lines or concatenated values).
    fn add_item_finding(&mut self, finding: Finding, item: &Pending) {
        let position = Some((item.at.line, item.at.column));
        self.collector.add_at(finding, &self.file, Some(item.index), position);
    }

    /// A repeated `ocid` + `id`: a schema error within one package (its `releases` must be
    /// unique), a quality warning across packages and files.
    fn check_duplicate(&mut self, item: &Pending) {
        let (Some(ocid), Some(id)) = (identifier(&item.value, "ocid"), identifier(&item.value, "id")) else {
            self.check_whole_duplicate(item, "releases");
            return;
        };
        let mut hasher = DefaultHasher::new();
        "release".hash(&mut hasher);
        hash_canonical(ocid, &mut hasher);
        hash_canonical(id, &mut hasher);
        let origin = (self.file_no, item.package);
        match self.seen.get(&hasher.finish()) {
            None => {
                self.seen.insert(hasher.finish(), origin);
            }
            Some(first) if item.package.is_some() && *first == origin => {
                let f =
                    finding(Code::SchemaUniqueItems, Scope::Package, "releases", "ocid, id", &item.at.pointer, None);
                self.add_item_finding(f, item);
            }
            Some(_) => {
                let value = Some(report::short_json(id));
                let pointer = item.at.pointer_to("/id");
                let f =
                    finding(Code::DuplicateReleaseId, Scope::Release, "id", &report::short_json(id), &pointer, value);
                self.add_item_finding(f, item);
            }
        }
    }

    /// A package's `releases` or `records` whose members lack their identifiers (`ocid` and
    /// `id`, `ocid`) must still be unique as whole values: the first repeated member of the
    /// array is reported, once per array, as the Data Review Tool reports `uniqueItems` of
    /// members without ids.
    fn check_whole_duplicate(&mut self, item: &Pending, array: &str) {
        let Some(package) = item.package else { return };
        let mut hasher = DefaultHasher::new();
        ("whole", self.file_no, package).hash(&mut hasher);
        hash_canonical(&item.value, &mut hasher);
        if self.seen_whole.insert(hasher.finish()) || !self.whole_reported.insert((self.file_no, package)) {
            return;
        }
        let f = finding(Code::SchemaUniqueItems, Scope::Package, array, "=", &item.at.pointer, None);
        self.add_item_finding(f, item);
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
            let pointer = item.at.pointer_to(pointer);
            let f = finding(Code::MixedCurrencies, Scope::Release, &path.join("/"), &detail, &pointer, value);
            self.add_item_finding(f, item);
        }
    }

    /// Records of one package must have distinct ocids.
    fn check_duplicate_record(&mut self, item: &Pending) {
        let Some(ocid) = identifier(&item.value, "ocid") else {
            self.check_whole_duplicate(item, "records");
            return;
        };
        let mut hasher = DefaultHasher::new();
        "record".hash(&mut hasher);
        hash_canonical(ocid, &mut hasher);
        let origin = (self.file_no, item.package);
        match self.seen.get(&hasher.finish()) {
            Some(first) if *first == origin => {
                let f = finding(Code::SchemaUniqueItems, Scope::Package, "records", "ocid", &item.at.pointer, None);
                self.add_item_finding(f, item);
            }
            _ => {
                self.seen.insert(hasher.finish(), origin);
            }
        }
    }
}

/// The result of a batch sent to the thread pool. On a thread of the pool itself (a session
/// driven from inside rayon), waiting runs other jobs meanwhile, so the pool cannot deadlock.
fn wait(receiver: &mpsc::Receiver<Checked>) -> Option<Checked> {
    if rayon::current_thread_index().is_none() {
        return receiver.recv().ok();
    }
    loop {
        match receiver.try_recv() {
            Ok(checked) => return Some(checked),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::yield_now();
                }
            }
        }
    }
}

/// The pointer of the package holding an item at `item`: `/arrayReleasePackage/0` for
/// `/arrayReleasePackage/0/releases/5`, `""` for `/releases/5`.
fn package_pointer(item: &str) -> &str {
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

/// A member usable as an identifier for `uniqueItems` (as libcove's `unique_ids`): present, not
/// null, not an object or array.
fn identifier<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    value.get(name).filter(|v| !v.is_null() && !v.is_object() && !v.is_array())
}

/// Hashes a value so that equal JSON values hash alike: members in any order, numbers by value
/// (`1` and `1.0` alike, as JSON Schema's equality), `true` apart from `1`.
fn hash_canonical(value: &Value, hasher: &mut impl Hasher) {
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let x = if x == 0.0 { 0.0 } else { x };
            (2u8, x.to_bits()).hash(hasher);
        }
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            items.iter().for_each(|item| hash_canonical(item, hasher));
        }
        Value::Object(members) => {
            (5u8, members.len()).hash(hasher);
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            for key in keys {
                key.hash(hasher);
                hash_canonical(&members[key], hasher);
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
            // The record's own ocid, and those of its embedded releases when the compiled
            // release's checks do not cover them, as the Data Review Tool checks every one.
            quality::ocid(&item.value, "", Scope::Record, &mut out);
            if item.value.get("compiledRelease").is_some() {
                for (i, release) in
                    item.value.get("releases").and_then(Value::as_array).into_iter().flatten().enumerate()
                {
                    quality::ocid(release, &format!("/releases/{i}"), Scope::Record, &mut out);
                }
            }
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

#[cfg(test)]
mod tests {
    use super::package_pointer;

    #[test]
    fn a_package_pointer_is_its_items_pointer_without_the_array_and_index() {
        assert_eq!(package_pointer("/releases/5"), "");
        assert_eq!(package_pointer("/records/0"), "");
        assert_eq!(package_pointer("/arrayReleasePackage/1/releases/12"), "/arrayReleasePackage/1");
        assert_eq!(package_pointer("/3"), "");
        assert_eq!(package_pointer(""), "");
        assert_eq!(package_pointer("/releases/x"), "");
    }
}
