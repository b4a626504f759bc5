//! The look of a board: the colours, sizes and strokes the canvas draws it with, in board
//! units at 100% zoom. The canvas (`ui::theme`, `ui::canvas::draw`) and the pictures of the
//! board (`export::picture`) both read them here, so a picture looks like the canvas without
//! copying a single value. Plain numbers and colours: no egui.
//!
//! The colours of the kinds are the board's own (its [`super::Legend`]); these are the rest.

use super::legend::Rgb;

/// A colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    /// An opaque colour.
    pub const fn opaque(rgb: Rgb) -> Self {
        Rgba(rgb.0, rgb.1, rgb.2, 0xFF)
    }

    /// The colour without its alpha.
    pub const fn rgb(self) -> Rgb {
        Rgb(self.0, self.1, self.2)
    }

    /// The alpha as a fraction, 0 (clear) to 1 (opaque).
    pub fn opacity(self) -> f32 {
        f32::from(self.3) / 255.0
    }
}

/// The canvas background.
pub const CANVAS: Rgb = Rgb(0xF4, 0xF2, 0xEE);
/// Arrows between stickies.
pub const LINK: Rgb = Rgb(0x44, 0x44, 0x50);
/// The line a pivotal event draws through the board.
pub const PIVOTAL: Rgb = Rgb(0xD9, 0x6C, 0x00);
/// Bounded context outline.
pub const CONTEXT: Rgb = Rgb(0x5A, 0x4F, 0x8C);
/// Front-end client region (an audience): outline and faint fill.
pub const FRONT_END: Rgb = Rgb(0x1F, 0x7A, 0x6E);
/// Partner organisation region (an audience): outline and faint fill.
pub const PARTNER: Rgb = Rgb(0xB0, 0x4A, 0x1C);
/// Swimlane fill.
pub const SWIMLANE: Rgba = Rgba(0x30, 0x50, 0x70, 0x14);
/// Text on the board outside stickies, and dark text on light stickies.
pub const INK: Rgb = Rgb(0x22, 0x22, 0x28);
/// Light text on dark stickies.
pub const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
/// The darker bottom edge under a sticky: the paper-note look without a costly blur.
pub const SHADOW: Rgba = Rgba(0, 0, 0, 40);
/// Behind a region's title where it is drawn larger than the board (zoomed out).
pub const TITLE_PLATE: Rgba = Rgba(0xF4, 0xF2, 0xEE, 0xD8);

/// Text size on stickies at 100% zoom, in board units: readable from the back of a room.
pub const STICKY_FONT: f32 = 20.0;
/// Inner margin of a sticky, in board units.
pub const STICKY_PADDING: f32 = 12.0;
/// Corner radius of a sticky.
pub const STICKY_RADIUS: f32 = 3.0;
/// How far the shadow edge shows below a sticky.
pub const SHADOW_OFFSET: f32 = 3.0;
/// Text size of the kind's name in a sticky's bottom-right corner.
pub const KIND_LABEL_FONT: f32 = 11.0;
/// How strongly the kind's name shows over the sticky (a fraction of its ink).
pub const KIND_LABEL_OPACITY: f32 = 0.6;
/// Below this zoom stickies are drawn as coloured blocks without text: a default sticky is
/// then less than 30 points wide inside, too narrow for words. The canvas and the pictures in
/// pixels (PNG) keep to it.
pub const TEXT_MIN_ZOOM: f32 = 0.2;
/// Below this zoom a sticky's kind is not written in its corner: the words would be smaller
/// than six points.
pub const KIND_LABEL_MIN_ZOOM: f32 = 0.5;
/// How far hotspots are turned, in radians: a hotspot looks like a note stuck on in a hurry.
pub const HOTSPOT_ANGLE: f32 = -0.06;
/// How strongly a hotspot's own colour outlines it.
pub const HOTSPOT_OUTLINE_OPACITY: f32 = 0.6;
/// Height of a region's title strip, in board units.
pub const REGION_TITLE: f32 = 36.0;
/// Text size of region titles at 100% zoom.
pub const REGION_FONT: f32 = 22.0;
/// Left margin of a region's title.
pub const REGION_TITLE_INSET: f32 = 12.0;
/// A bounded context's corner radius and outline width.
pub const CONTEXT_RADIUS: f32 = 12.0;
/// Width of a bounded context's outline (drawn inside it).
pub const CONTEXT_STROKE: f32 = 3.0;
/// How strongly a bounded context's colour tints its inside.
pub const CONTEXT_FILL_OPACITY: f32 = 0.06;
/// Opacity of an audience region's (front end, partner) fill over the canvas.
pub const AUDIENCE_FILL_OPACITY: f32 = 0.07;
/// Length of a dash of an audience region's outline.
pub const AUDIENCE_DASH: f32 = 18.0;
/// The gap between two dashes of an audience region's outline.
pub const AUDIENCE_GAP: f32 = 18.0 * 0.6;
/// How strongly the ink draws the line on top of a swimlane.
pub const SWIMLANE_LINE_OPACITY: f32 = 0.3;
/// Width of an arrow's line.
pub const ARROW_WIDTH: f32 = 2.0;
/// Length of an arrow's head (its width is half of it on each side).
pub const ARROW_HEAD: f32 = 12.0;
/// Width of a pivotal event's line, and its dashes and gaps.
pub const PIVOTAL_WIDTH: f32 = 3.0;
/// Length of a dash of a pivotal event's line.
pub const PIVOTAL_DASH: f32 = 14.0;
/// Gap between the dashes of a pivotal event's line.
pub const PIVOTAL_GAP: f32 = 8.0;

/// Text colour on a sticky of `fill`: of [`INK`] and [`WHITE`], the one with the higher
/// WCAG contrast ratio.
pub fn ink_on(fill: Rgb) -> Rgb {
    if contrast_ratio(INK, fill) >= contrast_ratio(WHITE, fill) {
        INK
    } else {
        WHITE
    }
}

/// The WCAG 2 contrast ratio of two opaque colours, from 1 (none) to 21 (black on white).
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2's relative luminance of an sRGB colour.
fn relative_luminance(c: Rgb) -> f32 {
    let linear = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}
