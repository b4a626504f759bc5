//! Recovery copies: while a board has unsaved changes, the app writes a copy of it every few
//! seconds to the platform's data folder, never over the user's file. After a crash the next
//! start finds the copies and offers them back; a clean exit removes them.
//!
//! Each running app is one *session* (a random name); its copy is `<session>.storm.ron` and
//! what it belongs to is in `<session>.meta.ron`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{LoadError, Loaded, write_atomic};

/// Environment variable that moves the recovery folder (for tests and portable installs).
pub const DATA_DIR_VAR: &str = "STORMPAD_DATA_DIR";

/// What a recovery copy belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryMeta {
    /// The board's file, if it had one.
    pub original: Option<PathBuf>,
    /// The board's title, for boards that were never saved.
    pub title: String,
    /// When the copy was written, in seconds since 1970.
    pub saved_at: u64,
    /// The process that wrote it: a copy of a process still running is not offered.
    pub pid: u32,
}

impl RecoveryMeta {
    /// Describes the board now, written by this process.
    pub fn now(original: Option<PathBuf>, title: String) -> Self {
        let saved_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self {
            original,
            title,
            saved_at,
            pid: std::process::id(),
        }
    }

    /// The name to show: the file name, else the title.
    pub fn name(&self) -> String {
        match self.original.as_ref().and_then(|p| p.file_name()) {
            Some(n) => n.to_string_lossy().into_owned(),
            None if self.title.is_empty() => "Untitled board".to_owned(),
            None => self.title.clone(),
        }
    }

    /// How long ago the copy was written, in words.
    pub fn age(&self) -> String {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let secs = now.saturating_sub(self.saved_at);
        match secs {
            0..60 => "less than a minute ago".to_owned(),
            60..3600 => format!("{} minutes ago", secs / 60),
            3600..86400 => format!("{} hours ago", secs / 3600),
            _ => format!("{} days ago", secs / 86400),
        }
    }
}

/// A recovery copy found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recoverable {
    pub session: String,
    pub meta: RecoveryMeta,
}

/// The folder of recovery copies.
#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// The folder the platform gives applications for their data (`$STORMPAD_DATA_DIR`
    /// when set), or `None` where there is none.
    pub fn default_location() -> Option<Self> {
        if let Some(dir) = std::env::var_os(DATA_DIR_VAR) {
            return Some(Self::at(PathBuf::from(dir).join("recovery")));
        }
        let dirs = directories::ProjectDirs::from("", "", "stormpad")?;
        Some(Self::at(dirs.data_dir().join("recovery")))
    }

    /// A store in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn board_path(&self, session: &str) -> PathBuf {
        self.dir.join(format!("{session}.storm.ron"))
    }

    fn meta_path(&self, session: &str) -> PathBuf {
        self.dir.join(format!("{session}.meta.ron"))
    }

    /// Writes the copy of a session's board atomically: the board first, then what it belongs
    /// to, so a listed copy always has its board.
    pub fn write(
        &self,
        session: &str,
        meta: &RecoveryMeta,
        board_text: &str,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        write_atomic(&self.board_path(session), board_text.as_bytes())?;
        let meta_text = ron::to_string(meta).map_err(std::io::Error::other)?;
        write_atomic(&self.meta_path(session), meta_text.as_bytes())
    }

    /// The copies left by sessions that are no longer running (a crash, a power cut), newest
    /// first. `current` is this app's own session, never offered.
    pub fn list(&self, current: &str) -> Vec<Recoverable> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<Recoverable> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let session = name.strip_suffix(".meta.ron")?.to_owned();
                let text = std::fs::read_to_string(e.path()).ok()?;
                let meta: RecoveryMeta = ron::from_str(&text).ok()?;
                let other_live_process = meta.pid != std::process::id() && process_alive(meta.pid);
                let usable =
                    session != current && !other_live_process && self.board_path(&session).exists();
                usable.then_some(Recoverable { session, meta })
            })
            .collect();
        found.sort_by(|a, b| {
            b.meta
                .saved_at
                .cmp(&a.meta.saved_at)
                .then(a.session.cmp(&b.session))
        });
        found
    }

    /// Reads a session's copy.
    pub fn load(&self, session: &str) -> Result<Loaded, LoadError> {
        super::read(&self.board_path(session))
    }

    /// Removes a session's copy (after a save, a clean exit, a restore or a discard).
    pub fn remove(&self, session: &str) {
        let _ = std::fs::remove_file(self.meta_path(session));
        let _ = std::fs::remove_file(self.board_path(session));
    }

    /// Whether a session has a copy on disk.
    pub fn has(&self, session: &str) -> bool {
        self.meta_path(session).exists()
    }

    /// The folder, for messages.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Whether a process with this id runs (Linux: it has a `/proc` entry). Elsewhere every other
/// process counts as gone, so a copy is offered rather than hidden.
fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_listed_for_other_sessions_and_removed_cleanly() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let store = RecoveryStore::at(dir.path().join("recovery"));
        let meta = RecoveryMeta::now(Some(PathBuf::from("/work/shop.storm.ron")), "Shop".into());
        store.write("aaaa", &meta, "(format: \"stormpad\", version: 1)")?;
        assert!(store.list("aaaa").is_empty(), "never offers its own copy");
        let found = store.list("bbbb");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].meta.name(), "shop.storm.ron");
        assert_eq!(found[0].meta.age(), "less than a minute ago");
        assert!(store.load("aaaa").is_ok());
        store.remove("aaaa");
        assert!(store.list("bbbb").is_empty());
        Ok(())
    }

    #[test]
    fn a_copy_of_another_running_process_is_not_offered() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let store = RecoveryStore::at(dir.path());
        let mut meta = RecoveryMeta::now(None, "Live".into());
        meta.pid = 1; // init: always running
        store.write("cccc", &meta, "(format: \"stormpad\", version: 1)")?;
        assert!(store.list("dddd").is_empty());
        Ok(())
    }
}
