//! Empty: cargo resolves `[build-dependencies]` (the proc-macros' syn features) only for a
//! package with a build script.
fn main() {}
