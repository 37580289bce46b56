//! Why a command failed, and the exit status that says so.

use std::fmt;

/// A command's failure.
#[derive(Debug)]
pub enum Failure {
    /// Input that could not be read (exit status 2).
    Unreadable(edca::io::ReadError),
    /// Input that could not be read, said in the language asked for (exit status 2).
    UnreadableText(String),
    /// Data that is invalid or cannot be merged (exit status 1).
    Invalid(String),
    /// Bad usage not caught by argument parsing (exit status 2).
    Usage(String),
    /// Writing the output failed (exit status 2).
    Output(std::io::Error),
    /// The reader of our output went away (e.g. `| head`): not an error.
    BrokenPipe,
}

impl Failure {
    /// The process exit status for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Invalid(_) => 1,
            Failure::BrokenPipe => 0,
            Failure::Unreadable(_) | Failure::UnreadableText(_) | Failure::Usage(_) | Failure::Output(_) => 2,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Unreadable(e) => write!(f, "{e}"),
            Failure::Invalid(reason) | Failure::UnreadableText(reason) | Failure::Usage(reason) => f.write_str(reason),
            Failure::Output(e) => write!(f, "cannot write the output: {e}"),
            Failure::BrokenPipe => f.write_str("broken pipe"),
        }
    }
}

impl From<edca::io::ReadError> for Failure {
    fn from(error: edca::io::ReadError) -> Self {
        Failure::Unreadable(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe { Failure::BrokenPipe } else { Failure::Output(error) }
    }
}

impl From<edca::merge::CompileError> for Failure {
    fn from(error: edca::merge::CompileError) -> Self {
        match error {
            edca::merge::CompileError::Read(e) => Failure::Unreadable(e),
            edca::merge::CompileError::Spill(e) => Failure::Usage(format!("spill file: {e}")),
            invalid => Failure::Invalid(invalid.to_string()),
        }
    }
}
