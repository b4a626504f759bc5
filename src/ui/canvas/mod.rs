//! The infinite canvas: camera, drawing, hit testing, tools and inline text editing.
//!
//! The canvas reads the board and returns [`Edit`]s; it never changes the board itself. All
//! view state (camera, selection, the gesture in progress) lives in [`CanvasState`], never in
//! the board file. Each frame first fixes the camera and maps the pointer into board space
//! once ([`scene`]); everything below works in board units. The parts, in drawing order:
//! [`regions`] (with [`resize`]), [`links`], [`stickies`], the zoomed-out [`overview`],
//! clicks and drags on the empty [`background`], the [`gesture`] in progress, and the
//! [`text_editor`]. What is selected is a [`selection::Selection`]. While the zoom changes,
//! the board as last drawn in full stands in for all of that, scaled ([`zoom_picture`]).

mod background;
pub mod camera;
mod drag_layer;
pub mod draw;
mod edit_picture;
mod gesture;
mod links;
mod minimap;
pub mod overview;
pub mod presence;
mod regions;
mod resize;
mod scene;
pub mod selection;
mod stickies;
mod text_editor;
mod zoom_picture;

use std::collections::BTreeMap;

use egui::{CornerRadius, Pos2, Rect, Role, Sense, Ui, Vec2, WidgetInfo};

use self::camera::Camera;
use self::gesture::Gesture;
use self::scene::Scene;
use self::selection::Selection;
pub use self::text_editor::next_sticky;
use crate::edit::{Edit, History, ops::Items};
use crate::model::check::{Finding, Severity};
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Board, BoundaryKind, Id, Kind, Point, Size, Sticky};
use crate::ui::theme;

/// Below this zoom the stickies are one cached picture (see [`overview`]).
const OVERVIEW_ZOOM: f32 = 0.12;

/// How many changes of the markers the canvas remembers the stickies of.
const MARKERS_LOG: usize = 64;

/// What a click or drag on empty canvas does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Click selects, drag draws a rubber band.
    Select,
    /// The next click places a sticky of this kind.
    Place(Kind),
    /// A drag draws a region of this kind.
    Region(BoundaryKind),
}

/// The text being edited in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextTarget {
    Sticky(Id),
    Region(Id),
}

/// Everything the canvas remembers between frames that is not part of the board.
pub struct CanvasState {
    pub camera: Camera,
    /// What is selected, with the order its stickies were picked in.
    pub selection: Selection,
    pub tool: Tool,
    pub editing: Option<TextTarget>,
    /// The text being typed; written to the board as the user types.
    pub edit_buffer: String,
    /// Frames left in which the editor asks for the keyboard (a click that creates a sticky
    /// ends in the same frame, and egui settles focus on the next).
    focus_editor: u8,
    gesture: Gesture,
    hovered: Option<Id>,
    /// The pointer in board units, while it is over the canvas.
    pub pointer: Option<Point>,
    /// Zoom to fit on the next frame (after opening a board).
    pub fit_pending: bool,
    /// The camera of the last zoom to fit, while the user has not moved it since: the board
    /// is fitted again when the canvas changes size (a panel opens, the window grows).
    fitted: Option<Camera>,
    /// The canvas rectangle of the last frame, for commands that need the view.
    pub view: Rect,
    /// The spatial index of the board at a history revision.
    index: Option<(u64, SpatialIndex)>,
    /// What a drag in progress moves (the selection and its regions' contents), worked out
    /// once when the drag starts.
    moving: Option<Items>,
    overview: overview::Overview,
    /// The board as drawn when a pan started, moved as one picture while it goes on.
    pan_picture: overview::PanPicture,
    /// The worst finding of the model check on each sticky (errors and warnings), drawn as
    /// a marker; set by the app from the findings of one board revision.
    markers: BTreeMap<Id, Severity>,
    markers_revision: Option<u64>,
    /// Counts the changes of `markers` (a new revision with the same findings is none).
    markers_generation: u64,
    /// The stickies whose marker each of the latest changes of `markers` changed, with the
    /// generation it led to, oldest first.
    markers_log: std::collections::VecDeque<(u64, Vec<Id>)>,
    /// How many frames the edit picture stood in for the board (`stormpad --measure` shows
    /// it, so a figure says whether the picture was used).
    pub edit_picture_frames: u64,
    /// How many frames the dragged stickies were one moved picture (for `--measure` too).
    pub drag_layer_frames: u64,
    /// How many of those put the dragged stickies' opaque bodies on as memory rows.
    pub drag_body_frames: u64,
    /// The board without the sticky typed into or the stickies dragged, kept as one picture
    /// while they change.
    edit_picture: edit_picture::EditPicture,
    /// The dragged stickies as one picture moved over it while a drag goes on.
    drag_layer: drag_layer::DragLayer,
    /// The board's revision at which the selection was last checked against it
    /// ([`CanvasState::forget_missing_at`]).
    missing_checked: Option<u64>,
    /// Whether the minimap shows (the app sets it from its settings).
    pub show_minimap: bool,
    minimap: minimap::Minimap,
    /// The board as last drawn in full, shown scaled while the zoom changes.
    zoom_picture: zoom_picture::ZoomPicture,
    /// How many frames the zoom picture stood in for the board (for `--measure`).
    pub zoom_picture_frames: u64,
}

impl Default for CanvasState {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            selection: Selection::default(),
            tool: Tool::Select,
            editing: None,
            edit_buffer: String::new(),
            focus_editor: 0,
            gesture: Gesture::Idle,
            hovered: None,
            pointer: None,
            fit_pending: true,
            fitted: None,
            view: Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 800.0)),
            index: None,
            moving: None,
            overview: overview::Overview::default(),
            pan_picture: overview::PanPicture::default(),
            markers: BTreeMap::new(),
            markers_revision: None,
            markers_generation: 0,
            markers_log: std::collections::VecDeque::new(),
            edit_picture_frames: 0,
            drag_layer_frames: 0,
            drag_body_frames: 0,
            edit_picture: edit_picture::EditPicture::default(),
            drag_layer: drag_layer::DragLayer::default(),
            missing_checked: None,
            show_minimap: false,
            minimap: minimap::Minimap::default(),
            zoom_picture: zoom_picture::ZoomPicture::default(),
            zoom_picture_frames: 0,
        }
    }
}

impl CanvasState {
    /// A fresh state for a newly opened board shown in `view` (zoomed to fit next frame).
    pub fn for_view(view: Rect) -> Self {
        Self {
            view,
            ..Self::default()
        }
    }

    /// The board point at the centre of the view.
    pub fn view_center(&self) -> Point {
        self.camera.board_from_screen(self.view, self.view.center())
    }

    /// Where a new sticky goes: under the pointer, else in the middle of the view.
    pub fn placement_point(&self) -> Point {
        self.pointer.unwrap_or_else(|| self.view_center())
    }

    /// The centre for a new sticky of `kind` asked for at `at`: moved just enough that all of
    /// it lies on the canvas, never under a panel beside it.
    pub fn on_canvas(&self, kind: Kind, at: Point) -> Point {
        let margin = 8.0 / self.camera.zoom;
        let half = kind.default_size();
        let (hw, hh) = (half.w / 2.0 + margin, half.h / 2.0 + margin);
        let visible = self.camera.visible(self.view);
        let (min, max) = (visible.min(), visible.max());
        let within = |v: f32, lo: f32, hi: f32| {
            if lo > hi {
                (lo + hi) / 2.0
            } else {
                v.clamp(lo, hi)
            }
        };
        Point::new(
            within(at.x, min.x + hw, max.x - hw),
            within(at.y, min.y + hh, max.y - hh),
        )
    }

    /// Takes the model check's findings of a board revision as markers on stickies.
    pub fn set_markers(&mut self, revision: u64, findings: &[Finding]) {
        if self.markers_revision == Some(revision) {
            return;
        }
        let mut markers = BTreeMap::new();
        for f in findings.iter().filter(|f| f.severity != Severity::Info) {
            for id in &f.stickies {
                let worst = markers.entry(*id).or_insert(f.severity);
                *worst = (*worst).min(f.severity);
            }
        }
        if markers != self.markers {
            let mut changed: Vec<Id> = markers
                .iter()
                .filter(|(id, s)| self.markers.get(id) != Some(s))
                .map(|(id, _)| *id)
                .collect();
            changed.extend(self.markers.keys().filter(|id| !markers.contains_key(id)));
            self.markers = markers;
            self.markers_generation += 1;
            self.markers_log
                .push_back((self.markers_generation, changed));
            if self.markers_log.len() > MARKERS_LOG {
                self.markers_log.pop_front();
            }
        }
        self.markers_revision = Some(revision);
    }

    /// The stickies whose marker changed after generation `since`; `None` when the log no
    /// longer reaches back that far.
    fn markers_changed_since(&self, since: u64) -> Option<Vec<Id>> {
        if since == self.markers_generation {
            return Some(Vec::new());
        }
        let first = self.markers_log.iter().position(|(g, _)| *g > since)?;
        if self.markers_log[first].0 != since + 1 {
            return None;
        }
        Some(
            self.markers_log
                .range(first..)
                .flat_map(|(_, ids)| ids.iter().copied())
                .collect(),
        )
    }

    /// The worst finding on a sticky, if it has any error or warning.
    pub fn marker(&self, id: Id) -> Option<Severity> {
        self.markers.get(&id).copied()
    }

    /// Shows these stickies in the middle of the view, zoomed to fit them (at most 100%).
    pub fn frame_stickies(&mut self, board: &Board, ids: &[Id]) {
        let rect = ids
            .iter()
            .filter_map(|id| board.stickies.get(id))
            .map(Sticky::rect)
            .reduce(|a, b| a.union(&b));
        if let Some(r) = rect {
            let margin = 200.0;
            let grown = model::Rect::new(
                Point::new(r.pos.x - margin, r.pos.y - margin),
                Size::new(r.size.w + 2.0 * margin, r.size.h + 2.0 * margin),
            );
            self.camera.fit(self.view, grown);
        }
    }

    /// Shows the whole board in the canvas (the part of the window no panel covers), and
    /// keeps it fitted when the canvas changes size until the user moves the camera.
    pub fn zoom_to_fit(&mut self, board: &Board) {
        match board.bounds() {
            Some(bounds) => {
                self.camera.fit(self.view, bounds);
                self.fitted = Some(self.camera);
            }
            None => {
                self.camera = Camera::default();
                self.fitted = None;
            }
        }
    }

    /// The view of a newly opened board: all of it, as `Home` shows it. Region titles stay
    /// readable at any zoom, so even a board too big for sticky text shows where its parts are.
    pub fn first_view(&mut self, board: &Board) {
        self.zoom_to_fit(board);
    }

    /// Takes this frame's canvas rectangle; a board still as fitted is fitted to it again.
    fn set_view(&mut self, board: &Board, canvas: Rect) {
        let resized = self.view != canvas;
        self.view = canvas;
        if self.fit_pending {
            self.fit_pending = false;
            self.first_view(board);
        } else if resized && self.fitted.is_some_and(|f| f == self.camera) {
            self.zoom_to_fit(board);
        }
    }

    /// After the board was replaced in place (reloaded from disk): derived data is rebuilt,
    /// the camera stays, and what no longer exists is no longer selected.
    pub fn board_replaced(&mut self, board: &Board) {
        self.index = None;
        self.overview = overview::Overview::default();
        self.edit_picture.clear();
        self.drag_layer.clear();
        self.minimap = minimap::Minimap::default();
        self.zoom_picture = zoom_picture::ZoomPicture::default();
        self.moving = None;
        self.gesture = Gesture::Idle;
        self.editing = None;
        self.missing_checked = None;
        self.forget_missing(board);
    }

    /// [`CanvasState::forget_missing`] once per revision of the board (`History::revision`):
    /// it looks up every selected item, a millisecond a frame with thousands selected on a
    /// large board, and only a change of the board can make one go missing.
    pub fn forget_missing_at(&mut self, board: &Board, revision: u64) {
        if self.missing_checked != Some(revision) {
            self.forget_missing(board);
            self.missing_checked = Some(revision);
        }
    }

    /// Forgets selected ids that no longer exist, and editing of a deleted item.
    pub fn forget_missing(&mut self, board: &Board) {
        self.selection.retain_existing(board);
        let gone = match self.editing {
            Some(TextTarget::Sticky(id)) => !board.stickies.contains_key(&id),
            Some(TextTarget::Region(id)) => !board.boundaries.contains_key(&id),
            None => false,
        };
        if gone {
            self.editing = None;
        }
    }
}

/// The spatial index of `board` at `history`'s revision: the last frame's, updated by the
/// items changed since (typing into one sticky of 100k touches one), or built anew when the
/// history no longer says what changed.
fn index_for(state: &mut CanvasState, board: &Board, history: &History) -> SpatialIndex {
    let revision = history.revision();
    match state.index.take() {
        Some((r, index)) if r == revision => index,
        Some((r, mut index)) => match history.touched_since(r) {
            Some(t) => {
                index.update(board, &t.stickies, &t.links);
                index
            }
            None => SpatialIndex::build(board),
        },
        None => SpatialIndex::build(board),
    }
}

/// Shows the canvas and returns the edits the user made this frame. `history` is the board's
/// undo history: derived data (the spatial index) follows the items its edits touched.
pub fn canvas_ui(
    ui: &mut Ui,
    board: &Board,
    history: &History,
    state: &mut CanvasState,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    let revision = history.revision();
    let canvas = ui.available_rect_before_wrap();
    state.set_view(board, canvas);
    let index = index_for(state, board, history);
    let background = ui.interact(
        canvas,
        ui.scope_id().with("canvas"),
        Sense::click_and_drag(),
    );
    background.widget_info(|| WidgetInfo::labeled(Role::Canvas, true, "Board canvas"));
    let zoom_before = state.camera.zoom;
    let mut scene = Scene::new(ui, board, &index, state, &background);
    let panning = state.gesture == Gesture::Pan;
    let ppp = ui.ctx().pixels_per_point();
    // While one sticky is typed into or a selection dragged, the rest of the board is one
    // picture and only those stickies are drawn, over it.
    let look = theme::canvas_look(ui.ctx());
    let (live, edit_frame, edit_usable) =
        edit_picture::plan(state, (canvas, ppp, look), board, history, !panning);
    scene.live = live;
    if let Gesture::Move { delta } = state.gesture {
        scene.live_delta = delta;
    }
    // While a pan goes on, the board drawn when it started moves as one picture.
    let pan_key = overview::PanKey {
        selected: {
            let items = state.selection.items();
            items.stickies.len() + items.boundaries.len() + items.links.len()
        },
        editing: state.editing.is_some(),
        ..overview::PanKey::new(revision, scene.cam.zoom, canvas, state.markers_revision)
    };
    let offset = state
        .pan_picture
        .offset(&pan_key, scene.cam.pan, panning, ppp);
    let next_shape = |ui: &Ui| {
        ui.ctx()
            .graphics(|g| g.get(scene.painter.layer_id()).map(|l| l.next_idx()))
            .unwrap_or(egui::layers::ShapeIdx(0))
    };
    let mut board_from = next_shape(ui);
    let far = scene.cam.zoom < OVERVIEW_ZOOM;
    let zoom_frame = zoom_frame(ui, state, (revision, look, ppp), scene.cam, zoom_before);
    match state.zoom_picture.plan(&zoom_frame) {
        zoom_picture::Plan::StandIn { at } => {
            state.zoom_picture.show(&scene.painter, canvas, at);
            let strips = zoom_picture::borders(canvas, at);
            paint_strips(&scene, state, &strips, (&index, revision, far));
            state.hovered = None;
            state.zoom_picture_frames += 1;
        }
        // The pan picture stands in: only the strips it leaves uncovered are drawn (no
        // widgets: the middle button is held), not the whole board clipped to them.
        zoom_picture::Plan::Draw { take: false } if let Some(offset) = offset => {
            let strips = overview::uncovered(canvas, offset);
            paint_strips(&scene, state, &strips, (&index, revision, far));
            state.hovered = None;
            board_from = next_shape(ui);
        }
        zoom_picture::Plan::Draw { take } => {
            draw_board(ui, &scene, state, (&index, revision, far), &mut edits);
            if take {
                state.zoom_picture.take(&scene.painter, &zoom_frame);
            }
        }
    }
    // A drag of the selection follows the pointer whether or not the item grabbed is in view.
    gesture::drag_move(ui, &scene, state, &mut edits);
    if let Some(left) = state.zoom_picture.settle_in(zoom_frame.now) {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(left));
    }
    state.pan_picture.finish(
        &scene.painter,
        board_from,
        (&pan_key, scene.cam.pan, panning),
        offset,
    );
    match &edit_frame {
        Some(frame) => {
            state
                .edit_picture
                .finish(&scene.painter, board_from, frame, edit_usable);
            state.edit_picture_frames += u64::from(edit_usable);
        }
        None => state.edit_picture.clear(),
    }
    // The live stickies with their arrows and pivotal lines, and the link handles (which
    // follow the pointer), over the board.
    if let Gesture::Move { delta } = state.gesture {
        scene.live_delta = delta;
    }
    if !far {
        pivotal_lines(&scene, state, true);
        links::links_ui(&scene, state, true);
        live_stickies(&scene, state, edit_frame.as_ref(), edit_usable);
        links::link_handles_ui(ui, &scene, state, &mut edits);
    }
    background::background_ui(ui, &scene, state, &background, &mut edits);
    gesture::overlays(&scene, state);
    text_editor::text_editor_ui(ui, &scene, state, &mut edits);
    if state.show_minimap {
        minimap::minimap_ui(ui, board, &index, revision, state);
    }
    state.index = Some((revision, index));
    edits
}

/// The board's shapes in full, with their interaction: the background, regions, pivotal
/// lines, arrows and stickies (or far out the overview), and the region titles.
fn draw_board(
    ui: &mut Ui,
    scene: &Scene<'_>,
    state: &mut CanvasState,
    (index, revision, far): (&SpatialIndex, u64, bool),
    edits: &mut Vec<Edit>,
) {
    let canvas = scene.canvas;
    scene.painter.rect_filled(
        canvas,
        CornerRadius::ZERO,
        theme::canvas_look(ui.ctx()).background,
    );
    regions::regions_ui(ui, scene, state, edits);
    pivotal_lines(scene, state, false);
    if far {
        paint_overview(scene, state, index, revision);
    } else {
        links::links_ui(scene, state, false);
        stickies::stickies_ui(ui, scene, state);
    }
    region_titles(scene, state);
}

/// This frame as the zoom picture sees it: whether the zoom changed, and whether anything
/// goes on that a picture would hide (a gesture, a text edit, a button).
fn zoom_frame(
    ui: &Ui,
    state: &CanvasState,
    (revision, look, ppp): (u64, theme::CanvasLook, f32),
    cam: Camera,
    zoom_before: f32,
) -> zoom_picture::ZoomFrame {
    let (now, buttons) = ui.input(|i| {
        let p = &i.pointer;
        (i.time, p.any_down() || p.any_pressed() || p.any_released())
    });
    zoom_picture::ZoomFrame {
        key: zoom_picture::ZoomKey::new(
            revision,
            (state.markers_revision, state.markers_generation),
            &state.selection,
            look,
            (state.view, ppp),
        ),
        camera: cam,
        now,
        zoomed: cam.zoom != zoom_before,
        quiet: state.gesture == Gesture::Idle && state.editing.is_none() && !buttons,
        borders_ok: cam.zoom >= OVERVIEW_ZOOM,
    }
}

/// Far out, the board as the rasterised overview (`overview.rs`), on `scene`'s painter.
fn paint_overview(scene: &Scene<'_>, state: &mut CanvasState, index: &SpatialIndex, revision: u64) {
    let view = overview::OverviewView {
        revision,
        camera: scene.cam,
        canvas: scene.canvas,
        selected: &state.selection.stickies,
        moving: match (&state.moving, state.gesture) {
            (Some(m), Gesture::Move { delta }) => Some((&m.stickies, delta)),
            _ => None,
        },
    };
    let ctx = scene.painter.ctx().clone();
    state
        .overview
        .paint(&ctx, &scene.painter, scene.board, index, &view);
}

/// The parts of the canvas a moved picture leaves uncovered (the borders of a shrunken zoom
/// picture, the strips beside a moved pan picture), drawn only, without interaction: each
/// strip with its own clip and view of the board, so only what is in it is drawn.
fn paint_strips(
    scene: &Scene<'_>,
    state: &mut CanvasState,
    strips: &[Rect],
    (index, revision, far): (&SpatialIndex, u64, bool),
) {
    let look_bg = theme::canvas_look(scene.painter.ctx()).background;
    for strip in strips.iter().filter(|s| s.is_positive()) {
        let sub = Scene {
            painter: scene.painter.with_clip_rect(*strip),
            board: scene.board,
            index: scene.index,
            canvas: scene.canvas,
            cam: scene.cam,
            visible: zoom_picture::board_rect(scene.cam, scene.canvas, *strip),
            pointer: scene.pointer,
            live: std::collections::BTreeSet::new(),
            live_delta: Point::default(),
        };
        sub.painter.rect_filled(*strip, CornerRadius::ZERO, look_bg);
        regions::paint_regions(&sub, state);
        pivotal_lines(&sub, state, false);
        if far {
            paint_overview(&sub, state, index, revision);
        } else {
            links::links_ui(&sub, state, false);
            stickies::paint_stickies(&sub, state);
        }
        region_titles(&sub, state);
    }
}

/// The live stickies over the board: while a drag goes on, as one moved picture where it can
/// stand in (`drag_layer::DragLayer`), else each drawn.
fn live_stickies(
    scene: &Scene<'_>,
    state: &mut CanvasState,
    frame: Option<&edit_picture::EditFrame<'_>>,
    below: bool,
) {
    match frame {
        Some(frame) if state.editing.is_none() => {
            let mut layer = std::mem::take(&mut state.drag_layer);
            let draw = drag_layer::DragDraw {
                delta: scene.live_delta,
                zoom: scene.cam.zoom,
                below,
            };
            let view = drag_layer::LiveView {
                live: &scene.live,
                reach: &|id| stickies::live_reach(scene, id),
                body: &|id| stickies::live_body(scene, id),
            };
            let state_ref: &CanvasState = state;
            let used = layer.live_ui(
                &scene.painter,
                frame,
                &draw,
                &view,
                drag_layer::PaintBoth {
                    on_canvas: &mut |ids| stickies::live_stickies_ui(scene, state_ref, ids),
                    whole: &mut |ids| {
                        stickies::live_stickies_ui(&window_scene(scene), state_ref, ids);
                    },
                },
            );
            state.drag_body_frames += u64::from(used && layer.rows_shown());
            state.drag_layer = layer;
            state.drag_layer_frames += u64::from(used);
        }
        _ => {
            state.drag_layer.clear();
            stickies::live_stickies_ui(scene, state, &mut scene.live.iter().copied());
        }
    }
}

/// `scene` drawn on the whole window, not clipped to the canvas (the drag layer holds the
/// stickies that the canvas's edge cuts beside the panels whole).
fn window_scene<'a>(scene: &Scene<'a>) -> Scene<'a> {
    let window = scene.painter.ctx().viewport_rect();
    Scene {
        painter: window_painter(&scene.painter),
        board: scene.board,
        index: scene.index,
        canvas: scene.canvas,
        cam: scene.cam,
        visible: zoom_picture::board_rect(scene.cam, scene.canvas, window),
        pointer: scene.pointer,
        live: scene.live.clone(),
        live_delta: scene.live_delta,
    }
}

/// `painter` clipped to the whole window. Not `Painter::with_clip_rect`, which keeps within
/// the canvas's clip and so cut the stickies beside the panels out of the drag layer.
fn window_painter(painter: &egui::Painter) -> egui::Painter {
    let mut whole = painter.clone();
    whole.set_clip_rect(painter.ctx().viewport_rect());
    whole
}

/// The names of the regions in view, over the stickies: zoomed out, a title is larger than
/// its strip on the board. Outermost first, as the regions are drawn.
fn region_titles(scene: &Scene<'_>, state: &CanvasState) {
    let mut regions: Vec<(Id, model::Rect, &model::Boundary)> = scene
        .board
        .boundaries
        .iter()
        .map(|(id, b)| (*id, scene.region_rect(state, *id, b), b))
        .filter(|(_, r, _)| r.intersects(&scene.visible))
        .collect();
    regions.sort_by(|a, b| b.1.area().total_cmp(&a.1.area()).then(a.0.cmp(&b.0)));
    for (_, r, b) in regions {
        draw::region_title(&scene.painter, scene.screen_rect(r), b, scene.cam.zoom);
    }
}

/// A dashed line through the whole canvas at each pivotal event in view: of the stickies at
/// rest, or (`live`) of the live ones.
fn pivotal_lines(scene: &Scene<'_>, state: &CanvasState, live: bool) {
    for &(id, rect) in scene.index.pivotal() {
        if scene.live.contains(&id) != live {
            continue;
        }
        let r = if live {
            rect.translated(scene.live_delta)
        } else {
            scene.moved_rect(state, id, rect)
        };
        let x = scene.cam.screen_from_board(scene.canvas, r.center()).x;
        if scene.canvas.x_range().contains(x) {
            draw::pivotal_line(&scene.painter, x, scene.canvas, scene.cam.zoom);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Sticky};

    /// The drag layer is drawn clipped to the window, not to the canvas it was asked from.
    #[test]
    fn the_window_painter_reaches_past_the_canvas_to_the_whole_window() {
        let ctx = egui::Context::default();
        let window = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0));
        let input = egui::RawInput {
            screen_rect: Some(window),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            let canvas = Rect::from_min_max(Pos2::new(200.0, 20.0), Pos2::new(600.0, 580.0));
            let painter = ui.painter().with_clip_rect(canvas);
            assert_eq!(painter.clip_rect(), canvas);
            assert_eq!(window_painter(&painter).clip_rect(), window);
        });
        output.textures_delta.clear();
    }

    /// While a moved picture stands in, the strips beside it draw only the stickies they
    /// meet, each clipped to its strip: a sticky wholly under the picture is not drawn at all.
    #[test]
    fn the_strips_beside_a_moved_picture_draw_only_what_is_in_them() {
        let mut board = Board::default();
        let texts = ["In the strip", "Under the picture"];
        for (i, (text, x)) in texts.iter().zip([0.0, 400.0]).enumerate() {
            let s = Sticky::new(Kind::DomainEvent, *text, Point::new(x, 0.0));
            board.stickies.insert(model::Id(i as u64 + 1), s);
        }
        let index = SpatialIndex::build(&board);
        let mut state = CanvasState::default();
        let ctx = egui::Context::default();
        let window = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0));
        let input = egui::RawInput {
            screen_rect: Some(window),
            ..Default::default()
        };
        // The picture moved 60 points right: a strip 60 points wide at the canvas's left.
        let strips = overview::uncovered(window, Vec2::new(60.0, 0.0));
        let mut output = ctx.run_ui(input, |ui| {
            let scene = Scene {
                painter: ui.painter().with_clip_rect(window),
                board: &board,
                index: &index,
                canvas: window,
                cam: state.camera,
                visible: zoom_picture::board_rect(state.camera, window, window),
                pointer: scene::Pointer::default(),
                live: std::collections::BTreeSet::new(),
                live_delta: Point::default(),
            };
            paint_strips(&scene, &mut state, &strips, (&index, 1, false));
        });
        output.textures_delta.clear();
        let (mut texts_drawn, mut shapes) = (Vec::new(), 0);
        for clipped in &output.shapes {
            shapes += 1;
            assert!(
                strips[0].contains_rect(clipped.clip_rect),
                "{:?} outside {:?}",
                clipped.clip_rect,
                strips[0]
            );
            texts_of(&clipped.shape, &mut texts_drawn);
        }
        assert!(
            shapes > 1,
            "the strip's background and its sticky are drawn"
        );
        assert!(
            texts_drawn.iter().any(|t| t.contains("strip")),
            "{texts_drawn:?}"
        );
        assert!(
            !texts_drawn.iter().any(|t| t.contains("picture")),
            "{texts_drawn:?}"
        );
    }

    fn texts_of(shape: &egui::Shape, texts: &mut Vec<String>) {
        match shape {
            egui::Shape::Text(t) => texts.push(t.galley.text().to_owned()),
            egui::Shape::Vec(v) => v.iter().for_each(|s| texts_of(s, texts)),
            _ => {}
        }
    }

    /// The per-frame check of the selection against the board runs again only at a new
    /// revision, and then forgets what was deleted.
    #[test]
    fn a_deleted_sticky_leaves_the_selection_at_the_next_revision() {
        let mut board = Board::default();
        let (kept, gone) = (Id(1), Id(2));
        for id in [kept, gone] {
            let s = Sticky::new(Kind::DomainEvent, "Order placed", Point::new(0.0, 0.0));
            board.stickies.insert(id, s);
        }
        let mut state = CanvasState::default();
        state.selection.select_stickies([kept, gone]);
        state.forget_missing_at(&board, 7);
        assert!(state.selection.contains(selection::Item::Sticky(gone)));
        board.stickies.remove(&gone);
        state.forget_missing_at(&board, 8);
        assert!(!state.selection.contains(selection::Item::Sticky(gone)));
        assert!(state.selection.contains(selection::Item::Sticky(kept)));
    }
}
