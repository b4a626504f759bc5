//! Native open and save dialogs, run off the UI thread so the window keeps drawing while a
//! dialog is open. With no desktop portal and no zenity, rfd answers "cancelled".

use std::path::PathBuf;

use super::background::Task;
use crate::file::EXTENSION;

/// Which dialog a result belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Open,
    SaveAs,
    /// The export dialog's output folder.
    ExportFolder,
}

/// At most one file dialog at a time, and its answer when it comes.
#[derive(Default)]
pub struct FileDialogs {
    waiting: Option<(DialogKind, Task<Option<PathBuf>>)>,
}

impl FileDialogs {
    /// Dialogs that never try the desktop's own.
    pub fn in_app_only() -> Self {
        Self::default()
    }

    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.waiting.is_some()
    }

    /// Shows the open dialog.
    pub fn open(&mut self, ctx: &egui::Context, folder: Option<PathBuf>) {
        self.spawn(ctx, DialogKind::Open, move || {
            let mut d = rfd::FileDialog::new()
                .set_title("Open board")
                .add_filter("Stormpad board", &["ron"]);
            if let Some(f) = folder {
                d = d.set_directory(f);
            }
            d.pick_file()
        });
    }

    /// Shows the save dialog with a proposed file name.
    pub fn save_as(&mut self, ctx: &egui::Context, name: String, folder: Option<PathBuf>) {
        self.spawn(ctx, DialogKind::SaveAs, move || {
            let mut d = rfd::FileDialog::new()
                .set_title("Save board as")
                .add_filter("Stormpad board", &["ron"])
                .set_file_name(name);
            if let Some(f) = folder {
                d = d.set_directory(f);
            }
            d.save_file().map(with_extension)
        });
    }

    /// Shows the folder picker for the export dialog.
    pub fn export_folder(&mut self, ctx: &egui::Context, start: Option<PathBuf>) {
        self.spawn(ctx, DialogKind::ExportFolder, move || {
            let mut d = rfd::FileDialog::new().set_title("Export into folder");
            if let Some(f) = start {
                d = d.set_directory(f);
            }
            d.pick_folder()
        });
    }

    fn spawn(
        &mut self,
        ctx: &egui::Context,
        kind: DialogKind,
        show: impl FnOnce() -> Option<PathBuf> + Send + 'static,
    ) {
        if self.is_open() {
            return;
        }
        self.waiting = Some((kind, Task::spawn(ctx, "file dialog", show)));
    }

    /// The answer of the open dialog, once the user has chosen (`None` path: cancelled).
    pub fn poll(&mut self) -> Option<(DialogKind, Option<PathBuf>)> {
        let (kind, task) = self.waiting.as_ref()?;
        // A dialog whose thread died counts as cancelled.
        let answer = (*kind, task.poll()?.ok().flatten());
        self.waiting = None;
        Some(answer)
    }
}

/// Adds `.storm.ron` when the user typed a bare name.
pub fn with_extension(path: PathBuf) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.ends_with(".ron") {
        path
    } else {
        path.with_file_name(format!("{name}.{EXTENSION}"))
    }
}
