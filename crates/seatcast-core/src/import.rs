//! Import: the planner's files in, a validated [`Dataset`] out — or every
//! error, each with its file, sheet and cell.
//!
//! Files → [`source`] (cells) → [`header`] + [`sheet`] (raw records per sheet)
//! → `assemble` (one dataset, cross-checked).

mod assemble;
pub mod columns;
mod fasthash;
pub mod guard;
pub mod header;
pub mod mapping;
pub mod notes;
mod ole;
pub mod reconcile;
pub mod sheet;
pub mod source;
pub mod value;

use crate::diagnostics::Problem;
use crate::grades::GradeSystem;
use crate::model::Dataset;
pub use columns::{Role, YearConvention};
pub use mapping::{Mapping, SheetMapping};
pub use notes::{Note, NoteLine};
pub use sheet::SheetPreview;
use std::path::{Path, PathBuf};

/// Choices the planner can make about an import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    /// Override the grade system inferred from the labels.
    pub grade_system: Option<GradeSystem>,
    /// What each column of a header holds, where the planner has said.
    pub mapping: Mapping,
    /// What bare years name where the files do not say (None: Seatcast decides and says so).
    pub years: Option<YearConvention>,
    /// The datum of longitude/latitude columns that do not name one (None:
    /// GCJ-02, [`crate::places::datum::DEFAULT`]).
    pub datum: Option<crate::places::datum::Datum>,
    /// The mapping is the window's memory of every header mapped so far,
    /// not one given for these files: one that matches no sheet here is
    /// no warning (a mapping made for one file never warns on others).
    pub mapping_remembered: bool,
    /// The boundary property the areas are named by (None: the first
    /// name-like one, `name`, `XZQMC`, `TOWNNAME` …).
    pub area_name_key: Option<String>,
}

/// A successful load: the dataset and the warnings found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The dataset read.
    pub dataset: Dataset,
    /// The warnings found on the way (none stops a load).
    pub warnings: Vec<Problem>,
    /// Whether the grade system came from the labels (false: given by the planner).
    pub grade_system_inferred: bool,
    /// What was guessed or checked, one line each.
    pub notes: Vec<NoteLine>,
    /// The top of every sheet with the roles read, for the column-mapping step.
    pub sheets: Vec<SheetPreview>,
}

/// A load that stopped: every problem found, errors first.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} error(s) in the input files", self.errors().count())]
pub struct LoadFailure {
    /// Every problem found: the errors, and the warnings beside them.
    pub problems: Vec<Problem>,
    /// What was guessed or checked before the load stopped.
    pub notes: Vec<NoteLine>,
    /// The top of every sheet read, for the column-mapping step.
    pub sheets: Vec<SheetPreview>,
}

impl LoadFailure {
    /// The errors among the problems: what stopped the load.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

/// An input already in memory (for tests, fuzzing and dropped files).
pub struct MemoryFile<'a> {
    /// The file's name, as problems name it; its extension marks CSV text.
    pub name: &'a str,
    /// The file's content.
    pub bytes: &'a [u8],
}

/// Load files from disk. They are opened for reading only.
pub fn load_paths(paths: &[PathBuf], options: &ImportOptions) -> Result<Loaded, LoadFailure> {
    let mut books = Vec::new();
    let mut problems = Vec::new();
    // Each boundary file's areas, named once the data's areas are known.
    let mut boundary_files: Vec<(String, Vec<crate::places::areas::Boundary>)> = Vec::new();
    let mut boundary_notes = Vec::new();
    let mut crossed: Vec<(String, String)> = Vec::new();
    let mut roads = None;
    let datum_of_files = options.datum.unwrap_or(crate::places::datum::Datum::Wgs84);
    for path in paths {
        // A road extract (OpenStreetMap .osm.pbf): road distances.
        if crate::places::roads::is_road_file(path) {
            // A panic inside the .pbf reader is a damaged file, not a crash.
            let read = guard::catch_reader_panic(|| crate::places::roads::cached(path))
                .unwrap_or_else(|| {
                    Err(crate::places::roads::RoadsError::Damaged {
                        path: path.clone(),
                        what: "the reader failed on it".into(),
                    })
                });
            match read {
                Ok(g) => roads = Some((g, path)),
                Err(e) => problems.push(crate::diagnostics::Problem::new(
                    crate::diagnostics::ProblemKind::BadRoadFile {
                        message_zh: e.message(crate::i18n::Lang::Zh),
                        message_en: e.message(crate::i18n::Lang::En),
                    },
                    crate::diagnostics::Location::file(path.to_string_lossy().into_owned()),
                )),
            }
            continue;
        }
        // Boundary files (GeoJSON, Shapefile) hold the areas' outlines.
        if crate::places::areas::is_boundary_file(path) {
            // GeoAtlas draws in GCJ-02; other files are WGS-84 by the
            // standard, unless the planner named a datum.
            let geoatlas = options.datum.is_none() && crate::places::areas::is_geoatlas(path);
            let datum = if geoatlas {
                crate::places::datum::Datum::Gcj02
            } else {
                datum_of_files
            };
            let read = guard::catch_reader_panic(|| crate::places::areas::read(path, datum))
                .unwrap_or_else(|| {
                    Err(crate::places::areas::AreasError::Damaged {
                        path: path.clone(),
                        what: "the reader failed on it".into(),
                    })
                });
            match read {
                Ok(read) => {
                    let file = path.to_string_lossy().into_owned();
                    if geoatlas {
                        boundary_notes.push(Note::BoundaryDatum { file: file.clone() });
                    }
                    boundary_files.push((file, read));
                }
                Err(e) => problems.push(crate::diagnostics::Problem::new(
                    crate::diagnostics::ProblemKind::BadBoundaryFile {
                        message_zh: e.message(crate::i18n::Lang::Zh),
                        message_en: e.message(crate::i18n::Lang::En),
                    },
                    crate::diagnostics::Location::file(path.to_string_lossy().into_owned()),
                )),
            }
            continue;
        }
        match source::read_path(path) {
            Ok(book) => books.push((book, path.to_string_lossy().into_owned())),
            Err(p) => problems.push(*p),
        }
    }
    let mut loaded = assemble::assemble(books, problems, options)?;
    let boundaries = name_areas(
        boundary_files,
        &loaded.dataset,
        options,
        &mut crossed,
        &mut boundary_notes,
    );
    let lonlat = loaded
        .dataset
        .schools
        .iter()
        .any(|s| matches!(s.coords, Some(crate::model::Coords::LonLat { .. })));
    if (!boundaries.is_empty() || roads.is_some()) && !lonlat {
        loaded.notes.push(NoteLine {
            note: Note::PlacesWithoutCoordinates,
            sheets: 1,
            first: crate::diagnostics::Location::default(),
        });
    }
    for note in boundary_notes {
        loaded.notes.push(NoteLine {
            note,
            sheets: 1,
            first: crate::diagnostics::Location::default(),
        });
    }
    for (area, file) in crossed {
        loaded.warnings.push(crate::diagnostics::Problem::new(
            crate::diagnostics::ProblemKind::CrossedArea { area },
            crate::diagnostics::Location::file(file),
        ));
    }
    if !boundaries.is_empty() {
        let index = crate::places::areas::AreaIndex::new(&boundaries);
        with_areas_datum_check(&mut loaded, &index);
        let assigned = assign_areas(&mut loaded.dataset, &boundaries, &index);
        loaded.dataset.boundaries = boundaries;
        if assigned > 0 {
            loaded.notes.push(NoteLine {
                note: Note::AreasFromBoundaries { schools: assigned },
                sheets: 1,
                first: crate::diagnostics::Location::default(),
            });
        }
    }
    if let Some((graph, path)) = roads {
        with_roads(&mut loaded, &graph, path);
    }
    Ok(loaded)
}

/// Name each file's areas by the planner's property, else by the one that
/// matches the data's areas (`places::areas::choose_name_key`); gather the
/// areas whose rings cross, by their names.
fn name_areas(
    files: Vec<(String, Vec<crate::places::areas::Boundary>)>,
    dataset: &Dataset,
    options: &ImportOptions,
    crossed: &mut Vec<(String, String)>,
    notes: &mut Vec<Note>,
) -> Vec<crate::places::areas::Boundary> {
    let data_areas: std::collections::BTreeSet<String> = dataset
        .schools
        .iter()
        .filter_map(|s| s.area.clone())
        .collect();
    let mut all = Vec::new();
    for (file, mut read) in files {
        let key = options
            .area_name_key
            .clone()
            .or_else(|| crate::places::areas::choose_name_key(&read, &data_areas));
        if let Some(key) = &key {
            crate::places::areas::name_by(&mut read, key, &data_areas);
        }
        let matched = read.iter().filter(|b| data_areas.contains(&b.name)).count();
        notes.push(Note::Boundaries {
            file: file.clone(),
            areas: read.len(),
            key: key.unwrap_or_default(),
            chosen: options.area_name_key.is_some(),
            matched,
        });
        crossed.extend(
            read.iter()
                .filter(|b| b.crossed)
                .map(|b| (b.name.clone(), file.clone())),
        );
        all.extend(read);
    }
    all
}

/// Give each school without an area the area whose outline contains it
/// (WGS-84 coordinates only); returns how many were given one.
fn assign_areas(
    d: &mut crate::model::Dataset,
    areas: &[crate::places::areas::Boundary],
    index: &crate::places::areas::AreaIndex,
) -> usize {
    let mut n = 0;
    for s in d.schools.iter_mut().filter(|s| s.area.is_none()) {
        if let Some(crate::model::Coords::LonLat { lon, lat }) = s.coords
            && let Some(b) = index.find(lon, lat).and_then(|i| areas.get(i))
        {
            s.area = Some(b.name.clone());
            n += 1;
        }
    }
    n
}

/// The datum check against the areas: schools outside every boundary as
/// read that another datum would bring inside give one warning naming it.
fn with_areas_datum_check(loaded: &mut Loaded, areas: &crate::places::areas::AreaIndex) {
    let read = loaded.notes.iter().find_map(|n| match n.note {
        Note::Datum { datum, .. } => Some(datum),
        _ => None,
    });
    let Some(read) = read else { return };
    let points: Vec<(f64, f64)> = loaded
        .dataset
        .schools
        .iter()
        .filter_map(|s| match s.coords {
            Some(crate::model::Coords::LonLat { lon, lat }) => Some((lon, lat)),
            _ => None,
        })
        .collect();
    if let Some((likely, outside, likely_outside)) =
        crate::places::areas::likely_datum(areas, &points, read)
    {
        loaded.warnings.push(crate::diagnostics::Problem::new(
            crate::diagnostics::ProblemKind::DatumOffAreas {
                read,
                likely,
                outside,
                likely_outside,
            },
            crate::diagnostics::Location::default(),
        ));
    }
}

/// The schools' road distances from an extract, and the datum check: a
/// note of what was joined, and a warning when the schools lie far from
/// the roads as read but near them in another datum.
fn with_roads(
    loaded: &mut Loaded,
    graph: &std::sync::Arc<crate::places::roads::RoadGraph>,
    path: &Path,
) {
    let points: Vec<Option<(f64, f64)>> = loaded
        .dataset
        .schools
        .iter()
        .map(|s| match s.coords {
            Some(crate::model::Coords::LonLat { lon, lat }) => Some((lon, lat)),
            _ => None,
        })
        .collect();
    let file = path
        .file_name()
        .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned();
    let roads = crate::places::roads::RoadDistances::compute(graph, file.clone(), &points);
    let joined = roads.off_road_m.iter().flatten().count();
    loaded.notes.push(NoteLine {
        note: Note::RoadDistances {
            file,
            schools: joined,
            pairs: roads.pairs.len(),
        },
        sheets: 1,
        first: crate::diagnostics::Location::default(),
    });
    let read = loaded.notes.iter().find_map(|n| match n.note {
        Note::Datum { datum, .. } => Some(datum),
        _ => None,
    });
    if let Some(read) = read
        && let Some((likely, median_m, likely_m)) =
            crate::places::roads::likely_datum(graph, &points, read)
    {
        loaded.warnings.push(crate::diagnostics::Problem::new(
            crate::diagnostics::ProblemKind::DatumMismatch {
                read,
                likely,
                median_m,
                likely_m,
            },
            crate::diagnostics::Location::file(path.to_string_lossy().into_owned()),
        ));
    }
    loaded.dataset.roads = Some(roads);
}

/// Load files held in memory.
pub fn load_memory(
    files: &[MemoryFile<'_>],
    options: &ImportOptions,
) -> Result<Loaded, LoadFailure> {
    let mut books = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        let ext = Path::new(f.name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match source::read_bytes(f.name, &ext, f.bytes) {
            Ok(book) => books.push((book, f.name.to_string())),
            Err(p) => problems.push(*p),
        }
    }
    assemble::assemble(books, problems, options)
}
