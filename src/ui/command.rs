//! Every user action as data: its label, its shortcuts and its menu. The menus, the shortcut
//! sheet and the keyboard handling are all generated from this one table.

use egui::{Key, KeyboardShortcut, Modifiers};
use strum::IntoEnumIterator;

use crate::model::{BoundaryKind, Kind};
use crate::ui::theme::Theme;

/// The menu a command appears in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter)]
pub enum Menu {
    File,
    Edit,
    Insert,
    View,
    /// Running the room: phases, timer, votes, the walk-through.
    Workshop,
}

impl Menu {
    /// Every menu, in menu-bar order.
    pub const ALL: [Menu; 5] = [
        Menu::File,
        Menu::Edit,
        Menu::Insert,
        Menu::View,
        Menu::Workshop,
    ];

    /// The menu's title.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::Insert => "Insert",
            Menu::View => "View",
            Menu::Workshop => "Workshop",
        }
    }
}

/// A direction for moving the selection with the arrow keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Nudge {
    Left,
    Right,
    Up,
    Down,
}

/// A user action. The variants are declared in the order menus and the shortcut sheet list
/// them: [`Command::all`] follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumDiscriminants)]
#[strum_discriminants(name(CommandName), derive(strum::EnumIter))]
pub enum Command {
    New,
    Open,
    Save,
    SaveAs,
    /// Opens the export dialog.
    Export,
    /// Opens the dialog that exports a picture of the board (PNG, SVG, PDF).
    ExportPicture,
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    Duplicate,
    Delete,
    SelectAll,
    /// Links the selected stickies: in the order they were clicked, else along the grammar.
    Link,
    /// Turns the selected arrows round.
    ReverseArrow,
    /// Starts editing the selected sticky's or region's text.
    EditText,
    /// Creates a sticky of the same kind right of the selected one, ready to type.
    NextSticky,
    TogglePivotal,
    /// Creates a sticky of a kind at the pointer, ready to type.
    Create(Kind),
    /// Arms the tool that draws a region.
    DrawRegion(BoundaryKind),
    /// Back to plain selection; ends text editing.
    SelectTool,
    Nudge(Nudge),
    NudgeFar(Nudge),
    ZoomToFit,
    ZoomReset,
    ZoomIn,
    ZoomOut,
    ToggleLegend,
    /// Shows or hides the inspector panel.
    ToggleInspector,
    /// Shows or hides the model check panel.
    ToggleModelCheck,
    ShowShortcuts,
    /// The workshop moves on to its next phase.
    NextPhase,
    /// Back to the workshop's previous phase.
    PreviousPhase,
    /// Starts or pauses the phase timer (and shows it).
    TimerStartPause,
    /// Gives the timer one more minute.
    TimerAddMinute,
    /// Puts the timer back to its full duration, stopped.
    TimerReset,
    /// Shows or hides the dot voting panel and its ranked list.
    ToggleVotes,
    /// Places one of the voter's dots on each selected sticky.
    Vote,
    /// Takes one of the voter's dots back from each selected sticky.
    Unvote,
    /// The walk-through: full screen, chapter by chapter.
    Present,
    /// Opens the find bar (or gives it the keyboard again).
    Find,
    /// Opens the command palette: every command here, found by typing.
    CommandPalette,
    /// Shows or hides the minimap in the canvas's corner.
    ToggleMinimap,
    /// Switches the look of the app (View → Theme).
    UseTheme(Theme),
    /// Shares the open board live (or shows its join addresses when shared already).
    ShareLive,
    /// Joins a live board by its address.
    JoinLive,
    /// Leaves the live board; the board stays open as a normal document.
    LeaveLive,
}

const fn key(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, k)
}
const fn cmd(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, k)
}
const fn cmd_shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), k)
}
const fn shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, k)
}

impl Command {
    /// Every command, in the order menus and the shortcut sheet list them: the order of the
    /// enum, each variant with a value expanded over all its values.
    pub fn all() -> Vec<Command> {
        CommandName::iter().flat_map(Self::every).collect()
    }

    /// Every command of one variant. The match is exhaustive, so a new variant is listed as
    /// soon as it compiles.
    fn every(name: CommandName) -> Vec<Command> {
        use Command::*;
        match name {
            CommandName::Create => Kind::ALL.map(Create).to_vec(),
            // `shortcuts` names each region kind, so a new one cannot be missed here either.
            CommandName::DrawRegion => vec![
                DrawRegion(BoundaryKind::Context),
                DrawRegion(BoundaryKind::Swimlane),
                DrawRegion(BoundaryKind::FrontEnd),
                DrawRegion(BoundaryKind::Partner),
            ],
            // Each direction's near and far moves side by side, as the shortcut sheet shows
            // them; `NudgeFar` is listed here.
            CommandName::Nudge => self::Nudge::iter()
                .flat_map(|n| [Nudge(n), NudgeFar(n)])
                .collect(),
            CommandName::NudgeFar => Vec::new(),
            CommandName::New => vec![New],
            CommandName::Open => vec![Open],
            CommandName::Save => vec![Save],
            CommandName::SaveAs => vec![SaveAs],
            CommandName::Export => vec![Export],
            CommandName::ExportPicture => vec![ExportPicture],
            CommandName::Quit => vec![Quit],
            CommandName::Undo => vec![Undo],
            CommandName::Redo => vec![Redo],
            CommandName::Cut => vec![Cut],
            CommandName::Copy => vec![Copy],
            CommandName::Paste => vec![Paste],
            CommandName::Duplicate => vec![Duplicate],
            CommandName::Delete => vec![Delete],
            CommandName::SelectAll => vec![SelectAll],
            CommandName::Link => vec![Link],
            CommandName::ReverseArrow => vec![ReverseArrow],
            CommandName::EditText => vec![EditText],
            CommandName::NextSticky => vec![NextSticky],
            CommandName::TogglePivotal => vec![TogglePivotal],
            CommandName::SelectTool => vec![SelectTool],
            CommandName::ZoomToFit => vec![ZoomToFit],
            CommandName::ZoomReset => vec![ZoomReset],
            CommandName::ZoomIn => vec![ZoomIn],
            CommandName::ZoomOut => vec![ZoomOut],
            CommandName::ToggleLegend => vec![ToggleLegend],
            CommandName::ToggleInspector => vec![ToggleInspector],
            CommandName::ToggleModelCheck => vec![ToggleModelCheck],
            CommandName::ShowShortcuts => vec![ShowShortcuts],
            CommandName::NextPhase => vec![NextPhase],
            CommandName::PreviousPhase => vec![PreviousPhase],
            CommandName::TimerStartPause => vec![TimerStartPause],
            CommandName::TimerAddMinute => vec![TimerAddMinute],
            CommandName::TimerReset => vec![TimerReset],
            CommandName::ToggleVotes => vec![ToggleVotes],
            CommandName::Vote => vec![Vote],
            CommandName::Unvote => vec![Unvote],
            CommandName::Present => vec![Present],
            CommandName::Find => vec![Find],
            CommandName::CommandPalette => vec![CommandPalette],
            CommandName::ToggleMinimap => vec![ToggleMinimap],
            CommandName::UseTheme => Theme::iter().map(UseTheme).collect(),
            CommandName::ShareLive => vec![ShareLive],
            CommandName::JoinLive => vec![JoinLive],
            CommandName::LeaveLive => vec![LeaveLive],
        }
    }

    /// The name shown in menus and the shortcut sheet.
    pub fn label(self) -> String {
        use Command::*;
        let nudge = |n: self::Nudge| match n {
            self::Nudge::Left => "left",
            self::Nudge::Right => "right",
            self::Nudge::Up => "up",
            self::Nudge::Down => "down",
        };
        match self {
            New => "New board".into(),
            Open => "Open…".into(),
            Save => "Save".into(),
            SaveAs => "Save as…".into(),
            Quit => "Quit".into(),
            Undo => "Undo".into(),
            Redo => "Redo".into(),
            Cut => "Cut".into(),
            Copy => "Copy".into(),
            Paste => "Paste".into(),
            Duplicate => "Duplicate".into(),
            Delete => "Delete".into(),
            SelectAll => "Select all".into(),
            Link => "Link the selected stickies".into(),
            ReverseArrow => "Reverse arrow".into(),
            EditText => "Edit text".into(),
            NextSticky => "Next sticky on the timeline".into(),
            TogglePivotal => "Mark as pivotal event".into(),
            Create(kind) => format!("New {}", kind.default_label().to_lowercase()),
            DrawRegion(kind) => format!("Draw a {}", kind.label().to_lowercase()),
            SelectTool => "Select tool / stop editing".into(),
            Nudge(n) => format!("Move selection {}", nudge(n)),
            NudgeFar(n) => format!("Move selection far {}", nudge(n)),
            ZoomToFit => "Zoom to fit".into(),
            ZoomReset => "Zoom to 100%".into(),
            ZoomIn => "Zoom in".into(),
            ZoomOut => "Zoom out".into(),
            ToggleLegend => "Legend".into(),
            ShowShortcuts => "Keyboard shortcuts".into(),
            ToggleInspector => "Inspector".into(),
            ToggleModelCheck => "Model check".into(),
            Export => "Export…".into(),
            ExportPicture => "Export picture…".into(),
            NextPhase => "Next phase".into(),
            PreviousPhase => "Previous phase".into(),
            TimerStartPause => "Start or pause the timer".into(),
            TimerAddMinute => "Timer: one more minute".into(),
            TimerReset => "Reset the timer".into(),
            ToggleVotes => "Dot voting".into(),
            Vote => "Place a dot on the selection".into(),
            Unvote => "Take a dot back".into(),
            Present => "Walk-through (present)".into(),
            Find => "Find…".into(),
            CommandPalette => "Command palette…".into(),
            ToggleMinimap => "Minimap".into(),
            UseTheme(theme) => format!("Theme: {}", theme.label().to_lowercase()),
            ShareLive => "Share board live…".into(),
            JoinLive => "Join live board…".into(),
            LeaveLive => "Leave live board".into(),
        }
    }

    /// The key of a sticky kind: one letter, pressed with the pointer over the canvas.
    pub fn kind_key(kind: Kind) -> Key {
        match kind {
            Kind::DomainEvent => Key::E,
            Kind::Command => Key::C,
            Kind::Actor => Key::A,
            Kind::Aggregate => Key::G,
            Kind::Policy => Key::P,
            Kind::ReadModel => Key::R,
            Kind::ExternalSystem => Key::X,
            Kind::Hotspot => Key::H,
            Kind::Opportunity => Key::O,
            // Boards from a newer Stormpad only: never placed from here (not in `Kind::ALL`).
            Kind::Unknown => Key::U,
        }
    }

    /// The shortcuts that trigger the command (the first is the one menus show).
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        use Command::*;
        let arrow = |n: self::Nudge| match n {
            self::Nudge::Left => Key::ArrowLeft,
            self::Nudge::Right => Key::ArrowRight,
            self::Nudge::Up => Key::ArrowUp,
            self::Nudge::Down => Key::ArrowDown,
        };
        match self {
            New => vec![cmd(Key::N)],
            Open => vec![cmd(Key::O)],
            Save => vec![cmd(Key::S)],
            SaveAs => vec![cmd_shift(Key::S)],
            Quit => vec![cmd(Key::Q)],
            Undo => vec![cmd(Key::Z)],
            Redo => vec![cmd_shift(Key::Z), cmd(Key::Y)],
            Cut => vec![cmd(Key::X)],
            Copy => vec![cmd(Key::C)],
            Paste => vec![cmd(Key::V)],
            Duplicate => vec![cmd(Key::D)],
            Delete => vec![key(Key::Delete), key(Key::Backspace)],
            SelectAll => vec![cmd(Key::A)],
            Link => vec![key(Key::L)],
            ReverseArrow => vec![shift(Key::L)],
            EditText => vec![key(Key::Enter), key(Key::F2)],
            NextSticky => vec![key(Key::Tab)],
            TogglePivotal => vec![cmd(Key::I)],
            Create(kind) => vec![key(Self::kind_key(kind))],
            DrawRegion(BoundaryKind::Context) => vec![key(Key::B)],
            DrawRegion(BoundaryKind::Swimlane) => vec![key(Key::S)],
            DrawRegion(BoundaryKind::FrontEnd) => vec![key(Key::F)],
            DrawRegion(BoundaryKind::Partner) => vec![key(Key::T)],
            SelectTool => vec![key(Key::Escape), key(Key::V)],
            Nudge(n) => vec![key(arrow(n))],
            NudgeFar(n) => vec![shift(arrow(n))],
            ZoomToFit => vec![key(Key::Home), shift(Key::Num1)],
            ZoomReset => vec![cmd(Key::Num0)],
            ZoomIn => vec![cmd(Key::Plus), cmd(Key::Equals)],
            ZoomOut => vec![cmd(Key::Minus)],
            ToggleLegend => vec![cmd(Key::L)],
            ShowShortcuts => vec![key(Key::F1)],
            ToggleInspector => vec![cmd_shift(Key::I)],
            ToggleModelCheck => vec![cmd_shift(Key::M)],
            Export => vec![cmd(Key::E)],
            ExportPicture => vec![cmd_shift(Key::E)],
            NextPhase => vec![key(Key::F8)],
            PreviousPhase => vec![shift(Key::F8)],
            TimerStartPause => vec![key(Key::F6)],
            TimerAddMinute => vec![shift(Key::F6)],
            TimerReset => vec![cmd(Key::F6)],
            ToggleVotes => vec![key(Key::F7)],
            Vote => vec![key(Key::D)],
            Unvote => vec![shift(Key::D)],
            Present => vec![key(Key::F5)],
            Find => vec![cmd(Key::F)],
            CommandPalette => vec![cmd(Key::K), cmd_shift(Key::P)],
            ToggleMinimap => vec![cmd(Key::M)],
            // Chosen from View → Theme or the palette; too rare for a key of its own.
            UseTheme(_) => Vec::new(),
            ShareLive => vec![cmd_shift(Key::L)],
            JoinLive => vec![cmd_shift(Key::J)],
            LeaveLive => vec![cmd_shift(Key::W)],
        }
    }

    /// The menu the command is listed in; `None` for commands only reached by keyboard.
    pub fn menu(self) -> Option<Menu> {
        use Command::*;
        match self {
            New | Open | Save | SaveAs | Export | ExportPicture | Quit => Some(Menu::File),
            Undo | Redo | Cut | Copy | Paste | Duplicate | Delete | SelectAll | Link
            | ReverseArrow | EditText | TogglePivotal => Some(Menu::Edit),
            Create(_) | DrawRegion(_) | NextSticky => Some(Menu::Insert),
            ZoomToFit | ZoomReset | ZoomIn | ZoomOut | ToggleLegend | ToggleInspector
            | ToggleModelCheck | ShowShortcuts => Some(Menu::View),
            NextPhase | PreviousPhase | TimerStartPause | TimerAddMinute | TimerReset
            | ToggleVotes | Vote | Unvote | Present => Some(Menu::Workshop),
            Find | CommandPalette | ToggleMinimap | UseTheme(_) => Some(Menu::View),
            SelectTool | Nudge(_) | NudgeFar(_) => None,
            ShareLive | JoinLive | LeaveLive => Some(Menu::File),
        }
    }

    /// Whether the shortcut still works while a text field has the keyboard (saving while
    /// typing a sticky must work; plain letters must type).
    pub fn works_while_typing(self) -> bool {
        use Command::*;
        matches!(
            self,
            New | Open
                | Save
                | SaveAs
                | Quit
                | ZoomReset
                | ZoomIn
                | ZoomOut
                | ToggleLegend
                | ToggleInspector
                | ToggleModelCheck
                | Export
                | ExportPicture
                | ShowShortcuts
                | Find
                | CommandPalette
                | ToggleMinimap
        )
    }

    /// Whether the shortcut acts on the canvas: it creates, changes or selects stickies, so it
    /// fires only while the canvas has the keyboard (the pointer over the board, nothing being
    /// typed), never into a panel. The others (files, undo, the view, panels, F1, Escape) work
    /// wherever the pointer is.
    pub fn acts_on_canvas(self) -> bool {
        use Command::*;
        matches!(
            self,
            Duplicate
                | Delete
                | SelectAll
                | Link
                | ReverseArrow
                | EditText
                | NextSticky
                | TogglePivotal
                | Create(_)
                | DrawRegion(_)
                | Nudge(_)
                | NudgeFar(_)
                | Vote
                | Unvote
        )
    }

    /// Whether the platform delivers this command as a clipboard event rather than a key.
    pub fn is_clipboard(self) -> bool {
        matches!(self, Command::Cut | Command::Copy | Command::Paste)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: HashMap<(bool, bool, bool, Key), Command> = HashMap::new();
        for c in Command::all() {
            for s in c.shortcuts() {
                let m = s.modifiers;
                let k = (m.command || m.ctrl, m.shift, m.alt, s.logical_key);
                if let Some(other) = seen.insert(k, c) {
                    panic!("{c:?} and {other:?} share {s:?}");
                }
            }
        }
    }

    #[test]
    fn every_single_key_but_help_fit_and_the_select_tool_belongs_to_the_canvas() {
        // These change no sticky: they work wherever the pointer is.
        let anywhere = [
            Command::ShowShortcuts,
            Command::ZoomToFit,
            Command::SelectTool,
            // Running the room: the phase, the timer, the voting panel and the walk-through.
            Command::NextPhase,
            Command::PreviousPhase,
            Command::TimerStartPause,
            Command::TimerAddMinute,
            Command::ToggleVotes,
            Command::Present,
        ];
        for c in Command::all() {
            let single = c.shortcuts().iter().any(|s| {
                let m = s.modifiers;
                !m.command && !m.ctrl && !m.alt
            });
            if single && !anywhere.contains(&c) {
                assert!(c.acts_on_canvas(), "{c:?} would fire into a panel");
            }
        }
    }

    #[test]
    fn every_command_is_listed_once_and_every_variant_with_all_its_values() {
        let all = Command::all();
        let unique: HashSet<Command> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len(), "a command is listed twice");
        for name in CommandName::iter() {
            assert!(
                all.iter().any(|c| CommandName::from(c) == name),
                "{name:?} is missing from the menus and the shortcut sheet"
            );
        }
        for kind in Kind::ALL {
            assert!(unique.contains(&Command::Create(kind)), "{kind:?}");
        }
        for n in Nudge::iter() {
            assert!(unique.contains(&Command::Nudge(n)) && unique.contains(&Command::NudgeFar(n)));
        }
    }

    #[test]
    fn the_menu_bar_lists_every_menu_in_order() {
        assert!(
            Menu::iter().eq(Menu::ALL),
            "Menu::ALL differs from the enum"
        );
        for c in Command::all() {
            assert!(c.menu().is_none_or(|m| Menu::ALL.contains(&m)), "{c:?}");
        }
    }

    #[test]
    fn every_command_has_a_label_and_a_shortcut() {
        for c in Command::all() {
            assert!(!c.label().is_empty());
            // Themes are chosen from a menu or the palette, not by key.
            let keyless = matches!(c, Command::UseTheme(_));
            assert!(keyless || !c.shortcuts().is_empty(), "{c:?}");
        }
    }
}
