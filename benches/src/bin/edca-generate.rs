//! `edca-generate [--seed N] [--processes N] [--window N] [--bulk] [--no-mixed-ids]
//! [--packages | --package | --pretty] [OUT]`: writes a seeded, realistic EDCA-MX release stream
//! (to OUT, or stdout): JSON lines of releases, one package per line (`--packages`), or one
//! release package holding every release (`--package` on one line, `--pretty` indented).
//! `--bulk` gives a state's bulk-download mix (1–6 releases per process, repeated ids, ids that
//! mix numbers and strings, deleting nulls); `--no-mixed-ids` leaves out the mixed ids, which
//! libcoveocds cannot read.
//!
//! The big package of issue 11: `edca-generate --bulk --processes 20000 --package big.json`.

use edca_benches::generator::{Config, Output, write_stream};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("edca-generate: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut config = Config::default();
    let mut out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let text = args.next().ok_or(format!("{name} needs a value"))?;
            text.parse().map_err(|_| format!("{name}: not a whole number: {text}"))
        };
        match arg.as_str() {
            "--seed" => config.seed = number("--seed")?,
            "--processes" => config.processes = number("--processes")? as usize,
            "--window" => config.window = number("--window")? as usize,
            "--packages" => config.output = Output::PackagePerRelease,
            "--package" => config.output = Output::Package,
            "--pretty" => config.output = Output::PrettyPackage,
            "--bulk" => config.bulk = true,
            "--no-mixed-ids" => config.mixed_ids = false,
            "-h" | "--help" => {
                println!(
                    "usage: edca-generate [--seed N] [--processes N] [--window N] [--bulk] [--no-mixed-ids] \
                     [--packages | --package | --pretty] [OUT]"
                );
                return Ok(());
            }
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ => out = Some(arg),
        }
    }
    let written = match out {
        Some(path) => {
            let file = std::fs::File::create(&path).map_err(|e| format!("{path}: {e}"))?;
            let mut writer = BufWriter::new(file);
            let written = write_stream(&config, &mut writer).map_err(|e| e.to_string())?;
            writer.flush().map_err(|e| e.to_string())?;
            written
        }
        None => {
            let stdout = std::io::stdout();
            let mut writer = BufWriter::new(stdout.lock());
            let written = write_stream(&config, &mut writer).map_err(|e| e.to_string())?;
            writer.flush().map_err(|e| e.to_string())?;
            written
        }
    };
    eprintln!("edca-generate: {} processes, {} releases, {} bytes", written.processes, written.releases, written.bytes);
    Ok(())
}
