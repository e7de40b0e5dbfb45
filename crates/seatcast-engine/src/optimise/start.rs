//! Starting plans for the search, each a set of fixed decisions (when each
//! school closes, its classrooms by period, when each site opens and its
//! classrooms) with the best assignment of pupils for them:
//!
//! - the greedy suggestion (`plan::planner::suggest`), so that the answer
//!   is never worse than it under the same objective;
//! - the plan that changes nothing, which meets every rule unless a pin
//!   closes a school, so that the search always has a plan to return.
//!
//! (A coarser model's answer, the early periods merged, was tried as a
//! third start: it slowed the search on the sample county, 4.5 s against
//! 3.1 s, and on synthetic counties of 50 and 100 schools.)

use super::build::Built;
use super::instance::Instance;
use super::model::Model;
use super::solve::{self, Limits, Solved, Stop};
use crate::Outcome;
use crate::settings::actions::Action;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// A plan's decisions, by the model's periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    /// Per node: the first period it is closed in (the number of periods: never).
    pub closed_from: Vec<usize>,
    /// Per node and period: classrooms added so far.
    pub rooms: Vec<Vec<f64>>,
    /// Per site: the first period it is open in (the number of periods: never).
    pub site_from: Vec<usize>,
    pub site_rooms: Vec<Vec<f64>>,
}

impl Fixed {
    /// No closure, no classroom, no new school.
    pub fn nothing(b: &Built) -> Fixed {
        let np = b.periods.len();
        Fixed {
            closed_from: vec![np; b.open.len()],
            rooms: vec![vec![0.0; np]; b.open.len()],
            site_from: vec![np; b.sites.len()],
            site_rooms: vec![vec![0.0; np]; b.sites.len()],
        }
    }

    /// The merges and expansions among `actions`, by the period their year
    /// falls in. Actions on schools outside the model (kindergartens, senior
    /// high schools) are outside its objective too.
    pub fn from_actions(o: &Outcome, inst: &Instance, b: &Built, actions: &[Action]) -> Fixed {
        let node_of = |name: &str| super::inputs::node_of(o, inst, name);
        let period_of = |year: i32| {
            let h = (year - inst.base_year).max(1) as usize;
            b.periods
                .iter()
                .position(|p| p.first <= h && h <= p.last)
                .unwrap_or(0)
        };
        let mut f = Fixed::nothing(b);
        let np = b.periods.len();
        let d = &o.dataset;
        let area = |i: usize| d.schools[inst.nodes[i].school].area.as_deref();
        let primary = |i: usize| inst.nodes[i].runs && inst.nodes[i].teaches(0);
        for a in actions {
            match a {
                Action::Merge { year, school, .. } => {
                    let Some(i) = node_of(school) else { continue };
                    // Under the same rules: a closure that would leave its
                    // pupils no receiver the model allows, or its township
                    // no primary school, is left out.
                    let closed = |j: usize, f: &Fixed| f.closed_from[j] < np;
                    let receiver = b.assign.iter().any(|x| {
                        x.from == i
                            && matches!(x.to, super::build::Target::Node(j) if j != i && !closed(j, &f))
                    });
                    let last_in_township = primary(i)
                        && area(i).is_some()
                        && !(0..inst.nodes.len())
                            .any(|j| j != i && primary(j) && area(j) == area(i) && !closed(j, &f));
                    if !receiver || last_in_township {
                        continue;
                    }
                    f.closed_from[i] = f.closed_from[i].min(period_of(*year));
                }
                Action::Expand {
                    year,
                    school,
                    classrooms,
                    ..
                } => {
                    if let Some(i) = node_of(school) {
                        for r in f.rooms[i].iter_mut().skip(period_of(*year)) {
                            *r += classrooms;
                        }
                    }
                }
                _ => {}
            }
        }
        f
    }
}

/// The values of a plan in the model: its decisions fixed, the best
/// assignment of pupils for them. Closures move to the first fall the rules
/// allow (no closure in the first fall, the yearly cap: the plan under the
/// same rules), closures the rules forbid are left out, and classrooms are
/// cut to what a school may have. None where the plan still breaks one of
/// the model's rules (a pinned closure it lacks, say).
pub fn values(
    b: &Built,
    f: &Fixed,
    cap: Option<u32>,
    limits: Limits,
    cancel: &AtomicBool,
) -> Option<Vec<f64>> {
    let mut m = b.model.clone();
    let np = b.periods.len();
    // Closures, earliest first, each in the first period it may close in
    // with room under the yearly cap.
    let mut order: Vec<usize> = (0..b.open.len())
        .filter(|&i| f.closed_from[i] < np)
        .collect();
    order.sort_by_key(|&i| f.closed_from[i]);
    let mut count = vec![0u32; np];
    let mut closed_from = vec![np; b.open.len()];
    for i in order {
        // A closure the rules forbid (a school the plan may not close, 应留必留)
        // is left out: the plan under the same rules keeps that school.
        let Some(k) = (f.closed_from[i]..np)
            .find(|&k| m.vars[b.open[i][k]].lower < 1.0 && cap.is_none_or(|c| count[k] < c))
        else {
            continue;
        };
        count[k] += 1;
        closed_from[i] = k;
    }
    let mut fix = |v: usize, x: f64| {
        if let Some(var) = m.vars.get_mut(v) {
            if x < var.lower || x > var.upper {
                return false;
            }
            var.lower = x;
            var.upper = x;
        }
        true
    };
    let mut ok = true;
    for (i, &from) in closed_from.iter().enumerate() {
        let mut most = 0.0f64;
        for k in 0..np {
            ok &= fix(b.open[i][k], if k >= from { 0.0 } else { 1.0 });
            let upper = b.model.vars.get(b.rooms[i][k]).map_or(0.0, |v| v.upper);
            // Never fewer later than earlier (a cut may not take rooms away).
            most = most.max(f.rooms[i][k].min(upper.max(most)));
            ok &= fix(b.rooms[i][k], most);
        }
    }
    // A starting plan downgrades no school.
    for d in b.down.iter().flatten() {
        for &x in d {
            ok &= fix(x, 0.0);
        }
    }
    for c in 0..b.sites.len() {
        for k in 0..np {
            ok &= fix(
                b.site_open[c][k],
                if k >= f.site_from[c] { 1.0 } else { 0.0 },
            );
            ok &= fix(b.site_rooms[c][k], f.site_rooms[c][k]);
        }
    }
    if !ok {
        return None;
    }
    // Part by part: every row that joins the county is fixed now.
    super::decompose::solve_apart(&m, &b.linking, limits, cancel)
}

/// A starting plan as the answer, when the search found none of its own:
/// its objective, and the bound of the linear relaxation (every integer
/// relaxed; solved within `time_limit`, else no bound and a gap of 100 %).
pub fn standing(
    model: &Model,
    values: &[f64],
    (stop, time_limit): (Stop, Duration),
    started: Instant,
    cancel: &AtomicBool,
) -> Solved {
    let objective = model.objective(values);
    let mut relaxed = model.clone();
    for v in &mut relaxed.vars {
        v.integer = false;
    }
    let limits = Limits {
        gap: 0.0,
        time_limit,
    };
    let bound = solve::solve(&relaxed, None, limits, cancel, None)
        .map_or(f64::NEG_INFINITY, |s| s.objective)
        .min(objective);
    let gap = if objective.abs() > 1e-9 && bound.is_finite() {
        ((objective - bound) / objective.abs()).max(0.0)
    } else {
        1.0
    };
    Solved {
        values: values.to_vec(),
        objective,
        bound,
        gap,
        seconds: started.elapsed().as_secs_f64(),
        nodes: 0,
        stop,
    }
}
