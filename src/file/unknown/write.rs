//! Writing with unknown parts kept: a wrapper around RON's serializer (see the module above).
//!
//! Every value is written through [`Keep`], which passes everything through unchanged except
//! the `extra` field of a struct: in its place each kept part is written as a field of its own,
//! with the text it was read with.

use std::collections::BTreeMap;

use ron::value::RawValue;
use serde::ser::{self, Error as _, Serialize, Serializer};

use super::{EXTRA, UNKNOWN};
use crate::model::Extra;
use crate::model::extra::lasting_name;

/// Writes a value with the unknown parts of every struct in it put back.
pub struct Keep<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized + Serialize> Serialize for Keep<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Emit {
            inner: s,
            placed: None,
            deep: true,
        })
    }
}

/// Writes a struct with its own `extra` put back, and its fields as they are: for a document
/// whose fields are wrapped ([`Keep`], [`KeepItem`]) one by one already.
pub struct KeepOwn<'a, T>(pub &'a T);

impl<T: Serialize> Serialize for KeepOwn<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Emit {
            inner: s,
            placed: None,
            deep: false,
        })
    }
}

/// Writes an item whose own fields may hold placeholders (a sticky's unknown kind): their text
/// is in the item's `extra`, which is written last, so it is given here up front.
pub struct KeepItem<'a, T>(pub &'a T, pub &'a Extra);

impl<T: Serialize> Serialize for KeepItem<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Emit {
            inner: s,
            placed: Some(self.1),
            deep: true,
        })
    }
}

/// The kept parts in an `extra` value, by name.
fn parts_of<T: ?Sized + Serialize>(value: &T) -> Result<BTreeMap<String, String>, String> {
    let text = ron::to_string(value).map_err(|e| e.to_string())?;
    ron::from_str(&text).map_err(|e| format!("{e} in {text}"))
}

/// Whether `value` is the placeholder of a value this version could not read.
fn is_placeholder<T: ?Sized + Serialize>(value: &T) -> bool {
    ron::to_string(value).is_ok_and(|text| text == UNKNOWN)
}

/// Checked raw RON text, written as it is.
fn raw<E: ser::Error>(text: &str) -> Result<&RawValue, E> {
    RawValue::from_ron(text).map_err(|e| E::custom(format!("a kept part is not RON: {e}")))
}

/// The serializer wrapper.
struct Emit<'a, S> {
    inner: S,
    /// The item's kept parts, for the placeholders among its own fields.
    placed: Option<&'a Extra>,
    /// Whether what is inside is written through [`Keep`] too (else as it is).
    deep: bool,
}

macro_rules! forward_serialize {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method(self, v: $ty) -> Result<S::Ok, S::Error> {
            self.inner.$method(v)
        }
    )*};
}

impl<'a, S: Serializer> Serializer for Emit<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Compound<S::SerializeSeq>;
    type SerializeTuple = Compound<S::SerializeTuple>;
    type SerializeTupleStruct = Compound<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Compound<S::SerializeTupleVariant>;
    type SerializeMap = Compound<S::SerializeMap>;
    type SerializeStruct = Fields<'a, S::SerializeStruct>;
    type SerializeStructVariant = Compound<S::SerializeStructVariant>;

    forward_serialize!(
        serialize_bool: bool serialize_i8: i8 serialize_i16: i16 serialize_i32: i32
        serialize_i64: i64 serialize_i128: i128 serialize_u8: u8 serialize_u16: u16
        serialize_u32: u32 serialize_u64: u64 serialize_u128: u128 serialize_f32: f32
        serialize_f64: f64 serialize_char: char serialize_str: &str serialize_bytes: &[u8]
        serialize_unit_struct: &'static str
    );

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_none()
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<S::Ok, S::Error> {
        if self.deep {
            self.inner.serialize_some(&Keep(v))
        } else {
            self.inner.serialize_some(v)
        }
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_variant(name, index, variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        if self.deep {
            self.inner.serialize_newtype_struct(name, &Keep(v))
        } else {
            self.inner.serialize_newtype_struct(name, v)
        }
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        if self.deep {
            self.inner
                .serialize_newtype_variant(name, index, variant, &Keep(v))
        } else {
            self.inner
                .serialize_newtype_variant(name, index, variant, v)
        }
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        let deep = self.deep;
        self.inner.serialize_seq(len).map(|c| Compound(c, deep))
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        let deep = self.deep;
        self.inner.serialize_tuple(len).map(|c| Compound(c, deep))
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        let deep = self.deep;
        self.inner
            .serialize_tuple_struct(name, len)
            .map(|c| Compound(c, deep))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        let deep = self.deep;
        self.inner
            .serialize_tuple_variant(name, index, variant, len)
            .map(|c| Compound(c, deep))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let deep = self.deep;
        self.inner.serialize_map(len).map(|c| Compound(c, deep))
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        Ok(Fields {
            inner: self.inner.serialize_struct(name, len)?,
            placed: self.placed,
            deep: self.deep,
            written: Vec::new(),
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let deep = self.deep;
        self.inner
            .serialize_struct_variant(name, index, variant, len)
            .map(|c| Compound(c, deep))
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, v: &T) -> Result<S::Ok, S::Error> {
        self.inner.collect_str(v)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Sequences, tuples, maps and enum variants: their values are written through [`Keep`].
struct Compound<C>(C, bool);

impl<C: ser::SerializeSeq> ser::SerializeSeq for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        if self.1 {
            self.0.serialize_element(&Keep(v))
        } else {
            self.0.serialize_element(v)
        }
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeTuple> ser::SerializeTuple for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        if self.1 {
            self.0.serialize_element(&Keep(v))
        } else {
            self.0.serialize_element(v)
        }
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeTupleStruct> ser::SerializeTupleStruct for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        if self.1 {
            self.0.serialize_field(&Keep(v))
        } else {
            self.0.serialize_field(v)
        }
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeTupleVariant> ser::SerializeTupleVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        if self.1 {
            self.0.serialize_field(&Keep(v))
        } else {
            self.0.serialize_field(v)
        }
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeMap> ser::SerializeMap for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), C::Error> {
        self.0.serialize_key(k)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), C::Error> {
        if self.1 {
            self.0.serialize_value(&Keep(v))
        } else {
            self.0.serialize_value(v)
        }
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeStructVariant> ser::SerializeStructVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), C::Error> {
        if self.1 {
            self.0.serialize_field(key, &Keep(v))
        } else {
            self.0.serialize_field(key, v)
        }
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(key)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

/// A struct's fields: `extra` becomes the kept parts, each a field of its own.
struct Fields<'a, C> {
    inner: C,
    placed: Option<&'a Extra>,
    deep: bool,
    /// The fields written so far: a kept part named like one of them was the text of a
    /// placeholder, written in its place (or the field has a value of its own since).
    written: Vec<&'static str>,
}

impl<C: ser::SerializeStruct> ser::SerializeStruct for Fields<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), C::Error> {
        if key == EXTRA {
            let parts = parts_of(v).map_err(C::Error::custom)?;
            for (name, text) in &parts {
                if !self.written.contains(&name.as_str()) {
                    let name = lasting_name(name).map_err(C::Error::custom)?;
                    self.inner.serialize_field(name, raw::<C::Error>(text)?)?;
                }
            }
            return Ok(());
        }
        self.written.push(key);
        if let Some(text) = self.placed.and_then(|extra| extra.get(key))
            && is_placeholder(v)
        {
            return self.inner.serialize_field(key, raw::<C::Error>(text)?);
        }
        if self.deep {
            self.inner.serialize_field(key, &Keep(v))
        } else {
            self.inner.serialize_field(key, v)
        }
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}
