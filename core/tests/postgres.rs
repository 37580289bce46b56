//! `edca::io::postgres` against a real PostgreSQL server: `EDCA_PG_URL` when set, else the
//! throwaway cluster of `scripts/pg-server` (Debian's binaries). When neither works the tests
//! FAIL, saying why: they never pass without a server.
//!
//! Oracles: the rows each test inserts (keys, order, counts, text) and PostgreSQL's own
//! documented JSONB rendering; memory from the kernel's peak-RSS counter (`VmHWM`).
//!
//! Run with `cargo test -p edca --features postgres --test postgres`.
#![cfg(feature = "postgres")]

use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use edca::Lang;
use edca::io::postgres::{Row, Table, TableConfig, TableError};
use edca::io::{Item, Reader};

/// One test at a time: they share a server, and the memory test must not count the others.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("EDCA_PG_URL")
            && !url.trim().is_empty()
        {
            return url;
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/pg-server");
        let out = Command::new(script).output().unwrap_or_else(|e| {
            panic!("PostgreSQL tests need a server: EDCA_PG_URL is not set and {script} could not run: {e}")
        });
        assert!(
            out.status.success(),
            "PostgreSQL tests need a server: EDCA_PG_URL is not set and scripts/pg-server failed \
             (install Debian's package: apt-get install -y --no-install-recommends postgresql):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().lines().last().expect("pg-server prints the URL").to_owned()
    })
    .clone()
}

fn client() -> postgres::Client {
    postgres::Client::connect(&url(), postgres::NoTls).unwrap_or_else(|e| panic!("cannot connect to {}: {e}", url()))
}

/// A fresh schema for one test, dropped first if a previous run left it.
fn schema(client: &mut postgres::Client, name: &str) -> String {
    let schema = format!("edca_test_{name}");
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};")).unwrap();
    schema
}

fn config(table: &str, column: &str, key: &str, batch: usize) -> TableConfig {
    TableConfig { url: url(), table: table.into(), column: column.into(), key: key.into(), batch }
}

fn collect(table: &mut Table, after: Option<&str>) -> Result<(Vec<Row>, Option<String>), TableError> {
    let mut rows = Vec::new();
    let last = table.rows_after(after, &mut |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok((rows, last))
}

fn release(n: i64) -> String {
    format!(r#"{{"ocid": "ocds-213czf-{n}", "id": "{n}", "date": "2025-01-01T00:00:00Z", "tag": ["tender"]}}"#)
}

#[test]
fn rows_stream_in_key_order_in_batches_and_resume_after_a_key() {
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "order");
    pg.batch_execute(&format!("CREATE TABLE {s}.releases (id bigint PRIMARY KEY, release jsonb)")).unwrap();
    // Inserted out of order; 9 < 10 < 100 as numbers but not as text.
    let ids: Vec<i64> = vec![10, 2, 100, 9, 33, 1, 47, 5, 8, 21, 3];
    for id in &ids {
        pg.execute(&format!("INSERT INTO {s}.releases VALUES ($1, $2::text::jsonb)"), &[id, &release(*id)]).unwrap();
    }
    let name = format!("{s}.releases");
    // Batch 4 < 11 rows: the portal is fetched three times.
    let mut table = Table::connect(&config(&name, "release", "id", 4)).unwrap();
    let (rows, last) = collect(&mut table, None).unwrap();
    let mut sorted = ids.clone();
    sorted.sort();
    let keys: Vec<i64> = rows.iter().map(|r| r.key.parse().unwrap()).collect();
    assert_eq!(keys, sorted);
    assert_eq!(last.as_deref(), Some("100"));
    let first: serde_json::Value = serde_json::from_str(&rows[0].json).unwrap();
    assert_eq!(first["ocid"], "ocds-213czf-1");

    // Resume after 9: the key is compared as a bigint (10 and 100 follow, not only "9x").
    let (rows, last) = collect(&mut table, Some("9")).unwrap();
    assert_eq!(rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["10", "21", "33", "47", "100"]);
    assert_eq!(last.as_deref(), Some("100"));
    // Nothing after the last key; new rows appear on the next call.
    assert_eq!(collect(&mut table, Some("100")).unwrap(), (vec![], None));
    pg.execute(&format!("INSERT INTO {s}.releases VALUES (101, $1::text::jsonb)"), &[&release(101)]).unwrap();
    let (rows, last) = collect(&mut table, Some("100")).unwrap();
    assert_eq!((rows.len(), last.as_deref()), (1, Some("101")));

    // A resume key that is not a bigint is the server's error, typed.
    let error = collect(&mut table, Some("nueve")).unwrap_err();
    assert_eq!(error.code(), "postgres.query");
    assert!(error.message(Lang::En).contains(&name) && error.message(Lang::Es).contains("falló la consulta"));
}

#[test]
fn a_timestamp_key_compares_as_a_timestamp() {
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "timestamp");
    pg.batch_execute(&format!(
        "CREATE TABLE {s}.captura (registrada timestamptz, doc json);
         INSERT INTO {s}.captura VALUES
           ('2025-03-01 09:00:00-06', '{}'), ('2025-02-28 23:30:00-06', '{}'), ('2025-03-01 14:00:00+01', '{}');",
        release(1),
        release(2),
        release(3)
    ))
    .unwrap();
    let mut table = Table::connect(&config(&format!("{s}.captura"), "doc", "registrada", 2)).unwrap();
    let (rows, _) = collect(&mut table, None).unwrap();
    let ids: Vec<String> =
        rows.iter().map(|r| serde_json::from_str::<serde_json::Value>(&r.json).unwrap()["id"].to_string()).collect();
    // 14:00+01 is 13:00Z, before 09:00-06 (15:00Z): it comes second.
    assert_eq!(ids, ["\"2\"", "\"3\"", "\"1\""]);
    // Resuming with the key text a previous call returned.
    let (rows, _) = collect(&mut table, Some(&rows[1].key)).unwrap();
    assert_eq!(rows.len(), 1);
    // Another offset for the same instant is the same key.
    let (rows, _) = collect(&mut table, Some("2025-03-01T15:00:00Z")).unwrap();
    assert_eq!(rows.len(), 0);
}

#[test]
fn jsonb_keeps_numbers_and_strings_but_not_member_order_json_keeps_the_text() {
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "jsonb");
    pg.batch_execute(&format!("CREATE TABLE {s}.t (id serial, b jsonb, j json)")).unwrap();
    let text = r#"{"ocid": "ocds-213czf-1", "id": "1", "value": {"amount": 1850000.10, "currency": "MXN"}, "big": 12345678901234567890.123456789012, "exp": 1e3, "small": 1E-2, "title": "Peña \u00f1 \"comillas\" 😀", "dup": 1, "dup": 2}"#;
    pg.execute(&format!("INSERT INTO {s}.t (b, j) VALUES ($1::text::jsonb, $1::text::json)"), &[&text]).unwrap();

    let mut json = Table::connect(&config(&format!("{s}.t"), "j", "id", 10)).unwrap();
    let (rows, _) = collect(&mut json, None).unwrap();
    assert_eq!(rows[0].json, text, "a json column returns the text as stored");

    let mut jsonb = Table::connect(&config(&format!("{s}.t"), "b", "id", 10)).unwrap();
    let (rows, _) = collect(&mut jsonb, None).unwrap();
    let stored = &rows[0].json;
    // Numbers keep every digit and their trailing zeros; exponents are written out.
    for kept in
        ["\"amount\": 1850000.10", "\"big\": 12345678901234567890.123456789012", "\"exp\": 1000", "\"small\": 0.01"]
    {
        assert!(stored.contains(kept), "{kept} in {stored}");
    }
    // Strings are the same strings (escapes decoded); the last duplicate member wins.
    let value: serde_json::Value = serde_json::from_str(stored).unwrap();
    assert_eq!(value["title"], "Peña ñ \"comillas\" 😀");
    assert_eq!(value["dup"], 2);
    // Members are reordered (shorter names first): "id" now precedes "ocid".
    assert!(stored.find("\"id\"").unwrap() < stored.find("\"ocid\"").unwrap(), "{stored}");
    assert!(text.find("\"id\"").unwrap() > text.find("\"ocid\"").unwrap());
}

#[test]
fn hostile_and_missing_names_are_typed_errors_and_nothing_is_sent() {
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "names");
    pg.batch_execute(&format!(
        "CREATE TABLE {s}.victim (id int, doc jsonb); CREATE TABLE {s}.\"Entregas\" (id int, doc jsonb, note int);
         INSERT INTO {s}.\"Entregas\" VALUES (1, '{}');",
        release(1)
    ))
    .unwrap();
    for table in [
        format!("{s}.victim; DROP TABLE {s}.victim"),
        format!("{s}.victim\" ; DROP TABLE {s}.victim; --"),
        format!("{s}.victim.x"),
    ] {
        let error = Table::connect(&config(&table, "doc", "id", 10)).unwrap_err();
        assert_eq!(error.code(), "postgres.identifier", "{table}");
        assert!(error.message(Lang::Es).contains(&table) && error.message(Lang::En).contains("table name"));
    }
    let error = Table::connect(&config(&format!("{s}.victim"), "doc, id", "id", 10)).unwrap_err();
    assert_eq!(error.code(), "postgres.identifier");
    let exists: bool = pg.query_one(&format!("SELECT to_regclass('{s}.victim') IS NOT NULL"), &[]).unwrap().get(0);
    assert!(exists, "the victim table is still there");

    // Quoted names are case-sensitive: "Entregas" exists, "entregas" does not.
    let mut table = Table::connect(&config(&format!("{s}.Entregas"), "doc", "id", 10)).unwrap();
    assert_eq!(collect(&mut table, None).unwrap().0.len(), 1);
    let missing = Table::connect(&config(&format!("{s}.entregas"), "doc", "id", 10)).unwrap_err();
    assert_eq!(missing.code(), "postgres.table");
    assert!(missing.message(Lang::Es).contains("no existe"));
    let no_column = Table::connect(&config(&format!("{s}.Entregas"), "release", "id", 10)).unwrap_err();
    assert_eq!(no_column.code(), "postgres.column");
    assert!(no_column.message(Lang::En).contains("no column release"));
    let no_key = Table::connect(&config(&format!("{s}.Entregas"), "doc", "fecha", 10)).unwrap_err();
    assert_eq!(no_key.code(), "postgres.column");
    let wrong_type = Table::connect(&config(&format!("{s}.Entregas"), "note", "id", 10)).unwrap_err();
    assert_eq!(wrong_type.code(), "postgres.column_type");
    assert!(wrong_type.message(Lang::Es).contains("integer"));
}

#[test]
fn a_bad_row_is_reported_by_the_reader_with_its_table_and_key() {
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "badrow");
    pg.batch_execute(&format!(
        "CREATE TABLE {s}.releases (id bigserial, release jsonb);
         INSERT INTO {s}.releases (release) VALUES ('{}'), ('[1, 2]'), ('{}');",
        release(1),
        release(3)
    ))
    .unwrap();
    let name = format!("{s}.releases");
    let mut table = Table::connect(&config(&name, "release", "id", 10)).unwrap();
    let mut reader = Reader::new();
    let mut read = Vec::new();
    let error = table
        .rows_after(None, &mut |row| {
            let items = reader.read_all(row.source(&name))?;
            // A value that is not OCDS data is a skipped item: this consumer stops on it.
            if let Some(Item::Skipped(error)) = items.iter().find(|i| matches!(i, Item::Skipped(_))) {
                return Err(error.clone().into());
            }
            read.push((row.key, items.len()));
            Ok(())
        })
        .unwrap_err();
    // Row 1 was read; row 2 ([1, 2], not a release) stops the reading with the reader's error.
    assert_eq!(read, [("1".to_owned(), 1)]);
    assert_eq!(error.code(), "read.shape");
    let source = format!("postgres:{name}#2");
    assert!(error.message(Lang::En).contains(&source), "{}", error.message(Lang::En));
    assert!(error.message(Lang::Es).contains(&source));

    // A NULL release is an error naming the row's key.
    pg.batch_execute(&format!("INSERT INTO {s}.releases (release) VALUES (NULL)")).unwrap();
    let error = collect(&mut table, Some("3")).unwrap_err();
    assert_eq!(error.code(), "postgres.null");
    assert!(error.message(Lang::En).contains("(key 4)"));
}

#[test]
fn connection_failures_are_typed_and_hide_the_password() {
    let _serial = serial();
    let mut bad = config("t", "c", "k", 10);
    bad.url = "host=/nonexistent/socket/dir port=5999 user=edca password=s3cr3t dbname=edca".into();
    let error = Table::connect(&bad).unwrap_err();
    assert_eq!(error.code(), "postgres.connect");
    for lang in [Lang::Es, Lang::En] {
        let message = error.message(lang);
        assert!(message.contains("/nonexistent/socket/dir") && message.contains("dbname=edca"), "{message}");
        assert!(!message.contains("s3cr3t"), "{message}");
    }
}

fn vm(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("{field} in /proc/self/status"));
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[test]
fn fifty_thousand_rows_stream_with_bounded_memory() {
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "large");
    // 50,000 releases of about 4 KB each: 200 MB of text if the table were held at once.
    pg.batch_execute(&format!(
        "CREATE TABLE {s}.releases (id bigserial PRIMARY KEY, release jsonb);
         INSERT INTO {s}.releases (release)
           SELECT jsonb_build_object('ocid', 'ocds-213czf-' || g, 'id', g::text, 'date', '2025-01-01T00:00:00Z',
                                     'tag', jsonb_build_array('tender'), 'description', repeat(md5(g::text), 125))
           FROM generate_series(1, 50000) g;"
    ))
    .unwrap();
    let mut table = Table::connect(&config(&format!("{s}.releases"), "release", "id", 500)).unwrap();
    // Reset the peak-RSS counter (Linux: "5" to clear_refs), then read every row.
    std::fs::write("/proc/self/clear_refs", "5").expect("reset VmHWM");
    let before = vm("VmRSS:");
    let started = Instant::now();
    let (mut count, mut bytes, mut previous) = (0u64, 0u64, 0i64);
    let last = table
        .rows_after(None, &mut |row| {
            let key: i64 = row.key.parse().unwrap();
            assert!(key > previous, "key order");
            previous = key;
            count += 1;
            bytes += row.json.len() as u64;
            Ok(())
        })
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let peak = vm("VmHWM:").saturating_sub(before);
    assert_eq!((count, last.as_deref()), (50_000, Some("50000")));
    assert!(bytes > 200_000_000, "{bytes} bytes read");
    eprintln!(
        "postgres: {count} rows, {:.0} MB in {seconds:.2} s = {:.0} rows/s; peak RSS growth {:.1} MB (batch 500)",
        bytes as f64 / 1e6,
        count as f64 / seconds,
        peak as f64 / 1e6
    );
    // One batch is 500 × 4 KB = 2 MB; allow the client's buffers, far below the 200 MB table.
    assert!(peak < 40_000_000, "peak RSS grew by {peak} bytes reading 50,000 rows");
    pg.batch_execute(&format!("DROP SCHEMA {s} CASCADE")).unwrap();
}

/// `edca publish` with a `[source.postgres]` table: the shipped participatory-budget sample,
/// one release per row, publishes the same processes and releases as the same lines read from
/// the file (the oracle: the file run), and a row that is no release costs only itself.
#[test]
fn publish_reads_the_releases_of_a_table() {
    use edca::publish::{Config, Input, Options, Publisher};
    let _serial = serial();
    let mut client = client();
    let schema = schema(&mut client, "publish");
    let table = format!("{schema}.releases");
    client.batch_execute(&format!("CREATE TABLE {table} (id bigserial PRIMARY KEY, data jsonb)")).unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/presupuesto-participativo/releases.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(sample).unwrap().lines().map(str::to_owned).collect();
    for line in &lines {
        client.execute(&format!("INSERT INTO {table} (data) VALUES ($1::text::jsonb)"), &[line]).unwrap();
    }
    client.execute(&format!("INSERT INTO {table} (data) VALUES ('[1, 2]'::jsonb)"), &[]).unwrap();

    let base = std::env::temp_dir().join(format!("edca-pg-publish-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let now = Some("2026-01-01T00:00:00Z".to_owned());
    let toml = format!(
        "[source.postgres]\nurl = {:?}\ntable = {table:?}\ncolumn = \"data\"\nkey = \"id\"\nbatch = 7\n",
        url()
    );
    let from_table =
        Publisher::new(Config::from_toml(&toml).unwrap(), Options { out: base.join("table"), now: now.clone() })
            .unwrap()
            .publish(&[])
            .unwrap();
    let from_file = Publisher::new(Config::from_toml("").unwrap(), Options { out: base.join("file"), now })
        .unwrap()
        .publish(&[Input::Path(sample.into())])
        .unwrap();
    std::fs::remove_dir_all(&base).unwrap();
    assert_eq!(from_table.releases_read, lines.len() as u64, "every release row read, the bad row left out");
    assert_eq!(
        (from_table.processes, from_table.releases, from_table.held_releases),
        (from_file.processes, from_file.releases, from_file.held_releases)
    );
    assert!(from_table.processes >= 10, "{from_table:?}");
}

/// The watermark is the table's largest key and row count (the oracle: the rows inserted and
/// deleted here); an empty table has no key.
#[test]
fn the_watermark_moves_with_new_and_deleted_rows() {
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "watermark");
    pg.batch_execute(&format!("CREATE TABLE {s}.r (id bigint PRIMARY KEY, data jsonb)")).unwrap();
    let mut table = Table::connect(&config(&format!("{s}.r"), "data", "id", 10)).unwrap();
    let mark = table.watermark().unwrap();
    assert_eq!((mark.last_key, mark.rows), (None, 0));
    for n in [3, 1, 2] {
        pg.execute(&format!("INSERT INTO {s}.r VALUES ($1, $2::text::jsonb)"), &[&n, &release(n)]).unwrap();
    }
    let mark = table.watermark().unwrap();
    assert_eq!((mark.last_key.as_deref(), mark.rows), (Some("3"), 3));
    pg.execute(&format!("DELETE FROM {s}.r WHERE id = 1"), &[]).unwrap();
    let mark = table.watermark().unwrap();
    assert_eq!((mark.last_key.as_deref(), mark.rows), (Some("3"), 2));
}

/// `Publisher::watch` over a `[source.postgres]` table publishes again when rows arrive (the
/// oracle: the processes each run read, one more per release inserted with a new
/// ocid) and not while nothing changes.
#[test]
fn watch_publishes_again_when_the_table_gains_rows() {
    use edca::publish::{Config, Options, Publisher};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;
    let _serial = serial();
    let mut pg = client();
    let s = schema(&mut pg, "watch");
    let table = format!("{s}.releases");
    pg.batch_execute(&format!("CREATE TABLE {table} (id bigserial PRIMARY KEY, data jsonb)")).unwrap();
    let insert = |pg: &mut postgres::Client, n: i64| {
        pg.execute(&format!("INSERT INTO {table} (data) VALUES ($1::text::jsonb)"), &[&release(n)]).unwrap();
    };
    insert(&mut pg, 1);
    insert(&mut pg, 2);

    let out = std::env::temp_dir().join(format!("edca-pg-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let toml = format!("[source.postgres]\nurl = {:?}\ntable = {table:?}\ncolumn = \"data\"\nkey = \"id\"\n", url());
    let publisher = Publisher::new(Config::from_toml(&toml).unwrap(), Options { out: out.clone(), now: None }).unwrap();
    let stop = AtomicBool::new(false);
    let (sender, runs) = mpsc::channel();
    let wait = |runs: &mpsc::Receiver<Result<u64, String>>| {
        runs.recv_timeout(Duration::from_secs(60)).expect("a publication within a minute").expect("it succeeds")
    };
    std::thread::scope(|scope| {
        let watch = scope.spawn(|| {
            publisher.watch(&[], Duration::from_millis(50), &stop, |run| {
                let _ = sender.send(run.map(|summary| summary.processes_read).map_err(|e| e.to_string()));
            })
        });
        // A failed assertion must still stop the watch, or the scope would wait for it forever.
        struct StopOnDrop<'a>(&'a AtomicBool);
        impl Drop for StopOnDrop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let _stop = StopOnDrop(&stop);
        assert_eq!(wait(&runs), 2, "the first publication has the two processes");
        std::thread::sleep(Duration::from_millis(400));
        assert!(runs.try_recv().is_err(), "no publication while the table does not change");
        insert(&mut pg, 3);
        assert_eq!(wait(&runs), 3, "the new row is published");
        drop(_stop);
        watch.join().unwrap().unwrap();
    });
    std::fs::remove_dir_all(&out).unwrap();
}
