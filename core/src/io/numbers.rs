//! Numbers that no float can hold (`1e400`) are rejected: serde_json keeps numbers as written
//! (arbitrary precision), so this is checked after parsing, where the pointer is known.

use super::pointer::Segment;
use serde_json::Value;

/// The pointer (below `path`) and text of the first number out of range, if any.
pub(crate) fn out_of_range(value: &Value, path: &mut Vec<Segment>) -> Option<String> {
    match value {
        Value::Number(n) => {
            let text = n.as_str();
            let suspicious = text.len() > 300 || text.bytes().any(|b| b == b'e' || b == b'E');
            if suspicious && !text.parse::<f64>().is_ok_and(f64::is_finite) {
                return Some(text.to_owned());
            }
            None
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                if let Some(found) = out_of_range(item, path) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        Value::Object(members) => {
            for (key, item) in members {
                path.push(Segment::Key(key.clone()));
                if let Some(found) = out_of_range(item, path) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        _ => None,
    }
}
