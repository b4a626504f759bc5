//! Boards in git: a three-way merge by id, field by field, that never leaves a file that does
//! not load; a semantic diff; a one-line-per-item text for `git diff`; and the git set-up that
//! makes git use them (`stormpad merge`, `diff`, `textconv`, `git-setup`).
//!
//! Everything here but [`driver`] and [`setup`] is a pure function over parsed boards: reading
//! and writing go through `crate::file`, so a merged board is written in canonical form.

pub mod diff;
pub mod driver;
mod hotspot;
pub mod setup;
mod show;
pub mod textconv;
mod three_way;
mod tree;

pub use three_way::merge;

/// The names of the three versions, as git's conflict markers and the hotspots show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// The common ancestor (`%S`).
    pub base: String,
    /// Our side (`%X`, usually `HEAD`).
    pub ours: String,
    /// Their side (`%Y`): the branch being merged in; hotspots say it came from there.
    pub theirs: String,
}

impl Default for Labels {
    fn default() -> Self {
        Self {
            base: "base".to_owned(),
            ours: "ours".to_owned(),
            theirs: "theirs".to_owned(),
        }
    }
}

/// What part of a board a merged value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The board's title, description, namespace, level.
    Meta,
    /// The label and colour of one kind.
    Legend,
    /// One object type (value object), keyed by its name.
    Type,
    /// One sticky, keyed by id.
    Sticky,
    /// One region (bounded context or swimlane), keyed by id.
    Region,
    /// One arrow, keyed by id.
    Link,
}

impl Section {
    /// The word people read in reports.
    pub fn noun(self) -> &'static str {
        match self {
            Section::Meta => "the board",
            Section::Legend => "legend entry",
            Section::Type => "object type",
            Section::Sticky => "sticky",
            Section::Region => "region",
            Section::Link => "arrow",
        }
    }
}

/// The same field of the same item changed differently on both sides. The merged board keeps
/// ours and carries a hotspot saying what theirs was.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub section: Section,
    /// The item's key: an id, a kind, a type name; empty for the board's meta.
    pub item: String,
    /// The field, e.g. `text`, `pos`, `fields[orderId].type`.
    pub field: String,
    /// Ours (kept), as canonical JSON; `None` when ours removed it.
    pub ours: Option<serde_json::Value>,
    /// Theirs (not taken); `None` when theirs removed it.
    pub theirs: Option<serde_json::Value>,
}

/// Something the merge decided on its own that a person should know about (a deletion
/// against an edit, an arrow whose end is gone). Not a conflict: the merge is clean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub section: Section,
    pub item: String,
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.item.is_empty() {
            write!(f, "{}: {}", self.section.noun(), self.message)
        } else {
            write!(f, "{} {}: {}", self.section.noun(), self.item, self.message)
        }
    }
}

/// The result of merging three boards.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged board, with one hotspot sticky per conflict.
    pub board: crate::model::Board,
    /// Same-field conflicts (ours kept), in a stable order.
    pub conflicts: Vec<Conflict>,
    /// Decisions taken without a conflict, in a stable order.
    pub notes: Vec<Note>,
}

/// Why boards could not be merged as boards (the caller falls back to a text merge).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeError(pub String);

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MergeError {}
