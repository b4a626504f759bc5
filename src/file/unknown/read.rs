//! Reading with unknown parts kept: a wrapper around RON's deserializer (see the module above).
//!
//! Every value is read through [`Capture`], which passes everything through unchanged except
//! structs that have an `extra` field: there, fields the struct does not declare are taken as
//! raw text and handed to `extra` at the end, so serde's derived code never skips them.

use std::marker::PhantomData;

use ron::value::RawValue;
use serde::de::value::{BorrowedStrDeserializer, MapDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{EXTRA, UNKNOWN};
use crate::model::Kind;

/// A seed that reads a `T` keeping what this version does not know:
/// `map.next_value_seed(Keeping::<T>::default())`.
pub struct Keeping<T>(PhantomData<T>);

impl<T> Default for Keeping<T> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for Keeping<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(Capture(d))
    }
}

/// The check of a field that has a placeholder for values this version cannot read (`None`:
/// the field has none, its value is read as usual).
fn placeholder_check(strukt: &str, field: &str) -> Option<fn(&str) -> bool> {
    match (strukt, field) {
        ("Sticky", "kind") => Some(is_known_kind),
        _ => None,
    }
}

/// Whether `text` names a kind this version knows.
fn is_known_kind(text: &str) -> bool {
    let name = BorrowedStrDeserializer::<de::value::Error>::new(text);
    <Kind as de::Deserialize>::deserialize(name).is_ok()
}

/// A seed whose value is read through [`Capture`].
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Capture(d))
    }
}

/// The deserializer wrapper.
struct Capture<D>(D);

macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Capture<D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if fields.contains(&EXTRA) {
            let keeping = StructVisitor {
                inner: visitor,
                name,
                fields,
            };
            self.0.deserialize_struct(name, fields, keeping)
        } else {
            self.0.deserialize_struct(name, fields, Wrap(visitor))
        }
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor wrapper: what it is given to look into (options, sequences, maps) is read
/// through [`Capture`].
struct Wrap<V>(V);

macro_rules! forward_visit {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    forward_visit!(
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
        visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
        visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char visit_str: &str
        visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
        visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Capture(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Capture(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Elements(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Entries(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        // The model's enums hold no structs with unknown parts: read as they are.
        self.0.visit_enum(data)
    }
}

/// A sequence whose elements are read through [`Capture`].
struct Elements<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Elements<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// A map whose values are read through [`Capture`] (keys are ids and names: read as they are).
struct Entries<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// The visitor of a struct with an `extra` field.
struct StructVisitor<V> {
    inner: V,
    name: &'static str,
    fields: &'static [&'static str],
}

impl<'de, V: Visitor<'de>> Visitor<'de> for StructVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(StructFields {
            map,
            name: self.name,
            fields: self.fields,
            extra: Vec::new(),
            next: Next::Read,
            done: false,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(Elements(seq))
    }
}

/// Where the value of the key just handed out comes from.
enum Next<'de> {
    /// From the file, as usual.
    Read,
    /// From this text (a value checked or replaced by its placeholder).
    Text(&'de str),
    /// The unknown parts collected, for the `extra` field.
    Extra,
}

/// The fields of a struct with an `extra` field, as its derived visitor sees them: the known
/// ones, then `extra` with every unknown one.
struct StructFields<'de, A> {
    map: A,
    name: &'static str,
    fields: &'static [&'static str],
    extra: Vec<(String, String)>,
    next: Next<'de>,
    done: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StructFields<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while !self.done {
            let Some(key) = self.map.next_key_seed(KeySeed)? else {
                self.done = true;
                if self.extra.is_empty() {
                    return Ok(None);
                }
                self.next = Next::Extra;
                return seed
                    .deserialize(BorrowedStrDeserializer::new(EXTRA))
                    .map(Some);
            };
            let name = key.as_str();
            // A field called `extra` in the file is someone else's: kept like any unknown one.
            if name != EXTRA && self.fields.contains(&name) {
                self.next = Next::Read;
                if let Some(is_readable) = placeholder_check(self.name, name) {
                    let raw: &'de RawValue = self.map.next_value()?;
                    let text = raw.get_ron();
                    self.next = if is_readable(text) {
                        Next::Text(text)
                    } else {
                        self.extra.push((name.to_owned(), text.to_owned()));
                        Next::Text(UNKNOWN)
                    };
                }
                return seed.deserialize(key.into_deserializer()).map(Some);
            }
            let raw: &'de RawValue = self.map.next_value()?;
            self.extra.push((name.to_owned(), raw.get_ron().to_owned()));
        }
        Ok(None)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        match std::mem::replace(&mut self.next, Next::Read) {
            Next::Read => self.map.next_value_seed(Seed(seed)),
            Next::Text(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
            Next::Extra => {
                let parts = std::mem::take(&mut self.extra);
                seed.deserialize(MapDeserializer::new(parts.into_iter()))
            }
        }
    }
}

/// A field name as RON gives it: borrowed from the text where it can be.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Key<'de> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    fn into_deserializer<E: de::Error>(self) -> KeyDeserializer<'de, E> {
        match self {
            Key::Borrowed(s) => KeyDeserializer::Borrowed(BorrowedStrDeserializer::new(s)),
            Key::Owned(s) => KeyDeserializer::Owned(de::IntoDeserializer::into_deserializer(s)),
        }
    }
}

/// Hands a field name to the derived visitor.
enum KeyDeserializer<'de, E> {
    Borrowed(BorrowedStrDeserializer<'de, E>),
    Owned(de::value::StringDeserializer<E>),
}

impl<'de, E: de::Error> Deserializer<'de> for KeyDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self {
            KeyDeserializer::Borrowed(d) => d.deserialize_any(visitor),
            KeyDeserializer::Owned(d) => d.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_identifier(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}
