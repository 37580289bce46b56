//! The indicators about a buyer and a supplier together: INT-05 (contract splitting) and INT-06
//! (repeat winner). Both need every process of the pair, so they are tallied as processes are
//! read and judged in `finish`.

use crate::indices::process::days_between;
use crate::indices::report::{Flag, Level, Share, Trigger};
use chrono::{DateTime, Datelike, FixedOffset};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::json;

/// A field of another process, for a flag about several: the pointer, and `{ocid, value}`.
pub(super) fn cited(ocid: &str, field: &Trigger) -> Trigger {
    Trigger::new(field.pointer.clone(), json!({"ocid": ocid, "value": field.value}))
}

/// What one process awarded one supplier without competition, under a threshold.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub ocid: String,
    pub date: DateTime<FixedOffset>,
    pub amount: Decimal,
    pub fields: Vec<Trigger>,
}

/// Whose parts may add up: one buyer, one supplier, one threshold (its table line) and, when
/// `class_digits` is set, one item class.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Group {
    buyer: String,
    supplier: String,
    line: usize,
    class: Option<String>,
}

/// INT-05 candidates: per group, the threshold and the parts under it.
#[derive(Debug, Default)]
pub(super) struct Splits {
    groups: IndexMap<Group, (Decimal, Vec<Part>)>,
}

/// A run of parts that together reach the threshold.
#[derive(Debug, Clone)]
pub(super) struct Cluster {
    pub buyer: String,
    pub supplier: String,
    pub flag: Flag,
}

impl Splits {
    /// Adds a part under the threshold `amount` of the thresholds table's `line`.
    pub fn add(&mut self, buyer: &str, supplier: &str, threshold: (usize, Decimal), class: Option<String>, part: Part) {
        let group = Group { buyer: buyer.to_owned(), supplier: supplier.to_owned(), line: threshold.0, class };
        self.groups.entry(group).or_insert_with(|| (threshold.1, Vec::new())).1.push(part);
    }

    /// Each maximal run of parts within `window_days` of its first whose sum reaches the
    /// threshold (runs that end where an earlier one ends are inside it and left out).
    pub fn clusters(self, window_days: u64) -> Vec<Cluster> {
        let mut out = Vec::new();
        for (Group { buyer, supplier, line, class }, (threshold, mut parts)) in self.groups {
            parts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.ocid.cmp(&b.ocid)));
            let mut last_end = None;
            for start in 0..parts.len() {
                let end = (start..parts.len())
                    .take_while(|&j| days_between(parts[start].date, parts[j].date) <= window_days as f64)
                    .last()
                    .unwrap_or(start);
                let run = &parts[start..=end];
                let total = run.iter().fold(Decimal::ZERO, |sum, p| sum.saturating_add(p.amount));
                if total < threshold || last_end.is_some_and(|e| e >= end) {
                    continue;
                }
                last_end = Some(end);
                let ocids: Vec<&str> = run.iter().map(|p| p.ocid.as_str()).collect();
                let class_es = class.as_deref().map(|c| format!(", clase de artículo {c}")).unwrap_or_default();
                let class = class.as_deref().map(|c| format!(", item class {c}")).unwrap_or_default();
                let flag = Flag {
                    indicator: "INT-05".into(),
                    level: Level::BuyerSupplier,
                    id: format!("{buyer}|{supplier}"),
                    value: total.to_f64(),
                    reason: format!(
                        "{} non-competitive processes within {window_days} days ({}){class}, each under the threshold \
                         {threshold} (thresholds line {line}), together {total}",
                        run.len(),
                        ocids.join(", ")
                    ),
                    reason_es: format!(
                        "{} procesos no competitivos en {window_days} días ({}){class_es}, cada uno bajo el umbral \
                         {threshold} (línea {line} de los umbrales), juntos {total}",
                        run.len(),
                        ocids.join(", ")
                    ),
                    fields: run.iter().flat_map(|p| p.fields.iter().map(|f| cited(&p.ocid, f))).collect(),
                };
                out.push(Cluster { buyer: buyer.clone(), supplier: supplier.clone(), flag });
            }
        }
        out
    }
}

/// INT-06 for one buyer, supplier and year.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct RepeatWinner {
    /// Processes of the buyer the supplier won that year.
    pub processes: u64,
    /// The supplier's share of the buyer's awarded value that year (active awards with one
    /// supplier, main currency); coverage = the buyer's processes with such an award that year.
    pub value_share: Share,
    /// `processes` ≥ `repeat_count`, or the share ≥ `repeat_share` (over at least
    /// `repeat_share_min_processes` processes).
    pub flagged: bool,
}

/// INT-06 of one buyer, supplier and year.
#[derive(Debug, Clone)]
pub(super) struct Judged {
    pub buyer: String,
    pub supplier: String,
    pub year: i32,
    pub result: RepeatWinner,
}

#[derive(Debug, Default)]
struct SupplierYear {
    /// (ocid, the supplier's id field in it).
    processes: Vec<(String, Trigger)>,
    value: Decimal,
}

#[derive(Debug, Default)]
struct BuyerYear {
    value: Decimal,
    valued: Vec<String>,
    suppliers: IndexMap<String, SupplierYear>,
}

/// INT-06 tallies by buyer and year.
#[derive(Debug, Default)]
pub(super) struct Repeats {
    years: IndexMap<(String, i32), BuyerYear>,
}

impl Repeats {
    /// A win of `supplier` in process `ocid` of `buyer` on `date`.
    pub fn win(&mut self, buyer: &str, ocid: &str, date: DateTime<FixedOffset>, supplier: &str, field: &Trigger) {
        let year = self.years.entry((buyer.to_owned(), date.year())).or_default();
        let entry = year.suppliers.entry(supplier.to_owned()).or_default();
        if entry.processes.last().is_none_or(|(o, _)| o != ocid) {
            entry.processes.push((ocid.to_owned(), field.clone()));
        }
    }

    /// The value of an award with one supplier (main currency), already counted by [`win`].
    pub fn value(&mut self, buyer: &str, ocid: &str, date: DateTime<FixedOffset>, supplier: &str, amount: Decimal) {
        let year = self.years.entry((buyer.to_owned(), date.year())).or_default();
        year.value = year.value.saturating_add(amount);
        if year.valued.last().is_none_or(|o| o != ocid) {
            year.valued.push(ocid.to_owned());
        }
        let won = year.suppliers.entry(supplier.to_owned()).or_default();
        won.value = won.value.saturating_add(amount);
    }

    /// Per (buyer, supplier, year): the result, and the flags. The share test needs the
    /// buyer-year to have at least `min_processes` valued processes.
    pub fn judge(self, count: u64, share: f64, min_processes: u64) -> (Vec<Judged>, Vec<Flag>) {
        let mut results = Vec::new();
        let mut flags = Vec::new();
        for ((buyer, year), tally) in self.years {
            let covered = tally.valued.len() as u64;
            for (supplier, won) in tally.suppliers {
                let f = |d: Decimal| d.to_f64().unwrap_or(f64::NAN);
                let value_share = Share::of(f(won.value), f(tally.value), covered);
                let processes = won.processes.len() as u64;
                let by_count = processes >= count;
                let by_share = covered >= min_processes && value_share.value.is_some_and(|v| v >= share);
                let flagged = by_count || by_share;
                if flagged {
                    let (value, why, why_es) = if by_count {
                        (
                            processes as f64,
                            format!("won {processes} processes of {buyer} in {year} (≥ {count})"),
                            format!("ganó {processes} procesos de {buyer} en {year} (≥ {count})"),
                        )
                    } else {
                        let v = value_share.value.unwrap_or_default();
                        let (percent, limit) = (v * 100.0, share * 100.0);
                        (
                            v,
                            format!("won {percent:.1}% of the value {buyer} awarded in {year} (≥ {limit:.1}%)"),
                            format!("ganó el {percent:.1} % del valor que {buyer} adjudicó en {year} (≥ {limit:.1} %)"),
                        )
                    };
                    flags.push(Flag {
                        indicator: "INT-06".into(),
                        level: Level::BuyerSupplier,
                        id: format!("{buyer}|{supplier}"),
                        value: Some(value),
                        reason: why,
                        reason_es: why_es,
                        fields: won.processes.iter().map(|(ocid, field)| cited(ocid, field)).collect(),
                    });
                }
                let result = RepeatWinner { processes, value_share, flagged };
                results.push(Judged { buyer: buyer.clone(), supplier, year, result });
            }
        }
        (results, flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indices::process::instant;

    fn part(ocid: &str, date: &str, amount: i64) -> Part {
        Part { ocid: ocid.into(), date: instant(date).unwrap(), amount: Decimal::from(amount), fields: vec![] }
    }

    #[test]
    fn maximal_runs_within_the_window() {
        // Threshold 100, window 30 days. a (day 0, 60) + b (day 20, 50) = 110 ≥ 100: run a..b
        // (c on day 40 is 40 days after a). b + c (day 40, 60) = 110: run b..c. d (day 100)
        // alone 90 < 100.
        let mut splits = Splits::default();
        for p in [
            part("c", "2020-02-10", 60),
            part("a", "2020-01-01", 60),
            part("b", "2020-01-21", 50),
            part("d", "2020-04-10", 90),
        ] {
            splits.add("B", "S", (2, Decimal::from(100)), None, p);
        }
        let clusters = splits.clusters(30);
        let ocids: Vec<String> = clusters.iter().map(|c| c.flag.reason.clone()).collect();
        assert_eq!(clusters.len(), 2, "{ocids:?}");
        assert!(ocids[0].contains("(a, b)") && ocids[1].contains("(b, c)"), "{ocids:?}");
        assert_eq!(clusters[0].flag.value, Some(110.0));
    }
}
