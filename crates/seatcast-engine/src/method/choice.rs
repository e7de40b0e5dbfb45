//! What the default method uses at one base fall: the candidates it
//! combines for each horizon and for each level's total, with their
//! weights ([`Choice`]). The method steps and combines by it; how it is
//! chosen from the data's own backtest is the accuracy stage's
//! (`accuracy/choice.rs`), which sits above the method.

use crate::grades::Level;
use crate::scenario::Candidate;

/// The candidates combined for one horizon (or total), and their weights (summing to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// The candidates combined, as indices into the choice's (the panel's) candidates.
    pub members: Vec<usize>,
    /// Each member's weight, in the same order (they sum to 1).
    pub weights: Vec<f64>,
}

impl Pick {
    /// One candidate alone, with all the weight.
    pub(crate) fn single(i: usize) -> Pick {
        Pick {
            members: vec![i],
            weights: vec![1.0],
        }
    }

    /// The weighted combination of the members' values.
    pub fn combine(&self, value: impl Fn(usize) -> f64) -> f64 {
        self.members
            .iter()
            .zip(&self.weights)
            .map(|(&m, w)| w * value(m))
            .sum()
    }
}

/// How a horizon's choice was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The errors known at horizons 1 … h.
    Horizon,
    /// Nothing known up to h yet: the errors of every known horizon.
    Pooled,
    /// Nothing known yet: the fallback.
    Fallback,
}

/// The distinct levels of a list of schools' levels, in order.
pub fn distinct_levels(levels: &[Level]) -> Vec<Level> {
    let mut l = levels.to_vec();
    l.sort();
    l.dedup();
    l
}

/// What the default uses at one base fall, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The base fall the choice is made at: only errors known then count.
    pub base_year: i32,
    /// Every candidate chosen among (the panel's); a pick's members index it.
    pub candidates: Vec<Candidate>,
    /// Per candidate and horizon 1 … H: the school MAPE (%) known at the base.
    pub known: Vec<Vec<Option<f64>>>,
    /// Known comparisons per horizon.
    pub n_known: Vec<usize>,
    /// Per horizon: the candidates combined for every school, and how they
    /// were chosen.
    pub overall: Vec<(Pick, Basis)>,
    /// Per horizon: the candidates whose county totals are combined into
    /// the county total, chosen by the county-total errors known at the
    /// base (None: nothing known, the schools' sum stands).
    pub county: Vec<Option<Pick>>,
    /// Levels whose totals are chosen by their own totals' errors: per
    /// horizon, the candidates. Other levels take the county's.
    pub level_totals: Vec<(Level, Vec<Pick>)>,
    /// Levels (where the data has more than one) with too few known totals
    /// of their own: theirs follow the county's candidates.
    pub levels_following: Vec<Level>,
}

impl Choice {
    /// The horizons the choice covers (longer ones take the last).
    pub fn horizon(&self) -> usize {
        self.overall.len()
    }

    /// The candidates (indices, weights) a school combines h years ahead.
    pub fn members(&self, h: usize) -> Option<&Pick> {
        let at = h.clamp(1, self.horizon().max(1)) - 1;
        self.overall.get(at).map(|p| &p.0)
    }

    /// The candidates a school combines h years ahead.
    pub fn pick(&self, h: usize) -> Vec<Candidate> {
        let m: Vec<Candidate> = self
            .members(h)
            .map_or(&[][..], |p| p.members.as_slice())
            .iter()
            .filter_map(|&i| self.candidates.get(i).copied())
            .collect();
        if m.is_empty() {
            Candidate::CORE.to_vec()
        } else {
            m
        }
    }

    /// The candidates whose totals make a level's total h years ahead
    /// (None: the schools' own sum stands).
    pub fn total_members(&self, level: Level, h: usize) -> Option<&Pick> {
        let at = h.clamp(1, self.horizon().max(1)) - 1;
        self.level_totals
            .iter()
            .find(|(l, _)| *l == level)
            .and_then(|(_, picks)| picks.get(at))
            .or_else(|| self.county.get(at).and_then(Option::as_ref))
    }

    /// Reconciliation (docs/method.md, "Totals"): the factor each level's
    /// schools are scaled by h years ahead so that they sum to the totals
    /// chosen. `sums(c, k)` is candidate `c`'s total of `levels[k]`. Each
    /// level's total is its chosen candidates' combination; the levels'
    /// totals are then scaled together to the county total chosen (top
    /// down); each level's schools, as combined for schools, are scaled to
    /// their level's total (forecasted proportions). A factor is 1 where
    /// nothing is known to choose totals by, or a sum is not positive.
    pub fn level_factors(
        &self,
        h: usize,
        levels: &[Level],
        sums: impl Fn(usize, usize) -> f64,
    ) -> Vec<f64> {
        let at = h.clamp(1, self.horizon().max(1)) - 1;
        let Some(Some(county_pick)) = self.county.get(at) else {
            return vec![1.0; levels.len()];
        };
        let schools: Vec<f64> = (0..levels.len())
            .map(|k| {
                self.members(h)
                    .map_or_else(|| sums(0, k), |p| p.combine(|c| sums(c, k)))
            })
            .collect();
        let mut totals: Vec<f64> = (0..levels.len())
            .map(|k| {
                self.total_members(levels[k], h)
                    .map_or(schools[k], |p| p.combine(|c| sums(c, k)))
            })
            .collect();
        let county = county_pick.combine(|c| (0..levels.len()).map(|k| sums(c, k)).sum());
        let sum: f64 = totals.iter().sum();
        if sum > 0.0 && county > 0.0 {
            totals.iter_mut().for_each(|t| *t *= county / sum);
        }
        schools
            .iter()
            .zip(&totals)
            .map(|(s, t)| {
                if *s > 0.0 && *t > 0.0 && (t / s).is_finite() {
                    t / s
                } else {
                    1.0
                }
            })
            .collect()
    }

    /// Every candidate some level or horizon takes, the overall first-year ones first.
    pub fn used(&self) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        let picks = self
            .overall
            .iter()
            .flat_map(|p| p.0.members.iter().copied())
            .chain(
                self.county
                    .iter()
                    .flatten()
                    .flat_map(|p| p.members.iter().copied()),
            )
            .chain(
                self.level_totals
                    .iter()
                    .flat_map(|(_, p)| p.iter().flat_map(|x| x.members.iter().copied())),
            );
        for i in picks {
            let c = self
                .candidates
                .get(i)
                .copied()
                .unwrap_or(Candidate::TEXTBOOK);
            if !out.contains(&c) {
                out.push(c);
            }
        }
        if out.is_empty() {
            out.extend(Candidate::CORE);
        }
        out
    }

    /// Whether nothing was known to choose by.
    pub fn is_fallback(&self) -> bool {
        self.overall.iter().all(|p| p.1 == Basis::Fallback)
    }
}
