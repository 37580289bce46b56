//! Helpers shared by the integration tests: where the shared corpus is, and its MANIFEST.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared` beside the repository, or `None` (the caller prints a skip message).
pub fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared not found beside the repository ({})", path.display());
        None
    }
}

/// Splits one CSV line (RFC 4180 quoting, no embedded newlines).
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// One row of a MANIFEST.csv: path and the counts by the corpus' rule.
pub struct ManifestRow {
    pub path: String,
    pub releases: u64,
    pub records: u64,
    pub ocids: u64,
}

/// The rows of `data/MANIFEST.csv`.
pub fn manifest(shared: &std::path::Path) -> Vec<ManifestRow> {
    let text = std::fs::read_to_string(shared.join("data/MANIFEST.csv")).expect("MANIFEST.csv");
    let mut lines = text.lines();
    let header = csv_fields(lines.next().expect("header"));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (path, releases, records, ocids) = (col("path"), col("releases"), col("records"), col("ocids"));
    lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            let f = csv_fields(line);
            let n = |i: usize| f[i].parse::<u64>().unwrap_or(0);
            ManifestRow { path: f[path].clone(), releases: n(releases), records: n(records), ocids: n(ocids) }
        })
        .collect()
}

/// Asserts that `schemas/{file}` holds `schema` as written by the tests (pretty JSON and a final
/// newline); with `EDCA_WRITE_SCHEMAS` set, writes it first. `test` names the test target that
/// rewrites it, for the message.
pub fn assert_schema_file_current(file: &str, schema: &serde_json::Value, test: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas").join(file);
    let expected = serde_json::to_string_pretty(schema).unwrap() + "\n";
    if std::env::var_os("EDCA_WRITE_SCHEMAS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(written == expected, "schemas/{file} is stale: run EDCA_WRITE_SCHEMAS=1 cargo test -p edca --test {test}");
}
