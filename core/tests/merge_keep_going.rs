//! The compile facade (`merge::Compilation`) that the CLI and the bindings call: one result per
//! process in input order, findings as data, pointers that resolve in the input file.
//! What decides: the input file itself (each pointer is looked up in the parsed file), compiling
//! the good processes alone, and the reference's refusals as `merge_errors.rs` pins them.

use edca::Lang;
use edca::diagnostic::Severity;
use edca::io::Source;
use edca::merge::{Compilation, CompileError, CompileOptions, Output, OutputForm, Processed};
use serde_json::{Value, json};

fn release(ocid: &str, id: &str, date: &str, tender: Value) -> Value {
    json!({"ocid": ocid, "id": id, "date": date, "tag": ["tender"], "tender": tender})
}

/// Three good processes and one that cannot be merged (text, then an object), in a package.
fn package() -> Value {
    json!({"uri": "u", "version": "1.1", "publishedDate": "2024-03-01T00:00:00Z", "releases": [
        release("a", "1", "2024-01-01", json!({"title": "t"})),
        release("bad", "1", "2024-01-01", json!("x")),
        release("b", "1", "2024-01-01", json!({"title": "t"})),
        release("bad", "2", "2024-02-01", json!({"title": "t"})),
        release("c", "1", "2024-01-01", json!({"title": "t"})),
        release("a", "2", "2024-02-01", json!({"status": "complete"})),
    ]})
}

fn run(options: CompileOptions, name: &str, text: String) -> (Vec<Processed>, Compilation) {
    let mut compilation = Compilation::new(options);
    compilation.read(Source::from_bytes(name.to_owned(), text).unwrap()).unwrap();
    let mut all = Vec::new();
    compilation
        .each(|processed| {
            all.push(processed);
            Ok::<(), CompileError>(())
        })
        .unwrap();
    (all, compilation)
}

#[test]
fn a_result_per_process_in_input_order_with_the_error_placed_in_the_file() {
    let package = package();
    let (processed, compilation) =
        run(CompileOptions::default(), "package.json", serde_json::to_string_pretty(&package).unwrap());
    let ocids: Vec<&str> = processed.iter().map(|p| p.ocid.as_str()).collect();
    assert_eq!(ocids, ["a", "bad", "b", "c"]);
    let error = processed[1].output.as_ref().unwrap_err();
    assert_eq!(error.code, "merge.inconsistent_type");
    assert_eq!(error.severity, Severity::Error);
    assert_eq!((error.ocid.as_deref(), error.release_id.as_deref()), (Some("bad"), Some("2")));
    assert_eq!(error.file.as_deref(), Some("package.json"));
    assert_eq!(error.pointer, "/releases/3/tender");
    assert_eq!(package.pointer(&error.pointer), Some(&json!({"title": "t"})), "resolves in the file");
    assert!(error.message(Lang::Es).contains("cambia de tipo"));
    assert!(error.message(Lang::En).contains("changes type"));
    assert!(!error.message(Lang::En).contains("bad"), "the ocid is a field, not repeated in the message");
    for good in [0, 2, 3] {
        assert!(matches!(processed[good].output, Ok(Output::Json(_))));
    }
    let diagnostics = compilation.diagnostics();
    assert_eq!(diagnostics.errors(), 1);
    // The good processes are what they are without the bad one.
    let mut alone = package.clone();
    alone["releases"].as_array_mut().unwrap().retain(|r| r["ocid"] != "bad");
    let (expected, _) = run(CompileOptions::default(), "alone.json", alone.to_string());
    let texts = |all: &[Processed]| -> Vec<String> {
        all.iter()
            .filter_map(|p| match &p.output {
                Ok(Output::Json(json)) => Some(json.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(texts(&processed), texts(&expected));
}

#[test]
fn json_lines_pointers_are_inside_the_line_value() {
    let lines = [
        release("bad", "1", "2024-01-01", json!("x")),
        json!({"ocid": "ok", "id": "1", "date": "2024-01-01", "awards": [{"id": 1}, {"id": "1"}]}),
        release("bad", "2", "2024-02-01", json!({"title": "t"})),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let (processed, compilation) = run(CompileOptions::default(), "feed.jsonl", text);
    let error = processed[0].output.as_ref().unwrap_err();
    assert_eq!((error.line, error.pointer.as_str()), (3, "/tender"));
    assert_eq!(lines[2].pointer(&error.pointer), Some(&json!({"title": "t"})));
    let warning = &processed[1].warnings[0];
    assert_eq!((warning.code.as_str(), warning.line, warning.pointer.as_str()), ("merge.duplicate_id", 2, "/awards"));
    assert!(lines[1].pointer(&warning.pointer).is_some_and(Value::is_array));
    assert_eq!(compilation.diagnostics().warnings(), 1);
}

#[test]
fn releases_that_cannot_be_compiled_are_findings_and_cost_only_themselves() {
    let text = [
        json!({"ocid": 7, "id": "1", "date": "2024-01-01"}).to_string(),
        json!({"ocid": "nodate", "id": "1"}).to_string(),
        json!({"ocid": "ok", "id": "1", "date": "2024-01-01"}).to_string(),
        json!({"ocid": "record", "releases": [5]}).to_string(),
    ]
    .join("\n");
    let (processed, compilation) = run(CompileOptions::default(), "feed.jsonl", text);
    assert_eq!(processed.len(), 1);
    let diagnostics = compilation.diagnostics();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["compile.no_ocid", "compile.no_date", "compile.not_an_object"], "{diagnostics:?}");
    let no_ocid = diagnostics.iter().next().unwrap();
    assert_eq!((no_ocid.line, no_ocid.value.as_deref()), (1, Some("7")));
    let not_object = diagnostics.iter().nth(2).unwrap();
    assert_eq!((not_object.line, not_object.pointer.as_str()), (4, "/releases/0"), "inside the record");
    assert_eq!(diagnostics.errors(), 3);
}

#[test]
fn fail_fast_stops_reading_at_the_first_bad_release() {
    let text = [json!({"ocid": "ok", "id": "1", "date": "2024-01-01"}), json!({"ocid": 5, "date": "2024-01-01"})]
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    let mut compilation = Compilation::new(CompileOptions { fail_fast: true, ..CompileOptions::default() });
    match compilation.read(Source::from_bytes("f.jsonl", text).unwrap()) {
        Err(CompileError::Process(diagnostic)) => {
            assert_eq!((diagnostic.code.as_str(), diagnostic.line), ("compile.no_ocid", 2))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn values_records_and_same_date_warnings() {
    let text = [
        release("tie", "a", "2024-01-01", json!({"status": "active"})),
        release("tie", "b", "2024-01-01", json!({"status": "complete"})),
    ]
    .iter()
    .map(Value::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    let options = CompileOptions { output: OutputForm::Value, package: true, ..CompileOptions::default() };
    let (processed, _) = run(options, "f.jsonl", text);
    let Ok(Output::Value(record)) = &processed[0].output else { panic!("{:?}", processed[0].output) };
    assert_eq!(record["compiledRelease"]["tender"]["status"], "complete", "input order decides");
    let warning = &processed[0].warnings[0];
    assert_eq!((warning.code.as_str(), warning.release_id.as_deref()), ("merge.same_date", Some("b")));
    assert_eq!(warning.pointer, "/date");
    assert!(warning.message(Lang::En).contains("2 releases have the same `date`"));
}

#[test]
fn a_bad_schema_is_an_error_not_a_panic() {
    let options = CompileOptions {
        rules: edca::merge::RulesChoice::Schema(json!({"properties": {"a": {"$ref": "#/definitions/missing"}}})),
        ..CompileOptions::default()
    };
    let mut compilation = Compilation::new(options);
    let read = compilation.read(Source::from_bytes("f.json", r#"{"ocid":"a","date":"x"}"#).unwrap());
    assert!(matches!(read, Err(CompileError::Rules(_))), "{read:?}");
}
