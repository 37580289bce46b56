//! From each process' facts to the report's rows: a process row, and the sums of a buyer, a
//! project or the dataset. Ratios keep their numerator, denominator and coverage (processes that
//! had at least one case); distributions are [`Summary`]s.

use super::measure::{Count, Facts};
use super::{LevelTimeliness, ProcessTimeliness};
use crate::indices::report::{Share, Summary};

/// TIM-04 and TIM-02 as decided for one process once the dataset is known.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Decided {
    /// Milestones met on time, of milestones due by the as-of date with a known outcome.
    pub milestones: Count,
    /// Whether the award decision is outside the limits (`None`: not measured).
    pub decision_flagged: Option<bool>,
}

/// One case out of one, or nothing.
fn single(hit: Option<bool>) -> Count {
    hit.map_or(Count::default(), |hit| Count { hits: u64::from(hit), of: 1 })
}

fn share(count: Count) -> Share {
    Share::of(count.hits as f64, count.of as f64, u64::from(count.of > 0))
}

/// The counts of one process, indicator by indicator.
fn counts(facts: &Facts, decided: Decided) -> [Count; 8] {
    let reopened = facts.reopened.unwrap_or_default();
    [
        single(facts.tender_period.map(|(days, threshold)| days < threshold)),
        single(decided.decision_flagged),
        decided.milestones,
        facts.concluded,
        Count { hits: reopened.milestones_reopened, of: reopened.milestones_met },
        Count { hits: reopened.contracts_reopened, of: reopened.contracts_terminated },
        facts.long_contracts,
        facts.suspicious_dates,
    ]
}

/// A process row.
pub(super) fn process_row(facts: &Facts, decided: Decided) -> ProcessTimeliness {
    let [short, flagged, milestones, concluded, milestones_reopened, contracts_reopened, long, suspicious] =
        counts(facts, decided).map(share);
    ProcessTimeliness {
        tender_period_days: facts.tender_period.map(|(days, _)| days),
        short_tender_period: short,
        award_decision_days: facts.decision.as_ref().map(|d| d.days),
        award_decision_flagged: flagged,
        signature_delay_days: Summary::of(&mut facts.signature_delays.clone()),
        milestones_on_time: milestones,
        concluded_on_time: concluded,
        milestones_reopened,
        contracts_reopened,
        long_contracts: long,
        suspicious_dates: suspicious,
    }
}

/// Hits, cases and the processes that had a case.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    hits: u64,
    of: u64,
    processes: u64,
}

impl Sum {
    fn add(&mut self, count: Count) {
        if count.of > 0 {
            self.hits += count.hits;
            self.of += count.of;
            self.processes += 1;
        }
    }

    fn share(&self) -> Share {
        Share::of(self.hits as f64, self.of as f64, self.processes)
    }
}

/// The sums of a buyer, a project or the dataset.
#[derive(Debug, Clone, Default)]
pub(super) struct Level {
    processes: u64,
    tender_days: Vec<f64>,
    decision_days: Vec<f64>,
    signature_days: Vec<f64>,
    sums: [Sum; 8],
}

impl Level {
    pub fn add(&mut self, facts: &Facts, decided: Decided) {
        self.processes += 1;
        self.tender_days.extend(facts.tender_period.map(|(days, _)| days as f64));
        self.decision_days.extend(facts.decision.as_ref().map(|d| d.days as f64));
        self.signature_days.extend(&facts.signature_delays);
        for (sum, count) in self.sums.iter_mut().zip(counts(facts, decided)) {
            sum.add(count);
        }
    }

    pub fn finish(mut self) -> LevelTimeliness {
        let [short, flagged, milestones, concluded, milestones_reopened, contracts_reopened, long, suspicious] =
            self.sums.map(|s| s.share());
        LevelTimeliness {
            processes: self.processes,
            tender_period_days: Summary::of(&mut self.tender_days),
            short_tender_period: short,
            award_decision_days: Summary::of(&mut self.decision_days),
            award_decision_flagged: flagged,
            signature_delay_days: Summary::of(&mut self.signature_days),
            milestones_on_time: milestones,
            concluded_on_time: concluded,
            milestones_reopened,
            contracts_reopened,
            long_contracts: long,
            suspicious_dates: suspicious,
        }
    }
}
