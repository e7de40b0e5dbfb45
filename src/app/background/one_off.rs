//! What the one-off jobs do, as plain functions the job runner
//! ([`super::runner`]) calls on its threads: the native file dialogs
//! ([`pick_with_dialog`]), exports ([`export`]), the autosave's write
//! ([`write_autosave`]) and the template ([`write_template`]); and the
//! requests they take ([`Pick`], [`SaveJob`], [`SiteRequest`]). Where each
//! is started and what is done with its result is [`super::jobs`].

use super::runner::Progress;
use crate::chart::Chart;
use crate::chart::build::{self, Context};
use crate::engine::Engine;
use crate::engine::Outcome;
use crate::engine::scenario::Scenario;
use crate::export::files::{self, ChartFormat, ChartSize, ReportOptions, Written};
use crate::i18n::Lang;
use crate::scenario_file::ScenarioFileError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Saving or opening a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioIo {
    Save,
    Open,
}

/// What a native file dialog picks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// Workbooks to load.
    Data,
    /// A scenario file to save to or open.
    Scenario(ScenarioIo),
    /// A teacher norms file to open or save.
    Norms(ScenarioIo),
    /// Where a save window writes: a chart file, else a folder.
    SaveTarget { chart: bool, current: PathBuf },
    /// Where to write the data template.
    Template,
}

/// A new school's site to check (`engine::plan::check_site`), with what it was
/// asked for so the answer can be matched to the form.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRequest {
    /// (the result's generation, the site's bits, grades, year).
    pub key: (u64, [u64; 2], [i8; 2], i32),
    pub site: crate::model::Coords,
    pub grades: [i8; 2],
    pub year: i32,
}

/// An export: a chart, every chart, or the report folder.
pub enum SaveJob {
    Chart {
        chart: Box<Chart>,
        path: PathBuf,
        size: ChartSize,
    },
    /// Every chart of the county, its areas and schools, into a folder.
    AllCharts {
        engine: Arc<Engine>,
        outcome: Arc<Outcome>,
        /// The outcome's teachers and ledger, as the worker worked them out.
        derived: Arc<crate::engine::Derived>,
        lang: Lang,
        dir: PathBuf,
        formats: Vec<ChartFormat>,
        size: ChartSize,
    },
    /// The report folder: tables, and as asked the workbook and the charts.
    Report {
        engine: Arc<Engine>,
        outcome: Arc<Outcome>,
        derived: Arc<crate::engine::Derived>,
        lang: Lang,
        dir: PathBuf,
        options: ReportOptions,
        /// The layout optimiser's answer for this scenario, with the
        /// scenario it optimised: the workbook gets its sheet.
        optimiser: Option<Box<(Scenario, crate::engine::optimise::Optimised)>>,
    },
}

/// The native dialog for a pick (blocks its thread until it closes).
pub fn pick_with_dialog(pick: &Pick) -> Option<Vec<PathBuf>> {
    let d = rfd::FileDialog::new();
    match pick {
        Pick::Data => d
            .add_filter(
                "Excel / CSV / GeoJSON / Shapefile / OpenStreetMap (.osm.pbf)",
                &[
                    "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "geojson", "shp", "pbf",
                ],
            )
            .pick_files(),
        Pick::Scenario(io) => {
            let d = d.add_filter("JSON", &["json"]);
            match io {
                ScenarioIo::Save => d.save_file(),
                ScenarioIo::Open => d.pick_file(),
            }
            .map(|p| vec![p])
        }
        Pick::Norms(io) => {
            let d = d.add_filter("JSON", &["json"]);
            match io {
                ScenarioIo::Save => d.set_file_name("teacher-norms.json").save_file(),
                ScenarioIo::Open => d.pick_file(),
            }
            .map(|p| vec![p])
        }
        Pick::Template => d
            .add_filter("Excel", &["xlsx"])
            .set_file_name("seatcast-template.xlsx")
            .save_file()
            .map(|p| vec![p]),
        Pick::SaveTarget { chart, current } => {
            let mut d = d;
            if let Some(dir) = current.parent().filter(|p| p.is_dir()) {
                d = d.set_directory(dir);
            }
            if *chart {
                if let Some(name) = current.file_name() {
                    d = d.set_file_name(name.to_string_lossy());
                }
                d.add_filter("PNG", &["png"])
                    .add_filter("SVG", &["svg"])
                    .save_file()
            } else {
                d.pick_folder()
            }
            .map(|p| vec![p])
        }
    }
}

/// Write an export, counting the files written on `progress`.
pub fn export(job: SaveJob, progress: &Progress) -> Result<Written, crate::export::ExportError> {
    let date = files::today();
    match job {
        SaveJob::Chart { chart, path, size } => {
            progress.set_total(1);
            files::save_chart(&chart, &path, size)?;
            Ok(Written {
                files: vec![path],
                ..Written::default()
            })
        }
        SaveJob::AllCharts {
            engine,
            outcome,
            derived,
            lang,
            dir,
            formats,
            size,
        } => {
            let cx = Context::new(&engine, &outcome, &derived, lang, &date);
            let charts = build::all(&cx);
            progress.set_total(charts.len() * formats.len());
            let files = files::save_charts_counted(
                &charts,
                &formats,
                size,
                &dir,
                Some(progress.counter()),
            )?;
            Ok(Written {
                files,
                ..Written::default()
            })
        }
        SaveJob::Report {
            engine,
            outcome,
            derived,
            lang,
            dir,
            options,
            optimiser,
        } => {
            let report = optimiser
                .and_then(|b| crate::engine::optimise::Report::of(&engine, &b.0, b.1).ok());
            let mut cx = Context::new(&engine, &outcome, &derived, lang, &date);
            cx.optimiser = report.as_ref();
            let total = |n| progress.set_total(n);
            let count = files::Count {
                total: &total,
                done: progress.counter(),
            };
            files::write_report_counted(&cx, &dir, &options, &date, Some(count))
        }
    }
}

/// The working scenario into the autosave file (its folder made first).
pub fn write_autosave(path: &Path, scenario: &Scenario) -> Result<(), ScenarioFileError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| ScenarioFileError::Write {
                path: path.to_path_buf(),
                source,
            })
        }
        _ => Ok(()),
    }?;
    crate::scenario_file::save(path, scenario)
}

/// The workbook to fill in (the sheets and headers Seatcast reads), written
/// whole or not at all.
pub fn write_template(path: &Path, lang: Lang) -> Result<Written, String> {
    let bytes = crate::template::template_workbook(lang).map_err(|e| e.to_string())?;
    crate::fsutil::atomic_write(path, &bytes).map_err(|e| e.to_string())?;
    Ok(Written {
        files: vec![path.to_path_buf()],
        ..Written::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_written_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("模板 2026.xlsx");
        let written = write_template(&path, Lang::Zh).expect("written");
        assert_eq!(written.files, vec![path.clone()]);
        let bytes = std::fs::read(&path).expect("written");
        assert_eq!(&bytes[..2], b"PK");
    }

    #[test]
    fn a_failed_autosave_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A file where the autosave's folder should be.
        let blocker = dir.path().join("not-a-folder");
        std::fs::write(&blocker, "x").expect("written");
        let e = write_autosave(&blocker.join("autosave.json"), &Scenario::default())
            .expect_err("cannot write under a file");
        assert!(matches!(e, ScenarioFileError::Write { .. }), "{e:?}");
        // Into a folder not made yet, it is made first.
        let path = dir.path().join("new").join("autosave.json");
        write_autosave(&path, &Scenario::default()).expect("written");
        assert_eq!(
            crate::scenario_file::load(&path).expect("reads"),
            Scenario::default()
        );
    }
}
