//! Live boards in the window (issue 14): two real app instances share one board through a
//! real host started in-process on 127.0.0.1 (port 0), the way File → Share board live… and
//! Join live board… do it.

use super::*;

use std::time::{Duration, Instant};

use stormpad::live::Status;

/// Runs frames of both windows until `done` holds for the pair, or 10 s pass.
fn run_both(a: &mut H, b: &mut H, done: impl Fn(&StormpadApp, &StormpadApp) -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        a.run_steps(1);
        b.run_steps(1);
        if done(a.state(), b.state()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn synced(app: &StormpadApp) -> bool {
    app.live
        .as_ref()
        .is_some_and(|l| *l.status() == Status::Connected { synced: true })
}

fn named(board: &Board, text: &str) -> bool {
    board.stickies.values().any(|s| s.text == text)
}

/// Ada shares her board through the File menu; Bea joins with the address it shows.
fn ada_shares_and_bea_joins(board: Board, bea_views: bool) -> (H, H) {
    let (mut ada, join, view) = ada_shares(board);
    let mut bea = harness(Board::new("Bea's own"));
    bea.state_mut().settings.live_name = "Bea".into();
    bea.state_mut().settings.live_color = "#1b998b".into();
    let ctx = bea.ctx.clone();
    let url = if bea_views { view } else { join };
    if let Err(e) = bea.state_mut().join_live(&ctx, &url, bea_views) {
        panic!("Bea joins: {e}");
    }
    assert!(
        run_both(&mut ada, &mut bea, |a, b| synced(a) && synced(b)),
        "both are connected and in sync"
    );
    (ada, bea)
}

/// Ada shares her board through the File menu: her window, the join and the view-only address.
fn ada_shares(board: Board) -> (H, String, String) {
    let mut ada = harness(board);
    ada.state_mut().settings.live_name = "Ada".into();
    ada.state_mut().settings.live_color = "#d7263d".into();
    ada.get_by_label("File").click();
    ada.run_steps(3);
    ada.get_by_label_contains("Share board live…").click();
    ada.run_steps(4);
    assert!(
        ada.state().live_dialog.open.is_some(),
        "the menu opens the Share dialog"
    );
    ada.get_by_label("Start sharing").click();
    ada.run_steps(2);
    let Some((join, view)) = ada.state().live.as_ref().and_then(|l| l.addresses()) else {
        panic!("sharing shows the join addresses");
    };
    assert!(join.starts_with("ws://127.0.0.1:"), "{join}");
    let _shown = ada.get_by_label(&join);
    ada.state_mut().live_dialog.show_addresses = false;
    ada.run_steps(1);
    (ada, join, view)
}

#[test]
fn a_sticky_placed_in_one_window_appears_in_the_other_with_the_others_pointer_and_name() {
    let (board, _) = three_stickies();
    let (mut ada, mut bea) = ada_shares_and_bea_joins(board, false);
    assert!(
        run_both(&mut ada, &mut bea, |_, b| named(&b.doc.board, "E2")),
        "Bea gets Ada's whole board"
    );
    bea.run_steps(2);

    let spot = screen(&bea, Point::new(0.0, 400.0));
    place(&mut bea, spot, Key::E, "Order placed");
    assert!(
        run_both(&mut ada, &mut bea, |a, _| named(
            &a.doc.board,
            "Order placed"
        )),
        "Bea's sticky reaches Ada"
    );
    let spot = screen(&ada, Point::new(600.0, 400.0));
    place(&mut ada, spot, Key::E, "Payment taken");
    assert!(
        run_both(&mut ada, &mut bea, |_, b| named(
            &b.doc.board,
            "Payment taken"
        )),
        "Ada's sticky reaches Bea"
    );
    assert!(ada.state().doc.is_dirty(), "live changes are unsaved");

    // Bea points at the board: Ada sees her pointer with her name.
    bea.hover_at(screen(&bea, Point::new(300.0, 200.0)));
    assert!(
        run_both(&mut ada, &mut bea, |a, _| {
            a.live.as_ref().is_some_and(|l| {
                l.peers
                    .iter()
                    .any(|p| p.presence.name == "Bea" && p.presence.pointer.is_some())
            })
        }),
        "Ada knows where Bea points"
    );
    ada.run_steps(2);
    let _pointer = ada.get_by_label("Bea's pointer");
    let _here = ada.get_by_label("2 here");

    // Ctrl+Z in Bea's window takes back her sticky, never Ada's.
    bea.hover_at(screen(&bea, Point::new(300.0, 200.0)));
    undo(&mut bea);
    assert!(
        run_both(&mut ada, &mut bea, |a, b| {
            !named(&a.doc.board, "Order placed") && !named(&b.doc.board, "Order placed")
        }),
        "Bea's sticky is gone in both windows"
    );
    assert!(named(&ada.state().doc.board, "Payment taken"));
    assert!(named(&bea.state().doc.board, "Payment taken"));
    assert_eq!(ada.state().doc.board, bea.state().doc.board);

    // Ada saves: the file has the shared board, byte for byte what Bea would save.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("shared.storm.ron");
    assert!(ada.state_mut().save_to(&path));
    let saved = std::fs::read_to_string(&path).unwrap_or_default();
    let bea_text = stormpad::file::to_string(&bea.state().doc.board).unwrap_or_default();
    assert_eq!(saved, bea_text);
    assert!(!ada.state().doc.is_dirty());

    // Ada stops sharing: Bea keeps the whole board and is told.
    ada.state_mut().leave_live();
    assert!(
        run_both(&mut ada, &mut bea, |_, b| {
            b.live
                .as_ref()
                .is_some_and(|l| matches!(l.status(), Status::Reconnecting { .. }))
        }),
        "Bea's window says the host is gone"
    );
    assert!(named(&bea.state().doc.board, "Payment taken"));
    assert!(named(&bea.state().doc.board, "E0"));
    bea.state_mut().leave_live();
    bea.run_steps(2);
    assert!(bea.state().live.is_none());
    assert!(
        bea.state().doc.is_dirty(),
        "a left board is a normal unsaved board"
    );
}

#[test]
fn a_viewer_sees_the_board_but_its_edits_are_refused_with_a_message() {
    let (board, _) = three_stickies();
    let (mut ada, mut viewer) = ada_shares_and_bea_joins(board, true);
    assert!(run_both(&mut ada, &mut viewer, |_, v| named(
        &v.doc.board,
        "E1"
    )));
    let before = viewer.state().doc.board.clone();
    let spot = screen(&viewer, Point::new(0.0, 400.0));
    place(&mut viewer, spot, Key::E, "Not allowed");
    for _ in 0..30 {
        ada.run_steps(1);
        viewer.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(viewer.state().doc.board, before);
    assert!(!named(&ada.state().doc.board, "Not allowed"));
    let notice = viewer
        .state()
        .live
        .as_ref()
        .and_then(|l| l.notice.clone())
        .unwrap_or_default();
    assert!(notice.contains("viewer"), "{notice}");
}

fn visible(h: &H) -> stormpad::model::Rect {
    let canvas = &h.state().canvas;
    canvas.camera.visible(canvas.view)
}

/// Ada shares three stickies, Bea joins and chooses Follow on Ada in the "2 here" list.
fn bea_follows_ada() -> (H, H) {
    let (board, _) = three_stickies();
    let (mut ada, mut bea) = ada_shares_and_bea_joins(board, false);
    assert!(run_both(&mut ada, &mut bea, |_, b| {
        b.live.as_ref().is_some_and(|l| !l.peers.is_empty())
    }));
    bea.get_by_label("2 here").click();
    bea.run_steps(2);
    bea.get_by_label("Follow").click();
    bea.run_steps(2);
    (ada, bea)
}

/// Whether two views show the same place (their centres within two board units).
fn same_place(a: stormpad::model::Rect, b: stormpad::model::Rect) -> bool {
    let (ca, cb) = (a.center(), b.center());
    (ca.x - cb.x).abs() < 2.0 && (ca.y - cb.y).abs() < 2.0
}

#[test]
fn bea_follows_adas_view_until_she_pans_herself() {
    let (mut ada, mut bea) = bea_follows_ada();

    // Ada walks the room through the board: she zooms in and pans to the last event.
    ada.hover_at(screen(&ada, Point::new(600.0, 80.0)));
    press_cmd(&mut ada, Key::Plus);
    press_cmd(&mut ada, Key::Plus);
    assert!(ada.state().canvas.camera.zoom > 1.2, "Ada zoomed in");
    let ada_view = visible(&ada);
    assert!(
        run_both(&mut ada, &mut bea, |_, b| {
            let c = &b.canvas;
            same_place(c.camera.visible(c.view), ada_view)
        }),
        "Bea sees what Ada sees: {:?} vs {ada_view:?}",
        visible(&bea)
    );

    // Bea pans herself: she stops following, and Ada's next move leaves her view alone.
    bea.state_mut().canvas.camera.pan += Vec2::new(120.0, 0.0);
    bea.run_steps(2);
    let mine = visible(&bea);
    press_cmd(&mut ada, Key::Minus);
    for _ in 0..20 {
        ada.run_steps(1);
        bea.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(same_place(visible(&bea), mine), "Bea's own view stays");
    assert_eq!(bea.state().live.as_ref().and_then(|l| l.following), None);
}

#[test]
fn a_laptop_that_drops_off_keeps_writing_and_merges_when_it_is_back() {
    let (board, _) = three_stickies();
    let (mut ada, mut bea) = ada_shares_and_bea_joins(board, false);
    if let Some(live) = bea.state_mut().live.as_mut() {
        live.client_mut().go_offline();
    }
    bea.run_steps(1);
    let spot = screen(&bea, Point::new(0.0, 400.0));
    place(&mut bea, spot, Key::E, "Written offline");
    let spot = screen(&ada, Point::new(600.0, 400.0));
    place(&mut ada, spot, Key::E, "Written meanwhile");
    let _offline = bea.get_by_label("Live: offline");
    assert!(!named(&ada.state().doc.board, "Written offline"));

    if let Some(live) = bea.state_mut().live.as_mut() {
        live.client_mut().go_online();
    }
    assert!(
        run_both(&mut ada, &mut bea, |a, b| {
            named(&a.doc.board, "Written offline") && named(&b.doc.board, "Written meanwhile")
        }),
        "both stickies on both laptops"
    );
    assert_eq!(ada.state().doc.board, bea.state().doc.board);
}

/// Dot voting on a live board: each participant votes as their own name, so each has their
/// own dots, and both dots on one sticky reach both windows.
#[test]
fn on_a_live_board_each_participant_places_their_own_dots() {
    let (board, ids) = three_stickies();
    let (mut ada, mut bea) = ada_shares_and_bea_joins(board, false);
    assert!(run_both(&mut ada, &mut bea, |_, b| named(
        &b.doc.board,
        "E1"
    )));
    for h in [&mut ada, &mut bea] {
        h.state_mut().settings.voter = "typed before the session".into();
        h.state_mut().canvas.selection.select_stickies([ids[1]]);
        h.run_steps(1);
        press(h, Key::D);
    }
    let both_dots = |app: &StormpadApp| {
        app.doc.board.stickies.get(&ids[1]).is_some_and(|s| {
            s.votes.get("Ada") == Some(&1) && s.votes.get("Bea") == Some(&1) && s.votes.len() == 2
        })
    };
    assert!(
        run_both(&mut ada, &mut bea, |a, b| both_dots(a) && both_dots(b)),
        "Ada's and Bea's dots are on the sticky in both windows: {:?} / {:?}",
        ada.state()
            .doc
            .board
            .stickies
            .get(&ids[1])
            .map(|s| &s.votes),
        bea.state()
            .doc
            .board
            .stickies
            .get(&ids[1])
            .map(|s| &s.votes),
    );
}

/// The facilitator's walk-through on a live board: whoever follows the presenter sees each
/// stop of the walk-through, because the walk-through moves only the camera and Follow
/// follows the camera.
#[test]
fn followers_see_the_presenters_walk_through_stops() {
    let (mut ada, mut bea) = bea_follows_ada();

    press(&mut ada, Key::F5);
    for step in 0..3 {
        // Let the camera glide to the stop, then Bea must be looking at the same place.
        for _ in 0..40 {
            ada.run_steps(1);
            bea.run_steps(1);
        }
        let stop = visible(&ada);
        assert!(
            run_both(&mut ada, &mut bea, |_, b| same_place(
                b.canvas.camera.visible(b.canvas.view),
                stop
            )),
            "stop {step}: Bea sees what Ada presents: {:?} vs {stop:?}",
            visible(&bea)
        );
        press(&mut ada, Key::ArrowRight);
    }
    assert!(
        ada.state().presentation().is_some(),
        "Ada is still presenting"
    );
}

/// File → Join live board…, the address typed, Join clicked (View only left unticked).
fn join_through_the_menu(h: &mut H, url: &str) {
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label_contains("Join live board…").click();
    h.run_steps(4);
    h.get_by_label_contains("The address the host shows")
        .click();
    h.run_steps(1);
    type_text(h, url);
    if url.contains("role=viewer") {
        let _said = h.get_by_label_contains("A view-only address");
    }
    h.get_by_label("Join").click();
    h.run_steps(4);
}

fn is_viewer(app: &StormpadApp) -> bool {
    app.live.as_ref().is_some_and(|l| l.is_viewer())
}

/// The projector in the room joins with the view-only address through the File menu, and a
/// second one with `stormpad --join VIEW-ADDRESS`: neither ticks View only, both know they
/// are viewers, say "viewing", and cannot change the board.
#[test]
fn a_view_only_address_joins_read_only_without_ticking_view_only() {
    let (board, _) = three_stickies();
    let (mut ada, _join, view) = ada_shares(board);
    assert!(view.contains("role=viewer"), "{view}");

    let mut projector = harness(Board::new("Projector"));
    join_through_the_menu(&mut projector, &view);
    assert!(is_viewer(projector.state()), "the address says it views");
    assert!(
        run_both(&mut ada, &mut projector, |_, p| synced(p)
            && named(&p.doc.board, "E1")),
        "the projector shows Ada's board"
    );
    projector.run_steps(2);
    let _status = projector.get_by_label("Live, viewing: connected");
    let board = projector.state().doc.board.bounds();
    assert!(
        board.is_some_and(|b| visible(&projector).contains_rect(&b)),
        "the view fits the board once it has arrived: {board:?} in {:?}",
        visible(&projector)
    );
    let before = projector.state().doc.board.clone();
    let spot = screen(&projector, Point::new(0.0, 400.0));
    place(&mut projector, spot, Key::E, "Not allowed");
    assert_eq!(
        projector.state().doc.board,
        before,
        "a viewer's edit is refused"
    );

    // `stormpad --join URL` joins the same way the window's Join does.
    let mut second = harness(Board::new("Second screen"));
    let ctx = second.ctx.clone();
    if let Err(e) = second.state_mut().join_live(&ctx, &view, false) {
        panic!("--join: {e}");
    }
    assert!(is_viewer(second.state()));
    assert!(run_both(&mut ada, &mut second, |_, s| synced(s)));
    second.run_steps(2);
    let _status = second.get_by_label("Live, viewing: connected");
}

/// Bea has typed a sticky she has not saved yet when she joins the workshop's board: the
/// window asks Save / Discard / Cancel, as closing does. Cancel keeps her board as it is;
/// Save writes it to its file, then joins.
#[test]
fn joining_with_unsaved_changes_asks_save_discard_or_cancel_and_never_loses_work() {
    let (board, _) = three_stickies();
    let (mut ada, join, _) = ada_shares(board);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("beas.storm.ron");
    let mut bea = harness(Board::new("Bea's own"));
    assert!(bea.state_mut().save_to(&path));
    let spot = screen(&bea, Point::new(0.0, 400.0));
    place(&mut bea, spot, Key::E, "Not saved yet");
    assert!(bea.state().doc.is_dirty());

    join_through_the_menu(&mut bea, &join);
    assert!(
        matches!(
            bea.state().prompt,
            Some(stormpad::ui::app::Pending::Join { .. })
        ),
        "asked: {:?}",
        bea.state().prompt
    );
    bea.get_by_label("Cancel").click();
    bea.run_steps(2);
    assert!(bea.state().live.is_none(), "Cancel does not join");
    assert!(named(&bea.state().doc.board, "Not saved yet"));
    assert!(bea.state().doc.is_dirty());

    // The dialog still has the address: File → Join live board…, Join, and Save this time.
    bea.get_by_label("File").click();
    bea.run_steps(3);
    bea.get_by_label_contains("Join live board…").click();
    bea.run_steps(4);
    assert_eq!(bea.state().live_dialog.url, join);
    bea.get_by_label("Join").click();
    bea.run_steps(4);
    bea.get_by_label("Save").click();
    bea.run_steps(2);
    let saved = stormpad::file::read(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .board;
    assert!(
        named(&saved, "Not saved yet"),
        "Save wrote her sticky first"
    );
    assert!(
        run_both(&mut ada, &mut bea, |_, b| synced(b)
            && named(&b.doc.board, "E1")),
        "then she joined Ada's board"
    );
    assert!(!named(&bea.state().doc.board, "Not saved yet"));
}

/// Ada reaches for a panel: her pointer leaves the canvas, and Bea still sees it, dimmed,
/// where it was (for a few seconds, or until it is back on the board).
#[test]
fn a_pointer_that_leaves_the_canvas_stays_dimmed_where_it_was() {
    let (board, _) = three_stickies();
    let (mut ada, mut bea) = ada_shares_and_bea_joins(board, false);
    let points_at_board = |b: &StormpadApp, on: bool| {
        b.live.as_ref().is_some_and(|l| {
            l.peers
                .iter()
                .any(|p| p.presence.name == "Ada" && p.presence.pointer.is_some() == on)
        })
    };
    ada.hover_at(screen(&ada, Point::new(300.0, 200.0)));
    assert!(run_both(&mut ada, &mut bea, |_, b| points_at_board(
        b, true
    )));
    bea.run_steps(2);
    let _pointer = bea.get_by_label("Ada's pointer");

    // Over the status bar at the bottom of the window: off the canvas.
    ada.hover_at(egui::Pos2::new(20.0, ada.ctx.content_rect().bottom() - 5.0));
    assert!(
        run_both(&mut ada, &mut bea, |_, b| points_at_board(b, false)),
        "Ada's pointer left the board"
    );
    bea.run_steps(2);
    let _dimmed = bea.get_by_label("Ada's pointer (away from the board)");

    ada.hover_at(screen(&ada, Point::new(300.0, 200.0)));
    assert!(run_both(&mut ada, &mut bea, |_, b| points_at_board(
        b, true
    )));
    bea.run_steps(2);
    let _back = bea.get_by_label("Ada's pointer");
}
