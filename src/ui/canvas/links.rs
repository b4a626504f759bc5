//! Arrows between stickies: drawn, found under the pointer, and drawn anew from a sticky's
//! link handle.
//!
//! The handle sits right of its sticky, where the arrows usually leave it, so it moves up or
//! down to a spot no arrow passes, and a click on it still selects an arrow under it (else its
//! sticky): an arrow is selectable along its whole length, and the handle keeps only drags.

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

/// How far right of its sticky a link handle sits, and how big it is, in screen points.
const HANDLE_GAP: f32 = 10.0;
const HANDLE_SIZE: f32 = 20.0;

/// The arrows in view: those between stickies at rest, or (`live`) those with an end on a
/// live sticky (typed into or dragged: `edit_picture.rs`), drawn over the rest of the board.
pub fn links_ui(scene: &Scene<'_>, state: &CanvasState, live: bool) {
    let board = scene.board;
    for id in scene.index.links_in(scene.visible) {
        let Some(link) = board.links.get(&id) else {
            continue;
        };
        if (scene.live.contains(&link.from) || scene.live.contains(&link.to)) != live {
            continue;
        }
        let (Some(a), Some(b)) = (board.stickies.get(&link.from), board.stickies.get(&link.to))
        else {
            continue;
        };
        let (ra, rb) = if live {
            (scene.live_rect(link.from, a), scene.live_rect(link.to, b))
        } else {
            (
                scene.sticky_rect(state, link.from, a),
                scene.sticky_rect(state, link.to, b),
            )
        };
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
        let at = handle_spot(screen, &arrows_of(scene, state, id));
        let handle = ui.interact(
            Rect::from_center_size(at, Vec2::splat(HANDLE_SIZE)),
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
            if ui.input(|i| i.pointer.any_click()) {
                // The handle takes drags only (a drag starts as the button goes down), so a
                // press and release in place is a click on what lies under it.
                click_on_handle(ui, scene, state, id);
            } else if let Gesture::Link { from, to } = state.gesture
                && let Some(target) = scene.index.sticky_at(board, to)
            {
                edits.extend(ops::connect_and_deliver(board, from, target));
            }
            state.gesture = Gesture::Idle;
        }
    }
}

/// A click on a link handle is a click on what lies under it: the arrow there, else the
/// handle's sticky.
fn click_on_handle(ui: &Ui, scene: &Scene<'_>, state: &mut CanvasState, id: Id) {
    let additive = ui.input(|i| i.modifiers.shift || i.modifiers.command);
    let item = match scene.pointer.interact.and_then(|p| link_at(scene, p)) {
        Some(link) => Item::Link(link),
        None => Item::Sticky(id),
    };
    state.stop_editing();
    state.selection.click(item, additive);
}

/// The arrows to and from sticky `id`, on screen.
fn arrows_of(scene: &Scene<'_>, state: &CanvasState, id: Id) -> Vec<(Pos2, Pos2)> {
    let board = scene.board;
    let Some(s) = board.stickies.get(&id) else {
        return Vec::new();
    };
    let screen_of = |end: Id| {
        board
            .stickies
            .get(&end)
            .map(|e| scene.screen_rect(scene.sticky_rect(state, end, e)))
    };
    scene
        .index
        .links_in(scene.sticky_rect(state, id, s))
        .into_iter()
        .filter_map(|l| board.links.get(&l))
        .filter(|l| l.from == id || l.to == id)
        .filter_map(|l| draw::border_segment(screen_of(l.from)?, screen_of(l.to)?))
        .collect()
}

/// Where the link handle of a sticky shown at `screen` goes: right of it, in the middle unless
/// an arrow leaves there, else lower or higher; where every spot is crowded, the one furthest
/// from the arrows.
fn handle_spot(screen: Rect, arrows: &[(Pos2, Pos2)]) -> Pos2 {
    let x = screen.right() + HANDLE_GAP;
    let inset = (HANDLE_SIZE / 2.0).min(screen.height() / 2.0);
    // Lower before higher: the model check's marker sits on the top right corner.
    let spots = [
        screen.center().y,
        screen.bottom() - inset,
        screen.top() + inset,
    ]
    .map(|y| Pos2::new(x, y));
    let clearance = |spot: Pos2| {
        arrows
            .iter()
            .map(|&(a, b)| draw::distance_to_segment(spot, a, b))
            .fold(f32::INFINITY, f32::min)
    };
    let clear = HANDLE_SIZE / 2.0 + LINK_REACH;
    spots
        .iter()
        .copied()
        .find(|&spot| clearance(spot) > clear)
        .or_else(|| {
            spots
                .iter()
                .copied()
                .max_by(|&p, &q| clearance(p).total_cmp(&clearance(q)))
        })
        .unwrap_or(spots[0])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handle_moves_off_an_arrow_leaving_the_middle_and_else_keeps_furthest_away() {
        let sticky = Rect::from_min_size(Pos2::new(0.0, 0.0), Vec2::new(80.0, 80.0));
        let x = 80.0 + HANDLE_GAP;
        assert_eq!(handle_spot(sticky, &[]), Pos2::new(x, 40.0), "the middle");
        let level = (Pos2::new(80.0, 40.0), Pos2::new(300.0, 40.0));
        assert_eq!(handle_spot(sticky, &[level]), Pos2::new(x, 70.0), "below");
        let down = (Pos2::new(80.0, 68.0), Pos2::new(300.0, 140.0));
        assert_eq!(handle_spot(sticky, &[level, down]), Pos2::new(x, 10.0));
        let up = (Pos2::new(80.0, 12.0), Pos2::new(300.0, -60.0));
        let crowded = handle_spot(sticky, &[level, up, down]);
        assert_eq!(crowded.x, x);
        assert!(crowded.y != 40.0, "not on the level arrow: {crowded:?}");
    }
}
