//! The zoomed-out board as one picture. Far out, a sticky covers a few pixels; drawing 100,000
//! of them as shapes every frame costs tens of milliseconds. Instead the board is rasterised
//! into a texture once, and the texture is shown until the board, the view or the selection
//! changes.

use egui::{Color32, ColorImage, Pos2, Rect, TextureHandle, TextureOptions};

use super::camera::Camera;
use crate::model::{Board, Id, Point};
use crate::ui::theme;

/// What the cached picture shows; a different key means drawing it again.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    revision: u64,
    camera: (u32, u32, u32),
    size: [usize; 2],
    selected: usize,
    drag: (u32, u32),
}

/// The cached picture of the zoomed-out board.
#[derive(Default)]
pub struct Overview {
    key: Option<Key>,
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
    /// Paints the board's stickies as one texture covering the canvas.
    pub fn paint(
        &mut self,
        ctx: &egui::Context,
        painter: &egui::Painter,
        board: &Board,
        view: &OverviewView<'_>,
    ) {
        let size = [
            view.canvas.width().max(1.0) as usize,
            view.canvas.height().max(1.0) as usize,
        ];
        let drag = view.moving.map_or(Point::default(), |(_, d)| d);
        let key = Key {
            revision: view.revision,
            camera: (
                view.camera.pan.x.to_bits(),
                view.camera.pan.y.to_bits(),
                view.camera.zoom.to_bits(),
            ),
            size,
            selected: view.selected.len(),
            drag: (drag.x.to_bits(), drag.y.to_bits()),
        };
        if self.key.as_ref() != Some(&key) || self.texture.is_none() {
            let image = rasterise(board, view, size);
            match &mut self.texture {
                Some(t) => t.set(image, TextureOptions::NEAREST),
                None => {
                    self.texture =
                        Some(ctx.load_texture("board-overview", image, TextureOptions::NEAREST));
                }
            }
            self.key = Some(key);
        }
        if let Some(t) = &self.texture {
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            painter.image(t.id(), view.canvas, uv, Color32::WHITE);
        }
    }
}

/// One pixel per point: each sticky becomes a filled block of at least one pixel.
fn rasterise(board: &Board, view: &OverviewView<'_>, size: [usize; 2]) -> ColorImage {
    let [w, h] = size;
    let mut pixels = vec![Color32::TRANSPARENT; w * h];
    let colours: Vec<(crate::model::Kind, Color32)> = crate::model::Kind::ALL
        .iter()
        .map(|k| (*k, theme::color(board.legend.color(*k))))
        .collect();
    let colour_of = |k| {
        colours
            .iter()
            .find(|(kind, _)| *kind == k)
            .map_or(Color32::GRAY, |c| c.1)
    };
    let origin = view.canvas.min;
    for (id, s) in &board.stickies {
        let mut r = s.rect();
        if let Some((moving, delta)) = view.moving
            && moving.contains(id)
        {
            r = r.translated(delta);
        }
        let screen = view.camera.screen_rect(view.canvas, r);
        let x0 = (screen.min.x - origin.x).floor();
        let y0 = (screen.min.y - origin.y).floor();
        let x1 = (screen.max.x - origin.x).ceil().max(x0 + 1.0);
        let y1 = (screen.max.y - origin.y).ceil().max(y0 + 1.0);
        if x1 <= 0.0 || y1 <= 0.0 || x0 >= w as f32 || y0 >= h as f32 {
            continue;
        }
        let (x0, x1) = (x0.max(0.0) as usize, (x1 as usize).min(w));
        let (y0, y1) = (y0.max(0.0) as usize, (y1 as usize).min(h));
        let colour = if view.selected.contains(id) {
            theme::SELECTION
        } else {
            colour_of(s.kind)
        };
        for row in pixels[y0 * w..y1 * w].chunks_exact_mut(w) {
            row[x0..x1].fill(colour);
        }
    }
    ColorImage::new(size, pixels)
}
