//! What the completeness index looks for: typed field descriptions a TOML table can write, and
//! the default list of each stage.
//!
//! A field is a path into the compiled release — JSON Pointer members, `[]` after a member for
//! every element of an array — with, where the catalogue needs them, alternative paths ("A or
//! B"), conditions on the elements of the path's last array (the buyer's party, a supplier's
//! identifier scheme, a document's type) and a rule for when the field is required (a rationale
//! only when the method is not open). That is all the language there is:
//!
//! ```toml
//! [[completeness.tender.fields]]
//! name = "/parties[]/address (buyer)"
//! path = "/parties[]/address"
//! of = [{ member = "/id", same_as = "/buyer/id" }]
//! ```

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// A stage of a contracting process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Planning and budget.
    Planning,
    /// The call for tenders (or the direct award's decision to buy).
    Tender,
    /// Awards.
    Award,
    /// Contracts.
    Contract,
    /// Contract implementation.
    Implementation,
}

impl Stage {
    /// Every stage, in process order.
    pub const ALL: [Stage; 5] = [Stage::Planning, Stage::Tender, Stage::Award, Stage::Contract, Stage::Implementation];

    /// Position in [`Stage::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// The member of an object.
    Member(String),
    /// Every element of an array.
    Each,
}

/// A path such as `/tender/items[]/quantity`: JSON Pointer members (`~0` and `~1` escape `~` and
/// `/`), each optionally followed by `[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FieldPath {
    text: String,
    steps: Vec<Step>,
}

/// Why a text is not a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid field path {0:?}: expected `/member` steps, each optionally followed by `[]`")]
pub struct InvalidPath(String);

impl FieldPath {
    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub(crate) fn steps(&self) -> &[Step] {
        &self.steps
    }
}

impl TryFrom<String> for FieldPath {
    type Error = InvalidPath;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let Some(rest) = text.strip_prefix('/') else { return Err(InvalidPath(text)) };
        let mut steps = Vec::new();
        for segment in rest.split('/') {
            let mut name = segment;
            let mut arrays = 0;
            while let Some(inner) = name.strip_suffix("[]") {
                name = inner;
                arrays += 1;
            }
            if name.contains("[]") {
                return Err(InvalidPath(text));
            }
            steps.push(Step::Member(name.replace("~1", "/").replace("~0", "~")));
            steps.extend(std::iter::repeat_n(Step::Each, arrays));
        }
        Ok(FieldPath { text, steps })
    }
}

impl TryFrom<&str> for FieldPath {
    type Error = InvalidPath;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        FieldPath::try_from(text.to_owned())
    }
}

impl From<FieldPath> for String {
    fn from(path: FieldPath) -> String {
        path.text
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl JsonSchema for FieldPath {
    fn schema_name() -> Cow<'static, str> {
        "FieldPath".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^/",
            "description": "JSON Pointer members, each optionally followed by `[]` (every element of an array)"
        })
    }
}

/// A weight: a finite number ≥ 0 (default 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Weight(f64);

/// Why a number is not a [`Weight`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid weight {0}: expected a finite number ≥ 0")]
pub struct InvalidWeight(f64);

impl Weight {
    /// The weight as a number.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Default for Weight {
    fn default() -> Self {
        Weight(1.0)
    }
}

impl TryFrom<f64> for Weight {
    type Error = InvalidWeight;

    fn try_from(value: f64) -> Result<Self, Self::Error> {
        if value.is_finite() && value >= 0.0 { Ok(Weight(value)) } else { Err(InvalidWeight(value)) }
    }
}

impl From<Weight> for f64 {
    fn from(weight: Weight) -> f64 {
        weight.0
    }
}

impl JsonSchema for Weight {
    fn schema_name() -> Cow<'static, str> {
        "Weight".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "number", "minimum": 0, "default": 1})
    }
}

/// A test on an element of an array (or on the release, for a path without `[]`). With neither
/// `any_of` nor `same_as`, the member must be non-empty; with both, both must hold.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Path inside the element (e.g. `/id`, `/identifier/scheme`, `/roles[]`).
    pub member: FieldPath,
    /// The member is one of these texts, compared ignoring case, accents, spaces and punctuation
    /// (so `Contract Signed` is `contractSigned`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<String>,
    /// The member equals (exactly) one of the values at this path of the release (e.g.
    /// `/buyer/id`, `/awards[]/suppliers[]/id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<FieldPath>,
}

/// When a field counts for a process (its stage must apply too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Required {
    /// Always.
    #[default]
    Always,
    /// Only when the process' method is known and one of these (open, selective, limited,
    /// direct).
    MethodIn(Vec<String>),
    /// Only when the process' method is known and none of these.
    MethodNotIn(Vec<String>),
    /// Only when the versioned release shows a contract `value/amount` that took more than one
    /// value (without history: never).
    ContractValueChanged,
}

impl Required {
    fn is_always(&self) -> bool {
        *self == Required::Always
    }
}

/// One field a stage looks for.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Its label in the report; default: the path, and the alternatives joined by ` or `.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where it is.
    pub path: FieldPath,
    /// Alternative paths: the field is present if any of them is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub or: Vec<FieldPath>,
    /// Which elements of the path's last array the field is about (all must hold); the others
    /// are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub of: Vec<Condition>,
    /// What an element must also meet for the field to be present there (all must hold).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<Condition>,
    /// When the field counts.
    #[serde(default, skip_serializing_if = "Required::is_always")]
    pub required: Required,
    /// w_f (default 1).
    #[serde(default)]
    pub weight: Weight,
}

impl Field {
    /// A field at `path` (a path written in this file, checked by the tests) with weight 1 and
    /// no alternative, condition or requirement.
    fn at(path: &str) -> Field {
        Field {
            name: None,
            path: path_of(path),
            or: Vec::new(),
            of: Vec::new(),
            with: Vec::new(),
            required: Required::Always,
            weight: Weight::default(),
        }
    }

    /// Adds an alternative path.
    fn or(mut self, path: &str) -> Field {
        self.or.push(path_of(path));
        self
    }

    /// Sets when the field counts.
    fn required(mut self, required: Required) -> Field {
        self.required = required;
        self
    }

    /// The label in the report.
    pub fn label(&self) -> String {
        if let Some(name) = &self.name {
            return name.clone();
        }
        std::iter::once(&self.path).chain(&self.or).map(FieldPath::as_str).collect::<Vec<_>>().join(" or ")
    }
}

fn path_of(text: &str) -> FieldPath {
    FieldPath::try_from(text).unwrap_or_else(|e| panic!("{e}"))
}

fn condition(member: &str, any_of: &[&str], same_as: Option<&str>) -> Condition {
    Condition {
        member: path_of(member),
        any_of: any_of.iter().map(|s| (*s).to_owned()).collect(),
        same_as: same_as.map(path_of),
    }
}

/// The default field list of a stage (INDICATORS.md §C); each field weighs 1.
pub fn default_fields(stage: Stage) -> Vec<Field> {
    let not = |methods: &[&str]| Required::MethodNotIn(methods.iter().map(|m| (*m).to_owned()).collect());
    match stage {
        Stage::Planning => vec![
            Field::at("/planning/budget/amount/amount"),
            Field::at("/planning/budget/id").or("/planning/budget/budgetBreakdown[]/classifications"),
            Field::at("/planning/budget/budgetBreakdown[]/sourceParty").or("/planning/budget/description"),
            Field::at("/planning/rationale"),
            Field::at("/planning/documents[]"),
        ],
        Stage::Tender => vec![
            Field::at("/tender/title"),
            Field::at("/tender/description"),
            Field::at("/tender/procurementMethod"),
            Field::at("/tender/procurementMethodDetails"),
            Field::at("/tender/procurementMethodRationale").required(not(&["open"])),
            Field::at("/tender/awardCriteria"),
            Field::at("/tender/value/amount"),
            Field::at("/tender/tenderPeriod/startDate").required(not(&["direct"])),
            Field::at("/tender/tenderPeriod/endDate").required(not(&["direct"])),
            Field::at("/tender/items[]/classification/id"),
            Field::at("/tender/items[]/quantity"),
            Field::at("/tender/items[]/unit/name"),
            Field::at("/tender/numberOfTenderers").or("/tender/tenderers[]").required(not(&["direct"])),
            Field::at("/tender/documents[]"),
            Field::at("/buyer/id"),
            Field {
                name: Some("/parties[]/address (buyer)".into()),
                of: vec![condition("/id", &[], Some("/buyer/id"))],
                ..Field::at("/parties[]/address")
            },
        ],
        Stage::Award => vec![
            Field::at("/awards[]/date"),
            Field::at("/awards[]/value/amount"),
            Field::at("/awards[]/suppliers[]/id"),
            Field {
                name: Some("/parties[]/identifier/id (supplier, MX-RFC)".into()),
                of: vec![condition("/id", &[], Some("/awards[]/suppliers[]/id"))],
                with: vec![condition("/identifier/scheme", &["MX-RFC"], None)],
                ..Field::at("/parties[]/identifier/id")
            },
            Field::at("/awards[]/items[]/unit/value/amount"),
            Field::at("/awards[]/documents[]"),
        ],
        Stage::Contract => vec![
            Field::at("/contracts[]/dateSigned"),
            Field::at("/contracts[]/value/amount"),
            Field::at("/contracts[]/period/startDate"),
            Field::at("/contracts[]/period/endDate"),
            Field::at("/contracts[]/items[]/deliveryAddress").or("/contracts[]/items[]/deliveryLocation"),
            Field {
                name: Some("/contracts[]/documents[] (contractSigned)".into()),
                with: vec![condition("/documentType", &["contractSigned"], None)],
                ..Field::at("/contracts[]/documents[]")
            },
        ],
        Stage::Implementation => vec![
            // `amount` and `providerOrganization` are OCDS 1.0's names.
            Field::at("/contracts[]/implementation/transactions[]/value/amount")
                .or("/contracts[]/implementation/transactions[]/amount/amount"),
            Field::at("/contracts[]/implementation/transactions[]/date"),
            Field::at("/contracts[]/implementation/transactions[]/payer")
                .or("/contracts[]/implementation/transactions[]/providerOrganization"),
            Field::at("/contracts[]/implementation/milestones[]/dueDate"),
            Field::at("/contracts[]/implementation/milestones[]/status"),
            Field::at("/contracts[]/implementation/documents[]"),
            Field::at("/contracts[]/amendments[]")
                .or("/contracts[]/amendment")
                .required(Required::ContractValueChanged),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        let path = FieldPath::try_from("/tender/items[]/unit/name").unwrap();
        let member = |m: &str| Step::Member(m.to_owned());
        assert_eq!(path.steps(), [member("tender"), member("items"), Step::Each, member("unit"), member("name")]);
        assert_eq!(
            FieldPath::try_from("/a~1b/c~0d[][]").unwrap().steps(),
            [member("a/b"), member("c~d"), Step::Each, Step::Each]
        );
        assert!(FieldPath::try_from("tender/title").is_err());
        assert!(FieldPath::try_from("/a[]b").is_err());
    }

    #[test]
    fn rejects_bad_weights() {
        assert!(Weight::try_from(-1.0).is_err());
        assert!(Weight::try_from(f64::NAN).is_err());
        assert_eq!(Weight::try_from(2.5).map(Weight::get), Ok(2.5));
    }

    #[test]
    fn default_fields_parse_and_have_labels() {
        let labels: Vec<String> = Stage::ALL.iter().flat_map(|s| default_fields(*s)).map(|f| f.label()).collect();
        assert_eq!(labels.len(), 5 + 16 + 6 + 6 + 7);
        assert!(
            labels.contains(&"/planning/budget/id or /planning/budget/budgetBreakdown[]/classifications".to_owned())
        );
        let unique: std::collections::HashSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "labels are keys of the report");
    }
}
