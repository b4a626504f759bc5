//! The pointer gesture in progress (move, rubber band, pan, link, draw or resize a region),
//! the move of a dragged selection, and what a gesture draws over the board.

use egui::{CornerRadius, Pos2, Stroke, StrokeKind};

use super::CanvasState;
use super::resize::Handle;
use super::scene::Scene;
use crate::edit::{Edit, ops};
use crate::model::{self, BoundaryKind, Id, Point};
use crate::ui::theme;

/// The pointer gesture in progress, in board units. Nothing is written to the board until it
/// ends, so one gesture is one undo step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Gesture {
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

impl CanvasState {
    /// Starts dragging the selection (with the contents of selected regions).
    pub(super) fn start_move(&mut self, board: &model::Board) {
        self.moving = Some(ops::moving_set(board, &self.selection));
        self.gesture = Gesture::Move {
            delta: Point::default(),
        };
    }
}

/// Accumulates a drag of selected items while the primary button is held and turns it into
/// one move when the button comes up. Run once a frame for the canvas, not per item: the
/// item grabbed may leave the view (and with it its widget) while the drag goes on.
pub fn drag_move(ui: &egui::Ui, scene: &Scene<'_>, state: &mut CanvasState, edits: &mut Vec<Edit>) {
    let Gesture::Move { delta } = &mut state.gesture else {
        return;
    };
    if ui.input(|i| i.pointer.primary_down()) {
        *delta = delta.offset(scene.pointer.delta);
        return;
    }
    if delta.rounded() != Point::default() {
        edits.extend(ops::translate(scene.board, &state.selection, *delta));
    }
    state.gesture = Gesture::Idle;
    state.moving = None;
}

/// The rubber band, the region being drawn and the arrow being dragged.
pub fn overlays(scene: &Scene<'_>, state: &CanvasState) {
    let painter = &scene.painter;
    match state.gesture {
        Gesture::RubberBand { start, end, .. } | Gesture::DrawRegion { start, end, .. } => {
            let r = scene.screen_rect(model::Rect::from_corners(start, end));
            painter.rect(
                r,
                CornerRadius::same(2),
                theme::SELECTION.gamma_multiply(0.08),
                Stroke::new(1.5, theme::SELECTION),
                StrokeKind::Middle,
            );
        }
        Gesture::Link { from, to } => {
            if let Some(s) = scene.board.stickies.get(&from) {
                let a = scene.screen_rect(s.rect());
                let b = scene.cam.screen_from_board(scene.canvas, to);
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
