//! How far to trust the numbers on the loaded data: the backtest of the
//! scenario's method beside the textbook and persistence, every candidate
//! the default chooses among with what it chose and why, the coverage of
//! the 80 % ranges and the schools predicted worst. What the Accuracy tab
//! shows; pure, like the rest of the engine.

use super::prepared::Prepared;
use crate::accuracy::backtest::{
    BacktestOptions, Comparison, HorizonScore, backtest, comparisons, scores,
};
use crate::accuracy::choice::{Choice, candidate_scores};
use crate::scenario::{Candidate, Method, Scenario};

/// Horizons the accuracy report scores.
pub const HORIZON: usize = 5;

/// The report.
#[derive(Debug, Clone, PartialEq)]
pub struct Accuracy {
    /// The method in use (the scenario's) and its scores per horizon.
    pub method: Method,
    /// The method in use's scores, horizons 1 … HORIZON.
    pub scores: Vec<HorizonScore>,
    /// The textbook n = 3 and persistence (and, for a hand-set method, the
    /// default) on the same origins, for reference.
    pub references: Vec<(Reference, Vec<HorizonScore>)>,
    /// Every candidate the default chooses among, each used throughout.
    pub candidates: Vec<(Candidate, Vec<HorizonScore>)>,
    /// What the default uses at the base fall, and why (for the default).
    pub choice: Option<Choice>,
    /// Whether the entrant rule is part of the candidates (births missing).
    pub births_missing: bool,
    /// First and last origin fall.
    pub origins: Option<(i32, i32)>,
    /// Schools with the largest mean error, worst first (at most 10).
    pub worst: Vec<SchoolError>,
    /// Outlier falls found in the data and not scored (no method foresees a
    /// COVID count).
    pub unscored: Vec<i32>,
    /// Per school level (where the data has more than one): the method in
    /// use and every candidate scored on that level's schools alone, their
    /// `system_mape` the level total's error.
    pub levels: Vec<LevelScores>,
    /// The method in use against the lower of the textbook n = 3 and
    /// persistence, horizon by horizon (docs/method.md, "The rule").
    pub rule: Option<crate::accuracy::rule::Rule>,
}

/// The backtest of one school level: its schools and its total.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelScores {
    /// The school level whose schools and total these are.
    pub level: crate::grades::Level,
    /// The method in use.
    pub scores: Vec<HorizonScore>,
    /// Every candidate, each used throughout.
    pub candidates: Vec<(Candidate, Vec<HorizonScore>)>,
}

/// A method shown beside the one in use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reference {
    /// The default (auto), beside a hand-set method.
    Default,
    /// A fixed candidate: the textbook n = 3 or persistence, when not the one in use.
    Candidate(Candidate),
}

/// One school's errors over every origin and horizon it was compared at.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolError {
    /// The school's index in the dataset.
    pub school: usize,
    /// Mean |projected − actual| / actual, in %.
    pub mean_ape: f64,
    /// Mean (projected − actual) / actual, in %: above 0, projected too high.
    pub mean_bias: f64,
    /// Comparisons behind it.
    pub n: usize,
    /// Its largest error, in %, and the origin and horizon it came from.
    pub worst: (f64, i32, usize),
}

/// The scenario's method settings under another method.
fn method_only(s: &Scenario, method: Method) -> Scenario {
    Scenario {
        method,
        ..s.method_only()
    }
}

/// Backtest from every fall that has a later one (the scenario's skipped
/// falls left out, outlier falls used as the method uses them but not
/// scored), up to five years ahead.
pub fn accuracy(engine: &dyn Prepared, scenario: &Scenario) -> Accuracy {
    let obs = engine.observed();
    let (first, last) = (obs.first_year + 1, obs.last_year() - 1);
    let unscored: Vec<i32> = engine
        .skipped(scenario)
        .into_iter()
        .filter(|y| !scenario.skip_years.contains(y))
        .collect();
    let options = BacktestOptions {
        origins: first..=last,
        horizon: HORIZON,
        skip_years: scenario.skip_years.clone(),
        skip_targets: unscored.clone(),
    };
    let own = method_only(scenario, scenario.method);
    let all = comparisons(engine, &own, &options);
    let scores = backtest(engine, &own, &options);
    let panel = engine.panel_for(&own, &options);
    let candidates = candidate_scores(&panel, &options.origins, HORIZON);
    let births_missing = engine.births_missing();
    let of = |c: Candidate| {
        candidates
            .iter()
            .find(|(x, _)| *x == c)
            .map(|(_, s)| s.clone())
    };
    let mut references: Vec<(Reference, Vec<HorizonScore>)> = Vec::new();
    if scenario.method != Method::Auto {
        references.push((
            Reference::Default,
            backtest(engine, &method_only(scenario, Method::Auto), &options),
        ));
    }
    for c in [Candidate::TEXTBOOK, Candidate::PERSISTENCE] {
        if scenario.method != Method::Auto && Candidate::of(scenario) == c {
            continue;
        }
        if let Some(s) = of(c) {
            references.push((Reference::Candidate(c), s));
        }
    }
    let origins = all.iter().map(|c| c.origin);
    let levels = level_scores(&all, &panel, &options);
    // The rule is the default's: a hand-set method is not held to it.
    let rule = (scenario.method == Method::Auto)
        .then(|| crate::accuracy::rule::rule(&scores, &candidates))
        .flatten();
    Accuracy {
        rule,
        method: scenario.method,
        scores,
        references,
        candidates,
        choice: (scenario.method == Method::Auto).then(|| engine.choice(scenario)),
        births_missing,
        origins: origins.clone().min().zip(origins.max()),
        worst: worst_schools(&all, 10),
        unscored,
        levels,
    }
}

/// Each level's scores, from the same comparisons restricted to its schools.
fn level_scores(
    all: &[Comparison],
    panel: &crate::accuracy::choice::Panel,
    options: &BacktestOptions,
) -> Vec<LevelScores> {
    let levels = crate::accuracy::choice::distinct_levels(&panel.levels);
    if levels.len() < 2 {
        return Vec::new();
    }
    let level_of = |school: usize| panel.levels.get(school).copied();
    // Each candidate's comparisons once, then split by level.
    let by_candidate: Vec<Vec<Comparison>> = (0..panel.candidates.len())
        .map(|c| crate::accuracy::choice::candidate_comparisons(panel, c, &options.origins))
        .collect();
    let of_level = |comps: &[Comparison], level| -> Vec<Comparison> {
        comps
            .iter()
            .filter(|c| level_of(c.school) == Some(level))
            .cloned()
            .collect()
    };
    levels
        .into_iter()
        .filter_map(|level| {
            let mine = of_level(all, level);
            if mine.is_empty() {
                return None;
            }
            let candidates = panel
                .candidates
                .iter()
                .zip(&by_candidate)
                .map(|(c, comps)| (*c, scores(&of_level(comps, level), HORIZON)))
                .collect();
            Some(LevelScores {
                level,
                scores: scores(&mine, HORIZON),
                candidates,
            })
        })
        .collect()
}

/// The `n` schools with the largest mean APE.
pub fn worst_schools(all: &[Comparison], n: usize) -> Vec<SchoolError> {
    // Sums first (mean_ape and mean_bias hold totals until divided below).
    let mut by_school: Vec<SchoolError> = Vec::new();
    for c in all {
        let signed = (c.projected - c.actual) / c.actual * 100.0;
        let ape = signed.abs();
        match by_school.iter_mut().find(|s| s.school == c.school) {
            Some(s) => {
                s.mean_ape += ape;
                s.mean_bias += signed;
                s.n += 1;
                if ape > s.worst.0 {
                    s.worst = (ape, c.origin, c.h);
                }
            }
            None => by_school.push(SchoolError {
                school: c.school,
                mean_ape: ape,
                mean_bias: signed,
                n: 1,
                worst: (ape, c.origin, c.h),
            }),
        }
    }
    for s in &mut by_school {
        s.mean_ape /= s.n as f64;
        s.mean_bias /= s.n as f64;
    }
    by_school.sort_by(|a, b| b.mean_ape.total_cmp(&a.mean_ape));
    by_school.truncate(n);
    by_school
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_schools_by_mean_error() {
        let c = |school, origin, h, projected, actual| Comparison {
            origin,
            h,
            school,
            projected,
            actual,
        };
        // School 0: +10 % and −30 %: mean APE 20, bias −10, worst 30 at 2011 h=2.
        // School 1: +5 %.
        let all = [
            c(0, 2010, 1, 110.0, 100.0),
            c(1, 2010, 1, 105.0, 100.0),
            c(0, 2011, 2, 70.0, 100.0),
        ];
        let w = worst_schools(&all, 5);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].school, 0);
        assert!((w[0].mean_ape - 20.0).abs() < 1e-9);
        assert!((w[0].mean_bias + 10.0).abs() < 1e-9);
        assert_eq!(w[0].n, 2);
        assert_eq!((w[0].worst.1, w[0].worst.2), (2011, 2));
        assert!((w[1].mean_ape - 5.0).abs() < 1e-9);
        assert_eq!(worst_schools(&all, 1).len(), 1);
    }
}
