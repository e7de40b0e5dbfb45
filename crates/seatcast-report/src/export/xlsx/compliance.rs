//! The workbook's 优质均衡 sheets (docs/compliance.md): the county's
//! variation coefficients by year and stage, then one ledger per school
//! (一校一台账) in the layout bureaus file: indicator, standard, value,
//! met, gap and what closes it, in the base year and five years on. Past
//! [`MAX_LEDGER_SHEETS`] schools the ledgers go into one sheet instead.

use super::Formats;
use crate::chart::build::Context;
use crate::engine::compliance::{Compliance, Fix, Indicator, SchoolCompliance, Status};
use crate::grades::Level;
use crate::i18n::Lang;
use crate::text::labels::*;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// More schools than this in scope: one ledger sheet for all.
pub const MAX_LEDGER_SHEETS: usize = 300;

/// The county sheet's name.
pub fn cv_sheet_name(lang: Lang) -> &'static str {
    lang.pick("差异系数", "Variation")
}

/// A ledger sheet's name: Excel's 31 characters, without []:*?/\, and
/// unique (a number added where two schools' names would clash).
pub fn ledger_sheet_name(school: &str, lang: Lang, taken: &mut Vec<String>) -> String {
    let clean: String = school
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .collect();
    let stem: String = format!("{}{clean}", lang.pick("台账-", "Ledger "))
        .chars()
        .take(31)
        .collect();
    let mut name = stem.clone();
    let mut k = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        let suffix = format!(" ({k})");
        name = stem
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        k += 1;
    }
    taken.push(name.clone());
    name
}

fn status_text(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Met => lang.pick("达标", "met"),
        Status::Near => lang.pick("未达标（≥85%）", "below (≥ 85 %)"),
        Status::Short => lang.pick("未达标", "short"),
        Status::Unknown => lang.pick("无数据", "no data"),
    }
}

/// How much more of an indicator a school-year needs to meet it, in the
/// indicator's units (teachers, m², 元, rooms).
pub fn gap(r: &SchoolCompliance, i: Indicator) -> Option<f64> {
    let k = i.index();
    let have = r.have[k]?;
    let per = if i.per_100() { 100.0 } else { 1.0 };
    Some((r.threshold[k] * r.pupils() / per - have).max(0.0))
}

/// What a fix adds of one indicator.
pub fn fix_amount(f: &Fix, i: Indicator) -> f64 {
    let a = &f.add;
    match i {
        Indicator::AboveQualification => a.qualification_upgrades,
        Indicator::Backbone => a.backbone_trained,
        Indicator::PeArts => a.pe_teachers + a.arts_teachers,
        Indicator::Floor => a.floor_m2,
        Indicator::Sports => a.sports_m2,
        Indicator::Equipment => a.equipment_yuan,
        Indicator::Multimedia => a.multimedia_rooms,
    }
}

/// Every compliance sheet into the workbook.
pub fn sheets(
    wb: &mut Workbook,
    cx: &Context,
    f: &Formats,
    c: &Compliance,
    taken: &mut Vec<String>,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let name = cv_sheet_name(lang).to_string();
    taken.push(name.clone());
    cv_sheet(wb.add_worksheet().set_name(&name)?, cx, f, c)?;
    let base = cx.outcome.projection.base_year;
    let schools: Vec<usize> = {
        let mut s: Vec<usize> = c
            .schools
            .iter()
            .filter(|r| r.year == base && r.in_scope())
            .map(|r| r.school)
            .collect();
        s.dedup();
        s
    };
    if schools.len() > MAX_LEDGER_SHEETS {
        let name = lang.pick("一校一台账", "Ledgers").to_string();
        taken.push(name.clone());
        let ws = wb.add_worksheet().set_name(&name)?;
        let mut row = 0;
        for s in schools {
            row = ledger(ws, cx, f, c, s, row)? + 2;
        }
        return Ok(());
    }
    for s in schools {
        let name = ledger_sheet_name(&cx.outcome.dataset.schools[s].name, lang, taken);
        ledger(wb.add_worksheet().set_name(&name)?, cx, f, c, s, 0)?;
    }
    Ok(())
}

fn cv_sheet(
    ws: &mut Worksheet,
    cx: &Context,
    f: &Formats,
    c: &Compliance,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let mut columns: Vec<(String, f64)> = vec![
        (lang.pick("学年", "Year").into(), 8.0),
        (lang.pick("学段", "Stage").into(), 8.0),
        (lang.pick("参评学校", "Schools").into(), 8.0),
        (lang.pick("上限", "Limit").into(), 7.0),
    ];
    columns.extend(
        Indicator::ALL
            .iter()
            .map(|i| (i.short(lang).to_string(), 11.0)),
    );
    for (k, (t, w)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, k as u16, t, &f.header)?;
        ws.set_column_width(k as u16, *w)?;
    }
    for (r, v) in c.variation.iter().enumerate() {
        let r = 1 + r as u32;
        ws.write_number(r, 0, v.year as f64)?;
        ws.write_string(
            r,
            1,
            if v.stage == Level::Junior {
                lang.pick("初中", "junior")
            } else {
                lang.pick("小学", "primary")
            },
        )?;
        ws.write_number(r, 2, v.schools as f64)?;
        ws.write_number(r, 3, v.limit)?;
        for i in Indicator::ALL {
            if let Some(x) = v.cv[i.index()] {
                let x = (x * 1000.0).round() / 1000.0;
                let fmt = if x > v.limit { &f.red } else { &f.decimal3 };
                ws.write_number_with_format(r, 4 + i.index() as u16, x, fmt)?;
            }
        }
    }
    ws.set_freeze_panes(1, 2)?;
    Ok(())
}

/// The ledger's table: each indicator's standard, its value, status and
/// gap in the two years shown, and what closes it.
fn indicator_rows(
    ws: &mut Worksheet,
    lang: Lang,
    f: &Formats,
    years: [&SchoolCompliance; 2],
    fix: Option<&crate::engine::compliance::Fix>,
    head: u32,
) -> Result<(), XlsxError> {
    let [first, later] = years;
    let titles = [
        (lang.pick("指标", "Indicator").to_string(), 34.0),
        (lang.pick("标准", "Standard").to_string(), 10.0),
        (format!("{} {}", first.year, lang.pick("值", "value")), 11.0),
        (
            format!("{} {}", first.year, lang.pick("是否达标", "met")),
            14.0,
        ),
        (format!("{} {}", first.year, lang.pick("差距", "gap")), 11.0),
        (format!("{} {}", later.year, lang.pick("值", "value")), 11.0),
        (
            format!("{} {}", later.year, lang.pick("是否达标", "met")),
            14.0,
        ),
        (format!("{} {}", later.year, lang.pick("差距", "gap")), 11.0),
        (
            lang.pick(
                "补齐措施（预测期内全部年份达标）",
                "What closes it (every year of the horizon)",
            )
            .to_string(),
            30.0,
        ),
    ];
    for (k, (t, w)) in titles.iter().enumerate() {
        ws.write_string_with_format(head, k as u16, t, &f.header)?;
        ws.set_column_width(k as u16, *w)?;
    }
    for (n, i) in Indicator::ALL.into_iter().enumerate() {
        let r = head + 1 + n as u32;
        let k = i.index();
        ws.write_string(r, 0, format!("{} ({})", i.name(lang), i.unit(lang)))?;
        ws.write_number_with_format(r, 1, first.threshold[k], &f.decimal2)?;
        for (j, y) in years.into_iter().enumerate() {
            let col = 2 + 3 * j as u16;
            if let Some(v) = y.value[k] {
                ws.write_number_with_format(r, col, (v * 100.0).round() / 100.0, &f.decimal2)?;
            }
            let fmt = match y.status[k] {
                Status::Met => None,
                Status::Near => Some(&f.amber),
                Status::Short => Some(&f.red),
                Status::Unknown => Some(&f.grey),
            };
            let text = status_text(y.status[k], lang);
            match fmt {
                Some(fmt) => ws.write_string_with_format(r, col + 1, text, fmt)?,
                None => ws.write_string(r, col + 1, text)?,
            };
            if let Some(g) = gap(y, i) {
                ws.write_number_with_format(r, col + 2, (g * 100.0).round() / 100.0, &f.decimal2)?;
            }
        }
        if let Some(fx) = fix {
            let amount = fix_amount(fx, i);
            if amount > 0.0 {
                ws.write_string(
                    r,
                    8,
                    format!(
                        "{} {} {}{}",
                        lang.pick("增加", "add"),
                        crate::i18n::thousands(amount.round() as i64),
                        i.fix_unit(lang),
                        if fx.relaxed == i {
                            lang.pick("（至标准的 85%）", " (to 85 % of the standard)")
                        } else {
                            ""
                        }
                    ),
                )?;
            }
        }
    }
    Ok(())
}

/// One school's ledger from `row` down; returns the last row written.
fn ledger(
    ws: &mut Worksheet,
    cx: &Context,
    f: &Formats,
    c: &Compliance,
    school: usize,
    row: u32,
) -> Result<u32, XlsxError> {
    let lang = cx.lang;
    let d = &cx.outcome.dataset;
    let s = &d.schools[school];
    let base = cx.outcome.projection.base_year;
    let rows: Vec<&SchoolCompliance> = c.schools.iter().filter(|r| r.school == school).collect();
    let Some(first) = rows.iter().find(|r| r.year == base) else {
        return Ok(row);
    };
    let later = rows
        .iter()
        .rfind(|r| r.year <= base + 5)
        .copied()
        .unwrap_or(first);
    let fix = c.fix(school);
    ws.write_string_with_format(
        row,
        0,
        match lang {
            Lang::Zh => format!("{} 一校一台账（义务教育优质均衡）", s.name),
            Lang::En => format!("{}: one-school ledger (优质均衡)", s.name),
        },
        &f.title,
    )?;
    let facts = [
        (
            lang.pick("学校代码", "School id"),
            s.id.clone().unwrap_or_default(),
        ),
        (lang.pick("学段", "Level"), s.level.name(lang).to_string()),
        (
            lang.pick("在校生（义务教育）", "Pupils (compulsory)"),
            format!(
                "{}: {:.0}; {}: {:.0}",
                first.year,
                first.pupils(),
                later.year,
                later.pupils()
            ),
        ),
        (
            lang.pick("结论", "Verdict"),
            format!(
                "{}: {}; {}: {}",
                first.year,
                crate::text::compliance::verdict_text(first.verdict, lang),
                later.year,
                crate::text::compliance::verdict_text(later.verdict, lang)
            ),
        ),
    ];
    let sizes = [first, later]
        .iter()
        .map(|r| (r.year, crate::text::compliance::size_text(r, lang)))
        .filter(|(_, t)| !t.is_empty())
        .map(|(y, t)| format!("{y}: {t}"))
        .collect::<Vec<_>>()
        .join("; ");
    for (k, (label, value)) in facts.iter().enumerate() {
        ws.write_string_with_format(row + 1 + k as u32, 0, *label, &f.bold)?;
        ws.write_string(row + 1 + k as u32, 1, value)?;
    }
    ws.write_string_with_format(
        row + 5,
        0,
        lang.pick("班额、规模", "Class and school size"),
        &f.bold,
    )?;
    ws.write_string(
        row + 5,
        1,
        if sizes.is_empty() {
            lang.pick("不超标", "within the limits").to_string()
        } else {
            sizes
        },
    )?;
    let head = row + 7;
    indicator_rows(ws, lang, f, [first, later], fix, head)?;
    let mut last = head + 7;
    if let Some(fx) = fix {
        last += 1;
        ws.write_string_with_format(
            last,
            0,
            match lang {
                Lang::Zh => format!(
                    "{} 年前完成；一次性投入 {:.1} 万元，另每年 {:.1} 万元",
                    fx.year,
                    fx.one_off / 10_000.0,
                    fx.yearly / 10_000.0
                ),
                Lang::En => format!(
                    "By {}; ¥{} once and ¥{} a year",
                    fx.year,
                    crate::i18n::thousands(fx.one_off.round() as i64),
                    crate::i18n::thousands(fx.yearly.round() as i64)
                ),
            },
            &f.bold,
        )?;
    }
    Ok(last)
}
