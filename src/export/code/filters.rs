//! The filters Stormpad adds to the template language: what templates of every language need
//! and MiniJinja cannot do well (or fast) by itself.

/// A text as the inside of a double-quoted string literal in any of the languages: `\` and
/// `"` escaped, control characters as spaces. (Kotlin's and Dart's `$` templates need their
/// own `replace` in the template.)
pub fn quoted(text: String) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The cell separator of [`columns`]: a vertical tab, which no name or description carries
/// (the model turns control characters into spaces).
pub const CELL: char = '\u{b}';

/// Aligns columns as Go's `text/tabwriter` (and so `gofmt`) does: every [`CELL`] ends a cell;
/// in each run of consecutive lines that have an ended cell in a column, that column is
/// padded with spaces to its widest cell plus one. A line without one (a comment, a blank
/// line) ends the runs it interrupts. The last cell of a line is never padded.
///
/// Templates write `{% filter columns %}` around struct fields or constants, instead of
/// measuring widths in template loops (quadratic, and the slowest part of a Go export).
pub fn columns(text: String) -> String {
    if !text.contains(CELL) {
        return text;
    }
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split(CELL).collect()).collect();
    // widths[i][j]: the padded width of cell j of line i (its ended cells only).
    let mut widths: Vec<Vec<usize>> = lines.iter().map(|cells| vec![0; cells.len() - 1]).collect();
    let deepest = lines.iter().map(|c| c.len() - 1).max().unwrap_or(0);
    for column in 0..deepest {
        let mut start = 0;
        while start < lines.len() {
            if widths[start].len() <= column {
                start += 1;
                continue;
            }
            let mut end = start;
            while end < lines.len() && widths[end].len() > column {
                end += 1;
            }
            let width = lines[start..end]
                .iter()
                .map(|cells| cells[column].chars().count())
                .max()
                .unwrap_or(0)
                + 1;
            for row in &mut widths[start..end] {
                row[column] = width;
            }
            start = end;
        }
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, (cells, widths)) in lines.iter().zip(&widths).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (cell, width) in cells.iter().zip(widths) {
            out.push_str(cell);
            for _ in cell.chars().count()..*width {
                out.push(' ');
            }
        }
        out.push_str(cells.last().copied().unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_quotes_backslashes_and_control_characters() {
        assert_eq!(quoted("a\"b\\c\nd".into()), "a\\\"b\\\\c d");
    }

    #[test]
    fn columns_align_runs_of_lines_as_tabwriter_does() {
        let text = "type T struct {\n\
                    \tID\u{b}string\u{b}`json:\"id\"`\n\
                    \tQuantity\u{b}int64\u{b}`json:\"quantity\"`\n\
                    \n\
                    \t// Note is free text.\n\
                    \tNote\u{b}*string\u{b}`json:\"note,omitempty\"`\n\
                    \tAt\u{b}time.Time\u{b}`json:\"at\"`\n\
                    }";
        let expected = "type T struct {\n\
                        \tID       string `json:\"id\"`\n\
                        \tQuantity int64  `json:\"quantity\"`\n\
                        \n\
                        \t// Note is free text.\n\
                        \tNote *string   `json:\"note,omitempty\"`\n\
                        \tAt   time.Time `json:\"at\"`\n\
                        }";
        assert_eq!(columns(text.into()), expected);
    }

    #[test]
    fn columns_pad_only_the_columns_a_run_has() {
        // The second column of the first line has no partner: it is padded to itself.
        let text = "\tA\u{b}bb\u{b}x\n\tCCC\u{b}y\n";
        assert_eq!(columns(text.into()), "\tA   bb x\n\tCCC y\n");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é\u{b}1\nab\u{b}2";
        assert_eq!(columns(text.into()), "é  1\nab 2");
    }

    #[test]
    fn columns_leave_text_without_cells_alone() {
        assert_eq!(columns("a\tb\n".into()), "a\tb\n");
    }
}
