//! Keeping what a newer Stormpad wrote: reading parts this version does not know into the
//! model's opaque [`Extra`](crate::model::Extra), and writing them back, byte for byte.
//!
//! The model's structs mark where unknown parts belong with a last field named `extra`
//! (a [`crate::model::Extra`]); serde's derives stay as they are. Reading goes through
//! [`read::Keeping`], a deserializer wrapper that, in every struct with such a field, takes
//! each field the struct does not declare as its raw RON text instead of letting serde skip
//! it, and hands the lot to the `extra` field. Writing goes through [`write::Keep`], which
//! writes each kept part back in place of `extra`, after the known fields, sorted by name.
//!
//! A field whose value this version cannot read at all is handled the same way where the
//! model has a placeholder for it: a sticky's `kind` that names no kind known here becomes
//! [`Kind::Unknown`](crate::model::Kind::Unknown), its text is kept under `kind`, and it is
//! written back in the field's own place as long as the sticky's kind is still unknown.

pub mod read;
pub mod write;

/// The name of the field that holds unknown parts in the model's structs.
const EXTRA: &str = "extra";

/// The value that stands in the model for a value this version could not read.
const UNKNOWN: &str = "Unknown";
