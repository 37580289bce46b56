//! JSON Merge Patch (RFC 7396), and the rule by which extensions use it.
//!
//! An extension's `release-schema.json` is a merge patch of the release schema. RFC 7396 lets a
//! `null` member delete a member of the target; OCDS extensions may only add, so — like
//! ocdsextensionregistry's `ProfileBuilder` (used by lib-cove-ocds), since December 2024 — every
//! `null` *member* is removed from a patch before it is applied ([`strip_nulls`]). `null` inside
//! arrays (e.g. `"enum": ["a", null]`) is data and stays.

use serde_json::{Map, Value};

/// Applies `patch` to `target` as RFC 7396 says: an object patch merges member by member (a
/// `null` member deletes, anything else is merged recursively); any other patch replaces the
/// target. Member order is kept; new members go last.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(members) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(target_members) = target else {
        return;
    };
    for (name, value) in members {
        if value.is_null() {
            target_members.shift_remove(name);
        } else {
            let slot = target_members.entry(name.clone()).or_insert(Value::Null);
            merge_patch(slot, value);
        }
    }
}

/// Removes every member whose value is `null`, at any depth (including objects inside arrays);
/// array elements that are `null` are kept.
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(members) => {
            members.retain(|_, v| !v.is_null());
            members.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Applies an extension's patch the OCDS way: a copy of `patch` without `null` members, merged
/// into `schema`.
pub(crate) fn apply_extension_patch(schema: &mut Value, patch: &Value) {
    let mut patch = patch.clone();
    strip_nulls(&mut patch);
    merge_patch(schema, &patch);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_members_go_last_and_replaced_members_keep_their_place() {
        let mut target = json!({"a": 1, "b": 2});
        merge_patch(&mut target, &json!({"c": 3, "a": 9}));
        let keys: Vec<&String> = target.as_object().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(target, json!({"a": 9, "b": 2, "c": 3}));
    }

    #[test]
    fn deleting_keeps_the_order_of_the_rest() {
        let mut target = json!({"a": 1, "b": 2, "c": 3, "d": 4});
        merge_patch(&mut target, &json!({"b": null}));
        let keys: Vec<&String> = target.as_object().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["a", "c", "d"]);
    }

    #[test]
    fn strip_nulls_removes_members_not_array_elements() {
        let mut patch = json!({
            "a": null,
            "b": {"c": null, "d": [null, {"e": null, "f": 1}]},
            "g": [null]
        });
        strip_nulls(&mut patch);
        assert_eq!(patch, json!({"b": {"d": [null, {"f": 1}]}, "g": [null]}));
    }

    #[test]
    fn an_extension_patch_cannot_delete() {
        let mut schema = json!({"definitions": {"Award": {"properties": {"title": {}}}}});
        apply_extension_patch(
            &mut schema,
            &json!({"definitions": {"Award": {"properties": {"title": null, "rationale": {"type": "string"}}}}}),
        );
        assert_eq!(
            schema,
            json!({"definitions": {"Award": {"properties": {"title": {}, "rationale": {"type": "string"}}}}})
        );
    }
}
