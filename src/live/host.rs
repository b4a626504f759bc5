//! The relay `stormpad host` runs: serves one board's room over WebSocket with the standard
//! Yjs protocol, so Stormpad and any y-websocket client can join. Binds 127.0.0.1 unless told
//! otherwise; a room is joined only with its secret (`?secret=` in the URL, which y-websocket
//! clients send through their `params` option); a second, viewer secret joins read-only.
//! The shared board is saved back to its file atomically at an interval and when stopped.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tungstenite::http::StatusCode;

use super::protocol;
use super::room::{Role, Room, RoomEvent};
use super::socket::{self, Outbound};
use crate::file;
use crate::model::Board;

/// Where a host listens and where it saves.
#[derive(Clone, Debug)]
pub struct HostOptions {
    /// The address to bind: 127.0.0.1 (this machine) unless the local network is wanted.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// The room name (the URL path).
    pub room: String,
    /// The board file to save the shared board to.
    pub save_to: Option<PathBuf>,
    /// How often a changed board is saved.
    pub save_every: Duration,
    /// The largest message accepted.
    pub limit: usize,
}

impl Default for HostOptions {
    fn default() -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            room: "board".into(),
            save_to: None,
            save_every: Duration::from_secs(10),
            limit: protocol::MAX_MESSAGE,
        }
    }
}

/// A running host.
pub struct Host {
    addr: SocketAddr,
    room: String,
    secret: String,
    viewer_secret: String,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    room_thread: Option<JoinHandle<Board>>,
    log: Receiver<String>,
}

impl Host {
    /// Starts serving `board`.
    pub fn start(board: Board, options: HostOptions) -> std::io::Result<Host> {
        let listener = TcpListener::bind((options.bind, options.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let secret = new_secret()?;
        let viewer_secret = new_secret()?;
        let stop = Arc::new(AtomicBool::new(false));
        let (room_tx, room_rx) = std::sync::mpsc::channel();
        let (log_tx, log) = std::sync::mpsc::channel();
        let room_thread = {
            let (stop, options) = (stop.clone(), options.clone());
            std::thread::Builder::new()
                .name("stormpad-host-room".into())
                .spawn(move || run_room(board, &options, &room_rx, &log_tx, &stop))?
        };
        let accept = {
            let gate = Arc::new(Gate {
                room: options.room.clone(),
                secret: secret.clone(),
                viewer_secret: viewer_secret.clone(),
                limit: options.limit,
            });
            let stop = stop.clone();
            std::thread::Builder::new()
                .name("stormpad-host-accept".into())
                .spawn(move || accept_loop(&listener, &gate, &room_tx, &stop))?
        };
        Ok(Host {
            addr,
            room: options.room,
            secret,
            viewer_secret,
            stop,
            accept: Some(accept),
            room_thread: Some(room_thread),
            log,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The room name.
    pub fn room(&self) -> &str {
        &self.room
    }

    /// The secret that lets a participant edit.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The address participants join with (editing).
    pub fn join_url(&self) -> String {
        self.url(&self.secret)
    }

    /// The address a read-only viewer joins with; `role=viewer` tells the joining window to
    /// open read-only (the secret is what the host checks).
    pub fn viewer_url(&self) -> String {
        format!(
            "{}&{}",
            self.url(&self.viewer_secret),
            super::client::VIEWER_MARK
        )
    }

    fn url(&self, secret: &str) -> String {
        format!("ws://{}/{}?secret={secret}", self.addr, self.room)
    }

    /// What happened since the last call that the operator should read.
    pub fn take_log(&self) -> Vec<String> {
        self.log.try_iter().collect()
    }

    /// Stops serving, saves a last time, and returns the shared board.
    pub fn stop(mut self) -> Board {
        self.shutdown().unwrap_or_default()
    }

    fn shutdown(&mut self) -> Option<Board> {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        self.room_thread.take().and_then(|t| t.join().ok())
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// 128 random bits from the operating system, as 32 hex digits.
fn new_secret() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the handshake checks.
struct Gate {
    room: String,
    secret: String,
    viewer_secret: String,
    limit: usize,
}

impl Gate {
    fn role(&self, request: &Request) -> Result<Role, (StatusCode, &'static str)> {
        let path = request.uri().path().trim_start_matches('/');
        if path != self.room {
            return Err((StatusCode::NOT_FOUND, "no such room"));
        }
        let secret = request
            .uri()
            .query()
            .unwrap_or_default()
            .split('&')
            .find_map(|pair| pair.strip_prefix("secret="))
            .unwrap_or_default();
        if constant_time_eq(secret, &self.secret) {
            Ok(Role::Editor)
        } else if constant_time_eq(secret, &self.viewer_secret) {
            Ok(Role::Viewer)
        } else {
            Err((StatusCode::FORBIDDEN, "wrong or missing secret"))
        }
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn accept_loop(
    listener: &TcpListener,
    gate: &Arc<Gate>,
    room: &Sender<RoomEvent>,
    stop: &Arc<AtomicBool>,
) {
    let next = AtomicU64::new(1);
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, _)) => {
                let conn = next.fetch_add(1, Ordering::Relaxed);
                let (gate, room, stop) = (gate.clone(), room.clone(), stop.clone());
                let _ = std::thread::Builder::new()
                    .name(format!("stormpad-host-conn-{conn}"))
                    .spawn(move || serve(stream, conn, &gate, &room, &stop));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

// The handshake callback's error type is tungstenite's HTTP response, large by its nature.
#[allow(clippy::result_large_err)]
fn serve(stream: TcpStream, conn: u64, gate: &Gate, room: &Sender<RoomEvent>, stop: &AtomicBool) {
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut role = None;
    let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        match gate.role(request) {
            Ok(r) => {
                role = Some(r);
                Ok(response)
            }
            Err((status, why)) => {
                let mut refusal = ErrorResponse::new(Some(why.to_string()));
                *refusal.status_mut() = status;
                Err(refusal)
            }
        }
    };
    let Ok(mut ws) =
        tungstenite::accept_hdr_with_config(stream, check, Some(socket::config(gate.limit)))
    else {
        return;
    };
    let Some(role) = role else {
        return;
    };
    let (tx, rx) = std::sync::mpsc::channel();
    if room.send(RoomEvent::Join { conn, tx, role }).is_err() {
        return;
    }
    let mut incoming = |bytes| {
        let _ = room.send(RoomEvent::Message { conn, bytes });
    };
    let _reason: String = socket::pump(&mut ws, &rx, &mut incoming, stop);
    let _ = room.send(RoomEvent::Leave { conn });
    drop::<Receiver<Outbound>>(rx);
}

fn run_room(
    board: Board,
    options: &HostOptions,
    events: &Receiver<RoomEvent>,
    log: &Sender<String>,
    stop: &AtomicBool,
) -> Board {
    let mut room = Room::new(board, options.limit);
    let mut saved = Instant::now();
    let mut unsaved = false;
    loop {
        // Every sender gone (the accept loop ended, no connection left) means stopping too.
        let mut closed = false;
        match events.recv_timeout(Duration::from_millis(50)) {
            Ok(event) => {
                room.handle(event);
                for line in room.take_log() {
                    let _ = log.send(line);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => closed = true,
        }
        unsaved |= room.take_changed();
        let stopping = closed || stop.load(Ordering::Relaxed);
        if unsaved && (stopping || saved.elapsed() >= options.save_every) {
            if let Some(path) = &options.save_to {
                match file::write(path, room.board()) {
                    Ok(()) => unsaved = false,
                    Err(e) => drop(log.send(format!("could not save {}: {e}", path.display()))),
                }
            } else {
                unsaved = false;
            }
            saved = Instant::now();
        }
        if stopping {
            break;
        }
    }
    room.board().clone()
}

/// The room name for a board file: its name without `.storm.ron`, letters, digits, `-` and
/// `_` only (anything else becomes `-`), so the join address needs no escaping.
pub fn room_name(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = name.strip_suffix(".storm.ron").unwrap_or(&name);
    let room: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if room.trim_matches('-').is_empty() {
        "board".into()
    } else {
        room
    }
}

/// This computer's address on the local network (what "local network" sharing binds to and
/// shows): the address the system would send from to a documentation address. A UDP
/// `connect` sends nothing; it only asks the routing table.
pub fn local_network_address() -> std::io::Result<IpAddr> {
    let socket = std::net::UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9))?;
    let ip = socket.local_addr()?.ip();
    if ip.is_unspecified() {
        return Err(std::io::Error::other("no local network address"));
    }
    Ok(ip)
}
