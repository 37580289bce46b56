//! Parsing a JSON value into `serde_json::Value` while noticing members written twice.
//!
//! `Value`'s own deserializer keeps the last of two equal members silently; OCDS data with a
//! duplicate `id` or `date` then says something its author may not have meant, so the reader
//! reports it. The path to the member is kept as a chain of borrowed frames on the stack (no
//! allocation per member); it is rendered only when a duplicate is found.

use super::pointer::escape_into;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;

/// serde_json hands numbers to `visit_map` under this key when numbers keep arbitrary precision.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// One step from the value being parsed up to the top.
#[derive(Clone, Copy)]
pub(crate) enum Frame<'p> {
    /// The value parsed, at `pointer` (already rendered).
    Root(&'p str),
    /// A member of the parent.
    Key(&'p Frame<'p>, &'p str),
    /// An element of the parent.
    Index(&'p Frame<'p>, usize),
}

impl Frame<'_> {
    fn render(&self, out: &mut String) {
        match self {
            Frame::Root(pointer) => out.push_str(pointer),
            Frame::Key(parent, key) => {
                parent.render(out);
                out.push('/');
                escape_into(key, out);
            }
            Frame::Index(parent, i) => {
                parent.render(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

/// Duplicate members found: (member, pointer of the member).
pub(crate) type Duplicates = RefCell<Vec<(String, String)>>;

/// Deserializes a [`Value`], adding each member written twice to `duplicates`.
pub(crate) struct ValueSeed<'p> {
    pub frame: Frame<'p>,
    pub duplicates: &'p Duplicates,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            let frame = Frame::Index(&self.frame, items.len());
            match seq.next_element_seed(ValueSeed { frame, duplicates: self.duplicates })? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Value::Object(Map::new()));
        };
        if first == NUMBER_TOKEN {
            let text: String = map.next_value()?;
            return Number::from_str(&text).map(Value::Number).map_err(de::Error::custom);
        }
        let mut members = Map::new();
        let mut key = first;
        loop {
            let value =
                map.next_value_seed(ValueSeed { frame: Frame::Key(&self.frame, &key), duplicates: self.duplicates })?;
            if members.contains_key(&key) {
                let mut pointer = String::new();
                Frame::Key(&self.frame, &key).render(&mut pointer);
                self.duplicates.borrow_mut().push((key.clone(), pointer));
            }
            members.insert(key, value);
            match map.next_key::<String>()? {
                Some(next) => key = next,
                None => return Ok(Value::Object(members)),
            }
        }
    }
}

/// Parses `text` as one JSON value (nothing but whitespace may follow), noting duplicates.
#[cfg(test)]
pub(crate) fn from_slice(text: &[u8], pointer: &str, duplicates: &Duplicates) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_slice(text);
    let value = ValueSeed { frame: Frame::Root(pointer), duplicates }.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_as_serde_json_and_duplicates_with_pointers() {
        let text = br#"{"a": [1.50, {"b": 1, "b": 2}], "c/d": {"e": 1e5, "e": null}, "a": 3, "n": -0}"#;
        let duplicates = Duplicates::default();
        let value = from_slice(text, "/releases/4", &duplicates).unwrap();
        assert_eq!(value, serde_json::from_slice::<Value>(text).unwrap());
        assert_eq!(value.to_string(), serde_json::from_slice::<Value>(text).unwrap().to_string());
        let found = duplicates.into_inner();
        let pointers: Vec<&str> = found.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(pointers, ["/releases/4/a/1/b", "/releases/4/c~1d/e", "/releases/4/a"]);
    }
}
