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
use super::inputs::{self, Costs, Demand, Fixes, Period, Site};
use super::instance::Instance;
use super::model::{Model, Sense};
use crate::Outcome;
use crate::settings::optimise::OptimiseSettings;

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
    /// Per node: whether its seats were assumed (from its pupils in whole
    /// classes, where unknown), and the yearly cost of keeping it open.
    pub seats_assumed: Vec<bool>,
    pub running: Vec<f64>,
    /// A new school's yearly running cost.
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

/// What the steps of [`build`] share.
struct Parts<'a> {
    inst: &'a Instance,
    settings: &'a OptimiseSettings,
    periods: &'a [Period],
    sites: &'a [Site],
    demand: &'a Demand,
    costs: &'a Costs,
    fixes: &'a Fixes,
    room_yuan: f64,
    room_upkeep: f64,
    site_per_room: f64,
    site_running: f64,
}

impl Parts<'_> {
    fn name(&self, i: usize) -> String {
        format!("s{}", self.inst.nodes[i].school)
    }
}

/// The variables of schools and sites, by period.
struct Vars {
    open: Vec<Vec<usize>>,
    rooms: Vec<Vec<usize>>,
    short: Vec<Vec<usize>>,
    site_open: Vec<Vec<usize>>,
    site_rooms: Vec<Vec<usize>>,
}

/// The assignments, and the load they put on each school and site.
struct Loads {
    assign: Vec<Assign>,
    load: Vec<Vec<Vec<(usize, f64)>>>,
    incoming: Vec<Vec<bool>>,
    site_load: Vec<Vec<Vec<(usize, f64)>>>,
}

/// Build the model. Pins that cannot hold are reported here, naming the
/// school and the rule.
pub fn build(
    o: &Outcome,
    inst: &Instance,
    settings: &OptimiseSettings,
) -> Result<Built, OptimiseError> {
    let sc = &o.scenario;
    let periods = inputs::periods(inst.horizon, &settings.period_ends);
    let sites = inputs::sites(o, inst, settings);
    let demand = inputs::demand(inst, &periods);
    let costs = inputs::costs(o, inst, settings, &demand);
    let fixes = inputs::fixes(o, inst, settings, &demand, &sites)?;
    let room_yuan = sc.planner.cost_per_classroom;
    let (site_per_room, site_running) = (sc.class_sizes.primary.max(1.0), settings.upkeep_yuan);
    let mut m = Model {
        name: "seatcast_layout".into(),
        ..Model::default()
    };
    let (v, loads) = {
        let p = Parts {
            inst,
            settings,
            periods: &periods,
            sites: &sites,
            demand: &demand,
            costs: &costs,
            fixes: &fixes,
            room_yuan,
            room_upkeep: room_yuan * settings.room_upkeep_share,
            site_per_room,
            site_running,
        };
        let (open, rooms, short) = node_vars(&mut m, &p);
        let (site_open, site_rooms) = site_vars(&mut m, &p);
        let v = Vars {
            open,
            rooms,
            short,
            site_open,
            site_rooms,
        };
        once_rows(&mut m, &p, &v);
        let loads = assignments(&mut m, &p, &v);
        seat_rows(&mut m, &p, &v, &loads, &o.scenario.thresholds);
        budget_row(&mut m, &p, &v);
        (v, loads)
    };
    Ok(Built {
        model: m,
        periods,
        sites,
        open: v.open,
        rooms: v.rooms,
        short: v.short,
        site_open: v.site_open,
        site_rooms: v.site_rooms,
        assign: loads.assign,
        seats_assumed: costs.seats_assumed,
        running: costs.running,
        site_running,
        peak: demand.peak,
        pupil_years: demand.pupil_years,
        kept_by_rule: fixes.kept_by_rule,
    })
}

/// `open`, `rooms` and `short` of every school and period.
#[allow(clippy::type_complexity)]
fn node_vars(m: &mut Model, p: &Parts) -> (Vec<Vec<usize>>, Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let (n, np) = (p.inst.nodes.len(), p.periods.len());
    let (inst, settings, periods) = (p.inst, p.settings, p.periods);
    let (running, seats, per_room) = (&p.costs.running, &p.costs.seats, &p.costs.per_room);
    let (kept_by_rule, nowhere, keep_until, pinned_close, most) = (
        &p.fixes.kept_by_rule,
        &p.fixes.nowhere,
        &p.fixes.keep_until,
        &p.fixes.pinned_close,
        &p.fixes.most,
    );
    let (room_yuan, room_upkeep) = (p.room_yuan, p.room_upkeep);
    let name = |i: usize| p.name(i);
    let mut open = vec![Vec::with_capacity(np); n];
    let mut rooms = vec![Vec::with_capacity(np); n];
    let mut short = vec![Vec::with_capacity(np); n];
    for i in 0..n {
        for (k, p) in periods.iter().enumerate() {
            let start = inst.base_year + p.first as i32;
            let must = !settings.close
                || kept_by_rule[i]
                || nowhere[i]
                || keep_until[i].is_some_and(|y| start < y);
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
            // No more classrooms than the most it could have to seat needs.
            let cap = if settings.expand {
                let need = ((most[i] - seats[i]) / per_room[i]).ceil().max(0.0);
                f64::from(settings.max_rooms).min(need)
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
    (open, rooms, short)
}

/// `site` and `site_rooms` of every candidate site and period.
fn site_vars(m: &mut Model, p: &Parts) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let (np, sites, periods, settings) = (p.periods.len(), p.sites, p.periods, p.settings);
    let (site_running, room_upkeep, room_yuan) = (p.site_running, p.room_upkeep, p.room_yuan);
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
    (site_open, site_rooms)
}

/// A school closes once; classrooms and new schools, once built, stay.
fn once_rows(m: &mut Model, p: &Parts, v: &Vars) {
    let (n, np, sites) = (p.inst.nodes.len(), p.periods.len(), p.sites);
    let (open, rooms, site_open, site_rooms) = (&v.open, &v.rooms, &v.site_open, &v.site_rooms);
    let name = |i: usize| p.name(i);
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
}

/// Every catchment's pupils placed, by level and period: at home while its
/// school is open, else at receivers within the level's radius, or at a
/// new school; grades 1–3 only within 30 minutes.
fn assignments(m: &mut Model, p: &Parts, v: &Vars) -> Loads {
    let (n, np, inst, sites, settings, periods) = (
        p.inst.nodes.len(),
        p.periods.len(),
        p.inst,
        p.sites,
        p.settings,
        p.periods,
    );
    let (peak, pupil_years, early_share) =
        (&p.demand.peak, &p.demand.pupil_years, &p.demand.early_share);
    let (open, site_open) = (&v.open, &v.site_open);
    let name = |i: usize| p.name(i);
    let travel = settings.travel_yuan_per_pupil_km * settings.travel_weight;
    let mut assign = Vec::new();
    let mut load: Vec<Vec<Vec<(usize, f64)>>> = vec![vec![Vec::new(); np]; n];
    let mut incoming = vec![vec![false; np]; n];
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
                // A school that stays open this period keeps its pupils
                // (only a new school may take some); a school pinned shut
                // takes no one.
                let stays = m.vars[open[i][k]].lower == 1.0;
                for x in inst
                    .links
                    .iter()
                    .filter(|x| x.from == i && x.within_radius[l] && !stays)
                    .filter(|x| m.vars[open[x.to][k]].upper == 1.0)
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
                            if !stays {
                                m.row(
                                    format!("own_{}_{l}_{k}", name(i)),
                                    vec![(v, 1.0), (open[i][k], -1.0)],
                                    Sense::Le,
                                    0.0,
                                );
                            }
                            load[i][k].push((v, pupils));
                        }
                        Target::Node(j) => {
                            if m.vars[open[j][k]].lower < 1.0 {
                                m.row(
                                    format!("to_open_{}_{}_{l}_{k}", name(i), name(j)),
                                    vec![(v, 1.0), (open[j][k], -1.0)],
                                    Sense::Le,
                                    0.0,
                                );
                            }
                            m.row(
                                format!("if_closed_{}_{}_{l}_{k}", name(i), name(j)),
                                vec![(v, 1.0), (open[i][k], 1.0)],
                                Sense::Le,
                                1.0,
                            );
                            load[j][k].push((v, pupils));
                            incoming[j][k] = true;
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
    Loads {
        assign,
        load,
        incoming,
        site_load,
    }
}

/// Seats (a closed school's count for no one) and 大校额, at schools and sites.
fn seat_rows(m: &mut Model, p: &Parts, v: &Vars, l: &Loads, th: &crate::scenario::Thresholds) {
    let (n, np, inst, sites) = (p.inst.nodes.len(), p.periods.len(), p.inst, p.sites);
    let (peak, seats, per_room) = (&p.demand.peak, &p.costs.seats, &p.costs.per_room);
    let (open, rooms, short, site_rooms) = (&v.open, &v.rooms, &v.short, &v.site_rooms);
    let (load, incoming, site_load, site_per_room) =
        (&l.load, &l.incoming, &l.site_load, p.site_per_room);
    let name = |i: usize| p.name(i);
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
            if incoming[i][k] {
                m.row(
                    format!("size_{}_{k}", name(i)),
                    terms.clone(),
                    Sense::Le,
                    limit.max(own),
                );
            }
            // A closed school's seats count for no one (`seats · open`,
            // not `seats`: the tighter form, so that the bound is close).
            terms.push((open[i][k], -seats[i]));
            terms.push((rooms[i][k], -per_room[i]));
            terms.push((short[i][k], -1.0));
            m.row(format!("seats_{}_{k}", name(i)), terms, Sense::Le, 0.0);
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
}

/// The budget caps construction.
fn budget_row(m: &mut Model, p: &Parts, v: &Vars) {
    let (settings, room_yuan) = (p.settings, p.room_yuan);
    let (rooms, site_rooms, site_open) = (&v.rooms, &v.site_rooms, &v.site_open);
    if let Some(budget) = settings.budget {
        let mut terms = Vec::new();
        for r in rooms.iter().chain(site_rooms.iter()) {
            if let Some(&v) = r.last() {
                terms.push((v, room_yuan));
            }
        }
        for s in site_open {
            if let Some(&v) = s.last() {
                terms.push((v, settings.new_school_yuan));
            }
        }
        m.row("budget".into(), terms, Sense::Le, budget);
    }
}
