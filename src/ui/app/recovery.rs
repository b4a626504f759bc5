//! Recovery copies: while the board has unsaved changes a copy is written every few seconds
//! in the background; after a crash the next start offers it back. When copies cannot be
//! written the status bar says so until one can.

use std::path::PathBuf;

use egui::{Context, RichText};

use super::StormpadApp;
use super::chrome::Message;
use crate::file::{self, recovery::RecoveryMeta, recovery::RecoveryStore};
use crate::ui::background::Task;
use crate::ui::document::Document;

/// How often a recovery copy is written while there are unsaved changes: with the time to
/// write it, at most about five seconds of work are at risk.
const AUTOSAVE_SECONDS: f64 = 3.0;

/// A recovery copy that could not be written: where to, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutosaveFailure {
    pub folder: PathBuf,
    pub error: String,
}

impl StormpadApp {
    /// Sets where recovery copies go (`None`: no autosave). Before the first frame, this also
    /// decides where earlier copies are looked for.
    pub fn set_recovery(&mut self, store: Option<RecoveryStore>) {
        self.recovery = store;
        self.recovery_scanned = false;
    }

    /// Writes a recovery copy every few seconds while the board has unsaved changes, on
    /// another thread; removes it once the board is saved.
    pub(super) fn autosave(&mut self, ctx: &Context) {
        let Some(store) = self.recovery.clone() else {
            return;
        };
        if !self.recovery_scanned {
            self.recovery_scanned = true;
            self.recoverable = store.list(&self.session);
        }
        self.poll_autosave(&store);
        let busy = self.autosaving.is_some();
        if !self.doc.is_dirty() {
            if self.autosaved.is_some() && !busy {
                store.remove(&self.session);
                self.autosaved = None;
            }
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECONDS));
        let now = ctx.input(|i| i.time);
        let state = self.doc.history.state();
        if busy || self.autosaved == Some(state) || now - self.last_autosave < AUTOSAVE_SECONDS {
            return;
        }
        self.last_autosave = now;
        self.autosaved = Some(state);
        // A snapshot sharing the board's storage: microseconds, whatever the board's size.
        let board = self.doc.board.clone();
        let meta = RecoveryMeta::now(self.doc.path.clone(), board.meta.title.clone());
        let session = self.session.clone();
        self.autosaving = Some(Task::spawn(ctx, "recovery copy", move || {
            let text = file::to_string(&board)?;
            store.write(&session, &meta, &text)
        }));
    }

    /// Takes in the outcome of the copy being written: a failure shows in the status bar
    /// (and on stderr) until a later copy is written.
    fn poll_autosave(&mut self, store: &RecoveryStore) {
        let Some(answer) = self.autosaving.as_ref().and_then(Task::poll) else {
            return;
        };
        self.autosaving = None;
        let error = match answer {
            Ok(Ok(())) => {
                self.autosave_failure = None;
                return;
            }
            Ok(Err(e)) => e.to_string(),
            Err(stopped) => stopped.to_string(),
        };
        let folder = store.dir().to_path_buf();
        eprintln!(
            "stormpad: could not write a recovery copy to {}: {error}",
            folder.display()
        );
        self.autosave_failure = Some(AutosaveFailure { folder, error });
    }

    /// The offer to bring back work from a run that did not end cleanly.
    pub(super) fn recovery_window(&mut self, ctx: &Context) {
        if self.recoverable.is_empty() {
            return;
        }
        let mut action = None;
        egui::Window::new("Recover unsaved work")
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(
                    "Stormpad did not close properly last time. These boards had unsaved changes:",
                );
                ui.add_space(6.0);
                egui::Grid::new("recoverable")
                    .num_columns(3)
                    .show(ui, |ui| {
                        for (i, r) in self.recoverable.iter().enumerate() {
                            ui.label(RichText::new(r.meta.name()).strong());
                            ui.label(RichText::new(r.meta.age()).weak());
                            ui.horizontal(|ui| {
                                if ui.button("Restore").clicked() {
                                    action = Some((i, true));
                                }
                                if ui.button("Discard").clicked() {
                                    action = Some((i, false));
                                }
                            });
                            ui.end_row();
                        }
                    });
            });
        if let Some((i, restore)) = action {
            self.restore_or_discard(i, restore);
        }
    }

    /// Brings back (or throws away) the `i`th copy on offer.
    fn restore_or_discard(&mut self, i: usize, restore: bool) {
        let Some(store) = self.recovery.clone() else {
            return;
        };
        let found = self.recoverable.remove(i);
        if !restore {
            store.remove(&found.session);
            return;
        }
        if self.doc.is_dirty() {
            self.recoverable.insert(i, found);
            self.message = Some(Message {
                title: "Save or discard this board first".into(),
                body: "The current board has unsaved changes; save it, or start a new board \
                       and discard them, then restore."
                    .into(),
            });
            return;
        }
        match store.load(&found.session) {
            Ok(loaded) => {
                let mut doc = Document::recovered(loaded.board, found.meta.original.clone());
                doc.warnings = loaded.warnings;
                self.replace_document(doc);
                store.remove(&found.session);
            }
            Err(e) => {
                self.message = Some(Message {
                    title: "Could not restore the board".into(),
                    body: format!("{e}\n\nThe copy stays in {}.", store.dir().display()),
                });
            }
        }
    }
}
