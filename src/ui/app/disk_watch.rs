//! Following the open file when another program (a `git pull`, a colleague's laptop) changes
//! it: a clean board takes the new content and keeps the view; with unsaved changes the user
//! decides. The file is looked at in the background, about once a second.

use egui::Context;

use super::StormpadApp;
use super::chrome::{Message, ask};
use crate::ui::background::Task;
use crate::ui::document::{DiskChange, DiskLook};

/// How often the open file is checked for changes by other programs.
const DISK_CHECK_SECONDS: f64 = 1.0;

/// A look at the file on disk, under way on another thread.
pub(super) type DiskCheck = Task<DiskLook>;

impl StormpadApp {
    /// Looks, about once a second, whether another program changed the open file. A clean
    /// board follows the file (keeping the view); with unsaved changes the user decides.
    pub(super) fn watch_disk(&mut self, ctx: &Context) {
        if let Some(answer) = self.disk_check.as_ref().and_then(Task::poll) {
            self.disk_check = None;
            // A look that died says nothing: the next one will tell.
            if let Ok(look) = answer {
                self.take_look(look);
            }
        }
        let now = ctx.input(|i| i.time);
        if self.disk_conflict.is_some()
            || self.disk_check.is_some()
            || now - self.last_disk_check < DISK_CHECK_SECONDS
        {
            return;
        }
        self.last_disk_check = now;
        if self.doc.path.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(DISK_CHECK_SECONDS));
        }
        if let Some(probe) = self.doc.disk_probe() {
            self.disk_check = Some(Task::spawn(ctx, "disk check", move || probe.look()));
        }
    }

    /// Acts on what a look at the file found.
    fn take_look(&mut self, look: DiskLook) {
        if self.disk_conflict.is_some() {
            return;
        }
        let DiskChange::Changed(bytes) = self.doc.take_look(look) else {
            return;
        };
        if self.doc.is_dirty() {
            self.disk_conflict = Some(bytes);
        } else {
            self.reload(&bytes);
        }
    }

    /// Takes what another program wrote, keeping the camera and what is still selected.
    fn reload(&mut self, bytes: &[u8]) {
        match self.doc.reload(bytes) {
            Ok(()) => {
                self.canvas.board_replaced(&self.doc.board);
                self.report_warnings();
            }
            Err(e) => {
                // A half-written file (a checkout in progress): keep ours, look again later.
                self.doc.acknowledge_disk(bytes);
                let path = self.doc.path.clone().unwrap_or_default();
                self.message = Some(Message {
                    title: "The file changed on disk and cannot be read".into(),
                    body: format!("{}\n\nYour board is unchanged.", e.with_file(&path)),
                });
            }
        }
    }

    /// The question when the file changed on disk while the board has unsaved changes.
    pub(super) fn disk_conflict_window(&mut self, ctx: &Context) {
        let Some(bytes) = self.disk_conflict.clone() else {
            return;
        };
        let text = format!(
            "Another program (a git pull, another laptop) changed “{}”, and this board has \
             unsaved changes.",
            self.doc.display_name()
        );
        let answers = [
            ("Reload theirs", "Lose my unsaved changes"),
            ("Keep mine", "Save my board over the file"),
            (
                "Save mine as…",
                "Keep the file as it is; save my board elsewhere",
            ),
        ];
        match ask(
            ctx,
            "disk-conflict",
            "The file changed on disk",
            &text,
            &answers,
        ) {
            Some(0) => {
                self.disk_conflict = None;
                self.reload(&bytes);
            }
            Some(1) => {
                self.disk_conflict = None;
                self.doc.acknowledge_disk(&bytes);
                self.save(ctx);
            }
            Some(2) => {
                self.disk_conflict = None;
                self.doc.acknowledge_disk(&bytes);
                self.save_as_dialog(ctx);
            }
            _ => {}
        }
    }
}
