//! 优质均衡 on the tiny county (crates/seatcast-testkit/src/tiny.rs), every figure worked out
//! by hand (docs/compliance.md). Pupils of P (crates/seatcast-engine/tests/plan.rs; window 3,
//! births flat, base 2022): 105 in 2022 (observed), 127 in 2023 and 146.5
//! in 2024. P is a primary school, so its thresholds are the primary ones.
//!
//! P's resources: 600 m² of floor, 1,000 m² of sports ground, 400,000 元 of
//! equipment, 4 multimedia classrooms, and 8 teachers born in the 1990s:
//! 7 with a 本科 (above the 中师 a primary class requires), 2 of them 骨干,
//! 1 PE and 1 art teacher.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::tiny::county;
use seatcast_core::model::{Dataset, Establishment, Facility, Post, Qualification, Sex, Teacher};
use seatcast_engine::compliance::{Indicator, Status, Verdict, of_outcome};
use seatcast_engine::plan::{Action, Resources};
use seatcast_engine::scenario::{BirthsExtrapolation, Scenario};
use seatcast_engine::teachers::of_outcome as staffing_of;
use seatcast_engine::{Engine, Outcome};
use std::sync::Arc;

const P: usize = 0;

fn teacher(k: usize, subject: &str, backbone: bool, q: Qualification) -> Teacher {
    Teacher {
        school: P,
        key: format!("T{k}"),
        sex: Some(Sex::Female),
        birth: Some((1992, 1)),
        subject: Some(subject.into()),
        post: Post::Teaching,
        establishment: Establishment::OnEstablishment,
        backbone,
        arrived: Some(2018),
        qualification: Some(q),
        title: None,
    }
}

fn data(floor: f64, sports: f64) -> Dataset {
    let mut d = county();
    let b = Qualification::Bachelor;
    d.teachers = vec![
        teacher(1, "chinese", true, b),
        teacher(2, "chinese", true, b),
        teacher(3, "maths", false, b),
        teacher(4, "maths", false, b),
        teacher(5, "pe", false, b),
        teacher(6, "arts", false, b),
        teacher(7, "science", false, b),
        teacher(8, "chinese", false, Qualification::Secondary),
    ];
    d.facilities = vec![Facility {
        school: P,
        year: None,
        floor_m2: Some(floor),
        sports_m2: Some(sports),
        equipment_yuan: Some(400_000.0),
        multimedia_rooms: Some(4.0),
    }];
    d
}

fn outcome(d: Dataset, actions: Vec<Action>) -> Outcome {
    let scenario = Scenario {
        horizon: 2,
        births_extrapolation: BirthsExtrapolation::Flat,
        actions,
        ..common::tiny::textbook()
    };
    Engine::new(Arc::new(d))
        .outcome(&scenario)
        .expect("projects")
}

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: {got} ≠ {want}");
}

#[test]
fn a_school_falls_out_in_the_year_its_pupils_pass_its_space() {
    let o = outcome(data(600.0, 1000.0), vec![]);
    let s = staffing_of(&o);
    let c = of_outcome(&o, s.as_ref());
    let at = |year| c.row(P, year).expect("P's row");

    // 2022: 105 pupils. Floor 600 / 105 = 5.71 m² a pupil; sports 9.52;
    // equipment 3,810 元; 4 rooms per 105 = 3.81 per 100; 7 teachers above
    // the qualification per 105 = 6.67 per 100; 骨干 2 → 1.90; PE and art
    // 2 → 1.90. All seven met.
    let r = at(2022);
    close(r.pupils(), 105.0, "pupils 2022");
    close(
        r.value[Indicator::Floor.index()].unwrap(),
        600.0 / 105.0,
        "floor",
    );
    close(
        r.value[Indicator::AboveQualification.index()].unwrap(),
        700.0 / 105.0,
        "qualified",
    );
    close(
        r.value[Indicator::PeArts.index()].unwrap(),
        200.0 / 105.0,
        "PE and art",
    );
    assert_eq!(r.met(), 7);
    assert_eq!(r.verdict, Verdict::Complies);
    // 2023: 127 pupils, floor 4.72 and sports 7.87: still met.
    assert_eq!(at(2023).verdict, Verdict::Complies);
    // 2024: 146.5 pupils pass 600 / 4.5 = 133.3 and 1,000 / 7.5 = 133.3.
    // Floor 4.10 m² (91 % of 4.5) and sports 6.83 m² (91 % of 7.5): two
    // indicators below, so five met: it fails.
    let r = at(2024);
    assert_eq!(r.status[Indicator::Floor.index()], Status::Near);
    assert_eq!(r.status[Indicator::Sports.index()], Status::Near);
    assert_eq!(r.met(), 5);
    assert_eq!(r.verdict, Verdict::Fails);
    assert_eq!(c.changes(P), [(2024, false)]);

    // The least fix: 2024's gaps are 4.5 × 146.5 − 600 = 59.25 m² of floor
    // (60 m², 180,000 元) and 7.5 × 146.5 − 1,000 = 98.75 m² of sports
    // ground (99 m², 29,700 元). Either may be left at 85 %, which both
    // already are: leaving the floor costs 29,700 元, the cheaper.
    let fix = c.fix(P).expect("P needs a fix");
    assert_eq!(fix.year, 2024);
    assert_eq!(fix.relaxed, Indicator::Floor);
    assert_eq!(fix.add.sports_m2, 99.0);
    assert_eq!(fix.add.floor_m2, 0.0);
    close(fix.one_off, 29_700.0, "cost");
    close(fix.yearly, 0.0, "no teachers");

    // Put into the plan, the fix makes P comply in 2024.
    let action = Action::Resources {
        year: fix.year,
        school: "P".into(),
        add: fix.add,
    };
    let o = outcome(data(600.0, 1000.0), vec![action]);
    let s = staffing_of(&o);
    let c = of_outcome(&o, s.as_ref());
    assert_eq!(c.row(P, 2024).unwrap().verdict, Verdict::Complies);
    assert!(c.fix(P).is_none());
    close(
        c.row(P, 2024).unwrap().have[Indicator::Sports.index()].unwrap(),
        1099.0,
        "sports with the fix",
    );
}

#[test]
fn six_of_seven_with_the_rest_at_85_percent_at_the_boundaries() {
    // 2022, 105 pupils: floor exactly 4.5 × 105 = 472.5 m² is met; sports
    // exactly 85 % of 7.5 × 105 = 669.375 m² is near: six met and one at
    // 85 %, so it complies.
    let verdict = |floor: f64, sports: f64| {
        let o = outcome(data(floor, sports), vec![]);
        let s = staffing_of(&o);
        of_outcome(&o, s.as_ref()).row(P, 2022).unwrap().verdict
    };
    assert_eq!(verdict(472.5, 669.375), Verdict::Complies);
    // A square metre less of sports ground is under 85 %: it fails.
    assert_eq!(verdict(472.5, 668.375), Verdict::Fails);
    // Two indicators at 85 % leave five met: it fails.
    assert_eq!(verdict(472.0, 669.375), Verdict::Fails);
    // Everything met.
    assert_eq!(verdict(472.5, 787.5), Verdict::Complies);
}

#[test]
fn without_the_facilities_a_school_is_not_judged_and_teaching_points_are_out() {
    let mut d = data(600.0, 1000.0);
    d.facilities.clear();
    d.schools[2].name = "Q 教学点".into();
    let o = outcome(d, vec![]);
    let s = staffing_of(&o);
    let c = of_outcome(&o, s.as_ref());
    let r = c.row(P, 2022).unwrap();
    assert_eq!(r.status[Indicator::Floor.index()], Status::Unknown);
    assert_eq!(r.verdict, Verdict::Incomplete);
    // Q, a teaching point of 51 pupils in 2022, is in; of 42.8 in 2023, out.
    assert!(c.row(2, 2022).unwrap().in_scope());
    assert!(!c.row(2, 2023).unwrap().in_scope());
    // A bad resources action is refused.
    let bad = Action::Resources {
        year: 2023,
        school: "P".into(),
        add: Resources {
            floor_m2: -5.0,
            ..Resources::default()
        },
    };
    let scenario = Scenario {
        actions: vec![bad],
        ..common::tiny::textbook()
    };
    assert!(Engine::new(Arc::new(county())).outcome(&scenario).is_err());
}
