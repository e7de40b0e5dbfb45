//! The layout optimiser's goals, prices and pins (docs/optimiser.md),
//! saved with the scenario. Every price is the planner's to edit; the
//! defaults say where they come from, or that they are assumptions.

use crate::model::{Coords, Locale, Remoteness, School};
use serde::{Deserialize, Serialize};

/// What the planner fixes about one school before the optimiser runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "pin", rename_all = "snake_case")]
pub enum Pin {
    /// The school stays open over the whole horizon.
    Keep {
        /// The school, by its code or name.
        school: String,
    },
    /// The school closes from the first fall a closure is allowed in (the
    /// first projected fall only where `close_first_fall` is on).
    Close {
        /// The school, by its code or name.
        school: String,
    },
    /// The school stays open until at least this fall.
    NotBefore {
        /// The school, by its code or name.
        school: String,
        /// The first fall it may close in.
        year: i32,
    },
    /// The school may close though it is not a closure candidate (it has
    /// [`OptimiseSettings::close_below`] pupils or more, or is not the
    /// county's): the planner allows it.
    MayClose {
        /// The school, by its code or name.
        school: String,
    },
}

impl Pin {
    /// The school the pin names (its code or name).
    pub fn school(&self) -> &str {
        match self {
            Pin::Keep { school }
            | Pin::Close { school }
            | Pin::MayClose { school }
            | Pin::NotBefore { school, .. } => school,
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
    /// Closure candidates are the county's schools with fewer pupils than
    /// this in the base fall (小规模学校, domain.md: under 100); a bigger
    /// school closes only where a [`Pin::MayClose`] allows it.
    pub close_below: f64,
    /// National and university-attached schools (国立, 部属, 大学附属)
    /// count as the county's: closed, expanded and sent pupils like its
    /// own. Off by default: they are not the bureau's.
    pub national_is_county: bool,
    /// Every township (area) keeps at least one primary school.
    pub township_keeps_primary: bool,
    /// Closures may happen in the first projected fall. Off by default: a
    /// year's notice and the parents' hearing (听取家长意见) come first.
    pub close_first_fall: bool,
    /// At most this many closures in one fall (None: no cap).
    pub closures_per_year: Option<u32>,
    /// Years from the decision until new classrooms are ready (先建后撤:
    /// a school closes only once its receivers' classrooms stand).
    pub room_build_years: usize,
    /// Years from the decision until a new school opens.
    pub school_build_years: usize,
    /// Where the county runs school buses. None by default: pupils walk.
    pub buses: Buses,
    /// Where no road extract is loaded, a trip is the straight line times
    /// this factor (1.3 flat land, 1.6 hills, 2.0 mountains; at least 1.6
    /// from a school the files call remote or rural, 2.0 very remote)…
    pub detour: f64,
    /// …or, for a township named here, its own factor.
    pub detours: Vec<AreaFactor>,
    /// Families' time: yuan per hour of a pupil's trip (each school day,
    /// there and back). Assumption.
    pub time_yuan_per_hour: f64,
    /// School days a year.
    pub school_days: f64,
    /// Grades 4–6 of a school downgraded to a 教学点 may board at a
    /// township centre school (中心校, or a school the roster gives
    /// boarders) within the bus radius (国办发〔2018〕27号: 4—6年级…可适当寄宿).
    pub boarding: bool,
    /// Boarding a pupil a year, yuan (bed, meals' subsidy, a dormitory
    /// teacher's share). Assumption.
    pub boarding_yuan: f64,
    /// After the plan, solve it again with families' time halved and
    /// doubled and say how many decisions change.
    pub sensitivity: bool,
    /// Sites the planner offers for new schools (besides the areas' centres
    /// Seatcast proposes).
    pub sites: Vec<CandidateSite>,
}

/// Where the county runs school buses: a bus carries grades 4–9 at its
/// speed, and grades 1–3 too where the trip is within half an hour.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Buses {
    /// No school bus: every pupil walks.
    #[default]
    None,
    /// A bus in every township.
    All,
    /// A bus in these townships (areas) only.
    Areas(Vec<String>),
}

impl Buses {
    /// Whether a bus runs from a school in this area.
    pub fn runs(&self, area: Option<&str>) -> bool {
        match self {
            Buses::None => false,
            Buses::All => true,
            Buses::Areas(list) => area.is_some_and(|a| list.iter().any(|x| x == a)),
        }
    }
}

/// A township's own factor (the detour of its roads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaFactor {
    /// The township (area), as the school files name it.
    pub area: String,
    /// Its detour factor: a trip is the straight line times this (at least 1).
    pub factor: f64,
}

/// The detour factors offered beside the default: flat land, hills, mountains.
pub const DETOURS: [f64; 3] = [1.3, 1.6, 2.0];

impl OptimiseSettings {
    /// The detour factor of a trip from a school: its township's, where the
    /// planner set one; else the county's default, raised for a school the
    /// files call remote (偏遠 1.6; 特偏, 極偏 2.0) or rural (乡村 1.6).
    pub fn detour_for(&self, school: &School) -> f64 {
        let own = school
            .area
            .as_deref()
            .and_then(|a| self.detours.iter().find(|d| d.area == a));
        if let Some(d) = own {
            return d.factor.max(1.0);
        }
        let by_place = match (school.remoteness, school.locale) {
            (Some(Remoteness::VeryRemote | Remoteness::ExtremelyRemote), _) => DETOURS[2],
            (Some(Remoteness::Remote), _) | (None, Some(Locale::Rural)) => DETOURS[1],
            _ => 1.0,
        };
        self.detour.max(by_place).max(1.0)
    }

    /// The pins that let a school close though it is no candidate.
    pub fn may_close(&self, key: &str) -> bool {
        self.pins
            .iter()
            .any(|p| matches!(p, Pin::MayClose { school } if school == key))
    }
}

/// A place the planner offers for a new school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateSite {
    /// The new school's name.
    pub name: String,
    /// The township (area) it stands in, where given.
    #[serde(default)]
    pub area: Option<String>,
    /// Where it stands.
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
            // Yearly for the first five falls, where the yearly rules
            // (no closure in the first fall, the yearly cap, build times)
            // need them; then five-year periods.
            period_ends: vec![1, 2, 3, 4, 5, 10, 15],
            gap: 0.01,
            time_limit_s: 30.0,
            pins: Vec::new(),
            sites: Vec::new(),
            close_below: 100.0,
            national_is_county: false,
            township_keeps_primary: true,
            close_first_fall: false,
            closures_per_year: Some(3),
            room_build_years: 1,
            school_build_years: 2,
            buses: Buses::None,
            detour: 1.3,
            detours: Vec::new(),
            time_yuan_per_hour: 10.0,
            school_days: 180.0,
            sensitivity: true,
            boarding: true,
            boarding_yuan: 3_000.0,
        }
    }
}
