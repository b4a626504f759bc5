//! The fonts of the pictures: the very font bytes egui draws the canvas with
//! (`epaint_default_fonts`: Ubuntu Light, then Noto Emoji and the emoji icon font as
//! fallbacks), embedded in the binary. Pictures never look at the system's fonts, so the same
//! board gives the same picture on every machine, and text wraps where the canvas wraps it.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// The font families in the order egui falls back through them, as SVG names them.
pub const FAMILIES: &str = "Ubuntu, 'Noto Emoji', emoji";

/// The faces in fallback order.
const FACES: [&[u8]; 3] = [
    epaint_default_fonts::UBUNTU_LIGHT,
    epaint_default_fonts::NOTO_EMOJI_REGULAR,
    epaint_default_fonts::EMOJI_ICON,
];

/// The font database usvg renders with: the embedded faces only.
pub fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for face in FACES {
            db.load_font_data(face.to_vec());
        }
        db.set_sans_serif_family("Ubuntu");
        Arc::new(db)
    })
    .clone()
}

/// Measures text in the embedded fonts, as egui lays it out: each character's advance from
/// the first face that has it.
pub struct Metrics {
    faces: Vec<ttf_parser::Face<'static>>,
}

impl Metrics {
    /// The metrics of the embedded faces (parsed once).
    pub fn get() -> &'static Metrics {
        static METRICS: OnceLock<Metrics> = OnceLock::new();
        METRICS.get_or_init(|| Metrics {
            faces: FACES
                .iter()
                .filter_map(|bytes| ttf_parser::Face::parse(bytes, 0).ok())
                .collect(),
        })
    }

    /// The width of `c` at font size `size`: its advance in the first face that has it, else
    /// that of the box egui shows for a character no font has (`◻`).
    pub fn advance(&self, c: char, size: f32) -> f32 {
        self.face_advance(c, size)
            .or_else(|| self.face_advance('◻', size))
            .unwrap_or(size * 0.6)
    }

    /// The advance of `c` in the first face that has it.
    fn face_advance(&self, c: char, size: f32) -> Option<f32> {
        let (face, glyph) = self
            .faces
            .iter()
            .find_map(|f| f.glyph_index(c).map(|g| (f, g)))?;
        let units = f32::from(face.glyph_hor_advance(glyph)?);
        Some(units * size / f32::from(face.units_per_em()))
    }

    /// The width of `text` on one line at font size `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// How far the first baseline sits below the top of a row, at font size `size`.
    pub fn ascent(&self, size: f32) -> f32 {
        self.faces.first().map_or(size * 0.8, |f| {
            f32::from(f.ascender()) * size / f32::from(f.units_per_em())
        })
    }

    /// The height of one row of text at font size `size` (ascent, descent and line gap).
    pub fn row_height(&self, size: f32) -> f32 {
        self.faces.first().map_or(size * 1.2, |f| {
            let units =
                f32::from(f.ascender()) - f32::from(f.descender()) + f32::from(f.line_gap());
            units * size / f32::from(f.units_per_em())
        })
    }
}
