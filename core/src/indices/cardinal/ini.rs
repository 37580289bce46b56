//! A small, strict reader for Cardinal's settings files, which are INI (edca's own
//! configuration is TOML or JSON). The result is a JSON object that
//! [`CardinalSettings`](super::CardinalSettings) deserializes from.
//!
//! - `[section]` starts a section; dots nest (`[codelists.bid_status]` is `codelists` →
//!   `bid_status`). A section may be empty (`[R028]` enables R028) and may appear again.
//! - `key = value`, split at the first `=`, both trimmed; before any section, the key is
//!   top-level. A key set twice in one section is an error.
//! - Lines starting with `;` or `#` are comments; there are no comments after a value (a value
//!   may hold `;` or `#`).
//! - Values: `true` and `false` are booleans, JSON numbers are numbers (kept as written), text
//!   between matching quotes (`"…"`, `'…'`) is that text, anything else is text. Text settings
//!   also take numbers, so `amount = 0` means the text `0`.
//!
//! Anything else is an error that names its line.

use crate::indices::IndicesError;
use serde_json::{Map, Number, Value};

/// A line that is not INI, or that contradicts an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct IniError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl From<IniError> for IndicesError {
    fn from(error: IniError) -> Self {
        IndicesError::Config(error.to_string())
    }
}

/// Reads an INI text into a JSON object (sections are objects).
pub fn parse(text: &str) -> Result<Value, IniError> {
    let mut root = Map::new();
    let mut section: Vec<String> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fail = |reason: String| IniError { line, reason };
        let content = if index == 0 { raw.trim_start_matches('\u{feff}') } else { raw }.trim();
        if content.is_empty() || content.starts_with([';', '#']) {
            continue;
        }
        if let Some(header) = content.strip_prefix('[') {
            let name = header.strip_suffix(']').ok_or_else(|| fail(format!("`{content}`: a section ends with `]`")))?;
            let path: Vec<String> = name.split('.').map(|part| part.trim().to_owned()).collect();
            if path.iter().any(String::is_empty) {
                return Err(fail(format!("`{content}`: empty section name")));
            }
            table(&mut root, &path).map_err(fail)?;
            section = path;
            continue;
        }
        let Some((key, value)) = content.split_once('=') else {
            return Err(fail(format!(
                "expected `key = value`, `[section]` or a comment (`;`, `#`), found `{content}`"
            )));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(fail(format!("`{content}`: no key before `=`")));
        }
        let members = table(&mut root, &section).map_err(fail)?;
        if members.contains_key(key) {
            return Err(fail(format!("`{key}` is set twice in {}", name(&section))));
        }
        members.insert(key.to_owned(), typed(value.trim()));
    }
    Ok(Value::Object(root))
}

/// The object at `path`, created if missing.
fn table<'a>(root: &'a mut Map<String, Value>, path: &[String]) -> Result<&'a mut Map<String, Value>, String> {
    let mut members = root;
    for (depth, part) in path.iter().enumerate() {
        let entry = members.entry(part.clone()).or_insert_with(|| Value::Object(Map::new()));
        members = match entry {
            Value::Object(inner) => inner,
            _ => return Err(format!("`{part}` is a key in {}, not a section", name(&path[..depth]))),
        };
    }
    Ok(members)
}

/// A section's name as written, for messages.
fn name(path: &[String]) -> String {
    if path.is_empty() { "the top level".to_owned() } else { format!("[{}]", path.join(".")) }
}

fn typed(value: &str) -> Value {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|rest| rest.strip_suffix(quote)) {
            return Value::String(inner.to_owned());
        }
    }
    match value {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match value.parse::<Number>() {
            Ok(number) => Value::Number(number),
            Err(_) => Value::String(value.to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Hand-made: the shape of Cardinal's `init` file (top-level keys, commented keys, empty and
    /// nested sections) and each kind of value.
    #[test]
    fn sections_keys_and_values() {
        let text = "\u{feff}; top\ncurrency = USD\n\n[output]\n; info_currency_mismatches = true\n\
                    [R003]\nthreshold = 15\n[R003.procurement_method_details]\nLicitación Pública = 10\n\
                    [redactions]\namount = 0|99999999\norganization_id = 0\n# comment\n\
                    [modifications]\nsplit_procurement_method_details = -\nprefix_tenderer_or_supplier_id = \"1\"\n\
                    move_auctions = true\nempty =\n[R024]\nthreshold = 0.5\nnote = a ; b\r\n";
        assert_eq!(
            parse(text).unwrap(),
            json!({
                "currency": "USD",
                "output": {},
                "R003": {"threshold": 15, "procurement_method_details": {"Licitación Pública": 10}},
                "redactions": {"amount": "0|99999999", "organization_id": 0},
                "modifications": {"split_procurement_method_details": "-", "prefix_tenderer_or_supplier_id": "1",
                    "move_auctions": true, "empty": ""},
                "R024": {"threshold": 0.5, "note": "a ; b"},
            })
        );
        // Numbers keep their text (arbitrary precision): 0.050 stays 0.050.
        assert_eq!(parse("[R024]\nthreshold = 0.050").unwrap()["R024"]["threshold"].to_string(), "0.050");
    }

    /// Hand-made: each malformed line is refused with its line number.
    #[test]
    fn malformed_lines_name_their_line() {
        let cases = [
            ("[defaults]\ncurrency USD\n", 2, "expected `key = value`"),
            ("[defaults\n", 1, "a section ends with `]`"),
            ("\n\n[a..b]\n", 3, "empty section name"),
            ("[a]\n = 1\n", 2, "no key before `=`"),
            ("[a]\nx = 1\n[b]\n[a]\nx = 2\n", 5, "`x` is set twice in [a]"),
            ("[R003]\nprocurement_method_details = 5\n[R003.procurement_method_details]\n", 3, "is a key in [R003]"),
            ("x = 1\n[x]\n", 2, "`x` is a key in the top level"),
        ];
        for (text, line, reason) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.reason.contains(reason), "{text:?}: {error}");
            assert!(error.to_string().starts_with(&format!("line {line}: ")));
        }
    }

    /// Hand-made: section order does not matter and repeated sections merge.
    #[test]
    fn sections_merge() {
        let value = parse(
            "[R003.procurement_method_details]\nx = 1\n[R003]\nthreshold = 2\n[R003.procurement_method_details]\ny = 3",
        )
        .unwrap();
        assert_eq!(value, json!({"R003": {"procurement_method_details": {"x": 1, "y": 3}, "threshold": 2}}));
    }
}
