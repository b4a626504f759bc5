//! CPU cost of one frame of the real canvas (egui pass, layout and tessellation; no GPU) on
//! generated boards of 1k, 10k and 100k stickies, at three views: the whole board, a
//! projector's screenful at workshop zoom, and while dragging 1,000 selected stickies.
//!
//! `cargo bench --bench canvas`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui::{Event, Modifiers, PointerButton, Pos2, RawInput, Rect, Vec2};
use stormpad::edit::History;
use stormpad::model::{Board, Id, Point, generate};
use stormpad::ui::canvas::{CanvasState, canvas_ui};

const SCREEN: Vec2 = Vec2::new(1920.0, 1080.0);
/// The zoom at which a 1080p screen shows about 200 generated stickies.
const WORKSHOP_ZOOM: f32 = 0.45;

struct Scene {
    ctx: egui::Context,
    board: Board,
    state: CanvasState,
}

impl Scene {
    fn new(stickies: usize) -> Self {
        let mut scene = Self {
            ctx: egui::Context::default(),
            board: generate::board(stickies, 42),
            state: CanvasState::default(),
        };
        scene.frame(Vec::new());
        scene
    }

    /// One frame: the egui pass over the canvas, then tessellation. Returns the number of
    /// primitives so the work cannot be optimised away.
    fn frame(&mut self, events: Vec<Event>) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
            events,
            ..RawInput::default()
        };
        let (board, state) = (&self.board, &mut self.state);
        let mut output = self.ctx.run_ui(input, |ui| {
            black_box(canvas_ui(ui, board, &History::default(), state));
        });
        let primitives = self
            .ctx
            .tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        output.textures_delta.clear();
        primitives.len()
    }

    fn workshop_view(&mut self) {
        self.state.camera.zoom = WORKSHOP_ZOOM;
        self.state.camera.pan = Vec2::new(-400.0, -300.0);
    }

    /// Selects the 1,000 stickies nearest the view's top-left and presses on one of them.
    fn start_drag(&mut self) -> Pos2 {
        self.workshop_view();
        let corner = self
            .state
            .camera
            .board_from_screen(self.state.view, Pos2::new(200.0, 200.0));
        let mut by_distance: Vec<(f32, Id)> = self
            .board
            .stickies
            .iter()
            .map(|(id, s)| {
                let c = s.rect().center();
                ((c.x - corner.x).powi(2) + (c.y - corner.y).powi(2), *id)
            })
            .collect();
        by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
        let chosen: Vec<Id> = by_distance.iter().take(1000).map(|(_, id)| *id).collect();
        self.state.selection.select_stickies(chosen.iter().copied());
        let grab = self.board.stickies[&chosen[0]].rect().center();
        let at = self.state.camera.screen_from_board(self.state.view, grab);
        self.frame(vec![Event::PointerMoved(at)]);
        self.frame(vec![Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        }]);
        let mut pos = at;
        for _ in 0..5 {
            pos += Vec2::new(3.0, 1.0);
            self.frame(vec![Event::PointerMoved(pos)]);
        }
        pos
    }

    fn visible(&self) -> usize {
        let view = self.state.camera.visible(self.state.view);
        self.board
            .stickies
            .values()
            .filter(|s| s.rect().intersects(&view))
            .count()
    }
}

fn canvas(c: &mut Criterion) {
    let mut group = c.benchmark_group("canvas frame");
    group.sample_size(30);
    for size in [1_000, 10_000, 100_000] {
        let mut scene = Scene::new(size);
        scene.state.zoom_to_fit(&scene.board);
        scene.frame(Vec::new());
        let everything = scene.board.bounds().map(|b| {
            scene
                .state
                .camera
                .visible(scene.state.view)
                .contains_rect(&b)
        });
        eprintln!(
            "{size} stickies: fit all at {:.1}% shows the whole board: {everything:?}",
            scene.state.camera.zoom * 100.0
        );
        group.bench_function(BenchmarkId::new("fit all", size), |b| {
            b.iter(|| scene.frame(Vec::new()));
        });
        // Panning zoomed out: the overview picture is drawn again every frame.
        // Panning zoomed out (back and forth, so the view stays on the board): the overview
        // picture is drawn again every frame.
        let mut step = 1.0;
        group.bench_function(BenchmarkId::new("fit all, panning", size), |b| {
            b.iter(|| {
                step = -step;
                scene.state.camera.pan.x += step;
                scene.frame(Vec::new())
            });
        });

        let mut scene = Scene::new(size);
        scene.workshop_view();
        scene.frame(Vec::new());
        eprintln!(
            "{size} stickies: {} visible at workshop zoom",
            scene.visible()
        );
        group.bench_function(BenchmarkId::new("workshop zoom", size), |b| {
            b.iter(|| scene.frame(Vec::new()));
        });
        let mut step = 1.0;
        group.bench_function(BenchmarkId::new("workshop zoom, panning", size), |b| {
            b.iter(|| {
                step = -step;
                scene.state.camera.pan.x += step;
                scene.frame(Vec::new())
            });
        });

        let mut scene = Scene::new(size);
        let mut pos = scene.start_drag();
        let mut step = 1.0;
        group.bench_function(BenchmarkId::new("dragging 1000", size), |b| {
            b.iter(|| {
                step = -step;
                pos += Vec2::new(step, 0.0);
                scene.frame(vec![Event::PointerMoved(pos)])
            });
        });
    }
    group.finish();
    let _ = Point::default();
}

criterion_group!(benches, canvas);
criterion_main!(benches);
