//! Export speed on the sample county (52 schools, 10 areas, 2018–2040):
//! every chart as PNG (1600 × 900 at 2×, so 3200 × 1800 pixels) and SVG,
//! plus the Excel workbook — what `seatcast report --charts png,svg --xlsx`
//! and the app's "Export report…" write. Run: `cargo bench --bench export`.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use criterion::{Criterion, criterion_group, criterion_main};
use seatcast::chart::build::{self, Context};
use seatcast::engine::Engine;
use seatcast::engine::scenario::Scenario;
use seatcast::export::files::{self, ChartFormat, ChartSize, ReportOptions};
use seatcast::export::xlsx;
use seatcast::i18n::Lang;
use seatcast::import::ImportOptions;
use std::sync::Arc;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let Ok(l) = seatcast::sample::load_sample(&ImportOptions::default()) else {
        panic!("the sample county loads");
    };
    let engine = Engine::new(Arc::new(l.dataset));
    let Ok(outcome) = engine.outcome(&Scenario::default()) else {
        panic!("the sample county projects");
    };
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-11-22");
    let charts = build::all(&cx);
    eprintln!("{} charts", charts.len());
    let Ok(dir) = tempfile::tempdir() else {
        panic!("a temporary folder");
    };
    let mut g = c.benchmark_group("export, sample county");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("one chart PNG 3200x1800", |b| {
        b.iter(|| files::chart_bytes(&charts[0], ChartFormat::Png, ChartSize::default()))
    });
    g.bench_function("one chart SVG", |b| {
        b.iter(|| files::chart_bytes(&charts[0], ChartFormat::Svg, ChartSize::default()))
    });
    g.bench_function("workbook", |b| b.iter(|| xlsx::workbook(&cx, "2026-11-22")));
    let options = ReportOptions {
        charts: vec![ChartFormat::Png, ChartFormat::Svg],
        xlsx: true,
        size: ChartSize::default(),
        staff_names: false,
        csv_keys_en: true,
        ..ReportOptions::default()
    };
    g.bench_function("every chart (png+svg) and the workbook", |b| {
        b.iter(|| files::write_report(&cx, dir.path(), &options, "2026-11-22"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
