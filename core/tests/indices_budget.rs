//! Budget coverage (BUD-01, BUD-02) on hand-made processes and a hand-made approved-budget
//! table, with every value worked out by hand in the comments.

use edca::indices::Process;
use edca::indices::budget::{AmountSource, ApprovedBudget, Budget, BudgetReport, BudgetSettings, YearSource};
use edca::indices::report::Share;
use serde_json::{Value, json};

/// Approved: B1 2024 chapter 2000 = 1000 + 500 (the partida 21101 is chapter 2000), 3000 = 500;
/// B2 2024 5000 = 200; B3 2023 7000 = 100. Left out: chapter 1000 (not reported) and B2's USD
/// row. Rows without currency are taken as the main currency.
const APPROVED: &str = "buyer_id,year,chapter,approved_amount,currency
B1,2024,2000,1000,MXN
B1,2024,3000,500,MXN
B1,2024,21101,500,
B2,2024,5000,200,
B1,2024,1000,999,MXN
B2,2024,2000,300,USD
B3,2023,7000,100,
";

fn mxn(amount: i64) -> Value {
    json!({"amount": amount, "currency": "MXN"})
}

fn tender_2024() -> Value {
    json!({"tenderPeriod": {"startDate": "2024-03-01T00:00:00-06:00"}})
}

fn processes() -> Vec<Value> {
    vec![
        // P1 (B1), budget breakdown: 600 in 2000 (EDCA-MX budget line, spendingObject 21101,
        // period 2024) and 900 in 3000 (federal Economic classification 33104; no period of its
        // own: the year its siblings share, 2024).
        json!({"ocid": "P1", "buyer": {"id": "B1"}, "planning": {"budget": {"budgetBreakdown": [
            {"id": "1", "amount": mxn(600), "period": {"startDate": "2024-01-01T00:00:00Z"},
             "budgetLines": [{"components": [{"name": "spendingObject", "code": "21101"},
                                             {"name": "budgetSource", "code": "1"}]}]},
            {"id": "2", "amount": mxn(900), "budgetclassifications": [
                {"classifications": "Administrative", "id": "20147"},
                {"classifications": "Economic", "levelLabel": "Partida Específica", "id": "33104"}]}
        ]}}}),
        // P2 (B1), budget amount 700; the budget id 2182 is a 4-digit partida: chapter 2000;
        // year 2024 from the tender period (as written, -06:00).
        json!({"ocid": "P2", "buyer": {"id": "B1"}, "tender": tender_2024(),
               "planning": {"budget": {"id": "2182", "amount": mxn(700)}}}),
        // P3 (B1), no budget: the active contract's 400 (the pending 1000 does not count); no
        // chapter: unclassified.
        json!({"ocid": "P3", "buyer": {"id": "B1"}, "tender": tender_2024(),
               "contracts": [{"status": "active", "value": mxn(400)}, {"status": "pending", "value": mxn(1000)}]}),
        // P4 (B1), budget breakdown with a `classifications` object: partida 51501 → 5000, year
        // 2025: 250 with no approved amount.
        json!({"ocid": "P4", "buyer": {"id": "B1"}, "planning": {"budget": {"budgetBreakdown": [
            {"id": "1", "amount": mxn(250), "period": {"startDate": "2025-02-01"},
             "classifications": {"partida": "51501 - Equipo de cómputo", "fuente": "11"}}]}}}),
        // P5 (B2), budget breakdown: 150 in 5000 (capitulo), 2024; 50 whose budget lines name
        // two chapters (2000 and 3000): unclassified.
        json!({"ocid": "P5", "buyer": {"id": "B2"}, "planning": {"budget": {"budgetBreakdown": [
            {"id": "1", "amount": mxn(150), "period": {"startDate": "2024-05-01"}, "classifications": {"Capitulo": 5000}},
            {"id": "2", "amount": mxn(50), "budgetLines": [
                {"components": [{"name": "spendingObject", "code": "21101"}]},
                {"components": [{"name": "spendingObject", "code": "33104"}]}]}]}}}),
        // P6 (B2), 80 in chapter 2000 but no year (no period, no tender period); its active
        // award's date counts only with the `award_date` year source.
        json!({"ocid": "P6", "buyer": {"id": "B2"}, "planning": {"budget": {"budgetBreakdown": [
            {"id": "1", "amount": mxn(80), "budgetLines": [{"components": [{"name": "spendingObject", "code": "26102"}]}]}]}},
               "awards": [{"status": "active", "date": "2024-06-01T00:00:00Z"}]}),
        // P7 (B2), 60 in chapter 6000 (public works), not reported by default.
        json!({"ocid": "P7", "buyer": {"id": "B2"}, "tender": tender_2024(),
               "planning": {"budget": {"id": "6121", "amount": mxn(60)}}}),
        // P8 (B2), 1000 USD in chapter 2000: not the main currency.
        json!({"ocid": "P8", "buyer": {"id": "B2"}, "tender": tender_2024(),
               "planning": {"budget": {"id": "2111", "amount": {"amount": 1000, "currency": "USD"}}}}),
        // P9, no buyer: 90 in 2000, 2024, which no approved row can match.
        json!({"ocid": "P9", "tender": tender_2024(), "planning": {"budget": {"id": "2111", "amount": mxn(90)}}}),
        // P10 (B1), nothing about money.
        json!({"ocid": "P10", "buyer": {"id": "B1"}, "tender": {"title": "x"}}),
        // P11 (B1), cancelled: left out entirely.
        json!({"ocid": "P11", "buyer": {"id": "B1"}, "tender": {"status": "cancelled"},
               "planning": {"budget": {"id": "2111", "amount": mxn(5000)}}}),
        // P12 (B1), messy: a breakdown that is an object, a null budget amount, a string
        // contract amount, an unreadable date: no amount, no year.
        json!({"ocid": "P12", "buyer": {"id": "B1"}, "tender": {"tenderPeriod": {"startDate": "soon"}},
               "planning": {"budget": {"id": 2111, "budgetBreakdown": {"id": "1", "amount": mxn(5)},
                                       "amount": {"amount": null, "currency": "MXN"}}},
               "contracts": [{"status": "active", "value": {"amount": "12", "currency": "MXN"}}]}),
        // Not a process: the ocid is a number.
        json!({"ocid": 13, "buyer": {"id": "B1"}, "planning": {"budget": {"id": "2111", "amount": mxn(1)}}}),
    ]
}

fn run_with(settings: BudgetSettings, approved: Option<&str>) -> BudgetReport {
    let table = approved.map(|text| ApprovedBudget::from_csv(text.as_bytes()).unwrap());
    let mut budget = Budget::new(settings).with_approved(table);
    for release in processes() {
        budget.add(&Process::new(&release).unwrap());
    }
    budget.finish()
}

/// The settings given, with the table `APPROVED`.
fn run(settings: BudgetSettings) -> BudgetReport {
    run_with(settings, Some(APPROVED))
}

fn share(numerator: f64, denominator: f64, coverage: u64) -> Share {
    Share::of(numerator, denominator, coverage)
}

#[test]
fn cells_buyer_year_chapter() {
    let r = run(BudgetSettings::default());
    assert_eq!(r.meta.currency.as_deref(), Some("MXN"));
    assert_eq!((r.meta.approved_rows, r.meta.approved_rows_left_out), (7, 2));
    assert!(r.meta.notes.is_empty());
    assert_eq!(
        r.buyer_year_chapter.keys().collect::<Vec<_>>(),
        ["B1|2024|2000", "B1|2024|3000", "B1|2025|5000", "B2|2024|5000", "B3|2023|7000"]
    );
    let cell = |key: &str| &r.buyer_year_chapter[key];
    // 600 (P1) + 700 (P2) of 1500.
    assert_eq!(cell("B1|2024|2000").approved, Some(1500.0));
    assert_eq!(cell("B1|2024|2000").published, 1300.0);
    assert_eq!(cell("B1|2024|2000").published_vs_approved, share(1300.0, 1500.0, 2));
    assert_eq!(cell("B1|2024|2000").published_vs_approved_capped, share(1300.0, 1500.0, 2));
    // 900 of 500: raw 1.8, capped 1.
    assert_eq!(cell("B1|2024|3000").published_vs_approved, share(900.0, 500.0, 1));
    assert_eq!(cell("B1|2024|3000").published_vs_approved_capped, share(500.0, 500.0, 1));
    // 250 without an approved amount: no ratio.
    assert_eq!(cell("B1|2025|5000").approved, None);
    assert_eq!(cell("B1|2025|5000").published_vs_approved, share(250.0, 0.0, 1));
    assert_eq!(cell("B1|2025|5000").published_vs_approved.value, None);
    // 150 (P5) of 200.
    assert_eq!(cell("B2|2024|5000").published_vs_approved, share(150.0, 200.0, 1));
    // Approved, nothing published: measured as 0 over no process.
    assert_eq!(cell("B3|2023|7000").published_vs_approved, share(0.0, 100.0, 0));
    assert_eq!(cell("B3|2023|7000").published_vs_approved.value, Some(0.0));
}

#[test]
fn buyer_totals() {
    let r = run(BudgetSettings::default());
    assert_eq!(r.buyer.keys().collect::<Vec<_>>(), ["B1", "B2", "B3"]);
    let b1 = &r.buyer["B1"];
    // P1, P2, P3, P4, P10, P12 (P11 cancelled).
    assert_eq!(b1.processes, 6);
    assert_eq!(
        b1.sources.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(),
        [("budget_breakdown", 2), ("budget_amount", 1), ("contracts", 1)]
    );
    // Cells with an approved amount: 2000 (1300 of 1500) and 3000 (900 of 500), from P1 and P2.
    assert_eq!(b1.approved, Some(2000.0));
    assert_eq!(b1.published_vs_approved, share(2200.0, 2000.0, 2));
    // Capped per cell: 1300 + 500.
    assert_eq!(b1.published_vs_approved_capped, share(1800.0, 2000.0, 2));
    assert_eq!((b1.published_without_approved, b1.other_chapters, b1.without_year), (250.0, 0.0, 0.0));
    // BUD-02: P3's 400 of 1500 + 700 + 400 + 250; 1 of the 4 processes with an amount.
    assert_eq!(b1.unclassified_count, share(1.0, 4.0, 4));
    assert_eq!(b1.unclassified_value, share(400.0, 2850.0, 4));

    let b2 = &r.buyer["B2"];
    // P5, P6, P7, P8; P8's USD is not measured.
    assert_eq!(b2.processes, 4);
    assert_eq!(b2.published_vs_approved, share(150.0, 200.0, 1));
    assert_eq!((b2.published_without_approved, b2.other_chapters, b2.without_year), (0.0, 60.0, 80.0));
    // BUD-02: P5's 50 of 200 + 80 + 60.
    assert_eq!(b2.unclassified_count, share(1.0, 3.0, 3));
    assert_eq!(b2.unclassified_value, share(50.0, 340.0, 3));

    // B3 is only in the table.
    let b3 = &r.buyer["B3"];
    assert_eq!((b3.processes, b3.approved), (0, Some(100.0)));
    assert_eq!(b3.published_vs_approved, share(0.0, 100.0, 0));
    assert_eq!(b3.unclassified_count.value, None);
}

#[test]
fn dataset_totals() {
    let d = run(BudgetSettings::default()).dataset;
    // P1–P10 and P12.
    assert_eq!(d.processes, 11);
    assert_eq!(d.sources["budget_breakdown"], 4);
    assert_eq!(d.sources["budget_amount"], 4);
    assert_eq!(d.sources["contracts"], 1);
    // 1500 + 500 + 200 + 100 approved; 1300 + 900 + 150 published; capped 1300 + 500 + 150.
    assert_eq!(d.approved, Some(2300.0));
    assert_eq!(d.published_vs_approved, share(2350.0, 2300.0, 3));
    assert_eq!(d.published_vs_approved_capped, share(1950.0, 2300.0, 3));
    // P4's 250 and the buyerless P9's 90.
    assert_eq!((d.published_without_approved, d.other_chapters, d.without_year), (340.0, 60.0, 80.0));
    // BUD-02: P3 and P5 of the 8 with an amount; 400 + 50 of
    // 1500 + 700 + 400 + 250 + 200 + 80 + 60 + 90.
    assert_eq!(d.unclassified_count, share(2.0, 8.0, 8));
    assert_eq!(d.unclassified_value, share(450.0, 3280.0, 8));
}

#[test]
fn process_rows() {
    let r = run(BudgetSettings::default());
    // P1–P10 and P12.
    assert_eq!(r.process.len(), 11);
    let p = &r.process;
    assert_eq!(p["P1"].amount_source, Some(AmountSource::BudgetBreakdown));
    assert_eq!((p["P1"].year, p["P1"].amount), (Some(2024), Some(1500.0)));
    let parts: Vec<_> = p["P1"].parts.iter().map(|x| (x.year, x.chapter, x.amount)).collect();
    assert_eq!(parts, [(Some(2024), Some(2000), 600.0), (Some(2024), Some(3000), 900.0)]);
    assert_eq!(p["P3"].amount_source, Some(AmountSource::Contracts));
    assert_eq!(p["P3"].parts[0].chapter, None);
    // USD only: a source, no amount in the main currency.
    assert_eq!((p["P8"].amount_source, p["P8"].amount), (Some(AmountSource::BudgetAmount), None));
    assert_eq!((p["P10"].amount_source, p["P10"].year), (None, None));
    assert_eq!((p["P12"].amount_source, p["P12"].year, p["P12"].amount), (None, None, None));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["process"]["P2"]["amount_source"], "budget_amount");
    assert_eq!(json["buyerYearChapter"]["B1|2024|3000"]["published_vs_approved"]["value"], 1.8);
}

#[test]
fn without_a_table() {
    let r = run_with(BudgetSettings::default(), None);
    assert_eq!(r.meta.notes, ["no approved-budget table: BUD-01 has no denominator"]);
    assert_eq!(r.dataset.approved, None);
    assert_eq!(r.dataset.published_vs_approved.value, None);
    // Published amounts land in cells without an approved amount; BUD-02 is unchanged.
    assert_eq!(r.buyer_year_chapter["B1|2024|2000"].published, 1300.0);
    assert_eq!(r.dataset.unclassified_count, share(2.0, 8.0, 8));
    let named = BudgetSettings { approved: Some("budget.csv".into()), ..BudgetSettings::default() };
    assert!(run_with(named, None).meta.notes[0].contains("budget.csv was not loaded"));
}

#[test]
fn every_chapter_when_the_list_is_empty() {
    let r = run(BudgetSettings { chapters: vec![], ..BudgetSettings::default() });
    // Chapter 1000's 999 is now approved, P7's 60 in 6000 is published without approval.
    assert_eq!(r.meta.approved_rows_left_out, 1);
    assert_eq!(r.buyer_year_chapter["B1|2024|1000"].published_vs_approved, share(0.0, 999.0, 0));
    assert_eq!(r.buyer_year_chapter["B2|2024|6000"].published, 60.0);
    assert_eq!(r.dataset.approved, Some(3299.0));
    assert_eq!(r.dataset.other_chapters, 0.0);
}

#[test]
fn amount_sources_setting() {
    // Contracts only: P3's 400 is the one amount.
    let r = run(BudgetSettings { amount_sources: vec![AmountSource::Contracts], ..BudgetSettings::default() });
    assert_eq!(r.dataset.sources["contracts"], 1);
    assert_eq!(r.dataset.sources["budget_breakdown"], 0);
    assert_eq!(r.dataset.unclassified_value, share(400.0, 400.0, 1));
}

#[test]
fn year_sources_setting() {
    // With the award date, P6's 80 gets 2024: B2 2024 2000, which has no approved amount (its
    // row was in USD).
    let settings = BudgetSettings {
        year_sources: vec![YearSource::BudgetPeriod, YearSource::TenderPeriod, YearSource::AwardDate],
        ..BudgetSettings::default()
    };
    let r = run(settings);
    assert_eq!(r.buyer["B2"].without_year, 0.0);
    assert_eq!(r.buyer_year_chapter["B2|2024|2000"].published, 80.0);
    assert_eq!(r.buyer["B2"].published_without_approved, 80.0);
}

#[test]
fn currency_setting() {
    // USD: P8's 1000 counts; the table's rows without currency are taken as USD too.
    let r = run(BudgetSettings { currency: Some("USD".into()), ..BudgetSettings::default() });
    assert_eq!(r.meta.approved_rows_left_out, 3);
    assert_eq!(r.buyer_year_chapter["B2|2024|2000"].published_vs_approved, share(1000.0, 300.0, 1));
    assert_eq!(r.buyer_year_chapter["B2|2024|2000"].published_vs_approved_capped, share(300.0, 300.0, 1));
}

#[test]
fn settings_are_strict() {
    let settings: BudgetSettings =
        serde_json::from_value(json!({"approved": "a.csv", "chapters": [2000], "amount_sources": ["budget_amount"]}))
            .unwrap();
    assert_eq!(settings.chapters, [2000]);
    assert_eq!(settings.year_sources, BudgetSettings::default().year_sources);
    assert!(serde_json::from_value::<BudgetSettings>(json!({"chapter": [2000]})).is_err());
    assert!(serde_json::from_value::<BudgetSettings>(json!({"amount_sources": ["awards"]})).is_err());
}

#[test]
fn huge_amounts_are_absent_never_an_overflow() {
    // Two breakdown amounts of 5·10^27 would overflow when summed: amounts above 10^15 are read
    // as absent, so the budget amount (7) is the published amount.
    let huge: Value = serde_json::from_str("5000000000000000000000000000").unwrap();
    let release = json!({"ocid": "X", "buyer": {"id": "B1"}, "tender": tender_2024(),
        "planning": {"budget": {"id": "2111", "amount": mxn(7), "budgetBreakdown": [
            {"id": "1", "amount": {"amount": huge.clone(), "currency": "MXN"}},
            {"id": "2", "amount": {"amount": huge, "currency": "MXN"}}]}}});
    let mut budget = Budget::new(BudgetSettings::default());
    budget.add(&Process::new(&release).unwrap());
    let r = budget.finish();
    assert_eq!(r.process["X"].amount_source, Some(AmountSource::BudgetAmount));
    assert_eq!(r.buyer_year_chapter["B1|2024|2000"].published, 7.0);
}
