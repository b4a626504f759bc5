//! Actions on a selection as a whole: delete it (with the arrows it would leave dangling) and
//! mark or unmark its events as pivotal.

use std::collections::BTreeSet;

use super::Items;
use crate::edit::Edit;
use crate::model::{Board, Id};

/// Deletes the items, and every link that would be left with a missing end.
pub fn delete(board: &Board, items: &Items) -> Vec<Edit> {
    let mut links: BTreeSet<Id> = board.links_touching(&items.stickies).into_iter().collect();
    links.extend(items.links.iter().copied());
    let links = links
        .into_iter()
        .filter(|id| board.links.contains_key(id))
        .map(|id| Edit::PutLink { id, link: None });
    let stickies = items
        .stickies
        .iter()
        .filter(|id| board.stickies.contains_key(id))
        .map(|&id| Edit::PutSticky { id, sticky: None });
    let boundaries = items
        .boundaries
        .iter()
        .filter(|id| board.boundaries.contains_key(id))
        .map(|&id| Edit::PutBoundary { id, boundary: None });
    links.chain(stickies).chain(boundaries).collect()
}

/// Marks the domain events among the items as pivotal, or, when all of them already are,
/// unmarks them. Other kinds are left alone; no events, no edits.
pub fn toggle_pivotal(board: &Board, items: &Items) -> Vec<Edit> {
    use crate::model::{Kind, Sticky};
    let events: Vec<(Id, &Sticky)> = items
        .stickies
        .iter()
        .filter_map(|id| board.stickies.get(id).map(|s| (*id, s)))
        .filter(|(_, s)| s.kind == Kind::DomainEvent)
        .collect();
    let make = !events.iter().all(|(_, s)| s.pivotal);
    events
        .into_iter()
        .map(|(id, s)| Edit::PutSticky {
            id,
            sticky: Some(Sticky {
                pivotal: make,
                ..s.clone()
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::edit::ops::connect;
    use crate::edit::ops::fixtures::sample;

    #[test]
    fn pivotal_marks_the_selected_events_then_unmarks_them_and_leaves_other_kinds() {
        let (mut board, command, event, ctx) = sample();
        let items = Items {
            stickies: [command, event].into(),
            boundaries: [ctx].into(),
            ..Items::default()
        };
        let pivotal = |board: &Board| board.stickies[&event].pivotal;
        let mut history = History::default();
        let edits = toggle_pivotal(&board, &items);
        history.apply_all(&mut board, edits);
        assert!(pivotal(&board));
        assert!(
            !board.stickies[&command].pivotal,
            "a command is never pivotal"
        );
        let edits = toggle_pivotal(&board, &items);
        history.apply_all(&mut board, edits);
        assert!(!pivotal(&board), "all pivotal already: the toggle unmarks");
        let only_command = Items {
            stickies: [command].into(),
            ..Items::default()
        };
        assert!(toggle_pivotal(&board, &only_command).is_empty());
    }

    #[test]
    fn deleting_a_sticky_deletes_its_links_and_undo_brings_both_back() {
        let (mut board, a, b, _) = sample();
        let link = connect(&board, a, b).expect("a new link");
        let mut history = History::default();
        history.apply(&mut board, link);
        let before = board.clone();
        let items = Items {
            stickies: [a].into(),
            ..Items::default()
        };
        let edits = delete(&board, &items);
        history.apply_all(&mut board, edits);
        assert!(board.links.is_empty());
        assert_eq!(board.stickies.len(), 1);
        history.undo(&mut board);
        assert_eq!(board, before);
    }
}
