//! Findings of the pipeline (read, compile, merge) as data: what the CLI prints, what the
//! bindings hand to their callers, what a portal shows next to an uploaded file.
//!
//! Every [`Diagnostic`] has a stable `code` (`read.syntax`, `compile.no_ocid`,
//! `merge.inconsistent_type`, `merge.duplicate_id`, `merge.same_date`…), a [`Severity`], where it
//! is (file, line, and a JSON Pointer that resolves in that file: `/releases/3/awards`), which
//! process and release it is about, a shortened quote of the value, and its message in Spanish
//! and English. [`Diagnostics`] collects them: grouped by code and path without array indices
//! (`/releases/awards`) with a count and the first few examples, or every one — a file with a
//! hundred thousand repeated ids then reads as a handful of lines.
//!
//! ```
//! use edca::diagnostic::{Diagnostic, Diagnostics, Severity};
//! use edca::Lang;
//!
//! let mut all = Diagnostics::summary(2);
//! for n in 0..5 {
//!     all.push(
//!         Diagnostic::new("merge.duplicate_id", Severity::Warning, "id repetido", "repeated id")
//!             .at("feed.json", 1, &format!("/releases/{n}/awards")),
//!     );
//! }
//! let groups = all.groups();
//! assert_eq!((groups.len(), groups[0].count, groups[0].examples.len()), (1, 5, 2));
//! assert_eq!(groups[0].path, "/releases/awards");
//! assert_eq!(groups[0].examples[1].message(Lang::En), "repeated id");
//! ```

use crate::Lang;
use serde::Serialize;
use std::collections::HashMap;

/// How grave a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something was left out: a release that could not be read, a process that could not be
    /// merged. The run goes on, but its exit status says that data was lost.
    Error,
    /// Something was read past or decided by a convention (a repeated `id`, two releases with
    /// the same `date`): the output is complete, but may not be what the publisher meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as in the serialised form.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Es) => "error",
            (Severity::Warning, Lang::Es) => "aviso",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        }
    }
}

/// One finding: where, about what, and why, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, `stage.kind` (`read.syntax`, `compile.no_date`, `merge.duplicate_id`…).
    pub code: String,
    /// Error (something was left out) or warning.
    pub severity: Severity,
    /// The input file (`<stdin>`, `<value>` for values given directly), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line in the file where the item starts (0: not known).
    pub line: u64,
    /// 1-based column (0: not known).
    pub column: u64,
    /// JSON Pointer that resolves in the file's top-level value (for JSON lines, in that
    /// line's value): `/releases/3/tender/items`.
    pub pointer: String,
    /// The process (`ocid`), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocid: Option<String>,
    /// The release's `id`, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_id: Option<String>,
    /// The value at fault, as JSON text, shortened (see [`quote`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The message in Spanish.
    pub message_es: String,
    /// The message in English.
    pub message_en: String,
}

impl Diagnostic {
    /// A finding with its code, severity and message; the rest is added with the builders.
    pub fn new(code: impl Into<String>, severity: Severity, es: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            file: None,
            line: 0,
            column: 0,
            pointer: String::new(),
            ocid: None,
            release_id: None,
            value: None,
            message_es: es.into(),
            message_en: en.into(),
        }
    }

    /// Where: file, line and pointer.
    pub fn at(mut self, file: &str, line: u64, pointer: &str) -> Self {
        self.file = Some(file.to_owned());
        self.line = line;
        self.pointer = pointer.to_owned();
        self
    }

    /// The column on that line.
    pub fn column(mut self, column: u64) -> Self {
        self.column = column;
        self
    }

    /// The process.
    pub fn ocid(mut self, ocid: Option<String>) -> Self {
        self.ocid = ocid;
        self
    }

    /// The release.
    pub fn release_id(mut self, release_id: Option<String>) -> Self {
        self.release_id = release_id;
        self
    }

    /// The value at fault, quoted and shortened.
    pub fn value(mut self, value: &serde_json::Value) -> Self {
        self.value = Some(quote(value));
        self
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.message_es,
            Lang::En => &self.message_en,
        }
    }

    /// The pointer without array indices (`/releases/3/awards/0/id` → `/releases/awards/id`):
    /// what findings are grouped by.
    pub fn path(&self) -> String {
        path_of(&self.pointer)
    }

    /// One line for a person: `file:line: at pointer: warning [code]: ocid X, release Y: message`.
    /// The ocid is named here once, never again in the message.
    pub fn line_text(&self, lang: Lang) -> String {
        let mut text = String::new();
        if let Some(file) = &self.file {
            text.push_str(file);
            if self.line > 0 {
                text.push_str(&format!(":{}", self.line));
                if self.column > 0 {
                    text.push_str(&format!(":{}", self.column));
                }
            }
            text.push_str(": ");
        }
        if !self.pointer.is_empty() {
            text.push_str(&format!("{} {}: ", if lang == Lang::Es { "en" } else { "at" }, self.pointer));
        }
        text.push_str(&format!("{} [{}]: ", self.severity.word(lang), self.code));
        if let Some(ocid) = &self.ocid {
            text.push_str(&format!("ocid {ocid}"));
            if let Some(id) = &self.release_id {
                text.push_str(&format!(", {} {id}", if lang == Lang::Es { "entrega" } else { "release" }));
            }
            text.push_str(": ");
        }
        text.push_str(self.message(lang));
        if let Some(value) = &self.value {
            text.push_str(&format!(" ({}: {value})", if lang == Lang::Es { "valor" } else { "value" }));
        }
        text
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line_text(Lang::En))
    }
}

impl std::error::Error for Diagnostic {}

/// Longest quote kept whole, in characters.
const QUOTE: usize = 80;

/// A value as compact JSON text, cut after its first 60 characters with an ellipsis and the
/// full length when it is longer than 80: a 10,000-digit number must not fill the screen.
pub fn quote(value: &serde_json::Value) -> String {
    shorten(&value.to_string())
}

/// [`quote`]'s rule for text already written (the length noted in English).
pub fn shorten(text: &str) -> String {
    shorten_in(text, Lang::En)
}

/// [`shorten`] with the length noted in `lang` ("… (10000 caracteres)").
pub fn shorten_in(text: &str, lang: Lang) -> String {
    let length = text.chars().count();
    if length <= QUOTE {
        return text.to_owned();
    }
    let head: String = text.chars().take(60).collect();
    match lang {
        Lang::Es => format!("{head}… ({length} caracteres)"),
        Lang::En => format!("{head}… ({length} characters)"),
    }
}

/// A pointer without its array indices (every all-digit segment).
pub fn path_of(pointer: &str) -> String {
    let mut path = String::with_capacity(pointer.len());
    for segment in pointer.split('/').skip(1) {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        path.push('/');
        path.push_str(segment);
    }
    path
}

/// Findings of one kind at one path: how many, and the first few.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The code they share.
    pub code: String,
    /// Their severity.
    pub severity: Severity,
    /// The path they share (pointer without array indices).
    pub path: String,
    /// How many there were.
    pub count: u64,
    /// The first ones, in the order found (every one when collecting them all).
    pub examples: Vec<Diagnostic>,
}

/// Findings collected over a run: grouped by (code, path) with a count and the first few
/// examples ([`Diagnostics::summary`]), or every one ([`Diagnostics::all`]). Memory stays
/// bounded in summary mode: one group per kind and path.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostics {
    /// Examples kept per group (`None`: all).
    #[serde(skip)]
    examples: Option<usize>,
    groups: Vec<Group>,
    #[serde(skip)]
    index: HashMap<(String, String), usize>,
    errors: u64,
    warnings: u64,
}

/// Examples per group that [`Diagnostics::default`] keeps.
pub const EXAMPLES: usize = 3;

impl Default for Diagnostics {
    /// A summary that keeps [`EXAMPLES`] findings per group.
    fn default() -> Self {
        Diagnostics::summary(EXAMPLES)
    }
}

impl Diagnostics {
    /// Groups that keep the first `examples` findings each.
    pub fn summary(examples: usize) -> Self {
        Diagnostics { examples: Some(examples), groups: Vec::new(), index: HashMap::new(), errors: 0, warnings: 0 }
    }

    /// Keeps every finding (in groups, in the order found).
    pub fn all() -> Self {
        Diagnostics { examples: None, ..Diagnostics::summary(0) }
    }

    /// An empty collection that keeps as many examples as this one.
    pub fn emptied(&self) -> Self {
        Diagnostics { examples: self.examples, ..Diagnostics::summary(0) }
    }

    /// Adds a finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        let key = (diagnostic.code.clone(), diagnostic.path());
        let keep = self.examples.unwrap_or(usize::MAX);
        match self.index.get(&key) {
            Some(&at) => {
                let group = &mut self.groups[at];
                group.count += 1;
                if group.examples.len() < keep {
                    group.examples.push(diagnostic);
                }
            }
            None => {
                self.index.insert(key.clone(), self.groups.len());
                let examples = if keep > 0 { vec![diagnostic.clone()] } else { Vec::new() };
                self.groups.push(Group { code: key.0, severity: diagnostic.severity, path: key.1, count: 1, examples });
            }
        }
    }

    /// Adds every finding of `other` (its groups' counts, and as many examples as fit here).
    pub fn extend(&mut self, other: Diagnostics) {
        for group in other.groups {
            let extra = group.count - group.examples.len() as u64;
            let key = (group.code.clone(), group.path.clone());
            for example in group.examples {
                self.push(example);
            }
            if extra > 0 {
                if let Some(&at) = self.index.get(&key) {
                    self.groups[at].count += extra;
                }
                match group.severity {
                    Severity::Error => self.errors += extra,
                    Severity::Warning => self.warnings += extra,
                }
            }
        }
    }

    /// The groups, in the order their first finding came.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Findings that are errors.
    pub fn errors(&self) -> u64 {
        self.errors
    }

    /// Findings that are warnings.
    pub fn warnings(&self) -> u64 {
        self.warnings
    }

    /// No finding at all.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every finding kept, group by group.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.groups.iter().flat_map(|g| g.examples.iter())
    }

    /// The findings as text for a person: in summary mode a heading per group (severity, code,
    /// path, count) and its examples indented; with every finding kept, one line each.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut text = String::new();
        if self.examples.is_none() {
            for diagnostic in self.iter() {
                text.push_str(&diagnostic.line_text(lang));
                text.push('\n');
            }
            return text;
        }
        for group in &self.groups {
            let (times, at) = match lang {
                Lang::Es => (if group.count == 1 { "vez" } else { "veces" }, "en"),
                Lang::En => (if group.count == 1 { "time" } else { "times" }, "at"),
            };
            let path = if group.path.is_empty() { String::new() } else { format!(" {at} {}", group.path) };
            // The heading names the kind; each example says what it is about (its message).
            text.push_str(&format!("{} [{}]{path}: {} {times}\n", group.severity.word(lang), group.code, group.count));
            for example in &group.examples {
                text.push_str("  ");
                text.push_str(&example.line_text(lang));
                text.push('\n');
            }
            let shown = group.examples.len() as u64;
            if group.count > shown {
                let more = group.count - shown;
                text.push_str(&match lang {
                    Lang::Es => format!("  … y {more} más\n"),
                    Lang::En => format!("  … and {more} more\n"),
                });
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn warning(pointer: &str) -> Diagnostic {
        Diagnostic::new("merge.duplicate_id", Severity::Warning, "repetido", "repeated").at("f.json", 2, pointer)
    }

    #[test]
    fn paths_drop_array_indices_only() {
        assert_eq!(path_of("/releases/3/awards/0/id"), "/releases/awards/id");
        assert_eq!(path_of(""), "");
        assert_eq!(path_of("/a1/2b/10"), "/a1/2b");
    }

    #[test]
    fn long_values_are_cut_with_their_length() {
        let digits = "9".repeat(10_000);
        let value: serde_json::Value = serde_json::from_str(&digits).unwrap();
        let quoted = quote(&value);
        assert!(quoted.starts_with(&"9".repeat(60)));
        assert!(quoted.ends_with("… (10000 characters)"), "{quoted}");
        let spanish = shorten_in(&"9".repeat(10_000), Lang::Es);
        assert!(spanish.ends_with("… (10000 caracteres)"), "{spanish}");
        assert_eq!(quote(&json!("short")), "\"short\"");
    }

    #[test]
    fn summary_counts_every_one_and_keeps_a_few() {
        let mut all = Diagnostics::summary(2);
        for n in 0..10 {
            all.push(warning(&format!("/releases/{n}/awards")));
        }
        all.push(warning("/releases/1/contracts"));
        assert_eq!(all.groups().len(), 2);
        assert_eq!(all.groups()[0].count, 10);
        assert_eq!(all.groups()[0].examples.len(), 2);
        assert_eq!(all.warnings(), 11);
        let text = all.to_text(Lang::En);
        assert!(text.starts_with("warning [merge.duplicate_id] at /releases/awards: 10 times\n  f.json:2: at /releases/0/awards: warning [merge.duplicate_id]: repeated\n"), "{text}");
        assert!(text.contains("… and 8 more"), "{text}");
        assert!(
            all.to_text(Lang::Es)
                .contains("10 veces\n  f.json:2: en /releases/0/awards: aviso [merge.duplicate_id]: repetido")
        );
    }

    #[test]
    fn all_keeps_every_one_as_a_line() {
        let mut all = Diagnostics::all();
        for n in 0..5 {
            all.push(warning(&format!("/releases/{n}/awards")));
        }
        assert_eq!(all.to_text(Lang::En).lines().count(), 5);
        assert_eq!(all.iter().count(), 5);
    }

    #[test]
    fn extend_adds_counts_beyond_the_examples() {
        let mut a = Diagnostics::summary(1);
        let mut b = Diagnostics::summary(1);
        for n in 0..3 {
            b.push(warning(&format!("/releases/{n}/awards")));
        }
        a.push(warning("/releases/9/awards"));
        a.extend(b);
        assert_eq!((a.groups()[0].count, a.groups()[0].examples.len(), a.warnings()), (4, 1, 4));
    }

    #[test]
    fn a_line_names_the_ocid_once() {
        let d = warning("/releases/0/awards").ocid(Some("ocds-1".into())).release_id(Some("r1".into()));
        let line = d.line_text(Lang::En);
        assert_eq!(
            line,
            "f.json:2: at /releases/0/awards: warning [merge.duplicate_id]: ocid ocds-1, release r1: repeated"
        );
        assert_eq!(line.matches("ocds-1").count(), 1);
    }

    #[test]
    fn serialises_for_the_bindings() {
        let d = warning("/releases/0").value(&json!(1));
        let value = serde_json::to_value(&d).unwrap();
        assert_eq!(value["severity"], "warning");
        assert_eq!(value["value"], "1");
        assert!(value.get("ocid").is_none());
    }
}
