//! Files on disk: one chart as PNG or SVG, every chart into a folder, and a
//! whole report folder (tables, charts, workbook). Every file is written
//! atomically (a temporary file, then a rename), so a failed save never
//! leaves half a file where a good one was.
//!
//! A report folder holds, with these names:
//!
//! | file | what |
//! |---|---|
//! | `summary.csv` | one row per school and year |
//! | `projection.csv` | pupils per school, year and grade |
//! | `aggregates.csv` | sums per year for the county, each area and each level |
//! | `seats-<level>.csv` | a level's schools × years: demand, capacity, short |
//! | `report.xlsx` | the Excel report (`--xlsx`) |
//! | `charts/<name>.png`, `.svg` | every chart (`--charts png,svg`) |
//!
//! Chart names: `county-demand-capacity`, `county-shortfall-spare`,
//! `county-births`, `area-<area>-demand-capacity`, and per school
//! `school-<id>-<name>-grades`, `-shortfall`, `-class-size`.

use super::ExportError;
use super::encoding::CsvEncoding;
use crate::chart::{Chart, build, png, svg};
use crate::engine::Outcome;
use crate::engine::outcome;
use crate::grades::Level;
use crate::i18n::Lang;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The picture formats a chart can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartFormat {
    /// A picture, at the size's scale.
    Png,
    /// A drawing that scales.
    Svg,
}

impl ChartFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }

    /// The format named (`png`, `svg`, any case).
    pub fn parse(s: &str) -> Option<ChartFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "png" => Some(ChartFormat::Png),
            "svg" => Some(ChartFormat::Svg),
            _ => None,
        }
    }

    /// The format a file name asks for by its extension.
    pub fn of_path(path: &Path) -> Option<ChartFormat> {
        ChartFormat::parse(path.extension()?.to_str()?)
    }
}

/// The size a chart is laid out at, and for PNG the pixels per unit:
/// 1600 × 900 at 2× gives a 3200 × 1800 PNG. An SVG is width × height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartSize {
    /// Laid out this wide.
    pub width: f64,
    /// And this high.
    pub height: f64,
    /// A PNG's pixels per unit.
    pub scale: f64,
}

impl Default for ChartSize {
    fn default() -> Self {
        ChartSize {
            width: 1600.0,
            height: 900.0,
            scale: 2.0,
        }
    }
}

impl ChartSize {
    /// The same size kept to what can be drawn: 200–8,000 units a side,
    /// scale 0.5–4.
    pub fn sane(self) -> ChartSize {
        let side = |v: f64, d: f64| {
            if v.is_finite() {
                v.clamp(200.0, 8000.0)
            } else {
                d
            }
        };
        ChartSize {
            width: side(self.width, 1600.0),
            height: side(self.height, 900.0),
            scale: if self.scale.is_finite() {
                self.scale.clamp(0.5, 4.0)
            } else {
                2.0
            },
        }
    }
}

/// The chart's bytes in a format.
pub fn chart_bytes(
    chart: &Chart,
    format: ChartFormat,
    size: ChartSize,
) -> Result<Vec<u8>, ExportError> {
    let size = size.sane();
    let doc = svg::render(chart, size.width, size.height);
    Ok(match format {
        ChartFormat::Svg => png::outlined(&doc)?.into_bytes(),
        ChartFormat::Png => png::from_svg(&doc, size.scale)?,
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::fsutil::atomic_write(path, bytes).map_err(|source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

fn create_dir(dir: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// One chart saved to `path`, in the format its extension names (PNG when
/// it names none).
pub fn save_chart(chart: &Chart, path: &Path, size: ChartSize) -> Result<(), ExportError> {
    let format = ChartFormat::of_path(path).unwrap_or(ChartFormat::Png);
    write(path, &chart_bytes(chart, format, size)?)
}

/// Every chart in every format into `dir`, named by its file stem. Returns
/// the files written. Charts are drawn in parallel.
pub fn save_charts(
    charts: &[Chart],
    formats: &[ChartFormat],
    size: ChartSize,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    save_charts_counted(charts, formats, size, dir, None)
}

/// [`save_charts`], counting the files written into `done` as it goes.
pub fn save_charts_counted(
    charts: &[Chart],
    formats: &[ChartFormat],
    size: ChartSize,
    dir: &Path,
    done: Option<&AtomicUsize>,
) -> Result<Vec<PathBuf>, ExportError> {
    create_dir(dir)?;
    let jobs: Vec<(&Chart, ChartFormat)> = charts
        .iter()
        .flat_map(|c| formats.iter().map(move |f| (c, *f)))
        .collect();
    jobs.par_iter()
        .map(|(chart, format)| {
            let path = dir.join(format!("{}.{}", chart.file_stem, format.extension()));
            write(&path, &chart_bytes(chart, *format, size)?)?;
            if let Some(done) = done {
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok(path)
        })
        .collect()
}

/// What a report folder gets besides its CSV tables.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The formats each chart is saved in (none: no charts).
    pub charts: Vec<ChartFormat>,
    /// Also write the Excel workbook.
    pub xlsx: bool,
    /// The charts' size.
    pub size: ChartSize,
    /// Also write `teachers-eligible.csv`, the staff eligible for rotation
    /// by staff number or name: the one export with names, written only
    /// when the planner asks.
    pub staff_names: bool,
    /// The main tables (summary, projection, aggregates, seats) with their
    /// stable English keys whatever the report's language (for scripts);
    /// else in the report's language.
    pub csv_keys_en: bool,
    /// The bytes of every CSV table: UTF-8 with a BOM unless asked.
    pub encoding: CsvEncoding,
}

/// The file name of a level's seats table, e.g. `seats-primary.csv`.
pub fn seats_csv_name(level: Level) -> String {
    format!("seats-{}.csv", build::slug(level.name(Lang::En)))
}

/// What a report wrote: its files, and per CSV table the characters its
/// encoding could not hold (written as `?`; only GBK has any).
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Every file written.
    pub files: Vec<PathBuf>,
    /// Per CSV table, the characters its encoding could not hold.
    pub unmappable: BTreeMap<String, BTreeSet<char>>,
}

impl Written {
    /// The warning for characters the encoding could not hold, if any.
    pub fn unmappable_text(&self, lang: Lang) -> Option<String> {
        if self.unmappable.is_empty() {
            return None;
        }
        let all: BTreeSet<char> = self.unmappable.values().flatten().copied().collect();
        let chars: String = all.iter().collect();
        let tables = self
            .unmappable
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        Some(match lang {
            Lang::Zh => format!(
                "GBK 无法表示 {} 个字符，已写作“?”：{chars}（{tables}）。需要这些字符时请用 UTF-8 导出。",
                all.len()
            ),
            Lang::En => format!(
                "GBK cannot hold {} characters, written as \"?\": {chars} ({tables}). Export as UTF-8 to keep them.",
                all.len()
            ),
        })
    }
}

/// Counting a long save: the number of files once known, and each one done.
pub struct Count<'a> {
    /// Told the number of files, once known.
    pub total: &'a (dyn Fn(usize) + Sync),
    /// Counts the files done.
    pub done: &'a AtomicUsize,
}

/// Everything of a report into `dir`: the CSV tables, and as asked the
/// charts and the Excel workbook.
pub fn write_report(
    cx: &build::Context,
    dir: &Path,
    options: &ReportOptions,
    date: &str,
) -> Result<Written, ExportError> {
    write_report_counted(cx, dir, options, date, None)
}

/// [`write_report`], counting the files on `count` as they are written.
pub fn write_report_counted(
    cx: &build::Context,
    dir: &Path,
    options: &ReportOptions,
    date: &str,
    count: Option<Count<'_>>,
) -> Result<Written, ExportError> {
    create_dir(dir)?;
    let mut tables = report_tables(cx, options)?;
    if options.xlsx {
        tables.push(("report.xlsx".into(), super::xlsx::workbook(cx, date)?));
    }
    let charts = if options.charts.is_empty() {
        Vec::new()
    } else {
        build::all(cx)
    };
    if let Some(c) = &count {
        (c.total)(tables.len() + charts.len() * options.charts.len());
    }
    let mut out = Written::default();
    for (name, bytes) in tables {
        let bytes = if name.ends_with(".csv") {
            let (bytes, missing) = super::encoding::encode(&bytes, options.encoding);
            if !missing.is_empty() {
                out.unmappable.insert(name.clone(), missing);
            }
            bytes
        } else {
            bytes
        };
        let path = dir.join(&name);
        write(&path, &bytes)?;
        out.files.push(path);
        if let Some(c) = &count {
            c.done.fetch_add(1, Ordering::Relaxed);
        }
    }
    if !charts.is_empty() {
        out.files.extend(save_charts_counted(
            &charts,
            &options.charts,
            options.size,
            &dir.join("charts"),
            count.as_ref().map(|c| c.done),
        )?);
    }
    Ok(out)
}

/// The report's tables as UTF-8 bytes, by file name, in the order written.
fn report_tables(
    cx: &build::Context,
    options: &ReportOptions,
) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
    let o = cx.outcome;
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    // The main tables in the report's language, unless asked for keys.
    let lang = if options.csv_keys_en {
        Lang::En
    } else {
        cx.lang
    };
    let words = |bytes: Vec<u8>| super::csv_words::localize(bytes, lang);
    out.push(("summary.csv".into(), words(summary_csv(o)?)?));
    out.push(("projection.csv".into(), words(projection_csv(o)?)?));
    let school_years = outcome::school_year_frame(&o.dataset, &o.rows)?;
    let sums = outcome::aggregate_frame(&school_years)?;
    out.push((
        "aggregates.csv".into(),
        words(super::csv(
            &sums,
            &outcome::AGGREGATE_COLUMNS,
            &[
                ("demand", 1),
                ("demand_low", 1),
                ("demand_high", 1),
                ("capacity", 1),
                ("shortfall", 1),
                ("spare", 1),
            ],
        )?)?,
    ));
    for level in super::xlsx::levels(cx) {
        out.push((seats_csv_name(level), words(seats_csv(cx, level)?)?));
    }
    let derived = cx.derived();
    if let Some(c) = &derived.ledger {
        out.push((
            "compliance.csv".into(),
            super::compliance::schools_csv(o, c)?,
        ));
        out.push(("compliance-cv.csv".into(), super::compliance::cv_csv(c)?));
        out.push((
            "compliance-fixes.csv".into(),
            super::compliance::fixes_csv(o, c)?,
        ));
    }
    if let Some(t) = &derived.teachers {
        let staffing = &t.staffing;
        out.push((
            "teachers.csv".into(),
            super::teachers::schools_csv(o, staffing)?,
        ));
        out.push((
            "teachers-county.csv".into(),
            super::teachers::county_csv(staffing)?,
        ));
        out.push((
            "teachers-subjects.csv".into(),
            super::teachers::subjects_csv(staffing)?,
        ));
        out.push((
            "teachers-rotation.csv".into(),
            super::teachers::rotation_csv(o, staffing, &t.rotation)?,
        ));
        if options.staff_names {
            out.push((
                "teachers-eligible.csv".into(),
                super::teachers::eligible_csv(o, &t.rotation)?,
            ));
        }
    }
    Ok(out)
}

/// summary.csv: one row per school and year.
pub fn summary_csv(o: &Outcome) -> Result<Vec<u8>, ExportError> {
    let frame = outcome::school_year_frame(&o.dataset, &o.rows)?;
    super::csv(
        &frame,
        &outcome::SCHOOL_YEAR_COLUMNS,
        &outcome::SCHOOL_YEAR_PLACES,
    )
}

/// projection.csv: pupils by school, year and grade, observed then projected.
pub fn projection_csv(o: &Outcome) -> Result<Vec<u8>, ExportError> {
    let frame = outcome::grade_frame(&o.dataset, &o.observed, &o.projection, &o.rows)?;
    super::csv(
        &frame,
        &["school_id", "year", "grade", "pupils", "kind"],
        &[("pupils", 1)],
    )
}

/// A level's schools × years as CSV: `school_id,school_name,area`, then
/// `<year>_demand,<year>_capacity,<year>_shortfall` for every year.
pub fn seats_csv(cx: &build::Context, level: Level) -> Result<Vec<u8>, ExportError> {
    let d = &cx.outcome.dataset;
    let o = cx.outcome;
    let years: Vec<i32> = {
        let mut y: Vec<i32> = o.rows.iter().map(|r| r.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["school_id".to_string(), "school_name".into(), "area".into()];
    for y in &years {
        header.extend([
            format!("{y}_demand"),
            format!("{y}_capacity"),
            format!("{y}_shortfall"),
        ]);
    }
    w.write_record(&header)?;
    for (i, s) in d.schools.iter().enumerate() {
        if s.level != level {
            continue;
        }
        let mut record = vec![
            s.id.clone().unwrap_or_default(),
            s.name.clone(),
            s.area.clone().unwrap_or_default(),
        ];
        let rows = o.school_rows(i);
        for y in &years {
            match rows.iter().find(|r| r.year == *y) {
                Some(r) => record.extend([
                    super::round(r.demand, 1),
                    r.capacity.map(|c| super::round(c, 1)).unwrap_or_default(),
                    super::round(r.shortfall, 1),
                ]),
                None => record.extend([String::new(), String::new(), String::new()]),
            }
        }
        w.write_record(&record)?;
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

/// Today's date as `YYYY-MM-DD` (UTC), for footers and the report.
pub fn today() -> String {
    let (y, m, d) = civil_from_days(now_secs().div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Seconds since 1970 (UTC) for dates written into files: the clock, or
/// `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention), so a
/// release's smoke test gets byte-identical files from two builds.
pub fn now_secs() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// The calendar date of a day counted from 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2026-11-22 is day 20,779 of the epoch.
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn formats_come_from_names() {
        assert_eq!(
            ChartFormat::of_path(Path::new("a/b.SVG")),
            Some(ChartFormat::Svg)
        );
        assert_eq!(
            ChartFormat::of_path(Path::new("a/b.png")),
            Some(ChartFormat::Png)
        );
        assert_eq!(ChartFormat::of_path(Path::new("a/b")), None);
    }
}
