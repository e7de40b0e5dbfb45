//! A plan in words: one line per action, the figures that decide between
//! plans. The engine decides; the words are here, at the edge.

use crate::engine::outcome::PlanFigures;
use crate::engine::plan::Action;
use crate::i18n::Lang;

/// The receivers of a merge or downgrade: "A 60%、B（4–6 年级）".
fn receivers(into: &[crate::engine::plan::Receiver], zh: bool) -> String {
    let each: Vec<String> = into
        .iter()
        .map(|r| {
            let mut s = r.school.clone();
            if into.len() > 1 {
                s.push_str(&format!(" {:.0}%", r.share * 100.0));
            }
            if let Some([lo, hi]) = r.grades {
                s.push_str(&if zh {
                    format!("（{lo}–{hi} 年级）")
                } else {
                    format!(" (grades {lo}–{hi})")
                });
            }
            s
        })
        .collect();
    each.join(if zh { "、" } else { ", " })
}

/// One line for an action, for lists and reports.
pub fn describe_action(action: &Action, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match action {
        Action::Merge { year, school, into } => {
            let to = receivers(into, zh);
            if zh {
                format!("{year}年秋起 {school} 撤并入 {to}")
            } else {
                format!("from fall {year}: merge {school} into {to}")
            }
        }
        Action::Downgrade {
            year,
            school,
            keep,
            into,
        } => {
            let to = receivers(into, zh);
            if zh {
                format!(
                    "{year}年秋起 {school} 改为教学点（保留 {}–{} 年级），其余年级到 {to}",
                    keep[0], keep[1]
                )
            } else {
                format!(
                    "from fall {year}: {school} becomes a teaching point (keeps grades {}–{}), its other grades to {to}",
                    keep[0], keep[1]
                )
            }
        }
        Action::Expand {
            year,
            school,
            classrooms,
            seats,
        } => {
            let what = match (*classrooms > 0.0, zh) {
                (true, true) => format!("{classrooms:.0} 间教室"),
                (true, false) => format!("{classrooms:.0} classrooms"),
                (false, true) => format!("{seats:.0} 个学位"),
                (false, false) => format!("{seats:.0} seats"),
            };
            if zh {
                format!("{year}年秋起 {school} 扩建 {what}")
            } else {
                format!("from fall {year}: add {what} to {school}")
            }
        }
        Action::Open {
            year,
            name,
            grades,
            entry_share,
            ..
        } => {
            let pct = entry_share * 100.0;
            if zh {
                format!(
                    "{year}年秋 新建 {name}（{}–{} 年级，招收片区 {pct:.0}% 新生）",
                    grades[0], grades[1]
                )
            } else {
                format!(
                    "fall {year}: open {name} (grades {}–{}, {pct:.0}% of the area's entrants)",
                    grades[0], grades[1]
                )
            }
        }
        Action::Feeder { year, school, to } => {
            if zh {
                format!("{year}年秋起 {school} 毕业生升入 {to}")
            } else {
                format!("from fall {year}: {school} feeds {to}")
            }
        }
        Action::EntryShare { year, school, pct } => {
            if zh {
                format!("{year}年秋起 {school} 招生比例调为原来的 {pct:.0}%")
            } else {
                format!("from fall {year}: {school} takes {pct:.0}% of its usual entrants")
            }
        }
        Action::GradeSpan {
            year,
            school,
            grades,
            ..
        } => {
            if zh {
                format!(
                    "{year}年秋起 {school} 改为 {}–{} 年级",
                    grades[0], grades[1]
                )
            } else {
                format!(
                    "from fall {year}: {school} teaches grades {}–{}",
                    grades[0], grades[1]
                )
            }
        }
        Action::Housing {
            year,
            name,
            dwellings,
            years_to_full,
            ..
        } => {
            let n = crate::i18n::thousands(dwellings.round() as i64);
            if zh {
                format!("{year}年秋起 新建小区“{name}” {n} 户入住（{years_to_full:.0} 年住满）")
            } else {
                format!(
                    "from fall {year}: new housing {name}, {n} dwellings (full in {years_to_full:.0} years)"
                )
            }
        }
        Action::Resources { year, school, add } => {
            let parts = resource_parts(add, zh);
            if zh {
                format!("{year}年秋起 {school} 补齐办学条件：{}", parts.join("，"))
            } else {
                format!("from fall {year}: {school} gets {}", parts.join(", "))
            }
        }
    }
}

/// "校舍 1,200 m²，体育教师 1 人" / "1,200 m² of floor, 1 PE teacher".
fn resource_parts(r: &crate::engine::plan::Resources, zh: bool) -> Vec<String> {
    use crate::i18n::thousands;
    let n = |v: f64| thousands(v.round() as i64);
    let items: [(f64, &str, &str); 8] = [
        (r.floor_m2, "校舍 {} m²", "{} m² of floor"),
        (r.sports_m2, "运动场馆 {} m²", "{} m² of sports ground"),
        (r.equipment_yuan, "仪器设备 {} 元", "{} 元 of equipment"),
        (
            r.multimedia_rooms,
            "多媒体教室 {} 间",
            "{} multimedia classrooms",
        ),
        (r.pe_teachers, "体育教师 {} 人", "{} PE teachers"),
        (r.arts_teachers, "艺术教师 {} 人", "{} art teachers"),
        (
            r.qualification_upgrades,
            "学历提升 {} 人",
            "{} teachers' qualifications raised",
        ),
        (
            r.backbone_trained,
            "培养骨干 {} 人",
            "{} teachers trained as 骨干",
        ),
    ];
    let parts: Vec<String> = items
        .iter()
        .filter(|(v, _, _)| *v > 0.0)
        .map(|(v, z, e)| (if zh { z } else { e }).replace("{}", &n(*v)))
        .collect();
    if parts.is_empty() {
        vec![if zh { "无" } else { "nothing" }.to_string()]
    } else {
        parts
    }
}

/// A plan's figures as labelled, formatted rows: the CLI, the Compare tab
/// and the workbook show these same lines.
pub fn figure_rows(f: &PlanFigures, lang: Lang) -> Vec<(&'static str, String)> {
    use crate::i18n::thousands;
    let int = |x: f64| thousands(x.round() as i64);
    let km = |x: Option<f64>| x.map_or("—".to_string(), |k| format!("{k:.1} km"));
    let yuan = match lang {
        Lang::Zh => format!("{:.0} 万元", f.cost / 10_000.0),
        Lang::En => format!("¥{}", int(f.cost)),
    };
    // Seats judged only where capacity is known: "容量未知" where no
    // school's is, the count of those known where some are.
    let seats = |v: String| match (f.capacity_known, lang) {
        (0, _) => lang.pick("容量未知", "capacity unknown").to_string(),
        (k, Lang::Zh) if k < f.schools => format!("{v}（仅 {k}/{} 所学校容量已知）", f.schools),
        (k, Lang::En) if k < f.schools => {
            format!("{v} (capacity known for {k} of {} schools)", f.schools)
        }
        _ => v,
    };
    vec![
        (
            lang.pick("学位缺口（座位·年）", "seat-years short"),
            seats(int(f.seat_years_short)),
        ),
        (
            lang.pick("峰值年超容量学校", "schools over capacity at peak"),
            seats(f.schools_over_at_peak.to_string()),
        ),
        (
            lang.pick("期末小规模学校", "small schools left at the end"),
            f.small_schools_left.to_string(),
        ),
        (
            lang.pick("撤并学校", "schools merged"),
            f.merges.to_string(),
        ),
        (
            lang.pick("新建教室", "classrooms to build"),
            int(f.classrooms_built),
        ),
        (lang.pick("投资估算", "cost"), yuan),
        (
            lang.pick("平均增加上学距离", "mean added travel"),
            km(f.mean_added_km),
        ),
        (
            lang.pick("最大增加上学距离", "longest added travel"),
            km(f.max_added_km),
        ),
        (
            lang.pick("峰值年大班额学校", "schools with oversized classes at peak"),
            seats(f.oversized_class_schools_at_peak.to_string()),
        ),
        (
            lang.pick(
                "优质均衡补齐投入（一次性 / 每年）",
                "优质均衡 resources (once / a year)",
            ),
            match lang {
                Lang::Zh => format!(
                    "{:.0} / {:.0} 万元",
                    f.resources_once / 10_000.0,
                    f.resources_yearly / 10_000.0
                ),
                Lang::En => format!("¥{} / ¥{}", int(f.resources_once), int(f.resources_yearly)),
            },
        ),
    ]
}

/// The actions set aside because they name schools the data does not
/// have: one warning, each action by its number and the school missing
/// (empty where none was set aside).
pub fn set_aside_lines(aside: &[crate::engine::plan::SetAside], lang: Lang) -> String {
    if aside.is_empty() {
        return String::new();
    }
    let items: Vec<String> = aside
        .iter()
        .map(|a| match lang {
            Lang::Zh => format!("第 {} 项（找不到学校“{}”）", a.number, a.missing),
            Lang::En => format!("no. {} (no school \"{}\")", a.number, a.missing),
        })
        .collect();
    match lang {
        Lang::Zh => format!(
            "警告：{} 项措施不适用于当前数据，已暂时搁置，其余措施照常计算：{}\n",
            aside.len(),
            items.join("，")
        ),
        Lang::En => format!(
            "warning: {} action(s) set aside, as they name schools these files do not have; the rest of the plan ran: {}\n",
            aside.len(),
            items.join(", ")
        ),
    }
}
