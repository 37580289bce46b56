//! `edca`: compile, validate, score and describe OCDS / EDCA-MX data from the command line.
//!
//! Thin by design: parse arguments, call the `edca` crate, print. Exit status: 0 success;
//! 1 the data is invalid or cannot be merged; 2 bad usage or unreadable input. Never a panic
//! trace.

mod commands;
mod failure;
mod findings;
mod inputs;
mod progress;

use clap::{Parser, Subcommand};
use failure::Failure;
use std::process::ExitCode;

/// JSON trees are many small allocations; mimalloc makes them markedly cheaper than the system
/// allocator (measured with `benches/compare_compile.py`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Open-contracting data (OCDS 1.1, EDCA-MX) from the command line.
#[derive(Debug, Parser)]
#[command(name = "edca", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Compile(commands::compile::Args),
    Flatten(commands::flatten::Args),
    Indices(commands::indices::Args),
    Prepare(commands::prepare::Args),
    Publish(commands::publish::Args),
    Stats(commands::stats::Args),
    Template(commands::template::Args),
    Unflatten(commands::unflatten::Args),
    Validate(commands::validate::Args),
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("edca: internal error, please report it: {info}");
    }));
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Compile(args) => commands::compile::run(args),
        Command::Flatten(args) => commands::flatten::run(args),
        Command::Indices(args) => commands::indices::run(args),
        Command::Prepare(args) => commands::prepare::run(args),
        Command::Publish(args) => commands::publish::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Template(args) => commands::template::run(args),
        Command::Unflatten(args) => commands::unflatten::run(args),
        Command::Validate(args) => commands::validate::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("edca: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}
