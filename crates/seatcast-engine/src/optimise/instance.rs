//! The optimiser's instance, read from an outcome (docs/optimiser.md):
//!
//! - each school's projected pupils by level (primary, junior) and year,
//!   and its grade 1–3 pupils, who stay day pupils within 30 minutes'
//!   travel (国办发〔2018〕27号: 小学1—3年级学生原则上不寄宿，就近走读上学，
//!   路途时间一般不超过半小时);
//! - who the plan may change ([`crate::plan::bureau`]): closure
//!   candidates, and the schools that are not the bureau's (private,
//!   national), which never close, grow or receive;
//! - the links from each school's catchment to every school of the bureau
//!   that teaches its level within reach, as pupils make the trip: on foot,
//!   or by school bus where the county runs one from the pupil's township;
//!   by road where an extract is loaded, else the straight line times the
//!   township's detour factor. A primary link is a day school's: within
//!   30 minutes by the mode in force, since a merge moves every grade;
//! - the schools the rules keep open (应留必留): those whose grade 1–3
//!   pupils have no other school of their level within 30 minutes.

use crate::Outcome;
use crate::grades::{Grade, Level};
use crate::method::observed::slot;
use crate::places::roads::Mode;
use crate::plan::bureau;
use crate::settings::optimise::OptimiseSettings;
use crate::settings::planner::PlannerSettings;

/// Grade 1–3 pupils travel at most this long, one way (国办发〔2018〕27号).
pub const DAY_PUPIL_MINUTES: f64 = 30.0;

/// The levels the optimiser plans, in the order of [`Node::pupils`].
pub const LEVELS: [Level; 2] = [Level::Primary, Level::Junior];

/// One school as the model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index into the outcome's dataset.
    pub school: usize,
    /// Projected pupils per year (index h − 1 for years base+1 …
    /// base+horizon), by level in `LEVELS`' order.
    pub pupils: Vec<[f64; 2]>,
    /// Of them, grades 1–3, per year.
    pub early: Vec<f64>,
    /// Its seats in the base fall, where known.
    pub seats: Option<f64>,
    /// Grades it teaches in the first projected fall, by level: at least
    /// one class each.
    pub grades_taught: [usize; 2],
    /// Pupils in the base fall.
    pub base_pupils: f64,
    /// The bureau runs it: it may grow and receive pupils.
    pub runs: bool,
    /// A closure candidate (`bureau::closable`).
    pub closable: bool,
    /// A school bus runs from its township.
    pub bus: bool,
    /// Primary grades above 3 it teaches in the first projected fall: what
    /// it sends on if it becomes a 教学点.
    pub upper_grades: usize,
    /// Its grade 4–6 pupils per year.
    pub upper: Vec<f64>,
    /// It may take boarders: the bureau's, a township centre school (its
    /// name says 中心) or one the roster gives boarders.
    pub boarding: bool,
    /// Its beds less its boarders, where the roster gives its beds (床位):
    /// the most pupils the plan may send there to board.
    pub spare_beds: Option<f64>,
    /// Kept open by the rules: it has grade 1–3 pupils and no other
    /// school of its level within `DAY_PUPIL_MINUTES`.
    pub must_stay: bool,
}

impl Node {
    /// Whether it teaches a level in some projected year.
    pub fn teaches(&self, level: usize) -> bool {
        self.pupils.iter().any(|p| p[level] > 0.0)
    }

    /// Whether it has grade 1–3 pupils in some projected year.
    pub fn has_early(&self) -> bool {
        self.early.iter().any(|e| *e > 0.0)
    }
}

/// A school's catchment that another school could serve. `from` and `to`
/// index [`Instance::nodes`], which holds only the schools teaching a
/// planned level (kindergartens and senior high schools are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Indexes into [`Instance::nodes`].
    pub from: usize,
    /// The school that could serve it (one of the bureau's teaching the level).
    pub to: usize,
    /// The trip's length: by road, or the straight line × the detour.
    pub km: f64,
    /// Whether km is by road (an extract is loaded and a road joins them)
    /// rather than the straight line.
    pub by_road: bool,
    /// Whether the trip is by school bus (else on foot).
    pub bus: bool,
    /// One way, by that mode.
    pub minutes: f64,
    /// Pupils of each level of `LEVELS` may go: within the level's
    /// radius for the mode, and for primary pupils (grades 1–3 move with
    /// their school) within 30 minutes.
    pub within_radius: [bool; 2],
    /// Within `DAY_PUPIL_MINUTES`: grades 1–3 may go.
    pub day_school: bool,
}

/// How far and how long a trip is, as pupils make it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trip {
    /// The trip's length: by road, or the straight line × the detour factor.
    pub km: f64,
    /// Whether km is by road rather than the straight line.
    pub by_road: bool,
    /// Whether it is by school bus (else on foot).
    pub bus: bool,
    /// Minutes one way, at the mode's speed.
    pub minutes: f64,
    /// Within each level's radius (primary, junior) for the mode; a primary trip
    /// of grade 1–3 pupils only within DAY_PUPIL_MINUTES as well.
    pub within_radius: [bool; 2],
    /// Within DAY_PUPIL_MINUTES: grades 1–3 may make it.
    pub day_school: bool,
}

impl Trip {
    /// A trip of `km` (straight, or by road) from a township with or without
    /// a bus: the straight line × the detour where not by road, the mode's
    /// speed and radii; a primary trip only within 30 minutes when the
    /// pupils include grades 1–3.
    pub fn new(
        (km, by_road): (f64, bool),
        detour: f64,
        bus: bool,
        early: bool,
        planner: &PlannerSettings,
    ) -> Trip {
        let km = if by_road { km } else { km * detour.max(1.0) };
        let kmh = if bus {
            planner.bus_kmh
        } else {
            planner.walk_kmh
        };
        let minutes = km / kmh.max(0.1) * 60.0;
        let radius = |r: crate::settings::planner::Radius| if bus { r.bus_km } else { r.walk_km };
        let day_school = minutes <= DAY_PUPIL_MINUTES;
        Trip {
            km,
            by_road,
            bus,
            minutes,
            within_radius: [
                km <= radius(planner.primary_radius) && (day_school || !early),
                km <= radius(planner.junior_radius),
            ],
            day_school,
        }
    }
}

/// Where a school downgraded to a 教学点 could send its grade 4–6 pupils:
/// within the primary radius by the mode in force, or to board at a
/// school that takes boarders within the bus radius.
#[derive(Debug, Clone, PartialEq)]
pub struct UpLink {
    /// The closure candidate, an index into Instance::nodes.
    pub from: usize,
    /// The school that would take its grade 4–6 pupils, an index into Instance::nodes.
    pub to: usize,
    /// The trip's length: by road, or the straight line × the detour factor.
    pub km: f64,
    /// Whether it is by school bus (else on foot).
    pub bus: bool,
    /// To board there: not within the primary radius, but within the bus radius of
    /// a school that takes boarders.
    pub boarding: bool,
    /// Minutes one way, at the mode's speed.
    pub minutes: f64,
}

/// What the model reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// The projection's base fall.
    pub base_year: i32,
    /// Years projected after the base fall.
    pub horizon: usize,
    /// The schools with primary or junior pupils in some projected year.
    pub nodes: Vec<Node>,
    /// Every catchment another school of the bureau's could serve, within reach.
    pub links: Vec<Link>,
    /// Where each closure candidate's grade 4–6 pupils could go as a 教学点's.
    pub uplinks: Vec<UpLink>,
}

impl Instance {
    /// The instance of an outcome, under its scenario's planner and
    /// optimiser settings.
    pub fn of(o: &Outcome) -> Instance {
        let d = &o.dataset;
        let p = &o.projection;
        let planner = &o.scenario.planner;
        let settings = &o.scenario.optimise;
        let n = p.n_schools.min(d.schools.len());
        let mut nodes: Vec<Node> = (0..n).map(|s| node(o, s, settings)).collect();
        // Only schools that teach a planned level are in the model.
        nodes.retain(|n| n.teaches(0) || n.teaches(1));
        let n = nodes.len();
        let teaches: Vec<[bool; 2]> = nodes.iter().map(|n| [n.teaches(0), n.teaches(1)]).collect();
        let mut links = Vec::new();
        for a in 0..n {
            let from = &d.schools[nodes[a].school];
            let detour = settings.detour_for(from);
            let mode = if nodes[a].bus { Mode::Bus } else { Mode::Walk };
            for b in (0..n).filter(|&b| b != a && nodes[b].runs) {
                let (sa, sb) = (nodes[a].school, nodes[b].school);
                let Some(travel) = d.travel_km(sa, sb, mode) else {
                    continue;
                };
                let t = Trip::new(travel, detour, nodes[a].bus, nodes[a].has_early(), planner);
                let serves = |l: usize| t.within_radius[l] && teaches[a][l] && teaches[b][l];
                if !(serves(0) || serves(1)) {
                    continue;
                }
                links.push(Link {
                    from: a,
                    to: b,
                    km: t.km,
                    by_road: t.by_road,
                    bus: t.bus,
                    minutes: t.minutes,
                    within_radius: [serves(0), serves(1)],
                    day_school: t.day_school,
                });
            }
        }
        for (a, node) in nodes.iter_mut().enumerate() {
            let receiver = links.iter().any(|l| l.from == a && l.within_radius[0]);
            node.must_stay = node.has_early() && !receiver;
        }
        let uplinks = uplinks(o, &nodes);
        Instance {
            base_year: p.base_year,
            horizon: p.horizon,
            nodes,
            links,
            uplinks,
        }
    }
}

/// Where each closure candidate's grade 4–6 pupils could go if it became a
/// 教学点: on foot or by bus within the primary radius, or to board.
fn uplinks(o: &Outcome, nodes: &[Node]) -> Vec<UpLink> {
    let (d, planner, settings) = (&o.dataset, &o.scenario.planner, &o.scenario.optimise);
    let mut out = Vec::new();
    for (a, na) in nodes.iter().enumerate() {
        if !(na.closable && na.upper_grades > 0 && na.upper.iter().any(|u| *u > 0.0)) {
            continue;
        }
        let from = &d.schools[na.school];
        let detour = settings.detour_for(from);
        let mode = if na.bus { Mode::Bus } else { Mode::Walk };
        for (b, nb) in nodes.iter().enumerate() {
            if b == a || !nb.runs || !nb.teaches(0) || nb.closable {
                continue;
            }
            let Some(travel) = d.travel_km(na.school, nb.school, mode) else {
                continue;
            };
            let t = Trip::new(travel, detour, na.bus, false, planner);
            let boards = settings.boarding && nb.boarding && t.km <= planner.primary_radius.bus_km;
            if t.within_radius[0] || boards {
                out.push(UpLink {
                    from: a,
                    to: b,
                    km: t.km,
                    bus: t.bus,
                    boarding: !t.within_radius[0],
                    minutes: t.minutes,
                });
            }
        }
    }
    out
}

/// A school's projected pupils in year `h` (0: the base fall) by level in
/// `LEVELS`' order; none for a school the projection does not hold.
pub fn pupils_by_level(o: &Outcome, s: usize, h: usize) -> [f64; 2] {
    let mut out = [0.0; 2];
    if s >= o.projection.n_schools {
        return out;
    }
    let grades = o.projection.grades(s, h);
    for g in Grade::LOWEST..=Grade::HIGHEST {
        if let Some(l) = level_index(o, Grade(g)) {
            out[l] += grades.get(slot(Grade(g))).copied().unwrap_or(0.0);
        }
    }
    out
}

/// The index in `LEVELS` of the level a grade belongs to, if planned.
fn level_index(o: &Outcome, g: Grade) -> Option<usize> {
    match o.dataset.grade_system.stage_of(g) {
        Level::Junior => Some(1),
        Level::Primary => Some(0),
        _ => None,
    }
}

/// One school's node: its pupils by level and year, and who may change it.
fn node(o: &Outcome, s: usize, settings: &OptimiseSettings) -> Node {
    let (d, p) = (&o.dataset, &o.projection);
    let level_of = |g: Grade| level_index(o, g);
    let mut pupils = Vec::with_capacity(p.horizon);
    let mut early = Vec::with_capacity(p.horizon);
    let mut upper = Vec::with_capacity(p.horizon);
    for h in 1..=p.horizon {
        let grades = p.grades(s, h);
        let by_level = pupils_by_level(o, s, h);
        let e: f64 = (1..=3)
            .map(|g| grades.get(slot(Grade(g))).copied().unwrap_or(0.0))
            .sum();
        upper.push((by_level[0] - e).max(0.0));
        pupils.push(by_level);
        early.push(e);
    }
    let seats = o
        .school_rows(s)
        .iter()
        .find(|r| r.year == p.base_year)
        .and_then(|r| r.capacity);
    let first = p.grades(s, 1);
    let mut grades_taught = [0; 2];
    for g in Grade::LOWEST..=Grade::HIGHEST {
        if let Some(l) = level_of(Grade(g))
            && first.get(slot(Grade(g))).is_some_and(|v| *v > 0.0)
        {
            grades_taught[l] += 1;
        }
    }
    let area = d.schools[s].area.as_deref();
    let upper_grades = (4..=Grade::HIGHEST)
        .filter(|&g| level_of(Grade(g)) == Some(0))
        .filter(|&g| first.get(slot(Grade(g))).is_some_and(|v| *v > 0.0))
        .count();
    let school = &d.schools[s];
    let runs = bureau::runs(o, s, settings);
    Node {
        school: s,
        pupils,
        early,
        seats,
        grades_taught,
        base_pupils: bureau::base_pupils(o, s),
        runs,
        closable: bureau::closable(o, s, settings),
        bus: settings.buses.runs(area),
        upper_grades,
        upper,
        boarding: runs
            && (school.name.contains("中心")
                || school.boarders.is_some_and(|b| b > 0.0)
                || school.beds.is_some_and(|b| b > 0.0)),
        spare_beds: school
            .beds
            .map(|b| (b - school.boarders.unwrap_or(0.0)).max(0.0)),
        must_stay: false,
    }
}
