//! Red flags with parity to Cardinal (open-contracting/cardinal-rs, commit b04158a), OCP's
//! indicator tool: the same indicators (R003 … R058), definitions, defaults and settings, and the
//! same output shape `{group: {identifier: {code: value}}}` plus `Meta` (quartiles and fences);
//! beyond Cardinal, the fields that triggered each flag (`Fields`, see [`fields`]).
//!
//! Where Cardinal is not deterministic (its default currency is "the first seen" by racing
//! threads) edca picks the currency of most bid amounts; where Cardinal would divide by zero
//! (a winning bid of 0) the process is left out. Everything else follows Cardinal's rules,
//! documented in `docs/indices.md`.

mod bids;
pub mod fields;
pub mod ini;
mod organisations;
pub mod prepare;
mod process;
pub mod settings;

use crate::indices::json::{self, Release};
use fields::{Citation, Flags, Sample};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

pub use fields::{Fields, FlagFields, Processes};
pub use settings::CardinalSettings;

/// Whom a result is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Group {
    /// A contracting process (`/ocid`).
    #[serde(rename = "OCID")]
    Ocid,
    /// `/buyer/id`.
    Buyer,
    /// `/tender/procuringEntity/id`.
    ProcuringEntity,
    /// `/bids/details[]/tenderers[]/id` (or, for R048, `/awards[]/suppliers[]/id`).
    Tenderer,
}

/// Cardinal's indicator codes (`NF###` before Cardinal 0.0.6, same numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Code {
    R003,
    R018,
    R024,
    R025,
    R028,
    R030,
    R035,
    R036,
    R038,
    R048,
    R058,
}

/// Results: group → identifier → code → value.
pub type Results = IndexMap<Group, IndexMap<String, IndexMap<Code, f64>>>;

/// What [`Cardinal::finish`] returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardinalReport {
    /// Flags, as Cardinal prints them.
    pub results: Results,
    /// Quartiles and fences per indicator (unrounded; rounded to 4 decimals in JSON, as Cardinal).
    pub meta: BTreeMap<Code, IndexMap<String, f64>>,
    /// The currency whose amounts counted, if any amount was read.
    pub currency: Option<String>,
    /// For each flag in `results`, the fields that triggered it (same groups, ids and codes).
    pub fields: Fields,
}

impl CardinalReport {
    /// Cardinal's JSON: the groups, plus `Meta` when `meta` is true, and `Fields` when `fields`
    /// is true (`{group: {id: {code: fields}}}`, see [`FlagFields`]), the way Cardinal's `--map`
    /// adds `Maps`. Fences that could not be computed (no data) are `null`.
    pub fn to_json(&self, meta: bool, fields: bool) -> Value {
        serde_json::to_value(self.output(meta, fields)).unwrap_or(Value::Null)
    }

    /// The same JSON as [`CardinalReport::to_json`], serialised straight from the report (no
    /// intermediate tree: a large `Fields` is written as it is read).
    pub fn output(&self, meta: bool, fields: bool) -> CardinalOutput<'_> {
        CardinalOutput { report: self, meta, fields }
    }
}

/// Cardinal's JSON of a [`CardinalReport`], made by [`CardinalReport::output`].
#[derive(Debug, Clone, Copy)]
pub struct CardinalOutput<'a> {
    report: &'a CardinalReport,
    meta: bool,
    fields: bool,
}

impl Serialize for CardinalOutput<'_> {
    fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = out.serialize_map(None)?;
        for (group, ids) in &self.report.results {
            map.serialize_entry(group, ids)?;
        }
        if self.meta {
            let rounded: BTreeMap<Code, IndexMap<&String, f64>> = self
                .report
                .meta
                .iter()
                .map(|(code, fences)| {
                    (*code, fences.iter().map(|(k, v)| (k, (v * 10_000.0).round() / 10_000.0)).collect())
                })
                .collect();
            map.serialize_entry("Meta", &rounded)?;
        }
        if self.fields {
            map.serialize_entry("Fields", &self.report.fields)?;
        }
        map.end()
    }
}

/// A ratio kept as counts, so partial sums add exactly (mediant).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Fraction {
    numerator: u64,
    denominator: u64,
}

impl Fraction {
    fn add(&mut self, numerator: u64, denominator: u64) {
        self.numerator += numerator;
        self.denominator += denominator;
    }

    fn ratio(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

/// A ratio per organisation and the processes that counted toward it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Tally {
    fraction: Fraction,
    processes: Sample,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.fraction.add(other.fraction.numerator, other.fraction.denominator);
        self.processes.merge(other.processes);
    }
}

/// Settings resolved to their defaults, once.
#[derive(Debug)]
struct Resolved {
    settings: CardinalSettings,
    exclusions: HashSet<String>,
    price_include: HashSet<String>,
    price_exclude: HashSet<String>,
    r003_methods: HashSet<String>,
    r018_methods: HashSet<String>,
}

/// Folds compiled releases one by one into Cardinal's indicators; [`Cardinal::finish`] computes
/// the fences and the flags that depend on the whole dataset.
#[derive(Debug)]
pub struct Cardinal {
    cfg: Resolved,
    part: CardinalPart,
}

/// What Cardinal's indicators keep of the processes read until [`Cardinal::finish`]: flags
/// raised, tallies, and the candidates that wait for the dataset's fences. Two parts merge into
/// the part of both (see [`Partial`](crate::indices::Partial)): counts add, the first ocids
/// of a tally are the first by place, the candidates are put back in place order.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct CardinalPart {
    flags: Flags,
    /// Bid amounts per currency, to pick the main currency when none is set.
    currencies: HashMap<String, u64>,
    gaps: Vec<bids::PriceGap>,
    r025: IndexMap<String, Tally>,
    r036: Vec<process::LowestDisqualified>,
    r038: organisations::Disqualified,
    r048: IndexMap<String, (Sample, HashSet<String>)>,
    processes: u64,
}

impl CardinalPart {
    /// Adds the processes of another share. A process flag of an ocid read in both shares takes
    /// the other's value (shares split by ocid, as a cluster partitions them, never meet so).
    pub(crate) fn combine(&mut self, other: CardinalPart) {
        self.flags.merge(other.flags);
        for (currency, n) in other.currencies {
            *self.currencies.entry(currency).or_default() += n;
        }
        self.gaps.extend(other.gaps);
        for (id, tally) in other.r025 {
            self.r025.entry(id).or_default().merge(tally);
        }
        self.r036.extend(other.r036);
        self.r038.merge(other.r038);
        for (id, (sample, codes)) in other.r048 {
            let (mine, my_codes) = self.r048.entry(id).or_default();
            mine.merge(sample);
            my_codes.extend(codes);
        }
        self.processes += other.processes;
    }
}

impl Cardinal {
    /// Indicators as the settings enable them (a `[Rxxx]` section each, as in Cardinal).
    pub fn new(settings: CardinalSettings) -> Self {
        let methods = |v: Option<&str>| settings::pipe_set(v);
        let cfg = Resolved {
            exclusions: methods(settings.exclusions.as_ref().and_then(|e| e.procurement_method_details.as_deref())),
            price_include: methods(settings.price_comparison_procurement_methods.as_deref()),
            price_exclude: methods(settings.no_price_comparison_procurement_methods.as_deref()),
            r003_methods: methods(settings.r003.as_ref().and_then(|s| s.procurement_methods.as_deref())),
            r018_methods: methods(Some(
                settings.r018.as_ref().and_then(|s| s.procurement_methods.as_deref()).unwrap_or("open|selective"),
            )),
            settings,
        };
        Cardinal { cfg, part: CardinalPart::default() }
    }

    /// How many processes were read (not skipped).
    pub fn processes(&self) -> u64 {
        self.part.processes
    }

    /// Reads one compiled release. Skipped, as in Cardinal: a non-object, no string `ocid`, a
    /// cancelled tender, or `procurementMethodDetails` in `[exclusions]`.
    pub fn add(&mut self, release: &Value) {
        self.add_at(release, u64::MAX);
    }

    /// Reads one compiled release at its place in the dataset ([`Process::at`](crate::indices::Process::at)),
    /// which orders the ocids an organisation flag lists.
    pub fn add_at(&mut self, release: &Value, order: u64) {
        let Some(release) = release.as_object() else { return };
        let Some(ocid) = json::string(release, "ocid") else { return };
        if is_cancelled(release) || !matches_details(release, &HashSet::new(), &self.cfg.exclusions) {
            return;
        }
        let part = &mut self.part;
        part.processes += 1;
        let mut citation = Citation::new(ocid, order);
        let s = &self.cfg.settings;
        let price = matches_details(release, &self.cfg.price_include, &self.cfg.price_exclude);
        if price && (s.r024.is_some() || s.r058.is_some() || s.r036.is_some()) {
            count_currencies(release, &mut part.currencies);
        }
        if let Some(r003) = &s.r003 {
            process::r003(release, (order, ocid), r003, &self.cfg.r003_methods, &mut part.flags);
        }
        if s.r018.is_some() {
            process::r018(release, (order, ocid), &self.cfg.r018_methods, &mut part.flags);
        }
        if price && (s.r024.is_some() || s.r058.is_some()) {
            bids::price_gaps(release, (order, ocid), &mut part.gaps);
        }
        if s.r025.is_some() {
            bids::r025_fold(release, &mut citation, &mut part.r025);
        }
        if price && s.r028.is_some() {
            process::r028(release, &mut citation, &mut part.flags);
        }
        if s.r030.is_some() {
            process::r030(release, &mut citation, &mut part.flags);
        }
        if let Some(r035) = &s.r035 {
            process::r035(release, r035.threshold.unwrap_or(1).max(1), &mut citation, &mut part.flags);
        }
        if price && s.r036.is_some() {
            process::r036(release, (order, ocid), &mut part.r036);
        }
        if s.r038.is_some() {
            part.r038.fold(release, &mut citation);
        }
        if let Some(r048) = &s.r048 {
            organisations::r048_fold(release, r048.digits.unwrap_or(2), &mut citation, &mut part.r048);
        }
    }

    /// What was read so far, leaving none.
    pub(crate) fn take_part(&mut self) -> CardinalPart {
        std::mem::take(&mut self.part)
    }

    /// Reads the processes of a share read elsewhere.
    pub(crate) fn absorb(&mut self, part: CardinalPart) {
        self.part.combine(part);
    }

    /// Computes fences and dataset-level flags.
    pub fn finish(self) -> CardinalReport {
        let Cardinal { cfg, part } = self;
        let CardinalPart { mut flags, currencies, mut gaps, r025, mut r036, r038, r048, .. } = part;
        gaps.sort_by_key(|g| g.order);
        r036.sort_by_key(|r| r.order);
        let s = &cfg.settings;
        let mut meta = BTreeMap::new();
        let currency =
            s.currency.clone().or_else(|| json::main_currency(currencies.iter().map(|(c, n)| (c.as_str(), *n))));
        let chosen = currency.as_deref().unwrap_or_default();
        for lowest in r036 {
            if lowest.currency == chosen {
                flags.raise((lowest.order, &lowest.ocid), Code::R036, 1.0, lowest.fields);
            }
        }
        let gaps = bids::select(gaps, chosen);
        if let Some(r024) = &s.r024 {
            bids::r024(&gaps, r024.threshold, &mut flags, &mut meta);
        }
        if let Some(r058) = &s.r058 {
            bids::r058(&gaps, r058.threshold, &mut flags, &mut meta);
        }
        if let Some(r025s) = &s.r025 {
            bids::r025(&r025, r025s, &mut flags, &mut meta);
        }
        if let Some(r038s) = &s.r038 {
            r038.finish(r038s, &mut flags, &mut meta);
        }
        if let Some(r048s) = &s.r048 {
            organisations::r048(&r048, r048s, &mut flags, &mut meta);
        }
        let read_amounts = !currencies.is_empty();
        let (results, fields) = flags.finish();
        let currency = currency.filter(|_| read_amounts || s.currency.is_some());
        CardinalReport { results, meta, currency, fields }
    }
}

fn count_currencies(release: &Release, counts: &mut HashMap<String, u64>) {
    for (_, bid) in submitted_bids(release) {
        if let Some((_, currency)) = json::bid_value(bid) {
            *counts.entry(currency.to_owned()).or_default() += 1;
        }
    }
}

/// A JSON Pointer to a member of the `index`-th bid of `/bids/details`.
fn bid_pointer(index: usize, member: &str) -> String {
    format!("/bids/details/{index}/{member}")
}

fn is_cancelled(release: &Release) -> bool {
    json::tender(release).and_then(|t| json::string(t, "status")) == Some("cancelled")
}

/// Cardinal's allow/deny list on `/tender/procurementMethodDetails` (exact match): with an
/// allow list, only listed values pass (a missing value fails); otherwise listed values fail.
fn matches_details(release: &Release, include: &HashSet<String>, exclude: &HashSet<String>) -> bool {
    match json::tender(release).and_then(|t| json::string(t, "procurementMethodDetails")) {
        Some(details) if include.is_empty() => !exclude.contains(details),
        Some(details) => include.contains(details),
        None => include.is_empty(),
    }
}

/// `/tender/procurementMethod` is in `set`; an empty set matches every process.
fn matches_method(release: &Release, set: &HashSet<String>) -> bool {
    set.is_empty()
        || json::tender(release).and_then(|t| json::string(t, "procurementMethod")).is_some_and(|m| set.contains(m))
}

/// Bids with a string status other than invited or withdrawn (pending, valid, disqualified…),
/// with their index in `/bids/details`.
fn submitted_bids(release: &Release) -> impl Iterator<Item = (usize, &Value)> {
    json::bid_details(release)
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, bid)| json::value_string(bid, "status").is_some_and(|s| s != "invited" && s != "withdrawn"))
}

/// The active awards and the bids, when every award with a status is final (active, cancelled,
/// unsuccessful): results must not change when a pending award is decided.
fn final_awards_and_bids(release: &Release) -> Option<(Vec<&Value>, &Vec<Value>)> {
    let awards = json::array(release, "awards")?;
    let details = json::bid_details(release)?;
    let mut active = Vec::new();
    for award in awards {
        match json::value_string(award, "status") {
            Some("active") => active.push(award),
            Some("cancelled" | "unsuccessful") | None => {}
            Some(_) => return None,
        }
    }
    Some((active, details))
}

/// The one supplier id of the only active award, when the process has exactly that (the
/// price-comparison and R025 assumption: all bids compete for one award).
fn sole_winner<'a>(active: &[&'a Value]) -> Option<&'a str> {
    let [award] = active else { return None };
    let suppliers = award.get("suppliers")?.as_array()?;
    let [supplier] = suppliers.as_slice() else { return None };
    json::id(supplier)
}

/// The tenderer id of a bid with exactly one tenderer.
fn sole_tenderer(bid: &Value) -> Option<&str> {
    let tenderers = bid.get("tenderers")?.as_array()?;
    let [tenderer] = tenderers.as_slice() else { return None };
    json::id(tenderer)
}

/// `x > 0`, false for NaN (a fence that could not be computed flags nothing).
fn is_positive(x: f64) -> bool {
    x > 0.0
}
