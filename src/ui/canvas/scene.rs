//! One frame of the canvas as everything below reads it: the board, its spatial index, the
//! camera, the pointer mapped into board space, and the painter.
//!
//! The camera takes this frame's zoom, scroll and pan first; then it is fixed, and the pointer
//! is mapped through it once (as egui-snarl's `ui.rs` does). Drawing, hit testing and gestures
//! work in board units from then on and never map the pointer again.

use egui::{Pos2, Rect, Ui, Vec2};

use super::CanvasState;
use super::camera::Camera;
use super::gesture::Gesture;
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Board, Boundary, Id, Point, Sticky};

/// Where the pointer is this frame, in board units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pointer {
    /// Over the canvas, with no button needed.
    pub hover: Option<Point>,
    /// Where a button is pressed, clicked or released (egui's interaction position), also
    /// outside the canvas while a drag goes on.
    pub interact: Option<Point>,
    /// Where the button went down, for a drag that starts this frame.
    pub press_origin: Option<Point>,
    /// How far it moved since the last frame.
    pub delta: Point,
}

/// What every part of one frame of the canvas reads, and where it paints.
pub struct Scene<'a> {
    /// Paints on the canvas, clipped to it.
    pub painter: egui::Painter,
    pub board: &'a Board,
    pub index: &'a SpatialIndex,
    /// The canvas rectangle on screen.
    pub canvas: Rect,
    /// The camera of this frame, fixed before anything is drawn.
    pub cam: Camera,
    /// The board rectangle the canvas shows.
    pub visible: model::Rect,
    pub pointer: Pointer,
    /// The stickies drawn over the rest of the board while they are typed into or dragged
    /// (`edit_picture.rs`); empty otherwise.
    pub live: std::collections::BTreeSet<Id>,
    /// How far the live stickies are dragged (zero while typing): the drag's latest, also in
    /// the frame its button comes up, before its move is on the board.
    pub live_delta: Point,
}

impl<'a> Scene<'a> {
    /// Fixes this frame's camera (after zoom, scroll and a pan in progress) and maps the
    /// pointer through it.
    pub fn new(
        ui: &Ui,
        board: &'a Board,
        index: &'a SpatialIndex,
        state: &mut CanvasState,
        background: &egui::Response,
    ) -> Self {
        let canvas = state.view;
        // Over the canvas itself, not a window above it (the shortcut sheet, a dialog).
        let hover_pos = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| canvas.contains(*p) && ui.ctx().layer_id_at(*p) == Some(ui.layer_id()));
        navigate(ui, state, background, hover_pos);
        let cam = state.camera;
        let at = |p: Option<Pos2>| p.map(|p| cam.board_from_screen(canvas, p));
        let (interact, press_origin, delta) = ui.input(|i| {
            (
                i.pointer.interact_pos(),
                i.pointer.press_origin(),
                i.pointer.delta(),
            )
        });
        let delta = delta / cam.zoom;
        let pointer = Pointer {
            hover: at(hover_pos),
            interact: at(interact),
            press_origin: at(press_origin),
            delta: Point::new(delta.x, delta.y),
        };
        state.pointer = pointer.hover;
        Self {
            painter: ui.painter_at(canvas),
            board,
            index,
            canvas,
            cam,
            visible: cam.visible(canvas),
            pointer,
            live: std::collections::BTreeSet::new(),
            live_delta: Point::default(),
        }
    }

    /// The screen rectangle of a board rectangle.
    pub fn screen_rect(&self, r: model::Rect) -> Rect {
        self.cam.screen_rect(self.canvas, r)
    }

    /// Where a sticky is drawn: moved along while its selection is dragged.
    pub fn sticky_rect(&self, state: &CanvasState, id: Id, s: &Sticky) -> model::Rect {
        self.moved_rect(state, id, s.rect())
    }

    /// [`Self::sticky_rect`] of the sticky `id` whose rectangle on the board is `rect`.
    pub fn moved_rect(&self, state: &CanvasState, id: Id, rect: model::Rect) -> model::Rect {
        match (&state.moving, state.gesture) {
            (Some(m), Gesture::Move { delta }) if m.stickies.contains(&id) => {
                rect.translated(delta)
            }
            _ => rect,
        }
    }

    /// Where a sticky is drawn in the pass over the board's picture: a live one moved by
    /// `live_delta`, any other where it is.
    pub fn live_rect(&self, id: Id, s: &Sticky) -> model::Rect {
        if self.live.contains(&id) {
            s.rect().translated(self.live_delta)
        } else {
            s.rect()
        }
    }

    /// Where a region is drawn: resized or moved while a gesture is in progress.
    pub fn region_rect(&self, state: &CanvasState, id: Id, b: &Boundary) -> model::Rect {
        match (&state.moving, state.gesture) {
            (_, Gesture::Resize { id: r, rect, .. }) if r == id => rect,
            (Some(m), Gesture::Move { delta }) if m.boundaries.contains(&id) => {
                b.rect.translated(delta)
            }
            _ => b.rect,
        }
    }

    /// The stickies to draw: those in view, and those dragged into view.
    pub fn visible_stickies(&self, state: &CanvasState) -> Vec<Id> {
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

/// This frame's camera input: pinch or Ctrl+wheel zooms around the pointer, the wheel
/// scrolls, and a pan drag on the background moves the board along.
fn navigate(ui: &Ui, state: &mut CanvasState, background: &egui::Response, hover: Option<Pos2>) {
    let canvas = state.view;
    if let Some(anchor) = hover {
        let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
        if zoom != 1.0 {
            state.camera.zoom_around(canvas, anchor, zoom);
        }
        if scroll != Vec2::ZERO {
            state.camera.pan += scroll;
        }
    }
    if background.drag_started() && is_pan_drag(ui, background) {
        state.gesture = Gesture::Pan;
    }
    if background.dragged() && state.gesture == Gesture::Pan {
        state.camera.pan += background.drag_delta();
    }
}

/// A drag on the background pans with the middle or right button, or with Space held.
fn is_pan_drag(ui: &Ui, background: &egui::Response) -> bool {
    let space = ui.input(|i| i.key_down(egui::Key::Space)) && !ui.ctx().egui_wants_keyboard_input();
    background.dragged_by(egui::PointerButton::Middle)
        || background.dragged_by(egui::PointerButton::Secondary)
        || space
}
