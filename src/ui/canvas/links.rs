//! Arrows between stickies: drawn, found under the pointer, and drawn anew from a sticky's
//! link handle.

use std::collections::BTreeSet;

use egui::{CursorIcon, Pos2, Rect, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

use super::gesture::Gesture;
use super::scene::Scene;
use super::selection::Item;
use super::{CanvasState, draw};
use crate::edit::{Edit, ops};
use crate::model::{self, Id, Point, Size};
use crate::ui::theme;

/// How near an arrow a click selects it, in screen points.
const LINK_REACH: f32 = 6.0;

/// The arrows in view.
pub fn links_ui(scene: &Scene<'_>, state: &CanvasState) {
    let board = scene.board;
    for id in scene.index.links_in(scene.visible) {
        let Some(link) = board.links.get(&id) else {
            continue;
        };
        let (Some(a), Some(b)) = (board.stickies.get(&link.from), board.stickies.get(&link.to))
        else {
            continue;
        };
        let ra = scene.sticky_rect(state, link.from, a);
        let rb = scene.sticky_rect(state, link.to, b);
        draw::arrow(
            &scene.painter,
            scene.screen_rect(ra),
            scene.screen_rect(rb),
            scene.cam.zoom,
            state.selection.contains(Item::Link(id)),
        );
    }
}

/// Link handles: on the hovered sticky, a single selected one, and the one an arrow is being
/// dragged from. Dropping the arrow on a sticky links the two.
pub fn link_handles_ui(
    ui: &mut Ui,
    scene: &Scene<'_>,
    state: &mut CanvasState,
    edits: &mut Vec<Edit>,
) {
    let board = scene.board;
    let linking = match state.gesture {
        Gesture::Link { from, .. } => Some(from),
        _ => None,
    };
    let with_handles: BTreeSet<Id> = [state.hovered, state.selection.single_sticky(), linking]
        .into_iter()
        .flatten()
        .collect();
    for id in with_handles {
        let Some(s) = board.stickies.get(&id) else {
            continue;
        };
        let screen = scene.screen_rect(scene.sticky_rect(state, id, s));
        let at = Pos2::new(screen.right() + 10.0, screen.center().y);
        let handle = ui.interact(
            Rect::from_center_size(at, Vec2::splat(20.0)),
            ui.scope_id().with(("link-handle", id)),
            Sense::drag(),
        );
        handle.widget_info(|| {
            WidgetInfo::labeled(Role::Button, true, format!("Link from {}", s.text))
        });
        let color = if handle.hovered() {
            theme::SELECTION
        } else {
            theme::LINK
        };
        scene
            .painter
            .circle(at, 7.0, theme::HANDLE_FILL, Stroke::new(2.0, color));
        if handle.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
        }
        if handle.drag_started() {
            state.gesture = Gesture::Link {
                from: id,
                to: scene.pointer.hover.unwrap_or_default(),
            };
        }
        if handle.dragged()
            && let (Gesture::Link { to, .. }, Some(p)) =
                (&mut state.gesture, scene.pointer.interact)
        {
            *to = p;
        }
        if handle.drag_stopped() {
            if let Gesture::Link { from, to } = state.gesture
                && let Some(target) = scene.index.sticky_at(board, to)
            {
                edits.extend(ops::connect(board, from, target));
            }
            state.gesture = Gesture::Idle;
        }
    }
}

/// The arrow drawn near board point `near`, within a few screen points.
pub fn link_at(scene: &Scene<'_>, near: Point) -> Option<Id> {
    let board = scene.board;
    let reach = LINK_REACH / scene.cam.zoom;
    let probe = model::Rect::new(
        Point::new(near.x - reach, near.y - reach),
        Size::new(2.0 * reach, 2.0 * reach),
    );
    let near = Pos2::new(near.x, near.y);
    scene.index.links_in(probe).into_iter().find(|id| {
        let Some(l) = board.links.get(id) else {
            return false;
        };
        let (Some(a), Some(b)) = (board.stickies.get(&l.from), board.stickies.get(&l.to)) else {
            return false;
        };
        draw::border_segment(unscaled(a.rect()), unscaled(b.rect()))
            .is_some_and(|(p, q)| draw::distance_to_segment(near, p, q) < reach)
    })
}

/// A board rectangle as an egui one in board units, for geometry shared with drawing.
fn unscaled(r: model::Rect) -> Rect {
    let (min, max) = (r.min(), r.max());
    Rect::from_min_max(Pos2::new(min.x, min.y), Pos2::new(max.x, max.y))
}
