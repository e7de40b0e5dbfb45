//! Solving the model part by part (issue 41; docs/optimiser.md, "Scale").
//!
//! Pupils move only within reach, so once the few rows that cross the whole
//! county are set aside (the yearly cap on closures and the budget: the
//! *linking* rows), the model falls apart into independent parts, one per
//! connected group of schools that can send each other pupils. Each part is
//! a small model that solves exactly in milliseconds.
//!
//! - **Split:** the connected components of the variables, joined by every
//!   row but the linking ones ([`split`]).
//! - **Bound (Lagrangian relaxation):** the linking rows are priced into the
//!   parts' costs with multipliers λ ≥ 0; each part is solved with its own
//!   proven bound, and Σ parts' bounds − λ·rhs is a lower bound on the
//!   whole model for any λ (only the parts' *proven* bounds are added, never
//!   their plans). The multipliers follow the subgradient (Polyak steps
//!   towards the best plan known).
//! - **Repair:** every plan a part has taken along the way (and its share of
//!   the starting plans, which meet every row) is kept; one per part is
//!   chosen so that the linking rows hold at least cost, a small
//!   multiple-choice model. The starting plans keep it feasible.
//! - **Polish:** where the gap is still above the target with time left, the
//!   whole model is searched from the repaired plan; the answer's bound is
//!   the better of the two.
//!
//! Parts that no linking row touches are solved once; the others in
//! parallel (rayon) at every step.

use super::model::{Model, Row, Sense};
use super::solve::{self, Limits, SolveFailure, Solved, Stop, Watch};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Part sizes beyond which splitting is not worth it: the largest part
/// holds more than this share of the variables (one search of the whole
/// model is then as good).
const LARGEST_SHARE: f64 = 0.5;

/// Variables of small linear parts solved together in one call.
const BUNDLE_VARS: usize = 400;

/// Plans kept per part for the repair (the latest distinct ones).
const KEPT_PER_PART: usize = 64;

/// One part of the model: its variables (indexes into the whole), its rows
/// as a model of its own (variables renumbered), and its coefficients in
/// the linking rows: (linking row's position, local variable, coefficient).
#[derive(Debug, Clone)]
pub struct Part {
    pub vars: Vec<usize>,
    pub model: Model,
    pub links: Vec<(usize, usize, f64)>,
}

/// Whether a variable's bounds fix it: it is a constant, and joins nothing.
fn is_fixed(v: &super::model::Var) -> bool {
    v.lower == v.upper
}

/// The parts of `model` once the rows `linking` are set aside (each part a
/// connected component of variables sharing a row), largest first. Fixed
/// variables are constants: they join no part to another, their terms move
/// to the rows' right-hand sides, and they sit together in one part of
/// their own, with no row ([`Part::fixed`]). Rows of fixed variables only
/// are in no part ([`fixed_rows_hold`] checks them).
pub fn split(model: &Model, linking: &[usize]) -> Vec<Part> {
    let n = model.vars.len();
    let fixed: Vec<bool> = model.vars.iter().map(is_fixed).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut a: usize) -> usize {
        while parent[a] != a {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        a
    }
    let is_link: HashSet<usize> = linking.iter().copied().collect();
    for (r, row) in model.rows.iter().enumerate() {
        if is_link.contains(&r) {
            continue;
        }
        let mut it = row
            .terms
            .iter()
            .map(|t| t.0)
            .filter(|&v| v < n && !fixed[v]);
        let Some(first) = it.next() else { continue };
        for v in it {
            let (a, b) = (root(&mut parent, first), root(&mut parent, v));
            if a != b {
                parent[a] = b;
            }
        }
    }
    // Variables by component, in order.
    let mut index_of_root = vec![usize::MAX; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Every fixed variable in one part.
    let first_fixed = fixed.iter().position(|&f| f);
    for v in 0..n {
        if let Some(f) = first_fixed
            && fixed[v]
        {
            parent[v] = f;
        }
    }
    for v in 0..n {
        let r = root(&mut parent, v);
        if index_of_root[r] == usize::MAX {
            index_of_root[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[index_of_root[r]].push(v);
    }
    let groups = bundle(model, linking, &fixed, groups);
    let mut group_of = vec![0usize; n];
    for (g, vars) in groups.iter().enumerate() {
        for &v in vars {
            group_of[v] = g;
        }
    }
    let mut local = vec![0usize; n];
    for g in &groups {
        for (i, &v) in g.iter().enumerate() {
            local[v] = i;
        }
    }
    let mut parts: Vec<Part> = groups
        .into_iter()
        .map(|vars| Part {
            model: Model {
                name: String::new(),
                vars: vars.iter().map(|&v| model.vars[v].clone()).collect(),
                rows: Vec::new(),
                cost: Vec::new(),
            },
            vars,
            links: Vec::new(),
        })
        .collect();
    for (r, row) in model.rows.iter().enumerate() {
        if let Some(k) = linking.iter().position(|&l| l == r) {
            for &(v, a) in row.terms.iter().filter(|t| t.0 < n) {
                parts[group_of[v]].links.push((k, local[v], a));
            }
            continue;
        }
        let Some(&(first, _)) = row.terms.iter().find(|t| t.0 < n && !fixed[t.0]) else {
            continue;
        };
        let constant: f64 = row
            .terms
            .iter()
            .filter(|t| t.0 < n && fixed[t.0])
            .map(|&(v, a)| a * model.vars[v].lower)
            .sum();
        let g = group_of[first];
        parts[g].model.rows.push(Row {
            name: row.name.clone(),
            terms: row
                .terms
                .iter()
                .filter(|t| t.0 < n && !fixed[t.0])
                .map(|&(v, a)| (local[v], a))
                .collect(),
            sense: row.sense,
            rhs: row.rhs - constant,
        });
    }
    for &(v, c) in &model.cost {
        if v < n {
            parts[group_of[v]].model.cost.push((local[v], c));
        }
    }
    parts.sort_by_key(|p| std::cmp::Reverse(p.vars.len()));
    parts
}

/// Small linear parts (no whole variable, no term in a linking row)
/// bundled together up to [`BUNDLE_VARS`] variables: each is solved once,
/// and one call of the solver for many of them costs less than a call each
/// (a linear model of independent blocks solves as fast as its blocks).
fn bundle(
    model: &Model,
    linking: &[usize],
    fixed: &[bool],
    groups: Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    let mut linked = vec![false; model.vars.len()];
    for &r in linking {
        for &(v, _) in model.rows.get(r).map_or(&[][..], |row| &row.terms[..]) {
            if let Some(l) = linked.get_mut(v) {
                *l = true;
            }
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    let mut open: Vec<usize> = Vec::new();
    for g in groups {
        let linear = g
            .iter()
            .all(|&v| !model.vars[v].integer && !linked[v] && !fixed[v]);
        if !linear || g.len() >= BUNDLE_VARS {
            out.push(g);
            continue;
        }
        if open.len() + g.len() > BUNDLE_VARS {
            out.push(std::mem::take(&mut open));
        }
        open.extend(g);
    }
    if !open.is_empty() {
        out.push(open);
    }
    out
}

/// Whether splitting `model` is worth it: more than one part that is not
/// the fixed variables', none holding most of the variables.
pub fn worth_splitting(model: &Model, parts: &[Part]) -> bool {
    let free: Vec<&Part> = parts.iter().filter(|p| !p.fixed()).collect();
    let largest = free.iter().map(|p| p.vars.len()).max().unwrap_or(0);
    free.len() > 1 && (largest as f64) <= LARGEST_SHARE * model.vars.len() as f64
}

/// Whether every row of fixed variables only holds (those rows are in no
/// part).
pub fn fixed_rows_hold(model: &Model) -> bool {
    let values: Vec<f64> = model.vars.iter().map(|v| v.lower).collect();
    model.rows.iter().all(|row| {
        !row.terms
            .iter()
            .all(|&(v, _)| model.vars.get(v).is_some_and(is_fixed))
            || holds(row, &values)
    })
}

/// Tighten the bounds of variables alone in a row (every other term
/// fixed), again while that fixes more, a few passes at most: the set of
/// plans is unchanged, but a variable so fixed joins no part (in a start,
/// an open school's pupils sent elsewhere are fixed at none, and the
/// county falls apart by school). An empty range is a model with no plan.
pub fn tighten(model: &mut Model) -> Result<(), SolveFailure> {
    for _ in 0..8 {
        let mut changed = false;
        for r in 0..model.rows.len() {
            let row = &model.rows[r];
            let mut free = row
                .terms
                .iter()
                .filter(|&&(v, a)| a != 0.0 && model.vars.get(v).is_some_and(|x| !is_fixed(x)));
            let (Some(&(v, a)), None) = (free.next(), free.next()) else {
                continue;
            };
            let constant: f64 = row
                .terms
                .iter()
                .filter(|&&(u, _)| u != v)
                .map(|&(u, b)| b * model.vars.get(u).map_or(0.0, |x| x.lower))
                .sum();
            let at = (row.rhs - constant) / a;
            // a·x ≤ rhs': x ≤ at for a > 0, x ≥ at for a < 0.
            let (upper, lower) = match (row.sense, a > 0.0) {
                (Sense::Le, true) | (Sense::Ge, false) => (Some(at), None),
                (Sense::Le, false) | (Sense::Ge, true) => (None, Some(at)),
                (Sense::Eq, _) => (Some(at), Some(at)),
            };
            let var = &mut model.vars[v];
            let eps = 1e-9 * at.abs().max(1.0);
            if let Some(mut u) = upper {
                if var.integer {
                    u = (u + eps).floor();
                }
                if u < var.upper - eps {
                    var.upper = u;
                    changed = true;
                }
            }
            if let Some(mut l) = lower {
                if var.integer {
                    l = (l - eps).ceil();
                }
                if l > var.lower + eps {
                    var.lower = l;
                    changed = true;
                }
            }
            if var.lower > var.upper + eps {
                return Err(SolveFailure::Infeasible);
            }
            if var.upper - var.lower <= eps {
                var.upper = var.lower;
            }
        }
        if !changed {
            break;
        }
    }
    Ok(())
}

/// A plan of one part: its values, its cost (the model's own prices) and
/// its activity in each linking row.
#[derive(Debug, Clone)]
struct PartPlan {
    values: Vec<f64>,
    cost: f64,
    activity: Vec<f64>,
}

impl Part {
    /// The part of the fixed variables (no row; its plan is their values).
    pub fn fixed(&self) -> bool {
        self.model.rows.is_empty() && self.model.vars.iter().all(is_fixed)
    }

    fn plan(&self, values: Vec<f64>, base: &[f64], nlinks: usize) -> PartPlan {
        let cost = base.iter().zip(&values).map(|(c, x)| c * x).sum();
        let mut activity = vec![0.0; nlinks];
        for &(k, v, a) in &self.links {
            activity[k] += a * values.get(v).copied().unwrap_or(0.0);
        }
        PartPlan {
            values,
            cost,
            activity,
        }
    }

    /// The key of a plan: its whole decisions and its linking activity
    /// (two plans alike in both differ only in continuous shares).
    fn key(&self, p: &PartPlan) -> Vec<i64> {
        self.model
            .vars
            .iter()
            .zip(&p.values)
            .filter(|(v, _)| v.integer)
            .map(|(_, x)| x.round() as i64)
            .chain(p.activity.iter().map(|a| (a * 1e6).round() as i64))
            .collect()
    }
}

/// The sign that turns a linking row into "≤": +1 for ≤, −1 for ≥; an
/// equality's multiplier is free (0 here means free).
fn sign(sense: Sense) -> f64 {
    match sense {
        Sense::Le => 1.0,
        Sense::Ge => -1.0,
        Sense::Eq => 0.0,
    }
}

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
    if !tightened || !worth_splitting(model, &parts) || starts.is_empty() {
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
    let mut answer = finish(model, &l, nodes, started, Stop::TimeLimit)?;
    if let Ok(w) = whole {
        answer.nodes += w.nodes;
        if w.objective < answer.objective {
            answer.values = w.values;
            answer.objective = w.objective;
        }
        answer.bound = answer.bound.max(w.bound).min(answer.objective);
        answer.gap = relative(answer.objective, answer.bound);
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
    let solved: Option<Vec<Vec<f64>>> = parts
        .par_iter()
        .map(|p| {
            let cost = p.model.costs();
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

/// Solve one part at these prices (a part with no row without a solver).
fn solve_part(
    part: &Part,
    cost: &[f64],
    start: Option<&[f64]>,
    limits: Limits,
    cancel: &AtomicBool,
) -> Result<Solved, SolveFailure> {
    // A part with no row (the fixed variables', or variables alone with
    // their bounds) is solved at sight: each variable at the bound its
    // price prefers.
    let at_sight = part.model.rows.is_empty()
        && part.model.vars.iter().zip(cost).all(|(v, &c)| {
            let bound = if c >= 0.0 { v.lower } else { v.upper };
            bound.is_finite()
        });
    if !at_sight {
        return solve::solve_costed(&part.model, cost, start, limits, cancel, None);
    }
    let values: Vec<f64> = part
        .model
        .vars
        .iter()
        .zip(cost)
        .map(|(v, &c)| if c >= 0.0 { v.lower } else { v.upper })
        .collect();
    let objective = cost.iter().zip(&values).map(|(c, x)| c * x).sum();
    Ok(Solved {
        values,
        objective,
        bound: objective,
        gap: 0.0,
        seconds: 0.0,
        nodes: 0,
        stop: Stop::Optimal,
    })
}

/// Whether `row` holds at `values`, to a millionth of its right-hand side.
fn holds(row: &Row, values: &[f64]) -> bool {
    let lhs: f64 = row
        .terms
        .iter()
        .map(|&(v, a)| a * values.get(v).copied().unwrap_or(0.0))
        .sum();
    let tol = 1e-6 * row.rhs.abs().max(1.0);
    match row.sense {
        Sense::Le => lhs <= row.rhs + tol,
        Sense::Ge => lhs >= row.rhs - tol,
        Sense::Eq => (lhs - row.rhs).abs() <= tol,
    }
}

fn relative(objective: f64, bound: f64) -> f64 {
    if objective.abs() > 1e-9 {
        ((objective - bound) / objective.abs()).max(0.0)
    } else {
        0.0
    }
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
    let values = l.best_values();
    let objective = model.objective(&values);
    let bound = l.bound.min(objective);
    Ok(Solved {
        gap: relative(objective, bound),
        values,
        objective,
        bound,
        seconds: started.elapsed().as_secs_f64(),
        nodes,
        stop,
    })
}

/// One step's outcome: the Lagrangian bound, the linking rows' excess
/// (row − rhs, signed so that > 0 breaks it), the nodes searched.
struct Round {
    bound: f64,
    excess: Vec<f64>,
    nodes: u64,
}

/// The state of the relaxation: the parts, their base costs, the plans
/// kept, the multipliers, the best bound and the best whole plan.
struct Lagrangian<'a> {
    model: &'a Model,
    linking: &'a [usize],
    parts: Vec<Part>,
    base: Vec<Vec<f64>>,
    kept: Vec<Vec<PartPlan>>,
    /// The part's plan at the latest step (a warm start for the next).
    last: Vec<Option<Vec<f64>>>,
    /// Parts no linking row touches, solved once: their bound.
    once: Vec<Option<f64>>,
    lambda: Vec<f64>,
    bound: f64,
    /// The chosen plan of each part, and its whole cost.
    chosen: Vec<usize>,
    best_cost: f64,
    /// How many plans of a part came from the starts (never dropped).
    starts: usize,
}

impl<'a> Lagrangian<'a> {
    fn new(model: &'a Model, linking: &'a [usize], parts: Vec<Part>, starts: &[&[f64]]) -> Self {
        let nlinks = linking.len();
        let base: Vec<Vec<f64>> = parts.iter().map(|p| p.model.costs()).collect();
        // The best start first: each part's plan 0, the plan to beat.
        let mut order: Vec<&[f64]> = starts.to_vec();
        order.sort_by(|a, b| model.objective(a).total_cmp(&model.objective(b)));
        let n = parts.len();
        let mut l = Lagrangian {
            model,
            linking,
            kept: vec![Vec::new(); n],
            last: vec![None; n],
            once: vec![None; n],
            lambda: vec![0.0; nlinks],
            bound: f64::NEG_INFINITY,
            chosen: vec![0; n],
            best_cost: f64::INFINITY,
            starts: 0,
            parts,
            base,
        };
        for start in &order {
            for i in 0..n {
                let values: Vec<f64> = l.parts[i]
                    .vars
                    .iter()
                    .map(|&v| start.get(v).copied().unwrap_or(0.0))
                    .collect();
                let plan = l.parts[i].plan(values, &l.base[i], nlinks);
                l.keep(i, plan);
            }
        }
        l.starts = l.kept.iter().map(Vec::len).max().unwrap_or(0);
        l.best_cost = model.objective(&l.best_values());
        l
    }

    /// Keep `plan` among part `i`'s plans, unless one with the same
    /// decisions is kept already (the cheaper stays). Past
    /// [`KEPT_PER_PART`], the oldest plan neither from a start nor chosen
    /// goes.
    fn keep(&mut self, i: usize, plan: PartPlan) {
        let part = &self.parts[i];
        let kept = &mut self.kept[i];
        let k = part.key(&plan);
        if let Some(same) = kept.iter_mut().find(|p| part.key(p) == k) {
            if plan.cost < same.cost {
                *same = plan;
            }
            return;
        }
        kept.push(plan);
        if kept.len() > KEPT_PER_PART {
            let drop = (self.starts..kept.len()).find(|&p| p != self.chosen[i]);
            if let Some(d) = drop {
                kept.remove(d);
                if self.chosen[i] > d {
                    self.chosen[i] -= 1;
                }
            }
        }
    }

    fn gap(&self) -> f64 {
        relative(self.best_cost, self.bound)
    }

    /// The chosen plans, put together.
    fn best_values(&self) -> Vec<f64> {
        let mut values = vec![0.0; self.model.vars.len()];
        for (i, part) in self.parts.iter().enumerate() {
            if let Some(plan) = self.kept[i].get(self.chosen[i]) {
                for (&v, &x) in part.vars.iter().zip(&plan.values) {
                    values[v] = x;
                }
            }
        }
        values
    }

    /// Solve every part at the current multipliers.
    fn round(
        &mut self,
        part_gap: f64,
        remaining: Duration,
        cancel: &AtomicBool,
    ) -> Result<Round, SolveFailure> {
        let nlinks = self.linking.len();
        let lambda = &self.lambda;
        let model = self.model;
        let linking = self.linking;
        let priced: Vec<f64> = (0..nlinks)
            .map(|k| lambda[k] * sign_or_one(model.rows[linking[k]].sense))
            .collect();
        let results: Vec<Result<(Solved, bool), SolveFailure>> = self
            .parts
            .par_iter()
            .enumerate()
            .map(|(i, part)| {
                if let Some(b) = self.once[i]
                    && part.links.is_empty()
                {
                    // Solved once: its bound stands, nothing to re-take.
                    return Ok((
                        Solved {
                            values: Vec::new(),
                            objective: b,
                            bound: b,
                            gap: 0.0,
                            seconds: 0.0,
                            nodes: 0,
                            stop: Stop::Optimal,
                        },
                        false,
                    ));
                }
                let mut cost = self.base[i].clone();
                for &(k, v, a) in &part.links {
                    cost[v] += priced[k] * a;
                }
                let start = self.last[i]
                    .as_deref()
                    .or_else(|| self.kept[i].first().map(|p| p.values.as_slice()));
                let limits = Limits {
                    gap: part_gap,
                    time_limit: remaining,
                };
                solve_part(part, &cost, start, limits, cancel).map(|s| (s, true))
            })
            .collect();
        let mut bound = -(0..nlinks)
            .map(|k| priced[k] * model.rows[linking[k]].rhs)
            .sum::<f64>();
        let mut activity = vec![0.0; nlinks];
        let mut nodes = 0;
        for (i, r) in results.into_iter().enumerate() {
            let (solved, fresh) = r?;
            if matches!(solved.stop, Stop::Cancelled) {
                return Err(SolveFailure::NoPlanYet(Stop::Cancelled));
            }
            bound += solved.bound;
            nodes += solved.nodes;
            if !fresh {
                continue;
            }
            if self.parts[i].links.is_empty() {
                self.once[i] = Some(solved.bound);
            }
            let plan = self.parts[i].plan(solved.values, &self.base[i], nlinks);
            for (k, a) in plan.activity.iter().enumerate() {
                activity[k] += a;
            }
            self.last[i] = Some(plan.values.clone());
            self.keep(i, plan);
        }
        // A part solved once still counts in the rows it touches: none.
        let excess = (0..nlinks)
            .map(|k| {
                let row = &model.rows[linking[k]];
                sign_or_one(row.sense) * (activity[k] - row.rhs)
            })
            .collect();
        Ok(Round {
            bound,
            excess,
            nodes,
        })
    }

    /// One plan per part, the linking rows kept, at least cost: a
    /// multiple-choice model over the plans kept. Its answer replaces the
    /// best plan only when it costs less.
    fn repair(&mut self, gap: f64, time_limit: Duration, cancel: &AtomicBool) {
        let nlinks = self.linking.len();
        let mut m = Model::default();
        // Parts with a single plan are fixed: their activity moves to the rhs.
        let mut fixed_activity = vec![0.0; nlinks];
        let mut fixed_cost = 0.0;
        let mut choice: Vec<(usize, usize, usize)> = Vec::new();
        let mut link_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nlinks];
        for (i, kept) in self.kept.iter().enumerate() {
            if kept.len() == 1 {
                for (k, a) in kept[0].activity.iter().enumerate() {
                    fixed_activity[k] += a;
                }
                fixed_cost += kept[0].cost;
                continue;
            }
            let mut one = Vec::new();
            for (p, plan) in kept.iter().enumerate() {
                let y = m.var(format!("y{i}_{p}"), 0.0, 1.0, true);
                m.cost.push((y, plan.cost));
                choice.push((y, i, p));
                one.push((y, 1.0));
                for (k, a) in plan.activity.iter().enumerate() {
                    if *a != 0.0 {
                        link_terms[k].push((y, *a));
                    }
                }
            }
            m.row(format!("one{i}"), one, Sense::Eq, 1.0);
        }
        for (k, terms) in link_terms.into_iter().enumerate() {
            let row = &self.model.rows[self.linking[k]];
            m.row(
                format!("link{k}"),
                terms,
                row.sense,
                row.rhs - fixed_activity[k],
            );
        }
        // Start from the current choice.
        let mut start = vec![0.0; m.vars.len()];
        for &(y, i, p) in &choice {
            if self.chosen[i] == p {
                start[y] = 1.0;
            }
        }
        let limits = Limits {
            gap: gap.min(1e-4),
            time_limit: time_limit.max(Duration::from_millis(50)),
        };
        let Ok(s) = solve::solve(&m, Some(&start), limits, cancel, None) else {
            return;
        };
        if fixed_cost + s.objective >= self.best_cost - 1e-9 * self.best_cost.abs() {
            return;
        }
        let mut chosen = self.chosen.clone();
        for &(y, i, p) in &choice {
            if s.values.get(y).is_some_and(|v| *v > 0.5) {
                chosen[i] = p;
            }
        }
        let before = std::mem::replace(&mut self.chosen, chosen);
        let cost = self.model.objective(&self.best_values());
        // Checked on the whole model's own prices and rows.
        if cost < self.best_cost && self.feasible(&self.best_values()) {
            self.best_cost = cost;
        } else {
            self.chosen = before;
        }
    }

    /// The master's prices: the multipliers that best mix the plans kept
    /// (at most one convex combination per part, the linking rows kept),
    /// found as the dual of that linear model:
    ///
    /// maximise Σ_parts u_c − Σ_k λ_k σ_k rhs_k
    /// subject to u_c − Σ_k λ_k σ_k activity_k(plan) ≤ cost(plan) for every
    /// plan kept, λ ≥ 0 (free for an equality), σ_k the row's sign.
    ///
    /// Returns the multipliers and the master's value (at least the best
    /// Lagrangian bound; equal once the relaxation is solved).
    fn master(&self, time_limit: Duration, cancel: &AtomicBool) -> Option<(Vec<f64>, f64)> {
        let nlinks = self.linking.len();
        let mut m = Model::default();
        let lambda: Vec<usize> = (0..nlinks)
            .map(|k| {
                let row = &self.model.rows[self.linking[k]];
                let lower = if sign(row.sense) == 0.0 {
                    f64::NEG_INFINITY
                } else {
                    0.0
                };
                let v = m.var(format!("l{k}"), lower, f64::INFINITY, false);
                m.cost.push((v, sign_or_one(row.sense) * row.rhs));
                v
            })
            .collect();
        let mut constant = 0.0;
        for (i, kept) in self.kept.iter().enumerate() {
            if self.parts[i].links.is_empty() {
                constant += kept.iter().map(|p| p.cost).fold(f64::INFINITY, f64::min);
                continue;
            }
            let u = m.var(format!("u{i}"), f64::NEG_INFINITY, f64::INFINITY, false);
            m.cost.push((u, -1.0));
            for (p, plan) in kept.iter().enumerate() {
                let mut terms = vec![(u, 1.0)];
                for (k, a) in plan.activity.iter().enumerate() {
                    if *a != 0.0 {
                        let s = sign_or_one(self.model.rows[self.linking[k]].sense);
                        terms.push((lambda[k], -s * a));
                    }
                }
                m.row(format!("p{i}_{p}"), terms, Sense::Le, plan.cost);
            }
        }
        let limits = Limits {
            gap: 0.0,
            time_limit: time_limit.max(Duration::from_millis(50)),
        };
        let s = solve::solve(&m, None, limits, cancel, None).ok()?;
        if s.stop != Stop::Optimal && s.stop != Stop::GapReached {
            return None;
        }
        let values = lambda.iter().map(|&v| s.values[v]).collect();
        Some((values, constant - s.objective))
    }

    /// Whether the linking rows hold for `values` (the parts' own rows hold
    /// by construction).
    fn feasible(&self, values: &[f64]) -> bool {
        self.linking
            .iter()
            .all(|&r| holds(&self.model.rows[r], values))
    }
}

/// The multiplier's sign for pricing: an equality's multiplier is free and
/// priced as is.
fn sign_or_one(sense: Sense) -> f64 {
    match sign(sense) {
        0.0 => 1.0,
        s => s,
    }
}

#[cfg(test)]
mod tests;
