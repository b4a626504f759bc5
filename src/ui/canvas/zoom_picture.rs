//! While the zoom changes, the last fully drawn frame scaled, instead of the whole board.
//!
//! Without a GPU (Mesa's llvmpipe) a frame costs what it rasterises, and every zoom step
//! (wheel, pinch) used to draw every sticky, region and glyph in view again, with its text
//! laid out at the new size (issue 15). As Excalidraw and tldraw do, while the zoom changes
//! the board as last drawn in full is kept in a GL texture and shown scaled about the camera
//! (one linear-filtered framebuffer copy); when zooming out, only the borders it no longer
//! covers are drawn, shapes only, clipped to them. The board is drawn in full again when the
//! zoom has settled ([`SETTLE`] without a zoom), after [`MAX_STANDING`] frames in a row, when
//! the scale since the picture passes [`MAX_SCALE`] (it would look blurred), or when the
//! borders would be more than [`MAX_UNCOVERED`] of the canvas.
//!
//! The picture stands in only while [`ZoomKey`] (the board revision, the markers, the
//! selection, the look, the canvas, pixels per point) is the same as when it was taken, no
//! gesture or text edit goes on and no button is down; when unsure the board is drawn in
//! full. Where no GL painter runs (GUI tests, another renderer) no picture is ever taken.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use egui::{Pos2, Rect};

use super::camera::Camera;
use super::overview::{GlPicture, pixel_rect, take_picture};
use crate::ui::theme::CanvasLook;

/// Seconds without a zoom step after which the board is drawn in full again.
pub const SETTLE: f64 = 0.12;

/// Frames in a row the picture stands in at most; then one frame is drawn in full.
pub const MAX_STANDING: u32 = 8;

/// How far the zoom may move from the picture's, either way, before it is drawn again.
pub const MAX_SCALE: f32 = 2.0;

/// The share of the canvas the borders of a shrunken picture may take before the board is
/// drawn in full instead.
pub const MAX_UNCOVERED: f32 = 0.5;

/// Everything besides the camera that decides what the picture shows; a different key means
/// drawing the board in full.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoomKey {
    pub revision: u64,
    /// The board revision of the model check's markers, and their generation.
    pub markers: (Option<u64>, u64),
    /// A hash of the selected items.
    pub selection: u64,
    pub look: CanvasLook,
    /// The canvas rectangle, as bits.
    pub canvas: [u32; 4],
    pub pixels_per_point: u32,
}

impl ZoomKey {
    /// The key of a frame.
    pub fn new(
        revision: u64,
        markers: (Option<u64>, u64),
        selection: &super::selection::Selection,
        look: CanvasLook,
        (canvas, ppp): (Rect, f32),
    ) -> Self {
        let mut hasher = DefaultHasher::new();
        selection.stickies.hash(&mut hasher);
        selection.boundaries.hash(&mut hasher);
        selection.links.hash(&mut hasher);
        Self {
            revision,
            markers,
            selection: hasher.finish(),
            look,
            canvas: super::overview::rect_bits(canvas),
            pixels_per_point: ppp.to_bits(),
        }
    }

    fn canvas(&self) -> Rect {
        super::overview::rect_of_bits(self.canvas)
    }
}

/// This frame as the zoom picture sees it.
#[derive(Clone, Debug)]
pub struct ZoomFrame {
    pub key: ZoomKey,
    pub camera: Camera,
    /// The input time (seconds).
    pub now: f64,
    /// The zoom changed this frame.
    pub zoomed: bool,
    /// Nothing else goes on that the picture would hide: no gesture, no text edit, no
    /// button down, pressed or released.
    pub quiet: bool,
    /// The borders of a shrunken picture may be drawn shape by shape (not far out, where
    /// the overview draws the board as one rasterised picture).
    pub borders_ok: bool,
}

/// What this frame does with the board.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Plan {
    /// Draw it in full; `take`: keep it as the picture (the zoom is changing).
    Draw { take: bool },
    /// Show the picture scaled onto `at` (points), and draw only the borders it leaves.
    StandIn { at: Rect },
}

/// Where the picture taken with camera `then` lands with camera `now` on `canvas`.
pub fn scaled(canvas: Rect, then: Camera, now: Camera) -> Rect {
    let k = now.zoom / then.zoom;
    let min = canvas.min + now.pan - then.pan * k;
    Rect::from_min_size(min, canvas.size() * k)
}

/// The parts of `canvas` that the picture at `at` leaves uncovered: up to four strips, left
/// and right full height, top and bottom between them.
pub fn borders(canvas: Rect, at: Rect) -> Vec<Rect> {
    let inner = at.intersect(canvas);
    if !inner.is_positive() {
        return vec![canvas];
    }
    let strips = [
        Rect::from_min_max(canvas.min, Pos2::new(inner.min.x, canvas.max.y)),
        Rect::from_min_max(Pos2::new(inner.max.x, canvas.min.y), canvas.max),
        Rect::from_min_max(
            Pos2::new(inner.min.x, canvas.min.y),
            Pos2::new(inner.max.x, inner.min.y),
        ),
        Rect::from_min_max(
            Pos2::new(inner.min.x, inner.max.y),
            Pos2::new(inner.max.x, canvas.max.y),
        ),
    ];
    strips
        .into_iter()
        .filter(|r| r.width() >= 0.5 && r.height() >= 0.5)
        .collect()
}

/// The decision, without GL: `taken` is the key and camera of the picture the texture holds
/// (`None`: no usable picture), `last_zoom` the time of the latest zoom step before this
/// frame, `standing` the frames in a row the picture stood in.
pub fn decide(
    frame: &ZoomFrame,
    taken: Option<(&ZoomKey, Camera)>,
    last_zoom: Option<f64>,
    standing: u32,
) -> Plan {
    let changing =
        frame.zoomed || last_zoom.is_some_and(|t| frame.now - t >= 0.0 && frame.now - t < SETTLE);
    if !changing || !frame.quiet {
        return Plan::Draw { take: false };
    }
    let take = Plan::Draw { take: true };
    let Some((key, then)) = taken else {
        return take;
    };
    if *key != frame.key || standing >= MAX_STANDING {
        return take;
    }
    let k = frame.camera.zoom / then.zoom;
    if !(1.0 / MAX_SCALE..=MAX_SCALE).contains(&k) {
        return take;
    }
    let canvas = key.canvas();
    let at = scaled(canvas, then, frame.camera);
    let uncovered: f32 = borders(canvas, at).iter().map(|r| r.area()).sum();
    let allowed = if frame.borders_ok { MAX_UNCOVERED } else { 0.0 };
    if uncovered > allowed * canvas.area() + 0.5 {
        return take;
    }
    Plan::StandIn { at }
}

/// The board as last drawn in full while the zoom changes, and the GL texture holding it.
#[derive(Default)]
pub struct ZoomPicture {
    gl: Arc<Mutex<GlPicture<u64>>>,
    /// The key, camera and serial of the picture last asked for.
    taken: Option<(ZoomKey, Camera, u64)>,
    serial: u64,
    /// The input time of the latest zoom step.
    last_zoom: Option<f64>,
    standing: u32,
}

impl ZoomPicture {
    /// Before the board is drawn: what this frame does with it.
    pub fn plan(&mut self, frame: &ZoomFrame) -> Plan {
        let holds = self.gl.lock().ok().and_then(|g| g.holds);
        let taken = self
            .taken
            .as_ref()
            .filter(|(_, _, serial)| holds == Some(*serial))
            .map(|(k, c, _)| (k, *c));
        let plan = decide(frame, taken, self.last_zoom, self.standing);
        if frame.zoomed {
            self.last_zoom = Some(frame.now);
        }
        match plan {
            Plan::StandIn { .. } => self.standing += 1,
            Plan::Draw { take } => {
                self.standing = 0;
                if !take {
                    self.taken = None;
                }
            }
        }
        plan
    }

    /// Whether a frame is due later to draw the board in full once the zoom has settled.
    pub fn settle_in(&self, now: f64) -> Option<f64> {
        let t = self.last_zoom?;
        let left = t + SETTLE - now;
        (left > 0.0).then_some(left)
    }

    /// After the board's shapes were drawn in full: keeps them as the picture.
    pub fn take(&mut self, painter: &egui::Painter, frame: &ZoomFrame) {
        self.serial += 1;
        let serial = self.serial;
        self.taken = Some((frame.key.clone(), frame.camera, serial));
        let canvas = frame.key.canvas();
        let gl = self.gl.clone();
        let callback = eframe::egui_glow::CallbackFn::new(move |info, painter| {
            let c = pixel_rect(canvas, info.pixels_per_point, info.screen_size_px[1] as i32);
            if let Ok(mut g) = gl.lock() {
                take_picture(painter.gl(), &mut g, c, &serial);
            }
        });
        painter.add(egui::PaintCallback {
            rect: canvas,
            callback: Arc::new(callback),
        });
    }

    /// Instead of the board: copies the picture in, scaled onto `at`, clipped to the canvas.
    pub fn show(&self, painter: &egui::Painter, canvas: Rect, at: Rect) {
        let gl = self.gl.clone();
        let callback = eframe::egui_glow::CallbackFn::new(move |info, painter| {
            let h = info.screen_size_px[1] as i32;
            let ppp = info.pixels_per_point;
            let clip = pixel_rect(canvas, ppp, h);
            // Where the texture lands; not rounded to whole pixels, so the scale is exact.
            let dst = [
                (at.min.x * ppp).round() as i32,
                h - (at.max.y * ppp).round() as i32,
                (at.max.x * ppp).round() as i32,
                h - (at.min.y * ppp).round() as i32,
            ];
            if let Ok(g) = gl.lock() {
                blit_scaled(painter.gl(), &g, clip, dst);
            }
        });
        painter.add(egui::PaintCallback {
            rect: canvas,
            callback: Arc::new(callback),
        });
    }
}

/// Copies the whole picture onto `dst` (framebuffer pixels), linearly filtered, cut to `clip`.
fn blit_scaled(gl: &eframe::glow::Context, g: &GlPicture<u64>, clip: [i32; 4], dst: [i32; 4]) {
    use eframe::glow::{self, HasContext as _};
    let Some((_, f, size)) = g.target else {
        return;
    };
    if dst[2] <= dst[0] || dst[3] <= dst[1] {
        return;
    }
    // SAFETY: plain GL calls on the context eframe paints with, current on this thread during
    // the paint callback; egui restores its own state (scissor, framebuffer) after callbacks.
    unsafe {
        gl.enable(glow::SCISSOR_TEST);
        gl.scissor(clip[0], clip[1], clip[2] - clip[0], clip[3] - clip[1]);
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, Some(f));
        gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, None);
        let [x0, y0, x1, y1] = super::overview::stored_rows([0, 0, size[0], size[1]], size[1]);
        gl.blit_framebuffer(
            x0,
            y0,
            x1,
            y1,
            dst[0],
            dst[1],
            dst[2],
            dst[3],
            glow::COLOR_BUFFER_BIT,
            glow::LINEAR,
        );
        gl.bind_framebuffer(glow::FRAMEBUFFER, None);
        gl.disable(glow::SCISSOR_TEST);
    }
}

/// The board rectangle a screen rectangle shows.
pub fn board_rect(camera: Camera, canvas: Rect, r: Rect) -> crate::model::Rect {
    crate::model::Rect::from_corners(
        camera.board_from_screen(canvas, r.min),
        camera.board_from_screen(canvas, r.max),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Vec2;

    fn canvas() -> Rect {
        Rect::from_min_size(Pos2::new(0.0, 30.0), Vec2::new(800.0, 600.0))
    }

    fn key() -> ZoomKey {
        ZoomKey {
            revision: 4,
            markers: (Some(4), 2),
            selection: 9,
            look: CanvasLook::STANDARD,
            canvas: [0.0f32, 30.0, 800.0, 630.0].map(f32::to_bits),
            pixels_per_point: 1.0f32.to_bits(),
        }
    }

    fn cam(zoom: f32) -> Camera {
        let mut c = Camera {
            pan: Vec2::new(10.0, 20.0),
            zoom: 1.0,
        };
        c.zoom_around(canvas(), canvas().center(), zoom);
        c
    }

    fn frame(zoom: f32, now: f64, zoomed: bool) -> ZoomFrame {
        ZoomFrame {
            key: key(),
            camera: cam(zoom),
            now,
            zoomed,
            quiet: true,
            borders_ok: true,
        }
    }

    /// A zoom step takes a picture of the board drawn in full; the next steps show it scaled
    /// until the zoom has settled, and then the board is drawn in full again.
    #[test]
    fn the_picture_stands_in_while_the_zoom_changes_and_the_board_is_drawn_once_it_settles() {
        let k = key();
        let taken = Some((&k, cam(1.0)));
        assert_eq!(
            decide(&frame(1.0, 10.0, false), taken, None, 0),
            Plan::Draw { take: false },
            "no zoom: as always"
        );
        assert_eq!(
            decide(&frame(1.05, 10.0, true), None, None, 0),
            Plan::Draw { take: true },
            "the first step has no picture yet"
        );
        let Plan::StandIn { at } = decide(&frame(1.1, 10.0, true), taken, Some(9.99), 1) else {
            panic!("a later step shows the picture");
        };
        // Scaled about the zoom's centre: the centre stays, the size grows by the zoom.
        assert!((at.center() - canvas().center()).length() < 1e-3);
        assert!((at.width() - 800.0 * 1.1).abs() < 1e-2);
        assert!(
            matches!(
                decide(&frame(1.1, 10.05, false), taken, Some(10.0), 1),
                Plan::StandIn { .. }
            ),
            "a frame between steps still shows it"
        );
        assert_eq!(
            decide(
                &frame(1.1, 10.0 + SETTLE + 0.01, false),
                taken,
                Some(10.0),
                3
            ),
            Plan::Draw { take: false },
            "settled: drawn in full"
        );
    }

    /// Anything the picture would show wrongly, or too blurred, draws the board in full.
    #[test]
    fn a_changed_board_look_or_canvas_a_gesture_too_many_frames_or_too_much_scale_draw_in_full() {
        let taken_cam = cam(1.0);
        let changes: [fn(&mut ZoomKey); 6] = [
            |k| k.revision += 1,
            |k| k.markers.1 += 1,
            |k| k.selection = 1,
            |k| k.look.background = egui::Color32::BLACK,
            |k| k.canvas[2] = 900.0f32.to_bits(),
            |k| k.pixels_per_point = 2.0f32.to_bits(),
        ];
        for change in changes {
            let mut k = key();
            change(&mut k);
            let plan = decide(&frame(1.1, 1.0, true), Some((&k, taken_cam)), Some(0.99), 1);
            assert_eq!(plan, Plan::Draw { take: true }, "{k:?}");
        }
        let k = key();
        let taken = Some((&k, taken_cam));
        let mut busy = frame(1.1, 1.0, true);
        busy.quiet = false;
        assert_eq!(
            decide(&busy, taken, Some(0.99), 1),
            Plan::Draw { take: false }
        );
        assert_eq!(
            decide(&frame(1.1, 1.0, true), taken, Some(0.99), MAX_STANDING),
            Plan::Draw { take: true },
            "at least every few frames"
        );
        assert_eq!(
            decide(&frame(MAX_SCALE * 1.05, 1.0, true), taken, Some(0.99), 1),
            Plan::Draw { take: true },
            "too blurred"
        );
    }

    /// Zooming out leaves borders: drawn beside the picture while small, else the board is
    /// drawn in full; far out (the overview) never beside it.
    #[test]
    fn zooming_out_draws_the_uncovered_borders_or_the_board_in_full() {
        let k = key();
        let taken = Some((&k, cam(1.0)));
        let Plan::StandIn { at } = decide(&frame(0.9, 1.0, true), taken, Some(0.99), 1) else {
            panic!("a small step out shows the picture");
        };
        let strips = borders(canvas(), at);
        assert_eq!(strips.len(), 4);
        let area: f32 = strips.iter().map(|r| r.area()).sum::<f32>() + at.area();
        assert!((area - canvas().area()).abs() < 1.0, "{area}");
        let mut far = frame(0.9, 1.0, true);
        far.borders_ok = false;
        assert_eq!(
            decide(&far, taken, Some(0.99), 1),
            Plan::Draw { take: true }
        );
        assert_eq!(
            decide(&frame(0.6, 1.0, true), taken, Some(0.99), 1),
            Plan::Draw { take: true },
            "more than half the canvas uncovered"
        );
        let inside = decide(&frame(1.2, 1.0, true), taken, Some(0.99), 1);
        assert!(matches!(inside, Plan::StandIn { at } if borders(canvas(), at).is_empty()));
    }
}
