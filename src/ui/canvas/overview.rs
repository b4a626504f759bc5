//! The board as one picture, where drawing it shape by shape costs too much.
//!
//! [`Overview`]: far out, a sticky covers a few pixels; drawing 100,000 of them as shapes
//! every frame costs tens of milliseconds. Instead the board is rasterised into a texture
//! (larger than the canvas), and the texture is shown, moved with the pan, until the board,
//! the zoom or the selection changes or the view leaves it.
//!
//! [`PanPicture`]: while the user pans at any zoom, the board as drawn when the pan started
//! is moved as one picture on the GPU, and only the strips it uncovers are drawn. Without a
//! GPU (Mesa's llvmpipe) the rasterising of fills, anti-aliased edges and glyphs decides the
//! frame time, and it follows the pixels drawn, not the CPU work (issue 15).

use egui::{Color32, ColorImage, Pos2, Rect, TextureHandle, TextureOptions};

use super::camera::Camera;
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Board, Id, Kind, Point};
use crate::ui::theme;

/// What the cached picture shows; a different key means drawing it again. The pan is not in
/// it: the picture covers more than the canvas, and panning moves it until the view leaves it.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    revision: u64,
    zoom: u32,
    canvas: [usize; 2],
    selected: usize,
    drag: (u32, u32),
}

/// How much board the picture covers beyond the canvas, on each side, as a share of the
/// canvas: a pan of half a canvas needs no new picture.
const MARGIN: f32 = 0.5;

/// The cached picture of the zoomed-out board.
#[derive(Default)]
pub struct Overview {
    key: Option<Key>,
    /// The board rectangle the texture shows.
    covers: Option<model::Rect>,
    texture: Option<TextureHandle>,
}

/// What the overview needs to know besides the board.
pub struct OverviewView<'a> {
    pub revision: u64,
    pub camera: Camera,
    pub canvas: Rect,
    /// Stickies drawn highlighted.
    pub selected: &'a std::collections::BTreeSet<Id>,
    /// Stickies drawn moved by `drag`, while a drag is in progress.
    pub moving: Option<(&'a std::collections::BTreeSet<Id>, Point)>,
}

impl Overview {
    /// Paints the board's stickies as one texture over the canvas, rasterised again only when
    /// the board, the zoom, the selection or a drag changes, or the view leaves the picture.
    pub fn paint(
        &mut self,
        ctx: &egui::Context,
        painter: &egui::Painter,
        board: &Board,
        index: &SpatialIndex,
        view: &OverviewView<'_>,
    ) {
        let canvas = [
            view.canvas.width().max(1.0) as usize,
            view.canvas.height().max(1.0) as usize,
        ];
        let drag = view.moving.map_or(Point::default(), |(_, d)| d);
        let key = Key {
            revision: view.revision,
            zoom: view.camera.zoom.to_bits(),
            canvas,
            selected: view.selected.len(),
            drag: (drag.x.to_bits(), drag.y.to_bits()),
        };
        let visible = view.camera.visible(view.canvas);
        let inside = self.covers.is_some_and(|c| c.contains_rect(&visible));
        if self.key.as_ref() != Some(&key) || !inside || self.texture.is_none() {
            let zoom = view.camera.zoom;
            // The margin shrinks where the picture would pass the renderer's largest texture.
            let max_side = ctx.input(|i| i.max_texture_side) as f32;
            let margin_of = |board: f32| {
                let screen = board * zoom;
                let room = ((max_side - screen) / 2.0).max(0.0);
                (screen * MARGIN).min(room) / zoom
            };
            let margin = model::Size::new(margin_of(visible.size.w), margin_of(visible.size.h));
            let covers = model::Rect::new(
                Point::new(visible.pos.x - margin.w, visible.pos.y - margin.h),
                model::Size::new(
                    visible.size.w + 2.0 * margin.w,
                    visible.size.h + 2.0 * margin.h,
                ),
            );
            let side = |v: f32| ((v * zoom).ceil() as usize).clamp(1, max_side as usize);
            let size = [side(covers.size.w), side(covers.size.h)];
            let image = rasterise(index, board, view, covers, size);
            match &mut self.texture {
                Some(t) => t.set(image, TextureOptions::NEAREST),
                None => {
                    self.texture =
                        Some(ctx.load_texture("board-overview", image, TextureOptions::NEAREST));
                }
            }
            self.key = Some(key);
            self.covers = Some(covers);
        }
        if let (Some(t), Some(covers)) = (&self.texture, self.covers) {
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            let at = view.camera.screen_from_board(view.canvas, covers.pos);
            // Whole pixels, so the nearest-pixel texture neither shimmers nor blurs.
            let at = Pos2::new(at.x.round(), at.y.round());
            let size = t.size_vec2();
            painter.image(t.id(), Rect::from_min_size(at, size), uv, Color32::WHITE);
        }
    }
}

/// One pixel per point over `covers` (a board rectangle): each sticky becomes a filled block
/// of at least one pixel. Walks the index's contiguous list rather than the board's map, and
/// the selection afterwards. The minimap draws its picture with it too.
pub(super) fn rasterise(
    index: &SpatialIndex,
    board: &Board,
    view: &OverviewView<'_>,
    covers: model::Rect,
    size: [usize; 2],
) -> ColorImage {
    let [w, h] = size;
    let mut pixels = vec![Color32::TRANSPARENT; w * h];
    let mut colours = [Color32::GRAY; Kind::ALL.len()];
    for kind in Kind::ALL {
        colours[kind as usize] = theme::color(board.legend.color(kind));
    }
    let zoom = view.camera.zoom;
    let mut fill = |r: model::Rect, colour: Color32| {
        let x0 = ((r.pos.x - covers.pos.x) * zoom).floor() as i64;
        let y0 = ((r.pos.y - covers.pos.y) * zoom).floor() as i64;
        let x1 = (((r.pos.x + r.size.w - covers.pos.x) * zoom) as i64).max(x0 + 1);
        let y1 = (((r.pos.y + r.size.h - covers.pos.y) * zoom) as i64).max(y0 + 1);
        if x1 <= 0 || y1 <= 0 || x0 >= w as i64 || y0 >= h as i64 {
            return;
        }
        let (x0, x1) = (x0.max(0) as usize, (x1 as usize).min(w));
        let (y0, y1) = (y0.max(0) as usize, (y1 as usize).min(h));
        for row in pixels[y0 * w..y1 * w].chunks_exact_mut(w) {
            row[x0..x1].fill(colour);
        }
    };
    let moving = view.moving.filter(|(set, _)| !set.is_empty());
    for (id, rect, kind) in index.all() {
        if moving.is_some_and(|(set, _)| set.contains(id)) {
            continue;
        }
        fill(*rect, colours[*kind as usize]);
    }
    // Moved and selected stickies last, on top: proportional to the selection, not the board.
    if let Some((set, delta)) = moving {
        for id in set {
            if let Some(s) = board.stickies.get(id) {
                fill(s.rect().translated(delta), colours[s.kind as usize]);
            }
        }
    }
    for id in view.selected {
        if let Some(s) = board.stickies.get(id) {
            let r = match moving {
                Some((set, delta)) if set.contains(id) => s.rect().translated(delta),
                _ => s.rect(),
            };
            fill(r, theme::SELECTION);
        }
    }
    ColorImage::new(size, pixels)
}

/// How far (in pixels) the kept picture moves before it is taken again from the frame: the
/// strips of board drawn beside it each frame stay this narrow. Measured on a 10k board at
/// 1920×1080 (llvmpipe): p95 of the pan 1.40–1.47× the empty board's without retaking,
/// 1.07–1.15× at 32 px; taking it every frame (0) or at 96 px did worse.
const RETAKE_PX: f32 = 32.0;

/// What the picture kept while panning shows, besides where the board is: a different key
/// means the picture is stale and the board is drawn again.
#[derive(Clone, Debug, PartialEq)]
pub struct PanKey {
    pub revision: u64,
    pub zoom: u32,
    pub canvas: [u32; 4],
    pub markers: Option<u64>,
    pub selected: usize,
    pub editing: bool,
}

impl PanKey {
    /// The key of this frame's board drawing.
    pub fn new(revision: u64, zoom: f32, canvas: Rect, markers: Option<u64>) -> Self {
        Self {
            revision,
            zoom: zoom.to_bits(),
            canvas: rect_bits(canvas),
            markers,
            selected: 0,
            editing: false,
        }
    }
}

/// The board as last drawn on screen, kept in a GL texture while the user pans: each frame of
/// the pan moves that picture as one copy on the GPU (or in llvmpipe) and draws only the strips
/// of board it uncovers, instead of rasterising every sticky, region and glyph again. Without
/// a GPU the raster decides the frame time, and it follows the pixels drawn.
///
/// The picture is taken on the first frame of a pan (after the board's shapes, before the
/// overlays and the text editor) and used only while the pan goes on and nothing else about
/// the board's look changed ([`PanKey`]); when the motion stops the board is drawn as always.
/// Where no GL painter runs (GUI tests, another renderer) no picture is ever taken, and the
/// board is drawn in full.
#[derive(Default)]
pub struct PanPicture {
    gl: std::sync::Arc<std::sync::Mutex<GlPicture>>,
    /// The key and the camera pan of the picture asked for.
    taken: Option<(PanKey, egui::Vec2)>,
}

/// The GL side: a texture the size of the canvas and a framebuffer to copy through. The edit
/// picture (`edit_picture.rs`) and the zoom picture (`zoom_picture.rs`) keep one too, with
/// their own kind of key.
///
/// The texture holds the canvas as the window stores it: top row first, 8-bit BGRA. GL's
/// rows count up from the bottom of a texture but down from the top of the window in Mesa's
/// buffers, so a copy between the two is a flip, which llvmpipe can only do by drawing every
/// pixel through a shader; stored upside down (in GL's terms) and in the window's byte
/// order, a copy back to the window is a plain copy of memory rows (`util_can_blit_via_copy_region`),
/// which took a third off the CPU cost of a frame that shows the picture. [`stored_rows`] turns
/// a rectangle of the picture into the rows that hold it.
pub(super) struct GlPicture<K = PanKey> {
    pub(super) target: Option<(eframe::glow::Texture, eframe::glow::Framebuffer, [i32; 2])>,
    /// The key of the picture the texture holds, set when the copy really ran.
    pub(super) holds: Option<K>,
}

impl<K> Default for GlPicture<K> {
    fn default() -> Self {
        Self {
            target: None,
            holds: None,
        }
    }
}

/// A rectangle in framebuffer pixels (GL: origin bottom left), `[x0, y0, x1, y1]`.
pub(super) type PixelRect = [i32; 4];

impl PanPicture {
    /// Before the board is drawn: how far the kept picture moves this frame, in points, when
    /// it can stand in for the board (a pan goes on and the key matches).
    pub fn offset(
        &self,
        key: &PanKey,
        pan: egui::Vec2,
        panning: bool,
        ppp: f32,
    ) -> Option<egui::Vec2> {
        if !panning {
            return None;
        }
        let (taken, at) = self.taken.as_ref()?;
        let holds = self.gl.lock().ok().and_then(|g| g.holds.clone());
        if taken != key || holds.as_ref() != Some(key) {
            return None;
        }
        // Whole pixels, so the copy lands exactly; the strips are drawn at the same place.
        let px = ((pan - *at) * ppp).round();
        let canvas = key_rect(key);
        (px.x.abs() < canvas.width() * ppp && px.y.abs() < canvas.height() * ppp)
            .then_some(px / ppp)
    }

    /// After the board's shapes (`from..` on the painter's layer): while panning, either
    /// narrows them to the strips the moved picture does not cover and copies the picture in
    /// (taking it again once it moved [`RETAKE_PX`]), or asks for the picture to be taken from
    /// this frame.
    pub fn finish(
        &mut self,
        painter: &egui::Painter,
        from: egui::layers::ShapeIdx,
        frame: (&PanKey, egui::Vec2, bool),
        offset: Option<egui::Vec2>,
    ) {
        let (key, pan, panning) = frame;
        if !panning {
            self.taken = None;
            return;
        }
        let canvas = key_rect(key);
        match offset {
            Some(offset) => {
                narrow_to_strips(painter, from, canvas, offset);
                let gl = self.gl.clone();
                let callback = eframe::egui_glow::CallbackFn::new(move |info, painter| {
                    let ppp = info.pixels_per_point;
                    let h = info.screen_size_px[1] as i32;
                    let c = pixel_rect(canvas, ppp, h);
                    let [dx, dy] = pixel_offset(offset, ppp);
                    let dst = [
                        c[0] + dx.max(0),
                        c[1] + dy.max(0),
                        c[2] + dx.min(0),
                        c[3] + dy.min(0),
                    ];
                    let src = [
                        dst[0] - dx - c[0],
                        dst[1] - dy - c[1],
                        dst[2] - dx - c[0],
                        dst[3] - dy - c[1],
                    ];
                    if let Ok(g) = gl.lock() {
                        blit_picture(painter.gl(), &g, src, dst);
                    }
                });
                painter.add(egui::PaintCallback {
                    rect: canvas,
                    callback: std::sync::Arc::new(callback),
                });
                // Once it moved this far, the picture is taken again from this frame (the
                // moved picture and its strips): the strips drawn each frame stay narrow.
                let ppp = painter.ctx().pixels_per_point();
                if offset.x.abs().max(offset.y.abs()) * ppp >= RETAKE_PX {
                    self.take(painter, canvas, key);
                    if let Some((_, at)) = &mut self.taken {
                        *at += offset;
                    }
                }
            }
            None => {
                self.take(painter, canvas, key);
                self.taken = Some((key.clone(), pan));
            }
        }
    }

    /// Asks for the canvas as drawn so far this frame to be copied into the picture.
    fn take(&self, painter: &egui::Painter, canvas: Rect, key: &PanKey) {
        let gl = self.gl.clone();
        let wanted = key.clone();
        let callback = eframe::egui_glow::CallbackFn::new(move |info, painter| {
            let c = pixel_rect(canvas, info.pixels_per_point, info.screen_size_px[1] as i32);
            if let Ok(mut g) = gl.lock() {
                take_picture(painter.gl(), &mut g, c, &wanted);
            }
        });
        painter.add(egui::PaintCallback {
            rect: canvas,
            callback: std::sync::Arc::new(callback),
        });
    }
}

fn key_rect(key: &PanKey) -> Rect {
    rect_of_bits(key.canvas)
}

/// A rectangle as the bits of its corners, so the pictures' keys compare it exactly.
pub(super) fn rect_bits(r: Rect) -> [u32; 4] {
    [r.min.x, r.min.y, r.max.x, r.max.y].map(f32::to_bits)
}

/// The rectangle [`rect_bits`] gave.
pub(super) fn rect_of_bits(bits: [u32; 4]) -> Rect {
    let [a, b, c, d] = bits.map(f32::from_bits);
    Rect::from_min_max(Pos2::new(a, b), Pos2::new(c, d))
}

/// A move on screen (points) in whole framebuffer pixels, GL's way: screen y grows down, GL's
/// up.
pub(super) fn pixel_offset(offset: egui::Vec2, ppp: f32) -> [i32; 2] {
    [
        (offset.x * ppp).round() as i32,
        -(offset.y * ppp).round() as i32,
    ]
}

/// A rectangle in points as framebuffer pixels, for a framebuffer `height` pixels high.
pub(super) fn pixel_rect(r: Rect, ppp: f32, height: i32) -> PixelRect {
    let px = |v: f32| (v * ppp).round() as i32;
    [
        px(r.min.x),
        height - px(r.max.y),
        px(r.max.x),
        height - px(r.min.y),
    ]
}

/// Keeps the shapes `from..` only where the moved picture leaves the canvas uncovered: a
/// strip beside it and a strip above or below it, each shape drawn once per strip it meets
/// (egui culls a shape outside its clip rectangle, and the GL scissor cuts the rest).
fn narrow_to_strips(
    painter: &egui::Painter,
    from: egui::layers::ShapeIdx,
    canvas: Rect,
    offset: egui::Vec2,
) {
    let [side, band] = uncovered(canvas, offset);
    let layer = painter.layer_id();
    painter.ctx().graphics_mut(|g| {
        let list = g.entry(layer);
        let end = list.next_idx().0;
        let copies: Vec<egui::epaint::ClippedShape> = if band.is_positive() {
            list.all_entries()
                .skip(from.0)
                .take(end - from.0)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        for i in from.0..end {
            list.mutate_shape(egui::layers::ShapeIdx(i), |s| {
                s.clip_rect = if side.is_positive() {
                    s.clip_rect.intersect(side)
                } else {
                    Rect::NOTHING
                };
            });
        }
        for s in copies {
            list.add(s.clip_rect.intersect(band), s.shape);
        }
    });
}

/// The parts of `canvas` that the picture moved by `offset` leaves uncovered: a strip at the
/// side it moved away from, full height, and a band above or below it beside that strip
/// (either may be empty).
pub(super) fn uncovered(canvas: Rect, offset: egui::Vec2) -> [Rect; 2] {
    let side = if offset.x > 0.0 {
        Rect::from_min_max(canvas.min, Pos2::new(canvas.min.x + offset.x, canvas.max.y))
    } else {
        Rect::from_min_max(Pos2::new(canvas.max.x + offset.x, canvas.min.y), canvas.max)
    };
    let (x0, x1) = if offset.x > 0.0 {
        (canvas.min.x + offset.x, canvas.max.x)
    } else {
        (canvas.min.x, canvas.max.x + offset.x)
    };
    let band = if offset.y > 0.0 {
        Rect::from_min_max(
            Pos2::new(x0, canvas.min.y),
            Pos2::new(x1, canvas.min.y + offset.y),
        )
    } else {
        Rect::from_min_max(
            Pos2::new(x0, canvas.max.y + offset.y),
            Pos2::new(x1, canvas.max.y),
        )
    };
    [side, band]
}

/// Copies the canvas from the frame being drawn into the picture's texture.
pub(super) fn take_picture<K: Clone>(
    gl: &eframe::glow::Context,
    g: &mut GlPicture<K>,
    c: PixelRect,
    key: &K,
) {
    use eframe::glow::{self, HasContext as _};
    let size = [c[2] - c[0], c[3] - c[1]];
    if size[0] <= 0 || size[1] <= 0 {
        return;
    }
    // SAFETY: plain GL calls on the context eframe paints with, current on this thread during
    // the paint callback; the framebuffer bindings are restored to the default one egui uses.
    unsafe {
        if !ensure_target(gl, g, size) {
            return;
        }
        let Some((_, f, _)) = g.target else {
            return;
        };
        gl.disable(glow::SCISSOR_TEST);
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, None);
        gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, Some(f));
        blit_pixels(gl, c, stored_rows([0, 0, size[0], size[1]], size[1]));
        gl.bind_framebuffer(glow::FRAMEBUFFER, None);
        g.holds = (gl.get_error() == glow::NO_ERROR).then(|| key.clone());
    }
}

/// Makes `g`'s texture and framebuffer, `size` pixels, BGRA and stored top row first (see
/// [`GlPicture`]), unless it has them; false when GL cannot.
///
/// # Safety
/// A GL call: the context must be current on this thread (as in a paint callback).
pub(super) unsafe fn ensure_target<K>(
    gl: &eframe::glow::Context,
    g: &mut GlPicture<K>,
    size: [i32; 2],
) -> bool {
    use eframe::glow::{self, HasContext as _};
    // SAFETY: the caller's.
    unsafe {
        if g.target.is_none_or(|(_, _, s)| s != size) {
            if let Some((t, f, _)) = g.target.take() {
                gl.delete_texture(t);
                gl.delete_framebuffer(f);
            }
            let (Ok(t), Ok(f)) = (gl.create_texture(), gl.create_framebuffer()) else {
                return false;
            };
            gl.bind_texture(glow::TEXTURE_2D, Some(t));
            // An unsized internal format with BGRA data: Mesa then stores the window's byte
            // order (a sized `RGBA8` would be stored RGBA, and every copy converted).
            gl.tex_image_2d(
                glow::TEXTURE_2D,
                0,
                glow::RGBA as i32,
                size[0],
                size[1],
                0,
                glow::BGRA,
                glow::UNSIGNED_BYTE,
                glow::PixelUnpackData::Slice(None),
            );
            gl.bind_texture(glow::TEXTURE_2D, None);
            gl.bind_framebuffer(glow::FRAMEBUFFER, Some(f));
            gl.framebuffer_texture_2d(
                glow::FRAMEBUFFER,
                glow::COLOR_ATTACHMENT0,
                glow::TEXTURE_2D,
                Some(t),
                0,
            );
            let complete =
                gl.check_framebuffer_status(glow::FRAMEBUFFER) == glow::FRAMEBUFFER_COMPLETE;
            gl.bind_framebuffer(glow::FRAMEBUFFER, None);
            if !complete {
                gl.delete_texture(t);
                gl.delete_framebuffer(f);
                return false;
            }
            g.target = Some((t, f, size));
        }
    }
    g.target.is_some()
}

/// Copies part of the picture (`src`, texture pixels) onto the frame (`dst`).
pub(super) fn blit_picture<K>(
    gl: &eframe::glow::Context,
    g: &GlPicture<K>,
    src: PixelRect,
    dst: PixelRect,
) {
    use eframe::glow::{self, HasContext as _};
    let Some((_, f, size)) = g.target else {
        return;
    };
    if dst[2] <= dst[0] || dst[3] <= dst[1] {
        return;
    }
    let src = stored_rows(src, size[1]);
    // SAFETY: as in `take_picture`.
    unsafe {
        gl.disable(glow::SCISSOR_TEST);
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, Some(f));
        gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, None);
        blit_pixels(gl, src, dst);
        gl.bind_framebuffer(glow::FRAMEBUFFER, None);
    }
}

/// The rows of a picture `height` pixels high that hold `r` (a GL pixel rectangle, rows
/// counting up): the picture is stored top row first, so the result runs from its top row
/// down, which tells GL to copy it flipped.
pub(super) fn stored_rows(r: PixelRect, height: i32) -> PixelRect {
    [r[0], height - r[1], r[2], height - r[3]]
}

/// Copies `src` of the bound read framebuffer to `dst` of the bound draw framebuffer, pixel
/// for pixel (both GL pixel rectangles of the same size).
///
/// # Safety
/// A GL call: the context must be current on this thread (as in a paint callback).
pub(super) unsafe fn blit_pixels(gl: &eframe::glow::Context, src: PixelRect, dst: PixelRect) {
    use eframe::glow::{self, HasContext as _};
    // SAFETY: the caller's.
    unsafe {
        gl.blit_framebuffer(
            src[0],
            src[1],
            src[2],
            src[3],
            dst[0],
            dst[1],
            dst[2],
            dst[3],
            glow::COLOR_BUFFER_BIT,
            glow::NEAREST,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A move down the screen is a move down GL's rows, which count up.
    #[test]
    fn a_move_on_screen_is_whole_pixels_with_gl_rows_counting_up() {
        assert_eq!(pixel_offset(egui::Vec2::new(3.4, 2.0), 2.0), [7, -4]);
        assert_eq!(pixel_offset(egui::Vec2::new(-1.2, -0.5), 1.0), [-1, 1]);
    }

    /// A picture is stored top row first: the bottom rows of a rectangle (in GL's terms) are
    /// the last stored, the copy runs from its top row down, and storing twice is the rectangle.
    #[test]
    fn a_picture_rectangle_is_read_from_rows_stored_top_first() {
        assert_eq!(stored_rows([0, 0, 800, 600], 600), [0, 600, 800, 0]);
        assert_eq!(stored_rows([10, 20, 110, 70], 600), [10, 580, 110, 530]);
        let r = [3, 5, 40, 90];
        assert_eq!(stored_rows(stored_rows(r, 100), 100), r);
    }

    /// The moved picture and the two strips cover the canvas exactly once.
    #[test]
    fn the_moved_picture_and_the_uncovered_strips_tile_the_canvas() {
        let canvas = Rect::from_min_size(Pos2::new(100.0, 30.0), egui::Vec2::new(800.0, 600.0));
        for (dx, dy) in [
            (7.0, 0.0),
            (-7.0, 3.0),
            (0.0, -40.0),
            (120.0, 90.0),
            (-5.0, -5.0),
            (0.0, 0.0),
        ] {
            let offset = egui::Vec2::new(dx, dy);
            let picture = canvas.translate(offset).intersect(canvas);
            let [side, band] = uncovered(canvas, offset);
            let area = |r: Rect| if r.is_positive() { r.area() } else { 0.0 };
            let total = area(picture) + area(side) + area(band);
            assert!((total - canvas.area()).abs() < 1e-2, "{offset:?}: {total}");
            for (a, b) in [(picture, side), (picture, band), (side, band)] {
                assert!(
                    area(a.intersect(b)) < 1e-3,
                    "{offset:?}: {a:?} overlaps {b:?}"
                );
            }
        }
    }
}
