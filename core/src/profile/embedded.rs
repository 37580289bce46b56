//! The files of `schemas/`, compiled into the library (see `core/build.rs`).

include!(concat!(env!("OUT_DIR"), "/embedded_files.rs"));

/// The contents of an embedded file, by its path under `schemas/`.
pub(crate) fn file(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, text)| *text)
}

/// The embedded files whose path starts with `prefix`.
pub(crate) fn files_under(prefix: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    FILES.iter().copied().filter(move |(p, _)| p.starts_with(prefix))
}
