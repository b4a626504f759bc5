//! Running the room from the app: moving between phases, the timer over the board, and the
//! dot voting panel. The phase and the votes change the board through undoable edits; the
//! timer is app state only.

use egui::{Context, Ui};

use super::StormpadApp;
use super::chrome::Message;
use crate::edit::ops;
use crate::model::Phase;
use crate::model::votes::voter_name;
use crate::ui::command::Command;
use crate::ui::panels::timer::{self, TimerAction};
use crate::ui::panels::votes::{self, VotesAction};

impl StormpadApp {
    /// `F8` / `Shift+F8`: the next or previous phase (the first one when none is chosen).
    pub(super) fn step_phase(&mut self, command: Command) {
        let next = match Phase::of(&self.doc.board.meta) {
            None => Phase::ALL[0],
            Some(p) if command == Command::NextPhase => p.next(),
            Some(p) => p.previous(),
        };
        let edit = ops::set_phase(&self.doc.board, next);
        self.apply(edit.into_iter().collect());
    }

    /// Who places dots: on a live board each participant votes as their own name (so each
    /// has their own dots); alone, the name typed in the voting panel, or the room.
    fn voting_as(&self) -> &str {
        if self.live.is_some() {
            &self.settings.live_name
        } else {
            &self.settings.voter
        }
    }

    /// `D`: one of the voter's dots on each selected sticky; says so when none are left.
    pub(super) fn vote(&mut self) {
        let voter = voter_name(self.voting_as()).to_owned();
        let (edits, refused) =
            ops::place_dots(&self.doc.board, &self.canvas.selection.stickies, &voter);
        self.apply(edits);
        if refused > 0 {
            self.message = Some(Message {
                title: "No dots left".into(),
                body: format!(
                    "{voter} has placed all {} dots. Take one back (Shift+D) to move it.",
                    self.doc.board.meta.dots_per_voter()
                ),
            });
        }
    }

    /// `Shift+D`: takes one of the voter's dots back from each selected sticky.
    pub(super) fn unvote(&mut self) {
        let voter = voter_name(self.voting_as()).to_owned();
        let edits = ops::take_dots(&self.doc.board, &self.canvas.selection.stickies, &voter);
        self.apply(edits);
    }

    /// The countdown over the board's top-right corner.
    pub(super) fn timer_overlay(&mut self, ctx: &Context) {
        let now = ctx.input(|i| i.time);
        match timer::timer_ui(ctx, &self.timer, self.canvas.view) {
            Some(TimerAction::StartPause) => self.timer.start_pause(now),
            Some(TimerAction::AddMinute) => self.timer.add_minute(now),
            Some(TimerAction::Reset) => self.timer.reset(),
            Some(TimerAction::Hide) => self.timer.visible = false,
            Some(TimerAction::Minutes(m)) => self.timer.set_minutes(m),
            None => {}
        }
    }

    /// The dot voting panel; what it asks for is carried out at once (edits) or queued.
    pub(super) fn votes_panel_ui(&mut self, ui: &mut Ui) {
        let selected = self.canvas.selection.stickies.len();
        let voter = if self.live.is_some() {
            &mut self.settings.live_name
        } else {
            &mut self.settings.voter
        };
        match votes::votes_ui(ui, &self.doc.board, voter, selected) {
            Some(VotesAction::Vote) => self.queue(Command::Vote),
            Some(VotesAction::Unvote) => self.queue(Command::Unvote),
            Some(VotesAction::Dots(n)) => {
                let edit = ops::set_dots(&self.doc.board, n);
                self.apply(edit.into_iter().collect());
            }
            Some(VotesAction::Show(id)) => {
                self.canvas.selection.select_stickies([id]);
                self.canvas.frame_stickies(&self.doc.board, &[id]);
            }
            None => {}
        }
    }
}
