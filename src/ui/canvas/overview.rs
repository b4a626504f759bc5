//! The zoomed-out board as one picture. Far out, a sticky covers a few pixels; drawing 100,000
//! of them as shapes every frame costs tens of milliseconds. Instead the board is rasterised
//! into a texture once, and the texture is shown until the board, the view or the selection
//! changes.

use egui::{Color32, ColorImage, Pos2, Rect, TextureHandle, TextureOptions};

use super::camera::Camera;
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Board, Id, Kind, Point};
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
        index: &SpatialIndex,
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
            let image = rasterise(index, board, view, size);
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

/// One pixel per point: each sticky becomes a filled block of at least one pixel. Walks the
/// index's contiguous list rather than the board's map, and the selection afterwards. The
/// minimap draws its picture with it too.
pub(super) fn rasterise(
    index: &SpatialIndex,
    board: &Board,
    view: &OverviewView<'_>,
    size: [usize; 2],
) -> ColorImage {
    let [w, h] = size;
    let mut pixels = vec![Color32::TRANSPARENT; w * h];
    let mut colours = [Color32::GRAY; Kind::ALL.len()];
    for kind in Kind::ALL {
        colours[kind as usize] = theme::color(board.legend.color(kind));
    }
    let origin = view.canvas.min.to_vec2();
    let cam = view.camera;
    let mut fill = |r: model::Rect, colour: Color32| {
        let screen = cam.screen_rect(view.canvas, r);
        let x0 = (screen.min.x - origin.x) as i64;
        let y0 = (screen.min.y - origin.y) as i64;
        let x1 = ((screen.max.x - origin.x) as i64).max(x0 + 1);
        let y1 = ((screen.max.y - origin.y) as i64).max(y0 + 1);
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
