//! The clipboard paste parser on arbitrary text: a board or lines, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let fragment = stormpad::file::clipboard::parse(text);
    assert!(fragment.stickies.len() <= stormpad::file::clipboard::MAX_PASTED_LINES);
});
