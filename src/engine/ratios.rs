//! The ratios of the method (domain.md), estimated at a base fall T over the
//! window of falls T−n+1 … T:
//!
//! - grade progression GPR(s,g) = mean of E(s,g,t) / E(s,g−1,t−1);
//! - entry ratio ER(s) = mean of E(s,g₀,t) / B(area(s), t − entry_age) for a
//!   school whose lowest grade is an entry grade of the system (grade 1, K, 小班);
//! - entry share = mean of E(s,g,t) / pool(g−1, t−1) for a school whose lowest
//!   grade starts a later level (junior 7, senior 10): the pool is its feeder
//!   schools' grade g−1, or with no feeders the area's, or the county's.
//!
//! A transition is dropped when either fall is skipped or missing or either
//! count is 0; with no valid transition a GPR is 1 and an entry ratio 0 —
//! except a school with entrants at the base whose entrant years all lack
//! births (the series starts later): its entry ratio is the base's entrants
//! over the births of the nearest known year.
//!
//! A school projects the grades it has pupils in at T. One that opened
//! within the data and stops below its roster's top grade is still filling
//! up: its cohorts move on up to the top grade, each at the county's
//! progression ratio for that grade (a ratio of sums over the window).

use super::observed::{GRADE_SLOTS, Observed, grade_of_slot};
use super::scenario::Estimator;
use crate::grades::GradeSystem;

/// Where a school's lowest grade comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry {
    /// Births of a series, `lag` years before the fall.
    Births { series: usize, lag: i32 },
    /// Grade `slot − 1` of the feeder schools.
    Feeders,
    /// Grade `slot − 1` of the schools of an area.
    Area(usize),
    /// Grade `slot − 1` of the whole county.
    County,
    /// Nothing to draw on (no births for the area): the grade stays empty.
    Nothing,
}

/// The ratios of one school at one base year.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolRatios {
    /// Grades with pupils at the base year: the grades projected.
    pub active: [bool; GRADE_SLOTS],
    /// The lowest active grade, refilled each year.
    pub entry_slot: Option<usize>,
    pub entry: Entry,
    /// ER or share (before the scenario's adjustment).
    pub entry_ratio: f64,
    /// Whether the entry ratio rests on at least one observed year.
    pub entry_estimated: bool,
    /// GPR per grade slot (1 where not estimated).
    pub gpr: [f64; GRADE_SLOTS],
    /// Observed transitions behind each GPR.
    pub gpr_n: [u8; GRADE_SLOTS],
}

/// Ratios of every school, for one (base year, window, estimator, skipped years).
#[derive(Debug, Clone, PartialEq)]
pub struct Ratios {
    pub base_year: i32,
    pub window: usize,
    pub estimator: Estimator,
    pub schools: Vec<SchoolRatios>,
}

/// Combine the yearly (numerator, denominator) pairs of a window.
pub fn estimate(pairs: &[(f64, f64)], estimator: Estimator) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    Some(match estimator {
        Estimator::Mean => pairs.iter().map(|(n, d)| n / d).sum::<f64>() / pairs.len() as f64,
        Estimator::Weighted => {
            pairs.iter().map(|p| p.0).sum::<f64>() / pairs.iter().map(|p| p.1).sum::<f64>()
        }
        Estimator::Median => {
            let mut r: Vec<f64> = pairs.iter().map(|(n, d)| n / d).collect();
            r.sort_by(f64::total_cmp);
            let m = r.len() / 2;
            if r.len() % 2 == 1 {
                r[m]
            } else {
                (r[m - 1] + r[m]) / 2.0
            }
        }
    })
}

/// Whether a grade is where pupils enter the system from births.
pub fn is_birth_entry(system: GradeSystem, slot: usize) -> bool {
    let g = grade_of_slot(slot);
    g == system.primary_entry() || g.0 == crate::grades::Grade::LOWEST
}

/// Pupils in grade `slot` summed over a set of schools, observed.
fn observed_sum(
    obs: &Observed,
    schools: impl Iterator<Item = usize>,
    year: i32,
    slot: usize,
) -> f64 {
    schools.map(|s| obs.pupils_at(s, year, slot)).sum()
}

pub fn estimate_ratios(
    obs: &Observed,
    system: GradeSystem,
    base_year: i32,
    window: usize,
    estimator: Estimator,
    skip: &[i32],
) -> Ratios {
    let window = window.max(1);
    let falls: Vec<i32> = (base_year - window as i32 + 1..=base_year).collect();
    // A transition t−1 → t counts when both falls are usable.
    let transitions: Vec<i32> = falls
        .iter()
        .copied()
        .filter(|&t| obs.usable(t, skip) && obs.usable(t - 1, skip))
        .collect();
    let entry_falls: Vec<i32> = falls
        .iter()
        .copied()
        .filter(|&t| obs.usable(t, skip))
        .collect();
    let members = &obs.members;
    let mut pairs: Vec<(f64, f64)> = Vec::with_capacity(window);
    // The county's progression ratio per grade: a ratio of sums over every
    // school's transitions in the window (for grades a school has no history in).
    let county_gpr: Vec<f64> = (0..GRADE_SLOTS)
        .map(|g| {
            if g == 0 {
                return 1.0;
            }
            let (mut num, mut den) = (0.0, 0.0);
            for &t in &transitions {
                for s in 0..obs.n_schools {
                    let (a, b) = (obs.pupils_at(s, t, g), obs.pupils_at(s, t - 1, g - 1));
                    if a > 0.0 && b > 0.0 {
                        num += a;
                        den += b;
                    }
                }
            }
            if den > 0.0 { num / den } else { 1.0 }
        })
        .collect();

    let schools = (0..obs.n_schools)
        .map(|s| {
            let now = obs.grades(s, base_year);
            let mut active = [false; GRADE_SLOTS];
            for g in 0..GRADE_SLOTS {
                active[g] = now[g] > 0.0;
            }
            let entry_slot = active.iter().position(|a| *a);
            let mut gpr = [1.0; GRADE_SLOTS];
            let mut gpr_n = [0u8; GRADE_SLOTS];
            for g in 1..GRADE_SLOTS {
                if !active[g] || Some(g) == entry_slot {
                    continue;
                }
                pairs.clear();
                for &t in &transitions {
                    let (num, den) = (obs.pupils_at(s, t, g), obs.pupils_at(s, t - 1, g - 1));
                    if num > 0.0 && den > 0.0 {
                        pairs.push((num, den));
                    }
                }
                if let Some(r) = estimate(&pairs, estimator) {
                    gpr[g] = r;
                    gpr_n[g] = pairs.len() as u8;
                }
            }
            // A school still filling up (it opened within the data and its
            // pupils stop below its roster's top grade): its cohorts move on
            // up to the top grade, at the county's progression ratios.
            if let Some(top) = active.iter().rposition(|a| *a)
                && top < obs.span_top[s].min(GRADE_SLOTS - 1)
                && opened_within(obs, s, base_year)
            {
                for g in top + 1..=obs.span_top[s].min(GRADE_SLOTS - 1) {
                    active[g] = true;
                    gpr[g] = county_gpr[g];
                }
            }
            let (entry, entry_ratio, entry_estimated) = match entry_slot {
                None => (Entry::Nothing, 0.0, false),
                Some(e) => entry_ratio(
                    obs,
                    system,
                    base_year,
                    s,
                    e,
                    members,
                    &entry_falls,
                    &transitions,
                    estimator,
                    &mut pairs,
                ),
            };
            SchoolRatios {
                active,
                entry_slot,
                entry,
                entry_ratio,
                entry_estimated,
                gpr,
                gpr_n,
            }
        })
        .collect();
    Ratios {
        base_year,
        window,
        estimator,
        schools,
    }
}

/// Whether a school's first fall with pupils (up to `base_year`) comes after
/// the data's first fall: it opened within the data.
fn opened_within(obs: &Observed, s: usize, base_year: i32) -> bool {
    (obs.first_year..=base_year)
        .find(|&t| obs.grades(s, t).iter().any(|p| *p > 0.0))
        .is_some_and(|first| first > obs.first_year)
}

#[allow(clippy::too_many_arguments)]
fn entry_ratio(
    obs: &Observed,
    system: GradeSystem,
    base_year: i32,
    s: usize,
    e: usize,
    members: &[Vec<usize>],
    entry_falls: &[i32],
    transitions: &[i32],
    estimator: Estimator,
    pairs: &mut Vec<(f64, f64)>,
) -> (Entry, f64, bool) {
    pairs.clear();
    let entry = if is_birth_entry(system, e) || e == 0 {
        let lag = grade_of_slot(e).entry_age();
        let Some(series) = obs.birth_area[s] else {
            return (Entry::Nothing, 0.0, false);
        };
        for &t in entry_falls {
            let num = obs.pupils_at(s, t, e);
            let den = obs.births[series].get(t - lag).unwrap_or(0.0);
            if num > 0.0 && den > 0.0 {
                pairs.push((num, den));
            }
        }
        // Entrants at the base but no births for any entrant year in the
        // window (the births series starts later): the base's entrants over
        // the births of the nearest known year, rather than no entrants at all.
        let entrants = obs.pupils_at(s, base_year, e);
        if pairs.is_empty() && entrants > 0.0 {
            let b = &obs.births[series];
            let nearest = (0..b.values.len())
                .filter_map(|i| {
                    let y = b.first_year + i as i32;
                    b.get(y).filter(|v| *v > 0.0).map(|v| (y, v))
                })
                .min_by_key(|(y, _)| (y - (base_year - lag)).abs());
            if let Some((_, births)) = nearest {
                pairs.push((entrants, births));
            }
        }
        Entry::Births { series, lag }
    } else {
        let below = e - 1;
        let pool_of = |entry: Entry, t: i32| match entry {
            Entry::Feeders => observed_sum(obs, obs.feeders_of[s].iter().copied(), t, below),
            Entry::Area(a) => observed_sum(obs, members[a].iter().copied(), t, below),
            _ => observed_sum(obs, 0..obs.n_schools, t, below),
        };
        // Feeders when any school feeds this one; else the area, if it has the grade below.
        let mut entry = if !obs.feeders_of[s].is_empty() {
            Entry::Feeders
        } else {
            obs.area[s].map_or(Entry::County, Entry::Area)
        };
        if matches!(entry, Entry::Area(_))
            && transitions.iter().all(|&t| pool_of(entry, t - 1) <= 0.0)
        {
            entry = Entry::County;
        }
        for &t in transitions {
            let num = obs.pupils_at(s, t, e);
            let den = pool_of(entry, t - 1);
            if num > 0.0 && den > 0.0 {
                pairs.push((num, den));
            }
        }
        entry
    };
    match estimate(pairs, estimator) {
        Some(r) => (entry, r, true),
        None => (entry, 0.0, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimators() {
        let p = [(10.0, 20.0), (30.0, 30.0), (20.0, 10.0)];
        assert_eq!(estimate(&p, Estimator::Mean), Some((0.5 + 1.0 + 2.0) / 3.0));
        assert_eq!(estimate(&p, Estimator::Median), Some(1.0));
        assert_eq!(estimate(&p, Estimator::Weighted), Some(1.0));
        assert_eq!(estimate(&p[..2], Estimator::Median), Some(0.75));
        assert_eq!(estimate(&[], Estimator::Mean), None);
    }
}
