//! The configuration files `indices` and `prepare` take, read as `edca indices --config` and
//! `edca prepare --settings` read them: TOML, JSON or INI, input tables relative to the file.

use crate::failure::Failure;
use crate::input::JsonOption;
use edca::indices::Config;
use edca::indices::cardinal::{CardinalSettings, ini};
use edca::indices::inputs::Inputs;
use serde_json::{Value, json};
use std::path::Path;

fn bad(option: &str, file: Option<&str>, reason: String) -> Failure {
    let place = file.map(|f| format!("{f}: ")).unwrap_or_default();
    Failure::options(
        format!("{option}: {place}{reason}"),
        format!("{option}: {place}{reason}"),
        json!({ "option": option, "file": file, "reason": reason }),
    )
}

/// The indices configuration and its input tables (none given: every family, defaults).
pub fn indices(option: Option<JsonOption>) -> Result<(Config, Inputs), Failure> {
    let Some(option) = option else { return Ok((Config::default(), Inputs::default())) };
    let value: Value = match &option {
        JsonOption::Text(_) => option.value("config")?,
        JsonOption::Path(path) => {
            let text = option.text("config")?;
            let fail = |reason: String| bad("config", Some(path), reason);
            if path.ends_with(".json") {
                serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?
            } else if path.ends_with(".ini") {
                json!({ "cardinal": ini::parse(&text).map_err(|e| fail(e.to_string()))? })
            } else {
                toml::from_str(&text).map_err(|e| fail(e.to_string()))?
            }
        }
    };
    let config = Config::from_value(value).map_err(|e| bad("config", option.file(), e.to_string()))?;
    let folder = option.file().and_then(|f| Path::new(f).parent()).unwrap_or(Path::new(""));
    let tables = tables(&config, folder)?;
    Ok((config, tables))
}

/// The input tables the configuration names, relative to `folder` (core's loader, as the
/// Python binding's).
fn tables(config: &Config, folder: &Path) -> Result<Inputs, Failure> {
    edca::files::indices_inputs(config, folder).map_err(|e| bad("config", Some(&e.file), e.reason))
}

/// Cardinal's settings for `prepare`: an INI file, or the sections as JSON (none: defaults).
pub fn cardinal(option: Option<JsonOption>) -> Result<CardinalSettings, Failure> {
    let value = match &option {
        None => return Ok(CardinalSettings::default()),
        Some(JsonOption::Path(path)) => {
            let text = option.as_ref().map(|o| o.text("settings")).transpose()?.unwrap_or_default();
            ini::parse(&text).map_err(|e| bad("settings", Some(path), e.to_string()))?
        }
        Some(text) => text.value("settings")?,
    };
    let file = option.as_ref().and_then(JsonOption::file);
    serde_json::from_value(value).map_err(|e| bad("settings", file, e.to_string()))
}
