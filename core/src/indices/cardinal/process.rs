//! Indicators decided by one process alone: R003, R018, R028, R030, R035, R036, each with the
//! fields that triggered it.

use super::fields::{Citation, Flags};
use super::settings::R003;
use super::{Code, Group, bid_pointer, final_awards_and_bids, matches_method, submitted_bids};
use crate::indices::json::{self, Release};
use crate::indices::report::Trigger;
use chrono::DateTime;
use indexmap::IndexSet;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// R003: whole days between `/tender/tenderPeriod/startDate` and `endDate` (RFC 3339, partial
/// days truncated toward zero) below the threshold of the process' `procurementMethodDetails`,
/// else the general threshold. Fields: both dates, the method when a method list applies, the
/// details when their threshold applied.
pub(super) fn r003(
    release: &Release,
    place: (u64, &str),
    settings: &R003,
    methods: &HashSet<String>,
    flags: &mut Flags,
) {
    let Some(tender) = json::tender(release) else { return };
    if !matches_method(release, methods) {
        return;
    }
    let Some(period) = json::object(tender, "tenderPeriod") else { return };
    let (Some(start), Some(end)) = (json::string(period, "startDate"), json::string(period, "endDate")) else {
        return;
    };
    let (Ok(opened), Ok(closed)) = (DateTime::parse_from_rfc3339(start), DateTime::parse_from_rfc3339(end)) else {
        return;
    };
    let days = (closed - opened).num_days();
    let details = json::string(tender, "procurementMethodDetails");
    let by_details = details.and_then(|d| settings.procurement_method_details.as_ref()?.get(d).copied());
    let threshold = by_details.unwrap_or(settings.threshold.unwrap_or(15));
    if days >= threshold {
        return;
    }
    let mut fields =
        vec![Trigger::new("/tender/tenderPeriod/startDate", start), Trigger::new("/tender/tenderPeriod/endDate", end)];
    if !methods.is_empty()
        && let Some(method) = json::string(tender, "procurementMethod")
    {
        fields.push(Trigger::new("/tender/procurementMethod", method));
    }
    if let (Some(details), Some(_)) = (details, by_details) {
        fields.push(Trigger::new("/tender/procurementMethodDetails", details));
    }
    flags.raise(place, Code::R003, 1.0, fields);
}

/// R018: `/tender/numberOfTenderers` is the integer 1 in a process of the listed methods.
/// Fields: the number and the method.
pub(super) fn r018(release: &Release, place: (u64, &str), methods: &HashSet<String>, flags: &mut Flags) {
    let Some(tender) = json::tender(release) else { return };
    let Some(number) = tender.get("numberOfTenderers") else { return };
    if !matches_method(release, methods) || number.as_u64() != Some(1) {
        return;
    }
    let mut fields = vec![Trigger::new("/tender/numberOfTenderers", number.clone())];
    if let Some(method) = json::string(tender, "procurementMethod") {
        fields.push(Trigger::new("/tender/procurementMethod", method));
    }
    flags.raise(place, Code::R018, 1.0, fields);
}

/// R028: two submitted bids with the same value (amount and currency) from different sets of
/// tenderers. A tenderer may repeat its own price. Fields: the `value` of every such bid.
pub(super) fn r028(release: &Release, process: &mut Citation, flags: &mut Flags) {
    let mut prices: HashMap<(Decimal, &str), (BTreeSet<&str>, usize)> = HashMap::new();
    let mut equal: BTreeSet<usize> = BTreeSet::new();
    let mut tenderers: IndexSet<&str> = IndexSet::new();
    for (index, bid) in submitted_bids(release) {
        let Some(list) = bid.get("tenderers").and_then(|t| t.as_array()) else { continue };
        let Some((amount, currency)) = json::bid_value(bid) else { continue };
        let ids: BTreeSet<&str> = list.iter().filter_map(json::id).collect();
        if ids.is_empty() {
            continue;
        }
        let price = (amount.normalize(), currency);
        if let Some((other, other_index)) = prices.get(&price)
            && *other != ids
        {
            equal.extend([*other_index, index]);
            tenderers.extend(ids.iter().chain(other));
        }
        prices.insert(price, (ids, index));
    }
    if equal.is_empty() {
        return;
    }
    let details = json::bid_details(release).map(Vec::as_slice).unwrap_or_default();
    let value = |index: usize| details[index].get("value").cloned().unwrap_or(Value::Null);
    let fields = equal.into_iter().map(|index| Trigger::new(bid_pointer(index, "value"), value(index))).collect();
    flags.raise(process.place(), Code::R028, 1.0, fields);
    for id in tenderers {
        flags.raise_in(Group::Tenderer, id, Code::R028, 1.0, process);
    }
}

/// R030: a valid bid dated after `/tender/tenderPeriod/endDate` whose tenderer is a supplier of
/// an active award. Dates compare as instants when both are RFC 3339, else as text (Cardinal
/// compares text, which is the same for dates in one time zone). Fields: each such bid's `date`,
/// then the end date.
pub(super) fn r030(release: &Release, process: &mut Citation, flags: &mut Flags) {
    let Some(end) =
        json::tender(release).and_then(|t| json::object(t, "tenderPeriod")).and_then(|p| json::string(p, "endDate"))
    else {
        return;
    };
    let Some(awards) = json::array(release, "awards") else { return };
    let Some(details) = json::bid_details(release) else { return };
    let winners: HashSet<&str> = awards
        .iter()
        .filter(|a| json::has_status(a, "active"))
        .filter_map(|a| a.get("suppliers")?.as_array())
        .flatten()
        .filter_map(json::id)
        .collect();
    let mut fields = Vec::new();
    let mut late: IndexSet<&str> = IndexSet::new();
    for (index, bid) in details.iter().enumerate() {
        if !json::has_status(bid, "valid") {
            continue;
        }
        let (Some(date), Some(tenderers)) =
            (json::value_string(bid, "date"), bid.get("tenderers").and_then(|t| t.as_array()))
        else {
            continue;
        };
        if !is_later(date, end) {
            continue;
        }
        let winning: Vec<&str> = tenderers.iter().filter_map(json::id).filter(|id| winners.contains(id)).collect();
        if !winning.is_empty() {
            fields.push(Trigger::new(bid_pointer(index, "date"), date));
            late.extend(winning);
        }
    }
    if fields.is_empty() {
        return;
    }
    fields.push(Trigger::new("/tender/tenderPeriod/endDate", end));
    flags.raise(process.place(), Code::R030, 1.0, fields);
    for id in late {
        flags.raise_in(Group::Tenderer, id, Code::R030, 1.0, process);
    }
}

fn is_later(date: &str, end: &str) -> bool {
    match (DateTime::parse_from_rfc3339(date), DateTime::parse_from_rfc3339(end)) {
        (Ok(date), Ok(end)) => date > end,
        _ => date > end,
    }
}

/// R035: one tenderer has valid bids, it is exactly the set of winners, and at least
/// `threshold` other tenderers had bids disqualified. Value: that number of other tenderers.
/// Fields: the `status` of each disqualified bid from another tenderer.
pub(super) fn r035(release: &Release, threshold: u64, process: &mut Citation, flags: &mut Flags) {
    let Some((active, details)) = final_awards_and_bids(release) else { return };
    let winners: HashSet<&str> =
        active.iter().filter_map(|a| a.get("suppliers")?.as_array()).flatten().filter_map(json::id).collect();
    let mut valid = HashSet::new();
    let mut disqualified = HashSet::new();
    let mut disqualified_bids = Vec::new();
    for (index, bid) in details.iter().enumerate() {
        let Some(tenderers) = bid.get("tenderers").and_then(|t| t.as_array()) else { continue };
        let set = match json::value_string(bid, "status") {
            Some("valid") => &mut valid,
            Some("disqualified") => {
                disqualified_bids.push((index, tenderers));
                &mut disqualified
            }
            _ => continue,
        };
        set.extend(tenderers.iter().filter_map(json::id));
    }
    if valid.len() != 1 || valid != winners {
        return;
    }
    let others = disqualified.difference(&valid).count() as u64;
    if others < threshold {
        return;
    }
    let fields = disqualified_bids
        .into_iter()
        .filter(|(_, tenderers)| tenderers.iter().filter_map(json::id).any(|id| !valid.contains(id)))
        .map(|(index, _)| Trigger::new(bid_pointer(index, "status"), "disqualified"))
        .collect();
    flags.raise(process.place(), Code::R035, others as f64, fields);
    for id in &valid {
        flags.raise_in(Group::Tenderer, id, Code::R035, 0.0, process);
    }
}

/// A process that R036 flags if `currency` is the main currency, with its fields: the lowest
/// bid's `status` and amount.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct LowestDisqualified {
    /// The process' place in the dataset.
    pub(super) order: u64,
    pub(super) ocid: String,
    pub(super) currency: String,
    pub(super) fields: Vec<Trigger>,
}

/// R036, per currency: with an active award, the lowest submitted bid of that currency (the
/// first one at equal amounts) is disqualified while a valid bid of that currency has an amount.
/// Pushes one [`LowestDisqualified`] per currency that would flag; the main currency is chosen
/// at the end.
pub(super) fn r036(release: &Release, (order, ocid): (u64, &str), flagged: &mut Vec<LowestDisqualified>) {
    let Some(awards) = json::array(release, "awards") else { return };
    if !awards.iter().any(|a| json::has_status(a, "active")) {
        return;
    }
    let mut by_currency: Vec<Lowest> = Vec::new();
    for (index, bid) in submitted_bids(release) {
        let Some((amount, currency)) = json::bid_value(bid) else { continue };
        let status = json::value_string(bid, "status").unwrap_or_default();
        let valid = status == "valid";
        match by_currency.iter_mut().find(|entry| entry.currency == currency) {
            Some(entry) => {
                if amount < entry.amount {
                    (entry.amount, entry.index, entry.bid) = (amount, index, bid);
                }
                entry.valid |= valid;
            }
            None => by_currency.push(Lowest { currency, amount, index, bid, valid }),
        }
    }
    for lowest in by_currency {
        if !(lowest.valid && json::has_status(lowest.bid, "disqualified")) {
            continue;
        }
        let amount = lowest.bid.pointer("/value/amount").cloned().unwrap_or(Value::Null);
        let fields = vec![
            Trigger::new(bid_pointer(lowest.index, "status"), "disqualified"),
            Trigger::new(bid_pointer(lowest.index, "value/amount"), amount),
        ];
        flagged.push(LowestDisqualified { order, ocid: ocid.to_owned(), currency: lowest.currency.to_owned(), fields });
    }
}

/// The lowest submitted bid of one currency so far, and whether a valid bid of it was seen.
struct Lowest<'a> {
    currency: &'a str,
    amount: Decimal,
    index: usize,
    bid: &'a Value,
    valid: bool,
}
