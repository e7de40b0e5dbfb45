//! Helpers shared by the tests of every crate (a dev-dependency only): the
//! real data kept outside the repository, small workbooks built in memory,
//! a tiny hand-worked county and synthetic districts.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

pub mod river;
pub mod synthetic;
pub mod tiny;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use seatcast_core::import::{ImportOptions, LoadFailure, Loaded, MemoryFile, load_memory};
use std::path::{Path, PathBuf};

/// A file of the real data kept outside the repository, in `../shared/data`
/// beside the clone (CI has it; `SEATCAST_SHARED_DATA` names another
/// folder). Such files are read where they are, never copied in. Where the
/// file is absent this says so and gives None: the test passes over it.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let base = std::env::var_os("SEATCAST_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let path = base.join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "passed over: {} is absent (the real data kept in ../shared/data)",
            path.display()
        );
        None
    }
}

/// Several files of one shared data set, all present or None.
pub fn shared_files(dir: &str, files: &[&str]) -> Option<Vec<PathBuf>> {
    files
        .iter()
        .map(|f| shared_data(&format!("{dir}/{f}")))
        .collect()
}

/// A cell of a test sheet.
#[derive(Clone)]
pub enum C {
    T(&'static str),
    S(String),
    N(f64),
    Date(u16, u8, u8),
    E,
}

pub use C::*;

/// Build an .xlsx with the given sheets (rows of cells from A1).
pub fn xlsx(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    T(t) => {
                        ws.write_string(r, c, *t).unwrap();
                    }
                    S(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Date(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    E => {}
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

pub fn load(files: &[(&str, &[u8])]) -> Result<Loaded, LoadFailure> {
    let files: Vec<MemoryFile<'_>> = files
        .iter()
        .map(|(name, bytes)| MemoryFile { name, bytes })
        .collect();
    load_memory(&files, &ImportOptions::default())
}

pub fn load_ok(files: &[(&str, &[u8])]) -> Loaded {
    match load(files) {
        Ok(l) => l,
        Err(f) => panic!(
            "expected the files to load, got:\n{}",
            f.problems
                .iter()
                .map(|p| p.line(seatcast_core::i18n::Lang::En))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

pub fn load_err(files: &[(&str, &[u8])]) -> LoadFailure {
    match load(files) {
        Ok(_) => panic!("expected the load to fail"),
        Err(f) => f,
    }
}

/// Pupils of a school (by name) in a fall, summed over grades.
pub fn total(l: &Loaded, school: &str, year: i32) -> f64 {
    let d = &l.dataset;
    let i = d
        .school_index(school)
        .unwrap_or_else(|| panic!("no school {school}"));
    d.school_total(i, year)
}

/// Pupils of a school in one grade and fall.
pub fn pupils(l: &Loaded, school: &str, year: i32, grade: i8) -> Option<f64> {
    let d = &l.dataset;
    let i = d.school_index(school)?;
    d.enrolment_of(i)
        .iter()
        .find(|e| e.year == year && e.grade.0 == grade)
        .map(|e| e.pupils)
}

/// A roster and births sheet that make a small county load without warnings.
pub fn roster_rows() -> Vec<Vec<C>> {
    vec![
        vec![T("学校名称"), T("学段"), T("乡镇"), T("教室数")],
        vec![T("东关小学"), T("小学"), T("城关镇"), N(12.0)],
        vec![T("西街小学"), T("小学"), T("城关镇"), N(6.0)],
    ]
}

pub fn births_rows() -> Vec<Vec<C>> {
    vec![
        vec![T("乡镇"), T("年份"), T("出生人口")],
        vec![T("城关镇"), N(2017.0), N(900.0)],
        vec![T("城关镇"), N(2018.0), N(850.0)],
        vec![T("城关镇"), N(2019.0), N(800.0)],
    ]
}
