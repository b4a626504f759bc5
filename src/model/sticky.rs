//! Sticky notes: the kinds of the EventStorming notation and what each sticky carries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::delivery::Delivery;
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
    /// Kept out of the public contract: only the context's own (internal) exports carry it.
    /// Written `internal: true`, so every field of an older board stays published.
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal: bool,
    /// Personal data (a name, an address, a phone number): a public contract exposing it is
    /// reported (ES021).
    #[serde(default, skip_serializing_if = "is_false")]
    pub personal: bool,
    /// What a newer Stormpad wrote on this field that this one does not know (kept as is).
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Field {
    /// Whether the field is in the event's public contract (not marked internal).
    pub fn is_published(&self) -> bool {
        !self.internal
    }
}

/// A sticky note on the board. Read and written through `sticky_serde.rs`, which keeps the
/// form boards had before deliveries existed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "super::sticky_serde::StickyIn")]
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
    /// Who an event reaches (or comes from), how and on which channel; the first one is the
    /// event's main channel. A board from before audiences has its `channel` and `transport`
    /// read as one delivery to any subscriber.
    pub deliveries: Vec<Delivery>,
    /// Dot votes by voter name (`model::votes`), written `dots: {"Ana": 2}` only when someone
    /// voted.
    pub votes: BTreeMap<String, u32>,
    /// What a newer Stormpad wrote on this sticky that this one does not know (kept as is).
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

    pub(super) fn is_automatic(&self) -> bool {
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

pub(super) fn is_false(b: &bool) -> bool {
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
            deliveries: Vec::new(),
            votes: BTreeMap::new(),
            extra: Extra::default(),
        }
    }

    /// The transport of the event's first delivery: what an event had as its one transport
    /// before audiences (exports that know one transport per event read this).
    pub fn transport(&self) -> Option<Transport> {
        self.deliveries.first().and_then(|d| d.transport)
    }

    /// The channel typed on the event's first delivery, as typed.
    pub fn channel(&self) -> Option<&str> {
        self.deliveries.first().and_then(|d| d.channel.as_deref())
    }

    /// Sets the channel of the event's first delivery, as an old board's one `channel` did:
    /// makes a delivery to any subscriber when there is none, and drops that delivery again
    /// when it is left with neither channel nor transport.
    pub fn set_channel(&mut self, channel: Option<String>) {
        use super::delivery::{Audience, Direction};
        match self.deliveries.first_mut() {
            Some(first) => first.channel = channel,
            None if channel.is_some() => self.deliveries.push(Delivery {
                audience: Audience::AnySubscriber,
                transport: None,
                channel,
                direction: Direction::Publish,
            }),
            None => {}
        }
        if self.deliveries.first().is_some_and(|d| {
            d.audience == Audience::AnySubscriber
                && d.direction == Direction::Publish
                && d.channel.is_none()
                && d.transport.is_none()
        }) {
            self.deliveries.remove(0);
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
