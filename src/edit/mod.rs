//! Changes to the board as values.
//!
//! Every change the GUI or the CLI makes is an [`Edit`]. Applying an edit returns its inverse,
//! which is all undo needs; [`History`] groups edits into transactions (one per gesture) and
//! keeps the undo and redo stacks. [`ops`] builds the edits of whole user actions (delete a
//! selection, duplicate, paste).

mod history;
pub mod ops;
mod touched;

pub use history::History;
pub use touched::Touched;

use crate::model::{Board, Boundary, Id, Kind, LegendEntry, Link, Meta, ObjectType, Rect, Sticky};

/// One change to a board. Items are put whole (`Some` to insert or replace, `None` to remove),
/// which keeps every inverse exact.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Inserts, replaces or removes one sticky.
    PutSticky { id: Id, sticky: Option<Sticky> },
    /// Inserts, replaces or removes one boundary.
    PutBoundary { id: Id, boundary: Option<Boundary> },
    /// Inserts, replaces or removes one link.
    PutLink { id: Id, link: Option<Link> },
    /// Sets the rectangles of many stickies and boundaries at once: a move or resize of a
    /// selection. Ids that do not exist are skipped.
    Place {
        stickies: Vec<(Id, Rect)>,
        boundaries: Vec<(Id, Rect)>,
    },
    /// Replaces the board's title and description.
    SetMeta(Meta),
    /// Defines, redefines or removes (`None`) an object type.
    PutType {
        name: String,
        ty: Option<ObjectType>,
    },
    /// Sets or clears a kind's legend override.
    SetLegend {
        kind: Kind,
        entry: Option<LegendEntry>,
    },
}

impl Edit {
    /// Applies the edit to `board` and returns the edit that undoes it.
    pub fn apply(self, board: &mut Board) -> Edit {
        match self {
            Edit::PutSticky { id, sticky } => {
                let old = match sticky {
                    Some(s) => board.stickies.insert(id, s),
                    None => board.stickies.remove(&id),
                };
                Edit::PutSticky { id, sticky: old }
            }
            Edit::PutBoundary { id, boundary } => {
                let old = match boundary {
                    Some(b) => board.boundaries.insert(id, b),
                    None => board.boundaries.remove(&id),
                };
                Edit::PutBoundary { id, boundary: old }
            }
            Edit::PutLink { id, link } => {
                let old = match link {
                    Some(l) => board.links.insert(id, l),
                    None => board.links.remove(&id),
                };
                Edit::PutLink { id, link: old }
            }
            Edit::Place {
                stickies,
                boundaries,
            } => {
                let stickies = stickies
                    .into_iter()
                    .filter_map(|(id, rect)| {
                        let s = board.stickies.get_mut(&id)?;
                        let old = s.rect();
                        s.pos = rect.pos;
                        s.size = rect.size;
                        Some((id, old))
                    })
                    .collect();
                let boundaries = boundaries
                    .into_iter()
                    .filter_map(|(id, rect)| {
                        let b = board.boundaries.get_mut(&id)?;
                        Some((id, std::mem::replace(&mut b.rect, rect)))
                    })
                    .collect();
                Edit::Place {
                    stickies,
                    boundaries,
                }
            }
            Edit::PutType { name, ty } => {
                let old = match ty {
                    Some(t) => board.types.insert(name.clone(), t),
                    None => board.types.remove(&name),
                };
                Edit::PutType { name, ty: old }
            }
            Edit::SetMeta(meta) => Edit::SetMeta(std::mem::replace(&mut board.meta, meta)),
            Edit::SetLegend { kind, entry } => {
                let old = board.legend.override_of(kind).cloned();
                board.legend.set_override(kind, entry);
                Edit::SetLegend { kind, entry: old }
            }
        }
    }
}
