//! Orders the releases of one process by `date` (a stable sort, so ties keep input order), and
//! refuses what the reference refuses: a release that is not an object, a missing, `null` or
//! unorderable `date`. Like the reference, a lone release is taken as it is, with no checks.

use std::cell::Cell;
use std::cmp::Ordering;

use serde_json::Value;

use super::py::{self, Unordered};
use super::{MergeError, label};

/// The releases in merge order.
pub(crate) fn sorted<'a, I>(releases: I) -> Result<Vec<&'a Value>, MergeError>
where
    I: IntoIterator<Item = &'a Value>,
{
    let mut list: Vec<&'a Value> = releases.into_iter().collect();
    if list.len() == 1 && list[0].is_object() {
        return Ok(list);
    }
    // The reference reads every release's `date` before comparing any two.
    for (index, release) in list.iter().enumerate() {
        match release.as_object() {
            None => return Err(MergeError::NonObjectRelease { index }),
            Some(map) if !map.contains_key("date") => {
                return Err(MergeError::MissingDate {
                    index,
                    ocid: label(release, "ocid"),
                    release_id: label(release, "id"),
                });
            }
            Some(_) => {}
        }
    }
    // The common case: string dates, each read once (a stable sort keeps ties in input order).
    let dates: Option<Vec<(&'a str, &'a Value)>> = list.iter().map(|r| Some((r["date"].as_str()?, *r))).collect();
    if let Some(mut keyed) = dates {
        keyed.sort_by(|a, b| a.0.cmp(b.0));
        return Ok(keyed.into_iter().map(|(_, r)| r).collect());
    }
    // Dates of other types: Python orders numbers (and lists of them) too; anything else raises.
    let original = list.clone();
    let failure = Cell::new(None);
    list.sort_by(|a, b| match py::cmp(&a["date"], &b["date"]) {
        Ok(order) => order,
        Err(why) => {
            if failure.get().is_none() {
                failure.set(Some(why));
            }
            Ordering::Equal
        }
    });
    let Some(why) = failure.get() else {
        return Ok(list);
    };
    let first = |pred: fn(&Value) -> bool| original.iter().position(|r| pred(&r["date"]));
    let (index, null) = match (why, first(Value::is_null)) {
        (Unordered::Null, Some(i)) => (i, true),
        _ => (first(|d| !d.is_string()).unwrap_or(0), false),
    };
    let release = original[index];
    let (ocid, release_id) = (label(release, "ocid"), label(release, "id"));
    Err(if null {
        MergeError::NullDate { index, ocid, release_id }
    } else {
        MergeError::NonStringDate { index, ocid, release_id }
    })
}
