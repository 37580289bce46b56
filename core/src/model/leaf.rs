//! Leaf values: dates, identifiers and numbers, each keeping the exact input text.
//!
//! Serialization writes the input text back, never a re-formatted value, so a date such as
//! `2015-11-09T00:00:00.-06:00` or an amount such as `1.50` survives a round trip unchanged.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::Number;

use super::field::Lenient;

/// A date-time member (`date`, `startDate`, …): its text, and its value when the text is
/// RFC 3339 as OCDS requires. Text that is not RFC 3339 is kept for validation to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    text: String,
    parsed: Option<DateTime<FixedOffset>>,
}

impl Date {
    /// A date from its text, parsed if it is RFC 3339.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = DateTime::parse_from_rfc3339(&text).ok();
        Date { text, parsed }
    }

    /// A date written in RFC 3339 form.
    pub fn from_datetime(value: DateTime<FixedOffset>) -> Self {
        Date { text: value.to_rfc3339(), parsed: Some(value) }
    }

    /// The text as written in the input.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The date-time, if the text is RFC 3339.
    pub fn parsed(&self) -> Option<DateTime<FixedOffset>> {
        self.parsed
    }

    /// Whether the text is a valid RFC 3339 date-time.
    pub fn is_valid(&self) -> bool {
        self.parsed.is_some()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Lenient for Date {
    fn accept_str(text: &str) -> Option<Self> {
        Some(Date::new(text))
    }

    fn accept_string(text: String) -> Result<Self, String> {
        Ok(Date::new(text))
    }
}

/// An identifier member: OCDS allows a string or an integer (`"id": 1`). The integer keeps
/// its exact text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Id {
    /// A string identifier.
    Text(String),
    /// An integer identifier.
    Integer(Number),
}

impl Id {
    /// The identifier as text: the string, or the integer's digits.
    pub fn as_str(&self) -> &str {
        match self {
            Id::Text(s) => s,
            Id::Integer(n) => n.as_str(),
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Id::Text(value.to_owned())
    }
}

impl From<String> for Id {
    fn from(value: String) -> Self {
        Id::Text(value)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Id::Text(s) => serializer.serialize_str(s),
            Id::Integer(n) => n.serialize(serializer),
        }
    }
}

impl Lenient for Id {
    fn accept_str(text: &str) -> Option<Self> {
        Some(Id::Text(text.to_owned()))
    }

    fn accept_string(text: String) -> Result<Self, String> {
        Ok(Id::Text(text))
    }

    fn accept_number(number: Number) -> Result<Self, Number> {
        if is_integer_text(number.as_str()) { Ok(Id::Integer(number)) } else { Err(number) }
    }
}

/// A number member where OCDS wants a number (`amount`, `quantity`, `rate`): any JSON number,
/// its text kept exactly, read as a [`Decimal`] on demand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Amount(Number);

impl Amount {
    /// An amount from a JSON number.
    pub fn new(number: Number) -> Self {
        Amount(number)
    }

    /// An amount written as the decimal's text (scale kept: `1.50` stays `1.50`).
    pub fn from_decimal(value: Decimal) -> Self {
        // A Decimal always prints as a valid JSON number, so parsing cannot fail; the
        // fallback only guards against a change in either crate.
        let n = Number::from_str(&value.to_string()).unwrap_or_else(|_| Number::from(0u8));
        Amount(n)
    }

    /// The JSON number.
    pub fn number(&self) -> &Number {
        &self.0
    }

    /// The number's text as written in the input.
    pub fn text(&self) -> &str {
        self.0.as_str()
    }

    /// The exact decimal value; `None` if it does not fit a [`Decimal`] exactly (more than
    /// 28 significant digits, or beyond its range such as `1e300`).
    pub fn decimal(&self) -> Option<Decimal> {
        let text = self.0.as_str();
        let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
            return Decimal::from_str_exact(text).ok();
        };
        let mantissa = Decimal::from_str_exact(mantissa).ok()?;
        let exponent: i64 = exponent.parse().ok()?;
        if exponent >= 0 {
            let mut value = mantissa;
            for _ in 0..exponent.min(64) {
                value = value.checked_mul(Decimal::TEN)?;
            }
            (exponent <= 64 || value.is_zero()).then_some(value)
        } else {
            let scale = i64::from(mantissa.scale()) - exponent;
            let scale = u32::try_from(scale).ok()?;
            Decimal::try_from_i128_with_scale(mantissa.mantissa(), scale).ok()
        }
    }

    /// The value as a float (may round).
    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Lenient for Amount {
    fn accept_number(number: Number) -> Result<Self, Number> {
        Ok(Amount(number))
    }
}

/// A member OCDS types as an integer (`numberOfTenderers`, `durationInDays`, `cycle`): a JSON
/// number written without fraction or exponent, its text kept exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Integer(Number);

impl Integer {
    /// The integer as `i64`, if it fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_str().parse().ok()
    }

    /// The number's text as written.
    pub fn text(&self) -> &str {
        self.0.as_str()
    }
}

impl From<i64> for Integer {
    fn from(value: i64) -> Self {
        Integer(Number::from(value))
    }
}

impl fmt::Display for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl Serialize for Integer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Lenient for Integer {
    fn accept_number(number: Number) -> Result<Self, Number> {
        if is_integer_text(number.as_str()) { Ok(Integer(number)) } else { Err(number) }
    }
}

/// Whether a JSON number's text is an integer (no fraction, no exponent).
fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}
