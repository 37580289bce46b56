//! Tables for analysts: Arrow record batches that cross into pandas, polars, pyarrow or DuckDB
//! through the Arrow PyCapsule interface (`__arrow_c_stream__`), without copying the columns.

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{ArrayRef, BooleanArray, Float64Array, RecordBatch, RecordBatchIterator, StringArray, UInt64Array};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use pyo3::exceptions::{PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use std::sync::Arc;

/// One column while it is being filled.
pub enum Column {
    Text(Vec<Option<String>>),
    Float(Vec<Option<f64>>),
    Count(Vec<u64>),
    Bool(Vec<Option<bool>>),
}

/// A table of named columns, built row by row in core's order.
pub struct Builder {
    pub names: Vec<String>,
    pub columns: Vec<Column>,
}

impl Builder {
    pub fn new(columns: Vec<(&'static str, Column)>) -> Builder {
        Builder::named(columns.into_iter().map(|(name, column)| (name.to_owned(), column)).collect())
    }

    /// Columns whose names come from the data (a flattened table's headers).
    pub fn named(columns: Vec<(String, Column)>) -> Builder {
        let (names, columns) = columns.into_iter().unzip();
        Builder { names, columns }
    }

    pub fn finish(self) -> Result<RecordBatch, ArrowError> {
        let mut fields = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        for (name, column) in self.names.into_iter().zip(self.columns) {
            match column {
                Column::Text(values) => {
                    let nullable = values.iter().any(Option::is_none);
                    fields.push(Field::new(name, DataType::Utf8, nullable));
                    arrays.push(Arc::new(StringArray::from(values)));
                }
                Column::Float(values) => {
                    fields.push(Field::new(name, DataType::Float64, true));
                    arrays.push(Arc::new(Float64Array::from(values)));
                }
                Column::Count(values) => {
                    fields.push(Field::new(name, DataType::UInt64, false));
                    arrays.push(Arc::new(UInt64Array::from(values)));
                }
                Column::Bool(values) => {
                    fields.push(Field::new(name, DataType::Boolean, true));
                    arrays.push(Arc::new(BooleanArray::from(values)));
                }
            }
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
    }
}

/// A table: read it with `pyarrow.table(t)`, `polars.DataFrame(t)`, `duckdb.sql("… from t")`,
/// or `t.to_pandas()` / `t.to_polars()`.
#[pyclass(module = "edca", frozen, name = "Table")]
pub struct Table {
    batch: RecordBatch,
}

impl Table {
    pub fn new(batch: RecordBatch) -> Table {
        Table { batch }
    }
}

#[pymethods]
impl Table {
    /// The Arrow PyCapsule interface: one stream of one record batch. `requested_schema` is
    /// accepted and ignored (the columns have one type each), as the interface allows.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let schema = self.batch.schema();
        let batches = RecordBatchIterator::new(vec![Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(batches));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// Number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.batch.schema().fields().iter().map(|f| f.name().clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!("<edca.Table {} rows × {}>", self.batch.num_rows(), self.column_names().join(", "))
    }

    /// The columns as a dict of lists (no third-party package needed).
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (field, array) in self.batch.schema().fields().iter().zip(self.batch.columns()) {
            let list = PyList::empty(py);
            if let Some(text) = array.as_any().downcast_ref::<StringArray>() {
                for value in text.iter() {
                    list.append(value)?;
                }
            } else if let Some(floats) = array.as_any().downcast_ref::<Float64Array>() {
                for value in floats.iter() {
                    list.append(value)?;
                }
            } else if let Some(counts) = array.as_any().downcast_ref::<UInt64Array>() {
                for value in counts.iter() {
                    list.append(value)?;
                }
            } else if let Some(flags) = array.as_any().downcast_ref::<BooleanArray>() {
                for value in flags.iter() {
                    list.append(value)?;
                }
            } else {
                return Err(PyValueError::new_err(format!("column {}: unexpected type", field.name())));
            }
            dict.set_item(field.name(), list)?;
        }
        Ok(dict)
    }

    /// A `pandas.DataFrame` (through pyarrow when it is installed, else from the columns).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        if let Ok(pyarrow) = py.import("pyarrow") {
            return pyarrow.call_method1("table", (slf,))?.call_method0("to_pandas");
        }
        let pandas = py.import("pandas").map_err(|_| PyImportError::new_err("to_pandas() needs pandas installed"))?;
        pandas.call_method1("DataFrame", (slf.borrow().to_pydict(py)?,))
    }

    /// A `polars.DataFrame`, read through the Arrow PyCapsule interface.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let polars = py.import("polars").map_err(|_| PyImportError::new_err("to_polars() needs polars installed"))?;
        polars.call_method1("DataFrame", (slf,))
    }
}
