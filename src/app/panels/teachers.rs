//! The Teachers tab (docs/teachers.md): the county's 编制 against its norm
//! and the subjects short behind it (总量超编、结构性缺编), the recruitment
//! each year needs, the schools worst off, the year's rotation, and the
//! norms in force with their sources. The settings a planner reaches for
//! (retirements, recruits a year, the class-teacher ratio) sit at the top;
//! like every what-if they recompute on the worker.

use super::{Computed, Cx, Panel, Tab};
use crate::app::background::one_off::{Pick, ScenarioIo};
use crate::app::background::results::Teachers;
use crate::app::chart_view::chart_block_ui;
use crate::app::commands::Command;
use crate::app::side_panel::{Scale, slider};
use crate::chart::Chart;
use crate::chart::build::Context;
use crate::engine::Outcome;
use crate::engine::teachers::{CountyStaffing, Figure, Norms, SchoolStaffing, Staffing};
use crate::i18n::{Lang, thousands};
use crate::text::labels::*;
use eframe::egui::{self, RichText};

/// How many schools the "worst off" list shows.
const WORST: usize = 15;
/// How many suggested rotation moves are listed.
const MOVES: usize = 30;

/// The tab: its charts for the projection they were built from, and the
/// year its tables show.
#[derive(Default)]
pub struct TeachersPanel {
    charts: Option<((u64, Lang), Vec<Chart>)>,
    year: Option<i32>,
}

impl Panel for TeachersPanel {
    fn id(&self) -> Tab {
        Tab::Teachers
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("教师", "Teachers")
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let Some(t) = computed.derived.teachers.clone() else {
            no_roster_ui(ui, cx);
            return;
        };
        let o = computed.outcome.clone();
        let s = &t.staffing;
        let key = (computed.generation, lang);
        if self.charts.as_ref().is_none_or(|(k, _)| *k != key) {
            let bc = Context::new(
                &computed.engine,
                &o,
                &computed.derived,
                lang,
                &crate::export::files::today(),
            );
            self.charts = Some((key, crate::chart::teachers::all(&bc, s)));
        }
        let years: Vec<i32> = s.county.iter().map(|c| c.year).collect();
        let base = o.projection.base_year;
        let year = self
            .year
            .filter(|y| years.contains(y))
            .unwrap_or(base + 5)
            .clamp(base, years.last().copied().unwrap_or(base));
        egui::ScrollArea::vertical()
            .id_salt("teachers-scroll")
            .show(ui, |ui| {
                options_ui(ui, cx);
                ui.separator();
                super::year_picker_ui(
                    ui,
                    lang,
                    "teachers-year",
                    lang.pick("表中年份", "Tables for"),
                    &years,
                    year,
                    &mut self.year,
                );
                let (Some(now), Some(then)) = (
                    s.county.iter().find(|c| c.year == base),
                    s.county.iter().find(|c| c.year == year),
                ) else {
                    return;
                };
                headline_ui(ui, &o, s, now, then, lang);
                ui.add_space(6.0);
                if let Some((_, charts)) = &self.charts {
                    for (chart, height) in charts.iter().zip([240.0, 260.0, 240.0]) {
                        chart_block_ui(ui, chart, height, lang, cx.commands);
                        ui.add_space(6.0);
                    }
                }
                ui.heading(match lang {
                    Lang::Zh => format!("{year} 年各学科"),
                    Lang::En => format!("Subjects in {year}"),
                });
                subjects_ui(ui, &o, s, then, lang);
                ui.add_space(6.0);
                ui.heading(match lang {
                    Lang::Zh => format!("{year} 年缺教师最多的学校"),
                    Lang::En => format!("Schools most short of teachers in {year}"),
                });
                worst_schools_ui(ui, cx, &o, s, year);
                ui.add_space(6.0);
                rotation_ui(ui, cx, &o, &t);
                ui.add_space(6.0);
                norms_ui(ui, cx);
            });
    }
}

/// No staff roster: what to add, and where.
fn no_roster_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    ui.heading(lang.pick("未载入教职工花名册", "No staff roster loaded"));
    ui.label(lang.pick(
        "在工作簿中加一张“教职工花名册”表：每位教职工一行，列出学校、性别、出生年月、任教学科、岗位类别（专任/行政/教辅/工勤）、编制情况（在编/非在编/临聘）、是否骨干、到校年份；或按学校 × 学科列出教师人数。Seatcast 据此按生师比与课时计算各校各学科所需教师、退休后的在岗教师和缺编。",
        "Add a staff sheet (教职工花名册) to the workbook: a row per member of staff with school, sex, birth date, subject, post (teaching / admin / support / worker), establishment status (在编 / contract / temporary), 骨干 and the year they came; or teachers counted by school × subject. Seatcast then works out each school's need by the norm and by periods, the staff left after retirements, and the shortages.",
    ));
    if ui
        .button(lang.pick("保存数据模板…", "Save the data template…"))
        .clicked()
    {
        cx.send(Command::Browse(Pick::Template));
    }
}

/// The settings at the top of the tab.
fn options_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    // Edited on a copy, sent back where it changed.
    let mut options = cx.state.scenario.teachers.clone();
    ui.heading(lang.pick("教师情景", "Teachers: what if"));
    ui.checkbox(
        &mut options.retirements,
        lang.pick(
            "按 2025 年渐进式延迟退休规定退休",
            "Staff retire under the 2025 rule",
        ),
    )
    .on_hover_text(lang.pick(
        "关闭时所有人留任，只看学生变化对教师需求的影响",
        "Off: everyone stays, to see what the pupils alone do to the need",
    ));
    slider(
        ui,
        lang.pick("计划每年招聘教师", "Recruits planned each year"),
        lang.pick(
            "基准年之后每年新招的教师，按当年全县各学科缺口比例分配（不超过缺口），计入编制",
            "Teachers hired each year after the base year, placed in the subjects the county is short of in proportion (never beyond the shortage); hired on the establishment",
        ),
        &mut options.recruit_per_year,
        Scale {
            range: 0.0..=500.0,
            step: 1.0,
            unit: lang.pick(" 人/年", " a year"),
            default: 0.0,
        },
        lang,
    );
    let mut norms = options.norms().clone();
    let default = Norms::default().staffing.class_teacher_ratio.value;
    slider(
        ui,
        lang.pick(
            "村小、教学点班师比",
            "Class-teacher ratio (small village schools)",
        ),
        &norms.staffing.class_teacher_ratio.source.clone(),
        &mut norms.staffing.class_teacher_ratio.value,
        Scale {
            range: 1.0..=3.0,
            step: 0.1,
            unit: lang.pick(" 人/班", " per class"),
            default,
        },
        lang,
    );
    if norms != *options.norms() {
        options.norms = Some(norms);
    }
    if options != cx.state.scenario.teachers {
        cx.edit_scenario(|s| s.teachers = options);
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick("打开编制标准文件…", "Open norms file…"))
            .on_hover_text(lang.pick(
                "用本省的编制、课时与退休标准（JSON，格式同 sample-data/teacher-norms.json）",
                "Use your province's norms (JSON, as sample-data/teacher-norms.json)",
            ))
            .clicked()
        {
            cx.send(Command::NormsFile(ScenarioIo::Open));
        }
        if ui
            .button(lang.pick("保存编制标准…", "Save norms…"))
            .clicked()
        {
            cx.send(Command::NormsFile(ScenarioIo::Save));
        }
        let custom = cx.state.scenario.teachers.norms.is_some();
        if ui
            .add_enabled(
                custom,
                egui::Button::new(lang.pick("恢复国家默认标准", "Back to the national defaults")),
            )
            .clicked()
        {
            cx.edit_scenario(|s| s.teachers.norms = None);
        }
        if custom {
            ui.label(RichText::new(lang.pick("（已修改标准）", "(norms changed)")).weak());
        }
    });
}

fn n1(v: f64) -> String {
    format!("{v:.1}")
}

fn whole(v: f64) -> String {
    thousands(v.round() as i64)
}

/// The signed balance: "+149" over, "−37" short.
fn signed(v: f64) -> String {
    let r = v.round() as i64;
    match r {
        0 => "0".into(),
        r if r > 0 => format!("+{}", thousands(r)),
        r => format!("−{}", thousands(-r)),
    }
}

/// The sentence of 总量 against 结构性 for one year, e.g. "1,968 on the
/// establishment against a norm of 1,819: 149 over; yet 165 posts short at
/// schools".
pub fn picture_text(c: &CountyStaffing, lang: Lang) -> String {
    let over = c.on_establishment - c.norm_staff;
    let short: f64 = c.short_at_schools.iter().sum();
    let (on, norm) = (whole(c.on_establishment), whole(c.norm_staff));
    match (lang, over >= 0.0) {
        (Lang::Zh, true) => format!(
            "{} 年在编 {on} 人，核定编制 {norm} 人，总量超编 {}；各校仍缺学科教师 {} 人（结构性缺编）",
            c.year,
            whole(over),
            whole(short)
        ),
        (Lang::Zh, false) => format!(
            "{} 年在编 {on} 人，核定编制 {norm} 人，缺编 {}；各校缺学科教师 {} 人",
            c.year,
            whole(-over),
            whole(short)
        ),
        (Lang::En, true) => format!(
            "{}: {on} on the establishment against a norm of {norm}, {} over in total; yet {} subject posts short at schools (structural shortage)",
            c.year,
            whole(over),
            whole(short)
        ),
        (Lang::En, false) => format!(
            "{}: {on} on the establishment against a norm of {norm}, {} under; {} subject posts short at schools",
            c.year,
            whole(-over),
            whole(short)
        ),
    }
}

fn headline_ui(
    ui: &mut egui::Ui,
    o: &Outcome,
    s: &Staffing,
    now: &CountyStaffing,
    then: &CountyStaffing,
    lang: Lang,
) {
    ui.heading(lang.pick("要点", "Headlines"));
    ui.label(picture_text(now, lang));
    if then.year != now.year {
        ui.label(picture_text(then, lang));
    }
    let norms = o.scenario.teachers.norms();
    let worst: Vec<String> = {
        let mut by: Vec<(usize, f64)> = then.short_at_schools.iter().copied().enumerate().collect();
        by.sort_by(|a, b| b.1.total_cmp(&a.1));
        by.iter()
            .take(4)
            .filter(|(_, v)| *v >= 0.5)
            .map(|(j, v)| {
                format!(
                    "{} {}",
                    norms.curriculum.name(&s.subjects[*j], lang),
                    whole(*v)
                )
            })
            .collect()
    };
    if !worst.is_empty() {
        ui.label(format!(
            "{}{}",
            lang.pick("缺口最大的学科：", "Subjects most short: "),
            worst.join(lang.pick("、", ", "))
        ));
    }
    let recruit: f64 = s
        .county
        .iter()
        .filter(|c| c.year > now.year && c.year <= then.year)
        .map(|c| c.recruit.iter().sum::<f64>())
        .sum();
    let hired: f64 = then.hired.iter().sum();
    ui.label(match lang {
        Lang::Zh => format!(
            "{}–{} 年需新招 {} 人（另有现缺 {} 人）；计划招聘 {} 人后，{} 年全县仍缺 {} 人",
            now.year + 1,
            then.year,
            whole(recruit),
            whole(now.structural_shortage()),
            whole(hired),
            then.year,
            whole(then.shortage_after_hiring())
        ),
        Lang::En => format!(
            "{} to recruit in {}–{} (besides {} short today); with {} planned recruits the county is still {} short in {}",
            whole(recruit),
            now.year + 1,
            then.year,
            whole(now.structural_shortage()),
            whole(hired),
            whole(then.shortage_after_hiring()),
            then.year
        ),
    });
    if s.past_retirement > 0 && o.scenario.teachers.retirements {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!(
                    "花名册中 {} 人在 {} 年秋季前已到退休年龄（返聘或尚未减员）：计入当年，次年起不再计入。",
                    s.past_retirement, now.year
                ),
                Lang::En => format!(
                    "{} on the roster had reached retirement before fall {} (rehired, or not yet taken off): counted that year, gone from the next.",
                    s.past_retirement, now.year
                ),
            })
            .weak(),
        );
    }
    if !o.scenario.teachers.retirements {
        ui.label(
            RichText::new(lang.pick(
                "退休已关闭：所有教职工留任。",
                "Retirements are off: every member of staff stays.",
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
}

/// The county by subject in one year.
fn subjects_ui(ui: &mut egui::Ui, o: &Outcome, s: &Staffing, c: &CountyStaffing, lang: Lang) {
    let norms = o.scenario.teachers.norms();
    egui::Grid::new("teacher-subjects")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for h in [
                lang.pick("学科", "Subject"),
                lang.pick("所需", "Needed"),
                lang.pick("在岗", "Teachers"),
                lang.pick("全县余缺", "County balance"),
                lang.pick("各校缺口之和", "Short at schools"),
                lang.pick("各校富余之和", "Over at schools"),
                lang.pick("当年需招聘", "To recruit"),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for (j, key) in s.subjects.iter().enumerate() {
                let balance = c.teachers_by_subject[j] - c.need_by_subject[j];
                ui.label(norms.curriculum.name(key, lang));
                ui.label(n1(c.need_by_subject[j]));
                ui.label(n1(c.teachers_by_subject[j]));
                let text = RichText::new(signed(balance));
                ui.label(if balance <= -0.5 {
                    text.color(crate::app::style::warning_color(
                        crate::engine::outcome::Warning::Red,
                    ))
                } else {
                    text
                });
                ui.label(n1(c.short_at_schools[j]));
                ui.label(n1(c.over_at_schools[j]));
                ui.label(n1(c.recruit[j]));
                ui.end_row();
            }
        });
}

/// A school's shortage over its subjects: Σ of the subjects it is short in.
pub fn posts_short(r: &SchoolStaffing) -> f64 {
    r.subject_balance().iter().map(|b| (-b).max(0.0)).sum()
}

fn worst_schools_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, o: &Outcome, s: &Staffing, year: i32) {
    let lang = cx.lang;
    let norms = o.scenario.teachers.norms();
    let mut rows: Vec<&SchoolStaffing> = s.schools.iter().filter(|r| r.year == year).collect();
    rows.sort_by(|a, b| posts_short(b).total_cmp(&posts_short(a)));
    egui::Grid::new("teacher-worst")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                lang.pick("学校", "School"),
                lang.pick("片区", "Area"),
                lang.pick("缺学科教师", "Posts short"),
                lang.pick("最缺学科", "Most short in"),
                lang.pick("编制余缺", "编制 balance"),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for r in rows.iter().take(WORST).filter(|r| posts_short(r) >= 0.5) {
                let school = &o.dataset.schools[r.school];
                if ui.link(&school.name).clicked() {
                    cx.send(Command::OpenSchool(r.school));
                }
                ui.label(school.area.as_deref().unwrap_or("—"));
                ui.label(n1(posts_short(r)));
                let mut by: Vec<(usize, f64)> =
                    r.subject_balance().into_iter().enumerate().collect();
                by.sort_by(|a, b| a.1.total_cmp(&b.1));
                let worst: Vec<String> = by
                    .iter()
                    .take(3)
                    .filter(|(_, b)| *b <= -0.5)
                    .map(|(j, b)| {
                        format!(
                            "{} {}",
                            norms.curriculum.name(&s.subjects[*j], lang),
                            n1(-b)
                        )
                    })
                    .collect();
                ui.label(worst.join(lang.pick("、", ", ")));
                ui.label(signed(r.establishment_balance()));
                ui.end_row();
            }
        });
}

fn rotation_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, o: &Outcome, t: &Teachers) {
    let lang = cx.lang;
    let r = &t.rotation;
    let norms = o.scenario.teachers.norms();
    let settings = norms.rotation;
    ui.heading(match lang {
        Lang::Zh => format!("{} 年交流轮岗", r.year),
        Lang::En => format!("Rotation in {}", r.year),
    });
    ui.label(match lang {
        Lang::Zh => format!(
            "在同一学校满 {} 年的在编专任教师 {} 人（其中骨干 {} 人）；本年至少交流 {} 人（{:.0}%），其中骨干至少 {} 人（{:.0}%）。",
            settings.min_years,
            r.eligible.len(),
            r.eligible_backbone,
            r.to_move,
            settings.share * 100.0,
            r.backbone_to_move,
            settings.backbone_share * 100.0
        ),
        Lang::En => format!(
            "{} teachers on the establishment have been at one school {} years or more ({} of them 骨干); at least {} move this year ({:.0} %), at least {} of them 骨干 ({:.0} %).",
            r.eligible.len(),
            settings.min_years,
            r.eligible_backbone,
            r.to_move,
            settings.share * 100.0,
            r.backbone_to_move,
            settings.backbone_share * 100.0
        ),
    })
    .on_hover_text(&norms.rotation_source);
    if r.moves.is_empty() {
        ui.label(lang.pick(
            "没有可从富余学校调往缺口学校的整名教师。",
            "No whole teacher can move from a school with a surplus to one short.",
        ));
        return;
    }
    ui.label(lang.pick(
        "建议调配（从富余学校调往最近的缺口学校，不使调出学校缺编）：",
        "Suggested moves (from a school with a surplus to the nearest school short, never leaving the giver short):",
    ));
    egui::Grid::new("teacher-moves")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                lang.pick("学科", "Subject"),
                lang.pick("调出", "From"),
                lang.pick("调入", "To"),
                lang.pick("人数", "Teachers"),
                lang.pick("距离", "Distance"),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            let d = &o.dataset;
            for m in r.moves.iter().take(MOVES) {
                let subject = t
                    .staffing
                    .subjects
                    .get(m.subject)
                    .map_or("", String::as_str);
                ui.label(norms.curriculum.name(subject, lang));
                for school in [m.from, m.to] {
                    if ui.link(&d.schools[school].name).clicked() {
                        cx.send(Command::OpenSchool(school));
                    }
                }
                ui.label(m.teachers.to_string());
                ui.label(m.km.map_or_else(|| "—".into(), |k| format!("{k:.1} km")));
                ui.end_row();
            }
        });
    if r.moves.len() > MOVES {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("另有 {} 条建议见导出的报告。", r.moves.len() - MOVES),
                Lang::En => format!("{} more in the exported report.", r.moves.len() - MOVES),
            })
            .weak(),
        );
    }
}

/// One editable figure, its source on hover.
fn figure_ui(
    ui: &mut egui::Ui,
    label: &str,
    f: &mut Figure,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
) {
    ui.label(label).on_hover_text(&f.source);
    ui.add(egui::DragValue::new(&mut f.value).range(range).speed(speed))
        .on_hover_text(&f.source);
    ui.label(RichText::new(&f.source).weak().small());
    ui.end_row();
}

/// The norms in force, editable, each with its source.
fn norms_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    let lang = cx.lang;
    egui::CollapsingHeader::new(lang.pick("编制与课时标准", "Norms: staffing, periods, loads"))
        .id_salt("teacher-norms")
        .show(ui, |ui| {
            let mut n = cx.state.scenario.teachers.norms().clone();
            egui::Grid::new("teacher-norms-grid")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    let st = &mut n.staffing;
                    figure_ui(
                        ui,
                        lang.pick("小学生师比", "Primary pupils per staff"),
                        &mut st.primary,
                        5.0..=40.0,
                        0.1,
                    );
                    figure_ui(
                        ui,
                        lang.pick("初中生师比", "Junior pupils per staff"),
                        &mut st.junior,
                        5.0..=40.0,
                        0.1,
                    );
                    figure_ui(
                        ui,
                        lang.pick("高中生师比", "Senior pupils per staff"),
                        &mut st.senior,
                        5.0..=40.0,
                        0.1,
                    );
                    figure_ui(
                        ui,
                        lang.pick("班师比", "Class-teacher ratio"),
                        &mut st.class_teacher_ratio,
                        0.0..=5.0,
                        0.01,
                    );
                    figure_ui(
                        ui,
                        lang.pick("按班师比的规模上限（人）", "Small school below (pupils)"),
                        &mut st.small_school_pupils,
                        0.0..=2000.0,
                        1.0,
                    );
                    figure_ui(
                        ui,
                        lang.pick("每百名寄宿生增编", "Staff per 100 boarders"),
                        &mut st.boarding_per_100,
                        0.0..=20.0,
                        0.05,
                    );
                    figure_ui(
                        ui,
                        lang.pick("班主任工作量（课时量）", "Head teacher duty (loads)"),
                        &mut n.head_teacher_load,
                        0.0..=1.0,
                        0.01,
                    );
                });
            ui.add_space(4.0);
            ui.label(
                RichText::new(lang.pick(
                    "各学科每周课时量（专任教师）",
                    "Weekly teaching load by subject",
                ))
                .strong(),
            )
            .on_hover_text(&n.curriculum.load_source);
            egui::Grid::new("teacher-loads")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for h in [
                        lang.pick("学科", "Subject"),
                        lang.pick("课时占比", "Share of periods"),
                        lang.pick("小学", "Primary"),
                        lang.pick("初中", "Junior"),
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for subject in &mut n.curriculum.subjects {
                        ui.label(lang.pick(subject.zh.as_str(), subject.en.as_str()));
                        ui.label(format!("{:.1} %", subject.share * 100.0))
                            .on_hover_text(&n.curriculum.source);
                        ui.add(
                            egui::DragValue::new(&mut subject.load_primary)
                                .range(0.0..=40.0)
                                .speed(0.1),
                        );
                        ui.add(
                            egui::DragValue::new(&mut subject.load_junior)
                                .range(0.0..=40.0)
                                .speed(0.1),
                        );
                        ui.end_row();
                    }
                });
            ui.label(RichText::new(&n.retirement_source).weak().small());
            if crate::norms_file::problem(&n).is_none() && n != *cx.state.scenario.teachers.norms()
            {
                cx.edit_scenario(|s| s.teachers.norms = Some(n));
            }
        });
}

/// The School page's teachers: the norm and the staff on it, and each
/// subject's need against the teachers there, in the base year and in the
/// year the Teachers tab shows.
pub fn school_section_ui(ui: &mut egui::Ui, lang: Lang, o: &Outcome, t: &Teachers, i: usize) {
    let s = &t.staffing;
    let rows: Vec<&SchoolStaffing> = s.schools.iter().filter(|r| r.school == i).collect();
    let base = o.projection.base_year;
    let (Some(first), Some(last)) = (
        rows.iter().find(|r| r.year == base).or(rows.first()),
        rows.iter().rfind(|r| r.year <= base + 5).or(rows.last()),
    ) else {
        ui.label(lang.pick(
            "该校在预测期内没有学生。",
            "The school has no pupils over the horizon.",
        ));
        return;
    };
    let norms = o.scenario.teachers.norms();
    let staff: Vec<&crate::model::Teacher> = o
        .dataset
        .teachers
        .iter()
        .filter(|t| t.school == i)
        .collect();
    let retiring = staff
        .iter()
        .filter(|t| {
            crate::engine::teachers::retires(t, &norms.retirement)
                .is_some_and(|m| m.year() <= last.year)
        })
        .count();
    ui.label(match lang {
        Lang::Zh => format!(
            "花名册 {} 人；{} 年在编 {}，核定编制 {}（{}）；至 {} 年到龄退休 {} 人",
            staff.len(),
            first.year,
            n1(first.on_establishment),
            n1(first.norm.staff),
            signed(first.establishment_balance()),
            last.year,
            retiring
        ),
        Lang::En => format!(
            "{} on the roster; {}: {} on the establishment against a norm of {} ({}); {} reach retirement by {}",
            staff.len(),
            first.year,
            n1(first.on_establishment),
            n1(first.norm.staff),
            signed(first.establishment_balance()),
            retiring,
            last.year
        ),
    });
    if let Some(c) = first.norm.by_classes {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!(
                    "小规模学校按班师比核编：{} 人（按生师比 {}）",
                    n1(c),
                    n1(first.norm.by_pupils)
                ),
                Lang::En => format!(
                    "A small school staffed by its classes: {} (by pupils {})",
                    n1(c),
                    n1(first.norm.by_pupils)
                ),
            })
            .weak(),
        );
    }
    egui::Grid::new(("school-teachers", i))
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            ui.strong(lang.pick("学科", "Subject"));
            for r in [first, last] {
                ui.strong(match lang {
                    Lang::Zh => format!("{} 所需 / 在岗", r.year),
                    Lang::En => format!("{} needed / there", r.year),
                });
                ui.strong(lang.pick("余缺", "Balance"));
            }
            ui.end_row();
            for (j, key) in s.subjects.iter().enumerate() {
                if first.periods.by_subject[j] < 0.05
                    && first.teachers[j] < 0.05
                    && last.periods.by_subject[j] < 0.05
                {
                    continue;
                }
                ui.label(norms.curriculum.name(key, lang));
                for r in [first, last] {
                    let b = r.teachers[j] - r.periods.by_subject[j];
                    ui.label(format!(
                        "{} / {}",
                        n1(r.periods.by_subject[j]),
                        n1(r.teachers[j])
                    ));
                    let text = RichText::new(format!("{b:+.1}"));
                    ui.label(if b <= -0.5 {
                        text.color(crate::app::style::warning_color(
                            crate::engine::outcome::Warning::Red,
                        ))
                    } else {
                        text
                    });
                }
                ui.end_row();
            }
            ui.label(lang.pick("班主任", "Head teachers"));
            for r in [first, last] {
                ui.label(n1(r.periods.head_teachers));
                ui.label("");
            }
            ui.end_row();
        });
}
