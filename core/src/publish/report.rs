//! The publication's aggregates built from the per-process parts: the validation report and
//! `held.json`, and their text in Spanish and English.

use super::Part;
use super::config::Gate;
use super::gate::{self, EXAMPLES, HeldRelease};
use crate::Lang;
use crate::diagnostic::Diagnostics;
use crate::stats::{DateRange, Stats};
use crate::validate::{Group, Report, Statistics, Summary, Validator, message};
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The validation report of every release read, in Spanish: the groups of each process
/// added in input order (examples: the first five over all processes).
pub(super) fn validation(parts: &[Part], validator: &Validator, files: u64) -> Report {
    let mut groups: IndexMap<(crate::validate::Code, String, String, String), Group> = IndexMap::new();
    let mut data = Stats { files, ..Stats::default() };
    let (mut buyers, mut suppliers) = (BTreeSet::new(), BTreeSet::new());
    let mut currencies: BTreeMap<String, u64> = BTreeMap::new();
    let mut first: Option<(chrono::DateTime<chrono::FixedOffset>, String)> = None;
    let mut last: Option<(chrono::DateTime<chrono::FixedOffset>, String)> = None;
    for part in parts {
        for p in &part.groups {
            let key = (p.code, p.scope.clone(), p.path.clone(), p.detail.clone());
            let group = groups.entry(key).or_insert_with(|| Group {
                code: p.code,
                severity: p.code.severity(),
                scope: gate::scope_of(&p.scope),
                path: p.path.clone(),
                detail: p.detail.clone(),
                message: message(p.code, Lang::Es, &p.path, &p.detail),
                count: 0,
                examples: Vec::new(),
                values: BTreeMap::new(),
            });
            group.count += p.count;
            for example in &p.examples {
                if group.examples.len() < EXAMPLES {
                    group.examples.push(gate::example(example));
                }
            }
            for (value, n) in &p.values {
                *group.values.entry(value.clone()).or_default() += n;
            }
        }
        let s = &part.stats;
        data.releases += s.releases;
        data.ocids += 1;
        data.max_releases_per_ocid = data.max_releases_per_ocid.max(s.releases);
        data.dates.invalid += s.invalid_dates;
        for (tag, n) in &s.tags {
            *data.tags.entry(tag.clone()).or_default() += n;
        }
        for (currency, n) in &s.currencies {
            *currencies.entry(currency.clone()).or_default() += n;
        }
        buyers.extend(s.buyers.iter().cloned());
        suppliers.extend(s.suppliers.iter().cloned());
        let parse = |d: &Option<String>| {
            d.as_ref().and_then(|d| Some((chrono::DateTime::parse_from_rfc3339(d).ok()?, d.clone())))
        };
        if let Some(date) = parse(&s.first)
            && first.as_ref().is_none_or(|f| date.0 < f.0)
        {
            first = Some(date);
        }
        if let Some(date) = parse(&s.last)
            && last.as_ref().is_none_or(|l| date.0 > l.0)
        {
            last = Some(date);
        }
    }
    data.dates = DateRange { first: first.map(|f| f.1), last: last.map(|l| l.1), invalid: data.dates.invalid };
    let mut sorted: Vec<Group> = groups.into_values().collect();
    sorted.sort_by(|a, b| {
        (a.severity, a.code, a.scope, &a.path, &a.detail).cmp(&(b.severity, b.code, b.scope, &b.path, &b.detail))
    });
    let statistics = Statistics { data, buyers: buyers.len() as u64, suppliers: suppliers.len() as u64, currencies };
    let mut report = Report {
        valid: true,
        lang: Lang::Es,
        profile: validator.profile().label().to_owned(),
        summary: Summary::default(),
        statistics,
        input: Vec::new(),
        schema: Vec::new(),
        codelists: Vec::new(),
        fields: Vec::new(),
        quality: Vec::new(),
        version_fallback: None,
    };
    for group in sorted {
        report.add_group(group);
    }
    report
}

/// `held.json`: the gate's settings, each process with releases held and why, and what
/// could not be read at all.
#[derive(Debug, Serialize)]
pub(super) struct Held {
    gate: Gate,
    processes: Vec<HeldProcess>,
    unreadable: Vec<Unreadable>,
}

#[derive(Debug, Serialize)]
struct HeldProcess {
    ocid: String,
    /// Whether nothing of the process is published.
    whole: bool,
    releases: Vec<HeldRelease>,
}

#[derive(Debug, Serialize)]
struct Unreadable {
    code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    line: u64,
    pointer: String,
    message_es: String,
    message_en: String,
}

pub(super) fn held(parts: &[Part], diagnostics: &Diagnostics, gate: Gate) -> Held {
    let processes = parts
        .iter()
        .filter(|p| p.held.iter().any(|h| *h))
        .map(|p| HeldProcess { ocid: p.ocid.clone(), whole: p.files.is_empty(), releases: p.held_releases.clone() })
        .collect();
    let unreadable = diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .map(|d| Unreadable {
            code: d.code.clone(),
            file: d.file.clone(),
            line: d.line,
            pointer: d.pointer.clone(),
            message_es: d.message_es.clone(),
            message_en: d.message_en.clone(),
        })
        .collect();
    Held { gate, processes, unreadable }
}

/// The validation report as text in `lang`, then what was held back.
pub(super) fn text(report: &Report, held: &Held, lang: Lang) -> String {
    let mut report = report.clone();
    if lang != report.lang {
        report.lang = lang;
        for group in
            [&mut report.input, &mut report.schema, &mut report.codelists, &mut report.fields, &mut report.quality]
                .into_iter()
                .flatten()
        {
            group.message = message(group.code, lang, &group.path, &group.detail);
        }
    }
    let mut out = report.to_text();
    let es = lang == Lang::Es;
    let releases: usize = held.processes.iter().map(|p| p.releases.len()).sum();
    let _ = writeln!(
        out,
        "\n== {}: {} {}, {} {}",
        if es { "Retenido" } else { "Held back" },
        held.processes.len(),
        if es { "procesos" } else { "processes" },
        releases,
        if es { "entregas" } else { "releases" }
    );
    for process in &held.processes {
        let whole = match (process.whole, es) {
            (true, true) => " (no se publica)",
            (true, false) => " (not published)",
            (false, true) => " (se publica sin estas entregas)",
            (false, false) => " (published without these releases)",
        };
        let _ = writeln!(out, "{}{whole}", process.ocid);
        for release in &process.releases {
            let id = release.id.as_deref().unwrap_or("-");
            let _ = writeln!(out, "  id {id}  {}:{} {}", release.file, release.line, release.pointer);
            for reason in &release.reasons {
                let text = if es { &reason.message_es } else { &reason.message_en };
                let _ = writeln!(out, "    [{}] {text} ({}) {}", reason.severity, reason.code, reason.pointer);
            }
            if release.findings > release.reasons.len() as u64 {
                let more = release.findings - release.reasons.len() as u64;
                let _ = writeln!(out, "    … {more} {}", if es { "más" } else { "more" });
            }
        }
    }
    for unreadable in &held.unreadable {
        let text = if es { &unreadable.message_es } else { &unreadable.message_en };
        let file = unreadable.file.as_deref().unwrap_or("-");
        let _ = writeln!(out, "{file}:{} {} {text} ({})", unreadable.line, unreadable.pointer, unreadable.code);
    }
    out
}
