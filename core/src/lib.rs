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
#![deny(missing_docs)]

pub mod diagnostic;
pub mod error;
pub mod files;
pub mod indices;
pub mod io;
pub mod merge;
pub mod model;
pub mod profile;
pub mod stats;
pub mod validate;

pub use error::{Error, Result};
/// The language of messages (Spanish, the default, or English), for every report and error.
pub use validate::Lang;
