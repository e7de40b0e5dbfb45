//! A sheet's totals: the total column's cover worked out from its
//! arithmetic and checked on every school row, total rows (labelled or
//! not) checked against the rows above them, and headings told from
//! totals.

use super::*;

/// What a sheet's total column covers, worked out from its arithmetic over
/// all its rows ([`crate::import::reconcile::choose_cover`]).
#[derive(Debug, Clone, Default)]
pub(super) struct Cover {
    pub(super) total: usize,
    /// Grades 1 and up: always covered.
    pub(super) base: Vec<usize>,
    pub(super) optional: Vec<usize>,
    pub(super) chosen: Vec<bool>,
}

impl Cover {
    pub(super) fn row(&self, row: &Row<'_>) -> Option<CoverRow> {
        let stated = match row.get(self.total).number() {
            Num::Value(v) => v,
            _ => return None,
        };
        let value = |c: &usize| match row.get(*c).number() {
            Num::Value(v) => v,
            _ => 0.0,
        };
        Some(CoverRow {
            stated,
            base: self.base.iter().map(value).sum(),
            optional: self.optional.iter().map(value).collect(),
        })
    }

    pub(super) fn covers(&self, col: usize) -> bool {
        self.optional
            .iter()
            .zip(&self.chosen)
            .any(|(c, chosen)| *c == col && *chosen)
    }
}

/// The sheet's total column and what it covers, and the header with the
/// columns the total shows to be pupils of their own given back to their
/// grade: a column guessed to be part of a grade already counted (`PK
/// SPED`) that the total counts beside that grade, or a pre-school column
/// whose header names no grade exactly (`State PK`, `Head Start`). A guess
/// never removes a column from the data.
pub(super) fn settle_cover(header: &Header, data: &[Row<'_>], total: usize) -> (Header, Cover) {
    let key_cols = [
        header.col(Role::SchoolId),
        header.col(Role::SchoolName),
        parent_col(header),
    ];
    let mut cover = Cover {
        total,
        ..Cover::default()
    };
    let mut kinds = Vec::new();
    for (c, role) in header.roles.iter().enumerate() {
        if c == total || key_cols.contains(&Some(c)) {
            continue;
        }
        let kind = match role {
            Some(Role::GradePupils(GradeLabel::Fixed(crate::grades::Grade(n)))) if *n >= 1 => {
                cover.base.push(c);
                continue;
            }
            Some(Role::GradePupils(GradeLabel::Junior(_))) => {
                cover.base.push(c);
                continue;
            }
            Some(Role::GradePupils(_)) => CoverKind::Grade,
            Some(Role::Subset) => CoverKind::Subset,
            Some(Role::Ungraded) => CoverKind::Other,
            None if !is_identifier_header(header.label(c)) => CoverKind::Other,
            _ => continue,
        };
        cover.optional.push(c);
        kinds.push(kind);
    }
    let rows: Vec<CoverRow> = data.iter().filter_map(|r| cover.row(r)).collect();
    cover.chosen = choose_cover(&rows, &kinds);
    let mut settled = header.clone();
    let mut regraded: Vec<GradeLabel> = Vec::new();
    for ((&c, &chosen), kind) in cover.optional.iter().zip(&cover.chosen).zip(&kinds) {
        if !chosen {
            continue;
        }
        let grade = match kind {
            CoverKind::Subset => crate::import::columns::grade_named_in(header.label(c), false),
            CoverKind::Other if header.roles[c].is_none() => {
                crate::import::columns::grade_named_in(header.label(c), true)
            }
            _ => None,
        };
        if let Some(g) = grade {
            settled.roles[c] = Some(Role::GradePupils(g));
            settled.subsets.retain(|&s| s != c);
            regraded.push(g);
        }
    }
    // Say which columns were added into each grade given back.
    for g in &regraded {
        if settled.summed.iter().any(|(s, _)| s == g) {
            continue;
        }
        let cols: Vec<usize> = settled
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == Some(Role::GradePupils(*g)))
            .map(|(c, _)| c)
            .collect();
        if cols.len() > 1 {
            settled.summed.push((*g, cols));
        }
    }
    (settled, cover)
}

impl<'a> SheetReader<'a> {
    /// The total column against the grades on every school row: what it
    /// covers said once; disagreement on scattered rows is the file's own
    /// slip (one warning), on many rows a misreading (an error at each cell,
    /// and the column-mapping step).
    pub(super) fn total_column_checked(
        &mut self,
        header: &Header,
        cover: &Cover,
        agreed: usize,
        slips: Vec<(Location, f64, f64)>,
        unplaced: &[Unplaced],
    ) {
        let checked = agreed + slips.len();
        if agreed > 0 {
            let beyond = cover
                .optional
                .iter()
                .zip(&cover.chosen)
                .filter(|(c, chosen)| {
                    **chosen
                        && !matches!(header.roles[**c], Some(Role::GradePupils(_)))
                        && (header.roles[**c].is_some()
                            || unplaced.iter().any(|u| u.col == **c && u.sum != 0.0))
                })
                .map(|(c, _)| header.label(*c).to_string())
                .collect();
            self.note(Note::TotalColumn {
                header: header.label(cover.total).to_string(),
                rows: agreed,
                of: checked,
                beyond,
            });
        }
        if slips.is_empty() {
            return;
        }
        if misread(slips.len(), checked) {
            for (at, stated, sum) in slips {
                self.problem(ProblemKind::TotalMismatch { stated, sum }, at);
            }
            self.out.preview.needs_mapping = true;
            return;
        }
        let pupils = slips
            .iter()
            .map(|(_, stated, sum)| (stated - sum).abs())
            .sum();
        let first: Vec<String> = slips
            .iter()
            .take(3)
            .map(|(at, _, _)| at.cell_text())
            .collect();
        let at = slips[0].0.clone();
        self.problem(
            ProblemKind::TotalSlips {
                header: header.label(cover.total).to_string(),
                rows: slips.len(),
                of: checked,
                pupils,
                first,
            },
            at,
        );
    }

    /// A row with no counts: a section heading starts a new run of schools.
    pub(super) fn heading_or_skip(&mut self, row: &Row<'_>, header: &Header, totals: &mut Totals) {
        let named = [header.col(Role::SchoolId), header.col(Role::SchoolName)]
            .iter()
            .flatten()
            .any(|&c| !row.get(c).is_empty());
        if named || row.cells.iter().any(|c| matches!(c, Value::Text(_))) {
            totals.heading();
        }
        // A school's row with its grades all blank (a heading fills one
        // cell; a school's row its name and more): remembered, so a school
        // left out for having no pupil is named.
        let filled = row.cells.iter().filter(|c| !c.is_empty()).count();
        if named && filled >= 2 {
            let school = self.key_of(row, header);
            let label = school.label();
            if !is_total_or_note(&label) && !is_heading_label(&label) {
                let c = header
                    .col(Role::SchoolName)
                    .or(header.col(Role::SchoolId))
                    .unwrap_or(0);
                self.out.empty.push((school, self.at(row, c)));
            }
        }
    }

    /// A total row: compared with the rows above it; a mismatch is an error
    /// at its cell.
    pub(super) fn total_row(
        &mut self,
        row: &Row<'_>,
        label: &str,
        cells: &[TotalCell],
        totals: &mut Totals,
        labelled: bool,
    ) {
        if let Err(m) = totals.check(cells, labelled) {
            let at = self.at(row, m.col);
            self.row_mismatches.push((label.to_string(), m, at));
        }
    }

    /// Total rows that disagree with the rows they sum: where most of the
    /// sheet's total rows agree, the few that do not are the file's own
    /// slips (warnings); where most disagree, the rows were misread (errors).
    pub(super) fn total_rows_checked(&mut self, matched: usize) {
        let mismatches = std::mem::take(&mut self.row_mismatches);
        let misread = mismatches.len() >= matched;
        for (label, m, at) in mismatches {
            let (stated, sum, from_row, to_row) = (m.stated, m.sum, m.rows.0 + 1, m.rows.1 + 1);
            let kind = if misread {
                ProblemKind::TotalRowMismatch {
                    label,
                    stated,
                    sum,
                    from_row,
                    to_row,
                }
            } else {
                ProblemKind::TotalRowSlip {
                    label,
                    stated,
                    sum,
                    from_row,
                    to_row,
                }
            };
            self.problem(kind, at);
        }
    }
}
