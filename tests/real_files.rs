//! The state and city workbooks in ../shared/data, loaded exactly as they
//! are (real files nobody on this project wrote; read where they are kept,
//! never copied in; each test passes over where the folder is absent).
//! Expected K–12 totals are the tables in each folder's README.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use seatcast::diagnostics::ProblemKind;
use seatcast::import::notes::Note;
use seatcast::import::{ImportOptions, Loaded, load_paths};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn load(files: &[PathBuf]) -> Loaded {
    match load_paths(files, &ImportOptions::default()) {
        Ok(l) => l,
        Err(f) => panic!(
            "did not load:\n{}",
            seatcast::diagnostics::group(&f.problems)
                .iter()
                .map(|g| g.line(seatcast::i18n::Lang::En))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// K–12 pupils (K and grades 1–12) per fall.
fn k12(l: &Loaded) -> BTreeMap<i32, f64> {
    let mut out = BTreeMap::new();
    for e in l
        .dataset
        .enrolment
        .iter()
        .filter(|e| (0..=12).contains(&e.grade.0))
    {
        *out.entry(e.year).or_insert(0.0) += e.pupils;
    }
    out
}

#[test]
fn the_statewide_workbook_loads_as_it_is() {
    let Some(xlsx) = common::shared_data("indiana/school-enrollment-grade-2006-24.xlsx") else {
        return;
    };
    let l = load(&[xlsx]);
    // The README's table: K–12 by fall (sheet 2024 is fall 2023).
    let readme: [(i32, f64); 19] = [
        (2023, 1_006_560.0),
        (2022, 1_011_366.0),
        (2021, 1_013_890.0),
        (2020, 1_015_074.0),
        (2019, 1_028_280.0),
        (2018, 1_033_467.0),
        (2017, 1_033_070.0),
        (2016, 1_029_191.0),
        (2015, 1_027_068.0),
        (2014, 1_028_834.0),
        (2013, 1_031_805.0),
        (2012, 1_029_609.0),
        (2011, 1_030_730.0),
        (2010, 1_034_972.0),
        (2009, 1_101_925.0),
        (2008, 1_099_867.0),
        (2007, 1_101_369.0),
        (2006, 1_102_049.0),
        (2005, 1_087_361.0),
    ];
    assert_eq!(l.dataset.fall_years().len(), 19);
    let got = k12(&l);
    for (fall, want) in readme {
        assert_eq!(got.get(&fall), Some(&want), "fall {fall}");
    }
    // Rows per sheet: the README's (every row with a Schl ID), less a row
    // with no pupil in any grade (sheet 2023's Christel House DORS, 5532:
    // its 788 pupils are all 12+/Adult, counted in the ungraded note).
    let rows: Vec<usize> = l.dataset.sources[0].sheets.iter().map(|s| s.rows).collect();
    assert_eq!(&rows[..2], &[1874, 1867]);
    // Summit Middle School is a school, not a sum.
    assert!(
        l.dataset
            .schools
            .iter()
            .any(|s| s.name == "Summit Middle School"),
        "Summit Middle School missing"
    );
    // The state's own total disagrees with its grades on scattered rows:
    // one grouped warning for the whole file, starting at 2012!T1794.
    let slips: Vec<_> = l
        .warnings
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::TotalSlips { .. }))
        .collect();
    assert_eq!(slips.len(), 1, "{slips:#?}");
    let ProblemKind::TotalSlips {
        rows,
        of,
        pupils,
        first,
        ..
    } = &slips[0].kind
    else {
        unreachable!()
    };
    // Summed from the file on its own (Python, python-calamine): on the 16
    // sheets headed TOTAL ENROLLMENT, 99 of the 31,240 rows with pupils in
    // a grade have a total other than Pre-K + K + 1–12 + 12+/Adult, by
    // 2,005 pupils in all.
    assert_eq!((*rows, *of, *pupils), (99, 31_240, 2_005.0));
    assert!(first.iter().any(|c| c == "2012!T1794"), "{first:?}");
    assert!(!l.warnings.iter().any(|p| p.is_error()));
    // Grade 12+/Adult: pupils outside the grades, counted by the total.
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::Ungraded { columns, .. } if columns == &["Grade 12+/Adult"]
    )));
}

/// Indiana's schools take the levels planners give them from their grade
/// spans, K counted: K–6 elementaries are primary, 6–8 middle schools
/// junior, 9–12 high schools senior (issue 39: they were nine-year).
#[test]
fn indiana_grade_spans_read_as_american_levels() {
    let Some(xlsx) = common::shared_data("indiana/school-enrollment-grade-2006-24.xlsx") else {
        return;
    };
    let l = load(&[xlsx]);
    let school = |name: &str| {
        l.dataset
            .schools
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    use seatcast::grades::{Grade, GradeSpan, Level};
    let span = |a, b| GradeSpan::new(Grade(a), Grade(b));
    for (name, want_span, want_level) in [
        (
            "Clifty Creek Elementary School",
            span(-1, 6),
            Level::Primary,
        ),
        // 5–8 over the years (grade 5 in the earlier falls), 6–8 in 2023.
        ("Bellmont Middle School", span(5, 8), Level::Junior),
        ("Bellmont Senior High School", span(9, 12), Level::Senior),
    ] {
        let s = school(name);
        assert_eq!((s.span, s.level), (want_span, want_level), "{name}");
    }
    // Every nine-year school teaches most of the elementary and the middle
    // grades (K–8 and the like), not a one-grade overlap.
    for s in l
        .dataset
        .schools
        .iter()
        .filter(|s| s.level == Level::NineYear)
    {
        assert!(
            s.span.lo.0 <= 2 && s.span.hi.0 >= 7,
            "{}: {:?}",
            s.name,
            s.span
        );
    }
}

#[test]
fn the_city_files_load_together() {
    let names = [
        "membership_20th_day_2006.xls",
        "membership_20th_day_2007.xls",
        "membership_20th_day_2008.xls",
        "membership_20th_day_2009.xls",
        "membership_20th_day_2010.xls",
        "membership_20th_day_2011.xls",
        "membership_20th_day_2012.xls",
        "enrollment_20th_day_2013.xls",
    ];
    let Some(files) = common::shared_files("chicago", &names) else {
        return;
    };
    let l = load(&files);
    assert!(!l.warnings.iter().any(|p| p.is_error()));
    // The README's table: K–12 over every row with a School ID.
    let readme: [(i32, f64); 8] = [
        (2005, 399_720.0),
        (2006, 388_694.0),
        (2007, 383_687.0),
        (2008, 384_630.0),
        (2009, 384_909.0),
        (2010, 378_959.0),
        (2011, 379_919.0),
        (2012, 378_954.0),
    ];
    let d = &l.dataset;
    let mut with_id: BTreeMap<i32, f64> = BTreeMap::new();
    for e in d.enrolment.iter().filter(|e| (0..=12).contains(&e.grade.0)) {
        if d.schools[e.school].id.is_some() {
            *with_id.entry(e.year).or_insert(0.0) += e.pupils;
        }
    }
    for (fall, want) in readme {
        assert_eq!(with_id.get(&fall), Some(&want), "fall {fall}");
    }
    // Branch rows with a name and no School ID (40 in the 2007 file, 37 in
    // 2008) are schools too, loaded by name with a warning each: their K–12
    // (summed from the files by hand: 3,637 and 3,526) comes on top.
    let all = k12(&l);
    for (fall, branches) in [(2006, 3_637.0), (2007, 3_526.0), (2008, 0.0)] {
        assert_eq!(all[&fall] - with_id[&fall], branches, "fall {fall}");
    }
    let no_id = l
        .warnings
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::NoSchoolId { .. }))
        .count();
    assert_eq!(no_id, 77);
    // The side tables of codes are not read, and block nothing.
    let not_read = l
        .notes
        .iter()
        .filter(|n| matches!(n.note, Note::NotRead))
        .map(|n| n.sheets)
        .sum::<usize>();
    assert_eq!(not_read, 2);
    // PK SPED is pre-K pupils of their own (the Total counts them beside the
    // other pre-K columns): added into PK, not left out.
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::GradeParts { columns, .. } if columns.iter().any(|c| c == "PK SPED")
    )));
}
