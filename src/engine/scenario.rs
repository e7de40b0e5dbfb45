//! A scenario: every choice the planner can make about a projection. Every
//! field has a default, so an empty JSON object is a valid scenario.

use super::actions::Action;
use super::planner::PlannerSettings;
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
}

impl Estimator {
    pub fn parse(s: &str) -> Option<Estimator> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mean" => Some(Estimator::Mean),
            "median" => Some(Estimator::Median),
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
    Trend { damping: f64 },
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
    pub primary: f64,
    pub junior: f64,
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
    /// Cohort survival with grade-progression ratios and birth entry ratios (domain.md).
    #[default]
    Textbook,
    /// Next year = this year (a baseline for the backtest).
    Persistence,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim().to_ascii_lowercase().as_str() {
            "textbook" | "gpr" | "cohort" => Some(Method::Textbook),
            "persistence" | "flat" => Some(Method::Persistence),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub name: String,
    pub method: Method,
    /// Ratio window n: fall years T−n+1 … T.
    pub window: usize,
    pub estimator: Estimator,
    /// Years past the base year, at most 15.
    pub horizon: usize,
    /// Project from this fall (default: the last fall with enrolment).
    pub base_year: Option<i32>,
    /// Fall years taken out as data (e.g. 2020, the COVID count).
    pub skip_years: Vec<i32>,
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
    pub class_sizes: ClassSizes,
    pub thresholds: Thresholds,
    /// The plan: merges, expansions, new schools and the rest, each from a year.
    pub actions: Vec<Action>,
    /// The merge planner's thresholds and radii, and the price of a classroom.
    pub planner: PlannerSettings,
}

/// The longest horizon a projection may run.
pub const MAX_HORIZON: usize = 15;

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: String::new(),
            method: Method::Textbook,
            window: 3,
            estimator: Estimator::Mean,
            horizon: 15,
            base_year: None,
            skip_years: Vec::new(),
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
        }
    }
}

impl Scenario {
    /// The horizon actually used: 1 … 15.
    pub fn horizon(&self) -> usize {
        self.horizon.clamp(1, MAX_HORIZON)
    }

    /// The window actually used: at least 1.
    pub fn window(&self) -> usize {
        self.window.max(1)
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
