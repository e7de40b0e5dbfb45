//! New housing on the tiny county (crates/seatcast-testkit/src/tiny.rs), by hand
//! (docs/places.md). Projected pupils without it (crates/seatcast-engine/tests/plan.rs; window 3,
//! births flat, base 2022): Q [20, 22.8] in 2023 and [20, 19] in 2024; J
//! [40.5] in 2023.
//!
//! The settings: 3 persons a dwelling and 10 births per 1,000 residents,
//! so a cohort is 100 × 3 × 10 / 1,000 = 3 pupils per 100 dwellings, and a
//! stage of six grades (primary, 6-3-3) 18.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::tiny::county;
use seatcast::engine::plan::{Action, HousingSettings};
use seatcast::engine::scenario::{BirthsExtrapolation, Scenario};
use seatcast::engine::{Engine, Outcome};
use std::sync::Arc;

const J: usize = 1;
const Q: usize = 2;

fn settings() -> HousingSettings {
    HousingSettings {
        persons_per_dwelling: 3.0,
        residents: None,
        birth_rate_per_1000: 10.0,
    }
}

fn outcome(actions: Vec<Action>) -> Outcome {
    let scenario = Scenario {
        horizon: 2,
        births_extrapolation: BirthsExtrapolation::Flat,
        actions,
        housing: settings(),
        ..common::tiny::textbook()
    };
    Engine::new(Arc::new(county()))
        .outcome(&scenario)
        .expect("the plan resolves")
}

fn estate() -> Action {
    Action::Housing {
        year: 2023,
        name: "滨江花园".into(),
        coords: None,
        area: Some("B".into()),
        dwellings: 1000.0,
        years_to_full: 2.0,
        per_100: None,
        schools: vec![],
    }
}

fn demand(o: &Outcome, school: usize, year: i32) -> f64 {
    o.school_rows(school)
        .iter()
        .find(|r| r.year == year)
        .map(|r| r.demand)
        .expect("a row")
}

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: {got} ≠ {want}");
}

#[test]
fn the_yield_is_the_countys_own_and_the_pupils_reach_the_schools() {
    let d = county();
    let s = settings();
    close(s.cohort_per_100(&d), 3.0, "a cohort per 100 dwellings");
    assert_eq!(s.per_100_by_stage(&d), [9.0, 18.0, 9.0, 9.0]);
    // With the county's residents given, its own births set the rate: the
    // latest births (2018: area A 160, B none that year) over 16,000
    // residents are 10 per 1,000, the same cohort.
    let own = HousingSettings {
        residents: Some(16_000.0),
        birth_rate_per_1000: 99.0,
        ..s
    };
    close(own.birth_rate(&d), 10.0, "the county's birth rate");

    let without = outcome(vec![]);
    let with = outcome(vec![estate()]);
    // 2023: half the 1,000 dwellings occupied: 5 hundreds × 18 / 6 = 15
    // pupils in each primary grade. Q (area B, grades 1–2) takes grades 1
    // and 2: 42.8 + 30 = 72.8. Grade 3 goes to the county's only school of
    // it, J: 40.5 + 15. No school teaches grades 4–6 or kindergarten.
    close(demand(&without, Q, 2023), 42.8, "Q without 2023");
    close(demand(&with, Q, 2023), 72.8, "Q with 2023");
    close(demand(&with, J, 2023), 55.5, "J with 2023");
    // 2024: full, 30 a grade: Q 39 + 60.
    close(demand(&with, Q, 2024), 99.0, "Q with 2024");
    // The base year is what it was.
    close(demand(&with, Q, 2022), 51.0, "Q 2022");
}

#[test]
fn given_yields_and_named_schools_are_used_and_bad_ones_refused() {
    // 12 primary pupils per 100 dwellings, named school P: 1,000 dwellings
    // full from 2023 (one year) bring 120 / 6 = 20 a grade to P's grades 1
    // and 2.
    let named = Action::Housing {
        year: 2023,
        name: "城南新区".into(),
        coords: None,
        area: None,
        dwellings: 1000.0,
        years_to_full: 1.0,
        per_100: Some([0.0, 12.0, 0.0, 0.0]),
        schools: vec!["P".into()],
    };
    let without = outcome(vec![]);
    let with = outcome(vec![named]);
    close(
        demand(&with, 0, 2023) - demand(&without, 0, 2023),
        40.0,
        "P's added pupils",
    );
    let bad = Action::Housing {
        year: 2023,
        name: "x".into(),
        coords: None,
        area: None,
        dwellings: -10.0,
        years_to_full: 1.0,
        per_100: None,
        schools: vec![],
    };
    let scenario = Scenario {
        actions: vec![bad],
        ..common::tiny::textbook()
    };
    assert!(Engine::new(Arc::new(county())).outcome(&scenario).is_err());
}

/// `sample-data/scenario-housing.json`: 3,000 dwellings in the county town
/// from 2027, full in 2030. With the default settings (3.1 persons a
/// dwelling, 6.39 births per 1,000) a cohort is 100 × 3.1 × 6.39 / 1,000 =
/// 1.98 pupils per 100 dwellings: 59.4 a grade when full, so the nearest
/// primary school has 6 × 59.4 = 356.6 more pupils in 2030 and the nearest
/// junior school 3 × 59.4 = 178.3.
#[test]
fn the_sample_housing_scenario_fills_the_nearest_town_schools() {
    use seatcast::grades::Level;
    use seatcast::model::Coords;
    let l = seatcast::sample::load_sample(&Default::default())
        .map_err(|_| "the sample loads")
        .expect("the sample loads");
    let engine = Engine::new(Arc::new(l.dataset));
    let text = std::fs::read_to_string("sample-data/scenario-housing.json").expect("ships");
    let scenario = seatcast::scenario_file::from_json(&text, "scenario-housing.json".as_ref())
        .expect("parses");
    let with = engine.outcome(&scenario).expect("resolves");
    let base = Scenario {
        actions: vec![],
        ..scenario.clone()
    };
    let without = engine.outcome(&base).expect("projects");
    let d = &engine.dataset;
    let here = Coords::Km { x: 1.5, y: -2.5 };
    let nearest = |level: Level| {
        (0..d.schools.len())
            .filter(|&i| d.schools[i].level == level)
            .min_by(|&a, &b| {
                let da = d.schools[a]
                    .coords
                    .and_then(|c| c.distance_km(here))
                    .unwrap_or(f64::MAX);
                let db = d.schools[b]
                    .coords
                    .and_then(|c| c.distance_km(here))
                    .unwrap_or(f64::MAX);
                da.total_cmp(&db)
            })
            .expect("a school")
    };
    let cohort = 100.0 * 3.1 * 6.39 / 1000.0 * 30.0;
    for (level, grades) in [(Level::Primary, 6.0), (Level::Junior, 3.0)] {
        let i = nearest(level);
        let added = demand(&with, i, 2030) - demand(&without, i, 2030);
        assert!(
            (added - grades * cohort).abs() < 1e-6,
            "{}: {added}",
            d.schools[i].name
        );
        // Half-way in 2028 (two of four years).
        let added = demand(&with, i, 2028) - demand(&without, i, 2028);
        assert!((added - grades * cohort / 2.0).abs() < 1e-6, "{added}");
    }
}
