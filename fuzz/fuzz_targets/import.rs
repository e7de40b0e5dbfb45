//! Arbitrary bytes into the importer, as each format it accepts. Any panic
//! that escapes is a bug: the importer must turn every input into a dataset
//! or a located error. Panics inside the third-party readers are caught by the
//! importer's guard; they are counted and logged as "reader panic caught".
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatcast::import::guard::caught_panics;
use seatcast::import::{ImportOptions, MemoryFile, load_memory};

fuzz_target!(|data: &[u8]| {
    for name in ["in.xlsx", "in.ods", "in.xls", "in.csv"] {
        let before = caught_panics();
        let files = [MemoryFile { name, bytes: data }];
        let _ = load_memory(&files, &ImportOptions::default());
        if caught_panics() > before {
            eprintln!("reader panic caught ({name}, {} bytes)", data.len());
        }
    }
});
