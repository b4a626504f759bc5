//! Live boards with real processes on loopback: Stormpad's own host, the standard Node
//! y-websocket server (installed by `scripts/setup-live`), headless Stormpad clients, a plain
//! Yjs client in Node, and peers that misbehave.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use stormpad::edit::Edit;
use stormpad::file;
use stormpad::live::{Host, HostOptions, LiveClient, Status};
use stormpad::model::{Board, Id, Kind, Point, Sticky};

const BOUND: Duration = Duration::from_secs(20);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One headless participant: a client and the board it draws.
struct Laptop {
    client: LiveClient,
    board: Board,
}

impl Laptop {
    fn join(url: &str) -> Self {
        let mut laptop = Laptop {
            client: LiveClient::join(url, false, Box::new(|| {})),
            board: Board::default(),
        };
        laptop
            .client
            .wait_synced(&mut laptop.board, BOUND)
            .unwrap_or_else(|e| panic!("join {url}: {e}"));
        laptop
    }

    fn add(&mut self, text: &str, x: f32) -> Id {
        let id = Id::random();
        let sticky = Sticky::new(Kind::DomainEvent, text, Point::new(x, 0.0));
        let edit = Edit::PutSticky {
            id,
            sticky: Some(sticky),
        };
        self.client
            .apply_local(&mut self.board, edit)
            .unwrap_or_else(|e| panic!("{e}"));
        id
    }

    fn retype(&mut self, id: Id, text: &str) {
        let mut sticky = self.board.stickies[&id].clone();
        sticky.text = text.into();
        let edit = Edit::PutSticky {
            id,
            sticky: Some(sticky),
        };
        self.client
            .apply_local(&mut self.board, edit)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    fn saved(&self) -> String {
        file::to_string(&self.board).unwrap_or_else(|e| panic!("{e}"))
    }
}

/// Polls everyone until `done` holds (bounded: a failure, not a timing measure).
fn settle(laptops: &mut [&mut Laptop], done: impl Fn(&[&mut Laptop]) -> bool) {
    let started = Instant::now();
    loop {
        for l in laptops.iter_mut() {
            l.client.poll(&mut l.board);
        }
        if done(laptops) {
            return;
        }
        assert!(
            started.elapsed() < BOUND,
            "did not converge: {:?}",
            laptops
                .iter()
                .map(|l| (l.client.status().clone(), l.board.stickies.len()))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn same_saved_bytes(laptops: &[&mut Laptop]) -> bool {
    let first = laptops[0].saved();
    laptops.iter().all(|l| l.saved() == first)
}

fn everyone_has(n: usize) -> impl Fn(&[&mut Laptop]) -> bool {
    move |ls| ls.iter().all(|l| l.board.stickies.len() == n) && same_saved_bytes(ls)
}

/// Three laptops type at once into a shared board; one types into another's sticky.
fn three_people_write_at_once(url: &str) -> String {
    let mut a = Laptop::join(url);
    let mut b = Laptop::join(url);
    let mut c = Laptop::join(url);
    let before = a.board.stickies.len();
    let shared = a.add("Order placed", 0.0);
    for i in 0..5 {
        a.add(&format!("A{i}"), 10.0 * i as f32);
        b.add(&format!("B{i}"), 20.0 * i as f32);
        c.add(&format!("C{i} <script>\"'"), 30.0 * i as f32);
    }
    settle(&mut [&mut a, &mut b, &mut c], everyone_has(before + 16));
    // Two people type into the same sticky at the same time: both keep their letters.
    b.retype(shared, "Order placed!");
    c.retype(shared, "Big order placed");
    settle(&mut [&mut a, &mut b, &mut c], |ls| {
        same_saved_bytes(ls)
            && ls[0].board.stickies[&shared].text.contains('!')
            && ls[0].board.stickies[&shared].text.contains("Big")
    });
    assert_eq!(a.board.stickies[&shared].text, "Big order placed!");
    let saved = a.saved();
    for l in [a, b, c] {
        l.client.leave();
    }
    saved
}

#[test]
fn three_laptops_write_at_once_through_stormpads_own_host() {
    let host = Host::start(Board::new("Workshop"), HostOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    three_people_write_at_once(&host.join_url());
    let board = host.stop();
    assert_eq!(board.stickies.len(), 16, "the host has every sticky");
    assert_eq!(board.meta.title, "Workshop");
}

/// The pinned Node y-websocket server on a free loopback port.
struct NodeServer {
    child: Child,
    port: u16,
}

impl NodeServer {
    fn start(port: Option<u16>) -> Self {
        let status = Command::new(root().join("scripts/setup-live")).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "scripts/setup-live failed"
        );
        let port = port.unwrap_or_else(free_port);
        let server = root().join(".tools/live/node_modules/@y/websocket-server/src/server.js");
        let mut child = Command::new("node")
            .arg(server)
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("node: {e}"));
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        assert!(line.contains("running"), "the server did not start: {line}");
        NodeServer { child, port }
    }

    fn url(&self, room: &str) -> String {
        format!("ws://127.0.0.1:{}/{room}", self.port)
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for NodeServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn three_laptops_write_at_once_through_the_standard_node_server() {
    let server = NodeServer::start(None);
    let first = three_people_write_at_once(&server.url("room-1"));
    // A late joiner fetches the same board, byte for byte.
    let mut late = Laptop::join(&server.url("room-1"));
    settle(&mut [&mut late], |ls| ls[0].board.stickies.len() == 16);
    assert_eq!(late.saved(), first);
}

#[test]
fn the_server_dies_mid_session_and_comes_back_and_nothing_is_lost() {
    let server = NodeServer::start(None);
    let port = server.port;
    let url = server.url("fault");
    let mut a = Laptop::join(&url);
    let mut b = Laptop::join(&url);
    a.add("before the crash", 0.0);
    settle(&mut [&mut a, &mut b], everyone_has(1));
    server.kill();
    // Both keep working offline.
    settle(&mut [&mut a, &mut b], |ls| {
        ls.iter()
            .all(|l| matches!(l.client.status(), Status::Reconnecting { .. }))
    });
    a.add("written offline by A", 10.0);
    b.add("written offline by B", 20.0);
    // The server comes back empty (no persistence): the laptops bring the board back.
    let _server = NodeServer::start(Some(port));
    settle(&mut [&mut a, &mut b], everyone_has(3));
    let mut late = Laptop::join(&url);
    settle(&mut [&mut late], |ls| ls[0].board.stickies.len() == 3);
    assert_eq!(late.saved(), a.saved());
}

#[test]
fn a_client_dropped_during_a_drag_keeps_its_move_and_delivers_it_on_return() {
    let host =
        Host::start(Board::new("t"), HostOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut a = Laptop::join(&host.join_url());
    let mut b = Laptop::join(&host.join_url());
    let id = a.add("drag me", 0.0);
    settle(&mut [&mut a, &mut b], everyone_has(1));
    a.client.begin_gesture();
    for x in 1..=10 {
        let mut rect = a.board.stickies[&id].rect();
        rect.pos.x = x as f32 * 10.0;
        let edit = Edit::Place {
            stickies: vec![(id, rect)],
            boundaries: vec![],
        };
        a.client
            .apply_local(&mut a.board, edit)
            .unwrap_or_else(|e| panic!("{e}"));
        if x == 5 {
            a.client.go_offline();
        }
    }
    a.client.end_gesture(&a.board);
    a.client.poll(&mut a.board);
    a.client.go_online();
    settle(&mut [&mut a, &mut b], |ls| {
        same_saved_bytes(ls) && ls[1].board.stickies[&id].pos.x == 100.0
    });
    drop(host);
}

#[test]
fn a_viewer_and_a_wrong_secret_cannot_write() {
    let host =
        Host::start(Board::new("t"), HostOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut editor = Laptop::join(&host.join_url());
    let mut viewer = Laptop {
        client: LiveClient::join(&host.viewer_url(), true, Box::new(|| {})),
        board: Board::default(),
    };
    viewer
        .client
        .wait_synced(&mut viewer.board, BOUND)
        .unwrap_or_else(|e| panic!("{e}"));
    let sticky = Sticky::new(Kind::Hotspot, "mine", Point::default());
    let refused = viewer.client.apply_local(
        &mut viewer.board,
        Edit::PutSticky {
            id: Id::random(),
            sticky: Some(sticky),
        },
    );
    assert!(refused.is_err());
    editor.add("seen by the viewer", 0.0);
    settle(&mut [&mut editor, &mut viewer], |ls| {
        ls[1].board.stickies.len() == 1
    });
    let wrong = host.join_url().replace("secret=", "secret=0");
    let mut intruder = LiveClient::join(&wrong, false, Box::new(|| {}));
    let mut nothing = Board::default();
    let err = intruder.wait_synced(&mut nothing, BOUND);
    assert!(err.is_err(), "a wrong secret must not join");
    assert!(nothing.stickies.is_empty());
}

#[test]
fn garbage_and_oversized_messages_drop_the_sender_and_leave_the_board_untouched() {
    let options = HostOptions {
        limit: 64 * 1024,
        ..HostOptions::default()
    };
    let host = Host::start(Board::new("t"), options).unwrap_or_else(|e| panic!("{e}"));
    let mut a = Laptop::join(&host.join_url());
    a.add("safe", 0.0);
    settle(&mut [&mut a], |_| true);
    let garbage: [&[u8]; 4] = [
        b"\x00\x02\xff\xff\xff\xff\x0f",
        b"hello",
        &[0, 2, 5, 1, 2, 3, 4, 5],
        &[99],
    ];
    for bytes in garbage {
        assert!(
            raw_peer_is_dropped(&host.join_url(), bytes.to_vec()),
            "{bytes:?}"
        );
    }
    assert!(raw_peer_is_dropped(&host.join_url(), vec![0; 200 * 1024]));
    let log = host.take_log();
    assert!(
        log.iter()
            .any(|l| l.contains("refused") || l.contains("malformed")),
        "{log:?}"
    );
    let mut b = Laptop::join(&host.join_url());
    a.add("still fine", 10.0);
    settle(&mut [&mut a, &mut b], everyone_has(2));
    assert_eq!(host.stop().stickies.len(), 2);
}

/// Sends `bytes` as one binary frame; true when the host then closes the connection.
fn raw_peer_is_dropped(url: &str, bytes: Vec<u8>) -> bool {
    let Ok((mut ws, _)) = tungstenite::connect(url) else {
        return false;
    };
    if ws.send(tungstenite::Message::binary(bytes)).is_err() {
        return true;
    }
    let started = Instant::now();
    while started.elapsed() < BOUND {
        match ws.read() {
            Ok(tungstenite::Message::Close(_)) | Err(_) => return true,
            Ok(_) => {}
        }
    }
    false
}

/// The real binary: `stormpad host FILE`, a plain Yjs client in Node adding a sticky,
/// `stormpad join URL --out`, and the host saving on SIGTERM.
#[test]
fn a_plain_yjs_client_joins_a_stormpad_hosted_room_and_its_sticky_is_saved() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("big picture.storm.ron");
    let mut board = Board::new("Interop");
    board.stickies.insert(
        Id::random(),
        Sticky::new(Kind::DomainEvent, "Order placed", Point::default()),
    );
    file::write(&path, &board).unwrap_or_else(|e| panic!("{e}"));
    let _server = NodeServer::start(None); // installs the node tools
    let mut host = Command::new(env!("CARGO_BIN_EXE_stormpad"))
        .args(["host", "--port", "0", "--save-every", "1"])
        .arg(&path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut lines = BufReader::new(host.stdout.take().unwrap_or_else(|| panic!("stdout"))).lines();
    let join = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("join:").map(|u| u.trim().to_string()))
        .unwrap_or_else(|| panic!("no join address printed"));
    assert!(
        join.starts_with("ws://127.0.0.1:") && join.contains("/big-picture?secret="),
        "{join}"
    );
    let (base, rest) = join.rsplit_once('/').unwrap_or_else(|| panic!("{join}"));
    let (room, secret) = rest
        .split_once("?secret=")
        .unwrap_or_else(|| panic!("{join}"));
    let id = Id::random().to_string();
    // ES modules resolve packages beside the script: run it from the installed tools.
    let script = root().join(".tools/live/interop.mjs");
    std::fs::copy(root().join("tests/live/interop.mjs"), &script).unwrap_or_else(|e| panic!("{e}"));
    let node = Command::new("node")
        .arg(&script)
        .args([base, room, secret, &id, "Paid by a browser"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        node.status.success(),
        "{}",
        String::from_utf8_lossy(&node.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&node.stdout).trim(),
        r#"["Order placed"]"#
    );
    let fetched = dir.path().join("fetched.storm.ron");
    let status = Command::new(env!("CARGO_BIN_EXE_stormpad"))
        .args(["join", &join, "--out"])
        .arg(&fetched)
        .status();
    assert!(status.is_ok_and(|s| s.success()));
    let fetched = file::read(&fetched)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .board;
    let added = Id::parse(&id).unwrap_or_else(|| panic!("id"));
    assert_eq!(fetched.stickies[&added].text, "Paid by a browser");
    assert_eq!(
        fetched.stickies[&added].size,
        Kind::DomainEvent.default_size()
    );
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(host.id().to_string())
        .status();
    let exit = host.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(exit.success());
    let saved = file::read(&path).unwrap_or_else(|e| panic!("{e:?}")).board;
    assert_eq!(saved.stickies.len(), 2);
    assert_eq!(
        file::to_string(&saved).ok(),
        file::to_string(&fetched).ok(),
        "host and participant save the same bytes"
    );
}

mod properties {
    use proptest::prelude::*;
    use stormpad::edit::Edit;
    use stormpad::file;
    use stormpad::live::{LiveDoc, protocol};
    use stormpad::model::{
        Board, Boundary, BoundaryKind, Id, Kind, Link, Point, Rect, Size, Sticky,
    };

    /// One replica: its document, its board, the updates on their way to each other replica.
    struct Replica {
        live: LiveDoc,
        board: Board,
        inbox: Vec<Vec<u8>>,
        online: bool,
    }

    #[derive(Clone, Debug)]
    enum Op {
        Add(i16),
        Move(u8, i16),
        Type(u8, u8, String),
        Delete(u8),
        Link(u8, u8),
        MoveRegion(i16),
        Deliver(usize),
        Toggle,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            any::<i16>().prop_map(Op::Add),
            (any::<u8>(), any::<i16>()).prop_map(|(s, x)| Op::Move(s, x)),
            (any::<u8>(), any::<u8>(), "[a-zé✓ <]{0,3}").prop_map(|(s, at, t)| Op::Type(s, at, t)),
            any::<u8>().prop_map(Op::Delete),
            (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Link(a, b)),
            any::<i16>().prop_map(Op::MoveRegion),
            (0usize..4).prop_map(Op::Deliver),
            Just(Op::Toggle),
        ]
    }

    fn pick(board: &Board, n: u8) -> Option<Id> {
        let ids: Vec<Id> = board.stickies.keys().copied().collect();
        (!ids.is_empty()).then(|| ids[n as usize % ids.len()])
    }

    fn edit(r: &mut Replica, op: &Op, region: Id) {
        let e = match op {
            Op::Add(x) => Edit::PutSticky {
                id: Id::random(),
                sticky: Some(Sticky::new(
                    Kind::DomainEvent,
                    "new",
                    Point::new(f32::from(*x), 0.0),
                )),
            },
            Op::Move(s, x) => {
                let Some(id) = pick(&r.board, *s) else { return };
                let mut rect = r.board.stickies[&id].rect();
                rect.pos.x = f32::from(*x);
                Edit::Place {
                    stickies: vec![(id, rect)],
                    boundaries: vec![],
                }
            }
            Op::Type(s, at, t) => {
                let Some(id) = pick(&r.board, *s) else { return };
                let mut sticky = r.board.stickies[&id].clone();
                let chars: Vec<char> = sticky.text.chars().collect();
                let at = usize::from(*at) % (chars.len() + 1);
                sticky.text = chars[..at]
                    .iter()
                    .chain(t.chars().collect::<Vec<_>>().iter())
                    .chain(chars[at..].iter())
                    .collect();
                Edit::PutSticky {
                    id,
                    sticky: Some(sticky),
                }
            }
            Op::Delete(s) => {
                let Some(id) = pick(&r.board, *s) else { return };
                Edit::PutSticky { id, sticky: None }
            }
            Op::Link(a, b) => {
                let (Some(from), Some(to)) = (pick(&r.board, *a), pick(&r.board, *b)) else {
                    return;
                };
                if from == to {
                    return; // the canvas never draws an arrow from a sticky to itself
                }
                Edit::PutLink {
                    id: Id::random(),
                    link: Some(Link::new(from, to)),
                }
            }
            Op::MoveRegion(x) => {
                let Some(b) = r.board.boundaries.get(&region) else {
                    return;
                };
                let mut rect = b.rect;
                rect.pos.x = f32::from(*x);
                Edit::Place {
                    stickies: vec![],
                    boundaries: vec![(region, rect)],
                }
            }
            Op::Deliver(_) | Op::Toggle => return,
        };
        r.live.apply_local(&mut r.board, e);
    }

    fn deliver(replicas: &mut [Replica], to: usize) {
        if !replicas[to].online {
            return;
        }
        let inbox = std::mem::take(&mut replicas[to].inbox);
        let r = &mut replicas[to];
        for u in inbox {
            r.live
                .apply_remote(&u, &mut r.board)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }

    fn send(replicas: &mut [Replica], from: usize) {
        if !replicas[from].online {
            return;
        }
        let out = replicas[from].live.take_outgoing();
        for (i, r) in replicas.iter_mut().enumerate() {
            if i != from {
                r.inbox.extend(out.iter().cloned());
            }
        }
    }

    /// Replica 2 reconnects: like the sync protocol, each side sends what the other's state
    /// vector lacks (to and from both others, as a relaying server holds both their edits).
    fn back_online(replicas: &mut [Replica]) {
        for other in 0..2 {
            let missing = replicas[other]
                .live
                .diff_since(&replicas[2].live.state_vector());
            let r = &mut replicas[2];
            r.live
                .apply_remote(&missing, &mut r.board)
                .unwrap_or_else(|e| panic!("{e}"));
            let back = replicas[2]
                .live
                .diff_since(&replicas[other].live.state_vector());
            replicas[other].inbox.push(back);
        }
        replicas[2].live.take_outgoing();
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Three replicas edit at random, updates arrive late and out of order, one replica goes
        /// offline and comes back (catching up by sync step 2 from its state vector): all end
        /// with the same board and the same saved bytes.
        #[test]
        fn random_concurrent_edits_converge(ops in prop::collection::vec((0usize..3, op()), 1..60)) {
            let mut start = Board::new("t");
            let region = Id::random();
            start.boundaries.insert(region, Boundary::new(BoundaryKind::Context, "Orders", Rect::new(Point::default(), Size::new(500.0, 500.0))));
            for i in 0..3 {
                start.stickies.insert(Id::random(), Sticky::new(Kind::Command, format!("S{i}"), Point::new(i as f32 * 200.0, 0.0)));
            }
            let seed = LiveDoc::from_board(&start).encode_all();
            let mut replicas: Vec<Replica> = (0..3).map(|_| {
                let mut live = LiveDoc::new();
                let mut board = Board::default();
                live.apply_remote(&seed, &mut board).unwrap_or_else(|e| panic!("{e}"));
                Replica { live, board, inbox: Vec::new(), online: true }
            }).collect();
            for (who, op) in &ops {
                match op {
                    Op::Deliver(n) => deliver(&mut replicas, n % 3),
                    Op::Toggle => {
                        if replicas[2].online {
                            replicas[2].inbox.clear(); // what was on its way is lost
                        } else {
                            back_online(&mut replicas);
                        }
                        replicas[2].online = !replicas[2].online;
                    }
                    _ => {
                        edit(&mut replicas[*who], op, region);
                        if replicas[*who].online { send(&mut replicas, *who); } else { replicas[*who].live.take_outgoing(); }
                    }
                }
            }
            // Everyone comes online and everything is delivered.
            if !replicas[2].online {
                back_online(&mut replicas);
                replicas[2].online = true;
            }
            for i in 0..3 { deliver(&mut replicas, i); }
            let docs: Vec<String> = replicas.iter_mut().map(|r| file::to_string(&r.live.to_board()).unwrap_or_default()).collect();
            prop_assert_eq!(&docs[0], &docs[2], "the documents differ");
            let saved: Vec<String> = replicas.iter().map(|r| file::to_string(&r.board).unwrap_or_default()).collect();
            prop_assert_eq!(&saved[0], &saved[1]);
            prop_assert_eq!(&saved[0], &saved[2]);
            // The board kept up to date change by change is the document read whole.
            for (r, doc) in replicas.iter().zip(&docs) {
                prop_assert_eq!(&file::to_string(&r.board).unwrap_or_default(), doc);
            }
        }

        /// Whatever bytes a peer sends, decoding and applying refuse or accept them without a
        /// panic, and a refused update leaves the board as it was.
        #[test]
        fn any_bytes_from_a_peer_are_refused_or_applied_never_a_crash(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = protocol::decode(&bytes, protocol::MAX_MESSAGE);
            let mut live = LiveDoc::from_board(&stormpad::model::generate::board(5, 1));
            let mut board = live.to_board();
            let before = board.clone();
            if live.apply_remote(&bytes, &mut board).is_err() {
                prop_assert_eq!(board, before);
            }
        }
    }
}

/// `wss://`: a team's TLS-terminating proxy (like Caddy or nginx) in front of Stormpad's own
/// host, with a certificate from a private CA that only `SSL_CERT_FILE` makes trusted.
mod wss {
    use std::io::{ErrorKind, Read, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::path::Path;
    use std::process::{Command, Output};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use rustls::{ServerConfig, ServerConnection, StreamOwned};

    use stormpad::file;
    use stormpad::live::{Host, HostOptions};
    use stormpad::model::{Kind, Point, Sticky};

    /// A throwaway certificate authority and a server certificate it signed for `localhost`.
    struct Pki {
        ca_pem: String,
        server_der: CertificateDer<'static>,
        server_key: Vec<u8>,
    }

    fn pki(ca_name: &str) -> Pki {
        let ca_key = KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap_or_else(|e| panic!("{e}"));
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name.push(DnType::CommonName, ca_name);
        let ca = CertifiedIssuer::self_signed(ca, ca_key).unwrap_or_else(|e| panic!("{e}"));
        let key = KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let server = CertificateParams::new(vec!["localhost".to_string()])
            .and_then(|p| p.signed_by(&key, &ca))
            .unwrap_or_else(|e| panic!("{e}"));
        Pki {
            ca_pem: ca.pem(),
            server_der: server.der().clone(),
            server_key: key.serialize_der(),
        }
    }

    /// A TLS-terminating proxy on 127.0.0.1 in front of `upstream`; it hangs up on the first
    /// `drop_first` connections right after the TLS handshake (a flaky network).
    fn tls_proxy(
        pki: &Pki,
        upstream: SocketAddr,
        drop_first: usize,
    ) -> (SocketAddr, Arc<AtomicUsize>) {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.server_key.clone()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| {
                b.with_no_client_auth()
                    .with_single_cert(vec![pki.server_der.clone()], key)
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let seen = Arc::new(AtomicUsize::new(0));
        let connections = seen.clone();
        std::thread::spawn(move || {
            for tcp in listener.incoming().flatten() {
                let drop_it = seen.fetch_add(1, Ordering::Relaxed) < drop_first;
                let config = config.clone();
                std::thread::spawn(move || relay(config, tcp, upstream, drop_it));
            }
        });
        (addr, connections)
    }

    fn relay(config: Arc<ServerConfig>, tcp: TcpStream, upstream: SocketAddr, drop_it: bool) {
        let Ok(conn) = ServerConnection::new(config) else {
            return;
        };
        let mut tls = StreamOwned::new(conn, tcp);
        while tls.conn.is_handshaking() {
            if tls.conn.complete_io(&mut tls.sock).is_err() {
                return;
            }
        }
        if drop_it {
            return;
        }
        let Ok(mut up) = TcpStream::connect(upstream) else {
            return;
        };
        let tick = Some(Duration::from_millis(2));
        if tls.sock.set_read_timeout(tick).is_err() || up.set_read_timeout(tick).is_err() {
            return;
        }
        let mut buf = vec![0u8; 64 * 1024];
        let idle =
            |e: &std::io::Error| matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut);
        loop {
            match tls.read(&mut buf) {
                Ok(0) => return,
                Ok(n) if up.write_all(&buf[..n]).is_err() => return,
                Err(e) if !idle(&e) => return,
                _ => {}
            }
            match up.read(&mut buf) {
                Ok(0) => return,
                Ok(n) if tls.write_all(&buf[..n]).and_then(|()| tls.flush()).is_err() => return,
                Err(e) if !idle(&e) => return,
                _ => {}
            }
        }
    }

    /// `stormpad join URL --out FILE` trusting only the certificates in `ca_file`.
    fn join(url: &str, out: &Path, ca_file: &Path, timeout: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_stormpad"))
            .args(["join", url, "--out"])
            .arg(out)
            .args(["--timeout", timeout])
            .env("SSL_CERT_FILE", ca_file)
            .env_remove("SSL_CERT_DIR")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// A host of a workshop board with `more` generated stickies beside "Order placed".
    fn workshop_host(more: usize) -> Host {
        let mut board = stormpad::model::generate::board(more, 7);
        let sticky = Sticky::new(Kind::DomainEvent, "Order placed", Point::default());
        board.stickies.insert(stormpad::model::Id::random(), sticky);
        Host::start(board, HostOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The join address as the team publishes it: `wss://` on the proxy's port.
    fn wss_url(host: &Host, proxy: SocketAddr) -> String {
        let plain = format!("ws://{}/", host.addr());
        let url = host
            .join_url()
            .replace(&plain, &format!("wss://localhost:{}/", proxy.port()));
        assert!(url.starts_with("wss://localhost:"), "{url}");
        url
    }

    #[test]
    fn a_board_behind_a_tls_proxy_is_joined_by_wss_trusting_the_teams_ca_through_ssl_cert_file() {
        // Big enough that the first sync spans many TLS records (about 1 MB).
        let host = workshop_host(5000);
        let ours = pki("Our team's CA");
        // The first connection is cut after the TLS handshake: the join retries and gets in.
        let (proxy, connections) = tls_proxy(&ours, host.addr(), 1);
        let url = wss_url(&host, proxy);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ca_file = dir.path().join("team-ca.pem");
        std::fs::write(&ca_file, &ours.ca_pem).unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("fetched.storm.ron");

        let joined = join(&url, &out, &ca_file, "20");
        let stderr = String::from_utf8_lossy(&joined.stderr);
        assert!(joined.status.success(), "{stderr}");
        let board = file::read(&out).unwrap_or_else(|e| panic!("{e}")).board;
        assert!(board.stickies.values().any(|s| s.text == "Order placed"));
        assert_eq!(board.stickies.len(), 5001, "every sticky came through");
        assert!(
            connections.load(Ordering::Relaxed) >= 2,
            "the cut connection was retried"
        );
    }

    #[test]
    fn an_unknown_ca_is_refused_and_a_wrong_scheme_is_told_with_clear_messages_not_a_panic() {
        let host = workshop_host(0);
        let theirs = pki("Somebody else's CA");
        let (proxy, _) = tls_proxy(&theirs, host.addr(), 0);
        let url = wss_url(&host, proxy);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ca_file = dir.path().join("team-ca.pem");
        std::fs::write(&ca_file, pki("Our team's CA").ca_pem).unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("fetched.storm.ron");

        let refused = join(&url, &out, &ca_file, "20");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains("is not trusted"), "{stderr}");
        assert!(stderr.contains("SSL_CERT_FILE"), "{stderr}");
        assert!(!out.exists(), "nothing is written from an untrusted server");

        // wss:// at a plain ws:// server: it hangs up on TLS (as a server restarting might, so
        // the join retries), and the message says what is likely wrong.
        let plain = host.join_url().replace("ws://", "wss://");
        let refused = join(
            &plain.replace("127.0.0.1", "localhost"),
            &out,
            &ca_file,
            "2",
        );
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "{stderr}");
        assert!(stderr.contains("is it a ws:// address"), "{stderr}");

        // ws:// at a TLS server that answers plain HTTP as Go's (Caddy's) does.
        let tls_only = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = tls_only.local_addr().map(|a| a.port()).unwrap_or_default();
        std::thread::spawn(move || {
            for mut tcp in tls_only.incoming().flatten() {
                let mut request = [0u8; 1024];
                let _ = tcp.read(&mut request);
                let _ = tcp.write_all(
                    b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n",
                );
            }
        });
        let url = format!("ws://127.0.0.1:{port}/board?secret=0");
        let refused = join(&url, &out, &ca_file, "2");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "{stderr}");
        assert!(stderr.contains("starts with wss://"), "{stderr}");
    }
}
