//! The window's frame times, driven by egui_kittest (egui's whole frame —
//! layout, tables, plots, tessellation-free — without a GPU), release build.
//! Run: `cargo bench --bench app`.
//!
//! - "sample: frame, <tab>": one frame of the sample county, nothing changing.
//! - "sample: slider frame": the frame in which a slider moves (the UI
//!   thread's work; the recompute runs on the worker).
//! - "sample: slider to redrawn": from the slider moving until the frame that
//!   shows the new projection (what a planner sees while dragging).
//! - "20,000 schools: …": the same with a generated province, and one
//!   scrolling step of the Schools table.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use seatcast::app::{SeatcastApp, StartOptions, Tab};
use std::time::{Duration, Instant};

mod common;

fn harness() -> Harness<'static, SeatcastApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(|cc| {
            SeatcastApp::new(
                cc,
                StartOptions {
                    lang: Some(seatcast::i18n::Lang::Zh),
                    ..StartOptions::default()
                },
            )
        });
    settle(&mut h);
    h
}

fn settle(h: &mut Harness<'static, SeatcastApp>) {
    let t = Instant::now();
    while !h.state().settled() {
        assert!(t.elapsed() < Duration::from_secs(120), "no projection");
        h.step();
        std::thread::sleep(Duration::from_micros(200));
    }
    h.step();
}

/// Focus the births slider so arrow keys move it.
fn focus_slider(h: &mut Harness<'static, SeatcastApp>) {
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "出生人口变化")
        .focus();
    h.step();
}

fn slider_benches(c: &mut Criterion, h: &mut Harness<'static, SeatcastApp>, name: &str) {
    h.state_mut().state.tab = Tab::Overview;
    settle(h);
    focus_slider(h);
    let mut right = true;
    c.bench_function(&format!("{name}: slider frame"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                h.key_press(if right {
                    egui::Key::ArrowRight
                } else {
                    egui::Key::ArrowLeft
                });
                right = !right;
                let t = Instant::now();
                h.step();
                total += t.elapsed();
                settle(h);
            }
            total
        })
    });
    c.bench_function(&format!("{name}: slider to redrawn"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                h.key_press(if right {
                    egui::Key::ArrowRight
                } else {
                    egui::Key::ArrowLeft
                });
                right = !right;
                let t = Instant::now();
                // The frame that sees the key asks for the recompute; then
                // frames run until the new projection is drawn.
                h.step();
                settle(h);
                total += t.elapsed();
            }
            total
        })
    });
}

/// Where the Map tab drew a point in its last frame.
fn map_position(t: &Harness<'static, SeatcastApp>, x: f64, y: f64) -> Option<egui::Pos2> {
    t.state()
        .panel::<seatcast::app::panels::map::Map>()
        .and_then(|m| m.screen_position(x, y))
}

fn bench(c: &mut Criterion) {
    let mut h = harness();
    for tab in seatcast::app::panels::keys() {
        let key = tab.key().to_string();
        h.state_mut().state.tab = tab;
        settle(&mut h);
        c.bench_function(&format!("sample: frame, {key}"), |b| b.iter(|| h.step()));
    }
    slider_benches(c, &mut h, "sample");

    let mut h = harness();
    h.state_mut().show_dataset(common::synth(20_000));
    settle(&mut h);
    for tab in [Tab::Overview, Tab::Map] {
        let key = tab.key().to_string();
        h.state_mut().state.tab = tab;
        settle(&mut h);
        c.bench_function(&format!("20,000 schools: frame, {key}"), |b| {
            b.iter(|| h.step())
        });
    }
    // The same province in longitude/latitude over a basemap of local
    // tiles, with its 400 areas' outlines shaded (the choropleth).
    let mut geo = harness();
    let d = common::synth_lonlat(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_tiles(dir.path(), &d);
    geo.state_mut().state.basemap = seatcast::places::tiles::BasemapSource::Folder {
        path: dir.path().to_path_buf(),
        datum: seatcast::places::datum::Datum::Wgs84,
        attribution: "bench tiles".into(),
    };
    geo.state_mut().show_dataset(d);
    geo.state_mut().state.tab = Tab::Map;
    settle(&mut geo);
    // Until the tiles are read and the bounds have settled.
    let t = Instant::now();
    let mut same = 0;
    let mut last = None;
    while same < 10 {
        geo.step();
        let (zoom, drawn, exact, _) = geo.state().basemap_drawn();
        same = if drawn > 0 && exact == drawn && last == Some((zoom, drawn)) {
            same + 1
        } else {
            0
        };
        last = Some((zoom, drawn));
        assert!(t.elapsed() < Duration::from_secs(60), "no tiles");
        std::thread::sleep(Duration::from_millis(5));
    }
    if let Some((zoom, drawn)) = last {
        eprintln!("20,000 schools over tiles: zoom {zoom}, {drawn} tiles, 400 areas");
    }
    c.bench_function(
        "20,000 schools: frame, Map with tiles and 400 area outlines",
        |b| b.iter(|| geo.step()),
    );
    // Real-shaped townships: 300 of 5,000 vertices each (1.5 million),
    // wandering edges, over 2,000 schools, shaded; no tiles.
    let mut towns = harness();
    towns
        .state_mut()
        .show_dataset(common::synth_townships(2_000, 300, 1_250, 0.08));
    towns.state_mut().state.tab = Tab::Map;
    settle(&mut towns);
    towns.run_steps(3);
    c.bench_function(
        "2,000 schools: frame, Map with 300 townships of 5,000 vertices",
        |b| b.iter(|| towns.step()),
    );
    let scale = |t: &Harness<'static, SeatcastApp>| {
        let (a, b) = (map_position(t, 0.0, 0.0), map_position(t, 1.0, 0.0));
        a.zip(b).map_or(0.0, |(a, b)| b.x - a.x)
    };
    // Zoomed in on a few townships (the wheel over the map's middle, four
    // notches: eleven times closer): their outlines in full detail, the
    // rest out of view.
    let (width, height) = (1400.0, 900.0);
    towns
        .input_mut()
        .events
        .push(egui::Event::PointerMoved(egui::pos2(
            width * 0.6,
            height * 0.5,
        )));
    let before = scale(&towns);
    for _ in 0..4 {
        towns.input_mut().events.push(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 120.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
        });
        towns.run_steps(4);
    }
    towns.run_steps(5);
    println!(
        "zoomed in: {:.0} points a degree, from {before:.0}",
        scale(&towns)
    );
    c.bench_function(
        "2,000 schools: frame, Map zoomed in on a few of 300 townships",
        |b| b.iter(|| towns.step()),
    );
    drop(towns);
    // What is worked out once per boundary file: each township's crossing
    // check (when read) and its label point (when first drawn).
    let d = common::synth_townships(2_000, 300, 1_250, 0.08);
    c.bench_function(
        "300 townships of 5,000 vertices: crossing checks and label points",
        |b| {
            b.iter(|| {
                d.boundaries
                    .iter()
                    .map(|t| (t.crosses(), t.label_point()))
                    .filter(|(crossed, label)| !crossed && label.is_some())
                    .count()
            })
        },
    );
    // The Plan tab: its lists beside the same map, over the same tiles.
    geo.state_mut().state.tab = Tab::Plan;
    settle(&mut geo);
    c.bench_function(
        "20,000 schools: frame, Plan with its map over tiles and 400 area outlines",
        |b| b.iter(|| geo.step()),
    );
    drop(geo);

    h.state_mut().state.tab = Tab::Schools;
    settle(&mut h);
    // The pointer over the table, so the wheel scrolls it.
    h.input_mut()
        .events
        .push(egui::Event::PointerMoved(egui::pos2(800.0, 450.0)));
    h.step();
    let mut down = true;
    c.bench_function("20,000 schools: Schools table scroll step", |b| {
        b.iter(|| {
            let delta = if down { -400.0 } else { 400.0 };
            down = !down;
            h.input_mut().events.push(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, delta),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
            });
            h.step()
        })
    });
    slider_benches(c, &mut h, "20,000 schools");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
