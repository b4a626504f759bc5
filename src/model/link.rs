//! Arrows between stickies, and what the pair of kinds makes them mean (NOTATION.md grammar).

use serde::{Deserialize, Serialize};

use super::id::Id;
use super::sticky::Kind;

/// An arrow from one sticky to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub from: Id,
    pub to: Id,
}

/// The meaning the grammar gives to an arrow between two kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkMeaning {
    /// Actor -> command, policy -> command.
    Issues,
    /// Command -> aggregate.
    HandledBy,
    /// Aggregate -> event, external system -> event.
    Emits,
    /// Command -> event, when no aggregate is drawn yet (process level).
    ResultsIn,
    /// Event -> policy.
    Triggers,
    /// Event -> read model.
    Updates,
    /// Read model -> actor.
    Informs,
    /// Command -> external system.
    Invokes,
    /// Event -> external system: the event leaves the organisation (a partner's webhook, a
    /// front-end client). Not in NOTATION.md's table; the spec-export issue names external
    /// systems among an event's consumers, and this is how a board says so.
    SentTo,
    /// Hotspot -> anything.
    Flags,
}

impl LinkMeaning {
    /// The verb shown on the arrow and in reports.
    pub fn verb(self) -> &'static str {
        match self {
            LinkMeaning::Issues => "issues",
            LinkMeaning::HandledBy => "handled by",
            LinkMeaning::Emits => "emits",
            LinkMeaning::ResultsIn => "results in",
            LinkMeaning::Triggers => "triggers",
            LinkMeaning::Updates => "updates",
            LinkMeaning::Informs => "informs",
            LinkMeaning::Invokes => "invokes",
            LinkMeaning::SentTo => "sent to",
            LinkMeaning::Flags => "flags",
        }
    }
}

/// What an arrow from a `from` sticky to a `to` sticky means, or `None` when the grammar does
/// not know the pair (allowed on the canvas, reported by the model check).
pub fn meaning(from: Kind, to: Kind) -> Option<LinkMeaning> {
    use Kind::*;
    Some(match (from, to) {
        (Actor, Command) | (Policy, Command) => LinkMeaning::Issues,
        (Command, Aggregate) => LinkMeaning::HandledBy,
        (Aggregate, DomainEvent) | (ExternalSystem, DomainEvent) => LinkMeaning::Emits,
        (Command, DomainEvent) => LinkMeaning::ResultsIn,
        (DomainEvent, Policy) => LinkMeaning::Triggers,
        (DomainEvent, ReadModel) => LinkMeaning::Updates,
        (ReadModel, Actor) => LinkMeaning::Informs,
        (Command, ExternalSystem) => LinkMeaning::Invokes,
        (DomainEvent, ExternalSystem) => LinkMeaning::SentTo,
        (Hotspot, _) => LinkMeaning::Flags,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_reads_left_to_right() {
        assert_eq!(
            meaning(Kind::Actor, Kind::Command),
            Some(LinkMeaning::Issues)
        );
        assert_eq!(
            meaning(Kind::Command, Kind::Aggregate),
            Some(LinkMeaning::HandledBy)
        );
        assert_eq!(
            meaning(Kind::DomainEvent, Kind::Policy),
            Some(LinkMeaning::Triggers)
        );
        assert_eq!(
            meaning(Kind::Hotspot, Kind::Actor),
            Some(LinkMeaning::Flags)
        );
        assert_eq!(meaning(Kind::DomainEvent, Kind::Actor), None);
    }
}
