//! A board's life in the window: new, open (read in the background), save and save as, and
//! the question about unsaved changes before anything would lose them.

use std::path::{Path, PathBuf};

use egui::{Context, ViewportCommand};

use super::StormpadApp;
use super::chrome::{Message, ask};
use crate::file::{self, LoadError, SerialiseError};
use crate::model::Board;
use crate::ui::background::Task;
use crate::ui::canvas::CanvasState;
use crate::ui::dialogs::{DialogKind, FileDialogs};
use crate::ui::document::Document;

/// What waits for the user to save or discard unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    New,
    /// Open a file; `None` shows the open dialog.
    Open(Option<PathBuf>),
    Quit,
    /// Join a live board (File → Join live board…, `--join`); `viewer` joins read-only.
    Join {
        url: String,
        viewer: bool,
    },
}

/// A board file being read on another thread.
pub(super) struct Opening {
    path: PathBuf,
    task: Task<Result<Document, LoadError>>,
}

impl StormpadApp {
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
            Pending::Join { url, viewer } => self.join_now(ctx, &url, viewer),
        }
    }

    /// Starts opening a board file in place of the current one (the caller has dealt with
    /// unsaved changes). The file is read on another thread, so the window keeps drawing
    /// while a large board loads; a file that fails to load leaves the current board as it is.
    pub fn open_path(&mut self, ctx: &Context, path: &Path) {
        let file = path.to_path_buf();
        self.opening = Some(Opening {
            path: path.to_path_buf(),
            task: Task::spawn(ctx, "open board", move || Document::open(&file)),
        });
    }

    /// Opens the file named on the command line, in the background like [`Self::open_path`];
    /// a file that does not exist yet becomes a new board that saves there.
    pub fn open_at_start(&mut self, ctx: &Context, path: &Path) {
        let file = path.to_path_buf();
        self.opening = Some(Opening {
            path: path.to_path_buf(),
            task: Task::spawn(ctx, "open board", move || Document::open_or_new(&file)),
        });
    }

    /// Uses `dialogs` for Open, Save As and the export folder.
    pub fn set_file_dialogs(&mut self, dialogs: FileDialogs) {
        self.dialogs = dialogs;
    }

    /// Whether a board is being read in the background.
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Takes the opened board once the reading thread is done.
    pub(super) fn poll_opening(&mut self) {
        let Some(opening) = &self.opening else {
            return;
        };
        let Some(answer) = opening.task.poll() else {
            return;
        };
        let result = answer
            .unwrap_or_else(|_| Err(LoadError::whole("reading the file stopped unexpectedly")));
        let path = opening.path.clone();
        self.opening = None;
        match result {
            Ok(doc) => {
                // A new board named at start-up is a recent file once it is saved.
                let on_disk = doc.disk_probe().is_some();
                self.replace_document(doc);
                if on_disk {
                    self.settings.remember(&path);
                }
            }
            Err(e) => {
                self.message = Some(Message {
                    title: "Could not open the board".into(),
                    body: e.with_file(&path),
                });
            }
        }
    }

    /// The spinner while a board is read.
    pub(super) fn opening_window(&self, ctx: &Context) {
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

    /// Shows `doc` in place of the current board, with a fresh view of the same size.
    pub(super) fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.canvas = CanvasState::for_view(self.canvas.view);
        self.find.new_board();
        self.report_warnings();
    }

    /// Tells the user, once, what the loader repaired.
    pub(super) fn report_warnings(&mut self) {
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
        self.save_with(path, file::to_string)
    }

    /// [`Self::save_to`] with the serialiser as a parameter, so a test can make serialising
    /// fail for real.
    fn save_with(
        &mut self,
        path: &Path,
        serialise: impl FnOnce(&Board) -> Result<String, SerialiseError>,
    ) -> bool {
        match self.doc.save_with(path, serialise) {
            Ok(()) => {
                self.settings.remember(path);
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

    /// Shows the save dialog, proposing a file name from the board's title.
    pub(super) fn save_as_dialog(&mut self, ctx: &Context) {
        self.dialogs
            .save_as(ctx, self.doc.suggested_file_name(), self.doc.folder());
    }

    /// Acts on the answer of a file dialog once the user has chosen.
    pub(super) fn poll_dialogs(&mut self, ctx: &Context) {
        match self.dialogs.poll(ctx) {
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

    /// A board file dropped on the window opens (after the unsaved-changes question).
    pub(super) fn dropped_files(&mut self, ctx: &Context) {
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

    /// Closing the window with unsaved changes asks first.
    pub(super) fn close_request(&mut self, ctx: &Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.prompt = Some(Pending::Quit);
        }
    }

    /// The Save / Discard / Cancel question.
    pub(super) fn prompt_window(&mut self, ctx: &Context) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::model::{Id, Kind, Point, Sticky};

    /// Serialising that fails for real (ron's recursion limit) fails the save like a full
    /// disk would: the user is told, the board stays open and unsaved, the file is untouched.
    #[test]
    fn a_board_that_cannot_be_serialised_is_not_saved_over_the_file() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("workshop.storm.ron");
        let mut app = StormpadApp::new(Document::untitled(Board::new("Workshop")));
        assert!(app.save_to(&path));
        let before = std::fs::read(&path)?;

        app.apply(vec![Edit::PutSticky {
            id: Id(1),
            sticky: Some(Sticky::new(Kind::DomainEvent, "Precious", Point::default())),
        }]);
        assert!(!app.save_with(&path, file::failing_to_string));

        let message = app.message.clone().unwrap_or_else(|| panic!("no message"));
        assert_eq!(message.title, "Could not save the board");
        assert!(
            message.body.contains("could not be written as text"),
            "{message:?}"
        );
        assert!(app.doc.is_dirty(), "the board still needs saving");
        assert_eq!(app.doc.board.stickies.len(), 1, "the board is still open");
        assert_eq!(std::fs::read(&path)?, before, "the old file is untouched");
        Ok(())
    }
}
