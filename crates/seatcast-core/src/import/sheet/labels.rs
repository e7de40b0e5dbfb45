//! What a cell's text says about its row or column: a total, a note, a
//! heading, an identifier, a notes sheet.

use super::*;

/// Labels that are totals: 合计, 小计, 全县, `Total`, `District Totals`,
/// `Regular Schools Total`, `Grand total:`. English words are matched whole
/// (`Summit Middle School` is a school, not a sum); Chinese ones at either
/// end of the label.
pub fn is_total_label(name: &str) -> bool {
    let t = name.trim().to_lowercase();
    const ZH_STARTS: &[&str] = &[
        "合计", "总计", "小计", "共计", "全县", "全区", "全市", "全镇", "全省", "全州", "总数",
        "合計", "總計", "共計", "全縣", "全區", "總數",
    ];
    const ZH_ENDS: &[&str] = &["合计", "总计", "小计", "合計", "總計", "小計"];
    if ZH_STARTS.iter().any(|s| t.starts_with(s)) || ZH_ENDS.iter().any(|s| t.ends_with(s)) {
        return true;
    }
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    const TOTAL_WORDS: &[&str] = &[
        "total",
        "totals",
        "subtotal",
        "subtotals",
        "grandtotal",
        "statewide",
    ];
    if words.iter().any(|w| TOTAL_WORDS.contains(w)) {
        return true;
    }
    // `Sum`, `Sub-total`, `All schools`, `State total` at the start only.
    matches!(
        words.as_slice(),
        ["sum", ..] | ["sub", "total", ..] | ["all", "schools", ..]
    )
}

/// A key cell as a school's key: a cell that says "total" names no school
/// (unless the row above, a school's, had the same cell).
pub(super) fn key_cell(v: Option<&Value>, same: bool) -> Option<&Value> {
    v.filter(|v| same || !matches!(v, Value::Text(t) if is_total_label(t)))
}

/// Names in the school column that are notes or parts of a total (其中).
pub(super) fn is_note_label(name: &str) -> bool {
    let t = name.trim().to_lowercase();
    const STARTS: &[&str] = &[
        "注",
        "说明",
        "备注",
        "填表",
        "制表",
        "审核",
        "负责人",
        "数据来源",
        "其中",
        "note",
        "source",
        "*",
    ];
    STARTS.iter().any(|s| t.starts_with(s)) || t.ends_with('：') || t.ends_with(':')
}

/// Names of a section heading: 一、城区学校.
pub(super) fn is_heading_label(name: &str) -> bool {
    let t = name.trim();
    [
        "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Names in the school column that are not schools.
pub(super) fn is_total_or_note(name: &str) -> bool {
    is_total_label(name) || is_note_label(name) || is_heading_label(name)
}

/// A grade cell that means "all grades" (a school's own total row).
pub(super) fn is_total_grade(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    matches!(
        t.as_str(),
        "合计" | "小计" | "总计" | "total" | "all" | "all grades" | "totals" | "全部"
    )
}

/// Headers of columns that hold numbers which are not counts.
pub(super) fn is_identifier_header(label: &str) -> bool {
    let t = label.to_lowercase();
    [
        "zip", "postal", "phone", "tel", "fax", "code", "id", "no.", "number", "nces", "序号",
        "电话", "邮编", "代码", "编号", "排序", "rank", "order", "seq", "year", "年份", "date",
        "日期", "年度",
    ]
    .iter()
    .any(|k| t.contains(k))
        // A unit or building number (`Unit`), not a count.
        || matches!(t.trim(), "unit" | "unit #" | "bldg" | "building")
}

/// Sheets of prose that a workbook may carry beside the data.
pub(super) fn is_notes_sheet(name: &str) -> bool {
    let t = name.trim().to_lowercase();
    [
        "说明",
        "填表说明",
        "备注",
        "封面",
        "目录",
        "instructions",
        "readme",
        "notes",
        "about",
        "cover",
    ]
    .iter()
    .any(|k| t == *k || t.starts_with(k))
}
