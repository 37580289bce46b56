//! Embeds every file under `../schemas/` (schemas, codelists, extensions) in the library, so a
//! profile never needs the network or the file system.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut table = String::from("/// Every embedded file: path under `schemas/`, contents.\n");
    table.push_str("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file.strip_prefix(&root).expect("under schemas/").to_string_lossy().replace('\\', "/");
        let absolute = file.canonicalize().expect("readable schema file");
        writeln!(table, "    ({relative:?}, include_str!({:?})),", absolute.display().to_string()).unwrap();
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_files.rs");
    std::fs::write(out, table).expect("write the table of embedded files");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "csv")) {
            files.push(path);
        }
    }
}
