//! The minimap: the whole board small in the canvas's bottom-right corner, with the part the
//! canvas shows outlined. A click or a drag on it moves the view there.
//!
//! Its picture is made by the zoomed-out overview's rasteriser ([`super::overview`]), one
//! pixel per point at the minimap's size, and kept until the board changes: no second way of
//! drawing the board, and on a 100,000-sticky board no cost per frame beyond one textured
//! rectangle.

use egui::{
    Color32, CornerRadius, Pos2, Rect, Role, Sense, Stroke, StrokeKind, TextureHandle,
    TextureOptions, Ui, Vec2, WidgetInfo,
};

use super::CanvasState;
use super::camera::Camera;
use super::overview::{OverviewView, rasterise};
use crate::model::spatial::SpatialIndex;
use crate::model::{self, Board, Point};
use crate::ui::theme;

/// The largest the minimap gets, in points; the board's shape decides the rest.
const MAX_SIZE: Vec2 = Vec2::new(240.0, 160.0);
/// Space between the minimap and the canvas's edges.
const MARGIN: f32 = 12.0;

/// The minimap's cached picture.
#[derive(Default)]
pub struct Minimap {
    /// The board revision and picture size the texture shows.
    key: Option<(u64, [usize; 2])>,
    texture: Option<TextureHandle>,
    /// The board's bounds at that revision.
    bounds: Option<model::Rect>,
}

/// Where the minimap sits and how it maps the board.
struct Placement {
    rect: Rect,
    camera: Camera,
}

/// The minimap's rectangle in `canvas` for a board of `bounds`, and the camera that shows
/// the whole board in it.
fn placement(canvas: Rect, bounds: model::Rect) -> Placement {
    let (bw, bh) = (bounds.size.w.max(1.0), bounds.size.h.max(1.0));
    let zoom = (MAX_SIZE.x / bw).min(MAX_SIZE.y / bh);
    let size = Vec2::new((bw * zoom).max(24.0), (bh * zoom).max(24.0)).round();
    let rect = Rect::from_min_size(canvas.max - size - Vec2::splat(MARGIN), size);
    let center = bounds.center();
    let camera = Camera {
        pan: size / 2.0 - Vec2::new(center.x, center.y) * zoom,
        zoom,
    };
    Placement { rect, camera }
}

/// Shows the minimap in the corner of the canvas; a click or drag on it centres the view on
/// that point of the board.
pub(super) fn minimap_ui(
    ui: &mut Ui,
    board: &Board,
    index: &SpatialIndex,
    revision: u64,
    state: &mut CanvasState,
) {
    let canvas = state.view;
    let map = &mut state.minimap;
    if map.key.map(|(r, _)| r) != Some(revision) {
        map.bounds = board.bounds();
    }
    let Some(bounds) = map.bounds else {
        return;
    };
    let place = placement(canvas, bounds);
    let size = [place.rect.width() as usize, place.rect.height() as usize];
    if map.key != Some((revision, size)) || map.texture.is_none() {
        let nothing = std::collections::BTreeSet::new();
        let view = OverviewView {
            revision,
            camera: place.camera,
            canvas: Rect::from_min_size(Pos2::ZERO, place.rect.size()),
            selected: &nothing,
            moving: None,
        };
        let covers = view.camera.visible(view.canvas);
        let image = rasterise(index, board, &view, covers, size);
        match &mut map.texture {
            Some(t) => t.set(image, TextureOptions::LINEAR),
            None => {
                map.texture = Some(
                    ui.ctx()
                        .load_texture("minimap", image, TextureOptions::LINEAR),
                );
            }
        }
        map.key = Some((revision, size));
    }
    let look = theme::canvas_look(ui.ctx());
    let response = ui.interact(
        place.rect,
        ui.scope_id().with("minimap"),
        Sense::click_and_drag(),
    );
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, "Minimap"));
    let painter = ui.painter_at(place.rect.expand(2.0));
    painter.rect_filled(place.rect, CornerRadius::same(3), look.background);
    if let Some(t) = &map.texture {
        let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
        painter.image(t.id(), place.rect, uv, Color32::WHITE);
    }
    painter.rect_stroke(
        place.rect,
        CornerRadius::same(3),
        Stroke::new(1.0, look.ink.gamma_multiply(0.5)),
        StrokeKind::Outside,
    );
    // The part of the board the canvas shows.
    let visible = state.camera.visible(canvas);
    let shown = place
        .camera
        .screen_rect(place.rect, visible)
        .intersect(place.rect);
    if shown.is_positive() {
        painter.rect_stroke(
            shown,
            CornerRadius::ZERO,
            Stroke::new(2.0, look.selection),
            StrokeKind::Inside,
        );
    }
    if (response.clicked() || response.dragged())
        && let Some(pos) = response.interact_pointer_pos()
    {
        let target = place.camera.board_from_screen(place.rect, pos);
        center_on(&mut state.camera, canvas, target);
    }
}

/// Moves `camera` so the board point `p` is in the middle of `canvas`; the zoom stays.
fn center_on(camera: &mut Camera, canvas: Rect, p: Point) {
    camera.pan = canvas.size() / 2.0 - Vec2::new(p.x, p.y) * camera.zoom;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Size;

    #[test]
    fn the_whole_board_fits_the_corner_and_a_point_on_it_maps_back() {
        let canvas = Rect::from_min_size(Pos2::new(100.0, 50.0), Vec2::new(1000.0, 700.0));
        let bounds = model::Rect::new(Point::new(-500.0, 200.0), Size::new(10_000.0, 2_000.0));
        let place = placement(canvas, bounds);
        assert!(canvas.contains_rect(place.rect));
        assert!(place.rect.width() <= MAX_SIZE.x && place.rect.height() <= MAX_SIZE.y);
        let drawn = place.camera.screen_rect(place.rect, bounds);
        assert!((drawn.min - place.rect.min).length() < 1.0, "{drawn:?}");
        assert!((drawn.max - place.rect.max).length() < 1.0, "{drawn:?}");
        let mut cam = Camera::default();
        let centre = place
            .camera
            .board_from_screen(place.rect, place.rect.center());
        center_on(&mut cam, canvas, centre);
        let middle = cam.board_from_screen(canvas, canvas.center());
        assert!((middle.x - 4_500.0).abs() < 1.0 && (middle.y - 1_200.0).abs() < 1.0);
    }
}
