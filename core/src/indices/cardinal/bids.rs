//! Indicators that compare bids across the dataset: R024 and R058 (the gap between the winning
//! bid and the lowest losing bid) and R025 (tenderers that rarely win), with the fields that
//! triggered each flag.

use super::fields::{Citation, Flags};
use super::is_positive;
use super::settings::R025;
use super::{Code, Group, Tally, bid_pointer, final_awards_and_bids, sole_tenderer, sole_winner};
use crate::indices::json::{self, Release};
use crate::indices::quantile::{lower_fence, quantile, quartiles, upper_fence};
use crate::indices::report::Trigger;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// The relative gap between the winning bid and the lowest losing bid of one process, in one
/// currency.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct PriceGap {
    /// The process' place in the dataset.
    pub(super) order: u64,
    ocid: String,
    currency: String,
    ratio: f64,
    winner: Offer,
    runner_up: Offer,
}

/// The lowest valid bid of one tenderer in a [`PriceGap`]: who, its index in `/bids/details`, and
/// the amount as published.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Offer {
    tenderer: String,
    bid: usize,
    amount: Value,
}

impl Offer {
    fn new(bid: &Bid) -> Offer {
        Offer { tenderer: bid.tenderer.to_owned(), bid: bid.index, amount: bid.raw.clone() }
    }

    fn trigger(&self) -> Trigger {
        Trigger::new(bid_pointer(self.bid, "value/amount"), self.amount.clone())
    }
}

/// A valid bid with one tenderer and a numeric amount.
struct Bid<'a> {
    index: usize,
    tenderer: &'a str,
    amount: Decimal,
    raw: &'a Value,
    currency: &'a str,
}

impl PriceGap {
    /// The winning and the lowest losing bids' amounts.
    fn fields(&self) -> Vec<Trigger> {
        vec![self.winner.trigger(), self.runner_up.trigger()]
    }
}

/// Pushes one [`PriceGap`] per currency of the process' valid bids, when: every award is final,
/// exactly one is active, it has one supplier, and in that currency the winner's lowest valid
/// bid is not above the lowest valid bid of anyone else (else the criteria were not price
/// only). Only bids with one tenderer and a numeric amount count; a winning bid of 0 is left out.
pub(super) fn price_gaps(release: &Release, (order, ocid): (u64, &str), out: &mut Vec<PriceGap>) {
    let Some((active, details)) = final_awards_and_bids(release) else { return };
    let Some(winner_id) = sole_winner(&active) else { return };
    let bids: Vec<Bid> = details
        .iter()
        .enumerate()
        .filter(|(_, bid)| json::has_status(bid, "valid"))
        .filter_map(|(index, bid)| {
            let (amount, currency) = json::bid_value(bid)?;
            let raw = bid.pointer("/value/amount")?;
            Some(Bid { index, tenderer: sole_tenderer(bid)?, amount, raw, currency })
        })
        .collect();
    let mut currencies: Vec<&str> = Vec::new();
    for bid in &bids {
        if !currencies.contains(&bid.currency) {
            currencies.push(bid.currency);
        }
    }
    for currency in currencies {
        let mut winner: Option<&Bid> = None;
        let mut runner_up: Option<&Bid> = None;
        for bid in bids.iter().filter(|b| b.currency == currency) {
            let slot = if bid.tenderer == winner_id { &mut winner } else { &mut runner_up };
            if slot.is_none_or(|lowest| bid.amount < lowest.amount) {
                *slot = Some(bid);
            }
        }
        let (Some(winner), Some(runner_up)) = (winner, runner_up) else { continue };
        if runner_up.amount < winner.amount {
            continue;
        }
        let Some(ratio) = (runner_up.amount - winner.amount).checked_div(winner.amount).and_then(|r| r.to_f64()) else {
            continue;
        };
        out.push(PriceGap {
            order,
            ocid: ocid.to_owned(),
            currency: currency.to_owned(),
            ratio,
            winner: Offer::new(winner),
            runner_up: Offer::new(runner_up),
        });
    }
}

/// The gaps in `currency`, one per ocid (a repeated ocid keeps its last line, as Cardinal).
pub(super) fn select(gaps: Vec<PriceGap>, currency: &str) -> IndexMap<String, PriceGap> {
    gaps.into_iter().filter(|g| g.currency == currency).map(|g| (g.ocid.clone(), g)).collect()
}

/// R024: gap ≤ lower fence (or the threshold). Skipped when Q1 or the fence is not positive: the
/// gap is never negative, so that would flag most processes. Winner and runner-up get 0.0.
/// Fields: both bids' amounts; for the tenderers, the flagged processes.
pub(super) fn r024(
    gaps: &IndexMap<String, PriceGap>,
    threshold: Option<f64>,
    flags: &mut Flags,
    meta: &mut BTreeMap<Code, IndexMap<String, f64>>,
) {
    let entry = meta.entry(Code::R024).or_default();
    let (fence, q1) = match threshold {
        Some(t) => (t, 1.0),
        None => {
            let ratios: Vec<f64> = gaps.values().map(|g| g.ratio).collect();
            let (q1, q3) = quartiles(&ratios);
            entry.insert("q1".into(), q1);
            entry.insert("q3".into(), q3);
            (lower_fence(q1, q3), q1)
        }
    };
    entry.insert("lower_fence".into(), fence);
    if !(is_positive(q1) && is_positive(fence)) {
        return;
    }
    for (ocid, gap) in gaps {
        if gap.ratio <= fence {
            flags.raise((gap.order, ocid), Code::R024, gap.ratio, gap.fields());
            flags.raise_for(Group::Tenderer, &gap.winner.tenderer, Code::R024, 0.0, (gap.order, ocid));
            flags.raise_for(Group::Tenderer, &gap.runner_up.tenderer, Code::R024, 0.0, (gap.order, ocid));
        }
    }
}

/// R058: gap ≥ upper fence (or the threshold), when the fence is positive. The winner gets 0.0.
/// Fields as R024.
pub(super) fn r058(
    gaps: &IndexMap<String, PriceGap>,
    threshold: Option<f64>,
    flags: &mut Flags,
    meta: &mut BTreeMap<Code, IndexMap<String, f64>>,
) {
    let entry = meta.entry(Code::R058).or_default();
    let fence = threshold.unwrap_or_else(|| {
        let ratios: Vec<f64> = gaps.values().map(|g| g.ratio).collect();
        let (q1, q3) = quartiles(&ratios);
        entry.insert("q1".into(), q1);
        entry.insert("q3".into(), q3);
        upper_fence(q1, q3)
    });
    entry.insert("upper_fence".into(), fence);
    if !is_positive(fence) {
        return;
    }
    for (ocid, gap) in gaps {
        if gap.ratio >= fence {
            flags.raise((gap.order, ocid), Code::R058, gap.ratio, gap.fields());
            flags.raise_for(Group::Tenderer, &gap.winner.tenderer, Code::R058, 0.0, (gap.order, ocid));
        }
    }
}

/// R025, per process: each tenderer with a valid single-tenderer bid counts once, as a win if it
/// is the supplier of the only active award (same conditions as the price gap).
pub(super) fn r025_fold(release: &Release, process: &mut Citation, tenderers: &mut IndexMap<String, Tally>) {
    let Some((active, details)) = final_awards_and_bids(release) else { return };
    let Some(winner) = sole_winner(&active) else { return };
    let valid: HashSet<&str> =
        details.iter().filter(|bid| json::has_status(bid, "valid")).filter_map(sole_tenderer).collect();
    // Sorted, so the output order does not depend on hashing.
    let mut valid: Vec<&str> = valid.into_iter().collect();
    valid.sort_unstable();
    for id in valid {
        let tally = tenderers.entry(id.to_owned()).or_default();
        tally.fraction.add(u64::from(id == winner), 1);
        tally.processes.add(process);
    }
}

/// R025: a tenderer whose valid-bid count reaches the `percentile`-th percentile of all counts
/// and whose win ratio is ≤ the lower fence (or the threshold). Skipped when Q1 or the fence is
/// not positive. Fields: the processes counted.
pub(super) fn r025(
    tenderers: &IndexMap<String, Tally>,
    settings: &R025,
    flags: &mut Flags,
    meta: &mut BTreeMap<Code, IndexMap<String, f64>>,
) {
    let entry = meta.entry(Code::R025).or_default();
    let counts: Vec<f64> = tenderers.values().map(|t| t.fraction.denominator as f64).collect();
    let minimum = quantile(&counts, f64::from(settings.percentile.unwrap_or(75)) / 100.0);
    let (fence, q1) = match settings.threshold {
        Some(t) => (t, 1.0),
        None => {
            let ratios: Vec<f64> = tenderers.values().map(|t| t.fraction.ratio()).collect();
            let (q1, q3) = quartiles(&ratios);
            entry.insert("q1".into(), q1);
            entry.insert("q3".into(), q3);
            (lower_fence(q1, q3), q1)
        }
    };
    entry.insert("upper_fence".into(), minimum);
    entry.insert("lower_fence".into(), fence);
    if !(is_positive(q1) && is_positive(fence)) {
        return;
    }
    for (id, tally) in tenderers {
        let ratio = tally.fraction.ratio();
        if tally.fraction.denominator as f64 >= minimum && ratio <= fence {
            flags.raise_from(Group::Tenderer, id, Code::R025, ratio, &tally.processes);
        }
    }
}
