//! One open board: the board, its undo history, where it lives on disk and whether it has
//! unsaved changes.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::edit::{Edit, History};
use crate::file::{self, LoadError, Warning};
use std::sync::Arc;

use super::background::Task;
use crate::model::analysis::Analysis;
use crate::model::check::{self, Finding};
use crate::model::{Board, naming};

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
    /// Derived data being worked out on another thread, for a revision of this board.
    deriving: Option<Task<Derived>>,
    /// A revision whose background work stopped without an answer: not tried again.
    failed: Option<u64>,
    /// Boards with at least this many stickies and arrows are analysed off the UI thread.
    background_from: usize,
}

/// Boards smaller than this (stickies and arrows) are analysed on the UI thread, in a few
/// milliseconds: the findings are current in the very frame of the edit. Larger ones are
/// analysed in the background (~170 ms at 40k stickies) and the window shows the last
/// finished analysis meanwhile.
pub const BACKGROUND_FROM: usize = 1_000;

/// What the board means at one revision: its semantic model and the model check's findings.
/// The inspector, the model check panel, the canvas markers and the export dialog share it.
pub struct Derived {
    pub revision: u64,
    /// The board at `revision`, as analysed (a snapshot sharing storage with the document's).
    pub board: Board,
    pub analysis: Analysis,
    pub findings: Vec<Finding>,
}

impl Derived {
    /// Works out the semantic model and the findings of `board` (on any thread).
    pub fn of(board: Board, revision: u64) -> Self {
        let analysis = Analysis::of(&board);
        let findings = check::check(&board, &analysis);
        Self {
            revision,
            board,
            analysis,
            findings,
        }
    }

    /// What the window shows before the first analysis of a board arrives: nothing, and of
    /// no revision, so nothing takes it for the board's.
    fn nothing_yet() -> Self {
        Self::of(Board::default(), u64::MAX)
    }
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

/// What a look at the file on disk found.
#[derive(Debug, PartialEq, Eq)]
pub enum DiskChange {
    /// The file holds what Stormpad last read or wrote.
    Unchanged,
    /// Another program wrote the file; here is what it holds now.
    Changed(Vec<u8>),
}

/// What a look at the file on disk needs, taken from the document so that the look (which
/// may read and hash a large file) can run on another thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskProbe {
    path: PathBuf,
    known: DiskCopy,
}

/// What [`DiskProbe::look`] saw; [`Document::take_look`] decides what it means.
#[derive(Debug)]
pub struct DiskLook {
    probe: DiskProbe,
    seen: Seen,
}

#[derive(Debug)]
enum Seen {
    /// Same time and size, or the file is gone or unreadable for now (a checkout in
    /// progress): look again later.
    Nothing,
    /// A new time but the same content.
    SameContent(DiskCopy),
    /// New content.
    Changed(Vec<u8>),
}

impl DiskProbe {
    /// Looks at the file: cheap while its time and size stay the same; reads and hashes it
    /// only when they change.
    pub fn look(self) -> DiskLook {
        let seen = self.see();
        DiskLook { probe: self, seen }
    }

    fn see(&self) -> Seen {
        let Ok(meta) = std::fs::metadata(&self.path) else {
            return Seen::Nothing;
        };
        if meta.modified().ok() == self.known.modified && meta.len() == self.known.len {
            return Seen::Nothing;
        }
        let Ok(bytes) = std::fs::read(&self.path) else {
            return Seen::Nothing;
        };
        let now = DiskCopy::of(&self.path, &bytes);
        if now.hash == self.known.hash {
            Seen::SameContent(now)
        } else {
            Seen::Changed(bytes)
        }
    }
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
            deriving: None,
            failed: None,
            background_from: BACKGROUND_FROM,
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
            deriving: None,
            failed: None,
            background_from: BACKGROUND_FROM,
        })
    }

    /// The board named on the command line: the file when it exists, otherwise a new board
    /// that saves there (`stormpad NEW.storm.ron`). A file in a folder that does not exist
    /// is refused, as is one that exists but cannot be read.
    pub fn open_or_new(path: &Path) -> Result<Self, LoadError> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::new_at(path),
            _ => Self::open(path),
        }
    }

    /// An empty board whose file is `path`, not written until the user saves; its title is
    /// the file's name without the extension.
    fn new_at(path: &Path) -> Result<Self, LoadError> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(LoadError::whole(format!(
                "the folder {} does not exist, so a new board cannot be saved there",
                folder.display()
            )));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let title = name
            .strip_suffix(&format!(".{}", file::EXTENSION))
            .or_else(|| name.strip_suffix(".ron"))
            .unwrap_or(&name);
        let mut doc = Self::untitled(Board::new(title));
        doc.path = Some(path.to_path_buf());
        Ok(doc)
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
            // The old board's analysis (and any still being worked out) is dropped with it.
            derived: None,
            deriving: None,
            failed: None,
            background_from: self.background_from,
        };
        Ok(())
    }

    /// Saves to `path` atomically and makes it the document's file.
    pub fn save_to(&mut self, path: &Path) -> std::io::Result<()> {
        self.save_with(path, file::to_string)
    }

    /// [`Self::save_to`] with the serialiser as a parameter: a serialiser that fails leaves
    /// the file untouched and the board unsaved (see the tests).
    pub(crate) fn save_with(
        &mut self,
        path: &Path,
        serialise: impl FnOnce(&Board) -> Result<String, file::SerialiseError>,
    ) -> std::io::Result<()> {
        self.history.commit();
        let text = serialise(&self.board)?;
        file::write_atomic(path, text.as_bytes())?;
        if self.path.as_deref() != Some(path) {
            self.read_only = false;
        }
        self.path = Some(path.to_path_buf());
        self.saved_state = self.history.state();
        self.disk = Some(DiskCopy::of(path, text.as_bytes()));
        Ok(())
    }

    /// What a look at the file on disk needs; `None` for a board that has no file.
    pub fn disk_probe(&self) -> Option<DiskProbe> {
        Some(DiskProbe {
            path: self.path.clone()?,
            known: self.disk?,
        })
    }

    /// Whether another program changed the file since Stormpad last read or wrote it, from a
    /// look that may have been taken on another thread. A look taken before the document
    /// last read or wrote its file (a save in the meantime) says nothing.
    pub fn take_look(&mut self, look: DiskLook) -> DiskChange {
        if self.disk_probe().as_ref() != Some(&look.probe) {
            return DiskChange::Unchanged;
        }
        match look.seen {
            Seen::Nothing => DiskChange::Unchanged,
            Seen::SameContent(now) => {
                self.disk = Some(now);
                DiskChange::Unchanged
            }
            Seen::Changed(bytes) => DiskChange::Changed(bytes),
        }
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

    /// A file name to propose in Save As: the title in kebab case, as every name Stormpad
    /// makes from a board goes through `model::naming`.
    pub fn suggested_file_name(&self) -> String {
        let stem = naming::kebab_or(&self.board.meta.title, "board");
        format!("{stem}.{}", file::EXTENSION)
    }

    /// The semantic model and findings of a recent revision of this board. While a gesture
    /// is in progress (`settled` false) the last ones are kept, so dragging a big board does
    /// not re-analyse it every frame. A small board is analysed at once; a big one on another
    /// thread, from a snapshot (see [`Board`]): meanwhile the last finished analysis of this
    /// board is returned (its `revision` says which), or nothing before the first. `ctx`
    /// repaints when a background analysis arrives.
    pub fn derived(&mut self, ctx: &egui::Context, settled: bool) -> Arc<Derived> {
        self.take_finished();
        let revision = self.history.revision();
        let current = self
            .derived
            .as_ref()
            .is_some_and(|d| d.revision == revision);
        let first = self.derived.is_none();
        if !current && (settled || first) {
            let size = self.board.stickies.len() + self.board.links.len();
            if size < self.background_from {
                self.derive_now();
            } else if self.deriving.is_none() && self.failed != Some(revision) {
                let board = self.board.clone();
                self.deriving = Some(Task::spawn(ctx, "model check", move || {
                    Derived::of(board, revision)
                }));
            }
        }
        match &self.derived {
            Some(d) => Arc::clone(d),
            None => Arc::new(Derived::nothing_yet()),
        }
    }

    /// The semantic model and findings of the board as it is now, worked out on this thread
    /// if the last ones are of an earlier revision (an export must not wait for a frame).
    pub fn derived_now(&mut self) -> Arc<Derived> {
        self.take_finished();
        let revision = self.history.revision();
        match &self.derived {
            Some(d) if d.revision == revision => Arc::clone(d),
            _ => self.derive_now(),
        }
    }

    /// Whether an analysis is being worked out in the background.
    pub fn deriving(&self) -> bool {
        self.deriving.is_some()
    }

    /// Analyses boards of at least `n` stickies and arrows in the background (tests set 0).
    pub fn set_background_from(&mut self, n: usize) {
        self.background_from = n;
    }

    fn derive_now(&mut self) -> Arc<Derived> {
        let d = Arc::new(Derived::of(self.board.clone(), self.history.revision()));
        self.derived = Some(Arc::clone(&d));
        d
    }

    /// Takes in a finished background analysis, unless a newer one is already there.
    fn take_finished(&mut self) {
        let Some(answer) = self.deriving.as_ref().and_then(Task::poll) else {
            return;
        };
        self.deriving = None;
        match answer {
            Ok(d) => {
                let newer = self
                    .derived
                    .as_ref()
                    .is_none_or(|old| old.revision < d.revision);
                if newer {
                    self.derived = Some(Arc::new(d));
                }
            }
            Err(stopped) => {
                eprintln!("stormpad: the model check of the board failed: {stopped}");
                self.failed = Some(self.history.revision());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Kind, Point, Sticky};

    fn titled(title: &str) -> Document {
        Document::untitled(Board::new(title))
    }

    #[test]
    fn save_as_proposes_the_title_in_kebab_case() {
        let name = |t: &str| titled(t).suggested_file_name();
        assert_eq!(name("Food Delivery"), "food-delivery.storm.ron");
        assert_eq!(
            name("Food delivery — design level"),
            "food-delivery-design-level.storm.ron"
        );
        assert_eq!(name("  Hotel booking (v2)  "), "hotel-booking-v2.storm.ron");
        assert_eq!(name("Café"), "cafe.storm.ron");
        assert_eq!(name(""), "board.storm.ron");
        assert_eq!(name("🎉 —"), "board.storm.ron");
    }

    /// Another program writes the file while a look is under way, or after a save.
    #[test]
    fn a_look_sees_other_programs_changes_but_not_our_own_save() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("shared.storm.ron");
        let mut doc = titled("Shared");
        doc.save_to(&path)?;
        let look = |doc: &Document| doc.disk_probe().map(DiskProbe::look);
        let nothing = look(&doc).map(|l| doc.take_look(l));
        assert_eq!(nothing, Some(DiskChange::Unchanged));

        let mut theirs = doc.board.clone();
        theirs.stickies.insert(
            Id(7),
            Sticky::new(Kind::DomainEvent, "Pulled", Point::default()),
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        file::write(&path, &theirs)?;
        let stale = look(&doc);
        let Some(fresh) = look(&doc) else {
            panic!("a saved board can be looked at");
        };
        assert!(matches!(doc.take_look(fresh), DiskChange::Changed(_)));

        // We save over it: what was seen before the save no longer counts.
        doc.save_to(&path)?;
        let after_save = stale.map(|l| doc.take_look(l));
        assert_eq!(after_save, Some(DiskChange::Unchanged));
        Ok(())
    }

    /// `stormpad NEW.storm.ron`: a file that does not exist yet is a new board that saves
    /// there; a missing folder is refused with a reason.
    #[test]
    fn a_new_path_opens_as_an_empty_board_that_saves_there()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("new-board.storm.ron");
        let mut doc = Document::open_or_new(&path)?;
        assert!(doc.board.stickies.is_empty());
        assert_eq!(doc.path.as_deref(), Some(path.as_path()));
        assert_eq!(doc.display_name(), "new-board.storm.ron");
        assert_eq!(doc.board.meta.title, "new-board");
        assert!(!doc.is_dirty(), "nothing to lose yet");
        assert!(!path.exists());
        assert!(doc.disk_probe().is_none(), "no file on disk to follow yet");

        doc.apply(vec![Edit::PutSticky {
            id: Id(1),
            sticky: Some(Sticky::new(Kind::DomainEvent, "Started", Point::default())),
        }]);
        doc.save_to(&path)?;
        assert_eq!(file::read(&path)?.board, doc.board);

        let Err(e) = Document::open_or_new(&dir.path().join("gone/x.storm.ron")) else {
            panic!("a missing folder is refused");
        };
        assert!(e.message.contains("does not exist"), "{e}");
        Ok(())
    }

    #[test]
    fn a_board_without_a_file_is_never_looked_at() {
        assert!(titled("New").disk_probe().is_none());
    }
}
