//! Spreadsheets and tables: releases as one table per array (flatten), spreadsheets typed by
//! people back into EDCA-MX releases (unflatten), and an empty workbook to fill in (template).
//!
//! The layout is flatten-tool's, so its users recognise it (see [`layout`]): a `main` table of
//! releases and one table per array of objects (`parties`, `tender_items`, `awards`,
//! `awards_suppliers`…), rows keyed by `ocid`, the release `id` and the ids of the objects above
//! them, columns named by JSON path (`tender/value/amount`, `awards/0/suppliers/0/name`) or by
//! the schema's titles in English or Spanish ([`Headers`]), in the schema's order, extension
//! fields included; a `package` table holds each package's metadata.
//!
//! ```
//! use edca::io::{Reader, Source};
//! use edca::tables::{Flattener, FlattenOptions, MemorySink, Unflattener, UnflattenOptions};
//!
//! let feed = r#"{"ocid":"ocds-1","id":"1","date":"2024-01-10T00:00:00Z","tag":["tender"],
//!   "tender":{"id":"T1","value":{"amount":1500,"currency":"MXN"},"items":[{"id":"i1","quantity":3}]}}"#;
//! let mut flattener = Flattener::new(FlattenOptions::default())?;
//! flattener.read(&mut Reader::new(), Source::from_bytes("feed.json", feed)?)?;
//! let mut tables = MemorySink::default();
//! flattener.finish(&mut tables)?;
//! let items = tables.table("tender_items").unwrap();
//! assert_eq!(items.headers, ["ocid", "id", "tender/id", "tender/items/0/id", "tender/items/0/quantity"]);
//!
//! // Back: the same release.
//! let mut unflattener = Unflattener::new(UnflattenOptions::default());
//! unflattener.add_memory(&tables);
//! let out = unflattener.finish();
//! assert!(out.issues.is_empty());
//! assert_eq!(out.releases[0]["tender"]["items"][0]["quantity"], 3);
//! # Ok::<(), edca::tables::TablesError>(())
//! ```

pub mod cell;
mod flatten;
pub mod ids;
pub mod issue;
pub mod layout;
pub mod parquet;
mod read;
mod template;
mod unflatten;
mod write;

pub use cell::{Cell, CellOptions, RawCell, valid_utc_offset};
pub use flatten::{FlattenOptions, FlattenSummary, Flattener};
pub use issue::Issue;
pub use layout::{Field, FieldType, Layout, TableSpec};
pub use parquet::{ColumnType, ColumnTypes, ParquetFolder};
pub use read::{Sheet, Workbook};
pub use template::{TemplateOptions, key_columns, template};
pub use unflatten::{UnflattenOptions, Unflattened, Unflattener};
pub use write::{CsvFolder, MemorySink, MemoryTable, TableSink, XlsxBook};

use crate::Lang;

/// How columns are named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Headers {
    /// JSON paths (`tender/value/amount`), as flatten-tool writes them.
    #[default]
    Path,
    /// The schema's titles in Spanish, joined by `:` (`Licitación:Valor:Monto`); the English
    /// title where the standard has no translation (extension fields), the path for fields
    /// outside the schema.
    Es,
    /// The schema's titles in English, joined by `:` (`Tender:Value:Amount`).
    En,
}

impl std::str::FromStr for Headers {
    type Err = UnknownHeaders;

    /// `path`, `es` or `en`, as `edca flatten --headers` takes them.
    fn from_str(name: &str) -> Result<Headers, UnknownHeaders> {
        match name {
            "path" => Ok(Headers::Path),
            "es" => Ok(Headers::Es),
            "en" => Ok(Headers::En),
            other => Err(UnknownHeaders(other.to_owned())),
        }
    }
}

/// A name of column headers other than `path`, `es` or `en`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownHeaders(pub String);

impl UnknownHeaders {
    /// Why the name was refused, in Spanish or English.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Es => format!("encabezados {:?}: use \"path\", \"es\" o \"en\"", self.0),
            Lang::En => format!("headers {:?}: use \"path\", \"es\" or \"en\"", self.0),
        }
    }
}

/// Why a table could not be written or a spreadsheet read.
#[derive(Debug, thiserror::Error)]
pub enum TablesError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The input JSON could not be read.
    #[error(transparent)]
    Read(#[from] crate::io::ReadError),
    /// Releases could not be compiled before flattening.
    #[error(transparent)]
    Compile(#[from] crate::merge::CompileError),
    /// A workbook could not be opened or one of its sheets read.
    #[error("{file}: cannot read the workbook: {reason}")]
    Workbook {
        /// The workbook.
        file: String,
        /// What the reader said.
        reason: String,
    },
    /// A CSV file is not valid CSV.
    #[error("{file}, line {line}: {reason}")]
    Csv {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// The XLSX writer failed.
    #[error("{file}: cannot write the workbook: {reason}")]
    Xlsx {
        /// The workbook.
        file: String,
        /// What the writer said.
        reason: String,
    },
    /// The Parquet writer failed.
    #[error("{file}: cannot write the Parquet file: {reason}")]
    Parquet {
        /// The file.
        file: String,
        /// What the writer said.
        reason: String,
    },
    /// A table has more rows than an Excel sheet holds (1,048,576 with the header).
    #[error("table {table}: more than 1,048,575 rows do not fit in an Excel sheet; write CSV instead")]
    TooManyRows {
        /// The table.
        table: String,
    },
    /// A cell is longer than Excel allows (32,767 characters).
    #[error(
        "table {table}, row {row}, column {column}: {length} characters do not fit in an Excel cell (32,767); write CSV instead"
    )]
    CellTooLong {
        /// The table.
        table: String,
        /// 1-based row.
        row: u64,
        /// The column's header.
        column: String,
        /// The cell's length in characters.
        length: usize,
    },
    /// A folder or workbook holds no sheet to read.
    #[error("{file}: no sheet or .csv file to read")]
    NoSheets {
        /// The folder or workbook.
        file: String,
    },
    /// The spreadsheet's format is not known by its name.
    #[error("{file}: not a folder of .csv files, nor an .xlsx, .xlsm, .xls or .ods workbook")]
    UnknownFormat {
        /// The path given.
        file: String,
    },
}

impl TablesError {
    /// Stable code: `tables.io`, `tables.read`, `tables.compile`, `tables.workbook`, `tables.csv`,
    /// `tables.xlsx`, `tables.parquet`, `tables.too_many_rows`, `tables.cell_too_long`, `tables.no_sheets`,
    /// `tables.unknown_format`.
    pub fn code(&self) -> &'static str {
        match self {
            TablesError::Io { .. } => "tables.io",
            TablesError::Read(_) => "tables.read",
            TablesError::Compile(_) => "tables.compile",
            TablesError::Workbook { .. } => "tables.workbook",
            TablesError::Csv { .. } => "tables.csv",
            TablesError::Xlsx { .. } => "tables.xlsx",
            TablesError::Parquet { .. } => "tables.parquet",
            TablesError::TooManyRows { .. } => "tables.too_many_rows",
            TablesError::CellTooLong { .. } => "tables.cell_too_long",
            TablesError::NoSheets { .. } => "tables.no_sheets",
            TablesError::UnknownFormat { .. } => "tables.unknown_format",
        }
    }

    /// The message in `lang` (English is the `Display` text).
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            TablesError::Io { path, source } => format!("{path}: {source}"),
            TablesError::Read(e) => format!("no se pudo leer la entrada: {e}"),
            TablesError::Compile(e) => format!("no se pudieron compilar las entregas: {e}"),
            TablesError::Workbook { file, reason } => format!("{file}: no se pudo leer el libro: {reason}"),
            TablesError::Csv { file, line, reason } => format!("{file}, línea {line}: {reason}"),
            TablesError::Xlsx { file, reason } => format!("{file}: no se pudo escribir el libro: {reason}"),
            TablesError::Parquet { file, reason } => {
                format!("{file}: no se pudo escribir el archivo Parquet: {reason}")
            }
            TablesError::TooManyRows { table } => {
                format!("tabla {table}: más de 1,048,575 filas no caben en una hoja de Excel; escriba CSV")
            }
            TablesError::CellTooLong { table, row, column, length } => format!(
                "tabla {table}, fila {row}, columna {column}: {length} caracteres no caben en una celda de Excel (32,767); escriba CSV"
            ),
            TablesError::NoSheets { file } => format!("{file}: no hay hojas ni archivos .csv que leer"),
            TablesError::UnknownFormat { file } => {
                format!("{file}: no es una carpeta de archivos .csv ni un libro .xlsx, .xlsm, .xls u .ods")
            }
        }
    }

    pub(crate) fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> TablesError {
        TablesError::Io { path: path.as_ref().display().to_string(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_have_codes_and_both_languages() {
        let e = TablesError::TooManyRows { table: "awards".into() };
        assert_eq!(e.code(), "tables.too_many_rows");
        assert!(e.message(Lang::Es).contains("filas"));
        assert!(e.message(Lang::En).contains("rows"));
    }
}
