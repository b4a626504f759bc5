//! The infinite canvas: camera, drawing, hit testing, tools and inline text editing.
//!
//! The canvas reads the board and returns [`Edit`]s; it never changes the board itself. All
//! view state (camera, selection, the gesture in progress) lives in [`CanvasState`], never in
//! the board file. The pointer is mapped into board space once per event; everything below
//! works in board units.

pub mod camera;
pub mod draw;
pub mod overview;

use egui::{
    Color32, CornerRadius, CursorIcon, FontId, Key, Modifiers, PointerButton, Pos2, Rect, Role,
    Sense, Stroke, StrokeKind, TextEdit, Ui, Vec2, WidgetInfo,
};

use self::camera::Camera;
use crate::edit::{Edit, ops, ops::Items};
use crate::model::check::{Finding, Severity};
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Board, Boundary, BoundaryKind, Id, Kind, Point, Size, Sticky};
use crate::ui::theme;

/// How many frames a new editor insists on the keyboard focus.
const FOCUS_FRAMES: u8 = 3;

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

/// A corner or edge of a region, for resizing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Handle {
    N,
    S,
    E,
    W,
    NE,
    NW,
    SE,
    SW,
}

impl Handle {
    const ALL: [Handle; 8] = [
        Handle::N,
        Handle::S,
        Handle::E,
        Handle::W,
        Handle::NE,
        Handle::NW,
        Handle::SE,
        Handle::SW,
    ];

    /// Which edges the handle moves: (left, top, right, bottom).
    fn edges(self) -> (bool, bool, bool, bool) {
        match self {
            Handle::N => (false, true, false, false),
            Handle::S => (false, false, false, true),
            Handle::E => (false, false, true, false),
            Handle::W => (true, false, false, false),
            Handle::NE => (false, true, true, false),
            Handle::NW => (true, true, false, false),
            Handle::SE => (false, false, true, true),
            Handle::SW => (true, false, false, true),
        }
    }

    fn position(self, r: Rect) -> Pos2 {
        let (l, t, ri, b) = self.edges();
        let x = if l {
            r.left()
        } else if ri {
            r.right()
        } else {
            r.center().x
        };
        let y = if t {
            r.top()
        } else if b {
            r.bottom()
        } else {
            r.center().y
        };
        Pos2::new(x, y)
    }

    fn cursor(self) -> CursorIcon {
        match self {
            Handle::N | Handle::S => CursorIcon::ResizeVertical,
            Handle::E | Handle::W => CursorIcon::ResizeHorizontal,
            Handle::NE | Handle::SW => CursorIcon::ResizeNeSw,
            Handle::NW | Handle::SE => CursorIcon::ResizeNwSe,
        }
    }
}

/// The pointer gesture in progress. Nothing is written to the board until it ends, so one
/// gesture is one undo step.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Gesture {
    Idle,
    Move {
        delta: Point,
    },
    RubberBand {
        start: Point,
        end: Point,
        additive: bool,
    },
    Pan,
    Link {
        from: Id,
        to: Point,
    },
    DrawRegion {
        kind: BoundaryKind,
        start: Point,
        end: Point,
    },
    Resize {
        id: Id,
        handle: Handle,
        rect: model::Rect,
    },
}

/// Everything the canvas remembers between frames that is not part of the board.
pub struct CanvasState {
    pub camera: Camera,
    pub selection: Items,
    /// Stickies in the order they were picked, for "link first to second".
    pub pick_order: Vec<Id>,
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
    /// The canvas rectangle of the last frame, for commands that need the view.
    pub view: Rect,
    /// The spatial index of the board at a history revision.
    index: Option<(u64, SpatialIndex)>,
    /// What a drag in progress moves (the selection and its regions' contents), worked out
    /// once when the drag starts.
    moving: Option<Items>,
    overview: overview::Overview,
    /// The worst finding of the model check on each sticky (errors and warnings), drawn as
    /// a marker; set by the app from the findings of one board revision.
    markers: std::collections::BTreeMap<Id, Severity>,
    markers_revision: Option<u64>,
}

impl Default for CanvasState {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            selection: Items::default(),
            pick_order: Vec::new(),
            tool: Tool::Select,
            editing: None,
            edit_buffer: String::new(),
            focus_editor: 0,
            gesture: Gesture::Idle,
            hovered: None,
            pointer: None,
            fit_pending: true,
            view: Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 800.0)),
            index: None,
            moving: None,
            overview: overview::Overview::default(),
            markers: std::collections::BTreeMap::new(),
            markers_revision: None,
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

    /// Selects exactly these stickies.
    pub fn select_stickies(&mut self, ids: impl IntoIterator<Item = Id>) {
        self.selection = Items::default();
        self.pick_order.clear();
        for id in ids {
            self.selection.stickies.insert(id);
            self.pick_order.push(id);
        }
    }

    /// Starts dragging the selection (with the contents of selected regions).
    fn start_move(&mut self, board: &Board) {
        self.moving = Some(ops::moving_set(board, &self.selection));
        self.gesture = Gesture::Move {
            delta: Point::default(),
        };
    }

    /// Starts editing a sticky's or region's text in place.
    pub fn start_editing(&mut self, board: &Board, target: TextTarget) {
        let text = match target {
            TextTarget::Sticky(id) => board.stickies.get(&id).map(|s| s.text.clone()),
            TextTarget::Region(id) => board.boundaries.get(&id).map(|b| b.name.clone()),
        };
        if let Some(text) = text {
            self.edit_buffer = text;
            self.editing = Some(target);
            self.focus_editor = FOCUS_FRAMES;
        }
    }

    /// Ends in-place editing (the text is already on the board).
    pub fn stop_editing(&mut self) {
        self.editing = None;
    }

    /// The board point at the centre of the view.
    pub fn view_center(&self) -> Point {
        self.camera.board_from_screen(self.view, self.view.center())
    }

    /// Where a new sticky goes: under the pointer, else in the middle of the view.
    pub fn placement_point(&self) -> Point {
        self.pointer.unwrap_or_else(|| self.view_center())
    }

    /// Takes the model check's findings of a board revision as markers on stickies.
    pub fn set_markers(&mut self, revision: u64, findings: &[Finding]) {
        if self.markers_revision == Some(revision) {
            return;
        }
        self.markers.clear();
        for f in findings.iter().filter(|f| f.severity != Severity::Info) {
            for id in &f.stickies {
                let worst = self.markers.entry(*id).or_insert(f.severity);
                *worst = (*worst).min(f.severity);
            }
        }
        self.markers_revision = Some(revision);
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

    /// Shows the whole board.
    pub fn zoom_to_fit(&mut self, board: &Board) {
        match board.bounds() {
            Some(bounds) => self.camera.fit(self.view, bounds),
            None => self.camera = Camera::default(),
        }
    }

    /// The view of a newly opened board: all of it when that stays readable, else the
    /// start of its timeline at the smallest zoom where text is readable.
    pub fn first_view(&mut self, board: &Board) {
        self.zoom_to_fit(board);
        let readable = 0.45;
        if let (Some(bounds), true) = (board.bounds(), self.camera.zoom < readable) {
            self.camera.zoom = readable;
            let top = self.view.height() / 2.0 - bounds.center().y * readable;
            let top = top.max(40.0 - bounds.pos.y * readable);
            self.camera.pan = Vec2::new(40.0 - bounds.pos.x * readable, top);
        }
    }

    /// After the board was replaced in place (reloaded from disk): derived data is rebuilt,
    /// the camera stays, and what no longer exists is no longer selected.
    pub fn board_replaced(&mut self, board: &Board) {
        self.index = None;
        self.overview = overview::Overview::default();
        self.moving = None;
        self.gesture = Gesture::Idle;
        self.editing = None;
        self.forget_missing(board);
    }

    /// Forgets selected ids that no longer exist, and editing of a deleted item.
    pub fn forget_missing(&mut self, board: &Board) {
        self.selection.retain_existing(board);
        self.pick_order.retain(|id| board.stickies.contains_key(id));
        let gone = match self.editing {
            Some(TextTarget::Sticky(id)) => !board.stickies.contains_key(&id),
            Some(TextTarget::Region(id)) => !board.boundaries.contains_key(&id),
            None => false,
        };
        if gone {
            self.editing = None;
        }
    }

    fn toggle_or_select(&mut self, id: Id, modifiers: Modifiers, sticky: bool) {
        let set = if sticky {
            &mut self.selection.stickies
        } else {
            &mut self.selection.boundaries
        };
        if modifiers.shift || modifiers.command {
            if !set.remove(&id) {
                set.insert(id);
                if sticky {
                    self.pick_order.push(id);
                }
            }
        } else if !set.contains(&id) || self.selection.len() == 1 {
            self.selection = Items::default();
            self.pick_order.clear();
            if sticky {
                self.selection.stickies.insert(id);
                self.pick_order.push(id);
            } else {
                self.selection.boundaries.insert(id);
            }
        }
    }
}

/// A new sticky of `kind` centred on `center`, and the edit that places it.
pub fn new_sticky(kind: Kind, center: Point) -> (Id, Edit) {
    let size = kind.default_size();
    let pos = Point::new(center.x - size.w / 2.0, center.y - size.h / 2.0).rounded();
    let id = Id::random();
    let sticky = Sticky::new(kind, "", pos);
    (
        id,
        Edit::PutSticky {
            id,
            sticky: Some(sticky),
        },
    )
}

/// The size a sticky needs to show `text` whole: its width stays, its height grows (never
/// below the kind's default).
pub fn fitted_size(ui: &Ui, sticky: &Sticky, text: &str) -> Size {
    let pad = theme::STICKY_PADDING;
    let wrap = (sticky.size.w - 2.0 * pad).max(1.0);
    let text_h = ui.fonts_mut(|f| {
        f.layout(
            text.to_owned(),
            FontId::proportional(theme::STICKY_FONT),
            Color32::BLACK,
            wrap,
        )
        .size()
        .y
    });
    let needed = (text_h + 2.0 * pad + 14.0).ceil();
    Size::new(sticky.size.w, needed.max(sticky.kind.default_size().h))
}

/// Shows the canvas and returns the edits the user made this frame. `revision` is the board's
/// history revision: derived data (the spatial index) is rebuilt only when it changes.
pub fn canvas_ui(ui: &mut Ui, board: &Board, revision: u64, state: &mut CanvasState) -> Vec<Edit> {
    let mut edits = Vec::new();
    let canvas = ui.available_rect_before_wrap();
    state.view = canvas;
    if state.fit_pending {
        state.fit_pending = false;
        state.first_view(board);
    }
    let index = match state.index.take() {
        Some((r, index)) if r == revision => index,
        _ => SpatialIndex::build(board),
    };
    let background = ui.interact(
        canvas,
        ui.scope_id().with("canvas"),
        Sense::click_and_drag(),
    );
    background.widget_info(|| WidgetInfo::labeled(Role::Canvas, true, "Board canvas"));
    let painter = ui.painter_at(canvas);
    painter.rect_filled(canvas, CornerRadius::ZERO, theme::CANVAS);

    let hover_pos = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| canvas.contains(*p));
    state.pointer = hover_pos.map(|p| state.camera.board_from_screen(canvas, p));
    if let Some(anchor) = hover_pos {
        let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
        if zoom != 1.0 {
            state.camera.zoom_around(canvas, anchor, zoom);
        }
        if scroll != Vec2::ZERO {
            state.camera.pan += scroll;
        }
    }
    let frame = Frame {
        board,
        index: &index,
        canvas,
        cam: state.camera,
        visible: state.camera.visible(canvas),
        hover_pos,
    };
    regions_ui(ui, &frame, state, &painter, &mut edits);
    for &id in index.pivotal() {
        if let Some(s) = board.stickies.get(&id) {
            let x = frame
                .cam
                .screen_from_board(canvas, frame.sticky_rect(state, id, s).center())
                .x;
            if canvas.x_range().contains(x) {
                draw::pivotal_line(&painter, x, canvas, frame.cam.zoom);
            }
        }
    }
    if frame.cam.zoom < OVERVIEW_ZOOM {
        let view = overview::OverviewView {
            revision,
            camera: frame.cam,
            canvas,
            selected: &state.selection.stickies,
            moving: match (&state.moving, state.gesture) {
                (Some(m), Gesture::Move { delta }) => Some((&m.stickies, delta)),
                _ => None,
            },
        };
        state
            .overview
            .paint(ui.ctx(), &painter, board, &index, &view);
    } else {
        links_ui(&frame, state, &painter);
        stickies_ui(ui, &frame, state, &painter, &mut edits);
        handles_ui(ui, &frame, state, &painter, &mut edits);
    }
    background_interaction(ui, &frame, state, &background, &mut edits);
    overlays(&painter, state, canvas, board);
    text_editor(ui, board, state, &mut edits);
    state.index = Some((revision, index));
    edits
}

/// Below this zoom the stickies are one cached picture (see [`overview`]).
const OVERVIEW_ZOOM: f32 = 0.12;

/// What every part of one frame of the canvas reads.
struct Frame<'a> {
    board: &'a Board,
    index: &'a SpatialIndex,
    canvas: Rect,
    cam: Camera,
    /// The board rectangle the canvas shows.
    visible: model::Rect,
    hover_pos: Option<Pos2>,
}

impl Frame<'_> {
    /// Where a sticky is drawn: moved along while its selection is dragged.
    fn sticky_rect(&self, state: &CanvasState, id: Id, s: &Sticky) -> model::Rect {
        match (&state.moving, state.gesture) {
            (Some(m), Gesture::Move { delta }) if m.stickies.contains(&id) => {
                s.rect().translated(delta)
            }
            _ => s.rect(),
        }
    }

    /// Where a region is drawn: resized or moved while a gesture is in progress.
    fn region_rect(&self, state: &CanvasState, id: Id, b: &Boundary) -> model::Rect {
        match (&state.moving, state.gesture) {
            (_, Gesture::Resize { id: r, rect, .. }) if r == id => rect,
            (Some(m), Gesture::Move { delta }) if m.boundaries.contains(&id) => {
                b.rect.translated(delta)
            }
            _ => b.rect,
        }
    }

    /// The stickies to draw: those in view, and those dragged into view.
    fn visible_stickies(&self, state: &CanvasState) -> Vec<Id> {
        let mut ids = self.index.stickies_in(self.visible);
        if let (Some(m), Gesture::Move { delta }) = (&state.moving, state.gesture) {
            let from = self.visible.translated(Point::new(-delta.x, -delta.y));
            ids.extend(
                self.index
                    .stickies_in(from)
                    .into_iter()
                    .filter(|id| m.stickies.contains(id)),
            );
            ids.sort_unstable();
            ids.dedup();
        }
        ids
    }
}

/// Regions, outermost first so nested ones stay clickable on top.
fn regions_ui(
    ui: &mut Ui,
    frame: &Frame<'_>,
    state: &mut CanvasState,
    painter: &egui::Painter,
    edits: &mut Vec<Edit>,
) {
    let mut regions: Vec<(&Id, &Boundary)> = frame.board.boundaries.iter().collect();
    regions.sort_by(|a, b| {
        b.1.rect
            .area()
            .total_cmp(&a.1.rect.area())
            .then(a.0.cmp(b.0))
    });
    for (id, b) in regions {
        let r = frame.region_rect(state, *id, b);
        if !r.intersects(&frame.visible) {
            continue;
        }
        let screen = frame.cam.screen_rect(frame.canvas, r);
        let selected = state.selection.boundaries.contains(id);
        draw::region(painter, screen, b, frame.cam.zoom, selected);
        region_interaction(ui, frame.board, state, *id, b, screen, edits);
    }
}

/// The arrows in view.
fn links_ui(frame: &Frame<'_>, state: &CanvasState, painter: &egui::Painter) {
    let board = frame.board;
    for id in frame.index.links_in(frame.visible) {
        let Some(link) = board.links.get(&id) else {
            continue;
        };
        let (Some(a), Some(b)) = (board.stickies.get(&link.from), board.stickies.get(&link.to))
        else {
            continue;
        };
        let ra = frame.sticky_rect(state, link.from, a);
        let rb = frame.sticky_rect(state, link.to, b);
        draw::arrow(
            painter,
            frame.cam.screen_rect(frame.canvas, ra),
            frame.cam.screen_rect(frame.canvas, rb),
            frame.cam.zoom,
            state.selection.links.contains(&id),
        );
    }
}

/// Each sticky in view: drawn, and a widget with its text as accessible label that can be
/// clicked, double-clicked to edit, and dragged.
fn stickies_ui(
    ui: &mut Ui,
    frame: &Frame<'_>,
    state: &mut CanvasState,
    painter: &egui::Painter,
    edits: &mut Vec<Edit>,
) {
    let board = frame.board;
    let zoom = frame.cam.zoom;
    let modifiers = ui.input(|i| i.modifiers);
    let mut hovered = None;
    for id in frame.visible_stickies(state) {
        let Some(s) = board.stickies.get(&id) else {
            continue;
        };
        let r = frame.sticky_rect(state, id, s);
        if !r.intersects(&frame.visible) {
            continue;
        }
        let screen = frame.cam.screen_rect(frame.canvas, r);
        let selected = state.selection.stickies.contains(&id);
        let editing = state.editing == Some(TextTarget::Sticky(id));
        draw::sticky(painter, screen, s, &board.legend, zoom, selected, editing);
        if let Some(severity) = state.marker(id) {
            draw::finding_marker(painter, screen, theme::severity_color(severity), zoom);
        }
        let response = ui.interact(
            screen,
            ui.scope_id().with(("sticky", id)),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            let label = if s.text.is_empty() {
                format!("{} (empty)", board.legend.label(s.kind))
            } else {
                s.text.clone()
            };
            WidgetInfo::labeled(Role::Button, true, label)
        });
        // The link handle sits just right of the sticky: moving onto it keeps it shown.
        let reach = Rect::from_min_max(screen.min, screen.max + Vec2::new(24.0, 0.0));
        if frame.hover_pos.is_some_and(|p| reach.contains(p)) {
            hovered = Some(id);
        }
        if response.double_clicked() {
            state.select_stickies([id]);
            state.start_editing(board, TextTarget::Sticky(id));
        } else if response.clicked() {
            state.toggle_or_select(id, modifiers, true);
            if state.editing.is_some_and(|t| t != TextTarget::Sticky(id)) {
                state.stop_editing();
            }
        }
        if response.drag_started_by(PointerButton::Primary) {
            if !state.selection.stickies.contains(&id) {
                state.toggle_or_select(id, modifiers, true);
            }
            state.start_move(board);
        }
        drag_move(state, &response, board, edits);
    }
    state.hovered = hovered;
}

/// Link handles: on the hovered sticky, a single selected one, and the one an arrow is being
/// dragged from.
fn handles_ui(
    ui: &mut Ui,
    frame: &Frame<'_>,
    state: &mut CanvasState,
    painter: &egui::Painter,
    edits: &mut Vec<Edit>,
) {
    let board = frame.board;
    let single = (state.selection.stickies.len() == 1)
        .then(|| state.selection.stickies.first().copied())
        .flatten();
    let linking = match state.gesture {
        Gesture::Link { from, .. } => Some(from),
        _ => None,
    };
    let with_handles: std::collections::BTreeSet<Id> = [state.hovered, single, linking]
        .into_iter()
        .flatten()
        .collect();
    for id in with_handles {
        let Some(s) = board.stickies.get(&id) else {
            continue;
        };
        let screen = frame
            .cam
            .screen_rect(frame.canvas, frame.sticky_rect(state, id, s));
        let at = Pos2::new(screen.right() + 10.0, screen.center().y);
        let handle = ui.interact(
            Rect::from_center_size(at, Vec2::splat(20.0)),
            ui.scope_id().with(("link-handle", id)),
            Sense::drag(),
        );
        handle.widget_info(|| {
            WidgetInfo::labeled(Role::Button, true, format!("Link from {}", s.text))
        });
        let color = if handle.hovered() {
            theme::SELECTION
        } else {
            theme::LINK
        };
        painter.circle(at, 7.0, Color32::WHITE, Stroke::new(2.0, color));
        if handle.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
        }
        if handle.drag_started() {
            state.gesture = Gesture::Link {
                from: id,
                to: state.pointer.unwrap_or_default(),
            };
        }
        if handle.dragged()
            && let (Gesture::Link { to, .. }, Some(p)) =
                (&mut state.gesture, handle.interact_pointer_pos())
        {
            *to = frame.cam.board_from_screen(frame.canvas, p);
        }
        if handle.drag_stopped() {
            if let Gesture::Link { from, to } = state.gesture
                && let Some(target) = frame.index.sticky_at(board, to)
            {
                edits.extend(ops::connect(board, from, target));
            }
            state.gesture = Gesture::Idle;
        }
    }
}

/// Accumulates a drag of selected items and turns it into one move when it ends.
fn drag_move(
    state: &mut CanvasState,
    response: &egui::Response,
    board: &Board,
    edits: &mut Vec<Edit>,
) {
    if response.dragged_by(PointerButton::Primary)
        && let Gesture::Move { delta } = &mut state.gesture
    {
        let d = response.drag_delta() / state.camera.zoom;
        *delta = delta.offset(Point::new(d.x, d.y));
    }
    if response.drag_stopped() {
        if let Gesture::Move { delta } = state.gesture
            && delta.rounded() != Point::default()
        {
            edits.extend(ops::translate(board, &state.selection, delta));
        }
        state.gesture = Gesture::Idle;
        state.moving = None;
    }
}

/// Title strip (select, move, rename) and resize handles of one region.
fn region_interaction(
    ui: &mut Ui,
    board: &Board,
    state: &mut CanvasState,
    id: Id,
    b: &Boundary,
    screen: Rect,
    edits: &mut Vec<Edit>,
) {
    let zoom = state.camera.zoom;
    let title = draw::region_title_rect(screen, zoom);
    let response = ui.interact(
        title,
        ui.scope_id().with(("region", id)),
        Sense::click_and_drag(),
    );
    let name = if b.name.is_empty() {
        b.kind.label().to_owned()
    } else {
        b.name.clone()
    };
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
    let modifiers = ui.input(|i| i.modifiers);
    if response.double_clicked() {
        state.selection = Items::default();
        state.selection.boundaries.insert(id);
        state.start_editing(board, TextTarget::Region(id));
    } else if response.clicked() {
        state.toggle_or_select(id, modifiers, false);
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Grab);
    }
    if response.drag_started_by(PointerButton::Primary) {
        if !state.selection.boundaries.contains(&id) {
            state.toggle_or_select(id, modifiers, false);
        }
        state.start_move(board);
    }
    drag_move(state, &response, board, edits);

    if !(state.selection.boundaries.len() == 1 && state.selection.boundaries.contains(&id)) {
        return;
    }
    for handle in Handle::ALL {
        let at = handle.position(screen);
        let r = ui.interact(
            Rect::from_center_size(at, Vec2::splat(14.0)),
            ui.scope_id().with(("resize", id, handle as u8)),
            Sense::drag(),
        );
        ui.painter().rect(
            Rect::from_center_size(at, Vec2::splat(9.0)),
            CornerRadius::same(2),
            Color32::WHITE,
            Stroke::new(2.0, theme::SELECTION),
            StrokeKind::Middle,
        );
        if r.hovered() || r.dragged() {
            ui.ctx().set_cursor_icon(handle.cursor());
        }
        if r.drag_started() {
            state.gesture = Gesture::Resize {
                id,
                handle,
                rect: b.rect,
            };
        }
        if r.dragged()
            && let (Gesture::Resize { rect, .. }, Some(p)) =
                (&mut state.gesture, r.interact_pointer_pos())
        {
            let p = state.camera.board_from_screen(state.view, p);
            *rect = resized(b.rect, handle, p);
        }
        if r.drag_stopped() {
            if let Gesture::Resize { rect, .. } = state.gesture {
                let rect = model::Rect::new(
                    rect.pos.rounded(),
                    Size::new(rect.size.w.round(), rect.size.h.round()),
                );
                if rect != b.rect {
                    edits.push(Edit::Place {
                        stickies: Vec::new(),
                        boundaries: vec![(id, rect)],
                    });
                }
            }
            state.gesture = Gesture::Idle;
        }
    }
}

/// `rect` with the edges of `handle` moved to `p`, never smaller than a title strip.
fn resized(rect: model::Rect, handle: Handle, p: Point) -> model::Rect {
    let min = 80.0;
    let (l, t, r, b) = handle.edges();
    let (mut x0, mut y0, mut x1, mut y1) = (rect.min().x, rect.min().y, rect.max().x, rect.max().y);
    if l {
        x0 = p.x.min(x1 - min);
    }
    if r {
        x1 = p.x.max(x0 + min);
    }
    if t {
        y0 = p.y.min(y1 - min);
    }
    if b {
        y1 = p.y.max(y0 + min);
    }
    model::Rect::from_corners(Point::new(x0, y0), Point::new(x1, y1))
}

/// The arrow drawn near a screen position, within a few pixels.
fn link_at(frame: &Frame<'_>, pos: Pos2) -> Option<Id> {
    let board = frame.board;
    let near = frame.cam.board_from_screen(frame.canvas, pos);
    let reach = 6.0 / frame.cam.zoom;
    let probe = model::Rect::new(
        Point::new(near.x - reach, near.y - reach),
        Size::new(2.0 * reach, 2.0 * reach),
    );
    frame.index.links_in(probe).into_iter().find(|id| {
        let Some(l) = board.links.get(id) else {
            return false;
        };
        let (Some(a), Some(b)) = (board.stickies.get(&l.from), board.stickies.get(&l.to)) else {
            return false;
        };
        let a = frame.cam.screen_rect(frame.canvas, a.rect());
        let b = frame.cam.screen_rect(frame.canvas, b.rect());
        draw::border_segment(a, b).is_some_and(|(p, q)| draw::distance_to_segment(pos, p, q) < 6.0)
    })
}

/// Clicks and drags on empty canvas: rubber band, pan, drawing regions, placing stickies,
/// selecting arrows, and stickies dropped from the palette.
fn background_interaction(
    ui: &mut Ui,
    frame: &Frame<'_>,
    state: &mut CanvasState,
    bg: &egui::Response,
    edits: &mut Vec<Edit>,
) {
    let board = frame.board;
    let canvas = state.view;
    let space = ui.input(|i| i.key_down(Key::Space)) && !ui.ctx().egui_wants_keyboard_input();
    let modifiers = ui.input(|i| i.modifiers);
    let at =
        |state: &CanvasState, p: Option<Pos2>| p.map(|p| state.camera.board_from_screen(canvas, p));
    if bg.drag_started() {
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .or(bg.interact_pointer_pos());
        let p = at(state, origin).unwrap_or_default();
        let pan = bg.dragged_by(PointerButton::Middle)
            || bg.dragged_by(PointerButton::Secondary)
            || space;
        state.gesture = if pan {
            Gesture::Pan
        } else {
            match state.tool {
                Tool::Region(kind) => Gesture::DrawRegion {
                    kind,
                    start: p,
                    end: p,
                },
                _ => Gesture::RubberBand {
                    start: p,
                    end: p,
                    additive: modifiers.shift || modifiers.command,
                },
            }
        };
        state.stop_editing();
    }
    if bg.dragged() {
        let p = at(state, bg.interact_pointer_pos());
        match &mut state.gesture {
            Gesture::Pan => state.camera.pan += bg.drag_delta(),
            Gesture::RubberBand { end, .. } | Gesture::DrawRegion { end, .. } => {
                if let Some(p) = p {
                    *end = p;
                }
            }
            _ => {}
        }
    }
    if bg.drag_stopped() {
        match state.gesture {
            Gesture::RubberBand {
                start,
                end,
                additive,
            } => {
                let band = model::Rect::from_corners(start, end);
                if !additive {
                    state.selection = Items::default();
                    state.pick_order.clear();
                }
                for (id, s) in &board.stickies {
                    if band.contains_rect(&s.rect()) && state.selection.stickies.insert(*id) {
                        state.pick_order.push(*id);
                    }
                }
                for (id, b) in &board.boundaries {
                    if band.contains_rect(&b.rect) {
                        state.selection.boundaries.insert(*id);
                    }
                }
            }
            Gesture::DrawRegion { kind, start, end } => {
                let mut rect = model::Rect::from_corners(start.rounded(), end.rounded());
                if rect.size.w < 40.0 || rect.size.h < 40.0 {
                    // A click or a tiny drag: make a region of a useful size there.
                    let size = match kind {
                        BoundaryKind::Context => Size::new(900.0, 600.0),
                        BoundaryKind::Swimlane => Size::new(2400.0, 260.0),
                    };
                    rect = model::Rect::new(start.rounded(), size);
                }
                let id = Id::random();
                // Unnamed until the user types: the canvas shows the kind meanwhile.
                let boundary = Boundary::new(kind, "", rect);
                edits.push(Edit::PutBoundary {
                    id,
                    boundary: Some(boundary.clone()),
                });
                state.selection = Items::default();
                state.selection.boundaries.insert(id);
                state.tool = Tool::Select;
                // Rename right away: the board gets the name as it is typed.
                state.edit_buffer = boundary.name;
                state.editing = Some(TextTarget::Region(id));
                state.focus_editor = FOCUS_FRAMES;
            }
            _ => {}
        }
        state.gesture = Gesture::Idle;
    }
    if bg.clicked() {
        let p = at(state, bg.interact_pointer_pos()).unwrap_or_default();
        state.stop_editing();
        match state.tool {
            Tool::Place(kind) => {
                let (id, edit) = new_sticky(kind, p);
                edits.push(edit);
                state.select_stickies([id]);
                state.tool = Tool::Select;
                state.editing = Some(TextTarget::Sticky(id));
                state.edit_buffer.clear();
                state.focus_editor = FOCUS_FRAMES;
            }
            Tool::Region(_) | Tool::Select => {
                // Zoomed far out, stickies are a picture, not widgets: find the one clicked.
                let sticky = (state.camera.zoom < OVERVIEW_ZOOM)
                    .then(|| frame.index.sticky_at(board, p))
                    .flatten();
                let link = bg
                    .interact_pointer_pos()
                    .and_then(|pos| link_at(frame, pos));
                if !(modifiers.shift || modifiers.command) {
                    state.selection = Items::default();
                    state.pick_order.clear();
                }
                if let Some(id) = sticky {
                    state.selection.stickies.insert(id);
                    state.pick_order.push(id);
                } else if let Some(link) = link {
                    state.selection.links.insert(link);
                }
            }
        }
    }
    if let Some(kind) = bg.dnd_release_payload::<Kind>() {
        let p =
            at(state, ui.input(|i| i.pointer.hover_pos())).unwrap_or_else(|| state.view_center());
        let (id, edit) = new_sticky(*kind, p);
        edits.push(edit);
        state.select_stickies([id]);
        state.editing = Some(TextTarget::Sticky(id));
        state.edit_buffer.clear();
        state.focus_editor = FOCUS_FRAMES;
    }
    if matches!(state.tool, Tool::Place(_) | Tool::Region(_)) && bg.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
    }
}

/// The rubber band, the region being drawn and the arrow being dragged.
fn overlays(painter: &egui::Painter, state: &CanvasState, canvas: Rect, board: &Board) {
    let cam = state.camera;
    match state.gesture {
        Gesture::RubberBand { start, end, .. } | Gesture::DrawRegion { start, end, .. } => {
            let r = cam.screen_rect(canvas, model::Rect::from_corners(start, end));
            painter.rect(
                r,
                CornerRadius::same(2),
                theme::SELECTION.gamma_multiply(0.08),
                Stroke::new(1.5, theme::SELECTION),
                StrokeKind::Middle,
            );
        }
        Gesture::Link { from, to } => {
            if let Some(s) = board.stickies.get(&from) {
                let a = cam.screen_rect(canvas, s.rect());
                let b = cam.screen_from_board(canvas, to);
                painter.line_segment(
                    [Pos2::new(a.right(), a.center().y), b],
                    Stroke::new(2.5, theme::SELECTION),
                );
                painter.circle_filled(b, 5.0, theme::SELECTION);
            }
        }
        _ => {}
    }
}

/// The in-place text editor over the sticky or region title being edited. Every change is
/// written to the board at once (the app keeps it one undo step while editing lasts).
fn text_editor(ui: &mut Ui, board: &Board, state: &mut CanvasState, edits: &mut Vec<Edit>) {
    let Some(target) = state.editing else {
        return;
    };
    let cam = state.camera;
    let canvas = state.view;
    let zoom = cam.zoom;
    let editor_id = ui.scope_id().with("text-editor");
    let response = match target {
        TextTarget::Sticky(id) => {
            // Created this frame: on the board from the next frame on.
            let Some(s) = board.stickies.get(&id) else {
                return;
            };
            let screen = cam.screen_rect(canvas, s.rect());
            let pad = theme::STICKY_PADDING * zoom;
            let ink = theme::ink_on(board.legend.color(s.kind));
            let editor = TextEdit::multiline(&mut state.edit_buffer)
                .id(editor_id)
                .font(FontId::proportional(theme::STICKY_FONT * zoom))
                .text_color(ink)
                .frame(egui::Frame::NONE)
                .lock_focus(true)
                .margin(Vec2::splat(pad))
                .desired_width(screen.width() - 2.0 * pad)
                .hint_text(format!("{}…", board.legend.label(s.kind)));
            let response = ui.put(screen, editor).accessible_name("Sticky text");
            if response.changed() {
                let mut changed = s.clone();
                // Line ends are `\n` on every platform, so a file never mixes them.
                changed.text = state.edit_buffer.replace('\r', "");
                changed.size = fitted_size(ui, s, &state.edit_buffer);
                edits.push(Edit::PutSticky {
                    id,
                    sticky: Some(changed),
                });
            }
            response
        }
        TextTarget::Region(id) => {
            let Some(b) = board.boundaries.get(&id) else {
                return;
            };
            let screen = draw::region_title_rect(cam.screen_rect(canvas, b.rect), zoom);
            let width = (320.0 * zoom).max(160.0).min(screen.width());
            let rect = Rect::from_min_size(screen.min, Vec2::new(width, screen.height().max(24.0)));
            ui.painter()
                .rect_filled(rect, CornerRadius::same(4), Color32::WHITE);
            let editor = TextEdit::singleline(&mut state.edit_buffer)
                .id(editor_id)
                .font(FontId::proportional(theme::REGION_FONT * zoom.max(0.5)))
                .frame(egui::Frame::NONE)
                .desired_width(width - 8.0)
                .hint_text("Name");
            let response = ui
                .put(rect.shrink(4.0), editor)
                .accessible_name("Region name");
            if response.changed() {
                let mut changed = b.clone();
                changed.name = state.edit_buffer.clone();
                edits.push(Edit::PutBoundary {
                    id,
                    boundary: Some(changed),
                });
            }
            response
        }
    };
    if state.focus_editor > 0 {
        if state.focus_editor == FOCUS_FRAMES {
            // Select the whole text, so typing replaces it.
            let mut text_state = TextEdit::load_state(ui.ctx(), editor_id).unwrap_or_default();
            text_state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::select_all_str(
                    &state.edit_buffer,
                )));
            TextEdit::store_state(ui.ctx(), editor_id, text_state);
        }
        response.request_focus();
        state.focus_editor -= 1;
    } else if response.lost_focus() || !response.has_focus() {
        state.stop_editing();
    }
}

/// The edits and view change of "next sticky": a sticky of the same kind right of the one
/// selected, ready to type. Returns no edits unless exactly one sticky is selected.
pub fn next_sticky(board: &Board, state: &mut CanvasState) -> Vec<Edit> {
    let Some(current) = (state.selection.stickies.len() == 1)
        .then(|| state.selection.stickies.first().copied())
        .flatten()
    else {
        return Vec::new();
    };
    let Some(s) = board.stickies.get(&current) else {
        return Vec::new();
    };
    let pos = Point::new(s.pos.x + s.size.w + theme::TIMELINE_GAP, s.pos.y);
    let id = Id::random();
    let mut next = Sticky::new(s.kind, "", pos);
    next.size.w = s.size.w;
    state.select_stickies([id]);
    state.editing = Some(TextTarget::Sticky(id));
    state.edit_buffer.clear();
    state.focus_editor = FOCUS_FRAMES;
    // Keep the new sticky in view while typing a long timeline.
    let right = state
        .camera
        .screen_from_board(state.view, Point::new(pos.x + next.size.w, pos.y))
        .x;
    if right > state.view.right() - 20.0 {
        state.camera.pan.x -= right - (state.view.right() - 20.0) + 40.0;
    }
    vec![Edit::PutSticky {
        id,
        sticky: Some(next),
    }]
}
