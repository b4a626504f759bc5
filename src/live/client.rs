//! A participant of a live board as the app drives it: [`LiveClient::poll`] once a frame
//! applies what arrived and sends what changed, never blocking; the network runs on a
//! background thread ([`super::socket`]) that reconnects with backoff. Edits made while
//! offline stay local and merge on reconnect.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::LiveError;
use super::doc::LiveDoc;
use super::presence::{Peer, Presence};
use super::protocol;
use super::session::Session;
use super::socket::{Connection, NetEvent};
use crate::edit::Edit;
use crate::model::Board;

/// The query parameter that marks a viewer's address (the host adds it to the view-only
/// address): a window joining with it is read-only without being told.
pub const VIEWER_MARK: &str = "role=viewer";

/// Whether `url` is a viewer's address (its query has [`VIEWER_MARK`]).
pub fn is_viewer_address(url: &str) -> bool {
    url.split_once('?').is_some_and(|(_, query)| {
        query
            .split('#')
            .next()
            .unwrap_or_default()
            .split('&')
            .any(|pair| pair == VIEWER_MARK)
    })
}

/// How y-websocket peers keep a presence alive.
const RENEW_PRESENCE: Duration = Duration::from_secs(15);

/// The connection as the status bar says it.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// The first connection is being made.
    Connecting,
    /// Connected; `synced` once the first exchange completed.
    Connected { synced: bool },
    /// The connection was lost; retrying with backoff.
    Reconnecting { reason: String },
    /// Not connected and not retrying (refused, or left).
    Offline { reason: String },
}

/// What one [`LiveClient::poll`] brought.
#[derive(Debug, Default)]
pub struct Polled {
    /// The board changed (redraw, and invalidate derived data).
    pub board_changed: bool,
    /// Others' presence changed.
    pub presence_changed: bool,
    /// Warnings for the user (values peers wrote that could not be read, refused messages).
    pub warnings: Vec<String>,
}

/// A live board joined by URL.
pub struct LiveClient {
    url: String,
    session: Session,
    conn: Option<Connection>,
    status: Status,
    renewed: Instant,
    /// Called from the network thread when something arrives (kept to reconnect with).
    wake: Arc<dyn Fn() + Send + Sync>,
    /// Connection attempts failed since the last success.
    attempts: u32,
}

impl LiveClient {
    /// Joins `url`; a `read_only` client (a projector) never sends changes. `wake` is called
    /// from the network thread when something arrives.
    pub fn join(url: &str, read_only: bool, wake: Box<dyn Fn() + Send>) -> Self {
        Self::with_doc(url, LiveDoc::new(), read_only, wake)
    }

    /// [`Self::join`] with a wake callback that can be called again after going offline and
    /// back (the GUI's repaint request).
    pub fn join_waking(
        url: &str,
        live: LiveDoc,
        read_only: bool,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Self {
        let waker = wake.clone();
        let mut client = Self::with_doc(url, live, read_only, Box::new(move || waker()));
        client.wake = wake;
        client
    }

    /// Joins `url` with a document that already holds a board (sharing again after the host
    /// left: the server gets what it is missing). A viewer's address joins read-only whatever
    /// `read_only` says.
    pub fn with_doc(url: &str, live: LiveDoc, read_only: bool, wake: Box<dyn Fn() + Send>) -> Self {
        let read_only = read_only || is_viewer_address(url);
        Self {
            url: url.to_string(),
            session: Session::new(live, read_only),
            conn: Some(Connection::open(url, protocol::MAX_MESSAGE, wake)),
            status: Status::Connecting,
            renewed: Instant::now(),
            wake: Arc::new(|| {}),
            attempts: 0,
        }
    }

    /// The address joined.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether this is a viewer's (read-only) join.
    pub fn is_read_only(&self) -> bool {
        self.session.is_read_only()
    }

    /// Connection attempts that failed since the last successful one (the status bar's
    /// "reconnecting (attempt n)").
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the current gesture of mine can be undone.
    pub fn can_undo(&self) -> bool {
        self.session.live().can_undo()
    }

    /// The whole board the shared document holds (to save, or to keep after leaving).
    pub fn board(&mut self) -> Board {
        self.session.live_mut().to_board()
    }

    /// The connection's state.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Whether connected and in sync with the server.
    pub fn is_synced(&self) -> bool {
        matches!(self.status, Status::Connected { synced: true })
    }

    /// The protocol session (document, presence).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Others here now.
    pub fn peers(&self) -> Vec<Peer> {
        self.session.peers()
    }

    /// Applies a local edit to `board` and shares it; a viewer's edit is refused.
    pub fn apply_local(&mut self, board: &mut Board, edit: Edit) -> Result<Edit, LiveError> {
        if self.session.is_read_only() {
            return Err(LiveError::Refused(
                "this is a read-only (viewer) join".into(),
            ));
        }
        Ok(self.session.live_mut().apply_local(board, edit))
    }

    /// Starts a gesture (one undo step; moves written when it ends).
    pub fn begin_gesture(&mut self) {
        self.session.live_mut().begin_gesture();
    }

    /// Ends the gesture.
    pub fn end_gesture(&mut self, board: &Board) {
        self.session.live_mut().end_gesture(board);
    }

    /// Undoes my last gesture (never a colleague's).
    pub fn undo(&mut self, board: &mut Board) -> bool {
        self.session.live_mut().undo(board)
    }

    /// Redoes my last undone gesture.
    pub fn redo(&mut self, board: &mut Board) -> bool {
        self.session.live_mut().redo(board)
    }

    /// Sets my name, colour, pointer and selection.
    pub fn set_presence(&mut self, presence: &Presence) {
        self.session.set_presence(presence);
    }

    /// Handles everything that arrived and sends what changed; call once a frame.
    pub fn poll(&mut self, board: &mut Board) -> Polled {
        let mut polled = Polled::default();
        while let Some(event) = self.conn.as_ref().and_then(Connection::try_event) {
            self.handle(event, board, &mut polled);
        }
        self.flush();
        polled
            .warnings
            .extend(self.session.live_mut().take_warnings());
        polled
    }

    /// Polls until the first sync completed, or `timeout` (the CLI's `join`, tests).
    pub fn wait_synced(&mut self, board: &mut Board, timeout: Duration) -> Result<(), LiveError> {
        let started = Instant::now();
        while !self.is_synced() {
            if let Status::Offline { reason } = &self.status {
                return Err(LiveError::Network(reason.clone()));
            }
            let left = timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(LiveError::Network(format!(
                    "no sync within {timeout:?}: {:?}",
                    self.status
                )));
            }
            let event = self
                .conn
                .as_ref()
                .and_then(|c| c.wait_event(left.min(Duration::from_millis(50))));
            if let Some(event) = event {
                let mut polled = Polled::default();
                self.handle(event, board, &mut polled);
            }
            self.flush();
        }
        Ok(())
    }

    /// Leaves: tells the others, closes the connection.
    pub fn leave(mut self) {
        self.flush();
        if let (Some(conn), Some(bye)) = (self.conn.take(), self.session.leave()) {
            conn.send(bye);
            conn.close();
        }
    }

    /// Drops the connection (a laptop losing Wi-Fi); edits go on locally.
    pub fn go_offline(&mut self) {
        self.conn = None;
        self.status = Status::Offline {
            reason: "offline".into(),
        };
    }

    /// Connects again after [`Self::go_offline`]; the sync merges both ways.
    pub fn go_online(&mut self) {
        if self.conn.is_none() {
            let wake = self.wake.clone();
            self.conn = Some(Connection::open(
                &self.url,
                protocol::MAX_MESSAGE,
                Box::new(move || wake()),
            ));
            self.status = Status::Connecting;
        }
    }

    fn handle(&mut self, event: NetEvent, board: &mut Board, polled: &mut Polled) {
        match event {
            NetEvent::Connected => {
                self.attempts = 0;
                self.status = Status::Connected { synced: false };
                for message in self.session.greeting() {
                    self.send(message);
                }
            }
            NetEvent::Message(bytes) => match self.session.receive(&bytes, board) {
                Ok(received) => {
                    polled.board_changed |= received.board_changed;
                    polled.presence_changed |= received.presence_changed;
                    for reply in received.replies {
                        self.send(reply);
                    }
                    if self.session.is_synced() {
                        self.status = Status::Connected { synced: true };
                    }
                }
                Err(e) => polled
                    .warnings
                    .push(format!("the server sent a message Stormpad refused: {e}")),
            },
            NetEvent::Lost { reason, retrying } => {
                self.attempts = self.attempts.saturating_add(1);
                self.status = if retrying {
                    Status::Reconnecting { reason }
                } else {
                    Status::Offline { reason }
                };
            }
        }
    }

    fn flush(&mut self) {
        let mut out = self.session.outgoing();
        if self.renewed.elapsed() >= RENEW_PRESENCE {
            self.renewed = Instant::now();
            out.extend(self.session.renew_presence());
        }
        for message in out {
            self.send(message);
        }
    }

    fn send(&self, bytes: Vec<u8>) {
        if let Some(conn) = &self.conn {
            conn.send(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewer_address_is_told_by_its_role_parameter_only() {
        assert!(is_viewer_address("ws://h:1/board?secret=ab&role=viewer"));
        assert!(is_viewer_address("wss://h/board?role=viewer&secret=ab"));
        assert!(!is_viewer_address("ws://h:1/board?secret=ab"));
        assert!(!is_viewer_address("ws://h:1/role=viewer?secret=ab"));
        assert!(!is_viewer_address("ws://h:1/board?secret=ab&role=viewers"));
        assert!(!is_viewer_address("ws://h:1/board?secret=ab#role=viewer"));
    }
}
