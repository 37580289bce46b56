//! `[integrity]` settings: where the input tables are, and the parameter of each flag, with the
//! catalogue's defaults.

use crate::indices::inputs::normalise_identifier;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[integrity]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct IntegritySettings {
    /// Sanctions table (CSV `id, scheme, list, start, end[, name]`), a path relative to the
    /// configuration file. Read by the command line; library callers pass the table in
    /// [`Inputs`](crate::indices::inputs::Inputs).
    pub sanctions: Option<String>,
    /// Thresholds table (CSV `buyer, year, object, method, amount`), as `sanctions`.
    pub thresholds: Option<String>,
    /// Founding dates table (CSV `id, founded`), as `sanctions`.
    pub foundings: Option<String>,
    /// Identifier schemes that all mean the Mexican RFC (default `MX-RFC`, `RFC`).
    pub rfc_schemes: Vec<String>,
    /// Identifiers that stand for none (compared normalised; a trailing `*` matches any ending):
    /// SAT's generic RFCs for the general public and for foreigners, and "Sin dato" fillers.
    pub placeholder_identifiers: Vec<String>,
    /// INT-03: the member of `/parties[]/details` holding the founding date (default
    /// `foundingDate`; OCDS defines none).
    pub founding_date_member: String,
    /// INT-03: a winner younger than this many days at the award date is new (default 365).
    pub min_age_days: u64,
    /// INT-04: m, the band under the threshold t: t·(1 − m) ≤ amount < t (default 0.05).
    pub margin: f64,
    /// INT-04, INT-05, INT-09: the non-competitive methods (default `limited`, `direct`).
    pub non_competitive_methods: Vec<String>,
    /// INT-05: the longest span, in days, of a run of split awards (default 30).
    pub window_days: u64,
    /// INT-05: when set, only awards whose items' classification ids share their first this many
    /// characters are grouped (default unset: no item condition).
    pub class_digits: Option<usize>,
    /// INT-06: k, processes a supplier wins from one buyer in one year to be flagged (default 5).
    pub repeat_count: u64,
    /// INT-06: s, the supplier's share of the buyer's awarded value in one year to be flagged
    /// (default 0.5).
    pub repeat_share: f64,
    /// INT-06: the share test applies only to a buyer-year with at least this many processes
    /// with a valued award (default 1, the catalogue's rule: a buyer with a single award in a
    /// year flags its supplier with a share of 1).
    pub repeat_share_min_processes: u64,
    /// INT-07: x, the largest allowed (final − original) ÷ original (default 0.20).
    pub max_increase: f64,
    /// INT-08: k, an amount is round when divisible by 10^k (default 5).
    pub round_digits: u32,
    /// The only currency whose amounts count; unset: the currency of most amounts read.
    pub currency: Option<String>,
}

impl Default for IntegritySettings {
    fn default() -> Self {
        let strings = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        IntegritySettings {
            sanctions: None,
            thresholds: None,
            foundings: None,
            rfc_schemes: strings(&["MX-RFC", "RFC"]),
            placeholder_identifiers: strings(&["XAXX010101000", "XEXX010101000", "SIN DATO*", "SIN_DATO*"]),
            founding_date_member: "foundingDate".to_owned(),
            min_age_days: 365,
            margin: 0.05,
            non_competitive_methods: strings(&["limited", "direct"]),
            window_days: 30,
            class_digits: None,
            repeat_count: 5,
            repeat_share: 0.5,
            repeat_share_min_processes: 1,
            max_increase: 0.20,
            round_digits: 5,
            currency: None,
        }
    }
}

impl IntegritySettings {
    /// Whether a normalised identifier is a placeholder.
    pub(super) fn is_placeholder(&self, id: &str) -> bool {
        self.placeholder_identifiers.iter().any(|p| match p.strip_suffix('*') {
            Some(stem) => id.starts_with(&normalise_identifier(stem)),
            None => id == normalise_identifier(p),
        })
    }

    pub(super) fn is_non_competitive(&self, method: &str) -> bool {
        self.non_competitive_methods.iter().any(|m| m == method)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_match_whole_or_by_stem() {
        let settings = IntegritySettings::default();
        assert!(settings.is_placeholder("XAXX010101000"));
        assert!(settings.is_placeholder(&normalise_identifier("Sin_Dato_002")));
        assert!(settings.is_placeholder(&normalise_identifier("sin dato")));
        assert!(!settings.is_placeholder("XAXX010101001"));
        assert!(!settings.is_placeholder("NAN160222RVA"));
    }
}
