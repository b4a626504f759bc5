//! Reading older versions of the format: one pure step per major version, run in order after
//! parsing, so a board of any released version loads into this version's model.
//!
//! Version 1 is the only major version so far, so reading it is the identity (no steps).
//! How version 2 will read version 1 files: the board is parsed with this build's types
//! (serde defaults and `alias` cover added and renamed fields), then the step `1 -> 2` moves
//! what changed meaning, reporting each change as a warning. A version whose shapes no longer
//! fit keeps the old version's document types beside its step, which converts them. The
//! golden files of every released version (`tests/golden/`) must load forever.
//!
//! Minor versions need no step: they only add, and what this build does not know is kept
//! (see `unknown`); [`newer_parts`] says so when it happens.

use super::format::{CURRENT_MINOR, is_newer_minor};
use super::repair::Warning;
use crate::model::{Board, Kind};

/// One step from a major version to the next, over the board as read.
pub struct Step {
    /// The version the step reads; it leaves the board as version `from + 1` has it.
    pub from: u32,
    /// Changes the board, saying what it changed.
    pub apply: fn(&mut Board) -> Vec<Warning>,
}

/// This build's steps, in order. Empty: version 1 is current.
const STEPS: &[Step] = &[];

/// Brings a board read from a file of major version `from` to the current version.
pub fn migrate(from: u32, board: &mut Board, warnings: &mut Vec<Warning>) {
    migrate_with(STEPS, from, board, warnings);
}

/// [`migrate`] with the given steps (tests use the steps of a pretend future version).
fn migrate_with(steps: &[Step], from: u32, board: &mut Board, warnings: &mut Vec<Warning>) {
    for step in steps.iter().filter(|s| s.from >= from) {
        warnings.extend((step.apply)(board));
    }
}

/// The notice for a board holding parts this version does not know (kept and saved back
/// unchanged), or from a newer minor version: never silent, as for repairs.
pub fn newer_parts(board: &Board, minor: u32) -> Option<Warning> {
    let count = |e: &crate::model::Extra| e.iter().count();
    let fields = |f: &[crate::model::Field]| f.iter().map(|f| count(&f.extra)).sum::<usize>();
    let mut parts = board.extra.iter().filter(|(n, _)| *n != "minor").count();
    parts += count(&board.meta.extra);
    parts += board
        .stickies
        .values()
        .map(|s| count(&s.extra) + fields(&s.fields))
        .sum::<usize>();
    parts += board
        .boundaries
        .values()
        .map(|b| count(&b.extra))
        .sum::<usize>();
    parts += board.links.values().map(|l| count(&l.extra)).sum::<usize>();
    parts += board
        .types
        .values()
        .map(|t| fields(&t.fields))
        .sum::<usize>();
    if parts == 0 && !is_newer_minor(minor) {
        return None;
    }
    let mut message = if is_newer_minor(minor) {
        format!(
            "this board was written by a newer Stormpad (format 1.{minor}; this one writes \
             1.{CURRENT_MINOR}): "
        )
    } else {
        String::new()
    };
    message.push_str(&format!(
        "{parts} part(s) this Stormpad does not know are kept and saved back unchanged"
    ));
    let unknown = board
        .stickies
        .values()
        .filter(|s| s.kind == Kind::Unknown)
        .count();
    if unknown > 0 {
        message.push_str(&format!(
            "; {unknown} sticky(ies) of a kind it does not know are shown grey"
        ));
    }
    Some(Warning {
        item: None,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Size};

    fn golden_v1() -> Board {
        let text = include_str!("../../tests/golden/v1.storm.ron");
        super::super::from_str(text)
            .unwrap_or_else(|e| panic!("{e}"))
            .board
    }

    #[test]
    fn reading_version_1_is_the_identity() {
        let board = golden_v1();
        let mut migrated = board.clone();
        let mut warnings = Vec::new();
        migrate(1, &mut migrated, &mut warnings);
        assert_eq!(migrated, board);
        assert!(warnings.is_empty());
    }

    /// A pretend version 2 that halves the unit of sizes: its step doubles them.
    fn v1_to_v2(board: &mut Board) -> Vec<Warning> {
        for s in board.stickies.values_mut() {
            s.size = Size::new(s.size.w * 2.0, s.size.h * 2.0);
        }
        vec![Warning {
            item: None,
            message: "read a version 1 board: sizes are now in half units".into(),
        }]
    }

    #[test]
    fn a_future_version_2_reads_version_1_files_through_its_step() {
        let steps = [Step {
            from: 1,
            apply: v1_to_v2,
        }];
        let v1 = golden_v1();
        let mut board = v1.clone();
        let mut warnings = Vec::new();
        migrate_with(&steps, 1, &mut board, &mut warnings);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let (before, after) = (&v1.stickies[&Id(1)], &board.stickies[&Id(1)]);
        assert_eq!(after.size.w, before.size.w * 2.0);
        // A version 2 file runs no step.
        let mut current = board.clone();
        migrate_with(&steps, 2, &mut current, &mut Vec::new());
        assert_eq!(current, board);
    }
}
