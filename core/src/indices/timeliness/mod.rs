//! Timeliness (TIM-01 … TIM-08 of the catalogue): how long tenders stay open, awards take and
//! signatures wait; whether milestones are met on time, contracts end within their period, and
//! work marked done stays done; and PODER's Mexican red flags for very long contracts and key
//! dates on weekends or holidays. Reported per process, buyer, project
//! (`/planning/budget/projectID`) and dataset, so that a buyer — a municipality's
//! participatory-budget office, say — sees at a glance whether its projects advance on time.
//!
//! Dates are read tolerantly and compared by calendar day whenever one side is a date only
//! ([`dates`]); an unreadable date is absent and counted in `meta.unreadable_dates`.

pub mod dates;
mod history;
pub mod holidays;
mod measure;
mod tally;

use crate::indices::process::Process;
use crate::indices::quantile::{quartiles, upper_fence};
use crate::indices::report::{Flag, Level, Share, Summary};
use chrono::NaiveDate;
use dates::Moment;
use holidays::Calendar;
use indexmap::IndexMap;
use measure::{Facts, Rules};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use tally::Decided;

/// `[timeliness]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TimelinessSettings {
    /// TIM-04: milestones due on or before this date are counted (RFC 3339 or `YYYY-MM-DD`).
    /// Unset: the latest `/date` among the processes read (said in `meta.as_of_source`).
    #[serde(deserialize_with = "readable_date", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<String>,
    /// TIM-01: a tender period shorter than this many days is short (default 15).
    pub tender_period_threshold: i64,
    /// TIM-01: thresholds by `/tender/procurementMethodDetails` (equal as written, else equal
    /// once lower-cased and stripped of accents and punctuation), as Cardinal's R003 map.
    pub tender_period_by_details: BTreeMap<String, i64>,
    /// TIM-02: fewer days than this from the tender's end to the award are flagged (default 0).
    pub award_decision_min_days: i64,
    /// TIM-02: more days than this are flagged; unset (default), days at or beyond the upper
    /// fence (Q3 + 1.5·IQR, type-8 quartiles of every process' days) and above Q3 are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub award_decision_max_days: Option<i64>,
    /// TIM-07: a contract period longer than this many days is flagged (default 1000).
    pub long_contract_max_days: i64,
    /// TIM-08: count Mexico's federal rest days (Ley Federal del Trabajo, art. 74) as holidays
    /// (default true).
    pub mexican_holidays: bool,
    /// TIM-08: further holidays, `YYYY-MM-DD` (election days, state and municipal holidays).
    #[schemars(with = "Vec<String>")]
    pub extra_holidays: Vec<NaiveDate>,
}

impl Default for TimelinessSettings {
    fn default() -> Self {
        TimelinessSettings {
            as_of: None,
            tender_period_threshold: 15,
            tender_period_by_details: BTreeMap::new(),
            award_decision_min_days: 0,
            award_decision_max_days: None,
            long_contract_max_days: 1000,
            mexican_holidays: true,
            extra_holidays: Vec::new(),
        }
    }
}

/// Refuses an `as_of` that [`Moment::read`] cannot read.
fn readable_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    match &text {
        Some(t) if Moment::read(t).is_none() => {
            Err(serde::de::Error::custom(format!("as_of: {t:?} is not an RFC 3339 date-time or a YYYY-MM-DD date")))
        }
        _ => Ok(text),
    }
}

/// Where the as-of date of TIM-04 came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum AsOfSource {
    /// The `as_of` setting.
    Setting,
    /// The latest `/date` among the processes read.
    LatestReleaseDate,
}

/// The TIM-02 fence, when computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Fence {
    /// First quartile of the award decision days.
    pub q1: f64,
    /// Third quartile.
    pub q3: f64,
    /// Q3 + 1.5·IQR; days at or beyond it (and above Q3) are flagged.
    pub upper: f64,
}

/// What the report was computed with.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TimelinessMeta {
    /// The settings used.
    pub settings: TimelinessSettings,
    /// TIM-04's as-of date (RFC 3339, or `YYYY-MM-DD` for a date only); null when neither the
    /// setting nor any readable `/date` gave one (then TIM-04 measures nothing).
    pub as_of: Option<String>,
    /// Where it came from.
    pub as_of_source: Option<AsOfSource>,
    /// TIM-02's fence; null when `award_decision_max_days` is set or no process was measured.
    pub award_decision_fence: Option<Fence>,
    /// Date fields present but unreadable (a number, `16/03/2021`…), each counted once per
    /// process; they are left out.
    pub unreadable_dates: u64,
    /// Tender and contract periods that end before they start; left out of TIM-01 and TIM-07.
    pub inverted_periods: u64,
    /// Processes read with a versioned release (only they can show TIM-06).
    pub processes_with_history: u64,
    /// Processes whose `ocid` was already read: counted in every level, but the process row
    /// keeps the first.
    pub repeated_ocids: u64,
}

/// The indicators of one buyer, project or the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LevelTimeliness {
    /// Processes read (not cancelled, with an `ocid`).
    pub processes: u64,
    /// TIM-01: whole days of `/tender/tenderPeriod`, per process.
    pub tender_period_days: Summary,
    /// TIM-01: processes whose tender period is shorter than their threshold ÷ processes with
    /// a tender period.
    pub short_tender_period: Share,
    /// TIM-02: days from `/tender/tenderPeriod/endDate` to the earliest active award's `date`.
    pub award_decision_days: Summary,
    /// TIM-02: processes whose award decision days are outside the limits ÷ processes measured.
    pub award_decision_flagged: Share,
    /// TIM-03: days from an award's `date` to its contract's `dateSigned`, per contract.
    pub signature_delay_days: Summary,
    /// TIM-04: milestones met by their due date ÷ milestones due by the as-of date.
    pub milestones_on_time: Share,
    /// TIM-05: terminated contracts whose last met milestone is within their period ÷
    /// terminated contracts with both dates.
    pub concluded_on_time: Share,
    /// TIM-06: milestones met then set to another status ÷ milestones ever met (versioned
    /// releases only).
    pub milestones_reopened: Share,
    /// TIM-06: contracts terminated then set to another status ÷ contracts ever terminated.
    pub contracts_reopened: Share,
    /// TIM-07: contracts whose period is longer than the limit ÷ contracts with a period.
    pub long_contracts: Share,
    /// TIM-08: key dates on a weekend or holiday ÷ readable key dates.
    pub suspicious_dates: Share,
}

/// The indicators of one process.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ProcessTimeliness {
    /// TIM-01: whole days of the tender period.
    pub tender_period_days: Option<i64>,
    /// TIM-01: 1 of 1 when shorter than its threshold.
    pub short_tender_period: Share,
    /// TIM-02: award decision days.
    pub award_decision_days: Option<i64>,
    /// TIM-02: 1 of 1 when outside the limits.
    pub award_decision_flagged: Share,
    /// TIM-03: signature delays of its contracts.
    pub signature_delay_days: Summary,
    /// TIM-04.
    pub milestones_on_time: Share,
    /// TIM-05.
    pub concluded_on_time: Share,
    /// TIM-06, milestones.
    pub milestones_reopened: Share,
    /// TIM-06, contracts.
    pub contracts_reopened: Share,
    /// TIM-07.
    pub long_contracts: Share,
    /// TIM-08.
    pub suspicious_dates: Share,
}

/// The timeliness report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TimelinessReport {
    /// Settings, as-of date, fence and counts of what was left out.
    pub meta: TimelinessMeta,
    /// The whole input.
    pub dataset: LevelTimeliness,
    /// By `/buyer/id`, in order of first appearance.
    pub buyer: IndexMap<String, LevelTimeliness>,
    /// By `/planning/budget/projectID`, in order of first appearance.
    pub project: IndexMap<String, LevelTimeliness>,
    /// By `/ocid`.
    pub process: IndexMap<String, ProcessTimeliness>,
    /// TIM-02, TIM-07 and TIM-08 flags, in process order.
    pub flags: Vec<Flag>,
}

/// What timeliness keeps of the processes it read: each one's facts, which the report folds in
/// the processes' order.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct TimelinessPart {
    facts: Vec<Facts>,
}

impl TimelinessPart {
    /// Adds the processes of another share.
    pub(crate) fn combine(&mut self, other: TimelinessPart) {
        self.facts.extend(other.facts);
    }
}

/// Folds processes into the timeliness report.
#[derive(Debug)]
pub struct Timeliness {
    settings: TimelinessSettings,
    rules: Rules,
    facts: Vec<Facts>,
}

impl Timeliness {
    /// Timeliness as configured.
    pub fn new(settings: TimelinessSettings) -> Timeliness {
        let rules = Rules {
            threshold: settings.tender_period_threshold,
            by_details: settings
                .tender_period_by_details
                .iter()
                .map(|(details, days)| (details.clone(), crate::indices::competition::normalise(details), *days))
                .collect(),
            long_contract_max_days: settings.long_contract_max_days,
            calendar: Calendar {
                mexican_federal: settings.mexican_holidays,
                listed: settings.extra_holidays.iter().copied().collect(),
            },
        };
        Timeliness { settings, rules, facts: Vec::new() }
    }

    /// Reads one process; one without a string `ocid`, or with a cancelled tender, is left out.
    pub fn add(&mut self, process: &Process) {
        let Some(ocid) = process.ocid() else { return };
        if process.is_cancelled() {
            return;
        }
        self.facts.push(measure::measure(process, ocid, &self.rules));
    }

    /// What was read so far, leaving none (see [`Partial`](crate::indices::Partial)).
    pub(crate) fn take_part(&mut self) -> TimelinessPart {
        TimelinessPart { facts: std::mem::take(&mut self.facts) }
    }

    /// Reads the processes of a share read elsewhere.
    pub(crate) fn absorb(&mut self, part: TimelinessPart) {
        self.facts.extend(part.facts);
    }

    /// The report.
    pub fn finish(mut self) -> TimelinessReport {
        self.facts.sort_by_key(|f| f.order);
        let setting = self.settings.as_of.as_deref().and_then(Moment::read);
        let latest = self.facts.iter().filter_map(|f| f.release_date).max_by_key(|d| d.instant);
        let (as_of, as_of_source) = match (setting, latest) {
            (Some(date), _) => (Some(date), Some(AsOfSource::Setting)),
            (None, Some(date)) => (Some(date), Some(AsOfSource::LatestReleaseDate)),
            (None, None) => (None, None),
        };
        let days: Vec<f64> = self.facts.iter().filter_map(|f| f.decision.as_ref()).map(|d| d.days as f64).collect();
        let fence = (self.settings.award_decision_max_days.is_none() && !days.is_empty()).then(|| {
            let (q1, q3) = quartiles(&days);
            Fence { q1, q3, upper: upper_fence(q1, q3) }
        });

        let mut dataset = tally::Level::default();
        let mut buyers: IndexMap<String, tally::Level> = IndexMap::new();
        let mut projects: IndexMap<String, tally::Level> = IndexMap::new();
        let mut process = IndexMap::new();
        let mut flags = Vec::new();
        let mut meta = TimelinessMeta {
            settings: self.settings.clone(),
            as_of: as_of.map(|d| show(&d)),
            as_of_source,
            award_decision_fence: fence,
            unreadable_dates: 0,
            inverted_periods: 0,
            processes_with_history: 0,
            repeated_ocids: 0,
        };
        for facts in &self.facts {
            let (decided, decision_flag) = self.decide(facts, as_of, fence);
            meta.unreadable_dates += facts.unreadable_dates;
            meta.inverted_periods += facts.inverted_periods;
            meta.processes_with_history += u64::from(facts.reopened.is_some());
            dataset.add(facts, decided);
            if let Some(buyer) = &facts.buyer {
                buyers.entry(buyer.clone()).or_default().add(facts, decided);
            }
            if let Some(project) = &facts.project {
                projects.entry(project.clone()).or_default().add(facts, decided);
            }
            if process.contains_key(&facts.ocid) {
                meta.repeated_ocids += 1;
            } else {
                process.insert(facts.ocid.clone(), tally::process_row(facts, decided));
            }
            flags.extend(decision_flag);
            flags.extend(facts.flags.iter().cloned());
        }
        TimelinessReport {
            meta,
            dataset: dataset.finish(),
            buyer: buyers.into_iter().map(|(id, level)| (id, level.finish())).collect(),
            project: projects.into_iter().map(|(id, level)| (id, level.finish())).collect(),
            process,
            flags,
        }
    }

    /// TIM-04 against the as-of date, and TIM-02 against its limits (with its flag).
    fn decide(&self, facts: &Facts, as_of: Option<Moment>, fence: Option<Fence>) -> (Decided, Option<Flag>) {
        let mut decided = Decided::default();
        if let Some(as_of) = as_of {
            for milestone in facts.milestones.iter().filter(|m| m.due.on_or_before(&as_of)) {
                if let Some(on_time) = milestone.on_time {
                    decided.milestones.hits += u64::from(on_time);
                    decided.milestones.of += 1;
                }
            }
        }
        let Some(decision) = &facts.decision else { return (decided, None) };
        let days = decision.days;
        let min = self.settings.award_decision_min_days;
        let came = format!("the award came {days} days after the tender closed");
        let came_es = format!("la adjudicación llegó {days} días después del cierre de la licitación");
        let why = if days < min {
            Some((
                format!("{came}, fewer than the minimum of {min}"),
                format!("{came_es}, menos que el mínimo de {min}"),
            ))
        } else if let Some(max) = self.settings.award_decision_max_days {
            (days > max).then(|| {
                (format!("{came}, more than the maximum of {max}"), format!("{came_es}, más que el máximo de {max}"))
            })
        } else {
            // With IQR = 0 the fence is Q3 itself, the typical value: an outlier must also
            // exceed Q3.
            fence.filter(|f| days as f64 >= f.upper && days as f64 > f.q3).map(|f| {
                (
                    format!("{came}, at or beyond the upper fence of {:.2}", f.upper),
                    format!("{came_es}, en o más allá de la cerca superior de {:.2}", f.upper),
                )
            })
        };
        decided.decision_flagged = Some(why.is_some());
        let flag = why.map(|(reason, reason_es)| Flag {
            indicator: "TIM-02".into(),
            level: Level::Process,
            id: facts.ocid.clone(),
            value: Some(days as f64),
            reason,
            reason_es,
            fields: decision.fields.clone(),
        });
        (decided, flag)
    }
}

/// A date as the report writes it: `YYYY-MM-DD` for a date only, else RFC 3339.
fn show(date: &Moment) -> String {
    if date.date_only { date.day().to_string() } else { date.instant.to_rfc3339() }
}
