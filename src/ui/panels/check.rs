//! The model check panel: the findings of NOTATION.md's rules, live as the board changes.
//! Clicking a finding selects its stickies and frames them on the canvas.

use egui::{RichText, Ui};

use crate::model::check::{Finding, Severity};
use crate::model::{Board, Id};
use crate::ui::theme;

/// Counts per severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, i), f| match f.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// One line of counts, as the status bar and the panel's title show it.
pub fn summary(findings: &[Finding]) -> String {
    let (e, w, i) = counts(findings);
    if e + w + i == 0 {
        return "Model check: no findings".to_owned();
    }
    format!("Model check: {e} errors, {w} warnings, {i} infos")
}

/// Shows the findings; returns the stickies of the one the user clicked.
pub fn check_ui(ui: &mut Ui, board: &Board, findings: &[Finding]) -> Option<Vec<Id>> {
    let mut picked = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(summary(findings)).strong());
        ui.label(
            RichText::new("click a finding to show it on the board")
                .small()
                .weak(),
        );
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .max_height(ui.available_height())
        .show(ui, |ui| {
            for f in findings {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(f.severity.label())
                            .small()
                            .strong()
                            .color(theme::severity_color(f.severity)),
                    );
                    ui.label(RichText::new(f.code()).monospace().small());
                    let response = ui
                        .add(egui::Button::new(f.message.as_str()).frame(false))
                        .on_hover_text(format!("Fix: {}", f.fix));
                    let known: Vec<Id> = f
                        .stickies
                        .iter()
                        .copied()
                        .filter(|id| board.stickies.contains_key(id))
                        .collect();
                    if response.clicked() && !known.is_empty() {
                        picked = Some(known);
                    }
                });
            }
        });
    picked
}
