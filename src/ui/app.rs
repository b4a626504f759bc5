//! The eframe application: one open document, menus, panels and the command dispatch.
//!
//! `ui` lays out panels and nothing else; every action goes through [`StormpadApp::run`], and
//! every change to the board through the document's history.

use std::path::{Path, PathBuf};

use egui::{Context, Event, Key, Modifiers, RichText, Ui, ViewportCommand};

use super::canvas::{self, CanvasState, TextTarget, Tool};
use super::command::{Command, Menu, Nudge};
use super::dialogs::{DialogKind, FileDialogs};
use super::document::{DiskChange, Document};
use super::panels;
use super::theme;
use crate::edit::{Edit, ops};
use crate::file::{
    self,
    recovery::{Recoverable, RecoveryMeta, RecoveryStore},
};
use crate::model::{Board, Kind, Point, Sticky};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How many recent files the File menu keeps.
const MAX_RECENT: usize = 10;
/// How often a recovery copy is written while there are unsaved changes: with the time to
/// write it, at most about five seconds of work are at risk.
const AUTOSAVE_SECONDS: f64 = 3.0;
/// How often the open file is checked for changes by other programs.
const DISK_CHECK_SECONDS: f64 = 1.0;
/// The eframe storage key of the recent-files list.
const RECENT_KEY: &str = "recent-files";

/// What waits for the user to save or discard unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    New,
    /// Open a file; `None` shows the open dialog.
    Open(Option<PathBuf>),
    Quit,
}

/// A board file being read on another thread.
struct Opening {
    path: PathBuf,
    result: std::sync::mpsc::Receiver<Result<Document, crate::file::LoadError>>,
}

/// A message shown in a window until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub title: String,
    pub body: String,
}

/// The application state.
pub struct StormpadApp {
    pub doc: Document,
    pub canvas: CanvasState,
    pub show_legend: bool,
    pub show_shortcuts: bool,
    pub show_inspector: bool,
    pub show_check: bool,
    pub inspector: panels::inspector::InspectorState,
    pub export: panels::export::ExportDialog,
    pub recent: Vec<PathBuf>,
    /// An action waiting on the Save / Discard / Cancel question.
    pub prompt: Option<Pending>,
    /// An action to carry out once Save As has saved.
    after_save_as: Option<Pending>,
    pub message: Option<Message>,
    dialogs: FileDialogs,
    opening: Option<Opening>,
    /// Where recovery copies go; `None` turns autosave off (tests, no data folder).
    recovery: Option<RecoveryStore>,
    /// This app's name among recovery copies.
    session: String,
    /// The history state of the last recovery copy written, if one is on disk.
    autosaved: Option<u64>,
    last_autosave: f64,
    autosave_busy: Arc<AtomicBool>,
    recovery_scanned: bool,
    /// Copies left by earlier runs that ended without a clean exit.
    pub recoverable: Vec<Recoverable>,
    /// What another program wrote to the file while this board had unsaved changes.
    pub disk_conflict: Option<Vec<u8>>,
    last_disk_check: f64,
    allow_close: bool,
    title: String,
    /// When set, the first frame prints its time since this instant and closes the app
    /// (`--exit-after-first-frame`).
    pub measure_startup: Option<std::time::Instant>,
    startup_frame_reported: bool,
}

impl StormpadApp {
    /// An app showing `doc`.
    pub fn new(doc: Document) -> Self {
        let mut app = Self {
            doc,
            canvas: CanvasState::default(),
            show_legend: false,
            show_shortcuts: false,
            show_inspector: true,
            show_check: false,
            inspector: panels::inspector::InspectorState::default(),
            export: panels::export::ExportDialog::default(),
            recent: Vec::new(),
            prompt: None,
            after_save_as: None,
            message: None,
            dialogs: FileDialogs::default(),
            opening: None,
            disk_conflict: None,
            last_disk_check: 0.0,
            recovery: None,
            session: format!("{:016x}", fastrand::u64(..)),
            autosaved: None,
            last_autosave: 0.0,
            autosave_busy: Arc::new(AtomicBool::new(false)),
            recovery_scanned: false,
            recoverable: Vec::new(),
            allow_close: false,
            title: String::new(),
            measure_startup: None,
            startup_frame_reported: false,
        };
        app.report_warnings();
        app
    }

    /// Creates the app inside eframe, restoring the recent-files list.
    pub fn with_storage(doc: Document, cc: &eframe::CreationContext<'_>) -> Self {
        // Light: sticky colours read as on paper, and projectors wash out dark themes.
        cc.egui_ctx.set_theme(egui::Theme::Light);
        let mut app = Self::new(doc);
        app.recovery = RecoveryStore::default_location();
        if let Some(storage) = cc.storage {
            app.recent = eframe::get_value(storage, RECENT_KEY).unwrap_or_default();
        }
        if let Some(path) = app.doc.path.clone() {
            app.remember(&path);
        }
        app
    }

    /// Carries out one user action.
    pub fn run(&mut self, ctx: &Context, command: Command) {
        let board = &self.doc.board;
        let selection = &self.canvas.selection;
        match command {
            Command::New => self.request(ctx, Pending::New),
            Command::Open => self.request(ctx, Pending::Open(None)),
            Command::Save => {
                self.save(ctx);
            }
            Command::SaveAs => self.save_as_dialog(ctx),
            Command::Quit => self.request(ctx, Pending::Quit),
            Command::Undo => {
                self.canvas.stop_editing();
                self.doc.history.undo(&mut self.doc.board);
            }
            Command::Redo => {
                self.canvas.stop_editing();
                self.doc.history.redo(&mut self.doc.board);
            }
            Command::Copy => self.copy(ctx),
            Command::Cut => {
                self.copy(ctx);
                let edits = ops::delete(&self.doc.board, &self.canvas.selection);
                self.apply(edits);
                self.canvas.selection.clear();
            }
            Command::Paste => {
                // The platform delivers the clipboard's text as an event (see `shortcuts`);
                // the menu entry asks for it the same way a key press does.
                ctx.send_viewport_cmd(ViewportCommand::RequestPaste);
            }
            Command::Duplicate => {
                let fragment = ops::copy(board, selection);
                let (edits, pasted) = ops::paste(&fragment, Point::new(40.0, 40.0));
                self.apply(edits);
                self.canvas.selection.set(pasted);
            }
            Command::Delete => {
                let edits = ops::delete(board, selection);
                self.apply(edits);
                self.canvas.selection.clear();
            }
            Command::SelectAll => self.canvas.selection.set(ops::Items::all(board)),
            Command::Link => {
                if let [.., from, to] = *selection.picked() {
                    let edit = ops::connect(board, from, to);
                    self.apply(edit.into_iter().collect());
                }
            }
            Command::EditText => {
                let target = match (
                    selection.stickies.first(),
                    selection.boundaries.first(),
                    selection.len(),
                ) {
                    (Some(id), _, 1) => Some(TextTarget::Sticky(*id)),
                    (_, Some(id), 1) => Some(TextTarget::Region(*id)),
                    _ => None,
                };
                if let Some(t) = target {
                    self.canvas.start_editing(&self.doc.board, t);
                }
            }
            Command::NextSticky => {
                let edits = canvas::next_sticky(&self.doc.board, &mut self.canvas);
                self.apply(edits);
            }
            Command::TogglePivotal => {
                let events: Vec<(crate::model::Id, Sticky)> = selection
                    .stickies
                    .iter()
                    .filter_map(|id| board.stickies.get(id).map(|s| (*id, s.clone())))
                    .filter(|(_, s)| s.kind == Kind::DomainEvent)
                    .collect();
                let make = !events.iter().all(|(_, s)| s.pivotal);
                let edits = events
                    .into_iter()
                    .map(|(id, mut s)| {
                        s.pivotal = make;
                        Edit::PutSticky {
                            id,
                            sticky: Some(s),
                        }
                    })
                    .collect();
                self.apply(edits);
            }
            Command::Create(kind) => {
                let added = ops::new_sticky(kind, self.canvas.placement_point());
                self.apply(vec![added.edit]);
                self.canvas.type_into_new(TextTarget::Sticky(added.id));
            }
            Command::DrawRegion(kind) => self.canvas.tool = Tool::Region(kind),
            Command::SelectTool => {
                self.canvas.tool = Tool::Select;
                self.canvas.stop_editing();
            }
            Command::Nudge(n) => self.nudge(n, 10.0),
            Command::NudgeFar(n) => self.nudge(n, 100.0),
            Command::ZoomToFit => self.canvas.zoom_to_fit(&self.doc.board),
            Command::ZoomReset => {
                let view = self.canvas.view;
                let factor = 1.0 / self.canvas.camera.zoom;
                self.canvas.camera.zoom_around(view, view.center(), factor);
            }
            Command::ZoomIn | Command::ZoomOut => {
                let view = self.canvas.view;
                let factor = if command == Command::ZoomIn {
                    1.25
                } else {
                    0.8
                };
                self.canvas.camera.zoom_around(view, view.center(), factor);
            }
            Command::ToggleLegend => self.show_legend = !self.show_legend,
            Command::ToggleInspector => self.show_inspector = !self.show_inspector,
            Command::ToggleModelCheck => self.show_check = !self.show_check,
            Command::Export => {
                let title = self.doc.board.meta.title.clone();
                self.export.show_for(self.doc.path.as_deref(), &title);
            }
            Command::ShowShortcuts => self.show_shortcuts = !self.show_shortcuts,
        }
        self.canvas.forget_missing(&self.doc.board);
    }

    /// Applies edits as part of the current gesture; the frame's end closes the undo step.
    fn apply(&mut self, edits: Vec<Edit>) {
        self.doc.apply(edits);
    }

    fn nudge(&mut self, n: Nudge, step: f32) {
        let delta = match n {
            Nudge::Left => Point::new(-step, 0.0),
            Nudge::Right => Point::new(step, 0.0),
            Nudge::Up => Point::new(0.0, -step),
            Nudge::Down => Point::new(0.0, step),
        };
        let edit = ops::translate(&self.doc.board, &self.canvas.selection, delta);
        self.apply(edit.into_iter().collect());
    }

    fn copy(&mut self, ctx: &Context) {
        if self.canvas.selection.is_empty() {
            return;
        }
        let fragment = ops::copy(&self.doc.board, &self.canvas.selection);
        ctx.copy_text(file::clipboard::to_text(&fragment));
    }

    /// Pastes clipboard text: a Stormpad board or selection (from this or another window)
    /// lands under the pointer with fresh ids; plain text becomes one domain event per line,
    /// along a timeline.
    pub fn paste_text(&mut self, text: &str) {
        let at = self.canvas.placement_point();
        let fragment = file::clipboard::parse(text);
        let origin = fragment.bounds().map_or(Point::default(), |b| b.pos);
        let (edits, pasted) = ops::paste(&fragment, at.minus(origin));
        self.apply(edits);
        self.canvas.selection.set(pasted);
    }

    /// Asks about unsaved changes before an action that would lose them.
    pub fn request(&mut self, ctx: &Context, action: Pending) {
        if self.doc.is_dirty() {
            self.prompt = Some(action);
        } else {
            self.perform(ctx, action);
        }
    }

    /// Carries out an action, unsaved changes having been dealt with.
    fn perform(&mut self, ctx: &Context, action: Pending) {
        match action {
            Pending::New => self.replace_document(Document::untitled(Board::new("Untitled board"))),
            Pending::Open(Some(path)) => self.open_path(ctx, &path),
            Pending::Open(None) => {
                self.dialogs.open(ctx, self.doc.folder());
            }
            Pending::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Starts opening a board file in place of the current one (the caller has dealt with
    /// unsaved changes). The file is read on another thread, so the window keeps drawing
    /// while a large board loads; a file that fails to load leaves the current board as it is.
    pub fn open_path(&mut self, ctx: &Context, path: &Path) {
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let file = path.to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(Document::open(&file));
            ctx.request_repaint();
        });
        self.opening = Some(Opening {
            path: path.to_path_buf(),
            result: rx,
        });
    }

    /// Looks, about once a second, whether another program changed the open file. A clean
    /// board follows the file (keeping the view); with unsaved changes the user decides.
    fn watch_disk(&mut self, ctx: &Context) {
        let now = ctx.input(|i| i.time);
        if self.disk_conflict.is_some() || now - self.last_disk_check < DISK_CHECK_SECONDS {
            return;
        }
        self.last_disk_check = now;
        if self.doc.path.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(DISK_CHECK_SECONDS));
        }
        let DiskChange::Changed(bytes) = self.doc.disk_change() else {
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
    fn disk_conflict_window(&mut self, ctx: &Context) {
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

    /// Sets where recovery copies go (`None`: no autosave). Before the first frame, this also
    /// decides where earlier copies are looked for.
    pub fn set_recovery(&mut self, store: Option<RecoveryStore>) {
        self.recovery = store;
        self.recovery_scanned = false;
    }

    /// Writes a recovery copy every few seconds while the board has unsaved changes, on
    /// another thread; removes it once the board is saved.
    fn autosave(&mut self, ctx: &Context) {
        let Some(store) = &self.recovery else {
            return;
        };
        if !self.recovery_scanned {
            self.recovery_scanned = true;
            self.recoverable = store.list(&self.session);
        }
        let busy = self.autosave_busy.load(Ordering::Acquire);
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
        self.autosave_busy.store(true, Ordering::Release);
        let board = self.doc.board.clone();
        let meta = RecoveryMeta::now(self.doc.path.clone(), board.meta.title.clone());
        let (store, session, done) = (
            store.clone(),
            self.session.clone(),
            self.autosave_busy.clone(),
        );
        std::thread::spawn(move || {
            if let Err(e) = store.write(&session, &meta, &file::to_string(&board)) {
                eprintln!(
                    "stormpad: could not write a recovery copy to {}: {e}",
                    store.dir().display()
                );
            }
            done.store(false, Ordering::Release);
        });
    }

    /// The offer to bring back work from a run that did not end cleanly.
    fn recovery_window(&mut self, ctx: &Context) {
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
        let Some((i, restore)) = action else {
            return;
        };
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

    /// Whether a board is being read in the background.
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Takes the opened board once the reading thread is done.
    fn poll_opening(&mut self) {
        let Some(opening) = &self.opening else {
            return;
        };
        let result = match opening.result.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(crate::file::LoadError::whole(
                "reading the file stopped unexpectedly",
            )),
        };
        let path = opening.path.clone();
        self.opening = None;
        match result {
            Ok(doc) => {
                self.replace_document(doc);
                self.remember(&path);
            }
            Err(e) => {
                self.message = Some(Message {
                    title: "Could not open the board".into(),
                    body: e.with_file(&path),
                });
            }
        }
    }

    fn opening_window(&self, ctx: &Context) {
        let Some(opening) = &self.opening else {
            return;
        };
        egui::Modal::new(egui::Id::unique("opening")).show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Opening {}…", opening.path.display()));
            });
        });
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.canvas = CanvasState::for_view(self.canvas.view);
        self.report_warnings();
    }

    fn report_warnings(&mut self) {
        if self.doc.warnings.is_empty() {
            return;
        }
        let body = self
            .doc
            .warnings
            .iter()
            .map(|w| format!("• {}", w.message))
            .collect::<Vec<_>>()
            .join("\n");
        self.message = Some(Message {
            title: "The board was repaired while loading".into(),
            body: format!("{body}\n\nThe file itself is unchanged until you save."),
        });
    }

    fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Saves to the document's file, or asks where when it has none. Returns whether the
    /// board is now saved.
    pub fn save(&mut self, ctx: &Context) -> bool {
        match self.doc.path.clone() {
            Some(path) if self.doc.read_only => {
                self.message = Some(Message {
                    title: "The board is read-only".into(),
                    body: format!(
                        "{} cannot be written. Choose where to save a copy.",
                        path.display()
                    ),
                });
                self.save_as_dialog(ctx);
                false
            }
            Some(path) => self.save_to(&path),
            None => {
                self.save_as_dialog(ctx);
                false
            }
        }
    }

    /// Saves to `path`; on failure the board stays open and unsaved, and the user is told.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match self.doc.save_to(path) {
            Ok(()) => {
                self.remember(path);
                true
            }
            Err(e) => {
                self.message = Some(Message {
                    title: "Could not save the board".into(),
                    body: format!(
                        "{}: {e}\n\nYour board is still open and unchanged; try Save As \
                         to another folder.",
                        path.display()
                    ),
                });
                false
            }
        }
    }

    fn save_as_dialog(&mut self, ctx: &Context) {
        self.dialogs
            .save_as(ctx, self.doc.suggested_file_name(), self.doc.folder());
    }

    fn poll_dialogs(&mut self, ctx: &Context) {
        match self.dialogs.poll() {
            Some((DialogKind::Open, Some(path))) => self.open_path(ctx, &path),
            Some((DialogKind::SaveAs, Some(path))) => {
                if self.save_to(&path)
                    && let Some(next) = self.after_save_as.take()
                {
                    self.perform(ctx, next);
                }
            }
            Some((DialogKind::ExportFolder, Some(path))) => {
                self.export.folder = path.display().to_string();
            }
            Some((_, None)) => self.after_save_as = None,
            None => {}
        }
    }

    /// Keyboard shortcuts from the command table, and clipboard events.
    fn shortcuts(&mut self, ctx: &Context) {
        if self.prompt.is_some() || self.opening.is_some() || self.disk_conflict.is_some() {
            return;
        }
        if matches!(self.canvas.editing, Some(TextTarget::Sticky(_)))
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab))
        {
            self.run(ctx, Command::NextSticky);
        }
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.editing.is_some();
        let mut commands = Command::all();
        // Most specific first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
        commands.sort_by_key(|c| {
            std::cmp::Reverse(
                c.shortcuts()
                    .iter()
                    .map(|s| modifier_count(s.modifiers))
                    .max(),
            )
        });
        for command in commands {
            if command.is_clipboard() || (typing && !command.works_while_typing()) {
                continue;
            }
            let pressed = command
                .shortcuts()
                .iter()
                .any(|s| ctx.input_mut(|i| i.consume_shortcut(s)));
            if pressed {
                self.run(ctx, command);
            }
        }
        if typing {
            return;
        }
        let events = ctx.input(|i| i.events.clone());
        for event in events {
            match event {
                Event::Copy => self.run(ctx, Command::Copy),
                Event::Cut => self.run(ctx, Command::Cut),
                Event::Paste(text) => self.paste_text(&text),
                _ => {}
            }
        }
    }

    fn dropped_files(&mut self, ctx: &Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.request(ctx, Pending::Open(Some(path)));
        }
    }

    fn close_request(&mut self, ctx: &Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.prompt = Some(Pending::Quit);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.title(), |ui| {
                    for command in Command::all()
                        .into_iter()
                        .filter(|c| c.menu() == Some(menu))
                    {
                        if command == Command::Create(Kind::DomainEvent) {
                            ui.separator();
                        }
                        let shortcut = command
                            .shortcuts()
                            .first()
                            .map(|s| ctx.format_shortcut(s))
                            .unwrap_or_default();
                        let button = egui::Button::new(command.label()).shortcut_text(shortcut);
                        if ui.add(button).clicked() {
                            self.run(&ctx, command);
                            ui.close();
                        }
                    }
                    if menu == Menu::File {
                        self.recent_menu(ui, &ctx);
                    }
                });
            }
        });
    }

    fn recent_menu(&mut self, ui: &mut Ui, ctx: &Context) {
        ui.separator();
        ui.menu_button("Open recent", |ui| {
            if self.recent.is_empty() {
                ui.label(RichText::new("No recent boards").weak());
            }
            for path in self.recent.clone() {
                if ui.button(path.display().to_string()).clicked() {
                    self.request(ctx, Pending::Open(Some(path)));
                    ui.close();
                }
            }
        });
    }

    /// The status line; returns whether the model check summary was clicked.
    fn status_bar(&self, ui: &mut Ui, findings: &[crate::model::check::Finding]) -> bool {
        let mut toggle_check = false;
        ui.horizontal(|ui| {
            let b = &self.doc.board;
            ui.label(format!("{:.0}%", self.canvas.camera.zoom * 100.0));
            ui.separator();
            ui.label(format!(
                "{} stickies · {} regions · {} arrows",
                b.stickies.len(),
                b.boundaries.len(),
                b.links.len()
            ));
            if !self.canvas.selection.is_empty() {
                ui.separator();
                ui.label(format!("{} selected", self.canvas.selection.len()));
            }
            ui.separator();
            let (errors, warnings, _) = panels::check::counts(findings);
            let colour = if errors > 0 {
                theme::ERROR
            } else if warnings > 0 {
                theme::WARNING
            } else {
                ui.visuals().text_color()
            };
            let summary = format!("{errors} errors · {warnings} warnings");
            toggle_check = ui
                .add(egui::Button::new(RichText::new(summary).color(colour)).frame(false))
                .on_hover_text("Show or hide the model check")
                .accessible_name("Model check summary")
                .clicked();
            ui.separator();
            let hint = match self.canvas.tool {
                Tool::Select => "Drag on empty space to select · Space+drag or scroll to pan",
                Tool::Place(_) => "Click on the board to place the sticky",
                Tool::Region(_) => "Drag on the board to draw the region",
            };
            ui.label(RichText::new(hint).weak());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let path = self
                    .doc
                    .path
                    .as_ref()
                    .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string());
                ui.label(RichText::new(path).weak());
            });
        });
        toggle_check
    }

    fn prompt_window(&mut self, ctx: &Context) {
        let Some(action) = self.prompt.clone() else {
            return;
        };
        let text = format!(
            "Save the changes to “{}” first? Without saving they are lost.",
            self.doc.display_name()
        );
        let answers = [("Save", ""), ("Discard", ""), ("Cancel", "")];
        match ask(ctx, "unsaved-changes", "Unsaved changes", &text, &answers) {
            Some(0) => {
                self.prompt = None;
                if self.doc.path.is_some() {
                    if self.save(ctx) {
                        self.perform(ctx, action);
                    }
                } else {
                    self.after_save_as = Some(action);
                    self.save_as_dialog(ctx);
                }
            }
            Some(1) => {
                self.prompt = None;
                self.perform(ctx, action);
            }
            Some(_) => self.prompt = None,
            None => {}
        }
    }

    fn message_window(&mut self, ctx: &Context) {
        let Some(message) = self.message.clone() else {
            return;
        };
        let mut open = true;
        let mut ok = false;
        egui::Window::new(message.title.as_str())
            .open(&mut open)
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(&message.body);
                ok = ui.button("OK").clicked();
            });
        if !open || ok {
            self.message = None;
        }
    }

    fn update_title(&mut self, ctx: &Context) {
        let mark = if self.doc.is_dirty() { "● " } else { "" };
        let read_only = if self.doc.read_only {
            " (read-only)"
        } else {
            ""
        };
        let title = format!("{mark}{}{read_only} — Stormpad", self.doc.display_name());
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
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

    /// The window title as last set: the file name and an unsaved-changes mark.
    pub fn title(&self) -> &str {
        &self.title
    }
}

/// A modal question with one button per answer (label, tooltip); the index of the answer
/// clicked this frame.
fn ask(
    ctx: &Context,
    id: &str,
    heading: &str,
    text: &str,
    answers: &[(&str, &str)],
) -> Option<usize> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.heading(heading);
        ui.label(text);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (i, (label, tip)) in answers.iter().enumerate() {
                let button = ui.button(*label);
                let button = if tip.is_empty() {
                    button
                } else {
                    button.on_hover_text(*tip)
                };
                if button.clicked() {
                    answer = Some(i);
                }
            }
        });
    });
    answer
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.command || m.ctrl) + u8::from(m.shift) + u8::from(m.alt)
}

impl eframe::App for StormpadApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_opening();
        self.poll_dialogs(&ctx);
        self.watch_disk(&ctx);
        self.autosave(&ctx);
        self.dropped_files(&ctx);
        self.close_request(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        let settled = !ctx.input(|i| i.pointer.any_down()) && !self.doc.history.in_transaction();
        let derived = self.doc.derived(settled);
        egui::Panel::bottom("status").show(ui, |ui| {
            if self.status_bar(ui, &derived.findings) {
                self.show_check = !self.show_check;
            }
        });
        egui::Panel::left("palette")
            .resizable(false)
            .show(ui, |ui| {
                if let Some(tool) =
                    panels::palette::palette_ui(ui, &self.doc.board.legend, self.canvas.tool)
                {
                    self.canvas.tool = tool;
                }
            });
        if self.show_legend {
            egui::Panel::right("legend").show(ui, |ui| {
                let edits = panels::legend::legend_ui(ui, &self.doc.board.legend);
                self.apply(edits);
            });
        }
        if self.show_inspector {
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| {
                    let edits = panels::inspector::inspector_ui(
                        ui,
                        &self.doc.board,
                        &derived.analysis,
                        &derived.findings,
                        &self.canvas.selection,
                        &mut self.inspector,
                    );
                    self.apply(edits);
                });
        }
        if self.show_check {
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
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let revision = self.doc.history.revision();
            let edits = canvas::canvas_ui(ui, &self.doc.board, revision, &mut self.canvas);
            self.apply(edits);
        });
        panels::shortcuts::shortcuts_window(&ctx, &mut self.show_shortcuts);
        match panels::export::export_window(
            &ctx,
            &mut self.export,
            (&self.doc.board, self.doc.history.revision()),
            &derived,
        ) {
            Some(panels::export::ExportAction::ChooseFolder) => {
                let start = Some(PathBuf::from(self.export.folder.trim()))
                    .filter(|p| p.is_dir())
                    .or_else(|| self.doc.folder());
                self.dialogs.export_folder(&ctx, start);
            }
            Some(panels::export::ExportAction::Export) => {
                let fresh = self.doc.derived(true);
                self.export.start_export(&ctx, &self.doc.board, &fresh);
            }
            None => {}
        }
        self.prompt_window(&ctx);
        self.message_window(&ctx);
        self.opening_window(&ctx);
        self.disk_conflict_window(&ctx);
        self.recovery_window(&ctx);

        // One gesture is one undo step: keep the transaction open while a button is held or
        // text is being typed, close it otherwise.
        let gesture = ctx.input(|i| i.pointer.any_down())
            || self.canvas.editing.is_some()
            || ctx.egui_wants_keyboard_input();
        if !gesture {
            self.doc.history.commit();
        }
        self.canvas.forget_missing(&self.doc.board);
        self.update_title(&ctx);
        self.report_startup(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
    }

    /// A clean exit: the user saved or chose to discard, so the recovery copy goes.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(store) = &self.recovery {
            store.remove(&self.session);
        }
    }
}
