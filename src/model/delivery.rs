//! Deliveries: who an event reaches (or comes from), over which transport and channel.
//!
//! One domain event can travel to several audiences at once: other bounded contexts over a
//! broker, partner organisations by webhook, front-end clients over WebSocket or SSE. Each way
//! is one [`Delivery`] on the event's sticky. An audience names a thing on the board by id (a
//! bounded context, a front-end region, a partner region or an external-system sticky), so
//! renaming it renames every delivery. What a delivery resolves to (names, the default
//! channel, the transport an audience usually takes) is `analysis::audiences`.

use serde::{Deserialize, Serialize};

use super::id::Id;
use super::sticky::Transport;

/// Who a delivery goes to (or, when received, comes from).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Audience {
    /// A bounded context (a boundary of kind `Context`).
    Context(Id),
    /// A front-end client: a boundary of kind `FrontEnd` ("Customer web app").
    FrontEnd(Id),
    /// A partner organisation: a boundary of kind `Partner` ("Stripe"), or an external-system
    /// sticky standing for one.
    Partner(Id),
    /// Whoever subscribes: the broadcast form every event had before audiences existed.
    AnySubscriber,
}

/// The kind of an [`Audience`], without its id: what the inspector offers and the exports
/// branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AudienceKind {
    Context,
    FrontEnd,
    Partner,
    AnySubscriber,
}

impl AudienceKind {
    /// The word people read: `context`, `front end`, `partner`, `any subscriber`.
    pub fn label(self) -> &'static str {
        match self {
            AudienceKind::Context => "context",
            AudienceKind::FrontEnd => "front end",
            AudienceKind::Partner => "partner",
            AudienceKind::AnySubscriber => "any subscriber",
        }
    }

    /// The transport such an audience usually takes, given to a delivery made by an arrow:
    /// a broker between contexts, WebSocket to front ends, webhooks with partners; `None`
    /// for "any subscriber" (not decided).
    pub fn usual_transport(self) -> Option<Transport> {
        match self {
            AudienceKind::Context => Some(Transport::Kafka),
            AudienceKind::FrontEnd => Some(Transport::WebSocket),
            AudienceKind::Partner => Some(Transport::Webhook),
            AudienceKind::AnySubscriber => None,
        }
    }
}

impl Audience {
    /// Its kind.
    pub fn kind(self) -> AudienceKind {
        match self {
            Audience::Context(_) => AudienceKind::Context,
            Audience::FrontEnd(_) => AudienceKind::FrontEnd,
            Audience::Partner(_) => AudienceKind::Partner,
            Audience::AnySubscriber => AudienceKind::AnySubscriber,
        }
    }

    /// The board item it names, if any.
    pub fn id(self) -> Option<Id> {
        match self {
            Audience::Context(id) | Audience::FrontEnd(id) | Audience::Partner(id) => Some(id),
            Audience::AnySubscriber => None,
        }
    }

    /// Whether it is outside the organisation (a partner or a front-end client): such
    /// deliveries are public contracts that need a version (ES022).
    pub fn is_outside(self) -> bool {
        matches!(self, Audience::FrontEnd(_) | Audience::Partner(_))
    }
}

/// Which way an event travels on a delivery, seen from the context the event is in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Direction {
    /// We publish it to the audience.
    #[default]
    Publish,
    /// We receive it from the audience (a partner's webhook calling us).
    Receive,
}

impl Direction {
    /// Both, in the order the inspector offers them.
    pub const ALL: [Direction; 2] = [Direction::Publish, Direction::Receive];

    /// The word people read.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Publish => "publish",
            Direction::Receive => "receive",
        }
    }

    fn is_publish(&self) -> bool {
        *self == Direction::Publish
    }
}

/// One way an event reaches an audience (or arrives from one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub audience: Audience,
    /// How it travels; `None`: not decided (the analysis then takes the audience's usual one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<Transport>,
    /// The channel, topic or endpoint typed by a person; `None` derives one from the names
    /// (`Analysis::delivery_channel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Direction::is_publish")]
    pub direction: Direction,
}

impl Delivery {
    /// A delivery to `audience` with the transport it usually takes and a derived channel.
    pub fn to(audience: Audience, direction: Direction) -> Self {
        Self {
            audience,
            transport: audience.kind().usual_transport(),
            channel: None,
            direction,
        }
    }

    /// Whether this delivery is what a board written before audiences meant by an event's
    /// `channel` and `transport`: published to any subscriber, with one of them set. Such a
    /// delivery, alone on its event, is written back in that old form (byte for byte).
    pub fn is_legacy_form(&self) -> bool {
        self.audience == Audience::AnySubscriber
            && self.direction == Direction::Publish
            && (self.channel.is_some() || self.transport.is_some())
    }
}
