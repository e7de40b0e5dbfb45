//! A scenario: every choice the planner can make about a projection. Every
//! field has a default, so an empty JSON object is a valid scenario.

use crate::settings::actions::Action;
use crate::settings::planner::PlannerSettings;
use crate::settings::teachers::Norms;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the mean over a ratio window is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Estimator {
    /// Plain mean of the yearly ratios (the textbook).
    #[default]
    Mean,
    /// Median of the yearly ratios.
    Median,
    /// Ratio of sums: each year weighted by its denominator.
    Weighted,
    /// Ratio of sums with each fall's weight shrinking by [`RECENT_DECAY`]
    /// a year back: recent falls count most, so a trend that turns is
    /// followed within a few years while old falls still steady a small
    /// school's ratio.
    Recent,
}

/// How much less each earlier fall weighs under [`Estimator::Recent`].
pub const RECENT_DECAY: f64 = 0.7;

impl Estimator {
    /// An estimator by its name in files and the CLI (mean, median, recent,
    /// weighted); None for any other.
    pub fn parse(s: &str) -> Option<Estimator> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mean" => Some(Estimator::Mean),
            "median" => Some(Estimator::Median),
            "recent" => Some(Estimator::Recent),
            "weighted" => Some(Estimator::Weighted),
            _ => None,
        }
    }
}

/// How births are carried past the last known year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BirthsExtrapolation {
    /// The last known year, held flat.
    Flat,
    /// The mean yearly change of the last three known years, damped each year
    /// by `damping` (0: flat, 1: a straight line).
    Trend {
        /// Each year's step is this times the year before's (within 0 … 1;
        /// 0.8 by default).
        damping: f64,
    },
}

impl Default for BirthsExtrapolation {
    fn default() -> Self {
        BirthsExtrapolation::Trend { damping: 0.8 }
    }
}

/// Standard class sizes (班额标准) by stage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassSizes {
    /// 小班, 中班, 大班.
    pub kindergarten: [f64; 3],
    /// Primary, pupils a class (45 by default).
    pub primary: f64,
    /// Junior, pupils a class (50).
    pub junior: f64,
    /// Senior, pupils a class (50).
    pub senior: f64,
}

impl Default for ClassSizes {
    fn default() -> Self {
        ClassSizes {
            kindergarten: [25.0, 30.0, 35.0],
            primary: 45.0,
            junior: 50.0,
            senior: 50.0,
        }
    }
}

/// Thresholds of every flag and warning level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// 大班额: average class size above this.
    pub oversized_class: f64,
    /// 超大班额.
    pub super_oversized_class: f64,
    /// 大校额 for a primary or junior school.
    pub large_school: f64,
    /// 大校额 for a nine-year (or twelve-year) school.
    pub large_nine_year_school: f64,
    /// 小规模学校: fewer pupils than this.
    pub small_school: f64,
    /// Amber: utilisation above this share.
    pub high_utilisation: f64,
    /// Grey: utilisation below this share.
    pub low_utilisation: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            oversized_class: 55.0,
            super_oversized_class: 65.0,
            large_school: 2000.0,
            large_nine_year_school: 2500.0,
            small_school: 100.0,
            high_utilisation: 0.9,
            low_utilisation: 0.5,
        }
    }
}

/// The projection method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The default: the candidates with the smallest errors in the loaded
    /// data's own backtest, chosen per horizon with only what was known at
    /// each origin (`accuracy::choice`).
    #[default]
    Auto,
    /// docs/method.md's cohort survival, with every ratio pooled over the last
    /// [`POOLED_WINDOW`] falls as a ratio of sums (each fall weighted by its
    /// pupils), so small schools' noisy years count for less.
    Pooled,
    /// Cohort survival with the scenario's own window and estimator (the
    /// textbook: mean of the last 3 falls' ratios).
    Textbook,
    /// Next year = this year (a baseline for the backtest).
    Persistence,
}

/// The falls the pooled method's ratios are estimated over.
pub const POOLED_WINDOW: usize = 12;

impl Method {
    /// Every method, the default first.
    pub const ALL: [Method; 4] = [
        Method::Auto,
        Method::Pooled,
        Method::Textbook,
        Method::Persistence,
    ];

    /// A method by its key or an alias (default, adaptive; gpr, cohort; flat);
    /// None for any other.
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "default" | "adaptive" => Some(Method::Auto),
            "pooled" => Some(Method::Pooled),
            "textbook" | "gpr" | "cohort" => Some(Method::Textbook),
            "persistence" | "flat" => Some(Method::Persistence),
            _ => None,
        }
    }

    /// The name the CLI and scenario files use.
    pub fn key(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Pooled => "pooled",
            Method::Textbook => "textbook",
            Method::Persistence => "persistence",
        }
    }
}

/// How a school's entry grade is projected where its area has no births.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EntrantRule {
    /// The mean of the entry grade's last three falls.
    #[default]
    Level,
    /// The entry grade's trend over its last five falls, damped by
    /// [`ENTRANT_DAMPING`] a year.
    Trend,
}

/// How fast the entrants' trend fades, per year ahead.
pub const ENTRANT_DAMPING: f64 = 0.8;

impl EntrantRule {
    /// Both rules, the default first.
    pub const ALL: [EntrantRule; 2] = [EntrantRule::Level, EntrantRule::Trend];
}

/// One way to project that the default chooses among: a method with its
/// window and estimator (and, where births are missing, how entrants come).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Candidate {
    /// Its method (never auto).
    pub method: Method,
    /// Falls its ratios are taken over (12 for pooled; 1 for persistence, which
    /// takes none).
    pub window: usize,
    /// How its window's yearly ratios are combined.
    pub estimator: Estimator,
    /// How entrants are projected where an area has no births.
    pub entrants: EntrantRule,
}

impl Candidate {
    /// The textbook over `window` falls with `estimator` (entrants by the level rule).
    pub const fn textbook(window: usize, estimator: Estimator) -> Candidate {
        Candidate {
            method: Method::Textbook,
            window,
            estimator,
            entrants: EntrantRule::Level,
        }
    }

    /// Pooled: every ratio a ratio of sums over the last 12 falls.
    pub const POOLED: Candidate = Candidate {
        method: Method::Pooled,
        window: POOLED_WINDOW,
        estimator: Estimator::Weighted,
        entrants: EntrantRule::Level,
    };

    /// Persistence: next year is this year.
    pub const PERSISTENCE: Candidate = Candidate {
        method: Method::Persistence,
        window: 1,
        estimator: Estimator::Mean,
        entrants: EntrantRule::Level,
    };

    /// The textbook's own setting (docs/method.md: n = 3, plain means).
    pub const TEXTBOOK: Candidate = Candidate::textbook(3, Estimator::Mean);

    /// What the default falls back on where births are known and the data
    /// has too few falls for any backtest: the textbook's window of 3,
    /// weighted by pupils (where births are missing, the [`Candidate::CORE`]'s mean).
    pub const FALLBACK: Candidate = Candidate::textbook(3, Estimator::Weighted);

    /// The default's fixed core: the two simplest good methods, the
    /// textbook's own setting and persistence. With nothing backtested yet
    /// the default is their equal mean where births are missing, and a
    /// total known at too few origins is chosen between them
    /// (docs/method.md, "The default" and "Totals").
    pub const CORE: [Candidate; 2] = [Candidate::TEXTBOOK, Candidate::PERSISTENCE];

    /// Whether this is one of the [`Candidate::CORE`], whatever its entrant rule.
    pub fn in_core(&self) -> bool {
        Candidate::CORE.iter().any(|c| {
            c.method == self.method && c.window == self.window && c.estimator == self.estimator
        })
    }

    /// Ratios over the last 12 falls, the recent ones weighing most.
    pub const RECENT: Candidate = Candidate::textbook(POOLED_WINDOW, Estimator::Recent);

    /// Every candidate: the textbook over 2, 3, 5 and 8 falls with the
    /// mean and the weighted estimator, pooled, recent-weighted, persistence.
    pub fn all() -> Vec<Candidate> {
        let mut out = Vec::new();
        for w in [2, 3, 5, 8] {
            for e in [Estimator::Mean, Estimator::Weighted] {
                out.push(Candidate::textbook(w, e));
            }
        }
        out.push(Candidate::POOLED);
        out.push(Candidate::RECENT);
        out.push(Candidate::PERSISTENCE);
        out
    }

    /// The candidates, each with either entrant rule where births are missing.
    pub fn all_with_entrants(births_missing: bool) -> Vec<Candidate> {
        let base = Candidate::all();
        if !births_missing {
            return base;
        }
        let mut out = Vec::new();
        for c in base {
            if c.method == Method::Persistence {
                out.push(c);
                continue;
            }
            for e in EntrantRule::ALL {
                out.push(Candidate { entrants: e, ..c });
            }
        }
        out
    }

    /// The candidate a hand-set scenario names (its method, window, estimator).
    pub fn of(s: &Scenario) -> Candidate {
        match s.method {
            Method::Pooled => Candidate {
                entrants: s.entrants,
                ..Candidate::POOLED
            },
            Method::Persistence => Candidate::PERSISTENCE,
            Method::Textbook | Method::Auto => Candidate {
                method: Method::Textbook,
                window: s.window.max(1),
                estimator: s.estimator,
                entrants: s.entrants,
            },
        }
    }

    /// Set a scenario's method to this candidate.
    pub fn apply(self, s: &mut Scenario) {
        s.method = self.method;
        if self.method == Method::Textbook {
            s.window = self.window;
            s.estimator = self.estimator;
        }
        s.entrants = self.entrants;
    }

    /// The scenario that projects this candidate and nothing else (no
    /// what-ifs, no plan): what a backtest scores.
    pub fn scenario(self, robust: bool) -> Scenario {
        let mut s = Scenario {
            robust,
            ..Scenario::default()
        };
        self.apply(&mut s);
        s
    }
}

/// A scenario: every choice the planner can make about a projection (an empty
/// JSON object is the default one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// The name the planner gave it (empty by default).
    pub name: String,
    /// The projection method (auto, the default).
    pub method: Method,
    /// Ratio window n of the textbook method: fall years T−n+1 … T.
    pub window: usize,
    /// The textbook method's estimator.
    pub estimator: Estimator,
    /// Years past the base year, at most 15.
    pub horizon: usize,
    /// Project from this fall (default: the last fall with enrolment).
    pub base_year: Option<i32>,
    /// Fall years taken out as data (e.g. 2020, the COVID count).
    pub skip_years: Vec<i32>,
    /// Find outlier falls (a jump that comes back) and leave them out as data
    /// (see `super::accuracy::outliers`).
    pub detect_outliers: bool,
    /// Guard the ratios: tiny denominators and stray pupils left out,
    /// small schools' ratios shrunk toward their area's, and no projected
    /// cohort beyond 3× the school's largest (see `super::method::ratios`). Off:
    /// the exact textbook of docs/method.md, as its reference figures need.
    pub robust: bool,
    /// How entrants are projected where the area has no births.
    pub entrants: EntrantRule,
    /// How births are carried past the last known year, county-wide.
    pub births_extrapolation: BirthsExtrapolation,
    /// The same per area, replacing the county-wide choice there.
    pub births_extrapolation_by_area: BTreeMap<String, BirthsExtrapolation>,
    /// Births change in % per year on top of the extrapolation, county-wide.
    pub births_change_pct: f64,
    /// The same per area, replacing the county-wide figure there.
    pub births_change_pct_by_area: BTreeMap<String, f64>,
    /// Share (%) of rural pupils moving to urban schools each year.
    pub urban_drift_pct: f64,
    /// Entry ratios scaled by this (%).
    pub entry_ratio_adjust_pct: f64,
    /// Standard class sizes (班额标准): classes needed and seats a classroom.
    pub class_sizes: ClassSizes,
    /// Thresholds of the flags (大班额, 大校额, 小规模学校) and utilisation colours.
    pub thresholds: Thresholds,
    /// The plan: merges, expansions, new schools and the rest, each from a year.
    pub actions: Vec<Action>,
    /// The merge planner's thresholds and radii, and the price of a classroom.
    pub planner: PlannerSettings,
    /// The teachers' what-ifs and norms (docs/teachers.md).
    pub teachers: TeacherOptions,
    /// The 优质均衡 standards and unit costs (docs/compliance.md); written
    /// to a scenario file only when they differ from the defaults.
    #[serde(skip_serializing_if = "is_default_compliance")]
    pub compliance: crate::settings::compliance::ComplianceNorms,
    /// What a dwelling of new housing brings (docs/places.md).
    pub housing: crate::settings::housing::HousingSettings,
    /// The layout optimiser's goals, prices and pins (docs/optimiser.md);
    /// written only when they differ from the defaults.
    #[serde(skip_serializing_if = "is_default_optimise")]
    pub optimise: crate::settings::optimise::OptimiseSettings,
}

fn is_default_optimise(n: &crate::settings::optimise::OptimiseSettings) -> bool {
    *n == crate::settings::optimise::OptimiseSettings::default()
}

fn is_default_compliance(n: &crate::settings::compliance::ComplianceNorms) -> bool {
    *n == crate::settings::compliance::ComplianceNorms::default()
}

/// What the planner may change about the teachers' figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeacherOptions {
    /// Staff leave at their retirement date; off, everyone stays, which
    /// shows what the pupils alone do to the need.
    pub retirements: bool,
    /// Teachers the county plans to recruit each year after the base year,
    /// placed in the subjects the county is short of.
    pub recruit_per_year: f64,
    /// The norms, when not [`Norms::default`] (a province's own, or edited
    /// in the app).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norms: Option<Norms>,
}

impl Default for TeacherOptions {
    fn default() -> Self {
        TeacherOptions {
            retirements: true,
            recruit_per_year: 0.0,
            norms: None,
        }
    }
}

impl TeacherOptions {
    /// The norms in force (the defaults are built once, not on every call:
    /// the Teachers tab asks each frame).
    pub fn norms(&self) -> &Norms {
        static DEFAULT: std::sync::LazyLock<Norms> = std::sync::LazyLock::new(Norms::default);
        self.norms.as_ref().unwrap_or(&DEFAULT)
    }

    /// The norms to change, made from the defaults the first time.
    pub fn norms_mut(&mut self) -> &mut Norms {
        self.norms.get_or_insert_with(Norms::default)
    }
}

/// The ready births variants: births after the last known year change by
/// −5 %, 0 or +5 % a year (compounded) on top of the extrapolation. China's
/// births fell by about 10 % a year from 2017 to 2023 and rose 5 % in 2024
/// (docs/method.md), so ±5 % a year brackets a plausible next decade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BirthsVariant {
    /// Births 5 % a year below the extrapolation (compounded) after the last
    /// known year.
    Low,
    /// Births as extrapolated (0 %).
    Medium,
    /// Births 5 % a year above the extrapolation (compounded) after the last
    /// known year.
    High,
}

impl BirthsVariant {
    /// The three, low to high.
    pub const ALL: [BirthsVariant; 3] = [
        BirthsVariant::Low,
        BirthsVariant::Medium,
        BirthsVariant::High,
    ];

    /// A variant by its name (low, medium or mid, high; 低, 中, 高); None for any
    /// other.
    pub fn parse(s: &str) -> Option<BirthsVariant> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" | "低" => Some(BirthsVariant::Low),
            "medium" | "mid" | "中" => Some(BirthsVariant::Medium),
            "high" | "高" => Some(BirthsVariant::High),
            _ => None,
        }
    }

    /// Births change in % a year after the last known year.
    pub fn change_pct(self) -> f64 {
        match self {
            BirthsVariant::Low => -5.0,
            BirthsVariant::Medium => 0.0,
            BirthsVariant::High => 5.0,
        }
    }

    /// Set the scenario's county-wide births change to this variant's
    /// (per-area changes are cleared, so the variant holds everywhere).
    pub fn apply(self, s: &mut Scenario) {
        s.births_change_pct = self.change_pct();
        s.births_change_pct_by_area.clear();
    }

    /// The variant a scenario is, if it is one.
    pub fn of(s: &Scenario) -> Option<BirthsVariant> {
        if !s.births_change_pct_by_area.is_empty() {
            return None;
        }
        Self::ALL
            .into_iter()
            .find(|v| v.change_pct() == s.births_change_pct)
    }
}

/// The longest horizon a projection may run.
pub const MAX_HORIZON: usize = 15;

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: String::new(),
            method: Method::Auto,
            window: 3,
            estimator: Estimator::Mean,
            horizon: 15,
            base_year: None,
            skip_years: Vec::new(),
            detect_outliers: true,
            robust: true,
            entrants: EntrantRule::Level,
            births_extrapolation: BirthsExtrapolation::default(),
            births_extrapolation_by_area: BTreeMap::new(),
            births_change_pct: 0.0,
            births_change_pct_by_area: BTreeMap::new(),
            urban_drift_pct: 0.0,
            entry_ratio_adjust_pct: 0.0,
            class_sizes: ClassSizes::default(),
            thresholds: Thresholds::default(),
            actions: Vec::new(),
            planner: PlannerSettings::default(),
            teachers: TeacherOptions::default(),
            compliance: crate::settings::compliance::ComplianceNorms::default(),
            housing: crate::settings::housing::HousingSettings::default(),
            optimise: crate::settings::optimise::OptimiseSettings::default(),
        }
    }
}

impl Scenario {
    /// The scenario with only its method's settings kept and every what-if
    /// and action at its default: what a backtest scores, since it scores
    /// the method on what happened.
    pub fn method_only(&self) -> Scenario {
        Scenario {
            method: self.method,
            window: self.window,
            estimator: self.estimator,
            skip_years: self.skip_years.clone(),
            detect_outliers: self.detect_outliers,
            robust: self.robust,
            entrants: self.entrants,
            ..Scenario::default()
        }
    }

    /// The horizon actually used: 1 … 15.
    pub fn horizon(&self) -> usize {
        self.horizon.clamp(1, MAX_HORIZON)
    }

    /// The ratio window actually used: the pooled method's 12 falls, else
    /// the scenario's own (at least 1).
    pub fn window(&self) -> usize {
        match self.method {
            Method::Pooled => POOLED_WINDOW,
            Method::Auto | Method::Textbook | Method::Persistence => self.window.max(1),
        }
    }

    /// The estimator actually used: a ratio of sums for the pooled method,
    /// else the scenario's own.
    pub fn ratio_estimator(&self) -> Estimator {
        match self.method {
            Method::Pooled => Estimator::Weighted,
            Method::Auto | Method::Textbook | Method::Persistence => self.estimator,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_the_default_scenario() {
        let s: Scenario = serde_json::from_str("{}").unwrap();
        assert_eq!(s, Scenario::default());
        let partial: Scenario =
            serde_json::from_str(r#"{"window": 8, "class_sizes": {"primary": 40}}"#).unwrap();
        assert_eq!(partial.window, 8);
        assert_eq!(partial.class_sizes.primary, 40.0);
        assert_eq!(partial.class_sizes.junior, 50.0);
        let back: Scenario =
            serde_json::from_str(&serde_json::to_string(&partial).unwrap()).unwrap();
        assert_eq!(back, partial);
    }
}
