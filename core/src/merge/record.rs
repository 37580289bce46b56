//! Records and record packages, shaped member for member as `ocdskit compile --package` shapes
//! them, so that scripts reading ocdskit's output read ours.

use serde_json::{Map, Value};

use super::py;

/// A record: `{ocid, releases, compiledRelease[, versionedRelease]}`.
///
/// Each release comes with the `uri` of the release package it was read from, when it should
/// be linked rather than embedded (ocdskit's `--linked-releases`): it then appears as
/// `{url: "{uri}#{release id}", date, tag}`. A release without `id`, or with an empty `uri`, is
/// embedded whole, as ocdskit does for releases read outside any package.
pub fn record<'a, I>(ocid: &str, releases: I, compiled: Value, versioned: Option<Value>) -> Value
where
    I: IntoIterator<Item = (&'a Value, Option<&'a str>)>,
{
    let releases = releases.into_iter().map(|(release, uri)| linked(release, uri).unwrap_or_else(|| release.clone()));
    let mut record = Map::with_capacity(4);
    record.insert("ocid".to_owned(), Value::String(ocid.to_owned()));
    record.insert("releases".to_owned(), Value::Array(releases.collect()));
    record.insert("compiledRelease".to_owned(), compiled);
    if let Some(versioned) = versioned {
        record.insert("versionedRelease".to_owned(), versioned);
    }
    Value::Object(record)
}

fn linked(release: &Value, uri: Option<&str>) -> Option<Value> {
    let uri = uri.filter(|u| !u.is_empty())?;
    let id = match release.get("id")? {
        Value::Null => return None,
        id => py::str_of(id),
    };
    let mut link = Map::with_capacity(3);
    link.insert("url".to_owned(), Value::String(format!("{uri}#{id}")));
    for member in ["date", "tag"] {
        if let Some(v) = release.get(member) {
            link.insert(member.to_owned(), v.clone());
        }
    }
    Some(Value::Object(link))
}

/// Builds one record package from records and the metadata of the packages they came from,
/// as `ocdskit compile --package` does:
/// - `uri`, `publishedDate` and `version` are the builder's (default `""`, `""`, `"1.1"`);
/// - `publisher`, `license` and `publicationPolicy` are the last input package's that has them,
///   unless [`publisher`](Self::publisher) is set;
/// - `extensions` is the union of the input packages' in order of first appearance;
/// - `packages` lists the `uri` of each input package of OCDS 1.0 or 1.1;
/// - empty `extensions` and `packages`, and absent `license` and `publicationPolicy`, are left out;
/// - records are ordered by `ocid` (ocdskit's order) unless [`keep_order`](Self::keep_order).
#[derive(Debug, Clone)]
pub struct RecordPackageBuilder {
    uri: String,
    published_date: String,
    version: String,
    publisher_override: Option<Value>,
    publisher: Value,
    license: Option<Value>,
    publication_policy: Option<Value>,
    extensions: Vec<Value>,
    packages: Vec<String>,
    records: Vec<Value>,
    sort_by_ocid: bool,
    placeholders: bool,
}

impl Default for RecordPackageBuilder {
    fn default() -> Self {
        Self {
            uri: String::new(),
            published_date: String::new(),
            version: "1.1".to_owned(),
            publisher_override: None,
            publisher: Value::Object(Map::new()),
            license: None,
            publication_policy: None,
            extensions: Vec::new(),
            packages: Vec::new(),
            records: Vec::new(),
            sort_by_ocid: true,
            placeholders: false,
        }
    }
}

impl RecordPackageBuilder {
    /// A builder with ocdskit's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The package's `uri`.
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = uri.into();
        self
    }

    /// The package's `publishedDate`.
    pub fn published_date(mut self, date: impl Into<String>) -> Self {
        self.published_date = date.into();
        self
    }

    /// The package's `version`.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// The package's `publisher`, instead of the input packages' (ignored if not a non-empty
    /// object, as ocdskit ignores empty `--publisher-*` options).
    pub fn publisher(mut self, publisher: Value) -> Self {
        if publisher.as_object().is_some_and(|m| !m.is_empty()) {
            self.publisher_override = Some(publisher);
        }
        self
    }

    /// The package's `license` (`None`: none, unless an input package has one).
    pub fn license(mut self, license: Option<String>) -> Self {
        self.license = license.map(Value::String);
        self
    }

    /// The package's `publicationPolicy` (`None`: none, unless an input package has one).
    pub fn publication_policy(mut self, policy: Option<String>) -> Self {
        self.publication_policy = policy.map(Value::String);
        self
    }

    /// The package's `extensions` (input packages' extensions are added after these).
    pub fn extensions(mut self, extensions: Vec<String>) -> Self {
        self.extensions = extensions.into_iter().map(Value::String).collect();
        self
    }

    /// Keeps records in the order they were added, instead of ordering them by `ocid`.
    pub fn keep_order(mut self) -> Self {
        self.sort_by_ocid = false;
        self
    }

    /// Takes the metadata of an input release package (or record package).
    pub fn add_package(&mut self, package: &Value) {
        let Some(map) = package.as_object() else {
            return;
        };
        if let Some(publisher) = map.get("publisher") {
            self.publisher = publisher.clone();
        }
        if let Some(license) = map.get("license") {
            self.license = Some(license.clone());
        }
        if let Some(policy) = map.get("publicationPolicy") {
            self.publication_policy = Some(policy.clone());
        }
        if let Some(Value::Array(extensions)) = map.get("extensions") {
            for extension in extensions {
                if !self.extensions.contains(extension) {
                    self.extensions.push(extension.clone());
                }
            }
        }
        // ocdskit lists the package only for OCDS < 1.2; a package without `version` is 1.0.
        let version = map.get("version").map_or(Some("1.0"), Value::as_str);
        if let (Some(Value::String(uri)), Some(version)) = (map.get("uri"), version)
            && !uri.is_empty()
            && version < "1.2"
        {
            self.packages.push(uri.clone());
        }
    }

    /// Adds a record (see [`record`]).
    pub fn add_record(&mut self, record: Value) {
        self.records.push(record);
    }

    /// With ocdskit's `--fake`: a `uri` and a `publishedDate` that are still empty when the
    /// package is built get placeholders (`placeholder:`, `9999-01-01T00:00:00Z`), so that a
    /// package written for a test has its required metadata.
    pub fn placeholders(mut self, yes: bool) -> Self {
        self.placeholders = yes;
        self
    }

    /// The record package.
    pub fn build(mut self) -> Value {
        if self.placeholders {
            if self.uri.is_empty() {
                self.uri = FAKE_URI.to_owned();
            }
            if self.published_date.is_empty() {
                self.published_date = FAKE_PUBLISHED_DATE.to_owned();
            }
        }
        if self.sort_by_ocid {
            self.records.sort_by(|a, b| ocid_of(a).cmp(ocid_of(b)));
        }
        let mut package = Map::with_capacity(9);
        package.insert("uri".to_owned(), Value::String(self.uri));
        package.insert("publisher".to_owned(), self.publisher_override.unwrap_or(self.publisher));
        package.insert("publishedDate".to_owned(), Value::String(self.published_date));
        for (name, value) in [("license", self.license), ("publicationPolicy", self.publication_policy)] {
            if let Some(value) = value.filter(|v| !v.is_null()) {
                package.insert(name.to_owned(), value);
            }
        }
        package.insert("version".to_owned(), Value::String(self.version));
        if !self.extensions.is_empty() {
            package.insert("extensions".to_owned(), Value::Array(self.extensions));
        }
        if !self.packages.is_empty() {
            package.insert("packages".to_owned(), self.packages.into_iter().map(Value::String).collect());
        }
        package.insert("records".to_owned(), Value::Array(self.records));
        Value::Object(package)
    }
}

/// ocdskit's placeholder `uri` for `--fake`.
pub const FAKE_URI: &str = "placeholder:";
/// ocdskit's placeholder `publishedDate` for `--fake`.
pub const FAKE_PUBLISHED_DATE: &str = "9999-01-01T00:00:00Z";

/// A package's `publisher` as `ocdskit`'s `--publisher-name`, `--publisher-uri`,
/// `--publisher-scheme` and `--publisher-uid` give it: the members that are not empty, in that
/// order; all empty (the default) leaves the input packages' publisher in place.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct Publisher {
    /// `publisher.name`.
    pub name: String,
    /// `publisher.uri`.
    pub uri: String,
    /// `publisher.scheme`.
    pub scheme: String,
    /// `publisher.uid`.
    pub uid: String,
}

impl Publisher {
    /// The `publisher` object (empty when every member is empty).
    pub fn to_value(&self) -> Value {
        let mut out = Map::new();
        for (key, value) in [("name", &self.name), ("uri", &self.uri), ("scheme", &self.scheme), ("uid", &self.uid)] {
            if !value.is_empty() {
                out.insert(key.to_owned(), Value::String(value.clone()));
            }
        }
        Value::Object(out)
    }

    /// Whether every member is empty.
    pub fn is_empty(&self) -> bool {
        self.to_value().as_object().is_none_or(Map::is_empty)
    }
}

fn ocid_of(record: &Value) -> &str {
    record.get("ocid").and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn record_links_releases_read_from_packages() {
        let a = json!({"ocid": "o", "id": "1", "date": "2020", "tag": ["tender"], "tender": {}});
        let b = json!({"ocid": "o", "id": 2, "date": "2021", "tag": ["award"]});
        let c = json!({"ocid": "o", "date": "2022"});
        let releases = [(&a, Some("http://x/p.json")), (&b, Some("http://x/q.json")), (&c, Some("http://x/q.json"))];
        let r = record("o", releases, json!({"tag": ["compiled"]}), Some(json!({})));
        assert_eq!(keys(&r), ["ocid", "releases", "compiledRelease", "versionedRelease"]);
        assert_eq!(
            r["releases"],
            json!([
                {"url": "http://x/p.json#1", "date": "2020", "tag": ["tender"]},
                {"url": "http://x/q.json#2", "date": "2021", "tag": ["award"]},
                // no `id` to link to: embedded
                {"ocid": "o", "date": "2022"}
            ])
        );
        let embedded = record("o", [(&a, None), (&b, Some(""))], json!({}), None);
        assert_eq!(embedded["releases"], json!([a, b]));
        assert_eq!(keys(&embedded), ["ocid", "releases", "compiledRelease"]);
    }

    #[test]
    fn package_metadata_as_ocdskit_collects_it() {
        let mut builder = RecordPackageBuilder::new().uri("u").published_date("d");
        builder.add_package(&json!({
            "uri": "p1", "version": "1.1", "publisher": {"name": "A"}, "license": "L",
            "extensions": ["e1", "e2"], "releases": []
        }));
        builder.add_package(&json!({"uri": "p2", "publisher": {"name": "B"}, "extensions": ["e2", "e3"]}));
        builder.add_package(&json!({"uri": "p3", "version": "1.2"}));
        builder.add_record(json!({"ocid": "b"}));
        builder.add_record(json!({"ocid": "a"}));
        let package = builder.build();
        assert_eq!(
            keys(&package),
            ["uri", "publisher", "publishedDate", "license", "version", "extensions", "packages", "records"]
        );
        assert_eq!(package["publisher"], json!({"name": "B"}));
        assert_eq!(package["version"], json!("1.1"));
        assert_eq!(package["extensions"], json!(["e1", "e2", "e3"]));
        // p2 has no version (1.0); p3 is 1.2, which ocdskit does not list.
        assert_eq!(package["packages"], json!(["p1", "p2"]));
        assert_eq!(package["records"], json!([{"ocid": "a"}, {"ocid": "b"}]));
    }

    #[test]
    fn ocdskit_publisher_options_and_placeholders() {
        // ocdskit 1.7.0's parse_package_arguments: non-empty --publisher-* values, in the order
        // name, uri, scheme, uid, replace the input packages' publisher; --fake fills empty
        // `uri` and `publishedDate` only.
        let publisher = Publisher { uid: "9".into(), name: "Me".into(), ..Publisher::default() };
        assert_eq!(keys(&publisher.to_value()), ["name", "uid"]);
        assert!(Publisher::default().is_empty() && !publisher.is_empty());
        let mut builder = RecordPackageBuilder::new().publisher(publisher.to_value()).placeholders(true);
        builder.add_package(&json!({"publisher": {"name": "Them", "scheme": "X"}}));
        let package = builder.build();
        assert_eq!(package["publisher"], json!({"name": "Me", "uid": "9"}));
        assert_eq!((&package["uri"], &package["publishedDate"]), (&json!(FAKE_URI), &json!(FAKE_PUBLISHED_DATE)));
        let package =
            RecordPackageBuilder::new().uri("u").placeholders(true).publisher(Publisher::default().to_value());
        let package = package.build();
        assert_eq!((&package["uri"], &package["publishedDate"]), (&json!("u"), &json!(FAKE_PUBLISHED_DATE)));
        assert_eq!(package["publisher"], json!({}));
    }

    #[test]
    fn empty_package_and_overrides() {
        let package = RecordPackageBuilder::new().build();
        assert_eq!(package, json!({"uri": "", "publisher": {}, "publishedDate": "", "version": "1.1", "records": []}));
        let mut builder = RecordPackageBuilder::new().publisher(json!({"name": "Me"})).version("1.0").keep_order();
        builder.add_package(&json!({"publisher": {"name": "Them"}, "publicationPolicy": null}));
        builder.add_record(json!({"ocid": "b"}));
        builder.add_record(json!({"ocid": "a"}));
        let package = builder.build();
        assert_eq!(package["publisher"], json!({"name": "Me"}));
        assert!(package.get("publicationPolicy").is_none());
        assert_eq!(package["records"], json!([{"ocid": "b"}, {"ocid": "a"}]));
    }
}
