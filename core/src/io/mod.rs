//! (under construction)

/// Error of this module.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Placeholder until the module lands.
    #[error("unimplemented")]
    Unimplemented,
}
