//! Indicators about organisations across the dataset: R038 (buyers, procuring entities and
//! tenderers with many disqualified bids) and R048 (suppliers of many unrelated item classes),
//! with the processes behind each flag.

use super::fields::{Citation, Flags, Sample};
use super::is_positive;
use super::settings::{R038, R048};
use super::{Code, Group, Tally, submitted_bids};
use crate::indices::json::{self, Release};
use crate::indices::quantile::{quartiles, upper_fence};
use indexmap::{IndexMap, IndexSet};
use std::collections::{BTreeMap, HashSet};

/// Disqualified ÷ submitted bids per buyer, procuring entity and tenderer, and the processes
/// where the organisation had a bid disqualified.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Disqualified {
    buyers: IndexMap<String, Tally>,
    entities: IndexMap<String, Tally>,
    tenderers: IndexMap<String, Tally>,
}

impl Disqualified {
    /// The tallies of both.
    pub(super) fn merge(&mut self, other: Disqualified) {
        for (mine, theirs) in [
            (&mut self.buyers, other.buyers),
            (&mut self.entities, other.entities),
            (&mut self.tenderers, other.tenderers),
        ] {
            for (id, tally) in theirs {
                mine.entry(id).or_default().merge(tally);
            }
        }
    }
}

impl Disqualified {
    /// A buyer or entity receives the process' submitted bids; each tenderer of a bid sent it.
    pub(super) fn fold(&mut self, release: &Release, process: &mut Citation) {
        let mut submitted = 0;
        let mut disqualified = 0;
        let mut losers: IndexSet<&str> = IndexSet::new();
        for (_, bid) in submitted_bids(release) {
            let is_disqualified = json::has_status(bid, "disqualified");
            submitted += 1;
            disqualified += u64::from(is_disqualified);
            for id in bid.get("tenderers").and_then(|t| t.as_array()).into_iter().flatten().filter_map(json::id) {
                self.tenderers.entry(id.to_owned()).or_default().fraction.add(u64::from(is_disqualified), 1);
                if is_disqualified {
                    losers.insert(id);
                }
            }
        }
        for id in losers {
            if let Some(tally) = self.tenderers.get_mut(id) {
                tally.processes.add(process);
            }
        }
        if submitted == 0 {
            return;
        }
        let buyer = json::object(release, "buyer").and_then(|b| json::string(b, "id"));
        let entity = json::tender(release).and_then(|t| json::object(t, "procuringEntity"));
        let entity = entity.and_then(|e| json::string(e, "id"));
        for (organisations, id) in [(&mut self.buyers, buyer), (&mut self.entities, entity)] {
            let Some(id) = id else { continue };
            let tally = organisations.entry(id.to_owned()).or_default();
            tally.fraction.add(disqualified, submitted);
            if disqualified > 0 {
                tally.processes.add(process);
            }
        }
    }

    /// Flags ratios ≥ the upper fence of their group (or the threshold) when it is positive.
    /// Fields: the processes with a disqualified bid of the organisation.
    pub(super) fn finish(self, settings: &R038, flags: &mut Flags, meta: &mut BTreeMap<Code, IndexMap<String, f64>>) {
        let organisations = settings.minimum_contracting_processes.unwrap_or(2);
        let tenderers = settings.minimum_submitted_bids.unwrap_or(2);
        let entry = meta.entry(Code::R038).or_default();
        for (group, name, fractions, minimum) in [
            (Group::Buyer, "Buyer", self.buyers, organisations),
            (Group::ProcuringEntity, "ProcuringEntity", self.entities, organisations),
            (Group::Tenderer, "Tenderer", self.tenderers, tenderers),
        ] {
            let ratios: Vec<(String, f64, Sample)> = fractions
                .into_iter()
                .filter(|(_, t)| t.fraction.denominator >= minimum)
                .map(|(id, t)| (id, t.fraction.ratio(), t.processes))
                .collect();
            if ratios.is_empty() {
                continue;
            }
            let fence = settings.threshold.unwrap_or_else(|| {
                let values: Vec<f64> = ratios.iter().map(|r| r.1).collect();
                let (q1, q3) = quartiles(&values);
                entry.insert(format!("{name}_q1"), q1);
                entry.insert(format!("{name}_q3"), q3);
                upper_fence(q1, q3)
            });
            entry.insert(format!("{name}_upper_fence"), fence);
            if !is_positive(fence) {
                continue;
            }
            for (id, ratio, processes) in ratios {
                if ratio >= fence {
                    flags.raise_from(group, &id, Code::R038, ratio, &processes);
                }
            }
        }
        if entry.is_empty() {
            meta.remove(&Code::R038);
        }
    }
}

/// R048, per process: for each active award with exactly one supplier, the first `digits`
/// characters of its items' `classification/id`; a supplier counts once per process (and only
/// if one of its items has a classification).
pub(super) fn r048_fold(
    release: &Release,
    digits: usize,
    process: &mut Citation,
    suppliers: &mut IndexMap<String, (Sample, HashSet<String>)>,
) {
    let mut seen = HashSet::new();
    for award in json::array(release, "awards").into_iter().flatten() {
        let Some(items) = award.get("items").and_then(|i| i.as_array()) else { continue };
        let Some(list) = award.get("suppliers").and_then(|s| s.as_array()) else { continue };
        let [supplier] = list.as_slice() else { continue };
        let Some(id) = json::id(supplier) else { continue };
        if !json::has_status(award, "active") {
            continue;
        }
        for item in items {
            let Some(code) = item.get("classification").and_then(|c| c.as_object()).and_then(|c| json::string(c, "id"))
            else {
                continue;
            };
            let (processes, codes) = suppliers.entry(id.to_owned()).or_default();
            if seen.insert(id) {
                processes.add(process);
            }
            codes.insert(code.chars().take(digits).collect());
        }
    }
}

/// R048: number of distinct classification prefixes ≥ the upper fence (or the threshold), over
/// suppliers with at least `minimum_contracting_processes` processes. Fields: those processes.
pub(super) fn r048(
    suppliers: &IndexMap<String, (Sample, HashSet<String>)>,
    settings: &R048,
    flags: &mut Flags,
    meta: &mut BTreeMap<Code, IndexMap<String, f64>>,
) {
    let minimum = settings.minimum_contracting_processes.unwrap_or(20);
    let lengths: Vec<(&String, f64, &Sample)> = suppliers
        .iter()
        .filter(|(_, (processes, _))| processes.count() >= minimum)
        .map(|(id, (processes, codes))| (id, codes.len() as f64, processes))
        .collect();
    let entry = meta.entry(Code::R048).or_default();
    let fence = match settings.threshold {
        Some(t) => t as f64,
        None => {
            let values: Vec<f64> = lengths.iter().map(|l| l.1).collect();
            let (q1, q3) = quartiles(&values);
            entry.insert("q1".into(), q1);
            entry.insert("q3".into(), q3);
            upper_fence(q1, q3)
        }
    };
    entry.insert("upper_fence".into(), fence);
    for (id, length, processes) in lengths {
        if length >= fence {
            flags.raise_from(Group::Tenderer, id, Code::R048, length, processes);
        }
    }
}
