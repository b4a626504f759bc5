//! Running the room (issue 18): the phase changes the palette, the timer counts without
//! entering undo, votes save and load, the walk-through steps chapter by chapter and `Esc`
//! comes back, the ranked list frames the sticky it names.

use super::*;
use stormpad::model::{BigPictureStep, LevelSetting, Phase};

/// The palette's button for a kind (the palette is the left-most panel).
fn palette_button_y(h: &H, label: &str) -> f32 {
    h.get_all_by_label(label)
        .map(|n| n.rect())
        .filter(|r| r.min.x < 200.0)
        .map(|r| r.min.y)
        .next()
        .unwrap_or_else(|| panic!("no palette button {label}"))
}

/// Events E0 E1 E2 E3 left to right, E1 pivotal, and a hotspot far to the right.
fn story() -> (Board, [Id; 5]) {
    let mut board = Board::new("Story");
    let ids = [Id(1), Id(2), Id(3), Id(4), Id(5)];
    for (i, id) in ids.iter().take(4).enumerate() {
        let mut s = Sticky::new(
            Kind::DomainEvent,
            format!("E{i}"),
            Point::new(i as f32 * 300.0, 0.0),
        );
        s.pivotal = i == 1;
        board.stickies.insert(*id, s);
    }
    board.stickies.insert(
        ids[4],
        Sticky::new(
            Kind::Hotspot,
            "Refunds take weeks",
            Point::new(4000.0, 900.0),
        ),
    );
    (board, ids)
}

#[test]
fn choosing_people_and_systems_puts_actors_first_in_the_palette_and_undo_takes_it_back() {
    let (board, _) = story();
    let mut h = harness(board);
    assert!(h.query_by_label("For this phase").is_none());
    assert!(palette_button_y(&h, "Domain event") < palette_button_y(&h, "Actor"));
    h.get_by_label("Phase: none").click();
    h.run_steps(2);
    h.get_by_label("People and systems").click();
    h.run_steps(3);
    let meta = &h.state().doc.board.meta;
    assert_eq!(
        Phase::of(meta),
        Some(Phase::BigPicture(BigPictureStep::PeopleAndSystems))
    );
    assert_eq!(
        meta.level,
        LevelSetting::BigPicture,
        "the phase sets the level"
    );
    assert!(h.query_by_label("For this phase").is_some());
    assert!(
        h.query_by_label("Also").is_some(),
        "the other kinds stay reachable"
    );
    let actor = palette_button_y(&h, "Actor");
    assert!(actor < palette_button_y(&h, "Domain event"));
    assert!(palette_button_y(&h, "External system") < palette_button_y(&h, "Domain event"));
    // F8 moves on to problems and opportunities: hotspots come first.
    press(&mut h, Key::F8);
    assert!(palette_button_y(&h, "Hotspot") < palette_button_y(&h, "Actor"));
    undo(&mut h);
    undo(&mut h);
    h.run_steps(2);
    assert_eq!(h.state().doc.board.meta.level, LevelSetting::Auto);
    assert!(h.query_by_label("For this phase").is_none());
}

#[test]
fn the_timer_counts_down_and_undo_never_touches_it_or_the_board() {
    let (board, _) = story();
    let mut h = harness(board);
    let revision = h.state().doc.history.revision();
    let before = h.state().doc.board.clone();
    press(&mut h, Key::F6);
    assert!(h.state().timer.is_running() && h.state().timer.visible);
    let now = |h: &H| h.ctx.input(|i| i.time);
    let left = h.state().timer.left(now(&h));
    h.run_steps(20);
    let later = h.state().timer.left(now(&h));
    assert!(later < left, "the timer counts down: {left} then {later}");
    undo(&mut h);
    assert!(h.state().timer.is_running(), "undo does not stop the timer");
    assert!(h.state().timer.left(now(&h)) <= later);
    assert_eq!(
        h.state().doc.history.revision(),
        revision,
        "time is not an edit"
    );
    assert_eq!(h.state().doc.board, before);
    assert!(!h.state().doc.is_dirty());
    // Shift+F6 gives a minute more; the Pause button pauses.
    let before_minute = h.state().timer.left(now(&h));
    h.key_press_modifiers(Modifiers::SHIFT, Key::F6);
    h.run_steps(1);
    assert!(h.state().timer.left(now(&h)) > before_minute + 50.0);
    h.get_by_label("Pause").click();
    h.run_steps(2);
    assert!(!h.state().timer.is_running());
    assert_eq!(h.state().doc.history.revision(), revision);
}

#[test]
fn ana_places_her_three_dots_takes_one_back_and_they_come_back_from_the_file()
-> Result<(), Box<dyn std::error::Error>> {
    let (board, ids) = story();
    let mut h = harness(board);
    press(&mut h, Key::F7);
    h.get_by_label("Voting as").click();
    h.run_steps(1);
    type_text(&mut h, "Ana");
    press(&mut h, Key::Escape);
    assert_eq!(h.state().settings.voter, "Ana");
    let event = center_of(&h, ids[0]);
    click_at(&mut h, event);
    for _ in 0..4 {
        press(&mut h, Key::D);
    }
    let votes = &h.state().doc.board.stickies[&ids[0]].votes;
    assert_eq!(votes.get("Ana"), Some(&3), "three dots, the fourth refused");
    assert!(
        h.state().message.is_some(),
        "she is told she has no dots left"
    );
    h.state_mut().message = None;
    h.hover_at(event);
    h.key_press_modifiers(Modifiers::SHIFT, Key::D);
    h.run_steps(2);
    assert_eq!(h.state().doc.board.stickies[&ids[0]].vote_count(), 2);
    assert!(
        h.query_by_label("1. E0 — 2 dots").is_some(),
        "the ranked list"
    );
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("voted.storm.ron");
    assert!(h.state_mut().save_to(&path));
    let mut again = harness(Board::new("Empty"));
    open_and_wait(&mut again, &path);
    let votes = &again.state().doc.board.stickies[&ids[0]].votes;
    assert_eq!(votes.get("Ana"), Some(&2));
    // Undo takes the dots back one step at a time (each key press is one step).
    undo(&mut h);
    assert_eq!(h.state().doc.board.stickies[&ids[0]].vote_count(), 3);
    Ok(())
}

#[test]
fn the_walk_through_goes_chapter_by_chapter_and_escape_returns_where_we_were() {
    let (board, _) = story();
    let mut h = harness(board);
    let camera = h.state().canvas.camera;
    let before = h.state().doc.board.clone();
    let title = |h: &H| {
        h.state()
            .presentation()
            .and_then(|p| p.stop())
            .map(|s| s.title.clone())
    };
    press(&mut h, Key::F5);
    assert_eq!(title(&h).as_deref(), Some("The whole board"));
    assert!(
        h.query_by_label("Phase: none").is_none(),
        "the status bar is hidden"
    );
    press(&mut h, Key::ArrowRight);
    assert_eq!(title(&h).as_deref(), Some("Chapter 1 of 2: up to “E1”"));
    h.run_steps(30);
    let view = h.state().canvas.view;
    let e0 = center_of(&h, Id(1));
    assert!(view.contains(e0), "the camera glided to the chapter");
    // Chapter 2 reaches the far hotspot: too wide for one screen, it comes in two parts.
    press(&mut h, Key::Space);
    assert_eq!(
        title(&h).as_deref(),
        Some("Chapter 2 of 2: after “E1” (part 1 of 2)")
    );
    press(&mut h, Key::PageDown);
    assert_eq!(
        title(&h).as_deref(),
        Some("Chapter 2 of 2: after “E1” (part 2 of 2)")
    );
    press(&mut h, Key::PageDown);
    assert_eq!(
        title(&h).as_deref(),
        Some("Chapter 2 of 2: after “E1” (part 2 of 2)"),
        "the last stop stays"
    );
    press(&mut h, Key::ArrowLeft);
    assert_eq!(
        title(&h).as_deref(),
        Some("Chapter 2 of 2: after “E1” (part 1 of 2)")
    );
    // Keys that would edit the board do nothing while presenting.
    press(&mut h, Key::E);
    press(&mut h, Key::Delete);
    press(&mut h, Key::Escape);
    assert!(h.state().presentation().is_none());
    assert_eq!(h.state().canvas.camera, camera, "back where we were");
    assert_eq!(h.state().doc.board, before);
}

#[test]
fn a_click_in_the_ranked_list_selects_and_frames_the_most_voted_sticky() {
    let (mut board, ids) = story();
    if let Some(s) = board.stickies.get_mut(&ids[4]) {
        s.votes.insert("Ana".into(), 2);
        s.votes.insert("Bo".into(), 1);
    }
    if let Some(s) = board.stickies.get_mut(&ids[2]) {
        s.votes.insert("Bo".into(), 1);
    }
    let mut h = harness(board);
    // The facilitator is looking at the start of the story.
    h.state_mut().canvas.camera = stormpad::ui::canvas::camera::Camera::default();
    h.run_steps(1);
    let far = center_of(&h, ids[4]);
    assert!(
        !h.state().canvas.view.contains(far),
        "the hotspot starts out of view"
    );
    press(&mut h, Key::F7);
    h.get_by_label("1. Refunds take weeks — 3 dots").click();
    h.run_steps(3);
    assert!(h.query_by_label("2. E2 — 1 dot").is_some());
    assert!(h.state().canvas.selection.stickies.contains(&ids[4]));
    let now = center_of(&h, ids[4]);
    assert!(h.state().canvas.view.contains(now), "framed: {now:?}");
}
