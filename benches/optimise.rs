//! The layout optimiser's speed and proof (docs/optimiser.md): the sample
//! county, and synthetic counties of 300 and 1,000 schools, each under the
//! defaults and in issue 41's hard case (buses, boarding, every school
//! under 300 pupils a candidate)
//! (`common::synth_county`: townships of a town primary, a junior school
//! and eight village primaries). For each: the seconds, the objective, the
//! proven bound and gap, the greedy plan's objective, and the model's size;
//! each model is also written as MPS (into the target folder) for
//! benches/peer/optimise_highs.py to solve with HiGHS.
//! Also how soon a cancel stops the 1,000-school hard case (at 1, 5 and
//! 20 s into it), and the stretch: 3,000 schools under the defaults.
//! Run: `cargo bench --bench optimise` (the 1,000-school county runs to its
//! 120 s time limit); a word picks what runs (`sample`, `synthetic 300`,
//! `cancel`, …). One run per county: a solve takes seconds to
//! minutes, so criterion's repeated samples are not used.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::engine::Engine;
use seatcast::engine::optimise::{self, Optimised};
use seatcast::engine::scenario::Scenario;
use seatcast::model::Dataset;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

mod common;

/// Issue 41's hard case: buses in every township, boarding allowed, every
/// school under 300 pupils a closure candidate (the model before the
/// plans issue's defaults, so the defaults cannot make it small).
fn hard(s: &mut Scenario) {
    s.optimise.buses = seatcast::engine::optimise::Buses::All;
    s.optimise.boarding = true;
    s.optimise.close_below = 300.0;
}

fn run(name: &str, d: Dataset, time_limit_s: f64, periods: Option<Vec<usize>>, hard_case: bool) {
    let engine = Engine::new(Arc::new(d));
    let mut s = Scenario::default();
    if hard_case {
        hard(&mut s);
    }
    s.optimise.time_limit_s = time_limit_s;
    if let Some(p) = periods {
        s.optimise.period_ends = p;
    }
    let model = optimise::model(&engine, &s).unwrap();
    let dir = PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()))
        .join("optimise-models");
    std::fs::create_dir_all(&dir).unwrap();
    let file: String = name
        .chars()
        .filter(|c| *c != ',')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect();
    let mps = dir.join(format!("{file}.mps"));
    std::fs::write(&mps, model.to_mps()).unwrap();
    let started = std::time::Instant::now();
    let r: Optimised = match optimise::optimise(&engine, &s, &AtomicBool::new(false)) {
        Ok(r) => r,
        // Said, not a panic: the other counties still run.
        Err(e) => {
            println!(
                "{name:<28} {:>7.2} s  {e}  {}",
                started.elapsed().as_secs_f64(),
                mps.display()
            );
            return;
        }
    };
    println!(
        "{name:<28} {:>7.2} s  objective {:>14.0}  bound {:>14.0}  gap {:>6.2} %  stop {:?}  greedy {:>14}  vars {} (integer {}) rows {}  {}",
        r.seconds,
        r.objective,
        r.bound,
        r.gap * 100.0,
        r.stop,
        r.greedy
            .map_or("—".into(), |g| format!("{:.0}", g.objective)),
        r.variables,
        r.integers,
        r.rows,
        mps.display(),
    );
}

/// Cancel the 1,000-school hard case `after` into its run: how long after
/// the cancel the answer comes back (issue 41: within a second).
fn cancel_latency(after: std::time::Duration) {
    let engine = Engine::new(Arc::new(common::synth_county(1000)));
    let mut s = Scenario::default();
    hard(&mut s);
    s.optimise.time_limit_s = 120.0;
    let cancel = AtomicBool::new(false);
    let started = std::time::Instant::now();
    let (r, cancelled_at) = rayon::join(
        || optimise::optimise(&engine, &s, &cancel),
        || {
            std::thread::sleep(after);
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            started.elapsed()
        },
    );
    let returned = started.elapsed();
    println!(
        "cancel, synthetic 1000, hard: cancelled at {:.2} s, returned at {:.2} s ({:.2} s later): {}",
        cancelled_at.as_secs_f64(),
        returned.as_secs_f64(),
        returned.saturating_sub(cancelled_at).as_secs_f64(),
        match r {
            Err(e) => e.to_string(),
            Ok(_) => "a plan (finished before the cancel)".into(),
        }
    );
}

fn main() {
    // `cargo bench` passes --bench; a filter word picks the counties run.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    if wanted("sample") {
        let sample = seatcast::sample::load_sample(&Default::default())
            .unwrap()
            .dataset;
        run("sample county", sample, 30.0, None, false);
    }
    if wanted("cancel") {
        for after in [1, 5, 20] {
            cancel_latency(std::time::Duration::from_secs(after));
        }
    }
    // The stretch: a province's cities together, under the defaults.
    if wanted("synthetic 3000") {
        run(
            "synthetic 3000",
            common::synth_county(3000),
            600.0,
            None,
            false,
        );
    }
    for (n, limit) in [(300usize, 30.0), (1000, 120.0)] {
        for hard_case in [false, true] {
            let name = format!("synthetic {n}{}", if hard_case { ", hard" } else { "" });
            if wanted(&name) {
                run(&name, common::synth_county(n), limit, None, hard_case);
                // The same county in three five-year periods (periods end
                // 5 and 10 years on): fewer decisions.
                run(
                    &format!("{name}, 3 periods"),
                    common::synth_county(n),
                    limit,
                    Some(vec![5, 10]),
                    hard_case,
                );
            }
        }
    }
}
