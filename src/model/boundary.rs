//! Boundaries: bounded contexts and swimlanes, named regions drawn around stickies.
//!
//! Membership is never stored: a sticky belongs to the region that contains its centre (see
//! [`super::board::Board::context_of`]).

use serde::{Deserialize, Serialize};

use super::geometry::Rect;

/// What a region means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BoundaryKind {
    /// A bounded context: a named model with its own ubiquitous language.
    Context,
    /// A horizontal band for one actor, department or parallel flow.
    Swimlane,
    /// A front-end client ("Customer web app"): an audience events are pushed to over
    /// WebSocket, SSE or MQTT. Not a context: what is drawn inside is its screens.
    FrontEnd,
    /// A partner organisation ("Stripe", "Courier partner"): an audience outside the company,
    /// usually reached by webhook; the external systems inside it are its systems.
    Partner,
}

impl BoundaryKind {
    /// The name people use for it.
    pub fn label(self) -> &'static str {
        match self {
            BoundaryKind::Context => "Bounded context",
            BoundaryKind::Swimlane => "Swimlane",
            BoundaryKind::FrontEnd => "Front-end client",
            BoundaryKind::Partner => "Partner organisation",
        }
    }

    /// Whether the region is an audience of deliveries (a front end or a partner).
    pub fn is_audience(self) -> bool {
        matches!(self, BoundaryKind::FrontEnd | BoundaryKind::Partner)
    }
}

/// A named region of the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    pub kind: BoundaryKind,
    pub name: String,
    pub rect: Rect,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The team that owns a bounded context.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub team: String,
    /// The context's namespace in exports (`com.acme.orders`); empty takes the board's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
}

impl Boundary {
    /// A new region of `kind` named `name` covering `rect`.
    pub fn new(kind: BoundaryKind, name: impl Into<String>, rect: Rect) -> Self {
        Self {
            kind,
            name: name.into(),
            rect,
            description: String::new(),
            team: String::new(),
            namespace: String::new(),
        }
    }
}
