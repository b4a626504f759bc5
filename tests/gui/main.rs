//! The real app driven through egui_kittest, by accessible labels and simulated input, the
//! way a facilitator uses it: place, type, select, drag, connect, draw a context, undo, save.

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stormpad::file::recovery::RecoveryStore;
use stormpad::model::{Board, BoundaryKind, Id, Kind, Point, Sticky};
use stormpad::ui::command::Command;
use stormpad::ui::{Document, StormpadApp};

type H = Harness<'static, StormpadApp>;

fn harness(board: Board) -> H {
    harness_with_recovery(board, None)
}

/// The app as `stormpad` starts it, with recovery copies in `store` (none: autosave off, so
/// tests never touch the user's data folder).
fn harness_with_recovery(board: Board, store: Option<RecoveryStore>) -> H {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .build_eframe(|cc| {
            let mut app = StormpadApp::with_storage(Document::untitled(board), cc);
            app.set_recovery(store);
            app
        });
    h.run_steps(3);
    h
}

/// A board with three events in a row.
fn three_stickies() -> (Board, [Id; 3]) {
    let mut board = Board::new("Test");
    let ids = [Id(1), Id(2), Id(3)];
    for (i, id) in ids.iter().enumerate() {
        let s = Sticky::new(
            Kind::DomainEvent,
            format!("E{i}"),
            Point::new(i as f32 * 300.0, 0.0),
        );
        board.stickies.insert(*id, s);
    }
    (board, ids)
}

fn screen(h: &H, p: Point) -> Pos2 {
    let app = h.state();
    app.canvas.camera.screen_from_board(app.canvas.view, p)
}

fn center_of(h: &H, id: Id) -> Pos2 {
    let rect = h.state().doc.board.stickies[&id].rect();
    screen(h, rect.center())
}

fn button(h: &H, pos: Pos2, pressed: bool, modifiers: Modifiers) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    });
}

fn click_with(h: &mut H, pos: Pos2, modifiers: Modifiers) {
    h.hover_at(pos);
    h.run_steps(1);
    h.event(Event::ModifiersChanged(modifiers));
    button(h, pos, true, modifiers);
    h.run_steps(1);
    button(h, pos, false, modifiers);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(2);
}

fn click_at(h: &mut H, pos: Pos2) {
    click_with(h, pos, Modifiers::NONE);
}

/// A real drag: press, move in steps, release; a frame for each.
fn drag(h: &mut H, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run_steps(1);
    button(h, from, true, Modifiers::NONE);
    h.run_steps(1);
    for i in 1..=6 {
        h.hover_at(from + (to - from) * (i as f32 / 6.0));
        h.run_steps(1);
    }
    button(h, to, false, Modifiers::NONE);
    h.run_steps(2);
}

/// Opens a file the way the File menu does (read on another thread) and waits for it.
fn open_and_wait(h: &mut H, path: &std::path::Path) {
    let ctx = h.ctx.clone();
    h.state_mut().open_path(&ctx, path);
    for _ in 0..500 {
        h.run_steps(1);
        if !h.state().is_opening() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{} did not open within 5 s", path.display());
}

fn type_text(h: &mut H, text: &str) {
    h.event(Event::Text(text.to_owned()));
    h.run_steps(2);
}

fn press(h: &mut H, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

fn press_cmd(h: &mut H, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run_steps(2);
}

fn undo(h: &mut H) {
    press_cmd(h, Key::Z);
}

fn redo(h: &mut H) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(2);
}

/// Points at the board, presses a kind's key, types the text and ends editing.
fn place(h: &mut H, at: Pos2, key: Key, text: &str) {
    h.hover_at(at);
    h.run_steps(1);
    press(h, key);
    type_text(h, text);
    press(h, Key::Escape);
}

fn texts(h: &H) -> Vec<(Kind, String)> {
    let mut all: Vec<_> = h
        .state()
        .doc
        .board
        .stickies
        .values()
        .map(|s| (s.kind, s.text.clone()))
        .collect();
    all.sort();
    all
}

#[test]
fn each_kind_by_its_key_type_the_name_then_undo_and_redo_everything() {
    let mut h = harness(Board::new("Empty"));
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        // On the board, clear of the inspector on the right (keys there create nothing).
        let at = Pos2::new(
            250.0 + (i % 4) as f32 * 200.0,
            150.0 + (i / 4) as f32 * 220.0,
        );
        h.hover_at(at);
        h.run_steps(1);
        press(&mut h, Command::kind_key(kind));
        type_text(&mut h, &format!("Note {i}"));
        press(&mut h, Key::Escape);
    }
    let made = texts(&h);
    assert_eq!(made.len(), 9, "{made:?}");
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        assert!(
            made.contains(&(kind, format!("Note {i}"))),
            "{kind:?} missing in {made:?}"
        );
    }
    assert!(h.state().doc.is_dirty());
    assert!(h.state().title().starts_with('●'), "{}", h.state().title());
    for _ in 0..9 {
        undo(&mut h);
    }
    assert!(
        h.state().doc.board.stickies.is_empty(),
        "placing and typing is one undo step"
    );
    for _ in 0..9 {
        redo(&mut h);
    }
    assert_eq!(texts(&h), made);
}

#[test]
fn a_kind_from_the_palette_then_a_click_on_the_board() {
    let mut h = harness(Board::new("Empty"));
    h.get_by_label("Command").click();
    h.run_steps(2);
    click_at(&mut h, Pos2::new(600.0, 400.0));
    type_text(&mut h, "Place Order");
    press(&mut h, Key::Escape);
    assert_eq!(texts(&h), vec![(Kind::Command, "Place Order".to_owned())]);
    let id = *h
        .state()
        .doc
        .board
        .stickies
        .keys()
        .next()
        .expect("one sticky");
    let c = center_of(&h, id);
    assert!(
        (c - Pos2::new(600.0, 400.0)).length() < 2.0,
        "centred on the click: {c:?}"
    );
    undo(&mut h);
    assert!(h.state().doc.board.stickies.is_empty());
}

#[test]
fn tab_types_a_timeline_as_fast_as_a_list() {
    let mut h = harness(Board::new("Empty"));
    h.hover_at(Pos2::new(300.0, 300.0));
    h.run_steps(1);
    press(&mut h, Key::E);
    type_text(&mut h, "Cart Created");
    press(&mut h, Key::Tab);
    type_text(&mut h, "Item Added");
    press(&mut h, Key::Tab);
    type_text(&mut h, "Order Placed");
    press(&mut h, Key::Escape);
    let board = &h.state().doc.board;
    let mut row: Vec<_> = board
        .stickies
        .values()
        .map(|s| (s.pos.x as i32, s.pos.y as i32, s.text.clone()))
        .collect();
    row.sort();
    let names: Vec<_> = row.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(names, ["Cart Created", "Item Added", "Order Placed"]);
    assert!(row.iter().all(|r| r.1 == row[0].1), "one row: {row:?}");
    // Each sticky of the row is its own undo step: Ctrl+Z takes back the last one typed,
    // not the whole timeline.
    let texts_now = |h: &H| {
        let mut t: Vec<String> = h
            .state()
            .doc
            .board
            .stickies
            .values()
            .map(|s| s.text.clone())
            .collect();
        t.sort();
        t
    };
    undo(&mut h);
    assert_eq!(texts_now(&h), ["Cart Created", "Item Added"]);
    undo(&mut h);
    assert_eq!(texts_now(&h), ["Cart Created"]);
    undo(&mut h);
    assert!(h.state().doc.board.stickies.is_empty());
}

#[test]
fn rubber_band_selects_and_a_drag_moves_the_selection_as_one_step() {
    let (board, [a, b, c]) = three_stickies();
    let mut h = harness(board);
    let zoom = h.state().canvas.camera.zoom;
    let top_left = screen(&h, Point::new(-40.0, -40.0));
    let bottom = screen(&h, Point::new(500.0, 200.0));
    drag(&mut h, top_left, bottom);
    let selected = h.state().canvas.selection.stickies.clone();
    assert_eq!(selected, [a, b].into(), "the band holds the first two");
    let before = h.state().doc.board.clone();
    let from = center_of(&h, a);
    drag(&mut h, from, from + Vec2::new(100.0, 50.0));
    let moved = &h.state().doc.board;
    let dx = (moved.stickies[&a].pos.x - before.stickies[&a].pos.x) * zoom;
    let dy = (moved.stickies[&b].pos.y - before.stickies[&b].pos.y) * zoom;
    assert!((dx - 100.0).abs() <= zoom + 0.5, "moved by {dx}");
    assert!((dy - 50.0).abs() <= zoom + 0.5, "moved by {dy}");
    assert_eq!(moved.stickies[&c], before.stickies[&c]);
    undo(&mut h);
    assert_eq!(h.state().doc.board, before, "one drag is one undo step");
}

/// A sticky dragged out of view (under the panel, past the window's edge) and back still
/// lands where it is dropped, as one undo step: the drag does not end with its widget.
#[test]
fn a_sticky_dragged_out_of_view_and_back_lands_where_dropped_and_undoes() {
    let (board, [a, _, _]) = three_stickies();
    let mut h = harness(board);
    let zoom = h.state().canvas.camera.zoom;
    let before = h.state().doc.board.clone();
    let from = center_of(&h, a);
    let away = Pos2::new(-400.0, from.y);
    let to = from + Vec2::new(60.0, 30.0);
    h.hover_at(from);
    h.run_steps(1);
    button(&h, from, true, Modifiers::NONE);
    h.run_steps(1);
    for i in 1..=6 {
        h.hover_at(from + (away - from) * (i as f32 / 6.0));
        h.run_steps(1);
    }
    for i in 1..=6 {
        h.hover_at(away + (to - away) * (i as f32 / 6.0));
        h.run_steps(1);
    }
    button(&h, to, false, Modifiers::NONE);
    h.run_steps(2);
    let moved = &h.state().doc.board;
    let dx = (moved.stickies[&a].pos.x - before.stickies[&a].pos.x) * zoom;
    let dy = (moved.stickies[&a].pos.y - before.stickies[&a].pos.y) * zoom;
    assert!((dx - 60.0).abs() <= zoom + 0.5, "moved by {dx}");
    assert!((dy - 30.0).abs() <= zoom + 0.5, "moved by {dy}");
    undo(&mut h);
    assert_eq!(h.state().doc.board, before, "the drag is one undo step");
}

#[test]
fn drag_from_the_link_handle_connects_two_stickies() {
    let (board, [a, b, _]) = three_stickies();
    let mut h = harness(board);
    let ca = center_of(&h, a);
    h.hover_at(ca);
    h.run_steps(2);
    let _handle = h.get_by_label("Link from E0");
    let rect = h.state().doc.board.stickies[&a].rect();
    let handle = screen(&h, Point::new(rect.max().x, rect.center().y)) + Vec2::new(10.0, 0.0);
    let target = center_of(&h, b);
    drag(&mut h, handle, target);
    let links: Vec<_> = h.state().doc.board.links.values().cloned().collect();
    assert_eq!(links.len(), 1);
    assert_eq!((links[0].from, links[0].to), (a, b));
    undo(&mut h);
    assert!(h.state().doc.board.links.is_empty());
    redo(&mut h);
    assert_eq!(h.state().doc.board.links.len(), 1);
}

#[test]
fn l_links_the_two_selected_stickies_and_delete_takes_the_links_along() {
    let (board, [a, b, _]) = three_stickies();
    let mut h = harness(board);
    let p = center_of(&h, a);
    click_at(&mut h, p);
    let p = center_of(&h, b);
    click_with(&mut h, p, Modifiers::SHIFT);
    assert_eq!(h.state().canvas.selection.stickies, [a, b].into());
    press(&mut h, Key::L);
    let links: Vec<_> = h.state().doc.board.links.values().cloned().collect();
    assert_eq!(links.len(), 1);
    assert_eq!((links[0].from, links[0].to), (a, b));
    let p = center_of(&h, a);
    click_at(&mut h, p);
    press(&mut h, Key::Delete);
    assert!(!h.state().doc.board.stickies.contains_key(&a));
    assert!(h.state().doc.board.links.is_empty());
    undo(&mut h);
    assert!(h.state().doc.board.stickies.contains_key(&a));
    assert_eq!(h.state().doc.board.links.len(), 1);
}

#[test]
fn draw_a_bounded_context_name_it_and_move_it_with_its_stickies() {
    let (board, [a, b, c]) = three_stickies();
    let mut h = harness(board);
    h.hover_at(Pos2::new(700.0, 700.0));
    press(&mut h, Key::B);
    let from = screen(&h, Point::new(-30.0, -100.0));
    let to = screen(&h, Point::new(520.0, 220.0));
    drag(&mut h, from, to);
    type_text(&mut h, "Ordering");
    press(&mut h, Key::Escape);
    let board = h.state().doc.board.clone();
    assert_eq!(board.boundaries.len(), 1);
    let (ctx_id, ctx) = board.boundaries.iter().next().expect("a context");
    assert_eq!(
        (ctx.kind, ctx.name.as_str()),
        (BoundaryKind::Context, "Ordering")
    );
    assert_eq!(board.context_of(a), Some(*ctx_id));
    assert_eq!(board.context_of(c), None);
    let _title = h.get_by_label("Ordering");

    let title = screen(
        &h,
        Point::new(ctx.rect.pos.x + 200.0, ctx.rect.pos.y + 10.0),
    );
    drag(&mut h, title, title + Vec2::new(0.0, 120.0));
    let moved = h.state().doc.board.clone();
    assert!(moved.stickies[&a].pos.y > board.stickies[&a].pos.y + 50.0);
    assert!(moved.stickies[&b].pos.y > board.stickies[&b].pos.y + 50.0);
    assert_eq!(moved.stickies[&c].pos, board.stickies[&c].pos);
    assert_eq!(
        moved.context_of(a),
        Some(*ctx_id),
        "the sticky stays in its context"
    );
    undo(&mut h);
    assert_eq!(h.state().doc.board, board);
    undo(&mut h);
    assert!(
        h.state().doc.board.boundaries.is_empty(),
        "drawing and naming is one step"
    );
}

#[test]
fn copy_paste_through_clipboard_text_and_duplicate() {
    let (board, [a, _, _]) = three_stickies();
    let mut h = harness(board);
    let p = center_of(&h, a);
    click_at(&mut h, p);
    h.event(Event::Copy);
    h.run_steps(1);
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .expect("the selection went to the clipboard as text");
    assert!(copied.contains("\"E0\""), "{copied}");
    h.hover_at(Pos2::new(700.0, 600.0));
    h.run_steps(1);
    h.event(Event::Paste(copied));
    h.run_steps(2);
    assert_eq!(h.state().doc.board.stickies.len(), 4);
    h.event(Event::Paste("Payment Failed\nRefund Issued\n".into()));
    h.run_steps(2);
    let t = texts(&h);
    assert!(
        t.contains(&(Kind::DomainEvent, "Refund Issued".into())),
        "{t:?}"
    );
    assert_eq!(h.state().canvas.selection.stickies.len(), 2);
    press_cmd(&mut h, Key::D);
    assert_eq!(h.state().doc.board.stickies.len(), 8);
}

#[test]
fn save_to_a_file_open_it_again_and_get_the_same_board() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("workshop.storm.ron");
    let mut h = harness(Board::new("Workshop"));
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    assert!(h.state_mut().save_to(&path));
    h.run_steps(2);
    assert!(!h.state().doc.is_dirty());
    assert_eq!(h.state().title(), "workshop.storm.ron — Stormpad");
    let saved = h.state().doc.board.clone();

    let mut other = harness(Board::new("Other"));
    open_and_wait(&mut other, &path);
    assert_eq!(other.state().doc.board, saved);
    assert!(!other.state().doc.is_dirty());
    assert!(other.state().message.is_none());
    Ok(())
}

#[test]
fn a_broken_file_is_reported_and_the_open_board_kept() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("broken.storm.ron");
    let broken = "(format: \"stormpad\", version: 1, stickies: {";
    std::fs::write(&path, broken)?;
    let (board, _) = three_stickies();
    let mut h = harness(board.clone());
    open_and_wait(&mut h, &path);
    assert_eq!(h.state().doc.board, board);
    let message = h.state().message.clone().expect("an error message");
    assert!(
        message.body.contains("broken.storm.ron:1:"),
        "{}",
        message.body
    );
    assert_eq!(std::fs::read_to_string(&path)?, broken);
    Ok(())
}

#[test]
fn new_board_with_unsaved_changes_asks_first() {
    let mut h = harness(Board::new("Empty"));
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Kept");
    press_cmd(&mut h, Key::N);
    assert!(h.state().prompt.is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.board.stickies.len(), 1);
    press_cmd(&mut h, Key::N);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().doc.board.stickies.is_empty());
}

#[test]
fn click_an_arrow_to_select_it_and_delete_it() {
    let (mut board, [a, b, _]) = three_stickies();
    board.links.insert(Id(9), stormpad::model::Link::new(a, b));
    let mut h = harness(board);
    // Halfway between the two stickies, on the arrow.
    let mid = screen(&h, Point::new(230.0, 80.0));
    click_at(&mut h, mid);
    assert_eq!(h.state().canvas.selection.links, [Id(9)].into());
    press(&mut h, Key::Delete);
    assert!(h.state().doc.board.links.is_empty());
    assert_eq!(h.state().doc.board.stickies.len(), 3);
    undo(&mut h);
    assert_eq!(h.state().doc.board.links.len(), 1);
}

#[test]
fn a_selected_region_resizes_by_its_corner_in_one_step() {
    let (mut board, _) = three_stickies();
    let rect = stormpad::model::Rect::new(
        Point::new(-100.0, -100.0),
        stormpad::model::Size::new(600.0, 400.0),
    );
    board.boundaries.insert(
        Id(7),
        stormpad::model::Boundary::new(BoundaryKind::Swimlane, "Customer", rect),
    );
    let mut h = harness(board);
    let title = screen(&h, Point::new(100.0, -90.0));
    click_at(&mut h, title);
    assert_eq!(h.state().canvas.selection.boundaries, [Id(7)].into());
    let corner = screen(&h, Point::new(500.0, 300.0));
    drag(&mut h, corner, corner + Vec2::new(150.0, 60.0));
    let zoom = h.state().canvas.camera.zoom;
    let r = h.state().doc.board.boundaries[&Id(7)].rect;
    assert_eq!(r.pos, rect.pos, "the opposite corner stays");
    assert!((r.size.w - (600.0 + 150.0 / zoom)).abs() <= 1.0, "{r:?}");
    assert!((r.size.h - (400.0 + 60.0 / zoom)).abs() <= 1.0, "{r:?}");
    undo(&mut h);
    assert_eq!(h.state().doc.board.boundaries[&Id(7)].rect, rect);
}

#[test]
fn a_kind_dragged_from_the_palette_lands_where_it_is_dropped() {
    let mut h = harness(Board::new("Empty"));
    let from = h.get_by_label("Policy").rect().center();
    let to = Pos2::new(800.0, 500.0);
    drag(&mut h, from, to);
    type_text(&mut h, "When paid, ship");
    press(&mut h, Key::Escape);
    assert_eq!(
        texts(&h),
        vec![(Kind::Policy, "When paid, ship".to_owned())]
    );
    let id = *h
        .state()
        .doc
        .board
        .stickies
        .keys()
        .next()
        .expect("one sticky");
    assert!((center_of(&h, id) - to).length() < 2.0);
}

#[test]
fn the_legend_renames_a_kind_for_this_board_as_an_undoable_edit() {
    let mut h = harness(Board::new("Empty"));
    press_cmd(&mut h, Key::L);
    assert!(h.state().settings.show_legend);
    let field = h.get_by_label("Label of Policy");
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    type_text(&mut h, "Process");
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(h.state().doc.board.legend.label(Kind::Policy), "Process");
    assert_eq!(h.state().doc.board.legend.label(Kind::Command), "Command");
    let _palette_entry = h.get_by_label("Process");
    undo(&mut h);
    assert_eq!(h.state().doc.board.legend.label(Kind::Policy), "Policy");
}

#[test]
fn the_shortcut_sheet_lists_every_command() {
    let mut h = harness(Board::new("Empty"));
    press(&mut h, Key::F1);
    assert!(h.state().show_shortcuts);
    for command in Command::all() {
        let label = command.label();
        assert!(
            h.query_all_by_label(&label).count() >= 1,
            "{label} is not listed"
        );
    }
}

#[test]
fn zoomed_far_out_the_board_is_one_picture_and_a_click_still_selects_a_sticky() {
    let board = stormpad::model::generate::board(3000, 3);
    let mut h = harness(board);
    h.state_mut().canvas.camera.zoom = 0.05;
    h.run_steps(2);
    let (id, rect) = {
        let b = &h.state().doc.board;
        let (id, s) = b.stickies.iter().nth(100).expect("a sticky");
        (*id, s.rect())
    };
    // Far out stickies are not widgets: none is found by its label.
    let text = h.state().doc.board.stickies[&id].text.clone();
    assert!(h.query_all_by_label(&text).next().is_none());
    let at = screen(&h, rect.center());
    click_at(&mut h, at);
    let selected = h.state().canvas.selection.stickies.clone();
    assert_eq!(selected.len(), 1, "{selected:?}");
    let picked = *selected.first().expect("one");
    assert!(
        h.state().doc.board.stickies[&picked]
            .rect()
            .contains(rect.center())
    );
}

/// Runs frames until `done` or about ten seconds of app time have passed. Each frame also
/// lets a little real time pass, for work the app does on other threads (the disk check).
fn run_until(h: &mut H, done: impl Fn(&StormpadApp) -> bool) -> bool {
    for _ in 0..600 {
        std::thread::sleep(std::time::Duration::from_millis(2));
        h.run_steps(1);
        if done(h.state()) {
            return true;
        }
    }
    false
}

fn saved_board(h: &mut H, dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("shared.storm.ron");
    place(h, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    assert!(h.state_mut().save_to(&path));
    h.run_steps(2);
    path
}

/// Another program (a git pull) writes the file: the same board with one more sticky.
fn changed_elsewhere(path: &std::path::Path) -> Result<Board, Box<dyn std::error::Error>> {
    let mut theirs = stormpad::file::read(path)?.board;
    theirs.stickies.insert(
        Id(0xfeed),
        Sticky::new(Kind::DomainEvent, "Pulled From Git", Point::new(0.0, 400.0)),
    );
    // File times have a coarse grain on some file systems: make the change visible.
    std::thread::sleep(std::time::Duration::from_millis(20));
    stormpad::file::write(path, &theirs)?;
    Ok(theirs)
}

#[test]
fn a_clean_board_follows_its_file_when_it_changes_on_disk_and_keeps_the_view()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut h = harness(Board::new("Shared"));
    let path = saved_board(&mut h, dir.path());
    h.state_mut().canvas.camera.zoom = 0.8;
    let camera = h.state().canvas.camera;
    let theirs = changed_elsewhere(&path)?;
    assert!(
        run_until(&mut h, |app| app.doc.board == theirs),
        "the change was never loaded"
    );
    assert_eq!(h.state().canvas.camera, camera);
    assert!(!h.state().doc.is_dirty());
    Ok(())
}

#[test]
fn unsaved_changes_and_a_change_on_disk_ask_the_user() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut h = harness(Board::new("Shared"));
    let path = saved_board(&mut h, dir.path());
    place(&mut h, Pos2::new(700.0, 300.0), Key::C, "Mine Only");
    let theirs = changed_elsewhere(&path)?;
    assert!(run_until(&mut h, |app| app.disk_conflict.is_some()));
    h.run_steps(2);
    let mine = h.state().doc.board.clone();
    assert_ne!(mine, theirs, "nothing was reloaded over unsaved work");

    h.get_by_label("Keep mine").click();
    h.run_steps(3);
    assert_eq!(
        stormpad::file::read(&path)?.board,
        mine,
        "mine was saved over theirs"
    );
    assert!(!h.state().doc.is_dirty());

    // Once more, and this time take theirs.
    place(&mut h, Pos2::new(900.0, 500.0), Key::P, "Another Of Mine");
    let theirs = changed_elsewhere(&path)?;
    assert!(run_until(&mut h, |app| app.disk_conflict.is_some()));
    h.run_steps(2);
    h.get_by_label("Reload theirs").click();
    h.run_steps(3);
    assert_eq!(h.state().doc.board, theirs);
    Ok(())
}

#[test]
fn a_read_only_file_says_so_and_save_asks_where_to_save_a_copy()
-> Result<(), Box<dyn std::error::Error>> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("handout.storm.ron");
    std::fs::copy(root_sample(), &path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444))?;
    let before = std::fs::read(&path)?;
    let mut h = harness(Board::new("Empty"));
    open_and_wait(&mut h, &path);
    assert!(h.state().doc.read_only);
    assert!(
        h.state().title().contains("(read-only)"),
        "{}",
        h.state().title()
    );
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Edited");
    press_cmd(&mut h, Key::S);
    let message = h.state().message.clone().expect("a message");
    assert!(message.title.contains("read-only"), "{message:?}");
    assert!(h.state().doc.is_dirty());
    assert_eq!(std::fs::read(&path)?, before);
    Ok(())
}

#[test]
fn a_failed_save_says_why_and_keeps_the_board_open_and_unsaved()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // A folder where the file should be: the rename over it fails.
    let path = dir.path().join("board.storm.ron");
    std::fs::create_dir(&path)?;
    let mut h = harness(Board::new("Workshop"));
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Precious");
    assert!(!h.state_mut().save_to(&path));
    h.run_steps(2);
    let message = h.state().message.clone().expect("a message");
    assert!(message.title.contains("Could not save"), "{message:?}");
    assert!(h.state().doc.is_dirty());
    assert!(path.is_dir());
    assert_eq!(
        std::fs::read_dir(dir.path())?.count(),
        1,
        "no temporary file left behind"
    );
    Ok(())
}

fn root_sample() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/hotel-booking-process.storm.ron")
}

#[test]
fn work_older_than_the_autosave_interval_survives_a_crash() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let store = RecoveryStore::at(dir.path().join("recovery"));
    let mut a = harness_with_recovery(Board::new("Workshop"), Some(store.clone()));
    place(&mut a, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    place(&mut a, Pos2::new(700.0, 300.0), Key::E, "Order Shipped");
    let edited = a.state().doc.board.clone();
    // Frames pass (a quarter of a second of app time each); the copy is written on a thread.
    let mut copied = false;
    for _ in 0..400 {
        a.run_steps(1);
        let found = store.list("another session");
        if let Some(r) = found.first() {
            copied = store.load(&r.session).is_ok_and(|l| l.board == edited);
            if copied {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(copied, "no recovery copy of the edits was written");
    // The app is killed: no clean exit runs.
    std::mem::forget(a);

    let mut b = harness_with_recovery(Board::new("Sample"), Some(store.clone()));
    b.run_steps(2);
    assert_eq!(b.state().recoverable.len(), 1);
    assert!(b.query_all_by_label("less than a minute ago").count() >= 1);
    b.get_by_label("Restore").click();
    b.run_steps(3);
    assert_eq!(b.state().doc.board, edited);
    assert!(b.state().doc.is_dirty(), "restored work still needs saving");
    // A clean exit removes the copies.
    for _ in 0..400 {
        b.run_steps(1);
        if store.list("another session").len() == 1 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    eframe::App::on_exit(b.state_mut(), None);
    assert!(store.list("another session").is_empty());
    Ok(())
}

#[test]
fn a_saved_board_leaves_no_recovery_copy() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = RecoveryStore::at(dir.path().join("recovery"));
    let mut h = harness_with_recovery(Board::new("Workshop"), Some(store.clone()));
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    for _ in 0..400 {
        h.run_steps(1);
        if !store.list("x").is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(store.list("x").len(), 1);
    assert!(h.state_mut().save_to(&dir.path().join("b.storm.ron")));
    for _ in 0..400 {
        h.run_steps(1);
        if store.list("x").is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(store.list("x").is_empty());
    Ok(())
}

/// The design-level sample with one sticky selected by its text.
fn sample_with_selected(text: &str) -> (H, Id) {
    let board = Document::sample().board;
    let id = board
        .stickies
        .iter()
        .find(|(_, s)| s.text == text)
        .map(|(id, _)| *id)
        .unwrap_or_else(|| panic!("no sticky {text:?} in the sample"));
    // A tall window: the inspector shows the whole fields table without scrolling.
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 1600.0))
        .build_eframe(|cc| {
            let mut app = StormpadApp::with_storage(Document::untitled(board), cc);
            app.set_recovery(None);
            app
        });
    h.run_steps(3);
    h.state_mut().canvas.selection.select_stickies([id]);
    h.run_steps(2);
    (h, id)
}

fn fields_of(h: &H, id: Id) -> Vec<(String, String, bool)> {
    h.state().doc.board.stickies[&id]
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.ty.clone(), f.required))
        .collect()
}

/// Runs frames until `done` says so, in real time: for work on a background thread.
fn wait_for(h: &mut H, done: impl Fn(&StormpadApp) -> bool) {
    let start = std::time::Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "the app never finished its background work"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run_steps(2);
}

/// Replaces the text of the field labelled `label` by typing, as a person does.
fn retype(h: &mut H, label: &str, text: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .click();
    type_over_clicked_field(h, text);
}

/// Selects all the text of the field just clicked and types `text` over it.
fn type_over_clicked_field(h: &mut H, text: &str) {
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    type_text(h, text);
}

#[test]
fn the_inspector_adds_a_field_to_an_event_and_undo_takes_it_back() {
    let (mut h, id) = sample_with_selected("Order Placed");
    assert!(!h.state().doc.is_dirty(), "selecting is not an edit");
    let before = fields_of(&h, id);
    let n = before.len() + 1;
    h.get_by_label("Add field").click();
    h.run_steps(2);
    assert_eq!(fields_of(&h, id).len(), n);
    retype(&mut h, &format!("Field {n} name"), "couponCode");
    retype(
        &mut h,
        &format!("Field {n} type"),
        "enum(none|percent|fixed)",
    );
    press(&mut h, Key::Escape);
    h.run_steps(2);
    let after = fields_of(&h, id);
    assert_eq!(
        after.last(),
        Some(&(
            "couponCode".to_owned(),
            "enum(none|percent|fixed)".to_owned(),
            true
        ))
    );
    // A field named like a sentence is flagged as it is typed.
    retype(&mut h, &format!("Field {n} name"), "coupon code");
    let _problem = h.get_by_label_contains("may hold only letters");
    press(&mut h, Key::Escape);
    undo(&mut h);
    undo(&mut h);
    undo(&mut h);
    assert_eq!(
        fields_of(&h, id),
        before,
        "three undo steps: rename, retype, add"
    );
}

#[test]
fn the_inspector_sets_an_events_contract_and_a_contexts_team() {
    let (mut h, id) = sample_with_selected("Payment Failed");
    retype(&mut h, "Version", "2.0");
    let _problem = h.get_by_label_contains("MAJOR.MINOR.PATCH");
    retype(&mut h, "Version", "2.0.0");
    h.get_by_label("Add delivery").click();
    h.run_steps(2);
    retype(&mut h, "Delivery 1 channel", "payments.payment-failed.v2");
    press(&mut h, Key::Escape);
    let s = h.state().doc.board.stickies[&id].clone();
    assert_eq!(s.version.as_deref(), Some("2.0.0"));
    assert_eq!(s.channel(), Some("payments.payment-failed.v2"));

    let context = h
        .state()
        .doc
        .board
        .boundaries
        .iter()
        .find(|(_, b)| b.name == "Payments")
        .map(|(id, _)| *id)
        .expect("the Payments context");
    h.state_mut()
        .canvas
        .selection
        .select(stormpad::ui::canvas::selection::Item::Region(context));
    h.run_steps(2);
    retype(&mut h, "Team", "Money team");
    press(&mut h, Key::Escape);
    assert_eq!(h.state().doc.board.boundaries[&context].team, "Money team");
}

#[test]
fn a_mistake_in_a_field_or_a_version_is_shown_once_in_the_model_check_s_words() {
    let (mut h, id) = sample_with_selected("Payment Failed");
    let n = fields_of(&h, id).len() + 1;
    h.get_by_label("Add field").click();
    h.run_steps(2);
    retype(&mut h, &format!("Field {n} name"), "retry count");
    retype(&mut h, "Version", "2.0");
    press(&mut h, Key::Escape);
    h.run_steps(3);
    // Under the field and under the version, worded as the check panel words them, and not
    // listed a second time below (each query finds exactly one label).
    let _field = h.get_by_label_contains(
        "ES015 \"Payment Failed\": `retry count` may hold only letters, digits and `_`",
    );
    let _version = h.get_by_label_contains(
        "ES016 the version \"2.0\" of event \"Payment Failed\" is not MAJOR.MINOR.PATCH",
    );
}

#[test]
fn a_finding_in_the_model_check_panel_selects_and_frames_its_sticky() {
    let mut board = Board::new("Check");
    let far = Id(7);
    board.stickies.insert(
        Id(1),
        Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(0.0, 0.0)),
    );
    board.stickies.insert(
        far,
        Sticky::new(Kind::DomainEvent, "Place Order", Point::new(9000.0, 4000.0)),
    );
    let mut h = harness(board);
    h.get_by_label("Model check summary").click();
    h.run_steps(3);
    assert!(h.state().settings.show_check);
    h.get_by_label("event \"Place Order\" is not in the past tense")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().canvas.selection.stickies, [far].into());
    let app = h.state();
    let visible = app.canvas.camera.visible(app.canvas.view);
    let center = app.doc.board.stickies[&far].rect().center();
    assert!(visible.contains(center), "the finding's sticky is in view");
}

#[test]
fn the_export_dialog_writes_every_target_with_the_clis_functions()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let board = Document::sample().board;
    let mut h = harness(board.clone());
    press_cmd(&mut h, Key::E);
    h.run_steps(2);
    assert!(h.state().export.open);
    retype(&mut h, "Export folder", &dir.path().display().to_string());
    press(&mut h, Key::Escape);
    // The preview is worked out in the background, and lists every file.
    wait_for(&mut h, |app| !app.export.busy());
    h.get_by_label_contains("Files it will write").click();
    h.run_steps(2);
    h.get_by_label_contains("jsonschema (");
    h.get_by_label("Export now").click();
    wait_for(&mut h, |app| app.export.outcome.is_some());
    assert!(
        matches!(h.state().export.outcome, Some(Ok(_))),
        "{:?}",
        h.state().export.outcome
    );
    let analysis = stormpad::model::analysis::Analysis::of(&board);
    for target in stormpad::export::Target::ALL
        .into_iter()
        .filter(|t| !t.is_picture())
    {
        let files = stormpad::export::export(&board, &analysis, target, Default::default())?;
        assert!(!files.is_empty());
        for f in files {
            let written = std::fs::read(dir.path().join(target.name()).join(&f.path))?;
            assert!(written == f.contents, "{}/{}", target.name(), f.path);
        }
    }
    Ok(())
}

#[test]
fn when_recovery_copies_cannot_be_written_the_status_bar_says_so_until_they_can()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // The data folder is a file: no recovery folder can be made inside it.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a folder")?;
    let store = RecoveryStore::at(blocker.join("recovery"));
    let mut h = harness_with_recovery(Board::new("Workshop"), Some(store.clone()));
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    wait_for(&mut h, |app| app.autosave_failure.is_some());
    h.run_steps(2);
    h.get_by_label_contains("Recovery copies are off: cannot write to");
    assert!(store.list("x").is_empty());

    // The folder can be made again; the next change is copied and the note goes.
    std::fs::remove_file(&blocker)?;
    place(&mut h, Pos2::new(700.0, 300.0), Key::E, "Order Shipped");
    wait_for(&mut h, |app| app.autosave_failure.is_none());
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Recovery copies are off")
            .is_none(),
        "the note is gone once a copy is written"
    );
    assert_eq!(store.list("x").len(), 1);
    Ok(())
}

#[test]
fn a_command_chosen_in_the_menu_runs_after_the_frame_is_laid_out() {
    let (board, ids) = three_stickies();
    let mut h = harness(board);
    let first = center_of(&h, ids[0]);
    click_at(&mut h, first);
    h.get_by_label("Edit").click();
    h.run_steps(3);
    h.get_by_label_contains("Mark as pivotal event").click();
    h.run_steps(2);
    assert!(h.state().doc.board.stickies[&ids[0]].pivotal);
    undo(&mut h);
    assert!(!h.state().doc.board.stickies[&ids[0]].pivotal);
}

/// The dashed pivotal lines in the last frame, by their x on screen.
fn pivotal_lines(h: &H) -> Vec<f32> {
    fn walk(shape: &egui::Shape, xs: &mut Vec<f32>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, xs)),
            egui::Shape::LineSegment { points, stroke }
                if stroke.color == stormpad::ui::theme::PIVOTAL && points[0].x == points[1].x =>
            {
                xs.push(points[0].x);
            }
            _ => {}
        }
    }
    let mut xs = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut xs);
    }
    xs.dedup();
    xs
}

#[test]
fn a_huge_pivotal_event_from_a_hand_edited_file_still_draws_its_pivotal_line() {
    let mut board = Board::new("Big");
    // Tall enough to span more grid cells than the spatial index puts in buckets.
    let mut huge = Sticky::new(Kind::DomainEvent, "Big Bang", Point::new(600.0, 0.0));
    huge.size = stormpad::model::Size::new(600.0, 80_000.0);
    huge.pivotal = true;
    board.stickies.insert(Id(1), huge);
    let mut small = Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(0.0, 0.0));
    small.pivotal = true;
    board.stickies.insert(Id(2), small);
    let mut h = harness(board);
    h.run_steps(2);
    let lines = pivotal_lines(&h);
    let at = |h: &H, id: Id| center_of(h, id).x;
    assert!(
        lines.iter().any(|x| (x - at(&h, Id(1))).abs() < 0.5),
        "the huge event's line at {} among {lines:?}",
        at(&h, Id(1))
    );
    assert!(lines.iter().any(|x| (x - at(&h, Id(2))).abs() < 0.5));
}

/// The app on a desktop with neither the file-chooser portal nor zenity (a kiosk, a fresh
/// VM). `FileDialogs::in_app_only` skips looking for them; that look has its own unit tests
/// in `src/ui/dialogs.rs`.
fn harness_without_native_dialogs(board: Board) -> H {
    let mut h = harness(board);
    h.state_mut()
        .set_file_dialogs(stormpad::ui::dialogs::FileDialogs::in_app_only());
    h
}

/// Replaces the text of the field that now holds `value` by typing, as a person does.
fn retype_value(h: &mut H, value: &str, text: &str) {
    h.get_by(|node| {
        node.role() == egui::accesskit::Role::TextInput && node.value().as_deref() == Some(value)
    })
    .click();
    type_over_clicked_field(h, text);
}

#[test]
fn without_a_native_dialog_ctrl_s_asks_in_the_window_and_saves_where_the_user_typed()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut h = harness_without_native_dialogs(Board::new("Workshop"));
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    press_cmd(&mut h, Key::S);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Save board as").is_some(),
        "Ctrl+S shows a save dialog inside the window"
    );

    // The folder goes into the path field, a bare name into the file field.
    let start = std::env::current_dir()?.display().to_string();
    retype_value(&mut h, &start, &dir.path().display().to_string());
    press(&mut h, Key::Enter);
    retype_value(&mut h, "workshop.storm.ron", "retro");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Save")
        .click();
    h.run_steps(3);

    let path = dir.path().join("retro.storm.ron");
    assert_eq!(h.state().doc.path.as_deref(), Some(path.as_path()));
    assert_eq!(
        texts(&h),
        vec![(Kind::DomainEvent, "Order Placed".into())],
        "typing in the dialog made no stickies"
    );
    assert!(!h.state().doc.is_dirty());
    assert_eq!(stormpad::file::read(&path)?.board, h.state().doc.board);
    assert!(h.query_by_label_contains("Save board as").is_none());
    Ok(())
}

#[test]
fn without_a_native_dialog_ctrl_o_lists_the_boards_in_the_folder_and_opens_one()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let (other, _) = three_stickies();
    stormpad::file::write(&dir.path().join("other.storm.ron"), &other)?;
    std::fs::write(dir.path().join("notes.txt"), "not a board")?;
    let mut h = harness_without_native_dialogs(Board::new("Current"));
    assert!(h.state_mut().save_to(&dir.path().join("current.storm.ron")));
    press_cmd(&mut h, Key::O);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Open board").is_some(),
        "Ctrl+O shows an open dialog inside the window"
    );
    assert!(
        h.query_by_label_contains("notes.txt").is_none(),
        "boards only"
    );

    h.get_by_label_contains("other.storm.ron").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Open")
        .click();
    let picked = dir.path().join("other.storm.ron");
    wait_for(&mut h, |app| {
        app.doc.path.as_deref() == Some(picked.as_path())
    });
    assert_eq!(h.state().doc.board, other);
    assert!(h.query_by_label_contains("Open board").is_none());
    Ok(())
}

#[test]
fn the_in_app_save_dialog_asks_before_it_replaces_a_board() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let existing = dir.path().join("retro.storm.ron");
    let (theirs, _) = three_stickies();
    stormpad::file::write(&existing, &theirs)?;
    let mut h = harness_without_native_dialogs(Board::new("Workshop"));
    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    press_cmd(&mut h, Key::S);
    let start = std::env::current_dir()?.display().to_string();
    retype_value(&mut h, &start, &dir.path().display().to_string());
    press(&mut h, Key::Enter);
    retype_value(&mut h, "workshop.storm.ron", "retro");
    let save = |h: &mut H| {
        h.get_by_role_and_label(egui::accesskit::Role::Button, "Save")
            .click();
        h.run_steps(3);
    };
    save(&mut h);
    assert!(h.query_by_label("Replace the file?").is_some());

    h.get_by_label("Choose another name").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Save board as").is_some());
    assert_eq!(stormpad::file::read(&existing)?.board, theirs, "untouched");
    assert!(h.state().doc.is_dirty());

    save(&mut h);
    h.get_by_label("Replace").click();
    h.run_steps(3);
    assert_eq!(stormpad::file::read(&existing)?.board, h.state().doc.board);
    assert!(!h.state().doc.is_dirty());
    Ok(())
}

#[test]
fn without_a_native_dialog_the_export_folder_is_picked_in_the_window()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir(dir.path().join("handouts"))?;
    let mut h = harness_without_native_dialogs(Board::new("Workshop"));
    assert!(
        h.state_mut()
            .save_to(&dir.path().join("workshop.storm.ron"))
    );
    press_cmd(&mut h, Key::E);
    h.get_by_label("Choose…").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Export into folder").is_some());
    h.get_by_label_contains("handouts").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Open")
        .click();
    h.run_steps(3);
    assert_eq!(
        std::path::PathBuf::from(&h.state().export.folder),
        dir.path().join("handouts")
    );
    Ok(())
}

/// `stormpad NEW.storm.ron`: the GUI starts through `open_at_start`, as `ui::run` does.
fn start_with(path: &std::path::Path) -> H {
    let mut h = harness(Board::new("Before start-up"));
    let ctx = h.ctx.clone();
    h.state_mut().open_at_start(&ctx, path);
    wait_for(&mut h, |app| !app.is_opening());
    h
}

#[test]
fn a_file_named_at_start_up_that_does_not_exist_yet_is_a_new_board_saved_there()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("new-board.storm.ron");
    let mut h = start_with(&path);
    assert!(h.state().message.is_none(), "{:?}", h.state().message);
    assert!(h.state().doc.board.stickies.is_empty());
    assert_eq!(h.state().title(), "new-board.storm.ron — Stormpad");
    assert!(!path.exists(), "nothing is written before the user saves");

    place(&mut h, Pos2::new(400.0, 300.0), Key::E, "Order Placed");
    press_cmd(&mut h, Key::S);
    assert!(!h.state().doc.is_dirty());
    let saved = stormpad::file::read(&path)?.board;
    assert_eq!(saved, h.state().doc.board);
    assert_eq!(texts(&h), vec![(Kind::DomainEvent, "Order Placed".into())]);
    Ok(())
}

#[test]
fn a_start_up_file_in_a_missing_folder_or_that_cannot_be_read_says_why()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let nowhere = dir.path().join("no-such-folder/board.storm.ron");
    let h = start_with(&nowhere);
    let message = h.state().message.clone().expect("a message");
    assert!(
        message.body.contains("no-such-folder") && message.body.contains("does not exist"),
        "{message:?}"
    );

    // A folder where the board should be: it exists but is not a board file.
    let folder = dir.path().join("folder.storm.ron");
    std::fs::create_dir(&folder)?;
    let h = start_with(&folder);
    let message = h.state().message.clone().expect("a message");
    assert!(message.body.contains("cannot read"), "{message:?}");
    Ok(())
}

#[test]
fn a_big_picture_board_with_a_context_is_told_its_level_and_stops_nagging() {
    use stormpad::model::{Boundary, LevelSetting, Rect, Size};
    // A timeline of four events; the room has drawn its first bounded context around two.
    let mut board = Board::new("Workshop");
    let events: Vec<Id> = (1..=4).map(Id).collect();
    for (i, id) in events.iter().enumerate() {
        let name = [
            "Cart Created",
            "Order Placed",
            "Order Shipped",
            "Parcel Delivered",
        ][i];
        let s = Sticky::new(Kind::DomainEvent, name, Point::new(i as f32 * 250.0, 0.0));
        board.stickies.insert(*id, s);
    }
    let rect = Rect::new(Point::new(-50.0, -50.0), Size::new(500.0, 300.0));
    board.boundaries.insert(
        Id(90),
        Boundary::new(BoundaryKind::Context, "Ordering", rect),
    );
    let mut h = harness(board);
    let amber = |h: &H| {
        events
            .iter()
            .filter(|id| h.state().canvas.marker(**id).is_some())
            .count()
    };
    // Automatic: a context around events alone is still the big picture: no amber markers.
    assert_eq!(
        amber(&h),
        0,
        "a first context does not make every event nag"
    );
    h.get_by_label("Level: automatic (big picture)").click();
    h.run_steps(2);
    h.get_by_label("Design").click();
    h.run_steps(3);
    assert_eq!(h.state().doc.board.meta.level, LevelSetting::Design);
    h.get_by_label("Level: design");
    assert_eq!(amber(&h), 4, "the facilitator asked for the design rules");
    // Ctrl+Z: back to automatic, and the markers are gone again.
    undo(&mut h);
    h.run_steps(2);
    assert_eq!(h.state().doc.board.meta.level, LevelSetting::Auto);
    h.get_by_label("Level: automatic (big picture)");
    assert_eq!(amber(&h), 0);
    // The inspector's Board section (nothing selected) offers the same choice.
    h.get_by_label("Workshop level").click();
    h.run_steps(2);
    h.get_by_label("Process").click();
    h.run_steps(3);
    assert_eq!(h.state().doc.board.meta.level, LevelSetting::Process);
    h.get_by_label("Level: process");
    assert_eq!(amber(&h), 4, "at process level producers matter again");
}

// ---- Issue 12: the view on a projector ----

/// The app at a projector's size (1600x1000) with `board` opened and the inspector shown.
fn projector(board: Board) -> H {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .build_eframe(|cc| {
            let mut app = StormpadApp::with_storage(Document::untitled(board), cc);
            app.set_recovery(None);
            app
        });
    h.run_steps(3);
    h
}

/// One piece of text painted in the last frame: what it says, where its galley starts, and
/// its font size on screen.
#[derive(Debug, Clone)]
struct Painted {
    text: String,
    pos: Pos2,
    size: f32,
}

fn painted_texts(h: &H) -> Vec<Painted> {
    fn walk(shape: &egui::Shape, out: &mut Vec<Painted>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(t) => out.push(Painted {
                text: t.galley.text().to_owned(),
                pos: t.pos,
                size: t
                    .galley
                    .job
                    .sections
                    .first()
                    .map_or(0.0, |s| s.format.font_id.size),
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// The board's bounds as the canvas shows them.
fn board_on_screen(h: &H) -> egui::Rect {
    let app = h.state();
    let Some(bounds) = app.doc.board.bounds() else {
        panic!("the board has no stickies");
    };
    app.canvas.camera.screen_rect(app.canvas.view, bounds)
}

fn inside(outer: egui::Rect, inner: egui::Rect) -> bool {
    outer.expand(0.5).contains_rect(inner)
}

#[test]
fn a_board_opens_whole_in_the_canvas_the_panels_leave_free_and_home_fits_it_again() {
    let mut h = projector(Document::sample().board);
    assert!(h.state().settings.show_inspector);
    let view = h.state().canvas.view;
    // The inspector is beside the canvas, not over it.
    let inspector = h
        .query_all_by_label("Title")
        .map(|n| n.rect())
        .find(|r| r.left() > view.center().x)
        .expect("the inspector's title field");
    assert!(
        view.right() <= inspector.left(),
        "{view:?} under {inspector:?}"
    );
    assert!(
        inside(view, board_on_screen(&h)),
        "all four contexts in view: {:?} in {view:?}",
        board_on_screen(&h)
    );
    // Looking elsewhere, then Home: the whole board again.
    h.state_mut().canvas.camera.pan += Vec2::new(-900.0, 300.0);
    h.state_mut().canvas.camera.zoom *= 3.0;
    h.run_steps(1);
    press(&mut h, Key::Home);
    assert!(inside(h.state().canvas.view, board_on_screen(&h)));
}

#[test]
fn a_board_still_untouched_fits_again_when_a_panel_opens_beside_it() {
    let mut h = projector(Document::sample().board);
    press_cmd(&mut h, Key::L);
    h.run_steps(2);
    assert!(h.state().settings.show_legend);
    assert!(inside(h.state().canvas.view, board_on_screen(&h)));
}

/// A board with a bounded context and a swimlane holding one event.
fn context_and_lane() -> Board {
    use stormpad::model::{Boundary, Rect as BoardRect, Size};
    let mut board = Board::new("Regions");
    board.boundaries.insert(
        Id(10),
        Boundary::new(
            BoundaryKind::Context,
            "Ordering",
            BoardRect::new(Point::new(0.0, 0.0), Size::new(2400.0, 900.0)),
        ),
    );
    board.boundaries.insert(
        Id(11),
        Boundary::new(
            BoundaryKind::Swimlane,
            "Customer",
            BoardRect::new(Point::new(0.0, 1000.0), Size::new(2400.0, 600.0)),
        ),
    );
    board.stickies.insert(
        Id(1),
        Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(200.0, 200.0)),
    );
    board
}

fn zoom_to(h: &mut H, zoom: f32) {
    h.state_mut().canvas.camera = stormpad::ui::canvas::camera::Camera {
        pan: Vec2::new(20.0, 20.0),
        zoom,
    };
    h.run_steps(2);
}

#[test]
fn context_and_lane_titles_stay_readable_far_out() {
    let mut h = harness(context_and_lane());
    for zoom in [0.2, 0.05] {
        zoom_to(&mut h, zoom);
        let texts = painted_texts(&h);
        for title in ["Ordering", "Customer"] {
            let t = texts
                .iter()
                .find(|t| t.text == title)
                .unwrap_or_else(|| panic!("{title} not drawn at {zoom}: {texts:?}"));
            assert!(
                t.size >= stormpad::ui::theme::REGION_TITLE_MIN,
                "{title} at {} px at zoom {zoom}",
                t.size
            );
        }
    }
}

#[test]
fn sticky_text_is_drawn_legibly_at_the_zoom_a_workshop_timeline_fits() {
    let mut h = harness(context_and_lane());
    for zoom in [0.3, 0.23] {
        zoom_to(&mut h, zoom);
        let texts = painted_texts(&h);
        let t = texts
            .iter()
            .find(|t| t.text.starts_with("Order P"))
            .unwrap_or_else(|| panic!("no sticky text at {zoom}: {texts:?}"));
        assert!(t.size >= 7.0, "{} px at zoom {zoom}", t.size);
    }
    // Farther out, where text cannot be legible, stickies are blocks.
    zoom_to(&mut h, 0.13);
    assert!(
        !painted_texts(&h)
            .iter()
            .any(|t| t.text.starts_with("Order P"))
    );
}

#[test]
fn scrolling_over_the_shortcut_sheet_leaves_the_board_where_it_is() {
    let (board, _) = three_stickies();
    let mut h = harness(board);
    press(&mut h, Key::F1);
    let row = h.get_by_label("Undo").rect();
    let camera = h.state().canvas.camera;
    // Over the sheet, where the board lies behind it.
    let over_sheet = Pos2::new(h.state().canvas.view.left() + 80.0, row.center().y);
    h.hover_at(over_sheet);
    h.run_steps(1);
    for _ in 0..3 {
        h.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: Vec2::new(0.0, -60.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.run_steps(1);
    }
    h.run_steps(10);
    assert_eq!(h.state().canvas.camera, camera);
}

#[test]
fn escape_closes_the_shortcut_sheet_and_then_the_legend() {
    let mut h = harness(Board::new("Empty"));
    press_cmd(&mut h, Key::L);
    press(&mut h, Key::F1);
    assert!(h.state().show_shortcuts && h.state().settings.show_legend);
    press(&mut h, Key::Escape);
    assert!(!h.state().show_shortcuts, "the sheet, on top, closes first");
    assert!(h.state().settings.show_legend);
    press(&mut h, Key::Escape);
    assert!(!h.state().settings.show_legend);
}

#[test]
fn the_legend_shows_every_kind_name_whole() {
    let mut h = harness(Board::new("Empty"));
    press_cmd(&mut h, Key::L);
    h.run_steps(2);
    for kind in Kind::ALL {
        let name = kind.default_label();
        let field = h.get_by_label(&format!("Label of {name}")).rect();
        let body = egui::TextStyle::Body.resolve(&h.ctx.global_style());
        let needed = h.ctx.fonts_mut(|f| {
            f.layout_no_wrap(name.to_owned(), body, egui::Color32::BLACK)
                .size()
                .x
        });
        assert!(
            field.width() >= needed,
            "{name} needs {needed} px, its field has {}",
            field.width()
        );
    }
}

#[test]
fn the_inspector_returns_to_its_width_after_showing_a_sticky_with_fields() {
    let mut h = projector(Document::sample().board);
    let before = h.state().canvas.view.right();
    let with_fields = find_sticky(&h, "Place Order");
    h.state_mut()
        .canvas
        .selection
        .select_stickies([with_fields]);
    h.run_steps(3);
    // Every field's buttons are in the panel, not cut off at the window's edge.
    let remove = h.get_by_label("Remove field 1").rect();
    assert!(remove.right() <= 1600.0, "{remove:?} cut off");
    h.state_mut().canvas.selection.clear();
    h.run_steps(3);
    assert_eq!(h.state().canvas.view.right(), before);
}

fn find_sticky(h: &H, text: &str) -> Id {
    h.state()
        .doc
        .board
        .stickies
        .iter()
        .find(|(_, s)| s.text == text)
        .map(|(id, _)| *id)
        .unwrap_or_else(|| panic!("no sticky {text:?}"))
}

#[test]
fn a_sticky_made_with_the_pointer_at_the_palettes_edge_lies_wholly_on_the_canvas() {
    let mut h = harness(Board::new("Empty"));
    let view = h.state().canvas.view;
    h.hover_at(Pos2::new(view.left() + 2.0, view.center().y));
    h.run_steps(1);
    press(&mut h, Key::E);
    type_text(&mut h, "Table Booked");
    press(&mut h, Key::Escape);
    let id = find_sticky(&h, "Table Booked");
    let rect = h.state().doc.board.stickies[&id].rect();
    let on_screen = h
        .state()
        .canvas
        .camera
        .screen_rect(h.state().canvas.view, rect);
    assert!(
        on_screen.left() >= view.left(),
        "{on_screen:?} starts under the palette (canvas from {})",
        view.left()
    );
}

/// Where the sticky's text is painted: the text shape inside its rectangle on screen.
fn text_position(h: &H, id: Id) -> Pos2 {
    let s = &h.state().doc.board.stickies[&id];
    let rect = screen_rect_of(h, id);
    painted_texts(h)
        .into_iter()
        .find(|t| t.text == s.text && rect.contains(t.pos))
        .unwrap_or_else(|| panic!("{:?} not painted in {rect:?}", s.text))
        .pos
}

fn screen_rect_of(h: &H, id: Id) -> egui::Rect {
    let app = h.state();
    app.canvas
        .camera
        .screen_rect(app.canvas.view, app.doc.board.stickies[&id].rect())
}

#[test]
fn text_stays_where_it_is_when_editing_starts_and_ends() {
    let (board, ids) = three_stickies();
    let mut h = harness(board);
    let drawn = text_position(&h, ids[1]);
    let middle = center_of(&h, ids[1]);
    click_at(&mut h, middle);
    press(&mut h, Key::Enter);
    assert!(h.state().canvas.editing.is_some());
    let editing = text_position(&h, ids[1]);
    assert!(
        (editing - drawn).length() < 0.5,
        "drawn at {drawn:?}, edited at {editing:?}"
    );
    press(&mut h, Key::Escape);
    assert!(h.state().canvas.editing.is_none());
    assert!((text_position(&h, ids[1]) - drawn).length() < 0.5);
}

#[test]
fn the_export_dialog_shows_the_check_errors_and_exports_only_when_told_to()
-> Result<(), Box<dyn std::error::Error>> {
    // A board whose event has a field of a type nobody defined: an error of the check.
    let dir = tempfile::tempdir()?;
    let mut board = Board::new("Broken");
    let mut event = Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(0.0, 0.0));
    event.fields.push(stormpad::model::Field {
        name: "total".into(),
        ty: "Money".into(),
        required: true,
        ..Default::default()
    });
    board.stickies.insert(Id(1), event);
    let mut h = harness(board);
    press_cmd(&mut h, Key::E);
    h.run_steps(2);
    retype(&mut h, "Export folder", &dir.path().display().to_string());
    press(&mut h, Key::Escape);
    wait_for(&mut h, |app| !app.export.busy());
    // The errors are listed above the button, which waits for "Export anyway".
    h.get_by_label_contains("The model check finds 1 error(s)");
    h.get_by_label_contains("ES014 error");
    use egui_kittest::kittest::NodeT;
    assert!(h.get_by_label("Export now").accesskit_node().is_disabled());
    h.get_by_label("Export anyway").click();
    h.run_steps(2);
    h.get_by_label("Export now").click();
    wait_for(&mut h, |app| app.export.outcome.is_some());
    assert!(
        matches!(h.state().export.outcome, Some(Ok(_))),
        "{:?}",
        h.state().export.outcome
    );
    assert!(dir.path().join("markdown").is_dir());
    Ok(())
}

/// Types text key by key, as a keyboard does: each key's press (which shortcuts see) with the
/// character it types, a frame per key.
fn type_keys(h: &mut H, text: &str) {
    for c in text.chars() {
        let (key, modifiers) = match c {
            '_' => (Some(Key::Minus), Modifiers::SHIFT),
            c => (
                Key::from_name(&c.to_ascii_uppercase().to_string()),
                Modifiers::NONE,
            ),
        };
        let key_event = |pressed| {
            key.map(|key| Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers,
            })
        };
        if let Some(e) = key_event(true) {
            h.event(e);
        }
        h.event(Event::Text(c.to_string()));
        if let Some(e) = key_event(false) {
            h.event(e);
        }
        h.run_steps(1);
    }
    h.run_steps(1);
}

#[test]
fn typing_a_new_fields_name_in_the_inspector_types_it_and_creates_no_sticky() {
    let (mut h, id) = sample_with_selected("Order Placed");
    let stickies = h.state().doc.board.stickies.len();
    let n = fields_of(&h, id).len() + 1;
    h.get_by_label("Add field").click();
    h.run_steps(2);
    type_keys(&mut h, "reservation_id");
    press(&mut h, Key::Tab);
    assert_eq!(
        h.state().doc.board.stickies.len(),
        stickies,
        "no sticky made"
    );
    let fields = fields_of(&h, id);
    assert_eq!(fields.len(), n);
    assert_eq!(
        fields[n - 1].0,
        "reservation_id",
        "the new field got the keys"
    );
    let type_label = format!("Field {n} type");
    let type_field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, &type_label);
    assert!(type_field.is_focused(), "Tab moved on to the field's type");
    // Ctrl+Z in a text field is the field's own undo, never a board edit behind the user.
    press_cmd(&mut h, Key::Z);
    assert_eq!(fields_of(&h, id).len(), n, "the added field stays");
}

#[test]
fn a_kinds_key_with_the_pointer_over_the_inspector_creates_nothing() {
    let (board, _) = three_stickies();
    let mut h = harness(board);
    let view = h.state().canvas.view;
    let over_inspector = Pos2::new(view.right() + 60.0, view.center().y);
    assert!(
        over_inspector.x < 1280.0,
        "the inspector is open on the right"
    );
    h.hover_at(over_inspector);
    h.run_steps(2);
    press(&mut h, Key::E);
    type_keys(&mut h, "ab");
    assert_eq!(h.state().doc.board.stickies.len(), 3, "{:?}", texts(&h));
    // Back over the board, the same key places a sticky.
    h.hover_at(view.center());
    h.run_steps(2);
    press(&mut h, Key::E);
    assert_eq!(h.state().doc.board.stickies.len(), 4);
}

/// A board with an aggregate left of a command (the aggregate has the lower id).
fn aggregate_left_of_command() -> (Board, Id, Id) {
    let mut board = Board::new("Flow");
    let (aggregate, command) = (Id(1), Id(2));
    board.stickies.insert(
        aggregate,
        Sticky::new(Kind::Aggregate, "Order", Point::new(0.0, 0.0)),
    );
    board.stickies.insert(
        command,
        Sticky::new(Kind::Command, "Place Order", Point::new(400.0, 0.0)),
    );
    (board, aggregate, command)
}

fn arrows(h: &H) -> Vec<(Id, Id)> {
    h.state()
        .doc
        .board
        .links
        .values()
        .map(|l| (l.from, l.to))
        .collect()
}

#[test]
fn l_after_a_rubber_band_links_along_the_grammar_and_reverse_arrow_flips_it() {
    let (board, aggregate, command) = aggregate_left_of_command();
    let mut h = harness(board);
    let top_left = screen(&h, Point::new(-20.0, -20.0));
    let bottom_right = screen(&h, Point::new(580.0, 180.0));
    assert!(h.state().canvas.view.contains(bottom_right), "on the board");
    drag(&mut h, top_left, bottom_right);
    assert_eq!(h.state().canvas.selection.stickies.len(), 2);
    press(&mut h, Key::L);
    assert_eq!(
        arrows(&h),
        [(command, aggregate)],
        "a command is handled by"
    );
    // Select the arrow halfway, and turn it round.
    let a = h.state().doc.board.stickies[&aggregate].rect();
    let mid = screen(&h, Point::new(a.max().x + 60.0, a.center().y));
    click_at(&mut h, mid);
    assert_eq!(h.state().canvas.selection.links.len(), 1);
    h.key_press_modifiers(Modifiers::SHIFT, Key::L);
    h.run_steps(2);
    assert_eq!(arrows(&h), [(aggregate, command)], "reversed");
    undo(&mut h);
    assert_eq!(arrows(&h), [(command, aggregate)], "one undo step");
    h.get_by_label("Edit").click();
    h.run_steps(3);
    h.get_by_label_contains("Reverse arrow").click();
    h.run_steps(2);
    assert_eq!(arrows(&h), [(aggregate, command)], "from the Edit menu");
}

#[test]
fn a_click_on_an_arrow_just_outside_its_source_selects_the_arrow() {
    let (mut board, [a, b, _]) = three_stickies();
    board.links.insert(Id(9), stormpad::model::Link::new(a, b));
    let mut h = harness(board);
    let rect = h.state().doc.board.stickies[&a].rect();
    let edge = screen(&h, Point::new(rect.max().x, rect.center().y));
    let on_arrow = edge + Vec2::new(10.0, 0.0);
    h.hover_at(on_arrow);
    h.run_steps(2);
    let handle = h.get_by_label("Link from E0").rect();
    assert!(!handle.contains(on_arrow), "the handle keeps off the arrow");
    // A click on the handle itself picks its sticky; one on the arrow picks the arrow.
    click_at(&mut h, handle.center());
    assert_eq!(h.state().canvas.selection.stickies, [a].into());
    click_at(&mut h, on_arrow);
    assert_eq!(h.state().canvas.selection.links, [Id(9)].into());
    assert!(h.state().canvas.selection.stickies.is_empty());
    press(&mut h, Key::Delete);
    assert!(h.state().doc.board.links.is_empty());
    assert_eq!(h.state().doc.board.stickies.len(), 3, "both stickies kept");
}

// ---------------------------------------------------------------------------------------------
// Audiences: an event's deliveries in the inspector, and the arrow that makes one (issue 16)

fn deliveries_of(h: &H, id: Id) -> Vec<stormpad::model::Delivery> {
    h.state().doc.board.stickies[&id].deliveries.clone()
}

#[test]
fn the_inspector_lists_an_events_audiences_and_adds_changes_and_removes_them() {
    use stormpad::model::{Audience, Direction, Transport};
    let (mut h, id) = sample_with_selected("Food Prepared");
    let before = deliveries_of(&h, id);
    assert_eq!(
        before.len(),
        2,
        "Delivery over Kafka, the courier partner by webhook"
    );
    let _first = h.get_by_label("Delivery 1 audience");
    let _second = h.get_by_label("Delivery 2 transport");
    // Take the courier partner away, then think better of it.
    h.get_by_label("Remove delivery 2").click();
    h.run_steps(2);
    assert_eq!(deliveries_of(&h, id), before[..1]);
    undo(&mut h);
    h.run_steps(2);
    assert_eq!(deliveries_of(&h, id), before);
    // A third audience: any subscriber, over MQTT, on a channel of its own.
    h.get_by_label("Add delivery").click();
    h.run_steps(2);
    h.get_by_label("Delivery 3 transport").click();
    h.run_steps(2);
    h.get_by_label("MQTT").click();
    h.run_steps(2);
    retype(&mut h, "Delivery 3 channel", "kitchen/food-prepared");
    press(&mut h, Key::Escape);
    let third = deliveries_of(&h, id)[2].clone();
    assert_eq!(third.audience, Audience::AnySubscriber);
    assert_eq!(third.transport, Some(Transport::Mqtt));
    assert_eq!(third.channel.as_deref(), Some("kitchen/food-prepared"));
    assert_eq!(third.direction, Direction::Publish);
    // Each change was its own step: undone one by one, the deliveries are as they were.
    undo(&mut h);
    undo(&mut h);
    undo(&mut h);
    assert_eq!(deliveries_of(&h, id), before);
}

#[test]
fn a_field_marked_personal_in_a_public_event_is_reported_until_it_is_internal() {
    let (mut h, id) = sample_with_selected("Order Placed");
    let field = |h: &H| h.state().doc.board.stickies[&id].fields[0].clone();
    assert!(!field(&h).personal && field(&h).is_published());
    h.get_by_label("Field 1 personal").click();
    h.run_steps(3);
    assert!(field(&h).personal);
    let _warning = h.get_by_label_contains("ES021");
    h.get_by_label("Field 1 published").click();
    h.run_steps(3);
    assert!(field(&h).internal);
    assert!(h.query_by_label_contains("ES021").is_none());
    undo(&mut h);
    undo(&mut h);
    assert!(!field(&h).personal && !field(&h).internal);
}

/// Kitchen and Delivery side by side, the customer app beside them: "Food Prepared" in the
/// Kitchen, a policy of Delivery, a screen of the app.
fn kitchen_delivery_and_the_app() -> (Board, [Id; 3], [Id; 3]) {
    use stormpad::model::{Boundary, Rect, Size};
    let mut board = Board::new("Audiences");
    let regions = [Id(100), Id(101), Id(102)];
    for (i, (kind, name)) in [
        (BoundaryKind::Context, "Kitchen"),
        (BoundaryKind::Context, "Delivery"),
        (BoundaryKind::FrontEnd, "Customer app"),
    ]
    .into_iter()
    .enumerate()
    {
        let rect = Rect::new(
            Point::new(i as f32 * 400.0, -100.0),
            Size::new(350.0, 400.0),
        );
        board
            .boundaries
            .insert(regions[i], Boundary::new(kind, name, rect));
    }
    let stickies = [Id(1), Id(2), Id(3)];
    for (i, (kind, text)) in [
        (Kind::DomainEvent, "Food Prepared"),
        (Kind::Policy, "When food is prepared, send a courier"),
        (Kind::ReadModel, "Order status"),
    ]
    .into_iter()
    .enumerate()
    {
        let s = Sticky::new(kind, text, Point::new(i as f32 * 400.0 + 50.0, 0.0));
        board.stickies.insert(stickies[i], s);
    }
    (board, stickies, regions)
}

#[test]
fn an_arrow_from_an_event_to_another_contexts_policy_or_a_front_end_is_a_delivery() {
    use stormpad::model::{Audience, Transport};
    let (board, [event, policy, screen_], [_, delivery, app]) = kitchen_delivery_and_the_app();
    let mut h = harness(board);
    for target in [policy, screen_] {
        let p = center_of(&h, event);
        click_at(&mut h, p);
        let p = center_of(&h, target);
        click_with(&mut h, p, Modifiers::SHIFT);
        press(&mut h, Key::L);
    }
    let ways: Vec<(Audience, Option<Transport>)> = deliveries_of(&h, event)
        .iter()
        .map(|d| (d.audience, d.transport))
        .collect();
    assert_eq!(
        ways,
        [
            (Audience::Context(delivery), Some(Transport::Kafka)),
            (Audience::FrontEnd(app), Some(Transport::WebSocket)),
        ]
    );
    assert_eq!(h.state().doc.board.links.len(), 2);
    // One undo takes the arrow and the delivery it made.
    undo(&mut h);
    assert_eq!(h.state().doc.board.links.len(), 1);
    assert_eq!(deliveries_of(&h, event).len(), 1);
    undo(&mut h);
    assert!(h.state().doc.board.links.is_empty());
    assert!(deliveries_of(&h, event).is_empty());
}

#[test]
fn file_export_picture_writes_the_selection_as_png_and_changes_nothing_on_the_board()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let (board, ids) = three_stickies();
    let mut h = harness(board);
    let first = center_of(&h, ids[0]);
    click_at(&mut h, first);
    let revision = h.state().doc.history.revision();
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label_contains("Export picture…").click();
    h.run_steps(3);
    assert!(h.state().picture.open);
    h.get_by_label("Selection").click();
    h.run_steps(1);
    retype(&mut h, "Picture folder", &dir.path().display().to_string());
    h.get_by_label("Export picture now").click();
    h.run_steps(1);
    wait_for(&mut h, |app| app.picture.outcome.is_some());
    let outcome = h.state().picture.outcome.clone();
    assert!(matches!(outcome, Some(Ok(_))), "{outcome:?}");
    let written: Vec<_> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].to_string_lossy().ends_with("-selection.png"));
    let png = std::fs::read(&written[0])?;
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    assert_eq!(h.state().doc.history.revision(), revision, "not an edit");
    press(&mut h, Key::Escape);
    assert!(!h.state().picture.open, "Escape closes the dialog");
    Ok(())
}

#[test]
fn escape_closes_the_export_dialog_before_anything_behind_it() {
    let mut h = harness(three_stickies().0);
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label_contains("Export…").click();
    h.run_steps(3);
    assert!(h.state().export.open);
    let legend = h.state().settings.show_legend;
    press(&mut h, Key::Escape);
    assert!(!h.state().export.open, "Escape closes the Export dialog");
    assert_eq!(
        h.state().settings.show_legend,
        legend,
        "and only the dialog"
    );
}

// Each workshop feature's GUI stories live in their own file beside this one and share the
// helpers above (`super::*`).
mod edit_frames;
mod frames;
mod live;
mod nav;
mod room;
mod zoom_frames;
