//! [`Field`]: one member of an OCDS object exactly as the input had it.
//!
//! Published data is messy: amounts written as strings, ids as numbers, objects where strings
//! belong. Rejecting such a file, or dropping the odd member, would make edca useless on real
//! data and would make serialization lossy. So every known member is a `Field<T>`: absent,
//! `null`, a well-typed `T`, or — when the JSON type does not fit `T` — the raw JSON, kept as is
//! for validation to report.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Number;

/// Any JSON value (serde_json's, with member order and number text preserved).
pub type Json = serde_json::Value;

/// A JSON object (member order preserved).
pub type JsonMap = serde_json::Map<String, Json>;

/// One member of an object, as found in the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Field<T> {
    /// The member is not in the object.
    #[default]
    Absent,
    /// The member is explicitly `null`.
    Null,
    /// The member holds a value of the expected type.
    Value(T),
    /// The member holds JSON of another type than expected; kept verbatim.
    Raw(Box<Json>),
}

impl<T> Field<T> {
    /// Whether the member is missing from the object.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the member is present (even as `null` or raw JSON).
    pub fn is_present(&self) -> bool {
        !self.is_absent()
    }

    /// Whether the member is explicitly `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// The typed value, if the member holds one.
    pub fn get(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The typed value, mutably, if the member holds one.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The raw JSON, if the member's type did not match.
    pub fn raw(&self) -> Option<&Json> {
        match self {
            Field::Raw(v) => Some(v),
            _ => None,
        }
    }

    /// The typed value, consuming the field.
    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Replaces the member with a typed value.
    pub fn set(&mut self, value: T) {
        *self = Field::Value(value);
    }

    /// Removes the member and returns what it held.
    pub fn take(&mut self) -> Field<T> {
        std::mem::take(self)
    }
}

impl<T: Serialize> Field<T> {
    /// The member as JSON; `None` when absent.
    pub fn to_json(&self) -> Result<Option<Json>, serde_json::Error> {
        match self {
            Field::Absent => Ok(None),
            Field::Null => Ok(Some(Json::Null)),
            Field::Value(v) => serde_json::to_value(v).map(Some),
            Field::Raw(v) => Ok(Some((**v).clone())),
        }
    }
}

impl Field<String> {
    /// The string, if the member is one.
    pub fn as_str(&self) -> Option<&str> {
        self.get().map(String::as_str)
    }
}

impl<T> Field<Vec<T>> {
    /// The elements, or an empty slice when the member is absent, null or not an array of `T`.
    pub fn as_slice(&self) -> &[T] {
        self.get().map_or(&[], Vec::as_slice)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // An absent member is skipped by the object that holds it; alone it reads as null.
            Field::Absent | Field::Null => serializer.serialize_unit(),
            Field::Value(v) => v.serialize(serializer),
            Field::Raw(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Lenient> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor::<T>(PhantomData))
    }
}

/// A type that can be read from JSON of any type without failing: each hook says whether a
/// JSON value of that kind is a `Self`; what is refused becomes [`Field::Raw`].
///
/// Reading is single-pass: a value is offered to `Self` in the form the parser delivers it,
/// so nothing is buffered to be tried twice.
pub trait Lenient: Sized + Serialize {
    /// Accepts a JSON string given by reference.
    fn accept_str(_text: &str) -> Option<Self> {
        None
    }

    /// Accepts an owned JSON string; gives it back if refused.
    fn accept_string(text: String) -> Result<Self, String> {
        Self::accept_str(&text).ok_or(text)
    }

    /// Accepts a JSON number (its text kept exactly); gives it back if refused.
    fn accept_number(number: Number) -> Result<Self, Number> {
        Err(number)
    }

    /// Accepts a JSON boolean.
    fn accept_bool(_value: bool) -> Option<Self> {
        None
    }

    /// Reads a JSON object (or, with serde_json's arbitrary precision, a number, which the
    /// parser hands over as a one-member map).
    fn accept_map<'de, A: MapAccess<'de>>(map: A) -> Result<Field<Self>, A::Error> {
        raw_map(map)
    }

    /// Reads a JSON array.
    fn accept_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Field<Self>, A::Error> {
        Ok(Field::Raw(Box::new(Json::deserialize(SeqAccessDeserializer::new(seq))?)))
    }
}

/// Reads a map as raw JSON, offering it to `T` if it turns out to be a number.
pub(crate) fn raw_map<'de, T: Lenient, A: MapAccess<'de>>(map: A) -> Result<Field<T>, A::Error> {
    match Json::deserialize(MapAccessDeserializer::new(map))? {
        Json::Number(n) => Ok(number_field(n)),
        other => Ok(Field::Raw(Box::new(other))),
    }
}

/// Offers a number to `T`, keeping it raw if refused.
pub(crate) fn number_field<T: Lenient>(n: Number) -> Field<T> {
    match T::accept_number(n) {
        Ok(v) => Field::Value(v),
        Err(n) => Field::Raw(Box::new(Json::Number(n))),
    }
}

/// Reads one [`Field<T>`] from a deserializer (used for array elements and object members).
pub(crate) struct FieldSeed<T>(pub(crate) PhantomData<T>);

impl<T> FieldSeed<T> {
    pub(crate) fn new() -> Self {
        FieldSeed(PhantomData)
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = Field<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field<T>, D::Error> {
        deserializer.deserialize_any(FieldVisitor::<T>(PhantomData))
    }
}

struct FieldVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field<T>, E> {
        Ok(match T::accept_bool(v) {
            Some(t) => Field::Value(t),
            None => Field::Raw(Box::new(Json::Bool(v))),
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field<T>, E> {
        Ok(number_field(Number::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field<T>, E> {
        Ok(number_field(Number::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Field<T>, E> {
        match Number::from_i128(v) {
            Some(n) => Ok(number_field(n)),
            None => Err(E::custom("integer out of range")),
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Field<T>, E> {
        match Number::from_u128(v) {
            Some(n) => Ok(number_field(n)),
            None => Err(E::custom("integer out of range")),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field<T>, E> {
        match Number::from_f64(v) {
            Some(n) => Ok(number_field(n)),
            None => Err(E::custom("a JSON number must be finite")),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field<T>, E> {
        Ok(match T::accept_str(v) {
            Some(t) => Field::Value(t),
            None => Field::Raw(Box::new(Json::String(v.to_owned()))),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Field<T>, E> {
        Ok(match T::accept_string(v) {
            Ok(t) => Field::Value(t),
            Err(s) => Field::Raw(Box::new(Json::String(s))),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<T>, A::Error> {
        T::accept_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<T>, A::Error> {
        T::accept_seq(seq)
    }
}

impl Lenient for String {
    fn accept_str(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }

    fn accept_string(text: String) -> Result<Self, String> {
        Ok(text)
    }
}

impl Lenient for bool {
    fn accept_bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

/// Free-form members: every JSON value is accepted.
impl Lenient for Json {
    fn accept_str(text: &str) -> Option<Self> {
        Some(Json::String(text.to_owned()))
    }

    fn accept_string(text: String) -> Result<Self, String> {
        Ok(Json::String(text))
    }

    fn accept_number(number: Number) -> Result<Self, Number> {
        Ok(Json::Number(number))
    }

    fn accept_bool(value: bool) -> Option<Self> {
        Some(Json::Bool(value))
    }

    fn accept_map<'de, A: MapAccess<'de>>(map: A) -> Result<Field<Self>, A::Error> {
        Json::deserialize(MapAccessDeserializer::new(map)).map(Field::Value)
    }

    fn accept_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Field<Self>, A::Error> {
        Json::deserialize(SeqAccessDeserializer::new(seq)).map(Field::Value)
    }
}

/// Members the schema types as a free-form object.
impl Lenient for JsonMap {
    fn accept_map<'de, A: MapAccess<'de>>(map: A) -> Result<Field<Self>, A::Error> {
        Ok(match Json::deserialize(MapAccessDeserializer::new(map))? {
            Json::Object(m) => Field::Value(m),
            Json::Number(n) => number_field(n),
            other => Field::Raw(Box::new(other)),
        })
    }
}

/// An array is typed only if every element is a `T`; one odd element (a string among objects,
/// a `null`) makes the whole array raw, so its elements are never reordered or dropped.
impl<T: Lenient> Lenient for Vec<T> {
    fn accept_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Field<Self>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(element) = seq.next_element_seed(FieldSeed::<T>::new())? {
            let odd = match element {
                Field::Value(v) => {
                    out.push(v);
                    continue;
                }
                Field::Absent | Field::Null => Json::Null,
                Field::Raw(j) => *j,
            };
            let mut raw = Vec::with_capacity(out.len() + 1);
            for v in out {
                raw.push(serde_json::to_value(v).map_err(de::Error::custom)?);
            }
            raw.push(odd);
            while let Some(v) = seq.next_element::<Json>()? {
                raw.push(v);
            }
            return Ok(Field::Raw(Box::new(Json::Array(raw))));
        }
        Ok(Field::Value(out))
    }
}
