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

/// A text made safe inside a comment or docstring of any of the languages, on one line: no
/// comment terminator or opener (`*/`, `/*`: Kotlin nests them), no `"""` or `\'\'\'`
/// (Python docstrings), no `\` (Java reads `\u000a` even in comments, Python escapes in
/// docstrings), control characters (line breaks too) as spaces. Everything else (`${`,
/// backticks, `<!--`, `%>`) is inert in comments and kept as typed. The one path for every
/// name, channel, team or namespace a template writes into a comment; descriptions take it
/// line by line ([`super::outline::doc_lines`]).
pub fn comment(text: String) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    for (from, to) in [
        ("\\", "/"),
        ("*/", "* /"),
        ("/*", "/ *"),
        ("\"\"\"", "\"\" \""),
        ("\'\'\'", "\'\' \'"),
    ] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// A name as Markdown shows it literally, on one line (a README's title, prose and table
/// cells): the one Markdown escape, [`crate::model::naming::markdown`].
pub fn md(text: String) -> String {
    crate::model::naming::markdown(&text)
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
    // Every cell once, as (its text, its width in characters, whether a CELL ends it); a line
    // is a range of cells.
    let mut cells: Vec<(&str, usize, bool)> = Vec::new();
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    for line in text.split('\n') {
        let start = cells.len();
        let mut parts = line.split(CELL).peekable();
        while let Some(part) = parts.next() {
            cells.push((part, part.chars().count(), parts.peek().is_some()));
        }
        lines.push(start..cells.len());
    }
    // The padded width of each ended cell: per column, per run of lines that have one.
    let ended = |line: &std::ops::Range<usize>| line.len() - 1;
    let mut widths = vec![0; cells.len()];
    let deepest = lines.iter().map(ended).max().unwrap_or(0);
    for column in 0..deepest {
        let mut row = 0;
        while row < lines.len() {
            let run = row..row
                + lines[row..]
                    .iter()
                    .take_while(|l| ended(l) > column)
                    .count();
            if run.is_empty() {
                row += 1;
                continue;
            }
            let width = lines[run.clone()]
                .iter()
                .map(|l| cells[l.start + column].1)
                .max()
                .unwrap_or(0)
                + 1;
            for line in &lines[run.clone()] {
                widths[line.start + column] = width;
            }
            row = run.end;
        }
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in line.clone() {
            let (cell, count, padded) = cells[c];
            out.push_str(cell);
            if padded {
                out.extend(std::iter::repeat_n(' ', widths[c].saturating_sub(count)));
            }
        }
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
    fn comment_text_closes_no_comment_of_any_language() {
        let typed = "a */ b /* c \"\"\"\" d \'\'\' e \\u000a f ${x} `g` <!-- %>\nh";
        let safe = comment(typed.into());
        for danger in ["*/", "/*", "\"\"\"", "\'\'\'", "\\", "\n"] {
            assert!(!safe.contains(danger), "{danger} in {safe}");
        }
        assert!(safe.contains("${x} `g` <!-- %>"), "{safe}");
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
