//! Outlier falls, found without being told: a fall whose count jumps and
//! then comes back (fall 2020, counted during COVID, is about 25 % low in
//! Eau Claire and back the year after).
//!
//! The test, on the total of the schools counted in both falls of a pair (so
//! an opening or a closure is no jump; at least [`MIN_SCHOOLS`] of them): fall t is an outlier when
//! |log(total t / total of the last fall before that was not an outlier)| >
//! [`JUMP`] (12 %; real districts move a few percent a year) and, when the
//! next fall is known, the next pair moves back by at least half that
//! ([`JUMP`] / 2) the other way. The last fall known can only be judged on
//! the jump.
//!
//! An outlier fall is then treated like a skipped one: its transitions leave
//! the ratio windows, and a projection standing on it starts from the fall
//! before instead. Only what is known at the projection's base is used, so
//! the backtest stays honest.

use crate::method::observed::Observed;

/// The smallest log change of the county total that marks a jump.
pub const JUMP: f64 = 0.12;

/// Fewest schools counted in both falls for a jump to mean anything: the
/// total of a handful of schools moves by more than 12 % in normal years.
pub const MIN_SCHOOLS: usize = 10;

/// log(total of `b` / total of `a`) over the schools with pupils in both.
fn log_change(obs: &Observed, a: i32, b: i32) -> Option<f64> {
    let (mut ta, mut tb, mut n) = (0.0, 0.0, 0usize);
    for s in 0..obs.n_schools {
        let (x, y): (f64, f64) = (obs.grades(s, a).iter().sum(), obs.grades(s, b).iter().sum());
        if x > 0.0 && y > 0.0 {
            ta += x;
            tb += y;
            n += 1;
        }
    }
    (n >= MIN_SCHOOLS).then(|| (tb / ta).ln())
}

/// The outlier falls up to `known_until`, as they can be told from the falls
/// up to then (`skip`: falls left out already).
pub fn outlier_falls(obs: &Observed, known_until: i32, skip: &[i32]) -> Vec<i32> {
    let last = known_until.min(obs.last_year());
    let falls: Vec<i32> = (obs.first_year..=last)
        .filter(|t| obs.usable(*t, skip))
        .collect();
    let mut out = Vec::new();
    // Each fall is judged against the last fall that was not an outlier.
    let mut normal = match falls.first() {
        Some(f) => *f,
        None => return out,
    };
    for (i, &t) in falls.iter().enumerate().skip(1) {
        let Some(jump) = log_change(obs, normal, t) else {
            normal = t;
            continue;
        };
        let back = match falls.get(i + 1) {
            Some(&next) => log_change(obs, t, next)
                .is_some_and(|r| r.signum() != jump.signum() && r.abs() > JUMP / 2.0),
            None => true,
        };
        if jump.abs() > JUMP && back {
            out.push(t);
        } else {
            normal = t;
        }
    }
    out
}

/// The skipped falls plus the outliers known at `base`.
pub fn skip_with_outliers(obs: &Observed, base: i32, skip: &[i32]) -> Vec<i32> {
    let mut out = skip.to_vec();
    out.extend(outlier_falls(obs, base, skip));
    out.sort_unstable();
    out.dedup();
    out
}

/// The fall a projection from `origin` stands on: the origin, or when the
/// origin is skipped or an outlier, the last usable fall before it.
pub fn standing_fall(obs: &Observed, origin: i32, skip: &[i32]) -> Option<i32> {
    (obs.first_year..=origin.min(obs.last_year()))
        .rev()
        .find(|t| obs.usable(*t, skip))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grades::{Grade, GradeSpan, GradeSystem, Level};
    use crate::model::{Dataset, Enrolment, School};

    /// Ten schools whose grade 1 each hold these totals from fall 2017 on.
    fn observed(totals: &[f64]) -> Observed {
        observed_n(totals, MIN_SCHOOLS)
    }

    fn observed_n(totals: &[f64], n: usize) -> Observed {
        let school = School {
            id: None,
            name: "P".into(),
            level: Level::Primary,
            span: GradeSpan::new(Grade(1), Grade(6)),
            area: None,
            locale: None,
            coords: None,
            classrooms: None,
            approved_seats: None,
            feeder: None,
            opened: None,
            closed: None,
            in_roster: true,
            boarders: None,
            beds: None,
            ownership: None,
            remoteness: None,
        };
        let enrolment = (0..n)
            .flat_map(|s| {
                totals.iter().enumerate().map(move |(i, p)| Enrolment {
                    school: s,
                    year: 2017 + i as i32,
                    grade: Grade(1),
                    pupils: *p,
                    classes: None,
                })
            })
            .collect();
        Observed::new(&Dataset {
            grade_system: GradeSystem::SixThreeThree,
            schools: vec![school; n],
            enrolment,
            births: Vec::new(),
            sources: Vec::new(),
            teachers: Vec::new(),
            facilities: Vec::new(),
            boundaries: Vec::new(),
            roads: None,
        })
    }

    #[test]
    fn a_dip_that_comes_back_is_an_outlier() {
        // 2017–2022: 2020 is ln(75/100) = −0.29 below 2019 and 2021 comes back.
        let obs = observed(&[100.0, 101.0, 100.0, 75.0, 95.0, 96.0]);
        assert_eq!(outlier_falls(&obs, 2022, &[]), vec![2020]);
        // 2021 is judged against 2019 (ln 0.95), not against the dip.
        assert_eq!(skip_with_outliers(&obs, 2022, &[2018]), vec![2018, 2020]);
        // Known only up to 2020: the last fall is judged on its jump alone,
        // and a projection from 2020 stands on 2019.
        assert_eq!(outlier_falls(&obs, 2020, &[]), vec![2020]);
        let skip = skip_with_outliers(&obs, 2020, &[]);
        assert_eq!(standing_fall(&obs, 2020, &skip), Some(2019));
        // Up to 2019 nothing is odd.
        assert!(outlier_falls(&obs, 2019, &[]).is_empty());
    }

    #[test]
    fn a_lasting_shift_or_a_small_move_is_not() {
        // −22 % and it stays: a real change (a boundary moved), not an outlier.
        let obs = observed(&[100.0, 100.0, 80.0, 80.0, 81.0]);
        assert!(outlier_falls(&obs, 2021, &[]).is_empty());
        // ±10 % back and forth stays under the 12 % jump.
        let obs = observed(&[100.0, 90.0, 99.0, 100.0]);
        assert!(outlier_falls(&obs, 2020, &[]).is_empty());
        // Nine schools are too few to tell a shock from normal swings.
        let obs = observed_n(&[100.0, 101.0, 100.0, 75.0, 95.0, 96.0], 9);
        assert!(outlier_falls(&obs, 2022, &[]).is_empty());
    }
}
