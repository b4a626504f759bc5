//! While the zoom changes, the board as last drawn in full is shown scaled and only the
//! borders it leaves are drawn (issue 15, `zoom_picture.rs`). These stories check what the
//! user sees and clicks meanwhile: the board under the pointer stays under it, every sticky
//! is still there by its label, and a click right after a zoom selects what it lands on.
//! (kittest has no GL painter, so the picture itself is never taken and the board is drawn
//! in full; frame times are measured by `stormpad --measure`, never asserted here.)

use super::*;

fn pinch(h: &mut H, at: Pos2, factor: f32, steps: usize) {
    h.hover_at(at);
    h.run_steps(1);
    for _ in 0..steps {
        h.event(Event::Zoom(factor));
        h.run_steps(1);
    }
}

#[test]
fn pinching_in_and_out_keeps_the_sticky_under_the_fingers_and_a_click_then_selects_it() {
    let (board, [a, b, c]) = three_stickies();
    let mut h = harness(board);
    let at = center_of(&h, b);
    let zoom = h.state().canvas.camera.zoom;
    pinch(&mut h, at, 1.05, 8);
    assert!(h.state().canvas.camera.zoom > zoom * 1.4);
    // The sticky under the pointer is still under it, and each sticky in view is a widget.
    assert!((center_of(&h, b) - at).length() < 1.0);
    for (id, text) in [(a, "E0"), (b, "E1"), (c, "E2")] {
        if h.state().canvas.view.contains(center_of(&h, id)) {
            assert!(h.query_by_label(text).is_some(), "{text} is drawn");
        }
    }
    pinch(&mut h, at, 1.0 / 1.05, 8);
    assert!((h.state().canvas.camera.zoom - zoom).abs() < 1e-3);
    click_at(&mut h, at);
    let selected: Vec<Id> = h
        .state()
        .canvas
        .selection
        .stickies
        .iter()
        .copied()
        .collect();
    assert_eq!(
        selected,
        vec![b],
        "the click lands on the sticky under the pointer"
    );
}

#[test]
fn right_after_a_zoom_step_the_board_is_all_there_and_a_click_on_another_sticky_picks_it() {
    let (board, [a, _, c]) = three_stickies();
    let mut h = harness(board);
    let from = center_of(&h, a);
    pinch(&mut h, from, 1.0 / 1.05, 3);
    // No waiting for the zoom to settle: the next click is taken at once.
    let at = center_of(&h, c);
    click_at(&mut h, at);
    let selected: Vec<Id> = h
        .state()
        .canvas
        .selection
        .stickies
        .iter()
        .copied()
        .collect();
    assert_eq!(selected, vec![c]);
    assert!(h.query_by_label("E0").is_some() && h.query_by_label("E2").is_some());
}
