//! Integrity flags (INT-01 … INT-09 of the catalogue): awards to sanctioned suppliers, winners
//! without identifier, new companies, amounts just under a legal threshold, contract splitting,
//! repeat winners, value-raising amendments, round amounts, and non-competitive methods without
//! rationale. Each flag carries the fields that raised it (JSON Pointers into the compiled release
//! and the values read there); each ratio its numerator, denominator and coverage.
//!
//! Three indicators need tables the releases do not hold ([`Inputs`]): sanctions (INT-01),
//! thresholds (INT-04, INT-05) and, when parties do not publish it, founding dates (INT-03).
//! Without its table an indicator is `null`, not 0. The procurement method is read as the
//! competition family reads it (its method map), so both families agree on what is direct.
//!
//! Amounts are exact decimals in the main currency; the indicators that need it (INT-01 value,
//! INT-04, INT-05, INT-06 value, INT-08) are computed in [`Integrity::finish`], once the main
//! currency is known, from what [`Integrity::add`] kept of each process.

mod amendment;
mod observe;
mod pairs;
mod report;
mod settings;
mod suppliers;

pub use pairs::RepeatWinner;
pub use report::{
    InputRows, IntegrityMeta, IntegrityReport, IntegrityTally, PairIntegrity, ProcessIntegrity, SupplierIntegrity,
};
pub use settings::IntegritySettings;

use crate::indices::competition::{Competition, CompetitionSettings};
use crate::indices::inputs::{Inputs, Threshold};
use crate::indices::partial::add_counts;
use crate::indices::process::{Process, days_between};
use crate::indices::report::{Flag, Level, Trigger};
use chrono::Datelike;
use indexmap::{IndexMap, IndexSet};
use observe::{Award, Money, Observed, observe};
use pairs::{Part, Repeats, Splits};
use report::Tally;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use suppliers::{Foundings, Sanctions, missing_identifier};

/// What [`Integrity::add`] keeps of a process for [`Integrity::finish`].
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The process' place in the dataset ([`Process::at`]).
    order: u64,
    ocid: String,
    observed: Observed,
    row: ProcessIntegrity,
    /// (award index, supplier id) of awards to sanctioned suppliers.
    sanctioned: Vec<(usize, String)>,
    /// What the process adds to the suppliers, the flags and the counts.
    contribution: Contribution,
}

/// What one process adds to the tallies that [`Integrity::add`] keeps across processes; the
/// report adds the contributions up in the processes' order.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Contribution {
    suppliers: IndexMap<String, SupplierIntegrity>,
    flags: Vec<Flag>,
    currencies: BTreeMap<String, u64>,
    skipped_references: u64,
    undated_matches: u64,
}

/// What integrity keeps of the processes it read: an entry each (see
/// [`Partial`](crate::indices::Partial)).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct IntegrityPart {
    entries: Vec<Entry>,
}

impl IntegrityPart {
    /// Adds the processes of another share.
    pub(crate) fn combine(&mut self, other: IntegrityPart) {
        self.entries.extend(other.entries);
    }
}

/// Folds processes into integrity flags and tallies. Between two calls of [`add`](Self::add),
/// `suppliers`, `flags` and the counts are empty: each process' part of them is in its entry,
/// and [`finish`](Self::finish) adds them up.
#[derive(Debug)]
pub struct Integrity {
    settings: IntegritySettings,
    methods: Competition,
    sanctions: Option<Sanctions>,
    thresholds: Option<Vec<Threshold>>,
    foundings: Foundings,
    rows: InputRows,
    entries: Vec<Entry>,
    suppliers: IndexMap<String, SupplierIntegrity>,
    flags: Vec<Flag>,
    currencies: BTreeMap<String, u64>,
    skipped_references: u64,
    undated_matches: u64,
}

impl Integrity {
    /// Integrity as configured, without input tables, reading methods with the default method
    /// map.
    pub fn new(settings: IntegritySettings) -> Integrity {
        Integrity {
            settings,
            methods: Competition::new(CompetitionSettings::default()),
            sanctions: None,
            thresholds: None,
            foundings: Foundings::default(),
            rows: InputRows::default(),
            entries: Vec::new(),
            suppliers: IndexMap::new(),
            flags: Vec::new(),
            currencies: BTreeMap::new(),
            skipped_references: 0,
            undated_matches: 0,
        }
    }

    /// The same, with the input tables.
    pub fn with_inputs(mut self, inputs: Inputs) -> Integrity {
        self.rows = InputRows {
            sanctions: inputs.sanctions.as_ref().map(Vec::len),
            thresholds: inputs.thresholds.as_ref().map(Vec::len),
            foundings: inputs.foundings.as_ref().map(Vec::len),
        };
        self.sanctions = inputs.sanctions.map(|s| Sanctions::new(s, &self.settings.rfc_schemes));
        self.thresholds = inputs.thresholds;
        self.foundings = Foundings::new(inputs.foundings.unwrap_or_default());
        self
    }

    /// The same, reading methods with the competition family's settings (method map,
    /// `details_first`).
    pub fn with_methods(mut self, competition: CompetitionSettings) -> Integrity {
        self.methods = Competition::new(competition);
        self
    }

    /// Reads one process; a cancelled tender or a non-string `ocid` is left out.
    pub fn add(&mut self, process: &Process) {
        let Some(ocid) = process.ocid() else { return };
        if process.is_cancelled() {
            return;
        }
        let observed = observe(process.release(), &self.settings, &self.methods);
        self.skipped_references += observed.skipped_references;
        for money in observed.awards.iter().filter_map(|a| a.amount.as_ref()).chain(&observed.contract_amounts) {
            *self.currencies.entry(money.currency.clone()).or_default() += 1;
        }
        let mut row = ProcessIntegrity {
            buyer: process.buyer().map(str::to_owned),
            method: observed.method.as_ref().map(|(m, _)| m.clone()),
            ..ProcessIntegrity::default()
        };
        let winners: IndexSet<&str> = observed.awards.iter().flat_map(|a| &a.winners).map(|w| w.id.as_str()).collect();
        for id in &winners {
            self.suppliers.entry((*id).to_owned()).or_default().processes += 1;
        }
        let sanctioned = self.sanctioned(ocid, &observed, &mut row);
        self.without_identifier(ocid, &observed, &mut row);
        self.new_company(ocid, &observed, &mut row);
        self.amendments(ocid, process, &mut row);
        self.rationale(ocid, &observed, &mut row);
        let contribution = Contribution {
            suppliers: std::mem::take(&mut self.suppliers),
            flags: std::mem::take(&mut self.flags),
            currencies: std::mem::take(&mut self.currencies),
            skipped_references: std::mem::take(&mut self.skipped_references),
            undated_matches: std::mem::take(&mut self.undated_matches),
        };
        self.entries.push(Entry {
            order: process.place(),
            ocid: ocid.to_owned(),
            observed,
            row,
            sanctioned,
            contribution,
        });
    }

    /// What was read so far, leaving none.
    pub(crate) fn take_part(&mut self) -> IntegrityPart {
        IntegrityPart { entries: std::mem::take(&mut self.entries) }
    }

    /// Reads the processes of a share read elsewhere.
    pub(crate) fn absorb(&mut self, part: IntegrityPart) {
        self.entries.extend(part.entries);
    }

    /// Adds up the entries' contributions, in the processes' order, as [`add`](Self::add)
    /// would have kept them in one pass.
    fn add_up_contributions(&mut self) {
        self.entries.sort_by_key(|e| e.order);
        for entry in &mut self.entries {
            let c = std::mem::take(&mut entry.contribution);
            for (id, s) in c.suppliers {
                let supplier = self.suppliers.entry(id).or_default();
                supplier.processes += s.processes;
                let add = |total: &mut Option<u64>, n: Option<u64>| {
                    if let Some(n) = n {
                        *total.get_or_insert(0) += n;
                    }
                };
                add(&mut supplier.sanctioned_processes, s.sanctioned_processes);
                add(&mut supplier.new_company_processes, s.new_company_processes);
                for list in s.sanctions_lists {
                    if !supplier.sanctions_lists.contains(&list) {
                        supplier.sanctions_lists.push(list);
                    }
                }
                if s.founded.is_some() {
                    supplier.founded = s.founded;
                }
            }
            self.flags.extend(c.flags);
            add_counts(&mut self.currencies, c.currencies);
            self.skipped_references += c.skipped_references;
            self.undated_matches += c.undated_matches;
        }
    }

    fn flag(&mut self, indicator: &str, ocid: &str, value: Option<f64>, reason: Reason, fields: Vec<Trigger>) {
        self.flags.push(process_flag(indicator, ocid, value, reason, fields));
    }

    /// INT-01.
    fn sanctioned(&mut self, ocid: &str, observed: &Observed, row: &mut ProcessIntegrity) -> Vec<(usize, String)> {
        let Some(sanctions) = &self.sanctions else { return Vec::new() };
        let mut checked = false;
        let mut found = Vec::new();
        let mut flags = Vec::new();
        let mut lists: IndexMap<String, Vec<String>> = IndexMap::new();
        for (i, award) in observed.awards.iter().enumerate() {
            for winner in award.winners.iter().filter(|w| !w.identifiers.is_empty()) {
                checked = true;
                self.suppliers.entry(winner.id.clone()).or_default().sanctioned_processes.get_or_insert(0);
                let check = sanctions.check(winner, award.date.as_ref());
                self.undated_matches += u64::from(check.undated);
                if check.hits.is_empty() {
                    continue;
                }
                let mut fields: Vec<Trigger> = Vec::new();
                let mut why = Vec::new();
                let mut why_es = Vec::new();
                for hit in &check.hits {
                    if !fields.contains(&hit.identifier.trigger) {
                        fields.push(hit.identifier.trigger.clone());
                    }
                    let s = hit.sanction;
                    let (period, period_es) = match (s.start, s.end) {
                        (None, None) => (String::new(), String::new()),
                        (start, end) => {
                            let (start, end) = (start.map(|d| d.to_string()), end.map(|d| d.to_string()));
                            (
                                format!(
                                    " from {} to {}",
                                    start.as_deref().unwrap_or("ever"),
                                    end.as_deref().unwrap_or("now")
                                ),
                                format!(
                                    " desde {} hasta {}",
                                    start.as_deref().unwrap_or("siempre"),
                                    end.as_deref().unwrap_or("hoy")
                                ),
                            )
                        }
                    };
                    let name = s.name.as_deref().map(|n| format!(" as {n:?}")).unwrap_or_default();
                    let name_es = s.name.as_deref().map(|n| format!(" como {n:?}")).unwrap_or_default();
                    why.push(format!("on {}{name}{period} (sanctions line {})", s.list, s.line));
                    why_es.push(format!("en {}{name_es}{period_es} (línea {} de sanciones)", s.list, s.line));
                    lists.entry(winner.id.clone()).or_default().push(s.list.clone());
                }
                fields.extend(award.date.as_ref().map(|d| d.trigger.clone()));
                let reason = Reason {
                    en: format!("supplier {} is {}", winner.id, why.join("; ")),
                    es: format!("el proveedor {} está {}", winner.id, why_es.join("; ")),
                };
                flags.push((reason, fields));
                found.push((i, winner.id.clone()));
            }
        }
        for (supplier, names) in lists {
            let entry = self.suppliers.entry(supplier).or_default();
            *entry.sanctioned_processes.get_or_insert(0) += 1;
            for name in names {
                if !entry.sanctions_lists.contains(&name) {
                    entry.sanctions_lists.push(name);
                }
            }
        }
        for (reason, fields) in flags {
            self.flag("INT-01", ocid, None, reason, fields);
        }
        row.sanctioned_supplier = checked.then_some(!found.is_empty());
        found
    }

    /// INT-02.
    fn without_identifier(&mut self, ocid: &str, observed: &Observed, row: &mut ProcessIntegrity) {
        let mut seen = IndexSet::new();
        let mut flagged = false;
        for winner in observed.awards.iter().flat_map(|a| &a.winners) {
            if !seen.insert(winner.id.as_str()) {
                continue;
            }
            if let Some(fields) = missing_identifier(winner) {
                flagged = true;
                let placeholder = !winner.placeholders.is_empty();
                let (why, why_es) = if placeholder {
                    ("only a placeholder identifier", "solo un identificador de relleno")
                } else {
                    ("no identifier", "ningún identificador")
                };
                let (party, party_es) = match winner.party.as_deref() {
                    Some(p) => (format!(" ({p})"), format!(" ({p})")),
                    None => (" (no party has its id)".to_owned(), " (ninguna parte tiene su id)".to_owned()),
                };
                let reason = Reason {
                    en: format!("supplier {} has {why}{party}", winner.id),
                    es: format!("el proveedor {} tiene {why_es}{party_es}", winner.id),
                };
                self.flag("INT-02", ocid, None, reason, fields);
            }
        }
        row.supplier_without_identifier = (!seen.is_empty()).then_some(flagged);
    }

    /// INT-03.
    fn new_company(&mut self, ocid: &str, observed: &Observed, row: &mut ProcessIntegrity) {
        let mut measured = false;
        let mut flagged: IndexSet<String> = IndexSet::new();
        let mut flags = Vec::new();
        let mut seen: IndexSet<String> = IndexSet::new();
        for award in &observed.awards {
            let Some(date) = &award.date else { continue };
            for winner in &award.winners {
                let Some(founded) = self.foundings.founded(winner) else { continue };
                measured = true;
                let age = days_between(founded.date, date.date);
                let supplier = self.suppliers.entry(winner.id.clone()).or_default();
                supplier.founded = Some(founded.date.date_naive().to_string());
                if seen.insert(winner.id.clone()) {
                    supplier.new_company_processes.get_or_insert(0);
                }
                if age < self.settings.min_age_days as f64 && flagged.insert(winner.id.clone()) {
                    *supplier.new_company_processes.get_or_insert(0) += 1;
                    let (day, days, limit) = (founded.date.date_naive(), age.floor(), self.settings.min_age_days);
                    let reason = Reason {
                        en: format!(
                            "supplier {} was founded on {day} ({}), {days} days before the award (< {limit})",
                            winner.id, founded.source
                        ),
                        es: format!(
                            "el proveedor {} se constituyó el {day} ({}), {days} días antes de la adjudicación (< {limit})",
                            winner.id, founded.source_es
                        ),
                    };
                    flags.push((Some(age), reason, vec![founded.trigger, date.trigger.clone()]));
                }
            }
        }
        for (age, reason, fields) in flags {
            self.flag("INT-03", ocid, age, reason, fields);
        }
        row.new_company = measured.then_some(!flagged.is_empty());
    }

    /// INT-07.
    fn amendments(&mut self, ocid: &str, process: &Process, row: &mut ProcessIntegrity) {
        let changes = amendment::changes(process);
        let limit = self.settings.max_increase;
        let largest = changes.iter().map(|c| c.increase).reduce(f64::max);
        row.value_increase = largest;
        row.value_raising_amendment = largest.map(|l| l > limit);
        for change in changes.into_iter().filter(|c| c.increase > limit) {
            let (from, to, increase, limit) = (&change.original, &change.last, change.increase * 100.0, limit * 100.0);
            let reason = Reason {
                en: format!("contract value raised from {from} to {to} (+{increase:.1}% > {limit:.1}%)"),
                es: format!("valor del contrato aumentado de {from} a {to} (+{increase:.1} % > {limit:.1} %)"),
            };
            self.flag("INT-07", ocid, Some(change.increase), reason, change.fields);
        }
    }

    /// INT-09.
    fn rationale(&mut self, ocid: &str, observed: &Observed, row: &mut ProcessIntegrity) {
        let Some((method, field)) = &observed.method else { return };
        if !self.settings.is_non_competitive(method) {
            return;
        }
        let rationale = &observed.rationale;
        let empty = rationale.value.as_str().is_none_or(|r| r.trim().is_empty());
        row.non_competitive_without_rationale = Some(empty);
        if empty {
            let reason = Reason {
                en: format!("method {method} without procurementMethodRationale"),
                es: format!("método {method} sin procurementMethodRationale"),
            };
            self.flag("INT-09", ocid, None, reason, vec![field.clone(), rationale.clone()]);
        }
    }

    fn currency(&self) -> Option<String> {
        self.settings
            .currency
            .clone()
            .or_else(|| crate::indices::json::main_currency(self.currencies.iter().map(|(c, n)| (c.as_str(), *n))))
    }

    /// The most specific threshold for a process (the first in the table among equals).
    fn threshold(&self, entry: &Entry) -> Option<&Threshold> {
        let thresholds = self.thresholds.as_ref()?;
        let (method, _) = entry.observed.method.as_ref()?;
        if !self.settings.is_non_competitive(method) {
            return None;
        }
        let year = entry.observed.year_date.as_ref()?.date.year();
        let buyer = entry.row.buyer.as_deref();
        let mut best: Option<(u8, &Threshold)> = None;
        for threshold in thresholds {
            if let Some(rank) = threshold.rank(buyer, year, &entry.observed.categories, method)
                && best.is_none_or(|(r, _)| rank > r)
            {
                best = Some((rank, threshold));
            }
        }
        best.map(|(_, t)| t)
    }

    /// The report.
    pub fn finish(mut self) -> IntegrityReport {
        self.add_up_contributions();
        let currency = self.currency();
        let in_currency = |m: &&Money| Some(&m.currency) == currency.as_ref();
        let margin = Decimal::from_f64(self.settings.margin).unwrap_or(Decimal::ZERO);
        let unit = (0..self.settings.round_digits).try_fold(Decimal::ONE, |u, _| u.checked_mul(Decimal::TEN));
        let mut splits = Splits::default();
        let mut repeats = Repeats::default();
        let mut late_flags = Vec::new();
        let mut dataset = Tally::default();
        let mut buyers: IndexMap<String, Tally> = IndexMap::new();
        let mut processes: IndexMap<String, ProcessIntegrity> = IndexMap::new();
        let mut duplicates = 0u64;
        let entries = std::mem::take(&mut self.entries);
        for mut entry in entries {
            let awards = &entry.observed.awards;
            let awarded: Vec<&Money> = awards.iter().filter_map(|a| a.amount.as_ref()).filter(in_currency).collect();
            // INT-04
            let threshold = self.threshold(&entry).map(|t| (t.line, t.amount));
            let amount = checked_sum(awarded.iter().map(|m| m.amount)).filter(|_| !awarded.is_empty());
            let floor = threshold.and_then(|(_, t)| Decimal::ONE.checked_sub(margin).and_then(|f| t.checked_mul(f)));
            if let (Some((line, t)), Some(amount), Some(floor)) = (threshold, amount, floor) {
                let under = floor <= amount && amount < t;
                entry.row.amount = amount.to_f64();
                entry.row.threshold = t.to_f64();
                entry.row.just_under_threshold = Some(under);
                if under {
                    let mut fields: Vec<Trigger> = entry.observed.method.iter().map(|(_, f)| f.clone()).collect();
                    fields.extend(awarded.iter().map(|m| m.trigger.clone()));
                    fields.extend(entry.observed.year_date.iter().map(|d| d.trigger.clone()));
                    let (method, margin) =
                        (entry.row.method.as_deref().unwrap_or_default(), self.settings.margin * 100.0);
                    let reason = Reason {
                        en: format!(
                            "awarded {amount} by a {method} process, within {margin}% under the threshold {t} \
                             (thresholds line {line})"
                        ),
                        es: format!(
                            "adjudicado {amount} por un proceso {method}, dentro del {margin} % bajo el umbral {t} \
                             (línea {line} de los umbrales)"
                        ),
                    };
                    let flag = process_flag("INT-04", &entry.ocid, amount.to_f64(), reason, fields);
                    late_flags.push(flag);
                }
            }
            // INT-08
            let amounts: Vec<&Money> = awarded
                .iter()
                .copied()
                .chain(entry.observed.contract_amounts.iter().filter(in_currency))
                .filter(|m| m.amount > Decimal::ZERO)
                .collect();
            if !amounts.is_empty() {
                let round: Vec<&Money> = amounts
                    .iter()
                    .copied()
                    .filter(|m| unit.and_then(|u| m.amount.checked_rem(u)).is_some_and(|r| r.is_zero()))
                    .collect();
                entry.row.round_amount = Some(!round.is_empty());
                if let Some(largest) = round.iter().map(|m| m.amount).max() {
                    let digits = self.settings.round_digits;
                    let reason = Reason {
                        en: format!("amount {largest} is a multiple of 10^{digits}"),
                        es: format!("el monto {largest} es múltiplo de 10^{digits}"),
                    };
                    let fields = round.iter().map(|m| m.trigger.clone()).collect();
                    late_flags.push(process_flag("INT-08", &entry.ocid, largest.to_f64(), reason, fields));
                }
            }
            // INT-01 value
            let all = checked_sum(awarded.iter().map(|m| m.amount)).filter(|_| !awarded.is_empty());
            let sanctioned_value = entry.row.sanctioned_supplier.and(all).and_then(|all| {
                let mut flagged = Decimal::ZERO;
                let mut counted = IndexSet::new();
                for (i, supplier) in &entry.sanctioned {
                    if let Some(amount) = awards[*i].amount.as_ref().filter(in_currency).map(|m| m.amount) {
                        if counted.insert(*i) {
                            flagged = flagged.checked_add(amount)?;
                        }
                        let value =
                            self.suppliers.entry(supplier.clone()).or_default().sanctioned_value.get_or_insert(0.0);
                        *value += amount.to_f64().unwrap_or(f64::NAN);
                    }
                }
                Some((flagged, all))
            });
            // INT-05 and INT-06
            if let Some(buyer) = entry.row.buyer.clone() {
                if let Some(threshold) = threshold {
                    let by_class = self.settings.class_digits.is_some();
                    for (supplier, class, part) in parts(&entry.ocid, awards, currency.as_deref(), by_class) {
                        if part.amount < threshold.1 {
                            splits.add(&buyer, &supplier, threshold, class, part);
                        }
                    }
                }
                for award in awards {
                    let Some(date) = &award.date else { continue };
                    for winner in &award.winners {
                        repeats.win(&buyer, &entry.ocid, date.date, &winner.id, &winner.trigger);
                    }
                    if let ([winner], Some(money)) =
                        (award.winners.as_slice(), award.amount.as_ref().filter(in_currency))
                    {
                        repeats.value(&buyer, &entry.ocid, date.date, &winner.id, money.amount);
                    }
                }
            }
            dataset.add(&entry.row, sanctioned_value);
            if let Some(buyer) = &entry.row.buyer {
                buyers.entry(buyer.clone()).or_default().add(&entry.row, sanctioned_value);
            }
            if processes.insert(entry.ocid, entry.row).is_some() {
                duplicates += 1;
            }
        }
        let thresholds = self.thresholds.is_some();
        let mut pairs: IndexMap<String, PairIntegrity> = IndexMap::new();
        let (results, repeat_flags) = repeats.judge(
            self.settings.repeat_count,
            self.settings.repeat_share,
            self.settings.repeat_share_min_processes,
        );
        for pairs::Judged { buyer, supplier, year, result } in results {
            let flagged = u64::from(result.flagged);
            *dataset.repeats.get_or_insert(0) += flagged;
            *buyers.entry(buyer.clone()).or_default().repeats.get_or_insert(0) += flagged;
            let pair = pairs.entry(format!("{buyer}|{supplier}")).or_default();
            pair.splitting_clusters = thresholds.then_some(0);
            pair.repeat_winner.insert(year.to_string(), result);
        }
        let clusters = splits.clusters(self.settings.window_days);
        for cluster in &clusters {
            dataset.splitting += 1;
            buyers.entry(cluster.buyer.clone()).or_default().splitting += 1;
            let pair = pairs.entry(format!("{}|{}", cluster.buyer, cluster.supplier)).or_default();
            *pair.splitting_clusters.get_or_insert(0) += 1;
        }
        self.flags.extend(late_flags);
        self.flags.extend(clusters.into_iter().map(|c| c.flag));
        self.flags.extend(repeat_flags);
        self.flags.sort_by(|a, b| a.indicator.cmp(&b.indicator));
        let notes = self.notes(duplicates);
        IntegrityReport {
            meta: IntegrityMeta { currency, settings: self.settings, inputs: self.rows, notes },
            dataset: dataset.report(thresholds),
            buyer: buyers.into_iter().map(|(id, t)| (id, t.report(thresholds))).collect(),
            supplier: self.suppliers,
            buyer_supplier: pairs,
            process: processes,
            flags: self.flags,
        }
    }

    fn notes(&self, duplicates: u64) -> Vec<String> {
        let mut notes = Vec::new();
        let missing = |table: &str, path: &Option<String>, what: &str| {
            let given = path.as_deref().map(|p| format!(" (`{p}` is configured but was not read)")).unwrap_or_default();
            format!("no {table} table{given}: {what}")
        };
        if self.rows.sanctions.is_none() {
            notes.push(missing("sanctions", &self.settings.sanctions, "INT-01 not computed"));
        }
        if self.rows.thresholds.is_none() {
            notes.push(missing("thresholds", &self.settings.thresholds, "INT-04 and INT-05 not computed"));
        }
        if self.rows.foundings.is_none() {
            let what = format!("INT-03 reads only `/parties[]/details/{}`", self.settings.founding_date_member);
            notes.push(missing("foundings", &self.settings.foundings, &what));
        }
        if self.skipped_references > 0 {
            notes.push(format!(
                "{} supplier references of active awards had no string id and were skipped",
                self.skipped_references
            ));
        }
        if self.undated_matches > 0 {
            notes.push(format!(
                "{} supplier identifiers matched a sanction with a period, but the award had no date: not flagged",
                self.undated_matches
            ));
        }
        if duplicates > 0 {
            notes.push(format!("{duplicates} ocids were read more than once; their rows show the last"));
        }
        notes
    }
}

/// Σ amounts; `None` when the sum does not fit a decimal (absurd amounts are left out, not a
/// crash).
fn checked_sum(amounts: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    amounts.into_iter().try_fold(Decimal::ZERO, |sum, a| sum.checked_add(a))
}

/// A flag's sentence in both languages.
struct Reason {
    en: String,
    es: String,
}

fn process_flag(indicator: &str, ocid: &str, value: Option<f64>, reason: Reason, fields: Vec<Trigger>) -> Flag {
    Flag {
        indicator: indicator.to_owned(),
        level: Level::Process,
        id: ocid.to_owned(),
        value,
        reason: reason.en,
        reason_es: reason.es,
        fields,
    }
}

/// INT-05 parts of one process: per supplier (and item class when `by_class`; awards without one
/// class are then left out), the sum of its dated single-supplier active awards in the main
/// currency, dated by the earliest.
fn parts(ocid: &str, awards: &[Award], currency: Option<&str>, by_class: bool) -> Vec<(String, Option<String>, Part)> {
    let mut out: IndexMap<(String, Option<String>), Part> = IndexMap::new();
    for award in awards {
        let ([winner], Some(money), Some(date)) = (award.winners.as_slice(), &award.amount, &award.date) else {
            continue;
        };
        if Some(money.currency.as_str()) != currency || by_class && award.class.is_none() {
            continue;
        }
        let part = out.entry((winner.id.clone(), award.class.clone())).or_insert_with(|| Part {
            ocid: ocid.to_owned(),
            date: date.date,
            amount: Decimal::ZERO,
            fields: Vec::new(),
        });
        part.amount = part.amount.saturating_add(money.amount);
        part.date = part.date.min(date.date);
        part.fields.push(money.trigger.clone());
        part.fields.push(date.trigger.clone());
    }
    out.into_iter().map(|((supplier, class), part)| (supplier, class, part)).collect()
}
