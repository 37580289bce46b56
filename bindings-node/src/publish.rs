//! `publish`: a run of `edca publish` (core's [`Publisher`]) over paths and uploads, as the
//! command runs it: the same layout, gate, generations and lock.

use crate::failure::{Failure, diagnostic_json};
use crate::input::{Input, InputArg, lang};
use edca::Lang;
use edca::publish::{Config, Input as Source, Options, PublishError, Publisher};
use napi_derive::napi;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;

/// Options of `publish` (as `edca publish`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct PublishOptions {
    /// The publication folder (`--out`); readers use `OUT/current`.
    pub out: String,
    /// The configuration file (TOML, as `--config`; relative paths from its folder).
    pub config_path: Option<String>,
    /// The configuration as JSON text: the TOML's tables as an object.
    pub config_text: Option<String>,
    /// Write the portal pages too (`--site`).
    pub site: Option<bool>,
    /// The run's time (RFC 3339) instead of now, for runs compared byte for byte.
    pub now: Option<String>,
    /// `'es'` (default) or `'en'`.
    pub lang: Option<String>,
}

fn config(options: &PublishOptions) -> Result<Config, Failure> {
    let invalid = |es: String, en: String| Failure::new("publish.config", es, en, json!({}));
    match (&options.config_path, &options.config_text) {
        (Some(path), _) => edca::files::publish_config(std::path::Path::new(path))
            .map_err(|e| invalid(e.message(Lang::Es), e.message(Lang::En))),
        (None, Some(text)) => serde_json::from_str(text)
            .map_err(|e| invalid(format!("configuración no válida: {e}"), format!("invalid configuration: {e}"))),
        (None, None) => Ok(Config::default()),
    }
}

fn publish_failure(error: &PublishError) -> Failure {
    Failure::new(error.code(), error.message(Lang::Es), error.message(Lang::En), json!({}))
}

/// One run: every source read, what passes the gate published as a new generation. Returns the
/// summary (`edca publish`'s figures), its message and the findings of reading.
pub fn run(options: PublishOptions, sources: Vec<Input>) -> Result<String, Failure> {
    let lang = lang(options.lang.as_deref())?;
    let mut config = config(&options)?;
    config.site.enabled |= options.site.unwrap_or(false);
    if sources.is_empty() && config.inbox.is_none() {
        return Err(Failure::options(
            "nada que publicar: dé archivos, carpetas o datos, o un [inbox] en la configuración",
            "nothing to publish: give files, folders or data, or an [inbox] in the configuration",
            json!({ "option": "sources" }),
        ));
    }
    let inputs: Vec<Source> = (sources.into_iter())
        .map(|input| match input {
            Input::Path(path) => Source::Path(PathBuf::from(path)),
            Input::Bytes(name, bytes) => Source::Bytes { name, bytes: Arc::new(bytes) },
        })
        .collect();
    let publisher = Publisher::new(config, Options { out: PathBuf::from(&options.out), now: options.now.clone() })
        .map_err(|e| publish_failure(&e))?;
    let summary = publisher.publish_with_inbox(&inputs).map_err(|e| publish_failure(&e))?;
    let mut value = serde_json::to_value(&summary).map_err(|e| Failure::internal(e.to_string()))?;
    value["message"] = json!(summary.message(lang));
    value["findings"] = summary.diagnostics.iter().map(|d| diagnostic_json(d, Some(lang))).collect();
    Ok(value.to_string())
}

/// The sources as Rust owns them.
pub fn sources(args: Vec<InputArg>) -> Vec<Input> {
    args.into_iter().map(Input::from_arg).collect()
}
