//! The staff roster (教职工花名册) read beside the pupils: a row per member of
//! staff, in Chinese and in English; problems at their cells.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::diagnostics::ProblemKind;
use seatcast::import::{ImportOptions, MemoryFile, load_memory};
use seatcast::model::{Establishment, Post, Sex, SheetKind};

const ENROLMENT: &str = "学校名称,年份,一年级,二年级\n东关小学,2024,40,38\n东关小学,2025,42,40\n西岭村小,2024,6,5\n西岭村小,2025,5,6\n";

fn load(staff: &str) -> Result<seatcast::import::Loaded, seatcast::import::LoadFailure> {
    load_memory(
        &[
            MemoryFile {
                name: "在校生.csv",
                bytes: ENROLMENT.as_bytes(),
            },
            MemoryFile {
                name: "教职工.csv",
                bytes: staff.as_bytes(),
            },
        ],
        &ImportOptions::default(),
    )
}

#[test]
fn a_chinese_staff_roster_is_read_row_by_row() {
    let staff = "学校名称,工号,姓名,性别,出生日期,任教学科,岗位类别,编制情况,骨干级别,到校年份\n\
        东关小学,T001,张三,男,1966-03-15,语文,专任教师,在编,县级,2010\n\
        东关小学,T002,李四,女,1988年7月,小学英语,专任教师,非在编,,2019\n\
        东关小学,T003,王五,女,19750310,,工勤人员,在编,,\n\
        西岭村小,T004,赵六,男,1990/01/02,音乐,专任教师,临聘,校级,2023\n\
        合计,,,,,,,,,\n";
    let loaded = load(staff).expect("the load succeeds");
    let d = &loaded.dataset;
    let kinds: Vec<SheetKind> = d
        .sources
        .iter()
        .flat_map(|s| &s.sheets)
        .map(|s| s.kind)
        .collect();
    assert!(kinds.contains(&SheetKind::Teachers), "{kinds:?}");
    assert_eq!(d.teachers.len(), 4, "the total row is not a teacher");
    let dong = d.school_index("东关小学").expect("东关小学");
    let xi = d.school_index("西岭村小").expect("西岭村小");
    let t = &d.teachers[0];
    assert_eq!(t.school, dong);
    assert_eq!(t.key, "T001");
    assert_eq!(t.sex, Some(Sex::Male));
    assert_eq!(t.birth, Some((1966, 3)));
    assert_eq!(t.subject.as_deref(), Some("chinese"));
    assert_eq!(t.post, Post::Teaching);
    assert_eq!(t.establishment, Establishment::OnEstablishment);
    assert!(t.backbone);
    assert_eq!(t.arrived, Some(2010));
    let t = &d.teachers[1];
    assert_eq!(
        (t.birth, t.subject.as_deref()),
        (Some((1988, 7)), Some("foreign"))
    );
    assert_eq!(t.establishment, Establishment::Contract);
    assert!(!t.backbone);
    let t = &d.teachers[2];
    assert_eq!(
        (t.post, t.subject.as_deref(), t.birth),
        (Post::Worker, None, Some((1975, 3)))
    );
    let t = &d.teachers[3];
    assert_eq!(t.school, xi);
    assert_eq!(t.subject.as_deref(), Some("arts"));
    assert_eq!(t.establishment, Establishment::Temporary);
    assert!(!t.backbone, "校级 is below county level");
    // Nothing about the staff (the sample has no school roster or births).
    let other: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| !matches!(w.kind, ProblemKind::NoRoster | ProblemKind::NoBirths))
        .collect();
    assert!(other.is_empty(), "{other:?}");
    // The pupils are read as before.
    assert_eq!(d.pupils_by_year().get(&2025), Some(&93.0));
}

#[test]
fn an_english_staff_roster_is_read_too() {
    let enrolment = "School name,Year,Grade 1,Grade 2\nNorth Elementary,2025,40,38\n";
    let staff = "School name,Staff ID,Sex,Date of birth,Subject,Post,Establishment\n\
        North Elementary,7,F,1979-11-02,Mathematics,Teacher,Permanent\n\
        North Elementary,8,M,1961-05-01,Music,Teacher,Contract\n";
    let loaded = load_memory(
        &[
            MemoryFile {
                name: "enrolment.csv",
                bytes: enrolment.as_bytes(),
            },
            MemoryFile {
                name: "staff.csv",
                bytes: staff.as_bytes(),
            },
        ],
        &ImportOptions::default(),
    )
    .expect("the load succeeds");
    let t = &loaded.dataset.teachers;
    assert_eq!(t.len(), 2);
    assert_eq!(
        (t[0].sex, t[0].birth),
        (Some(Sex::Female), Some((1979, 11)))
    );
    assert_eq!(t[0].subject.as_deref(), Some("maths"));
    assert_eq!(t[0].establishment, Establishment::OnEstablishment);
    assert_eq!(t[1].subject.as_deref(), Some("arts"));
    assert_eq!(t[1].establishment, Establishment::Contract);
}

#[test]
fn staff_problems_are_reported_at_their_cells() {
    let staff = "学校名称,姓名,性别,出生日期,任教学科\n\
        东关小学,张三,男,1966-13-45,语文\n\
        南山中学,李四,女,1980-01-01,数学\n\
        西岭村小,王五,女,1985-05-05,书记\n";
    let failure = load(staff).expect_err("an unknown school and an impossible date are errors");
    let at = |kind: fn(&ProblemKind) -> bool| {
        failure.problems.iter().find(|p| kind(&p.kind)).map(|p| {
            (
                p.location.sheet.clone(),
                p.location.cell.map(|c| c.to_string()),
            )
        })
    };
    // Row 2 (the first teacher), column D: the birth date.
    assert_eq!(
        at(|k| matches!(k, ProblemKind::BadBirthDate { text } if text == "1966-13-45")),
        Some((Some("教职工".to_string()), Some("D2".to_string())))
    );
    // Row 3, column A: a school neither roster nor enrolment knows.
    assert_eq!(
        at(|k| matches!(k, ProblemKind::TeacherAtUnknownSchool { school } if school == "南山中学")),
        Some((Some("教职工".to_string()), Some("A3".to_string())))
    );
    // Row 4, column E: not a subject of the curriculum (a warning).
    assert_eq!(
        at(|k| matches!(k, ProblemKind::UnknownSubject { text } if text == "书记")),
        Some((Some("教职工".to_string()), Some("E4".to_string())))
    );
    assert_eq!(failure.errors().count(), 2);
}

#[test]
fn teachers_counted_by_school_and_subject_are_read_as_that_many() {
    // The wide table bureaus file: a column per subject.
    let staff = "学校名称,语文,数学,英语教师,音乐（人）,体育与健康,合计\n\
        东关小学,3,2,1,,1,7\n\
        西岭村小,1,1,0,0,0,2\n";
    let loaded = load(staff).expect("the load succeeds");
    let d = &loaded.dataset;
    assert_eq!(
        d.teachers.len(),
        9,
        "3 + 2 + 1 + 1 and 1 + 1; the total column is not a subject"
    );
    let dong = d.school_index("东关小学").expect("东关小学");
    let at = |school: usize, subject: &str| {
        d.teachers
            .iter()
            .filter(|t| t.school == school && t.subject.as_deref() == Some(subject))
            .count()
    };
    assert_eq!(
        (
            at(dong, "chinese"),
            at(dong, "maths"),
            at(dong, "foreign"),
            at(dong, "arts"),
            at(dong, "pe")
        ),
        (3, 2, 1, 0, 1)
    );
    let t = &d.teachers[0];
    assert_eq!(
        (t.post, t.establishment, t.birth),
        (Post::Teaching, Establishment::OnEstablishment, None)
    );
    assert!(
        loaded.notes.iter().any(|n| matches!(
            n.note,
            seatcast::import::Note::TeacherCounts {
                teachers: 9,
                subjects: 5
            }
        )),
        "{:?}",
        loaded.notes
    );

    // The long form: school, subject, a count.
    let staff = "学校名称,任教学科,教师人数\n东关小学,语文,3\n东关小学,音乐,1\n西岭村小,数学,2\n";
    let d = load(staff).expect("the load succeeds").dataset;
    assert_eq!(d.teachers.len(), 6);
    let xi = d.school_index("西岭村小").expect("西岭村小");
    assert_eq!(
        d.teachers
            .iter()
            .filter(|t| t.school == xi && t.subject.as_deref() == Some("maths"))
            .count(),
        2
    );

    // The same in English.
    let staff = "School,Chinese,Maths,English,Music teachers,PE\n东关小学,3,2,1,1,1\n";
    let d = load(staff).expect("the load succeeds").dataset;
    assert_eq!(d.teachers.len(), 8);
    assert_eq!(
        d.teachers
            .iter()
            .filter(|t| t.subject.as_deref() == Some("foreign"))
            .count(),
        1
    );

    // A count that is not a number is an error at its cell, nothing invented.
    let staff = "学校名称,语文,数学\n东关小学,三,2\n";
    let failure = load(staff).expect_err("a count that is not a number");
    let p = failure
        .problems
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::NotANumber { .. }))
        .expect("located");
    assert_eq!(
        p.location.cell.map(|c| c.to_string()),
        Some("B2".to_string())
    );
}

#[test]
fn qualification_and_title_are_read() {
    use seatcast::model::Qualification;
    let staff = "学校名称,姓名,任教学科,最高学历,职称\n\
        东关小学,张三,语文,本科,一级教师\n\
        东关小学,李四,数学,大专,\n\
        西岭村小,王五,音乐,全日制硕士研究生,二级教师\n";
    let d = load(staff).expect("the load succeeds").dataset;
    let q: Vec<Option<Qualification>> = d.teachers.iter().map(|t| t.qualification).collect();
    assert_eq!(
        q,
        [
            Some(Qualification::Bachelor),
            Some(Qualification::Associate),
            Some(Qualification::Master)
        ]
    );
    assert_eq!(d.teachers[0].title.as_deref(), Some("一级教师"));
    assert_eq!(d.teachers[1].title, None);
}
