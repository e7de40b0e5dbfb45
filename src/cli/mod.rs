//! The command line: `seatcast check`, `seatcast template`, and with no
//! command the desktop window.

mod check;

pub use check::check_report;

use crate::grades::GradeSystem;
use crate::i18n::Lang;
use crate::import::{ImportOptions, LoadFailure, Loaded, load_paths};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "seatcast",
    version,
    about = "Seatcast · 学位预测与布局规划 — school-place projection for county education bureaus",
    long_about = "With no command, opens the desktop window on the last files (first start: the bundled sample county)."
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
        /// Grade system: 6-3-3, 5-4-3 or k-12 (default: inferred from the grade labels).
        #[arg(long, value_parser = parse_grades)]
        grades: Option<GradeSystem>,
    },
    /// Write a workbook with the expected sheets and headers, an example row each
    /// and an instructions sheet.
    Template {
        /// Where to write the .xlsx.
        out: PathBuf,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
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
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    match cli.command {
        None => run_window(lang),
        Some(Command::Check { files, grades }) => {
            let options = ImportOptions {
                grade_system: grades,
            };
            let result = load_or_sample(&files, &options);
            let ok = result.is_ok();
            print!("{}", check_report(&result, lang));
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Some(Command::Template { out }) => match write_template(&out, lang) {
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
        },
    }
}

#[cfg(feature = "gui")]
fn run_window(lang: Lang) -> ExitCode {
    crate::app::run(lang)
}

#[cfg(not(feature = "gui"))]
fn run_window(lang: Lang) -> ExitCode {
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
