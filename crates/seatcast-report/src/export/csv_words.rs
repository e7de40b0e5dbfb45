//! The report's main CSV tables in the planner's language: the header row,
//! and the cells that are words (level, kind, warning, scope, flags). The
//! stable English keys stay for scripts (`seatcast report --csv-keys en`).

use crate::engine::outcome::{Flags, Warning};
use crate::grades::Level;
use crate::i18n::Lang;
use crate::text::labels::*;

/// A column key in Chinese; a seats table's `2026_demand` as `2026_需求`.
fn header_zh(key: &str) -> String {
    let word = |k: &str| -> Option<&'static str> {
        Some(match k {
            "school_id" => "学校代码",
            "school_name" => "学校名称",
            "level" => "学段",
            "area" => "片区",
            "year" => "年份",
            "kind" => "类型",
            "demand" => "需求",
            "demand_low" => "需求下限（80%）",
            "demand_high" => "需求上限（80%）",
            "capacity" => "容量",
            "shortfall" => "缺口",
            "spare" => "空余学位",
            "utilization" => "使用率",
            "classes_needed" => "所需班数",
            "classrooms" => "教室数",
            "avg_class_size" => "平均班额",
            "flags" => "标记",
            "warning" => "预警",
            "grade" => "年级",
            "pupils" => "学生数",
            "scope" => "范围",
            "name" => "名称",
            "schools" => "学校数",
            "schools_short" => "学位不足学校数",
            "schools_with_capacity" => "容量已知学校数",
            _ => return None,
        })
    };
    if let Some(w) = word(key) {
        return w.to_string();
    }
    match key.split_once('_') {
        Some((year, rest)) if year.parse::<i32>().is_ok() => match word(rest) {
            Some(w) => format!("{year}_{w}"),
            None => key.to_string(),
        },
        _ => key.to_string(),
    }
}

/// A cell that is a word, in Chinese: by its column's key (and, for an
/// aggregate's `name`, by its row's scope).
fn value_zh(key: &str, value: &str, scope: Option<&str>) -> Option<String> {
    let level = |v: &str| {
        Level::ALL
            .into_iter()
            .find(|l| l.name(Lang::En) == v)
            .map(|l| l.name(Lang::Zh).to_string())
    };
    match key {
        "level" => level(value),
        "name" if scope == Some("level") => level(value),
        "kind" => match value {
            "observed" => Some("实际".into()),
            "projected" => Some("预测".into()),
            _ => None,
        },
        "scope" => match value {
            "county" => Some("全县".into()),
            "area" => Some("片区".into()),
            "level" => Some("学段".into()),
            _ => None,
        },
        "warning" => Warning::ALL
            .into_iter()
            .find(|w| w.name() == value)
            .map(|w| warning_zh(w).to_string()),
        "flags" if !value.is_empty() => {
            let all = [
                Flags {
                    super_oversized_class: true,
                    large_school: true,
                    small_school: true,
                    ..Flags::default()
                },
                Flags {
                    oversized_class: true,
                    ..Flags::default()
                },
            ];
            let pairs: Vec<(&str, &str)> = all
                .iter()
                .flat_map(|f| f.labels(Lang::En).into_iter().zip(f.labels(Lang::Zh)))
                .collect();
            let words: Vec<&str> = value
                .split(';')
                .map(|w| {
                    pairs
                        .iter()
                        .find(|(en, _)| *en == w)
                        .map_or(w, |(_, zh)| zh)
                })
                .collect();
            Some(words.join("；"))
        }
        _ => None,
    }
}

fn warning_zh(w: Warning) -> &'static str {
    match w {
        Warning::Red => "红（学位不足）",
        Warning::Amber => "黄（使用率超 90%）",
        Warning::Green => "绿",
        Warning::Grey => "灰（使用率不足 50%）",
        Warning::Unknown => "未知（容量未知）",
        Warning::Closed => "已撤并",
    }
}

/// A CSV table written with English keys, in the planner's language.
pub fn localize(bytes: Vec<u8>, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    if lang == Lang::En {
        return Ok(bytes);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut records = reader.records();
    let Some(header) = records.next().transpose()? else {
        return Ok(bytes);
    };
    let keys: Vec<String> = header.iter().map(str::to_string).collect();
    let scope_col = keys.iter().position(|k| k == "scope");
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(bytes.len() + bytes.len() / 4));
    writer.write_record(keys.iter().map(|k| header_zh(k)))?;
    for record in records {
        let record = record?;
        let scope = scope_col.and_then(|c| record.get(c));
        let cells: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(c, v)| {
                keys.get(c)
                    .and_then(|k| value_zh(k, v, scope))
                    .unwrap_or_else(|| v.to_string())
            })
            .collect();
        writer.write_record(&cells)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_words_in_chinese_numbers_as_they_are() {
        let en = "school_id,level,year,kind,demand,shortfall,flags,warning\n\
                  S1,primary,2026,projected,412.5,12.0,oversized classes;small school,red\n"
            .as_bytes()
            .to_vec();
        let zh = String::from_utf8(localize(en.clone(), Lang::Zh).unwrap()).unwrap();
        assert_eq!(
            zh,
            "学校代码,学段,年份,类型,需求,缺口,标记,预警\n\
             S1,小学,2026,预测,412.5,12.0,大班额；小规模,红（学位不足）\n"
        );
        assert_eq!(localize(en.clone(), Lang::En).unwrap(), en);
        let seats = "school_id,2026_demand,2026_shortfall\n".as_bytes().to_vec();
        let zh = String::from_utf8(localize(seats, Lang::Zh).unwrap()).unwrap();
        assert_eq!(zh, "学校代码,2026_需求,2026_缺口\n");
        let sums = "scope,name,year\nlevel,junior,2026\narea,junior,2026\n"
            .as_bytes()
            .to_vec();
        let zh = String::from_utf8(localize(sums, Lang::Zh).unwrap()).unwrap();
        assert_eq!(zh, "范围,名称,年份\n学段,初中,2026\n片区,junior,2026\n");
    }
}
