//! OCDS extensions: a release-schema patch plus codelist files, recognised by the URLs that
//! publishers declare, and always read from the embedded copies (never fetched).

use super::ProfileError;
use super::codelist::Codelist;
use super::embedded;
use serde_json::Value;

/// An extension: its `extension.json`, its schema patch and its codelist files.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    /// The repository name that identifies it, e.g. `ocds_guarantees_extension`.
    pub id: String,
    /// Its `extension.json` (name, description, compatibility…), or `null` for a user's own.
    pub metadata: Value,
    /// Its `release-schema.json` patch, if it has one.
    pub patch: Option<Value>,
    /// Its codelist files: file name (`+partyRole.csv`, `-x.csv`, `new.csv`) and parsed table.
    pub codelists: Vec<(String, Codelist)>,
}

/// Other names under which publishers declare an embedded extension.
const ALIASES: &[(&str, &str)] = &[("ocds_budgetBreakdown_extension", "ocds_budget_breakdown_extension")];

impl Extension {
    /// The ids of every embedded extension.
    pub fn embedded_ids() -> Vec<&'static str> {
        let mut ids: Vec<&str> = embedded::files_under("extensions/")
            .filter_map(|(path, _)| path.strip_prefix("extensions/")?.split('/').next())
            .collect();
        ids.dedup();
        ids
    }

    /// An embedded extension by id (its repository name).
    pub fn embedded(id: &str) -> Option<Extension> {
        let id = ALIASES.iter().find(|(alias, _)| *alias == id).map_or(id, |(_, real)| *real);
        let dir = format!("extensions/{id}/");
        let metadata = serde_json::from_str(embedded::file(&format!("{dir}extension.json"))?).ok()?;
        let patch =
            embedded::file(&format!("{dir}release-schema.json")).and_then(|text| serde_json::from_str(text).ok());
        let codelists = embedded::files_under(&format!("{dir}codelists/"))
            .filter_map(|(path, text)| {
                let file = path.rsplit('/').next()?;
                let name = file.trim_start_matches(['+', '-']).trim_end_matches(".csv");
                Some((file.to_owned(), Codelist::from_csv(name, text).ok()?))
            })
            .collect();
        Some(Extension { id: id.to_owned(), metadata, patch, codelists })
    }

    /// The embedded extension that a declared URL names, whatever its host, owner or branch
    /// (`raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json`,
    /// `…/contratacionesabiertas/…`, `…/open-contracting-extensions/…/v1.1.1/…`). `None` for an
    /// extension that is not embedded: it is never fetched.
    pub fn from_url(url: &str) -> Option<Extension> {
        url.split(['/', '?', '#'])
            .filter(|segment| segment.starts_with("ocds_") && segment.ends_with("_extension"))
            .find_map(Extension::embedded)
    }

    /// A user's own extension: a schema patch and codelist files given as (file name, CSV text).
    pub fn from_parts(id: &str, patch: Option<Value>, codelists: &[(&str, &str)]) -> Result<Extension, ProfileError> {
        if let Some(patch) = &patch
            && !patch.is_object()
        {
            return Err(ProfileError::Extension {
                id: id.to_owned(),
                reason: "the schema patch must be a JSON object".into(),
            });
        }
        let codelists = codelists
            .iter()
            .map(|(file, text)| {
                let name = file.trim_start_matches(['+', '-']).trim_end_matches(".csv");
                Ok(((*file).to_owned(), Codelist::from_csv(name, text)?))
            })
            .collect::<Result<_, ProfileError>>()?;
        Ok(Extension { id: id.to_owned(), metadata: Value::Null, patch, codelists })
    }

    /// Its English name (or Spanish, or the id).
    pub fn name(&self) -> &str {
        let name = &self.metadata["name"];
        name.as_str().or_else(|| name["en"].as_str()).or_else(|| name["es"].as_str()).unwrap_or(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_publishers_declare_are_recognised() {
        for url in [
            "https://raw.githubusercontent.com/INAImexico/ocds_guarantees_extension/master/extension.json",
            "https://raw.githubusercontent.com/contratacionesabiertas/ocds_guarantees_extension/master/extension.json",
            "https://github.com/contratacionesabiertas/ocds_guarantees_extension",
        ] {
            assert_eq!(Extension::from_url(url).map(|e| e.id), Some("ocds_guarantees_extension".into()), "{url}");
        }
        let location =
            "https://raw.githubusercontent.com/open-contracting/ocds_location_extension/v1.1.1/extension.json";
        assert_eq!(Extension::from_url(location).unwrap().id, "ocds_location_extension");
        assert!(Extension::from_url("https://example.org/ocds_unknown_extension/extension.json").is_none());
        assert!(Extension::from_url("http://169.254.169.254/latest/meta-data").is_none());
    }
}
