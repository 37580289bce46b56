//! TIM-06 (reopened after done) from a process' versioned release: a milestone whose `status`
//! was `met` in one release and another status in a later one, and a contract whose `status`
//! was `terminated` then another. Only the versioned release keeps those steps; the compiled
//! release shows the last status alone.

use crate::indices::json::{self, Release};
use crate::indices::process::versions;
use serde_json::Value;

/// Counts of work done, and of work done then reopened, in one process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reopened {
    /// Milestones whose status was ever `met`.
    pub milestones_met: u64,
    /// Of those, milestones with a later status other than `met`.
    pub milestones_reopened: u64,
    /// Contracts whose status was ever `terminated`.
    pub contracts_terminated: u64,
    /// Of those, contracts with a later status other than `terminated`.
    pub contracts_reopened: u64,
}

/// What the versioned release says: milestones under `/planning/milestones`,
/// `/tender/milestones`, `/contracts[]/implementation/milestones` and `/contracts[]/milestones`
/// (arrays merged by `id`), and `/contracts[]` themselves.
pub fn reopened(versioned: &Release) -> Reopened {
    let mut counts = Reopened::default();
    let mut milestones = |parent: Option<&Release>| {
        for milestone in parent.and_then(|p| json::array(p, "milestones")).into_iter().flatten() {
            let (done, undone) = done_then_undone(milestone, "met");
            counts.milestones_met += u64::from(done);
            counts.milestones_reopened += u64::from(undone);
        }
    };
    milestones(json::object(versioned, "planning"));
    milestones(json::object(versioned, "tender"));
    let contracts = json::array(versioned, "contracts").into_iter().flatten();
    for contract in contracts.clone().filter_map(Value::as_object) {
        milestones(json::object(contract, "implementation"));
        milestones(Some(contract));
    }
    for contract in contracts {
        let (done, undone) = done_then_undone(contract, "terminated");
        counts.contracts_terminated += u64::from(done);
        counts.contracts_reopened += u64::from(undone);
    }
    counts
}

/// Whether the versions of `item`'s `status` ever hold `done`, and whether a later version holds
/// another status (a string; a `null`, i.e. a status withdrawn, is not a status).
fn done_then_undone(item: &Value, done: &str) -> (bool, bool) {
    let Some(statuses) = item.get("status").and_then(versions) else { return (false, false) };
    let Some(first) = statuses.iter().position(|v| v.value.as_str() == Some(done)) else { return (false, false) };
    let undone = statuses[first + 1..].iter().any(|v| v.value.as_str().is_some_and(|s| s != done));
    (true, undone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn status(values: &[Value]) -> Value {
        let list: Vec<Value> = values
            .iter()
            .enumerate()
            .map(|(i, v)| json!({"releaseID": i.to_string(), "releaseDate": format!("2021-0{}-01", i + 1), "value": v}))
            .collect();
        Value::Array(list)
    }

    #[test]
    fn met_then_reopened_and_terminated_then_active() {
        let versioned = json!({
            "planning": {"milestones": [{"id": "p", "status": status(&[json!("met")])}]},
            "tender": {"milestones": [{"id": "t", "status": status(&[json!("scheduled")])}]},
            "contracts": [{
                "id": "c",
                "status": status(&[json!("terminated"), json!("active")]),
                "implementation": {"milestones": [
                    {"id": "i", "status": status(&[json!("met"), json!("notMet"), json!("met")])}
                ]},
                "milestones": [{"id": "m", "status": status(&[json!("met"), Value::Null])}]
            }, {"id": "d", "status": "not a version list"}]
        });
        // Ever met: p, i, m; reopened: i only (m's later null is not a status).
        let counts = reopened(versioned.as_object().unwrap());
        assert_eq!(
            counts,
            Reopened { milestones_met: 3, milestones_reopened: 1, contracts_terminated: 1, contracts_reopened: 1 }
        );
    }
}
