//! (under construction)

/// Error of this module.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Placeholder until the module lands.
    #[error("unimplemented")]
    Unimplemented,
}
