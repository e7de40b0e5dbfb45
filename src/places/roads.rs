//! Road distances (docs/places.md): an OpenStreetMap extract (.osm.pbf) of
//! the county read with `osmpbf` into a graph of its roads, once per file,
//! and the shortest road distance between two points found with
//! `petgraph`'s Dijkstra, on foot or by bus (a road's `highway` class says
//! which may use it). A point joins the graph at its nearest road node by a
//! straight line, which counts in the distance.

use crate::places::datum::metres;
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How a pupil travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Walk,
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
    pub segments: usize,
}

/// A road distance between two points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Route {
    pub km: f64,
    /// Of which the straight legs from each point to its nearest road node.
    pub off_road_km: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum RoadsError {
    #[error("{path}: {what}")]
    Damaged { path: PathBuf, what: String },
    #[error("{path}: no roads")]
    NoRoads { path: PathBuf },
}

impl RoadsError {
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
        Ok(RoadGraph {
            points,
            graph,
            ways: ways.len(),
            segments,
        })
    }

    /// The road node nearest a point, and its straight-line distance (m).
    pub fn nearest(&self, lon: f64, lat: f64) -> Option<(NodeIndex, f64)> {
        self.points
            .iter()
            .enumerate()
            .map(|(i, p)| (i, metres((lon, lat), (p[0], p[1]))))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, m)| (NodeIndex::new(i), m))
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
