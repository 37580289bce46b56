//! Reading members of a compiled release kept as a JSON tree.
//!
//! Indicators read a handful of members from each process, and must treat a member of the wrong
//! JSON type as absent (publishers' data is messy); these helpers say that once.

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// A compiled release, as a JSON object.
pub type Release = Map<String, Value>;

/// The member `key` if it is an object.
pub fn object<'a>(parent: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    parent.get(key)?.as_object()
}

/// The member `key` if it is an array.
pub fn array<'a>(parent: &'a Map<String, Value>, key: &str) -> Option<&'a Vec<Value>> {
    parent.get(key)?.as_array()
}

/// The member `key` if it is a string.
pub fn string<'a>(parent: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    parent.get(key)?.as_str()
}

/// The member `key` of a value that should be an object, if it is a string.
pub fn value_string<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str()
}

/// An identifier as text: a string, or a number as written (publishers write ids both ways, and
/// OCDS compares them as text).
pub fn id_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// The `id` of an organisation reference, if it is a string (Cardinal skips other ids).
pub fn id(reference: &Value) -> Option<&str> {
    value_string(reference, "id")
}

/// The `status` of an award, bid or contract equals `status`.
pub fn has_status(value: &Value, status: &str) -> bool {
    value_string(value, "status") == Some(status)
}

/// The exact decimal of a JSON number; `None` for non-numbers and numbers a [`Decimal`] cannot
/// hold exactly.
pub fn decimal(value: &Value) -> Option<Decimal> {
    match value {
        Value::Number(n) => crate::model::Amount::new(n.clone()).decimal(),
        _ => None,
    }
}

/// `/tender/...` shortcuts.
pub fn tender(release: &Release) -> Option<&Map<String, Value>> {
    object(release, "tender")
}

/// `/bids/details`, if it is an array.
pub fn bid_details(release: &Release) -> Option<&Vec<Value>> {
    array(object(release, "bids")?, "details")
}

/// An OCDS Value object as (amount, currency), when the amount is a number a decimal holds
/// exactly and the currency a string.
pub fn money(value: &Value) -> Option<(Decimal, &str)> {
    let value = value.as_object()?;
    Some((decimal(value.get("amount")?)?, string(value, "currency")?))
}

/// A bid's `value` as (amount, currency) (see [`money`]).
pub fn bid_value(bid: &Value) -> Option<(Decimal, &str)> {
    money(bid.get("value")?)
}

/// The amount if its magnitude is at most 10^15. No procurement is larger (a larger number is a
/// publisher's error), and every sum of such amounts stays exact in a 28-digit decimal, so that
/// summing never overflows.
pub fn bounded(amount: Decimal) -> Option<Decimal> {
    (amount.abs() <= Decimal::from(1_000_000_000_000_000_i64)).then_some(amount)
}

/// The currency of most amounts (ties: the alphabetically first), given each currency's count.
/// Every family uses this rule when no `currency` is set: Cardinal's "first currency seen" is
/// not deterministic.
pub fn main_currency<'a>(counts: impl IntoIterator<Item = (&'a str, u64)>) -> Option<String> {
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0))).map(|(c, _)| c.to_owned())
}
