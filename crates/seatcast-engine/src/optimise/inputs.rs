//! What the model's rows read, worked out from the instance before any
//! variable exists: the periods, the candidate sites for new schools, each
//! school's demand by period (its worst year, its pupil-years, its share
//! of grade 1–3 pupils), its seats and yearly running cost, and what fixes
//! whether it may close (pins, 应留必留, nowhere else to go).

use super::OptimiseError;
use super::instance::{DAY_PUPIL_MINUTES, Instance, LEVELS};
use crate::Outcome;
use crate::model::Coords;
use crate::settings::optimise::{OptimiseSettings, Pin};

/// Years `first..=last` after the base year (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: usize,
    pub last: usize,
}

impl Period {
    pub fn years(&self) -> f64 {
        (self.last + 1 - self.first) as f64
    }
}

/// The periods of a horizon: each ends at one of `ends` (within the
/// horizon), and the last at the horizon.
pub fn periods(horizon: usize, ends: &[usize]) -> Vec<Period> {
    let mut cut: Vec<usize> = ends
        .iter()
        .copied()
        .filter(|&e| e >= 1 && e < horizon)
        .collect();
    cut.push(horizon);
    cut.sort_unstable();
    cut.dedup();
    let mut first = 1;
    let mut out = Vec::new();
    for last in cut {
        if last >= first {
            out.push(Period { first, last });
            first = last + 1;
        }
    }
    out
}

/// A place a new school could open.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub name: String,
    pub area: Option<String>,
    pub coords: Coords,
    /// Catchments (nodes) within reach, straight line.
    pub reach: Vec<Reach>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    pub node: usize,
    pub km: f64,
    pub minutes: f64,
    pub within_radius: [bool; 2],
    pub day_school: bool,
}

/// The candidate sites: the planner's own, then (where new schools are
/// allowed) each area's centre: the mean position of its schools, where it
/// has two or more with coordinates.
pub fn sites(o: &Outcome, inst: &Instance, settings: &OptimiseSettings) -> Vec<Site> {
    if !settings.open_new {
        return Vec::new();
    }
    let d = &o.dataset;
    let planner = &o.scenario.planner;
    let mut places: Vec<(String, Option<String>, Coords)> = settings
        .sites
        .iter()
        .map(|s| (s.name.clone(), s.area.clone(), s.coords))
        .collect();
    let mut areas: Vec<String> = inst
        .nodes
        .iter()
        .filter_map(|n| d.schools[n.school].area.clone())
        .collect();
    areas.sort();
    areas.dedup();
    for area in areas {
        let points: Vec<Coords> = inst
            .nodes
            .iter()
            .filter(|n| d.schools[n.school].area.as_deref() == Some(area.as_str()))
            .filter_map(|n| d.schools[n.school].coords)
            .collect();
        if points.len() < 2 {
            continue;
        }
        let Some(centre) = centre(&points) else {
            continue;
        };
        places.push((site_name(&area), Some(area), centre));
    }
    places
        .into_iter()
        .map(|(name, area, coords)| {
            // By road where an extract is loaded, else in a straight line.
            let travel = d.travel_from(coords, planner.mode());
            let reach = inst
                .nodes
                .iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let (km, _) = travel.get(n.school).copied().flatten()?;
                    let within_radius = LEVELS.map(|l| km <= planner.radius_km(l));
                    let minutes = planner.minutes(km);
                    (within_radius[0] || within_radius[1]).then_some(Reach {
                        node: i,
                        km,
                        minutes,
                        within_radius,
                        day_school: minutes <= DAY_PUPIL_MINUTES,
                    })
                })
                .collect();
            Site {
                name,
                area,
                coords,
                reach,
            }
        })
        .collect()
}

/// Per node, period and level: the period's worst-year pupils, its
/// pupil-years, and (primary) the largest share of grades 1–3.
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    pub peak: Vec<Vec<[f64; 2]>>,
    pub pupil_years: Vec<Vec<[f64; 2]>>,
    pub early_share: Vec<Vec<f64>>,
}

pub fn demand(inst: &Instance, periods: &[Period]) -> Demand {
    let (n, np) = (inst.nodes.len(), periods.len());
    // The period's worst year and its pupil-years, per node and level.
    let mut peak = vec![vec![[0.0; 2]; np]; n];
    let mut pupil_years = vec![vec![[0.0; 2]; np]; n];
    let mut early_share = vec![vec![0.0f64; np]; n];
    for (i, node) in inst.nodes.iter().enumerate() {
        for (k, p) in periods.iter().enumerate() {
            for h in p.first..=p.last {
                let Some(v) = node.pupils.get(h - 1) else {
                    continue;
                };
                for l in 0..2 {
                    peak[i][k][l] = f64::max(peak[i][k][l], v[l]);
                    pupil_years[i][k][l] += v[l];
                }
                let e = node.early.get(h - 1).copied().unwrap_or(0.0);
                if v[0] > 0.0 {
                    early_share[i][k] = early_share[i][k].max((e / v[0]).min(1.0));
                }
            }
        }
    }

    Demand {
        peak,
        pupil_years,
        early_share,
    }
}

/// Per node: seats per added classroom, seats (assumed from its pupils in
/// whole classes where unknown), whether assumed, and the yearly cost of
/// keeping it open.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    pub per_room: Vec<f64>,
    pub seats: Vec<f64>,
    pub seats_assumed: Vec<bool>,
    pub running: Vec<f64>,
}

pub fn costs(o: &Outcome, inst: &Instance, settings: &OptimiseSettings, demand: &Demand) -> Costs {
    let (d, sc, n) = (&o.dataset, &o.scenario, inst.nodes.len());
    let staffing = sc.teachers.norms.clone().unwrap_or_default().staffing;
    let peak = &demand.peak;
    let mut per_room = Vec::with_capacity(n);
    let mut seats = Vec::with_capacity(n);
    let mut seats_assumed = Vec::with_capacity(n);
    let mut running = Vec::with_capacity(n);
    for (i, node) in inst.nodes.iter().enumerate() {
        let school = &d.schools[node.school];
        let pr = crate::outcome::seats_per_room(school, d.grade_system, &sc.class_sizes).max(1.0);
        per_room.push(pr);
        let first = peak[i].first().copied().unwrap_or([0.0; 2]);
        match node.seats {
            Some(s) => {
                seats.push(s);
                seats_assumed.push(false);
            }
            None => {
                seats.push(((first[0] + first[1]) / pr).ceil() * pr);
                seats_assumed.push(true);
            }
        }
        // Staff its size forces beyond the pupil-teacher ratio (a class
        // per grade at the rural class-teacher ratio), and upkeep.
        let by_classes = node.grades_taught as f64 * staffing.class_teacher_ratio.value;
        let by_ratio =
            first[0] / staffing.primary.value.max(1.0) + first[1] / staffing.junior.value.max(1.0);
        running
            .push((by_classes - by_ratio).max(0.0) * settings.teacher_yuan + settings.upkeep_yuan);
    }
    Costs {
        per_room,
        seats,
        seats_assumed,
        running,
    }
}

/// What fixes whether each node may close.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixes {
    /// Pinned open until this fall (`i32::MAX`: always).
    pub keep_until: Vec<Option<i32>>,
    pub pinned_close: Vec<bool>,
    /// 应留必留: grade 1–3 pupils and no school or site within 30 minutes.
    pub kept_by_rule: Vec<bool>,
    /// Pupils of a level with no other school or site within the radius.
    pub nowhere: Vec<bool>,
    /// The most it could have to seat in a period: its own pupils and those
    /// of every school within reach.
    pub most: Vec<f64>,
}

/// The node of a school named as the planner names it (its name, or its
/// key where names repeat).
pub fn node_of(o: &Outcome, inst: &Instance, name: &str) -> Option<usize> {
    let d = &o.dataset;
    let s = d
        .school_index(name)
        .or_else(|| d.schools.iter().position(|x| x.key() == name))?;
    inst.nodes.iter().position(|n| n.school == s)
}

/// The fixes, and the pins that cannot hold, named with their rule.
pub fn fixes(
    o: &Outcome,
    inst: &Instance,
    settings: &OptimiseSettings,
    demand: &Demand,
    sites: &[Site],
) -> Result<Fixes, OptimiseError> {
    let (n, np) = (inst.nodes.len(), demand.peak.first().map_or(0, Vec::len));
    let peak = &demand.peak;
    // Pins.
    let mut keep_until: Vec<Option<i32>> = vec![None; n];
    let mut pinned_close = vec![false; n];
    for pin in &settings.pins {
        let Some(i) = node_of(o, inst, pin.school()) else {
            return Err(OptimiseError::UnknownPin {
                school: pin.school().to_string(),
            });
        };
        match pin {
            Pin::Keep { .. } => keep_until[i] = Some(i32::MAX),
            Pin::NotBefore { year, .. } => {
                keep_until[i] = Some(keep_until[i].unwrap_or(i32::MIN).max(*year))
            }
            Pin::Close { .. } => pinned_close[i] = true,
        }
    }

    // Who could take a catchment's pupils, by level: (to, km, minutes, day).
    let mut day_receiver = vec![false; n];
    for l in &inst.links {
        if l.day_school && l.within_radius[0] {
            day_receiver[l.from] = true;
        }
    }
    for s in sites {
        for r in &s.reach {
            if r.day_school && r.within_radius[0] {
                day_receiver[r.node] = true;
            }
        }
    }
    let kept_by_rule: Vec<bool> = (0..n)
        .map(|i| inst.nodes[i].early.iter().any(|e| *e > 0.0) && !day_receiver[i])
        .collect();
    for i in 0..n {
        if !pinned_close[i] {
            continue;
        }
        let school = crate::plan::planner::school_ref(o, inst.nodes[i].school);
        if keep_until[i].is_some() {
            return Err(OptimiseError::PinsConflict { school });
        }
        if kept_by_rule[i] {
            return Err(OptimiseError::CloseBreaksDayRule { school });
        }
        for (l, level) in LEVELS.iter().enumerate() {
            let has = peak[i].iter().any(|p| p[l] > 0.0);
            let receiver = inst.links.iter().any(|x| x.from == i && x.within_radius[l])
                || sites
                    .iter()
                    .any(|s| s.reach.iter().any(|r| r.node == i && r.within_radius[l]));
            if has && !receiver {
                return Err(OptimiseError::CloseWithoutReceiver {
                    school,
                    level: *level,
                });
            }
        }
    }

    // What a school could have to seat at most: its own pupils and those of
    // every school within reach; a school whose pupils have nowhere else to
    // go (for a level it teaches) cannot close.
    let most: Vec<f64> = (0..n)
        .map(|i| {
            (0..np)
                .map(|k| {
                    let own = peak[i][k][0] + peak[i][k][1];
                    let incoming: f64 = inst
                        .links
                        .iter()
                        .filter(|x| x.to == i)
                        .map(|x| {
                            (0..2)
                                .filter(|&l| x.within_radius[l])
                                .map(|l| peak[x.from][k][l])
                                .sum::<f64>()
                        })
                        .sum();
                    own + incoming
                })
                .fold(0.0, f64::max)
        })
        .collect();
    let nowhere: Vec<bool> = (0..n)
        .map(|i| {
            (0..2).any(|l| {
                peak[i].iter().any(|p| p[l] > 0.0)
                    && !inst.links.iter().any(|x| x.from == i && x.within_radius[l])
                    && !sites
                        .iter()
                        .any(|s| s.reach.iter().any(|r| r.node == i && r.within_radius[l]))
            })
        })
        .collect();

    Ok(Fixes {
        keep_until,
        pinned_close,
        kept_by_rule,
        nowhere,
        most,
    })
}

/// The centre of some points of one kind (km or lon/lat).
fn centre(points: &[Coords]) -> Option<Coords> {
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
fn site_name(area: &str) -> String {
    if area.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        format!("{area}新校")
    } else {
        format!("{area} new school")
    }
}
