//! Planning helpers on top of an outcome: which small schools could merge and
//! where ([`merge_candidates`]), how many classrooms end a shortfall
//! ([`expansions`]), a whole greedy plan ([`suggest`]), and the figures that
//! decide between plans ([`PlanFigures`](crate::outcome::PlanFigures), which the outcome
//! works out: `outcome::figures`).

use crate::error::EngineError;
use crate::grades::Level;
use crate::outcome::{Outcome, Outcomes};
use crate::outcome::{RowKind, SchoolYear};
use crate::plan::actions::{Action, Receiver};
use crate::plan::bureau;
use serde::Serialize;

// The planner's settings, as the scenario holds them: `settings::planner`.
pub use crate::settings::planner::{PlannerSettings, Radius};

/// A school that could take a candidate's pupils.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiverOption {
    /// The receiving school (dataset index).
    pub school: usize,
    /// How far it is from the candidate, km, as pupils travel under the settings;
    /// None where unknown (no coordinates).
    pub distance_km: Option<f64>,
    /// Whether `distance_km` is by road (a road extract was opened and a
    /// road joins them), else a straight line.
    pub by_road: bool,
    /// The fewest spare seats over the horizon after absorbing the candidate.
    pub spare_after: Option<f64>,
    /// Its highest utilisation over the horizon after absorbing the candidate.
    pub peak_use_after: Option<f64>,
    /// Enough spare seats in every year.
    pub fits: bool,
    /// Farther than the service radius.
    pub beyond_radius: bool,
}

/// A small or little-used school, with where its pupils could go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The school (dataset index).
    pub school: usize,
    /// Pupils in the base year.
    pub pupils: f64,
    /// Its fewest pupils in any projected year.
    pub fewest_pupils: f64,
    /// Its lowest utilisation (pupils ÷ seats) in any projected year; None where
    /// its seats are unknown.
    pub lowest_use: Option<f64>,
    /// Nearest first; at most [`RECEIVERS_SHOWN`].
    pub receivers: Vec<ReceiverOption>,
}

impl Candidate {
    /// The nearest receiver that fits and is within the radius.
    pub fn best(&self) -> Option<&ReceiverOption> {
        self.receivers.iter().find(|r| r.fits && !r.beyond_radius)
    }
}

/// Receivers listed per candidate.
pub const RECEIVERS_SHOWN: usize = 3;

/// The projected rows of a school, by year.
fn projected(o: &Outcome, school: usize) -> impl Iterator<Item = &SchoolYear> {
    o.school_rows(school)
        .iter()
        .filter(|r| r.kind == RowKind::Projected)
}

/// Whether a school can take every grade of another.
fn can_receive(o: &Outcome, receiver: usize, candidate: usize) -> bool {
    let (r, c) = (&o.dataset.schools[receiver], &o.dataset.schools[candidate]);
    c.span.grades().all(|g| r.span.contains(g))
}

/// Schools the plan already closes, or opens.
fn planned(o: &Outcome, school: usize) -> bool {
    let d = &o.dataset;
    let base = o.projection.base_year;
    o.plan.closed_by(school, base + o.projection.horizon as i32)
        || d.schools[school].opened.is_some_and(|y| y > base)
}

/// Demand a receiver gets from a candidate in each projected year, on top of its own.
fn absorb(o: &Outcome, receiver: usize, extra: &dyn Fn(i32) -> f64) -> (Option<f64>, Option<f64>) {
    let mut spare: Option<f64> = None;
    let mut peak: Option<f64> = None;
    for r in projected(o, receiver) {
        let Some(c) = r.capacity else { continue };
        let demand = r.demand + extra(r.year);
        let s = c - demand;
        spare = Some(spare.map_or(s, |x: f64| x.min(s)));
        if c > 0.0 {
            let u = demand / c;
            peak = Some(peak.map_or(u, |x: f64| x.max(u)));
        }
    }
    (spare, peak)
}

/// Schools sorted by an east–west position in km, to find the schools near
/// one without measuring the distance to every school.
struct ByX(Vec<(f64, usize)>);

fn east_km(c: crate::model::Coords) -> f64 {
    match c {
        crate::model::Coords::Km { x, .. } => x,
        crate::model::Coords::LonLat { lon, lat } => lon * 111.32 * lat.to_radians().cos(),
    }
}

impl ByX {
    fn new(d: &crate::model::Dataset) -> ByX {
        let mut v: Vec<(f64, usize)> = d
            .schools
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.coords.map(|c| (east_km(c), i)))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        ByX(v)
    }

    /// Schools that may lie within `reach` km of `school`: every school when
    /// it has no coordinates, else those within `reach` (plus a margin for
    /// lon/lat) east or west of it.
    fn near(&self, d: &crate::model::Dataset, school: usize, reach: f64) -> Vec<usize> {
        let Some(c) = d.schools[school].coords else {
            return (0..d.schools.len()).collect();
        };
        let x = east_km(c);
        let margin = reach * 1.25 + 1.0;
        let from = self.0.partition_point(|p| p.0 < x - margin);
        let to = self.0.partition_point(|p| p.0 <= x + margin);
        let mut out: Vec<usize> = self.0[from..to].iter().map(|p| p.1).collect();
        out.sort_unstable();
        out
    }
}

/// Merge candidates of an outcome, smallest first: the schools the plan
/// may close (`bureau::closable`: the county's, under the closure
/// threshold or allowed by the planner) that are small or little used.
/// Receivers are the county's schools (`bureau::runs`).
pub fn merge_candidates(o: &Outcome, settings: &PlannerSettings) -> Vec<Candidate> {
    let d = &o.dataset;
    let n = d.schools.len();
    let by_x = ByX::new(d);
    let rules = &o.scenario.optimise;
    let mut out = Vec::new();
    for s in 0..n {
        let school = &d.schools[s];
        if school.level == Level::Kindergarten || planned(o, s) || !bureau::closable(o, s, rules) {
            continue;
        }
        let rows: Vec<&SchoolYear> = projected(o, s).collect();
        if rows.is_empty() {
            continue;
        }
        let fewest = rows.iter().map(|r| r.demand).fold(f64::INFINITY, f64::min);
        let lowest_use = rows
            .iter()
            .filter_map(|r| r.utilisation)
            .fold(None, |m: Option<f64>, u| Some(m.map_or(u, |x| x.min(u))));
        let small = fewest < settings.small_pupils;
        let idle = lowest_use.is_some_and(|u| u < settings.low_utilisation);
        if !(small || idle) || fewest <= 0.0 {
            continue;
        }
        let own = |year: i32| {
            rows.iter()
                .find(|r| r.year == year)
                .map_or(0.0, |r| r.demand)
        };
        let radius = settings.radius_km(school.level);
        // Receivers within twice the bus radius (or, without coordinates, in the same area).
        let reach = 2.0
            * PlannerSettings {
                transport: true,
                ..*settings
            }
            .radius_km(school.level);
        let near = |r: usize| match school.coords.zip(d.schools[r].coords) {
            Some((a, b)) => a.distance_km(b).is_some_and(|k| k <= reach),
            None => school.area.is_some() && school.area == d.schools[r].area,
        };
        let mut receivers: Vec<ReceiverOption> = by_x
            .near(d, s, reach)
            .into_iter()
            .filter(|&r| r != s && near(r) && can_receive(o, r, s) && !planned(o, r))
            .filter(|&r| bureau::runs(o, r, rules) && projected(o, r).next().is_some())
            .map(|r| {
                let travel = d.travel_km(s, r, settings.mode());
                let distance_km = travel.map(|t| t.0);
                let (spare_after, peak_use_after) = absorb(o, r, &own);
                ReceiverOption {
                    school: r,
                    distance_km,
                    by_road: travel.is_some_and(|t| t.1),
                    spare_after,
                    peak_use_after,
                    fits: spare_after.is_some_and(|x| x >= 0.0),
                    beyond_radius: distance_km.is_none_or(|k| k > radius),
                }
            })
            .collect();
        receivers.sort_by(|a, b| {
            let key = |r: &ReceiverOption| (!r.fits, r.distance_km.unwrap_or(f64::INFINITY));
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        });
        receivers.truncate(RECEIVERS_SHOWN);
        out.push(Candidate {
            school: s,
            pupils: o.projection.total(s, 0),
            fewest_pupils: fewest,
            lowest_use,
            receivers,
        });
    }
    out.sort_by(|a, b| a.pupils.total_cmp(&b.pupils));
    out
}

/// How an action names a school: its name when no other school has it
/// (readable files), else its code.
pub fn school_ref(o: &Outcome, school: usize) -> String {
    let d = &o.dataset;
    let s = &d.schools[school];
    let unique = d.schools.iter().filter(|x| x.name == s.name).count() == 1;
    if unique && d.school_index(&s.name) == Some(school) {
        s.name.clone()
    } else {
        s.key().to_string()
    }
}

/// The merge action for a candidate into one receiver, from the first projected fall.
pub fn merge_action(o: &Outcome, candidate: usize, receiver: usize) -> Action {
    Action::Merge {
        year: o.projection.base_year + 1,
        school: school_ref(o, candidate),
        into: vec![Receiver {
            school: school_ref(o, receiver),
            share: 1.0,
            grades: None,
        }],
    }
}

/// Classrooms that end one school's shortfall over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expansion {
    /// The school (dataset index).
    pub school: usize,
    /// First projected fall with a shortfall: the classrooms are needed by then.
    pub year: i32,
    /// Its largest shortfall over the projected years, seats.
    pub worst_shortfall: f64,
    /// Classrooms that end it: the worst shortfall ÷ the seats a classroom adds,
    /// rounded up.
    pub classrooms: f64,
    /// Their cost, yuan, at the planner's price of a classroom.
    pub cost: f64,
}

/// For every school of the bureau's (`bureau::runs`) short of seats in
/// some projected year: the fewest classrooms (each worth its standard class size) that end the shortfall.
pub fn expansions(o: &Outcome, settings: &PlannerSettings) -> Vec<Expansion> {
    let d = &o.dataset;
    let sizes = &o.scenario.class_sizes;
    let mut out = Vec::new();
    for s in 0..d.schools.len() {
        // Private schools are not the bureau's to expand.
        if !bureau::runs(o, s, &o.scenario.optimise) {
            continue;
        }
        let short: Vec<&SchoolYear> = projected(o, s).filter(|r| r.shortfall > 0.0).collect();
        let Some(first) = short.first() else { continue };
        let worst = short.iter().map(|r| r.shortfall).fold(0.0, f64::max);
        let per_room =
            crate::outcome::seats_per_room(&d.schools[s], d.grade_system, sizes).max(1.0);
        let classrooms = (worst / per_room).ceil();
        out.push(Expansion {
            school: s,
            year: first.year,
            worst_shortfall: worst,
            classrooms,
            cost: classrooms * settings.cost_per_classroom,
        });
    }
    out.sort_by(|a, b| b.worst_shortfall.total_cmp(&a.worst_shortfall));
    out
}

/// The expansion as an action.
pub fn expand_action(o: &Outcome, e: &Expansion) -> Action {
    Action::Expand {
        year: e.year,
        school: school_ref(o, e.school),
        classrooms: e.classrooms,
        seats: 0.0,
    }
}

/// Greedy merges: each candidate, smallest first, into the nearest receiver
/// within the radius that still has room for it after the merges before it.
pub fn greedy_merges(o: &Outcome, settings: &PlannerSettings) -> Vec<Action> {
    let candidates = merge_candidates(o, settings);
    let d = &o.dataset;
    let n = d.schools.len();
    let base = o.projection.base_year;
    let horizon = o.projection.horizon;
    // Extra demand each school has taken on, by projected year.
    let mut extra = vec![vec![0.0; horizon + 1]; n];
    let mut closed = vec![false; n];
    let mut receiving = vec![false; n];
    let by_x = ByX::new(d);
    let mut is_candidate = vec![false; n];
    for c in &candidates {
        is_candidate[c.school] = true;
    }
    let mut actions = Vec::new();
    for c in &candidates {
        if receiving[c.school] {
            continue;
        }
        let radius = settings.radius_km(d.schools[c.school].level);
        let own: Vec<f64> = (0..=horizon)
            .map(|h| {
                let year = base + h as i32;
                projected(o, c.school)
                    .find(|r| r.year == year)
                    .map_or(0.0, |r| r.demand)
                    + extra[c.school][h]
            })
            .collect();
        let mut options: Vec<(usize, f64)> = by_x
            .near(d, c.school, radius)
            .into_iter()
            .filter(|&r| r != c.school && !closed[r] && can_receive(o, r, c.school))
            .filter(|&r| !planned(o, r) && projected(o, r).next().is_some())
            .filter(|&r| bureau::runs(o, r, &o.scenario.optimise))
            .filter_map(|r| {
                let k = d.travel_km(c.school, r, settings.mode())?.0;
                (k <= radius).then_some((r, k))
            })
            .collect();
        // Schools that are not candidates themselves first, then the nearest.
        options.sort_by(|a, b| {
            is_candidate[a.0]
                .cmp(&is_candidate[b.0])
                .then(a.1.total_cmp(&b.1))
        });
        let fits = |r: usize| {
            projected(o, r).all(|row| {
                let h = (row.year - base) as usize;
                row.capacity.is_some_and(|cap| {
                    row.demand + extra[r].get(h).copied().unwrap_or(0.0) + own[h.min(horizon)]
                        <= cap
                })
            })
        };
        if let Some(&(r, _)) = options.iter().find(|(r, _)| fits(*r)) {
            for h in 0..=horizon {
                extra[r][h] += own[h];
            }
            closed[c.school] = true;
            receiving[r] = true;
            actions.push(merge_action(o, c.school, r));
        }
    }
    actions
}

/// The greedy suggestion: the scenario's own actions, then feasible merges,
/// then the classrooms that end every remaining shortfall. Also returns the
/// scenario's own outcome, which the suggestion starts from.
pub fn suggest(
    engine: &dyn Outcomes,
    scenario: &crate::scenario::Scenario,
) -> Result<(crate::scenario::Scenario, Outcome), EngineError> {
    let settings = scenario.planner;
    let before = engine.outcome(scenario)?;
    let mut plan = scenario.clone();
    plan.actions.extend(greedy_merges(&before, &settings));
    let merged = engine.outcome(&plan)?;
    let expand: Vec<Action> = expansions(&merged, &settings)
        .iter()
        .map(|e| expand_action(&merged, e))
        .collect();
    plan.actions.extend(expand);
    Ok((plan, before))
}
