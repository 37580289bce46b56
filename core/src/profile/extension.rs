//! Extensions: a release-schema patch, codelist files and metadata; the embedded ones are known
//! by the URLs publishers declare.

use std::fmt;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde_json::Value;

use super::ProfileError;
use super::codelist::CodelistChange;
use super::embedded::{self, EXTENSIONS};

/// An OCDS extension, ready to apply to a release schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    name: String,
    title: IndexMap<String, String>,
    description: IndexMap<String, String>,
    compatibility: Vec<String>,
    urls: Vec<String>,
    patch: Value,
    codelists: Vec<CodelistChange>,
    known: Option<KnownExtension>,
}

impl Extension {
    /// The embedded extension whose repository name appears in `url` (see
    /// [`KnownExtension::from_url`]); `None` for any other URL. Nothing is ever fetched.
    pub fn from_url(url: &str) -> Option<Extension> {
        KnownExtension::from_url(url).map(KnownExtension::extension)
    }

    /// A user's own extension: a name, the `release-schema.json` patch (a JSON object; use an
    /// empty object when there is none) and codelist files as `(file name, CSV text)`, where the
    /// file name follows the extension convention (`name.csv`, `+name.csv`, `-name.csv`).
    pub fn from_parts(
        name: impl Into<String>,
        patch: Value,
        codelists: Vec<(String, String)>,
    ) -> Result<Extension, ProfileError> {
        let name = name.into();
        if !patch.is_object() {
            return Err(ProfileError::InvalidPatch {
                extension: name,
                reason: format!("the patch must be a JSON object, not {}", kind(&patch)),
            });
        }
        let codelists = codelists
            .iter()
            .map(|(file, text)| CodelistChange::parse(&name, file, text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Extension {
            name,
            title: IndexMap::new(),
            description: IndexMap::new(),
            compatibility: Vec::new(),
            urls: Vec::new(),
            patch,
            codelists,
            known: None,
        })
    }

    /// Sets the metadata from an `extension.json` value (`name`, `description`,
    /// `compatibility`); a language map or a plain string is accepted for the texts.
    pub fn with_metadata(mut self, metadata: &Value) -> Extension {
        self.title = language_map(metadata.get("name"));
        self.description = language_map(metadata.get("description"));
        self.compatibility = metadata
            .get("compatibility")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        self
    }

    /// The short name: the repository name for embedded extensions (e.g.
    /// `ocds_guarantees_extension`), the given name for a user's own.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The extension's title by language (`extension.json`'s `name`, e.g. `{"en": "Guarantees"}`).
    pub fn title(&self) -> &IndexMap<String, String> {
        &self.title
    }

    /// The description by language.
    pub fn description(&self) -> &IndexMap<String, String> {
        &self.description
    }

    /// The OCDS minor versions it declares to work with (e.g. `["1.1"]`); may be empty.
    pub fn compatibility(&self) -> &[String] {
        &self.compatibility
    }

    /// URLs of `extension.json` under which publishers are known to declare it (empty for a
    /// user's own extension). Any URL naming the repository is recognised, not only these.
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// The `release-schema.json` merge patch, as published (nulls included; they are dropped
    /// when applied).
    pub fn patch(&self) -> &Value {
        &self.patch
    }

    /// The codelist file names, in order (e.g. `["guaranteeType.csv", "+partyRole.csv"]`).
    pub fn codelist_files(&self) -> Vec<&str> {
        self.codelists.iter().map(|c| c.file_name.as_str()).collect()
    }

    /// Which embedded extension this is, if any.
    pub fn known(&self) -> Option<KnownExtension> {
        self.known
    }

    pub(crate) fn codelist_changes(&self) -> &[CodelistChange] {
        &self.codelists
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn language_map(value: Option<&Value>) -> IndexMap<String, String> {
    match value {
        Some(Value::Object(map)) => {
            map.iter().filter_map(|(lang, text)| Some((lang.clone(), text.as_str()?.to_owned()))).collect()
        }
        Some(Value::String(text)) => IndexMap::from([("en".to_owned(), text.clone())]),
        _ => IndexMap::new(),
    }
}

/// The extensions embedded in the crate (`schemas/extensions/`).
///
/// The first 19 variants, in order, are the EDCA-MX set as the INAI capture tool lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum KnownExtension {
    /// `planning.requestsForQuotes[]`, `planning.hasQuotes`.
    RequestForQuotes,
    /// `tender.clarificationMeetings[]`, `Organization.position`.
    ClarificationMeetings,
    /// `Transaction.paymentMethod`.
    PaymentMethod,
    /// `Value.netAmount`.
    Taxes,
    /// `+milestoneType` (`publicNotices`).
    PublicNotices,
    /// `implementation.status`.
    ImplementationStatus,
    /// `Award.rationale`.
    AwardRationale,
    /// `Identifier` and `ContactPoint` given/patronymic/matronymic names, legal personality.
    NameBreakdown,
    /// `Contract.surveillanceMechanisms[]`.
    SurveillanceMechanisms,
    /// `+extendedProcurementCategory`.
    ExtendedProcurementCategory,
    /// `ContactPoint.type`.
    ContactPointType,
    /// `BudgetBreakdown.budgetLines[]`, `planning/implementation.budgetBreakdown`.
    BudgetLines,
    /// `Contract.guarantees[]`.
    Guarantees,
    /// `planning.requestingUnits/responsibleUnits/contractingUnits[]`.
    ProcurementUnits,
    /// `Value.exchangeRates[]`.
    ExchangeRate,
    /// Delivery locations and addresses.
    Location,
    /// `Organization.additionalContactPoints[]`.
    AdditionalContactPoints,
    /// `Organization.memberOf[]`.
    MemberOf,
    /// `planning.budget.budgetBreakdown[]`. OCP's extension; it also stands in for
    /// contratacionesabiertas' `ocds_budgetBreakdown_extension`, of which no copy was available.
    BudgetBreakdown,
    /// `Contract.suppliers[]` (declared by the federal APF API).
    ContractSuppliers,
    /// `Release.publisher` (CompraNet).
    ReleasePublisher,
    /// `Identifier.schemeURL` (CompraNet).
    SchemeUrl,
    /// `Release.cycle` (CompraNet).
    Cycle,
}

use KnownExtension as K;

impl KnownExtension {
    /// Every embedded extension.
    pub const ALL: [KnownExtension; 23] = [
        K::RequestForQuotes,
        K::ClarificationMeetings,
        K::PaymentMethod,
        K::Taxes,
        K::PublicNotices,
        K::ImplementationStatus,
        K::AwardRationale,
        K::NameBreakdown,
        K::SurveillanceMechanisms,
        K::ExtendedProcurementCategory,
        K::ContactPointType,
        K::BudgetLines,
        K::Guarantees,
        K::ProcurementUnits,
        K::ExchangeRate,
        K::Location,
        K::AdditionalContactPoints,
        K::MemberOf,
        K::BudgetBreakdown,
        K::ContractSuppliers,
        K::ReleasePublisher,
        K::SchemeUrl,
        K::Cycle,
    ];

    /// The 19 extensions of EDCA-MX, in the order INAI's EDCA tool declares them in the packages it
    /// publishes (`shared/data/real/mexico/inai-edca-tool`), with procurementUnits, which the
    /// tool's current code adds, last.
    pub const EDCA_MX: [KnownExtension; 19] = [
        K::RequestForQuotes,
        K::ClarificationMeetings,
        K::PaymentMethod,
        K::Taxes,
        K::ExchangeRate,
        K::Location,
        K::PublicNotices,
        K::ImplementationStatus,
        K::AwardRationale,
        K::NameBreakdown,
        K::SurveillanceMechanisms,
        K::ExtendedProcurementCategory,
        K::MemberOf,
        K::AdditionalContactPoints,
        K::ContactPointType,
        K::BudgetBreakdown,
        K::BudgetLines,
        K::Guarantees,
        K::ProcurementUnits,
    ];

    fn files(self) -> &'static embedded::ExtensionFiles {
        &EXTENSIONS[self as usize]
    }

    /// The repository name of the embedded copy, e.g. `ocds_guarantees_extension`.
    pub fn repository(self) -> &'static str {
        self.files().repo
    }

    /// Other repository names that resolve to this extension.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            K::BudgetBreakdown => &["ocds_budgetBreakdown_extension"],
            _ => &[],
        }
    }

    /// The owners under which publishers declare it, for [`Extension::urls`].
    fn declared_as(self) -> &'static [(&'static str, &'static str, &'static str)] {
        const CA: &str = "contratacionesabiertas";
        const INAI: &str = "INAImexico";
        const OCE: &str = "open-contracting-extensions";
        const OC: &str = "open-contracting";
        match self {
            K::ExchangeRate | K::MemberOf => &[(OCE, "", "master"), (INAI, "", "master")],
            K::Location => &[(OCE, "", "master"), (INAI, "", "master"), (OC, "", "v1.1.1")],
            K::AdditionalContactPoints => &[(OCE, "", "master"), (INAI, "", "master"), (OC, "", "master")],
            K::BudgetBreakdown => &[
                (CA, "ocds_budgetBreakdown_extension", "master"),
                (INAI, "", "master"),
                (OCE, "", "master"),
                (OC, "", "master"),
            ],
            K::ContractSuppliers => &[(OCE, "", "master"), (OC, "", "master")],
            K::ReleasePublisher | K::SchemeUrl | K::Cycle => &[("CompraNet", "", "master")],
            _ => &[(CA, "", "master"), (INAI, "", "master")],
        }
    }

    /// Recognises an extension URL by the repository name in it: any path segment equal to an
    /// embedded repository's name, compared without case, `_`, `-` or a `.git` suffix. So
    /// `raw.githubusercontent.com/<owner>/<repo>/<branch>/extension.json`,
    /// `github.com/<owner>/<repo>[/blob/<branch>/…]`, any owner (INAImexico,
    /// contratacionesabiertas, open-contracting, open-contracting-extensions, CompraNet…), any
    /// branch or tag, with or without `extension.json`, all match. The snapshot embedded is used
    /// whatever branch or tag the URL names.
    pub fn from_url(url: &str) -> Option<KnownExtension> {
        let without_query = url.split(['?', '#']).next().unwrap_or_default();
        let path = match without_query.split_once("://") {
            Some((_, rest)) => rest,
            None => without_query,
        };
        let names = known_names();
        path.split('/').find_map(|segment| {
            let key = normalize(segment.strip_suffix(".git").unwrap_or(segment));
            names.iter().find(|(name, _)| !key.is_empty() && *name == key).map(|(_, known)| *known)
        })
    }

    /// Builds the [`Extension`] from the embedded files.
    pub fn extension(self) -> Extension {
        let files = self.files();
        let metadata = embedded::json(files.repo, files.metadata);
        let patch = files
            .release_schema
            .map(|text| embedded::json(files.repo, text))
            .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
        let codelists = files
            .codelists
            .iter()
            .map(|(file, text)| match CodelistChange::parse(files.repo, file, text) {
                Ok(change) => change,
                Err(e) => panic!("embedded codelist {}/{file} is invalid: {e}", files.repo),
            })
            .collect();
        let urls = self
            .declared_as()
            .iter()
            .map(|(owner, repo, branch)| {
                let repo = if repo.is_empty() { files.repo } else { repo };
                format!("https://raw.githubusercontent.com/{owner}/{repo}/{branch}/extension.json")
            })
            .collect();
        let extension = Extension {
            name: files.repo.to_owned(),
            title: IndexMap::new(),
            description: IndexMap::new(),
            compatibility: Vec::new(),
            urls,
            patch,
            codelists,
            known: Some(self),
        };
        extension.with_metadata(&metadata)
    }
}

impl fmt::Display for KnownExtension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.repository())
    }
}

/// Every repository name and alias, normalised, with its extension (computed once).
fn known_names() -> &'static [(String, KnownExtension)] {
    static NAMES: OnceLock<Vec<(String, KnownExtension)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        KnownExtension::ALL
            .into_iter()
            .flat_map(|known| {
                std::iter::once(known.repository())
                    .chain(known.aliases().iter().copied())
                    .map(move |name| (normalize(name), known))
            })
            .collect()
    })
}

fn normalize(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '_' | '-')).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_match_the_embedded_table() {
        for (i, known) in KnownExtension::ALL.into_iter().enumerate() {
            assert_eq!(known as usize, i);
            assert_eq!(KnownExtension::from_url(known.repository()), Some(known));
        }
    }

    #[test]
    fn url_forms() {
        let cases = [
            "https://raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json",
            "https://raw.githubusercontent.com/contratacionesabiertas/ocds_guarantees_extension/main/",
            "https://github.com/contratacionesabiertas/ocds_guarantees_extension",
            "https://github.com/contratacionesabiertas/ocds_guarantees_extension.git",
            "http://github.com/INAImexico/OCDS_Guarantees_Extension/blob/v1.1.x/extension.json?x=1",
        ];
        for url in cases {
            assert_eq!(KnownExtension::from_url(url), Some(K::Guarantees), "{url}");
        }
        assert_eq!(
            KnownExtension::from_url(
                "https://raw.githubusercontent.com/contratacionesabiertas/ocds_budgetBreakdown_extension/master/extension.json"
            ),
            Some(K::BudgetBreakdown)
        );
        for url in [
            "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
            "https://example.org/guarantees/extension.json",
            "ocds_guarantees",
            "",
        ] {
            assert_eq!(KnownExtension::from_url(url), None, "{url}");
        }
    }

    #[test]
    fn user_extension_patch_must_be_an_object() {
        let err = Extension::from_parts("mine", Value::Array(vec![]), vec![]).unwrap_err();
        assert!(matches!(err, ProfileError::InvalidPatch { .. }), "{err:?}");
    }
}
