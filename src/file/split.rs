//! Reading a big board on every core: the stickies section, most of a large file, is cut into
//! pieces between entries and each piece is parsed on its own thread, while the rest of the
//! document is parsed beside them.
//!
//! Only the canonical layout Stormpad writes is cut (`  stickies: {` at the document's top
//! level, one entry starting each line `    "<id>": (` after the previous entry's `),`).
//! The result is taken only when every piece parses and the cut is proven to lie where the
//! whole-text parse would read it (see [`read`]); otherwise [`read`] answers `None` and the
//! caller parses the whole text as one, which also gives any error its line and column. Either
//! way the board is the same.

use serde::de::DeserializeSeed;

use super::format::{Document, Entries};
use super::unknown::read::Keeping;
use crate::model::Sticky;

/// RON's default recursion limit, which the whole-text parse uses.
const RECURSION_LIMIT: usize = 128;

/// Below this many bytes one thread parses the text faster than several start.
const MIN_LEN: usize = 1 << 20;

/// Where the stickies section starts in the canonical text.
const OPEN: &str = "\n  stickies: {";

/// How the canonical section ends.
const CLOSE: &str = "\n  },";

/// What precedes an entry's line in the canonical text: the previous entry's end.
const BETWEEN: &str = "),\n    \"";

/// The document parsed in pieces, or `None` when the text is small, not in the canonical
/// layout, or any piece does not parse (the caller then parses it whole).
///
/// Why the pieces give the board the whole-text parse gives: the head (the text before the
/// section's `{`) parses as a document when closed right there with `{})`, so the section's
/// key is a field of the document itself, not text inside a string, a comment or another
/// value; the document with the section emptied parses, so the text after it is what the
/// whole parse reads after the map; each piece is a run of whole entries, each ending `),`
/// (a cut inside a string, a comment or an entry leaves the piece unbalanced, which does not
/// parse). The pieces are parsed with the recursion limit lowered by the level (the document)
/// the map is nested in.
pub(super) fn read(text: &str) -> Option<Document> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    read_in(text, MIN_LEN, cores.min(8))
}

/// [`read`] in `n` pieces when `text` has at least `min_len` bytes.
fn read_in(text: &str, min_len: usize, n: usize) -> Option<Document> {
    if text.len() < min_len || n < 2 {
        return None;
    }
    let key = text.find(OPEN)?;
    let brace = key + OPEN.len() - 1;
    let close = brace + text[brace..].find(CLOSE)? + 1; // the section's closing `}`
    let body = &text[brace + 1..close];
    let pieces = cut(body, n);
    let head = format!("{}{{}})", &text[..brace]);
    let emptied = format!("{}{}", &text[..=brace], &text[close..]);
    let (doc, entries) = std::thread::scope(|s| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|piece| s.spawn(move || parse_piece(piece)))
            .collect();
        let doc = ron::from_str::<Document>(&head)
            .ok()
            .and_then(|_| ron::from_str::<Document>(&emptied).ok());
        let entries: Option<Vec<Vec<(crate::model::Id, Sticky)>>> = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        (doc, entries)
    });
    let mut doc = doc?;
    // A second `stickies` section further on would replace this one when read whole.
    if doc.stickies_sections != 1 {
        return None;
    }
    doc.stickies = Entries(entries?.into_iter().flatten().collect());
    Some(doc)
}

/// `body` cut into about `n` runs of whole entries, each cut just before an entry's line.
fn cut(body: &str, n: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n {
        let mut aim = (body.len() * k / n).max(start);
        while !body.is_char_boundary(aim) {
            aim += 1;
        }
        let Some(found) = body[aim..].find(BETWEEN) else {
            break;
        };
        // Cut after `),\n`, before the next entry's indentation.
        let at = aim + found + 3;
        pieces.push(&body[start..at]);
        start = at;
    }
    pieces.push(&body[start..]);
    pieces
}

/// The entries of one piece, read as the whole-text parse reads the stickies map.
fn parse_piece(piece: &str) -> Option<Vec<(crate::model::Id, Sticky)>> {
    let text = format!("{{{piece}}}");
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT - 1);
    let mut de = ron::Deserializer::from_str_with_options(&text, &options).ok()?;
    let entries: Entries<Sticky> = Keeping::default().deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(entries.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::format::from_str_whole;
    use crate::file::to_string;
    use crate::model::{Board, Id, Kind, Point, generate};

    /// The board `text` gives when read in `n` pieces (`None`: it was not cut), checked
    /// against the board it gives read whole.
    fn read_both(text: &str, n: usize) -> Option<Board> {
        let whole = from_str_whole(text).unwrap_or_else(|e| panic!("{e}")).board;
        let doc = read_in(text, 0, n)?;
        let pieces = super::super::format::loaded(doc).board;
        assert_eq!(pieces, whole);
        Some(pieces)
    }

    fn text_of(board: &Board) -> String {
        to_string(board).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_generated_board_read_in_pieces_is_the_board_read_whole() {
        let board = generate::board(2_000, 3);
        let text = text_of(&board);
        for n in [2, 3, 7] {
            assert_eq!(read_both(&text, n).as_ref(), Some(&board), "{n} pieces");
        }
    }

    #[test]
    fn texts_that_look_like_the_cut_inside_a_sticky_read_as_the_whole_parse_reads_them() {
        let mut board = generate::board(300, 5);
        let tricky = [
            "a line\n  },\nmore",
            "x),\n    \"0000000000000001\": (",
            "\n  stickies: {\n",
        ];
        for (i, text) in tricky.iter().enumerate() {
            board.stickies.insert(
                Id(u64::MAX - i as u64),
                crate::model::Sticky::new(Kind::DomainEvent, *text, Point::default()),
            );
        }
        board.meta.description = "  stickies: {\n    \"1\": (".into();
        let text = text_of(&board);
        for n in [2, 5, 40] {
            // Cut or not, the board is the one the whole parse reads.
            if let Some(read) = read_both(&text, n) {
                assert_eq!(read, board);
            }
        }
    }

    #[test]
    fn text_not_in_the_canonical_layout_is_read_whole() {
        let board = generate::board(200, 9);
        let one_line = text_of(&board).replace('\n', " ");
        assert!(read_in(&one_line, 0, 2).is_none());
        // A second stickies section (a bad merge) replaces the first when read whole.
        let text = text_of(&board);
        let twice = text.replacen("\n  boundaries:", "\n  stickies: {},\n  boundaries:", 1);
        assert!(read_in(&twice, 0, 2).is_none());
        assert!(from_str_whole(&twice).is_ok_and(|l| l.board.stickies.is_empty()));
    }
}
