//! The palette: every kind of the board's legend with its colour and key, and the region
//! tools. Click a kind, then the canvas; or drag a kind onto the canvas.

use egui::{CornerRadius, RichText, Sense, Stroke, Ui, Vec2};

use crate::model::{BoundaryKind, Kind, Legend, Phase};
use crate::ui::canvas::Tool;
use crate::ui::command::Command;
use crate::ui::theme;

/// Shows the palette; returns the tool the user chose, if any. With a workshop phase, the
/// phase's kinds come first ("For this phase") and the others follow, dimmed but reachable.
pub fn palette_ui(
    ui: &mut Ui,
    legend: &Legend,
    current: Tool,
    phase: Option<Phase>,
) -> Option<Tool> {
    let mut chosen = None;
    if let Some(phase) = phase {
        super::phase::phase_line_ui(ui, phase);
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Stickies").strong());
    ui.label(
        RichText::new("click, then click the board — or drag")
            .weak()
            .small(),
    );
    ui.add_space(4.0);
    let emphasised = phase.map_or(&[][..], Phase::emphasised_kinds);
    let mut kinds: Vec<Kind> = emphasised.to_vec();
    kinds.extend(Kind::ALL.into_iter().filter(|k| !emphasised.contains(k)));
    if !emphasised.is_empty() {
        ui.label(RichText::new("For this phase").small().strong());
    }
    for (i, kind) in kinds.into_iter().enumerate() {
        if i == emphasised.len() && i > 0 {
            ui.add_space(4.0);
            ui.label(RichText::new("Also").small().weak());
        }
        let dim = i >= emphasised.len() && !emphasised.is_empty();
        let label = legend.label(kind);
        let key = Command::kind_key(kind);
        let armed = current == Tool::Place(kind);
        let response = ui
            .horizontal(|ui| {
                let (swatch, _) = ui.allocate_exact_size(Vec2::new(22.0, 22.0), Sense::hover());
                ui.painter().rect(
                    swatch,
                    CornerRadius::same(3),
                    theme::color(legend.color(kind)),
                    Stroke::new(1.0, theme::SWATCH_OUTLINE),
                    egui::StrokeKind::Inside,
                );
                let text = if dim {
                    RichText::new(label.as_str()).weak()
                } else if emphasised.is_empty() {
                    RichText::new(label.as_str())
                } else {
                    RichText::new(label.as_str()).strong()
                };
                let button = egui::Button::selectable(armed, text)
                    .sense(Sense::click_and_drag())
                    .min_size(Vec2::new(130.0, 24.0));
                let r = ui.add(button).on_hover_text(format!(
                    "Press {} over the board to add one at the pointer",
                    key.name()
                ));
                ui.label(RichText::new(key.name()).monospace().weak());
                r
            })
            .inner;
        if response.clicked() {
            chosen = Some(if armed {
                Tool::Select
            } else {
                Tool::Place(kind)
            });
        }
        response.dnd_set_drag_payload(kind);
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Regions").strong());
    for (kind, key) in [
        (BoundaryKind::Context, "B"),
        (BoundaryKind::Swimlane, "S"),
        (BoundaryKind::FrontEnd, "F"),
        (BoundaryKind::Partner, "T"),
    ] {
        let armed = current == Tool::Region(kind);
        ui.horizontal(|ui| {
            ui.add_space(26.0);
            let r = ui.add(
                egui::Button::selectable(armed, kind.label()).min_size(Vec2::new(130.0, 24.0)),
            );
            ui.label(RichText::new(key).monospace().weak());
            if r.on_hover_text("Drag on the board to draw it").clicked() {
                chosen = Some(if armed {
                    Tool::Select
                } else {
                    Tool::Region(kind)
                });
            }
        });
    }
    ui.add_space(10.0);
    let select = ui.add(egui::Button::selectable(current == Tool::Select, "Select"));
    if select.clicked() {
        chosen = Some(Tool::Select);
    }
    ui.add_space(10.0);
    ui.label(
        RichText::new("Tab: next sticky on the timeline\nL: link the selected · Shift+L: reverse an arrow\nF1: all shortcuts")
            .weak()
            .small(),
    );
    chosen
}
