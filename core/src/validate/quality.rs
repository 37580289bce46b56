//! Quality checks beyond the schema: what valid data can still get wrong.
//!
//! Each check reads one release (or compiled release) on its own. Releases are often partial
//! updates, so a reference is checked only when the section it points into is present: a
//! contract release without `awards` does not make every `awardID` unresolved.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use super::messages::Code;
use super::report::{Finding, Scope, short_json};
use super::schema::generic_path;

/// Facts about a release that statistics need.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub buyers: Vec<String>,
    pub suppliers: Vec<String>,
    pub currencies: Vec<String>,
    /// Each amount's currency with the pointer (relative to the item) of its `currency`.
    pub currency_pointers: Vec<(String, String)>,
}

/// Runs every quality check on `release`, found at `prefix` (a JSON Pointer, empty for the
/// release itself) of the item it belongs to.
pub(crate) fn check(release: &Value, prefix: &str, scope: Scope, out: &mut Vec<Finding>, facts: &mut Facts) {
    let Value::Object(members) = release else { return };
    let mut checker = Checker { release, prefix, scope, out };
    checker.empty_values(release, &mut prefix.to_owned());
    checker.ocid_prefix(members);
    checker.references(members);
    checker.dates(members);
    checker.amounts(members, facts);
    checker.consistency(members);
    if let Some(buyer) = members.get("buyer").and_then(party_key) {
        facts.buyers.push(buyer);
    }
    for award in array(members.get("awards")) {
        facts.suppliers.extend(array(award.get("suppliers")).filter_map(party_key));
    }
}

/// The `ocid` of a record, or of a release embedded in one, found at `prefix` of its item: its
/// prefix and whether it is empty, whatever the rest of it looks like (a record whose
/// `compiledRelease` is malformed still has its own `ocid` checked).
pub(crate) fn ocid(item: &Value, prefix: &str, scope: Scope, out: &mut Vec<Finding>) {
    let Value::Object(members) = item else { return };
    let mut checker = Checker { release: item, prefix, scope, out };
    if let Some(ocid @ Value::String(text)) = members.get("ocid")
        && text.trim().is_empty()
    {
        checker.report(Code::EmptyValue, "/ocid", String::new(), Some(ocid));
    }
    checker.ocid_prefix(members);
}

struct Checker<'a, 'o> {
    release: &'a Value,
    prefix: &'a str,
    scope: Scope,
    out: &'o mut Vec<Finding>,
}

impl Checker<'_, '_> {
    /// Reports `code` at `pointer` (relative to the release).
    fn report(&mut self, code: Code, pointer: &str, detail: String, value: Option<&Value>) {
        let path = generic_path(self.release, pointer);
        // A finding about a member that is absent (a party without `roles`) points to the
        // object that lacks it, so that the pointer resolves in the file.
        let mut pointer = pointer;
        while !pointer.is_empty() && self.release.pointer(pointer).is_none() {
            pointer = pointer.rfind('/').map_or("", |slash| &pointer[..slash]);
        }
        let full_pointer = format!("{}{pointer}", self.prefix);
        let prefix_path = generic_path_prefix(self.prefix);
        let path = match (prefix_path.is_empty(), path.is_empty()) {
            (true, _) => path,
            (false, true) => prefix_path,
            (false, false) => format!("{prefix_path}/{path}"),
        };
        self.out.push(Finding {
            code,
            scope: self.scope,
            path,
            detail,
            pointer: full_pointer,
            value: value.filter(|v| !v.is_object() && !v.is_array()).map(short_json),
        });
    }

    fn empty_values(&mut self, value: &Value, pointer: &mut String) {
        let children: Box<dyn Iterator<Item = (String, &Value)>> = match value {
            Value::Object(members) => {
                Box::new(members.iter().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)))
            }
            Value::Array(items) => Box::new(items.iter().enumerate().map(|(i, v)| (i.to_string(), v))),
            _ => return,
        };
        let mut found = Vec::new();
        for (segment, child) in children {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&segment);
            let empty = match child {
                Value::String(s) => s.trim().is_empty(),
                Value::Object(m) => m.is_empty(),
                Value::Array(a) => a.is_empty(),
                _ => false,
            };
            if empty {
                found.push((pointer[self.prefix.len()..].to_owned(), child));
            } else {
                self.empty_values(child, pointer);
            }
            pointer.truncate(len);
        }
        for (at, child) in found {
            self.report(Code::EmptyValue, &at, String::new(), Some(child));
        }
    }

    fn ocid_prefix(&mut self, members: &Map<String, Value>) {
        // An empty ocid is an empty value (and the schema's minLength), not a prefix to check:
        // the Data Review Tool's prefix check skips it too.
        let Some(Value::String(ocid)) =
            members.get("ocid").filter(|o| o.as_str().is_some_and(|o| !o.trim().is_empty()))
        else {
            return;
        };
        let bytes = ocid.as_bytes();
        let registered = bytes.len() >= 11
            && ocid.starts_with("ocds-")
            && bytes[5..11].iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !registered {
            self.report(Code::OcidPrefix, "/ocid", ocid.clone(), members.get("ocid"));
        }
    }

    fn references(&mut self, members: &Map<String, Value>) {
        let parties: Vec<(usize, String, &Value)> = array(members.get("parties"))
            .enumerate()
            .filter_map(|(i, p)| p.get("id").and_then(id_text).map(|id| (i, id, p)))
            .collect();
        let has_parties = members.get("parties").and_then(Value::as_array).is_some_and(|p| !p.is_empty());
        let mut references: Vec<(String, &Value, &'static str)> = Vec::new();
        if let Some(buyer) = members.get("buyer") {
            references.push(("/buyer".to_owned(), buyer, "buyer"));
        }
        if let Some(tender) = members.get("tender") {
            if let Some(entity) = tender.get("procuringEntity") {
                references.push(("/tender/procuringEntity".to_owned(), entity, "procuringEntity"));
            }
            for (i, tenderer) in array(tender.get("tenderers")).enumerate() {
                references.push((format!("/tender/tenderers/{i}"), tenderer, "tenderer"));
            }
        }
        for (a, award) in array(members.get("awards")).enumerate() {
            for (i, supplier) in array(award.get("suppliers")).enumerate() {
                references.push((format!("/awards/{a}/suppliers/{i}"), supplier, "supplier"));
            }
        }
        for (c, contract) in array(members.get("contracts")).enumerate() {
            let transactions = contract.get("implementation").and_then(|i| i.get("transactions"));
            for (t, transaction) in array(transactions).enumerate() {
                for role in ["payer", "payee"] {
                    if let Some(party) = transaction.get(role) {
                        references.push((
                            format!("/contracts/{c}/implementation/transactions/{t}/{role}"),
                            party,
                            role,
                        ));
                    }
                }
            }
        }
        let mut role_reported = BTreeSet::new();
        for (pointer, reference, role) in references {
            let Some(id) = reference.get("id").and_then(id_text) else { continue };
            if !has_parties {
                continue;
            }
            match parties.iter().find(|(_, party_id, _)| *party_id == id) {
                None => self.report(Code::UnresolvedReference, &format!("{pointer}/id"), id, reference.get("id")),
                Some((i, _, party)) => {
                    let listed = array(party.get("roles")).any(|r| r.as_str() == Some(role));
                    if !listed && role_reported.insert((*i, role)) {
                        self.report(Code::PartyRole, &format!("/parties/{i}/roles"), role.to_owned(), None);
                    }
                }
            }
        }
        let award_ids: Vec<String> =
            array(members.get("awards")).filter_map(|a| a.get("id").and_then(id_text)).collect();
        if !award_ids.is_empty() {
            for (c, contract) in array(members.get("contracts")).enumerate() {
                let Some(award_id) = contract.get("awardID").and_then(id_text) else { continue };
                if !award_ids.contains(&award_id) {
                    self.report(
                        Code::UnresolvedReference,
                        &format!("/contracts/{c}/awardID"),
                        award_id,
                        contract.get("awardID"),
                    );
                }
            }
        }
    }

    fn dates(&mut self, members: &Map<String, Value>) {
        let mut periods = Vec::new();
        let mut events = Vec::new();
        collect_dates(self.release, &mut String::new(), "", &mut periods, &mut events);
        for pointer in periods {
            self.report(Code::PeriodOrder, &pointer, String::new(), None);
        }
        let award_dates: HashMap<String, (DateTime<FixedOffset>, String)> = array(members.get("awards"))
            .filter_map(|a| {
                let id = a.get("id").and_then(id_text)?;
                let text = a.get("date").and_then(Value::as_str)?;
                Some((id, (date(a.get("date"))?, text.to_owned())))
            })
            .collect();
        for (c, contract) in array(members.get("contracts")).enumerate() {
            let (Some(signed), Some(award_id)) =
                (date(contract.get("dateSigned")), contract.get("awardID").and_then(id_text))
            else {
                continue;
            };
            if let Some((awarded, text)) = award_dates.get(&award_id)
                && signed < *awarded
            {
                self.report(
                    Code::ContractBeforeAward,
                    &format!("/contracts/{c}/dateSigned"),
                    text.clone(),
                    contract.get("dateSigned"),
                );
            }
        }
        let tender_start = members.get("tender").and_then(|t| t.get("tenderPeriod")).and_then(|p| p.get("startDate"));
        if let Some(start) = date(tender_start) {
            for (a, award) in array(members.get("awards")).enumerate() {
                if date(award.get("date")).is_some_and(|d| d < start) {
                    let detail = tender_start.and_then(Value::as_str).unwrap_or_default().to_owned();
                    self.report(Code::AwardBeforeTender, &format!("/awards/{a}/date"), detail, award.get("date"));
                }
            }
        }
        if let Some(released) = date(members.get("date")) {
            let detail = members.get("date").and_then(Value::as_str).unwrap_or_default().to_owned();
            for (pointer, when) in events {
                if when > released {
                    let value = self.release.pointer(&pointer).cloned();
                    self.report(Code::DateAfterRelease, &pointer, detail.clone(), value.as_ref());
                }
            }
        }
    }

    fn amounts(&mut self, members: &Map<String, Value>, facts: &mut Facts) {
        let mut amounts = Vec::new();
        collect_amounts(self.release, &mut String::new(), &mut amounts);
        let mut first: Option<&str> = None;
        let mut mixed = None;
        let currencies: BTreeSet<&str> = amounts.iter().filter_map(|(_, _, c)| *c).collect();
        for (pointer, amount, currency) in &amounts {
            if amount.as_f64().is_some_and(|a| a < 0.0) {
                self.report(Code::NegativeAmount, &format!("{pointer}/amount"), amount.to_string(), Some(amount));
            }
            if let Some(currency) = currency {
                facts.currencies.push((*currency).to_owned());
                facts.currency_pointers.push((format!("{}{pointer}/currency", self.prefix), (*currency).to_owned()));
                match first {
                    None => first = Some(currency),
                    Some(c) if c != *currency && mixed.is_none() => mixed = Some(pointer.clone()),
                    _ => {}
                }
            }
        }
        if let Some(pointer) = mixed {
            let detail = currencies.into_iter().collect::<Vec<_>>().join(", ");
            let at = format!("{pointer}/currency");
            let value = self.release.pointer(&at).cloned();
            self.report(Code::MixedCurrencies, &at, detail, value.as_ref());
        }
        let _ = members;
    }
}

impl Checker<'_, '_> {
    /// Consistency checks of OCP's Pelican that apply to one release: tenderer counts, direct
    /// awards with several tenderers, names of referenced organizations, contract and payment
    /// totals against award and contract values.
    fn consistency(&mut self, members: &Map<String, Value>) {
        if let Some(tender) = members.get("tender") {
            let listed = tender.get("tenderers").and_then(Value::as_array).map(Vec::len);
            let declared = tender.get("numberOfTenderers").and_then(Value::as_f64);
            if let (Some(listed), Some(declared)) = (listed, declared)
                && listed > 0
                && declared != listed as f64
            {
                let detail = format!("{declared} ≠ {listed}");
                self.report(
                    Code::NumberOfTenderers,
                    "/tender/numberOfTenderers",
                    detail,
                    tender.get("numberOfTenderers"),
                );
            }
            let count = listed.map(|n| n as f64).or(declared).unwrap_or(0.0);
            if tender.get("procurementMethod").and_then(Value::as_str) == Some("direct") && count > 1.0 {
                let value = tender.get("procurementMethod");
                self.report(Code::DirectWithSeveralTenderers, "/tender/procurementMethod", count.to_string(), value);
            }
        }
        self.organization_names(members);
        self.contract_totals(members);
    }

    fn organization_names(&mut self, members: &Map<String, Value>) {
        let names: Vec<(String, &str)> = array(members.get("parties"))
            .filter_map(|p| Some((p.get("id").and_then(id_text)?, p.get("name")?.as_str()?)))
            .collect();
        let mut references: Vec<(String, &Value)> = Vec::new();
        if let Some(buyer) = members.get("buyer") {
            references.push(("/buyer".to_owned(), buyer));
        }
        if let Some(entity) = members.get("tender").and_then(|t| t.get("procuringEntity")) {
            references.push(("/tender/procuringEntity".to_owned(), entity));
        }
        for (i, tenderer) in array(members.get("tender").and_then(|t| t.get("tenderers"))).enumerate() {
            references.push((format!("/tender/tenderers/{i}"), tenderer));
        }
        for (a, award) in array(members.get("awards")).enumerate() {
            for (i, supplier) in array(award.get("suppliers")).enumerate() {
                references.push((format!("/awards/{a}/suppliers/{i}"), supplier));
            }
        }
        for (pointer, reference) in references {
            let (Some(id), Some(name)) = (reference.get("id").and_then(id_text), reference.get("name")) else {
                continue;
            };
            let Some(name_text) = name.as_str() else { continue };
            if let Some((_, party_name)) = names.iter().find(|(party_id, _)| *party_id == id)
                && party_name.trim() != name_text.trim()
            {
                self.report(Code::OrganizationName, &format!("{pointer}/name"), (*party_name).to_owned(), Some(name));
            }
        }
    }

    fn contract_totals(&mut self, members: &Map<String, Value>) {
        let money = |value: Option<&Value>| -> Option<(f64, String)> {
            let value = value?;
            Some((value.get("amount")?.as_f64()?, value.get("currency")?.as_str()?.to_owned()))
        };
        for (a, award) in array(members.get("awards")).enumerate() {
            let (Some(id), Some((awarded, currency))) = (award.get("id").and_then(id_text), money(award.get("value")))
            else {
                continue;
            };
            let contracts: Vec<(f64, String)> = array(members.get("contracts"))
                .filter(|c| c.get("awardID").and_then(id_text).as_deref() == Some(id.as_str()))
                .filter_map(|c| money(c.get("value")))
                .collect();
            if contracts.is_empty() || awarded <= 0.0 || contracts.iter().any(|(_, c)| *c != currency) {
                continue;
            }
            let total: f64 = contracts.iter().map(|(amount, _)| amount).sum();
            if total < 0.5 * awarded || total > 1.5 * awarded {
                let detail = format!("{total} / {awarded} {currency}");
                let value = award.get("value").and_then(|v| v.get("amount"));
                self.report(Code::ContractsValue, &format!("/awards/{a}/value/amount"), detail, value);
            }
        }
        for (c, contract) in array(members.get("contracts")).enumerate() {
            let Some((value, currency)) = money(contract.get("value")) else { continue };
            let transactions = contract.get("implementation").and_then(|i| i.get("transactions"));
            let paid: Vec<(f64, String)> =
                array(transactions).filter_map(|t| money(t.get("value").or_else(|| t.get("amount")))).collect();
            if paid.is_empty() || paid.iter().any(|(_, c)| *c != currency) {
                continue;
            }
            let total: f64 = paid.iter().map(|(amount, _)| amount).sum();
            if total > value {
                let detail = format!("{total} > {value} {currency}");
                let pointer = format!("/contracts/{c}/implementation/transactions");
                self.report(Code::TransactionsValue, &pointer, detail, None);
            }
        }
    }
}

/// The generic path of a prefix pointer (`/compiledRelease` → `compiledRelease`,
/// `/releases/2` → `releases`).
fn generic_path_prefix(prefix: &str) -> String {
    prefix.split('/').skip(1).filter(|s| s.parse::<usize>().is_err()).collect::<Vec<_>>().join("/")
}

/// Periods whose start is after their end, and dates of past events (with where they are).
fn collect_dates(
    value: &Value,
    pointer: &mut String,
    parent_key: &str,
    periods: &mut Vec<String>,
    events: &mut Vec<(String, DateTime<FixedOffset>)>,
) {
    match value {
        Value::Object(members) => {
            if let (Some(start), Some(end)) = (date(members.get("startDate")), date(members.get("endDate")))
                && start > end
            {
                periods.push(pointer.clone());
            }
            for (key, child) in members {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let event = matches!(key.as_str(), "dateSigned" | "datePublished" | "dateModified" | "dateMet")
                    || (key == "date" && matches!(parent_key, "awards" | "amendments" | "transactions"));
                if event && let Some(when) = date(Some(child)) {
                    events.push((pointer.clone(), when));
                }
                collect_dates(child, pointer, key, periods, events);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                collect_dates(item, pointer, parent_key, periods, events);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Objects with a numeric `amount`: their pointer, amount and currency.
fn collect_amounts<'v>(value: &'v Value, pointer: &mut String, out: &mut Vec<(String, &'v Value, Option<&'v str>)>) {
    match value {
        Value::Object(members) => {
            if let Some(amount @ Value::Number(_)) = members.get("amount") {
                out.push((pointer.clone(), amount, members.get("currency").and_then(Value::as_str)));
            }
            for (key, child) in members {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                collect_amounts(child, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                collect_amounts(item, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn array(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value.and_then(Value::as_array).into_iter().flatten()
}

/// An identifier as text: strings as they are, numbers as written.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// How a party is counted in statistics: its id, else its name.
fn party_key(party: &Value) -> Option<String> {
    party.get("id").and_then(id_text).or_else(|| party.get("name").and_then(Value::as_str).map(|n| format!("name:{n}")))
}

fn date(value: Option<&Value>) -> Option<DateTime<FixedOffset>> {
    value.and_then(Value::as_str).and_then(|text| DateTime::parse_from_rfc3339(text).ok())
}
