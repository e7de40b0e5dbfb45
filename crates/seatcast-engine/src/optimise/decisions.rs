//! A solution read back as the planner's decisions (each with the figures
//! its one-line explanation needs), as scenario actions with years, and as
//! the totals that compare plans under the model's objective.

use super::build::{Built, Target};
use super::instance::Instance;
use crate::Outcome;
use crate::plan::planner::school_ref;
use crate::settings::actions::Action;
use crate::settings::optimise::OptimiseSettings;
use serde::Serialize;

/// Where a closing school's pupils go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sent {
    /// A school of the dataset, or a new school (by its site's name).
    pub school: Option<usize>,
    /// The new school's name where they go to one (school is then None).
    pub new_school: Option<String>,
    /// Pupils sent, in the worst year of the period the school closes (or is
    /// downgraded) in.
    pub pupils: f64,
    /// The trip's length: by road, or the straight line × the detour factor.
    pub km: f64,
    /// By school bus (else on foot).
    pub bus: bool,
    /// To board there (grades 4–6 of a 教学点).
    #[serde(default)]
    pub boarding: bool,
    /// The detour factor its kilometres were measured with (the straight
    /// line × it), where no road extract gave them.
    #[serde(default)]
    pub detour: Option<f64>,
    /// Minutes one way, by the mode.
    pub minutes: f64,
    /// Its pupils by level (primary, junior): what each level's grades
    /// follow when the plan is carried out in whole grades.
    #[serde(skip)]
    pub by_level: [f64; 2],
}

/// One decision of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// Close `school` in the fall of `year`; its pupils go to `to`.
    Close {
        /// The school's index in the dataset.
        school: usize,
        /// The fall it closes in: the first of its period.
        year: i32,
        /// Its pupils in the worst year of the period it closes in.
        pupils: f64,
        /// Its pupils in the base fall (what the closure threshold reads).
        pupils_now: f64,
        /// Where its pupils go, most first.
        to: Vec<Sent>,
        /// What closing it saves a year: its posts beyond those its
        /// receivers need for the pupils they gain, and its upkeep.
        saving_per_year: f64,
        /// What the trips cost a year: the school bus and families' time.
        trips_per_year: f64,
    },
    /// Make `school` a 教学点 from the fall of `year`: its grades 1–3
    /// stay, its grades 4–6 go to `to` (on foot, by bus or to board).
    Downgrade {
        /// The school's index in the dataset.
        school: usize,
        /// The fall its grades 4–6 go: the first of its period.
        year: i32,
        /// Its grade 4–6 pupils that go.
        pupils: f64,
        /// Where its grade 4–6 pupils go, most first.
        to: Vec<Sent>,
        /// The staff of its grade 4–6 classes less those the receivers
        /// need for the pupils they gain, a year.
        saving_per_year: f64,
        /// The trips and boarding, a year.
        trips_per_year: f64,
    },
    /// Add classrooms, ready by the fall of `year`.
    Expand {
        /// The school's index in the dataset.
        school: usize,
        /// The first fall of the period they are added in.
        year: i32,
        /// Classrooms added (whole).
        classrooms: f64,
        /// Their building cost, yuan.
        cost: f64,
    },
    /// Open a new school at a candidate site.
    Open {
        /// The new school's name (its site's, e.g. "X（新建）").
        name: String,
        /// The area (township) of its site, where known.
        area: Option<String>,
        /// Where it stands: its site's coordinates.
        coords: crate::model::Coords,
        /// The fall it opens: the first of its period.
        year: i32,
        /// Its classrooms at the end of the horizon.
        classrooms: f64,
        /// The pupils it takes in the worst year of its first period.
        pupils: f64,
        /// The schools it takes pupils from in its first period (dataset indices).
        from: Vec<usize>,
        /// Its building cost, yuan: the new school's price and its classrooms'.
        cost: f64,
        /// The pupils' trips a year, each: school bus and families' time
        /// (unweighted), their means over the pupils it takes.
        bus_per_pupil: f64,
        /// Families' time on the trips, yuan a year, the mean over its pupils (see
        /// bus_per_pupil).
        time_per_pupil: f64,
        /// The share of its area's entry cohort it takes once full (the
        /// model's last period): what the engine's new school carves.
        entry_share: f64,
        /// Per school in `from`, the share of its own entry cohort it takes
        /// (the model's constant share; none from a school that closes:
        /// its merge sends its pupils).
        donor_shares: Vec<f64>,
    },
    /// A small school (under the closure threshold) kept open, and why.
    Kept {
        /// The school's index in the dataset.
        school: usize,
        /// Its pupils in the base fall.
        pupils: f64,
        /// Why it stays open.
        why: Kept,
    },
}

/// Why a small school stays open.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Kept {
    /// 应留必留: its grade 1–3 pupils have no school within 30 minutes by
    /// the mode in force; the nearest school of the bureau's, where known.
    DayRule {
        /// Minutes to the nearest school of the bureau's teaching primary
        /// grades, however far, by the mode in force; None where no such
        /// school's distance is known.
        nearest_minutes: Option<f64>,
    },
    /// Not the bureau's (private or national).
    NotTheBureaus,
    /// The planner pinned it open.
    Pinned,
    /// Its township's last primary school.
    Township,
    /// Seats or coordinates unknown around it: no receiver can be checked.
    Unknown,
    /// Closing it would cost more than it saves (or the yearly cap and the
    /// budget put it off beyond the horizon).
    NotWorthIt,
}

/// A plan's totals under the model's objective.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Totals {
    /// The objective, yuan over the horizon.
    pub objective: f64,
    /// Classrooms and new schools built, yuan.
    pub construction_yuan: f64,
    /// Upkeep of schools and classrooms, and the staff classes need beyond the
    /// pupils' posts at the ratio, yuan over the horizon.
    pub running_yuan: f64,
    /// School buses.
    pub travel_yuan: f64,
    /// Boarding grades 4–6 of 教学点.
    pub boarding_yuan: f64,
    /// Families' time on the trips.
    pub time_yuan: f64,
    /// Seats short, at the price of a seat short a year, yuan.
    pub short_yuan: f64,
    /// Seats short summed over the years (seat-years).
    pub seat_years_short: f64,
    /// Pupil-km (one way, per school day) summed over the years.
    pub pupil_km_years: f64,
    /// Schools closed by the end of the horizon.
    pub closed: usize,
    /// New schools open by the end of the horizon.
    pub opened: usize,
    /// Schools given classrooms.
    pub expanded: usize,
    /// Classrooms added, at schools and new schools.
    pub classrooms: f64,
}

/// The totals of a solution.
pub fn totals(b: &Built, values: &[f64]) -> Totals {
    let v = |i: usize| values.get(i).copied().unwrap_or(0.0);
    let Some(last) = b.periods.len().checked_sub(1) else {
        return Totals::default();
    };
    let pr = &b.prices;
    let mut t = Totals {
        construction_yuan: b.construction(&v),
        ..Totals::default()
    };
    for (i, open) in b.open.iter().enumerate() {
        for (k, p) in b.periods.iter().enumerate() {
            t.running_yuan += v(open[k]).round() * p.years() * pr.upkeep;
            // The staff its classes need beyond its pupils at the ratio.
            t.running_yuan += v(b.posts[i][k]) * p.years() * pr.teacher;
            t.running_yuan += v(b.rooms[i][k]).round() * p.years() * pr.room_upkeep;
            if let Some(s) = b.short[i][k] {
                t.seat_years_short += v(s) * p.years();
            }
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
            t.running_yuan += v(open[k]).round() * p.years() * pr.upkeep;
            t.running_yuan += v(b.site_posts[c][k]) * p.years() * pr.teacher;
            t.running_yuan += v(b.site_rooms[c][k]).round() * p.years() * pr.room_upkeep;
        }
        if v(open[last]).round() == 1.0 {
            t.opened += 1;
            t.classrooms += v(b.site_rooms[c][last]).round();
        }
    }
    t.short_yuan = t.seat_years_short * pr.short;
    for a in &b.ups {
        let x = v(a.var);
        if x > 1e-9 {
            let pupils = x * b.upper_years[a.from][a.period];
            t.pupil_km_years += pupils * a.km;
            if a.boarding {
                t.boarding_yuan += pupils * b.boarding_yuan;
            } else {
                let (bus, time) = pr.trip(a.km, a.bus, a.minutes);
                t.travel_yuan += pupils * bus;
                t.time_yuan += pupils * time;
            }
        }
    }
    for a in &b.assign {
        let x = v(a.var);
        if x > 1e-9 && a.km > 0.0 {
            let pupils = x * b.pupil_years[a.from][a.period][a.level];
            t.pupil_km_years += pupils * a.km;
            let (bus, time) = pr.trip(a.km, a.bus, a.minutes);
            t.travel_yuan += pupils * bus;
            t.time_yuan += pupils * time;
        }
    }
    t.objective = t.construction_yuan
        + t.running_yuan
        + (t.travel_yuan + t.time_yuan + t.boarding_yuan) * pr.travel_weight
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
    let mut out = Vec::new();
    for (i, node) in inst.nodes.iter().enumerate() {
        let down = b.down[i]
            .as_ref()
            .and_then(|d| (0..b.periods.len()).find(|&k| v(d[k]).round() == 1.0));
        match (0..b.periods.len()).find(|&k| v(b.open[i][k]).round() == 0.0) {
            Some(k) => out.push(close(inst, b, &v, i, k, year_of(k))),
            None if down.is_some() => {
                let k = down.unwrap_or(0);
                out.push(downgrade(inst, b, &v, i, k, year_of(k)));
            }
            None if node.base_pupils < settings.close_below => out.push(Decision::Kept {
                school: node.school,
                pupils: node.base_pupils,
                why: kept_why(o, inst, b, (&v, i), settings),
            }),
            None => {}
        }
        let mut before = 0.0;
        for (k, &r) in b.rooms[i].iter().enumerate() {
            let now = v(r).round();
            if now > before {
                out.push(Decision::Expand {
                    school: node.school,
                    year: year_of(k),
                    classrooms: now - before,
                    cost: (now - before) * b.prices.room,
                });
                before = now;
            }
        }
    }
    let last = b.periods.len().saturating_sub(1);
    for (c, site) in b.sites.iter().enumerate() {
        let Some(k) = (0..b.periods.len()).find(|&k| v(b.site_open[c][k]).round() == 1.0) else {
            continue;
        };
        let mut from: Vec<usize> = Vec::new();
        let (mut pupils, mut buses, mut times) = (0.0, 0.0, 0.0);
        for a in b
            .assign
            .iter()
            .filter(|a| a.to == Target::Site(c) && a.period == k)
        {
            let x = v(a.var);
            if x > 1e-6 {
                pupils += x * b.peak[a.from][k][a.level];
                let (bus, time) = b.prices.trip(a.km, a.bus, a.minutes);
                buses += x * b.peak[a.from][k][a.level] * bus;
                times += x * b.peak[a.from][k][a.level] * time;
                let s = inst.nodes[a.from].school;
                if !from.contains(&s) {
                    from.push(s);
                }
            }
        }
        let classrooms = v(b.site_rooms[c][last]).round();
        // The share of the area's pupils it takes once full: in each
        // period its pupils against the area's, over the share of the
        // level's grades it has filled by then (one a year), the most of
        // them; no more than its classrooms seat.
        let grades = site.min_rooms.max(1.0);
        let area_pupils = |kk: usize| -> f64 {
            inst.nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| o.dataset.schools[n.school].area == site.area)
                .map(|(i, _)| b.peak[i][kk][site.level])
                .sum()
        };
        let mut share: f64 = 0.0;
        for kk in k..b.periods.len() {
            let taken: f64 = b
                .assign
                .iter()
                .filter(|a| a.to == Target::Site(c) && a.period == kk)
                .map(|a| v(a.var) * b.peak[a.from][kk][a.level])
                .sum();
            let filled = ((b.periods[kk].first - b.periods[k].first + 1) as f64 / grades).min(1.0);
            let area = area_pupils(kk);
            if area > 0.0 {
                share = share.max(taken / (area * filled));
            }
        }
        let seats = classrooms * b.site_class_size[site.level];
        for kk in k..b.periods.len() {
            let area = area_pupils(kk);
            if area > 0.0 {
                share = share.min(seats / area);
            }
        }
        let donor_shares: Vec<f64> = from
            .iter()
            .map(|&s| {
                b.site_shares
                    .iter()
                    .filter(|&&(i, cc, _, _)| cc == c && inst.nodes[i].school == s)
                    .map(|&(i, _, _, z)| {
                        if v(b.open[i][last]).round() == 1.0 {
                            v(z)
                        } else {
                            0.0
                        }
                    })
                    .fold(0.0, f64::max)
                    .clamp(0.0, 1.0)
            })
            .collect();
        out.push(Decision::Open {
            name: site.name.clone(),
            area: site.area.clone(),
            coords: site.coords,
            year: year_of(k),
            classrooms,
            pupils,
            from,
            cost: b.prices.new_school + classrooms * b.prices.room,
            entry_share: share.clamp(0.0, 1.0),
            donor_shares,
            bus_per_pupil: if pupils > 0.0 { buses / pupils } else { 0.0 },
            time_per_pupil: if pupils > 0.0 { times / pupils } else { 0.0 },
        });
    }
    // Without roads, each trip says the detour it was measured with.
    if o.dataset.roads.is_none() {
        for d in &mut out {
            if let Decision::Close { school, to, .. } | Decision::Downgrade { school, to, .. } = d {
                let f = settings.detour_for(&o.dataset.schools[*school]);
                for s in to.iter_mut() {
                    s.detour = Some(f);
                }
            }
        }
    }
    out.sort_by_key(|d| match d {
        Decision::Close { year, .. }
        | Decision::Downgrade { year, .. }
        | Decision::Expand { year, .. }
        | Decision::Open { year, .. } => *year,
        Decision::Kept { .. } => i32::MAX,
    });
    out
}

/// A downgrade in period `k`: where its grade 4–6 pupils go, what it saves
/// and what their trips or boarding cost, a year.
fn downgrade(
    inst: &Instance,
    b: &Built,
    v: &dyn Fn(usize) -> f64,
    i: usize,
    k: usize,
    year: i32,
) -> Decision {
    let years = b.periods[k].years();
    let node = &inst.nodes[i];
    let upper = b.upper_years[i][k] / years;
    let mut to: Vec<Sent> = Vec::new();
    let mut trips = 0.0;
    for a in b.ups.iter().filter(|a| a.from == i && a.period == k) {
        let x = v(a.var);
        if x < 1e-6 {
            continue;
        }
        trips += x
            * upper
            * if a.boarding {
                b.boarding_yuan
            } else {
                let (bus, time) = b.prices.trip(a.km, a.bus, a.minutes);
                bus + time
            };
        to.push(Sent {
            school: Some(inst.nodes[a.to].school),
            new_school: None,
            pupils: x * b.upper_peak[i][k],
            km: a.km,
            bus: a.bus,
            boarding: a.boarding,
            detour: None,
            minutes: a.minutes,
            by_level: [x * b.upper_peak[i][k], 0.0],
        });
    }
    to.sort_by(|a, b| b.pupils.total_cmp(&a.pupils));
    // Posts before and after at the school, and those the receivers gain.
    let own: f64 = (0..2)
        .map(|l| b.pupil_years[i][k][l] / years / b.ratio[l])
        .sum();
    let grades = (node.grades_taught[0] + node.grades_taught[1]) as f64;
    let before = own.max(grades * b.per_class);
    let gained = upper / b.ratio[0];
    let after = (own - gained).max((grades - node.upper_grades as f64) * b.per_class);
    Decision::Downgrade {
        school: node.school,
        year,
        pupils: b.upper_peak[i][k],
        to,
        saving_per_year: (before - after - gained).max(0.0) * b.prices.teacher,
        trips_per_year: trips,
    }
}

/// A closure in period `k`: where its pupils go, what it saves and what
/// the trips cost, a year.
fn close(
    inst: &Instance,
    b: &Built,
    v: &dyn Fn(usize) -> f64,
    i: usize,
    k: usize,
    year: i32,
) -> Decision {
    let years = b.periods[k].years();
    let mut to: Vec<Sent> = Vec::new();
    let (mut gained, mut trips) = (0.0, 0.0);
    for a in b.assign.iter().filter(|a| a.from == i && a.period == k) {
        let x = v(a.var);
        if x < 1e-6 || a.to == Target::Node(i) {
            continue;
        }
        let pupils = x * b.peak[i][k][a.level];
        let mean = x * b.pupil_years[i][k][a.level] / years;
        gained += mean / b.ratio[a.level];
        let (bus, time) = b.prices.trip(a.km, a.bus, a.minutes);
        trips += mean * (bus + time);
        let (school, new_school) = match a.to {
            Target::Node(j) => (Some(inst.nodes[j].school), None),
            Target::Site(c) => (None, Some(b.sites[c].name.clone())),
        };
        let mut by_level = [0.0; 2];
        by_level[a.level.min(1)] = pupils;
        match to
            .iter_mut()
            .find(|s| s.school == school && s.new_school == new_school)
        {
            Some(s) => {
                s.pupils += pupils;
                s.by_level[a.level.min(1)] += pupils;
            }
            None => to.push(Sent {
                school,
                new_school,
                pupils,
                km: a.km,
                bus: a.bus,
                boarding: false,
                detour: None,
                minutes: a.minutes,
                by_level,
            }),
        }
    }
    to.sort_by(|a, b| b.pupils.total_cmp(&a.pupils));
    // Its posts had it stayed open: the larger of its pupils at the ratio
    // and a class per grade at the class–teacher ratio.
    let node = &inst.nodes[i];
    let by_ratio: f64 = (0..2)
        .map(|l| b.pupil_years[i][k][l] / years / b.ratio[l])
        .sum();
    let by_classes = (node.grades_taught[0] + node.grades_taught[1]) as f64 * b.per_class;
    let posts = by_ratio.max(by_classes);
    Decision::Close {
        school: node.school,
        year,
        pupils: b.peak[i][k][0] + b.peak[i][k][1],
        pupils_now: node.base_pupils,
        to,
        saving_per_year: (posts - gained).max(0.0) * b.prices.teacher + b.prices.upkeep,
        trips_per_year: trips,
    }
}

/// Why a small school the plan keeps stays open.
fn kept_why(
    o: &Outcome,
    inst: &Instance,
    b: &Built,
    (v, i): (&dyn Fn(usize) -> f64, usize),
    settings: &OptimiseSettings,
) -> Kept {
    let node = &inst.nodes[i];
    if !node.runs {
        return Kept::NotTheBureaus;
    }
    if b.pinned_open[i] {
        return Kept::Pinned;
    }
    if b.kept_by_rule[i] {
        // The nearest school of the bureau's teaching its pupils, by the
        // mode in force, however far.
        let d = &o.dataset;
        let detour = settings.detour_for(&d.schools[node.school]);
        let mode = if node.bus {
            crate::places::roads::Mode::Bus
        } else {
            crate::places::roads::Mode::Walk
        };
        let nearest_minutes = inst
            .nodes
            .iter()
            .enumerate()
            .filter(|&(j, m)| j != i && m.runs && m.teaches(0))
            .filter_map(|(_, m)| d.travel_km(node.school, m.school, mode))
            .map(|t| {
                super::instance::Trip::new(t, detour, node.bus, true, &o.scenario.planner).minutes
            })
            .min_by(f64::total_cmp);
        return Kept::DayRule { nearest_minutes };
    }
    // The township's primary schools of the bureau's still open at the end.
    let last = b.periods.len().saturating_sub(1);
    let area = &o.dataset.schools[node.school].area;
    let mut others = inst
        .nodes
        .iter()
        .enumerate()
        .filter(|&(j, m)| j != i && m.runs && m.teaches(0))
        .filter(|&(j, _)| v(b.open[j][last]).round() == 1.0)
        .filter(|(_, m)| &o.dataset.schools[m.school].area == area);
    if node.teaches(0)
        && area.is_some()
        && others.next().is_none()
        && settings.township_keeps_primary
    {
        return Kept::Township;
    }
    if node.seats.is_none() || o.dataset.schools[node.school].coords.is_none() {
        return Kept::Unknown;
    }
    Kept::NotWorthIt
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
            from,
            entry_share,
            donor_shares,
            ..
        } = dec
        {
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
                entry_share: *entry_share,
                from: from.iter().map(|&s| school_ref(o, s)).collect(),
                donor_shares: donor_shares.clone(),
            });
        }
    }
    for dec in decisions {
        match dec {
            Decision::Close {
                school, year, to, ..
            } if !to.is_empty() => {
                let span = d.schools[*school].span;
                out.push(Action::Merge {
                    year: *year,
                    school: school_ref(o, *school),
                    into: super::receivers::whole_grades(o, to, span),
                });
            }
            Decision::Downgrade {
                school, year, to, ..
            } if !to.is_empty() => {
                let span = d.schools[*school].span;
                // Every grade it does not keep goes: 4–6, and a nine-year
                // school's junior grades with them.
                let upper =
                    crate::grades::GradeSpan::new(crate::grades::Grade(4.max(span.lo.0)), span.hi);
                let mut into = super::receivers::whole_grades(o, to, upper);
                // One receiver takes what the 教学点 does not keep.
                if let [one] = into.as_mut_slice() {
                    one.grades = None;
                }
                out.push(Action::Downgrade {
                    year: *year,
                    school: school_ref(o, *school),
                    keep: [1, 3],
                    into,
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
