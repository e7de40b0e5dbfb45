//! Stepping forward (docs/method.md, step 4): year by year every grade moves up by
//! its GPR, the entry grade is refilled from births (or from the feeder
//! schools' grade below), births past the last known year are extrapolated,
//! and the scenario's what-ifs are applied.

use crate::method::observed::{BirthSeries, GRADE_SLOTS, Observed};
use crate::method::ratios::{BOUND_FACTOR, Entry, Ratios};
use crate::method::resolved::Plan;
use crate::model::Dataset;
use crate::scenario::{BirthsExtrapolation, ENTRANT_DAMPING, Method, Scenario};
use rayon::prelude::*;

/// Pupils by school, year and grade from the base year to the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// The fall projected from (h = 0): the ratios' base year.
    pub base_year: i32,
    /// Years projected after the base year (h = 1 … horizon).
    pub horizon: usize,
    /// Year-major: pupils[(h * n_schools + school) * GRADE_SLOTS + slot]; h = 0 is
    /// the base year. Each year is one slab, computed from the slab before it.
    pub pupils: Vec<f64>,
    /// Schools in each year's slab, as in the observed data (indices the dataset's).
    pub n_schools: usize,
    /// The births each area's entry grades were drawn from, known and extrapolated.
    pub births: Vec<BirthsPath>,
    /// Cohorts the robust bound held back (one per school: its first).
    pub bounded: Vec<Bounded>,
}

/// A projected cohort beyond [`BOUND_FACTOR`] × the school's largest
/// observed one, held at that bound: ratios compounding past anything the
/// school has known (a data problem to look at, not a forecast).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounded {
    /// The school's index in the dataset.
    pub school: usize,
    /// The grade slot of the cohort (see slot).
    pub slot: usize,
    /// The fall it first went beyond the bound.
    pub year: i32,
    /// What the ratios gave.
    pub projected: f64,
    /// What it was held at.
    pub bound: f64,
}

/// Births of one area (or the county) by calendar year: known up to
/// `last_known`, extrapolated after it with the scenario's change.
#[derive(Debug, Clone, PartialEq)]
pub struct BirthsPath {
    /// The area (乡镇/街道) whose births these are; None for the county's series.
    pub area: Option<String>,
    /// The calendar year of values' first entry.
    pub first_year: i32,
    /// The last year with known births (the later ones extrapolated); None when
    /// the series has none known.
    pub last_known: Option<i32>,
    /// NaN where a year is missing.
    pub values: Vec<f64>,
}

impl BirthsPath {
    /// Births of a year, 0 when unknown.
    pub fn get(&self, year: i32) -> f64 {
        let i = year - self.first_year;
        if i < 0 {
            return 0.0;
        }
        self.values
            .get(i as usize)
            .copied()
            .filter(|x| x.is_finite())
            .unwrap_or(0.0)
    }
}

/// The births path of every series for a scenario, up to `last_needed`.
pub fn births_paths(
    obs: &Observed,
    scenario: &Scenario,
    births_known_until: i32,
    last_needed: i32,
) -> Vec<BirthsPath> {
    obs.births
        .iter()
        .map(|b| {
            let area = b.area.as_ref();
            let pct = area
                .and_then(|a| scenario.births_change_pct_by_area.get(a))
                .copied()
                .unwrap_or(scenario.births_change_pct);
            let how = area
                .and_then(|a| scenario.births_extrapolation_by_area.get(a))
                .copied()
                .unwrap_or(scenario.births_extrapolation);
            let (first_year, values) = births_path(b, births_known_until, last_needed, how, pct);
            BirthsPath {
                area: b.area.clone(),
                first_year,
                last_known: b.last_year().map(|l| l.min(births_known_until)),
                values,
            }
        })
        .collect()
}

impl Projection {
    /// Nothing projected (a method with no candidate to run).
    pub fn empty(base_year: i32) -> Projection {
        Projection {
            base_year,
            horizon: 0,
            pupils: Vec::new(),
            n_schools: 0,
            births: Vec::new(),
            bounded: Vec::new(),
        }
    }

    /// The projected falls, base_year + 1 … base_year + horizon.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        (1..=self.horizon as i32).map(move |h| self.base_year + h)
    }

    /// The grades of a school in a projected year (h = 0: the base year).
    pub fn grades(&self, school: usize, h: usize) -> &[f64] {
        let at = (h * self.n_schools + school) * GRADE_SLOTS;
        &self.pupils[at..at + GRADE_SLOTS]
    }

    /// A school's pupils in all grades in a projected year (h = 0: the base year).
    pub fn total(&self, school: usize, h: usize) -> f64 {
        self.grades(school, h).iter().sum()
    }
}

/// Below this many schools a year is stepped on one thread (starting the
/// threads costs more than the work).
const PARALLEL_FROM: usize = 2_000;

/// Births of a series for every year up to `last_needed`, known or carried forward.
pub fn births_path(
    series: &BirthSeries,
    known_until: i32,
    last_needed: i32,
    extrapolation: BirthsExtrapolation,
    change_pct: f64,
) -> (i32, Vec<f64>) {
    let last_known = series
        .last_year()
        .map_or(known_until, |l| l.min(known_until));
    let first = series.first_year;
    let mut out = Vec::new();
    for y in first..=last_needed.max(last_known) {
        out.push(if y <= last_known {
            series.get(y).unwrap_or(f64::NAN)
        } else {
            f64::NAN
        });
    }
    let base = series.get(last_known).unwrap_or(0.0);
    // The mean yearly change over the last three known years.
    let known: Vec<f64> = (last_known - 3..=last_known)
        .filter_map(|y| series.get(y))
        .collect();
    let step = if known.len() >= 2 {
        (known[known.len() - 1] - known[0]) / (known.len() - 1) as f64
    } else {
        0.0
    };
    let growth = 1.0 + change_pct / 100.0;
    let mut drift = 0.0;
    let mut damp = 1.0;
    for y in last_known + 1..=last_needed {
        let trend = match extrapolation {
            BirthsExtrapolation::Flat => 0.0,
            BirthsExtrapolation::Trend { damping } => {
                damp *= damping.clamp(0.0, 1.0);
                drift += step * damp;
                drift
            }
        };
        let k = y - last_known;
        let v = ((base + trend) * growth.powi(k)).max(0.0);
        let i = (y - first) as usize;
        if i < out.len() {
            out[i] = v;
        }
    }
    (first, out)
}

/// Project a dataset from the ratios' base year over the scenario's horizon.
/// `births_known_until`: births of later years are treated as unknown (a
/// backtest sets it to the origin so no future births leak in).
pub fn project(
    dataset: &Dataset,
    obs: &Observed,
    ratios: &Ratios,
    scenario: &Scenario,
    births_known_until: i32,
    plan: Option<&Plan>,
) -> Projection {
    let plan = plan.filter(|p| !p.is_empty());
    let horizon = scenario.horizon();
    let base = ratios.base_year;
    let n = obs.n_schools;
    let slab = n * GRADE_SLOTS;
    let mut pupils = vec![0.0; (horizon + 1) * slab];
    for (s, out) in pupils[..slab].chunks_exact_mut(GRADE_SLOTS).enumerate() {
        out.copy_from_slice(&obs.grades(s, base));
    }
    // Births paths for every series, with the scenario's change per year.
    let last_needed = base + horizon as i32;
    let paths = births_paths(obs, scenario, births_known_until, last_needed);
    if scenario.method == Method::Persistence {
        // Next year is this year, with the plan's actions carried out as
        // for every other method (a closed school's pupils move, …).
        for h in 1..=horizon {
            pupils.copy_within((h - 1) * slab..h * slab, h * slab);
            if let Some(p) = plan {
                p.apply_year_held(
                    base + h as i32,
                    base + 1,
                    &mut pupils[h * slab..(h + 1) * slab],
                );
            }
        }
        return Projection {
            base_year: base,
            horizon,
            pupils,
            n_schools: n,
            births: paths,
            bounded: Vec::new(),
        };
    }
    let mut bounded: Vec<Bounded> = Vec::new();
    let mut bounded_school = vec![false; if ratios.robust { n } else { 0 }];
    let birth = |series: usize, year: i32| paths[series].get(year);
    let entry_scale = 1.0 + scenario.entry_ratio_adjust_pct / 100.0;
    let members = &obs.members;
    let drift = (scenario.urban_drift_pct / 100.0).clamp(0.0, 1.0);
    let needs_county_pool = ratios.schools.iter().any(|r| r.entry == Entry::County);
    let next_school: Vec<Option<usize>> = match plan {
        Some(p) if p.touches_feeders() => dataset.schools.iter().map(|s| s.feeder).collect(),
        _ => Vec::new(),
    };

    // Σ φ^i for i = 1 … h: how far a damped entrant trend has moved after h years.
    let damped: Vec<f64> = (0..=horizon)
        .scan(0.0, |sum, i| {
            if i > 0 {
                *sum += ENTRANT_DAMPING.powi(i as i32);
            }
            Some(*sum)
        })
        .collect();
    for h in 1..=horizon {
        let year = base + h as i32;
        let (done, rest) = pupils.split_at_mut(h * slab);
        let prev: &[f64] = &done[(h - 1) * slab..];
        let cur = &mut rest[..slab];
        let at = |s: usize, g: usize| prev[s * GRADE_SLOTS + g];
        // The plan's feeder changes, when it has any.
        let planned_feeders = plan
            .filter(|p| p.touches_feeders())
            .map(|p| p.feeders_at(&obs.feeders_of, &next_school, year));
        let feeders_of = planned_feeders.as_deref().unwrap_or(&obs.feeders_of);
        // Last year's county totals, for schools that draw on the county's grade below.
        let mut county_pool = [0.0; GRADE_SLOTS];
        if needs_county_pool {
            for school in prev.chunks_exact(GRADE_SLOTS) {
                for (pool, v) in county_pool.iter_mut().zip(school) {
                    *pool += v;
                }
            }
        }
        // Each school's year from last year's slab: independent, so in parallel
        // when there are enough schools to pay for the threads.
        let step = |(s, out): (usize, &mut [f64])| {
            let estimated = &ratios.schools[s];
            let r = plan.map_or(estimated, |p| p.ratios_at(s, year, estimated));
            if !dataset.schools[s].open_in(year) {
                return;
            }
            let second = r.second.map(|(g, _, _)| g);
            // E(s,g,t) = E(s,g−1,t−1) × GPR(s,g): the method's indices, kept as written.
            #[allow(clippy::needless_range_loop)]
            for g in 1..GRADE_SLOTS {
                if r.active[g] && Some(g) != r.entry_slot && Some(g) != second && r.active[g - 1] {
                    out[g] = at(s, g - 1) * r.gpr[g];
                }
            }
            let source = |entry: Entry, e: usize| match entry {
                Entry::Births { series, lag } => birth(series, year - lag),
                Entry::Feeders => feeders_of[s].iter().map(|&f| at(f, e - 1)).sum(),
                Entry::Area(a) => members[a].iter().map(|&m| at(m, e - 1)).sum(),
                Entry::County => county_pool[e - 1],
                Entry::History { level, slope } => (level + slope * damped[h]).max(0.0),
                Entry::Nothing => 0.0,
            };
            if let Some((g, entry, ratio)) = r.second {
                out[g] = source(entry, g) * ratio * entry_scale;
            }
            if let Some(e) = r.entry_slot {
                out[e] = source(r.entry, e) * r.entry_ratio * entry_scale;
                // A plan can give a school the grade below its entry grade (a
                // receiver of a merge): those pupils move up too.
                if e > 0 && r.active[e - 1] {
                    out[e] += at(s, e - 1) * r.gpr[e];
                }
            }
        };
        if n >= PARALLEL_FROM {
            cur.par_chunks_mut(GRADE_SLOTS).enumerate().for_each(step);
        } else {
            cur.chunks_exact_mut(GRADE_SLOTS).enumerate().for_each(step);
        }
        // The robust bound: no cohort beyond 3× the school's largest known one.
        if ratios.robust {
            for (s, school) in cur.chunks_exact_mut(GRADE_SLOTS).enumerate() {
                let largest = ratios.largest.get(s).copied().unwrap_or(0.0);
                if largest <= 0.0 {
                    continue;
                }
                let bound = BOUND_FACTOR * largest;
                for (g, v) in school.iter_mut().enumerate() {
                    if *v > bound {
                        if !bounded_school[s] {
                            bounded_school[s] = true;
                            bounded.push(Bounded {
                                school: s,
                                slot: g,
                                year,
                                projected: *v,
                                bound,
                            });
                        }
                        *v = bound;
                    }
                }
            }
        }
        if let Some(p) = plan {
            p.apply_year(year, cur);
        }
        if drift > 0.0 {
            apply_drift(cur, obs, drift);
        }
    }
    Projection {
        base_year: base,
        horizon,
        pupils,
        n_schools: n,
        births: paths,
        bounded,
    }
}

/// Urban drift: a share of every rural grade moves to the urban schools that
/// teach that grade, in proportion to their pupils in it.
fn apply_drift(year: &mut [f64], obs: &Observed, drift: f64) {
    for g in 0..GRADE_SLOTS {
        let at = |s: usize| s * GRADE_SLOTS + g;
        let receivers: f64 = (0..obs.n_schools)
            .filter(|&s| obs.urban[s])
            .map(|s| year[at(s)])
            .sum();
        if receivers <= 0.0 {
            continue;
        }
        let mut moved = 0.0;
        for s in (0..obs.n_schools).filter(|&s| obs.rural[s]) {
            let m = year[at(s)] * drift;
            year[at(s)] -= m;
            moved += m;
        }
        for s in (0..obs.n_schools).filter(|&s| obs.urban[s]) {
            year[at(s)] += moved * year[at(s)] / receivers;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> BirthSeries {
        BirthSeries {
            area: None,
            first_year: 2010,
            values: values.to_vec(),
        }
    }

    #[test]
    fn births_held_flat_or_carried_on_a_damped_trend() {
        let s = series(&[100.0, 90.0, 80.0, 70.0]);
        let (first, flat) = births_path(&s, 2013, 2015, BirthsExtrapolation::Flat, 0.0);
        assert_eq!(first, 2010);
        assert_eq!(flat, vec![100.0, 90.0, 80.0, 70.0, 70.0, 70.0]);
        // Mean change of the last three years: −10; damped by 0.5: −5, then −5 − 2.5.
        let (_, trend) = births_path(
            &s,
            2013,
            2015,
            BirthsExtrapolation::Trend { damping: 0.5 },
            0.0,
        );
        assert_eq!(&trend[4..], &[65.0, 62.5]);
        // −10 % a year on top of flat.
        let (_, lower) = births_path(&s, 2013, 2015, BirthsExtrapolation::Flat, -10.0);
        assert!((lower[4] - 63.0).abs() < 1e-9 && (lower[5] - 56.7).abs() < 1e-9);
        // Births after `known_until` are not used even when the series has them.
        let (_, capped) = births_path(&s, 2011, 2013, BirthsExtrapolation::Flat, 0.0);
        assert_eq!(capped, vec![100.0, 90.0, 90.0, 90.0]);
    }
}
