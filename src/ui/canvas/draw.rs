//! Painting the board: regions, pivotal lines, arrows and stickies, in board order.

use egui::epaint::TextShape;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{
    Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2,
};

use crate::model::look;
use crate::model::{Boundary, BoundaryKind, Kind, Legend, Sticky};
use crate::ui::theme;

/// Paints a region: a bounded context as an outlined area, a swimlane as a band, a front end
/// and a partner as dashed outlines of their own colours (audiences outside our contexts).
/// Its title is painted later, over the stickies ([`region_title`]).
pub fn region(painter: &Painter, rect: Rect, b: &Boundary, zoom: f32, selected: bool) {
    match b.kind {
        BoundaryKind::FrontEnd | BoundaryKind::Partner => {
            let colour = if b.kind == BoundaryKind::FrontEnd {
                theme::FRONT_END
            } else {
                theme::PARTNER
            };
            painter.rect_filled(
                rect,
                CornerRadius::same(clamp_u8(look::CONTEXT_RADIUS * zoom)),
                colour.gamma_multiply(look::AUDIENCE_FILL_OPACITY),
            );
            let stroke = Stroke::new((look::CONTEXT_STROKE * zoom).max(1.0), colour);
            let corners = [
                rect.left_top(),
                rect.right_top(),
                rect.right_bottom(),
                rect.left_bottom(),
                rect.left_top(),
            ];
            let dash = (look::AUDIENCE_DASH * zoom).max(4.0);
            let gap = dash * look::AUDIENCE_GAP / look::AUDIENCE_DASH;
            painter.extend(Shape::dashed_line(&corners, stroke, dash, gap));
        }
        BoundaryKind::Context => {
            painter.rect(
                rect,
                CornerRadius::same(clamp_u8(look::CONTEXT_RADIUS * zoom)),
                theme::CONTEXT.gamma_multiply(look::CONTEXT_FILL_OPACITY),
                Stroke::new((look::CONTEXT_STROKE * zoom).max(1.0), theme::CONTEXT),
                StrokeKind::Inside,
            );
        }
        BoundaryKind::Swimlane => {
            painter.rect_filled(rect, CornerRadius::ZERO, theme::SWIMLANE);
            painter.line_segment(
                [rect.left_top(), rect.right_top()],
                Stroke::new(1.0, theme::INK.gamma_multiply(look::SWIMLANE_LINE_OPACITY)),
            );
        }
    }
    if selected {
        painter.rect_stroke(
            rect.expand(2.0),
            CornerRadius::same(4),
            Stroke::new(2.0, theme::SELECTION),
            StrokeKind::Outside,
        );
    }
}

/// Paints a region's name in its title strip, at least [`theme::REGION_TITLE_MIN`] points
/// high at any zoom, shortened with "…" to the region's width. Where it is larger than the
/// board (zoomed out) it sits on a plate, so it reads over the stickies it covers.
pub fn region_title(painter: &Painter, rect: Rect, b: &Boundary, zoom: f32) {
    let look = theme::canvas_look(painter.ctx());
    let size = look.region_font_size(zoom);
    let inset = (look::REGION_TITLE_INSET * zoom).max(4.0);
    let label = if b.name.is_empty() {
        b.kind.label()
    } else {
        &b.name
    };
    let mut job = LayoutJob::single_section(
        label.to_owned(),
        TextFormat::simple(FontId::proportional(size), look.ink),
    );
    job.wrap = TextWrapping::truncate_at_width((rect.width() - 2.0 * inset).max(size));
    let galley = painter.layout_job(job);
    let strip = region_title_rect(rect, zoom);
    let pos = Pos2::new(
        strip.left() + inset,
        strip.center().y - galley.size().y / 2.0,
    );
    if size > theme::REGION_FONT * zoom {
        let plate = Rect::from_min_size(pos, galley.size()).expand2(Vec2::new(4.0, 1.0));
        painter.rect_filled(plate, CornerRadius::same(3), look.title_plate);
    }
    painter.galley(pos, galley, look.ink);
}

/// The strip of a region that selects and moves it: tall enough for its title on screen.
pub fn region_title_rect(rect: Rect, zoom: f32) -> Rect {
    let title = theme::region_font_size(zoom) * 1.5;
    let h = (theme::REGION_TITLE * zoom).max(title).min(rect.height());
    Rect::from_min_size(rect.min, Vec2::new(rect.width(), h))
}

/// Paints a sticky with its text wrapped to its width; hotspots are turned a little.
pub fn sticky(
    painter: &Painter,
    rect: Rect,
    s: &Sticky,
    legend: &Legend,
    zoom: f32,
    selected: bool,
    hide_text: bool,
) {
    let rgb = legend.color(s.kind);
    let fill = theme::color(rgb);
    let radius = look::STICKY_RADIUS * zoom;
    if s.kind == Kind::Hotspot {
        let corners = turned(rect, theme::HOTSPOT_ANGLE);
        painter.add(Shape::convex_polygon(
            corners.to_vec(),
            fill,
            if selected {
                Stroke::new(3.0, theme::SELECTION)
            } else {
                Stroke::new(1.0, fill.gamma_multiply(look::HOTSPOT_OUTLINE_OPACITY))
            },
        ));
    } else {
        // A darker bottom edge gives the paper-note look without a costly shadow.
        let shadow = rect.translate(Vec2::new(0.0, look::SHADOW_OFFSET * zoom));
        painter.rect_filled(shadow, radius, theme::SHADOW);
        painter.rect_filled(rect, radius, fill);
        if selected {
            painter.rect_stroke(
                rect,
                radius,
                Stroke::new(3.0, theme::SELECTION),
                StrokeKind::Outside,
            );
        }
    }
    if zoom < theme::TEXT_MIN_ZOOM {
        return;
    }
    let ink = theme::ink_on(rgb);
    let pad = theme::STICKY_PADDING * zoom;
    if !hide_text {
        // The in-place editor lays the text out alike (text_editor.rs).
        let look = theme::canvas_look(painter.ctx());
        let font = FontId::proportional(look.sticky_font_size(zoom));
        let mut job = LayoutJob::simple(
            s.text.clone(),
            font.clone(),
            ink,
            (rect.width() - 2.0 * pad).max(1.0),
        );
        if font.size > theme::STICKY_FONT * zoom {
            // Zoomed out, the text is larger than the board: keep the rows that fit.
            let row = painter.fonts_mut(|f| f.row_height(&font));
            job.wrap.max_rows = (((rect.height() - 2.0 * pad) / row).floor() as usize).max(1);
            job.wrap.overflow_character = Some('…');
        }
        let galley = painter.layout_job(job);
        let angle = if s.kind == Kind::Hotspot {
            theme::HOTSPOT_ANGLE
        } else {
            0.0
        };
        let pos = rect.left_top() + Vec2::splat(pad);
        let pos = if angle == 0.0 {
            pos
        } else {
            rotate(pos, rect.center(), angle)
        };
        painter.add(TextShape::new(pos, galley, ink).with_angle(angle));
    }
    if zoom >= look::KIND_LABEL_MIN_ZOOM && s.kind != Kind::Hotspot {
        // The kind in words, so the board does not depend on telling colours apart.
        let label = match s.unknown_kind_name() {
            Some(name) => format!("Unknown kind {name}\n(made by a newer Stormpad)"),
            None => legend.label(s.kind),
        };
        let label = if s.pivotal {
            format!("{label} · pivotal")
        } else {
            label
        };
        painter.text(
            rect.right_bottom() - Vec2::new(pad * 0.6, pad * 0.4),
            Align2::RIGHT_BOTTOM,
            label,
            FontId::proportional(look::KIND_LABEL_FONT * zoom),
            ink.gamma_multiply(look::KIND_LABEL_OPACITY),
        );
    }
}

/// Paints the model check's marker on a sticky: a small disc with `!` in its top-right
/// corner, in the colour of the worst finding's severity.
pub fn finding_marker(painter: &Painter, rect: Rect, color: Color32, zoom: f32) {
    let r = (10.0 * zoom).clamp(4.0, 14.0);
    let center = rect.right_top() + Vec2::new(-r * 0.4, r * 0.4);
    painter.circle(center, r, color, Stroke::new(1.5, theme::MARKER_INK));
    if r >= 6.0 {
        painter.text(
            center,
            Align2::CENTER_CENTER,
            "!",
            FontId::proportional(r * 1.5),
            theme::MARKER_INK,
        );
    }
}

/// Paints an arrow between two sticky rectangles, from border to border.
pub fn arrow(painter: &Painter, from: Rect, to: Rect, zoom: f32, selected: bool) {
    let Some((a, b)) = border_segment(from, to) else {
        return;
    };
    let look = theme::canvas_look(painter.ctx());
    let color = if selected { look.selection } else { look.link };
    let width = if selected {
        3.0
    } else {
        (look::ARROW_WIDTH * zoom).clamp(1.0, 3.0)
    };
    let stroke = Stroke::new(width, color);
    painter.line_segment([a, b], stroke);
    let dir = (b - a).normalized();
    let size = (look::ARROW_HEAD * zoom).clamp(5.0, 18.0);
    let normal = Vec2::new(-dir.y, dir.x);
    let head = [
        b,
        b - dir * size + normal * size * 0.5,
        b - dir * size - normal * size * 0.5,
    ];
    painter.add(Shape::convex_polygon(head.to_vec(), color, Stroke::NONE));
}

/// The visible part of the line between two rectangles' centres: from the border of one to
/// the border of the other (`model::geometry::border_segment`, which the pictures share).
/// `None` when they overlap.
pub fn border_segment(from: Rect, to: Rect) -> Option<(Pos2, Pos2)> {
    let board = |r: Rect| {
        crate::model::Rect::new(
            crate::model::Point::new(r.min.x, r.min.y),
            crate::model::Size::new(r.width(), r.height()),
        )
    };
    let (a, b) = crate::model::geometry::border_segment(board(from), board(to))?;
    Some((Pos2::new(a.x, a.y), Pos2::new(b.x, b.y)))
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(f32::EPSILON)).clamp(0.0, 1.0);
    (a + ab * t).distance(p)
}

/// A dashed vertical line through the whole canvas at a pivotal event.
pub fn pivotal_line(painter: &Painter, x: f32, canvas: Rect, zoom: f32) {
    let stroke = Stroke::new((look::PIVOTAL_WIDTH * zoom).clamp(1.5, 4.0), theme::PIVOTAL);
    painter.add(Shape::dashed_line(
        &[Pos2::new(x, canvas.top()), Pos2::new(x, canvas.bottom())],
        stroke,
        look::PIVOTAL_DASH,
        look::PIVOTAL_GAP,
    ));
}

fn rotate(p: Pos2, center: Pos2, angle: f32) -> Pos2 {
    let (s, c) = angle.sin_cos();
    let v = p - center;
    center + Vec2::new(v.x * c - v.y * s, v.x * s + v.y * c)
}

fn turned(rect: Rect, angle: f32) -> [Pos2; 4] {
    let c = rect.center();
    [
        rotate(rect.left_top(), c, angle),
        rotate(rect.right_top(), c, angle),
        rotate(rect.right_bottom(), c, angle),
        rotate(rect.left_bottom(), c, angle),
    ]
}

fn clamp_u8(v: f32) -> u8 {
    v.clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_run_from_border_to_border() {
        let a = Rect::from_min_size(Pos2::new(0.0, 0.0), Vec2::splat(100.0));
        let b = Rect::from_min_size(Pos2::new(300.0, 0.0), Vec2::splat(100.0));
        let (p, q) = border_segment(a, b).expect("apart");
        assert_eq!(p, Pos2::new(100.0, 50.0));
        assert_eq!(q, Pos2::new(300.0, 50.0));
        assert!(border_segment(a, a.translate(Vec2::new(10.0, 0.0))).is_none());
        assert!((distance_to_segment(Pos2::new(200.0, 60.0), p, q) - 10.0).abs() < 1e-4);
    }
}
