//! What `edca compile` and `edca indices` say about what they left out or read past: the
//! options (`--warnings`, `--quiet`, `--lang`, `--fail-fast`), the report on stderr, and the
//! exit status it implies.

use crate::failure::Failure;
use edca::Lang;
use edca::diagnostic::{Diagnostic, Diagnostics};

/// The options shared by the commands that read and merge.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// How warnings and errors are shown on stderr: grouped by kind and path with a count and
    /// the first examples, or one line each.
    #[arg(long, value_enum, default_value_t = Warnings::Summary)]
    pub warnings: Warnings,
    /// Nothing on stderr but a failure that stops the run (no findings, no progress bar). The
    /// exit status still says when something was left out.
    #[arg(long, short)]
    pub quiet: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::Es)]
    pub lang: LangArg,
    /// Stop at the first value that cannot be read or process that cannot be merged, instead of
    /// leaving it out and going on.
    #[arg(long)]
    pub fail_fast: bool,
}

/// `--warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Warnings {
    /// Grouped by kind and path: a count and the first few examples.
    Summary,
    /// Every finding, one line each.
    All,
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Spanish.
    Es,
    /// English.
    En,
}

impl Options {
    /// The language of the messages.
    pub fn lang(&self) -> Lang {
        match self.lang {
            LangArg::Es => Lang::Es,
            LangArg::En => Lang::En,
        }
    }

    /// An empty collection of findings of the chosen kind.
    pub fn collection(&self) -> Diagnostics {
        match self.warnings {
            Warnings::Summary => Diagnostics::default(),
            Warnings::All => Diagnostics::all(),
        }
    }

    /// The failure that stops a run at its first problem.
    pub fn stop(&self, diagnostic: &Diagnostic) -> Failure {
        Failure::Invalid(diagnostic.line_text(self.lang()))
    }

    /// Prints the findings (unless quiet) and turns what was left out into the exit status:
    /// `failed` processes that could not be merged, and the values left out while reading.
    pub fn finish(&self, diagnostics: &Diagnostics, failed: u64, left_out: u64) -> Result<(), Failure> {
        if !self.quiet && !diagnostics.is_empty() {
            eprint!("{}", diagnostics.to_text(self.lang()));
        }
        if failed == 0 && left_out == 0 {
            return Ok(());
        }
        let lang = self.lang();
        let mut parts = Vec::new();
        if failed > 0 {
            parts.push(match (lang, failed) {
                (Lang::Es, 1) => "1 proceso no se pudo combinar".to_owned(),
                (Lang::Es, n) => format!("{n} procesos no se pudieron combinar"),
                (Lang::En, 1) => "1 process could not be merged".to_owned(),
                (Lang::En, n) => format!("{n} processes could not be merged"),
            });
        }
        if left_out > 0 {
            parts.push(match (lang, left_out) {
                (Lang::Es, 1) => "1 valor no se pudo leer o compilar y se omitió".to_owned(),
                (Lang::Es, n) => format!("{n} valores no se pudieron leer o compilar y se omitieron"),
                (Lang::En, 1) => "1 value could not be read or compiled and was left out".to_owned(),
                (Lang::En, n) => format!("{n} values could not be read or compiled and were left out"),
            });
        }
        Err(Failure::Invalid(parts.join("; ")))
    }
}
