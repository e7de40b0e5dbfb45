//! The least a failing school needs to comply in every year of the horizon
//! (docs/compliance.md). A school complies with all indicators but one met
//! and that one at the floor share (85 %) or more. So for each indicator j
//! in turn: every other indicator is brought to its threshold, j to the
//! floor share, in the worst year of each; the cheapest j wins. Teachers and
//! classrooms come whole, m² and 元 are rounded up.

use super::ledger::{Fix, SchoolCompliance, Verdict};
use super::norms::{ComplianceNorms, Indicator};
use crate::plan::actions::Resources;

/// What `amount` more of an indicator costs: (once, a year).
fn price(i: Indicator, amount: f64, norms: &ComplianceNorms) -> (f64, f64) {
    let c = &norms.costs;
    match i {
        Indicator::AboveQualification => (amount * c.qualification_upgrade, 0.0),
        Indicator::Backbone => (amount * c.backbone_training, 0.0),
        Indicator::PeArts => (0.0, amount * c.teacher_year),
        Indicator::Floor => (amount * c.floor_m2, 0.0),
        Indicator::Sports => (amount * c.sports_m2, 0.0),
        Indicator::Equipment => (amount, 0.0),
        Indicator::Multimedia => (amount * c.multimedia_room, 0.0),
    }
}

/// Round what is added: whole teachers and rooms, whole m², 100 元.
fn round_up(i: Indicator, amount: f64) -> f64 {
    if amount <= 1e-9 {
        return 0.0;
    }
    match i {
        Indicator::Equipment => (amount / 100.0 - 1e-9).ceil() * 100.0,
        _ => (amount - 1e-9).ceil(),
    }
}

/// How much more of an indicator a school-year needs to reach `share` of
/// its threshold.
fn gap(r: &SchoolCompliance, i: Indicator, share: f64) -> f64 {
    let k = i.index();
    let per = if i.per_100() { 100.0 } else { 1.0 };
    let want = r.threshold[k] * share * r.pupils() / per;
    (want - r.have[k].unwrap_or(0.0)).max(0.0)
}

/// A fix for every school that fails in some year it is judged after the
/// base year. `rows`
/// sorted by school then year; `pe_arts` the school-years' PE and art
/// shortages, to share the teachers between the two.
pub fn fixes(
    rows: &[SchoolCompliance],
    pe_arts: impl Fn(usize, i32) -> (f64, f64),
    norms: &ComplianceNorms,
) -> Vec<Fix> {
    let mut out = Vec::new();
    for years in rows.chunk_by(|a, b| a.school == b.school) {
        // The base year is what is: a fix can hold from the next fall on.
        let base = years[0].year;
        let judged: Vec<&SchoolCompliance> = years
            .iter()
            .filter(|r| r.year > base && matches!(r.verdict, Verdict::Complies | Verdict::Fails))
            .collect();
        let Some(first_fail) = judged.iter().find(|r| r.verdict == Verdict::Fails) else {
            continue;
        };
        // Each indicator's gap in its worst year: to its threshold, and to
        // the floor share.
        let mut full = [0.0_f64; 7];
        let mut near = [0.0_f64; 7];
        for r in &judged {
            for i in Indicator::ALL {
                let k = i.index();
                full[k] = full[k].max(gap(r, i, 1.0));
                near[k] = near[k].max(gap(r, i, norms.floor_share));
            }
        }
        let mut best: Option<(f64, Indicator, [f64; 7], f64, f64)> = None;
        for relaxed in Indicator::ALL {
            let mut adds = [0.0_f64; 7];
            let (mut once, mut yearly) = (0.0, 0.0);
            for i in Indicator::ALL {
                let k = i.index();
                adds[k] = round_up(i, if i == relaxed { near[k] } else { full[k] });
                let (o, y) = price(i, adds[k], norms);
                once += o;
                yearly += y;
            }
            // A year of a teacher's pay weighs as much as a one-off sum.
            let cost = once + yearly;
            if best.as_ref().is_none_or(|(c, ..)| cost < *c - 1e-6) {
                best = Some((cost, relaxed, adds, once, yearly));
            }
        }
        let Some((_, relaxed, adds, one_off, yearly)) = best else {
            continue;
        };
        // PE and art teachers: shared by the two subjects' shortages in the
        // first failing year, PE first when neither is short.
        let teachers = adds[Indicator::PeArts.index()];
        let (pe_short, arts_short) = pe_arts(first_fail.school, first_fail.year);
        let pe = if pe_short + arts_short > 0.0 {
            (teachers * pe_short / (pe_short + arts_short)).round()
        } else {
            (teachers / 2.0).ceil()
        };
        out.push(Fix {
            school: first_fail.school,
            year: first_fail.year,
            add: Resources {
                floor_m2: adds[Indicator::Floor.index()],
                sports_m2: adds[Indicator::Sports.index()],
                equipment_yuan: adds[Indicator::Equipment.index()],
                multimedia_rooms: adds[Indicator::Multimedia.index()],
                pe_teachers: pe,
                arts_teachers: teachers - pe,
                qualification_upgrades: adds[Indicator::AboveQualification.index()],
                backbone_trained: adds[Indicator::Backbone.index()],
            },
            relaxed,
            one_off,
            yearly,
        });
    }
    out
}
