//! The gate: each process's releases validated (against the validator's profile, EDCA-MX by
//! default), the findings kept for the publication's report, and what fails at the
//! configured severity held back with its reasons in Spanish and English.

use super::config::{Gate, GateSeverity};
use crate::io::{Item, Location};
use crate::merge::ProcessPlaces;
use crate::validate::{Code, Example, Group, Lang, Options, Report, Scope, Severity, Validator, message};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Examples kept per group of findings in the report (as `edca validate`).
pub(crate) const EXAMPLES: usize = 5;

/// Reasons listed per held release (the count says how many there were).
const REASONS: usize = 10;

/// One reason a release was held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The finding's code (`schema.required`, `merge.no_date`…).
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// JSON Pointer that resolves in the input file.
    pub pointer: String,
    /// In Spanish.
    pub message_es: String,
    /// In English.
    pub message_en: String,
}

/// A release held back, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldRelease {
    /// The release's `id`, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The input file.
    pub file: String,
    /// Line where the release starts.
    pub line: u64,
    /// The release's pointer in its file (`/releases/3`; empty for a release on its own).
    pub pointer: String,
    /// Its findings at the gate's severity (at most ten; `findings` counts them all). Empty
    /// when the release is held only because its process is.
    pub reasons: Vec<Reason>,
    /// How many findings held it.
    pub findings: u64,
}

/// A finding group of one process, as stored between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PartGroup {
    pub code: Code,
    pub scope: String,
    pub path: String,
    pub detail: String,
    pub count: u64,
    pub examples: Vec<PartExample>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, u64>,
}

/// An example of a finding, as stored between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PartExample {
    pub file: String,
    pub index: Option<u64>,
    pub pointer: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub value: Option<String>,
}

/// Counts of one process for the report's statistics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PartStats {
    pub releases: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub invalid_dates: u64,
    pub tags: BTreeMap<String, u64>,
    pub buyers: Vec<String>,
    pub suppliers: Vec<String>,
    pub currencies: BTreeMap<String, u64>,
}

/// What the gate found in one process.
#[derive(Debug, Clone, Default)]
pub(crate) struct Verdict {
    /// For each release, why it is held (empty: it passes).
    pub reasons: Vec<Vec<Reason>>,
    pub counts: Vec<u64>,
    pub groups: Vec<PartGroup>,
    pub stats: PartStats,
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::File => "file",
        Scope::Package => "package",
        Scope::Release => "release",
        Scope::Record => "record",
    }
}

pub(crate) fn scope_of(name: &str) -> Scope {
    match name {
        "file" => Scope::File,
        "package" => Scope::Package,
        "record" => Scope::Record,
        _ => Scope::Release,
    }
}

fn holds(gate: &Gate, severity: Severity) -> bool {
    match gate.severity {
        GateSeverity::Error => severity == Severity::Error,
        GateSeverity::Warning => severity <= Severity::Warning,
        GateSeverity::None => false,
    }
}

/// Validates the releases of one process, each placed where it was read.
pub(crate) fn check(validator: &Validator, gate: &Gate, releases: &[Value], places: &ProcessPlaces) -> Verdict {
    let mut session = validator.session(Options { lang: Lang::Es, max_examples: usize::MAX });
    let mut at_release: HashMap<(String, u64, u64), usize> = HashMap::new();
    let mut current: Option<String> = None;
    for (n, release) in releases.iter().enumerate() {
        let (file, line, column, pointer) = places.locate(n, "");
        let file = file.unwrap_or("").to_owned();
        if current.as_deref() != Some(file.as_str()) {
            session.start_file(&file);
            current = Some(file.clone());
        }
        at_release.insert((file, line, column), n);
        let at = Location { line, column, pointer };
        session.add_item(Item::Release { release: release.clone(), package: None, at });
    }
    let report = session.finish();
    let mut verdict = Verdict {
        reasons: vec![Vec::new(); releases.len()],
        counts: vec![0; releases.len()],
        groups: Vec::new(),
        stats: stats(&report, releases),
    };
    for group in groups_of(&report) {
        let hold = holds(gate, group.severity);
        let mut examples = Vec::with_capacity(group.examples.len().min(EXAMPLES));
        for example in &group.examples {
            let key = (example.file.clone(), example.line.unwrap_or(0), example.column.unwrap_or(0));
            let n = at_release.get(&key).copied();
            if hold && let Some(n) = n {
                verdict.counts[n] += 1;
                if verdict.reasons[n].len() < REASONS {
                    verdict.reasons[n].push(Reason {
                        code: group.code.as_str().to_owned(),
                        severity: severity_name(group.severity).to_owned(),
                        pointer: example.pointer.clone(),
                        message_es: group.message.clone(),
                        message_en: message(group.code, Lang::En, &group.path, &group.detail),
                    });
                }
            }
            if examples.len() < EXAMPLES {
                examples.push(PartExample {
                    file: example.file.clone(),
                    index: index_of(&example.pointer),
                    pointer: example.pointer.clone(),
                    line: example.line,
                    column: example.column,
                    value: example.value.clone(),
                });
            }
        }
        verdict.groups.push(PartGroup {
            code: group.code,
            scope: scope_name(group.scope).to_owned(),
            path: group.path.clone(),
            detail: group.detail.clone(),
            count: group.count,
            examples,
            values: group.values.clone(),
        });
    }
    verdict
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The position of a release in its package or array, from its pointer (`/releases/3/...`);
/// `None` for a release on its own (a JSON lines line: its line says where it is).
fn index_of(pointer: &str) -> Option<u64> {
    let mut parts = pointer.split('/').skip(1);
    match (parts.next(), parts.next()) {
        (Some("releases"), Some(n)) => n.parse().ok(),
        (Some(n), _) => n.parse().ok(),
        _ => None,
    }
}

fn groups_of(report: &Report) -> impl Iterator<Item = &Group> {
    [&report.input, &report.schema, &report.codelists, &report.fields, &report.quality].into_iter().flatten()
}

/// The statistics of one process: from its report, with buyers and suppliers named (their
/// distinct count over all processes is taken at the end).
fn stats(report: &Report, releases: &[Value]) -> PartStats {
    let data = &report.statistics.data;
    let mut buyers = Vec::new();
    let mut suppliers = Vec::new();
    for release in releases {
        if let Some(name) = party_key(release.get("buyer")) {
            buyers.push(name);
        }
        for award in release.get("awards").and_then(Value::as_array).into_iter().flatten() {
            for supplier in award.get("suppliers").and_then(Value::as_array).into_iter().flatten() {
                if let Some(name) = party_key(Some(supplier)) {
                    suppliers.push(name);
                }
            }
        }
    }
    buyers.sort();
    buyers.dedup();
    suppliers.sort();
    suppliers.dedup();
    PartStats {
        releases: data.releases,
        first: data.dates.first.clone(),
        last: data.dates.last.clone(),
        invalid_dates: data.dates.invalid,
        tags: data.tags.clone(),
        buyers,
        suppliers,
        currencies: report.statistics.currencies.clone(),
    }
}

/// An organisation by `id`, else by `name` (as the validation report counts them).
fn party_key(party: Option<&Value>) -> Option<String> {
    let party = party?;
    match (party.get("id"), party.get("name").and_then(Value::as_str)) {
        (Some(Value::String(id)), _) if !id.is_empty() => Some(format!("id:{id}")),
        (Some(id @ Value::Number(_)), _) => Some(format!("id:{id}")),
        (_, Some(name)) if !name.is_empty() => Some(format!("name:{name}")),
        _ => None,
    }
}

/// The example as the report shows it.
pub(crate) fn example(part: &PartExample) -> Example {
    Example {
        file: part.file.clone(),
        index: part.index,
        pointer: part.pointer.clone(),
        line: part.line,
        column: part.column,
        value: part.value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_positions_from_pointers() {
        assert_eq!(index_of("/releases/3/date"), Some(3));
        assert_eq!(index_of("/2/tender"), Some(2));
        assert_eq!(index_of("/date"), None);
        assert_eq!(index_of(""), None);
    }
}
