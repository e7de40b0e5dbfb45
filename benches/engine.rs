//! Projection speed at county (60 schools), province (20,000) and national
//! (250,000) scale, 9 grades, 15-year horizon, on synthetic data shaped like
//! ../shared/peers/peer_pandas.py `synth` (schools × 7 falls × 9 grades,
//! an area per 50 schools, births 2008–2025). Run: `cargo bench --bench engine`.
//!
//! - "full": everything from the dataset — the observed cube, the ratios, the
//!   15-year stepping and every school-year's capacity, shortfall and flags
//!   (what the pandas peer's `project` times).
//! - "what-if": a scenario change with the ratios already estimated (what a
//!   slider in the app re-runs).
//! - "what-if+sums": the same plus the polars school-year table and its sums
//!   by county, area and level (what the app's overview shows).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use seatcast::engine::Engine;
use seatcast::engine::outcome::school_years;
use seatcast::engine::scenario::Scenario;
use seatcast::engine::table;
use std::sync::Arc;
use std::time::Duration;

mod common;

use common::synth;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("project 15 years");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let scenario = Scenario::default();
    for n in [60usize, 20_000, 250_000] {
        let data = Arc::new(synth(n));
        g.bench_with_input(BenchmarkId::new("full", n), &data, |b, data| {
            b.iter(|| {
                let engine = Engine::new(Arc::clone(data));
                let (_, p) = engine.project(&scenario);
                school_years(&engine.dataset, &engine.observed, &p, &scenario).len()
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
                    ..Scenario::default()
                };
                let (_, p) = engine.project(&s);
                school_years(&engine.dataset, &engine.observed, &p, &s).len()
            })
        });
        let mut pct = 0.0;
        g.bench_with_input(BenchmarkId::new("what-if+sums", n), &engine, |b, engine| {
            b.iter(|| {
                pct -= 0.1;
                let s = Scenario {
                    births_change_pct: pct,
                    ..Scenario::default()
                };
                let (_, p) = engine.project(&s);
                let rows = school_years(&engine.dataset, &engine.observed, &p, &s);
                table::aggregates(&engine.dataset, &rows).map(|a| a.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
