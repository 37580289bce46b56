//! One module per subcommand.

pub mod compile;
pub mod flatten;
pub mod indices;
pub mod prepare;
pub mod publish;
pub mod stats;
pub mod template;
pub mod unflatten;
pub mod validate;
