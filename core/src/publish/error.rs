//! Why a publication could not be made.

use crate::Lang;

/// Why `edca publish` stopped. The previous publication is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Another run holds the publication's lock.
    #[error("{path}: another edca publish is writing this publication (pid {holder})")]
    Locked {
        /// The lock file.
        path: String,
        /// What the lock file says about its holder (its pid).
        holder: String,
    },
    /// A file or folder could not be read or written.
    #[error("{path}: {reason}")]
    Io {
        /// The file or folder.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// The configuration is not usable.
    #[error("{file}: {reason}")]
    Config {
        /// The configuration file (or what was given instead).
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// The inputs could not be read or merged (beyond one value or one process, which are
    /// reported and left out).
    #[error(transparent)]
    Compile(#[from] crate::merge::CompileError),
    /// The profile's schema could not be compiled for the gate.
    #[error(transparent)]
    Validate(#[from] crate::validate::ValidateError),
    /// The portal pages could not be written.
    #[error(transparent)]
    Site(#[from] crate::site::SiteError),
}

impl PublishError {
    /// The stable code: `publish.lock`, `publish.io`, `publish.config`, `publish.input`,
    /// `publish.schema`, `site.io` / `site.record` / `site.duplicate`.
    pub fn code(&self) -> &'static str {
        match self {
            PublishError::Locked { .. } => "publish.lock",
            PublishError::Io { .. } => "publish.io",
            PublishError::Config { .. } => "publish.config",
            PublishError::Compile(_) => "publish.input",
            PublishError::Validate(_) => "publish.schema",
            PublishError::Site(error) => error.code(),
        }
    }

    /// What is wrong, naming the file, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PublishError::Locked { path, holder }, Lang::Es) => {
                format!(
                    "{path}: otro edca publish está escribiendo esta publicación (pid {holder}); espere a que termine"
                )
            }
            (PublishError::Locked { path, holder }, Lang::En) => {
                format!("{path}: another edca publish is writing this publication (pid {holder}); wait for it to end")
            }
            (PublishError::Io { path, reason }, Lang::Es) => format!("{path}: no se pudo leer o escribir: {reason}"),
            (PublishError::Io { path, reason }, Lang::En) => format!("{path}: cannot be read or written: {reason}"),
            (PublishError::Config { file, reason }, Lang::Es) => format!("{file}: configuración no válida: {reason}"),
            (PublishError::Config { file, reason }, Lang::En) => format!("{file}: invalid configuration: {reason}"),
            (PublishError::Compile(crate::merge::CompileError::Read(error)), lang) => error.message(lang),
            (PublishError::Compile(error), Lang::Es) => format!("no se pudieron leer las entregas: {error}"),
            (PublishError::Compile(error), Lang::En) => format!("the releases could not be read: {error}"),
            (PublishError::Validate(error), Lang::Es) => format!("el esquema no se puede compilar: {error}"),
            (PublishError::Validate(error), Lang::En) => error.to_string(),
            (PublishError::Site(error), lang) => error.message(lang),
        }
    }
}
