//! The validation report: findings grouped by code and place, with counts, examples and
//! statistics. Serialisable; its JSON Schema is `schemas/validation-report.schema.json`.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use super::messages::{self, Code, Lang, Severity};
use crate::stats::Stats;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The input file as a whole (its JSON syntax, values that are not OCDS).
    File,
    /// A package's metadata (every member but `releases` / `records`).
    Package,
    /// A release.
    Release,
    /// A record.
    Record,
}

/// One finding before grouping (pointers relative to the release, record or package until the
/// session joins them to the item's place in the file).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub code: Code,
    pub scope: Scope,
    /// Path without array indices, e.g. `awards/suppliers/id`.
    pub path: String,
    /// What is specific to the finding beyond its path (missing field, expected type…).
    pub detail: String,
    /// JSON Pointer with indices.
    pub pointer: String,
    /// The offending value, as short JSON text, when it is a scalar.
    pub value: Option<String>,
}

/// Where one occurrence of a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Example {
    /// The input file (`<stdin>` for standard input).
    pub file: String,
    /// The position (from 0) of the release or record in its package, or in the file when it is
    /// outside any package. Absent for findings about a package or the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
    /// JSON Pointer that resolves in the file: in its JSON value (`/releases/3/date` for a
    /// release of a package), or, for a file of several values (JSON lines, concatenated JSON),
    /// in the value that starts at `line` (`/date` for a release on line 7).
    pub pointer: String,
    /// Line of the file (1-based): where the release or record starts, for findings about one
    /// (for findings about a package, where its first release or record starts); where the
    /// problem is, for findings about the JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column (1-based) on that line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// The value found, as JSON text (shortened), when it is not an object or array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Findings of one code at one path: how many, and where some of them are.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Group {
    /// Stable code, e.g. `schema.required`.
    pub code: Code,
    /// Error, warning or info.
    pub severity: Severity,
    /// What the path is relative to.
    pub scope: Scope,
    /// Path without array indices (`awards/suppliers/id`); empty for the root.
    pub path: String,
    /// What the group is about beyond its path: the missing field, the expected type, the
    /// format, the codelist, the allowed values…
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// What is wrong and what to do, in the report's language.
    pub message: String,
    /// Occurrences.
    pub count: u64,
    /// Up to the report's example limit of occurrences, in input order.
    pub examples: Vec<Example>,
    /// For codelist findings: each code found outside the codelist, with its count.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, u64>,
}

/// Statistics of the data, as the Data Review Tool shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Statistics {
    /// Packages, releases, records, ocids, versions, extensions, publishers, dates, tags.
    #[serde(flatten)]
    pub data: Stats,
    /// Distinct buyers (by `buyer.id`, else `buyer.name`) of releases and compiled releases.
    pub buyers: u64,
    /// Distinct suppliers (by `id`, else `name`) of awards.
    pub suppliers: u64,
    /// Amounts (objects with `amount` and `currency`) per currency.
    pub currencies: BTreeMap<String, u64>,
}

/// What validated the packages whose `version` could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct VersionFallback {
    /// The OCDS version they were validated against (`1.1`, with their declared extensions).
    pub version: String,
    /// How many packages.
    pub packages: u64,
}

/// How many groups and occurrences of each severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Occurrences of errors.
    pub errors: u64,
    /// Occurrences of warnings.
    pub warnings: u64,
    /// Occurrences of informational findings.
    pub infos: u64,
}

/// The result of validating one or more inputs.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// True when there is no error (warnings and infos do not make data invalid).
    pub valid: bool,
    /// The language of the messages.
    pub lang: Lang,
    /// The profile releases outside packages were validated against (packages use the
    /// profile their `version` and `extensions` ask for).
    pub profile: String,
    /// Packages whose `version` could not be used (no string, or no known OCDS version), and
    /// the version they were validated against instead; absent when there were none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_fallback: Option<VersionFallback>,
    /// Occurrences per severity.
    pub summary: Summary,
    /// Statistics of the data.
    pub statistics: Statistics,
    /// Problems of the input itself: invalid JSON, values that are not OCDS, extensions.
    pub input: Vec<Group>,
    /// Schema errors, grouped by kind and path.
    pub schema: Vec<Group>,
    /// Codes outside closed codelists (errors) and open codelists (infos).
    pub codelists: Vec<Group>,
    /// Additional fields, deprecated fields and objects without `id`.
    pub fields: Vec<Group>,
    /// Quality checks beyond the schema.
    pub quality: Vec<Group>,
}

/// Groups findings as they come.
#[derive(Debug)]
pub(crate) struct Collector {
    lang: Lang,
    max_examples: usize,
    groups: IndexMap<(Code, Scope, String, String), Group>,
}

impl Collector {
    pub(crate) fn new(lang: Lang, max_examples: usize) -> Self {
        Collector { lang, max_examples, groups: IndexMap::new() }
    }

    pub(crate) fn add(&mut self, finding: Finding, file: &str, index: Option<u64>) {
        self.add_at(finding, file, index, None);
    }

    pub(crate) fn add_at(&mut self, finding: Finding, file: &str, index: Option<u64>, position: Option<(u64, u64)>) {
        let Finding { code, scope, path, detail, pointer, value } = finding;
        let key = (code, scope, path, detail);
        let lang = self.lang;
        let group = self.groups.entry(key).or_insert_with_key(|(code, scope, path, detail)| Group {
            code: *code,
            severity: code.severity(),
            scope: *scope,
            path: path.clone(),
            detail: detail.clone(),
            message: messages::message(*code, lang, path, detail),
            count: 0,
            examples: Vec::new(),
            values: BTreeMap::new(),
        });
        group.count += 1;
        if matches!(code, Code::CodelistClosed | Code::CodelistOpen)
            && let Some(v) = &value
        {
            let code_text = serde_json::from_str::<String>(v).unwrap_or_else(|_| v.clone());
            *group.values.entry(code_text).or_default() += 1;
        }
        if group.examples.len() < self.max_examples {
            group.examples.push(Example {
                file: file.to_owned(),
                index,
                pointer,
                line: position.map(|p| p.0),
                column: position.map(|p| p.1),
                value,
            });
        }
    }

    pub(crate) fn finish(self, profile: String, statistics: Statistics) -> Report {
        let mut report = Report {
            valid: true,
            lang: self.lang,
            profile,
            version_fallback: None,
            summary: Summary::default(),
            statistics,
            input: Vec::new(),
            schema: Vec::new(),
            codelists: Vec::new(),
            fields: Vec::new(),
            quality: Vec::new(),
        };
        let mut groups: Vec<Group> = self.groups.into_values().collect();
        groups.sort_by(|a, b| {
            (a.severity, a.code, a.scope, &a.path, &a.detail).cmp(&(b.severity, b.code, b.scope, &b.path, &b.detail))
        });
        for group in groups {
            report.add_group(group);
        }
        report
    }
}

impl Report {
    /// Files `group` in its section (by its code's family) and counts it in the summary.
    pub(crate) fn add_group(&mut self, group: Group) {
        match group.severity {
            Severity::Error => self.summary.errors += group.count,
            Severity::Warning => self.summary.warnings += group.count,
            Severity::Info => self.summary.infos += group.count,
        }
        let section = match group.code.as_str().split('.').next() {
            Some("input") => &mut self.input,
            Some("schema") => &mut self.schema,
            Some("codelist") => &mut self.codelists,
            Some("fields") => &mut self.fields,
            _ => &mut self.quality,
        };
        section.push(group);
        self.valid = self.summary.errors == 0;
    }
}

/// A value as JSON text, cut to 100 characters.
pub(crate) fn short_json(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

impl Report {
    /// The JSON Schema of the report (what `schemas/validation-report.schema.json` holds).
    pub fn json_schema() -> Value {
        serde_json::to_value(schemars::schema_for!(Report)).unwrap_or(Value::Null)
    }

    /// A summary for a person: verdict, counts, then each group with its message and first
    /// examples.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let es = self.lang == Lang::Es;
        let t = |es_text: &'static str, en_text: &'static str| if es { es_text } else { en_text };
        let mut out = String::new();
        let verdict = if self.valid {
            t("VÁLIDO: los datos cumplen el esquema.", "VALID: the data conforms to the schema.")
        } else {
            t("NO VÁLIDO: hay errores que corregir.", "INVALID: there are errors to fix.")
        };
        let _ = writeln!(out, "{verdict}");
        let _ = writeln!(out, "{} {}", t("Perfil:", "Profile:"), self.profile);
        let s = &self.statistics;
        let _ = writeln!(
            out,
            "{} {} · {} {} · {} {} · ocids {}",
            t("archivos", "files"),
            s.data.files,
            t("entregas", "releases"),
            s.data.releases,
            t("registros", "records"),
            s.data.records,
            s.data.ocids
        );
        if let (Some(first), Some(last)) = (&s.data.dates.first, &s.data.dates.last) {
            let _ = writeln!(out, "{} {first} .. {last}", t("fechas", "dates"));
        }
        let _ = writeln!(
            out,
            "{} {} · {} {} · {} {}",
            t("compradores", "buyers"),
            s.buyers,
            t("proveedores", "suppliers"),
            s.suppliers,
            t("monedas", "currencies"),
            s.currencies.keys().cloned().collect::<Vec<_>>().join(", ")
        );
        let _ = writeln!(
            out,
            "{} {} · {} {} · {} {}",
            t("errores", "errors"),
            self.summary.errors,
            t("advertencias", "warnings"),
            self.summary.warnings,
            t("avisos", "notes"),
            self.summary.infos
        );
        for (title, groups) in [
            (t("Entrada", "Input"), &self.input),
            (t("Esquema", "Schema"), &self.schema),
            (t("Listas de códigos", "Codelists"), &self.codelists),
            (t("Campos", "Fields"), &self.fields),
            (t("Calidad", "Quality"), &self.quality),
        ] {
            if groups.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n== {title}");
            for group in groups {
                let severity = match (group.severity, es) {
                    (Severity::Error, true) => "ERROR",
                    (Severity::Warning, true) => "ADVERTENCIA",
                    (Severity::Info, true) => "AVISO",
                    (Severity::Error, false) => "ERROR",
                    (Severity::Warning, false) => "WARNING",
                    (Severity::Info, false) => "NOTE",
                };
                let _ = writeln!(out, "[{severity}] {} ×{} ({})", group.message, group.count, group.code.as_str());
                if !group.values.is_empty() {
                    let codes: Vec<String> = group.values.iter().map(|(code, n)| format!("{code} ×{n}")).collect();
                    let _ = writeln!(out, "    {} {}", t("códigos:", "codes:"), codes.join(", "));
                }
                for example in group.examples.iter().take(3) {
                    let mut place = example.file.clone();
                    if let (Some(line), Some(column)) = (example.line, example.column) {
                        let _ = write!(place, ":{line}:{column}");
                    }
                    if let Some(index) = example.index {
                        let _ = write!(place, " #{index}");
                    }
                    if !example.pointer.is_empty() {
                        let _ = write!(place, " {}", example.pointer);
                    }
                    if let Some(value) = &example.value {
                        let _ = write!(place, " = {value}");
                    }
                    let _ = writeln!(out, "    {place}");
                }
            }
        }
        out
    }
}
