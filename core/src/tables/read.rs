//! Reading spreadsheets: a folder of CSV files, a single CSV file, or an XLSX/XLSM/XLS/ODS
//! workbook (calamine), sheet by sheet and row by row.
//!
//! - CSV: UTF-8, with or without a byte order mark; text that is not UTF-8 is read as
//!   Windows-1252, what Excel writes for "CSV" on Spanish Windows (`tables.windows_1252`).
//! - XLSX: cells are streamed (calamine's cell reader), so a sheet formatted down to row
//!   1,048,576 costs the cells that hold something, not a million rows; blank rows are skipped
//!   wherever they are. The workbook's date system (1900 or 1904) is read from the file.

use super::TablesError;
use super::cell::RawCell;
use super::issue::Issue;
use crate::diagnostic::Severity;
use calamine::{Data, DataRef, Reader};
use std::path::{Path, PathBuf};

/// Called with each row's number and cells.
pub type RowFn<'a> = dyn FnMut(u64, &[RawCell]) -> Result<(), TablesError> + 'a;

/// One sheet to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Its name (a CSV file's name without `.csv`).
    pub name: String,
    /// For a CSV folder, the file.
    pub file: Option<PathBuf>,
}

enum Book {
    Csv,
    Xlsx(calamine::Xlsx<std::io::BufReader<std::fs::File>>),
    Other(calamine::Sheets<std::io::BufReader<std::fs::File>>),
}

/// A folder of CSV files or a workbook.
pub struct Workbook {
    path: PathBuf,
    sheets: Vec<Sheet>,
    book: Book,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook").field("path", &self.path).field("sheets", &self.sheets).finish()
    }
}

impl Workbook {
    /// Opens a folder (its `.csv` files, sorted by name, `main.csv` first), a `.csv` file, or
    /// a workbook (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`).
    pub fn open(path: &Path) -> Result<Workbook, TablesError> {
        let display = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            for entry in std::fs::read_dir(path).map_err(|e| TablesError::io(path, e))? {
                let file = entry.map_err(|e| TablesError::io(path, e))?.path();
                if file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
                    files.push(file);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(TablesError::NoSheets { file: display });
            }
            let mut sheets: Vec<Sheet> = files
                .into_iter()
                .map(|f| Sheet {
                    name: f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
                    file: Some(f),
                })
                .collect();
            sheets.sort_by_key(|s| s.name != "main");
            return Ok(Workbook { path: path.to_owned(), sheets, book: Book::Csv });
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        let workbook_error = |e: String| TablesError::Workbook { file: display.clone(), reason: e };
        match ext.as_str() {
            "csv" => {
                let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                Ok(Workbook {
                    path: path.to_owned(),
                    sheets: vec![Sheet { name, file: Some(path.to_owned()) }],
                    book: Book::Csv,
                })
            }
            "xlsx" | "xlsm" => {
                if !path.exists() {
                    return Err(TablesError::io(path, std::io::Error::from(std::io::ErrorKind::NotFound)));
                }
                let book: calamine::Xlsx<_> =
                    calamine::open_workbook(path).map_err(|e: calamine::XlsxError| workbook_error(e.to_string()))?;
                let sheets = book.sheet_names().into_iter().map(|name| Sheet { name, file: None }).collect();
                Ok(Workbook { path: path.to_owned(), sheets, book: Book::Xlsx(book) })
            }
            "xls" | "xlsb" | "ods" => {
                if !path.exists() {
                    return Err(TablesError::io(path, std::io::Error::from(std::io::ErrorKind::NotFound)));
                }
                let book = calamine::open_workbook_auto(path).map_err(|e| workbook_error(e.to_string()))?;
                let sheets = book.sheet_names().into_iter().map(|name| Sheet { name, file: None }).collect();
                Ok(Workbook { path: path.to_owned(), sheets, book: Book::Other(book) })
            }
            _ => Err(TablesError::UnknownFormat { file: display }),
        }
    }

    /// The file or folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its sheets, in order.
    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    /// Whether the workbook counts dates from 1904.
    pub fn date_1904(&self) -> bool {
        match &self.book {
            Book::Xlsx(book) => book.has_1904_epoch(),
            _ => false,
        }
    }

    /// Calls `each(row_number, cells)` for every row of `sheet` that is not blank, in order
    /// (1-based row numbers as the spreadsheet shows them; cells from column A). Issues about
    /// the file (its encoding) go to `issues`.
    pub fn read_sheet(
        &mut self,
        sheet: &Sheet,
        issues: &mut Vec<Issue>,
        each: &mut RowFn<'_>,
    ) -> Result<(), TablesError> {
        let display = self.path.display().to_string();
        let workbook_error =
            |e: String| TablesError::Workbook { file: display.clone(), reason: format!("{}: {e}", sheet.name) };
        match &mut self.book {
            Book::Csv => read_csv(sheet, issues, each),
            Book::Xlsx(book) => {
                let is_1904 = book.has_1904_epoch();
                let mut reader = book.worksheet_cells_reader(&sheet.name).map_err(|e| workbook_error(e.to_string()))?;
                let mut current: Option<u32> = None;
                let mut cells: Vec<RawCell> = Vec::new();
                loop {
                    let next = reader.next_cell().map_err(|e| workbook_error(e.to_string()))?;
                    let Some(cell) = next else { break };
                    let (row, col) = cell.get_position();
                    let raw = from_data_ref(cell.get_value(), is_1904);
                    if raw.is_blank() {
                        continue;
                    }
                    if current != Some(row) {
                        if let Some(r) = current {
                            each(u64::from(r) + 1, &cells)?;
                        }
                        current = Some(row);
                        cells.clear();
                    }
                    let col = col as usize;
                    if cells.len() <= col {
                        cells.resize(col + 1, RawCell::Empty);
                    }
                    cells[col] = raw;
                }
                if let Some(r) = current {
                    each(u64::from(r) + 1, &cells)?;
                }
                Ok(())
            }
            Book::Other(book) => {
                let range = book.worksheet_range(&sheet.name).map_err(|e| workbook_error(e.to_string()))?;
                let Some((top, left)) = range.start() else { return Ok(()) };
                let mut cells: Vec<RawCell> = Vec::new();
                for (i, row) in range.rows().enumerate() {
                    cells.clear();
                    cells.resize(left as usize, RawCell::Empty);
                    cells.extend(row.iter().map(from_data));
                    if cells.iter().all(RawCell::is_blank) {
                        continue;
                    }
                    while cells.last().is_some_and(RawCell::is_blank) {
                        cells.pop();
                    }
                    each(u64::from(top) + i as u64 + 1, &cells)?;
                }
                Ok(())
            }
        }
    }
}

fn from_data_ref(data: &DataRef, is_1904: bool) -> RawCell {
    match data {
        DataRef::Int(i) => RawCell::Int(*i),
        DataRef::Float(f) => RawCell::Float(*f),
        DataRef::String(s) => RawCell::Text(s.clone()),
        DataRef::SharedString(s) => RawCell::Text((*s).to_owned()),
        DataRef::Bool(b) => RawCell::Bool(*b),
        DataRef::DateTime(d) if d.is_datetime() => RawCell::Date { serial: d.as_f64(), is_1904 },
        DataRef::DateTime(d) => RawCell::Float(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => RawCell::DateIso(s.clone()),
        DataRef::Error(e) => RawCell::Error(e.to_string()),
        DataRef::Empty => RawCell::Empty,
    }
}

fn from_data(data: &Data) -> RawCell {
    match data {
        Data::Int(i) => RawCell::Int(*i),
        Data::Float(f) => RawCell::Float(*f),
        Data::String(s) => RawCell::Text(s.clone()),
        Data::Bool(b) => RawCell::Bool(*b),
        // XLS dates come with their workbook's system already applied by calamine's reader.
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            RawCell::DateIso(format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}"))
        }
        Data::DateTime(d) => RawCell::Float(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawCell::DateIso(s.clone()),
        Data::Error(e) => RawCell::Error(e.to_string()),
        Data::Empty => RawCell::Empty,
    }
}

/// Windows-1252's characters for the bytes 0x80–0x9F (the rest is ISO-8859-1); undefined
/// bytes become U+FFFD.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž', '\u{FFFD}', '\u{FFFD}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}', 'ž', 'Ÿ',
];

/// Decodes Windows-1252 bytes.
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

fn read_csv(sheet: &Sheet, issues: &mut Vec<Issue>, each: &mut RowFn<'_>) -> Result<(), TablesError> {
    let Some(path) = &sheet.file else { return Ok(()) };
    let bytes = std::fs::read(path).map_err(|e| TablesError::io(path, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(body) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            issues.push(Issue {
                code: "tables.windows_1252",
                severity: Severity::Warning,
                sheet: sheet.name.clone(),
                row: 0,
                column: String::new(),
                header: String::new(),
                value: String::new(),
                normalised: None,
                message_es: "el archivo no está en UTF-8: se leyó como Windows-1252 (lo que escribe Excel)".to_owned(),
                message_en: "the file is not UTF-8: it was read as Windows-1252 (what Excel writes)".to_owned(),
            });
            std::borrow::Cow::Owned(decode_cp1252(body))
        }
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut cells: Vec<RawCell> = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                cells.clear();
                cells.extend(
                    record.iter().map(|f| if f.is_empty() { RawCell::Empty } else { RawCell::Text(f.to_owned()) }),
                );
                each(line, &cells)?;
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(TablesError::Csv { file: path.display().to_string(), line, reason: e.to_string() });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252() {
        assert_eq!(decode_cp1252(b"Adquisici\xf3n \x80 \x93ok\x94"), "Adquisición € “ok”");
    }
}
