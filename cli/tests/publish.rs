//! `edca publish` as a process: crashes at every point of a run (the test hook
//! `EDCA_PUBLISH_CRASH_AFTER`, and real `kill -9`), the lock between two processes, `--watch`,
//! stdin, the summary and exit statuses. What decides each test: the guarantees of
//! `edca::publish` (the previous publication intact, `index.json` matching its files).

mod common;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edca-cli-publish-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn release(ocid: &str, id: &str, day: u32) -> Value {
    json!({
        "ocid": ocid, "id": id, "date": format!("2024-01-{day:02}T00:00:00Z"), "tag": ["tender"],
        "initiationType": "tender", "buyer": {"id": "MX-1", "name": "Municipio (inventado)"},
        "tender": {"id": "T1", "status": "active", "value": {"amount": day, "currency": "MXN"}}
    })
}

fn write_lines(path: &Path, releases: &[Value]) {
    std::fs::write(path, releases.iter().map(|r| format!("{r}\n")).collect::<String>()).unwrap();
}

fn edca() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_edca"));
    command.env("EDCA_PUBLISH_NOW", "2026-12-03T12:00:00Z").env_remove("EDCA_PUBLISH_CRASH_AFTER");
    command
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The publication readers see: `current`'s generation, with every file of its index present
/// with its size and hash. Returns the generation number and the ocids published.
fn intact(out: &Path) -> (u64, Vec<String>) {
    // A reader resolves the link once, then reads that generation (a switch may come meanwhile).
    let target = std::fs::read_link(out.join("current")).expect("current is a link");
    let n: u64 = target.strip_prefix("generations").unwrap().to_str().unwrap().parse().unwrap();
    let current = out.join(&target);
    let index: Value = serde_json::from_slice(&std::fs::read(current.join("index.json")).unwrap()).unwrap();
    assert_eq!(index["generation"], n);
    for entry in index["files"].as_array().unwrap() {
        let path = current.join(entry["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(bytes.len() as u64, entry["bytes"].as_u64().unwrap(), "{}", path.display());
        assert_eq!(sha256_hex(&bytes), entry["sha256"].as_str().unwrap(), "{}", path.display());
    }
    (n, index["ocids"].as_object().unwrap().keys().cloned().collect())
}

/// A publication of 20 processes, and a second input that changes 3 and adds 2.
fn setup(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let a = dir.join("a.jsonl");
    let b = dir.join("b.jsonl");
    write_lines(&a, &(0..20).map(|n| release(&format!("ocds-k-{n}"), "1", 1)).collect::<Vec<_>>());
    let mut more: Vec<Value> = (0..3).map(|n| release(&format!("ocds-k-{n}"), "2", 2)).collect();
    more.extend((20..22).map(|n| release(&format!("ocds-k-{n}"), "1", 3)));
    write_lines(&b, &more);
    let out = dir.join("pub");
    let status = edca().args(["publish", "-q", "--out"]).arg(&out).arg(&a).status().unwrap();
    assert!(status.success());
    (a, b, out)
}

/// The hook aborts the run after its N-th file write, for every N until a run completes: each
/// time the previous publication is what readers see, whole; the next run then succeeds.
#[test]
fn a_crash_at_any_write_leaves_the_previous_publication() {
    let dir = temp("crash");
    let (a, b, out) = setup(&dir);
    let before = intact(&out);
    assert_eq!(before.0, 1);
    let mut n = 1;
    loop {
        let status = edca()
            .args(["publish", "-q", "--out"])
            .arg(&out)
            .arg(&a)
            .arg(&b)
            .env("EDCA_PUBLISH_CRASH_AFTER", n.to_string())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        if status.success() {
            break;
        }
        assert!(status.code().is_none() || status.code() == Some(134), "run {n}: {status:?}");
        let seen = intact(&out);
        // Until the switch the old generation is current; the abort right after the switch
        // (the last write) leaves the new one, complete.
        assert!(seen == before || seen.1.len() == 22, "after write {n}: {seen:?}");
        n += 1;
        assert!(n < 500, "the hook never let a run finish");
    }
    assert!(n > 40, "only {n} writes: the hook was not exercised");
    let (_, ocids) = intact(&out);
    assert_eq!(ocids.len(), 22);
    // Two generations kept, whatever the crashes left.
    let generations: Vec<_> = std::fs::read_dir(out.join("generations")).unwrap().collect();
    assert_eq!(generations.len(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A real `kill -9` at various moments of a larger run.
#[test]
fn kill_9_mid_run_leaves_the_previous_publication() {
    let dir = temp("kill");
    let (a, _, out) = setup(&dir);
    let big = dir.join("big.jsonl");
    write_lines(&big, &(0..1500).map(|n| release(&format!("ocds-big-{n}"), "1", 5)).collect::<Vec<_>>());
    let before = intact(&out);
    for delay in [5u64, 40, 120, 300, 600] {
        let mut child = edca()
            .args(["publish", "-q", "--out"])
            .arg(&out)
            .arg(&a)
            .arg(&big)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let seen = intact(&out);
        if status.success() {
            assert_eq!(seen.1.len(), 1520);
            break;
        }
        assert!(seen == before || seen.1.len() == 1520, "after {delay} ms: {:?}", seen.0);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A second process on the same folder while one is running (a watch holds the lock): it fails
/// with `publish.lock`, exit status 2; --watch picks up a new file in the inbox within seconds.
#[test]
fn watch_publishes_new_inbox_files_and_holds_the_lock() {
    let dir = temp("watch");
    let inbox = dir.join("inbox");
    let config = dir.join("edca.toml");
    std::fs::write(&config, "[publisher]\nname = \"Prueba (inventado)\"\n[inbox]\nfolder = \"inbox\"\n").unwrap();
    let out = dir.join("pub");
    let mut child = edca()
        .args(["publish", "--watch", "--poll", "0.1", "-q", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |what: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !what() {
            assert!(start.elapsed() < Duration::from_secs(20), "timed out");
            std::thread::sleep(Duration::from_millis(50));
        }
        start.elapsed()
    };
    wait_for(&|| out.join("current/index.json").exists());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(intact(&out).1.len(), 0);
    // A file is written elsewhere and renamed into the inbox, as writers should.
    let staged = dir.join("new.jsonl.part");
    write_lines(&staged, &[release("ocds-w-1", "1", 1), release("ocds-w-2", "1", 2)]);
    std::fs::rename(&staged, inbox.join("new.jsonl")).unwrap();
    let took = wait_for(&|| out.join("current/index.json").exists() && intact(&out).1.len() == 2);
    assert!(took < Duration::from_secs(10), "republished after {took:?}");

    let second = edca().args(["publish", "--out"]).arg(&out).arg(inbox.join("new.jsonl")).output().unwrap();
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("publish.lock"), "{second:?}");
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// stdin as a source, the summary on stdout, and exit status 1 when the gate held something.
#[test]
fn stdin_summary_and_held_exit_status() {
    let dir = temp("stdin");
    let out = dir.join("pub");
    let mut bad = release("ocds-s-2", "1", 2);
    bad["tender"]["tenderPeriod"] = json!({"startDate": "mañana"});
    let input = format!("{}\n{}\n", release("ocds-s-1", "1", 1), bad);
    let out_arg = out.to_str().unwrap();
    let output = common::edca(&["publish", "--lang", "en", "--out", out_arg, "-"], input.as_bytes());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(stdout.contains("published in") && stdout.contains("1 published of 2 read"), "{stdout}");
    assert!(stdout.contains("1 held back in 1 processes") && stdout.contains("contracted amount"), "{stdout}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("held.json"));
    let (_, ocids) = intact(&out);
    assert_eq!(ocids, ["ocds-s-1"]);
    let usage = common::edca(&["publish", "--out", out_arg], b"");
    assert_eq!(usage.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--version` and `--publisher-*` (the names of `edca compile --package`, as ocdskit's) set the
/// metadata of every package written, over the configuration's `[publisher]`; what decides is
/// the OCDS package schema's members (`version`, `publisher.name/scheme/uid/uri`).
#[test]
fn package_options_replace_the_configuration() {
    let dir = temp("package-options");
    let out = dir.join("pub");
    let config = dir.join("publish.toml");
    let toml =
        "[publisher]\nname = \"De la configuración\"\nuri = \"https://config.example\"\n[package]\nversion = \"1.0\"\n";
    std::fs::write(&config, toml).unwrap();
    let input = format!("{}\n", release("ocds-p-1", "1", 1));
    let output = common::edca(
        &[
            "publish",
            "-q",
            "--config",
            config.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--version",
            "1.1",
            "--publisher-name",
            "Municipio (inventado)",
            "--publisher-scheme",
            "MX-RFC",
            "--publisher-uid",
            "MUN010101AAA",
            "-",
        ],
        input.as_bytes(),
    );
    assert!(output.status.success(), "{output:?}");
    let current = out.join("current");
    let expected = json!({
        "name": "Municipio (inventado)", "scheme": "MX-RFC", "uid": "MUN010101AAA", "uri": "https://config.example"
    });
    for file in ["record-package.json", "release-packages/run-1.json"] {
        let package: Value = serde_json::from_slice(&std::fs::read(current.join(file)).unwrap()).unwrap();
        assert_eq!(package["publisher"], expected, "{file}");
        assert_eq!(package["version"], "1.1", "{file}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
