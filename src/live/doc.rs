//! The board as a shared Yjs document (layout in [`super::layout`] and the README).
//!
//! [`LiveDoc`] keeps a `yrs::Doc` beside the board the app draws. Local [`Edit`]s are applied to
//! the board and written to the document as the smallest change (only fields that differ, text
//! as a diff). Remote updates are applied to the document and then to the board, only for the
//! items whose keys the transaction changed; they never enter any undo history. Undo takes back
//! this user's own gestures only (a `yrs` `UndoManager` tracking local transactions, one stack
//! item per gesture), so undoing my move after a colleague's retyping keeps the colleague's text.
//!
//! Decisions for concurrent edits, as the CRDT resolves them: a delete wins against a concurrent
//! edit of the same item; two writes to one field keep one of them (the same on every client);
//! typing into one text merges letter by letter. An arrow whose sticky is gone stays in the
//! document but not on the board (so saved files have no dangling arrows); it comes back if the
//! sticky does (an undone delete).

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map as JsonMap, Value};
use yrs::types::{Event, PathSegment};
use yrs::undo::{Options as UndoOptions, UndoManager};
use yrs::updates::decoder::Decode;
use yrs::{
    DeepObservable, Doc, GetString, Map, MapPrelim, MapRef, OffsetKind, Options, Origin, Out,
    ReadTxn, StateVector, Text, TextPrelim, TextRef, Transact, TransactionMut, Update,
};

use super::LiveError;
use super::layout::{self, ItemLayout, roots};
use super::read;
use crate::edit::Edit;
use crate::model::{Board, Boundary, Id, Kind, LegendEntry, Link, Meta, ObjectType, Sticky};

/// Origin of transactions made by this user's edits (tracked by undo).
const LOCAL: &str = "stormpad-local";
/// Origin of transactions applying a peer's update (never undone, never sent back).
const REMOTE: &str = "stormpad-remote";
/// Origin of the initial load of a board (not an undo step).
const LOAD: &str = "stormpad-load";

/// The items of a board that a change touches.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Touched {
    pub stickies: BTreeSet<Id>,
    pub boundaries: BTreeSet<Id>,
    pub links: BTreeSet<Id>,
    pub types: BTreeSet<String>,
    pub meta: bool,
    pub legend: bool,
    /// Keys of the shared document that are not valid ids (reported, then ignored).
    pub bad_keys: Vec<String>,
    /// Every item of the document (the first sync, a whole read): read by walking the
    /// document's maps, not key by key.
    pub everything: bool,
}

impl Touched {
    /// What `edit` changes: the items `Edit::touched` names (the one list of which edits
    /// touch which items), and the board-wide parts the canvas does not index.
    pub fn of(edit: &Edit) -> Self {
        let items = edit.touched();
        let mut t = Touched {
            stickies: items.stickies.into_iter().collect(),
            boundaries: items.boundaries.into_iter().collect(),
            links: items.links.into_iter().collect(),
            ..Touched::default()
        };
        match edit {
            Edit::SetMeta(_) => t.meta = true,
            Edit::PutType { name, .. } => {
                t.types.insert(name.clone());
            }
            Edit::SetLegend { .. } => t.legend = true,
            Edit::PutSticky { .. }
            | Edit::PutBoundary { .. }
            | Edit::PutLink { .. }
            | Edit::Place { .. } => {}
        }
        t
    }

    fn merge(&mut self, other: Touched) {
        self.stickies.extend(other.stickies);
        self.boundaries.extend(other.boundaries);
        self.links.extend(other.links);
        self.types.extend(other.types);
        self.meta |= other.meta;
        self.legend |= other.legend;
        self.bad_keys.extend(other.bad_keys);
        self.everything |= other.everything;
    }

    fn is_empty(&self) -> bool {
        *self == Touched::default()
    }

    /// Records a changed key of the root map `root`.
    fn note(&mut self, root: &str, key: &str) {
        let id = || Id::parse(key);
        match root {
            roots::STICKIES => match id() {
                Some(id) => drop(self.stickies.insert(id)),
                None => self.bad_keys.push(format!("{root}/{key}")),
            },
            roots::BOUNDARIES => match id() {
                Some(id) => drop(self.boundaries.insert(id)),
                None => self.bad_keys.push(format!("{root}/{key}")),
            },
            roots::LINKS => match id() {
                Some(id) => drop(self.links.insert(id)),
                None => self.bad_keys.push(format!("{root}/{key}")),
            },
            roots::TYPES => drop(self.types.insert(key.to_string())),
            roots::META => self.meta = true,
            _ => self.legend = true,
        }
    }
}

/// The six top-level maps.
struct Roots {
    stickies: MapRef,
    boundaries: MapRef,
    links: MapRef,
    types: MapRef,
    meta: MapRef,
    legend: MapRef,
}

/// A live board's shared document, its undo of local gestures, and what is waiting to be sent.
pub struct LiveDoc {
    doc: Doc,
    roots: Roots,
    undo: UndoManager<()>,
    /// The undo manager's clock: one tick per gesture, so a gesture is one undo step.
    gesture_clock: Arc<AtomicU64>,
    in_gesture: bool,
    /// Items moved during the open gesture: written when it ends (yrs keeps a record of every
    /// overwritten value, so a drag writes once, not every frame).
    deferred: Touched,
    changed: Rc<RefCell<Touched>>,
    /// Set while an update lands in an empty document (the first sync): then everything
    /// changed, and noting 100k keys one by one is work for nothing.
    whole: Rc<Cell<bool>>,
    outgoing: Rc<RefCell<Vec<Vec<u8>>>>,
    /// Arrows in the document that are not on the board because an end is missing.
    dangling: BTreeSet<Id>,
    warnings: Vec<String>,
}

impl LiveDoc {
    /// An empty shared document (a participant before the first sync).
    pub fn new() -> Self {
        let doc = Doc::with_options(Options {
            // Yjs in JavaScript counts text positions in UTF-16 units.
            offset_kind: OffsetKind::Utf16,
            ..Options::default()
        });
        let roots = Roots {
            stickies: doc.get_or_insert_map(roots::STICKIES),
            boundaries: doc.get_or_insert_map(roots::BOUNDARIES),
            links: doc.get_or_insert_map(roots::LINKS),
            types: doc.get_or_insert_map(roots::TYPES),
            meta: doc.get_or_insert_map(roots::META),
            legend: doc.get_or_insert_map(roots::LEGEND),
        };
        let gesture_clock = Arc::new(AtomicU64::new(1));
        let clock = gesture_clock.clone();
        let options = UndoOptions {
            capture_timeout_millis: 1,
            timestamp: Arc::new(move || clock.load(Ordering::Relaxed)),
            ..UndoOptions::default()
        };
        let mut undo = UndoManager::with_options(options);
        for root in [
            &roots.stickies,
            &roots.boundaries,
            &roots.links,
            &roots.types,
            &roots.meta,
            &roots.legend,
        ] {
            undo.expand_scope(&doc, root);
        }
        undo.include_origin(LOCAL);
        let changed = Rc::new(RefCell::new(Touched::default()));
        let whole = Rc::new(Cell::new(false));
        for (name, root) in [
            (roots::STICKIES, &roots.stickies),
            (roots::BOUNDARIES, &roots.boundaries),
            (roots::LINKS, &roots.links),
            (roots::TYPES, &roots.types),
            (roots::META, &roots.meta),
            (roots::LEGEND, &roots.legend),
        ] {
            let changed = changed.clone();
            let whole = whole.clone();
            root.observe_deep(name, move |txn, events| {
                if txn.origin() == Some(&Origin::from(LOCAL)) || whole.get() {
                    return;
                }
                let mut changed = changed.borrow_mut();
                for event in events.iter() {
                    note_event(&mut changed, name, txn, event);
                }
            });
        }
        let outgoing = Rc::new(RefCell::new(Vec::new()));
        let out = outgoing.clone();
        // Encoded here, only for what is sent: an update observer would encode every
        // transaction, the whole board again when joining or loading one.
        let observed = doc.observe_transaction_cleanup("stormpad-outgoing", move |txn, e| {
            let sent = txn.origin() != Some(&Origin::from(REMOTE))
                && txn.origin() != Some(&Origin::from(LOAD));
            if sent && (!e.delete_set.is_empty() || e.before_state != e.after_state) {
                out.borrow_mut().push(txn.encode_update_v1());
            }
        });
        if observed.is_err() {
            // Only fails while another transaction is open, which cannot be the case here.
            debug_assert!(false, "a new document has no open transaction");
        }
        Self {
            doc,
            roots,
            undo,
            gesture_clock,
            in_gesture: false,
            deferred: Touched::default(),
            changed,
            whole,
            outgoing,
            dangling: BTreeSet::new(),
            warnings: Vec::new(),
        }
    }

    /// A shared document holding `board` (the host's file). Not an undo step.
    pub fn from_board(board: &Board) -> Self {
        let mut live = Self::new();
        let touched = Touched {
            stickies: board.stickies.keys().copied().collect(),
            boundaries: board.boundaries.keys().copied().collect(),
            links: board.links.keys().copied().collect(),
            types: board.types.keys().cloned().collect(),
            meta: true,
            legend: true,
            bad_keys: Vec::new(),
            everything: false,
        };
        live.write(board, &touched, LOAD);
        live.changed.borrow_mut().clone_from(&Touched::default());
        live
    }

    /// The underlying document (for the sync protocol and awareness).
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// This replica's state vector (sync step 1).
    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// What a peer with state vector `sv` is missing (sync step 2).
    pub fn diff_since(&self, sv: &StateVector) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(sv)
    }

    /// The whole document as one update (what a new peer needs).
    pub fn encode_all(&self) -> Vec<u8> {
        self.diff_since(&StateVector::default())
    }

    /// Updates made here (local edits, undo, redo) that peers have not been sent yet.
    pub fn take_outgoing(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut *self.outgoing.borrow_mut())
    }

    /// Warnings about values peers wrote that could not be read (each once), oldest first.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Applies a peer's update (binary Yjs update v1) to the document and then to `board`.
    /// A malformed update is refused whole and changes nothing. Returns whether the board
    /// changed.
    pub fn apply_remote(&mut self, update: &[u8], board: &mut Board) -> Result<bool, LiveError> {
        // yrs asserts on some impossible values (a client id over 53 bits) instead of
        // returning an error: a peer's bytes must not crash the app, so panics are caught.
        let decoded = std::panic::catch_unwind(|| Update::decode_v1(update));
        let update = match decoded {
            Ok(Ok(update)) => update,
            Ok(Err(e)) => return Err(LiveError::Malformed(e.to_string())),
            Err(_) => return Err(LiveError::Malformed("undecodable update".into())),
        };
        let doc = &self.doc;
        let whole = doc.transact().state_vector().is_empty();
        self.whole.set(whole);
        let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut txn = doc.transact_mut_with(REMOTE);
            txn.apply_update(update)
        }));
        self.whole.set(false);
        if whole {
            self.changed.borrow_mut().everything = true;
        }
        match applied {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(LiveError::Malformed(e.to_string())),
            Err(_) => return Err(LiveError::Malformed("an update yrs could not apply".into())),
        }
        Ok(self.refresh(board))
    }

    /// Applies one local edit to `board` and to the document; returns its inverse (for a
    /// caller that keeps its own history; in a live session undo goes through [`Self::undo`]).
    pub fn apply_local(&mut self, board: &mut Board, edit: Edit) -> Edit {
        let touched = Touched::of(&edit);
        let is_move = matches!(edit, Edit::Place { .. });
        let had: BTreeSet<Id> = touched
            .stickies
            .iter()
            .filter(|id| board.stickies.contains_key(id))
            .copied()
            .collect();
        let inverse = edit.apply(board);
        if self.in_gesture && is_move {
            self.deferred.merge(touched.clone());
        } else {
            if !self.in_gesture {
                self.tick();
            }
            self.write(board, &touched, LOCAL);
            if !self.in_gesture {
                self.tick();
            }
        }
        // The board shows the same arrows the document gives every other replica.
        let removed: BTreeSet<Id> = had
            .iter()
            .filter(|id| !board.stickies.contains_key(id))
            .copied()
            .collect();
        let added = touched.stickies.len() > had.len();
        if !removed.is_empty() || added || !touched.links.is_empty() {
            self.refresh_links(board, touched.links, &removed, added);
        }
        inverse
    }

    /// Starts a gesture (a drag, typing into one sticky): its edits are one undo step, and
    /// moves are written when it ends.
    pub fn begin_gesture(&mut self) {
        if !self.in_gesture {
            self.tick();
            self.in_gesture = true;
        }
    }

    /// Ends the gesture: writes the deferred moves from `board`.
    pub fn end_gesture(&mut self, board: &Board) {
        let deferred = std::mem::take(&mut self.deferred);
        if !deferred.is_empty() {
            self.write(board, &deferred, LOCAL);
        }
        self.in_gesture = false;
        self.tick();
    }

    /// Takes back this user's last gesture (never a peer's); returns false when there is
    /// none. Peers' later changes to other fields stay.
    pub fn undo(&mut self, board: &mut Board) -> bool {
        self.end_gesture(board);
        let done = self.undo.undo_blocking();
        self.refresh(board);
        done
    }

    /// Redoes this user's last undone gesture.
    pub fn redo(&mut self, board: &mut Board) -> bool {
        self.end_gesture(board);
        let done = self.undo.redo_blocking();
        self.refresh(board);
        done
    }

    /// Whether there is a gesture of mine to undo.
    pub fn can_undo(&self) -> bool {
        self.undo.can_undo()
    }

    fn tick(&mut self) {
        self.gesture_clock.fetch_add(1, Ordering::Relaxed);
    }

    /// The whole board the document holds (a participant's first view, a save).
    pub fn to_board(&mut self) -> Board {
        let mut board = Board::default();
        self.dangling.clear();
        let all = Touched {
            everything: true,
            ..Touched::default()
        };
        self.apply_to_board(&mut board, all);
        board
    }

    /// Brings `board` up to date with the document for what remote transactions (and undo)
    /// changed since the last call. Returns whether anything changed.
    pub fn refresh(&mut self, board: &mut Board) -> bool {
        let changed = std::mem::take(&mut *self.changed.borrow_mut());
        if changed.is_empty() {
            return false;
        }
        self.apply_to_board(board, changed);
        true
    }

    fn apply_to_board(&mut self, board: &mut Board, mut changed: Touched) {
        if changed.everything {
            changed = self.read_everything(board);
        }
        for key in &changed.bad_keys {
            self.warnings
                .push(format!("ignored {key}: not an id Stormpad can read"));
        }
        let txn = self.doc.transact();
        let mut warnings = Vec::new();
        let mut removed_stickies = BTreeSet::new();
        let mut added_stickies = false;
        for id in &changed.stickies {
            match read_sticky(&txn, &self.roots.stickies, *id, &mut warnings) {
                Some(s) => {
                    added_stickies |= board.stickies.insert(*id, s).is_none();
                }
                None => {
                    if board.stickies.remove(id).is_some() {
                        removed_stickies.insert(*id);
                    }
                }
            }
        }
        for id in &changed.boundaries {
            let key = id.to_string();
            let read = self
                .roots
                .boundaries
                .get(&txn, &key)
                .and_then(|value| read_boundary_value(&txn, &key, value, &mut warnings));
            match read {
                Some(b) => drop(board.boundaries.insert(*id, b)),
                None => drop(board.boundaries.remove(id)),
            }
        }
        for name in &changed.types {
            let read = read_item::<ObjectType>(
                &txn,
                &self.roots.types,
                name,
                &layout::OBJECT_TYPE,
                &mut warnings,
                |_| {},
            );
            put(&mut board.types, name.clone(), read);
        }
        if changed.meta {
            let fields = read_fields(&txn, &self.roots.meta, &layout::META);
            board.meta = layout::from_fields::<Meta>(&layout::META, "meta", fields, &mut warnings)
                .unwrap_or_default();
        }
        if changed.legend {
            for kind in Kind::ALL {
                let key = kind_key(kind);
                let entry = read_item::<LegendEntry>(
                    &txn,
                    &self.roots.legend,
                    &key,
                    &layout::LEGEND_ENTRY,
                    &mut warnings,
                    |_| {},
                );
                board.legend.set_override(kind, entry);
            }
        }
        drop(txn);
        self.warnings.extend(warnings);
        self.refresh_links(board, changed.links, &removed_stickies, added_stickies);
    }

    /// Makes `board` hold every sticky, region, object type and arrow of the document (the
    /// first sync, a save): each map walked once in key order and the board's maps built in one
    /// go. Returns what is left to read (meta, legend) and the keys that are not ids.
    fn read_everything(&mut self, board: &mut Board) -> Touched {
        let txn = self.doc.transact();
        let r = &self.roots;
        let mut warnings = Vec::new();
        let mut left = Touched {
            meta: true,
            legend: true,
            ..Touched::default()
        };
        board.stickies = by_id(&txn, &r.stickies, roots::STICKIES, &mut left.bad_keys)
            .into_iter()
            .filter_map(|(id, key, value)| {
                read_sticky_value(&txn, key, value, &mut warnings).map(|s| (id, s))
            })
            .collect();
        board.boundaries = by_id(&txn, &r.boundaries, roots::BOUNDARIES, &mut left.bad_keys)
            .into_iter()
            .filter_map(|(id, key, value)| {
                read_boundary_value(&txn, key, value, &mut warnings).map(|b| (id, b))
            })
            .collect();
        board.types = r
            .types
            .iter(&txn)
            .filter_map(|(name, value)| {
                let read = read_value::<ObjectType>(
                    &txn,
                    name,
                    value,
                    &layout::OBJECT_TYPE,
                    &mut warnings,
                    |_| {},
                );
                read.map(|t| (name.to_string(), t))
            })
            .collect();
        self.dangling.clear();
        let mut shown = Vec::new();
        for (id, key, value) in by_id(&txn, &r.links, roots::LINKS, &mut left.bad_keys) {
            match read_link_value(&txn, key, value, &mut warnings) {
                Some(l) if shows(board, &l) => shown.push((id, l)),
                Some(_) => drop(self.dangling.insert(id)),
                None => {}
            }
        }
        board.links = shown.into_iter().collect();
        drop(txn);
        self.warnings.extend(warnings);
        left
    }

    /// Re-reads arrows from the document: `links`, the ones touching `removed` stickies, and,
    /// when stickies were added, the hidden ones a new sticky may complete. An arrow shows on
    /// the board only while both its stickies exist.
    fn refresh_links(
        &mut self,
        board: &mut Board,
        mut links: BTreeSet<Id>,
        removed: &BTreeSet<Id>,
        added: bool,
    ) {
        if !removed.is_empty() {
            links.extend(board.links_touching(removed));
        }
        if added {
            links.extend(self.dangling.iter().copied());
        }
        let txn = self.doc.transact();
        let mut warnings = Vec::new();
        let root = &self.roots.links;
        for id in links {
            let key = id.to_string();
            let read = root
                .get(&txn, &key)
                .and_then(|value| read_link_value(&txn, &key, value, &mut warnings));
            self.dangling.remove(&id);
            match read {
                Some(l) if shows(board, &l) => {
                    board.links.insert(id, l);
                }
                Some(_) => {
                    board.links.remove(&id);
                    self.dangling.insert(id);
                }
                None => {
                    board.links.remove(&id);
                }
            }
        }
        self.warnings.extend(warnings);
    }

    /// Writes the touched items of `board` into the document in one transaction.
    fn write(&mut self, board: &Board, touched: &Touched, origin: &str) {
        let mut txn = self.doc.transact_mut_with(origin);
        let r = &self.roots;
        for id in &touched.stickies {
            let fields = board.stickies.get(id).map(layout::to_fields);
            write_item(
                &mut txn,
                &r.stickies,
                &id.to_string(),
                fields,
                &layout::STICKY,
            );
        }
        for id in &touched.boundaries {
            let fields = board.boundaries.get(id).map(layout::to_fields);
            write_item(
                &mut txn,
                &r.boundaries,
                &id.to_string(),
                fields,
                &layout::BOUNDARY,
            );
        }
        for id in &touched.links {
            let fields = board.links.get(id).map(layout::to_fields);
            write_item(&mut txn, &r.links, &id.to_string(), fields, &layout::LINK);
        }
        for name in &touched.types {
            let fields = board.types.get(name).map(layout::to_fields);
            write_item(&mut txn, &r.types, name, fields, &layout::OBJECT_TYPE);
        }
        if touched.meta {
            write_fields(
                &mut txn,
                &r.meta,
                &layout::to_fields(&board.meta),
                &layout::META,
            );
        }
        if touched.legend {
            for kind in Kind::ALL {
                let fields = board.legend.override_of(kind).map(layout::to_fields);
                write_item(
                    &mut txn,
                    &r.legend,
                    &kind_key(kind),
                    fields,
                    &layout::LEGEND_ENTRY,
                );
            }
        }
    }
}

impl Default for LiveDoc {
    fn default() -> Self {
        Self::new()
    }
}

/// The key of a kind in the `legend` map: its name in files (`DomainEvent`).
fn kind_key(kind: Kind) -> String {
    match serde_json::to_value(kind) {
        Ok(Value::String(s)) => s,
        _ => format!("{kind:?}"),
    }
}

fn put<K: Ord, V>(map: &mut std::collections::BTreeMap<K, V>, key: K, value: Option<V>) {
    match value {
        Some(v) => drop(map.insert(key, v)),
        None => drop(map.remove(&key)),
    }
}

fn note_event(changed: &mut Touched, root: &str, txn: &TransactionMut, event: &Event) {
    let path = event.path();
    match path.front() {
        Some(PathSegment::Key(key)) => changed.note(root, key),
        Some(PathSegment::Index(_)) => {}
        None => match event {
            Event::Map(e) => {
                for key in e.keys(txn).keys() {
                    changed.note(root, key);
                }
            }
            _ => changed.note(root, ""),
        },
    }
}

fn read_sticky<T: ReadTxn>(
    txn: &T,
    root: &MapRef,
    id: Id,
    warnings: &mut Vec<String>,
) -> Option<Sticky> {
    let key = id.to_string();
    read_sticky_value(txn, &key, root.get(txn, &key)?, warnings)
}

/// Reads the sticky under `key` from its value in the `stickies` map.
fn read_sticky_value<T: ReadTxn>(
    txn: &T,
    key: &str,
    value: Out,
    warnings: &mut Vec<String>,
) -> Option<Sticky> {
    if let Out::YMap(item) = &value
        && let Some(sticky) = read::sticky(txn, item)
    {
        return Some(sticky);
    }
    read_value::<Sticky>(txn, key, value, &layout::STICKY, warnings, |f| {
        f.entry("text")
            .or_insert_with(|| Value::String(String::new()));
        if !f.contains_key("size") {
            let kind = f
                .get("kind")
                .cloned()
                .and_then(|k| serde_json::from_value::<Kind>(k).ok());
            if let Some(kind) = kind {
                f.insert("size".into(), serde_json::json!(kind.default_size()));
            }
        }
    })
}

/// The entries of a collection's map in id order (a sorted board map is then built without
/// moving whole items around); keys that are not ids go to `bad` as `root/key`.
fn by_id<'t, T: ReadTxn>(
    txn: &'t T,
    map: &'t MapRef,
    root: &str,
    bad: &mut Vec<String>,
) -> Vec<(Id, &'t str, Out)> {
    let mut entries: Vec<(Id, &str, Out)> = map
        .iter(txn)
        .filter_map(|(key, value)| match Id::parse(key) {
            Some(id) => Some((id, key, value)),
            None => {
                bad.push(format!("{root}/{key}"));
                None
            }
        })
        .collect();
    entries.sort_unstable_by_key(|(id, ..)| *id);
    entries
}

/// Reads the region under `key` from its value in the `boundaries` map.
fn read_boundary_value<T: ReadTxn>(
    txn: &T,
    key: &str,
    value: Out,
    warnings: &mut Vec<String>,
) -> Option<Boundary> {
    read_value::<Boundary>(txn, key, value, &layout::BOUNDARY, warnings, |f| {
        f.entry("name")
            .or_insert_with(|| Value::String(String::new()));
    })
}

/// Whether an arrow shows on the board: both its stickies are there (and differ).
fn shows(board: &Board, link: &Link) -> bool {
    link.from != link.to
        && board.stickies.contains_key(&link.from)
        && board.stickies.contains_key(&link.to)
}

/// Reads the arrow under `key` from its value in the `links` map.
fn read_link_value<T: ReadTxn>(
    txn: &T,
    key: &str,
    value: Out,
    warnings: &mut Vec<String>,
) -> Option<Link> {
    if let Out::YMap(item) = &value
        && let Some(link) = read::link(txn, item)
    {
        return Some(link);
    }
    read_value::<Link>(txn, key, value, &layout::LINK, warnings, |_| {})
}

/// Reads the item under `key`: `None` when there is none or it cannot be read (warned).
fn read_item<T: serde::de::DeserializeOwned>(
    txn: &impl ReadTxn,
    root: &MapRef,
    key: &str,
    layout: &ItemLayout,
    warnings: &mut Vec<String>,
    fill: impl FnOnce(&mut JsonMap<String, Value>),
) -> Option<T> {
    read_value(txn, key, root.get(txn, key)?, layout, warnings, fill)
}

/// Reads an item from its value in its collection's map (`key` names it in warnings).
fn read_value<T: serde::de::DeserializeOwned>(
    txn: &impl ReadTxn,
    key: &str,
    value: Out,
    layout: &ItemLayout,
    warnings: &mut Vec<String>,
    fill: impl FnOnce(&mut JsonMap<String, Value>),
) -> Option<T> {
    let item = match value {
        Out::YMap(item) => item,
        _ => {
            warnings.push(format!("skipped {} {key}: not a map", layout.what));
            return None;
        }
    };
    let mut fields = read_fields(txn, &item, layout);
    fill(&mut fields);
    layout::from_fields(layout, key, fields, warnings)
}

/// The fields of an item as JSON (the forgiving reader's input): prose as strings, a nested map
/// as an object, spread keys gathered under their name.
pub(super) fn read_fields(
    txn: &impl ReadTxn,
    item: &MapRef,
    layout: &ItemLayout,
) -> JsonMap<String, Value> {
    let mut spread: Vec<(&str, String, Value)> = Vec::new();
    let mut fields: JsonMap<String, Value> = item
        .iter(txn)
        .filter_map(|(k, v)| {
            if let (Some((name, entry)), Out::Any(a)) = (layout::spread_entry(layout, k), &v) {
                spread.push((name, entry.to_string(), layout::from_any(a)));
                return None;
            }
            let value = match v {
                Out::Any(a) => layout::from_any(&a),
                Out::YText(t) => Value::String(t.get_string(txn)),
                Out::YMap(m) => Value::Object(
                    m.iter(txn)
                        .filter_map(|(k, v)| match v {
                            Out::Any(a) => Some((k.to_string(), layout::from_any(&a))),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => return None,
            };
            Some((k.to_string(), value))
        })
        .collect();
    // Spread entries join (and win over) a nested map's of the same name.
    for (name, entry, value) in spread {
        let object = fields
            .entry(name)
            .or_insert_with(|| Value::Object(JsonMap::new()));
        if !object.is_object() {
            *object = Value::Object(JsonMap::new());
        }
        if let Value::Object(entries) = object {
            entries.insert(entry, value);
        }
    }
    fields
}

fn write_item(
    txn: &mut TransactionMut,
    root: &MapRef,
    key: &str,
    fields: Option<JsonMap<String, Value>>,
    layout: &ItemLayout,
) {
    let Some(fields) = fields else {
        if root.get(txn, key).is_some() {
            root.remove(txn, key);
        }
        return;
    };
    let item = match root.get(txn, key) {
        Some(Out::YMap(item)) => item,
        _ => root.insert(txn, key, MapPrelim::default()),
    };
    write_fields(txn, &item, &fields, layout);
}

/// Writes only the fields that differ; text as the smallest edit.
fn write_fields(
    txn: &mut TransactionMut,
    item: &MapRef,
    fields: &JsonMap<String, Value>,
    layout: &ItemLayout,
) {
    for key in layout.known {
        let current = item.get(txn, key);
        if layout.spread.contains(key) {
            let none = JsonMap::new();
            let entries = match fields.get(*key) {
                Some(Value::Object(entries)) => entries,
                _ => &none,
            };
            write_spread(txn, item, key, entries, layout);
            if current.is_some() {
                // The nested map an older Stormpad wrote: its entries were read into the
                // board and are written spread now.
                item.remove(txn, key);
            }
            continue;
        }
        match fields.get(*key) {
            None => {
                if current.is_some() {
                    item.remove(txn, key);
                }
            }
            Some(value) if layout.text.contains(key) => {
                let text = value.as_str().unwrap_or_default();
                match current {
                    Some(Out::YText(t)) => diff_text(txn, &t, text),
                    _ => {
                        item.insert(txn, *key, TextPrelim::new(text));
                    }
                }
            }
            Some(value) => {
                let any = layout::to_any(value);
                if !matches!(&current, Some(Out::Any(a)) if *a == any) {
                    item.insert(txn, *key, any);
                }
            }
        }
    }
}

/// Makes the item hold `entries` as the spread key `key` (`dots/Ana`): writes the entries that
/// differ, removes the others.
fn write_spread(
    txn: &mut TransactionMut,
    item: &MapRef,
    key: &str,
    entries: &JsonMap<String, Value>,
    layout: &ItemLayout,
) {
    let gone: Vec<String> = item
        .keys(txn)
        .filter(|k| {
            layout::spread_entry(layout, k)
                .is_some_and(|(name, entry)| name == key && !entries.contains_key(entry))
        })
        .map(str::to_owned)
        .collect();
    for k in gone {
        item.remove(txn, &k);
    }
    for (entry, v) in entries {
        let any = layout::to_any(v);
        let k = layout::spread_key(key, entry);
        if !matches!(item.get(txn, &k), Some(Out::Any(a)) if a == any) {
            item.insert(txn, k, any);
        }
    }
}

/// Turns the text of `t` into `new` by deleting and inserting only the middle that differs
/// (positions in UTF-16 units, as the document counts them).
fn diff_text(txn: &mut TransactionMut, t: &TextRef, new: &str) {
    let old = t.get_string(txn);
    if old == new {
        return;
    }
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let removed = &old[prefix..old.len() - suffix];
    let inserted = &new[prefix..new.len() - suffix];
    let at = utf16_len(&old[..prefix]);
    if !removed.is_empty() {
        t.remove_range(txn, at, utf16_len(removed));
    }
    if !inserted.is_empty() {
        t.insert(txn, at, inserted);
    }
}

fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Point, Rect, Size};
    use yrs::Any;

    /// Two replicas that exchange every pending update both ways.
    fn exchange(a: &mut LiveDoc, ab: &mut Board, b: &mut LiveDoc, bb: &mut Board) {
        for u in a.take_outgoing() {
            b.apply_remote(&u, bb).unwrap_or_else(|e| panic!("{e}"));
        }
        for u in b.take_outgoing() {
            a.apply_remote(&u, ab).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    fn pair() -> (LiveDoc, Board, LiveDoc, Board, Id) {
        let mut board = Board::new("t");
        let id = Id::random();
        board.stickies.insert(
            id,
            Sticky::new(Kind::DomainEvent, "Order placed", Point::new(0.0, 0.0)),
        );
        let mut a = LiveDoc::from_board(&board);
        let mut b = LiveDoc::new();
        let mut bb = Board::default();
        b.apply_remote(&a.encode_all(), &mut bb)
            .unwrap_or_else(|e| panic!("{e}"));
        a.take_outgoing();
        let ab = a.to_board();
        (a, ab, b, bb, id)
    }

    fn moved(board: &Board, id: Id, x: f32) -> Edit {
        let mut rect = board.stickies[&id].rect();
        rect.pos.x = x;
        Edit::Place {
            stickies: vec![(id, rect)],
            boundaries: vec![],
        }
    }

    fn retyped(board: &Board, id: Id, text: &str) -> Edit {
        let mut s = board.stickies[&id].clone();
        s.text = text.into();
        Edit::PutSticky {
            id,
            sticky: Some(s),
        }
    }

    #[test]
    fn undoing_my_move_after_a_colleague_retyped_keeps_their_text() {
        let (mut a, mut ab, mut b, mut bb, id) = pair();
        let edit = moved(&ab, id, 300.0);
        a.apply_local(&mut ab, edit);
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        let edit = retyped(&bb, id, "Order shipped");
        b.apply_local(&mut bb, edit);
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        assert!(a.undo(&mut ab));
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        for board in [&ab, &bb] {
            assert_eq!(board.stickies[&id].pos.x, 0.0, "my move is undone");
            assert_eq!(
                board.stickies[&id].text, "Order shipped",
                "their text stays"
            );
        }
        assert!(!b.undo(&mut bb) || bb.stickies[&id].text == "Order placed");
        assert!(!a.undo(&mut ab), "only my one gesture was mine to undo");
    }

    #[test]
    fn a_drag_is_one_undo_step_and_writes_once() {
        let (mut a, mut ab, ..) = pair();
        let id = *ab.stickies.keys().next().unwrap_or(&Id(0));
        a.begin_gesture();
        for x in 1..=20 {
            let edit = moved(&ab, id, x as f32 * 5.0);
            a.apply_local(&mut ab, edit);
        }
        assert!(
            a.take_outgoing().is_empty(),
            "nothing written while dragging"
        );
        a.end_gesture(&ab);
        assert_eq!(a.take_outgoing().len(), 1);
        assert!(a.undo(&mut ab));
        assert_eq!(ab.stickies[&id].pos.x, 0.0);
    }

    #[test]
    fn typing_is_sent_as_a_diff_and_both_typists_keep_their_letters() {
        let (mut a, mut ab, mut b, mut bb, id) = pair();
        let edit = retyped(&ab, id, "Order placed ✓");
        a.apply_local(&mut ab, edit);
        let edit = retyped(&bb, id, "Big order placed");
        b.apply_local(&mut bb, edit);
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        assert_eq!(ab.stickies[&id].text, "Big order placed ✓");
        assert_eq!(ab, bb);
    }

    #[test]
    fn a_delete_wins_over_a_concurrent_edit_and_arrows_to_it_leave_the_board() {
        let (mut a, mut ab, mut b, mut bb, id) = pair();
        let other = Id::random();
        let sticky = Sticky::new(Kind::Policy, "Notify", Point::new(400.0, 0.0));
        a.apply_local(
            &mut ab,
            Edit::PutSticky {
                id: other,
                sticky: Some(sticky),
            },
        );
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        a.apply_local(&mut ab, Edit::PutSticky { id, sticky: None });
        let edit = retyped(&bb, id, "Edited meanwhile");
        b.apply_local(&mut bb, edit);
        let link = Id::random();
        b.apply_local(
            &mut bb,
            Edit::PutLink {
                id: link,
                link: Some(Link::new(id, other)),
            },
        );
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        assert!(!ab.stickies.contains_key(&id) && !bb.stickies.contains_key(&id));
        assert!(
            ab.links.is_empty() && bb.links.is_empty(),
            "no dangling arrow on the board"
        );
        assert_eq!(
            crate::file::to_string(&ab).ok(),
            crate::file::to_string(&bb).ok()
        );
        // Undoing the delete brings the sticky and the colleague's arrow back.
        assert!(a.undo(&mut ab));
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        assert!(ab.stickies.contains_key(&id));
        assert_eq!(ab.links.len(), 1);
        assert_eq!(ab, bb);
    }

    /// A plain Yjs client (UTF-16 offsets, as in a browser) that has A's document writes into
    /// its `stickies` map with `write`; A receives what it wrote.
    fn browser_writes(
        a: &mut LiveDoc,
        ab: &mut Board,
        write: impl FnOnce(&MapRef, &mut yrs::TransactionMut),
    ) {
        let browser = Doc::with_options(Options {
            offset_kind: OffsetKind::Utf16,
            ..Options::default()
        });
        {
            let mut txn = browser.transact_mut();
            let update = Update::decode_v1(&a.encode_all()).unwrap_or_else(|e| panic!("{e}"));
            txn.apply_update(update).unwrap_or_else(|e| panic!("{e}"));
        }
        let before = browser.transact().state_vector();
        {
            let stickies = browser.get_or_insert_map(roots::STICKIES);
            let mut txn = browser.transact_mut();
            write(&stickies, &mut txn);
        }
        let update = browser.transact().encode_state_as_update_v1(&before);
        a.apply_remote(&update, ab)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn values_a_browser_writes_wrongly_are_skipped_with_a_warning() {
        let (mut a, mut ab, ..) = pair();
        let id = *ab.stickies.keys().next().unwrap_or(&Id(0));
        browser_writes(&mut a, &mut ab, |stickies, txn| {
            stickies.insert(txn, "not-an-id", "<img src=x>");
            stickies.insert(txn, "00000000000000aa", 42);
            if let Some(Out::YMap(item)) = stickies.get(txn, &id.to_string()) {
                item.insert(txn, "pivotal", "CON");
                item.insert(txn, "pos", "nowhere");
            }
            let fine = stickies.insert(txn, "00000000000000bb", MapPrelim::default());
            fine.insert(txn, "kind", "Hotspot");
            fine.insert(txn, "pos", Any::from(vec![Any::from(1.5), Any::from(2.0)]));
        });
        let warnings = a.take_warnings();
        assert!(warnings.len() >= 3, "{warnings:?}");
        assert!(
            !ab.stickies.contains_key(&id),
            "a sticky without a position is skipped"
        );
        let fine = &ab.stickies[&Id(0xbb)];
        assert_eq!(fine.kind, Kind::Hotspot);
        assert_eq!(fine.size, Kind::Hotspot.default_size());
        let _ = Rect::new(Point::default(), Size::default());
    }

    #[test]
    fn two_participants_voting_at_once_both_keep_their_dots_and_the_phase_travels() {
        let (mut a, mut ab, mut b, mut bb, id) = pair();
        let only = std::collections::BTreeSet::from([id]);
        let (ana, _) = crate::edit::ops::place_dots(&ab, &only, "Ana");
        let (bo, _) = crate::edit::ops::place_dots(&bb, &only, "Bo");
        for e in ana {
            a.apply_local(&mut ab, e);
        }
        for e in bo {
            b.apply_local(&mut bb, e);
        }
        let phase = crate::model::Phase::BigPicture(crate::model::BigPictureStep::PickYourProblem);
        if let Some(e) = crate::edit::ops::set_phase(&ab, phase) {
            a.apply_local(&mut ab, e);
        }
        if let Some(e) = crate::edit::ops::set_dots(&ab, 5) {
            a.apply_local(&mut ab, e);
        }
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        for board in [&ab, &bb] {
            let votes = &board.stickies[&id].votes;
            assert_eq!(votes.get("Ana"), Some(&1), "{votes:?}");
            assert_eq!(votes.get("Bo"), Some(&1), "{votes:?}");
            assert_eq!(
                crate::model::Phase::of(&board.meta),
                Some(phase),
                "{:?}",
                board.meta
            );
            assert_eq!(board.meta.dots_per_voter(), 5);
        }
        let back = crate::edit::ops::take_dots(&bb, &only, "Bo");
        for e in back {
            b.apply_local(&mut bb, e);
        }
        exchange(&mut a, &mut ab, &mut b, &mut bb);
        assert_eq!(
            ab.stickies[&id].votes.len(),
            1,
            "Bo's dot is gone, Ana's stays"
        );
        assert_eq!(a.to_board(), ab);
    }

    #[test]
    fn dots_written_as_a_nested_map_are_read_and_written_back_one_key_per_voter() {
        let (mut a, mut ab, ..) = pair();
        let id = *ab.stickies.keys().next().unwrap_or(&Id(0));
        browser_writes(&mut a, &mut ab, |stickies, txn| {
            if let Some(Out::YMap(item)) = stickies.get(txn, &id.to_string()) {
                let dots = item.insert(txn, "dots", MapPrelim::default());
                dots.insert(txn, "Zoe", 3);
            }
        });
        assert_eq!(ab.stickies[&id].votes.get("Zoe"), Some(&3));
        let edit = moved(&ab, id, 50.0);
        a.apply_local(&mut ab, edit);
        let txn = a.doc.transact();
        let Some(Out::YMap(item)) = a.roots.stickies.get(&txn, &id.to_string()) else {
            panic!("no sticky")
        };
        let keys: BTreeSet<String> = item.keys(&txn).map(str::to_owned).collect();
        assert!(
            keys.contains("dots/Zoe") && !keys.contains("dots"),
            "{keys:?}"
        );
        drop(txn);
        assert_eq!(a.to_board(), ab);
    }

    #[test]
    fn a_board_survives_the_trip_through_the_document() {
        let mut board = crate::model::generate::board(50, 7);
        board.meta.description = "Les « guillemets » & <b>".into();
        let mut live = LiveDoc::from_board(&board);
        let read = live.to_board();
        assert_eq!(
            crate::file::to_string(&read).ok(),
            crate::file::to_string(&board).ok()
        );
    }
}
