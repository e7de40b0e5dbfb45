//! Every accepted layout loads from a small fixture with exact totals.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::*;
use seatcast::grades::{Grade, GradeSystem, Level};
use seatcast::model::SheetKind;

fn county(enrolment: (&str, Vec<Vec<C>>)) -> Vec<u8> {
    xlsx(&[
        ("学校名册", roster_rows()),
        enrolment,
        ("出生人口", births_rows()),
    ])
}

fn sheet_kind(l: &seatcast::import::Loaded, sheet: &str) -> SheetKind {
    l.dataset
        .sources
        .iter()
        .flat_map(|s| &s.sheets)
        .find(|s| s.name == sheet)
        .map(|s| s.kind)
        .unwrap_or_else(|| panic!("no sheet {sheet}"))
}

#[test]
fn long_layout_with_title_block_merged_cells_and_numbers_as_text() {
    let book = county((
        "在校生",
        vec![
            vec![T("城关镇小学在校生统计表")],
            vec![T("单位：人")],
            vec![
                T("学校名称"),
                T("学年"),
                T("年级"),
                T("在校生数"),
                T("班级数"),
            ],
            vec![
                T("东关小学"),
                T("2023-2024学年"),
                T("一年级"),
                T("１２０"),
                N(3.0),
            ],
            vec![E, E, T("二年级"), T("118"), N(3.0)],
            vec![E, T("2024/25"), T("一年级"), N(110.0), N(3.0)],
            vec![T("西街小学"), T("2024年"), T("一年级"), T("1,005"), N(20.0)],
            vec![T("西街小学"), Date(2024, 9, 15), T("二 年级"), N(98.0)],
        ],
    ));
    let l = load_ok(&[("county.xlsx", &book)]);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(pupils(&l, "东关小学", 2023, 1), Some(120.0));
    assert_eq!(pupils(&l, "东关小学", 2023, 2), Some(118.0));
    assert_eq!(pupils(&l, "东关小学", 2024, 1), Some(110.0));
    assert_eq!(pupils(&l, "西街小学", 2024, 1), Some(1005.0));
    assert_eq!(pupils(&l, "西街小学", 2024, 2), Some(98.0));
    assert_eq!(l.dataset.enrolment.len(), 5);
    let classes: Vec<Option<f64>> = l.dataset.enrolment.iter().map(|e| e.classes).collect();
    assert_eq!(
        classes,
        vec![Some(3.0), Some(3.0), Some(3.0), Some(20.0), None]
    );
    assert_eq!(sheet_kind(&l, "在校生"), SheetKind::EnrolmentLong);
    assert_eq!(l.dataset.grade_system, GradeSystem::SixThreeThree);
}

#[test]
fn wide_layout_one_sheet_per_year_with_total_column_and_total_row() {
    let header = || {
        let mut h = vec![T("学校代码"), T("学校名称")];
        h.extend(["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"].map(T));
        h.push(T("合计"));
        h
    };
    let row = |code: &'static str, name: &'static str, base: f64| {
        let mut r = vec![T(code), T(name)];
        let counts: Vec<f64> = (0..6).map(|g| base + g as f64).collect();
        r.extend(counts.iter().map(|n| N(*n)));
        r.push(N(counts.iter().sum()));
        r
    };
    let roster = vec![
        vec![
            T("学校代码"),
            T("学校名称"),
            T("学段"),
            T("乡镇"),
            T("教室数"),
        ],
        vec![T("001"), T("东关小学"), T("小学"), T("城关镇"), N(12.0)],
        vec![T("002"), T("西街小学"), T("小学"), T("城关镇"), N(6.0)],
    ];
    let year = |y: &'static str, base: f64| -> Vec<Vec<C>> {
        vec![
            vec![S(format!("{y}秋季学期在校生数"))],
            header(),
            row("001", "东关小学", base),
            row("002", "西街小学", base / 2.0),
            // The county's grade-1 total, checked against the two schools.
            vec![T("合计"), E, N(base * 1.5)],
        ]
    };
    let book = xlsx(&[
        ("名册", roster),
        ("2024年", year("2024年", 40.0)),
        ("2025年", year("2025年", 50.0)),
        ("出生人口", births_rows()),
    ]);
    let l = load_ok(&[("wide.xlsx", &book)]);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    // 40+41+…+45 = 255; 20+…+25 = 135; 50+…+55 = 315; 25+…+30 = 165.
    assert_eq!(total(&l, "东关小学", 2024), 255.0);
    assert_eq!(total(&l, "西街小学", 2024), 135.0);
    assert_eq!(total(&l, "东关小学", 2025), 315.0);
    assert_eq!(total(&l, "西街小学", 2025), 165.0);
    assert_eq!(
        l.dataset.schools.len(),
        2,
        "schools matched by code, the total row skipped"
    );
    assert_eq!(sheet_kind(&l, "2024年"), SheetKind::EnrolmentWide);
}

#[test]
fn total_column_that_disagrees_is_an_error_at_its_cell() {
    let book = county((
        "2024",
        vec![
            vec![T("学校名称"), T("一年级"), T("二年级"), T("合计")],
            vec![T("东关小学"), N(40.0), N(41.0), N(90.0)],
        ],
    ));
    let f = load_err(&[("t.xlsx", &book)]);
    let errors: Vec<_> = f.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].location.cell_text(), "2024!D2");
    assert!(matches!(
        errors[0].kind,
        seatcast::diagnostics::ProblemKind::TotalMismatch {
            stated: 90.0,
            sum: 81.0
        }
    ));
}

#[test]
fn total_row_that_disagrees_is_an_error_at_its_cell() {
    let book = county((
        "2024",
        vec![
            vec![T("学校名称"), T("一年级"), T("二年级")],
            vec![T("东关小学"), N(40.0), N(41.0)],
            vec![T("西街小学"), N(20.0), N(21.0)],
            vec![T("合计"), N(60.0), N(63.0)],
        ],
    ));
    let f = load_err(&[("t.xlsx", &book)]);
    let errors: Vec<_> = f.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].location.cell_text(), "2024!C4");
    assert!(matches!(
        &errors[0].kind,
        seatcast::diagnostics::ProblemKind::TotalRowMismatch {
            stated: 63.0,
            sum: 62.0,
            from_row: 2,
            to_row: 3,
            ..
        }
    ));
}

#[test]
fn english_headers_k12_and_school_year_labels() {
    let enrol = vec![
        vec![
            T("School"),
            T("Year"),
            T("Grade K"),
            T("Grade 1"),
            T("Grade 2"),
        ],
        vec![T("Davey"), T("2023-24"), N(60.0), N(62.0), N(58.0)],
        vec![T("Davey"), T("2024-25"), N(55.0), N(61.0), N(63.0)],
    ];
    let roster = vec![
        vec![T("School"), T("Grades"), T("Classrooms")],
        vec![T("Davey"), T("K-5"), N(18.0)],
    ];
    let births = vec![
        vec![T("year"), T("births")],
        vec![T("2018"), T("1,020")],
        vec![T("2019"), T("980")],
    ];
    let book = xlsx(&[
        ("Enrolment", enrol),
        ("Schools", roster),
        ("Births", births),
    ]);
    let l = load_ok(&[("en.xlsx", &book)]);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(l.dataset.grade_system, GradeSystem::K12);
    assert_eq!(pupils(&l, "Davey", 2023, 0), Some(60.0));
    assert_eq!(pupils(&l, "Davey", 2024, 2), Some(63.0));
    let davey = &l.dataset.schools[0];
    assert_eq!(davey.span.lo, Grade::K);
    assert_eq!(davey.level, Level::Primary);
    assert_eq!(
        l.dataset.births.iter().map(|b| b.births).sum::<f64>(),
        2000.0
    );
    assert!(l.dataset.births.iter().all(|b| b.area.is_none()));
}

#[test]
fn one_row_per_class_section_sums_pupils_and_counts_classes() {
    let sections = vec![
        vec![T("School"), T("Grade K"), T("Grade 1")],
        vec![T("Davey"), N(17.0), N(20.0)],
        vec![E, N(15.0), N(20.0)],
        vec![E, N(16.0)],
        vec![T("Flynn"), N(18.0), N(19.0)],
    ];
    let book = xlsx(&[("2019-09-20", sections)]);
    let l = load_ok(&[("Third Friday.xlsx", &book)]);
    assert_eq!(pupils(&l, "Davey", 2019, 0), Some(48.0));
    assert_eq!(pupils(&l, "Davey", 2019, 1), Some(40.0));
    assert_eq!(pupils(&l, "Flynn", 2019, 0), Some(18.0));
    let classes = |school: &str, grade: i8| {
        let i = l.dataset.school_index(school).unwrap();
        l.dataset
            .enrolment_of(i)
            .iter()
            .find(|e| e.grade.0 == grade)
            .and_then(|e| e.classes)
    };
    assert_eq!(classes("Davey", 0), Some(3.0));
    assert_eq!(classes("Davey", 1), Some(2.0));
    assert_eq!(classes("Flynn", 1), Some(1.0));
    assert_eq!(sheet_kind(&l, "2019-09-20"), SheetKind::EnrolmentSections);
}

#[test]
fn two_row_header_with_classes_and_pupils_per_grade() {
    let enrol = vec![
        vec![T("学校名称"), T("一年级"), E, T("二年级"), E],
        vec![E, T("班数"), T("人数"), T("班数"), T("人数")],
        vec![T("东关小学"), N(3.0), N(120.0), N(3.0), N(118.0)],
    ];
    let book = county(("2025年", enrol));
    let l = load_ok(&[("two-row.xlsx", &book)]);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let i = l.dataset.school_index("东关小学").unwrap();
    let recs: Vec<(i8, f64, Option<f64>)> = l
        .dataset
        .enrolment_of(i)
        .iter()
        .map(|e| (e.grade.0, e.pupils, e.classes))
        .collect();
    assert_eq!(recs, vec![(1, 120.0, Some(3.0)), (2, 118.0, Some(3.0))]);
}

#[test]
fn births_as_areas_by_years_and_as_years_by_areas() {
    let wide = vec![
        vec![T("各乡镇出生人口")],
        vec![T("乡镇（街道）"), T("2017年"), T("2018年"), T("2019年")],
        vec![T("城关镇"), N(900.0), N(850.0), N(800.0)],
        vec![T("东乡"), N(300.0), T("280"), N(260.0)],
        vec![T("合计"), N(1200.0), N(1130.0), N(1060.0)],
    ];
    let transposed = vec![
        vec![T("年份"), T("城关镇"), T("东乡")],
        vec![T("2017"), N(900.0), N(300.0)],
        vec![T("2018年"), N(850.0), N(280.0)],
        vec![N(2019.0), N(800.0), N(260.0)],
    ];
    let enrol = vec![
        vec![T("学校名称"), T("年份"), T("年级"), T("人数")],
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
    ];
    for births in [wide, transposed] {
        let book = xlsx(&[("在校生", enrol.clone()), ("出生人口", births)]);
        let l = load_ok(&[("b.xlsx", &book)]);
        let b = &l.dataset.births;
        assert_eq!(b.len(), 6);
        assert_eq!(b.iter().map(|b| b.births).sum::<f64>(), 3390.0);
        let dong: f64 = b
            .iter()
            .filter(|b| b.area.as_deref() == Some("东乡"))
            .map(|b| b.births)
            .sum();
        assert_eq!(dong, 840.0);
        assert_eq!(l.dataset.birth_years(), vec![2017, 2018, 2019]);
    }
}

#[test]
fn csv_files_in_gb18030_and_utf8_with_bom_in_any_order() {
    let enrol_text =
        "学校名称,年份,年级,在校生数\n东关小学,2024,一年级,40\n东关小学,2024,二年级,\"1,001\"\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(enrol_text);
    let roster = "\u{feff}学校名称,学段,乡镇,教室数\n东关小学,小学,城关镇,12\n";
    let births = "乡镇\t年份\t出生人口\n城关镇\t2018\t850\n";
    let a = load_ok(&[
        ("在校生.csv", &gbk),
        ("名册.csv", roster.as_bytes()),
        ("出生.tsv", births.as_bytes()),
    ]);
    let b = load_ok(&[
        ("出生.tsv", births.as_bytes()),
        ("名册.csv", roster.as_bytes()),
        ("在校生.csv", &gbk),
    ]);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    assert_eq!(total(&a, "东关小学", 2024), 1041.0);
    assert_eq!(a.dataset.schools, b.dataset.schools);
    assert_eq!(a.dataset.enrolment, b.dataset.enrolment);
    assert_eq!(a.dataset.births, b.dataset.births);
    assert_eq!(a.dataset.schools[0].classrooms, Some(12.0));
}

#[test]
fn legacy_xls_workbook() {
    let bytes = std::fs::read("tests/fixtures/legacy.xls").unwrap();
    let l = load_ok(&[("legacy.xls", &bytes)]);
    assert_eq!(total(&l, "东关小学", 2024), 78.0);
    assert_eq!(total(&l, "东关小学", 2025), 77.0);
}

#[test]
fn five_four_system_from_junior_labels() {
    let enrol = vec![
        vec![
            T("学校名称"),
            T("年份"),
            T("初一"),
            T("初二"),
            T("初三"),
            T("初四"),
        ],
        vec![T("一中"), N(2024.0), N(200.0), N(190.0), N(185.0), N(180.0)],
    ];
    let roster = vec![
        vec![T("学校名称"), T("学段"), T("开设年级")],
        vec![T("一中"), T("初中"), T("6-9")],
    ];
    let book = xlsx(&[("在校生", enrol), ("名册", roster)]);
    let l = load_ok(&[("54.xlsx", &book)]);
    assert_eq!(l.dataset.grade_system, GradeSystem::FiveFourThree);
    assert_eq!(pupils(&l, "一中", 2024, 6), Some(200.0));
    assert_eq!(pupils(&l, "一中", 2024, 9), Some(180.0));
    assert_eq!(l.dataset.schools[0].level, Level::Junior);
}

#[test]
fn grade_system_can_be_overridden() {
    let enrol = vec![
        vec![T("学校名称"), T("年份"), T("年级"), T("人数")],
        vec![T("东关小学"), N(2024.0), T("初一"), N(40.0)],
    ];
    let book = xlsx(&[("在校生", enrol)]);
    let files = [seatcast::import::MemoryFile {
        name: "x.xlsx",
        bytes: &book,
    }];
    let opts = seatcast::import::ImportOptions {
        grade_system: Some(GradeSystem::FiveFourThree),
        ..Default::default()
    };
    let l = seatcast::import::load_memory(&files, &opts).unwrap();
    assert!(!l.grade_system_inferred);
    assert_eq!(l.dataset.enrolment[0].grade, Grade(6));
}

#[test]
fn roster_with_merged_township_cells_coordinates_and_feeders() {
    let roster = vec![
        vec![
            T("学校名称"),
            T("学段"),
            T("乡镇"),
            T("经度"),
            T("纬度"),
            T("核定学位"),
            T("对口初中"),
        ],
        vec![
            T("东关小学"),
            T("小学"),
            T("城关镇"),
            N(114.30),
            N(30.60),
            N(1350.0),
            T("城关中学"),
        ],
        vec![
            T("西街小学"),
            T("小学"),
            E,
            N(114.28),
            N(30.61),
            E,
            T("城关中学"),
        ],
        vec![
            T("城关中学"),
            T("初级中学"),
            E,
            N(114.31),
            N(30.62),
            N(2000.0),
        ],
    ];
    let enrol = vec![
        vec![T("学校名称"), T("年份"), T("年级"), T("人数")],
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        vec![T("城关中学"), N(2024.0), T("初一"), N(300.0)],
    ];
    let book = xlsx(&[("名册", roster), ("在校生", enrol)]);
    let l = load_ok(&[("r.xlsx", &book)]);
    let d = &l.dataset;
    assert!(
        d.schools
            .iter()
            .all(|s| s.area.as_deref() == Some("城关镇"))
    );
    let junior = d.school_index("城关中学").unwrap();
    assert_eq!(d.schools[0].feeder, Some(junior));
    assert_eq!(d.schools[1].feeder, Some(junior));
    assert_eq!(d.schools[junior].level, Level::Junior);
    assert_eq!(d.schools[0].approved_seats, Some(1350.0));
    let (a, b) = (d.schools[0].coords.unwrap(), d.schools[1].coords.unwrap());
    // 0.02° of longitude at 30.6° N and 0.01° of latitude: about 1.92 km and 1.11 km.
    let km = a.distance_km(b).unwrap();
    assert!((km - 2.22).abs() < 0.02, "{km}");
}

#[test]
fn a_row_per_pupil_is_counted_into_grades_and_classes() {
    let mut rows = vec![
        vec![S("某县2024年秋季学期在校学生名单".into())],
        vec![
            T("学籍号"),
            T("姓名"),
            T("性别"),
            T("出生日期"),
            T("学校名称"),
            T("年级"),
            T("班级"),
        ],
    ];
    // 东关小学: 一年级 3 pupils in two classes, 二年级 2 in one; 西街小学: 一年级 1.
    type Pupil = (
        &'static str,
        &'static str,
        (u16, u8, u8),
        &'static str,
        &'static str,
        &'static str,
    );
    let roll: [Pupil; 7] = [
        ("G001", "张一", (2018, 3, 2), "东关小学", "一年级", "1班"),
        ("G002", "李二", (2018, 9, 30), "东关小学", "一年级", "2班"),
        ("G003", "王三", (2017, 12, 1), "东关小学", "一年级", "1班"),
        ("G004", "赵四", (2016, 5, 5), "东关小学", "二年级", "1班"),
        // Born 2010: nine on 31 August 2024, far too old for grade 2.
        ("G005", "钱五", (2010, 1, 1), "东关小学", "二年级", "1班"),
        ("G006", "孙六", (2018, 1, 1), "西街小学", "一年级", "1班"),
        // The same pupil twice.
        ("G006", "孙六", (2018, 1, 1), "西街小学", "一年级", "1班"),
    ];
    for (id, name, (y, m, d), school, grade, class) in roll {
        rows.push(vec![
            S(id.into()),
            S(name.into()),
            T("男"),
            Date(y, m, d),
            S(school.into()),
            S(grade.into()),
            S(class.into()),
        ]);
    }
    let book = county(("学籍", rows));
    let l = load_ok(&[("xueji.xlsx", &book)]);
    assert_eq!(pupils(&l, "东关小学", 2024, 1), Some(3.0));
    assert_eq!(pupils(&l, "东关小学", 2024, 2), Some(2.0));
    assert_eq!(pupils(&l, "西街小学", 2024, 1), Some(1.0));
    let i = l.dataset.school_index("东关小学").unwrap();
    let classes: Vec<Option<f64>> = l
        .dataset
        .enrolment_of(i)
        .iter()
        .map(|e| e.classes)
        .collect();
    assert_eq!(classes, vec![Some(2.0), Some(1.0)]);
    assert_eq!(sheet_kind(&l, "学籍"), SheetKind::EnrolmentStudents);
    let kinds: Vec<&seatcast::diagnostics::ProblemKind> =
        l.warnings.iter().map(|p| &p.kind).collect();
    assert!(
        kinds.iter().any(|k| matches!(
            k,
            seatcast::diagnostics::ProblemKind::AgeOutsideGrade {
                grade: Grade(2),
                outside: 1,
                of: 2,
                ..
            }
        )),
        "{kinds:?}"
    );
    let dup = l
        .warnings
        .iter()
        .find(|p| {
            matches!(
                p.kind,
                seatcast::diagnostics::ProblemKind::DuplicatePupil { .. }
            )
        })
        .expect("the pupil listed twice");
    assert_eq!(dup.location.cell_text(), "学籍!A9");
    assert!(l.notes.iter().any(|n| matches!(
        n.note,
        seatcast::import::notes::Note::Students {
            rows: 6,
            classes: true
        }
    )));
}

#[test]
fn grades_in_every_spelling_and_parts_of_a_grade_in_one_sheet() {
    // 男 + 女 under one grade add up; beside the grade's own total they are left out.
    let enrol = vec![
        vec![T("学校名称"), T("一年级"), E, T("二年级"), E, E],
        vec![E, T("男"), T("女"), T("合计"), T("男"), T("其中：女")],
        vec![T("东关小学"), N(20.0), N(21.0), N(40.0), N(19.0), N(21.0)],
    ];
    let book = county(("2025年", enrol));
    let l = load_ok(&[("parts.xlsx", &book)]);
    assert_eq!(pupils(&l, "东关小学", 2025, 1), Some(41.0));
    assert_eq!(pupils(&l, "东关小学", 2025, 2), Some(40.0));
    use seatcast::import::notes::Note;
    assert!(
        l.notes
            .iter()
            .any(|n| matches!(&n.note, Note::GradeParts { columns, .. } if columns.len() == 2))
    );
    assert!(
        l.notes
            .iter()
            .any(|n| matches!(&n.note, Note::Subsets { columns } if columns.len() == 2))
    );
}

#[test]
fn a_bare_year_sheet_name_in_an_english_file_is_a_spring_year_and_says_so() {
    let rows = vec![
        vec![T("School"), T("Grade K"), T("Grade 1")],
        vec![T("Davey"), N(20.0), N(21.0)],
    ];
    let book = xlsx(&[("2024", rows.clone())]);
    let l = load_ok(&[("en.xlsx", &book)]);
    assert_eq!(l.dataset.fall_years(), vec![2023]);
    use seatcast::import::notes::{Note, YearSource};
    assert!(l.notes.iter().any(|n| matches!(
        &n.note,
        Note::Years { source: YearSource::SheetName, fall: 2023, label, .. } if label == "2024"
    )));
    // A Chinese file names the fall.
    let zh = vec![
        vec![T("学校名称"), T("一年级")],
        vec![T("东关小学"), N(20.0)],
    ];
    let book = county(("2024", zh));
    let l = load_ok(&[("zh.xlsx", &book)]);
    assert_eq!(l.dataset.fall_years(), vec![2024]);
}

#[test]
fn a_heading_row_is_not_a_school() {
    let enrol = vec![
        vec![T("学校名称"), T("一年级"), T("二年级")],
        vec![T("一、城区学校")],
        vec![T("东关小学"), N(40.0), N(41.0)],
        vec![T("城区小学")],
        vec![T("西街小学"), N(20.0), N(21.0)],
    ];
    let book = county(("2025年", enrol));
    let l = load_ok(&[("h.xlsx", &book)]);
    assert_eq!(l.dataset.schools.len(), 2);
}

/// A roster's 办学性质 column says who runs each school: 民办 is private
/// whatever the name says, 公办 the county's; the name decides where the
/// column is blank (私立 in it: private).
#[test]
fn the_ownership_column_says_who_runs_a_school() {
    use seatcast::model::Ownership;
    let roster = vec![
        vec![T("学校名称"), T("学段"), T("乡镇"), T("办学性质")],
        vec![T("东关小学"), T("小学"), T("城关镇"), T("民办")],
        vec![T("西街小学"), T("小学"), T("城关镇"), T("公办")],
        vec![T("私立育才小学"), T("小学"), T("城关镇"), E],
    ];
    let enrol = vec![
        vec![T("学校名称"), T("年份"), T("年级"), T("人数")],
        vec![T("东关小学"), N(2024.0), T("一年级"), N(40.0)],
        vec![T("西街小学"), N(2024.0), T("一年级"), N(50.0)],
        vec![T("私立育才小学"), N(2024.0), T("一年级"), N(30.0)],
    ];
    let book = xlsx(&[("名册", roster), ("在校生", enrol)]);
    let l = load_ok(&[("r.xlsx", &book)]);
    let who = |name: &str| {
        let d = &l.dataset;
        d.schools[d.school_index(name).unwrap()].ownership()
    };
    assert_eq!(who("东关小学"), Ownership::Private);
    assert_eq!(who("西街小学"), Ownership::County);
    assert_eq!(who("私立育才小学"), Ownership::Private);
}

/// Taiwan's national table keys districts by city: 東區 is in 新竹市 and in
/// 嘉義市. Two districts of one name stay two areas, named with their city;
/// a district whose name is unique keeps its own name (issue 39: `check`
/// counted one 東區 of 42 schools across four cities).
#[test]
fn two_districts_named_alike_in_two_cities_stay_two_areas() {
    let csv = "學年度,縣市名稱,鄉鎮市區,學校代碼,學校名稱,1年級男學生數,1年級女學生數\n\
               113,新竹市,東區,183601,新竹東國小,30,31\n\
               113,新竹市,北區,183602,新竹北國小,20,22\n\
               113,嘉義市,東區,203601,嘉義東國小,25,24\n\
               113,嘉義市,東區,203602,嘉義東二國小,15,14\n\
               113,臺東縣,臺東市,143601,臺東國小,40,38\n";
    let l = load_ok(&[("全國國小.csv", csv.as_bytes())]);
    let area = |name: &str| {
        let d = &l.dataset;
        d.schools[d.school_index(name).unwrap()].area.clone()
    };
    assert_eq!(area("新竹東國小").as_deref(), Some("新竹市 東區"));
    assert_eq!(area("嘉義東國小").as_deref(), Some("嘉義市 東區"));
    assert_eq!(area("嘉義東二國小").as_deref(), Some("嘉義市 東區"));
    assert_eq!(area("新竹北國小").as_deref(), Some("北區"));
    assert_eq!(area("臺東國小").as_deref(), Some("臺東市"));
    let areas: std::collections::BTreeSet<_> = l
        .dataset
        .schools
        .iter()
        .filter_map(|s| s.area.clone())
        .collect();
    assert_eq!(areas.len(), 4);
}

/// A school whose grade cells are empty in every row (and no roster) is
/// left out, and a note names it; a school empty in one fall only is kept
/// (issue 39: four 大園區 schools went without a word).
#[test]
fn schools_with_no_pupils_are_named_when_left_out() {
    let csv = "学校名称,年份,一年级,二年级\n\
               甲校,2024,30,31\n\
               乙校,2024,,\n\
               乙校,2025,,\n\
               丙校,2024,0,0\n\
               丙校,2025,12,10\n";
    let l = load_ok(&[("在校生.csv", csv.as_bytes())]);
    let names: Vec<&str> = l.dataset.schools.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["甲校", "丙校"]);
    let note = l
        .notes
        .iter()
        .find_map(|n| match &n.note {
            seatcast::import::notes::Note::EmptySchools { schools } => Some(schools.clone()),
            _ => None,
        })
        .expect("a note names the school left out");
    assert_eq!(note, ["乙校"]);
}
