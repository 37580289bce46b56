//! Field coverage, counted as Cardinal's `coverage` command counts it: for each path, how many
//! values along it are non-empty.
//!
//! Paths join members with `/` and array elements with `[]`; the empty path is the line itself
//! and a trailing `/` is the object at that path (so `/tender/` counts non-empty tender objects
//! and `/tender` counts tenders of any kind). Empty means `null`, `""`, `[]`, `{}`, or an array
//! or object holding only empty values. An array path counts each non-empty element, so
//! `/awards[]` can exceed the number of processes; the path without `[]` counts once per array.
//!
//! Counting is the hot loop of `edca indices` on large datasets, so the tally is a tree of
//! positions rather than a map of path strings: a member is found among its parent's members by
//! its name alone (and first at the place it had in the previous object, since publishers write
//! members in a steady order), and path strings are only built by [`FieldCoverage::counts`].
//! [`CoveragePool`] counts from many threads at once, for readers that parse in parallel.

use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::{Mutex, PoisonError};

/// Counts per path, built up one value at a time.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct FieldCoverage {
    /// Positions in the JSON tree; the first is the value itself (the empty path).
    nodes: Vec<Node>,
    values: u64,
}

/// One position in the JSON tree and what was counted there.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Node {
    /// Non-empty values at this path.
    present: u64,
    /// Non-empty objects at this path (the path with a trailing `/`).
    objects: u64,
    /// Positions of the members of objects here, by member name, in order of first appearance.
    members: IndexMap<Box<str>, usize>,
    /// Position of the elements of arrays here (the path with `[]`).
    elements: Option<usize>,
}

impl Default for FieldCoverage {
    fn default() -> Self {
        FieldCoverage { nodes: vec![Node::default()], values: 0 }
    }
}

impl FieldCoverage {
    /// No counts yet.
    pub fn new() -> Self {
        FieldCoverage::default()
    }

    /// Counts the paths of one value (a compiled release, or any JSON value).
    pub fn add(&mut self, value: &Value) {
        self.values += 1;
        self.visit(value, 0);
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

    /// Count per path, sorted by path; paths never non-empty are left out. Built on each call.
    ///
    /// Two positions can spell the same path (a member named `a/b` and a member `b` of a member
    /// `a` both give `/a/b`); their counts are added, as Cardinal's map of path strings does.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        let mut path = String::with_capacity(64);
        self.collect(0, &mut path, &mut out);
        out
    }

    /// How many values were added.
    pub fn values(&self) -> u64 {
        self.values
    }

    /// Adds another tally (e.g. from another thread).
    pub fn merge(&mut self, other: FieldCoverage) {
        self.values += other.values;
        self.merge_node(&other, 0, 0);
    }

    /// Whether `value` at position `at` is non-empty; counts it and everything below it.
    fn visit(&mut self, value: &Value, at: usize) -> bool {
        let present = match value {
            Value::Null => false,
            Value::Bool(_) | Value::Number(_) => true,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => {
                let mut any = false;
                if !items.is_empty() {
                    let elements = self.elements(at);
                    for item in items {
                        any |= self.visit(item, elements);
                    }
                }
                any
            }
            Value::Object(members) => {
                let mut any = false;
                let mut hint = 0;
                for (key, member) in members {
                    let (child, next) = self.member(at, key, hint);
                    hint = next;
                    any |= self.visit(member, child);
                }
                if any {
                    self.nodes[at].objects += 1;
                }
                any
            }
        };
        if present {
            self.nodes[at].present += 1;
        }
        present
    }

    /// The position of member `key` below `at`, created if new, looked for first at index
    /// `hint`; and the index after it (the hint for the next member of the same object).
    fn member(&mut self, at: usize, key: &str, hint: usize) -> (usize, usize) {
        let members = &self.nodes[at].members;
        if let Some((name, &child)) = members.get_index(hint)
            && **name == *key
        {
            return (child, hint + 1);
        }
        if let Some((index, _, &child)) = members.get_full(key) {
            return (child, index + 1);
        }
        let child = self.nodes.len();
        self.nodes.push(Node::default());
        let (index, _) = self.nodes[at].members.insert_full(key.into(), child);
        (child, index + 1)
    }

    /// The position of the elements of arrays at `at`, created if new.
    fn elements(&mut self, at: usize) -> usize {
        if let Some(elements) = self.nodes[at].elements {
            return elements;
        }
        let elements = self.nodes.len();
        self.nodes.push(Node::default());
        self.nodes[at].elements = Some(elements);
        elements
    }

    /// Adds the counts of `other` from its position `theirs` down into position `mine`.
    fn merge_node(&mut self, other: &FieldCoverage, theirs: usize, mine: usize) {
        let node = &other.nodes[theirs];
        self.nodes[mine].present += node.present;
        self.nodes[mine].objects += node.objects;
        if let Some(elements) = node.elements {
            let into = self.elements(mine);
            self.merge_node(other, elements, into);
        }
        for (index, (key, &child)) in node.members.iter().enumerate() {
            let (into, _) = self.member(mine, key, index);
            self.merge_node(other, child, into);
        }
    }

    /// Writes the non-zero counts from position `at` (spelt `path`) down.
    fn collect(&self, at: usize, path: &mut String, out: &mut BTreeMap<String, u64>) {
        let node = &self.nodes[at];
        let len = path.len();
        if node.present > 0 {
            *out.entry(path.clone()).or_default() += node.present;
        }
        if node.objects > 0 {
            path.push('/');
            *out.entry(path.clone()).or_default() += node.objects;
            path.truncate(len);
        }
        if let Some(elements) = node.elements {
            path.push_str("[]");
            self.collect(elements, path, out);
            path.truncate(len);
        }
        for (key, &child) in &node.members {
            path.push('/');
            path.push_str(key);
            self.collect(child, path, out);
            path.truncate(len);
        }
    }
}

/// Equal when the same number of values gave the same counts (however they were added).
impl PartialEq for FieldCoverage {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values && self.counts() == other.counts()
    }
}

impl Eq for FieldCoverage {}

impl std::fmt::Debug for FieldCoverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldCoverage").field("values", &self.values).field("counts", &self.counts()).finish()
    }
}

/// Field coverage counted from several threads at once (e.g. in the workers of
/// [`Reader::read_with`](crate::io::Reader::read_with)). Each call borrows a tally from a pool,
/// so threads never wait for one another's counting; [`finish`](CoveragePool::finish) adds the
/// tallies up. The result does not depend on which thread counted what.
#[derive(Debug, Default)]
pub struct CoveragePool {
    tallies: Mutex<Vec<FieldCoverage>>,
}

impl CoveragePool {
    /// No counts yet.
    pub fn new() -> Self {
        CoveragePool::default()
    }

    /// Counts the paths of one value.
    pub fn add(&self, value: &Value) {
        let mut tally = self.tallies.lock().unwrap_or_else(PoisonError::into_inner).pop().unwrap_or_default();
        tally.add(value);
        self.tallies.lock().unwrap_or_else(PoisonError::into_inner).push(tally);
    }

    /// The counts of every value added.
    pub fn finish(self) -> FieldCoverage {
        let tallies = self.tallies.into_inner().unwrap_or_else(PoisonError::into_inner);
        let mut total = FieldCoverage::new();
        for tally in tallies {
            total.merge(tally);
        }
        total
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

    fn counts(coverage: &FieldCoverage) -> Vec<(String, u64)> {
        coverage.counts().into_iter().collect()
    }

    /// Hand count: the object `{"b": 1}` is non-empty, `{"b": null}` is not, `2` is; `{}` is
    /// empty; the line is non-empty.
    #[test]
    fn objects_count_twice_and_arrays_per_element() {
        let mut c = FieldCoverage::new();
        c.add(&json!({"a": [{"b": 1}, {"b": null}, 2], "e": {}}));
        let expected = [("", 1), ("/", 1), ("/a", 1), ("/a[]", 2), ("/a[]/", 1), ("/a[]/b", 1)];
        assert_eq!(counts(&c), expected.map(|(p, n)| (p.to_owned(), n)));
    }

    /// Hand count: members in another order, and a member missing, still land on their paths.
    #[test]
    fn members_in_any_order() {
        let mut c = FieldCoverage::new();
        c.add(&json!({"a": 1, "b": "x", "c": true}));
        c.add(&json!({"c": false, "a": 2}));
        c.add(&json!({"b": "", "d": 0}));
        let got = c.counts();
        assert_eq!((got["/a"], got["/b"], got["/c"], got["/d"], got[""]), (2, 1, 2, 1, 3));
    }

    /// Hand count: `{"a/b": 1}` and `{"a": {"b": 2}}` both spell `/a/b`; a member named "" spells
    /// the object's own path `/`. Cardinal keys its counts by these strings, so they add up
    /// (ocdscardinal 0.0.8 gives these counts on these three lines).
    #[test]
    fn paths_spelt_alike_add_up() {
        let mut c = FieldCoverage::new();
        c.add(&json!({"a/b": 1}));
        c.add(&json!({"a": {"b": 2}}));
        c.add(&json!({"": 1}));
        let got = c.counts();
        assert_eq!((got["/a/b"], got["/a"], got["/"], got[""]), (2, 1, 4, 3));
    }

    /// Merging tallies of a split input gives the tally of the whole, whatever the split.
    #[test]
    fn merge_equals_counting_everything_in_one() {
        let values = [
            json!({"ocid": "a", "tender": {"id": "1", "items": [{"id": "i"}, {}]}}),
            json!({"tender": {"items": [], "value": {"amount": 3}}, "ocid": "b"}),
            json!({"awards": [{"id": "x", "suppliers": [{"name": ""}]}], "ocid": "c"}),
        ];
        let mut whole = FieldCoverage::new();
        values.iter().for_each(|v| whole.add(v));
        for split in 0..=values.len() {
            let (mut left, mut right) = (FieldCoverage::new(), FieldCoverage::new());
            values[..split].iter().for_each(|v| left.add(v));
            values[split..].iter().for_each(|v| right.add(v));
            right.merge(left);
            assert_eq!(right, whole, "split at {split}");
        }
    }

    /// The pool, fed from several threads, equals one tally fed in order.
    #[test]
    fn pool_equals_one_tally() {
        let values: Vec<Value> = (0..200).map(|i| json!({"i": i, "even": (i % 2 == 0).then_some("y")})).collect();
        let mut whole = FieldCoverage::new();
        values.iter().for_each(|v| whole.add(v));
        let pool = CoveragePool::new();
        std::thread::scope(|s| {
            for chunk in values.chunks(30) {
                let pool = &pool;
                s.spawn(move || chunk.iter().for_each(|v| pool.add(v)));
            }
        });
        let pooled = pool.finish();
        assert_eq!(pooled, whole);
        assert_eq!((pooled.values(), pooled.counts()["/even"]), (200, 100));
    }
}
