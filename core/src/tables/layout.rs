//! Which tables and columns a release schema gives, in the schema's order, and their names.
//!
//! Conventions (flatten-tool's, so its users recognise them):
//! - one table per array of objects; the releases themselves are the table `main`;
//! - a column is the JSON path of its field, with `0` for each array on the way
//!   (`awards/0/suppliers/0/name`), so a row of `awards_suppliers` is one supplier of one award;
//! - a row of a table below `main` starts with its keys: `ocid`, the release `id`, and the `id`
//!   of every object above it that has one (`tender/id`, `awards/0/id`);
//! - arrays of strings or numbers are one cell, elements joined by `;`.
//!
//! Table (sheet, file) names are the array's path with `_` between segments (`awards_suppliers`,
//! `contracts_implementation_transactions`). Excel allows 31 characters: a longer name has its
//! leading segments cut to 3 characters, one at a time from the left
//! (`con_imp_transactions_payee_additionalIdentifiers` → …), and is then cut at 28 characters;
//! a name already taken (or `main`, `package`) gets `_2`, `_3`… within the 31. Names are given in
//! the schema's order, so they are the same for every input with the same profile.

use crate::profile::Profile;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Excel's longest sheet name.
pub const MAX_SHEET_NAME: usize = 31;

/// What a field's cells hold, from its schema `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldType {
    /// `string` is allowed.
    pub string: bool,
    /// `number` is allowed.
    pub number: bool,
    /// `integer` is allowed.
    pub integer: bool,
    /// `boolean` is allowed.
    pub boolean: bool,
    /// An array of strings or numbers, one cell joined by `;`.
    pub list: bool,
    /// `format: date-time`.
    pub date_time: bool,
    /// The field is in the schema (its type is known).
    pub known: bool,
}

impl FieldType {
    /// A field outside the schema: its cells are kept as the spreadsheet types them.
    pub const UNKNOWN: FieldType = FieldType {
        string: true,
        number: false,
        integer: false,
        boolean: false,
        list: false,
        date_time: false,
        known: false,
    };

    /// Whether any number type is allowed.
    pub fn numeric(&self) -> bool {
        self.number || self.integer
    }

    fn from_schema(schema: &Map<String, Value>) -> FieldType {
        let mut t = FieldType { string: false, ..FieldType::UNKNOWN };
        let mut names = Vec::new();
        match schema.get("type") {
            Some(Value::String(s)) => names.push(s.as_str()),
            Some(Value::Array(a)) => names.extend(a.iter().filter_map(Value::as_str)),
            _ => names.push("string"),
        }
        for name in names {
            match name {
                "string" => t.string = true,
                "number" => t.number = true,
                "integer" => t.integer = true,
                "boolean" => t.boolean = true,
                _ => {}
            }
        }
        if !(t.string || t.number || t.integer || t.boolean) {
            t.string = true;
        }
        t.date_time = schema.get("format").and_then(Value::as_str) == Some("date-time");
        t.known = true;
        t
    }
}

/// One field (a column) of the layout.
#[derive(Debug, Clone)]
pub struct Field {
    /// The path without array indices: `awards/suppliers/name`.
    pub path: String,
    /// The column name: `awards/0/suppliers/0/name`.
    pub column: String,
    /// The table it belongs to (index in [`Layout::tables`]).
    pub table: usize,
    /// What its cells hold.
    pub kind: FieldType,
    /// English header: the titles of each step joined by `:` (`Tender:Items:Description`).
    pub title_en: String,
    /// Spanish header: the same with the standard's Spanish titles (English where none).
    pub title_es: String,
    /// The schema's description (English).
    pub description_en: String,
    /// The standard's Spanish description, or the English one where there is none.
    pub description_es: String,
}

/// One table: an array of objects (or the releases).
#[derive(Debug, Clone)]
pub struct TableSpec {
    /// The array's path without indices (`awards/suppliers`); `""` for the releases.
    pub path: String,
    /// The sheet or file name (at most 31 characters, unique).
    pub name: String,
    /// The table it sits in (`None` for the main table).
    pub parent: Option<usize>,
    /// Its fields, in schema order (indices in [`Layout::fields`]).
    pub fields: Vec<usize>,
}

/// The tables and columns of a release schema.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Tables in schema order, `main` first.
    pub tables: Vec<TableSpec>,
    /// Every field, in schema order.
    pub fields: Vec<Field>,
    field_by_path: HashMap<String, usize>,
    table_by_path: HashMap<String, usize>,
    names: Vec<String>,
}

struct Step<'a> {
    path: String,
    column: String,
    title_en: String,
    title_es: String,
    table: usize,
    stack: Vec<&'a str>,
}

impl Layout {
    /// The layout of a profile's release schema (cached for [`Profile::edca_mx`]).
    pub fn of_profile(profile: &Profile) -> Layout {
        Layout::of_schema(profile.release_schema(), &[])
    }

    /// The layout of EDCA-MX, built once.
    pub fn edca_mx() -> &'static Layout {
        static LAYOUT: OnceLock<Layout> = OnceLock::new();
        LAYOUT.get_or_init(|| Layout::of_profile(&Profile::edca_mx()))
    }

    /// The layout of a package's metadata (the release package schema without `releases`): one
    /// table, `package`.
    pub fn of_package(profile: &Profile) -> Layout {
        let mut layout = Layout::of_schema(profile.release_package_schema(), &["releases"]);
        layout.tables.truncate(1);
        layout.tables[0].name = "package".to_owned();
        layout.fields.retain(|f| f.table == 0);
        layout.field_by_path.retain(|_, i| *i < layout.fields.len());
        layout.table_by_path.retain(|_, i| *i == 0);
        layout.names = vec!["package".to_owned()];
        layout
    }

    /// The layout of a schema object with `properties` (and `definitions` for `$ref`s);
    /// top-level members named in `skip` are left out.
    pub fn of_schema(schema: &Value, skip: &[&str]) -> Layout {
        let mut layout = Layout {
            tables: vec![TableSpec { path: String::new(), name: "main".to_owned(), parent: None, fields: Vec::new() }],
            fields: Vec::new(),
            field_by_path: HashMap::new(),
            table_by_path: HashMap::from([(String::new(), 0)]),
            names: vec!["main".to_owned(), "package".to_owned()],
        };
        let definitions = schema.get("definitions").and_then(Value::as_object);
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            let step = Step {
                path: String::new(),
                column: String::new(),
                title_en: String::new(),
                title_es: String::new(),
                table: 0,
                stack: Vec::new(),
            };
            let kept: Map<String, Value> = properties
                .iter()
                .filter(|(k, _)| !skip.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            layout.walk(&kept, definitions, step);
        }
        layout
    }

    fn walk<'a>(
        &mut self,
        properties: &'a Map<String, Value>,
        definitions: Option<&'a Map<String, Value>>,
        at: Step<'a>,
    ) {
        for (name, raw) in properties {
            let Some(mut schema) = raw.as_object() else { continue };
            let mut stack = at.stack.clone();
            // A property's own title and description win over those of the definition it refers to.
            let own = schema;
            if let Some(target) =
                schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/"))
            {
                if stack.contains(&target) {
                    continue;
                }
                match definitions.and_then(|d| d.get(target)).and_then(Value::as_object) {
                    Some(def) => {
                        stack.push(target);
                        schema = def;
                    }
                    None => continue,
                }
            }
            let text = |key: &str| own.get(key).or_else(|| schema.get(key)).and_then(Value::as_str).unwrap_or("");
            let title = if text("title").is_empty() { name.clone() } else { text("title").to_owned() };
            let title_es = spanish_title(&title).unwrap_or(&title).to_owned();
            let description = text("description").to_owned();
            let join = |base: &str, sep: &str, part: &str| {
                if base.is_empty() { part.to_owned() } else { format!("{base}{sep}{part}") }
            };
            let path = join(&at.path, "/", name);
            let column = join(&at.column, "/", name);
            let title_en = join(&at.title_en, ":", &title);
            let title_es = join(&at.title_es, ":", &title_es);
            let types = type_names(schema);
            if types.contains(&"array") {
                let items = schema.get("items").and_then(Value::as_object);
                let (items, item_stack) = match items {
                    Some(items) => {
                        match items.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/")) {
                            Some(target) if stack.contains(&target) => continue,
                            Some(target) => match definitions.and_then(|d| d.get(target)).and_then(Value::as_object) {
                                Some(def) => {
                                    let mut s = stack.clone();
                                    s.push(target);
                                    (Some(def), s)
                                }
                                None => (None, stack.clone()),
                            },
                            None => (Some(items), stack.clone()),
                        }
                    }
                    None => (None, stack.clone()),
                };
                let object_items =
                    items.is_some_and(|i| type_names(i).contains(&"object") || i.contains_key("properties"));
                if let (true, Some(items)) = (object_items, items) {
                    let table = self.add_table(&path, at.table);
                    if let Some(props) = items.get("properties").and_then(Value::as_object) {
                        let step = Step {
                            path: path.clone(),
                            column: format!("{column}/0"),
                            title_en,
                            title_es,
                            table,
                            stack: item_stack,
                        };
                        self.walk(props, definitions, step);
                    }
                } else {
                    let mut kind = items.map(FieldType::from_schema).unwrap_or(FieldType::UNKNOWN);
                    kind.list = true;
                    self.add_field(Field {
                        path,
                        column,
                        table: at.table,
                        kind,
                        title_en,
                        title_es,
                        description_es: spanish_description(&description),
                        description_en: description,
                    });
                }
            } else if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                let step = Step { path, column, title_en, title_es, table: at.table, stack };
                self.walk(props, definitions, step);
            } else if types.contains(&"object") && types.len() > 2 {
                // Any value (`former_value`): one cell, kept as the spreadsheet types it.
                self.add_field(Field {
                    path,
                    column,
                    table: at.table,
                    kind: FieldType::UNKNOWN,
                    title_en,
                    title_es,
                    description_es: spanish_description(&description),
                    description_en: description,
                });
            } else if types.contains(&"object") {
                // An object without declared properties: its members are flattened as found.
            } else {
                self.add_field(Field {
                    path,
                    column,
                    table: at.table,
                    kind: FieldType::from_schema(schema),
                    title_en,
                    title_es,
                    description_es: spanish_description(&description),
                    description_en: description,
                });
            }
        }
    }

    fn add_field(&mut self, field: Field) {
        if self.field_by_path.contains_key(&field.path) {
            return;
        }
        let index = self.fields.len();
        self.field_by_path.insert(field.path.clone(), index);
        self.tables[field.table].fields.push(index);
        self.fields.push(field);
    }

    /// Adds a table for the array at `path` (no indices) inside `parent`, or returns the one
    /// there is; used for arrays of objects found in data outside the schema too.
    pub fn add_table(&mut self, path: &str, parent: usize) -> usize {
        if let Some(&index) = self.table_by_path.get(path) {
            return index;
        }
        let name = self.unique_name(&sheet_name(path));
        let index = self.tables.len();
        self.tables.push(TableSpec { path: path.to_owned(), name, parent: Some(parent), fields: Vec::new() });
        self.table_by_path.insert(path.to_owned(), index);
        index
    }

    fn unique_name(&mut self, base: &str) -> String {
        let taken = |names: &[String], n: &str| names.iter().any(|t| t.eq_ignore_ascii_case(n));
        let mut name = base.to_owned();
        let mut n = 2;
        while taken(&self.names, &name) {
            let suffix = format!("_{n}");
            let keep = MAX_SHEET_NAME - suffix.len();
            name = format!("{}{suffix}", truncate_chars(base, keep));
            n += 1;
        }
        self.names.push(name.clone());
        name
    }

    /// The field at a path without indices (`awards/suppliers/name`).
    pub fn field(&self, path: &str) -> Option<&Field> {
        self.field_by_path.get(path).map(|&i| &self.fields[i])
    }

    /// The index of the field at a path without indices.
    pub fn field_index(&self, path: &str) -> Option<usize> {
        self.field_by_path.get(path).copied()
    }

    /// The table of the array at a path without indices.
    pub fn table(&self, path: &str) -> Option<usize> {
        self.table_by_path.get(path).copied()
    }
}

fn type_names(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn truncate_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The sheet name of an array's path: segments joined by `_`, shortened to 31 characters as the
/// module doc says (uniqueness is the layout's job).
pub fn sheet_name(path: &str) -> String {
    let mut parts: Vec<String> = path.split('/').map(str::to_owned).collect();
    let joined = |parts: &[String]| parts.join("_");
    let mut i = 0;
    while joined(&parts).chars().count() > MAX_SHEET_NAME && i + 1 < parts.len() {
        parts[i] = truncate_chars(&parts[i], 3).to_owned();
        i += 1;
    }
    let name = joined(&parts);
    if name.chars().count() > MAX_SHEET_NAME { truncate_chars(&name, MAX_SHEET_NAME - 3).to_owned() } else { name }
}

/// Removes the array indices of a column name: `awards/0/suppliers/0/name` →
/// `awards/suppliers/name`.
pub fn field_path(column: &str) -> String {
    let mut out = String::with_capacity(column.len());
    for part in column.split('/') {
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part);
    }
    out
}

struct Translations {
    titles: HashMap<String, String>,
    descriptions: HashMap<String, String>,
}

/// The standard's Spanish titles and descriptions (OCDS 1.1.5 translation), keyed by the English.
fn translations() -> &'static Translations {
    static T: OnceLock<Translations> = OnceLock::new();
    T.get_or_init(|| {
        let load = |text: &'static str| {
            let mut map = HashMap::new();
            let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
            for record in reader.records().flatten() {
                if let (Some(en), Some(es)) = (record.get(0), record.get(1)) {
                    map.insert(en.to_owned(), es.to_owned());
                }
            }
            map
        };
        Translations {
            titles: load(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../schemas/ocds-1.1.5/locale/es/titles.csv"
            ))),
            descriptions: load(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../schemas/ocds-1.1.5/locale/es/descriptions.csv"
            ))),
        }
    })
}

fn spanish_title(title: &str) -> Option<&'static str> {
    translations().titles.get(title).map(String::as_str)
}

fn spanish_description(description: &str) -> String {
    let text = translations().descriptions.get(description).map(String::as_str).unwrap_or(description);
    text.replace("{{version}}", "1.1").replace("{{lang}}", "es")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edca_mx_tables_follow_flatten_tool_names() {
        let layout = Layout::edca_mx();
        let names: Vec<&str> = layout.tables.iter().map(|t| t.name.as_str()).collect();
        for expected in
            ["main", "parties", "tender_items", "tender_tenderers", "awards", "awards_suppliers", "contracts"]
        {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
        assert!(names.iter().all(|n| n.chars().count() <= MAX_SHEET_NAME));
        let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), names.len(), "names never collide");
        let amount = layout.field("tender/value/amount").unwrap();
        assert!(amount.kind.number && !amount.kind.string);
        assert_eq!(amount.column, "tender/value/amount");
        let supplier = layout.field("awards/suppliers/name").unwrap();
        assert_eq!(supplier.column, "awards/0/suppliers/0/name");
        assert_eq!(layout.tables[supplier.table].name, "awards_suppliers");
        assert!(layout.field("tag").unwrap().kind.list);
        assert!(layout.field("date").unwrap().kind.date_time);
        // Extension fields are there (budget lines of EDCA-MX, RFQ).
        assert!(layout.fields.iter().any(|f| f.path.starts_with("planning/budget/budgetBreakdown/budgetLines")));
        // Spanish titles from the standard's translation.
        assert_eq!(layout.field("tender/title").unwrap().title_es.split(':').next(), Some("Licitación"));
    }

    #[test]
    fn long_names_are_cut_as_documented() {
        assert_eq!(sheet_name("awards/suppliers"), "awards_suppliers");
        let long = sheet_name("contracts/implementation/transactions/payee/additionalIdentifiers");
        assert!(long.chars().count() <= MAX_SHEET_NAME, "{long}");
        assert!(long.starts_with("con_imp_tra_pay_"), "{long}");
        assert_eq!(field_path("awards/0/suppliers/0/name"), "awards/suppliers/name");
    }
}
