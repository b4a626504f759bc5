//! The `stormpad` binary: the GUI when no subcommand is given, headless work otherwise.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Faster than the system allocator for the many short strings an export makes (Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stormpad: EventStorming boards as files, specs and code.
#[derive(Parser)]
#[command(
    version,
    about,
    after_help = "Exit codes: 0 success; 1 the check found errors (check; export without \
                  --allow-errors), or a file is not canonical (fmt --check); 2 a file could \
                  not be read or written (check, export, fmt, templates export)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The board to open in the GUI (the embedded sample board when omitted).
    file: Option<PathBuf>,
    /// Measures start-up: opens the window, draws the first frame, prints the time since the
    /// process started to stderr and quits.
    #[arg(long)]
    exit_after_first_frame: bool,
    /// Measures frames end to end: opens the window on this board, drives scripted input at
    /// a steady rate and prints one JSON line of frame intervals per script, each after the
    /// same script on an empty board (this machine's floor).
    #[arg(long, value_name = "FILE")]
    measure: Option<PathBuf>,
    /// --measure: the interaction to time.
    #[arg(long, value_enum, default_value_t = stormpad::ui::measure::Script::All, requires = "measure")]
    script: stormpad::ui::measure::Script,
    /// --measure: seconds each script is timed for.
    #[arg(long, default_value_t = 3.0, requires = "measure")]
    seconds: f32,
    /// --measure: the window's inner size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1920x1080", value_parser = stormpad::ui::measure::parse_size, requires = "measure")]
    size: [f32; 2],
    /// --measure: input events a second (the frame probe's xdotool sends about 85).
    #[arg(long, default_value_t = 85.0, requires = "measure")]
    rate: f32,
    /// --measure: rounds of the empty board and the board in turn, each timed --seconds; the
    /// JSON lines pool the rounds, so a slower moment of the machine falls on both alike.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=20), requires = "measure")]
    rounds: u32,
    /// Joins the live board at URL when the window opens (`ws://HOST:PORT/ROOM?secret=...`,
    /// as `stormpad host` or File → Share board live… shows it): a projector's one command.
    #[arg(long, value_name = "URL")]
    join: Option<String>,
    /// My name on live boards (remembered; otherwise asked the first time).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Loads a board and runs the model check: `file: ES012 warning: message (fix: ...)`.
    Check {
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = stormpad::cli::CheckFormat::Text)]
        format: stormpad::cli::CheckFormat,
    },
    /// Exports a board's event definitions or code stubs into a folder.
    Export {
        file: PathBuf,
        /// What to write.
        #[arg(long, value_parser = stormpad::cli::target_parser())]
        to: stormpad::export::Target,
        /// The folder to write into (created when missing; other files in it are kept).
        #[arg(long)]
        out: PathBuf,
        /// Also list internal events (AsyncAPI, EventCatalog, CloudEvents).
        #[arg(long)]
        include_internal: bool,
        /// Export even when the model check finds errors (they are still printed).
        #[arg(long)]
        allow_errors: bool,
        /// Code targets: the templates to use instead of the defaults (a folder written by
        /// `stormpad templates export`, or one language's folder of it).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Pictures (svg, png, pdf): pixels per board unit (1 = the canvas at 100%; 3.125 =
        /// 300 dpi).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// Pictures (svg, png, pdf): only this bounded context, by its name.
        #[arg(long)]
        context: Option<String>,
    },
    /// The default code templates.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Rewrites boards in canonical form (sorted, one field per line).
    Fmt {
        /// Only report files that are not canonical (exit 1), change nothing.
        #[arg(long)]
        check: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Git's merge driver for boards: a three-way merge by id, field by field. Exit 0 merged
    /// cleanly, 1 conflicts left (ours kept, a hotspot sticky beside each item), 2 a file could
    /// not be read or written. Falls back to `git merge-file` when a side is not a board.
    Merge {
        /// The common ancestor (git's %O); empty when both sides added the file.
        base: PathBuf,
        /// Our version (git's %A); the result is written here unless --output says otherwise.
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
        /// Where to write the result (`-` for stdout).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The length of conflict markers in a text merge (git's %L).
        #[arg(long, default_value_t = 7)]
        marker_size: usize,
        /// The file's path in the repository (git's %P), for messages.
        #[arg(long)]
        path: Option<String>,
        /// The name of the common ancestor (git's %S).
        #[arg(long)]
        base_label: Option<String>,
        /// The name of our side (git's %X).
        #[arg(long)]
        ours_label: Option<String>,
        /// The name of their side (git's %Y); hotspots name it.
        #[arg(long)]
        theirs_label: Option<String>,
    },
    /// Shows what changed from board A to board B: added, removed, moved, renamed, changed
    /// fields, per bounded context. Exit 0 when nothing changed, 1 when something did.
    Diff { a: PathBuf, b: PathBuf },
    /// Prints a board one line per item in a stable order, for `git diff` (git's textconv).
    Textconv { file: PathBuf },
    /// Configures git to merge and diff boards with Stormpad: merge.stormpad.driver,
    /// diff.stormpad.textconv and `*.storm.ron merge=stormpad diff=stormpad` in .gitattributes.
    GitSetup {
        /// For every repository of this user (~/.gitconfig and git's global attributes file).
        #[arg(long)]
        global: bool,
    },
    /// Serves a board live (Yjs sync protocol over WebSocket) without a window, saving the
    /// shared board back to FILE at an interval and on exit (Ctrl+C, SIGTERM).
    Host {
        file: PathBuf,
        /// The address to listen on: 127.0.0.1 (this machine only) unless the local network
        /// is wanted (`--bind 0.0.0.0`, or this machine's address on the network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port (0: any free port; the join address says which).
        #[arg(long, default_value_t = 4455)]
        port: u16,
        /// Seconds between saves of a changed board.
        #[arg(long, default_value_t = 10)]
        save_every: u64,
    },
    /// Fetches a live board (a `ws://` or `wss://` join address) into a file, in canonical form.
    Join {
        url: String,
        /// The board file to write.
        #[arg(long)]
        out: PathBuf,
        /// Seconds to wait for the board.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// Copies the default code templates into DIR (one folder per language) to change.
    Export { dir: PathBuf },
}

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    if let Some(file) = cli.measure {
        return stormpad::ui::measure::run(stormpad::ui::measure::Options {
            file,
            script: cli.script,
            seconds: cli.seconds,
            size: cli.size,
            rate: cli.rate,
            rounds: cli.rounds,
        });
    }
    match cli.command {
        None => {
            let measure = cli.exit_after_first_frame.then_some(started);
            let join = cli.join.map(|url| (url, cli.name));
            stormpad::ui::run_joining(cli.file, measure, join)
        }
        Some(Command::Check { file, format }) => stormpad::cli::check(&file, format),
        Some(Command::Export {
            file,
            to,
            out,
            include_internal,
            allow_errors,
            templates,
            scale,
            context,
        }) => stormpad::cli::export(
            &file,
            to,
            &out,
            (stormpad::export::Options { include_internal }, allow_errors),
            templates.as_deref(),
            &stormpad::export::picture::Options {
                scale,
                scope: context.map_or(stormpad::export::picture::Scope::Board, |name| {
                    stormpad::export::picture::Scope::Context(name)
                }),
            },
        ),
        Some(Command::Templates {
            action: TemplatesAction::Export { dir },
        }) => stormpad::cli::templates_export(&dir),
        Some(Command::Fmt { check, files }) => stormpad::cli::fmt(&files, check),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            output,
            marker_size,
            path,
            base_label,
            ours_label,
            theirs_label,
        }) => stormpad::cli::merge(&stormpad::file::merge::driver::Request {
            base,
            ours,
            theirs,
            output,
            marker_size,
            path,
            labels: stormpad::cli::merge_labels(base_label, ours_label, theirs_label),
        }),
        Some(Command::Diff { a, b }) => stormpad::cli::diff(&a, &b),
        Some(Command::Textconv { file }) => stormpad::cli::textconv(&file),
        Some(Command::GitSetup { global }) => stormpad::cli::git_setup(global),
        Some(Command::Host {
            file,
            bind,
            port,
            save_every,
        }) => stormpad::cli::host(&file, bind, port, save_every),
        Some(Command::Join { url, out, timeout }) => stormpad::cli::join(&url, &out, timeout),
    }
}
