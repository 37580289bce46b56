//! The machinery shared by every OCDS object: reading known members straight into typed
//! fields, keeping unknown members, and remembering the input's member order so that
//! serialization writes known and unknown members back interleaved exactly as they came.

use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::Serializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde_json::Number;

use super::field::{Field, Json, number_field};

/// The key under which serde_json (with `arbitrary_precision`) hands a number to a visitor as a
/// one-member map. Tested in `model_fields.rs`: if serde_json ever changed it, numbers in
/// object positions would stop reading as raw numbers and that test would fail.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Marker in [`Order`] for "the next member of `extra`".
const EXTRA: u8 = u8::MAX;

/// The order in which an object's members appeared in the input: known members by index,
/// unknown ones as markers consumed in `extra`'s order. Empty for objects built in code,
/// which serialize known members in declaration order, then `extra`.
///
/// Held inline up to [`Order::INLINE`] members, so reading an ordinary object costs no
/// allocation for its order.
#[derive(Clone)]
pub struct Order(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, slots: [u8; Order::INLINE] },
    Heap(Vec<u8>),
}

impl Default for Order {
    fn default() -> Self {
        Order(Repr::Inline { len: 0, slots: [0; Order::INLINE] })
    }
}

impl Order {
    /// Members held without allocating.
    pub const INLINE: usize = 22;

    fn slots(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, slots } => &slots[..usize::from(*len)],
            Repr::Heap(v) => v,
        }
    }

    fn push(&mut self, slot: u8) {
        match &mut self.0 {
            Repr::Inline { len, slots } if usize::from(*len) < Order::INLINE => {
                slots[usize::from(*len)] = slot;
                *len += 1;
            }
            Repr::Inline { slots, .. } => {
                let mut v = Vec::with_capacity(2 * Order::INLINE);
                v.extend_from_slice(slots);
                v.push(slot);
                self.0 = Repr::Heap(v);
            }
            Repr::Heap(v) => v.push(slot),
        }
    }

    fn push_known(&mut self, index: u8) {
        self.push(index);
    }

    fn push_extra(&mut self) {
        self.push(EXTRA);
    }
}

impl PartialEq for Order {
    fn eq(&self, other: &Self) -> bool {
        self.slots() == other.slots()
    }
}

impl Eq for Order {}

impl fmt::Debug for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.slots()).finish()
    }
}

/// Implemented by [`object!`] for each OCDS object.
pub(crate) trait Object: Default {
    /// JSON member names of the known fields, in declaration order.
    const NAMES: &'static [&'static str];

    /// Index of a known member name.
    fn key_index(name: &str) -> Option<u8>;

    /// Reads the value of known member `index`; returns whether it was already present
    /// (a duplicate key keeps its first position, as serde_json's own map does).
    fn read_known<'de, A: MapAccess<'de>>(&mut self, index: u8, map: &mut A) -> Result<bool, A::Error>;

    /// Writes known member `index` if present.
    fn write_known<M: SerializeMap>(&self, index: u8, map: &mut M) -> Result<(), M::Error>;

    /// Removes known member `index` and returns it as JSON (`None` if absent).
    fn take_json(&mut self, index: u8) -> Result<Option<Json>, serde_json::Error>;

    /// Unknown members.
    fn extra(&self) -> &IndexMap<String, Json>;

    /// Unknown members, mutably.
    fn extra_mut(&mut self) -> &mut IndexMap<String, Json>;

    /// Member order.
    fn order(&self) -> &Order;

    /// Member order, mutably.
    fn order_mut(&mut self) -> &mut Order;
}

/// A member name, classified while still borrowed from the input (no allocation for known
/// names).
enum Key {
    Known(u8),
    Unknown(String),
    Number,
}

struct KeySeed<T>(PhantomData<T>);

impl<'de, T: Object> DeserializeSeed<'de> for KeySeed<T> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, T: Object> Visitor<'de> for KeySeed<T> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match T::key_index(v) {
            Some(i) => Key::Known(i),
            None if v == NUMBER_TOKEN => Key::Number,
            None => Key::Unknown(v.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match T::key_index(&v) {
            Some(i) => Key::Known(i),
            None if v == NUMBER_TOKEN => Key::Number,
            None => Key::Unknown(v),
        })
    }
}

/// Reads an object's members in one pass: known members into their typed fields, unknown
/// ones into `extra`, recording the order.
pub(crate) fn read_object<'de, T, A>(mut map: A) -> Result<Field<T>, A::Error>
where
    T: Object + super::field::Lenient,
    A: MapAccess<'de>,
{
    let mut object = T::default();
    let mut first = true;
    while let Some(key) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
        match key {
            Key::Known(i) => {
                if !object.read_known(i, &mut map)? {
                    object.order_mut().push_known(i);
                }
            }
            Key::Number if first => {
                // A number where an object was expected: serde_json delivers it as a map.
                let text: String = map.next_value()?;
                let n: Number = text.parse().map_err(de::Error::custom)?;
                return Ok(number_field(n));
            }
            Key::Number => insert_extra(&mut object, NUMBER_TOKEN.to_owned(), &mut map)?,
            Key::Unknown(name) => insert_extra(&mut object, name, &mut map)?,
        }
        first = false;
    }
    Ok(Field::Value(object))
}

fn insert_extra<'de, T: Object, A: MapAccess<'de>>(object: &mut T, name: String, map: &mut A) -> Result<(), A::Error> {
    let value: Json = map.next_value()?;
    if object.extra_mut().insert(name, value).is_none() {
        object.order_mut().push_extra();
    }
    Ok(())
}

/// Writes an object's members in input order, then any members set in code since.
pub(crate) fn write_object<T: Object, S: Serializer>(object: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut written: u64 = 0;
    let mut extras = object.extra().iter();
    for &slot in object.order().slots() {
        if slot == EXTRA {
            if let Some((k, v)) = extras.next() {
                map.serialize_entry(k, v)?;
            }
        } else if written & (1 << slot) == 0 {
            object.write_known(slot, &mut map)?;
            written |= 1 << slot;
        }
    }
    for i in 0..T::NAMES.len() {
        // NAMES has at most 64 entries (checked at compile time by `object!`).
        if written & (1 << i) == 0 {
            object.write_known(i as u8, &mut map)?;
        }
    }
    for (k, v) in extras {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// Moves the members of `from` that `T` does not know into `extra`, at their input positions,
/// and returns `T`'s order and extras. Used when one object shape turns into another once its
/// members are all seen (see `document.rs`).
pub(crate) fn remap_members<F: Object, T: Object>(
    from: &mut F,
) -> Result<(Order, IndexMap<String, Json>), serde_json::Error> {
    let old_order = std::mem::take(from.order_mut());
    let mut old_extra = std::mem::take(from.extra_mut()).into_iter();
    let mut order = Order::default();
    let mut extra = IndexMap::new();
    for &slot in old_order.slots() {
        if slot == EXTRA {
            if let Some((k, v)) = old_extra.next() {
                extra.insert(k, v);
                order.push_extra();
            }
            continue;
        }
        let name = F::NAMES[usize::from(slot)];
        match T::key_index(name) {
            Some(i) => order.push_known(i),
            None => {
                if let Some(v) = from.take_json(slot)? {
                    extra.insert(name.to_owned(), v);
                    order.push_extra();
                }
            }
        }
    }
    for (k, v) in old_extra {
        extra.insert(k, v);
        order.push_extra();
    }
    Ok((order, extra))
}

/// Defines an OCDS object: a struct of [`Field`]s named after their JSON members, plus
/// `extra` for unknown members, with lossless, order-keeping (de)serialization.
macro_rules! object {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $json:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $crate::model::Field<$ty>, )*
            /// Members this model does not know (extensions, publishers' own), in input order.
            pub extra: ::indexmap::IndexMap<String, $crate::model::Json>,
            order: $crate::model::object::Order,
        }

        impl $name {
            /// JSON names of the members this type knows, in declaration order.
            pub const MEMBERS: &'static [&'static str] = &[$($json),*];
        }

        const _: () = assert!($name::MEMBERS.len() <= 64, "too many members for the order mask");

        impl $crate::model::object::Object for $name {
            const NAMES: &'static [&'static str] = $name::MEMBERS;

            #[inline]
            fn key_index(name: &str) -> Option<u8> {
                #[allow(non_camel_case_types)]
                #[repr(u8)]
                enum F { $($field),* }
                match name {
                    $( $json => Some(F::$field as u8), )*
                    _ => None,
                }
            }

            fn read_known<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: u8,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                #[allow(non_camel_case_types)]
                #[repr(u8)]
                enum F { $($field),* }
                $(
                    if index == F::$field as u8 {
                        let seen = self.$field.is_present();
                        self.$field = map.next_value_seed(
                            $crate::model::field::FieldSeed::<$ty>::new(),
                        )?;
                        return Ok(seen);
                    }
                )*
                // Indices only come from `key_index`.
                map.next_value::<::serde::de::IgnoredAny>()?;
                Ok(true)
            }

            fn write_known<M: ::serde::ser::SerializeMap>(
                &self,
                index: u8,
                map: &mut M,
            ) -> Result<(), M::Error> {
                #[allow(non_camel_case_types)]
                #[repr(u8)]
                enum F { $($field),* }
                $(
                    if index == F::$field as u8 {
                        if self.$field.is_present() {
                            map.serialize_entry($json, &self.$field)?;
                        }
                        return Ok(());
                    }
                )*
                Ok(())
            }

            fn take_json(&mut self, index: u8) -> Result<Option<$crate::model::Json>, serde_json::Error> {
                #[allow(non_camel_case_types)]
                #[repr(u8)]
                enum F { $($field),* }
                $(
                    if index == F::$field as u8 {
                        return self.$field.take().to_json();
                    }
                )*
                Ok(None)
            }

            fn extra(&self) -> &::indexmap::IndexMap<String, $crate::model::Json> {
                &self.extra
            }

            fn extra_mut(&mut self) -> &mut ::indexmap::IndexMap<String, $crate::model::Json> {
                &mut self.extra
            }

            fn order(&self) -> &$crate::model::object::Order {
                &self.order
            }

            fn order_mut(&mut self) -> &mut $crate::model::object::Order {
                &mut self.order
            }
        }

        impl $crate::model::field::Lenient for $name {
            fn accept_map<'de, A: ::serde::de::MapAccess<'de>>(
                map: A,
            ) -> Result<$crate::model::Field<Self>, A::Error> {
                $crate::model::object::read_object(map)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::model::object::write_object(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match <$crate::model::Field<$name> as ::serde::Deserialize>::deserialize(deserializer)? {
                    $crate::model::Field::Value(v) => Ok(v),
                    _ => Err(<D::Error as ::serde::de::Error>::custom(
                        concat!("expected a JSON object for ", stringify!($name)),
                    )),
                }
            }
        }
    };
}

pub(crate) use object;
