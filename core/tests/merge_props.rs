//! Properties of the merge on random release sets: adversarial ones (nulls, fields that change
//! type, empty containers, missing, repeated, numeric, boolean and float ids, equal dates, several
//! ocids) and well-formed ones (each field keeps its type, ids are strings).

use edca::merge::{ArrayStrategy, Merger};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// A schema with each kind of rule, at the root and below arrays.
fn schema() -> Value {
    json!({"properties": {
        "id": {"type": "string", "omitWhenMerged": true},
        "date": {"type": "string", "omitWhenMerged": true},
        "tag": {"type": "array", "items": {"type": "string"}, "omitWhenMerged": true},
        "omit": {"type": "string", "omitWhenMerged": true},
        "whole": {"type": "array", "wholeListMerge": true, "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
        "strings": {"type": "array", "items": {"type": "string"}},
        "arr": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "string"},
            "omit": {"omitWhenMerged": true},
            "whole": {"type": "array", "wholeListMerge": true, "items": {"type": "object"}}
        }}}
    }})
}

const NAMES: &[&str] = &["a", "b", "id", "arr", "whole", "strings", "omit", "obj", "0", "None"];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_owned)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-2i64..3).prop_map(Value::from),
        Just(json!(1.5)),
        Just(json!(1.0)),
        "[ab]{0,2}".prop_map(Value::from),
    ]
}

fn id() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => "[1-3]".prop_map(Value::from),
        3 => (1i64..4).prop_map(Value::from),
        1 => Just(Value::Null),
        1 => Just(json!(1.0)),
        1 => Just(json!(true)),
        1 => Just(json!("None")),
        1 => Just(json!(-0.0)),
    ]
}

fn object(inner: impl Strategy<Value = Value> + Clone, with_id: bool) -> impl Strategy<Value = Value> {
    let id = if with_id { prop::option::weighted(0.7, id()).boxed() } else { Just(None).boxed() };
    (id, prop::collection::vec((name(), inner), 0..4)).prop_map(|(id, members)| {
        let mut m = Map::new();
        if let Some(id) = id {
            m.insert("id".into(), id);
        }
        m.extend(members);
        Value::Object(m)
    })
}

fn long_entry() -> impl Strategy<Value = Value> {
    let id = prop_oneof![
        8 => (0u32..20).prop_map(|i| Value::from(i.to_string())),
        2 => (0i64..20).prop_map(Value::from),
        1 => Just(Value::Null),
    ];
    (prop::option::weighted(0.9, id), scalar()).prop_map(|(id, a)| {
        let mut m = Map::new();
        if let Some(id) = id {
            m.insert("id".into(), id);
        }
        m.insert("a".into(), a);
        Value::Object(m)
    })
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 32, 4, |inner| {
        prop_oneof![
            object(inner.clone(), true),
            prop::collection::vec(object(inner.clone(), true), 0..4).prop_map(Value::Array),
            // Long arrays: entries found through a hash map, many ids in one array.
            prop::collection::vec(long_entry(), 9..16).prop_map(Value::Array),
            prop::collection::vec(scalar(), 0..3).prop_map(Value::Array),
            (scalar(), object(inner, true)).prop_map(|(s, o)| json!([s, o])),
        ]
    })
}

const DATES: &[&str] = &["2020-01-01", "2020-01-02", "2020-01-03"];

fn release() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(&["ocds-a", "ocds-b"][..]),
        "[1-9]",
        prop::sample::select(DATES),
        prop::option::of(Just(json!(["tender"]))),
        prop::collection::vec((name(), value()), 0..6),
    )
        .prop_map(|(ocid, id, date, tag, members)| {
            let mut m = Map::new();
            m.insert("ocid".into(), ocid.into());
            m.insert("id".into(), id.into());
            m.insert("date".into(), date.into());
            if let Some(tag) = tag {
                m.insert("tag".into(), tag);
            }
            m.extend(members);
            Value::Object(m)
        })
}

fn mergers() -> Vec<Merger> {
    let base = || Merger::from_schema(&schema()).unwrap();
    vec![
        base(),
        base().with_strategy(["arr"], ArrayStrategy::Append),
        base().with_default_strategy(ArrayStrategy::ByPosition),
    ]
}

/// Every history entry's `releaseDate` is no earlier than the one before it.
fn histories_ordered(v: &Value) -> bool {
    match v {
        Value::Array(items) if items.iter().all(|i| i.get("releaseDate").is_some() && i.get("value").is_some()) => {
            items.windows(2).all(|w| w[0]["releaseDate"].as_str() <= w[1]["releaseDate"].as_str())
        }
        Value::Array(items) => items.iter().all(histories_ordered),
        Value::Object(m) => m.values().all(histories_ordered),
        _ => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Never panics; the fast engine agrees with the literal model of the reference on every set
    /// it merges itself; JSON text equals the serialized value; basic shape of the outputs.
    #[test]
    fn fast_engine_equals_reference_model(releases in prop::collection::vec(release(), 1..5)) {
        for merger in mergers() {
            let compiled = merger.compile(&releases);
            let reference = merger.compile_reference(&releases);
            prop_assert_eq!(&compiled, &reference);
            let versioned = merger.versioned(&releases);
            prop_assert_eq!(&versioned, &merger.versioned_reference(&releases));
            let text = merger.compile_json(&releases);
            match (&compiled, &text) {
                (Ok(c), Ok(t)) => prop_assert_eq!(serde_json::to_string(&c.release).unwrap(), t.json.clone()),
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                _ => prop_assert!(false, "compile and compile_json disagree"),
            }
            let vtext = merger.versioned_json(&releases);
            match (&versioned, &vtext) {
                (Ok(c), Ok(t)) => prop_assert_eq!(serde_json::to_string(&c.release).unwrap(), t.json.clone()),
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                _ => prop_assert!(false, "versioned and versioned_json disagree"),
            }
            if let Ok(c) = compiled {
                prop_assert_eq!(&c.release["tag"], &json!(["compiled"]));
                let last = releases.iter().filter_map(|r| r["date"].as_str()).max().unwrap();
                prop_assert_eq!(&c.release["date"], &json!(last));
                let ocid = c.release["ocid"].as_str().unwrap().to_owned();
                prop_assert_eq!(&c.release["id"], &json!(format!("{ocid}-{last}")));
            }
            if let Ok(v) = versioned {
                prop_assert!(histories_ordered(&v.release));
            }
        }
    }

    /// With distinct dates, the order the releases come in does not matter.
    #[test]
    fn input_order_does_not_matter_with_distinct_dates(
        mut releases in prop::collection::vec(release(), 1..5),
        seed in any::<u64>(),
    ) {
        for (i, r) in releases.iter_mut().enumerate() {
            r["date"] = json!(format!("2020-02-{:02}", i + 1));
        }
        let mut shuffled = releases.clone();
        let n = shuffled.len();
        for i in 0..n {
            shuffled.swap(i, (seed.rotate_left(i as u32 * 7) as usize) % n);
        }
        let merger = Merger::from_schema(&schema()).unwrap();
        prop_assert_eq!(merger.compile(&releases), merger.compile(&shuffled));
        prop_assert_eq!(merger.versioned(&releases), merger.versioned(&shuffled));
    }
}

// --- well-formed release sets ---------------------------------------------------------------

/// Each member name has one kind of value, at any depth: no field changes type, no `null`.
fn wf_value(name: &'static str, depth: u32) -> BoxedStrategy<Value> {
    let leaf = || prop_oneof!["[a-c]{1,3}".prop_map(Value::from), (0i64..100).prop_map(Value::from)].boxed();
    if depth >= 2 {
        return leaf();
    }
    match name {
        "obj" => wf_object(depth + 1, None).boxed(),
        "arr" | "whole" => {
            prop::collection::vec(wf_object(depth + 1, Some("[a-d]")), 1..4).prop_map(Value::Array).boxed()
        }
        "strings" => prop::collection::vec("[a-c]".prop_map(Value::from), 0..3).prop_map(Value::Array).boxed(),
        _ => leaf(),
    }
}

const WF_NAMES: &[&str] = &["a", "b", "obj", "arr", "whole", "strings", "omit"];

fn wf_object(depth: u32, id: Option<&'static str>) -> BoxedStrategy<Value> {
    let members: Vec<BoxedStrategy<(&'static str, Value)>> =
        WF_NAMES.iter().map(|n| (Just(*n), wf_value(n, depth)).boxed()).collect();
    let id = match id {
        Some(pattern) => pattern.prop_map(Some).boxed(),
        None => Just(None).boxed(),
    };
    (id, prop::sample::subsequence(members, 0..4).prop_flat_map(|s| s))
        .prop_map(|(id, members)| {
            let mut m = Map::new();
            if let Some(id) = id {
                m.insert("id".into(), Value::String(id));
            }
            for (k, v) in members {
                m.insert(k.into(), v);
            }
            Value::Object(m)
        })
        .boxed()
}

fn wf_releases() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(wf_object(0, None), 2..6).prop_map(|bodies| {
        bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| {
                let mut m = Map::new();
                m.insert("ocid".into(), json!("ocds-w"));
                m.insert("id".into(), json!(format!("r{i}")));
                m.insert("date".into(), json!(format!("2021-03-{:02}", i + 1)));
                m.insert("tag".into(), json!(["update"]));
                for (k, v) in body.as_object().unwrap() {
                    m.insert(k.clone(), v.clone());
                }
                Value::Object(m)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// On well-formed data, compiling the first releases and then merging that compiled release
    /// with the rest gives the compiled release of all of them; and the fast engine never needs
    /// the literal model.
    #[test]
    fn compiling_in_two_halves(releases in wf_releases(), split in 1usize..5) {
        let merger = Merger::from_schema(&schema()).unwrap();
        let split = split.min(releases.len() - 1);
        let whole = merger.compile(&releases).unwrap();
        let first = merger.compile(&releases[..split]).unwrap();
        let mut rest = vec![first.release];
        rest.extend(releases[split..].iter().cloned());
        let halves = merger.compile(&rest).unwrap();
        prop_assert_eq!(
            serde_json::to_string(&halves.release).unwrap(),
            serde_json::to_string(&whole.release).unwrap()
        );
        prop_assert!(merger.is_fast(&releases, false).unwrap());
        prop_assert!(merger.is_fast(&releases, true).unwrap());
    }
}
