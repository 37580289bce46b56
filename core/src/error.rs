//! The one error type of the crate: each module has its own error enum, wrapped here.

use thiserror::Error;

/// Any error edca can return (see each module's error for details).
#[derive(Debug, Error)]
pub enum Error {
    /// Input could not be read or parsed.
    #[error(transparent)]
    Read(#[from] crate::io::ReadError),
    /// A profile (schema + extensions) could not be built.
    #[error(transparent)]
    Profile(#[from] crate::profile::ProfileError),
    /// JSON could not be read into the typed model.
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
    /// Transparency indices could not be configured.
    #[error(transparent)]
    Indices(#[from] crate::indices::IndicesError),
    /// Releases could not be merged.
    #[error(transparent)]
    Merge(#[from] crate::merge::MergeError),
    /// A schema could not be compiled for validation.
    #[error(transparent)]
    Validate(#[from] crate::validate::ValidateError),
}

/// `Result` with [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;
