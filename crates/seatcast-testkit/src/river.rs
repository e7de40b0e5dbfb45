//! A small county on the road fixture (the root's
//! `tests/fixtures/roads/small.osm.pbf`): five schools on its nodes with a
//! river between two of them, for the tests of road distances in the merge
//! planner (the root's tests/places.rs) and the optimiser's sites (the
//! engine's `optimise::inputs`).

use std::path::{Path, PathBuf};

/// The road extract the county stands on.
pub fn extract() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/roads/small.osm.pbf")
}

/// The roster and enrolment, written into `dir`, with the coordinates
/// under `header` (two columns: longitude, latitude). 小校 on node 4 (120.00, 30.01) with 20 pupils; 中心校 on node 3
/// (120.01, 30.01) with room; a river between them. The three others,
/// on nodes 1, 2 and 5, are full (200 pupils in 4 classrooms of 45), so
/// 中心校 heads 小校's receivers however far it is.
pub fn files(dir: &Path, header: &str) -> Vec<PathBuf> {
    let roster = dir.join("学校名册.csv");
    std::fs::write(
        &roster,
        format!(
            "学校名称,学段,开设年级,{header},教室数\n\
             小校,小学,1-2,120.00,30.01,2\n中心校,小学,1-2,120.01,30.01,12\n\
             南校,小学,1-2,120.00,30.00,4\n东校,小学,1-2,120.01,30.00,4\n\
             远校,小学,1-2,120.02,30.01,4\n"
        ),
    )
    .unwrap();
    let enrolment = dir.join("在校生.csv");
    std::fs::write(
        &enrolment,
        "学校名称,年份,一年级,二年级\n\
         小校,2024,10,10\n小校,2025,10,10\n中心校,2024,100,100\n中心校,2025,100,100\n\
         南校,2024,100,100\n南校,2025,100,100\n东校,2024,100,100\n东校,2025,100,100\n\
         远校,2024,100,100\n远校,2025,100,100\n",
    )
    .unwrap();
    vec![roster, enrolment]
}
