//! The export dialog: choose targets and a folder, see the files each target will write,
//! export. The same functions as `stormpad export`; each target goes into its own folder.
//!
//! A 10k-event board takes seconds to export in every language, so the work happens on a
//! background thread: the dialog stays responsive, shows a spinner, and the files worked out
//! for the preview are the ones "Export now" writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::export::{self, Options, OutputFile, Target};
use crate::model::Board;
use crate::ui::background::Task;
use crate::ui::document::Derived;
use crate::ui::theme;

/// The files of every chosen target, or why they cannot be made.
type Outputs = Result<Vec<(Target, Vec<OutputFile>)>, String>;

/// What the dialog remembers while open (never part of the board).
pub struct ExportDialog {
    pub open: bool,
    pub targets: BTreeSet<Target>,
    pub include_internal: bool,
    /// The folder typed or picked; each target writes into a folder of its name inside.
    pub folder: String,
    /// A team's code templates (empty: the defaults).
    pub templates: String,
    /// Export even though the model check finds errors (the CLI's `--allow-errors`).
    pub allow_errors: bool,
    /// The outcome of the last export, shown under the button.
    pub outcome: Option<Result<String, String>>,
    /// The files of the chosen targets at a board revision, for the preview and the export.
    preview: Option<Preview>,
    /// Outputs being worked out on a background thread.
    working: Option<(Request, Task<Outputs>)>,
    /// "Export now" was pressed: write as soon as the outputs for this request are ready.
    export_when_ready: Option<Request>,
    /// Files being written on a background thread.
    writing: Option<Task<Result<String, String>>>,
}

/// What the outputs depend on: the board revision and the dialog's choices.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Request {
    revision: u64,
    include_internal: bool,
    templates: String,
    targets: Vec<Target>,
}

/// The outputs of one request, and the preview's rows (a heading per target, then its paths).
struct Preview {
    request: Request,
    outputs: Arc<Outputs>,
    rows: Vec<(bool, String)>,
    /// How many files the rows list.
    files: usize,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            // Pictures have their own dialog (File → Export picture…).
            targets: Target::ALL
                .into_iter()
                .filter(|t| !t.is_picture())
                .collect(),
            include_internal: false,
            folder: String::new(),
            templates: String::new(),
            allow_errors: false,
            outcome: None,
            preview: None,
            working: None,
            export_when_ready: None,
            writing: None,
        }
    }
}

/// What the user asked the dialog for.
#[derive(Debug, PartialEq, Eq)]
pub enum ExportAction {
    /// Pick the folder with the system's dialog.
    ChooseFolder,
    /// Export the chosen targets now.
    Export,
}

impl ExportDialog {
    /// Opens the dialog, proposing `<board>-export` beside the board's file.
    pub fn show_for(&mut self, board_path: Option<&Path>, title: &str) {
        self.open = true;
        self.outcome = None;
        if self.folder.is_empty() {
            let stem = board_path
                .and_then(|p| p.file_name())
                .map(|n| {
                    n.to_string_lossy()
                        .trim_end_matches(".storm.ron")
                        .to_owned()
                })
                .unwrap_or_else(|| crate::model::naming::kebab(title));
            let dir = board_path
                .and_then(|p| p.parent())
                .map(Path::to_path_buf)
                .or_else(|| directories::UserDirs::new().map(|d| d.home_dir().to_path_buf()))
                .unwrap_or_default();
            self.folder = dir.join(format!("{stem}-export")).display().to_string();
        }
    }

    /// What the outputs depend on, now.
    fn request(&self, revision: u64) -> Request {
        Request {
            revision,
            include_internal: self.include_internal,
            templates: self.templates.trim().to_owned(),
            targets: self.targets.iter().copied().collect(),
        }
    }

    /// Whether outputs or files are being worked on in the background.
    pub fn busy(&self) -> bool {
        self.working.is_some() || self.writing.is_some()
    }

    /// Keeps the outputs up to date with the board and the choices: starts working them out
    /// on a background thread when they are stale, and takes in finished work.
    /// While the dialog is closed, work in flight is finished but none is started.
    fn refresh(
        &mut self,
        ctx: &egui::Context,
        (board, board_revision): (&Board, u64),
        derived: &Arc<Derived>,
    ) {
        if let Some((request, task)) = &self.working
            && let Some(answer) = task.poll()
        {
            let request = request.clone();
            self.working = None;
            let outputs = answer.unwrap_or_else(|_| Err("the export stopped unexpectedly".into()));
            self.preview = Some(Preview::new(request, outputs));
        }
        if let Some(answer) = self.writing.as_ref().and_then(Task::poll) {
            self.writing = None;
            self.outcome =
                Some(answer.unwrap_or_else(|_| Err("writing stopped unexpectedly".into())));
        }
        if let Some(request) = &self.export_when_ready
            && let Some(preview) = self.preview.as_ref().filter(|p| p.request == *request)
        {
            let outputs = Arc::clone(&preview.outputs);
            self.export_when_ready = None;
            self.write(ctx, outputs);
        }
        // Closed, or mid-gesture (the analysis is of an earlier revision than the board).
        if !self.open || derived.revision != board_revision {
            return;
        }
        let wanted = self.request(derived.revision);
        let fresh = self.preview.as_ref().is_some_and(|p| p.request == wanted);
        let coming = self.working.as_ref().is_some_and(|(r, _)| *r == wanted);
        if wanted.targets.is_empty() {
            self.preview = None;
        } else if !fresh && !coming {
            let (board, derived, request) = (board.clone(), Arc::clone(derived), wanted.clone());
            let task = Task::spawn(ctx, "export preview", move || {
                outputs(&board, &derived, &request)
            });
            self.working = Some((wanted, task));
        }
    }

    /// Exports every chosen target into `<folder>/<target>/` once their outputs are ready
    /// (at once, when the preview already has them); the outcome shows in the dialog.
    pub fn start_export(&mut self, ctx: &egui::Context, board: &Board, derived: &Arc<Derived>) {
        let board = (board, derived.revision);
        self.outcome = None;
        if self.folder.trim().is_empty() {
            self.outcome = Some(Err("Choose a folder to export into.".into()));
            return;
        }
        if self.targets.is_empty() {
            self.outcome = Some(Err("Choose at least one target.".into()));
            return;
        }
        if !self.allow_errors && errors(derived).next().is_some() {
            self.outcome = Some(Err(
                "The model check finds errors: fix them, or tick \"Export anyway\".".into(),
            ));
            return;
        }
        self.export_when_ready = Some(self.request(derived.revision));
        self.refresh(ctx, board, derived);
    }

    /// Writes `outputs` into the chosen folder on a background thread.
    fn write(&mut self, ctx: &egui::Context, outputs: Arc<Outputs>) {
        let root = PathBuf::from(self.folder.trim());
        self.writing = Some(Task::spawn(ctx, "export", move || write(&root, &outputs)));
    }
}

/// The files of every target of `request`, side by side.
fn outputs(board: &Board, derived: &Derived, request: &Request) -> Outputs {
    let templates = Some(request.templates.as_str())
        .filter(|t| !t.is_empty())
        .map(PathBuf::from);
    let options = Options {
        include_internal: request.include_internal,
    };
    export::export_many(
        board,
        &derived.analysis,
        &request.targets,
        options,
        templates.as_deref(),
    )
    .into_iter()
    .zip(&request.targets)
    .map(|(files, t)| {
        files
            .map(|f| (*t, f))
            .map_err(|e| format!("{}: {e}", t.name()))
    })
    .collect()
}

/// Writes each target's files into `<root>/<target>/`; a message for the user.
fn write(root: &Path, outputs: &Outputs) -> Result<String, String> {
    let mut lines = Vec::new();
    for (target, files) in outputs.as_ref().map_err(Clone::clone)? {
        let dir = root.join(target.name());
        let report =
            export::write_outputs(&dir, files).map_err(|e| format!("{}: {e}", target.name()))?;
        let kept = if report.kept.is_empty() {
            String::new()
        } else {
            format!(" ({} kept as a person edited them)", report.kept.len())
        };
        lines.push(format!(
            "{}: {} files in {}{kept}",
            target.name(),
            report.written.len(),
            dir.display()
        ));
    }
    Ok(lines.join("\n"))
}

impl Preview {
    fn new(request: Request, outputs: Outputs) -> Self {
        let rows = match &outputs {
            Ok(list) => list
                .iter()
                .flat_map(|(target, files)| {
                    let heading = format!("{} ({} files)", target.name(), files.len());
                    std::iter::once((true, heading)).chain(
                        files
                            .iter()
                            .map(|f| (false, format!("  {}/{}", target.name(), f.path))),
                    )
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        let files = rows.iter().filter(|(heading, _)| !heading).count();
        Self {
            request,
            outputs: Arc::new(outputs),
            rows,
            files,
        }
    }
}

/// Shows the dialog; returns what the user asked for. `board` comes with its revision, which
/// `derived` lags behind during a gesture.
pub fn export_window(
    ctx: &egui::Context,
    dialog: &mut ExportDialog,
    board: (&Board, u64),
    derived: &Arc<Derived>,
) -> Option<ExportAction> {
    dialog.refresh(ctx, board, derived);
    if !dialog.open {
        return None;
    }
    let mut action = None;
    let mut open = dialog.open;
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.label(RichText::new("What to export from the board").strong());
            for target in Target::ALL.into_iter().filter(|t| !t.is_picture()) {
                let mut on = dialog.targets.contains(&target);
                if ui
                    .checkbox(&mut on, format!("{}: {}", target.name(), target.summary()))
                    .changed()
                {
                    if on {
                        dialog.targets.insert(target);
                    } else {
                        dialog.targets.remove(&target);
                    }
                }
            }
            ui.checkbox(
                &mut dialog.include_internal,
                "Include internal events (AsyncAPI, EventCatalog, CloudEvents)",
            );
            ui.add_space(6.0);
            ui.label(
                RichText::new(
                    "Code templates: empty for the defaults, or a folder written by \
                     `stormpad templates export`",
                )
                .small()
                .weak(),
            );
            ui.add(egui::TextEdit::singleline(&mut dialog.templates).desired_width(380.0))
                .accessible_name("Templates folder");
            ui.label(
                RichText::new("Folder (each target in a folder of its name)")
                    .small()
                    .weak(),
            );
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut dialog.folder).desired_width(380.0))
                    .accessible_name("Export folder");
                if ui.button("Choose…").clicked() {
                    action = Some(ExportAction::ChooseFolder);
                }
            });
            ui.add_space(6.0);
            let blocked = errors_ui(ui, dialog, derived);
            ui.horizontal(|ui| {
                let exporting = dialog.export_when_ready.is_some() || dialog.writing.is_some();
                if ui
                    .add_enabled(
                        !dialog.targets.is_empty() && !exporting && !blocked,
                        egui::Button::new("Export now"),
                    )
                    .clicked()
                {
                    action = Some(ExportAction::Export);
                }
                if exporting {
                    ui.spinner();
                    ui.label("Exporting…");
                }
            });
            match &dialog.outcome {
                Some(Ok(text)) => {
                    ui.label(RichText::new(text).small());
                }
                Some(Err(text)) => {
                    ui.label(RichText::new(text).small().color(theme::ERROR));
                }
                None => {}
            }
            // Last, so that a long list never pushes the button out of a small screen.
            ui.add_space(6.0);
            preview(ui, dialog);
        });
    dialog.open = open;
    action
}

/// The error-level findings of the model check, which an export would carry into its files.
fn errors(derived: &Derived) -> impl Iterator<Item = &crate::model::check::Finding> {
    derived
        .findings
        .iter()
        .filter(|f| f.severity == crate::model::check::Severity::Error)
}

/// Above the button: the model check's errors, each as the CLI prints it, and "Export
/// anyway". Returns whether they block the export.
fn errors_ui(ui: &mut Ui, dialog: &mut ExportDialog, derived: &Derived) -> bool {
    /// More than this many are counted, not listed: the model check panel lists them all.
    const LISTED: usize = 5;
    let count = errors(derived).count();
    if count == 0 {
        return false;
    }
    ui.label(
        RichText::new(format!(
            "The model check finds {count} error(s); the exported files would be wrong:"
        ))
        .color(theme::ERROR),
    );
    for f in errors(derived).take(LISTED) {
        ui.label(RichText::new(f.to_string()).small().color(theme::ERROR));
    }
    if count > LISTED {
        ui.label(RichText::new(format!("and {} more.", count - LISTED)).small());
    }
    ui.checkbox(&mut dialog.allow_errors, "Export anyway");
    !dialog.allow_errors
}

/// The files each target will write: a spinner while they are worked out, then a list that
/// only lays out the rows in view (a big board writes tens of thousands of files).
fn preview(ui: &mut Ui, dialog: &ExportDialog) {
    let stale = dialog.working.is_some();
    let Some(preview) = &dialog.preview else {
        if stale {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Working out the files…");
            });
        }
        return;
    };
    if let Err(e) = preview.outputs.as_ref() {
        ui.label(RichText::new(e).small().color(theme::ERROR));
        return;
    }
    let files = preview.files;
    let title = if stale {
        format!("Files it will write ({files}, updating…)")
    } else {
        format!("Files it will write ({files})")
    };
    egui::CollapsingHeader::new(title)
        .id_salt("export preview")
        .show(ui, |ui| {
            let row_height = ui.text_style_height(&egui::TextStyle::Small) + 2.0;
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .min_scrolled_height(160.0)
                .auto_shrink([false, true])
                .show_rows(ui, row_height, preview.rows.len(), |ui, range| {
                    for (heading, text) in &preview.rows[range] {
                        let text = if *heading {
                            RichText::new(text).small().strong()
                        } else {
                            RichText::new(text).monospace().small()
                        };
                        ui.label(text);
                    }
                });
        });
}
