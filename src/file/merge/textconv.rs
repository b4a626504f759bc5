//! `stormpad textconv FILE`: a board as one line per item in a stable order (by section, then
//! id), for `git diff` and `git log -p`. Moving a sticky changes its one line; the line says
//! what the sticky is, so a reviewer reads names, not ids and coordinates.

use serde::Serialize;
use serde_json::Value;

use super::show::one_line;
use crate::model::{Board, Id, Kind};

/// The lines of `board`, each ending in a newline.
pub fn text(board: &Board) -> String {
    let mut out = String::new();
    let mut push = |line: String| {
        out.push_str(&line);
        out.push('\n');
    };
    push(item_line(
        format!("board {}", quoted(&board.meta.title)),
        &json(&board.meta),
        &["title"],
    ));
    for kind in Kind::ALL {
        if let Some(entry) = board.legend.override_of(kind) {
            push(format!(
                "legend {kind:?}: {} {}",
                quoted(&entry.label),
                entry.color
            ));
        }
    }
    for (name, ty) in &board.types {
        push(item_line(format!("type {name}"), &json(ty), &[]));
    }
    for (id, region) in &board.boundaries {
        let head = format!("region {:?} {}", region.kind, quoted(&region.name));
        push(with_id(
            item_line(head, &json(region), &["kind", "name"]),
            *id,
        ));
    }
    for (id, sticky) in &board.stickies {
        let head = format!("sticky {:?} {}", sticky.kind, quoted(&sticky.text));
        push(with_id(
            item_line(head, &json(sticky), &["kind", "text"]),
            *id,
        ));
    }
    for (id, link) in &board.links {
        push(with_id(
            format!(
                "arrow {} -> {}",
                sticky_name(board, link.from),
                sticky_name(board, link.to)
            ),
            *id,
        ));
    }
    out
}

/// A sticky as arrows and the diff name it: its quoted text, or its id when it is gone.
pub(super) fn sticky_name(board: &Board, id: Id) -> String {
    board
        .stickies
        .get(&id)
        .map_or_else(|| format!("(missing {id})"), |s| quoted(&s.text))
}

/// Text quoted and escaped onto one line.
pub(super) fn quoted(text: &str) -> String {
    one_line(Some(&Value::String(text.to_owned())))
}

/// The serde form of a part of the board (`Null` if it cannot be had, which no model type does).
pub(super) fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `head` then every field of `value` but `skip`, as `key: value`, separated by `, `.
fn item_line(head: String, value: &Value, skip: &[&str]) -> String {
    let mut line = head;
    if let Value::Object(map) = value {
        for (key, v) in map.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
            line.push_str(&format!(", {key}: {}", one_line(Some(v))));
        }
    }
    line
}

fn with_id(line: String, id: Id) -> String {
    format!("{line} [{id}]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Point, Sticky};

    #[test]
    fn one_line_per_item_and_a_move_changes_one_line() {
        let mut board = Board::new("Shop");
        board.stickies.insert(
            Id(2),
            Sticky::new(Kind::DomainEvent, "Order\nPlaced", Point::new(10.0, 20.0)),
        );
        board.stickies.insert(
            Id(1),
            Sticky::new(Kind::Command, "Place Order", Point::new(0.0, 0.0)),
        );
        board.links.insert(Id(3), Link::new(Id(1), Id(2)));
        let before = text(&board);
        assert_eq!(
            before,
            "board \"Shop\"\n\
             sticky Command \"Place Order\", pos: (0, 0), size: (160, 160) [0000000000000001]\n\
             sticky DomainEvent \"Order\\nPlaced\", pos: (10, 20), size: (160, 160) [0000000000000002]\n\
             arrow \"Place Order\" -> \"Order\\nPlaced\" [0000000000000003]\n"
        );
        if let Some(s) = board.stickies.get_mut(&Id(1)) {
            s.pos = Point::new(40.0, 0.0);
        }
        let after = text(&board);
        let changed = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(changed, 1);
    }
}
