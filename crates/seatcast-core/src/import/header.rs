//! Finding a sheet's header row under a title block, and settling each
//! column's role from its header cell ([`super::columns`]) and from the row
//! as a whole: a second header row under a grouping one (一年级 over 班数 ·
//! 人数, or 男 · 女), bare numbers that are grades only as a run (`01` …
//! `12`), and the parts of one grade (full-day + part-time K) added or, beside
//! the grade's own total, left out. A column mapping the planner gave for
//! this header replaces the guesses.

use super::columns::{Guess, Part, Role, YearConvention, guess_text, has_cjk};
use super::mapping::{Mapping, SheetMapping};
use super::source::Row;
use super::value::Value;
use crate::grades::{Grade, GradeLabel, normalize_label};

/// Recognise one header cell.
pub fn recognise(cell: &Value) -> Option<Role> {
    guess(cell).role
}

/// What one header cell says.
pub fn guess(cell: &Value) -> Guess {
    match cell {
        Value::Number(n) if n.fract() == 0.0 && (1900.0..=2100.0).contains(n) => Guess {
            role: Some(Role::YearValue(*n as i32)),
            ..Guess::default()
        },
        Value::Number(n) if n.fract() == 0.0 && (0.0..=12.0).contains(n) => Guess {
            bare: Some(*n as i8),
            ..Guess::default()
        },
        Value::Text(s) => guess_text(s),
        _ => Guess::default(),
    }
}

/// A sheet's header: the rows it is on, and each column's role.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// Index into `Sheet::rows` of the first and last header rows; data follows.
    pub first_row: usize,
    /// Index into `Sheet::rows` of the last header row (`first_row` for a one-row header).
    pub last_row: usize,
    /// Each column's role, from column A (None: nothing recognised).
    pub roles: Vec<Option<Role>>,
    /// Each column's header as written (two header rows joined).
    pub labels: Vec<String>,
    /// What the year column's header says of its years (`SY`: spring years).
    pub years: Option<YearConvention>,
    /// Grades whose parts were added: (grade, the columns).
    pub summed: Vec<(GradeLabel, Vec<usize>)>,
    /// Columns left out as parts already counted elsewhere.
    pub subsets: Vec<usize>,
    /// Grade columns headed by bare numbers (`01` … `12`): their columns.
    pub bare_grades: Vec<usize>,
    /// The header is written in Chinese.
    pub chinese: bool,
    /// The roles came from the planner's column mapping.
    pub mapped: Option<SheetMapping>,
}

impl Header {
    /// The first column (from 0) with this role.
    pub fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == Some(role))
    }

    /// Whether some column has this role.
    pub fn has(&self, role: Role) -> bool {
        self.col(role).is_some()
    }

    /// The columns of one grade's pupils (wide layout), each with its grade.
    pub fn grade_pupil_cols(&self) -> Vec<(usize, GradeLabel)> {
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(c, r)| match r {
                Some(Role::GradePupils(g)) => Some((c, *g)),
                _ => None,
            })
            .collect()
    }

    /// The columns of one year's births (areas × years), each with its year.
    pub fn year_cols(&self) -> Vec<(usize, i32)> {
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(c, r)| match r {
                Some(Role::YearValue(y)) => Some((c, *y)),
                _ => None,
            })
            .collect()
    }

    /// A column's header as written; empty past the last column.
    pub fn label(&self, col: usize) -> &str {
        self.labels.get(col).map_or("", String::as_str)
    }
}

/// A row of guesses settled into roles: bare-number runs become grades, and
/// a grade's parts are added or left out.
#[derive(Debug, Clone, Default)]
struct Settled {
    roles: Vec<Option<Role>>,
    years: Option<YearConvention>,
    summed: Vec<(GradeLabel, Vec<usize>)>,
    subsets: Vec<usize>,
    bare: Vec<usize>,
}

fn settle(guesses: &[Guess]) -> Settled {
    let mut roles: Vec<Option<Role>> = guesses.iter().map(|g| g.role).collect();
    // Bare numbers are grades when at least three form a run (01 … 12, 1 … 6).
    let bare: Vec<(usize, i8)> = guesses
        .iter()
        .enumerate()
        .filter_map(|(c, g)| g.bare.filter(|_| g.role.is_none()).map(|n| (c, n)))
        .collect();
    let mut values: Vec<i8> = bare.iter().map(|(_, n)| *n).collect();
    values.sort_unstable();
    values.dedup();
    let run = values.len() == bare.len()
        && bare.len() >= 3
        && values.last().zip(values.first()).map(|(a, b)| a - b + 1) == Some(values.len() as i8);
    let mut bare_cols = Vec::new();
    if run {
        for &(c, n) in &bare {
            let g = if n == 0 {
                GradeLabel::K
            } else {
                GradeLabel::Fixed(Grade(n))
            };
            // A K column elsewhere in the row makes a 0 column a duplicate, not K.
            roles[c] = Some(Role::GradePupils(g));
            bare_cols.push(c);
        }
    }
    // The parts of each grade: beside a whole column they are left out; with
    // none they add up.
    let mut subsets = Vec::new();
    let mut summed = Vec::new();
    let mut seen: Vec<(Role, Vec<usize>, Vec<usize>)> = Vec::new();
    for (c, g) in guesses.iter().enumerate() {
        match roles[c] {
            Some(Role::Subset) => subsets.push(c),
            Some(r @ (Role::GradePupils(_) | Role::GradeClasses(_))) => {
                let at = match seen.iter().position(|(k, _, _)| *k == r) {
                    Some(i) => i,
                    None => {
                        seen.push((r, Vec::new(), Vec::new()));
                        seen.len() - 1
                    }
                };
                match g.part {
                    Part::Split => seen[at].2.push(c),
                    _ => seen[at].1.push(c),
                }
            }
            _ => {}
        }
    }
    for (role, wholes, splits) in seen {
        if let Some((&first, more)) = wholes.split_first() {
            // A second whole column of the same grade is not placed: the
            // numbers in it are reported, not added twice.
            for &c in more {
                roles[c] = None;
            }
            for &c in &splits {
                roles[c] = Some(Role::Subset);
                subsets.push(c);
            }
            let _ = first;
        } else if splits.len() > 1
            && let Role::GradePupils(g) = role
        {
            summed.push((g, splits));
        }
    }
    subsets.sort_unstable();
    let years = guesses
        .iter()
        .zip(&roles)
        .find(|(_, r)| **r == Some(Role::Year))
        .and_then(|(g, _)| g.years);
    Settled {
        roles,
        years,
        summed,
        subsets,
        bare: bare_cols,
    }
}

/// How strongly a row reads as a header.
fn score(roles: &[Option<Role>]) -> usize {
    let key = roles.iter().any(|r| {
        matches!(
            r,
            Some(
                Role::SchoolId
                    | Role::SchoolName
                    | Role::Births
                    | Role::Area
                    | Role::Year
                    | Role::StudentId
            )
        )
    });
    let n = roles
        .iter()
        .filter(|r| r.is_some_and(|r| r != Role::Subset))
        .count();
    if key { n + 1 } else { n / 2 }
}

/// Columns headed by a subject's name beside a school column (a staff
/// table by school and subject), when there are at least two: they count
/// as recognised, since no other list knows them.
fn subject_columns(row: &Row<'_>, roles: &[Option<Role>]) -> usize {
    if !roles
        .iter()
        .any(|r| matches!(r, Some(Role::SchoolName | Role::SchoolId)))
    {
        return 0;
    }
    let n = row
        .cells
        .iter()
        .zip(roles)
        .filter(|(c, r)| r.is_none() && crate::subjects::subject_header(&c.display()).is_some())
        .count();
    if n >= 2 { n } else { 0 }
}

/// How many rows at the top may be a title block.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// The text of each cell, as the planner wrote it.
/// A header row's cells as labels: line breaks inside a cell (`Full-Day\nK`)
/// and runs of spaces read as one space.
fn texts(row: &Row<'_>) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| c.display().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Find the header row (and a second header row under it, when the first
/// groups columns: 一年级 over 班数 | 人数, 在校学生数 over 一年级 | 二年级,
/// Grade K over Full | Part). `births_sheet`: the sheet is titled as births,
/// so a Year column beside area names (which no list can know) is header
/// enough. A mapping whose header matches a row decides instead.
pub fn find_header(rows: &[Row<'_>], births_sheet: bool, mapping: &Mapping) -> Option<Header> {
    if let Some(h) = mapped_header(rows, mapping) {
        return Some(h);
    }
    let mut best: Option<(usize, usize, Vec<Guess>, Settled)> = None;
    let needed = if births_sheet { 2 } else { 3 };
    for (i, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let guesses: Vec<Guess> = row.cells.iter().map(guess).collect();
        let settled = settle(&guesses);
        let s = score(&settled.roles) + subject_columns(row, &settled.roles);
        if s >= needed && best.as_ref().is_none_or(|(_, bs, _, _)| s > *bs) {
            best = Some((i, s, guesses, settled));
        }
    }
    let (i, _, _, mut settled) = best?;
    let mut labels = texts(&rows[i]);
    let mut last_row = i;
    if let Some(next) = rows.get(i + 1)
        && next.index == rows[i].index + 1
        && let Some((joined, joined_labels)) = join_rows(&rows[i], next, &settled)
    {
        settled = joined;
        labels = joined_labels;
        last_row = i + 1;
    }
    let chinese = labels.iter().any(|l| has_cjk(l));
    Some(Header {
        first_row: i,
        last_row,
        roles: settled.roles,
        labels,
        years: settled.years,
        summed: settled.summed,
        subsets: settled.subsets,
        bare_grades: settled.bare,
        chinese,
        mapped: None,
    })
}

/// Join a grouping header row with the row below it when the row below is a
/// sub-header: it holds no numbers, and read under its group labels it names
/// more columns than the top row alone.
fn join_rows(top: &Row, below: &Row, top_alone: &Settled) -> Option<(Settled, Vec<String>)> {
    if below.cells.iter().any(|c| matches!(c, Value::Number(_))) {
        return None;
    }
    let width = top.cells.len().max(below.cells.len());
    let mut labels = Vec::with_capacity(width);
    let mut guesses = Vec::with_capacity(width);
    // The top row's merged group label spreads right over the blanks after it.
    let mut group = String::new();
    for c in 0..width {
        let t = top.get(c).display();
        if !t.is_empty() {
            group = t.clone();
        }
        let b = below.get(c).display();
        let label = match (t.is_empty(), b.is_empty()) {
            (_, true) if !t.is_empty() => t,
            (_, true) => String::new(),
            _ => format!("{group} {b}"),
        };
        let mut g = guess_text(&label);
        // The sub-label alone, where the group adds nothing it knows (a title
        // over the grade columns).
        if g.role.is_none() && !b.is_empty() {
            let alone = guess_text(&b);
            if alone.role.is_some() || alone.bare.is_some() {
                g = alone;
            }
        }
        guesses.push(g);
        labels.push(label);
    }
    let joined = settle(&guesses);
    let named = |s: &Settled| s.roles.iter().filter(|r| r.is_some()).count();
    (named(&joined) > named(top_alone)).then_some((joined, labels))
}

/// The header a mapping gives, at the first row (of the top rows) that
/// matches one of its headers.
fn mapped_header(rows: &[Row<'_>], mapping: &Mapping) -> Option<Header> {
    if mapping.sheets.is_empty() {
        return None;
    }
    for (i, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let key = header_key(&texts(row));
        let Some(m) = mapping.sheets.iter().find(|m| header_key(&m.header) == key) else {
            continue;
        };
        let last_row = (i + m.header_rows.max(1) - 1).min(rows.len().saturating_sub(1));
        let labels = if m.header.len() >= row.cells.len() {
            m.header.clone()
        } else {
            texts(row)
        };
        let roles: Vec<Option<Role>> = (0..labels.len().max(m.roles.len()))
            .map(|c| {
                m.roles
                    .get(c)
                    .copied()
                    .flatten()
                    .filter(|r| *r != Role::Ignore)
            })
            .collect();
        let mut summed: Vec<(GradeLabel, Vec<usize>)> = Vec::new();
        for (c, r) in roles.iter().enumerate() {
            if let Some(Role::GradePupils(g)) = r {
                match summed.iter_mut().find(|(k, _)| k == g) {
                    Some((_, cols)) => cols.push(c),
                    None => summed.push((*g, vec![c])),
                }
            }
        }
        summed.retain(|(_, cols)| cols.len() > 1);
        return Some(Header {
            first_row: i,
            last_row,
            chinese: labels.iter().any(|l| has_cjk(l)),
            labels,
            years: m.years,
            summed,
            subsets: Vec::new(),
            bare_grades: Vec::new(),
            roles,
            mapped: Some(m.clone()),
        });
    }
    None
}

/// A header row's cells as compared with a mapping's: normalised, without
/// the blank cells at its end.
pub fn header_key(cells: &[String]) -> Vec<String> {
    let mut key: Vec<String> = cells.iter().map(|c| normalize_label(c)).collect();
    while key.last().is_some_and(String::is_empty) {
        key.pop();
    }
    key
}

/// The roles Seatcast would guess for a sheet's rows, as the mapping step
/// shows them before the planner changes any: the header row found (or the
/// first row) and each column's role.
pub fn guessed(rows: &[Row<'_>], births_sheet: bool) -> (usize, usize, Vec<Option<Role>>) {
    match find_header(rows, births_sheet, &Mapping::default()) {
        Some(h) => (h.first_row, h.last_row - h.first_row + 1, h.roles),
        None => {
            let roles = rows
                .first()
                .map(|r| settle(&r.cells.iter().map(guess).collect::<Vec<_>>()).roles)
                .unwrap_or_default();
            (0, 1, roles)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[Value]) -> Row<'_> {
        Row { index: 0, cells }
    }

    fn t(s: &str) -> Value {
        Value::text(s)
    }

    #[test]
    fn bare_numbers_are_grades_only_as_a_run() {
        let mut cells = vec![t("Schl ID"), t("Schl Name")];
        cells.extend(["01", "02'", "03", "04"].map(t));
        let s = settle(&cells.iter().map(guess).collect::<Vec<_>>());
        assert_eq!(
            s.roles[3],
            Some(Role::GradePupils(GradeLabel::Fixed(Grade(2))))
        );
        assert_eq!(s.bare, vec![2, 3, 4, 5]);
        let lone = [t("School"), t("3"), t("Total")];
        let s = settle(&lone.iter().map(guess).collect::<Vec<_>>());
        assert_eq!(s.roles[1], None);
        let _ = row(&lone);
    }

    #[test]
    fn parts_add_up_unless_the_grade_has_its_own_total() {
        let cells = [t("ORG_ID"), t("K_Full"), t("K_Part"), t("1st")];
        let s = settle(&cells.iter().map(guess).collect::<Vec<_>>());
        assert_eq!(s.summed, vec![(GradeLabel::K, vec![1, 2])]);
        let cells = [
            t("School"),
            t("Grade 1"),
            t("Grade 1 Male"),
            t("Grade 1 Female"),
        ];
        let s = settle(&cells.iter().map(guess).collect::<Vec<_>>());
        assert_eq!(s.subsets, vec![2, 3]);
        assert!(s.summed.is_empty());
    }

    #[test]
    fn two_header_rows_joined() {
        let top = [
            t("学校名称"),
            t("一年级"),
            Value::Empty,
            t("二年级"),
            Value::Empty,
        ];
        let below = [Value::Empty, t("男"), t("女"), t("合计"), t("其中：女")];
        let rows = [
            Row {
                index: 0,
                cells: &top,
            },
            Row {
                index: 1,
                cells: &below,
            },
        ];
        let h = find_header(&rows, false, &Mapping::default()).unwrap();
        assert_eq!(h.last_row, 1);
        let g = |n| Some(Role::GradePupils(GradeLabel::Fixed(Grade(n))));
        assert_eq!(
            h.roles,
            vec![Some(Role::SchoolName), g(1), g(1), g(2), Some(Role::Subset)]
        );
        assert_eq!(h.summed, vec![(GradeLabel::Fixed(Grade(1)), vec![1, 2])]);
    }
}
