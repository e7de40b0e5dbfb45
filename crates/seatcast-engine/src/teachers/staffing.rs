//! Teachers over the horizon (docs/teachers.md): for each school and year
//! from the base year on, the need (by the norm, by the periods its
//! projected classes require), the staff present after retirements, and
//! the surplus or shortage; for the county, total against structural
//! shortage and the recruitment each subject needs each year.
//!
//! The roster is a snapshot at the base year. The plan's merges carry a
//! closing school's staff to its receivers in the same shares as its
//! pupils; a school the plan opens starts with none, so its posts are
//! shortages to recruit for.

use super::need::{GradeCount, NormNeed, PeriodNeed, norm_need, period_need};
use super::norms::Norms;
use super::retirement::{Month, RetirementGroup, RetirementRule};
use crate::Outcome;
use crate::method::observed::{GRADE_SLOTS, grade_of_slot};
use crate::model::{Establishment, Post, Qualification, Sex, Teacher};
use crate::outcome::{RowKind, Standards};
use crate::scenario::TeacherOptions;

/// One school in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolStaffing {
    /// The school's index in the dataset.
    pub school: usize,
    /// The fall of the school-year.
    pub year: i32,
    /// Staff it needs by the norm (编制).
    pub norm: NormNeed,
    /// Teachers its classes' periods require, by subject, and head teachers.
    pub periods: PeriodNeed,
    /// Staff on the establishment (在编, every post) still there.
    pub on_establishment: f64,
    /// Teaching staff (专任, any status) still there, by subject in the
    /// curriculum's order.
    pub teachers: Vec<f64>,
    /// Teaching staff whose subject is not one of the curriculum's.
    pub teachers_unplaced: f64,
    /// Teaching staff above the qualification their school requires
    /// (docs/compliance.md), 骨干 of county level or above, and teaching PE
    /// or art: what the 优质均衡 indicators count.
    pub above_qualification: f64,
    /// Of its teaching staff, 骨干 of county level or above (with those the plan trains).
    pub backbone: f64,
    /// Of its teaching staff, those teaching PE or art (with those the plan recruits).
    pub pe_arts: f64,
}

impl SchoolStaffing {
    /// 编制 over (+) or under (−) the norm.
    pub fn establishment_balance(&self) -> f64 {
        self.on_establishment - self.norm.staff
    }

    /// Teachers present minus needed, by subject (+ surplus, − shortage).
    pub fn subject_balance(&self) -> Vec<f64> {
        self.teachers
            .iter()
            .zip(&self.periods.by_subject)
            .map(|(have, need)| have - need)
            .collect()
    }
}

/// The county in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyStaffing {
    /// The fall of the school-year.
    pub year: i32,
    /// Staff the norm requires (编制), summed over the schools.
    pub norm_staff: f64,
    /// Staff on the establishment (在编) present, summed over the schools.
    pub on_establishment: f64,
    /// Teachers each subject's periods require, summed over the schools.
    pub need_by_subject: Vec<f64>,
    /// Teaching staff present in each subject, summed over the schools.
    pub teachers_by_subject: Vec<f64>,
    /// Σ over schools of each subject's shortage where a school is short:
    /// the posts to fill by moving or recruiting.
    pub short_at_schools: Vec<f64>,
    /// Σ over schools of each subject's surplus.
    pub over_at_schools: Vec<f64>,
    /// Teachers to recruit this year in each subject, if every earlier
    /// year's recruits stay and the county places them where needed: the
    /// rise, since the years before, of the county's own shortage.
    pub recruit: Vec<f64>,
    /// The scenario's planned recruits by this year, by subject (every
    /// year's so far): each year's are placed in the subjects still short,
    /// in proportion to their shortage, and never beyond it.
    pub hired: Vec<f64>,
}

impl CountyStaffing {
    /// 总量超编: staff on the establishment above the norm.
    pub fn total_surplus(&self) -> f64 {
        (self.on_establishment - self.norm_staff).max(0.0)
    }

    /// 结构性缺编: the subjects' shortages at the county level, summed.
    pub fn structural_shortage(&self) -> f64 {
        self.need_by_subject
            .iter()
            .zip(&self.teachers_by_subject)
            .map(|(need, have)| (need - have).max(0.0))
            .sum()
    }

    /// The county's shortage left once the planned recruits are in post.
    pub fn shortage_after_hiring(&self) -> f64 {
        (0..self.need_by_subject.len())
            .map(|j| {
                let have = self.teachers_by_subject[j] + self.hired.get(j).copied().unwrap_or(0.0);
                (self.need_by_subject[j] - have).max(0.0)
            })
            .sum()
    }

    /// Staff on the establishment with the planned recruits (hired on it).
    pub fn establishment_with_hires(&self) -> f64 {
        self.on_establishment + self.hired.iter().sum::<f64>()
    }
}

/// The teachers over the horizon: every school-year from the base year on,
/// and the county's sums.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Staffing {
    /// The curriculum subjects' keys, the order of every by-subject vector.
    pub subjects: Vec<String>,
    /// Whether the roster gives any teacher's qualification (else the
    /// qualification indicator is unknown).
    pub qualification_known: bool,
    /// Staff on the roster already past their retirement date in the base
    /// year's fall: counted there, gone the year after.
    pub past_retirement: usize,
    /// Every school-year from the base year on, by year, then school.
    pub schools: Vec<SchoolStaffing>,
    /// The county, year by year from the base year.
    pub county: Vec<CountyStaffing>,
}

/// Which schedule of the retirement rule a member of staff is on: women in
/// worker posts on the age-50 one, other women on the age-55 one.
fn group(t: &Teacher) -> Option<RetirementGroup> {
    match (t.sex?, t.post) {
        (Sex::Male, _) => Some(RetirementGroup::Men),
        (Sex::Female, Post::Worker) => Some(RetirementGroup::WomenWorker),
        (Sex::Female, _) => Some(RetirementGroup::WomenProfessional),
    }
}

/// The month a member of staff retires; None when the roster lacks the
/// sex or the birth date (they are then counted as staying).
pub fn retires(t: &Teacher, rule: &RetirementRule) -> Option<Month> {
    let (y, m) = t.birth?;
    Some(rule.retires(Month::new(y, m)?, group(t)?))
}

/// Where each school's base-year staff is in each later year: the plan's
/// merges applied in order. `at[school]` lists (school now, share).
fn whereabouts(
    n: usize,
    moves: &[crate::method::resolved::Move],
    year: i32,
) -> Vec<Vec<(usize, f64)>> {
    let mut at: Vec<Vec<(usize, f64)>> = (0..n).map(|s| vec![(s, 1.0)]).collect();
    // A downgrade's school stays open, and its staff with it.
    let mut ordered: Vec<_> = moves
        .iter()
        .filter(|m| m.closes && m.year <= year)
        .collect();
    ordered.sort_by_key(|m| m.year);
    for m in ordered {
        let total: f64 = m.to.iter().map(|(_, share)| share.max(0.0)).sum();
        if total <= 0.0 {
            continue;
        }
        for places in &mut at {
            let mut next = Vec::with_capacity(places.len() + m.to.len());
            for &(school, share) in places.iter() {
                if school == m.school {
                    next.extend(
                        m.to.iter()
                            .filter(|(to, _)| *to < n)
                            .map(|&(to, s)| (to, share * s.max(0.0) / total)),
                    );
                } else {
                    next.push((school, share));
                }
            }
            *places = next;
        }
    }
    at
}

/// A shared subject's need is met first by the time teachers have to spare
/// in the other subjects (their surplus, taken from each in proportion);
/// what is moved counts as teachers of the shared subject. The school's
/// teachers in all stay the same.
fn cover_shared(have: &mut [f64], need: &[f64], shared: &[bool]) {
    let is_shared = |j: usize| shared.get(j).copied().unwrap_or(false);
    for s in (0..have.len()).filter(|&j| is_shared(j)) {
        let unmet = (need.get(s).copied().unwrap_or(0.0) - have[s]).max(0.0);
        let spare: Vec<f64> = (0..have.len())
            .map(|j| {
                if is_shared(j) {
                    0.0
                } else {
                    (have[j] - need.get(j).copied().unwrap_or(0.0)).max(0.0)
                }
            })
            .collect();
        let total: f64 = spare.iter().sum();
        let cover = unmet.min(total);
        if cover <= 0.0 {
            continue;
        }
        for (j, sp) in spare.iter().enumerate() {
            have[j] -= cover * sp / total;
        }
        have[s] += cover;
    }
}

/// The teachers' figures of an outcome, under its scenario's norms and
/// teacher options; None when the data has no staff roster.
pub fn of_outcome(outcome: &Outcome) -> Option<Staffing> {
    let teachers = &outcome.dataset.teachers;
    if teachers.is_empty() {
        return None;
    }
    let options = &outcome.scenario.teachers;
    Some(staffing_with(outcome, teachers, options.norms(), options))
}

/// Teachers over the horizon for the outcome's schools and years from the
/// base year on, with retirements and no planned recruits. `teachers` is
/// the roster at the base year.
pub fn staffing(outcome: &Outcome, teachers: &[Teacher], norms: &Norms) -> Staffing {
    staffing_with(outcome, teachers, norms, &TeacherOptions::default())
}

/// [`staffing`] under the planner's options: retirements on or off, and
/// the recruits planned each year. Year by year: the staff present at each
/// school, each school's need against them, and the county's sums with
/// the recruits.
pub fn staffing_with(
    outcome: &Outcome,
    teachers: &[Teacher],
    norms: &Norms,
    options: &TeacherOptions,
) -> Staffing {
    let p = &outcome.projection;
    let cx = Cx::new(outcome, teachers, norms, options);
    let years: Vec<i32> = (p.base_year..=p.base_year + p.horizon as i32).collect();
    let mut rows_of_year: std::collections::BTreeMap<i32, Vec<&crate::outcome::SchoolYear>> =
        std::collections::BTreeMap::new();
    for row in outcome.rows.iter().filter(|r| r.year >= p.base_year) {
        rows_of_year.entry(row.year).or_default().push(row);
    }
    let mut schools = Vec::new();
    let mut county = Vec::new();
    let mut worst_shortage = vec![0.0_f64; cx.k];
    let mut hired = vec![0.0_f64; cx.k];
    // Each school's pupils in the base year: its boarders later are the
    // same share of its pupils.
    let mut base_pupils = vec![0.0_f64; cx.n];
    for &year in &years {
        let present = cx.present(year);
        let mut c = CountyStaffing {
            year,
            norm_staff: 0.0,
            on_establishment: 0.0,
            need_by_subject: vec![0.0; cx.k],
            teachers_by_subject: vec![0.0; cx.k],
            short_at_schools: vec![0.0; cx.k],
            over_at_schools: vec![0.0; cx.k],
            recruit: vec![0.0; cx.k],
            hired: Vec::new(),
        };
        let rows = rows_of_year.get(&year).map_or(&[][..], Vec::as_slice);
        let mut listed = vec![false; cx.n];
        for row in rows {
            if let Some(l) = listed.get_mut(row.school) {
                *l = true;
            }
            let s = cx.school_year(row, &present, &mut base_pupils);
            c.add_school(&s);
            schools.push(s);
        }
        // Staff at schools without a row this year (closed, no pupils) still
        // count for the county's establishment and subjects.
        for school in (0..cx.n).filter(|&s| !listed[s]) {
            c.on_establishment += present.on_establishment[school];
            for (j, have) in present.by_subject[school].iter().enumerate() {
                c.teachers_by_subject[j] += have;
                c.over_at_schools[j] += have;
            }
        }
        c.recruit_and_hire(&mut worst_shortage, &mut hired, year > p.base_year, options);
        county.push(c);
    }
    let past_retirement = cx
        .retire_at
        .iter()
        .filter(|r| {
            r.is_some_and(|r| !RetirementRule::teaches_in(r, p.base_year, norms.census_month))
        })
        .count();
    let qualification_known = teachers.iter().any(|t| t.qualification.is_some());
    Staffing {
        subjects: cx.subjects,
        qualification_known,
        past_retirement,
        schools,
        county,
    }
}

/// What every year of the staffing reads: the outcome, the roster, the
/// norms and options, and what is worked out of them once.
struct Cx<'a> {
    outcome: &'a Outcome,
    teachers: &'a [Teacher],
    norms: &'a Norms,
    options: &'a TeacherOptions,
    n: usize,
    subjects: Vec<String>,
    k: usize,
    pe: usize,
    arts: usize,
    standards: Standards,
    periods: Vec<[f64; 9]>,
    shared: Vec<bool>,
    retire_at: Vec<Option<Month>>,
    subject_of: Vec<Option<usize>>,
}

/// The staff present in a year, by the school they are at: on the
/// establishment, teaching by subject, teaching with no subject known, and
/// the teaching staff with a 专科 only, with 本科 or more, 骨干, PE or art.
struct Present {
    on_establishment: Vec<f64>,
    by_subject: Vec<Vec<f64>>,
    unplaced: Vec<f64>,
    kinds: Vec<[f64; 5]>,
}

impl<'a> Cx<'a> {
    fn new(
        outcome: &'a Outcome,
        teachers: &'a [Teacher],
        norms: &'a Norms,
        options: &'a TeacherOptions,
    ) -> Cx<'a> {
        let d = &outcome.dataset;
        let subjects: Vec<String> = norms
            .curriculum
            .subjects
            .iter()
            .map(|s| s.key.clone())
            .collect();
        let subject_index =
            |key: &str| subjects.iter().position(|s| s == key).unwrap_or(usize::MAX);
        let (pe, arts) = (subject_index("pe"), subject_index("arts"));
        let subject_of = teachers
            .iter()
            .map(|t| {
                t.subject
                    .as_ref()
                    .and_then(|s| subjects.iter().position(|k| k == s))
            })
            .collect();
        Cx {
            outcome,
            teachers,
            norms,
            options,
            n: d.schools.len(),
            k: subjects.len(),
            pe,
            arts,
            standards: Standards::new(d, &outcome.scenario.class_sizes),
            periods: norms.curriculum.periods(),
            shared: norms.curriculum.subjects.iter().map(|s| s.shared).collect(),
            retire_at: teachers
                .iter()
                .map(|t| retires(t, &norms.retirement))
                .collect(),
            subject_of,
            subjects,
        }
    }

    /// The staff present in `year`, by the school they are at.
    fn present(&self, year: i32) -> Present {
        let (n, k) = (self.n, self.k);
        let base_year = self.outcome.projection.base_year;
        let at = whereabouts(n, &self.outcome.plan.moves, year);
        let mut p = Present {
            on_establishment: vec![0.0; n],
            by_subject: vec![vec![0.0; k]; n],
            unplaced: vec![0.0; n],
            kinds: vec![[0.0_f64; 5]; n],
        };
        for (i, t) in self.teachers.iter().enumerate() {
            // The base year is the roster as it is: staff past their date
            // (返聘, or not yet taken off) are there, and leave the year after.
            let retired = self.options.retirements
                && year > base_year
                && self.retire_at[i]
                    .is_some_and(|r| !RetirementRule::teaches_in(r, year, self.norms.census_month));
            if t.school >= n || retired {
                continue;
            }
            for &(school, share) in &at[t.school] {
                if t.establishment == Establishment::OnEstablishment {
                    p.on_establishment[school] += share;
                }
                if t.post != Post::Teaching {
                    continue;
                }
                match self.subject_of[i] {
                    Some(s) => p.by_subject[school][s] += share,
                    None => p.unplaced[school] += share,
                }
                let tally = &mut p.kinds[school];
                match t.qualification {
                    Some(Qualification::Associate) => tally[0] += share,
                    Some(q) if q >= Qualification::Bachelor => tally[1] += share,
                    _ => {}
                }
                if t.backbone {
                    tally[2] += share;
                }
                if self.subject_of[i].is_some_and(|s| s == self.pe || s == self.arts) {
                    tally[3] += share;
                }
            }
        }
        p
    }

    /// One school in one year: its grades' need, by the norm and by the
    /// periods, against the staff present and the plan's added resources.
    fn school_year(
        &self,
        row: &crate::outcome::SchoolYear,
        present: &Present,
        base_pupils: &mut [f64],
    ) -> SchoolStaffing {
        let (d, p) = (&self.outcome.dataset, &self.outcome.projection);
        let (year, school) = (row.year, row.school);
        let h = (year - p.base_year) as usize;
        let grades: [f64; GRADE_SLOTS] = match row.kind {
            RowKind::Observed => self.outcome.observed.grades(school, year),
            RowKind::Projected => {
                let mut g = [0.0; GRADE_SLOTS];
                g.copy_from_slice(p.grades(school, h));
                g
            }
        };
        let counts: Vec<GradeCount> = grades
            .iter()
            .enumerate()
            .filter(|(_, pupils)| **pupils > 0.0)
            .map(|(slot, &pupils)| GradeCount {
                grade: grade_of_slot(slot),
                pupils,
                classes: (pupils / self.standards.sizes[slot]).ceil(),
            })
            .collect();
        let pupils: f64 = counts.iter().map(|c| c.pupils).sum();
        if year == p.base_year
            && let Some(b) = base_pupils.get_mut(school)
        {
            *b = pupils;
        }
        let boarders = match (d.schools[school].boarders, base_pupils.get(school)) {
            (Some(b), Some(&base)) if base > 0.0 => (b * pupils / base).min(pupils),
            _ => 0.0,
        };
        let need = period_need(&counts, d.grade_system, self.norms, &self.periods);
        let (mut have, tally) = self.with_resources(school, year, present);
        cover_shared(&mut have, &need.by_subject, &self.shared);
        let primary_share = primary_share(&counts, d.grade_system);
        SchoolStaffing {
            school,
            year,
            norm: norm_need(
                &counts,
                d.grade_system,
                d.schools[school].locale,
                boarders,
                self.norms,
            ),
            periods: need,
            on_establishment: present.on_establishment.get(school).copied().unwrap_or(0.0),
            teachers: have,
            teachers_unplaced: present.unplaced.get(school).copied().unwrap_or(0.0),
            // A 专科 is above what a primary class requires (中师), not a
            // junior one (专科): it counts for the school's primary share.
            above_qualification: tally[1] + tally[0] * primary_share,
            backbone: tally[2],
            pe_arts: tally[3],
        }
    }

    /// A school's teachers by subject and its tally of kinds, with the
    /// plan's added resources by `year`: PE and art teachers recruited,
    /// teachers brought above the qualification or trained as 骨干.
    fn with_resources(&self, school: usize, year: i32, present: &Present) -> (Vec<f64>, [f64; 5]) {
        let mut have = present
            .by_subject
            .get(school)
            .cloned()
            .unwrap_or_else(|| vec![0.0; self.k]);
        let mut tally = present.kinds.get(school).copied().unwrap_or_default();
        for r in self
            .outcome
            .plan
            .resources
            .iter()
            .filter(|r| r.school == school && r.year <= year)
        {
            if let Some(h) = have.get_mut(self.pe) {
                *h += r.pe_teachers;
            }
            if let Some(h) = have.get_mut(self.arts) {
                *h += r.arts_teachers;
            }
            tally[1] += r.qualification_upgrades;
            tally[2] += r.backbone_trained;
            tally[3] += r.pe_teachers + r.arts_teachers;
        }
        (have, tally)
    }
}

/// The primary grades' share of a school's compulsory pupils (1 where it
/// has none).
fn primary_share(counts: &[GradeCount], system: crate::grades::GradeSystem) -> f64 {
    let compulsory = |c: &&GradeCount| (1..=9).contains(&c.grade.0);
    let all: f64 = counts.iter().filter(compulsory).map(|c| c.pupils).sum();
    let primary: f64 = counts
        .iter()
        .filter(compulsory)
        .filter(|c| system.stage_of(c.grade) == crate::grades::Level::Primary)
        .map(|c| c.pupils)
        .sum();
    if all > 0.0 { primary / all } else { 1.0 }
}

impl CountyStaffing {
    /// A school's year into the county's sums.
    fn add_school(&mut self, s: &SchoolStaffing) {
        self.norm_staff += s.norm.staff;
        self.on_establishment += s.on_establishment;
        for (j, balance) in s.subject_balance().into_iter().enumerate() {
            self.need_by_subject[j] += s.periods.by_subject[j];
            self.teachers_by_subject[j] += s.teachers[j];
            if balance < 0.0 {
                self.short_at_schools[j] -= balance;
            } else {
                self.over_at_schools[j] += balance;
            }
        }
    }

    /// The recruits this year's shortage calls for beyond the worst so
    /// far, and the planned recruits hired (after the base year), placed
    /// in the subjects short in proportion, never beyond the shortage.
    fn recruit_and_hire(
        &mut self,
        worst_shortage: &mut [f64],
        hired: &mut [f64],
        after_base: bool,
        options: &TeacherOptions,
    ) {
        for (j, worst) in worst_shortage.iter_mut().enumerate() {
            let short = (self.need_by_subject[j] - self.teachers_by_subject[j]).max(0.0);
            self.recruit[j] = (short - *worst).max(0.0);
            *worst = worst.max(short);
        }
        if after_base && options.recruit_per_year > 0.0 {
            let short: Vec<f64> = (0..hired.len())
                .map(|j| {
                    (self.need_by_subject[j] - self.teachers_by_subject[j] - hired[j]).max(0.0)
                })
                .collect();
            let total: f64 = short.iter().sum();
            let hire = options.recruit_per_year.min(total);
            if hire > 0.0 {
                for (h, s) in hired.iter_mut().zip(&short) {
                    *h += hire * s / total;
                }
            }
        }
        self.hired = hired.to_vec();
    }
}

#[cfg(test)]
mod tests {
    use super::cover_shared;

    #[test]
    fn a_shared_subject_is_taught_from_the_others_spare_time() {
        // Chinese 5 teachers for a need of 3 (2 spare), maths 2 for 1.5
        // (0.5 spare), practice needs 1.5 and has none: 1.5 of the 2.5 spare
        // move, 1.2 from Chinese and 0.3 from maths.
        let mut have = [5.0, 2.0, 0.0];
        cover_shared(&mut have, &[3.0, 1.5, 1.5], &[false, false, true]);
        let want = [3.8, 1.7, 1.5];
        for (h, w) in have.iter().zip(want) {
            assert!((h - w).abs() < 1e-9, "{have:?}");
        }
        // With less spare than the need, all of it moves and the rest is short.
        let mut have = [3.5, 1.0, 0.0];
        cover_shared(&mut have, &[3.0, 1.5, 1.5], &[false, false, true]);
        assert!(
            (have[2] - 0.5).abs() < 1e-9 && (have[0] - 3.0).abs() < 1e-9,
            "{have:?}"
        );
        assert!(
            (have[1] - 1.0).abs() < 1e-9,
            "a subject already short gives nothing"
        );
    }
}
