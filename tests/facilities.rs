//! School facilities (办学条件) read beside the pupils, in Chinese and in
//! English, as their own sheet (a year column optional) or as roster
//! columns; problems at their cells.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::diagnostics::ProblemKind;
use seatcast::import::{ImportOptions, MemoryFile, load_memory};
use seatcast::model::SheetKind;

const ENROLMENT: &str = "学校名称,年份,一年级,二年级\n东关小学,2024,40,38\n东关小学,2025,42,40\n西岭村小,2024,6,5\n西岭村小,2025,5,6\n";

fn load(name: &str, text: &str) -> Result<seatcast::import::Loaded, seatcast::import::LoadFailure> {
    load_memory(
        &[
            MemoryFile {
                name: "在校生.csv",
                bytes: ENROLMENT.as_bytes(),
            },
            MemoryFile {
                name,
                bytes: text.as_bytes(),
            },
        ],
        &ImportOptions::default(),
    )
}

#[test]
fn a_facilities_sheet_is_read_by_school_and_year() {
    let text = "学校名称,年份,教学及辅助用房面积（m²）,体育运动场馆面积（m²）,教学仪器设备值（万元）,网络多媒体教室数\n\
        东关小学,2024,2400,3000,45.5,6\n\
        东关小学,2025,2600,3000,50,8\n\
        西岭村小,,300,1200,4.2,1\n";
    let loaded = load("办学条件.csv", text).expect("loads");
    let d = &loaded.dataset;
    let kinds: Vec<SheetKind> = d
        .sources
        .iter()
        .flat_map(|s| &s.sheets)
        .map(|s| s.kind)
        .collect();
    assert!(kinds.contains(&SheetKind::Facilities), "{kinds:?}");
    assert_eq!(d.facilities.len(), 3);
    let dong = d.school_index("东关小学").unwrap();
    let f = &d.facilities[1];
    assert_eq!((f.school, f.year), (dong, Some(2025)));
    assert_eq!(f.floor_m2, Some(2600.0));
    // 50 万元 is 500,000 元.
    assert_eq!(f.equipment_yuan, Some(500_000.0));
    assert_eq!(f.multimedia_rooms, Some(8.0));
    assert_eq!(d.facilities[2].year, None);
    assert_eq!(d.facilities[2].equipment_yuan, Some(42_000.0));
    // The pupils are read as before.
    assert_eq!(d.pupils_by_year().get(&2025), Some(&93.0));
}

#[test]
fn english_facility_columns_on_a_roster_are_read_too() {
    let text = "School,Level,Classrooms,Floor area,Sports ground area,Equipment value,Multimedia classrooms\n\
        东关小学,Primary,8,2400,3000,455000,6\n";
    let d = load("schools.csv", text).expect("loads").dataset;
    assert_eq!(d.facilities.len(), 1);
    let f = &d.facilities[0];
    assert_eq!(
        (
            f.floor_m2,
            f.sports_m2,
            f.equipment_yuan,
            f.multimedia_rooms
        ),
        (Some(2400.0), Some(3000.0), Some(455_000.0), Some(6.0))
    );
    let dong = d.school_index("东关小学").unwrap();
    assert_eq!(d.schools[dong].classrooms, Some(8.0));
}

#[test]
fn facility_problems_are_reported_at_their_cells() {
    let text = "学校名称,教学及辅助用房面积,体育运动场馆面积\n\
        东关小学,两千,3000\n\
        南山中学,1800,2000\n";
    let failure = load("办学条件.csv", text).expect_err("an unknown school is an error");
    let at = |kind: fn(&ProblemKind) -> bool| {
        failure
            .problems
            .iter()
            .find(|p| kind(&p.kind))
            .map(|p| p.location.cell.map(|c| c.to_string()))
    };
    assert_eq!(
        at(|k| matches!(k, ProblemKind::NotANumber { text, .. } if text == "两千")),
        Some(Some("B2".to_string()))
    );
    assert_eq!(
        at(
            |k| matches!(k, ProblemKind::FacilityAtUnknownSchool { school } if school == "南山中学")
        ),
        Some(Some("A3".to_string()))
    );
}
