//! Colleagues on a live board, drawn over the canvas: each one's pointer with their name on
//! their colour, and an outline in their colour round what they have selected. Each name is
//! also an accessible label ("Ada's pointer"), so screen readers and tests find it.

use egui::{
    Color32, CornerRadius, FontId, Rect, Role, Sense, Shape, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo,
};

use super::camera::Camera;
use crate::live::presence::{Peer, parse_color};
use crate::model::{Board, Id};

/// How far outside a selected item a colleague's outline is drawn (screen points).
const OUTLINE_GAP: f32 = 4.0;
/// The longest name drawn beside a pointer (characters); the list of who is here has it whole.
const NAME_CHARS: usize = 24;

/// A colleague's colour; grey for one that is not `#rrggbb`.
pub fn peer_colour(color: &str) -> Color32 {
    let [r, g, b] = parse_color(color).unwrap_or([128, 128, 128]);
    Color32::from_rgb(r, g, b)
}

/// Draws colleagues' selections and pointers over the canvas `view`.
pub fn presence_ui(ui: &Ui, camera: &Camera, view: Rect, board: &Board, peers: &[Peer]) {
    let painter = ui.painter_at(view);
    for peer in peers {
        let colour = peer_colour(&peer.presence.color);
        for id in &peer.presence.selection {
            if let Some(rect) = item_rect(board, *id) {
                let on_screen = camera.screen_rect(view, rect).expand(OUTLINE_GAP);
                painter.rect_stroke(
                    on_screen,
                    CornerRadius::same(4),
                    Stroke::new(2.5, colour),
                    StrokeKind::Outside,
                );
            }
        }
    }
    for peer in peers {
        let Some(at) = peer.presence.pointer else {
            continue;
        };
        let pos = camera.screen_from_board(view, at);
        if !view.contains(pos) {
            continue;
        }
        let colour = peer_colour(&peer.presence.color);
        painter.add(Shape::convex_polygon(
            vec![pos, pos + Vec2::new(0.0, 16.0), pos + Vec2::new(11.0, 11.0)],
            colour,
            Stroke::new(1.0, Color32::WHITE),
        ));
        let name: String = peer.presence.name.chars().take(NAME_CHARS).collect();
        let galley = painter.layout_no_wrap(name, FontId::proportional(13.0), Color32::WHITE);
        let label = Rect::from_min_size(
            pos + Vec2::new(12.0, 14.0),
            galley.size() + Vec2::new(8.0, 4.0),
        );
        painter.rect_filled(label, CornerRadius::same(3), colour);
        painter.galley(label.min + Vec2::new(4.0, 2.0), galley, Color32::WHITE);
        let id = ui.scope_id().with(("peer pointer", peer.client_id));
        let name = &peer.presence.name;
        ui.interact(label, id, Sense::hover())
            .widget_info(|| WidgetInfo::labeled(Role::Label, true, format!("{name}'s pointer")));
    }
}

/// Where an item is on the board, for a sticky or a region.
fn item_rect(board: &Board, id: Id) -> Option<crate::model::Rect> {
    if let Some(sticky) = board.stickies.get(&id) {
        return Some(sticky.rect());
    }
    board.boundaries.get(&id).map(|b| b.rect)
}
