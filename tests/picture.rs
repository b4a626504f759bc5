//! Pictures of the board (SVG, PNG, PDF) checked by real readers: every SVG parsed back by
//! usvg, every PNG compared with a reference image in `tests/golden/pictures/` within a small
//! tolerance (`UPDATE_GOLDEN=1 cargo test --test picture` writes them anew; a mismatch leaves
//! `*.new.png` and `*.diff.png` beside the reference), every PDF checked by `qpdf --check` and
//! `pdfinfo` and its text read back by `pdftotext` (poppler-utils, installed by
//! `scripts/setup-system pictures`).

use std::path::{Path, PathBuf};
use std::process::Command;

use stormpad::export::picture::{self, Format, Options, Scope};
use stormpad::file;
use stormpad::model::{Board, Boundary, BoundaryKind, Kind, Point, Rect, Size, Sticky};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The samples and the hard boards.
fn boards() -> Vec<PathBuf> {
    let mut boards: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    boards.push(root().join("tests/boards/hard.storm.ron"));
    boards.push(root().join("tests/boards/names.storm.ron"));
    boards.sort();
    boards
}

fn stem(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().replace(".storm.ron", ""))
        .unwrap_or_default()
}

fn load(path: &Path) -> Board {
    match file::read(path) {
        Ok(loaded) => loaded.board,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// The one file a picture export makes.
fn picture_of(board: &Board, format: Format, options: &Options) -> Result<Vec<u8>> {
    let mut files = picture::export(board, format, options)?;
    assert_eq!(files.len(), 1);
    Ok(files.remove(0).contents)
}

fn svg_of(board: &Board) -> Result<String> {
    Ok(String::from_utf8(picture_of(
        board,
        Format::Svg,
        &Options::default(),
    )?)?)
}

/// Width, height and RGBA pixels of a PNG.
fn decode(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>)> {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info()?;
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels)?;
    pixels.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgba, "RGBA pictures");
    Ok((info.width, info.height, pixels))
}

fn encode(w: u32, h: u32, pixels: &[u8], path: &Path) -> Result {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut encoder = png::Encoder::new(file, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(pixels)?;
    Ok(())
}

/// Compares a PNG with its reference: same size, and at most 0.5% of the pixels differ by
/// more than 24 in a channel (font rasterising may move by a fraction of a pixel between
/// library versions). Writes `*.new.png` and `*.diff.png` beside it on a mismatch.
fn assert_matches_golden(name: &str, png: &[u8]) -> Result {
    let golden = root()
        .join("tests/golden/pictures")
        .join(format!("{name}.png"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() || !golden.exists() {
        std::fs::write(&golden, png)?;
        if std::env::var_os("UPDATE_GOLDEN").is_none() {
            panic!(
                "{}: no reference image yet; written, look at it",
                golden.display()
            );
        }
        return Ok(());
    }
    let (w, h, new) = decode(png)?;
    let (gw, gh, old) = decode(&std::fs::read(&golden)?)?;
    let new_path = golden.with_extension("new.png");
    if (w, h) != (gw, gh) {
        std::fs::write(&new_path, png)?;
        panic!(
            "{name}: {w}x{h} instead of {gw}x{gh} (see {})",
            new_path.display()
        );
    }
    let mut diff = vec![0u8; new.len()];
    let mut differing = 0usize;
    for (i, (a, b)) in new.chunks(4).zip(old.chunks(4)).enumerate() {
        let off = a.iter().zip(b).any(|(x, y)| x.abs_diff(*y) > 24);
        if off {
            differing += 1;
        }
        let v = if off {
            [255, 0, 0, 255]
        } else {
            [b[0] / 3, b[1] / 3, b[2] / 3, 255]
        };
        diff[i * 4..i * 4 + 4].copy_from_slice(&v);
    }
    let total = (w * h) as usize;
    if differing * 200 > total {
        std::fs::write(&new_path, png)?;
        encode(w, h, &diff, &golden.with_extension("diff.png"))?;
        panic!(
            "{name}: {differing} of {total} pixels differ from {} (see {} and the .diff.png)",
            golden.display(),
            new_path.display()
        );
    }
    Ok(())
}

/// How many pixels are not the canvas background.
fn inked(pixels: &[u8]) -> usize {
    pixels
        .chunks(4)
        .filter(|p| p[..3] != [0xF4, 0xF2, 0xEE])
        .count()
}

/// Runs a tool, panicking with its output when it fails; returns its stdout.
fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e} (run scripts/setup-system pictures)"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_board_makes_an_svg_usvg_reads_and_a_png_like_its_reference() -> Result {
    for path in boards() {
        let board = load(&path);
        let svg = svg_of(&board)?;
        let tree = picture::parse(&svg)?;
        assert!(tree.size().width() > 100.0, "{}", path.display());
        for s in board.stickies.values().filter(|s| !s.text.is_empty()) {
            // A word wider than its sticky is broken: its start is on the first line.
            let first: String = s.text.trim_start().chars().take(2).collect();
            let escaped = stormpad::model::naming::xml(&first);
            assert!(
                svg.contains(&escaped),
                "{}: {first:?} as text",
                path.display()
            );
        }
        let options = Options {
            scale: 0.5,
            ..Options::default()
        };
        let png = picture_of(&board, Format::Png, &options)?;
        let (w, h, pixels) = decode(&png)?;
        assert_eq!(w, (tree.size().width() * 0.5).ceil() as u32);
        assert_eq!(h, (tree.size().height() * 0.5).ceil() as u32);
        assert!(
            inked(&pixels) > pixels.len() / 4 / 20,
            "{}: blank",
            path.display()
        );
        assert_matches_golden(&stem(&path), &png)?;
    }
    Ok(())
}

#[test]
fn every_board_makes_a_pdf_that_qpdf_and_pdfinfo_accept_with_its_names_as_text() -> Result {
    let dir = tempfile::tempdir()?;
    for path in boards() {
        let board = load(&path);
        let pdf = picture_of(&board, Format::Pdf, &Options::default())?;
        let file = dir.path().join(format!("{}.pdf", stem(&path)));
        std::fs::write(&file, pdf)?;
        let file = file.to_string_lossy();
        run("qpdf", &["--check", &file]);
        let info = run("pdfinfo", &[&file]);
        let pages = info.lines().find_map(|l| l.strip_prefix("Pages:"));
        assert_eq!(pages.map(str::trim), Some("1"), "{info}");
        let text = run("pdftotext", &["-enc", "UTF-8", &file, "-"]);
        let words: String = text.split_whitespace().collect();
        // Names in scripts the embedded fonts lack (CJK) have no glyphs to write: the canvas
        // shows boxes for them, and the PDF leaves them out.
        for s in board.stickies.values().filter(|s| s.text.len() > 3) {
            let first: String = s.text.split_whitespace().take(1).collect();
            if !first.is_ascii() {
                continue;
            }
            assert!(
                words.contains(&first),
                "{}: {first:?} in {text}",
                path.display()
            );
        }
    }
    Ok(())
}

#[test]
fn the_hard_board_shows_its_unicode_names_and_escapes_its_hostile_ones() -> Result {
    let board = load(&root().join("tests/boards/hard.storm.ron"));
    let svg = svg_of(&board)?;
    picture::parse(&svg)?;
    assert!(svg.contains(">注文確定<"), "CJK as text");
    assert!(svg.contains("🎉"), "emoji in the title");
    assert!(!svg.contains("<script"), "no element from a name");
    // Sticky text is wrapped: each line is its own text element.
    assert!(svg.contains(">Browser<"), "{svg}");
    assert!(svg.contains("&lt;script&gt;"));
    assert!(svg.contains("&quot;quoted&quot;"));
    // The CJK sticky is drawn: its text is not lost (Ubuntu has no CJK glyphs; the canvas
    // shows the same boxes, egui has no other font).
    let png = picture_of(&board, Format::Png, &Options::default())?;
    let (_, _, pixels) = decode(&png)?;
    assert!(inked(&pixels) > 0);
    Ok(())
}

/// A board whose names are everything XML and SVG can trip over.
fn hostile_board() -> Board {
    let mut board = Board::new(r#"Title "q" 'a' <svg onload=alert(1)> & ]]> <!-- --> "#);
    let names = [
        r#""><script>alert(1)</script>"#,
        "Tom & Jerry's <b>",
        "שלום עולם مرحبا",
        "CON",
        "\u{202E}evil\u{202C} rtl override",
        "bell\u{7} and nul\u{0} inside",
        "",
    ];
    for (i, name) in names.iter().enumerate() {
        let kind = Kind::ALL[i % Kind::ALL.len()];
        let pos = Point::new(i as f32 * 220.0, 60.0);
        board
            .stickies
            .insert(stormpad::model::Id::random(), Sticky::new(kind, *name, pos));
    }
    let rect = Rect::new(Point::new(-20.0, 0.0), Size::new(1700.0, 300.0));
    board.boundaries.insert(
        stormpad::model::Id::random(),
        Boundary::new(BoundaryKind::Context, r#"</text><script>x</script>"#, rect),
    );
    board
}

#[test]
fn hostile_names_stay_text_in_svg_and_pdf() -> Result {
    let board = hostile_board();
    let svg = svg_of(&board)?;
    let tree = picture::parse(&svg)?;
    assert!(tree.size().width() > 1000.0);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains("<svg onload"));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("Tom &amp; "), "{svg}");
    assert!(svg.contains("Jerry&apos;s"));
    assert!(svg.contains("&lt;b&gt;"));
    // Right-to-left text stays text. egui's fonts have no Hebrew glyphs, so each letter is as
    // wide as the box drawn in its place and the narrow actor sticky shows the first three.
    assert!(svg.contains("שלו"), "{svg}");
    assert!(
        !svg.contains('\u{7}') && !svg.contains('\u{0}'),
        "no control characters"
    );
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("hostile.pdf");
    std::fs::write(&file, picture_of(&board, Format::Pdf, &Options::default())?)?;
    run("qpdf", &["--check", &file.to_string_lossy()]);
    let png = picture_of(&board, Format::Png, &Options::default())?;
    decode(&png)?;
    Ok(())
}

#[test]
fn a_context_alone_shows_its_stickies_and_a_wrong_name_says_which_there_are() -> Result {
    let board = load(&root().join("samples/food-delivery-design.storm.ron"));
    let (id, context) = board
        .boundaries
        .iter()
        .find(|(_, b)| b.kind == BoundaryKind::Context)
        .ok_or("a context")?;
    let options = Options {
        scope: Scope::Context(context.name.to_uppercase()),
        ..Options::default()
    };
    let files = picture::export(&board, Format::Svg, &options)?;
    assert!(files[0].path.ends_with(".svg"), "{}", files[0].path);
    let svg = String::from_utf8(files[0].contents.clone())?;
    let inside: Vec<&Sticky> = board
        .stickies
        .iter()
        .filter(|(s, _)| board.context_of(**s) == Some(*id))
        .map(|(_, s)| s)
        .collect();
    assert!(!inside.is_empty());
    let texts = svg.matches("<text").count();
    let whole = svg_of(&board)?.matches("<text").count();
    assert!(texts < whole, "{texts} of {whole} texts");
    let wrong = Options {
        scope: Scope::Context("Nowhere".into()),
        ..Options::default()
    };
    let error = picture::export(&board, Format::Png, &wrong)
        .err()
        .ok_or("an error")?
        .to_string();
    assert!(
        error.contains("Nowhere") && error.contains(&context.name),
        "{error}"
    );
    Ok(())
}

#[test]
fn the_cli_writes_pictures_with_scale_and_context() -> Result {
    let dir = tempfile::tempdir()?;
    let sample = root().join("samples/food-delivery-design.storm.ron");
    let board = load(&sample);
    let context = board
        .boundaries
        .values()
        .find(|b| b.kind == BoundaryKind::Context)
        .ok_or("a context")?;
    let out = dir.path().to_string_lossy().into_owned();
    let exe = env!("CARGO_BIN_EXE_stormpad");
    let sample = sample.to_string_lossy();
    for to in ["svg", "png", "pdf"] {
        run(
            exe,
            &[
                "export", &sample, "--to", to, "--out", &out, "--scale", "0.5",
            ],
        );
    }
    run(
        exe,
        &[
            "export",
            &sample,
            "--to",
            "png",
            "--out",
            &out,
            "--context",
            &context.name,
        ],
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    let failed = Command::new(exe)
        .args([
            "export",
            &sample,
            "--to",
            "svg",
            "--out",
            &out,
            "--context",
            "Nowhere",
        ])
        .output()?;
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("Nowhere"));
    let failed = Command::new(exe)
        .args([
            "export", &sample, "--to", "png", "--out", &out, "--scale", "0",
        ])
        .output()?;
    assert_eq!(failed.status.code(), Some(1));
    Ok(())
}

#[test]
fn a_poster_of_a_thousand_stickies_at_300_dpi_renders() -> Result {
    let board = stormpad::model::generate::board(1000, 7);
    let options = Options {
        scale: 300.0 / 96.0,
        ..Options::default()
    };
    let png = picture_of(&board, Format::Png, &options)?;
    let mut decoder = png::Decoder::new(&png[..]);
    decoder.set_transformations(png::Transformations::EXPAND);
    let info = decoder.read_info()?.info().clone();
    let tree = picture::parse(&svg_of(&board)?)?;
    assert_eq!(
        info.width,
        (tree.size().width() * options.scale).ceil() as u32
    );
    assert!(info.width > 10_000, "{} px wide", info.width);
    let pdf = picture_of(&board, Format::Pdf, &options)?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("poster.pdf");
    std::fs::write(&file, pdf)?;
    run("qpdf", &["--check", &file.to_string_lossy()]);
    // Too large for a PNG: a clear message, not an allocation failure.
    let huge = Options {
        scale: 100.0,
        ..Options::default()
    };
    let error = picture::export(&board, Format::Png, &huge)
        .err()
        .ok_or("an error")?;
    assert!(error.to_string().contains("too large"), "{error}");
    Ok(())
}
