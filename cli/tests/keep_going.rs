//! `edca compile` and `edca indices` go on past what cannot be read or merged: every other
//! process is written, each problem is reported once, the exit status is 1 at the end.
//! What decides: compiling the good processes alone (the same output, byte for byte), and the
//! reference's refusals as `core/tests/merge_errors.rs` pins them (a field that is text in one
//! release and an object in a later one cannot be merged, compiled or versioned).

mod common;

use common::edca;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Two mergeable releases of process `ocid`.
fn good(ocid: &str) -> Vec<String> {
    vec![
        json!({"ocid": ocid, "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "t"}})
            .to_string(),
        json!({"ocid": ocid, "id": "2", "date": "2024-02-01T00:00:00Z", "tag": ["award"], "tender": {"status": "complete"}})
            .to_string(),
    ]
}

/// Two releases of `ocid` that the reference refuses to merge: `tender` is text, then an object.
fn bad(ocid: &str) -> Vec<String> {
    vec![
        json!({"ocid": ocid, "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"], "tender": "x"}).to_string(),
        json!({"ocid": ocid, "id": "2", "date": "2024-02-01T00:00:00Z", "tag": ["award"], "tender": {"title": "t"}})
            .to_string(),
    ]
}

fn jsonl(lines: &[String]) -> Vec<u8> {
    lines.iter().flat_map(|l| format!("{l}\n").into_bytes()).collect()
}

/// A stream with unmergeable processes at the start, in the middle and at the end, and the same
/// stream without them.
fn streams() -> (Vec<u8>, Vec<u8>) {
    let mut all = bad("bad-start");
    let mut good_only = Vec::new();
    for n in 0..10 {
        if n == 5 {
            all.extend(bad("bad-middle"));
        }
        all.extend(good(&format!("good-{n}")));
        good_only.extend(good(&format!("good-{n}")));
    }
    all.extend(bad("bad-end"));
    (jsonl(&all), jsonl(&good_only))
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_other_process_is_written_and_each_error_reported_once() {
    let (all, good_only) = streams();
    for extra in [&[][..], &["--versioned"][..], &["--package"][..]] {
        let args: Vec<&str> =
            ["compile", "--warnings", "all", "--lang", "en"].iter().copied().chain(extra.iter().copied()).collect();
        let expected = edca(&args, &good_only);
        assert!(expected.status.success(), "{}", stderr(&expected));
        let got = edca(&args, &all);
        assert_eq!(got.status.code(), Some(1), "{extra:?}: {}", stderr(&got));
        assert_eq!(got.stdout, expected.stdout, "{extra:?}: the good processes, as compiled alone");
        let text = stderr(&got);
        for ocid in ["bad-start", "bad-middle", "bad-end"] {
            let lines = text.lines().filter(|l| l.contains(&format!("ocid {ocid},"))).count();
            assert_eq!(lines, 1, "{extra:?}: {ocid} reported once:\n{text}");
        }
        assert!(text.contains("[merge.inconsistent_type]"), "{text}");
        assert!(text.trim_end().ends_with("edca: 3 processes could not be merged"), "{text}");
    }
}

#[test]
fn fail_fast_stops_at_the_first() {
    let mut stream = Vec::new();
    for n in 0..4 {
        stream.extend(good(&format!("good-{n}")));
    }
    stream.extend(bad("bad-1"));
    stream.extend(good("good-4"));
    stream.extend(bad("bad-2"));
    let out = edca(&["compile", "--fail-fast", "--lang", "en"], &jsonl(&stream));
    assert_eq!(out.status.code(), Some(1));
    let written: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ocids: Vec<&str> = written.iter().map(|r| r["ocid"].as_str().unwrap()).collect();
    assert_eq!(ocids, ["good-0", "good-1", "good-2", "good-3"], "the processes before the first error");
    let text = stderr(&out);
    assert!(text.contains("bad-1") && !text.contains("bad-2"), "{text}");
    // In indices too.
    let out = edca(&["indices", "--fail-fast"], &jsonl(&stream));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no report when stopped");
}

#[test]
fn a_release_that_cannot_be_read_or_compiled_costs_only_itself() {
    let digits = "9".repeat(10_000);
    let mut lines = good("good-0");
    lines.push(format!(
        r#"{{"ocid": "huge", "id": "1", "date": "2024-01-01T00:00:00Z", "tender": {{"value": {{"amount": {digits}e999}}}}}}"#
    ));
    lines.extend(good("good-1"));
    lines.push(r#"{"ocid": 12345, "id": "7", "date": "2024-01-01T00:00:00Z"}"#.to_owned());
    lines.push(r#"{"ocid": "no-date", "id": "1"}"#.to_owned());
    lines.extend(good("good-2"));
    let out = edca(&["compile", "--warnings", "all", "--lang", "en"], &jsonl(&lines));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let ocids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["ocid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ocids, ["good-0", "good-1", "good-2"]);
    let text = stderr(&out);
    assert!(text.len() < 2_000, "long values are shortened: {} bytes", text.len());
    assert!(text.contains("<stdin>:3"), "the huge number's line: {text}");
    assert!(text.contains("<stdin>:6") && text.contains("[compile.no_ocid]") && text.contains("12345"), "{text}");
    assert!(text.contains("<stdin>:7") && text.contains("[compile.no_date]"), "{text}");
    assert!(text.contains("3 values could not be read or compiled and were left out"), "{text}");
}

#[test]
fn warnings_summary_all_and_quiet() {
    let lines: Vec<String> = (0..20)
        .map(|n| {
            json!({"ocid": format!("p{n}"), "id": "1", "date": "2024-01-01T00:00:00Z",
                   "awards": [{"id": "1", "title": "x"}, {"id": "1", "title": "y"}]})
            .to_string()
        })
        .collect();
    let input = jsonl(&lines);
    let summary = edca(&["compile", "--lang", "en"], &input);
    assert!(summary.status.success(), "warnings do not fail the run");
    let text = stderr(&summary);
    assert!(text.starts_with("warning [merge.duplicate_id] at /awards: 20 times\n"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("  <stdin>:")).count(), 3, "three examples: {text}");
    assert!(text.contains("… and 17 more"), "{text}");
    let all = edca(&["compile", "--warnings", "all", "--lang", "en"], &input);
    let text = stderr(&all);
    assert_eq!(text.lines().count(), 20, "{text}");
    assert!(text.lines().all(|l| l.contains("[merge.duplicate_id]")), "{text}");
    assert!(text.contains("<stdin>:5:1: at /awards: warning [merge.duplicate_id]: ocid p4, release 1:"), "{text}");
    let quiet = edca(&["compile", "--quiet"], &input);
    assert!(quiet.status.success() && quiet.stderr.is_empty());
    assert_eq!(quiet.stdout, summary.stdout);
}

#[test]
fn messages_in_spanish_by_default_and_in_english() {
    let (all, _) = streams();
    let es = stderr(&edca(&["compile"], &all));
    assert!(es.contains("edca: 3 procesos no se pudieron combinar"), "{es}");
    assert!(es.contains("este campo cambia de tipo entre entregas"), "{es}");
    let en = stderr(&edca(&["compile", "--lang", "en"], &all));
    assert!(en.contains("this field changes type between releases"), "{en}");
}

#[test]
fn same_date_names_the_process() {
    let lines = vec![
        json!({"ocid": "tie", "id": "a", "date": "2024-01-01T00:00:00Z", "tender": {"status": "active"}}).to_string(),
        json!({"ocid": "tie", "id": "b", "date": "2024-01-01T00:00:00Z", "tender": {"status": "complete"}}).to_string(),
        json!({"ocid": "fine", "id": "a", "date": "2024-01-01T00:00:00Z"}).to_string(),
        json!({"ocid": "fine", "id": "b", "date": "2024-01-02T00:00:00Z"}).to_string(),
    ];
    let out = edca(&["compile", "--warnings", "all", "--lang", "en"], &jsonl(&lines));
    assert!(out.status.success());
    let text = stderr(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("[merge.same_date]: ocid tie, release b: 2 releases have the same `date`"), "{text}");
}

#[test]
fn merge_error_pointers_resolve_in_the_input_file() {
    let mut releases: Vec<Value> = Vec::new();
    for n in 0..3 {
        releases.extend(good(&format!("good-{n}")).iter().map(|l| serde_json::from_str::<Value>(l).unwrap()));
    }
    releases.extend(bad("bad").iter().map(|l| serde_json::from_str::<Value>(l).unwrap()));
    let package = json!({"uri": "u", "version": "1.1", "publishedDate": "2024-03-01T00:00:00Z", "releases": releases});
    let dir = std::env::temp_dir().join(format!("edca-keep-going-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("package.json");
    std::fs::write(&file, serde_json::to_string_pretty(&package).unwrap()).unwrap();
    let out = edca(&["compile", "--warnings", "all", "--lang", "en", file.to_str().unwrap()], b"");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    let line = text.lines().find(|l| l.contains("[merge.inconsistent_type]")).expect("the error");
    let pointer = line.split(": at ").nth(1).and_then(|r| r.split(':').next()).expect("a pointer");
    assert_eq!(pointer, "/releases/7/tender");
    assert_eq!(package.pointer(pointer), Some(&json!({"title": "t"})), "the pointer resolves in the file");
}

#[test]
fn indices_leave_out_what_cannot_be_merged_or_has_no_ocid() {
    let (all, good_only) = streams();
    let mut with_bad_ocid = all.clone();
    with_bad_ocid.extend_from_slice(b"{\"ocid\": 5, \"id\": \"1\", \"date\": \"2024-01-01T00:00:00Z\"}\n");
    with_bad_ocid.extend_from_slice(b"{\"id\": \"1\", \"date\": \"2024-01-01T00:00:00Z\"}\n");
    let got = edca(&["indices", "--lang", "en"], &with_bad_ocid);
    assert_eq!(got.status.code(), Some(1), "{}", stderr(&got));
    let expected = edca(&["indices"], &good_only);
    assert!(expected.status.success());
    let report: Value = serde_json::from_slice(&got.stdout).unwrap();
    let want: Value = serde_json::from_slice(&expected.stdout).unwrap();
    assert_eq!(report["meta"]["processes"], json!(10));
    assert_eq!(report, want, "the report of the good processes alone");
    let text = stderr(&got);
    assert!(text.contains("3 processes could not be merged"), "{text}");
    assert!(text.contains("2 values could not be read or compiled"), "{text}");
}

fn shared_data() -> Option<PathBuf> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    if data.join("MANIFEST.csv").exists() {
        Some(data)
    } else {
        eprintln!("skipped: no shared corpus at {}", data.display());
        None
    }
}

/// The ocids of the releases in `path` that can be merged (a string `ocid` and a `date`),
/// read by the library's reader (tested on its own against the corpus MANIFEST). Releases of a
/// package whose `version` names no OCDS version are refused by `edca compile` (issue 18, as
/// ocdskit refuses them) and counted apart, in `refused`.
fn mergeable_ocids(path: &Path, into: &mut BTreeSet<String>, refused: &mut BTreeSet<String>) {
    let Ok(source) = edca::io::Source::open(path) else { return };
    let mut reader = edca::io::Reader::new();
    let mut pending: HashMap<edca::io::PackageId, Vec<String>> = HashMap::new();
    let _ = reader.read(source, |item| {
        let (releases, package) = match item {
            edca::io::Item::Release { release, package, .. } => (vec![release], package),
            edca::io::Item::Record { record, package, .. } => {
                (record.get("releases").and_then(Value::as_array).cloned().unwrap_or_default(), package)
            }
            edca::io::Item::Package(p) => {
                let ocids = pending.remove(&p.id).unwrap_or_default();
                match edca::io::DeclaredVersion::of(p.metadata.get("version")).known() {
                    Some(_) => into.extend(ocids),
                    None => refused.extend(ocids),
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        for release in releases {
            if let (Some(ocid), true) = (release.get("ocid").and_then(Value::as_str), release.get("date").is_some()) {
                match package {
                    Some(id) => pending.entry(id).or_default().push(ocid.to_owned()),
                    None => {
                        into.insert(ocid.to_owned());
                    }
                }
            }
        }
        Ok(())
    });
    for ocids in pending.into_values() {
        into.extend(ocids);
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "jsonl" | "ndjson" | "gz")) {
            files.push(path);
        }
    }
}

#[test]
fn the_shared_corpus_folder_writes_every_compilable_process() {
    let Some(data) = shared_data() else { return };
    let out = edca(&["compile", "--warnings", "all", "--lang", "en", data.to_str().unwrap()], b"");
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "some releases have no date: {}", &text[..text.len().min(2000)]);
    let mut written = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let release: Value = serde_json::from_str(line).unwrap();
        *written.entry(release["ocid"].as_str().unwrap().to_owned()).or_insert(0) += 1;
    }
    assert!(written.values().all(|n| *n == 1), "one output per process");
    let failed: BTreeSet<String> = text
        .lines()
        .filter(|l| l.contains("error [merge."))
        .filter_map(|l| l.split("ocid ").nth(1))
        .map(|rest| rest.split([',', ':']).next().unwrap().to_owned())
        .collect();
    let mut files = Vec::new();
    walk(&data, &mut files);
    let (mut expected, mut refused) = (BTreeSet::new(), BTreeSet::new());
    for file in &files {
        mergeable_ocids(file, &mut expected, &mut refused);
    }
    // An ocid with releases in a usable package too is expected; refused packages are reported.
    if !refused.is_subset(&expected) {
        assert!(text.contains("[compile.package_version]"), "refused packages are reported");
    }
    let written: BTreeSet<String> = written.into_keys().collect();
    assert!(written.len() > 1000, "{} processes written", written.len());
    assert!(written.is_disjoint(&failed));
    let accounted: BTreeSet<String> = written.union(&failed).cloned().collect();
    assert_eq!(accounted, expected, "every process with a mergeable release is written or reported");
}
