//! Competition (COMP-01 … COMP-06 of the catalogue): share of direct awards by count and by
//! value, the method mix (OCDS methods and Mexican labels), single-bidder rate and mean
//! tenderers, supplier concentration per buyer, and what each supplier won — per process, buyer,
//! procuring entity, supplier and for the dataset, each ratio with its coverage (processes that
//! had the fields it needs). A process without the fields is left out of a ratio, never counted
//! as 0.
//!
//! Processes are measured as they are added; ratios are folded in [`Competition::finish`], once
//! the main currency is known.

mod concentration;
pub mod method;

use crate::indices::json::{self, Release};
use crate::indices::partial::add_counts;
use crate::indices::process::Process;
use crate::indices::report::{Flag, Share};
use concentration::{BuyerWins, SupplierTally, Win};
pub use concentration::{Concentration, SupplierCompetition};
use indexmap::IndexMap;
pub use method::{LabelRule, MethodRule, normalise};
use method::{METHODS, OTHER_LABEL};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// `[competition]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CompetitionSettings {
    /// Rules from `procurementMethodDetails` to a method; first match wins.
    pub method_map: Vec<MethodRule>,
    /// Rules from `procurementMethodDetails` to the national label of the method mix (COMP-03);
    /// first match wins, details no rule matches are `otro`.
    pub label_map: Vec<LabelRule>,
    /// Read the method from the details first, and `procurementMethod` only when they do not
    /// map (useful for 1.0-era data that wrote `limited` for direct awards). Default false.
    pub details_first: bool,
    /// Methods that count as competitive for the single-bidder rate and mean tenderers.
    pub procurement_methods: Vec<String>,
    /// Processes with at most this many tenderers count as low participation (default 3).
    pub low_participation: u64,
    /// A buyer is flagged (COMP-06) when its top supplier's share of its awarded value is
    /// above this (default 0.5).
    pub max_share: f64,
    /// The only currency whose amounts count; unset: the currency of most amounts read.
    pub currency: Option<String>,
}

impl Default for CompetitionSettings {
    fn default() -> Self {
        CompetitionSettings {
            method_map: method::default_method_map(),
            label_map: method::default_label_map(),
            details_first: false,
            procurement_methods: vec!["open".into(), "selective".into()],
            low_participation: 3,
            max_share: 0.5,
            currency: None,
        }
    }
}

/// Where a process' method came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodSource {
    /// `/tender/procurementMethod`.
    ProcurementMethod,
    /// `/tender/procurementMethodDetails` through the method map.
    Details,
}

/// Where the number of tenderers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TenderersSource {
    /// `/tender/numberOfTenderers`.
    NumberOfTenderers,
    /// Distinct `/tender/tenderers[]/id`.
    Tenderers,
    /// Distinct tenderer ids of submitted `/bids/details[]`.
    Bids,
}

/// Where a process' awarded value came from (COMP-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// `/awards[]/value` of active awards.
    Awards,
    /// `/contracts[]/value` of active contracts, when no active award had a value.
    Contracts,
}

/// What one process contributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProcessCompetition {
    /// `/buyer/id`.
    pub buyer: Option<String>,
    /// `/tender/procuringEntity/id`.
    pub procuring_entity: Option<String>,
    /// The method, if known.
    pub method: Option<String>,
    /// Where it came from.
    pub method_source: Option<MethodSource>,
    /// The national label from `procurementMethodDetails` (COMP-03), if it has details.
    pub label: Option<String>,
    /// Number of tenderers, if known.
    pub tenderers: Option<u64>,
    /// Where it came from.
    pub tenderers_source: Option<TenderersSource>,
    /// Σ of the values in the main currency; `null` when none was in it.
    pub awarded_value: Option<f64>,
    /// Where the values came from, if any was read.
    pub value_source: Option<ValueSource>,
}

/// Shares of one method (or label) among the processes that have one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, JsonSchema)]
pub struct MixShare {
    /// Processes with it ÷ processes with a known method (label).
    pub count: Share,
    /// Their value ÷ the value of processes with a known method (label), main currency;
    /// coverage = processes with a method (label) and a value.
    pub value: Share,
}

/// Competition of the dataset or of one buyer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompetitionLevel {
    /// Processes read (not cancelled).
    pub processes: u64,
    /// COMP-01: processes with method direct ÷ processes with a known method.
    pub direct_share_count: Share,
    /// COMP-02: value of direct processes ÷ value of processes with a known method.
    pub direct_share_value: Share,
    /// COMP-03: shares of open, selective, limited and direct (and any other mapped method).
    pub method_mix: IndexMap<String, MixShare>,
    /// COMP-03: shares of the national labels of `procurementMethodDetails`, `otro` included.
    pub label_mix: IndexMap<String, MixShare>,
    /// COMP-04: competitive processes with one tenderer ÷ competitive processes with n known.
    pub single_bidder_rate: Share,
    /// COMP-05: Σ n ÷ competitive processes with n known.
    pub mean_tenderers: Share,
    /// COMP-05: competitive processes with n ≤ `low_participation` ÷ those with n known.
    pub low_participation_share: Share,
}

/// Competition of one buyer: its level, and supplier concentration.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BuyerCompetition {
    /// COMP-01 … COMP-05.
    #[serde(flatten)]
    pub level: CompetitionLevel,
    /// COMP-06.
    #[serde(flatten)]
    pub concentration: Concentration,
}

/// COMP-04 for one procuring entity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct EntityCompetition {
    /// Processes read (not cancelled).
    pub processes: u64,
    /// COMP-04.
    pub single_bidder_rate: Share,
}

/// Settings and data notes of the report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompetitionMeta {
    /// The currency whose amounts counted.
    pub currency: Option<String>,
    /// Normalised `procurementMethodDetails` that no method rule mapped, with their counts
    /// (to extend the map).
    pub unmapped_details: BTreeMap<String, u64>,
}

/// The competition report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompetitionReport {
    /// Currency and unmapped details.
    pub meta: CompetitionMeta,
    /// The whole input.
    pub dataset: CompetitionLevel,
    /// By `/buyer/id`, first-seen order.
    pub buyer: IndexMap<String, BuyerCompetition>,
    /// By `/tender/procuringEntity/id`, first-seen order.
    #[serde(rename = "procuringEntity")]
    pub procuring_entity: IndexMap<String, EntityCompetition>,
    /// By `/awards[]/suppliers[]/id` of active awards, first-seen order.
    pub supplier: IndexMap<String, SupplierCompetition>,
    /// By `/ocid`.
    pub process: IndexMap<String, ProcessCompetition>,
    /// COMP-06 flags.
    pub flags: Vec<Flag>,
}

/// A measured process, with the amounts whose currency is settled at the end.
#[derive(Debug, Serialize, Deserialize)]
struct Measured {
    /// Its place in the dataset ([`Process::at`]).
    order: u64,
    ocid: String,
    row: ProcessCompetition,
    /// The normalised `procurementMethodDetails`, if any.
    details: Option<String>,
    /// Σ values per currency, and how many amounts were read, from `row.value_source`.
    values: Vec<(String, Decimal, u64)>,
    wins: Vec<Win>,
}

impl Measured {
    fn value(&self, currency: Option<&str>) -> Option<Decimal> {
        self.values.iter().find(|(c, _, _)| Some(c.as_str()) == currency).map(|(_, v, _)| *v)
    }
}

/// Folds processes into competition tallies.
#[derive(Debug, Default)]
pub struct Competition {
    settings: CompetitionSettings,
    part: CompetitionPart,
}

/// What competition keeps of the processes it read, until [`Competition::finish`]: their
/// measures and two counts, which add up in any order (see [`Partial`](crate::indices::Partial)).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct CompetitionPart {
    processes: Vec<Measured>,
    unmapped: BTreeMap<String, u64>,
    currencies: BTreeMap<String, u64>,
}

impl CompetitionPart {
    /// Adds the processes of another share.
    pub(crate) fn combine(&mut self, other: CompetitionPart) {
        self.processes.extend(other.processes);
        add_counts(&mut self.unmapped, other.unmapped);
        add_counts(&mut self.currencies, other.currencies);
    }
}

impl Competition {
    /// Competition as configured.
    pub fn new(settings: CompetitionSettings) -> Competition {
        Competition { settings, ..Competition::default() }
    }

    /// Reads one process; a cancelled tender, or a process without a string `/ocid`, is left
    /// out, as in Cardinal.
    pub fn add(&mut self, process: &Process) {
        let Some(ocid) = process.ocid() else { return };
        if process.is_cancelled() {
            return;
        }
        let measured = self.read(ocid, process);
        let part = &mut self.part;
        if measured.row.method.is_none()
            && let Some(details) = &measured.details
        {
            *part.unmapped.entry(details.clone()).or_default() += 1;
        }
        for (currency, _, amounts) in &measured.values {
            *part.currencies.entry(currency.clone()).or_default() += amounts;
        }
        part.processes.push(measured);
    }

    /// What was read so far, leaving none.
    pub(crate) fn take_part(&mut self) -> CompetitionPart {
        std::mem::take(&mut self.part)
    }

    /// Reads the processes of a share read elsewhere.
    pub(crate) fn absorb(&mut self, part: CompetitionPart) {
        self.part.combine(part);
    }

    /// The method of a compiled release and where it came from, if known.
    pub fn method(&self, release: &Release) -> Option<(String, MethodSource)> {
        let (method, _) = self.method_and_details(release);
        method.map(|(m, source)| (m.to_owned(), source))
    }

    /// The method (declared, or mapped from the details) and the normalised details.
    fn method_and_details<'a>(&'a self, release: &'a Release) -> (Option<(&'a str, MethodSource)>, Option<String>) {
        let tender = json::tender(release);
        let declared = tender.and_then(|t| json::string(t, "procurementMethod")).filter(|m| METHODS.contains(m));
        let details =
            tender.and_then(|t| json::string(t, "procurementMethodDetails")).map(normalise).filter(|d| !d.is_empty());
        let mapped = details.as_deref().and_then(|d| method::map_method(&self.settings.method_map, d));
        let method = match (declared, mapped) {
            (_, Some(d)) if self.settings.details_first => Some((d, MethodSource::Details)),
            (Some(m), _) => Some((m, MethodSource::ProcurementMethod)),
            (None, Some(d)) => Some((d, MethodSource::Details)),
            (None, None) => None,
        };
        (method, details)
    }

    fn read(&self, ocid: &str, process: &Process) -> Measured {
        let release = process.release();
        let tender = json::tender(release);
        let (method, details) = self.method_and_details(release);
        let (method, method_source) = method.unzip();
        let label = details.as_deref().map(|d| method::map_label(&self.settings.label_map, d).to_owned());
        let (tenderers, tenderers_source) = count_tenderers(release);
        let wins = active_awards(release);
        let mut amounts: Vec<(Decimal, &str)> =
            wins.iter().filter_map(|w| w.value.as_ref().map(|(a, c)| (*a, c.as_str()))).collect();
        let mut value_source = ValueSource::Awards;
        if amounts.is_empty() {
            amounts = active_values(release, "contracts").collect();
            value_source = ValueSource::Contracts;
        }
        let value_source = (!amounts.is_empty()).then_some(value_source);
        let values = sum_by_currency(amounts.into_iter());
        let id = |parent: Option<&Release>| parent.and_then(|p| json::string(p, "id")).map(str::to_owned);
        let row = ProcessCompetition {
            buyer: id(json::object(release, "buyer")),
            procuring_entity: id(tender.and_then(|t| json::object(t, "procuringEntity"))),
            method: method.map(str::to_owned),
            method_source,
            label,
            tenderers,
            tenderers_source,
            awarded_value: None,
            value_source,
        };
        Measured { order: process.place(), ocid: ocid.to_owned(), row, details, values, wins }
    }

    /// The report.
    pub fn finish(mut self) -> CompetitionReport {
        self.part.processes.sort_by_key(|p| p.order);
        let part = self.part;
        let currency = self
            .settings
            .currency
            .clone()
            .or_else(|| json::main_currency(part.currencies.iter().map(|(c, n)| (c.as_str(), *n))));
        let c = currency.as_deref();
        let settings = &self.settings;
        let template = Tally::new(settings);
        let mut dataset = template.clone();
        let mut buyers: IndexMap<&str, (Tally, BuyerWins)> = IndexMap::new();
        let mut entities: IndexMap<&str, Tally> = IndexMap::new();
        let mut suppliers: IndexMap<&str, SupplierTally> = IndexMap::new();
        for p in &part.processes {
            let value = p.value(c);
            dataset.add(&p.row, value, settings);
            if let Some(buyer) = &p.row.buyer {
                let (tally, wins) = buyers.entry(buyer).or_insert_with(|| (template.clone(), BuyerWins::default()));
                tally.add(&p.row, value, settings);
                wins.add(&p.ocid, &p.wins, c);
            }
            if let Some(entity) = &p.row.procuring_entity {
                entities.entry(entity).or_insert_with(|| template.clone()).add(&p.row, value, settings);
            }
            for win in &p.wins {
                for (_, supplier) in &win.suppliers {
                    suppliers.entry(supplier).or_default().add(win, p.row.method.as_deref(), c);
                }
            }
        }
        let mut flags = Vec::new();
        let buyer = buyers
            .into_iter()
            .map(|(id, (tally, wins))| {
                let (concentration, flag) = wins.finish(id, settings.max_share);
                flags.extend(flag);
                (id.to_owned(), BuyerCompetition { level: tally.finish(), concentration })
            })
            .collect();
        let procuring_entity = entities
            .into_iter()
            .map(|(id, t)| {
                let level = t.finish();
                (
                    id.to_owned(),
                    EntityCompetition { processes: level.processes, single_bidder_rate: level.single_bidder_rate },
                )
            })
            .collect();
        let supplier = suppliers.into_iter().map(|(id, s)| (id.to_owned(), s.finish())).collect();
        let process = part
            .processes
            .iter()
            .map(|p| {
                let awarded_value = p.value(c).and_then(|v| v.to_f64());
                (p.ocid.clone(), ProcessCompetition { awarded_value, ..p.row.clone() })
            })
            .collect();
        CompetitionReport {
            meta: CompetitionMeta { currency, unmapped_details: part.unmapped },
            dataset: dataset.finish(),
            buyer,
            procuring_entity,
            supplier,
            process,
            flags,
        }
    }
}

/// Counts and values of one mix (methods or labels): per key (processes, value), and the totals.
#[derive(Debug, Clone, Default)]
struct Mix {
    keys: IndexMap<String, (u64, Decimal)>,
    known: u64,
    valued: u64,
    value: Decimal,
}

impl Mix {
    fn seeded<'a>(keys: impl IntoIterator<Item = &'a str>) -> Mix {
        Mix { keys: keys.into_iter().map(|k| (k.to_owned(), (0, Decimal::ZERO))).collect(), ..Mix::default() }
    }

    fn add(&mut self, key: &str, value: Option<Decimal>) {
        self.known += 1;
        let entry = self.keys.entry(key.to_owned()).or_default();
        entry.0 += 1;
        if let Some(value) = value {
            entry.1 += value;
            self.valued += 1;
            self.value += value;
        }
    }

    fn finish(&self) -> IndexMap<String, MixShare> {
        self.keys
            .iter()
            .map(|(key, (count, value))| {
                let share = MixShare {
                    count: Share::count(*count, self.known),
                    value: Share::of(to_f64(*value), to_f64(self.value), self.valued),
                };
                (key.clone(), share)
            })
            .collect()
    }
}

/// Tallies of one level (the dataset, a buyer, a procuring entity).
#[derive(Debug, Clone, Default)]
struct Tally {
    processes: u64,
    methods: Mix,
    labels: Mix,
    competitive_with_n: u64,
    single: u64,
    low: u64,
    tenderers_sum: u64,
}

impl Tally {
    /// An empty tally whose mixes list every OCDS method and every configured label.
    fn new(settings: &CompetitionSettings) -> Tally {
        let labels = settings.label_map.iter().map(|r| r.label.as_str()).chain([OTHER_LABEL]);
        Tally { methods: Mix::seeded(METHODS), labels: Mix::seeded(labels), ..Tally::default() }
    }

    fn add(&mut self, p: &ProcessCompetition, value: Option<Decimal>, settings: &CompetitionSettings) {
        self.processes += 1;
        if let Some(label) = &p.label {
            self.labels.add(label, value);
        }
        let Some(method) = &p.method else { return };
        self.methods.add(method, value);
        if settings.procurement_methods.contains(method)
            && let Some(n) = p.tenderers
        {
            self.competitive_with_n += 1;
            self.single += u64::from(n == 1);
            self.low += u64::from(n <= settings.low_participation);
            self.tenderers_sum += n;
        }
    }

    fn finish(&self) -> CompetitionLevel {
        let method_mix = self.methods.finish();
        let direct = method_mix.get("direct").copied().unwrap_or_default();
        let n = self.competitive_with_n;
        CompetitionLevel {
            processes: self.processes,
            direct_share_count: direct.count,
            direct_share_value: direct.value,
            method_mix,
            label_mix: self.labels.finish(),
            single_bidder_rate: Share::count(self.single, n),
            mean_tenderers: Share::of(self.tenderers_sum as f64, n as f64, n),
            low_participation_share: Share::count(self.low, n),
        }
    }
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// n from `numberOfTenderers` (a non-negative integer), else distinct `tender/tenderers[]/id`,
/// else distinct tenderer ids of submitted bids.
fn count_tenderers(release: &Release) -> (Option<u64>, Option<TenderersSource>) {
    let tender = json::tender(release);
    if let Some(n) = tender.and_then(|t| t.get("numberOfTenderers")).and_then(Value::as_u64) {
        return (Some(n), Some(TenderersSource::NumberOfTenderers));
    }
    let ids: HashSet<&str> =
        tender.and_then(|t| json::array(t, "tenderers")).into_iter().flatten().filter_map(json::id).collect();
    if !ids.is_empty() {
        return (Some(ids.len() as u64), Some(TenderersSource::Tenderers));
    }
    let bids: HashSet<&str> = json::bid_details(release)
        .into_iter()
        .flatten()
        .filter(|b| json::value_string(b, "status").is_some_and(|s| s != "invited" && s != "withdrawn"))
        .filter_map(|b| b.get("tenderers")?.as_array())
        .flatten()
        .filter_map(json::id)
        .collect();
    if !bids.is_empty() {
        return (Some(bids.len() as u64), Some(TenderersSource::Bids));
    }
    (None, None)
}

/// The active awards: index, distinct supplier ids (with their index), value.
fn active_awards(release: &Release) -> Vec<Win> {
    let awards = json::array(release, "awards").into_iter().flatten().enumerate();
    awards
        .filter(|(_, a)| json::has_status(a, "active"))
        .map(|(award, a)| {
            let mut suppliers: Vec<(usize, String)> = Vec::new();
            for (i, id) in a.get("suppliers").and_then(Value::as_array).into_iter().flatten().map(json::id).enumerate()
            {
                if let Some(id) = id
                    && !suppliers.iter().any(|(_, s)| s == id)
                {
                    suppliers.push((i, id.to_owned()));
                }
            }
            let value = amount(a).map(|(v, c)| (v, c.to_owned()));
            Win { award, suppliers, value }
        })
        .collect()
}

/// `(amount, currency)` of the `value` of every active member of `member` (`awards`,
/// `contracts`) that has a numeric amount and a string currency.
pub(crate) fn active_values<'a>(release: &'a Release, member: &str) -> impl Iterator<Item = (Decimal, &'a str)> {
    json::array(release, member).into_iter().flatten().filter(|v| json::has_status(v, "active")).filter_map(amount)
}

/// An item's `value` (see [`json::money`]), amounts above 10^15 left out ([`json::bounded`]).
fn amount(item: &Value) -> Option<(Decimal, &str)> {
    let (amount, currency) = json::money(item.get("value")?)?;
    Some((json::bounded(amount)?, currency))
}

/// Σ amounts per currency, and how many, in first-seen order.
fn sum_by_currency<'a>(amounts: impl Iterator<Item = (Decimal, &'a str)>) -> Vec<(String, Decimal, u64)> {
    let mut sums: Vec<(String, Decimal, u64)> = Vec::new();
    for (amount, currency) in amounts {
        match sums.iter_mut().find(|(c, _, _)| c == currency) {
            Some(entry) => {
                entry.1 += amount;
                entry.2 += 1;
            }
            None => sums.push((currency.to_owned(), amount, 1)),
        }
    }
    sums
}
