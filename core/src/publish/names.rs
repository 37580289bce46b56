//! File names for ocids: a reversible encoding that cannot escape its folder, cannot collide,
//! not even on a case-insensitive disk, and stays within every file system's name limit.
//!
//! The rules, applied to the ocid's UTF-8 bytes:
//! - `a`–`z`, `0`–`9` and `-` stay as they are;
//! - an upper-case letter `A`–`Z` becomes `_` and the letter in lower case (`ABC` → `_a_b_c`);
//! - every other byte becomes `~` and two lower-case hex digits (`/` → `~2f`, `.` → `~2e`,
//!   `é` → `~c3~a9`);
//! - a name that is empty or a reserved device name of Windows (`con`, `prn`, `aux`, `nul`,
//!   `com1`–`com9`, `lpt1`–`lpt9`) gets a trailing `_` (a lone `_` at the end is no escape);
//! - a name longer than [`SEGMENT`] characters is cut into folders of exactly [`SEGMENT`]
//!   characters, each followed by `+`, and a last part of at most [`SEGMENT`] characters
//!   (the reserved-name rule applies to that last part).
//!
//! So a name holds only `a-z 0-9 - _ ~ +` and `/` between parts: no `.`, no `..`, no absolute
//! path, no `:` or `\`, nothing that case folding or Unicode normalisation changes; distinct
//! ocids give distinct names (the encoding is injective and [`decode`] inverts it). `index.json`
//! maps every ocid to its files as well.
//!
//! ```
//! use edca::publish::names::{decode, encode};
//! assert_eq!(encode("ocds-213czf-000-00001"), "ocds-213czf-000-00001");
//! assert_eq!(encode("../../etc/x"), "~2e~2e~2f~2e~2e~2fetc~2fx");
//! assert_eq!(encode("CON"), "_c_o_n");
//! assert_eq!(encode("con"), "con_");
//! assert_eq!(decode(&encode("Año:2024/Ñ")).as_deref(), Some("Año:2024/Ñ"));
//! ```

/// The longest part of a name (a folder or the file name without `.json`), in characters.
pub const SEGMENT: usize = 200;

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The name of `ocid`'s files, without the `.json` extension (see the module documentation).
pub fn encode(ocid: &str) -> String {
    let mut flat = String::with_capacity(ocid.len());
    for &byte in ocid.as_bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => flat.push(byte as char),
            b'A'..=b'Z' => {
                flat.push('_');
                flat.push(byte.to_ascii_lowercase() as char);
            }
            _ => {
                flat.push('~');
                flat.push(HEX[usize::from(byte >> 4)] as char);
                flat.push(HEX[usize::from(byte & 15)] as char);
            }
        }
    }
    let mut out = String::with_capacity(flat.len() + flat.len() / SEGMENT * 2 + 1);
    let mut rest = flat.as_str();
    while rest.len() > SEGMENT {
        let (part, tail) = rest.split_at(SEGMENT);
        out.push_str(part);
        out.push_str("+/");
        rest = tail;
    }
    out.push_str(rest);
    if rest.is_empty() || RESERVED.contains(&rest) {
        out.push('_');
    }
    out
}

/// The ocid whose name this is, or `None` when `name` is not one [`encode`] writes.
pub fn decode(name: &str) -> Option<String> {
    let mut flat = String::with_capacity(name.len());
    let mut parts = name.split('/').peekable();
    while let Some(part) = parts.next() {
        match parts.peek() {
            Some(_) => flat.push_str(part.strip_suffix('+')?),
            None => flat.push_str(part),
        }
    }
    // A `_` that ends the name is the mark of an empty or reserved name, never an escape.
    let flat = flat.strip_suffix('_').unwrap_or(&flat);
    let mut bytes = Vec::with_capacity(flat.len());
    let mut chars = flat.bytes();
    while let Some(c) = chars.next() {
        match c {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => bytes.push(c),
            b'_' => match chars.next()? {
                letter @ b'a'..=b'z' => bytes.push(letter.to_ascii_uppercase()),
                _ => return None,
            },
            b'~' => {
                let high = hex_value(chars.next()?)?;
                let low = hex_value(chars.next()?)?;
                bytes.push(high << 4 | low);
            }
            _ => return None,
        }
    }
    let ocid = String::from_utf8(bytes).ok()?;
    // Only the canonical spelling decodes (`~61` is not `a`; cuts are where `encode` makes them).
    (encode(&ocid) == name).then_some(ocid)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Decided by the rules above, by hand: the dangerous ocids of issue 14.
    #[test]
    fn dangerous_ocids_stay_inside_and_distinct() {
        let cases = [
            ("../../etc/x", "~2e~2e~2f~2e~2e~2fetc~2fx"),
            ("/abs", "~2fabs"),
            ("CON", "_c_o_n"),
            ("con", "con_"),
            ("nul", "nul_"),
            ("a:b", "a~3ab"),
            ("a\\b", "a~5cb"),
            ("", "_"),
            (".", "~2e"),
            ("ocds-ABC", "ocds-_a_b_c"),
            ("ocds-abc", "ocds-abc"),
            ("Ñandú", "~c3~91and~c3~ba"),
        ];
        for (ocid, name) in cases {
            assert_eq!(encode(ocid), name, "{ocid:?}");
            assert_eq!(decode(name).as_deref(), Some(ocid), "{name:?}");
        }
    }

    /// Decided by the file-system limits: 255 bytes per name, here at most 201 + ".json".
    #[test]
    fn long_ocids_become_folders_of_bounded_names() {
        let ocid = format!("ocds-{}", "Ü".repeat(300));
        let name = encode(&ocid);
        let parts: Vec<&str> = name.split('/').collect();
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.len() <= SEGMENT + 1 && !p.is_empty()));
        assert!(parts[..parts.len() - 1].iter().all(|p| p.ends_with('+')));
        assert_eq!(decode(&name), Some(ocid));
        let exact = "a".repeat(SEGMENT);
        assert_eq!(encode(&exact), exact);
        let over = "a".repeat(SEGMENT + 3);
        assert_eq!(encode(&over), format!("{}+/aaa", "a".repeat(SEGMENT)));
        let reserved_tail = format!("{}con", "a".repeat(SEGMENT));
        assert_eq!(encode(&reserved_tail), format!("{}+/con_", "a".repeat(SEGMENT)));
        assert_eq!(decode(&encode(&reserved_tail)), Some(reserved_tail));
    }

    /// Decided by the definition of the encoding: names [`encode`] cannot write are refused.
    #[test]
    fn foreign_names_do_not_decode() {
        for name in ["A", "a.json", "~41", "~2", "_", "_1", "a_", "x/y", "..", "con"] {
            if name == "_" {
                assert_eq!(decode(name).as_deref(), Some(""));
                continue;
            }
            assert_eq!(decode(name), None, "{name:?}");
        }
    }

    proptest::proptest! {
        /// Decided by the encoding's definition: decode inverts encode; names are lower case
        /// and free of separators, so a case-insensitive disk keeps them apart.
        #[test]
        fn roundtrip_and_case_insensitive_injective(a in "\\PC{0,400}", b in "[a-zA-Z:/.]{0,6}") {
            for ocid in [&a, &b] {
                let name = encode(ocid);
                let decoded = decode(&name);
                proptest::prop_assert_eq!(decoded.as_deref(), Some(ocid.as_str()));
                proptest::prop_assert!(name.bytes().all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' | b'+' | b'/')));
                proptest::prop_assert!(!name.starts_with('/') && !name.split('/').any(|p| p.is_empty()));
            }
            let upper = b.to_uppercase();
            let lower = b.to_lowercase();
            let names: HashSet<String> = [&b, &upper, &lower].iter().map(|o| encode(o)).collect();
            let ocids: HashSet<&String> = [&b, &upper, &lower].into_iter().collect();
            proptest::prop_assert_eq!(names.len(), ocids.len());
        }
    }
}
