//! The merge planner's thresholds and prices, saved with the scenario.

use crate::grades::Level;
use serde::{Deserialize, Serialize};

/// Service radii in km: on foot, and with a bus or boarding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Radius {
    /// On foot, km.
    pub walk_km: f64,
    /// By bus or boarding, km.
    pub bus_km: f64,
}

/// The planner's thresholds and prices; saved with the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlannerSettings {
    /// A merge candidate has fewer pupils than this in some projected year…
    pub small_pupils: f64,
    /// …or uses less than this share of its seats in some projected year.
    pub low_utilisation: f64,
    /// Radii for primary schools (3 km on foot, 10 by bus, by default).
    pub primary_radius: Radius,
    /// Radii for junior, complete and senior schools (5 km on foot, 15 by bus, by
    /// default).
    pub junior_radius: Radius,
    /// Whether pupils may ride a bus or board: the longer radius applies.
    pub transport: bool,
    /// Cost of one classroom, yuan.
    pub cost_per_classroom: f64,
    /// Speeds for the travel times shown beside distances, km/h: a child on
    /// foot, and a school bus on county roads (assumptions; edit to the
    /// county's own).
    pub walk_kmh: f64,
    /// The school bus's speed, km/h.
    pub bus_kmh: f64,
}

impl Default for PlannerSettings {
    fn default() -> Self {
        PlannerSettings {
            small_pupils: 100.0,
            low_utilisation: 0.5,
            primary_radius: Radius {
                walk_km: 3.0,
                bus_km: 10.0,
            },
            junior_radius: Radius {
                walk_km: 5.0,
                bus_km: 15.0,
            },
            transport: true,
            cost_per_classroom: 600_000.0,
            walk_kmh: 4.0,
            bus_kmh: 30.0,
        }
    }
}

impl PlannerSettings {
    /// How pupils travel under these settings: by bus where transport is
    /// laid on, else on foot.
    pub fn mode(&self) -> crate::places::roads::Mode {
        if self.transport {
            crate::places::roads::Mode::Bus
        } else {
            crate::places::roads::Mode::Walk
        }
    }

    /// Minutes to travel `km` under these settings.
    pub fn minutes(&self, km: f64) -> f64 {
        let kmh = if self.transport {
            self.bus_kmh
        } else {
            self.walk_kmh
        };
        km / kmh.max(0.1) * 60.0
    }

    /// The radius that applies to a school of this level.
    pub fn radius_km(&self, level: Level) -> f64 {
        let r = match level {
            Level::Junior | Level::Complete | Level::Senior => self.junior_radius,
            _ => self.primary_radius,
        };
        if self.transport { r.bus_km } else { r.walk_km }
    }
}
