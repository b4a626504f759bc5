//! While a sticky is typed into or a selection dragged, the rest of the board is kept as one
//! picture and only the changing stickies are drawn over it (issue 15). These stories check
//! what the user sees and clicks meanwhile: the dragged stickies under the pointer at every
//! step, their arrows and link handles with them, the text typed on the board at once, and
//! the board as always when the edit ends. (Frame times are measured by `stormpad --measure`,
//! never asserted here; kittest has no GL painter, so the picture itself is never taken.)

use super::*;

/// Two linked events, a third one apart from them, and a policy below the first.
fn linked_board() -> (Board, [Id; 4]) {
    let (mut board, [a, b, c]) = three_stickies();
    let d = Id(4);
    board
        .stickies
        .insert(d, Sticky::new(Kind::Policy, "P", Point::new(0.0, 250.0)));
    board.links.insert(Id(10), stormpad::model::Link::new(a, b));
    (board, [a, b, c, d])
}

#[test]
fn dragged_stickies_stay_under_the_pointer_at_every_step_and_land_where_dropped() {
    let (board, [a, b, c, d]) = linked_board();
    let mut h = harness(board);
    let (ca, cb) = (center_of(&h, a), center_of(&h, b));
    click_at(&mut h, ca);
    click_with(&mut h, cb, Modifiers::SHIFT);
    let before = h.state().doc.board.clone();
    let from = center_of(&h, a);
    let offset_b = center_of(&h, b) - from;
    let by = Vec2::new(60.0, 120.0);
    h.hover_at(from);
    h.run_steps(1);
    button(&h, from, true, Modifiers::NONE);
    h.run_steps(1);
    for i in 1..=6 {
        let at = from + by * (i as f32 / 6.0);
        h.hover_at(at);
        h.run_steps(2);
        // Both dragged stickies are where the pointer took them, found by their text.
        let e0 = h.get_by_label("E0").rect().center();
        let e1 = h.get_by_label("E1").rect().center();
        assert!(
            (e0 - at).length() < 1.5,
            "step {i}: E0 at {e0:?}, pointer {at:?}"
        );
        assert!(
            (e1 - (at + offset_b)).length() < 1.5,
            "step {i}: E1 at {e1:?}"
        );
        assert_eq!(
            h.state().doc.board,
            before,
            "nothing is written before the drop"
        );
    }
    button(&h, from + by, false, Modifiers::NONE);
    h.run_steps(2);
    let zoom = h.state().canvas.camera.zoom;
    let moved = &h.state().doc.board;
    for id in [a, b] {
        let dx = (moved.stickies[&id].pos.x - before.stickies[&id].pos.x) * zoom;
        let dy = (moved.stickies[&id].pos.y - before.stickies[&id].pos.y) * zoom;
        assert!((dx - by.x).abs() <= zoom + 0.5 && (dy - by.y).abs() <= zoom + 0.5);
    }
    assert_eq!(moved.stickies[&c], before.stickies[&c]);
    assert_eq!(moved.stickies[&d], before.stickies[&d]);
    // After the drop the board is drawn as always: a click on the policy selects it.
    let cd = center_of(&h, d);
    click_at(&mut h, cd);
    assert_eq!(h.state().canvas.selection.stickies, [d].into());
}

#[test]
fn typing_shows_on_the_board_at_once_and_the_link_handle_stays_with_its_sticky() {
    let (board, [a, _, _, _]) = linked_board();
    let mut h = harness(board);
    let at = center_of(&h, a);
    click_at(&mut h, at);
    press(&mut h, Key::Enter);
    assert!(
        h.state().canvas.editing.is_some(),
        "Enter edits the selected sticky"
    );
    for (i, c) in "Order placed".chars().enumerate() {
        type_text(&mut h, &c.to_string());
        let typed: String = "Order placed".chars().take(i + 1).collect();
        assert_eq!(h.state().doc.board.stickies[&a].text, typed);
        // The handle of the sticky typed into is drawn with it, where it always is.
        let handle = h
            .get_by_label(&format!("Link from {typed}"))
            .rect()
            .center();
        let rect = h.state().doc.board.stickies[&a].rect();
        let right = screen(&h, Point::new(rect.max().x, rect.center().y));
        assert!(handle.x > right.x, "{handle:?} right of {right:?}");
    }
    press(&mut h, Key::Escape);
    assert!(h.state().canvas.editing.is_none());
    assert_eq!(h.state().doc.board.stickies[&a].text, "Order placed");
    assert!(h.query_by_label("Order placed").is_some());
}
