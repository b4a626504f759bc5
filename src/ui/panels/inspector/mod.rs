//! The inspector: everything about the selection that does not fit on a sticky. Text,
//! description and notes of any sticky; the fields of events and commands; version,
//! visibility, channel and transport of events; name, team and namespace of bounded
//! contexts; with nothing selected, the board's own details, its workshop level and its
//! object types. Every change is returned as an [`Edit`], so it undoes like any other.
//!
//! Problems are the model check's: a field's or a version's findings are worked out by the
//! check's own functions as the user types and shown once, under the control they are about;
//! the other findings of the sticky are listed below, in the same words as the check panel.
//!
//! One file per section: the sticky's and the region's here, [`contract`] (an event's
//! contract), [`fields`] (the fields table) and [`board`] (the board and its object types).

mod board;
mod contract;
mod fields;

use egui::{RichText, TextEdit, Ui};

use crate::edit::{Edit, ops};
use crate::model::analysis::Analysis;
use crate::model::check::{self, Finding, Rule, Severity};
use crate::model::{Board, BoundaryKind, Id, Kind};
use crate::ui::theme;
use board::board_section;
use contract::event_contract;
use fields::fields_editor;

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
        if let Some(fields) = fields_editor(
            ui,
            board,
            "Field",
            &s.fields,
            &found,
            s.kind == Kind::DomainEvent,
        ) {
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
