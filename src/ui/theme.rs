//! Colours and sizes of the canvas, chosen to stay readable on a projector.

use egui::Color32;

use crate::model::Rgb;
use crate::model::check::Severity;

/// Text size on stickies at 100% zoom, in board units: readable from the back of a room.
pub const STICKY_FONT: f32 = 20.0;
/// Inner margin of a sticky, in board units.
pub const STICKY_PADDING: f32 = 12.0;
/// Height of a region's title strip, in board units.
pub const REGION_TITLE: f32 = 36.0;
/// Text size of region titles at 100% zoom.
pub const REGION_FONT: f32 = 22.0;
/// Below this zoom stickies are drawn as coloured blocks without text.
pub const TEXT_MIN_ZOOM: f32 = 0.25;
/// How far hotspots are turned, in radians: a hotspot looks like a note stuck on in a hurry.
pub const HOTSPOT_ANGLE: f32 = -0.06;

/// The canvas background.
pub const CANVAS: Color32 = Color32::from_rgb(0xF4, 0xF2, 0xEE);
/// Outline of selected items and the rubber band.
pub const SELECTION: Color32 = Color32::from_rgb(0x1E, 0x6F, 0xE8);
/// Arrows between stickies.
pub const LINK: Color32 = Color32::from_rgb(0x44, 0x44, 0x50);
/// The line a pivotal event draws through the board.
pub const PIVOTAL: Color32 = Color32::from_rgb(0xD9, 0x6C, 0x00);
/// Bounded context outline.
pub const CONTEXT: Color32 = Color32::from_rgb(0x5A, 0x4F, 0x8C);
/// Swimlane fill.
pub const SWIMLANE: Color32 = Color32::from_rgba_unmultiplied_const(0x30, 0x50, 0x70, 0x14);
/// Text on the canvas outside stickies.
pub const INK: Color32 = Color32::from_rgb(0x22, 0x22, 0x28);
/// Inside of the handles drawn on the canvas: link handles and region resize handles.
pub const HANDLE_FILL: Color32 = Color32::WHITE;
/// Behind the in-place editor of a region's name, so it reads over anything below it.
pub const EDITOR_FILL: Color32 = Color32::WHITE;
/// The darker bottom edge under a sticky: the paper-note look without a costly blur.
pub const SHADOW: Color32 = Color32::from_black_alpha(40);
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
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// Text colour with enough contrast on a sticky of `rgb`.
pub fn ink_on(rgb: Rgb) -> Color32 {
    let luma = 0.299 * f32::from(rgb.0) + 0.587 * f32::from(rgb.1) + 0.114 * f32::from(rgb.2);
    if luma > 140.0 { INK } else { Color32::WHITE }
}
