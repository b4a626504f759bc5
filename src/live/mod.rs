//! Sharing live: several people edit one board at once (issue 14).
//!
//! The board lives in a `yrs` document (the Rust port of Yjs) with an open layout
//! ([`layout`], README "Everyone writes: live boards"); peers exchange the standard Yjs sync and
//! awareness protocol over WebSocket, exactly as `y-websocket` clients do, so any standard
//! server (`@y/websocket-server`, Hocuspocus) or a plain Yjs client can take part.
//!
//! - [`doc`]: the document beside the board; local edits in, remote changes out, undo of my
//!   own gestures only.
//! - [`read`]: items read straight from the document's values (joining a big board).
//! - [`protocol`]: the wire messages, their size limit, refusing malformed ones.
//! - [`presence`]: name, colour, pointer and selection as awareness state.
//! - [`session`]: one participant's side of the protocol, without any socket.
//! - [`socket`]: WebSocket I/O on a background thread, reconnecting with backoff.
//! - [`tls`]: TLS for `wss://` addresses, trusting the system's certificates.
//! - [`client`]: a participant as the app drives it: `poll()` each frame, never blocking.
//! - [`room`] and [`host`]: the relay `stormpad host` runs, saving the board to its file.
//!
//! No egui here: the UI shows what [`client::LiveClient::poll`] reports.

pub mod client;
pub mod doc;
pub mod host;
pub mod layout;
pub mod presence;
pub mod protocol;
pub mod read;
pub mod room;
pub mod session;
pub mod socket;
pub mod tls;

pub use client::{LiveClient, Status};
pub use doc::LiveDoc;
pub use host::{Host, HostOptions};
pub use presence::Presence;
pub use session::Session;

use std::fmt;

/// Why a live operation failed; every variant is something a peer or the network can cause.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveError {
    /// A peer sent bytes that are not a valid message or update.
    Malformed(String),
    /// A message over the size limit.
    TooLarge { size: usize, limit: usize },
    /// The server refused us (wrong room or secret, or a read-only join writing).
    Refused(String),
    /// The network failed.
    Network(String),
}

impl fmt::Display for LiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LiveError::Malformed(why) => write!(f, "malformed message refused: {why}"),
            LiveError::TooLarge { size, limit } => {
                write!(f, "message of {size} bytes refused (limit {limit})")
            }
            LiveError::Refused(why) => write!(f, "refused: {why}"),
            LiveError::Network(why) => write!(f, "network: {why}"),
        }
    }
}

impl std::error::Error for LiveError {}
