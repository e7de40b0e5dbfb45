//! Import speed: a long-layout .xlsx of 630,000 rows (10,000 schools × 7 years
//! × 9 grades, as benches/peer/peer_pandas.py `gen 10000` writes it),
//! generated here, read (a) by calamine alone, every cell, and (b) by
//! Seatcast's import into the validated dataset. Run: `cargo bench --bench import`.
//!
//! The workbook is kept at target/bench-data/long-630k.xlsx so other tools
//! (the pandas peer, /usr/bin/time for peak memory) can read the same file.
//!
//! Also: a 学籍 export of 100,000 pupils (a row each: number, name, sex,
//! birth date, school, grade, class), counted into pupils and classes per
//! school and grade (target: at most 1 s), at target/bench-data/pupils-100k.xlsx.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

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

/// 100,000 pupils: 250 schools × 9 grades × 8 classes of 5–6 pupils.
fn generate_pupils(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2024年秋季学籍").expect("name");
    for (c, h) in [
        "学籍号",
        "姓名",
        "性别",
        "出生日期",
        "学校名称",
        "年级",
        "班级",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    const GRADES: [&str; 9] = [
        "一年级",
        "二年级",
        "三年级",
        "四年级",
        "五年级",
        "六年级",
        "七年级",
        "八年级",
        "九年级",
    ];
    let mut r = 1u32;
    'all: for s in 0..250u32 {
        for (g, grade) in GRADES.iter().enumerate() {
            for class in 1..=8u32 {
                for p in 0..6u32 {
                    if r > 100_000 {
                        break 'all;
                    }
                    let birth_year = 2024 - 6 - g as i32;
                    ws.write_string(r, 0, format!("G{:09}", r)).expect("cell");
                    ws.write_string(r, 1, format!("学生{p}")).expect("cell");
                    ws.write_string(r, 2, if p % 2 == 0 { "男" } else { "女" })
                        .expect("cell");
                    ws.write_string(r, 3, format!("{birth_year}-{:02}-15", 1 + (p % 12)))
                        .expect("cell");
                    ws.write_string(r, 4, format!("第{s}小学")).expect("cell");
                    ws.write_string(r, 5, *grade).expect("cell");
                    ws.write_string(r, 6, format!("{class}班")).expect("cell");
                    r += 1;
                }
            }
        }
    }
    wb.save(path).expect("save the pupils workbook");
}

fn pupils_workbook() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data folder");
    let path = dir.join("pupils-100k.xlsx");
    if !path.exists() {
        generate_pupils(&path);
    }
    path
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

    let pupils = pupils_workbook();
    let loaded = load_paths(std::slice::from_ref(&pupils), &ImportOptions::default())
        .expect("the pupils workbook loads");
    let total: f64 = loaded.dataset.enrolment.iter().map(|e| e.pupils).sum();
    assert_eq!(total, 100_000.0);
    let mut g = c.benchmark_group("import 100k-pupil 学籍 export");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("calamine: read every cell", |b| {
        b.iter(|| calamine_all_cells(&pupils))
    });
    g.bench_function("seatcast: count pupils and classes", |b| {
        b.iter(|| {
            load_paths(std::slice::from_ref(&pupils), &ImportOptions::default())
                .map(|l| l.dataset.enrolment.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
