//! How many pupils new housing brings: the settings saved with the scenario.

use crate::grades::Level;
use crate::model::Dataset;
use serde::{Deserialize, Serialize};

/// How many pupils a dwelling brings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HousingSettings {
    /// Residents a dwelling houses once occupied.
    pub persons_per_dwelling: f64,
    /// The county's residents: with them the birth rate is the county's own
    /// (its latest year's births over them).
    pub residents: Option<f64>,
    /// Births per 1,000 residents when the residents are not given.
    pub birth_rate_per_1000: f64,
}

impl Default for HousingSettings {
    fn default() -> Self {
        HousingSettings {
            persons_per_dwelling: 3.1,
            residents: None,
            birth_rate_per_1000: 6.39,
        }
    }
}

impl HousingSettings {
    /// Births per 1,000 residents: the county's own where its residents are
    /// given and its births known, else the setting.
    pub fn birth_rate(&self, d: &Dataset) -> f64 {
        let latest = d.births.iter().map(|b| b.year).max();
        match (self.residents, latest) {
            (Some(r), Some(y)) if r > 0.0 => {
                let births: f64 = d
                    .births
                    .iter()
                    .filter(|b| b.year == y)
                    .map(|b| b.births)
                    .sum();
                births / r * 1000.0
            }
            _ => self.birth_rate_per_1000,
        }
    }

    /// Pupils of one grade per 100 dwellings at full occupancy.
    pub fn cohort_per_100(&self, d: &Dataset) -> f64 {
        100.0 * self.persons_per_dwelling * self.birth_rate(d) / 1000.0
    }

    /// Pupils per 100 dwellings by stage (kindergarten, primary, junior,
    /// senior): a cohort × the stage's grades in the dataset's system.
    pub fn per_100_by_stage(&self, d: &Dataset) -> [f64; 4] {
        let cohort = self.cohort_per_100(d);
        let grades = |level: Level| d.grade_system.span_of(level).grades().count() as f64;
        [
            cohort * grades(Level::Kindergarten),
            cohort * grades(Level::Primary),
            cohort * grades(Level::Junior),
            cohort * grades(Level::Senior),
        ]
    }
}
