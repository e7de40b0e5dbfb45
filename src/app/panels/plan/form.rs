//! The form that adds an action (merge, expansion, new school, feeder,
//! entry share, grades, housing, resources): its fields, the place typed or
//! clicked, and what a new estate's yield will be.

use super::*;

/// Names in a comma list (Chinese commas too).
pub(super) fn list(t: &str) -> Vec<String> {
    t.split([',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The receivers of a merge as typed: `name`, or `name:share` with a share
/// such as `0.4`, `40%` or `40` (shares are scaled to sum to 1). A share
/// that is not a positive number is refused with what to fix, never read
/// as the whole school.
pub fn receivers(text: &str, lang: Lang) -> Result<Vec<Receiver>, String> {
    let names = list(text);
    if names.is_empty() {
        return Err(lang
            .pick("请填写并入哪所学校。", "Say which school it merges into.")
            .into());
    }
    names
        .into_iter()
        .map(|r| match r.rsplit_once([':', '：']) {
            None => Ok(Receiver {
                school: r,
                share: 1.0,
                grades: None,
            }),
            Some((name, share)) => {
                let typed = share.trim();
                let number = typed.trim_end_matches(['%', '％']).trim();
                match number.parse::<f64>() {
                    Ok(v) if v.is_finite() && v > 0.0 => Ok(Receiver {
                        school: name.trim().into(),
                        share: v,
                        grades: None,
                    }),
                    _ => Err(match lang {
                        Lang::Zh => format!(
                            "“{}”的比例“{typed}”不是正数：请写成 0.4 或 40%。",
                            name.trim()
                        ),
                        Lang::En => format!(
                            "The share “{typed}” for {} is not a positive number: write it as 0.4 or 40%.",
                            name.trim()
                        ),
                    }),
                }
            }
        })
        .collect()
}

/// The place of a new school or estate: longitude and latitude to five
/// decimals (about a metre), or X and Y in km; the map beside picks it too.
pub(super) fn place_ui(ui: &mut egui::Ui, f: &mut Form, lonlat: bool, roster: Datum, lang: Lang) {
    let (speed, decimals) = if lonlat { (0.0005, 5) } else { (0.05, 2) };
    let label = ui.label(if lonlat {
        lang.pick("经度", "lon")
    } else {
        "X"
    });
    ui.add(
        egui::DragValue::new(&mut f.x)
            .speed(speed)
            .fixed_decimals(decimals),
    )
    .labelled_by(label.id)
    .on_hover_text(lang.pick("也可在右侧地图上点击选定", "or click the map beside"));
    let label_y = ui.label(if lonlat {
        lang.pick("纬度", "lat")
    } else {
        "Y"
    });
    ui.add(
        egui::DragValue::new(&mut f.y)
            .speed(speed)
            .fixed_decimals(decimals),
    )
    .labelled_by(label_y.id)
    .on_hover_text(lang.pick("也可在右侧地图上点击选定", "or click the map beside"));
    if lonlat {
        let mut datum = f.datum.unwrap_or(roster);
        egui::ComboBox::from_id_salt("plan-place-datum")
            .selected_text(datum.name(lang))
            .show_ui(ui, |ui| {
                for d in Datum::ALL {
                    ui.selectable_value(&mut datum, d, d.name(lang));
                }
            })
            .response
            .accessible_name(lang.pick("经纬度坐标系", "Datum of the longitude and latitude"))
            .on_hover_text(lang.pick(
                "从高德、腾讯地图抄来的经纬度为 GCJ-02，百度为 BD-09；默认与名册相同。",
                "Copied from AMap or Tencent: GCJ-02; from Baidu: BD-09. By default the roster's.",
            ));
        if datum != f.datum.unwrap_or(roster) {
            // The same place, shown in the datum chosen.
            let (lon, lat) = f.datum.unwrap_or(roster).to_wgs84(f.x, f.y);
            let (x, y) = datum.from_wgs84(lon, lat);
            if f.x != 0.0 || f.y != 0.0 {
                f.x = (x * 1e5).round() / 1e5;
                f.y = (y * 1e5).round() / 1e5;
            }
            f.datum = Some(datum);
        }
    }
}

/// Where a new estate's pupils go, with how far: "Pupils go to: North
/// Primary, 1.8 km by road; …" (None: no estate of that name resolved).
pub(super) fn housing_schools_text(
    o: &crate::engine::Outcome,
    name: &str,
    lang: Lang,
) -> Option<String> {
    let dev = o.plan.developments.iter().find(|d| d.name == name)?;
    let mut seen: Vec<usize> = Vec::new();
    let mut parts = Vec::new();
    for (s, t) in dev.school_of_slot.iter().zip(&dev.travel_of_slot) {
        let Some(s) = *s else { continue };
        if seen.contains(&s) {
            continue;
        }
        seen.push(s);
        let school = &o.dataset.schools.get(s)?.name;
        parts.push(match (t, lang) {
            (Some((km, true)), Lang::Zh) => format!("{school}（道路 {km:.1} 公里）"),
            (Some((km, false)), Lang::Zh) => format!("{school}（直线 {km:.1} 公里）"),
            (Some((km, true)), Lang::En) => format!("{school} ({km:.1} km by road)"),
            (Some((km, false)), Lang::En) => format!("{school} ({km:.1} km straight)"),
            (None, _) => school.clone(),
        });
    }
    Some(format!(
        "{}{}",
        lang.pick("学生就读：", "Pupils go to: "),
        if parts.is_empty() {
            lang.pick("没有学校开设这些年级", "no school teaches these grades")
                .to_string()
        } else {
            parts.join(lang.pick("；", "; "))
        }
    ))
}

/// The form's site as the dataset keeps places: WGS-84 longitude and
/// latitude (converted from the datum they are typed in), or km.
pub(super) fn form_site(f: &Form, lonlat: bool, roster: Datum) -> Coords {
    if lonlat {
        let (lon, lat) = f.datum.unwrap_or(roster).to_wgs84(f.x, f.y);
        Coords::LonLat { lon, lat }
    } else {
        Coords::Km { x: f.x, y: f.y }
    }
}

/// Whether the data's places are longitude and latitude (else km): a new
/// school's place is typed in the same units.
pub(super) fn places_lonlat(cx: &Cx<'_>) -> bool {
    cx.computed.is_some_and(|c| {
        c.outcome
            .dataset
            .schools
            .iter()
            .any(|s| matches!(s.coords, Some(Coords::LonLat { .. })))
    })
}

/// The datum the roster's longitude and latitude were read in (WGS-84
/// when the load said none).
pub(super) fn roster_datum(cx: &Cx<'_>) -> Datum {
    cx.data
        .and_then(|d| {
            d.notes.iter().find_map(|n| match n.note {
                crate::import::Note::Datum { datum, .. } => Some(datum),
                _ => None,
            })
        })
        .unwrap_or(Datum::Wgs84)
}

/// What a new estate brings by the county's own yield, beside the common
/// 千人指标 (docs/places.md).
pub(super) fn housing_yield_ui(ui: &mut egui::Ui, o: &crate::engine::Outcome, lang: Lang) {
    use crate::engine::plan::PER_1000_RESIDENTS;
    let h = &o.scenario.housing;
    let per_100 = h.per_100_by_stage(&o.dataset);
    let common: Vec<f64> = PER_1000_RESIDENTS
        .iter()
        .map(|p| p / 1000.0 * h.persons_per_dwelling * 100.0)
        .collect();
    let rate = h.birth_rate(&o.dataset);
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "每百户学生（本县出生率 {rate:.2}‰ × 每户 {:.1} 人）：幼儿园 {:.1}、小学 {:.1}、初中 {:.1}、高中 {:.1}；按常用千人指标（幼 42、小 84、初 42）则为 {:.1}、{:.1}、{:.1}",
                h.persons_per_dwelling, per_100[0], per_100[1], per_100[2], per_100[3], common[0], common[1], common[2]
            ),
            Lang::En => format!(
                "Pupils per 100 dwellings (births {rate:.2}‰ × {:.1} persons a dwelling): kindergarten {:.1}, primary {:.1}, junior {:.1}, senior {:.1}; the common 千人指标 (42, 84, 42 per 1,000) would give {:.1}, {:.1}, {:.1}",
                h.persons_per_dwelling, per_100[0], per_100[1], per_100[2], per_100[3], common[0], common[1], common[2]
            ),
        })
        .weak(),
    );
}

impl Plan {
    /// A form for any action; schools are named by name or code.
    pub(super) fn form_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let roster = roster_datum(cx);
        let lonlat = places_lonlat(cx);
        let f = &mut self.form;
        fields_ui(ui, f, lonlat, roster, lang);
        if f.kind == Kind::Housing
            && let Some(c) = cx.computed
        {
            housing_yield_ui(ui, &c.outcome, lang);
        }
        let kind = f.kind;
        if matches!(kind, Kind::Open | Kind::Housing) && (f.x != 0.0 || f.y != 0.0) {
            let asked = self.site.asked.is_some();
            match site_check(&mut self.site, &self.form, cx, lonlat) {
                Some((check, measuring)) if kind == Kind::Open => {
                    site_check_ui(ui, check, measuring, &cx.state.scenario.planner, lang);
                }
                Some((check, measuring)) => receivers_ui(ui, check, measuring, lang),
                None if asked => measuring_ui(
                    ui,
                    lang.pick("正在按道路测算新校址…", "Measuring the new site by road…"),
                ),
                None => {}
            }
        }
        let f = &mut self.form;
        if ui
            .button(lang.pick("加入方案", "Add to the plan"))
            .clicked()
        {
            let a = match form_action(f, lonlat, roster, lang) {
                Ok(a) => a,
                Err(e) => {
                    f.error = Some(e);
                    return;
                }
            };
            let mut actions = cx.state.scenario.actions.clone();
            actions.push(a);
            // A school the data does not have (a typo) is refused here,
            // not added to be set aside.
            let unknown = cx.data.and_then(|d| {
                crate::engine::plan::set_aside(&d.engine.dataset, &actions)
                    .into_iter()
                    .find(|s| s.number == actions.len())
            });
            if let Some(s) = unknown {
                f.error = Some(match lang {
                    Lang::Zh => format!(
                        "当前数据中没有学校“{}”：请核对校名或代码（可从“学校列表”中复制）。",
                        s.missing
                    ),
                    Lang::En => format!(
                        "The data has no school “{}”: check the name or code (copy it from the Schools tab).",
                        s.missing
                    ),
                });
                return;
            }
            f.error = None;
            cx.send(Command::SetActions(actions));
        }
        if let Some(e) = &f.error {
            ui.colored_label(egui::Color32::from_rgb(0xa0, 0x10, 0x10), e);
        }
        ui.label(RichText::new(lang.pick(
            "写错的校名或数值会在状态栏给出第几项措施、哪里有误；方案仍显示上次的结果。",
            "A wrong name or value is reported in the status bar with the action's number; the last good result stays shown.",
        )).weak());
    }
}

/// The form's fields for its kind of action.
fn fields_ui(ui: &mut egui::Ui, f: &mut Form, lonlat: bool, roster: Datum, lang: Lang) {
    ui.horizontal_wrapped(|ui| {
        for (k, zh, en) in [
            (Kind::Merge, "撤并", "merge"),
            (Kind::Expand, "扩建", "expand"),
            (Kind::Open, "新建学校", "open a school"),
            (Kind::Feeder, "调整对口", "change a feeder"),
            (Kind::EntryShare, "调整招生比例", "change an entry share"),
            (Kind::GradeSpan, "调整学段", "change grades"),
            (Kind::Housing, "新建小区", "new housing"),
        ] {
            if ui
                .selectable_value(&mut f.kind, k, lang.pick(zh, en))
                .clicked()
            {
                f.defaults_for_kind();
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.pick("起始学年", "from fall"));
        ui.add(egui::DragValue::new(&mut f.year).range(1990..=2060))
            .labelled_by(label.id);
        let school_label = match f.kind {
            Kind::Open => lang.pick("新校名", "new school's name"),
            Kind::Housing => lang.pick("小区名称", "development's name"),
            _ => lang.pick("学校（校名或代码）", "school (name or code)"),
        };
        let label = ui.label(school_label);
        let target = if matches!(f.kind, Kind::Open | Kind::Housing) {
            &mut f.name
        } else {
            &mut f.school
        };
        ui.add(egui::TextEdit::singleline(target).desired_width(160.0))
            .labelled_by(label.id);
        match f.kind {
            Kind::Merge => {
                let label = ui.label(lang.pick(
                    "并入（多校用逗号分隔，可写 校名:比例）",
                    "into (several: commas, name:share)",
                ));
                ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(200.0))
                    .labelled_by(label.id);
            }
            Kind::Expand => {
                let label = ui.label(lang.pick("教室", "classrooms"));
                ui.add(egui::DragValue::new(&mut f.number).range(1.0..=200.0))
                    .labelled_by(label.id);
            }
            Kind::Open => {
                let label = ui.label(lang.pick("片区", "area"));
                ui.add(egui::TextEdit::singleline(&mut f.area).desired_width(80.0))
                    .labelled_by(label.id);
                place_ui(ui, f, lonlat, roster, lang);
                let label = ui.label(lang.pick("年级", "grades"));
                ui.add(egui::DragValue::new(&mut f.lo).range(-2..=12))
                    .labelled_by(label.id);
                ui.add(egui::DragValue::new(&mut f.hi).range(-2..=12))
                    .labelled_by(label.id);
                let label = ui.label(lang.pick("教室", "classrooms"));
                ui.add(egui::DragValue::new(&mut f.number).range(0.0..=200.0))
                    .labelled_by(label.id);
                ui.label(lang.pick("招收片区新生", "share of the area's entrants"));
                ui.add(
                    egui::DragValue::new(&mut f.share_pct)
                        .range(0.0..=100.0)
                        .suffix(" %"),
                );
                let label = ui.label(lang.pick("分流自（逗号分隔）", "taken from (commas)"));
                ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(200.0))
                    .labelled_by(label.id);
            }
            Kind::Feeder => {
                let label = ui.label(lang.pick("毕业生升入", "graduates go to"));
                ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(160.0))
                    .labelled_by(label.id);
            }
            Kind::EntryShare => {
                ui.label(lang.pick("调为原来的", "to"));
                ui.add(
                    egui::DragValue::new(&mut f.share_pct)
                        .range(0.0..=500.0)
                        .suffix(" %"),
                );
            }
            Kind::GradeSpan => {
                let label = ui.label(lang.pick("年级", "grades"));
                ui.add(egui::DragValue::new(&mut f.lo).range(-2..=12))
                    .labelled_by(label.id);
                ui.add(egui::DragValue::new(&mut f.hi).range(-2..=12))
                    .labelled_by(label.id);
                let label = ui.label(lang.pick("新增教室", "classrooms added"));
                ui.add(egui::DragValue::new(&mut f.number).range(0.0..=200.0))
                    .labelled_by(label.id);
            }
            Kind::Housing => {
                let label = ui.label(lang.pick("户数", "dwellings"));
                ui.add(
                    egui::DragValue::new(&mut f.number)
                        .range(0.0..=100_000.0)
                        .speed(10.0),
                )
                .labelled_by(label.id);
                let label = ui.label(lang.pick("几年住满", "years to full"));
                ui.add(egui::DragValue::new(&mut f.share_pct).range(1.0..=15.0))
                    .labelled_by(label.id);
                let label = ui.label(lang.pick("片区", "area"));
                ui.add(egui::TextEdit::singleline(&mut f.area).desired_width(80.0))
                    .labelled_by(label.id);
                place_ui(ui, f, lonlat, roster, lang);
                let label =
                    ui.label(lang.pick("对口学校（可空，逗号分隔）", "schools (optional, commas)"));
                ui.add(egui::TextEdit::singleline(&mut f.other).desired_width(160.0))
                    .labelled_by(label.id);
            }
        }
    });
}

/// The action the form describes, or why it cannot be one.
fn form_action(f: &Form, lonlat: bool, roster: Datum, lang: Lang) -> Result<Action, String> {
    Ok(match f.kind {
        Kind::Merge => Action::Merge {
            year: f.year,
            school: f.school.trim().into(),
            into: receivers(&f.other, lang)?,
        },
        Kind::Expand => Action::Expand {
            year: f.year,
            school: f.school.trim().into(),
            classrooms: f.number,
            seats: 0.0,
        },
        Kind::Open => Action::Open {
            year: f.year,
            name: f.name.trim().into(),
            area: Some(f.area.trim().to_string()).filter(|a| !a.is_empty()),
            coords: Some(form_site(f, lonlat, roster)),
            grades: [f.lo, f.hi],
            classrooms: f.number,
            seats: 0.0,
            entry_share: f.share_pct / 100.0,
            from: list(&f.other),
            donor_shares: Vec::new(),
        },
        Kind::Feeder => Action::Feeder {
            year: f.year,
            school: f.school.trim().into(),
            to: f.other.trim().into(),
        },
        Kind::EntryShare => Action::EntryShare {
            year: f.year,
            school: f.school.trim().into(),
            pct: f.share_pct,
        },
        Kind::GradeSpan => Action::GradeSpan {
            year: f.year,
            school: f.school.trim().into(),
            grades: [f.lo, f.hi],
            classrooms: f.number,
        },
        Kind::Housing => Action::Housing {
            year: f.year,
            name: f.name.trim().into(),
            coords: (f.x != 0.0 || f.y != 0.0).then_some(form_site(f, lonlat, roster)),
            area: Some(f.area.trim().to_string()).filter(|a| !a.is_empty()),
            dwellings: f.number,
            years_to_full: f.share_pct.max(1.0),
            per_100: None,
            schools: list(&f.other),
        },
    })
}
