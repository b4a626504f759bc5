//! Colours and sizes of the canvas, chosen to stay readable on a projector. What the board
//! itself looks like (shared with the pictures of the board) is in `model::look`; this file
//! gives it to egui and adds what only the app shows (selection, handles, markers).
//!
//! The app's [`Theme`] (standard, projector, dark) changes only what frames the board: the
//! app's chrome, the canvas background, the text drawn on the canvas outside stickies, arrows,
//! the selection and the smallest text sizes ([`CanvasLook`]). Stickies keep their kind's
//! colours from the legend in every theme, as they do in pictures of the board.

use egui::Color32;
use serde::{Deserialize, Serialize};

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
pub const TEXT_MIN_ZOOM: f32 = look::TEXT_MIN_ZOOM;

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

/// The look of the app, chosen in View → Theme and remembered between runs.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter,
)]
pub enum Theme {
    /// Light, as on paper: sticky colours read as on a wall.
    #[default]
    Standard,
    /// For a room: black text on white, thicker lines, larger text in the app and on the
    /// canvas (projectors wash out grey and small type).
    Projector,
    /// A dark canvas and chrome for a dim room or a long evening; stickies keep their colours.
    Dark,
}

/// How much larger the app's text is in the projector theme.
const PROJECTOR_TEXT_SCALE: f32 = 1.3;

impl Theme {
    /// The name in View → Theme.
    pub fn label(self) -> &'static str {
        match self {
            Theme::Standard => "Standard",
            Theme::Projector => "Projector",
            Theme::Dark => "Dark",
        }
    }

    /// What the canvas draws around the stickies in this theme.
    pub fn canvas(self) -> CanvasLook {
        match self {
            Theme::Standard => CanvasLook::STANDARD,
            Theme::Projector => CanvasLook {
                background: Color32::WHITE,
                ink: Color32::BLACK,
                title_plate: Color32::from_rgba_unmultiplied_const(0xFF, 0xFF, 0xFF, 0xE8),
                link: Color32::BLACK,
                selection: Color32::from_rgb(0x00, 0x4E, 0xCC),
                sticky_text_min: 10.0,
                region_title_min: 22.0,
            },
            Theme::Dark => CanvasLook {
                background: Color32::from_rgb(0x1E, 0x1F, 0x24),
                ink: Color32::from_rgb(0xE8, 0xE6, 0xE3),
                title_plate: Color32::from_rgba_unmultiplied_const(0x1E, 0x1F, 0x24, 0xD8),
                link: Color32::from_rgb(0xB8, 0xB8, 0xC4),
                selection: Color32::from_rgb(0x5A, 0x9B, 0xFF),
                ..CanvasLook::STANDARD
            },
        }
    }

    /// The colour of the panels around the canvas. The window is cleared to it each frame
    /// (`App::clear_color`) and the panels themselves are drawn without a fill: without a GPU
    /// every filled pixel costs (llvmpipe blends each one through egui's shader), and the
    /// panels are a third of the window, while the clear is a plain memory fill it does anyway.
    pub fn chrome(self) -> Color32 {
        self.egui_visuals().1.panel_fill
    }

    fn egui_visuals(self) -> (egui::Theme, egui::Visuals) {
        match self {
            Theme::Standard | Theme::Projector => (egui::Theme::Light, egui::Visuals::light()),
            Theme::Dark => (egui::Theme::Dark, egui::Visuals::dark()),
        }
    }

    /// Makes this theme the app's: egui's visuals and text sizes, and the canvas's look.
    pub fn apply(self, ctx: &egui::Context) {
        let (egui_theme, mut visuals) = self.egui_visuals();
        // The window's clear colour shows through (see [`Theme::chrome`]).
        visuals.panel_fill = Color32::TRANSPARENT;
        let mut style = egui::Style::default();
        if self == Theme::Projector {
            visuals.override_text_color = Some(Color32::BLACK);
            visuals.widgets.noninteractive.bg_stroke.color = Color32::from_gray(90);
            visuals.widgets.inactive.bg_fill = Color32::from_gray(215);
            visuals.widgets.inactive.weak_bg_fill = Color32::from_gray(215);
            visuals.selection.bg_fill = Color32::from_rgb(0x00, 0x4E, 0xCC);
            visuals.selection.stroke.color = Color32::WHITE;
            visuals.weak_text_alpha = 0.85;
            for font in style.text_styles.values_mut() {
                font.size = (font.size * PROJECTOR_TEXT_SCALE).round();
            }
        }
        style.visuals = visuals;
        ctx.set_style_of(egui_theme, style);
        ctx.set_theme(egui_theme);
        ctx.data_mut(|d| d.insert_temp(egui::Id::NULL.with(LOOK_KEY), self.canvas()));
    }
}

/// Where the canvas's look is kept in egui's memory.
const LOOK_KEY: &str = "stormpad canvas look";

/// What the canvas draws around the stickies, per [`Theme`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CanvasLook {
    pub background: Color32,
    /// Text on the canvas outside stickies (region titles).
    pub ink: Color32,
    /// Behind a region's title drawn larger than the board.
    pub title_plate: Color32,
    /// Arrows between stickies.
    pub link: Color32,
    pub selection: Color32,
    /// The smallest sticky text on screen, in points (see [`STICKY_TEXT_MIN`]).
    pub sticky_text_min: f32,
    /// The smallest region title on screen, in points (see [`REGION_TITLE_MIN`]).
    pub region_title_min: f32,
}

impl CanvasLook {
    /// Today's look, the pictures' colours.
    pub const STANDARD: CanvasLook = CanvasLook {
        background: CANVAS,
        ink: INK,
        title_plate: TITLE_PLATE,
        link: LINK,
        selection: SELECTION,
        sticky_text_min: STICKY_TEXT_MIN,
        region_title_min: REGION_TITLE_MIN,
    };

    /// [`sticky_font_size`] with this look's minimum. Only the minimum changes: sticky sizes
    /// on the board never depend on the theme.
    pub fn sticky_font_size(&self, zoom: f32) -> f32 {
        (STICKY_FONT * zoom).max(self.sticky_text_min)
    }

    /// [`region_font_size`] with this look's minimum.
    pub fn region_font_size(&self, zoom: f32) -> f32 {
        (REGION_FONT * zoom).max(self.region_title_min)
    }
}

/// The canvas's look in the theme applied to `ctx` (standard when none was).
pub fn canvas_look(ctx: &egui::Context) -> CanvasLook {
    ctx.data(|d| d.get_temp(egui::Id::NULL.with(LOOK_KEY)))
        .unwrap_or(CanvasLook::STANDARD)
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
    fn every_theme_keeps_canvas_text_and_arrows_readable_on_its_background() {
        use strum::IntoEnumIterator;
        for theme in Theme::iter() {
            let look = theme.canvas();
            let ink = contrast_ratio(look.ink, look.background);
            assert!(ink >= 7.0, "{theme:?}: titles {ink:.2}");
            let link = contrast_ratio(look.link, look.background);
            assert!(link >= 4.5, "{theme:?}: arrows {link:.2}");
            let selection = contrast_ratio(look.selection, look.background);
            assert!(selection >= 3.0, "{theme:?}: selection {selection:.2}");
            assert!(look.sticky_text_min >= STICKY_TEXT_MIN);
        }
        let projector = Theme::Projector.canvas();
        assert!(projector.sticky_text_min > STICKY_TEXT_MIN);
        assert!(projector.region_title_min > REGION_TITLE_MIN);
    }

    #[test]
    fn sticky_colours_are_the_kinds_in_every_theme() {
        // The themes change no kind colour: they do not even hold one.
        for kind in Kind::ALL {
            let rgb = default_color(kind);
            let on_dark = contrast_ratio(color(rgb), Theme::Dark.canvas().background);
            assert!(
                on_dark >= 1.5,
                "{kind:?} vanishes on the dark canvas: {on_dark:.2}"
            );
        }
    }

    #[test]
    fn the_applied_theme_is_what_the_canvas_reads() {
        let ctx = egui::Context::default();
        assert_eq!(canvas_look(&ctx), CanvasLook::STANDARD);
        Theme::Dark.apply(&ctx);
        assert_eq!(canvas_look(&ctx), Theme::Dark.canvas());
        assert!(ctx.global_style().visuals.dark_mode);
        assert_eq!(Theme::Dark.chrome(), egui::Visuals::dark().panel_fill);
        assert_ne!(Theme::Dark.chrome(), Theme::Standard.chrome());
        Theme::Projector.apply(&ctx);
        assert!(!ctx.global_style().visuals.dark_mode);
        let body = ctx.global_style().text_styles[&egui::TextStyle::Body].size;
        let standard = egui::Style::default().text_styles[&egui::TextStyle::Body].size;
        assert!(body > standard, "{body} vs {standard}");
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
