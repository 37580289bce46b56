//! `flatten` and `unflatten`: core's `edca::tables` for a portal — every array of a dataset as
//! `{name, headers, rows}` (a grid or a CSV download away), and a spreadsheet back to EDCA-MX
//! releases with every change reported, as `edca flatten` / `edca unflatten` do.

use crate::failure::{Failure, diagnostic_json};
use crate::input::{Input, lang};
use edca::Lang;
use edca::diagnostic::Severity;
use edca::tables::{
    Cell, CellOptions, FlattenOptions as CoreFlatten, Flattener, Headers, MemorySink, TablesError,
    UnflattenOptions as CoreUnflatten, Unflattener, UnknownHeaders, Workbook, valid_utc_offset,
};
use napi_derive::napi;
use serde_json::{Value, json};

/// Options of `flatten` (as `edca flatten`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct FlattenOptions {
    /// Column names: `'path'` (default, `tender/value/amount`), `'es'` or `'en'` (the schema's titles).
    pub headers: Option<String>,
    /// Compile first: one row of `main` per ocid.
    pub compiled: Option<bool>,
    /// `'es'` (default) or `'en'`.
    pub lang: Option<String>,
}

/// Options of `unflatten` (as `edca unflatten`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct UnflattenOptions {
    /// One release package (metadata from the `package` sheet) instead of a list of releases.
    pub package: Option<bool>,
    /// The zone given to dates typed without one: `'Z'` (default) or `'±hh:mm'`.
    pub utc_offset: Option<String>,
    /// Do not merge parties that share an identifier.
    pub keep_parties: Option<bool>,
    /// `'es'` (default) or `'en'`.
    pub lang: Option<String>,
}

fn tables_failure(error: TablesError) -> Failure {
    match error {
        TablesError::Read(e) => e.into(),
        TablesError::Compile(e) => e.into(),
        other => Failure::new(
            other.code(),
            other.message(Lang::Es),
            other.message(Lang::En),
            json!({ "reason": other.to_string() }),
        ),
    }
}

fn cell_json(cell: &Option<Cell>) -> Value {
    match cell {
        None => Value::Null,
        Some(Cell::Text(s)) => Value::String(s.clone()),
        // As JSON.parse reads the number written in the input.
        Some(Cell::Number(s)) => serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone())),
        Some(Cell::Bool(b)) => Value::Bool(*b),
    }
}

/// `{tables: [{name, headers, rows}]}`, and the failure if values were left out (the tables of
/// everything else come with it, as `compile.incomplete` brings the merged processes).
pub fn flatten(options: FlattenOptions, input: Input) -> Result<(String, Option<Failure>), Failure> {
    let lang = lang(options.lang.as_deref())?;
    let headers: Headers = options.headers.as_deref().unwrap_or("path").parse().map_err(|e: UnknownHeaders| {
        let details = json!({ "option": "headers", "value": e.0 });
        Failure::options(e.message(Lang::Es), e.message(Lang::En), details)
    })?;
    let mut flattener = Flattener::new(CoreFlatten { headers, profile: None }).map_err(tables_failure)?;
    let source = input.source()?;
    flattener.read_sources([Ok(source)], options.compiled.unwrap_or(false)).map_err(tables_failure)?;
    let findings = flattener.diagnostics().clone();
    let left_out = flattener.left_out();
    let mut sink = MemorySink::default();
    flattener.finish(&mut sink).map_err(tables_failure)?;
    let tables: Vec<Value> = sink
        .tables
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t.rows.iter().map(|row| Value::Array(row.iter().map(cell_json).collect())).collect();
            json!({ "name": t.name, "headers": t.headers, "rows": rows })
        })
        .collect();
    let errors: Vec<Value> =
        findings.iter().filter(|d| d.severity == Severity::Error).map(|d| diagnostic_json(d, Some(lang))).collect();
    let failure = (!errors.is_empty()).then(|| {
        Failure::new(
            "flatten.incomplete",
            format!("{left_out} valores no se pudieron leer y se omitieron"),
            format!("{left_out} values could not be read and were left out"),
            json!({ "leftOut": left_out, "errors": errors }),
        )
    });
    Ok((json!({ "tables": tables }).to_string(), failure))
}

/// `{releases | package, issues}`: the spreadsheet's releases and every cell normalised,
/// merged or left out (sheet, row, column, value, what it became, why).
pub fn unflatten(options: UnflattenOptions, path: String) -> Result<String, Failure> {
    let lang = lang(options.lang.as_deref())?;
    let utc_offset = options.utc_offset.unwrap_or_else(|| "Z".to_owned());
    if !valid_utc_offset(&utc_offset) {
        return Err(Failure::options(
            format!("utcOffset {utc_offset:?}: se espera 'Z' o '±hh:mm'"),
            format!("utcOffset {utc_offset:?}: expected 'Z' or '±hh:mm'"),
            json!({ "option": "utcOffset", "value": utc_offset }),
        ));
    }
    let mut workbook = Workbook::open(std::path::Path::new(&path)).map_err(tables_failure)?;
    let mut unflattener = Unflattener::new(CoreUnflatten {
        cells: CellOptions { utc_offset, date_1904: false },
        profile: None,
        merge_parties: !options.keep_parties.unwrap_or(false),
    });
    unflattener.add_workbook(&mut workbook).map_err(tables_failure)?;
    let out = unflattener.finish();
    let issues: Vec<Value> = out
        .issues
        .iter()
        .map(|i| {
            json!({
                "code": i.code, "severity": i.severity.as_str(), "sheet": i.sheet, "row": i.row,
                "column": i.column, "header": i.header, "value": i.value, "normalised": i.normalised,
                "message": i.message(lang),
            })
        })
        .collect();
    let result = if options.package.unwrap_or(false) {
        json!({ "package": out.to_package(), "issues": issues })
    } else {
        json!({ "releases": out.releases, "issues": issues })
    };
    Ok(result.to_string())
}
