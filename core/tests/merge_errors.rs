//! Each error of the merge and the duplicate-id warning, with the reference's behaviour around
//! them (outputs checked against ocdsmerge 0.8.0).

use edca::merge::{MergeError, MergeRules, MergeWarning, Merger};
use serde_json::{Value, json};

/// Like OCDS 1.1: a release's `id`, `date` and `tag` are omitted when merged.
fn merger() -> Merger {
    let schema = json!({"properties": {
        "id": {"type": "string", "omitWhenMerged": true},
        "date": {"type": "string", "omitWhenMerged": true},
        "tag": {"type": "array", "items": {"type": "string"}, "omitWhenMerged": true}
    }});
    Merger::from_schema(&schema).unwrap()
}

fn both(releases: &[Value]) -> (Result<Value, MergeError>, Result<Value, MergeError>) {
    let m = merger();
    let compiled = m.compile(releases).map(|r| r.release);
    assert_eq!(compiled, m.compile_reference(releases).map(|r| r.release), "engines disagree");
    let versioned = m.versioned(releases).map(|r| r.release);
    assert_eq!(versioned, m.versioned_reference(releases).map(|r| r.release), "engines disagree");
    (compiled, versioned)
}

#[test]
fn release_that_is_not_an_object() {
    let releases = [json!({"ocid": "o", "id": "1", "date": "2020"}), json!("a release")];
    assert_eq!(both(&releases).0, Err(MergeError::NonObjectRelease { index: 1 }));
    assert_eq!(both(&[json!(42)]).1, Err(MergeError::NonObjectRelease { index: 0 }));
    let err = merger().compile(&[json!([])]).unwrap_err();
    assert_eq!(err.to_string(), "release 0 is not a JSON object");
}

#[test]
fn release_without_date() {
    let releases = [json!({"ocid": "o", "id": "1", "date": "2020"}), json!({"ocid": "o", "id": "2"})];
    let want = MergeError::MissingDate { index: 1, ocid: Some("o".into()), release_id: Some("2".into()) };
    assert_eq!(both(&releases).0, Err(want.clone()));
    assert_eq!(both(&releases).1, Err(want.clone()));
    assert!(want.to_string().contains("\"o\"") && want.to_string().contains("\"2\""));
    // A lone release is not checked: its compiled `id` uses Python's `None`.
    let lone = both(&[json!({"ocid": "o", "id": "1"})]).0.unwrap();
    assert_eq!(lone, json!({"tag": ["compiled"], "id": "o-None", "ocid": "o"}));
}

#[test]
fn null_date() {
    let releases = [json!({"ocid": "o", "id": "1", "date": null}), json!({"ocid": "o", "id": "2", "date": "2020"})];
    let want = MergeError::NullDate { index: 0, ocid: Some("o".into()), release_id: Some("1".into()) };
    assert_eq!(both(&releases).0, Err(want));
}

#[test]
fn non_string_date() {
    let releases = [json!({"ocid": "o", "id": "1", "date": "2020"}), json!({"ocid": "o", "id": "2", "date": 5})];
    let want = MergeError::NonStringDate { index: 1, ocid: Some("o".into()), release_id: Some("2".into()) };
    assert_eq!(both(&releases).0, Err(want));
    let objects = [json!({"ocid": "o", "date": {}}), json!({"ocid": "o", "date": {}})];
    assert!(matches!(both(&objects).0, Err(MergeError::NonStringDate { index: 0, .. })));
    // Numbers order among themselves in Python, so the reference merges them.
    let numbers = [json!({"ocid": "o", "id": "1", "date": 10}), json!({"ocid": "o", "id": "2", "date": 9, "x": 1})];
    assert_eq!(both(&numbers).0.unwrap(), json!({"tag": ["compiled"], "id": "o-10", "date": 10, "ocid": "o", "x": 1}));
}

#[test]
fn value_then_object_is_inconsistent() {
    let releases = [
        json!({"ocid": "o", "id": "1", "date": "2020-01-01", "tender": "x"}),
        json!({"ocid": "o", "id": "2", "date": "2020-01-02", "tender": {"title": "t"}}),
    ];
    let err = both(&releases).0.unwrap_err();
    let MergeError::InconsistentType { ocid, release_id, pointer, detail } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((ocid.as_deref(), release_id.as_deref(), pointer.as_str()), (Some("o"), Some("2"), "/tender"));
    assert!(detail.contains("'x'") && detail.contains("\"title\""), "{detail}");
    assert!(err.to_string().contains("/tender"));
    // The other way round the object is kept and the value ignored, as the reference does.
    let reversed = [releases[1].clone(), json!({"ocid": "o", "id": "3", "date": "2020-01-03", "tender": "x"})];
    let compiled = both(&reversed).0.unwrap();
    assert_eq!(compiled["tender"], json!({"title": "t"}));
}

#[test]
fn null_then_object_is_kept_compiled_but_inconsistent_versioned() {
    let releases = [
        json!({"ocid": "o", "id": "1", "date": "2020-01-01", "tender": null, "buyer": {"name": "b"}}),
        json!({"ocid": "o", "id": "2", "date": "2020-01-02", "tender": {"title": "t"}}),
    ];
    let (compiled, versioned) = both(&releases);
    // `tender` comes after `buyer`: the reference creates it where its first field comes.
    let text = serde_json::to_string(&compiled.unwrap()).unwrap();
    assert_eq!(
        text,
        r#"{"tag":["compiled"],"id":"o-2020-01-02","date":"2020-01-02","ocid":"o","buyer":{"name":"b"},"tender":{"title":"t"}}"#
    );
    assert!(matches!(versioned, Err(MergeError::InconsistentType { .. })));
    assert!(merger().is_fast(&releases, false).unwrap(), "the fast engine handles a null that becomes an object");
}

#[test]
fn id_that_is_an_object() {
    let releases = [json!({"ocid": "o", "id": "1", "date": "2020", "awards": [{"id": {"a": 1}, "title": "t"}]})];
    let want =
        MergeError::UnhashableId { ocid: Some("o".into()), release_id: Some("1".into()), pointer: "/awards/0".into() };
    assert_eq!(both(&releases).0, Err(want.clone()));
    assert_eq!(both(&releases).1, Err(want));
}

#[test]
fn schema_errors() {
    for schema in [json!([]), json!({"type": "object"}), json!({"properties": {"a": 5}})] {
        assert!(matches!(MergeRules::from_schema(&schema), Err(MergeError::Schema { .. })), "{schema}");
    }
    let err = Merger::from_schema(&json!({"properties": {"a": {"$ref": "#/definitions/X"}}})).unwrap_err();
    let MergeError::Schema { pointer, .. } = err else { panic!() };
    assert_eq!(pointer, "/properties/a");
}

#[test]
fn duplicate_id_warns_and_merges() {
    let releases = [json!({"ocid": "o", "id": "r1", "date": "2020", "awards": [
        {"id": "a1", "items": [{"id": "1", "quantity": 1}, {"id": "1", "quantity": 2}, {"id": "1", "unit": "u"}]}
    ]})];
    let m = merger();
    let merged = m.compile(&releases).unwrap();
    assert_eq!(merged.release["awards"], json!([{"id": "a1", "items": [{"id": "1", "quantity": 2, "unit": "u"}]}]));
    let warning = MergeWarning::DuplicateId {
        ocid: Some("o".into()),
        release_id: Some("r1".into()),
        pointer: "/awards/0/items".into(),
        id: "1".into(),
    };
    // One warning per repeated entry, as the reference warns.
    assert_eq!(merged.warnings, vec![warning.clone(), warning.clone()]);
    assert!(warning.to_string().contains("/awards/0/items"));
    assert_eq!(m.versioned(&releases).unwrap().warnings.len(), 2);
    assert_eq!(m.compile_reference(&releases).unwrap().warnings, merged.warnings);
}

#[test]
fn ids_that_collide_as_text_warn_but_stay_apart() {
    // `1` and `"1"` are the same text (a warning) but different values (two entries).
    let releases = [
        json!({"ocid": "o", "id": "1", "date": "2020", "awards": [{"id": 1, "title": "a"}, {"id": "1", "status": "b"}]}),
    ];
    let m = merger();
    let merged = m.compile(&releases).unwrap();
    assert_eq!(merged.release["awards"], json!([{"id": 1, "title": "a"}, {"id": "1", "status": "b"}]));
    assert_eq!(merged.warnings.len(), 1);
    assert!(!m.is_fast(&releases, false).unwrap());
}
