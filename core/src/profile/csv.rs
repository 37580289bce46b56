//! A small RFC 4180 reader for codelist files.
//!
//! Codelists are a few kilobytes of comma-separated text, so a reader of ~80 lines is preferred
//! to a dependency. It accepts what OCDS and extension repositories publish: a UTF-8 byte order
//! mark, `\n`, `\r\n` or `\r` line ends, quoted fields with `""` for a quote and line breaks
//! inside quotes. A quote inside an unquoted field is kept as text (as Python's `csv` does); text
//! after a closing quote and an unclosed quote are errors.

/// Why a CSV text could not be read, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvError {
    pub line: usize,
    pub reason: &'static str,
}

/// One record and the line it starts on (1-based; a quoted field may span several lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits `text` into records of fields. Empty lines are skipped.
pub(crate) fn parse(text: &str) -> Result<Vec<Vec<String>>, CsvError> {
    Ok(parse_lines(text)?.into_iter().map(|r| r.fields).collect())
}

/// Splits `text` into records, each with the line it starts on. Empty lines are skipped.
pub(crate) fn parse_lines(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    // Whether the current record has started (so that an empty line is not a record).
    let mut started = false;
    let mut start_line = 1;

    while let Some(c) = chars.next() {
        if !started {
            start_line = line;
        }
        match c {
            '"' if field.is_empty() => {
                started = true;
                let quote_line = line;
                loop {
                    match chars.next() {
                        None => {
                            return Err(CsvError { line: quote_line, reason: "unclosed quote" });
                        }
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                                line += 1;
                            }
                            field.push(c);
                        }
                    }
                }
                match chars.peek() {
                    None | Some(',' | '\n' | '\r') => {}
                    Some(_) => {
                        return Err(CsvError { line, reason: "text after a closing quote" });
                    }
                }
            }
            ',' => {
                started = true;
                record.push(std::mem::take(&mut field));
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                if started {
                    record.push(std::mem::take(&mut field));
                    records.push(Record { line: start_line, fields: std::mem::take(&mut record) });
                    started = false;
                }
            }
            c => {
                started = true;
                field.push(c);
            }
        }
    }
    if started {
        record.push(field);
        records.push(Record { line: start_line, fields: record });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        parse(text).expect("valid CSV")
    }

    #[test]
    fn plain_and_quoted_fields() {
        assert_eq!(rows("Code,Title\nfoo,\"Foo, bar\"\n"), vec![vec!["Code", "Title"], vec!["foo", "Foo, bar"]]);
    }

    #[test]
    fn doubled_quotes_and_line_breaks_inside_quotes() {
        assert_eq!(
            rows("a,b\r\n\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"),
            vec![vec!["a", "b"], vec!["say \"hi\"", "two\r\nlines"]]
        );
    }

    #[test]
    fn bom_empty_fields_blank_lines_and_no_final_newline() {
        assert_eq!(
            rows("\u{feff}a,b,c\n\n,x,\nlast,,"),
            vec![vec!["a", "b", "c"], vec!["", "x", ""], vec!["last", "", ""]]
        );
        assert_eq!(rows("\"\"\n"), vec![vec![""]]);
        assert!(rows("").is_empty());
    }

    #[test]
    fn quote_inside_unquoted_field_is_text() {
        assert_eq!(rows("5\" pipe,x\n"), vec![vec!["5\" pipe", "x"]]);
    }

    #[test]
    fn records_know_their_first_line() {
        let lines: Vec<usize> = parse_lines("a,b\n\n\"two\nlines\",x\ny,z").unwrap().iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 3, 5]);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(parse("a,b\n\"open,x\n"), Err(CsvError { line: 2, reason: "unclosed quote" }));
        assert_eq!(parse("a\nb\n\"q\"x,y\n"), Err(CsvError { line: 3, reason: "text after a closing quote" }));
    }
}
