//! Capacity and shortfall (docs/method.md, step 5), per school and year, observed
//! and projected alike: demand D = Σ_g E; capacity C = approved seats, else
//! classrooms × the standard class size (where the files give neither, the
//! classes of the latest fall that gives them stand for classrooms); shortfall = max(0, D − C); classes
//! needed = Σ_g ceil(E(g) / standard size); the flags and the warning level.

use crate::grades::{GradeSystem, Level};
use crate::method::observed::{GRADE_SLOTS, Observed, grade_of_slot};
use crate::method::project::Projection;
use crate::method::resolved::Plan;
use crate::model::{Dataset, School};
use crate::scenario::{ClassSizes, Scenario, Thresholds};
use serde::Serialize;

/// Whether a school-year was counted or projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// A fall of the data, up to the base fall.
    Observed,
    /// A fall after the base fall, projected.
    Projected,
}

/// The early-warning colour of a school-year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Warning {
    /// Demand above capacity.
    Red,
    /// Utilisation above the high threshold (90 %).
    Amber,
    /// Seats enough, utilisation between the low and high thresholds.
    Green,
    /// Utilisation under the low threshold (50 %).
    Grey,
    /// No classrooms or approved seats: capacity unknown.
    Unknown,
    /// Closed by the plan (merged into another school).
    Closed,
}

impl Warning {
    /// Every warning, strongest first (the legends' order).
    pub const ALL: [Warning; 6] = [
        Warning::Red,
        Warning::Amber,
        Warning::Green,
        Warning::Grey,
        Warning::Unknown,
        Warning::Closed,
    ];

    /// The warning's code (red, amber, green, grey, unknown, closed).
    pub fn name(self) -> &'static str {
        match self {
            Warning::Red => "red",
            Warning::Amber => "amber",
            Warning::Green => "green",
            Warning::Grey => "grey",
            Warning::Unknown => "unknown",
            Warning::Closed => "closed",
        }
    }
}

/// The flags of a school-year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Flags {
    /// 大班额: average class size above 55.
    pub oversized_class: bool,
    /// 超大班额: above 65.
    pub super_oversized_class: bool,
    /// 大校额: primary or junior above 2,000, nine-year above 2,500.
    pub large_school: bool,
    /// 小规模: fewer than 100 pupils.
    pub small_school: bool,
}

impl Flags {
    /// The flags' codes in the outcome table (`flags` column), strongest
    /// class-size flag only; the words layer says them in a language.
    pub fn codes(self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.super_oversized_class {
            out.push("super-oversized classes");
        } else if self.oversized_class {
            out.push("oversized classes");
        }
        if self.large_school {
            out.push("oversized school");
        }
        if self.small_school {
            out.push("small school");
        }
        out
    }
}

/// One school in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolYear {
    /// The school (dataset index).
    pub school: usize,
    /// The fall.
    pub year: i32,
    /// Counted or projected.
    pub kind: RowKind,
    /// Pupils, all grades (D).
    pub demand: f64,
    /// Seats (C): approved seats, else classrooms (or the classes in use) ×
    /// the standard class size, as the plan changes them in projected falls;
    /// None where unknown.
    pub capacity: Option<f64>,
    /// Pupils beyond the seats, max(0, D − C); 0 where the seats are unknown.
    pub shortfall: f64,
    /// Seats left, max(0, C − D); 0 where the seats are unknown.
    pub spare: f64,
    /// D ÷ C, a fraction (1 is full); None where the seats are unknown or 0.
    pub utilisation: Option<f64>,
    /// Σ over grades of ceil(pupils ÷ the standard class size).
    pub classes_needed: f64,
    /// Classrooms: the roster's, as the plan changes them in projected falls;
    /// None where unknown.
    pub classrooms: Option<f64>,
    /// Classes needed minus classrooms.
    pub classroom_gap: Option<f64>,
    /// Demand over today's classrooms.
    pub avg_class_size: Option<f64>,
    /// The school-year's flags.
    pub flags: Flags,
    /// Its early-warning colour.
    pub warning: Warning,
    /// The 80 % range of a projected demand (none for observed falls, or
    /// when the data is too short to measure the method's errors).
    pub band: Option<Band>,
}

/// A projected demand's 80 % range, with what sums of schools need to work
/// out theirs (see `crate::accuracy::intervals`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// The range's lower end, pupils.
    pub low: f64,
    /// Its upper end, pupils.
    pub high: f64,
    /// σ_c² at this horizon.
    pub common_var: f64,
    /// The school's level's total's log-error variance at this horizon
    /// (σ_c² where the level has no totals of its own): a level's range.
    pub level_var: f64,
    /// d² × max(σ_s² − σ_c², 0) for this school's demand d: its part of a
    /// sum's variance before dividing by (Σd)² (see
    /// [`crate::accuracy::intervals::sum_range`]).
    pub sum_var: f64,
}

/// Put the 80 % ranges on the projected rows (h = year − base year).
pub fn set_bands(
    rows: &mut [SchoolYear],
    bands: &crate::accuracy::intervals::ErrorBands,
    base_year: i32,
    levels: &[crate::grades::Level],
) {
    for r in rows.iter_mut().filter(|r| r.kind == RowKind::Projected) {
        let h = (r.year - base_year).max(0) as usize;
        let level = bands.total_var(h, levels.get(r.school).copied());
        r.band = bands
            .school_range(h, r.demand)
            .zip(bands.sum_parts(h, r.demand))
            .map(|((low, high), (common_var, sum_var))| Band {
                low,
                high,
                common_var,
                level_var: level.unwrap_or(common_var),
                sum_var,
            });
    }
}

/// The standard class size of a grade.
pub fn standard_size(system: GradeSystem, sizes: &ClassSizes, slot: usize) -> f64 {
    let g = grade_of_slot(slot);
    match system.stage_of(g) {
        Level::Kindergarten => sizes.kindergarten[(g.0 + 2).clamp(0, 2) as usize],
        Level::Primary => sizes.primary,
        Level::Junior => sizes.junior,
        _ => sizes.senior,
    }
}

/// Seats of a school: its approved seats, else classrooms × the mean standard
/// size over the grades it teaches.
pub fn capacity(school: &School, system: GradeSystem, sizes: &ClassSizes) -> Option<f64> {
    if let Some(a) = school.approved_seats {
        return Some(a);
    }
    Some(school.classrooms? * seats_per_room(school, system, sizes))
}

/// The mean standard class size over the grades a school teaches: what one
/// classroom is worth in seats.
pub fn seats_per_room(school: &School, system: GradeSystem, sizes: &ClassSizes) -> f64 {
    let slots: Vec<usize> = school
        .span
        .grades()
        .map(crate::method::observed::slot)
        .collect();
    slots
        .iter()
        .map(|&s| standard_size(system, sizes, s))
        .sum::<f64>()
        / slots.len().max(1) as f64
}

/// Per school, the classes it taught in the latest fall whose files give
/// its classes (班级数), where it has neither approved seats nor
/// classrooms: those classes stand for its classrooms, a floor (every
/// class has a room; spare rooms are not known).
pub fn classes_in_use(d: &Dataset) -> Vec<Option<f64>> {
    let mut latest: Vec<Option<(i32, f64)>> = vec![None; d.schools.len()];
    for e in &d.enrolment {
        let (Some(c), Some(slot)) = (e.classes, latest.get_mut(e.school)) else {
            continue;
        };
        *slot = match *slot {
            Some((y, sum)) if y == e.year => Some((y, sum + c)),
            Some((y, _)) if y > e.year => *slot,
            _ => Some((e.year, c)),
        };
    }
    d.schools
        .iter()
        .zip(latest)
        .map(|(s, l)| {
            let known = s.approved_seats.is_some() || s.classrooms.is_some();
            l.filter(|(_, c)| !known && *c > 0.0).map(|(_, c)| c)
        })
        .collect()
}

/// What the figures of a school need besides its pupils: worked out once per
/// scenario, not once per school-year.
pub struct Standards {
    /// Standard class size of each grade slot.
    pub sizes: [f64; GRADE_SLOTS],
    /// Seats of each school.
    pub capacity: Vec<Option<f64>>,
    /// Seats one classroom adds at each school.
    pub seats_per_room: Vec<f64>,
}

impl Standards {
    /// Worked out for a dataset under the scenario's class sizes.
    pub fn new(d: &Dataset, sizes: &ClassSizes) -> Standards {
        let mut by_slot = [0.0; GRADE_SLOTS];
        for (slot, v) in by_slot.iter_mut().enumerate() {
            *v = standard_size(d.grade_system, sizes, slot);
        }
        Standards {
            sizes: by_slot,
            capacity: {
                let classes = classes_in_use(d);
                d.schools
                    .iter()
                    .zip(classes)
                    .map(|(s, c)| {
                        capacity(s, d.grade_system, sizes)
                            .or_else(|| c.map(|c| c * seats_per_room(s, d.grade_system, sizes)))
                    })
                    .collect()
            },
            seats_per_room: d
                .schools
                .iter()
                .map(|s| seats_per_room(s, d.grade_system, sizes))
                .collect(),
        }
    }
}

/// Seats and classrooms of a school in a year: the roster's, changed by the plan.
pub struct Room {
    pub seats: Option<f64>,
    pub classrooms: Option<f64>,
}

/// The figures of one school-year from its pupils by grade.
#[allow(clippy::too_many_arguments)]
pub fn school_year(
    d: &Dataset,
    standards: &Standards,
    school: usize,
    year: i32,
    kind: RowKind,
    grades: &[f64],
    thresholds: &Thresholds,
    room: Room,
) -> SchoolYear {
    let s = &d.schools[school];
    let demand: f64 = grades.iter().sum();
    let classes_needed: f64 = grades
        .iter()
        .zip(&standards.sizes)
        .filter(|(p, _)| **p > 0.0)
        .map(|(p, size)| (p / size).ceil())
        .sum::<f64>()
        + 0.0; // an empty sum is −0

    let capacity = room.seats;
    let shortfall = capacity.map_or(0.0, |c| (demand - c).max(0.0));
    let spare = capacity.map_or(0.0, |c| (c - demand).max(0.0));
    let utilisation = capacity.filter(|c| *c > 0.0).map(|c| demand / c);
    let classrooms = room.classrooms;
    let avg_class_size = classrooms.filter(|r| *r > 0.0).map(|r| demand / r);
    let large_limit = match s.level {
        Level::Primary | Level::Junior => Some(thresholds.large_school),
        Level::NineYear | Level::TwelveYear => Some(thresholds.large_nine_year_school),
        _ => None,
    };
    let flags = Flags {
        oversized_class: avg_class_size.is_some_and(|a| a > thresholds.oversized_class),
        super_oversized_class: avg_class_size.is_some_and(|a| a > thresholds.super_oversized_class),
        large_school: large_limit.is_some_and(|l| demand > l),
        small_school: demand > 0.0 && demand < thresholds.small_school,
    };
    let warning = match (capacity, utilisation) {
        (Some(c), _) if c <= 0.0 && demand <= 0.0 => Warning::Closed,
        (None, _) => Warning::Unknown,
        _ if shortfall > 0.0 => Warning::Red,
        (_, Some(u)) if u > thresholds.high_utilisation => Warning::Amber,
        (_, Some(u)) if u < thresholds.low_utilisation => Warning::Grey,
        (Some(_), None) => Warning::Unknown,
        _ => Warning::Green,
    };
    SchoolYear {
        school,
        year,
        kind,
        demand,
        capacity,
        shortfall,
        spare,
        utilisation,
        classes_needed,
        classrooms,
        classroom_gap: classrooms.map(|r| classes_needed - r),
        avg_class_size,
        flags,
        warning,
        band: None,
    }
}

/// Every school-year: the observed falls up to the base year, then the
/// projection. Schools appear in the years they have pupils or, projected,
/// while they are open and were teaching at the base year.
pub fn school_years(
    d: &Dataset,
    obs: &Observed,
    p: &Projection,
    scenario: &Scenario,
    plan: &Plan,
) -> Vec<SchoolYear> {
    let standards = Standards::new(d, &scenario.class_sizes);
    let t = &scenario.thresholds;
    let today = |school: usize| Room {
        seats: standards.capacity[school],
        classrooms: d.schools[school].classrooms,
    };
    let planned = |school: usize, year: i32| {
        let (seats, classrooms) = plan.capacity_at(
            school,
            year,
            standards.capacity[school],
            d.schools[school].classrooms,
            standards.seats_per_room[school],
        );
        Room { seats, classrooms }
    };
    let rows_of = |schools: std::ops::Range<usize>| {
        let mut out = Vec::with_capacity(schools.len() * (obs.n_years + p.horizon));
        for school in schools {
            for year in obs.first_year..=p.base_year {
                let g = obs.grades(school, year);
                if obs.year_index(year).is_some_and(|y| obs.present[y])
                    && g.iter().sum::<f64>() > 0.0
                {
                    out.push(school_year(
                        d,
                        &standards,
                        school,
                        year,
                        RowKind::Observed,
                        &g,
                        t,
                        today(school),
                    ));
                }
            }
            // New schools appear from their first fall; schools the plan closes stay
            // listed with no pupils and no seats.
            let opened_by_plan = d.schools[school].opened.is_some_and(|o| o > p.base_year);
            let taught_at_base = p.total(school, 0) > 0.0 || opened_by_plan;
            for h in 1..=p.horizon {
                let year = p.base_year + h as i32;
                if taught_at_base && d.schools[school].open_in(year) {
                    out.push(school_year(
                        d,
                        &standards,
                        school,
                        year,
                        RowKind::Projected,
                        p.grades(school, h),
                        t,
                        planned(school, year),
                    ));
                }
            }
        }
        out
    };
    // Sequential on purpose: in parallel blocks, the rows of 250,000 schools
    // (660 MB) would be built twice over and copied, which measured slower.
    rows_of(0..obs.n_schools)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grades::{Grade, GradeSpan};

    fn primary(classrooms: f64) -> Dataset {
        Dataset {
            schools: vec![School {
                id: None,
                name: "东关小学".into(),
                level: Level::Primary,
                span: GradeSpan::new(Grade(1), Grade(6)),
                area: None,
                locale: None,
                coords: None,
                classrooms: Some(classrooms),
                approved_seats: None,
                feeder: None,
                opened: None,
                closed: None,
                in_roster: true,
                boarders: None,
                beds: None,
                ownership: None,
                remoteness: None,
            }],
            ..Dataset::default()
        }
    }

    /// The figures of the school with these pupils in grades 1–6.
    fn figures(d: &Dataset, grades_1_to_6: [f64; 6]) -> SchoolYear {
        let mut g = [0.0; GRADE_SLOTS];
        g[3..=8].copy_from_slice(&grades_1_to_6);
        let standards = Standards::new(d, &ClassSizes::default());
        school_year(
            d,
            &standards,
            0,
            2030,
            RowKind::Projected,
            &g,
            &Thresholds::default(),
            Room {
                seats: standards.capacity[0],
                classrooms: d.schools[0].classrooms,
            },
        )
    }

    fn with_pupils(d: &Dataset, per_grade: f64) -> SchoolYear {
        figures(d, [per_grade; 6])
    }

    /// All pupils in grade 1 (the totals stay exact).
    fn with_total(d: &Dataset, total: f64) -> SchoolYear {
        figures(d, [total, 0.0, 0.0, 0.0, 0.0, 0.0])
    }

    #[test]
    fn capacity_shortfall_and_classes() {
        let d = primary(12.0);
        // 6 grades × 100 = 600 pupils in 12 classrooms of 45 = 540 seats.
        let y = with_pupils(&d, 100.0);
        assert_eq!(y.demand, 600.0);
        assert_eq!(y.capacity, Some(540.0));
        assert_eq!(y.shortfall, 60.0);
        assert_eq!(y.spare, 0.0);
        // ceil(100 / 45) = 3 classes per grade.
        assert_eq!(y.classes_needed, 18.0);
        assert_eq!(y.classroom_gap, Some(6.0));
        assert_eq!(y.avg_class_size, Some(50.0));
        assert_eq!(y.warning, Warning::Red);
        assert!(!y.flags.oversized_class);
    }

    #[test]
    fn flags_exactly_at_their_thresholds() {
        // 12 classrooms: 55 × 12 = 660 pupils is not 大班额, 56 × 12 = 672 is.
        let d = primary(12.0);
        let at = |avg: f64| with_total(&d, avg * 12.0).flags;
        assert!(!at(55.0).oversized_class);
        assert!(at(56.0).oversized_class);
        assert!(!at(65.0).super_oversized_class);
        assert!(at(66.0).super_oversized_class);
        let big = primary(100.0);
        assert!(!with_total(&big, 2000.0).flags.large_school);
        assert!(with_total(&big, 2001.0).flags.large_school);
        let small = primary(6.0);
        assert!(with_total(&small, 99.0).flags.small_school);
        assert!(!with_total(&small, 100.0).flags.small_school);
        // 6 classrooms × 45 = 270 seats: over 90 % amber, under 50 % grey.
        assert_eq!(with_total(&small, 250.0).warning, Warning::Amber);
        assert_eq!(with_total(&small, 200.0).warning, Warning::Green);
        assert_eq!(with_total(&small, 130.0).warning, Warning::Grey);
        assert_eq!(with_total(&small, 271.0).warning, Warning::Red);
    }
}
