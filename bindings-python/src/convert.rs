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
