//! Longitude and latitude in the datums rosters copy them in (docs/places.md):
//! read in the datum the header names, else the setting, else GCJ-02, and
//! kept in WGS-84; swapped pairs and far-off schools reported at their cells.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::diagnostics::ProblemKind;
use seatcast::import::{ImportOptions, MemoryFile, Note, load_memory};
use seatcast::model::Coords;
use seatcast::places::datum::{Datum, metres};

const ENROLMENT: &str =
    "学校名称,年份,一年级\n甲校,2025,40\n乙校,2025,30\n丙校,2025,20\n丁校,2025,10\n";

fn load(roster: &str, options: &ImportOptions) -> seatcast::import::Loaded {
    load_memory(
        &[
            MemoryFile {
                name: "在校生.csv",
                bytes: ENROLMENT.as_bytes(),
            },
            MemoryFile {
                name: "学校名册.csv",
                bytes: roster.as_bytes(),
            },
        ],
        options,
    )
    .map_err(|f| format!("{:?}", f.problems))
    .expect("loads")
}

fn lonlat(l: &seatcast::import::Loaded, name: &str) -> (f64, f64) {
    let d = &l.dataset;
    match d.schools[d.school_index(name).expect(name)].coords {
        Some(Coords::LonLat { lon, lat }) => (lon, lat),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn a_named_datum_is_read_and_kept_in_wgs84() {
    // BD-09 (116.404, 39.915) is GCJ-02 (116.397627, 39.908657) (the
    // coordtransform test's published pair): kept in WGS-84, it is that
    // GCJ-02 point when shifted back.
    let roster = "学校名称,学段,经度（百度）,纬度（百度）\n甲校,小学,116.404,39.915\n";
    let l = load(roster, &ImportOptions::default());
    let got = lonlat(&l, "甲校");
    let gcj = Datum::Gcj02.from_wgs84(got.0, got.1);
    assert!(
        metres(gcj, (116.39762729119315, 39.90865673957631)) < 1.0,
        "{got:?}"
    );
    // The Baidu offset is some 600 m: what a datum taken for another leaves.
    assert!(metres(got, (116.404, 39.915)) > 500.0);
    assert!(l.notes.iter().any(|n| n.note
        == Note::Datum {
            datum: Datum::Bd09,
            named: true
        }));
}

#[test]
fn an_unnamed_datum_is_the_setting_else_gcj02() {
    let roster = "学校名称,学段,经度,纬度\n甲校,小学,116.38404722455657,39.91334545536069\n";
    // By default GCJ-02 (AMap): the Beijing reference point comes back to
    // its WGS-84 (116.377817, 39.911954).
    let l = load(roster, &ImportOptions::default());
    assert!(metres(lonlat(&l, "甲校"), (116.377817, 39.911954)) < 1.0);
    assert!(l.notes.iter().any(|n| n.note
        == Note::Datum {
            datum: Datum::Gcj02,
            named: false
        }));
    // Said to be WGS-84, it stays as written.
    let wgs = ImportOptions {
        datum: Some(Datum::Wgs84),
        ..Default::default()
    };
    let l = load(roster, &wgs);
    assert_eq!(lonlat(&l, "甲校"), (116.38404722455657, 39.91334545536069));
}

#[test]
fn swapped_pairs_and_far_off_schools_are_reported_at_their_cells() {
    let roster = "学校名称,学段,经度(WGS84),纬度(WGS84)\n\
        甲校,小学,121.50,31.20\n\
        乙校,小学,31.22,121.52\n\
        丙校,小学,121.48,31.25\n\
        丁校,小学,116.40,39.90\n";
    let l = load(roster, &ImportOptions::default());
    // 乙校's pair is the wrong way round: swapped back, with a warning at C3.
    assert_eq!(lonlat(&l, "乙校"), (121.52, 31.22));
    let swapped = l
        .warnings
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::SwappedCoordinates { .. }))
        .expect("a swap warning");
    assert_eq!(
        swapped.location.cell.map(|c| c.to_string()),
        Some("C3".into())
    );
    // 丁校 is in Beijing, about 1,070 km from the others: a warning on its row.
    let far = l
        .warnings
        .iter()
        .find_map(|p| match &p.kind {
            ProblemKind::FarFromTheOthers { school, km } => Some((school.clone(), *km, p)),
            _ => None,
        })
        .expect("a far-off warning");
    assert_eq!(far.0, "丁校");
    assert!((1000.0..1200.0).contains(&far.1), "{}", far.1);
    assert_eq!(far.2.location.cell.map(|c| c.row + 1), Some(5));
}

mod boundaries {
    use seatcast::diagnostics::ProblemKind;
    use seatcast::import::{ImportOptions, Note, load_paths};
    use seatcast::places::areas::{AreasError, area_at, from_geojson, read};
    use seatcast::places::datum::Datum;
    use std::path::{Path, PathBuf};

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/areas")
            .join(name)
    }

    /// 东镇 is the square 120.0–120.1° E, 30.0–30.1° N with a lake at
    /// 120.04–120.06, 30.04–30.06; 西乡 the square west of it.
    fn check(areas: &[seatcast::places::areas::Boundary]) {
        let names: Vec<&str> = areas.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["东镇", "西乡"]);
        assert_eq!(
            area_at(areas, 120.02, 30.02).map(|b| b.name.as_str()),
            Some("东镇")
        );
        assert_eq!(
            area_at(areas, 119.95, 30.05).map(|b| b.name.as_str()),
            Some("西乡")
        );
        // In the lake, and outside both.
        assert_eq!(area_at(areas, 120.05, 30.05).map(|b| b.name.as_str()), None);
        assert_eq!(area_at(areas, 120.2, 30.05).map(|b| b.name.as_str()), None);
    }

    #[test]
    fn geojson_and_a_gbk_shapefile_give_the_same_areas() {
        check(&read(&fixture("towns.geojson"), Datum::Wgs84).expect("GeoJSON reads"));
        // The .dbf is GBK with no .cpg: its names decode as GBK.
        check(&read(&fixture("towns_gbk.shp"), Datum::Wgs84).expect("the Shapefile reads"));
    }

    #[test]
    fn broken_and_projected_files_are_refused_by_name() {
        let p = Path::new("区划.geojson");
        let e = from_geojson(
            "{\"type\": \"FeatureCollection\", \"features\": [",
            p,
            Datum::Wgs84,
        )
        .expect_err("damaged");
        assert!(matches!(e, AreasError::Damaged { .. }), "{e}");
        // A polygon's position of one number (the fuzzer's find: the
        // GeoJSON converter indexes x and y unchecked).
        let short =
            r#"{"type":"Polygon","coordinates":[[[120,30],[120.1],[120.1,30.1],[120,30]]]}"#;
        let e = from_geojson(short, p, Datum::Wgs84).expect_err("short");
        assert!(
            e.to_string()
                .contains("feature 1: position 2 has fewer than two numbers"),
            "{e}"
        );
        let projected = r#"{"type":"Polygon","coordinates":[[[500000,3300000],[510000,3300000],[510000,3310000],[500000,3300000]]]}"#;
        let e = from_geojson(projected, p, Datum::Wgs84).expect_err("metres");
        assert!(
            e.message(seatcast::i18n::Lang::En).contains("EPSG:4326"),
            "{e}"
        );
        // A truncated .shp beside its .dbf.
        let dir = tempfile::tempdir().unwrap();
        let shp = dir.path().join("broken.shp");
        let bytes = std::fs::read(fixture("towns_gbk.shp")).unwrap();
        std::fs::write(&shp, &bytes[..bytes.len() / 2]).unwrap();
        std::fs::copy(fixture("towns_gbk.dbf"), dir.path().join("broken.dbf")).unwrap();
        assert!(matches!(
            read(&shp, Datum::Wgs84),
            Err(AreasError::Damaged { .. })
        ));
        // A first record claiming 1.9 billion parts (found by the fuzzer:
        // the reader would reserve 7.6 GB for them) is refused by its count.
        let mut huge = bytes.clone();
        huge[144..148].copy_from_slice(&1_900_000_000i32.to_le_bytes());
        std::fs::write(&shp, &huge).unwrap();
        let e = read(&shp, Datum::Wgs84).expect_err("implausible");
        assert!(
            e.to_string()
                .contains("shape 1: its record says 1900000000 parts"),
            "{e}"
        );
        // A part that starts past the last point (the fuzzer's second find:
        // 30 GB asked for a ring).
        let mut past = bytes.clone();
        let parts = i32::from_le_bytes(past[144..148].try_into().unwrap());
        assert!(parts >= 1);
        past[152..156].copy_from_slice(&1_868_759_045i32.to_le_bytes());
        std::fs::write(&shp, &past).unwrap();
        let e = read(&shp, Datum::Wgs84).expect_err("implausible");
        assert!(
            e.to_string()
                .contains("shape 1: part 1 starts at point 1868759045"),
            "{e}"
        );
    }

    #[test]
    fn schools_without_an_area_are_given_the_polygon_that_holds_them() {
        let dir = tempfile::tempdir().unwrap();
        let roster = dir.path().join("学校名册.csv");
        std::fs::write(
            &roster,
            "学校名称,学段,经度(WGS84),纬度(WGS84),乡镇（街道）\n\
             甲校,小学,120.02,30.02,\n乙校,小学,119.95,30.05,\n丙校,小学,119.95,30.06,南岭乡\n",
        )
        .unwrap();
        let enrolment = dir.path().join("在校生.csv");
        std::fs::write(
            &enrolment,
            "学校名称,年份,一年级\n甲校,2025,40\n乙校,2025,30\n丙校,2025,20\n",
        )
        .unwrap();
        let files = vec![roster, enrolment, fixture("towns.geojson")];
        let l = load_paths(&files, &ImportOptions::default()).expect("loads");
        let area = |n: &str| {
            let d = &l.dataset;
            d.schools[d.school_index(n).unwrap()].area.clone()
        };
        assert_eq!(area("甲校").as_deref(), Some("东镇"));
        assert_eq!(area("乙校").as_deref(), Some("西乡"));
        // The roster's own area stands.
        assert_eq!(area("丙校").as_deref(), Some("南岭乡"));
        assert_eq!(l.dataset.boundaries.len(), 2);
        assert!(
            l.notes
                .iter()
                .any(|n| n.note == Note::AreasFromBoundaries { schools: 2 })
        );

        // GeoJSON named `.json`, as GeoAtlas and web maps save it: known by
        // its content. A scenario's `.json` is not taken for one.
        let json = dir.path().join("330100_full.json");
        std::fs::copy(fixture("towns.geojson"), &json).unwrap();
        assert!(seatcast::places::areas::is_boundary_file(&json));
        let scenario = dir.path().join("plan.json");
        std::fs::write(&scenario, r#"{"name": "plan", "actions": []}"#).unwrap();
        assert!(!seatcast::places::areas::is_boundary_file(&scenario));
        let with_json = vec![files[0].clone(), files[1].clone(), json];
        let l = load_paths(&with_json, &ImportOptions::default()).expect("loads");
        assert_eq!(l.dataset.boundaries.len(), 2);

        // A broken boundary file is reported with its file; the data still loads.
        let bad = dir.path().join("坏.geojson");
        std::fs::write(&bad, "not json").unwrap();
        let files = vec![files[0].clone(), files[1].clone(), bad];
        match load_paths(&files, &ImportOptions::default()) {
            Ok(l) => assert!(
                l.warnings
                    .iter()
                    .any(|w| matches!(w.kind, ProblemKind::BadBoundaryFile { .. }))
            ),
            Err(f) => assert!(f.problems.iter().any(|p| matches!(
                p.kind,
                ProblemKind::BadBoundaryFile { .. }
            )
                && p.location.file.ends_with("坏.geojson"))),
        }
    }
}

mod roads {
    use seatcast::places::roads::{Mode, RoadGraph, RoadsError};
    use std::path::Path;

    /// `tests/fixtures/roads/small.osm.pbf` (made with pyosmium, see its
    /// README): nodes 1 (120.00, 30.00), 2 (120.01, 30.00), 3 (120.01,
    /// 30.01), 4 (120.00, 30.01), 5 (120.02, 30.01); residential roads 1–2,
    /// 2–3 and 1–4; a river from 4 to 3 (not a road); a motorway 3–5.
    /// 0.01° of latitude is 1,111.95 m; 0.01° of longitude at 30° N is
    /// 962.99 m (at 30.01° N, 962.91 m).
    fn graph() -> RoadGraph {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roads/small.osm.pbf");
        RoadGraph::from_pbf(&path).expect("the extract reads")
    }

    #[test]
    fn the_shortest_road_goes_round_the_river() {
        let g = graph();
        assert_eq!((g.ways, g.segments), (4, 4), "the river is not a road");
        // 4 to 3 is 963 m as the crow flies, but on foot the road goes
        // 4 → 1 → 2 → 3: 1,111.95 + 962.99 + 1,111.95 = 3,186.9 m.
        let r = g
            .route((120.00, 30.01), (120.01, 30.01), Mode::Walk)
            .expect("joined");
        assert!((r.km * 1000.0 - 3186.9).abs() < 1.0, "{r:?}");
        assert!(r.off_road_km < 1e-9);
        // By bus to 5, over the motorway: 962.99 + 1,111.95 + 962.91 = 3,037.9 m
        // from 1; on foot 5 cannot be reached.
        let r = g
            .route((120.00, 30.00), (120.02, 30.01), Mode::Bus)
            .expect("by bus");
        assert!((r.km * 1000.0 - 3037.9).abs() < 1.0, "{r:?}");
        assert!(
            g.route((120.00, 30.00), (120.02, 30.01), Mode::Walk)
                .is_none()
        );
        // A school 0.001° east of node 1 joins it by a straight 96.3 m leg.
        let r = g
            .route((120.001, 30.00), (120.01, 30.00), Mode::Walk)
            .expect("joined");
        assert!((r.off_road_km * 1000.0 - 96.3).abs() < 0.5, "{r:?}");
        assert!((r.km * 1000.0 - (96.3 + 962.99)).abs() < 1.0, "{r:?}");
    }

    #[test]
    fn a_broken_extract_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("县域路网.osm.pbf");
        std::fs::write(&bad, b"not a pbf at all").unwrap();
        match RoadGraph::from_pbf(&bad) {
            Err(e @ RoadsError::Damaged { .. }) => {
                assert!(
                    e.message(seatcast::i18n::Lang::En)
                        .contains("县域路网.osm.pbf")
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

/// Road distances in the plan: the fixture's extract opened with a roster
/// whose schools stand on its nodes (docs/places.md, "Road distances").
mod roads_in_the_plan {
    use seatcast::diagnostics::ProblemKind;
    use seatcast::engine::Engine;
    use seatcast::engine::plan::{self, PlannerSettings};
    use seatcast::engine::scenario::Scenario;
    use seatcast::import::{ImportOptions, Note, load_paths};
    use seatcast::places::datum::Datum;
    use seatcast::places::roads::Mode;
    use seatcast_testkit::river::{extract, files};
    use std::path::PathBuf;
    use std::sync::Arc;

    #[test]
    fn the_merge_planner_measures_by_road_when_an_extract_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let walking = PlannerSettings {
            transport: false,
            ..PlannerSettings::default()
        };
        let receiver = |files: &[PathBuf]| {
            let l = load_paths(files, &ImportOptions::default()).expect("loads");
            let e = Engine::new(Arc::new(l.dataset));
            let o = e.outcome(&Scenario::default()).expect("outcome");
            let c = plan::merge_candidates(&o, &walking);
            let small = c
                .iter()
                .find(|c| o.dataset.schools[c.school].name == "小校")
                .expect("小校 is a candidate")
                .clone();
            let r = small
                .receivers
                .iter()
                .find(|r| o.dataset.schools[r.school].name == "中心校")
                .expect("中心校 can take it")
                .clone();
            (r, l.notes)
        };
        let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
        // In a straight line 中心校 is 962.9 m east: within the 3 km walk.
        let (r, _) = receiver(&files);
        assert!(!r.by_road);
        assert!(
            (r.distance_km.unwrap() * 1000.0 - 962.9).abs() < 1.0,
            "{r:?}"
        );
        assert!(!r.beyond_radius);
        // On foot by road it is 4 → 1 → 2 → 3 round the river, 3,186.9 m:
        // beyond the 3 km walk.
        files.push(extract());
        let (r, notes) = receiver(&files);
        assert!(r.by_road);
        assert!(
            (r.distance_km.unwrap() * 1000.0 - 3186.9).abs() < 1.0,
            "{r:?}"
        );
        assert!(r.beyond_radius);
        // Every school stands on a node; 远校 is reached by the motorway only
        // (by bus): ten pairs by bus, six on foot (远校's four are not).
        let note = notes.iter().find_map(|n| match &n.note {
            Note::RoadDistances {
                file,
                schools,
                pairs,
            } => Some((file.clone(), *schools, *pairs)),
            _ => None,
        });
        assert_eq!(note, Some(("small.osm.pbf".into(), 5, 10)));
        let l = load_paths(&files, &ImportOptions::default()).expect("loads");
        let d = &l.dataset;
        let (a, b) = (
            d.school_index("南校").unwrap(),
            d.school_index("远校").unwrap(),
        );
        // 1 → 2 → 3 → 5: 962.99 + 1,111.95 + 962.91 = 3,037.9 m by bus.
        let bus = d.travel_km(a, b, Mode::Bus).unwrap();
        assert!(bus.1 && (bus.0 * 1000.0 - 3037.9).abs() < 1.0, "{bus:?}");
        // On foot no road joins them: the straight line stands in.
        let walk = d.travel_km(a, b, Mode::Walk).unwrap();
        assert!(!walk.1, "{walk:?}");
    }

    #[test]
    fn schools_off_the_roads_in_one_datum_and_on_them_in_another_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        // WGS-84 points under a header that names no datum: read as GCJ-02
        // (the default), each moves some 500 m off its road node.
        let mut files = files(dir.path(), "经度,纬度");
        files.push(extract());
        let l = load_paths(&files, &ImportOptions::default()).expect("loads");
        let w = l
            .warnings
            .iter()
            .find_map(|w| match w.kind {
                ProblemKind::DatumMismatch {
                    read,
                    likely,
                    median_m,
                    likely_m,
                } => Some((read, likely, median_m, likely_m, w.location.file.clone())),
                _ => None,
            })
            .expect("the mismatch is reported");
        assert_eq!((w.0, w.1), (Datum::Gcj02, Datum::Wgs84));
        assert!((300.0..800.0).contains(&w.2), "{w:?}");
        assert!(w.3 < 1.0, "{w:?}");
        assert!(w.4.ends_with("small.osm.pbf"));
        // Read as WGS-84, as the header now says: nothing to report.
        let files2 = self::files(dir.path(), "经度(WGS84),纬度(WGS84)");
        let mut files2 = files2;
        files2.push(extract());
        let l = load_paths(&files2, &ImportOptions::default()).expect("loads");
        assert!(
            !l.warnings
                .iter()
                .any(|w| matches!(w.kind, ProblemKind::DatumMismatch { .. }))
        );
    }

    /// 小校 merged into 中心校 in 2026, and 500 dwellings the same fall at
    /// 河西新区 (120.002, 30.01), 192.6 m east of 小校's node 4 on the west
    /// bank. In a straight line 中心校 is nearest (770.3 m; 南校 1,128.5 m);
    /// on foot by road 南校 is: 192.6 m to node 4, then 1,112.0 m south to
    /// node 1 = 1,304.5 m, where 中心校 is 192.6 + 3,186.9 = 3,379.5 m round
    /// the river.
    fn housing_scenario(walking: PlannerSettings) -> Scenario {
        use seatcast::engine::plan::{Action, Receiver};
        use seatcast::model::Coords;
        Scenario {
            planner: walking,
            actions: vec![
                Action::Merge {
                    year: 2026,
                    school: "小校".into(),
                    into: vec![Receiver {
                        school: "中心校".into(),
                        share: 1.0,
                        grades: None,
                    }],
                },
                Action::Housing {
                    year: 2026,
                    name: "河西新区".into(),
                    coords: Some(Coords::LonLat {
                        lon: 120.002,
                        lat: 30.01,
                    }),
                    area: None,
                    dwellings: 500.0,
                    years_to_full: 3.0,
                    per_100: None,
                    schools: Vec::new(),
                },
            ],
            ..Scenario::default()
        }
    }

    #[test]
    fn new_housing_sends_its_pupils_to_the_nearest_school_by_road() {
        let dir = tempfile::tempdir().unwrap();
        let walking = PlannerSettings {
            transport: false,
            ..PlannerSettings::default()
        };
        let goes_to = |files: &[PathBuf]| {
            let l = load_paths(files, &ImportOptions::default()).expect("loads");
            let e = Engine::new(Arc::new(l.dataset));
            let o = e.outcome(&housing_scenario(walking)).expect("outcome");
            let dev = o.plan.developments[0].clone();
            let mut to: Vec<(String, f64, bool)> = dev
                .school_of_slot
                .iter()
                .zip(&dev.travel_of_slot)
                .filter_map(|(s, t)| {
                    let (km, road) = (*t)?;
                    Some((o.dataset.schools[(*s)?].name.clone(), km * 1000.0, road))
                })
                .collect();
            to.dedup_by(|a, b| a.0 == b.0);
            to
        };
        let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
        let straight = goes_to(&files);
        assert_eq!(straight.len(), 1, "{straight:?}");
        assert_eq!(straight[0].0, "中心校");
        assert!(
            (straight[0].1 - 770.3).abs() < 1.0 && !straight[0].2,
            "{straight:?}"
        );
        files.push(extract());
        let road = goes_to(&files);
        assert_eq!(road.len(), 1, "{road:?}");
        assert_eq!(road[0].0, "南校");
        assert!((road[0].1 - 1304.5).abs() < 1.0 && road[0].2, "{road:?}");
    }

    /// A new primary school east of 中心校 at (120.012, 30.01): 192.6 m
    /// from 中心校's node 3. 河西新区 is 962.9 m away in a straight line,
    /// within the 3 km walk; by road it is 192.6 + 3,186.9 + 192.6 =
    /// 3,572.0 m, beyond it, 53.6 minutes at 4 km/h.
    #[test]
    fn a_new_schools_site_is_checked_by_road_against_the_new_estates() {
        use seatcast::engine::plan::check_site;
        use seatcast::model::Coords;
        let dir = tempfile::tempdir().unwrap();
        let walking = PlannerSettings {
            transport: false,
            ..PlannerSettings::default()
        };
        let check = |files: &[PathBuf]| {
            let l = load_paths(files, &ImportOptions::default()).expect("loads");
            let e = Engine::new(Arc::new(l.dataset));
            let o = e.outcome(&housing_scenario(walking)).expect("outcome");
            check_site(
                &o.dataset,
                &o.plan,
                &walking,
                Coords::LonLat {
                    lon: 120.012,
                    lat: 30.01,
                },
                [1, 2],
                2027,
            )
        };
        let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
        let c = check(&files);
        assert_eq!(c.radius_km, 3.0);
        let n = c.nearest.expect("a nearest school");
        assert_eq!(n.name, "中心校");
        assert!((n.km * 1000.0 - 192.6).abs() < 1.0 && !n.by_road, "{n:?}");
        assert_eq!(c.estates.len(), 1);
        let e = &c.estates[0];
        assert!(
            (e.km * 1000.0 - 962.9).abs() < 1.0 && !e.by_road && e.within,
            "{e:?}"
        );
        files.push(extract());
        let c = check(&files);
        let n = c.nearest.expect("a nearest school");
        assert!(n.name == "中心校" && n.by_road, "{n:?}");
        assert!((n.km * 1000.0 - 192.6).abs() < 1.0, "{n:?}");
        let e = &c.estates[0];
        assert_eq!(e.name, "河西新区");
        assert!((e.km * 1000.0 - 3572.0).abs() < 1.0 && e.by_road, "{e:?}");
        assert!(!e.within, "{e:?}");
        assert!((e.minutes - 53.6).abs() < 0.05, "{e:?}");
    }

    /// Before an estate is added, its place shows where its pupils would
    /// go, as the plan would send them: from (120.002, 30.01) with 小校
    /// merged away, 中心校 in a straight line (770.3 m, within the 3 km
    /// walk), 南校 by road (1,304.5 m).
    #[test]
    fn an_estates_place_shows_where_its_pupils_would_go() {
        use seatcast::engine::plan::check_site;
        use seatcast::model::Coords;
        let dir = tempfile::tempdir().unwrap();
        let walking = PlannerSettings {
            transport: false,
            ..PlannerSettings::default()
        };
        let receivers = |files: &[PathBuf]| {
            let l = load_paths(files, &ImportOptions::default()).expect("loads");
            let e = Engine::new(Arc::new(l.dataset));
            let o = e.outcome(&housing_scenario(walking)).expect("outcome");
            let at = Coords::LonLat {
                lon: 120.002,
                lat: 30.01,
            };
            check_site(&o.dataset, &o.plan, &walking, at, [1, 2], 2027).receivers
        };
        let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
        let r = receivers(&files);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].name, "中心校");
        assert!((r[0].km * 1000.0 - 770.3).abs() < 1.0 && !r[0].by_road && r[0].within);
        files.push(extract());
        let r = receivers(&files);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].name, "南校");
        assert!((r[0].km * 1000.0 - 1304.5).abs() < 1.0 && r[0].by_road && r[0].within);
    }

    /// A plan's new school at (120.012, 30.01) is measured by road like
    /// the others: 192.6 m from 中心校 (node 3), and 192.6 + 3,186.9 =
    /// 3,379.5 m from 小校 round the river on foot.
    #[test]
    fn a_new_school_of_the_plan_is_measured_by_road() {
        use seatcast::engine::plan::Action;
        use seatcast::model::Coords;
        let dir = tempfile::tempdir().unwrap();
        let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
        files.push(extract());
        let l = load_paths(&files, &ImportOptions::default()).expect("loads");
        let e = Engine::new(Arc::new(l.dataset));
        let s = Scenario {
            actions: vec![Action::Open {
                year: 2027,
                name: "河东新校".into(),
                area: None,
                coords: Some(Coords::LonLat {
                    lon: 120.012,
                    lat: 30.01,
                }),
                grades: [1, 2],
                classrooms: 12.0,
                seats: 0.0,
                entry_share: 0.3,
                from: vec!["中心校".into()],
                donor_shares: Vec::new(),
            }],
            ..Scenario::default()
        };
        let o = e.outcome(&s).expect("outcome");
        let d = &o.dataset;
        let i = |n: &str| d.school_index(n).unwrap();
        let near = d.travel_km(i("河东新校"), i("中心校"), Mode::Walk).unwrap();
        assert!(near.1 && (near.0 * 1000.0 - 192.6).abs() < 1.0, "{near:?}");
        let far = d.travel_km(i("小校"), i("河东新校"), Mode::Walk).unwrap();
        assert!(far.1 && (far.0 * 1000.0 - 3379.5).abs() < 1.0, "{far:?}");
    }

    /// A road extract opened with a roster that has no longitude and
    /// latitude: said, rather than nothing happening; with them, not.
    #[test]
    fn place_files_with_a_roster_without_coordinates_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let roster = dir.path().join("学校名册.csv");
        std::fs::write(&roster, "学校名称,学段,开设年级,教室数\n小校,小学,1-2,2\n").unwrap();
        let enrolment = dir.path().join("在校生.csv");
        std::fs::write(
            &enrolment,
            "学校名称,年份,一年级,二年级\n小校,2024,10,10\n小校,2025,10,10\n",
        )
        .unwrap();
        let l =
            load_paths(&[roster, enrolment, extract()], &ImportOptions::default()).expect("loads");
        let n = l
            .notes
            .iter()
            .find(|n| matches!(n.note, Note::PlacesWithoutCoordinates))
            .expect("explained");
        assert!(
            n.note
                .message(
                    seatcast::i18n::Lang::En,
                    seatcast::grades::GradeSystem::SixThreeThree
                )
                .contains("no longitude and latitude")
        );
        let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
        files.push(extract());
        let l = load_paths(&files, &ImportOptions::default()).expect("loads");
        assert!(
            !l.notes
                .iter()
                .any(|n| matches!(n.note, Note::PlacesWithoutCoordinates))
        );
    }

    #[test]
    fn a_broken_extract_is_reported_and_the_data_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("county.osm.pbf");
        std::fs::write(&bad, b"\x00\x00\x00\x0dnot a pbf at all").unwrap();
        let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
        files.push(bad);
        let l = load_paths(&files, &ImportOptions::default()).expect("the data loads");
        assert!(l.dataset.roads.is_none());
        let w = l
            .warnings
            .iter()
            .find(|w| matches!(w.kind, ProblemKind::BadRoadFile { .. }))
            .expect("reported");
        assert!(w.location.file.ends_with("county.osm.pbf"));
        assert!(
            w.kind
                .message(seatcast::i18n::Lang::En)
                .contains("cannot be read")
        );
    }
}

/// Real-shaped districts (tests/fixtures/places, made by its make.py): a
/// GeoAtlas download named `.json`, and one table that holds the schools'
/// district, coordinates, classrooms and pupils, with no roster.
mod real_shaped {
    use seatcast::diagnostics::ProblemKind;
    use seatcast::import::{ImportOptions, Note, load_paths};
    use seatcast::model::Coords;
    use seatcast::places::areas::{AreaIndex, Boundary, area_at, likely_datum};
    use seatcast::places::datum::Datum;
    use std::path::{Path, PathBuf};

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/places")
            .join(name)
    }

    const CX: f64 = 120.15;
    const CY: f64 = 30.25;

    #[test]
    fn a_geoatlas_json_and_one_table_put_every_school_in_its_district() {
        let files = [fixture("在校生及坐标.csv"), fixture("330199_full.json")];
        let l = load_paths(&files, &ImportOptions::default()).expect("loads");
        let d = &l.dataset;
        let names: Vec<&str> = d.boundaries.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["湖城区", "岛镇", "北乡"]);
        // GeoAtlas draws in GCJ-02: read so, and said.
        assert!(
            l.notes
                .iter()
                .any(|n| matches!(&n.note, Note::BoundaryDatum { file } if file.ends_with("330199_full.json")))
        );
        // Its `center` property, in WGS-84 like the outlines.
        let (wx, wy) = Datum::Gcj02.to_wgs84(CX + 0.14, CY);
        let c = d.boundaries[1].center.expect("center read");
        assert!(
            (c[0] - wx).abs() < 1e-6 && (c[1] - wy).abs() < 1e-6,
            "{c:?}"
        );
        // The island belongs to 岛镇; the C's hollow and lake to nobody.
        let wgs = |lon: f64, lat: f64| Datum::Gcj02.to_wgs84(lon, lat);
        let (ix, iy) = wgs(CX + 0.235, CY);
        assert_eq!(
            area_at(&d.boundaries, ix, iy).map(|b| b.name.as_str()),
            Some("岛镇")
        );
        let (hx, hy) = wgs(CX, CY);
        assert!(area_at(&d.boundaries, hx, hy).is_none());
        // Every school placed, each inside the district its row names, its
        // classrooms from the table (two rows leave them empty).
        assert_eq!(d.schools.len(), 9);
        for s in &d.schools {
            let Some(Coords::LonLat { lon, lat }) = s.coords else {
                panic!("{} not placed", s.name)
            };
            let inside = area_at(&d.boundaries, lon, lat).map(|b| b.name.clone());
            assert_eq!(inside, s.area, "{}", s.name);
        }
        let rooms: Vec<Option<f64>> = d.schools.iter().map(|s| s.classrooms).collect();
        assert_eq!(rooms.iter().filter(|r| r.is_some()).count(), 7);
        assert_eq!(
            d.schools[d.school_index("海岛小学").unwrap()].classrooms,
            Some(3.0)
        );
        // Capacity is partly known, so the "no roster, capacity unknown"
        // warning is not given; no outline crosses itself, and the datums
        // agree.
        assert!(
            l.warnings.iter().all(|w| !matches!(
                w.kind,
                ProblemKind::NoRoster
                    | ProblemKind::CrossedArea { .. }
                    | ProblemKind::DatumOffAreas { .. }
            )),
            "{:?}",
            l.warnings
        );
        // The label goes inside the C, in its widest part, with room.
        let (p, room) = d.boundaries[0].label_point().expect("label");
        assert!(d.boundaries[0].contains(p[0], p[1]));
        assert!(room > 0.015, "{room}");
    }

    #[test]
    fn the_planner_picks_the_property_that_names_the_areas() {
        let files = [fixture("在校生及坐标.csv"), fixture("330199_full.json")];
        let options = ImportOptions {
            area_name_key: Some("level".into()),
            ..ImportOptions::default()
        };
        let l = load_paths(&files, &options).expect("loads");
        assert!(l.dataset.boundaries.iter().all(|b| b.name == "district"));
        // Every text property is offered; numbers (adcode), lists
        // (center) and objects (parent) are not.
        let keys: Vec<&str> = l.dataset.boundaries[0].name_keys().collect();
        assert_eq!(keys, ["level", "name"]);
    }

    /// A bow-tie: one ring that crosses itself. Drawn as an outline only,
    /// with one warning naming it; its neighbour fills as ever.
    #[test]
    fn a_crossed_outline_is_named_and_left_unfilled() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("towns.geojson");
        std::fs::write(
            &file,
            r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"蝴蝶乡"},"geometry":{"type":"Polygon","coordinates":[[[120,30],[120.1,30.1],[120.1,30],[120,30.1],[120,30]]]}},
{"type":"Feature","properties":{"name":"方镇"},"geometry":{"type":"Polygon","coordinates":[[[120.2,30],[120.3,30],[120.3,30.1],[120.2,30.1],[120.2,30]]]}}]}"#,
        )
        .unwrap();
        let roster = dir.path().join("在校生.csv");
        std::fs::write(
            &roster,
            "学校名称,经度(WGS84),纬度(WGS84),年份,一年级\n甲校,120.25,30.05,2025,40\n",
        )
        .unwrap();
        let l = load_paths(&[roster, file], &ImportOptions::default()).expect("loads");
        let crossed: Vec<&str> = l
            .warnings
            .iter()
            .filter_map(|w| match &w.kind {
                ProblemKind::CrossedArea { area } => Some(area.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(crossed, ["蝴蝶乡"]);
        let b = &l.dataset.boundaries;
        assert!(b[0].crossed && b[0].fill().is_empty());
        assert!(!b[1].crossed);
        assert_eq!(b[1].fill().len(), 2);
    }

    /// The fixture's schools are GCJ-02 (copied from AMap), like its
    /// districts. Read as Baidu's BD-09 they move some 700 m south-west,
    /// and those near a district's edge fall out of every district: one
    /// warning names GCJ-02 as the likely datum.
    #[test]
    fn schools_off_their_districts_by_a_datum_offset_name_the_datum() {
        let table = std::fs::read_to_string(fixture("在校生及坐标.csv")).unwrap();
        // Put a school 200–300 m inside an edge in each district (the
        // fixture's own schools are well inside), then read as BD-09.
        let kx = 1.0 / CY.to_radians().cos();
        let mut text = table.replace("经度,纬度", "经度(百度),纬度(百度)");
        for (name, lon, lat) in [
            ("南岸小学", CX, CY - 0.0775),
            ("西岸小学", CX - kx * 0.0770, CY),
            ("东岛小学", CX + 0.1025, CY),
            ("北乡南小学", CX + 0.03, CY + 0.0975),
            ("湾里小学", CX + kx * 0.0055, CY - 0.0375),
        ] {
            text.push_str(&format!(
                "{name},,{lon:.6},{lat:.6},,2025,30,30,30,30,30,30\n"
            ));
        }
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("在校生.csv");
        std::fs::write(&csv, text).unwrap();
        let l = load_paths(
            &[csv, fixture("330199_full.json")],
            &ImportOptions::default(),
        )
        .expect("loads");
        let off: Vec<_> = l
            .warnings
            .iter()
            .filter_map(|w| match w.kind {
                ProblemKind::DatumOffAreas {
                    read,
                    likely,
                    outside,
                    likely_outside,
                } => Some((read, likely, outside, likely_outside)),
                _ => None,
            })
            .collect();
        assert_eq!(off.len(), 1, "{:?}", l.warnings);
        let (read, likely, outside, likely_outside) = off[0];
        assert_eq!((read, likely), (Datum::Bd09, Datum::Gcj02));
        assert!(
            outside >= 2 && likely_outside * 2 <= outside,
            "{outside} {likely_outside}"
        );
    }

    /// Outside mainland China no datum moves a point: a school outside a
    /// Wisconsin district is outside in every datum, and nothing is said.
    #[test]
    fn points_outside_china_are_never_shifted() {
        let square = Boundary::new(
            "Eau Claire",
            vec![vec![vec![
                [-91.6, 44.7],
                [-91.4, 44.7],
                [-91.4, 44.9],
                [-91.6, 44.9],
                [-91.6, 44.7],
            ]]],
        );
        let points = [
            (-91.401, 44.8),
            (-91.399, 44.8),
            (-91.3995, 44.85),
            (-91.5, 44.8),
        ];
        for read in Datum::ALL {
            assert_eq!(
                likely_datum(
                    &AreaIndex::new(std::slice::from_ref(&square)),
                    &points,
                    read
                ),
                None
            );
        }
    }
}

/// A roster and an enrolment table that both give a school's facts: the
/// roster's are kept and each difference is a warning at the table's cell;
/// what only the table gives is taken.
#[test]
fn where_a_table_and_the_roster_disagree_the_roster_wins_and_the_cell_is_named() {
    let roster = "学校名称,乡镇,经度(WGS84),纬度(WGS84),教室数\n\
                  甲校,东镇,120.03,30.02,12\n乙校,西乡,,,\n";
    let table = "学校名称,乡镇,经度(WGS84),纬度(WGS84),教室数,年份,一年级\n\
                 甲校,东镇,120.03,30.02,12,2024,40\n\
                 甲校,东镇,120.03,30.02,14,2025,42\n\
                 乙校,北乡,119.95,30.05,6,2025,20\n";
    let l = load_memory(
        &[
            MemoryFile {
                name: "学校名册.csv",
                bytes: roster.as_bytes(),
            },
            MemoryFile {
                name: "在校生.csv",
                bytes: table.as_bytes(),
            },
        ],
        &ImportOptions::default(),
    )
    .expect("loads");
    let d = &l.dataset;
    let jia = &d.schools[d.school_index("甲校").unwrap()];
    let yi = &d.schools[d.school_index("乙校").unwrap()];
    // The roster's classrooms and area kept; 乙校's place and classrooms,
    // which the roster leaves empty, from the table.
    assert_eq!(jia.classrooms, Some(12.0));
    assert_eq!(yi.area.as_deref(), Some("西乡"));
    assert_eq!(yi.classrooms, Some(6.0));
    assert_eq!(
        yi.coords,
        Some(Coords::LonLat {
            lon: 119.95,
            lat: 30.05
        })
    );
    type Differs<'a> = (String, &'a str, String, String, Option<u32>, Option<u32>);
    let differs: Vec<Differs> = l
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            ProblemKind::TableDiffersFromRoster {
                school,
                what,
                roster,
                table,
                from_roster: true,
            } => Some((
                school.clone(),
                what.1,
                roster.clone(),
                table.clone(),
                w.location.cell.map(|c| c.row + 1),
                w.location.cell.map(|c| c.col),
            )),
            _ => None,
        })
        .collect();
    // 甲校's classrooms of the latest year (2025: 14, row 3, column E) and
    // 乙校's area (北乡, row 4, column B).
    assert_eq!(
        differs,
        [
            (
                "甲校".into(),
                "classrooms",
                "12".into(),
                "14".into(),
                Some(3),
                Some(4)
            ),
            (
                "乙校".into(),
                "area",
                "西乡".into(),
                "北乡".into(),
                Some(4),
                Some(1)
            ),
        ]
    );
    assert!(
        l.warnings
            .iter()
            .filter(|w| matches!(w.kind, ProblemKind::TableDiffersFromRoster { .. }))
            .all(|w| w.location.file == "在校生.csv")
    );
}

/// With no roster loaded, a school whose district is named one way in one
/// year's sheet and another way in another's is a rename over the years,
/// and the warning says so; it never cites a roster (issue 39: 216 Indiana
/// warnings did, "… in the roster; the roster's is kept").
#[test]
fn a_rename_over_the_years_is_not_called_a_roster() {
    let table = "Schl ID,Schl Name,Corp Name,Year,Grade 1\n\
                 0123,Lincoln Elementary,Kokomo-Center Twp Con Sch Corp,2010,40\n\
                 0123,Lincoln Elementary,Kokomo School Corporation,2015,42\n";
    let l = load_memory(
        &[MemoryFile {
            name: "enrollment.csv",
            bytes: table.as_bytes(),
        }],
        &ImportOptions::default(),
    )
    .expect("loads");
    let differs: Vec<&ProblemKind> = l
        .warnings
        .iter()
        .map(|w| &w.kind)
        .filter(|k| matches!(k, ProblemKind::TableDiffersFromRoster { .. }))
        .collect();
    assert_eq!(differs.len(), 1, "{differs:?}");
    assert!(matches!(
        differs[0],
        ProblemKind::TableDiffersFromRoster {
            from_roster: false,
            ..
        }
    ));
    let text = differs_line(&l);
    assert!(!text.contains("in the roster"), "{text}");
    assert!(text.contains("No roster was loaded"), "{text}");
    assert!(text.contains("rename over the years"), "{text}");
}

/// The one rename warning's line, as `check` prints it.
fn differs_line(l: &seatcast::import::Loaded) -> String {
    l.warnings
        .iter()
        .find(|w| matches!(w.kind, ProblemKind::TableDiffersFromRoster { .. }))
        .map(|w| w.line(seatcast::i18n::Lang::En))
        .unwrap_or_default()
}
