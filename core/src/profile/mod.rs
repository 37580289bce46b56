//! Profiles: an OCDS version plus extensions — the patched release schema, the package schemas
//! and the codelists that merge rules, validation and the model derive from.
//!
//! Everything is embedded (`schemas/` at the repository root): building a profile never
//! touches the network.
//!
//! ```
//! use edca::profile::Profile;
//!
//! let mx = Profile::edca_mx();
//! let contract = &mx.release_schema()["definitions"]["Contract"]["properties"];
//! assert!(contract.get("guarantees").is_some());
//! assert!(mx.codelist("partyRole").unwrap().contains("guarantor"));
//! ```

mod codelist;
mod embedded;
mod extension;
mod fields;
mod patch;

pub use codelist::Codelist;
pub use extension::Extension;
pub use fields::CodelistField;
pub use patch::{merge_patch, merge_patch_rfc7396};

use indexmap::IndexMap;
use serde_json::Value;
use std::sync::{Arc, OnceLock};

/// Why a profile could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// A user's schema is not a JSON Schema object.
    #[error("release schema: {reason}")]
    Schema {
        /// What is wrong.
        reason: String,
    },
    /// A codelist CSV could not be read.
    #[error("codelist {name}: {reason}")]
    Codelist {
        /// The codelist's file name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// A user's extension is malformed.
    #[error("extension {id}: {reason}")]
    Extension {
        /// The extension's id.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

/// The extensions of the EDCA-MX profile, in the order of the INAI capture tool's list
/// (datosabiertosmx/contratacionesabiertas-3.0). The budget-breakdown extension is OCP's, standing
/// in for the INAI one, of which no copy is available.
pub const EDCA_MX_EXTENSIONS: &[&str] = &[
    "ocds_requestForQuotes_extension",
    "ocds_clarificationMeetings_extension",
    "ocds_paymentMethod_extension",
    "ocds_taxes_extension",
    "ocds_exchangeRate_extension",
    "ocds_location_extension",
    "ocds_publicNotices_extension",
    "ocds_implementationStatus_extension",
    "ocds_awardRationale_extension",
    "ocds_nameBreakdown_extension",
    "ocds_surveillanceMechanisms_extension",
    "ocds_extendedProcurementCategory_extension",
    "ocds_memberOf_extension",
    "ocds_additionalContactPoints_extension",
    "ocds_contactPointType_extension",
    "ocds_budget_breakdown_extension",
    "ocds_budgetLines_extension",
    "ocds_guarantees_extension",
    "ocds_procurementUnits_extension",
];

/// Mexican tables of the INAI tool whose codes EDCA-MX adds to the codelist of the same name.
const EDCA_MX_CODELIST_ADDITIONS: &[&str] = &["documentType", "implementationStatus", "paymentMethod"];

/// A schema profile: OCDS version, release schema with extensions applied, codelists.
///
/// Cheap to clone (shared). The built-in profiles are built once per process.
#[derive(Debug, Clone)]
pub struct Profile(Arc<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    version: String,
    release_schema: Value,
    release_package_schema: Option<Value>,
    record_package_schema: Option<Value>,
    versioned_release_schema: Option<Value>,
    codelists: IndexMap<String, Codelist>,
    extensions: Vec<String>,
    extra_codelists: IndexMap<String, Codelist>,
}

fn embedded_json(path: &str) -> Value {
    let text = embedded::file(path).unwrap_or_else(|| panic!("schemas/{path} is embedded at build time"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("schemas/{path} is valid JSON: {e}"))
}

fn embedded_codelists(dir: &str) -> IndexMap<String, Codelist> {
    embedded::files_under(dir)
        .filter_map(|(path, text)| {
            let name = path.rsplit('/').next()?.trim_end_matches(".csv");
            Some((name.to_owned(), Codelist::from_csv(name, text).ok()?))
        })
        .collect()
}

impl Profile {
    fn standard(dir: &str, version: &str, versioned: bool) -> Profile {
        Profile(Arc::new(Inner {
            version: version.to_owned(),
            release_schema: embedded_json(&format!("{dir}/release-schema.json")),
            release_package_schema: Some(embedded_json(&format!("{dir}/release-package-schema.json"))),
            record_package_schema: Some(embedded_json(&format!("{dir}/record-package-schema.json"))),
            versioned_release_schema: versioned
                .then(|| embedded_json(&format!("{dir}/versioned-release-validation-schema.json"))),
            codelists: embedded_codelists(&format!("{dir}/codelists/")),
            extensions: Vec::new(),
            extra_codelists: IndexMap::new(),
        }))
    }

    /// OCDS 1.1.5, no extensions.
    pub fn ocds_1_1() -> Profile {
        static CELL: OnceLock<Profile> = OnceLock::new();
        CELL.get_or_init(|| Profile::standard("ocds-1.1.5", "1.1", true)).clone()
    }

    /// OCDS 1.0.3, no extensions (its merge rules differ from 1.1's).
    pub fn ocds_1_0() -> Profile {
        static CELL: OnceLock<Profile> = OnceLock::new();
        CELL.get_or_init(|| Profile::standard("ocds-1.0.3", "1.0", false)).clone()
    }

    /// EDCA-MX: OCDS 1.1.5 with the 19 extensions of the INAI's EDCA tool
    /// ([`EDCA_MX_EXTENSIONS`]), the Mexican codes of `documentType`, `implementationStatus`
    /// and `paymentMethod` added, and the tool's other tables available by name
    /// ([`Profile::mexican_table`]). The default profile.
    pub fn edca_mx() -> Profile {
        static CELL: OnceLock<Profile> = OnceLock::new();
        CELL.get_or_init(|| {
            let mut profile = Profile::ocds_1_1();
            for id in EDCA_MX_EXTENSIONS {
                let extension = Extension::embedded(id).unwrap_or_else(|| panic!("{id} is embedded"));
                profile = profile.with_extension(&extension);
            }
            let mut inner = Arc::unwrap_or_clone(profile.0);
            let mexican = embedded_codelists("edca-mx/codelists/");
            for (name, table) in mexican {
                if EDCA_MX_CODELIST_ADDITIONS.contains(&name.as_str()) {
                    inner.codelists.entry(name.clone()).or_insert_with(|| table.clone()).extend(&table);
                }
                inner.extra_codelists.insert(name, table);
            }
            Profile(Arc::new(inner))
        })
        .clone()
    }

    /// A profile from a user's own release schema (already patched, as `ocdskit --schema`
    /// takes it), with the OCDS 1.1.5 codelists. The schema must be a JSON object.
    pub fn from_schema(schema: Value) -> Result<Profile, ProfileError> {
        if !schema.is_object() {
            return Err(ProfileError::Schema { reason: "a release schema must be a JSON object".into() });
        }
        let base = Profile::ocds_1_1();
        let version = if schema["id"].as_str().is_some_and(|id| id.contains("1__0__")) { "1.0" } else { "1.1" };
        Ok(Profile(Arc::new(Inner {
            version: version.to_owned(),
            release_schema: schema,
            release_package_schema: base.0.release_package_schema.clone(),
            record_package_schema: base.0.record_package_schema.clone(),
            versioned_release_schema: None,
            codelists: base.0.codelists.clone(),
            extensions: Vec::new(),
            extra_codelists: IndexMap::new(),
        })))
    }

    /// This profile with `extension` applied after the ones it has: its patch merged into the
    /// release schema (see [`merge_patch`]) and its codelists added, removed or replaced.
    pub fn with_extension(self, extension: &Extension) -> Profile {
        let mut inner = Arc::unwrap_or_clone(self.0);
        if let Some(patch) = &extension.patch {
            merge_patch(&mut inner.release_schema, patch);
        }
        for (file, table) in &extension.codelists {
            let name = table.name.clone();
            if file.starts_with('+') {
                inner
                    .codelists
                    .entry(name)
                    .or_insert_with(|| Codelist { rows: Vec::new(), ..table.clone() })
                    .extend(table);
            } else if file.starts_with('-') {
                if let Some(list) = inner.codelists.get_mut(&name) {
                    list.remove(table);
                }
            } else {
                inner.codelists.insert(name, table.clone());
            }
        }
        inner.extensions.push(extension.id.clone());
        Profile(Arc::new(inner))
    }

    /// The profile for a package that declares `version` and `extensions`: OCDS 1.0 when the
    /// version is absent or `1.0.x` (as the standard says of packages without one), else 1.1;
    /// then the declared extensions that are embedded, in the declared order. The URLs that are
    /// not recognised are returned (they are never fetched).
    pub fn for_package(version: Option<&str>, extension_urls: &[&str]) -> (Profile, Vec<String>) {
        let mut profile = match version {
            None => Profile::ocds_1_0(),
            Some(v) if v == "1.0" || v.starts_with("1.0.") => Profile::ocds_1_0(),
            Some(_) => Profile::ocds_1_1(),
        };
        let mut unknown = Vec::new();
        for url in extension_urls {
            match Extension::from_url(url) {
                Some(extension) if !profile.0.extensions.contains(&extension.id) => {
                    profile = profile.with_extension(&extension);
                }
                Some(_) => {}
                None => unknown.push((*url).to_owned()),
            }
        }
        (profile, unknown)
    }

    /// The OCDS minor version: `1.1` or `1.0`.
    pub fn version(&self) -> &str {
        &self.0.version
    }

    /// The release schema with every extension applied.
    pub fn release_schema(&self) -> &Value {
        &self.0.release_schema
    }

    /// The release package schema. Its `releases` refer to the release schema by URL (its
    /// `id`): resolve that URL with [`Profile::schema_resources`], which maps it to this
    /// profile's patched release schema.
    pub fn release_package_schema(&self) -> Option<&Value> {
        self.0.release_package_schema.as_ref()
    }

    /// The record package schema (same `$ref` convention as the release package schema).
    pub fn record_package_schema(&self) -> Option<&Value> {
        self.0.record_package_schema.as_ref()
    }

    /// The versioned release validation schema (OCDS 1.1.5, without extensions).
    pub fn versioned_release_schema(&self) -> Option<&Value> {
        self.0.versioned_release_schema.as_ref()
    }

    /// The schemas that package schemas refer to by URL, as (URL, schema): the release
    /// schema under its `id` (and under the standard's URL of the same version), and the
    /// versioned release schema. Give these to a validator instead of fetching anything.
    pub fn schema_resources(&self) -> Vec<(String, &Value)> {
        let mut resources = Vec::new();
        let standard = if self.version() == "1.0" {
            "http://standard.open-contracting.org/schema/1__0__3/release-schema.json"
        } else {
            "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
        };
        resources.push((standard.to_owned(), self.release_schema()));
        if let Some(id) = self.release_schema()["id"].as_str()
            && id != standard
        {
            resources.push((id.to_owned(), self.release_schema()));
        }
        if let Some(versioned) = self.versioned_release_schema()
            && let Some(id) = versioned["id"].as_str()
        {
            resources.push((id.to_owned(), versioned));
        }
        resources
    }

    /// Codelists by name (without `.csv`), with extensions applied.
    pub fn codelists(&self) -> &IndexMap<String, Codelist> {
        &self.0.codelists
    }

    /// A codelist by name (without `.csv`).
    pub fn codelist(&self, name: &str) -> Option<&Codelist> {
        self.0.codelists.get(name.trim_end_matches(".csv"))
    }

    /// The INAI tool's Mexican tables (EDCA-MX only): `procurementMethodDetails`,
    /// `additionalProcurementCategories`, `budgetLineComponents`, `budgetLineMeasures`,
    /// `documentType`, `implementationStatus`, `paymentMethod`.
    pub fn mexican_table(&self, name: &str) -> Option<&Codelist> {
        self.0.extra_codelists.get(name)
    }

    /// The ids of the extensions applied, in order.
    pub fn extensions(&self) -> &[String] {
        &self.0.extensions
    }

    /// Every field of the release schema that takes its values from a codelist.
    pub fn codelist_fields(&self) -> Vec<CodelistField> {
        fields::codelist_fields(self.release_schema())
    }
}
