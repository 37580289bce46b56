//! `edca-parse-floor FILE`: the parse floor of `benches/compare_stats.py`. Reads FILE and parses
//! every JSON value in it (one package, or JSON lines) into a `serde_json::Value` with edca's
//! serde_json features (numbers as written, member order kept), on one thread, then prints the
//! number of values and of releases found (`releases` members, or bare values), so the parse
//! cannot be skipped. It is what any reader that builds a tree must at least pay.

use serde_json::Value;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: edca-parse-floor FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("edca-parse-floor: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut values, mut releases) = (0u64, 0u64);
    for value in serde_json::Deserializer::from_slice(&bytes).into_iter::<Value>() {
        match value {
            Ok(value) => {
                values += 1;
                releases += match value.get("releases").and_then(Value::as_array) {
                    Some(array) => array.len() as u64,
                    None => 1,
                };
            }
            Err(e) => {
                eprintln!("edca-parse-floor: {path}: {e}");
                return ExitCode::from(1);
            }
        }
    }
    println!("{{\"values\": {values}, \"releases\": {releases}}}");
    ExitCode::SUCCESS
}
