//! The board without the items being edited, kept as one picture while typing or dragging.
//!
//! Without a GPU (Mesa's llvmpipe) a frame costs what it rasterises, and typing into one
//! sticky or dragging a selection used to redraw every sticky, region and glyph in view each
//! frame (issue 15). While only some items change (the sticky being typed into, the stickies
//! being dragged: the *live* items), the rest of the board is drawn once, copied into a GL
//! texture, and each later frame copies it back and draws only the live items over it, with
//! what belongs to them (their arrows, pivotal lines, markers, link handles). The live items
//! are drawn over the rest of the board for as long as the edit lasts, whether the picture is
//! used or not, so the frames look alike either way; when the edit ends the board is drawn as
//! always.
//!
//! While a drag goes on, the dragged stickies themselves are a second picture too, moved as
//! one (`drag_layer.rs`).
//!
//! The picture is used only while [`EditKey`] (everything else that decides what it shows:
//! camera, canvas, pixels per point, look, selection, which items are live) is the same as
//! when it was taken, the legend is unchanged, and the board's edits and the model check's
//! marker changes since touched live stickies only ([`still_shows`]). When unsure (the
//! history no longer says what changed, a region moves along, the overview or a pan is on
//! screen) everything is drawn. Where no GL painter runs (GUI tests, another renderer) no
//! picture is ever taken. The link handles are drawn after the picture always, so the
//! hovered sticky is not part of the key.

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use egui::Rect;

use super::gesture::Gesture;
use super::overview::{GlPicture, blit_picture, pixel_rect, take_picture};
use super::{CanvasState, TextTarget};
use crate::edit::{History, Touched};
use crate::model::{Board, Id, Legend};
use crate::ui::theme::CanvasLook;

/// The stickies drawn live over the picture this frame: the one typed into, or the dragged
/// selection. `None` when no edit of that kind goes on, or when it moves a region (whose
/// contents and look change with it), or far out where the overview draws the board.
pub fn live_of(state: &CanvasState, zoom: f32) -> Option<BTreeSet<Id>> {
    if zoom < super::OVERVIEW_ZOOM {
        return None;
    }
    match (state.editing, state.gesture, &state.moving) {
        (Some(TextTarget::Sticky(id)), Gesture::Idle, _) => Some(BTreeSet::from([id])),
        (None, Gesture::Move { .. }, Some(m)) if m.boundaries.is_empty() => {
            (!m.stickies.is_empty()).then(|| m.stickies.clone())
        }
        _ => None,
    }
}

/// This frame's live stickies, and (while there are any) the frame as the picture sees it and
/// whether the kept picture stands in for the rest of the board. `allowed` is false while
/// another picture (a pan's) is on screen.
pub fn plan<'a>(
    state: &CanvasState,
    (canvas, ppp, look): (Rect, f32, CanvasLook),
    board: &'a Board,
    history: &History,
    allowed: bool,
) -> (BTreeSet<Id>, Option<EditFrame<'a>>, bool) {
    let Some(live) = live_of(state, state.camera.zoom).filter(|_| allowed) else {
        return (BTreeSet::new(), None, false);
    };
    let frame = EditFrame {
        key: EditKey::new(state, canvas, ppp, look, &live),
        revision: history.revision(),
        markers: state.markers_generation,
        legend: &board.legend,
    };
    let changed = Changed {
        touched: &|r| history.touched_since(r),
        marked: &|g| state.markers_changed_since(g),
    };
    let usable = state.edit_picture.usable(&frame, &changed, &live);
    (live, Some(frame), usable)
}

/// Everything besides the board's items that decides what the picture shows; a different
/// key means taking it again. The hovered sticky is not in it: the link handle it shows is
/// drawn live.
#[derive(Clone, Debug, PartialEq)]
pub struct EditKey {
    /// Pan x, pan y and zoom, as bits.
    pub camera: [u32; 3],
    /// The canvas rectangle, as bits.
    pub canvas: [u32; 4],
    pub pixels_per_point: u32,
    pub look: CanvasLook,
    /// A hash of the selected items (their outlines are in the picture).
    pub selection: u64,
    /// A hash of the live stickies and of whether they are typed into or dragged.
    pub live: u64,
}

impl EditKey {
    /// The key of this frame.
    pub fn new(
        state: &CanvasState,
        canvas: Rect,
        ppp: f32,
        look: CanvasLook,
        live: &BTreeSet<Id>,
    ) -> Self {
        let cam = state.camera;
        let mut selection = DefaultHasher::new();
        state.selection.stickies.hash(&mut selection);
        state.selection.boundaries.hash(&mut selection);
        state.selection.links.hash(&mut selection);
        let mut hasher = DefaultHasher::new();
        live.hash(&mut hasher);
        state.editing.is_some().hash(&mut hasher);
        Self {
            camera: [cam.pan.x.to_bits(), cam.pan.y.to_bits(), cam.zoom.to_bits()],
            canvas: super::overview::rect_bits(canvas),
            pixels_per_point: ppp.to_bits(),
            look,
            selection: selection.finish(),
            live: hasher.finish(),
        }
    }

    /// A key for tests: 800×600 canvas at 100%, standard look.
    #[cfg(test)]
    pub(super) fn example() -> Self {
        Self {
            camera: [0, 0, 1.0f32.to_bits()],
            canvas: [0.0f32, 0.0, 800.0, 600.0].map(f32::to_bits),
            pixels_per_point: 1.0f32.to_bits(),
            look: CanvasLook::STANDARD,
            selection: 1,
            live: 7,
        }
    }

    fn canvas(&self) -> Rect {
        super::overview::rect_of_bits(self.canvas)
    }
}

/// What a picture was asked for with: its key, the board revision, markers generation and
/// legend it was drawn from, and the number of the copy that fills it.
#[derive(Clone, Debug)]
pub struct Taken {
    pub key: EditKey,
    pub revision: u64,
    pub markers: u64,
    pub legend: Legend,
    pub serial: u64,
}

/// What changed since a picture was taken: the items edited since a board revision, the
/// stickies whose model-check marker changed since a markers generation (`None`: cannot say).
pub struct Changed<'a> {
    pub touched: &'a dyn Fn(u64) -> Option<Touched>,
    pub marked: &'a dyn Fn(u64) -> Option<Vec<Id>>,
}

/// Whether the picture taken as `taken` still shows this frame's board apart from the live
/// stickies: same key and legend, and every item edited since (`touched`) and every sticky
/// whose marker changed since (`marked`) is a live sticky; `None` (cannot say) means no.
pub fn still_shows(
    taken: &Taken,
    key: &EditKey,
    legend: &Legend,
    (touched, marked): (Option<&Touched>, Option<&[Id]>),
    live: &BTreeSet<Id>,
) -> bool {
    taken.key == *key
        && taken.legend == *legend
        && touched.is_some_and(|t| {
            t.boundaries.is_empty()
                && t.links.is_empty()
                && t.stickies.iter().all(|id| live.contains(id))
        })
        && marked.is_some_and(|m| m.iter().all(|id| live.contains(id)))
}

/// The board without its live items, as last taken, and the GL texture holding it.
#[derive(Default)]
pub struct EditPicture {
    gl: Arc<Mutex<GlPicture<u64>>>,
    taken: Option<Taken>,
    serial: u64,
}

/// This frame, as the edit picture sees it.
pub struct EditFrame<'a> {
    pub key: EditKey,
    pub revision: u64,
    /// The generation of the model check's markers.
    pub markers: u64,
    pub legend: &'a Legend,
}

impl EditPicture {
    /// Before the board is drawn: whether the kept picture can stand in for it this frame
    /// (its copy really ran, and [`still_shows`] says yes).
    pub fn usable(
        &self,
        frame: &EditFrame<'_>,
        changed: &Changed<'_>,
        live: &BTreeSet<Id>,
    ) -> bool {
        let Some(taken) = &self.taken else {
            return false;
        };
        let holds = self.gl.lock().ok().and_then(|g| g.holds);
        holds == Some(taken.serial)
            && still_shows(
                taken,
                &frame.key,
                frame.legend,
                (
                    (changed.touched)(taken.revision).as_ref(),
                    (changed.marked)(taken.markers).as_deref(),
                ),
                live,
            )
    }

    /// Forgets the picture: no edit of that kind goes on.
    pub fn clear(&mut self) {
        self.taken = None;
    }

    /// After the board's shapes without the live items (`from..` on the painter's layer):
    /// either drops them and copies the picture in (`usable`), or asks for the picture to be
    /// taken from this frame.
    pub fn finish(
        &mut self,
        painter: &egui::Painter,
        from: egui::layers::ShapeIdx,
        frame: &EditFrame<'_>,
        usable: bool,
    ) {
        let canvas = frame.key.canvas();
        let gl = self.gl.clone();
        let callback = if usable {
            drop_shapes(painter, from);
            eframe::egui_glow::CallbackFn::new(move |info, painter| {
                let c = pixel_rect(canvas, info.pixels_per_point, info.screen_size_px[1] as i32);
                let src = [0, 0, c[2] - c[0], c[3] - c[1]];
                if let Ok(g) = gl.lock() {
                    blit_picture(painter.gl(), &g, src, c);
                }
            })
        } else {
            self.serial += 1;
            let serial = self.serial;
            self.taken = Some(Taken {
                key: frame.key.clone(),
                revision: frame.revision,
                markers: frame.markers,
                legend: frame.legend.clone(),
                serial,
            });
            eframe::egui_glow::CallbackFn::new(move |info, painter| {
                let c = pixel_rect(canvas, info.pixels_per_point, info.screen_size_px[1] as i32);
                if let Ok(mut g) = gl.lock() {
                    take_picture(painter.gl(), &mut g, c, &serial);
                }
            })
        };
        painter.add(egui::PaintCallback {
            rect: canvas,
            callback: Arc::new(callback),
        });
    }
}

/// Keeps the shapes `from..` from being drawn (egui skips a shape clipped to nothing): the
/// picture shows them.
fn drop_shapes(painter: &egui::Painter, from: egui::layers::ShapeIdx) {
    let layer = painter.layer_id();
    painter.ctx().graphics_mut(|g| {
        let list = g.entry(layer);
        let end = list.next_idx().0;
        for i in from.0..end {
            list.mutate_shape(egui::layers::ShapeIdx(i), |s| s.clip_rect = Rect::NOTHING);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Point, Sticky};

    fn key() -> EditKey {
        EditKey::example()
    }

    fn taken() -> Taken {
        Taken {
            key: key(),
            revision: 10,
            markers: 3,
            legend: Legend::default(),
            serial: 1,
        }
    }

    fn touched(stickies: &[u64], links: &[u64], boundaries: &[u64]) -> Touched {
        Touched {
            stickies: stickies.iter().map(|i| Id(*i)).collect(),
            links: links.iter().map(|i| Id(*i)).collect(),
            boundaries: boundaries.iter().map(|i| Id(*i)).collect(),
        }
    }

    /// Typing into sticky 1 changes only sticky 1: the picture of the rest still holds.
    #[test]
    fn edits_of_the_live_stickies_keep_the_picture_and_any_other_change_retakes_it() {
        let live = BTreeSet::from([Id(1), Id(2)]);
        let legend = Legend::default();
        let shows = |k: &EditKey, l: &Legend, t: Option<&Touched>| {
            still_shows(&taken(), k, l, (t, Some(&[])), &live)
        };
        assert!(shows(&key(), &legend, Some(&touched(&[], &[], &[]))));
        assert!(shows(&key(), &legend, Some(&touched(&[1, 1, 2], &[], &[]))));
        assert!(
            !shows(&key(), &legend, Some(&touched(&[1, 3], &[], &[]))),
            "another sticky"
        );
        assert!(
            !shows(&key(), &legend, Some(&touched(&[1], &[5], &[]))),
            "an arrow"
        );
        assert!(
            !shows(&key(), &legend, Some(&touched(&[], &[], &[4]))),
            "a region"
        );
        assert!(!shows(&key(), &legend, None), "the history cannot say");
        let mut recoloured = Legend::default();
        let entry = crate::model::legend::LegendEntry {
            label: "Happened".to_owned(),
            color: crate::model::legend::default_color(Kind::Command),
        };
        recoloured.set_override(Kind::DomainEvent, Some(entry));
        assert!(
            !shows(&key(), &recoloured, Some(&touched(&[], &[], &[]))),
            "the legend"
        );
        // The model check's markers: a change on a live sticky is drawn live, any other not.
        let none = touched(&[], &[], &[]);
        let marked =
            |m: Option<&[Id]>| still_shows(&taken(), &key(), &legend, (Some(&none), m), &live);
        assert!(marked(Some(&[Id(2)])));
        assert!(!marked(Some(&[Id(2), Id(3)])), "a marker on another sticky");
        assert!(!marked(None), "the log no longer reaches back");
    }

    /// Each part of the key stands for something the picture shows.
    #[test]
    fn a_change_of_camera_canvas_look_selection_or_live_items_retakes_the_picture() {
        let live = BTreeSet::from([Id(1)]);
        let legend = Legend::default();
        let none = touched(&[], &[], &[]);
        let changes: [fn(&mut EditKey); 6] = [
            |k| k.camera[0] = 5.0f32.to_bits(),
            |k| k.camera[2] = 0.5f32.to_bits(),
            |k| k.canvas[2] = 900.0f32.to_bits(),
            |k| k.pixels_per_point = 2.0f32.to_bits(),
            |k| k.selection = 2,
            |k| k.live = 8,
        ];
        for change in changes {
            let mut k = key();
            change(&mut k);
            let changed = (Some(&none), Some(&[][..]));
            assert!(!still_shows(&taken(), &k, &legend, changed, &live), "{k:?}");
        }
        let mut dark = key();
        dark.look.background = egui::Color32::BLACK;
        let changed = (Some(&none), Some(&[][..]));
        assert!(!still_shows(&taken(), &dark, &legend, changed, &live));
    }

    /// Typing into a sticky makes it live; dragging makes the dragged stickies live, unless a
    /// region moves along; far out, or with no such edit, nothing is.
    #[test]
    fn the_live_items_are_the_sticky_typed_into_or_the_dragged_stickies() {
        let mut board = Board::new("t");
        let a = Id(1);
        board
            .stickies
            .insert(a, Sticky::new(Kind::DomainEvent, "A", Point::new(0.0, 0.0)));
        let mut state = CanvasState::default();
        assert_eq!(live_of(&state, 1.0), None);
        state.start_editing(&board, TextTarget::Sticky(a));
        assert_eq!(live_of(&state, 1.0), Some(BTreeSet::from([a])));
        assert_eq!(live_of(&state, 0.05), None, "the overview draws the board");
        state.stop_editing();
        state.selection.select_stickies([a]);
        state.start_move(&board);
        assert_eq!(live_of(&state, 1.0), Some(BTreeSet::from([a])));
        if let Some(m) = &mut state.moving {
            m.boundaries.insert(Id(9));
        }
        assert_eq!(live_of(&state, 1.0), None, "a region moves along");
    }
}
