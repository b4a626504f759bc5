//! The export dialog: choose targets and a folder, see the files each target will write,
//! export. The same functions as `stormpad export`; each target goes into its own folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::export::{self, Options, OutputFile, Target};
use crate::model::Board;
use crate::model::analysis::Analysis;

/// What the dialog remembers while open (never part of the board).
pub struct ExportDialog {
    pub open: bool,
    pub targets: BTreeSet<Target>,
    pub include_internal: bool,
    /// The folder typed or picked; each target writes into a folder of its name inside.
    pub folder: String,
    /// A team's code templates (empty: the defaults).
    pub templates: String,
    /// The outcome of the last export, shown under the button.
    pub outcome: Option<Result<String, String>>,
    /// The files of each target at a board revision, for the preview.
    preview: Option<Preview>,
}

/// The paths each target writes, at a board revision and an `include_internal` choice.
struct Preview {
    revision: u64,
    include_internal: bool,
    templates: String,
    targets: Vec<Target>,
    files: Result<Vec<(Target, Vec<String>)>, String>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            targets: Target::ALL.into_iter().collect(),
            include_internal: false,
            folder: String::new(),
            templates: String::new(),
            outcome: None,
            preview: None,
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

    /// The options the dialog's check boxes say.
    pub fn options(&self) -> Options {
        Options {
            include_internal: self.include_internal,
        }
    }

    /// The files every chosen target makes of `board`, each under its target's folder.
    pub fn outputs(
        &self,
        board: &Board,
        analysis: &Analysis,
    ) -> Result<Vec<(Target, Vec<OutputFile>)>, String> {
        let templates = Some(self.templates.trim())
            .filter(|t| !t.is_empty())
            .map(PathBuf::from);
        let targets: Vec<Target> = self.targets.iter().copied().collect();
        export::export_many(
            board,
            analysis,
            &targets,
            self.options(),
            templates.as_deref(),
        )
        .into_iter()
        .zip(targets)
        .map(|(files, t)| files.map(|f| (t, f)).map_err(|e| e.to_string()))
        .collect()
    }

    /// Exports every chosen target into `<folder>/<target>/`; a message for the user.
    pub fn run(&self, board: &Board, analysis: &Analysis) -> Result<String, String> {
        let root = PathBuf::from(self.folder.trim());
        if self.folder.trim().is_empty() {
            return Err("Choose a folder to export into.".into());
        }
        if self.targets.is_empty() {
            return Err("Choose at least one target.".into());
        }
        let mut lines = Vec::new();
        for (target, files) in self.outputs(board, analysis)? {
            let dir = root.join(target.name());
            let report = export::write_outputs(&dir, &files)
                .map_err(|e| format!("{}: {e}", target.name()))?;
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
}

/// Shows the dialog; returns what the user asked for.
pub fn export_window(
    ctx: &egui::Context,
    dialog: &mut ExportDialog,
    board: &Board,
    analysis: &Analysis,
    revision: u64,
) -> Option<ExportAction> {
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
            for target in Target::ALL {
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
            preview(ui, dialog, board, analysis, revision);
            ui.add_space(6.0);
            if ui
                .add_enabled(!dialog.targets.is_empty(), egui::Button::new("Export now"))
                .clicked()
            {
                action = Some(ExportAction::Export);
            }
            match &dialog.outcome {
                Some(Ok(text)) => {
                    ui.label(RichText::new(text).small());
                }
                Some(Err(text)) => {
                    ui.label(
                        RichText::new(text)
                            .small()
                            .color(egui::Color32::from_rgb(0xC0, 0x1C, 0x28)),
                    );
                }
                None => {}
            }
        });
    dialog.open = open;
    action
}

/// The files each target will write, worked out again when the board or options change.
fn preview(
    ui: &mut Ui,
    dialog: &mut ExportDialog,
    board: &Board,
    analysis: &Analysis,
    revision: u64,
) {
    let fresh = dialog.preview.as_ref().is_some_and(|p| {
        p.revision == revision
            && p.include_internal == dialog.include_internal
            && p.templates == dialog.templates
            && p.targets.iter().copied().eq(dialog.targets.iter().copied())
    });
    if !fresh {
        let list = dialog.outputs(board, analysis).map(|outputs| {
            outputs
                .into_iter()
                .map(|(t, files)| (t, files.into_iter().map(|f| f.path).collect()))
                .collect()
        });
        dialog.preview = Some(Preview {
            revision,
            include_internal: dialog.include_internal,
            templates: dialog.templates.clone(),
            targets: dialog.targets.iter().copied().collect(),
            files: list,
        });
    }
    let list = match &dialog.preview {
        Some(Preview {
            files: Ok(list), ..
        }) => list,
        Some(Preview { files: Err(e), .. }) => {
            ui.label(
                RichText::new(e)
                    .small()
                    .color(egui::Color32::from_rgb(0xC0, 0x1C, 0x28)),
            );
            return;
        }
        None => return,
    };
    egui::CollapsingHeader::new("Files it will write")
        .id_salt("export preview")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for (target, paths) in list {
                        ui.label(
                            RichText::new(format!("{} ({} files)", target.name(), paths.len()))
                                .strong(),
                        );
                        for p in paths {
                            ui.label(
                                RichText::new(format!("  {}/{p}", target.name()))
                                    .monospace()
                                    .small(),
                            );
                        }
                    }
                });
        });
}
