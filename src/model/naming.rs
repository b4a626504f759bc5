//! The one way names typed on stickies become identifiers, file names and channel names.
//!
//! Every exporter and the model check go through here, so "Order Placed" is `OrderPlaced`,
//! `order_placed` and `order-placed` everywhere, and two names that collide do so for all of
//! them at once. Output is ASCII: accented Latin letters lose their accents (`Café` ->
//! `cafe`), other letters become `u` and their code point in hex (so `注文` stays distinct
//! and deterministic), and everything that is neither letter nor digit separates words.

use std::collections::{HashMap, HashSet};

/// The words of a name, lower case ASCII. Splits at spaces and punctuation, and inside
/// `camelCase` and `HTTPServer` (`http`, `server`).
pub fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    // Case of the previous letter kept, to split `orderId` and `HTTPServer`.
    let mut prev_upper = false;
    let mut prev_lower_or_digit = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut words, &mut current);
            prev_upper = false;
            prev_lower_or_digit = false;
            continue;
        }
        let upper = c.is_uppercase();
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        if upper && (prev_lower_or_digit || (prev_upper && next_lower)) {
            flush(&mut words, &mut current);
        }
        push_ascii(&mut current, c);
        prev_upper = upper;
        prev_lower_or_digit = c.is_lowercase() || c.is_ascii_digit();
    }
    flush(&mut words, &mut current);
    words
}

fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

/// Appends `c` lower-cased as ASCII: itself, its unaccented form, or `u` + hex code point.
fn push_ascii(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    match unaccented(lower) {
        Some(plain) => out.push_str(plain),
        None => {
            use std::fmt::Write;
            let _ = write!(out, "u{:x}", lower as u32);
        }
    }
}

/// The plain Latin spelling of common accented letters.
pub(crate) fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The word used when a name has no letter or digit at all (`"🎉"`).
const UNNAMED: &str = "unnamed";

fn words_or_unnamed(text: &str) -> Vec<String> {
    let w = words(text);
    if w.is_empty() {
        vec![UNNAMED.to_owned()]
    } else {
        w
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `OrderPlaced`: type names.
pub fn pascal(text: &str) -> String {
    words_or_unnamed(text)
        .iter()
        .map(|w| capitalised(w))
        .collect()
}

/// `orderPlaced`: fields and variables.
pub fn camel(text: &str) -> String {
    let words = words_or_unnamed(text);
    let mut out = words[0].clone();
    for w in &words[1..] {
        out.push_str(&capitalised(w));
    }
    out
}

/// `order_placed`: modules, Python and Rust functions.
pub fn snake(text: &str) -> String {
    words_or_unnamed(text).join("_")
}

/// How a board writes its field names, so a suggested name fits in: `orderId` or
/// `order_id`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FieldStyle {
    /// `mapUrl`: the default.
    #[default]
    Camel,
    /// `map_url`.
    Snake,
}

impl FieldStyle {
    /// The style most of `names` are written in. A name of letters, digits and `_` counts as
    /// snake_case when it has a `_` and no capital, as camelCase when it has a capital after
    /// its first letter and no `_`; one-word names count for neither. camelCase when no name
    /// counts or the two are tied.
    pub fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let (mut snake, mut camel) = (0usize, 0usize);
        for name in names {
            if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let underscore = name.contains('_');
            if underscore && !name.chars().any(char::is_uppercase) {
                snake += 1;
            } else if !underscore && name.chars().skip(1).any(char::is_uppercase) {
                camel += 1;
            }
        }
        if snake > camel {
            FieldStyle::Snake
        } else {
            FieldStyle::Camel
        }
    }

    /// `text` as a field name in this style.
    pub fn name(self, text: &str) -> String {
        match self {
            FieldStyle::Camel => camel(text),
            FieldStyle::Snake => snake(text),
        }
    }
}

/// `ORDER_PLACED`: constants.
pub fn constant(text: &str) -> String {
    snake(text).to_ascii_uppercase()
}

/// `order-placed`: file names, channel names, EventCatalog ids.
pub fn kebab(text: &str) -> String {
    words_or_unnamed(text).join("-")
}

/// `order-placed`, or `fallback` for a name without a letter or digit (a file name proposed
/// for an untitled board).
pub fn kebab_or(text: &str, fallback: &str) -> String {
    let w = words(text);
    if w.is_empty() {
        fallback.to_owned()
    } else {
        w.join("-")
    }
}

/// A text on one line, every run of whitespace (line breaks too) one space, none at the ends:
/// how a sticky's text is quoted in findings and named in exports and documents.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `name` if it is at most `max` bytes long, else its first bytes and a hash of the whole
/// (`sep` between, the hash in upper case when `upper`): deterministic, and two long names
/// that share their beginning stay apart. For identifiers, which also name files, and
/// file systems allow 255 bytes a name. `name` is ASCII, as every name this module makes.
pub fn within(name: &str, max: usize, sep: &str, upper: bool) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    // FNV-1a: stable across Rust versions and platforms, unlike the standard hasher.
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let hash = if upper {
        format!("{hash:08X}")
    } else {
        format!("{hash:08x}")
    };
    let keep = max.saturating_sub(hash.len() + sep.len());
    let prefix: String = name.chars().take(keep).collect();
    format!("{}{sep}{hash}", prefix.trim_end_matches(['_', '-', '.']))
}

/// Names Windows reserves for devices, in any letter case and with any extension (`aux`,
/// `CON`, `nul.txt`, `com1.rs`): no file or folder may be called so. The export writer
/// refuses them as a last line of defence; [`Unique`] and every language's identifiers never
/// hand them out.
pub fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let (prefix, digit) = upper.split_at(upper.len().min(3));
            (prefix == "COM" || prefix == "LPT")
                && digit.len() == 1
                && digit.chars().all(|c| c.is_ascii_digit())
        }
    }
}

/// Hands out names that are unique within one scope (one folder, one module): the second
/// `order-placed` becomes `order-placed-2`. Deterministic as long as names are claimed in a
/// deterministic order. Comparison ignores ASCII case, so files stay distinct on
/// case-insensitive file systems too, and a Windows device name ([`is_windows_device`]) is
/// always taken (`aux` becomes `aux-2`).
#[derive(Debug, Default)]
pub struct Unique {
    taken: HashSet<String>,
    /// Per name and separator (lowercased) claimed with [`Unique::claim`], the number its
    /// search goes on from: every lower one is taken (names are never given back), so the
    /// hundredth `order-placed` does not try the 99 before it again.
    next_number: HashMap<(String, String), usize>,
}

impl Unique {
    /// A scope where nothing is taken yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where `reserved` names (a language's keywords, say) are already taken.
    pub fn reserving<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: reserved.into_iter().map(str::to_ascii_lowercase).collect(),
            next_number: HashMap::new(),
        }
    }

    /// `name` if it is free, else `name` + `sep` + the first free number from 2.
    pub fn claim(&mut self, name: String, sep: &str) -> String {
        let key = (name.to_ascii_lowercase(), sep.to_ascii_lowercase());
        let from = self.next_number.get(&key).copied().unwrap_or(2);
        let first = (from == 2).then(|| name.clone());
        let mut last = from;
        let numbered = (from..).map(|n| {
            last = n;
            format!("{name}{sep}{n}")
        });
        let claimed = self
            .claim_first(first.into_iter().chain(numbered), |_| true)
            .unwrap_or(name);
        self.next_number.insert(key, last);
        claimed
    }

    /// The first of `candidates` that is free and `usable` (not a reserved word, say), now
    /// taken; `None` only when `candidates` run out.
    pub fn claim_first(
        &mut self,
        candidates: impl IntoIterator<Item = String>,
        usable: impl Fn(&str) -> bool,
    ) -> Option<String> {
        candidates.into_iter().find(|candidate| {
            !is_windows_device(candidate)
                && usable(candidate)
                && self.taken.insert(candidate.to_ascii_lowercase())
        })
    }

    /// Marks `name` as taken, whoever uses it (a name the templates write themselves).
    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_ascii_lowercase());
    }
}

/// The longest file or folder name (in bytes) an export makes from a name, before a
/// collision number: far below the 255 bytes file systems allow, so suffixes (`-2`,
/// `.asyncapi.yaml`) fit, and paths stay short enough for Windows.
pub const MAX_FILE_STEM: usize = 80;

/// A name (already an identifier, kebab- or PascalCase) short enough to be a file or folder
/// name: itself when it has at most [`MAX_FILE_STEM`] bytes, else its start and `-` and a
/// hash of all of it (8 hex digits), so two long names that start alike stay apart and the
/// same name always gives the same file. The full name stays in the file's contents.
pub fn file_stem(name: String) -> String {
    within(&name, MAX_FILE_STEM, "-", false)
}

/// Text shown literally in Markdown (CommonMark and GitHub's tables), on one line: `<`, `>`
/// and `&` as entities, so no raw HTML, comment or autolink can start; the characters of
/// emphasis, code, links, headings and table cells backslash-escaped. Every Markdown output
/// (the `markdown` export and the READMEs written with code stubs) escapes names through this.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '#' | '\\' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Text shown literally in XML (the SVG pictures of the board), in element content and in
/// attribute values alike: `&`, `<`, `>`, `"` and `'` as entities, and the characters XML 1.0
/// does not allow (control characters, U+FFFE, U+FFFF) as U+FFFD. Every name that goes into
/// a picture is escaped through this, so no name can close an element or start a script.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_identifiers_in_every_case() {
        assert_eq!(pascal("Order Placed"), "OrderPlaced");
        assert_eq!(camel("Order Placed"), "orderPlaced");
        assert_eq!(snake("order-placed"), "order_placed");
        assert_eq!(kebab("orderPlaced"), "order-placed");
        assert_eq!(constant("Order placed!"), "ORDER_PLACED");
        assert_eq!(kebab("HTTPServer started"), "http-server-started");
        assert_eq!(snake("Payment v2 Received"), "payment_v2_received");
    }

    #[test]
    fn unicode_becomes_ascii_deterministically() {
        assert_eq!(pascal("Café Crème Ordered"), "CafeCremeOrdered");
        assert_eq!(kebab("Straße gesperrt"), "strasse-gesperrt");
        assert_eq!(kebab("注文"), "u6ce8u6587");
        assert_eq!(kebab("🎉 Party 🎉"), "party");
        assert_eq!(kebab_or("🎉", "board"), "board");
        assert_eq!(kebab_or("Order Placed", "board"), "order-placed");
        assert_eq!(pascal("🎉"), "Unnamed");
        assert_eq!(snake("\"quoted\" */ name"), "quoted_name");
    }

    #[test]
    fn a_sticky_written_on_three_lines_is_named_on_one() {
        assert_eq!(
            one_line("  Order\n  Placed \t again "),
            "Order Placed again"
        );
        assert_eq!(one_line(" \n "), "");
    }

    #[test]
    fn names_that_collide_after_case_conversion_get_numbers() {
        let mut scope = Unique::new();
        assert_eq!(scope.claim(pascal("Order Placed"), ""), "OrderPlaced");
        assert_eq!(scope.claim(pascal("order-placed"), ""), "OrderPlaced2");
        assert_eq!(scope.claim("OrderPlaced2".into(), ""), "OrderPlaced22");
        let mut files = Unique::reserving(["index"]);
        assert_eq!(files.claim("index".into(), "-"), "index-2");
    }

    #[test]
    fn a_board_s_field_style_is_the_one_most_of_its_names_use() {
        let style = |names: &[&str]| FieldStyle::of(names.iter().copied());
        assert_eq!(
            style(&["order_id", "total", "delivery_fee"]),
            FieldStyle::Snake
        );
        assert_eq!(
            style(&["orderId", "total", "order_id", "mapUrl"]),
            FieldStyle::Camel
        );
        assert_eq!(
            style(&["total", "id", "Order_Id", "map url"]),
            FieldStyle::Camel
        );
        assert_eq!(style(&["order_id", "orderId"]), FieldStyle::Camel, "a tie");
        assert_eq!(FieldStyle::Snake.name("Map URL"), "map_url");
        assert_eq!(FieldStyle::Camel.name("Map URL"), "mapUrl");
    }

    #[test]
    fn long_names_are_shortened_with_a_hash_of_the_whole() {
        let long = snake(&"context ".repeat(40));
        let short = within(&long, 80, "_", false);
        assert_eq!(short.len(), 80);
        assert!(short.starts_with("context_context_"), "{short}");
        assert_ne!(short, within(&format!("{long}_2"), 80, "_", false));
        assert_eq!(short, within(&long, 80, "_", false));
        assert_eq!(within("OrderPlaced", 80, "", false), "OrderPlaced");
    }

    #[test]
    fn windows_device_names_are_never_handed_out() {
        for device in ["aux", "CON", "nul.txt", "com1", "LPT9", "prn.rs", "Aux"] {
            assert!(is_windows_device(device), "{device}");
        }
        for fine in [
            "auxiliary",
            "com",
            "com10",
            "lpt",
            "aux_",
            "console",
            "nul-2",
        ] {
            assert!(!is_windows_device(fine), "{fine}");
        }
        let mut scope = Unique::new();
        assert_eq!(scope.claim(kebab("Aux"), "-"), "aux-2");
        assert_eq!(scope.claim(kebab("aux"), "-"), "aux-3");
        assert_eq!(scope.claim(snake("COM 1"), "_"), "com_1");
    }

    #[test]
    fn a_long_name_becomes_a_short_file_name_that_keeps_it_apart() {
        assert_eq!(file_stem("order-placed".into()), "order-placed");
        let long = "a-very-long-context-name-".repeat(12);
        let stem = file_stem(long.clone());
        assert_eq!(stem.len(), MAX_FILE_STEM);
        assert!(stem.starts_with("a-very-long-context-name-a-very"));
        assert_eq!(
            stem,
            file_stem(long.clone()),
            "the same name, the same file"
        );
        assert_ne!(
            stem,
            file_stem(format!("{long}x")),
            "a different name, another file"
        );
    }

    #[test]
    fn markdown_shows_html_and_marks_as_typed() {
        assert_eq!(markdown("<script>"), "&lt;script&gt;");
        assert_eq!(
            markdown("*em* [a](b) `c` R&D"),
            "\\*em\\* \\[a\\](b) \\`c\\` R&amp;D"
        );
        assert_eq!(markdown("a | b\nc"), "a \\| b c");
    }
}
