//! File names of pages, from ocids and organisation ids.
//!
//! The encoding ([`page_name`]) writes only `a-z`, `0-9`, `-`, `_` and `~`, so a name is the
//! same on every file system, cannot leave its folder (no `/`, `\`, `.`, `:`), and two ids
//! that differ only by case get names that differ in more than case (safe on a
//! case-insensitive disk):
//!
//! - `a-z`, `0-9` and `-` stand for themselves;
//! - `_` switches upper case on or off: in upper case mode a letter stands for its capital
//!   (`OCDS-87SD3T-x` → `_ocds-87sd3t-_x`); digits and `-` do not change the mode;
//! - every other byte of the UTF-8 text is `~` and two lower-case hex digits (`/` → `~2f`,
//!   `ñ` → `~c3~b1`);
//! - a name that would be a device name on Windows (`con`, `nul`, `com1`…) has its first letter
//!   written as `~XX`; the empty id is `_`;
//! - a name longer than [`MAX_NAME`] bytes keeps its first 160 bytes, then `~~` and 32 hex
//!   digits of a hash of the whole id: the one case [`page_name_decode`] cannot invert (the
//!   search index maps each ocid to its page all the same).
//!
//! [`page_name_decode`] inverts every other name exactly.

/// The longest name written in full (file systems allow 255 bytes; `.html` is added).
pub const MAX_NAME: usize = 200;

const WINDOWS_DEVICES: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The file name (without extension) of the page of `id` (an ocid, or an organisation id).
pub fn page_name(id: &str) -> String {
    if id.is_empty() {
        return "_".to_owned();
    }
    let mut out = String::with_capacity(id.len() + 8);
    let mut upper = false;
    for &byte in id.as_bytes() {
        match byte {
            b'a'..=b'z' => {
                if upper {
                    out.push('_');
                    upper = false;
                }
                out.push(byte as char);
            }
            b'A'..=b'Z' => {
                if !upper {
                    out.push('_');
                    upper = true;
                }
                out.push(byte.to_ascii_lowercase() as char);
            }
            b'0'..=b'9' | b'-' => out.push(byte as char),
            _ => out.push_str(&format!("~{byte:02x}")),
        }
    }
    if WINDOWS_DEVICES.contains(&out.as_str()) {
        out = format!("~{:02x}{}", out.as_bytes()[0], &out[1..]);
    }
    if out.len() > MAX_NAME {
        let mut cut = 160;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out = format!("{}~~{}", &out[..cut], hash_hex(id));
    }
    out
}

/// The id a [`page_name`] stands for; `None` for a name it cannot have written, or for a
/// shortened long name (which holds a hash, not the whole id).
pub fn page_name_decode(name: &str) -> Option<String> {
    if name == "_" {
        return Some(String::new());
    }
    if name.contains("~~") {
        return None;
    }
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut upper = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => upper = !upper,
            b @ b'a'..=b'z' => out.push(if upper { b.to_ascii_uppercase() } else { b }),
            b @ (b'0'..=b'9' | b'-') => out.push(b),
            b'~' => {
                let hex = name.get(i + 1..i + 3)?;
                if !hex.bytes().all(|h| matches!(h, b'0'..=b'9' | b'a'..=b'f')) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            _ => return None,
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// 128 bits of two FNV-1a hashes (different offsets), as 32 hex digits: enough to keep
/// shortened names apart; not a security measure.
fn hash_hex(text: &str) -> String {
    let fnv = |offset: u64| {
        text.bytes().fold(offset, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
    };
    format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decided by the rules in the module doc, worked by hand.
    #[test]
    fn names_follow_the_documented_rules() {
        assert_eq!(page_name("ocds-213czf-1"), "ocds-213czf-1");
        assert_eq!(page_name("OCDS-87SD3T-x"), "_ocds-87sd3t-_x");
        assert_eq!(page_name("../../etc/x"), "~2e~2e~2f~2e~2e~2fetc~2fx");
        assert_eq!(page_name("a:b"), "a~3ab");
        assert_eq!(page_name("niño"), "ni~c3~b1o");
        assert_eq!(page_name("con"), "~63on");
        assert_eq!(page_name("CON"), "_con");
        assert_eq!(page_name(""), "_");
        assert_eq!(page_name("_"), "~5f");
    }

    /// Oracle: decode inverts encode (the doc's promise), names use the safe alphabet, and
    /// names of ids that differ only by case differ case-insensitively.
    #[test]
    fn names_are_reversible_safe_and_case_distinct() {
        let ids = [
            "ocds-1",
            "OCDS-1",
            "Ocds-1",
            "/abs/path",
            "C:\\x",
            "CON",
            "con",
            "nul.txt",
            "lpt9",
            "a b\tc",
            "ñandú Ω 🦀",
            "_~_",
            "x.",
            " ",
            "",
        ];
        let mut lowered = std::collections::HashSet::new();
        for id in ids {
            let name = page_name(id);
            assert!(name.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~')), "{name}");
            assert_eq!(page_name_decode(&name).as_deref(), Some(id), "{id} → {name}");
            assert!(!WINDOWS_DEVICES.contains(&name.as_str()));
            assert!(lowered.insert(name.to_ascii_lowercase()), "{id} collides");
        }
    }

    #[test]
    fn long_names_are_cut_with_a_hash() {
        let long = "ocds-x-".repeat(60);
        let other = format!("{long}y");
        let (a, b) = (page_name(&long), page_name(&other));
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME);
        assert_ne!(a, b);
        assert_eq!(page_name_decode(&a), None);
        let wide = "ñ".repeat(100);
        assert!(page_name(&wide).len() <= MAX_NAME);
        assert_eq!(page_name_decode("~zz"), None);
        assert_eq!(page_name_decode("A"), None);
    }
}
