//! The engine reproduces domain.md's reference backtest on the real Eau Claire
//! data: this proves it does what the method says.

use seatcast::engine::Engine;
use seatcast::engine::backtest::{BacktestOptions, HorizonScore, backtest};
use seatcast::engine::scenario::{Method, Scenario};
use seatcast::import::{ImportOptions, load_paths};
use std::path::PathBuf;
use std::sync::Arc;

fn eau_claire() -> Engine {
    let dir = PathBuf::from("tests/fixtures/eau-claire");
    let files: Vec<PathBuf> = ["Third Friday.ods", "births.csv", "schools.csv"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let loaded = load_paths(&files, &ImportOptions::default()).expect("Eau Claire loads");
    Engine::new(Arc::new(loaded.dataset))
}

fn options() -> BacktestOptions {
    BacktestOptions {
        origins: 2003..=2019,
        horizon: 5,
        skip_years: vec![2020],
        skip_targets: vec![],
    }
}

fn run(method: Method, window: usize) -> Vec<HorizonScore> {
    let scenario = Scenario {
        method,
        window,
        ..Scenario::default()
    };
    backtest(&eau_claire(), &scenario, &options())
}

/// domain.md's table: (school MAPE, system MAPE) at h = 1 … 5.
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
    let s = run(Method::Persistence, 3);
    eprintln!("{s:#?}");
    assert_reproduces(
        &s,
        [4.30, 6.10, 7.88, 9.05, 10.40],
        [1.18, 2.22, 3.34, 4.42, 5.60],
    );
}

#[test]
fn textbook_n3_row() {
    let s = run(Method::Textbook, 3);
    eprintln!("{s:#?}");
    assert_reproduces(
        &s,
        [4.78, 7.43, 9.57, 10.57, 11.72],
        [1.35, 2.31, 2.61, 2.90, 3.93],
    );
}

#[test]
fn textbook_n8_row() {
    let s = run(Method::Textbook, 8);
    eprintln!("{s:#?}");
    assert_reproduces(
        &s,
        [4.23, 6.06, 7.82, 8.76, 9.90],
        [1.17, 1.88, 2.42, 2.78, 3.29],
    );
}

/// 80 % intervals as a planner would have had them (from the errors known at
/// each origin): their coverage per horizon. The expected counts come from an
/// independent Python implementation of the same rule run on the same data.
#[test]
fn interval_coverage_from_earlier_errors() {
    let check = |method, window, inside: [usize; 5], n: [usize; 5]| {
        let s = run(method, window);
        for (i, score) in s.iter().enumerate() {
            let want = inside[i] as f64 / n[i] as f64;
            let got = score.coverage80.expect("enough earlier errors");
            assert!((got - want).abs() < 1e-9, "h={}: {got} vs {want}", score.h);
        }
    };
    check(
        Method::Textbook,
        3,
        [170, 162, 162, 158, 154],
        [196, 195, 194, 193, 192],
    );
    check(
        Method::Textbook,
        8,
        [174, 166, 167, 157, 162],
        [196, 195, 194, 193, 192],
    );
}
