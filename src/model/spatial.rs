//! A spatial index of the board: which stickies and arrows lie in a rectangle, without looking
//! at all of them. The canvas culls and hit-tests through it, so a frame costs what is on
//! screen, not what is on the board. It is derived data: build it again when the board
//! changes (the GUI caches it by history revision).

use std::collections::HashMap;

use super::board::Board;
use super::geometry::{Point, Rect};
use super::id::Id;
use super::sticky::Kind;

/// Side of one grid cell, in board units: a little more than a projector's screenful of
/// stickies at workshop zoom spans a handful of cells.
const CELL: f32 = 1024.0;
/// An arrow or sticky whose bounding box spans more cells than this is kept in a short
/// separate list instead of in every cell it crosses.
const MAX_CELLS: i64 = 64;

type Cell = (i32, i32);

/// The ids in the buckets of the cells `rect` touches, plus those in every cell, sorted and
/// without repeats.
fn candidates(buckets: &HashMap<Cell, Vec<Id>>, everywhere: &[Id], rect: Rect) -> Vec<Id> {
    let mut ids: Vec<Id> = cells(rect)
        .filter_map(|c| buckets.get(&c))
        .flatten()
        .chain(everywhere)
        .copied()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Grid buckets of sticky and link ids.
#[derive(Debug, Default)]
pub struct SpatialIndex {
    stickies: HashMap<Cell, Vec<Id>>,
    links: HashMap<Cell, Vec<Id>>,
    /// Stickies too large for buckets (only a hand-edited file makes one): always candidates.
    huge_stickies: Vec<Id>,
    /// Arrows spanning too many cells: always candidates.
    long_links: Vec<Id>,
    pivotal: Vec<Id>,
    /// Every sticky's rectangle and kind, contiguous and sorted by id: drawing the whole
    /// board zoomed out walks this instead of the map.
    all: Vec<(Id, Rect, Kind)>,
}

fn cell_of(p: Point) -> Cell {
    let clamp = |v: f32| (v / CELL).floor().clamp(i32::MIN as f32, i32::MAX as f32) as i32;
    (clamp(p.x), clamp(p.y))
}

fn cells(rect: Rect) -> impl Iterator<Item = Cell> {
    let (x0, y0) = cell_of(rect.min());
    let (x1, y1) = cell_of(rect.max());
    (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (x, y)))
}

fn cell_count(rect: Rect) -> i64 {
    let (x0, y0) = cell_of(rect.min());
    let (x1, y1) = cell_of(rect.max());
    (i64::from(x1) - i64::from(x0) + 1) * (i64::from(y1) - i64::from(y0) + 1)
}

impl SpatialIndex {
    /// Indexes every sticky and arrow of `board`.
    pub fn build(board: &Board) -> Self {
        let mut index = Self {
            all: Vec::with_capacity(board.stickies.len()),
            ..Self::default()
        };
        for (id, s) in &board.stickies {
            let r = s.rect();
            index.all.push((*id, r, s.kind));
            // Before the size check: a huge pivotal event draws its line like any other.
            if s.pivotal {
                index.pivotal.push(*id);
            }
            if cell_count(r) > MAX_CELLS {
                index.huge_stickies.push(*id);
                continue;
            }
            for c in cells(r) {
                index.stickies.entry(c).or_default().push(*id);
            }
        }
        for (id, link) in &board.links {
            let (Some(a), Some(b)) = (board.stickies.get(&link.from), board.stickies.get(&link.to))
            else {
                continue;
            };
            let bounds = a.rect().union(&b.rect());
            if cell_count(bounds) > MAX_CELLS {
                index.long_links.push(*id);
            } else {
                for c in cells(bounds) {
                    index.links.entry(c).or_default().push(*id);
                }
            }
        }
        index
    }

    /// Ids of the stickies that may overlap `rect`, sorted (the board's drawing order) and
    /// without repeats. Callers check the exact rectangle.
    pub fn stickies_in(&self, rect: Rect) -> Vec<Id> {
        candidates(&self.stickies, &self.huge_stickies, rect)
    }

    /// Ids of the arrows whose bounding box may overlap `rect`, sorted, without repeats.
    pub fn links_in(&self, rect: Rect) -> Vec<Id> {
        candidates(&self.links, &self.long_links, rect)
    }

    /// Every sticky's id, rectangle and kind, sorted by id.
    pub fn all(&self) -> &[(Id, Rect, Kind)] {
        &self.all
    }

    /// The stickies lying entirely inside `rect` (what a rubber band selects), sorted.
    pub fn stickies_within(&self, board: &Board, rect: Rect) -> Vec<Id> {
        self.stickies_in(rect)
            .into_iter()
            .filter(|id| {
                board
                    .stickies
                    .get(id)
                    .is_some_and(|s| rect.contains_rect(&s.rect()))
            })
            .collect()
    }

    /// The pivotal events, sorted, huge ones included.
    pub fn pivotal(&self) -> &[Id] {
        &self.pivotal
    }

    /// The topmost sticky whose rectangle contains `p` (the last in drawing order).
    pub fn sticky_at(&self, board: &Board, p: Point) -> Option<Id> {
        let probe = Rect::new(p, super::geometry::Size::new(0.0, 0.0));
        self.stickies_in(probe)
            .into_iter()
            .rev()
            .find(|id| board.stickies.get(id).is_some_and(|s| s.rect().contains(p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate;

    #[test]
    fn the_index_finds_exactly_what_a_full_scan_finds() {
        let board = generate::board(3000, 1);
        let index = SpatialIndex::build(&board);
        let view = Rect::new(
            Point::new(1500.0, 900.0),
            super::super::geometry::Size::new(2600.0, 1700.0),
        );
        let scan: Vec<Id> = board
            .stickies
            .iter()
            .filter(|(_, s)| s.rect().intersects(&view))
            .map(|(id, _)| *id)
            .collect();
        let found: Vec<Id> = index
            .stickies_in(view)
            .into_iter()
            .filter(|id| board.stickies[id].rect().intersects(&view))
            .collect();
        assert!(!scan.is_empty());
        assert_eq!(found, scan);
        let links: Vec<Id> = board
            .links
            .iter()
            .filter(|(_, l)| {
                board.stickies[&l.from]
                    .rect()
                    .union(&board.stickies[&l.to].rect())
                    .intersects(&view)
            })
            .map(|(id, _)| *id)
            .collect();
        let found: Vec<Id> = index
            .links_in(view)
            .into_iter()
            .filter(|id| links.contains(id))
            .collect();
        assert_eq!(found, links);
        let first = scan[0];
        let inside = board.stickies[&first].rect().center();
        assert_eq!(index.sticky_at(&board, inside), Some(first));
    }

    #[test]
    fn a_rubber_band_through_the_index_selects_what_a_full_scan_selects() {
        let board = generate::board(3000, 1);
        let index = SpatialIndex::build(&board);
        let band = Rect::new(
            Point::new(-200.0, 300.0),
            super::super::geometry::Size::new(5200.0, 2900.0),
        );
        let scan: Vec<Id> = board
            .stickies
            .iter()
            .filter(|(_, s)| band.contains_rect(&s.rect()))
            .map(|(id, _)| *id)
            .collect();
        assert!(!scan.is_empty());
        assert_eq!(index.stickies_within(&board, band), scan);
    }

    #[test]
    fn a_huge_pivotal_event_is_still_pivotal() {
        use crate::model::{Kind, Sticky};
        let mut board = Board::new("t");
        let mut huge = Sticky::new(Kind::DomainEvent, "Big Bang", Point::new(0.0, 0.0));
        huge.size = super::super::geometry::Size::new(20_000.0, 20_000.0);
        huge.pivotal = true;
        board.stickies.insert(Id(1), huge);
        let index = SpatialIndex::build(&board);
        assert_eq!(index.pivotal(), [Id(1)]);
        let whole = Rect::new(
            Point::new(0.0, 0.0),
            super::super::geometry::Size::new(20_000.0, 20_000.0),
        );
        assert_eq!(index.stickies_within(&board, whole), [Id(1)]);
    }
}
