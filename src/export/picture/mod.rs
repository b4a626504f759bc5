//! `svg`, `png`, `pdf`: pictures of the board, as the canvas draws it, to send to the people
//! who were not in the room. The SVG is written once ([`svg`]); PNG ([`png`], resvg) and PDF
//! ([`pdf`], svg2pdf) are rendered from it with the fonts the canvas uses ([`fonts`]), so the
//! same board gives the same picture everywhere. A picture shows the whole board, one bounded
//! context or a selection ([`Scope`]).

mod fonts;
mod pdf;
mod pdf_numbering;
mod png;
mod scope;
mod svg;
mod wrap;

pub use png::{MAX_PIXELS, MAX_SIDE, parse};
pub use scope::Scope;

use super::{OutputError, OutputFile, Target};
use crate::model::{Board, naming};

/// A picture's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Vector, text as text: for the web and for editing.
    Svg,
    /// Pixels: for chats, slides and issue trackers.
    Png,
    /// Vector, text as text, one page: for printing a poster.
    Pdf,
}

impl Format {
    /// Every format, in the order the dialog offers them.
    pub const ALL: [Format; 3] = [Format::Png, Format::Svg, Format::Pdf];

    /// The format of a picture target, `None` for the others.
    pub fn of(target: Target) -> Option<Format> {
        match target {
            Target::Svg => Some(Format::Svg),
            Target::Png => Some(Format::Png),
            Target::Pdf => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The file name extension, which is also its name in the dialog.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

/// What a picture shows and how large.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Pixels (PNG) or CSS pixels (SVG, PDF: 1/96 inch) per board unit; 1 is the canvas at
    /// 100% zoom, 3.125 a 300 dpi print.
    pub scale: f32,
    pub scope: Scope,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            scale: 1.0,
            scope: Scope::Board,
        }
    }
}

/// The picture of `board` as one file named after the board (and the context or selection
/// it shows). Fails when the scope names no context, when the scale is not a positive number,
/// or when a PNG would be too large.
pub fn export(
    board: &Board,
    format: Format,
    options: &Options,
) -> Result<Vec<OutputFile>, OutputError> {
    let path = file_name(board, format, &options.scope);
    let failed = |message: String| OutputError::Contents {
        path: path.clone(),
        message,
    };
    if !(options.scale.is_finite() && options.scale > 0.0) {
        return Err(failed(format!(
            "the scale must be a positive number, not {}",
            options.scale
        )));
    }
    let content = scope::content(board, &options.scope).map_err(&failed)?;
    let svg_scale = if format == Format::Svg {
        options.scale
    } else {
        1.0
    };
    let picture = || svg::svg(board, &content, svg_scale).map_err(|e| failed(e.to_string()));
    let contents = match format {
        Format::Svg => picture()?.into_bytes(),
        Format::Png => png::render(board, &content, options.scale).map_err(&failed)?,
        Format::Pdf => pdf::render(&picture()?, options.scale).map_err(&failed)?,
    };
    Ok(vec![OutputFile::new(path, contents)])
}

/// `<board>.<ext>`, `<board>-<context>.<ext>` or `<board>-selection.<ext>`, through the one
/// naming path for file names.
pub fn file_name(board: &Board, format: Format, scope: &Scope) -> String {
    let board_name = naming::kebab_or(&board.meta.title, "board");
    let stem = match scope {
        Scope::Board => board_name,
        Scope::Context(name) => format!("{board_name}-{}", naming::kebab_or(name, "context")),
        Scope::Selection { .. } => format!("{board_name}-selection"),
    };
    format!("{}.{}", naming::file_stem(stem), format.extension())
}
