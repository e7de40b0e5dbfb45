//! The map's areas: each area's seats short or spare for the year shown,
//! its outline filled and labelled where the name fits, the hover's lines,
//! and the choice of the boundary property that names them.

use super::*;

/// Seats short and spare of each boundary's schools in a year, for a level
/// (None: every level).
pub(super) fn area_balance(
    o: &crate::engine::Outcome,
    level: Option<crate::grades::Level>,
    year: i32,
) -> Vec<AreaBalance> {
    let d = &o.dataset;
    d.boundaries
        .iter()
        .map(|b| {
            o.rows
                .iter()
                .filter(|r| r.year == year)
                .filter(|r| {
                    let s = &d.schools[r.school];
                    s.area.as_deref() == Some(b.name.as_str()) && level.is_none_or(|l| s.level == l)
                })
                .fold(AreaBalance::default(), |a, r| AreaBalance {
                    short: a.short + r.shortfall,
                    spare: a.spare + r.spare,
                    schools: a.schools + 1,
                    known: a.known + usize::from(r.capacity.is_some()),
                })
        })
        .collect()
}

/// One area's seats short and spare in a year, over its schools whose
/// capacity is known (`known` of `schools`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct AreaBalance {
    pub(super) short: f64,
    pub(super) spare: f64,
    pub(super) schools: usize,
    pub(super) known: usize,
}

/// What the hover says of an area: its schools, and its seats short or
/// spare in the shading's year, over the schools whose capacity is known.
pub(super) fn area_lines(
    schools: usize,
    balance: Option<AreaBalance>,
    year: i32,
    crossed: bool,
    lang: Lang,
) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let mut out = vec![if zh {
        format!("{schools} 所学校")
    } else {
        format!("{schools} schools")
    }];
    match balance {
        Some(a) if a.known == 0 => out.push(
            lang.pick(
                "容量未知：没有一所学校有教室数或核定学位，无法判断缺口",
                "capacity unknown: none of its schools has classrooms or approved seats, so no shortfall can be judged",
            )
            .to_string(),
        ),
        Some(a) => {
            let short = thousands(a.short.round() as i64);
            let spare = thousands(a.spare.round() as i64);
            out.push(if zh {
                format!("{year} 年：缺 {short} 个学位，空余 {spare} 个")
            } else {
                format!("{year}: {short} seats short, {spare} spare")
            });
            if a.known < a.schools {
                out.push(if zh {
                    format!(
                        "容量仅 {} 所（共 {} 所）已知：只计这几所",
                        a.known, a.schools
                    )
                } else {
                    format!(
                        "capacity known for {} of {} schools: counted over those only",
                        a.known, a.schools
                    )
                });
            }
        }
        None => {}
    }
    if crossed {
        out.push(
            lang.pick(
                "边界自相交，只画轮廓",
                "its outline crosses itself: drawn as an outline only",
            )
            .to_string(),
        );
    }
    out
}

/// Each boundary as drawn at one zoom: its rings simplified to about half
/// a pixel, its fill ear-cut from them, and where its name goes. Worked out
/// once per set of boundaries and zoom step, not per frame.
pub(super) struct AreaFill {
    pub(super) rings: Vec<Vec<[f64; 2]>>,
    pub(super) triangles: Vec<[[f64; 2]; 3]>,
    /// Where the name goes and the room it has there (map units).
    pub(super) label: Option<crate::places::areas::LabelPoint>,
    pub(super) extent: Option<[f64; 4]>,
}

impl AreaFill {
    /// Whether the area holds a point: inside an odd number of its rings
    /// (its outlines less its holes), as drawn.
    pub(super) fn holds(&self, p: [f64; 2]) -> bool {
        let inside_box = self
            .extent
            .is_some_and(|e| p[0] >= e[0] && p[0] <= e[2] && p[1] >= e[1] && p[1] <= e[3]);
        inside_box
            && self
                .rings
                .iter()
                .filter(|ring| {
                    ring.windows(2).fold(false, |inside, w| {
                        let (a, b) = (w[0], w[1]);
                        if (a[1] > p[1]) != (b[1] > p[1])
                            && p[0] < a[0] + (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1])
                        {
                            !inside
                        } else {
                            inside
                        }
                    })
                })
                .count()
                % 2
                == 1
    }
}

pub(super) fn area_fills(
    d: &crate::model::Dataset,
    step: i32,
    labels: &[Option<crate::places::areas::LabelPoint>],
) -> Vec<AreaFill> {
    // Half a pixel at the step's scale (units per pixel = 2^step).
    let epsilon = 2f64.powi(step) / 2.0;
    d.boundaries
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let shown = b.simplified(epsilon);
            AreaFill {
                triangles: shown.fill(),
                rings: shown.polygons.into_iter().flatten().collect(),
                label: labels.get(k).copied().flatten(),
                extent: b.extent(),
            }
        })
        .collect()
}

/// The zoom step of a scale in map units per pixel: a power of two, so the
/// outlines are simplified again only when the zoom halves or doubles.
pub(super) fn zoom_step(units_per_pixel: f64) -> i32 {
    if units_per_pixel > 0.0 && units_per_pixel.is_finite() {
        units_per_pixel.log2().floor() as i32
    } else {
        i32::MIN
    }
}

/// The areas' fills as one mesh of triangles: concave areas, holes and
/// islands fill exactly their shapes.
pub(super) struct FillLayer<'f> {
    pub(super) base: egui_plot::PlotItemBase,
    pub(super) areas: Vec<(egui::Color32, &'f [[[f64; 2]; 3]])>,
}

impl egui_plot::PlotItem for FillLayer<'_> {
    fn shapes(
        &self,
        _ui: &egui::Ui,
        transform: &egui_plot::PlotTransform,
        shapes: &mut Vec<egui::Shape>,
    ) {
        let mut mesh = egui::Mesh::default();
        for (colour, triangles) in &self.areas {
            for t in triangles.iter() {
                let at = mesh.vertices.len() as u32;
                for p in t {
                    mesh.colored_vertex(
                        transform.position_from_point(&PlotPoint::new(p[0], p[1])),
                        *colour,
                    );
                }
                mesh.add_triangle(at, at + 1, at + 2);
            }
        }
        shapes.push(egui::Shape::mesh(mesh));
    }

    fn initialize(&mut self, _x_range: std::ops::RangeInclusive<f64>) {}

    fn color(&self) -> egui::Color32 {
        egui::Color32::TRANSPARENT
    }

    fn geometry(&self) -> egui_plot::PlotGeometry<'_> {
        egui_plot::PlotGeometry::None
    }

    fn bounds(&self) -> egui_plot::PlotBounds {
        egui_plot::PlotBounds::NOTHING
    }

    fn allow_hover(&self) -> bool {
        false
    }

    fn base(&self) -> &egui_plot::PlotItemBase {
        &self.base
    }

    fn base_mut(&mut self) -> &mut egui_plot::PlotItemBase {
        &mut self.base
    }
}

/// The areas' outlines with their names, filled by seats short (red) or
/// spare (green) when shaded, neutral where capacity is unknown.
pub(super) fn boundaries_ui<'f>(
    plot: &mut egui_plot::PlotUi<'f>,
    d: &'f crate::model::Dataset,
    fills: &'f [AreaFill],
    shades: Option<&Vec<AreaBalance>>,
    most: f64,
    lang: Lang,
) -> Vec<(PlotPoint, &'f str)> {
    let mut labels = Vec::new();
    let mut layer = FillLayer {
        base: egui_plot::PlotItemBase::new(String::new()),
        areas: Vec::new(),
    };
    let outline = egui::Color32::from_gray(120);
    let view = plot.plot_bounds();
    // Map units per pixel, the larger of the two axes'.
    let per_pixel = {
        let v = plot.transform().dvalue_dpos();
        v[0].abs().max(v[1].abs()).max(f64::MIN_POSITIVE)
    };
    for (k, b) in d.boundaries.iter().enumerate() {
        let balance = shades.and_then(|v| v.get(k)).copied();
        // No school's capacity known: neutral, never "spare".
        let unknown = balance.is_some_and(|a| a.known == 0);
        let partly = balance.is_some_and(|a| a.known > 0 && a.known < a.schools);
        let fill = balance.map(|a| (a.short, a.spare)).map(|(short, spare)| {
            if unknown {
                egui::Color32::from_rgba_unmultiplied(0x90, 0x90, 0x90, 60)
            } else if short > 0.0 {
                egui::Color32::from_rgba_unmultiplied(
                    0xd6,
                    0x27,
                    0x28,
                    (40.0 + 160.0 * short / most) as u8,
                )
            } else {
                egui::Color32::from_rgba_unmultiplied(
                    0x2c,
                    0xa0,
                    0x2c,
                    (20.0 + 120.0 * spare / most) as u8,
                )
            }
        });
        let area = fills.get(k);
        // An area out of view costs nothing: zoomed in on one township,
        // the other 299 are neither filled, outlined nor labelled.
        let seen = area.and_then(|a| a.extent).is_none_or(|e| {
            e[2] >= view.min()[0]
                && e[0] <= view.max()[0]
                && e[3] >= view.min()[1]
                && e[1] <= view.max()[1]
        });
        if !seen {
            continue;
        }
        if let (Some(c), Some(a)) = (fill, area) {
            layer.areas.push((c, &a.triangles));
        }
        let name = match (unknown, partly) {
            (true, _) => lang.pick("片区：容量未知", "areas: capacity unknown"),
            (_, true) => lang.pick(
                "片区：仅部分学校容量已知",
                "areas: capacity known for some schools only",
            ),
            _ => lang.pick("片区边界", "area boundaries"),
        };
        for ring in area.map_or(&[][..], |a| a.rings.as_slice()) {
            plot.line(Line::new(name, ring.clone()).color(outline).width(1.2));
        }
        // The name at the area's pole of inaccessibility, where it fits
        // at this zoom (a name over its neighbours helps nobody).
        if let Some((p, room)) = area.and_then(|a| a.label)
            && label_fits(&b.name, room / per_pixel)
        {
            labels.push((PlotPoint::new(p[0], p[1]), b.name.as_str()));
        }
    }
    if !layer.areas.is_empty() {
        plot.add(layer);
    }
    labels
}

/// The areas' names over everything else on the map (the school circles
/// would hide them): the strong text colour on a backing of the panel's
/// colour, readable over fills, outlines and circles alike; set just above
/// the area's label point, so that a school standing there still shows.
pub(super) fn area_labels_ui(
    plot: &mut egui_plot::PlotUi<'_>,
    labels: Vec<(PlotPoint, &str)>,
    visuals: &egui::Visuals,
) {
    let backing = visuals.panel_fill.gamma_multiply(0.85);
    let lift = plot.transform().dvalue_dpos()[1].abs() * 9.0;
    for (at, name) in labels {
        plot.text(
            Text::new(
                "",
                PlotPoint::new(at.x, at.y + lift),
                RichText::new(name)
                    .size(14.0)
                    .color(visuals.strong_text_color())
                    .background_color(backing),
            )
            .anchor(egui::Align2::CENTER_BOTTOM)
            .allow_hover(false),
        );
    }
}

/// Which of the boundary file's properties names the areas: the first
/// name-like one unless the planner picks another; picking reads the files
/// again, so the schools placed by their coordinates take the new names.
pub(super) fn area_name_ui(
    ui: &mut egui::Ui,
    cx: &mut Cx<'_>,
    boundaries: &[crate::places::areas::Boundary],
) {
    let lang = cx.lang;
    let mut keys: Vec<&str> = Vec::new();
    for k in boundaries.iter().flat_map(|b| b.name_keys()) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    if keys.len() < 2 {
        return;
    }
    // The key the names come from now: the planner's, else the first
    // whose value is the first area's name.
    let now = cx.state.area_name_key.clone().or_else(|| {
        boundaries.first().and_then(|b| {
            b.properties
                .iter()
                .find(|(_, v)| {
                    // A name with its city before it ("新竹市 東區") ends
                    // with the property's value.
                    let v = v.trim();
                    !v.is_empty() && (v == b.name || b.name.ends_with(&format!(" {v}")))
                })
                .map(|(k, _)| k.clone())
        })
    });
    let sample = |key: &str| {
        boundaries
            .first()
            .and_then(|b| b.properties.iter().find(|(k, _)| k == key))
            .map_or(String::new(), |(_, v)| v.chars().take(12).collect())
    };
    ui.label(lang.pick("片区名称取自", "Area names from"));
    let mut chosen = None;
    egui::ComboBox::from_id_salt("map-area-name")
        .selected_text(now.clone().unwrap_or_default())
        .show_ui(ui, |ui| {
            for k in &keys {
                let text = match lang {
                    Lang::Zh => format!("{k}（如“{}”）", sample(k)),
                    Lang::En => format!("{k} (e.g. \"{}\")", sample(k)),
                };
                if ui
                    .selectable_label(now.as_deref() == Some(*k), text)
                    .clicked()
                {
                    chosen = Some((*k).to_string());
                }
            }
        })
        .response
        .accessible_name(lang.pick("片区名称取自", "Area names from"));
    if let Some(k) = chosen
        && now.as_deref() != Some(k.as_str())
    {
        cx.send(Command::AreaNamesFrom(k));
    }
}

/// Whether an area's name fits round its label point with `room` pixels
/// to the nearest edge: the text's height within the inscribed circle,
/// its width within one and a half times its diameter (an area is rarely
/// a circle, and a name may run into the wider parts).
pub(super) fn label_fits(name: &str, room: f64) -> bool {
    let width: f64 = name
        .chars()
        .map(|c| if c.is_ascii() { 8.0 } else { 15.0 })
        .sum();
    // 14-point names set 9 points above the point: the room above it.
    room >= 20.0 && room * 3.0 >= width
}
