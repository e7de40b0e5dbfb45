//! The Lagrangian relaxation of the linking rows: the bound, the
//! multipliers (the master's prices) and the repair.

use super::super::model::{Model, Sense};
use super::super::solve::{self, Limits, SolveFailure, Solved, Stop};
use super::parts::{Part, PartPlan, holds, solve_part};
use rayon::prelude::*;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// Plans kept per part for the repair (the latest distinct ones).
const KEPT_PER_PART: usize = 64;

/// The sign that turns a linking row into "≤": +1 for ≤, −1 for ≥; an
/// equality's multiplier is free (0 here means free).
pub(super) fn sign(sense: Sense) -> f64 {
    match sense {
        Sense::Le => 1.0,
        Sense::Ge => -1.0,
        Sense::Eq => 0.0,
    }
}

/// One step's outcome: the Lagrangian bound, the linking rows' excess
/// (row − rhs, signed so that > 0 breaks it), the nodes searched.
pub(super) struct Round {
    pub(super) bound: f64,
    pub(super) excess: Vec<f64>,
    pub(super) nodes: u64,
}

/// The state of the relaxation: the parts, their base costs, the plans
/// kept, the multipliers, the best bound and the best whole plan.
pub(super) struct Lagrangian<'a> {
    pub(super) model: &'a Model,
    pub(super) linking: &'a [usize],
    pub(super) parts: Vec<Part>,
    pub(super) base: Vec<Vec<f64>>,
    pub(super) kept: Vec<Vec<PartPlan>>,
    /// The part's plan at the latest step (a warm start for the next).
    pub(super) last: Vec<Option<Vec<f64>>>,
    /// Parts no linking row touches, solved once: their bound.
    pub(super) once: Vec<Option<f64>>,
    pub(super) lambda: Vec<f64>,
    pub(super) bound: f64,
    /// The chosen plan of each part, and its whole cost.
    pub(super) chosen: Vec<usize>,
    pub(super) best_cost: f64,
    /// How many plans of a part came from the starts (never dropped).
    pub(super) starts: usize,
    /// The best start, whole: the answer if the parts' plans put together
    /// ever broke a row by more than the tolerance.
    pub(super) fallback: Vec<f64>,
}

impl<'a> Lagrangian<'a> {
    pub(super) fn new(
        model: &'a Model,
        linking: &'a [usize],
        parts: Vec<Part>,
        starts: &[&[f64]],
    ) -> Self {
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
            fallback: order.first().map_or_else(Vec::new, |s| s.to_vec()),
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
    pub(super) fn keep(&mut self, i: usize, plan: PartPlan) {
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

    pub(super) fn gap(&self) -> f64 {
        solve::gap(self.best_cost, self.bound)
    }

    /// The chosen plans, put together.
    pub(super) fn best_values(&self) -> Vec<f64> {
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
    pub(super) fn round(
        &mut self,
        part_gap: f64,
        remaining: Duration,
        cancel: &AtomicBool,
    ) -> Result<Round, SolveFailure> {
        let deadline = Instant::now() + remaining;
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
                // The step's deadline holds for parts that wait their turn.
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(SolveFailure::NoPlanYet(Stop::TimeLimit));
                }
                let limits = Limits {
                    gap: part_gap,
                    time_limit: left,
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
    pub(super) fn repair(&mut self, gap: f64, time_limit: Duration, cancel: &AtomicBool) {
        // The chosen plans may have given way to cheaper ones alike in their
        // decisions (`keep`): the cost to beat is the one held now.
        self.best_cost = self.model.objective(&self.best_values());
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
    pub(super) fn master(
        &self,
        time_limit: Duration,
        cancel: &AtomicBool,
    ) -> Option<(Vec<f64>, f64)> {
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
    pub(super) fn feasible(&self, values: &[f64]) -> bool {
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
