//! Random, stable identifiers for stickies, boundaries and links.
//!
//! Ids are random 64-bit numbers, never counters: two people adding stickies to the same board
//! on two git branches must not produce the same id. In files they are 16 hex digits, so the
//! sorted order of a file's maps is the numeric order of its ids.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The identity of one item on the board; it never changes while the item lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub u64);

impl Id {
    /// A fresh random id.
    pub fn random() -> Self {
        // Zero is kept free so that a default value never looks like a real item.
        Id(fastrand::u64(1..))
    }

    /// Parses the 16-hex-digit form used in files and on the clipboard.
    pub fn parse(text: &str) -> Option<Self> {
        if text.is_empty() || text.len() > 16 {
            return None;
        }
        u64::from_str_radix(text, 16).ok().map(Id)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor instead of `String::deserialize`: ids are read without allocating, which
        // matters when a board has a hundred thousand of them.
        struct IdVisitor;
        impl serde::de::Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id of 1 to 16 hexadecimal digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Id, E> {
                Id::parse(text).ok_or_else(|| {
                    E::custom(format!(
                        "\"{text}\" is not an id (ids are 1 to 16 hexadecimal digits)"
                    ))
                })
            }
        }
        d.deserialize_str(IdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        let id = Id(0x00ab_cdef_0123_4567);
        assert_eq!(id.to_string(), "00abcdef01234567");
        assert_eq!(Id::parse(&id.to_string()), Some(id));
        assert_eq!(Id::parse("xyz"), None);
        assert_eq!(Id::parse(""), None);
    }

    #[test]
    fn random_ids_differ() {
        assert_ne!(Id::random(), Id::random());
    }
}
