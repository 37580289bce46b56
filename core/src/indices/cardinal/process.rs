//! Indicators decided by one process alone: R003, R018, R028, R030, R035, R036.

use super::settings::R003;
use super::{Code, Group, Results, final_awards_and_bids, matches_method, set, submitted_bids};
use crate::indices::json::{self, Release};
use chrono::DateTime;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap, HashSet};

/// R003: whole days between `/tender/tenderPeriod/startDate` and `endDate` (RFC 3339, partial
/// days truncated toward zero) below the threshold of the process' `procurementMethodDetails`,
/// else the general threshold.
pub(super) fn r003(release: &Release, ocid: &str, settings: &R003, methods: &HashSet<String>, out: &mut Results) {
    let Some(tender) = json::tender(release) else { return };
    if !matches_method(release, methods) {
        return;
    }
    let Some(period) = json::object(tender, "tenderPeriod") else { return };
    let (Some(start), Some(end)) = (json::string(period, "startDate"), json::string(period, "endDate")) else {
        return;
    };
    let (Ok(start), Ok(end)) = (DateTime::parse_from_rfc3339(start), DateTime::parse_from_rfc3339(end)) else {
        return;
    };
    let days = (end - start).num_days();
    let by_details = json::string(tender, "procurementMethodDetails")
        .and_then(|d| settings.procurement_method_details.as_ref()?.get(d).copied());
    let threshold = by_details.unwrap_or(settings.threshold.unwrap_or(15));
    if days < threshold {
        set(out, Group::Ocid, ocid, Code::R003, 1.0);
    }
}

/// R018: `/tender/numberOfTenderers` is the integer 1 in a process of the listed methods.
pub(super) fn r018(release: &Release, ocid: &str, methods: &HashSet<String>, out: &mut Results) {
    let Some(tender) = json::tender(release) else { return };
    if matches_method(release, methods) && tender.get("numberOfTenderers").and_then(|n| n.as_u64()) == Some(1) {
        set(out, Group::Ocid, ocid, Code::R018, 1.0);
    }
}

/// R028: two submitted bids with the same value (amount and currency) from different sets of
/// tenderers. A tenderer may repeat its own price.
pub(super) fn r028(release: &Release, ocid: &str, out: &mut Results) {
    let mut prices: HashMap<(Decimal, &str), BTreeSet<&str>> = HashMap::new();
    for bid in submitted_bids(release) {
        let Some(tenderers) = bid.get("tenderers").and_then(|t| t.as_array()) else { continue };
        let Some((amount, currency)) = json::bid_value(bid) else { continue };
        let ids: BTreeSet<&str> = tenderers.iter().filter_map(json::id).collect();
        if ids.is_empty() {
            continue;
        }
        let price = (amount.normalize(), currency);
        if let Some(other) = prices.get(&price)
            && *other != ids
        {
            set(out, Group::Ocid, ocid, Code::R028, 1.0);
            for id in ids.iter().chain(other) {
                set(out, Group::Tenderer, id, Code::R028, 1.0);
            }
        }
        prices.insert(price, ids);
    }
}

/// R030: a valid bid dated after `/tender/tenderPeriod/endDate` whose tenderer is a supplier of
/// an active award. Dates compare as instants when both are RFC 3339, else as text (Cardinal
/// compares text, which is the same for dates in one time zone).
pub(super) fn r030(release: &Release, ocid: &str, out: &mut Results) {
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
    for bid in details {
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
        for id in tenderers.iter().filter_map(json::id).filter(|id| winners.contains(id)) {
            set(out, Group::Ocid, ocid, Code::R030, 1.0);
            set(out, Group::Tenderer, id, Code::R030, 1.0);
        }
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
pub(super) fn r035(release: &Release, ocid: &str, threshold: u64, out: &mut Results) {
    let Some((active, details)) = final_awards_and_bids(release) else { return };
    let winners: HashSet<&str> =
        active.iter().filter_map(|a| a.get("suppliers")?.as_array()).flatten().filter_map(json::id).collect();
    let mut valid = HashSet::new();
    let mut disqualified = HashSet::new();
    for bid in details {
        let Some(tenderers) = bid.get("tenderers").and_then(|t| t.as_array()) else { continue };
        let set = match json::value_string(bid, "status") {
            Some("valid") => &mut valid,
            Some("disqualified") => &mut disqualified,
            _ => continue,
        };
        set.extend(tenderers.iter().filter_map(json::id));
    }
    if valid.len() != 1 || valid != winners {
        return;
    }
    let others = disqualified.difference(&valid).count() as u64;
    if others >= threshold {
        set(out, Group::Ocid, ocid, Code::R035, others as f64);
        for id in &valid {
            set(out, Group::Tenderer, id, Code::R035, 0.0);
        }
    }
}

/// R036, per currency: with an active award, the lowest submitted bid of that currency (the
/// first one at equal amounts) is disqualified while a valid bid of that currency has an amount.
/// Pushes `(ocid, currency)` for each currency that would flag; the main currency is chosen at
/// the end.
pub(super) fn r036(release: &Release, ocid: &str, flagged: &mut Vec<(String, String)>) {
    let Some(awards) = json::array(release, "awards") else { return };
    if !awards.iter().any(|a| json::has_status(a, "active")) {
        return;
    }
    // currency → (lowest amount, lowest is disqualified, a valid bid seen)
    let mut by_currency: Vec<(&str, Decimal, bool, bool)> = Vec::new();
    for bid in submitted_bids(release) {
        let Some((amount, currency)) = json::bid_value(bid) else { continue };
        let status = json::value_string(bid, "status").unwrap_or_default();
        match by_currency.iter_mut().find(|entry| entry.0 == currency) {
            Some(entry) => {
                if amount < entry.1 {
                    entry.1 = amount;
                    entry.2 = status == "disqualified";
                }
                entry.3 |= status == "valid";
            }
            None => by_currency.push((currency, amount, status == "disqualified", status == "valid")),
        }
    }
    for (currency, _, lowest_disqualified, has_valid) in by_currency {
        if lowest_disqualified && has_valid {
            flagged.push((ocid.to_owned(), currency.to_owned()));
        }
    }
}
