//! Live boards over loopback: joining a hosted 10k and 100k-sticky board (host to participant
//! ready), one edit reaching another client, the memory of a live board, and 30 clients adding
//! stickies through one host. `cargo bench --bench sync` (100k and the load run only there;
//! in test mode every measure runs once on 10k).

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stormpad::edit::Edit;
use stormpad::live::{Host, HostOptions, LiveClient, LiveDoc};
use stormpad::model::{Board, Id, Kind, Point, Sticky, generate};

const BOUND: Duration = Duration::from_secs(120);

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
        group.bench_function(BenchmarkId::new("join", size), |b| {
            b.iter(|| {
                let (client, board) = joined(&url);
                assert_eq!(board.stickies.len(), size);
                client.leave();
            });
        });
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
}

/// Resident memory of this process, in bytes (Linux), to compare a board with its live copy.
fn rss() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn memory(_c: &mut Criterion) {
    let size = if benching() { 100_000 } else { 10_000 };
    let before = rss().unwrap_or(0);
    let board = generate::board(size, 42);
    let offline = rss().unwrap_or(0).saturating_sub(before);
    let live = LiveDoc::from_board(&board);
    let with_doc = rss().unwrap_or(0).saturating_sub(before);
    eprintln!(
        "sync/memory {size} stickies: board {} MB, board + live document {} MB ({:.1}x)",
        offline / 1_000_000,
        with_doc / 1_000_000,
        with_doc as f64 / offline.max(1) as f64
    );
    drop(live);
}

/// 30 clients each add a sticky a second through one host; every client ends with every sticky.
fn load(_c: &mut Criterion) {
    let (clients, seconds) = if benching() { (30, 20) } else { (3, 1) };
    let h = host(Board::new("load"));
    let mut laptops: Vec<(LiveClient, Board)> =
        (0..clients).map(|_| joined(&h.join_url())).collect();
    let cpu_before = process_cpu();
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
    eprintln!(
        "sync/load {clients} clients x {seconds} s: all converged on {want} stickies; whole process (host + clients) CPU {:.0}% of a core",
        cpu.as_secs_f64() / started.elapsed().as_secs_f64() * 100.0
    );
    drop(h);
}

/// CPU time of this process so far (Linux: utime + stime from /proc, in clock ticks of 10 ms).
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

criterion_group!(benches, join, edit_latency, memory, load);
criterion_main!(benches);
