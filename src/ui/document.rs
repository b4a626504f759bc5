//! One open board: the board, its undo history, where it lives on disk and whether it has
//! unsaved changes.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::edit::{Edit, History};
use crate::file::{self, LoadError, Warning};
use std::sync::Arc;

use crate::model::Board;
use crate::model::analysis::Analysis;
use crate::model::check::{self, Finding};

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
    /// The file cannot be written: Save asks where to save a copy.
    pub read_only: bool,
    /// What the file on disk held when it was last read or written, to notice another program
    /// (a `git pull`, a colleague's laptop) changing it.
    disk: Option<DiskCopy>,
    /// The semantic model and findings of a recent revision of the board.
    derived: Option<Arc<Derived>>,
}

/// What the board means at one revision: its semantic model and the model check's findings.
/// The inspector, the model check panel, the canvas markers and the export dialog share it.
pub struct Derived {
    pub revision: u64,
    pub analysis: Analysis,
    pub findings: Vec<Finding>,
}

/// What is known of the file on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DiskCopy {
    modified: Option<SystemTime>,
    len: u64,
    hash: u64,
}

impl DiskCopy {
    fn of(path: &Path, bytes: &[u8]) -> Self {
        let meta = std::fs::metadata(path).ok();
        Self {
            modified: meta.as_ref().and_then(|m| m.modified().ok()),
            len: bytes.len() as u64,
            hash: hash(bytes),
        }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What `Document::disk_change` found.
#[derive(Debug, PartialEq, Eq)]
pub enum DiskChange {
    /// The file holds what Stormpad last read or wrote.
    Unchanged,
    /// Another program wrote the file; here is what it holds now.
    Changed(Vec<u8>),
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
            read_only: false,
            disk: None,
            derived: None,
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
        let bytes = std::fs::read(path).map_err(|e| LoadError::io(path, &e))?;
        let loaded = file::from_bytes(&bytes)?;
        let read_only = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
        Ok(Self {
            board: loaded.board,
            history: History::default(),
            path: Some(path.to_path_buf()),
            saved_state: 0,
            warnings: loaded.warnings,
            read_only,
            disk: Some(DiskCopy::of(path, &bytes)),
            derived: None,
        })
    }

    /// A board brought back from a recovery copy: it has unsaved changes, and saves to its
    /// original file (if it had one).
    pub fn recovered(board: Board, original: Option<PathBuf>) -> Self {
        let mut doc = Self::untitled(board);
        doc.saved_state = u64::MAX;
        doc.path = original;
        doc
    }

    /// Replaces the board with what another program wrote to the file (not undoable, like
    /// opening); the path stays.
    pub fn reload(&mut self, bytes: &[u8]) -> Result<(), LoadError> {
        let loaded = file::from_bytes(bytes)?;
        let path = self.path.clone();
        *self = Self {
            board: loaded.board,
            history: History::default(),
            path: path.clone(),
            saved_state: 0,
            warnings: loaded.warnings,
            read_only: self.read_only,
            disk: path.map(|p| DiskCopy::of(&p, bytes)),
            derived: None,
        };
        Ok(())
    }

    /// Saves to `path` atomically and makes it the document's file.
    pub fn save_to(&mut self, path: &Path) -> std::io::Result<()> {
        self.history.commit();
        let text = file::to_string(&self.board);
        file::write_atomic(path, text.as_bytes())?;
        if self.path.as_deref() != Some(path) {
            self.read_only = false;
        }
        self.path = Some(path.to_path_buf());
        self.saved_state = self.history.state();
        self.disk = Some(DiskCopy::of(path, text.as_bytes()));
        Ok(())
    }

    /// Whether another program changed the file since Stormpad last read or wrote it. Cheap
    /// while the file's time and size stay the same; reads the file only when they change.
    pub fn disk_change(&mut self) -> DiskChange {
        let (Some(path), Some(known)) = (&self.path, self.disk) else {
            return DiskChange::Unchanged;
        };
        let Ok(meta) = std::fs::metadata(path) else {
            // Gone or unreadable for now (a checkout in progress): look again later.
            return DiskChange::Unchanged;
        };
        if meta.modified().ok() == known.modified && meta.len() == known.len {
            return DiskChange::Unchanged;
        }
        let Ok(bytes) = std::fs::read(path) else {
            return DiskChange::Unchanged;
        };
        let now = DiskCopy::of(path, &bytes);
        if now.hash == known.hash {
            self.disk = Some(now);
            return DiskChange::Unchanged;
        }
        DiskChange::Changed(bytes)
    }

    /// Takes the file's current content as known without loading it ("keep mine" before
    /// saving over it).
    pub fn acknowledge_disk(&mut self, bytes: &[u8]) {
        if let Some(path) = &self.path {
            self.disk = Some(DiskCopy::of(path, bytes));
        }
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

    /// The folder of the board's file: where the open and save dialogs start.
    pub fn folder(&self) -> Option<PathBuf> {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
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

    /// The semantic model and findings, worked out again when the board changed. While a
    /// gesture is in progress (`settled` false) the last ones are kept, so dragging a big
    /// board does not re-analyse it every frame.
    pub fn derived(&mut self, settled: bool) -> Arc<Derived> {
        let revision = self.history.revision();
        match &self.derived {
            Some(d) if d.revision == revision || !settled => Arc::clone(d),
            _ => {
                let analysis = Analysis::of(&self.board);
                let findings = check::check(&self.board, &analysis);
                let d = Arc::new(Derived {
                    revision,
                    analysis,
                    findings,
                });
                self.derived = Some(Arc::clone(&d));
                d
            }
        }
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
