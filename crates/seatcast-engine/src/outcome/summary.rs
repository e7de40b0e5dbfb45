//! What a planner reads first: each school in one line (pupils now, the
//! projected peak, the worst shortfall, the strongest warning) and the
//! county's headline figures (peak shortfall per level, schools over
//! capacity, small schools, 大班额 schools).

use crate::grades::Level;
use crate::model::Dataset;
use crate::outcome::table::{Aggregate, Scope};
use crate::outcome::{Flags, RowKind, SchoolYear, Warning};
use serde::Serialize;

/// One school over the whole projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolSummary {
    /// The school (dataset index).
    pub school: usize,
    /// Pupils at the base fall (0 when it had none).
    pub pupils_now: f64,
    /// The highest projected demand and its year (the base fall when it only falls).
    pub peak: f64,
    /// The fall of the peak.
    pub peak_year: i32,
    /// The 80 % range of the peak, when it is a projected year with a range.
    pub peak_range: Option<(f64, f64)>,
    /// Its seats in its last row (the last projected fall, as the plan leaves
    /// them); None where unknown.
    pub capacity: Option<f64>,
    /// Demand over capacity at the base fall.
    pub utilisation_now: Option<f64>,
    /// The largest projected shortfall and its year (None: never short).
    pub shortfall: f64,
    /// The fall of the largest shortfall (the first, where it repeats).
    pub shortfall_year: Option<i32>,
    /// Flags at the base fall.
    pub flags: Flags,
    /// The strongest warning over the projection: red if ever short, amber if
    /// ever over 90 % used, else the last projected year's.
    pub warning: Warning,
}

/// A summary per school of the dataset, from the school-year rows.
pub fn school_summaries(d: &Dataset, rows: &[SchoolYear], base_year: i32) -> Vec<SchoolSummary> {
    let mut out: Vec<SchoolSummary> = (0..d.schools.len())
        .map(|school| SchoolSummary {
            school,
            pupils_now: 0.0,
            peak: 0.0,
            peak_year: base_year,
            peak_range: None,
            capacity: None,
            utilisation_now: None,
            shortfall: 0.0,
            shortfall_year: None,
            flags: Flags::default(),
            warning: Warning::Unknown,
        })
        .collect();
    // Per school: ever red, ever amber, and the latest projected year's warning.
    let mut seen = vec![(false, false, i32::MIN, Warning::Unknown); out.len()];
    for r in rows {
        let s = &mut out[r.school];
        s.capacity = r.capacity;
        if r.year == base_year {
            s.pupils_now = r.demand;
            s.peak = r.demand;
            s.utilisation_now = r.utilisation;
            s.flags = r.flags;
        }
        if r.kind != RowKind::Projected {
            continue;
        }
        if r.demand > s.peak {
            s.peak = r.demand;
            s.peak_year = r.year;
            s.peak_range = r.band.map(|b| (b.low, b.high));
        }
        if r.shortfall > s.shortfall {
            s.shortfall = r.shortfall;
            s.shortfall_year = Some(r.year);
        }
        let w = &mut seen[r.school];
        w.0 |= r.warning == Warning::Red;
        w.1 |= r.warning == Warning::Amber;
        if r.year > w.2 {
            (w.2, w.3) = (r.year, r.warning);
        }
    }
    for (s, (red, amber, _, last)) in out.iter_mut().zip(seen) {
        s.warning = if red {
            Warning::Red
        } else if amber {
            Warning::Amber
        } else {
            last
        };
    }
    out
}

/// The peak shortfall of one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelPeak {
    /// The school level.
    pub level: Level,
    /// The largest yearly sum of the level's shortfalls (0: never short).
    pub shortfall: f64,
    /// The fall of the peak (the first projected fall when never short).
    pub year: i32,
    /// The level's pupils that fall.
    pub demand: f64,
    /// Seats that fall of the level's schools whose capacity is known.
    pub capacity: f64,
    /// The level's schools, and those of them whose capacity is known: the
    /// shortfall covers these alone (none: unknown, never "no shortfall").
    pub schools: usize,
    /// Of them, those whose capacity is known.
    pub with_capacity: usize,
}

impl LevelPeak {
    /// Whether no school of the level has a known capacity: its shortfall is then
    /// unknown, not none.
    pub fn capacity_unknown(&self) -> bool {
        self.with_capacity == 0
    }
}

/// The county's headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// The base fall.
    pub base_year: i32,
    /// Per level present in the data, in level order.
    pub levels: Vec<LevelPeak>,
    /// Schools short of seats in the first projected year.
    pub short_next_year: usize,
    /// The most schools short in any projected year, and that year.
    pub short_at_peak: usize,
    /// The first fall with that most (the base fall when nothing is projected).
    pub short_peak_year: i32,
    /// Schools under 100 pupils at the base fall (小规模).
    pub small_schools: usize,
    /// Schools with 大班额 (average class above 55) at the base fall.
    pub oversized_class_schools: usize,
}

pub fn headline(base_year: i32, rows: &[SchoolYear], aggregates: &[Aggregate]) -> Headline {
    let mut levels: Vec<LevelPeak> = Vec::new();
    for a in aggregates.iter().filter(|a| a.kind == RowKind::Projected) {
        let Scope::Level(level) = a.scope else {
            continue;
        };
        let better = |p: &LevelPeak| a.shortfall > p.shortfall;
        match levels.iter_mut().find(|p| p.level == level) {
            Some(p) if better(p) => {
                *p = LevelPeak {
                    level,
                    shortfall: a.shortfall,
                    year: a.year,
                    demand: a.demand,
                    capacity: a.capacity,
                    schools: a.schools,
                    with_capacity: a.schools_with_capacity,
                }
            }
            Some(_) => {}
            None => levels.push(LevelPeak {
                level,
                shortfall: a.shortfall,
                year: a.year,
                demand: a.demand,
                capacity: a.capacity,
                schools: a.schools,
                with_capacity: a.schools_with_capacity,
            }),
        }
    }
    levels.sort_by_key(|p| p.level);
    let county: Vec<&Aggregate> = aggregates
        .iter()
        .filter(|a| a.scope == Scope::County && a.kind == RowKind::Projected)
        .collect();
    let short_next_year = county
        .iter()
        .find(|a| a.year == base_year + 1)
        .map_or(0, |a| a.schools_short);
    let (short_at_peak, short_peak_year) = county
        .iter()
        .map(|a| (a.schools_short, a.year))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .unwrap_or((0, base_year));
    let now = || {
        rows.iter()
            .filter(|r| r.year == base_year && r.kind == RowKind::Observed)
    };
    Headline {
        base_year,
        levels,
        short_next_year,
        short_at_peak,
        short_peak_year,
        small_schools: now().filter(|r| r.flags.small_school).count(),
        oversized_class_schools: now().filter(|r| r.flags.oversized_class).count(),
    }
}
