//! A closing or downgraded school's receivers as the plan carries them out
//! (issue 38): for each level's grades at most two receivers, each taking
//! whole grades, the nearer the lower grades (the youngest travel least).
//! The model's shares are continuous; on the real counties and the sample
//! every closure sends each level to one school, so this changes nothing
//! there, and where a solve splits a level three ways or by fractions the
//! plan carried out (and costed by the engine) is this one.

use super::decisions::Sent;
use crate::Outcome;
use crate::grades::{GradeSpan, GradeSystem, Level};
use crate::plan::planner::school_ref;
use crate::settings::actions::Receiver;

/// The receivers of a school's grades in `moving` (its whole span for a
/// closure, grades 4–6 for a downgrade), from the model's `to`.
pub(super) fn whole_grades(o: &Outcome, to: &[Sent], moving: GradeSpan) -> Vec<Receiver> {
    let named: Vec<Taker> = to
        .iter()
        .map(|s| Taker {
            name: match (s.school, &s.new_school) {
                (Some(j), _) => school_ref(o, j),
                (None, Some(n)) => n.clone(),
                (None, None) => String::new(),
            },
            by_level: s.by_level,
            minutes: s.minutes,
        })
        .collect();
    let runs = runs(o.dataset.grade_system, moving, &named);
    // One receiver for every grade: a plain merge.
    if let Some(first) = runs.first()
        && runs.iter().all(|r| r.0 == first.0)
    {
        return vec![Receiver {
            school: first.0.clone(),
            share: 1.0,
            grades: None,
        }];
    }
    runs.into_iter()
        .map(|(school, lo, hi)| Receiver {
            school,
            share: 1.0,
            grades: Some([lo, hi]),
        })
        .collect()
}

/// A receiver as the split reads it: its name, pupils by level (primary,
/// junior) and minutes away.
struct Taker {
    name: String,
    by_level: [f64; 2],
    minutes: f64,
}

/// (receiver, lowest grade, highest grade) in grade order: per level, the
/// two that take the most, the nearer the lower grades in proportion to
/// what it takes (at least one grade each); grades beyond the levels
/// planned (a kindergarten class, a senior grade) go with the nearest run.
fn runs(system: GradeSystem, moving: GradeSpan, to: &[Taker]) -> Vec<(String, i8, i8)> {
    let mut runs: Vec<(String, i8, i8)> = Vec::new();
    for (l, level) in [Level::Primary, Level::Junior].into_iter().enumerate() {
        let span = system.span_of(level);
        let (lo, hi) = (span.lo.0.max(moving.lo.0), span.hi.0.min(moving.hi.0));
        if lo > hi {
            continue;
        }
        let mut rs: Vec<&Taker> = to.iter().filter(|s| s.by_level[l] > 1e-9).collect();
        rs.sort_by(|a, b| b.by_level[l].total_cmp(&a.by_level[l]));
        rs.truncate(2);
        rs.sort_by(|a, b| a.minutes.total_cmp(&b.minutes));
        match rs.as_slice() {
            [] => {}
            [one] => runs.push((one.name.clone(), lo, hi)),
            [near, far, ..] => {
                let n = hi - lo + 1;
                if n == 1 {
                    runs.push((near.name.clone(), lo, hi));
                    continue;
                }
                let share = near.by_level[l] / (near.by_level[l] + far.by_level[l]);
                let k = ((share * f64::from(n)).round() as i8).clamp(1, n - 1);
                runs.push((near.name.clone(), lo, lo + k - 1));
                runs.push((far.name.clone(), lo + k, hi));
            }
        }
    }
    if let Some(first) = runs.first_mut() {
        first.1 = first.1.min(moving.lo.0);
    }
    if let Some(last) = runs.last_mut() {
        last.2 = last.2.max(moving.hi.0);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grades::Grade;

    fn taker(name: &str, primary: f64, junior: f64, minutes: f64) -> Taker {
        Taker {
            name: name.into(),
            by_level: [primary, junior],
            minutes,
        }
    }

    fn span(lo: i8, hi: i8) -> GradeSpan {
        GradeSpan::new(Grade(lo), Grade(hi))
    }

    #[test]
    fn each_level_goes_to_at_most_two_schools_in_whole_grades() {
        let s = GradeSystem::SixThreeThree;
        let r = |name: &str, lo, hi| (name.to_string(), lo, hi);
        // A nine-year school: its primary grades to A, its junior to B.
        let nine = [taker("A", 300.0, 0.0, 12.0), taker("B", 0.0, 140.0, 20.0)];
        assert_eq!(runs(s, span(1, 9), &nine), [r("A", 1, 6), r("B", 7, 9)]);
        // A primary school split 52 / 30 / 8 pupils: the third dropped;
        // the nearer, B (9 min), takes 30 / (52 + 30) = 0.37 of six grades,
        // 2.2 → the lower two; A the upper four.
        let split = [
            taker("A", 52.0, 0.0, 25.0),
            taker("B", 30.0, 0.0, 9.0),
            taker("C", 8.0, 0.0, 5.0),
        ];
        assert_eq!(runs(s, span(1, 6), &split), [r("B", 1, 2), r("A", 3, 6)]);
        // A kindergarten class goes with the lowest run; a 教学点's grades
        // 4–6 split between two: one grade at least each.
        let one = [taker("A", 40.0, 0.0, 10.0)];
        assert_eq!(runs(s, span(-1, 6), &one), [r("A", -1, 6)]);
        let two = [taker("A", 1.0, 0.0, 10.0), taker("B", 30.0, 0.0, 20.0)];
        assert_eq!(runs(s, span(4, 6), &two), [r("A", 4, 4), r("B", 5, 6)]);
    }
}
