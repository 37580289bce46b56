//! Python objects ⇄ `serde_json::Value`, with `json`'s number rules: integers become `int`
//! (any size), other numbers `float` — or `decimal.Decimal`, exact as written, on request.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// How numbers that are not integers cross into Python.
#[derive(Clone, Copy)]
pub struct Numbers<'a, 'py> {
    /// `decimal.Decimal`, when exact amounts were asked for.
    pub decimal: Option<&'a Bound<'py, PyAny>>,
}

/// A `Value` as the Python object `json.loads` would give for its JSON text.
pub fn to_py<'py>(py: Python<'py>, value: &Value, numbers: Numbers<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number(py, n, numbers)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item, numbers)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            for (key, item) in members {
                dict.set_item(PyString::new(py, key), to_py(py, item, numbers)?)?;
            }
            dict.into_any()
        }
    })
}

fn number<'py>(py: Python<'py>, n: &Number, numbers: Numbers<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = n.as_i64() {
        return Ok(i.into_pyobject(py)?.into_any());
    }
    if let Some(u) = n.as_u64() {
        return Ok(u.into_pyobject(py)?.into_any());
    }
    let text = n.as_str();
    if !text.contains(['.', 'e', 'E']) {
        // An integer beyond 64 bits: Python's int reads it exactly, as json.loads does.
        return py.get_type::<PyInt>().call1((text,));
    }
    match numbers.decimal {
        Some(decimal) => decimal.call1((text,)),
        None => Ok(PyFloat::new(py, text.parse::<f64>().unwrap_or(f64::NAN)).into_any()),
    }
}

/// A Python object (dicts, lists, tuples, str, int, float, bool, None, `decimal.Decimal`) as a
/// `Value`; anything else is a `TypeError` naming the JSON Pointer where it was found.
pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    from_py_at(obj).map_err(|(pointer, error)| match error {
        Ok(error) => error,
        Err(kind) => PyTypeError::new_err(format!("not JSON data: a {kind} at JSON Pointer {pointer:?}")),
    })
}

/// Where conversion failed (a JSON Pointer, built on the way out), and the error or the name of
/// the type that is not JSON data.
type Fail = (String, Result<PyErr, String>);

fn from_py_at(obj: &Bound<'_, PyAny>) -> Result<Value, Fail> {
    let at = |key: &str, (pointer, e): Fail| (format!("/{}{pointer}", key.replace('~', "~0").replace('/', "~1")), e);
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow().map_err(|e| (String::new(), Ok(e)))?.into_owned()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut members = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let key = match key.cast::<PyString>() {
                Ok(k) => k.to_cow().map_err(|e| (String::new(), Ok(e)))?.into_owned(),
                Err(_) => {
                    let shown = key.str().map(|s| s.to_string()).unwrap_or_default();
                    return Err((String::new(), Ok(PyTypeError::new_err(format!("a key that is not a str: {shown}")))));
                }
            };
            let value = from_py_at(&item).map_err(|f| at(&key, f))?;
            members.insert(key, value);
        }
        return Ok(Value::Object(members));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return list.iter().enumerate().map(|(n, item)| from_py_at(&item).map_err(|f| at(&n.to_string(), f))).collect();
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return tuple
            .iter()
            .enumerate()
            .map(|(n, item)| from_py_at(&item).map_err(|f| at(&n.to_string(), f)))
            .collect();
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return text_number(obj);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let value = f.value();
        // Python's repr is the shortest text that reads back as the same float, as json.dumps writes.
        return match Number::from_f64(value) {
            Some(_) => text_number(&f.repr().map_err(|e| (String::new(), Ok(e)))?.into_any()),
            None => Err((String::new(), Ok(PyTypeError::new_err(format!("{value} is not a JSON number"))))),
        };
    }
    let is_decimal = obj.get_type().name().is_ok_and(|n| n == "Decimal");
    if is_decimal && obj.call_method0("is_finite").and_then(|f| f.is_truthy()).unwrap_or(false) {
        return text_number(obj);
    }
    Err((String::new(), Err(obj.get_type().name().map(|n| n.to_string()).unwrap_or_default())))
}

/// A number from its text (`str()` of an int or Decimal, `repr()` of a float), kept exact.
fn text_number(obj: &Bound<'_, PyAny>) -> Result<Value, Fail> {
    let text = obj.str().map_err(|e| (String::new(), Ok(e)))?.to_string();
    let text = text.replace('E', "e");
    serde_json::from_str::<Number>(&text)
        .map(Value::Number)
        .map_err(|e| (String::new(), Ok(PyTypeError::new_err(format!("{text} is not a JSON number: {e}")))))
}

/// Writes a Python object as compact JSON text, straight from the objects (no `Value` and no
/// `json.dumps` in between), with [`from_py`]'s rules: the same types, numbers written as
/// `json.dumps` writes them (a float as its `repr`), a `TypeError` naming the JSON Pointer of
/// anything that is not JSON data.
pub fn write_py(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> PyResult<()> {
    write_at(obj, out, 0).map_err(|(pointer, error)| match error {
        Ok(error) => error,
        Err(kind) => PyTypeError::new_err(format!("not JSON data: a {kind} at JSON Pointer {pointer:?}")),
    })
}

/// Deeper than this, Python data is refused (core's reader refuses deeper JSON too).
const MAX_DEPTH: usize = 10_000;

fn write_at(obj: &Bound<'_, PyAny>, out: &mut Vec<u8>, depth: usize) -> Result<(), Fail> {
    let at = |key: &str, (pointer, e): Fail| (format!("/{}{pointer}", key.replace('~', "~0").replace('/', "~1")), e);
    let fail = |e: PyErr| (String::new(), Ok(e));
    if depth > MAX_DEPTH {
        return Err(fail(pyo3::exceptions::PyValueError::new_err("data nested too deeply")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        write_str(&s.to_cow().map_err(fail)?, out);
        return Ok(());
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        out.push(b'{');
        for (n, (key, item)) in dict.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            let key = match key.cast::<PyString>() {
                Ok(k) => k.to_cow().map_err(fail)?,
                Err(_) => {
                    let shown = key.str().map(|s| s.to_string()).unwrap_or_default();
                    return Err(fail(PyTypeError::new_err(format!("a key that is not a str: {shown}"))));
                }
            };
            write_str(&key, out);
            out.push(b':');
            write_at(&item, out, depth + 1).map_err(|f| at(&key, f))?;
        }
        out.push(b'}');
        return Ok(());
    }
    if let Ok(list) = obj.cast::<PyList>() {
        out.push(b'[');
        for (n, item) in list.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            write_at(&item, out, depth + 1).map_err(|f| at(&n.to_string(), f))?;
        }
        out.push(b']');
        return Ok(());
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        out.push(b'[');
        for (n, item) in tuple.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            write_at(&item, out, depth + 1).map_err(|f| at(&n.to_string(), f))?;
        }
        out.push(b']');
        return Ok(());
    }
    if obj.is_none() {
        out.extend_from_slice(b"null");
        return Ok(());
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
        return Ok(());
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            out.extend_from_slice(i.to_string().as_bytes());
            return Ok(());
        }
        return write_number(text_number(obj)?, out);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let value = f.value();
        if !value.is_finite() {
            return Err(fail(PyTypeError::new_err(format!("{value} is not a JSON number"))));
        }
        float_repr(value, out);
        return Ok(());
    }
    let is_decimal = obj.get_type().name().is_ok_and(|n| n == "Decimal");
    if is_decimal && obj.call_method0("is_finite").and_then(|f| f.is_truthy()).unwrap_or(false) {
        return write_number(text_number(obj)?, out);
    }
    Err((String::new(), Err(obj.get_type().name().map(|n| n.to_string()).unwrap_or_default())))
}

fn write_number(value: Value, out: &mut Vec<u8>) -> Result<(), Fail> {
    if let Value::Number(n) = value {
        out.extend_from_slice(n.as_str().as_bytes());
    }
    Ok(())
}

/// A float as Python's `repr` writes it (which is what `json.dumps` writes): the shortest
/// digits that read back as the same float, in positional notation for exponents from -4 to
/// 15 (with `.0` when integral), else as `d.ddde+XX`.
pub fn float_repr(value: f64, out: &mut Vec<u8>) {
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if negative {
        out.push(b'-');
    }
    if (-4..16).contains(&exponent) {
        if exponent >= 0 {
            let whole = exponent as usize + 1;
            if digits.len() <= whole {
                out.extend_from_slice(digits.as_bytes());
                out.extend(std::iter::repeat_n(b'0', whole - digits.len()));
                out.extend_from_slice(b".0");
            } else {
                out.extend_from_slice(&digits.as_bytes()[..whole]);
                out.push(b'.');
                out.extend_from_slice(&digits.as_bytes()[whole..]);
            }
        } else {
            out.extend_from_slice(b"0.");
            out.extend(std::iter::repeat_n(b'0', (-exponent - 1) as usize));
            out.extend_from_slice(digits.as_bytes());
        }
    } else {
        out.push(digits.as_bytes()[0]);
        if digits.len() > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits.as_bytes()[1..]);
        }
        out.extend_from_slice(format!("e{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.abs()).as_bytes());
    }
}

/// A JSON string, escaped as `serde_json` escapes it.
fn write_str(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    for (n, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..0x20 => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..n]);
        if escape.is_empty() {
            out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
        } else {
            out.extend_from_slice(escape);
        }
        start = n + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Builds Python objects straight from JSON text (core's compact output), as `json.loads`
/// would (with [`Numbers`]' rule for non-integers), without a `Value` in between. Keys repeat
/// across records, so each key's `str` is made once per call and shared.
pub struct TextToPy<'py, 'n> {
    py: Python<'py>,
    numbers: Numbers<'n, 'py>,
    keys: std::collections::HashMap<Box<str>, Bound<'py, PyString>>,
}

impl<'py, 'n> TextToPy<'py, 'n> {
    /// A converter for one call.
    pub fn new(py: Python<'py>, numbers: Numbers<'n, 'py>) -> Self {
        TextToPy { py, numbers, keys: std::collections::HashMap::new() }
    }

    /// The Python object of `text` (one JSON value).
    pub fn convert(&mut self, text: &str) -> PyResult<Bound<'py, PyAny>> {
        let mut parser = Parser { text: text.as_bytes(), at: 0 };
        let value = self.value(&mut parser, 0)?;
        parser.blank();
        if parser.at != parser.text.len() {
            return Err(parser.error("text after the value"));
        }
        Ok(value)
    }

    fn value(&mut self, p: &mut Parser<'_>, depth: usize) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        if depth > MAX_DEPTH {
            return Err(p.error("nested too deeply"));
        }
        p.blank();
        match p.peek() {
            Some(b'{') => {
                p.at += 1;
                let dict = PyDict::new(py);
                p.blank();
                if p.eat(b'}') {
                    return Ok(dict.into_any());
                }
                loop {
                    p.blank();
                    let key = self.key(p)?;
                    p.blank();
                    if !p.eat(b':') {
                        return Err(p.error("':' expected"));
                    }
                    let item = self.value(p, depth + 1)?;
                    dict.set_item(key, item)?;
                    p.blank();
                    if p.eat(b',') {
                        continue;
                    }
                    if p.eat(b'}') {
                        return Ok(dict.into_any());
                    }
                    return Err(p.error("',' or '}' expected"));
                }
            }
            Some(b'[') => {
                p.at += 1;
                let list = PyList::empty(py);
                p.blank();
                if p.eat(b']') {
                    return Ok(list.into_any());
                }
                loop {
                    list.append(self.value(p, depth + 1)?)?;
                    p.blank();
                    if p.eat(b',') {
                        continue;
                    }
                    if p.eat(b']') {
                        return Ok(list.into_any());
                    }
                    return Err(p.error("',' or ']' expected"));
                }
            }
            Some(b'"') => Ok(PyString::new(py, &p.string()?).into_any()),
            Some(b't') if p.word(b"true") => Ok(PyBool::new(py, true).to_owned().into_any()),
            Some(b'f') if p.word(b"false") => Ok(PyBool::new(py, false).to_owned().into_any()),
            Some(b'n') if p.word(b"null") => Ok(py.None().into_bound(py)),
            Some(b'-' | b'0'..=b'9') => {
                let start = p.at;
                while matches!(p.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
                    p.at += 1;
                }
                let text = std::str::from_utf8(&p.text[start..p.at]).map_err(|_| p.error("bad number"))?;
                if !text.contains(['.', 'e', 'E']) {
                    if let Ok(i) = text.parse::<i64>() {
                        return Ok(i.into_pyobject(py)?.into_any());
                    }
                    return py.get_type::<PyInt>().call1((text,));
                }
                match self.numbers.decimal {
                    Some(decimal) => decimal.call1((text,)),
                    None => Ok(PyFloat::new(py, text.parse::<f64>().map_err(|_| p.error("bad number"))?).into_any()),
                }
            }
            _ => Err(p.error("a JSON value expected")),
        }
    }

    fn key(&mut self, p: &mut Parser<'_>) -> PyResult<Bound<'py, PyString>> {
        let key = p.string()?;
        if let Some(known) = self.keys.get(key.as_ref()) {
            return Ok(known.clone());
        }
        let made = PyString::new(self.py, &key);
        if self.keys.len() < 4096 {
            self.keys.insert(key.as_ref().into(), made.clone());
        }
        Ok(made)
    }
}

struct Parser<'t> {
    text: &'t [u8],
    at: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let yes = self.peek() == Some(b);
        self.at += usize::from(yes);
        yes
    }

    fn word(&mut self, word: &[u8]) -> bool {
        let yes = self.text[self.at..].starts_with(word);
        if yes {
            self.at += word.len();
        }
        yes
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn error(&self, what: &str) -> PyErr {
        pyo3::exceptions::PyValueError::new_err(format!("internal: edca's JSON at byte {}: {what}", self.at))
    }

    /// A string at `"`: borrowed from the text when it has no escape.
    fn string(&mut self) -> PyResult<std::borrow::Cow<'t, str>> {
        if !self.eat(b'"') {
            return Err(self.error("a string expected"));
        }
        let start = self.at;
        let text = self.text;
        while let Some(&b) = text.get(self.at) {
            match b {
                b'"' => {
                    let s = std::str::from_utf8(&text[start..self.at]).map_err(|_| self.error("not UTF-8"))?;
                    self.at += 1;
                    return Ok(std::borrow::Cow::Borrowed(s));
                }
                b'\\' => break,
                _ => self.at += 1,
            }
        }
        let mut owned: Vec<u8> = text[start..self.at].to_vec();
        loop {
            let Some(&b) = text.get(self.at) else { return Err(self.error("unterminated string")) };
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = text.get(self.at) else { return Err(self.error("unterminated string")) };
                    self.at += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) && text[self.at..].starts_with(b"\\u") {
                                self.at += 2;
                                let second = self.hex4()?;
                                0x10000 + ((first - 0xD800) << 10) + (second.wrapping_sub(0xDC00) & 0x3FF)
                            } else {
                                first
                            };
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(self.error("bad escape")),
                    };
                    let mut buf = [0u8; 4];
                    owned.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => owned.push(b),
            }
        }
        String::from_utf8(owned).map(std::borrow::Cow::Owned).map_err(|_| self.error("not UTF-8"))
    }

    fn hex4(&mut self) -> PyResult<u32> {
        let digits = self.text.get(self.at..self.at + 4).ok_or_else(|| self.error("bad \\u escape"))?;
        let digits = std::str::from_utf8(digits).map_err(|_| self.error("bad \\u escape"))?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| self.error("bad \\u escape"))?;
        self.at += 4;
        Ok(code)
    }
}
