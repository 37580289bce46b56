//! The publication's configuration, a TOML file:
//!
//! ```toml
//! [publisher]          # the packages' `publisher`
//! name = "Municipio de San Pedro Garza García (datos inventados)"
//! scheme = "MX-RFC"
//! uid = "MSP850101AAA"
//! uri = "https://example.org"
//!
//! [package]
//! uri_prefix = "https://example.org/edca/"   # packages' `uri` = prefix + their path
//! license = "https://creativecommons.org/licenses/by/4.0/"
//! publication_policy = "https://example.org/politica"
//! extensions = ["https://…/extension.json"]
//! version = "1.1"
//!
//! [gate]
//! severity = "error"   # hold what has findings of this severity or worse: error | warning | none
//! hold = "ocid"        # hold the whole process, or only the bad "release"
//!
//! [inbox]
//! folder = "inbox"     # read on every run, watched by --watch (relative to the file)
//!
//! [indices]
//! config = "indices.toml"   # the indices' inputs: approved budget, sanctions… (edca::files)
//!
//! [site]
//! enabled = false      # write the portal pages into site/ (also `edca publish --site`)
//! title = "Contrataciones abiertas"
//! lang = "es"          # the language shown first: es | en
//!
//! [source.postgres]    # a table of releases (see edca::io::postgres)
//! ```

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The whole configuration; every section is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The `publisher` of every package.
    #[serde(default)]
    pub publisher: Publisher,
    /// Package metadata.
    #[serde(default)]
    pub package: PackageMeta,
    /// What is held back.
    #[serde(default)]
    pub gate: Gate,
    /// Where releases come from besides the command line's sources.
    #[serde(default)]
    pub source: Sources,
    /// The inbox folder.
    #[serde(default)]
    pub inbox: Option<Inbox>,
    /// The indices' configuration.
    #[serde(default)]
    pub indices: IndicesConfig,
    /// The portal pages.
    #[serde(default)]
    pub site: Site,
}

/// Where the indices' configuration is (thresholds, approved budget, sanctions lists).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicesConfig {
    /// A TOML, JSON or INI file as `edca indices --config` reads it (relative paths are
    /// relative to the configuration file); none: the default thresholds and no inputs.
    #[serde(default)]
    pub config: Option<PathBuf>,
}

/// The `publisher` object of the packages (members left out when empty).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// `publisher.name`.
    #[serde(default)]
    pub name: String,
    /// `publisher.scheme`.
    #[serde(default)]
    pub scheme: String,
    /// `publisher.uid`.
    #[serde(default)]
    pub uid: String,
    /// `publisher.uri`.
    #[serde(default)]
    pub uri: String,
}

impl Publisher {
    /// The `publisher` object: its non-empty members in the standard's order.
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (key, value) in [("name", &self.name), ("scheme", &self.scheme), ("uid", &self.uid), ("uri", &self.uri)] {
            if !value.is_empty() {
                map.insert(key.to_owned(), serde_json::Value::String(value.clone()));
            }
        }
        serde_json::Value::Object(map)
    }
}

/// Package metadata.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackageMeta {
    /// Each package's `uri` is this prefix followed by its path in the publication.
    #[serde(default)]
    pub uri_prefix: String,
    /// `license`.
    #[serde(default)]
    pub license: Option<String>,
    /// `publicationPolicy`.
    #[serde(default)]
    pub publication_policy: Option<String>,
    /// `extensions` (URLs of extension.json files).
    #[serde(default)]
    pub extensions: Vec<String>,
    /// `version` (default `"1.1"`).
    #[serde(default = "default_version")]
    pub version: String,
}

fn default_version() -> String {
    "1.1".to_owned()
}

impl Default for PackageMeta {
    fn default() -> Self {
        PackageMeta {
            uri_prefix: String::new(),
            license: None,
            publication_policy: None,
            extensions: Vec::new(),
            version: default_version(),
        }
    }
}

/// The gate: which findings hold a release back, and what is held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The least severity that holds (default: errors).
    #[serde(default)]
    pub severity: GateSeverity,
    /// The whole process or only the bad release (default: the process).
    #[serde(default)]
    pub hold: Hold,
}

/// The least severity of finding that holds a release back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GateSeverity {
    /// Errors hold (the data does not conform to the schema).
    #[default]
    Error,
    /// Errors and warnings hold.
    Warning,
    /// Nothing is held for its findings (a process that cannot be merged still is).
    None,
}

/// What a failing release holds back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Hold {
    /// Every release of its process: the process is not published until it is fixed.
    #[default]
    Ocid,
    /// Only the release: the process is published from its other releases.
    Release,
}

/// Sources named in the configuration.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// A PostgreSQL table of releases, as `edca::io::postgres::TableConfig` reads it (kept as
    /// TOML here; the PostgreSQL source connects it).
    #[serde(default)]
    pub postgres: Option<toml::Table>,
}

/// The inbox folder.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Inbox {
    /// The folder (relative paths are relative to the configuration file).
    pub folder: PathBuf,
}

/// The portal pages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Whether the pages are written.
    #[serde(default)]
    pub enabled: bool,
    /// The portal's title.
    #[serde(default)]
    pub title: String,
    /// The language shown first (default Spanish).
    #[serde(default)]
    pub lang: crate::Lang,
}

impl Config {
    /// Parses the TOML text of a configuration.
    pub fn from_toml(text: &str) -> Result<Config, toml::de::Error> {
        toml::from_str(text)
    }

    /// Makes relative paths (the inbox, the indices' configuration) relative to `folder`, the
    /// configuration's folder.
    pub fn resolve(mut self, folder: &Path) -> Config {
        if let Some(inbox) = &mut self.inbox
            && inbox.folder.is_relative()
        {
            inbox.folder = folder.join(&inbox.folder);
        }
        if let Some(config) = &mut self.indices.config
            && config.is_relative()
        {
            *config = folder.join(&*config);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decided by the contract's sections: each one read, unknown keys refused.
    #[test]
    fn every_section_reads() {
        let text = r#"
            [publisher]
            name = "Municipio"
            uid = "X1"
            [package]
            uri_prefix = "https://example.org/"
            license = "L"
            extensions = ["https://e/extension.json"]
            [gate]
            severity = "warning"
            hold = "release"
            [source.postgres]
            table = "captura.releases"
            column = "data"
            key = "id"
            [inbox]
            folder = "inbox"
            [indices]
            config = "indices.toml"
            [site]
            enabled = true
            title = "Portal"
            lang = "en"
        "#;
        let config = Config::from_toml(text).unwrap().resolve(Path::new("/etc/edca"));
        assert_eq!(config.publisher.to_json(), serde_json::json!({"name": "Municipio", "uid": "X1"}));
        assert_eq!(config.package.version, "1.1");
        assert_eq!(config.gate, Gate { severity: GateSeverity::Warning, hold: Hold::Release });
        assert_eq!(config.source.postgres.unwrap()["table"].as_str(), Some("captura.releases"));
        assert_eq!(config.inbox.unwrap().folder, PathBuf::from("/etc/edca/inbox"));
        assert!(config.site.enabled);
        assert_eq!(config.site.lang, crate::Lang::En);
        assert_eq!(config.indices.config, Some(PathBuf::from("/etc/edca/indices.toml")));
        assert!(Config::from_toml("[site]\nlang = \"fr\"").is_err());
        assert!(Config::from_toml("[gate]\nseverity = \"fatal\"").is_err());
        assert!(Config::from_toml("[pubisher]\nname = \"x\"").is_err());
        assert_eq!(Config::from_toml("").unwrap(), Config::default());
    }
}
