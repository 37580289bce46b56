//! Telling packages, releases and records apart while parsing, so that a package's `releases`
//! or `records` array is handed out element by element and never held whole.
//!
//! Classification follows the counting rule of the shared corpus: an object with `records` is a
//! record package; with `releases` and no `ocid`, a release package; with `ocid` and a
//! `releases` array, a record; with `ocid`, a release. A top-level array is read element by
//! element with the same rule.

use super::ReadError;
use super::error::{ReadErrorKind, ReadWarning, ReadWarningKind, shorten_quoted};
use super::item::{Item, Location, Package, PackageId, PackageKind};
use super::numbers::out_of_range;
use super::pointer::{Segment, render};
use super::scan::Position;
use super::value::{Duplicates, Frame, NUMBER_TOKEN, ValueSeed};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Members that only packages have: when one comes before `releases`, the object is a package
/// and its releases can be streamed.
const PACKAGE_MEMBERS: &[&str] =
    &["uri", "publishedDate", "publisher", "version", "extensions", "license", "publicationPolicy", "packages"];

/// A problem found by the visitors themselves (not by the JSON parser).
pub(crate) struct Failure {
    pub kind: ReadErrorKind,
    pub pointer: String,
    pub reason: String,
    /// An error returned by the consumer of items: passed through unchanged.
    pub consumer: Option<ReadError>,
}

/// State shared by the visitors of one top-level value.
pub(crate) struct Emitter<'a> {
    pub on_item: &'a mut dyn FnMut(Item) -> Result<(), ReadError>,
    pub next_package: &'a mut PackageId,
    pub path: Vec<Segment>,
    pub failure: Option<Failure>,
    /// The file, for warnings.
    pub file: &'a str,
    /// Where the top-level value starts: the position given to its items and warnings (the
    /// parser does not say where inside the value an item starts).
    pub start: Position,
    pub duplicates: Duplicates,
}

impl<'a> Emitter<'a> {
    pub fn new(
        file: &'a str,
        start: Position,
        on_item: &'a mut dyn FnMut(Item) -> Result<(), ReadError>,
        next_package: &'a mut PackageId,
    ) -> Self {
        Emitter {
            on_item,
            next_package,
            path: Vec::new(),
            failure: None,
            file,
            start,
            duplicates: Duplicates::default(),
        }
    }

    fn location(&self) -> Location {
        Location { line: self.start.line, column: self.start.column, pointer: render(&self.path) }
    }

    /// Parses one value at the current path, then hands out a warning for each member written
    /// twice in it.
    fn value<'de, D: Deserializer<'de>>(&mut self, deserializer: D) -> Result<Value, D::Error> {
        let pointer = render(&self.path);
        let value =
            ValueSeed { frame: Frame::Root(&pointer), duplicates: &self.duplicates }.deserialize(deserializer)?;
        self.warn_duplicates()?;
        Ok(value)
    }

    fn warn_duplicates<E: de::Error>(&mut self) -> Result<(), E> {
        if self.duplicates.borrow().is_empty() {
            return Ok(());
        }
        for (member, pointer) in self.duplicates.take() {
            self.warn_duplicate(member, pointer)?;
        }
        Ok(())
    }

    fn warn_duplicate<E: de::Error>(&mut self, member: String, pointer: String) -> Result<(), E> {
        let warning = ReadWarning {
            kind: ReadWarningKind::DuplicateMember { member },
            file: self.file.to_owned(),
            line: self.start.line,
            column: self.start.column,
            pointer,
        };
        self.emit(Item::Warning(warning))
    }

    fn fail<E: de::Error>(&mut self, kind: ReadErrorKind, reason: String) -> E {
        let message = reason.clone();
        self.failure = Some(Failure { kind, pointer: render(&self.path), reason, consumer: None });
        E::custom(message)
    }

    fn emit<E: de::Error>(&mut self, item: Item) -> Result<(), E> {
        (self.on_item)(item).map_err(|error| {
            let message = error.to_string();
            self.failure = Some(Failure {
                kind: error.kind,
                pointer: render(&self.path),
                reason: message.clone(),
                consumer: Some(error),
            });
            E::custom(message)
        })
    }

    fn check_numbers<E: de::Error>(&mut self, value: &Value) -> Result<(), E> {
        let depth = self.path.len();
        if let Some(number) = out_of_range(value, &mut self.path) {
            let error = self
                .fail(ReadErrorKind::NumberOutOfRange, format!("number {} is out of range", shorten_quoted(&number)));
            self.path.truncate(depth);
            return Err(error);
        }
        Ok(())
    }

    fn new_package(&mut self) -> PackageId {
        let id = *self.next_package;
        *self.next_package = self.next_package.wrapping_add(1);
        id
    }
}

/// Reads one top-level value (or, when `nested`, one element of a top-level array).
pub(crate) struct TopSeed<'e, 'a> {
    pub emitter: &'e mut Emitter<'a>,
    pub nested: bool,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl TopSeed<'_, '_> {
    fn wrong<E: de::Error>(self, found: &str) -> Result<(), E> {
        let expected = if self.nested { "a release, record or package" } else { "a JSON object or array" };
        Err(self.emitter.fail(ReadErrorKind::Shape, format!("expected {expected}, found {found}")))
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a release, record, package, or an array of them")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.wrong("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.wrong("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.wrong("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.wrong("a number")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.wrong("a string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.wrong("null")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.nested {
            return self.wrong("an array");
        }
        let emitter = self.emitter;
        let mut i = 0;
        loop {
            emitter.path.push(Segment::Index(i));
            let more = seq.next_element_seed(TopSeed { emitter: &mut *emitter, nested: true })?;
            emitter.path.pop();
            if more.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let emitter = self.emitter;
        let mut object = ObjectState::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == NUMBER_TOKEN {
                return TopSeed { emitter, nested: self.nested }.wrong("a number");
            }
            emitter.path.push(Segment::Key(key.clone()));
            let streamed = match key.as_str() {
                "records" => Some(PackageKind::Record),
                "releases" if !object.has_ocid && object.package_like => Some(PackageKind::Release),
                _ => None,
            };
            match streamed {
                Some(kind) => {
                    let id = *object.package.get_or_insert_with(|| emitter.new_package());
                    let seed = ItemsSeed { emitter: &mut *emitter, kind, package: id, count: 0 };
                    match map.next_value_seed(seed)? {
                        Streamed::Items(count) => {
                            object.streamed = Some((kind, object.streamed.map_or(0, |(_, n)| n) + count));
                        }
                        Streamed::NotAnArray(value) => {
                            let name = if kind == PackageKind::Record { "records" } else { "releases" };
                            let reason = format!("`{name}` must be an array, found {}", type_name(&value));
                            return Err(emitter.fail(ReadErrorKind::Shape, reason));
                        }
                    }
                }
                None => {
                    let value = map.next_value_seed(MemberSeed { emitter: &mut *emitter })?;
                    emitter.check_numbers(&value)?;
                    if key == "ocid" {
                        object.has_ocid = true;
                    }
                    if PACKAGE_MEMBERS.contains(&key.as_str()) {
                        object.package_like = true;
                    }
                    if object.members.insert(key.clone(), value).is_some() {
                        emitter.warn_duplicate(key, render(&emitter.path))?;
                    }
                }
            }
            emitter.path.pop();
        }
        object.finish(emitter)
    }
}

#[derive(Default)]
struct ObjectState {
    members: Map<String, Value>,
    has_ocid: bool,
    package_like: bool,
    package: Option<PackageId>,
    streamed: Option<(PackageKind, usize)>,
}

impl ObjectState {
    fn finish<E: de::Error>(mut self, emitter: &mut Emitter) -> Result<(), E> {
        if let (Some((kind, items)), Some(id)) = (self.streamed, self.package) {
            return emitter.emit(Item::Package(Package { id, kind, metadata: self.members, items }));
        }
        if self.has_ocid {
            let is_record = matches!(self.members.get("releases"), Some(Value::Array(_)));
            let value = Value::Object(self.members);
            let at = emitter.location();
            return emitter.emit(if is_record {
                Item::Record { record: value, package: None, at }
            } else {
                Item::Release { release: value, package: None, at }
            });
        }
        match self.members.shift_remove("releases") {
            Some(Value::Array(releases)) => {
                // A release package whose `releases` came before any package member.
                let id = emitter.new_package();
                let items = releases.len();
                for (i, release) in releases.into_iter().enumerate() {
                    emitter.path.push(Segment::Key("releases".into()));
                    emitter.path.push(Segment::Index(i));
                    let at = emitter.location();
                    emitter.path.truncate(emitter.path.len() - 2);
                    emitter.emit(Item::Release { release, package: Some(id), at })?;
                }
                emitter.emit(Item::Package(Package { id, kind: PackageKind::Release, metadata: self.members, items }))
            }
            Some(other) => {
                emitter.path.push(Segment::Key("releases".into()));
                let reason = format!("`releases` must be an array, found {}", type_name(&other));
                Err(emitter.fail(ReadErrorKind::Shape, reason))
            }
            None => emitter.emit(Item::Other(Value::Object(self.members))),
        }
    }
}

enum Streamed {
    Items(usize),
    NotAnArray(Value),
}

/// Streams the elements of a package's `releases` or `records`.
struct ItemsSeed<'e, 'a> {
    emitter: &'e mut Emitter<'a>,
    kind: PackageKind,
    package: PackageId,
    count: usize,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_, '_> {
    type Value = Streamed;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Streamed, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_, '_> {
    type Value = Streamed;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Streamed, A::Error> {
        loop {
            self.emitter.path.push(Segment::Index(self.count));
            let Some(value) = seq.next_element_seed(MemberSeed { emitter: &mut *self.emitter })? else {
                self.emitter.path.pop();
                return Ok(Streamed::Items(self.count));
            };
            self.emitter.check_numbers(&value)?;
            let package = Some(self.package);
            let at = self.emitter.location();
            self.emitter.emit(match self.kind {
                PackageKind::Release => Item::Release { release: value, package, at },
                PackageKind::Record => Item::Record { record: value, package, at },
            })?;
            self.emitter.path.pop();
            self.count += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Streamed, A::Error> {
        let value = self.emitter.value(de::value::MapAccessDeserializer::new(map))?;
        Ok(Streamed::NotAnArray(value))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Streamed, E> {
        Ok(Streamed::NotAnArray(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Streamed, E> {
        Ok(Streamed::NotAnArray(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Streamed, E> {
        Ok(Streamed::NotAnArray(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Streamed, E> {
        Ok(Streamed::NotAnArray(Value::from(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Streamed, E> {
        Ok(Streamed::NotAnArray(Value::String(v.to_owned())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Streamed, E> {
        Ok(Streamed::NotAnArray(Value::Null))
    }
}

/// One value (a member or an element) parsed at the emitter's current path.
struct MemberSeed<'e, 'a> {
    emitter: &'e mut Emitter<'a>,
}

impl<'de> DeserializeSeed<'de> for MemberSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.emitter.value(deserializer)
    }
}

/// "a string", "an object"…: a value's JSON type, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(o) if o.contains_key(NUMBER_TOKEN) => "a number",
        Value::Object(_) => "an object",
    }
}
