//! A three-way merge of boards by id, field by field: each part of the board (meta, legend,
//! object types, stickies, regions, arrows) goes through the tree merge in its serde form and
//! comes back as model types; then arrows whose end is gone are dropped and each conflict
//! gets its hotspot.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::tree::{self, Report};
use super::{Labels, MergeError, Merged, Note, Section};
use crate::model::{Board, Id, Kind, Legend, Link};

/// Merges `ours` and `theirs`, both descended from `base` (an empty board when the file was
/// added on both sides). Changes to different items or fields are all kept; the same field
/// changed differently keeps ours and gets a hotspot beside the item naming `labels.theirs`.
/// Fails only if a merged part does not read back as a board part, which would be a bug; the
/// caller then falls back to a text merge.
pub fn merge(
    base: &Board,
    ours: &Board,
    theirs: &Board,
    labels: &Labels,
) -> Result<Merged, MergeError> {
    let mut report = Report::default();
    let meta = tree::merge_item(
        Section::Meta,
        "",
        (
            Some(&to_value(&base.meta)?),
            Some(&to_value(&ours.meta)?),
            Some(&to_value(&theirs.meta)?),
        ),
        &mut report,
    );
    let mut board = Board {
        meta: from_value(meta.unwrap_or(Value::Null))?,
        legend: merge_part(
            Section::Legend,
            [base, ours, theirs],
            |b| &b.legend,
            &mut report,
        )?,
        types: merge_part(
            Section::Type,
            [base, ours, theirs],
            |b| &b.types,
            &mut report,
        )?,
        stickies: merge_part(
            Section::Sticky,
            [base, ours, theirs],
            |b| &b.stickies,
            &mut report,
        )?,
        boundaries: merge_part(
            Section::Region,
            [base, ours, theirs],
            |b| &b.boundaries,
            &mut report,
        )?,
        links: merge_part(
            Section::Link,
            [base, ours, theirs],
            |b| &b.links,
            &mut report,
        )?,
        // Sections of a newer Stormpad this one does not know (issue 17): ours, as they were.
        extra: ours.extra.clone(),
    };
    normalise_legend(&mut board.legend);
    drop_broken_links(&mut board, &mut report.notes);
    let conflicts = report.conflicts;
    super::hotspot::place(&mut board, &conflicts, labels);
    Ok(Merged {
        board,
        conflicts,
        notes: report.notes,
    })
}

/// Merges one map-shaped part of the three boards.
fn merge_part<T, F>(
    section: Section,
    boards: [&Board; 3],
    part: F,
    report: &mut Report,
) -> Result<T, MergeError>
where
    T: Serialize + DeserializeOwned,
    F: Fn(&Board) -> &T,
{
    let [b, o, t] = boards.map(|board| to_map(part(board)));
    let merged = tree::merge_map(section, &b?, &o?, &t?, report);
    from_value(Value::Object(merged))
}

fn to_value<T: Serialize>(value: &T) -> Result<Value, MergeError> {
    serde_json::to_value(value).map_err(|e| MergeError(format!("cannot compare boards: {e}")))
}

fn to_map<T: Serialize>(value: &T) -> Result<Map<String, Value>, MergeError> {
    match to_value(value)? {
        Value::Object(map) => Ok(map),
        other => Err(MergeError(format!("expected a map, found {other}"))),
    }
}

fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, MergeError> {
    serde_json::from_value(value)
        .map_err(|e| MergeError(format!("the merged board does not read back: {e}")))
}

/// An override equal to the default is not stored (as the legend itself keeps it).
fn normalise_legend(legend: &mut Legend) {
    for kind in Kind::ALL {
        let entry = legend.override_of(kind).cloned();
        legend.set_override(kind, entry);
    }
}

/// Drops arrows that cannot stand in the merged board: an end deleted on the other side, an
/// arrow to itself, or the same arrow added on both sides under two ids (the lowest id stays).
/// Each drop is a note, as loading would report it.
fn drop_broken_links(board: &mut Board, notes: &mut Vec<Note>) {
    let mut seen = BTreeSet::new();
    let mut dropped: BTreeMap<Id, &str> = BTreeMap::new();
    for (id, Link { from, to, .. }) in &board.links {
        let reason = if !board.stickies.contains_key(from) || !board.stickies.contains_key(to) {
            "dropped: one of its ends was deleted on the other side"
        } else if from == to {
            "dropped: it pointed from a sticky to itself"
        } else if !seen.insert((*from, *to)) {
            "dropped: the same arrow was added on both sides"
        } else {
            continue;
        };
        dropped.insert(*id, reason);
    }
    for (id, reason) in dropped {
        board.links.remove(&id);
        notes.push(Note {
            section: Section::Link,
            item: id.to_string(),
            message: reason.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Point, Sticky};

    fn board() -> Board {
        let mut b = Board::new("t");
        b.stickies.insert(
            Id(1),
            Sticky::new(Kind::Command, "Place Order", Point::new(0.0, 0.0)),
        );
        b.stickies.insert(
            Id(2),
            Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(200.0, 0.0)),
        );
        b.links.insert(Id(3), Link::new(Id(1), Id(2)));
        b
    }

    #[test]
    fn an_arrow_to_a_sticky_deleted_on_the_other_side_is_dropped_and_reported()
    -> Result<(), MergeError> {
        let base = board();
        let mut ours = base.clone();
        ours.stickies.remove(&Id(2));
        ours.links.clear();
        let mut theirs = base.clone();
        theirs.links.insert(Id(4), Link::new(Id(2), Id(1)));
        let merged = merge(&base, &ours, &theirs, &Labels::default())?;
        assert!(merged.board.links.is_empty());
        assert_eq!(merged.notes.len(), 1, "{:?}", merged.notes);
        assert!(merged.conflicts.is_empty());
        Ok(())
    }
}
