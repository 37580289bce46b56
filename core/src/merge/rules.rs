//! Merge rules derived from a release schema, exactly as the reference implementation derives
//! them: `omitWhenMerged` (or the OCDS 1.0 `mergeStrategy: "ocdsOmit"`) drops a field,
//! `wholeListMerge` (or `mergeStrategy: "ocdsVersion"`) replaces an array whole, and so does any
//! array whose items are not all objects, or are objects without an `id` property. Other arrays of
//! objects are merged by `id`. `versionId` is read by no rule: the reference ignores it, and its
//! fixtures (`schema/version-id`) show `id` versioned in objects and unversioned in arrays.
//!
//! Local `$ref`s (`#/definitions/...`, any JSON Pointer into the schema) are resolved here, with
//! the reference's semantics (a `$ref` object is replaced whole, its other members ignored);
//! remote references are refused rather than fetched.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::MergeError;

/// What the merge does with the values found at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The field is left out of compiled and versioned releases.
    OmitWhenMerged,
    /// The value replaces the previous one whole, even when it is an array of objects.
    WholeListMerge,
}

/// Merge rules keyed by field path (member names from the release's root; array positions are
/// not part of a path, so `["awards", "items"]` is every award's `items`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeRules {
    rules: IndexMap<Vec<String>, Rule>,
}

impl MergeRules {
    /// No rules: every array of objects is merged by `id`, nothing is omitted.
    pub fn new() -> Self {
        Self::default()
    }

    /// Derives the rules from a release schema (a JSON Schema with `properties`).
    pub fn from_schema(schema: &Value) -> Result<Self, MergeError> {
        let resolver = Resolver { root: schema };
        let root = resolver.resolve(schema, "")?;
        let props = root
            .as_object()
            .and_then(|m| m.get("properties"))
            .ok_or_else(|| schema_error("", "the schema has no `properties`"))?;
        let mut rules = IndexMap::new();
        let mut walk = Walk { resolver: &resolver, rules: &mut rules, active: Vec::new() };
        walk.properties(props, &mut Vec::new(), "/properties")?;
        Ok(Self { rules })
    }

    /// The rule for a path, if any.
    pub fn get<S: AsRef<str>>(&self, path: &[S]) -> Option<Rule> {
        let key: Vec<String> = path.iter().map(|s| s.as_ref().to_owned()).collect();
        self.rules.get(&key).copied()
    }

    /// Sets (or replaces) the rule for a path.
    pub fn insert<I, S>(&mut self, path: I, rule: Rule)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rules.insert(path.into_iter().map(Into::into).collect(), rule);
    }

    /// The rules, in the order the schema declares them.
    pub fn iter(&self) -> impl Iterator<Item = (&[String], Rule)> {
        self.rules.iter().map(|(k, v)| (k.as_slice(), *v))
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

fn schema_error(pointer: &str, reason: impl Into<String>) -> MergeError {
    MergeError::Schema { pointer: pointer.to_owned(), reason: reason.into() }
}

/// Follows local `$ref`s in one schema document.
struct Resolver<'s> {
    root: &'s Value,
}

fn ref_of(v: &Value) -> Option<&str> {
    v.as_object().and_then(|m| m.get("$ref")).and_then(Value::as_str)
}

impl<'s> Resolver<'s> {
    /// The value a (chain of) `$ref` stands for; other values as they are.
    fn resolve(&self, mut v: &'s Value, at: &str) -> Result<&'s Value, MergeError> {
        let mut seen: Vec<&'s str> = Vec::new();
        while let Some(r) = ref_of(v) {
            if seen.contains(&r) {
                return Err(schema_error(at, format!("`$ref` {r:?} refers to itself")));
            }
            seen.push(r);
            v = self.target(r, at)?;
        }
        Ok(v)
    }

    fn target(&self, reference: &str, at: &str) -> Result<&'s Value, MergeError> {
        let fragment = reference
            .strip_prefix('#')
            .ok_or_else(|| schema_error(at, format!("`$ref` {reference:?} is not local (only `#...` is resolved)")))?;
        let fragment = fragment.trim_start_matches('/');
        let mut doc = self.root;
        if fragment.is_empty() {
            return Ok(doc);
        }
        for raw in percent_decode(fragment).split('/') {
            let part = raw.replace("~1", "/").replace("~0", "~");
            doc = self.resolve(doc, at)?;
            let next = match doc {
                Value::Object(m) => m.get(&part),
                Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            doc = next.ok_or_else(|| schema_error(at, format!("`$ref` {reference:?} points at nothing")))?;
        }
        Ok(doc)
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) =
                std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Python's truthiness of a JSON value.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(Value::Number(n)) => n.as_str().parse::<f64>().is_ok_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(m)) => !m.is_empty(),
    }
}

/// The `type` of a schema as a list (`None` stands for a non-string entry).
fn types_of<'s>(schema: &'s Value, at: &str) -> Result<Vec<Option<&'s str>>, MergeError> {
    let bad = || schema_error(at, "`type` is neither a string nor a list");
    match schema {
        Value::Object(m) => match m.get("type") {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![Some(s.as_str())]),
            Some(Value::Array(items)) => Ok(items.iter().map(Value::as_str).collect()),
            Some(Value::Object(keys)) => Ok(keys.keys().map(|k| Some(k.as_str())).collect()),
            Some(_) => Err(bad()),
        },
        // Python tests `'type' in items` on whatever `items` is: a substring or a member.
        Value::String(s) if !s.contains("type") => Ok(Vec::new()),
        Value::Array(a) if !a.iter().any(|x| x.as_str() == Some("type")) => Ok(Vec::new()),
        _ => Err(schema_error(at, "a schema is not an object")),
    }
}

fn has(types: &[Option<&str>], name: &str) -> bool {
    types.contains(&Some(name))
}

struct Walk<'r, 's> {
    resolver: &'r Resolver<'s>,
    rules: &'r mut IndexMap<Vec<String>, Rule>,
    /// `$ref`s being expanded on the current path: meeting one again would recurse forever.
    active: Vec<&'s str>,
}

impl<'s> Walk<'_, 's> {
    /// Resolves `v`, remembering the references crossed so that a loop is an error.
    fn enter(&mut self, v: &'s Value, at: &str) -> Result<(&'s Value, usize), MergeError> {
        let mut pushed = 0;
        let mut cur = v;
        while let Some(r) = ref_of(cur) {
            if self.active.contains(&r) {
                return Err(schema_error(at, format!("`$ref` {r:?} is recursive")));
            }
            self.active.push(r);
            pushed += 1;
            cur = self.resolver.target(r, at)?;
        }
        Ok((cur, pushed))
    }

    fn leave(&mut self, pushed: usize) {
        let keep = self.active.len() - pushed;
        self.active.truncate(keep);
    }

    fn get(&mut self, m: &'s Map<String, Value>, key: &str, at: &str) -> Result<Option<&'s Value>, MergeError> {
        match m.get(key) {
            Some(v) => Ok(Some(self.resolver.resolve(v, at)?)),
            None => Ok(None),
        }
    }

    fn properties(&mut self, props: &'s Value, path: &mut Vec<String>, at: &str) -> Result<(), MergeError> {
        let (props, pushed) = self.enter(props, at)?;
        let map = props.as_object().ok_or_else(|| schema_error(at, "`properties` is not an object"))?;
        for (key, raw) in map {
            let here = format!("{at}/{}", escape(key));
            let (value, pushed_value) = self.enter(raw, &here)?;
            let m = value.as_object().ok_or_else(|| schema_error(&here, "a property's schema is not an object"))?;
            path.push(key.clone());
            let types = types_of(value, &here)?;
            let strategy = self.get(m, "mergeStrategy", &here)?.and_then(Value::as_str);
            if truthy(self.get(m, "omitWhenMerged", &here)?) || strategy == Some("ocdsOmit") {
                self.rules.insert(path.clone(), Rule::OmitWhenMerged);
            } else if has(&types, "array")
                && (truthy(self.get(m, "wholeListMerge", &here)?) || strategy == Some("ocdsVersion"))
            {
                self.rules.insert(path.clone(), Rule::WholeListMerge);
            } else if has(&types, "object") && m.contains_key("properties") {
                self.properties(&m["properties"], path, &format!("{here}/properties"))?;
            } else if has(&types, "array") && m.contains_key("items") {
                let items_at = format!("{here}/items");
                let (items, pushed_items) = self.enter(&m["items"], &items_at)?;
                let item_types = types_of(items, &items_at)?;
                if item_types.iter().any(|t| *t != Some("object")) {
                    self.rules.insert(path.clone(), Rule::WholeListMerge);
                } else if has(&item_types, "object")
                    && let Some(im) = items.as_object()
                    && im.contains_key("properties")
                {
                    let props_at = format!("{items_at}/properties");
                    let (iprops, pushed_props) = self.enter(&im["properties"], &props_at)?;
                    let has_id = match iprops {
                        Value::Object(pm) => pm.contains_key("id"),
                        Value::Array(a) => a.iter().any(|x| x.as_str() == Some("id")),
                        Value::String(s) => s.contains("id"),
                        _ => return Err(schema_error(&props_at, "`properties` is not an object")),
                    };
                    if has_id {
                        self.properties(iprops, path, &props_at)?;
                    } else {
                        self.rules.insert(path.clone(), Rule::WholeListMerge);
                    }
                    self.leave(pushed_props);
                }
                self.leave(pushed_items);
            }
            path.pop();
            self.leave(pushed_value);
        }
        self.leave(pushed);
        Ok(())
    }
}

/// Escapes a member name for a JSON Pointer.
pub(crate) fn escape(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains(['~', '/']) {
        std::borrow::Cow::Owned(name.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn derives_each_kind_of_rule() {
        let schema = json!({
            "definitions": {
                "Item": {"type": "object", "properties": {"id": {"type": "string"}, "x": {"omitWhenMerged": true}}},
                "Ref": {"$ref": "#/definitions/Item"}
            },
            "properties": {
                "id": {"type": "string", "omitWhenMerged": true},
                "ocid": {"type": "string", "mergeStrategy": "ocdsOmit"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "list": {"type": ["array", "null"], "wholeListMerge": true, "items": {"$ref": "#/definitions/Item"}},
                "old": {"type": "array", "mergeStrategy": "ocdsVersion"},
                "items": {"type": "array", "items": {"$ref": "#/definitions/Ref"}},
                "noid": {"type": "array", "items": {"type": "object", "properties": {"a": {}}}},
                "obj": {"type": "object", "wholeListMerge": true, "properties": {"o": {"omitWhenMerged": 1}}},
                "keep": {"omitWhenMerged": false, "type": "array", "items": {"type": "object"}}
            }
        });
        let rules = MergeRules::from_schema(&schema).unwrap();
        let got: Vec<(String, Rule)> = rules.iter().map(|(p, r)| (p.join("."), r)).collect();
        let want = [
            ("id", Rule::OmitWhenMerged),
            ("ocid", Rule::OmitWhenMerged),
            ("tags", Rule::WholeListMerge),
            ("list", Rule::WholeListMerge),
            ("old", Rule::WholeListMerge),
            ("items.x", Rule::OmitWhenMerged),
            ("noid", Rule::WholeListMerge),
            ("obj.o", Rule::OmitWhenMerged),
        ];
        let want: Vec<(String, Rule)> = want.iter().map(|(p, r)| (p.to_string(), *r)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn refuses_remote_and_recursive_references() {
        let remote = json!({"properties": {"a": {"$ref": "https://example.com/x.json"}}});
        assert!(matches!(MergeRules::from_schema(&remote), Err(MergeError::Schema { .. })));
        let recursive = json!({
            "definitions": {"A": {"type": "object", "properties": {"a": {"$ref": "#/definitions/A"}}}},
            "properties": {"a": {"$ref": "#/definitions/A"}}
        });
        let err = MergeRules::from_schema(&recursive).unwrap_err();
        assert!(err.to_string().contains("recursive"), "{err}");
        let missing = json!({"properties": {"a": {"$ref": "#/definitions/Nope"}}});
        assert!(MergeRules::from_schema(&missing).is_err());
        assert!(MergeRules::from_schema(&json!({"type": "object"})).is_err());
    }
}
