//! The projection engine on a tiny county, every number worked out by hand.
//!
//! Area A: primary P (grades 1–2) feeds school J (grade 3 only).
//! Area B: primary Q (grades 1–2). Falls 2020–2022; base 2022.
//!
//! | fall | P g1 | P g2 | J g3 | Q g1 | Q g2 |      births | A   | B  |
//! | 2020 |  40  |  40  |  30  |  25  |  –   |        2014 |  80 | 50 |
//! | 2021 |  50  |  40  |  36  |  30  |  25  |        2015 | 100 | 50 |
//! | 2022 |  60  |  45  |  36  |  24  |  27  |        2016 | 120 | 60 |
//! |      |      |      |      |      |      |        2017 | 140 | 40 |
//! |      |      |      |      |      |      |        2018 | 160 |  – |
//!
//! Window 3 at base 2022: falls 2020–2022; transitions 2021 and 2022.
//! - ER(P) = mean(40/80, 50/100, 60/120) = 0.5; GPR(P,2) = mean(40/40, 45/50) = 0.95.
//! - share(J) = mean(36/40, 36/40) = 0.9 of P's grade 2 the year before.
//! - ER(Q) = mean(25/50, 30/50, 24/60) = 0.5; GPR(Q,2) = mean(25/25, 27/30) = 0.95.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use common::tiny::county;
use seatcast_core::grades::Level;
use seatcast_core::model::{Births, Dataset, Enrolment, Locale};
use seatcast_engine::Engine;
use seatcast_engine::outcome::{RowKind, Warning, school_years};
use seatcast_engine::scenario::{BirthsExtrapolation, Estimator, Method, Scenario};
use std::sync::Arc;

fn flat(horizon: usize) -> Scenario {
    Scenario {
        horizon,
        births_extrapolation: BirthsExtrapolation::Flat,
        ..common::tiny::textbook()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Pupils of a school by grade in a projected year.
fn at(engine: &Engine, scenario: &Scenario, school: usize, year: i32) -> Vec<f64> {
    let (_, p) = engine.project(scenario);
    let h = (year - p.base_year) as usize;
    p.grades(school, h)
        .iter()
        .copied()
        .filter(|v| *v != 0.0)
        .collect()
}

fn assert_grades(got: Vec<f64>, want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, *w), "{got:?} vs {want:?}");
    }
}

#[test]
fn ratios_as_worked_out() {
    let engine = Engine::new(Arc::new(county()));
    let r = engine.ratios(2022, 3, Estimator::Mean, &[]);
    let p = &r.schools[0];
    assert!(close(p.entry_ratio, 0.5));
    assert!(close(p.gpr[4], 0.95), "GPR(P, grade 2) = {}", p.gpr[4]);
    assert_eq!(p.gpr_n[4], 2);
    assert!(close(r.schools[1].entry_ratio, 0.9));
    assert!(close(r.schools[2].entry_ratio, 0.5));
    assert!(close(r.schools[2].gpr[4], 0.95));
}

#[test]
fn three_years_ahead_by_hand() {
    let engine = Engine::new(Arc::new(county()));
    let s = flat(3);
    // P 2023: g1 = B(A, 2017) × 0.5 = 70; g2 = 60 × 0.95 = 57.
    assert_grades(at(&engine, &s, 0, 2023), &[70.0, 57.0]);
    // P 2024: g1 = 160 × 0.5 = 80; g2 = 70 × 0.95 = 66.5.
    assert_grades(at(&engine, &s, 0, 2024), &[80.0, 66.5]);
    // P 2025: births of 2019 unknown, held flat at 160: g1 = 80; g2 = 80 × 0.95 = 76.
    assert_grades(at(&engine, &s, 0, 2025), &[80.0, 76.0]);
    // J: 0.9 × P's grade 2 the year before: 45 → 40.5, 57 → 51.3, 66.5 → 59.85.
    assert_grades(at(&engine, &s, 1, 2023), &[40.5]);
    assert_grades(at(&engine, &s, 1, 2024), &[51.3]);
    assert_grades(at(&engine, &s, 1, 2025), &[59.85]);
    // Q 2023: g1 = B(B, 2017) × 0.5 = 20; g2 = 24 × 0.95 = 22.8. 2024: births flat at 40: 20; 20 × 0.95 = 19.
    assert_grades(at(&engine, &s, 2, 2023), &[20.0, 22.8]);
    assert_grades(at(&engine, &s, 2, 2024), &[20.0, 19.0]);
}

#[test]
fn capacity_and_shortfall_by_hand() {
    let engine = Engine::new(Arc::new(county()));
    let s = flat(3);
    let (_, p) = engine.project(&s);
    let rows = school_years(
        &engine.dataset,
        &engine.observed,
        &p,
        &s,
        &Default::default(),
    );
    let row = |school: usize, year: i32| {
        rows.iter()
            .find(|r| r.school == school && r.year == year)
            .unwrap()
    };
    // P: 3 classrooms × 45 = 135 seats. 2022 observed: 105 pupils; 2025: 80 + 76 = 156, 21 short.
    let now = row(0, 2022);
    assert_eq!(
        (now.kind, now.demand, now.capacity),
        (RowKind::Observed, 105.0, Some(135.0))
    );
    let later = row(0, 2025);
    assert_eq!(later.kind, RowKind::Projected);
    assert!(close(later.demand, 156.0) && close(later.shortfall, 21.0));
    assert_eq!(later.warning, Warning::Red);
    // Classes: ceil(80 / 45) + ceil(76 / 45) = 2 + 2.
    assert_eq!(later.classes_needed, 4.0);
    assert!(close(later.avg_class_size.unwrap(), 52.0));
    // Observed years 2020–2022 and projected 2023–2025 for each of the 3 schools.
    assert_eq!(rows.len(), 3 * 6);
}

#[test]
fn what_ifs_move_what_they_should() {
    let engine = Engine::new(Arc::new(county()));
    // Entry ratios +10 %: P's 2023 grade 1 is 140 × 0.5 × 1.1 = 77.
    let s = Scenario {
        entry_ratio_adjust_pct: 10.0,
        ..flat(3)
    };
    assert!(close(at(&engine, &s, 0, 2023)[0], 77.0));
    // Births −10 % a year after the last known year: A's 2019 births 160 × 0.9 = 144, so P's 2025 grade 1 is 72.
    let s = Scenario {
        births_change_pct: -10.0,
        ..flat(3)
    };
    assert!(close(at(&engine, &s, 0, 2025)[0], 72.0));
    assert!(
        close(at(&engine, &s, 0, 2024)[0], 80.0),
        "known births are left alone"
    );
    // A per-area figure replaces the county-wide one: B −50 % → Q's 2024 grade 1 is 40 × 0.5 × 0.5 = 10.
    let mut s = flat(3);
    s.births_change_pct_by_area.insert("B".into(), -50.0);
    assert!(close(at(&engine, &s, 2, 2024)[0], 10.0));
    assert!(close(at(&engine, &s, 0, 2025)[0], 80.0));
    // Persistence: next year is this year.
    let s = Scenario {
        method: Method::Persistence,
        ..flat(3)
    };
    assert_grades(at(&engine, &s, 0, 2025), &[60.0, 45.0]);
}

/// Persistence holds every grade as it was, so a new school's share of a
/// donor's entry grade is carved once, in the fall it opens (the textbook
/// forms the entry grade afresh each fall and carves it each fall). Worked
/// by hand: school 0's entry grade 100, a quarter to school 1 from 2027.
#[test]
fn a_held_projection_carves_a_new_schools_share_once() {
    use seatcast_engine::method::GRADE_SLOTS;
    use seatcast_engine::plan::{Carve, Plan};
    let mut plan = Plan::default();
    plan.carves.push(Carve {
        year: 2027,
        school: 1,
        slot: 0,
        share: 0.0,
        area_members: vec![],
        donors: vec![0],
        donor_shares: vec![0.25],
    });
    let mut slab = vec![0.0; 2 * GRADE_SLOTS];
    slab[0] = 100.0;
    // Held over 2026–2029: 75 and 25 from 2027 on, every fall alike.
    let mut held = slab.clone();
    for year in 2026..=2029 {
        plan.apply_year_held(year, 2026, &mut held);
        let want = if year < 2027 { 100.0 } else { 75.0 };
        assert!((held[0] - want).abs() < 1e-9, "{year}: {}", held[0]);
        assert!((held[0] + held[GRADE_SLOTS] - 100.0).abs() < 1e-9);
    }
    // The fresh rule on a carried-over grade would compound: 100 × 0.75³.
    let mut fresh = slab.clone();
    for year in 2026..=2029 {
        plan.apply_year(year, &mut fresh);
    }
    assert!((fresh[0] - 100.0 * 0.75f64.powi(3)).abs() < 1e-9);
    // A school opened before the first fall projected is carved in it.
    plan.carves[0].year = 2024;
    let mut early = slab.clone();
    for year in 2026..=2029 {
        plan.apply_year_held(year, 2026, &mut early);
    }
    assert!((early[0] - 75.0).abs() < 1e-9);
}

#[test]
fn urban_drift_moves_rural_pupils_to_urban_schools() {
    let mut d = county();
    d.schools[0].locale = Some(Locale::Urban);
    d.schools[2].locale = Some(Locale::Rural);
    let engine = Engine::new(Arc::new(d));
    let s = Scenario {
        urban_drift_pct: 10.0,
        ..flat(1)
    };
    // 2023 before drift: P [70, 57], Q [20, 22.8]. 10 % of Q moves to P (the only urban school).
    assert_grades(at(&engine, &s, 2, 2023), &[18.0, 20.52]);
    assert_grades(at(&engine, &s, 0, 2023), &[72.0, 59.28]);
}

#[test]
fn a_closed_school_stops_and_a_later_base_year_is_honoured() {
    let mut d = county();
    d.schools[2].closed = Some(2024);
    let engine = Engine::new(Arc::new(d));
    let s = flat(3);
    assert_grades(at(&engine, &s, 2, 2023), &[20.0, 22.8]);
    assert!(at(&engine, &s, 2, 2024).is_empty());
    // From base 2021 with window 2: ER(P) = mean(0.5, 0.5); GPR(P,2) = 40/40 = 1 → 2022: [60, 50].
    let s = Scenario {
        base_year: Some(2021),
        window: 2,
        ..flat(1)
    };
    assert_grades(at(&engine, &s, 0, 2022), &[60.0, 50.0]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn no_negative_pupils(pct in -60.0f64..20.0, drift in 0.0f64..30.0, adj in -50.0f64..50.0) {
            let mut d = county();
            d.schools[0].locale = Some(Locale::Urban);
            d.schools[2].locale = Some(Locale::Rural);
            let engine = Engine::new(Arc::new(d));
            let s = Scenario { births_change_pct: pct, urban_drift_pct: drift, entry_ratio_adjust_pct: adj, ..common::tiny::textbook() };
            let (_, p) = engine.project(&s);
            prop_assert!(p.pupils.iter().all(|v| *v >= 0.0 && v.is_finite()));
        }

        #[test]
        fn births_scale_the_entry_grade(k in 0.0f64..5.0) {
            let scaled = {
                let mut d = county();
                for b in &mut d.births { b.births *= k; }
                Engine::new(Arc::new(d))
            };
            let base = Engine::new(Arc::new(county()));
            let s = flat(3);
            // The entry ratios scale by 1/k with the births, so only births after the
            // window move the entry grade: compare 2024 against births held as they were.
            let (_, p0) = base.project(&s);
            let (_, p1) = scaled.project(&s);
            let r0 = base.ratios(2022, 3, Estimator::Mean, &[]);
            let r1 = scaled.ratios(2022, 3, Estimator::Mean, &[]);
            if k == 0.0 {
                // Zero births: no entry ratio, an empty entry grade.
                prop_assert_eq!(r1.schools[0].entry_ratio, 0.0);
                prop_assert_eq!(p1.grades(0, 1)[3], 0.0);
            } else {
                prop_assert!((r1.schools[0].entry_ratio * k - r0.schools[0].entry_ratio).abs() < 1e-9);
                prop_assert!((p1.grades(0, 2)[3] - p0.grades(0, 2)[3]).abs() < 1e-9);
            }
        }

        #[test]
        fn doubling_births_after_the_window_doubles_the_entry_grade(extra in 1.0f64..3.0) {
            // Multiply only the births the projection draws on (2017, 2018), not the window's.
            let mut d = county();
            for b in &mut d.births { if b.year >= 2017 { b.births *= extra; } }
            let e1 = Engine::new(Arc::new(d));
            let e0 = Engine::new(Arc::new(county()));
            let s = flat(2);
            let (_, p0) = e0.project(&s);
            let (_, p1) = e1.project(&s);
            for h in 1..=2 {
                prop_assert!((p1.grades(0, h)[3] - extra * p0.grades(0, h)[3]).abs() < 1e-9);
                prop_assert!((p1.grades(2, h)[3] - extra * p0.grades(2, h)[3]).abs() < 1e-9);
            }
        }
    }
}

#[test]
fn zero_births_give_an_empty_entry_grade() {
    // Births of the years the projection draws on set to 0.
    let mut d = county();
    for b in &mut d.births {
        if b.year >= 2017 {
            b.births = 0.0;
        }
    }
    let engine = Engine::new(Arc::new(d));
    let (_, p) = engine.project(&flat(3));
    for h in 1..=3 {
        assert_eq!(p.grades(0, h)[3], 0.0);
        assert_eq!(p.grades(2, h)[3], 0.0);
    }
    // Grade 2 still moves up from last year's grade 1 while it lasts: 60 × 0.95 = 57.
    assert!(close(p.grades(0, 1)[4], 57.0));
}

#[test]
fn aggregates_sum_schools_by_county_area_and_level() {
    use seatcast_engine::outcome::{Scope, aggregates};
    let engine = Engine::new(Arc::new(county()));
    let s = flat(3);
    let (_, p) = engine.project(&s);
    let rows = school_years(
        &engine.dataset,
        &engine.observed,
        &p,
        &s,
        &Default::default(),
    );
    let agg = aggregates(&engine.dataset, &rows).expect("aggregates");
    let find = |scope: Scope, year: i32| {
        agg.iter()
            .find(|a| a.scope == scope && a.year == year)
            .unwrap()
            .clone()
    };
    // 2022 observed: P 105, J 36, Q 51.
    let county_now = find(Scope::County, 2022);
    assert_eq!((county_now.demand, county_now.schools), (192.0, 3));
    assert_eq!(find(Scope::Area("A".into()), 2022).demand, 141.0);
    assert_eq!(find(Scope::Area("B".into()), 2022).demand, 51.0);
    // 2025: P is 21 short (156 in 135 seats); J 59.85 in 45 seats is 14.85 short; Q 39 in 90 seats.
    let county = find(Scope::County, 2025);
    assert!(close(county.shortfall, 21.0 + 14.85));
    assert_eq!(county.schools_short, 2);
    assert!(close(county.capacity, 135.0 + 45.0 + 90.0));
    assert_eq!(find(Scope::Level(Level::Primary), 2025).schools, 3);
}

#[test]
fn births_extrapolation_can_differ_by_area() {
    use seatcast_engine::scenario::BirthsExtrapolation;
    let engine = Engine::new(Arc::new(county()));
    // County-wide: a straight-line trend (damping 1). A's last three changes are +20
    // a year, so A's 2019 births are 180 and P's 2025 grade 1 is 90.
    let mut s = Scenario {
        births_extrapolation: BirthsExtrapolation::Trend { damping: 1.0 },
        ..flat(3)
    };
    assert!(close(at(&engine, &s, 0, 2025)[0], 90.0));
    // A held flat instead: 160 × 0.5 = 80.
    s.births_extrapolation_by_area
        .insert("A".into(), BirthsExtrapolation::Flat);
    assert!(close(at(&engine, &s, 0, 2025)[0], 80.0));
}

#[test]
fn many_schools_step_in_parallel_to_the_same_numbers() {
    // 700 copies of the tiny county (2,100 schools, past the parallel threshold),
    // each copy with its own areas: every copy must project exactly like the original.
    let one = county();
    let copies = 700;
    let mut d = Dataset {
        grade_system: one.grade_system,
        ..Dataset::default()
    };
    for c in 0..copies {
        let offset = d.schools.len();
        for s in &one.schools {
            let mut s = s.clone();
            s.area = s.area.map(|a| format!("{a}{c}"));
            s.feeder = s.feeder.map(|f| f + offset);
            d.schools.push(s);
        }
        d.enrolment.extend(one.enrolment.iter().map(|e| Enrolment {
            school: e.school + offset,
            ..*e
        }));
        d.births.extend(one.births.iter().map(|b| Births {
            area: b.area.as_ref().map(|a| format!("{a}{c}")),
            ..b.clone()
        }));
    }
    let small = Engine::new(Arc::new(one));
    let big = Engine::new(Arc::new(d));
    let s = flat(15);
    let (_, p1) = small.project(&s);
    let (_, pn) = big.project(&s);
    for c in [0, 1, 350, copies - 1] {
        for school in 0..3 {
            for h in 0..=15 {
                assert_eq!(
                    p1.grades(school, h),
                    pn.grades(c * 3 + school, h),
                    "copy {c}, school {school}, h {h}"
                );
            }
        }
    }
    // The school-year figures come back in school order and equal the small
    // county's, copy by copy.
    let r1 = school_years(
        &small.dataset,
        &small.observed,
        &p1,
        &s,
        &Default::default(),
    );
    let rn = school_years(&big.dataset, &big.observed, &pn, &s, &Default::default());
    assert_eq!(rn.len(), r1.len() * copies);
    for (k, r) in rn.iter().enumerate() {
        let mut want = r1[k % r1.len()].clone();
        want.school += (k / r1.len()) * 3;
        assert_eq!(*r, want, "row {k}");
    }
}

#[test]
fn school_summaries_and_headline_by_hand() {
    let engine = Engine::new(Arc::new(county()));
    let o = engine.outcome(&flat(3)).expect("outcome");
    let [p, j, q] = [&o.schools[0], &o.schools[1], &o.schools[2]];
    // P: 105 now in 135 seats; 127, 146.5, 156 ahead: short 11.5 in 2024 and 21 in 2025.
    assert_eq!(p.pupils_now, 105.0);
    assert!(close(p.utilisation_now.unwrap(), 105.0 / 135.0));
    assert!(close(p.peak, 156.0) && p.peak_year == 2025);
    assert!(close(p.shortfall, 21.0) && p.shortfall_year == Some(2025));
    assert_eq!(p.warning, Warning::Red);
    // J: 36 now; 40.5, 51.3, 59.85 in 45 seats: 14.85 short in 2025.
    assert!(close(j.peak, 59.85) && j.peak_year == 2025);
    assert!(close(j.shortfall, 14.85) && j.shortfall_year == Some(2025));
    assert!(j.flags.small_school);
    // Q: 51 now, then 42.8, 39, 39 in 90 seats — the peak is now, never short,
    // and under half used by the end: grey.
    assert_eq!((q.peak, q.peak_year), (51.0, 2022));
    assert_eq!((q.shortfall, q.shortfall_year), (0.0, None));
    assert_eq!(q.warning, Warning::Grey);
    // County: the primaries' summed shortfall is 0, 11.5 + 6.3, 21 + 14.85.
    let h = &o.headline;
    assert_eq!(h.levels.len(), 1);
    assert!(close(h.levels[0].shortfall, 35.85) && h.levels[0].year == 2025);
    assert_eq!(h.short_next_year, 0);
    assert_eq!((h.short_at_peak, h.short_peak_year), (2, 2024));
    assert_eq!((h.small_schools, h.oversized_class_schools), (2, 0));
    // Each school's rows are its own, in order.
    assert!(o.school_rows(2).iter().all(|r| r.school == 2));
    assert_eq!(o.school_rows(2).len(), 6);
}

/// A school that opened within the data and has not reached its top grade
/// yet fills up: its cohort moves on at the county's progression ratio.
/// N (area B, grades 1–2 on the roster) opens in 2022 with 10 pupils in
/// grade 1. County GPR of grade 2 over 2021–2022: P 40/40 and 45/50, Q 25/25
/// and 27/30 → (40+45+25+27)/(40+50+25+30) = 137/145. ER(N) = 10/60 (births of
/// B in 2016), so 2023 has 40/6 entrants (births of B in 2017: 40).
#[test]
fn a_new_school_fills_up_its_grades() {
    let mut d = county();
    d.schools
        .push(common::tiny::school("N", "B", 1, 2, 2.0, None));
    // Q's roster says grades 1–3 though it has only ever taught 1–2.
    d.schools[2].span.hi = seatcast_core::grades::Grade(3);
    d.enrolment.push(Enrolment {
        school: 3,
        year: 2022,
        grade: seatcast_core::grades::Grade(1),
        pupils: 10.0,
        classes: None,
    });
    let engine = Engine::new(Arc::new(d));
    assert_grades(
        at(&engine, &flat(1), 3, 2023),
        &[40.0 / 6.0, 10.0 * 137.0 / 145.0],
    );
    // A school there from the first fall keeps to the grades it teaches (a
    // teaching point with grades 1–3 on a 1–6 roster stays at 1–3): Q stays
    // at grades 1–2.
    assert_eq!(at(&engine, &flat(1), 2, 2023).len(), 2);
}

/// Entrants at the base whose birth years are all missing (the births series
/// starts later): the entry ratio is the base's entrants over the births of
/// the nearest known year, not 0. Area A's births from 2016 only; from base
/// 2021 (window 2: entrants 2020 and 2021, born 2014 and 2015, unknown),
/// ER(P) = 50 / B(A, 2016) = 50/120, so 2022's entrants (born 2016) are 50.
#[test]
fn entrants_without_their_births_use_the_nearest_known_year() {
    let mut d = county();
    d.births
        .retain(|b| !(b.area.as_deref() == Some("A") && b.year < 2016));
    let engine = Engine::new(Arc::new(d));
    let s = Scenario {
        base_year: Some(2021),
        window: 2,
        ..flat(1)
    };
    // Grade 2: 2021's 50 in grade 1 × GPR(P,2) = 40/40 (the one transition, 2021).
    assert_grades(at(&engine, &s, 0, 2022), &[50.0, 50.0]);
}
