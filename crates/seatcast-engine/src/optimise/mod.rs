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
pub mod instance;
pub mod model;
pub mod solve;

pub use decisions::{Decision, Sent, Totals};
pub use instance::{Instance, Link, Node};
pub use model::{Model, Row, Sense, Var};
pub use solve::{Limits, Solved, Stop};

use crate::grades::Level;
use crate::model::Coords;
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
    /// Its actions beyond the scenario's own.
    #[serde(skip)]
    pub greedy_actions: Vec<Action>,
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
    let greedy_values = greedy(&o, &inst, &built, &greedy_actions, limits, cancel);
    let solved = solve::solve(&built.model, greedy_values.as_deref(), limits, cancel).map_err(
        |f| match f {
            solve::SolveFailure::Infeasible => {
                OptimiseError::Infeasible(diagnose(&o, &inst, &built))
            }
            solve::SolveFailure::NoPlanYet(Stop::Cancelled) => OptimiseError::Cancelled,
            solve::SolveFailure::NoPlanYet(_) => OptimiseError::NoPlanYet,
            solve::SolveFailure::Solver(e) => OptimiseError::Solver(e),
        },
    )?;
    if solved.stop == Stop::Cancelled {
        return Err(OptimiseError::Cancelled);
    }
    let decisions = decisions::decisions(&o, &inst, &built, &solved.values, settings);
    let actions = decisions::actions(&o, &decisions);
    let model = &built.model;
    Ok(Optimised {
        objective: solved.objective,
        bound: solved.bound,
        gap: solved.gap,
        seconds: solved.seconds,
        nodes: solved.nodes,
        stop: solved.stop,
        totals: decisions::totals(&built, &solved.values, settings, room),
        greedy: greedy_values.map(|v| decisions::totals(&built, &v, settings, room)),
        greedy_actions,
        decisions,
        actions,
        variables: model.vars.len(),
        integers: model.vars.iter().filter(|v| v.integer).count(),
        rows: model.rows.len(),
        sites: built.sites.len(),
    })
}

/// The greedy plan's values in the model: its closures and classrooms
/// fixed, the best assignment of pupils for them. None where the greedy
/// plan breaks one of the model's rules.
fn greedy(
    o: &Outcome,
    inst: &Instance,
    b: &Built,
    actions: &[Action],
    limits: Limits,
    cancel: &AtomicBool,
) -> Option<Vec<f64>> {
    let node_of = |name: &str| {
        let s = o.dataset.school_index(name).or_else(|| {
            o.dataset
                .schools
                .iter()
                .position(|x| x.key().to_string() == name)
        })?;
        inst.nodes.iter().position(|n| n.school == s)
    };
    let period_of = |year: i32| {
        let h = (year - inst.base_year).max(1) as usize;
        b.periods
            .iter()
            .position(|p| p.first <= h && h <= p.last)
            .unwrap_or(0)
    };
    let np = b.periods.len();
    let mut closed_from = vec![np; inst.nodes.len()];
    let mut rooms = vec![vec![0.0; np]; inst.nodes.len()];
    for a in actions {
        match a {
            Action::Merge { year, school, .. } => {
                let i = node_of(school)?;
                closed_from[i] = closed_from[i].min(period_of(*year));
            }
            Action::Expand {
                year,
                school,
                classrooms,
                ..
            } => {
                let i = node_of(school)?;
                for r in rooms[i].iter_mut().skip(period_of(*year)) {
                    *r += classrooms;
                }
            }
            _ => return None,
        }
    }
    let mut m = b.model.clone();
    let mut fix = |v: usize, x: f64| {
        if let Some(var) = m.vars.get_mut(v) {
            var.lower = x;
            var.upper = x;
        }
    };
    for i in 0..inst.nodes.len() {
        for k in 0..np {
            fix(b.open[i][k], if k >= closed_from[i] { 0.0 } else { 1.0 });
            fix(b.rooms[i][k], rooms[i][k]);
        }
    }
    for c in 0..b.sites.len() {
        for k in 0..np {
            fix(b.site_open[c][k], 0.0);
            fix(b.site_rooms[c][k], 0.0);
        }
    }
    let s = solve::solve(&m, None, limits, cancel).ok()?;
    Some(s.values)
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
                    school_name(o, inst.nodes[i].school)
                );
            }
        }
    }
    "a pin or the budget leaves some pupils without a seat within reach".into()
}

/// A school's name as the planner knows it.
pub fn school_name(o: &Outcome, school: usize) -> String {
    school_ref(o, school)
}

/// The centre of some points of one kind (km or lon/lat).
pub fn centre(points: &[Coords]) -> Option<Coords> {
    let first = *points.first()?;
    let k = points.len() as f64;
    Some(match first {
        Coords::Km { .. } => {
            let (x, y) = points.iter().fold((0.0, 0.0), |(x, y), c| match c {
                Coords::Km { x: a, y: b } => (x + a, y + b),
                Coords::LonLat { .. } => (x, y),
            });
            Coords::Km { x: x / k, y: y / k }
        }
        Coords::LonLat { .. } => {
            let (x, y) = points.iter().fold((0.0, 0.0), |(x, y), c| match c {
                Coords::LonLat { lon, lat } => (x + lon, y + lat),
                Coords::Km { .. } => (x, y),
            });
            Coords::LonLat {
                lon: x / k,
                lat: y / k,
            }
        }
    })
}

/// The name of a new school proposed for an area.
pub fn site_name(area: &str) -> String {
    if area.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        format!("{area}新校")
    } else {
        format!("{area} new school")
    }
}
