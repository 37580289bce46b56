//! # edca
//!
//! An engine for open-contracting data: the Open Contracting Data Standard (OCDS 1.1) and its
//! Mexican profile EDCA-MX (Estándar de Datos de Contrataciones Abiertas).
//!
//! Data flows one way:
//!
//! ```text
//! bytes ─ io (read packages, releases, JSON lines; group by ocid)
//!          └─ merge (releases of one ocid → compiled / versioned release, record)
//!               ├─ validate (schema + codelists + quality checks)
//!               └─ indices (transparency indicators)
//! ```
//!
//! [`profile`] (an OCDS version plus extensions) feeds merge rules, validation and the model.
//!
//! ## A walk-through: read → compile → validate → indices
//!
//! The same calls the command line and the Python and Node bindings make, on two releases of one
//! process (JSON lines; a file works the same with [`io::Source::open`]):
//!
//! ```
//! use edca::indices::{Config, Indices};
//! use edca::io::{Item, Reader, Source};
//! use edca::merge::{CompileError, Compiler};
//! use edca::validate::{Options, Validator};
//!
//! let feed = r#"{"ocid": "ocds-213czf-1", "id": "1", "date": "2024-01-10T00:00:00Z", "tag": ["tender"], "initiationType": "tender", "tender": {"id": "T1", "status": "active", "value": {"amount": 100, "currency": "MXN"}}}
//! {"ocid": "ocds-213czf-1", "id": "2", "date": "2024-02-10T00:00:00Z", "tag": ["award"], "initiationType": "tender", "tender": {"id": "T1", "status": "complete"}, "awards": [{"id": "A1", "date": "ayer"}]}"#;
//!
//! // 1. Read: each item knows where it is in the file (line, JSON Pointer).
//! let mut lines = Vec::new();
//! Reader::new().read(Source::from_bytes("feed.jsonl", feed)?, |item| {
//!     if let Item::Release { at, .. } = item {
//!         lines.push(at.line);
//!     }
//!     Ok(())
//! })?;
//! assert_eq!(lines, [1, 2]);
//!
//! // 2. Compile: one compiled release per ocid, merged by the rules of its OCDS version.
//! let mut compiler = Compiler::by_package_version();
//! compiler.read(&mut Reader::new(), Source::from_bytes("feed.jsonl", feed)?)?;
//! let mut compiled = Vec::new();
//! compiler.merge_each(
//!     |process| {
//!         let merged = process.merger.compile(&process.releases);
//!         merged.map_err(|error| CompileError::Merge { ocid: process.ocid.to_owned(), error })
//!     },
//!     |merged| {
//!         compiled.push(merged.release);
//!         Ok::<_, CompileError>(())
//!     },
//! )?;
//! assert_eq!(compiled[0]["tender"]["status"], "complete");
//!
//! // 3. Validate against EDCA-MX: grouped findings, pointers that resolve in the file.
//! let validator = Validator::new(&edca::profile::Profile::edca_mx())?;
//! let mut session = validator.session(Options { lang: edca::Lang::En, ..Options::default() });
//! session.read(Source::from_bytes("feed.jsonl", feed)?)?;
//! let report = session.finish();
//! let date = report.schema.iter().find(|g| g.path == "awards/date").expect("a bad date");
//! assert_eq!((date.examples[0].line, date.examples[0].pointer.as_str()), (Some(2), "/awards/0/date"));
//!
//! // 4. Indices of the compiled releases: every family, each value with its coverage.
//! let mut indices = Indices::new(Config::default());
//! compiled.iter().for_each(|release| indices.add(release));
//! assert_eq!(indices.finish().meta.processes, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Runnable programs: `cargo run -p edca --example walkthrough -- FILE` (the steps above on a
//! file), and the other examples in `core/examples/`.
#![deny(missing_docs)]

pub mod diagnostic;
pub mod error;
pub mod files;
pub mod indices;
pub mod io;
pub mod merge;
pub mod model;
pub mod profile;
pub mod publish;
pub mod site;
pub mod stats;
pub mod tables;
pub mod validate;

pub use error::{Error, Result};
/// The language of messages (Spanish, the default, or English), for every report and error.
pub use validate::Lang;
