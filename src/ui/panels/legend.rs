//! The legend panel: rename and recolour the kinds for this board. The kind stays the same;
//! only its label and colour change, as an undoable edit.

use egui::{RichText, Ui};

use crate::edit::Edit;
use crate::model::{Kind, Legend, LegendEntry, Rgb};

/// Shows the legend editor; returns the edits the user made.
pub fn legend_ui(ui: &mut Ui, legend: &Legend) -> Vec<Edit> {
    let mut edits = Vec::new();
    ui.add_space(6.0);
    ui.label(RichText::new("Legend of this board").strong());
    ui.label(
        RichText::new("rename or recolour a kind for this workshop")
            .weak()
            .small(),
    );
    ui.add_space(4.0);
    egui::Grid::new("legend-grid")
        .num_columns(3)
        .spacing([6.0, 6.0])
        .show(ui, |ui| {
            for kind in Kind::ALL {
                let entry = legend.entry(kind);
                let mut rgb = [entry.color.0, entry.color.1, entry.color.2];
                let colour = ui.color_edit_button_srgb(&mut rgb);
                let colour_changed = colour.changed();
                colour.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::ColorWell,
                        true,
                        format!("Colour of {}", kind.default_label()),
                    )
                });
                let mut label = entry.label.clone();
                let text = ui
                    .add(
                        egui::TextEdit::singleline(&mut label)
                            .desired_width(140.0)
                            .hint_text(kind.default_label()),
                    )
                    .accessible_name(format!("Label of {}", kind.default_label()));
                let reset = ui
                    .add_enabled(
                        legend.override_of(kind).is_some(),
                        egui::Button::new("Reset").small(),
                    )
                    .on_hover_text("Back to the default label and colour");
                if reset.clicked() {
                    edits.push(Edit::SetLegend { kind, entry: None });
                } else if colour_changed || text.changed() {
                    edits.push(Edit::SetLegend {
                        kind,
                        entry: Some(LegendEntry {
                            label,
                            color: Rgb(rgb[0], rgb[1], rgb[2]),
                        }),
                    });
                }
                ui.end_row();
            }
        });
    edits
}
