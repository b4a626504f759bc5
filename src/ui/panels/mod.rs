//! Side panels and windows around the canvas, one file each.

pub mod check;
pub mod command_palette;
pub mod export;
pub mod find;
pub mod inspector;
pub mod legend;
pub mod palette;
pub mod phase;
pub mod picture;
pub mod shortcuts;
pub mod timer;
pub mod votes;
