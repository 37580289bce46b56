//! INT-07, value-raising amendment: (final − original) ÷ original of each contract's
//! `value/amount`, where final is the compiled (latest) value and original the first one known.
//!
//! The original comes from the versioned release when the process has one: the first version of
//! `/contracts[]/value/amount` with a number (contracts matched by `id`). Without history, from
//! `/contracts[]/amendments[]`: an amendment's `amendsReleaseID` and `releaseID` name releases a
//! compiled release does not hold, and `description`/`rationale` are prose, so the one readable
//! value is the deprecated `changes[]` list, whose entries with `property` `value`,
//! `value.amount` or `value/amount` carry the value before the change in `former_value` (a number,
//! or a Value object). The earliest such amendment gives the original (by `date` when every one
//! has a date, else by array order). Without either source the contract is not measured.

use crate::indices::json;
use crate::indices::process::{Process, by_id, instant, versions};
use crate::indices::report::Trigger;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};

/// One contract whose original and final values are both known.
#[derive(Debug, Clone)]
pub(super) struct Change {
    /// (final − original) ÷ original.
    pub increase: f64,
    pub original: Decimal,
    pub last: Decimal,
    /// The final amount, then the original's evidence.
    pub fields: Vec<Trigger>,
}

/// Every contract (not cancelled) whose change can be measured.
pub(super) fn changes(process: &Process) -> Vec<Change> {
    let release = process.release();
    let versioned_contracts = process.versioned.and_then(|v| json::array(v, "contracts"));
    let mut out = Vec::new();
    for (i, contract) in json::array(release, "contracts").into_iter().flatten().enumerate() {
        if json::has_status(contract, "cancelled") {
            continue;
        }
        let Some(value) = contract.get("value").and_then(Value::as_object) else { continue };
        let Some(raw) = value.get("amount") else { continue };
        let Some(last) = json::decimal(raw) else { continue };
        let currency = json::string(value, "currency");
        let final_field = Trigger::new(format!("/contracts/{i}/value/amount"), raw.clone());
        let original = match versioned_contracts {
            Some(history) => from_history(history, contract, i, currency),
            None => from_amendments(contract, i),
        };
        let Some((original, evidence)) = original else { continue };
        if original <= Decimal::ZERO {
            continue;
        }
        let ratio = last.checked_sub(original).and_then(|rise| rise.checked_div(original));
        let Some(increase) = ratio.and_then(|r| r.to_f64()) else { continue };
        out.push(Change { increase, original, last, fields: vec![final_field, evidence] });
    }
    out
}

/// The first numeric version of the contract's `value/amount`, unless the first version of its
/// currency differs from the final one.
fn from_history(history: &[Value], contract: &Value, i: usize, currency: Option<&str>) -> Option<(Decimal, Trigger)> {
    let id = json::id_text(contract.get("id")?)?;
    let value = by_id(history, &id)?.get("value")?;
    let first = versions(value.get("amount")?)?.into_iter().find(|v| json::decimal(v.value).is_some())?;
    let first_currency = value
        .get("currency")
        .and_then(versions)
        .and_then(|v| v.into_iter().find_map(|v| v.value.as_str().map(str::to_owned)));
    if let (Some(a), Some(b)) = (first_currency.as_deref(), currency)
        && a != b
    {
        return None;
    }
    let evidence = json!({"releaseID": first.release_id, "releaseDate": first.date, "value": first.value});
    Some((json::decimal(first.value)?, Trigger::new(format!("/contracts/{i}/value/amount"), evidence)))
}

/// The `former_value` of the earliest amendment that changed the value.
fn from_amendments(contract: &Value, i: usize) -> Option<(Decimal, Trigger)> {
    let mut found: Vec<(Option<DateTime<FixedOffset>>, Decimal, Trigger)> = Vec::new();
    for (k, amendment) in contract.get("amendments")?.as_array()?.iter().enumerate() {
        let date = amendment.get("date").and_then(Value::as_str).and_then(instant);
        for (m, change) in amendment.get("changes").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let property = change.get("property").and_then(Value::as_str);
            if !matches!(property, Some("value" | "value.amount" | "value/amount")) {
                continue;
            }
            let Some(former) = change.get("former_value") else { continue };
            let amount = match former {
                Value::Object(v) => v.get("amount").and_then(json::decimal),
                other => json::decimal(other),
            };
            if let Some(amount) = amount {
                let pointer = format!("/contracts/{i}/amendments/{k}/changes/{m}/former_value");
                found.push((date, amount, Trigger::new(pointer, former.clone())));
                break;
            }
        }
    }
    let by_date = found.iter().all(|(d, _, _)| d.is_some());
    let earliest = if by_date { found.into_iter().min_by_key(|(d, _, _)| *d) } else { found.into_iter().next() };
    earliest.map(|(_, amount, trigger)| (amount, trigger))
}
