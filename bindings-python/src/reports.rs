//! `edca.validate` and `edca.indices`: reports as objects with attributes, `.to_dict()`,
//! `.to_json()`, tables through Arrow, and a notebook display in the report's language.

use crate::convert::{Numbers, to_py};
use crate::errors::{Class, Detail, Failure};
use crate::inputs::{dict_or_path, open, parts};
use crate::runtime::{Interrupt, detached};
use crate::tables::{Builder, Column, Table};
use crate::{PyProfile, schema_value};
use edca::indices::inputs::Inputs;
use edca::indices::{Config, Run};
use edca::io::Reader;
use edca::profile::Profile;
use edca::validate::{Lang, Options, Validator};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList};
use serde_json::Value;
use std::sync::OnceLock;

/// The sections of a validation report that hold groups of findings, in the report's order.
const SECTIONS: [&str; 5] = ["input", "schema", "codelists", "fields", "quality"];

/// EDCA-MX's validator, compiled once per process: schemas take longer to compile than most
/// files take to validate.
static EDCA_MX: OnceLock<Validator> = OnceLock::new();

fn internal(error: impl ToString) -> Failure {
    Failure::new(Class::Edca, Detail::new("internal", error.to_string()))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A validation report: `valid`, `summary`, `statistics`, the groups of findings by section,
/// and the `findings()` table (one row per group).
#[pyclass(module = "edca", frozen, name = "Report")]
pub struct Report {
    json: Value,
    text: String,
}

#[pymethods]
impl Report {
    /// True when there is no error (warnings and notes do not make data invalid).
    #[getter]
    fn valid(&self) -> bool {
        self.json["valid"].as_bool().unwrap_or(false)
    }

    /// `"es"` or `"en"`: the language of the messages.
    #[getter]
    fn lang(&self) -> String {
        self.json["lang"].as_str().unwrap_or_default().to_owned()
    }

    /// The profile releases outside packages were validated against.
    #[getter]
    fn profile(&self) -> String {
        self.json["profile"].as_str().unwrap_or_default().to_owned()
    }

    /// Occurrences per severity: `{"errors": n, "warnings": n, "infos": n}`.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.json["summary"], Numbers { decimal: None })
    }

    /// Statistics of the data (releases, records, ocids, buyers, currencies…).
    #[getter]
    fn statistics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.json["statistics"], Numbers { decimal: None })
    }

    /// The groups of findings (dicts, as in the JSON report), of one section (`"input"`,
    /// `"schema"`, `"codelists"`, `"fields"`, `"quality"`) or all, in the report's order.
    #[pyo3(signature = (section = None))]
    fn groups<'py>(&self, py: Python<'py>, section: Option<&str>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for name in SECTIONS.iter().filter(|name| section.is_none_or(|s| s == **name)) {
            for group in self.json[*name].as_array().into_iter().flatten() {
                list.append(to_py(py, group, Numbers { decimal: None })?)?;
            }
        }
        Ok(list)
    }

    /// One row per group of findings: section, code, severity, scope, path, detail, message,
    /// count, and where its first example is (file, pointer, value).
    fn findings(&self) -> PyResult<Table> {
        let text = |v: &Value| v.as_str().map(str::to_owned);
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); 10];
        let mut counts = Vec::new();
        for name in SECTIONS {
            for group in self.json[name].as_array().into_iter().flatten() {
                let first = &group["examples"][0];
                let row = [
                    Some(name.to_owned()),
                    text(&group["code"]),
                    text(&group["severity"]),
                    text(&group["scope"]),
                    text(&group["path"]),
                    Some(text(&group["detail"]).unwrap_or_default()),
                    text(&group["message"]),
                    text(&first["file"]),
                    text(&first["pointer"]),
                    text(&first["value"]),
                ];
                for (column, value) in columns.iter_mut().zip(row) {
                    column.push(value);
                }
                counts.push(group["count"].as_u64().unwrap_or(0));
            }
        }
        let mut columns = columns.into_iter();
        let mut next = || Column::Text(columns.next().unwrap_or_default());
        let builder = Builder::new(vec![
            ("section", next()),
            ("code", next()),
            ("severity", next()),
            ("scope", next()),
            ("path", next()),
            ("detail", next()),
            ("message", next()),
            ("count", Column::Count(counts)),
            ("file", next()),
            ("pointer", next()),
            ("value", next()),
        ]);
        builder.finish().map(Table::new).map_err(|e| Python::attach(|py| internal(e).into_pyerr(py, Lang::En, &[])))
    }

    /// The findings table through the Arrow PyCapsule interface.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        Bound::new(py, self.findings()?)?
            .call_method1("__arrow_c_stream__", (requested_schema,))?
            .cast_into()
            .map_err(Into::into)
    }

    /// The report as a dict (as `edca validate --format json` writes it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.json, Numbers { decimal: None })
    }

    /// The report as JSON text.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        match indent {
            Some(_) => serde_json::to_string_pretty(&self.json).unwrap_or_default(),
            None => self.json.to_string(),
        }
    }

    /// The summary a person reads (as `edca validate` prints it), in the report's language.
    fn to_text(&self) -> String {
        self.text.clone()
    }

    /// Raises `edca.ValidationError` (with every error group in `.errors()`) unless valid.
    fn raise_for_errors(&self, py: Python<'_>) -> PyResult<()> {
        if self.valid() {
            return Ok(());
        }
        let mut details = Vec::new();
        for name in SECTIONS {
            for group in self.json[name].as_array().into_iter().flatten().filter(|g| g["severity"] == "error") {
                let first = &group["examples"][0];
                details.push(Detail {
                    code: group["code"].as_str().unwrap_or_default().to_owned(),
                    file: first["file"].as_str().map(str::to_owned),
                    line: first["line"].as_u64(),
                    column: first["column"].as_u64(),
                    pointer: first["pointer"].as_str().map(str::to_owned),
                    message: group["message"].as_str().unwrap_or_default().to_owned(),
                    ..Detail::default()
                });
            }
        }
        let class = py.import("edca._errors")?.getattr("ValidationError")?;
        let message = details.first().map(|d| d.message.clone()).unwrap_or_default();
        let errors = details.iter().map(|d| d.to_dict(py, Lang::Es)).collect::<PyResult<Vec<_>>>()?;
        Err(PyErr::from_value(class.call1((message, errors))?))
    }

    fn _repr_html_(&self) -> String {
        format!("<pre>{}</pre>", escape(&self.text))
    }

    fn __repr__(&self) -> String {
        let s = &self.json["summary"];
        format!(
            "<edca.Report valid={} errors={} warnings={} infos={}>",
            self.valid(),
            s["errors"],
            s["warnings"],
            s["infos"]
        )
    }
}

/// Validates OCDS data (schema, codelists, fields, quality checks) into a [`Report`].
#[pyfunction]
#[pyo3(signature = (data, *, schema = None, lang = "es", examples = 5))]
pub fn validate(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    schema: Option<&Bound<'_, PyAny>>,
    lang: &str,
    examples: usize,
) -> PyResult<Report> {
    let lang = crate::parse_lang(py, lang)?;
    let profile = match schema {
        None => None,
        Some(schema) => match schema.cast::<PyProfile>() {
            Ok(profile) => Some((profile.get().inner.clone(), profile.get().user_schema)),
            Err(_) => Some((
                Profile::from_schema(schema_value(schema, lang)?).map_err(|e| {
                    Failure::new(Class::Config, Detail::new("config.profile", e.to_string())).into_pyerr(py, lang, &[])
                })?,
                true,
            )),
        },
    };
    let parts = parts(data)?;
    let interrupt = Interrupt::default();
    let (json, text) = detached(py, &interrupt, lang, || {
        let schema_failure =
            |e: edca::validate::ValidateError| Failure::new(Class::Config, Detail::new("config.schema", e.to_string()));
        let own;
        let validator = match profile {
            None => match EDCA_MX.get() {
                Some(validator) => validator,
                None => {
                    let validator = Validator::new(&Profile::edca_mx()).map_err(schema_failure)?;
                    EDCA_MX.get_or_init(|| validator)
                }
            },
            Some((profile, fixed)) => {
                own = if fixed { Validator::fixed(&profile) } else { Validator::new(&profile) }
                    .map_err(schema_failure)?;
                &own
            }
        };
        let mut session = validator.session(Options { lang, max_examples: examples });
        for source in open(parts, &interrupt)? {
            session.read(source)?;
        }
        let report = session.finish();
        let json = serde_json::to_value(&report).map_err(internal)?;
        Ok((json, report.to_text()))
    })?;
    Ok(Report { json, text })
}

/// The indicators: the report as a dict, and tables per family and level.
#[pyclass(module = "edca", frozen, name = "Indices")]
pub struct Indices {
    json: Value,
    /// Every row as `edca indices --format csv` writes it: family, level, id, indicator, value.
    rows: Vec<[String; 4]>,
    values: Vec<Value>,
}

#[pymethods]
impl Indices {
    /// The families present, in the report's order.
    #[getter]
    fn families(&self) -> Vec<String> {
        self.json.as_object().into_iter().flatten().map(|(k, _)| k.clone()).filter(|k| k != "meta").collect()
    }

    /// The report's `meta` member (processes, inputs…).
    #[getter]
    fn meta<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.json["meta"], Numbers { decimal: None })
    }

    /// One row per value — family, level, id, indicator, `value` (a float, empty when it could
    /// not be measured) and `text` (for values that are words) — of one family and level or all.
    #[pyo3(signature = (family = None, level = None))]
    fn table(&self, family: Option<&str>, level: Option<&str>) -> PyResult<Table> {
        let mut text: [Vec<Option<String>>; 5] = Default::default();
        let mut numbers = Vec::new();
        for (row, value) in self.rows.iter().zip(&self.values) {
            if family.is_some_and(|f| f != row[0]) || level.is_some_and(|l| l != row[1]) {
                continue;
            }
            for (column, cell) in text.iter_mut().zip(row) {
                column.push(Some(cell.clone()));
            }
            let (number, words) = match value {
                Value::Number(n) => (n.as_f64(), None),
                Value::Bool(b) => (Some(f64::from(u8::from(*b))), None),
                Value::String(s) => (None, Some(s.clone())),
                _ => (None, None),
            };
            numbers.push(number);
            text[4].push(words);
        }
        let [families, levels, ids, indicators, words] = text;
        let builder = Builder::new(vec![
            ("family", Column::Text(families)),
            ("level", Column::Text(levels)),
            ("id", Column::Text(ids)),
            ("indicator", Column::Text(indicators)),
            ("value", Column::Float(numbers)),
            ("text", Column::Text(words)),
        ]);
        builder.finish().map(Table::new).map_err(|e| Python::attach(|py| internal(e).into_pyerr(py, Lang::En, &[])))
    }

    /// Every row through the Arrow PyCapsule interface.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        Bound::new(py, self.table(None, None)?)?
            .call_method1("__arrow_c_stream__", (requested_schema,))?
            .cast_into()
            .map_err(Into::into)
    }

    /// The report as a dict (as `edca indices` writes it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.json, Numbers { decimal: None })
    }

    /// The report as JSON text.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        match indent {
            Some(_) => serde_json::to_string_pretty(&self.json).unwrap_or_default(),
            None => self.json.to_string(),
        }
    }

    fn _repr_html_(&self) -> String {
        let mut html = String::from("<table><tr><th>family</th><th>level</th><th>rows</th></tr>");
        let mut counts: Vec<(&str, &str, usize)> = Vec::new();
        for row in &self.rows {
            match counts.last_mut() {
                Some((f, l, n)) if *f == row[0] && *l == row[1] => *n += 1,
                _ => counts.push((&row[0], &row[1], 1)),
            }
        }
        for (family, level, n) in counts {
            html.push_str(&format!("<tr><td>{}</td><td>{}</td><td>{n}</td></tr>", escape(family), escape(level)));
        }
        html.push_str("</table>");
        html
    }

    fn __len__(&self) -> usize {
        self.rows.len()
    }

    fn __repr__(&self) -> String {
        format!("<edca.Indices {} rows: {}>", self.rows.len(), self.families().join(", "))
    }
}

/// Computes the indicators over compiled releases, records or individual releases (merged
/// first), as `edca indices` does; `config` is a dict or a path (TOML, JSON or Cardinal's INI).
#[pyfunction]
#[pyo3(signature = (data, *, config = None, lang = "es"))]
pub fn indices(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
    lang: &str,
) -> PyResult<Indices> {
    let lang = crate::parse_lang(py, lang)?;
    let (config, tables) = indices_config(py, config, lang)?;
    let parts = parts(data)?;
    let interrupt = Interrupt::default();
    detached(py, &interrupt, lang, || {
        let mut run = Run::new(config, tables);
        let mut reader = Reader::new();
        for source in open(parts, &interrupt)? {
            run.read(&mut reader, source)?;
        }
        Indices::from_report(&run.finish()?)
    })
}

/// The indices configuration and its input tables: a dict (tables relative to the working
/// folder), a path (TOML, JSON or Cardinal's INI; tables relative to it), or the defaults.
pub(crate) fn indices_config(
    py: Python<'_>,
    config: Option<&Bound<'_, PyAny>>,
    lang: Lang,
) -> PyResult<(Config, Inputs)> {
    let config_failure = |e: &dyn std::fmt::Display| Failure::config(e.to_string()).into_pyerr(py, lang, &[]);
    Ok(match config {
        None => (Config::default(), Inputs::default()),
        Some(config) => match dict_or_path(config, "config")? {
            Ok(value) => {
                let config = Config::from_value(value).map_err(|e| config_failure(&e))?;
                let folder = std::env::current_dir().unwrap_or_default();
                let tables = edca::files::indices_inputs(&config, &folder).map_err(|e| config_failure(&e))?;
                (config, tables)
            }
            Err(path) => edca::files::indices_config(&path).map_err(|e| config_failure(&e))?,
        },
    })
}

impl Indices {
    /// The report, with its rows as `edca indices --format csv` writes them.
    pub(crate) fn from_report(report: &edca::indices::Report) -> Result<Indices, Failure> {
        let mut rows = Vec::new();
        let mut values = Vec::new();
        edca::indices::csv::for_each_row(report, |family, level, id, indicator, value| {
            rows.push([family.to_owned(), level.to_owned(), id.to_owned(), indicator.to_owned()]);
            values.push(value.clone());
            Ok(())
        })
        .map_err(internal)?;
        Ok(Indices { json: report.to_json(), rows, values })
    }
}
