//! Generated releases — nested known objects with right and wrong member types, unknown
//! members, deep nesting, odd numbers and dates, nulls — read and write back exactly.

use edca::model::{Data, Json, JsonMap, Release};
use proptest::prelude::*;

/// The type OCDS gives a member, enough to generate well-typed values.
#[derive(Clone, Copy)]
enum K {
    Str,
    Date,
    Id,
    Num,
    Int,
    Bool,
    Obj(Shape),
    Arr(&'static K),
}

type Shape = &'static [(&'static str, K)];

const EXCHANGE_RATE: Shape = &[("rate", K::Num), ("currency", K::Str), ("date", K::Date)];
const VALUE: Shape = &[
    ("amount", K::Num),
    ("currency", K::Str),
    ("netAmount", K::Num),
    ("exchangeRates", K::Arr(&K::Obj(EXCHANGE_RATE))),
];
const PERIOD: Shape =
    &[("startDate", K::Date), ("endDate", K::Date), ("maxExtentDate", K::Date), ("durationInDays", K::Int)];
const IDENTIFIER: Shape = &[("scheme", K::Str), ("id", K::Id), ("legalName", K::Str), ("schemeURL", K::Str)];
const ADDRESS: Shape = &[("streetAddress", K::Str), ("region", K::Str), ("postalCode", K::Str)];
const CONTACT_POINT: Shape = &[
    ("name", K::Str),
    ("email", K::Str),
    ("type", K::Str),
    ("availableLanguage", K::Arr(&K::Str)),
    ("address", K::Obj(ADDRESS)),
];
const ORG_REF: Shape = &[("id", K::Id), ("name", K::Str), ("identifier", K::Obj(IDENTIFIER))];
const ORGANIZATION: Shape = &[
    ("name", K::Str),
    ("id", K::Id),
    ("identifier", K::Obj(IDENTIFIER)),
    ("additionalIdentifiers", K::Arr(&K::Obj(IDENTIFIER))),
    ("address", K::Obj(ADDRESS)),
    ("contactPoint", K::Obj(CONTACT_POINT)),
    ("roles", K::Arr(&K::Str)),
    ("memberOf", K::Arr(&K::Obj(ORG_REF))),
];
const DOCUMENT: Shape = &[("id", K::Id), ("documentType", K::Str), ("url", K::Str), ("datePublished", K::Date)];
const CLASSIFICATION: Shape = &[("scheme", K::Str), ("id", K::Id), ("description", K::Str)];
const UNIT: Shape = &[("name", K::Str), ("value", K::Obj(VALUE))];
const ITEM: Shape = &[
    ("id", K::Id),
    ("description", K::Str),
    ("classification", K::Obj(CLASSIFICATION)),
    ("quantity", K::Num),
    ("unit", K::Obj(UNIT)),
    ("deliveryAddress", K::Obj(ADDRESS)),
];
const COMPONENT: Shape = &[("name", K::Str), ("level", K::Id), ("code", K::Id), ("description", K::Str)];
const MEASURE: Shape = &[("id", K::Id), ("value", K::Obj(VALUE)), ("update", K::Str)];
const BUDGET_LINE: Shape =
    &[("id", K::Id), ("components", K::Arr(&K::Obj(COMPONENT))), ("measures", K::Arr(&K::Obj(MEASURE)))];
const BUDGET_BREAKDOWN: Shape = &[
    ("id", K::Id),
    ("amount", K::Obj(VALUE)),
    ("period", K::Obj(PERIOD)),
    ("sourceParty", K::Obj(ORG_REF)),
    ("budgetLines", K::Arr(&K::Obj(BUDGET_LINE))),
];
const BUDGET: Shape = &[
    ("id", K::Id),
    ("amount", K::Obj(VALUE)),
    ("projectID", K::Id),
    ("budgetBreakdown", K::Arr(&K::Obj(BUDGET_BREAKDOWN))),
];
const PLANNING: Shape = &[
    ("rationale", K::Str),
    ("budget", K::Obj(BUDGET)),
    ("hasQuotes", K::Bool),
    ("budgetBreakdown", K::Arr(&K::Obj(BUDGET_BREAKDOWN))),
    ("requestingUnits", K::Arr(&K::Obj(ORG_REF))),
];
const MILESTONE: Shape =
    &[("id", K::Id), ("type", K::Str), ("dueDate", K::Date), ("documents", K::Arr(&K::Obj(DOCUMENT)))];
const TENDER: Shape = &[
    ("id", K::Id),
    ("title", K::Str),
    ("procuringEntity", K::Obj(ORG_REF)),
    ("items", K::Arr(&K::Obj(ITEM))),
    ("value", K::Obj(VALUE)),
    ("submissionMethod", K::Arr(&K::Str)),
    ("tenderPeriod", K::Obj(PERIOD)),
    ("hasEnquiries", K::Bool),
    ("numberOfTenderers", K::Int),
    ("tenderers", K::Arr(&K::Obj(ORG_REF))),
    ("milestones", K::Arr(&K::Obj(MILESTONE))),
];
const AMENDMENT: Shape = &[("date", K::Date), ("id", K::Id), ("releaseID", K::Str)];
const AWARD: Shape = &[
    ("id", K::Id),
    ("date", K::Date),
    ("value", K::Obj(VALUE)),
    ("suppliers", K::Arr(&K::Obj(ORG_REF))),
    ("items", K::Arr(&K::Obj(ITEM))),
    ("amendments", K::Arr(&K::Obj(AMENDMENT))),
    ("rationale", K::Str),
];
const TRANSACTION: Shape = &[
    ("id", K::Id),
    ("date", K::Date),
    ("value", K::Obj(VALUE)),
    ("payer", K::Obj(ORG_REF)),
    ("amount", K::Obj(VALUE)),
    ("paymentMethod", K::Str),
];
const IMPLEMENTATION: Shape = &[
    ("transactions", K::Arr(&K::Obj(TRANSACTION))),
    ("status", K::Str),
    ("budgetBreakdown", K::Arr(&K::Obj(BUDGET_BREAKDOWN))),
];
const GUARANTEE: Shape = &[("id", K::Id), ("type", K::Str), ("value", K::Obj(VALUE)), ("guarantor", K::Obj(ORG_REF))];
const CONTRACT: Shape = &[
    ("id", K::Id),
    ("awardID", K::Id),
    ("value", K::Obj(VALUE)),
    ("period", K::Obj(PERIOD)),
    ("dateSigned", K::Date),
    ("implementation", K::Obj(IMPLEMENTATION)),
    ("guarantees", K::Arr(&K::Obj(GUARANTEE))),
    ("surveillanceMechanisms", K::Arr(&K::Str)),
];
const PUBLISHER: Shape = &[("name", K::Str), ("uid", K::Id)];
const RELEASE: Shape = &[
    ("ocid", K::Str),
    ("id", K::Id),
    ("date", K::Date),
    ("tag", K::Arr(&K::Str)),
    ("initiationType", K::Str),
    ("parties", K::Arr(&K::Obj(ORGANIZATION))),
    ("buyer", K::Obj(ORG_REF)),
    ("planning", K::Obj(PLANNING)),
    ("tender", K::Obj(TENDER)),
    ("awards", K::Arr(&K::Obj(AWARD))),
    ("contracts", K::Arr(&K::Obj(CONTRACT))),
    ("publisher", K::Obj(PUBLISHER)),
    ("cycle", K::Int),
];

fn number(text: String) -> Json {
    Json::Number(text.parse().expect("generated number text is valid JSON"))
}

fn odd_number() -> BoxedStrategy<Json> {
    prop_oneof![
        prop::sample::select(vec![
            "1e300",
            "-0",
            "0",
            "-0.0",
            "123456789012345678901234567890.123",
            "1E-7",
            "2.50",
            "18700000",
            "-1.5e+10",
            "0.000000000000000000000000000001",
            "99999999999999999999",
        ])
        .prop_map(|s| number(s.to_owned())),
        any::<i64>().prop_map(|n| number(n.to_string())),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| number(format!("{f:?}"))),
        ("-?[1-9][0-9]{0,40}", "[0-9]{1,20}").prop_map(|(i, f)| number(format!("{i}.{f}"))),
    ]
    .boxed()
}

fn odd_date() -> BoxedStrategy<Json> {
    prop_oneof![
        prop::sample::select(vec![
            "20/12/2016.",
            "-",
            "18-06-12T15:37:08Z",
            "0001-01-01T00:00:00",
            "2015-11-09T00:00:00.-06:00",
            "",
            "2019-01-01T00:00:00.000Z",
            "2016-02-29",
        ])
        .prop_map(|s| Json::String(s.to_owned())),
        (1000u32..3000, 1u32..13, 1u32..29, 0u32..24, 0u32..60, -14i32..15).prop_map(|(y, mo, d, h, mi, off)| {
            let zone = if off == 0 { "Z".to_owned() } else { format!("{off:+03}:00") };
            Json::String(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:00{zone}"))
        }),
    ]
    .boxed()
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "\\PC{0,8}",
        prop::sample::select(vec!["\"quoted\"", "back\\slash", "tab\there", "ñandú", "\u{1F600}", "\0"])
            .prop_map(str::to_owned),
    ]
    .boxed()
}

fn member_name() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_]{0,10}",
        prop::sample::select(vec!["_id", "$oid", "", "a/b~c", "ciclo", "valueWithTax", "url", "ñ"])
            .prop_map(str::to_owned),
    ]
    .boxed()
}

/// Any JSON, nested up to a few levels (what unknown members and wrong types look like).
fn any_json() -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        odd_number(),
        text().prop_map(Json::String),
        odd_date(),
    ];
    leaf.prop_recursive(6, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            prop::collection::vec((member_name(), inner), 0..5)
                .prop_map(|members| Json::Object(members.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A value for a member of kind `k`: mostly well typed, sometimes of the wrong type or null.
fn value(k: K) -> BoxedStrategy<Json> {
    let good = match k {
        K::Str => text().prop_map(Json::String).boxed(),
        K::Date => odd_date(),
        K::Id => prop_oneof![
            text().prop_map(Json::String),
            any::<i64>().prop_map(Json::from),
            Just(number("123456789012345678901234567890".to_owned())),
        ]
        .boxed(),
        K::Num => odd_number(),
        K::Int => any::<i32>().prop_map(Json::from).boxed(),
        K::Bool => any::<bool>().prop_map(Json::Bool).boxed(),
        K::Obj(shape) => object(shape),
        K::Arr(inner) => prop::collection::vec(value(*inner), 0..3).prop_map(Json::Array).boxed(),
    };
    prop_oneof![8 => good, 1 => Just(Json::Null), 2 => any_json()].boxed()
}

/// An object of the given shape: some known members, some unknown ones, in any order.
fn object(shape: Shape) -> BoxedStrategy<Json> {
    let known: Vec<_> = shape
        .iter()
        .map(|&(name, k)| prop::option::weighted(0.5, value(k)).prop_map(move |v| v.map(|v| (name.to_owned(), v))))
        .collect();
    let unknown = prop::collection::vec((member_name(), any_json()), 0..3);
    (known, unknown)
        .prop_map(|(known, unknown)| known.into_iter().flatten().chain(unknown).collect::<Vec<_>>())
        .prop_shuffle()
        .prop_map(|members| Json::Object(members.into_iter().collect::<JsonMap>()))
        .boxed()
}

fn assert_round_trip(json: &Json) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(json).expect("serializes");
    let data = Data::from_slice(text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(serde_json::to_string(&data).expect("writes"), text.clone());
    let pretty = serde_json::to_string_pretty(json).expect("serializes");
    let again = Data::from_slice(pretty.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&again, &data, "indentation does not change the model");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn releases_round_trip(release in object(RELEASE)) {
        assert_round_trip(&release)?;
        if release.is_object() {
            let text = release.to_string();
            let typed: Release = serde_json::from_str(&text).expect("an object reads as a release");
            prop_assert_eq!(serde_json::to_string(&typed).expect("writes"), text);
            prop_assert_eq!(Data::from_value(&release).expect("reads"), Data::Release(Box::new(typed)));
        }
    }

    #[test]
    fn packages_round_trip(releases in prop::collection::vec(object(RELEASE), 0..3), uri in text()) {
        let package = serde_json::json!({"uri": uri, "version": "1.1", "releases": releases});
        assert_round_trip(&package)?;
        let record = serde_json::json!({"ocid": "ocds-x", "releases": releases, "compiledRelease": releases.first()});
        assert_round_trip(&serde_json::json!({"records": [record]}))?;
    }

    #[test]
    fn any_json_round_trips(json in any_json()) {
        assert_round_trip(&json)?;
    }
}
