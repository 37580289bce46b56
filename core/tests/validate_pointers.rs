//! Every example of a validation report carries a pointer that resolves in the input file: looked
//! up in the parsed file (in the value that starts at the example's line, for a file of several
//! values) it gives the reported value. Decided by serde_json parsing the same bytes, on every
//! file of the shared corpus and on JSON lines of packages and releases.

mod common;

use edca::io::Source;
use edca::profile::Profile;
use edca::validate::{Example, Options, Report, Validator};
use serde_json::Value;

/// The file's top-level values, each with the 1-based lines it spans.
fn values(bytes: &[u8]) -> Vec<(u64, u64, Value)> {
    let line_of = |offset: usize| 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count() as u64;
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
    let mut start = 0;
    while let Some(value) = stream.next() {
        let end = stream.byte_offset();
        let value = value.expect("the corpus is JSON");
        let first = start + bytes[start..end].iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
        out.push((line_of(first), line_of(end), value));
        start = end;
    }
    out
}

/// As the report writes values: JSON text cut to 100 characters.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn examples(report: &Report) -> impl Iterator<Item = (&str, &Example)> {
    let groups = report.input.iter().chain(&report.schema).chain(&report.codelists).chain(&report.fields);
    groups.chain(&report.quality).flat_map(|g| g.examples.iter().map(move |e| (g.code.as_str(), e)))
}

/// Checks every example of `report` against `bytes`; returns how many were checked.
fn check(name: &str, bytes: &[u8], report: &Report) -> usize {
    let values = values(bytes);
    let mut checked = 0;
    for (code, example) in examples(report) {
        let holder = match example.line {
            Some(line) if values.len() > 1 => values.iter().find(|(first, last, _)| (*first..=*last).contains(&line)),
            _ => values.first(),
        };
        let (_, _, root) = holder.unwrap_or_else(|| panic!("{name}: no value at {example:?}"));
        let found = root.pointer(&example.pointer);
        let found = found.unwrap_or_else(|| panic!("{name}: {code} pointer {:?} does not resolve", example.pointer));
        if let Some(value) = &example.value {
            assert_eq!(&short(found), value, "{name}: {code} at {}", example.pointer);
        }
        checked += 1;
    }
    checked
}

fn validate(validator: &Validator, name: &str, bytes: &[u8]) -> Report {
    let mut session = validator.session(Options { max_examples: 20, ..Options::default() });
    session.read(Source::from_bytes(name, bytes.to_vec()).unwrap()).unwrap();
    session.finish()
}

#[test]
fn every_example_pointer_resolves_in_every_corpus_file() {
    let Some(shared) = common::shared() else { return };
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let (mut files, mut checked, mut in_packages) = (0, 0, 0);
    for row in common::manifest(&shared) {
        let bytes = std::fs::read(shared.join("data").join(&row.path)).unwrap();
        let report = validate(&validator, &row.path, &bytes);
        checked += check(&row.path, &bytes, &report);
        in_packages += examples(&report).filter(|(_, e)| e.pointer.starts_with("/releases/")).count();
        files += 1;
    }
    eprintln!("{files} files, {checked} examples resolved ({in_packages} inside packages)");
    assert!(files > 1000 && checked > 10_000 && in_packages > 1000, "{files} files, {checked} examples");
}

#[test]
fn pointers_resolve_in_the_line_of_json_lines_of_packages_and_releases() {
    let validator = Validator::new(&Profile::edca_mx()).unwrap();
    let release = |id: &str| {
        format!(
            r#"{{"ocid": "ocds-213czf-1", "id": "{id}", "date": "2024-13-01", "tag": ["tender"], "initiationType": "tender", "tender": {{"id": "T", "status": "muy activo", "value": {{"amount": -5, "currency": "MXN"}}}}}}"#
        )
    };
    let package = |releases: &str| {
        format!(
            r#"{{"uri": "https://example.org/p", "publishedDate": "2024-01-01T00:00:00Z", "version": "1.1", "publisher": {{"name": "X"}}, "extensions": ["https://example.org/unknown/extension.json"], "releases": [{releases}]}}"#
        )
    };
    let lines = [package(&release("1")), package(&release("2")), release("3")].join("\n");
    let report = validate(&validator, "lines.jsonl", lines.as_bytes());
    assert!(check("lines.jsonl", lines.as_bytes(), &report) >= 6);
    let unknown = report.input.iter().find(|g| g.code == edca::validate::Code::UnknownExtension).unwrap();
    let places: Vec<(Option<u64>, &str)> = unknown.examples.iter().map(|e| (e.line, e.pointer.as_str())).collect();
    assert_eq!(places, [(Some(1), "/extensions/0"), (Some(2), "/extensions/0")]);
    let dates: Vec<(Option<u64>, &str)> = report
        .schema
        .iter()
        .filter(|g| g.path == "date")
        .flat_map(|g| &g.examples)
        .map(|e| (e.line, e.pointer.as_str()))
        .collect();
    assert_eq!(dates, [(Some(1), "/releases/0/date"), (Some(2), "/releases/0/date"), (Some(3), "/date")]);
}
