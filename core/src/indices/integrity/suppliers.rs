//! The indicators about who won: INT-01 (award to a sanctioned supplier), INT-02 (supplier without
//! identifier) and INT-03 (new company).

use super::observe::{Dated, Identifier, Winner};
use crate::indices::inputs::{Founding, Sanction, normalise_identifier};
use crate::indices::report::Trigger;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::HashMap;

/// A sanctions table indexed by identifier.
#[derive(Debug, Default)]
pub(super) struct Sanctions {
    by_id: HashMap<String, Vec<Sanction>>,
    /// Normalised schemes that all mean the Mexican RFC.
    rfc_schemes: Vec<String>,
}

/// One sanction in force against a winner.
#[derive(Debug, Clone)]
pub(super) struct Hit<'a> {
    pub sanction: &'a Sanction,
    pub identifier: &'a Identifier,
}

/// What checking one winner against the sanctions found.
#[derive(Debug, Default)]
pub(super) struct Check<'a> {
    pub hits: Vec<Hit<'a>>,
    /// An identifier matched a sanction with a period, but the award had no date to compare.
    pub undated: bool,
}

impl Sanctions {
    pub fn new(sanctions: Vec<Sanction>, rfc_schemes: &[String]) -> Sanctions {
        let mut by_id: HashMap<String, Vec<Sanction>> = HashMap::new();
        for sanction in sanctions {
            by_id.entry(sanction.id.clone()).or_default().push(sanction);
        }
        Sanctions { by_id, rfc_schemes: rfc_schemes.iter().map(|s| normalise_identifier(s)).collect() }
    }

    /// Schemes compare equal when either is unknown, when they are the same, or when both are
    /// RFC schemes.
    fn same_scheme(&self, a: Option<&str>, b: Option<&str>) -> bool {
        let (Some(a), Some(b)) = (a, b) else { return true };
        a == b || self.rfc_schemes.iter().any(|s| s == a) && self.rfc_schemes.iter().any(|s| s == b)
    }

    /// The sanctions in force against `winner` on the award's `date`.
    pub fn check<'a>(&'a self, winner: &'a Winner, date: Option<&Dated>) -> Check<'a> {
        let mut check = Check::default();
        let day = date.map(|d| d.date.date_naive());
        for identifier in &winner.identifiers {
            for sanction in self.by_id.get(&identifier.id).into_iter().flatten() {
                if !self.same_scheme(identifier.scheme.as_deref(), sanction.scheme.as_deref()) {
                    continue;
                }
                match sanction.in_force(day) {
                    Some(true) => check.hits.push(Hit { sanction, identifier }),
                    Some(false) => {}
                    None => check.undated = true,
                }
            }
        }
        check
    }
}

/// A founding date, and the fields it was found through.
#[derive(Debug, Clone)]
pub(super) struct Founded {
    pub date: DateTime<FixedOffset>,
    /// The `details` member, or the identifier that matched the foundings table.
    pub trigger: Trigger,
    /// `details`, or `foundings line N`.
    pub source: String,
    /// The same in Spanish.
    pub source_es: String,
}

/// A foundings table indexed by identifier.
#[derive(Debug, Default)]
pub(super) struct Foundings {
    by_id: HashMap<String, Founding>,
}

impl Foundings {
    pub fn new(foundings: Vec<Founding>) -> Foundings {
        Foundings { by_id: foundings.into_iter().map(|f| (f.id.clone(), f)).collect() }
    }

    /// The winner's founding date: from its party's `details`, else from the table through its
    /// first identifier listed there.
    pub fn founded(&self, winner: &Winner) -> Option<Founded> {
        if let Some(Dated { date, trigger }) = &winner.founded {
            return Some(Founded {
                date: *date,
                trigger: trigger.clone(),
                source: "details".to_owned(),
                source_es: "details".to_owned(),
            });
        }
        winner.identifiers.iter().find_map(|identifier| {
            let founding = self.by_id.get(&identifier.id)?;
            Some(Founded {
                date: midnight(founding.founded),
                trigger: identifier.trigger.clone(),
                source: format!("foundings line {}", founding.line),
                source_es: format!("línea {} de foundings", founding.line),
            })
        })
    }
}

fn midnight(day: NaiveDate) -> DateTime<FixedOffset> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().fixed_offset()
}

/// INT-02: the winner has no identifier but placeholders or nothing; the triggers say what was
/// read (the supplier's id, its party's `identifier` or the placeholders).
pub(super) fn missing_identifier(winner: &Winner) -> Option<Vec<Trigger>> {
    if !winner.identifiers.is_empty() {
        return None;
    }
    let mut fields = vec![winner.trigger.clone()];
    if winner.placeholders.is_empty() {
        fields.extend(winner.party_identifier.clone());
    }
    fields.extend(winner.placeholders.iter().cloned());
    Some(fields)
}
