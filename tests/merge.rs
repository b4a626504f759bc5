//! Boards in git, with the real `git` in temporary repositories: `stormpad git-setup`, merges
//! that would conflict as text and merge cleanly as boards, a conflict as a hotspot, `git diff`
//! through textconv, the golden merge cases in `tests/merge/<case>/` (one per rule), and a
//! property test of random branch edits merged by `git merge` with the driver installed,
//! compared with plain git's text merge of the same pairs.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use stormpad::file;
use stormpad::model::{Board, Id, Kind, LegendEntry, Link, Point, Rgb, Sticky};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test: cargo's, or `STORMPAD_BIN` (a private copy, where several people
/// share one target folder and another build may replace cargo's while this test runs).
fn bin() -> PathBuf {
    std::env::var_os("STORMPAD_BIN")
        .map_or_else(|| env!("CARGO_BIN_EXE_stormpad").into(), PathBuf::from)
}

fn stormpad(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run stormpad: {e}"))
}

/// A throwaway repository with its own identity and no user or system git configuration.
struct Repo {
    _home: tempfile::TempDir,
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let repo = Repo { _home: home, dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.current_dir(self.path())
            .args(args)
            .env("HOME", self._home.path())
            .env("XDG_CONFIG_HOME", self._home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com")
            .env("GIT_MERGE_AUTOEDIT", "no");
        c
    }

    /// Runs git; returns its output whatever the status.
    fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs git that must succeed; its stdout.
    fn git(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn setup(&self) -> Output {
        let out = Command::new(bin())
            .current_dir(self.path())
            .arg("git-setup")
            .env("HOME", self._home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

fn board_text(board: &Board) -> String {
    file::to_string(board).unwrap_or_else(|e| panic!("{e}"))
}

fn load(text: &str) -> Board {
    let loaded = file::from_str(text).unwrap_or_else(|e| panic!("does not load: {e}\n{text}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.board
}

fn sample() -> Board {
    load(
        &std::fs::read_to_string(root().join("samples/hotel-booking-process.storm.ron"))
            .unwrap_or_else(|e| panic!("{e}")),
    )
}

fn hotspots_added<'a>(merged: &'a Board, sides: [&Board; 2]) -> Vec<&'a Sticky> {
    merged
        .stickies
        .iter()
        .filter(|(id, s)| {
            s.kind == Kind::Hotspot
                && s.description.starts_with("Merge conflict")
                && sides.iter().all(|b| !b.stickies.contains_key(id))
        })
        .map(|(_, s)| s)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A team's story

#[test]
fn two_people_edit_one_board_on_two_branches_and_git_merges_it_as_a_board() {
    let repo = Repo::new();
    // Set-up is idempotent: twice gives one attributes line and one driver.
    repo.setup();
    let again = repo.setup();
    assert!(String::from_utf8_lossy(&again.stdout).contains("already in"));
    let attributes = repo.read(".gitattributes");
    assert_eq!(attributes, "*.storm.ron merge=stormpad diff=stormpad\n");
    let driver = repo.git(&["config", "--get-all", "merge.stormpad.driver"]);
    assert_eq!(driver.lines().count(), 1, "{driver}");
    assert!(driver.contains(" merge %O %A %B --output %A"), "{driver}");

    let base = sample();
    let ids: Vec<Id> = base.stickies.keys().copied().collect();
    let (a, b) = (ids[0], ids[1]);
    repo.write("board.storm.ron", &board_text(&base));
    repo.commit_all("the board");

    // Ana moves a sticky; Ben renames the same sticky: adjacent lines, a text conflict.
    repo.git(&["checkout", "-q", "-b", "rename"]);
    let mut ben = base.clone();
    ben.stickies.get_mut(&a).unwrap().text = "Renamed by Ben".into();
    repo.write("board.storm.ron", &board_text(&ben));
    repo.commit_all("rename");
    repo.git(&["checkout", "-q", "main"]);
    let mut ana = base.clone();
    ana.stickies.get_mut(&a).unwrap().pos = Point::new(9000.0, 9000.0);
    repo.write("board.storm.ron", &board_text(&ana));
    repo.commit_all("move");
    let plain = plain_text_merge(&board_text(&base), &board_text(&ana), &board_text(&ben));
    assert!(!plain.0, "plain git should conflict on adjacent lines");

    let merge = repo.run(&["merge", "-q", "--no-edit", "rename"]);
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    let merged = load(&repo.read("board.storm.ron"));
    assert_eq!(merged.stickies[&a].text, "Renamed by Ben");
    assert_eq!(merged.stickies[&a].pos, Point::new(9000.0, 9000.0));

    // Both rename the other sticky differently: a conflict, shown as a hotspot naming the
    // branch, and git stops with the board still loading.
    repo.git(&["checkout", "-q", "-b", "feature/wording"]);
    let mut theirs = merged.clone();
    theirs.stickies.get_mut(&b).unwrap().text = "Theirs wording".into();
    repo.write("board.storm.ron", &board_text(&theirs));
    repo.commit_all("their wording");
    repo.git(&["checkout", "-q", "main"]);
    let mut ours = merged.clone();
    ours.stickies.get_mut(&b).unwrap().text = "Our wording".into();
    repo.write("board.storm.ron", &board_text(&ours));
    repo.commit_all("our wording");
    let merge = repo.run(&["merge", "-q", "--no-edit", "feature/wording"]);
    assert!(!merge.status.success());
    let text = repo.read("board.storm.ron");
    let conflicted = load(&text);
    assert_eq!(
        board_text(&conflicted),
        text,
        "the merged file is canonical"
    );
    assert_eq!(conflicted.stickies[&b].text, "Our wording");
    let spots = hotspots_added(&conflicted, [&ours, &theirs]);
    assert_eq!(spots.len(), 1);
    assert!(
        spots[0].text.contains("Theirs wording"),
        "{}",
        spots[0].text
    );
    assert!(
        spots[0].text.contains("feature/wording"),
        "{}",
        spots[0].text
    );
    // Resolving: delete the hotspot, commit.
    let mut resolved = conflicted.clone();
    resolved
        .stickies
        .retain(|_, s| !s.description.starts_with("Merge conflict"));
    repo.write("board.storm.ron", &board_text(&resolved));
    repo.commit_all("resolved");

    // `git diff` reads as names through textconv.
    let mut moved = resolved.clone();
    moved.stickies.get_mut(&b).unwrap().pos = Point::new(1.0, 2.0);
    repo.write("board.storm.ron", &board_text(&moved));
    let diff = repo.git(&["diff"]);
    assert!(diff.contains("+sticky"), "{diff}");
    assert!(diff.contains("\"Our wording\", pos: (1, 2)"), "{diff}");
}

/// Plain git's text merge of three texts: (clean, result).
fn plain_text_merge(base: &str, ours: &str, theirs: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = |n: &str, t: &str| {
        let path = dir.path().join(n);
        std::fs::write(&path, t).unwrap_or_else(|e| panic!("{e}"));
        path
    };
    let (b, o, t) = (p("b", base), p("o", ours), p("t", theirs));
    let out = Command::new("git")
        .arg("merge-file")
        .arg("-p")
        .args([&o, &b, &t])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

// ---------------------------------------------------------------------------------------------
// Golden cases: tests/merge/<case>/{base,ours,theirs,expected}.storm.ron, one per rule.

#[test]
fn golden_merge_cases_give_their_expected_boards() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/merge"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "{cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let work = tempfile::tempdir().unwrap();
        for side in ["base", "ours", "theirs"] {
            let file = format!("{side}.storm.ron");
            std::fs::copy(case.join(&file), work.path().join(&file)).unwrap();
        }
        let out = stormpad(
            work.path(),
            &[
                "merge",
                "base.storm.ron",
                "ours.storm.ron",
                "theirs.storm.ron",
                "--output",
                "merged.storm.ron",
                "--path",
                "board.storm.ron",
                "--theirs-label",
                "feature",
            ],
        );
        let merged = std::fs::read_to_string(work.path().join("merged.storm.ron")).unwrap();
        let expected_path = case.join("expected.storm.ron");
        if update {
            std::fs::write(&expected_path, &merged).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap();
        assert_eq!(merged, expected, "{name}");
        let conflicted = expected.contains("Merge conflict") || expected.contains("<<<<<<<");
        assert_eq!(out.status.code(), Some(i32::from(conflicted)), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if name == "unparsable-side" {
            assert!(
                stderr.contains("merging as text with `git merge-file`"),
                "{stderr}"
            );
            assert!(expected.contains("<<<<<<< ours"), "{expected}");
        } else {
            assert_eq!(board_text(&load(&expected)), expected, "{name}: canonical");
        }
        if name == "delete-vs-edit" || name == "link-end-deleted" {
            assert!(stderr.contains("board.storm.ron: "), "{name}: {stderr}");
        }
    }
}

#[test]
fn a_merge_that_cannot_read_a_file_is_never_a_success() {
    let dir = tempfile::tempdir().unwrap();
    let out = stormpad(dir.path(), &["merge", "missing", "missing", "missing"]);
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// The property: random pairs of branch edits, merged by real `git merge` with the driver.

/// One edit a person makes on a branch. Targets are indexes into the first stickies (few, so
/// both branches often touch the same one).
#[derive(Clone, Debug)]
enum Op {
    Move(usize, i16, i16),
    Retext(usize, u8),
    Describe(usize, u8),
    Pivotal(usize),
    Add(u64, usize, u8),
    Delete(usize),
    Link(u64, usize, usize),
    Unlink(usize),
    Legend(usize, u8),
    AddPayload(usize, u8),
}

const HOT: usize = 4;

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..HOT, -50i16..50, -50i16..50).prop_map(|(i, x, y)| Op::Move(i, x, y)),
        3 => (0..HOT, 0u8..4).prop_map(|(i, w)| Op::Retext(i, w)),
        1 => (0..HOT, 0u8..4).prop_map(|(i, w)| Op::Describe(i, w)),
        1 => (0..HOT).prop_map(Op::Pivotal),
        2 => (1u64.., 0..Kind::ALL.len(), 0u8..4).prop_map(|(id, k, w)| Op::Add(id, k, w)),
        2 => (0..HOT).prop_map(Op::Delete),
        2 => (1u64.., 0..HOT, 0..HOT).prop_map(|(id, a, b)| Op::Link(id, a, b)),
        1 => (0..HOT).prop_map(Op::Unlink),
        1 => (0..4usize, 0u8..3).prop_map(|(k, w)| Op::Legend(k, w)),
        1 => (0..HOT, 0u8..3).prop_map(|(i, w)| Op::AddPayload(i, w)),
    ]
}

const WORDS: [&str; 4] = ["Alpha", "Beta", "Gamma", "Delta"];

fn apply(board: &mut Board, hot: &[Id], op: &Op) {
    match *op {
        Op::Move(i, x, y) => {
            if let Some(s) = board.stickies.get_mut(&hot[i]) {
                s.pos = Point::new(s.pos.x + f32::from(x) * 10.0, s.pos.y + f32::from(y) * 10.0);
            }
        }
        Op::Retext(i, w) => {
            if let Some(s) = board.stickies.get_mut(&hot[i]) {
                s.text = format!("{} {}", WORDS[usize::from(w)], s.text);
            }
        }
        Op::Describe(i, w) => {
            if let Some(s) = board.stickies.get_mut(&hot[i]) {
                s.description = format!("Why: {}", WORDS[usize::from(w)]);
            }
        }
        Op::Pivotal(i) => {
            if let Some(s) = board.stickies.get_mut(&hot[i]) {
                s.pivotal = !s.pivotal;
            }
        }
        Op::Add(id, k, w) => {
            let text = format!("New {}", WORDS[usize::from(w)]);
            let pos = Point::new((id % 5000) as f32, 2000.0);
            board
                .stickies
                .insert(Id(id), Sticky::new(Kind::ALL[k], text, pos));
        }
        Op::Delete(i) => {
            if board.stickies.remove(&hot[i]).is_some() {
                board
                    .links
                    .retain(|_, l| l.from != hot[i] && l.to != hot[i]);
            }
        }
        Op::Link(id, a, b) => {
            let (from, to) = (hot[a], hot[b]);
            let exists = board.links.values().any(|l| l.from == from && l.to == to);
            if from != to
                && !exists
                && board.stickies.contains_key(&from)
                && board.stickies.contains_key(&to)
            {
                board.links.insert(Id(id), Link::new(from, to));
            }
        }
        Op::Unlink(i) => {
            if let Some(id) = board.links.keys().nth(i).copied() {
                board.links.remove(&id);
            }
        }
        Op::Legend(k, w) => {
            let kind = Kind::ALL[k];
            let entry = LegendEntry {
                label: format!("{} {}", WORDS[usize::from(w)], kind.default_label()),
                color: Rgb(10, 20, 30),
            };
            board.legend.set_override(kind, Some(entry));
        }
        Op::AddPayload(i, w) => {
            if let Some(s) = board.stickies.get_mut(&hot[i]) {
                let name = format!("field{}", WORDS[usize::from(w)]);
                if !s.fields.iter().any(|f| f.name == name) {
                    s.fields.push(stormpad::model::Field {
                        name,
                        ty: "string".into(),
                        required: false,
                        ..Default::default()
                    });
                }
            }
        }
    }
}

fn json<T: serde::Serialize>(v: &T) -> serde_json::Map<String, Value> {
    match serde_json::to_value(v).unwrap_or_else(|e| panic!("{e}")) {
        Value::Object(m) => m,
        other => panic!("{other}"),
    }
}

/// What the merge must give, worked out field by field from the three boards: the expected
/// conflicts as (item, field), checking every non-conflicting change of both sides.
fn check_merge(base: &Board, ours: &Board, theirs: &Board, merged: &Board) -> BTreeSet<String> {
    let mut conflicts = BTreeSet::new();
    let ids: BTreeSet<Id> = ours
        .stickies
        .keys()
        .chain(theirs.stickies.keys())
        .copied()
        .collect();
    for id in ids {
        let (b, o, t) = (
            base.stickies.get(&id),
            ours.stickies.get(&id),
            theirs.stickies.get(&id),
        );
        let m = merged.stickies.get(&id);
        match (b, o, t) {
            (Some(b), None, Some(t)) => {
                assert_eq!(m, (t != b).then_some(t), "{id} deleted on ours")
            }
            (Some(b), Some(o), None) => {
                assert_eq!(m, (o != b).then_some(o), "{id} deleted on theirs")
            }
            (None, Some(o), None) => assert_eq!(m, Some(o)),
            (None, None, Some(t)) => assert_eq!(m, Some(t)),
            (Some(b), Some(o), Some(t)) => {
                let m = m.unwrap_or_else(|| panic!("{id} lost"));
                let (jb, jo, jt, jm) = (json(b), json(o), json(t), json(m));
                let keys: BTreeSet<&String> = jb.keys().chain(jo.keys()).chain(jt.keys()).collect();
                for key in keys {
                    let (vb, vo, vt, vm) = (jb.get(key), jo.get(key), jt.get(key), jm.get(key));
                    if key == "fields" && vo != vb && vt != vb && vo != vt {
                        // Payload fields added on both sides: all of them are there.
                        let names = |s: &Sticky| -> BTreeSet<String> {
                            s.fields.iter().map(|f| f.name.clone()).collect()
                        };
                        let all: BTreeSet<String> = names(o).union(&names(t)).cloned().collect();
                        assert_eq!(names(m), all, "{id} payload");
                    } else if vo == vt || vt == vb {
                        assert_eq!(vm, vo, "{id}.{key}");
                    } else if vo == vb {
                        assert_eq!(vm, vt, "{id}.{key}");
                    } else {
                        assert_eq!(vm, vo, "{id}.{key}: ours kept");
                        conflicts.insert(format!("sticky {id}, field {key}."));
                    }
                }
            }
            (None, Some(_), Some(_)) | (_, None, None) => {}
        }
    }
    for kind in Kind::ALL {
        let (b, o, t) = (
            base.legend.override_of(kind),
            ours.legend.override_of(kind),
            theirs.legend.override_of(kind),
        );
        let m = merged.legend.override_of(kind);
        if o == t || t == b {
            assert_eq!(m, o, "legend {kind:?}");
        } else if o == b {
            assert_eq!(m, t, "legend {kind:?}");
        } else {
            assert_eq!(m, o, "legend {kind:?}: ours kept");
            conflicts.insert(format!("legend entry {kind:?}, field label."));
        }
    }
    check_links(base, ours, theirs, merged);
    conflicts
}

/// Arrows: kept or deleted by the three-way rule, dropped when an end is gone or when the same
/// arrow was added on both sides (the lowest id stays).
fn check_links(base: &Board, ours: &Board, theirs: &Board, merged: &Board) {
    let mut expected = BTreeMap::new();
    let mut pairs = BTreeSet::new();
    let ids: BTreeSet<Id> = base
        .links
        .keys()
        .chain(ours.links.keys())
        .chain(theirs.links.keys())
        .copied()
        .collect();
    for id in ids {
        let (b, o, t) = (
            base.links.get(&id),
            ours.links.get(&id),
            theirs.links.get(&id),
        );
        let link = match b {
            Some(_) => o.and(t),
            None => o.or(t),
        };
        if let Some(l) = link
            && merged.stickies.contains_key(&l.from)
            && merged.stickies.contains_key(&l.to)
            && pairs.insert((l.from, l.to))
        {
            expected.insert(id, l.clone());
        }
    }
    assert_eq!(merged.links, expected);
}

#[derive(Default)]
struct Figures {
    cases: Cell<u32>,
    driver_clean: Cell<u32>,
    driver_conflicts: Cell<u32>,
    plain_clean: Cell<u32>,
    plain_clean_unloadable: Cell<u32>,
    plain_conflicted: Cell<u32>,
}

fn bump(c: &Cell<u32>) {
    c.set(c.get() + 1);
}

#[test]
fn random_branch_edits_merged_by_git_with_the_driver_always_load_and_keep_every_change() {
    let repo = Repo::new();
    repo.setup();
    let base = sample();
    let hot: Vec<Id> = base.stickies.keys().copied().take(HOT).collect();
    let base_text = board_text(&base);
    repo.write("board.storm.ron", &base_text);
    repo.commit_all("base");
    let base_commit = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let attributes = repo
        .git(&["rev-parse", "HEAD:.gitattributes"])
        .trim()
        .to_owned();
    let figures = Figures::default();
    let cases = std::env::var("MERGE_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(500);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let sides = (
        proptest::collection::vec(op(), 1..4),
        proptest::collection::vec(op(), 1..4),
    );
    let result = runner.run(&sides, |(ours_ops, theirs_ops)| {
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours_ops.iter().for_each(|op| apply(&mut ours, &hot, op));
        theirs_ops.iter().for_each(|op| apply(&mut theirs, &hot, op));
        let (ours_text, theirs_text) = (board_text(&ours), board_text(&theirs));
        // Two commits on the base, built with plumbing (no checkout needed).
        let commit = |text: &str, message: &str| {
            let blob = hash_object(&repo, text);
            let tree = mktree(
                &repo,
                &format!(
                    "100644 blob {attributes}\t.gitattributes\n100644 blob {blob}\tboard.storm.ron\n"
                ),
            );
            repo.git(&["commit-tree", &tree, "-p", &base_commit, "-m", message])
                .trim()
                .to_owned()
        };
        let (ours_commit, theirs_commit) = (commit(&ours_text, "ours"), commit(&theirs_text, "theirs"));
        repo.git(&["update-ref", "refs/heads/feature", &theirs_commit]);
        repo.git(&["reset", "-q", "--hard", &ours_commit]);
        let merge = repo.run(&["merge", "-q", "--no-edit", "feature"]);
        let text = repo.read("board.storm.ron");
        let loaded = file::from_str(&text).unwrap_or_else(|e| panic!("unloadable merge: {e}"));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(board_text(&loaded.board), text, "not canonical");
        let mut merged = loaded.board;
        let spots: Vec<String> = hotspots_added(&merged, [&ours, &theirs])
            .into_iter()
            .map(|s| s.description.clone())
            .collect();
        merged.stickies.retain(|id, s| {
            s.kind != Kind::Hotspot
                || !s.description.starts_with("Merge conflict")
                || ours.stickies.contains_key(id)
                || theirs.stickies.contains_key(id)
        });
        let expected = check_merge(&base, &ours, &theirs, &merged);
        assert_eq!(spots.len(), expected.len(), "{spots:?} vs {expected:?}");
        for conflict in &expected {
            let found = spots.iter().filter(|d| d.contains(conflict.as_str())).count();
            assert_eq!(found, 1, "{conflict} in {spots:?}");
        }
        assert_eq!(merge.status.success(), expected.is_empty(), "exit status");
        bump(&figures.cases);
        bump(if expected.is_empty() { &figures.driver_clean } else { &figures.driver_conflicts });
        // Plain git on the same pair.
        let (clean, plain) = plain_text_merge(&base_text, &ours_text, &theirs_text);
        match (clean, file::from_str(&plain).is_ok()) {
            (true, true) => bump(&figures.plain_clean),
            (true, false) => bump(&figures.plain_clean_unloadable),
            (false, _) => bump(&figures.plain_conflicted),
        }
        if !merge.status.success() {
            repo.git(&["merge", "--abort"]);
        }
        Ok(())
    });
    eprintln!(
        "merge property: {} pairs; with the driver: {} clean, {} with conflicts (hotspots, \
         every result loads); plain git: {} clean and loading, {} clean but not loading, {} \
         conflicted (conflict markers: the file does not load)",
        figures.cases.get(),
        figures.driver_clean.get(),
        figures.driver_conflicts.get(),
        figures.plain_clean.get(),
        figures.plain_clean_unloadable.get(),
        figures.plain_conflicted.get(),
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn hash_object(repo: &Repo, text: &str) -> String {
    use std::io::Write;
    let mut child = repo
        .command(&["hash-object", "-w", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    child
        .stdin
        .take()
        .unwrap_or_else(|| panic!("no stdin"))
        .write_all(text.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn mktree(repo: &Repo, entries: &str) -> String {
    use std::io::Write;
    let mut child = repo
        .command(&["mktree"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    child
        .stdin
        .take()
        .unwrap_or_else(|| panic!("no stdin"))
        .write_all(entries.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
