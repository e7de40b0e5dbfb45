//! The 优质均衡 tab (docs/compliance.md): how many schools comply year by
//! year, the county's variation coefficients against their limits, the
//! one-school-one-ledger table (each indicator red, amber or green, with its
//! trend), what it takes each failing school to comply and its cost (one
//! click puts it into the plan), and the standards in force.

use super::{Computed, Cx, Panel, Tab};
use crate::app::chart_view::chart_block_ui;
use crate::app::commands::Command;
use crate::chart::Chart;
use crate::chart::build::Context;
use crate::engine::Outcome;
use crate::engine::compliance::{
    Compliance, ComplianceNorms, Fix, Indicator, SchoolCompliance, Status, Verdict,
};
use crate::engine::plan::Action;
use crate::grades::Level;
use crate::i18n::{Lang, thousands};
use crate::text::compliance::{fix_parts, money, size_text, verdict_text};
use crate::text::labels::*;
use eframe::egui::{self, Color32, RichText};

/// The tab: its charts for the projection they were built from, and the
/// year its table shows.
#[derive(Default)]
pub struct CompliancePanel {
    charts: Option<((u64, Lang), Vec<Chart>)>,
    year: Option<i32>,
}

pub fn status_color(s: Status) -> Color32 {
    match s {
        Status::Met => Color32::from_rgb(0x2c, 0xa0, 0x2c),
        Status::Near => Color32::from_rgb(0xf0, 0xa2, 0x02),
        Status::Short => Color32::from_rgb(0xd6, 0x27, 0x28),
        Status::Unknown => Color32::GRAY,
    }
}

/// The fix as a plan action.
pub fn fix_action(o: &Outcome, f: &Fix) -> Action {
    Action::Resources {
        year: f.year,
        school: o.dataset.schools[f.school].key().to_string(),
        add: f.add,
    }
}

impl Panel for CompliancePanel {
    fn id(&self) -> Tab {
        Tab::Compliance
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("优质均衡", "Compliance")
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let Some(c) = computed.derived.ledger.clone() else {
            no_data_ui(ui, lang);
            return;
        };
        let o = computed.outcome.clone();
        let key = (computed.generation, lang);
        if self.charts.as_ref().is_none_or(|(k, _)| *k != key) {
            let bc = Context::new(
                &computed.engine,
                &o,
                &computed.derived,
                lang,
                &crate::export::files::today(),
            );
            self.charts = Some((key, crate::chart::compliance::all(&bc, &c)));
        }
        let years = c.years();
        let base = o.projection.base_year;
        let last = years.last().copied().unwrap_or(base);
        let year = self
            .year
            .filter(|y| years.contains(y))
            .unwrap_or((base + 5).min(last));
        egui::ScrollArea::both()
            .id_salt("compliance-scroll")
            .show(ui, |ui| {
                super::year_picker_ui(
                    ui,
                    lang,
                    "compliance-year",
                    lang.pick("表中年份", "Table for"),
                    &years,
                    year,
                    &mut self.year,
                );
                headline_ui(ui, cx, &o, &c, base, year);
                ui.add_space(6.0);
                if let Some((_, charts)) = &self.charts {
                    for (chart, height) in charts.iter().zip([200.0, 240.0, 240.0]) {
                        chart_block_ui(ui, chart, height, lang, cx.commands);
                        ui.add_space(6.0);
                    }
                }
                ui.heading(match lang {
                    Lang::Zh => format!("一校一台账（{year} 年；箭头为与 {base} 年相比）"),
                    Lang::En => format!("One ledger per school ({year}; arrows against {base})"),
                });
                ledger_ui(ui, cx, &o, &c, base, year);
                ui.add_space(6.0);
                standards_ui(ui, cx);
            });
    }
}

fn no_data_ui(ui: &mut egui::Ui, lang: Lang) {
    ui.heading(lang.pick("未载入办学条件", "No facilities loaded"));
    ui.label(lang.pick(
        "在工作簿中加一张“办学条件”表：每校一行，列出学校名称、教学及辅助用房面积（m²）、体育运动场馆面积（m²）、教学仪器设备值（元或万元）、网络多媒体教室数，可加“年份”列；教师三项来自教职工花名册（最高学历、骨干级别、任教学科）。Seatcast 据此按《县域义务教育优质均衡发展督导评估办法》逐年计算七项指标、校际差异系数和达标所需的最少投入。",
        "Add a facilities sheet (办学条件) to the workbook: a row per school with its teaching floor area (m²), sports ground area (m²), equipment value (元 or 万元) and networked multimedia classrooms, a year column if you have several years; the three teacher indicators come from the staff roster (qualification, 骨干, subject). Seatcast then works out the 2017 method's seven indicators year by year, the variation between schools, and the least it takes each school to comply.",
    ));
}

fn headline_ui(
    ui: &mut egui::Ui,
    cx: &mut Cx<'_>,
    o: &Outcome,
    c: &Compliance,
    base: i32,
    year: i32,
) {
    let lang = cx.lang;
    ui.heading(lang.pick("要点", "Headlines"));
    for y in [base, year] {
        let (pass, judged) = c.passing(y);
        ui.label(match lang {
            Lang::Zh => format!("{y} 年：{judged} 所参评学校中 {pass} 所达标"),
            Lang::En => format!("{y}: {pass} of {judged} schools assessed comply"),
        });
        if y == year {
            break;
        }
    }
    let incomplete = c
        .schools
        .iter()
        .filter(|r| r.year == base && r.verdict == Verdict::Incomplete)
        .count();
    if incomplete > 0 {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("{incomplete} 所学校缺少部分指标的数据，未作判断。"),
                Lang::En => {
                    format!("{incomplete} schools lack data for an indicator and are not judged.")
                }
            })
            .color(ui.visuals().warn_fg_color),
        );
    }
    for stage in [Level::Primary, Level::Junior] {
        let over: Vec<String> = Indicator::ALL
            .into_iter()
            .filter_map(|i| {
                c.cv_crossing(stage, i).map(|y| match lang {
                    Lang::Zh => format!("{}（{y} 年起）", i.short(lang)),
                    Lang::En => format!("{} (from {y})", i.short(lang)),
                })
            })
            .collect();
        if c.variation.iter().all(|v| v.stage != stage) {
            continue;
        }
        let name = stage.name(lang);
        ui.label(if over.is_empty() {
            match lang {
                Lang::Zh => format!("{name}：各项差异系数在预测期内均不超限"),
                Lang::En => format!("{name}: every variation coefficient stays within its limit"),
            }
        } else {
            match lang {
                Lang::Zh => format!("{name}差异系数超限：{}", over.join("、")),
                Lang::En => format!("{name} variation over the limit: {}", over.join(", ")),
            }
        });
    }
    if !c.fixes.is_empty() {
        let once: f64 = c.fixes.iter().map(|f| f.one_off).sum();
        let yearly: f64 = c.fixes.iter().map(|f| f.yearly).sum();
        ui.horizontal_wrapped(|ui| {
            ui.label(match lang {
                Lang::Zh => format!(
                    "{} 所学校在预测期内有未达标年份；使其全部年份达标最少需投入 {}，另加每年 {}（新增体育、艺术教师）",
                    c.fixes.len(),
                    money(once, lang),
                    money(yearly, lang)
                ),
                Lang::En => format!(
                    "{} schools fail in some year of the horizon; the least to make them comply throughout is {} once and {} a year (PE and art teachers)",
                    c.fixes.len(),
                    money(once, lang),
                    money(yearly, lang)
                ),
            });
            if ui
                .button(lang.pick("全部加入规划", "Add every fix to the plan"))
                .clicked()
            {
                let mut actions = cx.state.scenario.actions.clone();
                actions.extend(c.fixes.iter().map(|f| fix_action(o, f)));
                cx.send(Command::SetActions(actions));
            }
        });
    }
}

fn arrow(now: Option<f64>, then: Option<f64>) -> &'static str {
    match (now, then) {
        (Some(a), Some(b)) if b > a * 1.02 => "↑",
        (Some(a), Some(b)) if b < a * 0.98 => "↓",
        (Some(_), Some(_)) => "→",
        _ => "",
    }
}

fn value_text(r: &SchoolCompliance, i: Indicator) -> String {
    match r.value[i.index()] {
        None => "—".into(),
        Some(v) if i == Indicator::Equipment => thousands(v.round() as i64),
        Some(v) => format!("{v:.2}"),
    }
}

fn ledger_ui(
    ui: &mut egui::Ui,
    cx: &mut Cx<'_>,
    o: &Outcome,
    c: &Compliance,
    base: i32,
    year: i32,
) {
    let lang = cx.lang;
    let rows: Vec<&SchoolCompliance> = c
        .schools
        .iter()
        .filter(|r| r.year == year && r.in_scope())
        .collect();
    egui::Grid::new("ledger")
        .striped(true)
        .num_columns(13)
        .show(ui, |ui| {
            ui.strong(lang.pick("学校", "School"));
            ui.strong(lang.pick("学生", "Pupils"));
            for i in Indicator::ALL {
                ui.strong(i.short(lang)).on_hover_text(format!(
                    "{} ({})",
                    i.name(lang),
                    i.unit(lang)
                ));
            }
            ui.strong(lang.pick("结论", "Verdict"));
            ui.strong(lang.pick("班额、规模", "Class, size"))
                .on_hover_text(lang.pick(
                    "平均班额超过 45 / 50 人、学校规模超过 2000 人（九年一贯制 2500 人）时提示",
                    "Shown when the average class is over 45 / 50 or the school over 2,000 pupils (nine-year 2,500)",
                ));
            ui.strong(lang.pick("变化", "Changes"));
            ui.strong(lang.pick("达标所需", "To comply"));
            ui.end_row();
            for r in rows {
                let s = &o.dataset.schools[r.school];
                if ui.link(&s.name).clicked() {
                    cx.send(Command::OpenSchool(r.school));
                }
                ui.label(thousands(r.pupils().round() as i64));
                let then = c.row(r.school, base);
                for i in Indicator::ALL {
                    let k = i.index();
                    let text = format!(
                        "{}{}",
                        value_text(r, i),
                        arrow(then.and_then(|t| t.value[k]), r.value[k])
                    );
                    ui.label(RichText::new(text).color(status_color(r.status[k])))
                        .on_hover_text(match lang {
                            Lang::Zh => format!(
                                "{}：{}（标准 {:.2}；{base} 年 {}）",
                                i.name(lang),
                                value_text(r, i),
                                r.threshold[k],
                                then.map_or_else(|| "—".into(), |t| value_text(t, i))
                            ),
                            Lang::En => format!(
                                "{}: {} (standard {:.2}; {base}: {})",
                                i.name(lang),
                                value_text(r, i),
                                r.threshold[k],
                                then.map_or_else(|| "—".into(), |t| value_text(t, i))
                            ),
                        });
                }
                let v = RichText::new(verdict_text(r.verdict, lang));
                ui.label(match r.verdict {
                    Verdict::Complies => v.color(status_color(Status::Met)),
                    Verdict::Fails => v.color(status_color(Status::Short)),
                    _ => v,
                });
                ui.label(RichText::new(size_text(r, lang)).color(status_color(Status::Near)));
                let changes: Vec<String> = c
                    .changes(r.school)
                    .iter()
                    .map(|(y, ok)| match (lang, ok) {
                        (Lang::Zh, true) => format!("{y} 年起达标"),
                        (Lang::Zh, false) => format!("{y} 年起未达标"),
                        (Lang::En, true) => format!("complies from {y}"),
                        (Lang::En, false) => format!("fails from {y}"),
                    })
                    .collect();
                ui.label(changes.join(lang.pick("；", "; ")));
                match c.fix(r.school) {
                    Some(f) => {
                        ui.horizontal(|ui| {
                            ui.label(money(f.one_off + f.yearly, lang))
                                .on_hover_text(fix_parts(f, lang).join(lang.pick("，", ", ")));
                            let action = fix_action(o, f);
                            let planned = cx.state.scenario.actions.contains(&action);
                            if ui
                                .add_enabled(
                                    !planned,
                                    egui::Button::new(lang.pick("加入规划", "Add to plan")).small(),
                                )
                                .clicked()
                            {
                                let mut actions = cx.state.scenario.actions.clone();
                                actions.push(action);
                                cx.send(Command::SetActions(actions));
                            }
                        });
                    }
                    None => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
}

/// The standards in force, each editable.
fn standards_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    egui::CollapsingHeader::new(lang.pick("评估标准与单价", "Standards and unit costs"))
        .id_salt("compliance-standards")
        .show(ui, |ui| {
            let mut n: ComplianceNorms = cx.state.scenario.compliance.clone();
            ui.label(RichText::new(&n.source).weak().small());
            egui::Grid::new("compliance-thresholds")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.strong(lang.pick("指标", "Indicator"));
                    ui.strong(lang.pick("小学", "Primary"));
                    ui.strong(lang.pick("初中", "Junior"));
                    ui.end_row();
                    for i in Indicator::ALL {
                        let t = &mut n.thresholds[i.index()];
                        ui.label(format!("{} ({})", i.name(lang), i.unit(lang)));
                        ui.add(
                            egui::DragValue::new(&mut t.primary)
                                .range(0.0..=100_000.0)
                                .speed(0.05),
                        );
                        ui.add(
                            egui::DragValue::new(&mut t.junior)
                                .range(0.0..=100_000.0)
                                .speed(0.05),
                        );
                        ui.end_row();
                    }
                    ui.label(lang.pick("差异系数上限", "Variation limit"));
                    ui.add(
                        egui::DragValue::new(&mut n.cv_primary)
                            .range(0.0..=2.0)
                            .speed(0.01),
                    );
                    ui.add(
                        egui::DragValue::new(&mut n.cv_junior)
                            .range(0.0..=2.0)
                            .speed(0.01),
                    );
                    ui.end_row();
                    ui.label(lang.pick("其余指标不低于标准的", "The rest at least this share"));
                    ui.add(
                        egui::DragValue::new(&mut n.floor_share)
                            .range(0.0..=1.0)
                            .speed(0.01),
                    );
                    ui.label("");
                    ui.end_row();
                });
            ui.add_space(4.0);
            ui.label(RichText::new(lang.pick("单价", "Unit costs")).strong())
                .on_hover_text(&n.costs.source);
            egui::Grid::new("compliance-costs")
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    let k = &mut n.costs;
                    for (label, v) in [
                        (
                            lang.pick("校舍（元/m²）", "Floor (元 a m²)"),
                            &mut k.floor_m2,
                        ),
                        (
                            lang.pick("运动场馆（元/m²）", "Sports ground (元 a m²)"),
                            &mut k.sports_m2,
                        ),
                        (
                            lang.pick("多媒体教室（元/间）", "Multimedia room (元 each)"),
                            &mut k.multimedia_room,
                        ),
                        (
                            lang.pick("教师（元/年）", "A teacher (元 a year)"),
                            &mut k.teacher_year,
                        ),
                        (
                            lang.pick("学历提升（元/人）", "Qualification raised (元 each)"),
                            &mut k.qualification_upgrade,
                        ),
                        (
                            lang.pick("骨干培养（元/人）", "骨干 trained (元 each)"),
                            &mut k.backbone_training,
                        ),
                    ] {
                        ui.label(label);
                        ui.add(
                            egui::DragValue::new(v)
                                .range(0.0..=10_000_000.0)
                                .speed(100.0),
                        );
                        ui.end_row();
                    }
                });
            if n != cx.state.scenario.compliance {
                cx.edit_scenario(|s| s.compliance = n);
            }
        });
}

/// The School page's 优质均衡 section: each indicator in the base year and
/// five years on, and what it takes to comply.
pub fn school_section_ui(
    ui: &mut egui::Ui,
    cx: &mut Cx<'_>,
    o: &Outcome,
    c: &Compliance,
    i: usize,
) {
    let lang = cx.lang;
    let base = o.projection.base_year;
    let rows: Vec<&SchoolCompliance> = c.schools.iter().filter(|r| r.school == i).collect();
    let (Some(first), Some(later)) = (
        rows.iter().find(|r| r.year == base).or(rows.first()),
        rows.iter().rfind(|r| r.year <= base + 5).or(rows.last()),
    ) else {
        return;
    };
    if !first.in_scope() {
        ui.label(verdict_text(first.verdict, lang));
        return;
    }
    ui.label(match lang {
        Lang::Zh => format!(
            "{} 年：{}（达到 {} 项）；{} 年：{}",
            first.year,
            verdict_text(first.verdict, lang),
            first.met(),
            later.year,
            verdict_text(later.verdict, lang)
        ),
        Lang::En => format!(
            "{}: {} ({} met); {}: {}",
            first.year,
            verdict_text(first.verdict, lang),
            first.met(),
            later.year,
            verdict_text(later.verdict, lang)
        ),
    });
    egui::Grid::new(("school-compliance", i))
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong(lang.pick("指标", "Indicator"));
            ui.strong(lang.pick("标准", "Standard"));
            ui.strong(first.year.to_string());
            ui.strong(later.year.to_string());
            ui.end_row();
            for ind in Indicator::ALL {
                let k = ind.index();
                ui.label(ind.name(lang));
                ui.label(format!("{:.2} {}", first.threshold[k], ind.unit(lang)));
                for r in [first, later] {
                    ui.label(RichText::new(value_text(r, ind)).color(status_color(r.status[k])));
                }
                ui.end_row();
            }
        });
    if let Some(f) = c.fix(i) {
        ui.horizontal_wrapped(|ui| {
            ui.label(match lang {
                Lang::Zh => format!(
                    "{} 年前达标最少需：{}；投入 {}，另每年 {}",
                    f.year,
                    fix_parts(f, lang).join("，"),
                    money(f.one_off, lang),
                    money(f.yearly, lang)
                ),
                Lang::En => format!(
                    "To comply by {}: {}; {} once and {} a year",
                    f.year,
                    fix_parts(f, lang).join(", "),
                    money(f.one_off, lang),
                    money(f.yearly, lang)
                ),
            });
            let action = fix_action(o, f);
            if ui
                .add_enabled(
                    !cx.state.scenario.actions.contains(&action),
                    egui::Button::new(lang.pick("加入规划", "Add to plan")),
                )
                .clicked()
            {
                let mut actions = cx.state.scenario.actions.clone();
                actions.push(action);
                cx.send(Command::SetActions(actions));
            }
        });
    }
}
