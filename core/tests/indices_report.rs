//! The indices report's shape: its JSON Schema file is current, and a report over the shipped
//! sample data conforms to it (decided by the `jsonschema` validator against the schema
//! generated from the report's types).

mod common;

use edca::indices::{Config, Indices, Process, Report};
use edca::io::{Item, Reader, Source};

#[test]
fn report_schema_file_is_current() {
    common::assert_schema_file_current("indices-report.schema.json", &Report::json_schema(), "indices_report");
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

/// Folding processes in batches (families side by side) gives the same report as one by one:
/// decided by comparing the two reports on the shipped Nuevo León records, read twice over
/// (so buyers and suppliers repeat across batches).
#[test]
fn batches_and_single_processes_give_the_same_report() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/nuevo-leon");
    let mut compiled = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        Reader::new()
            .read(Source::open(entry.unwrap().path()).unwrap(), |item| {
                if let Item::Record { record, .. } = item {
                    compiled.push(record["compiledRelease"].clone());
                }
                Ok(())
            })
            .unwrap();
    }
    compiled.extend(compiled.clone());
    let mut one_by_one = Indices::new(Config::default());
    compiled.iter().for_each(|c| one_by_one.add(c));
    let mut batched = Indices::new(Config::default());
    let processes: Vec<Process> = compiled.iter().filter_map(Process::new).collect();
    batched.add_processes(&processes[..2]);
    batched.add_processes(&processes[2..]);
    assert_eq!(batched.finish().to_json(), one_by_one.finish().to_json());
}
