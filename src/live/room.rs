//! One shared board on the host: the relay's state, without sockets. Every connection's
//! messages come here in order; sync requests are answered from the document, updates from
//! editors are applied and relayed to the others, presence is relayed and forgotten when its
//! connection leaves. A viewer's updates are refused. A malformed or oversized message closes
//! that connection with a reason and leaves the board untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::mpsc::Sender;

use yrs::ClientID;
use yrs::sync::{Awareness, Message, SyncMessage};

use super::doc::LiveDoc;
use super::protocol;
use super::socket::Outbound;
use crate::model::Board;

/// What a connection may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Reads and writes.
    Editor,
    /// Reads only (a projector, a stakeholder).
    Viewer,
}

/// What the connections tell the room.
#[derive(Debug)]
pub enum RoomEvent {
    /// A connection was accepted.
    Join {
        conn: u64,
        tx: Sender<Outbound>,
        role: Role,
    },
    /// A message arrived.
    Message { conn: u64, bytes: Vec<u8> },
    /// A connection ended.
    Leave { conn: u64 },
}

struct Member {
    tx: Sender<Outbound>,
    role: Role,
    /// The awareness client ids this connection spoke for.
    clients: BTreeSet<ClientID>,
}

/// The host's copy of a live board.
pub struct Room {
    live: LiveDoc,
    awareness: Awareness,
    board: Board,
    members: BTreeMap<u64, Member>,
    limit: usize,
    changed: bool,
    log: Vec<String>,
}

impl Room {
    /// A room sharing `board`, refusing messages over `limit` bytes.
    pub fn new(board: Board, limit: usize) -> Self {
        let mut live = LiveDoc::from_board(&board);
        live.take_outgoing();
        let awareness = Awareness::new(live.doc().clone());
        Self {
            live,
            awareness,
            board,
            members: BTreeMap::new(),
            limit,
            changed: false,
            log: Vec::new(),
        }
    }

    /// The shared board as it is now.
    pub fn board(&self) -> &Board {
        &self.board
    }

    /// Whether the board changed since the last call (then it is worth saving).
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// What happened that the host's operator should read (refusals, warnings).
    pub fn take_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.log)
    }

    /// How many connections are in the room.
    pub fn members(&self) -> usize {
        self.members.len()
    }

    /// Handles one event.
    pub fn handle(&mut self, event: RoomEvent) {
        match event {
            RoomEvent::Join { conn, tx, role } => {
                let _ = tx.send(Outbound::Bytes(protocol::step1(self.live.state_vector())));
                if let Ok(update) = self.awareness.update()
                    && !update.clients.is_empty()
                {
                    let _ = tx.send(Outbound::Bytes(protocol::awareness(update)));
                }
                self.members.insert(
                    conn,
                    Member {
                        tx,
                        role,
                        clients: BTreeSet::new(),
                    },
                );
            }
            RoomEvent::Message { conn, bytes } => {
                if let Err(reason) = self.message(conn, &bytes) {
                    self.log
                        .push(format!("connection {conn}: {reason}; disconnected"));
                    if let Some(m) = self.members.get(&conn) {
                        let _ = m.tx.send(Outbound::Close(reason));
                    }
                }
            }
            RoomEvent::Leave { conn } => {
                let Some(member) = self.members.remove(&conn) else {
                    return;
                };
                for client in &member.clients {
                    self.awareness.remove_state(*client);
                }
                if let Ok(update) = self.awareness.update_with_clients(member.clients) {
                    self.broadcast(conn, &protocol::awareness(update));
                }
            }
        }
    }

    fn message(&mut self, conn: u64, bytes: &[u8]) -> Result<(), String> {
        let role = self.members.get(&conn).map_or(Role::Viewer, |m| m.role);
        match protocol::decode(bytes, self.limit).map_err(|e| e.to_string())? {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                self.reply(conn, protocol::step2(self.live.diff_since(&sv)));
            }
            Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                if role == Role::Viewer {
                    if update.as_slice() != yrs::Update::EMPTY_V1 {
                        self.log
                            .push(format!("connection {conn}: a viewer's change refused"));
                    }
                    return Ok(());
                }
                let changed = self
                    .live
                    .apply_remote(&update, &mut self.board)
                    .map_err(|e| e.to_string())?;
                self.live.take_outgoing();
                self.changed |= changed;
                self.log.extend(self.live.take_warnings());
                self.broadcast(conn, &protocol::update(update));
            }
            Message::Awareness(update) => {
                let clients: Vec<ClientID> = update.clients.keys().copied().collect();
                self.awareness
                    .apply_update(update)
                    .map_err(|e| format!("malformed presence: {e}"))?;
                if let Some(m) = self.members.get_mut(&conn) {
                    m.clients.extend(clients);
                }
                self.broadcast(conn, bytes);
            }
            Message::AwarenessQuery => {
                if let Ok(update) = self.awareness.update() {
                    self.reply(conn, protocol::awareness(update));
                }
            }
            Message::Auth(_) | Message::Custom(..) => {}
        }
        Ok(())
    }

    fn reply(&self, conn: u64, bytes: Vec<u8>) {
        if let Some(m) = self.members.get(&conn) {
            let _ = m.tx.send(Outbound::Bytes(bytes));
        }
    }

    fn broadcast(&self, from: u64, bytes: &[u8]) {
        for (id, m) in &self.members {
            if *id != from {
                let _ = m.tx.send(Outbound::Bytes(bytes.to_vec()));
            }
        }
    }
}
