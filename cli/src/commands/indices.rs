//! `edca indices`: indicators over compiled releases.

use crate::failure::Failure;
use crate::inputs::{self, Input};
use edca::indices::{Config, Indices, Report};
use edca::io::{Item, Reader, Source};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Compute indicators (Cardinal's red flags, field coverage) over compiled releases.
///
/// Reads compiled releases (as `edca compile` writes them: one JSON line each), records (their
/// `compiledRelease`), or packages of either. Each release is one contracting process; give
/// compiled releases, not the individual releases of a process.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Configuration file, TOML (or JSON if the name ends in `.json`; a Cardinal settings file,
    /// INI, if it ends in `.ini`: the `cardinal` part). Without it: every indicator with its
    /// defaults. See docs/indices.md.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Files or folders to read (`-` or nothing: standard input).
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One JSON object: `meta`, then one member per family.
    Json,
    /// One row per value: family, level, id, indicator, value.
    Csv,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let config = match &args.config {
        Some(path) => load_config(path)?,
        None => Config::default(),
    };
    let mut indices = Indices::new(config);
    let mut reader = Reader::new();
    let mut not_compiled = 0u64;
    for input in inputs::expand(&args.files).map_err(|e| Failure::Usage(e.to_string()))? {
        let source = match &input {
            Input::Stdin => Source::stdin()?,
            Input::File(path) => Source::open(path)?,
        };
        reader.read(source, |item| {
            match item {
                Item::Release { release, .. } => {
                    if !is_compiled(&release) {
                        not_compiled += 1;
                    }
                    indices.add(&release);
                }
                Item::Record { record, .. } => {
                    if let Some(compiled) = record.get("compiledRelease") {
                        indices.add(compiled);
                    }
                }
                Item::Package(_) | Item::Other(_) => {}
            }
            Ok(())
        })?;
    }
    if not_compiled > 0 {
        eprintln!(
            "edca: warning: {not_compiled} releases are tagged but not as `compiled`; each was read as a whole \
             process (run `edca compile` first)"
        );
    }
    let report = indices.finish();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &report.to_json()).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => write_csv(&mut out, &report)?,
    }
    out.flush()?;
    Ok(())
}

/// A release with a `tag` that lacks `compiled` is an individual release, not a process.
fn is_compiled(release: &Value) -> bool {
    match release.get("tag").and_then(Value::as_array) {
        Some(tags) => tags.iter().any(|t| t == "compiled"),
        None => true,
    }
}

fn load_config(path: &Path) -> Result<Config, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read the configuration {}: {e}", path.display())))?;
    let value: Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?
    } else if path.extension().is_some_and(|e| e == "ini") {
        let cardinal = edca::indices::cardinal::ini::parse(&text)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        serde_json::json!({ "cardinal": cardinal })
    } else {
        toml::from_str(&text).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?
    };
    Config::from_value(value).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
}

fn write_csv(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    writeln!(out, "family,level,id,indicator,value")?;
    writeln!(out, "meta,dataset,,processes,{}", report.processes)?;
    if let Some(cardinal) = &report.cardinal {
        if let Some(currency) = &cardinal.currency {
            writeln!(out, "meta,dataset,,currency,{}", field(currency))?;
        }
        let json = cardinal.to_json(true);
        for (group, ids) in json.as_object().into_iter().flatten() {
            for (id, values) in ids.as_object().into_iter().flatten() {
                for (name, value) in values.as_object().into_iter().flatten() {
                    // Meta is code → fence name → value: one row per fence, as `R024.q1`.
                    let row = if group == "Meta" {
                        format!("cardinal,meta,,{},{value}", field(&format!("{id}.{name}")))
                    } else {
                        format!("cardinal,{},{},{},{value}", field(group), field(id), field(name))
                    };
                    writeln!(out, "{row}")?;
                }
            }
        }
    }
    if let Some(competition) = &report.competition {
        let levels = std::iter::once(("dataset", "", &competition["dataset"]))
            .chain(competition["buyer"].as_object().into_iter().flatten().map(|(id, v)| ("buyer", id.as_str(), v)));
        for (level, id, tally) in levels {
            for (name, share) in tally.as_object().into_iter().flatten().filter(|(_, v)| v.is_object()) {
                for part in ["value", "numerator", "denominator", "coverage"] {
                    let indicator = format!("{name}.{part}");
                    // Not measurable (no process had the fields): an empty cell, never 0.
                    let value = if share[part].is_null() { String::new() } else { share[part].to_string() };
                    writeln!(out, "competition,{level},{},{indicator},{value}", field(id))?;
                }
            }
        }
    }
    if let Some(coverage) = &report.coverage {
        for (path, count) in coverage.counts() {
            writeln!(out, "coverage,dataset,,{},{count}", field(path))?;
        }
    }
    Ok(())
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}
