//! One module per subcommand.

pub mod compile;
pub mod indices;
pub mod stats;
pub mod validate;
