//! Arrows between stickies, and what the pair of kinds makes them mean (NOTATION.md grammar).

use serde::{Deserialize, Serialize};

use super::extra::Extra;
use super::id::Id;
use super::sticky::Kind;

/// An arrow from one sticky to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub from: Id,
    pub to: Id,
    /// What a newer Stormpad wrote on this arrow that this one does not know (kept as is).
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Link {
    /// An arrow from `from` to `to`.
    pub fn new(from: Id, to: Id) -> Self {
        Self {
            from,
            to,
            extra: Extra::default(),
        }
    }
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

/// Which way the grammar reads an arrow between kinds `a` and `b`: `Some(true)` when only
/// `a -> b` means something, `Some(false)` when only `b -> a` does, `None` when both do
/// (event and external system, two hotspots) or neither (two events).
pub fn grammar_direction(a: Kind, b: Kind) -> Option<bool> {
    match (meaning(a, b).is_some(), meaning(b, a).is_some()) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_gives_every_pair_it_knows_one_way_but_the_two_way_ones() {
        use Kind::*;
        let one_way = [
            (Actor, Command),
            (Policy, Command),
            (Command, Aggregate),
            (Aggregate, DomainEvent),
            (Command, DomainEvent),
            (DomainEvent, Policy),
            (DomainEvent, ReadModel),
            (ReadModel, Actor),
            (Command, ExternalSystem),
        ];
        for (from, to) in one_way {
            assert_eq!(
                grammar_direction(from, to),
                Some(true),
                "{from:?} -> {to:?}"
            );
            assert_eq!(
                grammar_direction(to, from),
                Some(false),
                "{to:?} <- {from:?}"
            );
        }
        for kind in Kind::ALL.into_iter().filter(|k| *k != Hotspot) {
            assert_eq!(grammar_direction(Hotspot, kind), Some(true), "{kind:?}");
            assert_eq!(grammar_direction(kind, Hotspot), Some(false), "{kind:?}");
        }
        // Both ways: the grammar cannot choose, the board's layout does.
        assert_eq!(grammar_direction(DomainEvent, ExternalSystem), None);
        assert_eq!(grammar_direction(ExternalSystem, DomainEvent), None);
        assert_eq!(grammar_direction(Hotspot, Hotspot), None);
        // Every other pair is unknown to the grammar.
        let known = |a: Kind, b: Kind| meaning(a, b).is_some() || meaning(b, a).is_some();
        for a in Kind::ALL {
            for b in Kind::ALL {
                if !known(a, b) {
                    assert_eq!(grammar_direction(a, b), None, "{a:?} {b:?}");
                }
            }
        }
    }

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
