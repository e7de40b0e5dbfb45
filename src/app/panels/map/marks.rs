//! What the map draws over the schools: the plan's marks (merge arrows,
//! new-school stars, expanded rings, housing), a new school's site, the
//! selected school's radius and the schools' tooltips.

use super::*;

/// The plan's marks: merges as arrows with their distances, new and
/// expanded schools.
#[derive(Default)]
pub(super) struct PlanMarks {
    pub(super) from: Vec<[f64; 2]>,
    pub(super) to: Vec<[f64; 2]>,
    /// Each arrow's middle, its length in km, and whether by road.
    pub(super) distances: Vec<([f64; 2], f64, bool)>,
    pub(super) new: Vec<[f64; 2]>,
    pub(super) expanded: Vec<[f64; 2]>,
    /// New housing: its place, and a line to each school its pupils go to.
    pub(super) housing: Vec<[f64; 2]>,
    pub(super) housing_links: Vec<([f64; 2], [f64; 2])>,
}

/// The place being entered: its mark, its radius, and a line to each place
/// it is checked against.
pub(super) fn site_ui(plot: &mut egui_plot::PlotUi<'_>, site: &Site, lonlat: bool) {
    let colour = if site.housing {
        egui::Color32::from_rgb(0xe0, 0x7a, 0x10)
    } else {
        egui::Color32::from_rgb(0x1f, 0x6f, 0xb4)
    };
    let at = point(site.at);
    if let Some(km) = site.radius_km {
        plot.line(
            Line::new(site.label.clone(), circle(at, km, lonlat))
                .color(colour)
                .style(LineStyle::dashed_loose()),
        );
    }
    for l in &site.links {
        plot.line(
            Line::new(site.label.clone(), vec![at, point(*l)])
                .color(colour)
                .style(LineStyle::dotted_dense()),
        );
    }
    plot.points(
        Points::new(site.label.clone(), vec![at])
            .shape(if site.housing {
                MarkerShape::Diamond
            } else {
                MarkerShape::Asterisk
            })
            .filled(true)
            .radius(12.0)
            .color(colour),
    );
}

impl PlanMarks {
    /// The plan on the map: an arrow from each merged school to each
    /// receiver with its distance, new schools as stars, expanded schools
    /// ringed.
    pub(super) fn new(o: &crate::engine::Outcome, placed: &[(usize, [f64; 2])]) -> PlanMarks {
        let d = &o.dataset;
        // Each school's point, looked up by index (a plan can move thousands).
        let mut point_of: Vec<Option<[f64; 2]>> = vec![None; d.schools.len()];
        for (i, p) in placed {
            if let Some(slot) = point_of.get_mut(*i) {
                *slot = Some(*p);
            }
        }
        let at = |s: usize| point_of.get(s).copied().flatten();
        let mut marks = PlanMarks::default();
        for m in &o.plan.moves {
            for &(r, _) in &m.to {
                if let (Some(a), Some(b)) = (at(m.school), at(r)) {
                    marks.from.push(a);
                    marks.to.push(b);
                    if let Some((km, road)) = d.travel_km(m.school, r, o.scenario.planner.mode()) {
                        let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
                        marks.distances.push((mid, km, road));
                    }
                }
            }
        }
        let base = o.projection.base_year;
        marks.new = (0..d.schools.len())
            .filter(|&s| d.schools[s].opened.is_some_and(|y| y > base))
            .filter_map(at)
            .collect();
        marks.expanded = o
            .plan
            .capacity
            .iter()
            .filter(|c| !c.closes && (c.classrooms > 0.0 || c.seats > 0.0))
            .filter_map(|c| at(c.school))
            .collect();
        let lonlat = placed
            .first()
            .and_then(|(i, _)| d.schools[*i].coords)
            .is_some_and(|c| matches!(c, Coords::LonLat { .. }));
        for dev in &o.plan.developments {
            let Some(c) = dev
                .coords
                .filter(|c| matches!(c, Coords::LonLat { .. }) == lonlat)
            else {
                continue;
            };
            let p = point(c);
            marks.housing.push(p);
            let mut to: Vec<usize> = dev.school_of_slot.iter().flatten().copied().collect();
            to.sort_unstable();
            to.dedup();
            marks
                .housing_links
                .extend(to.into_iter().filter_map(at).map(|s| (p, s)));
        }
        marks
    }

    pub(super) fn ui(&self, plot: &mut egui_plot::PlotUi<'_>, lang: Lang) {
        let purple = egui::Color32::from_rgb(0x60, 0x30, 0x90);
        for (mid, km, road) in &self.distances {
            let text = match (road, lang) {
                (true, Lang::Zh) => format!("道路 {km:.1} km"),
                (true, Lang::En) => format!("{km:.1} km by road"),
                (false, _) => format!("{km:.1} km"),
            };
            plot.text(
                Text::new(
                    lang.pick("撤并", "merges"),
                    PlotPoint::new(mid[0], mid[1]),
                    text,
                )
                .color(purple),
            );
        }
        if !self.from.is_empty() {
            plot.arrows(
                Arrows::new(
                    lang.pick("撤并", "merges"),
                    self.from.clone(),
                    self.to.clone(),
                )
                .color(purple)
                .tip_length(12.0),
            );
        }
        if !self.new.is_empty() {
            plot.points(
                Points::new(lang.pick("新建学校", "new schools"), self.new.clone())
                    .shape(MarkerShape::Asterisk)
                    .radius(10.0)
                    .color(egui::Color32::from_rgb(0x1f, 0x6f, 0xb4)),
            );
        }
        if !self.housing.is_empty() {
            let orange = egui::Color32::from_rgb(0xe0, 0x7a, 0x10);
            let name = lang.pick("新建小区", "new housing");
            for (a, b) in &self.housing_links {
                plot.line(
                    Line::new(name, vec![*a, *b])
                        .color(orange)
                        .style(LineStyle::dashed_dense()),
                );
            }
            plot.points(
                Points::new(name, self.housing.clone())
                    .shape(MarkerShape::Diamond)
                    .filled(true)
                    .radius(9.0)
                    .color(orange),
            );
        }
        if !self.expanded.is_empty() {
            plot.points(
                Points::new(
                    lang.pick("扩建学校", "expanded schools"),
                    self.expanded.clone(),
                )
                .shape(MarkerShape::Square)
                .filled(false)
                .radius(14.0)
                .color(egui::Color32::from_rgb(0x1a, 0x7f, 0x37)),
            );
        }
    }
}

/// A circle of `km` around a point, in the map's units (degrees are scaled
/// by the latitude so the circle is round on the ground).
pub(super) fn circle(centre: [f64; 2], km: f64, lonlat: bool) -> Vec<[f64; 2]> {
    let (rx, ry) = if lonlat {
        let lat = centre[1].to_radians().cos().max(0.1);
        (km / (111.32 * lat), km / 111.32)
    } else {
        (km, km)
    };
    (0..=72)
        .map(|k| {
            let a = k as f64 / 72.0 * std::f64::consts::TAU;
            [centre[0] + rx * a.cos(), centre[1] + ry * a.sin()]
        })
        .collect()
}

/// The selected school: its service radius and a ring around its dot.
pub(super) fn selected_ui(
    plot: &mut egui_plot::PlotUi<'_>,
    pupils: f64,
    p: [f64; 2],
    km: f64,
    lonlat: bool,
    lang: Lang,
) {
    plot.line(
        Line::new(
            match lang {
                Lang::Zh => format!("服务半径 {km:.0} 公里"),
                Lang::En => format!("service radius {km:.0} km"),
            },
            circle(p, km, lonlat),
        )
        .color(egui::Color32::from_rgb(0x1f, 0x6f, 0xb4))
        .style(LineStyle::dashed_loose()),
    );
    plot.points(
        Points::new(lang.pick("所选学校", "selected"), vec![p])
            .radius(radius(pupils) + 4.0)
            .shape(MarkerShape::Circle)
            .filled(false)
            .color(egui::Color32::BLACK),
    );
}

/// A school's tooltip: its name, level and area, pupils, capacity and peak.
pub(super) fn school_tip_ui(
    ui: &mut egui::Ui,
    s: &crate::model::School,
    sum: &crate::engine::outcome::SchoolSummary,
    lang: Lang,
) {
    ui.strong(&s.name);
    ui.label(format!(
        "{} · {}",
        s.level.name(lang),
        s.area.as_deref().unwrap_or("—")
    ));
    ui.label(match lang {
        Lang::Zh => format!(
            "现有 {} 人；容量 {}；峰值 {} 人（{} 年）",
            thousands(sum.pupils_now.round() as i64),
            sum.capacity
                .map_or("—".into(), |c| thousands(c.round() as i64)),
            thousands(sum.peak.round() as i64),
            sum.peak_year
        ),
        Lang::En => format!(
            "{} pupils now; capacity {}; peak {} in {}",
            thousands(sum.pupils_now.round() as i64),
            sum.capacity
                .map_or("—".into(), |c| thousands(c.round() as i64)),
            thousands(sum.peak.round() as i64),
            sum.peak_year
        ),
    });
    ui.colored_label(warning_color(sum.warning), warning_name(sum.warning, lang));
}
