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
    let label_width = widest_label(ui, legend);
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
                            .desired_width(label_width)
                            .min_size(egui::vec2(label_width, 0.0))
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

/// The width of a label field that shows every kind's name whole, default or renamed (the
/// panel grows to it rather than cutting "Domain event" to "Dom").
fn widest_label(ui: &Ui, legend: &Legend) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let widest = Kind::ALL
        .into_iter()
        .flat_map(|kind| [legend.label(kind), kind.default_label().to_owned()])
        .map(|text| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(text, font.clone(), egui::Color32::PLACEHOLDER)
                    .size()
                    .x
            })
        })
        .fold(0.0, f32::max);
    // The field's inner margin on both sides and room for the cursor.
    (widest + 2.0 * ui.spacing().button_padding.x + 8.0).max(100.0)
}
