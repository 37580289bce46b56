//! Codelists: CSV tables whose `Code` column lists the allowed values of a field.

use super::ProfileError;
use indexmap::IndexMap;

/// A codelist: its rows, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codelist {
    /// File name without `.csv`, e.g. `partyRole`.
    pub name: String,
    /// Column names, in file order.
    pub columns: Vec<String>,
    /// Rows, as column → value.
    pub rows: Vec<IndexMap<String, String>>,
}

impl Codelist {
    /// Parses a codelist CSV (RFC 4180: quoted fields may hold commas, quotes and newlines).
    pub fn from_csv(name: &str, text: &str) -> Result<Codelist, ProfileError> {
        let mut records = parse_csv(text).map_err(|reason| ProfileError::Codelist { name: name.to_owned(), reason })?;
        if records.is_empty() {
            return Err(ProfileError::Codelist { name: name.to_owned(), reason: "no header row".into() });
        }
        let columns = records.remove(0);
        let rows = records
            .into_iter()
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .map(|record| {
                columns.iter().cloned().zip(record.into_iter().chain(std::iter::repeat(String::new()))).collect()
            })
            .collect();
        Ok(Codelist { name: name.to_owned(), columns, rows })
    }

    /// The codes, in file order (column `Code`, or `code` in some Mexican tables).
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().filter_map(|row| row.get("Code").or_else(|| row.get("code")).map(String::as_str))
    }

    /// Whether `code` is in the list.
    pub fn contains(&self, code: &str) -> bool {
        self.codes().any(|c| c == code)
    }

    /// Adds the rows of `other` whose code is not here yet (a `+name.csv` file).
    pub fn extend(&mut self, other: &Codelist) {
        for column in &other.columns {
            if !self.columns.contains(column) {
                self.columns.push(column.clone());
            }
        }
        for row in &other.rows {
            let code = row.get("Code").or_else(|| row.get("code"));
            if code.is_some_and(|c| !self.contains(c)) {
                self.rows.push(row.clone());
            }
        }
    }

    /// Removes the rows whose code `other` lists (a `-name.csv` file).
    pub fn remove(&mut self, other: &Codelist) {
        let gone: Vec<&str> = other.codes().collect();
        self.rows.retain(|row| row.get("Code").or_else(|| row.get("code")).is_none_or(|c| !gone.contains(&c.as_str())));
    }
}

/// RFC 4180 records. Errors on an unterminated quoted field.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_set_operations() {
        let mut list =
            Codelist::from_csv("x", "Code,Title,Description\na,A,\"one, two\"\nb,B,\"say \"\"hi\"\"\nnext line\"\n")
                .unwrap();
        assert_eq!(list.codes().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(list.rows[1]["Description"], "say \"hi\"\nnext line");
        list.extend(&Codelist::from_csv("+x", "Code,Title\nb,again\nc,C\n").unwrap());
        assert_eq!(list.codes().collect::<Vec<_>>(), ["a", "b", "c"]);
        list.remove(&Codelist::from_csv("-x", "Code\na\n").unwrap());
        assert_eq!(list.codes().collect::<Vec<_>>(), ["b", "c"]);
        assert!(Codelist::from_csv("bad", "Code\n\"open").is_err());
    }
}
