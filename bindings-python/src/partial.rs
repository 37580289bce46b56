//! `edca.IndicesPartial`: the indices of a share of a dataset (a Spark partition), over core's
//! [`edca::indices::Partial`]. A share compiles its processes, keeps what each contributes at
//! its place in the dataset, travels as bytes, and combines with the other shares into the
//! report one run over the whole dataset gives.

use crate::errors::{self, Detail, Failure};
use crate::inputs::{open, parts};
use crate::reports::{Indices, indices_config};
use crate::runtime::{Interrupt, detached};
use edca::Lang;
use edca::indices::inputs::Inputs;
use edca::indices::{Config, Partial, Process};
use edca::merge::{Compilation, CompileOptions, Output, OutputForm};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde_json::Value;
use std::collections::HashMap;

/// The indices of a share of a dataset, made with one configuration.
#[pyclass(module = "edca", name = "IndicesPartial")]
pub struct IndicesPartial {
    config: Config,
    inputs: Inputs,
    indices: Option<edca::indices::Indices>,
    failed: Vec<Detail>,
    lang: Lang,
}

impl IndicesPartial {
    fn fresh(&self) -> edca::indices::Indices {
        edca::indices::Indices::with_inputs(self.config.clone(), self.inputs.clone())
    }

    /// The indices, made again if a failed call left none.
    fn indices(&mut self) -> edca::indices::Indices {
        self.indices.take().unwrap_or_else(|| self.fresh())
    }

    fn absorb(&mut self, py: Python<'_>, partial: Partial) -> PyResult<()> {
        let mut indices = self.indices();
        let absorbed = indices.absorb(partial);
        self.indices = Some(indices);
        absorbed.map_err(|e| Failure::config(e.to_string()).into_pyerr(py, self.lang, &[]))
    }
}

#[pymethods]
impl IndicesPartial {
    /// No processes yet; `config` as for `edca.indices` (a dict or a path).
    #[new]
    #[pyo3(signature = (config = None, *, lang = "es"))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>, lang: &str) -> PyResult<IndicesPartial> {
        let lang = crate::parse_lang(py, lang)?;
        let (config, inputs) = indices_config(py, config, lang)?;
        let mut partial = IndicesPartial { config, inputs, indices: None, failed: Vec::new(), lang };
        partial.indices = Some(partial.fresh());
        Ok(partial)
    }

    /// Compiles the individual releases of `data` (any input `edca.compile` takes: their
    /// packages decide the merge rules, as in `edca compile`) and, with `score`, adds each
    /// process at its place in the dataset, `places[ocid]`. Returns `(ocid, compiled,
    /// versioned)` per process, as JSON text, in order of first appearance; a process that
    /// cannot be merged is left out and listed in `failed`.
    #[pyo3(signature = (data, places, *, score = true))]
    fn compile(
        &mut self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        places: HashMap<String, u64>,
        score: bool,
    ) -> PyResult<Vec<(String, String, String)>> {
        let parts = parts(data)?;
        let interrupt = Interrupt::default();
        let lang = self.lang;
        // Everything is merged and placed before any process is added, so a call that fails
        // leaves the share as it was.
        let (merged, failed) = detached(py, &interrupt, lang, || {
            let options = CompileOptions {
                package: true,
                versioned: true,
                output: OutputForm::Value,
                ..CompileOptions::default()
            };
            let mut compilation = Compilation::new(options);
            for source in open(parts, &interrupt)? {
                compilation.read(source)?;
            }
            let read = compilation.diagnostics();
            let mut merged = Vec::new();
            let mut failed: Vec<Detail> = Vec::new();
            compilation.each(|processed| -> Result<(), Failure> {
                let mut record = match processed.output {
                    Ok(Output::Value(Value::Object(record))) => record,
                    Ok(_) => return Err(Failure::config("compile gave no record")),
                    Err(diagnostic) => {
                        failed.push(errors::diagnostic_detail(&diagnostic));
                        return Ok(());
                    }
                };
                let Some(&place) = places.get(&processed.ocid) else {
                    return Err(Failure::config(format!("places has no place for ocid {:?}", processed.ocid)));
                };
                let compiled = record.shift_remove("compiledRelease").unwrap_or(Value::Null);
                let versioned = record.shift_remove("versionedRelease").unwrap_or(Value::Null);
                merged.push((processed.ocid, compiled, versioned, place));
                Ok(())
            })?;
            let left_out = read.iter().filter(|d| d.severity == edca::diagnostic::Severity::Error);
            failed.extend(left_out.map(errors::diagnostic_detail));
            Ok((merged, failed))
        })?;
        let mut indices = self.indices();
        let texts = detached(py, &interrupt, lang, || {
            let mut texts = Vec::with_capacity(merged.len());
            for (ocid, compiled, versioned, place) in &merged {
                if let Some(process) = Process::new(compiled).filter(|_| score) {
                    indices.add_process(&process.with_versioned(versioned).at(*place));
                }
                texts.push((ocid.clone(), compiled.to_string(), versioned.to_string()));
            }
            Ok(texts)
        });
        self.indices = Some(indices);
        self.failed.extend(failed);
        texts
    }

    /// Adds one process at its place: its compiled release and, if known, its versioned
    /// release (dicts, or JSON text), or a record with a `compiledRelease` (and perhaps a
    /// `versionedRelease`), as `edca indices` reads records.
    #[pyo3(signature = (compiled, versioned = None, *, place))]
    fn add(
        &mut self,
        py: Python<'_>,
        compiled: &Bound<'_, PyAny>,
        versioned: Option<&Bound<'_, PyAny>>,
        place: u64,
    ) -> PyResult<()> {
        let lang = self.lang;
        let mut compiled = json_value(py, compiled, lang)?;
        let mut versioned = versioned.map(|v| json_value(py, v, lang)).transpose()?;
        // A record: its compiled and versioned releases, as `edca indices` reads records.
        if versioned.is_none()
            && edca::indices::is_record_process(&compiled)
            && let Some(record) = compiled.as_object_mut()
        {
            versioned = record.shift_remove("versionedRelease");
            compiled = match record.shift_remove("compiledRelease") {
                Some(release @ Value::Object(_)) => release,
                _ => return Ok(()),
            };
        }
        let mut indices = self.indices();
        match Process::new(&compiled) {
            Some(process) => {
                let process = match &versioned {
                    Some(versioned) => process.with_versioned(versioned),
                    None => process,
                };
                indices.add_process(&process.at(place));
            }
            None => indices.add(&compiled),
        }
        self.indices = Some(indices);
        Ok(())
    }

    /// Whether `edca indices` reads `value` (a dict or JSON text) as a process as it stands —
    /// a compiled release, one without a `tag` list, or (`record=True`) a record with a
    /// `compiledRelease` — rather than merge it first with the other releases of its ocid.
    #[staticmethod]
    #[pyo3(signature = (value, *, record = false))]
    fn is_process(py: Python<'_>, value: &Bound<'_, PyAny>, record: bool) -> PyResult<bool> {
        let value = json_value(py, value, Lang::Es)?;
        Ok(if record { edca::indices::is_record_process(&value) } else { edca::indices::is_process(&value) })
    }

    /// Adds the processes of another share (made with the same configuration); the other share
    /// is left empty.
    fn combine(&mut self, py: Python<'_>, other: &mut IndicesPartial) -> PyResult<()> {
        let partial = other.indices().partial();
        other.indices = Some(other.fresh());
        self.failed.append(&mut other.failed);
        self.absorb(py, partial)
    }

    /// The share as bytes, to send to the driver.
    // `&mut self`: the share's parts move out to be written and back in; Python sees no change.
    #[allow(clippy::wrong_self_convention)]
    fn to_bytes<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let partial = self.indices().partial();
        let bytes = partial.to_bytes();
        self.absorb(py, partial)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// A share from `to_bytes`, with the configuration it was made with.
    #[staticmethod]
    #[pyo3(signature = (data, config = None, *, lang = "es"))]
    fn from_bytes(
        py: Python<'_>,
        data: &[u8],
        config: Option<&Bound<'_, PyAny>>,
        lang: &str,
    ) -> PyResult<IndicesPartial> {
        let mut partial = IndicesPartial::new(py, config, lang)?;
        let read =
            Partial::from_bytes(data).map_err(|e| Failure::config(e.to_string()).into_pyerr(py, partial.lang, &[]))?;
        partial.absorb(py, read)?;
        Ok(partial)
    }

    /// Processes added (here and in the shares combined into this one).
    #[getter]
    fn processes(&self) -> u64 {
        self.indices.as_ref().map_or(0, edca::indices::Indices::processes)
    }

    /// The processes that could not be merged, and values left out while reading, as dicts
    /// (code, file, line, pointer, ocid, message…).
    #[getter]
    fn failed<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, pyo3::types::PyDict>>> {
        self.failed.iter().map(|d| d.to_dict(py, self.lang)).collect()
    }

    /// The report of every process added: `edca.Indices`, as `edca.indices` gives it.
    fn finish(&mut self, py: Python<'_>) -> PyResult<Indices> {
        let indices = self.indices();
        self.indices = Some(self.fresh());
        let interrupt = Interrupt::default();
        detached(py, &interrupt, self.lang, || Indices::from_report(&indices.finish()))
    }

    fn __repr__(&self) -> String {
        format!("<edca.IndicesPartial {} processes>", self.processes())
    }
}

/// A release or record given as JSON text or as Python objects.
fn json_value(py: Python<'_>, obj: &Bound<'_, PyAny>, lang: Lang) -> PyResult<Value> {
    match obj.extract::<String>() {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| Failure::config(format!("not a JSON release: {e}")).into_pyerr(py, lang, &[])),
        Err(_) => crate::convert::from_py(obj),
    }
}
