//! The dragged stickies kept as one moved picture while a drag goes on.
//!
//! Without a GPU (Mesa's llvmpipe) a frame costs what it rasterises. While a selection is
//! dragged, the rest of the board is the edit picture (`edit_picture.rs`), and the dragged
//! stickies themselves are drawn once onto a transparent texture the size of the window (the
//! same egui shapes, pointed at the texture by two GL callbacks, clipped to the window rather
//! than the canvas) and then moved as one layer, blended onto the frame only in the squares
//! its stickies meet, so a frame no longer rasterises the hundreds of stickies of a large
//! selection. Only the dragged stickies the layer does not hold (those not wholly in the
//! window when it was drawn) are drawn each frame.
//!
//! A long drag brings ever more of those into view, so once the layer has moved
//! [`REBASE_PX`] it is moved into a second texture of the same size where it now is (one GL
//! copy), the stickies that left the window are erased from it, and those wholly in view now
//! are drawn into it: the stickies drawn each frame stay those at the window's edges. Which
//! ones those can be is worked out when the layer is drawn or moved (a sticky more than
//! [`NEAR_PX`] outside the window cannot come into view before the next move), so a frame
//! looks at those few, not at every dragged sticky of a large selection.
//!
//! Blending the layer through egui's shader was most of what a drag frame cost in llvmpipe, so
//! the opaque bodies of the stickies it holds (their paper less the rounded corners) are
//! copied out of it once per layer into a picture stored as the window stores pixels
//! (`overview::GlPicture`), and each frame puts them on the window as copies of memory rows;
//! only the squares around them are blended.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use egui::{Pos2, Rect};

use super::edit_picture::{EditFrame, EditKey};
use super::overview::{GlPicture, PixelRect, blit_pixels, pixel_offset, pixel_rect, stored_rows};
use crate::model::{Id, Point};

/// How far (in pixels) the layer moves before it is moved into the second texture where it
/// now is, with the stickies that came wholly into view drawn into it.
const REBASE_PX: f32 = 128.0;

/// How far (pixels) outside the window a dragged sticky the layer does not hold may reach
/// and still be looked at each frame; while the layer has moved less than this since it was
/// drawn or moved, no other sticky it does not hold can be in view. Above [`REBASE_PX`] so
/// that the move at that threshold finds them.
const NEAR_PX: f32 = 4.0 * REBASE_PX;

/// The side (pixels) of the squares the layer is put on the frame in: only the squares that a
/// sticky it holds meets are blended onto the frame, not the whole rectangle around them (the
/// blending is most of what the layer costs a frame in llvmpipe).
const TILE_PX: f32 = 32.0;

/// The dragged stickies as drawn when the drag's layer was taken, on a transparent picture
/// the size of the window: while the drag goes on it moves as one layer, and only the dragged
/// stickies it does not hold are drawn. Taken again whenever the picture below is not
/// used, or the board or its markers changed at all.
#[derive(Default)]
pub struct DragLayer {
    /// Two textures the size of the window: the layer, and the one it is moved into.
    textures: Option<[egui::TextureHandle; 2]>,
    /// Which of the two holds the layer.
    front: usize,
    gl: Arc<Mutex<LayerGl>>,
    taken: Option<LayerTaken>,
    serial: u64,
    /// Whether the last frame put the bodies on the window as rows (for `--measure`).
    rows_shown: bool,
}

/// The GL side of the drag layer: framebuffers to draw into a texture and to copy from one.
#[derive(Default)]
struct LayerGl {
    framebuffer: Option<eframe::glow::Framebuffer>,
    read: Option<eframe::glow::Framebuffer>,
    /// Drawing into the texture has begun this frame.
    drawing: bool,
    /// The serial of the layer the texture holds, set when its drawing really ran.
    holds: Option<u64>,
    /// The opaque bodies of the layer's stickies, copied out of it as the window stores pixels
    /// (see [`GlPicture`]), so a frame puts them on the window as memory rows; and the serial
    /// of the layer they were copied from.
    bodies: GlPicture<u64>,
}

/// What a drag layer was drawn with.
struct LayerTaken {
    key: EditKey,
    revision: u64,
    markers: u64,
    /// The drag's offset the layer's stickies are drawn at.
    delta: Point,
    held: Held,
    serial: u64,
}

impl LayerTaken {
    /// Whether this layer still shows the dragged stickies of `frame`: the picture below is
    /// used (so nothing else changed), and the board and its markers are as when the layer was
    /// drawn (a drag writes nothing until it ends; any change retakes it).
    fn stands_in(&self, frame: &EditFrame<'_>, below: bool) -> bool {
        below
            && self.key == frame.key
            && self.revision == frame.revision
            && self.markers == frame.markers
    }
}

/// Draws the live stickies it is given.
pub type PaintLive<'a> = dyn FnMut(&mut dyn Iterator<Item = Id>) + 'a;

/// How a drag frame draws its live stickies.
pub struct DragDraw {
    /// How far the stickies are dragged, in board units, and the zoom.
    pub delta: Point,
    pub zoom: f32,
    /// Whether the picture below stands in this frame.
    pub below: bool,
}

/// The dragged stickies as this frame shows them: their ids, and where each one's drawing
/// reaches on screen now (with outline and marker), in points.
pub struct LiveView<'a> {
    pub live: &'a BTreeSet<Id>,
    pub reach: &'a dyn Fn(Id) -> Option<Rect>,
    /// The part of a live sticky's drawing that is opaque whatever lies below (its paper
    /// without the rounded corners), in points; none where there is no such part.
    pub body: &'a dyn Fn(Id) -> Option<Rect>,
}

/// How the live stickies are drawn: on the canvas, clipped to it; and clipped to the window
/// only, into the layer, which so holds whole the stickies that the canvas's edge cuts beside
/// the panels (the canvas's clip cuts the moved layer instead).
pub struct PaintBoth<'a, 'b> {
    pub on_canvas: &'a mut PaintLive<'b>,
    pub whole: &'a mut PaintLive<'b>,
}

impl LiveView<'_> {
    /// The live stickies whose drawing lies wholly inside `window` (those a picture of the
    /// window can hold whole), the screen rectangle they cover, in whole pixels, and the
    /// squares of it they meet; and the others that reach within [`NEAR_PX`] of it.
    fn wholly_in(&self, window: Rect, ppp: f32) -> Held {
        let mut covers = Rect::NOTHING;
        let mut inside = BTreeSet::new();
        let mut reaches = Vec::new();
        let mut bodies = Vec::new();
        let mut near = Vec::new();
        let around = window.expand(NEAR_PX / ppp);
        for &id in self.live {
            match (self.reach)(id) {
                Some(reach) if window.contains_rect(reach) => {
                    inside.insert(id);
                    covers = covers.union(reach);
                    reaches.push(reach);
                    bodies.extend((self.body)(id).map(|b| snap_in(b, ppp)));
                }
                Some(reach) if !around.intersects(reach) => {}
                _ => near.push(id),
            }
        }
        if inside.is_empty() {
            return Held {
                inside,
                near,
                covers: Rect::NOTHING,
                tiles: Vec::new(),
                bodies: Vec::new(),
                edges: Vec::new(),
            };
        }
        let covers = snap(covers, ppp, f32::floor, f32::ceil);
        let tiles = tiles(&reaches, covers, TILE_PX / ppp);
        bodies.retain(|b| b.is_positive());
        let edges = bodies.iter().fold(tiles.clone(), |rest, b| cut(rest, *b));
        Held {
            inside,
            near,
            covers,
            tiles,
            bodies,
            edges,
        }
    }
}

/// Which dragged stickies a layer holds, where, and which others are near the window.
struct Held {
    /// The stickies it holds, the part of the window they cover and the squares of it they
    /// meet (points).
    inside: BTreeSet<Id>,
    covers: Rect,
    tiles: Vec<Rect>,
    /// The dragged stickies it does not hold that reached within [`NEAR_PX`] of the window.
    near: Vec<Id>,
    /// The opaque bodies of the stickies it holds (whole pixels, points), copied onto the
    /// frame as memory rows, and the squares less those bodies, blended.
    bodies: Vec<Rect>,
    edges: Vec<Rect>,
}

/// `r` cut to the whole pixels inside it.
fn snap_in(r: Rect, ppp: f32) -> Rect {
    snap(r, ppp, f32::ceil, f32::floor)
}

/// How a coordinate in pixels is rounded to a whole one.
type Round = fn(f32) -> f32;

/// `r` (points) with its corners on whole pixels, rounded by `min` and `max`.
fn snap(r: Rect, ppp: f32, min: Round, max: Round) -> Rect {
    let at = |p: Pos2, f: Round| Pos2::new(f(p.x * ppp) / ppp, f(p.y * ppp) / ppp);
    Rect::from_min_max(at(r.min, min), at(r.max, max))
}

/// The parts of the disjoint rectangles `rects` outside `hole`: still disjoint, and together
/// they cover what `rects` covered less `hole`.
fn cut(rects: Vec<Rect>, hole: Rect) -> Vec<Rect> {
    let mut out = Vec::with_capacity(rects.len());
    for r in rects {
        let i = r.intersect(hole);
        if !i.is_positive() {
            out.push(r);
            continue;
        }
        let pieces = [
            Rect::from_min_max(r.min, Pos2::new(r.max.x, i.min.y)),
            Rect::from_min_max(Pos2::new(r.min.x, i.max.y), r.max),
            Rect::from_min_max(Pos2::new(r.min.x, i.min.y), Pos2::new(i.min.x, i.max.y)),
            Rect::from_min_max(Pos2::new(i.max.x, i.min.y), Pos2::new(r.max.x, i.max.y)),
        ];
        out.extend(pieces.into_iter().filter(|p| p.is_positive()));
    }
    out
}

impl DragLayer {
    /// Forgets the layer: no drag goes on.
    pub fn clear(&mut self) {
        self.taken = None;
    }

    /// Whether the last frame put the opaque bodies of the dragged stickies on the window as
    /// copies of memory rows (`stormpad --measure` counts those frames).
    pub fn rows_shown(&self) -> bool {
        self.rows_shown
    }

    /// Draws the live stickies of a drag: the layer moved by how far the drag went since it
    /// was drawn, then the stickies it does not hold (and, once it moved [`REBASE_PX`], the
    /// layer moved into the other texture); or, when it cannot stand in but the picture below
    /// does (so GL runs), draws the stickies wholly in view into a new layer and then all of
    /// them; else just all of them. `paint` draws the live stickies its filter lets through.
    /// Returns whether the layer stood in.
    pub fn live_ui(
        &mut self,
        painter: &egui::Painter,
        frame: &EditFrame<'_>,
        draw: &DragDraw,
        view: &LiveView<'_>,
        paint: PaintBoth<'_, '_>,
    ) -> bool {
        let PaintBoth {
            on_canvas: paint,
            whole,
        } = paint;
        self.rows_shown = false;
        let ctx = painter.ctx().clone();
        let ppp = ctx.pixels_per_point();
        let screen = ctx.viewport_rect();
        let size = [
            (screen.width() * ppp).round().max(1.0) as usize,
            (screen.height() * ppp).round().max(1.0) as usize,
        ];
        let (holds, bodies_hold) = self
            .gl
            .lock()
            .ok()
            .map_or((None, None), |g| (g.holds, g.bodies.holds));
        let same_size = self
            .textures
            .as_ref()
            .is_some_and(|t| t[0].size() == size && t[1].size() == size);
        if let (Some(t), Some(textures)) = (&self.taken, &self.textures)
            && same_size
            && holds == Some(t.serial)
            && t.stands_in(frame, draw.below)
        {
            let texture = &textures[self.front];
            let px = |v: f32| (v * draw.zoom * ppp).round() / ppp;
            let offset =
                egui::Vec2::new(px(draw.delta.x - t.delta.x), px(draw.delta.y - t.delta.y));
            // Only the part the stickies cover. GL rows run bottom up: the texture's first row
            // is the window's last.
            let size = texture.size_vec2() / ppp;
            let rows = bodies_hold == Some(t.serial) && !t.held.bodies.is_empty();
            if rows {
                self.show_bodies(painter, &t.held.bodies, offset);
                self.rows_shown = true;
            }
            let squares = if rows { &t.held.edges } else { &t.held.tiles };
            let mut mesh = egui::Mesh::with_texture(texture.id());
            for tile in squares {
                let (min, max) = (tile.min - screen.min, tile.max - screen.min);
                let uv = Rect::from_min_max(
                    Pos2::new(min.x / size.x, 1.0 - min.y / size.y),
                    Pos2::new(max.x / size.x, 1.0 - max.y / size.y),
                );
                mesh.add_rect_with_uv(tile.translate(offset), uv, egui::Color32::WHITE);
            }
            painter.add(egui::Shape::mesh(mesh));
            if offset.x.abs().max(offset.y.abs()) * ppp < NEAR_PX {
                paint(&mut t.held.near.iter().copied());
            } else {
                // Moved further in one frame than the layer looked ahead.
                let held = &t.held.inside;
                paint(&mut view.live.iter().filter(|id| !held.contains(id)).copied());
            }
            if offset.x.abs().max(offset.y.abs()) * ppp >= REBASE_PX {
                self.rebase(painter, (draw, offset), view, whole);
            }
            return true;
        }
        if !draw.below {
            // The picture below is not used: GL may not run at all (another renderer would
            // draw the layer's stickies on screen twice), and the board may have changed.
            self.taken = None;
            paint(&mut view.live.iter().copied());
            return false;
        }
        if !same_size {
            let image = egui::ColorImage::filled(size, egui::Color32::TRANSPARENT);
            let options = egui::TextureOptions::NEAREST;
            let load = |name| ctx.load_texture(name, image.clone(), options);
            self.textures = Some([load("edit-drag-layer"), load("edit-drag-layer-spare")]);
        }
        let Some(id) = self.textures.as_ref().map(|t| t[self.front].id()) else {
            paint(&mut view.live.iter().copied());
            return false;
        };
        self.serial += 1;
        let serial = self.serial;
        let held = view.wholly_in(screen, ppp);
        let gl = self.gl.clone();
        let begin = eframe::egui_glow::CallbackFn::new(move |_info, painter| {
            if let (Some(texture), Ok(mut g)) = (painter.texture(id), gl.lock()) {
                begin_layer(painter.gl(), &mut g, texture);
            }
        });
        painter.add(egui::PaintCallback {
            rect: screen,
            callback: Arc::new(begin),
        });
        whole(&mut held.inside.iter().copied());
        self.end(painter, screen, serial, &held.bodies);
        // On screen this frame, all of them (also where no GL painter runs).
        paint(&mut view.live.iter().copied());
        self.taken = Some(LayerTaken {
            key: frame.key.clone(),
            revision: frame.revision,
            markers: frame.markers,
            delta: draw.delta,
            held,
            serial,
        });
        false
    }

    /// Moves the layer into the other texture where it is now (`offset` points from where it
    /// was drawn), erases there the stickies no longer wholly in view, and draws into it those
    /// that are wholly in view now and it did not hold (and those whose drawing the erasing
    /// cut).
    fn rebase(
        &mut self,
        painter: &egui::Painter,
        (draw, offset): (&DragDraw, egui::Vec2),
        view: &LiveView<'_>,
        whole: &mut PaintLive<'_>,
    ) {
        let (Some(t), Some(textures)) = (&self.taken, &self.textures) else {
            return;
        };
        let ppp = painter.ctx().pixels_per_point();
        let screen = painter.ctx().viewport_rect();
        let held = view.wholly_in(screen, ppp);
        let inside = &held.inside;
        // A pixel more each way: the copy lands within half a pixel of the drawing.
        let leaving: Vec<Rect> = t
            .held
            .inside
            .iter()
            .filter(|id| !inside.contains(id))
            .filter_map(|id| (view.reach)(*id))
            .map(|r| r.expand(1.0))
            .collect();
        let fresh: BTreeSet<Id> = inside
            .iter()
            .filter(|id| {
                !t.held.inside.contains(id)
                    || (view.reach)(**id).is_none_or(|r| leaving.iter().any(|l| l.intersects(r)))
            })
            .copied()
            .collect();
        let (from, to) = (textures[self.front].id(), textures[1 - self.front].id());
        let was = t.held.covers;
        // Where the copied stickies now are: whole pixels from where they were drawn.
        let delta = Point::new(
            t.delta.x + offset.x / draw.zoom,
            t.delta.y + offset.y / draw.zoom,
        );
        let taken = LayerTaken {
            key: t.key.clone(),
            revision: t.revision,
            markers: t.markers,
            delta,
            held,
            serial: 0,
        };
        self.serial += 1;
        let serial = self.serial;
        let gl = self.gl.clone();
        let begin = eframe::egui_glow::CallbackFn::new(move |info, painter| {
            let ppp = info.pixels_per_point;
            let h = info.screen_size_px[1] as i32;
            let src = pixel_rect(was, ppp, h);
            let [dx, dy] = pixel_offset(offset, ppp);
            let dst = [src[0] + dx, src[1] + dy, src[2] + dx, src[3] + dy];
            let erase: Vec<PixelRect> = leaving.iter().map(|r| pixel_rect(*r, ppp, h)).collect();
            if let (Some(from), Some(to), Ok(mut g)) =
                (painter.texture(from), painter.texture(to), gl.lock())
            {
                begin_layer(painter.gl(), &mut g, to);
                copy_layer(painter.gl(), &mut g, from, (src, dst), &erase);
            }
        });
        painter.add(egui::PaintCallback {
            rect: screen,
            callback: Arc::new(begin),
        });
        whole(&mut fresh.iter().copied());
        self.end(painter, screen, serial, &taken.held.bodies);
        self.front = 1 - self.front;
        self.taken = Some(LayerTaken { serial, ..taken });
    }

    /// Points the drawing back at the window after the layer's shapes, and copies the opaque
    /// `bodies` (points) out of the layer.
    fn end(&self, painter: &egui::Painter, screen: Rect, serial: u64, bodies: &[Rect]) {
        let gl = self.gl.clone();
        let bodies = bodies.to_vec();
        let end = eframe::egui_glow::CallbackFn::new(move |info, painter| {
            let h = info.screen_size_px[1] as i32;
            let rects: Vec<PixelRect> = bodies
                .iter()
                .map(|b| pixel_rect(*b, info.pixels_per_point, h))
                .collect();
            if let Ok(mut g) = gl.lock() {
                keep_bodies(painter.gl(), &mut g, &rects, info.screen_size_px, serial);
                end_layer(painter.gl(), &mut g, serial);
            }
        });
        painter.add(egui::PaintCallback {
            rect: screen,
            callback: Arc::new(end),
        });
    }
}

impl DragLayer {
    /// Puts the opaque bodies (points, where the layer was drawn) on the frame moved by
    /// `offset` (whole pixels), cut to the painter's clip, as copies of memory rows.
    fn show_bodies(&self, painter: &egui::Painter, bodies: &[Rect], offset: egui::Vec2) {
        let gl = self.gl.clone();
        let bodies = bodies.to_vec();
        let show = eframe::egui_glow::CallbackFn::new(move |info, painter| {
            let ppp = info.pixels_per_point;
            let h = info.screen_size_px[1] as i32;
            let clip = snap_in(info.clip_rect, ppp);
            let [dx, dy] = pixel_offset(offset, ppp);
            let Ok(g) = gl.lock() else {
                return;
            };
            let Some((_, f, size)) = g.bodies.target else {
                return;
            };
            use eframe::glow::{self, HasContext as _};
            let gl = painter.gl();
            // SAFETY: plain GL calls on the context eframe paints with, current on this thread
            // during the paint callback; egui restores its state after callbacks.
            unsafe {
                gl.disable(glow::SCISSOR_TEST);
                gl.bind_framebuffer(glow::READ_FRAMEBUFFER, Some(f));
                gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, None);
                for b in &bodies {
                    let dst = b.translate(offset).intersect(clip);
                    if !dst.is_positive() {
                        continue;
                    }
                    let d = pixel_rect(dst, ppp, h);
                    let src = [d[0] - dx, d[1] - dy, d[2] - dx, d[3] - dy];
                    blit_pixels(gl, stored_rows(src, size[1]), d);
                }
                gl.bind_framebuffer(glow::FRAMEBUFFER, None);
            }
        });
        painter.add(egui::PaintCallback {
            rect: painter.clip_rect(),
            callback: Arc::new(show),
        });
    }
}

/// After the layer was drawn (its framebuffer still bound): copies the `bodies` (GL pixel
/// rectangles of the window-sized layer) into the bodies picture, stored as the window
/// stores pixels. The picture holds layer `serial` if all went well.
fn keep_bodies(
    gl: &eframe::glow::Context,
    g: &mut LayerGl,
    bodies: &[PixelRect],
    size: [u32; 2],
    serial: u64,
) {
    use eframe::glow::{self, HasContext as _};
    g.bodies.holds = None;
    if !g.drawing || bodies.is_empty() {
        return;
    }
    let size = [size[0] as i32, size[1] as i32];
    // SAFETY: as in `begin_layer`; the bindings go back to the layer's framebuffer.
    unsafe {
        if !super::overview::ensure_target(gl, &mut g.bodies, size) {
            return;
        }
        let (Some(layer), Some((_, f, _))) = (g.framebuffer, g.bodies.target) else {
            return;
        };
        gl.disable(glow::SCISSOR_TEST);
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, Some(layer));
        gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, Some(f));
        for b in bodies {
            blit_pixels(gl, *b, stored_rows(*b, size[1]));
        }
        gl.bind_framebuffer(glow::FRAMEBUFFER, Some(layer));
        if gl.get_error() == glow::NO_ERROR {
            g.bodies.holds = Some(serial);
        }
    }
}

/// The squares of side `side` (from `bounds`'s corner, cut to it) that the rectangles
/// `reaches` meet, each row's neighbours joined: disjoint, so no pixel is blended twice.
fn tiles(reaches: &[Rect], bounds: Rect, side: f32) -> Vec<Rect> {
    let cols = (bounds.width() / side).ceil().max(0.0) as usize;
    let rows = (bounds.height() / side).ceil().max(0.0) as usize;
    let mut met = vec![false; cols * rows];
    let span = |from: f32, to: f32, origin: f32, n: usize| {
        let a = ((from - origin) / side).floor().max(0.0) as usize;
        let b = (((to - origin) / side).ceil().max(0.0) as usize).min(n);
        a..b
    };
    for r in reaches {
        for row in span(r.min.y, r.max.y, bounds.min.y, rows) {
            for col in span(r.min.x, r.max.x, bounds.min.x, cols) {
                met[row * cols + col] = true;
            }
        }
    }
    let mut tiles = Vec::new();
    for row in 0..rows {
        let y0 = bounds.min.y + row as f32 * side;
        let y1 = (y0 + side).min(bounds.max.y);
        let mut col = 0;
        while col < cols {
            if !met[row * cols + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < cols && met[row * cols + col] {
                col += 1;
            }
            let x0 = bounds.min.x + start as f32 * side;
            let x1 = (bounds.min.x + col as f32 * side).min(bounds.max.x);
            tiles.push(Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x1, y1)));
        }
    }
    tiles
}

/// Points the drawing that follows at the layer's texture, cleared to transparent.
fn begin_layer(gl: &eframe::glow::Context, g: &mut LayerGl, texture: eframe::glow::Texture) {
    use eframe::glow::{self, HasContext as _};
    // SAFETY: plain GL calls on the context eframe paints with, current on this thread during
    // the paint callback; `end_layer` binds the default framebuffer egui uses again.
    unsafe {
        if !attach(gl, glow::FRAMEBUFFER, &mut g.framebuffer, texture) {
            gl.bind_framebuffer(glow::FRAMEBUFFER, None);
            return;
        }
        gl.disable(glow::SCISSOR_TEST);
        gl.clear_color(0.0, 0.0, 0.0, 0.0);
        gl.clear(glow::COLOR_BUFFER_BIT);
        g.drawing = true;
    }
}

/// After [`begin_layer`]: copies `src` of the texture `from` to `dst` of the layer being
/// drawn (both in pixels, GL's origin bottom left; what falls outside is dropped), then
/// clears the `erase` rectangles to transparent.
fn copy_layer(
    gl: &eframe::glow::Context,
    g: &mut LayerGl,
    from: eframe::glow::Texture,
    (src, dst): (PixelRect, PixelRect),
    erase: &[PixelRect],
) {
    use eframe::glow::{self, HasContext as _};
    if !g.drawing {
        return;
    }
    // SAFETY: as in `begin_layer`; the draw framebuffer stays the layer's.
    unsafe {
        if !attach(gl, glow::READ_FRAMEBUFFER, &mut g.read, from) {
            g.drawing = false;
            return;
        }
        blit_pixels(gl, src, dst);
        gl.enable(glow::SCISSOR_TEST);
        for r in erase {
            let (w, h) = (r[2] - r[0], r[3] - r[1]);
            if w > 0 && h > 0 {
                gl.scissor(r[0], r[1], w, h);
                gl.clear(glow::COLOR_BUFFER_BIT);
            }
        }
        gl.disable(glow::SCISSOR_TEST);
    }
}

/// Binds `framebuffer` (made on first use) as `target` (`FRAMEBUFFER` or `READ_FRAMEBUFFER`)
/// with `texture` as its colour; false when that framebuffer cannot be used.
///
/// # Safety
/// A GL call: the context must be current on this thread (as in a paint callback).
unsafe fn attach(
    gl: &eframe::glow::Context,
    target: u32,
    framebuffer: &mut Option<eframe::glow::Framebuffer>,
    texture: eframe::glow::Texture,
) -> bool {
    use eframe::glow::{self, HasContext as _};
    // SAFETY: the caller's.
    unsafe {
        if framebuffer.is_none() {
            *framebuffer = gl.create_framebuffer().ok();
        }
        let Some(f) = *framebuffer else {
            return false;
        };
        gl.bind_framebuffer(target, Some(f));
        gl.framebuffer_texture_2d(
            target,
            glow::COLOR_ATTACHMENT0,
            glow::TEXTURE_2D,
            Some(texture),
            0,
        );
        gl.check_framebuffer_status(target) == glow::FRAMEBUFFER_COMPLETE
    }
}

/// Points the drawing back at the window; the texture holds layer `serial` if all went well.
fn end_layer(gl: &eframe::glow::Context, g: &mut LayerGl, serial: u64) {
    use eframe::glow::{self, HasContext as _};
    // SAFETY: as in `begin_layer`.
    unsafe {
        gl.bind_framebuffer(glow::FRAMEBUFFER, None);
        let ok = g.drawing && gl.get_error() == glow::NO_ERROR;
        g.holds = ok.then_some(serial);
    }
    g.drawing = false;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Legend;

    fn key() -> EditKey {
        EditKey::example()
    }

    /// The drag layer moves along only while the picture below stands in and neither the
    /// board nor a marker changed; anything else draws it again.
    #[test]
    fn the_drag_layer_is_drawn_again_after_any_change_of_board_markers_or_key() {
        let legend = Legend::default();
        let layer = LayerTaken {
            key: key(),
            revision: 10,
            markers: 3,
            delta: Point::new(5.0, 0.0),
            held: Held {
                inside: BTreeSet::from([Id(1)]),
                covers: Rect::from_min_max(Pos2::ZERO, Pos2::new(100.0, 100.0)),
                tiles: Vec::new(),
                near: Vec::new(),
                bodies: Vec::new(),
                edges: Vec::new(),
            },
            serial: 1,
        };
        let frame = |revision, markers, key| EditFrame {
            key,
            revision,
            markers,
            legend: &legend,
        };
        assert!(layer.stands_in(&frame(10, 3, key()), true));
        assert!(
            !layer.stands_in(&frame(10, 3, key()), false),
            "the board is drawn anew"
        );
        assert!(
            !layer.stands_in(&frame(11, 3, key()), true),
            "an edit, even of a live sticky"
        );
        assert!(!layer.stands_in(&frame(10, 4, key()), true), "a marker");
        let mut zoomed = key();
        zoomed.camera[2] = 0.5f32.to_bits();
        assert!(!layer.stands_in(&frame(10, 3, zoomed), true), "the camera");
    }

    /// A sticky's reach on screen, from its corners.
    fn at(id: u64, [x0, y0, x1, y1]: [f32; 4]) -> (Id, Rect) {
        (
            Id(id),
            Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x1, y1)),
        )
    }

    /// What a layer of the window `window` holds of the live stickies reaching `rects`, each
    /// with an opaque body `inset` inside its reach (none without one).
    fn held_of(rects: &[(Id, Rect)], inset: Option<f32>, window: Rect, ppp: f32) -> Held {
        let live: BTreeSet<Id> = rects.iter().map(|(id, _)| *id).collect();
        let reach = |id: Id| rects.iter().find(|(i, _)| *i == id).map(|(_, r)| *r);
        let body = |id: Id| Some(reach(id)?.shrink(inset?));
        let view = LiveView {
            live: &live,
            reach: &reach,
            body: &body,
        };
        view.wholly_in(window, ppp)
    }

    /// The layer holds the stickies drawn wholly inside the window, and covers them in whole
    /// pixels; those cut by the window's edge are drawn each frame.
    #[test]
    fn the_layer_holds_the_stickies_wholly_in_the_window() {
        let canvas = Rect::from_min_max(Pos2::ZERO, Pos2::new(800.0, 600.0));
        let rects = [
            at(1, [10.2, 10.0, 100.0, 90.7]),
            at(2, [700.0, 10.0, 820.0, 90.0]),
            at(3, [300.0, 300.0, 400.0, 380.0]),
        ];
        let Held {
            inside,
            near,
            covers,
            tiles,
            ..
        } = held_of(&rects, None, canvas, 1.0);
        assert_eq!(inside, BTreeSet::from([Id(1), Id(3)]));
        assert_eq!(
            near,
            vec![Id(2)],
            "cut by the window's edge: drawn each frame"
        );
        assert_eq!(
            covers,
            Rect::from_min_max(Pos2::new(10.0, 10.0), Pos2::new(400.0, 380.0))
        );
        assert!(!tiles.is_empty());
    }

    /// Cutting a hole leaves disjoint pieces outside it that cover the rest exactly.
    #[test]
    fn a_cut_leaves_disjoint_pieces_around_the_hole() {
        let area = |r: &Rect| if r.is_positive() { r.area() } else { 0.0 };
        let square =
            |x: f32, y: f32, w: f32| Rect::from_min_size(Pos2::new(x, y), egui::Vec2::splat(w));
        let rects = vec![
            square(0.0, 0.0, 32.0),
            square(32.0, 0.0, 32.0),
            square(0.0, 32.0, 32.0),
        ];
        for hole in [
            square(8.0, 8.0, 16.0),
            square(20.0, 20.0, 30.0),
            square(-10.0, -10.0, 200.0),
            square(100.0, 100.0, 5.0),
        ] {
            let pieces = cut(rects.clone(), hole);
            for (i, a) in pieces.iter().enumerate() {
                assert!(
                    area(&a.intersect(hole)) <= 0.0,
                    "{a:?} in the hole {hole:?}"
                );
                for b in &pieces[i + 1..] {
                    assert!(area(&a.intersect(*b)) <= 0.0, "{a:?} and {b:?} overlap");
                }
            }
            let before: f32 = rects
                .iter()
                .map(|r| area(r) - area(&r.intersect(hole)))
                .sum();
            let after: f32 = pieces.iter().map(area).sum();
            assert!(
                (before - after).abs() < 0.01,
                "{hole:?}: {before} vs {after}"
            );
        }
    }

    /// The opaque bodies the layer copies as rows are whole pixels within each sticky's body,
    /// and the squares blended around them never overlap them.
    #[test]
    fn the_bodies_are_whole_pixels_and_the_blended_squares_go_around_them() {
        let window = Rect::from_min_max(Pos2::ZERO, Pos2::new(800.0, 600.0));
        let rects = [
            at(1, [10.2, 10.0, 100.0, 90.7]),
            at(2, [300.0, 300.0, 400.0, 380.0]),
            at(3, [350.0, 320.0, 460.0, 420.0]),
        ];
        let ppp = 1.5;
        let held = held_of(&rects, Some(16.5), window, ppp);
        assert_eq!(held.bodies.len(), 3);
        for (b, (_, r)) in held.bodies.iter().zip(rects) {
            assert!(r.shrink(16.5).contains_rect(*b), "{b:?} outside {r:?}");
            for v in [b.min.x, b.min.y, b.max.x, b.max.y] {
                assert!(
                    (v * ppp - (v * ppp).round()).abs() < 1e-3,
                    "{v} is not a pixel"
                );
            }
        }
        let area = |r: &Rect| if r.is_positive() { r.area() } else { 0.0 };
        for e in &held.edges {
            for b in &held.bodies {
                assert!(area(&e.intersect(*b)) <= 0.0, "{e:?} blends over {b:?}");
            }
        }
        // Everything the squares covered is either blended or inside a body.
        let tiles: f32 = held.tiles.iter().map(area).sum();
        let edges: f32 = held.edges.iter().map(area).sum();
        assert!(edges < tiles, "the bodies are cut out");
    }

    /// The squares are disjoint, lie in the bounds, and cover every rectangle within them.
    #[test]
    fn the_tiles_cover_every_sticky_once() {
        let bounds = Rect::from_min_max(Pos2::new(10.0, 20.0), Pos2::new(330.0, 250.0));
        let reaches = [
            Rect::from_min_max(Pos2::new(10.0, 20.0), Pos2::new(60.0, 70.0)),
            Rect::from_min_max(Pos2::new(50.0, 60.0), Pos2::new(120.0, 90.0)),
            Rect::from_min_max(Pos2::new(300.0, 200.0), Pos2::new(330.0, 250.0)),
        ];
        let tiles = tiles(&reaches, bounds, 32.0);
        for (i, a) in tiles.iter().enumerate() {
            assert!(bounds.contains_rect(*a), "{a:?} outside");
            for b in &tiles[i + 1..] {
                assert!(a.intersect(*b).area() <= 0.0, "{a:?} and {b:?} overlap");
            }
        }
        for r in reaches {
            let inside: f32 = tiles.iter().map(|t| t.intersect(r).area().max(0.0)).sum();
            assert!((inside - r.area()).abs() < 0.01, "{r:?} covered {inside}");
        }
        let area: f32 = tiles.iter().map(Rect::area).sum();
        assert!(
            area < bounds.area() / 2.0,
            "only the squares the stickies meet"
        );
    }
}
