//! 优质均衡 over a 15-year horizon (`compliance`): for every school and
//! year the seven indicators, the verdict, the county's variation
//! coefficients and each failing school's least-cost fix. Target: 20,000
//! schools in at most 200 ms (release). The outcome and the teachers'
//! staffing are worked out once, outside the timing (benches/teachers.rs
//! measures the staffing). Run: `cargo bench --bench compliance`.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use seatcast::engine::Engine;
use seatcast::engine::compliance::{ComplianceNorms, compliance};
use seatcast::engine::scenario::{Method, Scenario};
use seatcast::engine::teachers::{Norms, staffing};
use std::sync::Arc;
use std::time::Duration;

mod common;

use common::{synth, synth_facilities, synth_staff};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("compliance 15 years");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let norms = ComplianceNorms::default();
    let scenario = Scenario {
        method: Method::Pooled,
        ..Scenario::default()
    };
    for n in [60usize, 20_000] {
        let mut d = synth(n);
        d.facilities = synth_facilities(&d);
        let staff = synth_staff(&d, 30);
        let data = Arc::new(d);
        let outcome = Engine::new(Arc::clone(&data))
            .outcome(&scenario)
            .expect("the synthetic county projects");
        let s = staffing(&outcome, &staff, &Norms::default());
        let ledger = compliance(&outcome, Some(&s), &norms);
        let label = format!(
            "{n} schools, {} school-years, {} fixes",
            ledger.schools.len(),
            ledger.fixes.len()
        );
        g.bench_with_input(BenchmarkId::new("ledger", label), &outcome, |b, o| {
            b.iter(|| compliance(o, Some(&s), &norms).schools.len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
