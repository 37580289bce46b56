//! JSON Merge Patch (RFC 7396), as OCDS extensions apply it.
//!
//! One difference from the RFC, on purpose: `null` members are removed from a patch before it
//! is applied, so an extension can only add to or change the schema, never delete from it. This
//! is what OCP's ProfileBuilder (used by the Data Review Tool and lib-cove-ocds) does, and
//! agreeing with it matters more than the letter of the RFC.

use serde_json::Value;

/// Applies `patch` to `target` by RFC 7396, with `null` members of the patch ignored.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let Value::Object(members) = target else { unreachable!("made an object above") };
    for (key, value) in patch {
        match value {
            Value::Null => {}
            Value::Object(_) => merge_patch(members.entry(key.clone()).or_insert(Value::Null), value),
            _ => {
                members.insert(key.clone(), strip_nulls(value));
            }
        }
    }
}

/// The strict RFC 7396 merge: `null` deletes. Offered for users' own patches.
pub fn merge_patch_rfc7396(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let Value::Object(members) = target else { unreachable!("made an object above") };
    for (key, value) in patch {
        if value.is_null() {
            members.shift_remove(key);
        } else {
            merge_patch_rfc7396(members.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

fn strip_nulls(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), strip_nulls(v))).collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The examples of RFC 7396, appendix A.
    #[test]
    fn rfc_7396_appendix_a() {
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (json!({"a":"b","b":"c"}), json!({"a":null}), json!({"b":"c"})),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (json!({"a":{"b":"c"}}), json!({"a":{"b":"d","c":null}}), json!({"a":{"b":"d"}})),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a":"b"}), json!(["c"]), json!(["c"])),
            (json!({"a":"foo"}), json!(null), json!(null)),
            (json!({"a":"foo"}), json!("bar"), json!("bar")),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
            (json!({}), json!({"a":{"bb":{"ccc":null}}}), json!({"a":{"bb":{}}})),
        ];
        for (target, patch, expected) in cases {
            let mut got = target.clone();
            merge_patch_rfc7396(&mut got, &patch);
            assert_eq!(got, expected, "{target} + {patch}");
        }
    }

    #[test]
    fn extension_patches_never_delete() {
        let mut schema = json!({"properties": {"a": {"type": "string"}, "b": {"type": "number"}}});
        merge_patch(&mut schema, &json!({"properties": {"a": null, "c": {"type": "boolean", "x": null}}}));
        assert_eq!(
            schema,
            json!({"properties": {"a": {"type": "string"}, "b": {"type": "number"}, "c": {"type": "boolean"}}})
        );
    }
}
