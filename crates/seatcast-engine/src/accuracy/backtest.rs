//! Rolling-origin backtest (docs/method.md): for each origin fall T, project from
//! T with data up to T only, and compare T+1 … T+H with what happened.
//!
//! Conventions: a school is compared at T+h only if its set of grades with
//! pupils is the same at T and T+h and both totals are above 0; the school
//! MAPE is the mean over all compared (origin, school) pairs; the system total
//! is the sum over the compared schools and its MAPE the mean over origins.
//!
//! Outlier falls are found as the method finds them in use, from the data
//! known at each origin ([`crate::accuracy::outliers`]); an origin that is itself an
//! outlier is projected from the fall before it.

use super::prepared::Prepared;
use crate::accuracy::intervals::ErrorBands;
use crate::accuracy::outliers;
use crate::method::project::project;
use crate::method::ratios::RatioSettings;
use crate::scenario::{Method, Scenario};
use serde::Serialize;
use std::sync::Arc;

/// What a rolling-origin backtest covers: its origin falls, how far ahead,
/// and the falls left out.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestOptions {
    /// The origin falls T projected from, first to last (each with data up to T only).
    pub origins: std::ops::RangeInclusive<i32>,
    /// Years ahead projected and scored from each origin (H).
    pub horizon: usize,
    /// Falls taken out as data and as targets.
    pub skip_years: Vec<i32>,
    /// Falls used as data but not scored.
    pub skip_targets: Vec<i32>,
}

/// Errors at one horizon; percentages are in percent (4.78 means 4.78 %).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonScore {
    /// Years ahead of the origin (1 … H).
    pub h: usize,
    /// School MAPE: the mean absolute percentage error over the compared (origin,
    /// school) pairs, in %; NaN when none was compared.
    pub school_mape: f64,
    /// The median of the same errors, in %; NaN when none was compared.
    pub median_ape: f64,
    /// Share (in %) of compared schools within ±5 %.
    pub within5: f64,
    /// Compared (origin, school) pairs.
    pub n: usize,
    /// MAPE of the system total (the sum over each origin's compared schools),
    /// the mean over origins, in %; NaN when none was compared.
    pub system_mape: f64,
    /// Share of compared schools whose actual total fell inside the 80 %
    /// range known at their origin (see `coverage80`); None when no
    /// origin had enough earlier errors.
    pub coverage80: Option<f64>,
    /// The same for the system total, over origins.
    pub system_coverage80: Option<f64>,
}

/// One compared (origin, school) pair at one horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The origin fall T projected from.
    pub origin: i32,
    /// Years ahead of the origin: the school is compared in fall T + h.
    pub h: usize,
    /// The school's index in the dataset.
    pub school: usize,
    /// Its projected pupils (all grades) in fall T + h.
    pub projected: f64,
    /// Its observed pupils (all grades) in fall T + h, above 0.
    pub actual: f64,
}

impl Comparison {
    /// The absolute percentage error, |projected − actual| / actual, as a fraction
    /// (0.05 is 5 %).
    pub fn ape(&self) -> f64 {
        (self.projected - self.actual).abs() / self.actual
    }
}

/// Every comparison, for scores and for the worst-predicted schools. The
/// default (auto) is backtested as it runs: at each origin, the candidates
/// chosen from the comparisons known then (`crate::accuracy::choice`).
pub fn comparisons(
    engine: &dyn Prepared,
    scenario: &Scenario,
    options: &BacktestOptions,
) -> Vec<Comparison> {
    if scenario.method == Method::Auto {
        let panel = engine.panel_for(scenario, options);
        return crate::accuracy::choice::nested(&panel, options.horizon, &options.origins);
    }
    fixed_comparisons(engine, scenario, options)
}

/// The comparisons the 80 % ranges are drawn from, and for the default the
/// first origin at which it knew something to choose by (the earlier
/// origins' errors are its fallback's, not the chosen candidates').
pub fn band_comparisons(
    engine: &dyn Prepared,
    scenario: &Scenario,
    options: &BacktestOptions,
) -> (Vec<Comparison>, Option<i32>) {
    if scenario.method != Method::Auto {
        return (fixed_comparisons(engine, scenario, options), None);
    }
    // The panel once: the default's comparisons and where it first knew something.
    let panel = engine.panel_for(scenario, options);
    let first_chosen = panel.keys.iter().map(|k| k.origin + k.h as i32).min();
    let all = crate::accuracy::choice::nested(&panel, options.horizon, &options.origins);
    (all, first_chosen)
}

/// The comparisons of one fixed method (not the default's choice).
pub fn fixed_comparisons(
    engine: &dyn Prepared,
    scenario: &Scenario,
    options: &BacktestOptions,
) -> Vec<Comparison> {
    let obs = engine.observed();
    let mut out = Vec::new();
    let mut s = scenario.clone();
    s.horizon = options.horizon;
    s.skip_years = options.skip_years.clone();
    for origin in options.origins.clone() {
        if !obs.usable(origin, &options.skip_years) {
            continue;
        }
        // Outlier falls known at the origin leave the data; a projection
        // standing on one starts from the fall before.
        let skip = match s.detect_outliers {
            true => outliers::skip_with_outliers(obs, origin, &options.skip_years),
            false => options.skip_years.clone(),
        };
        let Some(stand) = outliers::standing_fall(obs, origin, &skip) else {
            continue;
        };
        let shift = (origin - stand) as usize;
        let ratios = Arc::new(crate::method::ratios::estimate_ratios(
            obs,
            engine.dataset().grade_system,
            stand,
            RatioSettings::of(&s),
            &skip,
        ));
        let mut from_stand = s.clone();
        from_stand.horizon = options.horizon + shift;
        let p = project(engine.dataset(), obs, &ratios, &from_stand, origin, None);
        for h in 1..=options.horizon.min(p.horizon.saturating_sub(shift)) {
            let target = origin + h as i32;
            if !obs.usable(target, &options.skip_years) || options.skip_targets.contains(&target) {
                continue;
            }
            for school in 0..obs.n_schools {
                let then = obs.grades(school, origin);
                let now = obs.grades(school, target);
                let same_grades = then.iter().zip(&now).all(|(a, b)| (*a > 0.0) == (*b > 0.0));
                let actual: f64 = now.iter().sum();
                if !same_grades || actual <= 0.0 || then.iter().sum::<f64>() <= 0.0 {
                    continue;
                }
                out.push(Comparison {
                    origin,
                    h,
                    school,
                    projected: p.total(school, h + shift),
                    actual,
                });
            }
        }
    }
    out
}

/// Scores per horizon from the comparisons.
pub fn scores(comparisons: &[Comparison], horizon: usize) -> Vec<HorizonScore> {
    (1..=horizon)
        .map(|h| {
            let at: Vec<&Comparison> = comparisons.iter().filter(|c| c.h == h).collect();
            let mut apes: Vec<f64> = at.iter().map(|c| c.ape()).collect();
            apes.sort_by(f64::total_cmp);
            let n = apes.len();
            let mean = if n == 0 {
                f64::NAN
            } else {
                apes.iter().sum::<f64>() / n as f64
            };
            let median = match n {
                0 => f64::NAN,
                _ if n % 2 == 1 => apes[n / 2],
                _ => (apes[n / 2 - 1] + apes[n / 2]) / 2.0,
            };
            let within = apes.iter().filter(|a| **a <= 0.05).count() as f64 / n.max(1) as f64;
            // The system: per origin, the sum over the compared schools.
            let mut origins: Vec<i32> = at.iter().map(|c| c.origin).collect();
            origins.dedup();
            let system: Vec<f64> = origins
                .iter()
                .map(|o| {
                    let (p, a) = at
                        .iter()
                        .filter(|c| c.origin == *o)
                        .fold((0.0, 0.0), |(p, a), c| (p + c.projected, a + c.actual));
                    (p - a).abs() / a
                })
                .collect();
            let system_mape = if system.is_empty() {
                f64::NAN
            } else {
                system.iter().sum::<f64>() / system.len() as f64
            };
            HorizonScore {
                h,
                school_mape: mean * 100.0,
                median_ape: median * 100.0,
                within5: within * 100.0,
                n,
                system_mape: system_mape * 100.0,
                coverage80: None,
                system_coverage80: None,
            }
        })
        .collect()
}

/// Backtest a scenario's method.
pub fn backtest(
    engine: &dyn Prepared,
    scenario: &Scenario,
    options: &BacktestOptions,
) -> Vec<HorizonScore> {
    let mut out = scores(&comparisons(engine, scenario, options), options.horizon);
    for (s, (school, system)) in out.iter_mut().zip(coverage80(engine, scenario, options)) {
        s.coverage80 = school;
        s.system_coverage80 = system;
    }
    out
}

/// Coverage of the 80 % ranges per horizon, as a planner would have had
/// them: at origin T each compared school's range is the one the app shows at
/// base fall T ([`ErrorBands::known_at_chosen`]: errors known at T from the
/// last five falls; for the default, of the origins it chose at). Gives, per horizon,
/// the share of schools whose actual total fell inside and the share of
/// origins whose actual system total did; None when no origin had enough
/// known errors.
pub fn coverage80(
    engine: &dyn Prepared,
    scenario: &Scenario,
    options: &BacktestOptions,
) -> Vec<(Option<f64>, Option<f64>)> {
    let pool_options = BacktestOptions {
        origins: engine.observed().first_year + 1..=*options.origins.end(),
        ..options.clone()
    };
    let (all, chosen_from) = band_comparisons(engine, scenario, &pool_options);
    let mut schools = vec![(0usize, 0usize); options.horizon];
    let mut systems = vec![(0usize, 0usize); options.horizon];
    for origin in options.origins.clone() {
        let Some(bands) =
            ErrorBands::known_at_chosen(&all, origin, options.horizon, &[], chosen_from)
        else {
            continue;
        };
        // The system's range from the system totals' own errors, as the
        // county's is drawn.
        for h in 1..=options.horizon {
            let scored: Vec<&Comparison> = all
                .iter()
                .filter(|c| c.origin == origin && c.h == h)
                .collect();
            if scored.is_empty() {
                continue;
            }
            let (mut p, mut a) = (0.0, 0.0);
            for c in &scored {
                if let Some((lo, hi)) = bands.school_range(h, c.projected) {
                    schools[h - 1].1 += 1;
                    if (lo..=hi).contains(&c.actual) {
                        schools[h - 1].0 += 1;
                    }
                }
                p += c.projected;
                a += c.actual;
            }
            if let Some((lo, hi)) = bands.total_range(h, p, None) {
                systems[h - 1].1 += 1;
                if (lo..=hi).contains(&a) {
                    systems[h - 1].0 += 1;
                }
            }
        }
    }
    let share = |(inside, total): (usize, usize)| (total > 0).then(|| inside as f64 / total as f64);
    schools
        .into_iter()
        .zip(systems)
        .map(|(s, y)| (share(s), share(y)))
        .collect()
}
