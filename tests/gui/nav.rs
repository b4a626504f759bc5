//! Getting around a board: find, the command palette, the minimap and the themes, as a
//! facilitator uses them in front of the room.

use super::*;
use egui_kittest::kittest::NodeT;
use stormpad::ui::theme::Theme;

/// A board wider than any screen: the refund sits far right of where the view starts.
fn long_timeline() -> (Board, Id) {
    let mut board = Board::new("Long");
    for i in 0..20_u64 {
        let text = if i == 17 {
            "Réfund issued".to_owned()
        } else {
            format!("Step {i} done")
        };
        board.stickies.insert(
            Id(i + 1),
            Sticky::new(Kind::DomainEvent, text, Point::new(i as f32 * 1500.0, 0.0)),
        );
    }
    (board, Id(18))
}

fn in_view(h: &H, id: Id) -> bool {
    let app = h.state();
    let visible = app.canvas.camera.visible(app.canvas.view);
    visible.contains(app.doc.board.stickies[&id].rect().center())
}

/// Zooms in on the board's start, so most of it is out of view.
fn look_at_the_start(h: &mut H) {
    let app = h.state_mut();
    app.canvas.camera.zoom = 1.0;
    app.canvas.camera.pan = Vec2::new(100.0, 200.0);
    h.run_steps(2);
}

#[test]
fn find_frames_a_match_and_escape_gives_the_keys_back_to_the_canvas() {
    let (board, refund) = long_timeline();
    let mut h = harness(board);
    look_at_the_start(&mut h);
    assert!(!in_view(&h, refund));
    h.hover_at(Pos2::new(500.0, 400.0));
    press_cmd(&mut h, Key::F);
    assert!(h.state().find.open);
    // Neither case nor the accent matters.
    type_text(&mut h, "REFUND");
    assert!(
        h.query_all_by_label("Domain event · Réfund issued · outside contexts")
            .count()
            == 1
    );
    press(&mut h, Key::Enter);
    assert_eq!(h.state().canvas.selection.stickies, [refund].into());
    assert!(in_view(&h, refund), "the camera moved to the match");
    assert!(
        h.state().find.open,
        "Enter keeps the bar open for the next match"
    );
    assert_eq!(
        h.state().doc.board.stickies.len(),
        20,
        "typing made no sticky"
    );

    press(&mut h, Key::Escape);
    assert!(!h.state().find.open);
    // The canvas has the keyboard again: E places an event under the pointer.
    h.hover_at(Pos2::new(500.0, 400.0));
    h.run_steps(1);
    press(&mut h, Key::E);
    type_text(&mut h, "Refund approved");
    press(&mut h, Key::Escape);
    assert_eq!(h.state().doc.board.stickies.len(), 21);
}

#[test]
fn enter_and_shift_enter_walk_the_matches_along_the_timeline() {
    let (board, _) = long_timeline();
    let mut h = harness(board);
    look_at_the_start(&mut h);
    press_cmd(&mut h, Key::F);
    type_text(&mut h, "step 1");
    // "Step 1 done", "Step 10 done" … "Step 19 done" but not 17's refund: 10 matches.
    assert!(
        h.query_all_by_label("10 matches · Enter: next, Shift+Enter: previous")
            .count()
            == 1
    );
    press(&mut h, Key::Enter);
    assert_eq!(h.state().canvas.selection.stickies, [Id(2)].into());
    press(&mut h, Key::Enter);
    assert_eq!(h.state().canvas.selection.stickies, [Id(11)].into());
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().canvas.selection.stickies, [Id(2)].into());
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run_steps(2);
    assert_eq!(
        h.state().canvas.selection.stickies,
        [Id(20)].into(),
        "round the end to the last match"
    );
    assert!(in_view(&h, Id(20)));
}

#[test]
fn the_palette_runs_undo_and_places_a_sticky_by_name() {
    let (board, [first, ..]) = three_stickies();
    let mut h = harness(board);
    let at = center_of(&h, first);
    click_at(&mut h, at);
    press(&mut h, Key::Delete);
    assert!(!h.state().doc.board.stickies.contains_key(&first));

    press_cmd(&mut h, Key::K);
    assert!(h.state().palette.open);
    type_text(&mut h, "undo");
    press(&mut h, Key::Enter);
    assert!(!h.state().palette.open);
    assert!(h.state().doc.board.stickies.contains_key(&first), "undone");

    // Ctrl+Shift+P too; arrows choose among the matches.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run_steps(2);
    assert!(h.state().palette.open);
    type_text(&mut h, "new hot");
    press(&mut h, Key::Enter);
    type_text(&mut h, "Who pays the refund?");
    press(&mut h, Key::Escape);
    assert!(
        texts(&h).contains(&(Kind::Hotspot, "Who pays the refund?".into())),
        "{:?}",
        texts(&h)
    );
}

#[test]
fn a_command_that_cannot_run_is_greyed_out_in_the_palette_and_does_nothing() {
    let mut h = harness(Board::new("Empty"));
    press_cmd(&mut h, Key::K);
    type_text(&mut h, "redo");
    let redo = h.get_by_label_contains("Redo");
    assert!(redo.accesskit_node().is_disabled(), "nothing to redo");
    press(&mut h, Key::Enter);
    assert!(
        h.state().palette.open,
        "Enter on a disabled command does nothing"
    );
    press(&mut h, Key::Escape);
    assert!(!h.state().palette.open);
}

#[test]
fn a_click_on_the_minimap_moves_the_view_there() {
    let (board, refund) = long_timeline();
    let mut h = harness(board);
    h.hover_at(Pos2::new(500.0, 400.0));
    press_cmd(&mut h, Key::M);
    assert!(h.state().settings.show_minimap);
    look_at_the_start(&mut h);
    let map = h.get_by_label("Minimap").rect();
    // The refund lies at 17/19 of the board's width, in the minimap too.
    let at = Pos2::new(
        map.left() + map.width() * (17.0 * 1500.0 + 60.0) / (19.0 * 1500.0 + 120.0),
        map.center().y,
    );
    click_at(&mut h, at);
    assert!(
        in_view(&h, refund),
        "the view moved to where the minimap was clicked"
    );
    assert!(
        h.state().canvas.selection.is_empty(),
        "a click on the minimap selects nothing"
    );
    // A drag along it pans with it.
    let before = h.state().canvas.camera.pan;
    drag(&mut h, at, Pos2::new(map.left() + 1.0, map.center().y));
    assert!(
        h.state().canvas.camera.pan.x > before.x,
        "dragged back to the start"
    );
    assert!(in_view(&h, Id(1)));
}

/// eframe's storage, in memory, kept for the whole test run as eframe keeps its file.
#[derive(Default)]
struct Memory(std::collections::HashMap<String, String>);

impl eframe::Storage for Memory {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// The app started again with what the last run stored.
fn restarted(storage: &'static Memory) -> H {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .build_eframe(move |cc| {
            cc.storage = Some(storage);
            StormpadApp::with_storage(Document::untitled(Board::new("Again")), cc)
        });
    h.run_steps(3);
    h
}

#[test]
fn the_theme_chosen_in_the_view_menu_and_the_minimap_come_back_after_a_restart() {
    let mut h = harness(Board::new("Workshop"));
    assert!(!h.ctx.global_style().visuals.dark_mode, "light by default");
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Theme").click();
    h.run_steps(2);
    h.get_by_label("Dark").click();
    h.run_steps(3);
    assert_eq!(h.state().settings.theme, Theme::Dark);
    assert!(h.ctx.global_style().visuals.dark_mode);
    h.hover_at(Pos2::new(500.0, 400.0));
    press_cmd(&mut h, Key::M);

    let mut storage = Memory::default();
    eframe::App::save(h.state_mut(), &mut storage);
    drop(h);
    let storage: &'static Memory = Box::leak(Box::new(storage));
    let again = restarted(storage);
    assert_eq!(again.state().settings.theme, Theme::Dark);
    assert!(
        again.ctx.global_style().visuals.dark_mode,
        "the theme is applied on start"
    );
    assert!(again.state().settings.show_minimap);
    assert_eq!(
        stormpad::ui::theme::canvas_look(&again.ctx),
        Theme::Dark.canvas()
    );
}

#[test]
fn the_projector_theme_makes_the_apps_text_larger() {
    let mut h = harness(Board::new("Workshop"));
    let body = |h: &H| h.ctx.global_style().text_styles[&egui::TextStyle::Body].size;
    let before = body(&h);
    press_cmd(&mut h, Key::K);
    type_text(&mut h, "projector");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().settings.theme, Theme::Projector);
    assert!(body(&h) > before, "{} vs {before}", body(&h));
    assert!(!h.ctx.global_style().visuals.dark_mode);
}

/// Whether the find bar shows exactly one line or row reading `label`.
fn shows(h: &H, label: &str) -> bool {
    h.query_all_by_label(label).count() == 1
}

/// An edit from outside the window (as a live peer's), one step of the history.
fn add_sticky_from_outside(h: &mut H, id: Id, text: &str, x: f32) {
    let doc = &mut h.state_mut().doc;
    let sticky = Sticky::new(Kind::DomainEvent, text, Point::new(x, 0.0));
    let edit = stormpad::edit::Edit::PutSticky {
        id,
        sticky: Some(sticky),
    };
    doc.history.apply(&mut doc.board, edit);
}

#[test]
fn find_follows_a_changing_board_and_says_searching_until_the_new_index_lands() {
    let (board, _) = long_timeline();
    let mut h = harness(board);
    // Indexed on another thread, as a 100,000-sticky board is.
    h.state_mut().find.set_background_from(0);
    press_cmd(&mut h, Key::F);
    type_text(&mut h, "step 1");
    assert!(run_until(&mut h, |app| !app.find.searching()));
    assert!(shows(&h, "10 matches · Enter: next, Shift+Enter: previous"));

    // The board changes while the bar is open, and its new index is slow to come.
    h.state_mut().find.hold_background(true);
    add_sticky_from_outside(&mut h, Id(100), "Refund approved", 40_000.0);
    h.run_steps(3);
    assert!(h.state().find.searching());
    assert!(shows(
        &h,
        "10 matches (searching…) · Enter: next, Shift+Enter: previous"
    ));
    // Typing meanwhile answers from the board as it was, and says so.
    for _ in 0.."step 1".len() {
        press(&mut h, Key::Backspace);
    }
    type_text(&mut h, "refund");
    assert_eq!(h.state().find.query, "refund");
    assert!(shows(
        &h,
        "1 match (searching…) · Enter: next, Shift+Enter: previous"
    ));
    assert!(shows(&h, "Domain event · Réfund issued · outside contexts"));

    // The new index lands: the new sticky is found too, and the count is current again.
    h.state_mut().find.hold_background(false);
    assert!(run_until(&mut h, |app| !app.find.searching()));
    assert!(shows(&h, "2 matches · Enter: next, Shift+Enter: previous"));
    assert!(shows(
        &h,
        "Domain event · Refund approved · outside contexts"
    ));
    press(&mut h, Key::Enter);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().canvas.selection.stickies, [Id(100)].into());
}

#[test]
fn another_board_never_shows_the_matches_of_the_one_before() {
    let (board, _) = long_timeline();
    let mut h = harness(board);
    h.state_mut().find.set_background_from(0);
    press_cmd(&mut h, Key::F);
    type_text(&mut h, "step");
    assert!(run_until(&mut h, |app| !app.find.searching()));
    assert!(shows(&h, "19 matches · Enter: next, Shift+Enter: previous"));

    // A new board whose index is still on its way: nothing of the old board is shown.
    h.state_mut().find.hold_background(true);
    press_cmd(&mut h, Key::N);
    h.run_steps(3);
    assert!(
        h.state().doc.board.stickies.is_empty(),
        "a new, empty board"
    );
    assert!(h.state().find.open, "the bar stays open");
    assert!(shows(&h, "Searching…"));
    assert_eq!(
        h.query_all_by_label("Domain event · Step 1 done · outside contexts")
            .count(),
        0
    );
    h.state_mut().find.hold_background(false);
    assert!(run_until(&mut h, |app| !app.find.searching()));
    assert!(shows(&h, "No matches"));
}

#[test]
fn a_change_not_yet_analysed_is_searching_not_silently_missing() {
    let (board, _) = long_timeline();
    let mut h = harness(board);
    press_cmd(&mut h, Key::F);
    type_text(&mut h, "refund");
    assert!(shows(&h, "1 match · Enter: next, Shift+Enter: previous"));

    // A gesture still going on: the board has changed, its analysis waits for the end.
    let sticky = Sticky::new(
        Kind::DomainEvent,
        "Refund approved",
        Point::new(40_000.0, 0.0),
    );
    h.state_mut()
        .doc
        .apply(vec![stormpad::edit::Edit::PutSticky {
            id: Id(100),
            sticky: Some(sticky),
        }]);
    h.run_steps(2);
    assert!(shows(
        &h,
        "1 match (searching…) · Enter: next, Shift+Enter: previous"
    ));

    h.state_mut().doc.history.commit();
    assert!(run_until(&mut h, |app| !app.find.searching()));
    assert!(shows(&h, "2 matches · Enter: next, Shift+Enter: previous"));
}
