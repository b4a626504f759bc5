//! Why a file could not be read, with the line and column a person needs to fix it.

use std::fmt;
use std::path::Path;

/// A board file that could not be loaded. Lines and columns count from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// Where the problem is, when it is at a place in the text.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl LoadError {
    /// An error at a place in the text.
    pub fn at(line: usize, col: usize, message: impl Into<String>) -> Self {
        Self {
            position: Some((line.max(1), col.max(1))),
            message: message.into(),
        }
    }

    /// An error about the file as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            position: None,
            message: message.into(),
        }
    }

    /// The file could not be read at all.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::whole(format!("cannot read {}: {err}", path.display()))
    }

    /// The bytes are not UTF-8 text; points at the first bad byte.
    pub fn not_utf8(bytes: &[u8], err: &std::str::Utf8Error) -> Self {
        let valid = err.valid_up_to();
        let before = &bytes[..valid];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = valid
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        Self::at(
            line,
            col,
            "this is not a text file (invalid UTF-8); a Stormpad board is UTF-8 RON text",
        )
    }

    /// `file:line:col: message`, the form editors and CI logs understand.
    pub fn with_file(&self, file: &Path) -> String {
        match self.position {
            Some((line, col)) => format!("{}:{line}:{col}: {}", file.display(), self.message),
            None => format!("{}: {}", file.display(), self.message),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "line {line}, column {col}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for LoadError {}
