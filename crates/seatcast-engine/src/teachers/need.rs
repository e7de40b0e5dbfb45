//! Teachers a school needs in one year, two ways (docs/teachers.md):
//!
//! - **by the norm (编制):** pupils of each stage over its students-per-staff
//!   figure; a small rural school gets at least classes × the class-teacher
//!   ratio;
//! - **by the periods its classes require:** for each subject, Σ over grades
//!   of classes × weekly periods ÷ a teacher's weekly load; head teachers add
//!   their duty (half a load per class).

use super::norms::Norms;
use crate::grades::{Grade, GradeSystem, Level};
use crate::model::Locale;

/// One grade of one school in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradeCount {
    /// Which grade.
    pub grade: Grade,
    /// Its pupils that year.
    pub pupils: f64,
    /// Its classes: ceil(pupils ÷ the standard class size).
    pub classes: f64,
}

/// Staff by the norm: what each part of the figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NormNeed {
    /// Σ pupils / students-per-staff, over primary, junior and senior.
    pub by_pupils: f64,
    /// classes × class-teacher ratio, where the small-school rule applies.
    pub by_classes: Option<f64>,
    /// The boarding uplift: boarders / 100 × the staff per 100 boarders.
    pub by_boarders: f64,
    /// The larger of the first two where the rule applies, else
    /// `by_pupils`; then the boarding uplift on top.
    pub staff: f64,
}

/// The 编制 a school needs. Kindergarten pupils are outside the 2014 norm
/// and are not counted. The small-school rule applies to schools not known
/// to be urban or town with fewer pupils (in the stages counted) than the
/// threshold. `boarders` are the school's boarding pupils that year.
pub fn norm_need(
    counts: &[GradeCount],
    system: GradeSystem,
    locale: Option<Locale>,
    boarders: f64,
    norms: &Norms,
) -> NormNeed {
    let n = &norms.staffing;
    let mut by_pupils = 0.0;
    let mut pupils = 0.0;
    let mut classes = 0.0;
    for c in counts {
        let ratio = match system.stage_of(c.grade) {
            Level::Primary => n.primary.value,
            Level::Junior => n.junior.value,
            Level::Senior => n.senior.value,
            _ => continue,
        };
        if ratio > 0.0 {
            by_pupils += c.pupils.max(0.0) / ratio;
        }
        pupils += c.pupils.max(0.0);
        classes += c.classes.max(0.0);
    }
    let small = !matches!(locale, Some(Locale::Urban | Locale::Town))
        && pupils > 0.0
        && pupils < n.small_school_pupils.value;
    let by_classes = small.then_some(classes * n.class_teacher_ratio.value);
    let by_boarders = boarders.max(0.0) / 100.0 * n.boarding_per_100.value.max(0.0);
    NormNeed {
        by_pupils,
        by_classes,
        by_boarders,
        staff: by_classes.map_or(by_pupils, |c| c.max(by_pupils)) + by_boarders,
    }
}

/// Teachers by subject (in the curriculum's order) and head teachers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeriodNeed {
    /// Teachers each subject's periods require (classes × periods a week ÷ a
    /// teacher's weekly load), in the curriculum's order.
    pub by_subject: Vec<f64>,
    /// Head teachers' duty (班主任): half a load per class, in teachers.
    pub head_teachers: f64,
}

impl PeriodNeed {
    /// Every subject's teachers and the head teachers' duty, in teachers.
    pub fn total(&self) -> f64 {
        self.by_subject.iter().sum::<f64>() + self.head_teachers
    }
}

/// Teachers the classes of grades 1–9 require: the compulsory grades, which
/// the curriculum plan covers (senior and kindergarten classes are not).
/// `periods` is [`Curriculum::periods`](super::norms::Curriculum::periods),
/// worked out once for every school-year.
pub fn period_need(
    counts: &[GradeCount],
    system: GradeSystem,
    norms: &Norms,
    periods: &[[f64; 9]],
) -> PeriodNeed {
    let curriculum = &norms.curriculum;
    let mut by_subject = vec![0.0; curriculum.subjects.len()];
    let mut classes_total = 0.0;
    for c in counts {
        let g = c.grade.0;
        if !(1..=9).contains(&g) {
            continue;
        }
        let classes = c.classes.max(0.0);
        classes_total += classes;
        let junior = system.stage_of(c.grade) == Level::Junior;
        for (s, subject) in curriculum.subjects.iter().enumerate() {
            let load = if junior {
                subject.load_junior
            } else {
                subject.load_primary
            };
            let per_week = periods.get(s).map_or(0.0, |row| row[(g - 1) as usize]);
            if load > 0.0 {
                by_subject[s] += classes * per_week / load;
            }
        }
    }
    PeriodNeed {
        by_subject,
        head_teachers: classes_total * norms.head_teacher_load.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(grade: i8, pupils: f64, classes: f64) -> GradeCount {
        GradeCount {
            grade: Grade(grade),
            pupils,
            classes,
        }
    }

    #[test]
    fn the_norm_counts_each_stage_at_its_own_ratio() {
        let norms = Norms::default();
        // A nine-year town school: 570 primary pupils (6 grades of 95) and
        // 405 junior pupils (3 of 135): 570/19 + 405/13.5 = 30 + 30 = 60.
        let mut counts: Vec<_> = (1..=6).map(|g| count(g, 95.0, 2.0)).collect();
        counts.extend((7..=9).map(|g| count(g, 135.0, 3.0)));
        let need = norm_need(
            &counts,
            GradeSystem::SixThreeThree,
            Some(Locale::Town),
            0.0,
            &norms,
        );
        assert!((need.by_pupils - 60.0).abs() < 1e-9);
        assert_eq!(need.by_classes, None);
        assert!((need.staff - 60.0).abs() < 1e-9);
        // Senior pupils at 12.5: 250 of them are 20 staff.
        let senior = [count(10, 125.0, 3.0), count(11, 125.0, 3.0)];
        let need = norm_need(&senior, GradeSystem::SixThreeThree, None, 0.0, &norms);
        assert!((need.by_pupils - 20.0).abs() < 1e-9);
        // Kindergarten pupils are outside the norm.
        let kg = [count(-1, 60.0, 2.0), count(0, 60.0, 2.0)];
        assert_eq!(
            norm_need(&kg, GradeSystem::SixThreeThree, None, 0.0, &norms).staff,
            0.0
        );
    }

    #[test]
    fn a_small_village_school_is_staffed_by_its_classes() {
        let norms = Norms::default();
        // A 村小 with 6 classes of 9 pupils: 54/19 = 2.84 by pupils, but
        // 6 × 1.7 = 10.2 by classes, and the larger stands.
        let counts: Vec<_> = (1..=6).map(|g| count(g, 9.0, 1.0)).collect();
        let need = norm_need(
            &counts,
            GradeSystem::SixThreeThree,
            Some(Locale::Rural),
            0.0,
            &norms,
        );
        assert!((need.by_pupils - 54.0 / 19.0).abs() < 1e-9);
        assert!((need.by_classes.unwrap_or(0.0) - 10.2).abs() < 1e-9);
        assert!((need.staff - 10.2).abs() < 1e-9);
        // The same school in the county town: the pupils' figure alone.
        let need = norm_need(
            &counts,
            GradeSystem::SixThreeThree,
            Some(Locale::Urban),
            0.0,
            &norms,
        );
        assert!((need.staff - 54.0 / 19.0).abs() < 1e-9);
        // At the threshold (100 pupils) the rule no longer applies.
        let counts: Vec<_> = (1..=5).map(|g| count(g, 20.0, 1.0)).collect();
        let need = norm_need(
            &counts,
            GradeSystem::SixThreeThree,
            Some(Locale::Rural),
            0.0,
            &norms,
        );
        assert_eq!(need.by_classes, None);
    }

    #[test]
    fn boarders_add_their_staff_on_top() {
        let norms = Norms::default();
        // A town junior school of 3 grades of 135 (30 by the norm) with 250
        // boarders: 250 / 100 × 1 = 2.5 more, 32.5 in all.
        let counts: Vec<_> = (7..=9).map(|g| count(g, 135.0, 3.0)).collect();
        let need = norm_need(
            &counts,
            GradeSystem::SixThreeThree,
            Some(Locale::Town),
            250.0,
            &norms,
        );
        assert!((need.by_boarders - 2.5).abs() < 1e-9);
        assert!((need.staff - 32.5).abs() < 1e-9);
    }

    #[test]
    fn periods_give_teachers_by_subject_and_head_teachers_half_a_load() {
        let norms = Norms::default();
        let periods = norms.curriculum.periods();
        // Two classes of grade 1 and one of grade 7.
        let counts = [count(1, 80.0, 2.0), count(7, 50.0, 1.0)];
        let need = period_need(&counts, GradeSystem::SixThreeThree, &norms, &periods);
        // Chinese (index 1): 2 × p(1) / 15 + 1 × p(7) / 11.
        let chinese = 2.0 * periods[1][0] / 15.0 + periods[1][6] / 11.0;
        assert!((need.by_subject[1] - chinese).abs() < 1e-9);
        // No foreign language in grade 1: only the grade-7 class needs it.
        assert!((need.by_subject[3] - periods[3][6] / 11.0).abs() < 1e-9);
        // Three classes, half a load each.
        assert!((need.head_teachers - 1.5).abs() < 1e-9);
        // All of a grade-1 class's 26 periods are taught at primary loads
        // (15 for Chinese and maths, 18 for the rest), so one class alone
        // needs between 26/18 and 26/15 teachers, plus half a head teacher.
        let one = period_need(
            &[count(1, 40.0, 1.0)],
            GradeSystem::SixThreeThree,
            &norms,
            &periods,
        );
        let teaching = one.total() - 0.5;
        assert!(
            teaching > 26.0 / 18.0 && teaching < 26.0 / 15.0,
            "{teaching}"
        );
    }
}
