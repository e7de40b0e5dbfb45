//! A sheet's years: the fall a sheet or its year column names, read under the
//! year convention, checked for plausibility, and the census-style years
//! (年末 / 学年初) said as notes.

use super::*;

/// How the years of a sheet's rows are found.
#[derive(Debug, Clone)]
pub(super) enum YearFrom {
    /// A year column; bare years there read by the convention.
    Column {
        col: usize,
        convention: YearConvention,
        why: YearWhy,
    },
    /// One fall for the whole sheet.
    Sheet(i32),
}

pub(super) fn apply(convention: YearConvention, y: i32) -> i32 {
    match convention {
        YearConvention::Fall => y,
        YearConvention::Spring => y - 1,
    }
}

impl<'a> SheetReader<'a> {
    /// The fall this sheet is about when it has no year column: the
    /// mapping's, else from its name, the title block above the header, or
    /// the file name. A bare year there is the fall's in a Chinese file and
    /// the spring's in an English one, unless the planner said otherwise.
    pub(super) fn sheet_year(&mut self, header: &Header) -> Option<i32> {
        if let Some(y) = header.mapped.as_ref().and_then(|m| m.year) {
            return Some(y);
        }
        let title = self.rows[..header.first_row]
            .iter()
            .flat_map(|r| r.cells.iter())
            .find_map(|c| match c {
                Value::Text(t) => parse_year_label(t).map(|y| (t.clone(), y)),
                _ => None,
            });
        let found = parse_year_label(&self.sheet.name)
            .map(|y| (self.sheet.name.clone(), y, YearSource::SheetName))
            .or_else(|| title.map(|(t, y)| (t, y, YearSource::Title)))
            .or_else(|| {
                parse_year_label(self.file)
                    .map(|y| (self.file.to_string(), y, YearSource::FileName))
            });
        let (text, (y, form), source) = found?;
        if form != YearForm::Bare {
            return Some(y);
        }
        let (convention, why) = match header
            .mapped
            .as_ref()
            .and_then(|m| m.years)
            .or(self.options.years)
        {
            Some(c) => (c, YearWhy::Setting),
            None if header.chinese => (
                YearConvention::Fall,
                YearWhy::DefaultLanguage { chinese: true },
            ),
            None => (
                YearConvention::Spring,
                YearWhy::DefaultLanguage { chinese: false },
            ),
        };
        let fall = apply(convention, y);
        let label = match source {
            YearSource::FileName | YearSource::Title => y.to_string(),
            _ => text,
        };
        self.note(Note::Years {
            source,
            header: String::new(),
            convention,
            why,
            label,
            fall,
        });
        Some(fall)
    }

    /// How the rows' years are found: a year column, or the sheet's one fall.
    pub(super) fn year_from(&mut self, header: &Header) -> Option<YearFrom> {
        if let Some(col) = header.col(Role::Year) {
            let setting = header
                .mapped
                .as_ref()
                .and_then(|m| m.years)
                .or(self.options.years);
            let (convention, why) = match (header.years, setting) {
                (_, Some(c)) if header.mapped.is_some() => (c, YearWhy::Setting),
                (Some(c), _) => (c, YearWhy::Header),
                (None, Some(c)) => (c, YearWhy::Setting),
                (None, None) => (YearConvention::Fall, YearWhy::DefaultColumn),
            };
            self.roc_years = header.chinese;
            return Some(YearFrom::Column {
                col,
                convention,
                why,
            });
        }
        match self.sheet_year(header) {
            Some(y) => self.plausible(y, None).map(YearFrom::Sheet),
            None => {
                self.problem(ProblemKind::NoYear, self.loc.clone());
                None
            }
        }
    }

    /// The fall of one cell of the year column.
    pub(super) fn cell_year(&mut self, v: &Value, convention: YearConvention) -> Option<i32> {
        let Some((y, form)) = v.year_label() else {
            // 学年度 113 in a Chinese header: a 民国 school year.
            let n = match v {
                Value::Number(n) if n.fract() == 0.0 && (1.0..=200.0).contains(n) => {
                    Some(*n as i32)
                }
                Value::Text(t) => t
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .or_else(|| {
                        crate::import::value::roc_year(t)
                            .map(|y| y - crate::import::value::ROC_OFFSET)
                    }),
                _ => None,
            };
            let fall = n.filter(|_| self.roc_years)? + crate::import::value::ROC_OFFSET;
            if self.roc_seen.is_none() {
                self.roc_seen = Some((v.display(), fall));
            }
            return Some(fall);
        };
        if form != YearForm::Bare {
            return Some(y);
        }
        let fall = apply(convention, y);
        if self.bare_seen.is_none() {
            self.bare_seen = Some((v.display(), fall));
        }
        Some(fall)
    }

    /// A fall the data may hold; else an error at the cell (None).
    pub(super) fn plausible(&mut self, year: i32, row: Option<(&Row<'_>, usize)>) -> Option<i32> {
        if crate::import::value::plausible_fall(year) {
            return Some(year);
        }
        let loc = match row {
            Some((r, c)) => self.at(r, c),
            None => self.loc.clone(),
        };
        self.problem(
            ProblemKind::YearOutOfRange {
                year,
                latest: crate::import::value::current_year() + 1,
            },
            loc,
        );
        None
    }

    /// The one fall a row-per-pupil export counts, from (in order) its title
    /// (…2024年秋季学期…, 2024学年, 113學年度), a 学年/学期/统计年度 column,
    /// the sheet's or file's name, or the column mapping; said in a note.
    /// An entry date (入学年月) is when a pupil came, never the count's year:
    /// without a year from these the sheet asks (the mapping step).
    pub(super) fn census_year(&mut self, header: &Header) -> Option<YearFrom> {
        use crate::import::notes::CensusSource;
        let title = self.rows[..header.first_row]
            .iter()
            .flat_map(|r| r.cells.iter())
            .find_map(|c| match c {
                Value::Text(t) => parse_year_label(t).map(|y| (t.trim().to_string(), y)),
                _ => None,
            });
        let bare_fall = |me: &Self, (y, form): (i32, YearForm)| match form {
            YearForm::Bare => match header
                .mapped
                .as_ref()
                .and_then(|m| m.years)
                .or(me.options.years)
            {
                Some(c) => apply(c, y),
                // A 学年 named by one year is the school year that began then.
                None if header.chinese => y,
                None => y - 1,
            },
            _ => y,
        };
        let found = if let Some(y) = header.mapped.as_ref().and_then(|m| m.year) {
            Some((y, CensusSource::Planner, String::new()))
        } else if let Some((text, y)) = title {
            Some((bare_fall(self, y), CensusSource::Title, text))
        } else if let Some(col) = header.col(Role::Year) {
            let rows = &self.rows[header.last_row + 1..];
            let first = rows.iter().map(|r| r.get(col)).find(|v| !v.is_empty());
            match first.and_then(Value::year_label) {
                Some(y) => {
                    // Several counts in one list: read row by row, as before.
                    let more = rows
                        .iter()
                        .map(|r| r.get(col))
                        .any(|v| !v.is_empty() && v.year_label().is_some_and(|(z, _)| z != y.0));
                    if more {
                        return self.year_from(header);
                    }
                    Some((
                        bare_fall(self, y),
                        CensusSource::Column,
                        header.label(col).to_string(),
                    ))
                }
                None => None,
            }
        } else if let Some(y) = parse_year_label(&self.sheet.name) {
            Some((
                bare_fall(self, y),
                CensusSource::SheetName,
                self.sheet.name.clone(),
            ))
        } else {
            parse_year_label(self.file).map(|y| {
                (
                    bare_fall(self, y),
                    CensusSource::FileName,
                    self.file.to_string(),
                )
            })
        };
        let Some((fall, source, text)) = found else {
            self.problem(ProblemKind::NoYear, self.loc.clone());
            self.out.preview.needs_mapping = true;
            return None;
        };
        let fall = self.plausible(fall, None)?;
        self.note(Note::CensusYear { fall, source, text });
        Some(YearFrom::Sheet(fall))
    }

    /// Say once how the year column's bare years were read.
    pub(super) fn note_column_years(&mut self, header: &Header, from: &YearFrom) {
        if let (Some((label, fall)), YearFrom::Column { col, .. }) = (self.roc_seen.take(), from) {
            self.note(Note::RocYears {
                header: header.label(*col).to_string(),
                label,
                fall,
            });
        }
        if let (
            Some((label, fall)),
            YearFrom::Column {
                col,
                convention,
                why,
            },
        ) = (self.bare_seen.take(), from)
        {
            // Seatcast's own convention, unasked, on a Chinese file: nothing to say.
            if *why == YearWhy::DefaultColumn && header.chinese {
                return;
            }
            self.note(Note::Years {
                source: YearSource::Column,
                header: header.label(*col).to_string(),
                convention: *convention,
                why: *why,
                label,
                fall,
            });
        }
    }

    /// A row's fall: the sheet's, else the year column's (a blank cell is
    /// the row above's, kept in `current`). Some(None) where the year cell
    /// holds a total or a note and `totals` allows it; None where the row
    /// is skipped (its year is bad, said).
    pub(super) fn row_fall(
        &mut self,
        row: &Row<'_>,
        year_from: &YearFrom,
        current: &mut Option<i32>,
        totals: bool,
    ) -> Option<Option<i32>> {
        let (col, convention) = match year_from {
            YearFrom::Column {
                col, convention, ..
            } => (*col, *convention),
            YearFrom::Sheet(y) => return Some(Some(*y)),
        };
        match row.get(col) {
            Value::Empty => Some(*current),
            v => {
                let v = v.clone();
                match self.cell_year(&v, convention) {
                    Some(y) => {
                        let y = self.plausible(y, Some((row, col)))?;
                        *current = Some(y);
                        Some(Some(y))
                    }
                    None if totals && is_total_or_note(&v.display()) => Some(None),
                    None => {
                        self.problem(
                            ProblemKind::BadYear { text: v.display() },
                            self.at(row, col),
                        );
                        None
                    }
                }
            }
        }
    }
}
