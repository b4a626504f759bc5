//! What is selected on the canvas, and in which order its stickies were picked.
//!
//! "Link" joins stickies in the order the user clicked them, so the selection keeps the pick
//! order beside the set of items. Both change only through the methods here, and together: the
//! pick order holds only selected stickies, each once, the latest pick last. Stickies selected
//! all at once (a rubber band, select all, a paste) have no place in it; when any selected
//! sticky has none, there is no pick order and Link follows the grammar instead.

use std::ops::Deref;

use crate::edit::ops::Items;
use crate::model::{Board, Id};

/// One item on the board that can be selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Sticky(Id),
    Region(Id),
    Link(Id),
}

/// The selected items and the order their stickies were picked in. Reads as [`Items`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    items: Items,
    /// Selected stickies in the order they were picked, each once.
    picked: Vec<Id>,
}

impl Deref for Selection {
    type Target = Items;

    fn deref(&self) -> &Items {
        &self.items
    }
}

impl Selection {
    /// The selected items, for actions on them (delete, copy, the inspector).
    pub fn items(&self) -> &Items {
        &self.items
    }

    /// The selected stickies that were picked one by one, in pick order (for "link first to
    /// second").
    pub fn picked(&self) -> &[Id] {
        &self.picked
    }

    /// The order the user gave the selected stickies by clicking them one by one; `None` when
    /// some were selected all at once (rubber band, select all, paste), so the order must come
    /// from the board.
    pub fn pick_order(&self) -> Option<&[Id]> {
        (self.picked.len() == self.items.stickies.len()).then_some(self.picked.as_slice())
    }

    /// Adds the item without a place in the pick order: it was selected with others at once.
    pub fn add_unpicked(&mut self, item: Item) {
        match item {
            Item::Sticky(id) => {
                self.items.stickies.insert(id);
            }
            Item::Region(id) => {
                self.items.boundaries.insert(id);
            }
            Item::Link(id) => {
                self.items.links.insert(id);
            }
        }
    }

    /// Nothing selected.
    pub fn clear(&mut self) {
        self.items = Items::default();
        self.picked.clear();
    }

    /// Selects exactly `items` (pasted, or everything); stickies picked before stay picked
    /// while they stay selected.
    pub fn set(&mut self, items: Items) {
        self.items = items;
        let items = &self.items;
        self.picked.retain(|id| items.stickies.contains(id));
    }

    /// Selects exactly these stickies, picked in this order.
    pub fn select_stickies(&mut self, ids: impl IntoIterator<Item = Id>) {
        self.clear();
        for id in ids {
            self.add(Item::Sticky(id));
        }
    }

    /// Selects exactly this item.
    pub fn select(&mut self, item: Item) {
        self.clear();
        self.add(item);
    }

    /// Adds the item if it is not selected yet (a sticky as the latest pick).
    pub fn add(&mut self, item: Item) {
        let new = match item {
            Item::Sticky(id) => self.items.stickies.insert(id),
            Item::Region(id) => self.items.boundaries.insert(id),
            Item::Link(id) => self.items.links.insert(id),
        };
        if let (true, Item::Sticky(id)) = (new, item) {
            self.picked.push(id);
        }
    }

    /// Picks the item: adds it, and a sticky selected before becomes the latest pick.
    pub fn pick(&mut self, item: Item) {
        if let Item::Sticky(id) = item {
            self.picked.retain(|p| *p != id);
            self.items.stickies.remove(&id);
        }
        self.add(item);
    }

    /// Adds the item, or takes it out if it is selected.
    pub fn toggle(&mut self, item: Item) {
        if !self.contains(item) {
            self.add(item);
            return;
        }
        match item {
            Item::Sticky(id) => {
                self.items.stickies.remove(&id);
                self.picked.retain(|p| *p != id);
            }
            Item::Region(id) => {
                self.items.boundaries.remove(&id);
            }
            Item::Link(id) => {
                self.items.links.remove(&id);
            }
        }
    }

    /// A click (pressed and released without a drag) on an item: with Shift or Ctrl
    /// (`additive`) it toggles; otherwise it selects the item alone, also out of a larger
    /// selection, to inspect it. A drag on a selected item moves the whole selection and
    /// never comes here.
    pub fn click(&mut self, item: Item, additive: bool) {
        if additive {
            self.toggle(item);
        } else {
            self.select(item);
        }
    }

    /// Whether the item is selected.
    pub fn contains(&self, item: Item) -> bool {
        match item {
            Item::Sticky(id) => self.items.stickies.contains(&id),
            Item::Region(id) => self.items.boundaries.contains(&id),
            Item::Link(id) => self.items.links.contains(&id),
        }
    }

    /// The sticky, when exactly one sticky (and maybe other items) is selected.
    pub fn single_sticky(&self) -> Option<Id> {
        (self.items.stickies.len() == 1)
            .then(|| self.items.stickies.first().copied())
            .flatten()
    }

    /// Forgets items that no longer exist on `board` (after an undo, say).
    pub fn retain_existing(&mut self, board: &Board) {
        self.items.retain_existing(board);
        let items = &self.items;
        self.picked.retain(|id| items.stickies.contains(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Point, Sticky};

    #[test]
    fn picking_two_stickies_remembers_which_came_first() {
        let mut selection = Selection::default();
        selection.click(Item::Sticky(Id(2)), false);
        selection.click(Item::Sticky(Id(1)), true);
        assert_eq!(selection.picked(), [Id(2), Id(1)]);
        assert_eq!(selection.stickies, [Id(1), Id(2)].into());
    }

    #[test]
    fn stickies_picked_one_by_one_have_a_pick_order_and_a_rubber_band_has_none() {
        let mut selection = Selection::default();
        selection.click(Item::Sticky(Id(2)), false);
        selection.click(Item::Sticky(Id(1)), true);
        assert_eq!(selection.pick_order(), Some(&[Id(2), Id(1)][..]));
        selection.clear();
        selection.add_unpicked(Item::Sticky(Id(2)));
        selection.add_unpicked(Item::Sticky(Id(1)));
        assert_eq!(selection.pick_order(), None);
        assert_eq!(selection.stickies, [Id(1), Id(2)].into());
        // One more clicked into a band: still no order for all of them.
        selection.click(Item::Sticky(Id(3)), true);
        assert_eq!(selection.pick_order(), None);
        assert_eq!(selection.picked(), [Id(3)]);
        // Select all after picks: no order either.
        let mut selection = Selection::default();
        selection.click(Item::Sticky(Id(1)), false);
        selection.set(Items {
            stickies: [Id(1), Id(2)].into(),
            ..Items::default()
        });
        assert_eq!(selection.pick_order(), None);
    }

    #[test]
    fn deselecting_a_sticky_drops_it_from_the_pick_order_and_picking_again_puts_it_last() {
        let mut selection = Selection::default();
        selection.select_stickies([Id(1), Id(2)]);
        selection.toggle(Item::Sticky(Id(1)));
        assert_eq!(selection.picked(), [Id(2)]);
        selection.toggle(Item::Sticky(Id(1)));
        assert_eq!(selection.picked(), [Id(2), Id(1)]);
        selection.pick(Item::Sticky(Id(2)));
        assert_eq!(selection.picked(), [Id(1), Id(2)]);
    }

    #[test]
    fn a_plain_click_inside_a_larger_selection_selects_that_item_alone() {
        let mut selection = Selection::default();
        selection.select_stickies([Id(1), Id(2)]);
        selection.add(Item::Region(Id(7)));
        selection.click(Item::Sticky(Id(1)), false);
        assert_eq!(selection.len(), 1);
        assert_eq!(selection.picked(), [Id(1)]);
        selection.click(Item::Link(Id(9)), false);
        assert_eq!(
            selection.items(),
            &Items {
                links: [Id(9)].into(),
                ..Items::default()
            }
        );
        assert!(selection.picked().is_empty());
    }

    #[test]
    fn selecting_other_items_or_deleting_stickies_never_leaves_stale_picks() {
        let mut board = Board::new("t");
        board.stickies.insert(
            Id(1),
            Sticky::new(Kind::DomainEvent, "A", Point::new(0.0, 0.0)),
        );
        let mut selection = Selection::default();
        selection.select_stickies([Id(1), Id(2)]);
        selection.retain_existing(&board);
        assert_eq!(selection.picked(), [Id(1)]);
        selection.set(Items {
            stickies: [Id(1), Id(3)].into(),
            ..Items::default()
        });
        assert_eq!(selection.picked(), [Id(1)]);
        selection.select(Item::Region(Id(5)));
        assert!(selection.picked().is_empty() && selection.stickies.is_empty());
        selection.clear();
        assert!(selection.is_empty());
    }
}
