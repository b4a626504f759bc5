//! The inspector with nothing selected: the board's own details, its workshop level and its
//! object types (each a name, a description and a fields table).

use egui::{RichText, TextEdit, Ui};

use super::fields::fields_editor;
use super::{InspectorState, problem, text_field};
use crate::edit::{Edit, ops};
use crate::model::analysis::{Analysis, Level};
use crate::model::check;
use crate::model::{Board, FieldType, LevelSetting, ObjectType};

pub(super) fn board_section(
    ui: &mut Ui,
    board: &Board,
    analysis: &Analysis,
    state: &mut InspectorState,
    edits: &mut Vec<Edit>,
) {
    ui.label(RichText::new("Board").strong().size(16.0));
    ui.label(
        RichText::new("select a sticky or region to inspect it")
            .small()
            .weak(),
    );
    let mut meta = board.meta.clone();
    if let Some(t) = text_field(ui, "Title", &meta.title, false, "") {
        meta.title = t;
    }
    if let Some(t) = text_field(ui, "Board description", &meta.description, true, "") {
        meta.description = t;
    }
    if let Some(t) = text_field(ui, "Organisation", &meta.organisation, false, "Acme Inc.") {
        meta.organisation = t;
    }
    if let Some(t) = text_field(
        ui,
        "Default namespace",
        &meta.namespace,
        false,
        crate::model::analysis::DEFAULT_NAMESPACE,
    ) {
        meta.namespace = t;
    }
    if meta != board.meta {
        edits.push(Edit::SetMeta(meta));
    }
    if let Some(level) = level_choice(ui, board.meta.level, analysis.derived_level) {
        edits.extend(ops::set_level(board, level));
    }

    ui.add_space(8.0);
    ui.label(RichText::new("Object types").strong());
    ui.label(
        RichText::new("value objects fields can use by name (Money, Address)")
            .small()
            .weak(),
    );
    for (name, ty) in &board.types {
        egui::CollapsingHeader::new(name.as_str())
            .id_salt(("object type", name))
            .show(ui, |ui| object_type(ui, board, name, ty, state, edits));
    }
    if ui.button("Add object type").clicked() {
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    "NewType".to_owned()
                } else {
                    format!("NewType{n}")
                }
            })
            .find(|n| !board.types.contains_key(n))
            .unwrap_or_default();
        edits.push(Edit::PutType {
            name: name.clone(),
            ty: Some(ObjectType::default()),
        });
        state.renaming = Some((name.clone(), name));
    }
}

/// The workshop level the model check follows, as a combo box; the setting chosen this frame.
pub(super) fn level_choice(
    ui: &mut Ui,
    current: LevelSetting,
    derived: Level,
) -> Option<LevelSetting> {
    let mut next = current;
    egui::ComboBox::from_label("Workshop level")
        .selected_text(Level::choice_label(current, derived))
        .show_ui(ui, |ui| {
            for setting in LevelSetting::ALL {
                ui.selectable_value(&mut next, setting, Level::choice_label(setting, derived));
            }
        });
    ui.label(
        RichText::new("decides which rules of the model check apply")
            .small()
            .weak(),
    );
    (next != current).then_some(next)
}

pub(super) fn object_type(
    ui: &mut Ui,
    board: &Board,
    name: &str,
    ty: &ObjectType,
    state: &mut InspectorState,
    edits: &mut Vec<Edit>,
) {
    let mut typed = match &state.renaming {
        Some((old, new)) if old == name => new.clone(),
        _ => name.to_owned(),
    };
    let mut rename = false;
    ui.horizontal(|ui| {
        let field = ui
            .add(TextEdit::singleline(&mut typed).desired_width(140.0))
            .accessible_name(format!("Name of object type {name}"));
        if field.changed() {
            state.renaming = Some((name.to_owned(), typed.clone()));
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let button = ui
            .add_enabled(typed != name, egui::Button::new("Rename"))
            .accessible_name(format!("Rename object type {name}"));
        rename = (enter || button.clicked()) && typed != name;
    });
    let taken = typed != name && board.types.contains_key(&typed);
    let invalid = matches!(FieldType::parse(&typed), Ok(FieldType::Object(_)))
        .then_some(())
        .is_none();
    if taken {
        problem(ui, format!("\"{typed}\" is already an object type"));
    } else if invalid && typed != name {
        // `string` is the built-in type; `String` may be the board's own.
        let message = if matches!(FieldType::parse(&typed), Ok(FieldType::Scalar(_))) {
            format!("`{typed}` is a built-in type: fields typed so would not use this one")
        } else {
            "a name starts with a letter and holds letters, digits and _".to_owned()
        };
        problem(ui, message);
    }
    if rename && !taken && !invalid {
        edits.extend(ops::rename_type(board, name, &typed));
        state.renaming = None;
    }
    let mut next = ty.clone();
    if let Some(t) = text_field(
        ui,
        &format!("Description of {name}"),
        &ty.description,
        false,
        "",
    ) {
        next.description = t;
    }
    let found = check::object_type_field_findings(board, name, ty);
    if let Some(fields) = fields_editor(
        ui,
        board,
        &format!("{name} field"),
        &ty.fields,
        &found,
        false,
    ) {
        next.fields = fields;
    }
    if next != *ty {
        edits.push(Edit::PutType {
            name: name.to_owned(),
            ty: Some(next),
        });
    }
    let used = board
        .stickies
        .values()
        .flat_map(|s| s.fields.iter())
        .chain(board.types.values().flat_map(|t| t.fields.iter()))
        .filter(|f| FieldType::parse(&f.ty).is_ok_and(|t| t.object_name() == Some(name)))
        .count();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("used by {used} field(s)"))
                .small()
                .weak(),
        );
        if ui
            .add(egui::Button::new("Delete type").small())
            .accessible_name(format!("Delete object type {name}"))
            .clicked()
        {
            edits.push(Edit::PutType {
                name: name.to_owned(),
                ty: None,
            });
        }
    });
}
