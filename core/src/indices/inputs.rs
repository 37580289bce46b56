//! Tables the integrity indicators need besides the releases: sanctioned suppliers (INT-01), legal
//! thresholds (INT-04, INT-05) and company founding dates (INT-03).
//!
//! Each is CSV text whose header row names the columns, in any order (names are matched without
//! regard to case or surrounding spaces). The reader is strict, because a silently misread list
//! would clear or accuse suppliers: an unknown or repeated column, a missing required column, a
//! row with more or fewer fields than the header, an empty required value, a date that is not
//! `YYYY-MM-DD` or an amount that is not a plain positive decimal is an error naming the line and
//! column. The library reads no files: callers hand over any [`Read`] (the CLI opens the paths of
//! the `[integrity]` configuration).

use crate::profile::csv;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::io::Read;

/// Why an input table cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The text could not be read (I/O error, not UTF-8).
    #[error("{table} table: {reason}")]
    Read {
        /// `sanctions`, `thresholds` or `foundings`.
        table: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// A line is wrong as a whole (CSV syntax, missing header or column, number of fields).
    #[error("{table} table, line {line}: {reason}")]
    Line {
        /// `sanctions`, `thresholds` or `foundings`.
        table: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// One value is wrong.
    #[error("{table} table, line {line}, column {column} ({name}): {reason}")]
    Cell {
        /// `sanctions`, `thresholds` or `foundings`.
        table: &'static str,
        /// 1-based line number.
        line: usize,
        /// 1-based column number.
        column: usize,
        /// The column's name in the header.
        name: String,
        /// What is wrong.
        reason: String,
    },
}

/// The tables given to [`Indices::with_inputs`](crate::indices::Indices::with_inputs). A table
/// that is `None` was not given: the indicators that need it report `null`, not 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// Sanctioned suppliers (INT-01).
    pub sanctions: Option<Vec<Sanction>>,
    /// Legal thresholds (INT-04, INT-05).
    pub thresholds: Option<Vec<Threshold>>,
    /// Company founding dates (INT-03).
    pub foundings: Option<Vec<Founding>>,
}

/// An identifier as the tables and the indicators compare it: upper case, without whitespace or
/// hyphens (`"abc-010203 xy1"` → `"ABC010203XY1"`).
pub fn normalise_identifier(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect()
}

/// A supplier on a sanctions list (SFP sanctioned suppliers, SAT article 69-B, a local registry).
/// Columns: `id` and `list` (required), `scheme`, `start`, `end`, `name` (optional).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanction {
    /// The supplier's identifier, normalised by [`normalise_identifier`].
    pub id: String,
    /// Its scheme (e.g. `MX-RFC`), normalised the same way; `None`: any scheme.
    pub scheme: Option<String>,
    /// The list it is on (e.g. `SAT-69B`, `SFP`).
    pub list: String,
    /// First day of the sanction; `None`: since ever.
    pub start: Option<NaiveDate>,
    /// Last day of the sanction (inclusive); `None`: still in force.
    pub end: Option<NaiveDate>,
    /// The supplier's name as the list writes it, for the reader of a flag.
    pub name: Option<String>,
    /// The line of the table it came from.
    pub line: usize,
}

impl Sanction {
    /// Reads a sanctions table.
    pub fn read_csv(reader: impl Read) -> Result<Vec<Sanction>, InputError> {
        let table = Table::read("sanctions", reader, &["id", "list"], &["scheme", "start", "end", "name"])?;
        table
            .rows()
            .map(|row| {
                let start = row.date("start")?;
                let end = row.date("end")?;
                if let (Some(s), Some(e)) = (start, end)
                    && e < s
                {
                    return Err(row.error("end", format!("{e} is before start {s}")));
                }
                Ok(Sanction {
                    id: normalise_identifier(row.required("id")?),
                    scheme: row.optional("scheme").map(normalise_identifier),
                    list: row.required("list")?.to_owned(),
                    start,
                    end,
                    name: row.optional("name").map(str::to_owned),
                    line: row.line,
                })
            })
            .collect()
    }

    /// Whether `date` falls within the sanction's period (`None` when the period is bounded and
    /// the date unknown).
    pub fn in_force(&self, date: Option<NaiveDate>) -> Option<bool> {
        if self.start.is_none() && self.end.is_none() {
            return Some(true);
        }
        let date = date?;
        Some(self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e))
    }
}

/// A legal threshold: above it, a buyer may not use the listed methods (e.g. the maximum amount
/// of a direct award for a year). Columns (all required): `buyer` (a `/buyer/id` or `*`), `year`,
/// `object` (a procurement category — `goods`, `works`, `services`, or an EDCA-MX additional
/// category such as `goodsLease` — or `*`), `method` (`open`, `selective`, `limited`, `direct`,
/// several joined by `|`, or `*`) and `amount` (in the main currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    /// `/buyer/id`; `None`: any buyer.
    pub buyer: Option<String>,
    /// Calendar year.
    pub year: i32,
    /// Procurement category; `None`: any.
    pub object: Option<String>,
    /// Methods; `None`: any.
    pub methods: Option<Vec<String>>,
    /// The threshold.
    pub amount: Decimal,
    /// The line of the table it came from.
    pub line: usize,
}

const METHODS: [&str; 4] = ["open", "selective", "limited", "direct"];

impl Threshold {
    /// Reads a thresholds table.
    pub fn read_csv(reader: impl Read) -> Result<Vec<Threshold>, InputError> {
        let table = Table::read("thresholds", reader, &["buyer", "year", "object", "method", "amount"], &[])?;
        table
            .rows()
            .map(|row| {
                let any = |text: &str| (text != "*").then(|| text.to_owned());
                let year = row.required("year")?;
                let year = year.parse().map_err(|_| row.error("year", format!("{year:?} is not a year")))?;
                let methods = match row.required("method")? {
                    "*" => None,
                    text => Some(
                        text.split('|')
                            .map(|m| {
                                let m = m.trim();
                                METHODS.contains(&m).then(|| m.to_owned()).ok_or_else(|| {
                                    row.error("method", format!("{m:?} is not open, selective, limited, direct or *"))
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                };
                let amount = row.required("amount")?;
                let amount = amount.parse::<Decimal>().ok().filter(|a| *a > Decimal::ZERO).ok_or_else(|| {
                    row.error("amount", format!("{amount:?} is not a positive decimal (e.g. 1500000.00)"))
                })?;
                Ok(Threshold {
                    buyer: any(row.required("buyer")?),
                    year,
                    object: any(row.required("object")?),
                    methods,
                    amount,
                    line: row.line,
                })
            })
            .collect()
    }

    /// How specifically the threshold applies to a process of `buyer`, `year`, procurement
    /// `categories` and `method`: `None` if it does not; else a rank where a named buyer outweighs
    /// a named object, which outweighs named methods.
    pub fn rank(&self, buyer: Option<&str>, year: i32, categories: &[String], method: &str) -> Option<u8> {
        if self.year != year {
            return None;
        }
        let buyer = match &self.buyer {
            None => 0,
            Some(b) if Some(b.as_str()) == buyer => 4,
            Some(_) => return None,
        };
        let object = match &self.object {
            None => 0,
            Some(o) if categories.contains(o) => 2,
            Some(_) => return None,
        };
        let method = match &self.methods {
            None => 0,
            Some(m) if m.iter().any(|m| m == method) => 1,
            Some(_) => return None,
        };
        Some(buyer + object + method)
    }
}

/// When a company was founded. Columns (both required): `id` (an identifier such as an RFC,
/// normalised by [`normalise_identifier`]) and `founded` (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Founding {
    /// The identifier, normalised.
    pub id: String,
    /// The founding date.
    pub founded: NaiveDate,
    /// The line of the table it came from.
    pub line: usize,
}

impl Founding {
    /// Reads a foundings table. The same identifier twice with different dates is an error.
    pub fn read_csv(reader: impl Read) -> Result<Vec<Founding>, InputError> {
        let table = Table::read("foundings", reader, &["id", "founded"], &[])?;
        let mut out: Vec<Founding> = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for row in table.rows() {
            let id = normalise_identifier(row.required("id")?);
            let founded = row.date("founded")?.ok_or_else(|| row.error("founded", "empty".to_owned()))?;
            if let Some(&i) = seen.get(&id) {
                let first: &Founding = &out[i];
                if first.founded != founded {
                    return Err(
                        row.error("founded", format!("{id} was founded on {} at line {}", first.founded, first.line))
                    );
                }
                continue;
            }
            seen.insert(id.clone(), out.len());
            out.push(Founding { id, founded, line: row.line });
        }
        Ok(out)
    }
}

/// A parsed CSV table: its header (lower-cased, trimmed) and records.
struct Table {
    name: &'static str,
    header: Vec<String>,
    records: Vec<csv::Record>,
}

impl Table {
    fn read(
        name: &'static str,
        mut reader: impl Read,
        required: &[&str],
        optional: &[&str],
    ) -> Result<Table, InputError> {
        let mut text = String::new();
        reader.read_to_string(&mut text).map_err(|e| InputError::Read { table: name, reason: e.to_string() })?;
        let mut records = csv::parse_lines(&text)
            .map_err(|e| InputError::Line { table: name, line: e.line, reason: e.reason.to_owned() })?
            .into_iter();
        let first = records.next().ok_or(InputError::Line { table: name, line: 1, reason: "no header row".into() })?;
        let header: Vec<String> = first.fields.iter().map(|h| h.trim().to_lowercase()).collect();
        for (i, column) in header.iter().enumerate() {
            let reason = if !required.contains(&column.as_str()) && !optional.contains(&column.as_str()) {
                let known: Vec<&str> = required.iter().chain(optional).copied().collect();
                format!("unknown column (known: {})", known.join(", "))
            } else if header[..i].contains(column) {
                "repeated column".to_owned()
            } else {
                continue;
            };
            return Err(InputError::Cell {
                table: name,
                line: first.line,
                column: i + 1,
                name: column.clone(),
                reason,
            });
        }
        if let Some(missing) = required.iter().find(|r| !header.iter().any(|h| h == *r)) {
            return Err(InputError::Line { table: name, line: first.line, reason: format!("no `{missing}` column") });
        }
        let records: Vec<csv::Record> = records.collect();
        if let Some(bad) = records.iter().find(|r| r.fields.len() != header.len()) {
            let reason = format!("{} fields, the header has {}", bad.fields.len(), header.len());
            return Err(InputError::Line { table: name, line: bad.line, reason });
        }
        Ok(Table { name, header, records })
    }

    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|r| Row { table: self, fields: &r.fields, line: r.line })
    }
}

/// One record of a [`Table`], read by column name.
struct Row<'a> {
    table: &'a Table,
    fields: &'a [String],
    line: usize,
}

impl Row<'_> {
    fn column(&self, name: &str) -> Option<usize> {
        self.table.header.iter().position(|h| h == name)
    }

    /// The trimmed value, `None` when the column is absent or the value empty.
    fn optional(&self, name: &str) -> Option<&str> {
        let value = self.fields[self.column(name)?].trim();
        (!value.is_empty()).then_some(value)
    }

    fn required(&self, name: &str) -> Result<&str, InputError> {
        self.optional(name).ok_or_else(|| self.error(name, "empty".to_owned()))
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, InputError> {
        self.optional(name)
            .map(|text| {
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| self.error(name, format!("{text:?} is not a date (YYYY-MM-DD)")))
            })
            .transpose()
    }

    fn error(&self, name: &str, reason: String) -> InputError {
        InputError::Cell {
            table: self.table.name,
            line: self.line,
            column: self.column(name).map_or(0, |c| c + 1),
            name: name.to_owned(),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_identifiers() {
        assert_eq!(normalise_identifier(" abc-010203 xy1\t"), "ABC010203XY1");
        assert_eq!(normalise_identifier("mx-rfc"), "MXRFC");
        assert_eq!(normalise_identifier("añb"), "AÑB");
    }

    #[test]
    fn sanction_period_is_inclusive_and_open_ended() {
        let day = |t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        let sanction = |start, end| Sanction {
            id: "X".into(),
            scheme: None,
            list: "L".into(),
            start: day(start),
            end: day(end),
            name: None,
            line: 2,
        };
        let bounded = sanction("2020-01-01", "2020-12-31");
        assert_eq!(bounded.in_force(day("2020-12-31")), Some(true));
        assert_eq!(bounded.in_force(day("2021-01-01")), Some(false));
        assert_eq!(bounded.in_force(None), None);
        assert_eq!(sanction("2020-01-01", "").in_force(day("2030-01-01")), Some(true));
        assert_eq!(sanction("", "").in_force(None), Some(true));
    }

    #[test]
    fn threshold_rank_prefers_buyer_then_object_then_method() {
        let t = |buyer: Option<&str>, object: Option<&str>, methods: Option<&[&str]>| Threshold {
            buyer: buyer.map(str::to_owned),
            year: 2020,
            object: object.map(str::to_owned),
            methods: methods.map(|m| m.iter().map(|s| (*s).to_owned()).collect()),
            amount: Decimal::ONE,
            line: 2,
        };
        let goods = ["goods".to_owned()];
        assert_eq!(t(None, None, None).rank(Some("B"), 2020, &goods, "direct"), Some(0));
        assert_eq!(t(None, None, None).rank(Some("B"), 2021, &goods, "direct"), None);
        assert_eq!(t(Some("B"), None, None).rank(Some("B"), 2020, &goods, "direct"), Some(4));
        assert_eq!(t(Some("C"), None, None).rank(Some("B"), 2020, &goods, "direct"), None);
        assert_eq!(t(None, Some("goods"), Some(&["limited", "direct"])).rank(None, 2020, &goods, "direct"), Some(3));
        assert_eq!(t(None, Some("works"), None).rank(None, 2020, &goods, "direct"), None);
        assert_eq!(t(None, None, Some(&["open"])).rank(None, 2020, &goods, "direct"), None);
    }
}
