//! Behaviour of single members: what is typed, what stays raw, and what the accessors say.

use edca::model::{Amount, Data, Date, Field, Id, Json, Organization, Release, ReleasePackage, Tender, Value};
use rust_decimal::Decimal;
use std::str::FromStr;

fn release(text: &str) -> Release {
    serde_json::from_str(text).expect("a release object")
}

/// The text serde_json itself writes for this JSON (the model must write the same).
fn canonical(text: &str) -> String {
    serde_json::to_string(&serde_json::from_str::<Json>(text).expect("valid JSON")).expect("writes")
}

fn assert_round_trip(text: &str) {
    let data = Data::from_slice(text.as_bytes()).expect("reads");
    assert_eq!(serde_json::to_string(&data).expect("writes"), canonical(text), "input: {text}");
}

#[test]
fn string_amount_is_kept_raw() {
    let v: Value = serde_json::from_str(r#"{"amount":"1,000.00","currency":"MXN"}"#).expect("value");
    assert_eq!(v.amount.raw(), Some(&Json::String("1,000.00".into())));
    assert_eq!(v.amount(), None);
    assert_eq!(v.amount_text(), Some("1,000.00"));
    assert_eq!(v.currency(), Some("MXN"));
    assert_eq!(serde_json::to_string(&v).expect("writes"), r#"{"amount":"1,000.00","currency":"MXN"}"#);
}

#[test]
fn numeric_amount_is_an_exact_decimal_with_its_text() {
    let v: Value = serde_json::from_str(r#"{"amount":1.50,"currency":"MXN"}"#).expect("value");
    let amount = v.amount();
    assert_eq!(amount, Some(Decimal::from_str("1.50").expect("decimal")));
    assert_eq!(amount.map(|d| d.scale()), Some(2));
    assert_eq!(v.amount.get().map(Amount::text), Some("1.50"));
    assert_eq!(serde_json::to_string(&v).expect("writes"), r#"{"amount":1.50,"currency":"MXN"}"#);
}

#[test]
fn odd_numbers_keep_their_text_and_convert_only_when_exact() {
    // serde_json keeps a number's digits but writes an exponent as `e+`/`e-`; the model keeps
    // exactly what serde_json read.
    let cases = [
        ("1e300", "1e+300", None),
        ("-0", "-0", Some("0")),
        ("123456789012345678901234567890.123", "123456789012345678901234567890.123", None),
        ("1.5e2", "1.5e+2", Some("150")),
        ("12E-3", "12e-3", Some("0.012")),
        ("18700000", "18700000", Some("18700000")),
        ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827", None),
    ];
    for (input, kept, decimal) in cases {
        let v: Value = serde_json::from_str(&format!(r#"{{"amount":{input}}}"#)).expect("value");
        assert_eq!(v.amount.get().map(Amount::text), Some(kept));
        let expected = decimal.map(|d| Decimal::from_str(d).expect("decimal"));
        assert_eq!(v.amount(), expected, "{input}");
        assert_eq!(serde_json::to_string(&v).expect("writes"), format!(r#"{{"amount":{kept}}}"#));
        assert_round_trip(&format!(r#"{{"ocid":"o","tender":{{"value":{{"amount":{input}}}}}}}"#));
    }
}

#[test]
fn integer_id_is_kept_as_integer() {
    let r = release(r#"{"ocid":"ocds-1","id":1234567890123456789012}"#);
    assert!(matches!(r.id, Field::Value(Id::Integer(_))));
    assert_eq!(r.id(), Some("1234567890123456789012"));
    assert_eq!(serde_json::to_string(&r).expect("writes"), r#"{"ocid":"ocds-1","id":1234567890123456789012}"#);

    // A fractional id is not an integer: kept raw.
    let r = release(r#"{"id":1.5}"#);
    assert!(r.id.raw().is_some_and(Json::is_number));
    assert_eq!(r.id(), None);
}

#[test]
fn null_and_absent_are_different() {
    let r = release(r#"{"ocid":null}"#);
    assert!(r.ocid.is_null());
    assert!(r.ocid.is_present());
    assert!(r.id.is_absent());
    assert_eq!(r.ocid(), None);
    assert_eq!(serde_json::to_string(&r).expect("writes"), r#"{"ocid":null}"#);
}

#[test]
fn dates_keep_their_text_and_parse_only_when_rfc3339() {
    let cases = [
        ("2018-01-03T00:00:00Z", true),
        ("2015-11-09T00:00:00-06:00", true),
        ("2019-01-01T00:00:00.000Z", true),
        ("20/12/2016.", false),
        ("-", false),
        ("18-06-12T15:37:08Z", false),
        ("0001-01-01T00:00:00", false),
        ("2015-11-09T00:00:00.-06:00", false),
        ("", false),
    ];
    for (text, valid) in cases {
        let r = release(&format!(r#"{{"date":{}}}"#, Json::String(text.into())));
        let date = r.date().expect("a date string is a Date");
        assert_eq!(date.text(), text);
        assert_eq!(date.parsed().is_some(), valid, "{text}");
        assert_eq!(date.is_valid(), valid);
        assert_round_trip(&format!(r#"{{"ocid":"x","date":{}}}"#, Json::String(text.into())));
    }
    let offset = Date::new("2015-11-09T00:00:00-06:00").parsed().expect("valid");
    assert_eq!(offset.offset().local_minus_utc(), -6 * 3600);
    // A date that is not a string is raw.
    let r = release(r#"{"date":20161220}"#);
    assert!(r.date.raw().is_some());
    assert_eq!(r.date(), None);
}

#[test]
fn tag_reads_as_array_or_plain_string() {
    assert_eq!(release(r#"{"tag":["planning","tender"]}"#).tags(), ["planning", "tender"]);
    let r = release(r#"{"tag":"tender"}"#);
    assert!(r.tag.raw().is_some());
    assert_eq!(r.tags(), ["tender"]);
    let r = release(r#"{"tag":["award",5,null]}"#);
    assert_eq!(r.tag.raw().map(ToString::to_string).as_deref(), Some(r#"["award",5,null]"#));
    assert_eq!(r.tags(), ["award"]);
    assert!(release("{}").tags().is_empty());
}

#[test]
fn wrong_types_are_kept_raw_at_any_depth() {
    let text = r#"{"ocid":"o","buyer":"SHCP","tender":{"title":{"es":"Obra"},"value":5.00,
        "items":[{"id":1,"quantity":"3"},"not an item"],"numberOfTenderers":2.5,"hasEnquiries":"no",
        "tenderPeriod":[]},"awards":{"0":{}},"planning":[{"budget":{}}]}"#;
    let r = release(text);
    assert_eq!(r.buyer.raw(), Some(&Json::String("SHCP".into())));
    assert!(r.awards.raw().is_some_and(Json::is_object));
    assert!(r.planning.raw().is_some_and(Json::is_array));
    let t: &Tender = r.tender.get().expect("tender is an object");
    assert!(t.title.raw().is_some_and(Json::is_object));
    assert_eq!(t.value.raw().map(ToString::to_string).as_deref(), Some("5.00"));
    assert!(t.items.raw().is_some_and(Json::is_array), "one odd element makes the array raw");
    assert!(t.number_of_tenderers.raw().is_some());
    assert!(t.has_enquiries.raw().is_some());
    assert!(t.tender_period.raw().is_some());
    assert_round_trip(text);
}

#[test]
fn unknown_members_keep_their_place_among_known_ones() {
    let text = r#"{"_id":{"$oid":"5c1"},"z":1,"ocid":"a","y":[2,{"q":null}],"id":"b","x":{}}"#;
    let r = release(text);
    assert_eq!(r.extra.keys().collect::<Vec<_>>(), ["_id", "z", "y", "x"]);
    assert_eq!(serde_json::to_string(&r).expect("writes"), text);
}

#[test]
fn duplicate_members_behave_like_serde_json() {
    for text in [r#"{"ocid":"a","id":"1","ocid":"b"}"#, r#"{"u":1,"ocid":"a","u":2}"#] {
        assert_round_trip(text);
    }
    assert_eq!(release(r#"{"ocid":"a","ocid":"b"}"#).ocid(), Some("b"));
}

#[test]
fn members_set_in_code_are_written_after_those_read() {
    let mut v: Value = serde_json::from_str(r#"{"currency":"MXN","x":1}"#).expect("value");
    v.amount.set(Amount::from_decimal(Decimal::new(500, 2)));
    assert_eq!(serde_json::to_string(&v).expect("writes"), r#"{"currency":"MXN","x":1,"amount":5.00}"#);
    v.currency = Field::Absent;
    assert_eq!(serde_json::to_string(&v).expect("writes"), r#"{"x":1,"amount":5.00}"#);

    let built = Value::new(Decimal::new(12345, 1), "MXN");
    assert_eq!(serde_json::to_string(&built).expect("writes"), r#"{"amount":1234.5,"currency":"MXN"}"#);
}

#[test]
fn numbers_in_object_positions_stay_numbers() {
    // serde_json hands numbers over as a one-member map under a private key; an object
    // member must recognise it and keep the number, text and all.
    let r = release(r#"{"buyer":1.50E+2,"tender":-0,"awards":[1]}"#);
    assert_eq!(r.buyer.raw().map(ToString::to_string).as_deref(), Some("1.50e+2"));
    assert_eq!(r.tender.raw().map(ToString::to_string).as_deref(), Some("-0"));
    assert_eq!(serde_json::to_string(&r).expect("writes"), r#"{"buyer":1.50e+2,"tender":-0,"awards":[1]}"#);
}

#[test]
fn accessors() {
    let r = release(
        r#"{"ocid":"ocds-07smqs-1","id":"r1","parties":[{"id":"p1","roles":["buyer","payer"]},
        {"id":2,"roles":"supplier"}],"awards":[{"id":"a1","value":{"amount":10,"currency":"MXN"}}],
        "contracts":[{"id":"c1","awardID":"a1"}],"url":"ignored: not a linked release"}"#,
    );
    assert_eq!(r.ocid(), Some("ocds-07smqs-1"));
    assert_eq!(r.id(), Some("r1"));
    let buyer: &Organization = r.party("p1").expect("party p1");
    assert!(buyer.has_role("payer"));
    assert_eq!(r.party("2").map(|p| p.roles().count()), Some(0), "roles as a string are raw");
    assert_eq!(r.awards()[0].id(), Some("a1"));
    let amount = r.awards()[0].value.get().and_then(Value::amount);
    assert_eq!(amount, Some(Decimal::from(10)));
    assert_eq!(r.contracts()[0].award_id(), Some("a1"));
    assert_eq!(r.url(), Some("ignored: not a linked release"));
}

#[test]
fn data_classifies_each_shape() {
    let cases = [
        (r#"{"version":"1.1","releases":[{"ocid":"a"}]}"#, "release package"),
        (r#"{"records":[{"ocid":"a","releases":[]}]}"#, "record package"),
        (r#"{"ocid":"a","releases":[{"url":"u","date":"d","tag":["tender"]}]}"#, "record"),
        (r#"{"ocid":"a","tag":["tender"]}"#, "release"),
        (r#"{"ocid":"a","releases":"not an array"}"#, "release"),
        ("{}", "release"),
        (r#"[{"ocid":"a"},{"releases":[]}]"#, "array"),
        ("42", "other"),
        ("null", "other"),
    ];
    for (text, kind) in cases {
        let data = Data::from_slice(text.as_bytes()).expect("reads");
        assert_eq!(data.kind(), kind, "{text}");
        assert_round_trip(text);
        assert_eq!(Data::from_value(&serde_json::from_str(text).expect("json")).expect("reads"), data);
    }
    let data = Data::from_slice(br#"[{"ocid":"a"},{"releases":[{"ocid":"b"}]}]"#).expect("reads");
    let ocids: Vec<_> = data.releases().iter().filter_map(|r| r.ocid()).collect();
    assert_eq!(ocids, ["a", "b"]);

    let Data::Record(record) = Data::from_slice(br#"{"ocid":"a","releases":[{"url":"u"}],"x":1}"#).expect("reads")
    else {
        panic!("a record");
    };
    assert_eq!(record.releases()[0].url(), Some("u"));
    assert_eq!(record.extra.get("x"), Some(&Json::from(1)));
}

#[test]
fn members_of_another_shape_stay_in_place() {
    // `tag` is not a package member: it becomes an unknown member of the release package.
    let text = r#"{"uri":"u","tag":["x"],"releases":[],"ocid_":1}"#;
    let Data::ReleasePackage(p) = Data::from_slice(text.as_bytes()).expect("reads") else {
        panic!("a release package");
    };
    assert_eq!(p.extra.keys().collect::<Vec<_>>(), ["tag", "ocid_"]);
    assert_eq!(serde_json::to_string(&p).expect("writes"), text);
    let _: ReleasePackage = serde_json::from_str(text).expect("reads directly too");
}

#[test]
fn errors_are_typed_not_panics() {
    assert!(Data::from_slice(b"{\"ocid\":").is_err());
    assert!(Data::from_slice(b"{} trailing").is_err());
    assert!(Data::from_slice(b"\xff").is_err());
    assert!(serde_json::from_str::<Release>("[1]").is_err(), "a release must be an object");
}

#[test]
fn objects_with_many_members_keep_their_order() {
    // More members than the order keeps inline, known and unknown interleaved.
    let mut members: Vec<String> = (0..40).map(|i| format!(r#""x{i}":{i}"#)).collect();
    for (at, known) in [(3, r#""ocid":"o""#), (17, r#""id":7"#), (25, r#""tag":["tender"]"#), (39, r#""date":"-""#)] {
        members.insert(at, known.to_owned());
    }
    let text = format!("{{{}}}", members.join(","));
    let r = release(&text);
    assert_eq!(r.extra.len(), 40);
    assert_eq!(r.id(), Some("7"));
    assert_eq!(serde_json::to_string(&r).expect("writes"), text);
}
