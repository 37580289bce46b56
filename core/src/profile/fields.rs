//! Which fields of a release schema take their values from which codelist.

use serde::Serialize;
use serde_json::Value;

/// A field whose values come from a codelist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodelistField {
    /// Member names from the release's root, joined by `/`, arrays left out
    /// (e.g. `awards/items/classification/scheme`).
    pub path: String,
    /// The codelist's name, without `.csv`.
    pub codelist: String,
    /// Whether values outside the list are allowed (`openCodelist`).
    pub open: bool,
}

/// Walks the schema from its root, following local `$ref`s (each at most once per branch, so
/// recursive definitions end).
pub(crate) fn codelist_fields(schema: &Value) -> Vec<CodelistField> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    let mut refs = Vec::new();
    walk(schema, schema, &mut path, &mut refs, &mut out);
    out
}

fn walk<'a>(
    root: &'a Value,
    node: &'a Value,
    path: &mut Vec<String>,
    refs: &mut Vec<&'a str>,
    out: &mut Vec<CodelistField>,
) {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        if refs.contains(&reference) {
            return;
        }
        if let Some(target) = reference.strip_prefix('#').and_then(|pointer| root.pointer(pointer)) {
            refs.push(reference);
            walk(root, target, path, refs, out);
            refs.pop();
        }
        return;
    }
    if let Some(codelist) = node.get("codelist").and_then(Value::as_str) {
        out.push(CodelistField {
            path: path.join("/"),
            codelist: codelist.trim_end_matches(".csv").to_owned(),
            open: node.get("openCodelist").and_then(Value::as_bool).unwrap_or(false),
        });
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            path.push(name.clone());
            walk(root, property, path, refs, out);
            path.pop();
        }
    }
    if let Some(items) = node.get("items") {
        walk(root, items, path, refs, out);
    }
}
