//! The functional core through its public surface: real files in temporary folders, the
//! golden file of every released format version, the CLI as a CI pipeline runs it, the
//! undo/redo property, and the layering rule that the model knows no GUI and no files.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use stormpad::edit::{Edit, History};
use stormpad::file;
use stormpad::model::{
    Board, Boundary, BoundaryKind, Id, Kind, LegendEntry, Link, Meta, Point, Rect, Rgb, Size,
    Sticky,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stormpad(args: &[&str]) -> std::process::Output {
    match Command::new(env!("CARGO_BIN_EXE_stormpad"))
        .args(args)
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!("cannot run stormpad: {e}"),
    }
}

fn samples() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    all.retain(|p| p.to_string_lossy().ends_with(".storm.ron"));
    all.sort();
    all
}

// ---------------------------------------------------------------------------------------------
// Golden files

#[test]
fn golden_v1_loads_with_every_feature_and_is_canonical() -> Result<(), Box<dyn std::error::Error>> {
    let path = root().join("tests/golden/v1.storm.ron");
    let text = std::fs::read_to_string(&path)?;
    let loaded = file::from_str(&text)?;
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let b = &loaded.board;
    assert_eq!(b.meta.title, "Golden v1");
    assert_eq!(b.stickies.len(), 9);
    for kind in Kind::ALL {
        assert!(b.stickies.values().any(|s| s.kind == kind), "{kind:?}");
    }
    let placed = &b.stickies[&Id(1)];
    assert_eq!(placed.text, "Order Placed");
    assert_eq!(placed.pos, Point::new(400.0, 100.0));
    assert_eq!(placed.fields.len(), 3);
    assert!(placed.fields[0].required);
    assert_eq!(placed.fields[2].ty, "list<OrderLine>");
    assert_eq!(placed.version.as_deref(), Some("1.0.0"));
    assert!(placed.pivotal);
    assert_eq!(placed.notes, "Ask finance about VAT");
    assert_eq!(b.legend.label(Kind::Policy), "Process");
    assert_eq!(b.legend.color(Kind::Hotspot), Rgb(0xFF, 0, 0));
    assert_eq!(b.boundaries.len(), 2);
    assert_eq!(b.links.len(), 6);
    assert_eq!(b.context_of(Id(1)), Some(Id(0xa1)));
    assert_eq!(b.swimlane_of(Id(3)), Some(Id(0xa2)));
    // Version 1 is the current version: writing it again gives the same bytes. When version 2
    // comes, this file stays as it is and must still load (through the migration).
    assert_eq!(file::to_string(b)?, text);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Real files

#[test]
fn every_sample_loads_cleanly_and_is_canonical() -> Result<(), Box<dyn std::error::Error>> {
    let all = samples();
    assert!(all.len() >= 3, "{all:?}");
    for path in all {
        let text = std::fs::read_to_string(&path)?;
        let loaded = file::from_str(&text).map_err(|e| e.with_file(&path))?;
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        assert!(loaded.board.stickies.len() >= 40, "{}", path.display());
        assert_eq!(file::to_string(&loaded.board)?, text, "{}", path.display());
    }
    Ok(())
}

#[test]
fn a_board_survives_a_real_file_round_trip_byte_for_byte() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("b.storm.ron");
    let board = file::read(&root().join("samples/food-delivery-design.storm.ron"))?.board;
    file::write(&path, &board)?;
    let first = std::fs::read(&path)?;
    let again = file::read(&path)?.board;
    assert_eq!(again, board);
    file::write(&path, &again)?;
    assert_eq!(
        std::fs::read(&path)?,
        first,
        "saving an unchanged board changes nothing"
    );
    Ok(())
}

#[test]
fn a_failed_load_never_touches_the_file() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bad.storm.ron");
    let bytes = b"(format: \"stormpad\", version: 1, stickies: { \"zz\": (kind: Nope) })";
    std::fs::write(&path, bytes)?;
    let err = match file::read(&path) {
        Ok(_) => panic!("a bad file loaded"),
        Err(e) => e,
    };
    assert!(err.position.is_some());
    assert_eq!(std::fs::read(&path)?, bytes);
    let err = stormpad(&["fmt", path.to_str().unwrap_or_default()]);
    assert_eq!(err.status.code(), Some(2));
    assert_eq!(std::fs::read(&path)?, bytes);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CLI

/// A board that does not parse: the list is never closed (line 4).
const BROKEN: &str = "(\n    format: \"stormpad\",\n    version: 1,\n    stickies: [\n";

/// A board that loads but has an error-level finding (ES014: a field type nobody knows).
const ERRONEOUS: &str = "(format: \"stormpad\", version: 1, stickies: { \"1\": (kind: DomainEvent, \
    text: \"Order Placed\", pos: (0, 0), size: (160, 160), fields: [(name: \"total\", \
    type: \"nope\", required: true)]) })";

/// Writes `text` into `dir/name`; the path as the command line takes it.
fn board_file(dir: &Path, name: &str, text: &str) -> std::io::Result<String> {
    let path = dir.join(name);
    std::fs::write(&path, text)?;
    Ok(path.display().to_string())
}

#[test]
fn check_reports_file_line_column_and_exit_codes() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let good = root().join("samples/hotel-booking-process.storm.ron");
    let out = stormpad(&["check", good.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    // A board that cannot be read is not a finding: stderr, exit 2, as export and fmt do.
    let bad = board_file(dir.path(), "bad.storm.ron", BROKEN)?;
    let out = stormpad(&["check", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{out:?}");
    let text = String::from_utf8(out.stderr)?;
    let prefix = format!("{bad}:4:");
    assert!(text.starts_with(&prefix), "{text}");

    let out = stormpad(&["check", "--format", "json", &bad]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr)?;
    assert!(text.contains("\"line\":4"), "{text}");
    assert!(text.contains("\"severity\":\"error\""), "{text}");

    let repaired = board_file(
        dir.path(),
        "repaired.storm.ron",
        "(format: \"stormpad\", version: 1, meta: (title: \"x\"), links: { \"1\": (from: \"2\", to: \"3\") })",
    )?;
    let out = stormpad(&["check", &repaired]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)?.contains("warning"));
    Ok(())
}

#[test]
fn every_command_tells_success_findings_and_unreadable_files_apart_by_exit_code()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    let good = board_file(
        d,
        "good.storm.ron",
        &std::fs::read_to_string(root().join("samples/hotel-booking-process.storm.ron"))?,
    )?;
    let erroneous = board_file(d, "erroneous.storm.ron", ERRONEOUS)?;
    let broken = board_file(d, "broken.storm.ron", BROKEN)?;
    let missing = d.join("missing.storm.ron").display().to_string();
    let a_file = board_file(d, "not-a-folder", "")?;
    let code = |args: &[&str]| stormpad(args).status.code();

    // check: 0 clean, 1 the check finds errors, 2 the board cannot be read.
    assert_eq!(code(&["check", &good]), Some(0));
    assert_eq!(code(&["check", &erroneous]), Some(1));
    assert_eq!(code(&["check", &broken]), Some(2));
    assert_eq!(code(&["check", &missing]), Some(2));

    // fmt --check: 0 canonical, 1 not canonical, 2 unreadable. fmt: 0 rewritten, 2 unreadable.
    assert_eq!(code(&["fmt", "--check", &good]), Some(0));
    assert_eq!(code(&["fmt", "--check", &erroneous]), Some(1));
    assert_eq!(code(&["fmt", "--check", &broken]), Some(2));
    assert_eq!(code(&["fmt", "--check", &missing]), Some(2));
    assert_eq!(code(&["fmt", &erroneous]), Some(0));
    assert_eq!(code(&["fmt", &broken]), Some(2));
    assert_eq!(code(&["fmt", &missing]), Some(2));

    // export: 0 written, 1 the check finds errors (nothing written unless --allow-errors),
    // 2 the board, the templates or the folder cannot be read or written.
    let out = d.join("out").display().to_string();
    let export =
        |board: &str, to: &str, out: &str| code(&["export", board, "--to", to, "--out", out]);
    assert_eq!(export(&good, "markdown", &out), Some(0));
    assert_eq!(export(&erroneous, "jsonschema", &out), Some(1));
    assert_eq!(
        code(&[
            "export",
            &erroneous,
            "--to",
            "jsonschema",
            "--out",
            &out,
            "--allow-errors"
        ]),
        Some(0)
    );
    assert_eq!(export(&broken, "markdown", &out), Some(2));
    assert_eq!(export(&missing, "markdown", &out), Some(2));
    assert_eq!(export(&good, "markdown", &a_file), Some(2));
    let no_templates = d.join("no-templates").display().to_string();
    assert_eq!(
        code(&[
            "export",
            &good,
            "--to",
            "rust",
            "--out",
            &out,
            "--templates",
            &no_templates
        ]),
        Some(2)
    );

    // templates export: 0 written, 2 the folder cannot be made.
    let templates = d.join("templates").display().to_string();
    assert_eq!(code(&["templates", "export", &templates]), Some(0));
    assert_eq!(
        code(&["templates", "export", &format!("{a_file}/x")]),
        Some(2)
    );
    Ok(())
}

#[test]
fn fmt_check_passes_on_samples_and_fmt_makes_a_file_canonical()
-> Result<(), Box<dyn std::error::Error>> {
    let paths = samples();
    let args: Vec<&str> = std::iter::once("fmt")
        .chain(std::iter::once("--check"))
        .chain(paths.iter().map(|p| p.to_str().unwrap_or_default()))
        .collect();
    let out = stormpad(&args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("messy.storm.ron");
    std::fs::write(
        &path,
        "(format:\"stormpad\",version:1,meta:(title:\"Messy\"),stickies:{\"b\":(kind:Command,text:\"B\",pos:(1.4,2),size:(160,160)),\"a\":(kind:DomainEvent,text:\"A\",pos:(0,0),size:(160,160))})",
    )?;
    let p = path.to_str().unwrap_or_default();
    assert_eq!(stormpad(&["fmt", "--check", p]).status.code(), Some(1));
    assert_eq!(stormpad(&["fmt", p]).status.code(), Some(0));
    assert_eq!(stormpad(&["fmt", "--check", p]).status.code(), Some(0));
    let text = std::fs::read_to_string(&path)?;
    assert!(text.find("\"000000000000000a\"") < text.find("\"000000000000000b\""));
    assert!(text.contains("pos: (1, 2),"), "{text}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Layering

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_model_knows_nothing_of_egui_files_or_formats() -> Result<(), Box<dyn std::error::Error>> {
    let mut files = Vec::new();
    rust_files(&root().join("src/model"), &mut files);
    assert!(files.len() >= 7);
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        for forbidden in [
            "egui::",
            "use egui",
            "eframe",
            "std::fs",
            "std::io",
            "ron::",
            "rfd::",
            "crate::ui",
            "crate::file",
            "crate::edit",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                path.display()
            );
        }
    }
    let mut edit = Vec::new();
    rust_files(&root().join("src/edit"), &mut edit);
    rust_files(&root().join("src/file"), &mut edit);
    rust_files(&root().join("src/export"), &mut edit);
    for path in edit {
        let text = std::fs::read_to_string(&path)?;
        for forbidden in ["egui::", "use egui", "eframe", "crate::ui"] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                path.display()
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Undo and redo: apply then undo is the identity, for any sequence of edits.

/// An edit described by indices into whatever the board holds when it is applied.
#[derive(Clone, Debug)]
enum Op {
    AddSticky(usize, String, i32, i32),
    RemoveSticky(usize),
    Retext(usize, String),
    /// Marks an event pivotal or takes the mark off (its line crosses the whole board).
    Pivotal(usize),
    Move(Vec<usize>, i32, i32),
    AddRegion(bool, i32, i32, u16, u16),
    RemoveRegion(usize),
    ResizeRegion(usize, u16, u16),
    AddLink(usize, usize),
    RemoveLink(usize),
    Legend(usize, Option<(String, u8)>),
    Title(String),
}

fn op() -> impl Strategy<Value = Op> {
    let text = "[a-zA-Z ]{0,12}";
    prop_oneof![
        (0..9usize, text, -2000..2000i32, -2000..2000i32)
            .prop_map(|(k, t, x, y)| Op::AddSticky(k, t, x, y)),
        any::<usize>().prop_map(Op::RemoveSticky),
        (any::<usize>(), text).prop_map(|(i, t)| Op::Retext(i, t)),
        any::<usize>().prop_map(Op::Pivotal),
        (
            prop::collection::vec(any::<usize>(), 1..4),
            -500..500i32,
            -500..500i32
        )
            .prop_map(|(v, x, y)| Op::Move(v, x, y)),
        (
            any::<bool>(),
            -2000..2000i32,
            -2000..2000i32,
            100..3000u16,
            100..3000u16
        )
            .prop_map(|(c, x, y, w, h)| Op::AddRegion(c, x, y, w, h)),
        any::<usize>().prop_map(Op::RemoveRegion),
        (any::<usize>(), 100..3000u16, 100..3000u16)
            .prop_map(|(i, w, h)| Op::ResizeRegion(i, w, h)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::AddLink(a, b)),
        any::<usize>().prop_map(Op::RemoveLink),
        (0..9usize, proptest::option::of((text, any::<u8>()))).prop_map(|(k, e)| Op::Legend(k, e)),
        text.prop_map(Op::Title),
    ]
}

fn nth<T: Copy>(keys: impl ExactSizeIterator<Item = T>, i: usize) -> Option<T> {
    let len = keys.len();
    let mut keys = keys;
    if len == 0 { None } else { keys.nth(i % len) }
}

/// A selection of the one sticky `id`, as the selection operations take it.
fn only_sticky(id: Id) -> stormpad::edit::ops::Items {
    stormpad::edit::ops::Items {
        stickies: [id].into(),
        ..Default::default()
    }
}

fn edits_for(board: &Board, op: &Op, fresh: &mut u64) -> Vec<Edit> {
    let mut next_id = || {
        *fresh += 1;
        Id(0x1000_0000 + *fresh)
    };
    match op {
        Op::AddSticky(k, t, x, y) => vec![Edit::PutSticky {
            id: next_id(),
            sticky: Some(Sticky::new(
                Kind::ALL[*k],
                t.clone(),
                Point::new(*x as f32, *y as f32),
            )),
        }],
        Op::RemoveSticky(i) => nth(board.stickies.keys().copied(), *i)
            .map(|id| stormpad::edit::ops::delete(board, &only_sticky(id)))
            .unwrap_or_default(),
        Op::Retext(i, t) => nth(board.stickies.keys().copied(), *i)
            .map(|id| {
                let mut s = board.stickies[&id].clone();
                s.text = t.clone();
                vec![Edit::PutSticky {
                    id,
                    sticky: Some(s),
                }]
            })
            .unwrap_or_default(),
        Op::Pivotal(i) => nth(board.stickies.keys().copied(), *i)
            .map(|id| stormpad::edit::ops::toggle_pivotal(board, &only_sticky(id)))
            .unwrap_or_default(),
        Op::Move(picks, x, y) => {
            let mut items = stormpad::edit::ops::Items::default();
            for p in picks {
                if let Some(id) = nth(board.stickies.keys().copied(), *p) {
                    items.stickies.insert(id);
                }
                if let Some(id) = nth(board.boundaries.keys().copied(), *p) {
                    items.boundaries.insert(id);
                }
            }
            stormpad::edit::ops::translate(board, &items, Point::new(*x as f32, *y as f32))
                .into_iter()
                .collect()
        }
        Op::AddRegion(context, x, y, w, h) => {
            let kind = if *context {
                BoundaryKind::Context
            } else {
                BoundaryKind::Swimlane
            };
            let rect = Rect::new(
                Point::new(*x as f32, *y as f32),
                Size::new(f32::from(*w), f32::from(*h)),
            );
            vec![Edit::PutBoundary {
                id: next_id(),
                boundary: Some(Boundary::new(kind, "R", rect)),
            }]
        }
        Op::RemoveRegion(i) => nth(board.boundaries.keys().copied(), *i)
            .map(|id| vec![Edit::PutBoundary { id, boundary: None }])
            .unwrap_or_default(),
        Op::ResizeRegion(i, w, h) => nth(board.boundaries.keys().copied(), *i)
            .map(|id| {
                let r = board.boundaries[&id].rect;
                let rect = Rect::new(r.pos, Size::new(f32::from(*w), f32::from(*h)));
                vec![Edit::Place {
                    stickies: Vec::new(),
                    boundaries: vec![(id, rect)],
                }]
            })
            .unwrap_or_default(),
        Op::AddLink(a, b) => {
            match (
                nth(board.stickies.keys().copied(), *a),
                nth(board.stickies.keys().copied(), *b),
            ) {
                (Some(from), Some(to)) if from != to => {
                    vec![Edit::PutLink {
                        id: next_id(),
                        link: Some(Link::new(from, to)),
                    }]
                }
                _ => Vec::new(),
            }
        }
        Op::RemoveLink(i) => nth(board.links.keys().copied(), *i)
            .map(|id| vec![Edit::PutLink { id, link: None }])
            .unwrap_or_default(),
        Op::Legend(k, e) => vec![Edit::SetLegend {
            kind: Kind::ALL[*k],
            entry: e.as_ref().map(|(label, c)| LegendEntry {
                label: label.clone(),
                color: Rgb(*c, 0, *c),
            }),
        }],
        Op::Title(t) => vec![Edit::SetMeta(Meta {
            title: t.clone(),
            ..Meta::default()
        })],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn undo_all_gives_the_original_and_redo_all_the_final_board(
        ops in prop::collection::vec(op(), 1..40),
        groups in prop::collection::vec(1..4usize, 1..40),
    ) {
        let original = file::read(&root().join("tests/golden/v1.storm.ron"))
            .map(|l| l.board)
            .unwrap_or_default();
        let mut board = original.clone();
        let mut history = History::default();
        let mut fresh = 0;
        let mut steps = 0;
        let mut sizes = groups.iter().cycle();
        let mut ops = ops.iter().peekable();
        // Some steps are transactions of several edits, as a gesture is.
        while ops.peek().is_some() {
            let state = history.state();
            history.begin();
            for _ in 0..*sizes.next().unwrap_or(&1) {
                if let Some(op) = ops.next() {
                    let edits = edits_for(&board, op, &mut fresh);
                    history.apply_all(&mut board, edits);
                }
            }
            history.commit();
            if history.state() != state {
                steps += 1;
            }
        }
        let last = board.clone();
        let mut undone = 0;
        while history.undo(&mut board) {
            undone += 1;
        }
        prop_assert_eq!(undone, steps);
        prop_assert_eq!(&board, &original);
        while history.redo(&mut board) {}
        prop_assert_eq!(&board, &last);
    }
}

#[test]
fn a_board_with_errors_is_not_exported_unless_the_user_allows_it()
-> Result<(), Box<dyn std::error::Error>> {
    // A user exports a board whose event has a field of an unknown type.
    let dir = tempfile::tempdir()?;
    let erroneous = board_file(dir.path(), "erroneous.storm.ron", ERRONEOUS)?;
    let out = dir.path().join("specs");
    let out_arg = out.display().to_string();
    let refused = stormpad(&["export", &erroneous, "--to", "markdown", "--out", &out_arg]);
    // The errors are printed, with the way out, and nothing is written.
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8(refused.stderr)?;
    assert!(stderr.contains("ES014 error"), "{stderr}");
    assert!(stderr.contains("--allow-errors"), "{stderr}");
    assert!(!out.exists(), "a refused export wrote {}", out.display());

    // With --allow-errors the same export writes its files; the errors are still printed.
    let allowed = stormpad(&[
        "export",
        &erroneous,
        "--to",
        "markdown",
        "--out",
        &out_arg,
        "--allow-errors",
    ]);
    assert_eq!(allowed.status.code(), Some(0));
    assert!(String::from_utf8(allowed.stderr)?.contains("ES014 error"));
    assert!(out.join("README.md").is_file() || std::fs::read_dir(&out)?.next().is_some());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Audiences (issue 16)

/// The design sample as it was before deliveries: each public event with one `channel` and
/// one `transport`.
fn board_before_audiences() -> PathBuf {
    root().join("tests/golden/before-audiences.storm.ron")
}

#[test]
fn an_old_board_with_one_channel_and_transport_per_event_saves_byte_for_byte()
-> Result<(), Box<dyn std::error::Error>> {
    use stormpad::model::{Audience, Delivery, Direction, Transport};
    let dir = tempfile::tempdir()?;
    let old = std::fs::read(board_before_audiences())?;
    let path = dir.path().join("old.storm.ron");
    std::fs::write(&path, &old)?;
    let loaded = file::read(&path)?;
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let mut board = loaded.board;
    // Its channel and transport are now the event's first delivery, to any subscriber.
    let placed = board
        .stickies
        .iter()
        .find(|(_, s)| s.text == "Order Placed")
        .map(|(id, _)| *id)
        .ok_or("no Order Placed")?;
    assert_eq!(
        board.stickies[&placed].deliveries,
        [Delivery {
            audience: Audience::AnySubscriber,
            transport: Some(Transport::Kafka),
            channel: Some("ordering.order-placed.v1".into()),
            direction: Direction::Publish,
        }]
    );
    file::write(&path, &board)?;
    assert_eq!(
        std::fs::read(&path)?,
        old,
        "loading and saving changes no byte"
    );
    // A second audience writes the list; taking it away again gives the old bytes back.
    let payments = board
        .boundaries
        .iter()
        .find(|(_, b)| b.name == "Payments")
        .map(|(id, _)| *id)
        .ok_or("no Payments")?;
    let deliveries = &mut board.stickies.get_mut(&placed).ok_or("gone")?.deliveries;
    deliveries.push(Delivery::to(
        Audience::Context(payments),
        Direction::Publish,
    ));
    file::write(&path, &board)?;
    let text = std::fs::read_to_string(&path)?;
    assert!(text.contains(
        "      deliveries: [\n        (audience: AnySubscriber, transport: Some(Kafka), \
         channel: Some(\"ordering.order-placed.v1\")),\n        (audience: Context(\"7dc4b12f2da2d70a\"), \
         transport: Some(Kafka)),\n      ],\n"
    ));
    assert_eq!(file::read(&path)?.board, board);
    board
        .stickies
        .get_mut(&placed)
        .ok_or("gone")?
        .deliveries
        .pop();
    file::write(&path, &board)?;
    assert_eq!(std::fs::read(&path)?, old);
    Ok(())
}

#[test]
fn the_design_sample_shows_three_audiences_and_has_no_check_errors() {
    let out = stormpad(&[
        "check",
        &root()
            .join("samples/food-delivery-design.storm.ron")
            .to_string_lossy(),
        "--format",
        "json",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        !text.contains("\"ES020\""),
        "no shared channel left: {text}"
    );
    let board = match file::read(&root().join("samples/food-delivery-design.storm.ron")) {
        Ok(l) => l.board,
        Err(e) => panic!("{e}"),
    };
    let a = stormpad::model::analysis::Analysis::of(&board);
    let by_name = |name: &str| {
        board
            .stickies
            .iter()
            .find(|(_, s)| s.text == name)
            .map(|(id, _)| *id)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let ways = |name: &str| -> Vec<String> {
        a.deliveries(&board, by_name(name))
            .iter()
            .map(|d| {
                format!(
                    "{} {} {} {}",
                    d.direction.label(),
                    d.name,
                    d.transport.map_or("-", |t| t.label()),
                    d.channel
                )
            })
            .collect()
    };
    assert_eq!(
        ways("Food Prepared"),
        [
            "publish Delivery Kafka kitchen.food-prepared.v1",
            "publish Courier partner Webhook (HTTP) /webhooks/kitchen.food-prepared.v1"
        ]
    );
    assert_eq!(
        ways("Ticket Accepted"),
        [
            "publish Delivery Kafka kitchen.ticket-accepted.v1",
            "publish Customer app Server-Sent Events kitchen.ticket-accepted.v1"
        ]
    );
    assert_eq!(
        ways("Payment Authorized"),
        ["receive Stripe Webhook (HTTP) /webhooks/payments.payment-authorized.v1"]
    );
}

/// A board of one event, written and read back through the file format.
fn one_event(deliveries: Vec<stormpad::model::Delivery>) -> (Board, String) {
    let mut board = Board::new("t");
    let mut s = Sticky::new(Kind::DomainEvent, "Order Ready", Point::new(0.0, 0.0));
    s.deliveries = deliveries;
    board.stickies.insert(Id(1), s);
    let text = file::to_string(&board).unwrap_or_default();
    (board, text)
}

#[test]
fn deliveries_are_written_as_a_list_unless_one_is_what_an_old_board_meant()
-> Result<(), Box<dyn std::error::Error>> {
    use stormpad::model::{Audience, Delivery, Direction, Transport};
    let old = Delivery {
        audience: Audience::AnySubscriber,
        transport: Some(Transport::WebSocket),
        channel: None,
        direction: Direction::Publish,
    };
    let (_, text) = one_event(vec![old.clone()]);
    assert!(
        text.contains("      transport: Some(WebSocket),\n"),
        "{text}"
    );
    assert!(!text.contains("deliveries"), "{text}");
    // With a partner beside it, the list; read back the same.
    let partner = Delivery::to(Audience::Partner(Id(7)), Direction::Publish);
    let (board, text) = one_event(vec![old, partner]);
    assert!(text.contains(
        "      deliveries: [\n        (audience: AnySubscriber, transport: Some(WebSocket)),\n        \
         (audience: Partner(\"0000000000000007\"), transport: Some(Webhook)),\n      ],\n"
    ), "{text}");
    assert_eq!(file::from_str(&text)?.board, board);
    // Alone but not of the old form (nothing set, or received): still a list, read back
    // the same.
    for lone in [
        Delivery {
            audience: Audience::AnySubscriber,
            transport: None,
            channel: None,
            direction: Direction::Publish,
        },
        Delivery {
            audience: Audience::AnySubscriber,
            transport: None,
            channel: Some("in".into()),
            direction: Direction::Receive,
        },
    ] {
        let (board, text) = one_event(vec![lone]);
        assert!(text.contains("deliveries: ["), "{text}");
        assert_eq!(file::from_str(&text)?.board, board);
    }
    Ok(())
}
// No data lost between versions (issue 17)

/// The golden board of format 1.1: a field, a kind, a section and more that this Stormpad (1.0)
/// does not know.
fn newer_board_text() -> String {
    let path = root().join("tests/golden/formats/v1.1/newer-parts.storm.ron");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_golden_file_of_every_released_version_loads() -> Result<(), Box<dyn std::error::Error>> {
    let mut folders = vec![root().join("tests/golden")];
    let mut loaded = 0;
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() && !path.ends_with("export") {
                folders.push(path);
            } else if path.to_string_lossy().ends_with(".storm.ron") {
                let board = file::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                assert!(!board.board.stickies.is_empty(), "{}", path.display());
                loaded += 1;
            }
        }
    }
    assert!(loaded >= 2, "only {loaded} golden boards found");
    Ok(())
}

#[test]
fn a_board_of_a_newer_minor_version_loads_and_saves_back_byte_for_byte()
-> Result<(), Box<dyn std::error::Error>> {
    // A teammate on Stormpad 1.1 saved this board; this older Stormpad opens it.
    let text = newer_board_text();
    let loaded = file::from_str(&text)?;
    let notice: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(notice.len(), 1, "{notice:?}");
    assert!(
        notice[0].contains("newer Stormpad (format 1.1"),
        "{notice:?}"
    );
    assert!(notice[0].contains("2 sticky(ies) of a kind"), "{notice:?}");
    // What it knows it shows: texts, positions, fields; unknown kinds as grey stickies.
    let board = &loaded.board;
    assert_eq!(board.meta.title, "Written by Stormpad 1.1");
    assert_eq!(board.stickies[&Id(1)].fields.len(), 2);
    let question = &board.stickies[&Id(2)];
    assert_eq!(question.kind, Kind::Unknown);
    assert_eq!(question.unknown_kind_name(), Some("Question"));
    assert_eq!(question.text, "Who pays the \"shipping\"?");
    assert_eq!(
        board.stickies[&Id(3)].unknown_kind_name(),
        Some("Risk(level: High)")
    );
    assert_eq!(board.links.len(), 1);
    // The legend's known entry is used; the entry of a kind it does not know is kept.
    assert_eq!(board.legend.label(Kind::Policy), "Process");
    // Saved again, every part is there as it was: here the whole file, byte for byte.
    let saved = file::to_string(board)?;
    assert_eq!(saved, text);
    assert_eq!(file::to_string(&file::from_str(&saved)?.board)?, saved);
    // The check and `fmt --check` agree: nothing to rewrite.
    let dir = tempfile::tempdir()?;
    let path = board_file(dir.path(), "newer.storm.ron", &text)?;
    assert_eq!(stormpad(&["fmt", "--check", &path]).status.code(), Some(0));
    let check = stormpad(&["check", &path]);
    assert!(String::from_utf8(check.stdout)?.contains("newer Stormpad"));
    Ok(())
}

#[test]
fn a_legend_entry_of_an_unknown_kind_survives_the_json_form_and_a_bad_name_is_refused()
-> Result<(), Box<dyn std::error::Error>> {
    // The merge driver and live boards carry the legend in its JSON form.
    let board = file::from_str(&newer_board_text())?.board;
    let json = serde_json::to_value(&board.legend)?;
    assert_eq!(json["Question"]["label"], "Frage");
    let back: stormpad::model::Legend = serde_json::from_value(json)?;
    assert_eq!(back, board.legend);
    // A name that could not be written back as a kind is refused, not kept.
    let bad = serde_json::json!({"not a kind": {"label": "x", "color": "#000000"}});
    assert!(serde_json::from_value::<stormpad::model::Legend>(bad).is_err());
    Ok(())
}

#[test]
fn editing_a_newer_board_keeps_what_this_version_does_not_know()
-> Result<(), Box<dyn std::error::Error>> {
    let text = newer_board_text();
    let mut board = file::from_str(&text)?.board;
    let mut history = History::default();
    // Move the grey sticky of an unknown kind: it keeps its kind and its votes.
    let mut moved = board.stickies[&Id(2)].clone();
    moved.pos = Point::new(640.0, 100.0);
    history.apply(
        &mut board,
        Edit::PutSticky {
            id: Id(2),
            sticky: Some(moved),
        },
    );
    let after_move = file::to_string(&board)?;
    let changed: Vec<(&str, &str)> = text
        .lines()
        .zip(after_move.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [("      pos: (600, 100),", "      pos: (640, 100),")]
    );
    // Delete it and undo: it comes back whole.
    history.apply(
        &mut board,
        Edit::PutSticky {
            id: Id(2),
            sticky: None,
        },
    );
    assert!(!file::to_string(&board)?.contains("votes: 3"));
    history.undo(&mut board);
    assert_eq!(file::to_string(&board)?, after_move);
    // Copied and pasted (through the clipboard's text), the copy keeps its kind too.
    let items = stormpad::edit::ops::Items {
        stickies: [Id(2)].into(),
        ..Default::default()
    };
    let clip = file::clipboard::to_text(&stormpad::edit::ops::copy(&board, &items))?;
    let (paste, _) = stormpad::edit::ops::paste(&file::clipboard::parse(&clip), Point::default());
    history.apply_all(&mut board, paste);
    let saved = file::to_string(&board)?;
    assert_eq!(saved.matches("kind: Question,").count(), 2, "{saved}");
    assert_eq!(saved.matches("votes: 3,").count(), 2);
    // Given a kind of this version, the sticky is written with it; its other parts stay.
    let mut known = board.stickies[&Id(2)].clone();
    known.kind = Kind::Hotspot;
    history.apply(
        &mut board,
        Edit::PutSticky {
            id: Id(2),
            sticky: Some(known),
        },
    );
    let saved = file::to_string(&board)?;
    assert_eq!(saved.matches("kind: Question,").count(), 1, "{saved}");
    assert!(saved.contains("kind: Hotspot,"));
    assert_eq!(saved.matches("votes: 3,").count(), 2);
    Ok(())
}

#[test]
fn unknown_parts_anywhere_in_an_item_are_kept_in_a_stable_place()
-> Result<(), Box<dyn std::error::Error>> {
    // A newer version may write its fields anywhere, even one called `extra`.
    let text = "(format: \"stormpad\", version: 1, minor: 4, stickies: { \"1\": (\
                kind: Command, owner: (team: \"A\",   since: 2), text: \"Pay\", \
                extra: [1, 2], pos: (0, 0), size: (160, 160)) })";
    let board = file::from_str(text)?.board;
    let first = file::to_string(&board)?;
    assert!(first.contains("  minor: 4,\n"), "{first}");
    assert!(
        first.contains(
            "      text: \"Pay\",\n      pos: (0, 0),\n      size: (160, 160),\n      \
             extra: [1, 2],\n      owner: (team: \"A\",   since: 2),\n    ),"
        ),
        "{first}"
    );
    assert_eq!(file::to_string(&file::from_str(&first)?.board)?, first);
    Ok(())
}

#[test]
fn a_newer_major_version_is_refused_naming_both_versions() {
    let text = newer_board_text().replace("version: 1,", "version: 2,");
    let err = file::from_str(&text).err().map(|e| e.to_string());
    let err = err.unwrap_or_default();
    assert!(err.contains("format version 2"), "{err}");
    assert!(err.contains("version 1"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Derived data follows edits: what the window keeps up to date edit by edit (the spatial
// index) or works out in the background (the analysis and the model check) equals a full
// recomputation of the same board.

/// Waits (boundedly) for the document's background analysis to finish.
fn settle(doc: &mut stormpad::ui::document::Document, ctx: &egui::Context) {
    for _ in 0..20_000 {
        if !doc.deriving() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
        doc.derived(ctx, false);
    }
    panic!("the background analysis never finished");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random edits, undos and redos on a board: the spatial index updated by the items each
    /// step touched equals one built from scratch, and every analysis the background hands
    /// back, for whichever revision R it was started, equals the analysis and check of the
    /// board as it was at R.
    #[test]
    fn derived_data_after_any_edits_equals_a_full_recomputation(
        steps in prop::collection::vec((op(), 0..10u8), 1..40),
    ) {
        use stormpad::model::analysis::Analysis;
        use stormpad::model::spatial::SpatialIndex;
        use stormpad::ui::document::Document;

        let original = file::read(&root().join("tests/golden/v1.storm.ron"))
            .map(|l| l.board)
            .unwrap_or_default();
        let ctx = egui::Context::default();
        let mut doc = Document::untitled(original);
        doc.set_background_from(0);
        let mut boards = std::collections::BTreeMap::new();
        boards.insert(doc.history.revision(), doc.board.clone());
        let mut index = SpatialIndex::build(&doc.board);
        let mut indexed_at = doc.history.revision();
        let mut fresh = 0;
        let check_derived = |doc: &mut Document, boards: &std::collections::BTreeMap<u64, Board>| {
            let d = doc.derived(&ctx, true);
            match boards.get(&d.revision) {
                Some(board) => {
                    let analysis = Analysis::of(board);
                    let findings = stormpad::model::check::check(board, &analysis);
                    prop_assert_eq!(&d.board, board);
                    prop_assert_eq!(format!("{:?}", d.analysis), format!("{analysis:?}"));
                    prop_assert_eq!(&d.findings, &findings);
                }
                // Nothing finished yet: it says it is of no revision of this board.
                None => prop_assert_eq!(d.revision, u64::MAX),
            }
            Ok(())
        };
        for (op, step) in &steps {
            match step {
                0 => {
                    doc.history.undo(&mut doc.board);
                }
                1 => {
                    doc.history.redo(&mut doc.board);
                }
                _ => {
                    let edits = edits_for(&doc.board, op, &mut fresh);
                    doc.history.apply_all(&mut doc.board, edits);
                }
            }
            boards.insert(doc.history.revision(), doc.board.clone());
            // The index catches up every other step, so some updates span several edits.
            if step % 2 == 0 {
                let touched = doc.history.touched_since(indexed_at);
                prop_assert!(touched.is_some(), "the history reaches back to {}", indexed_at);
                let touched = touched.unwrap_or_default();
                index.update(&doc.board, &touched.stickies, &touched.links);
                indexed_at = doc.history.revision();
                prop_assert!(index == SpatialIndex::build(&doc.board));
            }
            check_derived(&mut doc, &boards)?;
        }
        settle(&mut doc, &ctx);
        check_derived(&mut doc, &boards)?;
        settle(&mut doc, &ctx);
        let last = doc.derived(&ctx, true);
        prop_assert_eq!(last.revision, doc.history.revision());
        check_derived(&mut doc, &boards)?;
    }
}

// Running the room (issue 18): phase, dots per voter and votes are optional fields

#[test]
fn votes_and_the_phase_save_and_load_and_old_boards_stay_byte_for_byte()
-> Result<(), Box<dyn std::error::Error>> {
    use stormpad::model::{BigPictureStep, LevelSetting, Phase};
    let dir = tempfile::tempdir()?;
    let mut olds: Vec<PathBuf> = samples();
    olds.push(board_before_audiences());
    for old_path in olds {
        let old = std::fs::read(&old_path)?;
        let path = dir.path().join("b.storm.ron");
        std::fs::write(&path, &old)?;
        let mut board = file::read(&path)?.board;
        file::write(&path, &board)?;
        assert_eq!(std::fs::read(&path)?, old, "{}", old_path.display());
        // The room votes and moves on to picking its problem.
        let hotspot = *board.stickies.keys().next().ok_or("an empty sample")?;
        let sticky = board.stickies.get_mut(&hotspot).ok_or("gone")?;
        sticky.votes.insert("Ana".into(), 2);
        sticky.votes.insert("Zoë «the PO»".into(), 1);
        let (level, phase) = (board.meta.level, board.meta.phase);
        board.meta.level = LevelSetting::BigPicture;
        board.meta.phase = Some(BigPictureStep::PickYourProblem);
        board.meta.dots = Some(5);
        file::write(&path, &board)?;
        let text = std::fs::read_to_string(&path)?;
        assert!(text.contains("dots: {"), "{text}");
        assert!(text.contains("dots_per_voter: Some(5)"), "{text}");
        assert!(text.contains("phase: Some(PickYourProblem)"), "{text}");
        let again = file::read(&path)?.board;
        assert_eq!(again, board);
        assert_eq!(
            Phase::of(&again.meta),
            Some(Phase::BigPicture(BigPictureStep::PickYourProblem))
        );
        assert_eq!(again.stickies[&hotspot].vote_count(), 3);
        // Taking every dot back and the phase away gives the old bytes back.
        let sticky = board.stickies.get_mut(&hotspot).ok_or("gone")?;
        sticky.votes.clear();
        board.meta.level = level;
        board.meta.phase = phase;
        board.meta.dots = None;
        file::write(&path, &board)?;
        assert_eq!(std::fs::read(&path)?, old, "{}", old_path.display());
    }
    Ok(())
}

#[test]
fn the_merge_driver_merges_votes_voter_by_voter() -> Result<(), Box<dyn std::error::Error>> {
    let mut base = Board::new("t");
    let id = Id(7);
    base.stickies.insert(
        id,
        Sticky::new(Kind::Hotspot, "Refunds take weeks", Point::new(0.0, 0.0)),
    );
    base.stickies
        .get_mut(&id)
        .ok_or("gone")?
        .votes
        .insert("Cy".into(), 1);
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.stickies
        .get_mut(&id)
        .ok_or("gone")?
        .votes
        .insert("Ana".into(), 2);
    let votes = &mut theirs.stickies.get_mut(&id).ok_or("gone")?.votes;
    votes.insert("Bo".into(), 1);
    votes.remove("Cy");
    let labels = file::merge::Labels {
        base: "base".into(),
        ours: "HEAD".into(),
        theirs: "voting".into(),
    };
    let merged = file::merge::merge(&base, &ours, &theirs, &labels)?;
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let votes = &merged.board.stickies[&id].votes;
    assert_eq!(
        votes
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("Ana", 2), ("Bo", 1)],
        "both sides' voters kept, Cy's dot taken back on theirs"
    );
    Ok(())
}

#[test]
fn the_big_picture_sample_is_walked_through_in_four_chapters_between_its_pivotal_events()
-> Result<(), Box<dyn std::error::Error>> {
    use stormpad::model::analysis::Analysis;
    use stormpad::model::walkthrough::{MAX_STOP_WIDTH, stops};
    let board = file::read(&root().join("samples/online-shop-big-picture.storm.ron"))?.board;
    let walk = stops(&board, &Analysis::of(&board));
    let titles: Vec<&str> = walk.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "The whole board",
            "Chapter 1 of 4: up to “Order Placed”",
            "Chapter 2 of 4: up to “Order Shipped”",
            "Chapter 3 of 4: up to “Return Received”",
            "Chapter 4 of 4: after “Return Received”",
        ]
    );
    for pair in walk[1..].windows(2) {
        assert!(
            pair[0].rect.center().x < pair[1].rect.center().x,
            "left to right"
        );
    }
    assert!(walk[1..].iter().all(|s| s.rect.size.w <= MAX_STOP_WIDTH));
    Ok(())
}
