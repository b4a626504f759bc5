//! A conflict made visible where people look: a hotspot sticky beside the item, saying which
//! field, what theirs was, and which branch it came from. Resolving is deleting the hotspot
//! (ours stays) or typing theirs in, then committing.

use super::{Conflict, Labels, Section};
use crate::model::{Board, Id, Kind, Point, Rect, Size, Sticky};

/// The size of a conflict hotspot: wider than a default sticky, for a sentence.
const SIZE: Size = Size::new(240.0, 160.0);
/// The gap between an item and its hotspots, and between stacked hotspots.
const GAP: f32 = 20.0;
/// How much of a value the sticky's text shows; the description has all of it.
const SHOWN_CHARS: usize = 60;

/// The first line of every conflict hotspot's description, so tools and tests can find them.
pub const MARKER: &str = "Merge conflict";

/// Adds one hotspot per conflict to `board`, beside the item it concerns (stacked below one
/// another when an item has several). Ids are derived from the conflict, so merging the same
/// files twice gives the same bytes.
pub fn place(board: &mut Board, conflicts: &[Conflict], labels: &Labels) {
    let mut stacked: Vec<(Rect, usize)> = Vec::new();
    for conflict in conflicts {
        let anchor = anchor(board, conflict);
        let nth = match stacked.iter_mut().find(|(r, _)| *r == anchor) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                stacked.push((anchor, 0));
                0
            }
        };
        let pos = Point::new(
            anchor.pos.x + anchor.size.w + GAP,
            anchor.pos.y + nth as f32 * (SIZE.h + GAP),
        );
        let mut sticky = Sticky::new(Kind::Hotspot, text(board, conflict, labels), pos);
        sticky.size = SIZE;
        sticky.description = description(conflict, labels);
        let id = fresh_id(board, conflict);
        board.stickies.insert(id, sticky);
    }
}

/// The rectangle the hotspot goes beside: the sticky or region itself, an arrow's start, or
/// for board-wide things (meta, legend, types) a spot above the top-left of the board.
fn anchor(board: &Board, c: &Conflict) -> Rect {
    let id = Id::parse(&c.item);
    let found = match c.section {
        Section::Sticky => id.and_then(|id| board.stickies.get(&id)).map(Sticky::rect),
        Section::Region => id.and_then(|id| board.boundaries.get(&id)).map(|b| b.rect),
        Section::Link => id
            .and_then(|id| board.links.get(&id))
            .and_then(|l| board.stickies.get(&l.from))
            .map(Sticky::rect),
        Section::Meta | Section::Legend | Section::Type => None,
    };
    found.unwrap_or_else(|| {
        let top_left = board.bounds().map_or(Point::default(), |b| b.pos);
        Rect::new(
            Point::new(top_left.x - SIZE.w - GAP, top_left.y - SIZE.h - GAP),
            Size::new(0.0, 0.0),
        )
    })
}

/// What the item is called on the board, for people.
fn item_name(board: &Board, c: &Conflict) -> String {
    let id = Id::parse(&c.item);
    let named = match c.section {
        Section::Sticky => id
            .and_then(|id| board.stickies.get(&id))
            .map(|s| s.text.clone()),
        Section::Region => id
            .and_then(|id| board.boundaries.get(&id))
            .map(|b| b.name.clone()),
        Section::Link => id.and_then(|id| board.links.get(&id)).map(|l| {
            let name = |id: &Id| board.stickies.get(id).map_or("?", |s| s.text.as_str());
            format!("{} → {}", name(&l.from), name(&l.to))
        }),
        Section::Legend | Section::Type => Some(c.item.clone()),
        Section::Meta => None,
    };
    match named {
        Some(name) => format!("{} \"{}\"", c.section.noun(), shorten(&name)),
        None => c.section.noun().to_owned(),
    }
}

fn shorten(text: &str) -> String {
    let flat: String = text.replace(['\n', '\r', '\t'], " ");
    if flat.chars().count() <= SHOWN_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(SHOWN_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// The sticky's text: the field, theirs and its branch, and that ours was kept.
fn text(board: &Board, c: &Conflict, labels: &Labels) -> String {
    format!(
        "Merge conflict: {} of {}. {} had {}; kept {}.",
        c.field,
        item_name(board, c),
        labels.theirs,
        shorten(&super::show::one_line(c.theirs.as_ref())),
        shorten(&super::show::one_line(c.ours.as_ref())),
    )
}

/// The full story, for the inspector: both values whole, where it is, how to resolve it.
fn description(c: &Conflict, labels: &Labels) -> String {
    let item = if c.item.is_empty() {
        String::new()
    } else {
        format!(" {}", c.item)
    };
    format!(
        "{MARKER} in {}{item}, field {}.\nOurs ({}), kept: {}\nTheirs ({}): {}\nResolve: \
         keep ours by deleting this hotspot, or take theirs by typing it in; then commit.",
        c.section.noun(),
        c.field,
        labels.ours,
        super::show::one_line(c.ours.as_ref()),
        labels.theirs,
        super::show::one_line(c.theirs.as_ref()),
    )
}

/// An id seeded by the conflict (section, item, field) that no item on the board has.
fn fresh_id(board: &Board, c: &Conflict) -> Id {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!("{:?}/{}/{}", c.section, c.item, c.field);
    for byte in key.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut rng = fastrand::Rng::with_seed(hash);
    loop {
        let id = Id(rng.u64(1..));
        if !board.stickies.contains_key(&id)
            && !board.boundaries.contains_key(&id)
            && !board.links.contains_key(&id)
        {
            return id;
        }
    }
}
