//! The roster into schools: each school's facts from its row, the facts an
//! enrolment table gives beside it, schools far from all the others, and
//! feeders resolved.

use super::*;

pub(super) fn same_school(a: &RawSchool, b: &RawSchool) -> bool {
    let strip = |s: &RawSchool| RawSchool {
        location: Location::default(),
        level: s
            .level
            .as_ref()
            .map(|(t, _)| (t.clone(), Location::default())),
        span: s
            .span
            .as_ref()
            .map(|(t, _)| (t.clone(), Location::default())),
        locale: s
            .locale
            .as_ref()
            .map(|(t, _)| (t.clone(), Location::default())),
        feeder: s
            .feeder
            .as_ref()
            .map(|(t, _)| (t.clone(), Location::default())),
        ..s.clone()
    };
    strip(a) == strip(b)
}

impl Builder {
    /// Roster rows become schools; returns the feeder cells to resolve later.
    pub(super) fn add_roster(&mut self, roster: Vec<RawSchool>) -> Vec<(usize, String, Location)> {
        let mut seen: HashMap<String, RawSchool> = HashMap::new();
        let mut feeders = Vec::new();
        let mut placed: Vec<(usize, Location)> = Vec::new();
        for raw in roster {
            let dedupe_key = raw
                .key
                .id
                .clone()
                .or_else(|| raw.key.name.clone())
                .unwrap_or_default();
            if let Some(first) = seen.get(&dedupe_key) {
                let same = RawSchool {
                    location: first.location.clone(),
                    ..raw.clone()
                };
                if !same_school(first, &same) {
                    let first = first.location.cell_text();
                    self.warn(
                        ProblemKind::RosterConflict {
                            school: raw.key.label(),
                            first,
                        },
                        raw.location.clone(),
                    );
                }
                continue;
            }
            seen.insert(dedupe_key, raw.clone());
            let (school, span) = self.school_from_roster(&raw);
            let i = self.push_school(school, span);
            placed.push((i, raw.location.clone()));
            if let Some((f, loc)) = raw.feeder {
                feeders.push((i, f, loc));
            }
        }
        self.check_far(&placed);
        feeders
    }

    /// A school with longitude/latitude far from the others (over 100 km
    /// from their median point, and over five times the median school's
    /// distance from it) has a wrong coordinate: a mistyped digit, another
    /// datum, a school of another county.
    pub(super) fn check_far(&mut self, placed: &[(usize, Location)]) {
        let points: Vec<(usize, f64, f64, &Location)> = placed
            .iter()
            .filter_map(|(i, loc)| match self.schools[*i].coords {
                Some(Coords::LonLat { lon, lat }) => Some((*i, lon, lat, loc)),
                _ => None,
            })
            .collect();
        if points.len() < 3 {
            return;
        }
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let mid = (
            median(points.iter().map(|p| p.1).collect()),
            median(points.iter().map(|p| p.2).collect()),
        );
        let km: Vec<f64> = points
            .iter()
            .map(|p| crate::places::datum::metres((p.1, p.2), mid) / 1000.0)
            .collect();
        let typical = median(km.clone());
        for (p, d) in points.iter().zip(&km) {
            if *d > 100.0 && *d > 5.0 * typical {
                let school = self.schools[p.0].name.clone();
                self.warn(
                    ProblemKind::FarFromTheOthers { school, km: *d },
                    p.3.clone(),
                );
            }
        }
    }

    /// A roster school's facts that an enrolment table also gives: where
    /// the roster has none the table's are taken; where the two differ the
    /// roster's are kept and the table's cell is warned.
    /// Schools whose every row has no pupil in any grade and that no
    /// roster lists: left out, and named in one note.
    pub(super) fn left_out_empty(
        &mut self,
        empty: &[(crate::import::sheet::SchoolKey, Location)],
    ) -> Option<(Note, Location)> {
        let mut names: Vec<String> = Vec::new();
        let mut first = None;
        for (key, loc) in empty {
            if self.find(key).is_none() && !names.contains(&key.label()) {
                names.push(key.label());
                first.get_or_insert_with(|| loc.clone());
            }
        }
        Some((Note::EmptySchools { schools: names }, first?))
    }

    pub(super) fn table_facts(&mut self, i: usize, h: &RawSchool, from_roster: bool) {
        let cell =
            |b: &Builder, role: Role| h.hint_cell(role).map(|at| b.locate(at)).unwrap_or_default();
        let name = self.schools[i].name.clone();
        let differs = |b: &mut Builder, role, what, roster: String, table: String| {
            let loc = cell(b, role);
            b.warn(
                ProblemKind::TableDiffersFromRoster {
                    school: name.clone(),
                    what,
                    roster,
                    table,
                    from_roster,
                },
                loc,
            );
        };
        if let Some(a) = &h.area {
            use super::areas::area_part;
            match self.schools[i].area.clone() {
                None => self.schools[i].area = Some(a.clone()),
                // The same area, one file naming its city too: keep the city.
                Some(r) if area_part(&r) == area_part(a) => {
                    if a.len() > r.len() {
                        self.schools[i].area = Some(a.clone());
                    }
                }
                Some(r) => differs(
                    self,
                    Role::Area,
                    ("乡镇（片区）", "area"),
                    area_part(&r).to_string(),
                    area_part(a).to_string(),
                ),
            }
        }
        if let (Some(lon), Some(lat)) = (h.lon, h.lat) {
            match self.schools[i].coords {
                None => self.schools[i].coords = Some(Coords::LonLat { lon, lat }),
                // More than 100 m apart: not the same place.
                Some(Coords::LonLat { lon: rl, lat: rr })
                    if crate::places::datum::metres((rl, rr), (lon, lat)) > 100.0 =>
                {
                    differs(
                        self,
                        Role::Lon,
                        ("经纬度", "longitude/latitude"),
                        format!("{rl:.5}, {rr:.5}"),
                        format!("{lon:.5}, {lat:.5}"),
                    )
                }
                Some(_) => {}
            }
        }
        let number = |v: f64| crate::diagnostics::num(v);
        let facts = [
            (Role::Classrooms, h.classrooms, ("教室数", "classrooms")),
            (Role::Capacity, h.capacity, ("核定学位", "approved seats")),
        ];
        for (role, table, what) in facts {
            let Some(t) = table else { continue };
            let roster = match role {
                Role::Classrooms => &mut self.schools[i].classrooms,
                _ => &mut self.schools[i].approved_seats,
            };
            match *roster {
                None => *roster = Some(t),
                Some(r) if (r - t).abs() > 0.5 => differs(self, role, what, number(r), number(t)),
                Some(_) => {}
            }
        }
        if let Some((text, loc)) = &h.level
            && let Some(l) = Level::parse(text)
            && l != self.schools[i].level
        {
            let roster = self.schools[i]
                .level
                .name(crate::i18n::Lang::Zh)
                .to_string();
            self.warn(
                ProblemKind::TableDiffersFromRoster {
                    school: self.schools[i].name.clone(),
                    what: ("学段", "level"),
                    roster,
                    table: text.clone(),
                    from_roster,
                },
                loc.clone(),
            );
        }
    }

    pub(super) fn school_from_roster(&mut self, raw: &RawSchool) -> (School, Option<SpanSource>) {
        let system = self.system;
        let mut level = None;
        let mut teaching_point = false;
        if let Some((text, loc)) = &raw.level {
            level = Level::parse(text);
            teaching_point =
                text.contains("教学点") || text.to_lowercase().contains("teaching point");
            if level.is_none() {
                self.warn(
                    ProblemKind::UnknownLevel { text: text.clone() },
                    loc.clone(),
                );
            }
        }
        let mut span = None;
        if let Some((text, loc)) = &raw.span {
            match parse_grade_span(text) {
                Some((a, b)) => span = Some(GradeSpan::new(a.resolve(system), b.resolve(system))),
                None => {
                    // A level written in the span column ("小学") still tells the span.
                    if level.is_none() {
                        level = Level::parse(text);
                    }
                    if level.is_none() {
                        self.warn(
                            ProblemKind::UnknownLevel { text: text.clone() },
                            loc.clone(),
                        );
                    }
                }
            }
        }
        let source = match (span, level) {
            (Some(_), _) => Some(SpanSource::Given),
            (None, Some(_)) => Some(SpanSource::Level { teaching_point }),
            (None, None) => None,
        };
        let span_value = span
            .or_else(|| level.map(|l| system.span_of(l)))
            .unwrap_or_else(|| system.span_of(Level::Primary));
        let level_value = level.unwrap_or_else(|| system.level_for_span(span_value));
        let locale = raw.locale.as_ref().and_then(|(t, _)| Locale::parse(t));
        let coords = match (raw.x, raw.y, raw.lon, raw.lat) {
            (_, _, Some(lon), Some(lat))
                if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) =>
            {
                Some(Coords::LonLat { lon, lat })
            }
            (_, _, Some(lon), Some(lat)) => {
                self.warn(
                    ProblemKind::BadCoordinate {
                        text: format!("{lon}, {lat}"),
                    },
                    raw.location.clone(),
                );
                None
            }
            (Some(x), Some(y), _, _) => Some(Coords::Km { x, y }),
            _ => None,
        };
        let name = raw
            .key
            .name
            .clone()
            .or_else(|| raw.key.id.clone())
            .unwrap_or_default();
        let school = School {
            id: raw.key.id.clone(),
            name,
            level: level_value,
            span: span_value,
            area: raw.area.clone(),
            locale,
            coords,
            classrooms: raw.classrooms,
            approved_seats: raw.capacity,
            feeder: None,
            opened: raw.opened,
            closed: raw.closed,
            in_roster: true,
            boarders: raw.boarders,
            beds: raw.beds,
            ownership: raw.ownership.as_deref().and_then(Ownership::parse),
            remoteness: raw.remoteness.as_deref().and_then(Remoteness::parse),
        };
        (school, source)
    }

    pub(super) fn resolve_feeders(&mut self, feeders: Vec<(usize, String, Location)>) {
        for (i, text, loc) in feeders {
            let target = self
                .by_id
                .get(&text)
                .or_else(|| self.by_name.get(&text))
                .copied();
            match target {
                Some(t) => self.schools[i].feeder = Some(t),
                None => {
                    let school = self.schools[i].name.clone();
                    self.warn(
                        ProblemKind::UnknownFeeder {
                            school,
                            feeder: text,
                        },
                        loc,
                    );
                }
            }
        }
    }
}
