//! The sample county's report: what the project's brief describes (county-town
//! primaries short now and easing, junior schools short around 2029–2031,
//! rural schools shrinking), and a golden copy of the printed summary.
//! After an intended change, refresh the golden file with
//! `UPDATE_GOLDEN=1 cargo test --test main sample_report::` and read the diff.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::cli::report;
use seatcast::engine::Engine;
use seatcast::engine::outcome::{RowKind, Scope};
use seatcast::engine::scenario::Scenario;
use seatcast::grades::Level;
use seatcast::i18n::Lang;
use seatcast::import::ImportOptions;
use std::sync::Arc;

fn sample() -> Engine {
    let l = seatcast::sample::load_sample(&ImportOptions::default()).expect("sample loads");
    Engine::new(Arc::new(l.dataset))
}

#[test]
fn the_sample_county_tells_the_planners_story() {
    let engine = sample();
    let r = report::build(&engine, &Scenario::default())
        .expect("report")
        .outcome;
    let agg = &r.aggregates;
    let short = |level: Level, year: i32| {
        agg.iter()
            .find(|a| a.scope == Scope::Level(level) && a.year == year)
            .map(|a| a.shortfall)
            .unwrap_or(0.0)
    };
    // County-town primaries short now and easing.
    assert!(
        short(Level::Primary, 2025) > 500.0,
        "{}",
        short(Level::Primary, 2025)
    );
    assert!(short(Level::Primary, 2026) > short(Level::Primary, 2028));
    // By 2031 under a tenth of it (73 seats: the county-town schools
    // scaled to the county total the default chose).
    assert!(short(Level::Primary, 2031) < 0.1 * short(Level::Primary, 2025));
    // Junior schools short around 2029–2031, with the peak in that window.
    let junior_peak = (2026..=2040)
        .max_by(|a, b| short(Level::Junior, *a).total_cmp(&short(Level::Junior, *b)))
        .unwrap();
    assert!(
        (2029..=2031).contains(&junior_peak),
        "junior peak in {junior_peak}"
    );
    assert!(short(Level::Junior, 2025) == 0.0);
    // Rural schools shrink: every village school has fewer pupils in 2030 than in 2025.
    let d = &engine.dataset;
    let total = |s: usize, y: i32| {
        r.rows
            .iter()
            .find(|row| row.school == s && row.year == y)
            .map_or(0.0, |row| row.demand)
    };
    let villages: Vec<usize> = (0..d.schools.len())
        .filter(|&s| d.schools[s].locale == Some(seatcast::model::Locale::Rural))
        .collect();
    assert!(villages.len() >= 19);
    for &s in &villages {
        assert!(
            total(s, 2030) < total(s, 2025),
            "{} grows",
            d.schools[s].name
        );
    }
    // Observed and projected rows are told apart.
    assert!(
        r.rows
            .iter()
            .any(|row| row.kind == RowKind::Observed && row.year == 2025)
    );
    assert!(
        r.rows
            .iter()
            .all(|row| (row.kind == RowKind::Projected) == (row.year > 2025))
    );
}

#[test]
fn golden_summary() {
    let engine = sample();
    let r = report::build(&engine, &Scenario::default())
        .expect("report")
        .outcome;
    for (lang, file) in [
        (Lang::En, "tests/golden/sample-report-en.txt"),
        (Lang::Zh, "tests/golden/sample-report-zh.txt"),
    ] {
        let text = report::text(&r, lang);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(file, &text).unwrap();
        }
        let golden =
            std::fs::read_to_string(file).expect("golden file (UPDATE_GOLDEN=1 writes it)");
        assert_eq!(text, golden, "{file} differs");
    }
}

#[test]
fn report_tables_have_the_documented_columns() {
    let engine = sample();
    let r = report::build(&engine, &Scenario::default())
        .expect("report")
        .outcome;
    let summary = String::from_utf8(report::summary_csv(&r).unwrap()).unwrap();
    assert_eq!(
        summary.lines().next(),
        Some(
            "school_id,school_name,level,area,year,kind,demand,demand_low,demand_high,capacity,shortfall,spare,utilization,classes_needed,classrooms,avg_class_size,flags,warning"
        )
    );
    // Observed falls have no range; every projected demand sits inside its own.
    for line in summary.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (demand, low, high) = (f[6], f[7], f[8]);
        if f[5] == "observed" {
            assert_eq!((low, high), ("", ""), "{line}");
        } else {
            let (d, l, h): (f64, f64, f64) = (
                demand.parse().unwrap(),
                low.parse().unwrap(),
                high.parse().unwrap(),
            );
            assert!(l <= d && d <= h && l < h, "{line}");
        }
    }
    // 52 schools × 8 observed falls, and 15 projected years for the schools open in 2025.
    assert_eq!(summary.lines().count() - 1, 52 * 8 + 52 * 15);
    let projection = String::from_utf8(report::projection_csv(&r).unwrap()).unwrap();
    assert_eq!(
        projection.lines().next(),
        Some("school_id,year,grade,pupils,kind")
    );
    // The observed rows of projection.csv add up to the county's pupils.
    let observed_2025: f64 = projection
        .lines()
        .skip(1)
        .filter(|l| l.contains(",2025,") && l.ends_with(",observed"))
        .filter_map(|l| l.split(',').nth(3)?.parse::<f64>().ok())
        .sum();
    assert_eq!(observed_2025, 28647.0);
}

/// Each school's peak carries the 80 % range of its peak year (none when the
/// peak is the base fall, an observed count).
#[test]
fn a_schools_peak_carries_its_range() {
    let engine = sample();
    let r = report::build(&engine, &Scenario::default())
        .expect("report")
        .outcome;
    let base = r.projection.base_year;
    let mut projected_peaks = 0;
    for s in &r.schools {
        let row = r
            .school_rows(s.school)
            .iter()
            .find(|row| row.year == s.peak_year)
            .expect("the peak's row");
        if s.peak_year == base {
            assert_eq!(s.peak_range, None);
        } else {
            projected_peaks += 1;
            let band = row.band.expect("a projected row has a range");
            assert_eq!(s.peak_range, Some((band.low, band.high)));
            assert!(band.low < s.peak && s.peak < band.high);
        }
    }
    assert!(projected_peaks > 0);
}
