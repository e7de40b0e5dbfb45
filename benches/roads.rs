//! The road graph of a county extract (`RoadGraph::from_pbf`): reading an
//! .osm.pbf and building the graph of its roads. Target: a 200,000-way
//! extract in at most 5 s (release). The extract is made once by
//! `python3 scripts/make_roads_pbf.py target/bench-data/roads-200k.osm.pbf`
//! (pyosmium; 2,000,000 nodes, 36 MB); without it the bench says so and
//! measures only the small test fixture. Run: `cargo bench --bench roads`.

use criterion::{Criterion, criterion_group, criterion_main};
use seatcast::places::roads::{Mode, RoadGraph};
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
