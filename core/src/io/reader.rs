//! The reading loop: one JSON value after another, each line parsed whole when it holds a
//! whole value (JSON lines, the fast path), otherwise streamed from the input (pretty-printed
//! or very long packages), so memory does not grow with the input.

use super::error::{ReadError, ReadErrorKind};
use super::item::{Item, PackageId};
use super::scan::{Balance, Fed, Position, Scanner};
use super::shape::{Emitter, TopSeed};
use super::source::Source;
use rayon::prelude::*;
use serde::de::DeserializeSeed;

/// Lines longer than this are streamed rather than read whole.
const DEFAULT_LINE_LIMIT: usize = 16 << 20;

/// Reads OCDS data from one or more sources, handing out [`Item`]s as they are read.
///
/// Accepts release packages, record packages, releases, records, JSON arrays of any of these,
/// and JSON lines or concatenated JSON of any of these; gzip is detected. Package ids are unique
/// across every source read by the same reader.
#[derive(Debug)]
pub struct Reader {
    next_package: PackageId,
    line_limit: usize,
}

impl Default for Reader {
    fn default() -> Self {
        Reader { next_package: 0, line_limit: DEFAULT_LINE_LIMIT }
    }
}

/// What one call to [`Reader::read`] saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Top-level JSON values.
    pub values: u64,
}

impl Reader {
    /// A reader with default settings.
    pub fn new() -> Self {
        Reader::default()
    }

    /// Lines longer than `limit` bytes are streamed instead of parsed whole (default 16 MiB).
    pub fn with_line_limit(mut self, limit: usize) -> Self {
        self.line_limit = limit.max(1);
        self
    }

    /// Reads every value of `source`, calling `on_item` for each release, record and package,
    /// in input order. An error from `on_item` stops the reading and is returned as is.
    ///
    /// An input with no JSON value at all is an error ([`ReadErrorKind::Empty`]).
    pub fn read(
        &mut self,
        source: Source,
        mut on_item: impl FnMut(Item) -> Result<(), ReadError>,
    ) -> Result<ReadSummary, ReadError> {
        self.read_with(source, |_| None::<()>, |item, _| on_item(item))
    }

    /// [`read`](Self::read), with a `prepare` step run on each item where it is parsed — in
    /// parallel for values read whole — before `on_item` gets the item and what `prepare`
    /// returned, in input order. Heavy per-item work (serializing, extracting keys, dropping
    /// what is not needed: `prepare` may change the item) then scales with the cores. Package
    /// ids are not final inside `prepare`.
    pub fn read_with<T: Send>(
        &mut self,
        mut source: Source,
        prepare: impl Fn(&mut Item) -> Option<T> + Sync,
        mut on_item: impl FnMut(Item, Option<T>) -> Result<(), ReadError>,
    ) -> Result<ReadSummary, ReadError> {
        let name = source.name.clone();
        let mut scanner = Scanner::new(&mut *source.reader);
        let mut summary = ReadSummary::default();
        let mut batch = Batch::default();
        loop {
            let more = scanner.skip_whitespace().map_err(|e| ReadError::io(&name, e))?;
            if !more {
                break;
            }
            let start = scanner.position;
            let (text, whole, rest) = self.take_value(&mut scanner).map_err(|e| ReadError::io(&name, e))?;
            summary.values += 1;
            if whole {
                scanner.passed(&text);
                if let Some(rest) = rest {
                    let at = scanner.position;
                    scanner.unread(rest, at);
                }
                batch.bytes += text.len();
                batch.values.push((text, start));
                if batch.bytes >= BATCH_BYTES {
                    self.flush(&name, &mut batch, &prepare, &mut on_item)?;
                }
                continue;
            }
            self.flush(&name, &mut batch, &prepare, &mut on_item)?;
            scanner.unread(text, start);
            let mut prepared = |mut item: Item| {
                let extra = prepare(&mut item);
                on_item(item, extra)
            };
            let mut emitter = Emitter::new(&name, start, &mut prepared, &mut self.next_package);
            let mut de = serde_json::Deserializer::from_reader(&mut scanner);
            if let Err(error) = (TopSeed { emitter: &mut emitter, nested: false }).deserialize(&mut de) {
                return Err(locate(&name, error, emitter, start));
            }
        }
        self.flush(&name, &mut batch, &prepare, &mut on_item)?;
        if summary.values == 0 {
            return Err(ReadError::new(ReadErrorKind::Empty, &name, "no JSON value: the input is empty"));
        }
        Ok(summary)
    }

    /// Parses the values of a batch in parallel, then hands out their items in input order
    /// (package ids numbered as if read one by one).
    fn flush<T: Send>(
        &mut self,
        name: &str,
        batch: &mut Batch,
        prepare: &(impl Fn(&mut Item) -> Option<T> + Sync),
        on_item: &mut impl FnMut(Item, Option<T>) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let parsed: Vec<_> = if batch.values.len() > 1 {
            batch.values.par_iter().map(|(text, start)| parse_whole(name, text, *start, prepare)).collect()
        } else {
            batch.values.iter().map(|(text, start)| parse_whole(name, text, *start, prepare)).collect()
        };
        batch.values.clear();
        batch.bytes = 0;
        for result in parsed {
            let (items, packages) = match result {
                Ok(parsed) => parsed,
                Err(error) if error.kind == ReadErrorKind::Consumer => return Err(error),
                Err(error) => {
                    // The value cannot be read: skipped, with where and why; the next one is read.
                    on_item(Item::Skipped(error), None)?;
                    continue;
                }
            };
            let base = self.next_package;
            self.next_package = self.next_package.wrapping_add(packages);
            for (item, extra) in items {
                on_item(renumber(item, base), extra)?;
            }
        }
        Ok(())
    }

    /// Takes the lines that hold the next value, if it ends within the line limit (then it is
    /// parsed from memory: the fast path; when another value follows on the same line, that
    /// rest is returned, to be given back). Otherwise the flag is false and the bytes must be
    /// given back and the value streamed.
    fn take_value(&self, scanner: &mut Scanner) -> std::io::Result<(Vec<u8>, bool, Option<Vec<u8>>)> {
        let mut balance = Balance::default();
        let mut text = Vec::new();
        loop {
            let room = self.line_limit.saturating_sub(text.len());
            let (line, ended) = scanner.take_line(room.max(1))?;
            let at_end = line.is_empty();
            let fed = balance.feed(&line);
            let offset = text.len();
            text.extend_from_slice(&line);
            match fed {
                Fed::Closed => return Ok((text, true, None)),
                Fed::Other => {
                    if let Some(end) = balance.end {
                        // Concatenated values on one line: this one is whole, the rest follows.
                        let rest = text.split_off(offset + end);
                        return Ok((text, true, Some(rest)));
                    }
                    let whole = ended && !at_end && is_one_line_scalar(&text);
                    return Ok((text, whole, None));
                }
                Fed::Open if at_end || !ended || text.len() >= self.line_limit => {
                    return Ok((text, false, None));
                }
                Fed::Open => {}
            }
        }
    }

    /// Reads a whole source and collects its items (convenient for small inputs and tests).
    pub fn read_all(&mut self, source: Source) -> Result<Vec<Item>, ReadError> {
        let mut items = Vec::new();
        self.read(source, |item| {
            items.push(item);
            Ok(())
        })?;
        Ok(items)
    }
}

/// Values that fit in memory, waiting to be parsed together.
#[derive(Default)]
struct Batch {
    values: Vec<(Vec<u8>, Position)>,
    bytes: usize,
}

/// Bytes of whole values parsed together, in parallel.
const BATCH_BYTES: usize = 1 << 20;

/// The items of one value with what `prepare` made of each, and how many packages it held.
type Parsed<T> = (Vec<(Item, Option<T>)>, PackageId);

/// Parses one value held in memory; its packages are numbered from 0.
fn parse_whole<T>(
    name: &str,
    text: &[u8],
    start: Position,
    prepare: &impl Fn(&mut Item) -> Option<T>,
) -> Result<Parsed<T>, ReadError> {
    let mut items = Vec::new();
    let mut packages = 0;
    let mut collect = |mut item| {
        let extra = prepare(&mut item);
        items.push((item, extra));
        Ok(())
    };
    let mut emitter = Emitter::new(name, start, &mut collect, &mut packages);
    let mut de = serde_json::Deserializer::from_slice(text);
    let parsed = (TopSeed { emitter: &mut emitter, nested: false }).deserialize(&mut de).and_then(|()| de.end());
    if let Err(error) = parsed {
        return Err(locate(name, error, emitter, start));
    }
    drop(emitter);
    Ok((items, packages))
}

/// Shifts the package ids of an item parsed on its own by `base`.
fn renumber(item: Item, base: PackageId) -> Item {
    match item {
        Item::Release { release, package, at } => Item::Release { release, package: package.map(|p| p + base), at },
        Item::Record { record, package, at } => Item::Record { record, package: package.map(|p| p + base), at },
        Item::Package(mut package) => {
            package.id += base;
            Item::Package(package)
        }
        other => other,
    }
}

/// Turns a parser error into a [`ReadError`] with an absolute line and column.
fn locate(name: &str, error: serde_json::Error, emitter: Emitter, start: Position) -> ReadError {
    let line = start.line + (error.line() as u64).saturating_sub(1);
    let column = if error.line() <= 1 {
        start.column + (error.column() as u64).saturating_sub(1)
    } else {
        error.column() as u64
    };
    if let Some(failure) = emitter.failure {
        if let Some(consumer) = failure.consumer {
            return consumer;
        }
        return ReadError::new(failure.kind, name, failure.reason).at(line, column, failure.pointer);
    }
    let pointer = super::pointer::render(&emitter.path);
    let message = error.to_string();
    let reason = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => &message,
    };
    let (kind, reason) = match error.classify() {
        serde_json::error::Category::Io => (ReadErrorKind::Io, reason.to_owned()),
        serde_json::error::Category::Eof => {
            (ReadErrorKind::Syntax, format!("{reason}: the JSON ends before the value is complete (truncated?)"))
        }
        _ if reason.contains("recursion limit") => {
            (ReadErrorKind::TooDeep, "nested more than 128 levels deep".to_owned())
        }
        _ if reason.contains("number out of range") => (ReadErrorKind::NumberOutOfRange, reason.to_owned()),
        _ => (ReadErrorKind::Syntax, reason.to_owned()),
    };
    ReadError::new(kind, name, reason).at(line, column, pointer)
}

/// A line holding one scalar (which the parser then rejects with a clear message): no bracket
/// opens the value.
fn is_one_line_scalar(text: &[u8]) -> bool {
    text.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| !matches!(b, b'{' | b'['))
}
