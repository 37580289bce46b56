//! `validate`, `indices`, `prepare` and `stats`: one input in, one report out, each computed by
//! the core type the CLI calls for the same command.

use crate::config;
use crate::failure::Failure;
use crate::input::{Input, JsonOption, lang};
use edca::indices::Run;
use edca::indices::cardinal::prepare::{Prepare, Prepared};
use edca::io::{Item, Reader};
use edca::profile::Profile;
use edca::stats::StatsCollector;
use edca::validate::{Options, Validator};
use napi_derive::napi;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Options of `validate` (as `edca validate`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct ValidateOptions {
    /// `'es'` (default) or `'en'`.
    pub lang: Option<String>,
    /// A release schema to validate everything against, as a file.
    pub schema_path: Option<String>,
    /// The same, as JSON text.
    pub schema_text: Option<String>,
    /// Examples kept per group of findings (default 5).
    pub examples: Option<u32>,
}

/// Options of `indices` (as `edca indices`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct IndicesOptions {
    /// A configuration file: TOML, JSON (`.json`) or a Cardinal settings file (`.ini`).
    pub config_path: Option<String>,
    /// A configuration as JSON text (input tables relative to the working directory).
    pub config_text: Option<String>,
    /// `'es'` (default) or `'en'`, for the binding's own messages.
    pub lang: Option<String>,
}

/// Options of `prepare` (as `edca prepare`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct PrepareOptions {
    /// Cardinal's settings file (INI).
    pub settings_path: Option<String>,
    /// Cardinal's settings as JSON text (the INI's sections as objects).
    pub settings_text: Option<String>,
    /// `'es'` (default) or `'en'`, for the binding's own messages.
    pub lang: Option<String>,
}

/// The validator of the default profile (EDCA-MX), compiled once per process: a portal
/// validates many uploads, and compiling the schemas costs more than a small package.
fn default_validator() -> Result<&'static Validator, Failure> {
    static VALIDATOR: OnceLock<Result<Validator, String>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| Validator::new(&Profile::edca_mx()).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|reason| Failure::internal(reason.clone()))
}

/// The validation report (`edca validate --format json`).
pub fn validate(options: ValidateOptions, input: Input) -> Result<String, Failure> {
    let lang = lang(options.lang.as_deref())?;
    let examples = options.examples.map_or(5, |n| n as usize);
    let fixed;
    let validator = match JsonOption::from_pair(options.schema_path, options.schema_text) {
        None => default_validator()?,
        Some(schema) => {
            let bad = |e: &dyn std::fmt::Display| {
                Failure::options(
                    format!("schema: {e}"),
                    format!("schema: {e}"),
                    json!({ "option": "schema", "file": schema.file(), "reason": e.to_string() }),
                )
            };
            let profile = Profile::from_schema(schema.value("schema")?).map_err(|e| bad(&e))?;
            fixed = Validator::fixed(&profile).map_err(|e| bad(&e))?;
            &fixed
        }
    };
    let mut session = validator.session(Options { lang, max_examples: examples });
    session.read(input.source()?)?;
    to_json(&session.finish())
}

/// The indices report (`edca indices`, JSON).
pub fn indices(options: IndicesOptions, input: Input) -> Result<String, Failure> {
    lang(options.lang.as_deref())?;
    let (config, tables) = config::indices(JsonOption::from_pair(options.config_path, options.config_text))?;
    let mut run = Run::new(config, tables);
    let mut reader = Reader::new();
    run.read(&mut reader, input.source()?)?;
    to_json(&run.finish()?)
}

/// Dataset statistics (`edca stats --format json`).
pub fn stats(input: Input) -> Result<String, Failure> {
    let mut collector = StatsCollector::new();
    collector.add_file();
    // As `edca stats`: a value that cannot be read stops the count.
    Reader::new().read(input.source()?, |item| match item {
        Item::Skipped(error) => Err(error),
        item => {
            collector.add(&item);
            Ok(())
        }
    })?;
    to_json(&collector.finish())
}

/// What the reader's workers make of one item in `prepare`.
struct Done {
    prepared: Prepared,
    json: String,
    not_compiled: bool,
}

/// Cardinal's preparation (`edca prepare`): `{releases, issues, counts}`; `issues` are the rows
/// of the CLI's CSV as objects (`release` counts compiled releases from 1, as the CSV's `line`).
pub fn prepare(options: PrepareOptions, input: Input) -> Result<String, Failure> {
    lang(options.lang.as_deref())?;
    let settings = config::cardinal(JsonOption::from_pair(options.settings_path, options.settings_text))?;
    let prepare = Prepare::new(&settings).map_err(|e| {
        Failure::options(format!("settings: {e}"), format!("settings: {e}"), json!({ "option": "settings" }))
    })?;
    let (mut releases, mut issues) = (String::from("["), Vec::new());
    let (mut count, mut not_compiled, mut without_compiled, mut auctions) = (0u64, 0u64, 0u64, 0u64);
    let work = |item: &mut Item| prepare_item(&prepare, item);
    Reader::new().read_with(input.source()?, work, |item, done: Option<Done>| {
        if let Item::Skipped(error) = item {
            return Err(error);
        }
        let Some(done) = done else {
            without_compiled += u64::from(matches!(item, Item::Record { .. }));
            return Ok(());
        };
        count += 1;
        not_compiled += u64::from(done.not_compiled);
        auctions += u64::from(done.prepared.auctions_not_moved);
        if count > 1 {
            releases.push(',');
        }
        releases.push_str(&done.json);
        let ocid = done.prepared.release.get("ocid").cloned().unwrap_or(Value::Null);
        for issue in &done.prepared.issues {
            let mut row = serde_json::to_value(issue).unwrap_or(Value::Null);
            if let Some(members) = row.as_object_mut() {
                members.shift_insert(0, "release".into(), json!(count));
                members.shift_insert(1, "ocid".into(), ocid.clone());
            }
            issues.push(row);
        }
        Ok(())
    })?;
    releases.push(']');
    let counts = json!({
        "releases": count,
        "notCompiled": not_compiled,
        "recordsWithoutCompiledRelease": without_compiled,
        "auctionsNotMoved": auctions,
    });
    let issues = Value::Array(issues).to_string();
    Ok(format!("{{\"releases\":{releases},\"issues\":{issues},\"counts\":{counts}}}"))
}

/// Runs in the reader's workers: the compiled release of an item (a release, a record's
/// `compiledRelease`, or an object without `ocid`, which Cardinal prepares too), prepared.
fn prepare_item(prepare: &Prepare, item: &mut Item) -> Option<Done> {
    let release = match item {
        Item::Release { release, .. } | Item::Other(release) => release.take(),
        Item::Record { record, .. } => record.get_mut("compiledRelease").map(Value::take)?,
        Item::Package(_) | Item::Skipped(_) | Item::Warning(_) => return None,
    };
    let not_compiled = match release.get("tag").and_then(Value::as_array) {
        Some(tags) => !tags.iter().any(|t| t == "compiled"),
        None => false,
    };
    let prepared = prepare.prepare(release);
    let json = prepared.release.to_string();
    Some(Done { prepared, json, not_compiled })
}

fn to_json(value: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::internal(e.to_string()))
}
