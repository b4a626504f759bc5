//! Panning draws the board as one moved picture while the pan goes on (issue 15): these
//! stories check that what the user then sees and clicks is the board where the pan put it,
//! at workshop zoom and zoomed far out. (Frame times are measured by `stormpad --measure`,
//! never asserted here.)

use super::*;

fn middle(h: &H, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Middle,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// A pan with the middle button from `from` by `by`, in steps, a frame for each.
fn pan(h: &mut H, from: Pos2, by: Vec2) {
    h.hover_at(from);
    h.run_steps(1);
    middle(h, from, true);
    h.run_steps(1);
    for i in 1..=8 {
        h.hover_at(from + by * (i as f32 / 8.0));
        h.run_steps(1);
    }
    middle(h, from + by, false);
    h.run_steps(2);
}

#[test]
fn after_a_pan_each_sticky_is_where_the_board_moved_and_a_click_selects_it() {
    let (board, ids) = three_stickies();
    let mut h = harness(board);
    let before = center_of(&h, ids[1]);
    // Below the row of stickies the canvas is empty: the pan starts there.
    let by = Vec2::new(-120.0, 60.0);
    pan(&mut h, before + Vec2::new(0.0, 250.0), by);
    let after = center_of(&h, ids[1]);
    assert!(
        (after - (before + by)).length() < 1.0,
        "{before:?} {after:?}"
    );
    // Each sticky's widget moved with the board: found by its text where it is drawn now.
    for (i, id) in ids.iter().enumerate() {
        let widget = h.get_by_label(&format!("E{i}")).rect().center();
        assert!((widget - center_of(&h, *id)).length() < 1.0, "E{i}");
    }
    click_at(&mut h, after);
    let selected: Vec<Id> = h
        .state()
        .canvas
        .selection
        .stickies
        .iter()
        .copied()
        .collect();
    assert_eq!(selected, vec![ids[1]]);
}

#[test]
fn zoomed_far_out_a_pan_moves_the_picture_and_a_click_still_finds_the_sticky() {
    let board = stormpad::model::generate::board(3000, 3);
    let mut h = harness(board);
    h.state_mut().canvas.camera.zoom = 0.05;
    h.run_steps(2);
    let id = *h
        .state()
        .doc
        .board
        .stickies
        .keys()
        .nth(100)
        .expect("a sticky");
    let before = center_of(&h, id);
    // Far out a sticky is part of the picture, not a widget: the pan can start on it.
    let by = Vec2::new(-150.0, -80.0);
    pan(&mut h, before, by);
    let after = center_of(&h, id);
    assert!(
        (after - (before + by)).length() < 1.0,
        "{before:?} {after:?}"
    );
    click_at(&mut h, after);
    let selected: Vec<Id> = h
        .state()
        .canvas
        .selection
        .stickies
        .iter()
        .copied()
        .collect();
    assert_eq!(
        selected.len(),
        1,
        "{:?} at {after:?}",
        h.state().canvas.selection.items()
    );
    let rect = h.state().doc.board.stickies[&selected[0]].rect();
    let under = h
        .state()
        .canvas
        .camera
        .board_from_screen(h.state().canvas.view, after);
    assert!(rect.contains(under), "{rect:?} {under:?}");
}
