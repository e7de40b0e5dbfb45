//! A plan's actions: what the bureau decides, each from a fall year on.
//!
//! Actions name schools by id or name, as the planner wrote them; [`resolve`]
//! checks them against the dataset and turns them into a [`Plan`] the
//! stepping and the figures read: ratio phases, moves of pupils, capacity
//! changes and the new schools.

use crate::grades::{Grade, GradeSpan};
use crate::method::observed::{GRADE_SLOTS, slot};
use crate::method::ratios::{Entry, Ratios, SchoolRatios};
use crate::model::{Dataset, School};
use serde::Serialize;

mod moves;

// What the planner decides, as the scenario holds it, lives in the leaf
// module `settings::actions`; this module resolves it.
pub use crate::settings::actions::{Action, Receiver, ResourceChange, Resources};

/// An action that does not apply to the data loaded: its number (1-based,
/// in the scenario), and the first school it names that the data lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetAside {
    pub number: usize,
    pub missing: String,
}

/// The actions that name a school the data does not have (nor a school
/// the plan opens): set aside, so the rest of the plan still runs when a
/// plan made on other data meets new data.
pub fn set_aside(dataset: &Dataset, actions: &[Action]) -> Vec<SetAside> {
    let opened: Vec<&str> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Open { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    actions
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.names()
                .into_iter()
                .find(|k| dataset.school_index(k).is_none() && !opened.contains(k))
                .map(|k| SetAside {
                    number: i + 1,
                    missing: k.to_string(),
                })
        })
        .collect()
}

/// Why an action cannot be applied: which action (1-based), and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("action {number}: {kind:?}")]
pub struct ActionError {
    pub number: usize,
    pub kind: ActionProblem,
}

/// What is wrong with an action.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionProblem {
    /// No school by this name or code.
    UnknownSchool {
        key: String,
    },
    NoReceiver,
    AlreadyMerged {
        school: String,
        year: i32,
    },
    ReceiverMerged {
        school: String,
        year: i32,
    },
    IntoItself {
        school: String,
    },
    /// A grade of the school no receiver takes (a merge), or a grade it
    /// keeps that a receiver would take (a downgrade).
    GradesUncovered {
        school: String,
    },
    BadShare {
        school: String,
    },
    BadExpansion,
    NewSchoolMissing {
        name: String,
    },
    BadEntryShare,
    NoDonors,
    BadEntryPct,
    SpanDropsGrades {
        school: String,
    },
    BadResources,
    BadHousing,
}

/// One phase of a school's ratios: from `year` on, these.
#[derive(Debug, Clone, PartialEq)]
struct Phase {
    year: i32,
    ratios: SchoolRatios,
}

/// Pupils of `school` move to receivers by share from `year` on: each
/// receiver takes the grade slots of its range (None: every grade), the
/// shares of a grade's receivers scaled to sum to 1; a grade no receiver
/// takes stays. A merge closes the school; a downgrade does not.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub year: i32,
    pub school: usize,
    pub to: Vec<(usize, f64)>,
    /// Per receiver, the slots it takes, lowest and highest.
    pub ranges: Vec<Option<(usize, usize)>>,
    pub closes: bool,
}

impl Move {
    /// The receivers of a grade slot with their shares, summing to 1
    /// (empty: the grade stays).
    pub fn shares_of(&self, slot: usize) -> Vec<(usize, f64)> {
        let takes = |k: usize| {
            self.ranges
                .get(k)
                .copied()
                .flatten()
                .is_none_or(|(lo, hi)| lo <= slot && slot <= hi)
        };
        let chosen: Vec<(usize, f64)> = self
            .to
            .iter()
            .enumerate()
            .filter(|(k, _)| takes(*k))
            .map(|(_, &t)| t)
            .collect();
        let total: f64 = chosen.iter().map(|t| t.1.max(0.0)).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        chosen
            .into_iter()
            .map(|(to, s)| (to, s.max(0.0) / total))
            .collect()
    }
}

/// A new school takes `share` of its area's entry cohort in `slot`, from donors.
#[derive(Debug, Clone, PartialEq)]
pub struct Carve {
    pub year: i32,
    pub school: usize,
    pub slot: usize,
    pub share: f64,
    pub area_members: Vec<usize>,
    pub donors: Vec<usize>,
    /// Per donor, the share of its own entry cohort taken (empty: `share`
    /// of the area's, from the donors by their size).
    pub donor_shares: Vec<f64>,
}

/// A capacity change from a year on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityChange {
    pub year: i32,
    pub school: usize,
    pub classrooms: f64,
    pub seats: f64,
    /// The school closes: no seats, no classrooms.
    pub closes: bool,
}

/// The actions of a scenario resolved against a dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Schools the plan opens, appended after the dataset's own.
    pub new_schools: Vec<School>,
    phases: Vec<Vec<Phase>>,
    pub moves: Vec<Move>,
    pub carves: Vec<Carve>,
    pub capacity: Vec<CapacityChange>,
    /// Feeder links from a year on: (year, school, new next school or none).
    pub feeders: Vec<(i32, usize, Option<usize>)>,
    /// Resources added to schools (优质均衡 fixes).
    pub resources: Vec<ResourceChange>,
    /// Housing developments and where their pupils go.
    pub developments: Vec<super::housing::Development>,
    /// The fall each school closes in by a merge, if it does.
    closed_from: Vec<Option<i32>>,
}

impl Plan {
    /// From `year` on, `school` has these ratios.
    fn phase(&mut self, school: usize, year: i32, ratios: SchoolRatios) {
        self.phases[school].push(Phase { year, ratios });
    }

    /// From `year` on, `school` has these classrooms and seats more.
    fn add_room(&mut self, school: usize, year: i32, classrooms: f64, seats: f64) {
        self.capacity.push(CapacityChange {
            year,
            school,
            classrooms,
            seats,
            closes: false,
        });
    }

    /// From `year` on, `school` has no seats.
    fn close(&mut self, school: usize, year: i32) {
        self.capacity.push(CapacityChange {
            year,
            school,
            classrooms: 0.0,
            seats: 0.0,
            closes: true,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.new_schools.is_empty()
            && self.phases.iter().all(Vec::is_empty)
            && self.moves.is_empty()
            && self.carves.is_empty()
            && self.capacity.is_empty()
            && self.feeders.is_empty()
    }

    /// The ratios of a school in a fall: the latest phase begun, else the estimated ones.
    pub fn ratios_at<'a>(
        &'a self,
        school: usize,
        year: i32,
        base: &'a SchoolRatios,
    ) -> &'a SchoolRatios {
        self.phases
            .get(school)
            .and_then(|p| p.iter().rev().find(|p| p.year <= year))
            .map_or(base, |p| &p.ratios)
    }

    /// Whether the plan changes a school's feeders in any year.
    pub fn touches_feeders(&self) -> bool {
        !self.feeders.is_empty()
    }

    /// The schools feeding each school in a fall, after the plan's feeder changes.
    pub fn feeders_at(
        &self,
        base: &[Vec<usize>],
        dataset_feeder: &[Option<usize>],
        year: i32,
    ) -> Vec<Vec<usize>> {
        let mut next: Vec<Option<usize>> = dataset_feeder.to_vec();
        for &(y, s, to) in &self.feeders {
            if y <= year
                && let Some(slot) = next.get_mut(s)
            {
                *slot = to;
            }
        }
        let mut out = vec![Vec::new(); base.len()];
        for (s, to) in next.iter().enumerate() {
            if let Some(t) = to.filter(|t| *t < out.len()) {
                out[t].push(s);
            }
        }
        out
    }

    /// Seats and classrooms of a school in a fall, from its base figures.
    pub fn capacity_at(
        &self,
        school: usize,
        year: i32,
        seats: Option<f64>,
        classrooms: Option<f64>,
        seats_per_room: f64,
    ) -> (Option<f64>, Option<f64>) {
        let mut seats = seats;
        let mut rooms = classrooms;
        for c in self
            .capacity
            .iter()
            .filter(|c| c.school == school && c.year <= year)
        {
            if c.closes {
                return (Some(0.0), Some(0.0));
            }
            if c.classrooms != 0.0 {
                rooms = Some(rooms.unwrap_or(0.0) + c.classrooms);
                seats = Some(seats.unwrap_or(0.0) + c.classrooms * seats_per_room);
            }
            if c.seats != 0.0 {
                seats = Some(seats.unwrap_or(0.0) + c.seats);
            }
        }
        (seats, rooms)
    }

    /// Whether the plan closes a school by a fall.
    pub fn closed_by(&self, school: usize, year: i32) -> bool {
        self.moves
            .iter()
            .any(|m| m.closes && m.school == school && m.year <= year)
    }

    /// Apply the moves and carves of a fall to that fall's pupils (one slab,
    /// school-major with `GRADE_SLOTS` per school). Pupils are only moved,
    /// never created or lost.
    pub fn apply_year(&self, year: i32, slab: &mut [f64]) {
        self.apply(year, slab, None);
    }

    /// [`Plan::apply_year`] for a projection that holds every grade as it
    /// was (persistence): a new school's share of its area's entry grade is
    /// carved once, in the fall it opens, since the grade it was carved
    /// from is carried over, not formed afresh each fall. `first` is the
    /// first fall projected: a school opened by then is carved in it.
    pub fn apply_year_held(&self, year: i32, first: i32, slab: &mut [f64]) {
        self.apply(year, slab, Some(first));
    }

    fn apply(&self, year: i32, slab: &mut [f64], held_from: Option<i32>) {
        let carved = |c: i32| match held_from {
            Some(first) => c == year || (year == first && c < first),
            None => c <= year,
        };
        for c in self.carves.iter().filter(|c| carved(c.year)) {
            let at = |s: usize| s * GRADE_SLOTS + c.slot;
            if !c.donor_shares.is_empty() {
                for (&d, &share) in c.donors.iter().zip(&c.donor_shares) {
                    let take = slab[at(d)] * share.clamp(0.0, 1.0);
                    slab[at(d)] -= take;
                    slab[at(c.school)] += take;
                }
                continue;
            }
            let cohort: f64 = c.area_members.iter().map(|&m| slab[at(m)]).sum();
            let donors: f64 = c.donors.iter().map(|&d| slab[at(d)]).sum();
            let take = (cohort * c.share).min(donors);
            if take <= 0.0 || donors <= 0.0 {
                continue;
            }
            for &d in &c.donors {
                slab[at(d)] -= take * slab[at(d)] / donors;
            }
            slab[at(c.school)] += take;
        }
        for m in self.moves.iter().filter(|m| m.year <= year) {
            for g in 0..GRADE_SLOTS {
                let from = m.school * GRADE_SLOTS + g;
                let pupils = slab[from];
                if pupils == 0.0 {
                    continue;
                }
                let shares = m.shares_of(g);
                if shares.is_empty() {
                    continue;
                }
                slab[from] = 0.0;
                for (to, share) in shares {
                    slab[to * GRADE_SLOTS + g] += pupils * share;
                }
            }
        }
    }
}

/// The dataset a plan projects: the loaded one, with the plan's new schools appended.
pub fn extended_dataset(dataset: &Dataset, actions: &[Action]) -> Option<Dataset> {
    let new: Vec<School> = actions
        .iter()
        .filter_map(|a| new_school(dataset, a))
        .collect();
    if new.is_empty() {
        return None;
    }
    let mut d = dataset.clone();
    // By road to and from the new schools too, as between the others.
    if let Some(roads) = d.roads.as_mut() {
        let first = d.schools.len();
        for (k, s) in new.iter().enumerate() {
            let point = match s.coords {
                Some(crate::model::Coords::LonLat { lon, lat }) => Some((lon, lat)),
                _ => None,
            };
            roads.add_school(first + k, point);
        }
    }
    d.schools.extend(new);
    Some(d)
}

fn new_school(dataset: &Dataset, a: &Action) -> Option<School> {
    let Action::Open {
        year,
        name,
        area,
        coords,
        grades,
        classrooms,
        seats,
        ..
    } = a
    else {
        return None;
    };
    let span = GradeSpan::new(Grade(grades[0]), Grade(grades[1]));
    Some(School {
        id: None,
        name: name.clone(),
        level: dataset.grade_system.level_for_span(span),
        span,
        area: area.clone(),
        locale: None,
        coords: *coords,
        classrooms: (*classrooms > 0.0).then_some(*classrooms),
        approved_seats: (*seats > 0.0).then_some(*seats),
        feeder: None,
        opened: Some(*year),
        closed: None,
        in_roster: true,
        boarders: None,
        beds: None,
        ownership: None,
        remoteness: None,
    })
}

/// Resolve actions against a dataset (already extended by [`extended_dataset`])
/// and the ratios estimated on it. New estates send their pupils to the
/// nearest schools as pupils travel (`mode`: by road when an extract was
/// opened).
pub fn resolve(
    dataset: &Dataset,
    ratios: &Ratios,
    actions: &[Action],
    mode: crate::places::roads::Mode,
) -> Result<Plan, ActionError> {
    let n = dataset.schools.len();
    let mut plan = Plan {
        phases: vec![Vec::new(); n],
        closed_from: vec![None; n],
        ..Plan::default()
    };
    let mut order: Vec<usize> = (0..actions.len()).collect();
    order.sort_by_key(|&i| actions[i].year());
    for i in order {
        let step = Step {
            dataset,
            ratios,
            mode,
            number: i + 1,
        };
        let action = &actions[i];
        match action {
            Action::Merge { .. } => step.merge(&mut plan, action)?,
            Action::Downgrade { .. } => step.downgrade(&mut plan, action)?,
            Action::Expand { .. } => step.expand(&mut plan, action)?,
            Action::Open { .. } => step.open(&mut plan, action)?,
            Action::Feeder { .. } => step.feeder(&mut plan, action)?,
            Action::EntryShare { .. } => step.entry_share(&mut plan, action)?,
            Action::GradeSpan { .. } => step.grade_span(&mut plan, action)?,
            Action::Housing { .. } => step.housing(&mut plan, action)?,
            Action::Resources { .. } => step.resources(&mut plan, action)?,
        }
    }
    // Capacity changes by school (then year), for `capacity_at`.
    plan.capacity.sort_by_key(|c| (c.school, c.year));
    Ok(plan)
}

/// One action resolved into the plan: the data and ratios it reads, and
/// its number in the plan (for its errors).
struct Step<'a> {
    dataset: &'a Dataset,
    ratios: &'a Ratios,
    mode: crate::places::roads::Mode,
    number: usize,
}

impl Step<'_> {
    fn err(&self, kind: ActionProblem) -> ActionError {
        ActionError {
            number: self.number,
            kind,
        }
    }

    fn find(&self, key: &str) -> Result<usize, ActionError> {
        self.dataset.school_index(key).ok_or_else(|| {
            self.err(ActionProblem::UnknownSchool {
                key: key.to_string(),
            })
        })
    }

    /// The ratios a school has when an action starts: its latest phase,
    /// else the estimated.
    fn current(&self, plan: &Plan, s: usize, year: i32) -> SchoolRatios {
        plan.ratios_at(s, year, &self.ratios.schools[s]).clone()
    }

    fn expand(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::Expand {
            year,
            school,
            classrooms,
            seats,
        } = action
        else {
            return Ok(());
        };
        let b = self.find(school)?;
        if *classrooms < 0.0 || *seats < 0.0 || (*classrooms == 0.0 && *seats == 0.0) {
            return Err(self.err(ActionProblem::BadExpansion));
        }
        plan.add_room(b, *year, *classrooms, *seats);

        Ok(())
    }

    fn open(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::Open {
            year,
            name,
            grades,
            entry_share,
            from,
            donor_shares,
            ..
        } = action
        else {
            return Ok(());
        };
        if !donor_shares.is_empty()
            && (donor_shares.len() != from.len()
                || donor_shares.iter().any(|s| !(0.0..=1.0).contains(s)))
        {
            return Err(self.err(ActionProblem::BadEntryShare));
        }
        let Some(c) = (0..self.dataset.schools.len())
            .rev()
            .find(|&s| self.dataset.schools[s].name == *name)
        else {
            return Err(self.err(ActionProblem::NewSchoolMissing { name: name.clone() }));
        };
        if !(0.0..=1.0).contains(entry_share) {
            return Err(self.err(ActionProblem::BadEntryShare));
        }
        let mut donors = Vec::new();
        for f in from {
            donors.push(self.find(f)?);
        }
        if donors.is_empty() {
            return Err(self.err(ActionProblem::NoDonors));
        }
        let entry = slot(Grade(grades[0].min(grades[1])));
        let top = slot(Grade(grades[0].max(grades[1])));
        let area = self.dataset.schools[c].area.clone();
        let area_members: Vec<usize> = (0..self.dataset.schools.len())
            .filter(|&s| s != c && self.dataset.schools[s].area == area)
            .filter(|&s| self.ratios.schools[s].active[entry.min(GRADE_SLOTS - 1)])
            .collect();
        // Grades progress as they do at the donors, weighted by their pupils.
        let mut r = SchoolRatios {
            active: [false; GRADE_SLOTS],
            entry_slot: None,
            entry: Entry::Nothing,
            entry_ratio: 0.0,
            entry_estimated: false,
            second: None,
            gpr: [1.0; GRADE_SLOTS],
            gpr_n: [0; GRADE_SLOTS],
        };
        for g in entry..=top.min(GRADE_SLOTS - 1) {
            r.active[g] = true;
            let rs: Vec<f64> = donors
                .iter()
                .map(|&d| &self.ratios.schools[d])
                .filter(|d| d.active[g] && d.entry_slot != Some(g))
                .map(|d| d.gpr[g])
                .collect();
            if !rs.is_empty() {
                r.gpr[g] = rs.iter().sum::<f64>() / rs.len() as f64;
            }
        }
        plan.phase(c, *year, r);
        plan.carves.push(Carve {
            year: *year,
            school: c,
            slot: entry,
            share: *entry_share,
            area_members,
            donors,
            donor_shares: donor_shares.clone(),
        });

        Ok(())
    }

    fn feeder(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::Feeder { year, school, to } = action else {
            return Ok(());
        };
        let f = self.find(school)?;
        let t = self.find(to)?;
        let mut r = self.current(plan, t, *year);
        if r.entry_slot.is_some() && r.entry != Entry::Feeders {
            // The receiving school now counts on its feeders: take the
            // entry share of the school the graduates used to go to.
            let old = self.dataset.schools[f]
                .feeder
                .map(|o| self.current(plan, o, *year))
                .filter(|o| o.entry == Entry::Feeders)
                .map_or(1.0, |o| o.entry_ratio);
            r.entry = Entry::Feeders;
            r.entry_ratio = old;
            plan.phase(t, *year, r);
        }
        plan.feeders.push((*year, f, Some(t)));

        Ok(())
    }

    fn entry_share(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::EntryShare { year, school, pct } = action else {
            return Ok(());
        };
        let s = self.find(school)?;
        if !(pct.is_finite() && *pct >= 0.0) {
            return Err(self.err(ActionProblem::BadEntryPct));
        }
        let mut r = self.current(plan, s, *year);
        r.entry_ratio *= pct / 100.0;
        plan.phase(s, *year, r);

        Ok(())
    }

    fn grade_span(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::GradeSpan {
            year,
            school,
            grades,
            classrooms,
        } = action
        else {
            return Ok(());
        };
        let s = self.find(school)?;
        let lo = slot(Grade(grades[0].min(grades[1])));
        let hi = slot(Grade(grades[0].max(grades[1]))).min(GRADE_SLOTS - 1);
        let mut r = self.current(plan, s, *year);
        let had: Vec<usize> = (0..GRADE_SLOTS).filter(|&g| r.active[g]).collect();
        if had.iter().any(|&g| g < lo || g > hi) {
            return Err(self.err(ActionProblem::SpanDropsGrades {
                school: school.clone(),
            }));
        }
        let old_top = had.last().copied();
        for g in lo..=hi {
            if !r.active[g] {
                r.active[g] = true;
                r.gpr[g] = county_gpr(self.ratios, g);
            }
        }
        plan.phase(s, *year, r);
        // Its graduates stay from the year the first cohort passes the old top grade.
        if old_top.is_some_and(|t| hi > t) && self.dataset.schools[s].feeder.is_some() {
            plan.feeders.push((*year, s, None));
        }
        if *classrooms > 0.0 {
            plan.add_room(s, *year, *classrooms, 0.0);
        }

        Ok(())
    }

    fn housing(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::Housing {
            year,
            name,
            coords,
            area,
            dwellings,
            years_to_full,
            per_100,
            schools,
        } = action
        else {
            return Ok(());
        };
        let bad = |v: f64| !(v.is_finite() && v >= 0.0);
        if bad(*dwellings)
            || bad(*years_to_full)
            || per_100.is_some_and(|p| p.iter().any(|v| bad(*v)))
        {
            return Err(self.err(ActionProblem::BadHousing));
        }
        let named = schools
            .iter()
            .map(|k| self.find(k))
            .collect::<Result<Vec<usize>, _>>()?;
        let from = coords.map(|c| self.dataset.travel_from(c, self.mode));
        let mut school_of_slot = [None; GRADE_SLOTS];
        for (slot, s) in school_of_slot.iter_mut().enumerate() {
            *s = super::housing::receiving_school(
                self.dataset,
                slot,
                *year,
                from.as_deref(),
                area.as_deref(),
                &named,
                |i, y| {
                    plan.closed_from
                        .get(i)
                        .copied()
                        .flatten()
                        .is_some_and(|c| c <= y)
                },
            );
        }
        let travel_of_slot = school_of_slot
            .map(|s| s.and_then(|s| from.as_ref().and_then(|km| km.get(s).copied().flatten())));
        plan.developments.push(super::housing::Development {
            name: name.clone(),
            year: *year,
            dwellings: *dwellings,
            years_to_full: *years_to_full,
            per_100: *per_100,
            school_of_slot,
            travel_of_slot,
            coords: *coords,
        });

        Ok(())
    }

    fn resources(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::Resources { year, school, add } = action else {
            return Ok(());
        };
        let s = self.find(school)?;
        if !add.valid() {
            return Err(self.err(ActionProblem::BadResources));
        }
        plan.resources.push(ResourceChange {
            year: *year,
            school: s,
            add: *add,
        });

        Ok(())
    }
}

/// The mean GPR of a grade over the schools that teach it (1 when none do).
fn county_gpr(ratios: &Ratios, g: usize) -> f64 {
    let rs: Vec<f64> = ratios
        .schools
        .iter()
        .filter(|r| r.active[g] && r.entry_slot != Some(g) && r.gpr_n[g] > 0)
        .map(|r| r.gpr[g])
        .collect();
    if rs.is_empty() {
        1.0
    } else {
        rs.iter().sum::<f64>() / rs.len() as f64
    }
}
