//! The phased model the optimiser solves, built from an instance
//! (docs/optimiser.md, "What it decides" and "Constraints"):
//!
//! - the horizon is cut into periods (`OptimiseSettings::period_ends`,
//!   yearly for the first five falls); an action happens in a period's
//!   first fall, and the seats must hold in the period's worst year;
//! - `open[s,k]` (binary, a school closes once), `rooms[s,k]` (whole
//!   classrooms, never taken away), `posts[s,k]` (the staff its classes
//!   need by the norms beyond those its pupils need at the ratio), `site[c,k]`, `site_rooms[c,k]` and
//!   `site_posts[c,k]` for candidate sites, `x[i,j,l,k]` (the share of
//!   catchment `i`'s level-`l` pupils taught at `j`), `short[j,k]` (seats
//!   short, penalised, where seats are known);
//! - a catchment's pupils stay at their own school while it is open and go
//!   to receivers within reach once it closes, receivers that stay open to
//!   the horizon (nobody is moved twice); a new school may take pupils
//!   from schools that stay open;
//! - who may change (closure candidates; never private schools), no
//!   closure in the first fall, a yearly cap on closures, build times,
//!   every township keeps a primary school, 大校额 caps what a school may
//!   receive and how far it may grow, pins and 应留必留 fix `open`.

mod downgrade;
mod shares;

pub use downgrade::UpAssign;

use super::OptimiseError;
use super::inputs::{self, Costs, Demand, Fixes, Period, Site};
use super::instance::Instance;
use super::model::{Model, Sense};
use crate::Outcome;
use crate::settings::optimise::OptimiseSettings;

/// Where an assignment sends pupils.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
    pub bus: bool,
    pub minutes: f64,
}

/// The prices the model charges, per unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    pub room: f64,
    pub room_upkeep: f64,
    pub teacher: f64,
    pub upkeep: f64,
    pub new_school: f64,
    /// School bus, per pupil-km (one way) a year.
    pub bus_km: f64,
    /// Families' time, per pupil-minute (one way) a year: there and back
    /// on every school day.
    pub minute: f64,
    /// The cost ↔ travel weight on both.
    pub travel_weight: f64,
    pub short: f64,
}

impl Prices {
    pub fn of(o: &Outcome, s: &OptimiseSettings) -> Prices {
        let room = o.scenario.planner.cost_per_classroom;
        Prices {
            room,
            room_upkeep: room * s.room_upkeep_share,
            teacher: s.teacher_yuan,
            upkeep: s.upkeep_yuan,
            new_school: s.new_school_yuan,
            bus_km: s.travel_yuan_per_pupil_km,
            minute: 2.0 * s.school_days * s.time_yuan_per_hour / 60.0,
            travel_weight: s.travel_weight,
            short: s.short_yuan,
        }
    }

    /// A pupil's trip a year: (bus, families' time), unweighted.
    pub fn trip(&self, km: f64, bus: bool, minutes: f64) -> (f64, f64) {
        (
            if bus { self.bus_km * km } else { 0.0 },
            self.minute * minutes,
        )
    }
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
    pub posts: Vec<Vec<usize>>,
    /// Where seats are known.
    pub short: Vec<Vec<Option<usize>>>,
    /// `[site][period]`.
    pub site_open: Vec<Vec<usize>>,
    pub site_rooms: Vec<Vec<usize>>,
    pub site_posts: Vec<Vec<usize>>,
    pub assign: Vec<Assign>,
    /// Per node, where it may become a 教学点: `down[k]`.
    pub down: Vec<Option<Vec<usize>>>,
    /// Grade 4–6 assignments of downgraded schools.
    pub ups: Vec<UpAssign>,
    /// (donor, site, level, variable): the share of a staying donor's
    /// pupils a new school takes once full.
    pub site_shares: Vec<(usize, usize, usize, usize)>,
    pub prices: Prices,
    /// A new school's standard class, by level.
    pub site_class_size: [f64; 2],
    pub ratio: [f64; 2],
    pub per_class: f64,
    /// Per node, period and level: the period's worst-year pupils, and its
    /// pupil-years.
    pub peak: Vec<Vec<[f64; 2]>>,
    pub pupil_years: Vec<Vec<[f64; 2]>>,
    /// Per node and period, its grade 4–6 pupils: worst year, pupil-years.
    pub upper_peak: Vec<Vec<f64>>,
    pub upper_years: Vec<Vec<f64>>,
    /// Boarding a pupil a year.
    pub boarding_yuan: f64,
    /// Kept open by 应留必留: no school or site within 30 minutes.
    pub kept_by_rule: Vec<bool>,
    /// Per node: the planner pinned it open, or it is its township's last
    /// primary school the rules must keep.
    pub pinned_open: Vec<bool>,
    /// The rows that join the whole county (the yearly caps on closures,
    /// the budget): set aside, the model falls apart into parts
    /// (`decompose`).
    pub linking: Vec<usize>,
}

impl Built {
    /// The construction cost of a solution (classrooms and new schools).
    pub fn construction(&self, value: &dyn Fn(usize) -> f64) -> f64 {
        let Some(last) = self.periods.len().checked_sub(1) else {
            return 0.0;
        };
        let rooms: f64 = self.rooms.iter().map(|r| value(r[last])).sum();
        let site_rooms: f64 = self.site_rooms.iter().map(|r| value(r[last])).sum();
        let sites: f64 = self.site_open.iter().map(|r| value(r[last])).sum();
        (rooms + site_rooms) * self.prices.room + sites * self.prices.new_school
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
    prices: Prices,
    class_sizes: [f64; 2],
    limits: (f64, f64),
    /// Grades of a primary and a junior school.
    grades: (f64, f64),
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
    posts: Vec<Vec<usize>>,
    short: Vec<Vec<Option<usize>>>,
    site_open: Vec<Vec<usize>>,
    site_rooms: Vec<Vec<usize>>,
    site_posts: Vec<Vec<usize>>,
}

/// The assignments, and the load they put on each school and site:
/// (variable, worst-year pupils, mean pupils / staff ratio).
struct Loads {
    assign: Vec<Assign>,
    load: Vec<Vec<Vec<(usize, f64, f64)>>>,
    incoming: Vec<Vec<bool>>,
    site_load: Vec<Vec<Vec<(usize, f64, f64)>>>,
    /// Terms added to a school's classes' staff (a downgrade's grades 4–6).
    class_extra: Vec<Vec<Vec<(usize, f64)>>>,
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
    let costs = inputs::costs(o, inst);
    let fixes = inputs::fixes(o, inst, settings, &demand, &sites)?;
    let prices = Prices::of(o, settings);
    let mut m = Model {
        name: "seatcast_layout".into(),
        ..Model::default()
    };
    let p = Parts {
        inst,
        settings,
        periods: &periods,
        sites: &sites,
        demand: &demand,
        costs: &costs,
        fixes: &fixes,
        prices,
        class_sizes: [
            sc.class_sizes.primary.max(1.0),
            sc.class_sizes.junior.max(1.0),
        ],
        limits: (
            sc.thresholds.large_school,
            sc.thresholds.large_nine_year_school,
        ),
        grades: {
            let g = |l: crate::grades::Level| {
                let s = o.dataset.grade_system.span_of(l);
                f64::from((s.hi.0 - s.lo.0 + 1).max(1))
            };
            (
                g(crate::grades::Level::Primary),
                g(crate::grades::Level::Junior),
            )
        },
    };
    let (open, rooms, posts, short, pinned_open) = node_vars(&mut m, &p);
    let (site_open, site_rooms, site_posts) = site_vars(&mut m, &p);
    let v = Vars {
        open,
        rooms,
        posts,
        short,
        site_open,
        site_rooms,
        site_posts,
    };
    once_rows(&mut m, &p, &v);
    let down = downgrade::down_vars(&mut m, &p, &v);
    let before = m.rows.len();
    phasing_rows(&mut m, &p, &v, &down);
    let mut linking: Vec<usize> = (before..m.rows.len()).collect();
    township_rows(o, &mut m, &p, &v);
    let mut loads = assignments(&mut m, &p, &v);
    let ups = downgrade::up_assignments(&mut m, &p, &v, &down, &mut loads);
    let site_shares = shares::share_rows(&mut m, &p, &v, &loads.assign);
    seat_rows(&mut m, &p, &v, &loads);
    staff_rows(&mut m, &p, &v, &loads);
    let before = m.rows.len();
    budget_row(&mut m, &p, &v);
    linking.extend(before..m.rows.len());
    shares::fold_constants(&mut m, &p, &v, &loads, &ups);
    let class_sizes = p.class_sizes;
    Ok(Built {
        model: m,
        periods: periods.clone(),
        sites: sites.clone(),
        open: v.open,
        rooms: v.rooms,
        posts: v.posts,
        short: v.short,
        site_open: v.site_open,
        site_rooms: v.site_rooms,
        site_posts: v.site_posts,
        assign: loads.assign,
        down,
        ups,
        site_shares,
        prices,
        site_class_size: class_sizes,
        ratio: costs.ratio,
        per_class: costs.per_class,
        peak: demand.peak,
        pupil_years: demand.pupil_years,
        upper_peak: demand.upper_peak,
        upper_years: demand.upper_years,
        boarding_yuan: settings.boarding_yuan,
        kept_by_rule: fixes.kept_by_rule,
        pinned_open,
        linking,
    })
}

type NodeVars = (
    Vec<Vec<usize>>,
    Vec<Vec<usize>>,
    Vec<Vec<usize>>,
    Vec<Vec<Option<usize>>>,
    Vec<bool>,
);

/// `open`, `rooms`, `posts` and `short` of every school and period.
fn node_vars(m: &mut Model, p: &Parts) -> NodeVars {
    let (n, np) = (p.inst.nodes.len(), p.periods.len());
    let (inst, settings, periods, f) = (p.inst, p.settings, p.periods, p.fixes);
    let (seats, per_room) = (&p.costs.seats, &p.costs.per_room);
    let mut open = vec![Vec::with_capacity(np); n];
    let mut rooms = vec![Vec::with_capacity(np); n];
    let mut posts = vec![Vec::with_capacity(np); n];
    let mut short = vec![Vec::with_capacity(np); n];
    let mut pinned_open = vec![false; n];
    for i in 0..n {
        let node = &inst.nodes[i];
        let name = p.name(i);
        // A closure may not come in the first projected fall unless the
        // planner allows it; a pinned closure comes in the first allowed.
        let may_close = settings.close
            && (node.closable || f.pinned_close[i])
            && !f.kept_by_rule[i]
            && !f.nowhere[i];
        pinned_open[i] = f.keep_until[i].is_some();
        let limit = if node.teaches(0) && node.teaches(1) {
            p.limits.1
        } else {
            p.limits.0
        };
        for (k, period) in periods.iter().enumerate() {
            let start = inst.base_year + period.first as i32;
            let too_soon = period.first == 1 && !settings.close_first_fall;
            let must = !may_close || too_soon || f.keep_until[i].is_some_and(|y| start < y);
            let (lo, hi) = if f.pinned_close[i] && !too_soon {
                (0.0, 0.0)
            } else if must {
                (1.0, 1.0)
            } else {
                (0.0, 1.0)
            };
            let v = m.var(format!("open_{name}_{k}"), lo, hi, true);
            m.cost.push((v, period.years() * p.prices.upkeep));
            open[i].push(v);
            // Classrooms only at the bureau's schools whose seats are known,
            // once they can be built, no more than its pupils and those
            // within reach need, and never past 大校额.
            let cap = match seats[i] {
                Some(s)
                    if settings.expand
                        && node.runs
                        && period.first >= settings.room_build_years =>
                {
                    let need = ((f.most[i] - s) / per_room[i]).ceil().max(0.0);
                    let size = ((limit - s) / per_room[i]).floor().max(0.0);
                    f64::from(settings.max_rooms).min(need).min(size)
                }
                _ => 0.0,
            };
            let r = m.var(format!("rooms_{name}_{k}"), 0.0, cap, true);
            m.cost.push((r, period.years() * p.prices.room_upkeep));
            rooms[i].push(r);
            let s = m.var(format!("posts_{name}_{k}"), 0.0, f64::INFINITY, false);
            m.cost.push((s, period.years() * p.prices.teacher));
            posts[i].push(s);
            short[i].push(seats[i].map(|_| {
                let s = m.var(format!("short_{name}_{k}"), 0.0, f64::INFINITY, false);
                m.cost.push((s, period.years() * p.prices.short));
                s
            }));
        }
        if let Some(&last) = rooms[i].last() {
            m.cost.push((last, p.prices.room));
        }
    }
    (open, rooms, posts, short, pinned_open)
}

/// `site`, `site_rooms` and `site_posts` of every candidate site and period.
#[allow(clippy::type_complexity)]
fn site_vars(m: &mut Model, p: &Parts) -> (Vec<Vec<usize>>, Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let (np, sites, periods, settings) = (p.periods.len(), p.sites, p.periods, p.settings);
    let mut site_open = vec![Vec::with_capacity(np); sites.len()];
    let mut site_rooms = vec![Vec::with_capacity(np); sites.len()];
    let mut site_posts = vec![Vec::with_capacity(np); sites.len()];
    let most = f64::from(settings.new_school_rooms);
    for (c, site) in sites.iter().enumerate() {
        for (k, period) in periods.iter().enumerate() {
            // A new school takes `school_build_years` to build.
            let ready = period.first >= settings.school_build_years.max(1);
            let v = m.var(
                format!("site_c{c}_{k}"),
                0.0,
                if ready { 1.0 } else { 0.0 },
                true,
            );
            m.cost.push((v, period.years() * p.prices.upkeep));
            site_open[c].push(v);
            let r = m.var(format!("siterooms_c{c}_{k}"), 0.0, most, true);
            m.cost.push((r, period.years() * p.prices.room_upkeep));
            site_rooms[c].push(r);
            m.row(
                format!("siterooms_open_c{c}_{k}"),
                vec![(r, 1.0), (v, -most)],
                Sense::Le,
                0.0,
            );
            // At least a class per grade it teaches.
            m.row(
                format!("siterooms_min_c{c}_{k}"),
                vec![(r, 1.0), (v, -site.min_rooms.min(most))],
                Sense::Ge,
                0.0,
            );
            let s = m.var(format!("siteposts_c{c}_{k}"), 0.0, f64::INFINITY, false);
            m.cost.push((s, period.years() * p.prices.teacher));
            site_posts[c].push(s);
        }
        if let (Some(&v), Some(&r)) = (site_open[c].last(), site_rooms[c].last()) {
            m.cost.push((v, p.prices.new_school));
            m.cost.push((r, p.prices.room));
        }
    }
    (site_open, site_rooms, site_posts)
}

/// A school closes once; classrooms and new schools, once built, stay.
fn once_rows(m: &mut Model, p: &Parts, v: &Vars) {
    let (n, np, sites) = (p.inst.nodes.len(), p.periods.len(), p.sites);
    let (open, rooms, site_open, site_rooms) = (&v.open, &v.rooms, &v.site_open, &v.site_rooms);
    for k in 1..np {
        for i in 0..n {
            let name = p.name(i);
            m.row(
                format!("once_{name}_{k}"),
                vec![(open[i][k], 1.0), (open[i][k - 1], -1.0)],
                Sense::Le,
                0.0,
            );
            m.row(
                format!("keep_rooms_{name}_{k}"),
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

/// At most `closures_per_year` closures in a period's first fall.
fn phasing_rows(m: &mut Model, p: &Parts, v: &Vars, down: &[Option<Vec<usize>>]) {
    let Some(cap) = p.settings.closures_per_year else {
        return;
    };
    let may: Vec<usize> = (0..p.inst.nodes.len())
        .filter(|&i| v.open[i].iter().any(|&x| m.vars[x].lower < 1.0))
        .collect();
    let downs = down.iter().filter(|d| d.is_some()).count();
    if may.len() + downs <= cap as usize {
        return;
    }
    for k in 0..p.periods.len() {
        // Σ (open[i,k−1] − open[i,k]) ≤ cap, with open[i,−1] = 1.
        let mut terms = Vec::new();
        let mut rhs = f64::from(cap);
        for &i in &may {
            terms.push((v.open[i][k], -1.0));
            if k == 0 {
                rhs -= 1.0;
            } else {
                terms.push((v.open[i][k - 1], 1.0));
            }
        }
        // Downgrades count as changes too: Σ (down[i,k] − down[i,k−1]).
        for d in down.iter().flatten() {
            terms.push((d[k], 1.0));
            if k > 0 {
                terms.push((d[k - 1], -1.0));
            }
        }
        m.row(format!("closures_{k}"), terms, Sense::Le, rhs);
    }
}

/// Every township keeps a primary school of the bureau's (or a new one).
fn township_rows(o: &Outcome, m: &mut Model, p: &Parts, v: &Vars) {
    if !p.settings.township_keeps_primary {
        return;
    }
    let d = &o.dataset;
    let mut areas: Vec<&str> = p
        .inst
        .nodes
        .iter()
        .filter(|n| n.runs && n.teaches(0))
        .filter_map(|n| d.schools[n.school].area.as_deref())
        .collect();
    areas.sort_unstable();
    areas.dedup();
    for (a, area) in areas.iter().enumerate() {
        let members: Vec<usize> = (0..p.inst.nodes.len())
            .filter(|&i| {
                let n = &p.inst.nodes[i];
                n.runs && n.teaches(0) && d.schools[n.school].area.as_deref() == Some(area)
            })
            .collect();
        // Nothing to say where one of them never closes.
        if members
            .iter()
            .any(|&i| v.open[i].iter().all(|&x| m.vars[x].lower >= 1.0))
        {
            continue;
        }
        for k in 0..p.periods.len() {
            let mut terms: Vec<(usize, f64)> =
                members.iter().map(|&i| (v.open[i][k], 1.0)).collect();
            for (c, s) in p.sites.iter().enumerate() {
                if s.level == 0 && s.area.as_deref() == Some(area) {
                    terms.push((v.site_open[c][k], 1.0));
                }
            }
            m.row(format!("township_{a}_{k}"), terms, Sense::Ge, 1.0);
        }
    }
}

/// Every catchment's pupils placed, by level and period: at home while its
/// school is open, else at receivers within reach that stay open to the
/// horizon, or at a new school.
fn assignments(m: &mut Model, p: &Parts, v: &Vars) -> Loads {
    let (n, np, inst, sites, periods) = (
        p.inst.nodes.len(),
        p.periods.len(),
        p.inst,
        p.sites,
        p.periods,
    );
    let (peak, pupil_years) = (&p.demand.peak, &p.demand.pupil_years);
    let (open, site_open) = (&v.open, &v.site_open);
    let last = np.saturating_sub(1);
    let mut assign = Vec::new();
    let mut load = vec![vec![Vec::new(); np]; n];
    let mut incoming = vec![vec![false; np]; n];
    let mut site_load = vec![vec![Vec::new(); np]; sites.len()];
    for (k, period) in periods.iter().enumerate() {
        for i in 0..n {
            for l in 0..2 {
                let pupils = peak[i][k][l];
                if pupils <= 0.0 {
                    continue;
                }
                let years = pupil_years[i][k][l];
                let staff = years / period.years() / p.costs.ratio[l];
                let mut options: Vec<(Target, f64, bool, f64)> =
                    vec![(Target::Node(i), 0.0, false, 0.0)];
                // A school that stays open this period keeps its pupils
                // (only a new school may take some); a receiver is the
                // bureau's, its seats known, and open to the horizon.
                let stays = m.vars[open[i][k]].lower == 1.0;
                for x in inst
                    .links
                    .iter()
                    .filter(|x| x.from == i && x.within_radius[l] && !stays)
                    .filter(|x| p.costs.seats[x.to].is_some())
                    .filter(|x| m.vars[open[x.to][last]].upper == 1.0)
                {
                    options.push((Target::Node(x.to), x.km, x.bus, x.minutes));
                }
                for (c, s) in sites.iter().enumerate() {
                    for r in s.reach.iter().filter(|r| r.node == i && r.within_radius[l]) {
                        options.push((Target::Site(c), r.km, r.bus, r.minutes));
                    }
                }
                let mut sum = Vec::new();
                for (to, km, bus, minutes) in options {
                    let tag = match to {
                        Target::Node(j) => p.name(j),
                        Target::Site(c) => format!("c{c}"),
                    };
                    let from = p.name(i);
                    let x = m.var(format!("x_{from}_{tag}_{l}_{k}"), 0.0, 1.0, false);
                    let (b, t) = p.prices.trip(km, bus, minutes);
                    if b + t > 0.0 {
                        m.cost.push((x, (b + t) * p.prices.travel_weight * years));
                    }
                    sum.push((x, 1.0));
                    match to {
                        Target::Node(j) if j == i => {
                            if !stays {
                                m.row(
                                    format!("own_{from}_{l}_{k}"),
                                    vec![(x, 1.0), (open[i][k], -1.0)],
                                    Sense::Le,
                                    0.0,
                                );
                            }
                            load[i][k].push((x, pupils, staff));
                        }
                        Target::Node(j) => {
                            if m.vars[open[j][last]].lower < 1.0 {
                                m.row(
                                    format!("to_open_{from}_{tag}_{l}_{k}"),
                                    vec![(x, 1.0), (open[j][last], -1.0)],
                                    Sense::Le,
                                    0.0,
                                );
                            }
                            m.row(
                                format!("if_closed_{from}_{tag}_{l}_{k}"),
                                vec![(x, 1.0), (open[i][k], 1.0)],
                                Sense::Le,
                                1.0,
                            );
                            load[j][k].push((x, pupils, staff));
                            incoming[j][k] = true;
                        }
                        Target::Site(c) => {
                            m.row(
                                format!("to_site_{from}_c{c}_{l}_{k}"),
                                vec![(x, 1.0), (site_open[c][k], -1.0)],
                                Sense::Le,
                                0.0,
                            );
                            site_load[c][k].push((x, pupils, staff));
                        }
                    }
                    assign.push(Assign {
                        from: i,
                        to,
                        level: l,
                        period: k,
                        var: x,
                        km,
                        bus,
                        minutes,
                    });
                }
                m.row(format!("placed_{}_{l}_{k}", p.name(i)), sum, Sense::Eq, 1.0);
            }
        }
    }
    Loads {
        assign,
        load,
        incoming,
        site_load,
        class_extra: vec![vec![Vec::new(); np]; n],
    }
}

/// Seats (a closed school's count for no one) where known, and 大校额, at
/// schools and sites.
fn seat_rows(m: &mut Model, p: &Parts, v: &Vars, l: &Loads) {
    let (n, np, inst, sites) = (p.inst.nodes.len(), p.periods.len(), p.inst, p.sites);
    let (peak, seats, per_room) = (&p.demand.peak, &p.costs.seats, &p.costs.per_room);
    for i in 0..n {
        let node = &inst.nodes[i];
        let limit = if node.teaches(0) && node.teaches(1) {
            p.limits.1
        } else {
            p.limits.0
        };
        for (k, worst) in peak[i].iter().enumerate().take(np) {
            let mut terms: Vec<(usize, f64)> =
                l.load[i][k].iter().map(|&(x, a, _)| (x, a)).collect();
            let own: f64 = worst[0] + worst[1];
            if l.incoming[i][k] {
                m.row(
                    format!("size_{}_{k}", p.name(i)),
                    terms.clone(),
                    Sense::Le,
                    limit.max(own),
                );
            }
            let (Some(s), Some(short)) = (seats[i], v.short[i][k]) else {
                continue;
            };
            // A closed school's seats count for no one (`seats · open`,
            // not `seats`: the tighter form, so that the bound is close).
            terms.push((v.open[i][k], -s));
            terms.push((v.rooms[i][k], -per_room[i]));
            terms.push((short, -1.0));
            m.row(format!("seats_{}_{k}", p.name(i)), terms, Sense::Le, 0.0);
        }
    }
    for (c, site) in sites.iter().enumerate() {
        for k in 0..np {
            let mut terms: Vec<(usize, f64)> =
                l.site_load[c][k].iter().map(|&(x, a, _)| (x, a)).collect();
            if terms.is_empty() {
                continue;
            }
            m.row(
                format!("size_c{c}_{k}"),
                terms.clone(),
                Sense::Le,
                p.limits.0,
            );
            terms.push((v.site_rooms[c][k], -p.class_sizes[site.level]));
            m.row(format!("seats_c{c}_{k}"), terms, Sense::Le, 0.0);
        }
    }
}

/// Staff on one basis for every school, existing or new: the larger of its
/// pupils at the staffing ratio and a class per grade at the class–teacher
/// ratio, while open. Every pupil is taught somewhere, so the posts at the
/// ratio add up to the same whatever the plan: the model charges only the
/// posts beyond them, `posts ≥ per_class · grades · open − Σ pupils · x / ratio`
/// (so the gap measures the plan, not the county's payroll).
fn staff_rows(m: &mut Model, p: &Parts, v: &Vars, l: &Loads) {
    let (n, np) = (p.inst.nodes.len(), p.periods.len());
    for i in 0..n {
        let grades = (p.inst.nodes[i].grades_taught[0] + p.inst.nodes[i].grades_taught[1]) as f64;
        if grades <= 0.0 {
            continue;
        }
        for k in 0..np {
            let mut terms: Vec<(usize, f64)> =
                l.load[i][k].iter().map(|&(x, _, s)| (x, -s)).collect();
            terms.push((v.open[i][k], p.costs.per_class * grades));
            terms.extend(l.class_extra[i][k].iter().copied());
            terms.push((v.posts[i][k], -1.0));
            m.row(format!("staff_{}_{k}", p.name(i)), terms, Sense::Le, 0.0);
        }
    }
    for (c, site) in p.sites.iter().enumerate() {
        for k in 0..np {
            let mut terms: Vec<(usize, f64)> =
                l.site_load[c][k].iter().map(|&(x, _, s)| (x, -s)).collect();
            terms.push((v.site_open[c][k], p.costs.per_class * site.min_rooms));
            terms.push((v.site_posts[c][k], -1.0));
            m.row(format!("staff_c{c}_{k}"), terms, Sense::Le, 0.0);
        }
    }
}

/// The budget caps construction.
fn budget_row(m: &mut Model, p: &Parts, v: &Vars) {
    let Some(budget) = p.settings.budget else {
        return;
    };
    let mut terms = Vec::new();
    for r in v.rooms.iter().chain(v.site_rooms.iter()) {
        if let Some(&x) = r.last() {
            terms.push((x, p.prices.room));
        }
    }
    for s in &v.site_open {
        if let Some(&x) = s.last() {
            terms.push((x, p.prices.new_school));
        }
    }
    m.row("budget".into(), terms, Sense::Le, budget);
}
