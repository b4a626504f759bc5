//! `stormpad merge` as git runs it: read the three versions git hands over, merge them as
//! boards, write the canonical result over ours. Where a side does not load as a board (or the
//! board merge fails), it falls back to git's own text merge (`git merge-file`) and says so.
//! The result is checked by loading it before it is written: a board merge never leaves a
//! file that does not load.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Labels, Merged};
use crate::file;
use crate::model::Board;

/// What `stormpad merge` was asked to do.
#[derive(Clone, Debug)]
pub struct Request {
    pub base: PathBuf,
    pub ours: PathBuf,
    pub theirs: PathBuf,
    /// Where the result goes; `None` writes over `ours` (as git expects of `%A`), `-` is stdout.
    pub output: Option<PathBuf>,
    /// The length of conflict markers, for the text fallback (git's `%L`).
    pub marker_size: usize,
    /// The file's path in the repository (git's `%P`), for messages.
    pub path: Option<String>,
    pub labels: Labels,
}

/// How a merge ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Merged as boards; `conflicts` hotspots were placed (0: clean).
    Boards { conflicts: usize },
    /// Merged as text by `git merge-file`; `clean` when it left no conflict markers.
    Text { clean: bool },
}

impl Outcome {
    /// Whether git should be told the merge is clean.
    pub fn is_clean(self) -> bool {
        matches!(
            self,
            Outcome::Boards { conflicts: 0 } | Outcome::Text { clean: true }
        )
    }
}

impl Request {
    /// How messages name the file: git's `%P`, else ours' path.
    pub fn shown(&self) -> String {
        self.path
            .clone()
            .unwrap_or_else(|| self.ours.display().to_string())
    }

    fn output_path(&self) -> &Path {
        self.output.as_deref().unwrap_or(&self.ours)
    }
}

/// Runs the merge, reporting to `log` (stderr). `Err` when a file cannot be read or the
/// result cannot be written: ours is then left as it was.
pub fn run(req: &Request, log: &mut dyn Write) -> Result<Outcome, String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (base, ours, theirs) = (read(&req.base)?, read(&req.ours)?, read(&req.theirs)?);
    let shown = req.shown();
    let boards = parse(&base, "base", true).and_then(|b| {
        Ok((
            b,
            parse(&ours, "ours", false)?,
            parse(&theirs, "theirs", false)?,
        ))
    });
    let merged = boards.and_then(|(b, o, t)| {
        let merged = super::merge(&b, &o, &t, &req.labels).map_err(|e| e.to_string())?;
        let text = checked_text(merged)?;
        Ok(text)
    });
    match merged {
        Ok((merged, text)) => {
            write_output(req.output_path(), text.as_bytes())?;
            report(log, &shown, &merged, &req.labels);
            Ok(Outcome::Boards {
                conflicts: merged.conflicts.len(),
            })
        }
        Err(why) => {
            let _ = writeln!(
                log,
                "{shown}: not merged as boards: {why}; merging as text with `git merge-file`"
            );
            text_merge(req, log)
        }
    }
}

/// Merges with `git merge-file` into the output; used when a side is not a board, and after
/// an internal error.
pub fn text_merge(req: &Request, log: &mut dyn Write) -> Result<Outcome, String> {
    let out = Command::new("git")
        .arg("merge-file")
        .arg("-p")
        .arg(format!("--marker-size={}", req.marker_size))
        .args([
            "-L",
            &req.labels.ours,
            "-L",
            &req.labels.base,
            "-L",
            &req.labels.theirs,
        ])
        .args([&req.ours, &req.base, &req.theirs])
        .output()
        .map_err(|e| format!("cannot run `git merge-file`: {e}"))?;
    let conflicts = match out.status.code() {
        Some(n @ 0..=127) => n,
        _ => {
            return Err(format!(
                "`git merge-file` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    };
    write_output(req.output_path(), &out.stdout)?;
    let _ = writeln!(
        log,
        "{}: text merge: {}",
        req.shown(),
        if conflicts == 0 {
            "clean".to_owned()
        } else {
            format!("{conflicts} conflict(s) marked in the file")
        }
    );
    Ok(Outcome::Text {
        clean: conflicts == 0,
    })
}

/// Parses one side; an empty base (the file was added on both branches) is an empty board.
fn parse(bytes: &[u8], side: &str, empty_ok: bool) -> Result<Board, String> {
    if empty_ok && bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Board::default());
    }
    file::from_bytes(bytes)
        .map(|loaded| loaded.board)
        .map_err(|e| format!("{side} does not load as a board ({e})"))
}

/// The canonical text of the merged board, proven to load back as the same board. Anything
/// loading would still repair is repaired here and reported as a note.
fn checked_text(mut merged: Merged) -> Result<(Merged, String), String> {
    let text = file::to_string(&merged.board).map_err(|e| e.to_string())?;
    let loaded =
        file::from_str(&text).map_err(|e| format!("the merged board does not load: {e}"))?;
    if loaded.warnings.is_empty() {
        return Ok((merged, text));
    }
    for w in loaded.warnings {
        merged.notes.push(super::Note {
            section: super::Section::Meta,
            item: String::new(),
            message: format!("repaired: {w}"),
        });
    }
    merged.board = loaded.board;
    let text = file::to_string(&merged.board).map_err(|e| e.to_string())?;
    match file::from_str(&text) {
        Ok(again) if again.warnings.is_empty() => Ok((merged, text)),
        _ => Err("the merged board does not load cleanly".to_owned()),
    }
}

fn write_output(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path == Path::new("-") {
        return std::io::stdout()
            .write_all(bytes)
            .map_err(|e| format!("cannot write to stdout: {e}"));
    }
    file::write_atomic(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// What the merge did, one line each, for the person running `git merge`.
fn report(log: &mut dyn Write, shown: &str, merged: &Merged, labels: &Labels) {
    for note in &merged.notes {
        let _ = writeln!(log, "{shown}: {note}");
    }
    for c in &merged.conflicts {
        let item = if c.item.is_empty() {
            String::new()
        } else {
            format!(" {}", c.item)
        };
        let _ = writeln!(
            log,
            "{shown}: conflict in {}{item}, field {}: kept ours {}, {} had {} (a hotspot marks it)",
            c.section.noun(),
            c.field,
            super::show::one_line(c.ours.as_ref()),
            labels.theirs,
            super::show::one_line(c.theirs.as_ref()),
        );
    }
    let _ = match merged.conflicts.len() {
        0 => writeln!(log, "{shown}: merged as boards, no conflicts"),
        n => writeln!(
            log,
            "{shown}: merged as boards with {n} conflict(s): ours kept, theirs on red hotspot \
             stickies; delete each hotspot (or take theirs) in Stormpad, then commit"
        ),
    };
}
