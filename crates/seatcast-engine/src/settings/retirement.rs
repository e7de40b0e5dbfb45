//! When a teacher retires, under the gradual rise of the retirement age
//! decided by the NPC Standing Committee on 13 September 2024, in force from
//! 1 January 2025 (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定,
//! with its annex tables; docs/teachers.md):
//!
//! - men: 60, raised by one month for every four months, up to 36 months (63);
//! - women in professional and cadre posts (a teacher's 专任 post): 55,
//!   raised by one month for every four months, up to 36 months (58);
//! - women in worker posts (工勤): 50, raised by one month for every two
//!   months, up to 60 months (55).
//!
//! The rise counts from the month the old rule would have retired someone:
//! the first four (or two) months from January 2025 retire one month later,
//! the next four (or two) two months later, and so on to the cap. Who would
//! have retired before January 2025 keeps the old age.
//!
//! Every figure is a field of [`RetirementRule`], so a later rule is data.

use serde::{Deserialize, Serialize};

/// A calendar month: `year * 12 + (month - 1)`, so months subtract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month(pub i32);

impl Month {
    /// `month` is 1–12; None outside it.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12)
            .contains(&month)
            .then(|| Month(year * 12 + month as i32 - 1))
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// This month moved by `months` (back where negative).
    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year(), self.month())
    }
}

/// Which of the rule's three schedules applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RetirementGroup {
    /// Men, in any post.
    Men,
    /// Women in professional or cadre posts (teachers, 管理).
    WomenProfessional,
    /// Women in worker posts (工勤).
    WomenWorker,
}

/// One schedule: the old age, the rise, its cap.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// The age in whole years under the old rule.
    pub base_age: i32,
    /// One month more for every this many months from `start`.
    pub every_months: i32,
    /// The most months added.
    pub cap_months: i32,
}

/// The rule, every figure a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetirementRule {
    /// The first month whose retirements are delayed (January 2025).
    pub start: Month,
    /// Men's schedule (by default 60, one month more for every four, at most
    /// 36: 63).
    pub men: Schedule,
    /// Women's in professional or cadre posts (by default 55, one month more
    /// for every four, at most 36: 58).
    pub women_professional: Schedule,
    /// Women's in worker posts, 工勤 (by default 50, one month more for every
    /// two, at most 60: 55).
    pub women_worker: Schedule,
}

impl Default for RetirementRule {
    fn default() -> Self {
        RetirementRule {
            start: Month(2025 * 12),
            men: Schedule {
                base_age: 60,
                every_months: 4,
                cap_months: 36,
            },
            women_professional: Schedule {
                base_age: 55,
                every_months: 4,
                cap_months: 36,
            },
            women_worker: Schedule {
                base_age: 50,
                every_months: 2,
                cap_months: 60,
            },
        }
    }
}

impl RetirementRule {
    /// The schedule of a group.
    pub fn schedule(&self, group: RetirementGroup) -> Schedule {
        match group {
            RetirementGroup::Men => self.men,
            RetirementGroup::WomenProfessional => self.women_professional,
            RetirementGroup::WomenWorker => self.women_worker,
        }
    }

    /// The month someone born in `birth` retires.
    pub fn retires(&self, birth: Month, group: RetirementGroup) -> Month {
        let s = self.schedule(group);
        let old = birth.plus(s.base_age * 12);
        let since = old.0 - self.start.0;
        if since < 0 || s.every_months <= 0 {
            return old;
        }
        let delay = (since / s.every_months + 1).min(s.cap_months.max(0));
        old.plus(delay)
    }

    /// Whether someone retiring in `retires` still teaches in the school year
    /// that starts in the fall of `year`: they must retire after the fall
    /// census month (`census_month`, 1–12; September in the 教育事业统计).
    pub fn teaches_in(retires: Month, year: i32, census_month: u32) -> bool {
        Month::new(year, census_month.clamp(1, 12)).is_some_and(|census| retires > census)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).expect("a month")
    }

    /// Each case: birth month, group, retirement month and the age then,
    /// worked by hand from the decision's rule (and matching its annex
    /// tables at the rows checked).
    #[test]
    fn retirement_months_under_the_2025_rule_with_their_boundaries() {
        use RetirementGroup::*;
        let rule = RetirementRule::default();
        let cases = [
            // Men: 60 until December 2024, then one month per four.
            (m(1964, 12), Men, m(2024, 12)),
            (m(1965, 1), Men, m(2025, 2)), // 60 y 1 m
            (m(1965, 4), Men, m(2025, 5)), // still 1 month (4th month)
            (m(1965, 5), Men, m(2025, 7)), // 60 y 2 m
            (m(1976, 8), Men, m(2039, 7)), // 35 months: 62 y 11 m
            (m(1976, 9), Men, m(2039, 9)), // the cap: 63
            (m(1990, 3), Men, m(2053, 3)), // 63
            // Women in teaching posts: 55 → 58 on the same pace.
            (m(1969, 12), WomenProfessional, m(2024, 12)),
            (m(1970, 1), WomenProfessional, m(2025, 2)),
            (m(1981, 8), WomenProfessional, m(2039, 7)),
            (m(1981, 9), WomenProfessional, m(2039, 9)), // 58
            // Women in worker posts: 50 → 55, one month per two.
            (m(1974, 12), WomenWorker, m(2024, 12)),
            (m(1975, 1), WomenWorker, m(2025, 2)),
            (m(1975, 2), WomenWorker, m(2025, 3)), // still 1 month
            (m(1975, 3), WomenWorker, m(2025, 5)), // 2 months
            (m(1984, 10), WomenWorker, m(2039, 9)), // 59 months: 54 y 11 m
            (m(1984, 11), WomenWorker, m(2039, 11)), // the cap: 55
        ];
        for (birth, group, want) in cases {
            assert_eq!(rule.retires(birth, group), want, "born {birth}, {group:?}");
        }
    }

    #[test]
    fn a_teacher_retiring_in_the_census_month_is_gone_that_fall() {
        // September census: retiring in September 2030 leaves before the
        // 2030 school year; October 2030 still counts for it.
        assert!(!RetirementRule::teaches_in(m(2030, 9), 2030, 9));
        assert!(RetirementRule::teaches_in(m(2030, 10), 2030, 9));
        assert!(!RetirementRule::teaches_in(m(2030, 10), 2031, 9));
        assert!(RetirementRule::teaches_in(m(2031, 1), 2030, 9));
    }

    #[test]
    fn months_count_across_years() {
        assert_eq!(m(2025, 1).plus(-1), m(2024, 12));
        assert_eq!(m(2024, 12).plus(13), m(2026, 1));
        assert_eq!(m(1976, 9).to_string(), "1976-09");
        assert_eq!(Month::new(2025, 13), None);
        assert_eq!(Month::new(2025, 0), None);
    }
}
