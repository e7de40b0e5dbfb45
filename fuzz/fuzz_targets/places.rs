//! Arbitrary bytes as the place files Seatcast opens beside the workbooks:
//! a GeoJSON boundary file, a Shapefile's .shp (with the fixture's .dbf
//! and .shx beside it), and an OpenStreetMap .osm.pbf road extract, each
//! through `load_paths` as the app opens them. Any panic that escapes is a
//! bug: a broken file must come back as a located problem. Panics inside
//! the third-party readers are caught by the importer's guard; they are
//! counted and logged as "reader panic caught".
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatcast::import::guard::caught_panics;
use seatcast::import::{ImportOptions, load_paths};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A folder of this process's own, with the Shapefile fixture's .dbf and
/// .shx copied in once.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("seatcast-fuzz-places-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a temporary folder");
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/areas/");
        for ext in ["dbf", "shx"] {
            std::fs::copy(
                format!("{fixtures}towns_gbk.{ext}"),
                d.join(format!("in.{ext}")),
            )
            .expect("the Shapefile fixture");
        }
        d
    })
}

fuzz_target!(|data: &[u8]| {
    for name in ["in.geojson", "in.shp", "in.osm.pbf"] {
        let path = dir().join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        let before = caught_panics();
        let _ = load_paths(&[path], &ImportOptions::default());
        if caught_panics() > before {
            eprintln!("reader panic caught ({name}, {} bytes)", data.len());
        }
    }
});
