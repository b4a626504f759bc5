//! Arrows between stickies: one arrow, arrows along a pick order or along the grammar, which
//! way an arrow points when the user gave no order, and turning arrows round. An arrow that
//! takes an event to an audience (a policy or read model of another context, a front end, a
//! partner) also gives the event the delivery it means, in the same edits (one undo step).

use std::collections::{BTreeMap, BTreeSet};

use crate::edit::Edit;
use crate::model::analysis::Analysis;
use crate::model::{Board, Delivery, Direction, Id, Kind, Link, Sticky};

/// Links `from` to `to` unless they are the same sticky or already linked that way.
pub fn connect(board: &Board, from: Id, to: Id) -> Option<Edit> {
    if from == to || !board.stickies.contains_key(&from) || !board.stickies.contains_key(&to) {
        return None;
    }
    if board.links.values().any(|l| l.from == from && l.to == to) {
        return None;
    }
    Some(Edit::PutLink {
        id: Id::random(),
        link: Some(Link { from, to }),
    })
}

/// Links `from` to `to` as [`connect`] does, plus the delivery the arrow means (see
/// [`with_deliveries`]).
pub fn connect_and_deliver(board: &Board, from: Id, to: Id) -> Vec<Edit> {
    with_deliveries(board, connect(board, from, to).into_iter().collect())
}

/// `edits` (new arrows among them), followed by the deliveries those arrows mean: an arrow
/// from an event to a sticky that stands for an audience (`Analysis::audience_of_target`)
/// gives the event a delivery to it, published, with the transport that audience usually
/// takes (Kafka to a context, WebSocket to a front end, a webhook to a partner), unless the
/// event already has one to that audience.
pub fn with_deliveries(board: &Board, mut edits: Vec<Edit>) -> Vec<Edit> {
    let arrows: Vec<(Id, Id)> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::PutLink {
                link: Some(link), ..
            } => Some((link.from, link.to)),
            _ => None,
        })
        .filter(|(from, _)| {
            board
                .stickies
                .get(from)
                .is_some_and(|s| s.kind == Kind::DomainEvent)
        })
        .collect();
    if arrows.is_empty() {
        return edits;
    }
    let analysis = Analysis::of(board);
    let mut changed: BTreeMap<Id, Sticky> = BTreeMap::new();
    for (event, target) in arrows {
        let Some(audience) = analysis.audience_of_target(board, event, target) else {
            continue;
        };
        let Some(sticky) = changed
            .get(&event)
            .or_else(|| board.stickies.get(&event))
            .cloned()
        else {
            continue;
        };
        let mut sticky = sticky;
        let known = sticky
            .deliveries
            .iter()
            .any(|d| d.audience == audience && d.direction == Direction::Publish);
        if !known {
            sticky
                .deliveries
                .push(Delivery::to(audience, Direction::Publish));
            changed.insert(event, sticky);
        }
    }
    edits.extend(changed.into_iter().map(|(id, sticky)| Edit::PutSticky {
        id,
        sticky: Some(sticky),
    }));
    edits
}

/// Which way an arrow between stickies `a` and `b` points when the user gave no order (a
/// rubber band, select all): along the grammar (a command is handled by its aggregate), else
/// left to right, then top to bottom, then by id. `None` when either sticky is gone.
pub fn link_direction(board: &Board, a: Id, b: Id) -> Option<(Id, Id)> {
    let (sa, sb) = (board.stickies.get(&a)?, board.stickies.get(&b)?);
    let forward = crate::model::link::grammar_direction(sa.kind, sb.kind)
        .unwrap_or_else(|| layout_order(sa, a) <= layout_order(sb, b));
    Some(if forward { (a, b) } else { (b, a) })
}

/// Where a sticky stands on the timeline, for ordering: its centre's x, then y, then its id.
fn layout_order(s: &Sticky, id: Id) -> (i64, i64, Id) {
    let c = s.rect().center();
    // Whole board units: positions are whole numbers in the file anyway.
    (c.x.round() as i64, c.y.round() as i64, id)
}

/// Links stickies in the order the user picked them: each to the next (two make one arrow,
/// more a chain). Pairs already linked that way are left alone.
pub fn link_in_order(board: &Board, order: &[Id]) -> Vec<Edit> {
    let links = order
        .windows(2)
        .filter_map(|pair| connect(board, pair[0], pair[1]))
        .collect();
    with_deliveries(board, links)
}

/// Links stickies selected all at once, with no order from the user, every arrow pointing as
/// [`link_direction`] says. Two stickies get their arrow; of more, each neighbour along the
/// timeline (left to right) is linked to the next where the grammar gives the pair a meaning,
/// so a flow drawn as a row becomes a chain and nothing else is joined by accident. Neighbours
/// already linked either way are left alone.
pub fn link_along_grammar(board: &Board, ids: &BTreeSet<Id>) -> Vec<Edit> {
    let mut row: Vec<(&Sticky, Id)> = ids
        .iter()
        .filter_map(|id| board.stickies.get(id).map(|s| (s, *id)))
        .collect();
    row.sort_by_key(|&(s, id)| layout_order(s, id));
    let linked = |a: Id, b: Id| {
        board
            .links
            .values()
            .any(|l| (l.from, l.to) == (a, b) || (l.from, l.to) == (b, a))
    };
    let two = row.len() == 2;
    let known = |a: &Sticky, b: &Sticky| {
        use crate::model::link::meaning;
        meaning(a.kind, b.kind).is_some() || meaning(b.kind, a.kind).is_some()
    };
    let links = row
        .windows(2)
        .filter(|pair| two || known(pair[0].0, pair[1].0))
        .filter(|pair| !linked(pair[0].1, pair[1].1))
        .filter_map(|pair| link_direction(board, pair[0].1, pair[1].1))
        .filter_map(|(from, to)| connect(board, from, to))
        .collect();
    with_deliveries(board, links)
}

/// Turns the arrows `links` round, keeping their ids. An arrow whose reverse another arrow
/// already draws is left as it is (turning it would draw that arrow twice).
pub fn reverse_links(board: &Board, links: &BTreeSet<Id>) -> Vec<Edit> {
    let drawn_elsewhere = |from: Id, to: Id| {
        board
            .links
            .iter()
            .any(|(id, l)| !links.contains(id) && (l.from, l.to) == (from, to))
    };
    links
        .iter()
        .filter_map(|id| board.links.get(id).map(|l| (*id, l)))
        .filter(|(_, l)| !drawn_elsewhere(l.to, l.from))
        .map(|(id, l)| Edit::PutLink {
            id,
            link: Some(Link {
                from: l.to,
                to: l.from,
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::{Kind, Point};

    /// A board with one sticky of each kind given, left to right in that order.
    fn row(kinds: &[Kind]) -> (Board, Vec<Id>) {
        let mut board = Board::new("row");
        let ids: Vec<Id> = (1..=kinds.len() as u64).map(Id).collect();
        for (i, (kind, id)) in kinds.iter().zip(&ids).enumerate() {
            let at = Point::new(i as f32 * 300.0, 0.0);
            board.stickies.insert(*id, Sticky::new(*kind, "", at));
        }
        (board, ids)
    }

    fn arrows(board: &Board, edits: &[Edit]) -> Vec<(Id, Id)> {
        let mut after = board.clone();
        for e in edits {
            e.clone().apply(&mut after);
        }
        let mut all: Vec<_> = after.links.values().map(|l| (l.from, l.to)).collect();
        all.sort();
        all
    }

    #[test]
    fn without_a_pick_order_an_arrow_follows_the_grammar_whatever_the_layout() {
        use Kind::*;
        for (from, to) in [
            (Actor, Command),
            (Command, Aggregate),
            (Aggregate, DomainEvent),
            (DomainEvent, Policy),
            (Policy, Command),
            (DomainEvent, ReadModel),
            (ReadModel, Actor),
            (Command, ExternalSystem),
            (Hotspot, DomainEvent),
        ] {
            // Drawn right to left: the later kind stands left of the earlier one.
            let (board, ids) = row(&[to, from]);
            assert_eq!(
                link_direction(&board, ids[0], ids[1]),
                Some((ids[1], ids[0])),
                "{from:?} -> {to:?}"
            );
            assert_eq!(
                link_direction(&board, ids[1], ids[0]),
                Some((ids[1], ids[0]))
            );
        }
    }

    #[test]
    fn where_the_grammar_knows_both_ways_or_neither_an_arrow_points_left_to_right() {
        use Kind::*;
        for (left, right) in [
            (ExternalSystem, DomainEvent),
            (DomainEvent, ExternalSystem),
            (DomainEvent, DomainEvent),
            (Opportunity, Actor),
        ] {
            let (board, ids) = row(&[left, right]);
            assert_eq!(
                link_direction(&board, ids[1], ids[0]),
                Some((ids[0], ids[1]))
            );
        }
        // One above the other: top to bottom.
        let (mut board, ids) = row(&[DomainEvent, DomainEvent]);
        if let Some(s) = board.stickies.get_mut(&ids[0]) {
            s.pos = Point::new(300.0, 400.0);
        }
        assert_eq!(
            link_direction(&board, ids[0], ids[1]),
            Some((ids[1], ids[0]))
        );
        assert_eq!(link_direction(&board, ids[0], Id(99)), None);
    }

    #[test]
    fn a_selection_without_order_links_neighbours_on_the_timeline_along_the_grammar() {
        use Kind::*;
        // A flow drawn left to right, but the aggregate put left of its command.
        let (board, ids) = row(&[Actor, Aggregate, Command, DomainEvent]);
        let [actor, aggregate, command, event] = [ids[0], ids[1], ids[2], ids[3]];
        let all: BTreeSet<Id> = ids.iter().copied().collect();
        let edits = link_along_grammar(&board, &all);
        // Actor and aggregate mean nothing to each other: no arrow between them.
        let mut expected = vec![(command, aggregate), (command, event)];
        expected.sort();
        assert_eq!(arrows(&board, &edits), expected);
        // Two stickies always get their arrow, left to right where the grammar is silent.
        let two: BTreeSet<Id> = [aggregate, actor].into();
        assert_eq!(
            arrows(&board, &link_along_grammar(&board, &two)),
            [(actor, aggregate)]
        );
        let mut linked = board.clone();
        for e in edits {
            e.apply(&mut linked);
        }
        assert!(
            link_along_grammar(&linked, &all).is_empty(),
            "linking again adds nothing"
        );
    }

    #[test]
    fn picked_stickies_link_in_the_order_they_were_picked() {
        let (board, ids) = row(&[Kind::DomainEvent, Kind::DomainEvent, Kind::DomainEvent]);
        let order = [ids[2], ids[0], ids[1]];
        let edits = link_in_order(&board, &order);
        let mut expected = vec![(ids[2], ids[0]), (ids[0], ids[1])];
        expected.sort();
        assert_eq!(arrows(&board, &edits), expected);
        assert!(link_in_order(&board, &order[..1]).is_empty());
    }

    #[test]
    fn reverse_turns_the_selected_arrows_round_as_one_undoable_step() {
        let (mut board, ids) = row(&[Kind::Aggregate, Kind::Command, Kind::DomainEvent]);
        let (a, b) = (Id(10), Id(11));
        board.links.insert(
            a,
            Link {
                from: ids[0],
                to: ids[1],
            },
        );
        board.links.insert(
            b,
            Link {
                from: ids[2],
                to: ids[1],
            },
        );
        let before = board.clone();
        let mut history = History::default();
        history.apply_all(&mut board, reverse_links(&before, &[a, b].into()));
        history.commit();
        assert_eq!((board.links[&a].from, board.links[&a].to), (ids[1], ids[0]));
        assert_eq!((board.links[&b].from, board.links[&b].to), (ids[1], ids[2]));
        history.undo(&mut board);
        assert_eq!(board, before);
        // An arrow whose reverse is drawn already stays: no arrow twice.
        board.links.insert(
            Id(12),
            Link {
                from: ids[1],
                to: ids[0],
            },
        );
        assert!(reverse_links(&board, &[a].into()).is_empty());
        assert_eq!(reverse_links(&board, &[a, Id(12)].into()).len(), 2);
    }

    #[test]
    fn an_arrow_from_an_event_to_an_audience_gives_it_the_delivery_in_one_undo_step() {
        use crate::model::{Audience, Boundary, BoundaryKind, Rect, Size, Transport};
        let (mut board, ids) = row(&[
            Kind::DomainEvent,
            Kind::Policy,
            Kind::ReadModel,
            Kind::ExternalSystem,
            Kind::ReadModel,
        ]);
        let region = |kind, name: &str, x: f32| {
            Boundary::new(
                kind,
                name,
                Rect::new(Point::new(x, -50.0), Size::new(300.0, 300.0)),
            )
        };
        let kitchen = region(BoundaryKind::Context, "Kitchen", -50.0);
        let delivery = region(BoundaryKind::Context, "Delivery", 250.0);
        let app = region(BoundaryKind::FrontEnd, "Customer app", 550.0);
        board.boundaries.insert(Id(100), kitchen);
        board.boundaries.insert(Id(101), delivery);
        board.boundaries.insert(Id(102), app);
        let before = board.clone();
        let event = ids[0];
        let mut history = History::default();
        for target in &ids[1..4] {
            let edits = connect_and_deliver(&board, event, *target);
            history.apply_all(&mut board, edits);
            history.commit();
        }
        let got: Vec<(Audience, Option<Transport>)> = board.stickies[&event]
            .deliveries
            .iter()
            .map(|d| (d.audience, d.transport))
            .collect();
        assert_eq!(
            got,
            [
                (Audience::Context(Id(101)), Some(Transport::Kafka)),
                (Audience::FrontEnd(Id(102)), Some(Transport::WebSocket)),
                (Audience::Partner(ids[3]), Some(Transport::Webhook)),
            ]
        );
        // An arrow to a read model outside every region means no audience: the arrow alone.
        assert_eq!(connect_and_deliver(&board, event, ids[4]).len(), 1);
        // Each arrow and its delivery are one step.
        for _ in 0..3 {
            history.undo(&mut board);
        }
        assert_eq!(board, before);
    }
}
