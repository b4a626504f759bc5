//! A live board in the window (issue 14): File → Share board live… starts a host in this
//! process on the open board and joins it; File → Join live board… joins one by its address;
//! File → Leave live board keeps the board as a normal unsaved document.
//!
//! While live, every edit and every undo goes through the [`LiveClient`] (so it reaches the
//! others, and undo takes back my gestures only), colleagues' changes are applied once a frame
//! by [`LiveClient::poll`], and my pointer, selection and view go out as presence (at most 20
//! times a second). The protocol is `crate::live`'s; this file only connects it to the app.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Context, RichText, Ui};

use super::StormpadApp;
use super::chrome::Message;
use crate::edit::Edit;
use crate::live::host::{self, Host, HostOptions};
use crate::live::presence::{Peer, Presence, parse_color};
use crate::live::{LiveClient, LiveDoc, Status};
use crate::model::Rect as BoardRect;
use crate::ui::canvas::camera::{Camera, MAX_ZOOM, MIN_ZOOM};
use crate::ui::canvas::presence::{Lingering, peer_colour};
use crate::ui::document::Document;
use crate::ui::theme;

/// The time between two presence messages (20 a second at most).
const PRESENCE_EVERY: Duration = Duration::from_millis(50);
/// The size of the join addresses in the sharing window: readable from a projector.
const ADDRESS_SIZE: f32 = 22.0;
/// Colours offered to a new participant (one is picked at random the first time).
const COLOURS: [&str; 8] = [
    "#d7263d", "#1b998b", "#2e86ab", "#f46036", "#7b2cbf", "#3a7d44", "#c2185b", "#8d6e00",
];

/// A live session of the open board.
pub struct Live {
    client: LiveClient,
    /// The host this window runs, when it shares the board.
    host: Option<Host>,
    /// Whether a gesture of mine is open in the live document.
    gesture: bool,
    last_presence: Option<Instant>,
    sent: Option<Presence>,
    /// Everyone else here, as of the last presence change.
    pub peers: Vec<Peer>,
    /// Where colleagues' pointers left the canvas (drawn dimmed there for a while).
    lingering: Lingering,
    /// Whether the view was fitted to the shared board once it arrived (a joined board comes
    /// after the window joined, so fitting at the join would fit an empty board).
    fitted: bool,
    /// The colleague whose view this window follows.
    pub following: Option<u64>,
    /// The camera following last set: any other camera means the user moved it.
    follow_camera: Option<Camera>,
    /// The last thing the live session has to tell the user (a refused edit, a warning).
    pub notice: Option<String>,
}

impl Live {
    /// The address colleagues join with, and a viewer's, when this window hosts.
    pub fn addresses(&self) -> Option<(String, String)> {
        self.host.as_ref().map(|h| (h.join_url(), h.viewer_url()))
    }

    /// The connection as the status bar says it.
    pub fn status(&self) -> &Status {
        self.client.status()
    }

    /// Whether this is a viewer's (read-only) join.
    pub fn is_viewer(&self) -> bool {
        self.client.is_read_only()
    }

    /// Whether this window hosts the session.
    pub fn is_host(&self) -> bool {
        self.host.is_some()
    }

    /// The live client (tests drop its connection to act out a laptop losing Wi-Fi).
    pub fn client_mut(&mut self) -> &mut LiveClient {
        &mut self.client
    }
}

/// Which live dialog is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveDialogKind {
    Share,
    Join,
}

/// The Share and Join dialogs' fields.
#[derive(Default)]
pub struct LiveDialog {
    pub open: Option<LiveDialogKind>,
    /// The address typed or pasted to join.
    pub url: String,
    /// Share on the local network (otherwise this computer only).
    pub lan: bool,
    /// Join read-only.
    pub viewer: bool,
    /// The sharing window (addresses, Stop sharing) is shown.
    pub show_addresses: bool,
}

impl StormpadApp {
    /// File → Share board live…: the sharing window when already hosting, else the dialog.
    pub(super) fn share_live(&mut self) {
        if self.live.as_ref().is_some_and(Live::is_host) {
            self.live_dialog.show_addresses = true;
        } else {
            self.live_dialog.open = Some(LiveDialogKind::Share);
        }
    }

    /// File → Join live board…
    pub(super) fn join_live_dialog(&mut self) {
        self.live_dialog.open = Some(LiveDialogKind::Join);
    }

    /// Starts a host on the open board (127.0.0.1, or the local network address when `lan`)
    /// and joins it. An open session is left first: its board is what is shared.
    pub fn start_sharing(&mut self, ctx: &Context, lan: bool) -> Result<(), String> {
        self.leave_live();
        let bind = if lan {
            host::local_network_address().map_err(|e| {
                format!("no local network address was found ({e}); share on this computer only")
            })?
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let room = self
            .doc
            .path
            .as_deref()
            .map_or_else(|| "board".to_owned(), host::room_name);
        let options = HostOptions {
            bind,
            room,
            ..HostOptions::default()
        };
        let host = Host::start(self.doc.board.clone(), options)
            .map_err(|e| format!("could not start sharing on {bind}: {e}"))?;
        let url = host.join_url();
        self.connect(ctx, &url, false, Some(host));
        self.live_dialog.show_addresses = true;
        Ok(())
    }

    /// Joins the live board at `url`; the open board is replaced by the shared one (a viewer,
    /// or anyone joining with a viewer's address, joins read-only). Unsaved changes of the
    /// open board ask Save / Discard / Cancel first, as closing does.
    pub fn join_live(&mut self, ctx: &Context, url: &str, viewer: bool) -> Result<(), String> {
        let url = url.trim();
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            return Err(
                "a live board's address starts with ws:// or wss:// (as the host shows it)".into(),
            );
        }
        let viewer = viewer || crate::live::client::is_viewer_address(url);
        self.request(
            ctx,
            super::Pending::Join {
                url: url.to_owned(),
                viewer,
            },
        );
        Ok(())
    }

    /// Joins `url` now, unsaved changes having been dealt with.
    pub(super) fn join_now(&mut self, ctx: &Context, url: &str, viewer: bool) {
        self.leave_live();
        self.replace_document(Document::untitled(crate::model::Board::default()));
        self.connect(ctx, url, viewer, None);
    }

    /// Joins `url`; a joining window (not the host's) fits the view to the board once it has
    /// arrived.
    fn connect(&mut self, ctx: &Context, url: &str, viewer: bool, host: Option<Host>) {
        self.ensure_identity();
        let waker = ctx.clone();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || waker.request_repaint());
        let client = LiveClient::join_waking(url, LiveDoc::new(), viewer, wake);
        let hosting = host.is_some();
        self.live = Some(Live {
            client,
            host,
            gesture: false,
            last_presence: None,
            sent: None,
            peers: Vec::new(),
            lingering: Lingering::default(),
            fitted: hosting,
            following: None,
            follow_camera: None,
            notice: None,
        });
    }

    /// Leaves the live session (stopping the host this window runs); the board stays open as
    /// a normal document, unsaved if it has live changes.
    pub fn leave_live(&mut self) {
        if let Some(live) = self.live.take() {
            live.client.leave();
            if let Some(host) = live.host {
                drop(host.stop());
            }
        }
        self.live_dialog.show_addresses = false;
    }

    /// My name and colour: asked once (the share and join dialogs show them), then
    /// remembered in the settings.
    fn ensure_identity(&mut self) {
        if self.settings.live_name.trim().is_empty() {
            self.settings.live_name = "Anonymous".into();
        }
        if parse_color(&self.settings.live_color).is_none() {
            self.settings.live_color = COLOURS[fastrand::usize(..COLOURS.len())].into();
        }
    }

    /// Applies local edits through the live document when live; when not live, gives them
    /// back for the history to apply. A viewer's edits are refused with a notice.
    pub(super) fn apply_live(&mut self, edits: Vec<Edit>) -> Option<Vec<Edit>> {
        let Some(live) = self.live.as_mut() else {
            return Some(edits);
        };
        if edits.is_empty() {
            return None;
        }
        if live.client.is_read_only() {
            live.notice = Some("You joined as a viewer: the board cannot be changed here".into());
            return None;
        }
        if !live.gesture {
            live.client.begin_gesture();
            live.gesture = true;
        }
        let mut touched = crate::edit::Touched::default();
        let links_before = self.doc.board.links.len();
        for edit in edits {
            edit.add_touched(&mut touched);
            if let Err(e) = live.client.apply_local(&mut self.doc.board, edit) {
                live.notice = Some(format!("The edit was not made: {e}"));
                break;
            }
        }
        // The live document shows or hides arrows whose end comes or goes: when the arrows
        // changed, the caches build again rather than trust the edits' list.
        let arrows_same = touched.links.is_empty() && self.doc.board.links.len() == links_before;
        let known = arrows_same.then_some(touched);
        self.doc.note_live_change(known);
        None
    }

    /// Ends my open gesture in the live document (where the history closes its transaction).
    pub(super) fn end_live_gesture(&mut self) {
        if let Some(live) = self.live.as_mut()
            && live.gesture
        {
            live.client.end_gesture(&self.doc.board);
            live.gesture = false;
        }
    }

    /// Undo or redo of my own last gesture when live; `false` when not live.
    pub(super) fn undo_live(&mut self, redo: bool) -> bool {
        let Some(live) = self.live.as_mut() else {
            return false;
        };
        live.gesture = false;
        let board = &mut self.doc.board;
        let done = if redo {
            live.client.redo(board)
        } else {
            live.client.undo(board)
        };
        if done {
            self.doc.note_live_change(None);
        }
        true
    }

    /// Once a frame: applies what colleagues changed, sends my presence, follows a view.
    pub(super) fn poll_live(&mut self, ctx: &Context) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        let polled = live.client.poll(&mut self.doc.board);
        if polled.presence_changed {
            let peers = live.client.peers();
            live.lingering.update(&live.peers, &peers, Instant::now());
            live.peers = peers;
        }
        if let Some(warning) = polled.warnings.last() {
            live.notice = Some(warning.clone());
        }
        if polled.board_changed {
            self.doc.note_live_change(None);
            self.canvas.forget_missing(&self.doc.board);
        }
        if !live.fitted && live.client.is_synced() {
            live.fitted = true;
            self.canvas.fit_pending = true;
        }
        self.send_presence(ctx);
        self.follow_view();
    }

    fn send_presence(&mut self, ctx: &Context) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        let selection = &self.canvas.selection;
        let presence = Presence {
            name: self.settings.live_name.clone(),
            color: self.settings.live_color.clone(),
            pointer: self.canvas.pointer,
            selection: selection
                .stickies
                .iter()
                .chain(&selection.boundaries)
                .copied()
                .collect(),
            view: Some(self.canvas.camera.visible(self.canvas.view)),
        };
        if live.sent.as_ref() == Some(&presence) {
            return;
        }
        if live
            .last_presence
            .is_some_and(|t| t.elapsed() < PRESENCE_EVERY)
        {
            ctx.request_repaint_after(PRESENCE_EVERY);
            return;
        }
        live.client.set_presence(&presence);
        live.sent = Some(presence);
        live.last_presence = Some(Instant::now());
    }

    /// Follows a colleague's view until the user moves the camera.
    fn follow_view(&mut self) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        let Some(followed) = live.following else {
            return;
        };
        if live.follow_camera.is_some_and(|c| c != self.canvas.camera) {
            live.following = None;
            live.follow_camera = None;
            return;
        }
        let view = live
            .peers
            .iter()
            .find(|p| p.client_id == followed)
            .and_then(|p| p.presence.view);
        if let Some(view) = view {
            self.canvas.camera = camera_showing(self.canvas.view, view);
            live.follow_camera = Some(self.canvas.camera);
        }
    }

    /// Starts (or stops) following a colleague's view.
    pub fn follow(&mut self, client_id: Option<u64>) {
        if let Some(live) = self.live.as_mut() {
            live.following = client_id;
            live.follow_camera = None;
        }
    }

    /// The live part of the status bar: connection, people here (a click lists them, with
    /// Follow), and the last notice.
    pub(super) fn live_status_ui(&mut self, ui: &mut Ui) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        ui.separator();
        let (text, colour) = status_text(live.status(), live.client.attempts(), live.is_host());
        let role = if live.is_viewer() {
            "Live, viewing"
        } else {
            "Live"
        };
        ui.label(RichText::new(format!("{role}: {text}")).color(colour))
            .on_hover_text(live.client.url());
        let mut follow = None;
        let count = live.peers.len() + 1;
        ui.menu_button(format!("{count} here"), |ui| {
            ui.label(format!("{} (you)", self.settings.live_name));
            for peer in &live.peers {
                ui.horizontal(|ui| {
                    let colour = peer_colour(&peer.presence.color);
                    let (dot, _) =
                        ui.allocate_exact_size(egui::Vec2::splat(12.0), egui::Sense::hover());
                    ui.painter().circle_filled(dot.center(), 5.0, colour);
                    ui.label(&peer.presence.name);
                    let following = live.following == Some(peer.client_id);
                    let label = if following {
                        "Stop following"
                    } else {
                        "Follow"
                    };
                    if ui.button(label).clicked() {
                        follow = Some((!following).then_some(peer.client_id));
                        ui.close();
                    }
                });
            }
        })
        .response
        .on_hover_text("Who is here; follow someone's view");
        if let Some(notice) = &live.notice {
            ui.label(RichText::new(notice).color(theme::WARNING));
        }
        if let Some(target) = follow {
            self.follow(target);
        }
    }

    /// Others' pointers and selections over the canvas.
    pub(super) fn presence_ui(&self, ui: &Ui) {
        if let Some(live) = &self.live {
            crate::ui::canvas::presence::presence_ui(
                ui,
                &self.canvas.camera,
                self.canvas.view,
                &self.doc.board,
                &live.peers,
                &live.lingering,
            );
        }
    }

    /// The Share and Join dialogs and the sharing window.
    pub(super) fn live_windows(&mut self, ctx: &Context) {
        match self.live_dialog.open {
            Some(LiveDialogKind::Share) => self.share_window(ctx),
            Some(LiveDialogKind::Join) => self.join_window(ctx),
            None => {}
        }
        self.addresses_window(ctx);
    }

    fn identity_ui(&mut self, ui: &mut Ui) {
        if parse_color(&self.settings.live_color).is_none() {
            self.settings.live_color = COLOURS[fastrand::usize(..COLOURS.len())].into();
        }
        ui.horizontal(|ui| {
            let label = ui.label("Your name");
            ui.add(
                egui::TextEdit::singleline(&mut self.settings.live_name)
                    .desired_width(180.0)
                    .hint_text("shown beside your pointer")
                    .id_salt("live name"),
            )
            .labelled_by(label.id);
            let mut rgb = parse_color(&self.settings.live_color).unwrap_or([128, 128, 128]);
            if ui.color_edit_button_srgb(&mut rgb).changed() {
                self.settings.live_color = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
            }
        });
    }

    fn share_window(&mut self, ctx: &Context) {
        let mut open = true;
        let mut start = false;
        egui::Window::new("Share board live")
            .open(&mut open)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("Colleagues join this board from their Stormpad and edit it with you.");
                self.identity_ui(ui);
                ui.radio_value(&mut self.live_dialog.lan, false, "This computer only");
                ui.radio_value(&mut self.live_dialog.lan, true, "Local network (the room)");
                start = ui.button("Start sharing").clicked();
            });
        if start {
            let lan = self.live_dialog.lan;
            if let Err(e) = self.start_sharing(ctx, lan) {
                self.message = Some(Message {
                    title: "Could not share the board".into(),
                    body: e,
                });
            }
        }
        if start || !open {
            self.live_dialog.open = None;
        }
    }

    fn join_window(&mut self, ctx: &Context) {
        let mut open = true;
        let mut join = false;
        egui::Window::new("Join live board")
            .open(&mut open)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                let label = ui.label("The address the host shows (ws://… or wss://…)");
                ui.add(
                    egui::TextEdit::singleline(&mut self.live_dialog.url)
                        .desired_width(420.0)
                        .hint_text("ws://192.168.1.20:4444/board?secret=…"),
                )
                .labelled_by(label.id);
                self.identity_ui(ui);
                if crate::live::client::is_viewer_address(&self.live_dialog.url) {
                    ui.label("A view-only address: you will watch the board, not change it");
                } else {
                    ui.checkbox(&mut self.live_dialog.viewer, "View only (a projector)")
                        .on_hover_text("A view-only address joins read-only without this");
                }
                join = ui.button("Join").clicked();
            });
        if join {
            let (url, viewer) = (self.live_dialog.url.clone(), self.live_dialog.viewer);
            if let Err(e) = self.join_live(ctx, &url, viewer) {
                self.message = Some(Message {
                    title: "Could not join".into(),
                    body: e,
                });
            }
        }
        if join || !open {
            self.live_dialog.open = None;
        }
    }

    fn addresses_window(&mut self, ctx: &Context) {
        let Some((join, viewer)) = self.live.as_ref().and_then(Live::addresses) else {
            return;
        };
        if !self.live_dialog.show_addresses {
            return;
        }
        let mut open = true;
        let mut stop = false;
        egui::Window::new("Sharing live")
            .open(&mut open)
            .anchor(egui::Align2::CENTER_TOP, egui::Vec2::new(0.0, 60.0))
            .collapsible(false)
            .default_width(760.0)
            .show(ctx, |ui| {
                for (what, url) in [("Join (edit)", &join), ("View only", &viewer)] {
                    ui.label(RichText::new(what).strong());
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(url).size(ADDRESS_SIZE).monospace());
                        if ui.button(format!("Copy {what}")).clicked() {
                            ctx.copy_text(url.clone());
                        }
                    });
                    ui.add_space(6.0);
                }
                ui.label(
                    RichText::new("Anyone with the join address can edit: share it in the room.")
                        .weak(),
                );
                stop = ui.button("Stop sharing").clicked();
            });
        if stop {
            self.leave_live();
        } else if !open {
            self.live_dialog.show_addresses = false;
        }
    }
}

/// What the status bar says about the connection, in which colour.
fn status_text(status: &Status, attempts: u32, host: bool) -> (String, egui::Color32) {
    match status {
        Status::Connecting => ("connecting…".into(), theme::WARNING),
        Status::Connected { synced: true } => ("connected".into(), egui::Color32::DARK_GREEN),
        Status::Connected { synced: false } => ("connected, syncing…".into(), theme::WARNING),
        Status::Reconnecting { .. } if host => {
            (format!("reconnecting (attempt {attempts})"), theme::WARNING)
        }
        Status::Reconnecting { .. } => (
            format!(
                "host unreachable, reconnecting (attempt {attempts}); you keep the whole \
                 board: Save it or Share it again"
            ),
            theme::WARNING,
        ),
        Status::Offline { reason } if reason == "offline" => ("offline".into(), theme::ERROR),
        Status::Offline { reason } => (format!("offline ({reason})"), theme::ERROR),
    }
}

/// The camera that shows `view` (board units) whole in `canvas`, centred.
fn camera_showing(canvas: egui::Rect, view: BoardRect) -> Camera {
    let zoom = (canvas.width() / view.size.w.max(1.0))
        .min(canvas.height() / view.size.h.max(1.0))
        .clamp(MIN_ZOOM, MAX_ZOOM);
    let center = view.center();
    Camera {
        pan: canvas.size() / 2.0 - egui::Vec2::new(center.x, center.y) * zoom,
        zoom,
    }
}
