//! What the integrity indicators read from one compiled release, each value with the JSON Pointer
//! it came from so that a flag can cite it: the winners of active awards with their identifiers,
//! the awards' amounts and dates, the contracts' amounts, the procurement method and categories.
//!
//! A winner's identifiers are those of its party (`/parties[]` with the supplier's `id`:
//! `identifier` and `additionalIdentifiers[]`) and, for OCDS 1.0 data, those written on the
//! supplier reference itself. An award's date is its `date`, else the earliest `dateSigned` of
//! the contracts whose `awardID` is the award's `id`.

use super::IntegritySettings;
use crate::indices::competition::{Competition, MethodSource};
use crate::indices::inputs::normalise_identifier;
use crate::indices::json::{self, Release};
use crate::indices::process::instant;
use crate::indices::report::Trigger;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;

/// An amount with its currency.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Money {
    pub amount: Decimal,
    pub currency: String,
    pub trigger: Trigger,
}

/// A date read tolerantly ([`instant`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Dated {
    pub date: DateTime<FixedOffset>,
    pub trigger: Trigger,
}

/// An organisation identifier, normalised.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Identifier {
    pub id: String,
    pub scheme: Option<String>,
    pub trigger: Trigger,
}

/// A supplier of an active award.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Winner {
    /// `/awards[]/suppliers[]/id`.
    pub id: String,
    pub trigger: Trigger,
    /// `/parties/k` when a party has this id.
    pub party: Option<String>,
    /// `identifier` of that party (or `null`), for a flag about a missing identifier.
    pub party_identifier: Option<Trigger>,
    /// Identifiers that are not placeholders.
    pub identifiers: Vec<Identifier>,
    /// Identifiers that are placeholders (a generic RFC, "Sin dato").
    pub placeholders: Vec<Trigger>,
    /// The founding date in the party's `details`, if any.
    pub founded: Option<Dated>,
}

/// An active award.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Award {
    pub winners: Vec<Winner>,
    pub amount: Option<Money>,
    pub date: Option<Dated>,
    /// The one prefix of its items' classification ids (when `class_digits` is set and all items
    /// share it).
    pub class: Option<String>,
}

/// What one process contributes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Observed {
    pub method: Option<(String, Trigger)>,
    pub rationale: Trigger,
    pub categories: Vec<String>,
    pub awards: Vec<Award>,
    /// `/contracts[]/value` of contracts not cancelled.
    pub contract_amounts: Vec<Money>,
    /// The date that sets the year of a threshold: the earliest active award's date, else
    /// `/tender/tenderPeriod/startDate`.
    pub year_date: Option<Dated>,
    /// Supplier references of active awards without a string `id` (skipped).
    pub skipped_references: u64,
}

/// Reads one compiled release.
pub(super) fn observe(release: &Release, settings: &IntegritySettings, methods: &Competition) -> Observed {
    let tender = json::tender(release);
    let method = methods.method(release).map(|(method, source)| {
        let member = match source {
            MethodSource::ProcurementMethod => "procurementMethod",
            MethodSource::Details => "procurementMethodDetails",
        };
        let value = tender.and_then(|t| t.get(member)).cloned().unwrap_or(Value::Null);
        (method, Trigger::new(format!("/tender/{member}"), value))
    });
    let rationale = Trigger::new(
        "/tender/procurementMethodRationale",
        tender.and_then(|t| t.get("procurementMethodRationale")).cloned().unwrap_or(Value::Null),
    );
    let categories = tender
        .into_iter()
        .flat_map(|t| {
            let main = json::string(t, "mainProcurementCategory");
            let additional =
                json::array(t, "additionalProcurementCategories").into_iter().flatten().filter_map(Value::as_str);
            main.into_iter().chain(additional)
        })
        .map(str::to_owned)
        .collect();
    let parties = json::array(release, "parties").map(Vec::as_slice).unwrap_or_default();
    let contracts = json::array(release, "contracts").map(Vec::as_slice).unwrap_or_default();
    // Looked up once per winner and per award: indexed once, so a process with thousands of
    // awards and parties (federal framework agreements) stays linear.
    let mut party_at: HashMap<String, usize> = HashMap::new();
    for (k, party) in parties.iter().enumerate() {
        if let Some(id) = party.get("id").and_then(id_text) {
            party_at.entry(id).or_insert(k);
        }
    }
    let signed = earliest_signature_by_award(contracts);
    let mut awards = Vec::new();
    let mut skipped_references = 0;
    for (i, award) in json::array(release, "awards").into_iter().flatten().enumerate() {
        if !json::has_status(award, "active") {
            continue;
        }
        let mut winners = Vec::new();
        for (j, supplier) in award.get("suppliers").and_then(Value::as_array).into_iter().flatten().enumerate() {
            match json::id(supplier) {
                Some(id) => {
                    let party = party_at.get(id).map(|&k| (k, &parties[k]));
                    winners.push(winner(id, supplier, &format!("/awards/{i}/suppliers/{j}"), party, settings))
                }
                None => skipped_references += 1,
            }
        }
        awards.push(Award {
            winners,
            amount: money(award, &format!("/awards/{i}")),
            date: award_date(award, i, &signed),
            class: settings.class_digits.and_then(|n| class_prefix(award, n)),
        });
    }
    let contract_amounts = contracts
        .iter()
        .enumerate()
        .filter(|(_, c)| !json::has_status(c, "cancelled"))
        .filter_map(|(j, c)| money(c, &format!("/contracts/{j}")))
        .collect();
    let year_date = awards.iter().filter_map(|a| a.date.clone()).min_by_key(|d| d.date).or_else(|| {
        let period = tender.and_then(|t| json::object(t, "tenderPeriod"))?;
        dated(period.get("startDate")?, "/tender/tenderPeriod/startDate")
    });
    Observed { method, rationale, categories, awards, contract_amounts, year_date, skipped_references }
}

/// `value/amount` (a number a decimal holds exactly) and `value/currency` (a string) of an
/// award or contract at `pointer`.
fn money(parent: &Value, pointer: &str) -> Option<Money> {
    let value = parent.get("value")?;
    let (amount, currency) = json::money(value)?;
    let trigger = Trigger::new(format!("{pointer}/value/amount"), value.get("amount")?.clone());
    Some(Money { amount, currency: currency.to_owned(), trigger })
}

fn dated(value: &Value, pointer: &str) -> Option<Dated> {
    Some(Dated { date: instant(value.as_str()?)?, trigger: Trigger::new(pointer, value.clone()) })
}

/// An id as owned text (see [`json::id_text`]).
fn id_text(value: &Value) -> Option<String> {
    json::id_text(value).map(Cow::into_owned)
}

/// An award's `date`, else the earliest `dateSigned` of its contracts.
fn award_date(award: &Value, i: usize, signed: &HashMap<String, Dated>) -> Option<Dated> {
    if let Some(date) = award.get("date").and_then(|d| dated(d, &format!("/awards/{i}/date"))) {
        return Some(date);
    }
    signed.get(&award.get("id").and_then(id_text)?).cloned()
}

/// awardID → the earliest readable `dateSigned` of the contracts that name it (the first one on
/// a tie).
fn earliest_signature_by_award(contracts: &[Value]) -> HashMap<String, Dated> {
    let mut earliest: HashMap<String, Dated> = HashMap::new();
    for (j, contract) in contracts.iter().enumerate() {
        let Some(award) = contract.get("awardID").and_then(id_text) else { continue };
        let Some(date) = contract.get("dateSigned").and_then(|d| dated(d, &format!("/contracts/{j}/dateSigned")))
        else {
            continue;
        };
        match earliest.get(&award) {
            Some(known) if known.date <= date.date => {}
            _ => {
                earliest.insert(award, date);
            }
        }
    }
    earliest
}

fn class_prefix(award: &Value, digits: usize) -> Option<String> {
    let mut prefixes = award.get("items")?.as_array()?.iter().map(|item| {
        item.get("classification")?.get("id").and_then(id_text).map(|id| id.chars().take(digits).collect())
    });
    let first: String = prefixes.next()??;
    prefixes.all(|p| p.as_ref() == Some(&first)).then_some(first)
}

/// A winner: the supplier reference at `pointer` and its party (index and value), if any.
fn winner(
    id: &str,
    reference: &Value,
    pointer: &str,
    party: Option<(usize, &Value)>,
    settings: &IntegritySettings,
) -> Winner {
    let mut found = Winner {
        id: id.to_owned(),
        trigger: Trigger::new(format!("{pointer}/id"), id),
        party: None,
        party_identifier: None,
        identifiers: Vec::new(),
        placeholders: Vec::new(),
        founded: None,
    };
    if let Some((k, party)) = party {
        let at = format!("/parties/{k}");
        found.party_identifier =
            Some(Trigger::new(format!("{at}/identifier"), party.get("identifier").cloned().unwrap_or(Value::Null)));
        identifiers(party, &at, settings, &mut found);
        found.founded = party
            .get("details")
            .and_then(|d| d.get(&settings.founding_date_member))
            .and_then(|d| dated(d, &format!("{at}/details/{}", escape(&settings.founding_date_member))));
        found.party = Some(at);
    }
    identifiers(reference, pointer, settings, &mut found);
    found
}

/// Reads `identifier` and `additionalIdentifiers[]` of an organisation at `pointer`.
fn identifiers(organisation: &Value, pointer: &str, settings: &IntegritySettings, winner: &mut Winner) {
    let main = organisation.get("identifier").map(|i| (i, format!("{pointer}/identifier")));
    let additional = organisation
        .get("additionalIdentifiers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(n, i)| (i, format!("{pointer}/additionalIdentifiers/{n}")));
    for (identifier, at) in main.into_iter().chain(additional) {
        let Some(identifier) = identifier.as_object() else { continue };
        let Some(raw) = identifier.get("id") else { continue };
        let Some(text) = id_text(raw) else { continue };
        let id = normalise_identifier(&text);
        if id.is_empty() {
            continue;
        }
        let trigger = Trigger::new(format!("{at}/id"), raw.clone());
        if settings.is_placeholder(&id) {
            winner.placeholders.push(trigger);
        } else {
            let scheme = json::string(identifier, "scheme").map(normalise_identifier).filter(|s| !s.is_empty());
            winner.identifiers.push(Identifier { id, scheme, trigger });
        }
    }
}

/// A member name as a JSON Pointer token.
fn escape(member: &str) -> String {
    member.replace('~', "~0").replace('/', "~1")
}
