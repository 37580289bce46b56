//! Every fixture of the reference implementation (`../shared/fixtures/ocds-merge/`), compiled and
//! versioned, by both engines, compared as parsed JSON and in member order (the fixtures' order
//! is the reference's: checked with ocdsmerge 0.8.0).

use std::fs;
use std::path::{Path, PathBuf};

use edca::merge::{ArrayStrategy, Merged, Merger};
use serde_json::Value;

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared not found");
        None
    }
}

fn load(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Same members in the same order, recursively, and equal values.
fn same_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, v), (l, w))| k == l && same_order(v, w))
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_order(v, w)),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn check(label: &str, got: &Merged, want: &Value) {
    assert!(
        same_order(&got.release, want),
        "{label}\n got: {}\nwant: {}",
        serde_json::to_string(&got.release).unwrap(),
        serde_json::to_string(want).unwrap()
    );
}

/// Runs one case through both engines.
fn case(merger: &Merger, label: &str, releases: &[Value], versioned: bool, want: &Value) {
    let (fast, reference) = if versioned {
        (merger.versioned(releases), merger.versioned_reference(releases))
    } else {
        (merger.compile(releases), merger.compile_reference(releases))
    };
    let fast = fast.unwrap_or_else(|e| panic!("{label}: {e}"));
    let reference = reference.unwrap_or_else(|e| panic!("{label} (reference model): {e}"));
    check(label, &fast, want);
    let text = if versioned { merger.versioned_json(releases) } else { merger.compile_json(releases) };
    let text = text.unwrap_or_else(|e| panic!("{label} (json): {e}"));
    assert_eq!(text.json, serde_json::to_string(&fast.release).unwrap(), "{label}: JSON text");
    assert_eq!(text.warnings, fast.warnings, "{label}: JSON text warnings");
    check(&format!("{label} (reference model)"), &reference, want);
    assert_eq!(fast.warnings, reference.warnings, "{label}: warnings");
    assert!(merger.is_fast(releases, versioned).unwrap(), "{label}: the fast engine should not fall back");
}

#[test]
fn every_fixture_compiled_and_versioned() {
    let Some(shared) = shared() else {
        return;
    };
    let root = shared.join("fixtures/ocds-merge");
    let mut cases = 0;
    for (dir, schema) in
        [("1.1", "release-schema-1__1__4.json"), ("1.0", "release-schema-1__0__3.json"), ("schema", "schema.json")]
    {
        let merger = Merger::from_schema(&load(&root.join(schema))).unwrap();
        let mut names: Vec<String> = fs::read_dir(root.join(dir))
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
            .filter(|n| !["-compiled", "-versioned", "-append", "-by-position"].iter().any(|s| n.ends_with(s)))
            .collect();
        names.sort();
        assert!(!names.is_empty(), "no fixtures in {dir}");
        for name in names {
            let releases = load(&root.join(dir).join(format!("{name}.json")));
            let releases = releases.as_array().expect("a fixture is an array of releases");
            let mut found = 0;
            for (kind, versioned) in [("compiled", false), ("versioned", true)] {
                let expected = root.join(dir).join(format!("{name}-{kind}.json"));
                if expected.exists() {
                    case(&merger, &format!("{dir}/{name} {kind}"), releases, versioned, &load(&expected));
                    found += 1;
                }
            }
            // identifier-merge-no-id has only an expected output with the append override (below).
            assert!(found > 0 || name == "identifier-merge-no-id", "{dir}/{name}: no expected output");
            cases += found;
        }
    }
    assert_eq!(cases, 50, "number of fixture cases");
}

#[test]
fn rule_overrides_append_and_by_position() {
    let Some(shared) = shared() else {
        return;
    };
    let root = shared.join("fixtures/ocds-merge/schema");
    let schema = load(&root.join("../schema.json"));
    let twice = |name: &str| {
        let once = load(&root.join(name));
        let mut releases = once.as_array().unwrap().clone();
        releases.extend(once.as_array().unwrap().iter().cloned());
        releases
    };
    let duplicate = twice("identifier-merge-duplicate-id.json");
    let no_id = twice("identifier-merge-no-id.json");
    let runs = [
        (ArrayStrategy::Append, &duplicate, "identifier-merge-duplicate-id-append.json"),
        (ArrayStrategy::ByPosition, &duplicate, "identifier-merge-duplicate-id-by-position.json"),
        (ArrayStrategy::Append, &no_id, "identifier-merge-no-id-append.json"),
    ];
    for (strategy, releases, expected) in runs {
        let merger = Merger::from_schema(&schema).unwrap().with_strategy(["nested", "array"], strategy);
        case(&merger, expected, releases, false, &load(&root.join(expected)));
        let warnings = merger.compile(releases.iter()).unwrap().warnings.len();
        // Two duplicate-id warnings per copy of the release (`identifierMerge`, `array`); none without ids.
        assert_eq!(warnings, if releases == &no_id { 0 } else { 4 }, "{expected}");
    }
}
