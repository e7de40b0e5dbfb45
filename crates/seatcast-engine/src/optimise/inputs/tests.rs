// Tests may unwrap (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::Engine;
use crate::optimise::{CandidateSite, OptimiseSettings};
use crate::plan::PlannerSettings;
use crate::scenario::Scenario;
use seatcast_core::import::{ImportOptions, load_paths};
use seatcast_core::model::Coords;
use seatcast_testkit::river::{extract, files};
use std::path::PathBuf;
use std::sync::Arc;

/// (Moved here from the root's tests/places.rs: it reads the optimiser's
/// inputs, private to the engine.) The optimiser's candidate site at (120.012,
/// 30.01), for pupils on foot: in a straight line 小校 is 1,155 m away (1.2 × the
/// 962.9 m of 0.01° east; within the 3 km walk), by road 3,379.5 m round the
/// river (beyond it), so with the extract 小校's primary pupils cannot go there;
/// 中心校 is 192.6 m either way.
#[test]
fn the_optimisers_new_school_sites_are_measured_by_road() {
    let dir = tempfile::tempdir().unwrap();
    let walking = PlannerSettings {
        transport: false,
        ..PlannerSettings::default()
    };
    let reach = |files: &[PathBuf]| {
        let l = load_paths(files, &ImportOptions::default()).expect("loads");
        let e = Engine::new(Arc::new(l.dataset));
        let s = Scenario {
            planner: walking,
            ..Scenario::default()
        };
        let o = e.outcome(&s).expect("outcome");
        let inst = Instance::of(&o);
        let settings = OptimiseSettings {
            sites: vec![CandidateSite {
                name: "新校址".into(),
                area: None,
                coords: Coords::LonLat {
                    lon: 120.012,
                    lat: 30.01,
                },
            }],
            ..OptimiseSettings::default()
        };
        let sites = sites(&o, &inst, &settings);
        assert_eq!(sites.len(), 1);
        sites[0]
            .reach
            .iter()
            .map(|r| {
                let name = o.dataset.schools[inst.nodes[r.node].school].name.clone();
                (name, ((r.km * 1000.0).round(), r.within_radius[0]))
            })
            .collect::<std::collections::BTreeMap<String, (f64, bool)>>()
    };
    let mut files = files(dir.path(), "经度(WGS84),纬度(WGS84)");
    let straight = reach(&files);
    // Without roads, the straight line × the default detour, 1.3:
    // 1,155 m → 1,501.5 m, within the walk of half an hour (2 km).
    assert_eq!(straight.get("小校"), Some(&(1502.0, true)), "{straight:?}");
    assert_eq!(straight.get("中心校"), Some(&(250.0, true)), "{straight:?}");
    files.push(extract());
    let by_road = reach(&files);
    // By road (no detour factor): 3,379 m is beyond the primary walk,
    // so the primary site does not reach 小校 at all.
    assert_eq!(by_road.get("小校"), None, "{by_road:?}");
    assert_eq!(by_road.get("中心校"), Some(&(193.0, true)), "{by_road:?}");
}
