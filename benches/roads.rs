//! The road graph of a county extract (`RoadGraph::from_pbf`): reading an
//! .osm.pbf and building the graph of its roads. Target: a 200,000-way
//! extract in at most 5 s (release). The extract is made once by
//! `python3 scripts/make_roads_pbf.py target/bench-data/roads-200k.osm.pbf`
//! (pyosmium; 2,000,000 nodes, 36 MB); without it the bench says so and
//! measures only the small test fixture. Run: `cargo bench --bench roads`.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use criterion::{Criterion, criterion_group, criterion_main};
use seatcast::places::roads::{Mode, RoadGraph, SharedGraph};
use std::path::Path;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("road graph");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roads/small.osm.pbf");
    g.bench_function("fixture, 5 ways", |b| {
        b.iter(|| RoadGraph::from_pbf(&small).map(|r| r.segments))
    });
    let big = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/roads-200k.osm.pbf");
    if big.is_file() {
        let graph = RoadGraph::from_pbf(&big).expect("the extract reads");
        eprintln!(
            "{} ways, {} segments, {} nodes",
            graph.ways,
            graph.segments,
            graph.points.len()
        );
        g.bench_function("200,000 ways", |b| {
            b.iter(|| RoadGraph::from_pbf(&big).map(|r| r.segments))
        });
        // One school to another across the grid, on foot.
        g.bench_function("one route across 200,000 ways", |b| {
            b.iter(|| graph.route((119.0, 29.0), (119.9, 29.5), Mode::Walk))
        });
        // A new estate or school site: every node within the limits from
        // one point (what the plan does once per estate, and the Plan tab
        // once per site typed or clicked), then kept.
        let (start, _) = graph.nearest(119.5, 29.3).expect("a node");
        g.bench_function("a site's search, 12 km on foot", |b| {
            b.iter(|| graph.within(start, Mode::Walk, 12_000.0).len())
        });
        g.bench_function("a site's search, 40 km by bus", |b| {
            b.iter(|| graph.within(start, Mode::Bus, 40_000.0).len())
        });
        // 2,000 schools joined to the graph as at load, from a site whose
        // search is kept (a recompute with a new estate in the plan).
        let shared = SharedGraph::new(std::sync::Arc::new(graph.clone()));
        let schools: Vec<Option<(f64, f64)>> = (0..2_000)
            .map(|i| {
                Some((
                    119.0 + (i % 50) as f64 * 0.02,
                    29.0 + (i / 50) as f64 * 0.015,
                ))
            })
            .collect();
        let joined: Vec<_> = schools
            .iter()
            .map(|p| p.and_then(|(lon, lat)| graph.nearest(lon, lat)))
            .collect();
        shared.from_point((119.5, 29.3), &joined, Mode::Walk, 12.0);
        g.bench_function("2,000 schools from a kept site, on foot", |b| {
            b.iter(|| shared.from_point((119.5, 29.3), &joined, Mode::Walk, 12.0))
        });
        g.bench_function("joining 2,000 schools to the graph", |b| {
            b.iter(|| {
                schools
                    .iter()
                    .filter_map(|p| p.and_then(|(lon, lat)| graph.nearest(lon, lat)))
                    .count()
            })
        });
    } else {
        eprintln!(
            "no {}: run scripts/make_roads_pbf.py to measure the 200,000-way extract",
            big.display()
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
