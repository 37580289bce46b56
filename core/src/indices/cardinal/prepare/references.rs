//! Organisation references (`/buyer`, `/tender/procuringEntity`, `/bids/details[]/tenderers[]`,
//! `/awards[]/suppliers[]`) and parties: ids made text, placeholder ids removed, prefixes added,
//! and the roles that the references imply collected for `/parties[]/roles`.

use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A number `key` becomes its text as written (`1` → `"1"`), so that ids compare as text.
pub(super) fn stringify(object: &mut Map<String, Value>, key: &str) {
    if let Some(Value::Number(number)) = object.get(key) {
        let text = number.to_string();
        object.insert(key.to_owned(), Value::String(text));
    }
}

/// How organisation ids are rewritten.
#[derive(Debug, Clone, Default)]
pub(super) struct Ids {
    /// Placeholder ids to remove.
    pub redacted: HashSet<String>,
    /// Prefix of `/buyer/id` and `/tender/procuringEntity/id`.
    pub buyer_prefix: String,
    /// Prefix of tenderer and supplier ids.
    pub tenderer_prefix: String,
}

impl Ids {
    /// Rewrites the `id` of one reference: text, then removed if a placeholder, else prefixed
    /// (unless it starts with the prefix). Returns the id kept.
    pub fn reference<'a>(&self, reference: &'a mut Map<String, Value>, prefix: &str) -> Option<&'a str> {
        stringify(reference, "id");
        let Some(Value::String(id)) = reference.get("id") else { return None };
        if self.redacted.contains(id) {
            // As Cardinal (serde_json's `remove` with `preserve_order`): the last member takes
            // the removed one's place.
            reference.swap_remove("id");
            return None;
        }
        let Some(Value::String(id)) = reference.get_mut("id") else { return None };
        if !id.starts_with(prefix) {
            id.insert_str(0, prefix);
        }
        Some(id.as_str())
    }

    /// Rewrites each reference of the array `key` of `parent` (an object there is first wrapped
    /// in an array) and records `role` for each id kept.
    pub fn references(
        &self,
        parent: &mut Map<String, Value>,
        key: &str,
        prefix: &str,
        role: Option<&str>,
        roles: &mut Roles,
    ) {
        if let Some(value) = parent.get_mut(key)
            && value.is_object()
        {
            let object = value.take();
            *value = Value::Array(vec![object]);
        }
        let Some(Value::Array(references)) = parent.get_mut(key) else { return };
        for reference in references.iter_mut().filter_map(Value::as_object_mut) {
            if let (Some(id), Some(role)) = (self.reference(reference, prefix), role) {
                roles.add(id, role);
            }
        }
    }

    /// The single reference `key` of `parent` (`/buyer`, `/tender/procuringEntity`), if an
    /// object; records `role` for its id.
    pub fn single(&self, parent: &mut Map<String, Value>, key: &str, prefix: &str, role: &str, roles: &mut Roles) {
        if let Some(Value::Object(reference)) = parent.get_mut(key)
            && let Some(id) = self.reference(reference, prefix)
        {
            roles.add(id, role);
        }
    }
}

/// The roles of each party (by id), when `[defaults] party_roles` is on: those the party lists,
/// plus those its references imply.
#[derive(Debug, Default)]
pub(super) struct Roles {
    by_id: HashMap<String, BTreeSet<String>>,
}

impl Roles {
    /// The roles the parties list (text roles only). A repeated id keeps the last party's roles.
    pub fn listed(parties: Option<&Value>) -> Roles {
        let mut by_id = HashMap::new();
        for party in parties.and_then(Value::as_array).into_iter().flatten() {
            if let Some(Value::String(id)) = party.get("id") {
                let listed = party.get("roles").and_then(Value::as_array).into_iter().flatten();
                by_id.insert(id.clone(), listed.filter_map(Value::as_str).map(str::to_owned).collect());
            }
        }
        Roles { by_id }
    }

    /// Adds `role` to the party with this id, if there is one.
    fn add(&mut self, id: &str, role: &str) {
        if let Some(roles) = self.by_id.get_mut(id) {
            roles.insert(role.to_owned());
        }
    }

    /// Writes the roles of each party with a text id and at least one role, sorted.
    pub fn write(&self, parties: Option<&mut Value>) {
        let Some(Value::Array(parties)) = parties else { return };
        for party in parties.iter_mut().filter_map(Value::as_object_mut) {
            let Some(Value::String(id)) = party.get("id") else { continue };
            let Some(roles) = self.by_id.get(id).filter(|roles| !roles.is_empty()) else { continue };
            let roles = roles.iter().cloned().map(Value::String).collect();
            party.insert("roles".to_owned(), Value::Array(roles));
        }
    }
}
