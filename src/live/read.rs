//! Reading items straight from the shared document's values, without the JSON detour.
//!
//! Joining a 100k-sticky board reads every sticky and arrow once; going through a JSON map per
//! item (a `String` per key, a `Value` per field, then serde) cost about as much as `yrs`
//! integrating the whole update. The readers here take the values of an item's `Y.Map` as they
//! are and build the model value directly. They read only the usual shape of an item, the one
//! Stormpad writes: anything else (a value of the wrong type, an older `channel`/`transport`
//! pair, unknown data kept for a newer Stormpad) makes them answer `None`, and the caller falls
//! back to the forgiving reader of [`super::layout::from_fields`], which says what it dropped.
//! So both readers give the same board; this one is only faster.

use std::collections::BTreeMap;

use serde::Deserialize;
use yrs::encoding::serde::from_any;
use yrs::{Any, GetString, Map, MapRef, Out, ReadTxn};

use crate::model::{Extra, Id, Kind, Link, Point, Size, Sticky, Visibility};

/// The sticky an item's `Y.Map` holds, when it has the usual shape (see the module header).
pub fn sticky<T: ReadTxn>(txn: &T, item: &MapRef) -> Option<Sticky> {
    let mut kind: Option<Kind> = None;
    let mut text = String::new();
    let mut pos: Option<Point> = None;
    let mut size: Option<Size> = None;
    let mut sticky = Sticky {
        kind: Kind::DomainEvent,
        text: String::new(),
        pos: Point::default(),
        size: Size::default(),
        description: String::new(),
        notes: String::new(),
        fields: Vec::new(),
        version: None,
        pivotal: false,
        visibility: Visibility::default(),
        deliveries: Vec::new(),
        votes: BTreeMap::new(),
        extra: Extra::default(),
    };
    for (key, value) in item.iter(txn) {
        match (key, value) {
            ("kind", Out::Any(a)) => kind = Some(from_any(&a).ok()?),
            ("text", v) => text = prose(txn, v)?,
            ("pos", Out::Any(a)) => pos = Some(pair(&a)?),
            ("size", Out::Any(a)) => size = Some(pair(&a)?),
            ("description", v) => sticky.description = prose(txn, v)?,
            ("notes", v) => sticky.notes = prose(txn, v)?,
            ("fields", Out::Any(a)) => sticky.fields = from_any(&a).ok()?,
            ("version", Out::Any(a)) => sticky.version = from_any(&a).ok()?,
            ("pivotal", Out::Any(Any::Bool(b))) => sticky.pivotal = b,
            ("visibility", Out::Any(a)) => sticky.visibility = from_any(&a).ok()?,
            ("deliveries", Out::Any(a)) => sticky.deliveries = from_any(&a).ok()?,
            (key, Out::Any(count)) if key.starts_with("dots/") => {
                let voter = key.strip_prefix("dots/").unwrap_or_default();
                sticky
                    .votes
                    .insert(voter.to_string(), from_any(&count).ok()?);
            }
            // Unknown keys are another client's business, as in the forgiving reader; the
            // known ones in another shape (and the older channel/transport) are read there.
            (key, _) if !super::layout::STICKY.known.contains(&key) && key != "extra" => {}
            _ => return None,
        }
    }
    sticky.kind = kind?;
    sticky.text = text;
    sticky.pos = pos?;
    sticky.size = size.unwrap_or_else(|| sticky.kind.default_size());
    Some(sticky)
}

/// The arrow an item's `Y.Map` holds, when it has the usual shape.
pub fn link<T: ReadTxn>(txn: &T, item: &MapRef) -> Option<Link> {
    let (mut from, mut to) = (None, None);
    for (key, value) in item.iter(txn) {
        match (key, value) {
            ("from", Out::Any(Any::String(s))) => from = Some(Id::parse(&s)?),
            ("to", Out::Any(Any::String(s))) => to = Some(Id::parse(&s)?),
            (key, _) if !super::layout::LINK.known.contains(&key) && key != "extra" => {}
            _ => return None,
        }
    }
    Some(Link::new(from?, to?))
}

/// A prose field: a `Y.Text`, or a plain string another client wrote.
fn prose<T: ReadTxn>(txn: &T, value: Out) -> Option<String> {
    match value {
        Out::YText(t) => Some(t.get_string(txn)),
        Out::Any(Any::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

/// A position or size: two finite numbers, read (and rounded) as files read them.
fn pair<T: for<'de> Deserialize<'de>>(value: &Any) -> Option<T> {
    let Any::Array(items) = value else {
        return None;
    };
    let finite = |a: &Any| matches!(a, Any::Number(n) if n.as_f64().is_some_and(f64::is_finite));
    if items.len() != 2 || !items.iter().all(finite) {
        return None;
    }
    from_any(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::LiveDoc;
    use crate::live::layout::{self, roots};
    use crate::model::{Audience, Delivery, Direction, Field, Transport};
    use serde_json::Value;
    use yrs::Transact;

    /// The forgiving reader's answer for one item, for comparison.
    fn forgiving<T: ReadTxn>(txn: &T, item: &MapRef) -> Option<Sticky> {
        let mut fields = crate::live::doc::read_fields(txn, item, &layout::STICKY);
        fields
            .entry("text")
            .or_insert_with(|| Value::String(String::new()));
        layout::from_fields(&layout::STICKY, "k", fields, &mut Vec::new())
    }

    #[test]
    fn stickies_and_arrows_read_directly_are_the_ones_the_forgiving_reader_reads() {
        let mut board = crate::model::generate::board(300, 3);
        let ids: Vec<Id> = board.stickies.keys().copied().collect();
        let mut full = Sticky::new(Kind::DomainEvent, "Paid ✓", Point::new(-3.0, 7.0));
        full.description = "d".into();
        full.notes = "n".into();
        full.fields = vec![Field {
            name: "amount".into(),
            ty: "money".into(),
            required: true,
            ..Field::default()
        }];
        full.version = Some("1.2.0".into());
        full.pivotal = true;
        full.visibility = Visibility::Public;
        full.votes.insert("Ana".into(), 2);
        full.deliveries = vec![
            Delivery::to(Audience::Context(ids[0]), Direction::Publish),
            Delivery::to(Audience::AnySubscriber, Direction::Receive),
        ];
        board.stickies.insert(Id(1), full);
        let mut legacy = Sticky::new(Kind::DomainEvent, "Shipped", Point::default());
        legacy.set_channel(Some("orders".into()));
        legacy.deliveries[0].transport = Some(Transport::Kafka);
        board.stickies.insert(Id(2), legacy);
        let live = LiveDoc::from_board(&board);
        let doc = live.doc();
        let stickies = doc.get_or_insert_map(roots::STICKIES);
        let links = doc.get_or_insert_map(roots::LINKS);
        let txn = doc.transact();
        let mut direct = 0;
        for (key, value) in stickies.iter(&txn) {
            let Out::YMap(item) = value else {
                panic!("{key} is not a map")
            };
            let want = forgiving(&txn, &item);
            assert!(want.is_some(), "{key}");
            if let Some(read) = sticky(&txn, &item) {
                assert_eq!(Some(read), want, "{key}");
                direct += 1;
            }
        }
        assert_eq!(
            direct,
            board.stickies.len() - 1,
            "only the older form is left out"
        );
        for (key, value) in links.iter(&txn) {
            let Out::YMap(item) = value else {
                panic!("{key} is not a map")
            };
            let id = Id::parse(key).unwrap_or_else(|| panic!("{key}"));
            assert_eq!(link(&txn, &item).as_ref(), board.links.get(&id), "{key}");
        }
    }
}
