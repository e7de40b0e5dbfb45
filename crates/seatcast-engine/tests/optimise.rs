//! The layout optimiser's instance on the tiny county (crates/seatcast-testkit/src/tiny.rs),
//! placed by hand: P at (0, 0) km, J at (3, 4) — 5 km from P — and Q at
//! (30, 40), 50 km from P and 45 from J. The default planner lets pupils
//! ride a bus at 30 km/h within a primary radius of 10 km.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_core::model::Coords;
use seatcast_engine::optimise::{Decision, Instance, OptimiseError, Optimised, optimise};
use seatcast_engine::scenario::{BirthsExtrapolation, Scenario};
use seatcast_engine::settings::optimise::{OptimiseSettings, Pin};
use seatcast_engine::settings::planner::PlannerSettings;
use seatcast_engine::{Engine, Outcome};
use seatcast_testkit::tiny;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

const P: usize = 0;
const J: usize = 1;
const Q: usize = 2;

fn engine() -> Engine {
    let mut d = tiny::county();
    d.schools[P].coords = Some(Coords::Km { x: 0.0, y: 0.0 });
    d.schools[J].coords = Some(Coords::Km { x: 3.0, y: 4.0 });
    d.schools[Q].coords = Some(Coords::Km { x: 30.0, y: 40.0 });
    Engine::new(Arc::new(d))
}

fn scenario(planner: PlannerSettings) -> Scenario {
    Scenario {
        horizon: 2,
        births_extrapolation: BirthsExtrapolation::Flat,
        planner,
        ..tiny::textbook()
    }
}

fn outcome(planner: PlannerSettings) -> Outcome {
    engine().outcome(&scenario(planner)).expect("projects")
}

#[test]
fn links_reach_within_the_radius_and_the_far_village_school_stays() {
    let o = outcome(PlannerSettings::default());
    let inst = Instance::of(&o);
    assert_eq!(inst.nodes.len(), 3);
    // P ↔ J: 5 km, 10 minutes by bus, within the 10 km radius, a day
    // school for grades 1–3. Q is 45–50 km from both: no link.
    let pairs: Vec<(usize, usize)> = inst.links.iter().map(|l| (l.from, l.to)).collect();
    assert_eq!(pairs, vec![(P, J), (J, P)]);
    let l = &inst.links[0];
    assert!((l.km - 5.0).abs() < 1e-9 && !l.by_road);
    assert!((l.minutes - 10.0).abs() < 1e-9);
    assert!(l.day_school && l.within_radius[0]);
    // 应留必留: Q's grade 1–2 pupils have no school within 30 minutes.
    let stays: Vec<bool> = inst.nodes.iter().map(|n| n.must_stay).collect();
    assert_eq!(stays, vec![false, false, true]);
    // Each node's pupils are its projected pupils (all primary here), and
    // all of them grades 1–3 (the county teaches grades 1–3 only).
    for n in &inst.nodes {
        for (h, p) in n.pupils.iter().enumerate() {
            let year = o.projection.base_year + h as i32 + 1;
            let row = o
                .school_rows(n.school)
                .iter()
                .find(|r| r.year == year)
                .expect("a projected row");
            assert!((p[0] - row.demand).abs() < 1e-9, "{} {year}", n.school);
            assert_eq!(p[1], 0.0);
            assert!((n.early[h] - row.demand).abs() < 1e-9);
        }
    }
}

#[test]
fn the_30_minute_rule_keeps_a_school_within_the_radius() {
    // A slow bus (8 km/h): J is still within the 10 km radius of P, but
    // 5 km takes 37.5 minutes, past the half hour grades 1–3 may travel,
    // so neither P nor J can send its young pupils to the other.
    let o = outcome(PlannerSettings {
        bus_kmh: 8.0,
        ..PlannerSettings::default()
    });
    let inst = Instance::of(&o);
    let l = &inst.links[0];
    assert!(l.within_radius[0]);
    assert!((l.minutes - 37.5).abs() < 1e-9);
    assert!(!l.day_school);
    assert!(inst.nodes.iter().all(|n| n.must_stay));
}

#[test]
fn without_transport_the_walking_radius_applies() {
    // On foot the primary radius is 3 km: 5 km is beyond it, so no link.
    let o = outcome(PlannerSettings {
        transport: false,
        ..PlannerSettings::default()
    });
    let inst = Instance::of(&o);
    assert!(inst.links.is_empty());
    assert!(inst.nodes.iter().all(|n| n.must_stay));
}

// The optimiser on the tiny county, two projected falls (2023, 2024):
// P has 135 seats (3 classrooms of 45) for 127 then 146.5 pupils; J has
// 45 seats for 40.5 then 51.3; Q (far away) 90 seats for 42.8 then 39.
// A classroom costs 600,000 yuan; keeping J open 72,000 a year (upkeep:
// its one class needs 1.7 staff, fewer than its pupils' 2.1 by ratio);
// sending its pupils 5 km costs 180 yuan per pupil-km a year; a seat
// short 200,000 a year. The area's new-school site costs 10 million.

fn run(planner: PlannerSettings, settings: OptimiseSettings) -> Result<Optimised, OptimiseError> {
    let s = Scenario {
        optimise: settings,
        ..scenario(planner)
    };
    optimise(&engine(), &s, &AtomicBool::new(false))
}

fn closes(r: &Optimised, school: usize) -> Option<i32> {
    r.decisions.iter().find_map(|d| match d {
        Decision::Close {
            school: s, year, ..
        } if *s == school => Some(*year),
        _ => None,
    })
}

fn rooms(r: &Optimised, school: usize) -> Vec<(i32, f64)> {
    r.decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Expand {
                school: s,
                year,
                classrooms,
                ..
            } if *s == school => Some((*year, *classrooms)),
            _ => None,
        })
        .collect()
}

#[test]
fn closing_the_small_school_beats_keeping_it_and_the_plan_is_optimal() {
    // Keep both: P and J each need a classroom by 2024 (146.5 > 135,
    // 51.3 > 45), 1.2 million, and J's upkeep, 144,000. Close J into P:
    // P needs 167.5 seats in 2023 (one classroom) and 197.8 in 2024 (two),
    // 1.2 million, and J's pupils ride 5 km: (40.5 + 51.3) × 5 × 180 =
    // 82,620, and P's first classroom stands a year longer (upkeep 1 % of
    // its cost, 6,000). Closing saves 55,380.
    let r = run(PlannerSettings::default(), OptimiseSettings::default()).expect("solves");
    assert_eq!(closes(&r, J), Some(2023));
    assert_eq!(rooms(&r, P), vec![(2023, 1.0), (2024, 1.0)]);
    assert!(rooms(&r, J).is_empty() && rooms(&r, Q).is_empty());
    assert_eq!(r.totals.seat_years_short, 0.0);
    assert!(
        (r.totals.travel_yuan - 82_620.0).abs() < 1.0,
        "{}",
        r.totals.travel_yuan
    );
    assert!((r.totals.construction_yuan - 1_200_000.0).abs() < 1e-6);
    // Proven within the 1 % gap, and never worse than the greedy plan.
    assert!(r.gap <= 0.01 && r.bound <= r.objective + 1e-6);
    let greedy = r.greedy.expect("the greedy plan meets the rules here");
    assert!(r.objective <= greedy.objective + 1e-6);
    // Its actions: the merge into P, then P's classrooms by year.
    let merge = r
        .actions
        .iter()
        .find(|a| matches!(a, seatcast_engine::settings::actions::Action::Merge { .. }));
    match merge {
        Some(seatcast_engine::settings::actions::Action::Merge { year, school, into }) => {
            assert_eq!((*year, school.as_str()), (2023, "J"));
            assert_eq!(into.len(), 1);
            assert_eq!(into[0].school, "P");
        }
        other => panic!("no merge: {other:?}"),
    }
}

#[test]
fn the_30_minute_rule_keeps_the_village_school_open() {
    // A slow bus (8 km/h): 5 km is 37.5 minutes, past the half hour, so
    // J's grade 3 pupils cannot go to P, and (no new school allowed; the
    // area's centre would be 2.5 km, 19 minutes, away) J stays (应留必留);
    // each school gets its own classroom.
    let slow = PlannerSettings {
        bus_kmh: 8.0,
        ..PlannerSettings::default()
    };
    let no_new = OptimiseSettings {
        open_new: false,
        ..OptimiseSettings::default()
    };
    let r = run(slow, no_new).expect("solves");
    assert_eq!(closes(&r, J), None);
    assert_eq!(rooms(&r, P), vec![(2024, 1.0)]);
    assert_eq!(rooms(&r, J), vec![(2024, 1.0)]);
    assert!(r.decisions.contains(&Decision::KeptByRule {
        school: J,
        pupils: 40.5
    }));
}

#[test]
fn a_budget_cap_changes_the_plan() {
    // 600,000 buys one classroom. Closing J leaves P 17.8 seats short in
    // 2024 (197.8 against 180); keeping J with the classroom at P leaves
    // J 6.3 short (51.3 against 45); at J, P 11.5 short. Fewest short: J
    // stays and P gets the classroom.
    let settings = OptimiseSettings {
        budget: Some(600_000.0),
        ..OptimiseSettings::default()
    };
    let r = run(PlannerSettings::default(), settings).expect("solves");
    assert_eq!(closes(&r, J), None);
    assert_eq!(rooms(&r, P), vec![(2024, 1.0)]);
    assert!(
        (r.totals.seat_years_short - 6.3).abs() < 1e-6,
        "{}",
        r.totals.seat_years_short
    );
    assert!(r.totals.construction_yuan <= 600_000.0);
}

#[test]
fn pins_are_kept() {
    // Not before 2024: J stays in 2023 (P's 127 pupils fit its 135 seats)
    // and closes in 2024, when P has two new classrooms for 197.8 pupils.
    let pin = |p: Pin| OptimiseSettings {
        pins: vec![p],
        ..OptimiseSettings::default()
    };
    let r = run(
        PlannerSettings::default(),
        pin(Pin::NotBefore {
            school: "J".into(),
            year: 2024,
        }),
    )
    .expect("solves");
    assert_eq!(closes(&r, J), Some(2024));
    assert_eq!(rooms(&r, P), vec![(2024, 2.0)]);
    // Keep: J never closes.
    let r = run(
        PlannerSettings::default(),
        pin(Pin::Keep { school: "J".into() }),
    )
    .expect("solves");
    assert_eq!(closes(&r, J), None);
}

#[test]
fn an_infeasible_pin_is_reported_with_the_school_and_the_rule() {
    let pin = |p: Pin| OptimiseSettings {
        pins: vec![p],
        ..OptimiseSettings::default()
    };
    // Q is 45–50 km from the others: its grade 1–2 pupils have no school
    // within 30 minutes.
    let e = run(
        PlannerSettings::default(),
        pin(Pin::Close { school: "Q".into() }),
    )
    .expect_err("infeasible");
    assert!(
        matches!(&e, OptimiseError::CloseBreaksDayRule { school } if school == "Q"),
        "{e}"
    );
    assert!(e.to_string().contains("30 minutes"));
    let e = run(
        PlannerSettings::default(),
        pin(Pin::Keep {
            school: "Nowhere".into(),
        }),
    )
    .expect_err("unknown");
    assert!(matches!(e, OptimiseError::UnknownPin { .. }));
}

#[test]
fn a_new_school_opens_where_classrooms_cannot_be_added() {
    // No closures, no classrooms at existing schools; a new school costs
    // 1 million besides its classrooms. In 2024 P is 11.5 seats short and
    // J 6.3: 17.8 seat-years at 200,000 = 3.56 million. A new school at the
    // area's centre (1.5, 2) km — 2.5 km, 5 minutes from both, so grades
    // 1–3 may go — with one classroom (45 seats) takes them for 1 million
    // + 600,000 + its upkeep and the rides: it opens in 2024, not in 2023
    // (no seat is short then).
    let settings = OptimiseSettings {
        close: false,
        expand: false,
        new_school_yuan: 1_000_000.0,
        ..OptimiseSettings::default()
    };
    let s = Scenario {
        optimise: settings,
        ..scenario(PlannerSettings::default())
    };
    let engine = engine();
    let r = optimise(&engine, &s, &AtomicBool::new(false)).expect("solves");
    let opened: Vec<(String, i32, f64, f64)> = r
        .decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Open {
                name,
                year,
                classrooms,
                pupils,
                ..
            } => Some((name.clone(), *year, *classrooms, *pupils)),
            _ => None,
        })
        .collect();
    assert_eq!(opened.len(), 1, "{:?}", r.decisions);
    let (name, year, classrooms, pupils) = &opened[0];
    assert_eq!(
        (name.as_str(), *year, *classrooms),
        ("A new school", 2024, 1.0)
    );
    assert!((pupils - 17.8).abs() < 1e-6, "{pupils}");
    assert_eq!(r.totals.seat_years_short, 0.0);
    // Its action: at the site, primary grades, one classroom, from P and J.
    let open = r
        .actions
        .iter()
        .find_map(|a| match a {
            seatcast_engine::settings::actions::Action::Open {
                coords,
                grades,
                classrooms,
                from,
                ..
            } => Some((*coords, *grades, *classrooms, from.clone())),
            _ => None,
        })
        .expect("an Open action");
    assert_eq!(open.0, Some(Coords::Km { x: 1.5, y: 2.0 }));
    assert_eq!((open.1, open.2), ([1, 6], 1.0));
    assert_eq!(open.3, vec!["P".to_string(), "J".to_string()]);
    // The plan is a scenario the engine projects: the new school is there.
    let o = engine.outcome(&r.scenario(&s)).expect("the plan resolves");
    assert!(o.dataset.school_index("A new school").is_some());
}
