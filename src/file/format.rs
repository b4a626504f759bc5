//! The `.storm.ron` text: writing the canonical form and reading any supported version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Loaded;
use super::error::LoadError;
use super::unknown::read::Keeping;
use super::unknown::write::{Keep, KeepItem, KeepOwn};
use super::{migrate, repair};
use crate::model::{Board, Boundary, Extra, Id, Legend, Link, Meta, ObjectType, SharedMap, Sticky};

/// The `format` every board file starts with.
pub const FORMAT_NAME: &str = "stormpad";

/// The format's major version this build writes, and the newest it reads. A new major version
/// changes the meaning of what is there (older Stormpads refuse it; this one migrates older
/// files, see `migrate.rs`).
pub const CURRENT_VERSION: u32 = 1;

/// The format's minor version this build writes: a new minor version only adds (fields, kinds,
/// sections), so older Stormpads of the same major version read it, keeping what they do not
/// know. Written as `minor: N` after `version`, and only when it is not 0.
pub const CURRENT_MINOR: u32 = 0;

/// Whether a file's minor version is newer than this build's.
pub(super) fn is_newer_minor(minor: u32) -> bool {
    minor > CURRENT_MINOR
}

/// Where a board keeps the minor version of a newer file it was read from, so that saving it
/// again (with that version's parts kept) still says which version they belong to.
const MINOR: &str = "minor";

/// The document as written (borrows the board, so saving copies nothing).
#[derive(Serialize)]
struct DocumentRef<'a> {
    format: &'a str,
    version: u32,
    #[serde(skip_serializing_if = "is_zero")]
    minor: u32,
    meta: Keep<'a, Meta>,
    #[serde(skip_serializing_if = "is_default_legend")]
    legend: &'a Legend,
    #[serde(skip_serializing_if = "no_types")]
    types: Keep<'a, BTreeMap<String, ObjectType>>,
    stickies: Stickies<'a>,
    boundaries: Keep<'a, SharedMap<Id, Boundary>>,
    links: Keep<'a, SharedMap<Id, Link>>,
    /// Sections of a newer version, written back after the known ones.
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: Extra,
}

/// The stickies, each written with the text of its placeholders (an unknown kind) in place.
struct Stickies<'a>(&'a SharedMap<Id, Sticky>);

impl Serialize for Stickies<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(id, s)| (id, KeepItem(s, &s.extra))))
    }
}

fn is_default_legend(legend: &&Legend) -> bool {
    **legend == Legend::default()
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn no_types(types: &Keep<'_, BTreeMap<String, ObjectType>>) -> bool {
    types.0.is_empty()
}

/// The document as read. One pass over the text: the header fields come first in every file
/// Stormpad writes, so a file of another program or of a newer version is refused as soon as
/// its header is read, before its body is interpreted.
pub(super) struct Document {
    version: u32,
    minor: u32,
    extra: Extra,
    meta: Meta,
    legend: Legend,
    types: BTreeMap<String, ObjectType>,
    pub(super) stickies: Entries<Sticky>,
    /// How many `stickies` sections the text has (one, or none in a board without any).
    pub(super) stickies_sections: usize,
    boundaries: Entries<Boundary>,
    links: Entries<Link>,
}

/// A map of items read entry by entry, keeping entries whose id repeats (a bad merge can leave
/// two items with one id): the repair pass gives the copies new ids instead of silently
/// dropping one.
pub(super) struct Entries<T>(pub(super) Vec<(Id, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map from ids to items: `{ \"id\": (...), }`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries<T>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// Messages of refusals found while reading the header (they carry no useful position).
const NOT_STORMPAD: &str = "this is not a Stormpad board";

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const FIELDS: &[&str] = &[
            "format",
            "version",
            "minor",
            "meta",
            "legend",
            "types",
            "stickies",
            "boundaries",
            "links",
        ];
        d.deserialize_struct("Document", FIELDS, DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> serde::de::Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Stormpad board: `(format: \"stormpad\", version: 1, ...)`")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        use serde::de::Error;
        let mut doc = Document {
            version: 0,
            minor: 0,
            extra: Extra::default(),
            meta: Meta::default(),
            legend: Legend::default(),
            types: BTreeMap::new(),
            stickies: Entries::default(),
            stickies_sections: 0,
            boundaries: Entries::default(),
            links: Entries::default(),
        };
        let (mut format, mut version) = (false, false);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => {
                    let name: String = map.next_value()?;
                    if name != FORMAT_NAME {
                        return Err(A::Error::custom(format!(
                            "{NOT_STORMPAD}: its format is \"{name}\", not \"{FORMAT_NAME}\""
                        )));
                    }
                    format = true;
                }
                "version" => {
                    let v: u64 = map.next_value()?;
                    if v > u64::from(CURRENT_VERSION) {
                        return Err(A::Error::custom(format!(
                            "this board was written by a newer Stormpad (format version {v}); \
                             this Stormpad reads format version {CURRENT_VERSION} and older: \
                             please update Stormpad"
                        )));
                    }
                    if v == 0 {
                        return Err(A::Error::custom("format version 0 does not exist"));
                    }
                    doc.version = u32::try_from(v).unwrap_or(CURRENT_VERSION);
                    version = true;
                }
                _ if !format => {
                    return Err(A::Error::custom(format!(
                        "{NOT_STORMPAD}: it does not start with `format: \"stormpad\"`"
                    )));
                }
                _ if !version => {
                    return Err(A::Error::custom(
                        "the board has no `version: N` after its format; cannot tell how to read it",
                    ));
                }
                "minor" => {
                    let raw: &ron::value::RawValue = map.next_value()?;
                    doc.minor = raw.get_ron().parse().map_err(|_| {
                        A::Error::custom(format!(
                            "the minor format version must be a whole number, not {raw}"
                        ))
                    })?;
                    if is_newer_minor(doc.minor) {
                        doc.extra.insert(MINOR, raw.get_ron());
                    }
                }
                "meta" => doc.meta = map.next_value_seed(Keeping::default())?,
                "legend" => doc.legend = map.next_value_seed(Keeping::default())?,
                "types" => doc.types = map.next_value_seed(Keeping::default())?,
                "stickies" => {
                    doc.stickies = map.next_value_seed(Keeping::default())?;
                    doc.stickies_sections += 1;
                }
                "boundaries" => doc.boundaries = map.next_value_seed(Keeping::default())?,
                "links" => doc.links = map.next_value_seed(Keeping::default())?,
                // A section of a newer version: kept as it is.
                name => {
                    let raw: &ron::value::RawValue = map.next_value()?;
                    doc.extra.insert(name, raw.get_ron());
                }
            }
        }
        if !format {
            return Err(A::Error::custom(format!(
                "{NOT_STORMPAD}: it has no `format: \"stormpad\"` header"
            )));
        }
        if !version {
            return Err(A::Error::custom(
                "the board has no `version: N` in its header; cannot tell how to read it",
            ));
        }
        Ok(doc)
    }
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("  ")
        .new_line("\n")
        .separate_tuple_members(false)
        .struct_names(false)
        .depth_limit(4)
        // Text as people wrote it: `hotel's`, `Café`, line breaks as line breaks; a text
        // with `"` or `\` becomes a raw string `r#"..."#`. (Also several times faster than
        // escaping every character.)
        .escape_strings(false)
}

/// Why a board could not be turned into text. Saving stops there: nothing is written over the
/// file, and the caller reports it like any failed save.
#[derive(Debug)]
pub struct SerialiseError(ron::Error);

impl std::fmt::Display for SerialiseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the board could not be written as text: {}", self.0)
    }
}

impl std::error::Error for SerialiseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// A save that cannot serialise fails as a save does: with an I/O error carrying the reason.
impl From<SerialiseError> for std::io::Error {
    fn from(e: SerialiseError) -> Self {
        std::io::Error::other(e)
    }
}

/// The canonical text of a board: deterministic, sorted, one field per line.
pub fn to_string(board: &Board) -> Result<String, SerialiseError> {
    to_string_with(board, &ron::Options::default())
}

/// [`to_string`] with the serialiser's options; tests make it fail for real with a tiny
/// recursion limit.
fn to_string_with(board: &Board, options: &ron::Options) -> Result<String, SerialiseError> {
    let kept_minor = board.extra.get(MINOR).and_then(|m| m.parse::<u32>().ok());
    let minor = kept_minor
        .filter(|m| is_newer_minor(*m))
        .unwrap_or(CURRENT_MINOR);
    let mut sections = Extra::default();
    for (name, text) in board.extra.iter().filter(|(name, _)| *name != MINOR) {
        sections.insert(name, text);
    }
    let doc = DocumentRef {
        format: FORMAT_NAME,
        version: CURRENT_VERSION,
        minor,
        meta: Keep(&board.meta),
        legend: &board.legend,
        types: Keep(&board.types),
        stickies: Stickies(&board.stickies),
        boundaries: Keep(&board.boundaries),
        links: Keep(&board.links),
        extra: sections,
    };
    let mut text = options
        .to_string_pretty(&KeepOwn(&doc), pretty())
        .map_err(SerialiseError)?;
    text.push('\n');
    Ok(text)
}

/// A serialiser that really fails on any board (ron's own recursion limit, set below the
/// depth of every board), for tests of what a failed save does.
#[cfg(test)]
pub(crate) fn failing_to_string(board: &Board) -> Result<String, SerialiseError> {
    to_string_with(board, &ron::Options::default().with_recursion_limit(1))
}

/// Parses a board from text (refusing other formats and newer versions from the header),
/// then repairs what can be repaired; each repair becomes a warning.
pub fn from_str(text: &str) -> Result<Loaded, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::whole("the file is empty; it holds no board"));
    }
    // A big board in the canonical layout is read on every core; anything else, and any
    // text with an error, is read whole (which gives errors their position).
    let doc = match super::split::read(text) {
        Some(doc) => doc,
        None => parse_whole(text)?,
    };
    Ok(loaded(doc))
}

/// The document in `text`, parsed on one thread.
fn parse_whole(text: &str) -> Result<Document, LoadError> {
    ron::from_str(text).map_err(|e| describe(&e, text))
}

/// [`from_str`] without reading in pieces: what reading in pieces must equal.
#[cfg(test)]
pub(super) fn from_str_whole(text: &str) -> Result<Loaded, LoadError> {
    Ok(loaded(parse_whole(text)?))
}

/// The board of a parsed document, migrated and repaired.
pub(super) fn loaded(doc: Document) -> Loaded {
    let mut warnings = Vec::new();
    let mut board = Board {
        meta: doc.meta,
        legend: doc.legend,
        types: doc.types,
        stickies: repair::unique_ids(doc.stickies.0, "stickies", &mut warnings),
        boundaries: repair::unique_ids(doc.boundaries.0, "regions", &mut warnings),
        links: repair::unique_ids(doc.links.0, "arrows", &mut warnings),
        extra: doc.extra,
    };
    migrate::migrate(doc.version, &mut board, &mut warnings);
    warnings.extend(migrate::newer_parts(&board, doc.minor));
    warnings.extend(repair::repair(&mut board));
    Loaded { board, warnings }
}

/// Turns a RON error into a message with the position of the problem.
fn describe(err: &ron::error::SpannedError, text: &str) -> LoadError {
    use ron::error::Error as E;
    let (line, col) = (err.span.start.line, err.span.start.col);
    let at_start = text
        .lines()
        .take(line.saturating_sub(1))
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with("//"));
    let message = match &err.code {
        _ if rest_is_blank(text, line, col) => {
            "the file ends too early (is it cut off?)".to_owned()
        }
        E::Eof => "the file ends too early (is it cut off?)".to_owned(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) if at_start => {
            "expected a Stormpad board: `(format: \"stormpad\", version: 1, ...)`".to_owned()
        }
        other => other.to_string(),
    };
    LoadError::at(line, col, message)
}

/// Whether nothing but white space follows line `line`, column `col` (both from 1).
fn rest_is_blank(text: &str, line: usize, col: usize) -> bool {
    let mut lines = text.split('\n').skip(line.saturating_sub(1));
    let Some(current) = lines.next() else {
        return true;
    };
    let tail: String = current.chars().skip(col.saturating_sub(1)).collect();
    tail.trim().is_empty() && lines.all(|l| l.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Kind, Point};

    fn board() -> Board {
        let mut board = Board::new("Shop");
        let mut s = Sticky::new(
            Kind::DomainEvent,
            "Order \"Placed\"\nat the café's \\ counter \"#\" 🎉\t",
            Point::new(120.4, 340.0),
        );
        s.fields.push(Field {
            name: "orderId".into(),
            ty: "uuid".into(),
            required: true,
            ..Field::default()
        });
        s.version = Some("1.0.0".into());
        board.stickies.insert(Id(0x2a), s);
        board.stickies.insert(
            Id(0x1),
            Sticky::new(Kind::Command, "Place Order", Point::new(0.0, 0.0)),
        );
        board.links.insert(Id(0x3), Link::new(Id(0x1), Id(0x2a)));
        board
    }

    /// The text of a board that serialises (every test board does).
    fn canonical(board: &Board) -> String {
        to_string(board).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_text_has_a_header_sorted_ids_and_whole_positions() {
        let text = canonical(&board());
        assert!(text.starts_with("(\n  format: \"stormpad\",\n  version: 1,\n"));
        let first = text.find("\"0000000000000001\"");
        let second = text.find("\"000000000000002a\"");
        assert!(first < second);
        assert!(text.contains("pos: (120, 340),"), "{text}");
    }

    #[test]
    fn text_round_trips_and_saving_again_is_byte_identical() -> Result<(), LoadError> {
        let text = canonical(&board());
        let loaded = from_str(&text)?;
        assert!(loaded.warnings.is_empty());
        assert_eq!(canonical(&loaded.board), text);
        Ok(())
    }

    #[test]
    fn fractions_in_a_file_are_read_rounded_so_a_second_save_is_the_same() -> Result<(), LoadError>
    {
        // Found by the `load` fuzz target: `1.535` was kept, saved as `2`, and read back as 2.
        let text = "(format: \"stormpad\", version: 1, stickies: { \"1\": (kind: Actor, \
                    text: \"A\", pos: (2400, 1.535), size: (120.4, 89.5)) })";
        let board = from_str(text)?.board;
        let s = &board.stickies[&Id(1)];
        assert_eq!((s.pos.y, s.size.w, s.size.h), (2.0, 120.0, 90.0));
        assert_eq!(from_str(&canonical(&board))?.board, board);
        Ok(())
    }

    #[test]
    fn the_workshop_level_is_written_only_when_the_facilitator_set_one() -> Result<(), LoadError> {
        use crate::model::LevelSetting;
        let automatic = canonical(&board());
        assert!(!automatic.contains("level"), "{automatic}");
        let mut b = board();
        b.meta.level = LevelSetting::BigPicture;
        let set = canonical(&b);
        assert!(
            set.contains("  meta: (\n    title: \"Shop\",\n    level: BigPicture,\n  ),"),
            "{set}"
        );
        let loaded = from_str(&set)?;
        assert!(loaded.warnings.is_empty());
        assert_eq!(loaded.board.meta.level, LevelSetting::BigPicture);
        assert_eq!(canonical(&loaded.board), set);
        // Back to automatic: the file is what it was, byte for byte.
        b.meta.level = LevelSetting::Auto;
        assert_eq!(canonical(&b), automatic);
        Ok(())
    }

    #[test]
    fn moving_one_sticky_changes_one_line() -> Result<(), LoadError> {
        let mut b = board();
        let before = canonical(&b);
        if let Some(s) = b.stickies.get_mut(&Id(0x2a)) {
            s.pos = Point::new(500.0, 20.0);
        }
        let after = canonical(&b);
        let changed = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(changed, 1);
        assert_eq!(before.lines().count(), after.lines().count());
        Ok(())
    }

    #[test]
    fn bad_files_are_refused_with_a_position_and_a_clear_message() {
        let err = |t: &str| from_str(t).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("").contains("empty"));
        assert!(err("(format: \"stormpad\", version: 1, stickies: {").contains("line 1"));
        assert!(err("(format: \"excalidraw\", version: 2)").contains("not a Stormpad board"));
        assert!(err("(format: \"stormpad\", version: 9)").contains("version 9"));
        assert!(err("[1, 2, 3]").contains("line 1, column 1"));
        let truncated = &canonical(&board())[..200];
        assert!(from_str(truncated).is_err());
    }

    #[test]
    fn a_board_that_cannot_be_serialised_gives_an_error_not_text() {
        let Err(e) = failing_to_string(&board()) else {
            panic!("the serialiser with a recursion limit of 1 wrote text");
        };
        assert!(
            e.to_string()
                .starts_with("the board could not be written as text"),
            "{e}"
        );
        // A save reports it like any failed write.
        let io = std::io::Error::from(e);
        assert!(
            io.to_string().contains("could not be written as text"),
            "{io}"
        );
    }
}
