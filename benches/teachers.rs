//! Teachers over a 15-year horizon (`staffing`): for every school and year,
//! the need by the norm and by periods, the staff present after
//! retirements, the county's totals and recruitment. Target: 20,000
//! schools and 1,000,000 staff in at most 1 s (release). The outcome is
//! projected once, outside the timing: a slider re-runs the projection
//! (benches/engine.rs) and then this. Run: `cargo bench --bench teachers`.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use seatcast::engine::Engine;
use seatcast::engine::scenario::{Method, Scenario};
use seatcast::engine::teachers::{Norms, staffing};
use std::sync::Arc;
use std::time::Duration;

mod common;

use common::{synth, synth_staff};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("teachers 15 years");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let norms = Norms::default();
    let scenario = Scenario {
        method: Method::Pooled,
        ..Scenario::default()
    };
    for (n, per_school) in [(60usize, 30usize), (20_000, 50)] {
        let data = Arc::new(synth(n));
        let staff = synth_staff(&data, per_school);
        let outcome = Engine::new(Arc::clone(&data))
            .outcome(&scenario)
            .expect("the synthetic county projects");
        let label = format!("{n} schools, {} staff", staff.len());
        g.bench_with_input(BenchmarkId::new("staffing", label), &outcome, |b, o| {
            b.iter(|| staffing(o, &staff, &norms).schools.len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
