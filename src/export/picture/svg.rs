//! The picture as SVG, written once: every other format is rendered from it. Drawn as the
//! canvas draws the board at 100% zoom (`ui::canvas::draw`), from the same look
//! (`model::look`) and the board's legend: regions with their titles, pivotal lines, arrows
//! with heads, stickies with their text wrapped as the canvas wraps it (real text elements),
//! hotspots turned; and a legend box in the bottom-right corner. Every name goes through
//! [`naming::xml`].

use std::fmt::{self, Write};

use super::fonts::{FAMILIES, Metrics};
use super::scope::Content;
use super::wrap::{truncate, wrap};
use crate::model::geometry::border_segment;
use crate::model::look::{self, Rgba};
use crate::model::{Board, Boundary, BoundaryKind, Kind, Point, Rect, Rgb, Size, Sticky, naming};

/// Space around the board's contents, in board units.
const MARGIN: f32 = 40.0;
/// Text size of the legend's rows, and its title.
const LEGEND_FONT: f32 = 16.0;
const LEGEND_TITLE_FONT: f32 = 20.0;
/// Height of a legend row and size of its colour swatch.
const LEGEND_ROW: f32 = 28.0;
const LEGEND_SWATCH: f32 = 18.0;
/// Inner margin of the legend box.
const LEGEND_PADDING: f32 = 14.0;

/// The SVG of `content` of `board`; `scale` multiplies its width and height (the drawing
/// keeps board units in its `viewBox`).
pub fn svg(board: &Board, content: &Content<'_>, scale: f32) -> Result<String, fmt::Error> {
    band(board, content, None, scale)
}

/// One band of a picture in pixels: the board rectangle it covers and its pixels per board
/// unit, which decide what is drawn there as the canvas decides it at that zoom.
#[derive(Clone, Copy, Debug)]
pub struct Raster {
    pub clip: Rect,
    pub zoom: f32,
}

/// What of a sticky's words a picture writes: a vector picture all of them, one in pixels
/// what the canvas writes at its zoom.
#[derive(Clone, Copy)]
struct Words {
    text: bool,
    kind: bool,
}

impl Words {
    fn at(raster: Option<Raster>) -> Self {
        match raster {
            None => Self {
                text: true,
                kind: true,
            },
            Some(r) => Self {
                text: r.zoom >= look::TEXT_MIN_ZOOM,
                kind: r.zoom >= look::KIND_LABEL_MIN_ZOOM,
            },
        }
    }
}

/// The board rectangle the picture of `content` shows: its `viewBox`, the contents with a
/// margin and room for the legend below.
pub fn page(board: &Board, content: &Content<'_>) -> Rect {
    let (frame, legend) = frame_and_legend(board, content);
    page_of(frame, &legend)
}

fn page_of(frame: Rect, legend: &Legend) -> Rect {
    Rect::new(
        frame.pos,
        Size::new(
            frame.size.w.max(legend.size.w + 2.0 * MARGIN),
            frame.size.h + legend.size.h + MARGIN,
        ),
    )
}

/// The SVG of the whole picture of `content` with only the items that can paint inside the
/// `raster` band (of a PNG) drawn, with the words the canvas writes at its zoom; `None`
/// draws everything. The page, the legend and every item drawn are those of the whole
/// picture, so bands rendered apart make the same pixels as the whole.
pub fn band(
    board: &Board,
    content: &Content<'_>,
    raster: Option<Raster>,
    scale: f32,
) -> Result<String, fmt::Error> {
    let words = Words::at(raster);
    let clip = raster.map(|r| r.clip);
    let (frame, legend) = frame_and_legend(board, content);
    let all = page_of(frame, &legend);
    let size = all.size;
    let clipped;
    let content = match clip {
        Some(clip) => {
            clipped = content.within(clip);
            &clipped
        }
        None => content,
    };
    let mut out = String::new();
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="{} {} {} {}" font-family="{}" xml:space="preserve">"#,
        num(size.w * scale),
        num(size.h * scale),
        num(frame.pos.x),
        num(frame.pos.y),
        num(size.w),
        num(size.h),
        naming::xml(FAMILIES),
    )?;
    writeln!(out, "<title>{}</title>", naming::xml(&board.meta.title))?;
    rect(&mut out, all, 0.0, Rgba::opaque(look::CANVAS))?;
    writeln!(out, "<g>")?;
    for (_, b) in &content.regions {
        region(&mut out, b)?;
    }
    for (_, s) in content.stickies.iter().filter(|(_, s)| s.pivotal) {
        let x = s.rect().center().x;
        writeln!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="{}" stroke-dasharray="{} {}"/>"#,
            num(frame.pos.y),
            num(frame.max().y),
            look::PIVOTAL,
            num(look::PIVOTAL_WIDTH),
            num(look::PIVOTAL_DASH),
            num(look::PIVOTAL_GAP),
            x = num(x),
        )?;
    }
    for (from, to) in &content.links {
        arrow(&mut out, from.rect(), to.rect())?;
    }
    for (_, s) in &content.stickies {
        sticky(&mut out, board, s, words)?;
    }
    for (_, b) in &content.regions {
        region_title(&mut out, b)?;
    }
    writeln!(out, "</g>")?;
    let corner = Point::new(
        all.max().x - MARGIN - legend.size.w,
        all.max().y - MARGIN / 2.0 - legend.size.h,
    );
    legend.write(&mut out, corner)?;
    writeln!(out, "</svg>")?;
    Ok(out)
}

/// The contents' rectangle with its margin, and the legend box.
fn frame_and_legend(board: &Board, content: &Content<'_>) -> (Rect, Legend) {
    let bounds = content
        .bounds
        .unwrap_or(Rect::new(Point::default(), Size::new(200.0, 100.0)));
    let frame = Rect::new(
        Point::new(bounds.pos.x - MARGIN, bounds.pos.y - MARGIN),
        Size::new(bounds.size.w + 2.0 * MARGIN, bounds.size.h + 2.0 * MARGIN),
    );
    (frame, Legend::of(board, content))
}

/// A number as SVG writes it: at most two decimals, no trailing zeros.
pub(super) fn num(v: f32) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// `fill` and, when not opaque, `fill-opacity`.
fn fill(c: Rgba) -> String {
    if c.3 == 0xFF {
        format!(r#"fill="{}""#, c.rgb())
    } else {
        format!(r#"fill="{}" fill-opacity="{}""#, c.rgb(), num(c.opacity()))
    }
}

fn rect(out: &mut String, r: Rect, radius: f32, color: Rgba) -> fmt::Result {
    writeln!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" {}/>"#,
        num(r.pos.x),
        num(r.pos.y),
        num(r.size.w),
        num(r.size.h),
        num(radius),
        fill(color)
    )
}

/// A bounded context as a tinted area with its outline inside it; a swimlane as a band with
/// a line on top; a front end or a partner (audiences) as a faint area with a dashed outline in
/// its own colour.
fn region(out: &mut String, b: &Boundary) -> fmt::Result {
    let r = b.rect;
    match b.kind {
        BoundaryKind::FrontEnd | BoundaryKind::Partner => {
            let c = if b.kind == BoundaryKind::FrontEnd {
                look::FRONT_END
            } else {
                look::PARTNER
            };
            writeln!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{c}" fill-opacity="{}" stroke="{c}" stroke-width="{}" stroke-dasharray="{} {}"/>"#,
                num(r.pos.x),
                num(r.pos.y),
                num(r.size.w),
                num(r.size.h),
                num(look::CONTEXT_RADIUS),
                num(look::AUDIENCE_FILL_OPACITY),
                num(look::CONTEXT_STROKE),
                num(look::AUDIENCE_DASH),
                num(look::AUDIENCE_GAP),
            )
        }
        BoundaryKind::Context => {
            let half = look::CONTEXT_STROKE / 2.0;
            writeln!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{c}" fill-opacity="{}" stroke="{c}" stroke-width="{}"/>"#,
                num(r.pos.x + half),
                num(r.pos.y + half),
                num((r.size.w - look::CONTEXT_STROKE).max(0.0)),
                num((r.size.h - look::CONTEXT_STROKE).max(0.0)),
                num((look::CONTEXT_RADIUS - half).max(0.0)),
                num(look::CONTEXT_FILL_OPACITY),
                num(look::CONTEXT_STROKE),
                c = look::CONTEXT,
            )
        }
        BoundaryKind::Swimlane => {
            rect(out, r, 0.0, look::SWIMLANE)?;
            writeln!(
                out,
                r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-opacity="{}" stroke-width="1"/>"#,
                num(r.pos.x),
                num(r.max().x),
                look::INK,
                num(look::SWIMLANE_LINE_OPACITY),
                y = num(r.pos.y),
            )
        }
    }
}

/// A region's name in its title strip, shortened with "…" to its width.
fn region_title(out: &mut String, b: &Boundary) -> fmt::Result {
    let r = b.rect;
    let metrics = Metrics::get();
    let label = if b.name.is_empty() {
        b.kind.label()
    } else {
        &b.name
    };
    let inset = look::REGION_TITLE_INSET;
    let size = look::REGION_FONT;
    let label = truncate(
        &naming::one_line(label),
        size,
        (r.size.w - 2.0 * inset).max(size),
    );
    let strip = look::REGION_TITLE.min(r.size.h);
    let row = metrics.row_height(size);
    let baseline = r.pos.y + strip / 2.0 - row / 2.0 + metrics.ascent(size);
    text(
        out,
        Point::new(r.pos.x + inset, baseline),
        size,
        look::INK,
        &label,
        "",
    )
}

/// One `<text>` element; `extra` adds attributes.
fn text(out: &mut String, at: Point, size: f32, ink: Rgb, line: &str, extra: &str) -> fmt::Result {
    writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" fill="{}"{extra}>{}</text>"#,
        num(at.x),
        num(at.y),
        num(size),
        ink,
        naming::xml(line)
    )
}

/// An arrow from border to border with its head at the target.
fn arrow(out: &mut String, from: Rect, to: Rect) -> fmt::Result {
    let Some((a, b)) = border_segment(from, to) else {
        return Ok(());
    };
    let d = b.minus(a);
    let len = (d.x * d.x + d.y * d.y).sqrt().max(f32::EPSILON);
    let (dx, dy) = (d.x / len, d.y / len);
    let (nx, ny) = (-dy, dx);
    let h = look::ARROW_HEAD;
    let corner = |side: f32| {
        format!(
            "{},{}",
            num(b.x - dx * h + nx * h * 0.5 * side),
            num(b.y - dy * h + ny * h * 0.5 * side)
        )
    };
    writeln!(
        out,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{c}" stroke-width="{}"/><polygon points="{},{} {} {}" fill="{c}"/>"#,
        num(a.x),
        num(a.y),
        num(b.x),
        num(b.y),
        num(look::ARROW_WIDTH),
        num(b.x),
        num(b.y),
        corner(1.0),
        corner(-1.0),
        c = look::LINK,
    )
}

/// A sticky: shadow edge, paper, text wrapped to its width, the kind's name in its corner;
/// a hotspot turned a little, outlined in its own colour, without the kind's name.
fn sticky(out: &mut String, board: &Board, s: &Sticky, words: Words) -> fmt::Result {
    let r = s.rect();
    let rgb = board.legend.color(s.kind);
    let ink = look::ink_on(rgb);
    let metrics = Metrics::get();
    let hotspot = s.kind == Kind::Hotspot;
    if hotspot {
        let c = r.center();
        writeln!(
            out,
            r#"<g transform="rotate({} {} {})">"#,
            num(look::HOTSPOT_ANGLE.to_degrees()),
            num(c.x),
            num(c.y)
        )?;
        writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{rgb}" stroke="{rgb}" stroke-opacity="{}" stroke-width="1"/>"#,
            num(r.pos.x),
            num(r.pos.y),
            num(r.size.w),
            num(r.size.h),
            num(look::HOTSPOT_OUTLINE_OPACITY),
        )?;
    } else {
        let shadow = Rect::new(r.pos.offset(Point::new(0.0, look::SHADOW_OFFSET)), r.size);
        rect(out, shadow, look::STICKY_RADIUS, look::SHADOW)?;
        rect(out, r, look::STICKY_RADIUS, Rgba::opaque(rgb))?;
    }
    let pad = look::STICKY_PADDING;
    let size = look::STICKY_FONT;
    let row = metrics.row_height(size);
    let rows = (((r.size.h - 2.0 * pad) / row).floor() as usize).max(1);
    let lines = if words.text {
        wrap(&s.text, size, (r.size.w - 2.0 * pad).max(1.0), rows)
    } else {
        Vec::new()
    };
    let mut baseline = r.pos.y + pad + metrics.ascent(size);
    for line in lines.iter().filter(|l| !l.is_empty()) {
        let at = Point::new(r.pos.x + pad, baseline);
        text(out, at, size, ink, line, "")?;
        baseline += row;
    }
    if hotspot {
        return writeln!(out, "</g>");
    }
    if !words.kind {
        return Ok(());
    }
    let label = board.legend.label(s.kind);
    let label = if s.pivotal {
        format!("{label} · pivotal")
    } else {
        label
    };
    let size = look::KIND_LABEL_FONT;
    let bottom = r.max().y - pad * 0.4;
    let at = Point::new(
        r.max().x - pad * 0.6,
        bottom - (metrics.row_height(size) - metrics.ascent(size)),
    );
    let extra = format!(
        r#" text-anchor="end" fill-opacity="{}""#,
        num(look::KIND_LABEL_OPACITY)
    );
    text(out, at, size, ink, &naming::one_line(&label), &extra)
}

/// The legend box: the board's title, then a swatch and the legend's name of each kind in
/// the picture (every kind when it shows no sticky), and the regions and lines it shows.
struct Legend {
    title: String,
    rows: Vec<(Row, String)>,
    size: Size,
}

/// What a legend row's swatch shows.
enum Row {
    Kind(Rgb),
    Context,
    Swimlane,
    Pivotal,
}

impl Legend {
    fn of(board: &Board, content: &Content<'_>) -> Self {
        let used: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| content.stickies.iter().any(|(_, s)| s.kind == *k))
            .collect();
        let kinds = if used.is_empty() {
            Kind::ALL.to_vec()
        } else {
            used
        };
        let mut rows: Vec<(Row, String)> = kinds
            .into_iter()
            .map(|k| (Row::Kind(board.legend.color(k)), board.legend.label(k)))
            .collect();
        let has = |kind: BoundaryKind| content.regions.iter().any(|(_, b)| b.kind == kind);
        if has(BoundaryKind::Context) {
            rows.push((Row::Context, BoundaryKind::Context.label().into()));
        }
        if has(BoundaryKind::Swimlane) {
            rows.push((Row::Swimlane, BoundaryKind::Swimlane.label().into()));
        }
        if content.stickies.iter().any(|(_, s)| s.pivotal) {
            rows.push((Row::Pivotal, "Pivotal event".into()));
        }
        let title = naming::one_line(&board.meta.title);
        let metrics = Metrics::get();
        let widest = rows
            .iter()
            .map(|(_, label)| LEGEND_SWATCH + 10.0 + metrics.width(label, LEGEND_FONT))
            .fold(metrics.width(&title, LEGEND_TITLE_FONT), f32::max);
        let title_rows = if title.is_empty() { 0.0 } else { 1.4 };
        let size = Size::new(
            widest + 2.0 * LEGEND_PADDING,
            (rows.len() as f32 + title_rows) * LEGEND_ROW + 2.0 * LEGEND_PADDING,
        );
        Legend { title, rows, size }
    }

    fn write(&self, out: &mut String, corner: Point) -> fmt::Result {
        let metrics = Metrics::get();
        writeln!(
            out,
            r#"<g><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{}" stroke-opacity="0.4"/>"#,
            num(corner.x),
            num(corner.y),
            num(self.size.w),
            num(self.size.h),
            look::WHITE,
            look::INK,
        )?;
        let x = corner.x + LEGEND_PADDING;
        let mut y = corner.y + LEGEND_PADDING;
        if !self.title.is_empty() {
            let baseline = y + metrics.ascent(LEGEND_TITLE_FONT);
            text(
                out,
                Point::new(x, baseline),
                LEGEND_TITLE_FONT,
                look::INK,
                &self.title,
                "",
            )?;
            y += LEGEND_ROW * 1.4;
        }
        for (row, label) in &self.rows {
            let swatch = Rect::new(
                Point::new(x, y + (LEGEND_ROW - LEGEND_SWATCH) / 2.0),
                Size::new(LEGEND_SWATCH, LEGEND_SWATCH),
            );
            swatch_of(out, row, swatch)?;
            let baseline = y + LEGEND_ROW / 2.0 - metrics.row_height(LEGEND_FONT) / 2.0
                + metrics.ascent(LEGEND_FONT);
            let at = Point::new(x + LEGEND_SWATCH + 10.0, baseline);
            text(out, at, LEGEND_FONT, look::INK, label, "")?;
            y += LEGEND_ROW;
        }
        writeln!(out, "</g>")
    }
}

/// A legend row's swatch, drawn like what it stands for.
fn swatch_of(out: &mut String, row: &Row, r: Rect) -> fmt::Result {
    match row {
        Row::Kind(rgb) => rect(out, r, look::STICKY_RADIUS, Rgba::opaque(*rgb)),
        Row::Context => region(out, &Boundary::new(BoundaryKind::Context, "", r)),
        Row::Swimlane => region(out, &Boundary::new(BoundaryKind::Swimlane, "", r)),
        Row::Pivotal => {
            let x = num(r.center().x);
            writeln!(
                out,
                r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="{}" stroke-dasharray="6 4"/>"#,
                num(r.pos.y),
                num(r.max().y),
                look::PIVOTAL,
                num(look::PIVOTAL_WIDTH),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::picture::scope::{self, Scope};
    use crate::model::{Id, Size};

    #[test]
    fn a_picture_in_pixels_writes_the_words_the_canvas_writes_at_its_zoom() {
        let mut board = Board::new("Words");
        let rect = Rect::new(Point::new(-50.0, -50.0), Size::new(800.0, 600.0));
        board.boundaries.insert(
            Id::random(),
            Boundary::new(BoundaryKind::Context, "Billing", rect),
        );
        board.stickies.insert(
            Id::random(),
            Sticky::new(Kind::DomainEvent, "Invoice Sent", Point::new(100.0, 100.0)),
        );
        let content = scope::content(&board, &Scope::Board).unwrap_or_else(|e| panic!("{e}"));
        let at = |zoom: f32| {
            let raster = Raster {
                clip: page(&board, &content),
                zoom,
            };
            band(&board, &content, Some(raster), 1.0).unwrap_or_default()
        };
        // The kind's name: once in the legend box, once more in the sticky's corner.
        let kind = |svg: &str| {
            svg.matches(&format!(">{}<", board.legend.label(Kind::DomainEvent)))
                .count()
        };
        let (far, middle, near) = (at(0.1), at(0.3), at(0.5));
        assert!(
            far.contains("Billing") && !far.contains("Invoice Sent"),
            "{far}"
        );
        assert!(
            middle.contains("Invoice Sent") && kind(&middle) == 1,
            "{middle}"
        );
        assert!(near.contains("Invoice Sent") && kind(&near) == 2, "{near}");
        let vector = svg(&board, &content, 0.1).unwrap_or_default();
        assert!(
            vector.contains("Invoice Sent") && kind(&vector) == 2,
            "{vector}"
        );
    }
}
