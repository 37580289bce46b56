//! A literal model of the reference implementation, for the processes the fast engine hands
//! over: every release is flattened to an ordered map of path → value, where an array entry's
//! path step is its `id` as text (Python's `str()`), and the merged map is rebuilt into JSON.
//! What makes the reference's output odd is reproduced here on purpose:
//! - a path keeps the step kinds (member or array entry) and the entry `id`s of the release that
//!   first brought it, even when a later release spells the same text differently;
//! - when rebuilding, entries are matched by the `id` *value* with Python's `==` (`1 == 1.0 ==
//!   true`), not by its text;
//! - a value then an object (or array) at one path is an error, or, for a list or object value,
//!   the later fields are written into that value; an object then a value keeps the object.

use std::collections::HashMap;

use indexmap::IndexMap;
use indexmap::map::Entry as MapEntry;
use serde_json::{Map, Value};

use super::merger::{ArrayStrategy, Merged, RuleNode, rule_of};
use super::py::{self, PyNum};
use super::rules::Rule;
use super::tree::pointer_text;
use super::{MergeError, MergeWarning, label};

static NULL: Value = Value::Null;

/// A path step as the reference compares it: text, or a fresh UUID (equal to nothing else).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Text {
    S(String),
    Uuid(u64),
}

/// An array entry's identifier as Python hashes and compares it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ident {
    Str(String),
    /// Ints, integral floats and booleans, by canonical decimal text.
    Int(String),
    Float(u64),
    None,
    Uuid(u64),
    /// An object or array: Python cannot hash it.
    Unhashable,
}

fn ident_of(v: &Value) -> Ident {
    match v {
        Value::String(s) => Ident::Str(s.clone()),
        Value::Null => Ident::None,
        Value::Bool(b) => Ident::Int(if *b { "1" } else { "0" }.to_owned()),
        Value::Number(n) => match py::num(n) {
            PyNum::Int(t) => Ident::Int(t),
            PyNum::Float(f) if f.is_finite() && f.fract() == 0.0 => {
                Ident::Int(if f == 0.0 { "0".to_owned() } else { format!("{f:.0}") })
            }
            PyNum::Float(f) => Ident::Float(f.to_bits()),
        },
        Value::Array(_) | Value::Object(_) => Ident::Unhashable,
    }
}

/// A path step with what the reference's key object carries.
#[derive(Debug, Clone)]
enum Part<'a> {
    Member,
    Entry { ident: Ident, original: Option<&'a Value> },
}

/// A step of the JSON Pointer, in a release, to a path.
#[derive(Debug, Clone)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// One path of the merged map with the key object that first brought it.
struct Slot<'a, V> {
    parts: Vec<Part<'a>>,
    /// Release (merge position) that first brought the path, and where in it.
    source: (usize, Vec<Seg<'a>>),
    value: V,
}

type Flat<'a, V> = IndexMap<Vec<Text>, Slot<'a, V>>;

struct Flattener<'a, 'w> {
    default: ArrayStrategy,
    rel: usize,
    release: &'a Value,
    uuids: &'w mut u64,
    warnings: &'w mut Vec<MergeWarning>,
    texts: Vec<Text>,
    parts: Vec<Part<'a>>,
    segs: Vec<Seg<'a>>,
    out: Flat<'a, &'a Value>,
}

impl<'a> Flattener<'a, '_> {
    fn uuid(&mut self) -> u64 {
        *self.uuids += 1;
        *self.uuids
    }

    fn object(&mut self, map: &'a Map<String, Value>, rules: Option<&'a RuleNode>, skip_tag: bool) {
        for (name, value) in map {
            if skip_tag && name == "tag" {
                continue;
            }
            self.texts.push(Text::S(name.clone()));
            self.parts.push(Part::Member);
            self.segs.push(Seg::Key(name));
            self.value(value, rules.and_then(|r| r.child(name)));
            self.texts.pop();
            self.parts.pop();
            self.segs.pop();
        }
    }

    fn value(&mut self, value: &'a Value, rules: Option<&'a RuleNode>) {
        let rule = rule_of(rules);
        if rule == Some(Rule::OmitWhenMerged) {
            return;
        }
        let leaf = rule == Some(Rule::WholeListMerge)
            || match value {
                Value::Object(_) => false,
                Value::Array(items) => items.iter().any(|x| !x.is_object()),
                _ => true,
            };
        if leaf {
            match self.out.entry(self.texts.clone()) {
                MapEntry::Occupied(mut e) => e.get_mut().value = value,
                MapEntry::Vacant(e) => {
                    e.insert(Slot { parts: self.parts.clone(), source: (self.rel, self.segs.clone()), value });
                }
            }
            return;
        }
        match value {
            Value::Object(map) if !map.is_empty() => self.object(map, rules, false),
            Value::Array(items) if !items.is_empty() => self.array(items, rules),
            _ => {}
        }
    }

    fn array(&mut self, items: &'a [Value], rules: Option<&'a RuleNode>) {
        let strategy = rules.and_then(|r| r.strategy).unwrap_or(self.default);
        let mut seen: HashMap<Text, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let id = item.get("id");
            let default_text = match id {
                Some(v) => Text::S(py::str_of(v)),
                None => Text::Uuid(self.uuid()),
            };
            match seen.get(&default_text) {
                None => {
                    seen.insert(default_text.clone(), i);
                }
                Some(_) => {
                    let pointer = self.pointer(self.segs.len());
                    if let Text::S(id) = &default_text {
                        self.warnings.push(MergeWarning::DuplicateId {
                            ocid: label(self.release, "ocid"),
                            release_id: label(self.release, "id"),
                            pointer,
                            id: id.clone(),
                        });
                    }
                }
            }
            let original = id.filter(|v| !v.is_null());
            let (text, ident) = match strategy {
                ArrayStrategy::Identifier => match (&default_text, id) {
                    (Text::Uuid(u), _) => (default_text.clone(), Ident::Uuid(*u)),
                    (_, Some(v)) => (default_text.clone(), ident_of(v)),
                    (_, None) => (default_text.clone(), Ident::None),
                },
                ArrayStrategy::Append => match default_text {
                    Text::Uuid(u) => (Text::Uuid(u), Ident::Uuid(u)),
                    Text::S(_) => {
                        let u = self.uuid();
                        (Text::Uuid(u), Ident::Uuid(u))
                    }
                },
                ArrayStrategy::ByPosition => (Text::S(i.to_string()), Ident::Int(i.to_string())),
            };
            self.texts.push(text);
            self.parts.push(Part::Entry { ident, original });
            self.segs.push(Seg::Index(i));
            // An entry is an object here (an array holding anything else is a whole value).
            if let Value::Object(map) = item
                && !map.is_empty()
            {
                self.object(map, rules, false);
            }
            self.texts.pop();
            self.parts.pop();
            self.segs.pop();
        }
    }

    fn pointer(&self, depth: usize) -> String {
        pointer_of(&self.segs[..depth])
    }
}

fn pointer_of(segs: &[Seg<'_>]) -> String {
    pointer_text(segs.iter().map(|s| match s {
        Seg::Key(k) => (Some(*k), 0),
        Seg::Index(i) => (None, *i),
    }))
}

/// Flattens one release (without its `tag`), as the reference's `flatten`.
fn flatten<'a>(
    release: &'a Value,
    rel: usize,
    rules: &'a RuleNode,
    default: ArrayStrategy,
    uuids: &mut u64,
    warnings: &mut Vec<MergeWarning>,
) -> Flat<'a, &'a Value> {
    let mut f = Flattener {
        default,
        rel,
        release,
        uuids,
        warnings,
        texts: Vec::new(),
        parts: Vec::new(),
        segs: Vec::new(),
        out: IndexMap::new(),
    };
    if let Value::Object(map) = release {
        f.object(map, Some(rules), true);
    }
    f.out
}

/// A value of the merged map: borrowed from a release, or made by the merge.
enum Held<'a> {
    Ref(&'a Value),
    Own(Value),
    /// Versioned history: (release position, value).
    History(Vec<(usize, &'a Value)>),
}

fn set<'a>(data: &mut Flat<'a, Held<'a>>, name: &'a str, rel: usize, value: Held<'a>) {
    match data.entry(vec![Text::S(name.to_owned())]) {
        MapEntry::Occupied(mut e) => e.get_mut().value = value,
        MapEntry::Vacant(e) => {
            e.insert(Slot { parts: vec![Part::Member], source: (rel, vec![Seg::Key(name)]), value });
        }
    }
}

pub(crate) fn compile(sorted: &[&Value], rules: &RuleNode, default: ArrayStrategy) -> Result<Merged, MergeError> {
    let mut warnings = Vec::new();
    let mut uuids = 0;
    let mut data: Flat<Held> = IndexMap::new();
    let tag = Value::Array(vec![Value::String("compiled".to_owned())]);
    set(&mut data, "tag", 0, Held::Own(tag));
    for (rel, release) in sorted.iter().enumerate() {
        let ocid = release.get("ocid").unwrap_or(&NULL);
        let date = release.get("date").unwrap_or(&NULL);
        let id = format!("{}-{}", py::str_of(ocid), py::str_of(date));
        set(&mut data, "id", rel, Held::Own(Value::String(id)));
        set(&mut data, "date", rel, Held::Ref(date));
        set(&mut data, "ocid", rel, Held::Ref(ocid));
        for (key, slot) in flatten(release, rel, rules, default, &mut uuids, &mut warnings) {
            match data.entry(key) {
                MapEntry::Occupied(mut e) => e.get_mut().value = Held::Ref(slot.value),
                MapEntry::Vacant(e) => {
                    e.insert(Slot { parts: slot.parts, source: slot.source, value: Held::Ref(slot.value) });
                }
            }
        }
    }
    let release = unflatten(&data, sorted)?;
    Ok(Merged { release, warnings })
}

pub(crate) fn versioned(sorted: &[&Value], rules: &RuleNode, default: ArrayStrategy) -> Result<Merged, MergeError> {
    let mut warnings = Vec::new();
    let mut uuids = 0;
    let mut data: Flat<Held> = IndexMap::new();
    let ocid_key = vec![Text::S("ocid".to_owned())];
    for (rel, release) in sorted.iter().enumerate() {
        let mut flat = flatten(release, rel, rules, default, &mut uuids, &mut warnings);
        flat.shift_remove(&ocid_key);
        set(&mut data, "ocid", rel, Held::Ref(release.get("ocid").unwrap_or(&NULL)));
        for (key, slot) in flat {
            match data.entry(key) {
                MapEntry::Occupied(mut e) => {
                    if let Held::History(history) = &mut e.get_mut().value
                        && history.last().is_none_or(|(_, last)| !py::eq(slot.value, last))
                    {
                        history.push((rel, slot.value));
                    }
                }
                MapEntry::Vacant(e) => {
                    e.insert(Slot {
                        parts: slot.parts,
                        source: slot.source,
                        value: Held::History(vec![(rel, slot.value)]),
                    });
                }
            }
        }
    }
    let release = unflatten(&data, sorted)?;
    Ok(Merged { release, warnings })
}

/// A step from the root of the output to a node.
#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn node_at<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = root;
    for step in path {
        node = match (node, step) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn history_entry(release: &Value, value: &Value) -> Value {
    let get = |name| release.get(name).unwrap_or(&NULL).clone();
    let mut m = Map::with_capacity(4);
    m.insert("releaseID".to_owned(), get("id"));
    m.insert("releaseDate".to_owned(), get("date"));
    m.insert("releaseTag".to_owned(), get("tag"));
    m.insert("value".to_owned(), value.clone());
    Value::Object(m)
}

fn describe(v: &Value) -> String {
    let text = py::repr(v);
    if text.chars().count() > 60 { format!("{}…", text.chars().take(60).collect::<String>()) } else { text }
}

/// Rebuilds JSON from the merged map, as the reference's `unflatten`.
fn unflatten(data: &Flat<'_, Held<'_>>, sorted: &[&Value]) -> Result<Value, MergeError> {
    let mut out = Value::Object(Map::new());
    let mut entries: HashMap<(Vec<Text>, Ident), Vec<Step>> = HashMap::new();
    for (texts, slot) in data {
        let (rel, segs) = &slot.source;
        let release = sorted.get(*rel).copied().unwrap_or(&NULL);
        let conflict = |depth: usize, detail: String| MergeError::InconsistentType {
            ocid: label(release, "ocid"),
            release_id: label(release, "id"),
            pointer: pointer_of(&segs[..depth.min(segs.len())]),
            detail,
        };
        let mut cur: Vec<Step> = Vec::new();
        let n = texts.len();
        for end in 1..=n {
            match &slot.parts[end - 1] {
                Part::Entry { ident, original } => {
                    if *ident == Ident::Unhashable {
                        return Err(MergeError::UnhashableId {
                            ocid: label(release, "ocid"),
                            release_id: label(release, "id"),
                            pointer: pointer_of(&segs[..end.min(segs.len())]),
                        });
                    }
                    let key = (texts[..end - 1].to_vec(), ident.clone());
                    if let Some(path) = entries.get(&key) {
                        cur = path.clone();
                        continue;
                    }
                    let node = node_at(&mut out, &cur).ok_or_else(|| conflict(end - 1, "lost node".into()))?;
                    let list = match node {
                        Value::Array(list) => list,
                        other => {
                            return Err(conflict(
                                end - 1,
                                format!("an earlier release has {} here, this release an array", describe(other)),
                            ));
                        }
                    };
                    let mut entry = Map::new();
                    if let Some(id) = original {
                        entry.insert("id".to_owned(), (*id).clone());
                    }
                    list.push(Value::Object(entry));
                    cur.push(Step::Index(list.len() - 1));
                    entries.insert(key, cur.clone());
                }
                Part::Member => {
                    let Text::S(name) = &texts[end - 1] else {
                        return Err(conflict(end - 1, "member without a name".into()));
                    };
                    let node = node_at(&mut out, &cur).ok_or_else(|| conflict(end - 1, "lost node".into()))?;
                    let map = match node {
                        Value::Object(map) => map,
                        other => {
                            return Err(conflict(
                                end - 1,
                                format!(
                                    "an earlier release has {} here, this release an object with the member {name:?}",
                                    describe(other)
                                ),
                            ));
                        }
                    };
                    if map.contains_key(name) {
                        cur.push(Step::Key(name.clone()));
                    } else if end < n {
                        let next = match slot.parts[end] {
                            Part::Entry { .. } => Value::Array(Vec::new()),
                            Part::Member => Value::Object(Map::new()),
                        };
                        map.insert(name.clone(), next);
                        cur.push(Step::Key(name.clone()));
                    } else {
                        let value = match &slot.value {
                            Held::Ref(Value::Null) => None,
                            Held::Ref(v) => Some((*v).clone()),
                            Held::Own(Value::Null) => None,
                            Held::Own(v) => Some(v.clone()),
                            Held::History(h) => Some(Value::Array(
                                h.iter()
                                    .map(|(r, v)| history_entry(sorted.get(*r).copied().unwrap_or(&NULL), v))
                                    .collect(),
                            )),
                        };
                        if let Some(value) = value {
                            map.insert(name.clone(), value);
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}
