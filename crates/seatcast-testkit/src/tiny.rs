//! The tiny county of crates/seatcast-engine/tests/engine.rs, every number of which is worked out by
//! hand there: area A has primary P (grades 1–2) feeding J (grade 3), area B
//! has primary Q (grades 1–2); falls 2020–2022.

use seatcast_core::grades::{Grade, GradeSpan, GradeSystem, Level};
use seatcast_core::model::{Births, Dataset, Enrolment, School};

pub fn school(
    name: &str,
    area: &str,
    lo: i8,
    hi: i8,
    classrooms: f64,
    feeder: Option<usize>,
) -> School {
    School {
        id: None,
        name: name.into(),
        level: Level::Primary,
        span: GradeSpan::new(Grade(lo), Grade(hi)),
        area: Some(area.into()),
        locale: None,
        coords: None,
        classrooms: Some(classrooms),
        approved_seats: None,
        feeder,
        opened: None,
        closed: None,
        in_roster: true,
        boarders: None,
        beds: None,
        ownership: None,
        remoteness: None,
    }
}

pub fn county() -> Dataset {
    let schools = vec![
        school("P", "A", 1, 2, 3.0, Some(1)),
        school("J", "A", 3, 3, 1.0, None),
        school("Q", "B", 1, 2, 2.0, None),
    ];
    let e = |school, year, grade, pupils| Enrolment {
        school,
        year,
        grade: Grade(grade),
        pupils,
        classes: None,
    };
    let mut enrolment = vec![
        e(0, 2020, 1, 40.0),
        e(0, 2020, 2, 40.0),
        e(0, 2021, 1, 50.0),
        e(0, 2021, 2, 40.0),
        e(0, 2022, 1, 60.0),
        e(0, 2022, 2, 45.0),
        e(1, 2020, 3, 30.0),
        e(1, 2021, 3, 36.0),
        e(1, 2022, 3, 36.0),
        e(2, 2020, 1, 25.0),
        e(2, 2021, 1, 30.0),
        e(2, 2021, 2, 25.0),
        e(2, 2022, 1, 24.0),
        e(2, 2022, 2, 27.0),
    ];
    enrolment.sort_by_key(|e| (e.school, e.year, e.grade));
    let b = |area: &str, year, births| Births {
        area: Some(area.into()),
        year,
        births,
    };
    let births = vec![
        b("A", 2014, 80.0),
        b("A", 2015, 100.0),
        b("A", 2016, 120.0),
        b("A", 2017, 140.0),
        b("A", 2018, 160.0),
        b("B", 2014, 50.0),
        b("B", 2015, 50.0),
        b("B", 2016, 60.0),
        b("B", 2017, 40.0),
    ];
    Dataset {
        grade_system: GradeSystem::SixThreeThree,
        schools,
        enrolment,
        births,
        sources: Vec::new(),
        teachers: Vec::new(),
        facilities: Vec::new(),
        boundaries: Vec::new(),
        roads: None,
    }
}

/// The textbook method (window 3, plain means) exactly as docs/method.md gives
/// it, without the robust guards: what the hand-worked figures use.
pub fn textbook() -> seatcast_engine::scenario::Scenario {
    seatcast_engine::scenario::Scenario {
        method: seatcast_engine::scenario::Method::Textbook,
        robust: false,
        ..Default::default()
    }
}

/// A merge of `school` into receivers by share from `year`, as a plan action.
pub fn merge(school: &str, into: &[(&str, f64)], year: i32) -> seatcast_engine::plan::Action {
    use seatcast_engine::plan::{Action, Receiver};
    Action::Merge {
        year,
        school: school.into(),
        into: into
            .iter()
            .map(|(s, share)| Receiver {
                school: (*s).into(),
                share: *share,
                grades: None,
            })
            .collect(),
    }
}
