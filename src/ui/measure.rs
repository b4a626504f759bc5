//! `stormpad --measure FILE`: end-to-end frame times of the real window, as the user sees them.
//!
//! Criterion measures the CPU side of a frame; without a GPU the rasterising in Mesa's
//! software GL costs more than all of it. This opens the real window (eframe, glow) with the
//! real app inside, drives a scripted interaction through egui input events injected at a
//! steady rate (like a replay: the app cannot tell them from the mouse and keyboard), and times
//! each frame from the start of one frame to the start of the next, after `glFinish`: the
//! previous frame's egui pass, tessellation, painting and buffer swap all lie in between. One
//! JSON line per script and board, first on an empty board (the floor of this machine and of
//! the input rate), then on FILE.
//!
//! Scripts: `pan` (middle-button drag at 100%), `pan-fit` (the same, zoomed to fit), `zoom`
//! (pinch in and out at 100%), `drag` (1,000 selected stickies, or all when fewer, moved with
//! the primary button), `type` (typing and erasing in a sticky). The motion of `pan` follows
//! `../shared/tools/frame-probe/run`: 4 points a step, back and forth over 400 points.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers, PointerButton, Pos2, RawInput, Ui, Vec2};

use super::StormpadApp;
use super::canvas::camera::Camera;
use super::canvas::{CanvasState, TextTarget};
use super::document::Document;
use crate::model::{self, Board, Id, Kind, Point, Sticky};

/// A scripted interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Script {
    /// Middle-button pan at 100% zoom.
    Pan,
    /// Middle-button pan with the whole board in view.
    PanFit,
    /// Pinch zoom in and out around the middle of the view, starting at 100%.
    Zoom,
    /// Drags 1,000 selected stickies (all of them on smaller boards) at 100%.
    Drag,
    /// Types into a sticky and erases it again, at 100%.
    Type,
    /// All of the above in turn.
    All,
}

impl Script {
    const EACH: [Script; 5] = [
        Script::Pan,
        Script::PanFit,
        Script::Zoom,
        Script::Drag,
        Script::Type,
    ];

    fn name(self) -> &'static str {
        match self {
            Script::Pan => "pan",
            Script::PanFit => "pan-fit",
            Script::Zoom => "zoom",
            Script::Drag => "drag",
            Script::Type => "type",
            Script::All => "all",
        }
    }

    fn fits(self) -> bool {
        self == Script::PanFit
    }
}

/// What `--measure` was asked for.
#[derive(Clone, Debug)]
pub struct Options {
    pub file: PathBuf,
    pub script: Script,
    /// Seconds each script is timed for (after half a second of warm-up).
    pub seconds: f32,
    /// The window's inner size in points.
    pub size: [f32; 2],
    /// Input events a second (pointer moves or keys); 85 as the frame probe's xdotool sends.
    pub rate: f32,
    /// Rounds of the empty board and the board in turn, each timed `seconds`; each JSON line
    /// pools its side's rounds, so a slower moment of the machine falls on both alike.
    pub rounds: u32,
}

/// Reads `--size WIDTHxHEIGHT`.
pub fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let parse = |v: &str| v.trim().parse::<f32>().ok().filter(|v| *v >= 100.0);
    match text.split_once(['x', 'X']) {
        Some((w, h)) => match (parse(w), parse(h)) {
            (Some(w), Some(h)) => Ok([w, h]),
            _ => Err(format!(
                "{text}: width and height must be numbers of at least 100"
            )),
        },
        None => Err(format!("{text}: expected WIDTHxHEIGHT, e.g. 1920x1080")),
    }
}

/// How many stickies the drag script moves.
const DRAG_COUNT: usize = 1000;
/// Frames of warm-up before timing (caches filled, the first textures uploaded).
const WARM_UP: Duration = Duration::from_millis(500);
/// The text the type script types before erasing it again.
const TYPED: &str = "Order placed ";

/// Opens the window and runs the scripts; prints one JSON line per script and board.
pub fn run(options: Options) -> ExitCode {
    let board = match Document::open(&options.file) {
        Ok(doc) => doc.board,
        Err(e) => {
            eprintln!("{}: {e}", options.file.display());
            return ExitCode::from(2);
        }
    };
    let scripts: Vec<Script> = if options.script == Script::All {
        Script::EACH.to_vec()
    } else {
        vec![options.script]
    };
    let name = options
        .file
        .file_name()
        .map_or_else(|| "board".to_owned(), |n| n.to_string_lossy().into_owned());
    let mut runs = Vec::new();
    let rounds = options.rounds.max(1);
    for script in scripts {
        for round in 1..=rounds {
            let last = round == rounds;
            runs.push(Run::new(script, ("empty", true), floor_board(script), last));
            runs.push(Run::new(script, (&name, false), board.clone(), last));
        }
    }
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Stormpad: measuring frames")
            .with_app_id("stormpad-measure")
            .with_inner_size(options.size)
            .with_resizable(false),
        persist_window: false,
        ..Default::default()
    };
    let result = eframe::run_native(
        "Stormpad measure",
        native,
        Box::new(move |cc| {
            cc.egui_ctx.set_theme(egui::Theme::Light);
            Ok(Box::new(Measure::new(options, runs)))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stormpad: could not start the window: {e}");
            ExitCode::from(2)
        }
    }
}

/// The floor: an empty board, with the one sticky that dragging and typing need.
fn floor_board(script: Script) -> Board {
    let mut board = Board::new("Empty board");
    if matches!(script, Script::Drag | Script::Type) {
        let s = Sticky::new(Kind::DomainEvent, "Order placed", Point::new(0.0, 0.0));
        board.stickies.insert(Id::random(), s);
    }
    board
}

/// One script on one board (one round of it), and the frames timed so far.
struct Run {
    script: Script,
    name: String,
    /// The empty board (the floor) or the board measured.
    floor: bool,
    /// The last round of this script: its end prints the pooled lines.
    last: bool,
    board: Option<Board>,
    stickies: usize,
    /// When input started, and the step of the script next due.
    started: Option<Instant>,
    step: u64,
    /// Where the script's pointer presses (screen points).
    anchor: Pos2,
    frames: Vec<Instant>,
    /// How far the camera moved while timed, in points: a pan that did not pan shows as 0.
    panned: f32,
    last_pan: Option<Vec2>,
    /// The canvas's count of frames drawn over the edit picture when timing started, and
    /// the count since (a typing or drag run that never used it shows 0).
    pictures_from: u64,
    pictures: u64,
    /// The same for the frames that moved the dragged stickies as one picture.
    layers_from: u64,
    layers: u64,
    /// The same for the frames that put the dragged stickies' bodies on as memory rows.
    bodies_from: u64,
    bodies: u64,
    /// The same for the frames that showed the zoom picture scaled.
    zooms_from: u64,
    zooms: u64,
    /// The script's end (button up) was given to the app: the run ends with this frame.
    /// Decided where the input is made, so no run ends with its button still held (which
    /// left the next run's press dragging a widget of the board before).
    ended: bool,
}

impl Run {
    /// A round of `script` on `board`, named `name`, the floor or not.
    fn new(script: Script, (name, floor): (&str, bool), board: Board, last: bool) -> Self {
        Self {
            script,
            name: name.to_owned(),
            floor,
            last,
            stickies: board.stickies.len(),
            board: Some(board),
            started: None,
            step: 0,
            anchor: Pos2::ZERO,
            frames: Vec::new(),
            panned: 0.0,
            last_pan: None,
            pictures_from: 0,
            pictures: 0,
            layers_from: 0,
            layers: 0,
            bodies_from: 0,
            bodies: 0,
            zooms_from: 0,
            zooms: 0,
            ended: false,
        }
    }
}

/// What the rounds of one side (the floor or the board) of a script timed, pooled.
#[derive(Default)]
struct Timing {
    /// The board's name and stickies.
    name: String,
    stickies: usize,
    /// Milliseconds between one frame and the next, within each round.
    intervals: Vec<f64>,
    /// Seconds from the first timed frame to the last, summed over the rounds.
    span: f64,
    frames: usize,
    panned: f32,
    pictures: u64,
    layers: u64,
    bodies: u64,
    zooms: u64,
}

impl Timing {
    /// Adds a finished round.
    fn add(&mut self, run: &Run) {
        self.name.clone_from(&run.name);
        self.stickies = run.stickies;
        self.intervals.extend(
            run.frames
                .windows(2)
                .map(|w| (w[1] - w[0]).as_secs_f64() * 1000.0),
        );
        if let (Some(a), Some(b)) = (run.frames.first(), run.frames.last()) {
            self.span += (*b - *a).as_secs_f64();
        }
        self.frames += run.frames.len();
        self.panned += run.panned;
        self.pictures += run.pictures;
        self.layers += run.layers;
        self.bodies += run.bodies;
        self.zooms += run.zooms;
    }
}

/// The real app inside a driver that feeds it input and times its frames.
struct Measure {
    app: StormpadApp,
    options: Options,
    runs: std::collections::VecDeque<Run>,
    /// The rounds so far of the current script: the floor's and the board's.
    pooled: [Timing; 2],
    /// Frames to draw after loading a board before the script starts (fit, layout).
    settle: u32,
    /// Whether the script's view and selection are set for the run being settled.
    prepared: bool,
}

impl Measure {
    fn new(options: Options, runs: Vec<Run>) -> Self {
        Self {
            app: StormpadApp::new(Document::untitled(Board::new("Empty board"))),
            options,
            runs: runs.into(),
            pooled: Default::default(),
            settle: 0,
            prepared: false,
        }
    }

    fn interval(&self) -> Duration {
        Duration::from_secs_f32(1.0 / self.options.rate.max(1.0))
    }

    /// Puts the next run's board in the app and sets the view its script starts from.
    fn load(&mut self) {
        let Some(run) = self.runs.front_mut() else {
            return;
        };
        let Some(board) = run.board.take() else {
            return;
        };
        self.app.doc = Document::untitled(board);
        self.app.canvas = CanvasState::for_view(self.app.canvas.view);
        self.settle = 3;
    }

    /// After the board was fitted: the script's camera, selection and starting point.
    fn prepare(&mut self) {
        let Some(run) = self.runs.front_mut() else {
            return;
        };
        let canvas = &mut self.app.canvas;
        let board = &self.app.doc.board;
        let view = canvas.view;
        let centre = board.bounds().map_or(Point::default(), |b| b.center());
        let target = nearest_sticky(board, centre);
        if !run.script.fits() {
            let focus = target
                .and_then(|id| board.stickies.get(&id))
                .map_or(centre, |s| s.rect().center());
            canvas.camera = Camera {
                pan: Vec2::ZERO,
                zoom: 1.0,
            };
            canvas.camera.pan = view.center() - canvas.camera.screen_from_board(view, focus);
        }
        run.anchor = view.center();
        match run.script {
            Script::Pan | Script::PanFit => {
                run.anchor = free_point(board, &canvas.camera, view);
            }
            Script::Drag => {
                if let Some(id) = target {
                    let near = nearest_stickies(board, id, DRAG_COUNT);
                    canvas.selection.select_stickies(near);
                }
            }
            Script::Type => {
                if let Some(id) = target {
                    canvas.selection.select_stickies([id]);
                    canvas.start_editing(board, TextTarget::Sticky(id));
                }
            }
            Script::Zoom | Script::All => {}
        }
    }

    /// The input of the current run that is due now.
    fn inject(&mut self, raw: &mut RawInput) {
        let interval = self.interval();
        let seconds = Duration::from_secs_f32(self.options.seconds.max(0.1));
        let Some(run) = self.runs.front_mut() else {
            return;
        };
        let Some(started) = run.started else {
            return;
        };
        let now = Instant::now();
        if run.step == 0 {
            raw.events.extend(begin(run.script, run.anchor));
            run.step = 1;
        }
        while started + interval * run.step as u32 <= now {
            raw.events.extend(step(run.script, run.anchor, run.step));
            run.step += 1;
        }
        if now >= started + WARM_UP + seconds {
            raw.events.extend(end(run.script, run.anchor));
            run.ended = true;
        }
    }

    /// Times this frame; ends the run when its time is up and prints its line.
    fn time_frame(&mut self, ctx: &egui::Context) {
        let size = self.options.size;
        let Some(run) = self.runs.front_mut() else {
            return;
        };
        let Some(started) = run.started else {
            return;
        };
        let now = Instant::now();
        if now >= started + WARM_UP {
            let canvas = &self.app.canvas;
            if run.frames.is_empty() {
                run.pictures_from = canvas.edit_picture_frames;
                run.layers_from = canvas.drag_layer_frames;
                run.bodies_from = canvas.drag_body_frames;
                run.zooms_from = canvas.zoom_picture_frames;
            }
            run.zooms = canvas.zoom_picture_frames.saturating_sub(run.zooms_from);
            run.layers = canvas.drag_layer_frames.saturating_sub(run.layers_from);
            run.bodies = canvas.drag_body_frames.saturating_sub(run.bodies_from);
            run.frames.push(now);
            run.pictures = (self.app.canvas.edit_picture_frames).saturating_sub(run.pictures_from);
        }
        if run.ended {
            self.pooled[usize::from(!run.floor)].add(run);
            if run.last && !run.floor {
                let [floor, board] = std::mem::take(&mut self.pooled);
                println!("{}", report(&floor, run.script, size));
                println!("{}", report(&board, run.script, size));
            }
            self.runs.pop_front();
            // The next board, or an unchanged one to close on without the unsaved-changes
            // question (the drag and type scripts changed theirs).
            self.app.doc = Document::untitled(Board::new("Empty board"));
            self.app.canvas = CanvasState::for_view(self.app.canvas.view);
            if self.runs.is_empty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}

/// Where a pan can start: a point on the canvas (left half, so the motion stays on it) over
/// no sticky and no region title, else the middle of the canvas.
fn free_point(board: &Board, camera: &Camera, view: egui::Rect) -> Pos2 {
    let occupied = |p: Pos2| {
        let b = camera.board_from_screen(view, p);
        // A region's title strip is a widget too (it selects and moves the region).
        let title = |r: model::Rect| {
            let screen = camera.screen_rect(view, r);
            super::canvas::draw::region_title_rect(screen, camera.zoom)
                .expand(4.0)
                .contains(p)
        };
        let m = 4.0 / camera.zoom;
        let near = |r: model::Rect| {
            let max = r.max();
            b.x >= r.pos.x - m && b.x <= max.x + m && b.y >= r.pos.y - m && b.y <= max.y + m
        };
        board.stickies.values().any(|s| near(s.rect()))
            || board.boundaries.values().any(|r| title(r.rect))
    };
    let (x0, x1) = (view.left() + 40.0, view.center().x - 200.0);
    let (y0, y1) = (view.top() + 80.0, view.bottom() - 40.0);
    let mut y = view.center().y;
    while y >= y0 {
        let mut x = x0;
        while x <= x1 {
            for p in [Pos2::new(x, y), Pos2::new(x, 2.0 * view.center().y - y)] {
                if p.y <= y1 && !occupied(p) {
                    return p;
                }
            }
            x += 12.0;
        }
        y -= 12.0;
    }
    view.center()
}

/// The sticky nearest to a board point.
fn nearest_sticky(board: &Board, p: Point) -> Option<Id> {
    board
        .stickies
        .iter()
        .map(|(id, s)| (distance(s.rect().center(), p), *id))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, id)| id)
}

/// The `count` stickies nearest to one sticky (itself included).
fn nearest_stickies(board: &Board, id: Id, count: usize) -> Vec<Id> {
    let Some(c) = board.stickies.get(&id).map(|s| s.rect().center()) else {
        return Vec::new();
    };
    let mut all: Vec<(f32, Id)> = board
        .stickies
        .iter()
        .map(|(id, s)| (distance(s.rect().center(), c), *id))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    all.into_iter().take(count).map(|(_, id)| id).collect()
}

fn distance(a: Point, b: Point) -> f32 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// The script's pointer at a step: back and forth over 400 points, 4 points a step.
fn wave(anchor: Pos2, step: u64) -> Pos2 {
    let i = (step % 100) as f32 * 4.0;
    let x = if (step / 100).is_multiple_of(2) {
        i
    } else {
        400.0 - i
    };
    Pos2::new(anchor.x + x, anchor.y)
}

fn button(pos: Pos2, button: PointerButton, pressed: bool) -> Event {
    Event::PointerButton {
        pos,
        button,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

fn key(key: Key) -> [Event; 2] {
    let event = |pressed| Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    [event(true), event(false)]
}

/// What starts the script: the pointer comes over the canvas and a button goes down.
fn begin(script: Script, anchor: Pos2) -> Vec<Event> {
    let mut events = vec![Event::PointerMoved(anchor)];
    match script {
        Script::Pan | Script::PanFit => events.push(button(anchor, PointerButton::Middle, true)),
        Script::Drag => events.push(button(anchor, PointerButton::Primary, true)),
        Script::Zoom | Script::Type | Script::All => {}
    }
    events
}

/// One step of input.
fn step(script: Script, anchor: Pos2, step: u64) -> Vec<Event> {
    match script {
        Script::Pan | Script::PanFit | Script::Drag => {
            vec![Event::PointerMoved(wave(anchor, step))]
        }
        Script::Zoom => {
            // Twenty steps in, twenty out.
            let factor = if (step / 20).is_multiple_of(2) {
                1.05
            } else {
                1.0 / 1.05
            };
            vec![Event::Zoom(factor)]
        }
        Script::Type => {
            let len = TYPED.chars().count() as u64;
            let i = step % (2 * len);
            match TYPED.chars().nth(i as usize) {
                Some(c) => vec![Event::Text(c.to_string())],
                None => key(Key::Backspace).to_vec(),
            }
        }
        Script::All => Vec::new(),
    }
}

/// What ends the script: the button comes up.
fn end(script: Script, anchor: Pos2) -> Vec<Event> {
    match script {
        Script::Pan | Script::PanFit => vec![button(anchor, PointerButton::Middle, false)],
        Script::Drag => vec![button(anchor, PointerButton::Primary, false)],
        Script::Zoom | Script::Type | Script::All => Vec::new(),
    }
}

/// One JSON line: the intervals between frames, in milliseconds.
fn report(timing: &Timing, script: Script, size: [f32; 2]) -> String {
    let mut intervals = timing.intervals.clone();
    intervals.sort_by(f64::total_cmp);
    let at = |q: f64| -> f64 {
        if intervals.is_empty() {
            return 0.0;
        }
        let i = ((intervals.len() as f64 * q).ceil() as usize).clamp(1, intervals.len()) - 1;
        intervals[i]
    };
    let fps = if timing.span > 0.0 {
        intervals.len() as f64 / timing.span
    } else {
        0.0
    };
    let round = |v: f64| (v * 10.0).round() / 10.0;
    serde_json::json!({
        "board": timing.name,
        "stickies": timing.stickies,
        "script": script.name(),
        "window": [size[0], size[1]],
        "frames": timing.frames,
        "median_ms": round(at(0.5)),
        "p95_ms": round(at(0.95)),
        "p99_ms": round(at(0.99)),
        "max_ms": round(intervals.last().copied().unwrap_or(0.0)),
        "fps": round(fps),
        "camera_moved_pt": round(f64::from(timing.panned)),
        "edit_picture_frames": timing.pictures,
        "drag_layer_frames": timing.layers,
        "drag_body_frames": timing.bodies,
        "zoom_picture_frames": timing.zooms,
    })
    .to_string()
}

impl eframe::App for Measure {
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw: &mut RawInput) {
        // The real pointer must not disturb the script.
        raw.events.retain(|e| {
            !matches!(
                e,
                Event::PointerMoved(_)
                    | Event::PointerButton { .. }
                    | Event::PointerGone
                    | Event::MouseWheel { .. }
            )
        });
        // The script types as a user does into the window in front; under Xvfb without a
        // window manager the window never gets the focus, and egui would drop the editor's.
        raw.focused = true;
        self.inject(raw);
    }

    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        if let Some(gl) = frame.gl() {
            use eframe::glow::HasContext as _;
            // SAFETY: glFinish takes no arguments and only waits for the GL work queued on
            // this thread's current context (the one eframe painted the last frame with).
            unsafe { gl.finish() };
        }
        self.time_frame(ctx);
    }

    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let loading = self
            .runs
            .front()
            .is_some_and(|r| r.board.is_some() && r.started.is_none());
        if loading {
            self.load();
        }
        self.app.ui(ui, frame);
        let pan = self.app.canvas.camera.pan;
        if let Some(run) = self.runs.front_mut()
            && run.started.is_some()
            && let Some(last) = run.last_pan.replace(pan)
        {
            run.panned += (pan - last).length();
        }
        if self.settle > 0 {
            self.settle -= 1;
            if self.settle == 0 && !self.prepared {
                self.prepare();
                // egui hit-tests a press against the widgets of the frame before: draw the
                // script's view twice before the first press.
                self.prepared = true;
                self.settle = 2;
            } else if self.settle == 0 && self.app.doc.deriving() {
                // The board's first analysis (in the background) belongs to opening it, not
                // to the script: wait for it.
                self.settle = 1;
            } else if self.settle == 0 {
                self.prepared = false;
                if let Some(run) = self.runs.front_mut() {
                    run.started = Some(Instant::now());
                }
            }
        }
        // The next frame when the next step is due (at once while loading and settling).
        let interval = self.interval();
        let wait = self.runs.front().and_then(|r| {
            let started = r.started?;
            let due = started + interval * r.step as u32;
            Some(due.saturating_duration_since(Instant::now()))
        });
        ctx.request_repaint_after(wait.unwrap_or(Duration::ZERO));
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        eframe::App::clear_color(&self.app, visuals)
    }

    fn persist_egui_memory(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A round whose frames came every `ms` milliseconds, `count` of them, from `start`.
    fn round(start: Instant, ms: u64, count: u32, floor: bool) -> Run {
        let name = if floor { "empty" } else { "board" };
        let mut run = Run::new(Script::Pan, (name, floor), Board::default(), false);
        run.frames = (0..count)
            .map(|i| start + Duration::from_millis(ms) * i)
            .collect();
        run
    }

    /// Rounds are pooled interval by interval: the pause between two rounds (loading the
    /// other board) is no frame, and each side's line counts all its rounds' frames.
    #[test]
    fn rounds_pool_their_intervals_and_not_the_pause_between_them() {
        let start = Instant::now();
        let mut pooled: [Timing; 2] = Default::default();
        let rounds = [
            round(start, 4, 101, true),
            round(start + Duration::from_secs(1), 6, 101, false),
            round(start + Duration::from_secs(5), 4, 101, true),
            round(start + Duration::from_secs(9), 8, 101, false),
        ];
        for run in &rounds {
            pooled[usize::from(!run.floor)].add(run);
        }
        let line = |t: &Timing| -> serde_json::Value {
            let text = report(t, Script::Pan, [800.0, 600.0]);
            serde_json::from_str(&text).unwrap_or_default()
        };
        let (floor, board) = (line(&pooled[0]), line(&pooled[1]));
        assert_eq!(floor["frames"], 202);
        assert_eq!(
            (&floor["board"], &board["board"]),
            (&"empty".into(), &"board".into())
        );
        assert_eq!(
            floor["max_ms"], 4.0,
            "the pause between rounds is not an interval"
        );
        assert_eq!(floor["fps"], 250.0);
        assert_eq!(board["median_ms"], 6.0);
        assert_eq!(board["p95_ms"], 8.0);
    }
}
