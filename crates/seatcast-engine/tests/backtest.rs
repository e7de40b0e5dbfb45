//! The engine reproduces docs/method.md's reference backtest on the real Eau Claire
//! data: this proves it does what the method says. The data is read where it
//! is kept, in ../shared/data/eau-claire; where that is absent each test says
//! so and passes over.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast_testkit as common;

use seatcast_core::import::{ImportOptions, load_paths};
use seatcast_engine::Engine;
use seatcast_engine::accuracy::{BacktestOptions, ErrorBands, HorizonScore, backtest, comparisons};
use seatcast_engine::method::{GRADE_SLOTS, project};
use seatcast_engine::scenario::{Method, Scenario};
use std::sync::Arc;

fn eau_claire() -> Option<Engine> {
    let files = common::shared_files(
        "eau-claire",
        &["Third Friday.ods", "births.csv", "schools.csv"],
    )?;
    let loaded = load_paths(&files, &ImportOptions::default()).expect("Eau Claire loads");
    Some(Engine::new(Arc::new(loaded.dataset)))
}

fn options() -> BacktestOptions {
    BacktestOptions {
        origins: 2003..=2019,
        horizon: 5,
        skip_years: vec![2020],
        skip_targets: vec![],
    }
}

/// docs/method.md's rows are of its exact method: no robust guards.
fn run(method: Method, window: usize) -> Option<Vec<HorizonScore>> {
    let scenario = Scenario {
        method,
        window,
        robust: false,
        ..Scenario::default()
    };
    Some(backtest(&eau_claire()?, &scenario, &options()))
}

/// The pooled method as it was measured before the robust guards (the
/// Python implementation's figures are of this).
fn pooled() -> Scenario {
    Scenario {
        method: Method::Pooled,
        robust: false,
        ..Scenario::default()
    }
}

/// docs/method.md's table: (school MAPE, system MAPE) at h = 1 … 5.
fn assert_reproduces(scores: &[HorizonScore], school: [f64; 5], system: [f64; 5]) {
    for (i, s) in scores.iter().enumerate() {
        assert!(
            (s.school_mape - school[i]).abs() <= 0.15,
            "h={}: school MAPE {:.2} vs {:.2}",
            s.h,
            s.school_mape,
            school[i]
        );
        assert!(
            (s.system_mape - system[i]).abs() <= 0.15,
            "h={}: system MAPE {:.2} vs {:.2}",
            s.h,
            s.system_mape,
            system[i]
        );
    }
}

#[test]
fn persistence_row() {
    let Some(s) = run(Method::Persistence, 3) else {
        return;
    };
    eprintln!("{s:#?}");
    assert_reproduces(
        &s,
        [4.30, 6.10, 7.88, 9.05, 10.40],
        [1.18, 2.22, 3.34, 4.42, 5.60],
    );
}

#[test]
fn textbook_n3_row() {
    let Some(s) = run(Method::Textbook, 3) else {
        return;
    };
    eprintln!("{s:#?}");
    assert_reproduces(
        &s,
        [4.78, 7.43, 9.57, 10.57, 11.72],
        [1.35, 2.31, 2.61, 2.90, 3.93],
    );
}

#[test]
fn textbook_n8_row() {
    let Some(s) = run(Method::Textbook, 8) else {
        return;
    };
    eprintln!("{s:#?}");
    assert_reproduces(
        &s,
        [4.23, 6.06, 7.82, 8.76, 9.90],
        [1.17, 1.88, 2.42, 2.78, 3.29],
    );
}

/// The pooled method (ratios pooled over 12 falls as a ratio of sums): the
/// figures of an independent Python implementation of docs/method.md's backtest,
/// which also reproduces the three reference rows above. It beats the best
/// reference row at every horizon, at school and system level.
#[test]
fn pooled_beats_the_reference_rows() {
    let Some(engine) = eau_claire() else { return };
    let s = backtest(&engine, &pooled(), &options());
    let school = [4.10, 5.90, 7.54, 8.59, 9.86];
    let system = [1.05, 1.67, 2.23, 2.89, 3.44];
    // The best of persistence, textbook n=3 and n=8 in docs/method.md's table.
    let best_school = [4.23, 6.06, 7.82, 8.76, 9.90];
    let best_system = [1.17, 1.88, 2.42, 2.78, 3.29];
    for (i, sc) in s.iter().enumerate() {
        assert!((sc.school_mape - school[i]).abs() < 0.005, "{sc:?}");
        assert!((sc.system_mape - system[i]).abs() < 0.005, "{sc:?}");
        assert!(sc.school_mape < best_school[i], "{sc:?}");
    }
    // System level: better than every reference row at h = 1 … 3, behind
    // textbook n=8 at h = 4 and 5.
    for i in 0..3 {
        assert!(s[i].system_mape < best_system[i]);
    }
}

/// 2020 (about 25 % low) left in the data but not scored: from the issue's
/// origins 2003 … 2019 no projection uses fall 2020, so the figures are
/// those with 2020 skipped outright.
#[test]
fn an_unscored_outlier_fall_matches_a_skipped_one() {
    let Some(engine) = eau_claire() else { return };
    let skipped = backtest(&engine, &Scenario::default(), &options());
    let unscored = BacktestOptions {
        skip_years: vec![],
        skip_targets: vec![2020],
        ..options()
    };
    let unscored = backtest(&engine, &Scenario::default(), &unscored);
    for (a, b) in skipped.iter().zip(&unscored) {
        assert!((a.school_mape - b.school_mape).abs() <= 0.3, "{a:?} {b:?}");
        assert!((a.system_mape - b.system_mape).abs() <= 0.3, "{a:?} {b:?}");
    }
}

/// 80 % ranges as a planner would have had them (drawn at each origin from
/// the errors known then: a school's from the last five falls, scaled by
/// the fitted growth exponent and by school size; the county total's from
/// every county total known, widened by Student's t for its origins): their
/// coverage per horizon, within 75–85 % at every horizon for the default.
/// The expected counts, schools and county totals (of 16 origins), come
/// from independent Python implementations of the ranges run on the
/// backtest's comparisons (the county's: scripts/peer_coverage.py, on the
/// comparisons `dump_comparisons_for_the_peer_check` writes).
#[test]
fn interval_coverage_from_earlier_errors() {
    let Some(engine) = eau_claire() else { return };
    let check = |scenario: Scenario, inside: [usize; 5], n: [usize; 5], system: [usize; 5]| {
        let s = backtest(&engine, &scenario, &options());
        for (i, score) in s.iter().enumerate() {
            let want = inside[i] as f64 / n[i] as f64;
            let got = score.coverage80.expect("enough earlier errors");
            assert!((got - want).abs() < 1e-9, "h={}: {got} vs {want}", score.h);
            let want = system[i] as f64 / 16.0;
            let got_system = score.system_coverage80.expect("enough earlier errors");
            assert!(
                (got_system - want).abs() < 1e-9,
                "h={}: {got_system}",
                score.h
            );
            if scenario.method == Method::Pooled {
                assert!((0.75..=0.85).contains(&got), "h={}: {got}", score.h);
            }
        }
    };
    // Pooled: 0.832 / 0.815 / 0.830 / 0.808 / 0.812, all within 75–85 %;
    // the county total 10 / 13 / 12 / 10 / 9 of 16 (the misses at four
    // and five years are the falls after 2020, 6–9 % below every
    // projection).
    check(
        pooled(),
        [163, 159, 161, 156, 156],
        [196, 195, 194, 193, 192],
        [10, 13, 12, 10, 9],
    );
    // The textbook: 0.827 / 0.805 / 0.794 / 0.803 / 0.734 (short at h = 5).
    check(
        Scenario {
            method: Method::Textbook,
            robust: false,
            ..Scenario::default()
        },
        [162, 157, 154, 155, 141],
        [196, 195, 194, 193, 192],
        [10, 11, 11, 11, 8],
    );
}

/// From later origins (2003 … 2023) with 2020 in the data but not scored,
/// finding the outlier fall (and projecting origin 2020 from 2019) beats
/// using 2020 as data: the county total is nearer at one to four years and
/// schools are nearer one year ahead, for the default and for the textbook.
#[test]
fn finding_the_outlier_fall_beats_using_it() {
    let Some(engine) = eau_claire() else { return };
    let options = BacktestOptions {
        origins: 2003..=2023,
        horizon: 5,
        skip_years: vec![],
        skip_targets: vec![2020],
    };
    for method in [Method::Pooled, Method::Textbook] {
        let found = Scenario {
            method,
            ..Scenario::default()
        };
        let kept = Scenario {
            detect_outliers: false,
            ..found.clone()
        };
        let (a, b) = (
            backtest(&engine, &found, &options),
            backtest(&engine, &kept, &options),
        );
        assert!(
            a[0].school_mape < b[0].school_mape,
            "{method:?} {a:?} {b:?}"
        );
        for h in 0..4 {
            assert!(
                a[h].system_mape < b[h].system_mape,
                "{method:?} h={}",
                h + 1
            );
        }
    }
}

/// The school target (3.60 % at one year) set against hindsight:
/// the same projection with every ratio taken from the 12 falls around the
/// origin (T−5 … T+6, six of them still to come; for T = 2019 the 12 up to
/// the last fall, 2024) is still above it at one year, and so is its system
/// MAPE above 1.0 %. A school closed by then keeps the ratios known at the
/// origin. Figures from an independent Python implementation of the method
/// on the same data: 3.79 / 4.97 / 5.66 / 5.73 / 6.00 % for schools, 1.04 /
/// 1.48 / 1.82 / 2.13 / 2.32 % for the system. The same harness with the
/// ratios known at the origin reproduces the backtest's pooled figures, so
/// it measures what the backtest does.
#[test]
fn the_one_year_targets_are_beyond_hindsight_ratios() {
    let Some(engine) = eau_claire() else { return };
    let scenario = Scenario {
        horizon: 5,
        ..pooled()
    };
    let skip = [2020];
    let obs = &engine.observed;
    let run = |hindsight: bool| {
        let (mut ape, mut system) = (vec![Vec::new(); 5], vec![Vec::new(); 5]);
        for origin in 2003..=2019 {
            let known = engine.ratios(origin, scenario.window(), scenario.ratio_estimator(), &skip);
            let mut ratios = (*known).clone();
            if hindsight {
                let later = engine.ratios(
                    (origin + 6).min(obs.last_year()),
                    scenario.window(),
                    scenario.ratio_estimator(),
                    &skip,
                );
                for (r, l) in ratios.schools.iter_mut().zip(&later.schools) {
                    for g in 0..GRADE_SLOTS {
                        if l.gpr_n[g] > 0 {
                            r.gpr[g] = l.gpr[g];
                        }
                    }
                    if l.entry_estimated && l.entry_slot == r.entry_slot {
                        r.entry_ratio = l.entry_ratio;
                    }
                }
            }
            let p = project(&engine.dataset, obs, &ratios, &scenario, origin, None);
            for h in 1..=5 {
                let target = origin + h as i32;
                if !obs.usable(target, &skip) {
                    continue;
                }
                let (mut projected, mut actual) = (0.0, 0.0);
                for school in 0..obs.n_schools {
                    let (then, now) = (obs.grades(school, origin), obs.grades(school, target));
                    let same = then.iter().zip(&now).all(|(a, b)| (*a > 0.0) == (*b > 0.0));
                    let a: f64 = now.iter().sum();
                    if !same || a <= 0.0 || then.iter().sum::<f64>() <= 0.0 {
                        continue;
                    }
                    let f = p.total(school, h);
                    ape[h - 1].push((f - a).abs() / a);
                    projected += f;
                    actual += a;
                }
                system[h - 1].push((projected - actual).abs() / actual);
            }
        }
        let mean = |v: &Vec<f64>| 100.0 * v.iter().sum::<f64>() / v.len() as f64;
        (
            ape.iter().map(mean).collect::<Vec<_>>(),
            system.iter().map(mean).collect::<Vec<_>>(),
        )
    };
    let (school, system) = run(false);
    let scores = backtest(&engine, &scenario, &options());
    for (i, s) in scores.iter().enumerate() {
        assert!((school[i] - s.school_mape).abs() < 1e-9, "h={}", s.h);
        assert!((system[i] - s.system_mape).abs() < 1e-9, "h={}", s.h);
    }
    let (school, system) = run(true);
    eprintln!("hindsight: {school:.2?} {system:.2?}");
    let python = [3.79, 4.97, 5.66, 5.73, 6.00];
    let python_system = [1.04, 1.48, 1.82, 2.13, 2.32];
    for i in 0..5 {
        assert!(
            (school[i] - python[i]).abs() < 0.005,
            "h={}: {}",
            i + 1,
            school[i]
        );
        assert!(
            (system[i] - python_system[i]).abs() < 0.005,
            "h={}: {}",
            i + 1,
            system[i]
        );
    }
    assert!(school[0] > 3.60 && system[0] > 1.0);
}

/// The ranges hold as often for small schools as for large ones: split at
/// 300 projected pupils, each half's coverage is within 75–85 % at every
/// horizon (small 0.81 / 0.78 / 0.80 / 0.80 / 0.80, large 0.84 / 0.83 /
/// 0.84 / 0.81 / 0.82). With one spread for every size the small schools'
/// ranges held 0.75 / 0.73 / 0.78 / 0.80 / 0.72 and the large ones' 0.86 /
/// 0.84 / 0.84 / 0.83 / 0.83.
#[test]
fn ranges_hold_for_small_and_large_schools_alike() {
    let Some(engine) = eau_claire() else { return };
    let pool = BacktestOptions {
        origins: engine.observed.first_year + 1..=2019,
        ..options()
    };
    let all = comparisons(&engine, &pooled(), &pool);
    // (inside, compared) per horizon, for schools under and over 300.
    let mut counts = [[(0usize, 0usize); 5]; 2];
    for origin in options().origins {
        let bands = ErrorBands::known_at(&all, origin, 5).expect("enough earlier errors");
        for c in all.iter().filter(|c| c.origin == origin) {
            let (lo, hi) = bands.school_range(c.h, c.projected).expect("horizon 1–5");
            let cell = &mut counts[usize::from(c.projected >= 300.0)][c.h - 1];
            cell.1 += 1;
            if (lo..=hi).contains(&c.actual) {
                cell.0 += 1;
            }
        }
    }
    for (half, per_h) in ["small", "large"].iter().zip(counts) {
        for (h, (inside, n)) in per_h.iter().enumerate() {
            let share = *inside as f64 / *n as f64;
            eprintln!("{half} h={}: {inside}/{n} = {share:.3}", h + 1);
            assert!(*n >= 45, "{half} h={}: {n}", h + 1);
            assert!(
                (0.75..=0.85).contains(&share),
                "{half} h={}: {share}",
                h + 1
            );
        }
    }
}

/// Writes the comparisons the coverage is scored on (every origin from the
/// data's first fall) to the CSV `SEATCAST_DUMP_COMPARISONS` names, for
/// scripts/peer_coverage.py, the independent check of the county ranges.
#[test]
#[ignore = "writes a file for the peer check; run by hand"]
fn dump_comparisons_for_the_peer_check() {
    let Some(engine) = eau_claire() else { return };
    let Some(path) = std::env::var_os("SEATCAST_DUMP_COMPARISONS") else {
        return;
    };
    let mut out = String::from("method,origin,h,school,projected,actual\n");
    for (name, scenario) in [
        ("pooled", pooled()),
        (
            "textbook",
            Scenario {
                method: Method::Textbook,
                robust: false,
                ..Scenario::default()
            },
        ),
    ] {
        let all = seatcast_engine::accuracy::comparisons(
            &engine,
            &scenario,
            &BacktestOptions {
                origins: engine.observed.first_year + 1..=2019,
                ..options()
            },
        );
        for c in all {
            out.push_str(&format!(
                "{name},{},{},{},{},{}\n",
                c.origin, c.h, c.school, c.projected, c.actual
            ));
        }
    }
    std::fs::write(path, out).expect("written");
}
