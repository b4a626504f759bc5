//! Undo and redo: transactions of edits, one per user gesture.

use super::Edit;
use super::touched::{ChangeLog, Touched};
use crate::model::Board;

/// One undo step: the inverses of its edits, in the order they were applied.
#[derive(Debug)]
struct Transaction {
    /// A unique serial; identifies the board state this transaction leads to.
    serial: u64,
    inverses: Vec<Edit>,
}

/// The undo and redo stacks of one open board.
///
/// A gesture (a drag, typing a text, a paste) is bracketed by [`History::begin`] and
/// [`History::commit`]; everything applied in between is one undo step. An edit applied with
/// no transaction open is a step of its own.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
    open: Option<Transaction>,
    next_serial: u64,
    /// Counts every change to the board, undo and redo included; caches key on it.
    revision: u64,
    /// What the latest revisions touched, for caches that catch up item by item.
    log: ChangeLog,
}

impl History {
    /// Opens a transaction (a no-op if one is open already).
    pub fn begin(&mut self) {
        if self.open.is_none() {
            self.next_serial += 1;
            self.open = Some(Transaction {
                serial: self.next_serial,
                inverses: Vec::new(),
            });
        }
    }

    /// Closes the open transaction; an empty one leaves no undo step.
    pub fn commit(&mut self) {
        if let Some(t) = self.open.take()
            && !t.inverses.is_empty()
        {
            self.undo.push(t);
            self.redo.clear();
        }
    }

    /// Whether a gesture is in progress.
    pub fn in_transaction(&self) -> bool {
        self.open.is_some()
    }

    /// Applies one edit, recording its inverse in the open transaction or as its own step.
    pub fn apply(&mut self, board: &mut Board, edit: Edit) {
        self.apply_all(board, [edit]);
    }

    /// Applies several edits as one step (or as part of the open transaction).
    pub fn apply_all(&mut self, board: &mut Board, edits: impl IntoIterator<Item = Edit>) {
        let standalone = self.open.is_none();
        self.begin();
        if let Some(t) = self.open.as_mut() {
            for edit in edits {
                let touched = edit.touched();
                t.inverses.push(edit.apply(board));
                self.revision += 1;
                self.log.record(self.revision, touched);
            }
        }
        if standalone {
            self.commit();
        }
    }

    /// Undoes the last step; returns false when there is nothing to undo. An open
    /// transaction is committed first, so undo never splits a gesture.
    pub fn undo(&mut self, board: &mut Board) -> bool {
        self.commit();
        let Some(t) = self.undo.pop() else {
            return false;
        };
        let redo = self.replay(board, t.inverses);
        self.redo.push(Transaction {
            serial: t.serial,
            inverses: redo,
        });
        true
    }

    /// Redoes the last undone step; returns false when there is nothing to redo.
    pub fn redo(&mut self, board: &mut Board) -> bool {
        self.commit();
        let Some(t) = self.redo.pop() else {
            return false;
        };
        let undo = self.replay(board, t.inverses);
        self.undo.push(Transaction {
            serial: t.serial,
            inverses: undo,
        });
        true
    }

    /// Applies inverses newest first and returns their own inverses in applied order; one
    /// revision.
    fn replay(&mut self, board: &mut Board, inverses: Vec<Edit>) -> Vec<Edit> {
        let mut touched = Touched::default();
        let done = inverses
            .into_iter()
            .rev()
            .map(|e| {
                e.add_touched(&mut touched);
                e.apply(board)
            })
            .collect();
        self.revision += 1;
        self.log.record(self.revision, touched);
        done
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.open.as_ref().is_some_and(|t| !t.inverses.is_empty())
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Counts every change; a cache of derived data is valid while this stays the same.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The items changed after revision `since` (one this history reported), so a cache of
    /// that revision can update just those; `None` when it must be built again (too far
    /// back, or a revision of another history).
    pub fn touched_since(&self, since: u64) -> Option<Touched> {
        self.log.since(since, self.revision)
    }

    /// Identifies the current board state among the states this history has seen: saving
    /// records it, and the board is unsaved while it differs (undoing back to the saved state
    /// makes the board clean again).
    pub fn state(&self) -> u64 {
        match &self.open {
            Some(t) if !t.inverses.is_empty() => t.serial,
            _ => self.undo.last().map_or(0, |t| t.serial),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Kind, Point, Sticky};

    fn put(id: Id, text: &str) -> Edit {
        Edit::PutSticky {
            id,
            sticky: Some(Sticky::new(Kind::DomainEvent, text, Point::default())),
        }
    }

    #[test]
    fn place_an_event_type_its_name_undo_and_the_board_is_empty_again() {
        let mut board = Board::new("t");
        let mut history = History::default();
        let id = Id::random();
        history.begin();
        history.apply(&mut board, put(id, "O"));
        history.apply(&mut board, put(id, "Order"));
        history.apply(&mut board, put(id, "Order Placed"));
        history.commit();
        assert_eq!(board.stickies[&id].text, "Order Placed");
        assert!(history.undo(&mut board));
        assert!(board.stickies.is_empty());
        assert!(!history.undo(&mut board));
        assert!(history.redo(&mut board));
        assert_eq!(board.stickies[&id].text, "Order Placed");
    }

    #[test]
    fn a_new_edit_clears_redo_and_state_tracks_the_saved_point() {
        let mut board = Board::new("t");
        let mut history = History::default();
        let clean = history.state();
        history.apply(&mut board, put(Id::random(), "A"));
        let saved = history.state();
        assert_ne!(saved, clean);
        history.apply(&mut board, put(Id::random(), "B"));
        assert_ne!(history.state(), saved);
        history.undo(&mut board);
        assert_eq!(history.state(), saved);
        history.apply(&mut board, put(Id::random(), "C"));
        assert!(!history.can_redo());
        assert_ne!(history.state(), saved);
    }
}
