//! The parts of a model once its linking rows are set aside, and a part
//! solved at given prices.

use super::super::model::{Model, Row, Sense, Var};
use super::super::solve::{self, Limits, SolveFailure, Solved, Stop};
use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

/// Part sizes beyond which splitting is not worth it: the largest part
/// holds more than this share of the variables (one search of the whole
/// model is then as good).
const LARGEST_SHARE: f64 = 0.5;

/// Variables of small linear parts solved together in one call.
const BUNDLE_VARS: usize = 400;

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
pub(super) fn is_fixed(v: &Var) -> bool {
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
            // Loosened by the tolerance rows are held to (a millionth), so
            // that no plan meeting the rows within it is cut off; a range
            // no wider than that is a fixed value.
            let eps = 1e-6 * at.abs().max(1.0);
            if let Some(mut u) = upper {
                u = if var.integer {
                    (u + eps).floor()
                } else {
                    u + eps
                };
                if u < var.upper - eps {
                    var.upper = u;
                    changed = true;
                }
            }
            if let Some(mut l) = lower {
                l = if var.integer {
                    (l - eps).ceil()
                } else {
                    l - eps
                };
                if l > var.lower + eps {
                    var.lower = l;
                    changed = true;
                }
            }
            if var.lower > var.upper + eps {
                return Err(SolveFailure::Infeasible);
            }
            if var.upper - var.lower <= 2.0 * eps && var.lower < var.upper {
                var.upper = var.lower.max(var.upper.min(at));
                var.lower = var.upper;
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
pub(super) struct PartPlan {
    pub(super) values: Vec<f64>,
    pub(super) cost: f64,
    pub(super) activity: Vec<f64>,
}

impl Part {
    /// The part of the fixed variables (no row; its plan is their values).
    pub fn fixed(&self) -> bool {
        self.model.rows.is_empty() && self.model.vars.iter().all(is_fixed)
    }

    pub(super) fn plan(&self, values: Vec<f64>, base: &[f64], nlinks: usize) -> PartPlan {
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
    pub(super) fn key(&self, p: &PartPlan) -> Vec<i64> {
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

/// Solve one part at these prices (a part with no row without a solver).
pub(super) fn solve_part(
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
pub(super) fn holds(row: &Row, values: &[f64]) -> bool {
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
