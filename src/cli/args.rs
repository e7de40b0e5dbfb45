//! The command line's words: the commands, their flags, and the parsers
//! of flag values. `cli.rs` runs what they ask.

use super::*;

#[derive(Debug, Parser)]
#[command(
    name = "seatcast",
    version,
    about = "Seatcast · 学位预测与布局规划 — school-place projection for county education bureaus",
    long_about = "With no command, opens the desktop window on the last files (first start: the bundled sample county). `seatcast FILE...` opens the window on those files (what a double-click on an associated workbook runs)."
)]
pub struct Cli {
    /// Language of messages: zh or en (default: the system language).
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load workbooks and report what they hold, with every warning and error
    /// (no files: the bundled sample county). Exit 0 when the data loads, 1 when it cannot.
    Check {
        /// .xlsx, .xlsm, .xls, .ods or .csv files, in any order.
        files: Vec<PathBuf>,
        #[command(flatten)]
        import: ImportArgs,
        /// Print JSON for scripts instead of the summary.
        #[arg(long)]
        json: bool,
    },
    /// Project seats per school, grade and year and write the report's
    /// tables (summary.csv, projection.csv, aggregates.csv, `seats-<level>.csv`),
    /// and as asked its charts and Excel workbook (no files: the bundled
    /// sample county).
    Report {
        files: Vec<PathBuf>,
        /// A scenario file (JSON); every field is optional.
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Years to project, 1–15 (default: the scenario's, 15).
        #[arg(long)]
        horizon: Option<usize>,
        /// Projection method: auto (chosen by this data's backtest), pooled,
        /// textbook or persistence (default: the scenario's, else auto).
        #[arg(long, value_parser = parse_method)]
        method: Option<crate::engine::scenario::Method>,
        /// Births past the last known year: low, medium or high (see docs/manual.md).
        #[arg(long, value_parser = parse_births)]
        births: Option<crate::engine::scenario::BirthsVariant>,
        /// Teacher norms file (JSON, as sample-data/teacher-norms.json):
        /// your province's staffing norms, periods and loads.
        #[arg(long)]
        norms: Option<PathBuf>,
        /// Teachers the county plans to recruit each year (default: the scenario's, 0).
        #[arg(long)]
        recruit: Option<f64>,
        /// Folder to write the report into.
        #[arg(long, default_value = "report")]
        out: PathBuf,
        /// Also write every chart (county, areas, schools) into OUT/charts, e.g. `png,svg`.
        #[arg(long, value_delimiter = ',', value_parser = parse_chart_format)]
        charts: Vec<ChartFormat>,
        /// Chart size and PNG scale, WIDTHxHEIGHT@SCALE (default 1600x900@2).
        #[arg(long, value_parser = parse_chart_size)]
        chart_size: Option<ChartSize>,
        /// Also write the Excel report, OUT/report.xlsx, with native charts.
        #[arg(long)]
        xlsx: bool,
        /// Also write OUT/teachers-eligible.csv: the staff eligible for
        /// rotation by staff number or name (every other file carries counts).
        #[arg(long)]
        staff_names: bool,
        /// Keys of the CSV tables: `en` keeps the stable English column
        /// names and values for scripts; by default they follow --lang.
        #[arg(long, value_parser = ["en"])]
        csv_keys: Option<String>,
        /// The CSV tables' bytes: `utf8-bom` (the default: Excel on any PC
        /// reads it right), `utf8` (the default with --csv-keys en, for
        /// scripts) or `gbk` (characters GBK lacks are written as ? and named).
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<CsvEncoding>,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Suggest a plan: merge every small or little-used school that fits into a
    /// near school with room, then add the classrooms that end every remaining
    /// shortfall. Prints the plan's figures beside the scenario's and writes it
    /// as a scenario file (no files: the bundled sample county).
    Plan {
        files: Vec<PathBuf>,
        /// Start from this scenario file (its actions are kept).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Where to write the suggested scenario.
        #[arg(long, default_value = "plan.json")]
        out: PathBuf,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// The layout optimiser (布局优化, docs/optimiser.md): the least-cost plan
    /// of closures, classrooms and new schools for the scenario's projected
    /// pupils, with its proven bound and gap (no files: the bundled sample county).
    Optimise(OptimiseArgs),
    /// Rolling-origin backtest: project from each origin fall and compare with
    /// what happened (docs/method.md's conventions).
    Backtest {
        files: Vec<PathBuf>,
        /// Origin falls, e.g. 2003..2019 (default: every fall with a later one).
        #[arg(long, value_parser = parse_range)]
        origins: Option<(i32, i32)>,
        #[arg(long, default_value_t = 5)]
        horizon: usize,
        /// Falls left out as data and as targets, e.g. 2020.
        #[arg(long, value_delimiter = ',')]
        skip_years: Vec<i32>,
        /// Falls used as data but not scored.
        #[arg(long, value_delimiter = ',')]
        skip_targets: Vec<i32>,
        /// auto (the default: chosen by this data's backtest), pooled,
        /// textbook or persistence. A --window or --estimator alone means textbook.
        #[arg(long, value_parser = parse_method)]
        method: Option<crate::engine::scenario::Method>,
        /// Ratio window n of the textbook method (default 3).
        #[arg(long)]
        window: Option<usize>,
        /// the textbook method exactly (docs/method.md): no guards on tiny denominators,
        /// stray pupils or runaway cohorts (its reference figures need this).
        #[arg(long)]
        exact: bool,
        /// How entrants come where births are missing: level or trend
        /// (hand-set methods; the default chooses).
        #[arg(long, value_parser = parse_entrants)]
        entrants: Option<crate::engine::scenario::EntrantRule>,
        /// Estimator of the textbook method: mean (default), median or weighted.
        #[arg(long, value_parser = parse_estimator)]
        estimator: Option<crate::engine::scenario::Estimator>,
        /// Use outlier falls (a jump that comes back, e.g. a COVID count) as
        /// data like any other, instead of finding and leaving them out.
        #[arg(long)]
        keep_outliers: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Draw the window on the data and save it as a PNG, then close (no files:
    /// the sample county). Needs a display: on a server run it under `xvfb-run -a`.
    Screenshot {
        /// The PNG to write.
        out: PathBuf,
        /// overview, schools, school, map, plan, teachers, compliance, compare, accuracy or data
        /// (default: overview).
        #[arg(long)]
        tab: Option<String>,
        /// A scenario file to show (its what-ifs and actions).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Window size in points, e.g. 1280x800.
        #[arg(long, default_value = "1280x800", value_parser = parse_size)]
        size: (f32, f32),
        /// A basemap under the Map tab: an XYZ address (https://…/{z}/{x}/{y}.png),
        /// a tile folder (z/x/y.png) or a .pmtiles file.
        #[arg(long)]
        basemap: Option<String>,
        /// The datum the basemap's tiles are drawn in: wgs84 (the default) or
        /// gcj02 (AMap, Tencent).
        #[arg(long, value_parser = parse_datum)]
        basemap_datum: Option<crate::places::datum::Datum>,
        files: Vec<PathBuf>,
    },
    /// Write a workbook with the expected sheets and headers, an example row each
    /// and an instructions sheet.
    Template {
        /// Where to write the .xlsx.
        out: PathBuf,
    },
}

/// How the files are read: the choices every command that loads files shares.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Grade system: 6-3-3, 5-4-3 or k-12 (default: inferred from the grade labels).
    #[arg(long, value_parser = parse_grades)]
    pub grades: Option<GradeSystem>,
    /// A column mapping (JSON, as the window saves it): what each column of a
    /// header holds, where recognition cannot tell.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// What a bare year names where the files do not say: fall (2023 is
    /// 2023-24) or spring (2024 is 2023-24). Default: as the file shows it,
    /// else fall for year columns and Chinese files, spring for English sheet names.
    #[arg(long, value_parser = parse_years)]
    pub years: Option<crate::import::YearConvention>,
    /// The datum of longitude/latitude columns that do not name one: gcj02
    /// (AMap, Tencent; the default), bd09 (Baidu) or wgs84 (GPS).
    #[arg(long, value_parser = parse_datum)]
    pub datum: Option<crate::places::datum::Datum>,
    /// The boundary file's property that names the areas (e.g. XZQMC,
    /// TOWNNAME, 乡镇名称). Default: the first name-like one.
    #[arg(long, value_name = "PROPERTY")]
    pub area_name: Option<String>,
}

pub(super) fn parse_datum(s: &str) -> Result<crate::places::datum::Datum, String> {
    crate::places::datum::Datum::parse(s)
        .ok_or_else(|| format!("unknown datum \"{s}\": use gcj02, bd09 or wgs84"))
}

impl ImportArgs {
    /// The import options, the mapping file read; on a bad file say why.
    pub fn options(&self, lang: Lang) -> Option<ImportOptions> {
        let mapping = match &self.mapping {
            None => crate::import::Mapping::default(),
            Some(p) => match crate::import::mapping::read(p) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("{}", e.message(lang));
                    return None;
                }
            },
        };
        Some(ImportOptions {
            grade_system: self.grades,
            mapping,
            years: self.years,
            datum: self.datum,
            mapping_remembered: false,
            area_name_key: self.area_name.clone(),
        })
    }
}

pub(super) fn parse_years(s: &str) -> Result<crate::import::YearConvention, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "fall" | "autumn" | "秋季" => Ok(crate::import::YearConvention::Fall),
        "spring" | "春季" => Ok(crate::import::YearConvention::Spring),
        _ => Err(format!("{s:?}: use fall or spring")),
    }
}

pub(super) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
}

pub(super) fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("{s:?} is not a size: write 1280x800"))?;
    let w: f32 = w
        .trim()
        .parse()
        .map_err(|_| format!("{w:?} is not a width"))?;
    let h: f32 = h
        .trim()
        .parse()
        .map_err(|_| format!("{h:?} is not a height"))?;
    if !(320.0..=8000.0).contains(&w) || !(240.0..=8000.0).contains(&h) {
        return Err(format!("{s:?}: width 320–8000 and height 240–8000, please"));
    }
    Ok((w, h))
}

pub(super) fn parse_encoding(s: &str) -> Result<CsvEncoding, String> {
    CsvEncoding::parse(s).ok_or_else(|| format!("expected utf8-bom, utf8 or gbk, got {s:?}"))
}

pub(super) fn parse_chart_format(s: &str) -> Result<ChartFormat, String> {
    ChartFormat::parse(s).ok_or_else(|| format!("expected png or svg, got {s:?}"))
}

pub(super) fn parse_chart_size(s: &str) -> Result<ChartSize, String> {
    let (dims, scale) = match s.split_once('@') {
        Some((d, k)) => (
            d,
            k.trim()
                .trim_end_matches(['x', '×'])
                .parse::<f64>()
                .map_err(|_| format!("expected a scale after @, got {k:?}"))?,
        ),
        None => (s, ChartSize::default().scale),
    };
    let (w, h) = parse_size(dims)?;
    Ok(ChartSize {
        width: w as f64,
        height: h as f64,
        scale,
    }
    .sane())
}

pub(super) fn parse_range(s: &str) -> Result<(i32, i32), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("{s:?} is not a range: write 2003..2019"))?;
    let a: i32 = a
        .trim()
        .parse()
        .map_err(|_| format!("{a:?} is not a year"))?;
    let b: i32 = b
        .trim()
        .trim_start_matches('=')
        .parse()
        .map_err(|_| format!("{b:?} is not a year"))?;
    Ok((a.min(b), a.max(b)))
}

pub(super) fn parse_method(s: &str) -> Result<crate::engine::scenario::Method, String> {
    crate::engine::scenario::Method::parse(s)
        .ok_or_else(|| format!("unknown method {s:?}: use auto, pooled, textbook or persistence"))
}

pub(super) fn parse_births(s: &str) -> Result<crate::engine::scenario::BirthsVariant, String> {
    crate::engine::scenario::BirthsVariant::parse(s)
        .ok_or_else(|| format!("unknown births variant {s:?}: use low, medium or high"))
}

pub(super) fn parse_entrants(s: &str) -> Result<crate::engine::scenario::EntrantRule, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "level" => Ok(crate::engine::scenario::EntrantRule::Level),
        "trend" => Ok(crate::engine::scenario::EntrantRule::Trend),
        _ => Err(format!("{s:?}: use level or trend")),
    }
}

pub(super) fn parse_estimator(s: &str) -> Result<crate::engine::scenario::Estimator, String> {
    crate::engine::scenario::Estimator::parse(s)
        .ok_or_else(|| format!("unknown estimator {s:?}: use mean, median or weighted"))
}

pub(super) fn parse_grades(s: &str) -> Result<GradeSystem, String> {
    GradeSystem::parse(s)
        .ok_or_else(|| format!("unknown grade system {s:?}: use 6-3-3, 5-4-3 or k-12"))
}

/// `seatcast optimise`'s arguments.
#[derive(Debug, clap::Args)]
pub struct OptimiseArgs {
    pub files: Vec<PathBuf>,
    /// Start from this scenario file (its actions, prices and pins).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Budget cap on construction, yuan: the fewest seat-years short within it.
    #[arg(long)]
    pub budget: Option<f64>,
    /// Stop after this many seconds with the best plan found and its gap.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Stop at this relative gap, percent (default 1).
    #[arg(long)]
    pub gap: Option<f64>,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
    /// Write the model as MPS for any solver: alone, and stop; with
    /// --json, --out or --xlsx, and solve it too.
    #[arg(long)]
    pub export_model: Option<PathBuf>,
    /// Write the optimised scenario (the window and `seatcast plan
    /// --scenario` open it).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the report workbook of the optimised scenario, with the plan,
    /// its explanation and the seats short before and after by year.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
    #[command(flatten)]
    pub import: ImportArgs,
}
