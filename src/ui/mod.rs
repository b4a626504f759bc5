//! The GUI shell: an eframe app that reads the board and emits edits and commands.

pub mod app;
pub mod background;
pub mod canvas;
pub mod command;
pub mod dialogs;
pub mod document;
pub mod measure;
pub mod panels;
pub mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::StormpadApp;
pub use document::Document;

/// Opens the GUI on `file`, or on the embedded sample board when no file is given. With
/// `measure_from`, the first frame's time since then is printed and the app quits.
pub fn run(file: Option<PathBuf>, measure_from: Option<std::time::Instant>) -> ExitCode {
    // A file given on the command line is read while the window comes up.
    let doc = match &file {
        Some(_) => Document::untitled(crate::model::Board::new("Untitled board")),
        None => Document::sample(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Stormpad")
            .with_app_id("stormpad")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Stormpad",
        options,
        Box::new(move |cc| {
            let mut app = StormpadApp::with_storage(doc, cc);
            app.measure_startup = measure_from;
            if let Some(path) = &file {
                app.open_at_start(&cc.egui_ctx, path);
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stormpad: could not start the window: {e}");
            ExitCode::from(2)
        }
    }
}
