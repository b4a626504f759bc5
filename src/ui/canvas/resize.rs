//! Resizing a region by its corner and edge handles.

use egui::{CornerRadius, CursorIcon, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2};

use super::CanvasState;
use super::gesture::Gesture;
use super::scene::Scene;
use crate::edit::{Edit, ops};
use crate::model::{self, Boundary, Id, Point};
use crate::ui::theme;

/// A region smaller than this either way would lose its title strip.
const MIN_REGION: f32 = 80.0;

/// A corner or edge of a region, for resizing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
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

    /// Where the handle sits on the region's screen rectangle.
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

/// The eight handles of the one selected region `id`, drawn on its `screen` rectangle; a
/// drag on one resizes the region in one step.
pub fn resize_handles_ui(
    ui: &mut Ui,
    scene: &Scene<'_>,
    state: &mut CanvasState,
    (id, b): (Id, &Boundary),
    screen: Rect,
    edits: &mut Vec<Edit>,
) {
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
            theme::HANDLE_FILL,
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
                (&mut state.gesture, scene.pointer.interact)
        {
            *rect = resized(b.rect, handle, p);
        }
        if r.drag_stopped() {
            if let Gesture::Resize { rect, .. } = state.gesture {
                edits.extend(ops::resize_region(scene.board, id, rect));
            }
            state.gesture = Gesture::Idle;
        }
    }
}

/// `rect` with the edges of `handle` moved to `p`, never smaller than a title strip.
fn resized(rect: model::Rect, handle: Handle, p: Point) -> model::Rect {
    let (l, t, r, b) = handle.edges();
    let (mut x0, mut y0, mut x1, mut y1) = (rect.min().x, rect.min().y, rect.max().x, rect.max().y);
    if l {
        x0 = p.x.min(x1 - MIN_REGION);
    }
    if r {
        x1 = p.x.max(x0 + MIN_REGION);
    }
    if t {
        y0 = p.y.min(y1 - MIN_REGION);
    }
    if b {
        y1 = p.y.max(y0 + MIN_REGION);
    }
    model::Rect::from_corners(Point::new(x0, y0), Point::new(x1, y1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Size;

    #[test]
    fn a_corner_moves_two_edges_and_a_region_never_shrinks_past_its_title() {
        let rect = model::Rect::new(Point::new(0.0, 0.0), Size::new(400.0, 300.0));
        let grown = resized(rect, Handle::SE, Point::new(500.0, 450.0));
        assert_eq!(
            grown,
            model::Rect::new(Point::new(0.0, 0.0), Size::new(500.0, 450.0))
        );
        let squashed = resized(rect, Handle::N, Point::new(123.0, 1000.0));
        assert_eq!(
            squashed,
            model::Rect::new(Point::new(0.0, 220.0), Size::new(400.0, 80.0))
        );
    }
}
