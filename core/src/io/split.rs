//! Reading one large value on every core: a structural scan (bytes only: strings, escapes,
//! depth; no tree) finds where each element of a package's `releases` / `records`, or of a
//! top-level array, starts and ends, while the input is read in chunks; elements are gathered
//! into batches of about 1 MiB and each batch is parsed in parallel, its items handed out in
//! input order. The package's other members are parsed one by one as they come (before or after
//! the array). Memory holds one chunk and one batch, whatever the size of the input.
//!
//! Each element is parsed by the same parser as the rest of the reader (serde_json with
//! arbitrary precision and member order), so values are exactly those of the streaming path;
//! the scan also knows each element's line, column and depth, so items carry their position and
//! the 128-level limit holds as if the whole value were parsed at once. An element that cannot
//! be parsed is [`Item::Skipped`]; the scan goes on after its end. Only a structure that cannot
//! be followed (truncated, unbalanced, junk between elements) is fatal.

use super::error::{ReadError, ReadErrorKind, ReadWarning, ReadWarningKind, shorten_quoted};
use super::item::{Item, Location, Package, PackageId, PackageKind};
use super::light::{Found, check};
use super::numbers::out_of_range;
use super::pointer::{Segment, escape_into, render};
use super::reader::{RawHook, RawRelease};
use super::reader::{TRUNCATED, locate, parser_error};
use super::scan::{Position, Scanner};
use super::shape::{Emitter, PACKAGE_MEMBERS, TopSeed, type_name};
use super::value::{Duplicates, Frame, ValueSeed};
use rayon::prelude::*;
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

/// Bytes read from the input at a time.
const CHUNK: usize = 1 << 20;
/// Bytes of elements parsed together.
const BATCH: usize = 1 << 20;
/// serde_json refuses to open the 128th nested array or object; so does the scan, counting
/// from the top of the value.
const DEPTH_LIMIT: usize = 128;

/// What an element of a batch is.
#[derive(Clone, Copy)]
enum Role {
    /// An element of a package's `releases` or `records`.
    Member(PackageKind, PackageId),
    /// An element of a top-level array: classified like a value of its own.
    Top,
}

/// An element found by the scan: its bytes in the batch, where it starts, and where it goes
/// over the depth limit, if it does (an offset in its bytes).
struct Element {
    start: usize,
    end: usize,
    at: Position,
    pointer: String,
    role: Role,
    too_deep: Option<usize>,
}

#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    elements: Vec<Element>,
}

/// The result of a structural scan of one value at the start of the window.
struct Scanned {
    len: usize,
    too_deep: Option<usize>,
}

/// The parallel reader of one top-level value.
pub(crate) struct Split<'s, 'r, 'f, T, P, F> {
    pub name: &'f str,
    src: &'s mut Scanner<'r>,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// Position of `buf[pos]`.
    at: Position,
    batch: Batch,
    prepare: &'f P,
    raw: Option<&'f RawHook<'f, T>>,
    on_item: &'f mut F,
    next_package: &'f mut PackageId,
    _t: std::marker::PhantomData<T>,
}

/// What is known of an object while its members are read.
#[derive(Default)]
struct Object {
    members: Map<String, Value>,
    has_ocid: bool,
    package_like: bool,
    package: Option<PackageId>,
    streamed: Option<(PackageKind, usize)>,
    /// `releases` read before the object could be told apart: raw elements, kept as bytes
    /// (smaller than values) until the object ends.
    deferred: Option<Batch>,
    wrapper: bool,
}

impl<'s, 'r, 'f, T, P, F> Split<'s, 'r, 'f, T, P, F>
where
    T: Send,
    P: Fn(&mut Item) -> Option<T> + Sync,
    F: FnMut(Item, Option<T>) -> Result<(), ReadError>,
{
    pub fn new(
        name: &'f str,
        src: &'s mut Scanner<'r>,
        prepare: &'f P,
        raw: Option<&'f RawHook<'f, T>>,
        on_item: &'f mut F,
        next_package: &'f mut PackageId,
    ) -> Self {
        let at = src.position;
        Split {
            name,
            src,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            at,
            batch: Batch::default(),
            prepare,
            raw,
            on_item,
            next_package,
            _t: std::marker::PhantomData,
        }
    }

    /// Reads the value that starts at the scanner's position (an object or an array), then
    /// gives back to the scanner what follows it.
    pub fn run(mut self) -> Result<(), ReadError> {
        let outcome = match self.peek()? {
            Some(b'{') => self.object("", true).map(|_| ()),
            Some(b'[') => self.top_array(),
            _ => Err(self.error(ReadErrorKind::Syntax, "expected value")),
        };
        let flushed = match outcome {
            Ok(()) => self.flush(),
            Err(error) if error.kind == ReadErrorKind::Consumer => return Err(error),
            Err(error) => {
                // Every item before the failure is handed out first.
                self.flush()?;
                return Err(error);
            }
        };
        let rest = self.buf.split_off(self.pos);
        self.src.unread(rest, self.at);
        flushed
    }

    // --- the window over the input -------------------------------------------------------

    /// Reads more input into the window. Returns false at the end of the input.
    fn more(&mut self) -> Result<bool, ReadError> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 && self.pos * 2 >= self.buf.len() {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let got = self.src.take_chunk(&mut self.buf, CHUNK).map_err(|e| ReadError::io(self.name, e))?;
        if got == 0 {
            self.eof = true;
        }
        Ok(got > 0)
    }

    /// Moves past `n` bytes, following lines and columns.
    fn advance(&mut self, n: usize) {
        self.at = position_after(self.at, &self.buf[self.pos..self.pos + n]);
        self.pos += n;
    }

    /// The next byte that is not whitespace (moved to), or `None` at the end of the input.
    fn peek(&mut self) -> Result<Option<u8>, ReadError> {
        loop {
            let rest = &self.buf[self.pos..];
            match rest.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                Some(n) => {
                    self.advance(n);
                    return Ok(Some(self.buf[self.pos]));
                }
                None => {
                    let n = rest.len();
                    self.advance(n);
                    if !self.more()? {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Finds the end of the value at `buf[pos]` (not whitespace) without parsing it; `depth`
    /// is how many arrays and objects enclose it.
    fn scan(&mut self, depth: usize) -> Result<Scanned, ReadError> {
        let first = self.buf[self.pos];
        let mut k = 1;
        if !matches!(first, b'{' | b'[' | b'"') {
            // A scalar ends before `,`, `]`, `}` or whitespace (the parser judges its text).
            loop {
                let rest = &self.buf[self.pos + k..];
                match rest.iter().position(|b| matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')) {
                    Some(n) => return Ok(Scanned { len: k + n, too_deep: None }),
                    None => {
                        k += rest.len();
                        if !self.more()? {
                            return Ok(Scanned { len: k, too_deep: None });
                        }
                    }
                }
            }
        }
        let mut level = usize::from(first != b'"');
        let mut in_string = first == b'"';
        let mut too_deep = (depth + level >= DEPTH_LIMIT).then_some(0);
        loop {
            let rest = &self.buf[self.pos + k..];
            if rest.is_empty() {
                if !self.more()? {
                    return Err(self.truncated(k, if in_string { "string" } else { "value" }));
                }
                continue;
            }
            if in_string {
                match memchr::memchr2(b'"', b'\\', rest) {
                    Some(n) if rest[n] == b'"' => {
                        k += n + 1;
                        in_string = false;
                        if level == 0 {
                            return Ok(Scanned { len: k, too_deep });
                        }
                    }
                    Some(n) => {
                        // An escape: skip the backslash and the byte it escapes.
                        if n + 1 >= rest.len() {
                            k += n;
                            if !self.more()? {
                                return Err(self.truncated(k, "string"));
                            }
                            continue;
                        }
                        k += n + 2;
                    }
                    None => k += rest.len(),
                }
                continue;
            }
            // The next quote or opening byte; a closing byte before it may end the value.
            let next = memchr::memchr3(b'"', b'{', b'[', rest);
            let upto = next.unwrap_or(rest.len());
            if let Some(close) = closes(&rest[..upto], &mut level) {
                return Ok(Scanned { len: k + close + 1, too_deep });
            }
            let opening = next.map(|n| rest[n]);
            k += upto;
            match opening {
                None => {}
                Some(b'"') => {
                    in_string = true;
                    k += 1;
                }
                Some(_) => {
                    level += 1;
                    if too_deep.is_none() && depth + level >= DEPTH_LIMIT {
                        too_deep = Some(k);
                    }
                    k += 1;
                }
            }
        }
    }

    /// A fatal error at `buf[pos + k]`: the input ends inside a value.
    fn truncated(&self, k: usize, what: &str) -> ReadError {
        let at = position_after(self.at, &self.buf[self.pos..self.pos + k]);
        ReadError::new(ReadErrorKind::Syntax, self.name, format!("EOF while parsing a {what}{TRUNCATED}"))
            .at(at.line, at.column, "")
    }

    /// A fatal error at the current byte.
    fn error(&self, kind: ReadErrorKind, reason: &str) -> ReadError {
        ReadError::new(kind, self.name, reason).at(self.at.line, self.at.column, "")
    }

    /// The end of the input where more was expected.
    fn eof_in(&self, what: &str) -> ReadError {
        self.error(ReadErrorKind::Syntax, &format!("EOF while parsing {what}{TRUNCATED}"))
    }

    // --- handing out items -----------------------------------------------------------------

    /// Hands out an item made on this thread, after the batch before it.
    fn emit(&mut self, mut item: Item) -> Result<(), ReadError> {
        self.flush()?;
        let extra = (self.prepare)(&mut item);
        (self.on_item)(item, extra)
    }

    fn warn_duplicates(&mut self, duplicates: Duplicates, at: Position) -> Result<(), ReadError> {
        for (member, pointer) in duplicates.into_inner() {
            self.emit(Item::Warning(duplicate(self.name, member, pointer, at)))?;
        }
        Ok(())
    }

    /// Copies the scanned element into the batch; parses the batch when it is full.
    fn push(&mut self, scanned: &Scanned, pointer: String, role: Role) -> Result<(), ReadError> {
        let start = self.batch.bytes.len();
        self.batch.bytes.extend_from_slice(&self.buf[self.pos..self.pos + scanned.len]);
        let end = self.batch.bytes.len();
        self.batch.elements.push(Element { start, end, at: self.at, pointer, role, too_deep: scanned.too_deep });
        self.advance(scanned.len);
        if self.batch.bytes.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Parses the batch on every core and hands out its items in order.
    fn flush(&mut self) -> Result<(), ReadError> {
        if self.batch.elements.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let parsed = parse_batch(self.name, &batch, self.prepare, self.raw);
        for (items, packages) in parsed {
            let base = *self.next_package;
            *self.next_package = self.next_package.wrapping_add(packages);
            for (item, extra) in items {
                let item = if packages > 0 { super::reader::renumber(item, base) } else { item };
                (self.on_item)(item, extra)?;
            }
        }
        // Reuse the allocation of the batch.
        let Batch { mut bytes, mut elements } = batch;
        bytes.clear();
        elements.clear();
        self.batch = Batch { bytes, elements };
        Ok(())
    }

    // --- the structure -----------------------------------------------------------------------

    /// A top-level array: each element is read as a value of its own.
    fn top_array(&mut self) -> Result<(), ReadError> {
        self.advance(1);
        let mut i = 0usize;
        loop {
            match self.peek()? {
                None => return Err(self.eof_in("a list")),
                Some(b']') if i == 0 => {
                    self.advance(1);
                    return Ok(());
                }
                Some(_) => {}
            }
            let scanned = self.scan(1)?;
            self.push(&scanned, format!("/{i}"), Role::Top)?;
            i += 1;
            if self.after_element(b']', "a list")? {
                return Ok(());
            }
        }
    }

    /// After an element: `,` (and then not the closing byte) or the closing byte. Returns
    /// whether the container ended.
    fn after_element(&mut self, close: u8, what: &str) -> Result<bool, ReadError> {
        match self.peek()? {
            Some(b',') => {
                self.advance(1);
                match self.peek()? {
                    Some(b) if b == close => Err(self.error(ReadErrorKind::Syntax, "trailing comma")),
                    Some(_) => Ok(false),
                    None => Err(self.eof_in(what)),
                }
            }
            Some(b) if b == close => {
                self.advance(1);
                Ok(true)
            }
            Some(_) => {
                let expected = if close == b']' { "expected `,` or `]`" } else { "expected `,` or `}`" };
                Err(self.error(ReadErrorKind::Syntax, expected))
            }
            None => Err(self.eof_in(what)),
        }
    }

    /// The elements of a package's `releases` or `records`, at `buf[pos] == b'['`.
    fn items(
        &mut self,
        pointer: &str,
        kind: PackageKind,
        package: PackageId,
        depth: usize,
    ) -> Result<usize, ReadError> {
        self.advance(1);
        let mut count = 0usize;
        if self.peek()? == Some(b']') {
            self.advance(1);
            return Ok(0);
        }
        loop {
            if self.peek()?.is_none() {
                return Err(self.eof_in("a list"));
            }
            let scanned = self.scan(depth + 1)?;
            self.push(&scanned, format!("{pointer}/{count}"), Role::Member(kind, package))?;
            count += 1;
            if self.after_element(b']', "a list")? {
                return Ok(count);
            }
        }
    }

    /// `releases` read before the object can be told apart: kept as raw elements.
    fn defer(&mut self, pointer: &str, depth: usize) -> Result<Batch, ReadError> {
        let mut deferred = Batch::default();
        self.advance(1);
        if self.peek()? == Some(b']') {
            self.advance(1);
            return Ok(deferred);
        }
        loop {
            if self.peek()?.is_none() {
                return Err(self.eof_in("a list"));
            }
            let scanned = self.scan(depth + 1)?;
            let start = deferred.bytes.len();
            deferred.bytes.extend_from_slice(&self.buf[self.pos..self.pos + scanned.len]);
            let element = Element {
                start,
                end: deferred.bytes.len(),
                at: self.at,
                pointer: format!("{pointer}/{}", deferred.elements.len()),
                role: Role::Top,
                too_deep: scanned.too_deep,
            };
            deferred.elements.push(element);
            self.advance(scanned.len);
            if self.after_element(b']', "a list")? {
                return Ok(deferred);
            }
        }
    }

    /// An object at `buf[pos] == b'{'` whose pointer is `prefix`: a package (its array
    /// streamed), a release, a record, Mexico's wrapper of packages (when `wrapper` is allowed),
    /// or another object. Returns whether it was a package.
    fn object(&mut self, prefix: &str, wrapper: bool) -> Result<bool, ReadError> {
        let start = self.at;
        let depth = prefix.bytes().filter(|&b| b == b'/').count() + 1;
        self.advance(1);
        let mut object = Object::default();
        let mut first = true;
        loop {
            match self.peek()? {
                None => return Err(self.eof_in("an object")),
                Some(b'}') if first => {
                    self.advance(1);
                    break;
                }
                Some(b'"') => {}
                Some(_) => return Err(self.error(ReadErrorKind::Syntax, "key must be a string")),
            }
            first = false;
            let key = self.key()?;
            match self.peek()? {
                Some(b':') => self.advance(1),
                Some(_) => return Err(self.error(ReadErrorKind::Syntax, "expected `:`")),
                None => return Err(self.eof_in("an object")),
            }
            let Some(head) = self.peek()? else { return Err(self.eof_in("a value")) };
            let mut pointer = String::with_capacity(prefix.len() + key.len() + 1);
            pointer.push_str(prefix);
            pointer.push('/');
            escape_into(&key, &mut pointer);
            let streamed = match key.as_str() {
                "records" => Some(PackageKind::Record),
                "releases" if !object.has_ocid && object.package_like => Some(PackageKind::Release),
                _ => None,
            };
            match (streamed, head) {
                (Some(kind), b'[') => {
                    let id = match object.package {
                        Some(id) => id,
                        None => {
                            self.flush()?;
                            let id = *self.next_package;
                            *self.next_package = self.next_package.wrapping_add(1);
                            *object.package.insert(id)
                        }
                    };
                    let count = self.items(&pointer, kind, id, depth)?;
                    object.streamed = Some((kind, object.streamed.map_or(0, |(_, n)| n) + count));
                }
                (None, b'[') if key == "releases" && object.deferred.is_none() => {
                    object.deferred = Some(self.defer(&pointer, depth)?);
                    // Holds the member's place; the value is filled in when the object ends.
                    object.members.insert(key, Value::Null);
                }
                (None, b'[') if key == "arrayReleasePackage" && wrapper && !object.has_ocid => {
                    self.wrapped(&pointer)?;
                    object.wrapper = true;
                }
                _ => {
                    let value = self.member(&pointer, depth)?;
                    if let Some(value) = value {
                        if streamed.is_some() {
                            let name = if streamed == Some(PackageKind::Record) { "records" } else { "releases" };
                            let reason = format!("`{name}` must be an array, found {}", type_name(&value));
                            let error = ReadError::new(ReadErrorKind::Shape, self.name, reason).at(
                                self.at.line,
                                self.at.column,
                                pointer,
                            );
                            self.emit(Item::Skipped(error))?;
                        } else {
                            if key == "ocid" {
                                object.has_ocid = true;
                            }
                            if PACKAGE_MEMBERS.contains(&key.as_str()) {
                                object.package_like = true;
                            }
                            if object.members.insert(key.clone(), value).is_some() {
                                self.emit(Item::Warning(duplicate(self.name, key, pointer, start)))?;
                            }
                        }
                    }
                }
            }
            if self.after_element(b'}', "an object")? {
                break;
            }
        }
        self.finish(object, prefix, start)
    }

    /// A member name, at `buf[pos] == b'"'`.
    fn key(&mut self) -> Result<String, ReadError> {
        let scanned = self.scan(0)?;
        let raw = &self.buf[self.pos..self.pos + scanned.len];
        let inner = &raw[1..raw.len() - 1];
        // Plain keys are taken as they are; escapes and control characters (an error) go
        // through the parser.
        let key = if !inner.iter().any(|&b| b == b'\\' || b < 0x20) {
            std::str::from_utf8(inner).ok().map(str::to_owned)
        } else {
            None
        };
        let key = match key {
            Some(key) => key,
            None => serde_json::from_slice::<String>(raw)
                .map_err(|e| parser_error(self.name, &e, self.at, String::new()))?,
        };
        self.advance(scanned.len);
        Ok(key)
    }

    /// A member's value parsed whole; `None` when it cannot be read (then it is skipped).
    fn member(&mut self, pointer: &str, depth: usize) -> Result<Option<Value>, ReadError> {
        let scanned = self.scan(depth)?;
        let at = self.at;
        let text = &self.buf[self.pos..self.pos + scanned.len];
        let duplicates = Duplicates::default();
        let parsed = match scanned.too_deep {
            Some(offset) => Err(too_deep(self.name, text, offset, at, pointer)),
            None => parse_value(self.name, text, at, pointer, &duplicates),
        };
        self.advance(scanned.len);
        match parsed {
            Ok(value) => {
                self.warn_duplicates(duplicates, at)?;
                Ok(Some(value))
            }
            Err(error) => {
                self.emit(Item::Skipped(error))?;
                Ok(None)
            }
        }
    }

    /// Mexico's federal wrapper: an array of release packages, each read as a package.
    fn wrapped(&mut self, pointer: &str) -> Result<(), ReadError> {
        self.advance(1);
        let mut i = 0usize;
        if self.peek()? == Some(b']') {
            self.advance(1);
            return Ok(());
        }
        loop {
            let element = format!("{pointer}/{i}");
            match self.peek()? {
                Some(b'{') => {
                    self.object(&element, false)?;
                }
                Some(_) => {
                    let scanned = self.scan(2)?;
                    let found = match self.buf[self.pos] {
                        b'[' => "an array",
                        b'"' => "a string",
                        b't' | b'f' => "a boolean",
                        b'n' => "null",
                        _ => "a number",
                    };
                    let reason = format!("expected a release package, found {found}");
                    let error = ReadError::new(ReadErrorKind::Shape, self.name, reason).at(
                        self.at.line,
                        self.at.column,
                        element,
                    );
                    self.advance(scanned.len);
                    self.emit(Item::Skipped(error))?;
                }
                None => return Err(self.eof_in("a list")),
            }
            i += 1;
            if self.after_element(b']', "a list")? {
                return Ok(());
            }
        }
    }

    /// Hands out what the object was, once all its members are known (the rules of
    /// `shape.rs`).
    fn finish(&mut self, mut object: Object, prefix: &str, start: Position) -> Result<bool, ReadError> {
        let wrapped = prefix.starts_with("/arrayReleasePackage/");
        if let (Some((kind, items)), Some(id)) = (object.streamed, object.package) {
            if let Some(deferred) = object.deferred.take() {
                // `releases` before the package's `records`: kept as a member, as written.
                let releases = self.values(deferred)?;
                object.members.insert("releases".into(), Value::Array(releases));
            }
            self.flush()?;
            let package = Package { id, kind, metadata: object.members, items, wrapped };
            self.emit(Item::Package(package))?;
            return Ok(true);
        }
        if object.has_ocid {
            if let Some(deferred) = object.deferred.take() {
                let releases = self.values(deferred)?;
                object.members.insert("releases".into(), Value::Array(releases));
            }
            let is_record = matches!(object.members.get("releases"), Some(Value::Array(_)));
            let value = Value::Object(object.members);
            let at = Location { line: start.line, column: start.column, pointer: prefix.to_owned() };
            self.emit(if is_record {
                Item::Record { record: value, package: None, at }
            } else {
                Item::Release { release: value, package: None, at }
            })?;
            return Ok(false);
        }
        if let Some(deferred) = object.deferred.take() {
            // A release package whose `releases` came before any package member.
            object.members.shift_remove("releases");
            self.flush()?;
            let id = *self.next_package;
            *self.next_package = self.next_package.wrapping_add(1);
            let items = deferred.elements.len();
            let Batch { bytes, elements } = deferred;
            let mut from = 0;
            while from < elements.len() {
                // Batches of about BATCH bytes.
                let mut to = from;
                while to < elements.len() && elements[to].end - elements[from].start < BATCH {
                    to += 1;
                }
                to = to.max(from + 1);
                let chunk = Batch {
                    bytes: bytes[elements[from].start..elements[to - 1].end].to_vec(),
                    elements: elements[from..to]
                        .iter()
                        .map(|e| Element {
                            start: e.start - elements[from].start,
                            end: e.end - elements[from].start,
                            at: e.at,
                            pointer: e.pointer.clone(),
                            role: Role::Member(PackageKind::Release, id),
                            too_deep: e.too_deep,
                        })
                        .collect(),
                };
                self.batch = chunk;
                self.flush()?;
                from = to;
            }
            let package = Package { id, kind: PackageKind::Release, metadata: object.members, items, wrapped };
            self.emit(Item::Package(package))?;
            return Ok(true);
        }
        if let Some(other) = object.members.get("releases") {
            let mut pointer = prefix.to_owned();
            pointer.push_str("/releases");
            let reason = format!("`releases` must be an array, found {}", type_name(other));
            let error = ReadError::new(ReadErrorKind::Shape, self.name, reason).at(start.line, start.column, pointer);
            self.emit(Item::Skipped(error))?;
            return Ok(false);
        }
        if object.wrapper {
            return Ok(false);
        }
        self.emit(Item::Other(Value::Object(object.members)))?;
        Ok(false)
    }

    /// Deferred elements parsed into values (in parallel); those that cannot be read are
    /// skipped.
    fn values(&mut self, deferred: Batch) -> Result<Vec<Value>, ReadError> {
        let name = self.name;
        let parsed: Vec<Result<(Value, Duplicates, Position), ReadError>> = deferred
            .elements
            .par_iter()
            .map(|e| {
                let text = &deferred.bytes[e.start..e.end];
                let duplicates = Duplicates::default();
                let value = match e.too_deep {
                    Some(offset) => Err(too_deep(name, text, offset, e.at, &e.pointer)),
                    None => parse_value(name, text, e.at, &e.pointer, &duplicates),
                }?;
                Ok((value, duplicates, e.at))
            })
            .collect();
        let mut values = Vec::with_capacity(parsed.len());
        for result in parsed {
            match result {
                Ok((value, duplicates, at)) => {
                    self.warn_duplicates(duplicates, at)?;
                    values.push(value);
                }
                Err(error) => self.emit(Item::Skipped(error))?,
            }
        }
        Ok(values)
    }
}

/// Where the closing byte that ends the value is in `bytes` (no opening byte or quote in it),
/// updating the nesting `level`.
fn closes(bytes: &[u8], level: &mut usize) -> Option<usize> {
    let mut from = 0;
    while let Some(n) = memchr::memchr2(b'}', b']', &bytes[from..]) {
        *level -= 1;
        if *level == 0 {
            return Some(from + n);
        }
        from += n + 1;
    }
    None
}

/// The position after `bytes`, which start at `at`.
pub(crate) fn position_after(mut at: Position, bytes: &[u8]) -> Position {
    match memchr::memrchr(b'\n', bytes) {
        Some(last) => {
            at.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
            at.column = (bytes.len() - last) as u64;
        }
        None => at.column += bytes.len() as u64,
    }
    at
}

fn duplicate(file: &str, member: String, pointer: String, at: Position) -> ReadWarning {
    ReadWarning {
        kind: ReadWarningKind::DuplicateMember { member },
        file: file.to_owned(),
        line: at.line,
        column: at.column,
        pointer,
    }
}

/// The error of a value that opens its `DEPTH_LIMIT`th container at `offset`.
fn too_deep(name: &str, text: &[u8], offset: usize, at: Position, pointer: &str) -> ReadError {
    let place = position_after(at, &text[..offset]);
    ReadError::new(ReadErrorKind::TooDeep, name, "nested more than 128 levels deep").at(
        place.line,
        place.column + 1,
        pointer,
    )
}

/// Parses one value (noting duplicates) and checks its numbers.
fn parse_value(
    name: &str,
    text: &[u8],
    at: Position,
    pointer: &str,
    duplicates: &Duplicates,
) -> Result<Value, ReadError> {
    let mut de = serde_json::Deserializer::from_slice(text);
    let value = ValueSeed { frame: Frame::Root(pointer), duplicates }
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
        .map_err(|e| parser_error(name, &e, at, pointer.to_owned()))?;
    let mut path = Vec::new();
    if let Some(number) = out_of_range(&value, &mut path) {
        let end = position_after(at, text);
        let reason = format!("number {} is out of range", shorten_quoted(&number));
        let mut full = pointer.to_owned();
        full.push_str(&render(&path));
        return Err(ReadError::new(ReadErrorKind::NumberOutOfRange, name, reason).at(end.line, end.column, full));
    }
    Ok(value)
}

/// Hands a release to the raw hook after checking it (syntax, numbers, duplicates) without
/// building it; `None` when the check fails or the hook declines (then it is parsed in full,
/// which gives the same error or the release).
pub(crate) fn raw_release<T>(
    name: &str,
    text: &[u8],
    at: Location,
    package: Option<PackageId>,
    raw: &RawHook<T>,
) -> Option<Vec<(Item, Option<T>)>> {
    let duplicates = Duplicates::default();
    let found = Found::default();
    let light = check(text, &at.pointer, &duplicates, &found).ok()?;
    if found.out_of_range.into_inner().is_some() {
        return None;
    }
    let kind = light.kind?;
    let release =
        RawRelease { bytes: text, ocid: light.ocid.as_deref(), has_date: light.has_date, kind, package, at: &at };
    let extra = raw(release)?;
    let position = Position { line: at.line, column: at.column };
    let mut items: Vec<(Item, Option<T>)> = duplicates
        .into_inner()
        .into_iter()
        .map(|(member, pointer)| (Item::Warning(duplicate(name, member, pointer, position)), None))
        .collect();
    items.push((Item::Release { release: Value::Null, package, at }, Some(extra)));
    Some(items)
}

/// The items of one element (with what `prepare` made of each) and how many packages it held.
type ElementItems<T> = (Vec<(Item, Option<T>)>, PackageId);

/// The items of each element of a batch (with what `prepare` made of them) and how many
/// packages each held (elements of a top-level array number theirs from 0).
fn parse_batch<T: Send>(
    name: &str,
    batch: &Batch,
    prepare: &(impl Fn(&mut Item) -> Option<T> + Sync),
    raw: Option<&RawHook<T>>,
) -> Vec<ElementItems<T>> {
    let one = |e: &Element| parse_element(name, &batch.bytes[e.start..e.end], e, prepare, raw);
    if batch.elements.len() > 1 {
        batch.elements.par_iter().map(one).collect()
    } else {
        batch.elements.iter().map(one).collect()
    }
}

fn parse_element<T>(
    name: &str,
    text: &[u8],
    element: &Element,
    prepare: &impl Fn(&mut Item) -> Option<T>,
    raw: Option<&RawHook<T>>,
) -> ElementItems<T> {
    let mut items = Vec::with_capacity(1);
    let prepared = |mut item: Item| {
        let extra = prepare(&mut item);
        (item, extra)
    };
    match element.role {
        Role::Member(kind, package) => {
            if let (Some(raw), PackageKind::Release, None) = (raw, kind, element.too_deep) {
                let at =
                    Location { line: element.at.line, column: element.at.column, pointer: element.pointer.clone() };
                if let Some(done) = raw_release(name, text, at, Some(package), raw) {
                    return (done, 0);
                }
            }
            let duplicates = Duplicates::default();
            let parsed = match element.too_deep {
                Some(offset) => Err(too_deep(name, text, offset, element.at, &element.pointer)),
                None => parse_value(name, text, element.at, &element.pointer, &duplicates),
            };
            match parsed {
                Ok(value) => {
                    for (member, pointer) in duplicates.into_inner() {
                        items.push(prepared(Item::Warning(duplicate(name, member, pointer, element.at))));
                    }
                    let at =
                        Location { line: element.at.line, column: element.at.column, pointer: element.pointer.clone() };
                    let package = Some(package);
                    items.push(prepared(match kind {
                        PackageKind::Release => Item::Release { release: value, package, at },
                        PackageKind::Record => Item::Record { record: value, package, at },
                    }));
                }
                Err(error) => items.push(prepared(Item::Skipped(error))),
            }
            (items, 0)
        }
        Role::Top => {
            if let (Some(offset), b'{') = (element.too_deep, text[0]) {
                let error = too_deep(name, text, offset, element.at, &element.pointer);
                return (vec![prepared(Item::Skipped(error))], 0);
            }
            let mut packages = 0;
            let mut collect = |item: Item| {
                items.push(prepared(item));
                Ok(())
            };
            let mut emitter = Emitter::new(name, element.at, &mut collect, &mut packages);
            let index = element.pointer[1..].parse().unwrap_or(0);
            emitter.path.push(Segment::Index(index));
            let mut de = serde_json::Deserializer::from_slice(text);
            let parsed = (TopSeed { emitter: &mut emitter, nested: true }).deserialize(&mut de).and_then(|()| de.end());
            if let Err(error) = parsed {
                let error = locate(name, error, emitter, element.at);
                // What the element gave before the error is dropped with it.
                items.clear();
                items.push(prepared(Item::Skipped(error)));
                return (items, 0);
            }
            drop(emitter);
            (items, packages)
        }
    }
}
