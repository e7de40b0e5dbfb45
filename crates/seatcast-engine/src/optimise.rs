//! The layout optimiser (布局优化; docs/optimiser.md): the plan of
//! closures, classrooms and new schools that costs least over the horizon
//! for the current scenario's projected pupils, under the national rules
//! (service radii, grades 1–3 within 30 minutes, 大校额, 应留必留, 先建后撤)
//! and the planner's pins, with a proven bound on how far from the best it
//! can be.
//!
//! - `instance`: what the model reads from an outcome;
//! - `build`: the phased model;
//! - `model`: its neutral form, written as MPS for any solver;
//! - `solve`: microlp's branch and bound, with bound, gap, time limit
//!   and cancel;
//! - `decompose`: the model solved part by part where it falls apart
//!   once the county-wide rows are set aside, with a Lagrangian bound;
//! - `decisions`: the solution as decisions, actions and totals.

pub(crate) mod build;
pub(crate) mod decisions;
pub(crate) mod decompose;
pub(crate) mod evaluate;
pub(crate) mod inputs;
pub(crate) mod instance;
pub(crate) mod model;
pub(crate) mod receivers;
pub(crate) mod sensitivity;
pub(crate) mod solve;
pub(crate) mod start;

// The optimiser's settings live in the leaf below the stages.
pub use crate::settings::optimise::{
    AreaFactor, Buses, CandidateSite, DETOURS, OptimiseSettings, Pin,
};
pub use decisions::{Decision, Kept, Sent, Totals};
pub use instance::{Instance, Link, Node, Trip, UpLink};
pub use model::{Model, Row, Sense, Var};
pub use sensitivity::{Sensitivity, sensitivity};
pub use solve::{Limits, Solved, Stop, Watch};

use crate::error::EngineError;
use crate::grades::Level;
use crate::outcome::{Outcome, Outcomes};
use crate::plan::planner::school_ref;
use crate::scenario::Scenario;
use crate::settings::actions::Action;
use build::{Built, Target};
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Why the optimiser could not give a plan: a kind and the names it
/// concerns. Its `Display` is a code for logs and tests (`unknown_pin: X`);
/// the planner's words are the report layer's (`text::optimise::error_line`).
#[derive(Debug, thiserror::Error)]
pub enum OptimiseError {
    /// The scenario's outcome could not be worked out.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// A pin names no primary or junior school of the model: no school of
    /// the data, or one of another level or with no such pupils.
    #[error("unknown_pin: {school}")]
    UnknownPin {
        /// The school as the pin names it.
        school: String,
    },
    /// A school pinned to close and also to stay (kept, or not closed
    /// before a fall).
    #[error("pins_conflict: {school}")]
    PinsConflict {
        /// The school: its name, or its code where names repeat.
        school: String,
    },
    /// A school pinned to close that is not the bureau's (private or national).
    #[error("not_the_bureaus: {school}")]
    NotTheBureaus {
        /// The school: its name, or its code where names repeat.
        school: String,
    },
    /// A school pinned to close whose grade 1–3 pupils have no other school
    /// or site within 30 minutes (应留必留).
    #[error("close_breaks_day_rule: {school}")]
    CloseBreaksDayRule {
        /// The school: its name, or its code where names repeat.
        school: String,
    },
    /// A school pinned to close whose pupils of a level have no school or
    /// site within the level's radius.
    #[error("close_without_receiver: {school}, {level:?}")]
    CloseWithoutReceiver {
        /// The school: its name, or its code where names repeat.
        school: String,
        /// The level (primary or junior) with nowhere to go.
        level: Level,
    },
    /// No plan meets every constraint; why, as far as the model can tell.
    #[error("infeasible: {0:?}")]
    Infeasible(Infeasibility),
    /// The time limit ran out before the search found a plan, and no
    /// starting plan was found either.
    #[error("no_plan_yet")]
    NoPlanYet,
    /// The planner cancelled the search.
    #[error("cancelled")]
    Cancelled,
    /// The solver failed; its message.
    #[error("solver: {0}")]
    Solver(String),
}

/// Why no plan meets every constraint, as far as the model can tell (the
/// words layer says it in the planner's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Infeasibility {
    /// This school must close (pinned), and no school is within reach of
    /// its pupils.
    NoReceiver {
        /// The school: its name, or its code where names repeat.
        school: String,
    },
    /// A pin or the budget leaves some pupils without a seat within reach.
    PinOrBudget,
}

/// The optimiser's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Optimised {
    /// What the plan costs over the horizon, yuan: of what the plan decides (the
    /// costs no decision changes left out).
    pub objective: f64,
    /// The best proven lower bound on the objective, yuan; −∞ where none was proved.
    pub bound: f64,
    /// The relative gap, (objective − bound) / |objective|, at least 0 (0.01 is
    /// 1 %); 1 where there is no bound.
    pub gap: f64,
    /// Seconds the optimiser took, from the projection on (the instance, the
    /// starting plans, the search), before the engine's costing and the
    /// sensitivity check.
    pub seconds: f64,
    /// Branch-and-bound nodes the search solved.
    pub nodes: u64,
    /// Why the search stopped.
    #[serde(skip)]
    pub stop: Stop,
    /// The plan as decisions, by year (closures, downgrades, classrooms, new
    /// schools), then the small schools kept with why.
    pub decisions: Vec<Decision>,
    /// The plan as scenario actions with their years, new schools first.
    pub actions: Vec<Action>,
    /// The plan's totals under the model's objective.
    pub totals: Totals,
    /// The greedy suggestion under the same objective, where it meets the
    /// model's rules (it knows nothing of the 30-minute rule or 大校额).
    pub greedy: Option<Totals>,
    /// The plan that changes nothing under the same objective.
    pub unchanged: Option<Totals>,
    /// Schools whose seats are unknown: the plan neither charges a
    /// shortfall there nor sends pupils there; the planner should add their
    /// classrooms.
    pub seats_unknown: Vec<usize>,
    /// Schools whose seats are their classes in use × the standard class
    /// size (the files give classes, not classrooms): a floor.
    pub seats_from_classes: Vec<usize>,
    /// Schools that are not the bureau's (private; national unless the
    /// planner counts them): never closed, expanded or sent pupils.
    pub not_the_bureaus: Vec<usize>,
    /// Schools without coordinates: no link reaches them, so they neither
    /// close nor receive.
    pub without_coords: Vec<usize>,
    /// Levels of the data's schools the plan leaves out (kindergartens,
    /// senior high grades).
    pub levels_left_out: Vec<Level>,
    /// Every price the plan was costed at.
    pub prices: Vec<Price>,
    /// Townships left with one primary school of the bureau's at the end
    /// of the horizon (the rule keeps at least one): (township, school).
    pub last_schools: Vec<(String, usize)>,
    /// The plan's totals as the engine carries it out, year by year
    /// (`evaluate::evaluate`; None where not run).
    pub engine: Option<Totals>,
    /// The decisions that change with the value of families' time halved
    /// and doubled ([`optimise_checked`]; None where not run).
    pub sensitivity: Option<Sensitivity>,
    /// Variables in the model.
    pub variables: usize,
    /// Of them, integer (binary included).
    pub integers: usize,
    /// Rows (constraints) in the model.
    pub rows: usize,
    /// Candidate sites for a new school in the model.
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

/// One price of the objective, as the answer tables it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Price {
    /// Which price.
    pub what: PriceKind,
    /// The price, yuan; for the staffing figures (pupils per staff member, staff
    /// per class) the figure itself.
    pub yuan: f64,
    /// From a source (a norm, the county's files) rather than assumed.
    pub sourced: bool,
}

/// Which price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceKind {
    /// A classroom built (yuan a classroom).
    Classroom,
    /// A classroom's upkeep (yuan a year).
    ClassroomUpkeepYear,
    /// A new school besides its classrooms (yuan).
    NewSchool,
    /// A teacher's post (yuan a year).
    TeacherYear,
    /// A school's upkeep while open (yuan a year).
    SchoolUpkeepYear,
    /// The school bus (yuan a pupil-km, one way, a year).
    BusPupilKmYear,
    /// Families' time (yuan an hour of a pupil's trip).
    FamilyTimeHour,
    /// A seat short (yuan a year).
    SeatShortYear,
    /// Primary pupils per staff member (the teachers' norms; 19 by the 2014 norm).
    PupilsPerStaffPrimary,
    /// Junior pupils per staff member (the teachers' norms; 13.5 by the 2014 norm).
    PupilsPerStaffJunior,
    /// Staff per class where a school's classes need more than its pupils
    /// (the rural class–teacher ratio).
    StaffPerClass,
}

/// The answer with the seats short in each projected fall, schools summed,
/// with no action and with the optimised plan, as the engine projects them
/// (the model's periods are coarser than the engine's years).
#[derive(Debug, Clone)]
pub struct Report {
    /// The optimiser's answer.
    pub optimised: Optimised,
    /// (fall, seats short) with the scenario's own actions only.
    pub before: Vec<(i32, f64)>,
    /// (fall, seats short) with the optimised plan's actions added.
    pub after: Vec<(i32, f64)>,
}

impl Report {
    /// `scenario` is the one optimised (its own actions stay in both).
    pub fn of(
        engine: &dyn Outcomes,
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
pub fn model(engine: &dyn Outcomes, scenario: &Scenario) -> Result<Model, OptimiseError> {
    Ok(built(engine, scenario)?.model)
}

/// The model of a scenario with what its variables and rows mean (which
/// rows join the whole county, for `decompose`).
pub(crate) fn built(engine: &dyn Outcomes, scenario: &Scenario) -> Result<Built, OptimiseError> {
    let o = engine.outcome(scenario)?;
    let inst = Instance::of(&o);
    build::build(&o, &inst, &scenario.optimise)
}

/// Optimise the scenario's layout. `cancel` stops the search (the best plan
/// so far is returned only when a time limit stops it). The answer comes
/// within the time limit, counting the instance and the starting plans.
pub fn optimise(
    engine: &dyn Outcomes,
    scenario: &Scenario,
    cancel: &AtomicBool,
) -> Result<Optimised, OptimiseError> {
    optimise_with(engine, scenario, cancel, None).map(|(r, _, _)| r)
}

/// [`optimise`], with the scenario's outcome and the instance it read (so
/// that the engine's costing of the plan need not work them out again).
fn optimise_with(
    engine: &dyn Outcomes,
    scenario: &Scenario,
    cancel: &AtomicBool,
    watch: Option<solve::Watch<'_>>,
) -> Result<(Optimised, Outcome, Instance), OptimiseError> {
    let started = std::time::Instant::now();
    let settings = &scenario.optimise;
    let time_limit = Duration::from_secs_f64(settings.time_limit_s.clamp(0.1, 86_400.0));
    let left = || {
        time_limit
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(20))
    };
    // A cancel is seen between the stages too, not only in the search.
    let stop_if_cancelled = || match cancel.load(std::sync::atomic::Ordering::Relaxed) {
        true => Err(OptimiseError::Cancelled),
        false => Ok(()),
    };
    let o = engine.outcome(scenario)?;
    stop_if_cancelled()?;
    let inst = Instance::of(&o);
    stop_if_cancelled()?;
    let built = build::build(&o, &inst, settings)?;
    stop_if_cancelled()?;
    // Each start has at most a tenth of what is left.
    let start_limits = || Limits {
        gap: settings.gap,
        time_limit: left() / 10,
    };
    let (plan, _) = crate::plan::planner::suggest(engine, scenario)?;
    stop_if_cancelled()?;
    let greedy_actions: Vec<Action> =
        plan.actions[scenario.actions.len().min(plan.actions.len())..].to_vec();
    let fixed = start::Fixed::from_actions(&o, &inst, &built, &greedy_actions);
    let cap = settings.closures_per_year;
    let greedy_values = start::values(&built, &fixed, cap, start_limits(), cancel);
    // And the plan that changes nothing (seats short are its only cost),
    // which always meets the rules unless a pin closes a school: the
    // search always has a plan to return.
    let nothing = start::values(
        &built,
        &start::Fixed::nothing(&built),
        cap,
        start_limits(),
        cancel,
    );
    // Neither start found in its tenth (a large county's LP is slow): the
    // plan that changes nothing gets half of what is left, so that an
    // answer, with its bound, always comes back.
    let nothing = match (&greedy_values, nothing) {
        (None, None) => start::values(
            &built,
            &start::Fixed::nothing(&built),
            cap,
            Limits {
                gap: settings.gap,
                time_limit: left() / 2,
            },
            cancel,
        ),
        (_, n) => n,
    };
    let cost = |v: &Vec<f64>| built.model.objective(v);
    let first = [&greedy_values, &nothing]
        .into_iter()
        .flatten()
        .min_by(|a, b| cost(a).total_cmp(&cost(b)));
    // The search has what is left of the time limit.
    let limits = Limits {
        gap: settings.gap,
        time_limit: left(),
    };
    // Part by part where the county falls apart into parts (issue 41).
    let starts: Vec<&[f64]> = [&greedy_values, &nothing]
        .into_iter()
        .flatten()
        .map(Vec::as_slice)
        .collect();
    let solved =
        match decompose::solve(&built.model, &built.linking, &starts, limits, cancel, watch) {
            Ok(s) => s,
            Err(solve::SolveFailure::Infeasible) => {
                return Err(OptimiseError::Infeasible(diagnose(&o, &inst, &built)));
            }
            Err(solve::SolveFailure::NoPlanYet(Stop::Cancelled)) => {
                return Err(OptimiseError::Cancelled);
            }
            // The search found no plan of its own in time (a start it was given
            // may be refused on a rounding tolerance): the best start stands,
            // against the bound of the relaxation, within what is left.
            Err(solve::SolveFailure::NoPlanYet(stop)) => match first {
                Some(values) => {
                    start::standing(&built.model, values, (stop, left()), started, cancel)
                }
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
                gap: solve::gap(objective, solved.bound),
                ..solved
            }
        }
        _ => solved,
    };
    let decisions = decisions::decisions(&o, &inst, &built, &solved.values, settings);
    let actions = decisions::actions(&o, &decisions);
    let model = &built.model;
    let pick = |f: &dyn Fn(&Node) -> bool| -> Vec<usize> {
        inst.nodes
            .iter()
            .filter(|n| f(n))
            .map(|n| n.school)
            .collect()
    };
    let classes = crate::outcome::classes_in_use(&o.dataset);
    let r = Optimised {
        objective: solved.objective,
        bound: solved.bound,
        gap: solved.gap,
        seconds: started.elapsed().as_secs_f64(),
        nodes: solved.nodes,
        stop: solved.stop,
        totals: decisions::totals(&built, &solved.values),
        greedy: greedy_values.map(|v| decisions::totals(&built, &v)),
        unchanged: nothing.as_ref().map(|v| decisions::totals(&built, v)),
        decisions,
        actions,
        seats_unknown: pick(&|n| n.seats.is_none()),
        seats_from_classes: pick(&|n| {
            n.seats.is_some() && classes.get(n.school).is_some_and(Option::is_some)
        }),
        not_the_bureaus: pick(&|n| !n.runs),
        without_coords: pick(&|n| o.dataset.schools[n.school].coords.is_none()),
        levels_left_out: levels_left_out(&o),
        prices: prices(&built, &o),
        last_schools: last_schools(&o, &inst, &built, &solved.values),
        engine: None,
        sensitivity: None,
        variables: model.vars.len(),
        integers: model.vars.iter().filter(|v| v.integer).count(),
        rows: model.rows.len(),
        sites: built.sites.len(),
    };
    Ok((r, o, inst))
}

/// [`optimise`], then the plan costed again the engine's way
/// (`evaluate::evaluate`), then (where the settings ask, as by default) the
/// sensitivity check: the plan again with the value of families' time
/// halved and doubled, each within half the time limit.
pub fn optimise_checked(
    engine: &dyn Outcomes,
    scenario: &Scenario,
    cancel: &AtomicBool,
) -> Result<Optimised, OptimiseError> {
    optimise_watched(engine, scenario, cancel, None)
}

/// [`optimise_checked`], telling `watch` where the main search stands
/// after each slice (the best objective and the proven bound as they
/// improve; not the sensitivity runs').
pub fn optimise_watched(
    engine: &dyn Outcomes,
    scenario: &Scenario,
    cancel: &AtomicBool,
    watch: Option<solve::Watch<'_>>,
) -> Result<Optimised, OptimiseError> {
    let (mut r, before, inst) = optimise_with(engine, scenario, cancel, watch)?;
    r.engine = Some(evaluate::evaluate(engine, (scenario, &before, &inst), &r)?);
    let s = &scenario.optimise;
    if s.sensitivity && s.time_yuan_per_hour > 0.0 {
        let seconds = (s.time_limit_s / 2.0).max(0.1);
        r.sensitivity = Some(sensitivity(engine, scenario, &r, seconds, cancel)?);
    }
    Ok(r)
}

/// The townships whose bureau's primary schools the plan brings down to
/// one by the end of the horizon, with that school.
fn last_schools(o: &Outcome, inst: &Instance, b: &Built, values: &[f64]) -> Vec<(String, usize)> {
    let Some(last) = b.periods.len().checked_sub(1) else {
        return Vec::new();
    };
    let open = |i: usize| {
        values
            .get(b.open[i][last])
            .is_some_and(|v| v.round() == 1.0)
    };
    let closes = |i: usize| !open(i);
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut areas: Vec<&str> = inst
        .nodes
        .iter()
        .filter(|n| n.runs && n.teaches(0))
        .filter_map(|n| o.dataset.schools[n.school].area.as_deref())
        .collect();
    areas.sort_unstable();
    areas.dedup();
    for area in areas {
        let members: Vec<usize> = (0..inst.nodes.len())
            .filter(|&i| {
                let n = &inst.nodes[i];
                n.runs && n.teaches(0) && o.dataset.schools[n.school].area.as_deref() == Some(area)
            })
            .collect();
        let left: Vec<usize> = members.iter().copied().filter(|&i| open(i)).collect();
        if left.len() == 1 && members.iter().any(|&i| closes(i)) {
            out.push((area.to_string(), inst.nodes[left[0]].school));
        }
    }
    out
}

/// Kindergartens and senior high grades (of senior, complete and
/// twelve-year schools), where the data has them: the plan leaves them out.
fn levels_left_out(o: &Outcome) -> Vec<Level> {
    let mut out = Vec::new();
    for s in &o.dataset.schools {
        let left = match s.level {
            Level::Kindergarten => Level::Kindergarten,
            Level::Senior | Level::Complete | Level::TwelveYear => Level::Senior,
            _ => continue,
        };
        if !out.contains(&left) {
            out.push(left);
        }
    }
    out
}

/// The prices of the objective, each marked sourced or assumed.
fn prices(b: &Built, o: &Outcome) -> Vec<Price> {
    let p = &b.prices;
    let s = &o.scenario.optimise;
    let row = |what, yuan, sourced| Price {
        what,
        yuan,
        sourced,
    };
    vec![
        row(PriceKind::Classroom, p.room, false),
        row(PriceKind::ClassroomUpkeepYear, p.room_upkeep, false),
        row(PriceKind::NewSchool, p.new_school, false),
        row(PriceKind::TeacherYear, p.teacher, false),
        row(PriceKind::SchoolUpkeepYear, p.upkeep, false),
        row(PriceKind::BusPupilKmYear, p.bus_km, false),
        row(PriceKind::FamilyTimeHour, s.time_yuan_per_hour, false),
        row(PriceKind::SeatShortYear, p.short, false),
        // The 2014 staffing norms (中央编办发〔2014〕72号); the rural
        // class–teacher ratio is provincial, 1.7 an unsourced default
        // (docs/teachers.md).
        row(PriceKind::PupilsPerStaffPrimary, b.ratio[0], true),
        row(PriceKind::PupilsPerStaffJunior, b.ratio[1], true),
        row(PriceKind::StaffPerClass, b.per_class, false),
    ]
}

/// Which constraint an infeasible model breaks, as far as can be told
/// without a solver's certificate: pins the rules forbid, then catchments
/// with nowhere to go.
fn diagnose(o: &Outcome, inst: &Instance, b: &Built) -> Infeasibility {
    for (i, open) in b.open.iter().enumerate() {
        let closed = open.iter().any(|&v| b.model.vars[v].upper == 0.0);
        if closed {
            let reach = b
                .assign
                .iter()
                .any(|a| a.from == i && a.to != Target::Node(i));
            if !reach {
                return Infeasibility::NoReceiver {
                    school: school_ref(o, inst.nodes[i].school),
                };
            }
        }
    }
    Infeasibility::PinOrBudget
}
