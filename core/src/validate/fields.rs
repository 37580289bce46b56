//! The fields a release schema defines, as a graph walked alongside each release: which fields
//! are additional (not in the schema), deprecated, take codes from a codelist, or are objects of
//! arrays that should carry an `id`.
//!
//! Nodes stand for object schemas; a `$ref` to a definition is one shared node, so recursive
//! schemas (an organization's `memberOf` organizations) are finite. Arrays are transparent: an
//! edge leads to the schema of the array's items.

use std::collections::HashMap;

use serde_json::Value;

use super::messages::Code;
use super::report::{Finding, Scope, short_json};
use crate::profile::Profile;

/// The field graph of one release schema, with the profile's codelists.
pub(crate) struct FieldTree {
    nodes: Vec<Node>,
    profile: Profile,
}

#[derive(Default)]
struct Node {
    children: HashMap<String, Edge>,
}

struct Edge {
    node: usize,
    /// `deprecatedVersion` of a deprecated field.
    deprecated: Option<String>,
    /// Codelist name and whether it is open.
    codelist: Option<(String, bool)>,
    /// Objects of this array should have an `id` (optional in the schema, merged by id).
    ids_expected: bool,
}

/// Where a walk reports to: the findings, the scope and the prefix of the paths.
pub(crate) struct Sink<'a> {
    pub out: &'a mut Vec<Finding>,
    pub scope: Scope,
}

impl FieldTree {
    pub(crate) fn new(profile: &Profile) -> FieldTree {
        let schema = profile.release_schema();
        let mut builder = Builder { root: schema, nodes: vec![Node::default()], definitions: HashMap::new() };
        let root = builder.node(schema);
        let mut tree = FieldTree { nodes: builder.nodes, profile: profile.clone() };
        for field in profile.codelist_fields() {
            tree.mark_codelist(root, &field.pointer, &field.codelist, field.open);
        }
        debug_assert_eq!(root, 1);
        tree
    }

    fn mark_codelist(&mut self, root: usize, pointer: &str, codelist: &str, open: bool) {
        let segments: Vec<String> =
            pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
        let mut node = root;
        for (i, segment) in segments.iter().enumerate() {
            let Some(edge) = self.nodes[node].children.get_mut(segment) else { return };
            if i + 1 == segments.len() {
                edge.codelist = Some((codelist.to_owned(), open));
                return;
            }
            node = edge.node;
        }
    }

    /// Walks a release (or a compiled release) at `pointer` / `path` and reports its additional
    /// and deprecated fields, codelist codes and objects without `id`.
    pub(crate) fn walk(&self, release: &Value, pointer: &str, path: &str, sink: &mut Sink<'_>) {
        let mut pointer = pointer.to_owned();
        let mut path = path.to_owned();
        self.walk_node(1, release, &mut pointer, &mut path, sink);
    }

    fn walk_node(&self, node: usize, value: &Value, pointer: &mut String, path: &mut String, sink: &mut Sink<'_>) {
        let Value::Object(members) = value else { return };
        for (key, child) in members {
            let (pointer_len, path_len) = (pointer.len(), path.len());
            pointer.push('/');
            pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(key);
            match self.nodes[node].children.get(key) {
                Some(edge) => self.walk_edge(edge, child, pointer, path, sink),
                None if !is_language_key(key) => sink.out.push(Finding {
                    code: Code::AdditionalField,
                    scope: sink.scope,
                    path: path.clone(),
                    detail: String::new(),
                    pointer: pointer.clone(),
                    value: None,
                }),
                None => {}
            }
            pointer.truncate(pointer_len);
            path.truncate(path_len);
        }
    }

    fn walk_edge(&self, edge: &Edge, value: &Value, pointer: &mut String, path: &mut String, sink: &mut Sink<'_>) {
        if let Some(version) = &edge.deprecated {
            sink.out.push(Finding {
                code: Code::DeprecatedField,
                scope: sink.scope,
                path: path.clone(),
                detail: version.clone(),
                pointer: pointer.clone(),
                value: None,
            });
        }
        if let Some((name, open)) = &edge.codelist {
            self.check_codes(name, *open, value, pointer, path, sink);
        }
        match value {
            Value::Object(_) => self.walk_node(edge.node, value, pointer, path, sink),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !item.is_object() {
                        continue;
                    }
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    if edge.ids_expected && item.get("id").is_none() {
                        sink.out.push(Finding {
                            code: Code::MissingId,
                            scope: sink.scope,
                            path: path.clone(),
                            detail: String::new(),
                            pointer: pointer.clone(),
                            value: None,
                        });
                    }
                    self.walk_node(edge.node, item, pointer, path, sink);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn check_codes(&self, name: &str, open: bool, value: &Value, pointer: &str, path: &str, sink: &mut Sink<'_>) {
        let Some(codelist) = self.profile.codelist(name) else { return };
        let mut check = |code: &str, pointer: String| {
            if !codelist.contains(code) {
                sink.out.push(Finding {
                    code: if open { Code::CodelistOpen } else { Code::CodelistClosed },
                    scope: sink.scope,
                    path: path.to_owned(),
                    detail: name.to_owned(),
                    pointer,
                    value: Some(short_json(&Value::String(code.to_owned()))),
                });
            }
        };
        match value {
            Value::String(code) => check(code, pointer.to_owned()),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::String(code) = item {
                        check(code, format!("{pointer}/{i}"));
                    }
                }
            }
            _ => {}
        }
    }
}

struct Builder<'a> {
    root: &'a Value,
    nodes: Vec<Node>,
    definitions: HashMap<&'a str, usize>,
}

impl<'a> Builder<'a> {
    /// The node of an object schema (following a local `$ref`).
    fn node(&mut self, schema: &'a Value) -> usize {
        if let Some(name) = local_ref(schema) {
            if let Some(&node) = self.definitions.get(name) {
                return node;
            }
            let id = self.nodes.len();
            self.nodes.push(Node::default());
            self.definitions.insert(name, id);
            if let Some(target) = self.root.get("definitions").and_then(|d| d.get(name)) {
                let children = self.children(target);
                self.nodes[id].children = children;
            }
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(Node::default());
        let children = self.children(schema);
        self.nodes[id].children = children;
        id
    }

    fn children(&mut self, schema: &'a Value) -> HashMap<String, Edge> {
        let mut children = HashMap::new();
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return children };
        for (name, property) in properties {
            let items = property.get("items").filter(|items| items.is_object());
            let target = items.unwrap_or(property);
            let target_schema = self.resolve(target);
            let is_object = local_ref(target).is_some() || target_schema.get("properties").is_some();
            let node = if is_object { self.node(target) } else { 0 };
            let ids_expected = items.is_some()
                && property.get("wholeListMerge").and_then(Value::as_bool) != Some(true)
                && target_schema.get("properties").and_then(|p| p.get("id")).is_some()
                && !target_schema
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|n| n.as_str() == Some("id")));
            let deprecated = property
                .get("deprecated")
                .filter(|d| d.is_object())
                .map(|d| d.get("deprecatedVersion").and_then(Value::as_str).unwrap_or("").to_owned());
            children.insert(name.clone(), Edge { node, deprecated, codelist: None, ids_expected });
        }
        children
    }

    fn resolve(&self, schema: &'a Value) -> &'a Value {
        local_ref(schema).and_then(|name| self.root.get("definitions").and_then(|d| d.get(name))).unwrap_or(schema)
    }
}

fn local_ref(schema: &Value) -> Option<&str> {
    schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/"))
}

/// Whether a member name is a translation of a field (`title_es`, `description_en-GB`): the
/// schema's language pattern properties, which the Data Review Tool does not count as
/// additional fields.
pub(crate) fn is_language_key(key: &str) -> bool {
    key.match_indices('_').any(|(at, _)| is_language_tag(&key[at + 1..]))
}

/// A BCP 47 tag, loosely: a primary subtag of 2–8 letters, then subtags of 1–8 letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary_ok =
        subtags.next().is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok && subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_keys() {
        assert!(is_language_key("title_es"));
        assert!(is_language_key("description_en-GB"));
        assert!(!is_language_key("title"));
        assert!(!is_language_key("title_"));
        assert!(!is_language_key("title_e"));
    }
}
