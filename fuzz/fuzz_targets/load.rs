//! The board loader on arbitrary bytes: it must refuse or load, never panic or hang, and
//! whatever it loads must save and load again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(loaded) = stormpad::file::from_bytes(bytes) {
        let text = match stormpad::file::to_string(&loaded.board) {
            Ok(text) => text,
            Err(e) => panic!("a loaded board did not serialise: {e}"),
        };
        match stormpad::file::from_str(&text) {
            Ok(again) => assert_eq!(again.board, loaded.board),
            Err(e) => panic!("a loaded board did not load again: {e}"),
        }
    }
});
