//! Reading one compiled release: how present a field is, and which stages the process reached.
//!
//! Presence follows the non-empty rule of Cardinal's `coverage` (see
//! [`crate::indices::coverage`]). Along a path, a missing member or a value of the wrong JSON
//! type (an object where an array is expected…) is simply absent.

use super::fields::{Condition, Field, Stage, Step};
use crate::indices::competition::normalise;
use crate::indices::coverage::is_non_empty;
use crate::indices::json::{self, Release};
use serde_json::Value;
use std::borrow::Cow;

/// How an array path scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arrays {
    /// 1 if any element has the field.
    Any,
    /// The share of the elements of the path's first array that have it.
    Share,
}

/// How present `field` is in `release`, from 0 to 1: the best of its path and alternatives.
pub(crate) fn presence(field: &Field, release: &Value, arrays: Arrays) -> f64 {
    std::iter::once(&field.path)
        .chain(&field.or)
        .map(|path| {
            let steps = path.steps();
            let walk = Walk {
                field,
                release,
                steps,
                first_array: steps.iter().position(|s| *s == Step::Each),
                last_array: steps.iter().rposition(|s| *s == Step::Each),
                arrays,
            };
            walk.start()
        })
        .fold(0.0, f64::max)
}

/// One path of a field, read from one release.
struct Walk<'a> {
    field: &'a Field,
    release: &'a Value,
    steps: &'a [Step],
    first_array: Option<usize>,
    last_array: Option<usize>,
    arrays: Arrays,
}

impl Walk<'_> {
    fn start(&self) -> f64 {
        // Without `[]`, the conditions are about the release itself.
        if self.last_array.is_none() && !(self.selects(self.release) && self.meets(self.release)) {
            return 0.0;
        }
        self.walk(self.release, 0)
    }

    fn walk(&self, node: &Value, step: usize) -> f64 {
        match self.steps.get(step) {
            None => f64::from(u8::from(is_non_empty(node))),
            Some(Step::Member(name)) => {
                node.as_object().and_then(|o| o.get(name)).map_or(0.0, |v| self.walk(v, step + 1))
            }
            Some(Step::Each) => {
                let Some(items) = node.as_array() else { return 0.0 };
                let last = self.last_array == Some(step);
                let scores = items
                    .iter()
                    .filter(|item| !last || self.selects(item))
                    .map(|item| if last && !self.meets(item) { 0.0 } else { self.walk(item, step + 1) });
                if self.arrays == Arrays::Share && self.first_array == Some(step) {
                    let (sum, count) = scores.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
                    if count == 0 { 0.0 } else { sum / f64::from(count) }
                } else {
                    scores.fold(0.0, f64::max)
                }
            }
        }
    }

    /// The element is one the field is about.
    fn selects(&self, element: &Value) -> bool {
        self.field.of.iter().all(|c| holds(c, element, self.release))
    }

    /// The element meets what the field also asks of it.
    fn meets(&self, element: &Value) -> bool {
        self.field.with.iter().all(|c| holds(c, element, self.release))
    }
}

/// Whether some value of `condition.member` in `element` passes the condition.
fn holds(condition: &Condition, element: &Value, release: &Value) -> bool {
    let mut values = Vec::new();
    values_at(element, condition.member.steps(), &mut values);
    let wanted: Vec<String> = condition.any_of.iter().map(|t| squash(t)).collect();
    let mut same = Vec::new();
    if let Some(path) = &condition.same_as {
        values_at(release, path.steps(), &mut same);
    }
    let same: Vec<Cow<'_, str>> = same.into_iter().filter_map(json::id_text).collect();
    values.into_iter().any(|value| {
        if wanted.is_empty() && condition.same_as.is_none() {
            return is_non_empty(value);
        }
        let Some(text) = json::id_text(value) else { return false };
        (wanted.is_empty() || wanted.contains(&squash(&text))) && (condition.same_as.is_none() || same.contains(&text))
    })
}

/// Every value along `steps` from `node`.
fn values_at<'a>(node: &'a Value, steps: &[Step], out: &mut Vec<&'a Value>) {
    match steps.split_first() {
        None => out.push(node),
        Some((Step::Member(name), rest)) => {
            if let Some(value) = node.as_object().and_then(|o| o.get(name)) {
                values_at(value, rest, out);
            }
        }
        Some((Step::Each, rest)) => {
            for item in node.as_array().into_iter().flatten() {
                values_at(item, rest, out);
            }
        }
    }
}

/// A code compared loosely: lower case, no accents, no spaces or punctuation.
pub(crate) fn squash(text: &str) -> String {
    normalise(text).replace(' ', "")
}

/// Which stages apply to a process, by [`Stage::index`]: planning always; implementation once a
/// contract is active or terminated; contract with a non-empty contract or an active award;
/// award with a non-empty award (or a later stage); tender with a non-empty tender whose status
/// is not planning or planned (or a later stage).
pub(crate) fn stages_reached(release: &Release) -> [bool; 5] {
    let contracts = json::array(release, "contracts").map_or(&[][..], Vec::as_slice);
    let awards = json::array(release, "awards").map_or(&[][..], Vec::as_slice);
    let implementation = contracts.iter().any(|c| json::has_status(c, "active") || json::has_status(c, "terminated"));
    let contract =
        implementation || contracts.iter().any(is_non_empty) || awards.iter().any(|a| json::has_status(a, "active"));
    let award = contract || awards.iter().any(is_non_empty);
    let tender = award
        || json::tender(release).is_some_and(|t| {
            t.values().any(is_non_empty) && !matches!(json::string(t, "status"), Some("planning" | "planned"))
        });
    let mut reached = [false; 5];
    for (stage, applies) in [
        (Stage::Planning, true),
        (Stage::Tender, tender),
        (Stage::Award, award),
        (Stage::Contract, contract),
        (Stage::Implementation, implementation),
    ] {
        reached[stage.index()] = applies;
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indices::coverage::FieldCoverage;
    use serde_json::json;

    fn field(value: Value) -> Field {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn non_empty_rule_is_the_coverage_rule() {
        // FieldCoverage counts the path "" exactly when the whole value is non-empty.
        for value in [
            json!(null),
            json!(""),
            json!([]),
            json!({}),
            json!([{}, ""]),
            json!({"a": [null]}),
            json!(0),
            json!(false),
            json!("x"),
            json!([{"a": 1}]),
            json!({"a": {"b": "c"}}),
        ] {
            let mut coverage = FieldCoverage::new();
            coverage.add(&value);
            assert_eq!(is_non_empty(&value), coverage.counts().contains_key(""), "{value}");
        }
    }

    #[test]
    fn arrays_score_any_or_share_of_the_first_array() {
        let release = json!({"awards": [{"date": "2020-01-01"}, {"date": ""}, {"items": [{"id": 1}]}, "odd"]});
        let date = field(json!({"path": "/awards[]/date"}));
        assert_eq!(presence(&date, &release, Arrays::Any), 1.0);
        // 1 of 4 elements (the string element has no date).
        assert_eq!(presence(&date, &release, Arrays::Share), 0.25);
        let items = field(json!({"path": "/awards[]/items[]/id"}));
        assert_eq!(presence(&items, &release, Arrays::Share), 0.25);
        let missing = field(json!({"path": "/contracts[]/date", "or": ["/awards[]/date"]}));
        assert_eq!(presence(&missing, &release, Arrays::Share), 0.25, "the alternative counts");
    }

    #[test]
    fn conditions_select_and_require() {
        let release = json!({"buyer": {"id": 7}, "awards": [{"suppliers": [{"id": "S1"}, {"id": "S2"}]}],
            "parties": [{"id": "7", "address": {"locality": "X"}},
                        {"id": "S1", "identifier": {"scheme": "mx-rfc", "id": "AAA"}},
                        {"id": "S2", "identifier": {"scheme": "MX-CURP", "id": "BBB"}},
                        {"id": "Z", "identifier": {"scheme": "MX-RFC", "id": "CCC"}}]});
        let buyer_address =
            field(json!({"path": "/parties[]/address", "of": [{"member": "/id", "same_as": "/buyer/id"}]}));
        assert_eq!(presence(&buyer_address, &release, Arrays::Any), 1.0, "a numeric id matches its text");
        let rfc = field(json!({"path": "/parties[]/identifier/id",
            "of": [{"member": "/id", "same_as": "/awards[]/suppliers[]/id"}],
            "with": [{"member": "/identifier/scheme", "any_of": ["MX-RFC"]}]}));
        assert_eq!(presence(&rfc, &release, Arrays::Any), 1.0);
        // Suppliers S1 (RFC) and S2 (not RFC); Z is not a supplier.
        assert_eq!(presence(&rfc, &release, Arrays::Share), 0.5);
        let no_array =
            field(json!({"path": "/buyer/id", "with": [{"member": "/awards[]/suppliers[]/id", "any_of": ["S9"]}]}));
        assert_eq!(presence(&no_array, &release, Arrays::Any), 0.0);
    }

    #[test]
    fn stages_follow_the_process() {
        let reached = |v: Value| stages_reached(v.as_object().unwrap());
        assert_eq!(reached(json!({"tender": {"status": "planned", "title": "T"}})), [true, false, false, false, false]);
        assert_eq!(reached(json!({"tender": {"id": "1"}})), [true, true, false, false, false]);
        assert_eq!(reached(json!({"awards": [{"status": "pending"}]})), [true, true, true, false, false]);
        assert_eq!(reached(json!({"awards": [{"status": "active"}]})), [true, true, true, true, false]);
        assert_eq!(reached(json!({"contracts": [{"status": "terminated"}]})), [true, true, true, true, true]);
        assert_eq!(
            reached(json!({"contracts": {"status": "active"}, "awards": [{}]})),
            [true, false, false, false, false]
        );
    }
}
