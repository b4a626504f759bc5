//! Large, realistic boards made from a seed: the benchmarks and the scale tests share them,
//! so a figure quoted in a note can be reproduced exactly.
//!
//! A generated board is a grid of bounded contexts. Each context holds rows of flows that
//! follow the grammar (actor, command, aggregate, event, policy, command, event, read model),
//! linked as NOTATION.md reads them, with fields on events and commands, the odd hotspot and
//! pivotal event, and a swimlane per row of contexts.

use super::board::Board;
use super::boundary::{Boundary, BoundaryKind};
use super::geometry::{Point, Rect, Size};
use super::id::Id;
use super::link::{Link, meaning};
use super::sticky::{Field, Kind, Sticky};

/// The kinds of one flow, left to right.
const FLOW: [Kind; 8] = [
    Kind::Actor,
    Kind::Command,
    Kind::Aggregate,
    Kind::DomainEvent,
    Kind::Policy,
    Kind::Command,
    Kind::DomainEvent,
    Kind::ReadModel,
];

/// Distance between sticky slots, in board units.
const SLOT: f32 = 220.0;
/// Slots per row inside a context (three flows).
const COLUMNS: usize = 24;
/// Stickies per context.
const PER_CONTEXT: usize = 1000;

const NOUNS: [&str; 12] = [
    "Order", "Payment", "Shipment", "Invoice", "Customer", "Cart", "Refund", "Ticket", "Booking",
    "Delivery", "Account", "Voucher",
];
const VERBS: [(&str, &str); 8] = [
    ("Place", "Placed"),
    ("Confirm", "Confirmed"),
    ("Cancel", "Cancelled"),
    ("Approve", "Approved"),
    ("Reject", "Rejected"),
    ("Ship", "Shipped"),
    ("Refund", "Refunded"),
    ("Archive", "Archived"),
];

/// A board of about `stickies` stickies (rounded to whole flows), the same for the same seed.
pub fn board(stickies: usize, seed: u64) -> Board {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut next_id = || Id(rng.u64(1..));
    let mut words = fastrand::Rng::with_seed(seed ^ 0x5eed);
    let mut board = Board::new(format!("Generated board of {stickies} stickies"));
    let contexts = stickies.div_ceil(PER_CONTEXT).max(1);
    let grid = (contexts as f64).sqrt().ceil() as usize;
    let rows_per_context = PER_CONTEXT.div_ceil(COLUMNS);
    let context_size = Size::new(
        COLUMNS as f32 * SLOT + 2.0 * SLOT,
        rows_per_context as f32 * SLOT + 2.0 * SLOT,
    );
    let mut made = 0;
    for c in 0..contexts {
        let origin = Point::new(
            (c % grid) as f32 * (context_size.w + SLOT),
            (c / grid) as f32 * (context_size.h + SLOT),
        );
        let noun = NOUNS[c % NOUNS.len()];
        board.boundaries.insert(
            next_id(),
            Boundary::new(
                BoundaryKind::Context,
                format!("{noun} context {c}"),
                Rect::new(origin, context_size),
            ),
        );
        if c % grid == 0 {
            let lane = Rect::new(
                Point::new(origin.x - SLOT / 2.0, origin.y - SLOT / 2.0),
                Size::new(grid as f32 * (context_size.w + SLOT), context_size.h + SLOT),
            );
            board.boundaries.insert(
                next_id(),
                Boundary::new(BoundaryKind::Swimlane, format!("Lane {}", c / grid), lane),
            );
        }
        let mut previous: Option<(Id, Kind)> = None;
        for slot in 0..PER_CONTEXT {
            if made >= stickies {
                break;
            }
            let kind = FLOW[slot % FLOW.len()];
            let at = Point::new(
                origin.x + SLOT + (slot % COLUMNS) as f32 * SLOT,
                origin.y + SLOT + (slot / COLUMNS) as f32 * SLOT,
            );
            let (verb, past) = VERBS[words.usize(..VERBS.len())];
            let noun = NOUNS[words.usize(..NOUNS.len())];
            let mut sticky = match kind {
                Kind::Actor => Sticky::new(kind, "Clerk", at),
                Kind::Command => Sticky::new(kind, format!("{verb} {noun}"), at),
                Kind::Aggregate => Sticky::new(kind, noun, at),
                Kind::DomainEvent => Sticky::new(kind, format!("{noun} {past}"), at),
                Kind::Policy => Sticky::new(kind, format!("When {past}, {verb}"), at),
                _ => Sticky::new(kind, format!("{noun} summary"), at),
            };
            sticky.size = Size::new(160.0, 160.0);
            if kind.has_fields() {
                sticky.fields = fields(&mut words, noun);
            }
            if kind == Kind::DomainEvent && words.u8(..100) == 0 {
                sticky.pivotal = true;
            }
            let id = next_id();
            board.stickies.insert(id, sticky);
            made += 1;
            if let Some((prev, prev_kind)) = previous
                && slot % COLUMNS != 0
                && meaning(prev_kind, kind).is_some()
            {
                board.links.insert(next_id(), Link { from: prev, to: id });
            }
            previous = Some((id, kind));
            if words.u8(..50) == 0 && made < stickies {
                let hotspot = Sticky::new(
                    Kind::Hotspot,
                    "Who owns this?",
                    Point::new(at.x + 60.0, at.y + 60.0),
                );
                let hid = next_id();
                board.stickies.insert(hid, hotspot);
                board.links.insert(next_id(), Link { from: hid, to: id });
                made += 1;
            }
        }
        if made >= stickies {
            break;
        }
    }
    board
}

fn fields(rng: &mut fastrand::Rng, noun: &str) -> Vec<Field> {
    let id = format!("{}Id", noun.to_lowercase());
    let mut all = vec![
        Field {
            name: id,
            ty: "uuid".into(),
            required: true,
            description: String::new(),
            ..Field::default()
        },
        Field {
            name: "occurredAt".into(),
            ty: "timestamp".into(),
            required: true,
            description: String::new(),
            ..Field::default()
        },
    ];
    if rng.bool() {
        all.push(Field {
            name: "amount".into(),
            ty: "decimal".into(),
            required: false,
            description: "Gross amount in the order's currency".into(),
            ..Field::default()
        });
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_board_of_the_asked_size() {
        let a = board(2500, 7);
        assert_eq!(a, board(2500, 7));
        assert_ne!(a, board(2500, 8));
        assert_eq!(a.stickies.len(), 2500);
        assert!(a.links.len() > 1000);
        assert!(a.boundaries.len() >= 3);
        for link in a.links.values() {
            assert!(a.stickies.contains_key(&link.from) && a.stickies.contains_key(&link.to));
        }
    }
}
