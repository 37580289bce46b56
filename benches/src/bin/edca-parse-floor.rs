//! The parse floor of `edca stats`: how long serde_json (the parser edca uses, with the same
//! features: arbitrary precision, member order) takes to parse a file into one `Value`, and
//! nothing else. `edca-parse-floor FILE` prints the seconds and the top-level type.

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: edca-parse-floor FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let mut values = 0usize;
    for value in serde_json::Deserializer::from_slice(&bytes).into_iter::<serde_json::Value>() {
        match value {
            Ok(value) => {
                std::hint::black_box(&value);
                values += 1;
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{seconds:.3} s to parse {} bytes into {values} value(s) ({:.0} MB/s)",
        bytes.len(),
        bytes.len() as f64 / seconds / 1e6
    );
}
