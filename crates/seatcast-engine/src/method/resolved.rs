//! A scenario's plan resolved against the dataset: what the stepping
//! applies ([`Plan`]: ratio phases, moves of pupils, carved entry cohorts,
//! capacity changes, feeder links, resources and new housing). The plan
//! stage (`plan/actions.rs`, above the method) resolves the planner's
//! actions into it; the method and the outcome read it.

use super::observed::GRADE_SLOTS;
use super::ratios::SchoolRatios;
use crate::model::School;
use crate::settings::actions::ResourceChange;

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
    /// The fall the pupils first move.
    pub year: i32,
    /// The school whose pupils move (dataset index).
    pub school: usize,
    /// The receivers (dataset indices) with their shares, as the action gives them.
    pub to: Vec<(usize, f64)>,
    /// Per receiver, the slots it takes, lowest and highest.
    pub ranges: Vec<Option<(usize, usize)>>,
    /// Whether the school closes (a merge) rather than stays open (a downgrade).
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
    /// The fall the new school opens.
    pub year: i32,
    /// The new school (its index in the dataset the plan extends).
    pub school: usize,
    /// The slot of its entry grade.
    pub slot: usize,
    /// The share of its area's entry cohort it takes (0–1).
    pub share: f64,
    /// The other schools of its area teaching that grade at the base fall: the
    /// entry cohort it takes a share of.
    pub area_members: Vec<usize>,
    /// The schools its pupils are taken from, in proportion to their entry grade.
    pub donors: Vec<usize>,
    /// Per donor, the share of its own entry cohort taken (empty: `share`
    /// of the area's, from the donors by their size).
    pub donor_shares: Vec<f64>,
}

/// A capacity change from a year on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityChange {
    /// The fall it takes effect.
    pub year: i32,
    /// The school (dataset index).
    pub school: usize,
    /// Classrooms added, each seating the standard class of the school's grades.
    pub classrooms: f64,
    /// Seats added besides (approved seats).
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
    /// Pupils moved by merges and downgrades, in the actions' order by year.
    pub moves: Vec<Move>,
    /// The new schools' shares of their areas' entry cohorts.
    pub carves: Vec<Carve>,
    /// Classrooms and seats added, and closures' seats removed, by school then year.
    pub capacity: Vec<CapacityChange>,
    /// Feeder links from a year on: (year, school, new next school or none).
    pub feeders: Vec<(i32, usize, Option<usize>)>,
    /// Resources added to schools (优质均衡 fixes).
    pub resources: Vec<ResourceChange>,
    /// Housing developments and where their pupils go.
    pub developments: Vec<super::housing::Development>,
    /// The fall each school closes in by a merge, if it does.
    pub(crate) closed_from: Vec<Option<i32>>,
}

impl Plan {
    /// An empty plan for `n` schools, for the plan stage to fill.
    pub(crate) fn for_schools(n: usize) -> Plan {
        Plan {
            phases: vec![Vec::new(); n],
            closed_from: vec![None; n],
            ..Plan::default()
        }
    }

    /// From `year` on, `school` has these ratios.
    pub(crate) fn phase(&mut self, school: usize, year: i32, ratios: SchoolRatios) {
        self.phases[school].push(Phase { year, ratios });
    }

    /// From `year` on, `school` has these classrooms and seats more.
    pub(crate) fn add_room(&mut self, school: usize, year: i32, classrooms: f64, seats: f64) {
        self.capacity.push(CapacityChange {
            year,
            school,
            classrooms,
            seats,
            closes: false,
        });
    }

    /// From `year` on, `school` has no seats.
    pub(crate) fn close(&mut self, school: usize, year: i32) {
        self.capacity.push(CapacityChange {
            year,
            school,
            classrooms: 0.0,
            seats: 0.0,
            closes: true,
        });
    }

    /// Whether it changes nothing the stepping applies: no new school, ratio
    /// phase, move, carve, capacity change or feeder link (resources and housing
    /// aside).
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
