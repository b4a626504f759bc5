//! Copy and paste: a selection copied into a board of its own, and such a board pasted back
//! with fresh ids.

use std::collections::BTreeMap;

use super::Items;
use crate::edit::Edit;
use crate::model::{Board, Id, Link, Point};

/// Copies the items into a board of their own (the clipboard's content): the stickies and
/// boundaries, and the links whose both ends are copied.
pub fn copy(board: &Board, items: &Items) -> Board {
    let mut fragment = Board::new(board.meta.title.clone());
    fragment.legend = board.legend.clone();
    for id in &items.stickies {
        if let Some(s) = board.stickies.get(id) {
            fragment.stickies.insert(*id, s.clone());
        }
    }
    for id in &items.boundaries {
        if let Some(b) = board.boundaries.get(id) {
            fragment.boundaries.insert(*id, b.clone());
        }
    }
    for (id, link) in &board.links {
        if fragment.stickies.contains_key(&link.from) && fragment.stickies.contains_key(&link.to) {
            fragment.links.insert(*id, link.clone());
        }
    }
    fragment
}

/// Inserts a copy of `fragment` moved by `delta`, with fresh ids (so pasting twice, or into the
/// board it came from, never collides). Returns the edits and the new items, to select them.
pub fn paste(fragment: &Board, delta: Point) -> (Vec<Edit>, Items) {
    let mut edits = Vec::new();
    let mut pasted = Items::default();
    let mut new_ids = BTreeMap::new();
    for (old, sticky) in &fragment.stickies {
        let id = Id::random();
        new_ids.insert(*old, id);
        let mut s = sticky.clone();
        s.pos = s.pos.offset(delta).rounded();
        edits.push(Edit::PutSticky {
            id,
            sticky: Some(s),
        });
        pasted.stickies.insert(id);
    }
    for boundary in fragment.boundaries.values() {
        let id = Id::random();
        let mut b = boundary.clone();
        b.rect = b.rect.translated(delta);
        b.rect.pos = b.rect.pos.rounded();
        edits.push(Edit::PutBoundary {
            id,
            boundary: Some(b),
        });
        pasted.boundaries.insert(id);
    }
    for link in fragment.links.values() {
        if let (Some(&from), Some(&to)) = (new_ids.get(&link.from), new_ids.get(&link.to)) {
            let id = Id::random();
            edits.push(Edit::PutLink {
                id,
                link: Some(Link::new(from, to)),
            });
            pasted.links.insert(id);
        }
    }
    (edits, pasted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ops::connect;
    use crate::edit::ops::fixtures::sample;

    #[test]
    fn paste_gives_fresh_ids_and_keeps_inner_links() {
        let (mut board, a, b, _) = sample();
        if let Some(e) = connect(&board, a, b) {
            e.apply(&mut board);
        }
        let items = Items {
            stickies: [a, b].into(),
            ..Items::default()
        };
        let fragment = copy(&board, &items);
        assert_eq!(fragment.links.len(), 1);
        let (edits, pasted) = paste(&fragment, Point::new(0.0, 300.0));
        for e in edits {
            e.apply(&mut board);
        }
        assert_eq!(board.stickies.len(), 4);
        assert_eq!(board.links.len(), 2);
        assert!(pasted.stickies.iter().all(|id| *id != a && *id != b));
    }
}
