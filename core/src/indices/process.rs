//! One contracting process as the indicators read it: its compiled release and, when known, its
//! versioned release — the history that indicators about change need (a milestone met then
//! reopened, a contract value raised by amendments, the date of the first publication).
//!
//! A versioned release keeps, for every field, the list of values it took:
//! `[{"releaseID", "releaseDate", "releaseTag", "value"}, …]`, in release order. Arrays merged by
//! identifier stay arrays of objects (with a plain `id`), so a path into a versioned release reads
//! like a path into the compiled one, with a list of versions at each leaf.

use crate::indices::json::{self, Release};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde_json::Value;

/// A contracting process: the compiled release, and the versioned release if the input had it
/// (a record with `versionedRelease`, or individual releases that edca merged).
#[derive(Debug, Clone, Copy)]
pub struct Process<'a> {
    /// The compiled release, a JSON object (see [`Process::release`] for its members).
    pub compiled: &'a Value,
    /// The versioned release's members, if known.
    pub versioned: Option<&'a Release>,
    members: &'a Release,
    order: Option<u64>,
}

impl<'a> Process<'a> {
    /// A process from its compiled release; `None` when it is not a JSON object.
    pub fn new(compiled: &'a Value) -> Option<Process<'a>> {
        Some(Process { compiled, versioned: None, members: compiled.as_object()?, order: None })
    }

    /// The same process at a place in the dataset: [`Indices`](crate::indices::Indices) folds
    /// processes in ascending order, whatever order they are added in, so that shares of a
    /// dataset read apart (in the partitions of a cluster, say) combine into the report of one
    /// run ([`Partial`](crate::indices::Partial)). Without it, a process takes the next place
    /// after those already added.
    pub fn at(self, order: u64) -> Process<'a> {
        Process { order: Some(order), ..self }
    }

    /// The place given by [`at`](Self::at), if any.
    pub fn order(&self) -> Option<u64> {
        self.order
    }

    /// The place the families sort by: a process without one comes after every placed one, in
    /// the order added (their sort is stable).
    pub(crate) fn place(&self) -> u64 {
        self.order.unwrap_or(u64::MAX)
    }

    /// The compiled release's members.
    pub fn release(&self) -> &'a Release {
        self.members
    }

    /// The same process with its history (ignored unless it is a JSON object).
    pub fn with_versioned(self, versioned: &'a Value) -> Process<'a> {
        Process { versioned: versioned.as_object(), ..self }
    }

    /// `/ocid`, if it is a string.
    pub fn ocid(&self) -> Option<&'a str> {
        json::string(self.members, "ocid")
    }

    /// `/buyer/id`, if it is a string.
    pub fn buyer(&self) -> Option<&'a str> {
        json::object(self.members, "buyer").and_then(|b| json::string(b, "id"))
    }

    /// `/tender/procuringEntity/id`, if it is a string.
    pub fn procuring_entity(&self) -> Option<&'a str> {
        json::tender(self.members).and_then(|t| json::object(t, "procuringEntity")).and_then(|p| json::string(p, "id"))
    }

    /// `/tender/status` is `cancelled` (Cardinal leaves such processes out of every indicator).
    pub fn is_cancelled(&self) -> bool {
        json::tender(self.members).and_then(|t| json::string(t, "status")) == Some("cancelled")
    }
}

/// One value a field took in a versioned release.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Version<'a> {
    /// `releaseID`.
    pub release_id: Option<&'a str>,
    /// `releaseDate`, as written.
    pub date: Option<&'a str>,
    /// The value.
    pub value: &'a Value,
}

/// The versions of a versioned field, in release order; `None` when `field` is not a list of
/// versions (a plain value, an object, or an array of objects merged by identifier).
pub fn versions(field: &Value) -> Option<Vec<Version<'_>>> {
    let list = field.as_array()?;
    list.iter()
        .map(|v| {
            let v = v.as_object()?;
            let value = v.get("value")?;
            let release_id = json::string(v, "releaseID");
            let date = json::string(v, "releaseDate");
            (release_id.is_some() || date.is_some()).then_some(Version { release_id, date, value })
        })
        .collect()
}

/// The earliest `releaseDate` anywhere in a versioned release (its first publication), by
/// [`instant`]; `None` when no version has a readable date.
pub fn first_release_date(versioned: &Release) -> Option<DateTime<FixedOffset>> {
    fn walk(value: &Value, earliest: &mut Option<DateTime<FixedOffset>>) {
        match value {
            Value::Object(members) => {
                if let Some(date) = json::string(members, "releaseDate").and_then(instant)
                    && members.contains_key("value")
                {
                    *earliest = Some(earliest.map_or(date, |e| e.min(date)));
                    return;
                }
                members.values().for_each(|v| walk(v, earliest));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, earliest)),
            _ => {}
        }
    }
    let mut earliest = None;
    versioned.values().for_each(|v| walk(v, &mut earliest));
    earliest
}

/// The object of an identifier-merged array whose `id` equals `id` (a string, or a number written
/// as `id` is).
pub fn by_id<'a>(array: &'a [Value], id: &str) -> Option<&'a Value> {
    array.iter().find(|item| item.get("id").and_then(json::id_text).is_some_and(|text| text == id))
}

/// A date as publishers write it, read tolerantly: RFC 3339; seconds followed by a dot without
/// digits (`2015-11-04T00:00:00.-06:00`, as Mexico City's 2015 releases write every date); a
/// date-time without offset (taken as UTC); or a calendar date (midnight UTC). `None` for
/// anything else.
pub fn instant(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date);
    }
    if let Some(date) = without_empty_fraction(text).and_then(|t| DateTime::parse_from_rfc3339(&t).ok()) {
        return Some(date);
    }
    let utc = FixedOffset::east_opt(0)?;
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .ok()?;
    naive.and_local_timezone(utc).single()
}

/// The text without a dot that has no digits after it, if it has one.
fn without_empty_fraction(text: &str) -> Option<String> {
    let dot = text.find('.')?;
    let after = &text[dot + 1..];
    matches!(after.chars().next(), None | Some('+' | '-' | 'Z' | 'z')).then(|| format!("{}{after}", &text[..dot]))
}

/// Days from `start` to `end`, with the fraction (e.g. 1.5 for 36 hours); negative when `end`
/// comes first.
pub fn days_between(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> f64 {
    (end - start).num_seconds() as f64 / 86_400.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_versions_and_first_publication() {
        let versioned = json!({
            "ocid": "ocds-1",
            "tender": {"status": [
                {"releaseID": "r2", "releaseDate": "2020-02-01T00:00:00Z", "releaseTag": ["tender"], "value": "active"},
                {"releaseID": "r1", "releaseDate": "2020-01-15T00:00:00Z", "releaseTag": ["planning"], "value": "planned"}
            ]},
            "contracts": [{"id": "c1", "value": {"amount": [
                {"releaseID": "r3", "releaseDate": "2020-03-01T00:00:00Z", "releaseTag": ["contract"], "value": 100}
            ]}}]
        });
        let release = versioned.as_object().unwrap();
        let statuses = versions(&versioned["tender"]["status"]).unwrap();
        assert_eq!(statuses.iter().map(|v| v.value.as_str().unwrap()).collect::<Vec<_>>(), ["active", "planned"]);
        assert_eq!(first_release_date(release), instant("2020-01-15T00:00:00Z"));
        let contract = by_id(versioned["contracts"].as_array().unwrap(), "c1").unwrap();
        assert_eq!(versions(&contract["value"]["amount"]).unwrap()[0].value, &json!(100));
        assert!(versions(&versioned["contracts"]).is_none(), "an identifier-merged array is not a version list");
    }

    #[test]
    fn reads_dates_as_publishers_write_them() {
        let day = |t| instant(t).map(|d| d.to_rfc3339());
        assert_eq!(day("2021-03-04T05:06:07-06:00").as_deref(), Some("2021-03-04T05:06:07-06:00"));
        assert_eq!(day("2021-03-04T05:06:07").as_deref(), Some("2021-03-04T05:06:07+00:00"));
        assert_eq!(day("2021-03-04").as_deref(), Some("2021-03-04T00:00:00+00:00"));
        assert_eq!(day("2015-11-04T00:00:00.-06:00").as_deref(), Some("2015-11-04T00:00:00-06:00"));
        assert_eq!(day("04/03/2021"), None);
        let (a, b) = (instant("2021-03-01").unwrap(), instant("2021-03-02T12:00:00Z").unwrap());
        assert_eq!(days_between(a, b), 1.5);
    }
}
