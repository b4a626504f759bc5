//! The find bar (`Ctrl+F`): type, see what matches counted by kind and by context with the
//! first rows listed; `Enter` frames the next match, `Shift+Enter` the previous, a click on
//! a row frames that one, `Esc` closes the bar and gives the keys back to the canvas.
//!
//! The search is `model::find`: an index of the analysed board revision (`Derived`, a cheap
//! snapshot) and each keystroke then searches that index in about a millisecond (`cargo bench
//! --bench find`). Building the index of a 100,000-sticky board takes longer than a frame, so
//! from [`BACKGROUND_FROM`] stickies it is built on another thread (`ui::background`) while
//! keystrokes are answered from the last index that finished, and the count line says
//! "searching…" until the new one lands. An index of an older revision, or of another board
//! (Open, New: [`FindBar::new_board`]), is never taken for the current one.

use std::sync::{Arc, Weak};

use egui::{Context, Key, Modifiers, Rect, RichText, TextEdit, Vec2};

use crate::model::find::{Index, Matches};
use crate::model::{Board, Id};
use crate::ui::background::Task;
use crate::ui::document::Derived;

/// Boards of at least this many stickies get their find index built in the background;
/// smaller ones are indexed inline in well under a frame (about 1 ms per 1,000 stickies).
pub const BACKGROUND_FROM: usize = 5_000;

/// How many matches the bar lists; the counts cover all of them.
const ROWS: usize = 8;
/// The bar's width, in points.
const WIDTH: f32 = 380.0;

/// The find bar's state: open or not, the query, and where `Enter` has got to.
pub struct FindBar {
    pub open: bool,
    pub query: String,
    /// Give the text field the keyboard on the next frame.
    focus: bool,
    /// The match framed last, as an index into the hits.
    current: Option<usize>,
    /// The last index that finished, with the analysed board it was built from.
    index: Option<Built>,
    /// An index being built on another thread, and the analysed board it is built from.
    building: Option<(Weak<Derived>, Task<Index>)>,
    /// An analysed board whose background build stopped without an answer: not tried again.
    failed: Option<Weak<Derived>>,
    /// Whether the index is of the analysed board the bar was last shown with, and that
    /// analysis of the board as it is now (it lags while a gesture goes on, or while a large
    /// board is analysed in the background).
    up_to_date: bool,
    /// Counts the indexes taken in, so cached matches know which one they came from.
    serial: u64,
    /// The matches of a query in the index of a serial.
    cached: Option<(String, u64, Matches)>,
    /// Boards of at least this many stickies are indexed in the background.
    background_from: usize,
    /// Tests: leave a finished background index waiting, as a slow build would.
    hold: bool,
}

/// A finished find index and where it came from.
struct Built {
    /// The analysed board revision indexed (compared by identity, never dereferenced).
    from: Weak<Derived>,
    index: Index,
}

impl Default for FindBar {
    fn default() -> Self {
        Self {
            open: false,
            query: String::new(),
            focus: false,
            current: None,
            index: None,
            building: None,
            failed: None,
            up_to_date: false,
            serial: 0,
            cached: None,
            background_from: BACKGROUND_FROM,
            hold: false,
        }
    }
}

impl FindBar {
    /// Opens the bar with the keyboard in its text field, the last query selected.
    pub fn show(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Closes the bar; the query stays for the next `Ctrl+F`.
    pub fn close(&mut self) {
        self.open = false;
        // A closed bar keeps no copy of a large board's texts.
        self.new_board();
    }

    /// Forgets every index and match: the window now shows another board (Open, New, a
    /// recovered copy), whose ids mean other stickies. The bar stays as it is.
    pub fn new_board(&mut self) {
        self.current = None;
        self.index = None;
        self.building = None;
        self.failed = None;
        self.up_to_date = false;
        self.cached = None;
    }

    /// Builds the find index in the background from boards of `n` stickies (tests set 0).
    pub fn set_background_from(&mut self, n: usize) {
        self.background_from = n;
    }

    /// Tests: while `hold` is set a finished background index is not taken in, so a test
    /// sees the bar as it is while a large board is being indexed.
    pub fn hold_background(&mut self, hold: bool) {
        self.hold = hold;
    }

    /// Whether the bar answers from an index of an earlier revision or none yet.
    pub fn searching(&self) -> bool {
        !self.up_to_date
    }

    /// Takes in a finished index of `derived` and starts one if none is on its way; once
    /// a frame while the bar is open. `now` is the board's revision as it is now.
    fn refresh(&mut self, ctx: &Context, derived: &Arc<Derived>, now: u64) {
        let is_current = |w: &Weak<Derived>| std::ptr::eq(w.as_ptr(), Arc::as_ptr(derived));
        let answer = match &self.building {
            Some((from, task)) if !self.hold => task.poll().map(|a| (from.clone(), a)),
            _ => None,
        };
        if let Some((from, answer)) = answer {
            self.building = None;
            match answer {
                // An index of an older revision is dropped: the current one follows.
                Ok(index) if is_current(&from) => self.take(from, index),
                Ok(_) => {}
                Err(stopped) => {
                    eprintln!("stormpad: the find index could not be built: {stopped}");
                    self.failed = Some(from);
                }
            }
        }
        self.up_to_date = self.index.as_ref().is_some_and(|b| is_current(&b.from));
        let failed = self.failed.as_ref().is_some_and(is_current);
        // Before a board's first analysis arrives there is nothing to index yet (`MAX`: of no
        // revision); the bar says it is searching rather than "No matches".
        let nothing_yet = derived.revision == u64::MAX;
        if self.up_to_date || self.building.is_some() || failed || nothing_yet {
            // The index of an analysis that lags the board is of an earlier revision too.
            self.up_to_date &= derived.revision == now;
            return;
        }
        let from = Arc::downgrade(derived);
        if derived.board.stickies.len() < self.background_from {
            self.take(from, Index::build(&derived.board, &derived.analysis));
            self.up_to_date = derived.revision == now;
        } else {
            let snapshot = Arc::clone(derived);
            let task = Task::spawn(ctx, "find index", move || {
                Index::build(&snapshot.board, &snapshot.analysis)
            });
            self.building = Some((from, task));
        }
    }

    /// Makes `index` the one keystrokes are answered from.
    fn take(&mut self, from: Weak<Derived>, index: Index) {
        self.index = Some(Built { from, index });
        self.serial += 1;
    }

    /// The matches of the current query in the last finished index, found again only when
    /// either changed.
    fn matches(&mut self) -> &Matches {
        let serial = self.serial;
        let fresh = matches!(&self.cached, Some((q, s, _)) if *q == self.query && *s == serial);
        if !fresh {
            let found = self
                .index
                .as_ref()
                .map(|b| b.index.find(&self.query))
                .unwrap_or_default();
            self.current = self.current.filter(|i| *i < found.hits.len());
            self.cached = Some((self.query.clone(), serial, found));
        }
        let query = &self.query;
        let (_, _, m) = self
            .cached
            .get_or_insert_with(|| (query.clone(), serial, Matches::default()));
        m
    }

    /// Steps to the next (or previous) match, round the end; the sticky to frame.
    fn step(&mut self, forward: bool, len: usize) -> Option<usize> {
        if len == 0 {
            return None;
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => len - 1,
            (Some(i), true) => (i + 1) % len,
            (Some(i), false) => (i + len - 1) % len,
        };
        self.current = Some(next);
        Some(next)
    }
}

/// Shows the find bar over the top-right corner of `canvas` while it is open, searching the
/// latest analysis of `board` (`derived`; `now` is `board`'s revision); the sticky the user
/// asked to see (`Enter`, `Shift+Enter`, a click on a row).
pub fn find_bar_ui(
    ctx: &Context,
    canvas: Rect,
    bar: &mut FindBar,
    board: &Board,
    (derived, now): (&Arc<Derived>, u64),
) -> Option<Id> {
    if !bar.open {
        return None;
    }
    bar.refresh(ctx, derived, now);
    let field_id = egui::Id::unique("find bar query");
    let mut picked = None;
    // `Enter` frames the next match and keeps the keyboard in the field.
    if ctx.memory(|m| m.has_focus(field_id)) {
        let back = ctx.input_mut(|i| i.consume_key(Modifiers::SHIFT, Key::Enter));
        let forth = !back && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
        if back || forth {
            let len = bar.matches().hits.len();
            picked = bar.step(forth, len);
        }
    }
    let pos = canvas.right_top() + Vec2::new(-WIDTH - 16.0, 12.0);
    egui::Area::new(egui::Id::unique("find bar"))
        .fixed_pos(pos)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(WIDTH);
                let before = bar.query.clone();
                let field = ui.add(
                    TextEdit::singleline(&mut bar.query)
                        .id(field_id)
                        .hint_text("Find on the board")
                        .return_key(None)
                        .desired_width(f32::INFINITY),
                );
                let field = field.accessible_name("Find on the board");
                if bar.focus {
                    field.request_focus();
                    bar.focus = false;
                }
                if bar.query != before {
                    bar.current = None;
                }
                let (current, searching) = (bar.current, bar.searching());
                let matches = bar.matches();
                if let Some(i) = summary_ui(ui, board, matches, (current, searching)) {
                    picked = Some(i);
                }
            });
        });
    if let Some(i) = picked {
        bar.current = Some(i);
    }
    let matches = bar.matches();
    picked.and_then(|i| matches.hits.get(i)).map(|h| h.id)
}

/// The counts and the first rows; the index of a row clicked.
fn summary_ui(
    ui: &mut egui::Ui,
    board: &Board,
    matches: &Matches,
    (current, searching): (Option<usize>, bool),
) -> Option<usize> {
    let total = matches.hits.len();
    if total == 0 {
        let text = if searching {
            "Searching…"
        } else {
            "No matches"
        };
        ui.label(RichText::new(text).weak());
        return None;
    }
    let position = current.map_or(String::new(), |i| format!("{} of ", i + 1));
    let noun = if total == 1 { "match" } else { "matches" };
    // Matches of an earlier revision say so until the board as it is now has been indexed.
    let stale = if searching { " (searching…)" } else { "" };
    ui.label(
        RichText::new(format!(
            "{position}{total} {noun}{stale} · Enter: next, Shift+Enter: previous"
        ))
        .strong(),
    );
    let kinds: Vec<String> = matches
        .by_kind
        .iter()
        .map(|(k, n)| format!("{n} {}", board.legend.label(*k)))
        .collect();
    ui.label(RichText::new(format!("By kind: {}", kinds.join(", "))).small());
    let contexts: Vec<String> = matches
        .by_context
        .iter()
        .map(|(c, n)| format!("{} {n}", context_name(board, *c)))
        .collect();
    ui.label(RichText::new(format!("By context: {}", contexts.join(", "))).small());
    ui.separator();
    let mut clicked = None;
    for (i, hit) in matches.hits.iter().enumerate().take(ROWS) {
        let text = board.stickies.get(&hit.id).map_or("", |s| s.text.as_str());
        let text = if text.trim().is_empty() {
            "(no text)"
        } else {
            text
        };
        let row = format!(
            "{} · {} · {}",
            board.legend.label(hit.kind),
            text.replace('\n', " "),
            context_name(board, hit.context)
        );
        let button = egui::Button::selectable(current == Some(i), row).truncate();
        if ui
            .add(button)
            .on_hover_text(format!("Found in its {}", hit.found.label()))
            .clicked()
        {
            clicked = Some(i);
        }
    }
    if total > ROWS {
        ui.label(RichText::new(format!("… and {} more", total - ROWS)).weak());
    }
    clicked
}

/// A context's name as the find bar shows it.
fn context_name(board: &Board, context: Option<Id>) -> String {
    match context.and_then(|c| board.boundaries.get(&c)) {
        Some(b) if !b.name.trim().is_empty() => b.name.clone(),
        Some(_) => "unnamed context".to_owned(),
        None => "outside contexts".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_walks_round_the_matches_both_ways() {
        let mut bar = FindBar::default();
        assert_eq!(bar.step(true, 0), None);
        assert_eq!(bar.step(true, 3), Some(0));
        assert_eq!(bar.step(true, 3), Some(1));
        assert_eq!(bar.step(true, 3), Some(2));
        assert_eq!(bar.step(true, 3), Some(0));
        assert_eq!(bar.step(false, 3), Some(2));
        let mut fresh = FindBar::default();
        assert_eq!(
            fresh.step(false, 3),
            Some(2),
            "Shift+Enter starts at the end"
        );
    }
}
