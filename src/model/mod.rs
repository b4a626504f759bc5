//! The board model: pure data and pure functions. No egui, no files, no I/O.
//!
//! Everything else (edits, files, exports, the GUI) depends on this module, never the reverse.

pub mod analysis;
pub mod board;
pub mod boundary;
pub mod check;
pub mod delivery;
pub mod extra;
pub mod find;
pub mod generate;
pub mod geometry;
pub mod id;
pub mod legend;
pub mod link;
pub mod look;
pub mod naming;
pub mod phase;
pub mod shared_map;
pub mod spatial;
pub mod sticky;
mod sticky_serde;
pub mod types;
pub mod votes;
pub mod walkthrough;

pub use board::{Board, LevelSetting, Meta};
pub use boundary::{Boundary, BoundaryKind};
pub use delivery::{Audience, AudienceKind, Delivery, Direction};
pub use extra::Extra;
pub use geometry::{Point, Rect, Size};
pub use id::Id;
pub use legend::{Legend, LegendEntry, Rgb};
pub use link::{Link, LinkMeaning};
pub use phase::{BigPictureStep, Phase};
pub use shared_map::SharedMap;
pub use sticky::{Field, Kind, Sticky, Transport, Visibility};
pub use types::{FieldType, ObjectType, Scalar};
