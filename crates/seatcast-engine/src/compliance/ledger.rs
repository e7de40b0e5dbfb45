//! One ledger per school (一校一台账) over the horizon: each compulsory
//! school's seven indicators year by year, from its projected pupils, its
//! facilities (and the plan's additions) and its teachers as the staffing
//! stage places them; whether it complies; the county's variation
//! coefficients by stage; and for each school that fails, the least it
//! takes to comply (docs/compliance.md).

use super::norms::{ComplianceNorms, Indicator};
use super::variation::variation;
use crate::Outcome;
use crate::grades::Level;
use crate::method::observed::{GRADE_SLOTS, grade_of_slot};
use crate::model::{Dataset, Facility};
use crate::outcome::RowKind;
use crate::plan::actions::Resources;
use crate::teachers::staffing::{SchoolStaffing, Staffing};

/// One indicator of one school-year against its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// At or above the threshold.
    Met,
    /// Below it, but at least the floor share (85 %).
    Near,
    /// Under the floor share (red).
    Short,
    /// The data does not give it.
    Unknown,
}

/// Why a school is left out of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutOfScope {
    /// No compulsory grades (kindergarten, senior high).
    NotCompulsory,
    /// A teaching point (教学点) under the pupil limit.
    SmallTeachingPoint,
    /// A special school (特殊教育学校).
    Special,
}

/// A school-year's verdict under the 优质均衡 rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// At least the pass count of indicators met (six by default) and none short.
    Complies,
    /// Judged, and does not comply: too few met, or one short.
    Fails,
    /// An indicator is unknown: not judged.
    Incomplete,
    /// Left out of the assessment, and why.
    Out(OutOfScope),
}

/// One school in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolCompliance {
    /// The school's index in the dataset.
    pub school: usize,
    /// The fall of the school-year (the base year or later).
    pub year: i32,
    /// Compulsory pupils, primary grades and junior grades.
    pub primary: f64,
    /// Compulsory pupils in junior grades (by the grade system's stages).
    pub junior: f64,
    /// What the school has: teachers, m², 元, classrooms (in
    /// [`Indicator::ALL`]'s order).
    pub have: [Option<f64>; 7],
    /// The indicators: per pupil, or per 100 pupils.
    pub value: [Option<f64>; 7],
    /// Each indicator's threshold, weighted by the school's primary and junior
    /// pupils (per pupil, or per 100 pupils, as the value).
    pub threshold: [f64; 7],
    /// Each indicator's value against its threshold.
    pub status: [Status; 7],
    /// Whether the school complies that year.
    pub verdict: Verdict,
    /// The average class against the largest allowed (the data holds no
    /// single class's size).
    pub avg_class: Option<f64>,
    /// The largest average class allowed (pupils a class; 45 primary, 50 junior,
    /// weighted by the school's pupils).
    pub class_limit: f64,
    /// All pupils against the largest school allowed.
    pub pupils_all: f64,
    /// The largest school allowed (pupils; 2,000, or 2,500 for a nine-year,
    /// twelve-year or complete school).
    pub school_limit: f64,
}

impl SchoolCompliance {
    /// Compulsory pupils, primary and junior.
    pub fn pupils(&self) -> f64 {
        self.primary + self.junior
    }

    /// Indicators met.
    pub fn met(&self) -> usize {
        self.status.iter().filter(|s| **s == Status::Met).count()
    }

    /// Whether the average class is within the limit (None when it is unknown).
    pub fn class_ok(&self) -> Option<bool> {
        self.avg_class.map(|a| a <= self.class_limit + 1e-9)
    }

    /// Whether all the school's pupils are within the school limit.
    pub fn size_ok(&self) -> bool {
        self.pupils_all <= self.school_limit + 1e-9
    }

    /// Whether the school is assessed that year (not out of scope).
    pub fn in_scope(&self) -> bool {
        !matches!(self.verdict, Verdict::Out(_))
    }
}

/// A stage's variation coefficients in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct StageVariation {
    /// The fall of the school-year.
    pub year: i32,
    /// [`Level::Primary`] or [`Level::Junior`].
    pub stage: Level,
    /// Each indicator's mean over the stage's schools, weighted by their pupils of
    /// the stage (x̄); None where no school has a value or the mean is 0.
    pub mean: [Option<f64>; 7],
    /// Each indicator's variation coefficient (差异系数, s / x̄); None as for the mean.
    pub cv: [Option<f64>; 7],
    /// The stage's CV limit (0.50 primary, 0.45 junior by default).
    pub limit: f64,
    /// Schools with pupils of the stage in scope.
    pub schools: usize,
}

impl StageVariation {
    /// Indicators whose CV is over the limit.
    pub fn over(&self) -> Vec<Indicator> {
        Indicator::ALL
            .into_iter()
            .filter(|i| self.cv[i.index()].is_some_and(|c| c > self.limit + 1e-12))
            .collect()
    }
}

/// The least a failing school needs to comply in every year of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// The school's index in the dataset.
    pub school: usize,
    /// The fall to have it by: the first year it fails.
    pub year: i32,
    /// What to add: facilities, rooms, PE and art teachers, qualification
    /// upgrades and 骨干 trained (the plan action's resources).
    pub add: Resources,
    /// The indicator left at the floor share rather than met.
    pub relaxed: Indicator,
    /// Building, equipment, classrooms, training (元, once).
    pub one_off: f64,
    /// Teachers recruited (元 a year).
    pub yearly: f64,
}

/// The 优质均衡 ledger of an outcome: every school-year's indicators and
/// verdict, the stages' variation coefficients, and the fixes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Compliance {
    /// Every school and year from the base year on, by school then year.
    pub schools: Vec<SchoolCompliance>,
    /// The stages' variation coefficients, by year, then primary before junior.
    pub variation: Vec<StageVariation>,
    /// By school.
    pub fixes: Vec<Fix>,
}

impl Compliance {
    /// A school's rows, year by year.
    pub fn rows_of(&self, school: usize) -> &[SchoolCompliance] {
        let lo = self.schools.partition_point(|r| r.school < school);
        let hi = self.schools.partition_point(|r| r.school <= school);
        &self.schools[lo..hi]
    }

    /// A school's row in a year, if it has one.
    pub fn row(&self, school: usize, year: i32) -> Option<&SchoolCompliance> {
        self.rows_of(school).iter().find(|r| r.year == year)
    }

    /// The years, in order.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.schools.iter().map(|r| r.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// (complying, judged) schools in a year.
    pub fn passing(&self, year: i32) -> (usize, usize) {
        let rows = self.schools.iter().filter(|r| r.year == year);
        let judged: Vec<&SchoolCompliance> = rows
            .filter(|r| matches!(r.verdict, Verdict::Complies | Verdict::Fails))
            .collect();
        let pass = judged
            .iter()
            .filter(|r| r.verdict == Verdict::Complies)
            .count();
        (pass, judged.len())
    }

    /// The years a school's verdict changes: (year, complies from then).
    pub fn changes(&self, school: usize) -> Vec<(i32, bool)> {
        let mut out = Vec::new();
        let mut last: Option<bool> = None;
        for r in self.rows_of(school) {
            let now = match r.verdict {
                Verdict::Complies => true,
                Verdict::Fails => false,
                _ => continue,
            };
            if last.is_some_and(|l| l != now) {
                out.push((r.year, now));
            }
            last = Some(now);
        }
        out
    }

    /// The first year a stage's indicator is over its limit, and whether
    /// it already is in the base year.
    pub fn cv_crossing(&self, stage: Level, i: Indicator) -> Option<i32> {
        self.variation
            .iter()
            .filter(|v| v.stage == stage)
            .find(|v| v.cv[i.index()].is_some_and(|c| c > v.limit + 1e-12))
            .map(|v| v.year)
    }

    /// The fix of a school that fails after the base year (None if it needs none).
    pub fn fix(&self, school: usize) -> Option<&Fix> {
        let i = self.fixes.partition_point(|f| f.school < school);
        self.fixes.get(i).filter(|f| f.school == school)
    }
}

/// A school's facilities in a year: for each figure, the latest record up
/// to that year (an undated record holds for every year), then the
/// plan's additions.
fn facilities_at(records: &[&Facility], year: i32) -> [Option<f64>; 4] {
    let mut out = [None; 4];
    let mut best: [Option<i32>; 4] = [None; 4];
    let mut earliest: [Option<(i32, f64)>; 4] = [None; 4];
    for f in records {
        let values = [
            f.floor_m2,
            f.sports_m2,
            f.equipment_yuan,
            f.multimedia_rooms,
        ];
        for (k, v) in values.into_iter().enumerate() {
            let Some(v) = v else { continue };
            match f.year {
                None => {
                    if best[k].is_none() {
                        out[k] = Some(v);
                    }
                }
                Some(y) if y <= year => {
                    if best[k].is_none_or(|b| y >= b) {
                        best[k] = Some(y);
                        out[k] = Some(v);
                    }
                }
                Some(y) => {
                    if earliest[k].is_none_or(|(e, _)| y < e) {
                        earliest[k] = Some((y, v));
                    }
                }
            }
        }
    }
    // Before a school's first dated record, that record stands.
    for k in 0..4 {
        if out[k].is_none() {
            out[k] = earliest[k].map(|(_, v)| v);
        }
    }
    out
}

fn special(name: &str) -> bool {
    let n = name.to_lowercase();
    ["特殊教育", "特教", "启智", "培智", "聋", "盲", "special"]
        .iter()
        .any(|w| n.contains(w))
}

fn teaching_point(name: &str) -> bool {
    let n = name.to_lowercase();
    ["教学点", "教学站", "teaching point"]
        .iter()
        .any(|w| n.contains(w))
}

/// A school-year's compulsory pupils: (primary, junior).
fn compulsory_pupils(outcome: &Outcome, row: &crate::outcome::SchoolYear) -> (f64, f64) {
    let (d, p) = (&outcome.dataset, &outcome.projection);
    let (school, year) = (row.school, row.year);
    let grades: [f64; GRADE_SLOTS] = match row.kind {
        RowKind::Observed => outcome.observed.grades(school, year),
        RowKind::Projected => {
            let mut g = [0.0; GRADE_SLOTS];
            g.copy_from_slice(p.grades(school, (year - p.base_year) as usize));
            g
        }
    };
    let (mut primary, mut junior) = (0.0, 0.0);
    for (slot, pupils) in grades.iter().enumerate() {
        let g = grade_of_slot(slot);
        if !(1..=9).contains(&g.0) {
            continue;
        }
        match d.grade_system.stage_of(g) {
            Level::Junior => junior += pupils.max(0.0),
            _ => primary += pupils.max(0.0),
        }
    }
    (primary, junior)
}

/// A school's facilities with what the plan adds by `year`: floor,
/// sports ground, equipment, multimedia rooms.
fn with_plan(
    mut facilities: [Option<f64>; 4],
    outcome: &Outcome,
    school: usize,
    year: i32,
) -> [Option<f64>; 4] {
    let mut extra = Resources::default();
    for r in outcome
        .plan
        .resources
        .iter()
        .filter(|r| r.school == school && r.year <= year)
    {
        extra.floor_m2 += r.floor_m2;
        extra.sports_m2 += r.sports_m2;
        extra.equipment_yuan += r.equipment_yuan;
        extra.multimedia_rooms += r.multimedia_rooms;
    }
    for (k, add) in [
        extra.floor_m2,
        extra.sports_m2,
        extra.equipment_yuan,
        extra.multimedia_rooms,
    ]
    .into_iter()
    .enumerate()
    {
        if add > 0.0 {
            facilities[k] = Some(facilities[k].unwrap_or(0.0) + add);
        }
    }
    facilities
}

/// Each indicator's value (per pupil or per 100), its threshold for the
/// school's mix of primary and junior pupils, and its status.
#[allow(clippy::type_complexity)]
fn assess(
    have: &[Option<f64>; 7],
    primary: f64,
    junior: f64,
    norms: &ComplianceNorms,
) -> ([Option<f64>; 7], [f64; 7], [Status; 7]) {
    let pupils = primary + junior;
    let mut value = [None; 7];
    let mut threshold = [0.0; 7];
    let mut status = [Status::Unknown; 7];
    for i in Indicator::ALL {
        let k = i.index();
        threshold[k] = norms.threshold(i, primary, junior);
        if pupils <= 0.0 {
            continue;
        }
        value[k] = have[k].map(|h| h / pupils * if i.per_100() { 100.0 } else { 1.0 });
        status[k] = match value[k] {
            None => Status::Unknown,
            Some(v) if v >= threshold[k] * (1.0 - 1e-12) => Status::Met,
            Some(v) if v >= threshold[k] * norms.floor_share * (1.0 - 1e-12) => Status::Near,
            Some(_) => Status::Short,
        };
    }
    (value, threshold, status)
}

/// A school's verdict: out of scope, incomplete (an indicator unknown),
/// complies (enough met, none short) or fails.
fn verdict(out: Option<OutOfScope>, status: &[Status; 7], norms: &ComplianceNorms) -> Verdict {
    match out {
        Some(o) => Verdict::Out(o),
        None if status.contains(&Status::Unknown) => Verdict::Incomplete,
        None => {
            let met = status.iter().filter(|s| **s == Status::Met).count();
            if met >= norms.pass_count && !status.contains(&Status::Short) {
                Verdict::Complies
            } else {
                Verdict::Fails
            }
        }
    }
}

/// The 优质均衡 ledger of an outcome. `staffing` gives the teachers (None:
/// no roster, the teacher indicators are unknown).
pub fn compliance(
    outcome: &Outcome,
    staffing: Option<&Staffing>,
    norms: &ComplianceNorms,
) -> Compliance {
    let d: &Dataset = &outcome.dataset;
    let p = &outcome.projection;
    let n = d.schools.len();
    let mut by_school: Vec<Vec<&Facility>> = vec![Vec::new(); n];
    for f in &d.facilities {
        if let Some(v) = by_school.get_mut(f.school) {
            v.push(f);
        }
    }
    // The staffing row of each school-year, by index: [school × years + h].
    let span = p.horizon + 1;
    let mut staff_rows: Vec<Option<&SchoolStaffing>> = Vec::new();
    if let Some(s) = staffing {
        staff_rows = vec![None; n * span];
        for r in &s.schools {
            let h = (r.year - p.base_year) as usize;
            if r.school < n && h < span {
                staff_rows[r.school * span + h] = Some(r);
            }
        }
    }
    let staff_at = |school: usize, year: i32| -> Option<&SchoolStaffing> {
        let h = usize::try_from(year - p.base_year).ok()?;
        if h >= span {
            return None;
        }
        staff_rows.get(school * span + h).copied().flatten()
    };
    let qualification_known = staffing.is_some_and(|s| s.qualification_known);
    // What the names say, once per school.
    let special_school: Vec<bool> = d.schools.iter().map(|s| special(&s.name)).collect();
    let teaching_points: Vec<bool> = d.schools.iter().map(|s| teaching_point(&s.name)).collect();
    let mut schools = Vec::with_capacity(n * span);
    let rows = (0..n).flat_map(|i| outcome.school_rows(i).iter());
    for row in rows.filter(|r| r.year >= p.base_year) {
        let (school, year) = (row.school, row.year);
        let Some(s) = d.schools.get(school) else {
            continue;
        };
        let (primary, junior) = compulsory_pupils(outcome, row);
        let pupils = primary + junior;
        let out = if pupils <= 0.0 || matches!(s.level, Level::Kindergarten | Level::Senior) {
            Some(OutOfScope::NotCompulsory)
        } else if special_school[school] {
            Some(OutOfScope::Special)
        } else if teaching_points[school] && pupils < norms.teaching_point_min {
            Some(OutOfScope::SmallTeachingPoint)
        } else {
            None
        };
        // What the school has.
        let facilities = with_plan(
            facilities_at(&by_school[school], year),
            outcome,
            school,
            year,
        );
        let staff = staff_at(school, year);
        let have: [Option<f64>; 7] = [
            staff
                .filter(|_| qualification_known)
                .map(|r| r.above_qualification),
            staff.map(|r| r.backbone),
            staff.map(|r| r.pe_arts),
            facilities[0],
            facilities[1],
            facilities[2],
            facilities[3],
        ];
        let (value, threshold, status) = assess(&have, primary, junior, norms);
        let verdict = verdict(out, &status, norms);
        let class_limit = if pupils > 0.0 {
            (norms.max_class_primary * primary + norms.max_class_junior * junior) / pupils
        } else {
            norms.max_class_primary
        };
        let school_limit = match s.level {
            Level::NineYear | Level::TwelveYear | Level::Complete => norms.max_nine_year_school,
            _ => norms.max_school,
        };
        schools.push(SchoolCompliance {
            school,
            year,
            primary,
            junior,
            have,
            value,
            threshold,
            status,
            verdict,
            avg_class: row.avg_class_size,
            class_limit,
            pupils_all: row.demand,
            school_limit,
        });
    }
    let variation = variation_by_year(&schools, norms);
    let pe_arts = |school: usize, year: i32| pe_arts_short(staff_at(school, year), staffing);
    let fixes = super::fix::fixes(&schools, pe_arts, norms);
    Compliance {
        schools,
        variation,
        fixes,
    }
}

/// A school-year's (PE, art) period shortage, for splitting a fix's PE
/// and art teachers.
fn pe_arts_short(r: Option<&SchoolStaffing>, staffing: Option<&Staffing>) -> (f64, f64) {
    let (Some(r), Some(s)) = (r, staffing) else {
        return (0.0, 0.0);
    };
    let short = |key: &str| {
        s.subjects.iter().position(|k| k == key).map_or(0.0, |j| {
            (r.periods.by_subject.get(j).copied().unwrap_or(0.0)
                - r.teachers.get(j).copied().unwrap_or(0.0))
            .max(0.0)
        })
    };
    (short("pe"), short("arts"))
}

/// The CVs of every year and stage.
fn variation_by_year(rows: &[SchoolCompliance], norms: &ComplianceNorms) -> Vec<StageVariation> {
    let mut by_year: std::collections::BTreeMap<i32, Vec<&SchoolCompliance>> = Default::default();
    for r in rows {
        by_year.entry(r.year).or_default().push(r);
    }
    let mut out = Vec::new();
    for (year, chunk) in by_year {
        for (stage, limit) in [
            (Level::Primary, norms.cv_primary),
            (Level::Junior, norms.cv_junior),
        ] {
            let pupils = |r: &SchoolCompliance| match stage {
                Level::Junior => r.junior,
                _ => r.primary,
            };
            let in_stage: Vec<&SchoolCompliance> = chunk
                .iter()
                .copied()
                .filter(|r| r.in_scope() && pupils(r) > 0.0)
                .collect();
            if in_stage.is_empty() {
                continue;
            }
            let mut mean = [None; 7];
            let mut cv = [None; 7];
            for i in Indicator::ALL {
                let k = i.index();
                let pairs = in_stage
                    .iter()
                    .filter_map(|r| r.value[k].map(|v| (v, pupils(r))));
                if let Some((m, _, c)) = variation(pairs) {
                    mean[k] = Some(m);
                    cv[k] = Some(c);
                }
            }
            out.push(StageVariation {
                year,
                stage,
                mean,
                cv,
                limit,
                schools: in_stage.len(),
            });
        }
    }
    out
}
