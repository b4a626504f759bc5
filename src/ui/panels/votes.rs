//! The dot voting panel: who is voting, how many dots each voter has, placing and taking back
//! dots on the selection, and the ranked list of the most-voted stickies (a click frames one).
//!
//! Alone at one laptop, the facilitator leaves the name empty and records the room's dots
//! (no limit); each participant with a name has the board's number of dots.

use egui::{RichText, Ui};

use crate::model::votes::{self, ROOM};
use crate::model::{Board, Id};

/// What the panel asks for this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum VotesAction {
    /// Place one dot on each selected sticky.
    Vote,
    /// Take one dot back from each selected sticky.
    Unvote,
    /// Set the dots each voter has.
    Dots(u32),
    /// Select and frame this sticky.
    Show(Id),
}

/// How many entries the ranked list shows.
const RANKED: usize = 20;

/// The panel; `voter` is the name typed (remembered in the settings).
pub fn votes_ui(
    ui: &mut Ui,
    board: &Board,
    voter: &mut String,
    selected: usize,
) -> Option<VotesAction> {
    let mut action = None;
    ui.add_space(6.0);
    ui.label(RichText::new("Dot voting").strong());
    ui.horizontal(|ui| {
        let label = ui.label("Voting as");
        ui.add(
            egui::TextEdit::singleline(voter)
                .hint_text("the room")
                .desired_width(120.0),
        )
        .labelled_by(label.id);
    });
    let mut dots = board.meta.dots_per_voter();
    ui.horizontal(|ui| {
        let label = ui.label("Dots per voter");
        let r = ui
            .add(egui::DragValue::new(&mut dots).range(1..=20))
            .labelled_by(label.id);
        if r.changed() {
            action = Some(VotesAction::Dots(dots));
        }
    });
    let name = votes::voter_name(voter);
    let left = match votes::dots_left(board, name) {
        Some(n) => format!("{name}: {n} of {} dots left", board.meta.dots_per_voter()),
        None => format!("Dots go to “{ROOM}”, with no limit: type a name to vote as one person"),
    };
    ui.add(egui::Label::new(RichText::new(left).weak()).wrap());
    ui.horizontal(|ui| {
        let can = selected > 0;
        if ui
            .add_enabled(can, egui::Button::new("Place a dot"))
            .on_hover_text("D over the board: one dot on each selected sticky")
            .clicked()
        {
            action = Some(VotesAction::Vote);
        }
        if ui
            .add_enabled(can, egui::Button::new("Take a dot back"))
            .on_hover_text("Shift+D over the board")
            .clicked()
        {
            action = Some(VotesAction::Unvote);
        }
    });
    ui.separator();
    ui.label(RichText::new("Most votes").strong());
    let ranking = votes::ranking(board);
    if ranking.is_empty() {
        ui.label(RichText::new("No dots yet: select a hotspot and press D").weak());
    }
    egui::ScrollArea::vertical()
        .id_salt("ranking")
        .show(ui, |ui| {
            for (rank, (id, count)) in ranking.into_iter().take(RANKED).enumerate() {
                let text = board.stickies.get(&id).map_or("", |s| s.text.as_str());
                let shown = if text.is_empty() { "(empty)" } else { text };
                let unit = if count == 1 { "dot" } else { "dots" };
                let entry = format!("{}. {shown} — {count} {unit}", rank + 1);
                if ui
                    .add(egui::Button::new(entry).frame(false).truncate())
                    .on_hover_text("Show it on the board")
                    .clicked()
                {
                    action = Some(VotesAction::Show(id));
                }
            }
        });
    action
}
