//! Completeness — the open-contracting index (TRN-01 … TRN-06 of the catalogue): how much of
//! what a process should publish at each stage it reached, as a stage score from 0 to 1 and an
//! index (ICA) from 0 to 100; per-field coverage; and four publication checks (contract
//! document, late publication, call for tenders).
//!
//! Per process and stage s, `score_s = Σ w_f·present(f) / Σ w_f` over the stage's fields that
//! apply (see [`fields`] for the field descriptions and default lists, `presence` for what
//! counts as present and which stages apply); `ICA = 100·Σ W_s·score_s / Σ W_s` over the stages
//! that apply. Buyers and the dataset get the distribution of process scores. Stages a process
//! has not reached, and fields not required of it, are left out, never scored 0.

pub mod fields;
mod history;
mod presence;

use crate::indices::competition::{Competition, CompetitionSettings};
use crate::indices::coverage::is_non_empty;
use crate::indices::json;
use crate::indices::process::{Process, first_release_date, instant};
use crate::indices::report::{Share, Summary};
use fields::{Field, Required, Stage, Weight, default_fields};
use indexmap::IndexMap;
use presence::{Arrays, presence, squash, stages_reached};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One stage's settings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StageSettings {
    /// W_s, the stage's weight in the index (default 1).
    pub weight: Weight,
    /// The stage's fields; absent: the default list ([`default_fields`]). Given: replaces it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
}

/// `[completeness]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CompletenessSettings {
    /// An array path scores the share of the elements of its first array that have the field,
    /// instead of 1 when any element has it (default false).
    pub share_of_elements: bool,
    /// Planning.
    pub planning: StageSettings,
    /// Tender.
    pub tender: StageSettings,
    /// Award.
    pub award: StageSettings,
    /// Contract.
    pub contract: StageSettings,
    /// Implementation.
    pub implementation: StageSettings,
    /// TRN-04: `documentType`s of a contract document that count as the signed contract,
    /// compared ignoring case, accents, spaces and punctuation (default `contractSigned`).
    pub contract_document_types: Vec<String>,
    /// TRN-06: `documentType`s of a tender document that count as the call for tenders, compared
    /// the same way (default `tenderNotice`).
    pub tender_notice_types: Vec<String>,
}

impl Default for CompletenessSettings {
    fn default() -> Self {
        CompletenessSettings {
            share_of_elements: false,
            planning: StageSettings::default(),
            tender: StageSettings::default(),
            award: StageSettings::default(),
            contract: StageSettings::default(),
            implementation: StageSettings::default(),
            contract_document_types: vec!["contractSigned".into()],
            tender_notice_types: vec!["tenderNotice".into()],
        }
    }
}

impl CompletenessSettings {
    /// The settings of `stage`.
    pub fn stage(&self, stage: Stage) -> &StageSettings {
        match stage {
            Stage::Planning => &self.planning,
            Stage::Tender => &self.tender,
            Stage::Award => &self.award,
            Stage::Contract => &self.contract,
            Stage::Implementation => &self.implementation,
        }
    }

    /// The fields of `stage`: as configured, or the default list.
    pub fn fields(&self, stage: Stage) -> Vec<Field> {
        self.stage(stage).fields.clone().unwrap_or_else(|| default_fields(stage))
    }

    /// The same settings with every field list written out.
    fn resolved(&self) -> CompletenessSettings {
        let mut out = self.clone();
        for stage in Stage::ALL {
            let fields = Some(self.fields(stage));
            match stage {
                Stage::Planning => out.planning.fields = fields,
                Stage::Tender => out.tender.fields = fields,
                Stage::Award => out.award.fields = fields,
                Stage::Contract => out.contract.fields = fields,
                Stage::Implementation => out.implementation.fields = fields,
            }
        }
        out
    }
}

/// What one process scored; `null` where a stage or check does not apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProcessCompleteness {
    /// `/buyer/id`.
    pub buyer: Option<String>,
    /// The method, read as the competition family reads it (declared, or mapped from the
    /// details).
    pub method: Option<String>,
    /// TRN-01: planning score, 0–1.
    pub planning: Option<f64>,
    /// TRN-01: tender score, 0–1.
    pub tender: Option<f64>,
    /// TRN-01: award score, 0–1.
    pub award: Option<f64>,
    /// TRN-01: contract score, 0–1.
    pub contract: Option<f64>,
    /// TRN-01: implementation score, 0–1.
    pub implementation: Option<f64>,
    /// TRN-02: the open-contracting index, 0–100.
    pub open_contracting_index: Option<f64>,
    /// TRN-04: with an active award, a contract has a non-empty document.
    pub contract_document: Option<bool>,
    /// TRN-04: with an active award, a contract has a document of a `contract_document_types`
    /// type.
    pub signed_contract_document: Option<bool>,
    /// TRN-05: with history and a contract start date, the first release came on a later day
    /// than the earliest `/contracts[]/period/startDate`.
    pub late_publication: Option<bool>,
    /// TRN-06: for a competitive method, a call for tenders was published.
    pub tender_notice: Option<bool>,
}

/// The index for a buyer or the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompletenessLevel {
    /// Processes read.
    pub processes: u64,
    /// Processes read with their versioned release (only those can be checked for TRN-05).
    pub processes_with_history: u64,
    /// TRN-01: planning scores (0–1) of the processes it applies to.
    pub planning: Summary,
    /// TRN-01: tender scores.
    pub tender: Summary,
    /// TRN-01: award scores.
    pub award: Summary,
    /// TRN-01: contract scores.
    pub contract: Summary,
    /// TRN-01: implementation scores.
    pub implementation: Summary,
    /// TRN-02: process indices (0–100).
    pub open_contracting_index: Summary,
    /// TRN-03: per field label, Σ presence ÷ processes the field applies to (its stage applies
    /// and it is required); with `share_of_elements`, presence can be a fraction.
    pub field_coverage: IndexMap<String, Share>,
    /// TRN-04: processes with an active award and a contract document ÷ processes with an
    /// active award.
    pub contract_document: Share,
    /// TRN-04 split by method (`unknown` when the method is not known).
    pub contract_document_by_method: BTreeMap<String, Share>,
    /// TRN-04 counting only documents of a `contract_document_types` type.
    pub signed_contract_document: Share,
    /// TRN-05: processes first published on a later day than their contract started ÷ processes
    /// with history and a contract start date.
    pub late_publication: Share,
    /// TRN-06: competitive processes with a call for tenders ÷ competitive processes.
    pub tender_notice: Share,
}

/// Settings echoed in the report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompletenessMeta {
    /// The settings used, with every stage's field list written out.
    pub settings: CompletenessSettings,
    /// Methods counted as competitive for TRN-06 (`[competition] procurement_methods`).
    pub competitive_methods: Vec<String>,
}

/// The completeness report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompletenessReport {
    /// Settings.
    pub meta: CompletenessMeta,
    /// The whole input.
    pub dataset: CompletenessLevel,
    /// By `/buyer/id`, in order of first appearance.
    pub buyer: IndexMap<String, CompletenessLevel>,
    /// By `/ocid`.
    pub process: IndexMap<String, ProcessCompleteness>,
}

/// A count of yes among the processes a check applies to.
#[derive(Debug, Clone, Copy, Default)]
struct Count {
    yes: u64,
    of: u64,
}

impl Count {
    fn add(&mut self, check: Option<bool>) {
        if let Some(yes) = check {
            self.of += 1;
            self.yes += u64::from(yes);
        }
    }

    fn share(self) -> Share {
        Share::count(self.yes, self.of)
    }
}

/// What one process contributes to its buyer and the dataset.
#[derive(Debug, Serialize, Deserialize)]
struct Measured {
    /// Its place in the dataset ([`Process::at`]).
    order: u64,
    ocid: String,
    row: ProcessCompleteness,
    /// Presence of each field (in [`Completeness::fields`] order), if it applies.
    fields: Vec<Option<f64>>,
    history: bool,
}

/// Running totals of a buyer or the dataset.
#[derive(Debug, Clone)]
struct Tally {
    processes: u64,
    with_history: u64,
    stages: [Vec<f64>; 5],
    index: Vec<f64>,
    /// Per field: Σ presence, processes it applies to.
    fields: Vec<(f64, u64)>,
    contract_document: Count,
    by_method: BTreeMap<String, Count>,
    signed_contract_document: Count,
    late_publication: Count,
    tender_notice: Count,
}

impl Tally {
    fn new(fields: usize) -> Tally {
        Tally {
            processes: 0,
            with_history: 0,
            stages: Default::default(),
            index: Vec::new(),
            fields: vec![(0.0, 0); fields],
            contract_document: Count::default(),
            by_method: BTreeMap::new(),
            signed_contract_document: Count::default(),
            late_publication: Count::default(),
            tender_notice: Count::default(),
        }
    }

    fn add(&mut self, measured: &Measured) {
        let row = &measured.row;
        self.processes += 1;
        self.with_history += u64::from(measured.history);
        let scores = [row.planning, row.tender, row.award, row.contract, row.implementation];
        for (values, score) in self.stages.iter_mut().zip(scores) {
            values.extend(score);
        }
        self.index.extend(row.open_contracting_index);
        for (total, presence) in self.fields.iter_mut().zip(&measured.fields) {
            if let Some(p) = presence {
                total.0 += p;
                total.1 += 1;
            }
        }
        self.contract_document.add(row.contract_document);
        if row.contract_document.is_some() {
            let method = row.method.clone().unwrap_or_else(|| "unknown".into());
            self.by_method.entry(method).or_default().add(row.contract_document);
        }
        self.signed_contract_document.add(row.signed_contract_document);
        self.late_publication.add(row.late_publication);
        self.tender_notice.add(row.tender_notice);
    }

    fn finish(mut self, labels: &[String]) -> CompletenessLevel {
        let [planning, tender, award, contract, implementation] = self.stages.each_mut().map(Summary::of);
        CompletenessLevel {
            processes: self.processes,
            processes_with_history: self.with_history,
            planning,
            tender,
            award,
            contract,
            implementation,
            open_contracting_index: Summary::of(&mut self.index),
            field_coverage: labels
                .iter()
                .zip(&self.fields)
                .map(|(label, (sum, applies))| (label.clone(), Share::of(*sum, *applies as f64, *applies)))
                .collect(),
            contract_document: self.contract_document.share(),
            contract_document_by_method: self.by_method.into_iter().map(|(m, c)| (m, c.share())).collect(),
            signed_contract_document: self.signed_contract_document.share(),
            late_publication: self.late_publication.share(),
            tender_notice: self.tender_notice.share(),
        }
    }
}

/// Folds processes into the open-contracting index.
#[derive(Debug)]
pub struct Completeness {
    settings: CompletenessSettings,
    /// Every stage's fields, in stage order, with their report labels.
    fields: Vec<(Stage, Field)>,
    labels: Vec<String>,
    /// Reads each process' method with the competition settings.
    methods: Competition,
    competitive_methods: Vec<String>,
    part: CompletenessPart,
}

/// What the index keeps of the processes it read: each one's measure, which the report folds
/// into its buyer and the dataset in the processes' order.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct CompletenessPart {
    processes: Vec<Measured>,
}

impl CompletenessPart {
    /// Adds the processes of another share.
    pub(crate) fn combine(&mut self, other: CompletenessPart) {
        self.processes.extend(other.processes);
    }
}

impl Completeness {
    /// The index as configured, reading methods with the default competition settings.
    pub fn new(settings: CompletenessSettings) -> Completeness {
        Completeness::with_methods(settings, CompetitionSettings::default())
    }

    /// The index as configured, reading methods with `methods` (the `[competition]` table: its
    /// method map, `details_first`, and `procurement_methods` as the competitive methods).
    pub fn with_methods(settings: CompletenessSettings, methods: CompetitionSettings) -> Completeness {
        let fields: Vec<(Stage, Field)> =
            Stage::ALL.iter().flat_map(|&stage| settings.fields(stage).into_iter().map(move |f| (stage, f))).collect();
        let mut labels: Vec<String> = Vec::with_capacity(fields.len());
        for (_, field) in &fields {
            let base = field.label();
            let mut label = base.clone();
            let mut n = 2;
            while labels.contains(&label) {
                label = format!("{base} #{n}");
                n += 1;
            }
            labels.push(label);
        }
        let competitive_methods = methods.procurement_methods.clone();
        Completeness {
            settings: settings.resolved(),
            fields,
            labels,
            methods: Competition::new(methods),
            competitive_methods,
            part: CompletenessPart::default(),
        }
    }

    /// Reads one process; one without a string `/ocid` or with a cancelled tender is left out.
    pub fn add(&mut self, process: &Process) {
        let Some(ocid) = process.ocid() else { return };
        if process.is_cancelled() {
            return;
        }
        let measured = self.measure(ocid, process);
        self.part.processes.push(measured);
    }

    /// What was read so far, leaving none (see [`Partial`](crate::indices::Partial)).
    pub(crate) fn take_part(&mut self) -> CompletenessPart {
        std::mem::take(&mut self.part)
    }

    /// Reads the processes of a share read elsewhere.
    pub(crate) fn absorb(&mut self, part: CompletenessPart) {
        self.part.combine(part);
    }

    fn measure(&self, ocid: &str, process: &Process) -> Measured {
        let release = process.release();
        let method = self.methods.method(release).map(|(method, _)| method);
        let reached = stages_reached(release);
        let value_changed = process.versioned.map(history::contract_value_changed);
        let arrays = if self.settings.share_of_elements { Arrays::Share } else { Arrays::Any };
        let mut sums = [(0.0, 0.0); 5];
        let fields = self
            .fields
            .iter()
            .map(|(stage, field)| {
                let required = match &field.required {
                    Required::Always => true,
                    Required::MethodIn(methods) => method.as_ref().is_some_and(|m| methods.contains(m)),
                    Required::MethodNotIn(methods) => method.as_ref().is_some_and(|m| !methods.contains(m)),
                    Required::ContractValueChanged => value_changed == Some(true),
                };
                (reached[stage.index()] && required).then(|| {
                    let present = presence(field, process.compiled, arrays);
                    let weight = field.weight.get();
                    sums[stage.index()].0 += weight * present;
                    sums[stage.index()].1 += weight;
                    present
                })
            })
            .collect();
        let scores = sums.map(|(num, den)| (den > 0.0).then(|| num / den));
        let (num, den) = Stage::ALL.iter().zip(scores).fold((0.0, 0.0), |(num, den), (stage, score)| match score {
            Some(s) => {
                let weight = self.settings.stage(*stage).weight.get();
                (num + weight * s, den + weight)
            }
            None => (num, den),
        });
        let contracts = json::array(release, "contracts").map_or(&[][..], Vec::as_slice);
        let documents =
            || contracts.iter().filter_map(|c| c.get("documents")?.as_array()).flatten().filter(|d| is_non_empty(d));
        let active_award = json::array(release, "awards").into_iter().flatten().any(|a| json::has_status(a, "active"));
        let contract_document = active_award.then(|| documents().next().is_some());
        let signed_contract_document =
            active_award.then(|| documents().any(|d| has_type(d, &self.settings.contract_document_types)));
        let start =
            contracts.iter().filter_map(|c| c.get("period")?.get("startDate")?.as_str()).filter_map(instant).min();
        let first = process.versioned.and_then(first_release_date);
        let late_publication = first.zip(start).map(|(first, start)| first.date_naive() > start.date_naive());
        let competitive = method.as_ref().is_some_and(|m| self.competitive_methods.contains(m));
        let tender_notice = competitive.then(|| self.has_tender_notice(process));
        let [planning, tender, award, contract, implementation] = scores;
        Measured {
            order: process.place(),
            ocid: ocid.to_owned(),
            row: ProcessCompleteness {
                buyer: process.buyer().map(str::to_owned),
                method,
                planning,
                tender,
                award,
                contract,
                implementation,
                open_contracting_index: (den > 0.0).then(|| 100.0 * num / den),
                contract_document,
                signed_contract_document,
                late_publication,
                tender_notice,
            },
            fields,
            history: process.versioned.is_some(),
        }
    }

    /// A tender document of a `tender_notice_types` type, or a release tagged `tender` (in the
    /// release's own `tag` or its history).
    fn has_tender_notice(&self, process: &Process) -> bool {
        let release = process.release();
        let mut documents = json::tender(release).and_then(|t| json::array(t, "documents")).into_iter().flatten();
        documents.any(|d| has_type(d, &self.settings.tender_notice_types))
            || json::array(release, "tag").into_iter().flatten().any(|t| t == "tender")
            || process.versioned.is_some_and(history::has_tender_release)
    }

    /// The report.
    pub fn finish(mut self) -> CompletenessReport {
        self.part.processes.sort_by_key(|m| m.order);
        let fields = self.fields.len();
        let mut dataset = Tally::new(fields);
        let mut buyers: IndexMap<String, Tally> = IndexMap::new();
        let mut processes: IndexMap<String, ProcessCompleteness> = IndexMap::new();
        for measured in self.part.processes {
            dataset.add(&measured);
            if let Some(buyer) = &measured.row.buyer {
                buyers.entry(buyer.clone()).or_insert_with(|| Tally::new(fields)).add(&measured);
            }
            processes.insert(measured.ocid, measured.row);
        }
        let labels = &self.labels;
        CompletenessReport {
            meta: CompletenessMeta { settings: self.settings, competitive_methods: self.competitive_methods },
            dataset: dataset.finish(labels),
            buyer: buyers.into_iter().map(|(id, tally)| (id, tally.finish(labels))).collect(),
            process: processes,
        }
    }
}

/// The document's `documentType` is one of `types`, compared loosely.
fn has_type(document: &Value, types: &[String]) -> bool {
    json::value_string(document, "documentType").is_some_and(|t| {
        let t = squash(t);
        types.iter().any(|wanted| squash(wanted) == t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_report_have_a_json_schema() {
        let settings = serde_json::to_value(schemars::schema_for!(CompletenessSettings)).unwrap();
        assert_eq!(settings["$defs"]["FieldPath"]["type"], "string");
        assert_eq!(settings["$defs"]["Weight"]["minimum"], 0);
        let report = serde_json::to_value(schemars::schema_for!(CompletenessReport)).unwrap();
        assert!(report["properties"]["dataset"].is_object());
    }

    #[test]
    fn repeated_labels_are_numbered() {
        let field: Field = serde_json::from_value(serde_json::json!({"path": "/tender/title"})).unwrap();
        let settings = CompletenessSettings {
            tender: StageSettings { fields: Some(vec![field.clone(), field]), ..StageSettings::default() },
            ..CompletenessSettings::default()
        };
        let completeness = Completeness::new(settings);
        let tender: Vec<&str> = completeness
            .fields
            .iter()
            .zip(&completeness.labels)
            .filter(|((stage, _), _)| *stage == Stage::Tender)
            .map(|(_, label)| label.as_str())
            .collect();
        assert_eq!(tender, ["/tender/title", "/tender/title #2"]);
    }
}
