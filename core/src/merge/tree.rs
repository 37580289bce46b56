//! The fast engine: each release is merged straight into an accumulating tree that borrows the
//! input values, with rules found once per new member in the rule trie and array entries found
//! through their `id`. Nothing is flattened, no path string is built while merging.
//!
//! The tree mirrors the reference's flattened map exactly as long as every path keeps one shape
//! (a value, an object or an array) and every `id` has a single spelling. A tree node that would
//! need the reference's flattened view to resolve — a value that becomes an object, an object
//! that becomes an array, ids such as `1.0`, `true` or `"1"` beside `1` — makes the whole
//! process fall back ([`Bail`]) to the literal model in `reference.rs`.
//!
//! What the tree keeps beyond the output:
//! - a `null` leaf stays as a tombstone, because the reference keeps the field's position for a
//!   value that comes later;
//! - omitted members stay as markers, so their rule is looked up once;
//! - an entry's `id` is written first, as the reference's rebuild does, and never updated.

use std::collections::{HashMap, HashSet};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use super::merger::{ArrayStrategy, RuleNode, rule_of};
use super::rules::{Rule, escape};
use super::{MergeWarning, label, py};

/// The fast engine cannot reproduce this process exactly; the literal model must merge it.
#[derive(Debug)]
pub(crate) struct Bail;

type Res<T> = Result<T, Bail>;

static NULL: Value = Value::Null;

/// How a value is merged at a path (the reference's flattening decision).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Stored whole: a scalar, `null`, an array holding a non-object, or a `wholeListMerge` path.
    Leaf,
    /// `{}` or `[]` (not `wholeListMerge`): contributes nothing.
    Empty,
    /// A non-empty object: merged member by member.
    Obj,
    /// A non-empty array of objects: merged entry by entry.
    Arr,
}

#[inline]
fn classify(value: &Value, rules: Option<&RuleNode>) -> Class {
    if rule_of(rules) == Some(Rule::WholeListMerge) {
        return Class::Leaf;
    }
    match value {
        Value::Object(m) if m.is_empty() => Class::Empty,
        Value::Object(_) => Class::Obj,
        Value::Array(a) if a.iter().any(|x| !x.is_object()) => Class::Leaf,
        Value::Array(a) if a.is_empty() => Class::Empty,
        Value::Array(_) => Class::Arr,
        _ => Class::Leaf,
    }
}

/// Whether merging `value` at a path adds at least one field.
fn produces(value: &Value, rules: Option<&RuleNode>) -> bool {
    match classify(value, rules) {
        Class::Leaf => true,
        Class::Empty => false,
        Class::Obj => value.as_object().is_some_and(|m| {
            m.iter().any(|(k, v)| {
                let child = rules.and_then(|r| r.child(k));
                rule_of(child) != Some(Rule::OmitWhenMerged) && produces(v, child)
            })
        }),
        Class::Arr => value.as_array().is_some_and(|a| a.iter().any(|item| produces(item, rules))),
    }
}

/// What a leaf holds in a compiled or a versioned release.
pub(crate) trait Mode<'a> {
    type Leaf;
    fn leaf(value: &'a Value, rel: u32) -> Self::Leaf;
    fn set(leaf: &mut Self::Leaf, value: &'a Value, rel: u32);
    /// A `null` the reference drops but whose position it keeps (compiled releases only).
    fn is_tombstone(leaf: &Self::Leaf) -> bool;
    /// An array entry's `id`, written when the entry is created.
    fn fixed_id(id: &'a Value) -> Self::Leaf;
    fn out(leaf: &Self::Leaf, releases: &[&'a Value]) -> Option<Value>;
    /// Whether the leaf appears in the output (a tombstone does not).
    fn present(leaf: &Self::Leaf) -> bool;
    /// Writes the leaf as `out` would build it.
    fn serialize<S: Serializer>(leaf: &Self::Leaf, releases: &[&'a Value], s: S) -> Result<S::Ok, S::Error>;
}

fn release_at<'v>(releases: &[&'v Value], rel: u32) -> &'v Value {
    releases.get(rel as usize).copied().unwrap_or(&NULL)
}

fn compiled_id(release: &Value) -> String {
    let part = |name| py::str_of(release.get(name).unwrap_or(&NULL));
    format!("{}-{}", part("ocid"), part("date"))
}

struct Compiled;

enum CLeaf<'a> {
    Value(&'a Value),
    /// `["compiled"]`.
    Tag,
    /// `{ocid}-{date}` of the release at this position.
    Id(u32),
}

impl<'a> Mode<'a> for Compiled {
    type Leaf = CLeaf<'a>;

    #[inline]
    fn leaf(value: &'a Value, _: u32) -> CLeaf<'a> {
        CLeaf::Value(value)
    }

    #[inline]
    fn set(leaf: &mut CLeaf<'a>, value: &'a Value, _: u32) {
        *leaf = CLeaf::Value(value);
    }

    fn is_tombstone(leaf: &CLeaf<'a>) -> bool {
        matches!(leaf, CLeaf::Value(Value::Null))
    }

    fn fixed_id(id: &'a Value) -> CLeaf<'a> {
        CLeaf::Value(id)
    }

    fn out(leaf: &CLeaf<'a>, releases: &[&'a Value]) -> Option<Value> {
        match leaf {
            CLeaf::Value(Value::Null) => None,
            CLeaf::Value(v) => Some((*v).clone()),
            CLeaf::Tag => Some(Value::Array(vec![Value::String("compiled".to_owned())])),
            CLeaf::Id(r) => Some(Value::String(compiled_id(release_at(releases, *r)))),
        }
    }

    fn present(leaf: &CLeaf<'a>) -> bool {
        !matches!(leaf, CLeaf::Value(Value::Null))
    }

    fn serialize<S: Serializer>(leaf: &CLeaf<'a>, releases: &[&'a Value], s: S) -> Result<S::Ok, S::Error> {
        match leaf {
            CLeaf::Value(v) => v.serialize(s),
            CLeaf::Tag => ["compiled"].serialize(s),
            CLeaf::Id(r) => s.serialize_str(&compiled_id(release_at(releases, *r))),
        }
    }
}

struct Versioned;

enum VLeaf<'a> {
    /// Not versioned: the `ocid`, an array entry's `id`.
    Plain(&'a Value),
    /// A history of one value (the common case, without allocating).
    One(u32, &'a Value),
    /// A history: (release position, value).
    Many(Vec<(u32, &'a Value)>),
}

impl<'a> Mode<'a> for Versioned {
    type Leaf = VLeaf<'a>;

    #[inline]
    fn leaf(value: &'a Value, rel: u32) -> VLeaf<'a> {
        VLeaf::One(rel, value)
    }

    /// Adds `value` to the history unless it equals (Python's `==`) the last value. Within one
    /// release (ids repeated in an array), the reference keeps only the release's last value.
    fn set(leaf: &mut VLeaf<'a>, value: &'a Value, rel: u32) {
        match leaf {
            VLeaf::Plain(v) => *v = value,
            VLeaf::One(r, v) => {
                if *r == rel {
                    *v = value;
                } else if !py::eq(value, v) {
                    *leaf = VLeaf::Many(vec![(*r, *v), (rel, value)]);
                }
            }
            VLeaf::Many(history) => {
                let n = history.len();
                if history[n - 1].0 == rel {
                    if n >= 2 && py::eq(value, history[n - 2].1) {
                        history.pop();
                    } else {
                        history[n - 1].1 = value;
                    }
                } else if !py::eq(value, history[n - 1].1) {
                    history.push((rel, value));
                }
            }
        }
    }

    fn is_tombstone(_: &VLeaf<'a>) -> bool {
        false
    }

    fn fixed_id(id: &'a Value) -> VLeaf<'a> {
        VLeaf::Plain(id)
    }

    fn present(leaf: &VLeaf<'a>) -> bool {
        !matches!(leaf, VLeaf::Plain(Value::Null))
    }

    fn serialize<S: Serializer>(leaf: &VLeaf<'a>, releases: &[&'a Value], s: S) -> Result<S::Ok, S::Error> {
        let history = |s: S, entries: &[(u32, &'a Value)]| {
            let mut seq = s.serialize_seq(Some(entries.len()))?;
            for (rel, value) in entries {
                seq.serialize_element(&HistoryView { release: release_at(releases, *rel), value })?;
            }
            seq.end()
        };
        match leaf {
            VLeaf::Plain(v) => v.serialize(s),
            VLeaf::One(r, v) => history(s, &[(*r, *v)]),
            VLeaf::Many(h) => history(s, h),
        }
    }

    fn out(leaf: &VLeaf<'a>, releases: &[&'a Value]) -> Option<Value> {
        let entry = |rel: u32, value: &Value| {
            let release = release_at(releases, rel);
            let get = |name| release.get(name).unwrap_or(&NULL).clone();
            let mut m = Map::with_capacity(4);
            m.insert("releaseID".to_owned(), get("id"));
            m.insert("releaseDate".to_owned(), get("date"));
            m.insert("releaseTag".to_owned(), get("tag"));
            m.insert("value".to_owned(), value.clone());
            Value::Object(m)
        };
        match leaf {
            VLeaf::Plain(Value::Null) => None,
            VLeaf::Plain(v) => Some((*v).clone()),
            VLeaf::One(r, v) => Some(Value::Array(vec![entry(*r, v)])),
            VLeaf::Many(h) => Some(Value::Array(h.iter().map(|(r, v)| entry(*r, v)).collect())),
        }
    }
}

struct Obj<'a, L> {
    members: Vec<Member<'a, L>>,
}

struct Member<'a, L> {
    name: &'a str,
    rules: Option<&'a RuleNode>,
    /// `omitWhenMerged`: values from releases are ignored here.
    omit: bool,
    /// A container that replaced a `null` value: a later non-null value here would, in the
    /// reference, come back in front of the container.
    shadow: bool,
    node: Node<'a, L>,
}

enum Node<'a, L> {
    /// An omitted member, kept so its rule is not looked up again; never output.
    Omit,
    Leaf(L),
    Obj(Obj<'a, L>),
    Arr(Box<Arr<'a, L>>),
}

impl<'a, L> Obj<'a, L> {
    fn new() -> Self {
        Obj { members: Vec::new() }
    }

    /// Finds a member, trying first where the previous lookup left off (releases of one process
    /// mostly list members in the same order).
    #[inline]
    fn find(&self, name: &str, hint: &mut usize) -> Option<usize> {
        if let Some(m) = self.members.get(*hint)
            && m.name == name
        {
            *hint += 1;
            return Some(*hint - 1);
        }
        let i = self.members.iter().position(|m| m.name == name)?;
        *hint = i + 1;
        Some(i)
    }

    fn push(&mut self, name: &'a str, rules: Option<&'a RuleNode>, node: Node<'a, L>) {
        let omit = matches!(node, Node::Omit);
        self.members.push(Member { name, rules, omit, shadow: false, node });
    }
}

/// How an array entry is matched.
#[derive(Clone, Copy)]
enum Key<'a> {
    Str(&'a str),
    /// An int `id`, by its (canonical) text.
    Int(&'a str),
    /// `id: null` (the reference's text for it is `None`).
    Null,
    Pos(u32),
    /// Never matched: no `id`, or the append strategy.
    Unique,
}

impl<'a> Key<'a> {
    #[inline]
    fn text(self) -> Option<&'a str> {
        match self {
            Key::Str(s) | Key::Int(s) => Some(s),
            Key::Null => Some("None"),
            Key::Pos(_) | Key::Unique => None,
        }
    }

    fn same_kind(self, other: Key<'_>) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// An object's `id` member: found by scanning, as `id` usually comes first (cheaper than hashing).
#[inline]
fn id_of(map: &Map<String, Value>) -> Option<&Value> {
    map.iter().find(|(k, _)| k.as_str() == "id").map(|(_, v)| v)
}

/// The key of an `id` value; ids whose text the reference would compute differently
/// (floats, booleans, `-0`, objects, arrays) need the literal model.
#[inline]
fn id_key(id: &Value) -> Res<Key<'_>> {
    match id {
        Value::String(s) => Ok(Key::Str(s)),
        Value::Number(n) if py::is_canonical_int(n) => Ok(Key::Int(n.as_str())),
        Value::Null => Ok(Key::Null),
        _ => Err(Bail),
    }
}

const NO_ENTRY: u32 = u32::MAX;
const LINEAR: usize = 8;

struct Arr<'a, L> {
    strategy: ArrayStrategy,
    entries: Vec<Entry<'a, L>>,
    by_text: Option<HashMap<&'a str, u32>>,
    by_pos: Vec<u32>,
}

struct Entry<'a, L> {
    key: Key<'a>,
    /// The entry's `id` was written at creation; later `id` values are ignored.
    fixed: bool,
    obj: Obj<'a, L>,
}

impl<'a, L> Arr<'a, L> {
    fn new(strategy: ArrayStrategy) -> Self {
        Arr { strategy, entries: Vec::new(), by_text: None, by_pos: Vec::new() }
    }

    #[inline]
    fn find(&mut self, key: Key<'a>) -> Res<Option<usize>> {
        let text = match key {
            Key::Unique => return Ok(None),
            Key::Pos(p) => {
                let at = self.by_pos.get(p as usize).copied().unwrap_or(NO_ENTRY);
                return Ok((at != NO_ENTRY).then_some(at as usize));
            }
            other => other.text().unwrap_or_default(),
        };
        if self.by_text.is_none() && self.entries.len() > LINEAR {
            let mut map = HashMap::with_capacity(self.entries.len() * 2);
            for (i, e) in self.entries.iter().enumerate() {
                if let Some(t) = e.key.text() {
                    map.insert(t, i as u32);
                }
            }
            self.by_text = Some(map);
        }
        let found = match &self.by_text {
            Some(map) => map.get(text).map(|&i| i as usize),
            None => self.entries.iter().position(|e| e.key.text() == Some(text)),
        };
        match found {
            Some(i) if !self.entries[i].key.same_kind(key) => Err(Bail),
            found => Ok(found),
        }
    }

    fn index_last(&mut self) {
        let at = self.entries.len() - 1;
        match self.entries[at].key {
            Key::Pos(p) => {
                let p = p as usize;
                if self.by_pos.len() <= p {
                    self.by_pos.resize(p + 1, NO_ENTRY);
                }
                self.by_pos[p] = at as u32;
            }
            key => {
                if let (Some(map), Some(t)) = (&mut self.by_text, key.text()) {
                    map.insert(t, at as u32);
                }
            }
        }
    }
}

/// A step of the JSON Pointer to where the merge is, in the current release (for warnings).
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

pub(crate) fn pointer_text<'s>(segs: impl IntoIterator<Item = (Option<&'s str>, usize)>) -> String {
    let mut out = String::new();
    for (key, index) in segs {
        out.push('/');
        match key {
            Some(k) => out.push_str(&escape(k)),
            None => out.push_str(&index.to_string()),
        }
    }
    out
}

struct Cx<'a, 'w> {
    rel: u32,
    release: &'a Value,
    default: ArrayStrategy,
    warnings: &'w mut Vec<MergeWarning>,
    path: Vec<Seg<'a>>,
}

impl Cx<'_, '_> {
    fn warn_duplicate(&mut self, id: &str) {
        let pointer = pointer_text(self.path.iter().map(|s| match s {
            Seg::Key(k) => (Some(*k), 0),
            Seg::Index(i) => (None, *i),
        }));
        self.warnings.push(MergeWarning::DuplicateId {
            ocid: label(self.release, "ocid"),
            release_id: label(self.release, "id"),
            pointer,
            id: id.to_owned(),
        });
    }
}

/// Texts of the ids met so far in one array of one release (inline while few).
struct Seen<'a> {
    inline: [&'a str; 8],
    len: usize,
    set: Option<HashSet<&'a str>>,
}

impl<'a> Seen<'a> {
    fn new() -> Self {
        Seen { inline: [""; 8], len: 0, set: None }
    }

    /// Records `text`; `false` if it was met before.
    fn insert(&mut self, text: &'a str) -> bool {
        if let Some(set) = &mut self.set {
            return set.insert(text);
        }
        if self.inline[..self.len].contains(&text) {
            return false;
        }
        if self.len < self.inline.len() {
            self.inline[self.len] = text;
            self.len += 1;
        } else {
            let mut set: HashSet<&'a str> = self.inline.iter().copied().collect();
            set.insert(text);
            self.set = Some(set);
        }
        true
    }
}

fn merge_obj<'a, M: Mode<'a>>(
    obj: &mut Obj<'a, M::Leaf>,
    incoming: &'a Map<String, Value>,
    rules: Option<&'a RuleNode>,
    cx: &mut Cx<'a, '_>,
    how: How<'_>,
) -> Res<bool> {
    let mut hint = 0;
    let mut any = false;
    for (name, value) in incoming {
        if !how.skip.is_empty() && how.skip.contains(&name.as_str()) {
            continue;
        }
        if how.fixed_id && name == "id" {
            // The entry's `id` was set when it was created; the reference ignores later ones.
            if obj.members.get(hint).is_some_and(|m| m.name == "id") {
                hint += 1;
            }
            let child = rules.and_then(|r| r.child("id"));
            any |= rule_of(child) != Some(Rule::OmitWhenMerged);
            continue;
        }
        cx.path.push(Seg::Key(name));
        any |= if how.fresh {
            // Every member is new: an object's member names are unique.
            new_member::<M>(obj, &mut hint, name, value, rules, cx)?
        } else {
            merge_member::<M>(obj, &mut hint, name, value, rules, cx)?
        };
        cx.path.pop();
    }
    Ok(any)
}

/// How `merge_obj` treats an object's members.
#[derive(Clone, Copy, Default)]
struct How<'s> {
    /// The object was just created (no member to look up), but for a fixed `id`.
    fresh: bool,
    /// The object is an array entry whose `id` was written at creation.
    fixed_id: bool,
    /// Members the caller sets itself (at the release's root).
    skip: &'s [&'s str],
}

fn strategy_of(rules: Option<&RuleNode>, default: ArrayStrategy) -> ArrayStrategy {
    rules.and_then(|r| r.strategy).unwrap_or(default)
}

/// Merges `value` into a container member just created (or turned from a `null` value).
fn fill<'a, M: Mode<'a>>(member: &mut Member<'a, M::Leaf>, value: &'a Value, cx: &mut Cx<'a, '_>) -> Res<bool> {
    match (&mut member.node, value) {
        (Node::Obj(o), Value::Object(m)) => {
            merge_obj::<M>(o, m, member.rules, cx, How { fresh: true, ..How::default() })
        }
        (Node::Arr(a), Value::Array(items)) => merge_arr::<M>(a, items, member.rules, cx),
        _ => Err(Bail),
    }
}

fn container<'a, L>(class: Class, rules: Option<&RuleNode>, cx: &Cx<'a, '_>) -> Node<'a, L> {
    if class == Class::Obj {
        Node::Obj(Obj::new())
    } else {
        Node::Arr(Box::new(Arr::new(strategy_of(rules, cx.default))))
    }
}

fn merge_member<'a, M: Mode<'a>>(
    obj: &mut Obj<'a, M::Leaf>,
    hint: &mut usize,
    name: &'a str,
    value: &'a Value,
    parent_rules: Option<&'a RuleNode>,
    cx: &mut Cx<'a, '_>,
) -> Res<bool> {
    let Some(i) = obj.find(name, hint) else {
        return new_member::<M>(obj, hint, name, value, parent_rules, cx);
    };
    let member = &mut obj.members[i];
    if member.omit {
        return Ok(false);
    }
    let class = classify(value, member.rules);
    match (&mut member.node, class) {
        (Node::Omit, _) | (_, Class::Empty) => Ok(false),
        (Node::Leaf(leaf), Class::Leaf) => {
            M::set(leaf, value, cx.rel);
            Ok(true)
        }
        (Node::Leaf(leaf), _) => {
            // A `null` value then an object or array: the reference builds the container where
            // its first field comes, i.e. after every member present now.
            if !M::is_tombstone(leaf) || !produces(value, member.rules) {
                return Err(Bail);
            }
            let mut moved = obj.members.remove(i);
            moved.node = container(class, moved.rules, cx);
            moved.shadow = true;
            obj.members.push(moved);
            *hint = obj.members.len();
            let last = obj.members.len() - 1;
            fill::<M>(&mut obj.members[last], value, cx)
        }
        // A value after a container: the reference meets the container first and ignores it,
        // unless a `null` that preceded the container becomes a value.
        (Node::Obj(_) | Node::Arr(_), Class::Leaf) => {
            if member.shadow && !value.is_null() {
                Err(Bail)
            } else {
                Ok(true)
            }
        }
        (Node::Obj(o), Class::Obj) => match value {
            Value::Object(m) => merge_obj::<M>(o, m, member.rules, cx, How::default()),
            _ => Err(Bail),
        },
        (Node::Arr(a), Class::Arr) => match value {
            Value::Array(items) => merge_arr::<M>(a, items, member.rules, cx),
            _ => Err(Bail),
        },
        (Node::Obj(_), _) | (Node::Arr(_), _) => Err(Bail),
    }
}

fn new_member<'a, M: Mode<'a>>(
    obj: &mut Obj<'a, M::Leaf>,
    hint: &mut usize,
    name: &'a str,
    value: &'a Value,
    parent_rules: Option<&'a RuleNode>,
    cx: &mut Cx<'a, '_>,
) -> Res<bool> {
    let rules = parent_rules.and_then(|r| r.child(name));
    if rule_of(rules) == Some(Rule::OmitWhenMerged) {
        obj.push(name, rules, Node::Omit);
        *hint = obj.members.len();
        return Ok(false);
    }
    let class = classify(value, rules);
    match class {
        Class::Empty => Ok(false),
        Class::Leaf => {
            obj.push(name, rules, Node::Leaf(M::leaf(value, cx.rel)));
            *hint = obj.members.len();
            Ok(true)
        }
        Class::Obj | Class::Arr => {
            obj.push(name, rules, container(class, rules, cx));
            let last = obj.members.len() - 1;
            let added = fill::<M>(&mut obj.members[last], value, cx)?;
            if added {
                *hint = obj.members.len();
            } else {
                // Nothing below it: the reference has no path through it, so no container.
                obj.members.pop();
            }
            Ok(added)
        }
    }
}

fn merge_arr<'a, M: Mode<'a>>(
    arr: &mut Arr<'a, M::Leaf>,
    items: &'a [Value],
    rules: Option<&'a RuleNode>,
    cx: &mut Cx<'a, '_>,
) -> Res<bool> {
    let mut any = false;
    let mut seen = (items.len() > 1).then(Seen::new);
    for (i, item) in items.iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(Bail);
        };
        let id = id_of(map);
        let key = match id {
            Some(v) => Some(id_key(v)?),
            None => None,
        };
        if let (Some(seen), Some(text)) = (&mut seen, key.and_then(Key::text))
            && !seen.insert(text)
        {
            cx.warn_duplicate(text);
        }
        if map.is_empty() {
            continue;
        }
        let key = match arr.strategy {
            ArrayStrategy::Identifier => key.unwrap_or(Key::Unique),
            ArrayStrategy::ByPosition => Key::Pos(u32::try_from(i).map_err(|_| Bail)?),
            ArrayStrategy::Append => Key::Unique,
        };
        cx.path.push(Seg::Index(i));
        let added = match arr.find(key)? {
            Some(e) => {
                let entry = &mut arr.entries[e];
                let how = How { fixed_id: entry.fixed, ..How::default() };
                merge_obj::<M>(&mut entry.obj, map, rules, cx, how)?
            }
            None => {
                let mut obj = Obj { members: Vec::with_capacity(map.len()) };
                let fixed = match id {
                    Some(id) if !id.is_null() => {
                        obj.push("id", None, Node::Leaf(M::fixed_id(id)));
                        true
                    }
                    _ => false,
                };
                arr.entries.push(Entry { key, fixed, obj });
                let last = arr.entries.len() - 1;
                let how = How { fresh: true, fixed_id: fixed, skip: &[] };
                let added = merge_obj::<M>(&mut arr.entries[last].obj, map, rules, cx, how)?;
                if added {
                    arr.index_last();
                } else {
                    arr.entries.pop();
                }
                added
            }
        };
        cx.path.pop();
        any |= added;
    }
    Ok(any)
}

/// Sets a member of the release's root that the merge sets itself (`id`, `date`, `ocid`).
fn set_root<'a, L>(root: &mut Obj<'a, L>, rules: &'a RuleNode, name: &'static str, leaf: L) -> Res<()> {
    match root.members.iter_mut().find(|m| m.name == name) {
        Some(Member { node: Node::Leaf(l), .. }) => {
            *l = leaf;
            Ok(())
        }
        Some(_) => Err(Bail),
        None => {
            let child = rules.child(name);
            root.members.push(Member {
                name,
                rules: child,
                omit: rule_of(child) == Some(Rule::OmitWhenMerged),
                shadow: false,
                node: Node::Leaf(leaf),
            });
            Ok(())
        }
    }
}

fn obj_out<'a, M: Mode<'a>>(obj: &Obj<'a, M::Leaf>, releases: &[&'a Value]) -> Value {
    let mut map = Map::with_capacity(obj.members.len());
    for m in &obj.members {
        let value = match &m.node {
            Node::Omit => None,
            Node::Leaf(leaf) => M::out(leaf, releases),
            Node::Obj(o) => Some(obj_out::<M>(o, releases)),
            Node::Arr(a) => Some(Value::Array(a.entries.iter().map(|e| obj_out::<M>(&e.obj, releases)).collect())),
        };
        if let Some(value) = value {
            map.insert(m.name.to_owned(), value);
        }
    }
    Value::Object(map)
}

fn is_text_or_null(v: &Value) -> bool {
    v.is_string() || v.is_null()
}

/// One entry of a versioned value's history, written without building it.
struct HistoryView<'v> {
    release: &'v Value,
    value: &'v Value,
}

impl Serialize for HistoryView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let get = |name| self.release.get(name).unwrap_or(&NULL);
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("releaseID", get("id"))?;
        map.serialize_entry("releaseDate", get("date"))?;
        map.serialize_entry("releaseTag", get("tag"))?;
        map.serialize_entry("value", self.value)?;
        map.end()
    }
}

/// The tree as the JSON it stands for, written without building a `Value`.
struct ObjView<'t, 'a, M: Mode<'a>> {
    obj: &'t Obj<'a, M::Leaf>,
    releases: &'t [&'a Value],
}

struct ArrView<'t, 'a, M: Mode<'a>> {
    arr: &'t Arr<'a, M::Leaf>,
    releases: &'t [&'a Value],
}

struct LeafView<'t, 'a, M: Mode<'a>> {
    leaf: &'t M::Leaf,
    releases: &'t [&'a Value],
}

impl<'a, M: Mode<'a>> Serialize for ObjView<'_, 'a, M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let releases = self.releases;
        let mut map = s.serialize_map(None)?;
        for m in &self.obj.members {
            match &m.node {
                Node::Omit => {}
                Node::Leaf(leaf) if M::present(leaf) => {
                    map.serialize_entry(m.name, &LeafView::<M> { leaf, releases })?
                }
                Node::Leaf(_) => {}
                Node::Obj(obj) => map.serialize_entry(m.name, &ObjView::<M> { obj, releases })?,
                Node::Arr(arr) => map.serialize_entry(m.name, &ArrView::<M> { arr, releases })?,
            }
        }
        map.end()
    }
}

impl<'a, M: Mode<'a>> Serialize for ArrView<'_, 'a, M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.arr.entries.len()))?;
        for e in &self.arr.entries {
            seq.serialize_element(&ObjView::<M> { obj: &e.obj, releases: self.releases })?;
        }
        seq.end()
    }
}

impl<'a, M: Mode<'a>> Serialize for LeafView<'_, 'a, M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        M::serialize(self.leaf, self.releases, s)
    }
}

/// What the caller wants the merged release as.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Value,
    Json,
}

/// A merged release in the form asked for.
pub(crate) enum Output {
    Value(Value),
    Json(String),
}

fn emit<'a, M: Mode<'a>>(root: &Obj<'a, M::Leaf>, releases: &[&'a Value], form: Form) -> Output {
    match form {
        Form::Value => Output::Value(obj_out::<M>(root, releases)),
        Form::Json => {
            let view = ObjView::<M> { obj: root, releases };
            // Writing to a Vec cannot fail, and serde_json writes valid UTF-8.
            let bytes = serde_json::to_vec(&view).unwrap_or_default();
            Output::Json(String::from_utf8(bytes).unwrap_or_default())
        }
    }
}

/// The compiled release, or [`Bail`].
pub(crate) fn compile(
    sorted: &[&Value],
    rules: &RuleNode,
    default: ArrayStrategy,
    form: Form,
) -> Res<(Output, Vec<MergeWarning>)> {
    let mut warnings = Vec::new();
    let mut root: Obj<CLeaf> = Obj { members: Vec::with_capacity(24) };
    root.push("tag", None, Node::Leaf(CLeaf::Tag));
    let lone = sorted.len() == 1;
    for (r, release) in sorted.iter().enumerate() {
        let Value::Object(map) = release else {
            return Err(Bail);
        };
        let ocid = map.get("ocid").unwrap_or(&NULL);
        let date = map.get("date").unwrap_or(&NULL);
        // `{ocid}-{date}` of other types needs Python's str(); a lone release may lack a date.
        if !is_text_or_null(ocid) || !(date.is_string() || (lone && date.is_null())) {
            return Err(Bail);
        }
        let rel = u32::try_from(r).map_err(|_| Bail)?;
        set_root(&mut root, rules, "id", CLeaf::Id(rel))?;
        set_root(&mut root, rules, "date", CLeaf::Value(date))?;
        set_root(&mut root, rules, "ocid", CLeaf::Value(ocid))?;
        let mut cx = Cx { rel, release, default, warnings: &mut warnings, path: Vec::with_capacity(8) };
        let how = How { skip: &["tag"], ..How::default() };
        merge_obj::<Compiled>(&mut root, map, Some(rules), &mut cx, how)?;
    }
    Ok((emit::<Compiled>(&root, sorted, form), warnings))
}

/// The versioned release, or [`Bail`].
pub(crate) fn versioned(
    sorted: &[&Value],
    rules: &RuleNode,
    default: ArrayStrategy,
    form: Form,
) -> Res<(Output, Vec<MergeWarning>)> {
    let mut warnings = Vec::new();
    let mut root: Obj<VLeaf> = Obj { members: Vec::with_capacity(24) };
    for (r, release) in sorted.iter().enumerate() {
        let Value::Object(map) = release else {
            return Err(Bail);
        };
        let ocid = map.get("ocid").unwrap_or(&NULL);
        if !is_text_or_null(ocid) {
            return Err(Bail);
        }
        let rel = u32::try_from(r).map_err(|_| Bail)?;
        set_root(&mut root, rules, "ocid", VLeaf::Plain(ocid))?;
        let mut cx = Cx { rel, release, default, warnings: &mut warnings, path: Vec::with_capacity(8) };
        let how = How { skip: &["tag", "ocid"], ..How::default() };
        merge_obj::<Versioned>(&mut root, map, Some(rules), &mut cx, how)?;
    }
    Ok((emit::<Versioned>(&root, sorted, form), warnings))
}
