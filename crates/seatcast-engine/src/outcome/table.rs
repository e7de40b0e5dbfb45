//! The projection's tables as polars DataFrames, for everything that reads
//! them as tables: the report's CSV files, the workbook export, the sums by
//! county, area and level.
//!
//! - [`school_year_frame`]: one row per school and fall, observed then
//!   projected — the columns of `summary.csv`;
//! - [`grade_frame`]: pupils by school, fall and grade — `projection.csv`;
//! - [`aggregate_frame`]: the school-year table summed over the county, each
//!   area and each level, per fall; [`aggregates`] gives it as rows.
//!
//! The stepping itself (a recurrence over a dense school × grade slab per
//! year, see [`crate::method::project`]) stays in plain arrays: it is what a slider
//! drives every frame.

use crate::grades::Level;
use crate::method::observed::{Observed, grade_of_slot};
use crate::method::project::Projection;
use crate::model::Dataset;
use crate::outcome::{RowKind, SchoolYear};
use polars::prelude::*;
use serde::Serialize;

/// The `kind` column's words.
pub fn kind_name(k: RowKind) -> &'static str {
    match k {
        RowKind::Observed => "observed",
        RowKind::Projected => "projected",
    }
}

/// Columns of [`school_year_frame`] after the school's index, in `summary.csv`'s order.
pub const SCHOOL_YEAR_COLUMNS: [&str; 18] = [
    "school_id",
    "school_name",
    "level",
    "area",
    "year",
    "kind",
    "demand",
    "demand_low",
    "demand_high",
    "capacity",
    "shortfall",
    "spare",
    "utilization",
    "classes_needed",
    "classrooms",
    "avg_class_size",
    "flags",
    "warning",
];

/// Decimals kept per column of `summary.csv`.
pub const SCHOOL_YEAR_PLACES: [(&str, i32); 10] = [
    ("demand", 1),
    ("demand_low", 1),
    ("demand_high", 1),
    ("capacity", 1),
    ("shortfall", 1),
    ("spare", 1),
    ("utilization", 3),
    ("classes_needed", 0),
    ("classrooms", 0),
    ("avg_class_size", 1),
];

/// One row per school-year. Besides [`SCHOOL_YEAR_COLUMNS`] it holds the
/// school's index in the dataset (`school`), the classroom gap
/// (`classroom_gap`) and the two variances sums of schools' ranges are made
/// of (`band_common_var`, `band_sum_var`; see `crate::accuracy::intervals`).
pub fn school_year_frame(d: &Dataset, rows: &[SchoolYear]) -> PolarsResult<DataFrame> {
    let n = rows.len();
    let school = |r: &SchoolYear| &d.schools[r.school];
    let f64s = |f: fn(&SchoolYear) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let opts = |f: fn(&SchoolYear) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
    let columns = vec![
        Column::new(
            "school".into(),
            rows.iter().map(|r| r.school as u32).collect::<Vec<u32>>(),
        ),
        Column::new(
            "school_id".into(),
            rows.iter().map(|r| school(r).key()).collect::<Vec<&str>>(),
        ),
        Column::new(
            "school_name".into(),
            rows.iter()
                .map(|r| school(r).name.as_str())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            "level".into(),
            rows.iter()
                .map(|r| school(r).level.code())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            "area".into(),
            rows.iter()
                .map(|r| school(r).area.as_deref())
                .collect::<Vec<Option<&str>>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "kind".into(),
            rows.iter()
                .map(|r| kind_name(r.kind))
                .collect::<Vec<&str>>(),
        ),
        Column::new("demand".into(), f64s(|r| r.demand)),
        Column::new("demand_low".into(), opts(|r| r.band.map(|b| b.low))),
        Column::new("demand_high".into(), opts(|r| r.band.map(|b| b.high))),
        Column::new(
            "band_common_var".into(),
            opts(|r| r.band.map(|b| b.common_var)),
        ),
        Column::new("band_sum_var".into(), opts(|r| r.band.map(|b| b.sum_var))),
        Column::new(
            "band_level_var".into(),
            opts(|r| r.band.map(|b| b.level_var)),
        ),
        Column::new("capacity".into(), opts(|r| r.capacity)),
        // Unknown where capacity is: never a shortfall of 0.
        Column::new(
            "shortfall".into(),
            opts(|r| r.capacity.map(|_| r.shortfall)),
        ),
        Column::new("spare".into(), opts(|r| r.capacity.map(|_| r.spare))),
        Column::new("utilization".into(), opts(|r| r.utilisation)),
        Column::new("classes_needed".into(), f64s(|r| r.classes_needed)),
        Column::new("classrooms".into(), opts(|r| r.classrooms)),
        Column::new("classroom_gap".into(), opts(|r| r.classroom_gap)),
        Column::new("avg_class_size".into(), opts(|r| r.avg_class_size)),
        Column::new(
            "flags".into(),
            rows.iter()
                .map(|r| r.flags.codes().join(";"))
                .collect::<Vec<String>>(),
        ),
        Column::new(
            "warning".into(),
            rows.iter().map(|r| r.warning.name()).collect::<Vec<&str>>(),
        ),
    ];
    DataFrame::new(n, columns)
}

/// Pupils by school, fall and grade for every school-year row (grades with
/// no pupils left out): `school_id, year, grade, pupils, kind`.
pub fn grade_frame(
    d: &Dataset,
    obs: &Observed,
    p: &Projection,
    rows: &[SchoolYear],
) -> PolarsResult<DataFrame> {
    let mut id = Vec::new();
    let mut year = Vec::new();
    let mut grade = Vec::new();
    let mut pupils = Vec::new();
    let mut kind = Vec::new();
    for r in rows {
        let grades = match r.kind {
            RowKind::Observed => obs.grades(r.school, r.year),
            RowKind::Projected => {
                let mut g = [0.0; crate::method::observed::GRADE_SLOTS];
                g.copy_from_slice(p.grades(r.school, (r.year - p.base_year) as usize));
                g
            }
        };
        for (slot, v) in grades.iter().enumerate().filter(|(_, v)| **v > 0.0) {
            id.push(d.schools[r.school].key());
            year.push(r.year);
            grade.push(grade_of_slot(slot).code(d.grade_system));
            pupils.push(*v);
            kind.push(kind_name(r.kind));
        }
    }
    let n = id.len();
    DataFrame::new(
        n,
        vec![
            Column::new("school_id".into(), id),
            Column::new("year".into(), year),
            Column::new("grade".into(), grade),
            Column::new("pupils".into(), pupils),
            Column::new("kind".into(), kind),
        ],
    )
}

/// What an aggregate sums over.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Scope {
    /// Every school of the county.
    County,
    /// The schools of an area (township), by its name.
    Area(String),
    /// The schools of a level (each school's own level).
    Level(Level),
}

/// Sums over the schools of a scope in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// What it sums over.
    pub scope: Scope,
    /// The fall.
    pub year: i32,
    /// Counted or projected.
    pub kind: RowKind,
    /// Pupils, summed over the scope's schools.
    pub demand: f64,
    /// The 80 % range of a projected sum (see [`crate::accuracy::intervals::sum_range`]).
    pub demand_low: Option<f64>,
    /// Its upper end (see demand_low).
    pub demand_high: Option<f64>,
    /// Seats of the schools whose capacity is known.
    pub capacity: f64,
    /// Sum of the schools' shortfalls (seats spare elsewhere do not cancel them).
    pub shortfall: f64,
    /// Seats spare, summed over the schools whose capacity is known (0 where none is).
    pub spare: f64,
    /// Schools of the scope with a row that fall.
    pub schools: usize,
    /// Of them, those short of seats.
    pub schools_short: usize,
    /// Schools whose capacity is known: the capacity, shortfall and spare
    /// seats cover these alone (none known: those figures are unknown).
    pub schools_with_capacity: usize,
}

/// Columns of [`aggregate_frame`], in `aggregates.csv`'s order.
pub const AGGREGATE_COLUMNS: [&str; 13] = [
    "scope",
    "name",
    "year",
    "kind",
    "demand",
    "demand_low",
    "demand_high",
    "capacity",
    "shortfall",
    "spare",
    "schools",
    "schools_short",
    "schools_with_capacity",
];

/// The school-year table summed per fall over the county, each area and
/// each level: `scope` (county, area or level), `name` (the area or the
/// level; null for the county), `year`, `kind`, `demand`, `capacity` (of the
/// schools whose capacity is known), `shortfall` (the schools' shortfalls
/// summed: seats spare in one school do not cancel another's shortfall),
/// `spare`, `schools`, `schools_short`, `schools_with_capacity` (capacity,
/// shortfall and spare are empty where it is 0: unknown, not none), and the
/// 80 % range of projected sums (`demand_low`, `demand_high`). Sorted by
/// scope, name and year.
pub fn aggregate_frame(school_years: &DataFrame) -> PolarsResult<DataFrame> {
    // The county's and a level's ranges come from their own totals'
    // errors (band_sum_var 0: the schools' spreads are not summed in);
    // an area's from the county's shared error and its schools' own.
    let sums = |totals: bool| {
        [
            col("kind").first(),
            col("demand").sum(),
            if totals {
                col("band_sum_var").sum() * lit(0.0)
            } else {
                col("band_sum_var").sum()
            },
            if totals {
                col("band_level_var").first().alias("band_common_var")
            } else {
                col("band_common_var").first()
            },
            col("capacity").sum(),
            col("shortfall").sum(),
            col("spare").sum(),
            len().cast(DataType::Int64).alias("schools"),
            col("shortfall")
                .gt(lit(0.0))
                .cast(DataType::Int64)
                .sum()
                .alias("schools_short"),
            col("capacity")
                .is_not_null()
                .cast(DataType::Int64)
                .sum()
                .alias("schools_with_capacity"),
        ]
    };
    let lf = school_years.clone().lazy();
    let county = lf
        .clone()
        .group_by([col("year")])
        .agg(sums(false))
        .with_column(col("band_sum_var") * lit(0.0))
        .with_columns([
            lit("county").alias("scope"),
            lit(NULL).cast(DataType::String).alias("name"),
        ]);
    let by = |scope: &'static str, key: &'static str| {
        lf.clone()
            .filter(col(key).is_not_null())
            .group_by([col(key), col("year")])
            .agg(sums(scope == "level"))
            .with_columns([lit(scope).alias("scope"), col(key).alias("name")])
            .drop(cols([key]))
    };
    let with_sums = AGGREGATE_COLUMNS
        .iter()
        .filter(|c| !c.starts_with("demand_"))
        .chain(&["band_sum_var", "band_common_var"])
        .map(|c| col(*c))
        .collect::<Vec<_>>();
    let frames: Vec<LazyFrame> = [county, by("area", "area"), by("level", "level")]
        .into_iter()
        .map(|f| f.select(with_sums.clone()))
        .collect();
    let mut frame = concat(frames, UnionArgs::default())?
        .sort(
            ["scope", "name", "year"],
            SortMultipleOptions::default().with_nulls_last(false),
        )
        .collect()?;
    let [low, high] = sum_ranges(&frame)?;
    frame.with_column(Column::new("demand_low".into(), low))?;
    frame.with_column(Column::new("demand_high".into(), high))?;
    let known = col("schools_with_capacity").gt(lit(0));
    let unknown_when_none = |c: &str| {
        when(known.clone())
            .then(col(c))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias(c)
    };
    frame
        .lazy()
        .with_columns([
            unknown_when_none("capacity"),
            unknown_when_none("shortfall"),
            unknown_when_none("spare"),
        ])
        .select(
            AGGREGATE_COLUMNS
                .iter()
                .map(|c| col(*c))
                .collect::<Vec<_>>(),
        )
        .collect()
}

/// The 80 % range of each projected sum, from its demand, its schools'
/// summed `band_sum_var` and the horizon's common variance (none where the
/// rows have no range).
fn sum_ranges(frame: &DataFrame) -> PolarsResult<[Vec<Option<f64>>; 2]> {
    let demand = frame.column("demand")?.f64()?;
    let sum_var = frame.column("band_sum_var")?.f64()?;
    let common = frame.column("band_common_var")?.f64()?;
    let ranges: Vec<Option<(f64, f64)>> = (0..frame.height())
        .map(|r| {
            Some(crate::accuracy::intervals::sum_range(
                demand.get(r)?,
                sum_var.get(r).unwrap_or(0.0),
                common.get(r)?,
            ))
        })
        .collect();
    Ok([
        ranges.iter().map(|r| r.map(|r| r.0)).collect(),
        ranges.iter().map(|r| r.map(|r| r.1)).collect(),
    ])
}

/// [`aggregate_frame`] as rows, ordered by scope (county, areas, levels) and year.
pub fn aggregates(d: &Dataset, rows: &[SchoolYear]) -> PolarsResult<Vec<Aggregate>> {
    let frame = aggregate_frame(&school_year_frame(d, rows)?)?;
    let scope = frame.column("scope")?.str()?;
    let name = frame.column("name")?.str()?;
    let year = frame.column("year")?.i32()?;
    let kind = frame.column("kind")?.str()?;
    let f = |c: &str| -> PolarsResult<Vec<f64>> {
        Ok(frame
            .column(c)?
            .f64()?
            .iter()
            .map(|v| v.unwrap_or(0.0))
            .collect())
    };
    let i = |c: &str| -> PolarsResult<Vec<usize>> {
        Ok(frame
            .column(c)?
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0).max(0) as usize)
            .collect())
    };
    let (demand, capacity, shortfall, spare) =
        (f("demand")?, f("capacity")?, f("shortfall")?, f("spare")?);
    let low = frame.column("demand_low")?.f64()?;
    let high = frame.column("demand_high")?.f64()?;
    let (schools, schools_short) = (i("schools")?, i("schools_short")?);
    let with_capacity = i("schools_with_capacity")?;
    let mut out = Vec::with_capacity(frame.height());
    for r in 0..frame.height() {
        let name = name.get(r).unwrap_or_default();
        let scope = match scope.get(r) {
            Some("area") => Scope::Area(name.to_string()),
            Some("level") => match Level::ALL.into_iter().find(|l| l.code() == name) {
                Some(l) => Scope::Level(l),
                None => continue,
            },
            _ => Scope::County,
        };
        out.push(Aggregate {
            scope,
            year: year.get(r).unwrap_or_default(),
            kind: match kind.get(r) {
                Some("observed") => RowKind::Observed,
                _ => RowKind::Projected,
            },
            demand: demand[r],
            demand_low: low.get(r),
            demand_high: high.get(r),
            capacity: capacity[r],
            shortfall: shortfall[r],
            spare: spare[r],
            schools: schools[r],
            schools_short: schools_short[r],
            schools_with_capacity: with_capacity[r],
        });
    }
    out.sort_by(|a, b| (&a.scope, a.year).cmp(&(&b.scope, b.year)));
    Ok(out)
}
