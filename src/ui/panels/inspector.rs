//! The inspector: everything about the selection that does not fit on a sticky. Text,
//! description and notes of any sticky; the fields of events and commands; version,
//! visibility, channel and transport of events; name, team and namespace of bounded
//! contexts; with nothing selected, the board's own details, its workshop level and its
//! object types. Every change is returned as an [`Edit`], so it undoes like any other.
//!
//! Problems are the model check's: a field's or a version's findings are worked out by the
//! check's own functions as the user types and shown once, under the control they are about;
//! the other findings of the sticky are listed below, in the same words as the check panel.

use egui::{RichText, TextEdit, Ui};

use crate::edit::{Edit, ops};
use crate::model::analysis::{Analysis, Level};
use crate::model::check::{self, Finding, Rule, Severity};
use crate::model::{
    Board, BoundaryKind, Field, FieldType, Id, Kind, LevelSetting, ObjectType, Scalar, Transport,
    Visibility,
};
use crate::ui::theme;

/// What the inspector remembers between frames (never part of the board).
#[derive(Default)]
pub struct InspectorState {
    /// An object type's new name being typed, applied with Enter or the Rename button.
    renaming: Option<(String, String)>,
}

/// Shows the inspector for `selection`; returns the edits the user made.
pub fn inspector_ui(
    ui: &mut Ui,
    board: &Board,
    analysis: &Analysis,
    findings: &[Finding],
    selection: &ops::Items,
    state: &mut InspectorState,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let only_sticky = (selection.len() == 1)
                .then(|| selection.stickies.first())
                .flatten();
            let only_region = (selection.len() == 1)
                .then(|| selection.boundaries.first())
                .flatten();
            if let Some(&id) = only_sticky {
                sticky_section(ui, board, analysis, findings, id, &mut edits);
            } else if let Some(&id) = only_region {
                region_section(ui, board, id, &mut edits);
            } else if selection.is_empty() {
                board_section(ui, board, analysis, state, &mut edits);
            } else {
                ui.label(RichText::new("Inspector").strong());
                ui.label(format!(
                    "{} items selected. Select one to see and edit its details.",
                    selection.len()
                ));
            }
        });
    edits
}

/// A labelled text field; returns the new text when the user changed it.
fn text_field(
    ui: &mut Ui,
    label: &str,
    value: &str,
    multiline: bool,
    hint: &str,
) -> Option<String> {
    ui.label(RichText::new(label).small().weak());
    let mut text = value.to_owned();
    let editor = if multiline {
        TextEdit::multiline(&mut text).desired_rows(3)
    } else {
        TextEdit::singleline(&mut text)
    };
    let response = ui
        .add(editor.hint_text(hint).desired_width(f32::INFINITY))
        .accessible_name(label);
    response.changed().then_some(text)
}

fn problem(ui: &mut Ui, text: impl Into<String>) {
    ui.label(RichText::new(text.into()).small().color(theme::ERROR));
}

/// One finding of the model check: its code and message in its severity's colour, then the fix.
fn finding_ui(ui: &mut Ui, f: &Finding) {
    let colour = match f.severity {
        Severity::Info => ui.visuals().weak_text_color(),
        severity => theme::severity_color(severity),
    };
    ui.label(
        RichText::new(format!("{} {}", f.code(), f.message))
            .small()
            .color(colour),
    );
    ui.label(RichText::new(format!("Fix: {}", f.fix)).small().weak());
}

/// Whether the inspector shows findings of `rule` under the control they are about (a field,
/// the version) rather than in its list.
fn shown_at_control(rule: Rule) -> bool {
    matches!(rule, Rule::FieldName | Rule::FieldType | Rule::Version)
}

fn sticky_section(
    ui: &mut Ui,
    board: &Board,
    analysis: &Analysis,
    findings: &[Finding],
    id: Id,
    edits: &mut Vec<Edit>,
) {
    let Some(s) = board.stickies.get(&id) else {
        return;
    };
    let mut next = s.clone();
    ui.label(
        RichText::new(board.legend.label(s.kind))
            .strong()
            .size(16.0),
    );
    let context = analysis
        .context_of(id)
        .and_then(|c| board.boundaries.get(&c))
        .map_or_else(
            || "outside every bounded context".to_owned(),
            |b| format!("in {}", b.name),
        );
    ui.label(RichText::new(context).weak());
    ui.add_space(4.0);

    egui::ComboBox::from_label("Kind")
        .selected_text(board.legend.label(s.kind))
        .show_ui(ui, |ui| {
            for kind in Kind::ALL {
                ui.selectable_value(&mut next.kind, kind, board.legend.label(kind));
            }
        });
    if let Some(t) = text_field(ui, "Text", &s.text, true, "What the sticky says") {
        next.text = t;
    }
    if let Some(t) = text_field(
        ui,
        "Description",
        &s.description,
        true,
        "What it means, for the specs",
    ) {
        next.description = t;
    }
    if let Some(t) = text_field(ui, "Notes", &s.notes, true, "Workshop notes") {
        next.notes = t;
    }

    if s.kind == Kind::DomainEvent {
        ui.add_space(8.0);
        ui.label(RichText::new("Contract").strong());
        event_contract(ui, board, analysis, id, &mut next);
    }
    if s.kind.has_fields() {
        ui.add_space(8.0);
        ui.label(RichText::new("Fields").strong());
        let found = check::sticky_field_findings(board, id, s);
        if let Some(fields) = fields_editor(ui, board, "Field", &s.fields, &found) {
            next.fields = fields;
        }
    }
    let mine: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.stickies.contains(&id) && !shown_at_control(f.rule))
        .collect();
    if !mine.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Model check").strong());
        for f in mine {
            finding_ui(ui, f);
        }
    }
    if next != *s {
        edits.push(Edit::PutSticky {
            id,
            sticky: Some(next),
        });
    }
}

fn event_contract(
    ui: &mut Ui,
    board: &Board,
    analysis: &Analysis,
    id: Id,
    next: &mut crate::model::Sticky,
) {
    let effective = analysis
        .events
        .get(&id)
        .map(|e| e.visibility.label())
        .unwrap_or("internal");
    egui::ComboBox::from_label("Visibility")
        .selected_text(next.visibility.label())
        .show_ui(ui, |ui| {
            for v in Visibility::ALL {
                ui.selectable_value(&mut next.visibility, v, v.label());
            }
        });
    ui.label(
        RichText::new(format!("Seen as: {effective}"))
            .small()
            .weak(),
    );
    let version = next.version.clone().unwrap_or_default();
    let version_finding = check::version_finding(id, next);
    if let Some(v) = text_field(
        ui,
        "Version",
        &version,
        false,
        crate::model::analysis::DEFAULT_VERSION,
    ) {
        next.version = Some(v).filter(|v| !v.trim().is_empty());
    }
    if let Some(f) = version_finding {
        finding_ui(ui, &f);
    }
    let channel = next.channel.clone().unwrap_or_default();
    let derived = analysis.channel(board, id);
    let hint = if next.channel.is_some() {
        String::new()
    } else {
        derived
    };
    if let Some(c) = text_field(ui, "Channel", &channel, false, &hint) {
        next.channel = Some(c).filter(|c| !c.trim().is_empty());
    }
    egui::ComboBox::from_label("Transport")
        .selected_text(next.transport.map_or("not set", Transport::label))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut next.transport, None, "not set");
            for t in Transport::ALL {
                ui.selectable_value(&mut next.transport, Some(t), t.label());
            }
        });
}

/// The fields table: add, remove, reorder, rename, retype; under each field the model check's
/// findings about it (`found`, by field index). Returns the new list on a change. A field just
/// added gets the keyboard on its name, selected, so typing names it.
fn fields_editor(
    ui: &mut Ui,
    board: &Board,
    who: &str,
    fields: &[Field],
    found: &[(usize, Finding)],
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
            description: String::new(),
        });
        ui.data_mut(|d| d.insert_temp(focus_key, next.len() - 1));
        changed = true;
    }
    changed.then_some(next)
}

/// Gives a text field the keyboard with all of its `text` selected, so typing replaces it.
fn focus_with_all_selected(ui: &Ui, field: &egui::Response, text: &str) {
    field.request_focus();
    let mut state = TextEdit::load_state(ui.ctx(), field.id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ui.ctx(), field.id);
}

/// The types offered in a field's menu: every scalar, the object types, an enum and a list
/// of the current type.
fn type_choices(board: &Board, current: &str) -> Vec<String> {
    let mut choices: Vec<String> = Scalar::ALL.iter().map(|s| s.name().to_owned()).collect();
    choices.extend(board.types.keys().cloned());
    choices.push("enum(a|b)".to_owned());
    if let Ok(t) = FieldType::parse(current) {
        choices.push(format!("list<{t}>"));
    }
    choices
}

/// `field`, `field2`, ...: a name no field has yet.
fn free_name(fields: &[Field]) -> String {
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

fn region_section(ui: &mut Ui, board: &Board, id: Id, edits: &mut Vec<Edit>) {
    let Some(b) = board.boundaries.get(&id) else {
        return;
    };
    let mut next = b.clone();
    ui.label(RichText::new(b.kind.label()).strong().size(16.0));
    if let Some(t) = text_field(ui, "Name", &b.name, false, "") {
        next.name = t;
    }
    if let Some(t) = text_field(
        ui,
        "Description",
        &b.description,
        true,
        "What this part of the business is about",
    ) {
        next.description = t;
    }
    if b.kind == BoundaryKind::Context {
        if let Some(t) = text_field(ui, "Team", &b.team, false, "The team that owns it") {
            next.team = t;
        }
        let derived = Analysis::namespace(board, Some(id));
        let hint = if b.namespace.is_empty() {
            derived
        } else {
            String::new()
        };
        if let Some(t) = text_field(ui, "Namespace", &b.namespace, false, &hint) {
            next.namespace = t;
        }
    }
    if next != *b {
        edits.push(Edit::PutBoundary {
            id,
            boundary: Some(next),
        });
    }
}

fn board_section(
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
fn level_choice(ui: &mut Ui, current: LevelSetting, derived: Level) -> Option<LevelSetting> {
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

fn object_type(
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
    if let Some(fields) = fields_editor(ui, board, &format!("{name} field"), &ty.fields, &found) {
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
