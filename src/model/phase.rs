//! The phases of a workshop (NOTATION.md, "Phases of a workshop"): the steps of Brandolini's
//! big picture, then the process and design levels. The model owns the list, what the room
//! does in each, and which sticky kinds each phase uses (the palette puts those first).
//!
//! One source of truth for the level: [`Meta::level`] stays the board's level; the board
//! stores only which big-picture step the room is in ([`Meta::phase`], meaningful when the
//! level is big picture). [`Phase::of`] reads both; choosing a phase sets both
//! (`edit::ops::set_phase`), and choosing another level clears the step.

use serde::{Deserialize, Serialize};

use super::board::{LevelSetting, Meta};
use super::sticky::Kind;

/// A step of the big picture, as the board stores it (`phase:` in the file's meta).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BigPictureStep {
    KickOff,
    ChaoticExploration,
    EnforceTheTimeline,
    PeopleAndSystems,
    ProblemsAndOpportunities,
    PickYourProblem,
}

/// Where the room is: a big-picture step, or the process or design level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    BigPicture(BigPictureStep),
    Process,
    Design,
}

impl Phase {
    /// Every phase, in the order a workshop goes through them.
    pub const ALL: [Phase; 8] = [
        Phase::BigPicture(BigPictureStep::KickOff),
        Phase::BigPicture(BigPictureStep::ChaoticExploration),
        Phase::BigPicture(BigPictureStep::EnforceTheTimeline),
        Phase::BigPicture(BigPictureStep::PeopleAndSystems),
        Phase::BigPicture(BigPictureStep::ProblemsAndOpportunities),
        Phase::BigPicture(BigPictureStep::PickYourProblem),
        Phase::Process,
        Phase::Design,
    ];

    /// The phase a board's meta says the room is in; `None` when the facilitator chose none
    /// (an automatic level, or big picture without a step).
    pub fn of(meta: &Meta) -> Option<Phase> {
        match meta.level {
            LevelSetting::Auto => None,
            LevelSetting::BigPicture => meta.phase.map(Phase::BigPicture),
            LevelSetting::Process => Some(Phase::Process),
            LevelSetting::Design => Some(Phase::Design),
        }
    }

    /// The level this phase belongs to (what the model check follows).
    pub fn level(self) -> LevelSetting {
        match self {
            Phase::BigPicture(_) => LevelSetting::BigPicture,
            Phase::Process => LevelSetting::Process,
            Phase::Design => LevelSetting::Design,
        }
    }

    /// The big-picture step the board stores for this phase (`None` for process and design).
    pub fn step(self) -> Option<BigPictureStep> {
        match self {
            Phase::BigPicture(step) => Some(step),
            Phase::Process | Phase::Design => None,
        }
    }

    /// The phase's name.
    pub fn label(self) -> &'static str {
        use BigPictureStep::*;
        match self {
            Phase::BigPicture(KickOff) => "Kick-off",
            Phase::BigPicture(ChaoticExploration) => "Chaotic exploration",
            Phase::BigPicture(EnforceTheTimeline) => "Enforce the timeline",
            Phase::BigPicture(PeopleAndSystems) => "People and systems",
            Phase::BigPicture(ProblemsAndOpportunities) => "Problems and opportunities",
            Phase::BigPicture(PickYourProblem) => "Pick your problem",
            Phase::Process => "Process level",
            Phase::Design => "Design level",
        }
    }

    /// One line saying what the room does now, for the phase bar.
    pub fn what_the_room_does(self) -> &'static str {
        use BigPictureStep::*;
        match self {
            Phase::BigPicture(KickOff) => {
                "Say why we are here and what is in scope; show one orange event as an example."
            }
            Phase::BigPicture(ChaoticExploration) => {
                "Everyone writes domain events alone, in the past tense; mark doubts as hotspots."
            }
            Phase::BigPicture(EnforceTheTimeline) => {
                "Order the events left to right, remove duplicates, mark the pivotal events."
            }
            Phase::BigPicture(PeopleAndSystems) => {
                "Add who does what (actors) and the systems outside our control."
            }
            Phase::BigPicture(ProblemsAndOpportunities) => {
                "Put every problem on a hotspot and every idea on an opportunity."
            }
            Phase::BigPicture(PickYourProblem) => {
                "Everyone places their dots on the problems worth solving first."
            }
            Phase::Process => {
                "Complete each flow: commands, policies, read models and the actors who decide."
            }
            Phase::Design => {
                "Find the aggregates and the bounded contexts; give events and commands fields."
            }
        }
    }

    /// The kinds this phase uses, most important first; the palette puts them first and
    /// keeps the others reachable below.
    pub fn emphasised_kinds(self) -> &'static [Kind] {
        use BigPictureStep::*;
        match self {
            Phase::BigPicture(KickOff | ChaoticExploration | EnforceTheTimeline) => {
                &[Kind::DomainEvent, Kind::Hotspot]
            }
            Phase::BigPicture(PeopleAndSystems) => &[Kind::Actor, Kind::ExternalSystem],
            Phase::BigPicture(ProblemsAndOpportunities | PickYourProblem) => {
                &[Kind::Hotspot, Kind::Opportunity]
            }
            Phase::Process => &[Kind::Command, Kind::Policy, Kind::ReadModel, Kind::Actor],
            Phase::Design => &[Kind::Aggregate, Kind::Command, Kind::DomainEvent],
        }
    }

    /// The phase after this one (the last stays the last).
    pub fn next(self) -> Phase {
        let i = Self::index(self);
        Self::ALL[(i + 1).min(Self::ALL.len() - 1)]
    }

    /// The phase before this one (the first stays the first).
    pub fn previous(self) -> Phase {
        Self::ALL[Self::index(self).saturating_sub(1)]
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_phase_emphasises_the_kinds_the_room_writes_then() {
        let explore = Phase::BigPicture(BigPictureStep::ChaoticExploration);
        assert_eq!(
            explore.emphasised_kinds(),
            [Kind::DomainEvent, Kind::Hotspot]
        );
        let people = Phase::BigPicture(BigPictureStep::PeopleAndSystems);
        assert_eq!(
            people.emphasised_kinds(),
            [Kind::Actor, Kind::ExternalSystem]
        );
        for phase in Phase::ALL {
            assert!(!phase.emphasised_kinds().is_empty(), "{phase:?}");
            assert!(!phase.what_the_room_does().is_empty());
            assert!(
                phase
                    .emphasised_kinds()
                    .iter()
                    .all(|k| Kind::ALL.contains(k)),
                "{phase:?} emphasises a kind the palette does not offer"
            );
        }
    }

    #[test]
    fn the_level_is_read_from_the_level_and_the_step_only_refines_big_picture() {
        let mut meta = Meta::default();
        assert_eq!(Phase::of(&meta), None, "automatic level: no phase");
        meta.phase = Some(BigPictureStep::PickYourProblem);
        assert_eq!(
            Phase::of(&meta),
            None,
            "a step alone does not set the level"
        );
        meta.level = LevelSetting::BigPicture;
        assert_eq!(
            Phase::of(&meta),
            Some(Phase::BigPicture(BigPictureStep::PickYourProblem))
        );
        meta.level = LevelSetting::Design;
        assert_eq!(Phase::of(&meta), Some(Phase::Design));
        for phase in Phase::ALL {
            let meta = Meta {
                level: phase.level(),
                phase: phase.step(),
                ..Meta::default()
            };
            assert_eq!(
                Phase::of(&meta),
                Some(phase),
                "a phase survives its own storage"
            );
        }
    }

    #[test]
    fn next_and_previous_walk_the_workshop_and_stop_at_its_ends() {
        let first = Phase::ALL[0];
        assert_eq!(first.previous(), first);
        assert_eq!(Phase::Design.next(), Phase::Design);
        let mut p = first;
        for expected in Phase::ALL.iter().skip(1) {
            p = p.next();
            assert_eq!(p, *expected);
        }
        assert_eq!(
            Phase::Process.previous().step(),
            Some(BigPictureStep::PickYourProblem)
        );
    }
}
