//! The picture as PDF: the SVG converted by svg2pdf, with text kept as text (the embedded
//! fonts, subset) so it can be searched and copied, and vector shapes that print sharp at any
//! size: the poster format.
//!
//! svg2pdf writes the entries of a page's resource dictionaries (`/gs12 19 0 R`, one a line)
//! and the objects of its fonts in hash-map order, which changes from run to run; so the same
//! board gives the same bytes, [`sorted_resources`] puts the entries in one order, and then
//! [`pdf_numbering::canonical`] numbers the objects by a walk from the root.

use super::pdf_numbering;
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
    let pdf = svg2pdf::to_pdf(&tree, options, page)
        .map(sorted_resources)
        .map_err(|e| format!("the PDF could not be made: {e}"))?;
    // A layout the renumbering does not know keeps svg2pdf's numbers: a valid file, only not
    // byte-stable (the tests hold every board's PDF to the renumbered form).
    Ok(pdf_numbering::canonical(&pdf).unwrap_or(pdf))
}

/// `pdf` with every run of consecutive resource-entry lines (`  /Name12 34 0 R`) outside
/// streams sorted. A run's lines are only permuted, so its length and every offset stay.
fn sorted_resources(mut pdf: Vec<u8>) -> Vec<u8> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, b) in pdf.iter().enumerate() {
        if *b == b'\n' {
            lines.push((start, i + 1));
            start = i + 1;
        }
    }
    let mut in_stream = false;
    let mut run: Vec<(usize, usize)> = Vec::new();
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    for &(a, b) in &lines {
        let line = &pdf[a..b];
        if in_stream {
            in_stream = !line.starts_with(b"endstream");
            continue;
        }
        if is_resource_entry(line) {
            run.push((a, b));
            continue;
        }
        if run.len() > 1 {
            runs.push(std::mem::take(&mut run));
        }
        run.clear();
        in_stream = line == b"stream\n";
    }
    for run in runs {
        let (first, last) = (run[0].0, run[run.len() - 1].1);
        let mut entries: Vec<Vec<u8>> = run.iter().map(|&(a, b)| pdf[a..b].to_vec()).collect();
        entries.sort();
        pdf[first..last].copy_from_slice(&entries.concat());
    }
    pdf
}

/// Whether `line` is one entry of a resource dictionary: spaces, `/Name`, an object number,
/// `0 R`, and the line's end.
fn is_resource_entry(line: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    let mut words = text.split_ascii_whitespace();
    let (Some(name), Some(number), Some("0"), Some("R"), None) = (
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
    ) else {
        return false;
    };
    text.starts_with(' ')
        && name.len() > 1
        && name.starts_with('/')
        && number.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_with_two_fonts_comes_out_with_its_objects_renumbered() {
        // Letters and an emoji: two embedded fonts, whose objects svg2pdf numbers in hash-map
        // order. The result being its own canonical form shows the renumbering ran.
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-family="Ubuntu" font-size="20">Order placed 🎉</text></svg>"#;
        let pdf = match render(svg, 1.0) {
            Ok(pdf) => pdf,
            Err(e) => panic!("{e}"),
        };
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Subtype /Type0").count(), 2, "two fonts");
        assert_eq!(
            pdf_numbering::canonical(&pdf).as_deref(),
            Some(pdf.as_slice())
        );
    }

    #[test]
    fn resource_entries_are_sorted_and_nothing_else_moves() {
        let pdf = b"4 0 obj\n<<\n  /ExtGState <<\n    /gs9 12 0 R\n    /gs10 13 0 R\n  >>\n>>\nstream\n  /b 2 0 R\n  /a 1 0 R\nendstream\n".to_vec();
        let sorted = sorted_resources(pdf.clone());
        assert_eq!(sorted.len(), pdf.len());
        let text = String::from_utf8(sorted).unwrap_or_default();
        assert!(
            text.contains("    /gs10 13 0 R\n    /gs9 12 0 R\n"),
            "{text}"
        );
        assert!(
            text.contains("  /b 2 0 R\n  /a 1 0 R\n"),
            "streams untouched: {text}"
        );
    }
}
