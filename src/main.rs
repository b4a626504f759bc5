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
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// Copies the default code templates into DIR (one folder per language) to change.
    Export { dir: PathBuf },
}

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    match cli.command {
        None => {
            let measure = cli.exit_after_first_frame.then_some(started);
            stormpad::ui::run(cli.file, measure)
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
    }
}
