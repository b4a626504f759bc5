//! Colleagues on a live board, drawn over the canvas: each one's pointer with their name on
//! their colour, and an outline in their colour round what they have selected. Each name is
//! also an accessible label ("Ada's pointer"), so screen readers and tests find it.
//!
//! A pointer that leaves the canvas (over a panel, out of the window) stays where it was,
//! dimmed, for [`LINGER`] or until it comes back ([`Lingering`]): a colleague reaching for the
//! palette has not left the board.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use egui::{
    Color32, CornerRadius, FontId, Rect, Role, Sense, Shape, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo,
};

use super::camera::Camera;
use crate::live::presence::{Peer, parse_color};
use crate::model::{Board, Id, Point};

/// How far outside a selected item a colleague's outline is drawn (screen points).
const OUTLINE_GAP: f32 = 4.0;
/// The longest name drawn beside a pointer (characters); the list of who is here has it whole.
const NAME_CHARS: usize = 24;

/// How long a colleague's pointer stays, dimmed, where it left the canvas.
pub const LINGER: Duration = Duration::from_secs(5);
/// How visible a lingering pointer is (its colour's alpha factor).
const DIMMED: f32 = 0.4;

/// Where colleagues' pointers left the canvas, and when.
#[derive(Debug, Default)]
pub struct Lingering {
    left: HashMap<u64, (Point, Instant)>,
}

impl Lingering {
    /// Notes `peers` as they are at `now`, `before` as they were: a pointer that went away
    /// lingers from `now`; one that came back, or a colleague who left, is forgotten.
    pub fn update(&mut self, before: &[Peer], peers: &[Peer], now: Instant) {
        for peer in peers {
            if peer.presence.pointer.is_some() {
                self.left.remove(&peer.client_id);
                continue;
            }
            let was = before
                .iter()
                .find(|p| p.client_id == peer.client_id)
                .and_then(|p| p.presence.pointer);
            if let Some(at) = was {
                self.left.insert(peer.client_id, (at, now));
            }
        }
        self.left
            .retain(|id, _| peers.iter().any(|p| p.client_id == *id));
    }

    /// Where `client_id`'s pointer lingers at `now`, if it still does.
    pub fn at(&self, client_id: u64, now: Instant) -> Option<Point> {
        self.left
            .get(&client_id)
            .filter(|(_, since)| now.saturating_duration_since(*since) < LINGER)
            .map(|(at, _)| *at)
    }

    /// How long until the last lingering pointer goes (to ask for a frame then).
    fn next_change(&self, now: Instant) -> Option<Duration> {
        self.left
            .values()
            .map(|(_, since)| LINGER.saturating_sub(now.saturating_duration_since(*since)))
            .filter(|left| !left.is_zero())
            .min()
    }
}

/// A colleague's colour; grey for one that is not `#rrggbb`.
pub fn peer_colour(color: &str) -> Color32 {
    let [r, g, b] = parse_color(color).unwrap_or([128, 128, 128]);
    Color32::from_rgb(r, g, b)
}

/// Draws colleagues' selections and pointers over the canvas `view`; pointers that left the
/// canvas a moment ago are drawn dimmed where they left it.
pub fn presence_ui(
    ui: &Ui,
    camera: &Camera,
    view: Rect,
    board: &Board,
    peers: &[Peer],
    lingering: &Lingering,
) {
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
    let now = Instant::now();
    for peer in peers {
        let (at, away) = match peer.presence.pointer {
            Some(at) => (at, false),
            None => match lingering.at(peer.client_id, now) {
                Some(at) => (at, true),
                None => continue,
            },
        };
        let pos = camera.screen_from_board(view, at);
        if view.contains(pos) {
            pointer_ui(ui, &painter, pos, peer, away);
        }
    }
    if let Some(left) = lingering.next_change(now) {
        ui.ctx().request_repaint_after(left);
    }
}

/// One colleague's pointer with their name at `pos`; dimmed when `away` (it left the canvas).
fn pointer_ui(ui: &Ui, painter: &egui::Painter, pos: egui::Pos2, peer: &Peer, away: bool) {
    let mut colour = peer_colour(&peer.presence.color);
    let mut white = Color32::WHITE;
    if away {
        colour = colour.gamma_multiply(DIMMED);
        white = white.gamma_multiply(DIMMED + 0.3);
    }
    painter.add(Shape::convex_polygon(
        vec![pos, pos + Vec2::new(0.0, 16.0), pos + Vec2::new(11.0, 11.0)],
        colour,
        Stroke::new(1.0, white),
    ));
    let name: String = peer.presence.name.chars().take(NAME_CHARS).collect();
    let galley = painter.layout_no_wrap(name, FontId::proportional(13.0), white);
    let label = Rect::from_min_size(
        pos + Vec2::new(12.0, 14.0),
        galley.size() + Vec2::new(8.0, 4.0),
    );
    painter.rect_filled(label, CornerRadius::same(3), colour);
    painter.galley(label.min + Vec2::new(4.0, 2.0), galley, white);
    let id = ui.scope_id().with(("peer pointer", peer.client_id));
    let name = &peer.presence.name;
    let text = if away {
        format!("{name}'s pointer (away from the board)")
    } else {
        format!("{name}'s pointer")
    };
    ui.interact(label, id, Sense::hover())
        .widget_info(|| WidgetInfo::labeled(Role::Label, true, &text));
}

/// Where an item is on the board, for a sticky or a region.
fn item_rect(board: &Board, id: Id) -> Option<crate::model::Rect> {
    if let Some(sticky) = board.stickies.get(&id) {
        return Some(sticky.rect());
    }
    board.boundaries.get(&id).map(|b| b.rect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::presence::Presence;

    fn ada(pointer: Option<Point>) -> Peer {
        Peer {
            client_id: 7,
            presence: Presence {
                name: "Ada".into(),
                pointer,
                ..Presence::default()
            },
        }
    }

    #[test]
    fn a_pointer_that_leaves_the_canvas_lingers_for_a_while_or_until_it_is_back() {
        let start = Instant::now();
        let mut lingering = Lingering::default();
        let at = Point::new(10.0, 20.0);
        lingering.update(&[], &[ada(Some(at))], start);
        assert_eq!(
            lingering.at(7, start),
            None,
            "on the canvas: drawn as it is"
        );

        lingering.update(&[ada(Some(at))], &[ada(None)], start);
        assert_eq!(lingering.at(7, start + LINGER / 2), Some(at));
        assert_eq!(lingering.at(7, start + LINGER), None, "gone after a while");
        // Another presence message without a pointer does not restart the wait.
        lingering.update(&[ada(None)], &[ada(None)], start + LINGER / 2);
        assert_eq!(lingering.at(7, start + LINGER), None);

        lingering.update(&[ada(Some(at))], &[ada(None)], start);
        lingering.update(&[ada(None)], &[ada(Some(at))], start);
        assert_eq!(lingering.at(7, start), None, "back on the canvas");
        lingering.update(&[ada(Some(at))], &[ada(None)], start);
        lingering.update(&[ada(None)], &[], start);
        assert_eq!(lingering.at(7, start), None, "Ada left the session");
    }
}
