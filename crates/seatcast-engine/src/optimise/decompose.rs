//! Solving the model part by part (issue 41; docs/optimiser.md, "Part by
//! part" and "Scale").
//!
//! Pupils move only within reach, so once the few rows that cross the whole
//! county are set aside (the yearly cap on closures and the budget: the
//! *linking* rows), the model falls apart into independent parts, one per
//! connected group of schools that can send each other pupils. Each part is
//! a small model that solves exactly in milliseconds.
//!
//! - [`parts`]: the split (connected components of the variables joined
//!   by every row but the linking ones, after bounds implied by rows of one
//!   free variable are tightened; fixed variables join nothing; small
//!   linear parts bundled), and a part solved at given prices;
//! - [`lagrangian`]: the bound (the linking rows priced into the parts'
//!   costs with multipliers λ ≥ 0; Σ parts' *proven* bounds − λ·rhs bounds
//!   the whole model for any λ), the multipliers (the prices of the
//!   Dantzig–Wolfe master over the plans kept, Kelley's cutting planes; the
//!   subgradient as fallback), and the repair (one kept plan per part,
//!   chosen so that the linking rows hold at least cost; the starting
//!   plans keep it feasible);
//! - here: the loop, the polish (where the relaxation is spent above the
//!   gap asked, the whole model searched from the repaired plan, the better
//!   bound kept), and the starting plans solved apart.

use super::model::Model;
use super::solve::{self, Limits, SolveFailure, Solved, Stop, Watch};
use lagrangian::{Lagrangian, sign};
use neighbourhood::AtomicMin;
use parts::{holds, is_fixed, solve_part};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

pub(crate) mod lagrangian;
pub(crate) mod neighbourhood;
pub(crate) mod parts;

pub use parts::{fixed_rows_hold, split, tighten, worth_splitting};

/// Solve `model` part by part, where it splits into parts worth solving
/// apart once the rows `linking` are set aside; else as one.
///
/// `starts` are whole plans meeting every row (the greedy plan, the plan
/// that changes nothing); the answer is never worse than the best of them.
pub fn solve(
    model: &Model,
    linking: &[usize],
    starts: &[&[f64]],
    limits: Limits,
    cancel: &AtomicBool,
    watch: Option<Watch<'_>>,
) -> Result<Solved, SolveFailure> {
    let started = Instant::now();
    // Bounds implied by rows of one free variable first: fixed variables
    // join no part. Where that finds the model empty, the whole search
    // says so in its own words.
    let mut tight = model.clone();
    let tightened = tighten(&mut tight).is_ok() && fixed_rows_hold(&tight);
    let parts = split(&tight, linking);
    let best_start = starts
        .iter()
        .copied()
        .min_by(|a, b| model.objective(a).total_cmp(&model.objective(b)));
    if !tightened || !worth_splitting(model, &parts) {
        return match best_start {
            Some(start) => search_whole(model, linking, start, (limits, started), cancel, watch),
            None => solve::solve(model, None, limits, cancel, watch),
        };
    }
    if starts.is_empty() {
        return solve::solve(model, best_start, limits, cancel, watch);
    }
    let mut l = Lagrangian::new(model, linking, parts, starts);
    let target = limits.gap.max(0.0);
    // Each part to a fifth of the target gap, so that the parts' own gaps
    // leave room for the multipliers'.
    let part_gap = (target * 0.2).max(1e-6);
    let left = |now: Instant| limits.time_limit.saturating_sub(now - started);
    let mut theta = 2.0;
    let mut stale = 0;
    let mut nodes = 0u64;
    let mut steps = 0usize;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return finish(model, &l, nodes, started, Stop::Cancelled);
        }
        let remaining = left(Instant::now());
        if remaining.is_zero() {
            return finish(model, &l, nodes, started, Stop::TimeLimit);
        }
        let round = match l.round(part_gap, remaining, cancel) {
            Ok(r) => r,
            // Out of time inside a step: the bound of the steps before stands.
            Err(SolveFailure::NoPlanYet(Stop::TimeLimit)) if l.bound.is_finite() => {
                return finish(model, &l, nodes, started, Stop::TimeLimit);
            }
            Err(e) => return Err(e),
        };
        nodes += round.nodes;
        steps += 1;
        // A step that raises the bound by less than a millionth is stale.
        if l.bound.is_finite() && round.bound <= l.bound + 1e-6 * l.bound.abs().max(1.0) {
            stale += 1;
        } else {
            stale = 0;
        }
        l.bound = l.bound.max(round.bound);
        l.repair(part_gap, left(Instant::now()) / 10, cancel);
        if let Some(watch) = watch {
            watch(
                Some(l.best_cost),
                Some(l.bound),
                started.elapsed().as_secs_f64(),
            );
        }
        if cancel.load(Ordering::Relaxed) {
            return finish(model, &l, nodes, started, Stop::Cancelled);
        }
        let gap = l.gap();
        if gap <= target {
            let stop = if gap <= 1e-9 {
                Stop::Optimal
            } else {
                Stop::GapReached
            };
            return finish(model, &l, nodes, started, stop);
        }
        // The next multipliers: the prices at which the plans kept so far
        // are best mixed (the master of Dantzig–Wolfe, solved in its dual:
        // Kelley's cutting planes on the Lagrangian); where its value meets
        // the bound, the relaxation has said all it can. The subgradient
        // step is the fallback.
        match l.master(left(Instant::now()) / 10, cancel) {
            Some((lambda, value)) => {
                // The same prices again would bring the same plans.
                let same = lambda
                    .iter()
                    .zip(&l.lambda)
                    .all(|(a, b)| (a - b).abs() <= 1e-9 * b.abs().max(1.0));
                if value <= l.bound + 1e-7 * l.bound.abs().max(1.0) || same || steps >= 500 {
                    break;
                }
                l.lambda = lambda;
            }
            None => {
                if stale >= 3 {
                    theta /= 2.0;
                    stale = 0;
                }
                let norm: f64 = round.excess.iter().map(|g| g * g).sum();
                if norm <= 1e-12 || theta < 1e-3 || steps >= 200 {
                    break;
                }
                let step = theta * (l.best_cost - round.bound).max(0.0) / norm;
                for (k, lam) in l.lambda.iter_mut().enumerate() {
                    let s = sign(model.rows[linking[k]].sense);
                    let next = *lam + step * round.excess[k];
                    *lam = if s == 0.0 { next } else { next.max(0.0) };
                }
            }
        }
    }
    // The relaxation is spent above the target: the whole model searched
    // from the repaired plan for what is left, its bound against ours.
    let remaining = left(Instant::now());
    if remaining.is_zero() || cancel.load(Ordering::Relaxed) {
        let stop = if cancel.load(Ordering::Relaxed) {
            Stop::Cancelled
        } else {
            Stop::TimeLimit
        };
        return finish(model, &l, nodes, started, stop);
    }
    let best = l.best_values();
    // The watcher hears the better of each: the whole search's plan and
    // bound against the relaxation's.
    let (ours, our_bound) = (l.best_cost, l.bound);
    let polish_watch = |plan: Option<f64>, bound: Option<f64>, _: f64| {
        if let Some(watch) = watch {
            watch(
                Some(plan.map_or(ours, |p| p.min(ours))),
                Some(bound.map_or(our_bound, |b| b.max(our_bound))),
                started.elapsed().as_secs_f64(),
            );
        }
    };
    let whole = solve::solve(
        model,
        Some(&best),
        Limits {
            gap: target,
            time_limit: remaining,
        },
        cancel,
        Some(&polish_watch),
    );
    if cancel.load(Ordering::Relaxed) {
        return Err(SolveFailure::NoPlanYet(Stop::Cancelled));
    }
    let mut answer = finish(model, &l, nodes, started, Stop::TimeLimit)?;
    if let Ok(w) = whole {
        answer.nodes += w.nodes;
        if w.objective < answer.objective {
            answer.values = w.values;
            answer.objective = w.objective;
        }
        answer.bound = answer.bound.max(w.bound).min(answer.objective);
        answer.gap = solve::gap(answer.objective, answer.bound);
        answer.stop = match w.stop {
            Stop::Optimal | Stop::GapReached if answer.gap <= 1e-9 => Stop::Optimal,
            Stop::Optimal | Stop::GapReached => Stop::GapReached,
            other => other,
        };
    }
    answer.seconds = started.elapsed().as_secs_f64();
    Ok(answer)
}

/// Solve `model` part by part where every linking row's variables are
/// fixed (a starting plan: its closures, classrooms and new schools set,
/// the pupils' assignment left to find), so that the parts are independent;
/// None where a part has no plan, or the fixed values break a linking row.
pub fn solve_apart(
    model: &Model,
    linking: &[usize],
    limits: Limits,
    cancel: &AtomicBool,
) -> Option<Vec<f64>> {
    let mut tight = model.clone();
    tighten(&mut tight).ok()?;
    if !fixed_rows_hold(&tight) {
        return None;
    }
    let all_fixed = linking.iter().all(|&r| {
        tight
            .rows
            .get(r)
            .is_some_and(|row| row.terms.iter().all(|&(v, _)| is_fixed(&tight.vars[v])))
    });
    let parts = split(&tight, linking);
    if !all_fixed || !worth_splitting(&tight, &parts) {
        return solve::solve(&tight, None, limits, cancel, None)
            .ok()
            .map(|s| s.values);
    }
    let deadline = Instant::now() + limits.time_limit;
    let solved: Option<Vec<Vec<f64>>> = parts
        .par_iter()
        .map(|p| {
            let cost = p.model.costs();
            let limits = Limits {
                time_limit: deadline.saturating_duration_since(Instant::now()),
                ..limits
            };
            if limits.time_limit.is_zero() {
                return None;
            }
            solve_part(p, &cost, None, limits, cancel)
                .ok()
                .map(|s| s.values)
        })
        .collect();
    let mut values = vec![0.0; model.vars.len()];
    for (part, v) in parts.iter().zip(solved?) {
        for (&i, x) in part.vars.iter().zip(v) {
            values[i] = x;
        }
    }
    linking
        .iter()
        .all(|&r| holds(&model.rows[r], &values))
        .then_some(values)
}

/// The whole model searched (microlp's branch and bound, for its plans
/// and its bound) beside the neighbourhood search (for plans), on the two
/// cores; the answer is the cheaper plan against the search's bound. The
/// search stops at the time limit, a cancel, or once the cheaper plan is
/// within the gap of its bound.
fn search_whole(
    model: &Model,
    linking: &[usize],
    start: &[f64],
    (limits, started): (Limits, Instant),
    cancel: &AtomicBool,
    watch: Option<Watch<'_>>,
) -> Result<Solved, SolveFailure> {
    let best = AtomicU64::new(model.objective(start).to_bits());
    let stop_search = AtomicBool::new(false);
    let halt = AtomicBool::new(false);
    let reached = AtomicBool::new(false);
    // The search's latest proven bound (it may have no plan of its own:
    // microlp can refuse a start on a rounding tolerance).
    let proven = AtomicU64::new(f64::NEG_INFINITY.to_bits());
    // Told after every slice of the search: relays a cancel, stops at the
    // gap, and tells the watcher the better plan.
    let relay = |plan: Option<f64>, bound: Option<f64>, seconds: f64| {
        if let Some(b) = bound {
            proven.store(b.to_bits(), Ordering::Relaxed);
        }
        let ours = best.load_f64();
        let plan = plan.map_or(ours, |p| p.min(ours));
        if cancel.load(Ordering::Relaxed) {
            stop_search.store(true, Ordering::Relaxed);
            halt.store(true, Ordering::Relaxed);
        }
        if let Some(b) = bound
            && solve::gap(plan, b) <= limits.gap
        {
            reached.store(true, Ordering::Relaxed);
            stop_search.store(true, Ordering::Relaxed);
        }
        if let Some(watch) = watch {
            watch(Some(plan), bound, seconds);
        }
    };
    let until = started + limits.time_limit;
    let (whole, better) = rayon::join(
        || {
            let r = solve::solve(model, Some(start), limits, &stop_search, Some(&relay));
            halt.store(true, Ordering::Relaxed);
            r
        },
        || neighbourhood::improve(model, linking, start, until, (&halt, cancel), &best),
    );
    if cancel.load(Ordering::Relaxed) {
        return Err(SolveFailure::NoPlanYet(Stop::Cancelled));
    }
    let mut answer = match whole {
        Ok(s) => s,
        // The search found no plan of its own: the neighbourhoods' plan, or
        // the start, against the last bound the search proved.
        Err(SolveFailure::NoPlanYet(stop)) => {
            let values = better.clone().unwrap_or_else(|| start.to_vec());
            Solved {
                objective: model.objective(&values),
                values,
                bound: proven.load_f64(),
                gap: 1.0,
                seconds: 0.0,
                nodes: 0,
                stop,
            }
        }
        Err(e) => return Err(e),
    };
    if let Some(values) = better {
        let objective = model.objective(&values);
        if objective < answer.objective {
            answer.values = values;
            answer.objective = objective;
        }
    }
    answer.bound = answer.bound.min(answer.objective);
    answer.gap = solve::gap(answer.objective, answer.bound);
    if answer.stop == Stop::Cancelled {
        answer.stop = if reached.load(Ordering::Relaxed) && answer.gap <= limits.gap {
            Stop::GapReached
        } else {
            Stop::TimeLimit
        };
    }
    answer.seconds = started.elapsed().as_secs_f64();
    Ok(answer)
}

fn finish(
    model: &Model,
    l: &Lagrangian,
    nodes: u64,
    started: Instant,
    stop: Stop,
) -> Result<Solved, SolveFailure> {
    if stop == Stop::Cancelled {
        return Err(SolveFailure::NoPlanYet(Stop::Cancelled));
    }
    let mut values = l.best_values();
    // Every row checked on the whole model (the parts' plans are put
    // together from models tightened to a millionth): else the best start.
    if !model.rows.iter().all(|row| holds(row, &values)) {
        values = l.fallback.clone();
    }
    let objective = model.objective(&values);
    debug_assert!(
        l.bound <= objective + 1e-6 * objective.abs().max(1.0),
        "a Lagrangian bound {} above a plan {objective}",
        l.bound
    );
    let bound = l.bound.min(objective);
    Ok(Solved {
        gap: solve::gap(objective, bound),
        values,
        objective,
        bound,
        seconds: started.elapsed().as_secs_f64(),
        nodes,
        stop,
    })
}

#[cfg(test)]
mod tests;
