//! Colours and sizes of the canvas, chosen to stay readable on a projector. What the board
//! itself looks like (shared with the pictures of the board) is in `model::look`; this file
//! gives it to egui and adds what only the app shows (selection, handles, markers).

use egui::Color32;

use crate::model::Rgb;
use crate::model::check::Severity;
use crate::model::look::{self, Rgba};
pub use crate::model::look::{
    HOTSPOT_ANGLE, REGION_FONT, REGION_TITLE, STICKY_FONT, STICKY_PADDING,
};

/// The smallest size of sticky text on screen, in points: zoomed out further, sticky text
/// stays this size (wrapping and shortened with "…" to fit its sticky) instead of shrinking.
pub const STICKY_TEXT_MIN: f32 = 7.0;
/// The smallest size of a region's title on screen, in points: readable on a projector at
/// any zoom.
pub const REGION_TITLE_MIN: f32 = 16.0;
/// Below this zoom stickies are drawn as coloured blocks without text: a default sticky is
/// then less than 30 points wide inside, too narrow for words at [`STICKY_TEXT_MIN`].
pub const TEXT_MIN_ZOOM: f32 = 0.2;

/// The canvas background.
pub const CANVAS: Color32 = opaque(look::CANVAS);
/// Outline of selected items and the rubber band.
pub const SELECTION: Color32 = Color32::from_rgb(0x1E, 0x6F, 0xE8);
/// Arrows between stickies.
pub const LINK: Color32 = opaque(look::LINK);
/// The line a pivotal event draws through the board.
pub const PIVOTAL: Color32 = opaque(look::PIVOTAL);
/// Bounded context outline.
pub const CONTEXT: Color32 = opaque(look::CONTEXT);
/// Front-end client region: outline and (faint) fill.
pub const FRONT_END: Color32 = opaque(look::FRONT_END);
/// Partner organisation region: outline and (faint) fill.
pub const PARTNER: Color32 = opaque(look::PARTNER);
/// Swimlane fill.
pub const SWIMLANE: Color32 = translucent(look::SWIMLANE);
/// Behind a region's title where it is drawn larger than the board (zoomed out), so it
/// reads over the stickies below it.
pub const TITLE_PLATE: Color32 = translucent(look::TITLE_PLATE);
/// Text on the canvas outside stickies.
pub const INK: Color32 = opaque(look::INK);
/// Inside of the handles drawn on the canvas: link handles and region resize handles.
pub const HANDLE_FILL: Color32 = Color32::WHITE;
/// Behind the in-place editor of a region's name, so it reads over anything below it.
pub const EDITOR_FILL: Color32 = Color32::WHITE;
/// The darker bottom edge under a sticky: the paper-note look without a costly blur.
pub const SHADOW: Color32 = translucent(look::SHADOW);
/// Outline of a kind's colour swatch in the palette, visible on light and dark colours.
pub const SWATCH_OUTLINE: Color32 = Color32::from_black_alpha(60);
/// The ring and `!` of a model check marker on a sticky, readable on every severity colour.
pub const MARKER_INK: Color32 = Color32::WHITE;

/// Errors: a model check error, a failed export, a field the inspector cannot use.
pub const ERROR: Color32 = Color32::from_rgb(0xC0, 0x1C, 0x28);
/// Warnings: dark amber, readable as text on a light panel and visible as a marker.
pub const WARNING: Color32 = Color32::from_rgb(0xA0, 0x60, 0x00);
/// Information: a reminder, not a problem.
pub const INFO: Color32 = Color32::from_rgb(0x35, 0x84, 0xE4);

/// The colour of a model check severity, in the panel, the inspector, the status bar and
/// the canvas markers alike.
pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => INFO,
    }
}

/// A board colour as egui's.
pub fn color(rgb: Rgb) -> Color32 {
    opaque(rgb)
}

/// An opaque board colour as egui's, for constants.
const fn opaque(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// A board colour with alpha as egui's (which premultiplies it), for constants.
const fn translucent(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied_const(c.0, c.1, c.2, c.3)
}

/// The size of sticky text on screen at `zoom`: the board's size, but never below
/// [`STICKY_TEXT_MIN`]. The canvas and the in-place editor both use it, so text does not move
/// when editing starts.
pub fn sticky_font_size(zoom: f32) -> f32 {
    (STICKY_FONT * zoom).max(STICKY_TEXT_MIN)
}

/// The size of a region's title on screen at `zoom`: the board's size, but never below
/// [`REGION_TITLE_MIN`].
pub fn region_font_size(zoom: f32) -> f32 {
    (REGION_FONT * zoom).max(REGION_TITLE_MIN)
}

/// Text colour on a sticky of `rgb`: of dark ink and white, the one with the higher WCAG
/// contrast ratio.
pub fn ink_on(rgb: Rgb) -> Color32 {
    opaque(look::ink_on(rgb))
}

/// The WCAG 2 contrast ratio of two opaque colours, from 1 (none) to 21 (black on white).
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    look::contrast_ratio(Rgb(a.r(), a.g(), a.b()), Rgb(b.r(), b.g(), b.b()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::model::legend::default_color;

    #[test]
    fn text_on_every_kinds_default_colour_meets_wcag_aa() {
        for kind in Kind::ALL {
            let rgb = default_color(kind);
            let ratio = contrast_ratio(ink_on(rgb), color(rgb));
            assert!(ratio >= 4.5, "{kind:?} {rgb}: contrast {ratio:.2}");
        }
    }

    #[test]
    fn contrast_ratio_matches_wcag_reference_values() {
        let ratio = contrast_ratio(Color32::BLACK, Color32::WHITE);
        assert!((ratio - 21.0).abs() < 0.01, "{ratio}");
        // The hotspot red with white text, as the issue measured it.
        let ratio = contrast_ratio(Color32::WHITE, Color32::from_rgb(0xE8, 0x5D, 0x75));
        assert!((ratio - 3.4).abs() < 0.05, "{ratio}");
    }
}
