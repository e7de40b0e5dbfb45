//! The Excel report: a summary sheet (headline figures, the scenario, the
//! data, the date); a sheet per level with the school × year table of
//! demand, capacity and shortfall (red shortfall, amber high use, grey
//! under-use; frozen header; widths set); the projection by grade; the
//! flags; and native Excel charts of demand against capacity for the county
//! and each area, so the charts stay editable. Sheet names and headers in
//! the language asked for.

use crate::chart::build::{Context, areas};
use crate::chart::palette::{self, Rgb};
use crate::engine::outcome::{RowKind, SchoolYear, Scope};
use crate::engine::scenario::{BirthsExtrapolation, Estimator, Method};
use crate::grades::Level;
use crate::i18n::Lang;
use crate::text::labels::*;
use rust_xlsxwriter::{
    Chart, ChartLineDashType, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule,
    ConditionalFormatFormula, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};
mod summary;
use summary::*;

fn color(c: Rgb) -> Color {
    Color::RGB(((c.0 as u32) << 16) | ((c.1 as u32) << 8) | c.2 as u32)
}

struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    number: Format,
    decimal: Format,
    decimal2: Format,
    decimal3: Format,
    percent: Format,
    red: Format,
    amber: Format,
    grey: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xe8eef4))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_text_wrap();
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            header,
            number: Format::new().set_num_format("#,##0"),
            decimal: Format::new().set_num_format("#,##0.0"),
            decimal2: Format::new().set_num_format("#,##0.00"),
            decimal3: Format::new().set_num_format("0.000"),
            percent: Format::new().set_num_format("0%"),
            red: Format::new()
                .set_background_color(Color::RGB(0xf8c9c9))
                .set_font_color(Color::RGB(0x9c0006)),
            amber: Format::new()
                .set_background_color(Color::RGB(0xffe7a8))
                .set_font_color(Color::RGB(0x7a5200)),
            grey: Format::new()
                .set_background_color(Color::RGB(0xe4e4e4))
                .set_font_color(Color::RGB(0x555555)),
        }
    }
}

mod compliance;
mod optimiser;
mod teachers;

pub use compliance::{MAX_LEDGER_SHEETS, cv_sheet_name, ledger_sheet_name};
pub use optimiser::sheet_name as optimiser_sheet_name;

/// Sheet names of the report in a language, for readers and tests; `staff`:
/// the data has a staff roster, so the teachers' sheets follow.
pub fn sheet_names(lang: Lang, levels: &[Level], staff: bool) -> Vec<String> {
    let mut out = vec![lang.pick("汇总", "Summary").to_string()];
    out.extend(levels.iter().map(|l| level_sheet(*l, lang)));
    out.extend(
        [
            lang.pick("分年级", "By grade"),
            lang.pick("标记", "Flags"),
            lang.pick("需求区间", "Ranges"),
            lang.pick("图表", "Charts"),
        ]
        .map(String::from),
    );
    if staff {
        out.extend(teachers::sheet_names(lang));
    }
    out
}

fn level_sheet(level: Level, lang: Lang) -> String {
    level.name(lang).to_string()
}

/// The levels with a school, in level order.
pub fn levels(cx: &Context) -> Vec<Level> {
    Level::ALL
        .into_iter()
        .filter(|l| cx.outcome.dataset.schools.iter().any(|s| s.level == *l))
        .collect()
}

/// The whole report as .xlsx bytes. `generated` is the date printed on it.
pub fn workbook(cx: &Context, generated: &str) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // The file's creation time: the clock's, or SOURCE_DATE_EPOCH's.
    if let Ok(created) = ExcelDateTime::from_timestamp(crate::export::files::now_secs()) {
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    }
    let levels = levels(cx);
    let names = sheet_names(cx.lang, &levels, false);
    summary_sheet(wb.add_worksheet().set_name(&names[0])?, cx, &f, generated)?;
    for (level, name) in levels.iter().zip(&names[1..]) {
        write_level_sheet(wb.add_worksheet().set_name(name)?, cx, &f, *level)?;
    }
    let n = names.len();
    grade_sheet(wb.add_worksheet().set_name(&names[n - 4])?, cx, &f)?;
    flags_sheet(wb.add_worksheet().set_name(&names[n - 3])?, cx, &f)?;
    ranges_sheet(wb.add_worksheet().set_name(&names[n - 2])?, cx, &f)?;
    let charts_name = names[n - 1].clone();
    charts_sheet(
        wb.add_worksheet().set_name(&charts_name)?,
        &charts_name,
        cx,
        &f,
    )?;
    let derived = cx.derived();
    if let Some(t) = &derived.teachers {
        teachers::sheets(&mut wb, cx, &f, &t.staffing, &t.rotation)?;
    }
    if let Some(c) = &derived.ledger {
        let mut taken = names.clone();
        if derived.teachers.is_some() {
            taken.extend(teachers::sheet_names(cx.lang));
        }
        compliance::sheets(&mut wb, cx, &f, c, &mut taken)?;
    }
    if let Some(r) = cx.optimiser {
        optimiser::sheet(&mut wb, cx.outcome, r, &f, cx.lang)?;
    }
    wb.save_to_buffer()
}

/// Rows of one school, by year, indexed by year − first.
fn by_year(rows: &[SchoolYear], first: i32, n: usize) -> Vec<Option<&SchoolYear>> {
    let mut out = vec![None; n];
    for r in rows {
        let k = (r.year - first) as usize;
        if k < n {
            out[k] = Some(r);
        }
    }
    out
}

fn year_span(cx: &Context) -> (i32, usize) {
    let p = &cx.outcome.projection;
    let first = cx
        .outcome
        .rows
        .iter()
        .map(|r| r.year)
        .min()
        .unwrap_or(p.base_year);
    let last = p.base_year + p.horizon as i32;
    (first, (last - first + 1).max(0) as usize)
}

/// Schools × years: demand, capacity and shortfall side by side per year.
fn write_level_sheet(
    ws: &mut Worksheet,
    cx: &Context,
    f: &Formats,
    level: Level,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    let o = cx.outcome;
    let (first, n) = year_span(cx);
    let base = o.projection.base_year;
    let fixed = [
        lang.pick("学校代码", "School id"),
        lang.pick("学校名称", "School"),
        lang.pick("片区", "Area"),
    ];
    for (c, h) in fixed.iter().enumerate() {
        ws.merge_range(0, c as u16, 1, c as u16, h, &f.header)?;
    }
    ws.set_column_width(0, 11)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 10)?;
    let sub = [
        lang.pick("需求", "Demand"),
        lang.pick("容量", "Capacity"),
        lang.pick("缺口", "Short"),
    ];
    for k in 0..n {
        let year = first + k as i32;
        let c = 3 + 3 * k as u16;
        let label = match (lang, year > base) {
            (Lang::Zh, false) => format!("{year}（实际）"),
            (Lang::Zh, true) => format!("{year}（预测）"),
            (Lang::En, false) => format!("{year} (observed)"),
            (Lang::En, true) => format!("{year} (projected)"),
        };
        ws.merge_range(0, c, 0, c + 2, &label, &f.header)?;
        for (j, h) in sub.iter().enumerate() {
            ws.write_string_with_format(1, c + j as u16, *h, &f.header)?;
            ws.set_column_width(c + j as u16, 8.5)?;
        }
    }
    let schools: Vec<usize> = (0..d.schools.len())
        .filter(|i| d.schools[*i].level == level)
        .collect();
    let mut row = 2u32;
    for &i in &schools {
        let s = &d.schools[i];
        ws.write_string(row, 0, s.id.as_deref().unwrap_or(""))?;
        ws.write_string(row, 1, &s.name)?;
        ws.write_string(row, 2, s.area.as_deref().unwrap_or(""))?;
        for (k, r) in by_year(o.school_rows(i), first, n).into_iter().enumerate() {
            let Some(r) = r else { continue };
            let c = 3 + 3 * k as u16;
            ws.write_number_with_format(row, c, r.demand.round(), &f.number)?;
            if let Some(cap) = r.capacity {
                ws.write_number_with_format(row, c + 1, cap.round(), &f.number)?;
            }
            ws.write_number_with_format(row, c + 2, r.shortfall.round(), &f.number)?;
        }
        row += 1;
    }
    // The level's totals: the engine's sums.
    if !schools.is_empty() {
        ws.write_string_with_format(row, 1, lang.pick("合计", "Total"), &f.bold)?;
        for a in o
            .aggregates
            .iter()
            .filter(|a| a.scope == Scope::Level(level))
        {
            let k = a.year - first;
            if k < 0 || k as usize >= n {
                continue;
            }
            let c = 3 + 3 * k as u16;
            ws.write_number_with_format(row, c, a.demand.round(), &f.number)?;
            ws.write_number_with_format(row, c + 1, a.capacity.round(), &f.number)?;
            ws.write_number_with_format(row, c + 2, a.shortfall.round(), &f.number)?;
        }
        let last = row - 1;
        let t = &o.scenario.thresholds;
        for k in 0..n {
            let c = 3 + 3 * k as u16;
            ws.add_conditional_format(
                2,
                c + 2,
                last,
                c + 2,
                &ConditionalFormatCell::new()
                    .set_rule(ConditionalFormatCellRule::GreaterThan(0))
                    .set_format(&f.red),
            )?;
            // Demand cells: amber over the high-use line, grey under the low one.
            let dcell = cell_name(2, c);
            let ccell = cell_name(2, c + 1);
            for (rule, fmt) in [
                (
                    format!(
                        "=AND(ISNUMBER({ccell}),{ccell}>0,{dcell}/{ccell}>{})",
                        t.high_utilisation
                    ),
                    &f.amber,
                ),
                (
                    format!(
                        "=AND(ISNUMBER({ccell}),{ccell}>0,{dcell}/{ccell}<{})",
                        t.low_utilisation
                    ),
                    &f.grey,
                ),
            ] {
                ws.add_conditional_format(
                    2,
                    c,
                    last,
                    c,
                    &ConditionalFormatFormula::new()
                        .set_rule(rule.as_str())
                        .set_format(fmt),
                )?;
            }
        }
    }
    ws.set_freeze_panes(2, 3)?;
    Ok(())
}

/// A cell's A1 name with the row relative (e.g. `D3`), for formulas.
fn cell_name(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn kind_name(k: RowKind, lang: Lang) -> &'static str {
    match k {
        RowKind::Observed => lang.pick("实际", "observed"),
        RowKind::Projected => lang.pick("预测", "projected"),
    }
}

/// Pupils by school, year and grade.
fn grade_sheet(ws: &mut Worksheet, cx: &Context, f: &Formats) -> Result<(), XlsxError> {
    use crate::engine::method::{GRADE_SLOTS, grade_of_slot};
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    let o = cx.outcome;
    let base = o.projection.base_year;
    header_row(
        ws,
        f,
        &[
            (lang.pick("学校代码", "School id"), 11.0),
            (lang.pick("学校名称", "School"), 22.0),
            (lang.pick("学年", "Year"), 8.0),
            (lang.pick("年级", "Grade"), 10.0),
            (lang.pick("学生数", "Pupils"), 9.0),
            (lang.pick("类型", "Kind"), 9.0),
        ],
    )?;
    let mut row = 1u32;
    for r in &o.rows {
        let s = &d.schools[r.school];
        for slot in 0..GRADE_SLOTS {
            let g = grade_of_slot(slot);
            if !s.span.contains(g) {
                continue;
            }
            let v = match r.kind {
                RowKind::Observed => cx.outcome.observed.pupils_at(r.school, r.year, slot),
                RowKind::Projected => o.projection.grades(r.school, (r.year - base) as usize)[slot],
            };
            ws.write_string(row, 0, s.id.as_deref().unwrap_or(""))?;
            ws.write_string(row, 1, &s.name)?;
            ws.write_number(row, 2, r.year as f64)?;
            ws.write_string(row, 3, g.label(d.grade_system, lang))?;
            ws.write_number_with_format(row, 4, (v * 10.0).round() / 10.0, &f.decimal)?;
            ws.write_string(row, 5, kind_name(r.kind, lang))?;
            row += 1;
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1), 5)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Every projected demand with its 80 % range (`demand_low`, `demand_high`):
/// the county, areas and levels first, then each school.
fn ranges_sheet(ws: &mut Worksheet, cx: &Context, f: &Formats) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    let o = cx.outcome;
    header_row(
        ws,
        f,
        &[
            (lang.pick("范围", "Scope"), 10.0),
            (lang.pick("名称", "Name"), 22.0),
            (lang.pick("学段", "Level"), 9.0),
            (lang.pick("学年", "Year"), 8.0),
            (lang.pick("需求", "Demand"), 10.0),
            ("demand_low", 11.0),
            ("demand_high", 11.0),
        ],
    )?;
    let mut row = 1u32;
    let mut put = |ws: &mut Worksheet,
                   scope: &str,
                   name: &str,
                   level: &str,
                   year: i32,
                   demand: f64,
                   range: Option<(f64, f64)>|
     -> Result<(), XlsxError> {
        ws.write_string(row, 0, scope)?;
        ws.write_string(row, 1, name)?;
        ws.write_string(row, 2, level)?;
        ws.write_number(row, 3, year as f64)?;
        ws.write_number_with_format(row, 4, demand.round(), &f.number)?;
        if let Some((lo, hi)) = range {
            ws.write_number_with_format(row, 5, lo.round(), &f.number)?;
            ws.write_number_with_format(row, 6, hi.round(), &f.number)?;
        }
        row += 1;
        Ok(())
    };
    for a in o.aggregates.iter().filter(|a| a.kind == RowKind::Projected) {
        let (scope, name, level) = match &a.scope {
            Scope::County => (lang.pick("全县", "county"), String::new(), ""),
            Scope::Area(n) => (lang.pick("片区", "area"), n.clone(), ""),
            Scope::Level(l) => (lang.pick("学段", "level"), String::new(), l.name(lang)),
        };
        let range = a.demand_low.zip(a.demand_high);
        put(ws, scope, &name, level, a.year, a.demand, range)?;
    }
    for r in o.rows.iter().filter(|r| r.kind == RowKind::Projected) {
        let s = &d.schools[r.school];
        let range = r.band.map(|b| (b.low, b.high));
        put(
            ws,
            lang.pick("学校", "school"),
            &s.name,
            s.level.name(lang),
            r.year,
            r.demand,
            range,
        )?;
    }
    ws.autofilter(0, 0, row.saturating_sub(1), 6)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A header row of (title, column width) in the first row.
fn header_row(ws: &mut Worksheet, f: &Formats, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (c, (title, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, &f.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

/// Every school-year with a flag or a shortfall: class sizes, use, warning.
fn flags_sheet(ws: &mut Worksheet, cx: &Context, f: &Formats) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    header_row(
        ws,
        f,
        &[
            (lang.pick("学校代码", "School id"), 11.0),
            (lang.pick("学校名称", "School"), 22.0),
            (lang.pick("学段", "Level"), 10.0),
            (lang.pick("学年", "Year"), 8.0),
            (lang.pick("类型", "Kind"), 9.0),
            (lang.pick("需求", "Demand"), 9.0),
            (lang.pick("容量", "Capacity"), 9.0),
            (lang.pick("使用率", "Utilisation"), 9.0),
            (lang.pick("平均班额", "Avg class"), 9.0),
            (lang.pick("标记", "Flags"), 22.0),
            (lang.pick("预警", "Warning"), 20.0),
        ],
    )?;
    let mut row = 1u32;
    for r in &cx.outcome.rows {
        let labels = r.flags.labels(lang);
        if labels.is_empty() && r.shortfall <= 0.0 {
            continue;
        }
        let s = &d.schools[r.school];
        ws.write_string(row, 0, s.id.as_deref().unwrap_or(""))?;
        ws.write_string(row, 1, &s.name)?;
        ws.write_string(row, 2, s.level.name(lang))?;
        ws.write_number(row, 3, r.year as f64)?;
        ws.write_string(row, 4, kind_name(r.kind, lang))?;
        ws.write_number_with_format(row, 5, r.demand.round(), &f.number)?;
        if let Some(c) = r.capacity {
            ws.write_number_with_format(row, 6, c.round(), &f.number)?;
        }
        if let Some(u) = r.utilisation {
            ws.write_number_with_format(row, 7, u, &f.percent)?;
        }
        if let Some(a) = r.avg_class_size {
            ws.write_number_with_format(row, 8, (a * 10.0).round() / 10.0, &f.decimal)?;
        }
        ws.write_string(row, 9, labels.join(lang.pick("、", ", ")))?;
        let fmt = match r.warning {
            crate::engine::outcome::Warning::Red => Some(&f.red),
            crate::engine::outcome::Warning::Amber => Some(&f.amber),
            crate::engine::outcome::Warning::Grey => Some(&f.grey),
            _ => None,
        };
        let w = crate::chart::palette::warning_label(r.warning, lang);
        match fmt {
            Some(fmt) => ws.write_string_with_format(row, 10, w, fmt)?,
            None => ws.write_string(row, 10, w)?,
        };
        row += 1;
    }
    ws.autofilter(0, 0, row.saturating_sub(1), 10)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// For the county and each area: a small table of demand, capacity and
/// seats short per level by year, a native line chart of demand against
/// capacity and a native stacked column chart of the seats short, beside it.
fn charts_sheet(
    ws: &mut Worksheet,
    sheet: &str,
    cx: &Context,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    let (first, n) = year_span(cx);
    let base = cx.outcome.projection.base_year;
    let mut scopes: Vec<(String, Option<String>)> =
        vec![(lang.pick("全县", "County").to_string(), None)];
    scopes.extend(areas(cx).into_iter().map(|a| (a.clone(), Some(a))));
    let mut row = 0u32;
    ws.set_column_width(0, 10)?;
    for (title, area) in scopes {
        let keep = |i: usize| area.is_none() || d.schools[i].area == area;
        // Sums per level and year: demand, capacity, the schools' shortfalls.
        let mut table: Vec<(Level, [Vec<f64>; 3])> = Vec::new();
        for level in Level::ALL {
            let mut sums = [vec![0.0; n], vec![0.0; n], vec![0.0; n]];
            let mut any = false;
            for r in &cx.outcome.rows {
                if d.schools[r.school].level != level || !keep(r.school) {
                    continue;
                }
                let k = (r.year - first) as usize;
                if k < n {
                    sums[0][k] += r.demand;
                    sums[1][k] += r.capacity.unwrap_or(0.0);
                    sums[2][k] += r.shortfall;
                    any = true;
                }
            }
            if any {
                table.push((level, sums));
            }
        }
        if table.is_empty() {
            continue;
        }
        ws.write_string_with_format(row, 0, &title, &f.bold)?;
        let head = row + 1;
        ws.write_string_with_format(head, 0, lang.pick("学年", "Year"), &f.header)?;
        for k in 0..n {
            ws.write_number(head + 1 + k as u32, 0, (first + k as i32) as f64)?;
        }
        let (r0, r1) = (head + 1, head + n as u32);
        let mut lines = Chart::new(ChartType::Line);
        lines.title().set_name(&match lang {
            Lang::Zh => format!("{title}：学位需求与容量（{base} 年以后为预测）"),
            Lang::En => format!("{title}: seats needed and available (projected after {base})"),
        });
        lines
            .x_axis()
            .set_name(lang.pick("学年（秋季）", "School year (fall)"));
        lines
            .y_axis()
            .set_name(lang.pick("学生数 / 学位数（人）", "Pupils / seats"));
        let mut columns = Chart::new(ChartType::ColumnStacked);
        columns.title().set_name(&match lang {
            Lang::Zh => format!("{title}：各校学位缺口之和（{base} 年以后为预测）"),
            Lang::En => format!("{title}: seats short, schools summed (projected after {base})"),
        });
        columns
            .x_axis()
            .set_name(lang.pick("学年（秋季）", "School year (fall)"));
        columns.y_axis().set_name(lang.pick("学位（个）", "Seats"));
        let what = [
            lang.pick("需求", " demand"),
            lang.pick("容量", " capacity"),
            lang.pick("缺口", " short"),
        ];
        let mut col = 1u16;
        let mut short_series = 0;
        for (level, sums) in &table {
            let name = level.name(lang);
            let level_color = color(palette::level(*level));
            for (j, values) in sums.iter().enumerate() {
                let c = col + j as u16;
                ws.write_string_with_format(head, c, format!("{name}{}", what[j]), &f.header)?;
                ws.set_column_width(c, 12)?;
                for (k, v) in values.iter().enumerate() {
                    ws.write_number_with_format(head + 1 + k as u32, c, v.round(), &f.number)?;
                }
                if j == 2 {
                    if values.iter().any(|v| *v > 0.0) {
                        short_series += 1;
                        columns
                            .add_series()
                            .set_name((sheet, head, c))
                            .set_categories((sheet, r0, 0, r1, 0))
                            .set_values((sheet, r0, c, r1, c))
                            .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                                rust_xlsxwriter::ChartSolidFill::new().set_color(level_color),
                            ));
                    }
                    continue;
                }
                let mut line = rust_xlsxwriter::ChartLine::new();
                line.set_color(level_color)
                    .set_width(if j == 0 { 2.25 } else { 1.5 });
                if j == 1 {
                    line.set_dash_type(ChartLineDashType::RoundDot);
                }
                lines
                    .add_series()
                    .set_name((sheet, head, c))
                    .set_categories((sheet, r0, 0, r1, 0))
                    .set_values((sheet, r0, c, r1, c))
                    .set_format(&mut line);
            }
            col += 3;
        }
        let chart_col = (col + 1).max(6);
        ws.insert_chart(row, chart_col, &lines)?;
        if short_series > 0 {
            ws.insert_chart(row, chart_col + 8, &columns)?;
        }
        // A chart is about 15 rows tall; the table n + 2.
        row += (n as u32 + 3).max(17);
    }
    Ok(())
}
