//! Competition (COMP-01, COMP-02, COMP-04, COMP-05 of the catalogue): share of direct awards by
//! count and by value, single-bidder rate and mean tenderers, per buyer and for the dataset,
//! each with its coverage (processes that had the fields it needs). A process without the fields
//! is left out of a ratio, never counted as 0.
//!
//! Mexican publishers often leave `procurementMethod` empty or write the national label in
//! `procurementMethodDetails` as they please ("ADJUDICACI N DIRECTA ART. 41-III-LAASSP",
//! "Invitación a cuando menos tres personas", "INVITACION A CUENDO MENOS TRES"). The label is
//! normalised (lower case, accents stripped, anything not a letter or digit made a space) and
//! matched by keywords, which survives mangled accents, typos in other words and legal-article
//! suffixes.

use crate::indices::json::{self, Release};
use crate::indices::report::Share;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};

/// One rule of the method map: every keyword must occur in the normalised details.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MethodRule {
    /// Substrings of the normalised `procurementMethodDetails` (lower case, no accents).
    pub contains: Vec<String>,
    /// The OCDS method they mean: open, selective, limited or direct.
    pub method: String,
}

/// `[competition]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompetitionSettings {
    /// Rules from `procurementMethodDetails` to a method; first match wins.
    pub method_map: Vec<MethodRule>,
    /// Read the method from the details first, and `procurementMethod` only when they do not
    /// map (useful for 1.0-era data that wrote `limited` for direct awards). Default false.
    pub details_first: bool,
    /// Methods that count as competitive for the single-bidder rate and mean tenderers.
    pub procurement_methods: Vec<String>,
    /// Processes with at most this many tenderers count as low participation (default 3).
    pub low_participation: u64,
    /// The only currency whose amounts count; unset: the currency of most award amounts.
    pub currency: Option<String>,
}

impl Default for CompetitionSettings {
    fn default() -> Self {
        let rule = |words: &[&str], method: &str| MethodRule {
            contains: words.iter().map(|w| (*w).to_owned()).collect(),
            method: method.to_owned(),
        };
        CompetitionSettings {
            method_map: vec![
                rule(&["adjudic", "direct"], "direct"),
                rule(&["invitaci"], "selective"),
                rule(&["restringid"], "selective"),
                rule(&["licitaci"], "open"),
            ],
            details_first: false,
            procurement_methods: vec!["open".into(), "selective".into()],
            low_participation: 3,
            currency: None,
        }
    }
}

const METHODS: [&str; 4] = ["open", "selective", "limited", "direct"];

/// Lower case, accents stripped, every run of other characters one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        };
        if c != ' ' || !out.ends_with(' ') && !out.is_empty() {
            out.push(c);
        }
    }
    out.trim_end().to_owned()
}

/// Where a process' method came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodSource {
    /// `/tender/procurementMethod`.
    ProcurementMethod,
    /// `/tender/procurementMethodDetails` through the method map.
    Details,
}

/// Where the number of tenderers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TenderersSource {
    /// `/tender/numberOfTenderers`.
    NumberOfTenderers,
    /// Distinct `/tender/tenderers[]/id`.
    Tenderers,
    /// Distinct tenderer ids of submitted `/bids/details[]`.
    Bids,
}

/// What one process contributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessCompetition {
    /// `/ocid`.
    pub ocid: String,
    /// `/buyer/id`.
    pub buyer: Option<String>,
    /// The method, if known.
    pub method: Option<String>,
    /// Where it came from.
    pub method_source: Option<MethodSource>,
    /// Number of tenderers, if known.
    pub tenderers: Option<u64>,
    /// Where it came from.
    pub tenderers_source: Option<TenderersSource>,
    /// Σ active-award `value/amount` per currency (awards with a numeric amount and currency).
    #[serde(skip)]
    awarded: Vec<(String, Decimal)>,
}

/// Tallies of one level (a buyer, or the dataset).
#[derive(Debug, Clone, Default)]
struct Tally {
    processes: u64,
    with_method: u64,
    direct: u64,
    /// currency → (direct value, value of processes with a method, processes with a value)
    value: BTreeMap<String, (Decimal, Decimal, u64)>,
    competitive_with_n: u64,
    single: u64,
    low: u64,
    tenderers_sum: u64,
}

impl Tally {
    fn add(&mut self, p: &ProcessCompetition, settings: &CompetitionSettings) {
        self.processes += 1;
        let Some(method) = &p.method else { return };
        self.with_method += 1;
        let direct = method == "direct";
        self.direct += u64::from(direct);
        for (currency, amount) in &p.awarded {
            let entry = self.value.entry(currency.clone()).or_default();
            entry.1 += amount;
            entry.2 += 1;
            if direct {
                entry.0 += amount;
            }
        }
        if settings.procurement_methods.contains(method)
            && let Some(n) = p.tenderers
        {
            self.competitive_with_n += 1;
            self.single += u64::from(n == 1);
            self.low += u64::from(n <= settings.low_participation);
            self.tenderers_sum += n;
        }
    }

    fn to_json(&self, currency: Option<&str>) -> Value {
        let (direct_value, total_value, valued) =
            currency.and_then(|c| self.value.get(c)).copied().unwrap_or((Decimal::ZERO, Decimal::ZERO, 0));
        let f = |d: Decimal| d.to_f64().unwrap_or(f64::NAN);
        let n = self.competitive_with_n;
        json!({
            "processes": self.processes,
            "direct_share_count": Share::of(self.direct as f64, self.with_method as f64, self.with_method),
            "direct_share_value": Share::of(f(direct_value), f(total_value), valued),
            "single_bidder_rate": Share::of(self.single as f64, n as f64, n),
            "mean_tenderers": Share::of(self.tenderers_sum as f64, n as f64, n),
            "low_participation_share": Share::of(self.low as f64, n as f64, n),
        })
    }
}

/// Folds processes into competition tallies.
#[derive(Debug, Default)]
pub struct Competition {
    settings: CompetitionSettings,
    processes: Vec<ProcessCompetition>,
    dataset: Tally,
    buyers: IndexMap<String, Tally>,
    unmapped: BTreeMap<String, u64>,
    currencies: BTreeMap<String, u64>,
}

impl Competition {
    /// Competition as configured.
    pub fn new(settings: CompetitionSettings) -> Competition {
        Competition { settings, ..Competition::default() }
    }

    /// The method of a compiled release and where it came from, if known.
    pub fn method(&self, release: &Release) -> Option<(String, MethodSource)> {
        let tender = json::tender(release);
        let declared = tender.and_then(|t| json::string(t, "procurementMethod")).filter(|m| METHODS.contains(m));
        let details = tender.and_then(|t| json::string(t, "procurementMethodDetails")).map(normalise);
        let mapped = details.as_deref().and_then(|d| self.map_details(d));
        match (declared, mapped) {
            (_, Some(d)) if self.settings.details_first => Some((d, MethodSource::Details)),
            (Some(m), _) => Some((m.to_owned(), MethodSource::ProcurementMethod)),
            (None, Some(d)) => Some((d, MethodSource::Details)),
            (None, None) => None,
        }
    }

    /// What one compiled release says about competition (`None` without a string `ocid`).
    pub fn measure(&self, release: &Release) -> Option<ProcessCompetition> {
        let ocid = json::string(release, "ocid")?.to_owned();
        let (method, method_source) = self.method(release).unzip();
        let (tenderers, tenderers_source) = count_tenderers(release);
        let mut awarded: Vec<(String, Decimal)> = Vec::new();
        for award in json::array(release, "awards").into_iter().flatten().filter(|a| json::has_status(a, "active")) {
            let Some((amount, currency)) = award_value(award) else { continue };
            match awarded.iter_mut().find(|(c, _)| c == currency) {
                Some(entry) => entry.1 += amount,
                None => awarded.push((currency.to_owned(), amount)),
            }
        }
        let buyer = json::object(release, "buyer").and_then(|b| json::string(b, "id")).map(str::to_owned);
        Some(ProcessCompetition { ocid, buyer, method, method_source, tenderers, tenderers_source, awarded })
    }

    fn map_details(&self, normalised: &str) -> Option<String> {
        let rule =
            self.settings.method_map.iter().find(|r| r.contains.iter().all(|w| normalised.contains(w.as_str())))?;
        Some(rule.method.clone())
    }

    /// Reads one compiled release; a cancelled tender is left out, as in Cardinal.
    pub fn add(&mut self, release: &Value) {
        let Some(release) = release.as_object() else { return };
        if json::tender(release).and_then(|t| json::string(t, "status")) == Some("cancelled") {
            return;
        }
        let Some(process) = self.measure(release) else { return };
        if process.method.is_none()
            && let Some(details) = json::tender(release).and_then(|t| json::string(t, "procurementMethodDetails"))
        {
            *self.unmapped.entry(normalise(details)).or_default() += 1;
        }
        for (currency, _) in &process.awarded {
            *self.currencies.entry(currency.clone()).or_default() += 1;
        }
        self.dataset.add(&process, &self.settings);
        if let Some(buyer) = &process.buyer {
            self.buyers.entry(buyer.clone()).or_default().add(&process, &self.settings);
        }
        self.processes.push(process);
    }

    /// The report: `dataset`, `buyer` (by id), `process` rows, `currency`, and the details
    /// values that no rule mapped (to extend the map).
    pub fn finish(self) -> Value {
        let currency = self.settings.currency.clone().or_else(|| {
            self.currencies.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(c, _)| c.clone())
        });
        let c = currency.as_deref();
        let buyers: Map<String, Value> = self.buyers.iter().map(|(id, t)| (id.clone(), t.to_json(c))).collect();
        let processes: Vec<Value> = self
            .processes
            .iter()
            .map(|p| {
                let mut row = serde_json::to_value(p).unwrap_or(Value::Null);
                let value = p.awarded.iter().find(|(cur, _)| Some(cur.as_str()) == c).and_then(|(_, a)| a.to_f64());
                if let Value::Object(map) = &mut row {
                    map.insert("awarded_value".into(), value.map_or(Value::Null, Value::from));
                }
                row
            })
            .collect();
        json!({
            "currency": currency,
            "dataset": self.dataset.to_json(c),
            "buyer": buyers,
            "process": processes,
            "unmapped_details": self.unmapped,
        })
    }
}

/// n from `numberOfTenderers` (a non-negative integer), else distinct `tender/tenderers[]/id`,
/// else distinct tenderer ids of submitted bids.
fn count_tenderers(release: &Release) -> (Option<u64>, Option<TenderersSource>) {
    let tender = json::tender(release);
    if let Some(n) = tender.and_then(|t| t.get("numberOfTenderers")).and_then(Value::as_u64) {
        return (Some(n), Some(TenderersSource::NumberOfTenderers));
    }
    let ids: HashSet<&str> =
        tender.and_then(|t| json::array(t, "tenderers")).into_iter().flatten().filter_map(json::id).collect();
    if !ids.is_empty() {
        return (Some(ids.len() as u64), Some(TenderersSource::Tenderers));
    }
    let bids: HashSet<&str> = json::bid_details(release)
        .into_iter()
        .flatten()
        .filter(|b| json::value_string(b, "status").is_some_and(|s| s != "invited" && s != "withdrawn"))
        .filter_map(|b| b.get("tenderers")?.as_array())
        .flatten()
        .filter_map(json::id)
        .collect();
    if !bids.is_empty() {
        return (Some(bids.len() as u64), Some(TenderersSource::Bids));
    }
    (None, None)
}

fn award_value(award: &Value) -> Option<(Decimal, &str)> {
    let value = award.get("value")?.as_object()?;
    Some((json::decimal(value.get("amount")?)?, json::string(value, "currency")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_mexican_labels() {
        assert_eq!(normalise("ADJUDICACIÓN  DIRECTA ART. 41-III-LAASSP"), "adjudicacion directa art 41 iii laassp");
        assert_eq!(normalise("ADJUDICACI�N DIRECTA"), "adjudicaci n directa");
        let c = Competition::default();
        assert_eq!(c.map_details(&normalise("ADJUDICACI�N DIRECTA 26-II")).as_deref(), Some("direct"));
        assert_eq!(c.map_details(&normalise("INVITACION A CUENDO MENOS TRES PERSONAS")).as_deref(), Some("selective"));
        assert_eq!(c.map_details(&normalise("Licitación Pública Nacional")).as_deref(), Some("open"));
        assert_eq!(c.map_details(&normalise("Convenio entre entes públicos")), None);
    }
}
