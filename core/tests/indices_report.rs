//! The indices report's shape: its JSON Schema file is current, and a report over the shipped
//! sample data conforms to it (decided by the `jsonschema` validator against the schema
//! generated from the report's types).

use edca::indices::{Config, Indices, Report};
use edca::io::{Item, Reader, Source};

#[test]
fn report_schema_file_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/indices-report.schema.json");
    let expected = serde_json::to_string_pretty(&Report::json_schema()).unwrap() + "\n";
    if std::env::var_os("EDCA_WRITE_SCHEMAS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let written = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        written == expected,
        "schemas/indices-report.schema.json is stale: run EDCA_WRITE_SCHEMAS=1 cargo test -p edca --test indices_report"
    );
}

#[test]
fn report_on_sample_records_conforms_to_its_schema() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/nuevo-leon");
    let mut indices = Indices::new(Config::default());
    let mut reader = Reader::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        reader
            .read(Source::open(entry.unwrap().path()).unwrap(), |item| {
                if let Item::Record { record, .. } = item {
                    indices.add(&record["compiledRelease"]);
                }
                Ok(())
            })
            .unwrap();
    }
    let finished = indices.finish();
    let report = finished.to_json();
    assert_eq!(report["meta"]["processes"], 3);
    // Written straight from the typed report (as `edca indices` does) or through a JSON tree:
    // the same text.
    assert_eq!(serde_json::to_string(&finished).unwrap(), report.to_string());
    let validator = jsonschema::draft202012::new(&Report::json_schema()).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&report).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
