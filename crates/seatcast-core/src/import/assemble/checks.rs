//! What the records are checked against once assembled: ages against
//! grades, and the dataset as a whole (years, births, spans, roster).

use super::*;

impl Builder {
    /// Row-per-pupil ages against their grades: more than a year young or
    /// two old on 31 August is reported, per grade.
    pub(super) fn check_ages(&mut self, ages: &[AgeCount]) {
        let mut by_grade: BTreeMap<Grade, (usize, usize, CellAt)> = BTreeMap::new();
        for a in ages {
            let g = a.grade.resolve(self.system);
            let expected = g.entry_age();
            let e = by_grade.entry(g).or_insert((0, 0, a.first));
            e.1 += a.pupils;
            if a.age < expected - 1 || a.age > expected + 2 {
                if e.0 == 0 {
                    e.2 = a.first;
                }
                e.0 += a.pupils;
            }
        }
        for (grade, (outside, of, first)) in by_grade {
            if outside > 0 {
                let expected = grade.entry_age();
                let loc = self.locate(first);
                self.warn(
                    ProblemKind::AgeOutsideGrade {
                        grade,
                        system: self.system,
                        outside,
                        of,
                        lo: expected - 1,
                        hi: expected + 2,
                    },
                    loc,
                );
            }
        }
    }

    /// Whole-dataset checks: missing parts, gaps, areas without births.
    pub(super) fn check(&mut self, records: &[Enrolment], births: &[Births], roster_given: bool) {
        // No roster, and no table gave a school's classrooms or seats.
        let capacity_given = self
            .schools
            .iter()
            .any(|s| s.classrooms.is_some() || s.approved_seats.is_some());
        if !roster_given && !records.is_empty() && !capacity_given {
            let kind = if records.iter().any(|e| e.classes.is_some_and(|c| c > 0.0)) {
                ProblemKind::ClassesAsClassrooms
            } else {
                ProblemKind::NoRoster
            };
            self.warn(kind, Location::default());
        }
        if births.is_empty() && !records.is_empty() {
            self.warn(ProblemKind::NoBirths, Location::default());
        }
        let years: BTreeSet<i32> = records.iter().map(|e| e.year).collect();
        for (a, b) in years.iter().zip(years.iter().skip(1)) {
            if b - a > 1 {
                self.warn(
                    ProblemKind::YearGap {
                        from: a + 1,
                        to: b - 1,
                    },
                    Location::default(),
                );
            }
        }
        let mut by_area: BTreeMap<Option<String>, Vec<i32>> = BTreeMap::new();
        for b in births {
            by_area.entry(b.area.clone()).or_default().push(b.year);
        }
        for (area, years) in &by_area {
            for w in years.windows(2) {
                if w[1] - w[0] > 1 {
                    self.warn(
                        ProblemKind::BirthYearGap {
                            area: area.clone().unwrap_or_default(),
                            from: w[0] + 1,
                            to: w[1] - 1,
                        },
                        Location::default(),
                    );
                }
            }
        }
        let county_births = by_area.contains_key(&None);
        if !births.is_empty() && !county_births {
            let mut reported = BTreeSet::new();
            let missing: Vec<String> = self
                .schools
                .iter()
                .filter_map(|s| s.area.clone())
                .filter(|a| !by_area.contains_key(&Some(a.clone())))
                .collect();
            for area in missing {
                if reported.insert(area.clone()) {
                    self.warn(ProblemKind::AreaWithoutBirths { area }, Location::default());
                }
            }
        }
    }
}
