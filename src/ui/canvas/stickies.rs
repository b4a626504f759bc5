//! The stickies in view: drawn, and each a widget (its text as accessible label) that can be
//! clicked, double-clicked to edit, and dragged.

use egui::{PointerButton, Role, Sense, Ui, WidgetInfo};

use super::scene::Scene;
use super::selection::Item;
use super::{CanvasState, TextTarget, draw};
use crate::model::{self, Id, Size, Sticky};
use crate::ui::theme;

/// How far right of a sticky the pointer still counts as on it, in screen points: the link
/// handle sits there, and moving onto it keeps it shown.
const HANDLE_REACH: f32 = 24.0;

/// Each sticky in view, with its marker of the model check; remembers the one hovered.
pub fn stickies_ui(ui: &mut Ui, scene: &Scene<'_>, state: &mut CanvasState) {
    let board = scene.board;
    let zoom = scene.cam.zoom;
    let additive = ui.input(|i| i.modifiers.shift || i.modifiers.command);
    let mut hovered = None;
    for id in scene.visible_stickies(state) {
        let Some(s) = board.stickies.get(&id) else {
            continue;
        };
        let r = scene.sticky_rect(state, id, s);
        if !r.intersects(&scene.visible) {
            continue;
        }
        let screen = scene.screen_rect(r);
        let item = Item::Sticky(id);
        if !scene.live.contains(&id) {
            paint(scene, state, id, s, screen);
        }
        let response = ui.interact(
            screen,
            ui.scope_id().with(("sticky", id)),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            let label = if s.text.is_empty() {
                format!("{} (empty)", board.legend.label(s.kind))
            } else {
                s.text.clone()
            };
            WidgetInfo::labeled(Role::Button, true, label)
        });
        let reach = model::Rect::new(r.pos, Size::new(r.size.w + HANDLE_REACH / zoom, r.size.h));
        if scene.pointer.hover.is_some_and(|p| reach.contains(p)) {
            hovered = Some(id);
        }
        if response.double_clicked() {
            state.selection.select(item);
            state.start_editing(board, TextTarget::Sticky(id));
        } else if response.clicked() {
            state.selection.click(item, additive);
            if state.editing.is_some_and(|t| t != TextTarget::Sticky(id)) {
                state.stop_editing();
            }
        }
        if response.drag_started_by(PointerButton::Primary) {
            if !state.selection.contains(item) {
                state.selection.click(item, additive);
            }
            state.start_move(board);
        }
    }
    state.hovered = hovered;
}

/// The stickies in view drawn only, with no interaction: the strips a moved picture leaves
/// uncovered (`zoom_picture.rs`, the pan picture in `overview.rs`). Only those whose drawing
/// reaches into the view: the index's cells are coarser than a narrow strip.
pub fn paint_stickies(scene: &Scene<'_>, state: &CanvasState) {
    let reach = OUTSIDE / scene.cam.zoom;
    let (lo, hi) = (scene.visible.min(), scene.visible.max());
    let around = crate::model::Rect::from_corners(
        crate::model::Point::new(lo.x - reach, lo.y - reach),
        crate::model::Point::new(hi.x + reach, hi.y + reach),
    );
    for id in scene.index.stickies_in(around) {
        if let Some(s) = scene.board.stickies.get(&id)
            && s.rect().intersects(&around)
        {
            paint(scene, state, id, s, scene.screen_rect(s.rect()));
        }
    }
}

/// Of the live stickies (typed into or dragged: `edit_picture.rs`) `ids`, those in view,
/// over the rest of the board.
pub fn live_stickies_ui(scene: &Scene<'_>, state: &CanvasState, ids: &mut dyn Iterator<Item = Id>) {
    for id in ids {
        let Some(s) = scene.board.stickies.get(&id) else {
            continue;
        };
        let r = scene.live_rect(id, s);
        if r.intersects(&scene.visible) {
            paint(scene, state, id, s, scene.screen_rect(r));
        }
    }
}

/// Where a live sticky's drawing reaches on screen now (with its outline and marker), for
/// the drag layer to tell whether a picture of the canvas holds it whole.
pub fn live_reach(scene: &Scene<'_>, id: Id) -> Option<egui::Rect> {
    let s = scene.board.stickies.get(&id)?;
    Some(scene.screen_rect(scene.live_rect(id, s)).expand(OUTSIDE))
}

/// The part of a live sticky's drawing that is opaque whatever lies below: its paper less
/// the rounded corners and the anti-aliased edge (a hotspot is turned: none).
pub fn live_body(scene: &Scene<'_>, id: Id) -> Option<egui::Rect> {
    let s = scene.board.stickies.get(&id)?;
    if s.kind == crate::model::Kind::Hotspot {
        return None;
    }
    let inset = crate::model::look::STICKY_RADIUS * scene.cam.zoom + 1.0;
    Some(scene.screen_rect(scene.live_rect(id, s)).shrink(inset))
}

/// How far a sticky's drawing reaches beyond its rectangle, in screen points (selection
/// outline, the model check's marker, the bottom edge, a hotspot's turn).
const OUTSIDE: f32 = 16.0;

/// Paints one sticky shown at `screen`, with its vote dots and its marker of the model check.
fn paint(scene: &Scene<'_>, state: &CanvasState, id: Id, s: &Sticky, screen: egui::Rect) {
    let zoom = scene.cam.zoom;
    let item = Item::Sticky(id);
    draw::sticky(
        &scene.painter,
        screen,
        s,
        &scene.board.legend,
        zoom,
        state.selection.contains(item),
        state.editing == Some(TextTarget::Sticky(id)),
    );
    let dots = s.vote_count();
    if dots > 0 {
        vote_dots(&scene.painter, screen, dots, zoom);
    }
    if let Some(severity) = state.marker(id) {
        draw::finding_marker(
            &scene.painter,
            screen,
            theme::severity_color(severity),
            zoom,
        );
    }
}

/// The dots a sticky got in dot voting, along its bottom edge: one dark dot per vote up to
/// five, then the count beside them (readable from the back of the room).
fn vote_dots(painter: &egui::Painter, rect: egui::Rect, count: u32, zoom: f32) {
    const SHOWN: u32 = 5;
    let r = (7.0 * zoom).clamp(2.0, 14.0);
    let gap = r * 2.6;
    let y = rect.bottom() - r * 1.8;
    let x0 = rect.left() + r * 1.8;
    for i in 0..count.min(SHOWN) {
        let c = egui::pos2(x0 + i as f32 * gap, y);
        painter.circle(c, r, DOT_FILL, egui::Stroke::new(r * 0.3, DOT_RING));
    }
    if count > SHOWN || zoom < 0.5 {
        let at = egui::pos2(x0 + count.min(SHOWN) as f32 * gap, y);
        painter.text(
            at,
            egui::Align2::LEFT_CENTER,
            count.to_string(),
            egui::FontId::proportional((r * 2.4).max(9.0)),
            DOT_FILL,
        );
    }
}

/// A vote dot: near-black on every sticky colour, with a white ring to part it from the ink.
const DOT_FILL: egui::Color32 = egui::Color32::from_rgb(0x22, 0x22, 0x3A);
const DOT_RING: egui::Color32 = egui::Color32::WHITE;
