//! What the user types into an item: a sticky's text (with the size that shows it whole) and a
//! region's name.

use crate::edit::Edit;
use crate::model::{Board, Id, Size};

/// Sticky `id` with the text typed into it, and the size that shows the text whole (measured
/// by the caller, who knows the font). Line ends become `\n` on every platform, so a file
/// never mixes them. `None` when the sticky is gone.
pub fn retext_sticky(board: &Board, id: Id, text: &str, size: Size) -> Option<Edit> {
    let mut sticky = board.stickies.get(&id)?.clone();
    sticky.text = text.replace('\r', "");
    sticky.size = size;
    Some(Edit::PutSticky {
        id,
        sticky: Some(sticky),
    })
}

/// Region `id` with the name typed into it. `None` when the region is gone.
pub fn rename_region(board: &Board, id: Id, name: &str) -> Option<Edit> {
    let mut boundary = board.boundaries.get(&id)?.clone();
    name.clone_into(&mut boundary.name);
    Some(Edit::PutBoundary {
        id,
        boundary: Some(boundary),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ops::fixtures::sample;

    #[test]
    fn typing_into_a_sticky_and_a_region_changes_only_the_text_and_size() {
        let (board, a, _, ctx) = sample();
        let mut after = board.clone();
        retext_sticky(&board, a, "Place\r\nOrder", Size::new(160.0, 200.0))
            .expect("a text edit")
            .apply(&mut after);
        rename_region(&board, ctx, "Ordering")
            .expect("a rename")
            .apply(&mut after);
        assert_eq!(after.stickies[&a].text, "Place\nOrder");
        assert_eq!(after.stickies[&a].size, Size::new(160.0, 200.0));
        assert_eq!(after.stickies[&a].pos, board.stickies[&a].pos);
        assert_eq!(after.boundaries[&ctx].name, "Ordering");
        assert!(retext_sticky(&board, ctx, "x", Size::default()).is_none());
        assert!(rename_region(&board, a, "x").is_none());
    }
}
