//! Turning command-line arguments into the list of inputs to read.

use std::path::{Path, PathBuf};

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`, or no argument at all).
    Stdin,
    /// A file.
    File(PathBuf),
}

/// Expands arguments: `-` is stdin, a folder stands for every `.json`, `.jsonl` and `.gz` file
/// under it (sorted, so runs are reproducible), anything else is a file. No argument means stdin,
/// as in `ocdskit`.
pub fn expand(args: &[PathBuf]) -> std::io::Result<Vec<Input>> {
    if args.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    let mut inputs = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            let mut files = Vec::new();
            walk(arg, &mut files)?;
            files.sort();
            inputs.extend(files.into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(arg.clone()));
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if is_data_file(&path) {
            files.push(path);
        }
    }
    Ok(())
}

fn is_data_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "jsonl" | "ndjson" | "gz"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_argument_means_stdin() {
        assert_eq!(expand(&[]).unwrap(), vec![Input::Stdin]);
    }

    #[test]
    fn folders_expand_to_sorted_data_files() {
        let dir = std::env::temp_dir().join(format!("edca-inputs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("b")).unwrap();
        for name in ["b/2.json", "a.jsonl", "notes.txt", "c.json.gz"] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        let got = expand(&[dir.clone(), PathBuf::from("-")]).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            got,
            vec![
                Input::File(dir.join("a.jsonl")),
                Input::File(dir.join("b/2.json")),
                Input::File(dir.join("c.json.gz")),
                Input::Stdin,
            ]
        );
    }
}
