//! The phased model the optimiser solves, built from an instance
//! (docs/optimiser.md, "What it decides" and "Constraints"):
//!
//! - the horizon is cut into periods (`OptimiseSettings::period_ends`);
//!   an action happens in a period's first fall, and the seats must hold
//!   in the period's worst year;
//! - `open[s,k]` (binary, a school closes once), `rooms[s,k]` (whole
//!   classrooms, never taken away), `site[c,k]` and `site_rooms[c,k]` for
//!   candidate sites, `x[i,j,l,k]` (the share of catchment `i`'s level-`l`
//!   pupils taught at `j`), `short[j,k]` (seats short, penalised);
//! - a catchment's pupils stay at their own school while it is open and go
//!   to receivers within the level's radius once it closes; a new school
//!   may take pupils from schools that stay open;
//! - grades 1–3 only to schools within 30 minutes; 大校额 caps what a school
//!   may receive; pins and 应留必留 fix `open`.

use super::OptimiseError;
use super::instance::{DAY_PUPIL_MINUTES, Instance, LEVELS};
use super::model::{Model, Sense};
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

/// Where an assignment sends pupils.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Node(usize),
    Site(usize),
}

/// One assignment variable `x[i,j,l,k]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assign {
    pub from: usize,
    pub to: Target,
    pub level: usize,
    pub period: usize,
    pub var: usize,
    pub km: f64,
    pub minutes: f64,
    pub day_school: bool,
}

/// The model and what each of its variables means.
#[derive(Debug, Clone)]
pub struct Built {
    pub model: Model,
    pub periods: Vec<Period>,
    pub sites: Vec<Site>,
    /// `[node][period]` variable indexes.
    pub open: Vec<Vec<usize>>,
    pub rooms: Vec<Vec<usize>>,
    pub short: Vec<Vec<usize>>,
    /// `[site][period]`.
    pub site_open: Vec<Vec<usize>>,
    pub site_rooms: Vec<Vec<usize>>,
    pub assign: Vec<Assign>,
    /// Per node: seats per added classroom, seats (assumed from its pupils
    /// in whole classes where unknown), whether assumed, and the yearly
    /// cost of keeping it open.
    pub per_room: Vec<f64>,
    pub seats: Vec<f64>,
    pub seats_assumed: Vec<bool>,
    pub running: Vec<f64>,
    /// Seats per classroom at a new school, and its yearly running cost.
    pub site_per_room: f64,
    pub site_running: f64,
    /// Per node, period and level: the period's worst-year pupils, and its
    /// pupil-years.
    pub peak: Vec<Vec<[f64; 2]>>,
    pub pupil_years: Vec<Vec<[f64; 2]>>,
    /// Kept open by 应留必留: no school or site within 30 minutes.
    pub kept_by_rule: Vec<bool>,
}

impl Built {
    /// The construction cost of a solution (classrooms and new schools).
    pub fn construction(
        &self,
        value: &dyn Fn(usize) -> f64,
        o: &OptimiseSettings,
        room: f64,
    ) -> f64 {
        let Some(last) = self.periods.len().checked_sub(1) else {
            return 0.0;
        };
        let rooms: f64 = self.rooms.iter().map(|r| value(r[last])).sum();
        let site_rooms: f64 = self.site_rooms.iter().map(|r| value(r[last])).sum();
        let sites: f64 = self.site_open.iter().map(|r| value(r[last])).sum();
        (rooms + site_rooms) * room + sites * o.new_school_yuan
    }
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
        let Some(centre) = super::centre(&points) else {
            continue;
        };
        places.push((super::site_name(&area), Some(area), centre));
    }
    places
        .into_iter()
        .map(|(name, area, coords)| {
            let reach = inst
                .nodes
                .iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let km = d.schools[n.school].coords?.distance_km(coords)?;
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

/// Build the model. Pins that cannot hold are reported here, naming the
/// school and the rule.
pub fn build(
    o: &Outcome,
    inst: &Instance,
    settings: &OptimiseSettings,
) -> Result<Built, OptimiseError> {
    let d = &o.dataset;
    let sc = &o.scenario;
    let periods = periods(inst.horizon, &settings.period_ends);
    let np = periods.len();
    let n = inst.nodes.len();
    let sites = sites(o, inst, settings);
    let room_yuan = sc.planner.cost_per_classroom;
    let room_upkeep = room_yuan * settings.room_upkeep_share;
    let staffing = sc.teachers.norms.clone().unwrap_or_default().staffing;
    let mut m = Model {
        name: "seatcast_layout".into(),
        ..Model::default()
    };
    let name = |s: usize| format!("s{}", inst.nodes[s].school);

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
    let site_per_room = sc.class_sizes.primary.max(1.0);
    let site_running = settings.upkeep_yuan;

    // Pins.
    let mut keep_until: Vec<Option<i32>> = vec![None; n];
    let mut pinned_close = vec![false; n];
    for pin in &settings.pins {
        let Some(s) = d.school_index(pin.school()).or_else(|| {
            d.schools
                .iter()
                .position(|x| x.key().to_string() == pin.school())
        }) else {
            return Err(OptimiseError::UnknownPin {
                school: pin.school().to_string(),
            });
        };
        let Some(i) = inst.nodes.iter().position(|x| x.school == s) else {
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
    for s in &sites {
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
        let school = super::school_name(o, inst.nodes[i].school);
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

    // Variables: open, rooms, short per node and period.
    let mut open = vec![Vec::with_capacity(np); n];
    let mut rooms = vec![Vec::with_capacity(np); n];
    let mut short = vec![Vec::with_capacity(np); n];
    for i in 0..n {
        for (k, p) in periods.iter().enumerate() {
            let start = inst.base_year + p.first as i32;
            let must =
                !settings.close || kept_by_rule[i] || keep_until[i].is_some_and(|y| start < y);
            let (lo, hi) = if pinned_close[i] {
                (0.0, 0.0)
            } else if must {
                (1.0, 1.0)
            } else {
                (0.0, 1.0)
            };
            let v = m.var(format!("open_{}_{k}", name(i)), lo, hi, true);
            m.cost.push((v, p.years() * running[i]));
            open[i].push(v);
            let cap = if settings.expand {
                f64::from(settings.max_rooms)
            } else {
                0.0
            };
            let r = m.var(format!("rooms_{}_{k}", name(i)), 0.0, cap, true);
            m.cost.push((r, p.years() * room_upkeep));
            rooms[i].push(r);
            let s = m.var(format!("short_{}_{k}", name(i)), 0.0, f64::INFINITY, false);
            m.cost.push((s, p.years() * settings.short_yuan));
            short[i].push(s);
        }
        if let Some(&last) = rooms[i].last() {
            m.cost.push((last, room_yuan));
        }
    }
    let mut site_open = vec![Vec::with_capacity(np); sites.len()];
    let mut site_rooms = vec![Vec::with_capacity(np); sites.len()];
    for (c, _) in sites.iter().enumerate() {
        for (k, p) in periods.iter().enumerate() {
            let v = m.var(format!("site_c{c}_{k}"), 0.0, 1.0, true);
            m.cost.push((v, p.years() * site_running));
            site_open[c].push(v);
            let r = m.var(
                format!("siterooms_c{c}_{k}"),
                0.0,
                f64::from(settings.new_school_rooms),
                true,
            );
            m.cost.push((r, p.years() * room_upkeep));
            site_rooms[c].push(r);
            m.row(
                format!("siterooms_open_c{c}_{k}"),
                vec![(r, 1.0), (v, -f64::from(settings.new_school_rooms))],
                Sense::Le,
                0.0,
            );
        }
        if let (Some(&v), Some(&r)) = (site_open[c].last(), site_rooms[c].last()) {
            m.cost.push((v, settings.new_school_yuan));
            m.cost.push((r, room_yuan));
        }
    }
    // A school closes once; classrooms and new schools, once built, stay.
    for k in 1..np {
        for i in 0..n {
            m.row(
                format!("once_{}_{k}", name(i)),
                vec![(open[i][k], 1.0), (open[i][k - 1], -1.0)],
                Sense::Le,
                0.0,
            );
            m.row(
                format!("keep_rooms_{}_{k}", name(i)),
                vec![(rooms[i][k - 1], 1.0), (rooms[i][k], -1.0)],
                Sense::Le,
                0.0,
            );
        }
        for c in 0..sites.len() {
            m.row(
                format!("keep_site_c{c}_{k}"),
                vec![(site_open[c][k - 1], 1.0), (site_open[c][k], -1.0)],
                Sense::Le,
                0.0,
            );
            m.row(
                format!("keep_siterooms_c{c}_{k}"),
                vec![(site_rooms[c][k - 1], 1.0), (site_rooms[c][k], -1.0)],
                Sense::Le,
                0.0,
            );
        }
    }

    // Assignments.
    let travel = settings.travel_yuan_per_pupil_km * settings.travel_weight;
    let mut assign = Vec::new();
    let mut load: Vec<Vec<Vec<(usize, f64)>>> = vec![vec![Vec::new(); np]; n];
    let mut site_load: Vec<Vec<Vec<(usize, f64)>>> = vec![vec![Vec::new(); np]; sites.len()];
    for (k, _) in periods.iter().enumerate() {
        for i in 0..n {
            for l in 0..2 {
                let pupils = peak[i][k][l];
                if pupils <= 0.0 {
                    continue;
                }
                let years = pupil_years[i][k][l];
                let mut options: Vec<(Target, f64, f64, bool)> =
                    vec![(Target::Node(i), 0.0, 0.0, true)];
                for x in inst
                    .links
                    .iter()
                    .filter(|x| x.from == i && x.within_radius[l])
                {
                    options.push((Target::Node(x.to), x.km, x.minutes, x.day_school));
                }
                for (c, s) in sites.iter().enumerate() {
                    for r in s.reach.iter().filter(|r| r.node == i && r.within_radius[l]) {
                        options.push((Target::Site(c), r.km, r.minutes, r.day_school));
                    }
                }
                let mut sum = Vec::new();
                let mut far = Vec::new();
                for (to, km, minutes, day_school) in options {
                    let tag = match to {
                        Target::Node(j) => name(j),
                        Target::Site(c) => format!("c{c}"),
                    };
                    let v = m.var(format!("x_{}_{tag}_{l}_{k}", name(i)), 0.0, 1.0, false);
                    if km > 0.0 {
                        m.cost.push((v, travel * years * km));
                    }
                    sum.push((v, 1.0));
                    if !day_school && l == 0 {
                        far.push((v, 1.0));
                    }
                    match to {
                        Target::Node(j) if j == i => {
                            m.row(
                                format!("own_{}_{l}_{k}", name(i)),
                                vec![(v, 1.0), (open[i][k], -1.0)],
                                Sense::Le,
                                0.0,
                            );
                            load[i][k].push((v, pupils));
                        }
                        Target::Node(j) => {
                            m.row(
                                format!("to_open_{}_{}_{l}_{k}", name(i), name(j)),
                                vec![(v, 1.0), (open[j][k], -1.0)],
                                Sense::Le,
                                0.0,
                            );
                            m.row(
                                format!("if_closed_{}_{}_{l}_{k}", name(i), name(j)),
                                vec![(v, 1.0), (open[i][k], 1.0)],
                                Sense::Le,
                                1.0,
                            );
                            load[j][k].push((v, pupils));
                        }
                        Target::Site(c) => {
                            m.row(
                                format!("to_site_{}_c{c}_{l}_{k}", name(i)),
                                vec![(v, 1.0), (site_open[c][k], -1.0)],
                                Sense::Le,
                                0.0,
                            );
                            site_load[c][k].push((v, pupils));
                        }
                    }
                    assign.push(Assign {
                        from: i,
                        to,
                        level: l,
                        period: k,
                        var: v,
                        km,
                        minutes,
                        day_school,
                    });
                }
                m.row(format!("placed_{}_{l}_{k}", name(i)), sum, Sense::Eq, 1.0);
                let e = early_share[i][k];
                if l == 0 && e > 0.0 && !far.is_empty() {
                    m.row(
                        format!("day_{}_{k}", name(i)),
                        far,
                        Sense::Le,
                        (1.0 - e).max(0.0),
                    );
                }
            }
        }
    }
    // Seats and 大校额.
    let th = &sc.thresholds;
    for i in 0..n {
        let node = &inst.nodes[i];
        let limit = if node.teaches(0) && node.teaches(1) {
            th.large_nine_year_school
        } else {
            th.large_school
        };
        for k in 0..np {
            let mut terms = load[i][k].clone();
            let own: f64 = peak[i][k][0] + peak[i][k][1];
            if terms.len() > LEVELS.len() {
                m.row(
                    format!("size_{}_{k}", name(i)),
                    terms.clone(),
                    Sense::Le,
                    limit.max(own),
                );
            }
            terms.push((rooms[i][k], -per_room[i]));
            terms.push((short[i][k], -1.0));
            m.row(format!("seats_{}_{k}", name(i)), terms, Sense::Le, seats[i]);
        }
    }
    for c in 0..sites.len() {
        for k in 0..np {
            let mut terms = site_load[c][k].clone();
            if terms.is_empty() {
                continue;
            }
            m.row(
                format!("size_c{c}_{k}"),
                terms.clone(),
                Sense::Le,
                th.large_nine_year_school,
            );
            terms.push((site_rooms[c][k], -site_per_room));
            m.row(format!("seats_c{c}_{k}"), terms, Sense::Le, 0.0);
        }
    }
    // The budget caps construction.
    if let Some(budget) = settings.budget {
        let mut terms = Vec::new();
        for r in rooms.iter().chain(site_rooms.iter()) {
            if let Some(&v) = r.last() {
                terms.push((v, room_yuan));
            }
        }
        for s in &site_open {
            if let Some(&v) = s.last() {
                terms.push((v, settings.new_school_yuan));
            }
        }
        m.row("budget".into(), terms, Sense::Le, budget);
    }
    Ok(Built {
        model: m,
        periods,
        sites,
        open,
        rooms,
        short,
        site_open,
        site_rooms,
        assign,
        per_room,
        seats,
        seats_assumed,
        running,
        site_per_room,
        site_running,
        peak,
        pupil_years,
        kept_by_rule,
    })
}
