//! Where tables go: a folder of CSV files, an XLSX workbook, or memory (Parquet: [`super::parquet`]).
//!
//! - CSV: one `NAME.csv` per table, UTF-8 without a byte order mark, `\n` line ends, fields
//!   quoted only when needed; booleans `true`/`false`.
//! - XLSX: one sheet per table, written row by row in rust_xlsxwriter's constant-memory mode;
//!   numbers are number cells when their text survives a round trip through a float (`1.50`,
//!   `1e3`, 20-digit amounts stay text, so nothing is rounded), booleans are boolean cells; the
//!   header row is frozen.

use super::TablesError;
use super::cell::{Cell, number_text};
use std::path::{Path, PathBuf};

/// Receives tables one after the other: a header, then rows aligned to it.
pub trait TableSink {
    /// Starts a table. `notes`, when given, is a second row (a description per column).
    fn table(&mut self, name: &str, headers: &[String], notes: Option<&[String]>) -> Result<(), TablesError>;
    /// One row of the current table (`None`: an empty cell).
    fn row(&mut self, cells: &[Option<Cell>]) -> Result<(), TablesError>;
    /// Ends the last table and closes the output.
    fn finish(&mut self) -> Result<(), TablesError>;
    /// Whether the sink types its columns: then [`TableSink::column_types`] comes before each
    /// [`TableSink::table`] (at the cost of a pass over the table's rows).
    fn wants_column_types(&self) -> bool {
        false
    }
    /// What each column of the next table holds.
    fn column_types(&mut self, _types: &[super::parquet::ColumnType]) {}
}

/// A folder of CSV files, one per table.
#[derive(Debug)]
pub struct CsvFolder {
    dir: PathBuf,
    current: Option<(PathBuf, csv::Writer<std::io::BufWriter<std::fs::File>>)>,
}

impl CsvFolder {
    /// Writes into `dir` (created when missing).
    pub fn new(dir: &Path) -> Result<CsvFolder, TablesError> {
        std::fs::create_dir_all(dir).map_err(|e| TablesError::io(dir, e))?;
        Ok(CsvFolder { dir: dir.to_owned(), current: None })
    }

    fn close(&mut self) -> Result<(), TablesError> {
        if let Some((path, mut writer)) = self.current.take() {
            writer.flush().map_err(|e| TablesError::io(&path, e))?;
        }
        Ok(())
    }
}

fn csv_error(path: &Path, e: csv::Error) -> TablesError {
    TablesError::io(path, std::io::Error::other(e.to_string()))
}

impl TableSink for CsvFolder {
    fn table(&mut self, name: &str, headers: &[String], notes: Option<&[String]>) -> Result<(), TablesError> {
        self.close()?;
        let path = self.dir.join(format!("{name}.csv"));
        let file = std::fs::File::create(&path).map_err(|e| TablesError::io(&path, e))?;
        let mut writer = csv::WriterBuilder::new().from_writer(std::io::BufWriter::with_capacity(1 << 16, file));
        writer.write_record(headers).map_err(|e| csv_error(&path, e))?;
        if let Some(notes) = notes {
            writer.write_record(notes).map_err(|e| csv_error(&path, e))?;
        }
        self.current = Some((path, writer));
        Ok(())
    }

    fn row(&mut self, cells: &[Option<Cell>]) -> Result<(), TablesError> {
        let Some((path, writer)) = self.current.as_mut() else { return Ok(()) };
        for cell in cells {
            writer.write_field(cell.as_ref().map_or("", Cell::text)).map_err(|e| csv_error(path, e))?;
        }
        writer.write_record(None::<&[u8]>).map_err(|e| csv_error(path, e))
    }

    fn finish(&mut self) -> Result<(), TablesError> {
        self.close()
    }
}

/// An XLSX workbook, one sheet per table.
pub struct XlsxBook {
    path: PathBuf,
    workbook: rust_xlsxwriter::Workbook,
    sheet: Option<usize>,
    row: u32,
    table: String,
    headers: Vec<String>,
}

impl std::fmt::Debug for XlsxBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxBook").field("path", &self.path).field("row", &self.row).finish()
    }
}

/// Excel's rows per sheet.
pub const MAX_ROWS: u32 = 1_048_576;
/// Excel's characters per cell.
pub const MAX_CELL: usize = 32_767;

impl XlsxBook {
    /// A workbook saved to `path` by [`TableSink::finish`].
    pub fn new(path: &Path) -> Result<XlsxBook, TablesError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let temp = std::env::temp_dir();
        workbook
            .set_tempdir(&temp)
            .map_err(|e| TablesError::Xlsx { file: path.display().to_string(), reason: e.to_string() })?;
        Ok(XlsxBook { path: path.to_owned(), workbook, sheet: None, row: 0, table: String::new(), headers: Vec::new() })
    }

    fn error(&self, e: rust_xlsxwriter::XlsxError) -> TablesError {
        TablesError::Xlsx { file: self.path.display().to_string(), reason: e.to_string() }
    }

    fn put(&mut self, column: u16, cell: &Cell) -> Result<(), TablesError> {
        let (row, index) = (self.row, self.sheet.unwrap_or(0));
        let text = cell.text();
        if text.chars().count() > MAX_CELL {
            return Err(TablesError::CellTooLong {
                table: self.table.clone(),
                row: u64::from(row) + 1,
                column: self.headers.get(usize::from(column)).cloned().unwrap_or_default(),
                length: text.chars().count(),
            });
        }
        let file = self.path.display().to_string();
        let error = |e: rust_xlsxwriter::XlsxError| TablesError::Xlsx { file: file.clone(), reason: e.to_string() };
        let sheet = self.workbook.worksheet_from_index(index).map_err(error)?;
        let result = match cell {
            Cell::Bool(b) => sheet.write_boolean(row, column, *b).map(|_| ()),
            Cell::Number(n) => match n.parse::<f64>() {
                Ok(f) if f.is_finite() && number_text(f) == *n => sheet.write_number(row, column, f).map(|_| ()),
                _ => sheet.write_string(row, column, n).map(|_| ()),
            },
            Cell::Text(s) => sheet.write_string(row, column, s).map(|_| ()),
        };
        result.map_err(error)
    }
}

impl TableSink for XlsxBook {
    fn table(&mut self, name: &str, headers: &[String], notes: Option<&[String]>) -> Result<(), TablesError> {
        let result = self
            .workbook
            .add_worksheet_with_constant_memory()
            .and_then(|sheet| sheet.set_name(name))
            .and_then(|s| s.set_freeze_panes(1, 0))
            .map(|_| ());
        result.map_err(|e| self.error(e))?;
        self.sheet = Some(self.workbook.worksheets().len() - 1);
        self.table = name.to_owned();
        self.headers = headers.to_vec();
        self.row = 0;
        let header_cells: Vec<Option<Cell>> = headers.iter().map(|h| Some(Cell::Text(h.clone()))).collect();
        self.row(&header_cells)?;
        if let Some(notes) = notes {
            let cells: Vec<Option<Cell>> = notes.iter().map(|n| Some(Cell::Text(n.clone()))).collect();
            self.row(&cells)?;
        }
        Ok(())
    }

    fn row(&mut self, cells: &[Option<Cell>]) -> Result<(), TablesError> {
        if self.row >= MAX_ROWS {
            return Err(TablesError::TooManyRows { table: self.table.clone() });
        }
        for (i, cell) in cells.iter().enumerate() {
            if let Some(cell) = cell {
                let column = u16::try_from(i).map_err(|_| TablesError::Xlsx {
                    file: self.path.display().to_string(),
                    reason: format!("table {}: more than 16,384 columns", self.table),
                })?;
                self.put(column, cell)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), TablesError> {
        if self.workbook.worksheets().is_empty() {
            // A workbook needs a sheet: an empty `main`.
            self.table("main", &[], None)?;
        }
        let path = self.path.clone();
        self.workbook.save(&path).map_err(|e| self.error(e))
    }
}

/// One table held in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemoryTable {
    /// The table's name.
    pub name: String,
    /// Its headers.
    pub headers: Vec<String>,
    /// The notes row, if any.
    pub notes: Option<Vec<String>>,
    /// Its rows.
    pub rows: Vec<Vec<Option<Cell>>>,
}

/// Tables kept in memory (for tests, and for bindings that hand tables over).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemorySink {
    /// The tables, in the order written.
    pub tables: Vec<MemoryTable>,
}

impl MemorySink {
    /// The table of that name.
    pub fn table(&self, name: &str) -> Option<&MemoryTable> {
        self.tables.iter().find(|t| t.name == name)
    }
}

impl TableSink for MemorySink {
    fn table(&mut self, name: &str, headers: &[String], notes: Option<&[String]>) -> Result<(), TablesError> {
        self.tables.push(MemoryTable {
            name: name.to_owned(),
            headers: headers.to_vec(),
            notes: notes.map(<[String]>::to_vec),
            rows: Vec::new(),
        });
        Ok(())
    }

    fn row(&mut self, cells: &[Option<Cell>]) -> Result<(), TablesError> {
        if let Some(t) = self.tables.last_mut() {
            t.rows.push(cells.to_vec());
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), TablesError> {
        Ok(())
    }
}
