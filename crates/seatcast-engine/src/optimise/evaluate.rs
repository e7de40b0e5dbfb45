//! The optimiser's plan costed again the engine's way, year by year, on the
//! pupils the engine projects once the plan's actions are carried out: the
//! check that the model meant what the engine does. The answer shows both.
//!
//! Each projected fall: every open school's upkeep, the staff its classes
//! need beyond its pupils at the ratio (a class per grade it taught in the
//! first projected fall, or per grade a new school teaches), its added
//! classrooms' upkeep; the trips of every pupil a merge moved (the pupils
//! the closed school would have had, by its receivers' shares, at the
//! trip's bus price and families' time) and of a new school's pupils (at
//! the mean trip the model gave them); the seats short at primary and
//! junior schools. Construction is the plan's classrooms and new schools.

use super::build::Prices;
use super::decisions::{Decision, Totals};
use super::inputs;
use super::instance::{Instance, pupils_by_level as by_level};
use super::{Optimised, short_by_year};
use crate::error::EngineError;
use crate::outcome::{Outcome, Outcomes};
use crate::scenario::Scenario;

/// The plan's totals as the engine carries it out: `before` is the
/// scenario's outcome and `inst` the instance the plan was made on.
pub fn evaluate(
    engine: &dyn Outcomes,
    (scenario, before, inst): (&Scenario, &Outcome, &Instance),
    r: &Optimised,
) -> Result<Totals, EngineError> {
    let after = engine.outcome(&r.scenario(scenario))?;
    let settings = &scenario.optimise;
    let pr = Prices::of(before, settings);
    let costs = inputs::costs(before, inst);
    let (ratio, per_class) = (costs.ratio, costs.per_class);
    let (base, horizon) = (before.projection.base_year, before.projection.horizon);
    let mut t = Totals::default();
    // Staff beyond the ratio, upkeep and classrooms' upkeep, school by
    // school and year by year.
    let beyond = |p: [f64; 2], classes: f64| {
        (per_class * classes - p[0] / ratio[0] - p[1] / ratio[1]).max(0.0)
    };
    let rooms_by = |school: usize, year: i32| -> f64 {
        r.decisions
            .iter()
            .filter_map(|d| match d {
                Decision::Expand {
                    year: y,
                    school: s,
                    classrooms,
                    ..
                } if *s == school && *y <= year => Some(*classrooms),
                _ => None,
            })
            .sum()
    };
    // Schools made 教学点: from when (they no longer teach grades 4–6).
    let downgraded: Vec<(usize, i32)> = r
        .decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Downgrade { school, year, .. } => Some((*school, *year)),
            _ => None,
        })
        .collect();
    for h in 1..=horizon {
        let year = base + h as i32;
        for n in &inst.nodes {
            if after.plan.closed_by(n.school, year) {
                continue;
            }
            let down = downgraded.iter().any(|&(s, y)| s == n.school && y <= year);
            let dropped = if down { n.upper_grades } else { 0 };
            let classes = (n.grades_taught[0] + n.grades_taught[1]).saturating_sub(dropped) as f64;
            t.running_yuan +=
                pr.upkeep + pr.teacher * beyond(by_level(&after, n.school, h), classes);
            t.running_yuan += pr.room_upkeep * rooms_by(n.school, year);
        }
    }
    for d in &r.decisions {
        match d {
            Decision::Close {
                school, year, to, ..
            } => {
                let p = |h: usize| {
                    let p = by_level(before, *school, h);
                    p[0] + p[1]
                };
                moved(
                    &mut t,
                    (&pr, settings.boarding_yuan),
                    to,
                    (*year, base, horizon),
                    &p,
                );
                t.closed += 1;
            }
            Decision::Downgrade {
                school, year, to, ..
            } => {
                // The grade 4–6 pupils it would have had.
                let node = inst.nodes.iter().find(|n| n.school == *school);
                let upper = |h: usize| {
                    node.and_then(|n| n.upper.get(h - 1).copied())
                        .unwrap_or(0.0)
                };
                moved(
                    &mut t,
                    (&pr, settings.boarding_yuan),
                    to,
                    (*year, base, horizon),
                    &upper,
                );
            }
            Decision::Expand {
                classrooms, cost, ..
            } => {
                t.construction_yuan += cost;
                t.classrooms += classrooms;
            }
            Decision::Open {
                name,
                year,
                classrooms,
                cost,
                bus_per_pupil,
                time_per_pupil,
                ..
            } => {
                t.construction_yuan += cost;
                t.classrooms += classrooms;
                t.opened += 1;
                let Some(s) = after.dataset.school_index(name) else {
                    continue;
                };
                let span = after.dataset.schools[s].span;
                let classes = f64::from((span.hi.0 - span.lo.0 + 1).max(1));
                for h in 1..=horizon {
                    if base + (h as i32) < *year {
                        continue;
                    }
                    let p = by_level(&after, s, h);
                    t.running_yuan +=
                        pr.upkeep + pr.teacher * beyond(p, classes) + pr.room_upkeep * classrooms;
                    // The model's trips, per pupil.
                    t.travel_yuan += (p[0] + p[1]) * bus_per_pupil;
                    t.time_yuan += (p[0] + p[1]) * time_per_pupil;
                }
            }
            Decision::Kept { .. } => {}
        }
    }
    t.expanded = expanded(r);
    // Seats short at the planned levels, the engine's.
    t.seat_years_short = short_by_year(&after).iter().map(|(_, s)| s).sum();
    t.short_yuan = t.seat_years_short * pr.short;
    t.objective = t.construction_yuan
        + t.running_yuan
        + (t.travel_yuan + t.time_yuan + t.boarding_yuan) * pr.travel_weight
        + t.short_yuan;
    Ok(t)
}

/// The trips (or boarding) of pupils a closure or downgrade moves from
/// `year` on: `pupils(h)` those the school would have had in year `h`,
/// split by the receivers' shares.
fn moved(
    t: &mut Totals,
    (pr, boarding): (&Prices, f64),
    to: &[super::Sent],
    (year, base, horizon): (i32, i32, usize),
    pupils: &dyn Fn(usize) -> f64,
) {
    let total: f64 = to.iter().map(|s| s.pupils).sum::<f64>().max(1e-9);
    for h in 1..=horizon {
        if base + (h as i32) < year {
            continue;
        }
        for sent in to {
            let moved = pupils(h) * sent.pupils / total;
            t.pupil_km_years += moved * sent.km;
            if sent.boarding {
                t.boarding_yuan += moved * boarding;
            } else {
                let (bus, time) = pr.trip(sent.km, sent.bus, sent.minutes);
                t.travel_yuan += moved * bus;
                t.time_yuan += moved * time;
            }
        }
    }
}

/// The schools the plan adds classrooms to.
fn expanded(r: &Optimised) -> usize {
    r.decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Expand { school, .. } => Some(*school),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}
