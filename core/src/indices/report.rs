//! The building blocks every family's report is made of, so that a value always travels with
//! what it was computed from: a [`Share`] with numerator, denominator and coverage, a
//! [`Summary`] of a distribution, a [`Flag`] with the fields that raised it.
//!
//! Missing data is never a silent zero: a ratio nothing could be measured for has `value: null`
//! and `coverage: 0`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A ratio with what it was computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, JsonSchema)]
pub struct Share {
    /// Numerator.
    pub numerator: f64,
    /// Denominator.
    pub denominator: f64,
    /// numerator ÷ denominator; `null` when the denominator is 0 (nothing could be measured).
    pub value: Option<f64>,
    /// Processes that had the fields this needs.
    pub coverage: u64,
}

impl Share {
    /// numerator ÷ denominator, measured over `coverage` processes.
    pub fn of(numerator: f64, denominator: f64, coverage: u64) -> Share {
        let value = (denominator > 0.0).then(|| numerator / denominator);
        Share { numerator, denominator, value, coverage }
    }

    /// A share of counts whose denominator is also the coverage (e.g. processes flagged ÷
    /// processes that could be checked).
    pub fn count(numerator: u64, denominator: u64) -> Share {
        Share::of(numerator as f64, denominator as f64, denominator)
    }
}

/// A distribution of one measure (days, tenderers…) over the processes that had it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    /// Processes (or events) measured; the coverage.
    pub count: u64,
    /// Arithmetic mean; `null` when nothing was measured.
    pub mean: Option<f64>,
    /// Median (mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// Smallest value.
    pub min: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
}

impl Summary {
    /// The summary of `values` (sorted in place; NaN values are left out).
    pub fn of(values: &mut Vec<f64>) -> Summary {
        values.retain(|v| !v.is_nan());
        values.sort_by(f64::total_cmp);
        let count = values.len();
        if count == 0 {
            return Summary::default();
        }
        let median = if count % 2 == 1 { values[count / 2] } else { (values[count / 2 - 1] + values[count / 2]) / 2.0 };
        Summary {
            count: count as u64,
            mean: Some(values.iter().sum::<f64>() / count as f64),
            median: Some(median),
            min: values.first().copied(),
            max: values.last().copied(),
        }
    }
}

/// Whom a value or flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Level {
    /// One contracting process (`/ocid`).
    Process,
    /// `/buyer/id`.
    Buyer,
    /// `/tender/procuringEntity/id`.
    ProcuringEntity,
    /// A supplier of an award (`/awards[]/suppliers[]/id`).
    Supplier,
    /// A pair of buyer and supplier (id `buyer|supplier`).
    BuyerSupplier,
    /// The whole input.
    Dataset,
}

/// A field that contributed to a flag: where it is in the compiled release, and what it held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Trigger {
    /// JSON Pointer into the compiled release (e.g. `/awards/0/value/amount`).
    pub pointer: String,
    /// The value read there.
    pub value: Value,
}

impl Trigger {
    /// The field at `pointer`, which held `value`.
    pub fn new(pointer: impl Into<String>, value: impl Into<Value>) -> Trigger {
        Trigger { pointer: pointer.into(), value: value.into() }
    }
}

/// A red flag raised on a process, an organisation or a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Flag {
    /// The catalogue's id (e.g. `INT-01`, `TIM-07`).
    pub indicator: String,
    /// Whom it is about.
    pub level: Level,
    /// The ocid, organisation id, or `buyer|supplier`.
    pub id: String,
    /// The measured value that crossed the limit (days, share, amount…), if any.
    pub value: Option<f64>,
    /// Why, in one sentence, in English.
    pub reason: String,
    /// The same sentence in Spanish (the portal's default language).
    pub reason_es: String,
    /// The fields that triggered it.
    pub fields: Vec<Trigger>,
}
