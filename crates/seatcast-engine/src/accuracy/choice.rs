//! The default method, chosen by the loaded data's own backtest.
//!
//! No single window suits every district: on Eau Claire long windows win, on
//! a large city short ones, and where births are missing neither textbook
//! window helps. So the default backtests every [`Candidate`] (the textbook
//! over 2, 3, 5 and 8 falls with the mean and the weighted estimator,
//! pooled, persistence; where births are missing, each with either entrant
//! rule) on the data loaded, and at a base fall T projects h years ahead
//! with the mean of the [`COMBINE`] candidates whose errors over the
//! horizons 1 … h, **as known at T** (origin + h′ ≤ T), are smallest — each
//! horizon's school MAPE taken relative to the best one's, so every horizon
//! counts alike. The same rule at every origin of a backtest makes the
//! default's own backtest honest: it never sees the errors it is scored on.
//!
//! - Two candidates rather than one: a choice between near-equals flips
//!   with the noise of a few origins; their mean does not (forecast
//!   combination), and it has beaten the best single candidate chosen in
//!   hindsight at some horizons on every data set measured (docs/manual.md).
//! - One choice for every school level: choices of a level's own (tried,
//!   with 100 comparisons of the level as the floor) lost 1–3 % to one
//!   choice for all on Indiana's schools (docs/method.md, "The default").
//! - Horizons with nothing known yet take every known horizon's errors
//!   (pooled); horizons beyond the backtest take the longest one's choice.
//! - With no known comparison at all (too few falls): where births are
//!   known, [`Candidate::FALLBACK`], the textbook's n = 3 weighted by
//!   pupils, which carries the cohorts already born into school (persistence drops them: on the sample county its school
//!   errors are 3–4 × the textbook's); where births are missing, the equal
//!   mean of the [`Candidate::CORE`], the textbook's n = 3 and persistence,
//!   which hedges between Indiana, where persistence wins, and Chicago,
//!   where the textbook's trend does.
//! - Totals (the county, a level) known at fewer than [`MIN_TOTALS`]
//!   origins are chosen between the core's two only: one or two origins'
//!   errors cannot single out three of 21 candidates.

use super::prepared::Prepared;
use crate::accuracy::backtest::{BacktestOptions, Comparison, fixed_comparisons};
use crate::grades::Level;
// What a choice is, as the stepping combines it, is the method's.
pub use crate::method::choice::{Basis, Choice, Pick, distinct_levels};
use crate::scenario::{Candidate, EntrantRule, Method, Scenario};
use rayon::prelude::*;

/// The horizons the default's choice is backtested over.
pub const CHOICE_HORIZON: usize = 5;

/// How many candidates the default combines for a school.
pub const COMBINE: usize = 2;

/// How many candidates the default combines for a total (the county, a
/// level): a total's errors are one per origin, noisier to choose by than
/// a school's, and three weighed by them beat two on every set measured
/// (docs/method.md, "Totals").
pub const COMBINE_TOTALS: usize = 3;

/// How sharply the combination leans to the better candidate: weights ∝
/// (relative error)^−[`SHARPNESS`], so two near-equals weigh about alike
/// and a candidate 20 % worse gets about a third of the better one's weight.
pub const SHARPNESS: i32 = 4;

/// The candidates' comparisons on one data set: the same (origin, school,
/// horizon) pairs for each, in the same order; only the projections differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// The candidates backtested, in the order of `projected`.
    pub candidates: Vec<Candidate>,
    /// The pairs compared (their `projected` is the first candidate's).
    pub keys: Vec<Comparison>,
    /// Per candidate, the projection of each pair.
    pub projected: Vec<Vec<f64>>,
    /// Each school's level (for the levels' totals).
    pub levels: Vec<Level>,
    /// Whether births are missing (the fallback hedges then, see `choose`).
    pub births_missing: bool,
    /// The data's first fall (an origin there has no transition behind it).
    pub first_year: i32,
}

/// Every candidate's comparisons over the options' origins (in parallel).
pub fn panel(
    engine: &dyn Prepared,
    candidates: &[Candidate],
    robust: bool,
    options: &BacktestOptions,
    detect_outliers: bool,
) -> Panel {
    let runs: Vec<Vec<Comparison>> = candidates
        .par_iter()
        .map(|c| {
            let s = Scenario {
                detect_outliers,
                ..c.scenario(robust)
            };
            fixed_comparisons(engine, &s, options)
        })
        .collect();
    let keys = runs.first().cloned().unwrap_or_default();
    let projected = runs
        .iter()
        .map(|r| {
            // The pairs compared depend on the data alone, not the method.
            debug_assert_eq!(r.len(), keys.len());
            r.iter().map(|c| c.projected).collect()
        })
        .collect();
    Panel {
        candidates: candidates.to_vec(),
        keys,
        projected,
        levels: engine.dataset().schools.iter().map(|s| s.level).collect(),
        births_missing: engine.births_missing(),
        first_year: engine.observed().first_year,
    }
}

/// The squared relative error of each candidate's total per (origin,
/// horizon) known at the base, over the compared schools of the levels
/// `keep` lets through: per candidate and horizon, (sum of squared errors,
/// origins). Squared, not absolute as for schools: a total has one error
/// an origin, and a planner's peak stands or falls by its largest misses
/// (the mean squared error Bates and Granger weighed forecasts by).
fn total_errors(
    panel: &Panel,
    base: i32,
    horizon: usize,
    keep: impl Fn(Level) -> bool,
) -> (Vec<Vec<f64>>, Vec<usize>) {
    let nc = panel.candidates.len();
    // Per (origin, h): the actual and each candidate's projected sums.
    let mut groups: std::collections::BTreeMap<(i32, usize), (f64, Vec<f64>)> =
        std::collections::BTreeMap::new();
    for (i, k) in panel.keys.iter().enumerate() {
        if k.origin + k.h as i32 > base || k.h > horizon || k.h == 0 {
            continue;
        }
        let level = panel
            .levels
            .get(k.school)
            .copied()
            .unwrap_or(Level::Primary);
        if !keep(level) {
            continue;
        }
        let g = groups
            .entry((k.origin, k.h))
            .or_insert_with(|| (0.0, vec![0.0; nc]));
        g.0 += k.actual;
        for (c, p) in panel.projected.iter().enumerate() {
            g.1[c] += p[i];
        }
    }
    let mut sum = vec![vec![0.0; horizon]; nc];
    let mut n = vec![0usize; horizon];
    for ((_, h), (actual, projected)) in groups {
        if actual <= 0.0 {
            continue;
        }
        n[h - 1] += 1;
        for c in 0..nc {
            let e = (projected[c] - actual) / actual;
            sum[c][h - 1] += e * e;
        }
    }
    (sum, n)
}

/// Fewest known totals (origins) at every horizon used for a total to be
/// chosen among every candidate (fewer: between the core's two), and for a
/// level's total to be chosen by its own errors (fewer: it follows the
/// county's).
pub const MIN_TOTALS: usize = 3;

/// The choice at a base fall from the comparisons known then: the
/// schools' candidates by horizon, and the totals' (the county's, each
/// level's).
pub fn choose(panel: &Panel, base: i32, horizon: usize) -> Choice {
    let levels = distinct_levels(&panel.levels);
    let sums = ApeSums::of(panel, base, horizon);
    let allowed = allowed(panel, &sums.sum);
    let core: Vec<usize> = allowed
        .iter()
        .copied()
        .filter(|&c| panel.candidates.get(c).is_some_and(Candidate::in_core))
        .collect();
    // A single fall has no transition: nothing tells the two apart, and the
    // textbook at least ages the cohorts, so it stands alone as before.
    let fallback: Vec<usize> = match panel.births_missing && base > panel.first_year {
        true => core.clone(),
        false => allowed
            .iter()
            .copied()
            .filter(|&c| panel.candidates.get(c) == Some(&Candidate::FALLBACK))
            .collect(),
    };
    let chooser = Chooser {
        allowed,
        core,
        fallback,
        nc: panel.candidates.len(),
    };
    let known_h: Vec<usize> = (0..horizon).filter(|&h| sums.n[h] > 0).collect();
    let mut used_h: Vec<Vec<usize>> = Vec::with_capacity(horizon);
    let mut overall = Vec::with_capacity(horizon);
    for h in 0..horizon {
        let upto: Vec<usize> = known_h.iter().copied().filter(|&x| x <= h).collect();
        let (horizons, basis) = if !upto.is_empty() {
            (upto, Basis::Horizon)
        } else if !known_h.is_empty() {
            (known_h.clone(), Basis::Pooled)
        } else {
            (Vec::new(), Basis::Fallback)
        };
        let pick = match basis {
            Basis::Fallback => chooser.fallback(),
            _ => chooser.best(&chooser.allowed, &horizons, &|c, x| sums.sum[c][x], COMBINE),
        };
        used_h.push(horizons);
        overall.push((pick, basis));
    }
    let (county, level_totals, levels_following) =
        chooser.totals(panel, base, horizon, &levels, &used_h);
    let mape: Vec<Vec<Option<f64>>> = (0..chooser.nc)
        .map(|c| {
            (0..horizon)
                .map(|h| (sums.n[h] > 0).then(|| sums.sum[c][h] / sums.n[h] as f64 * 100.0))
                .collect()
        })
        .collect();
    Choice {
        base_year: base,
        candidates: panel.candidates.clone(),
        known: mape,
        n_known: sums.n,
        overall,
        county,
        level_totals,
        levels_following,
    }
}

/// Sums of absolute percentage errors per candidate and horizon over the
/// comparisons known at a base fall, and how many.
struct ApeSums {
    sum: Vec<Vec<f64>>,
    n: Vec<usize>,
}

impl ApeSums {
    fn of(panel: &Panel, base: i32, horizon: usize) -> ApeSums {
        let nc = panel.candidates.len();
        let mut s = ApeSums {
            sum: vec![vec![0.0; horizon]; nc],
            n: vec![0usize; horizon],
        };
        for (i, k) in panel.keys.iter().enumerate() {
            if k.origin + k.h as i32 > base || k.h > horizon || k.h == 0 {
                continue;
            }
            let h = k.h - 1;
            s.n[h] += 1;
            for (c, p) in panel.projected.iter().enumerate() {
                s.sum[c][h] += (p[i] - k.actual).abs() / k.actual;
            }
        }
        s
    }
}

/// The candidates a choice may take. Where births are missing, how
/// entrants come is chosen first, over every horizon known: the rule whose
/// candidates err less in all (persistence takes no entrants).
fn allowed(panel: &Panel, sum: &[Vec<f64>]) -> Vec<usize> {
    let nc = panel.candidates.len();
    let mut rules: Vec<EntrantRule> = panel
        .candidates
        .iter()
        .filter(|c| c.method != Method::Persistence)
        .map(|c| c.entrants)
        .collect();
    rules.sort_by_key(|e| *e as u8);
    rules.dedup();
    let total = |r: EntrantRule| -> f64 {
        (0..nc)
            .filter(|&c| panel.candidates[c].entrants == r)
            .filter(|&c| panel.candidates[c].method != Method::Persistence)
            .map(|c| sum[c].iter().sum::<f64>())
            .sum()
    };
    let rule = (rules.len() > 1)
        .then(|| {
            rules
                .iter()
                .copied()
                .min_by(|a, b| total(*a).total_cmp(&total(*b)))
        })
        .flatten();
    (0..nc)
        .filter(|&c| {
            let k = panel.candidates[c];
            k.method == Method::Persistence || rule.is_none_or(|r| k.entrants == r)
        })
        .collect()
}

/// Picks among the allowed candidates.
struct Chooser {
    allowed: Vec<usize>,
    /// The allowed members of [`Candidate::CORE`].
    core: Vec<usize>,
    /// What stands when nothing is known: [`Candidate::FALLBACK`] where
    /// births are known, the core's two where they are missing.
    fallback: Vec<usize>,
    nc: usize,
}

impl Chooser {
    /// The best `combine` of `pool` by the mean over the horizons of each
    /// one's sum relative to the pool's best sum there, weighted by that
    /// score^−SHARPNESS.
    fn best(
        &self,
        pool: &[usize],
        horizons: &[usize],
        sums: &dyn Fn(usize, usize) -> f64,
        combine: usize,
    ) -> Pick {
        let score = |c: usize| -> f64 {
            horizons
                .iter()
                .map(|&h| {
                    let least = pool
                        .iter()
                        .map(|&x| sums(x, h))
                        .fold(f64::INFINITY, f64::min);
                    if least > 0.0 { sums(c, h) / least } else { 1.0 }
                })
                .sum::<f64>()
        };
        let mut order: Vec<usize> = pool.to_vec();
        order.sort_by(|&a, &b| score(a).total_cmp(&score(b)).then(a.cmp(&b)));
        order.truncate(combine.min(self.nc));
        let raw: Vec<f64> = order
            .iter()
            .map(|&c| {
                let rel = score(c) / horizons.len().max(1) as f64;
                if rel > 0.0 { rel.powi(-SHARPNESS) } else { 1.0 }
            })
            .collect();
        let total: f64 = raw.iter().sum();
        Pick {
            members: order,
            weights: raw.iter().map(|w| w / total).collect(),
        }
    }

    /// Nothing known: the fallback's candidates, equally weighted.
    fn fallback(&self) -> Pick {
        match self.fallback.len() {
            0 => Pick::single(self.allowed.first().copied().unwrap_or(0)),
            n => Pick {
                members: self.fallback.clone(),
                weights: vec![1.0 / n as f64; n],
            },
        }
    }

    /// A total's pick: among every allowed candidate where at least
    /// [`MIN_TOTALS`] origins are known at every horizon used, else
    /// between the core's.
    fn total(&self, horizons: &[usize], sums: &dyn Fn(usize, usize) -> f64, n: &[usize]) -> Pick {
        let enough = horizons.iter().all(|&x| n[x] >= MIN_TOTALS);
        if enough || self.core.is_empty() {
            self.best(&self.allowed, horizons, sums, COMBINE_TOTALS)
        } else {
            self.best(&self.core, horizons, sums, COMBINE_TOTALS)
        }
    }

    /// The totals: the county's by the county totals' errors, and each
    /// level's by its own where enough of them are known, over the same
    /// horizons as the schools' choice; the levels without enough follow
    /// the county's.
    #[allow(clippy::type_complexity)]
    fn totals(
        &self,
        panel: &Panel,
        base: i32,
        horizon: usize,
        levels: &[Level],
        used_h: &[Vec<usize>],
    ) -> (Vec<Option<Pick>>, Vec<(Level, Vec<Pick>)>, Vec<Level>) {
        let (county_sum, county_n) = total_errors(panel, base, horizon, |_| true);
        let county: Vec<Option<Pick>> = used_h
            .iter()
            .map(|horizons| {
                let known: Vec<usize> = horizons
                    .iter()
                    .copied()
                    .filter(|&x| county_n[x] > 0)
                    .collect();
                (!known.is_empty()).then(|| self.total(&known, &|c, x| county_sum[c][x], &county_n))
            })
            .collect();
        let mut level_totals = Vec::new();
        let mut levels_following = Vec::new();
        if levels.len() < 2 {
            return (county, level_totals, levels_following);
        }
        for level in levels {
            let (lsum, ln) = total_errors(panel, base, horizon, |l| l == *level);
            let own: Vec<Option<Pick>> = used_h
                .iter()
                .map(|horizons| {
                    let enough =
                        !horizons.is_empty() && horizons.iter().all(|&x| ln[x] >= MIN_TOTALS);
                    enough.then(|| self.total(horizons, &|c, x| lsum[c][x], &ln))
                })
                .collect();
            if own.iter().all(Option::is_some) {
                level_totals.push((*level, own.into_iter().flatten().collect()));
            } else {
                levels_following.push(*level);
            }
        }
        (county, level_totals, levels_following)
    }
}

/// The default's own backtest: at each origin, the candidates chosen with
/// what was known then, and the mean of their projections.
pub fn nested(
    panel: &Panel,
    horizon: usize,
    origins: &std::ops::RangeInclusive<i32>,
) -> Vec<Comparison> {
    let mut out = Vec::new();
    let mut choice: Option<Choice> = None;
    let levels = distinct_levels(&panel.levels);
    // The comparisons of each (origin, h).
    let mut scored: std::collections::HashMap<(i32, usize), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, k) in panel.keys.iter().enumerate() {
        scored.entry((k.origin, k.h)).or_default().push(i);
    }
    let mut factors: std::collections::HashMap<(i32, usize), Vec<f64>> =
        std::collections::HashMap::new();
    for (i, k) in panel.keys.iter().enumerate() {
        if !origins.contains(&k.origin) {
            continue;
        }
        if choice.as_ref().is_none_or(|c| c.base_year != k.origin) {
            choice = Some(choose(panel, k.origin, horizon));
        }
        let Some(c) = &choice else { continue };
        let level = panel
            .levels
            .get(k.school)
            .copied()
            .unwrap_or(Level::Primary);
        let combined = match c.members(k.h) {
            Some(pick) => pick.combine(|m| panel.projected.get(m).map_or(k.projected, |p| p[i])),
            None => k.projected,
        };
        // Scaled to the totals chosen, as the projection in use is. The
        // factors are worked out over the schools scored at this origin
        // and horizon (in use, over all the level's schools), so that the
        // scored total is the chosen totals' own: the same schools every
        // candidate's total is scored over.
        let f = factors.entry((k.origin, k.h)).or_insert_with(|| {
            let mut sub = vec![vec![0.0; levels.len()]; panel.candidates.len()];
            for j in scored.get(&(k.origin, k.h)).into_iter().flatten() {
                let Some(q) = panel.keys.get(*j) else {
                    continue;
                };
                let l = panel
                    .levels
                    .get(q.school)
                    .and_then(|x| levels.iter().position(|y| y == x))
                    .unwrap_or(0);
                for (cand, p) in panel.projected.iter().enumerate() {
                    sub[cand][l] += p[*j];
                }
            }
            c.level_factors(k.h, &levels, |cand, l| sub[cand][l])
        });
        let factor = levels
            .iter()
            .position(|l| *l == level)
            .and_then(|l| f.get(l))
            .copied()
            .unwrap_or(1.0);
        out.push(Comparison {
            projected: combined * factor,
            ..k.clone()
        });
    }
    out
}

/// One candidate's comparisons (over some origins), as a fixed method's.
pub fn candidate_comparisons(
    panel: &Panel,
    c: usize,
    origins: &std::ops::RangeInclusive<i32>,
) -> Vec<Comparison> {
    panel
        .keys
        .iter()
        .enumerate()
        .filter(|(_, k)| origins.contains(&k.origin))
        .map(|(i, k)| Comparison {
            projected: panel.projected[c][i],
            ..k.clone()
        })
        .collect()
}

/// Every candidate's scores over the origins, as if each were used
/// throughout: the table the default's choice is read against (the best
/// of it is the best fixed choice in hindsight).
pub fn candidate_scores(
    panel: &Panel,
    origins: &std::ops::RangeInclusive<i32>,
    horizon: usize,
) -> Vec<(Candidate, Vec<crate::accuracy::backtest::HorizonScore>)> {
    (0..panel.candidates.len())
        .map(|c| {
            let comps = candidate_comparisons(panel, c, origins);
            (
                panel.candidates[c],
                crate::accuracy::backtest::scores(&comps, horizon),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
