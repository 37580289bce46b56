//! Parquet: a folder with one `NAME.parquet` file per table.
//!
//! Every column is optional (an empty cell is a null) and typed by what it holds, found by a
//! pass over its rows before it is written ([`ColumnTypes`]): booleans, 64-bit
//! integers, doubles only when the double holds every number's value exactly (`1.50` is 1.5, but
//! a 20-digit amount keeps the whole column as text, so nothing is rounded), else UTF-8 text. Rows go out
//! in row groups of at most [`ROW_GROUP_ROWS`] rows, so memory holds one row group, not the
//! table. Snappy compression, as Parquet writers do by default. The notes row of a template
//! has no place in Parquet and is not written.

use super::TablesError;
use super::cell::Cell;
use super::write::TableSink;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per row group (fewer when the group's text reaches [`ROW_GROUP_BYTES`]).
pub const ROW_GROUP_ROWS: usize = 65_536;
/// Bytes of cell text per row group before it is written.
pub const ROW_GROUP_BYTES: usize = 64 << 20;

/// What a column holds, for writers that type their columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (and any column whose cells are not all of one of the other kinds).
    Text,
    /// Numbers that are all integers within 64 bits, written as they are.
    Integer,
    /// Numbers whose value a double holds exactly (nothing rounded; `1.50` is `1.5`).
    Float,
    /// Booleans.
    Bool,
}

/// Finds the [`ColumnType`] of each column of a table from its rows, one row at a time.
#[derive(Debug, Clone, Default)]
pub struct ColumnTypes(Vec<Found>);

#[derive(Debug, Clone, Copy, Default)]
struct Found {
    text: bool,
    boolean: bool,
    integer: bool,
    float: bool,
    /// An integer that a double would round.
    wide: bool,
}

impl ColumnTypes {
    /// For a table of `columns` columns.
    pub fn new(columns: usize) -> ColumnTypes {
        ColumnTypes(vec![Found::default(); columns])
    }

    /// Takes one row into account.
    pub fn add(&mut self, row: &[Option<Cell>]) {
        for (found, cell) in self.0.iter_mut().zip(row) {
            match cell {
                None => {}
                Some(Cell::Text(_)) => found.text = true,
                Some(Cell::Bool(_)) => found.boolean = true,
                Some(Cell::Number(n)) => match (integer(n).is_some(), float(n).is_some()) {
                    (true, exact) => {
                        found.integer = true;
                        found.wide |= !exact;
                    }
                    (false, true) => found.float = true,
                    (false, false) => found.text = true,
                },
            }
        }
    }

    /// The type of each column (a column without cells is text).
    pub fn finish(self) -> Vec<ColumnType> {
        let kind = |f: Found| match f {
            Found { text: true, .. } => ColumnType::Text,
            Found { boolean: true, integer: false, float: false, .. } => ColumnType::Bool,
            Found { boolean: true, .. } => ColumnType::Text,
            Found { float: true, wide: true, .. } => ColumnType::Text,
            Found { float: true, .. } => ColumnType::Float,
            Found { integer: true, .. } => ColumnType::Integer,
            _ => ColumnType::Text,
        };
        self.0.into_iter().map(kind).collect()
    }
}

fn integer(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|i| i.to_string() == text)
}

/// The double of a number whose value it holds exactly in its shortest form: `1.50` and `0.1`
/// (the double's shortest text is `1.5`, `0.1`), not `0.12345678901234567890`.
fn float(text: &str) -> Option<f64> {
    let f = text.parse::<f64>().ok().filter(|f| f.is_finite())?;
    (decimal(text)? == decimal(&format!("{f}"))?).then_some(f)
}

/// A decimal number's value as (negative, significant digits, exponent of the last digit); zero
/// is `(false, "", 0)`. `None` when the text is not a number.
fn decimal(text: &str) -> Option<(bool, String, i64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() || !(whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let exponent = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
    let significant = digits.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    if trimmed.is_empty() {
        return Some((false, String::new(), 0));
    }
    let shift = i64::try_from(significant.len() - trimmed.len()).ok()?;
    Some((negative, trimmed.to_owned(), exponent.checked_add(shift)?))
}

/// A folder of Parquet files, one per table.
#[derive(Debug)]
pub struct ParquetFolder {
    dir: PathBuf,
    types: Option<Vec<ColumnType>>,
    current: Option<Table>,
}

enum Values {
    Text(Vec<ByteArray>),
    Integer(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

struct Column {
    defined: Vec<i16>,
    values: Values,
}

impl Column {
    fn new(kind: ColumnType) -> Column {
        let values = match kind {
            ColumnType::Text => Values::Text(Vec::new()),
            ColumnType::Integer => Values::Integer(Vec::new()),
            ColumnType::Float => Values::Float(Vec::new()),
            ColumnType::Bool => Values::Bool(Vec::new()),
        };
        Column { defined: Vec::new(), values }
    }

    /// Empties the column for the next row group.
    fn clear(&mut self) {
        self.defined.clear();
        match &mut self.values {
            Values::Text(v) => v.clear(),
            Values::Integer(v) => v.clear(),
            Values::Float(v) => v.clear(),
            Values::Bool(v) => v.clear(),
        }
    }
}

struct Table {
    path: PathBuf,
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: Vec<Column>,
    rows: usize,
    bytes: usize,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("path", &self.path).field("rows", &self.rows).finish()
    }
}

fn parquet_error(path: &Path, e: parquet::errors::ParquetError) -> TablesError {
    TablesError::Parquet { file: path.display().to_string(), reason: e.to_string() }
}

impl ParquetFolder {
    /// Writes into `dir` (created when missing).
    pub fn new(dir: &Path) -> Result<ParquetFolder, TablesError> {
        std::fs::create_dir_all(dir).map_err(|e| TablesError::io(dir, e))?;
        Ok(ParquetFolder { dir: dir.to_owned(), types: None, current: None })
    }

    fn close(&mut self) -> Result<(), TablesError> {
        let Some(mut table) = self.current.take() else { return Ok(()) };
        table.flush()?;
        let path = table.path.clone();
        table.writer.close().map_err(|e| parquet_error(&path, e))?;
        Ok(())
    }
}

impl Table {
    fn flush(&mut self) -> Result<(), TablesError> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let error = |e| parquet_error(&path, e);
        let mut group = self.writer.next_row_group().map_err(error)?;
        let mut columns = self.columns.iter_mut();
        while let Some(mut writer) = group.next_column().map_err(error)? {
            let Some(column) = columns.next() else { break };
            let defined = Some(column.defined.as_slice());
            match &mut column.values {
                Values::Text(v) => writer.typed::<ByteArrayType>().write_batch(v, defined, None),
                Values::Integer(v) => writer.typed::<Int64Type>().write_batch(v, defined, None),
                Values::Float(v) => writer.typed::<DoubleType>().write_batch(v, defined, None),
                Values::Bool(v) => writer.typed::<BoolType>().write_batch(v, defined, None),
            }
            .map_err(error)?;
            writer.close().map_err(error)?;
            column.clear();
        }
        group.close().map_err(error)?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }
}

impl TableSink for ParquetFolder {
    fn wants_column_types(&self) -> bool {
        true
    }

    fn column_types(&mut self, types: &[ColumnType]) {
        self.types = Some(types.to_vec());
    }

    fn table(&mut self, name: &str, headers: &[String], _notes: Option<&[String]>) -> Result<(), TablesError> {
        self.close()?;
        let types = match self.types.take() {
            Some(types) if types.len() == headers.len() => types,
            _ => vec![ColumnType::Text; headers.len()],
        };
        let path = self.dir.join(format!("{name}.parquet"));
        let error = |e| parquet_error(&path, e);
        let fields = headers
            .iter()
            .zip(&types)
            .map(|(header, kind)| {
                let builder = match kind {
                    ColumnType::Text => Type::primitive_type_builder(header, Physical::BYTE_ARRAY)
                        .with_logical_type(Some(LogicalType::String)),
                    ColumnType::Integer => Type::primitive_type_builder(header, Physical::INT64),
                    ColumnType::Float => Type::primitive_type_builder(header, Physical::DOUBLE),
                    ColumnType::Bool => Type::primitive_type_builder(header, Physical::BOOLEAN),
                };
                builder.with_repetition(Repetition::OPTIONAL).build().map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(error)?;
        let schema = Type::group_type_builder("schema").with_fields(fields).build().map_err(error)?;
        let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let file = File::create(&path).map_err(|e| TablesError::io(&path, e))?;
        let writer =
            SerializedFileWriter::new(BufWriter::with_capacity(1 << 16, file), Arc::new(schema), properties.into())
                .map_err(error)?;
        let columns = types.iter().map(|kind| Column::new(*kind)).collect();
        self.current = Some(Table { path, writer, columns, rows: 0, bytes: 0 });
        Ok(())
    }

    fn row(&mut self, cells: &[Option<Cell>]) -> Result<(), TablesError> {
        let Some(table) = self.current.as_mut() else { return Ok(()) };
        for (i, column) in table.columns.iter_mut().enumerate() {
            let Some(cell) = cells.get(i).and_then(Option::as_ref) else {
                column.defined.push(0);
                continue;
            };
            let text = cell.text();
            let kept = match (&mut column.values, cell) {
                (Values::Bool(v), Cell::Bool(b)) => {
                    v.push(*b);
                    true
                }
                (Values::Integer(v), Cell::Number(n)) => integer(n).map(|i| v.push(i)).is_some(),
                (Values::Float(v), Cell::Number(n)) => float(n).map(|f| v.push(f)).is_some(),
                (Values::Text(v), _) => {
                    v.push(ByteArray::from(text.as_bytes().to_vec()));
                    true
                }
                _ => false,
            };
            if !kept {
                // The types were computed from other rows than these: a caller's mistake, and
                // nothing is written that would misstate the cell.
                let reason = format!("column {i}: cell {text:?} does not fit the column's type");
                return Err(TablesError::Parquet { file: table.path.display().to_string(), reason });
            }
            column.defined.push(1);
            table.bytes += text.len();
        }
        table.rows += 1;
        if table.rows >= ROW_GROUP_ROWS || table.bytes >= ROW_GROUP_BYTES {
            table.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), TablesError> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Cell {
        Cell::Number(text.to_owned())
    }

    fn types(rows: &[Vec<Option<Cell>>]) -> Vec<ColumnType> {
        let mut found = ColumnTypes::new(rows[0].len());
        rows.iter().for_each(|row| found.add(row));
        found.finish()
    }

    #[test]
    fn columns_are_typed_only_when_nothing_is_rounded() {
        use ColumnType::*;
        let rows: Vec<Vec<Option<Cell>>> = vec![
            vec![Some(n("1")), Some(n("1.5")), Some(Cell::Bool(true)), Some(n("1.50")), Some(n("3")), None],
            vec![Some(n("20")), Some(n("2")), None, Some(n("2")), Some(Cell::Text("x".into())), None],
            vec![None, Some(n("2.25")), Some(Cell::Bool(false)), None, Some(n("4")), None],
        ];
        // `1.50` is the double 1.5 exactly; mixed and empty columns are text.
        assert_eq!(types(&rows), [Integer, Float, Bool, Float, Text, Text]);
        // An integer that a double rounds keeps a column of numbers as text; alone, it is an integer.
        let wide = vec![vec![Some(n("9007199254740993"))], vec![Some(n("0.5"))]];
        assert_eq!(types(&wide), [Text]);
        assert_eq!(types(&wide[..1]), [Integer]);
        // A number no double or i64 holds is text.
        assert_eq!(types(&[vec![Some(n("123456789012345678901234567890"))]]), [Text]);
        assert_eq!(types(&[vec![Some(n("0.12345678901234567890"))]]), [Text]);
        assert_eq!(types(&[vec![Some(n("9396000.0"))], vec![Some(n("1e-7"))], vec![Some(n("-0.10"))]]), [Float]);
    }

    #[test]
    fn decimal_values_compare_whatever_the_spelling() {
        assert_eq!(decimal("1.50"), decimal("1.5"));
        assert_eq!(decimal("9396000.0"), decimal("9396000"));
        assert_eq!(decimal("1e3"), decimal("1000"));
        assert_eq!(decimal("-0.0"), decimal("0"));
        assert_eq!(decimal("0.00120"), Some((false, "12".into(), -4)));
        assert_ne!(decimal("0.1"), decimal("0.10000000000000001"));
        assert_eq!(decimal("1.2.3"), None);
        assert_eq!(decimal("."), None);
        assert_eq!(decimal("1e99999999999999999999"), None);
    }
}
