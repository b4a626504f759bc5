//! Sticky text broken into lines as the canvas breaks it (egui's layout): at spaces, between
//! CJK characters, and inside a word only when the word alone is wider than the sticky; lines
//! that do not fit the sticky are left out, the last one kept ending in "…".

use super::fonts::Metrics;

/// `text` in lines no wider than `width` at font size `size`, at most `max_rows` of them.
pub fn wrap(text: &str, size: f32, width: f32, max_rows: usize) -> Vec<String> {
    let metrics = Metrics::get();
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(metrics, paragraph, size, width, &mut lines);
    }
    let max_rows = max_rows.max(1);
    if lines.len() > max_rows {
        lines.truncate(max_rows);
        if let Some(last) = lines.last_mut() {
            ellipsis(metrics, last, size, width);
        }
    }
    lines
}

/// `text` on one line no wider than `width`: itself, or shortened to end in "…" (a region's
/// title, as the canvas shortens it).
pub fn truncate(text: &str, size: f32, width: f32) -> String {
    let metrics = Metrics::get();
    let mut line = text.to_owned();
    if metrics.width(&line, size) > width {
        ellipsis(metrics, &mut line, size, width);
    }
    line
}

/// One paragraph (no `\n`) broken greedily into `lines`.
fn wrap_paragraph(metrics: &Metrics, text: &str, size: f32, width: f32, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in words(text) {
        let inked = word.trim_end();
        let inked_width = metrics.width(inked, size);
        if !line.is_empty() && line_width + inked_width > width {
            lines.push(line.trim_end().to_owned());
            line.clear();
            line_width = 0.0;
        }
        if line.is_empty() && inked_width > width {
            // A word wider than the sticky alone: broken where it reaches the edge.
            for c in word.chars() {
                let w = metrics.advance(c, size);
                if !line.is_empty() && line_width + w > width && !c.is_whitespace() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += w;
            }
            continue;
        }
        line.push_str(word);
        line_width += metrics.width(word, size);
    }
    lines.push(line.trim_end().to_owned());
}

/// The pieces a line may break after: a word with the spaces that follow it, or a single
/// CJK character.
fn words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let breaks = match next {
            None => true,
            Some(n) => (c.is_whitespace() && !n.is_whitespace()) || is_cjk(c) || is_cjk(n),
        };
        if breaks {
            words.push(&text[start..end]);
            start = end;
        }
    }
    words
}

/// Whether a line may break on either side of `c` (Chinese, Japanese and Korean script, as
/// egui treats them).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Ends `line` in "…", shortened so that it still fits `width`.
fn ellipsis(metrics: &Metrics, line: &mut String, size: f32, width: f32) {
    while !line.is_empty() && metrics.width(line, size) + metrics.advance('…', size) > width {
        line.pop();
    }
    let kept = line.trim_end().len();
    line.truncate(kept);
    line.push('…');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_breaks_at_spaces_and_long_words_break_inside() {
        let lines = wrap("Order Placed by the customer", 20.0, 136.0, 10);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), "Order Placed by the customer");
        let long = wrap("Supercalifragilisticexpialidocious", 20.0, 136.0, 10);
        assert!(long.len() >= 2, "{long:?}");
        assert_eq!(long.concat(), "Supercalifragilisticexpialidocious");
        let metrics = Metrics::get();
        for line in lines.iter().chain(&long) {
            assert!(metrics.width(line, 20.0) <= 136.0, "{line}");
        }
    }

    #[test]
    fn cjk_breaks_between_characters_and_what_does_not_fit_ends_in_an_ellipsis() {
        let lines = wrap("注文が確定されました注文が確定されました", 20.0, 100.0, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("a\n\nb", 20.0, 100.0, 5), ["a", "", "b"]);
        assert_eq!(wrap("", 20.0, 100.0, 5), [""]);
    }
}
