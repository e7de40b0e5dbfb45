//! The Data tab: the loaded tables as read (roster, enrolment, births) and
//! every warning with its file, sheet and cell. Clicking a warning that
//! names a school selects it.

use super::{Computed, Cx, Panel, Tab};
use crate::app::commands::Command;
use crate::diagnostics::Severity;
use crate::i18n::{Lang, thousands};
use crate::model::Dataset;
use eframe::egui::{self, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Table {
    #[default]
    Problems,
    Roster,
    Enrolment,
    Births,
}

#[derive(Default)]
pub struct Data {
    /// None: the warnings when there are any, else the roster.
    pub table: Option<Table>,
}

impl Panel for Data {
    fn id(&self) -> Tab {
        Tab::Data
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("数据", "Data")
    }

    /// The data's tables need no projection: drawn before the first run too.
    fn waiting_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        self.data_ui(ui, cx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, _: &Computed) {
        self.data_ui(ui, cx);
    }
}

impl Data {
    /// The tables of what was loaded (the run plays no part).
    fn data_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let Some(data) = cx.data else {
            ui.label(lang.pick("尚未载入数据", "Nothing loaded yet"));
            return;
        };
        let d = &data.engine.dataset;
        let mut table = self.table.unwrap_or(if data.warnings.is_empty() {
            Table::Roster
        } else {
            Table::Problems
        });
        ui.horizontal(|ui| {
            for (t, title) in [
                (
                    Table::Problems,
                    format!(
                        "{} ({})",
                        lang.pick("警告", "Warnings"),
                        data.warnings.len()
                    ),
                ),
                (
                    Table::Roster,
                    format!("{} ({})", lang.pick("学校名册", "Roster"), d.schools.len()),
                ),
                (
                    Table::Enrolment,
                    format!(
                        "{} ({})",
                        lang.pick("在校生", "Enrolment"),
                        thousands(d.enrolment.len() as i64)
                    ),
                ),
                (
                    Table::Births,
                    format!("{} ({})", lang.pick("出生人口", "Births"), d.births.len()),
                ),
            ] {
                if ui.selectable_value(&mut table, t, title).clicked() {
                    self.table = Some(t);
                }
            }
            ui.separator();
            if ui
                .button(lang.pick("列对应…", "Column mapping…"))
                .on_hover_text(lang.pick(
                    "查看并指定各工作表每一列的内容",
                    "See and say what each column of each sheet holds",
                ))
                .clicked()
            {
                cx.send(Command::MapColumns);
            }
        });
        reading_ui(ui, data, d.grade_system, lang);
        bounded_ui(ui, cx.outcome(), lang);
        ui.separator();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        match table {
            Table::Problems => problems_ui(ui, cx, row_height),
            Table::Roster => roster_ui(ui, d, lang, row_height),
            Table::Enrolment => enrolment_ui(ui, d, lang, row_height),
            Table::Births => births_ui(ui, d, lang, row_height),
        }
    }
}

/// How the files were read (the rules that guessed, the totals checked)
/// and the warnings one line per kind, above the full lists.
fn reading_ui(
    ui: &mut egui::Ui,
    data: &crate::app::background::results::LoadedData,
    system: crate::grades::GradeSystem,
    lang: Lang,
) {
    if data.notes.is_empty() && data.warnings.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(lang.pick("读取方式与问题摘要", "How the files were read"))
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("reading")
                .max_height(140.0)
                .show(ui, |ui| {
                    for n in &data.notes {
                        ui.label(format!("· {}", n.line(lang, system)));
                    }
                    for g in crate::diagnostics::group(&data.warnings) {
                        let colour = match g.severity {
                            Severity::Error => Color32::from_rgb(0xd6, 0x27, 0x28),
                            Severity::Warning => Color32::from_rgb(0xb0, 0x70, 0x00),
                        };
                        ui.label(RichText::new(g.line(lang)).color(colour));
                    }
                });
        });
}

/// Cohorts the projection's robust bound held back: a problem in the data
/// (a reorganisation, stray pupils), said where the planner looks for them.
fn bounded_ui(ui: &mut egui::Ui, o: Option<&crate::engine::Outcome>, lang: Lang) {
    let Some(o) = o else { return };
    let lines = crate::text::method::bounded_lines(o, lang);
    if lines.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(lang.pick(
        "预测中的数据问题（比率失控，已封顶）",
        "Projection problems (runaway ratios, held back)",
    ))
    .default_open(true)
    .show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("bounded")
            .max_height(100.0)
            .show(ui, |ui| {
                for l in &lines {
                    ui.label(RichText::new(l).color(Color32::from_rgb(0xb0, 0x70, 0x00)));
                }
            });
    });
}

fn problems_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, row_height: f32) {
    let lang = cx.lang;
    let Some(data) = cx.data else { return };
    if data.warnings.is_empty() {
        ui.label(lang.pick("没有警告：数据完整。", "No warnings: the data is complete."));
        return;
    }
    let d = &data.engine.dataset;
    let mut clicked = None;
    // Wide enough for `file · sheet!cell`; resizable, and whole on hover.
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .column(Column::initial(380.0).at_least(120.0).clip(true))
        .column(Column::remainder())
        .header(row_height, |mut h| {
            h.col(|ui| {
                ui.strong(lang.pick("位置", "Where"));
            });
            h.col(|ui| {
                ui.strong(lang.pick("问题与处理", "What to fix"));
            });
        })
        .body(|body| {
            body.rows(row_height, data.warnings.len(), |mut row| {
                let p = &data.warnings[row.index()];
                let colour = match p.severity() {
                    Severity::Error => Color32::from_rgb(0xd6, 0x27, 0x28),
                    Severity::Warning => Color32::from_rgb(0xb0, 0x70, 0x00),
                };
                row.col(|ui| {
                    let at = p.location.to_string();
                    ui.label(RichText::new(&at).color(colour)).on_hover_text(at);
                });
                row.col(|ui| {
                    ui.label(p.kind.message(lang)).on_hover_text(p.line(lang));
                });
                if row.response().clicked() {
                    clicked = p.kind.school().and_then(|name| {
                        d.schools
                            .iter()
                            .position(|s| s.name == name || s.key() == name)
                    });
                }
            });
        });
    if let Some(i) = clicked {
        cx.send(Command::OpenSchool(i));
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| thousands(v.round() as i64))
}

fn roster_ui(ui: &mut egui::Ui, d: &Dataset, lang: Lang, row_height: f32) {
    let heads = [
        lang.pick("代码", "ID"),
        lang.pick("学校", "School"),
        lang.pick("学段", "Level"),
        lang.pick("片区", "Area"),
        lang.pick("教室", "Classrooms"),
        lang.pick("核定学位", "Approved seats"),
        lang.pick("升入", "Goes on to"),
    ];
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .columns(
            Column::initial(110.0).at_least(40.0).clip(true),
            heads.len() - 1,
        )
        .column(Column::remainder())
        .header(row_height, |mut h| {
            for t in heads {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, d.schools.len(), |mut row| {
                let s = &d.schools[row.index()];
                let cells = [
                    s.id.clone().unwrap_or_default(),
                    s.name.clone(),
                    s.level.name(lang).to_string(),
                    s.area.clone().unwrap_or_default(),
                    opt(s.classrooms),
                    opt(s.approved_seats),
                    s.feeder
                        .and_then(|f| d.schools.get(f))
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                ];
                for c in cells {
                    row.col(|ui| {
                        ui.label(c);
                    });
                }
            });
        });
}

fn enrolment_ui(ui: &mut egui::Ui, d: &Dataset, lang: Lang, row_height: f32) {
    let heads = [
        lang.pick("学校", "School"),
        lang.pick("学年", "Fall"),
        lang.pick("年级", "Grade"),
        lang.pick("学生数", "Pupils"),
        lang.pick("班数", "Classes"),
    ];
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .column(Column::initial(200.0).clip(true))
        .columns(Column::initial(90.0), heads.len() - 2)
        .column(Column::remainder())
        .header(row_height, |mut h| {
            for t in heads {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, d.enrolment.len(), |mut row| {
                let e = &d.enrolment[row.index()];
                let cells = [
                    d.schools
                        .get(e.school)
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                    e.year.to_string(),
                    e.grade.label(d.grade_system, lang),
                    thousands(e.pupils.round() as i64),
                    opt(e.classes),
                ];
                for c in cells {
                    row.col(|ui| {
                        ui.label(c);
                    });
                }
            });
        });
}

fn births_ui(ui: &mut egui::Ui, d: &Dataset, lang: Lang, row_height: f32) {
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(200.0).clip(true))
        .column(Column::initial(90.0))
        .column(Column::remainder())
        .header(row_height, |mut h| {
            for t in [
                lang.pick("片区", "Area"),
                lang.pick("年份", "Year"),
                lang.pick("出生数", "Births"),
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, d.births.len(), |mut row| {
                let b = &d.births[row.index()];
                let cells = [
                    b.area
                        .clone()
                        .unwrap_or_else(|| lang.pick("全县", "county").into()),
                    b.year.to_string(),
                    thousands(b.births.round() as i64),
                ];
                for c in cells {
                    row.col(|ui| {
                        ui.label(c);
                    });
                }
            });
        });
}
