//! Saved charts and reports: PNGs decode at the size asked for and show the
//! chart; SVGs are XML with the title, axis titles and every series; the
//! Excel report opens with calamine, holds the engine's numbers and native
//! charts; Chinese survives in all three; `seatcast report --charts --xlsx`
//! writes the documented files.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use calamine::{Data, Reader, Xlsx};
use seatcast::chart::build::{self, Context};
use seatcast::chart::{Chart, Mark, palette, svg};
use seatcast::engine::scenario::Scenario;
use seatcast::engine::{Engine, Outcome};
use seatcast::export::files::{self, ChartFormat, ChartSize, ReportOptions};
use seatcast::export::xlsx;
use seatcast::i18n::Lang;
use seatcast::import::ImportOptions;
use std::io::{Cursor, Read};
use std::sync::Arc;

fn sample() -> (Engine, Outcome) {
    let l = seatcast::sample::load_sample(&ImportOptions::default()).expect("sample loads");
    let engine = Engine::new(Arc::new(l.dataset));
    let outcome = engine.outcome(&Scenario::default()).expect("outcome");
    (engine, outcome)
}

fn school(engine: &Engine, name: &str) -> usize {
    engine
        .dataset
        .schools
        .iter()
        .position(|s| s.name == name)
        .expect("school in the sample")
}

#[test]
fn png_has_the_size_asked_for_and_shows_the_chart() {
    let (engine, outcome) = sample();
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-11-22");
    let chart = build::county_demand(&cx);
    let size = ChartSize {
        width: 800.0,
        height: 450.0,
        scale: 2.0,
    };
    let bytes = files::chart_bytes(&chart, ChartFormat::Png, size).unwrap();
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1600, 900));
    // Not blank: plenty of ink, and the primary level's own blue is drawn.
    let ink = img.pixels().filter(|p| p.0 != [255, 255, 255]).count();
    assert!(ink > 1600 * 900 / 50, "only {ink} non-white pixels");
    let blue = palette::level(seatcast::grades::Level::Primary);
    let near = |p: &image::Rgb<u8>| {
        (p.0[0] as i32 - blue.0 as i32).abs() < 12
            && (p.0[1] as i32 - blue.1 as i32).abs() < 12
            && (p.0[2] as i32 - blue.2 as i32).abs() < 12
    };
    assert!(img.pixels().filter(|p| near(p)).count() > 500);

    // The default size is 1600 × 900 at 2×.
    let bytes = files::chart_bytes(&chart, ChartFormat::Png, ChartSize::default()).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (3200, 1800));
}

#[test]
fn chinese_titles_are_drawn_in_the_png() {
    // The same chart with and without its Chinese title: the title's band
    // gains ink only when the glyphs exist in the font.
    let (engine, outcome) = sample();
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-11-22");
    let with = build::county_gap(&cx);
    let mut without = with.clone();
    without.title = String::new();
    let size = ChartSize {
        width: 800.0,
        height: 450.0,
        scale: 1.0,
    };
    let band_ink = |c: &Chart| {
        let img = image::load_from_memory(&files::chart_bytes(c, ChartFormat::Png, size).unwrap())
            .unwrap()
            .to_rgb8();
        // The title sits in the top 30 pixels at this size.
        (0..30)
            .flat_map(|y| (0..400).map(move |x| (x, y)))
            .filter(|(x, y)| img.get_pixel(*x, *y).0[0] < 128)
            .count()
    };
    assert_eq!(band_ink(&without), 0);
    assert!(band_ink(&with) > 300, "{}", band_ink(&with));
}

#[test]
fn every_character_of_every_chart_is_in_the_built_in_font() {
    let (engine, outcome) = sample();
    let face = ttf_parser::Face::parse(seatcast::fonts::CJK_FONT, 0).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let derived = seatcast::engine::Derived::of(&outcome);
        let cx = Context::new(&engine, &outcome, &derived, lang, "2026-11-22");
        for chart in build::all(&cx) {
            let texts = [
                &chart.title,
                &chart.subtitle,
                &chart.x_title,
                &chart.y_title,
                &chart.footer,
            ]
            .into_iter()
            .cloned()
            .chain(chart.series.iter().map(|s| s.name.clone()));
            for t in texts {
                for c in t.chars() {
                    assert!(
                        face.glyph_index(c).is_some(),
                        "{c:?} of {t:?} ({}) has no glyph",
                        chart.file_stem
                    );
                }
            }
        }
    }
}

#[test]
fn svg_is_xml_with_title_axes_and_every_series() {
    let (engine, outcome) = sample();
    for lang in [Lang::Zh, Lang::En] {
        let derived = seatcast::engine::Derived::of(&outcome);
        let cx = Context::new(&engine, &outcome, &derived, lang, "2026-11-22");
        let i = school(&engine, "城关第一小学");
        for chart in [
            build::county_demand(&cx),
            build::births(&cx),
            build::school_grades(&cx, i),
        ] {
            // The document as drawn (the saved file has these as outlines,
            // `a_saved_svg_shows_its_chinese_text_without_any_font`).
            let text = svg::render(&chart, 1600.0, 900.0);
            let doc = resvg::usvg::roxmltree::Document::parse(&text).expect("valid XML");
            let texts: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.text())
                .collect();
            for want in [&chart.title, &chart.x_title, &chart.y_title] {
                assert!(
                    texts.contains(&want.as_str()),
                    "{want} missing in {}",
                    chart.file_stem
                );
            }
            for s in &chart.series {
                assert!(
                    texts.contains(&s.name.as_str()),
                    "series {} missing",
                    s.name
                );
            }
        }
    }
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-11-22");
    let text = svg::render(&build::county_demand(&cx), 1600.0, 900.0);
    assert!(text.contains(">各学段学位需求与容量</text>"));
    assert!(text.contains(">小学</text>") && text.contains(">初中</text>"));
    assert!(text.contains("情景：基准"));
}

#[test]
fn the_saved_chart_is_the_one_on_screen() {
    // The school chart holds the engine's pupils: its stacked bars sum to the
    // school's demand every year, and its capacity line is the school's.
    let (engine, outcome) = sample();
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::En, "2026-11-22");
    let i = school(&engine, "城关第一小学");
    let chart = build::school_grades(&cx, i);
    for r in outcome.school_rows(i) {
        let stacked: f64 = chart
            .series
            .iter()
            .filter(|s| matches!(s.mark, Mark::Bars { stacked: true, .. }))
            .filter_map(|s| s.points.iter().find(|p| p[0] == r.year as f64))
            .map(|p| p[1])
            .sum();
        assert!(
            (stacked - r.demand).abs() < 1e-6,
            "{}: {stacked} vs {}",
            r.year,
            r.demand
        );
    }
    let cap = chart.series.iter().find(|s| s.name == "capacity").unwrap();
    assert_eq!(
        cap.points[0][1],
        outcome.school_rows(i)[0].capacity.unwrap()
    );
}

fn cell_f64(d: &Data) -> Option<f64> {
    match d {
        Data::Float(v) => Some(*v),
        Data::Int(v) => Some(*v as f64),
        _ => None,
    }
}

#[test]
fn excel_report_holds_the_engines_numbers_and_native_charts() {
    let (engine, outcome) = sample();
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-11-22");
    let bytes = xlsx::workbook(&cx, "2026-11-22").unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("opens with calamine");
    let names = wb.sheet_names();
    let levels = xlsx::levels(&cx);
    // The report's sheets, the teachers' and then the 优质均衡 ones.
    let expected = xlsx::sheet_names(Lang::Zh, &levels, true);
    assert_eq!(names[..expected.len()], expected[..]);
    assert_eq!(names[expected.len()], xlsx::cv_sheet_name(Lang::Zh));
    assert!(names.contains(&"小学".to_string()) && names.contains(&"汇总".to_string()));

    // The primary sheet: the school's demand, capacity and shortfall per year.
    let sheet = wb.worksheet_range("小学").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][1], Data::String("学校名称".into()));
    let i = school(&engine, "城关第一小学");
    let row = rows
        .iter()
        .find(|r| r.get(1) == Some(&Data::String("城关第一小学".into())))
        .expect("the school's row");
    let mut checked = 0;
    for r in outcome.school_rows(i) {
        let label = format!(
            "{}（{}）",
            r.year,
            if r.year > outcome.projection.base_year {
                "预测"
            } else {
                "实际"
            }
        );
        let col = rows[0]
            .iter()
            .position(|c| *c == Data::String(label.clone()))
            .unwrap_or_else(|| panic!("no column {label}"));
        assert_eq!(
            cell_f64(&row[col]),
            Some(r.demand.round()),
            "{label} demand"
        );
        assert_eq!(
            cell_f64(&row[col + 1]),
            r.capacity.map(f64::round),
            "{label} capacity"
        );
        assert_eq!(
            cell_f64(&row[col + 2]),
            Some(r.shortfall.round()),
            "{label} short"
        );
        checked += 1;
    }
    assert_eq!(checked, 8 + 15);

    // The ranges sheet: the county's sums first, then every projected school-year,
    // each demand with the engine's 80 % range.
    let ranges = wb.worksheet_range("需求区间").unwrap();
    let rows: Vec<&[Data]> = ranges.rows().collect();
    assert_eq!(rows[0][5], Data::String("demand_low".into()));
    let county_2030 = outcome
        .aggregates
        .iter()
        .find(|a| a.scope == seatcast::engine::outcome::Scope::County && a.year == 2030)
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r[0] == Data::String("全县".into()) && cell_f64(&r[3]) == Some(2030.0))
        .expect("the county's 2030 row");
    assert_eq!(cell_f64(&row[4]), Some(county_2030.demand.round()));
    assert_eq!(cell_f64(&row[5]), county_2030.demand_low.map(f64::round));
    assert_eq!(cell_f64(&row[6]), county_2030.demand_high.map(f64::round));
    let school_rows = rows
        .iter()
        .filter(|r| r[0] == Data::String("学校".into()))
        .count();
    assert_eq!(school_rows, 52 * 15);
    // A sum of 52 schools is surer than one school: its range is narrower
    // for its size than the median school's.
    let width = |lo: f64, hi: f64, d: f64| (hi - lo) / d;
    let county_w = width(
        county_2030.demand_low.unwrap(),
        county_2030.demand_high.unwrap(),
        county_2030.demand,
    );
    let mut school_w: Vec<f64> = outcome
        .rows
        .iter()
        .filter(|r| r.year == 2030 && r.demand > 0.0)
        .filter_map(|r| r.band.map(|b| width(b.low, b.high, r.demand)))
        .collect();
    school_w.sort_by(f64::total_cmp);
    assert!(
        county_w < school_w[school_w.len() / 2],
        "{county_w} vs {school_w:?}"
    );

    // The summary sheet names the headline: the primary peak shortfall.
    let summary = wb.worksheet_range("汇总").unwrap();
    let peak = &outcome
        .headline
        .levels
        .iter()
        .find(|p| p.level == seatcast::grades::Level::Primary)
        .unwrap();
    let want = format!("缺口峰值 {:.0} 个学位（{} 年", peak.shortfall, peak.year);
    assert!(
        summary.rows().any(|r| r
            .iter()
            .any(|c| matches!(c, Data::String(s) if s.starts_with(&want)))),
        "{want}"
    );

    // Native charts: demand against capacity for the county and each area,
    // and the seats short where there are any (the county's among them).
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .map(|n| n.to_string())
        .collect();
    let mut xmls = Vec::new();
    for n in &names {
        let mut xml = String::new();
        zip.by_name(n).unwrap().read_to_string(&mut xml).unwrap();
        xmls.push(xml);
    }
    let lines = xmls.iter().filter(|x| x.contains("<c:lineChart>")).count();
    // The county, each area, and the teachers' establishment against its norm.
    assert_eq!(lines, 1 + build::areas(&cx).len() + 1);
    assert!(
        xmls.iter()
            .any(|x| x.contains("全县教职工：核定编制与在编"))
    );
    let county_short = xmls
        .iter()
        .find(|x| x.contains("<c:barChart>") && x.contains("全县：各校学位缺口之和"))
        .expect("the county's seats-short chart");
    assert!(county_short.contains("小学缺口") && county_short.contains("初中缺口"));
}

#[test]
fn report_folder_has_the_documented_files() {
    let (engine, outcome) = sample();
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::En, "2026-11-22");
    let dir = tempfile::tempdir().unwrap();
    let options = ReportOptions {
        charts: vec![ChartFormat::Svg],
        xlsx: true,
        size: ChartSize::default(),
        staff_names: false,
        csv_keys_en: false,
        encoding: seatcast::export::encoding::CsvEncoding::Utf8Bom,
    };
    let written = files::write_report(&cx, dir.path(), &options, "2026-11-22")
        .unwrap()
        .files;
    for name in [
        "summary.csv",
        "projection.csv",
        "aggregates.csv",
        "seats-primary.csv",
        "seats-junior.csv",
        "report.xlsx",
        "charts/county-demand-capacity.svg",
        "charts/county-shortfall-spare.svg",
        "charts/county-births.svg",
        "charts/area-城关镇-demand-capacity.svg",
    ] {
        assert!(dir.path().join(name).is_file(), "{name} missing");
    }
    let n_schools = engine.dataset.schools.len();
    let charts = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .count();
    // Three county charts, one per area, two or three per school.
    assert!(charts >= 3 + build::areas(&cx).len() + 2 * n_schools);
    // The seats table's primary row holds the same numbers as summary.csv.
    let seats = std::fs::read_to_string(dir.path().join("seats-primary.csv")).unwrap();
    let i = school(&engine, "城关第一小学");
    let r = outcome
        .school_rows(i)
        .iter()
        .find(|r| r.year == 2026)
        .unwrap();
    let header: Vec<&str> = seats.lines().next().unwrap().split(',').collect();
    let line = seats.lines().find(|l| l.contains("城关第一小学")).unwrap();
    let cells: Vec<&str> = line.split(',').collect();
    let at = header.iter().position(|h| *h == "2026_demand").unwrap();
    assert_eq!(cells[at], seatcast::export::round(r.demand, 1));
    assert_eq!(cells[at + 2], seatcast::export::round(r.shortfall, 1));
}

/// The teachers' sheets hold the engine's staffing, in both languages.
#[test]
fn the_workbooks_teachers_sheets_hold_the_engines_staffing() {
    let (engine, outcome) = sample();
    let t = seatcast::engine::teachers::Figures::of(&outcome).expect("the sample has staff");
    let one = |v: f64| (v * 10.0).round() / 10.0;
    for lang in [Lang::Zh, Lang::En] {
        let derived = seatcast::engine::Derived::of(&outcome);
        let cx = Context::new(&engine, &outcome, &derived, lang, "2026-12-02");
        let bytes = xlsx::workbook(&cx, "2026-12-02").unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("opens with calamine");
        let names = wb.sheet_names();
        let county_name = lang.pick("教师（全县）", "Teachers, county");
        assert!(names.iter().any(|n| n == county_name), "{names:?}");

        // The county: a row per year, the norm and the establishment.
        let county = wb.worksheet_range(county_name).unwrap();
        let rows: Vec<&[Data]> = county.rows().collect();
        assert_eq!(rows.len(), 1 + t.staffing.county.len());
        for (row, c) in rows[1..].iter().zip(&t.staffing.county) {
            assert_eq!(cell_f64(&row[0]), Some(c.year as f64));
            assert_eq!(cell_f64(&row[1]), Some(one(c.norm_staff)));
            assert_eq!(cell_f64(&row[2]), Some(one(c.on_establishment)));
            assert_eq!(cell_f64(&row[4]), Some(one(c.structural_shortage())));
        }

        // A school's subject balances in 2030.
        let i = school(&engine, "城关第二中学");
        let want = t
            .staffing
            .schools
            .iter()
            .find(|r| r.school == i && r.year == 2030)
            .expect("staffing for 2030");
        let by_school = wb
            .worksheet_range(lang.pick("教师（学校）", "Teachers by school"))
            .unwrap();
        let row = by_school
            .rows()
            .find(|r| {
                r.get(1) == Some(&Data::String("城关第二中学".into()))
                    && cell_f64(&r[3]) == Some(2030.0)
            })
            .expect("the school's 2030 row");
        assert_eq!(cell_f64(&row[4]), Some(one(want.norm.staff)));
        for (j, b) in want.subject_balance().into_iter().enumerate() {
            assert_eq!(cell_f64(&row[11 + j]), Some(one(b)), "subject {j}");
        }

        // The rotation: the counts, then a row per suggested move.
        let rotation = wb
            .worksheet_range(lang.pick("教师交流", "Rotation"))
            .unwrap();
        let rows: Vec<&[Data]> = rotation.rows().collect();
        assert_eq!(
            cell_f64(&rows[2][1]),
            Some(t.rotation.eligible.len() as f64)
        );
        assert_eq!(cell_f64(&rows[4][1]), Some(t.rotation.to_move as f64));
        assert_eq!(rows.len(), 9 + t.rotation.moves.len());
    }
}

/// The 优质均衡 sheets: the county's CVs and one ledger per school in
/// scope, each matching the engine.
#[test]
fn the_workbooks_ledgers_hold_the_engines_compliance() {
    use seatcast::engine::compliance::{Indicator, of_outcome};
    let (engine, outcome) = sample();
    let t = seatcast::engine::teachers::Figures::of(&outcome).expect("staff");
    let c = of_outcome(&outcome, Some(&t.staffing));
    let base = outcome.projection.base_year;
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-12-02");
    let bytes = xlsx::workbook(&cx, "2026-12-02").unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("opens with calamine");
    let names = wb.sheet_names();
    let in_scope: Vec<usize> = c
        .schools
        .iter()
        .filter(|r| r.year == base && r.in_scope())
        .map(|r| r.school)
        .collect();
    let ledgers: Vec<&String> = names.iter().filter(|n| n.starts_with("台账-")).collect();
    assert_eq!(ledgers.len(), in_scope.len());

    // The CVs, base year, primary: every indicator's CV to 3 decimals.
    let cv = wb.worksheet_range(xlsx::cv_sheet_name(Lang::Zh)).unwrap();
    let row = cv
        .rows()
        .find(|r| cell_f64(&r[0]) == Some(base as f64) && r[1] == Data::String("小学".into()))
        .expect("the base year's primary row");
    let want = c
        .variation
        .iter()
        .find(|v| v.year == base && v.stage == seatcast::grades::Level::Primary)
        .unwrap();
    for i in Indicator::ALL {
        let got = cell_f64(&row[4 + i.index()]);
        assert_eq!(
            got,
            want.cv[i.index()].map(|x| (x * 1000.0).round() / 1000.0),
            "{i:?}"
        );
    }

    // 城关第一小学's ledger: the base year's values and the fix.
    let i = school(&engine, "城关第一小学");
    let ledger = wb.worksheet_range("台账-城关第一小学").expect("its ledger");
    let rows: Vec<&[Data]> = ledger.rows().collect();
    let r = c.row(i, base).unwrap();
    let head = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("指标".into())))
        .expect("the table's header");
    for ind in Indicator::ALL {
        let line = rows[head + 1 + ind.index()];
        assert_eq!(
            cell_f64(&line[2]),
            r.value[ind.index()].map(|v| (v * 100.0).round() / 100.0),
            "{ind:?}"
        );
        assert_eq!(cell_f64(&line[1]), Some(r.threshold[ind.index()]));
    }
    let fix = c.fix(i).expect("城关第一小学 fails some year");
    let sports = rows[head + 1 + Indicator::Sports.index()];
    if fix.add.sports_m2 > 0.0 {
        let text = match &sports[8] {
            Data::String(s) => s.clone(),
            other => panic!("{other:?}"),
        };
        assert!(
            text.contains(&seatcast::i18n::thousands(fix.add.sports_m2.round() as i64)),
            "{text}"
        );
    }
}

/// The workbook's 汇总 sheet names an unnamed plan as the charts' footers
/// do: "未命名方案（N 项措施）", never "基准" (issue 39), and "基准" only
/// with no action.
#[test]
fn the_summary_sheet_names_the_plan_as_the_footer_does() {
    let l = seatcast::sample::load_sample(&ImportOptions::default()).expect("sample loads");
    let engine = Engine::new(Arc::new(l.dataset));
    let plan = seatcast::engine::plan::Action::Expand {
        year: 2026,
        school: "城关第二中学".into(),
        classrooms: 2.0,
        seats: 0.0,
    };
    for (actions, want) in [(vec![], "基准"), (vec![plan], "未命名方案（1 项措施）")] {
        let scenario = Scenario {
            actions,
            ..Scenario::default()
        };
        let outcome = engine.outcome(&scenario).expect("outcome");
        let derived = seatcast::engine::Derived::of(&outcome);
        let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-12-07");
        assert!(cx.footer.contains(want), "{}", cx.footer);
        let bytes = xlsx::workbook(&cx, "2026-12-07").unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("opens with calamine");
        let summary = wb.worksheet_range("汇总").unwrap();
        let name = summary
            .rows()
            .find(|r| r.first() == Some(&Data::String("情景名称".into())))
            .and_then(|r| r.get(1).cloned());
        assert_eq!(name, Some(Data::String(want.into())));
    }
}

/// Dark pixels drawn from an SVG document by a renderer that has no font at
/// all (as a machine without CJK fonts has none for Chinese).
fn ink_without_fonts(svg: &str) -> usize {
    use resvg::{tiny_skia, usvg};
    let options = usvg::Options {
        fontdb: std::sync::Arc::new(usvg::fontdb::Database::new()),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).expect("parses");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.pixels().iter().filter(|p| p.red() < 128).count()
}

/// A saved SVG chart keeps its Chinese text in a program with no CJK font
/// (issue 39: outside a browser the text was lost): the text is drawn as
/// outlines of the built-in font, its words kept in the title and
/// description.
#[test]
fn a_saved_svg_shows_its_chinese_text_without_any_font() {
    let (engine, outcome) = sample();
    let derived = seatcast::engine::Derived::of(&outcome);
    let cx = Context::new(&engine, &outcome, &derived, Lang::Zh, "2026-12-07");
    let chart = build::county_demand(&cx);
    let doc = svg::render(&chart, 1600.0, 900.0);
    let saved = files::chart_bytes(&chart, ChartFormat::Svg, ChartSize::default()).unwrap();
    let saved = String::from_utf8(saved).unwrap();
    // Without fonts the document as drawn loses every letter; the saved
    // one keeps them: far more ink.
    let (bare, outlined) = (ink_without_fonts(&doc), ink_without_fonts(&saved));
    assert!(outlined > bare + 5_000, "{outlined} vs {bare}");
    // No text element is left to draw; the words are in the title and
    // description, which no program draws.
    assert!(!saved.contains("<text"));
    assert!(saved.contains("<title>各学段学位需求与容量</title>"));
    assert!(saved.contains("小学 · 初中"), "{}", &saved[..600]);
}
