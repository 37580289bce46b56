//! Running the `edca` binary from the command-line tests.
#![allow(dead_code)]

use std::process::{Command, Output, Stdio};

/// Runs `edca` with `args`, feeding `stdin`, and collects its output.
pub fn edca(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edca"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run edca");
    {
        use std::io::Write;
        // edca may exit before reading standard input (bad usage): a broken pipe is fine.
        let _ = child.stdin.take().expect("stdin is piped").write_all(stdin);
    }
    child.wait_with_output().expect("edca ran")
}

/// Splits one CSV line with RFC 4180 quoting.
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}
