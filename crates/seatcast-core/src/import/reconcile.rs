//! A file's own totals against what was loaded. Bureaus' sheets carry total
//! rows (合计, 小计, District Total, a network's subtotal) and total columns;
//! each is compared with the rows or grades it sums, and a total that does
//! not match is an error at its cell. A row with no school whose figures
//! equal the rows above it is a total too, however it is labelled.

use crate::grades::{Grade, GradeLabel};

/// Grade labels as small indices: −2 … 12, then 初一 … 初四.
pub const LABEL_SLOTS: usize = 19;

/// A grade label's index below `LABEL_SLOTS`.
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

/// Sums of pupils by fall and grade over the rows so far.
#[derive(Debug, Clone, Default)]
struct Run {
    years: Vec<(i32, [f64; LABEL_SLOTS])>,
    /// Schools in the run (a school's rows come together).
    schools: usize,
    last_school: Option<u32>,
    /// Sheet rows (0-based) of the run's last data row.
    last_row: Option<u32>,
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
        self.last_row = Some(row);
    }

    fn get(&self, year: i32, slot: usize) -> f64 {
        self.years
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0.0, |(_, v)| v[slot])
    }
}

/// Where a run of rows a total may sum begins: the sums before it.
#[derive(Debug, Clone, Default)]
struct Mark {
    before: Run,
    /// The first data row after the mark (0-based), once there is one.
    first_row: Option<u32>,
}

/// One figure of a total row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TotalCell {
    /// The fall it is of.
    pub year: i32,
    /// Its grade, as `label_slot` numbers it.
    pub slot: usize,
    /// The figure as written, pupils.
    pub stated: f64,
    /// Its column, from 0.
    pub col: usize,
}

/// A total row that does not match: at which cell, and what it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The column of the first figure that differs, from 0.
    pub col: usize,
    /// That figure as written, pupils.
    pub stated: f64,
    /// The sheet's rows so far for its fall and grade, added, pupils.
    pub sum: f64,
    /// Sheet rows (0-based) summed.
    pub rows: (u32, u32),
}

/// What one sheet's total rows are compared with: the rows since the sheet
/// began (a grand total), since any earlier total row (a subtotal, or a
/// total of several subtotals), or since a section heading. Sums over a
/// stretch are the sheet's running sums less those at its start.
#[derive(Debug)]
pub struct Totals {
    whole: Run,
    marks: Vec<Mark>,
    /// Total rows found and matched.
    pub matched: usize,
    /// Of them, found by their figures alone.
    pub unlabelled: usize,
}

impl Default for Totals {
    fn default() -> Self {
        Totals {
            whole: Run::default(),
            marks: vec![Mark::default()],
            matched: 0,
            unlabelled: 0,
        }
    }
}

impl Totals {
    /// A school's pupils on a data row.
    pub fn add(&mut self, year: i32, slot: usize, v: f64, school: u32, row: u32) {
        self.whole.add(year, slot, v, school, row);
        for m in self.marks.iter_mut().rev() {
            if m.first_row.is_some() {
                break;
            }
            m.first_row = Some(row);
        }
    }

    fn mark(&mut self) {
        if self.marks.last().is_some_and(|m| m.first_row.is_none()) {
            return;
        }
        self.marks.push(Mark {
            before: self.whole.clone(),
            first_row: None,
        });
    }

    /// A section heading: a run of schools may begin.
    pub fn heading(&mut self) {
        self.mark();
    }

    /// The sum of one cell's fall and grade since a mark.
    fn since(&self, m: &Mark, c: &TotalCell) -> f64 {
        self.whole.get(c.year, c.slot) - m.before.get(c.year, c.slot)
    }

    fn matches(&self, m: &Mark, cells: &[TotalCell]) -> bool {
        cells
            .iter()
            .all(|c| (c.stated - self.since(m, c)).abs() <= TOLERANCE)
    }

    /// Whether a row with no school equals the sum of the rows above it
    /// (over at least two schools): a total row without a label.
    pub fn is_unlabelled_total(&self, cells: &[TotalCell]) -> bool {
        let nonzero = cells.iter().filter(|c| c.stated.abs() > TOLERANCE).count();
        nonzero >= 2
            && self.marks.iter().any(|m| {
                self.whole.schools.saturating_sub(m.before.schools) >= 2 && self.matches(m, cells)
            })
    }

    /// A total row: matched against the stretches above it; a mismatch
    /// names the first cell that differs from the sheet's rows so far.
    pub fn check(&mut self, cells: &[TotalCell], labelled: bool) -> Result<(), Mismatch> {
        let matched = self.marks.iter().any(|m| self.matches(m, cells));
        let result = if matched {
            self.matched += 1;
            if !labelled {
                self.unlabelled += 1;
            }
            Ok(())
        } else {
            let start = &self.marks[0];
            let first = start.first_row.unwrap_or(0);
            let last = self.whole.last_row.unwrap_or(first);
            match cells
                .iter()
                .find(|c| (c.stated - self.since(start, c)).abs() > TOLERANCE)
            {
                Some(c) => Err(Mismatch {
                    col: c.col,
                    stated: c.stated,
                    sum: self.since(start, c),
                    rows: (first, last),
                }),
                None => Ok(()),
            }
        };
        // The rows after a total begin a new stretch.
        self.mark();
        result
    }
}

/// What kind of column a total column may or may not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverKind {
    /// A grade below grade 1 (K, pre-K): a `1–12 total` leaves it out.
    Grade,
    /// A column guessed to be part of grades already counted (`PK SPED`,
    /// `Grade 3 ELL`): covered only if the file's arithmetic says so.
    Subset,
    /// Pupils outside the grades, or numbers nobody placed (`PE`, `12+/Adult`).
    Other,
}

/// One row's figures, for finding what a total column covers: the total
/// as stated, the grades it always covers (1 and up), and each optional
/// column's value.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverRow {
    /// The row's total as written, pupils.
    pub stated: f64,
    /// The grades the total always covers (1 and up), added, pupils.
    pub base: f64,
    /// Each optional column's figure (0 where it holds none), in the cover's order.
    pub optional: Vec<f64>,
}

impl CoverRow {
    /// The sum the total should be: the base and the chosen columns.
    pub fn covered(&self, chosen: &[bool]) -> f64 {
        self.base
            + self
                .optional
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(v, _)| v)
                .sum::<f64>()
    }

    /// Whether the stated total is the base and the chosen columns.
    pub fn agrees(&self, chosen: &[bool]) -> bool {
        (self.stated - self.covered(chosen)).abs() <= TOLERANCE
    }
}

/// Past this many optional columns the cover is built one column at a time.
const EXHAUSTIVE: usize = 12;

/// Which optional columns a total column covers, from the file's own
/// arithmetic over all its rows: the set under which the most rows' totals
/// add up. Ties (columns that are zero wherever it matters) keep a subset
/// guess, take in grades, and leave out other columns.
pub fn choose_cover(rows: &[CoverRow], kinds: &[CoverKind]) -> Vec<bool> {
    let n = kinds.len();
    // Rows whose optional columns are all zero agree or not whatever is chosen.
    let live: Vec<&CoverRow> = rows
        .iter()
        .filter(|r| r.optional.iter().any(|v| v.abs() > TOLERANCE))
        .collect();
    let rank = |chosen: &[bool]| {
        let matches = live.iter().filter(|r| r.agrees(chosen)).count();
        let count = |k: CoverKind| {
            kinds
                .iter()
                .zip(chosen)
                .filter(|(kind, c)| **kind == k && **c)
                .count()
        };
        (
            matches,
            std::cmp::Reverse(count(CoverKind::Subset)),
            count(CoverKind::Grade),
            std::cmp::Reverse(count(CoverKind::Other)),
        )
    };
    if n <= EXHAUSTIVE {
        let mut best = vec![false; n];
        let mut best_rank = rank(&best);
        for mask in 1u32..(1 << n) {
            let chosen: Vec<bool> = (0..n).map(|i| mask & (1 << i) != 0).collect();
            let r = rank(&chosen);
            if r > best_rank {
                best_rank = r;
                best = chosen;
            }
        }
        return best;
    }
    // Many columns: add the one that helps most while any helps.
    let mut chosen: Vec<bool> = kinds.iter().map(|k| *k == CoverKind::Grade).collect();
    let mut current = rank(&chosen);
    loop {
        let mut step = None;
        for i in 0..n {
            let mut trial = chosen.clone();
            trial[i] = !trial[i];
            let r = rank(&trial);
            if r > current {
                current = r;
                step = Some(i);
            }
        }
        match step {
            Some(i) => chosen[i] = !chosen[i],
            None => return chosen,
        }
    }
}

/// A total column that disagrees with the grades on more than this share
/// of its rows was read wrongly (a grade column missed or misplaced, the
/// wrong column taken for the total): the load is refused. Below it, the
/// disagreements are the file's own slips, loaded with one warning.
pub const MISREAD_SHARE: f64 = 0.2;

/// Whether disagreements on `rows` of `of` mean the columns were misread.
pub fn misread(rows: usize, of: usize) -> bool {
    rows > 0 && rows as f64 > MISREAD_SHARE * of as f64
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
        assert!(!t.is_unlabelled_total(&[cell(3, 30.0), cell(4, 0.0)]));
        assert_eq!(t.check(&[cell(3, 30.0)], true), Ok(()));
        t.add(2024, 3, 5.0, 2, 4);
        assert_eq!(t.check(&[cell(3, 35.0)], true), Ok(()));
        assert_eq!(t.matched, 2);
        let err = t.check(&[cell(3, 36.0)], true).unwrap_err();
        assert_eq!((err.stated, err.sum), (36.0, 35.0));
    }

    #[test]
    fn a_total_of_subtotals_that_is_not_the_whole_sheet() {
        let mut t = Totals::default();
        // Regular schools: one network and its subtotal, then their total.
        t.add(2024, 3, 10.0, 0, 1);
        t.add(2024, 3, 20.0, 1, 2);
        assert_eq!(t.check(&[cell(3, 30.0)], false), Ok(()));
        assert_eq!(t.check(&[cell(3, 30.0)], true), Ok(()));
        // Charter schools: two networks with subtotals, then the charter total.
        t.add(2024, 3, 1.0, 2, 5);
        t.add(2024, 3, 2.0, 3, 6);
        assert_eq!(t.check(&[cell(3, 3.0)], false), Ok(()));
        t.add(2024, 3, 4.0, 4, 8);
        t.add(2024, 3, 5.0, 5, 9);
        assert_eq!(t.check(&[cell(3, 9.0)], false), Ok(()));
        assert_eq!(t.check(&[cell(3, 12.0)], true), Ok(()));
        assert_eq!(t.check(&[cell(3, 42.0)], true), Ok(()));
        assert_eq!(t.matched, 6);
        assert_eq!(t.unlabelled, 3);
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

    fn row(stated: f64, base: f64, optional: &[f64]) -> CoverRow {
        CoverRow {
            stated,
            base,
            optional: optional.to_vec(),
        }
    }

    #[test]
    fn the_cover_is_what_most_rows_add_up_to() {
        use CoverKind::*;
        // Columns: pre-K, a SPED pre-K guessed a subset, an adult column.
        // Totals count pre-K and SPED but not adults; one row is a slip.
        let rows = [
            row(173.0, 106.0, &[36.0, 31.0, 0.0]),
            row(881.0, 733.0, &[148.0, 0.0, 0.0]),
            row(300.0, 290.0, &[0.0, 10.0, 4.0]),
            row(127.0, 86.0, &[0.0, 0.0, 0.0]),
            row(50.0, 40.0, &[0.0, 0.0, 10.0]),
        ];
        let chosen = choose_cover(&rows, &[Grade, Subset, Other]);
        assert_eq!(chosen, [true, true, false]);
        let agree = rows.iter().filter(|r| r.agrees(&chosen)).count();
        assert_eq!(agree, 3);
        // A subset that is zero wherever it matters stays a subset.
        let rows = [row(10.0, 10.0, &[0.0, 5.0]), row(12.0, 10.0, &[2.0, 0.0])];
        assert_eq!(choose_cover(&rows, &[Grade, Subset]), [true, false]);
    }

    #[test]
    fn misreading_is_a_share_of_the_rows() {
        assert!(!misread(0, 10));
        assert!(!misread(99, 1861));
        assert!(!misread(2, 10));
        assert!(misread(3, 10));
        assert!(misread(1, 1));
    }
}
