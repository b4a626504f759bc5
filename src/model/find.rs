//! Find on the board: which stickies a few typed letters mean. A sticky matches when the
//! query is part of its text, of its kind's name on this board (the legend's label), or of the
//! name of the bounded context it lies in; case and accents do not matter (`cafe` finds
//! `Café`, `CAFÉ` and `cafe\u{301}`).
//!
//! Pure functions of the board and its analysis (for context membership). Walking 100,000
//! stickies of a board costs more than a frame, so a search typed letter by letter builds an
//! [`Index`] of the board revision once (its folded texts in one string, in timeline order)
//! and then reads only that on each keystroke (`cargo bench --bench find`). The index owns
//! its data (`Send`), so the find bar builds it from a snapshot on another thread.

use std::collections::BTreeMap;

use super::analysis::Analysis;
use super::naming::unaccented;
use super::{Board, BoundaryKind, Id, Kind};

/// What part of a sticky the query was found in; the first that matches, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Found {
    Text,
    Kind,
    Context,
}

impl Found {
    /// How the find bar names it.
    pub fn label(self) -> &'static str {
        match self {
            Found::Text => "text",
            Found::Kind => "kind",
            Found::Context => "context",
        }
    }
}

/// One sticky that matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: Id,
    pub kind: Kind,
    /// The bounded context the sticky lies in.
    pub context: Option<Id>,
    pub found: Found,
}

/// Everything a query finds, with counts by kind and by context for the find bar's summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matches {
    /// Every matching sticky along the timeline: left to right, then top to bottom, then by
    /// id, so `Enter` walks the board the way the story reads.
    pub hits: Vec<Hit>,
    /// How many hits of each kind, in the order palettes list kinds (kinds without a hit
    /// left out).
    pub by_kind: Vec<(Kind, usize)>,
    /// How many hits in each bounded context (`None`: outside every context), by id with
    /// `None` last.
    pub by_context: Vec<(Option<Id>, usize)>,
}

impl Matches {
    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

/// `text` as find compares it: lower case, accents and combining marks dropped.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// [`fold`] into a buffer that is cleared first, so a search allocates once.
fn fold_into(out: &mut String, text: &str) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_combining_mark(c) {
            // `e` + U+0301 is `é` written in two code points: the accent goes.
        } else {
            for lower in c.to_lowercase().filter(|l| !is_combining_mark(*l)) {
                match unaccented(lower) {
                    Some(plain) => out.push_str(plain),
                    None => out.push(lower),
                }
            }
        }
    }
}

/// Combining diacritical marks (U+0300–U+036F), which decomposed accents are written with.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The stickies of `board` that `query` finds (see the module header); nothing for a query
/// of only spaces. `analysis` must be of this board (it says which context a sticky is in).
/// To search one board revision many times (a query typed letter by letter), build an
/// [`Index`] once instead.
pub fn find(board: &Board, analysis: &Analysis, query: &str) -> Matches {
    Index::build(board, analysis).find(query)
}

/// One sticky as the index keeps it.
#[derive(Clone, Debug)]
struct Entry {
    id: Id,
    kind: Kind,
    context: Option<Id>,
    /// Where its folded text ends in [`Index::texts`] (it starts where the previous ends).
    end: usize,
    /// The folded name of a kind from a newer Stormpad.
    unknown_kind: Option<Box<str>>,
}

/// A board revision made ready for finding: every sticky's folded text in one contiguous
/// string, along the timeline. Building it walks the board once (the cost of one plain
/// search); each query then reads only this (`cargo bench --bench find`).
#[derive(Clone, Debug, Default)]
pub struct Index {
    entries: Vec<Entry>,
    texts: String,
    /// The board's name of each kind (the legend's label), folded; by `Kind as usize`.
    kinds: Vec<String>,
    /// Each bounded context's folded name.
    contexts: BTreeMap<Id, String>,
}

impl Index {
    /// Folds and orders the stickies of `board`; `analysis` must be of this board.
    pub fn build(board: &Board, analysis: &Analysis) -> Index {
        let mut order: Vec<(f32, f32, Id, &super::Sticky)> = board
            .stickies
            .iter()
            .map(|(id, s)| (s.pos.x, s.pos.y, *id, s))
            .collect();
        order.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        let mut texts = String::new();
        let mut buffer = String::new();
        let entries = order
            .into_iter()
            .map(|(_, _, id, s)| {
                fold_into(&mut buffer, &s.text);
                texts.push_str(&buffer);
                Entry {
                    id,
                    kind: s.kind,
                    context: analysis.context_of(id),
                    end: texts.len(),
                    unknown_kind: s.unknown_kind_name().map(|n| fold(n).into_boxed_str()),
                }
            })
            .collect();
        let mut kinds = vec![String::new(); Kind::ALL.len() + 1];
        for kind in Kind::ALL.into_iter().chain([Kind::Unknown]) {
            if let Some(k) = kinds.get_mut(kind as usize) {
                *k = fold(&board.legend.label(kind));
            }
        }
        let contexts = board
            .boundaries
            .iter()
            .filter(|(_, b)| b.kind == BoundaryKind::Context)
            .map(|(id, b)| (*id, fold(&b.name)))
            .collect();
        Index {
            entries,
            texts,
            kinds,
            contexts,
        }
    }

    /// What `query` finds on the indexed board, as [`find`] says.
    pub fn find(&self, query: &str) -> Matches {
        let needle = fold(query.trim());
        if needle.is_empty() {
            return Matches::default();
        }
        // Kind and context names are few: decide them once, not per sticky.
        let kind_named: Vec<bool> = self.kinds.iter().map(|k| k.contains(&needle)).collect();
        let context_named: BTreeMap<Id, bool> = self
            .contexts
            .iter()
            .map(|(id, name)| (*id, name.contains(&needle)))
            .collect();
        let mut hits = Vec::new();
        let mut start = 0;
        for e in &self.entries {
            let text = self.texts.get(start..e.end).unwrap_or("");
            start = e.end;
            let how = if text.contains(&needle) {
                Found::Text
            } else if match &e.unknown_kind {
                Some(name) => name.contains(&needle),
                None => kind_named.get(e.kind as usize).copied().unwrap_or(false),
            } {
                Found::Kind
            } else if e
                .context
                .is_some_and(|c| context_named.get(&c).copied().unwrap_or(false))
            {
                Found::Context
            } else {
                continue;
            };
            hits.push(Hit {
                id: e.id,
                kind: e.kind,
                context: e.context,
                found: how,
            });
        }
        counted(hits)
    }
}

/// The hits with their counts by kind and by context.
fn counted(hits: Vec<Hit>) -> Matches {
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut contexts: BTreeMap<Id, usize> = BTreeMap::new();
    let mut outside = 0;
    for h in &hits {
        *kinds.entry(h.kind).or_default() += 1;
        match h.context {
            Some(c) => *contexts.entry(c).or_default() += 1,
            None => outside += 1,
        }
    }
    let mut by_context: Vec<(Option<Id>, usize)> =
        contexts.into_iter().map(|(c, n)| (Some(c), n)).collect();
    if outside > 0 {
        by_context.push((None, outside));
    }
    Matches {
        hits,
        // `Kind`'s order is the palette's.
        by_kind: kinds.into_iter().collect(),
        by_context,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, LegendEntry, Point, Rect, Size, Sticky};

    fn board(stickies: &[(u64, Kind, &str, f32)]) -> Board {
        let mut b = Board::new("Find");
        for (id, kind, text, x) in stickies {
            b.stickies
                .insert(Id(*id), Sticky::new(*kind, *text, Point::new(*x, 0.0)));
        }
        b
    }

    fn ids(board: &Board, query: &str) -> Vec<u64> {
        let analysis = Analysis::of(board);
        find(board, &analysis, query)
            .hits
            .iter()
            .map(|h| h.id.0)
            .collect()
    }

    #[test]
    fn case_and_accents_do_not_matter_either_way() {
        let b = board(&[
            (1, Kind::DomainEvent, "Café ordered", 0.0),
            (2, Kind::DomainEvent, "CAFÉ CLOSED", 100.0),
            // `e` and a combining acute accent: what macOS file names and some pastes give.
            (3, Kind::DomainEvent, "cafe\u{301} opened", 200.0),
            (4, Kind::DomainEvent, "Tea served", 300.0),
            (5, Kind::DomainEvent, "Straße gesperrt", 400.0),
        ]);
        assert_eq!(ids(&b, "cafe"), [1, 2, 3]);
        assert_eq!(ids(&b, "CAFÉ"), [1, 2, 3]);
        assert_eq!(ids(&b, "Cafe\u{301}"), [1, 2, 3]);
        assert_eq!(ids(&b, "strasse"), [5]);
        assert_eq!(ids(&b, "coffee"), Vec::<u64>::new());
    }

    #[test]
    fn an_empty_or_blank_query_finds_nothing() {
        let b = board(&[(1, Kind::DomainEvent, "Order placed", 0.0)]);
        assert!(ids(&b, "").is_empty());
        assert!(ids(&b, "   ").is_empty());
        assert_eq!(ids(&b, "  order "), [1], "surrounding spaces are ignored");
    }

    #[test]
    fn the_kind_as_this_board_names_it_finds_every_sticky_of_it() {
        let mut b = board(&[
            (1, Kind::Hotspot, "Refunds?", 0.0),
            (2, Kind::DomainEvent, "Order placed", 100.0),
            (3, Kind::Hotspot, "Who pays?", 200.0),
        ]);
        let analysis = Analysis::of(&b);
        let m = find(&b, &analysis, "hotspot");
        assert_eq!(m.hits.iter().map(|h| h.id.0).collect::<Vec<_>>(), [1, 3]);
        assert!(m.hits.iter().all(|h| h.found == Found::Kind));
        assert_eq!(m.by_kind, [(Kind::Hotspot, 2)]);
        // Renamed in the legend: the board's name finds them, the default no longer does.
        b.legend.set_override(
            Kind::Hotspot,
            Some(LegendEntry {
                label: "Ärger".into(),
                color: crate::model::legend::default_color(Kind::Hotspot),
            }),
        );
        assert_eq!(ids(&b, "arger"), [1, 3]);
        assert!(ids(&b, "hotspot").is_empty());
    }

    #[test]
    fn a_context_name_finds_what_lies_inside_and_counts_go_by_context() {
        let mut b = board(&[
            (1, Kind::DomainEvent, "Payment taken", 0.0),
            (2, Kind::Command, "Take payment", 300.0),
            (3, Kind::DomainEvent, "Parcel sent", 2000.0),
        ]);
        let rect = Rect::new(Point::new(-100.0, -100.0), Size::new(800.0, 400.0));
        b.boundaries.insert(
            Id(10),
            Boundary::new(BoundaryKind::Context, "Billing", rect),
        );
        let analysis = Analysis::of(&b);
        let m = find(&b, &analysis, "bill");
        assert_eq!(m.hits.iter().map(|h| h.id.0).collect::<Vec<_>>(), [1, 2]);
        assert!(m.hits.iter().all(|h| h.found == Found::Context));
        assert_eq!(m.by_context, [(Some(Id(10)), 2)]);
        assert_eq!(m.by_kind, [(Kind::DomainEvent, 1), (Kind::Command, 1)]);
        let m = find(&b, &analysis, "payment");
        assert_eq!(m.hits.len(), 2);
        assert!(m.hits.iter().all(|h| h.found == Found::Text), "text first");
        let m = find(&b, &analysis, "sent");
        assert_eq!(m.by_context, [(None, 1)], "outside every context");
    }

    #[test]
    fn hits_run_along_the_timeline_not_in_id_order() {
        let b = board(&[
            (1, Kind::DomainEvent, "Step c", 900.0),
            (2, Kind::DomainEvent, "Step a", 100.0),
            (3, Kind::DomainEvent, "Step b", 500.0),
        ]);
        assert_eq!(ids(&b, "step"), [2, 3, 1]);
    }

    #[test]
    fn hostile_names_are_found_as_plain_text() {
        let b = board(&[
            (1, Kind::DomainEvent, "Order \"quoted\" 'placed'", 0.0),
            (2, Kind::DomainEvent, "<script>alert(1)</script>", 100.0),
            (3, Kind::DomainEvent, "הזמנה בוצעה", 200.0),
            (4, Kind::DomainEvent, "Pizza 🍕 delivered", 300.0),
            (5, Kind::DomainEvent, "CON", 400.0),
            (6, Kind::DomainEvent, ".*", 500.0),
        ]);
        assert_eq!(ids(&b, "\"quoted\""), [1]);
        assert_eq!(ids(&b, "'placed'"), [1]);
        assert_eq!(ids(&b, "<script>"), [2]);
        assert_eq!(ids(&b, "בוצעה"), [3], "right-to-left text");
        assert_eq!(ids(&b, "🍕"), [4]);
        assert_eq!(ids(&b, "con"), [5]);
        assert_eq!(ids(&b, ".*"), [6], "a query is text, never a pattern");
    }

    #[test]
    fn a_kind_from_a_newer_stormpad_is_found_by_its_own_name() {
        let mut b = board(&[(1, Kind::Unknown, "Deadline", 0.0)]);
        if let Some(s) = b.stickies.get_mut(&Id(1)) {
            s.extra.insert("kind", "Timer");
        }
        assert_eq!(ids(&b, "timer"), [1]);
    }

    #[test]
    fn fold_drops_case_and_accents_only() {
        assert_eq!(fold("Ça Éte\u{301}"), "ca ete");
        assert_eq!(fold("ÆØÅ"), "aeoa");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("日本"), "日本");
    }
}
