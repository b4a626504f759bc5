//! A spatial index of the board: which stickies and arrows lie in a rectangle, without looking
//! at all of them. The canvas culls and hit-tests through it, so a frame costs what is on
//! screen, not what is on the board. It is derived data: the GUI builds it once per board
//! and then updates it by the items each edit touched ([`SpatialIndex::update`]), so typing
//! into one sticky of 100k does not index the other 99,999 again.

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
    /// The pivotal events with their rectangles, sorted by id: their lines cross the whole
    /// canvas, so every frame looks at all of them, without a lookup in the board each.
    pivotal: Vec<(Id, Rect)>,
    /// Every sticky's rectangle and kind, contiguous and sorted by id: drawing the whole
    /// board zoomed out walks this instead of the map.
    all: Vec<(Id, Rect, Kind)>,
    /// The ends of every arrow on the board (also those whose ends are missing).
    link_ends: HashMap<Id, (Id, Id)>,
    /// The arrows at each sticky, to index again when the sticky moves.
    links_of: HashMap<Id, Vec<Id>>,
    /// The bounding box each indexed arrow was indexed under.
    link_bounds: HashMap<Id, Rect>,
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

/// Puts `id` into a sorted list (once).
fn insert_sorted(list: &mut Vec<Id>, id: Id) {
    if let Err(at) = list.binary_search(&id) {
        list.insert(at, id);
    }
}

/// Takes `id` out of a sorted list.
fn remove_sorted(list: &mut Vec<Id>, id: Id) {
    if let Ok(at) = list.binary_search(&id) {
        list.remove(at);
    }
}

/// Puts `id` into the buckets of `rect`'s cells, or into `everywhere` when it spans too many.
fn add_to_cells(buckets: &mut HashMap<Cell, Vec<Id>>, everywhere: &mut Vec<Id>, id: Id, r: Rect) {
    if cell_count(r) > MAX_CELLS {
        insert_sorted(everywhere, id);
    } else {
        for c in cells(r) {
            buckets.entry(c).or_default().push(id);
        }
    }
}

/// Undoes [`add_to_cells`] for the same `rect`; empty buckets go.
fn remove_from_cells(
    buckets: &mut HashMap<Cell, Vec<Id>>,
    everywhere: &mut Vec<Id>,
    id: Id,
    r: Rect,
) {
    if cell_count(r) > MAX_CELLS {
        remove_sorted(everywhere, id);
        return;
    }
    for c in cells(r) {
        if let Some(bucket) = buckets.get_mut(&c) {
            bucket.retain(|x| *x != id);
            if bucket.is_empty() {
                buckets.remove(&c);
            }
        }
    }
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
                index.pivotal.push((*id, r));
            }
            add_to_cells(&mut index.stickies, &mut index.huge_stickies, *id, r);
        }
        for id in board.links.keys() {
            index.add_link(board, *id);
        }
        index
    }

    /// Brings the index up to date after the stickies and arrows listed changed (were
    /// inserted, replaced, moved or removed): it then equals [`Self::build`] of `board`, at a
    /// cost that follows what changed, not the board's size. Ids may repeat.
    pub fn update(&mut self, board: &Board, stickies: &[Id], links: &[Id]) {
        let mut again: Vec<Id> = links.to_vec();
        for &id in stickies {
            self.update_sticky(board, id);
            if let Some(attached) = self.links_of.get(&id) {
                again.extend_from_slice(attached);
            }
        }
        again.sort_unstable();
        again.dedup();
        for id in again {
            self.remove_link(id);
            if board.links.contains_key(&id) {
                self.add_link(board, id);
            }
        }
    }

    /// Takes a sticky's old place out and puts its new one (if it still exists) in.
    fn update_sticky(&mut self, board: &Board, id: Id) {
        let at = self.all.binary_search_by_key(&id, |(i, _, _)| *i);
        if let Ok(pos) = at {
            let (_, old, _) = self.all[pos];
            remove_from_cells(&mut self.stickies, &mut self.huge_stickies, id, old);
            if let Ok(at) = self.pivotal.binary_search_by_key(&id, |(i, _)| *i) {
                self.pivotal.remove(at);
            }
        }
        let Some(s) = board.stickies.get(&id) else {
            if let Ok(pos) = at {
                self.all.remove(pos);
            }
            return;
        };
        let r = s.rect();
        match at {
            Ok(pos) => self.all[pos] = (id, r, s.kind),
            Err(pos) => self.all.insert(pos, (id, r, s.kind)),
        }
        if s.pivotal
            && let Err(at) = self.pivotal.binary_search_by_key(&id, |(i, _)| *i)
        {
            self.pivotal.insert(at, (id, r));
        }
        add_to_cells(&mut self.stickies, &mut self.huge_stickies, id, r);
    }

    /// Indexes an arrow of `board`: under its ends, and in the cells of its bounding box
    /// when both ends exist.
    fn add_link(&mut self, board: &Board, id: Id) {
        let Some(link) = board.links.get(&id) else {
            return;
        };
        self.link_ends.insert(id, (link.from, link.to));
        self.links_of.entry(link.from).or_default().push(id);
        if link.to != link.from {
            self.links_of.entry(link.to).or_default().push(id);
        }
        let (Some(a), Some(b)) = (board.stickies.get(&link.from), board.stickies.get(&link.to))
        else {
            return;
        };
        let bounds = a.rect().union(&b.rect());
        self.link_bounds.insert(id, bounds);
        add_to_cells(&mut self.links, &mut self.long_links, id, bounds);
    }

    /// Forgets an arrow as [`Self::add_link`] indexed it.
    fn remove_link(&mut self, id: Id) {
        if let Some((from, to)) = self.link_ends.remove(&id) {
            for end in [from, to] {
                if let Some(list) = self.links_of.get_mut(&end) {
                    list.retain(|x| *x != id);
                    if list.is_empty() {
                        self.links_of.remove(&end);
                    }
                }
            }
        }
        if let Some(bounds) = self.link_bounds.remove(&id) {
            remove_from_cells(&mut self.links, &mut self.long_links, id, bounds);
        }
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

    /// The pivotal events and their rectangles, sorted by id, huge ones included.
    pub fn pivotal(&self) -> &[(Id, Rect)] {
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

/// The same contents whatever order the buckets were filled in (an index updated edit by
/// edit against one built at once).
type Canonical<'a> = (
    [std::collections::BTreeMap<Cell, Vec<Id>>; 2],
    [&'a [Id]; 2],
    &'a [(Id, Rect)],
    &'a [(Id, Rect, Kind)],
    std::collections::BTreeMap<Id, (Id, Id)>,
    std::collections::BTreeMap<Id, Vec<Id>>,
    Vec<(Id, Rect)>,
);

impl SpatialIndex {
    fn canonical(&self) -> Canonical<'_> {
        let mut bounds: Vec<(Id, Rect)> = self.link_bounds.iter().map(|(k, v)| (*k, *v)).collect();
        bounds.sort_by_key(|(k, _)| *k);
        (
            [sorted_lists(&self.stickies), sorted_lists(&self.links)],
            [&self.huge_stickies, &self.long_links],
            &self.pivotal,
            &self.all,
            self.link_ends.iter().map(|(k, v)| (*k, *v)).collect(),
            sorted_lists(&self.links_of),
            bounds,
        )
    }
}

/// `lists` by key, each list sorted: the same whatever order it was filled in.
fn sorted_lists<K: Ord + Copy>(
    lists: &HashMap<K, Vec<Id>>,
) -> std::collections::BTreeMap<K, Vec<Id>> {
    lists
        .iter()
        .map(|(k, v)| {
            let mut v = v.clone();
            v.sort_unstable();
            (*k, v)
        })
        .collect()
}

/// Two indexes are equal when they hold the same ids in the same places, whatever order
/// their buckets were filled in: an index updated edit by edit equals one built at once.
impl PartialEq for SpatialIndex {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
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
        assert_eq!(index.pivotal(), [(Id(1), board.stickies[&Id(1)].rect())]);
        let whole = Rect::new(
            Point::new(0.0, 0.0),
            super::super::geometry::Size::new(20_000.0, 20_000.0),
        );
        assert_eq!(index.stickies_within(&board, whole), [Id(1)]);
    }
}
