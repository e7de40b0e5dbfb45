//! Projection speed at county (60 schools), province (20,000) and national
//! (250,000) scale, 9 grades, 15-year horizon, on synthetic data shaped like
//! benches/peer/peer_pandas.py `synth` (schools × 7 falls × 9 grades,
//! an area per 50 schools, births 2008–2025). Run: `cargo bench --bench engine`.
//!
//! - "full": everything from the dataset — the observed cube, the ratios, the
//!   15-year stepping and every school-year's capacity, shortfall and flags
//!   (what the pandas peer's `project` times).
//! - "what-if": a scenario change with the ratios already estimated (what a
//!   slider in the app re-runs).
//! - "what-if+sums": the same plus the polars school-year table and its sums
//!   by county, area and level (what the app's overview shows).
//! - "plan": `Engine::outcome` (stepping, figures, tables, sums) with a plan
//!   that merges every 20th school into the next and expands every 50th.
//! - "merge planner": the merge candidates and their receivers of an outcome.
//! - "error bands": the backtest behind the 80 % ranges (once per method and
//!   data; a slider reuses it).
//! - "accuracy report": the Accuracy tab's backtests (the method, the
//!   textbook and persistence, every origin, 5 years ahead).
//! - "default's choice": every candidate's backtest and the choice from it,
//!   from a fresh engine (once per load, on the worker; target ≤ 3 s at
//!   20,000 schools, ≤ 50 ms for the sample county, benched too).
//!
//! "full" and "what-if" time a hand-set method (pooled) as before, and the
//! default, whose what-if projects the two candidates it combines.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use seatcast::engine::Engine;
use seatcast::engine::outcome::{aggregates, school_years};
use seatcast::engine::plan::{self, Action, PlannerSettings, Receiver};
use seatcast::engine::scenario::{Method, Scenario};
use std::sync::Arc;
use std::time::Duration;

mod common;

use common::synth;

fn pooled() -> Scenario {
    Scenario {
        method: Method::Pooled,
        ..Scenario::default()
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("project 15 years");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let sample = Arc::new(
        seatcast::sample::load_sample(&Default::default())
            .expect("the sample county")
            .dataset,
    );
    g.bench_with_input(
        BenchmarkId::new("default's choice", "sample county"),
        &sample,
        |b, data| {
            b.iter(|| {
                let engine = Engine::new(Arc::clone(data));
                engine.choice(&Scenario::default()).overall.len()
            })
        },
    );
    let scenario = pooled();
    for n in [60usize, 20_000, 250_000] {
        let data = Arc::new(synth(n));
        if n <= 20_000 {
            g.bench_with_input(BenchmarkId::new("default's choice", n), &data, |b, data| {
                b.iter(|| {
                    let engine = Engine::new(Arc::clone(data));
                    engine.choice(&Scenario::default()).overall.len()
                })
            });
        }
        g.bench_with_input(BenchmarkId::new("full", n), &data, |b, data| {
            b.iter(|| {
                let engine = Engine::new(Arc::clone(data));
                let (_, p) = engine.project(&scenario);
                school_years(
                    &engine.dataset,
                    &engine.observed,
                    &p,
                    &scenario,
                    &Default::default(),
                )
                .len()
            })
        });
        let engine = Engine::new(Arc::clone(&data));
        let _ = engine.project(&scenario);
        let mut pct = 0.0;
        g.bench_with_input(BenchmarkId::new("what-if", n), &engine, |b, engine| {
            b.iter(|| {
                pct -= 0.1;
                let s = Scenario {
                    births_change_pct: pct,
                    ..pooled()
                };
                let (_, p) = engine.project(&s);
                school_years(
                    &engine.dataset,
                    &engine.observed,
                    &p,
                    &s,
                    &Default::default(),
                )
                .len()
            })
        });
        if n <= 20_000 {
            let _ = engine.project(&Scenario::default());
            let mut pct = 0.0;
            g.bench_with_input(
                BenchmarkId::new("what-if (default)", n),
                &engine,
                |b, engine| {
                    b.iter(|| {
                        pct -= 0.1;
                        let s = Scenario {
                            births_change_pct: pct,
                            ..Scenario::default()
                        };
                        let (_, p) = engine.project(&s);
                        school_years(
                            &engine.dataset,
                            &engine.observed,
                            &p,
                            &s,
                            &Default::default(),
                        )
                        .len()
                    })
                },
            );
        }
        let mut pct = 0.0;
        g.bench_with_input(BenchmarkId::new("what-if+sums", n), &engine, |b, engine| {
            b.iter(|| {
                pct -= 0.1;
                let s = Scenario {
                    births_change_pct: pct,
                    ..pooled()
                };
                let (_, p) = engine.project(&s);
                let rows = school_years(
                    &engine.dataset,
                    &engine.observed,
                    &p,
                    &s,
                    &Default::default(),
                );
                aggregates(&engine.dataset, &rows).map(|a| a.len())
            })
        });
        let plan = Scenario {
            actions: (0..n)
                .filter(|i| i % 20 == 0 && i + 1 < n)
                .map(|i| Action::Merge {
                    year: 2027,
                    school: i.to_string(),
                    into: vec![Receiver {
                        school: (i + 1).to_string(),
                        share: 1.0,
                        grades: None,
                    }],
                })
                .chain((0..n).filter(|i| i % 50 == 7).map(|i| Action::Expand {
                    year: 2028,
                    school: i.to_string(),
                    classrooms: 4.0,
                    seats: 0.0,
                }))
                .collect(),
            ..pooled()
        };
        g.bench_with_input(BenchmarkId::new("plan", n), &engine, |b, engine| {
            b.iter(|| engine.outcome(&plan).map(|o| o.rows.len()))
        });
        let mut horizon = 15;
        g.bench_with_input(BenchmarkId::new("error bands", n), &engine, |b, engine| {
            b.iter(|| {
                // A new horizon each time, so the kept bands are not reused.
                horizon = if horizon == 15 { 14 } else { 15 };
                let s = Scenario {
                    horizon,
                    ..pooled()
                };
                engine.bands(&s).map(|b| b.errors)
            })
        });
        if n <= 20_000 {
            g.bench_with_input(
                BenchmarkId::new("accuracy report", n),
                &engine,
                |b, engine| {
                    b.iter(|| {
                        seatcast::engine::accuracy::accuracy(engine, &pooled())
                            .scores
                            .len()
                    })
                },
            );
            let Ok(o) = engine.outcome(&pooled()) else {
                continue;
            };
            let settings = PlannerSettings::default();
            g.bench_with_input(BenchmarkId::new("merge planner", n), &o, |b, o| {
                b.iter(|| plan::merge_candidates(o, &settings).len())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
