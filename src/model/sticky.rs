//! Sticky notes: the kinds of the EventStorming notation and what each sticky carries.

use serde::{Deserialize, Serialize};

use super::geometry::{Point, Rect, Size};

/// The kind of a sticky (NOTATION.md). The kind, not the colour, is what the model uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    DomainEvent,
    Command,
    Actor,
    Aggregate,
    Policy,
    ReadModel,
    ExternalSystem,
    Hotspot,
    Opportunity,
}

impl Kind {
    /// Every kind, in the order palettes and legends show them.
    pub const ALL: [Kind; 9] = [
        Kind::DomainEvent,
        Kind::Command,
        Kind::Actor,
        Kind::Aggregate,
        Kind::Policy,
        Kind::ReadModel,
        Kind::ExternalSystem,
        Kind::Hotspot,
        Kind::Opportunity,
    ];

    /// The default name of the kind, before a board's legend renames it.
    pub fn default_label(self) -> &'static str {
        match self {
            Kind::DomainEvent => "Domain event",
            Kind::Command => "Command",
            Kind::Actor => "Actor",
            Kind::Aggregate => "Aggregate",
            Kind::Policy => "Policy",
            Kind::ReadModel => "Read model",
            Kind::ExternalSystem => "External system",
            Kind::Hotspot => "Hotspot",
            Kind::Opportunity => "Opportunity",
        }
    }

    /// The default size of a new sticky: squares, small actors, large aggregates and policies,
    /// wide external systems (NOTATION.md).
    pub fn default_size(self) -> Size {
        match self {
            Kind::Actor => Size::new(120.0, 90.0),
            Kind::Aggregate | Kind::Policy => Size::new(200.0, 160.0),
            Kind::ExternalSystem => Size::new(240.0, 120.0),
            _ => Size::new(160.0, 160.0),
        }
    }

    /// Whether stickies of this kind carry fields (a payload).
    pub fn has_fields(self) -> bool {
        matches!(self, Kind::DomainEvent | Kind::Command)
    }
}

/// One field of an event's or command's payload.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    /// The type as written by the user (`string`, `uuid`, `list<Money>`, ...); the spec
    /// exporters interpret it.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A sticky note on the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sticky {
    pub kind: Kind,
    pub text: String,
    /// Top-left corner in board units.
    pub pos: Point,
    pub size: Size,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Payload fields; used by events and commands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Contract version of an event (semver), once it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A pivotal event splits the timeline into chapters.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pivotal: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Sticky {
    /// A new sticky of `kind` with its default size, top-left at `pos`.
    pub fn new(kind: Kind, text: impl Into<String>, pos: Point) -> Self {
        Self {
            kind,
            text: text.into(),
            pos,
            size: kind.default_size(),
            description: String::new(),
            notes: String::new(),
            fields: Vec::new(),
            version: None,
            pivotal: false,
        }
    }

    /// The sticky's rectangle on the board.
    pub fn rect(&self) -> Rect {
        Rect::new(self.pos, self.size)
    }
}
