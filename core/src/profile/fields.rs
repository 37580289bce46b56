//! Which fields of a release schema take their values from which codelist.
//!
//! OCDS 1.1 marks such a field with `codelist` (file name) and `openCodelist` (whether codes
//! outside the list are allowed). The walk starts at the release's `properties`, follows local
//! `$ref`s (`#/definitions/Name`), `items`, `properties` and `oneOf`/`anyOf`/`allOf`, and stops at
//! a definition already on the current path, so recursive schemas end.

use serde_json::Value;

use super::codelist::strip_csv;

/// A field whose values come from a codelist.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodelistField {
    /// JSON Pointer of the field in a release, without array indexes (e.g. `/parties/roles`,
    /// `/contracts/guarantees/type`). For an array of strings (`/tag`, `/parties/roles`) each
    /// element is a code.
    pub pointer: String,
    /// The codelist's name, without `.csv` (e.g. `partyRole`).
    pub codelist: String,
    /// Whether codes outside the codelist are allowed (`openCodelist`); closed when absent.
    pub open: bool,
}

/// The codelist fields of `schema`, in schema order, each pointer once.
///
/// Only fields whose values are strings (or arrays of strings) are listed: a `codelist` keyword
/// on an object or an array of objects names no code to check (e.g. the procurementUnits
/// extension puts `"codelist": "+partyRole.csv"` on arrays of organization references).
pub(crate) fn codelist_fields(schema: &Value) -> Vec<CodelistField> {
    let mut walk = Walk { root: schema, stack: Vec::new(), out: Vec::new() };
    walk.object_properties(schema, "");
    let mut seen = std::collections::HashSet::new();
    walk.out.retain(|f| seen.insert(f.pointer.clone()));
    walk.out
}

struct Walk<'a> {
    root: &'a Value,
    /// Definitions being expanded on the current path.
    stack: Vec<&'a str>,
    out: Vec<CodelistField>,
}

impl<'a> Walk<'a> {
    fn object_properties(&mut self, schema: &'a Value, pointer: &str) {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let pointer = format!("{pointer}/{}", escape(name));
                self.field(property, &pointer);
            }
        }
    }

    /// Visits the schema of the value at `pointer`.
    fn field(&mut self, schema: &'a Value, pointer: &str) {
        let definition = local_definition(schema);
        if let Some(name) = definition {
            if self.stack.contains(&name) {
                return;
            }
            self.stack.push(name);
        }
        let target =
            definition.and_then(|name| self.root.get("definitions").and_then(|d| d.get(name))).unwrap_or(schema);
        for schema in [schema, target] {
            if let Some(codelist) = schema.get("codelist").and_then(Value::as_str)
                && holds_strings(self.root, schema)
            {
                self.out.push(CodelistField {
                    pointer: pointer.to_owned(),
                    codelist: strip_csv(codelist.trim_start_matches(['+', '-'])).to_owned(),
                    open: schema.get("openCodelist").and_then(Value::as_bool).unwrap_or(false),
                });
            }
        }
        self.object_properties(target, pointer);
        if !std::ptr::eq(schema, target) {
            self.object_properties(schema, pointer);
        }
        for node in [schema, target] {
            if let Some(items) = node.get("items") {
                self.field(items, pointer);
            }
            for keyword in ["oneOf", "anyOf", "allOf"] {
                if let Some(options) = node.get(keyword).and_then(Value::as_array) {
                    for option in options {
                        self.field(option, pointer);
                    }
                }
            }
            if std::ptr::eq(schema, target) {
                break;
            }
        }
        if definition.is_some() {
            self.stack.pop();
        }
    }
}

/// `#/definitions/Name` → `Name`.
fn local_definition(schema: &Value) -> Option<&str> {
    schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/"))
}

/// Whether the values of `schema` are strings, or arrays of strings. A schema without `type`
/// (and without `$ref`) is taken to hold strings, since it carries a codelist.
fn holds_strings(root: &Value, schema: &Value) -> bool {
    match types_of(schema) {
        None => schema.get("$ref").is_none(),
        Some(types) if types.contains(&"string") => true,
        Some(types) if types.contains(&"array") => {
            schema.get("items").is_some_and(|items| match local_definition(items) {
                // A definition without `type` is an object, as OCDS writes them.
                Some(name) => root
                    .get("definitions")
                    .and_then(|d| d.get(name))
                    .and_then(types_of)
                    .is_some_and(|types| types.contains(&"string")),
                None => types_of(items).is_none_or(|types| types.contains(&"string")),
            })
        }
        Some(_) => false,
    }
}

/// The `type` keyword as a list.
fn types_of(schema: &Value) -> Option<Vec<&str>> {
    match schema.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(types) => Some(types.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// RFC 6901 escaping of one pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_refs_items_and_stops_on_recursion() {
        let schema = json!({
            "properties": {
                "tag": {"type": "array", "items": {"type": "string"}, "codelist": "releaseTag.csv", "openCodelist": false},
                "parties": {"type": "array", "items": {"$ref": "#/definitions/Organization"}},
                "a/b": {"type": "string", "codelist": "x.csv", "openCodelist": true}
            },
            "definitions": {
                "Organization": {
                    "properties": {
                        "roles": {"type": ["array", "null"], "items": {"type": "string"}, "codelist": "partyRole.csv", "openCodelist": true},
                        "memberOf": {"type": "array", "items": {"$ref": "#/definitions/Organization"}},
                        "units": {"type": "array", "items": {"$ref": "#/definitions/Organization"}, "codelist": "+partyRole.csv"}
                    }
                }
            }
        });
        let fields = codelist_fields(&schema);
        let got: Vec<(&str, &str, bool)> =
            fields.iter().map(|f| (f.pointer.as_str(), f.codelist.as_str(), f.open)).collect();
        assert_eq!(got, [("/tag", "releaseTag", false), ("/parties/roles", "partyRole", true), ("/a~1b", "x", true),]);
    }
}
