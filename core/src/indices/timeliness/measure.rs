//! What one compiled release says about time: the facts of TIM-01 … TIM-08 that the process
//! decides alone. The as-of date of TIM-04 and the fence of TIM-02 need the whole dataset; they
//! are applied when the report is finished.
//!
//! Every date field is read once per process, so an unreadable one (a number, "16/03/2021") is
//! counted once however many indicators use it, and is then absent.

use super::dates::Moment;
use super::history::{Reopened, reopened};
use super::holidays::Calendar;
use crate::indices::competition::normalise;
use crate::indices::json::{self, Release};
use crate::indices::process::{Process, by_id};
use crate::indices::report::{Flag, Level, Trigger};
use serde_json::{Map, Value};

/// The settings as [`measure`] applies them.
#[derive(Debug, Clone)]
pub(super) struct Rules {
    /// TIM-01 threshold when the details have none.
    pub threshold: i64,
    /// TIM-01 thresholds by `procurementMethodDetails`: (as configured, normalised, days).
    pub by_details: Vec<(String, String, i64)>,
    /// TIM-07 limit.
    pub long_contract_max_days: i64,
    /// TIM-08 non-working days.
    pub calendar: Calendar,
}

impl Rules {
    /// The threshold for these details: the configured key equal to them, else the key equal
    /// once both are normalised (case, accents, punctuation), else the general threshold.
    fn threshold(&self, details: Option<&str>) -> i64 {
        let Some(details) = details else { return self.threshold };
        if let Some((_, _, days)) = self.by_details.iter().find(|(key, _, _)| key == details) {
            return *days;
        }
        let normalised = normalise(details);
        self.by_details.iter().find(|(_, key, _)| *key == normalised).map_or(self.threshold, |(_, _, days)| *days)
    }
}

/// Hits out of cases (contracts, milestones, dates) in one process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Count {
    pub hits: u64,
    pub of: u64,
}

impl Count {
    fn add(&mut self, hit: bool) {
        self.hits += u64::from(hit);
        self.of += 1;
    }
}

/// TIM-02: days from the tender's end to its earliest active award, and those two fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Decision {
    pub days: i64,
    pub fields: Vec<Trigger>,
}

/// TIM-04: a milestone with a due date, and whether it was met on time (`None`: status unknown,
/// or met on an unreadable or missing date).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Milestone {
    pub due: Moment,
    pub on_time: Option<bool>,
}

/// Everything one process contributes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Facts {
    /// The process' place in the dataset ([`Process::at`]).
    pub order: u64,
    pub ocid: String,
    pub buyer: Option<String>,
    pub project: Option<String>,
    /// `/date`, the candidate for the default as-of date.
    pub release_date: Option<Moment>,
    /// TIM-01: (days, threshold).
    pub tender_period: Option<(i64, i64)>,
    pub decision: Option<Decision>,
    /// TIM-03, one per contract.
    pub signature_delays: Vec<f64>,
    pub milestones: Vec<Milestone>,
    /// TIM-05: terminated contracts concluded by their end date, of those measurable.
    pub concluded: Count,
    /// TIM-06, when the process has a versioned release.
    pub reopened: Option<Reopened>,
    /// TIM-07: contracts longer than the limit, of contracts with a period.
    pub long_contracts: Count,
    /// TIM-08: key dates on a non-working day, of readable key dates.
    pub suspicious_dates: Count,
    /// TIM-07 and TIM-08 flags.
    pub flags: Vec<Flag>,
    pub unreadable_dates: u64,
    pub inverted_periods: u64,
}

/// A date read once, with where it was and what it held.
#[derive(Debug, Clone)]
struct Read<'a> {
    moment: Moment,
    pointer: String,
    value: &'a Value,
}

impl Read<'_> {
    fn trigger(&self) -> Trigger {
        Trigger::new(self.pointer.clone(), self.value.clone())
    }
}

/// Reads dates, counting the present but unreadable ones.
#[derive(Debug, Default)]
struct Dates {
    unreadable: u64,
}

impl Dates {
    fn read<'a>(&mut self, parent: Option<&'a Map<String, Value>>, key: &str, pointer: String) -> Option<Read<'a>> {
        let value = parent?.get(key)?;
        let moment = match value {
            Value::Null => return None,
            Value::String(text) if text.trim().is_empty() => return None,
            Value::String(text) => Moment::read(text.trim()),
            _ => None,
        };
        if moment.is_none() {
            self.unreadable += 1;
        }
        Some(Read { moment: moment?, pointer, value })
    }
}

/// A contract's dates.
struct Contract<'a> {
    index: usize,
    members: &'a Release,
    signed: Option<Read<'a>>,
    start: Option<Read<'a>>,
    end: Option<Read<'a>>,
}

/// The dates every indicator shares, each read once.
struct KeyDates<'a> {
    tender: Option<&'a Release>,
    tender_start: Option<Read<'a>>,
    tender_end: Option<Read<'a>>,
    awards: &'a [Value],
    /// One per award, by position.
    award_dates: Vec<Option<Read<'a>>>,
    contracts: Vec<Contract<'a>>,
}

impl<'a> KeyDates<'a> {
    fn read(release: &'a Release, dates: &mut Dates) -> KeyDates<'a> {
        let tender = json::tender(release);
        let period = tender.and_then(|t| json::object(t, "tenderPeriod"));
        let awards: &[Value] = json::array(release, "awards").map_or(&[], Vec::as_slice);
        let award_dates = awards
            .iter()
            .enumerate()
            .map(|(i, a)| dates.read(a.as_object(), "date", format!("/awards/{i}/date")))
            .collect();
        let contracts = json::array(release, "contracts")
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(index, c)| {
                let members = c.as_object()?;
                let period = json::object(members, "period");
                Some(Contract {
                    index,
                    members,
                    signed: dates.read(Some(members), "dateSigned", format!("/contracts/{index}/dateSigned")),
                    start: dates.read(period, "startDate", format!("/contracts/{index}/period/startDate")),
                    end: dates.read(period, "endDate", format!("/contracts/{index}/period/endDate")),
                })
            })
            .collect();
        KeyDates {
            tender,
            tender_start: dates.read(period, "startDate", "/tender/tenderPeriod/startDate".into()),
            tender_end: dates.read(period, "endDate", "/tender/tenderPeriod/endDate".into()),
            awards,
            award_dates,
            contracts,
        }
    }
}

/// What `process` (not cancelled, with `ocid`) contributes.
pub(super) fn measure(process: &Process, ocid: &str, rules: &Rules) -> Facts {
    let release = process.release();
    let mut dates = Dates::default();
    let key = KeyDates::read(release, &mut dates);
    let mut facts = Facts {
        order: process.place(),
        ocid: ocid.to_owned(),
        buyer: process.buyer().map(str::to_owned),
        project: project(release),
        release_date: dates.read(Some(release), "date", "/date".into()).map(|d| d.moment),
        tender_period: None,
        decision: award_decision(&key),
        signature_delays: signature_delays(&key),
        milestones: Vec::new(),
        concluded: Count::default(),
        reopened: process.versioned.map(reopened),
        long_contracts: Count::default(),
        suspicious_dates: Count::default(),
        flags: Vec::new(),
        unreadable_dates: 0,
        inverted_periods: 0,
    };
    tender_period(&key, rules, &mut facts);
    milestones(release, &key, &mut dates, &mut facts);
    long_contracts(&key, rules, &mut facts);
    suspicious_dates(&key, rules, &mut facts);
    facts.unreadable_dates = dates.unreadable;
    facts
}

/// TIM-01: whole days of the tender period, and the threshold of its method details.
fn tender_period(key: &KeyDates, rules: &Rules, facts: &mut Facts) {
    let (Some(start), Some(end)) = (&key.tender_start, &key.tender_end) else { return };
    let days = start.moment.days_until(&end.moment);
    if days < 0 {
        facts.inverted_periods += 1;
        return;
    }
    let details = key.tender.and_then(|t| json::string(t, "procurementMethodDetails"));
    facts.tender_period = Some((days, rules.threshold(details)));
}

/// TIM-02: days from the tender's end to the earliest active award (the first of equal dates).
fn award_decision(key: &KeyDates) -> Option<Decision> {
    let end = key.tender_end.as_ref()?;
    let award = key
        .awards
        .iter()
        .zip(&key.award_dates)
        .filter(|(award, _)| json::has_status(award, "active"))
        .filter_map(|(_, date)| date.as_ref())
        .min_by_key(|d| d.moment.instant)?;
    Some(Decision { days: end.moment.days_until(&award.moment), fields: vec![end.trigger(), award.trigger()] })
}

/// TIM-03: each signed contract against the award its `awardID` (a string or number) names.
fn signature_delays(key: &KeyDates) -> Vec<f64> {
    let mut delays = Vec::new();
    for contract in &key.contracts {
        let Some(signed) = &contract.signed else { continue };
        let award_id = match contract.members.get("awardID") {
            Some(Value::String(id)) => id.clone(),
            Some(Value::Number(id)) => id.to_string(),
            _ => continue,
        };
        let Some(award) = by_id(key.awards, &award_id) else { continue };
        let position = key.awards.iter().position(|a| std::ptr::eq(a, award));
        if let Some(awarded) = position.and_then(|p| key.award_dates[p].as_ref()) {
            delays.push(awarded.moment.days_until(&signed.moment) as f64);
        }
    }
    delays
}

/// TIM-04: planning, tender and contract milestones with a due date; TIM-05: terminated
/// contracts, completed on the latest `dateMet` of their met milestones.
fn milestones(release: &Release, key: &KeyDates, dates: &mut Dates, facts: &mut Facts) {
    let mut add = |milestones: &[MilestoneDates]| {
        let due = milestones.iter().filter_map(|m| Some(Milestone { due: m.due?, on_time: m.on_time() }));
        facts.milestones.extend(due);
    };
    add(&read_milestones(json::object(release, "planning"), "/planning/milestones", dates));
    add(&read_milestones(key.tender, "/tender/milestones", dates));
    let mut concluded = Count::default();
    for contract in &key.contracts {
        let i = contract.index;
        let implementation = json::object(contract.members, "implementation");
        let mut milestones =
            read_milestones(implementation, &format!("/contracts/{i}/implementation/milestones"), dates);
        milestones.extend(read_milestones(Some(contract.members), &format!("/contracts/{i}/milestones"), dates));
        add(&milestones);
        let completed = milestones.iter().filter_map(|m| m.met).max_by_key(|m| m.instant);
        if json::string(contract.members, "status") == Some("terminated")
            && let (Some(completed), Some(end)) = (completed, &contract.end)
        {
            concluded.add(completed.on_or_before(&end.moment));
        }
    }
    facts.concluded = concluded;
}

/// TIM-07: contract periods longer than the limit, each flagged with its two dates.
fn long_contracts(key: &KeyDates, rules: &Rules, facts: &mut Facts) {
    for contract in &key.contracts {
        let (Some(start), Some(end)) = (&contract.start, &contract.end) else { continue };
        let days = start.moment.days_until(&end.moment);
        if days < 0 {
            facts.inverted_periods += 1;
            continue;
        }
        let limit = rules.long_contract_max_days;
        facts.long_contracts.add(days > limit);
        if days > limit {
            facts.flags.push(Flag {
                indicator: "TIM-07".into(),
                level: Level::Process,
                id: facts.ocid.clone(),
                value: Some(days as f64),
                reason: format!("the contract at /contracts/{} runs {days} days, more than {limit}", contract.index),
                reason_es: format!("el contrato en /contracts/{} dura {days} días, más que {limit}", contract.index),
                fields: vec![start.trigger(), end.trigger()],
            });
        }
    }
}

/// TIM-08: tender start and end, award dates and signature dates on a non-working day; one flag
/// per process listing them.
fn suspicious_dates(key: &KeyDates, rules: &Rules, facts: &mut Facts) {
    let key_dates = [&key.tender_start, &key.tender_end]
        .into_iter()
        .chain(&key.award_dates)
        .chain(key.contracts.iter().map(|c| &c.signed))
        .flatten();
    let mut suspicious = Vec::new();
    for date in key_dates {
        let why = rules.calendar.non_working(date.moment.day());
        facts.suspicious_dates.add(why.is_some());
        suspicious.extend(why.map(|why| (date.trigger(), why)));
    }
    if suspicious.is_empty() {
        return;
    }
    let reasons: Vec<String> =
        suspicious.iter().map(|(t, why)| format!("{} is {}", t.pointer, why.describe())).collect();
    let reasons_es: Vec<String> =
        suspicious.iter().map(|(t, why)| format!("{} es {}", t.pointer, why.describe_es())).collect();
    facts.flags.push(Flag {
        indicator: "TIM-08".into(),
        level: Level::Process,
        id: facts.ocid.clone(),
        value: Some(suspicious.len() as f64),
        reason: format!("key dates on non-working days: {}", reasons.join("; ")),
        reason_es: format!("fechas clave en días inhábiles: {}", reasons_es.join("; ")),
        fields: suspicious.into_iter().map(|(t, _)| t).collect(),
    });
}

/// `/planning/budget/projectID`, a string or an integer.
fn project(release: &Release) -> Option<String> {
    let budget = json::object(json::object(release, "planning")?, "budget")?;
    match budget.get("projectID")? {
        Value::String(id) if !id.is_empty() => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

/// One milestone's dates and status.
struct MilestoneDates {
    due: Option<Moment>,
    met: Option<Moment>,
    status: Option<String>,
}

impl MilestoneDates {
    /// Met on or before its due date; not met (scheduled, notMet, partiallyMet) is late;
    /// `None` without a known status, or met without a readable `dateMet`.
    fn on_time(&self) -> Option<bool> {
        match self.status.as_deref()? {
            "met" => Some(self.met?.on_or_before(&self.due?)),
            "scheduled" | "notMet" | "partiallyMet" => Some(false),
            _ => None,
        }
    }
}

/// The milestones of `parent/milestones` (objects only).
fn read_milestones(parent: Option<&Release>, pointer: &str, dates: &mut Dates) -> Vec<MilestoneDates> {
    let milestones = parent.and_then(|p| json::array(p, "milestones")).into_iter().flatten().enumerate();
    milestones
        .filter_map(|(i, m)| {
            let m = m.as_object()?;
            let status = json::string(m, "status").map(str::to_owned);
            let due = dates.read(Some(m), "dueDate", format!("{pointer}/{i}/dueDate")).map(|d| d.moment);
            let met = dates.read(Some(m), "dateMet", format!("{pointer}/{i}/dateMet")).map(|d| d.moment);
            let met = met.filter(|_| status.as_deref() == Some("met"));
            Some(MilestoneDates { due, met, status })
        })
        .collect()
}
