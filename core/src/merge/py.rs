//! The few Python value semantics the reference implementation (`ocdsmerge`) leaks into its
//! output: `str()` of an `id` keys identifier merge, `==` decides whether a versioned value
//! changed (so `1 == 1.0 == true`), and `<` orders releases by `date`.
//!
//! Numbers arrive as exact text (`arbitrary_precision`); Python's `json` reads a number with
//! `.`, `e` or `E` as a float and any other as an arbitrary-size int, and so do we.

use std::cmp::Ordering;

use serde_json::{Number, Value};

/// A JSON number (or boolean) as Python sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PyNum {
    /// An int, as canonical decimal text (optional `-`, no leading zeros, never `-0`).
    Int(String),
    /// A float.
    Float(f64),
}

/// Reads a JSON number the way Python's `json` module does.
pub(crate) fn num(n: &Number) -> PyNum {
    let text = n.as_str();
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        // Python's float() rounds correctly, as does Rust's parser; overflow gives ±inf in both.
        PyNum::Float(text.parse::<f64>().unwrap_or(f64::NAN))
    } else {
        PyNum::Int(canonical_int(text))
    }
}

/// `true`/`false` are the ints 1 and 0 to Python's `==` and `<`.
fn bool_num(b: bool) -> PyNum {
    PyNum::Int(if b { "1" } else { "0" }.to_owned())
}

fn canonical_int(text: &str) -> String {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else if text.starts_with('-') {
        format!("-{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// Whether a number's text is already Python's `str()` of it (an int written canonically).
pub(crate) fn is_canonical_int(n: &Number) -> bool {
    let text = n.as_str();
    !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) && text != "-0"
}

fn cmp_int_text(a: &str, b: &str) -> Ordering {
    let (an, ad) = a.strip_prefix('-').map_or((false, a), |d| (true, d));
    let (bn, bd) = b.strip_prefix('-').map_or((false, b), |d| (true, d));
    match (an, bn) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => ad.len().cmp(&bd.len()).then_with(|| ad.cmp(bd)),
        (true, true) => bd.len().cmp(&ad.len()).then_with(|| bd.cmp(ad)),
    }
}

/// Exact decimal text of an integral, finite float.
fn integral_float_text(f: f64) -> String {
    canonical_int(&format!("{f:.0}"))
}

/// Python compares ints and floats exactly, not by converting the int to a float.
fn cmp_int_float(int: &str, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let floor = f.floor();
    match cmp_int_text(int, &integral_float_text(floor)) {
        Ordering::Equal if floor != f => Some(Ordering::Less),
        other => Some(other),
    }
}

/// Python's ordering of two numbers; `None` when unordered (NaN).
pub(crate) fn cmp_num(a: &PyNum, b: &PyNum) -> Option<Ordering> {
    match (a, b) {
        (PyNum::Int(x), PyNum::Int(y)) => Some(cmp_int_text(x, y)),
        (PyNum::Float(x), PyNum::Float(y)) => x.partial_cmp(y),
        (PyNum::Int(x), PyNum::Float(y)) => cmp_int_float(x, *y),
        (PyNum::Float(x), PyNum::Int(y)) => cmp_int_float(y, *x).map(Ordering::reverse),
    }
}

/// The value as a Python number, if Python treats it as one (numbers and booleans).
pub(crate) fn as_num(v: &Value) -> Option<PyNum> {
    match v {
        Value::Number(n) => Some(num(n)),
        Value::Bool(b) => Some(bool_num(*b)),
        _ => None,
    }
}

/// Python's `a == b` on values parsed from JSON.
pub(crate) fn eq(a: &Value, b: &Value) -> bool {
    if std::ptr::eq(a, b) {
        return true;
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| eq(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| eq(v, w)))
        }
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) if x.as_str() == y.as_str() => true,
        _ => match (as_num(a), as_num(b)) {
            (Some(x), Some(y)) => cmp_num(&x, &y) == Some(Ordering::Equal),
            _ => false,
        },
    }
}

/// Python's `repr()` of a float (shortest round-trip digits, Python's layout).
pub(crate) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // `{:e}` gives the shortest round-trip digits, e.g. "1.5e-7", "-2e16".
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = if digits.chars().all(|c| c == '0') { "0".to_owned() } else { digits };
    let decpt = exp + 1; // value = 0.DIGITS × 10^decpt
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let n = digits.len() as i32;
    if !(-4 < decpt && decpt <= 16) {
        let (first, rest) = digits.split_at(1);
        let e = decpt - 1;
        let esign = if e < 0 { '-' } else { '+' };
        if rest.is_empty() {
            format!("{sign}{first}e{esign}{:02}", e.abs())
        } else {
            format!("{sign}{first}.{rest}e{esign}{:02}", e.abs())
        }
    } else if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt < n {
        let (int, frac) = digits.split_at(decpt as usize);
        format!("{sign}{int}.{frac}")
    } else {
        format!("{sign}{digits}{}.0", "0".repeat((decpt - n) as usize))
    }
}

/// Python's `str()` of a value parsed from JSON, as `f"{value}"` formats it.
pub(crate) fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// Python's `repr()` of a value parsed from JSON.
pub(crate) fn repr(v: &Value) -> String {
    let mut out = String::new();
    write_repr(v, &mut out);
    out
}

fn write_repr(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => match num(n) {
            PyNum::Int(text) => out.push_str(&text),
            PyNum::Float(f) => out.push_str(&float_repr(f)),
        },
        Value::String(s) => write_str_repr(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str_repr(k, out);
                out.push_str(": ");
                write_repr(item, out);
            }
            out.push('}');
        }
    }
}

/// Python's `repr()` of a `str`. Printability of non-ASCII characters is approximated
/// (controls, non-space whitespace and format characters are escaped).
fn write_str_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c == ' ' || (c.is_ascii() && !c.is_ascii_control()) => out.push(c),
            c if c.is_control()
                || c.is_whitespace()
                || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}') =>
            {
                let code = c as u32;
                if code < 0x100 {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code < 0x10000 {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// Python's `a < b` ordering of two release dates, or why Python would raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unordered {
    /// One side is `None` (`NullDateValueError`).
    Null,
    /// The types cannot be ordered (`NonStringDateValueError`).
    Type,
}

/// Python's three-way comparison of two JSON values, where Python defines one for their types.
/// Lists compare element by element; dicts and `None` are unordered.
pub(crate) fn cmp(a: &Value, b: &Value) -> Result<Ordering, Unordered> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Err(Unordered::Null),
        (Value::String(x), Value::String(y)) => Ok(x.as_str().cmp(y.as_str())),
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                if !eq(p, q) {
                    return cmp(p, q);
                }
            }
            Ok(x.len().cmp(&y.len()))
        }
        _ => match (as_num(a), as_num(b)) {
            (Some(x), Some(y)) => cmp_num(&x, &y).ok_or(Unordered::Type),
            _ => Err(Unordered::Type),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn float_repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-2.5, "-2.5"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1e100, "1e+100"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (12.0, "12.0"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }

    #[test]
    fn equality_is_pythons() {
        assert!(eq(&v("1"), &v("1.0")));
        assert!(eq(&v("true"), &v("1")));
        assert!(eq(&v("false"), &v("0.0")));
        assert!(!eq(&v("\"1\""), &v("1")));
        assert!(eq(&v("-0"), &v("0")));
        assert!(eq(&v("1E2"), &v("100")));
        assert!(!eq(&v("10000000000000000000001"), &v("1e22")));
        assert!(eq(&v("10000000000000000000000"), &v("1e22")));
        assert!(eq(&json!({"a": 1, "b": [1, 2]}), &v(r#"{"b": [1.0, 2], "a": true}"#)));
        assert!(!eq(&json!({"a": 1}), &json!({"a": 1, "b": null})));
        assert!(!eq(&v("null"), &v("0")));
    }

    #[test]
    fn ordering_is_pythons() {
        assert_eq!(cmp(&v("\"a\""), &v("\"b\"")), Ok(Ordering::Less));
        assert_eq!(cmp(&v("2"), &v("1.5")), Ok(Ordering::Greater));
        assert_eq!(cmp(&v("null"), &v("\"x\"")), Err(Unordered::Null));
        assert_eq!(cmp(&v("1"), &v("\"x\"")), Err(Unordered::Type));
        assert_eq!(cmp(&v("{}"), &v("{}")), Err(Unordered::Type));
        assert_eq!(cmp(&v("[1, 2]"), &v("[1, 3]")), Ok(Ordering::Less));
        assert_eq!(cmp(&v("1.5"), &v("1")), Ok(Ordering::Greater));
        assert_eq!(cmp(&v("-1.5"), &v("-1")), Ok(Ordering::Less));
        assert_eq!(cmp(&v("-1"), &v("-1.5")), Ok(Ordering::Greater));
    }

    #[test]
    fn str_and_repr_are_pythons() {
        assert_eq!(str_of(&v("\"x\"")), "x");
        assert_eq!(str_of(&v("null")), "None");
        assert_eq!(str_of(&v("true")), "True");
        assert_eq!(str_of(&v("-0")), "0");
        assert_eq!(str_of(&v("1.50")), "1.5");
        assert_eq!(str_of(&v("[1, \"a\", null]")), "[1, 'a', None]");
        assert_eq!(str_of(&v(r#"{"k": "it's"}"#)), r#"{'k': "it's"}"#);
        assert_eq!(str_of(&v(r#""a\nb""#)), "a\nb");
        assert_eq!(repr(&v(r#""a\u0001""#)), "'a\\x01'");
    }
}
