//! A [`Chart`] on screen: the same series, colours and strokes the saved
//! files show, drawn with egui_plot, under its title with a "Save chart…"
//! button.

use crate::app::commands::Command;
use crate::app::style::color;
use crate::chart::{Chart, Mark, Stroke, band_segments, palette};
use crate::i18n::{Lang, thousands};
use eframe::egui::{self, RichText};
use egui_plot::{
    Bar, BarChart, HLine, Legend, Line, LineStyle, Plot, PlotPoint, PlotPoints, Polygon, Text,
    VLine,
};

fn style(stroke: Stroke) -> LineStyle {
    match stroke {
        Stroke::Solid => LineStyle::Solid,
        Stroke::Dashed => LineStyle::dashed_loose(),
        Stroke::Dotted => LineStyle::dotted_dense(),
    }
}

/// The chart's title, subtitle and a save button, then the plot.
pub fn chart_block_ui(
    ui: &mut egui::Ui,
    chart: &Chart,
    height: f32,
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading(&chart.title);
        if ui
            .small_button(lang.pick("保存图表…", "Save chart…"))
            .on_hover_text(lang.pick(
                "将此图保存为 PNG 或 SVG（含标题、坐标轴、图例和数据来源）",
                "Save this chart as PNG or SVG, with its title, axes, legend and source",
            ))
            .clicked()
        {
            commands.push(Command::SaveChart(Box::new(chart.clone())));
        }
    });
    if !chart.subtitle.is_empty() {
        ui.label(RichText::new(&chart.subtitle).small().weak());
    }
    chart_ui(ui, chart, height);
}

/// The plot alone, `height` points tall.
pub fn chart_ui(ui: &mut egui::Ui, chart: &Chart, height: f32) {
    let mut plot = Plot::new(&chart.file_stem)
        .height(height)
        .legend(
            Legend::default()
                .follow_insertion_order(true)
                .text_style(egui::TextStyle::Small),
        )
        .allow_scroll(false)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(nice_steps))
        .x_grid_spacer(egui_plot::uniform_grid_spacer(year_steps))
        .y_axis_label(chart.y_title.clone());
    if let Some(v) = chart.y_include {
        plot = plot.include_y(0.0).include_y(v);
    }
    // Room above the data for the legend (top right), so it hides none.
    if let Some(top) = headroom(chart, height) {
        plot = plot.include_y(top);
    }
    if chart.y_absolute {
        plot = plot.y_axis_formatter(|mark, _| thousands(mark.value.abs().round() as i64));
    }
    // Ink (capacity, markers) follows the theme so it shows on dark and light.
    let ink = ui.visuals().strong_text_color();
    let paint = |c| if c == palette::INK { ink } else { color(c) };
    // The left end of the data: where a standard's line shows its value
    // (the legend sits at the right).
    let left_end = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p[0]))
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))));
    plot.show(ui, |plot| {
        // Bars first, so lines stay visible over them.
        let mut stack: Vec<BarChart> = Vec::new();
        for s in &chart.series {
            let Mark::Bars {
                offset,
                width,
                stacked,
            } = s.mark
            else {
                continue;
            };
            let bars: Vec<Bar> = s
                .points
                .iter()
                .map(|p| Bar::new(p[0] + offset, p[1]).width(width))
                .collect();
            let bars = BarChart::new(s.name.clone(), bars).color(color(s.color));
            if stacked {
                let below: Vec<&BarChart> = stack.iter().collect();
                let bars = bars.stack_on(&below);
                stack.push(bars);
            } else {
                plot.bar_chart(bars);
            }
        }
        for bars in stack {
            plot.bar_chart(bars);
        }
        // Bands under the lines: one convex piece per year.
        for s in chart.series.iter().filter(|s| s.mark == Mark::Band) {
            let fill = color(s.color).gamma_multiply(0.22);
            for piece in band_segments(&s.points) {
                plot.polygon(
                    Polygon::new(s.name.clone(), PlotPoints::from(piece.to_vec()))
                        .fill_color(fill)
                        .stroke(egui::Stroke::NONE),
                );
            }
        }
        for s in &chart.series {
            match s.mark {
                Mark::Line { stroke, width } => plot.line(
                    Line::new(s.name.clone(), PlotPoints::from(s.points.clone()))
                        .color(paint(s.color))
                        .width(width)
                        .style(style(stroke)),
                ),
                Mark::Level(v) => {
                    plot.hline(HLine::new(s.name.clone(), v).color(color(s.color)));
                    // Its value on the line itself, at the left end.
                    if let Some(x) = left_end {
                        plot.text(
                            Text::new(
                                "",
                                PlotPoint::new(x, v),
                                egui::RichText::new(level_text(v))
                                    .small()
                                    .color(color(s.color)),
                            )
                            .anchor(egui::Align2::LEFT_BOTTOM)
                            .allow_hover(false),
                        );
                    }
                }
                Mark::Marker(v) => plot.vline(
                    VLine::new(s.name.clone(), v)
                        .color(color(palette::GREY))
                        .style(LineStyle::dashed_loose()),
                ),
                Mark::Bars { .. } | Mark::Band => {}
            }
        }
    });
}

/// A standard's value as its line shows it: 1,980 seats, 45 pupils a
/// class, 0.5 (a variation coefficient's limit), never rounded away.
fn level_text(v: f64) -> String {
    if v.abs() >= 1000.0 {
        thousands(v.round() as i64)
    } else {
        crate::export::round(v, 2)
    }
}

/// The smallest 1, 2 or 5 × 10ⁿ at least `at_least`.
fn nice(at_least: f64) -> f64 {
    let at_least = at_least.abs().max(f64::MIN_POSITIVE);
    let mut step = 10f64.powf(at_least.log10().floor());
    while step < at_least {
        let m = step / 10f64.powf(step.log10().floor());
        step *= if (1.5..3.5).contains(&m) { 2.5 } else { 2.0 };
    }
    step
}

/// Grid steps for a value axis: the labelled step the smallest 1–2–5 step
/// wide enough for a label (egui_plot labels a step over 20 points apart;
/// its smallest step is 8 points, so 2.5 times it), a finer grid at half
/// of it and a coarser at five times, each a multiple of the one before,
/// so no label of a coarser step falls between two of a finer one. A short
/// chart (160 points for 0–140 pupils a class) is labelled every 20, where
/// egui_plot's steps of ten times each other left only "0".
pub fn nice_steps(input: egui_plot::GridInput) -> [f64; 3] {
    let label = nice(input.base_step_size * 2.5);
    [label / 2.0, label, 5.0 * label]
}

/// Grid steps along the years: whole years, the labelled step wide enough
/// for a year's label (some 60 points, 7.5 times egui_plot's smallest), and
/// coarser steps its multiples: a 900-point chart of 23 falls is labelled
/// every two years, where egui_plot's own steps (1, 10, 100) labelled one
/// fall a decade.
pub fn year_steps(input: egui_plot::GridInput) -> [f64; 3] {
    let label = nice((input.base_step_size * 7.5).max(1.0));
    [label, 5.0 * label, 10.0 * label]
}

/// The y the plot should reach so that its legend, in the top corner,
/// sits above the data: the data's highest point (stacked bars summed)
/// lifted by the legend's share of the plot's height. None where there is
/// no legend, nothing above zero, or a legend too tall to clear.
fn headroom(chart: &Chart, height: f32) -> Option<f64> {
    let mut names: Vec<&str> = chart
        .series
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    names.dedup();
    if names.is_empty() {
        return None;
    }
    let mut stacked: Vec<(f64, f64)> = Vec::new();
    let mut top = f64::MIN;
    for s in &chart.series {
        match s.mark {
            Mark::Bars { stacked: true, .. } => {
                for p in &s.points {
                    match stacked.iter_mut().find(|(x, _)| *x == p[0]) {
                        Some((_, y)) => *y += p[1].max(0.0),
                        None => stacked.push((p[0], p[1].max(0.0))),
                    }
                }
            }
            Mark::Level(v) => top = top.max(v),
            Mark::Marker(_) => {}
            _ => top = s.points.iter().map(|p| p[1]).fold(top, f64::max),
        }
    }
    top = stacked.iter().map(|(_, y)| *y).fold(top, f64::max);
    // About one line of small text a legend entry, and its frame.
    let share = f64::from(names.len() as f32 * 13.0 + 10.0) / f64::from(height.max(1.0));
    (top > 0.0 && share < 0.6).then(|| top / (1.0 - share))
}

#[cfg(test)]
mod tests {
    use super::nice_steps;
    use egui_plot::GridInput;

    /// Nested 1–2–5 steps: the class-size chart (some 140 pupils over 160
    /// points, egui_plot's smallest step 7) is labelled every 20.
    #[test]
    fn grid_steps_go_one_two_five() {
        let at = |base| {
            nice_steps(GridInput {
                bounds: (0.0, 140.0),
                base_step_size: base,
            })
        };
        assert_eq!(at(7.0), [10.0, 20.0, 100.0]);
        assert_eq!(at(1.0), [2.5, 5.0, 25.0]);
        assert_eq!(at(30.0), [50.0, 100.0, 500.0]);
        assert_eq!(at(0.15), [0.25, 0.5, 2.5]);
    }

    /// Years: whole years at least, the smallest step wide enough for a
    /// year's label.
    #[test]
    fn year_steps_label_every_few_years() {
        let at = |base| {
            super::year_steps(GridInput {
                bounds: (2018.0, 2041.0),
                base_step_size: base,
            })
        };
        // 23 falls over 900 points (egui_plot's smallest step 8 points):
        // steps of 2 years, 78 points apart, wide enough for labels.
        assert_eq!(at(23.0 / 900.0 * 8.0), [2.0, 10.0, 20.0]);
        // Over 300 points: 5 years, 65 points apart.
        assert_eq!(at(23.0 / 300.0 * 8.0), [5.0, 25.0, 50.0]);
    }

    /// A variation coefficient's limit keeps its decimals (the 优质均衡
    /// charts showed "0" on the 0.50 line).
    #[test]
    fn a_standards_value_keeps_its_decimals() {
        assert_eq!(super::level_text(0.5), "0.5");
        assert_eq!(super::level_text(0.45), "0.45");
        assert_eq!(super::level_text(45.0), "45");
        assert_eq!(super::level_text(1980.0), "1,980");
    }
}
