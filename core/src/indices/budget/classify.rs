//! Reading one process' budget: its amounts, the chapter of the object-of-expenditure
//! classification (Clasificador por Objeto del Gasto, COG) each belongs to, and the year.
//!
//! Mexican publishers write the object of expenditure in three ways, all read here:
//! - the EDCA-MX budget lines (`budgetBreakdown[]/budgetLines[]/components[]`, the component
//!   named `spendingObject`, e.g. `{"name": "spendingObject", "code": "33501"}`), as the INAI
//!   capture tool writes them;
//! - the federal budget classifications (`budgetBreakdown[]/budgetclassifications[]`, or
//!   `budgetClassification[]`, the entry whose `classifications` / `classification` is
//!   `Economic`, e.g. `{"classifications": "Economic", "levelLabel": "Partida Específica",
//!   "id": "21101"}`), as the APF API writes them;
//! - the `classifications` object of OCP's budget and spend extension, under a key the user names
//!   (`classification_keys`), e.g. `{"partida": "21101 - Materiales y útiles de oficina"}`;
//!
//! and, for the whole process, `/planning/budget/id` when it is a COG code (Jalisco writes its
//! 4-digit partida there, e.g. `"2182"`). `projectID` is not read: the NAICM airport data writes
//! a programme key there (`"46101"`) that would pass for a partida.

use super::{AmountSource, BudgetSettings, YearSource};
use crate::indices::competition::active_values;
use crate::indices::json::{self, Release};
use crate::indices::process::instant;
use chrono::Datelike;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// The chapter of a COG code: its leading digit × 1000. A COG code has 3 to 5 digits: partida
/// genérica (211), concept or state partida (2100, 2111), chapter (2000), federal partida
/// específica (21101 → 2000, not ⌊21101/1000⌋·1000). Anything else is not a COG code.
pub fn chapter_of_code(code: &str) -> Option<u32> {
    let code = code.trim();
    if !(3..=5).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let first = code.as_bytes()[0] - b'0';
    (first > 0).then(|| u32::from(first) * 1000)
}

/// The chapter of a classification value as publishers write it: a code (`"21101"`), a number
/// (`21101`), or a code followed by its label (`"23500-Limpieza"`, `"2111 - Papelería"`). A code
/// run into letters (`"20P002"`, a budget programme) is not a COG code.
pub fn chapter_of_value(value: &Value) -> Option<u32> {
    match value {
        Value::String(text) => {
            let text = text.trim_start();
            let end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
            if text[end..].starts_with(char::is_alphanumeric) {
                return None;
            }
            chapter_of_code(&text[..end])
        }
        Value::Number(n) => chapter_of_code(&n.as_u64()?.to_string()),
        _ => None,
    }
}

/// One amount of a process: currency, amount, chapter and year when known.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Part {
    pub currency: String,
    pub amount: Decimal,
    pub chapter: Option<u32>,
    pub year: Option<i32>,
}

/// What a process publishes about its budget.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ProcessAmounts {
    /// The first source, in the configured order, that had an amount.
    pub source: Option<AmountSource>,
    /// The process' year (see [`BudgetReader::year`]).
    pub year: Option<i32>,
    pub parts: Vec<Part>,
}

/// Reads amounts, chapters and years as the settings say.
pub(crate) struct BudgetReader<'a> {
    settings: &'a BudgetSettings,
    release: &'a Release,
    breakdown: Vec<&'a Map<String, Value>>,
}

impl<'a> BudgetReader<'a> {
    pub fn new(settings: &'a BudgetSettings, release: &'a Release) -> BudgetReader<'a> {
        let budget = json::object(release, "planning").and_then(|p| json::object(p, "budget"));
        let breakdown = budget
            .and_then(|b| json::array(b, "budgetBreakdown"))
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .collect();
        BudgetReader { settings, release, breakdown }
    }

    /// The amounts of the first source that has any.
    pub fn read(&self) -> ProcessAmounts {
        let year = self.year(None);
        for source in &self.settings.amount_sources {
            let parts = match source {
                AmountSource::BudgetBreakdown => self.breakdown_parts(),
                AmountSource::BudgetAmount => self.budget_amount().map(|p| vec![p]).unwrap_or_default(),
                AmountSource::Contracts => active_values(self.release, "contracts")
                    .map(|(amount, currency)| self.process_part(amount, currency))
                    .collect(),
            };
            if !parts.is_empty() {
                return ProcessAmounts { source: Some(*source), year, parts };
            }
        }
        ProcessAmounts { source: None, year, parts: Vec::new() }
    }

    fn breakdown_parts(&self) -> Vec<Part> {
        let process_chapter = self.process_chapter();
        self.breakdown
            .iter()
            .filter_map(|entry| {
                let (amount, currency) = value(entry.get("amount")?)?;
                let codes = self.entry_chapters(entry);
                let chapter = if codes.is_empty() { process_chapter } else { agreed(&codes) };
                Some(Part { currency: currency.to_owned(), amount, chapter, year: self.year(Some(entry)) })
            })
            .collect()
    }

    fn budget_amount(&self) -> Option<Part> {
        let budget = json::object(self.release, "planning").and_then(|p| json::object(p, "budget"))?;
        let (amount, currency) = value(budget.get("amount")?)?;
        Some(self.process_part(amount, currency))
    }

    fn process_part(&self, amount: Decimal, currency: &str) -> Part {
        Part { currency: currency.to_owned(), amount, chapter: self.process_chapter(), year: self.year(None) }
    }

    /// The chapter every code of the process names: those of the breakdown entries, and
    /// `/planning/budget/id` when it is a COG code; `None` when they disagree or there is none.
    fn process_chapter(&self) -> Option<u32> {
        let budget = json::object(self.release, "planning").and_then(|p| json::object(p, "budget"));
        let mut codes: Vec<u32> = self.breakdown.iter().flat_map(|e| self.entry_chapters(e)).collect();
        codes.extend(budget.and_then(|b| chapter_of_value(b.get("id")?)));
        agreed(&codes)
    }

    /// The chapters of the object-of-expenditure codes of one breakdown entry.
    fn entry_chapters(&self, entry: &Map<String, Value>) -> Vec<u32> {
        let mut chapters = Vec::new();
        if let Some(classifications) = json::object(entry, "classifications") {
            let named = |key: &str| self.settings.classification_keys.iter().any(|k| k.eq_ignore_ascii_case(key));
            chapters.extend(classifications.iter().filter(|(k, _)| named(k)).filter_map(|(_, v)| chapter_of_value(v)));
        }
        for member in ["budgetClassifications", "budgetclassifications", "budgetClassification"] {
            let economic = json::array(entry, member).into_iter().flatten().filter(|c| {
                let class =
                    json::value_string(c, "classifications").or_else(|| json::value_string(c, "classification"));
                class.is_some_and(|k| k.eq_ignore_ascii_case("economic"))
            });
            chapters.extend(economic.filter_map(|c| chapter_of_value(c.get("id")?)));
        }
        let components = json::array(entry, "budgetLines")
            .into_iter()
            .flatten()
            .filter_map(|line| line.get("components")?.as_array())
            .flatten();
        chapters.extend(
            components
                .filter(|c| json::value_string(c, "name") == Some("spendingObject"))
                .filter_map(|c| chapter_of_value(c.get("code")?)),
        );
        chapters
    }

    /// The year of an amount: the first of the configured sources that gives one. For a
    /// breakdown entry, `budget_period` is the entry's own period; for the process, the year all
    /// the entries' periods share.
    pub fn year(&self, entry: Option<&Map<String, Value>>) -> Option<i32> {
        self.settings.year_sources.iter().find_map(|source| match source {
            YearSource::BudgetPeriod => entry.and_then(period_year).or_else(|| {
                let years: Vec<i32> = self.breakdown.iter().filter_map(|e| period_year(e)).collect();
                agreed(&years)
            }),
            YearSource::TenderPeriod => json::tender(self.release)
                .and_then(|t| json::object(t, "tenderPeriod"))
                .and_then(|p| date_year(p.get("startDate")?)),
            YearSource::AwardDate => json::array(self.release, "awards")
                .into_iter()
                .flatten()
                .filter(|a| json::has_status(a, "active"))
                .filter_map(|a| instant(a.get("date")?.as_str()?))
                .min()
                .map(|d| d.year()),
        })
    }
}

/// The value every item shares; `None` for none or several.
fn agreed<T: Copy + PartialEq>(items: &[T]) -> Option<T> {
    let first = *items.first()?;
    items.iter().all(|i| *i == first).then_some(first)
}

/// `(amount, currency)` of an OCDS Value with a numeric amount (at most 10^15) and a string
/// currency.
fn value(value: &Value) -> Option<(Decimal, &str)> {
    let (amount, currency) = json::money(value)?;
    Some((json::bounded(amount)?, currency))
}

/// The year of `period/startDate`, else of `period/endDate`.
fn period_year(entry: &Map<String, Value>) -> Option<i32> {
    let period = json::object(entry, "period")?;
    ["startDate", "endDate"].iter().find_map(|k| date_year(period.get(*k)?))
}

/// The calendar year of a date as written (its own offset).
fn date_year(date: &Value) -> Option<i32> {
    instant(date.as_str()?).map(|d| d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chapters_of_cog_codes() {
        assert_eq!(chapter_of_code("21101"), Some(2000));
        assert_eq!(chapter_of_code("2182"), Some(2000));
        assert_eq!(chapter_of_code("5971"), Some(5000));
        assert_eq!(chapter_of_code("211"), Some(2000));
        assert_eq!(chapter_of_code("3000"), Some(3000));
        assert_eq!(chapter_of_code("21"), None, "a concept prefix is too short to tell");
        assert_eq!(chapter_of_code("211010"), None);
        assert_eq!(chapter_of_code("02111"), None);
        assert_eq!(chapter_of_value(&json!("23500-Limpieza, Aseo y Fumigación")), Some(2000));
        assert_eq!(chapter_of_value(&json!("2111 - Papelería")), Some(2000));
        assert_eq!(chapter_of_value(&json!(33104)), Some(3000));
        assert_eq!(chapter_of_value(&json!("20P002")), None);
        assert_eq!(chapter_of_value(&json!(-2111)), None);
        assert_eq!(chapter_of_value(&json!(["21101"])), None);
    }

    #[test]
    fn agreement() {
        assert_eq!(agreed(&[2000, 2000]), Some(2000));
        assert_eq!(agreed(&[2000, 3000]), None);
        assert_eq!(agreed::<u32>(&[]), None);
    }
}
