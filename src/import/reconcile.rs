//! A file's own totals against what was loaded. Bureaus' sheets carry total
//! rows (合计, 小计, District Total, a network's subtotal) and total columns;
//! each is compared with the rows or grades it sums, and a total that does
//! not match is an error at its cell. A row with no school whose figures
//! equal the rows above it is a total too, however it is labelled.

use crate::grades::{Grade, GradeLabel};

/// Grade labels as small indices: −2 … 12, then 初一 … 初四.
pub const LABEL_SLOTS: usize = 19;

pub fn label_slot(g: GradeLabel) -> usize {
    match g {
        GradeLabel::Fixed(Grade(n)) => {
            (i32::from(n) - i32::from(Grade::LOWEST)).clamp(0, 14) as usize
        }
        GradeLabel::K => (0 - i32::from(Grade::LOWEST)) as usize,
        GradeLabel::Junior(n) => (14 + i32::from(n)).clamp(15, 18) as usize,
    }
}

/// Within this of each other, two counts agree (counts typed with decimals).
const TOLERANCE: f64 = 0.5;

/// Sums of pupils by fall and grade over a run of rows.
#[derive(Debug, Clone, Default)]
struct Run {
    years: Vec<(i32, [f64; LABEL_SLOTS])>,
    /// Schools in the run (a school's rows come together).
    schools: usize,
    last_school: Option<u32>,
    /// Sheet rows (0-based) of the run's first and last data rows.
    rows: Option<(u32, u32)>,
}

impl Run {
    fn add(&mut self, year: i32, slot: usize, v: f64, school: u32, row: u32) {
        let at = match self.years.iter().position(|(y, _)| *y == year) {
            Some(i) => i,
            None => {
                self.years.push((year, [0.0; LABEL_SLOTS]));
                self.years.len() - 1
            }
        };
        self.years[at].1[slot] += v;
        if self.last_school != Some(school) {
            self.schools += 1;
            self.last_school = Some(school);
        }
        self.rows = Some(match self.rows {
            Some((a, _)) => (a, row),
            None => (row, row),
        });
    }

    fn get(&self, year: i32, slot: usize) -> f64 {
        self.years
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0.0, |(_, v)| v[slot])
    }

    fn mismatches(&self, cells: &[TotalCell]) -> usize {
        cells
            .iter()
            .filter(|c| (c.stated - self.get(c.year, c.slot)).abs() > TOLERANCE)
            .count()
    }
}

/// One figure of a total row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TotalCell {
    pub year: i32,
    pub slot: usize,
    pub stated: f64,
    pub col: usize,
}

/// A total row that does not match: at which cell, and what it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub col: usize,
    pub stated: f64,
    pub sum: f64,
    /// Sheet rows (0-based) summed.
    pub rows: (u32, u32),
}

/// The running sums one sheet's total rows are compared with: since the
/// last heading or total (a section's subtotal), since the last total (a
/// subtotal of several sections), and since the sheet began (its grand total).
#[derive(Debug, Default)]
pub struct Totals {
    section: Run,
    since_total: Run,
    whole: Run,
    after_total: bool,
    /// Total rows found and matched.
    pub matched: usize,
    /// Of them, found by their figures alone.
    pub unlabelled: usize,
}

impl Totals {
    /// A school's pupils on a data row.
    pub fn add(&mut self, year: i32, slot: usize, v: f64, school: u32, row: u32) {
        if self.after_total {
            self.section = Run::default();
            self.since_total = Run::default();
            self.after_total = false;
        }
        self.section.add(year, slot, v, school, row);
        self.since_total.add(year, slot, v, school, row);
        self.whole.add(year, slot, v, school, row);
    }

    /// A section heading: a new run of schools begins.
    pub fn heading(&mut self) {
        if !self.after_total {
            self.section = Run::default();
        }
    }

    fn runs(&self) -> [&Run; 3] {
        [&self.section, &self.since_total, &self.whole]
    }

    /// Whether a row with no school equals the sum of the rows above it
    /// (over at least two schools): a total row without a label.
    pub fn is_unlabelled_total(&self, cells: &[TotalCell]) -> bool {
        let nonzero = cells.iter().filter(|c| c.stated.abs() > TOLERANCE).count();
        if nonzero < 2 {
            return false;
        }
        self.runs()
            .iter()
            .any(|r| r.schools >= 2 && r.mismatches(cells) == 0)
    }

    /// A total row: matched against the runs above it; the first cell that
    /// matches none is the mismatch.
    pub fn check(&mut self, cells: &[TotalCell], labelled: bool) -> Result<(), Mismatch> {
        let matched = self.runs().iter().any(|r| r.mismatches(cells) == 0);
        let result = if matched {
            Ok(())
        } else {
            // Named against the sheet's rows so far: the planner sees which
            // rows were summed.
            let best = &self.whole;
            let c = cells
                .iter()
                .find(|c| (c.stated - best.get(c.year, c.slot)).abs() > TOLERANCE)
                .copied();
            match c {
                Some(c) => Err(Mismatch {
                    col: c.col,
                    stated: c.stated,
                    sum: best.get(c.year, c.slot),
                    rows: best.rows.unwrap_or((0, 0)),
                }),
                None => Ok(()),
            }
        };
        if result.is_ok() {
            self.matched += 1;
            if !labelled {
                self.unlabelled += 1;
            }
        }
        self.after_total = true;
        result
    }
}

/// The sums a total column may stand for on one row: the grades loaded,
/// the grades from K up or from grade 1 up (a `K-12 total` beside a
/// pre-K column), each with or without the columns not loaded (ungraded
/// pupils, unknown columns). Returns which, if any, the stated total is.
pub fn total_column_matches(
    stated: f64,
    grades: &[(GradeLabel, f64)],
    beyond: f64,
) -> Option<bool> {
    let all: f64 = grades.iter().map(|(_, v)| v).sum();
    let from = |lo: i8| -> f64 {
        grades
            .iter()
            .filter(|(g, _)| match g {
                GradeLabel::Fixed(Grade(n)) => *n >= lo,
                GradeLabel::K => lo <= 0,
                GradeLabel::Junior(_) => true,
            })
            .map(|(_, v)| v)
            .sum()
    };
    for sum in [all, from(0), from(1)] {
        if (stated - sum).abs() <= TOLERANCE {
            return Some(false);
        }
        if beyond != 0.0 && (stated - sum - beyond).abs() <= TOLERANCE {
            return Some(true);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(slot: usize, stated: f64) -> TotalCell {
        TotalCell {
            year: 2024,
            slot,
            stated,
            col: slot,
        }
    }

    #[test]
    fn subtotals_and_grand_totals() {
        let mut t = Totals::default();
        // Network A: two schools; its subtotal; network B: one school; the district total.
        t.add(2024, 3, 10.0, 0, 1);
        t.add(2024, 3, 20.0, 1, 2);
        assert!(t.is_unlabelled_total(&[cell(3, 30.0), cell(4, 0.0)]) == false);
        assert_eq!(t.check(&[cell(3, 30.0)], true), Ok(()));
        t.add(2024, 3, 5.0, 2, 4);
        assert_eq!(t.check(&[cell(3, 35.0)], true), Ok(()));
        assert_eq!(t.matched, 2);
        let err = t.check(&[cell(3, 36.0)], true).unwrap_err();
        assert_eq!((err.stated, err.sum), (36.0, 35.0));
    }

    #[test]
    fn a_row_equal_to_the_rows_above_is_a_total() {
        let mut t = Totals::default();
        t.add(2024, 3, 10.0, 0, 1);
        t.add(2024, 4, 11.0, 0, 1);
        t.add(2024, 3, 20.0, 1, 2);
        t.add(2024, 4, 21.0, 1, 2);
        assert!(t.is_unlabelled_total(&[cell(3, 30.0), cell(4, 32.0)]));
        assert!(!t.is_unlabelled_total(&[cell(3, 30.0), cell(4, 33.0)]));
    }

    #[test]
    fn total_columns_with_and_without_what_is_not_loaded() {
        let g = [
            (GradeLabel::Fixed(Grade(-1)), 5.0),
            (GradeLabel::K, 10.0),
            (GradeLabel::Fixed(Grade(1)), 12.0),
        ];
        assert_eq!(total_column_matches(27.0, &g, 0.0), Some(false));
        assert_eq!(total_column_matches(22.0, &g, 0.0), Some(false));
        assert_eq!(total_column_matches(30.0, &g, 3.0), Some(true));
        assert_eq!(total_column_matches(31.0, &g, 3.0), None);
    }
}
