//! Field coverage, counted as Cardinal's `coverage` command counts it: for each path, how many
//! values along it are non-empty.
//!
//! Paths join members with `/` and array elements with `[]`; the empty path is the line itself
//! and a trailing `/` is the object at that path (so `/tender/` counts non-empty tender objects
//! and `/tender` counts tenders of any kind). Empty means `null`, `""`, `[]`, `{}`, or an array
//! or object holding only empty values. An array path counts each non-empty element, so
//! `/awards[]` can exceed the number of processes; the path without `[]` counts once per array.

use indexmap::IndexMap;
use serde_json::Value;
use std::io::BufRead;

/// Counts per path, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldCoverage {
    counts: IndexMap<String, u64>,
    lines: u64,
}

impl FieldCoverage {
    /// No counts yet.
    pub fn new() -> Self {
        FieldCoverage::default()
    }

    /// Counts the paths of one value (a compiled release, or any JSON value).
    pub fn add(&mut self, value: &Value) {
        self.lines += 1;
        let mut path = String::with_capacity(64);
        self.visit(value, &mut path);
    }

    /// Counts each line of `input` that is valid JSON; blank and invalid lines (including
    /// invalid UTF-8) are skipped, as Cardinal does. Returns how many lines were skipped for
    /// being invalid (blank lines are not counted).
    pub fn add_lines(&mut self, input: impl BufRead) -> u64 {
        let mut invalid = 0;
        for line in input.split(b'\n') {
            let Ok(line) = line else {
                invalid += 1;
                continue;
            };
            let Ok(text) = std::str::from_utf8(&line) else {
                invalid += 1;
                continue;
            };
            match serde_json::from_str::<Value>(text) {
                Ok(value) => self.add(&value),
                Err(_) if text.trim().is_empty() => {}
                Err(_) => invalid += 1,
            }
        }
        invalid
    }

    /// Count per path.
    pub fn counts(&self) -> &IndexMap<String, u64> {
        &self.counts
    }

    /// How many values were added.
    pub fn values(&self) -> u64 {
        self.lines
    }

    /// Adds another tally (e.g. from another thread).
    pub fn merge(&mut self, other: FieldCoverage) {
        self.lines += other.lines;
        for (path, count) in other.counts {
            *self.counts.entry(path).or_default() += count;
        }
    }

    /// Whether `value` at `path` is non-empty; counts it and everything below it.
    fn visit(&mut self, value: &Value, path: &mut String) -> bool {
        let present = match value {
            Value::Null => false,
            Value::Bool(_) | Value::Number(_) => true,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => {
                let len = path.len();
                path.push_str("[]");
                let mut any = false;
                for item in items {
                    any |= self.visit(item, path);
                }
                path.truncate(len);
                any
            }
            Value::Object(members) => {
                let len = path.len();
                path.push('/');
                let mut any = false;
                for (key, member) in members {
                    let inner = path.len();
                    path.push_str(key);
                    any |= self.visit(member, path);
                    path.truncate(inner);
                }
                if any {
                    self.bump(path);
                }
                path.truncate(len);
                any
            }
        };
        if present {
            self.bump(path);
        }
        present
    }

    fn bump(&mut self, path: &str) {
        match self.counts.get_mut(path) {
            Some(count) => *count += 1,
            None => {
                self.counts.insert(path.to_owned(), 1);
            }
        }
    }
}

/// Whether `value` is non-empty by the rule [`FieldCoverage`] counts with: not `null`, `""`, or an
/// array or object holding only empty values.
pub(crate) fn is_non_empty(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(_) | Value::Number(_) => true,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(is_non_empty),
        Value::Object(members) => members.values().any(is_non_empty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_count_twice_and_arrays_per_element() {
        let mut c = FieldCoverage::new();
        c.add(&json!({"a": [{"b": 1}, {"b": null}, 2], "e": {}}));
        let got: Vec<(&str, u64)> = c.counts().iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, vec![("/a[]/b", 1), ("/a[]/", 1), ("/a[]", 2), ("/a", 1), ("/", 1), ("", 1)]);
    }
}
