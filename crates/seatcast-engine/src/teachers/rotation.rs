//! Teacher rotation (教师〔2014〕4号, 《关于推进县（区）域内义务教育学校校长
//! 教师交流轮岗的意见》; docs/teachers.md): who is eligible, how many must
//! move this year, and which moves would mend the shortages.
//!
//! - eligible: teaching staff on the establishment who have been at their
//!   school at least `min_years` (6 in the 2014 opinion) by the fall;
//! - each year at least `share` of them move (10 %), and 骨干 teachers make
//!   up at least `backbone_share` of those who move (20 %);
//! - suggested moves: whole teachers of a subject from a school with a
//!   surplus in it to the nearest school short in it, the largest
//!   shortages first, never leaving the giver short.

use super::staffing::SchoolStaffing;
use crate::model::{Dataset, Establishment, Post, Teacher};
pub use crate::settings::teachers::RotationSettings;

/// One suggested move.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Index into the curriculum's subjects.
    pub subject: usize,
    /// The school that gives them (dataset index), with a surplus in the subject.
    pub from: usize,
    /// The school short in the subject that takes them (dataset index).
    pub to: usize,
    /// Whole teachers moved.
    pub teachers: u32,
    /// Straight-line distance, where both schools have coordinates.
    pub km: Option<f64>,
}

/// One year's rotation: who may move, how many must, and the moves that would
/// mend the shortages.
#[derive(Debug, Clone, PartialEq)]
pub struct Rotation {
    /// The fall it is for (the base year, in the teachers' figures).
    pub year: i32,
    /// Indexes into the roster.
    pub eligible: Vec<usize>,
    /// Of the eligible, how many are 骨干.
    pub eligible_backbone: usize,
    /// At least this many move this year…
    pub to_move: usize,
    /// …of whom at least this many are 骨干.
    pub backbone_to_move: usize,
    /// Suggested moves, subject by subject, the largest shortages first.
    pub moves: Vec<Move>,
}

/// Whether a member of staff may rotate in the fall of `year`.
pub fn eligible(t: &Teacher, year: i32, settings: &RotationSettings) -> bool {
    t.post == Post::Teaching
        && t.establishment == Establishment::OnEstablishment
        && t.arrived.is_some_and(|a| year - a >= settings.min_years)
}

/// The rotation of one year: `rows` are that year's school staffing.
pub fn rotation(
    d: &Dataset,
    teachers: &[Teacher],
    rows: &[SchoolStaffing],
    year: i32,
    settings: &RotationSettings,
) -> Rotation {
    let eligible: Vec<usize> = (0..teachers.len())
        .filter(|&i| eligible(&teachers[i], year, settings))
        .collect();
    let eligible_backbone = eligible.iter().filter(|&&i| teachers[i].backbone).count();
    let to_move = (eligible.len() as f64 * settings.share).ceil() as usize;
    let backbone_to_move =
        ((to_move as f64 * settings.backbone_share).ceil() as usize).min(eligible_backbone);
    Rotation {
        year,
        eligible,
        eligible_backbone,
        to_move,
        backbone_to_move,
        moves: suggested_moves(d, rows.iter().filter(|r| r.year == year)),
    }
}

fn suggested_moves<'a>(d: &Dataset, rows: impl Iterator<Item = &'a SchoolStaffing>) -> Vec<Move> {
    let rows: Vec<&SchoolStaffing> = rows.collect();
    let k = rows.first().map_or(0, |r| r.teachers.len());
    let km = |a: usize, b: usize| {
        let (sa, sb) = (d.schools.get(a)?, d.schools.get(b)?);
        sa.coords?.distance_km(sb.coords?)
    };
    let mut moves = Vec::new();
    for subject in 0..k {
        // Whole teachers a school can give without going short, and the
        // shortage a school has, rounded to whole teachers.
        let mut spare: Vec<(usize, u32)> = rows
            .iter()
            .map(|r| {
                (
                    r.school,
                    (r.teachers[subject] - r.periods.by_subject[subject])
                        .floor()
                        .max(0.0) as u32,
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        let mut short: Vec<(usize, u32, f64)> = rows
            .iter()
            .map(|r| {
                let gap = r.periods.by_subject[subject] - r.teachers[subject];
                (r.school, gap.round().max(0.0) as u32, gap)
            })
            .filter(|(_, n, _)| *n > 0)
            .collect();
        short.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        for (to, mut need, _) in short {
            while need > 0 {
                // The nearest giver (known distances first, then by index).
                let best = spare
                    .iter()
                    .enumerate()
                    .filter(|(_, (from, n))| *n > 0 && *from != to)
                    .min_by(|(_, (a, _)), (_, (b, _))| {
                        let (da, db) = (km(*a, to), km(*b, to));
                        match (da, db) {
                            (Some(x), Some(y)) => x.total_cmp(&y),
                            (Some(_), None) => std::cmp::Ordering::Less,
                            (None, Some(_)) => std::cmp::Ordering::Greater,
                            (None, None) => a.cmp(b),
                        }
                    })
                    .map(|(i, _)| i);
                let Some(i) = best else { break };
                let (from, have) = spare[i];
                let n = have.min(need);
                spare[i].1 -= n;
                need -= n;
                moves.push(Move {
                    subject,
                    from,
                    to,
                    teachers: n,
                    km: km(from, to),
                });
            }
        }
    }
    moves
}
