//! The command line: `seatcast check` (what the files hold), `report` (the
//! projection's tables, charts and workbook), `plan` (a suggested plan),
//! `backtest` (how the method did on the data's own past), `screenshot`
//! (the window as a PNG), `template` (a workbook to fill in), and with no
//! command the desktop window. Every command loads through the same import
//! and projects through the same engine as the window.

mod check;
pub mod report;

pub use check::check_report;

use crate::export::files::{ChartFormat, ChartSize, ReportOptions};
use crate::grades::GradeSystem;
use crate::i18n::Lang;
use crate::import::{ImportOptions, LoadFailure, Loaded, load_paths};
use crate::text::labels::*;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// tables (summary.csv, projection.csv, aggregates.csv, seats-<level>.csv),
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

fn parse_datum(s: &str) -> Result<crate::places::datum::Datum, String> {
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

fn parse_years(s: &str) -> Result<crate::import::YearConvention, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "fall" | "autumn" | "秋季" => Ok(crate::import::YearConvention::Fall),
        "spring" | "春季" => Ok(crate::import::YearConvention::Spring),
        _ => Err(format!("{s:?}: use fall or spring")),
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
}

fn parse_size(s: &str) -> Result<(f32, f32), String> {
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

fn parse_chart_format(s: &str) -> Result<ChartFormat, String> {
    ChartFormat::parse(s).ok_or_else(|| format!("expected png or svg, got {s:?}"))
}

fn parse_chart_size(s: &str) -> Result<ChartSize, String> {
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

fn parse_range(s: &str) -> Result<(i32, i32), String> {
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

fn parse_method(s: &str) -> Result<crate::engine::scenario::Method, String> {
    crate::engine::scenario::Method::parse(s)
        .ok_or_else(|| format!("unknown method {s:?}: use auto, pooled, textbook or persistence"))
}

fn parse_births(s: &str) -> Result<crate::engine::scenario::BirthsVariant, String> {
    crate::engine::scenario::BirthsVariant::parse(s)
        .ok_or_else(|| format!("unknown births variant {s:?}: use low, medium or high"))
}

fn parse_entrants(s: &str) -> Result<crate::engine::scenario::EntrantRule, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "level" => Ok(crate::engine::scenario::EntrantRule::Level),
        "trend" => Ok(crate::engine::scenario::EntrantRule::Trend),
        _ => Err(format!("{s:?}: use level or trend")),
    }
}

fn parse_estimator(s: &str) -> Result<crate::engine::scenario::Estimator, String> {
    crate::engine::scenario::Estimator::parse(s)
        .ok_or_else(|| format!("unknown estimator {s:?}: use mean, median or weighted"))
}

fn parse_grades(s: &str) -> Result<GradeSystem, String> {
    GradeSystem::parse(s)
        .ok_or_else(|| format!("unknown grade system {s:?}: use 6-3-3, 5-4-3 or k-12"))
}

/// Load the given files, or the bundled sample county when there are none.
pub fn load_or_sample(files: &[PathBuf], options: &ImportOptions) -> Result<Loaded, LoadFailure> {
    if files.is_empty() {
        crate::sample::load_sample(options)
    } else {
        load_paths(files, options)
    }
}

/// Run the command line; the binary's `main` is this and nothing more.
/// `seatcast [--lang L] FILE...`: the files the window is to open, when the
/// arguments are files and no command (what a double-click on an
/// associated workbook runs). None: the arguments are for clap.
pub fn window_files(args: &[std::ffi::OsString]) -> Option<(Option<Lang>, Vec<PathBuf>)> {
    use clap::CommandFactory;
    let commands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .chain(["help".to_string()])
        .collect();
    let mut lang = None;
    let mut files = Vec::new();
    let mut rest = args.iter().skip(1);
    while let Some(a) = rest.next() {
        let text = a.to_string_lossy();
        if text == "--lang" {
            lang = Some(parse_lang(&rest.next()?.to_string_lossy()).ok()?);
        } else if let Some(v) = text.strip_prefix("--lang=") {
            lang = Some(parse_lang(v).ok()?);
        } else if text.starts_with('-') || (files.is_empty() && commands.iter().any(|c| *c == text))
        {
            return None;
        } else {
            files.push(PathBuf::from(a));
        }
    }
    (!files.is_empty()).then_some((lang, files))
}

/// A command's output piped into `head` (or a script that stops reading):
/// end as Unix tools do, instead of a panic at the next line printed. Only
/// for commands; the window keeps Rust's default.
fn end_quietly_on_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition, once, before any
    // other thread is started; no handler runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some((lang, files)) = window_files(&args) {
        return run_window(lang, started, files);
    }
    let cli = Cli::parse_from(args);
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    if cli.command.is_some() {
        end_quietly_on_broken_pipe();
    }
    match cli.command {
        None => run_window(cli.lang, started, Vec::new()),
        Some(Command::Check {
            files,
            import,
            json,
        }) => run_check(&files, &import, json, lang),
        Some(Command::Report {
            files,
            scenario,
            horizon,
            method,
            births,
            norms,
            recruit,
            out,
            charts,
            chart_size,
            xlsx,
            staff_names,
            csv_keys,
            import,
        }) => {
            let options = ReportOptions {
                charts,
                xlsx,
                size: chart_size.unwrap_or_default(),
                staff_names,
                csv_keys_en: csv_keys.is_some(),
            };
            let overrides = Overrides {
                horizon,
                method,
                births,
                norms,
                recruit,
            };
            run_report(
                &files,
                scenario.as_deref(),
                &overrides,
                &out,
                &options,
                &import,
                lang,
            )
        }
        Some(Command::Plan {
            files,
            scenario,
            out,
            import,
        }) => run_plan(&files, scenario.as_deref(), &out, &import, lang),
        Some(Command::Backtest {
            files,
            origins,
            horizon,
            skip_years,
            skip_targets,
            method,
            window,
            estimator,
            exact,
            entrants,
            keep_outliers,
            json,
            import,
        }) => {
            let Some(scenario) = backtest_scenario(
                method,
                window,
                estimator,
                exact,
                entrants,
                keep_outliers,
                lang,
            ) else {
                return ExitCode::from(2);
            };
            run_backtest(
                &files,
                &import,
                &scenario,
                origins,
                horizon,
                skip_years,
                skip_targets,
                json,
                lang,
            )
        }
        Some(Command::Screenshot {
            out,
            tab,
            scenario,
            size,
            basemap,
            basemap_datum,
            files,
        }) => match scenario_or_default(scenario.as_deref(), lang) {
            Some(s) => {
                let basemap = basemap
                    .map(|b| crate::places::tiles::BasemapSource::from_arg(&b, basemap_datum));
                run_screenshot(&out, files, tab.as_deref(), lang, size, s, basemap)
            }
            None => ExitCode::from(1),
        },
        Some(Command::Template { out }) => run_template(&out, lang),
    }
}

/// `seatcast check`: read the files (none: the sample county) and say
/// what was read and every problem, as text or JSON.
fn run_check(files: &[PathBuf], import: &ImportArgs, json: bool, lang: Lang) -> ExitCode {
    let Some(options) = import.options(lang) else {
        return ExitCode::from(2);
    };
    let result = load_or_sample(files, &options);
    let ok = result.is_ok();
    if json {
        println!("{}", check::check_json(&result, lang));
    } else {
        print!("{}", check_report(&result, lang));
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The scenario `seatcast backtest` scores: the method asked for (auto
/// unless a window or estimator makes it the textbook's), None where the
/// flags do not go together (said).
#[allow(clippy::too_many_arguments)]
fn backtest_scenario(
    method: Option<crate::engine::scenario::Method>,
    window: Option<usize>,
    estimator: Option<crate::engine::scenario::Estimator>,
    exact: bool,
    entrants: Option<crate::engine::scenario::EntrantRule>,
    keep_outliers: bool,
    lang: Lang,
) -> Option<crate::engine::scenario::Scenario> {
    use crate::engine::scenario::{Method, Scenario};
    let textbook = Scenario {
        method: Method::Textbook,
        ..Default::default()
    };
    let tuned = window.is_some() || estimator.is_some();
    let method = method.unwrap_or(if tuned {
        Method::Textbook
    } else {
        Method::Auto
    });
    if tuned && method != Method::Textbook {
        eprintln!(
            "{}",
            lang.pick(
                "--window 与 --estimator 只用于 --method textbook",
                "--window and --estimator are for --method textbook only",
            )
        );
        return None;
    }
    let scenario = Scenario {
        method,
        window: window.unwrap_or(textbook.window),
        estimator: estimator.unwrap_or(textbook.estimator),
        detect_outliers: !keep_outliers,
        robust: !exact,
        entrants: entrants.unwrap_or_default(),
        ..Default::default()
    };
    Some(scenario)
}

/// `seatcast template`: the workbook to fill in.
fn run_template(out: &std::path::Path, lang: Lang) -> ExitCode {
    match write_template(out, lang) {
        Ok(()) => {
            println!(
                "{}",
                lang.pick("已写出模板：", "Template written: ").to_string()
                    + &out.display().to_string()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "{}{e:#}",
                lang.pick("无法写出模板：", "Cannot write the template: ")
            );
            ExitCode::from(1)
        }
    }
}

/// Load for a command that needs data; on failure print the problems and give up.
fn load_for_command(files: &[PathBuf], import: &ImportArgs, lang: Lang) -> Option<Loaded> {
    match load_or_sample(files, &import.options(lang)?) {
        Ok(l) => Some(l),
        Err(failure) => {
            eprint!("{}", check_report(&Err(failure), lang));
            None
        }
    }
}

/// What `report` may change in the scenario from the command line.
struct Overrides {
    horizon: Option<usize>,
    method: Option<crate::engine::scenario::Method>,
    births: Option<crate::engine::scenario::BirthsVariant>,
    norms: Option<PathBuf>,
    recruit: Option<f64>,
}

fn run_report(
    files: &[PathBuf],
    scenario: Option<&std::path::Path>,
    overrides: &Overrides,
    out: &std::path::Path,
    options: &ReportOptions,
    import: &ImportArgs,
    lang: Lang,
) -> ExitCode {
    let Some(mut s) = scenario_or_default(scenario, lang) else {
        return ExitCode::from(1);
    };
    if let Some(h) = overrides.horizon {
        s.horizon = h;
    }
    if let Some(m) = overrides.method {
        s.method = m;
    }
    if let Some(b) = overrides.births {
        b.apply(&mut s);
    }
    if let Some(path) = &overrides.norms {
        match crate::norms_file::load(path) {
            Ok(n) => s.teachers.norms = Some(n),
            Err(e) => {
                eprintln!("{}", e.message(lang));
                return ExitCode::from(1);
            }
        }
    }
    if let Some(r) = overrides.recruit {
        if !(r.is_finite() && r >= 0.0) {
            eprintln!(
                "{}{r}",
                lang.pick("--recruit 须为 0 或正数：", "--recruit must be 0 or more: ")
            );
            return ExitCode::from(2);
        }
        s.teachers.recruit_per_year = r;
    }
    let Some(engine) = engine_for_command(files, import, lang) else {
        return ExitCode::from(1);
    };
    let Ok(report) = report::build(&engine, &s).map_err(|e| scenario_failed(&e, lang)) else {
        return ExitCode::from(1);
    };
    let date = crate::export::files::today();
    let cx =
        crate::chart::build::Context::new(&engine, &report.outcome, &report.derived, lang, &date);
    let written = match crate::export::files::write_report(&cx, out, options, &date) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "{}{}: {e}",
                lang.pick("无法写出报告到 ", "Cannot write the report to "),
                out.display()
            );
            return ExitCode::from(1);
        }
    };
    print!("{}", report::text(&report.outcome, lang));
    let charts = written
        .iter()
        .filter(|p| p.parent().and_then(|d| d.file_name()) == Some(std::ffi::OsStr::new("charts")))
        .count();
    let tables: Vec<String> = written
        .iter()
        .filter(|p| p.parent() == Some(out))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    println!(
        "{}{}: {}",
        lang.pick("已写出到 ", "Written to "),
        out.display(),
        tables.join(", ")
    );
    if charts > 0 {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "  以及 {charts} 个图表文件，在 {}",
                    out.join("charts").display()
                ),
                Lang::En => format!(
                    "  and {charts} chart files in {}",
                    out.join("charts").display()
                ),
            }
        );
    }
    ExitCode::SUCCESS
}

/// The engine on the command's files; on failure the problems are printed.
fn engine_for_command(
    files: &[PathBuf],
    import: &ImportArgs,
    lang: Lang,
) -> Option<crate::engine::Engine> {
    let loaded = load_for_command(files, import, lang)?;
    Some(crate::engine::Engine::new(std::sync::Arc::new(
        loaded.dataset,
    )))
}

/// Say why a scenario could not be worked out.
fn scenario_failed(e: &crate::engine::EngineError, lang: Lang) {
    eprintln!(
        "{}{}",
        lang.pick("无法计算该情景：", "Cannot work out the scenario: "),
        e.message(lang)
    );
}

/// The scenario file's scenario, or the default; on a bad file print why and give up.
fn scenario_or_default(
    path: Option<&std::path::Path>,
    lang: Lang,
) -> Option<crate::engine::scenario::Scenario> {
    match path {
        None => Some(crate::engine::scenario::Scenario::default()),
        Some(p) => match crate::scenario_file::load(p) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("{}", e.message(lang));
                None
            }
        },
    }
}

fn run_plan(
    files: &[PathBuf],
    scenario: Option<&std::path::Path>,
    out: &std::path::Path,
    import: &ImportArgs,
    lang: Lang,
) -> ExitCode {
    let Some(s) = scenario_or_default(scenario, lang) else {
        return ExitCode::from(1);
    };
    let Some(engine) = engine_for_command(files, import, lang) else {
        return ExitCode::from(1);
    };
    let result =
        crate::engine::plan::planner::suggest(&engine, &s).and_then(|(mut plan, start)| {
            if plan.name.trim().is_empty() {
                plan.name = lang
                    .pick("撤并与扩建建议", "merge and expand suggestion")
                    .into();
            }
            let after = engine.outcome(&plan)?.figures;
            Ok((start.figures, after, plan, start.set_aside))
        });
    let Ok((before, after, plan, aside)) = result.map_err(|e| scenario_failed(&e, lang)) else {
        return ExitCode::from(1);
    };
    print!("{}", crate::text::plan::set_aside_lines(&aside, lang));
    if let Err(e) = crate::scenario_file::save(out, &plan) {
        eprintln!("{}", e.message(lang));
        return ExitCode::from(1);
    }
    print!("{}", report::plan_text(&plan, &before, &after, lang));
    println!(
        "{}{}",
        lang.pick("已写出情景文件：", "Scenario written: "),
        out.display()
    );
    ExitCode::SUCCESS
}

#[allow(clippy::too_many_arguments)]
fn run_backtest(
    files: &[PathBuf],
    import: &ImportArgs,
    scenario: &crate::engine::scenario::Scenario,
    origins: Option<(i32, i32)>,
    horizon: usize,
    skip_years: Vec<i32>,
    skip_targets: Vec<i32>,
    json: bool,
    lang: Lang,
) -> ExitCode {
    use crate::engine::accuracy::backtest::{BacktestOptions, backtest};
    let Some(engine) = engine_for_command(files, import, lang) else {
        return ExitCode::from(1);
    };
    let (first, last) = (engine.observed.first_year, engine.observed.last_year());
    let (a, b) = origins.unwrap_or((first + 1, last - 1));
    let options = BacktestOptions {
        origins: a..=b,
        horizon: horizon.clamp(1, crate::engine::scenario::MAX_HORIZON),
        skip_years,
        skip_targets,
    };
    let scores = backtest(&engine, scenario, &options);
    let auto = scenario.method == crate::engine::scenario::Method::Auto;
    // Beside the default: every candidate over the same origins, and the choice at the last fall.
    let (candidates, choice) = if auto {
        let panel = engine.panel_for(scenario, &options);
        let table = crate::engine::accuracy::choice::candidate_scores(
            &panel,
            &options.origins,
            options.horizon,
        );
        (table, Some(engine.choice(scenario)))
    } else {
        (Vec::new(), None)
    };
    let with_entrants = engine.births_missing();
    if json {
        let value = serde_json::json!({
            "method": scenario.method.key(),
            "horizons": scores,
            "candidates": candidates.iter().map(|(c, s)| serde_json::json!({
                "candidate": c.label(Lang::En, with_entrants),
                "horizons": s,
            })).collect::<Vec<_>>(),
            "choice": choice.as_ref().map(|c| report::choice_json(c, with_entrants)),
        });
        println!("{value}");
    } else {
        println!(
            "{}",
            lang.pick(
                " h  学校MAPE%  中位APE%  ±5%以内%    n  全县MAPE%  80%区间覆盖率  全县覆盖率",
                " h  school MAPE%  median APE%  within ±5%    n  system MAPE%  coverage80  system cov."
            )
        );
        for s in &scores {
            let share = |c: Option<f64>| c.map_or("—".to_string(), |c| format!("{c:.3}"));
            println!(
                "{:>2}  {:>11.2}  {:>11.2}  {:>10.1}  {:>4}  {:>12.2}  {:>10}  {:>11}",
                s.h,
                s.school_mape,
                s.median_ape,
                s.within5,
                s.n,
                s.system_mape,
                share(s.coverage80),
                share(s.system_coverage80)
            );
        }
        if !candidates.is_empty() {
            print!(
                "{}",
                report::candidates_text(&candidates, &scores, with_entrants, lang)
            );
        }
        if let Some(c) = &choice {
            print!("{}", report::choice_text(c, with_entrants, lang));
        }
    }
    ExitCode::SUCCESS
}

#[cfg(feature = "gui")]
fn run_window(lang: Option<Lang>, started: std::time::Instant, files: Vec<PathBuf>) -> ExitCode {
    crate::app::run(lang, started, files)
}

#[cfg(feature = "gui")]
fn run_screenshot(
    out: &std::path::Path,
    files: Vec<PathBuf>,
    tab: Option<&str>,
    lang: Lang,
    size: (f32, f32),
    scenario: crate::engine::scenario::Scenario,
    basemap: Option<crate::places::tiles::BasemapSource>,
) -> ExitCode {
    crate::app::screenshot(
        out,
        files,
        tab,
        lang,
        [size.0, size.1],
        Some(scenario),
        basemap,
    )
}

#[cfg(not(feature = "gui"))]
fn run_screenshot(
    _out: &std::path::Path,
    _files: Vec<PathBuf>,
    _tab: Option<&str>,
    lang: Lang,
    _size: (f32, f32),
    _scenario: crate::engine::scenario::Scenario,
    _basemap: Option<crate::places::tiles::BasemapSource>,
) -> ExitCode {
    run_window(Some(lang), std::time::Instant::now(), Vec::new())
}

#[cfg(not(feature = "gui"))]
fn run_window(lang: Option<Lang>, _started: std::time::Instant, _files: Vec<PathBuf>) -> ExitCode {
    let lang = lang.unwrap_or_else(Lang::from_env);
    eprintln!(
        "{}",
        lang.pick(
            "此版本未包含桌面窗口（编译时未启用 gui 功能）。请使用 seatcast check、seatcast template。",
            "This build has no desktop window (built without the gui feature); use seatcast check or seatcast template."
        )
    );
    ExitCode::from(2)
}

fn write_template(out: &std::path::Path, lang: Lang) -> anyhow::Result<()> {
    let bytes = crate::template::template_workbook(lang)?;
    crate::fsutil::atomic_write(out, &bytes)?;
    Ok(())
}
