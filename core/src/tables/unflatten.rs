//! Unflatten: sheets in flatten-tool's layout → releases, typed by the profile's schema.
//!
//! Every sheet is read the same way: a header row (JSON paths, or titles in English or
//! Spanish, mixed freely), an optional notes row (the template's descriptions, skipped), then
//! rows. A row is a piece of a release: its `ocid` and `id` say which release, the ids in its
//! key columns (`awards/0/id`) say which element of which array it belongs to; pieces merge by
//! `id`, so rows may come in any order and sheet names do not matter (a sheet named `package`
//! holds the package's metadata). A row without `id` joins the last release of its `ocid`.
//! Two rows that give different values to the same field keep the first and say so.
//!
//! After every sheet, parties with the same identifier (`identifier.scheme` + `id`) become one
//! party (roles joined, the first's other values kept, different names reported) and
//! references to the dropped party ids are pointed at the kept one. RFCs and CURPs
//! (`MX-RFC`, `MX-CURP`) are upper-cased and checked ([`super::ids`]).
//!
//! Memory holds the releases being built (as flatten-tool does); the sheets are streamed.

use super::cell::{At, CellOptions, RawCell, normalise};
use super::ids;
use super::issue::{Issue, column_letter};
use super::layout::{FieldType, Layout, field_path};
use super::read::Workbook;
use super::write::MemorySink;
use super::{Cell, TablesError};
use crate::diagnostic::Severity;
use crate::profile::Profile;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Options of [`Unflattener`].
#[derive(Debug, Clone)]
pub struct UnflattenOptions {
    /// How cells are normalised (the time zone given to dates typed without one).
    pub cells: CellOptions,
    /// The profile whose schema types the cells (EDCA-MX when `None`).
    pub profile: Option<Profile>,
    /// Merge parties that share an identifier.
    pub merge_parties: bool,
}

impl Default for UnflattenOptions {
    fn default() -> Self {
        UnflattenOptions { cells: CellOptions::default(), profile: None, merge_parties: true }
    }
}

/// What unflatten gives.
#[derive(Debug, Clone, Default)]
pub struct Unflattened {
    /// The releases, in order of first appearance.
    pub releases: Vec<Value>,
    /// The package metadata of the `package` sheet, if there was one.
    pub package: Option<Map<String, Value>>,
    /// Everything normalised, merged, or left out, with its place.
    pub issues: Vec<Issue>,
}

impl Unflattened {
    /// One release package: the `package` sheet's metadata (`version` 1.1 when it has none) and
    /// the releases.
    pub fn to_package(&self) -> Value {
        let mut package = self.package.clone().unwrap_or_default();
        package.entry("version").or_insert_with(|| Value::String("1.1".to_owned()));
        package.insert("releases".to_owned(), Value::Array(self.releases.clone()));
        Value::Object(package)
    }
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug)]
struct Column {
    header: String,
    column: Option<String>,
    segs: Vec<Seg>,
    kind: FieldType,
    letter: String,
    dropped: u64,
    descriptions: Option<(String, String)>,
}

struct SheetState {
    name: String,
    columns: Option<Vec<Column>>,
    first_data: bool,
    package: bool,
}

/// Builds releases from sheets; see the module doc.
#[derive(Debug)]
pub struct Unflattener {
    options: UnflattenOptions,
    layout: Layout,
    package_layout: Layout,
    titles: HashMap<String, String>,
    releases: Vec<Map<String, Value>>,
    by_key: HashMap<(String, String), usize>,
    by_ocid: HashMap<String, usize>,
    party_rows: HashMap<(usize, String), (String, u64)>,
    package: Option<Map<String, Value>>,
    issues: Vec<Issue>,
    date_1904: bool,
}

impl Unflattener {
    /// An unflattener for the profile of `options` (EDCA-MX by default).
    pub fn new(options: UnflattenOptions) -> Unflattener {
        let profile = options.profile.clone().unwrap_or_else(Profile::edca_mx);
        let layout = if options.profile.is_none() { Layout::edca_mx().clone() } else { Layout::of_profile(&profile) };
        let package_layout = Layout::of_package(&profile);
        let mut titles = HashMap::new();
        for field in layout.fields.iter().chain(package_layout.fields.iter()) {
            titles.entry(field.title_en.clone()).or_insert_with(|| field.column.clone());
            titles.entry(field.title_es.clone()).or_insert_with(|| field.column.clone());
        }
        Unflattener {
            options,
            layout,
            package_layout,
            titles,
            releases: Vec::new(),
            by_key: HashMap::new(),
            by_ocid: HashMap::new(),
            party_rows: HashMap::new(),
            package: None,
            issues: Vec::new(),
            date_1904: false,
        }
    }

    /// Reads every sheet of a workbook or CSV folder (`main` first, then in order).
    pub fn add_workbook(&mut self, workbook: &mut Workbook) -> Result<(), TablesError> {
        self.date_1904 = workbook.date_1904();
        let mut sheets = workbook.sheets().to_vec();
        sheets.sort_by_key(|s| s.name != "main");
        for sheet in sheets {
            let mut state = self.start(&sheet.name);
            let mut file_issues = Vec::new();
            workbook.read_sheet(&sheet, &mut file_issues, &mut |row, cells| {
                self.row(&mut state, row, cells);
                Ok(())
            })?;
            self.issues.extend(file_issues);
            self.end(state);
        }
        Ok(())
    }

    /// Reads tables held in memory (as [`super::Flattener`] wrote them to a [`MemorySink`]).
    pub fn add_memory(&mut self, tables: &MemorySink) {
        let mut order: Vec<&super::MemoryTable> = tables.tables.iter().collect();
        order.sort_by_key(|t| t.name != "main");
        for table in order {
            let mut state = self.start(&table.name);
            let to_raw = |c: &Option<Cell>| match c {
                None => RawCell::Empty,
                Some(c) => RawCell::Text(c.text().to_owned()),
            };
            let header: Vec<RawCell> = table.headers.iter().map(|h| RawCell::Text(h.clone())).collect();
            self.row(&mut state, 1, &header);
            let mut n = 1;
            if let Some(notes) = &table.notes {
                n += 1;
                let notes: Vec<RawCell> = notes.iter().map(|h| RawCell::Text(h.clone())).collect();
                self.row(&mut state, n, &notes);
            }
            for row in &table.rows {
                n += 1;
                let cells: Vec<RawCell> = row.iter().map(to_raw).collect();
                self.row(&mut state, n, &cells);
            }
            self.end(state);
        }
    }

    fn start(&self, name: &str) -> SheetState {
        SheetState { name: name.to_owned(), columns: None, first_data: true, package: name == "package" }
    }

    fn end(&mut self, state: SheetState) {
        for column in state.columns.into_iter().flatten() {
            if column.dropped > 0 {
                self.issues.push(Issue {
                    code: "tables.unknown_header",
                    severity: Severity::Error,
                    sheet: state.name.clone(),
                    row: 0,
                    column: column.letter.clone(),
                    header: column.header.clone(),
                    value: String::new(),
                    normalised: None,
                    message_es: format!(
                        "la columna {} ({:?}) no es una ruta ni un título del esquema: sus {} valores se dejaron fuera",
                        column.letter, column.header, column.dropped
                    ),
                    message_en: format!(
                        "column {} ({:?}) is neither a path nor a title of the schema: its {} values were left out",
                        column.letter, column.header, column.dropped
                    ),
                });
            }
        }
    }

    fn resolve(&self, header: &str) -> Option<String> {
        let h = header.trim();
        if h.is_empty() {
            return None;
        }
        if let Some(column) = self.titles.get(h) {
            return Some(column.clone());
        }
        if h.contains(':') || h.split('/').any(str::is_empty) {
            return None;
        }
        Some(h.to_owned())
    }

    fn header(&self, cells: &[RawCell], package: bool) -> Vec<Column> {
        let layout = if package { &self.package_layout } else { &self.layout };
        cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let header = cell.shown();
                let column = self.resolve(&header);
                let field = column.as_deref().and_then(|c| layout.field(&field_path(c)));
                let segs = column
                    .as_deref()
                    .map(|c| {
                        c.split('/')
                            .map(|s| match s.parse::<usize>() {
                                Ok(n) if s.bytes().all(|b| b.is_ascii_digit()) => Seg::Index(n),
                                _ => Seg::Key(s.to_owned()),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Column {
                    header: header.trim().to_owned(),
                    kind: field.map_or(FieldType::UNKNOWN, |f| f.kind),
                    descriptions: field.map(|f| (f.description_en.clone(), f.description_es.clone())),
                    column,
                    segs,
                    letter: column_letter(i),
                    dropped: 0,
                }
            })
            .collect()
    }

    fn row(&mut self, state: &mut SheetState, row: u64, cells: &[RawCell]) {
        let Some(columns) = state.columns.as_mut() else {
            state.columns = Some(self.header(cells, state.package));
            return;
        };
        if std::mem::take(&mut state.first_data) {
            // The template's notes row: every cell is its column's description.
            let notes = cells.iter().enumerate().filter(|(_, c)| !c.is_blank()).all(|(i, c)| {
                columns.get(i).and_then(|col| col.descriptions.as_ref()).is_some_and(|(en, es)| {
                    let s = c.shown();
                    !s.is_empty() && (s == *en || s == *es)
                })
            });
            if notes {
                return;
            }
        }
        let options =
            CellOptions { date_1904: self.date_1904 || self.options.cells.date_1904, ..self.options.cells.clone() };
        let mut values: Vec<Option<Value>> = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            let Some(column) = columns.get_mut(i) else {
                if !cell.is_blank() {
                    self.issues.push(Issue {
                        code: "tables.no_header",
                        severity: Severity::Error,
                        sheet: state.name.clone(),
                        row,
                        column: column_letter(i),
                        header: String::new(),
                        value: cell.shown(),
                        normalised: None,
                        message_es: "una celda sin encabezado en su columna se dejó fuera".to_owned(),
                        message_en: "a cell in a column without a header was left out".to_owned(),
                    });
                }
                values.push(None);
                continue;
            };
            if column.column.is_none() {
                if !cell.is_blank() {
                    column.dropped += 1;
                }
                values.push(None);
                continue;
            }
            let at = At { sheet: &state.name, row, column: &column.letter, header: &column.header };
            values.push(normalise(cell, &column.kind, &options, at, &mut self.issues));
        }
        // RFC / CURP in `…identifier/id` and `…additionalIdentifiers/0/id` columns.
        for i in 0..values.len() {
            let Some(name) = columns[i].column.as_deref() else { continue };
            let Some(prefix) = name.strip_suffix("/id") else { continue };
            if !(prefix.ends_with("identifier") || prefix.ends_with("additionalIdentifiers/0")) {
                continue;
            }
            let scheme_column = format!("{prefix}/scheme");
            let scheme = columns
                .iter()
                .position(|c| c.column.as_deref() == Some(scheme_column.as_str()))
                .and_then(|j| values.get(j).cloned().flatten());
            let Some(kind) = scheme.as_ref().and_then(Value::as_str).and_then(ids::Kind::of_scheme) else { continue };
            let Some(Value::String(id)) = values[i].clone() else { continue };
            let at = At { sheet: &state.name, row, column: &columns[i].letter, header: &columns[i].header };
            let upper: String =
                id.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
            if upper != id {
                self.issues.push(at.issue(
                    "tables.identifier_case",
                    Severity::Warning,
                    &id,
                    Some(upper.clone()),
                    format!("la clave {} se escribió en mayúsculas, sin espacios ni guiones", kind.name()),
                    format!("the {} was upper-cased, without blanks or hyphens", kind.name()),
                ));
                values[i] = Some(Value::String(upper.clone()));
            }
            if let Err(problem) = ids::check(kind, &upper) {
                let (es, en) = problem.message(kind);
                self.issues.push(at.issue(problem.code(kind), Severity::Error, &upper, None, es, en));
            }
        }
        let mut partial = Map::new();
        for (i, value) in values.into_iter().enumerate() {
            if let Some(value) = value {
                set_path(&mut partial, &columns[i].segs, value);
            }
        }
        if partial.is_empty() {
            return;
        }
        if state.package {
            let target = self.package.get_or_insert_with(Map::new);
            let mut conflicts = Vec::new();
            merge(target, partial, "", &mut conflicts);
            let name = state.name.clone();
            self.conflicts(&name, row, conflicts);
            return;
        }
        let ocid = partial.get("ocid").and_then(key_text);
        let id = partial.get("id").and_then(key_text);
        let index = match (ocid, id) {
            (Some(ocid), Some(id)) => match self.by_key.get(&(ocid.clone(), id.clone())) {
                Some(&i) => i,
                None => {
                    let i = self.releases.len();
                    self.releases.push(Map::new());
                    self.by_key.insert((ocid.clone(), id), i);
                    self.by_ocid.insert(ocid, i);
                    i
                }
            },
            (Some(ocid), None) => match self.by_ocid.get(&ocid) {
                Some(&i) => i,
                None => {
                    let i = self.releases.len();
                    self.releases.push(Map::new());
                    self.by_ocid.insert(ocid, i);
                    i
                }
            },
            (None, _) => {
                self.issues.push(Issue {
                    code: "tables.no_ocid",
                    severity: Severity::Error,
                    sheet: state.name.clone(),
                    row,
                    column: String::new(),
                    header: "ocid".to_owned(),
                    value: String::new(),
                    normalised: None,
                    message_es: "la fila no tiene ocid: no se sabe de qué proceso es y se dejó fuera".to_owned(),
                    message_en: "the row has no ocid: its process is unknown and it was left out".to_owned(),
                });
                return;
            }
        };
        if let Some(Value::Array(parties)) = partial.get("parties") {
            for party in parties {
                if let Some(id) = party.get("id").and_then(key_text) {
                    self.party_rows.entry((index, id)).or_insert_with(|| (state.name.clone(), row));
                }
            }
        }
        let mut conflicts = Vec::new();
        merge(&mut self.releases[index], partial, "", &mut conflicts);
        let name = state.name.clone();
        self.conflicts(&name, row, conflicts);
    }

    fn conflicts(&mut self, sheet: &str, row: u64, conflicts: Vec<(String, Value, Value)>) {
        for (path, kept, other) in conflicts {
            self.issues.push(Issue {
                code: "tables.conflict",
                severity: Severity::Warning,
                sheet: sheet.to_owned(),
                row,
                column: String::new(),
                header: path,
                value: value_text(&other),
                normalised: Some(value_text(&kept)),
                message_es: "otra fila ya dio un valor distinto a este campo: se conservó el primero".to_owned(),
                message_en: "another row already gave this field a different value: the first was kept".to_owned(),
            });
        }
    }

    /// Merges parties by identifier and hands out the releases, the package metadata and the
    /// issues.
    pub fn finish(mut self) -> Unflattened {
        let mut releases = std::mem::take(&mut self.releases);
        if self.options.merge_parties {
            for (index, release) in releases.iter_mut().enumerate() {
                self.merge_parties(index, release);
            }
        }
        Unflattened {
            releases: releases.into_iter().map(Value::Object).collect(),
            package: self.package,
            issues: self.issues,
        }
    }

    fn merge_parties(&mut self, index: usize, release: &mut Map<String, Value>) {
        let Some(Value::Array(parties)) = release.get_mut("parties") else { return };
        let mut kept: Vec<Value> = Vec::with_capacity(parties.len());
        let mut by_identifier: HashMap<(String, String), usize> = HashMap::new();
        let mut renamed: HashMap<String, String> = HashMap::new();
        for party in std::mem::take(parties) {
            let identifier = party.get("identifier");
            let key = identifier
                .and_then(|i| Some((i.get("scheme")?.as_str()?.trim().to_uppercase(), key_text(i.get("id")?)?)));
            let Some(key) = key.filter(|(s, i)| !s.is_empty() && !i.is_empty()) else {
                kept.push(party);
                continue;
            };
            let Some(&first) = by_identifier.get(&key) else {
                by_identifier.insert(key, kept.len());
                kept.push(party);
                continue;
            };
            let (Some(Value::Object(target)), Value::Object(dup)) = (kept.get_mut(first), party) else { continue };
            let kept_id = target.get("id").and_then(key_text).unwrap_or_default();
            let dup_id = dup.get("id").and_then(key_text).unwrap_or_default();
            let (sheet, row) =
                self.party_rows.get(&(index, dup_id.clone())).cloned().unwrap_or_else(|| ("parties".to_owned(), 0));
            let kept_name = target.get("name").cloned();
            let dup_name = dup.get("name").cloned();
            if let (Some(a), Some(b)) = (&kept_name, &dup_name)
                && a != b
            {
                {
                    self.issues.push(Issue {
                        code: "tables.party_conflict",
                        severity: Severity::Warning,
                        sheet: sheet.clone(),
                        row,
                        column: String::new(),
                        header: "parties/0/name".to_owned(),
                        value: value_text(b),
                        normalised: Some(value_text(a)),
                        message_es: format!(
                            "dos partes con el mismo identificador {} {} tienen nombres distintos: se conservó el primero",
                            key.0, key.1
                        ),
                        message_en: format!(
                            "two parties with the same identifier {} {} have different names: the first was kept",
                            key.0, key.1
                        ),
                    });
                }
            }
            // Roles joined; the rest of the first kept, what it lacks taken from the other.
            let mut roles: Vec<Value> = target.get("roles").and_then(Value::as_array).cloned().unwrap_or_default();
            for role in dup.get("roles").and_then(Value::as_array).into_iter().flatten() {
                if !roles.contains(role) {
                    roles.push(role.clone());
                }
            }
            for (k, v) in dup {
                if k != "roles" && k != "id" && k != "name" {
                    target.entry(k).or_insert(v);
                }
            }
            if !roles.is_empty() {
                target.insert("roles".to_owned(), Value::Array(roles));
            }
            if !dup_id.is_empty() && dup_id != kept_id {
                self.issues.push(Issue {
                    code: "tables.party_merged",
                    severity: Severity::Warning,
                    sheet,
                    row,
                    column: String::new(),
                    header: "parties/0/id".to_owned(),
                    value: dup_id.clone(),
                    normalised: Some(kept_id.clone()),
                    message_es: format!(
                        "la parte {dup_id} tiene el mismo identificador ({} {}) que {kept_id}: se unieron y sus referencias apuntan a {kept_id}",
                        key.0, key.1
                    ),
                    message_en: format!(
                        "party {dup_id} has the same identifier ({} {}) as {kept_id}: they were merged and references point to {kept_id}",
                        key.0, key.1
                    ),
                });
                renamed.insert(dup_id, kept_id);
            }
        }
        *parties = kept;
        if !renamed.is_empty() {
            repoint(release, &renamed);
        }
    }
}

/// Points organisation references (`buyer`, `tender/procuringEntity`, `tender/tenderers`,
/// `awards/suppliers`, `contracts/suppliers`, transactions' `payer`/`payee`, budget breakdowns'
/// `sourceParty`) at the kept party ids.
fn repoint(release: &mut Map<String, Value>, renamed: &HashMap<String, String>) {
    fn fix(value: Option<&mut Value>, renamed: &HashMap<String, String>) {
        match value {
            Some(Value::Object(o)) => {
                if let Some(new) = o.get("id").and_then(key_text).and_then(|id| renamed.get(&id)) {
                    o.insert("id".to_owned(), Value::String(new.clone()));
                }
            }
            Some(Value::Array(a)) => a.iter_mut().for_each(|v| fix(Some(v), renamed)),
            _ => {}
        }
    }
    fn each(value: Option<&mut Value>) -> Vec<&mut Map<String, Value>> {
        match value {
            Some(Value::Array(a)) => a.iter_mut().filter_map(Value::as_object_mut).collect(),
            _ => Vec::new(),
        }
    }
    fix(release.get_mut("buyer"), renamed);
    if let Some(Value::Object(tender)) = release.get_mut("tender") {
        fix(tender.get_mut("procuringEntity"), renamed);
        fix(tender.get_mut("tenderers"), renamed);
    }
    for award in each(release.get_mut("awards")) {
        fix(award.get_mut("suppliers"), renamed);
    }
    for contract in each(release.get_mut("contracts")) {
        fix(contract.get_mut("suppliers"), renamed);
        if let Some(Value::Object(implementation)) = contract.get_mut("implementation") {
            for t in each(implementation.get_mut("transactions")) {
                fix(t.get_mut("payer"), renamed);
                fix(t.get_mut("payee"), renamed);
            }
        }
    }
    if let Some(Value::Object(planning)) = release.get_mut("planning")
        && let Some(Value::Object(budget)) = planning.get_mut("budget")
    {
        for b in each(budget.get_mut("budgetBreakdown")) {
            fix(b.get_mut("sourceParty"), renamed);
        }
    }
}

fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn set_path(target: &mut Map<String, Value>, segs: &[Seg], value: Value) {
    let Some((Seg::Key(key), rest)) = segs.split_first() else { return };
    let entry = target.entry(key.clone()).or_insert(Value::Null);
    set_value(entry, rest, value);
}

fn set_value(target: &mut Value, segs: &[Seg], value: Value) {
    match segs.split_first() {
        None => *target = value,
        Some((Seg::Key(key), rest)) => {
            if target.is_null() {
                *target = Value::Object(Map::new());
            }
            if let Value::Object(map) = target {
                set_value(map.entry(key.clone()).or_insert(Value::Null), rest, value);
            }
        }
        Some((Seg::Index(n), rest)) => {
            if target.is_null() {
                *target = Value::Array(Vec::new());
            }
            if let Value::Array(items) = target {
                if items.len() <= *n {
                    items.resize(n + 1, Value::Null);
                }
                set_value(&mut items[*n], rest, value);
            }
        }
    }
}

fn merge(
    target: &mut Map<String, Value>,
    partial: Map<String, Value>,
    path: &str,
    conflicts: &mut Vec<(String, Value, Value)>,
) {
    for (key, value) in partial {
        let here = if path.is_empty() { key.clone() } else { format!("{path}/{key}") };
        let value = strip_nulls(value);
        match target.get_mut(&key) {
            None => {
                target.insert(key, value);
            }
            Some(existing) => match (existing, value) {
                (Value::Object(t), Value::Object(v)) => merge(t, v, &here, conflicts),
                (Value::Array(t), Value::Array(v))
                    if v.iter().all(Value::is_object) && t.iter().all(Value::is_object) =>
                {
                    for item in v {
                        let Value::Object(item) = item else { continue };
                        let id = item.get("id").and_then(key_text);
                        let found = id
                            .as_ref()
                            .and_then(|id| t.iter_mut().find(|e| e.get("id").and_then(key_text).as_ref() == Some(id)));
                        match found {
                            Some(Value::Object(e)) => merge(e, item, &format!("{here}/0"), conflicts),
                            _ => t.push(Value::Object(item)),
                        }
                    }
                }
                (existing, value) => {
                    if *existing != value {
                        conflicts.push((field_path(&here), existing.clone(), value));
                    }
                }
            },
        }
    }
}

fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().filter(|v| !v.is_null()).map(strip_nulls).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, strip_nulls(v))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::MemoryTable;

    /// A package's `version` is kept when the `package` sheet gives one, else 1.1.
    #[test]
    fn to_package_keeps_the_sheets_metadata() {
        let release = serde_json::json!({"ocid": "ocds-1", "id": "1"});
        let mut out = Unflattened { releases: vec![release.clone()], ..Unflattened::default() };
        assert_eq!(out.to_package(), serde_json::json!({"version": "1.1", "releases": [release]}));
        out.package = Some(serde_json::json!({"uri": "u", "version": "1.0"}).as_object().unwrap().clone());
        assert_eq!(out.to_package(), serde_json::json!({"uri": "u", "version": "1.0", "releases": [release]}));
    }

    fn table(name: &str, headers: &[&str], rows: &[&[&str]]) -> MemoryTable {
        MemoryTable {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            notes: None,
            rows: rows
                .iter()
                .map(|r| {
                    r.iter().map(|c| if c.is_empty() { None } else { Some(Cell::Text((*c).to_owned())) }).collect()
                })
                .collect(),
        }
    }

    #[test]
    fn rows_of_every_sheet_build_one_release() {
        let sink = MemorySink {
            tables: vec![
                table(
                    "awards_suppliers",
                    &["ocid", "id", "awards/0/id", "awards/0/suppliers/0/id"],
                    &[&["o1", "r1", "A1", "S1"]],
                ),
                table(
                    "main",
                    &["ocid", "id", "date", "Tender:Value:Amount", "tag"],
                    &[&["o1", "r1", "15/01/2024", "$1,000.50", "tender;award"]],
                ),
                table("awards", &["ocid", "id", "awards/0/id", "awards/0/title"], &[&["o1", "r1", "A1", "Pens"]]),
            ],
        };
        let mut u = Unflattener::new(UnflattenOptions::default());
        u.add_memory(&sink);
        let out = u.finish();
        assert_eq!(out.releases.len(), 1);
        let r = &out.releases[0];
        assert_eq!(r["date"], "2024-01-15T00:00:00Z");
        assert_eq!(r["tender"]["value"]["amount"].to_string(), "1000.50");
        assert_eq!(r["tag"], serde_json::json!(["tender", "award"]));
        assert_eq!(r["awards"][0]["title"], "Pens");
        assert_eq!(r["awards"][0]["suppliers"][0]["id"], "S1");
        let codes: Vec<&str> = out.issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["tables.date_dmy", "tables.amount"]);
        assert_eq!((out.issues[1].sheet.as_str(), out.issues[1].row, out.issues[1].column.as_str()), ("main", 2, "D"));
    }

    #[test]
    fn parties_with_one_rfc_become_one_and_references_follow() {
        let sink = MemorySink {
            tables: vec![
                table("main", &["ocid", "id", "buyer/id"], &[&["o1", "r1", "P2"]]),
                table(
                    "parties",
                    &[
                        "ocid",
                        "id",
                        "parties/0/id",
                        "parties/0/name",
                        "parties/0/identifier/scheme",
                        "parties/0/identifier/id",
                        "parties/0/roles",
                    ],
                    &[
                        &["o1", "r1", "P1", "SAT", "MX-RFC", "sat970701nn3", "buyer"],
                        &["o1", "r1", "P2", "Servicio de Administración Tributaria", "MX-RFC", "SAT970701NN3", "payer"],
                        &["o1", "r1", "P3", "Otro", "MX-RFC", "SAT970701NN4", "supplier"],
                    ],
                ),
            ],
        };
        let mut u = Unflattener::new(UnflattenOptions::default());
        u.add_memory(&sink);
        let out = u.finish();
        let r = &out.releases[0];
        assert_eq!(r["parties"].as_array().unwrap().len(), 2);
        assert_eq!(r["parties"][0]["identifier"]["id"], "SAT970701NN3");
        assert_eq!(r["parties"][0]["roles"], serde_json::json!(["buyer", "payer"]));
        assert_eq!(r["buyer"]["id"], "P1");
        let codes: Vec<&str> = out.issues.iter().map(|i| i.code).collect();
        assert_eq!(
            codes,
            ["tables.identifier_case", "tables.rfc_check_digit", "tables.party_conflict", "tables.party_merged"]
        );
        assert_eq!((out.issues[1].row, out.issues[1].column.as_str()), (4, "F"));
    }

    #[test]
    fn unknown_titles_are_reported_with_their_count() {
        let sink = MemorySink {
            tables: vec![table("main", &["ocid", "id", "Foo:Bar"], &[&["o1", "r1", "x"], &["o1", "r2", "y"]])],
        };
        let mut u = Unflattener::new(UnflattenOptions::default());
        u.add_memory(&sink);
        let out = u.finish();
        assert_eq!(out.releases.len(), 2);
        assert_eq!(out.issues.len(), 1);
        assert_eq!(out.issues[0].code, "tables.unknown_header");
        assert!(out.issues[0].message_en.contains("its 2 values"));
    }
}
