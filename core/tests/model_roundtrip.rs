//! Every file of the shared corpus reads into the typed model and serializes back to the same
//! JSON: same members in the same order, same values, same number text.

mod common;

use common::{csv_fields, shared};
use std::path::{Path, PathBuf};

use edca::model::{Data, Json};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The JSON Pointer of the first difference, in document order (member order counts).
fn first_difference(a: &Json, b: &Json, at: &str) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (i, ((ka, va), (kb, vb))) in x.iter().zip(y.iter()).enumerate() {
                if ka != kb {
                    return Some(format!("{at} (member {i}: {ka:?} vs {kb:?})"));
                }
                if let Some(p) = first_difference(va, vb, &format!("{at}/{}", escape(ka))) {
                    return Some(p);
                }
            }
            (x.len() != y.len()).then(|| format!("{at} ({} vs {} members)", x.len(), y.len()))
        }
        (Json::Array(x), Json::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y.iter()).enumerate() {
                if let Some(p) = first_difference(va, vb, &format!("{at}/{i}")) {
                    return Some(p);
                }
            }
            (x.len() != y.len()).then(|| format!("{at} ({} vs {} elements)", x.len(), y.len()))
        }
        (Json::Number(x), Json::Number(y)) => (x.as_str() != y.as_str()).then(|| format!("{at} ({x} vs {y})")),
        _ => (a != b).then(|| format!("{at} ({a} vs {b})")),
    }
}

#[test]
fn every_corpus_file_round_trips() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    json_files(&shared.join("data"), &mut files);
    assert!(files.len() >= 1229, "expected the 1,229 corpus files, found {}", files.len());

    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("read corpus file");
        let original: Json = serde_json::from_slice(&bytes).expect("corpus files are valid JSON");
        let data = match Data::from_slice(&bytes) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: does not read: {e}", path.display()));
                continue;
            }
        };
        let back = data.to_json().expect("model serializes");
        let same_bytes = serde_json::to_vec(&original).expect("serialize original")
            == serde_json::to_vec(&data).expect("serialize model");
        if let Some(pointer) = first_difference(&original, &back, "") {
            failures.push(format!("{}: first difference at {pointer}", path.display()));
        } else if !same_bytes {
            failures.push(format!("{}: compact bytes differ", path.display()));
        }
        // Reading through a parsed Value gives the same model.
        let again = Data::from_value(&original).expect("classify a parsed value");
        if again != data {
            failures.push(format!("{}: from_value and from_slice disagree", path.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {} files fail:\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn corpus_shapes_match_the_manifest() {
    let Some(shared) = shared() else { return };
    let manifest = std::fs::read_to_string(shared.join("data/MANIFEST.csv")).expect("manifest");
    let mut lines = manifest.lines();
    let header = csv_fields(lines.next().expect("header"));
    let column = |name: &str| header.iter().position(|h| h == name).expect("column");
    let (path_at, format_at) = (column("path"), column("format"));
    let mut checked = 0;
    for line in lines {
        let fields = csv_fields(line);
        let (path, format) = (&fields[path_at], &fields[format_at]);
        let bytes = std::fs::read(shared.join("data").join(path)).expect("manifest file exists");
        let data = Data::from_slice(&bytes).expect("reads");
        let found = match &data {
            Data::Array(items) => {
                let mut kinds: Vec<&str> = items.iter().map(Data::kind).collect();
                kinds.sort();
                kinds.dedup();
                format!("JSON array of {}", kinds.join("+"))
            }
            other => other.kind().to_owned(),
        };
        assert_eq!(&found, format, "{path}");
        checked += 1;
    }
    assert_eq!(checked, 1229);
}

#[test]
fn inai_indented_and_minified_files_are_equal_models() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("data/real/mexico/inai-edca-tool");
    let a = Data::from_slice(&std::fs::read(dir.join("inai-record-package_2.json")).expect("read")).expect("parse");
    let b = Data::from_slice(&std::fs::read(dir.join("record-package_342.json")).expect("read")).expect("parse");
    assert!(matches!(a, Data::RecordPackage(_)));
    assert_eq!(a, b);
    let records = a.records();
    assert_eq!(records.len(), 1);
    assert!(records[0].ocid().is_some_and(|o| o.starts_with("ocds-g4facg")));
}
