//! A [`Chart`] as an SVG document: title and subtitle, legend, axes with
//! round ticks and their titles, the series (observed solid, projected
//! dashed, capacity dotted; bars, standards, the projection start) and the
//! footer. Text is measured with the built-in font so the layout fits, and
//! the PNG export renders this same document.

use super::{Chart, Mark, Stroke, palette, ticks};
use crate::i18n::thousands;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Font families asked for, the built-in font first.
pub const FONT_FAMILY: &str = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/// Sizes at 1×, for a chart about 1600 wide; scaled with the chart's size.
struct Sizes {
    margin: f64,
    title: f64,
    subtitle: f64,
    axis_title: f64,
    tick: f64,
    legend: f64,
    footer: f64,
}

impl Sizes {
    fn for_chart(width: f64, height: f64) -> Sizes {
        // Text keeps its size relative to the chart, within reason.
        let k = (width / 1600.0).min(height / 900.0).clamp(0.4, 3.0);
        Sizes {
            margin: 28.0 * k,
            title: 34.0 * k,
            subtitle: 20.0 * k,
            axis_title: 20.0 * k,
            tick: 18.0 * k,
            legend: 19.0 * k,
            footer: 15.0 * k,
        }
    }
}

fn face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(crate::fonts::CJK_FONT, 0).ok())
        .as_ref()
}

/// Width of `text` at `size` in the built-in font.
pub fn text_width(text: &str, size: f64) -> f64 {
    let Some(face) = face() else {
        return text.chars().count() as f64 * size * 0.6;
    };
    let em = face.units_per_em() as f64;
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(size * 0.6, |a| a as f64 / em * size)
        })
        .sum()
}

/// `text` escaped for XML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

fn dash(stroke: Stroke, width: f64) -> String {
    match stroke {
        Stroke::Solid => String::new(),
        Stroke::Dashed => format!(
            " stroke-dasharray=\"{:.1} {:.1}\"",
            width * 5.0,
            width * 3.0
        ),
        Stroke::Dotted => format!(
            " stroke-dasharray=\"{:.1} {:.1}\" stroke-linecap=\"round\"",
            width * 0.1,
            width * 2.5
        ),
    }
}

fn tick_label(v: f64, step: f64, absolute: bool) -> String {
    let v = if absolute { v.abs() } else { v };
    if step >= 1.0 || v == 0.0 {
        thousands(v.round() as i64)
    } else {
        let places = (-step.log10().floor()) as usize;
        format!("{v:.places$}")
    }
}

/// The chart as an SVG document `width` × `height` user units.
pub fn render(chart: &Chart, width: f64, height: f64) -> String {
    let z = Sizes::for_chart(width, height);
    let mut s = String::with_capacity(16 * 1024);
    let _ = writeln!(
        s,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}">
<title>{}</title>
<rect width="100%" height="100%" fill="#ffffff"/>"##,
        esc(&chart.title)
    );
    // Title block.
    let mut y = z.margin + z.title;
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{y:.1}" font-size="{:.1}" font-weight="bold" fill="#222222">{}</text>"##,
        z.margin,
        z.title,
        esc(&chart.title)
    );
    if !chart.subtitle.is_empty() {
        y += z.subtitle * 1.5;
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{y:.1}" font-size="{:.1}" fill="#555555">{}</text>"##,
            z.margin,
            z.subtitle,
            esc(&chart.subtitle)
        );
    }
    let top = legend(&mut s, chart, &z, width, y);
    // Footer and the x axis title from the bottom up.
    let footer_y = height - z.margin * 0.8;
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{footer_y:.1}" font-size="{:.1}" fill="#777777">{}</text>"##,
        z.margin,
        z.footer,
        esc(&chart.footer)
    );
    let x_title_y = footer_y - z.footer * 1.8;
    let bottom = x_title_y - z.axis_title * 1.2 - z.tick * 1.4;

    let Some((xr, yr)) = chart.bounds() else {
        let _ = writeln!(s, "</svg>");
        return s;
    };
    let f = Frame::new(chart, &z, xr, yr, width, top, bottom);
    grid(&mut s, chart, &z, &f, x_title_y);
    let _ = writeln!(s, "<g>");
    bars(&mut s, chart, &f);
    lines(&mut s, chart, &z, &f);
    let _ = writeln!(s, "</g>\n</svg>");
    s
}

/// The legend: entries left to right, wrapping; returns the plot's top.
fn legend(s: &mut String, chart: &Chart, z: &Sizes, width: f64, mut y: f64) -> f64 {
    let legend = chart.legend();
    let swatch = z.legend * 2.0;
    let gap = z.legend * 1.2;
    let mut lx = z.margin;
    y += z.legend * 1.9;
    for entry in &legend {
        let w = swatch + z.legend * 0.4 + text_width(&entry.name, z.legend);
        if lx + w > width - z.margin && lx > z.margin {
            lx = z.margin;
            y += z.legend * 1.5;
        }
        let mid = y - z.legend * 0.35;
        let c = entry.color.hex();
        match entry.mark {
            Mark::Line { stroke, width: lw } => {
                let lw = lw as f64 * z.tick / 14.0;
                let _ = writeln!(
                    s,
                    r##"<line x1="{lx:.1}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}" stroke="{c}" stroke-width="{lw:.1}"{}/>"##,
                    lx + swatch,
                    dash(stroke, lw)
                );
            }
            Mark::Bars { .. } => {
                let _ = writeln!(
                    s,
                    r##"<rect x="{lx:.1}" y="{:.1}" width="{swatch:.1}" height="{:.1}" fill="{c}"/>"##,
                    mid - z.legend * 0.4,
                    z.legend * 0.8
                );
            }
            Mark::Band => {
                let _ = writeln!(
                    s,
                    r##"<rect x="{lx:.1}" y="{:.1}" width="{swatch:.1}" height="{:.1}" fill="{c}" fill-opacity="{BAND_OPACITY}"/>"##,
                    mid - z.legend * 0.4,
                    z.legend * 0.8
                );
            }
            Mark::Level(_) | Mark::Marker(_) => {
                let _ = writeln!(
                    s,
                    r##"<line x1="{lx:.1}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}" stroke="{c}" stroke-width="{:.1}"{}/>"##,
                    lx + swatch,
                    z.tick / 8.0,
                    if matches!(entry.mark, Mark::Marker(_)) {
                        dash(Stroke::Dashed, z.tick / 8.0)
                    } else {
                        String::new()
                    }
                );
            }
        }
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{y:.1}" font-size="{:.1}" fill="#333333">{}</text>"##,
            lx + swatch + z.legend * 0.4,
            z.legend,
            esc(&entry.name)
        );
        lx += w + gap;
    }
    y + z.legend * 1.2
}

/// The grid, the ticks and the axes' titles.
fn grid(s: &mut String, chart: &Chart, z: &Sizes, f: &Frame, x_title_y: f64) {
    let (left, right, top, bottom) = (f.left, f.right, f.top, f.bottom);
    let px = |x: f64| f.px(x);
    let py = |v: f64| f.py(v);
    // Grid and y ticks.
    for v in &f.yt {
        let yy = py(*v);
        let _ = writeln!(
            s,
            r##"<line x1="{left:.1}" y1="{yy:.1}" x2="{right:.1}" y2="{yy:.1}" stroke="{}" stroke-width="{:.2}"/>"##,
            if *v == 0.0 { "#888888" } else { "#e3e3e3" },
            z.tick / 18.0
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" text-anchor="end" fill="#444444">{}</text>"##,
            left - z.tick * 0.5,
            yy + z.tick * 0.35,
            z.tick,
            tick_label(*v, f.y_step, chart.y_absolute)
        );
    }
    // x ticks.
    for v in &f.xt {
        let xx = px(*v);
        let _ = writeln!(
            s,
            r##"<line x1="{xx:.1}" y1="{bottom:.1}" x2="{xx:.1}" y2="{:.1}" stroke="#888888" stroke-width="{:.2}"/>"##,
            bottom + z.tick * 0.4,
            z.tick / 18.0
        );
        let _ = writeln!(
            s,
            r##"<text x="{xx:.1}" y="{:.1}" font-size="{:.1}" text-anchor="middle" fill="#444444">{}</text>"##,
            bottom + z.tick * 1.4,
            z.tick,
            *v as i64
        );
    }
    let _ = writeln!(
        s,
        r##"<line x1="{left:.1}" y1="{bottom:.1}" x2="{right:.1}" y2="{bottom:.1}" stroke="#888888" stroke-width="{:.2}"/>"##,
        z.tick / 14.0
    );
    // Axis titles.
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{x_title_y:.1}" font-size="{:.1}" text-anchor="middle" fill="#333333">{}</text>"##,
        (left + right) / 2.0,
        z.axis_title,
        esc(&chart.x_title)
    );
    let (ty_x, ty_y) = (z.margin + z.axis_title, (top + bottom) / 2.0);
    let _ = writeln!(
        s,
        r##"<text x="{ty_x:.1}" y="{ty_y:.1}" font-size="{:.1}" text-anchor="middle" transform="rotate(-90 {ty_x:.1} {ty_y:.1})" fill="#333333">{}</text>"##,
        z.axis_title,
        esc(&chart.y_title)
    );
}

/// Bars first, so lines stay visible over them. Everything lies inside
/// the axes' ranges, which were taken from the series, so no clip (a clip
/// costs a full-size layer when rendered).
fn bars(s: &mut String, chart: &Chart, f: &Frame) {
    let px = |x: f64| f.px(x);
    let py = |v: f64| f.py(v);
    let mut stack: Vec<(f64, f64)> = Vec::new();
    for series in &chart.series {
        let Mark::Bars {
            offset,
            width: bw,
            stacked,
        } = series.mark
        else {
            continue;
        };
        let _ = writeln!(
            s,
            r##"<g fill="{}"><title>{}</title>"##,
            series.color.hex(),
            esc(&series.name)
        );
        for p in &series.points {
            if !p[1].is_finite() || p[1] == 0.0 {
                continue;
            }
            let cx = p[0] + offset;
            let mut base = 0.0;
            if stacked {
                match stack.iter_mut().find(|e| e.0 == cx) {
                    Some(e) => {
                        base = e.1;
                        e.1 += p[1];
                    }
                    None => stack.push((cx, p[1])),
                }
            }
            let (a, b) = (py(base), py(base + p[1]));
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/>"##,
                px(cx - bw / 2.0),
                a.min(b),
                px(cx + bw / 2.0) - px(cx - bw / 2.0),
                (a - b).abs()
            );
        }
        let _ = writeln!(s, "</g>");
    }
}

/// Bands under the lines, then the lines, levels and markers.
fn lines(s: &mut String, chart: &Chart, z: &Sizes, f: &Frame) {
    let (left, right, top, bottom) = (f.left, f.right, f.top, f.bottom);
    let px = |x: f64| f.px(x);
    let py = |v: f64| f.py(v);
    // Bands under the lines.
    for series in chart.series.iter().filter(|s| s.mark == Mark::Band) {
        let pts: Vec<String> = series
            .points
            .iter()
            .filter(|p| p[1].is_finite())
            .map(|p| format!("{:.1},{:.1}", px(p[0]), py(p[1])))
            .collect();
        if pts.len() >= 4 {
            let _ = writeln!(
                s,
                r##"<polygon fill="{}" fill-opacity="{BAND_OPACITY}" stroke="none" points="{}"><title>{}</title></polygon>"##,
                series.color.hex(),
                pts.join(" "),
                esc(&series.name)
            );
        }
    }
    for series in &chart.series {
        let c = series.color.hex();
        match series.mark {
            Mark::Line { stroke, width: lw } => {
                let pts: Vec<String> = series
                    .points
                    .iter()
                    .filter(|p| p[1].is_finite())
                    .map(|p| format!("{:.1},{:.1}", px(p[0]), py(p[1])))
                    .collect();
                if pts.is_empty() {
                    continue;
                }
                let lw = lw as f64 * z.tick / 14.0;
                let _ = writeln!(
                    s,
                    r##"<polyline fill="none" stroke="{c}" stroke-width="{lw:.1}" stroke-linejoin="round"{} points="{}"><title>{}</title></polyline>"##,
                    dash(stroke, lw),
                    pts.join(" "),
                    esc(&series.name)
                );
            }
            Mark::Level(v) => {
                let yy = py(v);
                let _ = writeln!(
                    s,
                    r##"<line x1="{left:.1}" y1="{yy:.1}" x2="{right:.1}" y2="{yy:.1}" stroke="{c}" stroke-width="{:.1}"><title>{}</title></line>"##,
                    z.tick / 8.0,
                    esc(&series.name)
                );
            }
            Mark::Marker(v) => {
                let xx = px(v);
                let lw = z.tick / 10.0;
                let _ = writeln!(
                    s,
                    r##"<line x1="{xx:.1}" y1="{top:.1}" x2="{xx:.1}" y2="{bottom:.1}" stroke="{}" stroke-width="{lw:.1}"{}><title>{}</title></line>"##,
                    palette::GREY.hex(),
                    dash(Stroke::Dashed, lw),
                    esc(&series.name)
                );
            }
            Mark::Bars { .. } | Mark::Band => {}
        }
    }
}

/// Where the plot area lies and what it spans: the axes' ranges, their
/// ticks, and the user-unit box they map to.
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    xt: Vec<f64>,
    yt: Vec<f64>,
    y_step: f64,
}

impl Frame {
    /// Ranges: round ticks on y; whole years on x with half a year either
    /// side; the left edge leaves room for the y labels.
    fn new(
        chart: &Chart,
        z: &Sizes,
        xr: [f64; 2],
        yr: [f64; 2],
        width: f64,
        top: f64,
        bottom: f64,
    ) -> Frame {
        let (mut y0, mut y1) = (yr[0], yr[1]);
        if y1 - y0 < 1e-9 {
            y1 = y0 + 10.0;
        }
        let yt = ticks(y0, y1, 6);
        y0 = yt.first().copied().unwrap_or(y0).min(y0);
        y1 = yt.last().copied().unwrap_or(y1).max(y1);
        let y_step = if yt.len() > 1 { yt[1] - yt[0] } else { 1.0 };
        let (x0, x1) = ((xr[0] - 0.5).floor() + 0.5, (xr[1] + 0.5).ceil() - 0.5);
        let xt: Vec<f64> = {
            let t = ticks(x0, x1, 8);
            let step = if t.len() > 1 {
                (t[1] - t[0]).max(1.0)
            } else {
                1.0
            };
            let mut v = Vec::new();
            let mut k = (x0 / step).ceil() * step;
            while k <= x1 {
                v.push(k);
                k += step;
            }
            v
        };
        let label_w = yt
            .iter()
            .map(|v| text_width(&tick_label(*v, y_step, chart.y_absolute), z.tick))
            .fold(0.0, f64::max);
        let left = z.margin + z.axis_title * 1.6 + label_w + z.tick * 0.6;
        let right = width - z.margin;
        Frame {
            left,
            right,
            top,
            bottom,
            x0,
            x1,
            y0,
            y1,
            xt,
            yt,
            y_step,
        }
    }

    fn px(&self, x: f64) -> f64 {
        self.left + (x - self.x0) / (self.x1 - self.x0) * (self.right - self.left)
    }

    fn py(&self, v: f64) -> f64 {
        self.bottom - (v - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)
    }
}

/// How opaque a band's shading is.
const BAND_OPACITY: f64 = 0.18;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_with_the_font() {
        // Chinese characters are one em wide; the font's digits 555/1000 em.
        assert!((text_width("学位", 20.0) - 40.0).abs() < 0.01);
        assert!((text_width("2025", 20.0) - 4.0 * 0.555 * 20.0).abs() < 0.01);
    }

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(esc("A&B <1> \"x\""), "A&amp;B &lt;1&gt; &quot;x&quot;");
    }
}
