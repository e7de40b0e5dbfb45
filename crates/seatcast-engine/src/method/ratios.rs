//! The ratios of the method (docs/method.md), estimated at a base fall T over the
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
//!
//! **Robust ratios** (the default for every method; off for the exact
//! textbook of docs/method.md's reference figures):
//!
//! - a transition from a stray cohort — fewer than [`STRAY_SHARE`] of the
//!   school's largest grade that fall, as when a school of grades 4–5 holds
//!   a handful of pupils in K–3 before it is reorganised into a K–5 school —
//!   is not a ratio: 50 pupils over 2 would multiply into thousands;
//! - a school's ratio is shrunk toward its area's (or, with too few schools
//!   there, the county's) by the pupils behind it: w = D / (D + [`SHRINK_PUPILS`]);
//! - a grade with no valid transition (a grade the school did not teach
//!   before a change of its span) takes the area's or county's ratio, not 1;
//! - no projected cohort goes beyond [`BOUND_FACTOR`] × the school's largest
//!   observed one (see [`crate::method::project`]), and the bounded cells are reported.
//!
//! **Entrants without births.** A school whose area has no births projects
//! its entry grade from the grade's own history: the mean of its last three
//! falls, or the trend of its last five damped by 0.8 a year
//! ([`EntrantRule`]), as the default's backtest chooses.

use crate::grades::GradeSystem;
use crate::method::observed::{GRADE_SLOTS, Observed, grade_of_slot};
use crate::scenario::{EntrantRule, Estimator, Scenario};

/// A denominator smaller than this share of the school's largest grade that
/// fall is a stray cohort, not a grade (robust ratios).
pub const STRAY_SHARE: f64 = 0.1;

/// Pupils' worth of weight the area's or county's ratio carries when a
/// school's is shrunk toward it (robust ratios).
pub const SHRINK_PUPILS: f64 = 5.0;

/// No projected cohort beyond this many times the school's largest observed one.
pub const BOUND_FACTOR: f64 = 3.0;

/// Falls the entrants' level and trend are taken over.
const LEVEL_FALLS: usize = 3;
const TREND_FALLS: usize = 5;

/// What the ratios depend on besides the data, the base fall and the skipped falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RatioSettings {
    /// Falls the ratios are taken over (n: the window T−n+1 … T).
    pub window: usize,
    /// How a window's yearly ratios are combined.
    pub estimator: Estimator,
    /// Whether the robust ratios apply (false: the exact textbook).
    pub robust: bool,
    /// How an entry grade without births is projected (level or trend).
    pub entrants: EntrantRule,
}

impl RatioSettings {
    /// the textbook method exactly (docs/method.md), as its reference figures need.
    pub fn exact(window: usize, estimator: Estimator) -> RatioSettings {
        RatioSettings {
            window,
            estimator,
            robust: false,
            entrants: EntrantRule::Level,
        }
    }

    /// The settings a scenario's own method uses (the pooled method's window and
    /// ratio of sums included).
    pub fn of(s: &Scenario) -> RatioSettings {
        RatioSettings {
            window: s.window(),
            estimator: s.ratio_estimator(),
            robust: s.robust,
            entrants: s.entrants,
        }
    }
}

/// Where a school's lowest grade comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry {
    /// Births of a series, `lag` years before the fall.
    Births {
        /// The series' index in the observed births.
        series: usize,
        /// Years from birth to the fall: the entry grade's age (6 for grade 1).
        lag: i32,
    },
    /// Grade `slot − 1` of the feeder schools.
    Feeders,
    /// Grade `slot − 1` of the schools of an area.
    Area(usize),
    /// Grade `slot − 1` of the whole county.
    County,
    /// No births for the area: the entry grade's own history, `level` at
    /// the base fall moving by `slope` a year, damped (see [`EntrantRule`]).
    History {
        /// Pupils in the entry grade at the base fall: the mean of its last
        /// three falls, or the trend line's value at the latest.
        level: f64,
        /// The trend's change in pupils a year, before damping (0 for the level rule).
        slope: f64,
    },
    /// Nothing to draw on: the grade stays empty.
    Nothing,
}

/// The ratios of one school at one base year.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolRatios {
    /// Grades with pupils at the base year: the grades projected.
    pub active: [bool; GRADE_SLOTS],
    /// The lowest active grade, refilled each year.
    pub entry_slot: Option<usize>,
    /// Where the entry grade's pupils come from.
    pub entry: Entry,
    /// ER or share (before the scenario's adjustment).
    pub entry_ratio: f64,
    /// Whether the entry ratio rests on at least one observed year.
    pub entry_estimated: bool,
    /// A second grade refilled from births (or its own history) rather than
    /// moved up: the first grade of primary above a pre-K (robust ratios).
    pub second: Option<(usize, Entry, f64)>,
    /// GPR per grade slot (1 where not estimated).
    pub gpr: [f64; GRADE_SLOTS],
    /// Observed transitions behind each GPR.
    pub gpr_n: [u8; GRADE_SLOTS],
}

/// Ratios of every school, for one (base year, settings, skipped years).
#[derive(Debug, Clone, PartialEq)]
pub struct Ratios {
    /// The base fall T the ratios are estimated at.
    pub base_year: i32,
    /// Falls in the window T−n+1 … T (at least 1).
    pub window: usize,
    /// How each window's yearly ratios were combined.
    pub estimator: Estimator,
    /// Whether the robust ratios were used (also turns on the bound on cohorts).
    pub robust: bool,
    /// Each school's ratios, by the dataset's index.
    pub schools: Vec<SchoolRatios>,
    /// Per school: its largest observed cohort up to the base fall (the
    /// robust bound is [`BOUND_FACTOR`] × this; 0 when not bounded).
    pub largest: Vec<f64>,
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
        Estimator::Recent => {
            // Pairs come oldest first: the last weighs 1, the one before 0.7, …
            let n = pairs.len();
            let (mut num, mut den) = (0.0, 0.0);
            for (i, (a, b)) in pairs.iter().enumerate() {
                let w = crate::scenario::RECENT_DECAY.powi((n - 1 - i) as i32);
                num += w * a;
                den += w * b;
            }
            num / den
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

/// Whether a grade is where pupils enter the system from births: the
/// primary's first grade or any grade before it (a kindergarten's, pre-K).
pub fn is_birth_entry(system: GradeSystem, slot: usize) -> bool {
    grade_of_slot(slot) <= system.primary_entry()
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
    settings: RatioSettings,
    skip: &[i32],
) -> Ratios {
    let w = Window::new(obs, system, base_year, settings, skip);
    let mut largest = vec![0.0; obs.n_schools];
    let mut pairs: Vec<(f64, f64)> = Vec::with_capacity(w.window);
    let schools = (0..obs.n_schools)
        .map(|s| {
            if w.robust {
                largest[s] = (obs.first_year..=base_year)
                    .filter(|&t| obs.usable(t, skip))
                    .flat_map(|t| obs.grades(s, t))
                    .fold(0.0, f64::max);
            }
            w.school(s, &mut pairs)
        })
        .collect();
    Ratios {
        base_year,
        window: w.window,
        estimator: w.estimator,
        robust: w.robust,
        schools,
        largest,
    }
}

/// The falls a base fall's ratios are estimated over, and the county's
/// and areas' progression ratios a school's own lean on.
struct Window<'a> {
    obs: &'a Observed,
    system: GradeSystem,
    base_year: i32,
    window: usize,
    estimator: Estimator,
    robust: bool,
    entrants: EntrantRule,
    /// Transitions t−1 → t where both falls are usable.
    transitions: Vec<i32>,
    /// The window's usable falls (entrants' ratios).
    entry_falls: Vec<i32>,
    /// Every usable fall up to the base: the history entrants are taken from.
    history_falls: Vec<i32>,
    /// The smallest denominator that counts, per school and transition: a
    /// stray cohort's is not a ratio (robust ratios; exact: any above 0).
    floor: Vec<Vec<f64>>,
    /// The county's progression ratio per grade: a ratio of sums over every
    /// school's transitions in the window (for grades a school has no
    /// history in).
    county_gpr: Vec<f64>,
    /// Each area's, where at least two of its schools teach the grade
    /// (robust ratios).
    area_gpr: Vec<[Option<f64>; GRADE_SLOTS]>,
}

impl<'a> Window<'a> {
    fn new(
        obs: &'a Observed,
        system: GradeSystem,
        base_year: i32,
        settings: RatioSettings,
        skip: &[i32],
    ) -> Window<'a> {
        let RatioSettings {
            window,
            estimator,
            robust,
            entrants,
        } = settings;
        let window = window.max(1);
        let falls: Vec<i32> = (base_year - window as i32 + 1..=base_year).collect();
        let transitions: Vec<i32> = falls
            .iter()
            .copied()
            .filter(|&t| obs.usable(t, skip) && obs.usable(t - 1, skip))
            .collect();
        let floor = (0..obs.n_schools)
            .map(|s| {
                transitions
                    .iter()
                    .map(|&t| {
                        if robust {
                            let largest = obs.grades(s, t - 1).iter().copied().fold(0.0, f64::max);
                            (largest * STRAY_SHARE).max(f64::MIN_POSITIVE)
                        } else {
                            f64::MIN_POSITIVE
                        }
                    })
                    .collect()
            })
            .collect();
        let mut w = Window {
            obs,
            system,
            base_year,
            window,
            estimator,
            robust,
            entrants,
            entry_falls: falls
                .iter()
                .copied()
                .filter(|&t| obs.usable(t, skip))
                .collect(),
            history_falls: (obs.first_year..=base_year)
                .filter(|&t| obs.usable(t, skip))
                .collect(),
            transitions,
            floor,
            county_gpr: Vec::new(),
            area_gpr: Vec::new(),
        };
        let county = w.pooled_gpr(&mut (0..obs.n_schools));
        w.county_gpr = (0..GRADE_SLOTS).map(|g| county[g].unwrap_or(1.0)).collect();
        if robust {
            w.area_gpr = obs.members.iter().map(|m| w.area_gpr_of(m)).collect();
        }
        w
    }

    /// A school's transition `i` into grade `g`: (pupils, the cohort the
    /// year before), where it counts.
    fn valid(&self, s: usize, i: usize, g: usize) -> Option<(f64, f64)> {
        let t = self.transitions[i];
        let (num, den) = (
            self.obs.pupils_at(s, t, g),
            self.obs.pupils_at(s, t - 1, g - 1),
        );
        (num > 0.0 && den >= self.floor[s][i]).then_some((num, den))
    }

    /// Ratios of sums per grade over a set of schools' valid transitions.
    fn pooled_gpr(&self, schools: &mut dyn Iterator<Item = usize>) -> [Option<f64>; GRADE_SLOTS] {
        let mut sums = [(0.0, 0.0); GRADE_SLOTS];
        for s in schools {
            for (g, sum) in sums.iter_mut().enumerate().skip(1) {
                for i in 0..self.transitions.len() {
                    if let Some((num, den)) = self.valid(s, i, g) {
                        sum.0 += num;
                        sum.1 += den;
                    }
                }
            }
        }
        let mut out = [None; GRADE_SLOTS];
        for (g, (num, den)) in sums.into_iter().enumerate().skip(1) {
            if den > 0.0 {
                out[g] = Some(num / den);
            }
        }
        out
    }

    /// An area's pooled ratios, per grade where at least two of its
    /// schools teach it.
    fn area_gpr_of(&self, members: &[usize]) -> [Option<f64>; GRADE_SLOTS] {
        let mut r = self.pooled_gpr(&mut members.iter().copied());
        for (g, slot) in r.iter_mut().enumerate().skip(1) {
            let teaching = members
                .iter()
                .filter(|&&s| (0..self.transitions.len()).any(|i| self.valid(s, i, g).is_some()))
                .count();
            if teaching < 2 {
                *slot = None;
            }
        }
        r
    }

    /// The ratio a school's grade leans on: its area's, else the county's.
    fn reference(&self, s: usize, g: usize) -> f64 {
        self.obs.area[s]
            .and_then(|a| self.area_gpr.get(a))
            .and_then(|r| r[g])
            .unwrap_or(self.county_gpr[g])
    }

    /// One school's ratios: the grades it teaches at the base fall, their
    /// progression ratios, its entrants.
    fn school(&self, s: usize, pairs: &mut Vec<(f64, f64)>) -> SchoolRatios {
        let obs = self.obs;
        let now = obs.grades(s, self.base_year);
        let mut active = [false; GRADE_SLOTS];
        for g in 0..GRADE_SLOTS {
            active[g] = now[g] > 0.0;
        }
        let entry_slot = active.iter().position(|a| *a);
        let (mut gpr, gpr_n) = self.progression(s, &active, entry_slot, pairs);
        // A school still filling up (it opened within the data and its
        // pupils stop below its roster's top grade): its cohorts move on
        // up to the top grade, at the county's progression ratios.
        if let Some(top) = active.iter().rposition(|a| *a)
            && top < obs.span_top[s].min(GRADE_SLOTS - 1)
            && opened_within(obs, s, self.base_year)
        {
            for g in top + 1..=obs.span_top[s].min(GRADE_SLOTS - 1) {
                active[g] = true;
                gpr[g] = self.county_gpr[g];
            }
        }
        let (entry, entry_ratio, entry_estimated) = match entry_slot {
            None => (Entry::Nothing, 0.0, false),
            Some(e) => self.entry_of(s, e, pairs),
        };
        // Pre-school is not compulsory: a school with pre-K (or 学前班)
        // below its first grade enrols that grade from births too, not
        // as a share of its pre-K (robust ratios).
        let primary = crate::method::observed::slot(self.system.primary_entry());
        let second = (self.robust
            && entry_slot.is_some_and(|e| e < primary)
            && active.get(primary).copied().unwrap_or(false))
        .then(|| {
            let (entry, ratio, _) = self.entry_of(s, primary, pairs);
            (primary, entry, ratio)
        })
        .filter(|(_, entry, _)| *entry != Entry::Nothing);
        SchoolRatios {
            active,
            entry_slot,
            entry,
            entry_ratio,
            entry_estimated,
            second,
            gpr,
            gpr_n,
        }
    }

    /// A school's progression ratio per grade above its entry grade, from
    /// its own transitions (shrunk towards its area's or the county's
    /// where robust), and how many transitions each rests on.
    fn progression(
        &self,
        s: usize,
        active: &[bool; GRADE_SLOTS],
        entry_slot: Option<usize>,
        pairs: &mut Vec<(f64, f64)>,
    ) -> ([f64; GRADE_SLOTS], [u8; GRADE_SLOTS]) {
        let mut gpr = [1.0; GRADE_SLOTS];
        let mut gpr_n = [0u8; GRADE_SLOTS];
        for g in 1..GRADE_SLOTS {
            if !active[g] || Some(g) == entry_slot {
                continue;
            }
            pairs.clear();
            for i in 0..self.transitions.len() {
                if let Some(p) = self.valid(s, i, g) {
                    pairs.push(p);
                }
            }
            match estimate(pairs, self.estimator) {
                Some(r) if self.robust => {
                    let d: f64 = pairs.iter().map(|p| p.1).sum();
                    let w = d / (d + SHRINK_PUPILS);
                    gpr[g] = w * r + (1.0 - w) * self.reference(s, g);
                    gpr_n[g] = pairs.len() as u8;
                }
                Some(r) => {
                    gpr[g] = r;
                    gpr_n[g] = pairs.len() as u8;
                }
                // A grade with no history of its own moves on as its area's do.
                None if self.robust => gpr[g] = self.reference(s, g),
                None => {}
            }
        }
        (gpr, gpr_n)
    }

    fn entry_of(&self, s: usize, e: usize, pairs: &mut Vec<(f64, f64)>) -> (Entry, f64, bool) {
        entry_ratio(
            self.obs,
            self.system,
            self.base_year,
            s,
            e,
            &self.obs.members,
            &self.entry_falls,
            &self.history_falls,
            &self.transitions,
            self.estimator,
            self.entrants,
            pairs,
        )
    }
}

/// The entry grade's own history at the base fall: (level, yearly slope)
/// under the rule, over its last usable falls with pupils.
fn history(
    obs: &Observed,
    s: usize,
    e: usize,
    falls: &[i32],
    rule: EntrantRule,
) -> Option<(f64, f64)> {
    let points: Vec<(f64, f64)> = falls
        .iter()
        .rev()
        .filter(|&&t| obs.grades(s, t).iter().any(|p| *p > 0.0))
        .take(match rule {
            EntrantRule::Level => LEVEL_FALLS,
            EntrantRule::Trend => TREND_FALLS,
        })
        .map(|&t| (f64::from(t), obs.pupils_at(s, t, e)))
        .collect();
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    match rule {
        EntrantRule::Level => Some((my, 0.0)),
        EntrantRule::Trend => {
            let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
            let slope = if sxx > 0.0 {
                points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>() / sxx
            } else {
                0.0
            };
            // The line's value at the latest fall used.
            let last = points[0].0;
            Some(((my + slope * (last - mx)).max(0.0), slope))
        }
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
    history_falls: &[i32],
    transitions: &[i32],
    estimator: Estimator,
    entrants: EntrantRule,
    pairs: &mut Vec<(f64, f64)>,
) -> (Entry, f64, bool) {
    pairs.clear();
    let entry = if is_birth_entry(system, e) || e == 0 {
        let lag = grade_of_slot(e).entry_age();
        let Some(series) = obs.birth_area[s] else {
            // No births for the area: the entry grade's own history.
            return match history(obs, s, e, history_falls, entrants) {
                Some((level, slope)) => (Entry::History { level, slope }, 1.0, true),
                None => (Entry::Nothing, 0.0, false),
            };
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
        // (10 × 0.49 + 30 × 0.7 + 20) / (20 × 0.49 + 30 × 0.7 + 10) = 45.9 / 40.8.
        let r = estimate(&p, Estimator::Recent).unwrap();
        assert!((r - 45.9 / 40.8).abs() < 1e-12, "{r}");
    }
}
