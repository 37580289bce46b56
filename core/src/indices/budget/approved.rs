//! The approved-budget table BUD-01 compares published amounts with: one row per buyer, year
//! and chapter of the object-of-expenditure classification, read from CSV text with the header
//! `buyer_id, year, chapter, approved_amount[, currency]` (any order; names matched without case
//! or surrounding spaces).
//!
//! The table is the user's own input, not publisher data, and the reader is strict, as the
//! integrity tables' is: an unknown or repeated column (a misspelt `currency` would silently make
//! every amount the main currency's), a record with more or fewer fields than the header, or a
//! cell that cannot be read is an error that names the record, never a row silently dropped. `chapter` may be a chapter (`2000`) or
//! any COG code (`21101`), read as its chapter; rows of one buyer, year and chapter add up.

use super::classify::chapter_of_code;
use crate::profile::csv;
use rust_decimal::Decimal;
use std::io::Read;
use std::str::FromStr;

/// One approved amount.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedRow {
    /// The buyer's id, as in `/buyer/id`.
    pub buyer: String,
    /// The fiscal year.
    pub year: i32,
    /// The chapter (2000, 3000…).
    pub chapter: u32,
    /// The approved amount.
    pub amount: Decimal,
    /// Its currency, if the table says.
    pub currency: Option<String>,
}

/// The approved-budget table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApprovedBudget {
    /// The rows, in table order.
    pub rows: Vec<ApprovedRow>,
}

/// Why the table cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ApprovedError {
    /// The text could not be read (or is not UTF-8).
    #[error("cannot read the approved-budget table: {0}")]
    Read(#[from] std::io::Error),
    /// The text is not CSV.
    #[error("approved-budget table, line {line}: {reason}")]
    Csv {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A required column is missing from the header.
    #[error("approved-budget table: the header has no column `{0}`")]
    MissingColumn(&'static str),
    /// The header names a column the table does not have, or one twice.
    #[error("approved-budget table: unknown or repeated column `{0}` in the header")]
    BadColumn(String),
    /// A record has more or fewer fields than the header.
    #[error("approved-budget table, record {record}: {fields} fields, the header has {header}")]
    Fields {
        /// 1-based record (the header is record 1).
        record: usize,
        /// Fields of the record.
        fields: usize,
        /// Fields of the header.
        header: usize,
    },
    /// A cell cannot be read.
    #[error("approved-budget table, record {record}: {column} {value:?} {reason}")]
    Cell {
        /// 1-based record (the header is record 1).
        record: usize,
        /// The column.
        column: &'static str,
        /// The cell, as written.
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
}

/// The columns a table may have.
const COLUMNS: [&str; 5] = ["buyer_id", "year", "chapter", "approved_amount", "currency"];

impl ApprovedBudget {
    /// Reads the table from CSV text.
    pub fn from_csv(mut reader: impl Read) -> Result<ApprovedBudget, ApprovedError> {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        let records = csv::parse(&text).map_err(|e| ApprovedError::Csv { line: e.line, reason: e.reason })?;
        let mut records = records.into_iter();
        let header = records.next().unwrap_or_default();
        for (index, name) in header.iter().enumerate() {
            let known = COLUMNS.iter().any(|c| name.trim().eq_ignore_ascii_case(c));
            let repeated = header[..index].iter().any(|h| h.trim().eq_ignore_ascii_case(name.trim()));
            if !known || repeated {
                return Err(ApprovedError::BadColumn(name.clone()));
            }
        }
        let column = |name: &'static str| {
            header.iter().position(|h| h.trim().eq_ignore_ascii_case(name)).ok_or(ApprovedError::MissingColumn(name))
        };
        let (buyer, year, chapter, amount) =
            (column("buyer_id")?, column("year")?, column("chapter")?, column("approved_amount")?);
        let currency = column("currency").ok();
        let mut rows = Vec::new();
        for (index, record) in records.enumerate() {
            if record.len() != header.len() {
                return Err(ApprovedError::Fields { record: index + 2, fields: record.len(), header: header.len() });
            }
            let cell = |column: usize| record.get(column).map_or("", |c| c.trim());
            let error = |column: &'static str, at: usize, reason: &'static str| ApprovedError::Cell {
                record: index + 2,
                column,
                value: cell(at).to_owned(),
                reason,
            };
            if cell(buyer).is_empty() {
                return Err(error("buyer_id", buyer, "is empty"));
            }
            let year_value = cell(year)
                .parse::<i32>()
                .ok()
                .filter(|y| (1000..=9999).contains(y))
                .ok_or_else(|| error("year", year, "is not a year"))?;
            let chapter_value = chapter_of_code(cell(chapter))
                .ok_or_else(|| error("chapter", chapter, "is not a chapter or object-of-expenditure code"))?;
            let amount_value = Decimal::from_str(cell(amount))
                .map_err(|_| error("approved_amount", amount, "is not a decimal number"))?;
            if amount_value.is_sign_negative() {
                return Err(error("approved_amount", amount, "is negative"));
            }
            let amount_value = crate::indices::json::bounded(amount_value)
                .ok_or_else(|| error("approved_amount", amount, "is above 10^15"))?;
            rows.push(ApprovedRow {
                buyer: cell(buyer).to_owned(),
                year: year_value,
                chapter: chapter_value,
                amount: amount_value,
                currency: currency.map(cell).filter(|c| !c.is_empty()).map(str::to_owned),
            });
        }
        Ok(ApprovedBudget { rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_by_name() {
        let text = "\u{feff}year,Buyer_ID,chapter, approved_amount ,currency\n2024,B1,21101,1000.50,MXN\n2024,\"B, 2\",3000,7,\n";
        let table = ApprovedBudget::from_csv(text.as_bytes()).unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].chapter, 2000);
        assert_eq!(table.rows[0].amount, Decimal::new(100050, 2));
        assert_eq!(table.rows[0].currency.as_deref(), Some("MXN"));
        assert_eq!((table.rows[1].buyer.as_str(), table.rows[1].currency.as_deref()), ("B, 2", None));
    }

    #[test]
    fn errors_name_the_record_and_column() {
        let err = |text: &str| ApprovedBudget::from_csv(text.as_bytes()).unwrap_err().to_string();
        assert_eq!(err("buyer_id,year,chapter\n"), "approved-budget table: the header has no column `approved_amount`");
        assert_eq!(
            err("buyer_id,year,chapter,approved_amount\nB,2024,2000,1\nB,24,2000,1\n"),
            "approved-budget table, record 3: year \"24\" is not a year"
        );
        assert!(err("buyer_id,year,chapter,approved_amount\nB,2024,20,1\n").contains("chapter \"20\""));
        assert!(err("buyer_id,year,chapter,approved_amount\nB,2024,2000,\"1,000\"\n").contains("not a decimal"));
        assert!(err("buyer_id,year,chapter,approved_amount\nB,2024,2000,-1\n").contains("is negative"));
        assert!(err("buyer_id,year,chapter,approved_amount\n,2024,2000,1\n").contains("buyer_id \"\" is empty"));
        assert!(err("buyer_id,year,chapter,approved_amount\n\"B,2024\n").contains("line 2: unclosed quote"));
        assert!(err("buyer_id,year,chapter,approved_amount,currncy\n").contains("column `currncy`"));
        assert!(err("buyer_id,year,chapter,approved_amount,Year\n").contains("column `Year`"));
        assert_eq!(
            err("buyer_id,year,chapter,approved_amount\nB,2024,2000\n"),
            "approved-budget table, record 2: 3 fields, the header has 4"
        );
        assert!(err("buyer_id,year,chapter,approved_amount\nB,2024,2000,10000000000000000\n").contains("above 10^15"));
        assert!(ApprovedBudget::from_csv(&[0xff, 0xfe][..]).unwrap_err().to_string().starts_with("cannot read"));
    }
}
