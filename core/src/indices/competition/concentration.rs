//! Who wins: supplier concentration per buyer (COMP-06: the top supplier's share of the buyer's
//! awarded value, and the Herfindahl–Hirschman index) and the supplier level (awards won, value
//! won, share of them in direct processes).
//!
//! The value of an active award with several suppliers is split equally among its distinct
//! supplier ids, so that a consortium's award is counted once in the buyer's total.

use crate::indices::report::{Flag, Level, Share, Trigger};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use schemars::JsonSchema;
use serde::Serialize;

/// An active award of a process: its index in `/awards`, its suppliers (index in `suppliers`,
/// id), and its value (amount, currency) when it has one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Win {
    pub award: usize,
    pub suppliers: Vec<(usize, String)>,
    pub value: Option<(Decimal, String)>,
}

impl Win {
    /// Each supplier's part of the value in `currency`: the amount ÷ the number of suppliers.
    fn part(&self, currency: Option<&str>) -> Option<Decimal> {
        let (amount, c) = self.value.as_ref()?;
        (Some(c.as_str()) == currency && !self.suppliers.is_empty())
            .then(|| amount / Decimal::from(self.suppliers.len() as u64))
    }
}

/// COMP-06 for one buyer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Concentration {
    /// The supplier with the most awarded value (ties: the smaller id); `null` without values.
    pub top_supplier: Option<String>,
    /// COMP-06: its value ÷ the buyer's awarded value (active awards with a supplier, main
    /// currency); coverage = processes with such an award.
    pub top_supplier_share: Share,
    /// COMP-06: Σ (supplier's value ÷ the buyer's awarded value)², from 1/n (n equal suppliers)
    /// to 1 (one supplier); `null` when nothing was measured.
    pub hhi: Option<f64>,
}

/// The supplier level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct SupplierCompetition {
    /// Active awards that name the supplier.
    pub awards: u64,
    /// Σ its parts of their values (main currency); `null` when none had a value in it.
    pub value: Option<f64>,
    /// Awards won in direct processes ÷ awards won in processes with a known method (coverage
    /// counts awards).
    pub direct_share: Share,
}

/// Per buyer: each supplier's value (and the awards behind it), and the processes measured.
#[derive(Debug, Default)]
pub(crate) struct BuyerWins {
    suppliers: IndexMap<String, (Decimal, Vec<(String, Win)>)>,
    processes: u64,
}

impl BuyerWins {
    /// Adds one process' active awards.
    pub fn add(&mut self, ocid: &str, wins: &[Win], currency: Option<&str>) {
        let mut measured = false;
        for win in wins {
            let Some(part) = win.part(currency) else { continue };
            measured = true;
            for (_, supplier) in &win.suppliers {
                let entry = self.suppliers.entry(supplier.clone()).or_default();
                entry.0 += part;
                entry.1.push((ocid.to_owned(), win.clone()));
            }
        }
        self.processes += u64::from(measured);
    }

    /// COMP-06, and a flag when the top share exceeds `max_share`.
    pub fn finish(&self, buyer: &str, max_share: f64) -> (Concentration, Option<Flag>) {
        let total: Decimal = self.suppliers.values().map(|(v, _)| *v).sum();
        let top = self.suppliers.iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.0.cmp(a.0)));
        let (Some((top_id, (top_value, top_wins))), true) = (top, total > Decimal::ZERO) else {
            let share = Share { coverage: self.processes, ..Share::default() };
            return (Concentration { top_supplier_share: share, ..Concentration::default() }, None);
        };
        let f = |d: Decimal| d.to_f64().unwrap_or(f64::NAN);
        let share = Share::of(f(*top_value), f(total), self.processes);
        let hhi = self.suppliers.values().map(|(v, _)| (f(*v) / f(total)).powi(2)).sum();
        let flag = share.value.filter(|s| *s > max_share).map(|s| Flag {
            indicator: "COMP-06".into(),
            level: Level::Buyer,
            id: buyer.to_owned(),
            value: Some(s),
            reason: format!(
                "supplier {top_id} won {:.1}% of the buyer's awarded value (more than max_share {max_share})",
                s * 100.0
            ),
            reason_es: format!(
                "el proveedor {top_id} ganó el {:.1} % del valor adjudicado por el comprador (más que max_share {max_share})",
                s * 100.0
            ),
            fields: triggers(buyer, top_id, top_wins),
        });
        (Concentration { top_supplier: Some(top_id.clone()), top_supplier_share: share, hhi: Some(hhi) }, flag)
    }
}

/// The fields behind a concentration flag: the buyer, then for each award the top supplier won,
/// the process (`/ocid`), the supplier's id and the award's amount.
fn triggers(buyer: &str, supplier: &str, wins: &[(String, Win)]) -> Vec<Trigger> {
    let mut fields = vec![Trigger::new("/buyer/id", buyer)];
    for (ocid, win) in wins {
        fields.push(Trigger::new("/ocid", ocid.as_str()));
        if let Some((index, _)) = win.suppliers.iter().find(|(_, id)| id == supplier) {
            fields.push(Trigger::new(format!("/awards/{}/suppliers/{index}/id", win.award), supplier));
        }
        if let Some((amount, _)) = &win.value {
            fields.push(Trigger::new(format!("/awards/{}/value/amount", win.award), amount.to_f64()));
        }
    }
    fields
}

/// Per supplier: awards, value, direct awards and awards with a known method.
#[derive(Debug, Default)]
pub(crate) struct SupplierTally {
    awards: u64,
    value: Option<Decimal>,
    direct: u64,
    with_method: u64,
}

impl SupplierTally {
    /// Adds one active award naming the supplier, in a process with `method`.
    pub fn add(&mut self, win: &Win, method: Option<&str>, currency: Option<&str>) {
        self.awards += 1;
        if let Some(part) = win.part(currency) {
            *self.value.get_or_insert(Decimal::ZERO) += part;
        }
        if let Some(method) = method {
            self.with_method += 1;
            self.direct += u64::from(method == "direct");
        }
    }

    pub fn finish(&self) -> SupplierCompetition {
        SupplierCompetition {
            awards: self.awards,
            value: self.value.and_then(|v| v.to_f64()),
            direct_share: Share::count(self.direct, self.with_method),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn win(award: usize, suppliers: &[&str], amount: i64) -> Win {
        Win {
            award,
            suppliers: suppliers.iter().enumerate().map(|(i, s)| (i, (*s).to_owned())).collect(),
            value: Some((Decimal::from(amount), "MXN".into())),
        }
    }

    #[test]
    fn consortium_awards_are_split() {
        // S1 alone 60, S1+S2 40 → S1 80, S2 20 of 100: share 0.8, HHI 0.64 + 0.04.
        let mut wins = BuyerWins::default();
        wins.add("A", &[win(0, &["S1"], 60)], Some("MXN"));
        wins.add("B", &[win(1, &["S1", "S2"], 40)], Some("MXN"));
        let (c, flag) = wins.finish("B1", 0.5);
        assert_eq!(c.top_supplier.as_deref(), Some("S1"));
        assert_eq!(c.top_supplier_share, Share::of(80.0, 100.0, 2));
        assert!((c.hhi.unwrap() - 0.68).abs() < 1e-12);
        let flag = flag.unwrap();
        assert_eq!(flag.value, Some(0.8));
        assert_eq!(flag.fields[2], Trigger::new("/awards/0/suppliers/0/id", "S1"));
        assert_eq!(flag.fields[5], Trigger::new("/awards/1/suppliers/0/id", "S1"));
    }

    #[test]
    fn other_currencies_and_supplierless_awards_are_not_measured() {
        let mut wins = BuyerWins::default();
        wins.add("A", &[win(0, &["S1"], 60)], Some("USD"));
        wins.add("B", &[win(0, &[], 60)], Some("MXN"));
        let (c, flag) = wins.finish("B1", 0.5);
        assert_eq!(
            (c.top_supplier, c.hhi, c.top_supplier_share.value, c.top_supplier_share.coverage),
            (None, None, None, 0)
        );
        assert!(flag.is_none());
    }
}
