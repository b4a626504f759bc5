//! What frames the board: the menu bar, the status bar, the window title, and the modal
//! windows (messages, and [`ask`] for questions with a button per answer).
//!
//! Nothing here acts in the middle of drawing: a menu entry or a status bar button queues its
//! command, which runs once the frame is laid out. The one exception is the status bar's
//! level menu, which changes the board: its edit goes to the history like a panel's does.

use egui::{Context, RichText, Ui, ViewportCommand};

use super::StormpadApp;
use super::lifecycle::Pending;
use crate::edit::ops;
use crate::model::analysis::{Analysis, Level};
use crate::model::check::Finding;
use crate::model::{Kind, LevelSetting};
use crate::ui::canvas::Tool;
use crate::ui::command::{Command, Menu};
use crate::ui::{panels, theme};

/// A message shown in a window until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub title: String,
    pub body: String,
}

impl StormpadApp {
    /// The menus, generated from the command table; the File menu ends with recent boards.
    pub(super) fn menu_bar(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.title(), |ui| {
                    for command in Command::all()
                        .into_iter()
                        .filter(|c| c.menu() == Some(menu) && !matches!(c, Command::UseTheme(_)))
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
                            self.queue(command);
                            ui.close();
                        }
                    }
                    if menu == Menu::File {
                        self.recent_menu(ui);
                    }
                    if menu == Menu::View {
                        self.theme_menu(ui);
                    }
                });
            }
        });
    }

    /// View → Theme: the themes of the command table, the current one checked.
    fn theme_menu(&mut self, ui: &mut Ui) {
        ui.separator();
        ui.menu_button("Theme", |ui| {
            for command in Command::all() {
                let Command::UseTheme(theme) = command else {
                    continue;
                };
                if ui
                    .radio(self.settings.theme == theme, theme.label())
                    .clicked()
                {
                    self.queue(command);
                    ui.close();
                }
            }
        });
    }

    fn recent_menu(&mut self, ui: &mut Ui) {
        ui.separator();
        ui.menu_button("Open recent", |ui| {
            if self.settings.recent.is_empty() {
                ui.label(RichText::new("No recent boards").weak());
            }
            for path in self.settings.recent.clone() {
                if ui.button(path.display().to_string()).clicked() {
                    self.queue_request(Pending::Open(Some(path)));
                    ui.close();
                }
            }
        });
    }

    /// The status line: zoom, counts, the model check summary (a click shows or hides the
    /// panel), the workshop level (a menu changes it), a hint for the tool, whether recovery
    /// copies work, and the file.
    pub(super) fn status_bar(&mut self, ui: &mut Ui, analysis: &Analysis, findings: &[Finding]) {
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
            if check_summary_ui(ui, findings) {
                self.queue(Command::ToggleModelCheck);
            }
            if let Some(level) = level_menu(ui, self.doc.board.meta.level, analysis) {
                let edit = ops::set_level(&self.doc.board, level);
                self.apply(edit.into_iter().collect());
            }
            self.live_status_ui(ui);
            if let Some(phase) = panels::phase::phase_menu(ui, &self.doc.board.meta) {
                let edit = ops::set_phase(&self.doc.board, phase);
                self.apply(edit.into_iter().collect());
            }
            ui.separator();
            let hint = match self.canvas.tool {
                Tool::Select => "Drag on empty space to select · Space+drag or scroll to pan",
                Tool::Place(_) => "Click on the board to place the sticky",
                Tool::Region(_) => "Drag on the board to draw the region",
            };
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let path = self
                    .doc
                    .path
                    .as_ref()
                    .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string());
                ui.label(RichText::new(path).weak());
                if let Some(failure) = &self.autosave_failure {
                    ui.separator();
                    let note = format!(
                        "Recovery copies are off: cannot write to {}",
                        failure.folder.display()
                    );
                    ui.label(RichText::new(note).color(theme::ERROR))
                        .on_hover_text(&failure.error);
                }
                // The hint takes what room is left between the status and the file, cut short
                // with an ellipsis rather than drawn over the file's name on a narrow window.
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(egui::Label::new(RichText::new(hint).weak()).truncate());
                });
            });
        });
    }

    /// A message until the user dismisses it.
    pub(super) fn message_window(&mut self, ctx: &Context) {
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

    /// The window title: the file name, an unsaved-changes mark, and whether it is read-only.
    pub(super) fn update_title(&mut self, ctx: &Context) {
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
}

/// The model check's counts in their severity's colour; whether they were clicked.
fn check_summary_ui(ui: &mut Ui, findings: &[Finding]) -> bool {
    let (errors, warnings, _) = panels::check::counts(findings);
    let colour = if errors > 0 {
        theme::ERROR
    } else if warnings > 0 {
        theme::WARNING
    } else {
        ui.visuals().text_color()
    };
    let summary = format!("{errors} errors · {warnings} warnings");
    ui.add(egui::Button::new(RichText::new(summary).color(colour)).frame(false))
        .on_hover_text("Show or hide the model check")
        .accessible_name("Model check summary")
        .clicked()
}

/// The board's workshop level, `Level: automatic (design)`, as a menu of the settings; the
/// one chosen this frame.
fn level_menu(ui: &mut Ui, current: LevelSetting, analysis: &Analysis) -> Option<LevelSetting> {
    let shown = Level::choice_label(current, analysis.derived_level).to_lowercase();
    let mut chosen = None;
    ui.menu_button(format!("Level: {shown}"), |ui| {
        for setting in LevelSetting::ALL {
            let label = Level::choice_label(setting, analysis.derived_level);
            if ui.selectable_label(setting == current, label).clicked() {
                chosen = Some(setting);
                ui.close();
            }
        }
    })
    .response
    .on_hover_text(
        "The workshop level decides which rules of the model check apply: a big-picture \
         board is not asked for producers and handlers. Automatic follows what is on the board.",
    );
    chosen.filter(|c| *c != current)
}

/// A modal question with one button per answer (label, tooltip); the index of the answer
/// clicked this frame.
pub(super) fn ask(
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
