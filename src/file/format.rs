//! The `.storm.ron` text: writing the canonical form and reading any supported version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Loaded;
use super::error::LoadError;
use super::repair;
use crate::model::{Board, Boundary, Id, Legend, Link, Meta, Sticky};

/// The `format` every board file starts with.
pub const FORMAT_NAME: &str = "stormpad";

/// The format version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u32 = 1;

/// The document as written (borrows the board, so saving copies nothing).
#[derive(Serialize)]
struct DocumentRef<'a> {
    format: &'a str,
    version: u32,
    meta: &'a Meta,
    #[serde(skip_serializing_if = "is_default_legend")]
    legend: &'a Legend,
    stickies: &'a BTreeMap<Id, Sticky>,
    boundaries: &'a BTreeMap<Id, Boundary>,
    links: &'a BTreeMap<Id, Link>,
}

fn is_default_legend(legend: &&Legend) -> bool {
    **legend == Legend::default()
}

/// The document as read, version 1.
#[derive(Deserialize)]
struct DocumentV1 {
    #[allow(dead_code)] // checked through `Header` before this is parsed
    format: String,
    #[allow(dead_code)]
    version: u32,
    #[serde(default)]
    meta: Meta,
    #[serde(default)]
    legend: Legend,
    #[serde(default)]
    stickies: BTreeMap<Id, Sticky>,
    #[serde(default)]
    boundaries: BTreeMap<Id, Boundary>,
    #[serde(default)]
    links: BTreeMap<Id, Link>,
}

/// Only the header; read first so that a file of another program or of a newer version is
/// refused with a clear message before its body is interpreted.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .separate_tuple_members(false)
        .struct_names(false)
}

/// The canonical text of a board: deterministic, sorted, one field per line.
pub fn to_string(board: &Board) -> String {
    let doc = DocumentRef {
        format: FORMAT_NAME,
        version: CURRENT_VERSION,
        meta: &board.meta,
        legend: &board.legend,
        stickies: &board.stickies,
        boundaries: &board.boundaries,
        links: &board.links,
    };
    // Serialising plain data with string keys into a String cannot fail; should it ever, an
    // empty board is never silently written: the error text is saved instead and the load
    // after it will say so.
    let mut text = ron::ser::to_string_pretty(&doc, pretty())
        .unwrap_or_else(|e| format!("// stormpad could not write this board: {e}\n"));
    text.push('\n');
    text
}

/// Parses a board from text, checking the header first, then repairing what can be repaired
/// (each repair becomes a warning).
pub fn from_str(text: &str) -> Result<Loaded, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::whole("the file is empty; it holds no board"));
    }
    let header: Header = ron::from_str(text).map_err(|e| describe(&e))?;
    match header.format.as_str() {
        FORMAT_NAME => {}
        "" => {
            return Err(LoadError::at(
                1,
                1,
                "this is not a Stormpad board: it has no `format: \"stormpad\"` header",
            ));
        }
        other => {
            return Err(LoadError::whole(format!(
                "this is not a Stormpad board: its format is \"{other}\", not \"{FORMAT_NAME}\""
            )));
        }
    }
    let version = header.version;
    if version > CURRENT_VERSION {
        return Err(LoadError::whole(format!(
            "this board was written by a newer Stormpad (format version {version}); this \
             Stormpad reads format versions 1 to {CURRENT_VERSION}: please update Stormpad"
        )));
    }
    if version == 0 {
        return Err(LoadError::at(
            1,
            1,
            "the board has no `version: N` in its header; cannot tell how to read it",
        ));
    }
    let doc: DocumentV1 = ron::from_str(text).map_err(|e| describe(&e))?;
    let mut board = Board {
        meta: doc.meta,
        legend: doc.legend,
        stickies: doc.stickies,
        boundaries: doc.boundaries,
        links: doc.links,
    };
    let warnings = repair::repair(&mut board);
    Ok(Loaded { board, warnings })
}

/// Turns a RON error into a message with the position of the problem.
fn describe(err: &ron::error::SpannedError) -> LoadError {
    use ron::error::Error as E;
    let message = match &err.code {
        E::Eof => "the file ends too early (is it cut off?)".to_owned(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "expected a Stormpad board: `(format: \"stormpad\", version: 1, ...)`".to_owned()
        }
        other => other.to_string(),
    };
    LoadError::at(err.span.start.line, err.span.start.col, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Kind, Point};

    fn board() -> Board {
        let mut board = Board::new("Shop");
        let mut s = Sticky::new(
            Kind::DomainEvent,
            "Order \"Placed\"",
            Point::new(120.4, 340.0),
        );
        s.fields.push(Field {
            name: "orderId".into(),
            ty: "uuid".into(),
            required: true,
            description: String::new(),
        });
        s.version = Some("1.0.0".into());
        board.stickies.insert(Id(0x2a), s);
        board.stickies.insert(
            Id(0x1),
            Sticky::new(Kind::Command, "Place Order", Point::new(0.0, 0.0)),
        );
        board.links.insert(
            Id(0x3),
            Link {
                from: Id(0x1),
                to: Id(0x2a),
            },
        );
        board
    }

    #[test]
    fn the_text_has_a_header_sorted_ids_and_whole_positions() {
        let text = to_string(&board());
        assert!(text.starts_with("(\n    format: \"stormpad\",\n    version: 1,\n"));
        let first = text.find("\"0000000000000001\"");
        let second = text.find("\"000000000000002a\"");
        assert!(first < second);
        assert!(text.contains("pos: (120, 340),"), "{text}");
    }

    #[test]
    fn text_round_trips_and_saving_again_is_byte_identical() -> Result<(), LoadError> {
        let text = to_string(&board());
        let loaded = from_str(&text)?;
        assert!(loaded.warnings.is_empty());
        assert_eq!(to_string(&loaded.board), text);
        Ok(())
    }

    #[test]
    fn moving_one_sticky_changes_one_line() -> Result<(), LoadError> {
        let mut b = board();
        let before = to_string(&b);
        if let Some(s) = b.stickies.get_mut(&Id(0x2a)) {
            s.pos = Point::new(500.0, 20.0);
        }
        let after = to_string(&b);
        let changed = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(changed, 1);
        assert_eq!(before.lines().count(), after.lines().count());
        Ok(())
    }

    #[test]
    fn bad_files_are_refused_with_a_position_and_a_clear_message() {
        let err = |t: &str| from_str(t).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("").contains("empty"));
        assert!(err("(format: \"stormpad\", version: 1, stickies: {").contains("line 1"));
        assert!(err("(format: \"excalidraw\", version: 2)").contains("not a Stormpad board"));
        assert!(err("(format: \"stormpad\", version: 9)").contains("version 9"));
        assert!(err("[1, 2, 3]").contains("line 1, column 1"));
        let truncated = &to_string(&board())[..200];
        assert!(from_str(truncated).is_err());
    }
}
