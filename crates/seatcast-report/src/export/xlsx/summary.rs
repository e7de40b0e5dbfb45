//! The workbook's summary sheet: when and from what it was made, the
//! headline figures, the scenario with its method and what-ifs, the
//! standards, and the data's files.

use super::*;

/// "primary 45, junior 50" / "小学 45，初中 50".
pub(super) fn listing(items: &[(&str, String)], lang: Lang) -> String {
    let parts: Vec<String> = items.iter().map(|(k, v)| format!("{k} {v}")).collect();
    parts.join(lang.pick("，", ", "))
}

pub(super) fn pct(v: f64) -> String {
    format!("{v:+.1} %")
}

pub(super) fn summary_sheet(
    ws: &mut Worksheet,
    cx: &Context,
    f: &Formats,
    generated: &str,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let o = cx.outcome;
    let p = &o.projection;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 60)?;
    ws.write_string_with_format(
        0,
        0,
        lang.pick("学位预测报告", "Seat projection report"),
        &f.title,
    )?;
    let mut l = Lines { row: 2 };
    l.put(
        ws,
        lang.pick("生成日期", "Generated"),
        generated.to_string(),
    )?;
    l.put(
        ws,
        lang.pick("预测起点（秋季学年）", "Projected from fall"),
        p.base_year.to_string(),
    )?;
    l.put(
        ws,
        lang.pick("预测年限", "Horizon"),
        match lang {
            Lang::Zh => format!(
                "{} 年（{}–{}）",
                p.horizon,
                p.base_year + 1,
                p.base_year + p.horizon as i32
            ),
            Lang::En => format!(
                "{} years ({}–{})",
                p.horizon,
                p.base_year + 1,
                p.base_year + p.horizon as i32
            ),
        },
    )?;
    headline_rows(ws, cx, f, &mut l)?;
    scenario_rows(ws, cx, f, &mut l)?;
    l.row += 1;
    ws.write_string_with_format(l.row, 0, lang.pick("数据来源", "Data"), &f.bold)?;
    l.row += 1;
    for src in &cx.outcome.dataset.sources {
        ws.write_string(l.row, 0, &src.file)?;
        let sheets: Vec<&str> = src.sheets.iter().map(|s| s.name.as_str()).collect();
        ws.write_string(l.row, 1, sheets.join(", "))?;
        l.row += 1;
    }
    Ok(())
}

/// A sheet's lines of a key and its value, down from a row.
pub(super) struct Lines {
    pub(super) row: u32,
}

impl Lines {
    pub(super) fn put(&mut self, ws: &mut Worksheet, k: &str, v: String) -> Result<(), XlsxError> {
        ws.write_string(self.row, 0, k)?;
        ws.write_string(self.row, 1, v)?;
        self.row += 1;
        Ok(())
    }
}

/// The headline figures: each level's peak shortfall, and the counts of
/// schools short, small and with 大班额.
pub(super) fn headline_rows(
    ws: &mut Worksheet,
    cx: &Context,
    f: &Formats,
    l: &mut Lines,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let h = &cx.outcome.headline;
    l.row += 1;
    ws.write_string_with_format(l.row, 0, lang.pick("要点", "Headline figures"), &f.bold)?;
    l.row += 1;
    for lp in &h.levels {
        let text = if lp.capacity_unknown() {
            crate::text::headline::capacity_unknown(lp, lang)
        } else if lp.shortfall > 0.0 {
            match lang {
                Lang::Zh => format!(
                    "缺口峰值 {:.0} 个学位（{} 年；需求 {:.0}，容量 {:.0}）",
                    lp.shortfall, lp.year, lp.demand, lp.capacity
                ),
                Lang::En => format!(
                    "peak shortfall {:.0} seats in {} (demand {:.0}, capacity {:.0})",
                    lp.shortfall, lp.year, lp.demand, lp.capacity
                ),
            }
        } else {
            lang.pick("预测期内无缺口", "no shortfall over the horizon")
                .to_string()
        };
        // Empty where capacity is known for all, or for none.
        let text = text + &crate::text::headline::capacity_coverage(lp, lang);
        ws.write_string(l.row, 0, lp.level.name(lang))?;
        ws.write_string(l.row, 1, text)?;
        l.row += 1;
    }
    let counts = [
        (
            match lang {
                Lang::Zh => format!("明年（{}）学位不足的学校", h.base_year + 1),
                Lang::En => format!("Schools short next year ({})", h.base_year + 1),
            },
            h.short_next_year,
        ),
        (
            match lang {
                Lang::Zh => format!("学位不足学校最多时（{}）", h.short_peak_year),
                Lang::En => format!("Most schools short ({})", h.short_peak_year),
            },
            h.short_at_peak,
        ),
        (
            lang.pick(
                "小规模学校（不足 100 人）",
                "Small schools (under 100 pupils)",
            )
            .into(),
            h.small_schools,
        ),
        (
            lang.pick(
                "大班额学校（平均班额超 55）",
                "Schools with 大班额 (classes over 55)",
            )
            .into(),
            h.oversized_class_schools,
        ),
    ];
    for (k, v) in counts {
        ws.write_string(l.row, 0, k)?;
        ws.write_number(l.row, 1, v as f64)?;
        l.row += 1;
    }
    Ok(())
}

/// The scenario: its name and actions, the method, the ranges, the
/// what-ifs, the class sizes and the flags' thresholds.
pub(super) fn scenario_rows(
    ws: &mut Worksheet,
    cx: &Context,
    f: &Formats,
    l: &mut Lines,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let o = cx.outcome;
    let s = &o.scenario;
    l.row += 1;
    ws.write_string_with_format(l.row, 0, lang.pick("情景参数", "Scenario"), &f.bold)?;
    l.row += 1;
    // Named as the charts' footers name it: "baseline" only without actions.
    l.put(ws, lang.pick("情景名称", "Name"), cx.scenario_name.clone())?;
    if !s.actions.is_empty() {
        for (i, a) in s.actions.iter().enumerate() {
            let label = match lang {
                Lang::Zh => format!("措施 {}", i + 1),
                Lang::En => format!("Action {}", i + 1),
            };
            l.put(ws, &label, crate::text::plan::describe_action(a, lang))?;
        }
        for (k, v) in crate::text::plan::figure_rows(&o.figures, lang) {
            l.put(ws, k, v)?;
        }
    }
    l.put(
        ws,
        lang.pick("预测方法", "Method"),
        crate::text::method::method_lines(o, lang).join(" "),
    )?;
    l.put(
        ws,
        lang.pick("80% 可能区间", "80 % ranges"),
        match (&o.bands, lang) {
            (Some(b), Lang::Zh) => format!(
                "按本数据回测误差：{}–{} 年的 {} 个学校误差（“需求区间”表）",
                b.target_falls.0, b.target_falls.1, b.errors
            ),
            (Some(b), Lang::En) => format!(
                "from this data's backtest: {} school errors, target falls {}–{} (sheet \"Ranges\")",
                b.errors, b.target_falls.0, b.target_falls.1
            ),
            (None, _) => lang
                .pick(
                    "数据年份太少，无法给出区间",
                    "too few falls of data to give ranges",
                )
                .into(),
        },
    )?;
    // A hand-set ratio method's window and estimator (the default's are in its method line).
    if matches!(s.method, Method::Textbook | Method::Pooled) {
        l.put(
            ws,
            lang.pick("比率窗口与估计", "Ratio window and estimator"),
            format!(
                "{} · {}",
                match lang {
                    Lang::Zh => format!("最近 {} 年", s.window()),
                    Lang::En => format!("last {} falls", s.window()),
                },
                match s.ratio_estimator() {
                    Estimator::Mean => lang.pick("均值", "mean"),
                    Estimator::Median => lang.pick("中位数", "median"),
                    Estimator::Weighted => lang.pick("加权", "weighted"),
                    Estimator::Recent => lang.pick("近年加权", "recent-weighted"),
                }
            ),
        )?;
    }
    l.put(
        ws,
        lang.pick("出生外推", "Births past the last known year"),
        match s.births_extrapolation {
            BirthsExtrapolation::Flat => lang.pick("保持最后一年", "held flat").to_string(),
            BirthsExtrapolation::Trend { damping } => match lang {
                Lang::Zh => format!("近 3 年平均变化，逐年阻尼 {damping}"),
                Lang::En => format!("mean change of the last 3 years, damped by {damping}"),
            },
        },
    )?;
    l.put(
        ws,
        lang.pick("出生变化（每年）", "Births change per year"),
        pct(s.births_change_pct),
    )?;
    for (area, v) in &s.births_change_pct_by_area {
        l.put(ws, &format!("  {area}"), pct(*v))?;
    }
    l.put(
        ws,
        lang.pick("向城区流动（每年）", "Urban drift per year"),
        pct(s.urban_drift_pct),
    )?;
    l.put(
        ws,
        lang.pick("入学比率调整", "Entry-ratio adjustment"),
        pct(s.entry_ratio_adjust_pct),
    )?;
    standards_rows(ws, cx, l)?;
    if !s.skip_years.is_empty() {
        let years: Vec<String> = s.skip_years.iter().map(|y| y.to_string()).collect();
        l.put(
            ws,
            lang.pick("剔除的学年", "Falls left out"),
            years.join(", "),
        )?;
    }
    Ok(())
}

/// The standard class sizes and the flags' thresholds.
pub(super) fn standards_rows(
    ws: &mut Worksheet,
    cx: &Context,
    l: &mut Lines,
) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let s = &cx.outcome.scenario;
    let c = &s.class_sizes;
    let sizes = [
        (
            lang.pick("幼儿园", "kindergarten"),
            format!(
                "{:.0}/{:.0}/{:.0}",
                c.kindergarten[0], c.kindergarten[1], c.kindergarten[2]
            ),
        ),
        (lang.pick("小学", "primary"), format!("{:.0}", c.primary)),
        (lang.pick("初中", "junior"), format!("{:.0}", c.junior)),
        (lang.pick("高中", "senior"), format!("{:.0}", c.senior)),
    ];
    l.put(
        ws,
        lang.pick("标准班额", "Standard class sizes"),
        listing(&sizes, lang),
    )?;
    let t = &s.thresholds;
    let limits = [
        ("大班额 >", format!("{:.0}", t.oversized_class)),
        ("超大班额 >", format!("{:.0}", t.super_oversized_class)),
        ("大校额 >", format!("{:.0}", t.large_school)),
        (
            lang.pick("九年一贯制大校额 >", "大校额, nine-year >"),
            format!("{:.0}", t.large_nine_year_school),
        ),
        (
            lang.pick("小规模 <", "small <"),
            format!("{:.0}", t.small_school),
        ),
        (
            lang.pick("黄：使用率 >", "amber: use >"),
            format!("{:.0} %", t.high_utilisation * 100.0),
        ),
        (
            lang.pick("灰：使用率 <", "grey: use <"),
            format!("{:.0} %", t.low_utilisation * 100.0),
        ),
    ];
    l.put(
        ws,
        lang.pick("标记阈值", "Flag thresholds"),
        listing(&limits, lang),
    )?;
    Ok(())
}
