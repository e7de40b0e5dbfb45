//! The method (docs/method.md): the observed data laid out for it
//! (`observed`), the ratios estimated at a base fall (`ratios`), and the
//! year-by-year stepping with births and the what-ifs ([`project`]), and
//! new housing's pupils added to the years they arrive (`housing`).
//!
//! [`MethodRun`] is a scenario's method settled before anything is
//! stepped: its base fall, the falls left out, and the candidates it
//! projects with — one for a hand-set method; for the default, those its
//! choice combines — each with its ratios.

pub(crate) mod choice;
pub(crate) mod housing;
pub(crate) mod observed;
pub(crate) mod project;
pub(crate) mod ratios;
pub(crate) mod resolved;

pub use observed::{BirthSeries, GRADE_SLOTS, Observed, grade_of_slot, slot};
pub use project::{BirthsPath, Bounded, Projection, project};
pub use ratios::{BOUND_FACTOR, Entry, RatioSettings, Ratios, SchoolRatios};

use crate::method::resolved::Plan;
use crate::model::Dataset;
use crate::scenario::{Candidate, Scenario};
use choice::Choice;
use std::sync::Arc;

/// A scenario's method, settled.
#[derive(Debug, Clone)]
pub struct MethodRun {
    /// The fall the projection starts from: the scenario's or the last with data,
    /// moved back to the last usable fall when that one is skipped or an outlier.
    pub base_year: i32,
    /// Falls left out as data (the scenario's, and outlier falls found).
    pub skipped: Vec<i32>,
    /// What the default chose (None for a hand-set method).
    pub choice: Option<Choice>,
    /// The candidates projected, each with its ratios (at least one).
    pub runs: Vec<(Candidate, Arc<Ratios>)>,
}

impl MethodRun {
    /// The ratios of the first candidate (the default's first-year choice):
    /// what a plan's actions start from and the School tab shows.
    pub fn ratios(&self) -> &Arc<Ratios> {
        // A run always holds at least one candidate (see `Engine::method`).
        &self.runs[0].1
    }

    /// Project the scenario's what-ifs and plan: each candidate with the
    /// scenario's own settings, then, for the default, every school's years
    /// as its horizon's weighted combination of them, scaled to the totals.
    pub fn project(
        &self,
        dataset: &Dataset,
        obs: &Observed,
        scenario: &Scenario,
        plan: Option<&Plan>,
    ) -> Projection {
        // Births known up to their last year (a forecast uses every birth it has).
        let known = i32::MAX;
        let projections: Vec<Projection> = self
            .runs
            .iter()
            .map(|(c, r)| {
                let mut s = scenario.clone();
                if self.choice.is_some() {
                    c.apply(&mut s);
                }
                project::project(dataset, obs, r, &s, known, plan)
            })
            .collect();
        match &self.choice {
            Some(choice) => {
                let levels: Vec<crate::grades::Level> =
                    dataset.schools.iter().map(|s| s.level).collect();
                let candidates: Vec<Candidate> = self.runs.iter().map(|(c, _)| *c).collect();
                combine(&projections, &candidates, choice, &levels)
            }
            _ => projections.into_iter().next(),
        }
        .unwrap_or_else(|| Projection::empty(self.base_year))
    }
}

/// Scale each level's schools, year by year, to the totals the default
/// chose for the county and the levels (docs/method.md, "Totals"): the
/// schools then sum to the totals shown, as the default's backtest scores
/// them. `projections[i]` is `candidates[i]`'s.
fn reconcile(
    out: &mut Projection,
    projections: &[Projection],
    candidates: &[Candidate],
    choice: &Choice,
    levels: &[crate::grades::Level],
) {
    let order = choice::distinct_levels(levels);
    let n = out.n_schools;
    let level_of: Vec<usize> = levels
        .iter()
        .take(n)
        .map(|l| order.iter().position(|x| x == l).unwrap_or(0))
        .collect();
    for h in 1..=out.horizon {
        // Each chosen candidate's total of each level h years ahead.
        let sums: Vec<Vec<f64>> = choice
            .candidates
            .iter()
            .map(|c| {
                let mut by_level = vec![0.0; order.len()];
                if let Some(p) = candidates
                    .iter()
                    .position(|x| x == c)
                    .and_then(|r| projections.get(r))
                {
                    for (s, &l) in level_of.iter().enumerate() {
                        by_level[l] += p.total(s, h);
                    }
                }
                by_level
            })
            .collect();
        let factors = choice.level_factors(h, &order, |c, k| sums[c][k]);
        for (s, &l) in level_of.iter().enumerate() {
            let f = factors.get(l).copied().unwrap_or(1.0);
            let at = (h * n + s) * GRADE_SLOTS;
            for v in &mut out.pupils[at..at + GRADE_SLOTS] {
                *v *= f;
            }
        }
    }
}

/// Every school's years as the weighted combination of the candidates its
/// horizon takes (the same combination the default's backtest scores),
/// then scaled to its level's total. `projections[i]` is `candidates[i]`'s.
pub(crate) fn combine(
    projections: &[Projection],
    candidates: &[Candidate],
    choice: &Choice,
    levels: &[crate::grades::Level],
) -> Option<Projection> {
    let mut out = projections.first()?.clone();
    let n = out.n_schools;
    for h in 1..=out.horizon {
        let Some(pick) = choice.members(h) else {
            continue;
        };
        for s in 0..n {
            let runs: Vec<Option<&Projection>> = pick
                .members
                .iter()
                .map(|&i| {
                    let c = choice.candidates.get(i)?;
                    let r = candidates.iter().position(|x| x == c)?;
                    projections.get(r)
                })
                .collect();
            let at = (h * n + s) * GRADE_SLOTS;
            for g in 0..GRADE_SLOTS {
                out.pupils[at + g] = runs
                    .iter()
                    .zip(&pick.weights)
                    .map(|(p, w)| p.map_or(0.0, |p| w * p.pupils[at + g]))
                    .sum();
            }
        }
    }
    reconcile(&mut out, projections, candidates, choice, levels);
    out.bounded = projections
        .iter()
        .flat_map(|p| p.bounded.iter().copied())
        .collect();
    out.bounded.sort_by_key(|b| (b.school, b.year));
    out.bounded.dedup_by_key(|b| b.school);
    Some(out)
}
