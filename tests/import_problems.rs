//! Every bad input gives its error or warning at the exact cell.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::*;
use seatcast::diagnostics::{Measure, Problem, ProblemKind};
use seatcast::i18n::Lang;

fn enrol(rows: Vec<Vec<C>>) -> Vec<u8> {
    let mut all = vec![vec![
        T("学校名称"),
        T("年份"),
        T("年级"),
        T("在校生数"),
        T("班级数"),
    ]];
    all.extend(rows);
    xlsx(&[
        ("学校名册", roster_rows()),
        ("在校生", all),
        ("出生人口", births_rows()),
    ])
}

fn only(problems: &[Problem]) -> &Problem {
    assert_eq!(problems.len(), 1, "{problems:#?}");
    &problems[0]
}

#[test]
fn a_count_that_is_not_a_number_stops_the_load_at_its_cell() {
    let book = enrol(vec![
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        vec![T("东关小学"), N(2024.0), T("二年级"), T("四十")],
    ]);
    let f = load_err(&[("县.xlsx", &book)]);
    let p = only(&f.problems);
    assert_eq!(p.location.file, "县.xlsx");
    assert_eq!(p.location.cell_text(), "在校生!D3");
    assert_eq!(
        p.kind,
        ProblemKind::NotANumber {
            text: "四十".into(),
            what: Measure::Pupils
        }
    );
    let zh = p.line(Lang::Zh);
    assert!(
        zh.contains("县.xlsx · 在校生!D3") && zh.contains("“四十”不是数字"),
        "{zh}"
    );
    let en = p.line(Lang::En);
    assert!(en.contains("\"四十\" is not a number"), "{en}");
}

#[test]
fn a_duplicated_school_year_grade_with_different_values_is_an_error() {
    let book = enrol(vec![
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        vec![T("西街小学"), N(2024.0), T("一年级"), N(30.0)],
        vec![T("东关小学"), N(2024.0), T("一年级"), N(42.0)],
    ]);
    let f = load_err(&[("县.xlsx", &book)]);
    let p = only(&f.problems);
    assert_eq!(p.location.cell_text(), "在校生!D4");
    assert_eq!(
        p.kind,
        ProblemKind::DuplicateConflict {
            first: "在校生!D2".into(),
            first_value: 40.0,
            value: 42.0
        }
    );
}

#[test]
fn a_duplicate_with_the_same_value_is_counted_once_with_a_warning() {
    let book = enrol(vec![
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
    ]);
    let l = load_ok(&[("县.xlsx", &book)]);
    let p = only(&l.warnings);
    assert_eq!(p.location.cell_text(), "在校生!D3");
    assert!(matches!(p.kind, ProblemKind::DuplicateRow { .. }));
    assert_eq!(total(&l, "东关小学", 2024), 40.0);
}

#[test]
fn the_same_data_in_two_files_with_different_values_is_an_error() {
    let a = xlsx(&[(
        "在校生",
        vec![
            vec![T("学校名称"), T("年份"), T("年级"), T("人数")],
            vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        ],
    )]);
    let b = xlsx(&[(
        "在校生",
        vec![
            vec![T("学校名称"), T("年份"), T("年级"), T("人数")],
            vec![T("东关小学"), N(2024.0), T("一年级"), N(41.0)],
        ],
    )]);
    let f = load_err(&[("a.xlsx", &a), ("b.xlsx", &b)]);
    let errors: Vec<&Problem> = f.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].location.to_string(), "b.xlsx · 在校生!D2");
    assert!(
        matches!(&errors[0].kind, ProblemKind::DuplicateConflict { first, .. } if first == "a.xlsx · 在校生!D2")
    );
}

#[test]
fn a_sheet_with_grades_but_no_school_column() {
    let book = xlsx(&[(
        "在校生",
        vec![
            vec![T("年份"), T("年级"), T("人数")],
            vec![N(2024.0), T("一年级"), N(40.0)],
        ],
    )]);
    let f = load_err(&[("x.xlsx", &book)]);
    let p = only(&f.problems);
    assert_eq!(p.kind, ProblemKind::NoSchoolColumn);
    assert_eq!(p.location.cell_text(), "在校生!A1");
}

#[test]
fn bad_year_bad_grade_and_no_year() {
    let book = enrol(vec![
        vec![T("东关小学"), T("去年"), T("一年级"), N(40.0)],
        vec![T("东关小学"), N(2024.0), T("七班"), N(40.0)],
    ]);
    let f = load_err(&[("x.xlsx", &book)]);
    let cells: Vec<String> = f.problems.iter().map(|p| p.location.cell_text()).collect();
    assert_eq!(cells, vec!["在校生!B2", "在校生!C3"]);
    assert_eq!(
        f.problems[0].kind,
        ProblemKind::BadYear {
            text: "去年".into()
        }
    );
    assert_eq!(
        f.problems[1].kind,
        ProblemKind::BadGrade {
            text: "七班".into()
        }
    );

    let wide = xlsx(&[(
        "Sheet1",
        vec![
            vec![T("学校名称"), T("一年级")],
            vec![T("东关小学"), N(40.0)],
        ],
    )]);
    let f = load_err(&[("data.xlsx", &wide)]);
    let p = only(&f.problems);
    assert_eq!(p.kind, ProblemKind::NoYear);
    assert_eq!(p.location.cell_text(), "Sheet1");
}

#[test]
fn files_that_are_not_spreadsheets() {
    let good = enrol(vec![vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)]]);
    let truncated = &good[..good.len() / 2];
    let password = std::fs::read("tests/fixtures/password.xlsx").unwrap();
    // Found by the fuzzer: an .xls whose sector chain loops (the reader would never stop).
    let looping = std::fs::read("tests/fixtures/fuzz/xls-fat-loop.bin").unwrap();
    // Also the fuzzer's: an .xls declaring a sheet of billions of cells.
    let huge = std::fs::read("tests/fixtures/fuzz/xls-huge-dimensions.bin").unwrap();
    type Expect = fn(&ProblemKind) -> bool;
    let cases: Vec<(&str, &[u8], Expect)> = vec![
        ("empty.xlsx", b"", |k| *k == ProblemKind::EmptyFile),
        (
            "notes.xlsx",
            b"These are my notes, not a workbook.\n",
            |k| *k == ProblemKind::NotASpreadsheet,
        ),
        ("half.xlsx", truncated, |k| {
            matches!(k, ProblemKind::Corrupt { .. })
        }),
        ("locked.xlsx", &password, |k| {
            *k == ProblemKind::PasswordProtected
        }),
        ("binary.csv", b"\x00\x01\x02\x03", |k| {
            *k == ProblemKind::NotASpreadsheet
        }),
        ("loop.xls", &looping, |k| {
            matches!(k, ProblemKind::Corrupt { .. })
        }),
        ("huge.xls", &huge, |k| {
            matches!(k, ProblemKind::Corrupt { .. })
        }),
    ];
    for (name, bytes, expected) in cases {
        let f = load_err(&[(name, bytes)]);
        let p = only(&f.problems);
        assert!(expected(&p.kind), "{name}: {:?}", p.kind);
        assert_eq!(p.location.file, name);
        assert!(p.location.sheet.is_none());
    }
}

#[test]
fn warnings_load_but_are_listed_at_their_cells() {
    let book = enrol(vec![
        vec![T("东关小学"), N(2021.0), T("一年级"), N(-3.0)],
        vec![T("东关小学"), N(2021.0), T("二年级"), N(12.5)],
        vec![T("东关小学"), N(2023.0), T("七年级"), N(40.0)],
        vec![T("西街小学"), N(2023.0), T("一年级"), N(140.0), N(2.0)],
        vec![T("北街小学"), N(2023.0), T("一年级"), N(30.0)],
    ]);
    let l = load_ok(&[("县.xlsx", &book)]);
    let found: Vec<(String, &ProblemKind)> = l
        .warnings
        .iter()
        .map(|p| (p.location.cell_text(), &p.kind))
        .collect();
    let has = |cell: &str, f: &dyn Fn(&ProblemKind) -> bool| {
        assert!(
            found.iter().any(|(c, k)| c == cell && f(k)),
            "no warning at {cell:?} in {found:#?}"
        );
    };
    has("在校生!D2", &|k| {
        *k == ProblemKind::NegativeCount { value: -3.0 }
    });
    has("在校生!D3", &|k| {
        *k == ProblemKind::FractionalCount { value: 12.5 }
    });
    has(
        "在校生!D4",
        &|k| matches!(k, ProblemKind::GradeOutsideSpan { school, .. } if school == "东关小学"),
    );
    has("在校生!D5", &|k| {
        *k == ProblemKind::OversizedClass {
            pupils: 140.0,
            classes: 2.0,
        }
    });
    has(
        "在校生!D6",
        &|k| matches!(k, ProblemKind::NotInRoster { school } if school == "北街小学"),
    );
    has("", &|k| {
        *k == ProblemKind::YearGap {
            from: 2022,
            to: 2022,
        }
    });
    assert_eq!(l.warnings.len(), 6, "{found:#?}");
    assert_eq!(
        pupils(&l, "东关小学", 2021, 1),
        Some(0.0),
        "a negative count is counted as 0"
    );
}

#[test]
fn an_area_with_schools_but_no_births() {
    let roster = vec![
        vec![T("学校名称"), T("学段"), T("乡镇")],
        vec![T("东关小学"), T("小学"), T("城关镇")],
        vec![T("东乡小学"), T("小学"), T("东乡")],
    ];
    let e = vec![
        vec![T("学校名称"), T("年份"), T("年级"), T("人数")],
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
    ];
    let book = xlsx(&[("名册", roster), ("在校生", e), ("出生", births_rows())]);
    let l = load_ok(&[("x.xlsx", &book)]);
    let p = only(&l.warnings);
    assert_eq!(
        p.kind,
        ProblemKind::AreaWithoutBirths {
            area: "东乡".into()
        }
    );
}

#[test]
fn a_class_section_row_under_no_school() {
    let sections = vec![
        vec![T("School"), T("Grade K"), T("Grade 1")],
        vec![E, N(17.0), N(20.0)],
        vec![T("Davey"), N(15.0), N(20.0)],
    ];
    let book = xlsx(&[("Fall 2019", sections)]);
    let l = load_ok(&[("s.xlsx", &book)]);
    let p = l
        .warnings
        .iter()
        .find(|p| p.kind == ProblemKind::SectionWithoutSchool)
        .expect("a warning for the orphan row");
    assert_eq!(p.location.cell_text(), "Fall 2019!A2");
    assert_eq!(total(&l, "Davey", 2019), 35.0);
}

#[test]
fn no_enrolment_at_all() {
    let book = xlsx(&[("名册", roster_rows())]);
    let f = load_err(&[("名册.xlsx", &book)]);
    assert_eq!(only(&f.problems).kind, ProblemKind::NoEnrolment);
}

#[test]
fn every_error_is_collected_not_just_the_first() {
    let book = enrol(vec![
        vec![T("东关小学"), N(2024.0), T("一年级"), T("x")],
        vec![T("东关小学"), N(2024.0), T("二年级"), T("y")],
    ]);
    let f = load_err(&[("a.xlsx", &book), ("b.xlsx", b"")]);
    let errors: Vec<String> = f.errors().map(|p| p.location.to_string()).collect();
    assert_eq!(
        errors,
        vec!["b.xlsx", "a.xlsx · 在校生!D2", "a.xlsx · 在校生!D3"]
    );
}

#[test]
fn an_impossible_count_is_an_error_at_its_cell() {
    let book = enrol(vec![
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        vec![
            T("东关小学"),
            N(2024.0),
            T("二年级"),
            N(1_000_000_000_000.0),
        ],
    ]);
    let f = load_err(&[("县.xlsx", &book)]);
    let p = only(&f.problems);
    assert_eq!(p.location.cell_text(), "在校生!D3");
    assert!(matches!(
        p.kind,
        ProblemKind::ImplausibleCount {
            value: 1_000_000_000_000.0,
            limit: 10_000.0,
            what: Measure::Pupils
        }
    ));
}

#[test]
fn a_fall_beyond_next_year_is_an_error_at_its_cell() {
    let book = enrol(vec![
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        vec![T("东关小学"), N(2099.0), T("一年级"), N(41.0)],
    ]);
    let f = load_err(&[("县.xlsx", &book)]);
    let p = only(&f.problems);
    assert_eq!(p.location.cell_text(), "在校生!B3");
    assert!(matches!(
        p.kind,
        ProblemKind::YearOutOfRange { year: 2099, .. }
    ));
    // A sheet named for a fall that has not come either.
    let sheet = vec![
        vec![T("学校名称"), T("一年级")],
        vec![T("东关小学"), N(40.0)],
    ];
    let f = load_err(&[("县.xlsx", &xlsx(&[("2099年", sheet)]))]);
    assert!(
        f.errors()
            .any(|p| matches!(p.kind, ProblemKind::YearOutOfRange { year: 2099, .. }))
    );
}

/// A workbook whose zip directory says a sheet unpacks to 1.4 GB is refused
/// at once, before anything is inflated.
#[test]
fn a_workbook_that_would_inflate_past_reason_is_refused_at_once() {
    let mut book = enrol(vec![vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)]]);
    // Each central-directory entry (signature PK\x01\x02) keeps the
    // uncompressed size at offset 24: declare 1.4 GB for every part.
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let mut i = 0;
    let mut patched = 0;
    while i + 28 <= book.len() {
        if book[i..i + 4] == sig {
            book[i + 24..i + 28].copy_from_slice(&1_400_000_000u32.to_le_bytes());
            patched += 1;
            i += 46;
        } else {
            i += 1;
        }
    }
    assert!(patched > 0);
    // Refused from the directory: the sheets were never read (that would be
    // a reader error or a sheet problem, not this one).
    let f = load_err(&[("bomb.xlsx", &book)]);
    let p = only(&f.problems);
    assert!(matches!(p.kind, ProblemKind::Inflates { .. }), "{p:?}");
    assert!(p.line(Lang::En).contains("refused"), "{}", p.line(Lang::En));
}
