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

/// The per-board legend: overrides of the defaults, keyed by kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Legend {
    overrides: BTreeMap<Kind, LegendEntry>,
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
