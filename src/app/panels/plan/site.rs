//! A new school's site checked: the schools within reach of it, by road or
//! in a straight line, and the answer drawn under the form.

use super::*;

/// The check of the form's new-school site, worked out again only when the
/// result, the site, the grades or the year change. In a straight line it
/// is worked out here at once; by road it is a search of its own (tens of
/// milliseconds on a county's roads), asked of the background, and the
/// last check stands until it comes (the flag says so: true, not current).
pub(super) fn site_check<'a>(
    site_state: &'a mut SiteState,
    f: &Form,
    cx: &mut Cx<'_>,
    lonlat: bool,
) -> Option<(&'a SiteCheck, bool)> {
    let c = cx.computed?;
    let site = form_site(f, lonlat, roster_datum(cx));
    let bits = match site {
        Coords::LonLat { lon: x, lat: y } | Coords::Km { x, y } => [x.to_bits(), y.to_bits()],
    };
    let key = (c.generation, bits, [f.lo, f.hi], f.year);
    let current = site_state.done.as_ref().is_some_and(|(k, _)| *k == key);
    if !current {
        let o = &c.outcome;
        let by_road = lonlat && o.dataset.roads.as_ref().is_some_and(|r| r.graph.is_some());
        if by_road {
            if site_state.asked != Some(key) {
                site_state.asked = Some(key);
                cx.commands.push(Command::CheckSite(
                    crate::app::background::one_off::SiteRequest {
                        key,
                        site,
                        grades: [f.lo, f.hi],
                        year: f.year,
                    },
                ));
            }
        } else {
            let check = crate::engine::plan::check_site(
                &o.dataset,
                &o.plan,
                &o.scenario.planner,
                site,
                [f.lo, f.hi],
                f.year,
            );
            site_state.done = Some((key, check));
        }
    }
    let current = site_state.done.as_ref().is_some_and(|(k, _)| *k == key);
    site_state.done.as_ref().map(|(_, c)| (c, !current))
}

/// A distance as shown: "2.4 km by road, 36 min" / "2.4 km straight".
pub(super) fn link_text(l: &SiteLink, lang: Lang) -> String {
    match (lang, l.by_road) {
        (Lang::Zh, true) => format!("道路 {:.1} 公里，约 {:.0} 分钟", l.km, l.minutes),
        (Lang::Zh, false) => format!("直线 {:.1} 公里，约 {:.0} 分钟", l.km, l.minutes),
        (Lang::En, true) => format!("{:.1} km by road, about {:.0} min", l.km, l.minutes),
        (Lang::En, false) => format!("{:.1} km straight, about {:.0} min", l.km, l.minutes),
    }
}

/// A new school's site against its service radius: the nearest school
/// already teaching its grades, and each new estate of the plan, with
/// whether it is within the radius (by road where an extract was opened).
pub(super) fn site_check_ui(
    ui: &mut egui::Ui,
    check: &SiteCheck,
    measuring: bool,
    planner: &PlannerSettings,
    lang: Lang,
) {
    if measuring {
        measuring_ui(
            ui,
            lang.pick(
                "正在按道路测算新校址（下为上一个位置的结果）…",
                "Measuring the new site by road (the last place's check below)…",
            ),
        );
    }
    let radius = check.radius_km;
    let how = if planner.transport {
        lang.pick("校车", "by school bus")
    } else {
        lang.pick("步行", "on foot")
    };
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "选址检查（{}，服务半径 {radius:.1} 公里，{how}）：",
                check.level.name(lang)
            ),
            Lang::En => format!(
                "The site ({}, service radius {radius:.1} km, {how}):",
                check.level.name(lang)
            ),
        })
        .weak(),
    );
    if let Some(n) = &check.nearest {
        ui.label(match lang {
            Lang::Zh => format!("  最近的同学段学校 {}：{}", n.name, link_text(n, lang)),
            Lang::En => format!(
                "  nearest school of these grades, {}: {}",
                n.name,
                link_text(n, lang)
            ),
        });
    }
    if check.estates.is_empty() {
        ui.label(
            RichText::new(lang.pick(
                "  方案中没有标了位置的新建小区。",
                "  The plan has no new housing with a location.",
            ))
            .weak(),
        );
    }
    for e in &check.estates {
        let text = match (lang, e.within) {
            (Lang::Zh, true) => format!(
                "  新建小区 {}：{}，在服务半径内",
                e.name,
                link_text(e, lang)
            ),
            (Lang::Zh, false) => format!(
                "  新建小区 {}：{}，超出服务半径",
                e.name,
                link_text(e, lang)
            ),
            (Lang::En, true) => format!(
                "  new housing {}: {}, within the service radius",
                e.name,
                link_text(e, lang)
            ),
            (Lang::En, false) => format!(
                "  new housing {}: {}, beyond the service radius",
                e.name,
                link_text(e, lang)
            ),
        };
        within_ui(ui, text, e.within);
    }
}

/// Where a new estate's pupils would go from the place typed or clicked:
/// each school with how far, and whether within its own service radius.
pub(super) fn receivers_ui(ui: &mut egui::Ui, check: &SiteCheck, measuring: bool, lang: Lang) {
    if measuring {
        measuring_ui(
            ui,
            lang.pick(
                "正在按道路测算（下为上一个位置的结果）…",
                "Measuring by road (the last place's answer below)…",
            ),
        );
    }
    if check.receivers.is_empty() {
        ui.weak(lang.pick(
            "附近没有带坐标的学校可接收这里的学生。",
            "No school with coordinates would take pupils from here.",
        ));
        return;
    }
    ui.weak(lang.pick("此处小区的学生将就读：", "Pupils from here would go to:"));
    for l in &check.receivers {
        let text = match (lang, l.within) {
            (Lang::Zh, true) => format!("  {}：{}，在其服务半径内", l.name, link_text(l, lang)),
            (Lang::Zh, false) => format!("  {}：{}，超出其服务半径", l.name, link_text(l, lang)),
            (Lang::En, true) => format!(
                "  {}: {}, within its service radius",
                l.name,
                link_text(l, lang)
            ),
            (Lang::En, false) => format!(
                "  {}: {}, beyond its service radius",
                l.name,
                link_text(l, lang)
            ),
        };
        within_ui(ui, text, l.within);
    }
}

/// A distance's line, in red when beyond the radius.
pub(super) fn within_ui(ui: &mut egui::Ui, text: String, within: bool) {
    if within {
        ui.label(text);
    } else {
        ui.colored_label(egui::Color32::from_rgb(0xa0, 0x10, 0x10), text);
    }
}

/// "Measuring by road…" with a spinner, while a site check is under way.
pub(super) fn measuring_ui(ui: &mut egui::Ui, text: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.weak(text);
    });
}
