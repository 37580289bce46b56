//! The sections of Cardinal's settings that `prepare` reads, with Cardinal's names. Each key is
//! optional and unset changes nothing; unknown keys are errors. Lists are pipe-separated text.

use crate::indices::cardinal::settings::{text, text_table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[defaults]`: values filled in where the field is not set.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// `/bids/details[]/value/currency`.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `/bids/details[]/items[]/classification/scheme` and `/awards[]/items[]/classification/scheme`.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub item_classification_scheme: Option<String>,
    /// `/bids/details[]/status`.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub bid_status: Option<String>,
    /// `/awards[]/status`.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub award_status: Option<String>,
    /// Adds to `/parties[]/roles` the role of every reference to the party (buyer,
    /// procuringEntity, tenderer, supplier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_roles: Option<bool>,
}

/// `[redactions]`: placeholder values removed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Redactions {
    /// Numbers (pipe-separated) removed from `/bids/details[]/value/amount`, e.g. `0|99999999`.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// Ids (pipe-separated) removed from organisation references and parties.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
}

/// `[corrections]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    /// An award becomes `cancelled` when every contract that refers to it (`awardID`) is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award_status_by_contract_status: Option<bool>,
}

/// `[modifications]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Modifications {
    /// Moves `/auctions[]/stages[]/bids[]` to `/bids/details[]` (when `/bids` is not set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_auctions: Option<bool>,
    /// Text put before `/buyer/id` and `/tender/procuringEntity/id` unless they start with it.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub prefix_buyer_or_procuring_entity_id: Option<String>,
    /// Text put before `/bids/details[]/tenderers[]/id` and `/awards[]/suppliers[]/id` unless
    /// they start with it.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub prefix_tenderer_or_supplier_id: Option<String>,
    /// `/tender/procurementMethodDetails` keeps only what comes before this separator.
    #[serde(default, deserialize_with = "text", skip_serializing_if = "Option::is_none")]
    pub split_procurement_method_details: Option<String>,
}

/// `[codelists.*]`: codes to replace (the key) and their replacement (the value).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Codelists {
    /// `/bids/details[]/status`.
    #[serde(default, deserialize_with = "text_table", skip_serializing_if = "Option::is_none")]
    pub bid_status: Option<BTreeMap<String, String>>,
    /// `/awards[]/status`.
    #[serde(default, deserialize_with = "text_table", skip_serializing_if = "Option::is_none")]
    pub award_status: Option<BTreeMap<String, String>>,
}
