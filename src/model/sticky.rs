//! Sticky notes: the kinds of the EventStorming notation and what each sticky carries.

use serde::{Deserialize, Serialize};

use super::extra::Extra;
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
    /// A kind this Stormpad does not know, read from a board made by a newer one. Shown grey;
    /// the name the file gave it is kept in the sticky's [`Extra`] under `kind` and written
    /// back. Never offered in palettes (not in [`Kind::ALL`]).
    Unknown,
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
            Kind::Unknown => "Unknown kind",
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

    /// Whether stickies of this kind become a type in the generated code (events, commands,
    /// aggregates, policies, read models): these belong in a bounded context, and two of
    /// them in one context must not share a type name.
    pub fn becomes_type(self) -> bool {
        matches!(
            self,
            Kind::DomainEvent | Kind::Command | Kind::Aggregate | Kind::Policy | Kind::ReadModel
        )
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
    /// What a newer Stormpad wrote on this field that this one does not know (kept as is).
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
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
    /// Whether an event is a published contract; `Automatic` lets the flows decide.
    #[serde(default, skip_serializing_if = "Visibility::is_automatic")]
    pub visibility: Visibility,
    /// The channel a public event is published on (`orders.order-placed.v1`); `None` takes
    /// the name derived from its context and name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// How a public event travels to its consumers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<Transport>,
    /// What a newer Stormpad wrote on this sticky that this one does not know (kept as is).
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// Whether an event is meant to leave its bounded context (NOTATION.md, "Events across
/// boundaries").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Visibility {
    /// Public when the flows say so (consumed in another context or outside), else internal.
    #[default]
    Automatic,
    /// Stays inside its context, whatever links to it.
    Internal,
    /// A published contract, even with no consumer drawn yet.
    Public,
}

impl Visibility {
    /// Every choice, in the order the inspector offers them.
    pub const ALL: [Visibility; 3] = [
        Visibility::Automatic,
        Visibility::Internal,
        Visibility::Public,
    ];

    /// The name people read in the inspector.
    pub fn label(self) -> &'static str {
        match self {
            Visibility::Automatic => "Automatic",
            Visibility::Internal => "Internal",
            Visibility::Public => "Public",
        }
    }

    fn is_automatic(&self) -> bool {
        *self == Visibility::Automatic
    }
}

/// How a public event reaches other teams, partners or front-end clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Transport {
    Kafka,
    Amqp,
    Mqtt,
    WebSocket,
    ServerSentEvents,
    Webhook,
    EventBridge,
    Other,
}

impl Transport {
    /// Every transport, in the order the inspector offers them.
    pub const ALL: [Transport; 8] = [
        Transport::Kafka,
        Transport::Amqp,
        Transport::Mqtt,
        Transport::WebSocket,
        Transport::ServerSentEvents,
        Transport::Webhook,
        Transport::EventBridge,
        Transport::Other,
    ];

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Transport::Kafka => "Kafka",
            Transport::Amqp => "AMQP",
            Transport::Mqtt => "MQTT",
            Transport::WebSocket => "WebSocket",
            Transport::ServerSentEvents => "Server-Sent Events",
            Transport::Webhook => "Webhook (HTTP)",
            Transport::EventBridge => "EventBridge",
            Transport::Other => "Other",
        }
    }
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
            visibility: Visibility::Automatic,
            channel: None,
            transport: None,
            extra: Extra::default(),
        }
    }

    /// The name a newer Stormpad gave this sticky's kind, when this one does not know it.
    pub fn unknown_kind_name(&self) -> Option<&str> {
        (self.kind == Kind::Unknown).then(|| self.extra.get("kind").unwrap_or("Unknown"))
    }

    /// The sticky's rectangle on the board.
    pub fn rect(&self) -> Rect {
        Rect::new(self.pos, self.size)
    }
}
