//! `edca.publish`: one run of `edca publish` (core's [`Publisher`]) over files, folders, bytes
//! or Python objects: the same layout, gate, generations and lock as the command.

use crate::convert::{Numbers, to_py};
use crate::errors::{Class, Detail, Failure};
use crate::inputs::{Part, dict_or_path, parts};
use crate::parse_lang;
use crate::runtime::{Interrupt, detached};
use edca::Lang;
use edca::publish::{Config, Input, Options, PublishError, Publisher};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

fn publish_failure(error: &PublishError) -> Failure {
    let class = match error.code() {
        "publish.input" => Class::Read,
        "publish.config" => Class::Config,
        _ => Class::Edca,
    };
    let detail =
        Detail { message_en: Some(error.message(Lang::En)), ..Detail::new(error.code(), error.message(Lang::Es)) };
    Failure::new(class, detail)
}

/// Publishes `data` into `out` as `edca publish` does: release packages, records, validation,
/// indices and `index.json` in a new generation, `out/current` switched atomically; what fails
/// validation is held back (`held.json`). `config` is the TOML file's path or its tables as a
/// dict; `site=True` writes the portal pages; `now` fixes the run's time (RFC 3339). Returns the
/// run's summary (`processes`, `releases`, `held_releases`, `reused`, `amounts`…) with its
/// `message` and the `findings` of reading.
///
/// For example `edca.publish("releases.jsonl", out="portal", config="edca.toml")["held_releases"]`;
/// readers use `portal/current`.
#[pyfunction]
#[pyo3(signature = (data, *, out, config = None, site = false, now = None, lang = "es"))]
pub fn publish<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    out: PathBuf,
    config: Option<&Bound<'py, PyAny>>,
    site: bool,
    now: Option<String>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(py, lang)?;
    let mut config: Config = match config {
        None => Config::default(),
        Some(config) => match dict_or_path(config, "config")? {
            Ok(value) => serde_json::from_value(value)
                .map_err(|e| Failure::config(format!("config: {e}")).into_pyerr(py, lang, &[]))?,
            Err(path) => edca::files::publish_config(&path)
                .map_err(|e| Failure::config(e.message(lang)).into_pyerr(py, lang, &[]))?,
        },
    };
    config.site.enabled |= site;
    let inputs: Vec<Input> = (parts(data)?.into_iter())
        .map(|part| match part {
            Part::Path(path) => Input::Path(path),
            Part::Bytes(name, bytes) => Input::Bytes { name, bytes: Arc::new(bytes) },
            Part::Lines(bytes) => Input::Bytes { name: "<objects>".into(), bytes: Arc::new(bytes) },
        })
        .collect();
    let interrupt = Interrupt::default();
    let (summary, findings) = detached(py, &interrupt, lang, || {
        let publisher = Publisher::new(config, Options { out, now }).map_err(|e| publish_failure(&e))?;
        let summary = publisher.publish_with_inbox(&inputs).map_err(|e| publish_failure(&e))?;
        let mut value = serde_json::to_value(&summary)
            .map_err(|e| Failure::new(Class::Edca, Detail::new("internal", e.to_string())))?;
        value["message"] = summary.message(lang).into();
        let findings: Vec<Detail> = summary.diagnostics.iter().map(crate::errors::diagnostic_detail).collect();
        Ok((value, findings))
    })?;
    let summary = to_py(py, &summary, Numbers { decimal: None })?;
    let findings = findings.iter().map(|d| d.to_dict(py, lang)).collect::<PyResult<Vec<_>>>()?;
    summary.set_item("findings", findings)?;
    Ok(summary)
}
