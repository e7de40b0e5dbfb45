//! Solving a [`Model`] with microlp (pure Rust: it builds wherever Seatcast
//! does, with no C toolchain): branch and bound with a proven bound, a
//! relative gap to stop at, a time limit, a starting plan, and a cancel
//! flag checked between short slices of the search (after the first, which
//! solves the root relaxation).

use super::model::{Model, Sense};
use microlp::{
    ComparisonOp, OptimizationDirection, Problem, ResumeOptions, SolveOptions, SolveOutcome,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Branch-and-bound nodes of the first call, after the root.
const FIRST_CALL_NODES: u64 = 10;

/// How to stop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Relative gap at which a plan is good enough (0.01 = 1 %).
    pub gap: f64,
    /// The longest the search may take (wall-clock).
    pub time_limit: Duration,
}

/// Why the search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The plan is proven optimal.
    Optimal,
    /// The plan is within the gap asked of the proven bound.
    GapReached,
    /// The time limit ran out.
    TimeLimit,
    /// The cancel flag was set.
    Cancelled,
}

/// A solution: every variable's value, the objective, the best proven
/// lower bound and the gap between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    /// Every variable's value in the plan, by the model's variable index.
    pub values: Vec<f64>,
    /// The plan's objective (yuan, at the costs solved with).
    pub objective: f64,
    /// The best proven lower bound on the objective; −∞ where none was proved.
    pub bound: f64,
    /// The relative gap, (objective − bound) / |objective| (0.01 is 1 %); 1 where
    /// there is no bound.
    pub gap: f64,
    /// Seconds the search took (wall-clock).
    pub seconds: f64,
    /// Branch-and-bound nodes solved (0 where no search of its own found the plan).
    pub nodes: u64,
    /// Why the search ended.
    pub stop: Stop,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SolveFailure {
    Infeasible,
    /// Stopped (time or cancel) before any plan was found.
    NoPlanYet(Stop),
    Solver(String),
}

/// Where the search stands, told after every slice: the best plan's
/// objective (None before one is found), the proven bound, and the seconds
/// since the search began. The window's status bar and the CLI show it.
pub type Watch<'a> = &'a (dyn Fn(Option<f64>, Option<f64>, f64) + Sync);

/// Solve `model` from the starting values `start` (a feasible plan, if
/// known: the search then never returns worse), telling `watch` where it
/// stands after each slice.
pub fn solve(
    model: &Model,
    start: Option<&[f64]>,
    limits: Limits,
    cancel: &AtomicBool,
    watch: Option<Watch<'_>>,
) -> Result<Solved, SolveFailure> {
    solve_costed(model, &model.costs(), start, limits, cancel, watch)
}

/// [`solve`] with each variable's cost given (`cost[v]`) in place of the
/// model's own: the decomposition prices the rows it relaxes this way.
pub fn solve_costed(
    model: &Model,
    cost: &[f64],
    start: Option<&[f64]>,
    limits: Limits,
    cancel: &AtomicBool,
    watch: Option<Watch<'_>>,
) -> Result<Solved, SolveFailure> {
    let started = Instant::now();
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let vars: Vec<microlp::Variable> = model
        .vars
        .iter()
        .zip(cost.iter().chain(std::iter::repeat(&0.0)))
        .map(|(v, &c)| {
            if v.integer {
                p.add_integer_var(c, (v.lower.round() as i32, v.upper.min(1e9).round() as i32))
            } else {
                p.add_var(c, (v.lower, v.upper))
            }
        })
        .collect();
    for r in &model.rows {
        if r.terms.is_empty() {
            continue;
        }
        let op = match r.sense {
            Sense::Le => ComparisonOp::Le,
            Sense::Ge => ComparisonOp::Ge,
            Sense::Eq => ComparisonOp::Eq,
        };
        let terms: Vec<(microlp::Variable, f64)> =
            r.terms.iter().map(|&(v, a)| (vars[v], a)).collect();
        p.add_constraint(terms, op, r.rhs);
    }
    // Short slices, so that a cancel is seen within a fraction of a second.
    let slice = Duration::from_millis(250);
    let mut options = SolveOptions::default();
    options.mip_gap = limits.gap.max(0.0);
    // The first call solves the root relaxation and tries the starting
    // plan (kept for the next call while the root is unsolved): it gets up
    // to half a second, so that a cancel waits no longer, and stops after
    // a few nodes; the later calls a quarter of a second each.
    options.time_limit = Some(Duration::from_millis(500).min(limits.time_limit));
    options.node_limit = Some(FIRST_CALL_NODES);
    options.warm_start = start.map(|s| vars.iter().copied().zip(s.iter().copied()).collect());
    let mut outcome = p.solve_with(options).map_err(failure)?;
    loop {
        let reason = outcome.termination_reason();
        let more = matches!(
            reason,
            microlp::TerminationReason::TimeLimit | microlp::TerminationReason::NodeLimit
        );
        let elapsed = started.elapsed();
        if let Some(watch) = watch {
            watch(
                outcome.solution().map(|s| s.objective()),
                outcome.stats().best_bound,
                elapsed.as_secs_f64(),
            );
        }
        let stop = if cancel.load(Ordering::Relaxed) {
            Some(Stop::Cancelled)
        } else if more && elapsed >= limits.time_limit {
            Some(Stop::TimeLimit)
        } else if !more {
            Some(match reason {
                microlp::TerminationReason::ProvenOptimal => Stop::Optimal,
                _ => Stop::GapReached,
            })
        } else {
            None
        };
        if let Some(stop) = stop {
            return finish(outcome, &vars, stop, started);
        }
        let mut resume = ResumeOptions::default();
        resume.mip_gap = Some(limits.gap.max(0.0));
        resume.time_limit = Some(
            slice
                .min(limits.time_limit.saturating_sub(elapsed))
                .max(Duration::from_millis(10)),
        );
        outcome = outcome.resume_with(resume).map_err(failure)?;
    }
}

/// The relative gap between a plan's objective and a proven bound: 1 (all
/// of it) where there is no bound.
pub fn gap(objective: f64, bound: f64) -> f64 {
    if !bound.is_finite() {
        1.0
    } else if objective.abs() > 1e-9 {
        ((objective - bound) / objective.abs()).max(0.0)
    } else {
        0.0
    }
}

fn failure(e: microlp::Error) -> SolveFailure {
    match e {
        microlp::Error::Infeasible => SolveFailure::Infeasible,
        other => SolveFailure::Solver(other.to_string()),
    }
}

fn finish(
    outcome: SolveOutcome,
    vars: &[microlp::Variable],
    stop: Stop,
    started: Instant,
) -> Result<Solved, SolveFailure> {
    let stats = outcome.stats();
    let SolveOutcome::Solution(sol) = outcome else {
        return Err(SolveFailure::NoPlanYet(stop));
    };
    let objective = sol.objective();
    // No bound is proved until the root relaxation is solved, unless the
    // search proved its plan optimal.
    let bound = match (stats.best_bound, stop) {
        (Some(b), _) => b.min(objective),
        (None, Stop::Optimal) => objective,
        (None, _) => f64::NEG_INFINITY,
    };
    let gap = gap(objective, bound);
    let stop = if stop == Stop::GapReached && gap <= 1e-9 {
        Stop::Optimal
    } else {
        stop
    };
    Ok(Solved {
        values: vars.iter().map(|&v| sol.var_value_raw(v)).collect(),
        objective,
        bound,
        gap,
        seconds: started.elapsed().as_secs_f64(),
        nodes: stats.nodes_solved,
        stop,
    })
}
