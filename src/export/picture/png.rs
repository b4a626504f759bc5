//! The picture as PNG: the SVG rendered by resvg (tiny-skia) with the embedded fonts, in
//! horizontal bands streamed into the PNG encoder, so a poster of many thousand pixels a side
//! needs memory for a band a core only. Each band is an SVG of its own with just the items
//! that paint in it, so the bands are parsed and drawn side by side and none pays for the
//! whole board.

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;

use super::scope::Content;
use super::{fonts, svg};
use crate::model::{Board, Point, Rect, Size, look};

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

/// The PNG bytes of the picture of `content` at `scale` pixels per board unit.
pub fn render(board: &Board, content: &Content<'_>, scale: f32) -> Result<Vec<u8>, String> {
    render_in_bands(board, content, scale, BAND_BYTES, true)
}

/// The PNG in horizontal bands of at most `band_bytes` of pixels, at least one band per core:
/// each band is its own SVG of the items that paint in it, parsed and drawn on its own
/// thread, and the bands are written in order as they are done, a round of one per core at
/// a time. `cull` false draws every item in every band (the tests' reference).
fn render_in_bands(
    board: &Board,
    content: &Content<'_>,
    scale: f32,
    band_bytes: u64,
    cull: bool,
) -> Result<Vec<u8>, String> {
    let page = svg::page(board, content);
    let (w, h) = pixels(page, scale)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4)) as u32;
    let by_memory = (band_bytes / (u64::from(w) * 4)).clamp(1, u64::from(h)) as u32;
    let band = by_memory.min(h.div_ceil(cores)).max(1);
    let bands: Vec<(u32, u32)> = (0..h)
        .step_by(band as usize)
        .map(|top| (top, band.min(h - top)))
        .collect();

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
    for round in bands.chunks(cores as usize) {
        let drawn: Vec<Result<Pixmap, String>> = std::thread::scope(|threads| {
            let running: Vec<_> = round
                .iter()
                .map(|&(top, rows)| {
                    threads.spawn(move || {
                        band_pixels(board, content, page, scale, (w, top, rows), cull)
                    })
                })
                .collect();
            running
                .into_iter()
                .map(|t| {
                    t.join()
                        .unwrap_or_else(|_| Err("a band of the picture could not be drawn".into()))
                })
                .collect()
        });
        for pixmap in drawn {
            std::io::Write::write_all(&mut stream, pixmap?.data())
                .map_err(|e| format!("the PNG could not be written: {e}"))?;
        }
    }
    stream.finish().map_err(failed)?;
    drop(writer);
    Ok(bytes)
}

/// The width and height in pixels of `page` at `scale`, as the SVG states its size, or why
/// there cannot be such a PNG.
fn pixels(page: Rect, scale: f32) -> Result<(u32, u32), String> {
    // The sizes the SVG writes (two decimals), so a band's tree and the PNG agree.
    let stated = |v: f32| svg::num(v).parse::<f32>().unwrap_or(v);
    let (w, h) = (stated(page.size.w) * scale, stated(page.size.h) * scale);
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
    Ok((w as u32, h as u32))
}

/// The pixels of rows `top..top + rows` of the picture, `w` wide: the SVG of what paints in
/// them (of everything unless `cull`), parsed and drawn.
fn band_pixels(
    board: &Board,
    content: &Content<'_>,
    page: Rect,
    scale: f32,
    (w, top, rows): (u32, u32, u32),
    cull: bool,
) -> Result<Pixmap, String> {
    let clip = Rect::new(
        Point::new(page.pos.x, page.pos.y + top as f32 / scale),
        Size::new(page.size.w, rows as f32 / scale),
    );
    let raster = svg::Raster {
        clip: if cull { clip } else { page },
        zoom: scale,
    };
    let text = svg::band(board, content, Some(raster), 1.0)
        .map_err(|e| format!("the picture's SVG could not be written: {e}"))?;
    let tree = parse(&text)?;
    let mut pixmap = Pixmap::new(w, rows)
        .ok_or_else(|| format!("no memory for a band of {w} x {rows} pixels"))?;
    // An opaque start (the canvas colour, which the SVG paints first anyway) keeps every
    // pixel opaque, so tiny-skia's premultiplied pixels are the PNG's straight ones.
    let canvas = look::CANVAS;
    pixmap.fill(Color::from_rgba8(canvas.0, canvas.1, canvas.2, 0xFF));
    let transform = Transform::from_scale(scale, scale).post_translate(0.0, -(top as f32));
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::picture::scope::{self, Scope};
    use crate::model::generate;

    fn decoded(bytes: &[u8]) -> Vec<u8> {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = match decoder.read_info() {
            Ok(reader) => reader,
            Err(e) => panic!("{e}"),
        };
        let mut pixels = vec![0; reader.output_buffer_size()];
        if let Err(e) = reader.next_frame(&mut pixels) {
            panic!("{e}");
        }
        pixels
    }

    #[test]
    fn a_band_drawn_from_only_what_paints_in_it_has_every_pixel_it_had() {
        let board = generate::board(150, 3);
        let content = match scope::content(&board, &Scope::Board) {
            Ok(content) => content,
            Err(e) => panic!("{e}"),
        };
        let scale = 0.2;
        let (w, _) = pixels(svg::page(&board, &content), scale).unwrap_or((1, 1));
        for rows in [16, 100_000] {
            let draw = |cull| {
                render_in_bands(&board, &content, scale, u64::from(w) * 4 * rows, cull)
                    .map(|png| decoded(&png))
                    .unwrap_or_else(|e| panic!("{e}"))
            };
            let (culled, everything) = (draw(true), draw(false));
            assert!(
                culled == everything,
                "bands of {rows} rows: leaving out what paints elsewhere changes no pixel"
            );
        }
    }
}
