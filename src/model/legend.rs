//! The board's legend: the label and colour of each kind, which a facilitator may change per
//! workshop. Only the changes are stored; every other kind shows NOTATION.md's defaults.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::sticky::Kind;

/// An opaque colour, written `"#RRGGBB"` in files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#RRGGBB` (the `#` is optional).
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Rgb::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("\"{text}\" is not a colour (expected \"#RRGGBB\")"))
        })
    }
}

/// The default colour of each kind (NOTATION.md).
pub fn default_color(kind: Kind) -> Rgb {
    match kind {
        Kind::DomainEvent => Rgb(0xFF, 0xB8, 0x4D),
        Kind::Command => Rgb(0x7E, 0xC8, 0xF0),
        Kind::Actor => Rgb(0xFF, 0xF9, 0xB1),
        Kind::Aggregate => Rgb(0xFF, 0xE0, 0x66),
        Kind::Policy => Rgb(0xC9, 0xA0, 0xDC),
        Kind::ReadModel => Rgb(0xA8, 0xD0, 0x8D),
        Kind::ExternalSystem => Rgb(0xF4, 0xA6, 0xC0),
        Kind::Hotspot => Rgb(0xE8, 0x5D, 0x75),
        Kind::Opportunity => Rgb(0x4C, 0xC3, 0x8A),
        // Grey: not part of the notation, so nothing to read into its colour.
        Kind::Unknown => Rgb(0xC8, 0xC8, 0xC8),
    }
}

/// How one kind looks on this board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    pub label: String,
    pub color: Rgb,
}

/// The per-board legend: overrides of the defaults, keyed by kind. Written as one map from
/// kind to entry; entries of kinds a newer Stormpad added are kept and written back after the
/// known ones, so a board from a newer version loses nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Legend {
    overrides: BTreeMap<Kind, LegendEntry>,
    /// Entries of kinds this version does not know, by the kind's name (an identifier).
    kept: BTreeMap<String, LegendEntry>,
}

/// A key of the legend as read: a kind this version knows, or the name of one it does not.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum LegendKey {
    Known(Kind),
    Unknown(String),
}

impl<'de> Deserialize<'de> for LegendKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = LegendKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sticky kind (`DomainEvent`, `Policy`, ...)")
            }
            fn visit_enum<A: serde::de::EnumAccess<'de>>(
                self,
                data: A,
            ) -> Result<LegendKey, A::Error> {
                use serde::de::VariantAccess;
                let (VariantName(name), variant) = data.variant()?;
                variant.unit_variant()?;
                key_named::<A::Error>(name)
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<LegendKey, E> {
                key_named(name.to_owned())
            }
        }
        d.deserialize_enum("Kind", KIND_NAMES, KeyVisitor)
    }
}

/// The name of an enum variant as the format writes it (an identifier, not a string).
struct VariantName(String);

impl<'de> Deserialize<'de> for VariantName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl serde::de::Visitor<'_> for NameVisitor {
            type Value = VariantName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the name of a sticky kind")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<VariantName, E> {
                Ok(VariantName(name.to_owned()))
            }
        }
        d.deserialize_identifier(NameVisitor)
    }
}

/// The names of the kinds this version knows, as files write them.
const KIND_NAMES: &[&str] = &[
    "DomainEvent",
    "Command",
    "Actor",
    "Aggregate",
    "Policy",
    "ReadModel",
    "ExternalSystem",
    "Hotspot",
    "Opportunity",
    "Unknown",
];

/// The key named `name`: a known kind, or a name kept for a newer version's kind. A name that
/// is not an identifier is refused: it could not be written back as a kind.
fn key_named<E: serde::de::Error>(name: String) -> Result<LegendKey, E> {
    let as_kind = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&name);
    if let Ok(kind) = Kind::deserialize(as_kind) {
        return Ok(LegendKey::Known(kind));
    }
    let mut chars = name.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if identifier && name.len() <= MAX_KEPT_NAME {
        Ok(LegendKey::Unknown(name))
    } else {
        Err(E::custom(format!("`{name}` is not a sticky kind")))
    }
}

/// The longest name of an unknown kind kept in a legend.
const MAX_KEPT_NAME: usize = 64;

/// The name of a kept kind, written as the kind it is (`Question`, not `"Question"`).
struct KeptKind<'a>(&'a str);

impl Serialize for KeptKind<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let name = super::extra::lasting_name(self.0).map_err(serde::ser::Error::custom)?;
        s.serialize_unit_variant("Kind", 0, name)
    }
}

impl Serialize for Legend {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.overrides.len() + self.kept.len()))?;
        for (kind, entry) in &self.overrides {
            map.serialize_entry(kind, entry)?;
        }
        for (name, entry) in &self.kept {
            map.serialize_entry(&KeptKind(name), entry)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Legend {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<LegendKey, LegendEntry>::deserialize(d)?;
        let mut legend = Legend::default();
        for (key, entry) in entries {
            match key {
                LegendKey::Known(kind) => {
                    legend.overrides.insert(kind, entry);
                }
                LegendKey::Unknown(name) => {
                    legend.kept.insert(name, entry);
                }
            }
        }
        Ok(legend)
    }
}

impl Legend {
    /// The entry of `kind` on this board: its override or the default.
    pub fn entry(&self, kind: Kind) -> LegendEntry {
        self.overrides
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| LegendEntry {
                label: kind.default_label().to_owned(),
                color: default_color(kind),
            })
    }

    /// The label of `kind` on this board.
    pub fn label(&self, kind: Kind) -> String {
        self.entry(kind).label
    }

    /// The colour of `kind` on this board.
    pub fn color(&self, kind: Kind) -> Rgb {
        self.overrides
            .get(&kind)
            .map_or_else(|| default_color(kind), |e| e.color)
    }

    /// The stored override of `kind`, if any (what an edit must restore on undo).
    pub fn override_of(&self, kind: Kind) -> Option<&LegendEntry> {
        self.overrides.get(&kind)
    }

    /// Sets or clears the override of `kind`. An entry equal to the default is not stored, so
    /// a file only lists what the facilitator really changed.
    pub fn set_override(&mut self, kind: Kind, entry: Option<LegendEntry>) {
        match entry {
            Some(e) if e.label != kind.default_label() || e.color != default_color(kind) => {
                self.overrides.insert(kind, e);
            }
            _ => {
                self.overrides.remove(&kind);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_names_a_legend_reads_are_every_kind() {
        let mut kinds: Vec<Kind> = Kind::ALL.to_vec();
        kinds.push(Kind::Unknown);
        let names: Vec<String> = kinds.iter().map(|k| format!("{k:?}")).collect();
        assert_eq!(names, KIND_NAMES);
    }

    #[test]
    fn colours_parse_and_print() {
        assert_eq!(Rgb::parse("#FFB84D"), Some(Rgb(0xFF, 0xB8, 0x4D)));
        assert_eq!(Rgb::parse("ffb84d"), Some(Rgb(0xFF, 0xB8, 0x4D)));
        assert_eq!(Rgb::parse("#FFB8"), None);
        assert_eq!(Rgb::parse("#ÿÿÿ"), None);
        assert_eq!(Rgb(1, 2, 255).to_string(), "#0102FF");
    }

    #[test]
    fn a_renamed_kind_keeps_its_colour_and_a_default_is_not_stored() {
        let mut legend = Legend::default();
        legend.set_override(
            Kind::Policy,
            Some(LegendEntry {
                label: "Process".into(),
                color: default_color(Kind::Policy),
            }),
        );
        assert_eq!(legend.label(Kind::Policy), "Process");
        legend.set_override(Kind::Policy, Some(legend.entry(Kind::Command)));
        legend.set_override(
            Kind::Command,
            Some(LegendEntry {
                label: "Command".into(),
                color: default_color(Kind::Command),
            }),
        );
        assert!(legend.override_of(Kind::Command).is_none());
    }
}
