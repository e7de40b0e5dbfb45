//! What a school's row adds beyond its counts: the facts the table gives of
//! the school, ungraded pupils, numbers nobody placed, the total column's
//! check, and the sums by school, fall and grade.

use super::*;

impl<'a> SheetReader<'a> {
    /// A school id named under two parents in one fall: the ids are the
    /// parents' own (composite keys), said once.
    pub(super) fn parent_checked(
        &mut self,
        header: &Header,
        cols: &Columns,
        id: &str,
        parent: &str,
        year: i32,
        pass: &mut Pass,
    ) {
        let n = pass.id_numbers.len() as u32;
        let id_n = *pass.id_numbers.entry(id.to_string()).or_insert(n);
        let n = pass.parent_numbers.len() as u32;
        let p_n = *pass.parent_numbers.entry(parent.to_string()).or_insert(n);
        match pass.parents.get(&(id_n, year)) {
            Some(&q) if q != p_n => {
                if self.out.id_clash.is_none() {
                    self.out.id_clash = Some((
                        cols.parent.map_or("", |c| header.label(c)).to_string(),
                        cols.id_col.map_or("", |c| header.label(c)).to_string(),
                    ));
                }
            }
            Some(_) => {}
            None => {
                pass.parents.insert((id_n, year), p_n);
            }
        }
    }

    /// What the table says of the school besides its pupils: its place
    /// where no roster gives one (the roster wins where both do), its area,
    /// level and span from the first row that has them, classrooms and
    /// seats from the latest fall.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn school_hints(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        cols: &Columns,
        school: u32,
        year: i32,
        keys: &mut KeyTable,
        pass: &mut Pass,
    ) {
        if cols.lonlat
            && keys.hints.get(&school).is_none_or(|h| h.lon.is_none())
            && let Some((lon, lat, china)) = self.lon_lat(row, header, cols.coords_datum.0)
        {
            pass.in_china |= china;
            let at = header.col(Role::Lon).map(|c| self.cell_at(row, c));
            let hint = keys.hints.entry(school).or_default();
            hint.lon = Some(lon);
            hint.lat = Some(lat);
            if let Some(at) = at {
                hint.hint_at(Role::Lon, at);
            }
        }
        if [
            cols.hint_area,
            cols.hint_level,
            cols.hint_span,
            cols.hint_ownership,
            cols.hint_remoteness,
            cols.hint_rooms,
            cols.hint_seats,
        ]
        .iter()
        .all(Option::is_none)
        {
            return;
        }
        let latest = keys
            .hints
            .get(&school)
            .is_none_or(|h| h.hint_year.is_none_or(|y| y <= year));
        let hint = keys.hints.entry(school).or_default();
        if let Some(c) = cols.hint_area
            && hint.area.is_none()
            && let Some(a) = row.get(c).as_key()
        {
            let city = cols.hint_city.and_then(|c| row.get(c).as_key());
            hint.area = Some(super::super::area_in_city(a, city));
            hint.hint_at(Role::Area, self.cell_at(row, c));
        }
        if let Some(c) = cols.hint_level
            && hint.level.is_none()
            && let Some(l) = row.get(c).as_key()
        {
            hint.level = Some((l, self.at(row, c)));
        }
        if let Some(c) = cols.hint_span
            && hint.span.is_none()
            && let Some(l) = row.get(c).as_key()
        {
            hint.span = Some((l, self.at(row, c)));
        }
        for (col, slot) in [
            (cols.hint_ownership, &mut hint.ownership),
            (cols.hint_remoteness, &mut hint.remoteness),
        ] {
            if let Some(c) = col
                && slot.is_none()
            {
                *slot = row.get(c).as_key();
            }
        }
        if !latest {
            return;
        }
        for (col, role) in [
            (cols.hint_rooms, Role::Classrooms),
            (cols.hint_seats, Role::Capacity),
        ] {
            if let Some(c) = col
                && let Num::Value(v) = row.get(c).number()
                && v >= 0.0
            {
                if role == Role::Classrooms {
                    hint.classrooms = Some(v);
                } else {
                    hint.capacity = Some(v);
                }
                hint.hint_at(role, self.cell_at(row, c));
                hint.hint_year = Some(year);
            }
        }
    }

    /// What a school row holds beyond its grades: ungraded pupils, numbers
    /// nobody placed, and its total column checked against the cover.
    pub(super) fn row_extras(
        &mut self,
        row: &Row<'_>,
        cols: &Columns,
        cover: Option<&Cover>,
        is_section: bool,
        pass: &mut Pass,
    ) {
        for &c in &cols.ungraded {
            if let Num::Value(v) = row.get(c).number() {
                pass.ungraded_sum += v;
            }
        }
        for u in pass.unplaced.iter_mut() {
            if let Num::Value(v) = row.get(u.col).number() {
                u.add(v);
            }
        }
        let Some(cover) = cover.filter(|_| !is_section) else {
            return;
        };
        match cover.row(row) {
            Some(r) if r.agrees(&cover.chosen) => pass.total_column_rows += 1,
            Some(r) => {
                let sum = r.covered(&cover.chosen);
                pass.slips.push((self.at(row, cover.total), r.stated, sum));
            }
            None => {
                if let Num::NotANumber(text) = row.get(cover.total).number() {
                    self.problem(
                        ProblemKind::NotANumber {
                            text,
                            what: Measure::Pupils,
                        },
                        self.at(row, cover.total),
                    );
                }
            }
        }
    }

    /// A school row's grades into the sums: a section row adds to its
    /// school's; another row for the same school, fall and grade is a
    /// duplicate (the same figures) or a conflict.
    pub(super) fn accumulate(
        &mut self,
        found: &[Found],
        school: u32,
        year: i32,
        is_section: bool,
        pass: &mut Pass,
    ) {
        for &(grade, pupils, classes, at) in found {
            let k = (school, year, grade);
            match pass.index.get(&k).map(|&i| &mut pass.acc[i].1) {
                Some(a) if is_section => {
                    pass.any_sections = true;
                    a.pupils += pupils;
                    a.cells += 1;
                    if let Some(c) = classes {
                        a.classes += c;
                        a.classes_known = true;
                    }
                }
                Some(a) => {
                    let first = self.loc.at(a.at.cell).cell_text();
                    let kind = if (a.pupils - pupils).abs() < 1e-9 {
                        ProblemKind::DuplicateRow { first }
                    } else {
                        ProblemKind::DuplicateConflict {
                            first,
                            first_value: a.pupils,
                            value: pupils,
                        }
                    };
                    self.problem(kind, self.loc.at(at.cell));
                }
                None => {
                    pass.index.insert(k, pass.acc.len());
                    pass.acc.push((
                        k,
                        Acc {
                            pupils,
                            classes: classes.unwrap_or(0.0),
                            classes_known: classes.is_some(),
                            cells: 1,
                            at,
                        },
                    ));
                }
            }
        }
    }
}
