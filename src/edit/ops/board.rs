//! Edits to the board as a whole rather than to items on it: its workshop level, and renaming an
//! object type everywhere it is used.

use crate::edit::Edit;
use crate::model::{Board, LevelSetting, Meta};

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

/// The board's workshop level set to `level` (the level-dependent rules of the model check
/// follow it). `None` when it is already that. A big-picture step (`model::phase`) is
/// dropped with any other level: it means nothing there.
pub fn set_level(board: &Board, level: LevelSetting) -> Option<Edit> {
    (board.meta.level != level).then(|| {
        Edit::SetMeta(Meta {
            level,
            phase: board
                .meta
                .phase
                .filter(|_| level == LevelSetting::BigPicture),
            ..board.meta.clone()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ops::fixtures::sample;
    use crate::model::{Id, Point};

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
}
