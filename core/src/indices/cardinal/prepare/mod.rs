//! Cardinal's data preparation (`ocdscardinal prepare`, cardinal-rs b04158a): corrects compiled
//! releases so that the red flags read what the publisher meant, and lists what it could not fix.
//!
//! Always on, as in Cardinal: an object where an array of organisation references is expected
//! (`/parties`, `/bids/details[]/tenderers`, `/awards[]/suppliers`) is wrapped in an array, and
//! number ids become text (`/parties[]/id`, `/buyer/id`, `/tender/procuringEntity/id`, tenderer
//! and supplier ids, `/awards[]/id`, `/awards[]/items[]/classification/id`; `/contracts[]/awardID`
//! with `award_status_by_contract_status`, as Cardinal's code does). The settings' sections
//! ([`settings`]) fill in defaults, redact placeholders, re-map codes, correct award statuses,
//! move auction bids, prefix organisation ids and shorten `procurementMethodDetails`.
//!
//! Where Cardinal would stop or panic on odd data, edca goes on: a bid or award that is not an
//! object keeps no default status (reported as not set); a redacted amount must be a number.
//!
//! ```
//! use edca::indices::cardinal::CardinalSettings;
//! use edca::indices::cardinal::prepare::Prepare;
//!
//! let settings = CardinalSettings::from_ini("[defaults]\nbid_status = valid\n")?;
//! let prepare = Prepare::new(&settings)?;
//! let prepared = prepare.prepare(serde_json::json!({"ocid": "ocds-1", "bids": {"details": [{"id": 1}]}}));
//! assert_eq!(prepared.release["bids"]["details"][0]["status"], "valid");
//! assert!(prepared.issues.is_empty());
//! # Ok::<(), edca::indices::IndicesError>(())
//! ```

mod issues;
mod references;
pub mod settings;

pub use issues::{Field, Issue, Problem};
pub use settings::{Codelists, Corrections, Defaults, Modifications, Redactions};

use super::CardinalSettings;
use crate::indices::IndicesError;
use crate::indices::json;
use references::{Ids, Roles, stringify};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The bid statuses of the bids extension's codelist.
const BID_STATUS: [&str; 5] = ["invited", "pending", "valid", "disqualified", "withdrawn"];

/// The award statuses of OCDS 1.1.
const AWARD_STATUS: [&str; 4] = ["pending", "active", "cancelled", "unsuccessful"];

/// A compiled release after preparation.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The corrected release.
    pub release: Value,
    /// What could not be corrected, in Cardinal's order (bids, then awards).
    pub issues: Vec<Issue>,
    /// `move_auctions` is on but the release has both `/auctions` and `/bids`: the auction bids
    /// were left where they are (Cardinal logs a warning).
    pub auctions_not_moved: bool,
}

impl Prepared {
    /// Cardinal's CSV rows for the issues (no header; one line each), `line` being where the
    /// release was read (1-based).
    pub fn issues_csv(&self, line: u64) -> String {
        issues::csv_rows(&self.issues, line, self.release.get("ocid"))
    }
}

/// Prepares compiled releases one at a time, as the settings say.
#[derive(Debug, Clone)]
pub struct Prepare {
    defaults: Defaults,
    party_roles: bool,
    redacted_amounts: Vec<Decimal>,
    ids: Ids,
    award_status_by_contract_status: bool,
    move_auctions: bool,
    split_details: Option<String>,
    bid_codes: BTreeMap<String, String>,
    award_codes: BTreeMap<String, String>,
}

impl Prepare {
    /// Preparation as `settings` configure it (only the `prepare` sections are read). Fails on a
    /// redacted amount that is not a number, or an empty `split_procurement_method_details`.
    pub fn new(settings: &CardinalSettings) -> Result<Prepare, IndicesError> {
        let defaults = settings.defaults.clone().unwrap_or_default();
        let redactions = settings.redactions.clone().unwrap_or_default();
        let modifications = settings.modifications.clone().unwrap_or_default();
        let codelists = settings.codelists.clone().unwrap_or_default();
        let redacted_amounts = redactions
            .amount
            .as_deref()
            .unwrap_or_default()
            .split_terminator('|')
            .map(redacted_amount)
            .collect::<Result<_, _>>()?;
        if modifications.split_procurement_method_details.as_deref() == Some("") {
            return Err(IndicesError::Config("modifications.split_procurement_method_details is empty".into()));
        }
        Ok(Prepare {
            party_roles: defaults.party_roles.unwrap_or_default(),
            defaults,
            redacted_amounts,
            ids: Ids {
                redacted: super::settings::pipe_set(redactions.organization_id.as_deref()),
                buyer_prefix: modifications.prefix_buyer_or_procuring_entity_id.unwrap_or_default(),
                tenderer_prefix: modifications.prefix_tenderer_or_supplier_id.unwrap_or_default(),
            },
            award_status_by_contract_status: settings
                .corrections
                .as_ref()
                .and_then(|c| c.award_status_by_contract_status)
                .unwrap_or_default(),
            move_auctions: modifications.move_auctions.unwrap_or_default(),
            split_details: modifications.split_procurement_method_details,
            bid_codes: codelists.bid_status.unwrap_or_default(),
            award_codes: codelists.award_status.unwrap_or_default(),
        })
    }

    /// Prepares one compiled release. A value that is not an object comes back unchanged.
    pub fn prepare(&self, mut release: Value) -> Prepared {
        let mut issues = Vec::new();
        let mut auctions_not_moved = false;
        if let Value::Object(members) = &mut release {
            auctions_not_moved = self.prepare_object(members, &mut issues);
        }
        Prepared { release, issues, auctions_not_moved }
    }

    /// Cardinal's steps, in Cardinal's order. Returns whether auction bids could not be moved.
    fn prepare_object(&self, release: &mut Map<String, Value>, issues: &mut Vec<Issue>) -> bool {
        let mut none = Roles::default();
        self.ids.references(release, "parties", "", None, &mut none);
        let mut roles = if self.party_roles { Roles::listed(release.get("parties")) } else { Roles::default() };
        self.ids.single(release, "buyer", &self.ids.buyer_prefix, "buyer", &mut roles);
        if let Some(Value::Object(tender)) = release.get_mut("tender") {
            self.ids.single(tender, "procuringEntity", &self.ids.buyer_prefix, "procuringEntity", &mut roles);
            if let Some(separator) = &self.split_details
                && let Some(Value::String(details)) = tender.get_mut("procurementMethodDetails")
            {
                let kept = details.split(separator.as_str()).next().unwrap_or_default().trim_end();
                *details = kept.to_owned();
            }
        }
        let auctions_not_moved = self.move_auctions && !move_auctions(release);
        self.bids(release, &mut roles, issues);
        let cancelled = if self.award_status_by_contract_status { cancelled_awards(release) } else { HashMap::new() };
        self.awards(release, &cancelled, &mut roles, issues);
        if self.party_roles {
            roles.write(release.get_mut("parties"));
        }
        auctions_not_moved
    }

    fn bids(&self, release: &mut Map<String, Value>, roles: &mut Roles, issues: &mut Vec<Issue>) {
        let Some(Value::Object(bids)) = release.get_mut("bids") else { return };
        let Some(Value::Array(details)) = bids.get_mut("details") else { return };
        for (j, bid) in details.iter_mut().enumerate() {
            if let Some(Value::Object(value)) = bid.get_mut("value") {
                if let Some(amount) = value.get("amount").and_then(json::decimal) {
                    if self.redacted_amounts.contains(&amount) {
                        // As Cardinal (serde_json's `remove`): the last member takes its place.
                        value.swap_remove("amount");
                    } else if amount.is_zero() {
                        issues.push(Issue::new(Field::BidAmount, &[j], None, Problem::IsZero));
                    }
                }
                if !value.contains_key("currency") {
                    match &self.defaults.currency {
                        Some(currency) => {
                            value.insert("currency".to_owned(), Value::String(currency.clone()));
                        }
                        None => issues.push(Issue::new(Field::BidCurrency, &[j], None, Problem::NotSet)),
                    }
                }
            }
            if let Some(Value::Array(items)) = bid.get_mut("items") {
                for (k, item) in items.iter_mut().enumerate() {
                    self.scheme(item, Field::BidItemScheme, [j, k], issues);
                }
            }
            let default = self.defaults.bid_status.as_deref();
            status(bid, default, &self.bid_codes, &BID_STATUS, Field::BidStatus, j, issues);
            if let Value::Object(bid) = bid {
                self.ids.references(bid, "tenderers", &self.ids.tenderer_prefix, Some("tenderer"), roles);
            }
        }
    }

    fn awards(
        &self,
        release: &mut Map<String, Value>,
        cancelled: &HashMap<String, bool>,
        roles: &mut Roles,
        issues: &mut Vec<Issue>,
    ) {
        let Some(Value::Array(awards)) = release.get_mut("awards") else { return };
        for (j, award) in awards.iter_mut().enumerate() {
            if let Value::Object(members) = award {
                stringify(members, "id");
            }
            if let Some(Value::Array(items)) = award.get_mut("items") {
                for (k, item) in items.iter_mut().enumerate() {
                    if let Some(Value::Object(classification)) = item.get_mut("classification") {
                        stringify(classification, "id");
                    }
                    self.scheme(item, Field::AwardItemScheme, [j, k], issues);
                }
            }
            let default = self.defaults.award_status.as_deref();
            status(award, default, &self.award_codes, &AWARD_STATUS, Field::AwardStatus, j, issues);
            let Value::Object(award) = award else { continue };
            if let Some(Value::String(id)) = award.get("id")
                && cancelled.get(id).copied().unwrap_or_default()
            {
                award.insert("status".to_owned(), Value::String("cancelled".to_owned()));
            }
            self.ids.references(award, "suppliers", &self.ids.tenderer_prefix, Some("supplier"), roles);
        }
    }

    /// Fills in an item's `classification/scheme` (when the classification is an object).
    fn scheme(&self, item: &mut Value, field: Field, indexes: [usize; 2], issues: &mut Vec<Issue>) {
        let Some(Value::Object(classification)) = item.get_mut("classification") else { return };
        if classification.contains_key("scheme") {
            return;
        }
        match &self.defaults.item_classification_scheme {
            Some(scheme) => {
                classification.insert("scheme".to_owned(), Value::String(scheme.clone()));
            }
            None => issues.push(Issue::new(field, &indexes, None, Problem::NotSet)),
        }
    }
}

/// One value of `[redactions] amount`, a JSON number (spaces around it are ignored).
fn redacted_amount(text: &str) -> Result<Decimal, IndicesError> {
    let number = text.trim().parse::<serde_json::Number>().ok();
    number.and_then(|n| json::decimal(&Value::Number(n))).ok_or_else(|| {
        IndicesError::Config(format!("redactions.amount: `{text}` is not a number (values are pipe-separated)"))
    })
}

/// Fills in a missing `status` of a bid or award, re-maps its code and checks it against the
/// codelist. A `null` bid or award becomes an object holding the default (as in Cardinal); any
/// other non-object cannot hold one and is reported as not set.
fn status(
    value: &mut Value,
    default: Option<&str>,
    codes: &BTreeMap<String, String>,
    codelist: &[&str],
    field: Field,
    index: usize,
    issues: &mut Vec<Issue>,
) {
    if value.get("status").is_none() {
        match (default, &mut *value) {
            (Some(default), Value::Object(members)) => {
                members.insert("status".to_owned(), Value::String(default.to_owned()));
            }
            (Some(default), Value::Null) => {
                *value = Value::Object(Map::from_iter([("status".to_owned(), Value::String(default.to_owned()))]));
            }
            _ => issues.push(Issue::new(field, &[index], None, Problem::NotSet)),
        }
    }
    if let Some(Value::String(status)) = value.get_mut("status") {
        if let Some(code) = codes.get(status.as_str()) {
            status.clone_from(code);
        }
        if !codelist.contains(&status.as_str()) {
            issues.push(Issue::new(field, &[index], Some(status.clone()), Problem::Invalid));
        }
    }
}

/// Moves the bids of auction stages to `/bids/details`. Returns false when `/bids` is already
/// set (nothing moved).
fn move_auctions(release: &mut Map<String, Value>) -> bool {
    if release.contains_key("auctions") && release.contains_key("bids") {
        return false;
    }
    let Some(Value::Array(auctions)) = release.get_mut("auctions") else { return true };
    let mut details = Vec::new();
    for auction in auctions.iter_mut() {
        let Some(Value::Array(stages)) = auction.get_mut("stages") else { continue };
        for stage in stages.iter_mut().filter_map(Value::as_object_mut) {
            // As Cardinal: a stage's `bids` is removed whatever it holds; only an array's bids move.
            if let Some(Value::Array(bids)) = stage.swap_remove("bids") {
                details.extend(bids);
            }
        }
    }
    let bids = Map::from_iter([("details".to_owned(), Value::Array(details))]);
    release.insert("bids".to_owned(), Value::Object(bids));
    true
}

/// For each award id that contracts refer to (`awardID`, made text): whether every one of those
/// contracts is cancelled.
fn cancelled_awards(release: &mut Map<String, Value>) -> HashMap<String, bool> {
    let mut cancelled = HashMap::new();
    let Some(Value::Array(contracts)) = release.get_mut("contracts") else { return cancelled };
    for contract in contracts.iter_mut().filter_map(Value::as_object_mut) {
        stringify(contract, "awardID");
        if let Some(Value::String(award_id)) = contract.get("awardID") {
            let is_cancelled = json::string(contract, "status") == Some("cancelled");
            cancelled.entry(award_id.clone()).and_modify(|all: &mut bool| *all &= is_cancelled).or_insert(is_cancelled);
        }
    }
    cancelled
}
