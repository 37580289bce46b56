//! Cardinal's settings, with its names and defaults, so a Cardinal settings file carries over.
//!
//! In Cardinal a `[Rxxx]` section enables that indicator; its keys are optional and unknown keys
//! are errors. Pipe-separated lists (`open|selective`) stay strings, as Cardinal writes them.
//! One file holds the settings of both of Cardinal's commands, `indicators` and `prepare`, so
//! both sets of sections are accepted here; each command reads its own.
//!
//! Text settings also accept a number or a boolean, taken as written: an INI file has no types,
//! and its reader (see [`ini`](super::ini)) reads `amount = 0` as the number 0.

use super::prepare::{Codelists, Corrections, Defaults, Modifications, Redactions};
use crate::indices::IndicesError;
use serde::de::{Deserializer, Unexpected};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// Top-level keys of Cardinal's settings: those of `indicators` with one section per indicator,
/// then those of `prepare`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CardinalSettings {
    /// The only currency whose amounts count. Unset: the currency of most bid amounts
    /// (ties: alphabetical) — Cardinal's "first currency seen" is not deterministic.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `procurementMethodDetails` values (pipe-separated) whose processes the price-comparison
    /// indicators (R024, R028, R036, R058) leave out.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub no_price_comparison_procurement_methods: Option<String>,
    /// If set, the price-comparison indicators only read processes with these
    /// `procurementMethodDetails` values (and the setting above has no effect).
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub price_comparison_procurement_methods: Option<String>,
    /// Processes left out of every indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusions: Option<Exclusions>,
    /// Short submission period.
    #[serde(default, rename = "R003", skip_serializing_if = "Option::is_none")]
    pub r003: Option<R003>,
    /// Single bid received.
    #[serde(default, rename = "R018", skip_serializing_if = "Option::is_none")]
    pub r018: Option<R018>,
    /// Price close to winning bid.
    #[serde(default, rename = "R024", skip_serializing_if = "Option::is_none")]
    pub r024: Option<RatioThreshold>,
    /// Excessive unsuccessful bids.
    #[serde(default, rename = "R025", skip_serializing_if = "Option::is_none")]
    pub r025: Option<R025>,
    /// Identical bid prices.
    #[serde(default, rename = "R028", skip_serializing_if = "Option::is_none")]
    pub r028: Option<Empty>,
    /// Late bid won.
    #[serde(default, rename = "R030", skip_serializing_if = "Option::is_none")]
    pub r030: Option<Empty>,
    /// All except winning bid disqualified.
    #[serde(default, rename = "R035", skip_serializing_if = "Option::is_none")]
    pub r035: Option<CountThreshold>,
    /// Lowest bid disqualified.
    #[serde(default, rename = "R036", skip_serializing_if = "Option::is_none")]
    pub r036: Option<Empty>,
    /// Excessive disqualified bids.
    #[serde(default, rename = "R038", skip_serializing_if = "Option::is_none")]
    pub r038: Option<R038>,
    /// Heterogeneous supplier.
    #[serde(default, rename = "R048", skip_serializing_if = "Option::is_none")]
    pub r048: Option<R048>,
    /// Heavily discounted bid.
    #[serde(default, rename = "R058", skip_serializing_if = "Option::is_none")]
    pub r058: Option<RatioThreshold>,
    /// Cardinal's logging options. Accepted so that Cardinal's settings files load; edca logs no
    /// per-process currency mismatch, so it changes nothing here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Output>,
    /// `prepare`: values filled in where missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
    /// `prepare`: placeholder values removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redactions: Option<Redactions>,
    /// `prepare`: values replaced according to other fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrections: Option<Corrections>,
    /// `prepare`: data moved, prefixed or shortened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifications: Option<Modifications>,
    /// `prepare`: codes re-mapped (`[codelists.bid_status]`, `[codelists.award_status]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codelists: Option<Codelists>,
}

impl CardinalSettings {
    /// Every indicator enabled with its defaults (what Cardinal's `init` writes).
    pub fn all() -> Self {
        CardinalSettings {
            r003: Some(R003::default()),
            r018: Some(R018::default()),
            r024: Some(RatioThreshold::default()),
            r025: Some(R025::default()),
            r028: Some(Empty::default()),
            r030: Some(Empty::default()),
            r035: Some(CountThreshold::default()),
            r036: Some(Empty::default()),
            r038: Some(R038::default()),
            r048: Some(R048::default()),
            r058: Some(RatioThreshold::default()),
            ..CardinalSettings::default()
        }
    }

    /// Settings read from a Cardinal settings file (INI, see [`ini`](super::ini)).
    pub fn from_ini(text: &str) -> Result<CardinalSettings, IndicesError> {
        let value = super::ini::parse(text)?;
        serde_json::from_value(value).map_err(|e| IndicesError::Config(e.to_string()))
    }

    /// Whether no indicator section is present.
    pub fn has_no_indicator(&self) -> bool {
        self.r003.is_none()
            && self.r018.is_none()
            && self.r024.is_none()
            && self.r025.is_none()
            && self.r028.is_none()
            && self.r030.is_none()
            && self.r035.is_none()
            && self.r036.is_none()
            && self.r038.is_none()
            && self.r048.is_none()
            && self.r058.is_none()
    }
}

/// `[exclusions]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusions {
    /// `procurementMethodDetails` values (pipe-separated) whose processes are left out.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub procurement_method_details: Option<String>,
}

/// `[output]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// In Cardinal, logs currency mismatches at level INFO instead of WARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info_currency_mismatches: Option<bool>,
}

/// A section with no keys.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// A fixed ratio that replaces the computed fence.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RatioThreshold {
    /// The fence to use instead of the one computed from the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// A minimum count (R035: other tenderers disqualified; default 1, and never below 1).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountThreshold {
    /// The minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u64>,
}

/// `[R003]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct R003 {
    /// Minimum submission period in whole days (default 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<i64>,
    /// `procurementMethod` values (pipe-separated) to read; default all.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub procurement_methods: Option<String>,
    /// Thresholds per exact `procurementMethodDetails` value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procurement_method_details: Option<BTreeMap<String, i64>>,
}

/// `[R018]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct R018 {
    /// `procurementMethod` values (pipe-separated) to read (default `open|selective`).
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub procurement_methods: Option<String>,
}

/// `[R025]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct R025 {
    /// Percentile of valid-bid counts a tenderer must reach (default 75).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentile: Option<u32>,
    /// Fixed ratio replacing the computed lower fence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// `[R038]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct R038 {
    /// Fixed ratio replacing the computed upper fence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Tenderers need at least this many submitted bids (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_submitted_bids: Option<u64>,
    /// Buyers and procuring entities need at least this many (default 2). As in Cardinal, what
    /// is counted is the submitted bids they received, not their processes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_contracting_processes: Option<u64>,
}

/// `[R048]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct R048 {
    /// Leading characters of the item classification that name a segment (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<usize>,
    /// Fixed count replacing the computed upper fence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u64>,
    /// Suppliers need at least this many awarded processes to count (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_contracting_processes: Option<u64>,
}

/// Cardinal's pipe-separated lists: `a|b|` is {a, b}, the empty string is the empty set.
pub fn pipe_set(value: Option<&str>) -> HashSet<String> {
    value.unwrap_or_default().split_terminator('|').map(str::to_owned).collect()
}

/// An optional text setting: a string, or a number or boolean taken as written.
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Option::<Value>::deserialize(deserializer)?.map(as_text).transpose()
}

/// An optional table of text settings (a codelist's mapping), read as [`text`] reads one.
pub(crate) fn text_table<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let Some(table) = Option::<BTreeMap<String, Value>>::deserialize(deserializer)? else { return Ok(None) };
    table.into_iter().map(|(key, value)| Ok((key, as_text(value)?))).collect::<Result<_, _>>().map(Some)
}

fn as_text<E: serde::de::Error>(value: Value) -> Result<String, E> {
    match value {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Null => Err(E::invalid_type(Unexpected::Unit, &"text")),
        Value::Array(_) => Err(E::invalid_type(Unexpected::Seq, &"text")),
        Value::Object(_) => Err(E::invalid_type(Unexpected::Map, &"text")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_lists() {
        assert!(pipe_set(None).is_empty());
        assert!(pipe_set(Some("")).is_empty());
        let set = pipe_set(Some("open|selective|"));
        assert_eq!(set.len(), 2);
        assert!(set.contains("open") && set.contains("selective"));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let error = serde_json::from_str::<CardinalSettings>(r#"{"R003": {"treshold": 3}}"#);
        assert!(error.is_err());
        let ok: CardinalSettings = serde_json::from_str(r#"{"R003": {"threshold": 3}}"#).unwrap();
        assert_eq!(ok.r003.and_then(|r| r.threshold), Some(3));
    }
}
