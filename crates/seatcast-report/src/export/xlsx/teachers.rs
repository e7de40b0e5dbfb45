//! The workbook's teachers' sheets (docs/teachers.md), when the data has a
//! staff roster: the county by year (总量 against 结构性, recruitment,
//! with a native chart of the establishment against its norm), the county
//! by year and subject, each school by year with its subjects' balances,
//! and the base year's rotation. Counts only: no names, no staff numbers.

use super::{Formats, color, header_row};
use crate::chart::palette;
use crate::engine::teachers::{Rotation, Staffing};
use crate::i18n::Lang;
use crate::text::labels::*;
use rust_xlsxwriter::{Chart, ChartType, Workbook, Worksheet, XlsxError};

/// The teachers' sheet names, in the order they are written.
pub fn sheet_names(lang: Lang) -> [String; 4] {
    [
        lang.pick("教师（全县）", "Teachers, county"),
        lang.pick("教师（学科）", "Teachers by subject"),
        lang.pick("教师（学校）", "Teachers by school"),
        lang.pick("教师交流", "Rotation"),
    ]
    .map(String::from)
}

/// Every teachers' sheet into the workbook.
pub fn sheets(
    wb: &mut Workbook,
    cx: &crate::chart::build::Context,
    f: &Formats,
    s: &Staffing,
    rotation: &Rotation,
) -> Result<(), XlsxError> {
    let names = sheet_names(cx.lang);
    county_sheet(wb.add_worksheet().set_name(&names[0])?, &names[0], cx, f, s)?;
    subjects_sheet(wb.add_worksheet().set_name(&names[1])?, cx, f, s)?;
    schools_sheet(wb.add_worksheet().set_name(&names[2])?, cx, f, s)?;
    rotation_sheet(wb.add_worksheet().set_name(&names[3])?, cx, f, s, rotation)?;
    Ok(())
}

fn one(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn county_sheet(
    ws: &mut Worksheet,
    sheet: &str,
    cx: &crate::chart::build::Context,
    f: &Formats,
    s: &Staffing,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    header_row(
        ws,
        f,
        &[
            (lang.pick("学年", "Year"), 8.0),
            (lang.pick("核定编制", "Norm"), 10.0),
            (lang.pick("在编教职工", "On the establishment"), 12.0),
            (lang.pick("超编(+)/缺编(−)", "Over (+) / under (−)"), 12.0),
            (
                lang.pick(
                    "结构性缺编（全县学科缺口）",
                    "Structural shortage (county, by subject)",
                ),
                16.0,
            ),
            (
                lang.pick("各校学科缺口之和", "Subject posts short at schools"),
                14.0,
            ),
            (lang.pick("当年需招聘", "To recruit this year"), 11.0),
            (lang.pick("计划招聘累计", "Planned recruits so far"), 12.0),
            (lang.pick("含招聘在编", "Establishment with recruits"), 12.0),
            (lang.pick("招聘后仍缺", "Still short after recruits"), 12.0),
        ],
    )?;
    for (k, c) in s.county.iter().enumerate() {
        let r = 1 + k as u32;
        ws.write_number(r, 0, c.year as f64)?;
        let values = [
            c.norm_staff,
            c.on_establishment,
            c.on_establishment - c.norm_staff,
            c.structural_shortage(),
            c.short_at_schools.iter().sum(),
            c.recruit.iter().sum(),
            c.hired.iter().sum(),
            c.establishment_with_hires(),
            c.shortage_after_hiring(),
        ];
        for (j, v) in values.into_iter().enumerate() {
            ws.write_number_with_format(r, 1 + j as u16, one(v), &f.decimal)?;
        }
    }
    let n = s.county.len() as u32;
    if n > 0 {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(lang.pick(
            "全县教职工：核定编制与在编",
            "County staff: the norm and the establishment",
        ));
        chart
            .x_axis()
            .set_name(lang.pick("学年（秋季）", "School year (fall)"));
        chart.y_axis().set_name(lang.pick("教职工（人）", "Staff"));
        for (col, rgb) in [(1u16, palette::series(0)), (2, palette::INK)] {
            let mut line = rust_xlsxwriter::ChartLine::new();
            line.set_color(color(rgb)).set_width(2.25);
            chart
                .add_series()
                .set_name((sheet, 0, col))
                .set_categories((sheet, 1, 0, n, 0))
                .set_values((sheet, 1, col, n, col))
                .set_format(&mut line);
        }
        ws.insert_chart(n + 2, 0, &chart)?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

fn subjects_sheet(
    ws: &mut Worksheet,
    cx: &crate::chart::build::Context,
    f: &Formats,
    s: &Staffing,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let norms = cx.outcome.scenario.teachers.norms();
    header_row(
        ws,
        f,
        &[
            (lang.pick("学年", "Year"), 8.0),
            (lang.pick("学科", "Subject"), 22.0),
            (lang.pick("所需教师", "Needed"), 10.0),
            (lang.pick("在岗教师", "Teachers"), 10.0),
            (lang.pick("全县余缺", "County balance"), 10.0),
            (lang.pick("各校缺口之和", "Short at schools"), 12.0),
            (lang.pick("各校富余之和", "Over at schools"), 12.0),
            (lang.pick("当年需招聘", "To recruit"), 10.0),
            (lang.pick("计划招聘累计", "Planned recruits so far"), 12.0),
        ],
    )?;
    let mut r = 1u32;
    for c in &s.county {
        for (j, key) in s.subjects.iter().enumerate() {
            ws.write_number(r, 0, c.year as f64)?;
            ws.write_string(r, 1, norms.curriculum.name(key, lang))?;
            let balance = c.teachers_by_subject[j] - c.need_by_subject[j];
            let values = [
                c.need_by_subject[j],
                c.teachers_by_subject[j],
                balance,
                c.short_at_schools[j],
                c.over_at_schools[j],
                c.recruit[j],
                c.hired.get(j).copied().unwrap_or(0.0),
            ];
            for (k, v) in values.into_iter().enumerate() {
                let fmt = if k == 2 && v <= -0.5 {
                    &f.red
                } else {
                    &f.decimal
                };
                ws.write_number_with_format(r, 2 + k as u16, one(v), fmt)?;
            }
            r += 1;
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1), 8)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn schools_sheet(
    ws: &mut Worksheet,
    cx: &crate::chart::build::Context,
    f: &Formats,
    s: &Staffing,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    let norms = cx.outcome.scenario.teachers.norms();
    let mut columns: Vec<(String, f64)> = [
        (lang.pick("学校代码", "School id"), 11.0),
        (lang.pick("学校名称", "School"), 22.0),
        (lang.pick("乡镇（街道）", "Area"), 10.0),
        (lang.pick("学年", "Year"), 8.0),
        (lang.pick("核定编制", "Norm"), 9.0),
        (lang.pick("其中寄宿增编", "of which boarding"), 9.0),
        (lang.pick("在编", "On the establishment"), 10.0),
        (lang.pick("编制余缺", "Establishment balance"), 10.0),
        (
            lang.pick("按课时需教师", "Teachers needed by periods"),
            11.0,
        ),
        (lang.pick("在岗专任教师", "Teachers there"), 10.0),
        (lang.pick("学科缺口合计", "Subject posts short"), 10.0),
    ]
    .map(|(t, w)| (t.to_string(), w))
    .to_vec();
    for key in &s.subjects {
        let name = norms.curriculum.name(key, lang);
        columns.push((
            match lang {
                Lang::Zh => format!("{name}余缺"),
                Lang::En => format!("{name} balance"),
            },
            10.0,
        ));
    }
    let borrowed: Vec<(&str, f64)> = columns.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    header_row(ws, f, &borrowed)?;
    let mut r = 1u32;
    for row in &s.schools {
        let school = &d.schools[row.school];
        ws.write_string(r, 0, school.id.as_deref().unwrap_or(""))?;
        ws.write_string(r, 1, &school.name)?;
        ws.write_string(r, 2, school.area.as_deref().unwrap_or(""))?;
        ws.write_number(r, 3, row.year as f64)?;
        let balances = row.subject_balance();
        let short: f64 = balances.iter().map(|b| (-b).max(0.0)).sum();
        let values = [
            row.norm.staff,
            row.norm.by_boarders,
            row.on_establishment,
            row.establishment_balance(),
            row.periods.total(),
            row.teachers.iter().sum::<f64>() + row.teachers_unplaced,
            short,
        ];
        for (k, v) in values.into_iter().enumerate() {
            ws.write_number_with_format(r, 4 + k as u16, one(v), &f.decimal)?;
        }
        for (j, b) in balances.into_iter().enumerate() {
            let fmt = if b <= -0.5 { &f.red } else { &f.decimal };
            ws.write_number_with_format(r, 11 + j as u16, one(b), fmt)?;
        }
        r += 1;
    }
    ws.autofilter(
        0,
        0,
        r.saturating_sub(1),
        borrowed.len().saturating_sub(1) as u16,
    )?;
    ws.set_freeze_panes(1, 2)?;
    Ok(())
}

fn rotation_sheet(
    ws: &mut Worksheet,
    cx: &crate::chart::build::Context,
    f: &Formats,
    s: &Staffing,
    r: &Rotation,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    let norms = cx.outcome.scenario.teachers.norms();
    let settings = norms.rotation;
    ws.write_string_with_format(
        0,
        0,
        match lang {
            Lang::Zh => format!("{} 年交流轮岗", r.year),
            Lang::En => format!("Rotation in {}", r.year),
        },
        &f.title,
    )?;
    let facts = [
        (
            match lang {
                Lang::Zh => format!("同校满 {} 年的在编专任教师", settings.min_years),
                Lang::En => format!(
                    "Teachers on the establishment at one school {} years or more",
                    settings.min_years
                ),
            },
            r.eligible.len(),
        ),
        (
            lang.pick("其中骨干教师", "of whom 骨干").to_string(),
            r.eligible_backbone,
        ),
        (
            match lang {
                Lang::Zh => format!("本年至少交流（{:.0}%）", settings.share * 100.0),
                Lang::En => format!(
                    "To move this year at least ({:.0} %)",
                    settings.share * 100.0
                ),
            },
            r.to_move,
        ),
        (
            match lang {
                Lang::Zh => format!("其中骨干至少（{:.0}%）", settings.backbone_share * 100.0),
                Lang::En => format!(
                    "of whom 骨干 at least ({:.0} %)",
                    settings.backbone_share * 100.0
                ),
            },
            r.backbone_to_move,
        ),
    ];
    for (k, (label, n)) in facts.iter().enumerate() {
        ws.write_string(2 + k as u32, 0, label)?;
        ws.write_number(2 + k as u32, 1, *n as f64)?;
    }
    ws.write_string(6, 0, &norms.rotation_source)?;
    let head = 8u32;
    for (c, (title, width)) in [
        (lang.pick("学科", "Subject"), 22.0),
        (lang.pick("调出学校", "From"), 22.0),
        (lang.pick("调入学校", "To"), 22.0),
        (lang.pick("人数", "Teachers"), 8.0),
        (lang.pick("距离（km）", "Distance (km)"), 10.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(head, c as u16, *title, &f.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (k, m) in r.moves.iter().enumerate() {
        let row = head + 1 + k as u32;
        let subject = s.subjects.get(m.subject).map_or("", String::as_str);
        ws.write_string(row, 0, norms.curriculum.name(subject, lang))?;
        ws.write_string(row, 1, &d.schools[m.from].name)?;
        ws.write_string(row, 2, &d.schools[m.to].name)?;
        ws.write_number(row, 3, m.teachers as f64)?;
        if let Some(km) = m.km {
            ws.write_number_with_format(row, 4, one(km), &f.decimal)?;
        }
    }
    Ok(())
}
