//! New items: an empty sticky where the user clicks, the "next sticky" of a timeline (Tab), and
//! a region drawn on the board.

use crate::edit::Edit;
use crate::model::{Board, Boundary, BoundaryKind, Id, Kind, Point, Rect, Size, Sticky};

/// Gap between a sticky and the one "next sticky" (Tab) places right of it, in board units.
pub const TIMELINE_GAP: f32 = 40.0;

/// A region drawn smaller than this either way was a click or a slip of the hand: it gets the
/// kind's default size instead.
const MIN_DRAWN_REGION: f32 = 40.0;

/// An item an action adds: its id (to select it and type into it), where it lands, and the
/// edit that adds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Added {
    pub id: Id,
    pub rect: Rect,
    pub edit: Edit,
}

/// A new empty sticky of `kind` centred on `center`, on whole board units.
pub fn new_sticky(kind: Kind, center: Point) -> Added {
    let size = kind.default_size();
    let pos = Point::new(center.x - size.w / 2.0, center.y - size.h / 2.0).rounded();
    add_sticky(Sticky::new(kind, "", pos))
}

/// The sticky "next sticky" (Tab while typing) adds: empty, of the same kind and width as
/// `current`, a gap to its right, so a timeline is typed left to right. `None` when `current`
/// is not on the board.
pub fn next_sticky(board: &Board, current: Id) -> Option<Added> {
    let s = board.stickies.get(&current)?;
    let pos = Point::new(s.pos.x + s.size.w + TIMELINE_GAP, s.pos.y);
    let mut next = Sticky::new(s.kind, "", pos);
    next.size.w = s.size.w;
    Some(add_sticky(next))
}

fn add_sticky(sticky: Sticky) -> Added {
    let id = Id::random();
    Added {
        id,
        rect: sticky.rect(),
        edit: Edit::PutSticky {
            id,
            sticky: Some(sticky),
        },
    }
}

/// The unnamed region of `kind` drawn from `start` to `end` (the canvas shows the kind until
/// the user types a name). A click or a tiny drag makes a region of a useful size at `start`.
pub fn new_region(kind: BoundaryKind, start: Point, end: Point) -> Added {
    let mut rect = Rect::from_corners(start.rounded(), end.rounded());
    if rect.size.w < MIN_DRAWN_REGION || rect.size.h < MIN_DRAWN_REGION {
        let size = match kind {
            BoundaryKind::Context => Size::new(900.0, 600.0),
            BoundaryKind::Swimlane => Size::new(2400.0, 260.0),
            BoundaryKind::FrontEnd | BoundaryKind::Partner => Size::new(600.0, 400.0),
        };
        rect = Rect::new(start.rounded(), size);
    }
    let id = Id::random();
    Added {
        id,
        rect,
        edit: Edit::PutBoundary {
            id,
            boundary: Some(Boundary::new(kind, "", rect)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ops::fixtures::sample;

    #[test]
    fn a_new_sticky_is_empty_centred_on_the_point_and_on_whole_units() {
        let added = new_sticky(Kind::DomainEvent, Point::new(100.4, 50.0));
        let Edit::PutSticky {
            id,
            sticky: Some(s),
        } = &added.edit
        else {
            panic!("a new sticky: {:?}", added.edit);
        };
        assert_eq!(*id, added.id);
        assert_eq!((s.kind, s.text.as_str()), (Kind::DomainEvent, ""));
        assert_eq!(s.pos, Point::new(20.0, -30.0));
        assert_eq!(added.rect, s.rect());
    }

    #[test]
    fn the_next_sticky_lands_right_of_the_current_one_with_its_kind_and_width() {
        let (mut board, a, _, _) = sample();
        if let Some(s) = board.stickies.get_mut(&a) {
            s.size.w = 300.0;
        }
        let next = next_sticky(&board, a).expect("a next sticky");
        let mut after = board.clone();
        next.edit.apply(&mut after);
        let s = &after.stickies[&next.id];
        assert_eq!(s.kind, Kind::Command);
        assert_eq!(s.pos, Point::new(300.0 + TIMELINE_GAP, 0.0));
        assert_eq!(s.size.w, 300.0);
        assert!(s.text.is_empty());
        assert!(next_sticky(&board, Id(424242)).is_none());
    }

    #[test]
    fn drawing_a_region_keeps_its_drag_and_a_click_gives_it_a_useful_size() {
        let drawn = new_region(
            BoundaryKind::Context,
            Point::new(500.2, 400.0),
            Point::new(10.0, 20.7),
        );
        assert_eq!(
            drawn.rect,
            Rect::new(Point::new(10.0, 21.0), Size::new(490.0, 379.0))
        );
        let clicked = new_region(
            BoundaryKind::Swimlane,
            Point::new(10.0, 20.0),
            Point::new(30.0, 25.0),
        );
        assert_eq!(
            clicked.rect,
            Rect::new(Point::new(10.0, 20.0), Size::new(2400.0, 260.0))
        );
        let mut board = Board::new("t");
        clicked.edit.apply(&mut board);
        let b = &board.boundaries[&clicked.id];
        assert_eq!((b.kind, b.name.as_str()), (BoundaryKind::Swimlane, ""));
    }
}
