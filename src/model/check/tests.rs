//! The model check on whole boards: each scenario a board a workshop could draw, and every
//! rule of [`Rule::ALL`] found on one of them.

use std::collections::BTreeSet;

use super::*;
use crate::model::{
    Audience, Boundary, BoundaryKind, Delivery, Direction, Field, Kind, Link, ObjectType, Point,
    Rect, Size, Visibility,
};

fn board_with(stickies: &[(u64, Kind, &str, f32)], links: &[(u64, u64)]) -> Board {
    let mut board = Board::new("t");
    for &(id, kind, text, x) in stickies {
        board
            .stickies
            .insert(Id(id), Sticky::new(kind, text, Point::new(x, 0.0)));
    }
    for (i, &(from, to)) in links.iter().enumerate() {
        board.links.insert(
            Id(1000 + i as u64),
            Link {
                from: Id(from),
                to: Id(to),
            },
        );
    }
    board
}

fn context(board: &mut Board, id: u64, name: &str, x: f32, width: f32) {
    let rect = Rect::new(Point::new(x, -50.0), Size::new(width, 400.0));
    board
        .boundaries
        .insert(Id(id), Boundary::new(BoundaryKind::Context, name, rect));
}

fn codes(board: &Board) -> Vec<&'static str> {
    check(board, &Analysis::of(board))
        .into_iter()
        .map(|f| f.code())
        .collect()
}

/// A workshop's first hour: names in the wrong tense, loose ends, duplicates, a hotspot.
fn workshop_mistakes() -> Board {
    board_with(
        &[
            (1, Kind::DomainEvent, "Place Order", 0.0),
            (2, Kind::Command, "Order Placed", 200.0),
            (3, Kind::Policy, "Lonely policy", 400.0),
            (4, Kind::DomainEvent, "Order Shipped", 600.0),
            (5, Kind::DomainEvent, "order-shipped", 800.0),
            (6, Kind::DomainEvent, "Order Shipped", 900.0),
            (7, Kind::Actor, "Clerk", 1000.0),
            (8, Kind::Hotspot, "Who pays?", 1100.0),
        ],
        &[(4, 7)],
    )
}

/// A clean flow across two contexts, Ordering and Payments: "Order Placed" is public.
fn two_contexts() -> Board {
    let mut board = board_with(
        &[
            (1, Kind::Aggregate, "Order", 0.0),
            (2, Kind::DomainEvent, "Order Placed", 200.0),
            (3, Kind::Policy, "When placed, charge", 400.0),
            (4, Kind::Command, "Charge", 600.0),
            (5, Kind::Aggregate, "Payment", 800.0),
        ],
        &[(1, 2), (2, 3), (3, 4), (4, 5)],
    );
    context(&mut board, 90, "Ordering", -50.0, 400.0);
    context(&mut board, 91, "Payments", 350.0, 800.0);
    board
}

/// [`two_contexts`] with "Order Placed" made internal, versioned "1.0" and given two
/// fields that collide in code, one of an undefined type and one unparsable.
fn broken_contract() -> Board {
    let mut board = two_contexts();
    if let Some(s) = board.stickies.get_mut(&Id(2)) {
        s.visibility = Visibility::Internal;
        s.version = Some("1.0".into());
        s.fields = vec![
            Field {
                name: "total".into(),
                ty: "Money".into(),
                ..Field::default()
            },
            Field {
                name: "Total".into(),
                ty: "list<uuid".into(),
                ..Field::default()
            },
        ];
    }
    board
}

/// Object types A and B that require each other, and a channel with a space.
fn add_cycle_and_bad_channel(board: &mut Board) {
    let field = |ty: &str, required| Field {
        name: "f".into(),
        ty: ty.into(),
        required,
        ..Field::default()
    };
    board.types.insert(
        "A".into(),
        ObjectType {
            description: String::new(),
            fields: vec![field("B", true), field("list<A>", true)],
        },
    );
    board.types.insert(
        "B".into(),
        ObjectType {
            description: String::new(),
            fields: vec![field("A", true)],
        },
    );
    if let Some(s) = board.stickies.get_mut(&Id(2)) {
        s.set_channel(Some("orders placed".into()));
    }
}

#[test]
fn a_clean_flow_has_no_findings() {
    let board = board_with(
        &[
            (1, Kind::Actor, "Customer", 0.0),
            (2, Kind::Command, "Place Order", 200.0),
            (3, Kind::Aggregate, "Order", 400.0),
            (4, Kind::DomainEvent, "Order Placed", 600.0),
            (5, Kind::Policy, "When placed, charge", 800.0),
            (6, Kind::Command, "Charge Customer", 1000.0),
            (7, Kind::ExternalSystem, "Stripe", 1200.0),
        ],
        &[(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)],
    );
    assert_eq!(codes(&board), Vec::<&str>::new());
}

#[test]
fn each_rule_reports_what_notation_md_lists() {
    let mut board = workshop_mistakes();
    let found = codes(&board);
    for code in [
        "ES001", "ES002", "ES003", "ES004", "ES005", "ES006", "ES007", "ES008",
    ] {
        assert!(found.contains(&code), "{code} missing from {found:?}");
    }
    assert!(found.contains(&"ES011"), "{found:?}");
    assert!(found.contains(&"ES013"), "{found:?}");
    // Design level: a bounded context makes stickies outside it a finding.
    context(&mut board, 99, "Sales", 5000.0, 100.0);
    assert!(codes(&board).contains(&"ES012"));
}

#[test]
fn contracts_and_fields_are_checked() {
    assert_eq!(codes(&two_contexts()), vec!["ES010"]);
    let mut board = broken_contract();
    assert_eq!(
        codes(&board),
        vec!["ES009", "ES014", "ES014", "ES015", "ES016"]
    );
    board.types.insert("Money".into(), ObjectType::default());
    assert_eq!(codes(&board), vec!["ES009", "ES014", "ES015", "ES016"]);
    add_cycle_and_bad_channel(&mut board);
    let found = codes(&board);
    assert_eq!(
        found.iter().filter(|c| **c == "ES017").count(),
        2,
        "{found:?}"
    );
    assert!(found.contains(&"ES018"), "{found:?}");
}

#[test]
fn every_rule_is_found_on_a_board_that_breaks_it() {
    let mut workshop = workshop_mistakes();
    context(&mut workshop, 99, "Sales", 5000.0, 100.0);
    let mut contract = broken_contract();
    add_cycle_and_bad_channel(&mut contract);
    let found: BTreeSet<&str> = [
        workshop,
        two_contexts(),
        contract,
        courier_partner(),
        one_channel_for_two(),
        three_audiences(),
    ]
    .iter()
    .flat_map(codes)
    .collect();
    for rule in Rule::ALL {
        assert!(found.contains(rule.code()), "{rule:?} never found");
    }
}

#[test]
fn a_finding_reads_as_the_cli_prints_it() {
    let finding = Finding::new(
        Rule::OpenHotspot,
        vec![Id(8)],
        "hotspot \"Who pays?\" is open".into(),
        "resolve it",
    );
    assert_eq!(finding.severity, Severity::Info);
    assert_eq!(
        finding.to_string(),
        "ES013 info: hotspot \"Who pays?\" is open (fix: resolve it)"
    );
}

/// A big-picture timeline (events and a hotspot, nothing else) with one bounded context
/// drawn around its first two events: the board a room has after its first context emerges.
fn big_picture_with_one_context() -> Board {
    let mut board = board_with(
        &[
            (1, Kind::DomainEvent, "Cart Created", 0.0),
            (2, Kind::DomainEvent, "Order Placed", 200.0),
            (3, Kind::DomainEvent, "Order Shipped", 400.0),
            (4, Kind::DomainEvent, "Parcel Delivered", 600.0),
            (5, Kind::Hotspot, "Who pays the courier?", 800.0),
        ],
        &[],
    );
    context(&mut board, 90, "Ordering", -50.0, 400.0);
    board
}

#[test]
fn the_level_the_facilitator_sets_decides_the_level_dependent_rules() {
    use crate::model::LevelSetting;
    let count = |board: &Board, code: &str| codes(board).iter().filter(|c| **c == code).count();
    let mut board = big_picture_with_one_context();
    // Automatic: a context around events alone leaves it the big picture, so nothing nags
    // but the open hotspot.
    assert_eq!(
        Analysis::of(&board).level,
        crate::model::analysis::Level::BigPicture
    );
    assert_eq!(codes(&board), vec!["ES013"]);
    // The facilitator says so explicitly: the same.
    board.meta.level = LevelSetting::BigPicture;
    assert_eq!(codes(&board), vec!["ES013"]);
    // At process level producers matter, stickies outside the context do not yet.
    board.meta.level = LevelSetting::Process;
    assert_eq!((count(&board, "ES004"), count(&board, "ES012")), (4, 0));
    // Design level is everything.
    board.meta.level = LevelSetting::Design;
    assert_eq!((count(&board, "ES004"), count(&board, "ES012")), (4, 2));
}

#[test]
fn a_commanded_board_set_to_big_picture_is_not_asked_for_handlers() {
    use crate::model::LevelSetting;
    let mut board = board_with(
        &[
            (1, Kind::Command, "Place Order", 0.0),
            (2, Kind::DomainEvent, "Order Placed", 200.0),
        ],
        &[],
    );
    assert_eq!(codes(&board), vec!["ES003", "ES004"]);
    board.meta.level = LevelSetting::BigPicture;
    assert_eq!(codes(&board), Vec::<&str>::new());
}

/// A courier partner reports deliveries: "Delivery Failed" comes from the courier, and the
/// shop marks "Order Shipped" public for the courier to pick up. The email service answers
/// the shop's own command with "Receipt Sent".
fn courier_partner() -> Board {
    let mut board = board_with(
        &[
            (1, Kind::Command, "Ship Order", 0.0),
            (2, Kind::Aggregate, "Shipment", 200.0),
            (3, Kind::DomainEvent, "Order Shipped", 400.0),
            (4, Kind::ExternalSystem, "Courier", 600.0),
            (5, Kind::DomainEvent, "Delivery Failed", 800.0),
            (6, Kind::DomainEvent, "Parcel Delivered", 1000.0),
            (7, Kind::ReadModel, "Deliveries", 1200.0),
            (10, Kind::Command, "Send Receipt", 1400.0),
            (11, Kind::ExternalSystem, "Email Service", 1600.0),
            (12, Kind::DomainEvent, "Receipt Sent", 1800.0),
        ],
        &[(1, 2), (2, 3), (4, 5), (4, 6), (6, 7), (10, 11), (11, 12)],
    );
    if let Some(s) = board.stickies.get_mut(&Id(3)) {
        s.visibility = Visibility::Public;
        s.version = Some("1.0.0".into());
        s.set_channel(Some("shipping.order-shipped.v1".into()));
    }
    board
}

#[test]
fn a_partner_s_event_or_a_published_one_that_nothing_consumes_is_a_gap() {
    let mut board = courier_partner();
    let found: Vec<(&str, Vec<Id>)> = check(&board, &Analysis::of(&board))
        .into_iter()
        .filter(|f| f.code() == "ES019")
        .map(|f| (f.code(), f.stickies))
        .collect();
    // "Parcel Delivered" updates a read model and "Receipt Sent" answers the shop's own
    // command; the other two go nowhere.
    assert_eq!(found, [("ES019", vec![Id(3)]), ("ES019", vec![Id(5)])]);
    // Sending the shipped order to the courier (its webhook) consumes it; a policy reacting
    // to the failed delivery closes the other gap.
    board.stickies.insert(
        Id(8),
        Sticky::new(Kind::Policy, "When it fails, retry", Point::new(900.0, 0.0)),
    );
    board.stickies.insert(
        Id(9),
        Sticky::new(Kind::Command, "Retry Delivery", Point::new(1100.0, 0.0)),
    );
    for (i, (from, to)) in [(3, 4), (5, 8), (8, 9), (9, 4)].into_iter().enumerate() {
        let link = Link {
            from: Id(from),
            to: Id(to),
        };
        board.links.insert(Id(2000 + i as u64), link);
    }
    assert!(!codes(&board).contains(&"ES019"), "{:?}", codes(&board));
}

#[test]
fn a_big_picture_board_is_not_asked_who_consumes_a_partner_s_event() {
    let mut board = courier_partner();
    board.meta.level = crate::model::LevelSetting::BigPicture;
    assert!(!codes(&board).contains(&"ES019"), "{:?}", codes(&board));
}

#[test]
fn a_policy_that_takes_two_events_named_alike_from_two_contexts_is_warned_about() {
    // "order-placed" in Ordering and "Order Placed" in Sales both trigger one policy: its two
    // handlers would have one name, so the export numbers the second and the check says why.
    let mut board = board_with(
        &[
            (1, Kind::DomainEvent, "order-placed", 0.0),
            (2, Kind::DomainEvent, "Order Placed", 3000.0),
            (3, Kind::Policy, "When placed, notify", 400.0),
            (4, Kind::Command, "Notify Customer", 600.0),
        ],
        &[(1, 3), (2, 3), (3, 4)],
    );
    context(&mut board, 90, "Ordering", -100.0, 1000.0);
    context(&mut board, 91, "Sales", 2900.0, 1000.0);
    let analysis = Analysis::of(&board);
    let found: Vec<Finding> = check(&board, &analysis)
        .into_iter()
        .filter(|f| f.rule == Rule::NamesCollideInCode)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].stickies, [Id(3), Id(2), Id(1)]);
    assert!(
        found[0].message.contains("\"When placed, notify\" takes"),
        "{}",
        found[0].message
    );
}

/// Two contexts whose names differ only by case and punctuation, each with an "Order Placed"
/// and an "order-placed" consumed by the other, and two of the events given one channel.
fn one_channel_for_two() -> Board {
    let mut board = board_with(
        &[
            (1, Kind::DomainEvent, "Order Placed", 0.0),
            (2, Kind::DomainEvent, "order-placed", 100.0),
            (3, Kind::Policy, "When placed, ship", 200.0),
            (4, Kind::DomainEvent, "Order Placed", 400.0),
            (5, Kind::DomainEvent, "order-placed", 500.0),
            (6, Kind::Policy, "When placed, bill", 600.0),
        ],
        &[(1, 6), (2, 6), (4, 3), (5, 3)],
    );
    context(&mut board, 90, "order-placed", -50.0, 300.0);
    context(&mut board, 91, "Order Placed", 350.0, 400.0);
    for id in [1, 4] {
        if let Some(s) = board.stickies.get_mut(&Id(id)) {
            s.set_channel(Some("orders".into()));
        }
    }
    board
}

#[test]
fn each_event_gets_its_own_channel_and_type_unless_one_is_typed_twice() {
    let mut board = one_channel_for_two();
    let a = Analysis::of(&board);
    let found = check(&board, &a);
    let shared: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == Rule::SharedChannelOrType)
        .collect();
    assert_eq!(shared.len(), 1, "{found:?}");
    assert_eq!(shared[0].stickies, vec![Id(1), Id(4)]);
    assert!(
        shared[0].message.contains("\"orders\""),
        "{}",
        shared[0].message
    );

    // Without the typed channel, four events of two look-alike contexts: four channels and
    // four CloudEvents types, and nothing to report.
    for s in board.stickies.values_mut() {
        s.set_channel(None);
    }
    let a = Analysis::of(&board);
    let channels: BTreeSet<String> = (1..=5)
        .filter(|i| *i != 3)
        .map(|i| a.channel(&board, Id(i)))
        .collect();
    let types: BTreeSet<String> = [1, 2, 4, 5]
        .into_iter()
        .map(|i| a.event_type(&board, Id(i)))
        .collect();
    assert_eq!(channels.len(), 4, "{channels:?}");
    assert_eq!(types.len(), 4, "{types:?}");
    assert!(
        channels.contains("order-placed.order-placed.v1"),
        "{channels:?}"
    );
    assert!(
        channels.contains("order-placed-2.order-placed-2.v1"),
        "{channels:?}"
    );
    assert!(!codes(&board).contains(&"ES020"));
}

/// "Order Ready" of the Kitchen reaches the Delivery context, the customer's app and the
/// courier partner; "Payment Authorized" arrives from Stripe. The ready order still carries the
/// customer's phone number, and no event has a version.
fn three_audiences() -> Board {
    let mut board = board_with(
        &[
            (1, Kind::Aggregate, "Ticket", 0.0),
            (2, Kind::DomainEvent, "Order Ready", 200.0),
            (3, Kind::Policy, "Dispatch when ready", 1200.0),
            (4, Kind::ReadModel, "Order status screen", 2200.0),
            (5, Kind::ExternalSystem, "Courier partner", 3200.0),
            (6, Kind::ExternalSystem, "Stripe", 4200.0),
            (7, Kind::DomainEvent, "Payment Authorized", 400.0),
            (8, Kind::Policy, "Cook when paid", 600.0),
        ],
        &[(1, 2), (6, 7), (7, 8)],
    );
    context(&mut board, 100, "Kitchen", -100.0, 1000.0);
    context(&mut board, 101, "Delivery", 1000.0, 1000.0);
    let front = Rect::new(Point::new(2000.0, -100.0), Size::new(1000.0, 1000.0));
    board.boundaries.insert(
        Id(102),
        Boundary::new(BoundaryKind::FrontEnd, "Customer app", front),
    );
    let ready = board.stickies.get_mut(&Id(2));
    if let Some(s) = ready {
        s.fields.push(Field {
            name: "customerPhone".into(),
            ty: "string".into(),
            personal: true,
            ..Field::default()
        });
        s.deliveries = vec![
            Delivery::to(Audience::Context(Id(101)), Direction::Publish),
            Delivery::to(Audience::FrontEnd(Id(102)), Direction::Publish),
            Delivery::to(Audience::Partner(Id(5)), Direction::Publish),
        ];
    }
    board
}

#[test]
fn one_event_reaches_three_audiences_and_the_check_asks_for_a_version_and_no_personal_data() {
    let mut board = three_audiences();
    let a = Analysis::of(&board);
    let found: Vec<(&str, Vec<Id>)> = check(&board, &a)
        .into_iter()
        .filter(|f| ["ES019", "ES021", "ES022"].contains(&f.code()))
        .map(|f| (f.code(), f.stickies))
        .collect();
    // The deliveries are its consumers (no ES019); Stripe's event comes in by webhook.
    assert_eq!(
        found,
        [
            ("ES021", vec![Id(2)]),
            ("ES022", vec![Id(2)]),
            ("ES022", vec![Id(7)])
        ]
    );
    let messages: Vec<String> = check(&board, &a).into_iter().map(|f| f.message).collect();
    assert!(
        messages.contains(
            &"event \"Order Ready\" goes to front end \"Customer app\" and to partner \"Courier \
              partner\" without a version"
                .to_owned()
        ),
        "{messages:#?}"
    );
    // Internal only, and versioned: nothing left to say.
    for id in [2, 7] {
        if let Some(s) = board.stickies.get_mut(&Id(id)) {
            s.version = Some("1.0.0".into());
            s.fields.iter_mut().for_each(|f| f.internal = true);
        }
    }
    let codes: Vec<&str> = check(&board, &Analysis::of(&board))
        .into_iter()
        .map(|f| f.code())
        .filter(|c| ["ES021", "ES022"].contains(c))
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn the_analysis_knows_what_each_context_publishes_to_whom_and_receives_from_whom() {
    let board = three_audiences();
    let a = Analysis::of(&board);
    let ready = a.deliveries(&board, Id(2));
    let seen: Vec<(&str, Option<crate::model::Transport>, &str)> = ready
        .iter()
        .map(|d| (d.name.as_str(), d.transport, d.channel.as_str()))
        .collect();
    use crate::model::Transport::*;
    assert_eq!(
        seen,
        [
            ("Delivery", Some(Kafka), "kitchen.order-ready.v1"),
            ("Customer app", Some(WebSocket), "kitchen.order-ready.v1"),
            (
                "Courier partner",
                Some(Webhook),
                "/webhooks/kitchen.order-ready.v1"
            ),
        ]
    );
    // Stripe's event, with no delivery written, is received from Stripe by webhook.
    let paid = a.deliveries(&board, Id(7));
    assert_eq!(paid.len(), 1);
    assert_eq!(
        (paid[0].audience, paid[0].direction, paid[0].index),
        (Audience::Partner(Id(6)), Direction::Receive, None)
    );
    let kitchen = a.exchange(&board, Id(100));
    let to: Vec<&str> = kitchen
        .publishes
        .iter()
        .map(|e| e.peer_name.as_str())
        .collect();
    assert_eq!(to, ["Delivery", "Customer app", "Courier partner"]);
    let from: Vec<&str> = kitchen
        .receives
        .iter()
        .map(|e| e.peer_name.as_str())
        .collect();
    assert_eq!(from, ["Stripe"]);
    let delivery = a.exchange(&board, Id(101));
    assert!(delivery.publishes.is_empty());
    let got: Vec<(Id, &str)> = delivery
        .receives
        .iter()
        .map(|e| (e.event, e.peer_name.as_str()))
        .collect();
    assert_eq!(got, [(Id(2), "Kitchen")]);
}
