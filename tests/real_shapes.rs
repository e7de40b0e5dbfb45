//! Files shaped like the real government files Seatcast once failed on load
//! with exact totals: the Vermont agency's CSV as it is (read where it is
//! kept, ../shared/data/vermont; passed over where absent), and workbooks made by
//! tests/fixtures/real-shapes/make.py faithful to a statewide workbook and
//! a city's yearly .xls files. Expected totals are the generator's own
//! (printed when it runs) or, for Vermont, summed here from the CSV itself.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::*;
use seatcast::import::notes::{Note, YearSource, YearWhy};
use seatcast::import::{ImportOptions, Loaded, YearConvention, load_paths};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn load_files(files: &[&str], options: &ImportOptions) -> Loaded {
    let paths: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
    match load_paths(&paths, options) {
        Ok(l) => l,
        Err(f) => panic!(
            "did not load:\n{}",
            f.problems
                .iter()
                .map(|p| p.line(seatcast::i18n::Lang::En))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn totals(l: &Loaded) -> BTreeMap<i32, f64> {
    l.dataset.pupils_by_year()
}

fn errors_free(l: &Loaded) {
    assert!(!l.warnings.iter().any(|p| p.is_error()));
}

/// K–12 pupils per spring year, summed from the CSV with the csv crate:
/// K_Full + K_Part + 1st … 12th.
fn vermont_k12_by_sy(csv: &std::path::Path) -> BTreeMap<i32, f64> {
    let mut r = csv::Reader::from_path(csv).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let grades: Vec<usize> = [
        "K_Full", "K_Part", "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th",
        "11th", "12th",
    ]
    .iter()
    .map(|g| col(g))
    .collect();
    let sy = col("SY");
    let mut out = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let y: i32 = rec[sy].parse().unwrap();
        let n: f64 = grades.iter().map(|&c| rec[c].parse::<f64>().unwrap()).sum();
        *out.entry(y).or_insert(0.0) += n;
    }
    out
}

#[test]
fn vermont_loads_as_it_is() {
    let Some(csv) = shared_data("vermont/enrollment.csv") else {
        return;
    };
    let l = match load_paths(std::slice::from_ref(&csv), &ImportOptions::default()) {
        Ok(l) => l,
        Err(f) => panic!("did not load: {:?}", f.problems),
    };
    errors_free(&l);
    let d = &l.dataset;
    assert_eq!(d.schools.len(), 328);
    let falls = d.fall_years();
    assert_eq!(falls.len(), 18);
    assert_eq!((falls[0], falls[17]), (2003, 2020));
    // K–12 per fall equals the CSV's grade columns of the spring year after it.
    let expected = vermont_k12_by_sy(&csv);
    assert_eq!(expected[&2004], 91_758.0);
    let mut k12: BTreeMap<i32, f64> = BTreeMap::new();
    for e in d.enrolment.iter().filter(|e| e.grade.0 >= 0) {
        *k12.entry(e.year).or_insert(0.0) += e.pupils;
    }
    for (sy, n) in &expected {
        assert_eq!(k12.get(&(sy - 1)), Some(n), "SY {sy}");
    }
    // PK/EEE is pre-kindergarten (a year below K): 1,568 in SY 2004.
    let pk: f64 = d
        .enrolment
        .iter()
        .filter(|e| e.year == 2003 && e.grade.0 == -1)
        .map(|e| e.pupils)
        .sum();
    assert_eq!(pk, 1_568.0);
    // The spring convention was seen in the header and said so.
    // The CSV's first row is SY 2021: the note's example.
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::Years { source: YearSource::Column, convention: YearConvention::Spring, why: YearWhy::Header, header, label, fall: 2020 }
            if header == "SY" && label == "2021"
    )));
    assert!(l.notes.iter().any(
        |n| matches!(&n.note, Note::GradeParts { columns, .. } if columns == &["K_Full", "K_Part"])
    ));
    // The columns beyond the grades are counted by the file's Total (its
    // arithmetic says so on every row): said once, in its note, not warned.
    let unplaced: Vec<&str> = l
        .warnings
        .iter()
        .filter_map(|p| match &p.kind {
            seatcast::diagnostics::ProblemKind::UnplacedColumn { header, .. } => {
                Some(header.as_str())
            }
            _ => None,
        })
        .collect();
    assert!(unplaced.is_empty(), "{unplaced:?}");
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::TotalColumn { header, beyond, rows: 5439, .. } if header == "Total" && beyond == &["AW", "ADP", "PD"]
    )));
}

#[test]
fn statewide_workbook_with_corporations_and_headers_that_change() {
    let l = load_files(
        &["tests/fixtures/real-shapes/statewide/enrollment-by-grade.xlsx"],
        &ImportOptions::default(),
    );
    errors_free(&l);
    let t = totals(&l);
    assert_eq!(t.get(&2012), Some(&7_526.0));
    assert_eq!(t.get(&2013), Some(&7_544.0));
    assert_eq!(t.get(&2014), Some(&7_795.0));
    let d = &l.dataset;
    // 20 schools over the three years, though only 5 names: ids, not names, are the key.
    assert_eq!(d.schools.len(), 20);
    let lincolns = d
        .schools
        .iter()
        .filter(|s| s.name == "Lincoln Elementary School")
        .count();
    assert_eq!(lincolns, 4);
    // Corporation and state totals were checked, not read as schools.
    assert!(
        l.notes
            .iter()
            .any(|n| matches!(n.note, Note::TotalRows { rows: 7, .. }))
    );
}

const CITY: [&str; 3] = [
    "tests/fixtures/real-shapes/city/FY2017_Membership.xls",
    "tests/fixtures/real-shapes/city/FY2018_Membership.xls",
    "tests/fixtures/real-shapes/city/FY2019_Membership.xls",
];

#[test]
fn city_yearly_xls_files_loaded_together() {
    let l = load_files(&CITY, &ImportOptions::default());
    errors_free(&l);
    let t = totals(&l);
    // FY2017 is the school year 2016-17: read as spring years, and said so.
    assert_eq!(t.get(&2016), Some(&19_580.0));
    assert_eq!(t.get(&2017), Some(&19_826.0));
    assert_eq!(t.get(&2018), Some(&19_953.0));
    assert_eq!(l.dataset.schools.len(), 16);
    assert!(l.notes.iter().any(|n| matches!(
        n.note,
        Note::Years {
            source: YearSource::FileName,
            convention: YearConvention::Spring,
            ..
        }
    )));
    // 5 network subtotals (no id, no "total" in their name), 2 group totals
    // and the district total in each of three files.
    assert!(l.notes.iter().any(|n| matches!(
        n.note,
        Note::TotalRows {
            rows: 24,
            unlabelled: 15
        }
    )));
    // The planner can say the years are falls.
    let fall = load_files(
        &CITY,
        &ImportOptions {
            years: Some(YearConvention::Fall),
            ..Default::default()
        },
    );
    assert_eq!(fall.dataset.fall_years(), vec![2017, 2018, 2019]);
}

#[test]
fn city_file_with_a_wrong_district_total_fails_at_its_cell() {
    // The same layout, built here, with the district total one pupil off in grade 01.
    let header = vec![
        T("School ID"),
        T("School Name"),
        T("Network"),
        T("K (Full-Day)"),
        T("K (Half-Day)"),
        T("01"),
        T("02'"),
        T("03"),
        T("Total"),
    ];
    let rows = vec![
        vec![T("Public Schools - Twentieth Day Membership")],
        header,
        vec![
            N(1.0),
            T("ELEM A"),
            T("Network 1"),
            N(50.0),
            N(5.0),
            N(52.0),
            N(51.0),
            N(49.0),
            N(207.0),
        ],
        vec![
            N(2.0),
            T("ELEM B"),
            T("Network 1"),
            N(40.0),
            N(0.0),
            N(41.0),
            N(43.0),
            N(40.0),
            N(164.0),
        ],
        vec![
            E,
            T("NETWORK 1"),
            E,
            N(90.0),
            N(5.0),
            N(93.0),
            N(94.0),
            N(89.0),
            N(371.0),
        ],
        vec![
            E,
            T("District Total"),
            E,
            N(90.0),
            N(5.0),
            N(94.0),
            N(94.0),
            N(89.0),
            N(372.0),
        ],
    ];
    let book = xlsx(&[("20th Day", rows)]);
    let f = load_err(&[("FY2019_Membership.xlsx", &book)]);
    let errors: Vec<_> = f.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].location.cell_text(), "20th Day!F6");
    assert!(matches!(
        &errors[0].kind,
        seatcast::diagnostics::ProblemKind::TotalRowMismatch {
            stated: 94.0,
            sum: 93.0,
            ..
        }
    ));
}

#[test]
fn school_ids_that_repeat_under_different_districts_make_a_composite_key() {
    let rows = vec![
        vec![
            T("District Code"),
            T("School Code"),
            T("School Name"),
            T("Grade 1"),
            T("Grade 2"),
        ],
        vec![T("01"), T("0010"), T("Lincoln"), N(30.0), N(31.0)],
        vec![T("01"), T("0020"), T("Adams"), N(20.0), N(21.0)],
        vec![T("02"), T("0010"), T("Jefferson"), N(10.0), N(11.0)],
        vec![T("02"), T("0030"), T("Lincoln"), N(5.0), N(6.0)],
    ];
    let book = xlsx(&[("Fall 2024", rows)]);
    let l = load_ok(&[("state.xlsx", &book)]);
    let d = &l.dataset;
    assert_eq!(d.schools.len(), 4);
    let ids: Vec<&str> = d.schools.iter().filter_map(|s| s.id.as_deref()).collect();
    assert_eq!(ids, ["01/0010", "01/0020", "02/0010", "02/0030"]);
    assert_eq!(total(&l, "Jefferson", 2024), 21.0);
    assert!(
        l.notes
            .iter()
            .any(|n| matches!(&n.note, Note::CompositeKey { parent, id }
        if parent == "District Code" && id == "School Code"))
    );
    // Without a repeat, the id alone is the key: a school that moves district stays one school.
    let moved = vec![
        vec![
            T("District Code"),
            T("School Code"),
            T("School Name"),
            T("Year"),
            T("Grade 1"),
        ],
        vec![T("01"), T("0010"), T("Lincoln"), N(2023.0), N(30.0)],
        vec![T("02"), T("0010"), T("Lincoln"), N(2024.0), N(31.0)],
    ];
    let book = xlsx(&[("enrolment", moved)]);
    let l = load_ok(&[("state.xlsx", &book)]);
    assert_eq!(l.dataset.schools.len(), 1);
    assert_eq!(l.dataset.schools[0].id.as_deref(), Some("0010"));
}
