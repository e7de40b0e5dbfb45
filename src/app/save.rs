//! The save windows: one chart (PNG or SVG, its size and scale), every
//! chart into a folder, or the report folder (tables, Excel workbook,
//! charts). The place is typed or chosen with the native dialog; the
//! dialog and the saving itself are background [`super::background::one_off`].

use super::background::one_off::{Pick, SaveJob};
use crate::chart::Chart;
use crate::engine::{Engine, Outcome};
use crate::export::files::{ChartFormat, ChartSize, ReportOptions};
use crate::i18n::Lang;
use eframe::egui;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the save windows remember between uses (kept in the app state).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SaveSettings {
    pub size: ChartSize,
    /// The folder saved into last.
    pub folder: Option<PathBuf>,
    pub format: ChartFormat,
    pub png: bool,
    pub svg: bool,
    pub xlsx: bool,
    /// Write the names of the staff eligible for rotation (asked for each
    /// time: not remembered between starts).
    #[serde(skip)]
    pub staff_names: bool,
    /// The CSV tables' bytes: UTF-8 with a BOM (Excel anywhere) or GBK.
    pub encoding: crate::export::encoding::CsvEncoding,
}

/// What a save draws from: the engine, the outcome shown, and its derived
/// figures as the worker worked them out.
pub type SaveData<'a> = (
    &'a Arc<Engine>,
    &'a Arc<Outcome>,
    Arc<crate::engine::Derived>,
);

impl Default for SaveSettings {
    fn default() -> Self {
        SaveSettings {
            size: ChartSize::default(),
            folder: None,
            format: ChartFormat::Png,
            png: true,
            svg: false,
            xlsx: true,
            staff_names: false,
            encoding: crate::export::encoding::CsvEncoding::Utf8Bom,
        }
    }
}

impl SaveSettings {
    /// The folder saves go to: the last one saved into, else the user's
    /// Documents (or home) folder, else the working folder.
    pub(super) fn folder(&self) -> PathBuf {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from);
        self.folder
            .clone()
            .or_else(|| {
                let home = home?;
                let docs = home.join("Documents");
                Some(if docs.is_dir() { docs } else { home })
            })
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    fn formats(&self) -> Vec<ChartFormat> {
        let mut out = Vec::new();
        if self.png {
            out.push(ChartFormat::Png);
        }
        if self.svg {
            out.push(ChartFormat::Svg);
        }
        out
    }
}

pub enum SaveWhat {
    Chart(Box<Chart>),
    AllCharts,
    Report,
}

/// An open save window.
pub struct SaveDialog {
    what: SaveWhat,
    path: String,
}

/// What the window asks for this frame.
pub struct SaveStep {
    /// Save this (the planner pressed Save).
    pub job: Option<SaveJob>,
    /// Show the native dialog for the place.
    pub browse: Option<Pick>,
    /// Whether the window stays open.
    pub open: bool,
}

impl SaveDialog {
    pub fn new(what: SaveWhat, settings: &SaveSettings) -> SaveDialog {
        let folder = settings.folder();
        let path = match &what {
            SaveWhat::Chart(c) => {
                folder.join(format!("{}.{}", c.file_stem, settings.format.extension()))
            }
            SaveWhat::AllCharts => folder.join("seatcast-charts"),
            SaveWhat::Report => folder.join("seatcast-report"),
        };
        SaveDialog {
            what,
            path: path.display().to_string(),
        }
    }

    fn title(&self, lang: Lang) -> &'static str {
        match self.what {
            SaveWhat::Chart(_) => lang.pick("保存图表", "Save chart"),
            SaveWhat::AllCharts => lang.pick("保存全部图表", "Save all charts"),
            SaveWhat::Report => lang.pick("导出报告", "Export report"),
        }
    }

    /// The place the native dialog picked.
    pub fn set_path(&mut self, path: &Path) {
        self.path = path.display().to_string();
    }

    /// Draw the window (`browsing`: a native dialog is open). Returns the
    /// job when the planner presses Save, a dialog to show, and whether the
    /// window stays open.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        settings: &mut SaveSettings,
        data: Option<SaveData<'_>>,
        browsing: bool,
    ) -> SaveStep {
        let mut open = true;
        let mut job = None;
        let mut browse = None;
        let mut close = false;
        egui::Window::new(self.title(lang))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("save-grid")
                    .num_columns(2)
                    .spacing([10.0, 6.0])
                    .show(ui, |ui| {
                        self.options_ui(ui, lang, settings);
                    });
                ui.horizontal(|ui| {
                    ui.label(match self.what {
                        SaveWhat::Chart(_) => lang.pick("文件：", "File:"),
                        _ => lang.pick("文件夹：", "Folder:"),
                    });
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(360.0));
                    if ui
                        .add_enabled(!browsing, egui::Button::new(lang.pick("浏览…", "Browse…")))
                        .clicked()
                    {
                        browse = Some(Pick::SaveTarget {
                            chart: matches!(self.what, SaveWhat::Chart(_)),
                            current: PathBuf::from(self.path.trim()),
                        });
                    }
                });
                let ready = !self.path.trim().is_empty()
                    && data.is_some()
                    && match self.what {
                        SaveWhat::Chart(_) => true,
                        SaveWhat::AllCharts => settings.png || settings.svg,
                        SaveWhat::Report => true,
                    };
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(ready, egui::Button::new(lang.pick("保存", "Save")))
                        .clicked()
                    {
                        job = self.job(settings, lang, data);
                        close = job.is_some();
                    }
                    if ui.button(lang.pick("取消", "Cancel")).clicked() {
                        close = true;
                    }
                });
            });
        SaveStep {
            job,
            browse,
            open: open && !close,
        }
    }

    fn options_ui(&mut self, ui: &mut egui::Ui, lang: Lang, settings: &mut SaveSettings) {
        let chart_formats = |ui: &mut egui::Ui, s: &mut SaveSettings| {
            ui.label(lang.pick("图表格式", "Chart formats"));
            ui.horizontal(|ui| {
                ui.checkbox(&mut s.png, "PNG");
                ui.checkbox(&mut s.svg, "SVG");
            });
            ui.end_row();
        };
        match &self.what {
            SaveWhat::Chart(_) => {
                ui.label(lang.pick("格式", "Format"));
                ui.horizontal(|ui| {
                    let before = settings.format;
                    ui.radio_value(&mut settings.format, ChartFormat::Png, "PNG");
                    ui.radio_value(&mut settings.format, ChartFormat::Svg, "SVG");
                    if settings.format != before {
                        let p =
                            Path::new(self.path.trim()).with_extension(settings.format.extension());
                        self.path = p.display().to_string();
                    }
                });
                ui.end_row();
            }
            SaveWhat::AllCharts => chart_formats(ui, settings),
            SaveWhat::Report => {
                ui.label(lang.pick("内容", "Contents"));
                ui.vertical(|ui| {
                    ui.label(lang.pick("CSV 表格（总是）", "CSV tables (always)"));
                    ui.checkbox(
                        &mut settings.xlsx,
                        lang.pick(
                            "Excel 报告（含原生图表）",
                            "Excel report (with native charts)",
                        ),
                    );
                    ui.checkbox(
                        &mut settings.staff_names,
                        lang.pick(
                            "可交流轮岗教师名单（含工号或姓名）",
                            "Staff eligible for rotation, by staff number or name",
                        ),
                    )
                    .on_hover_text(lang.pick(
                        "其余导出只有人数；勾选后另写 teachers-eligible.csv",
                        "Every other export carries counts only; this writes teachers-eligible.csv",
                    ));
                });
                ui.end_row();
                encoding_ui(ui, settings, lang);
                chart_formats(ui, settings);
            }
        }
        let size = &mut settings.size;
        ui.label(lang.pick("尺寸", "Size"));
        ui.horizontal(|ui| {
            ui.add(
                egui::DragValue::new(&mut size.width)
                    .range(200.0..=8000.0)
                    .speed(10.0),
            );
            ui.label("×");
            ui.add(
                egui::DragValue::new(&mut size.height)
                    .range(200.0..=8000.0)
                    .speed(10.0),
            );
        });
        ui.end_row();
        ui.label(lang.pick("PNG 倍率", "PNG scale"));
        ui.horizontal(|ui| {
            ui.add(
                egui::DragValue::new(&mut size.scale)
                    .range(0.5..=4.0)
                    .speed(0.1)
                    .suffix("×"),
            );
            let (w, h) = crate::chart::png::pixel_size(size.width, size.height, size.scale);
            ui.weak(match lang {
                Lang::Zh => format!("PNG 为 {w} × {h} 像素"),
                Lang::En => format!("PNG of {w} × {h} pixels"),
            });
        });
        ui.end_row();
    }

    fn job(
        &self,
        settings: &mut SaveSettings,
        lang: Lang,
        data: Option<SaveData<'_>>,
    ) -> Option<SaveJob> {
        let path = PathBuf::from(self.path.trim().trim_matches('"'));
        let size = settings.size.sane();
        settings.folder = match self.what {
            SaveWhat::Chart(_) => path.parent().map(Path::to_path_buf),
            _ => path.parent().map(Path::to_path_buf).or(Some(path.clone())),
        };
        let (engine, outcome, derived) = data?;
        Some(match &self.what {
            SaveWhat::Chart(chart) => {
                // The format chosen wins over a missing or different extension.
                let path = path.with_extension(settings.format.extension());
                SaveJob::Chart {
                    chart: chart.clone(),
                    path,
                    size,
                }
            }
            SaveWhat::AllCharts => SaveJob::AllCharts {
                engine: Arc::clone(engine),
                outcome: Arc::clone(outcome),
                derived,
                lang,
                dir: path,
                formats: settings.formats(),
                size,
            },
            SaveWhat::Report => SaveJob::Report {
                engine: Arc::clone(engine),
                outcome: Arc::clone(outcome),
                derived,
                lang,
                dir: path,
                options: ReportOptions {
                    charts: settings.formats(),
                    xlsx: settings.xlsx,
                    size,
                    staff_names: settings.staff_names,
                    csv_keys_en: false,
                    encoding: settings.encoding,
                },
                optimiser: None,
            },
        })
    }
}

/// The CSV tables' encoding: UTF-8 with a BOM, which Excel opens right on
/// any PC, or GBK for older tools on a Chinese PC.
fn encoding_ui(ui: &mut egui::Ui, settings: &mut SaveSettings, lang: Lang) {
    use crate::export::encoding::CsvEncoding;
    ui.label(lang.pick("CSV 编码", "CSV encoding"));
    ui.horizontal(|ui| {
        ui.radio_value(
            &mut settings.encoding,
            CsvEncoding::Utf8Bom,
            lang.pick("UTF-8（Excel 可直接打开）", "UTF-8 (opens right in Excel)"),
        );
        ui.radio_value(&mut settings.encoding, CsvEncoding::Gbk, "GBK")
            .on_hover_text(lang.pick(
                "供只认 GBK 的旧软件；GBK 没有的字写作“?”，并在保存后列出",
                "For older tools that read only GBK; characters GBK lacks are written as \"?\" and listed after the save",
            ));
    });
    ui.end_row();
}
