//! Writes a generated board (the one the benchmarks use) to a file, for measuring start-up
//! time and memory with a large board:
//!
//! `cargo run --release --example generate_board -- 100000 target/100k.storm.ron`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(path)) = (args.first().and_then(|a| a.parse().ok()), args.get(1)) else {
        eprintln!("usage: generate_board STICKIES FILE [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let board = stormpad::model::generate::board(count, seed);
    match stormpad::file::write(std::path::Path::new(path), &board) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(2)
        }
    }
}
