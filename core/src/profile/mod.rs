//! Profiles: an OCDS release schema plus extensions, with its codelists and package schemas.
//!
//! A [`Profile`] is what merge (its rules), validation (its schemas and codelists) and the model
//! (which fields are known) read. Everything comes from files embedded at compile time
//! (`schemas/` at the repository root); extension URLs are recognised by name
//! ([`Extension::from_url`]), never fetched.
//!
//! How a profile is built:
//! - The release schema is the standard's (or the user's, [`Profile::from_schema`]); each
//!   extension's `release-schema.json` is applied after the other, in the given order, as a JSON
//!   Merge Patch (RFC 7396) from which `null` members were first removed: extensions only add, as
//!   in ocdsextensionregistry's `ProfileBuilder` (see [`merge_patch`], [`strip_nulls`]).
//! - Codelists: the standard's, then the extensions' new/replacing files, then their `+`/`-`
//!   files (see [`Codelist`]).
//! - Package schemas: the standard's, with every `$ref` to the release schema pointed at this
//!   profile's release schema (see [`Profile::release_package_schema`]).
//!
//! Built profiles share their data behind an [`Arc`]: cloning is cheap.

mod codelist;
pub(crate) mod csv;
mod embedded;
mod extension;
mod fields;
mod patch;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use indexmap::IndexMap;
use serde_json::Value;

pub use codelist::{Codelist, CodelistRow};
pub use extension::{Extension, KnownExtension};
pub use fields::CodelistField;
pub use patch::{merge_patch, strip_nulls};

use codelist::CodelistChange;

/// Error of this module: a user's schema, extension or codelist that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// A release schema given by the user is not usable.
    #[error("invalid release schema: {reason}")]
    InvalidSchema {
        /// What is wrong.
        reason: String,
    },
    /// An extension's `release-schema.json` patch is not usable.
    #[error("invalid release-schema patch of extension {extension}: {reason}")]
    InvalidPatch {
        /// The extension's name.
        extension: String,
        /// What is wrong.
        reason: String,
    },
    /// A codelist file is not valid CSV.
    #[error("codelist {file}, line {line}: {reason}")]
    Csv {
        /// The codelist file name.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A codelist file has no column of codes.
    #[error("codelist {file} has no {column:?} column")]
    CodelistNoCodeColumn {
        /// The codelist file name.
        file: String,
        /// The column looked for.
        column: String,
    },
    /// A codelist file name is not `name.csv`, `+name.csv` or `-name.csv`.
    #[error("extension {extension}: codelist file name {file:?} is not name.csv, +name.csv or -name.csv")]
    CodelistFileName {
        /// The extension's name.
        extension: String,
        /// The file name given.
        file: String,
    },
    /// Two extensions bring different contents for the same new codelist.
    #[error("codelist {codelist} differs between extensions {first} and {second}")]
    CodelistConflict {
        /// The codelist file name.
        codelist: String,
        /// The extension applied first.
        first: String,
        /// The extension that disagrees.
        second: String,
    },
    /// The profile already has an extension of that name.
    #[error("extension {name} is already in the profile")]
    DuplicateExtension {
        /// The extension's name.
        name: String,
    },
}

/// The OCDS minor version a profile follows; it decides the merge rules and package schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OcdsVersion {
    /// OCDS 1.0 (schemas of 1.0.3).
    V1_0,
    /// OCDS 1.1 (schemas of 1.1.5).
    V1_1,
}

impl OcdsVersion {
    /// `"1.0"` or `"1.1"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OcdsVersion::V1_0 => "1.0",
            OcdsVersion::V1_1 => "1.1",
        }
    }

    /// The version of a package: 1.0 when `version` is absent or `1.0.x`, otherwise 1.1.
    pub fn of_package(version: Option<&str>) -> OcdsVersion {
        match version.map(str::trim) {
            None => OcdsVersion::V1_0,
            Some(v) if v == "1.0" || v.starts_with("1.0.") => OcdsVersion::V1_0,
            Some(_) => OcdsVersion::V1_1,
        }
    }

    fn standard(self) -> &'static embedded::Standard {
        match self {
            OcdsVersion::V1_0 => &embedded::OCDS_1_0,
            OcdsVersion::V1_1 => &embedded::OCDS_1_1,
        }
    }
}

impl fmt::Display for OcdsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An OCDS version, a release schema (possibly patched by extensions) and its codelists.
#[derive(Clone)]
pub struct Profile {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    label: String,
    version: OcdsVersion,
    release_schema: Value,
    release_package_schema: Value,
    record_package_schema: Value,
    versioned_release_schema: Option<Arc<Value>>,
    standard_codelists: Arc<IndexMap<String, Codelist>>,
    codelists: IndexMap<String, Codelist>,
    extensions: Vec<Extension>,
    /// Codelist changes the profile itself adds after the extensions' (EDCA-MX's Mexican codes).
    supplements: Vec<CodelistChange>,
    codelist_fields: Vec<CodelistField>,
}

/// Used as the release schema's URI when a user's schema has no absolute `id`. The `.invalid`
/// top-level domain cannot resolve (RFC 2606), so nothing can ever be fetched from it.
pub const DEFAULT_RELEASE_SCHEMA_ID: &str = "https://edca.invalid/release-schema.json";

impl Profile {
    /// OCDS 1.1 (release schema 1.1.5 and its 19 codelists), no extensions.
    pub fn ocds_1_1() -> Profile {
        static PROFILE: OnceLock<Profile> = OnceLock::new();
        PROFILE.get_or_init(|| Profile::standard(OcdsVersion::V1_1)).clone()
    }

    /// OCDS 1.0 (release schema 1.0.3 and its 13 codelists). Its schema has no `codelist`
    /// keywords, so [`Profile::codelist_fields`] is empty; it is here for its merge rules.
    pub fn ocds_1_0() -> Profile {
        static PROFILE: OnceLock<Profile> = OnceLock::new();
        PROFILE.get_or_init(|| Profile::standard(OcdsVersion::V1_0)).clone()
    }

    /// EDCA-MX: OCDS 1.1.5 with the 19 extensions of the INAI capture tool, in its order
    /// ([`KnownExtension::EDCA_MX`]; OCP's budget breakdown extension stands in for the one of
    /// contratacionesabiertas), plus the Mexican codes of the tool where they extend a codelist
    /// of the profile:
    /// - `documentType`: the tool's 11 codes that OCDS 1.1.5 lacks (contractText, request,
    ///   unsuccessfulProcedureNotice, awardDeferral, openingOfProposals, settlement,
    ///   contractAmendment, physicalReception, procurementMethodAuthorization, suspensionNotice,
    ///   transferReport), with their Spanish title (`Title_es`) and stage (`Stage`); rows of codes
    ///   OCDS already has are left as OCDS writes them;
    /// - `paymentMethod`: `wireTransfer`, which the tool writes (the extension's code is
    ///   `wireTransfe`; both are accepted).
    ///
    /// The tool's `implementationStatus` row `None` is a placeholder for "no status", not a code,
    /// and is left out. The tool's other tables are not codelists of any field; see
    /// [`edca_mx_table`]. Built once and shared.
    pub fn edca_mx() -> Profile {
        static PROFILE: OnceLock<Profile> = OnceLock::new();
        PROFILE
            .get_or_init(|| {
                let extensions = KnownExtension::EDCA_MX.map(KnownExtension::extension).to_vec();
                let mut inner = Profile::ocds_1_1().inner.as_ref().clone();
                inner.label = "EDCA-MX (OCDS 1.1.5 + 19 extensions)".to_owned();
                inner.supplements = edca_mx_supplements();
                match Profile::build(inner, extensions) {
                    Ok(profile) => profile,
                    Err(e) => panic!("the embedded EDCA-MX profile does not build: {e}"),
                }
            })
            .clone()
    }

    /// A profile from a user's own release schema (a draft-4 JSON Schema object with
    /// `properties`). The OCDS version is 1.0 when the schema's `id` names a 1.0 schema
    /// (`…/1__0__…`), otherwise 1.1; the standard codelists of that version come with it.
    pub fn from_schema(schema: Value) -> Result<Profile, ProfileError> {
        let invalid = |reason: &str| ProfileError::InvalidSchema { reason: reason.to_owned() };
        let Value::Object(members) = &schema else {
            return Err(invalid("the schema must be a JSON object"));
        };
        if !members.get("properties").is_some_and(Value::is_object) {
            return Err(invalid("the schema has no \"properties\" object"));
        }
        if members.get("definitions").is_some_and(|d| !d.is_object()) {
            return Err(invalid("\"definitions\" is not an object"));
        }
        let version = match members.get("id").and_then(Value::as_str) {
            Some(id) if id.contains("/1__0__") => OcdsVersion::V1_0,
            _ => OcdsVersion::V1_1,
        };
        let base = match version {
            OcdsVersion::V1_0 => Profile::ocds_1_0(),
            OcdsVersion::V1_1 => Profile::ocds_1_1(),
        };
        let mut inner = base.inner.as_ref().clone();
        inner.label = "user release schema".to_owned();
        inner.release_schema = schema;
        Profile::build(inner, Vec::new())
    }

    /// This profile plus `extension`, applied after the ones it has.
    pub fn with_extension(self, extension: Extension) -> Result<Profile, ProfileError> {
        if self.inner.extensions.iter().any(|e| e.name() == extension.name()) {
            return Err(ProfileError::DuplicateExtension { name: extension.name().to_owned() });
        }
        let mut inner = Arc::unwrap_or_clone(self.inner);
        inner.label = format!("{} + {}", inner.label, extension.name());
        Profile::build(inner, vec![extension])
    }

    /// The profile a package asks for: OCDS 1.0 when `version` is absent or `1.0.x`, otherwise
    /// OCDS 1.1 with the declared extensions that are embedded ([`KnownExtension::from_url`]),
    /// in declared order, each once. Also returns the declared URLs that were not applied: the
    /// unrecognised ones, and for a 1.0 package all of them (extensions are applied to 1.1
    /// only). Profiles are cached by their extension list. The Mexican codelist additions come
    /// only with [`Profile::edca_mx`], not with a package that declares the same extensions.
    pub fn for_package(version: Option<&str>, extension_urls: &[&str]) -> (Profile, Vec<String>) {
        if OcdsVersion::of_package(version) == OcdsVersion::V1_0 {
            let urls = extension_urls.iter().map(|u| (*u).to_owned()).collect();
            return (Profile::ocds_1_0(), urls);
        }
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for url in extension_urls {
            match KnownExtension::from_url(url) {
                Some(k) if known.contains(&k) => {}
                Some(k) => known.push(k),
                None => unknown.push((*url).to_owned()),
            }
        }
        (Profile::ocds_1_1_with(&known), unknown)
    }

    /// OCDS 1.1 with these embedded extensions, in this order (cached).
    fn ocds_1_1_with(known: &[KnownExtension]) -> Profile {
        if known.is_empty() {
            return Profile::ocds_1_1();
        }
        static CACHE: OnceLock<Mutex<HashMap<Vec<KnownExtension>, Profile>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(profile) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(known) {
            return profile.clone();
        }
        let mut inner = Profile::ocds_1_1().inner.as_ref().clone();
        inner.label = format!("OCDS 1.1.5 + {} extensions", known.len());
        let profile = match Profile::build(inner, known.iter().map(|k| k.extension()).collect()) {
            Ok(profile) => profile,
            Err(e) => panic!("embedded extensions {known:?} do not build: {e}"),
        };
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= 64 {
            cache.clear();
        }
        cache.insert(known.to_vec(), profile.clone());
        profile
    }

    fn standard(version: OcdsVersion) -> Profile {
        let files = version.standard();
        let standard_codelists = files
            .codelists
            .iter()
            .map(|(file, text)| match Codelist::parse(file, text) {
                Ok(list) => (list.name().to_owned(), list),
                Err(e) => panic!("embedded codelist {file} is invalid: {e}"),
            })
            .collect::<IndexMap<_, _>>();
        let inner = Inner {
            label: match version {
                OcdsVersion::V1_0 => "OCDS 1.0.3",
                OcdsVersion::V1_1 => "OCDS 1.1.5",
            }
            .to_owned(),
            version,
            release_schema: embedded::standard_json("release-schema.json", files.release, version.as_str()),
            release_package_schema: Value::Null,
            record_package_schema: Value::Null,
            versioned_release_schema: files.versioned_release.map(|text| {
                Arc::new(embedded::standard_json("versioned-release-validation-schema.json", text, version.as_str()))
            }),
            codelists: IndexMap::new(),
            standard_codelists: Arc::new(standard_codelists),
            extensions: Vec::new(),
            supplements: Vec::new(),
            codelist_fields: Vec::new(),
        };
        match Profile::build(inner, Vec::new()) {
            Ok(profile) => profile,
            Err(e) => panic!("the embedded OCDS {version} profile does not build: {e}"),
        }
    }

    /// Applies `new` extensions to `inner` and recomputes what derives from the schema.
    fn build(mut inner: Inner, new: Vec<Extension>) -> Result<Profile, ProfileError> {
        for extension in &new {
            patch::apply_extension_patch(&mut inner.release_schema, extension.patch());
        }
        inner.extensions.extend(new);
        let changes = inner
            .extensions
            .iter()
            .map(|e| (e.name(), e.codelist_changes()))
            .chain(std::iter::once(("edca-mx", inner.supplements.as_slice())));
        inner.codelists = codelist::apply_changes(&inner.standard_codelists, changes)?;
        inner.codelist_fields = fields::codelist_fields(&inner.release_schema);
        let release_id = release_schema_id(&inner.release_schema);
        let versioned_id = inner
            .versioned_release_schema
            .as_deref()
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let (files, version) = (inner.version.standard(), inner.version.as_str());
        inner.release_package_schema =
            embedded::standard_json("release-package-schema.json", files.release_package, version);
        inner.record_package_schema =
            embedded::standard_json("record-package-schema.json", files.record_package, version);
        for schema in [&mut inner.release_package_schema, &mut inner.record_package_schema] {
            point_refs(schema, &release_id, versioned_id.as_deref());
        }
        Ok(Profile { inner: Arc::new(inner) })
    }

    /// A short description, e.g. `OCDS 1.1.5` or `EDCA-MX (OCDS 1.1.5 + 19 extensions)`.
    pub fn label(&self) -> &str {
        &self.inner.label
    }

    /// The OCDS version whose merge rules and package schemas apply.
    pub fn version(&self) -> OcdsVersion {
        self.inner.version
    }

    /// The release schema, patched by the extensions.
    pub fn release_schema(&self) -> &Value {
        &self.inner.release_schema
    }

    /// The URI under which package schemas refer to [`Profile::release_schema`]: its `id` when
    /// that is absolute (for standard-based profiles, the standard's URL, as ProfileBuilder keeps
    /// it), else [`DEFAULT_RELEASE_SCHEMA_ID`].
    pub fn release_schema_id(&self) -> String {
        release_schema_id(&self.inner.release_schema)
    }

    /// The release package schema of the profile's OCDS version. Its `releases` items refer
    /// (`$ref`) to [`Profile::release_schema_id`]: the refs are rewritten, not inlined, so the
    /// schema stays small and errors keep short paths. A validator must register
    /// [`Profile::schema_resources`] under their URIs; nothing is ever fetched.
    pub fn release_package_schema(&self) -> &Value {
        &self.inner.release_package_schema
    }

    /// The record package schema, with refs as in [`Profile::release_package_schema`]. Its
    /// `versionedRelease` refers to [`Profile::versioned_release_schema`] for 1.1; OCDS 1.0.3 has
    /// no such schema, so for 1.0 that `$ref` is removed (any versioned release is accepted).
    pub fn record_package_schema(&self) -> &Value {
        &self.inner.record_package_schema
    }

    /// OCDS 1.1.5's versioned-release validation schema, for 1.1 profiles; `None` for 1.0. It is
    /// the standard's, not patched by extensions: it does not forbid other members, so extension
    /// fields of versioned releases pass unchecked.
    pub fn versioned_release_schema(&self) -> Option<&Value> {
        self.inner.versioned_release_schema.as_deref()
    }

    /// The schemas the package schemas refer to, with the URI each must be registered under.
    pub fn schema_resources(&self) -> Vec<(String, &Value)> {
        let mut resources = vec![(self.release_schema_id(), self.release_schema())];
        if let Some(versioned) = self.versioned_release_schema()
            && let Some(id) = versioned.get("id").and_then(Value::as_str)
        {
            resources.push((id.to_owned(), versioned));
        }
        resources
    }

    /// Every codelist of the profile, by name (without `.csv`).
    pub fn codelists(&self) -> &IndexMap<String, Codelist> {
        &self.inner.codelists
    }

    /// One codelist, by name with or without `.csv` (`partyRole`, `partyRole.csv`).
    pub fn codelist(&self, name: &str) -> Option<&Codelist> {
        self.inner.codelists.get(codelist::strip_csv(name))
    }

    /// The fields that take codes from a codelist, and whether the codelist is open.
    pub fn codelist_fields(&self) -> &[CodelistField] {
        &self.inner.codelist_fields
    }

    /// The extensions applied, in order.
    pub fn extensions(&self) -> &[Extension] {
        &self.inner.extensions
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("label", &self.inner.label)
            .field("version", &self.inner.version)
            .field("extensions", &self.inner.extensions.iter().map(Extension::name).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

fn release_schema_id(schema: &Value) -> String {
    match schema.get("id").and_then(Value::as_str) {
        Some(id) if id.contains("://") || id.starts_with("urn:") => id.to_owned(),
        _ => DEFAULT_RELEASE_SCHEMA_ID.to_owned(),
    }
}

/// Points every non-local `$ref` to a release schema at `release_id`, and to a
/// versioned-release schema at `versioned_id` (or drops that `$ref` when there is none).
fn point_refs(schema: &mut Value, release_id: &str, versioned_id: Option<&str>) {
    match schema {
        Value::Object(members) => {
            if let Some(Value::String(target)) = members.get("$ref")
                && !target.starts_with('#')
            {
                if target.ends_with("versioned-release-validation-schema.json") {
                    match versioned_id {
                        Some(id) => {
                            members.insert("$ref".to_owned(), Value::String(id.to_owned()));
                        }
                        None => {
                            members.shift_remove("$ref");
                        }
                    }
                } else if target.ends_with("release-schema.json") {
                    members.insert("$ref".to_owned(), Value::String(release_id.to_owned()));
                }
            }
            for value in members.values_mut() {
                point_refs(value, release_id, versioned_id);
            }
        }
        Value::Array(items) => {
            for item in items {
                point_refs(item, release_id, versioned_id);
            }
        }
        _ => {}
    }
}

/// A table of the INAI capture tool (`schemas/edca-mx/`), by name: `documentType`,
/// `implementationStatus`, `paymentMethod` (codes in `code`), `procurementMethodDetails` (the
/// Spanish label of each `procurementMethod`), `additionalProcurementCategories` (Spanish label
/// → `code`), `budgetLineComponents` (the component `name`s the tool writes in
/// `budgetLines[].components[]`, in its order), `budgetLineMeasures` (measure `id`s and the
/// quarter names of `update`), `item-classification` (the COG spending-object hierarchy and CUCOP
/// items, codes in `classificationid`, 12,049 rows). Parsed on each call.
pub fn edca_mx_table(name: &str) -> Option<Codelist> {
    let name = codelist::strip_csv(name);
    let (stem, text, column) = embedded::EDCA_MX_TABLES.iter().find(|(stem, _, _)| *stem == name)?;
    match Codelist::parse_with_code_column(stem, text, column) {
        Ok(table) => Some(table),
        Err(e) => panic!("embedded EDCA-MX table {stem} is invalid: {e}"),
    }
}

/// The Mexican codes EDCA-MX adds to codelists of the profile (see [`Profile::edca_mx`]).
fn edca_mx_supplements() -> Vec<CodelistChange> {
    let mut out = Vec::new();
    for (name, columns) in [
        (
            "documentType",
            &[
                ("code", "Code"),
                ("title", "Title"),
                ("description", "Description"),
                ("category", "Category"),
                ("title_es", "Title_es"),
                ("stage", "Stage"),
            ][..],
        ),
        ("paymentMethod", &[("code", "Code"), ("title", "Title"), ("description", "Description")][..]),
    ] {
        let Some(table) = edca_mx_table(name) else {
            continue;
        };
        let rows = table.rows().iter().map(|row| {
            columns
                .iter()
                .map(|(from, to)| ((*to).to_owned(), row.get(*from).cloned().unwrap_or_default()))
                .collect::<CodelistRow>()
        });
        out.push(CodelistChange::added_rows(Codelist::from_rows(name, "Code", rows)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_versions() {
        for (version, expected) in [
            (None, OcdsVersion::V1_0),
            (Some("1.0"), OcdsVersion::V1_0),
            (Some("1.0.3"), OcdsVersion::V1_0),
            (Some("1.1"), OcdsVersion::V1_1),
            (Some("1.1.5"), OcdsVersion::V1_1),
        ] {
            assert_eq!(OcdsVersion::of_package(version), expected, "{version:?}");
        }
    }

    #[test]
    fn every_edca_mx_table_parses() {
        for (stem, _, column) in &embedded::EDCA_MX_TABLES {
            let table = edca_mx_table(stem).unwrap_or_else(|| panic!("{stem}"));
            assert!(!table.is_empty(), "{stem}");
            assert_eq!(table.code_column(), *column);
            // Codes are unique in each table.
            assert_eq!(table.len(), table.rows().len(), "{stem}");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        for profile in [Profile::ocds_1_1(), Profile::ocds_1_0()] {
            for schema in [profile.release_schema(), profile.release_package_schema(), profile.record_package_schema()]
            {
                assert!(!schema.to_string().contains("{{"), "{}", profile.label());
            }
        }
        let profile = Profile::ocds_1_1();
        let tag = &profile.release_schema()["properties"]["tag"]["description"];
        assert!(tag.as_str().is_some_and(|d| d.contains("open-contracting.org/1.1/en/schema")));
    }
}
