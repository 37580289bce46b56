//! Timeliness indicators (TIM-01 … TIM-08) on hand-made compiled releases, every value worked
//! out by hand in the comments. Process H is built from individual releases through edca's own
//! merge (compiled and versioned), so TIM-06 reads a real versioned release.
//!
//! The weekdays were checked against a calendar: 2024-01-08 Mon, 01-18 Thu, 01-29 Mon, 02-03 Sat,
//! 03-04 Mon, 03-11 Mon, 03-12 Tue, 03-18 Mon (third Monday of March: federal holiday), 03-20
//! Wed, 03-30 Sat, 04-01 Mon, 04-10 Wed, 04-12 Fri, 04-17 Wed, 04-19 Fri, 02-01 Thu, 02-21 Wed,
//! 05-21 Tue, 05-24 Fri.

use edca::indices::process::Process;
use edca::indices::report::{Share, Summary};
use edca::indices::timeliness::{AsOfSource, Timeliness, TimelinessReport, TimelinessSettings};
use edca::indices::{Config, Family, Indices};
use edca::merge::Merger;
use edca::profile::Profile;
use serde_json::{Value, json};

/// A: short tender (10 days), decision 11, signed on a Saturday 5 days after the award, three
/// milestones due by the as-of date (one on time, one late, one still scheduled) and one due
/// later; terminated, its last milestone met within its period.
fn process_a() -> Value {
    json!({
        "ocid": "A", "date": "2024-06-30T12:00:00Z",
        "buyer": {"id": "MUN-OBRAS"}, "planning": {"budget": {"projectID": "PP-1"}},
        "tender": {"procurementMethodDetails": "Licitación Pública",
                   // 10 days 0 hours.
                   "tenderPeriod": {"startDate": "2024-01-08T09:00:00-06:00", "endDate": "2024-01-18T09:00:00-06:00"}},
        // 11 days 1 hour after the tender closed.
        "awards": [{"id": "a1", "status": "active", "date": "2024-01-29T10:00:00-06:00"}],
        "contracts": [{
            "id": "c1", "awardID": "a1", "status": "terminated",
            // A date only, a Saturday: 29 Jan → 3 Feb is 5 days by the days written (elapsed
            // time from 10:00 −06:00 to midnight UTC would give 4 days 8 hours).
            "dateSigned": "2024-02-03",
            // 116 days.
            "period": {"startDate": "2024-02-05", "endDate": "2024-05-31"},
            "implementation": {"milestones": [
                // Due as a date only, met that same day in the afternoon: on time.
                {"id": "m1", "status": "met", "dueDate": "2024-03-15", "dateMet": "2024-03-15T17:00:00-06:00"},
                // Met ten days late.
                {"id": "m2", "status": "met", "dueDate": "2024-04-30", "dateMet": "2024-05-10"},
                // Overdue and still scheduled: not on time.
                {"id": "m3", "status": "scheduled", "dueDate": "2024-06-15"}
            ]},
            // Due after the as-of date: not counted by TIM-04; its dateMet (20 May, the latest)
            // is the contract's completion for TIM-05: 20 May ≤ 31 May.
            "milestones": [{"id": "m4", "status": "met", "dueDate": "2024-07-31", "dateMet": "2024-05-20"}]
        }]
    })
}

/// B: dates only. Tender 7 days; the pending award's earlier date is ignored, the active one (a
/// number id, matched by the contract's numeric awardID) falls on the third Monday of March;
/// decision 7 days, signed 2 days later; a contract of 1095 days.
fn process_b() -> Value {
    json!({
        "ocid": "B", "date": "2024-05-01T00:00:00Z",
        "buyer": {"id": "MUN-OBRAS"}, "planning": {"budget": {"projectID": "PP-1"}},
        "tender": {"procurementMethodDetails": "INVITACIÓN A CUANDO MENOS TRES PERSONAS",
                   "tenderPeriod": {"startDate": "2024-03-04", "endDate": "2024-03-11"}},
        "awards": [{"id": 1, "status": "active", "date": "2024-03-18"},
                   {"id": "x", "status": "pending", "date": "2024-03-12"}],
        "contracts": [{"id": "c", "awardID": 1, "status": "active", "dateSigned": "2024-03-20",
                       "period": {"startDate": "2024-03-20", "endDate": "2027-03-20"}}]
    })
}

/// C: messy. `/date` a number, tender start day-first, dueDate a number (three unreadable
/// dates); tender end without offset, a Saturday; decision 11 days; the contract names a
/// missing award and its period ends before it starts; a met planning milestone without dateMet
/// (outcome unknown, left out).
fn process_c() -> Value {
    json!({
        "ocid": "C", "date": 20240101, "buyer": {"id": "MUN-OBRAS"},
        "planning": {"milestones": [{"id": "p1", "status": "met", "dueDate": "2024-02-01"}]},
        "tender": {"tenderPeriod": {"startDate": "16/03/2024", "endDate": "2024-03-30T10:00:00"},
                   "milestones": [{"id": "t1", "status": "met", "dueDate": 5, "dateMet": "2024-01-01"}]},
        "awards": [{"id": "a", "status": "active", "date": "2024-04-10T10:00:00"}],
        "contracts": [{"id": "k", "awardID": "missing", "dateSigned": "2024-04-12",
                       "period": {"startDate": "2024-05-01", "endDate": "2024-04-01"}}]
    })
}

/// D: tender 20 days; decision 90 days (beyond the fence); signed 3 days later; terminated but
/// its only milestone, due 1 June, was met 14 June, after the period's end (10 June).
fn process_d() -> Value {
    json!({
        "ocid": "D", "date": "2024-06-20T00:00:00Z",
        "buyer": {"id": "DIF"}, "planning": {"budget": {"projectID": "PP-2"}},
        "tender": {"tenderPeriod": {"startDate": "2024-02-01T00:00:00Z", "endDate": "2024-02-21T00:00:00Z"}},
        "awards": [{"id": "d1", "status": "active", "date": "2024-05-21T00:00:00Z"}],
        "contracts": [{
            "id": "dc", "awardID": "d1", "status": "terminated", "dateSigned": "2024-05-24T00:00:00Z",
            "period": {"startDate": "2024-05-24", "endDate": "2024-06-10"},
            "implementation": {"milestones": [
                {"id": "dm", "status": "met", "dueDate": "2024-06-01", "dateMet": "2024-06-14"}
            ]}
        }]
    })
}

/// E: tender 18 days; awarded two days before the tender closed (−2, below the minimum 0). Its
/// `/date` has a dot without digits after the seconds, as Mexico City's 2015 releases write
/// dates: readable.
fn process_e() -> Value {
    json!({
        "ocid": "E", "date": "2024-04-25T00:00:00.-06:00", "buyer": {"id": "DIF"},
        "tender": {"tenderPeriod": {"startDate": "2024-04-01T10:00:00-06:00", "endDate": "2024-04-19T10:00:00-06:00"}},
        "awards": [{"id": "e1", "status": "active", "date": "2024-04-17T10:00:00-06:00"}]
    })
}

/// F (cancelled) and G (ocid not a string) are left out entirely.
fn left_out() -> [Value; 2] {
    [
        json!({"ocid": "F", "buyer": {"id": "DIF"}, "tender": {"status": "cancelled",
               "tenderPeriod": {"startDate": "2024-01-01", "endDate": "2024-01-02"}}}),
        json!({"ocid": 42, "buyer": {"id": "DIF"},
               "tender": {"tenderPeriod": {"startDate": "2024-01-01", "endDate": "2024-01-02"}}}),
    ]
}

/// I: wrong JSON types everywhere (a string tenderPeriod, awards an object, a string contract,
/// dateSigned `true` — the fourth unreadable date, a numeric buyer id): a process with nothing
/// to measure.
fn process_i() -> Value {
    json!({
        "ocid": "I", "buyer": {"id": 7},
        "tender": {"tenderPeriod": "2024-01-01/2024-02-01"},
        "awards": {"id": "a"},
        "contracts": ["c", {"id": 1, "dateSigned": true}]
    })
}

/// H's individual releases: two scheduled milestones; then both met and the contract
/// terminated; then hm1 back to notMet and the contract active again.
fn releases_h() -> Vec<Value> {
    let milestone = |id: &str, extra: Value| {
        let mut m = json!({"id": id});
        m.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        m
    };
    vec![
        json!({"ocid": "H", "id": "H-1", "date": "2024-02-01T00:00:00Z", "tag": ["contract"],
               "buyer": {"id": "MUN-OBRAS"}, "planning": {"budget": {"projectID": "PP-1"}},
               "contracts": [{"id": "h1", "status": "active", "implementation": {"milestones": [
                   milestone("hm1", json!({"status": "scheduled", "dueDate": "2024-03-01"})),
                   milestone("hm2", json!({"status": "scheduled", "dueDate": "2024-04-01"}))]}}]}),
        json!({"ocid": "H", "id": "H-2", "date": "2024-03-05T00:00:00Z", "tag": ["implementation"],
               "contracts": [{"id": "h1", "status": "terminated",
                              "period": {"startDate": "2024-02-01", "endDate": "2024-04-30"},
                              "implementation": {"milestones": [
                   milestone("hm1", json!({"status": "met", "dateMet": "2024-02-28"})),
                   milestone("hm2", json!({"status": "met", "dateMet": "2024-03-04"}))]}}]}),
        json!({"ocid": "H", "id": "H-3", "date": "2024-04-10T00:00:00Z", "tag": ["implementation"],
               "contracts": [{"id": "h1", "status": "active", "implementation": {"milestones": [
                   milestone("hm1", json!({"status": "notMet"}))]}}]}),
    ]
}

/// H's compiled and versioned releases, by edca's merge with the OCDS 1.1 rules.
fn process_h() -> (Value, Value) {
    let merger = Merger::from_profile(&Profile::ocds_1_1()).unwrap();
    let releases = releases_h();
    let compiled = merger.compile(&releases).unwrap().release;
    let versioned = merger.versioned(&releases).unwrap().release;
    // The compiled release shows only the last statuses: h1 active, hm1 notMet, hm2 met.
    assert_eq!(compiled["contracts"][0]["status"], "active");
    assert_eq!(compiled["contracts"][0]["implementation"]["milestones"][0]["status"], "notMet");
    (compiled, versioned)
}

fn run(settings: TimelinessSettings) -> TimelinessReport {
    let mut timeliness = Timeliness::new(settings);
    let (compiled_h, versioned_h) = process_h();
    let plain = [process_a(), process_b(), process_c(), process_d(), process_e()];
    for release in plain.iter().chain(&left_out()) {
        timeliness.add(&Process::new(release).unwrap());
    }
    timeliness.add(&Process::new(&compiled_h).unwrap().with_versioned(&versioned_h));
    timeliness.add(&Process::new(&process_i()).unwrap());
    timeliness.finish()
}

fn share(numerator: u64, denominator: u64, coverage: u64) -> Share {
    Share::of(numerator as f64, denominator as f64, coverage)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn dataset_with_default_settings() {
    let r = run(TimelinessSettings::default());
    let d = &r.dataset;
    // A, B, C, D, E, H, I (F cancelled, G without a string ocid).
    assert_eq!(d.processes, 7);
    // TIM-01: A 10, B 7, D 20, E 18 (C's start is unreadable): mean 13.75, median (10 + 18) / 2.
    let days = Summary { count: 4, mean: Some(13.75), median: Some(14.0), min: Some(7.0), max: Some(20.0) };
    assert_eq!(d.tender_period_days, days);
    // A and B under 15.
    assert_eq!(d.short_tender_period, share(2, 4, 4));
    // TIM-02: A 11, B 7, C 11, D 90, E −2; mean 117 / 5.
    let decision = Summary { count: 5, mean: Some(23.4), median: Some(11.0), min: Some(-2.0), max: Some(90.0) };
    assert_eq!(d.award_decision_days, decision);
    // E below 0, D at or beyond the fence.
    assert_eq!(d.award_decision_flagged, share(2, 5, 5));
    // TIM-03: A 5, B 2, D 3 (C's award is missing).
    assert_eq!(d.signature_delay_days.count, 3);
    assert!(close(d.signature_delay_days.mean, 10.0 / 3.0));
    assert_eq!((d.signature_delay_days.median, d.signature_delay_days.min), (Some(3.0), Some(2.0)));
    // TIM-04 as of A's date: A 1 of 3 (m1), D 0 of 1, H 1 of 2 (hm2; hm1 is notMet).
    assert_eq!(d.milestones_on_time, share(2, 6, 3));
    // TIM-05: A on time, D late; H's contract is active in the compiled release.
    assert_eq!(d.concluded_on_time, share(1, 2, 2));
    // TIM-06: only H has history: hm1 of hm1 and hm2 reopened; h1 terminated then active.
    assert_eq!(d.milestones_reopened, share(1, 2, 1));
    assert_eq!(d.contracts_reopened, share(1, 1, 1));
    // TIM-07: A 116, B 1095, D 17, H 89 days (C's period is inverted).
    assert_eq!(d.long_contracts, share(1, 4, 4));
    // TIM-08: A 1 of 4 (signed Saturday), B 1 of 5 (award on the third Monday of March),
    // C 1 of 3 (tender end Saturday), D 0 of 4, E 0 of 3.
    assert_eq!(d.suspicious_dates, share(3, 19, 5));
}

#[test]
fn meta_says_what_was_used_and_left_out() {
    let r = run(TimelinessSettings::default());
    let m = &r.meta;
    assert_eq!(m.as_of.as_deref(), Some("2024-06-30T12:00:00+00:00"));
    assert_eq!(m.as_of_source, Some(AsOfSource::LatestReleaseDate));
    // Type 8 over [−2, 7, 11, 11, 90]: h(¼) = 1⅔ → −2 + ⅔·9 = 4; h(¾) = 4⅓ → 11 + ⅓·79;
    // upper = Q3 + 1.5·(Q3 − Q1) = 87⅓.
    let fence = m.award_decision_fence.unwrap();
    assert!(close(Some(fence.q1), 4.0) && close(Some(fence.q3), 11.0 + 79.0 / 3.0));
    assert!(close(Some(fence.upper), 87.0 + 1.0 / 3.0));
    // C: /date, tender startDate, milestone dueDate; I: dateSigned.
    assert_eq!(m.unreadable_dates, 4);
    assert_eq!(m.inverted_periods, 1);
    assert_eq!(m.processes_with_history, 1);
    assert_eq!(m.repeated_ocids, 0);
    assert_eq!(m.settings, TimelinessSettings::default());
}

#[test]
fn buyer_view_shows_whether_projects_advance_on_time() {
    let r = run(TimelinessSettings::default());
    assert_eq!(r.buyer.keys().collect::<Vec<_>>(), ["MUN-OBRAS", "DIF"]);
    let obras = &r.buyer["MUN-OBRAS"];
    assert_eq!(obras.processes, 4);
    // A 1 of 3, H 1 of 2.
    assert_eq!(obras.milestones_on_time, share(2, 5, 2));
    assert_eq!(obras.concluded_on_time, share(1, 1, 1));
    assert_eq!(obras.milestones_reopened, share(1, 2, 1));
    assert_eq!(obras.short_tender_period, share(2, 2, 2));
    let dif = &r.buyer["DIF"];
    assert_eq!(dif.processes, 2);
    assert_eq!(dif.milestones_on_time, share(0, 1, 1));
    assert_eq!(dif.concluded_on_time, share(0, 1, 1));
    assert_eq!(dif.award_decision_flagged, share(2, 2, 2));
    // No history: not measured, not zero.
    assert_eq!(dif.milestones_reopened.value, None);
    assert_eq!(dif.milestones_reopened.coverage, 0);
    // Projects: PP-1 = A, B, H; PP-2 = D.
    assert_eq!(r.project.keys().collect::<Vec<_>>(), ["PP-1", "PP-2"]);
    assert_eq!(r.project["PP-1"].milestones_on_time, share(2, 5, 2));
    assert_eq!(r.project["PP-2"].processes, 1);
}

#[test]
fn process_rows() {
    let r = run(TimelinessSettings::default());
    assert_eq!(r.process.keys().collect::<Vec<_>>(), ["A", "B", "C", "D", "E", "H", "I"]);
    let a = &r.process["A"];
    assert_eq!((a.tender_period_days, a.award_decision_days), (Some(10), Some(11)));
    assert_eq!(a.short_tender_period, share(1, 1, 1));
    assert_eq!(a.award_decision_flagged, share(0, 1, 1));
    assert_eq!(a.signature_delay_days.median, Some(5.0));
    assert_eq!(a.milestones_on_time, share(1, 3, 1));
    // C: the naive end date and the naive award date are 11 days apart.
    let c = &r.process["C"];
    assert_eq!((c.tender_period_days, c.award_decision_days), (None, Some(11)));
    assert_eq!(c.signature_delay_days.count, 0);
    assert_eq!(c.milestones_on_time.value, None);
    let h = &r.process["H"];
    assert_eq!(h.milestones_reopened, share(1, 2, 1));
    assert_eq!(h.contracts_reopened, share(1, 1, 1));
    // I: nothing measurable, everything null.
    let i = &r.process["I"];
    assert_eq!((i.tender_period_days, i.award_decision_days), (None, None));
    for s in [i.short_tender_period, i.milestones_on_time, i.long_contracts, i.suspicious_dates] {
        assert_eq!((s.value, s.coverage), (None, 0));
    }
}

#[test]
fn flags_carry_their_fields() {
    let r = run(TimelinessSettings::default());
    let listed: Vec<(&str, &str, Option<f64>)> =
        r.flags.iter().map(|f| (f.indicator.as_str(), f.id.as_str(), f.value)).collect();
    assert_eq!(
        listed,
        [
            ("TIM-08", "A", Some(1.0)),
            ("TIM-07", "B", Some(1095.0)),
            ("TIM-08", "B", Some(1.0)),
            ("TIM-08", "C", Some(1.0)),
            ("TIM-02", "D", Some(90.0)),
            ("TIM-02", "E", Some(-2.0)),
        ]
    );
    let pointers =
        |i: usize| r.flags[i].fields.iter().map(|t| (t.pointer.as_str(), t.value.clone())).collect::<Vec<_>>();
    assert_eq!(pointers(0), [("/contracts/0/dateSigned", json!("2024-02-03"))]);
    assert_eq!(
        pointers(1),
        [("/contracts/0/period/startDate", json!("2024-03-20")), ("/contracts/0/period/endDate", json!("2027-03-20"))]
    );
    assert_eq!(pointers(2), [("/awards/0/date", json!("2024-03-18"))]);
    assert!(r.flags[2].reason.contains("federal holiday"), "{}", r.flags[2].reason);
    assert!(
        r.flags[2].reason_es.contains("/awards/0/date es día de descanso obligatorio federal"),
        "{}",
        r.flags[2].reason_es
    );
    assert_eq!(pointers(3), [("/tender/tenderPeriod/endDate", json!("2024-03-30T10:00:00"))]);
    assert_eq!(
        pointers(4),
        [
            ("/tender/tenderPeriod/endDate", json!("2024-02-21T00:00:00Z")),
            ("/awards/0/date", json!("2024-05-21T00:00:00Z"))
        ]
    );
    assert!(r.flags[4].reason.contains("fence"));
    assert!(r.flags[5].reason.contains("minimum of 0"));
    // The Spanish sentence says the same (the portal shows it by default).
    assert!(r.flags[4].reason_es.contains("cerca superior"), "{}", r.flags[4].reason_es);
    assert!(r.flags[5].reason_es.contains("menos que el mínimo de 0"), "{}", r.flags[5].reason_es);
}

#[test]
fn settings_change_thresholds_limits_as_of_and_holidays() {
    let settings = TimelinessSettings {
        as_of: Some("2024-04-15".into()),
        // B's details, written differently (case, accents): 7 ≥ 5, no longer short.
        tender_period_by_details: [("Invitación a cuando menos tres personas".to_owned(), 5)].into(),
        award_decision_min_days: -5,
        award_decision_max_days: Some(60),
        long_contract_max_days: 1100,
        mexican_holidays: false,
        extra_holidays: vec!["2024-04-17".parse().unwrap()],
        ..TimelinessSettings::default()
    };
    let r = run(settings);
    let d = &r.dataset;
    assert_eq!(d.short_tender_period, share(1, 4, 4));
    // E's −2 is within [−5, 60]; D's 90 is above 60; no fence.
    assert_eq!(d.award_decision_flagged, share(1, 5, 5));
    assert_eq!(r.meta.award_decision_fence, None);
    assert_eq!((r.meta.as_of.as_deref(), r.meta.as_of_source), (Some("2024-04-15"), Some(AsOfSource::Setting)));
    // Due by 15 April: A's m1 (on time), H's hm1 (notMet) and hm2 (on time).
    assert_eq!(d.milestones_on_time, share(2, 3, 2));
    assert_eq!(d.long_contracts, share(0, 4, 4));
    // B's third Monday of March is no longer a holiday; E's award on the listed 17 April is.
    assert_eq!(d.suspicious_dates, share(3, 19, 5));
    let flagged: Vec<(&str, &str)> = r.flags.iter().map(|f| (f.indicator.as_str(), f.id.as_str())).collect();
    assert_eq!(flagged, [("TIM-08", "A"), ("TIM-08", "C"), ("TIM-02", "D"), ("TIM-08", "E")]);
    assert!(r.flags[3].reason.contains("listed holiday"));
}

#[test]
fn configuration_is_checked() {
    let config = |v: Value| Config::from_value(json!({"timeliness": v}));
    let ok = config(json!({"as_of": "2024-06-30T00:00:00-06:00", "extra_holidays": ["2024-06-02"],
                           "tender_period_by_details": {"Licitación Pública": 10}}))
    .unwrap();
    let settings = ok.timeliness.unwrap();
    assert_eq!(settings.extra_holidays, vec!["2024-06-02".parse().unwrap()]);
    assert_eq!(settings.tender_period_threshold, 15, "unset keys keep their defaults");
    assert!(config(json!({"as_of": "yesterday"})).is_err());
    assert!(config(json!({"extra_holidays": ["02/06/2024"]})).is_err());
    assert!(config(json!({"treshold": 10})).is_err());
}

#[test]
fn through_indices_with_history() {
    let config = Config { families: Some(vec![Family::Timeliness]), ..Config::default() };
    let mut indices = Indices::new(config);
    let (compiled, versioned) = process_h();
    indices.add_process(&Process::new(&compiled).unwrap().with_versioned(&versioned));
    indices.add(&process_a());
    let report = indices.finish().to_json();
    let timeliness = &report["timeliness"];
    assert!(report.get("cardinal").is_none());
    // H: 1 of 2 reopened; A has no history (not measured).
    assert_eq!(
        timeliness["dataset"]["milestones_reopened"],
        json!({"numerator": 1.0, "denominator": 2.0, "value": 0.5, "coverage": 1})
    );
    assert_eq!(timeliness["process"]["A"]["milestones_reopened"]["value"], Value::Null);
    // As of A's date: A 1 of 3, H 1 of 2.
    assert_eq!(timeliness["dataset"]["milestones_on_time"]["numerator"], 2.0);
    assert_eq!(timeliness["meta"]["as_of_source"], "latestReleaseDate");
}

#[test]
fn a_fence_on_equal_days_flags_only_what_exceeds_them() {
    // Six processes decided in 3 days and one in 40. Type 8, n = 7: h(¼) = 2 → Q1 = 3;
    // h(¾) = 5⅚ → Q3 = 3 + ⅚·(3 − 3) = 3; IQR 0, so the fence is 3. The six typical processes
    // are at the fence but not above Q3: only the 40 is flagged.
    let mut timeliness = Timeliness::new(TimelinessSettings::default());
    for (i, award) in ["2024-03-04", "2024-03-04", "2024-03-04", "2024-03-04", "2024-03-04", "2024-03-04", "2024-04-10"]
        .into_iter()
        .enumerate()
    {
        let release = json!({"ocid": format!("P{i}"), "tender": {"tenderPeriod": {"endDate": "2024-03-01"}},
                             "awards": [{"status": "active", "date": award}]});
        timeliness.add(&Process::new(&release).unwrap());
    }
    let r = timeliness.finish();
    let fence = r.meta.award_decision_fence.unwrap();
    assert_eq!((fence.q1, fence.q3, fence.upper), (3.0, 3.0, 3.0));
    let flagged: Vec<(&str, Option<f64>)> = r.flags.iter().map(|f| (f.id.as_str(), f.value)).collect();
    assert_eq!(flagged, [("P6", Some(40.0))]);
    assert_eq!(r.dataset.award_decision_flagged, share(1, 7, 7));
}
