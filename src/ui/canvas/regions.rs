//! Regions (bounded contexts and swimlanes) on the canvas: drawn, and their title strips
//! select, move and rename them.

use egui::{CursorIcon, PointerButton, Rect, Role, Sense, Ui, WidgetInfo};

use super::resize::resize_handles_ui;
use super::scene::Scene;
use super::selection::Item;
use super::{CanvasState, TextTarget, draw};
use crate::edit::Edit;
use crate::model::{Boundary, Id};

/// Regions, outermost first so nested ones stay clickable on top.
pub fn regions_ui(ui: &mut Ui, scene: &Scene<'_>, state: &mut CanvasState, edits: &mut Vec<Edit>) {
    for (id, b) in outermost_first(scene) {
        let r = scene.region_rect(state, *id, b);
        if !r.intersects(&scene.visible) {
            continue;
        }
        let screen = scene.screen_rect(r);
        let selected = state.selection.contains(Item::Region(*id));
        draw::region(&scene.painter, screen, b, scene.cam.zoom, selected);
        region_interaction(ui, scene, state, (*id, b), screen, edits);
    }
}

/// The regions in view drawn only, outermost first, with no interaction: the borders a zoom
/// picture leaves (`zoom_picture.rs`).
pub fn paint_regions(scene: &Scene<'_>, state: &CanvasState) {
    for (id, b) in outermost_first(scene) {
        let r = scene.region_rect(state, *id, b);
        if r.intersects(&scene.visible) {
            let selected = state.selection.contains(Item::Region(*id));
            draw::region(
                &scene.painter,
                scene.screen_rect(r),
                b,
                scene.cam.zoom,
                selected,
            );
        }
    }
}

/// The board's regions, largest first (ties by id), so nested ones are drawn and clicked on top.
fn outermost_first<'a>(scene: &Scene<'a>) -> Vec<(&'a Id, &'a Boundary)> {
    let mut regions: Vec<(&Id, &Boundary)> = scene.board.boundaries.iter().collect();
    regions.sort_by(|a, b| {
        b.1.rect
            .area()
            .total_cmp(&a.1.rect.area())
            .then(a.0.cmp(b.0))
    });
    regions
}

/// Title strip (select, move, rename) and, on the one selected region, resize handles.
fn region_interaction(
    ui: &mut Ui,
    scene: &Scene<'_>,
    state: &mut CanvasState,
    (id, b): (Id, &Boundary),
    screen: Rect,
    edits: &mut Vec<Edit>,
) {
    let title = draw::region_title_rect(screen, scene.cam.zoom);
    let response = ui.interact(
        title,
        ui.scope_id().with(("region", id)),
        Sense::click_and_drag(),
    );
    let name = if b.name.is_empty() {
        b.kind.label().to_owned()
    } else {
        b.name.clone()
    };
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
    let additive = ui.input(|i| i.modifiers.shift || i.modifiers.command);
    let item = Item::Region(id);
    if response.double_clicked() {
        state.selection.select(item);
        state.start_editing(scene.board, TextTarget::Region(id));
    } else if response.clicked() {
        state.selection.click(item, additive);
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Grab);
    }
    if response.drag_started_by(PointerButton::Primary) {
        if !state.selection.contains(item) {
            state.selection.click(item, additive);
        }
        state.start_move(scene.board);
    }

    if state.selection.boundaries.len() == 1 && state.selection.contains(item) {
        resize_handles_ui(ui, scene, state, (id, b), screen, edits);
    }
}
