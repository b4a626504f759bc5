//! Typing on the board: the in-place editor over a sticky or a region's title, starting to
//! type (into an existing item or a new one), and "next sticky" along a timeline.

use egui::{Align, CornerRadius, FontId, Layout, Rect, TextEdit, Ui, UiBuilder, Vec2};

use super::scene::Scene;
use super::selection::Item;
use super::{CanvasState, TextTarget, draw};
use crate::edit::{Edit, ops};
use crate::model::{Board, Point, Size, Sticky};
use crate::ui::theme;

/// How many frames a new editor insists on the keyboard focus.
pub(super) const FOCUS_FRAMES: u8 = 3;

impl CanvasState {
    /// Starts editing a sticky's or region's text in place.
    pub fn start_editing(&mut self, board: &Board, target: TextTarget) {
        let text = match target {
            TextTarget::Sticky(id) => board.stickies.get(&id).map(|s| s.text.clone()),
            TextTarget::Region(id) => board.boundaries.get(&id).map(|b| b.name.clone()),
        };
        if let Some(text) = text {
            self.start_typing(target, text);
        }
    }

    /// Selects a sticky or region just added (its edit applied now or this frame) and starts
    /// typing its text, which is empty.
    pub fn type_into_new(&mut self, target: TextTarget) {
        self.selection.select(match target {
            TextTarget::Sticky(id) => Item::Sticky(id),
            TextTarget::Region(id) => Item::Region(id),
        });
        self.start_typing(target, String::new());
    }

    /// The one place typing starts: the editor opens on `text` and takes the keyboard.
    fn start_typing(&mut self, target: TextTarget, text: String) {
        self.edit_buffer = text;
        self.editing = Some(target);
        self.focus_editor = FOCUS_FRAMES;
    }

    /// Ends in-place editing (the text is already on the board).
    pub fn stop_editing(&mut self) {
        self.editing = None;
    }
}

/// The size a sticky needs to show `text` whole: its width stays, its height grows (never
/// below the kind's default).
fn fitted_size(ui: &Ui, sticky: &Sticky, text: &str) -> Size {
    let pad = theme::STICKY_PADDING;
    let wrap = (sticky.size.w - 2.0 * pad).max(1.0);
    let text_h = ui.fonts_mut(|f| {
        f.layout(
            text.to_owned(),
            FontId::proportional(theme::STICKY_FONT),
            theme::INK,
            wrap,
        )
        .size()
        .y
    });
    let needed = (text_h + 2.0 * pad + 14.0).ceil();
    Size::new(sticky.size.w, needed.max(sticky.kind.default_size().h))
}

/// The in-place text editor over the sticky or region title being edited. Every change is
/// written to the board at once (the app keeps it one undo step while editing lasts).
pub fn text_editor_ui(
    ui: &mut Ui,
    scene: &Scene<'_>,
    state: &mut CanvasState,
    edits: &mut Vec<Edit>,
) {
    let Some(target) = state.editing else {
        return;
    };
    let editor_id = ui.scope_id().with("text-editor");
    let response = match target {
        TextTarget::Sticky(id) => {
            // Created this frame: on the board from the next frame on.
            let Some(s) = scene.board.stickies.get(&id) else {
                return;
            };
            let response = sticky_editor(ui, scene, s, &mut state.edit_buffer, editor_id);
            if response.changed() {
                let size = fitted_size(ui, s, &state.edit_buffer);
                edits.extend(ops::retext_sticky(
                    scene.board,
                    id,
                    &state.edit_buffer,
                    size,
                ));
            }
            response
        }
        TextTarget::Region(id) => {
            let Some(b) = scene.board.boundaries.get(&id) else {
                return;
            };
            let screen = draw::region_title_rect(scene.screen_rect(b.rect), scene.cam.zoom);
            let response = region_editor(ui, scene, screen, &mut state.edit_buffer, editor_id);
            if response.changed() {
                edits.extend(ops::rename_region(scene.board, id, &state.edit_buffer));
            }
            response
        }
    };
    keep_focus(ui, state, &response, editor_id);
}

/// A multi-line editor laid exactly over the sticky, in its font and ink: its text starts
/// where `draw::sticky` paints it and wraps at the same width, so nothing moves when editing
/// starts or ends.
fn sticky_editor(
    ui: &mut Ui,
    scene: &Scene<'_>,
    s: &Sticky,
    buffer: &mut String,
    id: egui::Id,
) -> egui::Response {
    let zoom = scene.cam.zoom;
    let screen = scene.screen_rect(s.rect());
    let pad = theme::STICKY_PADDING * zoom;
    let legend = &scene.board.legend;
    // The padding is left around the editor, not given as its margin: with a frame, egui
    // ignores `margin`, and a frame's margin is whole points, which would move the text.
    let inner = screen.shrink(pad);
    let editor = TextEdit::multiline(buffer)
        .id(id)
        .font(FontId::proportional(
            theme::canvas_look(ui.ctx()).sticky_font_size(zoom),
        ))
        .text_color(theme::ink_on(legend.color(s.kind)))
        .frame(egui::Frame::NONE)
        .lock_focus(true)
        .desired_rows(1)
        .desired_width(inner.width().max(1.0))
        .hint_text(format!("{}…", legend.label(s.kind)));
    // Laid from the top left of the text (`Ui::put` would centre it).
    let builder = UiBuilder::new()
        .max_rect(inner)
        .layout(Layout::top_down(Align::Min));
    ui.scope_builder(builder, |ui| ui.add(editor))
        .inner
        .accessible_name("Sticky text")
}

/// A one-line editor on a plain background over the region's title strip `screen`.
fn region_editor(
    ui: &mut Ui,
    scene: &Scene<'_>,
    screen: Rect,
    buffer: &mut String,
    id: egui::Id,
) -> egui::Response {
    let zoom = scene.cam.zoom;
    let width = (320.0 * zoom).max(160.0).min(screen.width());
    let rect = Rect::from_min_size(screen.min, Vec2::new(width, screen.height().max(24.0)));
    ui.painter()
        .rect_filled(rect, CornerRadius::same(4), theme::EDITOR_FILL);
    let editor = TextEdit::singleline(buffer)
        .id(id)
        .font(FontId::proportional(theme::REGION_FONT * zoom.max(0.5)))
        .frame(egui::Frame::NONE)
        .desired_width(width - 8.0)
        .hint_text("Name");
    ui.put(rect.shrink(4.0), editor)
        .accessible_name("Region name")
}

/// A new editor takes the keyboard for a few frames, with its whole text selected so typing
/// replaces it; afterwards, losing the focus ends editing.
fn keep_focus(ui: &Ui, state: &mut CanvasState, response: &egui::Response, editor_id: egui::Id) {
    if state.focus_editor > 0 {
        if state.focus_editor == FOCUS_FRAMES {
            let mut text_state = TextEdit::load_state(ui.ctx(), editor_id).unwrap_or_default();
            text_state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::select_all_str(
                    &state.edit_buffer,
                )));
            TextEdit::store_state(ui.ctx(), editor_id, text_state);
        }
        response.request_focus();
        state.focus_editor -= 1;
    } else if response.lost_focus() || !response.has_focus() {
        state.stop_editing();
    }
}

/// The edits and view change of "next sticky": a sticky of the same kind right of the one
/// selected, ready to type. Returns no edits unless exactly one sticky is selected.
pub fn next_sticky(board: &Board, state: &mut CanvasState) -> Vec<Edit> {
    let Some(added) = state
        .selection
        .single_sticky()
        .and_then(|current| ops::next_sticky(board, current))
    else {
        return Vec::new();
    };
    state.type_into_new(TextTarget::Sticky(added.id));
    // Keep the new sticky in view while typing a long timeline.
    let r = added.rect;
    let right = state
        .camera
        .screen_from_board(state.view, Point::new(r.pos.x + r.size.w, r.pos.y))
        .x;
    if right > state.view.right() - 20.0 {
        state.camera.pan.x -= right - (state.view.right() - 20.0) + 40.0;
    }
    vec![added.edit]
}
