//! Every call that compiles goes through here — `compile`, `recordPackage`, `iterCompile` — to
//! core's compile facade ([`Compilation`]), which the CLI calls too: the same processes, outputs,
//! errors and warnings. A process that cannot be merged, or a value that cannot be read or
//! compiled, costs nothing else: it is a finding, and every other process is handed out.

use crate::failure::{Failure, diagnostic_json};
use crate::input::{Input, JsonOption, lang};
use edca::Lang;
use edca::diagnostic::{Diagnostic, Diagnostics, Severity};
use edca::merge::{ArrayStrategy, Compilation, CompileError, CompileOptions as CoreOptions, Output, RulesChoice};
use edca::profile::OcdsVersion;
use napi_derive::napi;
use serde_json::{Value, json};

/// Options of `compile`, `recordPackage` and `iterCompile` (as `edca compile`'s).
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct CompileOptions {
    /// Versioned releases instead of compiled releases (in a record package: added to records).
    pub versioned: Option<bool>,
    /// In a record package, link releases read from release packages (`{url, date, tag}`).
    pub linked_releases: Option<bool>,
    /// A release schema to merge by, as a file.
    pub schema_path: Option<String>,
    /// A release schema to merge by, as JSON text.
    pub schema_text: Option<String>,
    /// `'1.0'` or `'1.1'`: every process by that version's rules.
    pub ocds_version: Option<String>,
    /// `'identifier'` (default), `'append'` or `'by-position'`.
    pub arrays: Option<String>,
    /// The record package's `uri`.
    pub uri: Option<String>,
    /// The record package's `publishedDate`.
    pub published_date: Option<String>,
    /// `'es'` (default) or `'en'`.
    pub lang: Option<String>,
}

/// The options, checked, as core's.
#[derive(Debug, Clone)]
pub struct Settings {
    options: CoreOptions,
    /// Language of messages.
    pub lang: Lang,
}

impl Settings {
    /// Checks the options; `package` for a record package.
    pub fn new(options: CompileOptions, package: bool) -> Result<Settings, Failure> {
        let lang = lang(options.lang.as_deref())?;
        let arrays = match options.arrays.as_deref() {
            None | Some("identifier") => ArrayStrategy::Identifier,
            Some("append") => ArrayStrategy::Append,
            Some("by-position") => ArrayStrategy::ByPosition,
            Some(other) => {
                return Err(Failure::options(
                    format!("arrays: se espera 'identifier', 'append' o 'by-position', no {other:?}"),
                    format!("arrays: expected 'identifier', 'append' or 'by-position', not {other:?}"),
                    json!({ "option": "arrays", "value": other }),
                ));
            }
        };
        let rules =
            match (JsonOption::from_pair(options.schema_path, options.schema_text), options.ocds_version.as_deref()) {
                (Some(schema), _) => RulesChoice::Schema(schema.value("schema")?),
                (None, Some("1.0")) => RulesChoice::Version(OcdsVersion::V1_0),
                (None, Some("1.1")) => RulesChoice::Version(OcdsVersion::V1_1),
                (None, None) => RulesChoice::ByPackageVersion,
                (None, Some(version)) => {
                    return Err(Failure::options(
                        format!("ocdsVersion: se espera '1.0' o '1.1', no {version:?}"),
                        format!("ocdsVersion: expected '1.0' or '1.1', not {version:?}"),
                        json!({ "option": "ocdsVersion", "value": version }),
                    ));
                }
            };
        let options = CoreOptions {
            versioned: options.versioned.unwrap_or(false),
            package,
            linked_releases: options.linked_releases.unwrap_or(false),
            arrays,
            rules,
            uri: options.uri.unwrap_or_default(),
            published_date: options.published_date.unwrap_or_default(),
            ..CoreOptions::default()
        };
        Ok(Settings { options, lang })
    }
}

/// Why emitting stopped: a failure that ends the call, or the consumer went away.
#[derive(Debug)]
pub enum Stop {
    /// The call fails.
    Failed(Failure),
    /// The consumer stopped (an iterator closed early).
    Closed,
}

impl From<CompileError> for Stop {
    fn from(error: CompileError) -> Stop {
        Stop::Failed(error.into())
    }
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Stop {
        Stop::Failed(failure)
    }
}

/// One process as handed out: its JSON text, or nothing when it could not be merged (the
/// finding is in the run's diagnostics), and its warnings.
pub struct Handed {
    /// The output.
    pub json: Option<String>,
    /// Its warnings, as JavaScript receives them.
    pub warnings: Vec<Value>,
}

/// Reads `input`, hands `start` the record package's text up to its records (with `package`),
/// then every process in input order; returns the run's findings and whether anything was lost
/// (processes not merged, values left out).
pub fn run(
    settings: &Settings,
    input: Input,
    start: impl FnOnce(String),
    mut emit: impl FnMut(Handed) -> Result<(), Stop>,
) -> Result<Ended, Stop> {
    let mut compilation = Compilation::new(settings.options.clone());
    compilation.read(input.source()?)?;
    if settings.options.package {
        start(compilation.package_head());
    }
    let lang = settings.lang;
    let outcome = compilation.each(|processed| {
        let warnings = processed.warnings.iter().map(|w| diagnostic_json(w, Some(lang))).collect();
        let json = match processed.output {
            Ok(Output::Json(json)) => Some(json),
            Ok(Output::Value(value)) => Some(value.to_string()),
            Err(_) => None,
        };
        emit(Handed { json, warnings })
    })?;
    Ok(Ended { diagnostics: compilation.diagnostics(), failed: outcome.failed, left_out: outcome.left_out })
}

/// The end of a run.
pub struct Ended {
    diagnostics: Diagnostics,
    failed: u64,
    left_out: u64,
}

impl Ended {
    /// Read warnings (the merge's come with their process).
    pub fn read_warnings(&self, lang: Lang) -> Vec<Value> {
        self.of(Severity::Warning)
            .filter(|d| d.code.starts_with("read."))
            .map(|d| diagnostic_json(d, Some(lang)))
            .collect()
    }

    fn of(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.severity == severity)
    }

    /// The failure of a run that lost data, as `edca compile` exits 1: `compile.incomplete`,
    /// with the errors (the first few of each kind) and the counts.
    pub fn failure(&self, lang: Lang) -> Option<Failure> {
        if self.failed == 0 && self.left_out == 0 {
            return None;
        }
        let errors: Vec<Value> = self.of(Severity::Error).map(|d| diagnostic_json(d, Some(lang))).collect();
        let groups: Vec<Value> = self
            .diagnostics
            .groups()
            .iter()
            .filter(|g| g.severity == Severity::Error)
            .map(|g| json!({ "code": g.code, "path": g.path, "count": g.count }))
            .collect();
        let (failed, left_out) = (self.failed, self.left_out);
        let first = self.of(Severity::Error).next();
        let (first_es, first_en) =
            first.map_or((String::new(), String::new()), |d| (d.line_text(Lang::Es), d.line_text(Lang::En)));
        Some(Failure::new(
            "compile.incomplete",
            format!(
                "{failed} procesos no se pudieron combinar, {left_out} valores se omitieron (el primero: {first_es})"
            ),
            format!("{failed} processes could not be merged, {left_out} values were left out (the first: {first_en})"),
            json!({ "failed": failed, "leftOut": left_out, "errors": errors, "groups": groups }),
        ))
    }
}

/// What a whole-input call hands back: the JSON text of the result, the failure if data was
/// lost, and the warnings.
pub struct Collected {
    /// The result (an array of outputs, or a record package).
    pub json: String,
    /// Set when some processes or values were lost.
    pub failure: Option<Failure>,
    /// Warnings.
    pub warnings: Vec<Value>,
}

/// `compile` (a JSON array of compiled or versioned releases) or `recordPackage` (a record
/// package), whole.
pub fn collect(settings: &Settings, input: Input) -> Result<Collected, Failure> {
    let package = settings.options.package;
    let mut json = String::from(if package { "" } else { "[" });
    let (mut warnings, mut first) = (Vec::new(), true);
    let mut head = String::new();
    let ended = run(
        settings,
        input,
        |text| head = text,
        |mut handed| {
            warnings.append(&mut handed.warnings);
            if let Some(text) = handed.json {
                if !first {
                    json.push(',');
                }
                first = false;
                json.push_str(&text);
            }
            Ok(())
        },
    );
    let ended = match ended {
        Ok(ended) => ended,
        Err(Stop::Failed(failure)) => return Err(failure),
        Err(Stop::Closed) => return Err(Failure::internal("compile stopped".into())),
    };
    json.insert_str(0, &head);
    json.push_str(if package { "]}" } else { "]" });
    let mut read = ended.read_warnings(settings.lang);
    read.append(&mut warnings);
    Ok(Collected { json, failure: ended.failure(settings.lang), warnings: read })
}
