//! The headline sentences that depend on what is known of capacity: a
//! level with no school's capacity known has no shortfall to speak of, and
//! a level with some known speaks for those schools alone.

use crate::engine::outcome::LevelPeak;
use crate::i18n::Lang;

/// In place of a shortfall, where none of the level's schools has a
/// capacity (no classrooms, no approved seats): unknown, never "none".
pub fn capacity_unknown(lp: &LevelPeak, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "容量未知，无法判断缺口（{} 所学校均无教室数或核定学位）",
            lp.schools
        ),
        Lang::En => format!(
            "capacity unknown: no shortfall can be judged (none of its {} schools has classrooms or approved seats)",
            lp.schools
        ),
    }
}

/// Appended where capacity is known for some of the level's schools only
/// (empty where it is known for all, or for none).
pub fn capacity_coverage(lp: &LevelPeak, lang: Lang) -> String {
    if lp.with_capacity >= lp.schools || lp.with_capacity == 0 {
        return String::new();
    }
    match lang {
        Lang::Zh => format!(
            "（仅含容量已知的 {} / {} 所学校）",
            lp.with_capacity, lp.schools
        ),
        Lang::En => format!(
            " (for the {} of {} schools whose capacity is known)",
            lp.with_capacity, lp.schools
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grades::Level;

    fn peak(schools: usize, with_capacity: usize) -> LevelPeak {
        LevelPeak {
            level: Level::Primary,
            shortfall: 0.0,
            year: 2030,
            demand: 100.0,
            capacity: 0.0,
            schools,
            with_capacity,
        }
    }

    #[test]
    fn unknown_and_partial_capacity_are_said() {
        assert!(peak(328, 0).capacity_unknown());
        assert_eq!(
            capacity_unknown(&peak(328, 0), Lang::Zh),
            "容量未知，无法判断缺口（328 所学校均无教室数或核定学位）"
        );
        assert_eq!(capacity_coverage(&peak(10, 10), Lang::En), "");
        assert_eq!(
            capacity_coverage(&peak(10, 7), Lang::En),
            " (for the 7 of 10 schools whose capacity is known)"
        );
    }
}
