//! What unflatten noticed in a cell: where (sheet, row, column), the value, and why, es/en.

use crate::Lang;
use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

/// One finding about a cell (or a row, a column, a sheet) of the spreadsheet read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable code, `tables.kind` (`tables.date_dmy`, `tables.rfc_check_digit`…).
    pub code: &'static str,
    /// Error (the value is kept as typed, but is wrong, or something was left out) or warning
    /// (the value was normalised).
    pub severity: Severity,
    /// The sheet (for a CSV folder: the file name without `.csv`).
    pub sheet: String,
    /// 1-based row number as the spreadsheet shows it (0: the whole sheet).
    pub row: u64,
    /// The column letter as the spreadsheet shows it (`A`, `AB`; empty: the whole row).
    pub column: String,
    /// The column's header.
    pub header: String,
    /// The cell as it was read (empty when the issue is not about one cell).
    pub value: String,
    /// What was written instead, when the value was normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalised: Option<String>,
    /// The message in Spanish.
    pub message_es: String,
    /// The message in English.
    pub message_en: String,
}

impl Issue {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.message_es,
            Lang::En => &self.message_en,
        }
    }

    /// One line for a person: `sheet!C5 (header): warning [code]: message (value: "…" → "…")`.
    pub fn line_text(&self, lang: Lang) -> String {
        let (warning, value) = match lang {
            Lang::Es => ("aviso", "valor"),
            Lang::En => ("warning", "value"),
        };
        let severity = if self.severity == Severity::Error { "error" } else { warning };
        let mut text = self.sheet.clone();
        if self.row > 0 {
            text.push_str(&format!("!{}{}", self.column, self.row));
        }
        if !self.header.is_empty() {
            text.push_str(&format!(" ({})", self.header));
        }
        text.push_str(&format!(": {severity} [{}]: {}", self.code, self.message(lang)));
        if !self.value.is_empty() {
            text.push_str(&format!(" ({value}: {:?}", self.value));
            if let Some(n) = &self.normalised {
                text.push_str(&format!(" → {n:?}"));
            }
            text.push(')');
        }
        text
    }

    /// The same finding as a pipeline [`Diagnostic`]: file `file`, line = row, column number,
    /// and the sheet and header as the pointer (`awards!C5 awards/0/value/amount`).
    pub fn to_diagnostic(&self, file: &str) -> Diagnostic {
        let pointer = if self.row > 0 {
            format!("{}!{}{} {}", self.sheet, self.column, self.row, self.header)
        } else {
            self.sheet.clone()
        };
        let mut d = Diagnostic::new(self.code, self.severity, self.message_es.clone(), self.message_en.clone())
            .at(file, self.row, pointer.trim_end())
            .column(column_number(&self.column));
        if !self.value.is_empty() {
            d = d.value(&serde_json::Value::String(self.value.clone()));
        }
        d
    }
}

/// `A` for 0, `Z` for 25, `AA` for 26…
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

fn column_number(letters: &str) -> u64 {
    letters.bytes().fold(0, |n, b| n * 26 + u64::from(b.saturating_sub(b'A') + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(column_number("AA"), 27);
    }
}
