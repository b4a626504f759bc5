//! The edits of whole user actions on a set of items: delete, move, duplicate, copy and paste.
//!
//! The GUI calls these and applies the result as one transaction; they never touch the board.

use std::collections::BTreeSet;

use super::Edit;
use crate::model::{
    Board, Boundary, BoundaryKind, Id, Kind, LevelSetting, Link, Meta, Point, Rect, Size, Sticky,
};

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

/// Gap between a sticky and the one "next sticky" (Tab) places right of it, in board units.
pub const TIMELINE_GAP: f32 = 40.0;

/// A region drawn smaller than this either way was a click or a slip of the hand: it gets the
/// kind's default size instead.
const MIN_DRAWN_REGION: f32 = 40.0;

/// An item an action adds: its id (to select it and type into it), where it lands, and the
/// edit that adds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Added {
    pub id: Id,
    pub rect: Rect,
    pub edit: Edit,
}

/// A new empty sticky of `kind` centred on `center`, on whole board units.
pub fn new_sticky(kind: Kind, center: Point) -> Added {
    let size = kind.default_size();
    let pos = Point::new(center.x - size.w / 2.0, center.y - size.h / 2.0).rounded();
    add_sticky(Sticky::new(kind, "", pos))
}

/// The sticky "next sticky" (Tab while typing) adds: empty, of the same kind and width as
/// `current`, a gap to its right, so a timeline is typed left to right. `None` when `current`
/// is not on the board.
pub fn next_sticky(board: &Board, current: Id) -> Option<Added> {
    let s = board.stickies.get(&current)?;
    let pos = Point::new(s.pos.x + s.size.w + TIMELINE_GAP, s.pos.y);
    let mut next = Sticky::new(s.kind, "", pos);
    next.size.w = s.size.w;
    Some(add_sticky(next))
}

fn add_sticky(sticky: Sticky) -> Added {
    let id = Id::random();
    Added {
        id,
        rect: sticky.rect(),
        edit: Edit::PutSticky {
            id,
            sticky: Some(sticky),
        },
    }
}

/// The unnamed region of `kind` drawn from `start` to `end` (the canvas shows the kind until
/// the user types a name). A click or a tiny drag makes a region of a useful size at `start`.
pub fn new_region(kind: BoundaryKind, start: Point, end: Point) -> Added {
    let mut rect = Rect::from_corners(start.rounded(), end.rounded());
    if rect.size.w < MIN_DRAWN_REGION || rect.size.h < MIN_DRAWN_REGION {
        let size = match kind {
            BoundaryKind::Context => Size::new(900.0, 600.0),
            BoundaryKind::Swimlane => Size::new(2400.0, 260.0),
        };
        rect = Rect::new(start.rounded(), size);
    }
    let id = Id::random();
    Added {
        id,
        rect,
        edit: Edit::PutBoundary {
            id,
            boundary: Some(Boundary::new(kind, "", rect)),
        },
    }
}

/// Gives region `id` the rectangle `rect`, on whole board units. `None` when that changes
/// nothing or the region is gone.
pub fn resize_region(board: &Board, id: Id, rect: Rect) -> Option<Edit> {
    let current = board.boundaries.get(&id)?;
    let rect = Rect::new(
        rect.pos.rounded(),
        Size::new(rect.size.w.round(), rect.size.h.round()),
    );
    (rect != current.rect).then(|| Edit::Place {
        stickies: Vec::new(),
        boundaries: vec![(id, rect)],
    })
}

/// Sticky `id` with the text typed into it, and the size that shows the text whole (measured
/// by the caller, who knows the font). Line ends become `\n` on every platform, so a file
/// never mixes them. `None` when the sticky is gone.
pub fn retext_sticky(board: &Board, id: Id, text: &str, size: Size) -> Option<Edit> {
    let mut sticky = board.stickies.get(&id)?.clone();
    sticky.text = text.replace('\r', "");
    sticky.size = size;
    Some(Edit::PutSticky {
        id,
        sticky: Some(sticky),
    })
}

/// Region `id` with the name typed into it. `None` when the region is gone.
pub fn rename_region(board: &Board, id: Id, name: &str) -> Option<Edit> {
    let mut boundary = board.boundaries.get(&id)?.clone();
    name.clone_into(&mut boundary.name);
    Some(Edit::PutBoundary {
        id,
        boundary: Some(boundary),
    })
}

/// The board's workshop level set to `level` (the level-dependent rules of the model check
/// follow it). `None` when it is already that.
pub fn set_level(board: &Board, level: LevelSetting) -> Option<Edit> {
    (board.meta.level != level).then(|| {
        Edit::SetMeta(Meta {
            level,
            ..board.meta.clone()
        })
    })
}

/// Which way an arrow between stickies `a` and `b` points when the user gave no order (a
/// rubber band, select all): along the grammar (a command is handled by its aggregate), else
/// left to right, then top to bottom, then by id. `None` when either sticky is gone.
pub fn link_direction(board: &Board, a: Id, b: Id) -> Option<(Id, Id)> {
    let (sa, sb) = (board.stickies.get(&a)?, board.stickies.get(&b)?);
    let forward = crate::model::link::grammar_direction(sa.kind, sb.kind)
        .unwrap_or_else(|| layout_order(sa, a) <= layout_order(sb, b));
    Some(if forward { (a, b) } else { (b, a) })
}

/// Where a sticky stands on the timeline, for ordering: its centre's x, then y, then its id.
fn layout_order(s: &Sticky, id: Id) -> (i64, i64, Id) {
    let c = s.rect().center();
    // Whole board units: positions are whole numbers in the file anyway.
    (c.x.round() as i64, c.y.round() as i64, id)
}

/// Links stickies in the order the user picked them: each to the next (two make one arrow,
/// more a chain). Pairs already linked that way are left alone.
pub fn link_in_order(board: &Board, order: &[Id]) -> Vec<Edit> {
    order
        .windows(2)
        .filter_map(|pair| connect(board, pair[0], pair[1]))
        .collect()
}

/// Links stickies selected all at once, with no order from the user, every arrow pointing as
/// [`link_direction`] says. Two stickies get their arrow; of more, each neighbour along the
/// timeline (left to right) is linked to the next where the grammar gives the pair a meaning,
/// so a flow drawn as a row becomes a chain and nothing else is joined by accident. Neighbours
/// already linked either way are left alone.
pub fn link_along_grammar(board: &Board, ids: &BTreeSet<Id>) -> Vec<Edit> {
    let mut row: Vec<(&Sticky, Id)> = ids
        .iter()
        .filter_map(|id| board.stickies.get(id).map(|s| (s, *id)))
        .collect();
    row.sort_by_key(|&(s, id)| layout_order(s, id));
    let linked = |a: Id, b: Id| {
        board
            .links
            .values()
            .any(|l| (l.from, l.to) == (a, b) || (l.from, l.to) == (b, a))
    };
    let two = row.len() == 2;
    let known = |a: &Sticky, b: &Sticky| {
        use crate::model::link::meaning;
        meaning(a.kind, b.kind).is_some() || meaning(b.kind, a.kind).is_some()
    };
    row.windows(2)
        .filter(|pair| two || known(pair[0].0, pair[1].0))
        .filter(|pair| !linked(pair[0].1, pair[1].1))
        .filter_map(|pair| link_direction(board, pair[0].1, pair[1].1))
        .filter_map(|(from, to)| connect(board, from, to))
        .collect()
}

/// Turns the arrows `links` round, keeping their ids. An arrow whose reverse another arrow
/// already draws is left as it is (turning it would draw that arrow twice).
pub fn reverse_links(board: &Board, links: &BTreeSet<Id>) -> Vec<Edit> {
    let drawn_elsewhere = |from: Id, to: Id| {
        board
            .links
            .iter()
            .any(|(id, l)| !links.contains(id) && (l.from, l.to) == (from, to))
    };
    links
        .iter()
        .filter_map(|id| board.links.get(id).map(|l| (*id, l)))
        .filter(|(_, l)| !drawn_elsewhere(l.to, l.from))
        .map(|(id, l)| Edit::PutLink {
            id,
            link: Some(Link {
                from: l.to,
                to: l.from,
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

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

    #[test]
    fn a_new_sticky_is_empty_centred_on_the_point_and_on_whole_units() {
        let added = new_sticky(Kind::DomainEvent, Point::new(100.4, 50.0));
        let Edit::PutSticky {
            id,
            sticky: Some(s),
        } = &added.edit
        else {
            panic!("a new sticky: {:?}", added.edit);
        };
        assert_eq!(*id, added.id);
        assert_eq!((s.kind, s.text.as_str()), (Kind::DomainEvent, ""));
        assert_eq!(s.pos, Point::new(20.0, -30.0));
        assert_eq!(added.rect, s.rect());
    }

    #[test]
    fn the_next_sticky_lands_right_of_the_current_one_with_its_kind_and_width() {
        let (mut board, a, _, _) = sample();
        if let Some(s) = board.stickies.get_mut(&a) {
            s.size.w = 300.0;
        }
        let next = next_sticky(&board, a).expect("a next sticky");
        let mut after = board.clone();
        next.edit.apply(&mut after);
        let s = &after.stickies[&next.id];
        assert_eq!(s.kind, Kind::Command);
        assert_eq!(s.pos, Point::new(300.0 + TIMELINE_GAP, 0.0));
        assert_eq!(s.size.w, 300.0);
        assert!(s.text.is_empty());
        assert!(next_sticky(&board, Id(424242)).is_none());
    }

    #[test]
    fn drawing_a_region_keeps_its_drag_and_a_click_gives_it_a_useful_size() {
        let drawn = new_region(
            BoundaryKind::Context,
            Point::new(500.2, 400.0),
            Point::new(10.0, 20.7),
        );
        assert_eq!(
            drawn.rect,
            Rect::new(Point::new(10.0, 21.0), Size::new(490.0, 379.0))
        );
        let clicked = new_region(
            BoundaryKind::Swimlane,
            Point::new(10.0, 20.0),
            Point::new(30.0, 25.0),
        );
        assert_eq!(
            clicked.rect,
            Rect::new(Point::new(10.0, 20.0), Size::new(2400.0, 260.0))
        );
        let mut board = Board::new("t");
        clicked.edit.apply(&mut board);
        let b = &board.boundaries[&clicked.id];
        assert_eq!((b.kind, b.name.as_str()), (BoundaryKind::Swimlane, ""));
    }

    #[test]
    fn resizing_a_region_lands_on_whole_units_and_an_unchanged_size_is_no_edit() {
        let (board, _, _, ctx) = sample();
        let same = board.boundaries[&ctx].rect;
        assert!(resize_region(&board, ctx, same).is_none());
        let bigger = Rect::new(Point::new(-50.4, -50.0), Size::new(600.6, 300.0));
        let mut after = board.clone();
        resize_region(&board, ctx, bigger)
            .expect("a resize")
            .apply(&mut after);
        assert_eq!(
            after.boundaries[&ctx].rect,
            Rect::new(Point::new(-50.0, -50.0), Size::new(601.0, 300.0))
        );
        assert!(resize_region(&board, Id(424242), bigger).is_none());
    }

    #[test]
    fn typing_into_a_sticky_and_a_region_changes_only_the_text_and_size() {
        let (board, a, _, ctx) = sample();
        let mut after = board.clone();
        retext_sticky(&board, a, "Place\r\nOrder", Size::new(160.0, 200.0))
            .expect("a text edit")
            .apply(&mut after);
        rename_region(&board, ctx, "Ordering")
            .expect("a rename")
            .apply(&mut after);
        assert_eq!(after.stickies[&a].text, "Place\nOrder");
        assert_eq!(after.stickies[&a].size, Size::new(160.0, 200.0));
        assert_eq!(after.stickies[&a].pos, board.stickies[&a].pos);
        assert_eq!(after.boundaries[&ctx].name, "Ordering");
        assert!(retext_sticky(&board, ctx, "x", Size::default()).is_none());
        assert!(rename_region(&board, a, "x").is_none());
    }

    #[test]
    fn setting_the_level_changes_only_the_level_and_undoes() {
        let (board, ..) = sample();
        assert!(set_level(&board, LevelSetting::Auto).is_none());
        let mut after = board.clone();
        let undo = set_level(&board, LevelSetting::BigPicture)
            .expect("a level edit")
            .apply(&mut after);
        assert_eq!(after.meta.level, LevelSetting::BigPicture);
        assert_eq!(after.meta.title, board.meta.title);
        undo.apply(&mut after);
        assert_eq!(after, board);
    }

    /// A board with one sticky of each kind given, left to right in that order.
    fn row(kinds: &[Kind]) -> (Board, Vec<Id>) {
        let mut board = Board::new("row");
        let ids: Vec<Id> = (1..=kinds.len() as u64).map(Id).collect();
        for (i, (kind, id)) in kinds.iter().zip(&ids).enumerate() {
            let at = Point::new(i as f32 * 300.0, 0.0);
            board.stickies.insert(*id, Sticky::new(*kind, "", at));
        }
        (board, ids)
    }

    fn arrows(board: &Board, edits: &[Edit]) -> Vec<(Id, Id)> {
        let mut after = board.clone();
        for e in edits {
            e.clone().apply(&mut after);
        }
        let mut all: Vec<_> = after.links.values().map(|l| (l.from, l.to)).collect();
        all.sort();
        all
    }

    #[test]
    fn without_a_pick_order_an_arrow_follows_the_grammar_whatever_the_layout() {
        use Kind::*;
        for (from, to) in [
            (Actor, Command),
            (Command, Aggregate),
            (Aggregate, DomainEvent),
            (DomainEvent, Policy),
            (Policy, Command),
            (DomainEvent, ReadModel),
            (ReadModel, Actor),
            (Command, ExternalSystem),
            (Hotspot, DomainEvent),
        ] {
            // Drawn right to left: the later kind stands left of the earlier one.
            let (board, ids) = row(&[to, from]);
            assert_eq!(
                link_direction(&board, ids[0], ids[1]),
                Some((ids[1], ids[0])),
                "{from:?} -> {to:?}"
            );
            assert_eq!(
                link_direction(&board, ids[1], ids[0]),
                Some((ids[1], ids[0]))
            );
        }
    }

    #[test]
    fn where_the_grammar_knows_both_ways_or_neither_an_arrow_points_left_to_right() {
        use Kind::*;
        for (left, right) in [
            (ExternalSystem, DomainEvent),
            (DomainEvent, ExternalSystem),
            (DomainEvent, DomainEvent),
            (Opportunity, Actor),
        ] {
            let (board, ids) = row(&[left, right]);
            assert_eq!(
                link_direction(&board, ids[1], ids[0]),
                Some((ids[0], ids[1]))
            );
        }
        // One above the other: top to bottom.
        let (mut board, ids) = row(&[DomainEvent, DomainEvent]);
        if let Some(s) = board.stickies.get_mut(&ids[0]) {
            s.pos = Point::new(300.0, 400.0);
        }
        assert_eq!(
            link_direction(&board, ids[0], ids[1]),
            Some((ids[1], ids[0]))
        );
        assert_eq!(link_direction(&board, ids[0], Id(99)), None);
    }

    #[test]
    fn a_selection_without_order_links_neighbours_on_the_timeline_along_the_grammar() {
        use Kind::*;
        // A flow drawn left to right, but the aggregate put left of its command.
        let (board, ids) = row(&[Actor, Aggregate, Command, DomainEvent]);
        let [actor, aggregate, command, event] = [ids[0], ids[1], ids[2], ids[3]];
        let all: BTreeSet<Id> = ids.iter().copied().collect();
        let edits = link_along_grammar(&board, &all);
        // Actor and aggregate mean nothing to each other: no arrow between them.
        let mut expected = vec![(command, aggregate), (command, event)];
        expected.sort();
        assert_eq!(arrows(&board, &edits), expected);
        // Two stickies always get their arrow, left to right where the grammar is silent.
        let two: BTreeSet<Id> = [aggregate, actor].into();
        assert_eq!(
            arrows(&board, &link_along_grammar(&board, &two)),
            [(actor, aggregate)]
        );
        let mut linked = board.clone();
        for e in edits {
            e.apply(&mut linked);
        }
        assert!(
            link_along_grammar(&linked, &all).is_empty(),
            "linking again adds nothing"
        );
    }

    #[test]
    fn picked_stickies_link_in_the_order_they_were_picked() {
        let (board, ids) = row(&[Kind::DomainEvent, Kind::DomainEvent, Kind::DomainEvent]);
        let order = [ids[2], ids[0], ids[1]];
        let edits = link_in_order(&board, &order);
        let mut expected = vec![(ids[2], ids[0]), (ids[0], ids[1])];
        expected.sort();
        assert_eq!(arrows(&board, &edits), expected);
        assert!(link_in_order(&board, &order[..1]).is_empty());
    }

    #[test]
    fn reverse_turns_the_selected_arrows_round_as_one_undoable_step() {
        let (mut board, ids) = row(&[Kind::Aggregate, Kind::Command, Kind::DomainEvent]);
        let (a, b) = (Id(10), Id(11));
        board.links.insert(
            a,
            Link {
                from: ids[0],
                to: ids[1],
            },
        );
        board.links.insert(
            b,
            Link {
                from: ids[2],
                to: ids[1],
            },
        );
        let before = board.clone();
        let mut history = History::default();
        history.apply_all(&mut board, reverse_links(&before, &[a, b].into()));
        history.commit();
        assert_eq!((board.links[&a].from, board.links[&a].to), (ids[1], ids[0]));
        assert_eq!((board.links[&b].from, board.links[&b].to), (ids[1], ids[2]));
        history.undo(&mut board);
        assert_eq!(board, before);
        // An arrow whose reverse is drawn already stays: no arrow twice.
        board.links.insert(
            Id(12),
            Link {
                from: ids[1],
                to: ids[0],
            },
        );
        assert!(reverse_links(&board, &[a].into()).is_empty());
        assert_eq!(reverse_links(&board, &[a, Id(12)].into()).len(), 2);
    }
}
