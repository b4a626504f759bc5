//! Stormpad: a native EventStorming tool. The modules follow ARCHITECTURE.md: `model` is the
//! board, `edit` changes it, `file` keeps it, `export` turns it into specs and code, `ui` is
//! the GUI shell over all of them.

pub mod cli;
pub mod edit;
pub mod export;
pub mod file;
pub mod live;
pub mod model;
pub mod ui;
