//! One module per subcommand.

pub mod compile;
pub mod indices;
pub mod prepare;
pub mod publish;
pub mod stats;
pub mod validate;
