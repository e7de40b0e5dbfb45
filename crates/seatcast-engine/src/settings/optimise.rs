//! The layout optimiser's goals, prices and pins (docs/optimiser.md),
//! saved with the scenario. Every price is the planner's to edit; the
//! defaults say where they come from, or that they are assumptions.

use crate::model::Coords;
use serde::{Deserialize, Serialize};

/// What the planner fixes about one school before the optimiser runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "pin", rename_all = "snake_case")]
pub enum Pin {
    /// The school stays open over the whole horizon.
    Keep { school: String },
    /// The school closes in the first projected year.
    Close { school: String },
    /// The school stays open until at least this fall.
    NotBefore { school: String, year: i32 },
}

impl Pin {
    pub fn school(&self) -> &str {
        match self {
            Pin::Keep { school } | Pin::Close { school } | Pin::NotBefore { school, .. } => school,
        }
    }
}

/// The optimiser's settings; the classroom price and the radii are the
/// planner's ([`super::planner::PlannerSettings`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptimiseSettings {
    /// May close schools (their pupils to receivers within reach).
    pub close: bool,
    /// May add classrooms to existing schools…
    pub expand: bool,
    /// …at most this many at one site (editable per county).
    pub max_rooms: u32,
    /// May open new schools at candidate sites.
    pub open_new: bool,
    /// Cost of a new school besides its classrooms (land, offices,
    /// sports ground), yuan. Assumption.
    pub new_school_yuan: f64,
    /// A classroom's yearly upkeep, as a share of its cost (so classrooms
    /// are built when needed, not earlier). Assumption.
    pub room_upkeep_share: f64,
    /// Classrooms a new school may have at most.
    pub new_school_rooms: u32,
    /// A teacher's yearly cost, yuan (salary and contributions).
    /// Assumption: edit to the county's own.
    pub teacher_yuan: f64,
    /// Yearly upkeep of a school site whatever its size, yuan. Assumption:
    /// a rural school under 100 pupils is funded as 100 pupils
    /// (公用经费 floor) at about 720 yuan each.
    pub upkeep_yuan: f64,
    /// Travel: yuan per pupil per km (one way) per school year (a school
    /// bus twice a day for about 180 days at 0.5 yuan a km). Assumption.
    pub travel_yuan_per_pupil_km: f64,
    /// Penalty per seat short per year, yuan: high, so that a shortage is
    /// the last resort.
    pub short_yuan: f64,
    /// Weight of travel against cost: 1 counts travel at its price, 0
    /// ignores it, 2 counts it double.
    pub travel_weight: f64,
    /// Budget cap on construction (classrooms and new schools), yuan:
    /// then the plan is the fewest seat-years short within it.
    pub budget: Option<f64>,
    /// The optimiser's periods end this many years after the base year
    /// (actions happen in a period's first fall; the seats must hold in
    /// each of its years).
    pub period_ends: Vec<usize>,
    /// Stop when the plan is proven within this share of the best (0.01 = 1 %).
    pub gap: f64,
    /// Stop after this many seconds with the best plan found and its gap.
    pub time_limit_s: f64,
    /// Schools the planner fixes.
    pub pins: Vec<Pin>,
    /// Sites the planner offers for new schools (besides the areas' centres
    /// Seatcast proposes).
    pub sites: Vec<CandidateSite>,
}

/// A place the planner offers for a new school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateSite {
    pub name: String,
    #[serde(default)]
    pub area: Option<String>,
    pub coords: Coords,
}

impl Default for OptimiseSettings {
    fn default() -> Self {
        OptimiseSettings {
            close: true,
            expand: true,
            max_rooms: 24,
            open_new: true,
            new_school_yuan: 10_000_000.0,
            new_school_rooms: 36,
            room_upkeep_share: 0.01,
            teacher_yuan: 120_000.0,
            upkeep_yuan: 72_000.0,
            travel_yuan_per_pupil_km: 180.0,
            short_yuan: 200_000.0,
            travel_weight: 1.0,
            budget: None,
            period_ends: vec![1, 3, 5, 10, 15],
            gap: 0.01,
            time_limit_s: 30.0,
            pins: Vec::new(),
            sites: Vec::new(),
        }
    }
}
