//! The actions that move pupils between schools: a merge (the school
//! closes; every grade goes to its receivers, grade by grade where a
//! receiver takes only some grades) and a downgrade to a 教学点 (the school
//! keeps some grades; the others go).

use super::{Action, ActionProblem, Move, Plan, Receiver, Step};
use crate::error::ActionError;
use crate::grades::Grade;
use crate::method::observed::{GRADE_SLOTS, slot};

impl Step<'_> {
    pub(super) fn merge(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::Merge { year, school, into } = action else {
            return Ok(());
        };
        let a = self.find(school)?;
        let m = self.moves(plan, (a, *year), into, None)?;
        plan.moves.push(Move { closes: true, ..m });
        plan.closed_from[a] = Some(*year);
        plan.close(a, *year);
        Ok(())
    }

    pub(super) fn downgrade(&self, plan: &mut Plan, action: &Action) -> Result<(), ActionError> {
        let Action::Downgrade {
            year,
            school,
            keep,
            into,
        } = action
        else {
            return Ok(());
        };
        let a = self.find(school)?;
        let kept = (
            slot(Grade(keep[0].min(keep[1]))),
            slot(Grade(keep[0].max(keep[1]))),
        );
        let m = self.moves(plan, (a, *year), into, Some(kept))?;
        plan.moves.push(Move { closes: false, ..m });
        Ok(())
    }

    /// The move of school `a`'s pupils from `year` to the receivers: every
    /// grade it teaches then (but those it `keeps`) taken by some receiver,
    /// none that it keeps; the receivers teach what they take.
    fn moves(
        &self,
        plan: &mut Plan,
        (a, year): (usize, i32),
        into: &[Receiver],
        keeps: Option<(usize, usize)>,
    ) -> Result<Move, ActionError> {
        let school = &self.dataset.schools[a].name;
        if into.is_empty() {
            return Err(self.err(ActionProblem::NoReceiver));
        }
        if let Some(y) = plan.closed_from[a] {
            return Err(self.err(ActionProblem::AlreadyMerged {
                school: school.clone(),
                year: y,
            }));
        }
        let kept = |g: usize| keeps.is_some_and(|(lo, hi)| lo <= g && g <= hi);
        let from = self.current(plan, a, year);
        // What a downgrade sends by default: the grades it teaches and does
        // not keep, one run of grades (e.g. 4–6).
        let rest: Vec<usize> = (0..GRADE_SLOTS)
            .filter(|&g| from.active[g] && !kept(g))
            .collect();
        let rest = rest.first().zip(rest.last()).map(|(&lo, &hi)| (lo, hi));
        let mut to = Vec::new();
        let mut ranges = Vec::new();
        for r in into {
            let b = self.find(&r.school)?;
            if let Some(y) = plan.closed_from[b].filter(|y| *y <= year) {
                return Err(self.err(ActionProblem::ReceiverMerged {
                    school: r.school.clone(),
                    year: y,
                }));
            }
            if b == a {
                return Err(self.err(ActionProblem::IntoItself {
                    school: school.clone(),
                }));
            }
            if !(r.share.is_finite() && r.share > 0.0) {
                return Err(self.err(ActionProblem::BadShare {
                    school: r.school.clone(),
                }));
            }
            let range = r
                .grades
                .map(|[lo, hi]| (slot(Grade(lo.min(hi))), slot(Grade(lo.max(hi)))));
            // A downgrade's receivers take, by default, what it does not keep.
            let range = match (range, keeps) {
                (None, Some(_)) => Some(rest.unwrap_or((GRADE_SLOTS, GRADE_SLOTS))),
                (range, _) => range,
            };
            to.push((b, r.share));
            ranges.push(range);
        }
        let m = Move {
            year,
            school: a,
            to,
            ranges,
            closes: keeps.is_none(),
        };
        // Every grade it teaches goes somewhere, but those it keeps.
        for g in 0..GRADE_SLOTS {
            let taken = if kept(g) { Vec::new() } else { m.shares_of(g) };
            let uncovered = from.active[g] && !kept(g) && taken.is_empty();
            let kept_taken = kept(g)
                && m.ranges
                    .iter()
                    .flatten()
                    .any(|&(lo, hi)| lo <= g && g <= hi);
            if uncovered || kept_taken {
                return Err(self.err(ActionProblem::GradesUncovered {
                    school: school.clone(),
                }));
            }
        }
        // The receivers teach every grade they take.
        for (k, &(b, _)) in m.to.iter().enumerate() {
            let mut r = self.current(plan, b, year);
            let mut changed = false;
            for g in 0..GRADE_SLOTS {
                let takes = m.ranges[k].is_none_or(|(lo, hi)| lo <= g && g <= hi);
                if from.active[g] && !kept(g) && takes && !r.active[g] {
                    r.active[g] = true;
                    r.gpr[g] = from.gpr[g];
                    changed = true;
                }
            }
            if changed {
                plan.phase(b, year, r);
            }
        }
        Ok(m)
    }
}
