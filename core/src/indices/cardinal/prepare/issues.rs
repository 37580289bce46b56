//! What `prepare` could not fix, as Cardinal reports it: one CSV row per issue with the columns
//! line, ocid, path, array indexes, incorrect value, error description (no header).

use serde::{Serialize, Serializer};
use serde_json::Value;
use std::fmt::Write as _;

/// The field an issue is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `/bids/details[]/value/amount`.
    BidAmount,
    /// `/bids/details[]/value/currency`.
    BidCurrency,
    /// `/bids/details[]/items[]/classification/scheme`.
    BidItemScheme,
    /// `/bids/details[]/status`.
    BidStatus,
    /// `/awards[]/items[]/classification/scheme`.
    AwardItemScheme,
    /// `/awards[]/status`.
    AwardStatus,
}

impl Field {
    /// The field's path, with `[]` for each array on the way (as Cardinal writes it).
    pub fn path(self) -> &'static str {
        match self {
            Field::BidAmount => "/bids/details[]/value/amount",
            Field::BidCurrency => "/bids/details[]/value/currency",
            Field::BidItemScheme => "/bids/details[]/items[]/classification/scheme",
            Field::BidStatus => "/bids/details[]/status",
            Field::AwardItemScheme => "/awards[]/items[]/classification/scheme",
            Field::AwardStatus => "/awards[]/status",
        }
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.path())
    }
}

/// What is wrong with the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The field is not set (and no `[defaults]` value was given).
    NotSet,
    /// The code is not in the codelist (after `[codelists.*]` re-mapping).
    Invalid,
    /// A bid's amount is zero (and not redacted).
    IsZero,
}

impl Problem {
    /// Cardinal's description.
    pub fn description(self) -> &'static str {
        match self {
            Problem::NotSet => "not set",
            Problem::Invalid => "invalid",
            Problem::IsZero => "is zero",
        }
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.description())
    }
}

/// One issue in one compiled release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// The field.
    pub field: Field,
    /// The index in each array of the path, outermost first.
    pub indexes: Vec<usize>,
    /// The incorrect value (a code); none when the field is not set or the amount is zero.
    pub value: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

impl Issue {
    pub(crate) fn new(field: Field, indexes: &[usize], value: Option<String>, problem: Problem) -> Issue {
        Issue { field, indexes: indexes.to_vec(), value, problem }
    }
}

/// Cardinal's CSV rows for `issues` of the compiled release with this `ocid`, found at `line`.
pub(crate) fn csv_rows(issues: &[Issue], line: u64, ocid: Option<&Value>) -> String {
    let ocid = match ocid {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    let mut rows = String::new();
    for issue in issues {
        let indexes = issue.indexes.iter().map(usize::to_string).collect::<Vec<_>>().join(".");
        let fields = [
            field(&ocid),
            issue.field.path().to_owned(),
            indexes,
            field(issue.value.as_deref().unwrap_or_default()),
            issue.problem.description().to_owned(),
        ];
        let _ = writeln!(rows, "{line},{}", fields.join(","));
    }
    rows
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (as the `csv` crate does).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-made: Cardinal's documented demonstration row, and RFC 4180 quoting of odd values.
    #[test]
    fn rows_as_cardinal_writes_them() {
        let issues = [Issue::new(Field::BidStatus, &[0], None, Problem::NotSet)];
        let ocid = Value::from("ocds-213czf-1");
        assert_eq!(csv_rows(&issues, 1, Some(&ocid)), "1,ocds-213czf-1,/bids/details[]/status,0,,not set\n");
        let issues = [Issue::new(Field::AwardItemScheme, &[2, 3], Some("a \"b\", c".into()), Problem::Invalid)];
        assert_eq!(
            csv_rows(&issues, 7, None),
            "7,,/awards[]/items[]/classification/scheme,2.3,\"a \"\"b\"\", c\",invalid\n"
        );
        assert_eq!(csv_rows(&issues, 7, Some(&Value::from(12))).split(',').nth(1), Some("12"));
    }
}
