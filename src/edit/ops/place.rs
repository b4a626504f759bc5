//! Where items stand: moving a selection (a region carries its contents along) and resizing a
//! region, always landing on whole board units.

use std::collections::BTreeSet;

use super::Items;
use crate::edit::Edit;
use crate::model::{Board, Id, Point, Rect, Size};

/// What moves when `items` are dragged: the items themselves plus everything inside each
/// boundary among them (a context carries its stickies along).
pub fn moving_set(board: &Board, items: &Items) -> Items {
    let mut moving = Items {
        stickies: items.stickies.clone(),
        boundaries: items.boundaries.clone(),
        links: BTreeSet::new(),
    };
    for &b in &items.boundaries {
        let (stickies, boundaries) = board.contents_of(b);
        moving.stickies.extend(stickies);
        moving.boundaries.extend(boundaries);
    }
    moving
}

/// Moves `items` (with their boundaries' contents) by `delta`, landing on whole board units.
pub fn translate(board: &Board, items: &Items, delta: Point) -> Option<Edit> {
    let moving = moving_set(board, items);
    let stickies: Vec<(Id, Rect)> = moving
        .stickies
        .iter()
        .filter_map(|id| board.stickies.get(id).map(|s| (*id, s.rect())))
        .map(|(id, r)| (id, Rect::new(r.pos.offset(delta).rounded(), r.size)))
        .collect();
    let boundaries: Vec<(Id, Rect)> = moving
        .boundaries
        .iter()
        .filter_map(|id| board.boundaries.get(id).map(|b| (*id, b.rect)))
        .map(|(id, r)| (id, Rect::new(r.pos.offset(delta).rounded(), r.size)))
        .collect();
    if stickies.is_empty() && boundaries.is_empty() {
        return None;
    }
    Some(Edit::Place {
        stickies,
        boundaries,
    })
}

/// Gives region `id` the rectangle `rect`, on whole board units. `None` when that changes
/// nothing or the region is gone.
pub fn resize_region(board: &Board, id: Id, rect: Rect) -> Option<Edit> {
    let current = board.boundaries.get(&id)?;
    let rect = Rect::new(
        rect.pos.rounded(),
        Size::new(rect.size.w.round(), rect.size.h.round()),
    );
    (rect != current.rect).then(|| Edit::Place {
        stickies: Vec::new(),
        boundaries: vec![(id, rect)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ops::fixtures::sample;

    #[test]
    fn moving_a_context_moves_its_stickies() {
        let (board, a, b, ctx) = sample();
        let items = Items {
            boundaries: [ctx].into(),
            ..Items::default()
        };
        let mut moved = board.clone();
        let edit = translate(&board, &items, Point::new(100.4, 10.0)).expect("a move");
        edit.apply(&mut moved);
        assert_eq!(moved.stickies[&a].pos, Point::new(100.0, 10.0));
        assert_eq!(moved.stickies[&b].pos, Point::new(300.0, 10.0));
        assert_eq!(moved.boundaries[&ctx].rect.pos, Point::new(50.0, -40.0));
    }

    #[test]
    fn resizing_a_region_lands_on_whole_units_and_an_unchanged_size_is_no_edit() {
        let (board, _, _, ctx) = sample();
        let same = board.boundaries[&ctx].rect;
        assert!(resize_region(&board, ctx, same).is_none());
        let bigger = Rect::new(Point::new(-50.4, -50.0), Size::new(600.6, 300.0));
        let mut after = board.clone();
        resize_region(&board, ctx, bigger)
            .expect("a resize")
            .apply(&mut after);
        assert_eq!(
            after.boundaries[&ctx].rect,
            Rect::new(Point::new(-50.0, -50.0), Size::new(601.0, 300.0))
        );
        assert!(resize_region(&board, Id(424242), bigger).is_none());
    }
}
