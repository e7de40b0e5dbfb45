//! The layout optimiser's sheet of the report: the proof (objective,
//! bound, gap), the totals against the greedy suggestion, one line per
//! decision with its year, and a native Excel chart of the seats short in
//! each projected fall with no action and with the optimised plan (both as
//! the engine projects them).

use super::Formats;
use crate::engine::Outcome;
use crate::engine::optimise::{Decision, Report as OptimiserReport};
use crate::i18n::Lang;
use crate::text::optimise::{caveat_lines, decision_line, price_rows, proof_line, totals_rows};
use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};

/// The optimiser's sheet's name in the workbook.
pub fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("优化方案", "Optimised plan")
}

pub(super) fn sheet(
    wb: &mut Workbook,
    o: &Outcome,
    r: &OptimiserReport,
    f: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    let name = sheet_name(lang);
    let ws = wb.add_worksheet().set_name(name)?;
    ws.write_string_with_format(
        0,
        0,
        lang.pick("布局优化方案", "The optimised layout"),
        &f.title,
    )?;
    ws.write_string(1, 0, proof_line(&r.optimised, lang))?;
    let caveats = caveat_lines(&r.optimised, lang);
    if !caveats.is_empty() {
        ws.write_string(2, 0, caveats.join(" "))?;
    }
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 16)?;
    // The totals against the greedy suggestion.
    let mut row = 3u32;
    ws.write_string_with_format(row, 0, "", &f.header)?;
    ws.write_string_with_format(
        row,
        1,
        lang.pick("优化方案（模型）", "Optimised (model)"),
        &f.header,
    )?;
    ws.write_string_with_format(
        row,
        2,
        lang.pick("按引擎逐年复核", "As the engine projects it"),
        &f.header,
    )?;
    ws.write_string_with_format(row, 3, lang.pick("贪心建议", "Greedy"), &f.header)?;
    for cells in totals_rows(&r.optimised, lang) {
        row += 1;
        for (c, cell) in cells.iter().enumerate() {
            ws.write_string(row, c as u16, cell)?;
        }
    }
    // Seats short by fall, before and after, and their chart.
    row += 2;
    let head = row;
    ws.write_string_with_format(head, 0, lang.pick("学年（秋季）", "Fall"), &f.header)?;
    ws.write_string_with_format(
        head,
        1,
        lang.pick("无措施：缺口", "No action: short"),
        &f.header,
    )?;
    ws.write_string_with_format(
        head,
        2,
        lang.pick("优化方案：缺口", "Optimised: short"),
        &f.header,
    )?;
    for (k, ((year, before), (_, after))) in r.before.iter().zip(&r.after).enumerate() {
        let rr = head + 1 + k as u32;
        ws.write_number(rr, 0, f64::from(*year))?;
        ws.write_number_with_format(rr, 1, before.round(), &f.number)?;
        ws.write_number_with_format(rr, 2, after.round(), &f.number)?;
    }
    let last = head + r.before.len().min(r.after.len()) as u32;
    if last > head {
        let mut chart = Chart::new(ChartType::Column);
        chart.title().set_name(lang.pick(
            "小学与初中各年学位缺口：无措施与优化方案（引擎预测）",
            "Primary and junior seats short by fall: no action and the optimised plan (as projected)",
        ));
        chart.x_axis().set_name(lang.pick("学年（秋季）", "Fall"));
        chart.y_axis().set_name(lang.pick("学位（个）", "Seats"));
        for c in 1..=2u16 {
            chart
                .add_series()
                .set_name((name, head, c))
                .set_categories((name, head + 1, 0, last, 0))
                .set_values((name, head + 1, c, last, c));
        }
        ws.insert_chart(3, 4, &chart)?;
        row = last;
    }
    // One line per decision.
    row += 2;
    ws.write_string_with_format(row, 0, lang.pick("学年（秋季）", "Fall"), &f.header)?;
    ws.write_string_with_format(row, 1, lang.pick("措施", "Decision"), &f.header)?;
    ws.set_column_width(1, 16)?;
    for dec in &r.optimised.decisions {
        row += 1;
        let (year, kind) = match dec {
            Decision::Close { year, .. } => (Some(*year), lang.pick("撤并", "close")),
            Decision::Downgrade { year, .. } => (Some(*year), lang.pick("改为教学点", "downgrade")),
            Decision::Expand { year, .. } => (Some(*year), lang.pick("扩建", "expand")),
            Decision::Open { year, .. } => (Some(*year), lang.pick("新建", "open")),
            Decision::Kept { .. } => (None, lang.pick("保留", "keep")),
        };
        if let Some(y) = year {
            ws.write_number(row, 0, f64::from(y))?;
        }
        ws.write_string(row, 1, kind)?;
        ws.write_string(row, 2, decision_line(&o.dataset, dec, lang))?;
    }
    // The prices it was costed at, sourced or assumed.
    row += 2;
    ws.write_string_with_format(row, 0, lang.pick("价格", "Price"), &f.header)?;
    ws.write_string_with_format(row, 1, lang.pick("取值", "Value"), &f.header)?;
    ws.write_string_with_format(row, 2, lang.pick("来源", "Source"), &f.header)?;
    for (what, value, source) in price_rows(&r.optimised.prices, lang) {
        row += 1;
        ws.write_string(row, 0, what)?;
        ws.write_string(row, 1, value)?;
        ws.write_string(row, 2, source)?;
    }
    Ok(())
}
