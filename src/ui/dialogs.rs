//! Open and save dialogs: the desktop's own where it has one, otherwise one drawn inside the
//! window, and never nothing at all.
//!
//! On Linux, rfd shows the file chooser of the desktop portal or, failing that, `zenity`;
//! with neither it answers "cancelled", exactly as when the user cancels. So a look on
//! another thread finds out once whether either is there: a `zenity` on the `PATH`, or a
//! portal on the session bus that answers for its `FileChooser` interface. Where neither is,
//! every dialog is the in-app one (`egui_file`). Native dialogs run off the UI thread so the
//! window keeps drawing while one is open.

use std::path::{Path, PathBuf};

use egui::{Align2, Context};

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

/// Whether the desktop can show its own file dialogs.
enum Native {
    /// Not looked at yet.
    Unknown,
    Looking(Task<bool>),
    Available,
    Missing,
}

/// A dialog asked for.
struct Request {
    kind: DialogKind,
    /// The file name to propose (Save As).
    name: Option<String>,
    /// Where to start.
    folder: Option<PathBuf>,
}

/// The dialog on screen, or its answer.
enum Showing {
    Nothing,
    /// Shown once the look at the desktop is done.
    WaitingForLook(Request),
    Native(DialogKind, Task<Option<PathBuf>>),
    InApp(DialogKind, Box<egui_file::FileDialog>),
    /// The in-app save dialog chose a file that exists: replace it?
    Replace(Box<egui_file::FileDialog>, PathBuf),
    /// Handed over by the next [`FileDialogs::poll`] (`None`: cancelled).
    Answered(DialogKind, Option<PathBuf>),
}

/// At most one file dialog at a time, and its answer when it comes.
pub struct FileDialogs {
    native: Native,
    showing: Showing,
}

impl Default for FileDialogs {
    /// The desktop's dialogs where it has them (looked for on Linux), the in-app ones otherwise.
    fn default() -> Self {
        let native = if cfg!(target_os = "linux") {
            Native::Unknown
        } else {
            Native::Available
        };
        Self {
            native,
            showing: Showing::Nothing,
        }
    }
}

impl FileDialogs {
    /// Dialogs drawn inside the window only, as on a desktop with neither the portal nor
    /// zenity. The look for them and rfd are skipped (the look's parts have unit tests below).
    pub fn in_app_only() -> Self {
        Self {
            native: Native::Missing,
            showing: Showing::Nothing,
        }
    }

    /// Starts the look for the desktop's dialogs, so it is done before the first one is asked
    /// for. Idempotent.
    pub fn look_for_native(&mut self, ctx: &Context) {
        if matches!(self.native, Native::Unknown) {
            self.native =
                Native::Looking(Task::spawn(ctx, "file dialog look", desktop_has_dialogs));
        }
    }

    /// Whether a dialog is open (or about to be).
    pub fn is_open(&self) -> bool {
        !matches!(self.showing, Showing::Nothing)
    }

    /// Whether a dialog is drawn inside the window: the board's shortcuts wait until it closes.
    pub fn shows_in_window(&self) -> bool {
        matches!(
            self.showing,
            Showing::WaitingForLook(_) | Showing::InApp(..) | Showing::Replace(..)
        )
    }

    /// Shows the open dialog.
    pub fn open(&mut self, ctx: &Context, folder: Option<PathBuf>) {
        self.request(
            ctx,
            Request {
                kind: DialogKind::Open,
                name: None,
                folder,
            },
        );
    }

    /// Shows the save dialog with a proposed file name.
    pub fn save_as(&mut self, ctx: &Context, name: String, folder: Option<PathBuf>) {
        self.request(
            ctx,
            Request {
                kind: DialogKind::SaveAs,
                name: Some(name),
                folder,
            },
        );
    }

    /// Shows the folder picker for the export dialog.
    pub fn export_folder(&mut self, ctx: &Context, start: Option<PathBuf>) {
        self.request(
            ctx,
            Request {
                kind: DialogKind::ExportFolder,
                name: None,
                folder: start,
            },
        );
    }

    fn request(&mut self, ctx: &Context, request: Request) {
        if self.is_open() {
            return;
        }
        self.look_for_native(ctx);
        self.showing = match self.native {
            Native::Unknown | Native::Looking(_) => Showing::WaitingForLook(request),
            Native::Available => Showing::Native(request.kind, native(ctx, request)),
            Native::Missing => Showing::InApp(request.kind, Box::new(in_app(ctx, request))),
        };
    }

    /// The answer of the open dialog, once the user has chosen (`None` path: cancelled).
    pub fn poll(&mut self, ctx: &Context) -> Option<(DialogKind, Option<PathBuf>)> {
        self.take_look(ctx);
        match &self.showing {
            Showing::Native(kind, task) => {
                // A dialog whose thread died counts as cancelled.
                let answer = (*kind, task.poll()?.ok().flatten());
                self.showing = Showing::Nothing;
                Some(answer)
            }
            Showing::Answered(kind, path) => {
                let answer = (*kind, path.clone());
                self.showing = Showing::Nothing;
                Some(answer)
            }
            _ => None,
        }
    }

    /// Learns what the look at the desktop found, and shows the dialog that waited for it.
    fn take_look(&mut self, ctx: &Context) {
        let Native::Looking(task) = &self.native else {
            return;
        };
        let Some(found) = task.poll() else {
            return;
        };
        // A look that stopped unexpectedly: the in-app dialog works everywhere.
        self.native = if found == Ok(true) {
            Native::Available
        } else {
            Native::Missing
        };
        if let Showing::WaitingForLook(request) =
            std::mem::replace(&mut self.showing, Showing::Nothing)
        {
            self.request(ctx, request);
        }
    }

    /// Draws the in-app dialog (or the note that one is coming); call every frame.
    pub fn show(&mut self, ctx: &Context) {
        match std::mem::replace(&mut self.showing, Showing::Nothing) {
            Showing::WaitingForLook(request) => {
                looking_ui(ctx);
                self.showing = Showing::WaitingForLook(request);
            }
            Showing::InApp(kind, mut dialog) => {
                dialog.show(ctx);
                self.showing = answer_of(kind, dialog);
                if matches!(self.showing, Showing::Answered(..)) {
                    ctx.request_repaint();
                }
            }
            Showing::Replace(mut dialog, path) => {
                self.showing = match replace_ui(ctx, &path) {
                    Some(true) => {
                        ctx.request_repaint();
                        Showing::Answered(DialogKind::SaveAs, Some(path))
                    }
                    Some(false) => {
                        dialog.open();
                        Showing::InApp(DialogKind::SaveAs, dialog)
                    }
                    None => Showing::Replace(dialog, path),
                };
            }
            other => self.showing = other,
        }
    }
}

/// What the in-app dialog's state means after a frame.
fn answer_of(kind: DialogKind, dialog: Box<egui_file::FileDialog>) -> Showing {
    match dialog.state() {
        egui_file::State::Open => Showing::InApp(kind, dialog),
        egui_file::State::Selected => match dialog.path().map(Path::to_path_buf) {
            Some(path) if kind == DialogKind::SaveAs => {
                let path = with_extension(path);
                if path.is_file() {
                    Showing::Replace(dialog, path)
                } else {
                    Showing::Answered(kind, Some(path))
                }
            }
            path => Showing::Answered(kind, path),
        },
        egui_file::State::Cancelled | egui_file::State::Closed => Showing::Answered(kind, None),
    }
}

/// The desktop's own dialog, on another thread.
fn native(ctx: &Context, request: Request) -> Task<Option<PathBuf>> {
    Task::spawn(ctx, "file dialog", move || {
        let mut d = rfd::FileDialog::new();
        if let Some(f) = request.folder {
            d = d.set_directory(f);
        }
        match request.kind {
            DialogKind::Open => d
                .set_title("Open board")
                .add_filter("Stormpad board", &["ron"])
                .pick_file(),
            DialogKind::SaveAs => d
                .set_title("Save board as")
                .add_filter("Stormpad board", &["ron"])
                .set_file_name(request.name.unwrap_or_default())
                .save_file()
                .map(with_extension),
            DialogKind::ExportFolder => d.set_title("Export into folder").pick_folder(),
        }
    })
}

/// The dialog drawn inside the window: boards only (folders to walk through), in the middle.
fn in_app(ctx: &Context, request: Request) -> egui_file::FileDialog {
    use egui_file::FileDialog;
    let dialog = match request.kind {
        DialogKind::Open => FileDialog::open_file()
            .title("Open board")
            .show_new_folder(false)
            .show_files_filter(Box::new(|p: &Path| is_board(p)))
            .filename_filter(Box::new(|name: &str| is_board(Path::new(name)))),
        DialogKind::SaveAs => FileDialog::save_file()
            .title("Save board as")
            .show_files_filter(Box::new(|p: &Path| is_board(p))),
        DialogKind::ExportFolder => FileDialog::select_folder()
            .title("Export into folder")
            .show_files_filter(Box::new(|_: &Path| false)),
    };
    let mut dialog = dialog
        // Renaming files is not what a save or open dialog is for here.
        .show_rename(false)
        .keep_on_top(true)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .id(egui::Id::unique("stormpad file dialog"));
    let fits = ctx.content_rect().size() - egui::vec2(40.0, 80.0);
    dialog = dialog.default_size(egui::vec2(560.0, 440.0).min(fits));
    if let Some(folder) = request.folder {
        dialog = dialog.initial_path(folder);
    }
    if let Some(name) = request.name {
        dialog = dialog.default_filename(name);
    }
    dialog.open();
    dialog
}

/// The short wait while Stormpad finds out whether the desktop has its own dialogs.
fn looking_ui(ctx: &Context) {
    egui::Window::new("Looking for the file dialog")
        .title_bar(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Looking for the desktop's file dialog…");
            });
        });
}

/// Asks before the in-app save dialog writes over a file: `Some(true)` replace, `Some(false)`
/// choose again.
fn replace_ui(ctx: &Context, path: &Path) -> Option<bool> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let folder = path.parent().map(Path::display);
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("replace file")).show(ctx, |ui| {
        ui.heading("Replace the file?");
        match folder {
            Some(folder) => ui.label(format!("“{name}” already exists in {folder}.")),
            None => ui.label(format!("“{name}” already exists.")),
        };
        ui.label("Replacing it overwrites what it holds.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                answer = Some(true);
            }
            if ui.button("Choose another name").clicked() {
                answer = Some(false);
            }
        });
    });
    answer
}

/// Whether a file's name says it is a board.
fn is_board(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(&format!(".{EXTENSION}")))
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

/// Whether rfd can show a dialog here: zenity on the `PATH`, or the portal's file chooser.
#[cfg(target_os = "linux")]
fn desktop_has_dialogs() -> bool {
    zenity_on(std::env::var_os("PATH").as_deref()) || portal_has_file_chooser()
}

/// Elsewhere the platform always has its dialogs (and the look is never made).
#[cfg(not(target_os = "linux"))]
fn desktop_has_dialogs() -> bool {
    true
}

/// Whether a `PATH` holds an executable `zenity`, as rfd runs it.
#[cfg(target_os = "linux")]
fn zenity_on(path: Option<&std::ffi::OsStr>) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.is_some_and(|p| {
        std::env::split_paths(p).any(|dir| {
            std::fs::metadata(dir.join("zenity"))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// Whether the session bus has a desktop portal that answers for its file chooser (reading
/// the interface's `version` starts the portal if needed, as rfd's call would).
#[cfg(target_os = "linux")]
fn portal_has_file_chooser() -> bool {
    zbus::block_on(async {
        let bus = zbus::connection::Builder::session()?
            // A portal that has not answered by then would not show a dialog promptly either.
            .method_timeout(std::time::Duration::from_secs(10))
            .build()
            .await?;
        bus.call_method(
            Some("org.freedesktop.portal.Desktop"),
            "/org/freedesktop/portal/desktop",
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &("org.freedesktop.portal.FileChooser", "version"),
        )
        .await?;
        Ok::<(), zbus::Error>(())
    })
    .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_as_adds_the_extension_to_a_bare_name_only() {
        let ext = |p: &str| with_extension(PathBuf::from(p));
        assert_eq!(ext("/w/retro"), PathBuf::from("/w/retro.storm.ron"));
        assert_eq!(
            ext("/w/retro.storm.ron"),
            PathBuf::from("/w/retro.storm.ron")
        );
        assert_eq!(ext("/w/old.ron"), PathBuf::from("/w/old.ron"));
    }

    #[test]
    fn the_in_app_dialogs_list_boards_only() {
        assert!(is_board(Path::new("/w/retro.storm.ron")));
        assert!(!is_board(Path::new("/w/notes.txt")));
        assert!(!is_board(Path::new("/w/storm.ron.bak")));
    }

    /// zenity counts when it is an executable file in one of the `PATH`'s folders.
    #[cfg(target_os = "linux")]
    #[test]
    fn zenity_is_found_on_the_path_only_when_it_can_run() -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let with = tempfile::tempdir()?;
        let without = tempfile::tempdir()?;
        let zenity = with.path().join("zenity");
        std::fs::write(&zenity, "#!/bin/sh\n")?;
        let path = |dirs: &[&Path]| std::env::join_paths(dirs).ok();

        std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o644))?;
        assert!(!zenity_on(path(&[without.path(), with.path()]).as_deref()));
        std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o755))?;
        assert!(zenity_on(path(&[without.path(), with.path()]).as_deref()));
        assert!(!zenity_on(path(&[without.path()]).as_deref()));
        assert!(!zenity_on(None));
        Ok(())
    }

    /// Without a session bus (as under a bare Xvfb) the portal is not there, and asking
    /// says so rather than waiting.
    #[cfg(target_os = "linux")]
    #[test]
    fn without_a_session_bus_there_is_no_portal() {
        let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS");
        let runtime = std::env::var_os("XDG_RUNTIME_DIR");
        let socket = runtime.map(|r| PathBuf::from(r).join("bus"));
        if bus.is_some() || socket.is_some_and(|s| s.exists()) {
            eprintln!("skipped: this machine has a session bus");
            return;
        }
        assert!(!portal_has_file_chooser());
    }
}
