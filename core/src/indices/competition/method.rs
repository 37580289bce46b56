//! The procurement method of a process, and its national label, read from what Mexican
//! publishers write.
//!
//! Publishers often leave `procurementMethod` empty or write the national label in
//! `procurementMethodDetails` as they please ("ADJUDICACI N DIRECTA ART. 41-III-LAASSP",
//! "Invitación a cuando menos tres personas", "INVITACION A CUENDO MENOS TRES"). The label is
//! normalised (lower case, accents stripped, anything not a letter or digit made a space) and
//! matched by keywords, which survives mangled accents, typos in other words and legal-article
//! suffixes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The OCDS 1.1 `procurementMethod` codes, in report order.
pub const METHODS: [&str; 4] = ["open", "selective", "limited", "direct"];

/// The label of details that no label rule matches (COMP-03's "otro").
pub const OTHER_LABEL: &str = "otro";

/// One rule of the method map: every keyword must occur in the normalised details.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodRule {
    /// Substrings of the normalised `procurementMethodDetails` (lower case, no accents).
    pub contains: Vec<String>,
    /// The OCDS method they mean: open, selective, limited or direct.
    pub method: String,
}

/// One rule of the label map: every keyword must occur in the normalised details.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelRule {
    /// Substrings of the normalised `procurementMethodDetails` (lower case, no accents).
    pub contains: Vec<String>,
    /// The national label they mean (a report key, e.g. `licitacion_publica`).
    pub label: String,
}

/// The default method map (§2 of the catalogue).
pub fn default_method_map() -> Vec<MethodRule> {
    let rule = |words: &[&str], method: &str| MethodRule { contains: owned(words), method: method.to_owned() };
    vec![
        rule(&["adjudic", "direct"], "direct"),
        rule(&["invitaci"], "selective"),
        rule(&["restringid"], "selective"),
        rule(&["licitaci"], "open"),
    ]
}

/// The default label map: the three methods of Mexican procurement law (LAASSP / LOPSRM).
pub fn default_label_map() -> Vec<LabelRule> {
    let rule = |words: &[&str], label: &str| LabelRule { contains: owned(words), label: label.to_owned() };
    vec![
        rule(&["adjudic", "direct"], "adjudicacion_directa"),
        rule(&["invitaci"], "invitacion_cuando_menos_tres"),
        rule(&["restringid"], "invitacion_cuando_menos_tres"),
        rule(&["licitaci"], "licitacion_publica"),
    ]
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// The method of the first rule whose keywords all occur in `normalised`.
pub fn map_method<'a>(rules: &'a [MethodRule], normalised: &str) -> Option<&'a str> {
    rules.iter().find(|r| matches(&r.contains, normalised)).map(|r| r.method.as_str())
}

/// The label of the first rule whose keywords all occur in `normalised`; [`OTHER_LABEL`] when
/// none does.
pub fn map_label<'a>(rules: &'a [LabelRule], normalised: &str) -> &'a str {
    rules.iter().find(|r| matches(&r.contains, normalised)).map_or(OTHER_LABEL, |r| r.label.as_str())
}

fn matches(keywords: &[String], normalised: &str) -> bool {
    keywords.iter().all(|w| normalised.contains(w.as_str()))
}

/// Lower case, accents stripped, every run of other characters one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        };
        if c != ' ' || !out.ends_with(' ') && !out.is_empty() {
            out.push(c);
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_mexican_labels() {
        assert_eq!(normalise("ADJUDICACIÓN  DIRECTA ART. 41-III-LAASSP"), "adjudicacion directa art 41 iii laassp");
        assert_eq!(normalise("ADJUDICACI\u{fffd}N DIRECTA"), "adjudicaci n directa");
        let methods = default_method_map();
        let method = |text: &str| map_method(&methods, &normalise(text));
        assert_eq!(method("ADJUDICACI\u{fffd}N DIRECTA 26-II"), Some("direct"));
        assert_eq!(method("INVITACION A CUENDO MENOS TRES PERSONAS"), Some("selective"));
        assert_eq!(method("Licitación Pública Nacional"), Some("open"));
        assert_eq!(method("Convenio entre entes públicos"), None);
    }

    #[test]
    fn labels_fall_back_to_other() {
        let labels = default_label_map();
        let label = |text: &str| map_label(&labels, &normalise(text));
        assert_eq!(label("Adjudicación Directa Art. 42"), "adjudicacion_directa");
        assert_eq!(label("Invitación restringida"), "invitacion_cuando_menos_tres");
        assert_eq!(label("LICITACIÓN PÚBLICA INTERNACIONAL BAJO TLC"), "licitacion_publica");
        assert_eq!(label("Convenio entre entes públicos"), OTHER_LABEL);
    }
}
