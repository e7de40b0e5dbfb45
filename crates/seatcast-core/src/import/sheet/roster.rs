//! The school roster and the facilities sheet: each school's row, its
//! coordinates in the datum the sheet names, and its buildings and equipment.

use super::*;

impl<'a> SheetReader<'a> {
    /// The datum of a sheet's longitude/latitude: the one its headers (or
    /// its name) give, else the planner's setting, else GCJ-02; and
    /// whether the sheet named it.
    pub(super) fn coords_datum(&self, header: &Header) -> (crate::places::datum::Datum, bool) {
        let named = [Role::Lon, Role::Lat]
            .iter()
            .filter_map(|r| header.col(*r))
            .find_map(|c| crate::places::datum::Datum::named_in(header.label(c)))
            .or_else(|| crate::places::datum::Datum::named_in(&self.sheet.name));
        let datum = named
            .or(self.options.datum)
            .unwrap_or(crate::places::datum::DEFAULT);
        (datum, named.is_some())
    }

    /// A row's longitude and latitude in WGS-84: read, a swapped pair put
    /// back (a warning at its cell), converted from the sheet's datum; and
    /// whether the point is in mainland China (where the datum matters).
    pub(super) fn lon_lat(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        datum: crate::places::datum::Datum,
    ) -> Option<(f64, f64, bool)> {
        let (lon_col, lat_col) = (header.col(Role::Lon)?, header.col(Role::Lat)?);
        let mut read = |c: usize| match row.get(c).number() {
            Num::Value(v) => Some(v),
            Num::Blank => None,
            Num::NotANumber(text) | Num::Withheld(text) => {
                self.problem(ProblemKind::BadCoordinate { text }, self.at(row, c));
                None
            }
        };
        let (lon, lat) = (read(lon_col), read(lat_col));
        let (lon, lat) = (lon?, lat?);
        let (lon, lat) = if crate::places::datum::swapped(lon, lat) {
            self.problem(
                ProblemKind::SwappedCoordinates { lon, lat },
                self.at(row, lon_col),
            );
            (lat, lon)
        } else {
            (lon, lat)
        };
        let in_china = coordtransform::is_in_mainland_china(lon, lat);
        let (lon, lat) = datum.to_wgs84(lon, lat);
        Some((lon, lat, in_china))
    }

    pub(super) fn read_roster(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::Roster);
        let (datum, named) = self.coords_datum(header);
        // Said only where it matters: for points inside China.
        let mut in_china = false;
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        let col = |r: Role| header.col(r);
        let mut current_area: Option<String> = None;
        for row in data {
            let key = self.key_of(row, header);
            if key.id.is_none() && key.name.is_none() {
                if row.cells.iter().any(|c| !c.is_empty()) {
                    // A merged township cell may start a row with no school: remember it.
                    if let Some(a) = col(Role::Area).and_then(|c| row.get(c).as_key()) {
                        current_area = Some(a);
                    }
                    let c = col(Role::SchoolName).or(col(Role::SchoolId)).unwrap_or(0);
                    let only_area = row
                        .cells
                        .iter()
                        .enumerate()
                        .all(|(i, v)| v.is_empty() || Some(i) == col(Role::Area));
                    if !only_area {
                        self.problem(ProblemKind::RowWithoutSchool, self.at(row, c));
                    }
                }
                continue;
            }
            if is_total_or_note(&key.label()) {
                continue;
            }
            self.out.rows += 1;
            let text_at = |r: Role| -> Option<(String, Location)> {
                let c = col(r)?;
                row.get(c).as_key().map(|t| (t, self.at(row, c)))
            };
            let area = match col(Role::Area).and_then(|c| row.get(c).as_key()) {
                Some(a) => {
                    current_area = Some(a.clone());
                    Some(a)
                }
                // Blank under a merged township cell: same township as above.
                None if col(Role::Area).is_some() => current_area.clone(),
                None => None,
            };
            let city = super::city_col(header).and_then(|c| row.get(c).as_key());
            let area = area.map(|a| super::area_in_city(a, city));
            let mut school = RawSchool {
                key,
                level: text_at(Role::Level),
                span: text_at(Role::GradeSpan),
                area,
                locale: text_at(Role::Locale),
                ownership: text_at(Role::Ownership).map(|(t, _)| t),
                remoteness: text_at(Role::Remoteness).map(|(t, _)| t),
                feeder: text_at(Role::Feeder),
                location: self.loc.at(CellRef::new(row.index, 0)),
                ..RawSchool::default()
            };
            let num = |me: &mut Self, r: Role, what: Measure| {
                col(r).and_then(|c| me.count(row, c, what, false))
            };
            school.classrooms = num(self, Role::Classrooms, Measure::Classrooms);
            school.capacity = num(self, Role::Capacity, Measure::Seats);
            school.boarders = num(self, Role::Boarders, Measure::Seats);
            school.beds = num(self, Role::Beds, Measure::Seats);
            for (role, slot) in [(Role::X, &mut school.x), (Role::Y, &mut school.y)] {
                if let Some(c) = col(role) {
                    match row.get(c).number() {
                        Num::Value(v) => *slot = Some(v),
                        Num::Blank => {}
                        Num::NotANumber(text) | Num::Withheld(text) => {
                            self.problem(ProblemKind::BadCoordinate { text }, self.at(row, c))
                        }
                    }
                }
            }
            if let Some((lon, lat, china)) = self.lon_lat(row, header, datum) {
                in_china |= china;
                school.lon = Some(lon);
                school.lat = Some(lat);
            }
            for (role, slot) in [
                (Role::Opened, &mut school.opened),
                (Role::Closed, &mut school.closed),
            ] {
                if let Some(c) = col(role) {
                    let v = row.get(c);
                    if !v.is_empty() {
                        match v.fall_year() {
                            Some(y) => *slot = Some(y),
                            None => self.problem(
                                ProblemKind::BadYear { text: v.display() },
                                self.at(row, c),
                            ),
                        }
                    }
                }
            }
            if header.roles.iter().flatten().any(|r| r.is_facility()) {
                self.facility_row(row, header, school.key.clone(), None);
            }
            self.out.schools.push(school);
        }
        if in_china {
            self.note(Note::Datum { datum, named });
        }
        self.restore_rows(all_rows);
    }

    /// The school a row of a staff or facilities sheet is about, counted as
    /// a row read; None for a total or note row, and for a row with no
    /// school (reported at its school cell unless the row is empty).
    pub(super) fn school_of_row(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        school_col: usize,
    ) -> Option<SchoolKey> {
        let key = self.key_of(row, header);
        if key.id.is_none() && key.name.is_none() {
            if row.cells.iter().any(|c| !c.is_empty()) {
                self.problem(ProblemKind::RowWithoutSchool, self.at(row, school_col));
            }
            return None;
        }
        if is_total_or_note(&key.label()) {
            return None;
        }
        self.out.rows += 1;
        Some(key)
    }

    /// A facilities sheet (办学条件): a row per school, or per school and
    /// year when it has a year column.
    pub(super) fn read_facilities(&mut self, header: &Header) {
        self.out.kind = Some(SheetKind::Facilities);
        let all_rows = self.take_rows();
        let data = &all_rows[header.last_row + 1..];
        let school_col = header
            .col(Role::SchoolName)
            .or(header.col(Role::SchoolId))
            .unwrap_or(0);
        for row in data {
            let Some(key) = self.school_of_row(row, header, school_col) else {
                continue;
            };
            let year = match header.col(Role::Year) {
                Some(c) if !row.get(c).is_empty() => match row.get(c).fall_year() {
                    Some(y) => Some(y),
                    None => {
                        self.problem(
                            ProblemKind::BadYear {
                                text: row.get(c).display(),
                            },
                            self.at(row, c),
                        );
                        continue;
                    }
                },
                _ => None,
            };
            self.facility_row(row, header, key, year);
        }
        self.restore_rows(all_rows);
    }

    /// One row's facilities (a roster's or a facilities sheet's), for the
    /// school the row names.
    pub(super) fn facility_row(
        &mut self,
        row: &Row<'_>,
        header: &Header,
        key: SchoolKey,
        year: Option<i32>,
    ) {
        let school_col = header
            .col(Role::SchoolName)
            .or(header.col(Role::SchoolId))
            .unwrap_or(0);
        let value = |me: &mut Self, role: Role| -> Option<f64> {
            let c = header.col(role)?;
            // Areas and 万元 have decimals; a negative figure is a slip.
            let v = me.count(row, c, Measure::Facility, false)?;
            if v < 0.0 {
                me.problem(ProblemKind::NegativeCount { value: v }, me.at(row, c));
                return None;
            }
            // 万元 headers: the value is in ten thousands of 元.
            let scale = if role == Role::EquipmentValue && header.label(c).contains("万元") {
                10_000.0
            } else {
                1.0
            };
            Some(v * scale)
        };
        let facility = crate::model::Facility {
            school: 0,
            year,
            floor_m2: value(self, Role::FloorArea),
            sports_m2: value(self, Role::SportsArea),
            equipment_yuan: value(self, Role::EquipmentValue),
            multimedia_rooms: value(self, Role::MultimediaRooms),
        };
        if [
            facility.floor_m2,
            facility.sports_m2,
            facility.equipment_yuan,
            facility.multimedia_rooms,
        ]
        .iter()
        .all(Option::is_none)
        {
            return;
        }
        let at = self.at(row, school_col);
        self.out.facilities.push(RawFacility {
            school: key,
            facility,
            at,
        });
    }
}
