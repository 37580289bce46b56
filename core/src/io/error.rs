//! What can go wrong while reading, with where it went wrong, and what the reader read past.

use crate::Lang;
use std::fmt;
use std::sync::Arc;

/// What kind of problem a [`ReadError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadErrorKind {
    /// The input could not be opened or read (missing file, bad gzip stream…).
    Io,
    /// Not JSON: a syntax error, a truncated value, bytes that are not UTF-8.
    Syntax,
    /// Nested deeper than the reader accepts (128 levels).
    TooDeep,
    /// A number too large for any float (e.g. `1e400`).
    NumberOutOfRange,
    /// JSON, but not shaped like OCDS data (e.g. a package whose `releases` is not an array).
    Shape,
    /// No JSON value at all.
    Empty,
    /// The consumer of the items stopped the reading (see [`ReadError::from_consumer`]).
    Consumer,
}

impl ReadErrorKind {
    /// The stable code of this kind (`read.syntax`…), for reports and tools that match on it.
    pub fn code(self) -> &'static str {
        match self {
            ReadErrorKind::Io => "read.io",
            ReadErrorKind::Syntax => "read.syntax",
            ReadErrorKind::TooDeep => "read.too_deep",
            ReadErrorKind::NumberOutOfRange => "read.number_out_of_range",
            ReadErrorKind::Shape => "read.shape",
            ReadErrorKind::Empty => "read.empty",
            ReadErrorKind::Consumer => "read.consumer",
        }
    }
}

/// An input, or one value of it, that could not be read, naming the file, the position and the
/// reason.
#[derive(Debug, Clone, thiserror::Error)]
pub struct ReadError {
    /// What kind of problem this is.
    pub kind: ReadErrorKind,
    /// The file name, or `<stdin>`.
    pub file: String,
    /// 1-based line of the problem (0 when not known, e.g. a file that cannot be opened).
    pub line: u64,
    /// 1-based column on that line (0 when not known).
    pub column: u64,
    /// JSON Pointer to the value being read when the problem was found (`""` is the whole
    /// value; within a package, the release or record, e.g. `/releases/3`).
    pub pointer: String,
    /// What is wrong, in words (English; see [`ReadError::message`] for Spanish).
    pub reason: String,
    #[source]
    io: Option<Arc<std::io::Error>>,
}

impl PartialEq for ReadError {
    /// Equal when everything but the underlying I/O error (not comparable) is equal.
    fn eq(&self, other: &Self) -> bool {
        (self.kind, &self.file, self.line, self.column, &self.pointer, &self.reason)
            == (other.kind, &other.file, other.line, other.column, &other.pointer, &other.reason)
    }
}

impl ReadError {
    pub(crate) fn new(kind: ReadErrorKind, file: &str, reason: impl Into<String>) -> Self {
        ReadError {
            kind,
            file: file.to_owned(),
            line: 0,
            column: 0,
            pointer: String::new(),
            reason: reason.into(),
            io: None,
        }
    }

    /// An error raised by the consumer of items (a callback given to
    /// [`Reader::read`](super::Reader::read)), passed through the reader unchanged.
    pub fn from_consumer(file: &str, reason: impl Into<String>) -> Self {
        ReadError::new(ReadErrorKind::Consumer, file, reason)
    }

    pub(crate) fn io(file: &str, error: std::io::Error) -> Self {
        let mut e = ReadError::new(ReadErrorKind::Io, file, error.to_string());
        e.io = Some(Arc::new(error));
        e
    }

    pub(crate) fn at(mut self, line: u64, column: u64, pointer: impl Into<String>) -> Self {
        self.line = line;
        self.column = column;
        self.pointer = pointer.into();
        self
    }

    /// The stable code of the error (`read.syntax`, `read.number_out_of_range`, `read.too_deep`,
    /// `read.shape`, `read.empty`, `read.io`, `read.consumer`).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The error in words, with file, line, column and pointer, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let mut out = place(&self.file, self.line, self.column, &self.pointer, lang);
        out.push_str(": ");
        match lang {
            Lang::En => out.push_str(&self.reason),
            Lang::Es => out.push_str(&spanish_reason(self.kind, &self.reason)),
        }
        out
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// `file:line:column: at /pointer` (or `en /pointer`), leaving out what is not known.
fn place(file: &str, line: u64, column: u64, pointer: &str, lang: Lang) -> String {
    let mut out = file.to_owned();
    if line > 0 {
        out.push_str(&format!(":{line}:{column}"));
    }
    if !pointer.is_empty() {
        out.push_str(match lang {
            Lang::En => ": at ",
            Lang::Es => ": en ",
        });
        out.push_str(pointer);
    }
    out
}

/// The Spanish reason: the parser's and the reader's English phrases, translated piece by piece
/// (the quoted parts, such as member names and numbers, are kept as written).
fn spanish_reason(kind: ReadErrorKind, reason: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            ": the JSON ends before the value is complete (truncated?)",
            ": el JSON termina antes de que el valor esté completo (¿truncado?)",
        ),
        ("EOF while parsing a value", "fin del texto al leer un valor"),
        ("EOF while parsing a string", "fin del texto dentro de una cadena"),
        ("EOF while parsing a list", "fin del texto dentro de un arreglo"),
        ("EOF while parsing an object", "fin del texto dentro de un objeto"),
        ("expected `,` or `]`", "se esperaba `,` o `]`"),
        ("expected `,` or `}`", "se esperaba `,` o `}`"),
        ("expected `:`", "se esperaba `:`"),
        ("expected value", "se esperaba un valor"),
        ("expected ident", "se esperaba true, false o null"),
        ("trailing comma", "coma sobrante"),
        ("trailing characters", "caracteres sobrantes tras el valor"),
        ("key must be a string", "la clave debe ser una cadena"),
        ("invalid escape", "secuencia de escape no válida"),
        ("invalid number", "número no válido"),
        ("invalid unicode code point", "punto de código Unicode no válido"),
        ("lone leading surrogate in hex escape", "sustituto inicial aislado en un escape hexadecimal"),
        ("unexpected end of hex escape", "fin inesperado de un escape hexadecimal"),
        (
            "control character (\\u0000-\\u001F) found while parsing a string",
            "carácter de control (\\u0000-\\u001F) dentro de una cadena",
        ),
        ("nested more than 128 levels deep", "anidado a más de 128 niveles"),
        (" characters)", " caracteres)"),
        ("is out of range", "está fuera de rango"),
        ("number ", "el número "),
        ("must be an array, found", "debe ser un arreglo, se encontró"),
        (
            "expected a release, record or package, found",
            "se esperaba una entrega, un registro o un paquete, se encontró",
        ),
        ("expected a JSON object or array, found", "se esperaba un objeto o un arreglo JSON, se encontró"),
        ("no JSON value: the input is empty", "ningún valor JSON: la entrada está vacía"),
        ("invalid UTF-8", "UTF-8 no válido"),
        ("a boolean", "un booleano"),
        ("a number", "un número"),
        ("a string", "una cadena"),
        ("an array", "un arreglo"),
        ("an object", "un objeto"),
    ];
    if kind == ReadErrorKind::Io || kind == ReadErrorKind::Consumer {
        // The operating system's or the consumer's own words.
        return match kind {
            ReadErrorKind::Io => format!("no se pudo leer: {reason}"),
            _ => reason.to_owned(),
        };
    }
    let mut out = reason.to_owned();
    for (en, es) in PHRASES {
        if out.contains(en) {
            out = out.replace(en, es);
        }
    }
    out
}

/// What kind of thing a [`ReadWarning`] reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ReadWarningKind {
    /// A member written twice in one object: the last value stands (as `JSON.parse` and
    /// Python's `json` do), at the position of the first.
    DuplicateMember {
        /// The member's name.
        member: String,
    },
}

/// Something the reader read past without stopping: the data is read, but may not say what its
/// author meant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadWarning {
    /// What was found.
    pub kind: ReadWarningKind,
    /// The file name, or `<stdin>`.
    pub file: String,
    /// 1-based line (of the value that holds it, when the exact place is not known).
    pub line: u64,
    /// 1-based column on that line.
    pub column: u64,
    /// JSON Pointer of what the warning is about, in the file's top-level value (for a duplicate
    /// member, the member: `/releases/3/tender/id`).
    pub pointer: String,
}

impl ReadWarning {
    /// The stable code (`read.duplicate_member`).
    pub fn code(&self) -> &'static str {
        match self.kind {
            ReadWarningKind::DuplicateMember { .. } => "read.duplicate_member",
        }
    }

    /// The warning in words, with file, line, column and pointer, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let mut out = place(&self.file, self.line, self.column, &self.pointer, lang);
        match (&self.kind, lang) {
            (ReadWarningKind::DuplicateMember { member }, Lang::En) => out.push_str(&format!(
                ": the member {} is written more than once in this object; the last value is kept",
                shorten_quoted(member)
            )),
            (ReadWarningKind::DuplicateMember { member }, Lang::Es) => out.push_str(&format!(
                ": el miembro {} aparece más de una vez en este objeto; se conserva el último valor",
                shorten_quoted(member).replace(" characters)", " caracteres)")
            )),
        }
        out
    }
}

impl fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Longest text quoted whole in a message; longer text is cut (a 10,000-digit number would
/// otherwise fill the screen).
const QUOTE_LIMIT: usize = 40;

/// `text` quoted, cut after [`QUOTE_LIMIT`] characters with the full length noted.
pub(crate) fn shorten_quoted(text: &str) -> String {
    let count = text.chars().count();
    if count <= QUOTE_LIMIT {
        return format!("`{text}`");
    }
    let head: String = text.chars().take(QUOTE_LIMIT).collect();
    format!("`{head}…` ({count} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_in_both_languages_with_codes() {
        let error = ReadError::new(ReadErrorKind::Syntax, "a.json", "expected `,` or `}`").at(3, 7, "/releases/2");
        assert_eq!(error.code(), "read.syntax");
        assert_eq!(error.message(Lang::En), "a.json:3:7: at /releases/2: expected `,` or `}`");
        assert_eq!(error.message(Lang::Es), "a.json:3:7: en /releases/2: se esperaba `,` o `}`");
        let warning = ReadWarning {
            kind: ReadWarningKind::DuplicateMember { member: "id".into() },
            file: "a.json".into(),
            line: 1,
            column: 2,
            pointer: "/id".into(),
        };
        assert_eq!(warning.code(), "read.duplicate_member");
        assert!(warning.message(Lang::Es).contains("el miembro `id` aparece más de una vez"));
    }

    #[test]
    fn long_values_are_shortened() {
        let long = "9".repeat(10_000);
        let quoted = shorten_quoted(&long);
        assert!(quoted.len() < 80, "{quoted}");
        assert!(quoted.ends_with("(10000 characters)"));
    }
}
