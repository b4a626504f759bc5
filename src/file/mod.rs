//! Persistence: the `.storm.ron` format, its versions, repairs on load and atomic saving.
//!
//! A board is one RON file made for git: a header (`format`, `version`), then maps keyed by id
//! in sorted order, one field per line, positions as whole numbers. Saving an unchanged board
//! gives byte-identical text.

mod atomic;
pub mod clipboard;
mod error;
mod format;
pub mod merge;
mod migrate;
pub mod recovery;
mod repair;
mod split;
mod unknown;

pub use atomic::write_atomic;
pub use error::LoadError;
#[cfg(test)]
pub(crate) use format::failing_to_string;
pub use format::{
    CURRENT_MINOR, CURRENT_VERSION, FORMAT_NAME, SerialiseError, from_str, to_string,
};
pub use repair::Warning;

use std::path::Path;

use crate::model::Board;

/// The file name ending of boards.
pub const EXTENSION: &str = "storm.ron";

/// A board read from text, with what had to be repaired on the way.
#[derive(Debug)]
pub struct Loaded {
    pub board: Board,
    pub warnings: Vec<Warning>,
}

/// Reads and parses a board file. The file is only read, never modified.
pub fn read(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError::io(path, &e))?;
    from_bytes(&bytes)
}

/// Parses a board from the bytes of a file (which must be UTF-8 text).
pub fn from_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::not_utf8(bytes, &e))?;
    from_str(text)
}

/// Writes a board in canonical form, atomically (see [`write_atomic`]). A board that cannot
/// be serialised leaves the file untouched.
pub fn write(path: &Path, board: &Board) -> std::io::Result<()> {
    write_atomic(path, to_string(board)?.as_bytes())
}
