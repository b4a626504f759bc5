//! WebSocket I/O on background threads: the frame loop shared by the client and the host's
//! connections, and the client's connect-and-reconnect loop with backoff, over plain TCP for
//! `ws://` or TLS ([`super::tls`]) for `wss://`. Only bytes cross these threads; the document
//! stays with its owner, who reads [`NetEvent`]s when it polls.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::protocol::{CloseFrame, WebSocket, WebSocketConfig};
use tungstenite::{Error as WsError, Message as WsMessage};

/// How long a read waits before the loop looks for bytes to send: bounds the added latency.
const POLL: Duration = Duration::from_millis(2);
/// The longest wait between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What the owner of a connection is told.
#[derive(Debug)]
pub enum NetEvent {
    /// Connected (again): send the greeting.
    Connected,
    /// One binary message from the peer.
    Message(Vec<u8>),
    /// The connection ended or could not be made; the reason, and whether it will retry.
    Lost { reason: String, retrying: bool },
}

/// What the owner asks the I/O thread to do.
#[derive(Debug)]
pub enum Outbound {
    /// Send one binary message (dropped while disconnected: the next sync covers it).
    Bytes(Vec<u8>),
    /// Close the connection, telling the peer why.
    Close(String),
}

/// A socket the frame loop can run on: bytes both ways, and the TCP socket underneath, whose
/// read timeout lets the loop look for bytes to send between reads.
pub trait Transport: Read + Write {
    /// The TCP socket underneath.
    fn tcp(&self) -> &TcpStream;
}

impl Transport for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

/// A client's connection: plain TCP (`ws://`) or TLS over TCP (`wss://`).
pub enum ClientStream {
    /// `ws://`
    Plain(TcpStream),
    /// `wss://`
    Tls(Box<super::tls::TlsStream>),
}

impl Read for ClientStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            ClientStream::Plain(s) => s.read(buf),
            ClientStream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for ClientStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ClientStream::Plain(s) => s.write(buf),
            ClientStream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ClientStream::Plain(s) => s.flush(),
            ClientStream::Tls(s) => s.flush(),
        }
    }
}

impl Transport for ClientStream {
    fn tcp(&self) -> &TcpStream {
        match self {
            ClientStream::Plain(s) => s,
            ClientStream::Tls(s) => s.get_ref(),
        }
    }
}

/// The WebSocket configuration with a message size limit.
pub fn config(limit: usize) -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(limit))
        .max_frame_size(Some(limit))
}

/// Moves frames until the peer closes, an error, `stop`, or an [`Outbound::Close`]; returns
/// why it ended. Incoming binary messages go to `incoming`.
pub fn pump<S: Transport>(
    ws: &mut WebSocket<S>,
    outgoing: &Receiver<Outbound>,
    incoming: &mut dyn FnMut(Vec<u8>),
    stop: &AtomicBool,
) -> String {
    if let Err(e) = ws.get_ref().tcp().set_read_timeout(Some(POLL)) {
        return format!("socket: {e}");
    }
    loop {
        if stop.load(Ordering::Relaxed) {
            close(ws, CloseCode::Away, "closing");
            return "closed here".into();
        }
        loop {
            match outgoing.try_recv() {
                Ok(Outbound::Bytes(bytes)) => {
                    if let Err(e) = ws.send(WsMessage::binary(bytes)) {
                        return format!("send failed: {e}");
                    }
                }
                Ok(Outbound::Close(reason)) => {
                    close(ws, CloseCode::Policy, &reason);
                    return reason;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    close(ws, CloseCode::Away, "closing");
                    return "closed here".into();
                }
            }
        }
        match ws.read() {
            Ok(WsMessage::Binary(bytes)) => incoming(bytes.to_vec()),
            Ok(WsMessage::Close(frame)) => {
                return frame.map_or("closed by peer".into(), |f| {
                    format!("closed by peer: {}", f.reason)
                });
            }
            Ok(_) => {}
            Err(WsError::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(WsError::Capacity(e)) => {
                let reason = format!("message refused: {e}");
                close(ws, CloseCode::Size, &reason);
                return reason;
            }
            Err(e) => return format!("connection lost: {e}"),
        }
    }
}

fn close<S: Transport>(ws: &mut WebSocket<S>, code: CloseCode, reason: &str) {
    let reason: String = reason.chars().take(100).collect();
    let _ = ws.close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }));
    let _ = ws.flush();
}

/// A client connection: a background thread that connects to `url`, pumps frames, and
/// reconnects with backoff until dropped.
pub struct Connection {
    outgoing: Sender<Outbound>,
    events: Receiver<NetEvent>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Connection {
    /// Starts connecting to `url` (`ws://host:port/room?secret=...`, or `wss://` through TLS).
    /// `wake` is called after
    /// each event (the GUI asks for a repaint there).
    pub fn open(url: &str, limit: usize, wake: Box<dyn Fn() + Send>) -> Self {
        let (outgoing, out_rx) = std::sync::mpsc::channel();
        let (ev_tx, events) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            let url = url.to_string();
            std::thread::Builder::new()
                .name("stormpad-live-client".into())
                .spawn(move || reconnect_loop(&url, limit, &out_rx, &ev_tx, &stop, &*wake))
                .ok()
        };
        if thread.is_none() {
            let (tx, rx) = std::sync::mpsc::channel();
            let _ = tx.send(NetEvent::Lost {
                reason: "could not start the network thread".into(),
                retrying: false,
            });
            return Self {
                outgoing,
                events: rx,
                stop,
                thread: None,
            };
        }
        Self {
            outgoing,
            events,
            stop,
            thread,
        }
    }

    /// Queues a message.
    pub fn send(&self, bytes: Vec<u8>) {
        let _ = self.outgoing.send(Outbound::Bytes(bytes));
    }

    /// The next event, if any (never blocks).
    pub fn try_event(&self) -> Option<NetEvent> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event.
    pub fn wait_event(&self, timeout: Duration) -> Option<NetEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Closes the connection and stops reconnecting (after sending what is queued).
    pub fn close(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.outgoing.send(Outbound::Close("left".into()));
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn reconnect_loop(
    url: &str,
    limit: usize,
    outgoing: &Receiver<Outbound>,
    events: &Sender<NetEvent>,
    stop: &AtomicBool,
    wake: &dyn Fn(),
) {
    let mut backoff = Duration::from_millis(100);
    while !stop.load(Ordering::Relaxed) {
        let reason = match connect(url, limit) {
            Ok(mut ws) => {
                backoff = Duration::from_millis(100);
                // Whatever was queued while offline is covered by the greeting's sync.
                while outgoing.try_recv().is_ok() {}
                let _ = events.send(NetEvent::Connected);
                wake();
                let mut incoming = |bytes| {
                    let _ = events.send(NetEvent::Message(bytes));
                    wake();
                };
                pump(&mut ws, outgoing, &mut incoming, stop)
            }
            Err(e) => e,
        };
        let refused = reason.starts_with("refused");
        let retrying = !stop.load(Ordering::Relaxed) && !refused;
        let _ = events.send(NetEvent::Lost { reason, retrying });
        wake();
        if !retrying {
            return;
        }
        let waited = std::time::Instant::now();
        while waited.elapsed() < backoff && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(10));
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

fn connect(url: &str, limit: usize) -> Result<WebSocket<ClientStream>, String> {
    let request = url
        .into_client_request()
        .map_err(|e| format!("refused: not a ws:// or wss:// address ({e})"))?;
    let uri = request.uri().clone();
    let tls = match uri.scheme_str() {
        Some("ws") => false,
        Some("wss") => true,
        _ => return Err("refused: a live board's address starts with ws:// or wss://".into()),
    };
    let host = uri.host().ok_or("refused: the address has no host")?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
    let tcp = open_tcp(host, port)?;
    let stream = if tls {
        ClientStream::Tls(Box::new(super::tls::connect(host, tcp)?))
    } else {
        ClientStream::Plain(tcp)
    };
    match tungstenite::client::client_with_config(request, stream, Some(config(limit))) {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::HandshakeError::Failure(WsError::Http(response))) => Err(format!(
            "refused: the server answered {}",
            response.status()
        )),
        // A TLS server answers a plain request with an HTTP/1.0 error page.
        Err(tungstenite::HandshakeError::Failure(WsError::Protocol(e))) if !tls => Err(format!(
            "handshake failed: {e} (if the server speaks TLS, the address starts with wss://)"
        )),
        Err(e) => Err(format!("handshake failed: {e}")),
    }
}

/// A TCP connection to `host:port`, trying each address the name resolves to (`localhost` may
/// be `::1` first while the server listens on 127.0.0.1 only).
fn open_tcp(host: &str, port: u16) -> Result<TcpStream, String> {
    let addrs: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    let mut failure = format!("cannot resolve {host}");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(3)) {
            Ok(stream) => {
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) => failure = format!("cannot connect to {addr}: {e}"),
        }
    }
    Err(failure)
}
