//! The Map tab: schools at their roster coordinates, sized by pupils and
//! coloured by warning level. Hovering names a school with its figures;
//! clicking selects it. On longitude/latitude maps a basemap may lie
//! under them (`app::basemap`), and the areas' boundaries.

use super::{Computed, Cx, Panel, Tab};
use crate::app::commands::Command;
use crate::app::style::{warning_color, warning_name};
use crate::engine::outcome::Warning;
use crate::i18n::{Lang, thousands};
use crate::model::Coords;
use eframe::egui::{self, RichText};
use egui_plot::{Arrows, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoint, Points, Text};
mod areas;
use areas::*;
mod marks;
use marks::*;

/// The tab, holding the map's points for the projection they were laid
/// out from (a province has tens of thousands of schools: they are sorted
/// into series once per result, not every frame).
#[derive(Default)]
pub struct Map {
    /// The plot's id (None: "map", the Map tab's).
    id: Option<&'static str>,
    /// The extent the plot was last reset to: new data with another extent
    /// resets the view (else the plot keeps where it was).
    shown: Option<[f64; 4]>,
    layout: Option<(u64, Layout)>,
    /// The choropleth (on unless turned off): shade the areas by seats
    /// short or spare, of a level (None: all) in a year (None: the base
    /// year + 5).
    shade_off: bool,
    shade_level: Option<crate::grades::Level>,
    shade_year: Option<i32>,
    /// Each boundary's (short, spare) for the shading chosen, by
    /// (generation, level, year).
    shades: Option<(ShadeKey, Vec<AreaBalance>)>,
    /// The boundaries as drawn, by the boundaries they were worked out for
    /// (their address) and the zoom step: once per file and zoom, not per
    /// recompute or frame.
    fills: Option<((usize, i32), Vec<AreaFill>)>,
    /// Each boundary's label point and room, by the boundaries' address:
    /// once per file, whatever the zoom.
    labels: Option<(usize, Vec<Option<crate::places::areas::LabelPoint>>)>,
    /// Map units per pixel in the last frame drawn.
    per_pixel: Option<f64>,
    /// The plot's transform in the last frame drawn (map units to screen).
    transform: Option<egui_plot::PlotTransform>,
}

/// What a choropleth was worked out for: (generation, level, year).
type ShadeKey = (u64, Option<crate::grades::Level>, i32);

/// Where every school goes, and the series drawn.
struct Layout {
    /// Whether the map is in degrees (else km).
    lonlat: bool,
    /// The y/x scale that keeps the map's shape.
    aspect: f32,
    /// Schools placed on the map, with their points.
    placed: Vec<(usize, [f64; 2])>,
    /// What the map shows until the planner pans or zooms (double-click
    /// goes back): the schools and areas with a margin, [x0, y0, x1, y1].
    /// Fixed, so that what is drawn over them (a radius, a site, tiles)
    /// does not move the view.
    extent: [f64; 4],
    /// One series per (warning, size class) that has schools.
    series: Vec<(Warning, usize, Vec<[f64; 2]>)>,
    plan: PlanMarks,
}

/// Schools counted by their kind of coordinates: (lon/lat, km).
fn coordinate_counts(d: &crate::model::Dataset) -> (usize, usize) {
    d.schools.iter().fold((0, 0), |(l, k), s| match s.coords {
        Some(Coords::LonLat { .. }) => (l + 1, k),
        Some(Coords::Km { .. }) => (l, k + 1),
        None => (l, k),
    })
}

impl Layout {
    fn new(o: &crate::engine::Outcome) -> Layout {
        let d = &o.dataset;
        let (lonlat, km) = coordinate_counts(d);
        let use_lonlat = lonlat > km;
        let placed: Vec<(usize, [f64; 2])> = d
            .schools
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let c = s.coords?;
                (matches!(c, Coords::LonLat { .. }) == use_lonlat).then(|| (i, point(c)))
            })
            .collect();
        let aspect = if use_lonlat && !placed.is_empty() {
            let lat = placed.iter().map(|(_, p)| p[1]).sum::<f64>() / placed.len() as f64;
            (1.0 / lat.to_radians().cos().max(0.1)) as f32
        } else {
            1.0
        };
        let mut series = Vec::new();
        for w in WARNINGS {
            for size in 0..8 {
                let pts: Vec<[f64; 2]> = placed
                    .iter()
                    .filter(|(i, _)| {
                        let s = &o.schools[*i];
                        s.warning == w && size_class(s.pupils_now) == size
                    })
                    .map(|(_, p)| *p)
                    .collect();
                if !pts.is_empty() {
                    series.push((w, size, pts));
                }
            }
        }
        let plan = PlanMarks::new(o, &placed);
        let mut extent = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut take = |p: &[f64; 2]| {
            if p[0].is_finite() && p[1].is_finite() {
                extent = [
                    extent[0].min(p[0]),
                    extent[1].min(p[1]),
                    extent[2].max(p[0]),
                    extent[3].max(p[1]),
                ];
            }
        };
        placed.iter().for_each(|(_, p)| take(p));
        if use_lonlat {
            d.boundaries
                .iter()
                .flat_map(|b| &b.polygons)
                .filter_map(|rings| rings.first())
                .flatten()
                .for_each(&mut take);
        }
        // A margin of 5 % a side, and at least a little room round one school.
        let least = if use_lonlat { 0.01 } else { 1.0 };
        let (w, h) = (
            (extent[2] - extent[0]).max(least),
            (extent[3] - extent[1]).max(least),
        );
        let (cx, cy) = ((extent[0] + extent[2]) / 2.0, (extent[1] + extent[3]) / 2.0);
        let extent = [cx - w * 0.55, cy - h * 0.55, cx + w * 0.55, cy + h * 0.55];
        Layout {
            lonlat: use_lonlat,
            aspect,
            placed,
            extent,
            series,
            plan,
        }
    }
}

/// The warnings in the legend's order.
const WARNINGS: [Warning; 6] = Warning::ALL;

/// A school's point: x, y in the roster's units.
fn point(c: Coords) -> [f64; 2] {
    match c {
        Coords::Km { x, y } => [x, y],
        Coords::LonLat { lon, lat } => [lon, lat],
    }
}

/// Marker radius for a school of `pupils` (area grows with pupils).
fn radius(pupils: f64) -> f32 {
    (2.0 + pupils.max(0.0).sqrt() / 3.0).min(22.0) as f32
}

/// What another tab adds to the map: the Plan tab draws the place being
/// entered in its form, and picks it with a click.
#[derive(Default)]
pub struct Extras {
    pub site: Option<Site>,
    /// A click on the map picks its point (the canvas answers it) instead
    /// of opening the school under the pointer.
    pub pick: bool,
}

/// A place being entered: a new school's site or a new estate.
pub struct Site {
    pub at: Coords,
    pub label: String,
    /// A new estate (a diamond), else a new school (a star).
    pub housing: bool,
    /// The service radius drawn round it, km.
    pub radius_km: Option<f64>,
    /// Where a line goes from it: the schools or estates it is checked against.
    pub links: Vec<Coords>,
}

impl Map {
    /// A map for another tab: the plot under its own id, areas outlined
    /// but not shaded.
    pub fn compact(id: &'static str) -> Map {
        Map {
            id: Some(id),
            shade_off: true,
            ..Map::default()
        }
    }

    /// Where a point of the map (longitude/latitude, or km) was drawn on
    /// the screen in the last frame.
    pub fn screen_position(&self, x: f64, y: f64) -> Option<egui::Pos2> {
        self.transform
            .as_ref()
            .map(|t| t.position_from_point(&PlotPoint::new(x, y)))
    }

    /// Lay the map out for this result (once per result). Whether any
    /// school has coordinates to be drawn, and the map's units.
    pub fn refresh(
        &mut self,
        computed: &crate::app::background::results::Computed,
    ) -> Option<bool> {
        if !matches!(&self.layout, Some((g, _)) if *g == computed.generation) {
            self.layout = Some((computed.generation, Layout::new(&computed.outcome)));
        }
        let (_, l) = self.layout.as_ref()?;
        (!l.placed.is_empty()).then_some(l.lonlat)
    }

    /// The layers kept between frames, worked out again when their inputs
    /// change: the areas' shading for the year shown, their labels, and
    /// their outlines simplified for the zoom. Returns the shading's year.
    fn refresh_layers(
        &mut self,
        ui: &egui::Ui,
        o: &crate::engine::Outcome,
        generation: u64,
        boundaries: bool,
    ) -> i32 {
        let d = &o.dataset;
        let base = o.projection.base_year;
        let last = base + o.projection.horizon as i32;
        let shade_year = self.shade_year.unwrap_or((base + 5).min(last));
        let key = (generation, self.shade_level, shade_year);
        if boundaries && !self.shade_off && self.shades.as_ref().is_none_or(|(k, _)| *k != key) {
            self.shades = Some((key, area_balance(o, self.shade_level, shade_year)));
        }
        // The zoom of the last frame (before the first: the whole extent
        // across the plot's width) decides how far outlines are simplified.
        let per_pixel = self.per_pixel.unwrap_or_else(|| {
            let e = self
                .layout
                .as_ref()
                .map_or([0.0, 0.0, 1.0, 1.0], |(_, l)| l.extent);
            (e[2] - e[0]) / f64::from(ui.available_width().max(1.0))
        });
        let key = (d.boundaries.as_ptr() as usize, zoom_step(per_pixel));
        if boundaries && self.labels.as_ref().is_none_or(|(k, _)| *k != key.0) {
            let labels = d
                .boundaries
                .iter()
                .map(|b| b.label.or_else(|| b.label_point()))
                .collect();
            self.labels = Some((key.0, labels));
        }
        if boundaries && self.fills.as_ref().is_none_or(|(k, _)| *k != key) {
            let labels = self.labels.as_ref().map_or(&[][..], |(_, l)| l.as_slice());
            self.fills = Some((key, area_fills(d, key.1, labels)));
        }
        shade_year
    }

    /// The plot: basemap, boundaries (shaded as chosen), schools, the
    /// plan's marks, the selection and the extras. Hovering names a
    /// school; a click opens it, or with `extras.pick` answers the point
    /// clicked. Call [`Map::refresh`] first.
    pub fn canvas_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut Cx<'_>,
        extras: &Extras,
    ) -> Option<Coords> {
        let lang = cx.lang;
        let computed = cx.computed?;
        let o = &computed.outcome;
        let d = &o.dataset;
        let use_lonlat = self.layout.as_ref()?.1.lonlat;
        let boundaries = use_lonlat && !d.boundaries.is_empty();
        let shade_year = self.refresh_layers(ui, o, computed.generation, boundaries);
        let shades: Option<&Vec<AreaBalance>> = self
            .shades
            .as_ref()
            .filter(|_| boundaries && !self.shade_off)
            .map(|(_, v)| v);
        let most = shades.map_or(1.0, |v| {
            v.iter().map(|a| a.short.max(a.spare)).fold(1.0, f64::max)
        });
        let fills: &[AreaFill] = self.fills.as_ref().map_or(&[], |(_, f)| f.as_slice());
        let (_, layout) = self.layout.as_ref()?;
        let (aspect, placed, extent) = (layout.aspect, &layout.placed, layout.extent);
        let selected = cx.selected();
        let basemap = &mut *cx.basemap;
        let width = ui.available_width();
        // The first view and a double-click's reset fit every school and
        // area: the extent widened to the plot's shape, so that keeping
        // the map's aspect never cuts the north and south off.
        let fit = fit_extent(extent, aspect, ui.available_size());
        // The mouse wheel zooms about the pointer, as maps do (egui_plot
        // would pan with it); dragging pans.
        let wheel = ui.input(|i| i.smooth_scroll_delta.y);
        let mut plot = Plot::new(self.id.unwrap_or("map"))
            .data_aspect(aspect)
            .allow_scroll(false)
            .default_x_bounds(fit[0], fit[2])
            .default_y_bounds(fit[1], fit[3]);
        if self.shown != Some(extent) {
            plot = plot.reset();
        }
        // A double-click on a school opens it; only elsewhere does it
        // reset the view (as last drawn: where the pointer is now).
        let over_school = ui
            .input(|i| i.pointer.hover_pos())
            .zip(self.transform.as_ref())
            .and_then(|(pos, t)| school_at(placed, o, t, pos))
            .is_some();
        plot = plot.allow_double_click_reset(!over_school);
        let visuals = ui.visuals().clone();
        let response = plot
            .legend(Legend::default().follow_insertion_order(true))
            .show_grid(false)
            .x_axis_label(lang.pick(
                if use_lonlat {
                    "经度"
                } else {
                    "X（公里）"
                },
                if use_lonlat { "longitude" } else { "X (km)" },
            ))
            .y_axis_label(lang.pick(
                if use_lonlat {
                    "纬度"
                } else {
                    "Y（公里）"
                },
                if use_lonlat { "latitude" } else { "Y (km)" },
            ))
            .show(ui, |plot| {
                if wheel != 0.0 && plot.response().hovered() {
                    let factor = (wheel / 200.0).exp();
                    plot.zoom_bounds_around_hovered(egui::Vec2::splat(factor));
                }
                if use_lonlat {
                    basemap.tiles_ui(plot, width);
                }
                let labels = if boundaries {
                    boundaries_ui(plot, d, fills, shades, most, lang)
                } else {
                    Vec::new()
                };
                // One series per (warning, size class): few plot items even
                // with thousands of schools.
                for (w, size, pts) in &layout.series {
                    plot.points(
                        Points::new(warning_name(*w, lang), pts.clone())
                            .radius(radius(class_pupils(*size)))
                            .shape(MarkerShape::Circle)
                            .filled(true)
                            .color(warning_color(*w).gamma_multiply(0.8)),
                    );
                }
                area_labels_ui(plot, labels, &visuals);
                layout.plan.ui(plot, lang);
                if let Some((i, p)) = selected.and_then(|s| placed.iter().find(|(i, _)| *i == s)) {
                    let km = cx.state.scenario.planner.radius_km(d.schools[*i].level);
                    selected_ui(plot, o.schools[*i].pupils_now, *p, km, use_lonlat, lang);
                }
                if let Some(site) = &extras.site
                    && matches!(site.at, Coords::LonLat { .. }) == use_lonlat
                {
                    site_ui(plot, site, use_lonlat);
                }
            });
        self.shown = Some(extent);
        if use_lonlat {
            basemap.attribution_ui(ui, response.response.rect, lang);
        }
        let t = response.transform;
        self.per_pixel = Some(t.dvalue_dpos()[0].abs());
        self.transform = Some(t);
        if extras.pick {
            if response.response.hovered() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
            }
            if response.response.clicked()
                && let Some(pos) = response.response.interact_pointer_pos()
            {
                let p = t.value_from_position(pos);
                return Some(if use_lonlat {
                    Coords::LonLat { lon: p.x, lat: p.y }
                } else {
                    Coords::Km { x: p.x, y: p.y }
                });
            }
        }
        // The school under the pointer: the nearest dot within its radius (+4 px).
        let hovered = response
            .response
            .hover_pos()
            .and_then(|pos| school_at(placed, o, &t, pos));
        if let Some(i) = hovered {
            let (s, sum) = (&d.schools[i], &o.schools[i]);
            response
                .response
                .clone()
                .on_hover_ui_at_pointer(|ui| school_tip_ui(ui, s, sum, lang));
            if response.response.clicked() && !extras.pick {
                cx.send(Command::OpenSchool(i));
            }
        } else if boundaries && let Some(pos) = response.response.hover_pos() {
            // The area under the pointer: its name, its schools, and what
            // its shading stands for (or why it is neutral).
            let p = t.value_from_position(pos);
            if let Some(k) = fills.iter().position(|a| a.holds([p.x, p.y]))
                && let Some(b) = d.boundaries.get(k)
            {
                let balance = shades.and_then(|v| v.get(k)).copied();
                let schools = d
                    .schools
                    .iter()
                    .filter(|s| s.area.as_deref() == Some(b.name.as_str()))
                    .count();
                response.response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.strong(&b.name);
                    for line in area_lines(schools, balance, shade_year, b.crossed, lang) {
                        ui.label(line);
                    }
                });
            }
        }
        None
    }
}

/// The school under a screen position: the nearest dot within its radius
/// (+4 px).
fn school_at(
    placed: &[(usize, [f64; 2])],
    o: &crate::engine::Outcome,
    t: &egui_plot::PlotTransform,
    pos: egui::Pos2,
) -> Option<usize> {
    placed
        .iter()
        .map(|(i, p)| {
            let sp = t.position_from_point(&PlotPoint::new(p[0], p[1]));
            (*i, sp.distance(pos))
        })
        .filter(|(i, dist)| {
            o.schools
                .get(*i)
                .is_some_and(|s| *dist <= radius(class_pupils(size_class(s.pupils_now))) + 4.0)
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

impl Panel for Map {
    fn id(&self) -> Tab {
        Tab::Map
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("地图", "Map")
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, computed: &Computed) {
        let lang = cx.lang;
        let Some(use_lonlat) = self.refresh(computed) else {
            ui.add_space(20.0);
            ui.label(
                RichText::new(lang.pick(
                    "学校名册没有坐标，无法显示地图。",
                    "The school roster has no coordinates, so there is no map.",
                ))
                .heading(),
            );
            ui.label(lang.pick(
                "在名册中加入“经度”“纬度”两列（或以公里计的“X”“Y”），重新打开即可。",
                "Add Longitude and Latitude columns (or X and Y in km) to the roster and open it again.",
            ));
            return;
        };
        let o = &computed.outcome;
        // The areas' outlines (longitude/latitude maps), and the choropleth.
        let boundaries = use_lonlat && !o.dataset.boundaries.is_empty();
        let base = o.projection.base_year;
        let last = base + o.projection.horizon as i32;
        if use_lonlat {
            cx.basemap.sync(&cx.state.basemap, ui.ctx());
            cx.basemap.status_ui(ui, &cx.state.basemap, lang);
        }
        if boundaries {
            ui.horizontal(|ui| {
                let mut shade = !self.shade_off;
                ui.checkbox(
                    &mut shade,
                    lang.pick(
                        "按学位缺口/空余给片区着色",
                        "Shade the areas by seats short or spare",
                    ),
                );
                self.shade_off = !shade;
                if shade {
                    let level_text = |l: Option<crate::grades::Level>| {
                        l.map_or(lang.pick("全部学段", "all levels"), |l| l.name(lang))
                    };
                    egui::ComboBox::from_id_salt("map-shade-level")
                        .selected_text(level_text(self.shade_level))
                        .show_ui(ui, |ui| {
                            for l in [
                                None,
                                Some(crate::grades::Level::Primary),
                                Some(crate::grades::Level::Junior),
                                Some(crate::grades::Level::NineYear),
                                Some(crate::grades::Level::Kindergarten),
                                Some(crate::grades::Level::Senior),
                            ] {
                                ui.selectable_value(&mut self.shade_level, l, level_text(l));
                            }
                        })
                        .response
                        .accessible_name(lang.pick("着色学段", "Shading level"));
                    let year = self.shade_year.unwrap_or((base + 5).min(last));
                    egui::ComboBox::from_id_salt("map-shade-year")
                        .selected_text(year.to_string())
                        .show_ui(ui, |ui| {
                            for y in base..=last {
                                if ui.selectable_label(y == year, y.to_string()).clicked() {
                                    self.shade_year = Some(y);
                                }
                            }
                        })
                        .response
                        .accessible_name(lang.pick("着色年份", "Shading year"));
                }
                area_name_ui(ui, cx, &o.dataset.boundaries);
            });
        }
        ui.label(RichText::new(lang.pick(
            "圆点大小表示现有学生数，颜色表示预测期内最强的预警；点击圆点查看该校。",
            "Dot size: pupils now; colour: the strongest warning over the projection. Click a dot to open the school.",
        )).weak());
        self.canvas_ui(ui, cx, &Extras::default());
    }
}

/// Size classes by pupils: under 50, 100, 200, 400, 800, 1,600, 3,200, more.
fn size_class(pupils: f64) -> usize {
    let mut c = 0;
    let mut limit = 50.0;
    while pupils >= limit && c < 7 {
        c += 1;
        limit *= 2.0;
    }
    c
}

/// The pupils a size class is drawn for (its middle).
fn class_pupils(class: usize) -> f64 {
    35.0 * 2f64.powi(class as i32)
}

/// An extent `[x0, y0, x1, y1]` widened so that a plot of this size, keeping
/// `aspect` (x units per pixel over y units per pixel), shows all of it:
/// egui_plot meets the aspect by changing the y range, which would cut the
/// north and south off a map wider than its extent; widening x first makes
/// it add to y instead. A little room is left for the axes' labels.
pub fn fit_extent(extent: [f64; 4], aspect: f32, size: egui::Vec2) -> [f64; 4] {
    let (w, h) = (extent[2] - extent[0], extent[3] - extent[1]);
    // The plot's own frame, less its axes.
    let (rw, rh) = (
        f64::from(size.x - 70.0).max(1.0),
        f64::from(size.y - 40.0).max(1.0),
    );
    let wanted = f64::from(aspect) * h * rw / rh * 1.02;
    if !(w > 0.0 && h > 0.0) || w >= wanted {
        return extent;
    }
    let grow = (wanted - w) / 2.0;
    [extent[0] - grow, extent[1], extent[2] + grow, extent[3]]
}

#[cfg(test)]
mod fit_tests {
    use super::fit_extent;
    use eframe::egui::vec2;

    /// After fitting, the aspect egui_plot sees is at least the map's, so
    /// it only ever adds to the y range: nothing north or south is cut.
    #[test]
    fn a_wide_window_widens_the_extent_and_cuts_nothing() {
        // A district 0.3° by 0.3° at 25° N in a wide plot.
        let extent = [121.0, 24.7, 121.3, 25.0];
        let aspect = (1.0 / 25f64.to_radians().cos()) as f32;
        let size = vec2(1270.0, 640.0);
        let fit = fit_extent(extent, aspect, size);
        assert_eq!((fit[1], fit[3]), (24.7, 25.0));
        assert!(fit[0] < 121.0 && fit[2] > 121.3);
        let (rw, rh) = (f64::from(size.x - 70.0), f64::from(size.y - 40.0));
        let seen = ((fit[2] - fit[0]) / rw) / ((fit[3] - fit[1]) / rh);
        assert!(seen >= f64::from(aspect), "{seen} < {aspect}");
        // A tall window needs nothing: egui_plot adds to y itself.
        assert_eq!(fit_extent(extent, aspect, vec2(400.0, 900.0)), extent);
    }
}
