//! The picture as PDF: the SVG converted by svg2pdf, with text kept as text (the embedded
//! fonts, subset) so it can be searched and copied, and vector shapes that print sharp at any
//! size: the poster format.

use super::png::parse;

/// The PDF bytes of `svg`; `scale` multiplies the page size (1: a board unit is a CSS pixel,
/// 1/96 inch).
pub fn render(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let tree = parse(svg)?;
    let page = svg2pdf::PageOptions {
        dpi: 96.0 / scale.max(f32::EPSILON),
    };
    let options = svg2pdf::ConversionOptions {
        embed_text: true,
        ..svg2pdf::ConversionOptions::default()
    };
    svg2pdf::to_pdf(&tree, options, page).map_err(|e| format!("the PDF could not be made: {e}"))
}
