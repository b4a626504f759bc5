//! What a newer Stormpad wrote that this one does not understand, kept so that nothing is lost
//! when an older Stormpad saves a newer board.
//!
//! The model treats it as opaque: a name and the text it had in the file, never interpreted.
//! The file layer fills it when it reads a part it does not know (a field of a sticky, a
//! section of the board, a kind) and writes it back unchanged; edits carry it along with the
//! item it belongs to (a moved or copied sticky keeps it), because items are put whole.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

/// How many distinct unknown names (of fields, of kinds) one process writes at most. serde
/// takes field and variant names that live for the whole program, so each distinct name is
/// allocated once and kept; this bounds that memory against a hostile file.
const MAX_LASTING_NAMES: usize = 10_000;

/// `name` as a name that lives for the whole program, for writing an unknown field or kind
/// back under its own name (see [`MAX_LASTING_NAMES`]).
pub fn lasting_name(name: &str) -> Result<&'static str, String> {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = names.get(name) {
        return Ok(known);
    }
    if names.len() >= MAX_LASTING_NAMES {
        return Err(format!(
            "more than {MAX_LASTING_NAMES} different unknown names; `{name}` cannot be kept"
        ));
    }
    let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(kept);
    Ok(kept)
}

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
