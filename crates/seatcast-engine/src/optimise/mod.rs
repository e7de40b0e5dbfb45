//! The layout optimiser (布局优化; docs/optimiser.md): the plan of
//! closures, classrooms and new schools that costs least over the horizon
//! for the current scenario's projected pupils, under the national rules
//! (service radii, grades 1–3 within 30 minutes, 大校额, 应留必留, 先建后撤)
//! and the planner's pins, with a proven bound on how far from the best it
//! can be.
//!
//! - [`instance`]: what the model reads from an outcome;
//! - [`build`]: the phased model;
//! - [`model`]: its neutral form, written as MPS for any solver;
//! - [`solve`]: microlp's branch and bound, with bound, gap, time limit
//!   and cancel;
//! - [`decisions`]: the solution as decisions, actions and totals.

pub mod build;
pub mod decisions;
pub mod inputs;
pub mod instance;
pub mod model;
pub mod solve;
pub mod start;

pub use decisions::{Decision, Sent, Totals};
pub use instance::{Instance, Link, Node};
pub use model::{Model, Row, Sense, Var};
pub use solve::{Limits, Solved, Stop};

use crate::grades::Level;
use crate::plan::planner::school_ref;
use crate::scenario::Scenario;
use crate::settings::actions::Action;
use crate::{Engine, EngineError, Outcome};
use build::{Built, Target};
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Why the optimiser could not give a plan.
#[derive(Debug, thiserror::Error)]
pub enum OptimiseError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("pin names “{school}”, which is not a primary or junior school of the dataset")]
    UnknownPin { school: String },
    #[error("“{school}” is pinned both to close and to stay open")]
    PinsConflict { school: String },
    #[error(
        "“{school}” is pinned to close, but its grade 1–3 pupils have no other school within 30 minutes (国办发〔2018〕27号)"
    )]
    CloseBreaksDayRule { school: String },
    #[error(
        "“{school}” is pinned to close, but no school of its {level:?} pupils' level is within the service radius"
    )]
    CloseWithoutReceiver { school: String, level: Level },
    #[error("no plan meets every constraint: {0}")]
    Infeasible(String),
    #[error("stopped before any plan was found")]
    NoPlanYet,
    #[error("cancelled")]
    Cancelled,
    #[error("solver: {0}")]
    Solver(String),
}

/// The optimiser's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Optimised {
    pub objective: f64,
    pub bound: f64,
    pub gap: f64,
    pub seconds: f64,
    pub nodes: u64,
    #[serde(skip)]
    pub stop: Stop,
    pub decisions: Vec<Decision>,
    pub actions: Vec<Action>,
    pub totals: Totals,
    /// The greedy suggestion under the same objective, where it meets the
    /// model's rules (it knows nothing of the 30-minute rule or 大校额).
    pub greedy: Option<Totals>,
    /// Schools whose seats are unknown: taken as their first projected
    /// fall's pupils in whole classes, so no shortfall can show there.
    pub seats_assumed: Vec<usize>,
    /// Schools without coordinates: no link reaches them, so they neither
    /// close nor receive.
    pub without_coords: Vec<usize>,
    pub variables: usize,
    pub integers: usize,
    pub rows: usize,
    pub sites: usize,
}

impl Optimised {
    /// The scenario with the optimised plan's actions after its own.
    pub fn scenario(&self, from: &Scenario) -> Scenario {
        let mut s = from.clone();
        s.actions.extend(self.actions.iter().cloned());
        s
    }
}

/// The answer with the seats short in each projected fall, schools summed,
/// with no action and with the optimised plan, as the engine projects them
/// (the model's periods are coarser than the engine's years).
#[derive(Debug, Clone)]
pub struct Report {
    pub optimised: Optimised,
    pub before: Vec<(i32, f64)>,
    pub after: Vec<(i32, f64)>,
}

impl Report {
    /// `scenario` is the one optimised (its own actions stay in both).
    pub fn of(
        engine: &Engine,
        scenario: &Scenario,
        optimised: Optimised,
    ) -> Result<Report, EngineError> {
        let before = short_by_year(&engine.outcome(scenario)?);
        let after = short_by_year(&engine.outcome(&optimised.scenario(scenario))?);
        Ok(Report {
            optimised,
            before,
            after,
        })
    }
}

/// The seats short in each projected fall of an outcome, summed over the
/// schools the optimiser plans (primary, junior and nine-year: not
/// kindergartens or senior high schools).
pub fn short_by_year(o: &Outcome) -> Vec<(i32, f64)> {
    let p = &o.projection;
    let planned = |s: usize| {
        o.dataset
            .schools
            .get(s)
            .is_some_and(|x| matches!(x.level, Level::Primary | Level::Junior | Level::NineYear))
    };
    (1..=p.horizon as i32)
        .map(|h| {
            let year = p.base_year + h;
            let short = o
                .rows
                .iter()
                .filter(|r| r.year == year && planned(r.school))
                .map(|r| r.shortfall)
                .sum();
            (year, short)
        })
        .collect()
}

/// The model of a scenario, for `--export-model`.
pub fn model(engine: &Engine, scenario: &Scenario) -> Result<Model, OptimiseError> {
    let o = engine.outcome(scenario)?;
    let inst = Instance::of(&o);
    Ok(build::build(&o, &inst, &scenario.optimise)?.model)
}

/// Optimise the scenario's layout. `cancel` stops the search (the best plan
/// so far is returned only when a time limit stops it).
pub fn optimise(
    engine: &Engine,
    scenario: &Scenario,
    cancel: &AtomicBool,
) -> Result<Optimised, OptimiseError> {
    let started = std::time::Instant::now();
    let settings = &scenario.optimise;
    let o = engine.outcome(scenario)?;
    let inst = Instance::of(&o);
    let built = build::build(&o, &inst, settings)?;
    let room = scenario.planner.cost_per_classroom;
    let limits = Limits {
        gap: settings.gap,
        time_limit: Duration::from_secs_f64(settings.time_limit_s.clamp(0.1, 86_400.0)),
    };
    let (plan, _) = crate::plan::planner::suggest(engine, scenario)?;
    let greedy_actions: Vec<Action> =
        plan.actions[scenario.actions.len().min(plan.actions.len())..].to_vec();
    let fixed = start::Fixed::from_actions(&o, &inst, &built, &greedy_actions);
    let greedy_values = start::values(&built, &fixed, limits, cancel);
    // And the plan that changes nothing (seats short are its only cost),
    // which always meets the rules unless a pin closes a school: the
    // search always has a plan to return.
    let nothing = start::values(&built, &start::Fixed::nothing(&built), limits, cancel);
    let cost = |v: &Vec<f64>| built.model.objective(v);
    let first = [&greedy_values, &nothing]
        .into_iter()
        .flatten()
        .min_by(|a, b| cost(a).total_cmp(&cost(b)));
    // The search has what is left of the time limit.
    let left = Limits {
        time_limit: limits
            .time_limit
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(100)),
        ..limits
    };
    let solved = match solve::solve(&built.model, first.map(Vec::as_slice), left, cancel) {
        Ok(s) => s,
        Err(solve::SolveFailure::Infeasible) => {
            return Err(OptimiseError::Infeasible(diagnose(&o, &inst, &built)));
        }
        Err(solve::SolveFailure::NoPlanYet(Stop::Cancelled)) => {
            return Err(OptimiseError::Cancelled);
        }
        // The search found no plan of its own in time (a start it was given
        // may be refused on a rounding tolerance): the best start stands,
        // against the bound of the relaxation.
        Err(solve::SolveFailure::NoPlanYet(stop)) => match first {
            Some(values) => start::standing(
                &built.model,
                values,
                // What is left of the time limit, or a quarter of it.
                (
                    stop,
                    limits
                        .time_limit
                        .saturating_sub(started.elapsed())
                        .max(limits.time_limit / 4),
                ),
                started,
                cancel,
            ),
            None => return Err(OptimiseError::NoPlanYet),
        },
        Err(solve::SolveFailure::Solver(e)) => return Err(OptimiseError::Solver(e)),
    };
    if solved.stop == Stop::Cancelled {
        return Err(OptimiseError::Cancelled);
    }
    // Never worse than the start (microlp may refuse a start on a rounding
    // tolerance and end on a plan of its own that costs more).
    let solved = match first {
        Some(f) if cost(f) < solved.objective => {
            let objective = cost(f);
            solve::Solved {
                values: f.clone(),
                objective,
                gap: ((objective - solved.bound) / objective.abs().max(1e-9)).max(0.0),
                ..solved
            }
        }
        _ => solved,
    };
    let decisions = decisions::decisions(&o, &inst, &built, &solved.values, settings);
    let actions = decisions::actions(&o, &decisions);
    let model = &built.model;
    Ok(Optimised {
        objective: solved.objective,
        bound: solved.bound,
        gap: solved.gap,
        seconds: started.elapsed().as_secs_f64(),
        nodes: solved.nodes,
        stop: solved.stop,
        totals: decisions::totals(&built, &solved.values, settings, room),
        greedy: greedy_values.map(|v| decisions::totals(&built, &v, settings, room)),
        decisions,
        actions,
        seats_assumed: inst
            .nodes
            .iter()
            .zip(&built.seats_assumed)
            .filter(|(_, a)| **a)
            .map(|(n, _)| n.school)
            .collect(),
        without_coords: inst
            .nodes
            .iter()
            .map(|n| n.school)
            .filter(|&s| o.dataset.schools[s].coords.is_none())
            .collect(),
        variables: model.vars.len(),
        integers: model.vars.iter().filter(|v| v.integer).count(),
        rows: model.rows.len(),
        sites: built.sites.len(),
    })
}

/// Which constraint an infeasible model breaks, as far as can be told
/// without a solver's certificate: pins the rules forbid, then catchments
/// with nowhere to go.
fn diagnose(o: &Outcome, inst: &Instance, b: &Built) -> String {
    for (i, open) in b.open.iter().enumerate() {
        let closed = open.iter().any(|&v| b.model.vars[v].upper == 0.0);
        if closed {
            let reach = b
                .assign
                .iter()
                .any(|a| a.from == i && a.to != Target::Node(i));
            if !reach {
                return format!(
                    "{} must close but no school is within reach",
                    school_ref(o, inst.nodes[i].school)
                );
            }
        }
    }
    "a pin or the budget leaves some pupils without a seat within reach".into()
}
