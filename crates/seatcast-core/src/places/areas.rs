//! Area boundaries (docs/places.md): township or district polygons from a
//! GeoJSON file or a Shapefile (.shp with its .dbf; names in GBK or UTF-8),
//! in longitude/latitude. Schools without an area in the roster are given
//! the polygon that contains them. A broken file is a located error; a
//! projected file (metres, not degrees) is refused with what to do.

use crate::i18n::Lang;
use crate::places::datum::Datum;
use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
mod naming;
mod shp;
pub use naming::{choose_name_key, name_by};
pub use shp::from_shapefile;

/// Where an area's name goes and the room it has there (map units).
pub type LabelPoint = ([f64; 2], f64);

/// One area: its name and outline (WGS-84; rings of [lon, lat]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    /// The area's name: the naming property's value (`#3`, its place in the file,
    /// where none is text), with the level above it where a few share a name.
    pub name: String,
    /// Polygons, each an outer ring then its holes.
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
    /// The feature's properties as the file gave them (key, text), in
    /// order: the planner may name the areas by another one.
    #[serde(default)]
    pub properties: Vec<(String, String)>,
    /// A `center` or `centroid` the file gives (GeoAtlas does), WGS-84.
    #[serde(default)]
    pub center: Option<[f64; 2]>,
    /// A ring crosses itself or another of the area's rings: no fill can
    /// be trusted, so the area is drawn as an outline only.
    #[serde(default)]
    pub crossed: bool,
    /// Where the name goes and the room it has there
    /// ([`Boundary::label_point`]), worked out when the file is read.
    #[serde(default)]
    pub label: Option<LabelPoint>,
}

impl Boundary {
    /// An area of these polygons, with no properties.
    pub fn new(name: impl Into<String>, polygons: Vec<Vec<Vec<[f64; 2]>>>) -> Boundary {
        Boundary {
            name: name.into(),
            polygons,
            ..Boundary::default()
        }
    }

    /// An area read from a file: named from its properties, its rings
    /// checked for crossings.
    fn read(props: Vec<(String, String)>, index: usize, mp: &MultiPolygon<f64>) -> Boundary {
        let center = ["center", "centroid", "中心点"].iter().find_map(|k| {
            props
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .and_then(|(_, v)| lon_lat_pair(v))
        });
        Boundary {
            name: area_name(&props, index),
            polygons: rings_of(mp),
            properties: props,
            center,
            crossed: crosses_itself(mp),
            label: None,
        }
    }

    /// The area's fill as triangles, ear-cut with its holes left open: a
    /// concave district, one with a hole or an island fills exactly its own
    /// shape (a fan from one vertex fills only a convex ring). Worked out
    /// once per file, not per frame. None for an area whose rings cross
    /// (its fill would be wrong).
    pub fn fill(&self) -> Vec<[[f64; 2]; 3]> {
        if self.crossed {
            return Vec::new();
        }
        self.triangles()
    }

    /// The area's fill as triangles, ear-cut with its holes left open: a
    /// concave district, one with a hole or an island fills exactly its own
    /// shape (a fan from one vertex fills only a convex ring). Worked out
    /// once per file, not per frame.
    pub fn triangles(&self) -> Vec<[[f64; 2]; 3]> {
        use geo::TriangulateEarcut;
        self.shape()
            .iter()
            .flat_map(|p| p.earcut_triangles_iter())
            .map(|t| t.to_array().map(|c| [c.x, c.y]))
            .collect()
    }

    /// The area drawn at a zoom where `epsilon` (in its units) is about
    /// half a pixel: each ring simplified (Ramer–Douglas–Peucker), a ring
    /// that would lose its shape kept as it is. Nothing a planner can see
    /// at that zoom is lost, and a 5,000-vertex township draws with a few
    /// dozen.
    pub fn simplified(&self, epsilon: f64) -> Boundary {
        use geo::Simplify;
        let simplify = |ring: &Vec<[f64; 2]>| {
            let line = LineString::from(
                ring.iter()
                    .map(|p| Coord { x: p[0], y: p[1] })
                    .collect::<Vec<_>>(),
            );
            let kept: Vec<[f64; 2]> = line
                .simplify(epsilon)
                .coords()
                .map(|c| [c.x, c.y])
                .collect();
            if kept.len() >= 4 { kept } else { ring.clone() }
        };
        Boundary {
            polygons: self
                .polygons
                .iter()
                .map(|rings| rings.iter().map(simplify).collect())
                .collect(),
            ..self.clone()
        }
    }

    /// Where the area's name goes: the pole of inaccessibility of its
    /// largest polygon (`polylabel`: the inside point farthest from any
    /// edge, so the name sits in the widest part even of a concave or
    /// holed area), with that distance, the room the name has. The file's
    /// `center` stands in where there is no polygon to place it by.
    pub fn label_point(&self) -> Option<LabelPoint> {
        use geo::{Area, BoundingRect, ClosestPoint, InteriorPoint};
        let shape = self.shape();
        let Some(largest) = shape
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        else {
            return self.center.map(|c| (c, 0.0));
        };
        let rect = largest.bounding_rect()?;
        let size = rect.width().max(rect.height());
        let tolerance = (size / 200.0).max(1e-9);
        // A township of thousands of vertices is searched on its outline
        // simplified to a thousandth of its size: the same pole within
        // the tolerance, at a fraction of the cost.
        let coarse;
        let largest = if largest.exterior().0.len() > 500 {
            use geo::Simplify;
            coarse = largest.simplify(size / 1000.0);
            if coarse.exterior().0.len() >= 4 {
                &coarse
            } else {
                largest
            }
        } else {
            largest
        };
        let p = polylabel::polylabel(largest, &tolerance)
            .ok()
            .filter(|p| largest.contains(p))
            .or_else(|| largest.interior_point())?;
        let room = std::iter::once(largest.exterior())
            .chain(largest.interiors())
            .filter_map(|ring| match ring.closest_point(&p) {
                geo::Closest::Intersection(q) | geo::Closest::SinglePoint(q) => {
                    Some(((q.x() - p.x()).powi(2) + (q.y() - p.y()).powi(2)).sqrt())
                }
                geo::Closest::Indeterminate => None,
            })
            .fold(f64::INFINITY, f64::min);
        Some(([p.x(), p.y()], if room.is_finite() { room } else { 0.0 }))
    }

    /// Whether two of the area's edges cross (worked out when the file is
    /// read; kept in [`Boundary::crossed`]).
    pub fn crosses(&self) -> bool {
        crosses_itself(&self.shape())
    }

    /// The bounding box of the outer rings, [x0, y0, x1, y1].
    pub fn extent(&self) -> Option<[f64; 4]> {
        let mut pts = self.polygons.iter().filter_map(|p| p.first()).flatten();
        let first = pts.next()?;
        Some(pts.fold([first[0], first[1], first[0], first[1]], |e, p| {
            [
                e[0].min(p[0]),
                e[1].min(p[1]),
                e[2].max(p[0]),
                e[3].max(p[1]),
            ]
        }))
    }

    /// The keys of this area's properties that hold a name-like text
    /// (neither empty nor a number): what the areas can be named by.
    pub fn name_keys(&self) -> impl Iterator<Item = &str> {
        self.properties
            .iter()
            .filter(|(_, v)| is_text(v))
            .map(|(k, _)| k.as_str())
    }

    /// Name the area by one property (the first name-like one where it
    /// has none under that key).
    pub fn rename_by(&mut self, key: &str, index: usize) {
        self.name = self
            .properties
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_else(|| area_name(&self.properties, index));
    }

    /// The area as a `geo` shape (its polygons with their holes).
    pub fn shape(&self) -> MultiPolygon<f64> {
        let ring = |r: &Vec<[f64; 2]>| {
            LineString::from(
                r.iter()
                    .map(|p| Coord { x: p[0], y: p[1] })
                    .collect::<Vec<_>>(),
            )
        };
        MultiPolygon::new(
            self.polygons
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| Polygon::new(ring(&p[0]), p[1..].iter().map(ring).collect()))
                .collect(),
        )
    }

    /// Whether the area contains a WGS-84 point.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.shape().contains(&Point::new(lon, lat))
    }
}

/// Why a boundary file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AreasError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file (a Shapefile's .shp or .dbf).
        path: PathBuf,
        /// Why, as the system says it.
        source: std::io::Error,
    },
    /// Not readable as the format its name says.
    #[error("{path}: {what}")]
    Damaged {
        /// The file (a Shapefile's .shp or .dbf).
        path: PathBuf,
        /// What the reader found wrong, as it says it.
        what: String,
    },
    /// The file holds no polygons.
    #[error("{path}: no polygons")]
    NoPolygons {
        /// The boundary file.
        path: PathBuf,
    },
    /// Coordinates in metres (a projected system), not degrees.
    #[error("{path}: projected coordinates ({x}, {y})")]
    Projected {
        /// The boundary file.
        path: PathBuf,
        /// The first point found outside ±180°, ±90°: its x, in the file's units.
        x: f64,
        /// Its y, in the file's units.
        y: f64,
    },
}

impl AreasError {
    /// What is wrong and what to do, in the planner's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AreasError::Read { path, source }, Lang::Zh) => {
                format!("无法读取边界文件 {}：{source}", path.display())
            }
            (AreasError::Read { path, source }, Lang::En) => {
                format!("Cannot read the boundary file {}: {source}", path.display())
            }
            (AreasError::Damaged { path, what }, Lang::Zh) => {
                format!("边界文件 {} 已损坏或不是所说的格式：{what}", path.display())
            }
            (AreasError::Damaged { path, what }, Lang::En) => format!(
                "The boundary file {} is damaged or not the format its name says: {what}",
                path.display()
            ),
            (AreasError::NoPolygons { path }, Lang::Zh) => format!(
                "边界文件 {} 中没有面（多边形）：请导出乡镇或片区的面图层。",
                path.display()
            ),
            (AreasError::NoPolygons { path }, Lang::En) => format!(
                "The boundary file {} holds no polygons: export the townships' polygon layer.",
                path.display()
            ),
            (AreasError::Projected { path, x, y }, Lang::Zh) => format!(
                "边界文件 {} 的坐标 ({x:.0}, {y:.0}) 是投影坐标（米），不是经纬度：请在 GIS 中另存为 WGS-84 经纬度（EPSG:4326）。",
                path.display()
            ),
            (AreasError::Projected { path, x, y }, Lang::En) => format!(
                "The boundary file {} has projected coordinates ({x:.0}, {y:.0}) in metres, not longitude/latitude: save it from your GIS as WGS-84 (EPSG:4326).",
                path.display()
            ),
        }
    }
}

/// A property value that could be a name: not empty, not a number, not a
/// list or an object (GeoAtlas's `center`, `parent`, `acroutes`).
fn is_text(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && v.parse::<f64>().is_err() && !v.starts_with('[') && !v.starts_with('{')
}

/// The property that names an area: the first of the usual names, else the
/// first text property.
fn area_name(props: &[(String, String)], index: usize) -> String {
    const NAMES: [&str; 12] = [
        "name",
        "名称",
        "乡镇",
        "乡镇名称",
        "街道",
        "xzqmc",
        "xzmc",
        "town",
        "township",
        "district",
        "区划名称",
        "nl_name_3",
    ];
    let text = is_text;
    props
        .iter()
        .find(|(k, v)| NAMES.contains(&k.to_lowercase().as_str()) && text(v))
        // `TOWNNAME`, `COUNTYNAME`, `NAME_3`, 乡镇名称: a key that says name.
        .or_else(|| {
            props.iter().find(|(k, v)| {
                let k = k.to_lowercase();
                (k.contains("name") || k.contains("名")) && text(v)
            })
        })
        // Else the first word-like value: not a number, nor a one-letter code.
        .or_else(|| {
            props
                .iter()
                .find(|(_, v)| text(v) && v.trim().chars().count() > 1)
        })
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| format!("#{}", index + 1))
}

fn rings_of(mp: &MultiPolygon<f64>) -> Vec<Vec<Vec<[f64; 2]>>> {
    let ring = |l: &LineString<f64>| l.coords().map(|c| [c.x, c.y]).collect::<Vec<_>>();
    mp.iter()
        .map(|p| {
            std::iter::once(ring(p.exterior()))
                .chain(p.interiors().iter().map(ring))
                .collect()
        })
        .collect()
}

/// A `[lon, lat]` pair as a property holds it (`[120.15, 30.28]`, or
/// `120.15,30.28`).
fn lon_lat_pair(v: &str) -> Option<[f64; 2]> {
    let mut parts = v
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|x| x.trim().parse::<f64>().ok());
    let (lon, lat) = (parts.next()??, parts.next()??);
    (parts.next().is_none() && lon.abs() <= 180.0 && lat.abs() <= 90.0).then_some([lon, lat])
}

/// Whether two edges of the area's rings cross in their interiors (a ring
/// that crosses itself, a hole that crosses its outline): found by a sweep
/// over the edges (Bentley–Ottmann, as `geo` does it), fast on a township
/// of thousands of vertices. Edges that only meet at a shared vertex, as
/// neighbours do, are no crossing.
fn crosses_itself(mp: &MultiPolygon<f64>) -> bool {
    use geo::algorithm::sweep::Intersections;
    use geo::line_intersection::LineIntersection;
    mp.iter().any(|p| {
        let lines: Vec<geo::Line<f64>> = std::iter::once(p.exterior())
            .chain(p.interiors())
            .flat_map(|r| r.lines())
            .filter(|l| l.start != l.end)
            .collect();
        Intersections::from_iter(lines).any(|(a, b, x)| match x {
            LineIntersection::SinglePoint {
                intersection,
                is_proper,
            } => {
                let ends = [a.start, a.end, b.start, b.end];
                is_proper && !ends.contains(&intersection)
            }
            // Two edges running along each other for a length.
            LineIntersection::Collinear { intersection } => intersection.start != intersection.end,
        })
    })
}

/// Check the points are degrees, then move them into WGS-84.
fn finish(path: &Path, mut out: Vec<Boundary>, datum: Datum) -> Result<Vec<Boundary>, AreasError> {
    if out.iter().all(|b| b.polygons.is_empty()) {
        return Err(AreasError::NoPolygons {
            path: path.to_path_buf(),
        });
    }
    for b in &mut out {
        for ring in b.polygons.iter_mut().flatten() {
            for p in ring.iter_mut() {
                if !(p[0].abs() <= 180.0 && p[1].abs() <= 90.0) {
                    return Err(AreasError::Projected {
                        path: path.to_path_buf(),
                        x: p[0],
                        y: p[1],
                    });
                }
                let (lon, lat) = datum.to_wgs84(p[0], p[1]);
                *p = [lon, lat];
            }
        }
        if let Some(c) = b.center.as_mut() {
            let (lon, lat) = datum.to_wgs84(c[0], c[1]);
            *c = [lon, lat];
        }
        b.label = b.label_point();
    }
    Ok(out)
}

/// Areas from GeoJSON text (a FeatureCollection of polygons; the datum as
/// given, WGS-84 by the standard).
pub fn from_geojson(text: &str, path: &Path, datum: Datum) -> Result<Vec<Boundary>, AreasError> {
    let damaged = |what: String| AreasError::Damaged {
        path: path.to_path_buf(),
        what,
    };
    let gj: geojson::GeoJson = text
        .trim_start_matches('\u{feff}')
        .parse()
        .map_err(|e: geojson::Error| damaged(e.to_string()))?;
    let features = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc.features,
        geojson::GeoJson::Feature(f) => vec![f],
        geojson::GeoJson::Geometry(g) => vec![geojson::Feature {
            geometry: Some(g),
            ..Default::default()
        }],
    };
    let mut out = Vec::new();
    for (i, f) in features.into_iter().enumerate() {
        let props: Vec<(String, String)> = f
            .properties
            .iter()
            .flatten()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), v)
            })
            .collect();
        let Some(g) = f.geometry else { continue };
        // Only polygons are areas; and the converter below indexes each
        // position's x and y unchecked.
        if !matches!(
            g.value,
            geojson::GeometryValue::Polygon { .. } | geojson::GeometryValue::MultiPolygon { .. }
        ) {
            continue;
        }
        if let Some(k) = short_position(&g.value) {
            return Err(damaged(format!(
                "feature {}: position {k} has fewer than two numbers (longitude, latitude)",
                i + 1
            )));
        }
        let geometry: geo::Geometry<f64> = g
            .try_into()
            .map_err(|e: geojson::Error| damaged(format!("feature {}: {e}", i + 1)))?;
        let mp = match geometry {
            geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
            geo::Geometry::MultiPolygon(mp) => mp,
            _ => continue,
        };
        out.push(Boundary::read(props, i, &mp));
    }
    finish(path, out, datum)
}

/// The first position (counted from 1) of a polygon geometry with fewer
/// than two numbers, if any.
fn short_position(v: &geojson::GeometryValue) -> Option<usize> {
    let rings: Vec<&Vec<geojson::Position>> = match v {
        geojson::GeometryValue::Polygon { coordinates } => coordinates.iter().collect(),
        geojson::GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().collect()
        }
        _ => return None,
    };
    rings
        .into_iter()
        .flatten()
        .position(|p| p.len() < 2)
        .map(|k| k + 1)
}

/// Areas from a file, by its extension: `.geojson` / `.json`, or `.shp`.
pub fn read(path: &Path, datum: Datum) -> Result<Vec<Boundary>, AreasError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "shp" {
        return from_shapefile(path, datum);
    }
    let text = std::fs::read(path).map_err(|source| AreasError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&text);
    from_geojson(&text, path, datum)
}

/// Whether a file is a boundary file Seatcast reads: a Shapefile, or
/// GeoJSON whatever its name ends in (`330100_full.json` from GeoAtlas, a
/// web map's export), known by its content.
pub fn is_boundary_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "geojson" | "shp" => true,
        "json" => looks_like_geojson(path),
        _ => false,
    }
}

/// The start of a JSON file says GeoJSON: a `FeatureCollection` or a
/// `Feature` (a scenario or a column mapping says neither).
fn looks_like_geojson(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .is_ok();
    let text = String::from_utf8_lossy(&head);
    read && text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && ["\"FeatureCollection\"", "\"Feature\""]
            .iter()
            .any(|k| text.contains(k))
}

/// Whether a GeoJSON file is a DataV GeoAtlas download (its features carry
/// an `adcode`): GeoAtlas draws in GCJ-02.
pub fn is_geoatlas(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .is_ok()
        && looks_like_geojson(path)
        && String::from_utf8_lossy(&head).contains("\"adcode\"")
}

/// The datum check against the areas. Schools (WGS-84 points, converted
/// from `read`) that fall outside every area are counted; each other datum
/// reads the same raw values again. When at least two fall outside as
/// read and another datum leaves at most half as many outside, that datum
/// is the likelier: a GCJ-02 or BD-09 offset (300–700 m) pushes the
/// schools near an edge out of their areas. Then (that datum, outside as
/// read, outside in it). Outside mainland China no conversion moves a
/// point, so nothing is ever said there.
pub fn likely_datum(
    index: &AreaIndex,
    points: &[(f64, f64)],
    read: Datum,
) -> Option<(Datum, usize, usize)> {
    if points.is_empty() || index.shapes.is_empty() {
        return None;
    }
    let outside = |pts: &mut dyn Iterator<Item = (f64, f64)>| {
        pts.filter(|&(lon, lat)| index.find(lon, lat).is_none())
            .count()
    };
    let as_read = outside(&mut points.iter().copied());
    if as_read < 2 {
        return None;
    }
    Datum::ALL
        .into_iter()
        .filter(|d| *d != read)
        .map(|d| {
            let mut moved = points.iter().map(|&(lon, lat)| {
                let (rx, ry) = read.from_wgs84(lon, lat);
                d.to_wgs84(rx, ry)
            });
            (d, outside(&mut moved))
        })
        .filter(|&(_, n)| n * 2 <= as_read)
        .min_by_key(|&(_, n)| n)
        .map(|(d, n)| (d, as_read, n))
}

/// The area containing a WGS-84 point, the first when several do.
pub fn area_at(areas: &[Boundary], lon: f64, lat: f64) -> Option<&Boundary> {
    AreaIndex::new(areas)
        .find(lon, lat)
        .and_then(|i| areas.get(i))
}

/// Areas made ready for finding the one a point lies in: each one's shape
/// and bounding box built once, for as many points as there are schools.
pub struct AreaIndex {
    shapes: Vec<Option<(geo::Rect<f64>, MultiPolygon<f64>)>>,
}

impl AreaIndex {
    /// The index of these areas, in their order (`find` gives a place in it).
    pub fn new(areas: &[Boundary]) -> AreaIndex {
        use geo::BoundingRect;
        AreaIndex {
            shapes: areas
                .iter()
                .map(|b| {
                    let s = b.shape();
                    Some((s.bounding_rect()?, s))
                })
                .collect(),
        }
    }

    /// The index of the first area containing a WGS-84 point.
    pub fn find(&self, lon: f64, lat: f64) -> Option<usize> {
        let p = Point::new(lon, lat);
        self.shapes.iter().position(|s| {
            s.as_ref().is_some_and(|(r, shape)| {
                lon >= r.min().x
                    && lon <= r.max().x
                    && lat >= r.min().y
                    && lat <= r.max().y
                    && shape.contains(&p)
            })
        })
    }
}

#[cfg(test)]
mod name_tests;

#[cfg(test)]
mod fill_tests;
