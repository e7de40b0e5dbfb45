//! The command line: `seatcast check` (what the files hold), `report` (the
//! projection's tables, charts and workbook), `plan` (a suggested plan),
//! `backtest` (how the method did on the data's own past), `screenshot`
//! (the window as a PNG), `template` (a workbook to fill in), and with no
//! command the desktop window. Every command loads through the same import
//! and projects through the same engine as the window.

mod args;
mod check;
mod optimise;
pub mod report;

use args::parse_lang;
pub use args::{Cli, Command, ImportArgs};
pub use check::check_report;

use crate::export::encoding::CsvEncoding;
use crate::export::files::{ChartFormat, ChartSize, ReportOptions};
use crate::grades::GradeSystem;
use crate::i18n::Lang;
use crate::import::{ImportOptions, LoadFailure, Loaded, load_paths};
use crate::text::labels::*;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
            encoding,
            import,
        }) => {
            let options = ReportOptions {
                charts,
                xlsx,
                size: chart_size.unwrap_or_default(),
                staff_names,
                csv_keys_en: csv_keys.is_some(),
                encoding: encoding.unwrap_or(if csv_keys.is_some() {
                    CsvEncoding::Utf8
                } else {
                    CsvEncoding::Utf8Bom
                }),
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
        Some(Command::Optimise(args)) => optimise::command(args, lang),
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
    if let Some(warn) = written.unmappable_text(lang) {
        eprintln!("{warn}");
    }
    let written = written.files;
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
    let result = crate::engine::plan::suggest(&engine, &s).and_then(|(mut plan, start)| {
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
    use crate::engine::accuracy::{BacktestOptions, backtest};
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
        let table =
            crate::engine::accuracy::candidate_scores(&panel, &options.origins, options.horizon);
        // The choice at the last fall the backtest uses as data.
        let with_skips = crate::engine::scenario::Scenario {
            skip_years: options.skip_years.clone(),
            ..scenario.clone()
        };
        (table, Some(engine.choice(&with_skips)))
    } else {
        (Vec::new(), None)
    };
    let with_entrants = engine.births_missing();
    let rule = crate::engine::accuracy::rule(&scores, &candidates);
    if json {
        let value = serde_json::json!({
            "method": scenario.method.key(),
            "horizons": scores,
            "candidates": candidates.iter().map(|(c, s)| serde_json::json!({
                "candidate": c.label(Lang::En, with_entrants),
                "horizons": s,
            })).collect::<Vec<_>>(),
            "choice": choice.as_ref().map(|c| report::choice_json(c, with_entrants)),
            "rule": rule,
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
        if let Some(r) = &rule {
            for line in crate::text::method::rule_lines(r, with_entrants, lang) {
                println!("{line}");
            }
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
