//! Road distances (docs/places.md): an OpenStreetMap extract (.osm.pbf) of
//! the county read with `osmpbf` into a graph of its roads, once per file,
//! and the shortest road distance between two points found with
//! `petgraph`'s Dijkstra, on foot or by bus (a road's `highway` class says
//! which may use it). A point joins the graph at its nearest road node by a
//! straight line, which counts in the distance.

use crate::places::datum::metres;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a pupil travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// On foot: roads and paths, but no motorway.
    Walk,
    /// By bus: roads, motorways too, but no track or path.
    Bus,
}

/// Who may use a road of this `highway` class: (on foot, by bus).
pub fn allowed(highway: &str) -> (bool, bool) {
    match highway {
        "motorway" | "motorway_link" => (false, true),
        "trunk" | "trunk_link" | "primary" | "primary_link" | "secondary" | "secondary_link"
        | "tertiary" | "tertiary_link" | "unclassified" | "residential" | "living_street"
        | "service" | "road" => (true, true),
        "track" | "footway" | "path" | "pedestrian" | "steps" | "cycleway" | "bridleway" => {
            (true, false)
        }
        _ => (false, false),
    }
}

/// The roads of an extract.
#[derive(Debug, Clone)]
pub struct RoadGraph {
    /// Each graph node's longitude and latitude.
    pub points: Vec<[f64; 2]>,
    /// Edges weighted by (metres, on foot, by bus).
    graph: UnGraph<(), (f64, bool, bool)>,
    /// Ways read, and road segments kept.
    pub ways: usize,
    /// Road segments (between consecutive nodes of a way) in the graph.
    pub segments: usize,
    /// The nodes by grid cell of [`CELL`] degrees, for the nearest node.
    cells: HashMap<(i32, i32), Vec<u32>>,
}

/// The nearest-node grid's cell, in degrees (about 1 km of latitude).
const CELL: f64 = 0.01;

fn cell_of(lon: f64, lat: f64) -> (i32, i32) {
    ((lon / CELL).floor() as i32, (lat / CELL).floor() as i32)
}

/// A road distance between two points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Route {
    /// The whole distance, km, the straight legs to the roads included.
    pub km: f64,
    /// Of which the straight legs from each point to its nearest road node.
    pub off_road_km: f64,
}

/// Why a road extract could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RoadsError {
    /// Not a sound .osm.pbf, or its reader failed on it.
    #[error("{path}: {what}")]
    Damaged {
        /// The extract.
        path: PathBuf,
        /// What the reader found wrong, as it says it.
        what: String,
    },
    /// The extract holds no road anyone may use.
    #[error("{path}: no roads")]
    NoRoads {
        /// The extract.
        path: PathBuf,
    },
}

impl RoadsError {
    /// What is wrong and what to do, in the planner's language.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        match (self, lang) {
            (RoadsError::Damaged { path, what }, Lang::Zh) => {
                format!(
                    "路网文件 {} 无法读取（不是完好的 .osm.pbf）：{what}",
                    path.display()
                )
            }
            (RoadsError::Damaged { path, what }, Lang::En) => format!(
                "The road file {} cannot be read (not a sound .osm.pbf): {what}",
                path.display()
            ),
            (RoadsError::NoRoads { path }, Lang::Zh) => format!(
                "路网文件 {} 中没有道路：请导出含道路（highway）的县域范围。",
                path.display()
            ),
            (RoadsError::NoRoads { path }, Lang::En) => format!(
                "The road file {} holds no roads: export the county with its highways.",
                path.display()
            ),
        }
    }
}

impl RoadGraph {
    /// Read an extract: every way with a `highway` class someone may use,
    /// split into segments between consecutive nodes.
    pub fn from_pbf(path: &Path) -> Result<RoadGraph, RoadsError> {
        let damaged = |e: osmpbf::Error| RoadsError::Damaged {
            path: path.to_path_buf(),
            what: e.to_string(),
        };
        let reader = osmpbf::ElementReader::from_path(path).map_err(damaged)?;
        let mut coords: HashMap<i64, [f64; 2]> = HashMap::new();
        let mut ways: Vec<(Vec<i64>, bool, bool)> = Vec::new();
        reader
            .for_each(|element| match element {
                osmpbf::Element::Node(n) => {
                    coords.insert(n.id(), [n.lon(), n.lat()]);
                }
                osmpbf::Element::DenseNode(n) => {
                    coords.insert(n.id(), [n.lon(), n.lat()]);
                }
                osmpbf::Element::Way(w) => {
                    if let Some((_, h)) = w.tags().find(|(k, _)| *k == "highway") {
                        let (walk, bus) = allowed(h);
                        if walk || bus {
                            ways.push((w.refs().collect(), walk, bus));
                        }
                    }
                }
                osmpbf::Element::Relation(_) => {}
            })
            .map_err(damaged)?;
        let mut index: HashMap<i64, NodeIndex> = HashMap::new();
        let mut graph: UnGraph<(), (f64, bool, bool)> = UnGraph::default();
        let mut points = Vec::new();
        let mut node = |id: i64, graph: &mut UnGraph<(), (f64, bool, bool)>| -> Option<NodeIndex> {
            let p = *coords.get(&id)?;
            Some(*index.entry(id).or_insert_with(|| {
                points.push(p);
                graph.add_node(())
            }))
        };
        let mut segments = 0;
        for (refs, walk, bus) in &ways {
            for pair in refs.windows(2) {
                let (Some(a), Some(b)) = (node(pair[0], &mut graph), node(pair[1], &mut graph))
                else {
                    continue;
                };
                let (pa, pb) = (
                    coords.get(&pair[0]).copied().unwrap_or_default(),
                    coords.get(&pair[1]).copied().unwrap_or_default(),
                );
                let m = metres((pa[0], pa[1]), (pb[0], pb[1]));
                graph.add_edge(a, b, (m, *walk, *bus));
                segments += 1;
            }
        }
        if segments == 0 {
            return Err(RoadsError::NoRoads {
                path: path.to_path_buf(),
            });
        }
        let mut cells: HashMap<(i32, i32), Vec<u32>> = HashMap::new();
        for (i, p) in points.iter().enumerate() {
            cells.entry(cell_of(p[0], p[1])).or_default().push(i as u32);
        }
        Ok(RoadGraph {
            points,
            graph,
            ways: ways.len(),
            segments,
            cells,
        })
    }

    /// The road node nearest a point, and its straight-line distance (m):
    /// the grid's cells searched in widening rings until no nearer node
    /// can lie in the next ring.
    pub fn nearest(&self, lon: f64, lat: f64) -> Option<(NodeIndex, f64)> {
        if self.points.is_empty() || !(lon.is_finite() && lat.is_finite()) {
            return None;
        }
        let (cx, cy) = cell_of(lon, lat);
        // A ring r cells out is at least (r − 1) cells away: in metres, by
        // the shorter side of a cell (its width shrinks with latitude).
        let cell_m =
            metres((lon, lat), (lon + CELL, lat)).min(metres((lon, lat), (lon, lat + CELL)));
        let mut best: Option<(usize, f64)> = None;
        // Past 500 rings (some 500 km) the point is nowhere near these roads.
        for r in 0i32..=500 {
            if let Some((_, m)) = best
                && m < f64::from(r - 1).max(0.0) * cell_m
            {
                break;
            }
            for dx in -r..=r {
                for dy in -r..=r {
                    if dx.abs() != r && dy.abs() != r {
                        continue;
                    }
                    let Some(ids) = self.cells.get(&(cx + dx, cy + dy)) else {
                        continue;
                    };
                    for &i in ids {
                        let p = self.points[i as usize];
                        let m = metres((lon, lat), (p[0], p[1]));
                        if best.is_none_or(|(_, b)| m < b) {
                            best = Some((i as usize, m));
                        }
                    }
                }
            }
        }
        best.map(|(i, m)| (NodeIndex::new(i), m))
    }

    /// Road metres from one node to every node within `max_m` for a mode
    /// (Dijkstra, stopped at the limit).
    pub fn within(&self, from: NodeIndex, mode: Mode, max_m: f64) -> HashMap<NodeIndex, f64> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut done: HashMap<NodeIndex, f64> = HashMap::new();
        let mut heap = BinaryHeap::new();
        // Costs as whole millimetres, so the heap orders integers.
        heap.push(Reverse((0u64, from.index())));
        while let Some(Reverse((mm, i))) = heap.pop() {
            let n = NodeIndex::new(i);
            if done.contains_key(&n) {
                continue;
            }
            let m = mm as f64 / 1000.0;
            done.insert(n, m);
            for e in self.graph.edges(n) {
                let (len, walk, bus) = *e.weight();
                let ok = match mode {
                    Mode::Walk => walk,
                    Mode::Bus => bus,
                };
                let other = if e.source() == n {
                    e.target()
                } else {
                    e.source()
                };
                let to = m + len;
                if ok && to <= max_m && !done.contains_key(&other) {
                    heap.push(Reverse(((to * 1000.0).round() as u64, other.index())));
                }
            }
        }
        done
    }

    /// The shortest road distance between two WGS-84 points for a mode
    /// (None: no road joins them).
    pub fn route(&self, from: (f64, f64), to: (f64, f64), mode: Mode) -> Option<Route> {
        let (a, leg_a) = self.nearest(from.0, from.1)?;
        let (b, leg_b) = self.nearest(to.0, to.1)?;
        let costs = petgraph::algo::dijkstra(&self.graph, a, Some(b), |e| {
            let (m, walk, bus) = *e.weight();
            let ok = match mode {
                Mode::Walk => walk,
                Mode::Bus => bus,
            };
            if ok { m } else { f64::INFINITY }
        });
        let road = *costs.get(&b)?;
        if !road.is_finite() {
            return None;
        }
        let off = leg_a + leg_b;
        Some(Route {
            km: (road + off) / 1000.0,
            off_road_km: off / 1000.0,
        })
    }
}

/// The extract read last: (file, size, time, graph).
type Cached = Option<(PathBuf, u64, Option<std::time::SystemTime>, Arc<RoadGraph>)>;
/// The last extract read, by file, size and time: the window reads its
/// files again when a setting changes, and a county's roads take seconds.
static CACHE: std::sync::Mutex<Cached> = std::sync::Mutex::new(None);

/// The graph of an extract, read once while the file stays the same.
pub fn cached(path: &Path) -> Result<Arc<RoadGraph>, RoadsError> {
    let meta = std::fs::metadata(path).map_err(|e| RoadsError::Damaged {
        path: path.to_path_buf(),
        what: e.to_string(),
    })?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    if let Ok(c) = CACHE.lock()
        && let Some((p, l, t, g)) = c.as_ref()
        && p == path
        && *l == len
        && *t == modified
    {
        return Ok(g.clone());
    }
    let g = Arc::new(RoadGraph::from_pbf(path)?);
    if let Ok(mut c) = CACHE.lock() {
        *c = Some((path.to_path_buf(), len, modified, g.clone()));
    }
    Ok(g)
}

/// A road graph shared by the datasets read with it, keeping its last few
/// searches from a point: a plan's new estates and a new school's site are
/// searched again at every recompute, and a county-wide search takes tens
/// of milliseconds.
#[derive(Clone)]
pub struct SharedGraph {
    /// The roads.
    pub graph: Arc<RoadGraph>,
    searches: Arc<std::sync::Mutex<Vec<(Search, Reached)>>>,
}

/// A point joined to the graph: its nearest node and the straight leg to
/// it, metres.
pub type Joined = (NodeIndex, f64);

/// A search kept: (start node, mode, limit in whole metres).
type Search = (usize, Mode, u64);

/// Road metres to every node a search reached.
type Reached = Arc<HashMap<NodeIndex, f64>>;

/// How many searches a graph keeps.
const SEARCHES_KEPT: usize = 8;

impl PartialEq for SharedGraph {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.graph, &other.graph)
    }
}

impl std::fmt::Debug for SharedGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedGraph({} nodes)", self.graph.points.len())
    }
}

impl SharedGraph {
    /// The graph shared, with no searches kept yet.
    pub fn new(graph: Arc<RoadGraph>) -> SharedGraph {
        SharedGraph {
            graph,
            searches: Arc::default(),
        }
    }

    /// Road metres from a node to every node within `max_m`, from the kept
    /// searches when this one was made lately.
    fn search(&self, from: NodeIndex, mode: Mode, max_m: f64) -> Reached {
        let key = (from.index(), mode, max_m.max(0.0).round() as u64);
        if let Ok(kept) = self.searches.lock()
            && let Some((_, found)) = kept.iter().find(|(k, _)| *k == key)
        {
            return found.clone();
        }
        let found = Arc::new(self.graph.within(from, mode, max_m));
        if let Ok(mut kept) = self.searches.lock() {
            if kept.len() >= SEARCHES_KEPT {
                kept.remove(0);
            }
            kept.push((key, found.clone()));
        }
        found
    }

    /// Road km from a WGS-84 point to each of `to` (points already joined
    /// to the graph: a school's node is found once, at load) for a mode,
    /// within `max_km` of road (the straight legs to the road count in the
    /// distance). None where no road joins them within it, or a point is
    /// missing.
    pub fn from_point(
        &self,
        from: (f64, f64),
        to: &[Option<Joined>],
        mode: Mode,
        max_km: f64,
    ) -> Vec<Option<f64>> {
        let Some((start, leg)) = self.graph.nearest(from.0, from.1) else {
            return vec![None; to.len()];
        };
        let reached = self.search(start, mode, max_km * 1000.0);
        to.iter()
            .map(|j| {
                let (node, leg_to) = (*j)?;
                reached.get(&node).map(|m| (m + leg + leg_to) / 1000.0)
            })
            .collect()
    }
}

/// How far road distances between schools are worked out: on foot to
/// twice the widest walking radius, by bus to twice the widest bus radius
/// (the merge planner's reach).
pub const WALK_LIMIT_KM: f64 = 12.0;
/// How far by bus road distances between schools are worked out, km.
pub const BUS_LIMIT_KM: f64 = 40.0;

/// Road distances between the schools, worked out once at load.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct RoadDistances {
    /// The extract's file name.
    pub file: String,
    /// (school a, school b with a < b, km on foot, km by bus): NaN where no
    /// road joins them within the limits. Sorted by (a, b).
    pub pairs: Vec<(u32, u32, f32, f32)>,
    /// Each school's straight leg to its nearest road node, metres (None:
    /// no longitude/latitude).
    pub off_road_m: Vec<Option<f32>>,
    /// The graph itself, for distances from places that are not schools
    /// (a new estate, a new school's site). Not saved: it is read again
    /// from the extract.
    #[serde(skip)]
    pub graph: Option<SharedGraph>,
    /// Each school's nearest road node as joined at load (with
    /// `off_road_m`, its leg), so a search from a new place need not look
    /// the schools up again. Not saved, as the graph is not.
    #[serde(skip)]
    pub nodes: Vec<Option<u32>>,
}

impl RoadDistances {
    /// A school added after the load (a plan's new school, at index `i`,
    /// after every school already held): joined to the graph, and its road
    /// distances to the others within the limits worked out (one search a
    /// mode). Without the graph it stays unjoined (straight lines).
    pub fn add_school(&mut self, i: usize, point: Option<(f64, f64)>) {
        self.nodes.resize(i, None);
        self.off_road_m.resize(i, None);
        let joined = match (&self.graph, point) {
            (Some(g), Some((lon, lat))) => g.graph.nearest(lon, lat),
            _ => None,
        };
        self.nodes.push(joined.map(|(n, _)| n.index() as u32));
        self.off_road_m.push(joined.map(|(_, m)| m as f32));
        let (Some(g), Some((node, leg))) = (&self.graph, joined) else {
            return;
        };
        let walk = g.search(node, Mode::Walk, WALK_LIMIT_KM * 1000.0);
        let bus = g.search(node, Mode::Bus, BUS_LIMIT_KM * 1000.0);
        for a in 0..i {
            let Some((na, leg_a)) = self.joined(a) else {
                continue;
            };
            let km = |m: Option<&f64>| m.map_or(f32::NAN, |m| ((m + leg + leg_a) / 1000.0) as f32);
            let (w, b) = (km(walk.get(&na)), km(bus.get(&na)));
            if w.is_finite() || b.is_finite() {
                self.pairs.push((a as u32, i as u32, w, b));
            }
        }
        self.pairs.sort_by_key(|p| (p.0, p.1));
    }

    /// School `i` joined to the graph, as at load or by
    /// [`RoadDistances::add_school`] (None: it was not).
    pub fn joined(&self, i: usize) -> Option<Joined> {
        let node = (*self.nodes.get(i)?)?;
        let leg = (*self.off_road_m.get(i)?)?;
        Some((NodeIndex::new(node as usize), f64::from(leg)))
    }
}

impl RoadDistances {
    /// The road distance between two schools for a mode, if a road joins
    /// them within the limits.
    pub fn km(&self, a: usize, b: usize, mode: Mode) -> Option<f64> {
        let (a, b) = (a.min(b) as u32, a.max(b) as u32);
        let i = self
            .pairs
            .binary_search_by(|p| (p.0, p.1).cmp(&(a, b)))
            .ok()?;
        let p = self.pairs[i];
        let km = match mode {
            Mode::Walk => p.2,
            Mode::Bus => p.3,
        };
        km.is_finite().then_some(f64::from(km))
    }

    /// The road distances between every two schools at `points` (WGS-84,
    /// None: no longitude/latitude) within the limits: one bounded search a
    /// school and mode, spread over the cores.
    pub fn compute(
        graph: &Arc<RoadGraph>,
        file: String,
        points: &[Option<(f64, f64)>],
    ) -> RoadDistances {
        use rayon::prelude::*;
        let joined: Vec<Option<(NodeIndex, f64)>> = points
            .iter()
            .map(|p| p.and_then(|(lon, lat)| graph.nearest(lon, lat)))
            .collect();
        let pairs: Vec<Vec<(u32, u32, f32, f32)>> = (0..points.len())
            .into_par_iter()
            .map(|a| {
                let Some((na, leg_a)) = joined[a] else {
                    return Vec::new();
                };
                let walk = graph.within(na, Mode::Walk, WALK_LIMIT_KM * 1000.0);
                let bus = graph.within(na, Mode::Bus, BUS_LIMIT_KM * 1000.0);
                let mut out = Vec::new();
                for (b, j) in joined.iter().enumerate().skip(a + 1) {
                    let Some((nb, leg_b)) = *j else { continue };
                    let km = |m: Option<&f64>| {
                        m.map_or(f32::NAN, |m| ((m + leg_a + leg_b) / 1000.0) as f32)
                    };
                    let (w, bu) = (km(walk.get(&nb)), km(bus.get(&nb)));
                    if w.is_finite() || bu.is_finite() {
                        out.push((a as u32, b as u32, w, bu));
                    }
                }
                out
            })
            .collect();
        let mut pairs: Vec<(u32, u32, f32, f32)> = pairs.into_iter().flatten().collect();
        pairs.sort_by_key(|p| (p.0, p.1));
        RoadDistances {
            file,
            pairs,
            off_road_m: joined.iter().map(|j| j.map(|(_, m)| m as f32)).collect(),
            graph: Some(SharedGraph::new(graph.clone())),
            nodes: joined
                .iter()
                .map(|j| j.map(|(n, _)| n.index() as u32))
                .collect(),
        }
    }
}

/// How far road distances are searched for a mode, km.
pub fn limit_km(mode: Mode) -> f64 {
    match mode {
        Mode::Walk => WALK_LIMIT_KM,
        Mode::Bus => BUS_LIMIT_KM,
    }
}

/// Whether a file is a road extract by its name (`.osm.pbf`, `.pbf`).
pub fn is_road_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("pbf"))
}

/// The schools' median straight leg to the nearest road node, metres.
fn median_leg(graph: &RoadGraph, points: &[(f64, f64)]) -> Option<f64> {
    let mut legs: Vec<f64> = points
        .iter()
        .filter_map(|&(lon, lat)| graph.nearest(lon, lat).map(|(_, m)| m))
        .collect();
    if legs.is_empty() {
        return None;
    }
    legs.sort_by(f64::total_cmp);
    Some(legs[legs.len() / 2])
}

/// A datum mismatch seen from the roads: the schools' points (WGS-84, as
/// read in `read`) lie a median of more than 150 m from the nearest road,
/// and read in another datum they would lie within a third of that. Then
/// (that datum, the median as read, the median in it). Schools sit on
/// streets, so the datum that puts them there is the likelier one; with
/// fewer than 5 schools on the map nothing is said.
pub fn likely_datum(
    graph: &RoadGraph,
    points: &[Option<(f64, f64)>],
    read: super::datum::Datum,
) -> Option<(super::datum::Datum, f64, f64)> {
    let pts: Vec<(f64, f64)> = points.iter().flatten().copied().collect();
    if pts.len() < 5 {
        return None;
    }
    let as_read = median_leg(graph, &pts)?;
    if as_read <= 150.0 {
        return None;
    }
    super::datum::Datum::ALL
        .into_iter()
        .filter(|d| *d != read)
        .filter_map(|d| {
            // The raw values as the file held them, read in `d` instead.
            let moved: Vec<(f64, f64)> = pts
                .iter()
                .map(|&(lon, lat)| {
                    let (rx, ry) = read.from_wgs84(lon, lat);
                    d.to_wgs84(rx, ry)
                })
                .collect();
            median_leg(graph, &moved).map(|m| (d, m))
        })
        .filter(|&(_, m)| m < as_read / 3.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(d, m)| (d, as_read, m))
}
