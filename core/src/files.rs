//! Inputs named by path, as every front end reads them: folders expanded to their data files,
//! the indices configuration with the tables it names, Cardinal's settings file. The CLI and the
//! bindings take paths from their users; these rules decide what a path means, once.

use crate::indices::Config;
use crate::indices::budget::ApprovedBudget;
use crate::indices::cardinal::{CardinalSettings, ini};
use crate::indices::inputs::{Founding, Inputs, Sanction, Threshold};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A configuration, table or settings file that could not be read, naming the file and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(crate::Lang::En))]
pub struct FileError {
    /// The file.
    pub file: String,
    /// What is wrong (the operating system's or the parser's words).
    pub reason: String,
    /// What the file was for.
    pub kind: FileKind,
    /// Whether the file could not be opened, or opened but not understood.
    pub opened: bool,
}

/// What a file named by path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The indices configuration.
    Configuration,
    /// An input table the configuration names (sanctions, thresholds, approved budget).
    Table,
    /// Cardinal's settings file.
    Settings,
}

impl FileError {
    fn open(path: &Path, kind: FileKind, reason: impl ToString) -> FileError {
        FileError { file: path.display().to_string(), reason: reason.to_string(), kind, opened: false }
    }

    fn parse(path: &Path, kind: FileKind, reason: impl ToString) -> FileError {
        FileError { file: path.display().to_string(), reason: reason.to_string(), kind, opened: true }
    }

    /// A stable code: `file.open` (missing or unreadable) or `file.parse` (not understood).
    pub fn code(&self) -> &'static str {
        if self.opened { "file.parse" } else { "file.open" }
    }

    /// The message in `lang`, naming the file.
    pub fn message(&self, lang: crate::Lang) -> String {
        let (file, reason) = (&self.file, &self.reason);
        match (lang, self.opened) {
            (_, true) => format!("{file}: {reason}"),
            (crate::Lang::En, false) => {
                let what = match self.kind {
                    FileKind::Configuration => "the configuration",
                    FileKind::Table => "the table",
                    FileKind::Settings => "the settings",
                };
                format!("cannot read {what} {file}: {reason}")
            }
            (crate::Lang::Es, false) => {
                let what = match self.kind {
                    FileKind::Configuration => "la configuración",
                    FileKind::Table => "la tabla",
                    FileKind::Settings => "la configuración de Cardinal",
                };
                format!("no se puede leer {what} {file}: {reason}")
            }
        }
    }
}

/// The data files a path stands for: a folder gives every `.json`, `.jsonl`, `.ndjson` and `.gz`
/// file under it, sorted (so runs are reproducible); anything else is itself.
pub fn expand(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    walk(path, &mut files)?;
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "jsonl" | "ndjson" | "gz")) {
            files.push(path);
        }
    }
    Ok(())
}

/// The indices configuration in `path` — TOML, JSON (`.json`) or a Cardinal settings file
/// (`.ini`, its `cardinal` part) — with the input tables it names, read relative to its folder
/// so that a configuration travels with its tables.
pub fn indices_config(path: &Path) -> Result<(Config, Inputs), FileError> {
    let kind = FileKind::Configuration;
    let text = std::fs::read_to_string(path).map_err(|e| FileError::open(path, kind, e))?;
    let parse = |e: &dyn std::fmt::Display| FileError::parse(path, kind, e);
    let value: Value = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text).map_err(|e| parse(&e))?,
        Some("ini") => serde_json::json!({ "cardinal": ini::parse(&text).map_err(|e| parse(&e))? }),
        _ => toml::from_str(&text).map_err(|e| parse(&e))?,
    };
    let config = Config::from_value(value).map_err(|e| parse(&e))?;
    let inputs = indices_inputs(&config, path.parent().unwrap_or(Path::new("")))?;
    Ok((config, inputs))
}

/// The input tables `config` names (integrity's, and the approved budget), relative to `folder`.
pub fn indices_inputs(config: &Config, folder: &Path) -> Result<Inputs, FileError> {
    fn read<T, E: std::fmt::Display>(
        folder: &Path,
        name: Option<&String>,
        parse: fn(std::fs::File) -> Result<T, E>,
    ) -> Result<Option<T>, FileError> {
        let Some(name) = name else { return Ok(None) };
        let path = folder.join(name);
        let file = std::fs::File::open(&path).map_err(|e| FileError::open(&path, FileKind::Table, e))?;
        parse(file).map(Some).map_err(|e| FileError::parse(&path, FileKind::Table, e))
    }
    let integrity = config.integrity.as_ref();
    let approved = config.budget.as_ref().and_then(|b| b.approved.as_ref());
    Ok(Inputs {
        sanctions: read(folder, integrity.and_then(|s| s.sanctions.as_ref()), Sanction::read_csv)?,
        thresholds: read(folder, integrity.and_then(|s| s.thresholds.as_ref()), Threshold::read_csv)?,
        foundings: read(folder, integrity.and_then(|s| s.foundings.as_ref()), Founding::read_csv)?,
        approved_budget: read(folder, approved, |file| ApprovedBudget::from_csv(std::io::BufReader::new(file)))?,
    })
}

/// The configuration of `edca publish` in `path` (TOML), its relative paths (the inbox) made
/// relative to its folder.
pub fn publish_config(path: &Path) -> Result<crate::publish::Config, FileError> {
    let kind = FileKind::Configuration;
    let text = std::fs::read_to_string(path).map_err(|e| FileError::open(path, kind, e))?;
    let config = crate::publish::Config::from_toml(&text).map_err(|e| FileError::parse(path, kind, e))?;
    Ok(config.resolve(path.parent().unwrap_or(Path::new(""))))
}

/// Cardinal's settings file (INI), as `edca prepare --settings` reads it.
pub fn cardinal_settings(path: &Path) -> Result<CardinalSettings, FileError> {
    let kind = FileKind::Settings;
    let text = std::fs::read_to_string(path).map_err(|e| FileError::open(path, kind, e))?;
    let value = ini::parse(&text).map_err(|e| FileError::parse(path, kind, e))?;
    serde_json::from_value(value).map_err(|e| FileError::parse(path, kind, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decided by hand: a folder stands for its data files, sorted, other files left out.
    #[test]
    fn folders_expand_to_sorted_data_files() {
        let dir = std::env::temp_dir().join(format!("edca-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("b")).unwrap();
        for name in ["b/2.json", "a.jsonl", "notes.txt", "c.json.gz"] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        let got = expand(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(got, vec![dir.join("a.jsonl"), dir.join("b/2.json"), dir.join("c.json.gz")]);
    }

    /// Decided by the shipped sample configuration: its tables are found beside it.
    #[test]
    fn the_sample_configuration_reads_its_tables() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/inputs/indices.toml");
        if !path.exists() {
            return;
        }
        let (config, inputs) = indices_config(&path).unwrap();
        assert!(config.integrity.is_some());
        assert!(inputs.sanctions.is_some() || inputs.thresholds.is_some() || inputs.approved_budget.is_some());
        let missing = indices_config(Path::new("/nonexistent/indices.toml")).unwrap_err();
        assert_eq!((missing.file.as_str(), missing.code()), ("/nonexistent/indices.toml", "file.open"));
        assert!(
            missing.message(crate::Lang::Es).starts_with("no se puede leer la configuración /nonexistent/indices.toml")
        );
    }
}
