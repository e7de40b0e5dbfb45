//! What the model's rows read, worked out from the instance before any
//! variable exists: the periods, the candidate sites for new schools, each
//! school's demand by period (its worst year and its pupil-years), its
//! seats and staffing, and what fixes whether it may close (who the plan
//! may change, pins, 应留必留, nowhere else to go).

use super::OptimiseError;
use super::instance::{Instance, LEVELS, Trip};
use crate::Outcome;
use crate::model::Coords;
use crate::places::roads::Mode;
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
    /// The level it teaches (index into [`LEVELS`]).
    pub level: usize,
    /// Classrooms it has at least once open: a class per grade.
    pub min_rooms: f64,
    /// Catchments (nodes) within reach.
    pub reach: Vec<Reach>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    pub node: usize,
    pub km: f64,
    pub bus: bool,
    pub minutes: f64,
    pub within_radius: [bool; 2],
}

/// The candidate sites: the planner's own, then (where new schools are
/// allowed) one per cluster of closure candidates within reach of one
/// another, on the site of the member school nearest the cluster's
/// pupil-weighted centre, and one in the area of every school over the
/// size limit, at the centre of the area's schools.
pub fn sites(o: &Outcome, inst: &Instance, settings: &OptimiseSettings) -> Vec<Site> {
    if !settings.open_new {
        return Vec::new();
    }
    let d = &o.dataset;
    let mut places: Vec<(String, Option<String>, Coords, usize)> = settings
        .sites
        .iter()
        .map(|s| (s.name.clone(), s.area.clone(), s.coords, 0))
        .collect();
    for l in 0..LEVELS.len() {
        for cluster in clusters(inst, l) {
            let members: Vec<(Coords, f64, usize)> = cluster
                .iter()
                .filter_map(|&i| {
                    let n = &inst.nodes[i];
                    d.schools[n.school]
                        .coords
                        .map(|c| (c, n.base_pupils.max(1.0), n.school))
                })
                .collect();
            let Some(centre) = weighted_centre(&members) else {
                continue;
            };
            let Some(&(at, _, school)) = members.iter().min_by(|a, b| {
                let da = a.0.distance_km(centre).unwrap_or(f64::INFINITY);
                let db = b.0.distance_km(centre).unwrap_or(f64::INFINITY);
                da.total_cmp(&db)
            }) else {
                continue;
            };
            let s = &d.schools[school];
            places.push((rebuilt_name(&s.name), s.area.clone(), at, l));
        }
    }
    let th = &o.scenario.thresholds;
    let mut relieved: Vec<(String, usize)> = Vec::new();
    for n in &inst.nodes {
        let limit = if n.teaches(0) && n.teaches(1) {
            th.large_nine_year_school
        } else {
            th.large_school
        };
        let most = n.pupils.iter().map(|p| p[0] + p[1]).fold(0.0, f64::max);
        let Some(area) = d.schools[n.school].area.clone() else {
            continue;
        };
        if most <= limit || !n.runs {
            continue;
        }
        // A new school of each level the over-size school teaches.
        for level in (0..LEVELS.len()).filter(|&l| n.teaches(l)) {
            if relieved.contains(&(area.clone(), level)) {
                continue;
            }
            let points: Vec<(Coords, f64, usize)> = inst
                .nodes
                .iter()
                .filter(|m| d.schools[m.school].area.as_deref() == Some(area.as_str()))
                .filter_map(|m| d.schools[m.school].coords.map(|c| (c, 1.0, m.school)))
                .collect();
            if let Some(centre) = weighted_centre(&points) {
                let name = site_name(&area, level);
                places.push((name, Some(area.clone()), centre, level));
                relieved.push((area.clone(), level));
            }
        }
    }
    places
        .into_iter()
        .map(|place| site(o, inst, settings, place))
        .collect()
}

/// A site with the catchments within its reach, each by the mode of its
/// own township.
fn site(
    o: &Outcome,
    inst: &Instance,
    settings: &OptimiseSettings,
    (name, area, coords, level): (String, Option<String>, Coords, usize),
) -> Site {
    let d = &o.dataset;
    let planner = &o.scenario.planner;
    // By road where an extract is loaded, else in a straight line.
    let walk = d.travel_from(coords, Mode::Walk);
    let bus = inst
        .nodes
        .iter()
        .any(|n| n.bus)
        .then(|| d.travel_from(coords, Mode::Bus));
    let reach = inst
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let travel = if n.bus { bus.as_ref()? } else { &walk };
            let t = travel.get(n.school).copied().flatten()?;
            let detour = settings.detour_for(&d.schools[n.school]);
            let trip = Trip::new(t, detour, n.bus, n.has_early(), planner);
            let serves = trip.within_radius[level] && n.teaches(level);
            serves.then_some(Reach {
                node: i,
                km: trip.km,
                bus: trip.bus,
                minutes: trip.minutes,
                within_radius: [level == 0, level == 1],
            })
        })
        .collect();
    let grades = d.grade_system.span_of(LEVELS[level]);
    Site {
        name,
        area,
        coords,
        level,
        min_rooms: f64::from((grades.hi.0 - grades.lo.0 + 1).max(1)),
        reach,
    }
}

/// Groups of two or more closure candidates teaching level `l`, each
/// within reach of another of the group for that level.
fn clusters(inst: &Instance, l: usize) -> Vec<Vec<usize>> {
    let n = inst.nodes.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let member = |i: usize| inst.nodes[i].closable && inst.nodes[i].teaches(l);
    for x in &inst.links {
        if x.within_radius[l] && member(x.from) && member(x.to) {
            let (a, b) = (root(&mut parent, x.from), root(&mut parent, x.to));
            if a != b {
                parent[a] = b;
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in (0..n).filter(|&i| member(i)) {
        let r = root(&mut parent, i);
        groups[r].push(i);
    }
    groups.into_iter().filter(|g| g.len() >= 2).collect()
}

/// Per node, period and level: the period's worst-year pupils, and its
/// pupil-years.
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    pub peak: Vec<Vec<[f64; 2]>>,
    pub pupil_years: Vec<Vec<[f64; 2]>>,
    /// Of the primary pupils, grades 4–6: the worst year and pupil-years.
    pub upper_peak: Vec<Vec<f64>>,
    pub upper_years: Vec<Vec<f64>>,
}

pub fn demand(inst: &Instance, periods: &[Period]) -> Demand {
    let (n, np) = (inst.nodes.len(), periods.len());
    let mut peak = vec![vec![[0.0; 2]; np]; n];
    let mut pupil_years = vec![vec![[0.0; 2]; np]; n];
    let mut upper_peak = vec![vec![0.0f64; np]; n];
    let mut upper_years = vec![vec![0.0; np]; n];
    for (i, node) in inst.nodes.iter().enumerate() {
        for (k, p) in periods.iter().enumerate() {
            for h in p.first..=p.last {
                let u = node.upper.get(h - 1).copied().unwrap_or(0.0);
                upper_peak[i][k] = upper_peak[i][k].max(u);
                upper_years[i][k] += u;
                let Some(v) = node.pupils.get(h - 1) else {
                    continue;
                };
                for l in 0..2 {
                    peak[i][k][l] = f64::max(peak[i][k][l], v[l]);
                    pupil_years[i][k][l] += v[l];
                }
            }
        }
    }
    Demand {
        peak,
        pupil_years,
        upper_peak,
        upper_years,
    }
}

/// Per node: seats per added classroom and seats (None: unknown, so the
/// model neither charges a shortfall there nor sends pupils there); and
/// the staffing norms every school is costed by.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    pub per_room: Vec<f64>,
    pub seats: Vec<Option<f64>>,
    /// Pupils per staff member, by level (编制 norms: 19 primary, 13.5 junior).
    pub ratio: [f64; 2],
    /// Staff per class where a school's classes need more than its pupils
    /// (the rural class–teacher ratio, 1.7).
    pub per_class: f64,
}

pub fn costs(o: &Outcome, inst: &Instance) -> Costs {
    let (d, sc) = (&o.dataset, &o.scenario);
    let staffing = sc.teachers.norms.clone().unwrap_or_default().staffing;
    let per_room = inst
        .nodes
        .iter()
        .map(|node| {
            crate::outcome::seats_per_room(&d.schools[node.school], d.grade_system, &sc.class_sizes)
                .max(1.0)
        })
        .collect();
    Costs {
        per_room,
        seats: inst.nodes.iter().map(|n| n.seats).collect(),
        ratio: [
            staffing.primary.value.max(1.0),
            staffing.junior.value.max(1.0),
        ],
        per_class: staffing.class_teacher_ratio.value.max(0.0),
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
            Pin::MayClose { .. } => {}
        }
    }
    let reaches = |i: usize, l: usize| {
        inst.links.iter().any(|x| x.from == i && x.within_radius[l])
            || sites
                .iter()
                .any(|s| s.reach.iter().any(|r| r.node == i && r.within_radius[l]))
    };
    // Grade 1–3 pupils with no school or site within 30 minutes (a
    // primary link is a day school's).
    let kept_by_rule: Vec<bool> = (0..n)
        .map(|i| inst.nodes[i].has_early() && !reaches(i, 0))
        .collect();
    for i in 0..n {
        if !pinned_close[i] {
            continue;
        }
        let school = crate::plan::planner::school_ref(o, inst.nodes[i].school);
        if keep_until[i].is_some() {
            return Err(OptimiseError::PinsConflict { school });
        }
        if !inst.nodes[i].runs {
            return Err(OptimiseError::NotTheBureaus { school });
        }
        if kept_by_rule[i] {
            return Err(OptimiseError::CloseBreaksDayRule { school });
        }
        for (l, level) in LEVELS.iter().enumerate() {
            let has = peak[i].iter().any(|p| p[l] > 0.0);
            if has && !reaches(i, l) {
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
                    // And the grade 4–6 pupils of schools that could
                    // become 教学点 and send them here.
                    let upper: f64 = inst
                        .uplinks
                        .iter()
                        .filter(|u| u.to == i)
                        .map(|u| demand.upper_peak[u.from][k])
                        .sum();
                    own + incoming + upper
                })
                .fold(0.0, f64::max)
        })
        .collect();
    let nowhere: Vec<bool> = (0..n)
        .map(|i| (0..2).any(|l| peak[i].iter().any(|p| p[l] > 0.0) && !reaches(i, l)))
        .collect();

    Ok(Fixes {
        keep_until,
        pinned_close,
        kept_by_rule,
        nowhere,
        most,
    })
}

/// The weighted centre of some points of one kind (km or lon/lat).
fn weighted_centre(points: &[(Coords, f64, usize)]) -> Option<Coords> {
    let (first, _, _) = *points.first()?;
    let w: f64 = points.iter().map(|p| p.1).sum();
    if w <= 0.0 {
        return None;
    }
    let (x, y) = points
        .iter()
        .fold((0.0, 0.0), |(x, y), (c, k, _)| match (c, first) {
            (Coords::Km { x: a, y: b }, Coords::Km { .. }) => (x + a * k, y + b * k),
            (Coords::LonLat { lon, lat }, Coords::LonLat { .. }) => (x + lon * k, y + lat * k),
            _ => (x, y),
        });
    Some(match first {
        Coords::Km { .. } => Coords::Km { x: x / w, y: y / w },
        Coords::LonLat { .. } => Coords::LonLat {
            lon: x / w,
            lat: y / w,
        },
    })
}

fn is_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The name of a new school of a level proposed for an area.
fn site_name(area: &str, level: usize) -> String {
    match (is_cjk(area), level) {
        (true, 0) => format!("{area}新建小学"),
        (true, _) => format!("{area}新建初中"),
        (false, 0) => format!("{area} new primary school"),
        (false, _) => format!("{area} new junior school"),
    }
}

/// The name of a school rebuilt on an existing school's site for a cluster.
fn rebuilt_name(school: &str) -> String {
    if is_cjk(school) {
        format!("{school}（新建）")
    } else {
        format!("{school} (rebuilt)")
    }
}

#[cfg(test)]
mod tests;
