//! Numbers that no float can hold (`1e400`) are rejected: serde_json keeps numbers as written
//! (arbitrary precision), so this is checked after parsing. The walk allocates nothing; the
//! pointer is worked out only when such a number is found.

use super::pointer::Segment;
use serde_json::{Number, Value};

fn out_of_range_number(n: &Number) -> bool {
    out_of_range_text(n.as_str())
}

/// Whether a number, as written, is beyond any float (`1e400`).
pub(crate) fn out_of_range_text(text: &str) -> bool {
    let suspicious = text.len() > 300 || text.bytes().any(|b| b == b'e' || b == b'E');
    suspicious && !text.parse::<f64>().is_ok_and(f64::is_finite)
}

fn contains_out_of_range(value: &Value) -> bool {
    match value {
        Value::Number(n) => out_of_range_number(n),
        Value::Array(items) => items.iter().any(contains_out_of_range),
        Value::Object(members) => members.values().any(contains_out_of_range),
        _ => false,
    }
}

/// The text of the first number out of range, if any; `path` then ends with its pointer.
pub(crate) fn out_of_range(value: &Value, path: &mut Vec<Segment>) -> Option<String> {
    if !contains_out_of_range(value) {
        return None;
    }
    match value {
        Value::Number(n) => Some(n.as_str().to_owned()),
        Value::Array(items) => {
            let (i, item) = items.iter().enumerate().find(|(_, item)| contains_out_of_range(item))?;
            path.push(Segment::Index(i));
            out_of_range(item, path)
        }
        Value::Object(members) => {
            let (key, item) = members.iter().find(|(_, item)| contains_out_of_range(item))?;
            path.push(Segment::Key(key.clone()));
            out_of_range(item, path)
        }
        _ => None,
    }
}
