//! What a newer Stormpad wrote that this one does not understand, kept so that nothing is lost
//! when an older Stormpad saves a newer board.
//!
//! The model treats it as opaque: a name and the text it had in the file, never interpreted.
//! The file layer fills it when it reads a part it does not know (a field of a sticky, a
//! section of the board, a kind) and writes it back unchanged; edits carry it along with the
//! item it belongs to (a moved or copied sticky keeps it), because items are put whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Unknown parts of one item (or of the board), by name, each with the text it had in the
/// file. Sorted by name, so they are written back in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(BTreeMap<String, String>);

impl Extra {
    /// Whether there is nothing unknown (every board this Stormpad wrote itself).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text kept under `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Keeps `text` under `name` (the file layer does this while reading).
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        self.0.insert(name.into(), text.into());
    }

    /// Every kept part, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
