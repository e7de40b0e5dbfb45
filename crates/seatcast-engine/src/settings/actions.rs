//! A plan's actions as the scenario holds them: each decision, effective
//! from a fall year. [`crate::plan::actions::resolve`] checks them against
//! the dataset and turns them into what the stepping applies.

use crate::model::Coords;
use serde::{Deserialize, Serialize};

/// A school taking a share of another's pupils.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receiver {
    /// The receiving school, by its code or name.
    pub school: String,
    /// Share of the pupils (the shares of a merge are scaled to sum to 1,
    /// grade by grade among the receivers that take that grade).
    #[serde(default = "one")]
    pub share: f64,
    /// The grades it takes, lowest and highest (None: every grade), e.g.
    /// grades 1–3 to the nearest school and 4–6 to a boarding 中心校.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades: Option<[i8; 2]>,
}

fn one() -> f64 {
    1.0
}

/// One decision, effective from the fall of `year`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Close `school` and send its pupils, and every later entry cohort of
    /// its catchment, to the receivers by share.
    Merge {
        /// The fall it closes; its pupils go from then on.
        year: i32,
        /// The school that closes, by its code or name.
        school: String,
        /// The schools that take its pupils (at least one).
        into: Vec<Receiver>,
    },
    /// Downgrade `school` to a 教学点: it keeps the grades `keep` (e.g.
    /// 1–3) and sends its other grades, and every later cohort that
    /// reaches them, to the receivers by share (e.g. grades 4–6 to board
    /// at the township's 中心校). It stays open.
    Downgrade {
        /// The fall its other grades first go.
        year: i32,
        /// The school downgraded, by its code or name.
        school: String,
        /// The grades it keeps, lowest and highest (e.g. [1, 3]).
        keep: [i8; 2],
        /// The schools that take its other grades (each, unless it says which, takes
        /// every grade the school does not keep).
        into: Vec<Receiver>,
    },
    /// Add classrooms (each worth the standard class size of its grades) or seats.
    Expand {
        /// The fall they count from.
        year: i32,
        /// The school, by its code or name.
        school: String,
        /// Classrooms added.
        #[serde(default)]
        classrooms: f64,
        /// Seats added besides (approved seats, 核定学位).
        #[serde(default)]
        seats: f64,
    },
    /// Open a new school that takes `entry_share` of its area's entry cohort,
    /// drawn from the named schools in proportion to their entry grade.
    Open {
        /// The fall it opens.
        year: i32,
        /// The new school's name.
        name: String,
        /// Its area (township): its entry share is of this area's entry cohort.
        #[serde(default)]
        area: Option<String>,
        /// Where it stands, for distances.
        #[serde(default)]
        coords: Option<Coords>,
        /// Lowest and highest grade, e.g. [1, 6].
        grades: [i8; 2],
        /// Its classrooms.
        #[serde(default)]
        classrooms: f64,
        /// Its approved seats (核定学位); 0: its classrooms × the standard class size.
        #[serde(default)]
        seats: f64,
        /// The share of its area's entry cohort it takes each fall (0–1).
        entry_share: f64,
        /// The schools it draws its pupils from (by code or name), at least one.
        from: Vec<String>,
        /// Per donor in `from`, the share of its own entry cohort the new
        /// school takes instead (a school it relieves); empty: the area's
        /// `entry_share`, drawn from the donors by their size.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        donor_shares: Vec<f64>,
    },
    /// Send `school`'s graduates to `to` instead of its current next school.
    Feeder {
        /// The fall its graduates first go to `to`.
        year: i32,
        /// The school whose graduates go on, by its code or name.
        school: String,
        /// Their new next school, by its code or name.
        to: String,
    },
    /// Scale `school`'s entry ratio or share to `pct` % of what it was.
    EntryShare {
        /// The fall it takes effect.
        year: i32,
        /// The school, by its code or name.
        school: String,
        /// The new ratio or share, in % of the old (0 or more).
        pct: f64,
    },
    /// Teach more grades: a primary becomes a nine-year school, and so on.
    /// Its own graduates stay on instead of going to the next school.
    GradeSpan {
        /// The fall it first teaches the new grades.
        year: i32,
        /// The school, by its code or name.
        school: String,
        /// The grades it teaches from then on, lowest and highest (every grade it had
        /// among them).
        grades: [i8; 2],
        /// Classrooms added for them.
        #[serde(default)]
        classrooms: f64,
    },
    /// Bring a school's resources up (优质均衡, docs/compliance.md): floor
    /// and sports ground built, equipment bought, multimedia classrooms
    /// fitted, PE and art teachers recruited, teachers brought above the
    /// required qualification or trained as 骨干.
    Resources {
        /// The fall they are in place.
        year: i32,
        /// The school, by its code or name.
        school: String,
        /// What is added.
        #[serde(flatten)]
        add: Resources,
    },
    /// A housing development (新建小区): `dwellings` first occupied in the
    /// fall of `year`, full after `years_to_full`; its pupils go to the
    /// named `schools` (one per level) or the nearest school of each grade.
    Housing {
        /// The fall its first dwellings are occupied.
        year: i32,
        /// The development's name.
        name: String,
        /// Where it stands: its pupils go to the nearest schools from here.
        #[serde(default)]
        coords: Option<Coords>,
        /// Its area (township): without coordinates, its pupils go to the area's
        /// largest school teaching their grade.
        #[serde(default)]
        area: Option<String>,
        /// Dwellings in it.
        dwellings: f64,
        /// Falls until every dwelling is occupied, a further share each fall (3 by
        /// default).
        #[serde(default = "default_years_to_full")]
        years_to_full: f64,
        /// Pupils per 100 dwellings: kindergarten, primary, junior, senior
        /// (None: the county's own, from the housing settings).
        #[serde(default)]
        per_100: Option<[f64; 4]>,
        /// Schools its pupils go to (by code or name): each grade to the first of them
        /// teaching it, else to the nearest school that does.
        #[serde(default)]
        schools: Vec<String>,
    },
}

fn default_years_to_full() -> f64 {
    3.0
}

/// What a [`Action::Resources`] adds; every field defaults to none.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Resources {
    /// Teaching and auxiliary floor built, m².
    pub floor_m2: f64,
    /// Sports ground laid, m².
    pub sports_m2: f64,
    /// Teaching equipment bought, 元.
    pub equipment_yuan: f64,
    /// Networked multimedia classrooms fitted.
    pub multimedia_rooms: f64,
    /// PE teachers recruited.
    pub pe_teachers: f64,
    /// Art teachers (music, fine art) recruited.
    pub arts_teachers: f64,
    /// Teachers brought above the required qualification (学历提升).
    pub qualification_upgrades: f64,
    /// Teachers trained to county-level 骨干.
    pub backbone_trained: f64,
}

impl Resources {
    /// Every figure a finite number, none negative.
    pub fn valid(&self) -> bool {
        [
            self.floor_m2,
            self.sports_m2,
            self.equipment_yuan,
            self.multimedia_rooms,
            self.pe_teachers,
            self.arts_teachers,
            self.qualification_upgrades,
            self.backbone_trained,
        ]
        .iter()
        .all(|v| v.is_finite() && *v >= 0.0)
    }
}

/// Resources added to a school from a year on (a resolved [`Action::Resources`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResourceChange {
    /// The fall they are in place; they count from then on.
    pub year: i32,
    /// The school (dataset index).
    pub school: usize,
    /// What is added.
    pub add: Resources,
}

impl std::ops::Deref for ResourceChange {
    type Target = Resources;
    fn deref(&self) -> &Resources {
        &self.add
    }
}

impl Action {
    /// The fall the action starts in.
    pub fn year(&self) -> i32 {
        match self {
            Action::Merge { year, .. }
            | Action::Downgrade { year, .. }
            | Action::Expand { year, .. }
            | Action::Open { year, .. }
            | Action::Feeder { year, .. }
            | Action::EntryShare { year, .. }
            | Action::GradeSpan { year, .. }
            | Action::Resources { year, .. }
            | Action::Housing { year, .. } => *year,
        }
    }

    /// The fall the action starts in, to change.
    pub fn year_mut(&mut self) -> &mut i32 {
        match self {
            Action::Merge { year, .. }
            | Action::Downgrade { year, .. }
            | Action::Expand { year, .. }
            | Action::Open { year, .. }
            | Action::Feeder { year, .. }
            | Action::EntryShare { year, .. }
            | Action::GradeSpan { year, .. }
            | Action::Resources { year, .. }
            | Action::Housing { year, .. } => year,
        }
    }

    /// The school the action is about (the new school's name for `Open`).
    pub fn school(&self) -> &str {
        match self {
            Action::Merge { school, .. }
            | Action::Downgrade { school, .. }
            | Action::Expand { school, .. }
            | Action::Feeder { school, .. }
            | Action::EntryShare { school, .. }
            | Action::GradeSpan { school, .. }
            | Action::Resources { school, .. } => school,
            Action::Open { name, .. } | Action::Housing { name, .. } => name,
        }
    }
}

impl Action {
    /// The schools the action names that must already exist: the school
    /// acted on, its receivers, the schools a new school draws from, the
    /// schools an estate sends pupils to (not the name of a school it opens).
    pub fn names(&self) -> Vec<&str> {
        match self {
            Action::Merge { school, into, .. } | Action::Downgrade { school, into, .. } => {
                std::iter::once(school.as_str())
                    .chain(into.iter().map(|r| r.school.as_str()))
                    .collect()
            }
            Action::Feeder { school, to, .. } => vec![school, to],
            Action::Expand { school, .. }
            | Action::EntryShare { school, .. }
            | Action::GradeSpan { school, .. }
            | Action::Resources { school, .. } => vec![school],
            Action::Open { from, .. } => from.iter().map(String::as_str).collect(),
            Action::Housing { schools, .. } => schools.iter().map(String::as_str).collect(),
        }
    }
}
