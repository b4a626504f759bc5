//! The find bar (`Ctrl+F`): type, see what matches counted by kind and by context with the
//! first rows listed; `Enter` frames the next match, `Shift+Enter` the previous, a click on
//! a row frames that one, `Esc` closes the bar and gives the keys back to the canvas.
//!
//! The search is `model::find`: an index of the board revision is built once when the bar
//! needs it (on a 100,000-sticky board about as long as one frame of the canvas), and each
//! keystroke then searches that index in about a millisecond (`cargo bench --bench find`), so
//! it runs here rather than in the background, where the board would have to be copied.

use egui::{Context, Key, Modifiers, Rect, RichText, TextEdit, Vec2};

use crate::model::analysis::Analysis;
use crate::model::find::{Index, Matches};
use crate::model::{Board, Id};

/// How many matches the bar lists; the counts cover all of them.
const ROWS: usize = 8;
/// The bar's width, in points.
const WIDTH: f32 = 380.0;

/// The find bar's state: open or not, the query, and where `Enter` has got to.
#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub query: String,
    /// Give the text field the keyboard on the next frame.
    focus: bool,
    /// The match framed last, as an index into the hits.
    current: Option<usize>,
    /// The board revision made ready for finding.
    index: Option<(u64, Index)>,
    /// The matches of a query at a board revision.
    cached: Option<(String, u64, Matches)>,
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
        self.current = None;
        // A closed bar keeps no copy of a large board's texts.
        self.index = None;
        self.cached = None;
    }

    /// The matches of the current query on `board` at `revision`, found again only when
    /// either changed.
    fn matches(&mut self, board: &Board, analysis: &Analysis, revision: u64) -> &Matches {
        let fresh = matches!(&self.cached, Some((q, r, _)) if *q == self.query && *r == revision);
        if !fresh {
            if self.index.as_ref().is_none_or(|(r, _)| *r != revision) {
                self.index = Some((revision, Index::build(board, analysis)));
            }
            let found = self
                .index
                .as_ref()
                .map(|(_, index)| index.find(&self.query))
                .unwrap_or_default();
            self.current = self.current.filter(|i| *i < found.hits.len());
            self.cached = Some((self.query.clone(), revision, found));
        }
        let query = &self.query;
        let (_, _, m) = self
            .cached
            .get_or_insert_with(|| (query.clone(), revision, Matches::default()));
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

/// Shows the find bar over the top-right corner of `canvas` while it is open; the sticky the
/// user asked to see (`Enter`, `Shift+Enter`, a click on a row).
pub fn find_bar_ui(
    ctx: &Context,
    canvas: Rect,
    bar: &mut FindBar,
    board: &Board,
    (analysis, revision): (&Analysis, u64),
) -> Option<Id> {
    if !bar.open {
        return None;
    }
    let field_id = egui::Id::unique("find bar query");
    let mut picked = None;
    // `Enter` frames the next match and keeps the keyboard in the field.
    if ctx.memory(|m| m.has_focus(field_id)) {
        let back = ctx.input_mut(|i| i.consume_key(Modifiers::SHIFT, Key::Enter));
        let forth = !back && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
        if back || forth {
            let len = bar.matches(board, analysis, revision).hits.len();
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
                let current = bar.current;
                let matches = bar.matches(board, analysis, revision);
                if let Some(i) = summary_ui(ui, board, matches, current) {
                    picked = Some(i);
                }
            });
        });
    if let Some(i) = picked {
        bar.current = Some(i);
    }
    let matches = bar.matches(board, analysis, revision);
    picked.and_then(|i| matches.hits.get(i)).map(|h| h.id)
}

/// The counts and the first rows; the index of a row clicked.
fn summary_ui(
    ui: &mut egui::Ui,
    board: &Board,
    matches: &Matches,
    current: Option<usize>,
) -> Option<usize> {
    let total = matches.hits.len();
    if total == 0 {
        ui.label(RichText::new("No matches").weak());
        return None;
    }
    let position = current.map_or(String::new(), |i| format!("{} of ", i + 1));
    let noun = if total == 1 { "match" } else { "matches" };
    ui.label(
        RichText::new(format!(
            "{position}{total} {noun} · Enter: next, Shift+Enter: previous"
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
