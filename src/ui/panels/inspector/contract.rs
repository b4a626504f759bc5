//! The contract of a domain event: its version, visibility, channel and transport, each with
//! the model check's findings about it right under the control.

use egui::{RichText, Ui};

use super::{finding_ui, text_field};
use crate::model::analysis::Analysis;
use crate::model::check;
use crate::model::{Board, Id, Transport, Visibility};

pub(super) fn event_contract(
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
