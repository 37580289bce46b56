//! `edca.flatten` and `edca.unflatten`: core's `edca::tables` for notebooks — every array of a
//! dataset as an Arrow table (a DataFrame away), and a spreadsheet typed by people back into
//! EDCA-MX releases with every change reported, as `edca flatten` / `edca unflatten` do.

use crate::convert::{Numbers, to_py};
use crate::errors::{Class, Detail, Failure};
use crate::inputs::{open, parts};
use crate::runtime::{Interrupt, detached};
use crate::tables::{Builder, Column, Table};
use crate::{decimal_type, parse_lang};
use edca::Lang;
use edca::diagnostic::Severity;
use edca::tables::{
    Cell, CellOptions, FlattenOptions, Flattener, Headers, Issue, MemorySink, MemoryTable, TablesError,
    UnflattenOptions, Unflattener, Workbook, valid_utc_offset,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::path::PathBuf;

fn tables_failure(error: TablesError) -> Failure {
    match error {
        TablesError::Read(e) => e.into(),
        TablesError::Compile(e) => e.into(),
        other => {
            let class = match other {
                TablesError::Io { .. } | TablesError::Workbook { .. } | TablesError::Csv { .. } => Class::Read,
                _ => Class::Config,
            };
            let mut detail = Detail::new(other.code(), other.message(Lang::Es));
            detail.message_en = Some(other.message(Lang::En));
            Failure::new(class, detail)
        }
    }
}

/// A table of core's cells as Arrow columns: a column whose cells are all numbers is `Float64`,
/// all booleans `Boolean`, anything else text (numbers as written).
fn batch(table: MemoryTable) -> Result<Table, Failure> {
    let internal =
        |e: arrow_schema::ArrowError| Failure::new(Class::Edca, Detail::new("internal.arrow", e.to_string()));
    let mut columns = Vec::with_capacity(table.headers.len());
    for (n, header) in table.headers.into_iter().enumerate() {
        let cells = table.rows.iter().map(|row| row.get(n).and_then(Option::as_ref));
        let kinds = cells.clone().flatten();
        let column = if kinds.clone().all(|c| matches!(c, Cell::Number(s) if s.parse::<f64>().is_ok())) {
            Column::Float(cells.map(|c| c.and_then(|c| c.text().parse().ok())).collect())
        } else if kinds.clone().all(|c| matches!(c, Cell::Bool(_))) {
            Column::Bool(cells.map(|c| c.map(|c| matches!(c, Cell::Bool(true)))).collect())
        } else {
            Column::Text(cells.map(|c| c.map(|c| c.text().to_owned())).collect())
        };
        columns.push((header, column));
    }
    Ok(Table::new(Builder::named(columns).finish().map_err(internal)?))
}

/// Every array of the releases as a table, as `edca flatten` writes them: a dict from table
/// name (`main`, `parties`, `tender_items`, `awards_suppliers`…) to `edca.Table`, rows keyed by
/// `ocid`, the release `id` and the ids above them. `compiled=True` compiles first (one row of
/// `main` per ocid). A value that cannot be read costs only itself: the other tables come in
/// the `ReadError`'s `.results`.
///
/// >>> import edca
/// >>> tables = edca.flatten([{"ocid": "ocds-1", "id": "1", "date": "2024-01-10T00:00:00Z",
/// ...     "tender": {"id": "T1", "items": [{"id": "i1", "quantity": 3}]}}])
/// >>> tables["tender_items"].column_names
/// ['ocid', 'id', 'tender/id', 'tender/items/0/id', 'tender/items/0/quantity']
/// >>> tables["tender_items"].to_pydict()["tender/items/0/quantity"]
/// [3.0]
#[pyfunction]
#[pyo3(signature = (data, *, headers = "path", compiled = false, lang = "es"))]
pub fn flatten<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    headers: &str,
    compiled: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let lang = parse_lang(py, lang)?;
    let options = FlattenOptions {
        headers: headers.parse::<Headers>().map_err(|e| Failure::config(e.message(lang)).into_pyerr(py, lang, &[]))?,
        profile: None,
    };
    let parts = parts(data)?;
    let interrupt = Interrupt::default();
    let (tables, failed) = detached(py, &interrupt, lang, || {
        let mut flattener = Flattener::new(options).map_err(tables_failure)?;
        flattener.read_sources(open(parts, &interrupt)?.into_iter().map(Ok), compiled).map_err(tables_failure)?;
        let flattener_findings = flattener.diagnostics().clone();
        let mut sink = MemorySink::default();
        flattener.finish(&mut sink).map_err(tables_failure)?;
        let tables =
            sink.tables.into_iter().map(|t| Ok((t.name.clone(), batch(t)?))).collect::<Result<Vec<_>, Failure>>()?;
        let failed: Vec<Detail> = (flattener_findings.iter())
            .filter(|d| d.severity == Severity::Error)
            .map(crate::errors::diagnostic_detail)
            .collect();
        Ok((tables, failed))
    })?;
    let dict = PyDict::new(py);
    for (name, table) in tables {
        dict.set_item(name, Bound::new(py, table)?)?;
    }
    if !failed.is_empty() {
        let failure = Failure { class: Class::Read, details: failed };
        return Err(failure.into_pyerr(py, lang, &[("results", dict.into_any())]));
    }
    Ok(dict)
}

/// The issues of an unflatten as a table: one row per cell normalised, merged or left out.
fn issues_table(issues: &[Issue], lang: Lang) -> Result<Table, Failure> {
    let text = |f: &dyn Fn(&Issue) -> Option<String>| Column::Text(issues.iter().map(f).collect());
    let columns = vec![
        ("code", text(&|i| Some(i.code.to_owned()))),
        ("severity", text(&|i| Some(i.severity.as_str().to_owned()))),
        ("sheet", text(&|i| Some(i.sheet.clone()))),
        ("row", Column::Count(issues.iter().map(|i| i.row).collect())),
        ("column", text(&|i| Some(i.column.clone()))),
        ("header", text(&|i| Some(i.header.clone()))),
        ("value", text(&|i| Some(i.value.clone()))),
        ("normalised", text(&|i| i.normalised.clone())),
        ("message", text(&|i| Some(i.message(lang).to_owned()))),
    ];
    Builder::new(columns)
        .finish()
        .map(Table::new)
        .map_err(|e| Failure::new(Class::Edca, Detail::new("internal.arrow", e.to_string())))
}

/// Reads a spreadsheet in flatten-tool's layout (a folder of CSV files, a `.csv`, or an
/// `.xlsx`/`.xlsm`/`.xls`/`.ods` workbook) into EDCA-MX releases, as `edca unflatten` does.
/// Returns `(releases, issues)`: the releases (a release package with `package=True`, its
/// metadata from the `package` sheet) and an `edca.Table` of every cell normalised, merged or
/// left out (sheet, row, column, value, what it became, why). Nothing is changed silently.
#[pyfunction]
#[pyo3(signature = (path, *, package = false, utc_offset = "Z", keep_parties = false, decimal = false, lang = "es"))]
pub fn unflatten<'py>(
    py: Python<'py>,
    path: PathBuf,
    package: bool,
    utc_offset: &str,
    keep_parties: bool,
    decimal: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let lang = parse_lang(py, lang)?;
    if !valid_utc_offset(utc_offset) {
        let failure = Failure::config(format!("utc_offset={utc_offset:?}: expected \"Z\" or \"±hh:mm\""));
        return Err(failure.into_pyerr(py, lang, &[]));
    }
    let options = UnflattenOptions {
        cells: CellOptions { utc_offset: utc_offset.to_owned(), date_1904: false },
        profile: None,
        merge_parties: !keep_parties,
    };
    let interrupt = Interrupt::default();
    let (data, issues) = detached(py, &interrupt, lang, || {
        let mut workbook = Workbook::open(&path).map_err(tables_failure)?;
        let mut unflattener = Unflattener::new(options);
        unflattener.add_workbook(&mut workbook).map_err(tables_failure)?;
        let out = unflattener.finish();
        let issues = issues_table(&out.issues, lang)?;
        let data = if package { out.to_package() } else { serde_json::Value::Array(out.releases) };
        Ok((data, issues))
    })?;
    let decimal = decimal_type(py, decimal)?;
    let data = to_py(py, &data, Numbers { decimal: decimal.as_ref() })?;
    PyTuple::new(py, [data, Bound::new(py, issues)?.into_any()])
}
