//! What a template folder says about its language (`language.json`): its reserved words, how
//! names are cased and escaped, how field types are written, and which files to write from
//! which templates. Data, not code, so a team that copies the templates can change all of it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use serde::Deserialize;

use crate::export::Merge;
use crate::model::naming::{self, Unique};

/// How a kind of identifier is cased.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    Pascal,
    Camel,
    Snake,
    Constant,
    Kebab,
}

impl Case {
    /// `text` in this case (ASCII, see [`naming`]).
    pub fn apply(self, text: &str) -> String {
        match self {
            Case::Pascal => naming::pascal(text),
            Case::Camel => naming::camel(text),
            Case::Snake => naming::snake(text),
            Case::Constant => naming::constant(text),
            Case::Kebab => naming::kebab(text),
        }
    }

    /// What goes between a name and the number that tells it from a name already taken,
    /// keeping the case's conventions: `Default2`, `orderPlaced2`, `order_placed_2`,
    /// `ORDER_PLACED_2`, `order-placed-2` (an `_` inside PascalCase is a Rust warning).
    pub fn number_separator(self) -> &'static str {
        match self {
            Case::Pascal | Case::Camel => "",
            Case::Snake | Case::Constant => "_",
            Case::Kebab => "-",
        }
    }
}

/// The cases of each kind of identifier.
#[derive(Clone, Debug, Deserialize)]
pub struct Cases {
    /// Structs, classes, records, enums.
    #[serde(rename = "type")]
    pub ty: Case,
    /// Fields and properties.
    pub field: Case,
    /// Enum variants.
    pub variant: Case,
    /// Modules, packages, file names.
    pub module: Case,
    /// Functions and methods.
    pub function: Case,
}

/// One output file: which template renders it, where (a template itself), for which items.
#[derive(Clone, Debug, Deserialize)]
pub struct FileRule {
    pub template: String,
    pub path: String,
    /// Which items get a file each.
    #[serde(rename = "for")]
    pub scope: Scope,
    /// What a second export does to the file.
    #[serde(default)]
    pub merge: FileMerge,
}

/// The items a file rule writes one file for (`"for"` in `language.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One file for the whole board.
    Board,
    /// One per bounded context.
    Context,
    /// One per aggregate.
    Aggregate,
    /// One per policy.
    Policy,
    /// One per read model.
    ReadModel,
    /// One per event and command: for languages with one type per file.
    Type,
    /// One per object type of the shared module.
    SharedType,
    /// One per front end (client app): the messages it receives.
    FrontEnd,
    /// One per partner webhook a context receives: its handler stub.
    Webhook,
}

/// What a second export does to a rule's file (`"merge"` in `language.json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileMerge {
    /// Generated: overwritten on every export.
    #[default]
    Overwrite,
    /// A skeleton a person fills in: written once, never overwritten.
    CreateOnly,
}

impl From<FileMerge> for Merge {
    fn from(merge: FileMerge) -> Self {
        match merge {
            FileMerge::Overwrite => Merge::Overwrite,
            FileMerge::CreateOnly => Merge::CreateOnly,
        }
    }
}

/// Names already cased, one map per [`Case`] (looked up without allocating). A clone starts
/// empty; a lock lets languages render side by side.
#[derive(Debug, Default)]
struct NameCache(Mutex<[HashMap<String, String>; 5]>);

impl Clone for NameCache {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// The longest identifier, in bytes: a 250-character sticky is still one file name.
const MAX_IDENT: usize = 80;

/// A language as its template folder describes it.
#[derive(Clone, Debug, Deserialize)]
pub struct LanguageConfig {
    /// The name used on the command line: `rust`, `typescript`, ...
    pub language: String,
    /// Words that cannot be identifiers; matched ignoring ASCII case only where the language
    /// ignores case, so they are listed as the language spells them.
    pub reserved: BTreeSet<String>,
    pub case: Cases,
    /// How a reserved (or otherwise unusable) identifier is escaped, `{}` standing for it.
    pub escape: String,
    /// Word put before identifiers that would start with a digit.
    pub digit_prefix: String,
    /// How field types are written: one entry per scalar (`uuid`, ...), and `list`,
    /// `optional`, `object`, `enum`, `any` with `{}` for the inner type or name.
    pub types: BTreeMap<String, String>,
    pub files: Vec<FileRule>,
    /// Names already cased: boards repeat field names (`orderId`) thousands of times.
    #[serde(skip)]
    cased: NameCache,
}

impl LanguageConfig {
    /// An identifier for `text` in `case`: never empty, never starting with a digit, never a
    /// reserved word nor a Windows device name (it may name a file), and unique in `scope`.
    /// A reserved word is escaped (`self_`); a name taken already is numbered in the case's
    /// style (`Default2`, `self_2`), never escaped and numbered at once.
    pub fn ident(&self, text: &str, case: Case, scope: &mut Unique) -> String {
        let base = self.cased(text, case);
        let first = if self.is_reserved(&base) {
            self.escape.replace("{}", &base)
        } else {
            base.clone()
        };
        let sep = case.number_separator();
        let numbered = (2..).map(|n| format!("{base}{sep}{n}"));
        scope
            .claim_first(std::iter::once(first.clone()).chain(numbered), |c| {
                c == first || !self.is_reserved(c)
            })
            .unwrap_or(first)
    }

    /// Whether `ident` cannot be used as it is: a reserved word of the language, or a name
    /// Windows keeps for a device (identifiers name files and folders too).
    pub fn is_reserved(&self, ident: &str) -> bool {
        self.reserved.contains(ident) || naming::is_windows_device(ident)
    }

    /// `text` in `case`, prefixed when it would start with a digit.
    fn cased(&self, text: &str, case: Case) -> String {
        let slot = case as usize;
        if let Ok(cache) = self.cased.0.lock()
            && let Some(hit) = cache[slot].get(text)
        {
            return hit.clone();
        }
        let mut ident = case.apply(text);
        if ident.starts_with(|c: char| c.is_ascii_digit()) {
            ident = case.apply(&format!("{} {text}", self.digit_prefix));
        }
        // Identifiers name files too (`<module>_policy.go`, `<Type>.java`): short enough
        // for any file system with room for a suffix and a number.
        ident = naming::within(
            &ident,
            MAX_IDENT,
            case.number_separator(),
            case == Case::Constant,
        );
        if let Ok(mut cache) = self.cased.0.lock() {
            cache[slot].insert(text.to_owned(), ident.clone());
        }
        ident
    }

    /// A type written with the `types` pattern named `key`, `{}` replaced by `inner`.
    pub fn type_pattern(&self, key: &str, inner: &str) -> String {
        self.types
            .get(key)
            .map_or_else(|| inner.to_owned(), |p| p.replace("{}", inner))
    }
}
