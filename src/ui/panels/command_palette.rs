//! The command palette (`Ctrl+K`, `Ctrl+Shift+P`): every command of the command table, the
//! same one the menus and the shortcut sheet are made from, found by typing a few letters of
//! its name in order ("ndev" finds "New domain event", "zf" "Zoom to fit").
//! Arrows choose, `Enter` runs, `Esc` closes; a command that cannot run now (undo with nothing
//! to undo) is listed greyed out and does not run.
//!
//! The fuzzy scorer is a few lines written here rather than a crate: the list is about sixty
//! short labels, the rules fit on a page, and the crates that do this well (nucleo, skim's
//! matcher) are built for millions of file paths.

use egui::{Context, Key, Modifiers, RichText, TextEdit};

use crate::model::find::fold;
use crate::ui::command::Command;

/// How many commands the palette lists at once.
const ROWS: usize = 12;

/// The palette's state while open.
#[derive(Default)]
pub struct CommandPalette {
    pub open: bool,
    pub query: String,
    /// The highlighted row.
    selected: usize,
    /// Give the text field the keyboard on the next frame.
    focus: bool,
}

impl CommandPalette {
    /// Opens the palette empty, with the keyboard in its field.
    pub fn show(&mut self) {
        self.open = true;
        self.query.clear();
        self.selected = 0;
        self.focus = true;
    }

    /// Closes it.
    pub fn close(&mut self) {
        self.open = false;
    }
}

/// How well `query` matches `label`; `None` when its letters are not all in `label` in order.
/// Case and accents do not matter. Higher is better: letters that follow each other, that
/// start a word, and a match at the very start count most; letters skipped cost a little, so
/// of two labels matching alike the shorter wins.
pub fn score(query: &str, label: &str) -> Option<i32> {
    let query: Vec<char> = fold(query).chars().filter(|c| !c.is_whitespace()).collect();
    let label: Vec<char> = fold(label).chars().collect();
    if query.is_empty() {
        return Some(0);
    }
    let mut total = 0;
    let mut at = 0;
    let mut previous: Option<usize> = None;
    for q in query {
        let found = (at..label.len()).find(|&i| label[i] == q)?;
        let word_start = found == 0 || !label[found - 1].is_alphanumeric();
        total += 1;
        if word_start {
            total += 8;
        }
        if found == 0 {
            total += 4;
        }
        match previous {
            Some(p) if p + 1 == found => total += 6,
            Some(p) => total -= i32::try_from(found - p - 1).unwrap_or(i32::MAX).min(5),
            None => {}
        }
        previous = Some(found);
        at = found + 1;
    }
    Some(total - i32::try_from(label.len() / 8).unwrap_or(0))
}

/// The commands matching `query`, best first; commands scoring alike keep the table's order.
pub fn ranked(query: &str, commands: &[Command]) -> Vec<Command> {
    let mut scored: Vec<(i32, usize, Command)> = commands
        .iter()
        .enumerate()
        .filter_map(|(i, c)| score(query, &c.label()).map(|s| (s, i, *c)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, c)| c).collect()
}

/// Shows the palette while it is open; the command chosen to run (enabled ones only).
pub fn command_palette_ui(
    ctx: &Context,
    palette: &mut CommandPalette,
    enabled: impl Fn(Command) -> bool,
) -> Option<Command> {
    if !palette.open {
        return None;
    }
    let listed = ranked(&palette.query, &Command::all());
    let field_id = egui::Id::unique("command palette query");
    let mut chosen = None;
    if ctx.memory(|m| m.has_focus(field_id)) {
        let down = ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowDown));
        let up = ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowUp));
        let enter = ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
        let last = listed.len().min(ROWS).saturating_sub(1);
        if down {
            palette.selected = (palette.selected + 1).min(last);
        }
        if up {
            palette.selected = palette.selected.saturating_sub(1);
        }
        if enter {
            chosen = listed.get(palette.selected).copied();
        }
    }
    egui::Window::new("Command palette")
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .fixed_size(egui::vec2(480.0, 0.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            let before = palette.query.clone();
            let field = ui
                .add(
                    TextEdit::singleline(&mut palette.query)
                        .id(field_id)
                        .hint_text("Type a command")
                        .return_key(None)
                        .desired_width(f32::INFINITY),
                )
                .accessible_name("Command palette");
            if palette.focus {
                field.request_focus();
                palette.focus = false;
            }
            if palette.query != before {
                palette.selected = 0;
            }
            ui.separator();
            if listed.is_empty() {
                ui.label(RichText::new("No command matches").weak());
            }
            for (i, command) in listed.iter().enumerate().take(ROWS) {
                let keys = command
                    .shortcuts()
                    .first()
                    .map(|s| ctx.format_shortcut(s))
                    .unwrap_or_default();
                let on = enabled(*command);
                let button = egui::Button::selectable(i == palette.selected, command.label())
                    .shortcut_text(keys);
                let response = ui.add_enabled(on, button);
                if response.clicked() {
                    chosen = Some(*command);
                }
            }
        });
    let chosen = chosen.filter(|c| enabled(*c));
    if chosen.is_some() {
        palette.close();
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn first(query: &str) -> Option<Command> {
        ranked(query, &Command::all()).first().copied()
    }

    #[test]
    fn letters_must_come_in_order_case_and_accents_aside() {
        assert!(score("undo", "Undo").is_some());
        assert!(score("UNDO", "undo").is_some());
        assert!(score("zf", "Zoom to fit").is_some());
        assert!(score("fz", "Zoom to fit").is_none(), "order matters");
        assert!(score("xyz", "Undo").is_none());
        assert!(
            score("", "Undo").is_some(),
            "an empty query lists everything"
        );
        assert!(score("café", "Cafe").is_some());
    }

    #[test]
    fn word_starts_and_runs_beat_scattered_letters() {
        let run = score("fit", "Zoom to fit");
        let scattered = score("fit", "File it"); // f..i..t across words
        assert!(run > scattered, "{run:?} {scattered:?}");
        let prefix = score("un", "Undo");
        let inside = score("un", "Run one");
        assert!(prefix > inside, "{prefix:?} {inside:?}");
    }

    #[test]
    fn the_commands_people_type_come_first() {
        assert_eq!(first("undo"), Some(Command::Undo));
        assert_eq!(first("redo"), Some(Command::Redo));
        assert_eq!(first("zoom to fit"), Some(Command::ZoomToFit));
        assert_eq!(
            first("new domain event"),
            Some(Command::Create(Kind::DomainEvent))
        );
        assert_eq!(first("new hot"), Some(Command::Create(Kind::Hotspot)));
        assert_eq!(first("save as"), Some(Command::SaveAs));
        assert_eq!(first("minimap"), Some(Command::ToggleMinimap));
        assert_eq!(
            first("dark"),
            Some(Command::UseTheme(crate::ui::theme::Theme::Dark))
        );
    }

    #[test]
    fn every_command_of_the_table_can_be_found_by_its_own_name() {
        let all = Command::all();
        for c in &all {
            let found = ranked(&c.label(), &all);
            assert!(found.contains(c), "{c:?}");
        }
        assert_eq!(ranked("", &all), all, "nothing typed: the table's order");
    }
}
