//! Which fields triggered each of Cardinal's flags, kept beside the flags themselves.
//!
//! A process flag (`OCID`) names the fields read in its compiled release, as JSON Pointers with
//! the values found there. An organisation flag (`Buyer`, `ProcuringEntity`, `Tenderer`) is
//! about many processes, so it names the processes that counted toward it: how many, and the
//! ocids of the first [`SAMPLE`] of them in the dataset's order ([`Process::at`](crate::indices::Process::at)).
//!
//! Evidence is stored only for flags actually raised, except for the organisation tallies that
//! wait for the dataset's fences, which keep at most [`SAMPLE`] ocids each, shared between
//! organisations of the same process.

use super::{Code, Group, Results};
use crate::indices::report::Trigger;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// At most this many ocids are listed for an organisation flag.
pub const SAMPLE: usize = 20;

/// The fields that triggered one flag.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FlagFields {
    /// A process flag: the fields read in its compiled release.
    Read(Vec<Trigger>),
    /// An organisation flag: the processes that counted toward it.
    Processes(Processes),
}

/// The processes behind an organisation flag.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Processes {
    /// How many processes counted.
    pub count: u64,
    /// The ocids of the first of them (at most 20), in input order.
    pub ocids: Vec<String>,
}

/// Fields per flag: group → identifier → code → fields, the shape of [`Results`].
pub type Fields = IndexMap<Group, IndexMap<String, IndexMap<Code, FlagFields>>>;

/// The ocid of the process being read, shared by every tally that cites it (made on first use).
#[derive(Debug)]
pub(super) struct Citation<'a> {
    ocid: &'a str,
    /// The process' place in the dataset.
    order: u64,
    shared: Option<Arc<str>>,
}

impl<'a> Citation<'a> {
    pub(super) fn new(ocid: &'a str, order: u64) -> Self {
        Citation { ocid, order, shared: None }
    }

    /// The process' place and ocid.
    pub(super) fn place(&self) -> (u64, &'a str) {
        (self.order, self.ocid)
    }

    fn ocid(&mut self) -> Arc<str> {
        self.shared.get_or_insert_with(|| Arc::from(self.ocid)).clone()
    }
}

/// How many processes counted toward an organisation, and the first [`SAMPLE`] of them by their
/// place in the dataset (equal places in the order added). Callers add a process at most once
/// per organisation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Sample {
    count: u64,
    first: Vec<(u64, Arc<str>)>,
}

impl Sample {
    pub(super) fn add(&mut self, process: &mut Citation) {
        self.count += 1;
        if self.wants(process.order) {
            let ocid = process.ocid();
            self.keep(process.order, ocid);
        }
    }

    pub(super) fn count(&self) -> u64 {
        self.count
    }

    fn add_ocid(&mut self, order: u64, ocid: &str) {
        self.count += 1;
        if self.wants(order) {
            self.keep(order, Arc::from(ocid));
        }
    }

    /// The processes of both.
    pub(super) fn merge(&mut self, other: Sample) {
        self.count += other.count;
        for (order, ocid) in other.first {
            if self.wants(order) {
                self.keep(order, ocid);
            }
        }
    }

    fn wants(&self, order: u64) -> bool {
        self.first.len() < SAMPLE || self.first.last().is_some_and(|(last, _)| order < *last)
    }

    fn keep(&mut self, order: u64, ocid: Arc<str>) {
        let at = self.first.partition_point(|(o, _)| *o <= order);
        self.first.insert(at, (order, ocid));
        self.first.truncate(SAMPLE);
    }

    fn processes(&self) -> Processes {
        Processes { count: self.count, ocids: self.first.iter().map(|(_, o)| o.to_string()).collect() }
    }
}

/// Cardinal's results and, for each flag raised, its fields.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Flags {
    pub(super) results: Results,
    /// ocid → code → the place of the process that raised it, and the fields read. Of two
    /// processes with one ocid, the later one's flag stands (the one added last, at equal places).
    read: HashMap<String, HashMap<Code, (u64, Vec<Trigger>)>>,
    /// (group, organisation id) → code → processes.
    #[serde(with = "crate::indices::partial::pairs")]
    samples: HashMap<(Group, String), HashMap<Code, Sample>>,
}

impl Flags {
    /// A process flag and the fields it read (replacing those of an earlier process of the ocid).
    pub(super) fn raise(&mut self, (order, ocid): (u64, &str), code: Code, value: f64, fields: Vec<Trigger>) {
        let read = self.read.entry(ocid.to_owned()).or_default();
        if read.get(&code).is_some_and(|(later, _)| *later > order) {
            return;
        }
        read.insert(code, (order, fields));
        self.set(Group::Ocid, ocid, code, value);
    }

    /// An organisation flag raised while reading `process`: the process counts toward it.
    pub(super) fn raise_in(&mut self, group: Group, id: &str, code: Code, value: f64, process: &mut Citation) {
        self.sample(group, id, code, value).add(process);
    }

    /// An organisation flag raised at the end for the process `ocid` (at `order`): the process
    /// counts toward it.
    pub(super) fn raise_for(&mut self, group: Group, id: &str, code: Code, value: f64, (order, ocid): (u64, &str)) {
        self.sample(group, id, code, value).add_ocid(order, ocid);
    }

    /// The flags of both (a process flag read in both: the other's).
    pub(super) fn merge(&mut self, other: Flags) {
        let mut results = other.results;
        let mut processes = results.shift_remove(&Group::Ocid).unwrap_or_default();
        for (ocid, codes) in other.read {
            let values = processes.shift_remove(&ocid).unwrap_or_default();
            for (code, (order, fields)) in codes {
                let value = values.get(&code).copied().unwrap_or(f64::NAN);
                self.raise((order, &ocid), code, value, fields);
            }
        }
        for (group, ids) in results {
            let mine = self.results.entry(group).or_default();
            for (id, codes) in ids {
                mine.entry(id).or_default().extend(codes);
            }
        }
        for (key, codes) in other.samples {
            let mine = self.samples.entry(key).or_default();
            for (code, sample) in codes {
                mine.entry(code).or_default().merge(sample);
            }
        }
    }

    /// An organisation flag raised at the end from a tally of the processes behind it.
    pub(super) fn raise_from(&mut self, group: Group, id: &str, code: Code, value: f64, processes: &Sample) {
        *self.sample(group, id, code, value) = processes.clone();
    }

    /// The results and, in the same order, each flag's fields.
    pub(super) fn finish(mut self) -> (Results, Fields) {
        let mut fields = Fields::new();
        for (group, ids) in &self.results {
            let by_id = fields.entry(*group).or_default();
            for (id, codes) in ids {
                let by_code = by_id.entry(id.clone()).or_default();
                if *group == Group::Ocid {
                    let mut read = self.read.remove(id).unwrap_or_default();
                    for code in codes.keys() {
                        by_code.insert(*code, FlagFields::Read(read.remove(code).map(|(_, f)| f).unwrap_or_default()));
                    }
                } else {
                    let samples = self.samples.remove(&(*group, id.clone())).unwrap_or_default();
                    for code in codes.keys() {
                        let processes = samples.get(code).map(Sample::processes);
                        by_code.insert(*code, FlagFields::Processes(processes.unwrap_or_default()));
                    }
                }
            }
        }
        (self.results, fields)
    }

    fn set(&mut self, group: Group, id: &str, code: Code, value: f64) {
        self.results.entry(group).or_default().entry(id.to_owned()).or_default().insert(code, value);
    }

    fn sample(&mut self, group: Group, id: &str, code: Code, value: f64) -> &mut Sample {
        self.set(group, id, code, value);
        self.samples.entry((group, id.to_owned())).or_default().entry(code).or_default()
    }
}
