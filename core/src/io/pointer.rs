//! JSON Pointers (RFC 6901) built while reading.

/// One step of a pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Renders segments as a JSON Pointer, escaping `~` and `/`.
pub(crate) fn render(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Segment::Key(key) => escape_into(key, &mut out),
            Segment::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Appends `key` as one pointer segment (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape_into(key: &str, out: &mut String) {
    if !key.contains(['~', '/']) {
        out.push_str(key);
        return;
    }
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_rfc_6901() {
        let path = [Segment::Key("a/b".into()), Segment::Index(3), Segment::Key("m~n".into())];
        assert_eq!(render(&path), "/a~1b/3/m~0n");
    }
}
