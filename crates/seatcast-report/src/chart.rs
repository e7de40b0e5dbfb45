//! Charts as data. A [`Chart`] says what a chart shows — title, axis titles
//! with units, series with their colours and strokes, a footer naming the
//! scenario and the data — and nothing about pixels. The builders in
//! [`build`] make them from the engine's outcome; the app draws them on
//! screen (egui_plot) and [`svg`] and [`png`] draw the same charts into files,
//! so a saved chart is the one the planner saw.

pub mod build;
pub mod compliance;
pub mod palette;
pub mod png;
pub mod svg;
pub mod teachers;

pub use palette::Rgb;

/// How a line is drawn: observed solid, projected dashed, capacity dotted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    /// Observed years.
    Solid,
    /// Projected years.
    Dashed,
    /// Capacity, a standard.
    Dotted,
}

/// What one series draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// A line through the points.
    Line {
        /// Solid, dashed or dotted.
        stroke: Stroke,
        /// In points at 1×.
        width: f32,
    },
    /// A bar at each point, centred at x + `offset`, `width` years wide.
    /// Stacked bars sit on the stacked series before them; negative values
    /// hang below the axis (spare seats).
    Bars {
        /// Where the bar sits, in years from its x.
        offset: f64,
        /// How wide the bar is, in years.
        width: f64,
        /// On the stacked series before it.
        stacked: bool,
    },
    /// A horizontal line across the chart at this value (a standard).
    Level(f64),
    /// A vertical line at this x (where the projection starts).
    Marker(f64),
    /// A shaded range: the points are its upper edge left to right, then its
    /// lower edge right to left (see [`band_outline`]).
    Band,
}

/// A band's outline from (x, low, high) points in x order.
pub fn band_outline(points: &[(f64, f64, f64)]) -> Vec<[f64; 2]> {
    let upper = points.iter().map(|p| [p.0, p.2]);
    let lower = points.iter().rev().map(|p| [p.0, p.1]);
    upper.chain(lower).collect()
}

/// A band's outline as its segments' corners: for each pair of neighbouring
/// x, [upper left, upper right, lower right, lower left] (each convex).
pub fn band_segments(outline: &[[f64; 2]]) -> Vec<[[f64; 2]; 4]> {
    let n = outline.len() / 2;
    (0..n.saturating_sub(1))
        .map(|i| {
            let lower = |k: usize| outline[2 * n - 1 - k];
            [outline[i], outline[i + 1], lower(i + 1), lower(i)]
        })
        .collect()
}

/// One named series. Series with the same name share a legend entry (the
/// observed and projected halves of a line, a level's capacity).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend's name.
    pub name: String,
    /// Its colour.
    pub color: Rgb,
    /// What it draws.
    pub mark: Mark,
    /// (x, y) points; unused by [`Mark::Level`] and [`Mark::Marker`].
    pub points: Vec<[f64; 2]>,
}

/// A chart with everything a report needs around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File stem when saved, e.g. `county-demand` or `school-S07-grades`.
    pub file_stem: String,
    /// The title over the chart.
    pub title: String,
    /// Under the title: what the strokes mean, the scope.
    pub subtitle: String,
    /// The x axis's title, with its unit.
    pub x_title: String,
    /// The y axis's title, with its unit.
    pub y_title: String,
    /// What the chart draws, in order (later ones over earlier).
    pub series: Vec<Series>,
    /// Label the y axis by absolute value (spare seats drawn downwards).
    pub y_absolute: bool,
    /// The y range always reaches at least this value (a standard to show).
    pub y_include: Option<f64>,
    /// Scenario, data source and date, for the bottom of a saved chart.
    pub footer: String,
}

impl Chart {
    /// Legend entries: each series name once, in order, with the colour and
    /// mark of its first series.
    pub fn legend(&self) -> Vec<&Series> {
        let mut out: Vec<&Series> = Vec::new();
        for s in &self.series {
            if !out.iter().any(|o| o.name == s.name) {
                out.push(s);
            }
        }
        out
    }

    /// The data's x and y ranges, bars stacked, levels and markers included;
    /// y always includes 0. None when there is nothing to draw.
    pub fn bounds(&self) -> Option<([f64; 2], [f64; 2])> {
        let mut x = [f64::INFINITY, f64::NEG_INFINITY];
        let mut y = [0.0f64, 0.0f64];
        let mut any = false;
        let mut stack: Vec<([f64; 2], f64)> = Vec::new(); // (x, top) of stacked bars
        let grow = |r: &mut [f64; 2], v: f64| {
            if v.is_finite() {
                r[0] = r[0].min(v);
                r[1] = r[1].max(v);
            }
        };
        for s in &self.series {
            match s.mark {
                Mark::Line { .. } | Mark::Band => {
                    for p in &s.points {
                        grow(&mut x, p[0]);
                        grow(&mut y, p[1]);
                        any = true;
                    }
                }
                Mark::Bars {
                    offset,
                    width,
                    stacked,
                } => {
                    for p in &s.points {
                        let cx = p[0] + offset;
                        grow(&mut x, cx - width / 2.0);
                        grow(&mut x, cx + width / 2.0);
                        let mut base = 0.0;
                        if stacked {
                            if let Some(e) = stack.iter_mut().find(|e| e.0[0] == cx) {
                                base = e.1;
                                e.1 += p[1];
                            } else {
                                stack.push(([cx, 0.0], p[1]));
                            }
                        }
                        grow(&mut y, base + p[1]);
                        any = true;
                    }
                }
                Mark::Level(v) => grow(&mut y, v),
                Mark::Marker(v) => grow(&mut x, v),
            }
        }
        if let Some(v) = self.y_include {
            grow(&mut y, v);
        }
        (any && x[0] <= x[1]).then_some((x, y))
    }
}

/// Pleasant axis ticks over [lo, hi]: steps of 1, 2 or 5 × 10ⁿ, about
/// `target` of them, from a tick at or below `lo` to one at or above `hi`.
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let step = mag
        * if f < 1.5 {
            1.0
        } else if f < 3.0 {
            2.0
        } else if f < 7.0 {
            5.0
        } else {
            10.0
        };
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        // 1068 / 5 = 213.6: a step of 200.
        assert_eq!(
            ticks(0.0, 1068.0, 5),
            vec![0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0]
        );
        // 22 years / 6 = 3.7: a step of 5.
        assert_eq!(
            ticks(2018.0, 2040.0, 6),
            vec![2015.0, 2020.0, 2025.0, 2030.0, 2035.0, 2040.0]
        );
        // 470 / 5 = 94: a step of 100.
        assert_eq!(
            ticks(-350.0, 120.0, 5),
            vec![-400.0, -300.0, -200.0, -100.0, 0.0, 100.0, 200.0]
        );
        assert_eq!(ticks(5.0, 5.0, 5), vec![5.0]);
    }

    #[test]
    fn stacked_bars_reach_their_sum() {
        let bars = |name: &str, v: f64| Series {
            name: name.into(),
            color: Rgb(0, 0, 0),
            mark: Mark::Bars {
                offset: 0.0,
                width: 0.7,
                stacked: true,
            },
            points: vec![[2025.0, v], [2026.0, v / 2.0]],
        };
        let chart = Chart {
            file_stem: "t".into(),
            title: "t".into(),
            subtitle: String::new(),
            x_title: String::new(),
            y_title: String::new(),
            series: vec![bars("一年级", 40.0), bars("二年级", 38.0)],
            y_absolute: false,
            y_include: Some(55.0),
            footer: String::new(),
        };
        let (x, y) = chart.bounds().unwrap();
        assert_eq!(x, [2024.65, 2026.35]);
        assert_eq!(y, [0.0, 78.0]);
        assert_eq!(chart.legend().len(), 2);
    }
}
