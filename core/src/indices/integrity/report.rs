//! The integrity report: settings echo and notes, tallies per dataset and buyer, per supplier,
//! per buyer × supplier, one row per process, and the flags with the fields that raised them.

use super::IntegritySettings;
use super::pairs::RepeatWinner;
use crate::indices::report::{Flag, Share};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use schemars::JsonSchema;
use serde::Serialize;

/// Everything the integrity family computed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct IntegrityReport {
    /// Settings, currency, input tables and notes.
    pub meta: IntegrityMeta,
    /// The whole input.
    pub dataset: IntegrityTally,
    /// By `/buyer/id`, in first-seen order.
    pub buyer: IndexMap<String, IntegrityTally>,
    /// By supplier id (`/awards[]/suppliers[]/id` of active awards).
    pub supplier: IndexMap<String, SupplierIntegrity>,
    /// By `buyer|supplier`.
    #[serde(rename = "buyerSupplier")]
    pub buyer_supplier: IndexMap<String, PairIntegrity>,
    /// By `/ocid`.
    pub process: IndexMap<String, ProcessIntegrity>,
    /// Every flag, by indicator, then in input order.
    pub flags: Vec<Flag>,
}

/// What the report was computed with.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct IntegrityMeta {
    /// The only currency whose amounts count (setting, else the currency of most amounts read).
    pub currency: Option<String>,
    /// The settings used.
    pub settings: IntegritySettings,
    /// Rows of each input table; `null` when the table was not given.
    pub inputs: InputRows,
    /// What was left out or could not be computed, in plain words.
    pub notes: Vec<String>,
}

/// Rows of each input table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, JsonSchema)]
pub struct InputRows {
    /// Sanctions table.
    pub sanctions: Option<usize>,
    /// Thresholds table.
    pub thresholds: Option<usize>,
    /// Foundings table.
    pub foundings: Option<usize>,
}

/// Integrity of the processes of a buyer, or of the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct IntegrityTally {
    /// Processes read (not cancelled, with a string `ocid`).
    pub processes: u64,
    /// INT-01: processes with an award to a sanctioned supplier ÷ processes with a winner
    /// identifier to check.
    pub sanctioned_supplier: Share,
    /// INT-01: value of active awards to sanctioned suppliers ÷ value of active awards of the
    /// checked processes (main currency).
    pub sanctioned_value: Share,
    /// INT-02: processes with a winner without identifier ÷ processes with a winner.
    pub supplier_without_identifier: Share,
    /// INT-03: processes won by a company younger than `min_age_days` ÷ processes with a winner
    /// whose founding date and award date are known.
    pub new_company: Share,
    /// INT-04: non-competitive processes just under their threshold ÷ non-competitive processes
    /// with an amount and a threshold.
    pub just_under_threshold: Share,
    /// INT-05: splitting clusters (buyer × supplier runs); `null` without a thresholds table.
    pub splitting_clusters: Option<u64>,
    /// INT-06: flagged supplier-years; `null` when no active award had a date.
    pub repeat_winners: Option<u64>,
    /// INT-07: processes with a contract raised by more than `max_increase` ÷ processes with a
    /// contract whose original and final values are known.
    pub value_raising_amendment: Share,
    /// INT-08: processes with a round amount ÷ processes with an amount (main currency).
    pub round_amount: Share,
    /// INT-09: non-competitive processes without rationale ÷ non-competitive processes.
    pub non_competitive_without_rationale: Share,
}

/// One supplier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, JsonSchema)]
pub struct SupplierIntegrity {
    /// Processes it won.
    pub processes: u64,
    /// INT-01: processes it won while sanctioned; `null` without a sanctions table or without an
    /// identifier to check.
    pub sanctioned_processes: Option<u64>,
    /// INT-01: value of those awards (main currency); `null` when none had one.
    pub sanctioned_value: Option<f64>,
    /// INT-01: the lists it was found on.
    pub sanctions_lists: Vec<String>,
    /// INT-03: processes it won less than `min_age_days` after its founding; `null` when its
    /// founding date (or the award dates) are unknown.
    pub new_company_processes: Option<u64>,
    /// INT-03: the founding date used (`YYYY-MM-DD`).
    pub founded: Option<String>,
}

/// One buyer and one supplier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct PairIntegrity {
    /// INT-05: splitting clusters; `null` without a thresholds table.
    pub splitting_clusters: Option<u64>,
    /// INT-06: by year of the award date.
    pub repeat_winner: IndexMap<String, RepeatWinner>,
}

/// One process; `null` where an indicator could not be measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, JsonSchema)]
pub struct ProcessIntegrity {
    /// `/buyer/id`.
    pub buyer: Option<String>,
    /// The method, read as the competition family does.
    pub method: Option<String>,
    /// INT-01.
    pub sanctioned_supplier: Option<bool>,
    /// INT-02.
    pub supplier_without_identifier: Option<bool>,
    /// INT-03.
    pub new_company: Option<bool>,
    /// INT-04: the amount compared with the threshold (Σ active awards, main currency).
    pub amount: Option<f64>,
    /// INT-04: the threshold that applied.
    pub threshold: Option<f64>,
    /// INT-04.
    pub just_under_threshold: Option<bool>,
    /// INT-07: the largest (final − original) ÷ original over its contracts.
    pub value_increase: Option<f64>,
    /// INT-07.
    pub value_raising_amendment: Option<bool>,
    /// INT-08.
    pub round_amount: Option<bool>,
    /// INT-09.
    pub non_competitive_without_rationale: Option<bool>,
}

/// Counts behind an [`IntegrityTally`].
#[derive(Debug, Clone, Default)]
pub(super) struct Tally {
    processes: u64,
    sanctioned: (u64, u64),
    sanctioned_value: (Decimal, Decimal, u64),
    without_identifier: (u64, u64),
    new_company: (u64, u64),
    under_threshold: (u64, u64),
    amendment: (u64, u64),
    round: (u64, u64),
    rationale: (u64, u64),
    pub splitting: u64,
    pub repeats: Option<u64>,
}

fn count(pair: &mut (u64, u64), flag: Option<bool>) {
    if let Some(flag) = flag {
        pair.0 += u64::from(flag);
        pair.1 += 1;
    }
}

impl Tally {
    /// Adds a process; `sanctioned_value` is (sanctioned, all) for a checked process with values.
    pub fn add(&mut self, row: &ProcessIntegrity, sanctioned_value: Option<(Decimal, Decimal)>) {
        self.processes += 1;
        count(&mut self.sanctioned, row.sanctioned_supplier);
        if let Some((flagged, all)) = sanctioned_value {
            // Saturating: sums beyond a decimal's range (~7.9·10^28) are absurd, not a crash.
            self.sanctioned_value.0 = self.sanctioned_value.0.saturating_add(flagged);
            self.sanctioned_value.1 = self.sanctioned_value.1.saturating_add(all);
            self.sanctioned_value.2 += 1;
        }
        count(&mut self.without_identifier, row.supplier_without_identifier);
        count(&mut self.new_company, row.new_company);
        count(&mut self.under_threshold, row.just_under_threshold);
        count(&mut self.amendment, row.value_raising_amendment);
        count(&mut self.round, row.round_amount);
        count(&mut self.rationale, row.non_competitive_without_rationale);
    }

    /// The tally; `thresholds` says whether a thresholds table was given.
    pub fn report(&self, thresholds: bool) -> IntegrityTally {
        let share = |(n, d): (u64, u64)| Share::count(n, d);
        let f = |d: Decimal| d.to_f64().unwrap_or(f64::NAN);
        let (flagged, all, covered) = self.sanctioned_value;
        IntegrityTally {
            processes: self.processes,
            sanctioned_supplier: share(self.sanctioned),
            sanctioned_value: Share::of(f(flagged), f(all), covered),
            supplier_without_identifier: share(self.without_identifier),
            new_company: share(self.new_company),
            just_under_threshold: share(self.under_threshold),
            splitting_clusters: thresholds.then_some(self.splitting),
            repeat_winners: self.repeats,
            value_raising_amendment: share(self.amendment),
            round_amount: share(self.round),
            non_competitive_without_rationale: share(self.rationale),
        }
    }
}
