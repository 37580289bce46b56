//! Transparency and integrity indicators over compiled releases.
//!
//! Each family lives in its own module and folds compiled releases one at a time, so a dataset
//! streams through in constant memory per process; [`Indices::finish`] computes what needs the
//! whole dataset (quartiles, fences, shares). Families:
//!
//! - [`cardinal`]: red flags with parity to OCP's Cardinal (R003 … R058).
//! - [`coverage`]: field coverage as Cardinal's `coverage` command counts it.
//! - [`competition`]: direct-award shares, method mix, single-bidder rate, mean tenderers, supplier
//!   concentration (Mexican method map).
//! - [`completeness`]: the open-contracting index — stage completeness, field coverage, contract
//!   and call-for-tenders publication, late publication.
//! - [`timeliness`]: tender, award and signature days; milestones on time; reopened work; long
//!   contracts and key dates on weekends or Mexican holidays.
//! - [`integrity`]: integrity flags (sanctioned or new suppliers, amounts just under thresholds,
//!   splitting, repeat winners, value-raising amendments…), with input tables ([`inputs`]).
//! - [`budget`]: published amounts against the approved budget per buyer, year and chapter.
//!
//! A dataset read in shares (the partitions of a cluster) gives the same report through
//! [`Partial`]: [`Indices::partial`], [`Partial::combine`], [`Indices::absorb`].
//!
//! The methodology (formulas, fields read, parameters, caveats) is in `docs/indices.md`.
//!
//! ```
//! use edca::indices::{Config, Indices};
//!
//! let mut indices = Indices::new(Config::default());
//! let release = serde_json::json!({"ocid": "ocds-1", "tender": {"procurementMethod": "open",
//!     "numberOfTenderers": 1}});
//! indices.add(&release);
//! let report = indices.finish();
//! let cardinal = report.cardinal.unwrap().to_json(false, true);
//! assert_eq!(cardinal["OCID"]["ocds-1"]["R018"], 1.0);
//! assert_eq!(cardinal["Fields"]["OCID"]["ocds-1"]["R018"][0]["pointer"], "/tender/numberOfTenderers");
//! ```

pub mod budget;
pub mod cardinal;
pub mod competition;
pub mod completeness;
pub mod coverage;
pub mod csv;
pub mod inputs;
pub mod integrity;
pub(crate) mod json;
pub mod partial;
pub mod process;
pub mod quantile;
pub mod report;
mod run;
pub mod timeliness;

use budget::{Budget, BudgetReport, BudgetSettings};
use cardinal::{Cardinal, CardinalReport, CardinalSettings, FlagFields};
use competition::{Competition, CompetitionReport, CompetitionSettings};
use completeness::{Completeness, CompletenessReport, CompletenessSettings};
use coverage::FieldCoverage;
use indexmap::IndexMap;
use inputs::Inputs;
use integrity::{Integrity, IntegrityReport, IntegritySettings};
pub use partial::Partial;
pub use process::Process;
pub use run::{Run, is_process, is_record_process};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use timeliness::{Timeliness, TimelinessReport, TimelinessSettings};

/// Why a configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum IndicesError {
    /// The configuration does not fit the expected shape (unknown key, wrong type…).
    #[error("invalid indices configuration: {0}")]
    Config(String),
}

/// A family of indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Cardinal's red flags.
    Cardinal,
    /// Field coverage.
    Coverage,
    /// Direct-award shares, single-bidder rate, mean tenderers.
    Competition,
    /// The open-contracting index.
    Completeness,
    /// Tender, award and signature days; milestones on time; reopened work; date red flags.
    Timeliness,
    /// Integrity flags.
    Integrity,
    /// Published amounts against the approved budget.
    Budget,
}

impl Family {
    /// Every family, in report order.
    pub const ALL: [Family; 7] = [
        Family::Cardinal,
        Family::Coverage,
        Family::Competition,
        Family::Completeness,
        Family::Timeliness,
        Family::Integrity,
        Family::Budget,
    ];
}

/// What to compute and how. Every key is optional; the defaults are documented on each field
/// and in `docs/indices.md`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Families to compute (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub families: Option<Vec<Family>>,
    /// Cardinal's settings, with Cardinal's names. Absent, or without any `[Rxxx]` section:
    /// every Cardinal indicator with its defaults. With sections: only those, as in Cardinal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cardinal: Option<CardinalSettings>,
    /// Competition settings (method and label maps, competitive methods, max_share, currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competition: Option<CompetitionSettings>,
    /// Completeness settings (field lists and weights per stage, document types); its methods
    /// are read with the competition settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completeness: Option<CompletenessSettings>,
    /// Timeliness settings (thresholds, limits, as-of date, holidays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeliness: Option<TimelinessSettings>,
    /// Integrity settings (input table paths, thresholds of each flag, currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<IntegritySettings>,
    /// Budget settings (approved-budget table, amount and year sources, chapters, currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetSettings>,
}

impl Config {
    /// A configuration from a JSON value (e.g. a parsed TOML or JSON file, or a Python dict).
    pub fn from_value(value: Value) -> Result<Config, IndicesError> {
        serde_json::from_value(value).map_err(|e| IndicesError::Config(e.to_string()))
    }

    fn has(&self, family: Family) -> bool {
        self.families.as_ref().is_none_or(|f| f.contains(&family))
    }
}

/// Computes the configured families over compiled releases added one by one.
#[derive(Debug)]
pub struct Indices {
    cardinal: Option<Cardinal>,
    coverage: Option<FieldCoverage>,
    competition: Option<Competition>,
    completeness: Option<Completeness>,
    timeliness: Option<Timeliness>,
    integrity: Option<Integrity>,
    budget: Option<Budget>,
    processes: u64,
}

impl Indices {
    /// Indices as configured, without input tables (the indicators that need one report `null`).
    pub fn new(config: Config) -> Indices {
        Indices::with_inputs(config, Inputs::default())
    }

    /// Indices as configured, with the input tables of the integrity and budget families. The
    /// library reads no files: the `[integrity]` and `[budget]` paths are for callers (the CLI
    /// reads them); parse each table with [`inputs::Sanction::read_csv`] and its siblings, and
    /// [`budget::ApprovedBudget::from_csv`].
    pub fn with_inputs(config: Config, mut inputs: Inputs) -> Indices {
        let cardinal = config.has(Family::Cardinal).then(|| {
            let mut settings = config.cardinal.clone().unwrap_or_default();
            if settings.has_no_indicator() {
                let all = CardinalSettings::all();
                settings = CardinalSettings {
                    currency: settings.currency,
                    no_price_comparison_procurement_methods: settings.no_price_comparison_procurement_methods,
                    price_comparison_procurement_methods: settings.price_comparison_procurement_methods,
                    exclusions: settings.exclusions,
                    ..all
                };
            }
            Cardinal::new(settings)
        });
        let coverage = config.has(Family::Coverage).then(FieldCoverage::new);
        let competition =
            config.has(Family::Competition).then(|| Competition::new(config.competition.clone().unwrap_or_default()));
        let completeness = config.has(Family::Completeness).then(|| {
            Completeness::with_methods(
                config.completeness.clone().unwrap_or_default(),
                config.competition.clone().unwrap_or_default(),
            )
        });
        let timeliness =
            config.has(Family::Timeliness).then(|| Timeliness::new(config.timeliness.clone().unwrap_or_default()));
        let approved = inputs.approved_budget.take();
        let integrity = config.has(Family::Integrity).then(|| {
            Integrity::new(config.integrity.clone().unwrap_or_default())
                .with_inputs(inputs)
                .with_methods(config.competition.clone().unwrap_or_default())
        });
        let budget = config
            .has(Family::Budget)
            .then(|| Budget::new(config.budget.clone().unwrap_or_default()).with_approved(approved));
        Indices { cardinal, coverage, competition, completeness, timeliness, integrity, budget, processes: 0 }
    }

    /// Values read so far (processes, and lines that were no process but count as read).
    pub fn processes(&self) -> u64 {
        self.processes
    }

    /// Reads one compiled release (a process without history).
    pub fn add(&mut self, release: &Value) {
        match Process::new(release) {
            Some(process) => self.add_process(&process),
            None => {
                // Not a process, but a line Cardinal's `coverage` counts all the same.
                self.processes += 1;
                if let Some(coverage) = &mut self.coverage {
                    coverage.add(release);
                }
            }
        }
    }

    /// Reads one process: its compiled release and, if known, its versioned release. A process
    /// without a place ([`Process::at`]) takes the next one.
    pub fn add_process(&mut self, process: &Process) {
        let process = &placed(process, self.processes);
        self.processes += 1;
        let release = process.compiled;
        if let Some(cardinal) = &mut self.cardinal {
            cardinal.add_at(release, process.place());
        }
        if let Some(coverage) = &mut self.coverage {
            coverage.add(release);
        }
        if let Some(competition) = &mut self.competition {
            competition.add(process);
        }
        if let Some(completeness) = &mut self.completeness {
            completeness.add(process);
        }
        if let Some(timeliness) = &mut self.timeliness {
            timeliness.add(process);
        }
        if let Some(integrity) = &mut self.integrity {
            integrity.add(process);
        }
        if let Some(budget) = &mut self.budget {
            budget.add(process);
        }
    }

    /// Reads several processes: each family folds them in order, the families side by side on
    /// the available cores. Gives the same report as [`add_process`](Self::add_process) on each.
    pub fn add_processes(&mut self, processes: &[Process]) {
        if processes.is_empty() {
            return;
        }
        let first = self.processes;
        let placed: Vec<Process> = processes.iter().zip(first..).map(|(p, next)| placed(p, next)).collect();
        let processes = &placed[..];
        self.processes += processes.len() as u64;
        fn each<F: Send>(family: &mut Option<F>, processes: &[Process], add: fn(&mut F, &Process)) {
            if let Some(family) = family {
                processes.iter().for_each(|process| add(family, process));
            }
        }
        let Indices { cardinal, coverage, competition, completeness, timeliness, integrity, budget, .. } = self;
        rayon::scope(|scope| {
            scope.spawn(|_| each(cardinal, processes, |f, p| f.add_at(p.compiled, p.place())));
            scope.spawn(|_| each(coverage, processes, |f, p| f.add(p.compiled)));
            scope.spawn(|_| each(competition, processes, |f, p| f.add(p)));
            scope.spawn(|_| each(completeness, processes, |f, p| f.add(p)));
            scope.spawn(|_| each(timeliness, processes, |f, p| f.add(p)));
            scope.spawn(|_| each(integrity, processes, |f, p| f.add(p)));
            scope.spawn(|_| each(budget, processes, |f, p| f.add(p)));
        });
    }

    /// The families computed, in report order.
    pub fn families(&self) -> Vec<Family> {
        let present = [
            self.cardinal.is_some(),
            self.coverage.is_some(),
            self.competition.is_some(),
            self.completeness.is_some(),
            self.timeliness.is_some(),
            self.integrity.is_some(),
            self.budget.is_some(),
        ];
        Family::ALL.into_iter().zip(present).filter(|(_, p)| *p).map(|(f, _)| f).collect()
    }

    /// What was read, as a share of a dataset to combine with others ([`Partial`]).
    pub fn partial(mut self) -> Partial {
        let indices = &mut self;
        let mut partial = Partial::new();
        partial.processes = indices.processes;
        partial.cardinal = indices.cardinal.as_mut().map(Cardinal::take_part);
        partial.coverage = indices.coverage.take();
        partial.competition = indices.competition.as_mut().map(Competition::take_part);
        partial.completeness = indices.completeness.as_mut().map(Completeness::take_part);
        partial.timeliness = indices.timeliness.as_mut().map(Timeliness::take_part);
        partial.integrity = indices.integrity.as_mut().map(Integrity::take_part);
        partial.budget = indices.budget.as_mut().map(Budget::take_part);
        partial
    }

    /// Reads a share read elsewhere (by indices of the same configuration), as if its processes
    /// had been added here at their places.
    pub fn absorb(&mut self, partial: Partial) -> Result<(), IndicesError> {
        if self.families() != partial.families() {
            return Err(IndicesError::Config(format!(
                "partial indices of other families ({:?}) than these ({:?})",
                partial.families(),
                self.families()
            )));
        }
        self.processes += partial.processes;
        fn both<F, P>(family: &mut Option<F>, part: Option<P>, absorb: fn(&mut F, P)) {
            if let (Some(family), Some(part)) = (family, part) {
                absorb(family, part);
            }
        }
        both(&mut self.cardinal, partial.cardinal, Cardinal::absorb);
        both(&mut self.coverage, partial.coverage, FieldCoverage::merge);
        both(&mut self.competition, partial.competition, Competition::absorb);
        both(&mut self.completeness, partial.completeness, Completeness::absorb);
        both(&mut self.timeliness, partial.timeliness, Timeliness::absorb);
        both(&mut self.integrity, partial.integrity, Integrity::absorb);
        both(&mut self.budget, partial.budget, Budget::absorb);
        Ok(())
    }

    /// The report.
    pub fn finish(self) -> Report {
        let cardinal = self.cardinal.map(Cardinal::finish);
        let currency = cardinal.as_ref().and_then(|c| c.currency.clone());
        Report {
            meta: Meta { processes: self.processes, currency },
            cardinal,
            coverage: self.coverage,
            competition: self.competition.map(Competition::finish),
            completeness: self.completeness.map(Completeness::finish),
            timeliness: self.timeliness.map(Timeliness::finish),
            integrity: self.integrity.map(Integrity::finish),
            budget: self.budget.map(Budget::finish),
        }
    }
}

/// `process` at its place, or at `next` when it has none.
fn placed<'a>(process: &Process<'a>, next: u64) -> Process<'a> {
    match process.order() {
        Some(_) => *process,
        None => process.at(next),
    }
}

/// Everything computed: `meta`, then one member per family computed. Serialisable; its JSON
/// Schema is `schemas/indices-report.schema.json` ([`Report::json_schema`]).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    /// What was read.
    pub meta: Meta,
    /// Cardinal's flags, as Cardinal prints them: group (`OCID`, `Buyer`, `ProcuringEntity`,
    /// `Tenderer`) → identifier → code → value, plus `Meta` (quartiles and fences per code) and
    /// `Fields` (group → identifier → code → the fields that triggered the flag: a list of
    /// pointers and values for a process, `{count, ocids}` for an organisation).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "cardinal_json")]
    // `default` keeps the member optional in the schema, which `schema_with` cannot see.
    #[serde(default)]
    #[schemars(schema_with = "cardinal_schema")]
    pub cardinal: Option<CardinalReport>,
    /// Field coverage: path → non-empty count (Cardinal's `coverage`).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "coverage_json")]
    #[schemars(with = "Option<IndexMap<String, u64>>")]
    pub coverage: Option<FieldCoverage>,
    /// Competition per process, buyer, procuring entity, supplier and dataset, with flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub competition: Option<CompetitionReport>,
    /// The open-contracting index per process, buyer and dataset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completeness: Option<CompletenessReport>,
    /// Timeliness per process, buyer, project and dataset, with its flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeliness: Option<TimelinessReport>,
    /// Integrity flags with their tallies per buyer, supplier and pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integrity: Option<IntegrityReport>,
    /// Budget coverage per buyer × year × chapter, buyer, process and dataset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetReport>,
}

/// What was read.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Meta {
    /// Compiled releases (processes) read.
    pub processes: u64,
    /// The currency whose amounts counted in Cardinal's indicators, if any amount was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

fn cardinal_json<S: serde::Serializer>(report: &Option<CardinalReport>, out: S) -> Result<S::Ok, S::Error> {
    report.as_ref().map(|r| r.output(true, true)).serialize(out)
}

/// `Fields` is group → id → code → fields; every other member (the groups, `Meta`) is
/// name → name → number.
fn cardinal_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let fields = generator.subschema_for::<BTreeMap<String, BTreeMap<String, BTreeMap<String, FlagFields>>>>();
    let values = generator.subschema_for::<BTreeMap<String, BTreeMap<String, Option<f64>>>>();
    schemars::json_schema!({
        "type": ["object", "null"],
        "properties": {"Fields": fields},
        "additionalProperties": values,
    })
}

fn coverage_json<S: serde::Serializer>(coverage: &Option<FieldCoverage>, out: S) -> Result<S::Ok, S::Error> {
    coverage.as_ref().map(FieldCoverage::counts).serialize(out)
}

impl Report {
    /// The report as one JSON object.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The JSON Schema of the report (what `schemas/indices-report.schema.json` holds).
    pub fn json_schema() -> Value {
        serde_json::to_value(schemars::schema_for!(Report)).unwrap_or(Value::Null)
    }

    /// The report as CSV rows `family,level,id,indicator,value` (see [`csv`]).
    pub fn write_csv(&self, out: impl std::io::Write) -> std::io::Result<()> {
        csv::write(self, out)
    }
}
