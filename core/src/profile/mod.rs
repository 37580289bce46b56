//! (under construction)

/// Error of this module.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Placeholder until the module lands.
    #[error("unimplemented")]
    Unimplemented,
}
