//! Codelists: parsed CSV tables, and how extensions change them.
//!
//! An extension's codelist file is named after what it does: `+name.csv` adds its rows to the
//! codelist `name.csv`, `-name.csv` removes the codes it lists, and a plain `name.csv` is a new
//! codelist or replaces one of the standard. As in ocdsextensionregistry's `ProfileBuilder`, all
//! new/replacing files are applied first (two extensions that bring different contents for the
//! same plain file are an error), then additions and removals in extension order. Additions are a
//! union: a code that is already in the codelist is not added twice.

use std::collections::HashSet;

use indexmap::IndexMap;

use super::ProfileError;
use super::csv;

/// One row of a codelist: column name → value, in the column order of its file.
pub type CodelistRow = IndexMap<String, String>;

/// A codelist: its codes, in order, and every row with all its columns.
///
/// Rows added by extensions keep their own columns, so rows may differ in columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Codelist {
    name: String,
    codes: Vec<String>,
    rows: Vec<CodelistRow>,
    code_column: String,
    index: HashSet<String>,
}

impl Codelist {
    /// Parses a codelist CSV whose codes are in the column `Code` (or `code`, as in OCDS 1.0's
    /// IATI list and the Mexican tables). `name` may carry `.csv`; it is dropped.
    pub fn parse(name: &str, text: &str) -> Result<Codelist, ProfileError> {
        Self::parse_inner(name, text, None)
    }

    /// Parses a CSV table whose codes are in `code_column`.
    pub fn parse_with_code_column(name: &str, text: &str, code_column: &str) -> Result<Codelist, ProfileError> {
        Self::parse_inner(name, text, Some(code_column))
    }

    fn parse_inner(name: &str, text: &str, code_column: Option<&str>) -> Result<Codelist, ProfileError> {
        let file = |line: usize, reason: String| ProfileError::Csv { file: name.to_owned(), line, reason };
        let records = csv::parse(text).map_err(|e| file(e.line, e.reason.to_owned()))?;
        let mut records = records.into_iter();
        let header = records.next().ok_or_else(|| file(1, "no header row".to_owned()))?;
        let code_column = match code_column {
            Some(column) => header.iter().find(|h| h.as_str() == column),
            None => {
                header.iter().find(|h| h.as_str() == "Code").or_else(|| header.iter().find(|h| h.as_str() == "code"))
            }
        }
        .cloned()
        .ok_or_else(|| ProfileError::CodelistNoCodeColumn {
            file: name.to_owned(),
            column: code_column.unwrap_or("Code").to_owned(),
        })?;
        let mut codelist = Codelist::empty(name, &code_column);
        for (i, record) in records.enumerate() {
            if record.len() > header.len() {
                return Err(file(i + 2, format!("{} fields, the header has {}", record.len(), header.len())));
            }
            let mut values = record.into_iter();
            let row: CodelistRow = header.iter().map(|h| (h.clone(), values.next().unwrap_or_default())).collect();
            codelist.push(row);
        }
        Ok(codelist)
    }

    /// A codelist made in code from rows; codes are read from `code_column`.
    pub(crate) fn from_rows(name: &str, code_column: &str, rows: impl IntoIterator<Item = CodelistRow>) -> Codelist {
        let mut codelist = Codelist::empty(name, code_column);
        rows.into_iter().for_each(|row| codelist.push(row));
        codelist
    }

    fn empty(name: &str, code_column: &str) -> Codelist {
        Codelist {
            name: strip_csv(name).to_owned(),
            codes: Vec::new(),
            rows: Vec::new(),
            code_column: code_column.to_owned(),
            index: HashSet::new(),
        }
    }

    fn push(&mut self, row: CodelistRow) {
        let code = row.get(&self.code_column).cloned().unwrap_or_default();
        if self.index.insert(code.clone()) {
            self.codes.push(code);
        }
        self.rows.push(row);
    }

    /// Adds the rows of `other` whose code this codelist does not have yet.
    fn add(&mut self, other: &Codelist) {
        for (row, code) in other.rows.iter().zip(other.row_codes()) {
            if !self.index.contains(code) {
                let mut row = row.clone();
                // Keep the code findable under this codelist's code column.
                if other.code_column != self.code_column
                    && let Some(value) = row.shift_remove(&other.code_column)
                {
                    row.insert(self.code_column.clone(), value);
                }
                self.push(row);
            }
        }
    }

    /// Removes every row whose code `other` lists.
    fn remove(&mut self, other: &Codelist) {
        let column = self.code_column.clone();
        self.rows.retain(|row| row.get(&column).is_none_or(|code| !other.index.contains(code)));
        self.codes.retain(|code| !other.index.contains(code));
        self.index.retain(|code| !other.index.contains(code));
    }

    fn row_codes(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|row| row.get(&self.code_column).map(String::as_str).unwrap_or_default())
    }

    /// The name, without `.csv` (e.g. `partyRole`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The distinct codes, in the order of first appearance.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Every row with all its columns.
    pub fn rows(&self) -> &[CodelistRow] {
        &self.rows
    }

    /// The column that holds the codes (`Code` in OCDS 1.1 files).
    pub fn code_column(&self) -> &str {
        &self.code_column
    }

    /// Whether `code` is in the codelist (exact, case-sensitive).
    pub fn contains(&self, code: &str) -> bool {
        self.index.contains(code)
    }

    /// The first row with code `code`.
    pub fn row(&self, code: &str) -> Option<&CodelistRow> {
        let column = &self.code_column;
        self.rows.iter().find(|row| row.get(column).is_some_and(|c| c == code))
    }

    /// The number of distinct codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the codelist has no codes.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// `partyRole.csv` → `partyRole`.
pub(crate) fn strip_csv(name: &str) -> &str {
    name.strip_suffix(".csv").unwrap_or(name)
}

/// What a codelist file of an extension does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    /// `name.csv`: a new codelist, or a replacement.
    Replace,
    /// `+name.csv`.
    Add,
    /// `-name.csv`.
    Remove,
}

/// A parsed codelist file of an extension.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CodelistChange {
    pub file_name: String,
    pub kind: ChangeKind,
    /// The codelist it applies to; its name is the target's (no `+`/`-`).
    pub table: Codelist,
    /// The source text, to compare replacements across extensions.
    pub text: String,
}

impl CodelistChange {
    /// Parses the file `file_name` (e.g. `+partyRole.csv`) of `extension`.
    pub fn parse(extension: &str, file_name: &str, text: &str) -> Result<Self, ProfileError> {
        let (kind, rest) = match file_name.as_bytes().first() {
            Some(b'+') => (ChangeKind::Add, &file_name[1..]),
            Some(b'-') => (ChangeKind::Remove, &file_name[1..]),
            _ => (ChangeKind::Replace, file_name),
        };
        let target = rest.strip_suffix(".csv").unwrap_or_default();
        if target.is_empty() || target.contains(['/', '\\']) {
            return Err(ProfileError::CodelistFileName { extension: extension.to_owned(), file: file_name.to_owned() });
        }
        let mut table = Codelist::parse(file_name, text)?;
        target.clone_into(&mut table.name);
        Ok(CodelistChange { file_name: file_name.to_owned(), kind, table, text: text.to_owned() })
    }

    /// A change made in code (not read from a file), e.g. the EDCA-MX additions.
    pub fn added_rows(table: Codelist) -> Self {
        CodelistChange { file_name: format!("+{}.csv", table.name), kind: ChangeKind::Add, table, text: String::new() }
    }
}

/// Applies the changes of each extension (`(extension name, its changes)`, in order) to the
/// standard codelists.
pub(crate) fn apply_changes<'a>(
    standard: &IndexMap<String, Codelist>,
    extensions: impl Iterator<Item = (&'a str, &'a [CodelistChange])> + Clone,
) -> Result<IndexMap<String, Codelist>, ProfileError> {
    let mut codelists = standard.clone();
    // New codelists and replacements first, and they must agree across extensions.
    let mut replaced_by: IndexMap<&str, (&str, &CodelistChange)> = IndexMap::new();
    for (extension, changes) in extensions.clone() {
        for change in changes.iter().filter(|c| c.kind == ChangeKind::Replace) {
            let name = change.table.name();
            if let Some((first, earlier)) = replaced_by.get(name) {
                if earlier.text != change.text {
                    return Err(ProfileError::CodelistConflict {
                        codelist: change.file_name.clone(),
                        first: (*first).to_owned(),
                        second: extension.to_owned(),
                    });
                }
                continue;
            }
            replaced_by.insert(name, (extension, change));
            codelists.insert(name.to_owned(), change.table.clone());
        }
    }
    for (_, changes) in extensions {
        for change in changes {
            let name = change.table.name();
            match change.kind {
                ChangeKind::Replace => {}
                ChangeKind::Add => match codelists.get_mut(name) {
                    Some(codelist) => codelist.add(&change.table),
                    None => {
                        // Extending a codelist no file defines: the additions are the codelist.
                        codelists.insert(name.to_owned(), change.table.clone());
                    }
                },
                ChangeKind::Remove => {
                    if let Some(codelist) = codelists.get_mut(name) {
                        codelist.remove(&change.table);
                    }
                }
            }
        }
    }
    Ok(codelists)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codelist(name: &str, text: &str) -> Codelist {
        Codelist::parse(name, text).expect("valid codelist")
    }

    #[test]
    fn parses_rows_and_codes() {
        let list = codelist("partyRole.csv", "Code,Title\nbuyer,Buyer\nsupplier,\"Supplier, the\"\n");
        assert_eq!(list.name(), "partyRole");
        assert_eq!(list.codes(), ["buyer", "supplier"]);
        assert_eq!(list.rows()[1]["Title"], "Supplier, the");
        assert!(list.contains("buyer") && !list.contains("Buyer"));
        assert_eq!(list.row("supplier").map(|r| r["Title"].as_str()), Some("Supplier, the"));
    }

    #[test]
    fn short_rows_are_padded_long_rows_are_errors() {
        let list = codelist("x", "Code,Title\na\n");
        assert_eq!(list.rows()[0]["Title"], "");
        let err = Codelist::parse("x.csv", "Code,Title\na,b,c\n").unwrap_err();
        assert!(matches!(&err, ProfileError::Csv { file, line: 2, .. } if file == "x.csv"), "{err:?}");
    }

    #[test]
    fn a_file_without_a_code_column_is_an_error() {
        let err = Codelist::parse("x.csv", "Name,Title\na,b\n").unwrap_err();
        assert!(matches!(err, ProfileError::CodelistNoCodeColumn { .. }), "{err:?}");
        assert!(Codelist::parse("x.csv", "").is_err());
    }

    fn change(ext: &str, file: &str, text: &str) -> CodelistChange {
        CodelistChange::parse(ext, file, text).expect("valid change")
    }

    #[test]
    fn additions_union_and_removals() {
        let mut standard = IndexMap::new();
        standard.insert("partyRole".to_owned(), codelist("partyRole", "Code\nbuyer\nsupplier\n"));
        let a = [change("a", "+partyRole.csv", "Code,Title\nguarantor,G\n")];
        let b = [
            change("b", "+partyRole.csv", "Code,Title\nguarantor,G2\nattendee,A\n"),
            change("b", "-partyRole.csv", "Code\nsupplier\n"),
        ];
        let out = apply_changes(&standard, [("a", &a[..]), ("b", &b[..])].into_iter()).unwrap();
        let roles = &out["partyRole"];
        assert_eq!(roles.codes(), ["buyer", "guarantor", "attendee"]);
        assert_eq!(roles.row("guarantor").map(|r| r["Title"].as_str()), Some("G"));
        assert_eq!(roles.rows().len(), 3);
    }

    #[test]
    fn replacements_apply_before_additions_and_must_agree() {
        let standard = IndexMap::new();
        let a = [change("a", "+kind.csv", "Code\nz\n")];
        let b = [change("b", "kind.csv", "Code\nx\ny\n")];
        let out = apply_changes(&standard, [("a", &a[..]), ("b", &b[..])].into_iter()).unwrap();
        assert_eq!(out["kind"].codes(), ["x", "y", "z"]);

        let c = [change("c", "kind.csv", "Code\nq\n")];
        let err = apply_changes(&standard, [("b", &b[..]), ("c", &c[..])].into_iter()).unwrap_err();
        assert!(matches!(err, ProfileError::CodelistConflict { .. }), "{err:?}");
        // The same content twice is fine.
        let out = apply_changes(&standard, [("b", &b[..]), ("b2", &b[..])].into_iter()).unwrap();
        assert_eq!(out["kind"].codes(), ["x", "y"]);
    }

    #[test]
    fn bad_file_names_are_errors() {
        for name in ["+.csv", "partyRole.txt", "../x.csv", ""] {
            let err = CodelistChange::parse("ext", name, "Code\na\n").unwrap_err();
            assert!(matches!(err, ProfileError::CodelistFileName { .. }), "{name}: {err:?}");
        }
    }
}
