//! The eframe application: one open document, the panels around it, and the state the other
//! parts of the shell share.
//!
//! `ui` lays out panels and nothing else; every action goes through [`StormpadApp::run`]
//! (`app/dispatch.rs`), and every change to the board through the document's history. The
//! other jobs of the shell live beside it, each in its own file:
//! - `dispatch`: commands, key shortcuts and the queue of commands chosen during layout;
//! - `lifecycle`: new, open, save, and the unsaved-changes question;
//! - `recovery`: recovery copies written in the background and offered after a crash;
//! - `disk_watch`: following the file when another program changes it;
//! - `chrome`: menus, status bar, title and modal windows;
//! - `settings`: what is remembered between runs;
//! - `present`: the walk-through (presentation mode); `room`: phase, timer and votes.

mod chrome;
mod disk_watch;
mod dispatch;
mod lifecycle;
mod live;
mod present;
mod recovery;
mod room;
mod settings;

use std::path::PathBuf;

use egui::{Context, Ui, ViewportCommand};

use super::background::Task;
use super::canvas::{self, CanvasState};
use super::dialogs::FileDialogs;
use super::document::Document;
use super::panels;
use crate::file::recovery::{Recoverable, RecoveryStore};

pub use chrome::Message;
pub use lifecycle::Pending;
pub use live::{Live, LiveDialog, LiveDialogKind};
pub use present::Presentation;
pub use recovery::AutosaveFailure;
pub use settings::Settings;

use dispatch::Queued;
use lifecycle::Opening;

/// The inspector's width until the user drags it.
const INSPECTOR_WIDTH: f32 = 340.0;

/// The application state.
pub struct StormpadApp {
    pub doc: Document,
    pub canvas: CanvasState,
    /// What is remembered between runs: recent files, which panels are open.
    pub settings: Settings,
    pub show_shortcuts: bool,
    pub inspector: panels::inspector::InspectorState,
    pub export: panels::export::ExportDialog,
    /// File → Export picture…
    pub picture: panels::picture::PictureDialog,
    /// The find bar (`Ctrl+F`).
    pub find: panels::find::FindBar,
    /// The command palette (`Ctrl+K`).
    pub palette: panels::command_palette::CommandPalette,
    /// An action waiting on the Save / Discard / Cancel question.
    pub prompt: Option<Pending>,
    /// An action to carry out once Save As has saved.
    after_save_as: Option<Pending>,
    pub message: Option<Message>,
    dialogs: FileDialogs,
    opening: Option<Opening>,
    /// Commands chosen in menus and panels during layout, carried out after it.
    queued: Vec<Queued>,
    /// Where recovery copies go; `None` turns autosave off (tests, no data folder).
    recovery: Option<RecoveryStore>,
    /// This app's name among recovery copies.
    session: String,
    /// The history state of the last recovery copy written, if one is on disk.
    autosaved: Option<u64>,
    last_autosave: f64,
    /// The recovery copy being written.
    autosaving: Option<Task<std::io::Result<()>>>,
    /// Why the last recovery copy could not be written, until one can.
    pub autosave_failure: Option<AutosaveFailure>,
    recovery_scanned: bool,
    /// Copies left by earlier runs that ended without a clean exit.
    pub recoverable: Vec<Recoverable>,
    /// What another program wrote to the file while this board had unsaved changes.
    pub disk_conflict: Option<Vec<u8>>,
    last_disk_check: f64,
    /// The look at the file on disk in progress.
    disk_check: Option<disk_watch::DiskCheck>,
    allow_close: bool,
    title: String,
    /// When set, the first frame prints its time since this instant and closes the app
    /// (`--exit-after-first-frame`).
    pub measure_startup: Option<std::time::Instant>,
    startup_frame_reported: bool,
    /// The phase timer: app state, never an edit, not saved with the board.
    pub timer: panels::timer::Timer,
    /// The walk-through in progress (`F5`).
    present: Option<Presentation>,
    /// The theme last given to egui; the settings' theme is applied when it differs (on the
    /// first frame, and after View → Theme).
    theme_applied: Option<super::theme::Theme>,
    /// Whether a text field had the keyboard when the last frame ended: egui drops the focus
    /// on `Escape` before this frame's code runs, and that `Escape` only ends the typing.
    was_typing: bool,
    /// The live session of the board, while it is shared or joined (issue 14).
    pub live: Option<Live>,
    /// File → Share board live… and Join live board…
    pub live_dialog: LiveDialog,
}

impl StormpadApp {
    /// An app showing `doc`.
    pub fn new(doc: Document) -> Self {
        let mut app = Self {
            doc,
            canvas: CanvasState::default(),
            settings: Settings::default(),
            show_shortcuts: false,
            inspector: panels::inspector::InspectorState::default(),
            export: panels::export::ExportDialog::default(),
            picture: panels::picture::PictureDialog::default(),
            find: panels::find::FindBar::default(),
            palette: panels::command_palette::CommandPalette::default(),
            prompt: None,
            after_save_as: None,
            message: None,
            dialogs: FileDialogs::default(),
            opening: None,
            queued: Vec::new(),
            disk_conflict: None,
            last_disk_check: 0.0,
            disk_check: None,
            recovery: None,
            session: format!("{:016x}", fastrand::u64(..)),
            autosaved: None,
            last_autosave: 0.0,
            autosaving: None,
            autosave_failure: None,
            recovery_scanned: false,
            recoverable: Vec::new(),
            allow_close: false,
            title: String::new(),
            measure_startup: None,
            startup_frame_reported: false,
            timer: panels::timer::Timer::default(),
            present: None,
            theme_applied: None,
            was_typing: false,
            live: None,
            live_dialog: LiveDialog::default(),
        };
        app.report_warnings();
        app
    }

    /// Creates the app inside eframe, restoring the settings of the last run.
    pub fn with_storage(doc: Document, cc: &eframe::CreationContext<'_>) -> Self {
        let mut app = Self::new(doc);
        app.recovery = RecoveryStore::default_location();
        if let Some(storage) = cc.storage {
            app.settings = Settings::load(storage);
        }
        if let Some(path) = app.doc.path.clone() {
            app.settings.remember(&path);
        }
        app.dialogs.look_for_native(&cc.egui_ctx);
        app
    }

    /// The window title as last set: the file name and an unsaved-changes mark.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// With `--exit-after-first-frame`: prints when the first frame was drawn and when the
    /// board was on screen, then quits.
    fn report_startup(&mut self, ctx: &Context) {
        let Some(started) = self.measure_startup else {
            return;
        };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if !self.startup_frame_reported {
            eprintln!("first frame after {ms:.0} ms");
            self.startup_frame_reported = true;
        }
        if self.opening.is_none() {
            eprintln!(
                "board of {} stickies shown after {ms:.0} ms",
                self.doc.board.stickies.len()
            );
            self.measure_startup = None;
            self.allow_close = true;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }

    /// `Escape` cancels the innermost thing first: typing ends (the text field's own doing),
    /// then the command palette or find bar closes, then an export dialog (pictures, then
    /// specs), then the shortcut sheet, then a chosen tool goes back to Select (the canvas's
    /// doing), then the legend closes.
    fn escape_closes_panels(&mut self, ctx: &Context) {
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.editing.is_some();
        let waiting = self.prompt.is_some() || self.opening.is_some();
        if typing || waiting || !ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return;
        }
        if self.palette.open || self.find.open {
            // The innermost: the palette over everything, then the find bar.
            if self.palette.open {
                self.palette.close();
            } else {
                self.find.close();
            }
            ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
            return;
        }
        if self.was_typing {
            // This Escape ended typing in a field (a dialog's folder, the inspector).
            return;
        }
        let open = if self.picture.open {
            &mut self.picture.open
        } else if self.export.open {
            &mut self.export.open
        } else if self.show_shortcuts {
            &mut self.show_shortcuts
        } else if self.canvas.tool == canvas::Tool::Select && self.settings.show_legend {
            &mut self.settings.show_legend
        } else {
            return;
        };
        *open = false;
        ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    }

    /// The side and bottom panels and the board; what they ask for is applied as edits or
    /// queued as commands.
    fn panels_ui(&mut self, ui: &mut Ui, derived: &std::sync::Arc<super::document::Derived>) {
        egui::Panel::left("palette")
            .resizable(false)
            .show(ui, |ui| {
                let phase = crate::model::Phase::of(&self.doc.board.meta);
                if let Some(tool) =
                    panels::palette::palette_ui(ui, &self.doc.board.legend, self.canvas.tool, phase)
                {
                    self.canvas.tool = tool;
                }
            });
        if self.settings.show_legend {
            egui::Panel::right("legend").show(ui, |ui| {
                let edits = panels::legend::legend_ui(ui, &self.doc.board.legend);
                self.apply(edits);
            });
        }
        if self.settings.show_votes {
            egui::Panel::right("votes").show(ui, |ui| self.votes_panel_ui(ui));
        }
        if self.settings.show_inspector {
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(INSPECTOR_WIDTH)
                .show(ui, |ui| {
                    let edits = keep_width(ui, |ui| {
                        panels::inspector::inspector_ui(
                            ui,
                            &self.doc.board,
                            &derived.analysis,
                            &derived.findings,
                            &self.canvas.selection,
                            &mut self.inspector,
                        )
                    });
                    self.apply(edits);
                });
        }
        if self.settings.show_check {
            egui::Panel::bottom("model check")
                .resizable(true)
                .default_size(180.0)
                .show(ui, |ui| {
                    if let Some(ids) =
                        panels::check::check_ui(ui, &self.doc.board, &derived.findings)
                    {
                        self.canvas.selection.select_stickies(ids.iter().copied());
                        self.canvas.frame_stickies(&self.doc.board, &ids);
                    }
                });
        }
        self.canvas.set_markers(derived.revision, &derived.findings);
        self.canvas.show_minimap = self.settings.show_minimap;
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let edits = canvas::canvas_ui(ui, &self.doc.board, &self.doc.history, &mut self.canvas);
            self.apply(edits);
            self.presence_ui(ui);
        });
        self.timer_overlay(ui.ctx());
    }

    /// The windows over the board: shortcuts, export, and the questions and messages.
    fn windows_ui(&mut self, ctx: &Context, derived: &std::sync::Arc<super::document::Derived>) {
        panels::shortcuts::shortcuts_window(ctx, &mut self.show_shortcuts);
        match panels::export::export_window(
            ctx,
            &mut self.export,
            (&self.doc.board, self.doc.history.revision()),
            derived,
        ) {
            Some(panels::export::ExportAction::ChooseFolder) => {
                let start = Some(PathBuf::from(self.export.folder.trim()))
                    .filter(|p| p.is_dir())
                    .or_else(|| self.doc.folder());
                self.dialogs.export_folder(ctx, start);
            }
            Some(panels::export::ExportAction::Export) => {
                let fresh = self.doc.derived_now();
                self.export.start_export(ctx, &self.doc.board, &fresh);
            }
            None => {}
        }
        panels::picture::picture_window(
            ctx,
            &mut self.picture,
            &self.doc.board,
            &self.canvas.selection,
        );
        let found = panels::find::find_bar_ui(
            ctx,
            self.canvas.view,
            &mut self.find,
            &self.doc.board,
            (derived, self.doc.history.revision()),
        );
        if let Some(id) = found {
            self.canvas.selection.select_stickies([id]);
            self.canvas.frame_stickies(&self.doc.board, &[id]);
        }
        // The palette greys out what cannot run now, which it asks the app.
        let mut palette = std::mem::take(&mut self.palette);
        let chosen =
            panels::command_palette::command_palette_ui(ctx, &mut palette, |c| self.can_run(c));
        self.palette = palette;
        if let Some(command) = chosen {
            self.queue(command);
        }
        self.dialogs.show(ctx);
        self.prompt_window(ctx);
        self.message_window(ctx);
        self.opening_window(ctx);
        self.disk_conflict_window(ctx);
        self.recovery_window(ctx);
        self.live_windows(ctx);
    }
}

/// Shows a side panel's contents at the width the panel has (its default, or what the user
/// dragged it to): wider contents scroll sideways instead of widening the panel for good (an
/// egui panel keeps the widest size its contents ever asked for).
fn keep_width<R>(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    egui::ScrollArea::horizontal()
        .id_salt("keep width")
        .auto_shrink([false, false])
        .show(ui, add_contents)
        .inner
}

impl eframe::App for StormpadApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // Standard is light: sticky colours read as on paper. View → Theme changes it.
        if self.theme_applied != Some(self.settings.theme) {
            self.settings.theme.apply(&ctx);
            self.theme_applied = Some(self.settings.theme);
        }
        self.poll_opening();
        self.poll_live(&ctx);
        self.poll_dialogs(&ctx);
        self.watch_disk(&ctx);
        self.autosave(&ctx);
        self.dropped_files(&ctx);
        self.close_request(&ctx);
        if self.present.is_some() {
            self.presentation_keys(&ctx);
        } else if !self.dialogs.shows_in_window() {
            self.escape_closes_panels(&ctx);
            self.shortcuts(&ctx);
        }
        if self.present.is_some() {
            self.presentation_ui(ui);
            self.timer_overlay(&ctx);
            self.run_queued(&ctx);
            self.update_title(&ctx);
            return;
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        let settled = !ctx.input(|i| i.pointer.any_down()) && !self.doc.history.in_transaction();
        let derived = self.doc.derived(&ctx, settled);
        egui::Panel::bottom("status").show(ui, |ui| {
            self.status_bar(ui, &derived.analysis, &derived.findings);
        });
        self.panels_ui(ui, &derived);
        self.windows_ui(&ctx, &derived);
        // Menus and panels only chose; the commands run now that the frame is laid out.
        self.run_queued(&ctx);

        // One gesture is one undo step: keep the transaction open while a button is held or
        // text is being typed, close it otherwise.
        let gesture = ctx.input(|i| i.pointer.any_down())
            || self.canvas.editing.is_some()
            || ctx.egui_wants_keyboard_input();
        if !gesture {
            self.doc.history.commit();
            self.end_live_gesture();
        }
        self.canvas
            .forget_missing_at(&self.doc.board, self.doc.history.revision());
        self.update_title(&ctx);
        self.report_startup(&ctx);
        self.was_typing = ctx.egui_wants_keyboard_input();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.save(storage);
    }

    /// The panels' colour: they are drawn without a fill (see `Theme::chrome`).
    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        self.settings.theme.chrome().to_normalized_gamma_f32()
    }

    /// A clean exit: the user saved or chose to discard, so the recovery copy goes.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.leave_live();
        if let Some(store) = &self.recovery {
            store.remove(&self.session);
        }
    }
}
