//! The fields table of an event, command, read model or object type: name, type (chosen from
//! the scalars and the board's object types), required, personal data, published (events),
//! and the findings about each field.

use egui::{TextEdit, Ui};

use super::finding_ui;
use crate::model::check::Finding;
use crate::model::{Board, Field, FieldType, Scalar};

/// The fields table: add, remove, reorder, rename, retype, mark personal data (and, for an
/// event's `contract`, published or internal only); under each field the model check's
/// findings about it (`found`, by field index). Returns the new list on a change. A field just
/// added gets the keyboard on its name, selected, so typing names it.
pub(super) fn fields_editor(
    ui: &mut Ui,
    board: &Board,
    who: &str,
    fields: &[Field],
    found: &[(usize, Finding)],
    contract: bool,
) -> Option<Vec<Field>> {
    // The row added last frame (the edit that adds it is applied after the inspector).
    let focus_key = egui::Id::unique(("inspector: focus the new field", who));
    let focus_row: Option<usize> = ui.data_mut(|d| d.remove_temp(focus_key));
    let mut next = fields.to_vec();
    let mut changed = false;
    let mut remove = None;
    let mut swap = None;
    for (i, field) in fields.iter().enumerate() {
        let n = i + 1;
        let current = &mut next[i];
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                let name = ui
                    .add(
                        TextEdit::singleline(&mut current.name)
                            .hint_text("name")
                            .desired_width(110.0),
                    )
                    .accessible_name(format!("{who} {n} name"));
                if focus_row == Some(i) {
                    focus_with_all_selected(ui, &name, &current.name);
                }
                let ty = ui
                    .add(
                        TextEdit::singleline(&mut current.ty)
                            .hint_text("type")
                            .desired_width(110.0),
                    )
                    .accessible_name(format!("{who} {n} type"));
                changed |= name.changed() || ty.changed();
                ui.menu_button("Types", |ui| {
                    for pick in type_choices(board, &field.ty) {
                        if ui.button(&pick).clicked() {
                            current.ty = pick;
                            changed = true;
                            ui.close();
                        }
                    }
                });
            });
            for (_, f) in found.iter().filter(|(at, _)| *at == i) {
                finding_ui(ui, f);
            }
            ui.horizontal_wrapped(|ui| {
                let required = ui
                    .checkbox(&mut current.required, "required")
                    .accessible_name(format!("{who} {n} required"));
                changed |= required.changed();
                if contract {
                    let mut published = current.is_published();
                    let toggle = ui
                        .checkbox(&mut published, "published")
                        .on_hover_text("In the public contract; unticked: internal only")
                        .accessible_name(format!("{who} {n} published"));
                    if toggle.changed() {
                        current.internal = !published;
                        changed = true;
                    }
                }
                let personal = ui
                    .checkbox(&mut current.personal, "personal")
                    .on_hover_text("Personal data: a public contract should not carry it")
                    .accessible_name(format!("{who} {n} personal"));
                changed |= personal.changed();
                let description = ui
                    .add(
                        TextEdit::singleline(&mut current.description)
                            .hint_text("description")
                            .desired_width(120.0),
                    )
                    .accessible_name(format!("{who} {n} description"));
                changed |= description.changed();
                if ui
                    .add_enabled(i > 0, egui::Button::new("Up").small())
                    .accessible_name(format!("Move {} {n} up", who.to_lowercase()))
                    .clicked()
                {
                    swap = Some((i - 1, i));
                }
                if ui
                    .add_enabled(n < fields.len(), egui::Button::new("Down").small())
                    .accessible_name(format!("Move {} {n} down", who.to_lowercase()))
                    .clicked()
                {
                    swap = Some((i, i + 1));
                }
                if ui
                    .add(egui::Button::new("Remove").small())
                    .accessible_name(format!("Remove {} {n}", who.to_lowercase()))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
        });
    }
    if let Some((a, b)) = swap {
        next.swap(a, b);
        changed = true;
    }
    if let Some(i) = remove {
        next.remove(i);
        changed = true;
    }
    if ui
        .button("Add field")
        .accessible_name(format!("Add {}", who.to_lowercase()))
        .clicked()
    {
        next.push(Field {
            name: free_name(&next),
            ty: Scalar::String.name().to_owned(),
            required: true,
            ..Field::default()
        });
        ui.data_mut(|d| d.insert_temp(focus_key, next.len() - 1));
        changed = true;
    }
    changed.then_some(next)
}

/// Gives a text field the keyboard with all of its `text` selected, so typing replaces it.
pub(super) fn focus_with_all_selected(ui: &Ui, field: &egui::Response, text: &str) {
    field.request_focus();
    let mut state = TextEdit::load_state(ui.ctx(), field.id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ui.ctx(), field.id);
}

/// The types offered in a field's menu: every scalar, the object types, an enum and a list
/// of the current type.
pub(super) fn type_choices(board: &Board, current: &str) -> Vec<String> {
    let mut choices: Vec<String> = Scalar::ALL.iter().map(|s| s.name().to_owned()).collect();
    choices.extend(board.types.keys().cloned());
    choices.push("enum(a|b)".to_owned());
    if let Ok(t) = FieldType::parse(current) {
        choices.push(format!("list<{t}>"));
    }
    choices
}

/// `field`, `field2`, ...: a name no field has yet.
pub(super) fn free_name(fields: &[Field]) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                "field".to_owned()
            } else {
                format!("field{n}")
            }
        })
        .find(|name| fields.iter().all(|f| &f.name != name))
        .unwrap_or_default()
}
