//! What the versioned release (a process' history) tells the completeness family: whether a
//! release tagged `tender` was published, and whether a contract's value changed.

use crate::indices::json::{self, Release};
use crate::indices::process::versions;
use serde_json::Value;

/// Some version in the history comes from a release tagged `tender`.
pub(crate) fn has_tender_release(versioned: &Release) -> bool {
    fn walk(value: &Value) -> bool {
        match value {
            Value::Object(members) => match (members.get("releaseTag"), members.contains_key("value")) {
                (Some(Value::Array(tags)), true) => tags.iter().any(|t| t == "tender"),
                _ => members.values().any(walk),
            },
            Value::Array(items) => items.iter().any(walk),
            _ => false,
        }
    }
    versioned.values().any(walk)
}

/// Some contract's `value/amount` took more than one value.
pub(crate) fn contract_value_changed(versioned: &Release) -> bool {
    json::array(versioned, "contracts").into_iter().flatten().any(|contract| {
        let Some(list) = contract.get("value").and_then(|v| v.get("amount")).and_then(versions) else { return false };
        let mut amounts = list.iter().map(|v| v.value).filter(|v| !v.is_null());
        let Some(first) = amounts.next() else { return false };
        amounts.any(|other| match (json::decimal(first), json::decimal(other)) {
            (Some(a), Some(b)) => a != b,
            _ => first != other,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn version(tag: &str, value: Value) -> Value {
        json!({"releaseID": tag, "releaseDate": "2020-01-01T00:00:00Z", "releaseTag": [tag], "value": value})
    }

    #[test]
    fn finds_a_tender_release() {
        let planned = json!({"tender": {"title": [version("planning", json!("T"))]}});
        assert!(!has_tender_release(planned.as_object().unwrap()));
        let tendered = json!({"tender": {"title": [version("planning", json!("T")), version("tender", json!("U"))]}});
        assert!(has_tender_release(tendered.as_object().unwrap()));
    }

    #[test]
    fn sees_a_changed_contract_value() {
        let same = json!({"contracts": [{"id": "c", "value": {"amount": [version("contract", json!(100)),
            version("contractAmendment", json!(100.0))]}}]});
        assert!(!contract_value_changed(same.as_object().unwrap()), "100 and 100.0 are one amount");
        let raised = json!({"contracts": [{"id": "c", "value": {"amount": [version("contract", json!(100)),
            version("contractAmendment", json!(120))]}}]});
        assert!(contract_value_changed(raised.as_object().unwrap()));
    }
}
