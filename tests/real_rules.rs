//! The rules issue 27 set for files nobody wrote for Seatcast, on small
//! workbooks made here: a total column that disagrees everywhere is a
//! misreading; a row-per-pupil export is one count; a traditional-Chinese
//! official table with 民国 years and boys/girls columns reads as it is.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::*;
use seatcast::diagnostics::ProblemKind;
use seatcast::import::notes::{CensusSource, Note};

/// A US-style sheet: School ID, School, K, 01 … 03, Total.
fn us_sheet(rows: &[(&str, &str, [f64; 4], f64)]) -> Vec<u8> {
    let mut out = vec![vec![
        T("School ID"),
        T("School"),
        T("K"),
        T("01"),
        T("02"),
        T("03"),
        T("Total"),
    ]];
    for (id, name, grades, total) in rows {
        let mut r = vec![S(id.to_string()), S(name.to_string())];
        r.extend(grades.iter().map(|g| N(*g)));
        r.push(N(*total));
        out.push(r);
    }
    xlsx(&[("2024", out)])
}

#[test]
fn a_total_that_disagrees_on_every_row_is_a_misreading() {
    // Every row's grades are half its total (a grade column per pair
    // missed, say): refused, each row located, the mapping step asked for.
    let book = us_sheet(&[
        ("101", "Adams", [10.0, 10.0, 10.0, 10.0], 80.0),
        ("102", "Baker", [20.0, 22.0, 18.0, 20.0], 160.0),
        ("103", "Clark", [5.0, 6.0, 7.0, 8.0], 52.0),
        ("104", "Dunn", [9.0, 9.0, 9.0, 9.0], 72.0),
    ]);
    let f = load(&[("halved.xlsx", &book)]).expect_err("refused");
    let cells: Vec<String> = f
        .errors()
        .filter(|p| matches!(p.kind, ProblemKind::TotalMismatch { .. }))
        .map(|p| p.location.cell_text())
        .collect();
    assert_eq!(cells, ["2024!G2", "2024!G3", "2024!G4", "2024!G5"]);
    assert!(f.sheets.iter().any(|s| s.needs_mapping));
}

#[test]
fn a_total_that_disagrees_on_a_scattered_row_is_the_files_own_slip() {
    // One row of six disagrees (the file's slip): loaded as the grades
    // say, with one warning giving the rows, the pupils and the cell.
    let mut rows = vec![("201", "Eton", [10.0, 11.0, 12.0, 13.0], 46.0)];
    for (i, name) in ["Fox", "Gale", "Hart", "Ives"].iter().enumerate() {
        let n = 20.0 + i as f64;
        rows.push(("", name, [n, n, n, n], 4.0 * n));
    }
    let ids = ["202", "203", "204", "205"];
    let rows: Vec<(&str, &str, [f64; 4], f64)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (if i == 0 { r.0 } else { ids[i - 1] }, r.1, r.2, r.3))
        .chain(std::iter::once(("206", "Jay", [1.0, 2.0, 3.0, 4.0], 17.0)))
        .collect();
    let l = load(&[("slip.xlsx", &us_sheet(&rows))]).expect("loads");
    let slips: Vec<&ProblemKind> = l
        .warnings
        .iter()
        .map(|p| &p.kind)
        .filter(|k| matches!(k, ProblemKind::TotalSlips { .. }))
        .collect();
    assert_eq!(
        slips,
        [&ProblemKind::TotalSlips {
            header: "Total".into(),
            rows: 1,
            of: 6,
            pupils: 7.0,
            first: vec!["2024!G7".into()],
        }]
    );
    // Jay's grades are the data: 1 + 2 + 3 + 4.
    let jay = l.dataset.school_index("Jay").unwrap();
    assert_eq!(l.dataset.school_total(jay, 2023), 10.0);
}

#[test]
fn a_row_per_pupil_export_is_one_count_whatever_the_entry_dates() {
    // 2024年秋季学期: six grades, pupils who entered 2019 … 2024. Filed by
    // the term, all 21 pupils are in fall 2024, grade by grade.
    let mut rows = vec![
        vec![S("城关镇中心小学2024年秋季学期学生名单".into())],
        vec![
            T("学籍号"),
            T("姓名"),
            T("性别"),
            T("学校名称"),
            T("年级"),
            T("班级"),
            T("入学年月"),
        ],
    ];
    let mut n = 0;
    for grade in 1..=6u16 {
        for _ in 0..grade.min(4) + 1 {
            n += 1;
            rows.push(vec![
                S(format!("G{n:04}")),
                S(format!("学生{n}")),
                T("女"),
                T("城关镇中心小学"),
                S(format!(
                    "{}年级",
                    ["一", "二", "三", "四", "五", "六"][grade as usize - 1]
                )),
                T("1班"),
                S(format!("{}-09", 2025 - grade)),
            ]);
        }
    }
    let l = load(&[("学籍.xlsx", &xlsx(&[("名单", rows)]))]).expect("loads");
    let d = &l.dataset;
    assert_eq!(d.fall_years(), vec![2024]);
    let by_grade: Vec<f64> = (1..=6)
        .map(|g| {
            d.enrolment
                .iter()
                .filter(|e| e.year == 2024 && e.grade.0 == g)
                .map(|e| e.pupils)
                .sum()
        })
        .collect();
    assert_eq!(by_grade, [2.0, 3.0, 4.0, 5.0, 5.0, 5.0]);
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::CensusYear {
            fall: 2024,
            source: CensusSource::Title,
            ..
        }
    )));
}

#[test]
fn a_row_per_pupil_export_with_no_year_anywhere_asks_for_one() {
    let rows = vec![
        vec![
            T("学籍号"),
            T("姓名"),
            T("学校名称"),
            T("年级"),
            T("入学年月"),
        ],
        vec![T("G1"), T("甲"), T("城关小学"), T("一年级"), T("2024-09")],
        vec![T("G2"), T("乙"), T("城关小学"), T("二年级"), T("2023-09")],
    ];
    let f = load(&[("名单.xlsx", &xlsx(&[("学生", rows)]))]).expect_err("asks");
    assert!(f.errors().any(|p| p.kind == ProblemKind::NoYear));
    assert!(f.sheets.iter().any(|s| s.needs_mapping));
}

#[test]
fn a_traditional_chinese_official_table_loads_with_no_mapping() {
    // 學年度 113 is fall 2024; boys and girls of a grade add up; 班級數 are
    // the grade's classes; names are kept as written.
    let mut header = vec![
        T("學年度"),
        T("學校代碼"),
        T("學校名稱"),
        T("鄉鎮市區"),
        T("經度"),
        T("緯度"),
    ];
    for g in 1..=6 {
        header.push(S(format!("{g}年級班級數")));
        header.push(S(format!("{g}年級男學生數")));
        header.push(S(format!("{g}年級女學生數")));
    }
    let school = |year: f64, code: &str, name: &str, town: &str, base: f64| {
        let mut r = vec![
            N(year),
            S(code.into()),
            S(name.into()),
            S(town.into()),
            N(121.2),
            N(24.9),
        ];
        for g in 1..=6 {
            let g = f64::from(g);
            r.extend([N(2.0), N(base + g), N(base + g - 1.0)]);
        }
        r
    };
    let rows = vec![
        header,
        school(113.0, "034601", "市立新屋國小", "新屋區", 20.0),
        school(113.0, "034602", "市立大坡國小", "新屋區", 10.0),
        school(112.0, "034601", "市立新屋國小", "新屋區", 21.0),
    ];
    let l = load(&[("國民小學校別資料.xlsx", &xlsx(&[("國小", rows)]))]).expect("loads");
    let d = &l.dataset;
    assert_eq!(d.fall_years(), vec![2023, 2024]);
    let xinwu = d.school_index("市立新屋國小").expect("name as written");
    // Fall 2024, grade 1: 21 boys + 20 girls; 2 classes.
    let e = d
        .enrolment
        .iter()
        .find(|e| e.school == xinwu && e.year == 2024 && e.grade.0 == 1)
        .expect("grade 1");
    assert_eq!((e.pupils, e.classes), (41.0, Some(2.0)));
    // Six grades: Σ (2·20 + 2g − 1) = 240 + 42 − 6.
    assert_eq!(d.school_total(xinwu, 2024), 276.0);
    assert_eq!(d.schools[xinwu].area.as_deref(), Some("新屋區"));
    // Longitude and latitude beside the pupils place the schools (no roster
    // here); outside mainland China they are never shifted as GCJ-02.
    assert_eq!(
        d.schools[xinwu].coords,
        Some(seatcast::model::Coords::LonLat {
            lon: 121.2,
            lat: 24.9
        })
    );
    assert!(!l.warnings.iter().any(|p| p.is_error()));
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::RocYears { header, fall: 2024, .. } if header == "學年度"
    )));
}

#[test]
fn projections_are_never_read_as_pupils() {
    let rows = vec![
        vec![
            T("学校名称"),
            T("一年级"),
            T("二年级"),
            T("2025年预测在校生"),
            T("Projected 2026"),
        ],
        vec![T("东关小学"), N(40.0), N(42.0), N(90.0), N(95.0)],
        vec![T("西街小学"), N(20.0), N(21.0), N(45.0), N(47.0)],
    ];
    let l = load(&[("在校生2024.xlsx", &xlsx(&[("2024年", rows)]))]).expect("loads");
    let i = l.dataset.school_index("东关小学").unwrap();
    assert_eq!(l.dataset.school_total(i, 2024), 82.0);
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::Projections { columns } if columns == &["2025年预测在校生", "Projected 2026"]
    )));
    // Only that no roster and no births came with it.
    let kinds: Vec<&ProblemKind> = l.warnings.iter().map(|p| &p.kind).collect();
    assert_eq!(kinds, [&ProblemKind::NoRoster, &ProblemKind::NoBirths]);
}

#[test]
fn columns_the_planner_left_out_raise_no_warning() {
    use seatcast::import::Role;
    use seatcast::import::{ImportOptions, Mapping, SheetMapping};
    let rows = vec![
        vec![T("学校"), T("甲"), T("乙"), T("备用")],
        vec![T("东关小学"), N(40.0), N(42.0), N(7.0)],
    ];
    let book = xlsx(&[("2024年", rows)]);
    let g = |n| {
        Some(Role::GradePupils(seatcast::grades::GradeLabel::Fixed(
            seatcast::grades::Grade(n),
        )))
    };
    let options = ImportOptions {
        mapping: Mapping {
            sheets: vec![SheetMapping {
                header: vec!["学校".into(), "甲".into(), "乙".into(), "备用".into()],
                header_rows: 1,
                roles: vec![Some(Role::SchoolName), g(1), g(2), Some(Role::Ignore)],
                years: None,
                year: None,
                sheet: None,
            }],
        },
        ..ImportOptions::default()
    };
    let l = load_with(&book, &options);
    let i = l.dataset.school_index("东关小学").unwrap();
    assert_eq!(l.dataset.school_total(i, 2024), 82.0);
    assert!(
        !l.warnings
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::UnplacedColumn { .. })),
        "{:?}",
        l.warnings
    );
}

#[test]
fn a_total_of_another_year_is_not_this_years_total() {
    // The 2024 sheet carries the 2023 total beside this year's grades.
    let rows = vec![
        vec![
            T("学校名称"),
            T("一年级"),
            T("二年级"),
            T("2023年在校生合计"),
        ],
        vec![T("东关小学"), N(40.0), N(42.0), N(77.0)],
        vec![T("西街小学"), N(20.0), N(21.0), N(44.0)],
    ];
    let l = load(&[("在校生.xlsx", &xlsx(&[("2024年", rows)]))]).expect("loads");
    let i = l.dataset.school_index("东关小学").unwrap();
    assert_eq!(l.dataset.school_total(i, 2024), 82.0);
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::OtherYearTotal { header } if header == "2023年在校生合计"
    )));
    assert!(
        !l.warnings
            .iter()
            .any(|p| p.is_error() || matches!(p.kind, ProblemKind::UnplacedColumn { .. }))
    );
}

#[test]
fn coordinates_beside_the_pupils_place_schools_and_a_roster_wins() {
    let enrolment = vec![
        vec![
            T("学校名称"),
            T("经度"),
            T("纬度"),
            T("一年级"),
            T("二年级"),
        ],
        vec![T("东关小学"), N(120.10), N(30.20), N(40.0), N(42.0)],
        vec![T("西街小学"), N(120.20), N(30.30), N(20.0), N(21.0)],
    ];
    // Alone: the table's GCJ-02 (the default) converted to WGS-84.
    let l = load(&[("在校生.xlsx", &xlsx(&[("2024年", enrolment.clone())]))]).expect("loads");
    let d = &l.dataset;
    let i = d.school_index("东关小学").unwrap();
    let (lon, lat) = coordtransform::gcj02_to_wgs84(120.10, 30.20);
    assert_eq!(
        d.schools[i].coords,
        Some(seatcast::model::Coords::LonLat { lon, lat })
    );
    assert!(lon < 120.10 - 0.003, "{lon}");
    // With a roster that places 东关小学 elsewhere, the roster's place stands.
    let roster = vec![
        vec![T("学校名称"), T("学段"), T("经度(WGS84)"), T("纬度(WGS84)")],
        vec![T("东关小学"), T("小学"), N(120.5), N(30.5)],
        vec![T("西街小学"), T("小学"), N(120.6), N(30.6)],
    ];
    let l = load(&[(
        "县.xlsx",
        &xlsx(&[("学校名册", roster), ("2024年", enrolment)]),
    )])
    .expect("loads");
    let d = &l.dataset;
    let i = d.school_index("东关小学").unwrap();
    assert_eq!(
        d.schools[i].coords,
        Some(seatcast::model::Coords::LonLat {
            lon: 120.5,
            lat: 30.5
        })
    );
}

#[test]
fn a_remembered_mapping_never_warns_on_other_files() {
    use seatcast::import::{ImportOptions, Mapping, Role, SheetMapping};
    let rows = vec![
        vec![T("学校名称"), T("一年级"), T("二年级")],
        vec![T("东关小学"), N(40.0), N(42.0)],
    ];
    let book = xlsx(&[("2024年", rows)]);
    let mapping = Mapping {
        sheets: vec![SheetMapping {
            header: vec!["學校名稱".into(), "其他".into()],
            header_rows: 1,
            roles: vec![Some(Role::SchoolName), None],
            years: None,
            year: Some(2024),
            sheet: None,
        }],
    };
    let unused = |remembered: bool| {
        let options = ImportOptions {
            mapping: mapping.clone(),
            mapping_remembered: remembered,
            ..ImportOptions::default()
        };
        let l = load_with(&book, &options);
        l.warnings
            .iter()
            .filter(|p| matches!(p.kind, ProblemKind::MappingUnused { .. }))
            .count()
    };
    // Given for these files (`--mapping`), a mapping that fits no sheet is said;
    // remembered from another file (the window), it is not.
    assert_eq!(unused(false), 1);
    assert_eq!(unused(true), 0);
}

/// One workbook loaded with these options.
fn load_with(book: &[u8], options: &seatcast::import::ImportOptions) -> seatcast::import::Loaded {
    let file = seatcast::import::MemoryFile {
        name: "a.xlsx",
        bytes: book,
    };
    seatcast::import::load_memory(&[file], options).expect("loads")
}
