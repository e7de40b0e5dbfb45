//! The layout optimiser's instance on the tiny county (crates/seatcast-testkit/src/tiny.rs),
//! placed by hand: P at (0, 0) km, J at (3, 4) — 5 km from P — and Q at
//! (30, 40), 50 km from P and 45 from J. The default planner lets pupils
//! ride a bus at 30 km/h within a primary radius of 10 km.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_core::model::Coords;
use seatcast_engine::optimise::Instance;
use seatcast_engine::scenario::{BirthsExtrapolation, Scenario};
use seatcast_engine::settings::planner::PlannerSettings;
use seatcast_engine::{Engine, Outcome};
use seatcast_testkit::tiny;
use std::sync::Arc;

const P: usize = 0;
const J: usize = 1;
const Q: usize = 2;

fn outcome(planner: PlannerSettings) -> Outcome {
    let mut d = tiny::county();
    d.schools[P].coords = Some(Coords::Km { x: 0.0, y: 0.0 });
    d.schools[J].coords = Some(Coords::Km { x: 3.0, y: 4.0 });
    d.schools[Q].coords = Some(Coords::Km { x: 30.0, y: 40.0 });
    let scenario = Scenario {
        horizon: 2,
        births_extrapolation: BirthsExtrapolation::Flat,
        planner,
        ..tiny::textbook()
    };
    Engine::new(Arc::new(d))
        .outcome(&scenario)
        .expect("projects")
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
