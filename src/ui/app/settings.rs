//! What Stormpad remembers between runs (eframe persistence), apart from the runtime state of
//! the app: the recent boards and which panels are open. One `#[serde(default)]` type under one
//! storage key, so a settings file from an older or newer Stormpad still loads.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ui::theme::Theme;

/// How many recent files the File menu keeps.
const MAX_RECENT: usize = 10;
/// The storage key of everything below.
const SETTINGS_KEY: &str = eframe::APP_KEY;
/// Where Stormpad before the settings type kept its recent files: read once, when no settings
/// were stored yet, so users keep their list.
const OLD_RECENT_KEY: &str = "recent-files";

/// What is remembered between runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened or saved boards, newest first.
    pub recent: Vec<PathBuf>,
    pub show_legend: bool,
    pub show_inspector: bool,
    pub show_check: bool,
    /// Whether the dot voting panel is open.
    pub show_votes: bool,
    /// The name this person votes as ("Voting as"); empty votes for the room.
    pub voter: String,
    /// The look of the app (View → Theme).
    pub theme: Theme,
    /// Whether the minimap shows in the canvas's corner.
    pub show_minimap: bool,
    /// My name on live boards: asked once, shown beside my pointer to the others.
    pub live_name: String,
    /// My colour on live boards, `#rrggbb`.
    pub live_color: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            show_legend: false,
            show_inspector: true,
            show_check: false,
            show_votes: false,
            voter: String::new(),
            theme: Theme::Standard,
            show_minimap: false,
            live_name: String::new(),
            live_color: String::new(),
        }
    }
}

impl Settings {
    /// The settings of the last run; from older storage, its recent files.
    pub fn load(storage: &dyn eframe::Storage) -> Self {
        if let Some(settings) = eframe::get_value(storage, SETTINGS_KEY) {
            return settings;
        }
        Self {
            recent: eframe::get_value(storage, OLD_RECENT_KEY).unwrap_or_default(),
            ..Self::default()
        }
    }

    /// Stores the settings for the next run.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, self);
    }

    /// Puts `path` first among the recent boards.
    pub fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Storage;
    use std::collections::HashMap;

    /// eframe's storage, in memory.
    #[derive(Default)]
    struct Memory(HashMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn panels_and_recent_boards_come_back_next_run() {
        let mut storage = Memory::default();
        let mut settings = Settings::default();
        settings.remember(Path::new("/boards/a.storm.ron"));
        settings.remember(Path::new("/boards/b.storm.ron"));
        settings.remember(Path::new("/boards/a.storm.ron"));
        settings.show_check = true;
        settings.show_inspector = false;
        settings.theme = Theme::Dark;
        settings.show_minimap = true;
        settings.save(&mut storage);
        let again = Settings::load(&storage);
        assert_eq!(again, settings);
        assert_eq!(
            again.recent,
            [
                PathBuf::from("/boards/a.storm.ron"),
                PathBuf::from("/boards/b.storm.ron")
            ]
        );
    }

    #[test]
    fn the_recent_list_of_an_older_stormpad_is_kept() {
        let mut storage = Memory::default();
        let old = vec![PathBuf::from("/boards/old.storm.ron")];
        eframe::set_value(&mut storage, OLD_RECENT_KEY, &old);
        let settings = Settings::load(&storage);
        assert_eq!(settings.recent, old);
        assert!(settings.show_inspector, "panels as on a first run");
    }

    #[test]
    fn settings_missing_a_field_or_with_an_unknown_one_still_load() {
        let mut storage = Memory::default();
        storage.set_string(
            SETTINGS_KEY,
            "(show_check: true, colour_scheme: \"dark\")".into(),
        );
        let settings = Settings::load(&storage);
        assert!(settings.show_check);
        assert!(settings.show_inspector);
        assert!(settings.recent.is_empty());
        assert_eq!(settings.theme, Theme::Standard, "no theme stored yet");
    }

    #[test]
    fn the_recent_list_keeps_ten_boards() {
        let mut settings = Settings::default();
        for i in 0..12 {
            settings.remember(Path::new(&format!("/boards/{i}.storm.ron")));
        }
        assert_eq!(settings.recent.len(), MAX_RECENT);
        assert_eq!(settings.recent[0], PathBuf::from("/boards/11.storm.ron"));
    }
}
