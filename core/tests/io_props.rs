//! Property tests of the reader: never a panic on any bytes; the same items whether a value is
//! parsed whole or streamed; every release of a package comes out, in order.

use edca::io::{Item, Reader, Source};
use proptest::prelude::*;
use serde_json::{Value, json};

fn read(bytes: Vec<u8>, line_limit: usize) -> Result<Vec<Item>, edca::io::ReadError> {
    Reader::new().with_line_limit(line_limit).read_all(Source::from_bytes("prop", bytes)?)
}

/// Read without an error and without a skipped value.
fn clean(result: &Result<Vec<Item>, edca::io::ReadError>) -> bool {
    result.as_ref().is_ok_and(|items| !items.iter().any(|item| matches!(item, Item::Skipped(_))))
}

/// Arbitrary JSON, with the kinds of values real feeds hold.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-zA-Záéíóúñ \"\\\\/{}\\[\\],:\n]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..5)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn release() -> impl Strategy<Value = Value> {
    ("[a-z0-9-]{1,10}", json_value()).prop_map(|(ocid, extra)| json!({"ocid": ocid, "extra": extra}))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_give_items_or_a_typed_error(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = read(bytes, 1 << 20);
    }

    #[test]
    fn mutated_packages_never_panic(
        releases in prop::collection::vec(release(), 0..4),
        cut in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut text = serde_json::to_vec_pretty(&json!({"version": "1.1", "releases": releases})).unwrap();
        let at = cut.index(text.len());
        text[at] = byte;
        let whole = read(text.clone(), 1 << 20);
        let streamed = read(text, 5);
        prop_assert_eq!(clean(&whole), clean(&streamed));
    }

    #[test]
    fn whole_and_streamed_reading_agree(
        releases in prop::collection::vec(release(), 0..6),
        pretty in any::<bool>(),
        lines in any::<bool>(),
    ) {
        let package = json!({"uri": "u", "version": "1.1", "releases": releases});
        let mut text = if pretty { serde_json::to_vec_pretty(&package) } else { serde_json::to_vec(&package) }.unwrap();
        if lines {
            for release in &releases {
                text.push(b'\n');
                text.extend(serde_json::to_vec(release).unwrap());
            }
        }
        let whole = read(text.clone(), 1 << 20).unwrap();
        prop_assert_eq!(&whole, &read(text, 3).unwrap());
        let packaged: Vec<&Value> = whole.iter().filter_map(|item| match item {
            Item::Release { release, package: Some(_), .. } => Some(release),
            _ => None,
        }).collect();
        prop_assert_eq!(packaged, releases.iter().collect::<Vec<_>>());
    }
}

/// A reader that hands out at most `step` bytes per read, so that the parallel reader's window
/// meets the end of its data inside strings, escapes, numbers and between elements.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
}

impl std::io::Read for Trickle {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(out.len()).min(self.bytes.len() - self.at);
        out[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The parallel reader, fed a few bytes at a time, every value streamed.
fn read_parallel(bytes: Vec<u8>, step: usize) -> Result<Vec<Item>, edca::io::ReadError> {
    let source = Source::from_read("prop", Trickle { bytes, at: 0, step })?;
    Reader::new().with_line_limit(3).read_all(source)
}

/// The reader before the parallel one: one thread, streamed through the parser.
fn read_serial(bytes: Vec<u8>) -> Result<Vec<Item>, edca::io::ReadError> {
    Reader::new().with_serial_streaming().with_line_limit(3).read_all(Source::from_bytes("prop", bytes)?)
}

/// What must agree between the two readers: every item but positions (the serial reader gives
/// items the position of their top-level value).
fn contents(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Item::Release { release, package, at } => format!("release {package:?} {} {release}", at.pointer),
            Item::Record { record, package, at } => format!("record {package:?} {} {record}", at.pointer),
            Item::Warning(w) => format!("warning {} {}", w.code(), w.pointer),
            other => format!("{other:?}"),
        })
        .collect()
}

/// The package as text: member order, pretty or compact, a BOM, whitespace.
fn package_text(releases: &[Value], version_last: bool, pretty: bool, bom: bool) -> Vec<u8> {
    let mut package = serde_json::Map::new();
    package.insert("uri".into(), json!("https://example.org/[p]{\"q\"}"));
    if !version_last {
        package.insert("version".into(), json!("1.1"));
    }
    package.insert("releases".into(), Value::Array(releases.to_vec()));
    if version_last {
        package.insert("version".into(), json!("1.1"));
    }
    let package = Value::Object(package);
    let mut text = if bom { vec![0xEF, 0xBB, 0xBF, b'\n'] } else { Vec::new() };
    text.extend(if pretty { serde_json::to_vec_pretty(&package) } else { serde_json::to_vec(&package) }.unwrap());
    text.extend(b"\n  \n");
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// Decides: the serial streaming reader (the oracle) and `serde_json::from_slice` of the
    /// whole text. Same items in the same order; each item's line and column point at its
    /// first byte, its pointer resolves to it in the whole value.
    #[test]
    fn parallel_reader_equals_the_serial_one(
        releases in prop::collection::vec(release(), 0..8),
        version_last in any::<bool>(),
        pretty in any::<bool>(),
        bom in any::<bool>(),
        step in 1usize..40,
    ) {
        let text = package_text(&releases, version_last, pretty, bom);
        let parallel = read_parallel(text.clone(), step).unwrap();
        let serial = read_serial(text.clone()).unwrap();
        prop_assert_eq!(contents(&parallel), contents(&serial));
        let start = if bom { 3 } else { 0 };
        let whole: Value = serde_json::from_slice(&text[start..]).unwrap();
        let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
        for item in &parallel {
            if let Item::Release { release, at, .. } = item {
                prop_assert_eq!(whole.pointer(&at.pointer), Some(release));
                let line = lines[at.line as usize - 1];
                prop_assert_eq!(line.get(at.column as usize - 1), Some(&b'{'), "{:?}", at);
            }
        }
    }

    /// Decides: the serial reader. Cut at any byte, both hand out the same releases before the
    /// cut and then stop with the same kind of error, on the same line.
    #[test]
    fn truncated_packages_fail_alike(
        releases in prop::collection::vec(release(), 1..3),
        pretty in any::<bool>(),
        cut in any::<prop::sample::Index>(),
        step in 1usize..16,
    ) {
        let text = package_text(&releases, false, pretty, false);
        // Every cut before the closing brace (the text ends with "}\n  \n").
        let end = text.len() - 4;
        let at = cut.index(end);
        let cut = text[..at].to_vec();
        let parallel = read_parallel(cut.clone(), step);
        let serial = read_serial(cut);
        match (parallel, serial) {
            (Err(p), Err(s)) => {
                prop_assert_eq!(p.kind, s.kind, "{} / {}", p, s);
                prop_assert_eq!(p.line, s.line, "{} / {}", p, s);
            }
            (p, s) => prop_assert!(false, "cut at {}: {:?} / {:?}", at, p.map(|i| contents(&i)), s.map(|i| contents(&i))),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Decides: `read_all` (releases built by the reader). The raw hook gets, for every
    /// release, bytes that parse to the same release, its ocid and `date` presence, in order.
    #[test]
    fn raw_releases_parse_to_the_releases_read(
        releases in prop::collection::vec(release(), 0..6),
        pretty in any::<bool>(),
        lines in any::<bool>(),
    ) {
        let mut text = package_text(&releases, false, pretty, false);
        if lines {
            for release in &releases {
                text.extend(serde_json::to_vec(release).unwrap());
                text.push(b'\n');
            }
        }
        let read: Vec<Value> = Reader::new().read_all(Source::from_bytes("p", text.clone()).unwrap()).unwrap()
            .into_iter()
            .filter_map(|item| match item { Item::Release { release, .. } => Some(release), _ => None })
            .collect();
        let mut raw = Vec::new();
        Reader::new().read_releases_raw(
            Source::from_bytes("p", text).unwrap(),
            |r| Some((serde_json::from_slice::<Value>(r.bytes).unwrap(), r.ocid.map(str::to_owned), r.has_date)),
            |_| None,
            |item, extra| {
                if let (Item::Release { .. }, Some(extra)) = (item, extra) {
                    raw.push(extra);
                }
                Ok(())
            },
        ).unwrap();
        prop_assert_eq!(raw.len(), read.len());
        for ((value, ocid, has_date), release) in raw.iter().zip(&read) {
            prop_assert_eq!(value, release);
            prop_assert_eq!(ocid.as_deref(), release["ocid"].as_str());
            prop_assert_eq!(*has_date, release.get("date").is_some());
        }
    }
}
