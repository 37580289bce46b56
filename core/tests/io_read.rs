//! Readers: formats, streaming equivalence, positions in errors, and the corpus counts.
//! Oracle for counts: `../shared/data/MANIFEST.csv` (its counting rule is in data/README.md).

mod common;

use edca::io::{Item, PackageKind, ReadError, ReadErrorKind, Reader, Source};
use edca::stats::StatsCollector;
use std::io::Write;

fn read(name: &str, bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    Reader::new().read_all(Source::from_bytes(name.to_owned(), bytes.to_vec())?)
}

fn read_streaming(name: &str, bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    Reader::new().with_line_limit(7).read_all(Source::from_bytes(name.to_owned(), bytes.to_vec())?)
}

/// The first problem: the value skipped, or the error that stopped the reading.
fn error(bytes: &[u8]) -> ReadError {
    match read("bad.json", bytes) {
        Ok(items) => items
            .into_iter()
            .find_map(|item| match item {
                Item::Skipped(error) => Some(error),
                _ => None,
            })
            .expect("must be rejected"),
        Err(error) => error,
    }
}

const PACKAGE: &str = r#"{"uri": "https://example.org/p.json", "version": "1.1",
  "releases": [
    {"ocid": "ocds-213czf-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]},
    {"ocid": "ocds-213czf-2", "id": "2", "date": "2020-01-02T00:00:00Z", "tag": ["award"]}
  ],
  "publisher": {"name": "Municipio de Ejemplo"}}
"#;

#[test]
fn release_package_streams_releases_then_reports_metadata() {
    let items = read("p.json", PACKAGE.as_bytes()).unwrap();
    assert_eq!(items.len(), 3);
    assert!(matches!(&items[0], Item::Release { package: Some(0), release, .. } if release["id"] == "1"));
    let Item::Package(package) = &items[2] else { panic!("package last") };
    assert_eq!(package.kind, PackageKind::Release);
    assert_eq!(package.items, 2);
    assert_eq!(package.version(), "1.1");
    assert_eq!(package.metadata["publisher"]["name"], "Municipio de Ejemplo", "members after releases are kept");
    assert!(!package.metadata.contains_key("releases"));
}

#[test]
fn streamed_and_whole_line_reading_agree() {
    let compact: serde_json::Value = serde_json::from_str(PACKAGE).unwrap();
    let line = format!("{}\n{}\n", compact, compact);
    for input in [PACKAGE.to_owned(), line, format!("[{compact},{compact}]"), format!("{compact}{compact}")] {
        assert_eq!(read("a", input.as_bytes()).unwrap(), read_streaming("a", input.as_bytes()).unwrap(), "{input}");
    }
}

#[test]
fn json_lines_arrays_and_concatenated_values() {
    let text = concat!(
        r#"{"ocid": "a", "id": "1", "date": "2020-01-01T00:00:00Z"}"#,
        "\n\n",
        r#"[{"ocid": "b", "id": "2"}, {"ocid": "c", "releases": [{"url": "x"}]}]"#,
        "\r\n",
        r#"{"records": [{"ocid": "d", "releases": []}], "version": "1.1"} {"ocid": "e"}"#,
        "\n",
        r#"{"hello": "world"}"#
    );
    let items = read("mixed.jsonl", text.as_bytes()).unwrap();
    let kinds: Vec<&str> = items
        .iter()
        .map(|i| match i {
            Item::Release { .. } => "release",
            Item::Record { .. } => "record",
            Item::Package(p) if p.kind == PackageKind::Record => "record package",
            Item::Package(_) => "release package",
            Item::Other(_) => "other",
            Item::Skipped(_) => "skipped",
            Item::Warning(_) => "warning",
        })
        .collect();
    assert_eq!(kinds, ["release", "release", "record", "record", "record package", "release", "other"]);
}

#[test]
fn releases_before_package_members_are_still_a_package() {
    let items = read("p", br#"{"releases": [{"ocid": "x"}], "uri": "u"}"#).unwrap();
    assert!(matches!(&items[0], Item::Release { package: Some(0), .. }));
    assert!(matches!(&items[1], Item::Package(p) if p.metadata["uri"] == "u"));
}

#[test]
fn gzip_is_detected() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(PACKAGE.as_bytes()).unwrap();
    let gz = encoder.finish().unwrap();
    assert_eq!(read("p.json.gz", &gz).unwrap(), read("p.json", PACKAGE.as_bytes()).unwrap());
}

#[test]
fn package_ids_are_unique_across_sources() {
    let mut reader = Reader::new();
    let mut ids = Vec::new();
    for _ in 0..2 {
        reader
            .read(Source::from_bytes("p", PACKAGE).unwrap(), |item| {
                if let Item::Package(p) = item {
                    ids.push(p.id);
                }
                Ok(())
            })
            .unwrap();
    }
    assert_eq!(ids, [0, 1]);
}

// Bad input: each a typed error with a position, never a panic.

#[test]
fn truncated_json_names_line_and_column() {
    let cut = &PACKAGE.as_bytes()[..PACKAGE.len() / 2];
    for e in [error(cut), read_streaming("bad.json", cut).unwrap_err()] {
        assert_eq!(e.kind, ReadErrorKind::Syntax, "{e}");
        assert!(e.line >= 3, "{e}");
        assert!(e.reason.contains("truncated"), "{e}");
        assert_eq!(e.file, "bad.json");
    }
}

#[test]
fn number_out_of_range_is_rejected_with_its_pointer() {
    let e = error(br#"{"version": "1.1", "releases": [{"ocid": "a", "tender": {"value": {"amount": 1e400}}}]}"#);
    assert_eq!(e.kind, ReadErrorKind::NumberOutOfRange, "{e}");
    assert_eq!(e.pointer, "/releases/0/tender/value/amount");
    assert_eq!(e.line, 1);
    assert!(e.to_string().contains("e+400"), "{e}");
    // Huge but finite numbers are kept exactly.
    let items = read("ok", br#"{"ocid": "a", "n": 123456789012345678901234567890.123456789, "m": 1e300}"#).unwrap();
    let Item::Release { release, .. } = &items[0] else { panic!() };
    assert_eq!(release["n"].to_string(), "123456789012345678901234567890.123456789");
}

#[test]
fn absurd_nesting_is_rejected() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = error(deep.as_bytes());
    assert!(matches!(e.kind, ReadErrorKind::Shape | ReadErrorKind::TooDeep), "{e}");
    let inside = format!(r#"{{"ocid": "a", "x": {}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
    let e = error(inside.as_bytes());
    assert_eq!(e.kind, ReadErrorKind::TooDeep, "{e}");
    assert_eq!((e.line, e.pointer.as_str()), (1, "/x"));
    assert!(e.column > 100, "{e}");
}

#[test]
fn invalid_utf8_is_rejected() {
    let e = error(b"{\"ocid\": \"a\", \"title\": \"Adquisici\xf3n\"}");
    assert_eq!(e.kind, ReadErrorKind::Syntax, "{e}");
    assert_eq!(e.line, 1);
}

#[test]
fn releases_that_are_not_an_array() {
    for text in [r#"{"uri": "u", "releases": {"ocid": "a"}}"#, r#"{"releases": 5}"#, r#"{"records": "none"}"#] {
        let e = error(text.as_bytes());
        assert_eq!(e.kind, ReadErrorKind::Shape, "{e}");
        assert!(e.pointer == "/releases" || e.pointer == "/records", "{e}");
        assert!(e.reason.contains("must be an array"), "{e}");
    }
}

#[test]
fn empty_input_and_scalars() {
    for text in ["", "  \n\t\n"] {
        assert_eq!(error(text.as_bytes()).kind, ReadErrorKind::Empty);
    }
    for text in ["42", "\"release\"", "null", "[1]"] {
        let e = error(text.as_bytes());
        assert_eq!(e.kind, ReadErrorKind::Shape, "{text}: {e}");
    }
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let e = Source::open("/no/such/file.json").err().unwrap();
    assert_eq!(e.kind, ReadErrorKind::Io);
    assert!(e.to_string().starts_with("/no/such/file.json"));
}

#[test]
fn consumer_errors_pass_through_unchanged() {
    let mut reader = Reader::new();
    let e = reader
        .read(Source::from_bytes("p", PACKAGE).unwrap(), |_| Err(edca::io::ReadError::from_consumer("p", "stop here")))
        .unwrap_err();
    assert_eq!(e.reason, "stop here");
}

/// Oracle: `../shared/fixtures/bad-input/README.md` — the reader must reject the Latin-1 file and
/// the trailing comma with positions; the 2014 draft record is valid JSON (a record), which
/// validation, not the reader, rejects.
#[test]
fn real_bad_input() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("fixtures/bad-input");
    let first_problem = |file: &str| match Reader::new().read_all(Source::open(dir.join(file)).unwrap()) {
        Ok(items) => items.into_iter().find_map(|item| match item {
            Item::Skipped(error) => Some(error),
            _ => None,
        }),
        Err(error) => Some(error),
    };
    let latin1 = first_problem("cdmx-release-package_encoding-iso-8859-1.json").expect("rejected");
    assert_eq!(latin1.kind, ReadErrorKind::Syntax, "{latin1}");
    assert_eq!((latin1.line, latin1.column, latin1.pointer.as_str()), (1, 593, "/releases/0"), "{latin1}");
    let comma = first_problem("cdmx-2015-OCDS-87SD3T-SEFIN-DRM-A-015-2015_trailing-comma.json").expect("rejected");
    assert_eq!(comma.kind, ReadErrorKind::Syntax, "{comma}");
    assert!((166..=168).contains(&comma.line), "the comma is on line 166: {comma}");
    let draft =
        Reader::new().read_all(Source::open(dir.join("canada-buyandsell-2014-demo_record.json")).unwrap()).unwrap();
    assert!(matches!(&draft[..], [Item::Record { .. }]));
}

/// Oracle: `../shared/data/MANIFEST.csv` — releases, records and ocids of every file.
#[test]
fn counts_equal_the_corpus_manifest() {
    let Some(shared) = common::shared() else {
        return;
    };
    let rows = common::manifest(&shared);
    assert!(rows.len() > 1000);
    let mut failures = Vec::new();
    for row in &rows {
        for line_limit in [64 << 20, 4096] {
            let mut stats = StatsCollector::new();
            let source = Source::open(shared.join("data").join(&row.path)).unwrap();
            Reader::new()
                .with_line_limit(line_limit)
                .read(source, |item| {
                    stats.add(&item);
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("{e}"));
            let got = stats.finish();
            if (got.releases, got.records, got.ocids) != (row.releases, row.records, row.ocids) {
                failures.push(format!(
                    "{} (line limit {line_limit}): got {}/{}/{}, manifest {}/{}/{}",
                    row.path, got.releases, got.records, got.ocids, row.releases, row.records, row.ocids
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// Decides: a bad JSON lines line and a bad concatenated value are skipped with their line and
/// the rest is read (the inputs are written here, the expected positions counted by hand).
#[test]
fn bad_lines_and_values_are_skipped_and_the_rest_is_read() {
    let text = "{\"ocid\": \"a\", \"date\": \"x\"}\n{\"ocid\": \"b\", \"x\": tru}\n{\"ocid\": \"c\"} {\"ocid\": 1e400} {\"ocid\": \"d\"}\n";
    let items = read("feed.jsonl", text.as_bytes()).unwrap();
    let summary: Vec<String> = items
        .iter()
        .map(|item| match item {
            Item::Release { release, at, .. } => format!("{} {}:{}", release["ocid"], at.line, at.column),
            Item::Skipped(e) => format!("skipped {} {}:{} {}", e.code(), e.line, e.column, e.pointer),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "\"a\" 1:1",
            "skipped read.syntax 2:23 /x",
            "\"c\" 3:1",
            "skipped read.number_out_of_range 3:29 /ocid",
            "\"d\" 3:31",
        ]
    );
}

/// Decides: a member written twice is a warning with the member's pointer (the last value
/// stands, as `JSON.parse` does), in streamed and in whole values alike.
#[test]
fn duplicate_members_are_warnings_with_their_pointer() {
    let text = "{\"version\": \"1.0\", \"releases\": [{\"ocid\": \"a\", \"tag\": [\"x\"], \"tag\": [\"y\"]}], \"version\": \"1.1\"}\n";
    for items in [read("p.json", text.as_bytes()).unwrap(), read_streaming("p.json", text.as_bytes()).unwrap()] {
        let warnings: Vec<(String, &str)> = items
            .iter()
            .filter_map(|item| match item {
                Item::Warning(w) => Some((w.pointer.clone(), w.code())),
                _ => None,
            })
            .collect();
        assert_eq!(
            warnings,
            [("/releases/0/tag".to_owned(), "read.duplicate_member"), ("/version".to_owned(), "read.duplicate_member")]
        );
        let release = items.iter().find_map(|item| match item {
            Item::Release { release, at, .. } => Some((release, at)),
            _ => None,
        });
        let (release, at) = release.expect("a release");
        assert_eq!(release["tag"][0], "y");
        assert_eq!(at.pointer, "/releases/0");
        assert_eq!(at.pointer_to("/tag/0"), "/releases/0/tag/0");
        let Some(Item::Package(package)) = items.last() else { panic!("package last") };
        assert_eq!(package.version(), "1.1");
    }
}
