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
