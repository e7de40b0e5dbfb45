//! `seatcast template`: a workbook with the sheets and headers Seatcast reads,
//! one example row each and an instructions sheet, for a planner to fill in.

use crate::i18n::Lang;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

struct SheetSpec {
    name: &'static str,
    headers: &'static [&'static str],
    example: &'static [Cell],
    widths: &'static [f64],
}

enum Cell {
    T(&'static str),
    N(f64),
}

const ZH: [SheetSpec; 4] = [
    SheetSpec {
        name: "学校名册",
        headers: &[
            "学校代码",
            "学校名称",
            "学段",
            "开设年级",
            "乡镇（街道）",
            "城乡类型",
            "X（km）",
            "Y（km）",
            "教室数",
            "核定学位",
            "对口初中",
            "开办年份",
            "撤并年份",
            "寄宿生数",
        ],
        example: &[
            Cell::T("3601001"),
            Cell::T("城关第一小学"),
            Cell::T("小学"),
            Cell::T("1-6"),
            Cell::T("城关镇"),
            Cell::T("城区"),
            Cell::N(0.8),
            Cell::N(1.2),
            Cell::N(36.0),
            Cell::N(1620.0),
            Cell::T(""),
            Cell::N(1958.0),
        ],
        widths: &[
            12.0, 18.0, 10.0, 10.0, 14.0, 10.0, 9.0, 9.0, 8.0, 10.0, 16.0, 10.0, 10.0, 10.0,
        ],
    },
    SheetSpec {
        name: "在校生",
        headers: &["学校代码", "学校名称", "年份", "年级", "在校生数", "班级数"],
        example: &[
            Cell::T("3601001"),
            Cell::T("城关第一小学"),
            Cell::N(2025.0),
            Cell::T("一年级"),
            Cell::N(312.0),
            Cell::N(6.0),
        ],
        widths: &[12.0, 18.0, 8.0, 8.0, 10.0, 8.0],
    },
    SheetSpec {
        name: "出生人口",
        headers: &["乡镇（街道）", "年份", "出生人口"],
        example: &[Cell::T("城关镇"), Cell::N(2019.0), Cell::N(2150.0)],
        widths: &[14.0, 8.0, 10.0],
    },
    SheetSpec {
        name: "教职工花名册",
        headers: &[
            "学校代码",
            "学校名称",
            "工号",
            "性别",
            "出生年月",
            "任教学科",
            "岗位类别",
            "编制情况",
            "最高学历",
            "职称",
            "骨干级别",
            "到校年份",
        ],
        example: &[
            Cell::T("3601001"),
            Cell::T("城关第一小学"),
            Cell::T("T0001"),
            Cell::T("女"),
            Cell::T("1985-09"),
            Cell::T("语文"),
            Cell::T("专任教师"),
            Cell::T("在编"),
            Cell::T("本科"),
            Cell::T("一级教师"),
            Cell::T("县级"),
            Cell::N(2012.0),
        ],
        widths: &[
            12.0, 18.0, 8.0, 6.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0,
        ],
    },
];

const EN: [SheetSpec; 4] = [
    SheetSpec {
        name: "Schools",
        headers: &[
            "School ID",
            "School",
            "Level",
            "Grades",
            "Area",
            "Locale",
            "X (km)",
            "Y (km)",
            "Classrooms",
            "Capacity",
            "Feeder",
            "Opened",
            "Closed",
            "Boarders",
        ],
        example: &[
            Cell::T("3601001"),
            Cell::T("Chengguan No.1 Primary"),
            Cell::T("Primary"),
            Cell::T("1-6"),
            Cell::T("Chengguan"),
            Cell::T("Urban"),
            Cell::N(0.8),
            Cell::N(1.2),
            Cell::N(36.0),
            Cell::N(1620.0),
            Cell::T(""),
            Cell::N(1958.0),
        ],
        widths: &[
            12.0, 24.0, 10.0, 8.0, 12.0, 8.0, 8.0, 8.0, 10.0, 10.0, 22.0, 8.0, 8.0, 10.0,
        ],
    },
    SheetSpec {
        name: "Enrolment",
        headers: &[
            "School ID",
            "School",
            "Year",
            "Grade",
            "Students",
            "Classes",
        ],
        example: &[
            Cell::T("3601001"),
            Cell::T("Chengguan No.1 Primary"),
            Cell::N(2025.0),
            Cell::T("G1"),
            Cell::N(312.0),
            Cell::N(6.0),
        ],
        widths: &[12.0, 24.0, 8.0, 8.0, 10.0, 8.0],
    },
    SheetSpec {
        name: "Births",
        headers: &["Area", "Year", "Births"],
        example: &[Cell::T("Chengguan"), Cell::N(2019.0), Cell::N(2150.0)],
        widths: &[14.0, 8.0, 10.0],
    },
    SheetSpec {
        name: "Staff",
        headers: &[
            "School ID",
            "School",
            "Staff ID",
            "Sex",
            "Date of birth",
            "Subject",
            "Post",
            "Establishment",
            "Qualification",
            "Professional title",
            "Backbone",
            "Arrived",
        ],
        example: &[
            Cell::T("3601001"),
            Cell::T("Chengguan No.1 Primary"),
            Cell::T("T0001"),
            Cell::T("F"),
            Cell::T("1985-09"),
            Cell::T("Chinese"),
            Cell::T("Teaching"),
            Cell::T("On establishment"),
            Cell::T("Bachelor"),
            Cell::T("Grade 1 teacher"),
            Cell::T("County"),
            Cell::N(2012.0),
        ],
        widths: &[
            12.0, 24.0, 8.0, 6.0, 12.0, 10.0, 10.0, 14.0, 12.0, 16.0, 10.0, 8.0,
        ],
    },
];

fn instructions(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Zh => vec![
            "Seatcast 学位预测 · 数据模板",
            "",
            "1. 学校名册：每校一行。学校代码可空（空时以学校名称识别）。学段填 小学、初中、九年一贯制、完全中学、高中、幼儿园 或 教学点；开设年级如 1-6、7-9、1-3。",
            "   核定学位有则填；没有时按 教室数 × 标准班额（小学 45、初中和高中 50）计算容量。坐标 X、Y 以公里计，也可改用“经度”“纬度”两列。",
            "   对口初中：该小学毕业生升入的初中名称。开办年份、撤并年份可空。",
            "2. 在校生：每校、每年、每年级一行。年份写秋季学期所在年（2025 或 2025-2026学年）。年级写 一年级…九年级、初一、高一、小班 等。",
            "   也可每年一张表（表名写年份，如“2025年”），每年级一列（一年级、二年级……）；每班一行时人数自动相加、班数自动统计。",
            "3. 出生人口：每个乡镇（街道）每年一行；也可乡镇为行、年份为列。只有一个地区时乡镇列可删去。",
            "4. 教职工花名册（可选）：每位教职工一行。岗位类别填 专任教师、行政、教辅 或 工勤；编制情况填 在编、非在编 或 临聘；骨干级别填 县级、市级、省级（校级不计）。也可只填学校 × 学科的教师人数（学校名称、语文、数学、英语……各一列）。姓名只留在本机，导出只有人数。",
            "",
            "表头上方可以有标题行；合并单元格下方的空白视为“同上”；数字可以是文本、带千分位或全角数字。",
            "检查数据：seatcast check 你的文件.xlsx —— 每个问题都会给出文件、工作表和单元格。",
        ],
        Lang::En => vec![
            "Seatcast · data template",
            "",
            "1. Schools: one row per school. School ID may be blank (the name then identifies the school). Level: Primary, Junior, Nine-year, Complete, Senior, Kindergarten; Grades such as 1-6, 7-9, K-5.",
            "   Capacity when approved; otherwise capacity = Classrooms × standard class size (45 primary, 50 junior and senior). X and Y in km, or Longitude and Latitude columns instead.",
            "   Feeder: the junior school a primary's pupils go on to. Opened and Closed years may be blank.",
            "2. Enrolment: one row per school, year and grade. Year is the fall of the school year (2025 or 2025-26). Grade: G1…G12, K, KG1…KG3.",
            "   Or one sheet per year (the year in the sheet name) with one column per grade; with one row per class section, pupils are summed and sections counted as classes.",
            "3. Births: one row per area and year, or areas as rows and years as columns. With a single area the Area column may be left out.",
            "4. Staff (optional): one row per member of staff. Post: Teaching, Admin, Support or Worker; Establishment: On establishment, Contract or Temporary; Backbone: County, City or Province (school level does not count). Or teachers counted by school and subject (School, Chinese, Maths, English… one column each). Names stay on this machine; exports carry counts.",
            "",
            "Title rows above the header are fine; blanks under a merged cell mean 'same as above'; numbers may be typed as text.",
            "Check the data: seatcast check your-file.xlsx — every problem names its file, sheet and cell.",
        ],
    }
}

/// Build the template workbook in memory.
pub fn template_workbook(lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    let title = Format::new().set_bold().set_font_size(14);
    let guide = wb.add_worksheet();
    guide.set_name(lang.pick("说明", "Instructions"))?;
    guide.set_column_width(0, 120)?;
    for (r, line) in instructions(lang).into_iter().enumerate() {
        if r == 0 {
            guide.write_string_with_format(0, 0, line, &title)?;
        } else {
            guide.write_string(r as u32, 0, line)?;
        }
    }
    let specs = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    for spec in specs {
        let ws = wb.add_worksheet();
        ws.set_name(spec.name)?;
        for (c, h) in spec.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (c, w) in spec.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (c, cell) in spec.example.iter().enumerate() {
            match cell {
                Cell::T(t) => ws.write_string(1, c as u16, *t)?,
                Cell::N(n) => ws.write_number(1, c as u16, *n)?,
            };
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}
