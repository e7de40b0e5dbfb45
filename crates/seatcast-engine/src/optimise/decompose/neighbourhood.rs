//! Better plans for a county that does not fall apart (buses everywhere):
//! a neighbourhood search beside the whole model's branch and bound.
//!
//! Each move frees the whole decisions of one neighbourhood (the schools
//! that can share pupils with a seed school, a few rows away) and fixes
//! every other at the best plan's values. Bounds implied by rows of one
//! free variable then fix most of the pupils' shares too, the model falls
//! apart, and only the part that holds the neighbourhood is solved,
//! exactly; the other parts keep the best plan's values, which still meet
//! their rows (their fixed variables are the plan's). A move that costs
//! less becomes the best plan. The neighbourhood grows while its parts
//! solve quickly and shrinks when they do not.
//!
//! It gives plans, never bounds: the answer's bound stays the whole
//! search's.

use super::super::model::Model;
use super::super::solve::{Limits, Stop};
use super::parts::{fixed_rows_hold, holds, solve_part, split, tighten};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Whole variables freed by the first move.
const FIRST_WINDOW: usize = 40;
/// The fewest and most freed in a move.
const WINDOW: (usize, usize) = (10, 600);
/// Rows longer than this are not walked through to find neighbours (a
/// county-wide row would make every school a neighbour).
const LONG_ROW: usize = 200;
/// Time for one move's part.
const MOVE_TIME: Duration = Duration::from_millis(500);

/// Improve `plan` (meeting every row of `model`) until `until`, `halt` (the
/// whole search has ended) or `cancel` (the planner's, seen within a move's
/// step); `best` holds the best objective so far (as f64 bits), for the
/// watcher. Returns the best plan found, if better than `plan`.
pub fn improve(
    model: &Model,
    linking: &[usize],
    plan: &[f64],
    until: Instant,
    (halt, cancel): (&AtomicBool, &AtomicBool),
    best: &AtomicU64,
) -> Option<Vec<f64>> {
    let stopped = || halt.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed);
    let n = model.vars.len();
    let free_int: Vec<usize> = (0..n)
        .filter(|&v| model.vars[v].integer && model.vars[v].lower < model.vars[v].upper)
        .collect();
    if free_int.is_empty() {
        return None;
    }
    // Each variable's rows, the linking and long ones left out.
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (r, row) in model.rows.iter().enumerate() {
        if row.terms.len() > LONG_ROW || linking.contains(&r) {
            continue;
        }
        for &(v, _) in &row.terms {
            if let Some(x) = rows_of.get_mut(v) {
                x.push(r);
            }
        }
    }
    let mut current = plan.to_vec();
    let mut cost = model.objective(&current);
    let mut improved = false;
    let mut window = FIRST_WINDOW;
    // Seeds in a fixed scattered order (a stride prime to their count).
    let golden = (free_int.len() as f64 * 0.618_033_988_75) as usize;
    let stride = (golden.max(1)..)
        .find(|s| gcd(*s, free_int.len()) == 1)
        .unwrap_or(1);
    let mut seed = 0usize;
    while Instant::now() < until && !stopped() {
        seed = (seed + stride) % free_int.len();
        let freed = neighbourhood(model, &rows_of, free_int[seed], window);
        let started = Instant::now();
        let left = until.saturating_duration_since(started).min(MOVE_TIME);
        let mv = one_move(model, &current, &freed, left, cancel);
        match mv {
            Some((values, proved)) => {
                let c = model.objective(&values);
                if c < cost - 1e-7 * cost.abs().max(1.0)
                    && model.rows.iter().all(|row| holds(row, &values))
                {
                    current = values;
                    cost = c;
                    improved = true;
                    best.fetch_min_f64(c);
                }
                // Quick and proved: a larger neighbourhood next time.
                if proved && started.elapsed() < MOVE_TIME / 8 {
                    window = (window * 3 / 2).min(WINDOW.1);
                } else if !proved {
                    window = (window * 2 / 3).max(WINDOW.0);
                }
            }
            None => window = (window * 2 / 3).max(WINDOW.0),
        }
    }
    improved.then_some(current)
}

/// Up to `size` whole variables near `seed`: a walk through the rows they
/// share, nearest first.
fn neighbourhood(model: &Model, rows_of: &[Vec<usize>], seed: usize, size: usize) -> Vec<bool> {
    let n = model.vars.len();
    let mut freed = vec![false; n];
    let mut seen_var = vec![false; n];
    let mut seen_row = vec![false; model.rows.len()];
    let mut queue = VecDeque::from([seed]);
    seen_var[seed] = true;
    let mut count = 0;
    while let Some(v) = queue.pop_front() {
        let var = &model.vars[v];
        if var.integer && var.lower < var.upper {
            freed[v] = true;
            count += 1;
            if count >= size {
                break;
            }
        }
        for &r in &rows_of[v] {
            if std::mem::replace(&mut seen_row[r], true) {
                continue;
            }
            for &(u, _) in &model.rows[r].terms {
                if u < n && !std::mem::replace(&mut seen_var[u], true) {
                    queue.push_back(u);
                }
            }
        }
    }
    freed
}

/// One move: every whole variable but the `freed` fixed at the plan's
/// values, the parts that hold a freed one solved, the others kept.
/// Returns the plan and whether its parts were proved optimal.
fn one_move(
    model: &Model,
    plan: &[f64],
    freed: &[bool],
    time: Duration,
    cancel: &AtomicBool,
) -> Option<(Vec<f64>, bool)> {
    let mut m = model.clone();
    for (v, var) in m.vars.iter_mut().enumerate() {
        if var.integer && !freed[v] {
            let x = plan.get(v).copied().unwrap_or(0.0).round();
            var.lower = x;
            var.upper = x;
        }
    }
    tighten(&mut m).ok()?;
    // A large county's model takes a while to copy and tighten: a cancel
    // is seen between the steps.
    if !fixed_rows_hold(&m) || cancel.load(Ordering::Relaxed) {
        return None;
    }
    let parts = split(&m, &[]);
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let touched: Vec<_> = parts
        .iter()
        .filter(|p| p.vars.iter().any(|&v| freed[v]))
        .collect();
    let limits = Limits {
        gap: 1e-4,
        time_limit: time.max(Duration::from_millis(20)),
    };
    let solved: Vec<Option<(Vec<f64>, bool)>> = touched
        .par_iter()
        .map(|p| {
            let cost = p.model.costs();
            let start: Vec<f64> = p
                .vars
                .iter()
                .map(|&v| plan.get(v).copied().unwrap_or(0.0))
                .collect();
            solve_part(p, &cost, Some(&start), limits, cancel)
                .ok()
                .map(|s| (s.values, matches!(s.stop, Stop::Optimal | Stop::GapReached)))
        })
        .collect();
    let mut values = plan.to_vec();
    // Fixed by the bounds: their values are the plan's but for rounding.
    for (v, var) in m.vars.iter().enumerate() {
        if var.lower == var.upper {
            values[v] = var.lower;
        }
    }
    let mut proved = true;
    for (p, s) in touched.iter().zip(solved) {
        let (x, ok) = s?;
        proved &= ok;
        for (&v, value) in p.vars.iter().zip(x) {
            values[v] = value;
        }
    }
    Some((values, proved))
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// An f64 kept in an `AtomicU64` as its bits, lowered atomically.
pub trait AtomicMin {
    fn fetch_min_f64(&self, x: f64);
    fn load_f64(&self) -> f64;
}

impl AtomicMin for AtomicU64 {
    fn fetch_min_f64(&self, x: f64) {
        let _ = self.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
            (x < f64::from_bits(bits)).then_some(x.to_bits())
        });
    }

    fn load_f64(&self) -> f64 {
        f64::from_bits(self.load(Ordering::Relaxed))
    }
}
