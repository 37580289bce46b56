//! The completeness family (TRN-01 … TRN-06) on hand-made compiled releases. Every expected
//! value is worked out by hand in a comment from the default field lists of
//! `edca::indices::completeness::fields::default_fields` (planning 5 fields, tender 16, award 6,
//! contract 6, implementation 7).

use edca::indices::completeness::{Completeness, CompletenessReport, CompletenessSettings};
use edca::indices::{Config, Indices, Process};
use serde_json::{Value, json};

/// Every default field present; open method, active contract: all five stages apply.
fn full() -> Value {
    json!({
        "ocid": "F", "buyer": {"id": "B1"},
        "parties": [
            {"id": "B1", "roles": ["buyer"], "address": {"locality": "CDMX"}},
            {"id": "S1", "roles": ["supplier"], "identifier": {"scheme": "MX-RFC", "id": "AAA010101AAA"}}],
        "planning": {"rationale": "Need", "documents": [{"id": "pd"}],
            "budget": {"id": "P1", "description": "Recursos fiscales", "amount": {"amount": 1000, "currency": "MXN"}}},
        "tender": {"title": "T", "description": "D", "procurementMethod": "open",
            "procurementMethodDetails": "Licitación Pública", "awardCriteria": "priceOnly",
            "value": {"amount": 900, "currency": "MXN"},
            "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2020-01-20T00:00:00Z"},
            "items": [{"id": "i", "classification": {"id": "123"}, "quantity": 2, "unit": {"name": "pieza"}}],
            "numberOfTenderers": 3, "documents": [{"id": "td", "documentType": "tenderNotice"}]},
        "awards": [{"id": "a", "status": "active", "date": "2020-02-01T00:00:00Z",
            "value": {"amount": 800, "currency": "MXN"}, "suppliers": [{"id": "S1"}],
            "items": [{"id": "i", "unit": {"value": {"amount": 400, "currency": "MXN"}}}], "documents": [{"id": "ad"}]}],
        "contracts": [{"id": "c", "awardID": "a", "status": "active", "dateSigned": "2020-02-05T00:00:00Z",
            "value": {"amount": 800, "currency": "MXN"},
            "period": {"startDate": "2020-02-10T00:00:00Z", "endDate": "2020-12-31T00:00:00Z"},
            "items": [{"id": "i", "deliveryAddress": {"locality": "CDMX"}}],
            "documents": [{"id": "cd", "documentType": "contractSigned"}],
            "implementation": {
                "transactions": [{"id": "t", "date": "2020-03-01T00:00:00Z",
                    "value": {"amount": 400, "currency": "MXN"}, "payer": {"id": "B1"}}],
                "milestones": [{"id": "m", "dueDate": "2020-06-01T00:00:00Z", "status": "scheduled"}],
                "documents": [{"id": "id"}]}}]
    })
}

/// A direct award with an active award and no contract.
fn direct() -> Value {
    json!({
        "ocid": "D", "buyer": {"id": "B1"},
        // The buyer's party has no address; the supplier's address does not count for it.
        "parties": [{"id": "B1", "name": "Buyer"},
            {"id": "S1", "address": {"locality": "X"}, "identifier": {"scheme": "MX-RFC", "id": "BBB"}}],
        "planning": {"budget": {"amount": {"amount": 500, "currency": "MXN"}}},
        "tender": {"title": "T", "procurementMethodDetails": "ADJUDICACIÓN DIRECTA ART. 41",
            "procurementMethodRationale": "Art. 41-III"},
        "awards": [{"id": "a", "status": "active", "date": "2020-02-01",
            "value": {"amount": 100, "currency": "MXN"}, "suppliers": [{"id": "S1"}]}]
    })
}

/// Nothing but an ocid: only planning applies, and it is empty.
fn empty() -> Value {
    json!({"ocid": "E"})
}

/// Planned only: the tender is `planned`, so only planning applies.
fn planned() -> Value {
    json!({"ocid": "P", "buyer": {"id": "B2"},
        "planning": {"rationale": "r", "budget": {"amount": {"amount": 10, "currency": "MXN"}}},
        "tender": {"status": "planned", "title": "T"}})
}

fn run(settings: CompletenessSettings, releases: &[Value]) -> CompletenessReport {
    let mut completeness = Completeness::new(settings);
    for release in releases {
        completeness.add(&Process::new(release).unwrap());
    }
    completeness.finish()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn full_process_scores_100() {
    let r = run(CompletenessSettings::default(), &[full()]);
    let p = &r.process["F"];
    // Every stage applies and has all its fields (the rationale is not required of an open
    // method, the amendments not without a changed value).
    for score in [p.planning, p.tender, p.award, p.contract, p.implementation] {
        assert_eq!(score, Some(1.0));
    }
    assert_eq!(p.open_contracting_index, Some(100.0));
    assert_eq!(p.method.as_deref(), Some("open"));
    assert_eq!((p.contract_document, p.signed_contract_document), (Some(true), Some(true)));
    assert_eq!(p.tender_notice, Some(true), "open is competitive; tenderNotice document");
    assert_eq!(p.late_publication, None, "no history");
    assert_eq!(r.dataset.field_coverage["/tender/procurementMethodRationale"].coverage, 0);
    assert_eq!(r.dataset.field_coverage["/tender/procurementMethodRationale"].value, None);
    assert_eq!(r.dataset.field_coverage["/contracts[]/amendments[] or /contracts[]/amendment"].coverage, 0);
}

#[test]
fn direct_award_has_no_bid_fields_and_reaches_contract() {
    let r = run(CompletenessSettings::default(), &[direct()]);
    let p = &r.process["D"];
    assert_eq!(p.method.as_deref(), Some("direct"), "mapped from the details");
    // Planning: budget amount only, 1 of 5.
    assert!(close(p.planning, 0.2));
    // Tender: 16 fields less tenderPeriod start and end and tenderers (not asked of a direct
    // award) = 13; present: title, details, rationale (asked: not open), /buyer/id = 4.
    assert!(close(p.tender, 4.0 / 13.0));
    // Award: date, value, supplier id, the supplier's MX-RFC identifier = 4 of 6.
    assert!(close(p.award, 4.0 / 6.0));
    // Contract: applies (active award), nothing published.
    assert_eq!(p.contract, Some(0.0));
    assert_eq!(p.implementation, None);
    // ICA = 100·(0.2 + 4/13 + 2/3 + 0)/4.
    assert!(close(p.open_contracting_index, 100.0 * (0.2 + 4.0 / 13.0 + 2.0 / 3.0) / 4.0));
    assert_eq!(p.contract_document, Some(false));
    assert_eq!(p.tender_notice, None, "direct is not competitive");
    assert_eq!(r.dataset.field_coverage["/parties[]/address (buyer)"].value, Some(0.0));
    assert_eq!(r.dataset.field_coverage["/tender/tenderPeriod/startDate"].coverage, 0);
}

#[test]
fn empty_and_planned_only_processes_score_planning_only() {
    let r = run(CompletenessSettings::default(), &[empty(), planned()]);
    let e = &r.process["E"];
    assert_eq!(e.planning, Some(0.0));
    assert_eq!([e.tender, e.award, e.contract, e.implementation], [None; 4]);
    assert_eq!(e.open_contracting_index, Some(0.0));
    let p = &r.process["P"];
    // Planning: rationale and budget amount, 2 of 5; no other stage.
    assert!(close(p.planning, 0.4));
    assert_eq!([p.tender, p.award, p.contract, p.implementation], [None; 4]);
    assert!(close(p.open_contracting_index, 40.0));
    assert_eq!(p.contract_document, None, "no active award");
    assert_eq!(r.dataset.tender.count, 0);
    assert_eq!(r.dataset.tender.mean, None, "nothing measured is null, not 0");
}

#[test]
fn buyers_and_dataset_average_process_scores() {
    let cancelled = json!({"ocid": "C", "buyer": {"id": "B1"}, "tender": {"status": "cancelled"}});
    let no_ocid = json!({"ocid": 5, "buyer": {"id": "B1"}});
    let r = run(CompletenessSettings::default(), &[full(), direct(), empty(), planned(), cancelled, no_ocid]);
    let d = &r.dataset;
    assert_eq!(d.processes, 4, "the cancelled process and the one without a string ocid are left out");
    let direct_ica = 100.0 * (0.2 + 4.0 / 13.0 + 2.0 / 3.0) / 4.0;
    // ICA: F 100, D direct_ica, E 0, P 40.
    assert_eq!(d.open_contracting_index.count, 4);
    assert!(close(d.open_contracting_index.mean, (100.0 + direct_ica + 40.0) / 4.0));
    assert_eq!(d.open_contracting_index.max, Some(100.0));
    // Planning: 1, 0.2, 0, 0.4; tender: F 1, D 4/13; implementation: F only.
    assert!(close(d.planning.mean, 0.4));
    assert_eq!(d.tender.count, 2);
    assert!(close(d.tender.mean, (1.0 + 4.0 / 13.0) / 2.0));
    assert_eq!((d.implementation.count, d.implementation.mean), (1, Some(1.0)));
    // Field coverage over the processes a field applies to: title (F, D); rationale (D only);
    // planning/rationale (F and P of all 4).
    let title = d.field_coverage["/tender/title"];
    assert_eq!((title.numerator, title.denominator, title.coverage), (2.0, 2.0, 2));
    assert_eq!(d.field_coverage["/tender/procurementMethodRationale"].value, Some(1.0));
    assert_eq!(d.field_coverage["/planning/rationale"].value, Some(0.5));
    // TRN-04: F has a contract document, D has no contract: 1 of 2; by method.
    assert_eq!((d.contract_document.numerator, d.contract_document.denominator), (1.0, 2.0));
    assert_eq!(d.contract_document_by_method["direct"].value, Some(0.0));
    assert_eq!(d.contract_document_by_method["open"].value, Some(1.0));
    // TRN-06: only F is competitive.
    assert_eq!(d.tender_notice.value, Some(1.0));
    assert_eq!(d.tender_notice.coverage, 1);
    // Buyers: B1 has F and D; B2 has P; E has no buyer.
    assert_eq!(r.buyer.keys().collect::<Vec<_>>(), ["B1", "B2"]);
    assert!(close(r.buyer["B1"].open_contracting_index.mean, (100.0 + direct_ica) / 2.0));
    assert_eq!(r.buyer["B2"].processes, 1);
    assert!(close(r.buyer["B2"].open_contracting_index.mean, 40.0));
}

#[test]
fn messy_types_are_absent_or_present_by_the_coverage_rule() {
    let messy = json!({"ocid": "M", "planning": "yes",
        "tender": {"title": 5, "value": {"amount": "1000"}, "items": {"quantity": 1}, "status": 3},
        "awards": {"date": "2020-01-01"},
        "contracts": [{"status": "active", "period": {"startDate": "not a date"}}]});
    let r = run(CompletenessSettings::default(), &[messy]);
    let p = &r.process["M"];
    // An active contract: every stage applies. Planning is a string: 0 of 5.
    assert_eq!(p.planning, Some(0.0));
    // Method unknown: rationale, tender period and tenderers are left out (12 fields); the
    // number title and the text amount are non-empty, the items object is not an array: 2 of 12.
    assert!(close(p.tender, 2.0 / 12.0));
    // Awards is an object, not an array: 0 of 6.
    assert_eq!(p.award, Some(0.0));
    // The unreadable start date is still a non-empty value: 1 of 6.
    assert!(close(p.contract, 1.0 / 6.0));
    // No history: amendments left out; 0 of 6.
    assert_eq!(p.implementation, Some(0.0));
    assert!(close(p.open_contracting_index, 100.0 * (1.0 / 6.0 + 1.0 / 6.0) / 5.0));
    assert_eq!((p.contract_document, p.late_publication, p.tender_notice), (None, None, None));
}

fn version(id: &str, date: &str, tag: &str, value: Value) -> Value {
    json!({"releaseID": id, "releaseDate": date, "releaseTag": [tag], "value": value})
}

#[test]
fn history_gives_late_publication_tender_release_and_amendments() {
    // H: first published 2020-03-05, contract started 2020-03-01 → late; its history has a
    // release tagged `tender`; the contract value went 100 → 120, so amendments are asked for.
    let h = json!({"ocid": "H", "tender": {"procurementMethod": "open"},
        "contracts": [{"id": "c", "status": "active", "period": {"startDate": "2020-03-01"},
            "value": {"amount": 120}, "amendments": [{"id": "a"}]}]});
    let h_history = json!({"ocid": [version("r1", "2020-03-05T10:00:00Z", "tender", json!("H"))],
        "tender": {"procurementMethod": [version("r1", "2020-03-05T10:00:00Z", "tender", json!("open"))]},
        "contracts": [{"id": "c", "value": {"amount": [
            version("r2", "2020-03-06T00:00:00Z", "contract", json!(100)),
            version("r3", "2020-04-01T00:00:00Z", "contractAmendment", json!(120))]}}]});
    // G: no history (late publication not measured); a "Tender Notice" document counts as
    // tenderNotice.
    let g = json!({"ocid": "G", "tender": {"procurementMethod": "selective",
            "documents": [{"id": "d", "documentType": "Tender Notice"}]},
        "contracts": [{"id": "c", "period": {"startDate": "2020-03-01"}}]});
    // K: published 2020-02-01, before its 2020-03-01 start; only a planning release; open with
    // no tender document → no call for tenders.
    let k = json!({"ocid": "K", "tender": {"procurementMethod": "open"},
        "contracts": [{"id": "c", "period": {"startDate": "2020-03-01T00:00:00-06:00"}}]});
    let k_history = json!({"ocid": [version("r0", "2020-02-01T00:00:00Z", "planning", json!("K"))]});
    let mut completeness = Completeness::new(CompletenessSettings::default());
    completeness.add(&Process::new(&h).unwrap().with_versioned(&h_history));
    completeness.add(&Process::new(&g).unwrap());
    completeness.add(&Process::new(&k).unwrap().with_versioned(&k_history));
    let r = completeness.finish();
    assert_eq!(r.process["H"].late_publication, Some(true));
    assert_eq!(r.process["G"].late_publication, None);
    assert_eq!(r.process["K"].late_publication, Some(false));
    assert_eq!(r.dataset.processes_with_history, 2);
    let late = r.dataset.late_publication;
    assert_eq!((late.numerator, late.denominator, late.coverage), (1.0, 2.0, 2));
    assert_eq!(
        [r.process["H"].tender_notice, r.process["G"].tender_notice, r.process["K"].tender_notice],
        [Some(true), Some(true), Some(false)]
    );
    // H's implementation: 7 fields, the amendments asked for and present: 1 of 7. K's contract
    // is not active, so K has no implementation stage.
    assert!(close(r.process["H"].implementation, 1.0 / 7.0));
    assert_eq!(r.process["K"].implementation, None);
    assert_eq!(r.dataset.field_coverage["/contracts[]/amendments[] or /contracts[]/amendment"].value, Some(1.0));
}

fn config(completeness: Value) -> Config {
    Config::from_value(json!({"families": ["completeness"], "completeness": completeness})).unwrap()
}

fn report(config: Config, releases: &[Value]) -> CompletenessReport {
    let mut indices = Indices::new(config);
    for release in releases {
        indices.add(release);
    }
    indices.finish().completeness.unwrap()
}

#[test]
fn custom_weights_and_field_lists() {
    let config = config(json!({
        "planning": {"weight": 3, "fields": [{"path": "/planning/rationale", "weight": 2}, {"path": "/planning/budget/id"}]},
        "tender": {"fields": [{"path": "/tender/title"}]},
        "award": {"weight": 0}
    }));
    let release = json!({"ocid": "W", "planning": {"rationale": "r"}, "awards": [{"status": "pending", "date": "d"}]});
    let r = report(config, &[release]);
    let p = &r.process["W"];
    // Planning: (2·1 + 1·0)/(2 + 1) = 2/3. Tender applies (an award exists): title absent, 0.
    assert!(close(p.planning, 2.0 / 3.0));
    assert_eq!(p.tender, Some(0.0));
    // Award keeps the default list (only its weight was set): date, 1 of 6.
    assert!(close(p.award, 1.0 / 6.0));
    // ICA = 100·(3·2/3 + 1·0 + 0·1/6)/(3 + 1 + 0) = 50.
    assert!(close(p.open_contracting_index, 50.0));
    assert_eq!(r.meta.settings.tender.fields.as_ref().map(Vec::len), Some(1));
    assert_eq!(r.meta.settings.award.fields.as_ref().map(Vec::len), Some(6), "the default list is echoed");
}

#[test]
fn share_of_elements_and_conditions_from_configuration() {
    let config = config(json!({
        "share_of_elements": true,
        "award": {"fields": [{"path": "/awards[]/date"}]},
        "contract": {"fields": [{"name": "signed", "path": "/contracts[]/documents[]",
            "with": [{"member": "/documentType", "any_of": ["contractSigned", "Contrato firmado"]}]}]}
    }));
    let release = json!({"ocid": "S", "awards": [{"id": "1", "date": "d"}, {"id": "2"}, {"id": "3", "date": ""}, {"id": "4", "date": "d"}],
        "contracts": [{"id": "1", "documents": [{"documentType": "CONTRATO FIRMADO"}]}, {"id": "2", "documents": [{"documentType": "annex"}]}]});
    let r = report(config, &[release]);
    // 2 of 4 awards have a date; 1 of 2 contracts has a signed-contract document.
    assert_eq!(r.process["S"].award, Some(0.5));
    assert_eq!(r.process["S"].contract, Some(0.5));
    assert_eq!(r.dataset.field_coverage["signed"].numerator, 0.5);
}

#[test]
fn bad_configuration_is_an_error() {
    for bad in [
        json!({"planning": {"weight": -1}}),
        json!({"planning": {"fields": [{"path": "planning/rationale"}]}}),
        json!({"planning": {"fields": [{"path": "/planning/rationale", "required": "sometimes"}]}}),
        json!({"tender": {"fields": [{"path": "/a", "of": [{"member": "/id", "equals": "x"}]}]}}),
        json!({"stages": {}}),
    ] {
        let config = json!({"completeness": bad});
        assert!(Config::from_value(config.clone()).is_err(), "{config}");
    }
    let ok = json!({"completeness": {"tender": {"fields": [{"path": "/tender/procurementMethodRationale",
        "required": {"method_not_in": ["open"]}}]}, "implementation": {"fields": [{"path": "/contracts[]/amendments[]",
        "required": "contract_value_changed"}]}}});
    assert!(Config::from_value(ok).is_ok());
}

#[test]
fn report_json_has_the_family_member() {
    let mut indices = Indices::new(config(json!({})));
    indices.add(&full());
    let json = indices.finish().to_json();
    assert_eq!(json["completeness"]["dataset"]["open_contracting_index"]["mean"], 100.0);
    assert_eq!(json["completeness"]["process"]["F"]["tender"], 1.0);
}
