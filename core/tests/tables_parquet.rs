//! `ParquetFolder` writes the same tables as `MemorySink`, cell for cell, decided by reading
//! the files back with the parquet crate's own reader (pyarrow reads the CLI's files in
//! bindings-python/tests/test_spreadsheets.py): the shipped examples/data, and a generated
//! feed long enough for several row groups.

use edca::io::{Reader, Source};
use edca::tables::{FlattenOptions, Flattener, MemorySink, ParquetFolder, parquet::ROW_GROUP_ROWS};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::json;
use std::path::Path;

fn flatten(feed: impl Fn(&mut Flattener)) -> (MemorySink, tempdir::Dir) {
    let mut memory = Flattener::new(FlattenOptions::default()).unwrap();
    feed(&mut memory);
    let mut sink = MemorySink::default();
    memory.finish(&mut sink).unwrap();
    let dir = tempdir::Dir::new();
    let mut files = Flattener::new(FlattenOptions::default()).unwrap();
    feed(&mut files);
    files.finish(&mut ParquetFolder::new(dir.path()).unwrap()).unwrap();
    (sink, dir)
}

/// The cell as the Parquet file holds it, as text.
fn text(field: &Field) -> Option<String> {
    match field {
        Field::Null => None,
        Field::Str(s) => Some(s.clone()),
        Field::Long(i) => Some(i.to_string()),
        Field::Double(f) => Some(format!("double {f}")),
        Field::Bool(b) => Some(b.to_string()),
        other => panic!("unexpected Parquet value {other:?}"),
    }
}

fn same_tables(sink: &MemorySink, dir: &Path) -> usize {
    let mut groups = 0;
    for table in &sink.tables {
        let path = dir.join(format!("{}.parquet", table.name));
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        groups = groups.max(reader.metadata().num_row_groups());
        let schema = reader.metadata().file_metadata().schema_descr();
        let names: Vec<String> = schema.columns().iter().map(|c| c.name().to_owned()).collect();
        assert_eq!(names, table.headers, "{}", table.name);
        let rows: Vec<_> = reader.get_row_iter(None).unwrap().map(Result::unwrap).collect();
        assert_eq!(rows.len(), table.rows.len(), "{}", table.name);
        for (n, (row, want)) in rows.iter().zip(&table.rows).enumerate() {
            let got: Vec<Option<String>> = row.get_column_iter().map(|(_, f)| text(f)).collect();
            // A double stands for the number exactly when it is the number's nearest double and
            // prints back as the same value (`1.50` → `1.5`); checked in parquet.rs's unit tests.
            let want: Vec<Option<String>> = (want.iter().zip(&got))
                .map(|(c, g)| match (c, g) {
                    (Some(c), Some(g)) if g.starts_with("double ") => {
                        Some(format!("double {}", c.text().parse::<f64>().unwrap()))
                    }
                    (c, _) => c.as_ref().map(|c| c.text().to_owned()),
                })
                .collect();
            assert_eq!(got, want, "{} row {n}", table.name);
        }
    }
    groups
}

fn json_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn shipped_sample_is_the_same_in_parquet() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    let (sink, dir) = flatten(|f| {
        let mut reader = Reader::new();
        for file in json_files(&data) {
            f.read(&mut reader, Source::open(&file).unwrap()).unwrap();
        }
    });
    assert!(sink.tables.len() > 5, "only {} tables", sink.tables.len());
    same_tables(&sink, dir.path());
}

#[test]
fn long_tables_span_row_groups_and_keep_exact_numbers() {
    let count = ROW_GROUP_ROWS + 10;
    let (sink, dir) = flatten(|f| {
        for i in 0..count {
            // One amount that no double holds keeps `value/amount` as text; quantities are
            // integers, unit prices doubles (`.25` and `1.50` alike), `hasEnquiries` booleans.
            let amount: serde_json::Value =
                serde_json::from_str(if i == 7 { "12345678901234567890.5" } else { "2" }).unwrap();
            f.add_release(&json!({
                "ocid": format!("ocds-x-{i}"), "id": "1", "date": "2024-01-01T00:00:00Z",
                "tender": {"id": "t", "value": {"amount": amount}, "hasEnquiries": i % 2 == 0,
                  "items": [{"id": "a", "quantity": i, "unit": {"value": {"amount": if i == 3 { serde_json::from_str("1.50").unwrap() } else { json!(i as f64 + 0.25) }}}}]}
            }))
            .unwrap();
        }
    });
    assert!(same_tables(&sink, dir.path()) >= 2);
    let main = std::fs::File::open(dir.path().join("main.parquet")).unwrap();
    let reader = SerializedFileReader::new(main).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr();
    let kind = |name: &str| {
        let column = schema.columns().iter().find(|c| c.name() == name).unwrap();
        column.physical_type()
    };
    use parquet::basic::Type;
    assert_eq!(kind("tender/value/amount"), Type::BYTE_ARRAY);
    assert_eq!(kind("tender/hasEnquiries"), Type::BOOLEAN);
    let items = std::fs::File::open(dir.path().join("tender_items.parquet")).unwrap();
    let reader = SerializedFileReader::new(items).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr();
    let kind = |name: &str| schema.columns().iter().find(|c| c.name() == name).unwrap().physical_type();
    assert_eq!(kind("tender/items/0/quantity"), Type::INT64);
    assert_eq!(kind("tender/items/0/unit/value/amount"), Type::DOUBLE);
}

/// A folder removed when the test ends.
mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};

    pub struct Dir(PathBuf);
    static N: AtomicU32 = AtomicU32::new(0);

    impl Dir {
        pub fn new() -> Dir {
            let n = N.fetch_add(1, Ordering::Relaxed);
            let path = std::env::temp_dir().join(format!("edca-parquet-test-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
