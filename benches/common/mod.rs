//! Synthetic data for the benchmarks, shaped like benches/peer/peer_pandas.py
//! `synth`: schools × 7 falls (2019–2025) × 9 grades, an area per 50 schools,
//! births 2008–2025. Deterministic: the data never changes between runs.

use seatcast::grades::{Grade, GradeSpan, GradeSystem, Level};
use seatcast::model::{Births, Coords, Dataset, Enrolment, School};

/// A small fixed PRNG (the data must not change between runs).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }
}

pub fn synth(n: usize) -> Dataset {
    let mut rng = Lcg(1);
    let areas = n.div_ceil(50);
    let mut place = Lcg(7);
    let side = (n as f64).sqrt() * 2.0;
    let schools = (0..n)
        .map(|i| School {
            id: Some(i.to_string()),
            name: format!("school {i}"),
            level: Level::NineYear,
            span: GradeSpan::new(Grade(1), Grade(9)),
            area: Some(format!("area {}", i / 50)),
            locale: None,
            coords: Some(Coords::Km {
                x: place.range(0, 1000) as f64 / 1000.0 * side,
                y: place.range(0, 1000) as f64 / 1000.0 * side,
            }),
            classrooms: Some(rng.range(6, 40) as f64),
            approved_seats: None,
            feeder: None,
            opened: None,
            closed: None,
            in_roster: true,
            boarders: None,
            beds: None,
            ownership: None,
            remoteness: None,
        })
        .collect();
    let mut enrolment = Vec::with_capacity(n * 63);
    for s in 0..n {
        let base = rng.range(20, 300) as f64;
        for year in 2019..=2025 {
            for g in 1..=9 {
                let noise = 0.9 + rng.range(0, 200) as f64 / 1000.0;
                enrolment.push(Enrolment {
                    school: s,
                    year,
                    grade: Grade(g),
                    pupils: (base * noise).floor(),
                    classes: None,
                });
            }
        }
    }
    let mut births = Vec::new();
    for a in 0..areas {
        for year in 2008..=2025 {
            births.push(Births {
                area: Some(format!("area {a}")),
                year,
                births: rng.range(500, 3000) as f64,
            });
        }
    }
    births.sort_by(|a, b| (&a.area, a.year).cmp(&(&b.area, b.year)));
    Dataset {
        grade_system: GradeSystem::SixThreeThree,
        schools,
        enrolment,
        births,
        sources: Vec::new(),
        teachers: Vec::new(),
        facilities: Vec::new(),
        boundaries: Vec::new(),
        roads: None,
    }
}

/// `per_school` members of staff at each of the dataset's schools, with
/// birth dates 1962–2001, both sexes, every post and status, and the
/// curriculum's subjects in turn (deterministic).
#[allow(dead_code)] // each bench binary uses its own part of this module
pub fn synth_staff(d: &Dataset, per_school: usize) -> Vec<seatcast::model::Teacher> {
    use seatcast::model::{Establishment, Post, Sex, Teacher};
    const SUBJECTS: [&str; 10] = [
        "chinese",
        "maths",
        "foreign",
        "morality",
        "science",
        "pe",
        "arts",
        "it",
        "history_geography",
        "practice",
    ];
    let mut rng = Lcg(11);
    let mut out = Vec::with_capacity(d.schools.len() * per_school);
    for school in 0..d.schools.len() {
        for k in 0..per_school {
            let post = match rng.range(0, 20) {
                0 => Post::Admin,
                1 => Post::Support,
                2 => Post::Worker,
                _ => Post::Teaching,
            };
            out.push(Teacher {
                school,
                key: format!("{school}-{k}"),
                sex: Some(if rng.range(0, 2) == 0 {
                    Sex::Male
                } else {
                    Sex::Female
                }),
                birth: Some((1962 + rng.range(0, 40) as i32, 1 + rng.range(0, 12) as u32)),
                subject: (post == Post::Teaching).then(|| SUBJECTS[k % SUBJECTS.len()].to_string()),
                post,
                establishment: if rng.range(0, 10) < 8 {
                    Establishment::OnEstablishment
                } else {
                    Establishment::Contract
                },
                backbone: rng.range(0, 10) == 0,
                arrived: Some(2000 + rng.range(0, 26) as i32),
                qualification: Some(match rng.range(0, 10) {
                    0 => seatcast::model::Qualification::Secondary,
                    1..=3 => seatcast::model::Qualification::Associate,
                    _ => seatcast::model::Qualification::Bachelor,
                }),
                title: None,
            });
        }
    }
    out
}

/// Facilities for every school of a synthetic county: floor, sports
/// ground, equipment and rooms near the 优质均衡 standards for its pupils,
/// some over and some under.
#[allow(dead_code)] // each bench binary uses its own part of this module
pub fn synth_facilities(d: &Dataset) -> Vec<seatcast::model::Facility> {
    let mut rng = Lcg(11);
    let mut pupils = vec![0.0; d.schools.len()];
    let last = d.enrolment.iter().map(|e| e.year).max().unwrap_or(0);
    for e in d.enrolment.iter().filter(|e| e.year == last) {
        pupils[e.school] += e.pupils;
    }
    (0..d.schools.len())
        .map(|i| {
            let p = pupils[i].max(1.0);
            let mut around = |per: f64| per * p * (0.7 + 0.6 * rng.range(0, 1000) as f64 / 1000.0);
            seatcast::model::Facility {
                school: i,
                year: None,
                floor_m2: Some(around(4.5)),
                sports_m2: Some(around(7.5)),
                equipment_yuan: Some(around(2000.0)),
                multimedia_rooms: Some((around(0.023)).round()),
            }
        })
        .collect()
}

/// [`synth`] in longitude/latitude: the km plane laid around 113° E, 28° N,
/// with each area (50 schools) a square boundary of 200 vertices in a
/// 20 × 20 grid over it, so the map draws a province's outlines.
#[allow(dead_code)] // each bench binary uses its own part of this module
pub fn synth_lonlat(n: usize) -> Dataset {
    synth_townships(n, n.div_ceil(50), 50, 0.0)
}

/// [`synth`] in longitude/latitude with `areas` township boundaries in a
/// grid over the schools, each of `per_side` × 4 vertices whose edges
/// wander like real ones by up to `wiggle` of the township's size (0:
/// straight squares).
#[allow(dead_code)] // each bench binary uses its own part of this module
pub fn synth_townships(n: usize, areas: usize, per_side: usize, wiggle: f64) -> Dataset {
    use seatcast::places::areas::Boundary;
    let mut d = synth(n);
    let (lon0, lat0) = (113.0f64, 28.0f64);
    let km_lon = 111.32 * lat0.to_radians().cos();
    let mut extent = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for s in &mut d.schools {
        if let Some(Coords::Km { x, y }) = s.coords {
            let (lon, lat) = (lon0 + x / km_lon, lat0 + y / 111.32);
            s.coords = Some(Coords::LonLat { lon, lat });
            extent = [
                extent[0].min(lon),
                extent[1].min(lat),
                extent[2].max(lon),
                extent[3].max(lat),
            ];
        }
    }
    let side = (areas as f64).sqrt().ceil() as usize;
    let (w, h) = (
        (extent[2] - extent[0]) / side as f64,
        (extent[3] - extent[1]) / side as f64,
    );
    d.boundaries = (0..areas)
        .map(|a| {
            let (x0, y0) = (
                extent[0] + (a % side) as f64 * w,
                extent[1] + (a / side) as f64 * h,
            );
            // `per_side` points a side, closed; each pushed inward by a
            // smooth, deterministic wander (zero at the corners).
            let m = per_side as f64;
            let wander = |k: usize, seed: usize| {
                let t = k as f64 / m;
                let s = seed as f64;
                wiggle
                    * (t * std::f64::consts::PI).sin()
                    * (0.5 + 0.3 * (t * 37.0 + s).sin() + 0.2 * (t * 151.0 + 2.0 * s).sin())
            };
            let mut ring = Vec::with_capacity(4 * per_side + 1);
            for k in 0..per_side {
                ring.push([x0 + w * k as f64 / m, y0 + h * wander(k, a)]);
            }
            for k in 0..per_side {
                ring.push([x0 + w - w * wander(k, a + 1), y0 + h * k as f64 / m]);
            }
            for k in 0..per_side {
                ring.push([x0 + w - w * k as f64 / m, y0 + h - h * wander(k, a + 2)]);
            }
            for k in 0..per_side {
                ring.push([x0 + w * wander(k, a + 3), y0 + h - h * k as f64 / m]);
            }
            ring.push([x0, y0]);
            Boundary::new(format!("area {a}"), vec![vec![ring]])
        })
        .collect();
    d
}

/// A tile folder over a dataset's schools at zooms 5–10 (flat tiles, a
/// shade per zoom), for the basemap benches.
#[allow(dead_code)] // each bench binary uses its own part of this module
pub fn write_tiles(root: &std::path::Path, d: &Dataset) -> usize {
    use seatcast::places::{datum::Datum, tiles};
    let mut extent = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for s in &d.schools {
        if let Some(Coords::LonLat { lon, lat }) = s.coords {
            extent = [
                extent[0].min(lon),
                extent[1].min(lat),
                extent[2].max(lon),
                extent[3].max(lat),
            ];
        }
    }
    let view = [
        extent[0] - 1.0,
        extent[1] - 1.0,
        extent[2] + 1.0,
        extent[3] + 1.0,
    ];
    let mut n = 0;
    for z in 5..=10u8 {
        for t in tiles::covering(view, z, Datum::Wgs84) {
            let dir = root.join(z.to_string()).join(t.x.to_string());
            if std::fs::create_dir_all(&dir).is_err() {
                continue;
            }
            let img = image::RgbImage::from_pixel(256, 256, image::Rgb([200, 220, 180 + 10 * z]));
            if img.save(dir.join(format!("{}.png", t.y))).is_ok() {
                n += 1;
            }
        }
    }
    n
}

/// A synthetic county for the layout optimiser, about `n` schools laid out
/// like a real one: townships 14 km apart on a grid, ten schools each — a
/// central primary (600–1,400 pupils) and a junior school (300–900) in the
/// township's town, and eight village primaries (15–180 pupils; every
/// fourth a grades 1–3 teaching point) 2.5–7 km around it; classrooms for
/// 75–130 % of the pupils; falls 2019–2025; births 2008–2025 falling by a
/// fifth, as in much of rural China. Deterministic.
#[allow(dead_code)] // each bench binary uses its own part of this module
pub fn synth_county(n: usize) -> Dataset {
    let mut rng = Lcg(3);
    let towns = n.div_ceil(10);
    let cols = (towns as f64).sqrt().ceil() as usize;
    let mut schools = Vec::with_capacity(towns * 10);
    let mut sizes = Vec::with_capacity(towns * 10);
    for t in 0..towns {
        let (cx, cy) = ((t % cols) as f64 * 14.0, (t / cols) as f64 * 14.0);
        for j in 0..10 {
            let (lo, hi, pupils, x, y) = match j {
                0 => (1, 6, rng.range(600, 1400), cx, cy),
                1 => (7, 9, rng.range(300, 900), cx + 0.5, cy),
                _ => {
                    let angle = rng.range(0, 6283) as f64 / 1000.0;
                    let r = 2.5 + rng.range(0, 4500) as f64 / 1000.0;
                    let hi = if j % 4 == 0 { 3 } else { 6 };
                    (
                        1,
                        hi,
                        rng.range(15, 180),
                        cx + r * angle.cos(),
                        cy + r * angle.sin(),
                    )
                }
            };
            let share = 0.75 + rng.range(0, 550) as f64 / 1000.0;
            let size = if lo == 7 { 50.0 } else { 45.0 };
            schools.push(School {
                id: Some(format!("{t}-{j}")),
                name: format!("town {t} school {j}"),
                level: if lo == 7 {
                    Level::Junior
                } else {
                    Level::Primary
                },
                span: GradeSpan::new(Grade(lo), Grade(hi)),
                area: Some(format!("town {t}")),
                locale: None,
                coords: Some(Coords::Km { x, y }),
                classrooms: Some((pupils as f64 * share / size).ceil().max(1.0)),
                approved_seats: None,
                feeder: None,
                opened: None,
                closed: None,
                in_roster: true,
                boarders: None,
                beds: None,
                ownership: None,
                remoteness: None,
            });
            sizes.push((pupils as f64, lo, hi));
        }
    }
    let mut enrolment = Vec::new();
    for (s, &(pupils, lo, hi)) in sizes.iter().enumerate() {
        let per_grade = pupils / f64::from(hi - lo + 1);
        for year in 2019..=2025 {
            // Fewer pupils each year, as births fall.
            let trend = 1.0 - 0.025 * f64::from(year - 2019);
            for g in lo..=hi {
                let noise = 0.9 + rng.range(0, 200) as f64 / 1000.0;
                enrolment.push(Enrolment {
                    school: s,
                    year,
                    grade: Grade(g),
                    pupils: (per_grade * trend * noise).round(),
                    classes: None,
                });
            }
        }
    }
    let mut births = Vec::new();
    for t in 0..towns {
        let primary: f64 = sizes[t * 10..t * 10 + 10]
            .iter()
            .filter(|s| s.1 == 1)
            .map(|s| s.0 / f64::from(s.2))
            .sum();
        for year in 2008..=2025 {
            let fall = 1.0 - 0.2 * f64::from(year - 2008) / 17.0;
            births.push(Births {
                area: Some(format!("town {t}")),
                year,
                births: (primary * 1.05 * fall).round(),
            });
        }
    }
    births.sort_by(|a, b| (&a.area, a.year).cmp(&(&b.area, b.year)));
    Dataset {
        grade_system: GradeSystem::SixThreeThree,
        schools,
        enrolment,
        births,
        sources: Vec::new(),
        teachers: Vec::new(),
        facilities: Vec::new(),
        boundaries: Vec::new(),
        roads: None,
    }
}
