//! One open board: the board, its undo history, where it lives on disk and whether it has
//! unsaved changes.

use std::path::{Path, PathBuf};

use crate::edit::{Edit, History};
use crate::file::{self, LoadError, Warning};
use crate::model::Board;

/// The board shown when Stormpad starts without a file: a finished design-level board, so a
/// newcomer sees what a workshop produces.
pub const SAMPLE: &str = include_str!("../../samples/food-delivery-design.storm.ron");

/// An open board and its undo history.
pub struct Document {
    pub board: Board,
    pub history: History,
    /// Where the board is saved; `None` until it is saved for the first time.
    pub path: Option<PathBuf>,
    /// The history state that matches the file on disk.
    saved_state: u64,
    /// What the loader repaired, shown to the user once.
    pub warnings: Vec<Warning>,
}

impl Document {
    /// An untitled document holding `board`, not yet on disk and not dirty.
    pub fn untitled(board: Board) -> Self {
        Self {
            board,
            history: History::default(),
            path: None,
            saved_state: 0,
            warnings: Vec::new(),
        }
    }

    /// The embedded sample board (an empty board should the sample ever fail to load).
    pub fn sample() -> Self {
        match file::from_str(SAMPLE) {
            Ok(loaded) => Self::untitled(loaded.board),
            Err(e) => {
                let mut doc = Self::untitled(Board::new("Untitled board"));
                doc.warnings.push(Warning {
                    item: None,
                    message: format!("the embedded sample could not be read: {e}"),
                });
                doc
            }
        }
    }

    /// Opens a board file; nothing is written to it.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let loaded = file::read(path)?;
        Ok(Self {
            board: loaded.board,
            history: History::default(),
            path: Some(path.to_path_buf()),
            saved_state: 0,
            warnings: loaded.warnings,
        })
    }

    /// Saves to `path` atomically and makes it the document's file.
    pub fn save_to(&mut self, path: &Path) -> std::io::Result<()> {
        self.history.commit();
        file::write(path, &self.board)?;
        self.path = Some(path.to_path_buf());
        self.saved_state = self.history.state();
        Ok(())
    }

    /// Whether the board differs from the file on disk (or was never saved and has changes).
    pub fn is_dirty(&self) -> bool {
        self.history.state() != self.saved_state
    }

    /// The file name, or the board title for an unsaved board.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None if self.board.meta.title.is_empty() => "Untitled board".to_owned(),
            None => self.board.meta.title.clone(),
        }
    }

    /// A file name to propose in Save As.
    pub fn suggested_file_name(&self) -> String {
        let stem: String = self
            .board
            .meta
            .title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let stem = stem
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let stem = if stem.is_empty() {
            "board".to_owned()
        } else {
            stem
        };
        format!("{stem}.{}", file::EXTENSION)
    }

    /// Applies edits as part of the current gesture: the transaction stays open until the
    /// app closes it when the gesture ends (see `StormpadApp::ui`).
    pub fn apply(&mut self, edits: Vec<Edit>) {
        if !edits.is_empty() {
            self.history.begin();
            self.history.apply_all(&mut self.board, edits);
        }
    }
}
