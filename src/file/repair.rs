//! The repair pass after loading: anything a hand edit, a merge or another tool could leave
//! inconsistent is fixed here, and every fix is reported, never silent.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use crate::model::{Board, Id, Point, SharedMap, Size};

/// The largest coordinate accepted; beyond it a position is treated as corrupt.
const MAX_COORD: f32 = 1.0e7;

/// One thing that was repaired while loading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The item concerned, when there is one.
    pub item: Option<Id>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Some(id) => write!(f, "{id}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn sane_point(p: Point) -> bool {
    p.is_finite() && p.x.abs() <= MAX_COORD && p.y.abs() <= MAX_COORD
}

fn sane_size(s: Size) -> bool {
    s.w.is_finite()
        && s.h.is_finite()
        && s.w > 0.0
        && s.h > 0.0
        && s.w <= MAX_COORD
        && s.h <= MAX_COORD
}

/// Builds an item map from entries as read. An id seen before (two items with one id, as a
/// bad merge leaves them) gets a new id, and a warning says so. The new id is random but
/// seeded by the old one, so the same file always loads as the same board (and exports the
/// same bytes).
pub fn unique_ids<T: Clone>(
    entries: Vec<(Id, T)>,
    what: &str,
    warnings: &mut Vec<Warning>,
) -> SharedMap<Id, T> {
    // Stormpad writes items sorted by id: such a file needs no map to find repeats.
    if entries.windows(2).all(|w| w[0].0 < w[1].0) {
        return entries.into_iter().collect();
    }
    let mut map = BTreeMap::new();
    for (id, item) in entries {
        if map.contains_key(&id) {
            let mut rng = fastrand::Rng::with_seed(id.0);
            let mut fresh = Id(rng.u64(1..));
            while map.contains_key(&fresh) {
                fresh = Id(rng.u64(1..));
            }
            warnings.push(Warning {
                item: Some(id),
                message: format!("two {what} had this id; the second one now has the id {fresh}"),
            });
            map.insert(fresh, item);
        } else {
            map.insert(id, item);
        }
    }
    map.into()
}

/// Repairs `board` in place and lists what was changed.
pub fn repair(board: &mut Board) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warn = |item: Id, message: String| {
        warnings.push(Warning {
            item: Some(item),
            message,
        })
    };

    for (id, s) in &mut board.stickies {
        if !sane_point(s.pos) {
            warn(
                *id,
                format!(
                    "sticky \"{}\" had an impossible position; moved to 0, 0",
                    s.text
                ),
            );
            s.pos = Point::default();
        }
        if !sane_size(s.size) {
            warn(
                *id,
                format!("sticky \"{}\" had an impossible size; reset", s.text),
            );
            s.size = s.kind.default_size();
        }
    }
    for (id, b) in &mut board.boundaries {
        if !sane_point(b.rect.pos) || !sane_size(b.rect.size) {
            warn(
                *id,
                format!("region \"{}\" had an impossible rectangle; reset", b.name),
            );
            b.rect.pos = Point::default();
            b.rect.size = Size::new(800.0, 600.0);
        }
    }
    // One pass to find what is wrong; the common case (nothing) changes nothing.
    // A sorted, contiguous copy of the ids answers "does it exist" faster than the map.
    let ids: Vec<Id> = board.stickies.keys().copied().collect();
    let exists = |id: &Id| ids.binary_search(id).is_ok();
    let mut seen = HashSet::with_capacity(board.links.len());
    let mut broken = Vec::new();
    for (id, link) in &board.links {
        let reason = if !exists(&link.from) || !exists(&link.to) {
            Some("an arrow pointed at a sticky that does not exist; removed")
        } else if link.from == link.to {
            Some("an arrow pointed from a sticky to itself; removed")
        } else if !seen.insert((link.from, link.to)) {
            Some("the same arrow was there twice; the copy was removed")
        } else {
            None
        };
        if let Some(r) = reason {
            broken.push((*id, r));
        }
    }
    for (id, reason) in broken {
        board.links.remove(&id);
        warn(id, reason.to_owned());
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Link, Sticky};

    #[test]
    fn duplicate_ids_get_the_same_new_ids_on_every_load() {
        let entries = || vec![(Id(7), 'a'), (Id(7), 'b'), (Id(9), 'c'), (Id(7), 'd')];
        let mut warnings = Vec::new();
        let first = unique_ids(entries(), "stickies", &mut warnings);
        let second = unique_ids(entries(), "stickies", &mut Vec::new());
        assert_eq!(first.len(), 4);
        assert_eq!(warnings.len(), 2);
        assert_eq!(first, second);
    }

    #[test]
    fn dangling_and_duplicate_links_and_absurd_numbers_are_repaired_with_warnings() {
        let mut board = Board::new("t");
        let a = Id(1);
        let mut s = Sticky::new(Kind::DomainEvent, "A", Point::new(f32::NAN, 0.0));
        s.size = Size::new(-5.0, 1.0e30);
        board.stickies.insert(a, s);
        board
            .stickies
            .insert(Id(2), Sticky::new(Kind::Policy, "P", Point::default()));
        board.links.insert(Id(10), Link::new(a, Id(99)));
        board.links.insert(Id(11), Link::new(a, Id(2)));
        board.links.insert(Id(12), Link::new(a, Id(2)));
        board.links.insert(Id(13), Link::new(a, a));
        let warnings = repair(&mut board);
        assert_eq!(warnings.len(), 5, "{warnings:?}");
        assert_eq!(board.links.len(), 1);
        assert_eq!(board.stickies[&a].pos, Point::default());
        assert_eq!(board.stickies[&a].size, Kind::DomainEvent.default_size());
    }
}
