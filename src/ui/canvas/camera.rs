//! Pan and zoom: one transform between board units and screen points, and its inverse.

use egui::{Pos2, Rect, Vec2};

use crate::model::{self, Point};

/// The smallest and largest zoom.
pub const MIN_ZOOM: f32 = 0.001;
pub const MAX_ZOOM: f32 = 4.0;

/// Where the board is shown: `screen = canvas.min + pan + board * zoom`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub pan: Vec2,
    pub zoom: f32,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            pan: Vec2::new(40.0, 40.0),
            zoom: 1.0,
        }
    }
}

impl Camera {
    /// Screen position of a board point.
    pub fn screen_from_board(&self, canvas: Rect, p: Point) -> Pos2 {
        canvas.min + self.pan + Vec2::new(p.x, p.y) * self.zoom
    }

    /// Board point under a screen position.
    pub fn board_from_screen(&self, canvas: Rect, pos: Pos2) -> Point {
        let v = (pos - canvas.min - self.pan) / self.zoom;
        Point::new(v.x, v.y)
    }

    /// Screen rectangle of a board rectangle.
    pub fn screen_rect(&self, canvas: Rect, r: model::Rect) -> Rect {
        Rect::from_min_max(
            self.screen_from_board(canvas, r.min()),
            self.screen_from_board(canvas, r.max()),
        )
    }

    /// The part of the board the canvas shows.
    pub fn visible(&self, canvas: Rect) -> model::Rect {
        model::Rect::from_corners(
            self.board_from_screen(canvas, canvas.min),
            self.board_from_screen(canvas, canvas.max),
        )
    }

    /// Zooms by `factor` keeping the board point under `anchor` where it is.
    pub fn zoom_around(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let before = self.board_from_screen(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.screen_from_board(canvas, before);
        self.pan += anchor - after;
    }

    /// Shows all of `bounds` with a margin, never zooming in past 100%.
    pub fn fit(&mut self, canvas: Rect, bounds: model::Rect) {
        let margin = 40.0;
        let avail = (canvas.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let zoom = (avail.x / bounds.size.w.max(1.0))
            .min(avail.y / bounds.size.h.max(1.0))
            .clamp(MIN_ZOOM, 1.0);
        self.zoom = zoom;
        let center = bounds.center();
        self.pan = canvas.size() / 2.0 - Vec2::new(center.x, center.y) * zoom;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_and_screen_are_inverse_and_zoom_keeps_the_anchor() {
        let canvas = Rect::from_min_size(Pos2::new(100.0, 50.0), Vec2::new(800.0, 600.0));
        let mut cam = Camera::default();
        let p = Point::new(123.0, -45.0);
        let s = cam.screen_from_board(canvas, p);
        let anchor = Pos2::new(400.0, 300.0);
        let under = cam.board_from_screen(canvas, anchor);
        cam.zoom_around(canvas, anchor, 2.0);
        let back = cam.board_from_screen(canvas, anchor);
        assert!((back.x - under.x).abs() < 1e-3 && (back.y - under.y).abs() < 1e-3);
        let q = Camera::default().board_from_screen(canvas, s);
        assert!((q.x - p.x).abs() < 1e-3 && (q.y - p.y).abs() < 1e-3);
    }
}
