//! The picture as PNG: the SVG rendered by resvg (tiny-skia) with the embedded fonts, in
//! horizontal bands streamed into the PNG encoder, so a poster of many thousand pixels a side
//! needs memory for one band only.

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;

use super::fonts;
use crate::model::look;

/// The most pixels a PNG may have (a 300 dpi A0 poster has 140 million): beyond, the PDF is
/// the better picture, and the message says so.
pub const MAX_PIXELS: u64 = 1_000_000_000;
/// The longest side a PNG may have, in pixels.
pub const MAX_SIDE: u32 = 100_000;
/// Memory for one band of pixels.
const BAND_BYTES: u64 = 64 << 20;

/// The SVG text parsed as usvg reads it, with the embedded fonts only.
pub fn parse(svg: &str) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        font_family: "Ubuntu".into(),
        fontdb: fonts::database(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options)
        .map_err(|e| format!("the picture's SVG does not parse: {e}"))
}

/// The PNG bytes of `svg` at `scale` pixels per board unit.
pub fn render(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let tree = parse(svg)?;
    let size = tree.size();
    let (w, h) = (size.width() * scale, size.height() * scale);
    if !(w.is_finite() && h.is_finite()) || w < 1.0 || h < 1.0 {
        return Err(format!(
            "a picture of {w} x {h} pixels cannot be made (scale {scale})"
        ));
    }
    let (w, h) = (w.ceil() as u64, h.ceil() as u64);
    if w * h > MAX_PIXELS || w > u64::from(MAX_SIDE) || h > u64::from(MAX_SIDE) {
        return Err(format!(
            "a picture of {w} x {h} pixels is too large for PNG (at most {MAX_PIXELS} pixels, \
             {MAX_SIDE} a side): use a smaller --scale, or PDF"
        ));
    }
    let (w, h) = (w as u32, h as u32);
    let band = (BAND_BYTES / (u64::from(w) * 4)).clamp(1, u64::from(h)) as u32;
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    // Pictures of a board are mostly flat colour: fast deflate is several times quicker
    // than the default for a few percent more bytes.
    encoder.set_compression(png::Compression::Fast);
    let failed = |e: png::EncodingError| format!("the PNG could not be written: {e}");
    let mut writer = encoder.write_header().map_err(failed)?;
    let mut stream = writer.stream_writer().map_err(failed)?;
    let mut top = 0;
    while top < h {
        let rows = band.min(h - top);
        let mut pixmap = Pixmap::new(w, rows)
            .ok_or_else(|| format!("no memory for a band of {w} x {rows} pixels"))?;
        // An opaque start (the canvas colour, which the SVG paints first anyway) keeps every
        // pixel opaque, so tiny-skia's premultiplied pixels are the PNG's straight ones.
        let canvas = look::CANVAS;
        pixmap.fill(Color::from_rgba8(canvas.0, canvas.1, canvas.2, 0xFF));
        let transform = Transform::from_scale(scale, scale).post_translate(0.0, -(top as f32));
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        std::io::Write::write_all(&mut stream, pixmap.data())
            .map_err(|e| format!("the PNG could not be written: {e}"))?;
        top += rows;
    }
    stream.finish().map_err(failed)?;
    drop(writer);
    Ok(bytes)
}
