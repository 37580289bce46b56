//! The indices of a dataset read in shares: each share (a partition of a cluster, a file, a
//! thread) is read apart into a [`Partial`], the partials are combined in any order and
//! grouping, and the combination finishes into the report that one run over the whole dataset
//! gives, value for value.
//!
//! What makes that exact: every family keeps, until [`Indices::finish`](crate::indices::Indices::finish), what each process
//! contributes (its measures, its flags, its part of the tallies) rather than running sums, and
//! the report folds those in the processes' order — their place in the dataset, given by
//! [`Process::at`](crate::indices::Process::at). Counts add; the ocids an organisation flag
//! lists are the first by place. So the dataset-wide steps (main currency, quartile fences,
//! thresholds, shares per buyer and supplier) run once, at the end, over everything, as in one
//! run. `docs/indices.md` ("Distributed runs") says which indicator needs what.
//!
//! ```
//! use edca::indices::{Config, Indices, Partial, Process};
//! use serde_json::json;
//!
//! let releases: Vec<_> = (0..6)
//!     .map(|i| json!({"ocid": format!("ocds-{i}"), "buyer": {"id": "B"},
//!         "tender": {"procurementMethod": if i % 2 == 0 { "open" } else { "direct" }}}))
//!     .collect();
//! let mut whole = Indices::new(Config::default());
//! releases.iter().for_each(|r| whole.add(r));
//!
//! // Two shares, read apart, each process at its place in the dataset.
//! let mut shares = [Indices::new(Config::default()), Indices::new(Config::default())];
//! for (place, release) in releases.iter().enumerate() {
//!     shares[place % 2].add_process(&Process::new(release).unwrap().at(place as u64));
//! }
//! let [left, right] = shares.map(|share| share.partial().to_bytes());
//! let mut partial = Partial::from_bytes(&right).unwrap();
//! partial.combine(Partial::from_bytes(&left).unwrap()).unwrap();
//! let mut combined = Indices::new(Config::default());
//! combined.absorb(partial).unwrap();
//! assert_eq!(combined.finish().to_json(), whole.finish().to_json());
//! ```

use crate::indices::budget::BudgetPart;
use crate::indices::cardinal::CardinalPart;
use crate::indices::competition::CompetitionPart;
use crate::indices::completeness::CompletenessPart;
use crate::indices::coverage::FieldCoverage;
use crate::indices::integrity::IntegrityPart;
use crate::indices::timeliness::TimelinessPart;
use crate::indices::{Family, IndicesError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a share of a dataset contributes to its indices: serialisable ([`to_bytes`](Self::to_bytes)),
/// combined with other shares in any order and grouping ([`combine`](Self::combine)), and
/// finished by [`Indices::absorb`](crate::indices::Indices::absorb) then
/// [`Indices::finish`](crate::indices::Indices::finish). Made by
/// [`Indices::partial`](crate::indices::Indices::partial).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Partial {
    /// The format of these bytes, checked when read.
    pub(crate) format: u32,
    pub(crate) processes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) cardinal: Option<CardinalPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) coverage: Option<FieldCoverage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) competition: Option<CompetitionPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) completeness: Option<CompletenessPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) timeliness: Option<TimelinessPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) integrity: Option<IntegrityPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) budget: Option<BudgetPart>,
}

/// The version of [`Partial`]'s bytes; a partial of another version is refused, not misread.
const FORMAT: u32 = 1;

impl Partial {
    pub(crate) fn new() -> Partial {
        Partial { format: FORMAT, ..Partial::default() }
    }

    /// Processes read in this share (and the shares combined into it).
    pub fn processes(&self) -> u64 {
        self.processes
    }

    /// The families this share computed, in report order.
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

    /// Adds the processes of another share; both must have computed the same families (the same
    /// configuration). The result does not depend on which share is added to which, nor on the
    /// grouping.
    pub fn combine(&mut self, other: Partial) -> Result<(), IndicesError> {
        if self.families() != other.families() {
            return Err(IndicesError::Config(format!(
                "cannot combine partial indices of other families ({:?} and {:?})",
                self.families(),
                other.families()
            )));
        }
        self.processes += other.processes;
        fn both<T>(mine: &mut Option<T>, theirs: Option<T>, combine: fn(&mut T, T)) {
            if let (Some(mine), Some(theirs)) = (mine, theirs) {
                combine(mine, theirs);
            }
        }
        both(&mut self.cardinal, other.cardinal, CardinalPart::combine);
        both(&mut self.coverage, other.coverage, FieldCoverage::merge);
        both(&mut self.competition, other.competition, CompetitionPart::combine);
        both(&mut self.completeness, other.completeness, CompletenessPart::combine);
        both(&mut self.timeliness, other.timeliness, TimelinessPart::combine);
        both(&mut self.integrity, other.integrity, IntegrityPart::combine);
        both(&mut self.budget, other.budget, BudgetPart::combine);
        Ok(())
    }

    /// The share as bytes (JSON: numbers round-trip exactly), to send to another process.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// A share from [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Partial, IndicesError> {
        let partial: Partial = serde_json::from_slice(bytes)
            .map_err(|e| IndicesError::Config(format!("not partial indices of this edca: {e}")))?;
        if partial.format != FORMAT {
            return Err(IndicesError::Config(format!(
                "partial indices of format {}, this edca reads format {FORMAT}",
                partial.format
            )));
        }
        Ok(partial)
    }
}

/// Adds counts per key.
pub(crate) fn add_counts(into: &mut BTreeMap<String, u64>, from: BTreeMap<String, u64>) {
    for (key, n) in from {
        *into.entry(key).or_default() += n;
    }
}

/// A map whose keys are not strings, as a list of `[key, value]` pairs (`#[serde(with)]`).
pub(crate) mod pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::HashMap;
    use std::hash::Hash;

    pub(crate) fn serialize<K: Serialize, V: Serialize, S: Serializer>(
        map: &HashMap<K, V>,
        out: S,
    ) -> Result<S::Ok, S::Error> {
        out.collect_seq(map.iter())
    }

    pub(crate) fn deserialize<'de, K, V, D>(input: D) -> Result<HashMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(input)?.into_iter().collect())
    }
}
