//! Budget coverage (BUD-01, BUD-02 of the catalogue): how much of a buyer's approved budget
//! its contracting processes account for, per year and chapter of the object-of-expenditure
//! classification (COG), and how much published spending cannot be assigned a chapter.
//!
//! The published amount of a process comes from the first source that has one, in the
//! configured order: its planning budget breakdown (each entry classified on its own), its
//! planning budget amount, or the values of its active contracts; each process row says which.
//! The approved amounts are the user's table ([`ApprovedBudget`], read from CSV by the caller
//! and given with [`Budget::with_approved`] or in [`Inputs`](crate::indices::inputs::Inputs):
//! the library does no file I/O).

mod approved;
mod classify;

pub use approved::{ApprovedBudget, ApprovedError, ApprovedRow};
pub use classify::{chapter_of_code, chapter_of_value};

use crate::indices::process::Process;
use crate::indices::report::Share;
use classify::{BudgetReader, ProcessAmounts};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Where a published amount comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmountSource {
    /// `/planning/budget/budgetBreakdown[]/amount`, each entry with its own chapter and year.
    BudgetBreakdown,
    /// `/planning/budget/amount`.
    BudgetAmount,
    /// `/contracts[]/value` of active contracts.
    Contracts,
}

impl AmountSource {
    const ALL: [AmountSource; 3] = [AmountSource::BudgetBreakdown, AmountSource::BudgetAmount, AmountSource::Contracts];

    fn name(self) -> &'static str {
        match self {
            AmountSource::BudgetBreakdown => "budget_breakdown",
            AmountSource::BudgetAmount => "budget_amount",
            AmountSource::Contracts => "contracts",
        }
    }
}

/// Where the year of an amount comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// `period/startDate` (else `endDate`) of the budget breakdown entry; for the whole process,
    /// the year all its entries' periods share.
    BudgetPeriod,
    /// `/tender/tenderPeriod/startDate`.
    TenderPeriod,
    /// The earliest `/awards[]/date` of an active award (not in the catalogue's rule; opt in for
    /// data without tender periods).
    AwardDate,
}

/// `[budget]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetSettings {
    /// The approved-budget CSV (`buyer_id, year, chapter, approved_amount[, currency]`), a path
    /// relative to the configuration file's folder. The command line reads it; a library caller
    /// reads it with [`ApprovedBudget::from_csv`] and gives it in
    /// [`Inputs`](crate::indices::inputs::Inputs) (or [`Budget::with_approved`]).
    pub approved: Option<String>,
    /// The sources of the published amount, first that has one wins (default: budget
    /// breakdown, budget amount, contracts).
    pub amount_sources: Vec<AmountSource>,
    /// The sources of the year, first that has one wins (default: budget period, tender
    /// period).
    pub year_sources: Vec<YearSource>,
    /// Chapters BUD-01 reports (default 2000, 3000, 5000, 7000); empty: every chapter.
    pub chapters: Vec<u32>,
    /// Keys of a budget breakdown entry's `classifications` object that hold an
    /// object-of-expenditure code (compared without case).
    pub classification_keys: Vec<String>,
    /// The only currency whose amounts count; unset: the currency of most amounts read.
    pub currency: Option<String>,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        BudgetSettings {
            approved: None,
            amount_sources: AmountSource::ALL.to_vec(),
            year_sources: vec![YearSource::BudgetPeriod, YearSource::TenderPeriod],
            chapters: vec![2000, 3000, 5000, 7000],
            classification_keys: ["partida", "partidaEspecifica", "capitulo", "objetoGasto", "objetoDelGasto"]
                .map(str::to_owned)
                .to_vec(),
            currency: None,
        }
    }
}

/// BUD-01 for one buyer, year and chapter.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BudgetCell {
    /// `/buyer/id`.
    pub buyer: String,
    /// The year.
    pub year: i32,
    /// The chapter.
    pub chapter: u32,
    /// The approved amount; `null` when the table has no row for this cell.
    pub approved: Option<f64>,
    /// Σ published amounts of the buyer's processes in this year and chapter.
    pub published: f64,
    /// BUD-01: published ÷ approved; coverage = processes with an amount here.
    pub published_vs_approved: Share,
    /// BUD-01 capped at 1: min(published, approved) ÷ approved.
    pub published_vs_approved_capped: Share,
}

/// BUD-01 and BUD-02 of a buyer or of the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BudgetTotals {
    /// Processes read (not cancelled).
    pub processes: u64,
    /// Processes by the source of their amount (in any currency).
    pub sources: IndexMap<String, u64>,
    /// Σ approved amounts of the reported chapters; `null` when the table has none.
    pub approved: Option<f64>,
    /// Σ published amounts in the cells (year, chapter) with an approved amount.
    pub published: f64,
    /// BUD-01: published ÷ approved over those cells; coverage = processes with an amount in
    /// them.
    pub published_vs_approved: Share,
    /// BUD-01 capped: Σ min(published, approved) per cell ÷ approved, so that spending above
    /// the budget in one chapter does not hide a shortfall in another.
    pub published_vs_approved_capped: Share,
    /// Published amounts with a year and a reported chapter but no approved amount.
    pub published_without_approved: f64,
    /// Published amounts classified to chapters not reported.
    pub other_chapters: f64,
    /// Published amounts with a chapter but no year.
    pub without_year: f64,
    /// BUD-02: processes with an amount that cannot be assigned a chapter ÷ processes with an
    /// amount (main currency).
    pub unclassified_count: Share,
    /// BUD-02: that amount ÷ all published amounts; coverage = processes with an amount.
    pub unclassified_value: Share,
}

/// One amount of a process, in the main currency.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PublishedPart {
    /// The year, if known.
    pub year: Option<i32>,
    /// The chapter, if known.
    pub chapter: Option<u32>,
    /// The amount.
    pub amount: f64,
}

/// What one process contributes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ProcessBudget {
    /// `/buyer/id`.
    pub buyer: Option<String>,
    /// Where its amounts came from.
    pub amount_source: Option<AmountSource>,
    /// The process' year (from the year sources).
    pub year: Option<i32>,
    /// Σ of its amounts in the main currency; `null` when none was in it.
    pub amount: Option<f64>,
    /// Its amounts in the main currency.
    pub parts: Vec<PublishedPart>,
}

/// Settings and data notes of the report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BudgetMeta {
    /// The currency whose amounts counted.
    pub currency: Option<String>,
    /// The settings used.
    pub settings: BudgetSettings,
    /// Rows of the approved-budget table.
    pub approved_rows: u64,
    /// Rows left out: another currency, or a chapter not reported.
    pub approved_rows_left_out: u64,
    /// What the reader should know (no table…).
    pub notes: Vec<String>,
}

/// The budget report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BudgetReport {
    /// Currency, settings, notes.
    pub meta: BudgetMeta,
    /// The whole input.
    pub dataset: BudgetTotals,
    /// By `/buyer/id`: buyers of processes first-seen, then buyers only in the table.
    pub buyer: IndexMap<String, BudgetTotals>,
    /// By `buyer|year|chapter`, in buyer order, then year and chapter.
    #[serde(rename = "buyerYearChapter")]
    pub buyer_year_chapter: IndexMap<String, BudgetCell>,
    /// By `/ocid`.
    pub process: IndexMap<String, ProcessBudget>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Measured {
    /// The process' place in the dataset ([`Process::at`]).
    order: u64,
    ocid: String,
    buyer: Option<String>,
    amounts: ProcessAmounts,
}

/// What budget coverage keeps of the processes it read: each one's amounts, which the report
/// folds in the processes' order.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct BudgetPart {
    processes: Vec<Measured>,
}

impl BudgetPart {
    /// Adds the processes of another share.
    pub(crate) fn combine(&mut self, other: BudgetPart) {
        self.processes.extend(other.processes);
    }
}

/// Folds processes into budget tallies.
#[derive(Debug, Default)]
pub struct Budget {
    settings: BudgetSettings,
    approved: Option<ApprovedBudget>,
    processes: Vec<Measured>,
}

impl Budget {
    /// Budget coverage as configured, without an approved-budget table.
    pub fn new(settings: BudgetSettings) -> Budget {
        Budget { settings, approved: None, processes: Vec::new() }
    }

    /// The same with the approved-budget table; without one, BUD-01 has no denominator
    /// (published amounts and BUD-02 are still reported).
    pub fn with_approved(self, approved: Option<ApprovedBudget>) -> Budget {
        Budget { approved, ..self }
    }

    /// Reads one process; a cancelled tender, or a process without a string `/ocid`, is left
    /// out.
    pub fn add(&mut self, process: &Process) {
        let Some(ocid) = process.ocid() else { return };
        if process.is_cancelled() {
            return;
        }
        let amounts = BudgetReader::new(&self.settings, process.release()).read();
        let buyer = process.buyer().map(str::to_owned);
        self.processes.push(Measured { order: process.place(), ocid: ocid.to_owned(), buyer, amounts });
    }

    /// What was read so far, leaving none (see [`Partial`](crate::indices::Partial)).
    pub(crate) fn take_part(&mut self) -> BudgetPart {
        BudgetPart { processes: std::mem::take(&mut self.processes) }
    }

    /// Reads the processes of a share read elsewhere.
    pub(crate) fn absorb(&mut self, part: BudgetPart) {
        self.processes.extend(part.processes);
    }

    /// The report.
    pub fn finish(mut self) -> BudgetReport {
        self.processes.sort_by_key(|p| p.order);
        let settings = &self.settings;
        let currency = settings.currency.clone().or_else(|| self.main_currency());
        let c = currency.as_deref();
        let reported = |chapter: u32| settings.chapters.is_empty() || settings.chapters.contains(&chapter);

        // Buyers in first-seen order, processes first; cells by (buyer index, year, chapter).
        let mut buyers: IndexMap<&str, Tally> = IndexMap::new();
        let mut dataset = Tally::default();
        for p in &self.processes {
            if let Some(buyer) = &p.buyer {
                buyers.entry(buyer).or_default();
            }
        }
        let mut cells: BTreeMap<(usize, i32, u32), Cell> = BTreeMap::new();
        let rows = self.approved.as_ref().map_or(&[][..], |t| &t.rows[..]);
        let mut left_out = 0;
        for row in rows {
            if row.currency.as_deref().is_some_and(|rc| Some(rc) != c) || !reported(row.chapter) {
                left_out += 1;
                continue;
            }
            let entry = buyers.entry(&row.buyer);
            let index = entry.index();
            entry.or_default();
            *cells.entry((index, row.year, row.chapter)).or_default().approved.get_or_insert(Decimal::ZERO) +=
                row.amount;
        }

        for (number, p) in self.processes.iter().enumerate() {
            let buyer = p.buyer.as_deref().and_then(|b| buyers.get_index_of(b));
            let mut fold = Fold::default();
            for part in p.amounts.parts.iter().filter(|part| Some(part.currency.as_str()) == c) {
                fold.total += part.amount;
                match (part.chapter, part.year, buyer) {
                    (None, _, _) => fold.unclassified += part.amount,
                    (Some(chapter), _, _) if !reported(chapter) => fold.other_chapters += part.amount,
                    (Some(_), None, _) => fold.without_year += part.amount,
                    (Some(chapter), Some(year), Some(b)) => {
                        let cell = cells.entry((b, year, chapter)).or_default();
                        cell.published += part.amount;
                        cell.processes.insert(number);
                        fold.in_approved |= cell.approved.is_some();
                    }
                    (Some(_), Some(_), None) => fold.without_approved += part.amount,
                }
            }
            let measured = p.amounts.parts.iter().any(|part| Some(part.currency.as_str()) == c);
            dataset.add(p.amounts.source, measured.then_some(&fold));
            if let Some(b) = buyer {
                buyers[b].add(p.amounts.source, measured.then_some(&fold));
            }
        }

        let mut buyer_year_chapter = IndexMap::new();
        for ((b, year, chapter), cell) in &cells {
            let Some((id, tally)) = buyers.get_index_mut(*b) else { continue };
            tally.add_cell(cell);
            dataset.add_cell(cell);
            buyer_year_chapter.insert(format!("{id}|{year}|{chapter}"), cell.finish(id, *year, *chapter));
        }

        let mut notes = Vec::new();
        if self.approved.is_none() {
            notes.push(match &settings.approved {
                Some(path) => format!("the approved-budget table {path} was not loaded: BUD-01 has no denominator"),
                None => "no approved-budget table: BUD-01 has no denominator".to_owned(),
            });
        }
        let process = self
            .processes
            .iter()
            .map(|p| {
                let parts: Vec<PublishedPart> = p
                    .amounts
                    .parts
                    .iter()
                    .filter(|part| Some(part.currency.as_str()) == c)
                    .map(|part| PublishedPart { year: part.year, chapter: part.chapter, amount: to_f64(part.amount) })
                    .collect();
                let amount = (!parts.is_empty()).then(|| parts.iter().map(|part| part.amount).sum());
                let row = ProcessBudget {
                    buyer: p.buyer.clone(),
                    amount_source: p.amounts.source,
                    year: p.amounts.year,
                    amount,
                    parts,
                };
                (p.ocid.clone(), row)
            })
            .collect();
        BudgetReport {
            meta: BudgetMeta {
                currency,
                settings: settings.clone(),
                approved_rows: rows.len() as u64,
                approved_rows_left_out: left_out,
                notes,
            },
            dataset: dataset.finish(),
            buyer: buyers.into_iter().map(|(id, t)| (id.to_owned(), t.finish())).collect(),
            buyer_year_chapter,
            process,
        }
    }

    /// The currency of most amounts read (ties: alphabetical); the table's when no process has
    /// an amount.
    fn main_currency(&self) -> Option<String> {
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for part in self.processes.iter().flat_map(|p| &p.amounts.parts) {
            *counts.entry(&part.currency).or_default() += 1;
        }
        if counts.is_empty() {
            let rows = self.approved.iter().flat_map(|t| &t.rows);
            for currency in rows.filter_map(|r| r.currency.as_deref()) {
                *counts.entry(currency).or_default() += 1;
            }
        }
        crate::indices::json::main_currency(counts)
    }
}

/// Where one process' amounts (main currency) went.
#[derive(Debug, Default)]
struct Fold {
    total: Decimal,
    unclassified: Decimal,
    other_chapters: Decimal,
    without_year: Decimal,
    without_approved: Decimal,
    /// Some amount is in a cell with an approved amount.
    in_approved: bool,
}

/// One buyer × year × chapter.
#[derive(Debug, Default)]
struct Cell {
    approved: Option<Decimal>,
    published: Decimal,
    processes: HashSet<usize>,
}

impl Cell {
    fn finish(&self, buyer: &str, year: i32, chapter: u32) -> BudgetCell {
        let approved = self.approved.unwrap_or_default();
        let coverage = self.processes.len() as u64;
        BudgetCell {
            buyer: buyer.to_owned(),
            year,
            chapter,
            approved: self.approved.map(to_f64),
            published: to_f64(self.published),
            published_vs_approved: Share::of(to_f64(self.published), to_f64(approved), coverage),
            published_vs_approved_capped: Share::of(to_f64(self.published.min(approved)), to_f64(approved), coverage),
        }
    }
}

/// Tallies of the dataset or one buyer.
#[derive(Debug, Default)]
struct Tally {
    processes: u64,
    sources: BTreeMap<AmountSource, u64>,
    with_amount: u64,
    unclassified_processes: u64,
    total: Decimal,
    unclassified: Decimal,
    other_chapters: Decimal,
    without_year: Decimal,
    without_approved: Decimal,
    in_approved: u64,
    approved: Option<Decimal>,
    published: Decimal,
    capped: Decimal,
}

impl Tally {
    fn add(&mut self, source: Option<AmountSource>, fold: Option<&Fold>) {
        self.processes += 1;
        if let Some(source) = source {
            *self.sources.entry(source).or_default() += 1;
        }
        let Some(fold) = fold else { return };
        self.with_amount += 1;
        self.unclassified_processes += u64::from(!fold.unclassified.is_zero());
        self.total += fold.total;
        self.unclassified += fold.unclassified;
        self.other_chapters += fold.other_chapters;
        self.without_year += fold.without_year;
        self.without_approved += fold.without_approved;
        self.in_approved += u64::from(fold.in_approved);
    }

    fn add_cell(&mut self, cell: &Cell) {
        match cell.approved {
            Some(approved) => {
                *self.approved.get_or_insert(Decimal::ZERO) += approved;
                self.published += cell.published;
                self.capped += cell.published.min(approved);
            }
            None => self.without_approved += cell.published,
        }
    }

    fn finish(&self) -> BudgetTotals {
        let approved = self.approved.unwrap_or_default();
        BudgetTotals {
            processes: self.processes,
            sources: AmountSource::ALL
                .iter()
                .map(|s| (s.name().to_owned(), self.sources.get(s).copied().unwrap_or(0)))
                .collect(),
            approved: self.approved.map(to_f64),
            published: to_f64(self.published),
            published_vs_approved: Share::of(to_f64(self.published), to_f64(approved), self.in_approved),
            published_vs_approved_capped: Share::of(to_f64(self.capped), to_f64(approved), self.in_approved),
            published_without_approved: to_f64(self.without_approved),
            other_chapters: to_f64(self.other_chapters),
            without_year: to_f64(self.without_year),
            unclassified_count: Share::count(self.unclassified_processes, self.with_amount),
            unclassified_value: Share::of(to_f64(self.unclassified), to_f64(self.total), self.with_amount),
        }
    }
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}
