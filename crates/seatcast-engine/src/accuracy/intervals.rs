//! 80 % ranges around every projected figure, drawn from how wrong the same
//! method has been on this data.
//!
//! At a base fall T, the engine backtests the scenario's method on the loaded
//! data (docs/method.md's conventions) and keeps the comparisons already known at
//! T whose target fall is one of the last [`RECENT_FALLS`] falls (T−4 … T):
//! each gives a log error log(actual / projected) at its horizon h′.
//!
//! - **A school** of d pupils at horizon h: the projection × exp of the 10th
//!   and 90th percentiles of those errors, each scaled by (h / h′)^p and by
//!   its size, (d / d′)^−γ (d′ the projection the error was made on). The
//!   growth exponent p is fitted to the errors known (for the default, its
//!   fallback's too: how errors grow is the data's): the slope of log median
//!   |error| against log h′ over the horizons with at least
//!   [`MIN_PER_HORIZON`] errors, kept within 0.4 … 1.5. Random ratio noise
//!   grows about as √h; a trend the ratios miss grows about as h, and the
//!   fit tells which the data shows. When only one horizon is known yet,
//!   p = ½ (√h, random noise's growth, and about what the real sets show). The size exponent γ ([`SizeSpread`]) is the slope of
//!   log |error| on log d′, within 0 … ½: a few pupils more or less weigh
//!   more in a small school, so one spread for all makes a sparrow school's
//!   range too narrow and a town school's too wide.
//! - **A sum of schools** (the county, an area, a level): errors shared by
//!   every school (births, a district-wide shock) do not cancel, the rest
//!   partly does. With σ_c the root mean square of the system-total log
//!   errors (scaled the same way, with their own fitted exponent), widened
//!   by t₉₀(k) / z₉₀ when it rests on only k ≤ 30 totals (a county with few
//!   falls has few), and σ_i school i's spread ((p90 − p10) / 2.563 at its
//!   size), the sum's spread is σ² = σ_c² + Σ d_i² max(σ_i² − σ_c², 0) /
//!   (Σd)², d the schools' projected demands, and its range the sum ×
//!   exp(∓1.2816 σ).
//!
//! Recent errors only: on Eau Claire, errors from every earlier year make the
//! ranges too wide (they include the years of closures and short windows);
//! the last five falls' errors cover 81–83 % of actual totals at horizons
//! 1–5, and 78–84 % of schools under and over 300 pupils alike (docs/manual.md, "How
//! far to trust the numbers"). With fewer than [`MIN_ERRORS`] errors there
//! is no range.

use crate::accuracy::backtest::Comparison;

/// Target falls whose errors make the ranges: the base fall and the four before.
pub const RECENT_FALLS: i32 = 5;

/// Fewest errors a range is drawn from.
pub const MIN_ERRORS: usize = 10;

/// Fewest errors at a horizon for it to enter the growth fit.
pub const MIN_PER_HORIZON: usize = 5;

/// The growth exponent's bounds.
const GROWTH: (f64, f64) = (0.4, 1.5);

/// The growth exponent when the errors cannot tell (one horizon known):
/// √h, as random ratio noise grows. On the four real sets measured, the
/// default's school errors grew as h^0.46 … h^0.70 over five years (about
/// h^0.5 on three of them; docs/method.md, "The 80 % ranges"). Linear (1)
/// made Chicago's four- and five-year school ranges cover 88–95 %.
const GROWTH_UNKNOWN: f64 = 0.5;

/// How errors grow with the years ahead: the least-squares slope of
/// log(median |e|) on log h over the horizons with at least `min` errors,
/// within `GROWTH` (0.4 … 1.5); `GROWTH_UNKNOWN` (½) when fewer than two horizons qualify.
pub fn growth_exponent(errors: &[(usize, f64)], min: usize) -> f64 {
    let mut horizons: Vec<usize> = errors.iter().map(|e| e.0).collect();
    horizons.sort_unstable();
    horizons.dedup();
    let mut points: Vec<(f64, f64)> = Vec::new();
    for h in horizons {
        let mut abs: Vec<f64> = errors
            .iter()
            .filter(|e| e.0 == h)
            .map(|e| e.1.abs())
            .collect();
        if abs.len() < min {
            continue;
        }
        abs.sort_by(f64::total_cmp);
        let median = quantile(&abs, 0.5);
        if median > 0.0 {
            points.push(((h as f64).ln(), median.ln()));
        }
    }
    if points.len() < 2 {
        return GROWTH_UNKNOWN;
    }
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return GROWTH_UNKNOWN;
    }
    (sxy / sxx).clamp(GROWTH.0, GROWTH.1)
}

/// The log error of the total of some comparisons per (origin, horizon):
/// (origin, h, log(actual sum / projected sum)), where both sums are
/// positive.
fn total_log_errors<'a>(
    comparisons: impl Iterator<Item = &'a Comparison>,
) -> Vec<(i32, usize, f64)> {
    let mut groups: Vec<(i32, usize, f64, f64)> = Vec::new();
    for c in comparisons {
        match groups.iter_mut().find(|g| g.0 == c.origin && g.1 == c.h) {
            Some(g) => {
                g.2 += c.projected;
                g.3 += c.actual;
            }
            None => groups.push((c.origin, c.h, c.projected, c.actual)),
        }
    }
    groups
        .iter()
        .filter(|g| g.2 > 0.0 && g.3 > 0.0)
        .map(|g| (g.0, g.1, (g.3 / g.2).ln()))
        .collect()
}

/// Per horizon 1 ..= `horizon`: the log-error variance of a total from its
/// known errors (origin, h′, log error), each scaled to h by (h / h′)^p
/// (p fitted by the caller), widened by t₉₀(k) / z₉₀ with k the origins they come
/// from (a total's errors at one origin's five horizons are one draw of
/// the district's fortunes, not five); 0 with none.
fn total_variance(errors: &[(i32, usize, f64)], horizon: usize, p: f64) -> Vec<f64> {
    let by_h: Vec<(usize, f64)> = errors.iter().map(|e| (e.1, e.2)).collect();
    let mut origins: Vec<i32> = errors.iter().map(|e| e.0).collect();
    origins.sort_unstable();
    origins.dedup();
    let widen = few_errors_factor(origins.len()).powi(2);
    (1..=horizon)
        .map(|h| {
            if errors.is_empty() {
                return 0.0;
            }
            by_h.iter()
                .map(|(h2, e)| (e * (h as f64 / *h2 as f64).powf(p)).powi(2))
                .sum::<f64>()
                / by_h.len() as f64
                * widen
        })
        .collect()
}

/// The normal quantile of 90 %: an 80 % range is ±1.2816 σ.
const Z80: f64 = 1.281_551_565_545;

/// Student's t quantile of 90 % for 1 … 30 degrees of freedom.
const T90: [f64; 30] = [
    3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.350,
    1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325, 1.323, 1.321, 1.319, 1.318, 1.316, 1.315,
    1.314, 1.313, 1.311, 1.310,
];

/// How much wider an 80 % range must be when its σ is the root mean square
/// of only `n` errors: t₉₀(n) / z₉₀ (1.28 for 3 errors, 1.02 for 30, 1
/// beyond). A county total gives one error per origin and horizon, so a
/// county with few falls has few of them.
pub fn few_errors_factor(n: usize) -> f64 {
    match n {
        0 => T90[0] / Z80,
        n => T90.get(n - 1).map_or(1.0, |t| t / Z80),
    }
}

/// The error spreads known at one base fall, per horizon 1 … H.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBands {
    /// The fall the errors are known at.
    pub base_year: i32,
    /// Per horizon h (index h − 1): the 10th and 90th percentiles of a
    /// school's log error in units of its size's spread σ(d) (so a school
    /// of d pupils has log-error percentiles σ(d) × these).
    pub school: Vec<(f64, f64)>,
    /// How a school's error spread depends on its size.
    pub size: SizeSpread,
    /// Per horizon: σ_c², the system total's log-error variance.
    pub common_var: Vec<f64>,
    /// Per school level with totals of its own known: per horizon, the
    /// level total's log-error variance (the county's stands in for the
    /// others).
    pub level_var: Vec<(crate::grades::Level, Vec<f64>)>,
    /// School errors the ranges rest on.
    pub errors: usize,
    /// Their target falls, first and last.
    pub target_falls: (i32, i32),
    /// The fitted growth exponents: school errors, system errors.
    pub growth: (f64, f64),
    /// Origins whose county totals the total's range rests on (each gives
    /// one error per horizon; with few, the range is widened by Student's t).
    pub total_origins: usize,
}

/// The value at quantile `q` of sorted values (linear between neighbours).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// log(actual / projected) of one comparison.
pub fn log_error(c: &Comparison) -> f64 {
    (c.actual / c.projected.max(1e-9)).ln()
}

impl ErrorBands {
    /// The bands a planner would have had at `base_year`, for horizons
    /// 1 ..= `horizon`, from backtest comparisons (of any origins; only those
    /// known at the base fall and recent enough are used).
    pub fn known_at(all: &[Comparison], base_year: i32, horizon: usize) -> Option<ErrorBands> {
        Self::known_at_levels(all, base_year, horizon, &[])
    }

    /// [`ErrorBands::known_at`] with each level's total's own spread, from
    /// the errors of the level totals (`levels[school]` its level).
    pub fn known_at_levels(
        all: &[Comparison],
        base_year: i32,
        horizon: usize,
        levels: &[crate::grades::Level],
    ) -> Option<ErrorBands> {
        Self::known_at_chosen(all, base_year, horizon, levels, None)
    }

    /// [`ErrorBands::known_at_levels`] for the default: the ranges' spread
    /// from the comparisons of origins `chosen_from` on (where it had
    /// something to choose by; the earlier ones are its fallback's), their
    /// growth with the years ahead from every comparison known (how errors
    /// grow is the data's, whichever method made them). Too few of the
    /// chosen: no range (the fallback's errors do not stand in: on
    /// Chicago they made the three- to five-year ranges cover 70–74 %).
    pub fn known_at_chosen(
        all: &[Comparison],
        base_year: i32,
        horizon: usize,
        levels: &[crate::grades::Level],
        chosen_from: Option<i32>,
    ) -> Option<ErrorBands> {
        let recent = |c: &&Comparison| {
            let target = c.origin + c.h as i32;
            target <= base_year && target > base_year - RECENT_FALLS
        };
        let chosen = |origin: i32| chosen_from.is_none_or(|f| origin >= f);
        let recent_all: Vec<&Comparison> = all
            .iter()
            .filter(recent)
            .filter(|c| log_error(c).is_finite())
            .collect();
        let known: Vec<&Comparison> = recent_all
            .iter()
            .filter(|c| chosen(c.origin))
            .copied()
            .collect();
        if known.len() < MIN_ERRORS {
            return None;
        }
        // The system total per (origin, horizon) over the compared schools,
        // from every origin known (not only the recent falls a school's
        // range rests on): a total gives one error per origin, and five
        // falls' worth are too few to tell its spread.
        // Each total's errors once, from every origin known: the growth is
        // fitted to them all, the spread to the chosen origins' (a total's
        // error per (origin, horizon) is the same either way).
        let totals_all: Vec<&Comparison> = all
            .iter()
            .filter(|c| c.origin + c.h as i32 <= base_year && log_error(c).is_finite())
            .collect();
        let spread_and_growth = |errors: Vec<(i32, usize, f64)>| {
            let p = growth_exponent(&errors.iter().map(|e| (e.1, e.2)).collect::<Vec<_>>(), 2);
            let chosen: Vec<(i32, usize, f64)> =
                errors.into_iter().filter(|e| chosen(e.0)).collect();
            (chosen, p)
        };
        let (system, p_c) = spread_and_growth(total_log_errors(totals_all.iter().copied()));
        // The same per level, where the schools' levels are given and
        // there is more than one.
        let order = crate::accuracy::choice::distinct_levels(levels);
        let level_var: Vec<(crate::grades::Level, Vec<f64>)> = if order.len() > 1 {
            order
                .iter()
                .filter_map(|level| {
                    let (errors, p) = spread_and_growth(total_log_errors(
                        totals_all
                            .iter()
                            .copied()
                            .filter(|c| levels.get(c.school) == Some(level)),
                    ));
                    (!errors.is_empty()).then(|| (*level, total_variance(&errors, horizon, p)))
                })
                .collect()
        } else {
            Vec::new()
        };
        let school_errors: Vec<(usize, f64)> =
            recent_all.iter().map(|c| (c.h, log_error(c))).collect();
        let p_s = growth_exponent(&school_errors, MIN_PER_HORIZON);
        let common_var = total_variance(&system, horizon, p_c);
        let mut total_origins: Vec<i32> = system.iter().map(|e| e.0).collect();
        total_origins.sort_unstable();
        total_origins.dedup();
        let targets = known.iter().map(|c| c.origin + c.h as i32);
        let target_falls = (
            targets.clone().min().unwrap_or(base_year),
            targets.max().unwrap_or(base_year),
        );
        // Errors at horizon 1 (scaled by 1 / h′^p), the spread of each
        // school's size fitted to them, and the errors in units of it.
        let at_one: Vec<(f64, f64)> = known
            .iter()
            .map(|c| (c.projected, log_error(c) / (c.h as f64).powf(p_s)))
            .collect();
        let size = SizeSpread::fit(&at_one);
        let mut units: Vec<f64> = at_one.iter().map(|&(d, e)| e / size.sigma(d)).collect();
        units.sort_by(f64::total_cmp);
        let (lo, hi) = (quantile(&units, 0.1), quantile(&units, 0.9));
        let school = (1..=horizon)
            .map(|h| {
                let grow = (h as f64).powf(p_s);
                (lo * grow, hi * grow)
            })
            .collect();
        Some(ErrorBands {
            base_year,
            school,
            size,
            common_var,
            level_var,
            errors: known.len(),
            target_falls,
            growth: (p_s, p_c),
            total_origins: total_origins.len(),
        })
    }

    /// A total's log-error variance at horizon h: its level's where the
    /// level's totals are known (None: the county), else the county's.
    pub fn total_var(&self, h: usize, level: Option<crate::grades::Level>) -> Option<f64> {
        let i = h.checked_sub(1)?;
        level
            .and_then(|l| self.level_var.iter().find(|(x, _)| *x == l))
            .and_then(|(_, v)| v.get(i))
            .or_else(|| self.common_var.get(i))
            .copied()
    }

    /// The 80 % range of a county or level total of `demand` at horizon h,
    /// from that total's own backtest errors.
    pub fn total_range(
        &self,
        h: usize,
        demand: f64,
        level: Option<crate::grades::Level>,
    ) -> Option<(f64, f64)> {
        Some(sum_range(demand, 0.0, self.total_var(h, level)?))
    }

    /// The horizons covered.
    pub fn horizon(&self) -> usize {
        self.school.len()
    }

    /// A school's range at horizon h, as (low, high) for a projected demand.
    pub fn school_range(&self, h: usize, demand: f64) -> Option<(f64, f64)> {
        let (lo, hi) = *self.school.get(h.checked_sub(1)?)?;
        if demand <= 0.0 {
            return Some((0.0, 0.0));
        }
        let sigma = self.size.sigma(demand);
        Some((demand * (lo * sigma).exp(), demand * (hi * sigma).exp()))
    }

    /// What a school of `demand` pupils brings to a sum's range at horizon
    /// h: (σ_c², d² × max(σ_s² − σ_c², 0)), σ_s the school's spread
    /// ((p90 − p10) / 2.563). The second parts of the schools add up to the
    /// `weighted_sq` of [`sum_range`].
    pub fn sum_parts(&self, h: usize, demand: f64) -> Option<(f64, f64)> {
        let i = h.checked_sub(1)?;
        let common = *self.common_var.get(i)?;
        let (lo, hi) = *self.school.get(i)?;
        let d = demand.max(0.0);
        let sigma_s = (hi - lo) / (2.0 * Z80) * self.size.sigma(d);
        Some((common, d * d * (sigma_s * sigma_s - common).max(0.0)))
    }
}

/// A school's log-error spread by its size d: σ(d) ∝ d^−γ. A small school's
/// count moves more in relative terms (a few pupils more or less weigh more):
/// with pure chance γ would be ½, with errors every school shares 0. γ is the
/// least-squares slope of log |error| on log d, kept within 0 … ½; sizes
/// outside those fitted are taken as the nearest fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeSpread {
    /// γ, within 0 … ½ (0 when fewer than two errors fit it).
    pub gamma: f64,
    /// The smallest and largest projected sizes among the errors.
    pub d_range: (f64, f64),
}

impl SizeSpread {
    /// Fit to (projected size, log error) pairs.
    pub fn fit(errors: &[(f64, f64)]) -> SizeSpread {
        let used = || {
            errors
                .iter()
                .filter(|(d, e)| *d > 0.0 && e.is_finite() && *e != 0.0)
        };
        let points: Vec<(f64, f64)> = used().map(|&(d, e)| (d.ln(), e.abs().ln())).collect();
        let d_range = (
            used().map(|e| e.0).fold(f64::INFINITY, f64::min),
            used().map(|e| e.0).fold(0.0, f64::max),
        );
        if points.len() < 2 {
            return SizeSpread {
                gamma: 0.0,
                d_range: (1.0, 1.0),
            };
        }
        let n = points.len() as f64;
        let (mx, my) = (
            points.iter().map(|p| p.0).sum::<f64>() / n,
            points.iter().map(|p| p.1).sum::<f64>() / n,
        );
        let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let gamma = match sxx > 1e-12 {
            true => (-sxy / sxx).clamp(0.0, 0.5),
            false => 0.0,
        };
        SizeSpread { gamma, d_range }
    }

    /// σ(d) relative to a one-pupil school: d^−γ, d within the fitted sizes.
    pub fn sigma(&self, d: f64) -> f64 {
        d.clamp(self.d_range.0, self.d_range.1.max(self.d_range.0))
            .powf(-self.gamma)
    }
}

/// The range of a sum of schools: `demand` = Σd and `weighted_sq` =
/// Σ d² × v, v each school's averaged-out variance (the sum of the second
/// parts of [`ErrorBands::sum_parts`]); σ² = σ_c² + Σ d² v / (Σd)².
pub fn sum_range(demand: f64, weighted_sq: f64, common_var: f64) -> (f64, f64) {
    if demand <= 0.0 {
        return (0.0, 0.0);
    }
    let sigma = (common_var + weighted_sq.max(0.0) / (demand * demand))
        .max(0.0)
        .sqrt();
    (demand * (-Z80 * sigma).exp(), demand * (Z80 * sigma).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(origin: i32, h: usize, projected: f64, actual: f64) -> Comparison {
        Comparison {
            origin,
            h,
            school: 0,
            projected,
            actual,
        }
    }

    #[test]
    fn growth_is_the_slope_of_the_median_error_on_log_horizon() {
        // Median |e| 0.02 at h=1 and 0.04 at h=4: slope ln 2 / ln 4 = 0.5.
        let e = |h, v| (h, v);
        let root = [
            e(1, 0.02),
            e(1, -0.02),
            e(1, 0.01),
            e(4, 0.04),
            e(4, -0.05),
            e(4, 0.03),
        ];
        assert!((growth_exponent(&root, 3) - 0.5).abs() < 1e-12);
        // 0.02 then 0.08: linear.
        let linear = [
            e(1, 0.02),
            e(1, 0.02),
            e(1, 0.02),
            e(4, 0.08),
            e(4, -0.08),
            e(4, 0.08),
        ];
        assert!((growth_exponent(&linear, 3) - 1.0).abs() < 1e-12);
        // Flat errors are held at 0.4; steep ones at 1.5; one horizon: 0.5.
        let flat = [
            e(1, 0.02),
            e(1, 0.02),
            e(1, 0.02),
            e(4, 0.02),
            e(4, 0.02),
            e(4, 0.02),
        ];
        assert_eq!(growth_exponent(&flat, 3), 0.4);
        let steep = [
            e(1, 0.01),
            e(1, 0.01),
            e(1, 0.01),
            e(4, 0.5),
            e(4, 0.5),
            e(4, 0.5),
        ];
        assert_eq!(growth_exponent(&steep, 3), 1.5);
        assert_eq!(growth_exponent(&root[..3], 3), 0.5);
        // Too few errors at h=4 to count.
        assert_eq!(growth_exponent(&root, 4), 0.5);
    }

    #[test]
    fn bands_use_recent_errors_scaled_by_growth() {
        // Ten h=1 errors with targets 2016 … 2020 (two per fall), and one old
        // error (target 2010) that must be left out.
        let mut all = vec![c(2009, 1, 100.0, 1000.0)];
        let actuals = [
            90.0, 95.0, 98.0, 99.0, 100.0, 100.0, 101.0, 102.0, 105.0, 110.0,
        ];
        for (i, a) in actuals.iter().enumerate() {
            all.push(c(2015 + (i / 2) as i32, 1, 100.0, *a));
        }
        let b = ErrorBands::known_at(&all, 2020, 4).unwrap();
        assert_eq!(b.errors, 10);
        assert_eq!(b.target_falls, (2016, 2020));
        // Sorted log errors; the 10th percentile sits at position 0.9 between
        // ln 0.90 and ln 0.95, the 90th at 8.1 between ln 1.05 and ln 1.10.
        let lo = (0.9f64).ln() + 0.9 * ((0.95f64).ln() - (0.9f64).ln());
        let hi = (1.05f64).ln() + 0.1 * ((1.10f64).ln() - (1.05f64).ln());
        // Every error is of a 100-pupil projection: no size effect to fit.
        assert_eq!(b.size.gamma, 0.0);
        let unit = b.size.sigma(100.0);
        assert!((b.school[0].0 * unit - lo).abs() < 1e-12);
        assert!((b.school[0].1 * unit - hi).abs() < 1e-12);
        // Only h′ = 1 is known, so the growth is taken as √h: horizon 4
        // is every error × 2.
        assert_eq!(b.growth, (0.5, 0.5));
        assert!((b.school[3].0 * unit - 2.0 * lo).abs() < 1e-12);
        let (l, h) = b.school_range(1, 200.0).unwrap();
        assert!((l - 200.0 * lo.exp()).abs() < 1e-9 && (h - 200.0 * hi.exp()).abs() < 1e-9);
        // System totals per origin, every origin known (a total's spread is
        // not left to the recent falls): 2009: 1000/100, 2015: 185/200,
        // 2016: 197/200, 2017: 200/200, 2018: 203/200, 2019: 215/200.
        let sys: Vec<f64> = [
            (1000.0, 100.0),
            (185.0, 200.0),
            (197.0, 200.0),
            (200.0, 200.0),
            (203.0, 200.0),
            (215.0, 200.0),
        ]
        .iter()
        .map(|(a, p): &(f64, f64)| (a / p).ln())
        .collect();
        // Six errors from six origins: their mean square × (t₉₀(6) / z₉₀)²
        // = (1.440 / 1.2816)².
        let var = sys.iter().map(|e| e * e).sum::<f64>() / 6.0 * (1.440 / Z80).powi(2);
        assert!((b.common_var[0] - var).abs() < 1e-12);
        // Two years ahead: each error × √2, the variance × 2.
        assert!((b.common_var[1] - 2.0 * var).abs() < 1e-12);
        assert_eq!(b.total_origins, 6);
        assert!(ErrorBands::known_at(&all[..10], 2020, 4).is_none());
    }

    #[test]
    fn few_errors_widen_the_range_by_students_t() {
        // t₉₀ with 3 degrees of freedom is 1.638; with 30, 1.310; beyond, the
        // normal's 1.2816.
        assert!((few_errors_factor(3) - 1.638 / 1.281_551_565_545).abs() < 1e-12);
        assert!((few_errors_factor(30) - 1.310 / 1.281_551_565_545).abs() < 1e-12);
        assert_eq!(few_errors_factor(31), 1.0);
        assert!(few_errors_factor(1) > few_errors_factor(2));
    }

    #[test]
    fn a_sum_of_many_schools_keeps_only_the_common_error() {
        // σ_c² = 0.01, excess 0.03: one school → σ = 0.2; 100 equal schools →
        // σ² = 0.01 + 0.03 / 100.
        let (lo, hi) = sum_range(100.0, 10_000.0 * 0.03, 0.01);
        assert!((hi - 100.0 * (Z80 * 0.2).exp()).abs() < 1e-9);
        assert!((lo - 100.0 * (-Z80 * 0.2).exp()).abs() < 1e-9);
        let (_, hi) = sum_range(10_000.0, 100.0 * 10_000.0 * 0.03, 0.01);
        assert!((hi - 10_000.0 * (Z80 * 0.0103f64.sqrt()).exp()).abs() < 1e-6);
        assert_eq!(sum_range(0.0, 0.0, 0.01), (0.0, 0.0));
    }

    #[test]
    fn small_schools_spread_wider() {
        // |error| exactly 0.5 × d^−½ (pure chance): at 25 pupils 0.1, at 100
        // 0.05, at 400 0.025.
        let mut errors = Vec::new();
        for d in [25.0f64, 100.0, 400.0] {
            errors.push((d, 0.5 / d.sqrt()));
            errors.push((d, -0.5 / d.sqrt()));
        }
        let fit = SizeSpread::fit(&errors);
        assert!((fit.gamma - 0.5).abs() < 1e-12, "{fit:?}");
        assert_eq!(fit.d_range, (25.0, 400.0));
        // A 25-pupil school's σ is four times a 400-pupil one's…
        assert!((fit.sigma(25.0) / fit.sigma(400.0) - 4.0).abs() < 1e-12);
        // …and sizes outside those seen are taken as the nearest seen.
        assert_eq!(fit.sigma(5.0), fit.sigma(25.0));
        assert_eq!(fit.sigma(4000.0), fit.sigma(400.0));
        // Errors that grow with size are not a size effect: γ = 0.
        let growing = [(25.0, 0.01), (25.0, -0.01), (400.0, 0.05), (400.0, -0.05)];
        assert_eq!(SizeSpread::fit(&growing).gamma, 0.0);
        // Steeper than chance is held at ½.
        let steep = [(25.0, 0.4), (400.0, 0.001)];
        assert_eq!(SizeSpread::fit(&steep).gamma, 0.5);
    }
}
