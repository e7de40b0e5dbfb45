//! The merge planner (small schools and where their pupils could go) and the
//! expansion helper (the classrooms that end each shortfall).

use super::*;

/// A distance with its kind and its time: "3.2 km by road, 6 min by bus".
pub(super) fn travel_text(
    km: Option<f64>,
    by_road: bool,
    p: &crate::engine::plan::PlannerSettings,
    lang: Lang,
) -> String {
    let Some(k) = km else { return "—".into() };
    let min = p.minutes(k).round();
    match (lang, by_road, p.transport) {
        (Lang::Zh, true, true) => format!("道路 {k:.1} km，乘车 {min:.0} 分钟"),
        (Lang::Zh, true, false) => format!("道路 {k:.1} km，步行 {min:.0} 分钟"),
        (Lang::Zh, false, true) => format!("直线 {k:.1} km，乘车约 {min:.0} 分钟"),
        (Lang::Zh, false, false) => format!("直线 {k:.1} km，步行约 {min:.0} 分钟"),
        (Lang::En, true, true) => format!("{k:.1} km by road, {min:.0} min by bus"),
        (Lang::En, true, false) => format!("{k:.1} km by road, {min:.0} min on foot"),
        (Lang::En, false, true) => format!("{k:.1} km straight, ~{min:.0} min by bus"),
        (Lang::En, false, false) => format!("{k:.1} km straight, ~{min:.0} min on foot"),
    }
}

pub(super) fn pct_text(u: Option<f64>) -> String {
    u.map_or("—".into(), |u| format!("{:.0}%", u * 100.0))
}

/// Small and little-used schools with the nearest schools that can take them.
pub(super) fn merge_planner_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, candidates: &[Candidate]) {
    let lang = cx.lang;
    let Some(computed) = cx.computed else { return };
    let o = &computed.outcome;
    let d = &o.dataset;
    ui.heading(lang.pick("撤并建议", "Merge planner"));
    planner_settings_ui(ui, cx, d);
    let mut add: Vec<Action> = Vec::new();
    ui.horizontal(|ui| {
        ui.label(match lang {
            Lang::Zh => format!("{} 所候选学校", candidates.len()),
            Lang::En => format!("{} candidates", candidates.len()),
        });
        // Found on the projection shown: only once it is the scenario's own.
        let current = o.scenario == cx.state.scenario;
        // No school's capacity known: no receiver can be said to have room.
        // (The outcome's figures count it once, not every frame.)
        let unknown = o.figures.capacity_known == 0;
        if ui
            .add_enabled(
                current && !cx.merging && !unknown,
                egui::Button::new(lang.pick("全部可行的撤并", "Merge all feasible")),
            )
            .on_hover_text(lang.pick(
                "从最小的学校起，逐一并入半径内最近、仍有足够学位的学校",
                "Smallest first, each into the nearest school within the radius that still has room",
            ))
            .on_disabled_hover_text(if unknown {
                lang.pick(
                    "容量未知：没有学校有教室数或核定学位，无法判断哪所学校有学位接收。",
                    "Capacity unknown: no school has classrooms or approved seats, so no receiver can be said to have room.",
                )
            } else {
                lang.pick("正在查找，或方案正在重算", "Finding them, or the plan is being recomputed")
            })
            .clicked()
        {
            cx.send(Command::MergeAllFeasible);
        }
        if unknown {
            ui.label(
                RichText::new(lang.pick(
                    "容量未知：请在名册中加入教室数或核定学位",
                    "Capacity unknown: add classrooms or approved seats to the roster",
                ))
                .weak(),
            );
        }
        if cx.merging {
            ui.spinner();
            ui.label(lang.pick("正在查找…", "Finding them…"));
        }
    });
    add.extend(candidates_grid_ui(ui, cx, o, candidates));
    more_ui(ui, candidates.len(), lang);
    if !add.is_empty() {
        let mut actions = cx.state.scenario.actions.clone();
        actions.extend(add);
        cx.send(Command::SetActions(actions));
    }
}

pub(super) fn more_ui(ui: &mut egui::Ui, total: usize, lang: Lang) {
    if total > SHOWN {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("仅显示前 {SHOWN} 所（共 {total} 所）"),
                Lang::En => format!("showing the first {SHOWN} of {total}"),
            })
            .weak(),
        );
    }
}

/// Classrooms that end each shortfall, with a cost.
pub(super) fn expansion_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, expansions: &[Expansion]) {
    let lang = cx.lang;
    let Some(computed) = cx.computed else { return };
    let o = &computed.outcome;
    let d = &o.dataset;
    ui.heading(lang.pick("扩建建议", "Expansion helper"));
    ui.horizontal(|ui| {
        ui.label(lang.pick("每间教室造价", "Cost per classroom"));
        let mut cost = cx.state.scenario.planner.cost_per_classroom;
        let changed = ui
            .add(
                egui::DragValue::new(&mut cost)
                    .range(0.0..=1e8)
                    .speed(10_000.0)
                    .suffix(lang.pick(" 元", " yuan")),
            )
            .changed();
        if changed {
            cx.edit_scenario(|s| s.planner.cost_per_classroom = cost);
        }
    });
    let rooms: f64 = expansions.iter().map(|e| e.classrooms).sum();
    let cost: f64 = expansions.iter().map(|e| e.cost).sum();
    let mut add: Vec<Action> = Vec::new();
    ui.horizontal(|ui| {
        ui.label(match lang {
            Lang::Zh => format!(
                "{} 所学校缺学位；合计需新建 {} 间教室，约 {:.0} 万元",
                expansions.len(),
                thousands(rooms as i64),
                cost / 10_000.0
            ),
            Lang::En => format!(
                "{} schools short of seats; {} classrooms in all, about ¥{}",
                expansions.len(),
                thousands(rooms as i64),
                thousands(cost.round() as i64)
            ),
        });
        if !expansions.is_empty()
            && ui
                .button(lang.pick("全部加入方案", "Add all to the plan"))
                .clicked()
        {
            add.extend(expansions.iter().map(|e| plan::expand_action(o, e)));
        }
    });
    egui::Grid::new("expansions").striped(true).show(ui, |ui| {
        for h in [
            lang.pick("学校", "school"),
            lang.pick("最早缺位年份", "first year short"),
            lang.pick("最大缺口", "worst shortfall"),
            lang.pick("需新建教室", "classrooms"),
            lang.pick("造价", "cost"),
            "",
        ] {
            ui.strong(h);
        }
        ui.end_row();
        for e in expansions.iter().take(SHOWN) {
            if ui.link(&d.schools[e.school].name).clicked() {
                cx.send(Command::Select(e.school));
            }
            ui.label(e.year.to_string());
            ui.label(thousands(e.worst_shortfall.round() as i64));
            ui.label(thousands(e.classrooms as i64));
            ui.label(match lang {
                Lang::Zh => format!("{:.0} 万元", e.cost / 10_000.0),
                Lang::En => format!("¥{}", thousands(e.cost.round() as i64)),
            });
            if ui.small_button(lang.pick("加入方案", "Add")).clicked() {
                add.push(plan::expand_action(o, e));
            }
            ui.end_row();
        }
    });
    more_ui(ui, expansions.len(), lang);
    if !add.is_empty() {
        let mut actions = cx.state.scenario.actions.clone();
        actions.extend(add);
        cx.send(Command::SetActions(actions));
    }
}

/// The merge planner's thresholds, radii and speeds, edited on a copy and
/// sent back where they changed.
fn planner_settings_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, d: &crate::model::Dataset) {
    let lang = cx.lang;
    // Edited on a copy, sent back where it changed.
    let mut planner = cx.state.scenario.planner;
    let p = &mut planner;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.pick("候选：学生少于", "Candidates: fewer than"));
        ui.add(
            egui::DragValue::new(&mut p.small_pupils)
                .range(0.0..=2000.0)
                .speed(5.0),
        )
        .labelled_by(label.id);
        ui.label(lang.pick("人，或学位使用率低于", "pupils, or using under"));
        let mut pct = p.low_utilisation * 100.0;
        if ui
            .add(
                egui::DragValue::new(&mut pct)
                    .range(0.0..=100.0)
                    .suffix(" %"),
            )
            .changed()
        {
            p.low_utilisation = pct / 100.0;
        }
        ui.label(lang.pick("（预测期内任一年）", "(in any projected year)"));
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("服务半径 小学：步行", "Service radius, primary: on foot"));
        ui.add(
            egui::DragValue::new(&mut p.primary_radius.walk_km)
                .range(0.5..=50.0)
                .suffix(" km"),
        );
        ui.label(lang.pick("校车/寄宿", "bus/boarding"));
        ui.add(
            egui::DragValue::new(&mut p.primary_radius.bus_km)
                .range(0.5..=80.0)
                .suffix(" km"),
        );
        ui.label(lang.pick("初中：步行", "junior: on foot"));
        ui.add(
            egui::DragValue::new(&mut p.junior_radius.walk_km)
                .range(0.5..=50.0)
                .suffix(" km"),
        );
        ui.label(lang.pick("校车/寄宿", "bus/boarding"));
        ui.add(
            egui::DragValue::new(&mut p.junior_radius.bus_km)
                .range(0.5..=80.0)
                .suffix(" km"),
        );
        ui.checkbox(
            &mut p.transport,
            lang.pick("有校车或寄宿", "bus or boarding available"),
        );
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick("用时按 步行", "Times at: on foot"));
        ui.add(
            egui::DragValue::new(&mut p.walk_kmh)
                .range(1.0..=10.0)
                .speed(0.1)
                .suffix(" km/h"),
        );
        ui.label(lang.pick("校车", "school bus"));
        ui.add(
            egui::DragValue::new(&mut p.bus_kmh)
                .range(5.0..=80.0)
                .suffix(" km/h"),
        );
        let roads = d.roads.as_ref();
        ui.weak(match (roads, lang) {
            (Some(r), Lang::Zh) => format!("距离为道路距离（路网 {}）；无路相连时为直线距离。", r.file),
            (Some(r), Lang::En) => format!(
                "Distances by road ({}); in a straight line where no road joins.",
                r.file
            ),
            (None, _) => lang.pick(
                "距离为直线距离；与数据一同打开县域 OpenStreetMap 路网（.osm.pbf）即按道路计算。",
                "Distances in a straight line; open the county's OpenStreetMap extract (.osm.pbf) with the data for road distances.",
            )
            .to_owned(),
        });
    });
    if planner != cx.state.scenario.planner {
        cx.edit_scenario(|s| s.planner = planner);
    }
}

/// The candidates, each with the schools that could take its pupils: a
/// click on one is the merge into it (returned).
fn candidates_grid_ui(
    ui: &mut egui::Ui,
    cx: &mut Cx<'_>,
    o: &crate::engine::Outcome,
    candidates: &[Candidate],
) -> Vec<Action> {
    let (lang, d) = (cx.lang, &o.dataset);
    let mut add = Vec::new();
    egui::Grid::new("merge-candidates")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                lang.pick("学校", "school"),
                lang.pick("片区", "area"),
                lang.pick("现有", "now"),
                lang.pick("最低使用率", "lowest use"),
                lang.pick(
                    "可接收学校（距离 · 并入后最高使用率）",
                    "receivers (distance · peak use after)",
                ),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for c in candidates.iter().take(SHOWN) {
                let s = &d.schools[c.school];
                if ui.link(&s.name).clicked() {
                    cx.send(Command::Select(c.school));
                }
                ui.label(s.area.as_deref().unwrap_or("—"));
                ui.label(thousands(c.pupils.round() as i64));
                ui.label(pct_text(c.lowest_use));
                ui.horizontal(|ui| {
                    if c.receivers.is_empty() {
                        ui.label(lang.pick(
                            "没有可接收的同学段学校",
                            "no school of its level can take it",
                        ));
                    }
                    for r in &c.receivers {
                        let name = &d.schools[r.school].name;
                        let mut text = format!(
                            "{name} · {} · {}",
                            travel_text(r.distance_km, r.by_road, &cx.state.scenario.planner, lang),
                            pct_text(r.peak_use_after)
                        );
                        // Unknown is said as unknown, never as short or far.
                        if r.spare_after.is_none() {
                            text += lang.pick(" · 容量未知", " · capacity unknown");
                        } else if !r.fits {
                            text += lang.pick(" · 学位不足", " · too full");
                        }
                        if r.distance_km.is_none() {
                            text += lang.pick(
                                " · 距离未知（无坐标）",
                                " · distance unknown (no coordinates)",
                            );
                        } else if r.beyond_radius {
                            text += lang.pick(" · 超出服务半径", " · beyond radius");
                        }
                        let color = if r.fits && !r.beyond_radius {
                            egui::Color32::from_rgb(0x1a, 0x7f, 0x37)
                        } else {
                            egui::Color32::from_rgb(0xa0, 0x60, 0x10)
                        };
                        if ui
                            .button(RichText::new(text).color(color))
                            .on_hover_text(
                                lang.pick("点击：撤并入此校", "Click: merge into this school"),
                            )
                            .clicked()
                        {
                            add.push(plan::merge_action(o, c.school, r.school));
                        }
                    }
                });
                ui.end_row();
            }
        });
    add
}
