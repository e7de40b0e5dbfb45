//! Import speed: a long-layout .xlsx of 630,000 rows (10,000 schools × 7 years
//! × 9 grades, as ../shared/peers/peer_pandas.py `gen 10000` writes it),
//! generated here, read (a) by calamine alone, every cell, and (b) by
//! Seatcast's import into the validated dataset. Run: `cargo bench --bench import`.
//!
//! The workbook is kept at target/bench-data/long-630k.xlsx so other tools
//! (the pandas peer, /usr/bin/time for peak memory) can read the same file.

use calamine::{Reader, Xlsx, open_workbook};
use criterion::{Criterion, criterion_group, criterion_main};
use seatcast::import::{ImportOptions, load_paths};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SCHOOLS: u32 = 10_000;
const YEARS: std::ops::RangeInclusive<u32> = 2019..=2025;
const GRADES: std::ops::RangeInclusive<u32> = 1..=9;

/// The same shape as the peer's synthetic data: pupils 20–300 per grade.
fn generate(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["school_id", "year", "grade", "pupils"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    let mut state: u64 = 1;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let mut r = 1u32;
    for s in 0..SCHOOLS {
        let base = 20 + next() % 280;
        for y in YEARS {
            for g in GRADES {
                let pupils = f64::from(base) * (0.9 + f64::from(next() % 200) / 1000.0);
                ws.write_number(r, 0, f64::from(s)).expect("cell");
                ws.write_number(r, 1, f64::from(y)).expect("cell");
                ws.write_number(r, 2, f64::from(g)).expect("cell");
                ws.write_number(r, 3, pupils.floor()).expect("cell");
                r += 1;
            }
        }
    }
    wb.save(path).expect("save the benchmark workbook");
}

fn workbook() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data folder");
    let path = dir.join("long-630k.xlsx");
    if !path.exists() {
        generate(&path);
    }
    path
}

/// calamine alone: open the workbook and read every cell of every sheet.
fn calamine_all_cells(path: &Path) -> usize {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open");
    let mut cells = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        cells += range.used_cells().count();
    }
    cells
}

fn bench(c: &mut Criterion) {
    let path = workbook();
    let rows = load_paths(std::slice::from_ref(&path), &ImportOptions::default())
        .expect("the benchmark workbook loads")
        .dataset
        .enrolment
        .len();
    assert_eq!(rows, 630_000);
    let mut g = c.benchmark_group("import 630k-row xlsx");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("calamine: read every cell", |b| {
        b.iter(|| calamine_all_cells(&path))
    });
    g.bench_function("seatcast: import to validated dataset", |b| {
        b.iter(|| {
            load_paths(std::slice::from_ref(&path), &ImportOptions::default())
                .map(|l| l.dataset.enrolment.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
