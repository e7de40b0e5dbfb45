//! Births sheets: long (area, year, births), wide (a column per year) and
//! by area columns.

use super::*;

impl<'a> SheetReader<'a> {
    pub(super) fn births_value(&mut self, row: &Row<'_>, col: usize) -> Option<f64> {
        self.count(row, col, Measure::Births, true)
    }

    pub(super) fn read_births_long(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::BirthsLong);
        let Some(bc) = header.col(Role::Births) else {
            return;
        };
        let year_col = header.col(Role::Year);
        let area_col = header.col(Role::Area);
        let city_col = super::city_col(header);
        let sheet_year = if year_col.is_none() {
            parse_year_label(&self.sheet.name)
                .or_else(|| parse_year_label(self.file))
                .map(|(y, _)| y)
        } else {
            None
        };
        if year_col.is_none() && sheet_year.is_none() {
            self.problem(ProblemKind::NoYear, self.loc.clone());
            return;
        }
        let mut current_area: Option<String> = None;
        let all_rows = self.take_rows();
        for row in &all_rows[header.last_row + 1..] {
            if row.get(bc).is_empty() {
                continue;
            }
            let area = match area_col.map(|c| row.get(c).as_key()) {
                Some(Some(a)) => {
                    if is_total_or_note(&a) {
                        continue;
                    }
                    current_area = Some(a.clone());
                    Some(a)
                }
                Some(None) => current_area.clone(),
                None => None,
            };
            let city = city_col.and_then(|c| row.get(c).as_key());
            let area = area.map(|a| super::area_in_city(a, city));
            let year = match year_col {
                Some(c) => match row.get(c).calendar_year() {
                    Some(y) => y,
                    None => {
                        let text = row.get(c).display();
                        if !is_total_or_note(&text) {
                            self.problem(ProblemKind::BadYear { text }, self.at(row, c));
                        }
                        continue;
                    }
                },
                None => sheet_year.unwrap_or_default(),
            };
            let Some(births) = self.births_value(row, bc) else {
                continue;
            };
            self.out.rows += 1;
            self.out.births.push(RawBirths {
                area,
                year,
                births,
                location: self.at(row, bc),
            });
        }
        self.restore_rows(all_rows);
    }

    /// A row per area, a column per year.
    pub(super) fn read_births_wide(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::BirthsWide);
        let year_cols = header.year_cols();
        let area_col = header.col(Role::Area).unwrap_or_else(|| {
            (0..header.roles.len())
                .find(|c| header.roles[*c].is_none())
                .unwrap_or(0)
        });
        let city_col = super::city_col(header);
        let all_rows = self.take_rows();
        for row in &all_rows[header.last_row + 1..] {
            let area = row.get(area_col).as_key();
            if let Some(a) = &area
                && is_total_or_note(a)
            {
                continue;
            }
            let city = city_col.and_then(|c| row.get(c).as_key());
            let area = area.map(|a| super::area_in_city(a, city));
            let mut any = false;
            for &(c, year) in &year_cols {
                if let Some(b) = self.births_value(row, c) {
                    any = true;
                    self.out.births.push(RawBirths {
                        area: area.clone(),
                        year,
                        births: b,
                        location: self.at(row, c),
                    });
                }
            }
            if any {
                self.out.rows += 1;
            }
        }
        self.restore_rows(all_rows);
    }

    /// A row per year, a column per area (titled as births).
    pub(super) fn read_births_by_area_columns(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::BirthsWide);
        let Some(yc) = header.col(Role::Year) else {
            return;
        };
        let first = self.rows[header.first_row];
        let areas: Vec<(usize, String)> = (0..first.cells.len())
            .filter(|&c| c != yc && header.roles.get(c).copied().flatten().is_none())
            .filter_map(|c| first.get(c).as_key().map(|a| (c, a)))
            .filter(|(_, a)| !is_total_or_note(a))
            .collect();
        let all_rows = self.take_rows();
        for row in &all_rows[header.last_row + 1..] {
            let Some(year) = row.get(yc).calendar_year() else {
                continue;
            };
            self.out.rows += 1;
            for (c, area) in &areas {
                if let Some(b) = self.births_value(row, *c) {
                    self.out.births.push(RawBirths {
                        area: Some(area.clone()),
                        year,
                        births: b,
                        location: self.at(row, *c),
                    });
                }
            }
        }
        self.restore_rows(all_rows);
    }
}
