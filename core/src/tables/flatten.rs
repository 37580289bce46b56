//! Flatten: releases (or compiled releases, or records' compiled releases) → tables.
//!
//! Rows go to one spill file per table as releases come (memory holds the column list, not the
//! rows); [`Flattener::finish`] knows every column that has data, orders them (keys, then the
//! schema's order, then fields outside the schema in the order first seen) and streams each
//! spill file to the sink. Columns and tables without data are left out, as flatten-tool's
//! `--remove-empty-schema-columns` does.

use super::cell::Cell;
use super::layout::{Layout, field_path};
use super::parquet::ColumnTypes;
use super::write::TableSink;
use super::{Headers, TablesError};
use crate::diagnostic::Diagnostics;
use crate::io::{Item, Reader, Source};
use crate::merge::{Compilation, Output};
use crate::profile::Profile;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Options of [`Flattener`].
#[derive(Debug, Clone, Default)]
pub struct FlattenOptions {
    /// How columns are named.
    pub headers: Headers,
    /// The profile whose schema orders the columns and names the tables (EDCA-MX when `None`).
    pub profile: Option<Profile>,
}

/// What [`Flattener::finish`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlattenSummary {
    /// Releases flattened (rows of `main`).
    pub releases: u64,
    /// Tables written, with their row counts, in the order written.
    pub tables: Vec<(String, u64)>,
}

#[derive(Debug)]
struct Column {
    name: String,
    field: Option<usize>,
    key: Option<u32>,
}

#[derive(Debug, Default)]
struct TableState {
    columns: Vec<Column>,
    by_name: HashMap<String, usize>,
    spill: Option<BufWriter<File>>,
    rows: u64,
}

/// One set of tables (the releases', or the packages').
#[derive(Debug)]
struct TableSet {
    layout: Layout,
    states: Vec<TableState>,
}

type Row = Vec<(usize, Cell)>;

static SPILLS: AtomicU64 = AtomicU64::new(0);

/// Turns releases into tables; see the module doc of [`crate::tables`].
#[derive(Debug)]
pub struct Flattener {
    options: FlattenOptions,
    releases: TableSet,
    package: TableSet,
    dir: PathBuf,
    diagnostics: Diagnostics,
    left_out: u64,
}

impl Drop for Flattener {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Flattener {
    /// A flattener whose spill files go to the system's temporary folder.
    pub fn new(options: FlattenOptions) -> Result<Flattener, TablesError> {
        let n = SPILLS.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("edca-flatten-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| TablesError::io(&dir, e))?;
        let profile = options.profile.clone().unwrap_or_else(Profile::edca_mx);
        let layout = if options.profile.is_none() { Layout::edca_mx().clone() } else { Layout::of_profile(&profile) };
        let package = Layout::of_package(&profile);
        Ok(Flattener {
            options,
            releases: TableSet { layout, states: Vec::new() },
            package: TableSet { layout: package, states: Vec::new() },
            dir,
            diagnostics: Diagnostics::default(),
            left_out: 0,
        })
    }

    /// Flattens one release (or compiled release).
    pub fn add_release(&mut self, release: &Value) -> Result<(), TablesError> {
        let Value::Object(release) = release else { return Ok(()) };
        let dir = self.dir.clone();
        self.releases.add_root(release, &dir, "r")
    }

    /// Adds a row to the `package` table: a package's metadata (without `releases`/`records`).
    pub fn add_package(&mut self, metadata: &Map<String, Value>) -> Result<(), TablesError> {
        let dir = self.dir.clone();
        let kept: Map<String, Value> = metadata
            .iter()
            .filter(|(k, _)| *k != "releases" && *k != "records")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if kept.is_empty() {
            return Ok(());
        }
        self.package.add_root(&kept, &dir, "p")
    }

    /// Reads every release of `source`: releases as they are; records by their
    /// `compiledRelease`, or their embedded releases when they have none; packages' metadata to
    /// the `package` table. Values that cannot be read are findings
    /// ([`Flattener::diagnostics`]). Returns the releases flattened.
    pub fn read(&mut self, reader: &mut Reader, source: Source) -> Result<u64, TablesError> {
        let mut count = 0;
        let mut failure = None;
        reader.read(source, |item| {
            let result = match item {
                Item::Release { release, .. } => {
                    count += 1;
                    self.add_release(&release)
                }
                Item::Record { record, .. } => match record.get("compiledRelease") {
                    Some(compiled) => {
                        count += 1;
                        self.add_release(compiled)
                    }
                    None => {
                        let embedded = record.get("releases").and_then(Value::as_array).cloned().unwrap_or_default();
                        let mut r = Ok(());
                        for release in embedded.iter().filter(|r| r.get("ocid").is_some() && r.get("id").is_some()) {
                            count += 1;
                            r = r.and_then(|()| self.add_release(release));
                        }
                        r
                    }
                },
                Item::Package(package) => self.add_package(&package.metadata),
                Item::Skipped(error) => {
                    self.left_out += 1;
                    self.diagnostics.push(crate::merge::compiler::read_error(&error));
                    Ok(())
                }
                Item::Warning(warning) => {
                    self.diagnostics.push(crate::merge::compiler::read_warning(&warning));
                    Ok(())
                }
                Item::Other(_) => Ok(()),
            };
            if let Err(e) = result {
                failure = Some(e);
            }
            Ok(())
        })?;
        match failure {
            Some(e) => Err(e),
            None => Ok(count),
        }
    }

    /// Reads every source as `edca flatten` does: as they are, or — with `compiled` — compiled
    /// first (one row of `main` per ocid). What reading or merging left out is a finding of
    /// [`Flattener::diagnostics`]; a source that cannot be opened stops the run. Returns the
    /// releases flattened.
    pub fn read_sources(
        &mut self,
        sources: impl IntoIterator<Item = Result<Source, crate::io::ReadError>>,
        compiled: bool,
    ) -> Result<u64, TablesError> {
        if !compiled {
            let mut reader = Reader::new();
            let mut count = 0;
            for source in sources {
                count += self.read(&mut reader, source?)?;
            }
            return Ok(count);
        }
        let options = crate::merge::CompileOptions { output: crate::merge::OutputForm::Value, ..Default::default() };
        let mut compilation = Compilation::new(options);
        for source in sources {
            compilation.read(source?)?;
        }
        let count = self.add_compiled(&mut compilation)?;
        for diagnostic in compilation.diagnostics().iter() {
            self.diagnostics.push(diagnostic.clone());
        }
        Ok(count)
    }

    /// Flattens every compiled release of a compile run (in input order); processes that
    /// cannot be merged are findings of the run ([`Compilation::diagnostics`]).
    pub fn add_compiled(&mut self, compilation: &mut Compilation) -> Result<u64, TablesError> {
        let mut count = 0;
        compilation.each(|processed| {
            if let Ok(output) = processed.output {
                let value = match output {
                    Output::Value(v) => v,
                    Output::Json(text) => serde_json::from_str(&text).unwrap_or(Value::Null),
                };
                count += 1;
                self.add_release(&value)?;
            }
            Ok::<(), TablesError>(())
        })?;
        Ok(count)
    }

    /// What was read past: values that could not be read, duplicate members.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Values of the input left out because they could not be read.
    pub fn left_out(&self) -> u64 {
        self.left_out
    }

    /// Writes every table with data to `sink`: `main`, then the other release tables in the
    /// schema's order (tables outside the schema after, as first seen), then `package`.
    pub fn finish(mut self, sink: &mut dyn TableSink) -> Result<FlattenSummary, TablesError> {
        let headers = self.options.headers;
        let mut summary = FlattenSummary::default();
        let releases =
            std::mem::replace(&mut self.releases, TableSet { layout: Layout::edca_mx().clone(), states: Vec::new() });
        let package =
            std::mem::replace(&mut self.package, TableSet { layout: Layout::edca_mx().clone(), states: Vec::new() });
        for (set, prefix) in [(releases, "r"), (package, "p")] {
            set.write(sink, headers, &self.dir, prefix, &mut summary)?;
        }
        summary.releases = summary.tables.iter().find(|(n, _)| n == "main").map_or(0, |(_, n)| *n);
        sink.finish()?;
        Ok(summary)
    }
}

/// The keys of the rows under `object`: the keys above, and the object's `id` when it has one
/// (in `column`); most objects have none, and then the keys above are borrowed, not copied.
fn keys_with_id<'a>(
    keys: &'a [(String, Cell)],
    object: &Map<String, Value>,
    column: impl FnOnce() -> String,
) -> std::borrow::Cow<'a, [(String, Cell)]> {
    match object.get("id").and_then(Cell::of_scalar) {
        Some(id) => std::borrow::Cow::Owned([keys, &[(column(), id)]].concat()),
        None => std::borrow::Cow::Borrowed(keys),
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

impl TableSet {
    fn state(&mut self, table: usize) -> &mut TableState {
        while self.states.len() <= table {
            self.states.push(TableState::default());
        }
        &mut self.states[table]
    }

    fn column(&mut self, table: usize, name: &str, key: Option<u32>) -> usize {
        let state = self.state(table);
        if let Some(&i) = state.by_name.get(name) {
            if key.is_some() && state.columns[i].key.is_none() {
                state.columns[i].key = key;
            }
            return i;
        }
        let field = self.layout.field_index(&field_path(name));
        let state = self.state(table);
        let i = state.columns.len();
        state.columns.push(Column { name: name.to_owned(), field, key });
        state.by_name.insert(name.to_owned(), i);
        i
    }

    fn add_root(&mut self, root: &Map<String, Value>, dir: &std::path::Path, prefix: &str) -> Result<(), TablesError> {
        let mut keys: Vec<(String, Cell)> = Vec::new();
        for k in ["ocid", "id"] {
            if let Some(c) = root.get(k).and_then(Cell::of_scalar) {
                keys.push((k.to_owned(), c));
            }
        }
        let mut row = Row::new();
        for (rank, (name, _)) in keys.iter().enumerate() {
            self.column(0, name, Some(rank as u32));
        }
        self.object(0, root, "", "", &keys, &mut row, dir, prefix)?;
        self.emit(0, row, dir, prefix)
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        table: usize,
        object: &Map<String, Value>,
        column: &str,
        path: &str,
        keys: &[(String, Cell)],
        row: &mut Row,
        dir: &std::path::Path,
        prefix: &str,
    ) -> Result<(), TablesError> {
        for (name, value) in object {
            let col = format!("{column}{name}");
            match value {
                Value::Null => {}
                Value::Object(inner) => {
                    let inner_keys = keys_with_id(keys, inner, || format!("{col}/id"));
                    self.object(
                        table,
                        inner,
                        &format!("{col}/"),
                        &format!("{path}{name}/"),
                        &inner_keys,
                        row,
                        dir,
                        prefix,
                    )?;
                }
                Value::Array(items) if items.is_empty() => {}
                Value::Array(items) if items.iter().all(Value::is_object) => {
                    let child_path = format!("{path}{name}");
                    let child = self.layout.add_table(&child_path, table);
                    for item in items {
                        let Value::Object(item) = item else { continue };
                        let mut child_row = Row::new();
                        for (rank, (key, cell)) in keys.iter().enumerate() {
                            let i = self.column(child, key, Some(rank as u32));
                            child_row.push((i, cell.clone()));
                        }
                        let item_keys = keys_with_id(keys, item, || format!("{col}/0/id"));
                        self.object(
                            child,
                            item,
                            &format!("{col}/0/"),
                            &format!("{child_path}/"),
                            &item_keys,
                            &mut child_row,
                            dir,
                            prefix,
                        )?;
                        self.emit(child, child_row, dir, prefix)?;
                    }
                }
                Value::Array(items) => {
                    // Strings or numbers joined by `;`; anything that would not split back the
                    // same (a `;` inside, nested arrays, mixed types) is written as JSON text.
                    let simple = items.iter().all(|v| match v {
                        Value::String(s) => !s.contains(';') && !s.starts_with('[') && s.trim() == s && !s.is_empty(),
                        Value::Number(_) => true,
                        _ => false,
                    });
                    let text = if simple {
                        items
                            .iter()
                            .map(|v| Cell::of_scalar(v).map(|c| c.text().to_owned()).unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(";")
                    } else {
                        Value::Array(items.clone()).to_string()
                    };
                    let i = self.column(table, &col, None);
                    row.push((i, Cell::Text(text)));
                }
                scalar if is_scalar(scalar) => {
                    if let Some(cell) = Cell::of_scalar(scalar) {
                        let i = self.column(table, &col, None);
                        row.push((i, cell));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn emit(&mut self, table: usize, row: Row, dir: &std::path::Path, prefix: &str) -> Result<(), TablesError> {
        let state = self.state(table);
        if state.spill.is_none() {
            let path = dir.join(format!("{prefix}{table}.bin"));
            let file = File::create(&path).map_err(|e| TablesError::io(&path, e))?;
            state.spill = Some(BufWriter::with_capacity(1 << 16, file));
        }
        let Some(spill) = state.spill.as_mut() else { return Ok(()) };
        let mut put = |bytes: &[u8]| spill.write_all(bytes).map_err(|e| TablesError::io(dir, e));
        put(&(row.len() as u32).to_le_bytes())?;
        for (col, cell) in &row {
            let (tag, text) = match cell {
                Cell::Text(s) => (0u8, s.as_str()),
                Cell::Number(s) => (1u8, s.as_str()),
                Cell::Bool(true) => (2u8, ""),
                Cell::Bool(false) => (3u8, ""),
            };
            put(&(*col as u32).to_le_bytes())?;
            put(&[tag])?;
            put(&(text.len() as u32).to_le_bytes())?;
            put(text.as_bytes())?;
        }
        state.rows += 1;
        Ok(())
    }

    fn write(
        mut self,
        sink: &mut dyn TableSink,
        headers: Headers,
        dir: &std::path::Path,
        prefix: &str,
        summary: &mut FlattenSummary,
    ) -> Result<(), TablesError> {
        for table in 0..self.layout.tables.len() {
            let Some(state) = self.states.get_mut(table) else { continue };
            let Some(mut spill) = state.spill.take() else { continue };
            spill.flush().map_err(|e| TablesError::io(dir, e))?;
            drop(spill);
            // Keys first (by depth), then schema fields in schema order, then the rest as seen.
            let mut order: Vec<usize> = (0..state.columns.len()).collect();
            let rank = |c: &Column, i: usize| match (c.key, c.field) {
                (Some(k), _) => (0, k as usize),
                (None, Some(f)) => (1, f),
                (None, None) => (2, i),
            };
            order.sort_by_key(|&i| rank(&state.columns[i], i));
            let mut position = vec![0; state.columns.len()];
            for (p, &i) in order.iter().enumerate() {
                position[i] = p;
            }
            let mut names = Vec::with_capacity(order.len());
            let mut seen = std::collections::HashSet::new();
            for &i in &order {
                let c = &state.columns[i];
                let field = c.field.map(|f| &self.layout.fields[f]);
                let header = match (headers, field) {
                    (Headers::En, Some(f)) => f.title_en.clone(),
                    (Headers::Es, Some(f)) => f.title_es.clone(),
                    _ => c.name.clone(),
                };
                // A title shared by two columns (deprecated fields) falls back to the path.
                names.push(if seen.insert(header.clone()) { header } else { c.name.clone() });
            }
            let name = self.layout.tables[table].name.clone();
            let path = dir.join(format!("{prefix}{table}.bin"));
            let mut cells: Vec<Option<Cell>> = vec![None; order.len()];
            if sink.wants_column_types() {
                let mut types = ColumnTypes::new(order.len());
                let mut back = Spill::open(&path)?;
                for _ in 0..state.rows {
                    back.row(&position, &mut cells)?;
                    types.add(&cells);
                }
                sink.column_types(&types.finish());
            }
            sink.table(&name, &names, None)?;
            let mut back = Spill::open(&path)?;
            for _ in 0..state.rows {
                back.row(&position, &mut cells)?;
                sink.row(&cells)?;
            }
            summary.tables.push((name, state.rows));
            let _ = std::fs::remove_file(&path);
        }
        Ok(())
    }
}

/// Reads back the rows that [`TableSet::emit`] wrote.
struct Spill {
    path: PathBuf,
    input: BufReader<File>,
}

impl Spill {
    fn open(path: &std::path::Path) -> Result<Spill, TablesError> {
        let file = File::open(path).map_err(|e| TablesError::io(path, e))?;
        Ok(Spill { path: path.to_owned(), input: BufReader::with_capacity(1 << 16, file) })
    }

    fn u32(&mut self) -> Result<u32, TablesError> {
        let mut b = [0u8; 4];
        self.input.read_exact(&mut b).map_err(|e| TablesError::io(&self.path, e))?;
        Ok(u32::from_le_bytes(b))
    }

    /// The next row into `cells`, each cell at `position[column]`.
    fn row(&mut self, position: &[usize], cells: &mut [Option<Cell>]) -> Result<(), TablesError> {
        cells.iter_mut().for_each(|c| *c = None);
        for _ in 0..self.u32()? {
            let col = self.u32()? as usize;
            let mut tag = [0u8; 1];
            self.input.read_exact(&mut tag).map_err(|e| TablesError::io(&self.path, e))?;
            let len = self.u32()? as usize;
            let mut bytes = vec![0u8; len];
            self.input.read_exact(&mut bytes).map_err(|e| TablesError::io(&self.path, e))?;
            let text = String::from_utf8(bytes).unwrap_or_default();
            cells[position[col]] = Some(match tag[0] {
                0 => Cell::Text(text),
                1 => Cell::Number(text),
                2 => Cell::Bool(true),
                _ => Cell::Bool(false),
            });
        }
        Ok(())
    }
}
