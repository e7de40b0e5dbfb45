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

mod moves;

// What the planner decides, as the scenario holds it, lives in the leaf
// module `settings::actions`; this module resolves it.
pub use crate::settings::actions::{Action, Receiver, ResourceChange, Resources};
// The plan resolved is what the stepping applies: the method's.
pub use crate::method::resolved::{CapacityChange, Carve, Move, Plan};
// What does not apply to the data is said below every stage, with the
// engine's error.
pub use crate::error::{ActionError, ActionProblem, SetAside};

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
    let mut plan = Plan::for_schools(n);
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
