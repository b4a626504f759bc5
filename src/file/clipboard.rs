//! The clipboard's text. A copied selection is a Stormpad board in the file format, so it
//! pastes into another board or another window; plain text pastes as a row of domain events,
//! one per line, the fastest way to bring a list from a document onto the timeline.

use crate::model::{Board, Id, Kind, Point, Sticky};

/// Plain text never becomes more stickies than this.
pub const MAX_PASTED_LINES: usize = 500;
/// Gap between stickies pasted from plain text, in board units.
const GAP: f32 = 40.0;

/// The text a copied selection goes to the clipboard as.
pub fn to_text(fragment: &Board) -> Result<String, super::SerialiseError> {
    super::to_string(fragment)
}

/// What pasted text holds: the board it is, or one domain event per non-empty line, left to
/// right from the origin. Never fails: text that is not a board is lines.
pub fn parse(text: &str) -> Board {
    if let Ok(loaded) = super::from_str(text) {
        return loaded.board;
    }
    let mut fragment = Board::default();
    let size = Kind::DomainEvent.default_size();
    let lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    for (i, line) in lines.take(MAX_PASTED_LINES).enumerate() {
        let x = i as f32 * (size.w + GAP);
        let sticky = Sticky::new(Kind::DomainEvent, line, Point::new(x, 0.0));
        fragment.stickies.insert(Id::random(), sticky);
    }
    fragment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_a_row_of_events_and_a_copied_board_pastes_whole() {
        let row = parse("Cart Created\n\n  Item Added \r\nOrder Placed");
        let mut texts: Vec<(i32, &str)> = row
            .stickies
            .values()
            .map(|s| (s.pos.x as i32, s.text.as_str()))
            .collect();
        texts.sort();
        assert_eq!(
            texts,
            [
                (0, "Cart Created"),
                (200, "Item Added"),
                (400, "Order Placed")
            ]
        );
        let copied = to_text(&row).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parse(&copied), row);
        assert_eq!(parse(&"x\n".repeat(2000)).stickies.len(), MAX_PASTED_LINES);
    }
}
