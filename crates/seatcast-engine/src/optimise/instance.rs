//! The optimiser's instance, read from an outcome (docs/optimiser.md):
//!
//! - each school's projected pupils by level (primary, junior) and year,
//!   and its grade 1–3 pupils, who stay day pupils within 30 minutes'
//!   travel (国办发〔2018〕27号: 小学1—3年级学生原则上不寄宿，就近走读上学，
//!   路途时间一般不超过半小时);
//! - the links from each school's catchment to every other school of the
//!   same level within that level's service radius (by road where an
//!   extract is loaded, else in a straight line), with the travel time at
//!   the planner's speeds and whether it is within 30 minutes;
//! - the schools the rules keep open (应留必留): those whose grade 1–3
//!   pupils have no other school of their level within 30 minutes.

use crate::Outcome;
use crate::grades::{Grade, Level};
use crate::method::observed::slot;

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
    /// base+horizon), by level in [`LEVELS`]' order.
    pub pupils: Vec<[f64; 2]>,
    /// Of them, grades 1–3, per year.
    pub early: Vec<f64>,
    /// Its seats in the base fall, where known.
    pub seats: Option<f64>,
    /// Grades it teaches in the first projected fall: at least one class each.
    pub grades_taught: usize,
    /// Kept open by the rules: it has grade 1–3 pupils and no other
    /// school of its level within [`DAY_PUPIL_MINUTES`].
    pub must_stay: bool,
}

impl Node {
    /// Whether it teaches a level in some projected year.
    pub fn teaches(&self, level: usize) -> bool {
        self.pupils.iter().any(|p| p[level] > 0.0)
    }
}

/// A school's catchment that another school could serve. `from` and `to`
/// index [`Instance::nodes`], which holds only the schools teaching a
/// planned level (kindergartens and senior high schools are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Indexes into [`Instance::nodes`].
    pub from: usize,
    pub to: usize,
    pub km: f64,
    pub by_road: bool,
    /// One way, at the planner's speeds.
    pub minutes: f64,
    /// Within the service radius of each level of [`LEVELS`].
    pub within_radius: [bool; 2],
    /// Within [`DAY_PUPIL_MINUTES`]: grades 1–3 may go.
    pub day_school: bool,
}

/// What the model reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub base_year: i32,
    pub horizon: usize,
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
}

impl Instance {
    /// The instance of an outcome, under its scenario's planner settings.
    pub fn of(o: &Outcome) -> Instance {
        let d = &o.dataset;
        let p = &o.projection;
        let settings = &o.scenario.planner;
        let level_of = |g: Grade| match d.grade_system.stage_of(g) {
            Level::Junior => Some(1),
            Level::Primary => Some(0),
            _ => None,
        };
        let n = p.n_schools.min(d.schools.len());
        let mut nodes: Vec<Node> = (0..n)
            .map(|s| {
                let mut pupils = Vec::with_capacity(p.horizon);
                let mut early = Vec::with_capacity(p.horizon);
                for h in 1..=p.horizon {
                    let grades = p.grades(s, h);
                    let mut by_level = [0.0; 2];
                    for g in Grade::LOWEST..=Grade::HIGHEST {
                        let v = grades.get(slot(Grade(g))).copied().unwrap_or(0.0);
                        if let Some(l) = level_of(Grade(g)) {
                            by_level[l] += v;
                        }
                    }
                    pupils.push(by_level);
                    early.push(
                        (1..=3)
                            .map(|g| grades.get(slot(Grade(g))).copied().unwrap_or(0.0))
                            .sum(),
                    );
                }
                let seats = o
                    .school_rows(s)
                    .iter()
                    .find(|r| r.year == p.base_year)
                    .and_then(|r| r.capacity);
                let first = p.grades(s, 1);
                let grades_taught = (Grade::LOWEST..=Grade::HIGHEST)
                    .filter(|&g| level_of(Grade(g)).is_some())
                    .filter(|&g| first.get(slot(Grade(g))).is_some_and(|v| *v > 0.0))
                    .count();
                Node {
                    school: s,
                    pupils,
                    early,
                    seats,
                    grades_taught,
                    must_stay: false,
                }
            })
            .collect();
        // Only schools that teach a planned level are in the model.
        nodes.retain(|n| n.teaches(0) || n.teaches(1));
        let n = nodes.len();
        let teaches: Vec<[bool; 2]> = nodes.iter().map(|n| [n.teaches(0), n.teaches(1)]).collect();
        let mut links = Vec::new();
        for a in 0..n {
            for b in (0..n).filter(|&b| b != a) {
                let (sa, sb) = (nodes[a].school, nodes[b].school);
                let Some((km, by_road)) = d.travel_km(sa, sb, settings.mode()) else {
                    continue;
                };
                let within_radius = LEVELS.map(|l| km <= settings.radius_km(l));
                let serves = |l: usize| within_radius[l] && teaches[a][l] && teaches[b][l];
                if !(serves(0) || serves(1)) {
                    continue;
                }
                let minutes = settings.minutes(km);
                links.push(Link {
                    from: a,
                    to: b,
                    km,
                    by_road,
                    minutes,
                    within_radius,
                    day_school: minutes <= DAY_PUPIL_MINUTES,
                });
            }
        }
        for (a, node) in nodes.iter_mut().enumerate() {
            let early = node.early.iter().any(|v| *v > 0.0);
            let receiver = links
                .iter()
                .any(|l| l.from == a && l.day_school && l.within_radius[0]);
            node.must_stay = early && !receiver;
        }
        Instance {
            base_year: p.base_year,
            horizon: p.horizon,
            nodes,
            links,
        }
    }
}
