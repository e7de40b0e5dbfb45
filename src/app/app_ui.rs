//! The app's own drawing: menu, status bar, notices (load error, the last
//! result, the mapping hint, the recovery offer), the small windows (typed
//! path, scenario file, column mapping, save) and dropped files. What a
//! click asks for is pushed as a [`Command`] and carried out in
//! `app_commands.rs` after the frame is drawn.

use super::app::SeatcastApp;
use super::background::one_off::{Pick, ScenarioIo};
use super::background::runner::lanes;
use super::commands::Command;
use crate::i18n::Lang;
use crate::text::labels::*;
use eframe::egui::{self, Color32, RichText};
use std::path::PathBuf;
use std::time::Duration;

const ERROR_RED: Color32 = Color32::from_rgb(0xa0, 0x10, 0x10);
const DONE_GREEN: Color32 = Color32::from_rgb(0x1a, 0x7f, 0x37);

impl SeatcastApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let lang = self.lang();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(lang.pick("文件", "File"), |ui| {
                if ui
                    .button(lang.pick("打开工作簿…", "Open workbooks…"))
                    .clicked()
                {
                    commands.push(Command::Browse(Pick::Data));
                }
                if ui
                    .button(lang.pick("输入文件路径…", "Type a path…"))
                    .clicked()
                {
                    self.windows.path_prompt = Some(String::new());
                    self.windows.no_dialog = false;
                }
                ui.menu_button(lang.pick("最近打开", "Recent"), |ui| {
                    recent_ui(ui, &self.state.recent, lang, commands)
                });
                if ui.button(lang.pick("示例县", "Sample county")).clicked() {
                    commands.push(Command::Open(Vec::new()));
                }
                if ui
                    .button(lang.pick("保存数据模板…", "Save a data template…"))
                    .on_hover_text(lang.pick(
                        "Seatcast 读取的工作表和表头，每张表一行示例，另附填写说明",
                        "The sheets and headers Seatcast reads, an example row each and an instructions sheet",
                    ))
                    .clicked()
                {
                    commands.push(Command::Browse(Pick::Template));
                }
                ui.separator();
                let ready = self.computed.is_some();
                if ui
                    .add_enabled(
                        ready,
                        egui::Button::new(lang.pick("导出报告…", "Export report…")),
                    )
                    .on_hover_text(lang.pick(
                        "CSV 表格、Excel 报告（含原生图表）和全部图表",
                        "CSV tables, the Excel report with native charts, and every chart",
                    ))
                    .clicked()
                {
                    commands.push(Command::ExportReport);
                }
                if ui
                    .add_enabled(
                        ready,
                        egui::Button::new(lang.pick("保存全部图表…", "Save all charts…")),
                    )
                    .on_hover_text(lang.pick(
                        "全县、各片区和每所学校的图表，存入一个文件夹",
                        "The county's, each area's and each school's charts, into one folder",
                    ))
                    .clicked()
                {
                    commands.push(Command::SaveAllCharts);
                }
                ui.separator();
                if ui
                    .add_enabled(
                        !self.state.scenario.actions.is_empty()
                            || !self.state.scenario.name.is_empty()
                            || self.state.scenario_path.is_some(),
                        egui::Button::new(lang.pick("新建方案（清空措施）", "New plan (clear the actions)")),
                    )
                    .on_hover_text(lang.pick(
                        "去掉方案中的全部措施和方案名称，下次保存时另选文件；措施可用“撤销”（Ctrl+Z）找回。",
                        "Remove every action of the plan and its name; the next save asks for a file. Undo (Ctrl+Z) brings the actions back.",
                    ))
                    .clicked()
                {
                    self.state.new_plan();
                }
                if ui
                    .button(lang.pick("打开情景…", "Open scenario…"))
                    .clicked()
                {
                    commands.push(Command::OpenScenario);
                }
                if ui
                    .button(lang.pick("保存情景…", "Save scenario…"))
                    .clicked()
                {
                    commands.push(Command::SaveScenario);
                }
                ui.separator();
                if ui.button(lang.pick("退出", "Quit")).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(lang.pick("设置", "Settings"), |ui| {
                ui.label(lang.pick(
                    "表头未注明坐标系的经纬度按：",
                    "Longitude/latitude that name no datum are:",
                ));
                let mut choice = self.state.datum;
                ui.radio_value(
                    &mut choice,
                    None,
                    lang.pick("GCJ-02（高德、腾讯；默认）", "GCJ-02 (AMap, Tencent; the default)"),
                );
                for d in [
                    crate::places::datum::Datum::Bd09,
                    crate::places::datum::Datum::Wgs84,
                ] {
                    ui.radio_value(&mut choice, Some(d), d.name(lang));
                }
                if choice != self.state.datum {
                    self.state.datum = choice;
                    // Read the files again in the datum chosen.
                    commands.push(Command::Open(self.state.files.clone()));
                    ui.close();
                }
                ui.separator();
                if ui.button(lang.pick("底图…", "Basemap…")).clicked() {
                    self.basemap.open_window(&self.state.basemap);
                    ui.close();
                }
                if ui
                    .button(lang.pick("列对应…", "Column mapping…"))
                    .clicked()
                {
                    commands.push(Command::MapColumns);
                    ui.close();
                }
            });
            ui.menu_button(lang.pick("语言", "Language"), |ui| {
                let mut choice = self.state.lang;
                ui.radio_value(&mut choice, None, lang.pick("跟随系统", "System"));
                ui.radio_value(&mut choice, Some(Lang::Zh), "中文");
                ui.radio_value(&mut choice, Some(Lang::En), "English");
                if choice != self.state.lang {
                    self.state.lang = choice;
                    ui.close();
                }
            });
        });
    }

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let mut stop_load = false;
        ui.horizontal(|ui| {
            // A load longer than a moment gets a progress bar, and a way out.
            if let Some(since) = self
                .jobs
                .since(lanes::LOAD)
                .filter(|s| s.elapsed() > Duration::from_millis(200))
            {
                let t = since.elapsed().as_secs_f32();
                ui.add(
                    egui::ProgressBar::new((t / (t + 1.0)).min(0.95))
                        .desired_width(180.0)
                        .animate(true)
                        .text(match lang {
                            Lang::Zh => format!("正在读取… {t:.1} 秒"),
                            Lang::En => format!("Loading… {t:.1} s"),
                        }),
                );
                stop_load = ui
                    .small_button(lang.pick("停止读取", "Stop loading"))
                    .on_hover_text(lang.pick("仍显示先前的数据", "The data shown stays"))
                    .clicked();
            }
            if self.jobs.running(lanes::COMPUTE) {
                ui.spinner();
                ui.label(lang.pick("计算中", "Computing"));
            }
            if self.jobs.running(lanes::OPTIMISE) {
                ui.spinner();
                ui.label(lang.pick("正在优化布局…", "Optimising the layout…"));
                if let Some((objective, bound, seconds)) = self.search.get() {
                    ui.label(crate::text::optimise::search_line(
                        objective, bound, seconds, lang,
                    ));
                }
                if ui.small_button(lang.pick("取消", "Cancel")).clicked() {
                    self.jobs.cancel(lanes::OPTIMISE);
                }
            }
            if self.jobs.running(lanes::MERGES) {
                ui.spinner();
                ui.label(lang.pick("正在查找可行的撤并…", "Finding feasible merges…"));
                if ui.small_button(lang.pick("取消", "Cancel")).clicked() {
                    self.jobs.cancel(lanes::MERGES);
                }
            }
            if let Some((done, total)) = self.jobs.progress(lanes::EXPORT) {
                ui.spinner();
                ui.label(match (lang, total > 1) {
                    (Lang::Zh, true) => format!("正在保存… {done} / {total}"),
                    (Lang::En, true) => format!("Saving… {done} / {total}"),
                    _ => lang.pick("正在保存…", "Saving…").to_string(),
                });
            }
            if let Some(ms) = self.frame_ms {
                ui.label(match lang {
                    Lang::Zh => format!("画面 {ms:.1} 毫秒 ·"),
                    Lang::En => format!("frame {ms:.1} ms ·"),
                });
            }
            if let Some(c) = self.computed() {
                let ms = c.elapsed.as_secs_f64() * 1000.0;
                let p = &c.outcome.projection;
                ui.label(match lang {
                    Lang::Zh => format!(
                        "上次重算 {ms:.1} 毫秒 · 基准学年 {} · 预测至 {}",
                        p.base_year,
                        p.base_year + p.horizon as i32
                    ),
                    Lang::En => format!(
                        "Last recompute {ms:.1} ms · base fall {} · projected to {}",
                        p.base_year,
                        p.base_year + p.horizon as i32
                    ),
                });
            }
            if let Some(e) = &self.notices.compute_error {
                ui.colored_label(Color32::RED, e.message(lang));
            }
            if let Some(e) = &self.autosave.failed {
                ui.colored_label(
                    ERROR_RED,
                    format!(
                        "{}{}{}",
                        lang.pick("自动保存失败：", "Autosave failed: "),
                        e.message(lang),
                        lang.pick("（稍后重试）", " (trying again)")
                    ),
                );
            }
        });
        if stop_load {
            self.jobs.cancel(lanes::LOAD);
            if self.data.is_none() {
                // Nothing shown yet: the sample county meanwhile.
                self.state.files.clear();
                self.open(Vec::new());
            }
        }
    }

    /// What the last save or file action did, or why it failed, until dismissed.
    pub(super) fn result_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let Some(result) = &self.notices.result else {
            return;
        };
        let mut dismiss = false;
        let mut open_failed = None;
        ui.horizontal(|ui| {
            match result {
                Ok(text) => ui.label(RichText::new(text).color(DONE_GREEN)),
                Err(e) => ui.label(RichText::new(e).color(ERROR_RED)),
            };
            if let (Ok(_), Some(dir)) = (result, &self.notices.saved_folder)
                && ui
                    .small_button(lang.pick("打开所在文件夹", "Open folder"))
                    .clicked()
                && let Err(e) = open::that_detached(dir)
            {
                open_failed = Some(e.to_string());
            }
            dismiss = ui.small_button(lang.pick("关闭", "Dismiss")).clicked();
        });
        // The saved path stays in the message; the failure to open it is added.
        if let (Some(e), Some(Ok(text) | Err(text))) = (open_failed, &self.notices.result) {
            let text = text
                .split(lang.pick("（无法打开文件夹：", " (cannot open the folder: "))
                .next()
                .unwrap_or(text);
            self.notices.result = Some(Err(format!(
                "{text}{}{e}",
                lang.pick("（无法打开文件夹：", " (cannot open the folder: ")
            ) + lang.pick("）", ")")));
        }
        if dismiss {
            self.notices.result = None;
            self.notices.saved_folder = None;
        }
    }

    pub(super) fn error_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let lang = self.lang();
        let Some(err) = &self.notices.load_error else {
            return;
        };
        let mut dismiss = false;
        egui::Frame::new()
            .fill(Color32::from_rgb(0xfd, 0xec, 0xea))
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(lang.pick("无法载入：", "Could not load: "))
                            .strong()
                            .color(ERROR_RED),
                    );
                    let names: Vec<String> =
                        err.files.iter().map(|f| f.display().to_string()).collect();
                    ui.label(names.join(", "));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button(lang.pick("关闭", "Dismiss")).clicked() {
                            dismiss = true;
                        }
                        if !err.sheets.is_empty()
                            && ui
                                .button(lang.pick("指定各列内容…", "Say what the columns hold…"))
                                .clicked()
                        {
                            commands.push(Command::MapFailedColumns);
                        }
                    });
                });
                ui.label(lang.pick(
                    "仍显示先前的数据。请按下列位置修改文件后重新打开：",
                    "The previous data is still shown. Fix the file at these places and open it again:",
                ));
                egui::ScrollArea::vertical().max_height(140.0).show(ui, |ui| {
                    // One line per kind of problem: a real one is never buried under a hundred.
                    for g in crate::diagnostics::group(&err.problems).iter().take(200) {
                        ui.label(
                            RichText::new(g.line(lang)).color(Color32::from_rgb(0x60, 0x00, 0x00)),
                        );
                    }
                });
            });
        if dismiss {
            self.notices.load_error = None;
        }
    }

    /// Loaded, with columns of numbers nobody placed: say so, and offer the mapping step.
    pub(super) fn mapping_hint_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let lang = self.lang();
        egui::Frame::new()
            .fill(Color32::from_rgb(0xfd, 0xf6, 0xe3))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(lang.pick(
                        "数据已载入，但有的列含数字却无法判断内容（见“数据”页的警告）。",
                        "The data loaded, but some columns hold numbers Seatcast could not place (see the Data tab's warnings).",
                    ));
                    if ui
                        .button(lang.pick("指定各列内容…", "Say what the columns hold…"))
                        .clicked()
                    {
                        self.notices.mapping_hint = false;
                        commands.push(Command::MapColumns);
                    }
                    if ui.button(lang.pick("关闭", "Dismiss")).clicked() {
                        self.notices.mapping_hint = false;
                    }
                });
            });
    }

    /// Other data opened under a plan with actions: keep the plan (its
    /// actions that name schools the new data lacks are set aside) or
    /// start a new one (undoable).
    pub(super) fn plan_offer_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let n = self.state.scenario.actions.len();
        let mut choice = None;
        egui::Frame::new()
            .fill(Color32::from_rgb(0xfd, 0xf6, 0xe3))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(match lang {
                        Lang::Zh => format!(
                            "已打开新的数据，当前方案有 {n} 项措施（在之前的数据上制定）。保留这个方案，还是新建方案？"
                        ),
                        Lang::En => format!(
                            "Other data is open, and the plan holds {n} actions made on the data before. Keep the plan, or start a new one?"
                        ),
                    });
                    if ui.button(lang.pick("保留方案", "Keep the plan")).clicked() {
                        choice = Some(false);
                    }
                    if ui
                        .button(lang.pick("新建方案", "New plan"))
                        .on_hover_text(lang.pick("可用“撤销”找回。", "Undo brings it back."))
                        .clicked()
                    {
                        choice = Some(true);
                    }
                });
            });
        match choice {
            Some(true) => {
                self.state.new_plan();
                self.notices.plan_offer = false;
            }
            Some(false) => self.notices.plan_offer = false,
            None => {}
        }
    }

    /// The offer of the scenario found in the autosave file.
    pub(super) fn recovery_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let Some(s) = &self.autosave.recovery else {
            return;
        };
        let mut choice = None;
        egui::Frame::new()
            .fill(Color32::from_rgb(0xff, 0xf4, 0xd6))
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(match lang {
                        Lang::Zh => format!(
                            "上次程序未正常退出，找到未保存的情景“{}”（{} 项措施）。要恢复吗？",
                            s.name,
                            s.actions.len()
                        ),
                        Lang::En => format!(
                            "Seatcast did not close normally last time. An unsaved scenario “{}” ({} actions) was found. Recover it?",
                            s.name,
                            s.actions.len()
                        ),
                    });
                    if ui.button(lang.pick("恢复", "Recover")).clicked() {
                        choice = Some(true);
                    }
                    if ui.button(lang.pick("放弃", "Discard")).clicked() {
                        choice = Some(false);
                    }
                });
            });
        match choice {
            Some(true) => {
                if let Some(s) = self.autosave.recovery.take() {
                    self.state.set_actions(s.actions.clone());
                    self.state.scenario = s;
                }
            }
            Some(false) => self.autosave.recovery = None,
            None => {}
        }
    }

    pub(super) fn path_prompt_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let lang = self.lang();
        let no_dialog = self.windows.no_dialog;
        let Some(text) = &mut self.windows.path_prompt else {
            return;
        };
        let mut open = true;
        let mut submit = false;
        egui::Window::new(lang.pick("输入文件路径", "Type a path"))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                if no_dialog {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        lang.pick(
                            "无法打开系统的文件选择对话框（本机没有可用的文件对话框服务），请在下面输入文件路径，或把文件拖到窗口上。",
                            "The system's file dialog could not open (no file-dialog service on this machine): type the files' paths below, or drag the files onto the window.",
                        ),
                    );
                }
                ui.label(lang.pick(
                    "每行一个文件（可粘贴多个路径）：",
                    "One file per line (several paths may be pasted):",
                ));
                ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_width(420.0)
                        .desired_rows(3),
                );
                submit = ui.button(lang.pick("打开", "Open")).clicked();
            });
        if submit {
            let files: Vec<PathBuf> = text
                .lines()
                .map(|l| l.trim().trim_matches('"'))
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect();
            if !files.is_empty() {
                commands.push(Command::Open(files));
            }
            self.windows.path_prompt = None;
        } else if !open {
            self.windows.path_prompt = None;
        }
    }

    /// Files dragged over the window: a hint while hovering, open on drop.
    pub(super) fn drop_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let lang = self.lang();
        let (hovering, dropped) = ctx.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect::<Vec<_>>(),
            )
        });
        if hovering {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("seatcast-drop"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                lang.pick("松开鼠标以打开这些工作簿", "Drop to open these workbooks"),
                egui::FontId::proportional(28.0),
                Color32::WHITE,
            );
        }
        if !dropped.is_empty() {
            commands.push(Command::Open(dropped));
        }
    }

    /// The scenario file window: a path typed or picked, then save or open.
    pub(super) fn scenario_window_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let lang = self.lang();
        let browsing = self.jobs.running(lanes::DIALOG);
        let Some(w) = &mut self.windows.scenario else {
            return;
        };
        let mut open = true;
        let mut go = false;
        let title = match w.io {
            ScenarioIo::Save => lang.pick("保存情景", "Save scenario"),
            ScenarioIo::Open => lang.pick("打开情景", "Open scenario"),
        };
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(lang.pick("情景文件（.json）：", "Scenario file (.json):"));
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut w.path).desired_width(360.0));
                    if ui
                        .add_enabled(!browsing, egui::Button::new(lang.pick("浏览…", "Browse…")))
                        .clicked()
                    {
                        commands.push(Command::Browse(Pick::Scenario(w.io)));
                    }
                });
                go = ui.button(title).clicked();
            });
        if go && !w.path.trim().is_empty() {
            commands.push(Command::ScenarioFile(w.io, PathBuf::from(w.path.trim())));
            self.windows.scenario = None;
        } else if !open {
            self.windows.scenario = None;
        }
    }

    pub(super) fn mapping_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let Some(window) = &mut self.windows.mapping else {
            return;
        };
        if let Some(action) = window.ui(ctx, lang) {
            self.mapping_action(action);
        }
    }

    pub(super) fn save_dialog_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang();
        let browsing = self.jobs.running(lanes::DIALOG);
        let Some(dialog) = &mut self.windows.save else {
            return;
        };
        let data = self
            .computed
            .as_ref()
            .map(|c| (&c.engine, &c.outcome, std::sync::Arc::clone(&c.derived)));
        let step = dialog.ui(ctx, lang, &mut self.state.save, data, browsing);
        if !step.open {
            self.windows.save = None;
        }
        if let Some(pick) = step.browse {
            self.browse(pick);
        }
        if let Some(mut job) = step.job {
            // The optimiser's answer for the scenario shown goes into the workbook.
            if let super::background::one_off::SaveJob::Report { optimiser, .. } = &mut job {
                *optimiser = self
                    .panel::<super::panels::plan::Plan>()
                    .and_then(|p| p.answer_for(&self.state.scenario))
                    .map(Box::new);
            }
            self.export(job);
        }
    }
}

/// The recent sets of files, each a button that opens it again.
fn recent_ui(ui: &mut egui::Ui, recent: &[Vec<PathBuf>], lang: Lang, commands: &mut Vec<Command>) {
    if recent.is_empty() {
        ui.label(lang.pick("（无）", "(none)"));
    }
    for files in recent {
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.file_name().map_or_else(
                    || f.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            })
            .collect();
        let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        if ui
            .button(names.join(" + "))
            .on_hover_text(paths.join("\n"))
            .clicked()
        {
            commands.push(Command::Open(files.clone()));
        }
    }
}
