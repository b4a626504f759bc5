//! The edits of whole user actions on a set of items: delete, move, duplicate, copy and paste.
//!
//! The GUI calls these and applies the result as one transaction; they never touch the board.

use std::collections::BTreeSet;

use super::Edit;
use crate::model::{Board, Id, Link, Point, Rect};

/// A set of items on the board that an action applies to (usually the GUI's selection).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Items {
    pub stickies: BTreeSet<Id>,
    pub boundaries: BTreeSet<Id>,
    pub links: BTreeSet<Id>,
}

impl Items {
    /// Whether nothing is in the set.
    pub fn is_empty(&self) -> bool {
        self.stickies.is_empty() && self.boundaries.is_empty() && self.links.is_empty()
    }

    /// Everything on the board.
    pub fn all(board: &Board) -> Self {
        Self {
            stickies: board.stickies.keys().copied().collect(),
            boundaries: board.boundaries.keys().copied().collect(),
            links: board.links.keys().copied().collect(),
        }
    }

    /// Drops ids that no longer exist on `board` (after an undo, say).
    pub fn retain_existing(&mut self, board: &Board) {
        self.stickies.retain(|id| board.stickies.contains_key(id));
        self.boundaries
            .retain(|id| board.boundaries.contains_key(id));
        self.links.retain(|id| board.links.contains_key(id));
    }

    /// The total number of items.
    pub fn len(&self) -> usize {
        self.stickies.len() + self.boundaries.len() + self.links.len()
    }
}

/// Deletes the items, and every link that would be left with a missing end.
pub fn delete(board: &Board, items: &Items) -> Vec<Edit> {
    let mut links: BTreeSet<Id> = board.links_touching(&items.stickies).into_iter().collect();
    links.extend(items.links.iter().copied());
    let links = links
        .into_iter()
        .filter(|id| board.links.contains_key(id))
        .map(|id| Edit::PutLink { id, link: None });
    let stickies = items
        .stickies
        .iter()
        .filter(|id| board.stickies.contains_key(id))
        .map(|&id| Edit::PutSticky { id, sticky: None });
    let boundaries = items
        .boundaries
        .iter()
        .filter(|id| board.boundaries.contains_key(id))
        .map(|&id| Edit::PutBoundary { id, boundary: None });
    links.chain(stickies).chain(boundaries).collect()
}

/// What moves when `items` are dragged: the items themselves plus everything inside each
/// boundary among them (a context carries its stickies along).
pub fn moving_set(board: &Board, items: &Items) -> Items {
    let mut moving = Items {
        stickies: items.stickies.clone(),
        boundaries: items.boundaries.clone(),
        links: BTreeSet::new(),
    };
    for &b in &items.boundaries {
        let (stickies, boundaries) = board.contents_of(b);
        moving.stickies.extend(stickies);
        moving.boundaries.extend(boundaries);
    }
    moving
}

/// Moves `items` (with their boundaries' contents) by `delta`, landing on whole board units.
pub fn translate(board: &Board, items: &Items, delta: Point) -> Option<Edit> {
    let moving = moving_set(board, items);
    let stickies: Vec<(Id, Rect)> = moving
        .stickies
        .iter()
        .filter_map(|id| board.stickies.get(id).map(|s| (*id, s.rect())))
        .map(|(id, r)| (id, Rect::new(r.pos.offset(delta).rounded(), r.size)))
        .collect();
    let boundaries: Vec<(Id, Rect)> = moving
        .boundaries
        .iter()
        .filter_map(|id| board.boundaries.get(id).map(|b| (*id, b.rect)))
        .map(|(id, r)| (id, Rect::new(r.pos.offset(delta).rounded(), r.size)))
        .collect();
    if stickies.is_empty() && boundaries.is_empty() {
        return None;
    }
    Some(Edit::Place {
        stickies,
        boundaries,
    })
}

/// Marks the domain events among the items as pivotal, or, when all of them already are,
/// unmarks them. Other kinds are left alone; no events, no edits.
pub fn toggle_pivotal(board: &Board, items: &Items) -> Vec<Edit> {
    use crate::model::{Kind, Sticky};
    let events: Vec<(Id, &Sticky)> = items
        .stickies
        .iter()
        .filter_map(|id| board.stickies.get(id).map(|s| (*id, s)))
        .filter(|(_, s)| s.kind == Kind::DomainEvent)
        .collect();
    let make = !events.iter().all(|(_, s)| s.pivotal);
    events
        .into_iter()
        .map(|(id, s)| Edit::PutSticky {
            id,
            sticky: Some(Sticky {
                pivotal: make,
                ..s.clone()
            }),
        })
        .collect()
}

/// Copies the items into a board of their own (the clipboard's content): the stickies and
/// boundaries, and the links whose both ends are copied.
pub fn copy(board: &Board, items: &Items) -> Board {
    let mut fragment = Board::new(board.meta.title.clone());
    fragment.legend = board.legend.clone();
    for id in &items.stickies {
        if let Some(s) = board.stickies.get(id) {
            fragment.stickies.insert(*id, s.clone());
        }
    }
    for id in &items.boundaries {
        if let Some(b) = board.boundaries.get(id) {
            fragment.boundaries.insert(*id, b.clone());
        }
    }
    for (id, link) in &board.links {
        if fragment.stickies.contains_key(&link.from) && fragment.stickies.contains_key(&link.to) {
            fragment.links.insert(*id, link.clone());
        }
    }
    fragment
}

/// Inserts a copy of `fragment` moved by `delta`, with fresh ids (so pasting twice, or into the
/// board it came from, never collides). Returns the edits and the new items, to select them.
pub fn paste(fragment: &Board, delta: Point) -> (Vec<Edit>, Items) {
    let mut edits = Vec::new();
    let mut pasted = Items::default();
    let mut new_ids = std::collections::BTreeMap::new();
    for (old, sticky) in &fragment.stickies {
        let id = Id::random();
        new_ids.insert(*old, id);
        let mut s = sticky.clone();
        s.pos = s.pos.offset(delta).rounded();
        edits.push(Edit::PutSticky {
            id,
            sticky: Some(s),
        });
        pasted.stickies.insert(id);
    }
    for boundary in fragment.boundaries.values() {
        let id = Id::random();
        let mut b = boundary.clone();
        b.rect = b.rect.translated(delta);
        b.rect.pos = b.rect.pos.rounded();
        edits.push(Edit::PutBoundary {
            id,
            boundary: Some(b),
        });
        pasted.boundaries.insert(id);
    }
    for link in fragment.links.values() {
        if let (Some(&from), Some(&to)) = (new_ids.get(&link.from), new_ids.get(&link.to)) {
            let id = Id::random();
            edits.push(Edit::PutLink {
                id,
                link: Some(Link { from, to }),
            });
            pasted.links.insert(id);
        }
    }
    (edits, pasted)
}

/// Links `from` to `to` unless they are the same sticky or already linked that way.
pub fn connect(board: &Board, from: Id, to: Id) -> Option<Edit> {
    if from == to || !board.stickies.contains_key(&from) || !board.stickies.contains_key(&to) {
        return None;
    }
    if board.links.values().any(|l| l.from == from && l.to == to) {
        return None;
    }
    Some(Edit::PutLink {
        id: Id::random(),
        link: Some(Link { from, to }),
    })
}

/// Renames an object type and every field type that refers to it, as one set of edits.
/// Nothing happens when `new` is taken or `old` does not exist.
pub fn rename_type(board: &Board, old: &str, new: &str) -> Vec<Edit> {
    use crate::model::FieldType;
    let Some(ty) = board.types.get(old) else {
        return Vec::new();
    };
    if old == new || board.types.contains_key(new) {
        return Vec::new();
    }
    let retarget = |fields: &[crate::model::Field]| -> Option<Vec<crate::model::Field>> {
        let mut changed = false;
        let next = fields
            .iter()
            .map(|f| {
                let mut f = f.clone();
                if let Ok(t) = FieldType::parse(&f.ty)
                    && t.object_name() == Some(old)
                {
                    f.ty = t.renamed(old, new).to_string();
                    changed = true;
                }
                f
            })
            .collect();
        changed.then_some(next)
    };
    let mut edits = vec![Edit::PutType {
        name: old.to_owned(),
        ty: None,
    }];
    for (name, t) in &board.types {
        let current = if name == old { ty } else { t };
        let target = if name == old { new } else { name.as_str() };
        match retarget(&current.fields) {
            Some(fields) => edits.push(Edit::PutType {
                name: target.to_owned(),
                ty: Some(crate::model::ObjectType {
                    fields,
                    ..current.clone()
                }),
            }),
            None if name == old => edits.push(Edit::PutType {
                name: new.to_owned(),
                ty: Some(ty.clone()),
            }),
            None => {}
        }
    }
    for (id, s) in &board.stickies {
        if let Some(fields) = retarget(&s.fields) {
            let mut s = s.clone();
            s.fields = fields;
            edits.push(Edit::PutSticky {
                id: *id,
                sticky: Some(s),
            });
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::{Boundary, BoundaryKind, Kind, Size, Sticky};

    fn sample() -> (Board, Id, Id, Id) {
        let mut board = Board::new("t");
        let a = Id::random();
        let b = Id::random();
        board.stickies.insert(
            a,
            Sticky::new(Kind::Command, "Place Order", Point::new(0.0, 0.0)),
        );
        board.stickies.insert(
            b,
            Sticky::new(Kind::DomainEvent, "Order Placed", Point::new(200.0, 0.0)),
        );
        let ctx = Id::random();
        board.boundaries.insert(
            ctx,
            Boundary::new(
                BoundaryKind::Context,
                "Orders",
                Rect::new(Point::new(-50.0, -50.0), Size::new(500.0, 300.0)),
            ),
        );
        (board, a, b, ctx)
    }

    #[test]
    fn pivotal_marks_the_selected_events_then_unmarks_them_and_leaves_other_kinds() {
        let (mut board, command, event, ctx) = sample();
        let items = Items {
            stickies: [command, event].into(),
            boundaries: [ctx].into(),
            ..Items::default()
        };
        let pivotal = |board: &Board| board.stickies[&event].pivotal;
        let mut history = History::default();
        let edits = toggle_pivotal(&board, &items);
        history.apply_all(&mut board, edits);
        assert!(pivotal(&board));
        assert!(
            !board.stickies[&command].pivotal,
            "a command is never pivotal"
        );
        let edits = toggle_pivotal(&board, &items);
        history.apply_all(&mut board, edits);
        assert!(!pivotal(&board), "all pivotal already: the toggle unmarks");
        let only_command = Items {
            stickies: [command].into(),
            ..Items::default()
        };
        assert!(toggle_pivotal(&board, &only_command).is_empty());
    }

    #[test]
    fn deleting_a_sticky_deletes_its_links_and_undo_brings_both_back() {
        let (mut board, a, b, _) = sample();
        let link = connect(&board, a, b).expect("a new link");
        let mut history = History::default();
        history.apply(&mut board, link);
        let before = board.clone();
        let items = Items {
            stickies: [a].into(),
            ..Items::default()
        };
        let edits = delete(&board, &items);
        history.apply_all(&mut board, edits);
        assert!(board.links.is_empty());
        assert_eq!(board.stickies.len(), 1);
        history.undo(&mut board);
        assert_eq!(board, before);
    }

    #[test]
    fn moving_a_context_moves_its_stickies() {
        let (board, a, b, ctx) = sample();
        let items = Items {
            boundaries: [ctx].into(),
            ..Items::default()
        };
        let mut moved = board.clone();
        let edit = translate(&board, &items, Point::new(100.4, 10.0)).expect("a move");
        edit.apply(&mut moved);
        assert_eq!(moved.stickies[&a].pos, Point::new(100.0, 10.0));
        assert_eq!(moved.stickies[&b].pos, Point::new(300.0, 10.0));
        assert_eq!(moved.boundaries[&ctx].rect.pos, Point::new(50.0, -40.0));
    }

    #[test]
    fn paste_gives_fresh_ids_and_keeps_inner_links() {
        let (mut board, a, b, _) = sample();
        if let Some(e) = connect(&board, a, b) {
            e.apply(&mut board);
        }
        let items = Items {
            stickies: [a, b].into(),
            ..Items::default()
        };
        let fragment = copy(&board, &items);
        assert_eq!(fragment.links.len(), 1);
        let (edits, pasted) = paste(&fragment, Point::new(0.0, 300.0));
        for e in edits {
            e.apply(&mut board);
        }
        assert_eq!(board.stickies.len(), 4);
        assert_eq!(board.links.len(), 2);
        assert!(pasted.stickies.iter().all(|id| *id != a && *id != b));
    }

    #[test]
    fn renaming_an_object_type_retargets_every_field() {
        use crate::model::{Field, Kind, ObjectType, Sticky};
        let mut board = Board::new("t");
        let field = |ty: &str| Field {
            name: "f".into(),
            ty: ty.into(),
            ..Field::default()
        };
        board.types.insert(
            "Money".into(),
            ObjectType {
                description: String::new(),
                fields: vec![field("decimal")],
            },
        );
        board.types.insert(
            "Line".into(),
            ObjectType {
                description: String::new(),
                fields: vec![field("list<Money>")],
            },
        );
        let mut s = Sticky::new(Kind::DomainEvent, "Paid", Point::new(0.0, 0.0));
        s.fields = vec![field("Money"), field("uuid")];
        board.stickies.insert(Id(1), s);
        let before = board.clone();
        let mut history = crate::edit::History::default();
        history.apply_all(&mut board, rename_type(&before, "Money", "Amount"));
        assert!(board.types.contains_key("Amount") && !board.types.contains_key("Money"));
        assert_eq!(board.types["Line"].fields[0].ty, "list<Amount>");
        assert_eq!(board.stickies[&Id(1)].fields[0].ty, "Amount");
        assert!(rename_type(&board, "Amount", "Line").is_empty());
        history.undo(&mut board);
        assert_eq!(board, before);
    }
}
