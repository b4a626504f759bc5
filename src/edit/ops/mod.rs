//! The edits of whole user actions on a set of items: delete, move, duplicate, copy and paste.
//!
//! The GUI calls these and applies the result as one transaction; they never touch the board.
//!
//! One file per concern: [`Items`] (the set an action applies to) lives here, and every action
//! is re-exported from here, so callers write `edit::ops::delete` whatever file it is in.

mod board;
mod clipboard;
mod create;
mod link;
mod place;
mod room;
mod selection;
mod text;

use std::collections::BTreeSet;

pub use board::{rename_type, set_level};
pub use clipboard::{copy, paste};
pub use create::{Added, TIMELINE_GAP, new_region, new_sticky, next_sticky};
pub use link::{
    connect, connect_and_deliver, link_along_grammar, link_direction, link_in_order, reverse_links,
    with_deliveries,
};
pub use place::{moving_set, resize_region, translate};
pub use room::{place_dots, set_dots, set_phase, take_dots};
pub use selection::{delete, toggle_pivotal};
pub use text::{rename_region, retext_sticky};

use crate::model::{Board, Id};

/// A set of items on the board that an action applies to (usually the GUI's selection).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Items {
    pub stickies: BTreeSet<Id>,
    pub boundaries: BTreeSet<Id>,
    pub links: BTreeSet<Id>,
}

impl Items {
    /// Whether nothing is in the set.
    pub fn is_empty(&self) -> bool {
        self.stickies.is_empty() && self.boundaries.is_empty() && self.links.is_empty()
    }

    /// Everything on the board.
    pub fn all(board: &Board) -> Self {
        Self {
            stickies: board.stickies.keys().copied().collect(),
            boundaries: board.boundaries.keys().copied().collect(),
            links: board.links.keys().copied().collect(),
        }
    }

    /// Drops ids that no longer exist on `board` (after an undo, say).
    pub fn retain_existing(&mut self, board: &Board) {
        self.stickies.retain(|id| board.stickies.contains_key(id));
        self.boundaries
            .retain(|id| board.boundaries.contains_key(id));
        self.links.retain(|id| board.links.contains_key(id));
    }

    /// The total number of items.
    pub fn len(&self) -> usize {
        self.stickies.len() + self.boundaries.len() + self.links.len()
    }
}

/// Boards the tests of every action start from.
#[cfg(test)]
mod fixtures {
    use crate::model::{Board, Boundary, BoundaryKind, Id, Kind, Point, Rect, Size, Sticky};

    /// A command and an event side by side inside one context: `(board, command, event,
    /// context)`.
    pub(super) fn sample() -> (Board, Id, Id, Id) {
        let mut board = Board::new("t");
        let a = Id::random();
        let b = Id::random();
        board.stickies.insert(
            a,
            Sticky::new(Kind::Command, "Place Order", Point::new(0.0, 0.0)),
        );
        board.stickies.insert(
            b,
            Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(200.0, 0.0)),
        );
        let ctx = Id::random();
        board.boundaries.insert(
            ctx,
            Boundary::new(
                BoundaryKind::Context,
                "Orders",
                Rect::new(Point::new(-50.0, -50.0), Size::new(500.0, 300.0)),
            ),
        );
        (board, a, b, ctx)
    }
}
