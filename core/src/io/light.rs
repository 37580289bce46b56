//! A release checked without building it: the same parser (so the same syntax errors, the
//! 128-level limit), numbers out of range and members written twice found as in a full parse,
//! but nothing kept except what routing a release needs (its `ocid`, whether it has a `date`,
//! and what tells a release from a package or record). The compile path then hands the bytes
//! to the merge worker, which parses them once.
//!
//! Measured on a 69 MB package (70,182 releases): building `Value`s, writing them as compact
//! JSON and parsing them again in the merge worker cost about three full parses per release;
//! this check costs well under one (no allocation but for member names with escapes and the
//! `ocid`), so each release is built once, where it is merged.

use super::numbers::out_of_range_text;
use super::pointer::escape_into;
use super::value::{Duplicates, NUMBER_TOKEN};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

/// The JSON type of a value, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// "a string", "an object"…
    pub fn name(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Bool => "a boolean",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        }
    }
}

/// What the check of one value found at its top level.
#[derive(Debug, Default)]
pub(crate) struct Light {
    pub kind: Option<JsonKind>,
    /// The `ocid` member, when it is a string.
    pub ocid: Option<String>,
    pub has_ocid: bool,
    pub has_date: bool,
    pub releases_array: bool,
    pub has_records: bool,
}

/// Found while checking: the first number out of range (its text and pointer).
#[derive(Default)]
pub(crate) struct Found {
    pub out_of_range: RefCell<Option<(String, String)>>,
}

/// The path to the value being checked, as borrowed frames (rendered only when needed).
#[derive(Clone, Copy)]
enum Path<'p> {
    Root(&'p str),
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn render(&self, out: &mut String) {
        match self {
            Path::Root(pointer) => out.push_str(pointer),
            Path::Key(parent, key) => {
                parent.render(out);
                out.push('/');
                escape_into(key, out);
            }
            Path::Index(parent, i) => {
                parent.render(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

struct Check<'p> {
    path: Path<'p>,
    duplicates: &'p Duplicates,
    found: &'p Found,
    /// The top-level value: its members are looked at.
    top: Option<&'p RefCell<Light>>,
    /// Keep the string (the top-level `ocid`).
    capture: Option<&'p RefCell<Option<String>>>,
}

impl<'de> DeserializeSeed<'de> for Check<'_> {
    type Value = JsonKind;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<JsonKind, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A member name, borrowed from the input when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> Visitor<'de> for Check<'_> {
    type Value = JsonKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<JsonKind, E> {
        Ok(JsonKind::Bool)
    }
    fn visit_i64<E>(self, _: i64) -> Result<JsonKind, E> {
        Ok(JsonKind::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<JsonKind, E> {
        Ok(JsonKind::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<JsonKind, E> {
        Ok(JsonKind::Number)
    }
    fn visit_str<E>(self, v: &str) -> Result<JsonKind, E> {
        if let Some(capture) = self.capture {
            *capture.borrow_mut() = Some(v.to_owned());
        }
        Ok(JsonKind::String)
    }
    fn visit_unit<E>(self) -> Result<JsonKind, E> {
        Ok(JsonKind::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonKind, A::Error> {
        let mut i = 0;
        loop {
            let check = Check {
                path: Path::Index(&self.path, i),
                duplicates: self.duplicates,
                found: self.found,
                top: None,
                capture: None,
            };
            if seq.next_element_seed(check)?.is_none() {
                return Ok(JsonKind::Array);
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonKind, A::Error> {
        let Some(first) = map.next_key_seed(Key)? else {
            return Ok(JsonKind::Object);
        };
        if first == NUMBER_TOKEN {
            let text: String = map.next_value()?;
            if out_of_range_text(&text) && self.found.out_of_range.borrow().is_none() {
                let mut pointer = String::new();
                self.path.render(&mut pointer);
                *self.found.out_of_range.borrow_mut() = Some((text, pointer));
            }
            return Ok(JsonKind::Number);
        }
        // Member names seen, to find those written twice (objects are small: a scan is
        // cheaper than hashing).
        let mut seen: Vec<Cow<'de, str>> = Vec::new();
        let mut key = first;
        loop {
            let ocid = RefCell::new(None);
            let is_top_ocid = self.top.is_some() && key == "ocid";
            let check = Check {
                path: Path::Key(&self.path, &key),
                duplicates: self.duplicates,
                found: self.found,
                top: None,
                capture: is_top_ocid.then_some(&ocid),
            };
            let kind = map.next_value_seed(check)?;
            if let Some(top) = self.top {
                let mut top = top.borrow_mut();
                match &*key {
                    "ocid" => {
                        top.has_ocid = true;
                        top.ocid = ocid.into_inner();
                    }
                    "date" => top.has_date = true,
                    "releases" => top.releases_array = kind == JsonKind::Array,
                    "records" => top.has_records = true,
                    _ => {}
                }
            }
            if seen.contains(&key) {
                let mut pointer = String::new();
                Path::Key(&self.path, &key).render(&mut pointer);
                self.duplicates.borrow_mut().push((key.to_string(), pointer));
            } else {
                seen.push(key);
            }
            match map.next_key_seed(Key)? {
                Some(next) => key = next,
                None => return Ok(JsonKind::Object),
            }
        }
    }
}

/// Checks `text` (one JSON value, nothing but whitespace after it) at `pointer`.
pub(crate) fn check(text: &[u8], pointer: &str, duplicates: &Duplicates, found: &Found) -> serde_json::Result<Light> {
    let top = RefCell::new(Light::default());
    let mut de = serde_json::Deserializer::from_slice(text);
    let kind =
        Check { path: Path::Root(pointer), duplicates, found, top: Some(&top), capture: None }.deserialize(&mut de)?;
    de.end()?;
    let mut light = top.into_inner();
    light.kind = Some(kind);
    Ok(light)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_full_parse_finds() {
        let text = br#"{"ocid": "a\u0041", "date": null, "x": [{"k": 1, "k": 2}], "n": 1e400, "releases": {}}"#;
        let duplicates = Duplicates::default();
        let found = Found::default();
        let light = check(text, "/releases/3", &duplicates, &found).unwrap();
        assert_eq!(light.ocid.as_deref(), Some("aA"));
        assert!(light.has_date && light.has_ocid && !light.releases_array && !light.has_records);
        assert_eq!(duplicates.into_inner(), [("k".to_owned(), "/releases/3/x/0/k".to_owned())]);
        let out = found.out_of_range.into_inner().unwrap();
        assert_eq!(out.1, "/releases/3/n");
        assert!(check(b"{\"a\": tru}", "", &Duplicates::default(), &Found::default()).is_err());
    }
}
