//! Clicks and drags on empty canvas: the rubber band, drawing regions, placing stickies,
//! selecting arrows and far-out stickies, and stickies dropped from the palette. (A pan drag
//! moves the camera before the frame is drawn; see [`super::scene`].)

use egui::{CursorIcon, Ui};

use super::gesture::Gesture;
use super::links::link_at;
use super::scene::Scene;
use super::selection::Item;
use super::{CanvasState, OVERVIEW_ZOOM, TextTarget, Tool};
use crate::edit::{Edit, ops};
use crate::model::{self, Kind};

/// What the pointer did on the background this frame.
pub fn background_ui(
    ui: &mut Ui,
    scene: &Scene<'_>,
    state: &mut CanvasState,
    bg: &egui::Response,
    edits: &mut Vec<Edit>,
) {
    let additive = ui.input(|i| i.modifiers.shift || i.modifiers.command);
    if bg.drag_started() {
        begin_drag(scene, state, additive);
    }
    if bg.dragged()
        && let (Gesture::RubberBand { end, .. } | Gesture::DrawRegion { end, .. }, Some(p)) =
            (&mut state.gesture, scene.pointer.interact)
    {
        *end = p;
    }
    if bg.drag_stopped() {
        end_drag(scene, state, edits);
    }
    if bg.clicked() {
        click(scene, state, additive, edits);
    }
    if let Some(kind) = bg.dnd_release_payload::<Kind>() {
        let at = scene.pointer.hover.unwrap_or_else(|| state.view_center());
        let added = ops::new_sticky(*kind, state.on_canvas(*kind, at));
        edits.push(added.edit);
        state.type_into_new(TextTarget::Sticky(added.id));
    }
    if matches!(state.tool, Tool::Place(_) | Tool::Region(_)) && bg.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
    }
}

/// A drag on the background begins: a region with the Region tool, else a rubber band (a pan
/// drag is already under way).
fn begin_drag(scene: &Scene<'_>, state: &mut CanvasState, additive: bool) {
    let p = scene
        .pointer
        .press_origin
        .or(scene.pointer.interact)
        .unwrap_or_default();
    if state.gesture != Gesture::Pan {
        state.gesture = match state.tool {
            Tool::Region(kind) => Gesture::DrawRegion {
                kind,
                start: p,
                end: p,
            },
            _ => Gesture::RubberBand {
                start: p,
                end: p,
                additive,
            },
        };
    }
    state.stop_editing();
}

/// A drag on the background ends: the rubber band selects what lies wholly inside it, with no
/// pick order; a drawn region is added, selected, and named as the user types.
fn end_drag(scene: &Scene<'_>, state: &mut CanvasState, edits: &mut Vec<Edit>) {
    match state.gesture {
        Gesture::RubberBand {
            start,
            end,
            additive,
        } => {
            let band = model::Rect::from_corners(start, end);
            if !additive {
                state.selection.clear();
            }
            // All at once: the band's stickies get no pick order (Link follows the grammar).
            for id in scene.index.stickies_within(scene.board, band) {
                state.selection.add_unpicked(Item::Sticky(id));
            }
            for (id, b) in &scene.board.boundaries {
                if band.contains_rect(&b.rect) {
                    state.selection.add_unpicked(Item::Region(*id));
                }
            }
        }
        Gesture::DrawRegion { kind, start, end } => {
            let added = ops::new_region(kind, start, end);
            edits.push(added.edit);
            state.tool = Tool::Select;
            state.type_into_new(TextTarget::Region(added.id));
        }
        _ => {}
    }
    state.gesture = Gesture::Idle;
}

/// A click on the background: places a sticky with the Place tool; otherwise selects the
/// sticky (zoomed far out, where stickies are a picture) or arrow under it, or nothing.
fn click(scene: &Scene<'_>, state: &mut CanvasState, additive: bool, edits: &mut Vec<Edit>) {
    let p = scene.pointer.interact.unwrap_or_default();
    state.stop_editing();
    match state.tool {
        Tool::Place(kind) => {
            let added = ops::new_sticky(kind, state.on_canvas(kind, p));
            edits.push(added.edit);
            state.tool = Tool::Select;
            state.type_into_new(TextTarget::Sticky(added.id));
        }
        Tool::Region(_) | Tool::Select => {
            let sticky = (scene.cam.zoom < OVERVIEW_ZOOM)
                .then(|| scene.index.sticky_at(scene.board, p))
                .flatten();
            let link = scene.pointer.interact.and_then(|p| link_at(scene, p));
            if !additive {
                state.selection.clear();
            }
            if let Some(id) = sticky {
                state.selection.pick(Item::Sticky(id));
            } else if let Some(link) = link {
                state.selection.add(Item::Link(link));
            }
        }
    }
}
