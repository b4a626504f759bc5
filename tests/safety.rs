//! Never lose a workshop, never trust a file: the corpus of bad files, bounded fuzzing of the
//! loader and the paste parser, and saves killed with SIGKILL at random moments.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use proptest::prelude::*;
use stormpad::file;
use stormpad::model::generate;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What loading a file of the corpus must give.
enum Expect {
    /// Refused; the message contains this, and says where when `at` is true.
    Refused { says: &'static str, at: bool },
    /// Loaded after this many repairs; the first warning contains this.
    Repaired { warnings: usize, says: &'static str },
}

const CORPUS: &[(&str, Expect)] = &[
    (
        "empty.storm.ron",
        Expect::Refused {
            says: "the file is empty",
            at: false,
        },
    ),
    (
        "truncated.storm.ron",
        Expect::Refused {
            says: "ends too early",
            at: true,
        },
    ),
    (
        "random-bytes.storm.ron",
        Expect::Refused {
            says: "invalid UTF-8",
            at: true,
        },
    ),
    (
        "latin1.storm.ron",
        Expect::Refused {
            says: "invalid UTF-8",
            at: true,
        },
    ),
    (
        "json.storm.ron",
        Expect::Refused {
            says: "expected a Stormpad board",
            at: true,
        },
    ),
    (
        "other-format.storm.ron",
        Expect::Refused {
            says: "its format is \"excalidraw\"",
            at: true,
        },
    ),
    (
        "no-header.storm.ron",
        Expect::Refused {
            says: "does not start with `format: \"stormpad\"`",
            at: true,
        },
    ),
    (
        "newer-version.storm.ron",
        Expect::Refused {
            says: "newer Stormpad (format version 7); this Stormpad reads format version 1 and older",
            at: true,
        },
    ),
    (
        "deep-nesting.storm.ron",
        Expect::Refused {
            says: "recursion limit",
            at: true,
        },
    ),
    (
        // A kind of a newer Stormpad: shown grey and kept (issue 17), said in a warning.
        "unknown-kind.storm.ron",
        Expect::Repaired {
            warnings: 1,
            says: "1 sticky(ies) of a kind it does not know are shown grey",
        },
    ),
    (
        "bad-id.storm.ron",
        Expect::Refused {
            says: "\"not an id!\" is not an id",
            at: true,
        },
    ),
    (
        "bad-colour.storm.ron",
        Expect::Refused {
            says: "\"#12\" is not a colour",
            at: true,
        },
    ),
    (
        "absurd-numbers.storm.ron",
        Expect::Repaired {
            warnings: 4,
            says: "impossible position",
        },
    ),
    (
        "dangling-links.storm.ron",
        Expect::Repaired {
            warnings: 4,
            says: "does not exist",
        },
    ),
    (
        "duplicate-ids.storm.ron",
        Expect::Repaired {
            warnings: 1,
            says: "two stickies had this id",
        },
    ),
];

#[test]
fn every_bad_file_is_refused_with_its_place_or_repaired_with_warnings()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = root().join("tests/bad");
    let mut seen = 0;
    for (name, expect) in CORPUS {
        let path = dir.join(name);
        let before = std::fs::read(&path)?;
        let result = file::read(&path);
        match (expect, result) {
            (Expect::Refused { says, at }, Err(e)) => {
                assert!(e.message.contains(says), "{name}: {e}");
                assert_eq!(e.position.is_some(), *at, "{name}: {e}");
                let shown = e.with_file(&path);
                assert!(shown.starts_with(&path.display().to_string()), "{shown}");
            }
            (Expect::Repaired { warnings, says }, Ok(loaded)) => {
                assert_eq!(
                    loaded.warnings.len(),
                    *warnings,
                    "{name}: {:?}",
                    loaded.warnings
                );
                assert!(
                    loaded.warnings[0].message.contains(says),
                    "{name}: {:?}",
                    loaded.warnings
                );
                // What was repaired is consistent: it saves and loads again without warnings
                // (but the notice of parts kept from a newer version, which stay).
                let again = file::from_str(&file::to_string(&loaded.board)?)?;
                let kept = |w: &file::Warning| w.message.contains("does not know");
                assert!(
                    again.warnings.iter().all(kept),
                    "{name}: {:?}",
                    again.warnings
                );
                assert_eq!(again.board, loaded.board);
            }
            (_, Err(e)) => panic!("{name} was refused: {e}"),
            (_, Ok(l)) => panic!("{name} loaded: {:?}", l.warnings),
        }
        assert_eq!(
            std::fs::read(&path)?,
            before,
            "{name} was changed by loading it"
        );
        seen += 1;
    }
    let on_disk = std::fs::read_dir(&dir)?.count();
    assert_eq!(seen, on_disk, "every file of tests/bad has an expectation");
    Ok(())
}

#[test]
fn duplicate_ids_keep_both_items() -> Result<(), Box<dyn std::error::Error>> {
    let loaded = file::read(&root().join("tests/bad/duplicate-ids.storm.ron"))?;
    let mut texts: Vec<_> = loaded
        .board
        .stickies
        .values()
        .map(|s| s.text.as_str())
        .collect();
    texts.sort();
    assert_eq!(texts, ["Order Placed", "Order Shipped"]);
    Ok(())
}

#[test]
fn a_100_megabyte_file_loads_without_hanging() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("huge.storm.ron");
    let text = "x".repeat(100 * 1024 * 1024);
    let board = format!(
        "(format: \"stormpad\", version: 1, stickies: {{ \"01\": (kind: Hotspot, text: \"{text}\", pos: (0, 0), size: (160, 160)) }})"
    );
    std::fs::write(&path, board)?;
    let started = std::time::Instant::now();
    let loaded = file::read(&path)?;
    assert_eq!(
        loaded.board.stickies.values().next().map(|s| s.text.len()),
        Some(text.len())
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    Ok(())
}

#[test]
fn the_cli_refuses_a_bad_file_with_file_line_column_and_leaves_it_alone()
-> Result<(), Box<dyn std::error::Error>> {
    let path = root().join("tests/bad/bad-colour.storm.ron");
    let before = std::fs::read(&path)?;
    let p = path.to_str().unwrap_or_default();
    let check = Command::new(env!("CARGO_BIN_EXE_stormpad"))
        .args(["check", p])
        .output()?;
    // A file that cannot be read is exit 2 for every command, with the place on stderr.
    assert_eq!(check.status.code(), Some(2));
    assert!(check.stdout.is_empty());
    let err = String::from_utf8(check.stderr)?;
    assert!(err.starts_with(&format!("{p}:4:")), "{err}");
    let fmt = Command::new(env!("CARGO_BIN_EXE_stormpad"))
        .args(["fmt", p])
        .output()?;
    assert_eq!(fmt.status.code(), Some(2));
    assert_eq!(std::fs::read(&path)?, before);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bounded fuzzing in every test run (the `fuzz/` targets run much longer by hand).

fn golden() -> String {
    std::fs::read_to_string(root().join("tests/golden/v1.storm.ron")).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = file::from_str(text);
        }
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("f.storm.ron");
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let _ = file::read(&path);
    }

    #[test]
    fn mutated_boards_load_or_are_refused_and_what_loads_saves_cleanly(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..12),
    ) {
        let mut text: Vec<char> = golden().chars().collect();
        for (at, op, c) in edits {
            if text.is_empty() {
                break;
            }
            let i = at.index(text.len());
            match op {
                0 => text[i] = c,
                1 => { text.remove(i); }
                2 => text.insert(i, c),
                _ => text.truncate(i),
            }
        }
        let text: String = text.into_iter().collect();
        if let Ok(loaded) = file::from_str(&text) {
            let saved = file::to_string(&loaded.board)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let again = file::from_str(&saved)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            // Nothing left to repair; parts this version does not know (a mutated kind) are
            // kept, and the notice saying so stays.
            prop_assert!(
                again.warnings.iter().all(|w| w.message.contains("does not know")),
                "{:?}",
                again.warnings
            );
            prop_assert_eq!(again.board, loaded.board);
        }
    }

    #[test]
    fn pasted_text_of_any_kind_never_panics(text in ".{0,400}") {
        let fragment = file::clipboard::parse(&text);
        prop_assert!(fragment.stickies.len() <= file::clipboard::MAX_PASTED_LINES);
    }
}

// ---------------------------------------------------------------------------------------------
// A save killed at any moment leaves the old board or the new one, byte for byte.

/// Environment variables of the child: the file it saves to, and the folder holding the two
/// versions it alternates between (`a` and `b`), where it also says it is ready.
const CHILD_FILE: &str = "STORMPAD_CRASH_CHILD_FILE";
const CHILD_DIR: &str = "STORMPAD_CRASH_CHILD_DIR";

#[test]
#[ignore = "runs only as the child process of the crash test"]
fn crash_child_saves_until_killed() -> std::io::Result<()> {
    let (Ok(target), Ok(dir)) = (std::env::var(CHILD_FILE), std::env::var(CHILD_DIR)) else {
        return Ok(());
    };
    let dir = PathBuf::from(dir);
    let a = std::fs::read(dir.join("a"))?;
    let b = std::fs::read(dir.join("b"))?;
    std::fs::write(dir.join(format!("ready-{}", std::process::id())), b"")?;
    loop {
        file::write_atomic(Path::new(&target), &b)?;
        file::write_atomic(Path::new(&target), &a)?;
    }
}

#[test]
fn a_save_killed_with_sigkill_leaves_the_old_or_the_new_board()
-> Result<(), Box<dyn std::error::Error>> {
    let kills: usize = std::env::var("STORMPAD_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("workshop.storm.ron");
    // A large board and a changed copy of it.
    let board = generate::board(10_000, 11);
    let mut changed = board.clone();
    if let Some(s) = changed.stickies.values_mut().next() {
        s.text = "Changed by the child".into();
    }
    let (a, b) = (file::to_string(&board)?, file::to_string(&changed)?);
    std::fs::write(dir.path().join("a"), &a)?;
    std::fs::write(dir.path().join("b"), &b)?;
    std::fs::write(&target, &a)?;
    let me = std::env::current_exe()?;
    let mut rng = fastrand::Rng::with_seed(7);
    let (mut saw_a, mut saw_b) = (0, 0);
    for _ in 0..kills {
        let mut child = Command::new(&me)
            .args([
                "--ignored",
                "--exact",
                "crash_child_saves_until_killed",
                "--nocapture",
            ])
            .env(CHILD_FILE, &target)
            .env(CHILD_DIR, dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let ready = dir.path().join(format!("ready-{}", child.id()));
        let waiting = std::time::Instant::now();
        while !ready.exists() {
            assert!(
                waiting.elapsed() < Duration::from_secs(30),
                "the child never started"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        // Anywhere in the first few saves: before, during and after the write and the rename.
        std::thread::sleep(Duration::from_micros(rng.u64(0..60_000)));
        child.kill()?; // SIGKILL on Unix: no destructor, no flush, no clean-up runs
        child.wait()?;
        let now = std::fs::read_to_string(&target)?;
        if now == a {
            saw_a += 1;
        } else if now == b {
            saw_b += 1;
        } else {
            panic!(
                "after a kill the file is neither the old nor the new board ({} bytes)",
                now.len()
            );
        }
    }
    eprintln!("{kills} kills: the old board {saw_a} times, the new one {saw_b} times");
    assert!(
        saw_a > 0 && saw_b > 0,
        "the kills did not land in different moments of saving"
    );
    Ok(())
}
