//! Dot voting ("pick your problem"): each voter has a number of dots per board and places
//! them on stickies; a sticky keeps its dots per voter (`votes: {"Ana": 2}` in the file), so
//! two people voting on two branches merge voter by voter, and a live board gives each
//! participant their own dots.
//!
//! A facilitator alone at the laptop votes for the room: the [`ROOM`] voter has no limit.

use super::board::{Board, Meta};
use super::id::Id;
use super::sticky::Sticky;

/// Dots per voter when the board sets none.
pub const DEFAULT_DOTS: u32 = 3;

/// The voter a facilitator records the room's dots as (no name given): no limit applies.
pub const ROOM: &str = "Room";

impl Meta {
    /// How many dots each voter has on this board.
    pub fn dots_per_voter(&self) -> u32 {
        self.dots.unwrap_or(DEFAULT_DOTS)
    }
}

impl Sticky {
    /// All dots on the sticky, whoever placed them.
    pub fn vote_count(&self) -> u32 {
        self.votes.values().sum()
    }
}

/// The name votes are recorded under: the name typed, trimmed; the [`ROOM`] when empty.
pub fn voter_name(typed: &str) -> &str {
    match typed.trim() {
        "" => ROOM,
        name => name,
    }
}

/// The dots `voter` has placed on the whole board.
pub fn dots_used(board: &Board, voter: &str) -> u32 {
    board
        .stickies
        .values()
        .filter_map(|s| s.votes.get(voter))
        .sum()
}

/// The dots `voter` can still place; `None` for the room, which has no limit.
pub fn dots_left(board: &Board, voter: &str) -> Option<u32> {
    (voter != ROOM).then(|| {
        board
            .meta
            .dots_per_voter()
            .saturating_sub(dots_used(board, voter))
    })
}

/// The stickies with dots, most dots first; ties in timeline order (left to right), then by
/// id, so the list never depends on map order.
pub fn ranking(board: &Board) -> Vec<(Id, u32)> {
    let mut ranked: Vec<(Id, u32, f32)> = board
        .stickies
        .iter()
        .map(|(id, s)| (*id, s.vote_count(), s.pos.x))
        .filter(|(_, n, _)| *n > 0)
        .collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.2.total_cmp(&b.2))
            .then_with(|| a.0.cmp(&b.0))
    });
    ranked.into_iter().map(|(id, n, _)| (id, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Point};

    fn board() -> Board {
        let mut board = Board::new("t");
        for (i, name) in ["A", "B", "C"].iter().enumerate() {
            board.stickies.insert(
                Id(i as u64 + 1),
                Sticky::new(Kind::Hotspot, *name, Point::new(i as f32 * 200.0, 0.0)),
            );
        }
        board
    }

    #[test]
    fn a_voter_has_the_boards_dots_and_the_room_has_no_limit() {
        let mut b = board();
        assert_eq!(dots_left(&b, "Ana"), Some(3));
        b.stickies
            .get_mut(&Id(2))
            .map(|s| s.votes.insert("Ana".into(), 2));
        assert_eq!(dots_left(&b, "Ana"), Some(1));
        b.meta.dots = Some(1);
        assert_eq!(dots_left(&b, "Ana"), Some(0), "never below none");
        assert_eq!(dots_left(&b, ROOM), None);
        assert_eq!(voter_name("  "), ROOM);
        assert_eq!(voter_name(" Ana "), "Ana");
    }

    #[test]
    fn the_ranking_puts_most_dots_first_and_ties_left_to_right() {
        let mut b = board();
        for (id, voter, n) in [(3, "Ana", 2), (1, "Bo", 1), (2, "Bo", 1), (2, "Cy", 1)] {
            b.stickies
                .get_mut(&Id(id))
                .map(|s| s.votes.insert(voter.into(), n));
        }
        assert_eq!(ranking(&b), vec![(Id(2), 2), (Id(3), 2), (Id(1), 1)]);
    }
}
