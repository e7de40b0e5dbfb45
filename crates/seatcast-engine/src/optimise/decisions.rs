//! A solution read back as the planner's decisions (each with the figures
//! its one-line explanation needs), as scenario actions with years, and as
//! the totals that compare plans under the model's objective.

use super::build::{Built, Target};
use super::instance::Instance;
use crate::Outcome;
use crate::plan::planner::school_ref;
use crate::settings::actions::{Action, Receiver};
use crate::settings::optimise::OptimiseSettings;
use serde::Serialize;

/// Where a closing school's pupils go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sent {
    /// A school of the dataset, or a new school (by its site's name).
    pub school: Option<usize>,
    pub new_school: Option<String>,
    pub pupils: f64,
    pub km: f64,
    pub minutes: f64,
}

/// One decision of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// Close `school` in the fall of `year`; its pupils go to `to`.
    Close {
        school: usize,
        year: i32,
        pupils: f64,
        to: Vec<Sent>,
        /// What keeping it open cost a year (staff its size forces beyond
        /// the ratio, and upkeep).
        saving_per_year: f64,
    },
    /// Add classrooms, ready by the fall of `year`.
    Expand {
        school: usize,
        year: i32,
        classrooms: f64,
        cost: f64,
    },
    /// Open a new school at a candidate site.
    Open {
        name: String,
        area: Option<String>,
        coords: crate::model::Coords,
        year: i32,
        classrooms: f64,
        pupils: f64,
        from: Vec<usize>,
        cost: f64,
    },
    /// Kept open by 应留必留: its grade 1–3 pupils have no other school
    /// within 30 minutes. Listed for small schools only.
    KeptByRule { school: usize, pupils: f64 },
}

/// A plan's totals under the model's objective.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Totals {
    /// The objective, yuan over the horizon.
    pub objective: f64,
    pub construction_yuan: f64,
    pub running_yuan: f64,
    pub travel_yuan: f64,
    pub short_yuan: f64,
    pub seat_years_short: f64,
    /// Pupil-km (one way, per school day) summed over the years.
    pub pupil_km_years: f64,
    pub closed: usize,
    pub opened: usize,
    pub expanded: usize,
    pub classrooms: f64,
}

/// The totals of a solution.
pub fn totals(b: &Built, values: &[f64], settings: &OptimiseSettings, room_yuan: f64) -> Totals {
    let v = |i: usize| values.get(i).copied().unwrap_or(0.0);
    let Some(last) = b.periods.len().checked_sub(1) else {
        return Totals::default();
    };
    let mut t = Totals {
        construction_yuan: b.construction(&v, settings, room_yuan),
        ..Totals::default()
    };
    let room_upkeep = room_yuan * settings.room_upkeep_share;
    for (i, open) in b.open.iter().enumerate() {
        for (k, p) in b.periods.iter().enumerate() {
            t.running_yuan += v(open[k]).round() * p.years() * b.running[i];
            t.running_yuan += v(b.rooms[i][k]).round() * p.years() * room_upkeep;
            let s = v(b.short[i][k]);
            t.seat_years_short += s * p.years();
        }
        if v(open[last]).round() == 0.0 {
            t.closed += 1;
        }
        let rooms = v(b.rooms[i][last]).round();
        if rooms > 0.0 {
            t.expanded += 1;
            t.classrooms += rooms;
        }
    }
    for (c, open) in b.site_open.iter().enumerate() {
        for (k, p) in b.periods.iter().enumerate() {
            t.running_yuan += v(open[k]).round() * p.years() * b.site_running;
            t.running_yuan += v(b.site_rooms[c][k]).round() * p.years() * room_upkeep;
        }
        if v(open[last]).round() == 1.0 {
            t.opened += 1;
            t.classrooms += v(b.site_rooms[c][last]).round();
        }
    }
    t.short_yuan = t.seat_years_short * settings.short_yuan;
    for a in &b.assign {
        let x = v(a.var);
        if x > 1e-9 && a.km > 0.0 {
            let pk = x * b.pupil_years[a.from][a.period][a.level] * a.km;
            t.pupil_km_years += pk;
            t.travel_yuan += pk * settings.travel_yuan_per_pupil_km;
        }
    }
    t.objective = t.construction_yuan
        + t.running_yuan
        + t.travel_yuan * settings.travel_weight
        + t.short_yuan;
    t
}

/// The decisions of a solution, in the order of their years.
pub fn decisions(
    o: &Outcome,
    inst: &Instance,
    b: &Built,
    values: &[f64],
    settings: &OptimiseSettings,
) -> Vec<Decision> {
    let v = |i: usize| values.get(i).copied().unwrap_or(0.0);
    let year_of = |k: usize| inst.base_year + b.periods[k].first as i32;
    let room_yuan = o.scenario.planner.cost_per_classroom;
    let mut out = Vec::new();
    for (i, node) in inst.nodes.iter().enumerate() {
        let open = &b.open[i];
        if let Some(k) = (0..b.periods.len()).find(|&k| v(open[k]).round() == 0.0) {
            let mut to: Vec<Sent> = Vec::new();
            for a in b.assign.iter().filter(|a| a.from == i && a.period == k) {
                let x = v(a.var);
                if x < 1e-6 || a.to == Target::Node(i) {
                    continue;
                }
                let pupils = x * b.peak[i][k][a.level];
                let (school, new_school) = match a.to {
                    Target::Node(j) => (Some(inst.nodes[j].school), None),
                    Target::Site(c) => (None, Some(b.sites[c].name.clone())),
                };
                match to
                    .iter_mut()
                    .find(|s| s.school == school && s.new_school == new_school)
                {
                    Some(s) => s.pupils += pupils,
                    None => to.push(Sent {
                        school,
                        new_school,
                        pupils,
                        km: a.km,
                        minutes: a.minutes,
                    }),
                }
            }
            to.sort_by(|a, b| b.pupils.total_cmp(&a.pupils));
            out.push(Decision::Close {
                school: node.school,
                year: year_of(k),
                pupils: b.peak[i][k][0] + b.peak[i][k][1],
                to,
                saving_per_year: b.running[i],
            });
        }
        let mut before = 0.0;
        for (k, &r) in b.rooms[i].iter().enumerate() {
            let now = v(r).round();
            if now > before {
                out.push(Decision::Expand {
                    school: node.school,
                    year: year_of(k),
                    classrooms: now - before,
                    cost: (now - before) * room_yuan,
                });
                before = now;
            }
        }
        let small = o.scenario.planner.small_pupils;
        let pupils = b.peak[i].first().map_or(0.0, |p| p[0] + p[1]);
        if b.kept_by_rule[i] && pupils < small {
            out.push(Decision::KeptByRule {
                school: node.school,
                pupils,
            });
        }
    }
    let last = b.periods.len().saturating_sub(1);
    for (c, site) in b.sites.iter().enumerate() {
        let Some(k) = (0..b.periods.len()).find(|&k| v(b.site_open[c][k]).round() == 1.0) else {
            continue;
        };
        let mut from: Vec<usize> = Vec::new();
        let mut pupils = 0.0;
        for a in b
            .assign
            .iter()
            .filter(|a| a.to == Target::Site(c) && a.period == k)
        {
            let x = v(a.var);
            if x > 1e-6 {
                pupils += x * b.peak[a.from][k][a.level];
                let s = inst.nodes[a.from].school;
                if !from.contains(&s) {
                    from.push(s);
                }
            }
        }
        let classrooms = v(b.site_rooms[c][last]).round();
        out.push(Decision::Open {
            name: site.name.clone(),
            area: site.area.clone(),
            coords: site.coords,
            year: year_of(k),
            classrooms,
            pupils,
            from,
            cost: settings.new_school_yuan + classrooms * room_yuan,
        });
    }
    out.sort_by_key(|d| match d {
        Decision::Close { year, .. }
        | Decision::Expand { year, .. }
        | Decision::Open { year, .. } => *year,
        Decision::KeptByRule { .. } => i32::MAX,
    });
    out
}

/// The decisions as scenario actions with their years. New schools come
/// first, so that merges into them resolve.
pub fn actions(o: &Outcome, decisions: &[Decision]) -> Vec<Action> {
    let d = &o.dataset;
    let mut out = Vec::new();
    for dec in decisions {
        if let Decision::Open {
            name,
            area,
            coords,
            year,
            classrooms,
            pupils,
            from,
            ..
        } = dec
        {
            // The share of the area's pupils (of the donors' levels) it takes.
            let donors_total: f64 = from
                .iter()
                .filter_map(|&s| {
                    o.school_rows(s)
                        .iter()
                        .find(|r| r.year == *year)
                        .map(|r| r.demand)
                })
                .sum();
            let share = if donors_total > 0.0 {
                (pupils / donors_total).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let junior = d.grade_system.span_of(crate::grades::Level::Junior);
            let primary = d.grade_system.span_of(crate::grades::Level::Primary);
            let junior_only = from.iter().all(|&s| d.schools[s].span.lo >= junior.lo);
            let span = if junior_only { junior } else { primary };
            out.push(Action::Open {
                year: *year,
                name: name.clone(),
                area: area.clone(),
                coords: Some(*coords),
                grades: [span.lo.0, span.hi.0],
                classrooms: *classrooms,
                seats: 0.0,
                entry_share: share,
                from: from.iter().map(|&s| school_ref(o, s)).collect(),
            });
        }
    }
    for dec in decisions {
        match dec {
            Decision::Close {
                school, year, to, ..
            } if !to.is_empty() => {
                let total: f64 = to.iter().map(|s| s.pupils).sum::<f64>().max(1e-9);
                out.push(Action::Merge {
                    year: *year,
                    school: school_ref(o, *school),
                    into: to
                        .iter()
                        .map(|s| Receiver {
                            school: match (s.school, &s.new_school) {
                                (Some(j), _) => school_ref(o, j),
                                (None, Some(name)) => name.clone(),
                                (None, None) => String::new(),
                            },
                            share: s.pupils / total,
                        })
                        .collect(),
                });
            }
            Decision::Expand {
                school,
                year,
                classrooms,
                ..
            } => out.push(Action::Expand {
                year: *year,
                school: school_ref(o, *school),
                classrooms: *classrooms,
                seats: 0.0,
            }),
            _ => {}
        }
    }
    out
}
