//! Every action kind on the tiny county (crates/seatcast-testkit/src/tiny.rs), with the
//! numbers worked out by hand; the merge planner's distances; scenario files.
//!
//! Without actions (window 3, births held flat, base 2022), from crates/seatcast-engine/tests/engine.rs:
//! - 2023: P = [g1 140×0.5 = 70, g2 60×0.95 = 57] = 127; J g3 = 0.9 × 45 = 40.5;
//!   Q = [40×0.5 = 20, 24×0.95 = 22.8] = 42.8.
//! - 2024: P = [160×0.5 = 80, 70×0.95 = 66.5] = 146.5; J = 0.9 × 57 = 51.3;
//!   Q = [20, 19] = 39.
//! - Seats: P 3 classrooms × 45 = 135, J 1 × 45 = 45, Q 2 × 45 = 90.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::tiny::{county, merge};
use seatcast_core::model::Coords;
use seatcast_engine::outcome::SchoolYear;
use seatcast_engine::plan::{self, Action, PlannerSettings};
use seatcast_engine::scenario::{BirthsExtrapolation, Scenario};
use seatcast_engine::{Engine, Outcome};
use std::sync::Arc;

const P: usize = 0;
const J: usize = 1;
const Q: usize = 2;

fn engine() -> Engine {
    Engine::new(Arc::new(county()))
}

fn scenario(actions: Vec<Action>) -> Scenario {
    Scenario {
        horizon: 2,
        births_extrapolation: BirthsExtrapolation::Flat,
        actions,
        ..common::tiny::textbook()
    }
}

fn outcome(actions: Vec<Action>) -> Outcome {
    engine()
        .outcome(&scenario(actions))
        .expect("the plan resolves")
}

fn row(o: &Outcome, school: usize, year: i32) -> &SchoolYear {
    o.school_rows(school)
        .iter()
        .find(|r| r.year == year)
        .unwrap_or_else(|| panic!("no row for school {school} in {year}"))
}

fn grades(o: &Outcome, school: usize, year: i32) -> Vec<f64> {
    let h = (year - o.projection.base_year) as usize;
    let g = o.projection.grades(school, h);
    g.iter().copied().filter(|v| *v != 0.0).collect()
}

fn assert_close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: {got} ≠ {want}");
}

fn assert_grades(o: &Outcome, school: usize, year: i32, want: &[f64]) {
    let got = grades(o, school, year);
    assert_eq!(got.len(), want.len(), "school {school} in {year}: {got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_close(*g, *w, &format!("school {school} in {year}"));
    }
}

#[test]
fn no_actions_is_the_hand_worked_projection() {
    let o = outcome(vec![]);
    assert_grades(&o, P, 2023, &[70.0, 57.0]);
    assert_grades(&o, Q, 2024, &[20.0, 19.0]);
    assert_close(row(&o, P, 2023).shortfall, 0.0, "P short in 2023");
}

#[test]
fn a_merge_moves_every_pupil_and_later_entrant_to_the_receiver() {
    let o = outcome(vec![merge("Q", &[("P", 1.0)], 2023)]);
    // 2023: P = [70 + 20, 57 + 22.8]; Q empty with no seats.
    assert_grades(&o, P, 2023, &[90.0, 79.8]);
    let q = row(&o, Q, 2023);
    assert_eq!((q.demand, q.capacity), (0.0, Some(0.0)));
    let p = row(&o, P, 2023);
    assert_close(p.demand, 169.8, "P demand 2023");
    assert_close(p.shortfall, 169.8 - 135.0, "P short 2023");
    // 2024: Q's catchment still sends 20 entrants, now to P; P's grade 2 is its 90 × 0.95.
    assert_grades(&o, P, 2024, &[100.0, 85.5]);
    assert_close(row(&o, P, 2024).shortfall, 185.5 - 135.0, "P short 2024");
    assert_eq!(row(&o, Q, 2024).demand, 0.0);
    // P feeds J: J gets 0.9 of P's larger grade 2 of 2023.
    assert_grades(&o, J, 2024, &[0.9 * 79.8]);
    // Before the merge year nothing changes.
    let early = outcome(vec![merge("Q", &[("P", 1.0)], 2024)]);
    assert_grades(&early, P, 2023, &[70.0, 57.0]);
    assert_grades(&early, Q, 2023, &[20.0, 22.8]);
}

#[test]
fn a_split_merge_shares_pupils_and_the_receiver_keeps_them() {
    // Shares 3:1 → 75 % to P, 25 % to J, which now teaches grades 1–2 as well.
    let o = outcome(vec![merge("Q", &[("P", 3.0), ("J", 1.0)], 2023)]);
    assert_grades(&o, P, 2023, &[85.0, 74.1]);
    assert_grades(&o, J, 2023, &[5.0, 5.7, 40.5]);
    // No pupil is lost: 127 + 40.5 + 42.8 = 210.3 before and after.
    let total: f64 = [P, J, Q].iter().map(|&s| row(&o, s, 2023).demand).sum();
    assert_close(total, 210.3, "pupils in 2023");
    // 2024: J's grade 1 is Q's 25 %; its grade 2 moves up by Q's GPR 0.95;
    // its grade 3 is 0.9 × P's 74.1 plus its own 5.7 moving up.
    assert_grades(&o, J, 2024, &[5.0, 4.75, 0.9 * 74.1 + 5.7]);
    assert_grades(&o, P, 2024, &[95.0, 80.75]);
}

#[test]
fn an_expansion_adds_seats_from_its_year() {
    let o = outcome(vec![Action::Expand {
        year: 2024,
        school: "P".into(),
        classrooms: 2.0,
        seats: 0.0,
    }]);
    assert_eq!(row(&o, P, 2023).capacity, Some(135.0));
    assert_eq!(row(&o, P, 2024).capacity, Some(225.0));
    assert_eq!(row(&o, P, 2024).classrooms, Some(5.0));
    // Pupils do not change.
    assert_grades(&o, P, 2024, &[80.0, 66.5]);
    let seats = outcome(vec![Action::Expand {
        year: 2023,
        school: "Q".into(),
        classrooms: 0.0,
        seats: 30.0,
    }]);
    assert_eq!(row(&seats, Q, 2023).capacity, Some(120.0));
}

#[test]
fn a_new_school_takes_its_share_of_the_area_entrants() {
    let o = outcome(vec![Action::Open {
        year: 2024,
        name: "N".into(),
        area: Some("A".into()),
        coords: None,
        grades: [1, 2],
        classrooms: 2.0,
        seats: 0.0,
        entry_share: 0.25,
        from: vec!["P".into()],
        donor_shares: Vec::new(),
    }]);
    let n = 3;
    assert_eq!(o.dataset.schools[n].name, "N");
    // Not open in 2023; in 2024 it takes 25 % of area A's 80 entrants from P.
    assert!(o.school_rows(n).iter().all(|r| r.year >= 2024));
    assert_grades(&o, n, 2024, &[20.0]);
    assert_grades(&o, P, 2024, &[60.0, 66.5]);
    let r = row(&o, n, 2024);
    assert_eq!((r.demand, r.capacity), (20.0, Some(90.0)));
    // The area's entrants are only shared: 80 in all.
    let mut longer = scenario(o.scenario.actions.clone());
    longer.horizon = 3;
    let o3 = engine().outcome(&longer).expect("resolves");
    // 2025: N's grade 2 moves up by P's GPR 0.95; grade 1 is again 25 % of 80.
    assert_grades(&o3, n, 2025, &[20.0, 19.0]);
    assert_grades(&o3, P, 2025, &[60.0, 57.0]);
}

#[test]
fn a_feeder_change_sends_graduates_to_the_new_school() {
    let o = outcome(vec![Action::Feeder {
        year: 2023,
        school: "Q".into(),
        to: "J".into(),
    }]);
    // J's entrants: 0.9 × (P's 45 + Q's 27) of grade 2 in 2022.
    assert_grades(&o, J, 2023, &[0.9 * 72.0]);
}

#[test]
fn an_entry_share_change_scales_the_entrants() {
    let o = outcome(vec![Action::EntryShare {
        year: 2023,
        school: "P".into(),
        pct: 50.0,
    }]);
    assert_grades(&o, P, 2023, &[35.0, 57.0]);
}

#[test]
fn a_grade_span_change_keeps_the_graduates() {
    // P teaches grades 1–3 from 2023: its grade 2 of 2022 stays (no school has an
    // estimated GPR for grade 3, so 1), and J, fed only by P, gets none.
    let o = outcome(vec![Action::GradeSpan {
        year: 2023,
        school: "P".into(),
        grades: [1, 3],
        classrooms: 1.0,
    }]);
    assert_grades(&o, P, 2023, &[70.0, 57.0, 45.0]);
    assert_eq!(row(&o, J, 2023).demand, 0.0);
    assert_eq!(row(&o, P, 2023).capacity, Some(180.0));
}

#[test]
fn bad_actions_name_the_action_and_the_fix() {
    let e = engine();
    // A school the data does not have (a plan made on other data): that
    // action is set aside and the rest of the plan runs.
    let o = e
        .outcome(&scenario(vec![
            Action::EntryShare {
                year: 2023,
                school: "P".into(),
                pct: 90.0,
            },
            merge("Nowhere", &[("P", 1.0)], 2023),
        ]))
        .expect("the rest of the plan runs");
    assert_eq!(
        o.set_aside,
        [seatcast_engine::plan::SetAside {
            number: 2,
            missing: "Nowhere".into()
        }]
    );
    assert_eq!(o.scenario.actions.len(), 2);
    let plain = e.outcome(&scenario(vec![])).expect("outcome");
    assert!(row(&o, P, 2023).demand < row(&plain, P, 2023).demand);
    // An action that cannot apply is an error named by its number in the
    // plan as given, set-aside actions counted.
    let err = e
        .outcome(&scenario(vec![
            merge("Nowhere", &[("P", 1.0)], 2023),
            merge("P", &[("P", 1.0)], 2023),
        ]))
        .err()
        .expect("a merge into itself fails");
    // (The sentence itself is the words layer's: seatcast-report's
    // text/labels.rs, an_action_error_names_its_number_in_both_languages.)
    match err {
        seatcast_engine::EngineError::Action(a) => {
            assert_eq!(a.number, 2);
            assert!(matches!(
                a.kind,
                seatcast_engine::plan::ActionProblem::IntoItself { .. }
            ));
        }
        other => panic!("expected an action error, got {other:?}"),
    }
}

fn with_coords() -> Engine {
    let mut d = county();
    d.schools[P].coords = Some(Coords::Km { x: 0.0, y: 0.0 });
    d.schools[J].coords = Some(Coords::Km { x: 3.0, y: 4.0 });
    d.schools[Q].coords = Some(Coords::Km { x: 6.0, y: 8.0 });
    Engine::new(Arc::new(d))
}

#[test]
fn merge_candidates_with_distances_by_hand() {
    let e = with_coords();
    let o = e.outcome(&scenario(vec![])).expect("outcome");
    let settings = PlannerSettings::default();
    let c = plan::merge_candidates(&o, &settings);
    // J (36 pupils now) and Q (51) are small, smallest first. No school teaches
    // J's grade 3 besides J; J, with grade 3 only, cannot take Q's grades 1–2.
    let order: Vec<usize> = c.iter().map(|c| c.school).collect();
    assert_eq!(order, vec![J, Q]);
    assert!(c[0].receivers.is_empty());
    let q = &c[1];
    assert_close(q.fewest_pupils, 39.0, "fewest pupils");
    assert_eq!(q.receivers.len(), 1);
    let r = &q.receivers[0];
    assert_eq!(r.school, P);
    // √(6² + 8²) = 10 km: within the 10 km bus radius, beyond 3 km on foot.
    assert_close(r.distance_km.unwrap_or(f64::NAN), 10.0, "distance");
    assert!(!r.beyond_radius);
    // P's 135 seats after taking Q: 135 − 169.8 in 2023, 135 − 185.5 in 2024.
    assert_close(r.spare_after.unwrap_or(f64::NAN), -50.5, "spare after");
    assert!(!r.fits);
    let walking = PlannerSettings {
        transport: false,
        ..settings
    };
    assert!(plan::merge_candidates(&o, &walking)[1].receivers[0].beyond_radius);
    // Greedy merging skips Q (P has no room); the expansion helper then sizes P.
    assert!(plan::greedy_merges(&o, &settings).is_empty());
    let merged = e
        .outcome(&scenario(vec![merge("Q", &[("P", 1.0)], 2023)]))
        .expect("outcome");
    let x = plan::expansions(&merged, &settings);
    // P short by 34.8 then 50.5: ceil(50.5 / 45) = 2 classrooms from 2023.
    let p = x.iter().find(|x| x.school == P).expect("P is short");
    assert_eq!((p.year, p.classrooms), (2023, 2.0));
    assert_close(p.cost, 2.0 * settings.cost_per_classroom, "cost");
    let f = seatcast_engine::outcome::PlanFigures::of(&merged, &settings);
    assert_eq!(f.merges, 1);
    // Q's 42.8 pupils of 2022 → 2023 travel 10 km each.
    assert_close(f.mean_added_km.unwrap_or(f64::NAN), 10.0, "mean km");
    // P short 34.8 and 50.5; J, fed P's larger grade 2, has 0.9 × 79.8 = 71.82
    // pupils for 45 seats in 2024.
    assert_close(
        f.seat_years_short,
        34.8 + 50.5 + (71.82 - 45.0),
        "seat-years short",
    );
}

/// A receiver that takes some grades only, as the engine carries it out.
fn receiver(school: &str, share: f64, grades: Option<[i8; 2]>) -> seatcast_engine::plan::Receiver {
    seatcast_engine::plan::Receiver {
        school: school.into(),
        share,
        grades,
    }
}

fn demand(o: &Outcome, s: usize, year: i32) -> (f64, Option<f64>) {
    let r = o
        .school_rows(s)
        .iter()
        .find(|r| r.year == year)
        .expect("a row");
    (r.demand, r.capacity)
}

#[test]
fn a_downgrade_keeps_the_low_grades_and_sends_the_rest() {
    // P becomes a teaching point keeping grade 1 from 2023; its grade 2
    // goes to Q. In 2023 (no plan: P = 70 + 57, Q = 20 + 22.8): P = 70,
    // still open with its 135 seats; Q = 20 + 22.8 + 57 = 99.8.
    let e = engine();
    let down = Action::Downgrade {
        year: 2023,
        school: "P".into(),
        keep: [1, 1],
        into: vec![receiver("Q", 1.0, None)],
    };
    let o = e.outcome(&scenario(vec![down])).unwrap();
    let (p, cap) = demand(&o, P, 2023);
    assert!((p - 70.0).abs() < 1e-9, "{p}");
    assert_eq!(cap, Some(135.0));
    let (q, _) = demand(&o, Q, 2023);
    assert!((q - 99.8).abs() < 1e-9, "{q}");
    assert!(!o.plan.closed_by(P, 2024));
    // In 2024 P teaches grade 1 only: 80 (160 × 0.5).
    let (p, cap) = demand(&o, P, 2024);
    assert!((p - 80.0).abs() < 1e-9 && cap == Some(135.0), "{p}");
}

#[test]
fn a_merge_sends_each_grade_to_its_own_receiver() {
    // P closes in 2023: grade 1 to Q, grade 2 to J (which then teaches
    // it). 2023: Q = 20 + 70 + 22.8 = 112.8; J = 57 + 40.5 = 97.5; P none.
    let e = engine();
    let m = Action::Merge {
        year: 2023,
        school: "P".into(),
        into: vec![
            receiver("Q", 1.0, Some([1, 1])),
            receiver("J", 1.0, Some([2, 2])),
        ],
    };
    let o = e.outcome(&scenario(vec![m])).unwrap();
    assert!((demand(&o, Q, 2023).0 - 112.8).abs() < 1e-9);
    assert!((demand(&o, J, 2023).0 - 97.5).abs() < 1e-9);
    assert_eq!(demand(&o, P, 2023).0, 0.0);
    assert!(o.plan.closed_by(P, 2023));
    // A grade no receiver takes is refused.
    let bad = Action::Merge {
        year: 2023,
        school: "P".into(),
        into: vec![receiver("Q", 1.0, Some([1, 1]))],
    };
    let Err(err) = e.outcome(&scenario(vec![bad])) else {
        panic!("grade 2 goes nowhere");
    };
    assert!(format!("{err:?}").contains("GradesUncovered"), "{err:?}");
}
