//! Live boards over loopback: joining a hosted 10k and 100k-sticky board (host to participant
//! ready), one edit reaching another client, the memory of a live board, and 30 clients adding
//! stickies through one host. `cargo bench --bench sync` (100k and the load run only there;
//! in test mode every measure runs once on 10k).
//!
//! Memory is counted by a global allocator that adds up the bytes live at any moment (the
//! resident set of a process keeps freed pages and says little about one structure). The edit
//! latency's p50/p99 come from a plain loop of timed edits, as criterion reports means and
//! medians only. The host's CPU is the CPU time of its own threads (`stormpad-host-*`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stormpad::edit::Edit;
use stormpad::live::{Host, HostOptions, LiveClient, LiveDoc};
use stormpad::model::{Board, Id, Kind, Point, Sticky, generate};
use yrs::{Any, Doc, Map, MapPrelim, MapRef, TextPrelim, Transact, TransactionMut};

const BOUND: Duration = Duration::from_secs(120);

/// Bytes allocated and not yet freed, by the whole process.
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

/// The system allocator, counting.
struct Counting;

// SAFETY: every call is passed on unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

fn benching() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn joined(url: &str) -> (LiveClient, Board) {
    let mut client = LiveClient::join(url, false, Box::new(|| {}));
    let mut board = Board::default();
    if let Err(e) = client.wait_synced(&mut board, BOUND) {
        panic!("join: {e}");
    }
    (client, board)
}

fn host(board: Board) -> Host {
    Host::start(board, HostOptions::default()).unwrap_or_else(|e| panic!("host: {e}"))
}

fn join(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    let sizes: &[usize] = if benching() {
        &[10_000, 100_000]
    } else {
        &[10_000]
    };
    for &size in sizes {
        let h = host(generate::board(size, 42));
        let url = h.join_url();
        // Timed: from joining to the participant's board ready. Leaving and freeing the
        // document after is not part of joining: timed apart and printed.
        let mut teardown = Vec::new();
        group.bench_function(BenchmarkId::new("join", size), |b| {
            b.iter_custom(|iters| {
                let mut joining = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let (client, board) = joined(&url);
                    joining += started.elapsed();
                    assert_eq!(board.stickies.len(), size);
                    let started = Instant::now();
                    client.leave();
                    drop(board);
                    teardown.push(started.elapsed());
                }
                joining
            });
        });
        teardown.sort();
        if let Some(median) = teardown.get(teardown.len() / 2) {
            eprintln!(
                "sync/join/{size}: leaving and freeing the joined board after (not timed above): median {:.0} ms",
                median.as_secs_f64() * 1e3
            );
        }
    }
    group.finish();
}

fn edit_latency(c: &mut Criterion) {
    let h = host(generate::board(1_000, 7));
    let (mut a, mut ab) = joined(&h.join_url());
    let (mut b, mut bb) = joined(&h.join_url());
    c.bench_function("sync/edit_visible_on_other_client", |bench| {
        bench.iter(|| {
            let id = Id::random();
            let sticky = Sticky::new(Kind::DomainEvent, "Paid", Point::new(1.0, 2.0));
            let edit = Edit::PutSticky {
                id,
                sticky: Some(sticky),
            };
            if let Err(e) = a.apply_local(&mut ab, edit) {
                panic!("{e}");
            }
            a.poll(&mut ab);
            let started = Instant::now();
            while !bb.stickies.contains_key(&id) {
                b.poll(&mut bb);
                assert!(started.elapsed() < BOUND, "the edit never arrived");
                std::thread::yield_now();
            }
        });
    });
    // Percentiles of "applied here, then visible there", one edit at a time.
    let runs = if benching() { 1_000 } else { 20 };
    let mut times: Vec<Duration> = (0..runs)
        .map(|i| {
            let id = Id::random();
            let sticky = Sticky::new(Kind::DomainEvent, format!("Paid {i}"), Point::default());
            let started = Instant::now();
            if let Err(e) = a.apply_local(
                &mut ab,
                Edit::PutSticky {
                    id,
                    sticky: Some(sticky),
                },
            ) {
                panic!("{e}");
            }
            a.poll(&mut ab);
            while !bb.stickies.contains_key(&id) {
                b.poll(&mut bb);
                assert!(started.elapsed() < BOUND, "the edit never arrived");
                std::thread::yield_now();
            }
            started.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    eprintln!(
        "sync/edit_visible {runs} edits over loopback: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
}

/// The bytes a 100k board takes offline, and with its live document beside it (what a
/// participant holds: the board it draws and the shared document).
fn memory(_c: &mut Criterion) {
    let size = if benching() { 100_000 } else { 10_000 };
    let before = live_bytes();
    let board = generate::board(size, 42);
    let offline = live_bytes() - before;
    let live = LiveDoc::from_board(&board);
    let with_doc = live_bytes() - before;
    eprintln!(
        "sync/memory {size} stickies: board {:.1} MB, board + live document {:.1} MB ({:.2}x)",
        offline as f64 / 1e6,
        with_doc as f64 / 1e6,
        with_doc as f64 / offline.max(1) as f64
    );
    // What a participant holds after joining: the document built from the host's update and
    // the board read from it.
    let update = live.encode_all();
    drop(live);
    drop(board);
    let before = live_bytes();
    let mut joined = LiveDoc::new();
    let mut view = Board::default();
    if let Err(e) = joined.apply_remote(&update, &mut view) {
        panic!("{e}");
    }
    let participant = live_bytes() - before;
    let board_only = {
        let before = live_bytes();
        let copy = generate::board(size, 42);
        let bytes = live_bytes() - before;
        drop(copy);
        bytes
    };
    eprintln!(
        "sync/memory {size} stickies, a participant after joining: board + document {:.1} MB ({:.2}x the board offline), of which the document {:.1} MB ({:.0} B a sticky)",
        participant as f64 / 1e6,
        participant as f64 / board_only.max(1) as f64,
        (participant - board_only) as f64 / 1e6,
        (participant - board_only) as f64 / size as f64
    );
}

/// What `yrs` keeps per sticky for the layout Stormpad writes and for alternatives, each
/// built the same way (one transaction from the same generated stickies, no arrows or
/// regions): the figures behind the README's "memory of a live board".
fn layout_costs(_c: &mut Criterion) {
    let size = if benching() { 20_000 } else { 500 };
    let board = generate::board(size, 42);
    let stickies: Vec<(String, &Sticky)> = board
        .stickies
        .iter()
        .map(|(id, s)| (id.to_string(), s))
        .collect();
    let n = stickies.len();
    let before = live_bytes();
    let copy: Vec<Sticky> = stickies.iter().map(|(_, s)| (*s).clone()).collect();
    let offline = live_bytes() - before;
    drop(copy);
    eprintln!(
        "sync/layout {n} stickies: the board's own stickies {:.0} B a sticky",
        offline as f64 / n as f64
    );
    for (name, write) in layouts() {
        let before = live_bytes();
        let doc = Doc::new();
        let root = doc.get_or_insert_map("stickies");
        {
            let mut txn = doc.transact_mut();
            for (id, sticky) in &stickies {
                let item = root.insert(&mut txn, id.as_str(), MapPrelim::default());
                write(&mut txn, &item, sticky);
            }
        }
        let bytes = live_bytes() - before;
        eprintln!(
            "sync/layout {name:<58} {:>5.0} B a sticky in yrs",
            bytes as f64 / n as f64
        );
        drop(doc);
    }
}

type WriteSticky = fn(&mut TransactionMut, &MapRef, &Sticky);

/// The layouts measured by [`layout_costs`]: what Stormpad writes, and variants of it.
fn layouts() -> Vec<(&'static str, WriteSticky)> {
    vec![
        (
            "keys kind,text,pos,size,fields + empty dots map (before)",
            before,
        ),
        (
            "keys kind,text,pos,size,fields, dots/NAME keys (today)",
            no_dots,
        ),
        ("... and pos+size as one rect [x, y, w, h]", rect),
        ("... and no size when it is the kind's", no_default_size),
        ("kind,pos,size,fields in one value + text", one_value),
        ("fields as one JSON string (no Any maps)", fields_as_string),
        ("the floor: only text as Y.Text", only_text),
        ("the floor: only text as a string", only_string),
    ]
}

fn pair(a: f32, b: f32) -> Any {
    Any::from(vec![Any::from(f64::from(a)), Any::from(f64::from(b))])
}

fn json(value: &impl serde::Serialize) -> Any {
    stormpad::live::layout::to_any(&serde_json::to_value(value).unwrap_or_default())
}

fn text_and_rest(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    item.insert(txn, "text", TextPrelim::new(s.text.as_str()));
    if !s.fields.is_empty() {
        item.insert(txn, "fields", json(&s.fields));
    }
    if s.pivotal {
        item.insert(txn, "pivotal", true);
    }
}

fn before(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    no_dots(txn, item, s);
    item.insert(txn, "dots", MapPrelim::default());
}

fn no_dots(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    item.insert(txn, "kind", json(&s.kind));
    item.insert(txn, "pos", pair(s.pos.x, s.pos.y));
    item.insert(txn, "size", pair(s.size.w, s.size.h));
    text_and_rest(txn, item, s);
}

fn rect(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    item.insert(txn, "kind", json(&s.kind));
    let rect = [s.pos.x, s.pos.y, s.size.w, s.size.h];
    let rect: Vec<Any> = rect.iter().map(|v| Any::from(f64::from(*v))).collect();
    item.insert(txn, "rect", Any::from(rect));
    text_and_rest(txn, item, s);
}

fn no_default_size(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    item.insert(txn, "kind", json(&s.kind));
    item.insert(txn, "pos", pair(s.pos.x, s.pos.y));
    if s.size != s.kind.default_size() {
        item.insert(txn, "size", pair(s.size.w, s.size.h));
    }
    text_and_rest(txn, item, s);
}

fn one_value(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    let mut props = std::collections::HashMap::new();
    props.insert("kind".to_string(), json(&s.kind));
    props.insert("pos".to_string(), pair(s.pos.x, s.pos.y));
    props.insert("size".to_string(), pair(s.size.w, s.size.h));
    if !s.fields.is_empty() {
        props.insert("fields".to_string(), json(&s.fields));
    }
    item.insert(txn, "props", Any::from(props));
    item.insert(txn, "text", TextPrelim::new(s.text.as_str()));
}

fn fields_as_string(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    item.insert(txn, "kind", json(&s.kind));
    item.insert(txn, "pos", pair(s.pos.x, s.pos.y));
    item.insert(txn, "size", pair(s.size.w, s.size.h));
    item.insert(txn, "text", TextPrelim::new(s.text.as_str()));
    if !s.fields.is_empty() {
        let fields = serde_json::to_string(&s.fields).unwrap_or_default();
        item.insert(txn, "fields", fields);
    }
}

fn only_text(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    item.insert(txn, "text", TextPrelim::new(s.text.as_str()));
}

fn only_string(txn: &mut TransactionMut, item: &MapRef, s: &Sticky) {
    item.insert(txn, "text", s.text.as_str());
}

/// 30 clients each add a sticky a second through one host; every client ends with every sticky.
fn load(_c: &mut Criterion) {
    let (clients, seconds) = if benching() { (30, 30) } else { (3, 1) };
    let h = host(Board::new("load"));
    let mut laptops: Vec<(LiveClient, Board)> =
        (0..clients).map(|_| joined(&h.join_url())).collect();
    let cpu_before = process_cpu();
    let host_before = host_cpu();
    let started = Instant::now();
    for second in 0..seconds {
        for (i, (client, board)) in laptops.iter_mut().enumerate() {
            let sticky = Sticky::new(Kind::DomainEvent, format!("{i}/{second}"), Point::default());
            let edit = Edit::PutSticky {
                id: Id::random(),
                sticky: Some(sticky),
            };
            if let Err(e) = client.apply_local(board, edit) {
                panic!("{e}");
            }
        }
        let tick = Instant::now();
        while tick.elapsed() < Duration::from_secs(1) {
            for (client, board) in &mut laptops {
                client.poll(board);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    let want = clients * seconds;
    let deadline = Instant::now();
    while laptops.iter().any(|(_, b)| b.stickies.len() != want) {
        assert!(deadline.elapsed() < BOUND, "the clients did not converge");
        for (client, board) in &mut laptops {
            client.poll(board);
        }
    }
    let cpu = process_cpu().saturating_sub(cpu_before);
    let host = host_cpu().saturating_sub(host_before);
    let wall = started.elapsed().as_secs_f64();
    eprintln!(
        "sync/load {clients} clients x {seconds} s: all converged on {want} stickies; host threads CPU {:.1}% of a core, whole process (host + {clients} clients) {:.0}%",
        host.as_secs_f64() / wall * 100.0,
        cpu.as_secs_f64() / wall * 100.0
    );
    drop(h);
}

/// CPU time of this process so far (Linux: utime + stime from /proc, in clock ticks of 10 ms).
fn process_cpu() -> Duration {
    cpu_of("/proc/self/stat")
}

/// CPU time of the host's threads alive now (named `stormpad-host-*`; the kernel keeps 15
/// characters of a thread's name).
fn host_cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    tasks
        .filter_map(Result::ok)
        .filter(|t| {
            std::fs::read_to_string(t.path().join("comm"))
                .is_ok_and(|name| name.starts_with("stormpad-host"))
        })
        .map(|t| cpu_of(&t.path().join("stat").to_string_lossy()))
        .sum()
}

fn cpu_of(path: &str) -> Duration {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

criterion_group!(benches, join, edit_latency, memory, layout_costs, load);
criterion_main!(benches);
