//! The shortcut sheet: every command and its keys, generated from the command table that the
//! keyboard handling uses, so the sheet can never be out of date.

use egui::{Context, RichText};

use crate::ui::command::Command;

/// Shows the shortcut sheet window while `open` is true.
pub fn shortcuts_window(ctx: &Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .default_width(460.0)
        .vscroll(true)
        .show(ctx, |ui| {
            egui::Grid::new("shortcut-grid")
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    for command in Command::all() {
                        let keys: Vec<String> = command
                            .shortcuts()
                            .iter()
                            .map(|s| ctx.format_shortcut(s))
                            .collect();
                        ui.label(command.label());
                        ui.label(RichText::new(keys.join("  or  ")).monospace());
                        ui.end_row();
                    }
                    ui.label("Pan");
                    ui.label(
                        RichText::new("Scroll, or drag with middle button / Space held")
                            .monospace(),
                    );
                    ui.end_row();
                    ui.label("Zoom");
                    ui.label(RichText::new("Ctrl + scroll, or pinch").monospace());
                    ui.end_row();
                });
        });
}
