//! One module per subcommand.

pub mod compile;
pub mod stats;
pub mod validate;
