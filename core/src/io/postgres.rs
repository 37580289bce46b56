//! Releases from a PostgreSQL table: one release per row in a JSON/JSONB column, read in key
//! order through a server-side portal, one batch in memory at a time (feature `postgres`).
//!
//! Capture systems of Mexican governments (the INAI tool among them) keep each release as a row
//! of a table with a JSONB column. [`Table::rows_after`] reads the rows whose key is greater than
//! the last one seen, so a publication resumes where it stopped; the key is compared with the
//! key column's own type (found in the catalog: `bigint`, `timestamp with time zone`, …), so
//! `"10" > "9"` holds for a `bigserial` and dates compare as dates.
//!
//! Names are never spliced into SQL as written: the table (optionally `schema.table`), the
//! column and the key must be identifiers of letters, digits and `_` (not starting with a digit,
//! at most 63 bytes), and are quoted, so they are matched case-sensitively, as the catalog
//! spells them.
//!
//! What a JSONB column keeps: the text read back is PostgreSQL's rendering, not the bytes that
//! were inserted. Numbers keep every digit (`0.10` stays `0.10`, `1e400`-sized values are kept
//! exactly as decimals) but exponents are expanded (`1e3` → `1000`); strings are kept exactly;
//! members are reordered (shorter keys first, then bytewise) and duplicate members are reduced to
//! the last one; whitespace is normalised. A `json` (or `text`) column returns the stored text
//! byte for byte. See `docs/notes/pg.md`.
//!
//! ```no_run
//! use edca::io::postgres::{Table, TableConfig};
//! use edca::io::Reader;
//!
//! let config = TableConfig {
//!     url: "host=/var/run/postgresql user=captura dbname=edca".into(),
//!     table: "captura.releases".into(),
//!     column: "release".into(),
//!     key: "id".into(),
//!     batch: 1000,
//! };
//! let mut table = Table::connect(&config)?;
//! let mut reader = Reader::new();
//! let last = table.rows_after(None, &mut |row| {
//!     let items = reader.read_all(row.source(&config.table))?;
//!     println!("{} items from row {}", items.len(), row.key);
//!     Ok(())
//! })?;
//! println!("resume after {last:?}");
//! # Ok::<(), edca::io::postgres::TableError>(())
//! ```

use std::io::Cursor;
use std::str::FromStr;

use postgres::config::Host;
use postgres::{Client, NoTls};

use super::{ReadError, Source};
use crate::Lang;

/// The environment variable that gives the URL when [`TableConfig::url`] is empty.
pub const URL_VARIABLE: &str = "EDCA_PG_URL";

/// Where the releases are: a table with one release per row in a JSON/JSONB column.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct TableConfig {
    /// libpq-style `"host=/tmp port=5433 user=x dbname=y"` or a `postgres://` URL; when empty
    /// (or left out of the TOML), the environment variable `EDCA_PG_URL`.
    #[serde(default)]
    pub url: String,
    /// The table, optionally schema-qualified: `"captura.releases"`.
    pub table: String,
    /// The JSON/JSONB (or text) column that holds one release.
    pub column: String,
    /// A column that grows with each new row (a `bigserial` id or a timestamp).
    pub key: String,
    /// Rows per fetch from the server (default 1000): the most rows held in memory.
    #[serde(default = "default_batch")]
    pub batch: usize,
}

fn default_batch() -> usize {
    1000
}

/// One row: its key (as PostgreSQL writes it as text) and the release's JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The key column's value, as text (`"42"`, `"2025-03-01 10:00:00+00"`).
    pub key: String,
    /// The JSON column's value, as text.
    pub json: String,
}

impl Row {
    /// The row as a reader source named `"postgres:TABLE#KEY"` (so diagnostics name the row).
    pub fn source(&self, table: &str) -> Source {
        Source {
            name: format!("postgres:{table}#{}", self.key),
            reader: Box::new(Cursor::new(self.json.clone().into_bytes())),
        }
    }
}

/// A connected table: a client and the checked, quoted names of the table, column and key.
pub struct Table {
    client: Client,
    table: String,
    batch: usize,
    /// The `SELECT` without and with the `key > $1` condition.
    all_rows: String,
    rows_after: String,
    /// The `SELECT` of [`Table::watermark`].
    watermark: String,
}

/// What [`Table::watermark`] reads: the largest key and the number of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watermark {
    /// The largest key, as text (None: an empty table).
    pub last_key: Option<String>,
    /// Rows in the table.
    pub rows: i64,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("table", &self.table).field("batch", &self.batch).finish_non_exhaustive()
    }
}

/// What went wrong reading a table (each with a stable [`code`](TableError::code)).
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// No URL: `url` is empty and `EDCA_PG_URL` is not set, or the URL cannot be parsed.
    #[error("postgres: bad connection URL: {reason}")]
    Url {
        /// What is wrong.
        reason: String,
    },
    /// The server could not be reached or refused the connection.
    #[error("postgres: cannot connect to {target}: {reason}")]
    Connect {
        /// Host, port, database and user (never the password).
        target: String,
        /// The client's or server's reason.
        reason: String,
    },
    /// A table, column or key name that is not a plain identifier (it is never sent).
    #[error("postgres: the {what} name \"{name}\" is not a valid identifier")]
    Identifier {
        /// `table`, `column` or `key`.
        what: &'static str,
        /// The name as configured.
        name: String,
    },
    /// The batch size is 0 or too large.
    #[error("postgres: batch must be between 1 and {max}, not {batch}")]
    Batch {
        /// The configured size.
        batch: usize,
        /// The largest accepted.
        max: usize,
    },
    /// The table does not exist (or is not visible to this user).
    #[error("postgres: table {table} does not exist")]
    NoTable {
        /// The table as configured.
        table: String,
    },
    /// The table has no such column.
    #[error("postgres: table {table} has no column {column}")]
    NoColumn {
        /// The table as configured.
        table: String,
        /// The missing column.
        column: String,
    },
    /// The release column is not `json`, `jsonb` or text.
    #[error("postgres: column {table}.{column} is {found}, not json, jsonb or text")]
    ColumnType {
        /// The table as configured.
        table: String,
        /// The column.
        column: String,
        /// Its type.
        found: String,
    },
    /// A row whose key or release is NULL.
    #[error("postgres: {table}: a row has a NULL {what} (key {key})")]
    Null {
        /// The table as configured.
        table: String,
        /// `key` or the release column's name.
        what: String,
        /// The row's key (`NULL` when the key itself is NULL).
        key: String,
    },
    /// A query failed (including a resume key that is not a value of the key's type).
    #[error("postgres: query on {table} failed: {reason}")]
    Query {
        /// The table as configured.
        table: String,
        /// The server's message (with its SQLSTATE).
        reason: String,
    },
    /// The consumer of the rows could not read one (the reader's error names the row).
    #[error(transparent)]
    Read(#[from] ReadError),
}

impl TableError {
    /// The stable code: `postgres.url`, `postgres.connect`, `postgres.identifier`,
    /// `postgres.batch`, `postgres.table`, `postgres.column`, `postgres.column_type`,
    /// `postgres.null`, `postgres.query`, or the reader's code (`read.shape`…).
    pub fn code(&self) -> &'static str {
        match self {
            TableError::Url { .. } => "postgres.url",
            TableError::Connect { .. } => "postgres.connect",
            TableError::Identifier { .. } => "postgres.identifier",
            TableError::Batch { .. } => "postgres.batch",
            TableError::NoTable { .. } => "postgres.table",
            TableError::NoColumn { .. } => "postgres.column",
            TableError::ColumnType { .. } => "postgres.column_type",
            TableError::Null { .. } => "postgres.null",
            TableError::Query { .. } => "postgres.query",
            TableError::Read(error) => error.code(),
        }
    }

    /// The message in Spanish or English, naming the table, column or row.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TableError::Read(error), _) => error.message(lang),
            (_, Lang::En) => self.to_string(),
            (TableError::Url { reason }, Lang::Es) => {
                format!("postgres: URL de conexión no válida: {reason}")
            }
            (TableError::Connect { target, reason }, Lang::Es) => {
                format!("postgres: no se puede conectar con {target}: {reason}")
            }
            (TableError::Identifier { what, name }, Lang::Es) => {
                let what = match *what {
                    "table" => "de la tabla",
                    "column" => "de la columna",
                    _ => "de la clave",
                };
                format!("postgres: el nombre {what} \"{name}\" no es un identificador válido")
            }
            (TableError::Batch { batch, max }, Lang::Es) => {
                format!("postgres: batch debe estar entre 1 y {max}, no {batch}")
            }
            (TableError::NoTable { table }, Lang::Es) => format!("postgres: la tabla {table} no existe"),
            (TableError::NoColumn { table, column }, Lang::Es) => {
                format!("postgres: la tabla {table} no tiene la columna {column}")
            }
            (TableError::ColumnType { table, column, found }, Lang::Es) => {
                format!("postgres: la columna {table}.{column} es {found}, no json, jsonb ni texto")
            }
            (TableError::Null { table, what, key }, Lang::Es) => {
                format!("postgres: {table}: una fila tiene {what} NULL (clave {key})")
            }
            (TableError::Query { table, reason }, Lang::Es) => {
                format!("postgres: falló la consulta sobre {table}: {reason}")
            }
        }
    }
}

/// The largest batch (the protocol's row limit is an `i32`).
const MAX_BATCH: usize = i32::MAX as usize;

impl Table {
    /// Checks the names, connects (without TLS), and checks in the catalog that the table and
    /// both columns exist and that the release column is `json`, `jsonb` or text.
    pub fn connect(config: &TableConfig) -> Result<Table, TableError> {
        let table_sql = quote_table(&config.table)?;
        let column_sql = quote_identifier("column", &config.column)?;
        let key_sql = quote_identifier("key", &config.key)?;
        if config.batch == 0 || config.batch > MAX_BATCH {
            return Err(TableError::Batch { batch: config.batch, max: MAX_BATCH });
        }
        let url = if config.url.trim().is_empty() {
            std::env::var(URL_VARIABLE).map_err(|_| TableError::Url {
                reason: format!("no url in the configuration and {URL_VARIABLE} is not set"),
            })?
        } else {
            config.url.clone()
        };
        let mut pg = postgres::Config::from_str(&url).map_err(|e| TableError::Url { reason: e.to_string() })?;
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(std::time::Duration::from_secs(10));
        }
        if pg.get_application_name().is_none() {
            pg.application_name("edca");
        }
        let mut client =
            pg.connect(NoTls).map_err(|e| TableError::Connect { target: describe(&pg), reason: reason(&e) })?;

        let query_error = |e: postgres::Error| TableError::Query { table: config.table.clone(), reason: reason(&e) };
        let exists = client
            .query_one("SELECT to_regclass($1::text) IS NOT NULL", &[&table_sql])
            .map_err(query_error)?
            .get::<_, bool>(0);
        if !exists {
            return Err(TableError::NoTable { table: config.table.clone() });
        }
        let column_type = |client: &mut Client, name: &str| -> Result<Option<(String, String)>, TableError> {
            let rows = client
                .query(
                    "SELECT format_type(a.atttypid, a.atttypmod), t.typname::text \
                     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
                     WHERE a.attrelid = to_regclass($1::text) AND a.attnum > 0 \
                       AND NOT a.attisdropped AND a.attname = $2::text",
                    &[&table_sql, &name],
                )
                .map_err(query_error)?;
            Ok(rows.first().map(|row| (row.get(0), row.get(1))))
        };
        let Some((json_format, json_type)) = column_type(&mut client, &config.column)? else {
            return Err(TableError::NoColumn { table: config.table.clone(), column: config.column.clone() });
        };
        if !matches!(json_type.as_str(), "json" | "jsonb" | "text" | "varchar") {
            return Err(TableError::ColumnType {
                table: config.table.clone(),
                column: config.column.clone(),
                found: json_format,
            });
        }
        let Some((key_type, _)) = column_type(&mut client, &config.key)? else {
            return Err(TableError::NoColumn { table: config.table.clone(), column: config.key.clone() });
        };
        // `key_type` comes from the server's `format_type`, which quotes what needs quoting.
        // ORDER BY names the table's column (qualified), not the text output of the same name.
        let select = format!("SELECT {key_sql}::text, {column_sql}::text FROM {table_sql} AS edca_rows");
        let order = format!("ORDER BY edca_rows.{key_sql}");
        Ok(Table {
            client,
            table: config.table.clone(),
            batch: config.batch,
            all_rows: format!("{select} {order}"),
            rows_after: format!("{select} WHERE edca_rows.{key_sql} > CAST($1::text AS {key_type}) {order}"),
            watermark: format!("SELECT max(edca_rows.{key_sql})::text, count(*) FROM {table_sql} AS edca_rows"),
        })
    }

    /// The largest key and the row count, in one query that reads no release (an index on the
    /// key answers the `max`): what `edca publish --watch` polls. A new row, a deleted one or a
    /// changed key moves it; a release rewritten in place under the same key does not (OCDS
    /// releases are never rewritten: a change is a new release, so a new row).
    pub fn watermark(&mut self) -> Result<Watermark, TableError> {
        let row = self
            .client
            .query_one(self.watermark.as_str(), &[])
            .map_err(|e| TableError::Query { table: self.table.clone(), reason: reason(&e) })?;
        Ok(Watermark { last_key: row.get(0), rows: row.get(1) })
    }

    /// Rows with key > `after` (every row when None) in key order, through a server-side cursor
    /// of `batch` rows (memory holds one batch). Returns the last key seen (None: no rows).
    ///
    /// Runs in one read-only transaction, so the rows are one snapshot of the table. A row with a
    /// NULL key or release is an error ([`TableError::Null`]); so is an `after` that is not a
    /// value of the key's type ([`TableError::Query`]). An error from `each` stops the reading
    /// and is returned.
    pub fn rows_after(
        &mut self,
        after: Option<&str>,
        each: &mut dyn FnMut(Row) -> Result<(), TableError>,
    ) -> Result<Option<String>, TableError> {
        let table = self.table.clone();
        let query_error = |e: postgres::Error| TableError::Query { table: table.clone(), reason: reason(&e) };
        let mut transaction = self.client.build_transaction().read_only(true).start().map_err(query_error)?;
        let portal = match after {
            Some(after) => transaction.bind(self.rows_after.as_str(), &[&after]),
            None => transaction.bind(self.all_rows.as_str(), &[]),
        }
        .map_err(query_error)?;
        let mut last = None;
        loop {
            let rows = transaction.query_portal(&portal, self.batch as i32).map_err(query_error)?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let key: Option<String> = row.try_get(0).map_err(query_error)?;
                let json: Option<String> = row.try_get(1).map_err(query_error)?;
                let Some(key) = key else {
                    return Err(TableError::Null { table: self.table.clone(), what: "key".into(), key: "NULL".into() });
                };
                let Some(json) = json else {
                    return Err(TableError::Null { table: self.table.clone(), what: "release".into(), key });
                };
                last = Some(key.clone());
                each(Row { key, json })?;
            }
        }
        transaction.commit().map_err(query_error)?;
        Ok(last)
    }

    /// The table as configured (`"captura.releases"`), as [`Row::source`] wants it.
    pub fn name(&self) -> &str {
        &self.table
    }
}

/// Quotes a plain identifier: letters, digits and `_`, not starting with a digit, 1 to 63 bytes.
fn quote_identifier(what: &'static str, name: &str) -> Result<String, TableError> {
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && name.len() <= 63;
    if !plain {
        return Err(TableError::Identifier { what, name: name.to_owned() });
    }
    Ok(format!("\"{name}\""))
}

/// Quotes `table` or `schema.table`.
fn quote_table(name: &str) -> Result<String, TableError> {
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() > 2 {
        return Err(TableError::Identifier { what: "table", name: name.to_owned() });
    }
    let quoted = parts
        .iter()
        .map(|part| {
            quote_identifier("table", part).map_err(|_| TableError::Identifier { what: "table", name: name.to_owned() })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(quoted.join("."))
}

/// Host, port, database and user of a configuration, for messages (never the password).
fn describe(config: &postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|host| match host {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
    let mut out = format!("host={}", if hosts.is_empty() { "localhost".into() } else { hosts.join(",") });
    if !ports.is_empty() {
        out.push_str(&format!(" port={}", ports.join(",")));
    }
    if let Some(db) = config.get_dbname() {
        out.push_str(&format!(" dbname={db}"));
    }
    if let Some(user) = config.get_user() {
        out.push_str(&format!(" user={user}"));
    }
    out
}

/// The server's message and SQLSTATE when there is one, else the client's error.
fn reason(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                text.push_str(": ");
                text.push_str(&inner.to_string());
                source = inner.source();
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_identifiers_are_quoted() {
        assert_eq!(quote_table("captura.releases").unwrap(), "\"captura\".\"releases\"");
        assert_eq!(quote_table("Entregas_2025").unwrap(), "\"Entregas_2025\"");
        assert_eq!(quote_identifier("column", "año").unwrap(), "\"año\"");
    }

    #[test]
    fn anything_else_is_rejected_before_connecting() {
        for name in
            ["releases; DROP TABLE x", "a\"b", "a.b.c", "", ".x", "x.", "1abc", "with space", "x--", &"a".repeat(64)]
        {
            let error = quote_table(name).unwrap_err();
            assert_eq!(error.code(), "postgres.identifier", "{name}");
            assert!(error.message(Lang::Es).contains("no es un identificador"), "{name}");
        }
        let config = TableConfig {
            url: "host=/nonexistent".into(),
            table: "ok".into(),
            column: "doc".into(),
            key: "id) OR (1=1".into(),
            batch: 10,
        };
        let error = Table::connect(&config).unwrap_err();
        assert_eq!(error.code(), "postgres.identifier");
        assert!(error.message(Lang::En).contains("key name"));
    }

    #[test]
    fn batch_zero_and_bad_urls_are_typed_errors() {
        let mut config =
            TableConfig { url: "host=/x".into(), table: "t".into(), column: "c".into(), key: "k".into(), batch: 0 };
        assert_eq!(Table::connect(&config).unwrap_err().code(), "postgres.batch");
        config.batch = 5;
        config.url = "postgres://[".into();
        assert_eq!(Table::connect(&config).unwrap_err().code(), "postgres.url");
    }

    #[test]
    fn a_row_is_a_source_named_after_table_and_key() {
        let row = Row { key: "42".into(), json: "{}".into() };
        assert_eq!(row.source("captura.releases").name(), "postgres:captura.releases#42");
    }

    #[test]
    fn toml_batch_defaults_to_1000_and_url_may_be_left_out() {
        let config: TableConfig = toml::from_str("table = \"t\"\ncolumn = \"c\"\nkey = \"k\"").unwrap();
        assert_eq!((config.batch, config.url.as_str()), (1000, ""));
    }
}
