//! File → Export picture…: the whole board, the selection or one bounded context as PNG, SVG
//! or PDF, at a scale, into a folder. The same function as `stormpad export --to png|svg|pdf`;
//! rendering runs on a background thread (a poster takes seconds). Exporting changes nothing
//! on the board and never enters undo.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::export::picture::{self, Format, Scope};
use crate::model::{Board, BoundaryKind};
use crate::ui::background::Task;
use crate::ui::canvas::selection::Selection;
use crate::ui::theme;

/// What the picture shows, as the dialog offers it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Part {
    #[default]
    Board,
    Selection,
    /// A bounded context by name.
    Context(String),
}

/// What the dialog remembers while open (never part of the board).
pub struct PictureDialog {
    pub open: bool,
    pub part: Part,
    pub format: Format,
    /// Pixels per board unit (1: the canvas at 100%).
    pub scale: f32,
    /// The folder the picture is written into.
    pub folder: String,
    /// The outcome of the last export, shown under the button.
    pub outcome: Option<Result<String, String>>,
    working: Option<Task<Result<String, String>>>,
}

impl Default for PictureDialog {
    fn default() -> Self {
        Self {
            open: false,
            part: Part::Board,
            format: Format::Png,
            scale: 1.0,
            folder: String::new(),
            outcome: None,
            working: None,
        }
    }
}

impl PictureDialog {
    /// Opens the dialog; the folder defaults to the board's own.
    pub fn show_for(&mut self, board_folder: Option<PathBuf>) {
        self.open = true;
        self.outcome = None;
        if self.folder.is_empty() {
            let dir = board_folder
                .or_else(|| directories::UserDirs::new().map(|d| d.home_dir().to_path_buf()))
                .unwrap_or_default();
            self.folder = dir.display().to_string();
        }
    }

    /// Whether a picture is being made.
    pub fn is_working(&self) -> bool {
        self.working.is_some()
    }

    /// Renders and writes the picture on a background thread.
    fn start(&mut self, ctx: &egui::Context, board: &Board, selection: &Selection) {
        let scope = match &self.part {
            Part::Board => Scope::Board,
            Part::Context(name) => Scope::Context(name.clone()),
            Part::Selection => Scope::Selection {
                stickies: selection.stickies.clone(),
                regions: selection.boundaries.clone(),
            },
        };
        let options = picture::Options {
            scale: self.scale,
            scope,
        };
        let (board, format) = (board.clone(), self.format);
        let folder = PathBuf::from(self.folder.trim());
        self.outcome = None;
        self.working = Some(Task::spawn(ctx, "picture export", move || {
            let files = picture::export(&board, format, &options).map_err(|e| e.to_string())?;
            write(&folder, &files)
        }));
    }

    fn poll(&mut self) {
        if let Some(answer) = self.working.as_ref().and_then(Task::poll) {
            self.outcome = Some(answer.unwrap_or_else(|e| Err(e.to_string())));
            self.working = None;
        }
    }
}

/// Writes the picture into `folder`; the message names the file.
fn write(folder: &Path, files: &[crate::export::OutputFile]) -> Result<String, String> {
    crate::export::write_outputs(folder, files).map_err(|e| e.to_string())?;
    let names: Vec<String> = files
        .iter()
        .map(|f| folder.join(&f.path).display().to_string())
        .collect();
    Ok(format!("Wrote {}", names.join(", ")))
}

/// The Export picture window.
pub fn picture_window(
    ctx: &egui::Context,
    dialog: &mut PictureDialog,
    board: &Board,
    selection: &Selection,
) {
    dialog.poll();
    if !dialog.open {
        return;
    }
    let mut open = true;
    let mut start = false;
    egui::Window::new("Export picture")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            start = picture_ui(ui, dialog, board, selection);
        });
    dialog.open = open;
    if start {
        dialog.start(ctx, board, selection);
    }
}

/// The dialog's contents; true when "Export picture now" was pressed.
fn picture_ui(
    ui: &mut Ui,
    dialog: &mut PictureDialog,
    board: &Board,
    selection: &Selection,
) -> bool {
    ui.label(RichText::new("What the picture shows").strong());
    ui.radio_value(&mut dialog.part, Part::Board, "Whole board");
    let none_selected = selection.stickies.is_empty() && selection.boundaries.is_empty();
    ui.add_enabled_ui(!none_selected, |ui| {
        ui.radio_value(&mut dialog.part, Part::Selection, "Selection");
    });
    let mut contexts: Vec<&str> = board
        .boundaries
        .values()
        .filter(|b| b.kind == BoundaryKind::Context)
        .map(|b| b.name.as_str())
        .collect();
    contexts.sort_unstable();
    contexts.dedup();
    for name in contexts {
        let label = format!("Context: {name}");
        ui.radio_value(&mut dialog.part, Part::Context(name.to_owned()), label);
    }
    ui.separator();
    ui.horizontal(|ui| {
        ui.label("Format");
        for format in Format::ALL {
            ui.radio_value(
                &mut dialog.format,
                format,
                format.extension().to_uppercase(),
            );
        }
    });
    ui.horizontal(|ui| {
        ui.label("Scale");
        ui.add(
            egui::DragValue::new(&mut dialog.scale)
                .range(0.05..=10.0)
                .speed(0.05),
        )
        .on_hover_text("Pixels per board unit: 1 is the canvas at 100%, 3.125 is 300 dpi");
    });
    ui.horizontal(|ui| {
        ui.label("Folder");
        ui.add(egui::TextEdit::singleline(&mut dialog.folder).desired_width(320.0))
            .accessible_name("Picture folder");
    });
    let ready = !dialog.folder.trim().is_empty() && !dialog.is_working();
    let start = ui
        .add_enabled(ready, egui::Button::new("Export picture now"))
        .clicked();
    if dialog.is_working() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Drawing the picture…");
        });
    }
    match &dialog.outcome {
        Some(Ok(message)) => {
            ui.label(message);
        }
        Some(Err(message)) => {
            ui.colored_label(theme::ERROR, message);
        }
        None => {}
    }
    start
}
