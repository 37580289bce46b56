//! Which fields triggered each of Cardinal's flags, kept beside the flags themselves.
//!
//! A process flag (`OCID`) names the fields read in its compiled release, as JSON Pointers with
//! the values found there. An organisation flag (`Buyer`, `ProcuringEntity`, `Tenderer`) is
//! about many processes, so it names the processes that counted toward it: how many, and the
//! ocids of the first [`SAMPLE`] of them in input order.
//!
//! Evidence is stored only for flags actually raised, except for the organisation tallies that
//! wait for the dataset's fences, which keep at most [`SAMPLE`] ocids each, shared between
//! organisations of the same process.

use super::{Code, Group, Results};
use crate::indices::report::Trigger;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Serialize;
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
    shared: Option<Arc<str>>,
}

impl<'a> Citation<'a> {
    pub(super) fn new(ocid: &'a str) -> Self {
        Citation { ocid, shared: None }
    }

    /// The ocid.
    pub(super) fn as_str(&self) -> &'a str {
        self.ocid
    }

    fn ocid(&mut self) -> Arc<str> {
        self.shared.get_or_insert_with(|| Arc::from(self.ocid)).clone()
    }
}

/// How many processes counted toward an organisation, and the first [`SAMPLE`] of them. Callers
/// add a process at most once per organisation.
#[derive(Debug, Clone, Default)]
pub(super) struct Sample {
    count: u64,
    first: Vec<Arc<str>>,
}

impl Sample {
    pub(super) fn add(&mut self, process: &mut Citation) {
        self.count += 1;
        if self.first.len() < SAMPLE {
            self.first.push(process.ocid());
        }
    }

    pub(super) fn count(&self) -> u64 {
        self.count
    }

    fn add_ocid(&mut self, ocid: &str) {
        self.count += 1;
        if self.first.len() < SAMPLE {
            self.first.push(Arc::from(ocid));
        }
    }

    fn processes(&self) -> Processes {
        Processes { count: self.count, ocids: self.first.iter().map(|o| o.to_string()).collect() }
    }
}

/// Cardinal's results and, for each flag raised, its fields.
#[derive(Debug, Default)]
pub(super) struct Flags {
    pub(super) results: Results,
    /// ocid → code → fields read.
    read: HashMap<String, HashMap<Code, Vec<Trigger>>>,
    /// (group, organisation id) → code → processes.
    samples: HashMap<(Group, String), HashMap<Code, Sample>>,
}

impl Flags {
    /// A process flag and the fields it read (replacing those of an earlier line of the ocid).
    pub(super) fn raise(&mut self, ocid: &str, code: Code, value: f64, fields: Vec<Trigger>) {
        self.set(Group::Ocid, ocid, code, value);
        self.read.entry(ocid.to_owned()).or_default().insert(code, fields);
    }

    /// An organisation flag raised while reading `process`: the process counts toward it.
    pub(super) fn raise_in(&mut self, group: Group, id: &str, code: Code, value: f64, process: &mut Citation) {
        self.sample(group, id, code, value).add(process);
    }

    /// An organisation flag raised at the end for the process `ocid`: the process counts toward it.
    pub(super) fn raise_for(&mut self, group: Group, id: &str, code: Code, value: f64, ocid: &str) {
        self.sample(group, id, code, value).add_ocid(ocid);
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
                        by_code.insert(*code, FlagFields::Read(read.remove(code).unwrap_or_default()));
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
