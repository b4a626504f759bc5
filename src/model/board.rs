//! The board: everything a workshop puts on the wall, as plain data.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::boundary::{Boundary, BoundaryKind};
use super::extra::Extra;
use super::geometry::{Point, Rect};
use super::id::Id;
use super::legend::Legend;
use super::link::Link;
use super::phase::BigPictureStep;
use super::shared_map::SharedMap;
use super::sticky::Sticky;
use super::types::ObjectType;

/// What the board is about; shown in the title and used by exports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The organisation publishing the board's contracts (AsyncAPI info, EventCatalog).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// The namespace of contexts that name none (`com.acme`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    /// The workshop level the facilitator set, which decides the level-dependent rules of
    /// the model check; written only when it is not automatic.
    #[serde(default, skip_serializing_if = "LevelSetting::is_auto")]
    pub level: LevelSetting,
    /// The big-picture step the room is in (`model::phase`); read only while `level` is big
    /// picture, so the level has one source of truth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<BigPictureStep>,
    /// How many dots each voter has in dot voting; `None` is the default
    /// ([`crate::model::votes::DEFAULT_DOTS`]).
    #[serde(
        default,
        rename = "dots_per_voter",
        skip_serializing_if = "Option::is_none"
    )]
    pub dots: Option<u32>,
    /// What a newer Stormpad wrote here that this one does not know (kept as is).
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// The workshop level a facilitator sets for a board (NOTATION.md, "Phases of a workshop").
/// `Auto` lets the board's contents decide (`model::analysis` works it out).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LevelSetting {
    /// Follow what is on the board.
    #[default]
    Auto,
    /// Events, hotspots, actors: the story.
    BigPicture,
    /// Commands, policies and read models complete the flows.
    Process,
    /// Aggregates and bounded contexts: the model is ready to export.
    Design,
}

impl LevelSetting {
    /// Every choice, in the order the status bar and the inspector offer them.
    pub const ALL: [LevelSetting; 4] = [
        LevelSetting::Auto,
        LevelSetting::BigPicture,
        LevelSetting::Process,
        LevelSetting::Design,
    ];

    /// Whether the board's contents decide the level (the default, not written to files).
    pub fn is_auto(&self) -> bool {
        *self == LevelSetting::Auto
    }
}

/// One EventStorming board. Maps are keyed by random ids and kept sorted, so iteration (and so
/// drawing, exporting and saving) is deterministic. Stickies, regions and arrows are
/// [`SharedMap`]s: a clone of the board (a snapshot for autosave, export or the background
/// model check) shares them and costs microseconds, whatever the board's size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Board {
    pub meta: Meta,
    pub legend: Legend,
    pub stickies: SharedMap<Id, Sticky>,
    pub boundaries: SharedMap<Id, Boundary>,
    pub links: SharedMap<Id, Link>,
    /// The object types (value objects such as Money or Address) that fields refer to by
    /// name, defined once per board.
    pub types: BTreeMap<String, ObjectType>,
    /// Sections of the file a newer Stormpad wrote that this one does not know (kept as is).
    pub extra: Extra,
}

impl Board {
    /// An empty board with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            meta: Meta {
                title: title.into(),
                ..Meta::default()
            },
            ..Self::default()
        }
    }

    /// The innermost region of `kind` containing `point` (the smallest by area; ties go to the
    /// lowest id so the answer never depends on map order).
    pub fn region_at(&self, kind: BoundaryKind, point: Point) -> Option<Id> {
        self.boundaries
            .iter()
            .filter(|(_, b)| b.kind == kind && b.rect.contains(point))
            .min_by(|(ia, a), (ib, b)| {
                a.rect
                    .area()
                    .total_cmp(&b.rect.area())
                    .then_with(|| ia.cmp(ib))
            })
            .map(|(id, _)| *id)
    }

    /// The bounded context a sticky belongs to: the innermost one containing its centre.
    pub fn context_of(&self, sticky: Id) -> Option<Id> {
        let s = self.stickies.get(&sticky)?;
        self.region_at(BoundaryKind::Context, s.rect().center())
    }

    /// The swimlane a sticky belongs to.
    pub fn swimlane_of(&self, sticky: Id) -> Option<Id> {
        let s = self.stickies.get(&sticky)?;
        self.region_at(BoundaryKind::Swimlane, s.rect().center())
    }

    /// What moves along with a boundary: the stickies whose centre lies inside it, and the
    /// boundaries lying entirely inside it. Sorted by id.
    pub fn contents_of(&self, boundary: Id) -> (Vec<Id>, Vec<Id>) {
        let Some(outer) = self.boundaries.get(&boundary) else {
            return (Vec::new(), Vec::new());
        };
        let stickies = self
            .stickies
            .iter()
            .filter(|(_, s)| outer.rect.contains(s.rect().center()))
            .map(|(id, _)| *id)
            .collect();
        let boundaries = self
            .boundaries
            .iter()
            .filter(|(id, b)| **id != boundary && outer.rect.contains_rect(&b.rect))
            .map(|(id, _)| *id)
            .collect();
        (stickies, boundaries)
    }

    /// The links with an end on any of `stickies`, sorted by id.
    pub fn links_touching(&self, stickies: &BTreeSet<Id>) -> Vec<Id> {
        self.links
            .iter()
            .filter(|(_, l)| stickies.contains(&l.from) || stickies.contains(&l.to))
            .map(|(id, _)| *id)
            .collect()
    }

    /// The rectangle around everything on the board, or `None` for an empty board.
    pub fn bounds(&self) -> Option<Rect> {
        let stickies = self.stickies.values().map(Sticky::rect);
        let regions = self.boundaries.values().map(|b| b.rect);
        stickies.chain(regions).reduce(|a, b| a.union(&b))
    }

    /// Whether the board holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.stickies.is_empty()
            && self.boundaries.is_empty()
            && self.links.is_empty()
            && self.types.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geometry::Size;
    use crate::model::sticky::Kind;

    fn region(board: &mut Board, kind: BoundaryKind, x: f32, w: f32) -> Id {
        let id = Id::random();
        let rect = Rect::new(Point::new(x, 0.0), Size::new(w, 1000.0));
        board.boundaries.insert(id, Boundary::new(kind, "r", rect));
        id
    }

    #[test]
    fn a_sticky_belongs_to_the_innermost_context_containing_its_centre() {
        let mut board = Board::new("t");
        let outer = region(&mut board, BoundaryKind::Context, 0.0, 1000.0);
        let inner = region(&mut board, BoundaryKind::Context, 100.0, 300.0);
        let lane = region(&mut board, BoundaryKind::Swimlane, 0.0, 2000.0);
        let a = Id::random();
        let b = Id::random();
        let c = Id::random();
        board.stickies.insert(
            a,
            Sticky::new(Kind::DomainEvent, "A", Point::new(150.0, 10.0)),
        );
        board.stickies.insert(
            b,
            Sticky::new(Kind::DomainEvent, "B", Point::new(600.0, 10.0)),
        );
        board.stickies.insert(
            c,
            Sticky::new(Kind::DomainEvent, "C", Point::new(1500.0, 10.0)),
        );
        assert_eq!(board.context_of(a), Some(inner));
        assert_eq!(board.context_of(b), Some(outer));
        assert_eq!(board.context_of(c), None);
        assert_eq!(board.swimlane_of(c), Some(lane));
        let (stickies, regions) = board.contents_of(outer);
        assert_eq!(stickies.len(), 2);
        assert_eq!(regions, vec![inner]);
    }
}
