//! JSON Schema validation of releases, records and package metadata against a profile's schemas.
//!
//! Each release (and record) is validated on its own against the release schema (the record
//! definition), and a package's metadata against the package schema without its `releases` /
//! `records` array, so that validation streams: nothing needs the whole package in memory.
//! The array's own rules (`minItems`, unique `ocid`+`id`) are checked by the session.
//!
//! Two rules follow the Data Review Tool (libcove / libcoveocds) rather than plain draft 4, so
//! that the errors reported are the ones users know:
//! - `uniqueItems` on arrays of objects with `id` means unique ids (one error per array, whose
//!   pointer is the `id` of the first element repeating an earlier one); on other arrays, unique
//!   values.
//! - a record's `releases` is checked as linked releases when no release has an `id`, as
//!   embedded releases when all have one (their errors are reported, not one `oneOf` error), and
//!   is a `oneOf` error when they are mixed.
//!
//! Enum errors on closed-codelist fields are left to the codelist check, which reports the code.

use std::collections::HashSet;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Keyword, Registry, ValidationError, Validator};
use serde_json::{Map, Value};

use super::ValidateError;
use super::messages::Code;
use super::report::{Finding, Scope};
use crate::profile::Profile;

/// The compiled schemas of one profile.
pub(crate) struct Schemas {
    release: Validator,
    record: RecordSchemas,
    release_package: Validator,
    record_package: Validator,
    closed_codelist_paths: HashSet<String>,
}

struct RecordSchemas {
    /// The record definition, with `releases` accepting anything (checked below).
    record: Validator,
    /// `oneOf` of the record's `releases`: linked releases and embedded releases.
    linked: Option<Validator>,
    embedded: Option<Validator>,
}

impl Schemas {
    pub(crate) fn new(profile: &Profile) -> Result<Schemas, ValidateError> {
        let invalid = |what: &str, e: &dyn std::fmt::Display| ValidateError::Schema { reason: format!("{what}: {e}") };
        let mut resources: Vec<(String, Value)> =
            profile.schema_resources().into_iter().map(|(uri, schema)| (uri, schema.clone())).collect();
        let record_package = profile.record_package_schema().clone();
        let record_package_id = record_package.get("id").and_then(Value::as_str).map(str::to_owned);
        // The record definition with `releases` relaxed, under the record package schema's id.
        let mut record_root = record_package.clone();
        let one_of = record_root
            .pointer_mut("/definitions/record/properties/releases")
            .and_then(|releases| releases.as_object_mut())
            .and_then(|releases| {
                let options = releases.remove("oneOf");
                releases.clear();
                options
            });
        if let Some(root) = record_root.as_object_mut() {
            root.insert("$ref".to_owned(), Value::String("#/definitions/record".to_owned()));
        }
        if let Some(id) = &record_package_id {
            resources.push((id.clone(), record_package.clone()));
        }
        let registry = Registry::new()
            .extend(resources.iter().map(|(uri, schema)| (uri.as_str(), schema)))
            .and_then(|builder| builder.prepare())
            .map_err(|e| invalid("schema resources", &e))?;
        let build = |what: &str, schema: &Value| -> Result<Validator, ValidateError> {
            options(&registry).build(schema).map_err(|e| invalid(what, &e))
        };
        let (linked, embedded) = match one_of.as_ref().and_then(Value::as_array).map(Vec::as_slice) {
            Some([linked, embedded]) => {
                let embedded = with_id(embedded, record_package_id.as_deref());
                (Some(build("linked releases", linked)?), Some(build("embedded releases", &embedded)?))
            }
            _ => (None, None),
        };
        Ok(Schemas {
            release: build("release schema", profile.release_schema())?,
            record: RecordSchemas { record: build("record schema", &record_root)?, linked, embedded },
            release_package: build(
                "release package schema",
                &without_array(profile.release_package_schema(), "releases"),
            )?,
            record_package: build("record package schema", &without_array(&record_package, "records"))?,
            closed_codelist_paths: profile
                .codelist_fields()
                .iter()
                .filter(|f| !f.open)
                .map(|f| f.pointer.trim_start_matches('/').to_owned())
                .collect(),
        })
    }

    /// Schema errors of one release (pointers relative to the release).
    pub(crate) fn release(&self, release: &Value, out: &mut Vec<Finding>) {
        self.collect(&self.release, release, release, "", Scope::Release, out);
    }

    /// Schema errors of one record (pointers relative to the record).
    pub(crate) fn record(&self, record: &Value, out: &mut Vec<Finding>) {
        self.collect(&self.record.record, record, record, "", Scope::Record, out);
        let (Some(linked), Some(embedded)) = (&self.record.linked, &self.record.embedded) else {
            return;
        };
        let Some(releases) = record.get("releases") else {
            return;
        };
        let has_id = |r: &Value| r.get("id").is_some();
        let items = releases.as_array();
        let all_linked = items.is_none_or(|items| !items.iter().any(has_id));
        let all_embedded = items.is_some_and(|items| items.iter().all(has_id));
        if all_linked || all_embedded {
            if linked.is_valid(releases) {
                if embedded.is_valid(releases) {
                    out.push(one_of_error("2+", releases));
                }
            } else if all_linked {
                self.collect(linked, releases, record, "/releases", Scope::Record, out);
            } else {
                self.collect(embedded, releases, record, "/releases", Scope::Record, out);
            }
        } else {
            out.push(one_of_error("0", releases));
        }
    }

    /// Schema errors of a package's metadata (every member but `releases` / `records`).
    pub(crate) fn package(&self, record_package: bool, metadata: &Map<String, Value>, out: &mut Vec<Finding>) {
        let validator = if record_package { &self.record_package } else { &self.release_package };
        let value = Value::Object(metadata.clone());
        self.collect(validator, &value, &value, "", Scope::Package, out);
    }

    fn collect(
        &self,
        validator: &Validator,
        instance: &Value,
        root: &Value,
        prefix: &str,
        scope: Scope,
        out: &mut Vec<Finding>,
    ) {
        // Most data is valid: the boolean check is much cheaper than collecting errors.
        if validator.is_valid(instance) {
            return;
        }
        for error in validator.iter_errors(instance) {
            let pointer = format!("{prefix}{}", error.instance_path().as_str());
            let path = generic_path(root, &pointer);
            let Some((code, detail)) = describe(&error) else { continue };
            if code == Code::SchemaEnum && self.is_closed_codelist(scope, &path) {
                continue;
            }
            let mut pointer = pointer;
            let value = match (error.kind(), error.instance().as_ref()) {
                (ValidationErrorKind::Custom { message, .. }, array) => {
                    // `id:N`: the pointer goes to the repeated id, so that it resolves to the value.
                    let index = message.strip_prefix("id:").and_then(|n| n.parse::<usize>().ok());
                    index.and_then(|i| array.get(i)?.get("id")).map(|id| {
                        pointer = format!("{pointer}/{}/id", index.unwrap_or_default());
                        super::report::short_json(id)
                    })
                }
                (_, Value::Object(_) | Value::Array(_)) => None,
                (_, scalar) => Some(super::report::short_json(scalar)),
            };
            out.push(Finding { code, scope, path, detail, pointer, value });
        }
    }

    fn is_closed_codelist(&self, scope: Scope, path: &str) -> bool {
        let release_path = match scope {
            Scope::Release => Some(path),
            Scope::Record => path.strip_prefix("compiledRelease/").or_else(|| path.strip_prefix("releases/")),
            _ => None,
        };
        release_path.is_some_and(|p| self.closed_codelist_paths.contains(p))
    }
}

fn options<'a>(registry: &'a Registry<'a>) -> jsonschema::ValidationOptions<'a> {
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .should_validate_formats(true)
        .with_registry(registry)
        .with_keyword("uniqueItems", |_, value, _| Ok(Box::new(UniqueIds { enabled: value.as_bool() == Some(true) })))
}

/// `schema` with a base `id` so that its `$ref`s resolve against the package schema.
fn with_id(schema: &Value, id: Option<&str>) -> Value {
    let mut schema = schema.clone();
    if let (Some(members), Some(id)) = (schema.as_object_mut(), id) {
        members.insert("id".to_owned(), Value::String(id.to_owned()));
    }
    schema
}

/// A package schema that does not ask for its `releases` / `records` array.
fn without_array(schema: &Value, array: &str) -> Value {
    let mut schema = schema.clone();
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.shift_remove(array);
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|name| name.as_str() != Some(array));
    }
    schema
}

fn one_of_error(detail: &str, releases: &Value) -> Finding {
    Finding {
        code: Code::SchemaOneOf,
        scope: Scope::Record,
        path: "releases".to_owned(),
        detail: detail.to_owned(),
        pointer: "/releases".to_owned(),
        value: match releases {
            Value::Array(_) | Value::Object(_) => None,
            scalar => Some(super::report::short_json(scalar)),
        },
    }
}

/// The code and detail of a schema error; `None` for errors that are not about the data.
fn describe(error: &ValidationError<'_>) -> Option<(Code, String)> {
    let limit = |n: &dyn std::fmt::Display| n.to_string();
    Some(match error.kind() {
        ValidationErrorKind::Type { kind } => (Code::SchemaType, type_names(kind)),
        ValidationErrorKind::Required { property } => {
            (Code::SchemaRequired, property.as_str().map_or_else(|| property.to_string(), str::to_owned))
        }
        ValidationErrorKind::Enum { options } => (Code::SchemaEnum, enum_values(options)),
        ValidationErrorKind::Format { format } if format == "date-time" => {
            (Code::SchemaFormat, "date-time (2024-01-31T00:00:00Z)".to_owned())
        }
        ValidationErrorKind::Format { format } => (Code::SchemaFormat, format.clone()),
        ValidationErrorKind::MinLength { limit: n } => (Code::SchemaMinLength, limit(n)),
        ValidationErrorKind::MaxLength { limit: n } => (Code::SchemaMaxLength, limit(n)),
        ValidationErrorKind::MinItems { limit: n } => (Code::SchemaMinItems, limit(n)),
        ValidationErrorKind::MaxItems { limit: n } => (Code::SchemaMaxItems, limit(n)),
        ValidationErrorKind::MinProperties { limit: n } => (Code::SchemaMinProperties, limit(n)),
        ValidationErrorKind::Minimum { limit: n } | ValidationErrorKind::ExclusiveMinimum { limit: n } => {
            (Code::SchemaMinimum, limit(n))
        }
        ValidationErrorKind::Maximum { limit: n } | ValidationErrorKind::ExclusiveMaximum { limit: n } => {
            (Code::SchemaMaximum, limit(n))
        }
        ValidationErrorKind::Pattern { pattern } => (Code::SchemaPattern, pattern.clone()),
        ValidationErrorKind::UniqueItems => (Code::SchemaUniqueItems, "=".to_owned()),
        ValidationErrorKind::Custom { keyword, message } if keyword == "uniqueItems" => {
            (Code::SchemaUniqueItems, if message.starts_with("id:") { "id" } else { "=" }.to_owned())
        }
        ValidationErrorKind::OneOfNotValid { .. } => (Code::SchemaOneOf, "0".to_owned()),
        ValidationErrorKind::OneOfMultipleValid { .. } => (Code::SchemaOneOf, "2+".to_owned()),
        ValidationErrorKind::AnyOf { .. } => (Code::SchemaAnyOf, String::new()),
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            (Code::SchemaAdditionalProperties, unexpected.join(", "))
        }
        ValidationErrorKind::Referencing(_) => return None,
        other => (Code::SchemaOther, other.keyword().to_owned()),
    })
}

fn type_names(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.as_str().to_owned(),
        TypeKind::Multiple(set) => set.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
    }
}

fn enum_values(options: &Value) -> String {
    let Some(values) = options.as_array() else { return options.to_string() };
    let mut shown: Vec<String> = values.iter().take(12).map(|v| v.to_string()).collect();
    if values.len() > shown.len() {
        shown.push("…".to_owned());
    }
    shown.join(", ")
}

/// `pointer` (relative to `root`) without array indices, segments joined by `/`, no leading `/`:
/// `/awards/0/suppliers/1/id` → `awards/suppliers/id`.
pub(crate) fn generic_path(root: &Value, pointer: &str) -> String {
    let mut current = Some(root);
    let mut out = String::new();
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        match current {
            Some(Value::Array(items)) => {
                current = segment.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            other => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(&segment);
                current = other.and_then(|v| v.get(&segment));
            }
        }
    }
    out
}

/// `uniqueItems` as the Data Review Tool reads it (see the module documentation).
struct UniqueIds {
    enabled: bool,
}

impl UniqueIds {
    /// At most one error per array (the validator clones the array into each error): `id:` and
    /// the index of the first element whose id repeats an earlier one, or `items` when equal
    /// items repeat.
    fn error(&self, instance: &Value) -> Option<String> {
        let items = instance.as_array().filter(|_| self.enabled)?;
        let mut ids = HashSet::new();
        let mut repeated = None;
        let mut compared = false;
        for (i, item) in items.iter().enumerate() {
            match item.get("id").filter(|id| !matches!(id, Value::Null | Value::Object(_) | Value::Array(_))) {
                Some(id) if item.is_object() => {
                    let fresh = ids.insert(id.to_string());
                    repeated = repeated.or((!fresh).then_some(i));
                }
                _ if !compared => {
                    compared = true;
                    if !all_distinct(items) {
                        return Some("items".to_owned());
                    }
                }
                _ => {}
            }
        }
        repeated.map(|i| format!("id:{i}"))
    }
}

fn all_distinct(items: &[Value]) -> bool {
    items.iter().enumerate().all(|(i, a)| items[i + 1..].iter().all(|b| a != b))
}

impl<'i> Keyword<'i> for UniqueIds {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        match self.error(instance) {
            Some(message) => Err(ValidationError::custom(message)),
            None => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.error(instance).is_none()
    }
}
