//! The workshop's phase where the facilitator sees it: a menu in the status bar to choose it
//! and a line at the top of the palette saying what the room does now. The phase itself is
//! in the board (`model::phase`); choosing one is an edit (`edit::ops::set_phase`).

use egui::{RichText, Ui};

use crate::model::{Meta, Phase};

/// The phase menu, `Phase: Chaotic exploration`; the phase chosen this frame.
pub fn phase_menu(ui: &mut Ui, meta: &Meta) -> Option<Phase> {
    let current = Phase::of(meta);
    let shown = current.map_or("none", Phase::label);
    let mut chosen = None;
    ui.menu_button(format!("Phase: {shown}"), |ui| {
        for phase in Phase::ALL {
            if ui
                .selectable_label(current == Some(phase), phase.label())
                .on_hover_text(phase.what_the_room_does())
                .clicked()
            {
                chosen = Some(phase);
                ui.close();
            }
        }
    })
    .response
    .on_hover_text(
        "The phase of the workshop: the palette puts its kinds first, and it sets the level \
         the model check follows. F8 moves on to the next phase.",
    );
    chosen.filter(|c| Some(*c) != current)
}

/// The phase's name and what the room does now, at the top of the palette.
pub fn phase_line_ui(ui: &mut Ui, phase: Phase) {
    ui.add_space(6.0);
    ui.label(RichText::new(phase.label()).strong().size(15.0));
    ui.label(RichText::new(phase.what_the_room_does()).small());
    ui.separator();
}
