//! Object numbers for a PDF that depend on its content only, so the same board gives the same
//! bytes on every run.
//!
//! svg2pdf keeps its fonts in a hash map and numbers each font's children (CID font,
//! descriptor, ToUnicode map, font file) in that map's order, which changes from run to run
//! when a picture embeds two fonts (letters and an emoji). [`canonical`] renumbers every object
//! in the order a walk from the trailer meets it, writes the objects in that order, and writes a
//! new cross-reference table. Stream data is copied untouched: only references in dictionaries
//! and arrays are rewritten.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

/// `pdf` with its objects numbered and ordered by a breadth-first walk from the trailer, or
/// `None` when the file is not the plain layout pdf-writer writes (no object streams, direct
/// stream lengths, one classic cross-reference table).
pub fn canonical(pdf: &[u8]) -> Option<Vec<u8>> {
    let file = File::parse(pdf)?;
    let order = walk(&file)?;
    let new_number: HashMap<u32, u32> = order
        .iter()
        .enumerate()
        .map(|(i, &old)| (old, i as u32 + 1))
        .collect();
    let by_number: HashMap<u32, &Object> = file.objects.iter().map(|o| (o.number, o)).collect();

    let mut out = Vec::with_capacity(pdf.len() + 64);
    out.extend_from_slice(file.header);
    let mut offsets = Vec::with_capacity(order.len());
    for (i, old) in order.iter().enumerate() {
        let object = by_number.get(old)?;
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj", i + 1).as_bytes());
        out.extend_from_slice(&renumbered(object.body, &object.refs, &new_number)?);
        out.extend_from_slice(b"\n\n");
    }

    let xref_at = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f\r\n", order.len() + 1);
    for offset in offsets {
        let _ = write!(table, "{offset:010} 00000 n\r\n");
    }
    out.extend_from_slice(table.as_bytes());
    out.extend_from_slice(b"trailer\n");
    let mut trailer = renumbered(file.trailer, &file.trailer_refs, &new_number)?;
    let (start, end) = find_size(&trailer)?;
    trailer.splice(start..end, (order.len() + 1).to_string().bytes());
    out.extend_from_slice(&trailer);
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF").as_bytes());
    Some(out)
}

/// One indirect object: its number, its bytes after `N G obj` up to and including `endobj`, and
/// where in those bytes it refers to other objects.
struct Object<'a> {
    number: u32,
    body: &'a [u8],
    refs: Vec<Reference>,
}

/// The object number of one `N G R` reference: its byte span in the bytes it was read from,
/// and the number.
#[derive(Clone, Copy)]
struct Reference {
    start: usize,
    end: usize,
    target: u32,
}

/// A PDF file taken apart: what comes before the first object, the objects in file order, and
/// the trailer dictionary with its references.
struct File<'a> {
    header: &'a [u8],
    objects: Vec<Object<'a>>,
    trailer: &'a [u8],
    trailer_refs: Vec<Reference>,
}

impl<'a> File<'a> {
    fn parse(pdf: &'a [u8]) -> Option<Self> {
        let first = first_object(pdf)?;
        let mut objects = Vec::new();
        let mut at = first;
        loop {
            at = skip_space(pdf, at);
            if pdf.get(at..)?.starts_with(b"xref") {
                break;
            }
            let (number, after_header) = object_header(pdf, at)?;
            let scan = scan(pdf, after_header, Until::EndObj)?;
            objects.push(Object {
                number,
                body: &pdf[after_header..scan.end],
                refs: shifted(scan.refs, after_header),
            });
            at = scan.end;
        }
        let trailer_at = find(pdf, b"trailer", at)? + b"trailer".len();
        let trailer_at = skip_space(pdf, trailer_at);
        let scan = scan(pdf, trailer_at, Until::DictEnd)?;
        let trailer = &pdf[trailer_at..scan.end];
        Some(File {
            header: &pdf[..first],
            objects,
            trailer,
            trailer_refs: shifted(scan.refs, trailer_at),
        })
    }
}

/// The old numbers of all objects in the order of the walk: breadth-first from the trailer's
/// references in the order they are written, then whatever the walk did not reach, by number.
fn walk(file: &File) -> Option<Vec<u32>> {
    let refs: HashMap<u32, &[Reference]> = file
        .objects
        .iter()
        .map(|o| (o.number, o.refs.as_slice()))
        .collect();
    if refs.len() != file.objects.len() {
        return None;
    }
    let mut seen: HashMap<u32, ()> = HashMap::with_capacity(refs.len());
    let mut order = Vec::with_capacity(refs.len());
    let mut queue: VecDeque<u32> = file.trailer_refs.iter().map(|r| r.target).collect();
    while let Some(number) = queue.pop_front() {
        let children = refs.get(&number)?;
        if seen.insert(number, ()).is_some() {
            continue;
        }
        order.push(number);
        queue.extend(children.iter().map(|r| r.target));
    }
    let mut rest: Vec<u32> = refs
        .keys()
        .copied()
        .filter(|n| !seen.contains_key(n))
        .collect();
    rest.sort_unstable();
    order.extend(rest);
    Some(order)
}

/// `bytes` with each reference's number replaced by its new one.
fn renumbered(bytes: &[u8], refs: &[Reference], new: &HashMap<u32, u32>) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut at = 0;
    for r in refs {
        out.extend_from_slice(&bytes[at..r.start]);
        out.extend_from_slice(new.get(&r.target)?.to_string().as_bytes());
        at = r.end;
    }
    out.extend_from_slice(&bytes[at..]);
    Some(out)
}

fn shifted(refs: Vec<Reference>, by: usize) -> Vec<Reference> {
    refs.into_iter()
        .map(|r| Reference {
            start: r.start - by,
            end: r.end - by,
            target: r.target,
        })
        .collect()
}

/// The span of the trailer's `/Size` value.
fn find_size(trailer: &[u8]) -> Option<(usize, usize)> {
    let key = find(trailer, b"/Size", 0)? + b"/Size".len();
    let start = skip_space(trailer, key);
    let end = start
        + trailer[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    (end > start).then_some((start, end))
}

/// Where the first `N G obj` starts: after the `%PDF-` line and the binary-marker comment.
fn first_object(pdf: &[u8]) -> Option<usize> {
    if !pdf.starts_with(b"%PDF-") {
        return None;
    }
    let mut at = 0;
    while pdf.get(at) == Some(&b'%') {
        at = find(pdf, b"\n", at)? + 1;
    }
    Some(skip_space(pdf, at))
}

/// The number of the object whose header `N G obj` starts at `at`, and where its body starts.
fn object_header(pdf: &[u8], at: usize) -> Option<(u32, usize)> {
    let (number, at) = integer(pdf, at)?;
    let (_generation, at) = integer(pdf, skip_space(pdf, at))?;
    let at = skip_space(pdf, at);
    pdf.get(at..)?
        .starts_with(b"obj")
        .then_some((number, at + b"obj".len()))
}

fn integer(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let len = bytes
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let text = std::str::from_utf8(&bytes[at..at + len]).ok()?;
    Some((text.parse().ok()?, at + len))
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| is_space(*b)) {
        at += 1;
    }
    at
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn find(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Where a [`scan`] stops.
enum Until {
    /// After the `endobj` keyword of an object's body.
    EndObj,
    /// After the `>>` that closes the dictionary the scan starts at (the trailer).
    DictEnd,
}

/// What a [`scan`] found: the references outside strings and stream data, and where it ended.
struct Scan {
    refs: Vec<Reference>,
    end: usize,
}

/// Reads PDF tokens from `at`: strings (with nesting and escapes), hex strings, names,
/// numbers, keywords, and stream data skipped by its `/Length`; collects the `N G R`
/// references.
fn scan(pdf: &[u8], mut at: usize, until: Until) -> Option<Scan> {
    let mut refs = Vec::new();
    // The last two integers read, with their spans, for `N G R`.
    let mut last: [Option<(u32, usize, usize)>; 2] = [None, None];
    let mut depth = 0usize;
    let mut length: Option<usize> = None;
    let mut after_length_key = false;
    loop {
        at = skip_space(pdf, at);
        let b = *pdf.get(at)?;
        let start = at;
        let mut integer_token = None;
        let mut length_key = false;
        match b {
            b'(' => at = string_end(pdf, at)?,
            b'<' if pdf.get(at + 1) == Some(&b'<') => {
                depth += 1;
                at += 2;
            }
            b'>' if pdf.get(at + 1) == Some(&b'>') => {
                depth = depth.checked_sub(1)?;
                at += 2;
                if depth == 0 && matches!(until, Until::DictEnd) {
                    return Some(Scan { refs, end: at });
                }
            }
            b'<' => at = find(pdf, b">", at)? + 1,
            b'[' | b']' | b'{' | b'}' => at += 1,
            b'/' => {
                at += 1;
                while pdf
                    .get(at)
                    .is_some_and(|c| !is_space(*c) && !is_delimiter(*c))
                {
                    at += 1;
                }
                length_key = depth == 1 && &pdf[start..at] == b"/Length";
            }
            b'%' => at = find(pdf, b"\n", at)?,
            _ => {
                while pdf
                    .get(at)
                    .is_some_and(|c| !is_space(*c) && !is_delimiter(*c))
                {
                    at += 1;
                }
                if at == start {
                    return None;
                }
                let word = &pdf[start..at];
                if word.iter().all(u8::is_ascii_digit) {
                    let value = std::str::from_utf8(word).ok()?.parse::<u32>().ok()?;
                    integer_token = Some((value, start, at));
                    if after_length_key && length.is_none() {
                        length = Some(value as usize);
                    }
                } else if word == b"R" {
                    if let [Some((target, s, e)), Some(_)] = last {
                        refs.push(Reference {
                            start: s,
                            end: e,
                            target,
                        });
                    }
                } else if word == b"stream" {
                    let data = match pdf.get(at..at + 2)? {
                        [b'\r', b'\n'] => at + 2,
                        [b'\n', _] => at + 1,
                        _ => return None,
                    };
                    at = skip_space(pdf, data.checked_add(length?)?);
                    if !pdf.get(at..)?.starts_with(b"endstream") {
                        return None;
                    }
                    at += b"endstream".len();
                } else if word == b"endobj" && matches!(until, Until::EndObj) {
                    return Some(Scan { refs, end: at });
                }
            }
        }
        after_length_key = length_key;
        last = match integer_token {
            Some(token) => [last[1], Some(token)],
            None => [None, None],
        };
    }
}

/// Where the literal string starting at `at` (its `(`) ends, after its `)`.
fn string_end(pdf: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match *pdf.get(at)? {
            b'\\' => at += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF in pdf-writer's layout with the given objects (number, body after `obj`),
    /// the trailer pointing at `root`.
    fn pdf(objects: &[(u32, &str)], root: u32) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = vec![(0u32, 0usize); 0];
        for (n, body) in objects {
            offsets.push((*n, out.len()));
            out.extend_from_slice(format!("{n} 0 obj\n{body}\nendobj\n\n").as_bytes());
        }
        offsets.sort();
        let xref = out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f\r\n", offsets.len() + 1);
        for (_, offset) in offsets {
            let _ = write!(table, "{offset:010} 00000 n\r\n");
        }
        out.extend_from_slice(table.as_bytes());
        out.extend_from_slice(
            format!(
                "trailer\n<<\n  /Size {}\n  /Root {root} 0 R\n>>\nstartxref\n{xref}\n%%EOF",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn stream(data: &str) -> String {
        format!(
            "<<\n  /Length {}\n>>\nstream\n{data}\nendstream",
            data.len()
        )
    }

    #[test]
    fn two_numberings_of_the_same_fonts_give_the_same_bytes() {
        let font_a = stream("font A 9 0 R (");
        let font_b = stream("font B )");
        let first = pdf(
            &[
                (1, "<<\n  /Type /Catalog\n  /Fonts [2 0 R 3 0 R]\n>>"),
                (2, "<<\n  /Name (A \\) 5 0 R)\n  /File 10 0 R\n>>"),
                (3, "<<\n  /File 11 0 R\n>>"),
                (10, &font_a),
                (11, &font_b),
            ],
            1,
        );
        let second = pdf(
            &[
                (3, "<<\n  /File 10 0 R\n>>"),
                (1, "<<\n  /Type /Catalog\n  /Fonts [2 0 R 3 0 R]\n>>"),
                (2, "<<\n  /Name (A \\) 5 0 R)\n  /File 11 0 R\n>>"),
                (11, &font_a),
                (10, &font_b),
            ],
            1,
        );
        assert_ne!(first, second);
        let (Some(a), Some(b)) = (canonical(&first), canonical(&second)) else {
            panic!("both parse");
        };
        assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        let text = String::from_utf8_lossy(&a);
        assert!(text.contains("/Fonts [2 0 R 3 0 R]"), "{text}");
        assert!(text.contains("(A \\) 5 0 R)"), "strings untouched: {text}");
        assert!(text.contains("font A 9 0 R ("), "streams untouched: {text}");
        assert!(text.contains("/Size 6\n"), "{text}");
        assert_eq!(
            canonical(&a).as_deref(),
            Some(a.as_slice()),
            "a fixed point"
        );
    }

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let file = pdf(
            &[
                (7, "<<\n  /Kids [3 0 R]\n>>"),
                (3, &stream("x")),
                (9, "(unreached)"),
            ],
            7,
        );
        let Some(out) = canonical(&file) else {
            panic!("parses");
        };
        let text = String::from_utf8_lossy(&out).to_string();
        let xref = text.find("\nxref\n").map_or(0, |at| at + 1);
        let xref_bytes = find(&out, b"\nxref\n", 0).map_or(0, |at| at + 1);
        let entries: Vec<usize> = text[xref..]
            .lines()
            .skip(3)
            .take(3)
            .filter_map(|l| l.split(' ').next()?.parse().ok())
            .collect();
        for (i, offset) in entries.iter().enumerate() {
            // Offsets count bytes: the binary marker is not text.
            let header = format!("{} 0 obj", i + 1);
            assert!(out[*offset..].starts_with(header.as_bytes()), "{text}");
        }
        assert!(
            text.ends_with(&format!("startxref\n{xref_bytes}\n%%EOF")),
            "{text}"
        );
        assert!(text.contains("3 0 obj\n(unreached)"), "{text}");
    }

    #[test]
    fn what_is_not_plain_pdf_writer_output_is_refused() {
        assert!(canonical(b"not a pdf").is_none());
        assert!(canonical(b"%PDF-1.7\n1 0 obj\n<< /Length 99 >>\nstream\nshort").is_none());
    }
}
