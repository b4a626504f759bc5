//! One participant's side of the Yjs sync protocol, with no socket: bytes in, bytes out. The
//! client drives it over WebSocket; tests and the benchmark drive it directly.
//!
//! On (re)connecting a participant sends sync step 1 and its presence; it answers a step 1
//! with a step 2; steps 2 and updates are applied to the document and then the board. After a
//! reconnect this exchange is what merges the edits made offline both ways.

use yrs::sync::{Awareness, Message, SyncMessage};

use super::LiveError;
use super::doc::LiveDoc;
use super::presence::{Peer, Presence};
use super::protocol;
use crate::model::Board;

/// What handling one message produced.
#[derive(Debug, Default)]
pub struct Received {
    /// Messages to send back to the peer that sent it.
    pub replies: Vec<Vec<u8>>,
    /// Whether the board changed.
    pub board_changed: bool,
    /// Whether the presence of others changed.
    pub presence_changed: bool,
}

/// A participant's document, presence and protocol state.
pub struct Session {
    live: LiveDoc,
    awareness: Awareness,
    read_only: bool,
    synced: bool,
    limit: usize,
    presence_dirty: bool,
}

impl Session {
    /// A session over `live`; a `read_only` one (a viewer) never sends changes.
    pub fn new(live: LiveDoc, read_only: bool) -> Self {
        let awareness = Awareness::new(live.doc().clone());
        Self {
            live,
            awareness,
            read_only,
            synced: false,
            limit: protocol::MAX_MESSAGE,
            presence_dirty: false,
        }
    }

    /// The shared document.
    pub fn live(&self) -> &LiveDoc {
        &self.live
    }

    /// The shared document, for local edits.
    pub fn live_mut(&mut self) -> &mut LiveDoc {
        &mut self.live
    }

    /// Whether this is a viewer's session.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Whether the first sync with the server has completed since the last (re)connect.
    pub fn is_synced(&self) -> bool {
        self.synced
    }

    /// Sets the size limit of incoming messages.
    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// The messages that open a connection: sync step 1 and my presence.
    pub fn greeting(&mut self) -> Vec<Vec<u8>> {
        self.synced = false;
        self.live.take_outgoing();
        let mut out = vec![protocol::step1(self.live.state_vector())];
        out.extend(self.presence_message());
        self.presence_dirty = false;
        out
    }

    /// Handles one message from the server; a malformed one is refused whole.
    pub fn receive(&mut self, bytes: &[u8], board: &mut Board) -> Result<Received, LiveError> {
        let mut received = Received::default();
        match protocol::decode(bytes, self.limit)? {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let diff = if self.read_only {
                    protocol::step2(yrs::Update::EMPTY_V1.to_vec())
                } else {
                    protocol::step2(self.live.diff_since(&sv))
                };
                received.replies.push(diff);
            }
            Message::Sync(SyncMessage::SyncStep2(update)) => {
                received.board_changed = self.live.apply_remote(&update, board)?;
                self.synced = true;
            }
            Message::Sync(SyncMessage::Update(update)) => {
                received.board_changed = self.live.apply_remote(&update, board)?;
            }
            Message::Auth(Some(reason)) => return Err(LiveError::Refused(reason)),
            Message::Auth(None) | Message::Custom(..) => {}
            Message::AwarenessQuery => received.replies.extend(self.all_presence()),
            Message::Awareness(update) => {
                self.awareness
                    .apply_update(update)
                    .map_err(|e| LiveError::Malformed(e.to_string()))?;
                received.presence_changed = true;
            }
        }
        Ok(received)
    }

    /// What to send after local edits, undo or a presence change.
    pub fn outgoing(&mut self) -> Vec<Vec<u8>> {
        let updates = self.live.take_outgoing();
        let mut out: Vec<Vec<u8>> = if self.read_only {
            Vec::new()
        } else {
            updates.into_iter().map(protocol::update).collect()
        };
        if std::mem::take(&mut self.presence_dirty) {
            out.extend(self.presence_message());
        }
        out
    }

    /// Sets my presence (sent with the next [`Self::outgoing`]).
    pub fn set_presence(&mut self, presence: &Presence) {
        self.awareness
            .set_local_state_raw(presence.to_json().to_string());
        self.presence_dirty = true;
    }

    /// My presence again: y-websocket forgets a state not renewed within 30 s.
    pub fn renew_presence(&mut self) -> Option<Vec<u8>> {
        self.presence_message()
    }

    /// Marks me as gone (sent when leaving).
    pub fn leave(&mut self) -> Option<Vec<u8>> {
        self.awareness.clean_local_state();
        let me = self.awareness.client_id();
        let update = self.awareness.update_with_clients([me]).ok()?;
        Some(protocol::awareness(update))
    }

    /// Everyone else who is here, by client id.
    pub fn peers(&self) -> Vec<Peer> {
        let me = self.awareness.client_id();
        let mut peers: Vec<Peer> = self
            .awareness
            .iter()
            .filter(|(id, _)| *id != me)
            .filter_map(|(client_id, state)| {
                let json: serde_json::Value = serde_json::from_str(state.data.as_deref()?).ok()?;
                Some(Peer {
                    client_id: client_id.get(),
                    presence: Presence::from_json(&json)?,
                })
            })
            .collect();
        peers.sort_by_key(|p| p.client_id);
        peers
    }

    fn presence_message(&self) -> Option<Vec<u8>> {
        self.awareness.local_state_raw()?;
        let me = self.awareness.client_id();
        let update = self.awareness.update_with_clients([me]).ok()?;
        Some(protocol::awareness(update))
    }

    fn all_presence(&self) -> Option<Vec<u8>> {
        self.awareness.update().ok().map(protocol::awareness)
    }
}
