//! Transparency and integrity indicators over compiled releases.
//!
//! Each family lives in its own module and folds compiled releases one at a time, so a dataset
//! streams through in constant memory per process; [`Indices::finish`] computes what needs the
//! whole dataset (quartiles, fences, shares). Families:
//!
//! - [`cardinal`]: red flags with parity to OCP's Cardinal (R003 … R058).
//! - [`coverage`]: field coverage as Cardinal's `coverage` command counts it.
//! - [`competition`]: direct-award shares, single-bidder rate, mean tenderers (Mexican method map).
//! - [`integrity`]: integrity flags (sanctioned or new suppliers, amounts just under thresholds,
//!   splitting, repeat winners, value-raising amendments…), with input tables ([`inputs`]).
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
//! assert_eq!(report.cardinal.unwrap().to_json(false)["OCID"]["ocds-1"]["R018"], 1.0);
//! ```

pub mod cardinal;
pub mod competition;
pub mod coverage;
pub mod inputs;
pub mod integrity;
pub(crate) mod json;
pub mod process;
pub mod quantile;
pub mod report;

use cardinal::{Cardinal, CardinalReport, CardinalSettings};
use competition::{Competition, CompetitionSettings};
use coverage::FieldCoverage;
use inputs::Inputs;
use integrity::{Integrity, IntegrityReport, IntegritySettings};
pub use process::Process;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
    /// Integrity flags.
    Integrity,
}

impl Family {
    /// Every family, in report order.
    pub const ALL: [Family; 4] = [Family::Cardinal, Family::Coverage, Family::Competition, Family::Integrity];
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
    /// Competition settings (method map, competitive methods, currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competition: Option<CompetitionSettings>,
    /// Integrity settings (input table paths, thresholds of each flag, currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<IntegritySettings>,
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
    integrity: Option<Integrity>,
    processes: u64,
}

impl Indices {
    /// Indices as configured, without input tables (the indicators that need one report `null`).
    pub fn new(config: Config) -> Indices {
        Indices::with_inputs(config, Inputs::default())
    }

    /// Indices as configured, with the input tables of the integrity family. The library reads
    /// no files: the `[integrity]` paths are for callers (the CLI reads them); parse each table
    /// with [`inputs::Sanction::read_csv`] and its siblings.
    pub fn with_inputs(config: Config, inputs: Inputs) -> Indices {
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
        let integrity = config.has(Family::Integrity).then(|| {
            Integrity::new(config.integrity.clone().unwrap_or_default())
                .with_inputs(inputs)
                .with_methods(config.competition.clone().unwrap_or_default())
        });
        Indices { cardinal, coverage, competition, integrity, processes: 0 }
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

    /// Reads one process: its compiled release and, if known, its versioned release.
    pub fn add_process(&mut self, process: &Process) {
        self.processes += 1;
        let release = process.compiled;
        if let Some(cardinal) = &mut self.cardinal {
            cardinal.add(release);
        }
        if let Some(coverage) = &mut self.coverage {
            coverage.add(release);
        }
        if let Some(competition) = &mut self.competition {
            competition.add(release);
        }
        if let Some(integrity) = &mut self.integrity {
            integrity.add(process);
        }
    }

    /// The report.
    pub fn finish(self) -> Report {
        Report {
            processes: self.processes,
            cardinal: self.cardinal.map(Cardinal::finish),
            coverage: self.coverage,
            competition: self.competition.map(Competition::finish),
            integrity: self.integrity.map(Integrity::finish),
        }
    }
}

/// Everything computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Compiled releases read.
    pub processes: u64,
    /// Cardinal's flags, if computed.
    pub cardinal: Option<CardinalReport>,
    /// Field coverage, if computed.
    pub coverage: Option<FieldCoverage>,
    /// Competition per process, buyer and dataset, if computed.
    pub competition: Option<Value>,
    /// Integrity flags and tallies, if computed.
    pub integrity: Option<IntegrityReport>,
}

impl Report {
    /// The report as one JSON object: `meta` (processes, currency), then one member per family.
    pub fn to_json(&self) -> Value {
        let mut meta = Map::new();
        meta.insert("processes".into(), self.processes.into());
        if let Some(currency) = self.cardinal.as_ref().and_then(|c| c.currency.clone()) {
            meta.insert("currency".into(), currency.into());
        }
        let mut out = Map::new();
        out.insert("meta".into(), Value::Object(meta));
        if let Some(cardinal) = &self.cardinal {
            out.insert("cardinal".into(), cardinal.to_json(true));
        }
        if let Some(coverage) = &self.coverage {
            let counts = coverage.counts().iter().map(|(k, v)| (k.clone(), Value::from(*v))).collect();
            out.insert("coverage".into(), Value::Object(counts));
        }
        if let Some(competition) = &self.competition {
            out.insert("competition".into(), competition.clone());
        }
        if let Some(integrity) = &self.integrity {
            out.insert("integrity".into(), serde_json::to_value(integrity).unwrap_or(Value::Null));
        }
        Value::Object(out)
    }
}
