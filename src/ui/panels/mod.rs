//! Side panels and windows around the canvas, one file each.

pub mod legend;
pub mod palette;
pub mod shortcuts;
