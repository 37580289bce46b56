//! `edca::publish`: layout, gate, lock, incremental runs equal to cold runs, and the names of
//! dangerous ocids. Each test says what decides it.

use edca::publish::config::{Gate, GateSeverity, Hold};
use edca::publish::store::{Layout, Lock};
use edca::publish::{Config, Input, Options, Publisher, names};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-12-03T12:00:00Z";

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edca-publish-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A valid EDCA-MX-ish release (no schema errors), and a bad one (a date that is no date).
fn release(ocid: &str, id: &str, date: &str, amount: u32) -> Value {
    json!({
        "ocid": ocid, "id": id, "date": date, "tag": ["contract"], "initiationType": "tender",
        "buyer": {"id": "MX-MUN-1", "name": "Municipio (inventado)"},
        "tender": {"id": "T1", "status": "complete", "value": {"amount": amount, "currency": "MXN"}},
        "contracts": [{"id": "C1", "awardID": "A1", "status": "active", "value": {"amount": amount, "currency": "MXN"}}]
    })
}

fn lines(releases: &[Value]) -> String {
    releases.iter().map(|r| format!("{r}\n")).collect()
}

fn publisher(out: &Path, gate: Gate) -> Publisher {
    publisher_with(out, gate, false)
}

/// With `site`, the portal pages too (`[site] enabled = true`).
fn publisher_with(out: &Path, gate: Gate, site: bool) -> Publisher {
    let mut config = Config { gate, ..Config::default() };
    config.site.enabled = site;
    config.publisher.name = "Municipio de prueba (inventado)".into();
    config.package.uri_prefix = "https://example.org/edca/".into();
    config.package.license = Some("https://creativecommons.org/licenses/by/4.0/".into());
    Publisher::new(config, Options { out: out.to_owned(), now: Some(NOW.into()) }).unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Decided by index.json's own definition: every file it lists exists with that size and
/// SHA-256, and every file of the generation is listed (index.json aside).
fn check_index(current: &Path) -> Value {
    use sha2::Digest;
    let index = read_json(&current.join("index.json"));
    let files = tree(current);
    let listed: Vec<&str> = index["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    for entry in index["files"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap();
        let bytes = files.get(path).unwrap_or_else(|| panic!("{path} is listed but absent"));
        assert_eq!(entry["bytes"].as_u64().unwrap(), bytes.len() as u64, "{path}");
        let hex: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(entry["sha256"].as_str().unwrap(), hex, "{path}");
    }
    for path in files.keys().filter(|p| *p != "index.json") {
        assert!(listed.contains(&path.as_str()), "{path} is not listed");
    }
    index
}

/// Decided by the layout of the module documentation and the OCDS package shapes.
#[test]
fn a_cold_run_writes_the_layout() {
    let dir = temp("layout");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        lines(&[
            release("ocds-a-1", "1", "2024-01-01T00:00:00Z", 10),
            release("ocds-a-1", "2", "2024-02-01T00:00:00Z", 12),
            release("OCDS-A-2", "1", "2024-03-01T00:00:00Z", 5),
        ]),
    )
    .unwrap();
    let out = dir.join("pub");
    let summary = publisher(&out, Gate::default()).publish(&[Input::Path(input)]).unwrap();
    assert_eq!((summary.processes, summary.releases, summary.held_releases, summary.generation), (2, 3, 0, 1));
    assert_eq!(summary.amounts["MXN"].to_string(), "17");
    let current = out.join("current");
    assert_eq!(std::fs::read_link(&current).unwrap(), Path::new("generations/1"));
    let index = check_index(&current);
    assert_eq!(index["time"], NOW);
    assert_eq!(index["ocids"]["OCDS-A-2"]["record"], "records/_o_c_d_s-_a-2.json");
    let record = read_json(&current.join("records/ocds-a-1.json"));
    assert_eq!(record["compiledRelease"]["contracts"][0]["value"]["amount"], 12);
    assert_eq!(record["releases"].as_array().unwrap().len(), 2);
    assert!(record["versionedRelease"].is_object());
    let package = read_json(&current.join("release-packages/ocid/ocds-a-1.json"));
    assert_eq!(package["uri"], "https://example.org/edca/release-packages/ocid/ocds-a-1.json");
    assert_eq!(package["publisher"]["name"], "Municipio de prueba (inventado)");
    assert_eq!(package["publishedDate"], "2024-02-01T00:00:00Z");
    assert_eq!(package["license"], "https://creativecommons.org/licenses/by/4.0/");
    let records = read_json(&current.join("record-package.json"));
    let ocids: Vec<&str> = records["records"].as_array().unwrap().iter().map(|r| r["ocid"].as_str().unwrap()).collect();
    assert_eq!(ocids, ["OCDS-A-2", "ocds-a-1"]);
    assert_eq!(records["publishedDate"], NOW);
    assert_eq!(read_json(&current.join("release-packages/run-1.json"))["releases"].as_array().unwrap().len(), 3);
    assert_eq!(read_json(&current.join("indices.json"))["meta"]["processes"], 2);
    assert!(read_json(&current.join("validation.json"))["valid"].as_bool().unwrap());
    assert!(std::fs::read_to_string(current.join("validation.en.txt")).unwrap().starts_with("VALID"));
    assert!(std::fs::read_to_string(current.join("validation.es.txt")).unwrap().starts_with("VÁLIDO"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Decided by the gate's definition: a schema error (a date that is no date-time) holds the
/// process (hold = ocid) or the release only (hold = release); reasons in both languages.
#[test]
fn the_gate_holds_the_process_or_the_release() {
    let dir = temp("gate");
    let input = dir.join("in.jsonl");
    let mut bad = release("ocds-b-1", "2", "2024-02-01T00:00:00Z", 12);
    bad["contracts"][0]["dateSigned"] = json!("ayer");
    std::fs::write(
        &input,
        lines(&[
            release("ocds-b-1", "1", "2024-01-01T00:00:00Z", 10),
            bad,
            release("ocds-b-2", "1", "2024-01-01T00:00:00Z", 3),
        ]),
    )
    .unwrap();
    for (hold, published, records) in [(Hold::Ocid, 1, 1), (Hold::Release, 2, 2)] {
        let out = dir.join(format!("{hold:?}"));
        let gate = Gate { severity: GateSeverity::Error, hold };
        let summary = publisher(&out, gate).publish(&[Input::Path(input.clone())]).unwrap();
        let current = out.join("current");
        check_index(&current);
        assert_eq!(summary.held_processes, 1);
        assert_eq!(summary.processes, records);
        assert_eq!(summary.releases, published);
        let held = read_json(&current.join("held.json"));
        let process = &held["processes"][0];
        assert_eq!(process["ocid"], "ocds-b-1");
        let bad = process["releases"].as_array().unwrap().iter().find(|r| r["id"] == "2").unwrap();
        assert_eq!(bad["line"], 2);
        let reason = &bad["reasons"][0];
        assert_eq!(reason["code"], "schema.format");
        assert_eq!(reason["pointer"], "/contracts/0/dateSigned");
        assert!(reason["message_es"].as_str().unwrap().contains("formato"));
        assert!(reason["message_en"].as_str().unwrap().contains("format"));
        let record = current.join("records/ocds-b-1.json");
        match hold {
            Hold::Ocid => {
                assert_eq!(process["whole"], true);
                assert_eq!(process["releases"].as_array().unwrap().len(), 2);
                assert!(!record.exists());
            }
            Hold::Release => {
                assert_eq!(process["whole"], false);
                assert_eq!(read_json(&record)["releases"].as_array().unwrap().len(), 1);
            }
        }
        let text = std::fs::read_to_string(current.join("validation.en.txt")).unwrap();
        assert!(text.contains("== Held back: 1 processes") && text.contains("ocds-b-1"), "{text}");
        assert!(std::fs::read_to_string(current.join("validation.es.txt")).unwrap().contains("== Retenido"));
    }
    // severity = none holds nothing for findings.
    let out = dir.join("none");
    let summary = publisher(&out, Gate { severity: GateSeverity::None, hold: Hold::Ocid })
        .publish(&[Input::Path(input)])
        .unwrap();
    assert_eq!((summary.held_releases, summary.releases), (0, 3));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Decided by the incremental guarantee: a re-run after new releases gives the bytes of a cold
/// run on the same inputs (same time), apart from the run package, the generation number and
/// the index's entry for the run package; unchanged processes are hard links to the previous
/// generation's files, changed ones are new files.
#[test]
fn an_incremental_run_equals_a_cold_run() {
    let dir = temp("incremental");
    let first = dir.join("a.jsonl");
    let second = dir.join("b.jsonl");
    let mut old = Vec::new();
    for n in 0..30 {
        old.push(release(&format!("ocds-c-{n}"), "1", "2024-01-01T00:00:00Z", n));
    }
    std::fs::write(&first, lines(&old)).unwrap();
    std::fs::write(
        &second,
        lines(&[
            release("ocds-c-3", "2", "2024-05-01T00:00:00Z", 99),
            release("ocds-c-new", "1", "2024-05-02T00:00:00Z", 7),
        ]),
    )
    .unwrap();
    let out = dir.join("inc");
    let p = publisher_with(&out, Gate::default(), true);
    let one = p.publish(&[Input::Path(first.clone())]).unwrap();
    assert_eq!((one.rewritten, one.reused), (30, 0));
    let two = p.publish(&[Input::Path(first.clone()), Input::Path(second.clone())]).unwrap();
    assert_eq!((two.rewritten, two.reused, two.new_releases, two.generation), (2, 29, 2, 2));
    let cold_out = dir.join("cold");
    let cold =
        publisher_with(&cold_out, Gate::default(), true).publish(&[Input::Path(first), Input::Path(second)]).unwrap();
    assert_eq!(cold.generation, 1);
    let mut inc = tree(&out.join("current"));
    let mut cold_tree = tree(&cold_out.join("current"));
    let run_inc = inc.remove("release-packages/run-2.json").unwrap();
    let run_cold = cold_tree.remove("release-packages/run-1.json").unwrap();
    assert_eq!(read_json_bytes(&run_inc)["releases"].as_array().unwrap().len(), 2);
    assert_eq!(read_json_bytes(&run_cold)["releases"].as_array().unwrap().len(), 32);
    let strip = |index: Vec<u8>| {
        let mut index = read_json_bytes(&index);
        index.as_object_mut().unwrap().remove("generation");
        index["counts"].as_object_mut().unwrap().remove("newReleases");
        index["files"]
            .as_array_mut()
            .unwrap()
            .retain(|f| !f["path"].as_str().unwrap().starts_with("release-packages/run-"));
        index
    };
    assert_eq!(strip(inc.remove("index.json").unwrap()), strip(cold_tree.remove("index.json").unwrap()));
    assert_eq!(inc.keys().collect::<Vec<_>>(), cold_tree.keys().collect::<Vec<_>>());
    for (path, bytes) in &inc {
        assert!(bytes == &cold_tree[path], "{path} differs from the cold run");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ino = |g: u64, rel: &str| std::fs::metadata(out.join(format!("generations/{g}/{rel}"))).unwrap().ino();
        assert_eq!(ino(1, "records/ocds-c-5.json"), ino(2, "records/ocds-c-5.json"));
        assert_ne!(ino(1, "records/ocds-c-3.json"), ino(2, "records/ocds-c-3.json"));
    }
    // A third run keeps two generations.
    p.publish(&[Input::Path(dir.join("a.jsonl"))]).unwrap();
    assert_eq!(Layout { root: out.clone() }.on_disk(), [2, 3]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Decided by the site's contract (every figure a `<data data-src>` of indices.json) and by
/// index.json's: the pages are files of the generation, listed with their SHA-256; a page per
/// published process, whose JSON link resolves to its record; none for a held process.
#[test]
fn the_portal_pages_are_part_of_the_generation() {
    let dir = temp("site");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        lines(&[
            release("ocds-s-1", "1", "2024-01-01T00:00:00Z", 10),
            release("ocds-s-2", "1", "2024-03-01T00:00:00Z", 5),
            release("ocds-s-held", "1", "no es fecha", 5),
        ]),
    )
    .unwrap();
    let out = dir.join("pub");
    let summary = publisher_with(&out, Gate::default(), true).publish(&[Input::Path(input)]).unwrap();
    assert_eq!((summary.processes, summary.held_processes), (2, 1));
    let current = out.join("current");
    let index = check_index(&current);
    let site_files =
        index["files"].as_array().unwrap().iter().filter(|f| f["path"].as_str().unwrap().starts_with("site/"));
    assert_eq!(Some(site_files.count() as u64), summary.site_pages);
    let indices = read_json(&current.join("indices.json"));
    let home = std::fs::read_to_string(current.join("site/index.html")).unwrap();
    let mut figures = 0;
    for piece in home.split("<data ").skip(1) {
        let attribute = |name: &str| piece.split(&format!("{name}=\"")).nth(1).and_then(|r| r.split('"').next());
        let (Some(value), Some(pointer)) = (attribute("value"), attribute("data-src")) else { continue };
        let expected = indices.pointer(pointer).and_then(Value::as_f64).unwrap_or_else(|| panic!("{pointer}"));
        assert_eq!(value.parse::<f64>().unwrap(), expected, "{pointer}");
        figures += 1;
    }
    assert!(figures > 5, "{figures} figures on the home page");
    assert!(home.contains("Municipio de prueba (inventado)"), "the publisher names the portal");
    for ocid in ["ocds-s-1", "ocds-s-2"] {
        let page = current.join(format!("site/p/{}.html", edca::site::page_name(ocid)));
        let html = std::fs::read_to_string(&page).unwrap();
        let href = html.split("href=\"").map(|r| r.split('"').next().unwrap()).find(|h| h.ends_with(".json")).unwrap();
        let record = read_json(&page.parent().unwrap().join(href));
        assert_eq!(record["ocid"], ocid, "{href}");
    }
    assert!(!current.join(format!("site/p/{}.html", edca::site::page_name("ocds-s-held"))).exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn read_json_bytes(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// Decided by the lock's definition: a held lock stops a second run with `publish.lock` and
/// leaves the publication as it was; a lock file whose holder is gone is taken over.
#[test]
fn the_lock_stops_a_second_writer() {
    let dir = temp("lock");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, lines(&[release("ocds-d-1", "1", "2024-01-01T00:00:00Z", 1)])).unwrap();
    let out = dir.join("pub");
    let p = publisher(&out, Gate::default());
    p.publish(&[Input::Path(input.clone())]).unwrap();
    let held = Lock::acquire(&Layout { root: out.clone() }).unwrap();
    let error = p.publish(&[Input::Path(input.clone())]).unwrap_err();
    assert_eq!(error.code(), "publish.lock");
    assert!(error.message(edca::Lang::Es).contains("otro edca publish"));
    assert!(error.message(edca::Lang::En).contains(&std::process::id().to_string()));
    assert_eq!(Layout { root: out.clone() }.current(), Some(1));
    drop(held);
    // A lock file left by a process that no longer exists (no flock on it): taken over.
    std::fs::write(out.join(".edca/lock"), "999999999\n").unwrap();
    assert_eq!(p.publish(&[Input::Path(input)]).unwrap().generation, 2);
    assert_eq!(std::fs::read_to_string(out.join(".edca/lock")).unwrap().trim(), std::process::id().to_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Decided by the names' rules (module documentation): the dangerous ocids of issue 14 are
/// published inside DIR, each under its own file, and the index maps them back.
#[test]
fn dangerous_ocids_stay_inside_the_publication() {
    let dir = temp("names");
    let long = format!("ocds-{}", "x".repeat(300));
    let ocids = ["../../etc/x", "/abs", "CON", "con", "a:b", "Case", "case", "CASE", "año-ñ", long.as_str()];
    let releases: Vec<Value> = ocids.iter().map(|o| release(o, "1", "2024-01-01T00:00:00Z", 1)).collect();
    let input = dir.join("in.jsonl");
    std::fs::write(&input, lines(&releases)).unwrap();
    let out = dir.join("pub");
    let summary = publisher(&out, Gate::default()).publish(&[Input::Path(input)]).unwrap();
    assert_eq!(summary.processes, ocids.len() as u64);
    let current = out.join("current");
    let index = check_index(&current);
    let mut lower = std::collections::HashSet::new();
    for ocid in ocids {
        let path = index["ocids"][ocid]["record"].as_str().unwrap();
        assert_eq!(path, format!("records/{}.json", names::encode(ocid)));
        let name = path.strip_prefix("records/").unwrap().strip_suffix(".json").unwrap();
        assert_eq!(names::decode(name).as_deref(), Some(ocid));
        assert!(path.split('/').all(|p| !p.is_empty() && p != ".." && p.len() <= 255), "{path}");
        assert!(lower.insert(path.to_lowercase()), "{path} collides on a case-insensitive disk");
        assert_eq!(read_json(&current.join(path))["ocid"], ocid);
    }
    // Nothing was written outside DIR.
    assert!(!dir.join("etc").exists() && !Path::new("/abs.json").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
