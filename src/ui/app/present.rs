//! The walk-through (presentation mode, `F5`): full screen, panels hidden, a big caption; the
//! camera glides from stop to stop (`→`, `Space`, `PageDown` forward; `←`, `PageUp` back) and
//! `Esc` returns to where the facilitator was. The stops come from the model
//! (`model::walkthrough`); this file only moves the camera, the one thing presentation
//! changes, so followers of a live board see the same steps by following the camera.

use egui::{Align2, Context, Key, Modifiers, RichText, Ui, Vec2, ViewportCommand};

use super::StormpadApp;
use crate::model::walkthrough::{self, Stop};
use crate::model::{self, Point};
use crate::ui::canvas::{self, camera::Camera};

/// How long the camera takes from one stop to the next, in seconds.
const GLIDE: f64 = 0.3;
/// The closest a stop is shown: twice the sticky's size, big text for the back of the room.
const MAX_ZOOM: f32 = 2.0;
/// Room left around a stop, in screen points.
const MARGIN: f32 = 60.0;
/// The caption's text size.
const CAPTION_SIZE: f32 = 28.0;

/// A walk-through in progress.
#[derive(Clone, Debug)]
pub struct Presentation {
    stops: Vec<Stop>,
    at: usize,
    /// Where the facilitator was: `Esc` comes back here.
    back_to: Camera,
    from: Camera,
    since: f64,
}

impl Presentation {
    /// The stop shown now.
    pub fn stop(&self) -> Option<&Stop> {
        self.stops.get(self.at)
    }

    /// Which stop, counted from 0, of how many.
    pub fn position(&self) -> (usize, usize) {
        (self.at, self.stops.len())
    }
}

/// The camera that shows `rect` in `view` (screen rectangle), up to [`MAX_ZOOM`].
pub fn camera_for(view: egui::Rect, rect: model::Rect) -> Camera {
    let avail = (view.size() - Vec2::splat(2.0 * MARGIN)).max(Vec2::splat(1.0));
    let zoom = (avail.x / rect.size.w.max(1.0))
        .min(avail.y / rect.size.h.max(1.0))
        .clamp(canvas::camera::MIN_ZOOM, MAX_ZOOM);
    centred(view, rect.center(), zoom)
}

fn centred(view: egui::Rect, centre: Point, zoom: f32) -> Camera {
    Camera {
        zoom,
        pan: view.size() / 2.0 - Vec2::new(centre.x, centre.y) * zoom,
    }
}

/// The camera `t` (0 to 1, eased) of the way from `a` to `b`: the centre moves in a line and
/// the zoom evenly in scale, so the glide neither lurches nor overshoots.
fn glide(view: egui::Rect, a: Camera, b: Camera, t: f32) -> Camera {
    let t = t * t * (3.0 - 2.0 * t);
    let centre = |c: Camera| c.board_from_screen(view, view.center());
    let (ca, cb) = (centre(a), centre(b));
    let c = Point::new(ca.x + (cb.x - ca.x) * t, ca.y + (cb.y - ca.y) * t);
    let zoom = (a.zoom.ln() + (b.zoom.ln() - a.zoom.ln()) * t).exp();
    centred(view, c, zoom)
}

impl StormpadApp {
    /// The walk-through in progress, if any.
    pub fn presentation(&self) -> Option<&Presentation> {
        self.present.as_ref()
    }

    /// Starts the walk-through (or ends it when one runs): full screen, from the first stop.
    pub(super) fn toggle_presenting(&mut self, ctx: &Context) {
        if self.present.is_some() {
            self.stop_presenting(ctx);
            return;
        }
        self.canvas.stop_editing();
        let derived = self.doc.derived(ctx, true);
        let stops = walkthrough::stops(&self.doc.board, &derived.analysis);
        if stops.is_empty() {
            return;
        }
        let now = ctx.input(|i| i.time);
        self.present = Some(Presentation {
            stops,
            at: 0,
            back_to: self.canvas.camera,
            from: self.canvas.camera,
            since: now,
        });
        ctx.send_viewport_cmd(ViewportCommand::Fullscreen(true));
    }

    /// Ends the walk-through where the facilitator was before it.
    fn stop_presenting(&mut self, ctx: &Context) {
        if let Some(p) = self.present.take() {
            self.canvas.camera = p.back_to;
            ctx.send_viewport_cmd(ViewportCommand::Fullscreen(false));
        }
    }

    /// The walk-through's keys; every other shortcut is off while it runs.
    pub(super) fn presentation_keys(&mut self, ctx: &Context) {
        let pressed = |keys: &[Key]| {
            // Every key given is consumed, so none of them also reaches the board.
            ctx.input_mut(|i| {
                let mut any = false;
                for k in keys {
                    any |= i.consume_key(Modifiers::NONE, *k);
                }
                any
            })
        };
        if pressed(&[Key::Escape, Key::F5]) {
            self.stop_presenting(ctx);
            return;
        }
        let step: isize = if pressed(&[Key::ArrowRight, Key::Space, Key::PageDown]) {
            1
        } else if pressed(&[Key::ArrowLeft, Key::PageUp]) {
            -1
        } else {
            return;
        };
        let now = ctx.input(|i| i.time);
        let camera = self.canvas.camera;
        if let Some(p) = self.present.as_mut() {
            let next = p.at.saturating_add_signed(step).min(p.stops.len() - 1);
            if next != p.at {
                p.at = next;
                p.from = camera;
                p.since = now;
            }
        }
    }

    /// The board alone, full screen, with the stop's caption; the camera glides to the stop.
    pub(super) fn presentation_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let Some(p) = self.present.as_ref() else {
            return;
        };
        let (title, rect) = match p.stop() {
            Some(s) => (s.title.clone(), s.rect),
            None => return,
        };
        let (at, of) = p.position();
        let view = self.canvas.view;
        if view.width() > 1.0 {
            let t = ((ctx.input(|i| i.time) - p.since) / GLIDE).clamp(0.0, 1.0) as f32;
            self.canvas.camera = glide(view, p.from, camera_for(view, rect), t);
            if t < 1.0 {
                ctx.request_repaint();
            }
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            // Read-only: nothing on the board changes while presenting.
            let _ = canvas::canvas_ui(ui, &self.doc.board, &self.doc.history, &mut self.canvas);
        });
        egui::Area::new(egui::Id::unique("walk-through caption"))
            .anchor(Align2::CENTER_BOTTOM, Vec2::new(0.0, -24.0))
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&title).size(CAPTION_SIZE).strong())
                            .extend(),
                    );
                    ui.label(
                        RichText::new(format!(
                            "{} / {of} · Right or Space: next · Left: back · Esc: end",
                            at + 1
                        ))
                        .weak(),
                    );
                });
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_fills_the_view_no_closer_than_twice_and_the_glide_ends_there() {
        let view = egui::Rect::from_min_size(egui::pos2(0.0, 30.0), Vec2::new(1000.0, 700.0));
        let wide = model::Rect::new(Point::new(0.0, 0.0), model::Size::new(2000.0, 200.0));
        let cam = camera_for(view, wide);
        assert!((cam.zoom - 880.0 / 2000.0).abs() < 1e-4);
        let small = model::Rect::new(Point::new(0.0, 0.0), model::Size::new(100.0, 100.0));
        assert_eq!(camera_for(view, small).zoom, MAX_ZOOM);
        let start = Camera::default();
        let end = glide(view, start, cam, 1.0);
        assert!((end.zoom - cam.zoom).abs() < 1e-4 && (end.pan - cam.pan).length() < 1e-2);
        let mid = glide(view, start, cam, 0.5);
        assert!(mid.zoom < start.zoom && mid.zoom > cam.zoom);
    }
}
