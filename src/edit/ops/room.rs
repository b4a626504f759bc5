//! The edits of running the room: the phase the workshop is in, the dots each voter has, and
//! placing or taking back a dot. Each is an ordinary, undoable edit of the board; the timer
//! and the walk-through change nothing on the board and have no edits.

use std::collections::BTreeSet;

use crate::edit::Edit;
use crate::model::votes::dots_left;
use crate::model::{Board, Id, Meta, Phase};

/// The board's phase set to `phase`: its level and, at big picture, its step (the level
/// stays the one source of truth, see `model::phase`). `None` when it already is.
pub fn set_phase(board: &Board, phase: Phase) -> Option<Edit> {
    let meta = Meta {
        level: phase.level(),
        phase: phase.step(),
        ..board.meta.clone()
    };
    (meta != board.meta).then_some(Edit::SetMeta(meta))
}

/// The board's dots per voter set to `dots` (the default is not written). `None` when it
/// already is.
pub fn set_dots(board: &Board, dots: u32) -> Option<Edit> {
    let dots = (dots != crate::model::votes::DEFAULT_DOTS).then_some(dots);
    (board.meta.dots != dots).then(|| {
        Edit::SetMeta(Meta {
            dots,
            ..board.meta.clone()
        })
    })
}

/// One dot of `voter` on each of `stickies` (in id order) while the voter has dots left.
/// Returns the edits and how many dots could not be placed for want of dots.
pub fn place_dots(board: &Board, stickies: &BTreeSet<Id>, voter: &str) -> (Vec<Edit>, usize) {
    let mut left = dots_left(board, voter);
    let mut edits = Vec::new();
    let mut refused = 0;
    for id in stickies {
        let Some(s) = board.stickies.get(id) else {
            continue;
        };
        if left == Some(0) {
            refused += 1;
            continue;
        }
        left = left.map(|n| n - 1);
        let mut s = s.clone();
        *s.votes.entry(voter.to_owned()).or_default() += 1;
        edits.push(Edit::PutSticky {
            id: *id,
            sticky: Some(s),
        });
    }
    (edits, refused)
}

/// Takes one of `voter`'s dots back from each of `stickies` that has one.
pub fn take_dots(board: &Board, stickies: &BTreeSet<Id>, voter: &str) -> Vec<Edit> {
    stickies
        .iter()
        .filter_map(|id| {
            let s = board.stickies.get(id)?;
            let n = *s.votes.get(voter)?;
            let mut s = s.clone();
            if n > 1 {
                s.votes.insert(voter.to_owned(), n - 1);
            } else {
                s.votes.remove(voter);
            }
            Some(Edit::PutSticky {
                id: *id,
                sticky: Some(s),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::edit::ops::fixtures::sample;
    use crate::model::{BigPictureStep, LevelSetting};

    #[test]
    fn a_phase_sets_the_level_and_the_step_and_undoes() {
        let (mut board, ..) = sample();
        let before = board.clone();
        let mut history = History::default();
        let pick = Phase::BigPicture(BigPictureStep::PickYourProblem);
        let e = set_phase(&board, pick);
        history.apply_all(&mut board, e);
        history.commit();
        assert_eq!(board.meta.level, LevelSetting::BigPicture);
        assert_eq!(Phase::of(&board.meta), Some(pick));
        assert!(set_phase(&board, pick).is_none());
        let e = set_phase(&board, Phase::Design);
        history.apply_all(&mut board, e);
        history.commit();
        assert_eq!(
            board.meta.phase, None,
            "no big-picture step at design level"
        );
        history.undo(&mut board);
        history.undo(&mut board);
        assert_eq!(board, before);
    }

    #[test]
    fn dots_stop_when_the_voter_has_none_left_and_come_back_one_by_one() {
        let (mut board, a, b, _) = sample();
        let both = BTreeSet::from([a, b]);
        let (a, b) = (a.min(b), a.max(b));
        board.meta.dots = Some(3);
        let mut history = History::default();
        for _ in 0..2 {
            let (edits, _) = place_dots(&board, &both, "Ana");
            history.apply_all(&mut board, edits);
        }
        assert_eq!(dots_left(&board, "Ana"), Some(0));
        assert_eq!(board.stickies[&a].votes["Ana"], 2);
        assert_eq!(
            board.stickies[&b].votes["Ana"], 1,
            "the fourth dot was refused (one on each, in id order)"
        );
        let (edits, refused) = place_dots(&board, &both, "Ana");
        assert!(edits.is_empty());
        assert_eq!(refused, 2);
        let (edits, _) = place_dots(&board, &both, "Bo");
        history.apply_all(&mut board, edits);
        let e = take_dots(&board, &both, "Ana");
        history.apply_all(&mut board, e);
        assert_eq!(board.stickies[&a].votes["Ana"], 1);
        assert!(
            !board.stickies[&b].votes.contains_key("Ana"),
            "no zero counts kept"
        );
        assert_eq!(board.stickies[&b].vote_count(), 1);
        assert!(take_dots(&board, &BTreeSet::from([b]), "Ana").is_empty());
        assert!(set_dots(&board, 3).is_some_and(|e| e
            == Edit::SetMeta(Meta {
                dots: None,
                ..board.meta.clone()
            })));
    }
}
