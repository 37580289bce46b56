//! Cells: what flatten writes, what unflatten reads, and how a read cell becomes a JSON value of
//! the type the schema asks for — normalised where a person typed it another way, and said so.
//!
//! Normalisation rules (each change is an [`Issue`], a warning; a value that cannot
//! be read as its type is kept as text and is an error):
//! - text is trimmed (`tables.trimmed`);
//! - numbers: a `$` and spaces are removed, thousands separators `1,234,567.89` (or
//!   `1.234.567,89`) are read (`tables.amount`); integers written `3.0` become `3`;
//! - dates (`format: date-time`): an RFC 3339 text is kept; Excel date cells and serial numbers
//!   are read in the workbook's date system, 1900 or 1904 (`tables.excel_date`); `dd/mm/aaaa`
//!   (with or without a time) is read day first, as in Mexico (`tables.date_dmy`); a date
//!   without a time gets midnight (`tables.date_only`), a time without a zone gets the zone of
//!   the options (`Z` unless told), both said;
//! - booleans: `true`/`false` in any case; `sí`, `si`, `verdadero`, `1`, `no`, `falso`, `0`
//!   are read and said (`tables.boolean`);
//! - a number cell in a text field becomes its text (`tables.number_as_text`: Excel drops the
//!   leading zeros of codes typed as numbers);
//! - arrays of strings or numbers: one cell, split at `;`.

use super::issue::Issue;
use super::layout::FieldType;
use crate::diagnostic::Severity;
use serde_json::Value;

/// A cell that flatten writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A JSON number, as written in the input (never rounded).
    Number(String),
    /// A boolean.
    Bool(bool),
}

impl Cell {
    /// The cell as CSV text (`true`/`false` for booleans).
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Number(s) => s,
            Cell::Bool(true) => "true",
            Cell::Bool(false) => "false",
        }
    }

    /// A scalar JSON value as a cell (`None` for null, arrays and objects).
    pub fn of_scalar(value: &Value) -> Option<Cell> {
        match value {
            Value::String(s) => Some(Cell::Text(s.clone())),
            Value::Number(n) => Some(Cell::Number(n.to_string())),
            Value::Bool(b) => Some(Cell::Bool(*b)),
            _ => None,
        }
    }
}

/// A cell as read from a spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    /// Nothing.
    Empty,
    /// Text (all CSV cells are text).
    Text(String),
    /// A number cell.
    Float(f64),
    /// An integer cell.
    Int(i64),
    /// A boolean cell.
    Bool(bool),
    /// An Excel date cell: its serial number, and whether the workbook counts from 1904.
    Date {
        /// Days since the epoch, the time as the fraction.
        serial: f64,
        /// The 1904 date system (Excel for Mac before 2011).
        is_1904: bool,
    },
    /// A date written in ISO 8601 by the spreadsheet (ODS).
    DateIso(String),
    /// An error cell (`#N/A`, `#DIV/0!`…).
    Error(String),
}

impl RawCell {
    /// Whether the cell holds nothing (or only blanks).
    pub fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person would read it, for reports.
    pub fn shown(&self) -> String {
        match self {
            RawCell::Empty => String::new(),
            RawCell::Text(s) | RawCell::DateIso(s) | RawCell::Error(s) => s.clone(),
            RawCell::Float(f) => number_text(*f),
            RawCell::Int(i) => i.to_string(),
            RawCell::Bool(b) => b.to_string(),
            RawCell::Date { serial, .. } => number_text(*serial),
        }
    }
}

/// Shortest text of a float; integers without `.0`.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e17 { format!("{}", f as i64) } else { format!("{f}") }
}

/// Options of the normalisation.
#[derive(Debug, Clone)]
pub struct CellOptions {
    /// The zone given to dates and times typed without one: `Z` or `±hh:mm`.
    pub utc_offset: String,
    /// Whether number cells in date fields count days from 1904 (the workbook's date system).
    pub date_1904: bool,
}

impl Default for CellOptions {
    fn default() -> Self {
        CellOptions { utc_offset: "Z".to_owned(), date_1904: false }
    }
}

/// Whether `offset` is a zone [`CellOptions::utc_offset`] takes: `Z` or `±hh:mm`.
pub fn valid_utc_offset(offset: &str) -> bool {
    let b = offset.as_bytes();
    offset == "Z"
        || (b.len() == 6
            && (b[0] == b'+' || b[0] == b'-')
            && b[1..3].iter().all(u8::is_ascii_digit)
            && b[3] == b':'
            && b[4..6].iter().all(u8::is_ascii_digit))
}

/// Where a cell is, for the issues about it.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    /// The sheet.
    pub sheet: &'a str,
    /// 1-based row.
    pub row: u64,
    /// Column letter.
    pub column: &'a str,
    /// The column's header.
    pub header: &'a str,
}

impl At<'_> {
    /// An issue at this cell.
    pub fn issue(
        &self,
        code: &'static str,
        severity: Severity,
        value: &str,
        normalised: Option<String>,
        es: String,
        en: String,
    ) -> Issue {
        Issue {
            code,
            severity,
            sheet: self.sheet.to_owned(),
            row: self.row,
            column: self.column.to_owned(),
            header: self.header.to_owned(),
            value: value.to_owned(),
            normalised,
            message_es: es,
            message_en: en,
        }
    }
}

/// Reads one cell as a value of `kind`; `None` when the cell is blank. Every change made is
/// pushed to `issues`.
pub fn normalise(
    raw: &RawCell,
    kind: &FieldType,
    options: &CellOptions,
    at: At,
    issues: &mut Vec<Issue>,
) -> Option<Value> {
    if raw.is_blank() {
        return None;
    }
    if let RawCell::Error(e) = raw {
        issues.push(at.issue(
            "tables.error_cell",
            Severity::Error,
            e,
            None,
            "la celda tiene un error de fórmula; se dejó fuera".to_owned(),
            "the cell holds a formula error; it was left out".to_owned(),
        ));
        return None;
    }
    if kind.list {
        let element = FieldType { list: false, ..*kind };
        return Some(match raw {
            RawCell::Text(s) => {
                let trimmed = trim_said(s, at, issues);
                if trimmed.starts_with('[')
                    && let Ok(v @ Value::Array(_)) = serde_json::from_str::<Value>(trimmed)
                {
                    return Some(v);
                }
                let parts = trimmed.split(';').map(str::trim).filter(|p| !p.is_empty());
                Value::Array(
                    parts.filter_map(|p| scalar(&RawCell::Text(p.to_owned()), &element, options, at, issues)).collect(),
                )
            }
            other => Value::Array(scalar(other, &element, options, at, issues).into_iter().collect()),
        });
    }
    scalar(raw, kind, options, at, issues)
}

fn trim_said<'s>(s: &'s str, at: At, issues: &mut Vec<Issue>) -> &'s str {
    let trimmed = s.trim();
    if trimmed.len() != s.len() {
        issues.push(at.issue(
            "tables.trimmed",
            Severity::Warning,
            s,
            Some(trimmed.to_owned()),
            "se quitaron espacios al inicio o al final".to_owned(),
            "blanks at the start or end were removed".to_owned(),
        ));
    }
    trimmed
}

fn scalar(raw: &RawCell, kind: &FieldType, options: &CellOptions, at: At, issues: &mut Vec<Issue>) -> Option<Value> {
    if kind.date_time {
        return Some(date_time(raw, options, at, issues));
    }
    if kind.boolean && !kind.string {
        return Some(boolean(raw, at, issues));
    }
    if kind.numeric() && !kind.string {
        return Some(number(raw, kind.integer && !kind.number, at, issues));
    }
    match raw {
        RawCell::Text(s) => Some(Value::String(trim_said(s, at, issues).to_owned())),
        RawCell::Int(i) if kind.integer || !kind.known => Some(Value::Number((*i).into())),
        RawCell::Float(f) if !kind.known || (kind.integer && f.fract() == 0.0) => json_number(&number_text(*f)),
        RawCell::Int(_) | RawCell::Float(_) => {
            let text = raw.shown();
            issues.push(at.issue(
                "tables.number_as_text",
                Severity::Warning,
                &text,
                Some(text.clone()),
                "una celda numérica en un campo de texto se escribió como texto (Excel quita los ceros a la izquierda)"
                    .to_owned(),
                "a number cell in a text field was written as text (Excel drops leading zeros)".to_owned(),
            ));
            Some(Value::String(text))
        }
        RawCell::Bool(b) if !kind.known => Some(Value::Bool(*b)),
        RawCell::Bool(b) => Some(Value::String(b.to_string())),
        RawCell::Date { .. } | RawCell::DateIso(_) => Some(date_time(raw, options, at, issues)),
        RawCell::Empty | RawCell::Error(_) => None,
    }
}

fn json_number(text: &str) -> Option<Value> {
    serde_json::from_str::<Value>(text).ok().filter(Value::is_number)
}

fn number(raw: &RawCell, integer: bool, at: At, issues: &mut Vec<Issue>) -> Value {
    let shown = raw.shown();
    let (text, changed) = match raw {
        RawCell::Int(i) => (i.to_string(), false),
        RawCell::Float(f) | RawCell::Date { serial: f, .. } => (number_text(*f), false),
        RawCell::Bool(b) => {
            issues.push(at.issue(
                "tables.not_a_number",
                Severity::Error,
                &shown,
                None,
                "se esperaba un número".to_owned(),
                "a number was expected".to_owned(),
            ));
            return Value::Bool(*b);
        }
        RawCell::Text(s) | RawCell::DateIso(s) => {
            let t = s.trim();
            match clean_amount(t) {
                Some(clean) => {
                    let changed = clean != t;
                    (clean, changed)
                }
                None => {
                    issues.push(at.issue(
                        "tables.not_a_number",
                        Severity::Error,
                        s,
                        None,
                        "se esperaba un número; se dejó el texto".to_owned(),
                        "a number was expected; the text was kept".to_owned(),
                    ));
                    return Value::String(t.to_owned());
                }
            }
        }
        RawCell::Empty | RawCell::Error(_) => return Value::Null,
    };
    let mut text = text;
    let mut changed = changed;
    if integer {
        if let Some(whole) = text.strip_suffix(".0").or_else(|| text.strip_suffix(".00")) {
            text = whole.to_owned();
            changed = true;
        }
        if text.contains(['.', 'e', 'E']) {
            issues.push(at.issue(
                "tables.not_an_integer",
                Severity::Error,
                &shown,
                None,
                "se esperaba un número entero".to_owned(),
                "a whole number was expected".to_owned(),
            ));
        }
    }
    if changed {
        issues.push(at.issue(
            "tables.amount",
            Severity::Warning,
            &shown,
            Some(text.clone()),
            "se leyó el número quitando signos de moneda, espacios o separadores de miles".to_owned(),
            "the number was read without currency signs, blanks or thousands separators".to_owned(),
        ));
    }
    json_number(&text).unwrap_or(Value::String(text))
}

/// `$1,234.50` → `1234.50`; `1.234.567,89` → `1234567.89`; `None` if not a number.
fn clean_amount(text: &str) -> Option<String> {
    let t: String = text.trim().trim_start_matches('$').chars().filter(|c| !c.is_whitespace()).collect();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest.trim_start_matches('$')),
        None => ("", t.as_str()),
    };
    if json_number(&format!("{sign}{body}")).is_some() {
        return Some(format!("{sign}{body}"));
    }
    let grouped = |s: &str, sep: char| {
        let groups: Vec<&str> = s.split(sep).collect();
        groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    let (int, frac, sep) = if let Some((i, f)) = body.rsplit_once('.').filter(|(i, _)| i.contains(',')) {
        (i, Some(f), ',')
    } else if let Some((i, f)) = body.rsplit_once(',').filter(|(i, _)| i.contains('.')) {
        (i, Some(f), '.')
    } else if body.contains(',') && !body.contains('.') {
        (body, None, ',')
    } else {
        return None;
    };
    if !grouped(int, sep) || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut out = format!("{sign}{}", int.replace(sep, ""));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    json_number(&out).map(|_| out)
}

fn boolean(raw: &RawCell, at: At, issues: &mut Vec<Issue>) -> Value {
    let shown = raw.shown();
    let read = match raw {
        RawCell::Bool(b) => return Value::Bool(*b),
        RawCell::Text(s) => match s.trim().to_lowercase().as_str() {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            "sí" | "si" | "verdadero" | "yes" | "1" => Some(true),
            "no" | "falso" | "0" => Some(false),
            _ => None,
        },
        RawCell::Int(1) => Some(true),
        RawCell::Int(0) => Some(false),
        RawCell::Float(f) if *f == 1.0 => Some(true),
        RawCell::Float(f) if *f == 0.0 => Some(false),
        _ => None,
    };
    match read {
        Some(b) => {
            issues.push(at.issue(
                "tables.boolean",
                Severity::Warning,
                &shown,
                Some(b.to_string()),
                "se leyó como verdadero/falso".to_owned(),
                "read as true/false".to_owned(),
            ));
            Value::Bool(b)
        }
        None => {
            issues.push(at.issue(
                "tables.not_a_boolean",
                Severity::Error,
                &shown,
                None,
                "se esperaba verdadero o falso (true/false); se dejó el texto".to_owned(),
                "true or false was expected; the text was kept".to_owned(),
            ));
            Value::String(shown.trim().to_owned())
        }
    }
}

/// Civil date and time from an Excel serial number in the 1900 or 1904 system (the 1900
/// system counts the day 1900-02-29 that never was, as Excel does).
pub fn excel_serial(serial: f64, is_1904: bool) -> Option<chrono::NaiveDateTime> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let millis = ((serial - serial.floor()) * 86_400_000.0).round() as i64;
    let epoch = if is_1904 {
        chrono::NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else if days < 60 {
        // Before Excel's 1900-02-29: day 1 is 1900-01-01.
        chrono::NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let date = epoch.checked_add_signed(chrono::Duration::days(days))?;
    date.and_hms_opt(0, 0, 0)?.checked_add_signed(chrono::Duration::milliseconds(millis))
}

fn date_time(raw: &RawCell, options: &CellOptions, at: At, issues: &mut Vec<Issue>) -> Value {
    let shown = raw.shown();
    let tz = &options.utc_offset;
    let say = |issues: &mut Vec<Issue>, code: &'static str, out: &str, es: String, en: String| {
        issues.push(at.issue(code, Severity::Warning, &shown, Some(out.to_owned()), es, en));
    };
    let from_serial = |serial: f64, is_1904: bool, issues: &mut Vec<Issue>| -> Value {
        match excel_serial(serial, is_1904) {
            Some(dt) => {
                let (system, date_only) = (if is_1904 { "1904" } else { "1900" }, serial.fract() == 0.0);
                let out = format!("{}{tz}", dt.format("%Y-%m-%dT%H:%M:%S"));
                let (es_time, en_time) = if date_only {
                    (format!("; sin hora: se puso 00:00:00{tz}"), format!("; no time: 00:00:00{tz} was given"))
                } else {
                    (format!("; zona horaria {tz}"), format!("; time zone {tz}"))
                };
                say(
                    issues,
                    "tables.excel_date",
                    &out,
                    format!("fecha de Excel (número de serie, sistema {system}) convertida{es_time}"),
                    format!("Excel date (serial number, {system} date system) converted{en_time}"),
                );
                Value::String(out)
            }
            None => bad_date(&shown, at, issues),
        }
    };
    match raw {
        RawCell::Date { serial, is_1904 } => from_serial(*serial, *is_1904, issues),
        RawCell::Float(f) => from_serial(*f, options.date_1904, issues),
        RawCell::Int(i) => from_serial(*i as f64, options.date_1904, issues),
        RawCell::Text(s) | RawCell::DateIso(s) => {
            let t = trim_said(s, at, issues);
            if chrono::DateTime::parse_from_rfc3339(t).is_ok() {
                return Value::String(t.to_owned());
            }
            match read_date_text(t) {
                Some((dt, form)) => {
                    let has_time = !matches!(form, Form::IsoDate | Form::Dmy);
                    let out = format!("{}{tz}", dt.format("%Y-%m-%dT%H:%M:%S"));
                    let (code, es, en) = match form {
                        Form::Dmy | Form::DmyTime => (
                            "tables.date_dmy",
                            "fecha dd/mm/aaaa leída (día primero)",
                            "dd/mm/yyyy date read (day first)",
                        ),
                        Form::IsoDate => ("tables.date_only", "fecha sin hora", "date without a time"),
                        Form::IsoTime => (
                            "tables.date_no_zone",
                            "fecha y hora sin zona horaria",
                            "date and time without a time zone",
                        ),
                    };
                    let (es_more, en_more) = if has_time {
                        (format!("; zona horaria {tz}"), format!("; time zone {tz}"))
                    } else {
                        (format!("; se puso 00:00:00{tz}"), format!("; 00:00:00{tz} was given"))
                    };
                    say(issues, code, &out, format!("{es}{es_more}"), format!("{en}{en_more}"));
                    Value::String(out)
                }
                None => bad_date(t, at, issues),
            }
        }
        RawCell::Bool(_) => bad_date(&shown, at, issues),
        RawCell::Empty | RawCell::Error(_) => Value::Null,
    }
}

fn bad_date(text: &str, at: At, issues: &mut Vec<Issue>) -> Value {
    issues.push(at.issue(
        "tables.not_a_date",
        Severity::Error,
        text,
        None,
        "no es una fecha (se esperaba aaaa-mm-ddThh:mm:ssZ o dd/mm/aaaa); se dejó el texto".to_owned(),
        "not a date (yyyy-mm-ddThh:mm:ssZ or dd/mm/yyyy expected); the text was kept".to_owned(),
    ));
    Value::String(text.to_owned())
}

enum Form {
    IsoDate,
    IsoTime,
    Dmy,
    DmyTime,
}

fn read_date_text(t: &str) -> Option<(chrono::NaiveDateTime, Form)> {
    use chrono::{NaiveDate, NaiveDateTime};
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some((d.and_hms_opt(0, 0, 0)?, Form::IsoDate));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Some((dt, Form::IsoTime));
        }
    }
    let t = t.trim_end_matches('.');
    for f in ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Some((dt, Form::DmyTime));
        }
    }
    for f in ["%d/%m/%Y", "%d-%m-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f)
            && d.year_ce().1 >= 1000
        {
            return Some((d.and_hms_opt(0, 0, 0)?, Form::Dmy));
        }
    }
    None
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::*;

    /// Decided by RFC 3339's time-offset: `Z` or a sign, two digits, a colon, two digits.
    #[test]
    fn utc_offsets() {
        for ok in ["Z", "-06:00", "+05:30"] {
            assert!(valid_utc_offset(ok), "{ok}");
        }
        for bad in ["z", "-6:00", "-0600", "06:00", "+05:3a", "", "-06:00:00"] {
            assert!(!valid_utc_offset(bad), "{bad}");
        }
    }

    fn at() -> At<'static> {
        At { sheet: "main", row: 2, column: "C", header: "h" }
    }

    fn kind(path: &str) -> FieldType {
        crate::tables::Layout::edca_mx().field(path).unwrap().kind
    }

    #[test]
    fn amounts_are_read_and_said() {
        let mut issues = Vec::new();
        let k = kind("tender/value/amount");
        let o = CellOptions::default();
        let n = |s: &str, issues: &mut Vec<Issue>| normalise(&RawCell::Text(s.into()), &k, &o, at(), issues).unwrap();
        assert_eq!(n("1500.25", &mut issues).to_string(), "1500.25");
        assert!(issues.is_empty());
        assert_eq!(n("$1,234,567.89", &mut issues).to_string(), "1234567.89");
        assert_eq!(n("1.234.567,89", &mut issues).to_string(), "1234567.89");
        assert_eq!(n(" $ 12,000 ", &mut issues).to_string(), "12000");
        assert_eq!(issues.iter().filter(|i| i.code == "tables.amount").count(), 3);
        assert_eq!(n("mil pesos", &mut issues), Value::String("mil pesos".into()));
        assert_eq!(issues.last().unwrap().code, "tables.not_a_number");
        assert_eq!(issues.last().unwrap().row, 2);
    }

    // Excel's own serial numbers decide: 45943.5 is 2025-10-13 12:00 (1900 system); the same
    // day in the 1904 system is 1462 days less; 59 is 1900-02-28 and 61 is 1900-03-01.
    #[test]
    fn excel_serials_in_both_systems() {
        let f = |s, b| excel_serial(s, b).unwrap().format("%Y-%m-%d %H:%M:%S").to_string();
        assert_eq!(f(45943.5, false), "2025-10-13 12:00:00");
        assert_eq!(f(45943.5 - 1462.0, true), "2025-10-13 12:00:00");
        assert_eq!(f(59.0, false), "1900-02-28 00:00:00");
        assert_eq!(f(61.0, false), "1900-03-01 00:00:00");
        assert_eq!(f(40729.0, false), "2011-07-05 00:00:00");
        assert_eq!(f(39267.0, true), "2011-07-05 00:00:00");
    }

    #[test]
    fn dates_typed_by_people() {
        let k = kind("date");
        let o = CellOptions { utc_offset: "-06:00".into(), date_1904: false };
        let mut issues = Vec::new();
        let mut d = |raw: RawCell| normalise(&raw, &k, &o, at(), &mut issues).unwrap();
        assert_eq!(d(RawCell::Text("2024-01-15T10:00:00Z".into())), "2024-01-15T10:00:00Z");
        assert_eq!(d(RawCell::Text("15/01/2024".into())), "2024-01-15T00:00:00-06:00");
        assert_eq!(d(RawCell::Text("2024-01-15".into())), "2024-01-15T00:00:00-06:00");
        assert_eq!(d(RawCell::Date { serial: 45306.5, is_1904: false }), "2024-01-15T12:00:00-06:00");
        assert_eq!(d(RawCell::Text("31/02/2024".into())), "31/02/2024");
        let codes: Vec<&str> = issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["tables.date_dmy", "tables.date_only", "tables.excel_date", "tables.not_a_date"]);
    }

    #[test]
    fn lists_booleans_and_text() {
        let o = CellOptions::default();
        let mut issues = Vec::new();
        let tag = normalise(&RawCell::Text("tender; award".into()), &kind("tag"), &o, at(), &mut issues).unwrap();
        assert_eq!(tag, serde_json::json!(["tender", "award"]));
        let b = normalise(&RawCell::Text("Sí".into()), &kind("tender/hasEnquiries"), &o, at(), &mut issues).unwrap();
        assert_eq!(b, Value::Bool(true));
        let t = normalise(&RawCell::Text("  Pens ".into()), &kind("tender/title"), &o, at(), &mut issues).unwrap();
        assert_eq!(t, "Pens");
        let zip =
            normalise(&RawCell::Float(1000.0), &kind("parties/address/postalCode"), &o, at(), &mut issues).unwrap();
        assert_eq!(zip, "1000");
        let codes: Vec<&str> = issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["tables.boolean", "tables.trimmed", "tables.number_as_text"]);
        assert!(normalise(&RawCell::Text("   ".into()), &kind("tender/title"), &o, at(), &mut issues).is_none());
    }
}
