//! Every user action as it is carried out: [`StormpadApp::run`] for a [`Command`], the key
//! shortcuts and clipboard events that choose one, and the queue of commands chosen in menus
//! and panels, which runs after the frame is laid out rather than in the middle of drawing.

use egui::{Context, Event, Key, KeyboardShortcut, Modifiers, Order, ViewportCommand};

use super::StormpadApp;
use super::chrome::Message;
use super::lifecycle::Pending;
use crate::edit::{Edit, ops};
use crate::file;
use crate::model::{Kind, Point};
use crate::ui::canvas::{self, TextTarget, Tool};
use crate::ui::command::{Command, Nudge};

/// Something chosen during layout (a menu entry, a status bar button), carried out after it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Queued {
    Command(Command),
    /// An action that asks about unsaved changes first (a recent file).
    Request(Pending),
}

impl StormpadApp {
    /// Carries out one user action.
    pub fn run(&mut self, ctx: &Context, command: Command) {
        match command {
            Command::New => self.request(ctx, Pending::New),
            Command::Open => self.request(ctx, Pending::Open(None)),
            Command::Save => {
                self.save(ctx);
            }
            Command::SaveAs => self.save_as_dialog(ctx),
            Command::Quit => self.request(ctx, Pending::Quit),
            Command::Undo => {
                self.canvas.stop_editing();
                if !self.undo_live(false) {
                    self.doc.history.undo(&mut self.doc.board);
                }
            }
            Command::Redo => {
                self.canvas.stop_editing();
                if !self.undo_live(true) {
                    self.doc.history.redo(&mut self.doc.board);
                }
            }
            Command::Copy => self.copy(ctx),
            Command::Cut => {
                self.copy(ctx);
                self.delete_selection();
            }
            Command::Paste => {
                // The platform delivers the clipboard's text as an event (see `shortcuts`);
                // the menu entry asks for it the same way a key press does.
                ctx.send_viewport_cmd(ViewportCommand::RequestPaste);
            }
            Command::Duplicate => self.duplicate(),
            Command::Delete => self.delete_selection(),
            Command::SelectAll => self.canvas.selection.set(ops::Items::all(&self.doc.board)),
            Command::Link => self.link_selected(),
            Command::ReverseArrow => {
                let edits = ops::reverse_links(&self.doc.board, &self.canvas.selection.links);
                self.apply(edits);
            }
            Command::EditText => self.edit_selected_text(),
            Command::NextSticky => {
                // Typing never pauses between the stickies of a row, so the gesture would
                // never end: each sticky typed is closed as its own undo step here.
                self.doc.history.commit();
                let edits = canvas::next_sticky(&self.doc.board, &mut self.canvas);
                self.apply(edits);
            }
            Command::TogglePivotal => {
                let edits = ops::toggle_pivotal(&self.doc.board, &self.canvas.selection);
                self.apply(edits);
            }
            Command::Create(kind) => self.create(kind),
            Command::DrawRegion(kind) => self.canvas.tool = Tool::Region(kind),
            Command::SelectTool => {
                self.canvas.tool = Tool::Select;
                self.canvas.stop_editing();
            }
            Command::Nudge(n) => self.nudge(n, 10.0),
            Command::NudgeFar(n) => self.nudge(n, 100.0),
            Command::ZoomToFit => self.canvas.zoom_to_fit(&self.doc.board),
            Command::ZoomReset => self.zoom(1.0 / self.canvas.camera.zoom),
            Command::ZoomIn => self.zoom(1.25),
            Command::ZoomOut => self.zoom(0.8),
            Command::ToggleLegend => self.settings.show_legend = !self.settings.show_legend,
            Command::ToggleInspector => {
                self.settings.show_inspector = !self.settings.show_inspector;
            }
            Command::ToggleModelCheck => self.settings.show_check = !self.settings.show_check,
            Command::Export => {
                let title = self.doc.board.meta.title.clone();
                self.export.show_for(self.doc.path.as_deref(), &title);
            }
            Command::ShowShortcuts => self.show_shortcuts = !self.show_shortcuts,
            Command::ExportPicture => self.picture.show_for(self.doc.folder()),
            Command::NextPhase | Command::PreviousPhase => self.step_phase(command),
            Command::TimerStartPause => self.timer.start_pause(ctx.input(|i| i.time)),
            Command::TimerAddMinute => self.timer.add_minute(ctx.input(|i| i.time)),
            Command::TimerReset => self.timer.reset(),
            Command::ToggleVotes => self.settings.show_votes = !self.settings.show_votes,
            Command::Vote => self.vote(),
            Command::Unvote => self.unvote(),
            Command::Present => self.toggle_presenting(ctx),
            Command::Find => self.find.show(),
            Command::CommandPalette => self.palette.show(),
            Command::ToggleMinimap => self.settings.show_minimap = !self.settings.show_minimap,
            // Applied at the start of the next frame, with everything drawn in it.
            Command::UseTheme(theme) => self.settings.theme = theme,
            Command::ShareLive => self.share_live(),
            Command::JoinLive => self.join_live_dialog(),
            Command::LeaveLive => self.leave_live(),
        }
        self.canvas.forget_missing(&self.doc.board);
    }

    /// Whether `command` can do anything now: the command palette greys out the others.
    pub(super) fn can_run(&self, command: Command) -> bool {
        let selected = !self.canvas.selection.is_empty();
        let one = self.canvas.selection.len() == 1;
        match command {
            Command::Undo => self.doc.history.can_undo(),
            Command::Redo => self.doc.history.can_redo(),
            Command::Cut | Command::Copy | Command::Duplicate | Command::Delete => selected,
            Command::Link => self.canvas.selection.stickies.len() >= 2,
            Command::ReverseArrow => !self.canvas.selection.links.is_empty(),
            Command::EditText | Command::NextSticky => one,
            Command::TogglePivotal => !self.canvas.selection.stickies.is_empty(),
            Command::Nudge(_) | Command::NudgeFar(_) => selected,
            Command::UseTheme(theme) => theme != self.settings.theme,
            _ => true,
        }
    }

    /// Queues a command chosen during layout; it runs at the end of the frame.
    pub(super) fn queue(&mut self, command: Command) {
        self.queued.push(Queued::Command(command));
    }

    /// Queues an action that asks about unsaved changes first.
    pub(super) fn queue_request(&mut self, action: Pending) {
        self.queued.push(Queued::Request(action));
    }

    /// Carries out what was chosen during layout, in order; the next frame shows the result.
    pub(super) fn run_queued(&mut self, ctx: &Context) {
        if self.queued.is_empty() {
            return;
        }
        for queued in std::mem::take(&mut self.queued) {
            match queued {
                Queued::Command(command) => self.run(ctx, command),
                Queued::Request(action) => self.request(ctx, action),
            }
        }
        ctx.request_repaint();
    }

    /// Applies edits as part of the current gesture; the frame's end closes the undo step.
    pub(super) fn apply(&mut self, edits: Vec<Edit>) {
        if let Some(edits) = self.apply_live(edits) {
            self.doc.apply(edits);
        }
    }

    fn delete_selection(&mut self) {
        let edits = ops::delete(&self.doc.board, &self.canvas.selection);
        self.apply(edits);
        self.canvas.selection.clear();
    }

    fn duplicate(&mut self) {
        let fragment = ops::copy(&self.doc.board, &self.canvas.selection);
        let (edits, pasted) = ops::paste(&fragment, Point::new(40.0, 40.0));
        self.apply(edits);
        self.canvas.selection.set(pasted);
    }

    /// Links the selected stickies: each to the next in the order they were clicked; selected
    /// all at once (rubber band, select all), along the grammar and the timeline instead.
    fn link_selected(&mut self) {
        let board = &self.doc.board;
        let selection = &self.canvas.selection;
        let edits = match selection.pick_order() {
            Some(order) => ops::link_in_order(board, order),
            None => ops::link_along_grammar(board, &selection.stickies),
        };
        self.apply(edits);
    }

    /// Starts typing into the one selected sticky or region.
    fn edit_selected_text(&mut self) {
        let selection = &self.canvas.selection;
        let target = match (
            selection.stickies.first(),
            selection.boundaries.first(),
            selection.len(),
        ) {
            (Some(id), _, 1) => Some(TextTarget::Sticky(*id)),
            (_, Some(id), 1) => Some(TextTarget::Region(*id)),
            _ => None,
        };
        if let Some(t) = target {
            self.canvas.start_editing(&self.doc.board, t);
        }
    }

    /// Places a sticky of `kind` and starts typing its name.
    fn create(&mut self, kind: Kind) {
        let at = self.canvas.on_canvas(kind, self.canvas.placement_point());
        let added = ops::new_sticky(kind, at);
        self.apply(vec![added.edit]);
        self.canvas.type_into_new(TextTarget::Sticky(added.id));
    }

    /// Zooms by `factor` around the middle of the view.
    fn zoom(&mut self, factor: f32) {
        let view = self.canvas.view;
        self.canvas.camera.zoom_around(view, view.center(), factor);
    }

    fn nudge(&mut self, n: Nudge, step: f32) {
        let delta = match n {
            Nudge::Left => Point::new(-step, 0.0),
            Nudge::Right => Point::new(step, 0.0),
            Nudge::Up => Point::new(0.0, -step),
            Nudge::Down => Point::new(0.0, step),
        };
        let edit = ops::translate(&self.doc.board, &self.canvas.selection, delta);
        self.apply(edit.into_iter().collect());
    }

    fn copy(&mut self, ctx: &Context) {
        if self.canvas.selection.is_empty() {
            return;
        }
        let fragment = ops::copy(&self.doc.board, &self.canvas.selection);
        match file::clipboard::to_text(&fragment) {
            Ok(text) => ctx.copy_text(text),
            Err(e) => {
                self.message = Some(Message {
                    title: "Could not copy the selection".into(),
                    body: e.to_string(),
                });
            }
        }
    }

    /// Pastes clipboard text: a Stormpad board or selection (from this or another window)
    /// lands under the pointer with fresh ids; plain text becomes one domain event per line,
    /// along a timeline.
    pub fn paste_text(&mut self, text: &str) {
        let at = self.canvas.placement_point();
        let fragment = file::clipboard::parse(text);
        let origin = fragment.bounds().map_or(Point::default(), |b| b.pos);
        let (edits, pasted) = ops::paste(&fragment, at.minus(origin));
        self.apply(edits);
        self.canvas.selection.set(pasted);
    }

    /// Keyboard shortcuts from the command table, and clipboard events. Commands that act on
    /// the canvas (and copy, cut, paste) fire only while the canvas has the keyboard; the
    /// others anywhere; none while text is typed except those meant for it (save, zoom). So
    /// Ctrl+Z in a text field is the field's own undo, never a board edit behind the user's
    /// back.
    pub(super) fn shortcuts(&mut self, ctx: &Context) {
        if self.prompt.is_some() || self.opening.is_some() || self.disk_conflict.is_some() {
            return;
        }
        if matches!(self.canvas.editing, Some(TextTarget::Sticky(_)))
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab))
        {
            self.run(ctx, Command::NextSticky);
        }
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.editing.is_some();
        let canvas_keys = !typing && self.pointer_on_canvas(ctx);
        for (command, shortcuts) in shortcut_table() {
            let command = *command;
            if command.is_clipboard()
                || (typing && !command.works_while_typing())
                || (command.acts_on_canvas() && !canvas_keys)
            {
                continue;
            }
            let pressed = shortcuts
                .iter()
                .any(|s| ctx.input_mut(|i| i.consume_shortcut(s)));
            if pressed {
                self.run(ctx, command);
            }
        }
        if canvas_keys {
            self.clipboard_events(ctx);
        }
    }

    /// Whether the pointer is on the canvas itself, not on a panel, a menu or a window over
    /// it; or outside the window, where it points at nothing else. Together with no text
    /// field or other widget holding the keyboard, this is what "the canvas has the
    /// keyboard" means: only then do the canvas's shortcuts fire.
    fn pointer_on_canvas(&self, ctx: &Context) -> bool {
        ctx.pointer_hover_pos().is_none_or(|p| {
            self.canvas.view.contains(p)
                && ctx
                    .layer_id_at(p)
                    .is_none_or(|layer| layer.order == Order::Background)
        })
    }

    /// Copy, cut and paste as the platform delivers them.
    fn clipboard_events(&mut self, ctx: &Context) {
        let events = ctx.input(|i| i.events.clone());
        for event in events {
            match event {
                Event::Copy => self.run(ctx, Command::Copy),
                Event::Cut => self.run(ctx, Command::Cut),
                Event::Paste(text) => self.paste_text(&text),
                _ => {}
            }
        }
    }
}

/// Every command with its shortcuts, most specific first so Ctrl+Shift+Z is not taken for
/// Ctrl+Z; worked out once, not every frame.
fn shortcut_table() -> &'static [(Command, Vec<KeyboardShortcut>)] {
    static TABLE: std::sync::OnceLock<Vec<(Command, Vec<KeyboardShortcut>)>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(Command, Vec<KeyboardShortcut>)> = Command::all()
            .into_iter()
            .map(|c| (c, c.shortcuts()))
            .collect();
        table.sort_by_key(|(_, shortcuts)| {
            std::cmp::Reverse(shortcuts.iter().map(|s| modifier_count(s.modifiers)).max())
        });
        table
    })
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.command || m.ctrl) + u8::from(m.shift) + u8::from(m.alt)
}
