//! The figures the docs quote, worked out again: a change that moves one
//! fails here until the docs say the new figure (issue 39: the manual and
//! docs/optimiser.md had drifted from the program). The optimiser runs
//! with a time limit it never reaches, so it stops at its gap and gives
//! the same plan on any machine; the Taiwan rows read ../shared/data and
//! pass over where it is absent.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::engine::Engine;
use seatcast::engine::optimise::{Optimised, optimise_checked};
use seatcast::engine::scenario::Scenario;
use seatcast::i18n::thousands;
use seatcast::import::{ImportOptions, load_paths};
use seatcast_testkit as common;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

fn doc(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).expect("the doc is there")
}

fn says(doc_name: &str, text: &str, figure: &str) {
    assert!(
        text.contains(figure),
        "{doc_name} no longer quotes the program's figure {figure:?}"
    );
}

fn sample() -> Engine {
    let l = seatcast::sample::load_sample(&ImportOptions::default()).expect("sample");
    Engine::new(Arc::new(l.dataset))
}

/// The optimiser's answer, stopped by its gap alone.
fn optimised(engine: &Engine, mut s: Scenario) -> Optimised {
    s.optimise.time_limit_s = 3_600.0;
    optimise_checked(engine, &s, &AtomicBool::new(false)).expect("a plan")
}

/// "objective / bound" and "model / engine million" as the table writes them.
fn row_figures(r: &Optimised, places: usize) -> [String; 3] {
    let e = r.engine.as_ref().expect("costed by the engine");
    [
        format!(
            "{} / {}",
            thousands(r.objective.round() as i64),
            thousands(r.bound.round() as i64)
        ),
        format!("gap {:.2} %", 100.0 * r.gap),
        format!(
            "{} / {} million",
            millions(r.totals.objective, places),
            millions(e.objective, places)
        ),
    ]
}

/// Millions of yuan as the docs write them: 1,052.75.
fn millions(yuan: f64, places: usize) -> String {
    let text = format!("{:.places$}", yuan / 1e6);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole = thousands(whole.parse::<i64>().unwrap_or(0));
    if fraction.is_empty() {
        whole
    } else {
        format!("{whole}.{fraction}")
    }
}

#[test]
fn the_manual_quotes_the_sample_plans_figures() {
    let engine = sample();
    let outcome = engine.outcome(&Scenario::default()).expect("outcome");
    let short = thousands(outcome.figures.seat_years_short.round() as i64);
    says(
        "docs/manual.md",
        &doc("docs/manual.md"),
        &format!("{short} seat-years"),
    );
}

#[test]
fn docs_optimiser_quotes_the_sample_countys_plans() {
    let text = doc("docs/optimiser.md");
    let engine = sample();
    let r = optimised(&engine, Scenario::default());
    for figure in row_figures(&r, 2) {
        says("docs/optimiser.md", &text, &figure);
    }
    let greedy = r.greedy.as_ref().expect("greedy");
    let nothing = r.unchanged.as_ref().expect("nothing");
    says(
        "docs/optimiser.md",
        &text,
        &format!(
            "the sample {:.1} against\n{:.1} (and {:.1} for doing nothing: {} seat-years short)",
            r.totals.objective / 1e6,
            greedy.objective / 1e6,
            nothing.objective / 1e6,
            thousands(nothing.seat_years_short.round() as i64)
        ),
    );
    let mut buses = Scenario::default();
    buses.optimise.buses = seatcast::engine::optimise::Buses::All;
    let r = optimised(&engine, buses);
    for figure in row_figures(&r, 1) {
        says("docs/optimiser.md", &text, &figure);
    }
}

#[test]
fn docs_optimiser_quotes_the_taiwan_counties_plans() {
    let text = doc("docs/optimiser.md");
    for county in ["花蓮縣", "臺東縣"] {
        let Some(files) = common::shared_files("taiwan", &[&format!("{county}國民小學.csv")])
        else {
            return;
        };
        let l = load_paths(&files, &ImportOptions::default()).expect("loads");
        let engine = Engine::new(Arc::new(l.dataset));
        let mut s = Scenario::default();
        s.class_sizes.primary = 29.0;
        let r = optimised(&engine, s);
        for figure in row_figures(&r, 2) {
            says("docs/optimiser.md", &text, &figure);
        }
    }
}
