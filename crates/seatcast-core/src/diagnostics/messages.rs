//! Each problem's message: what is wrong and what to do, in the planner's
//! language, grouped by what it concerns.

use super::*;

impl ProblemKind {
    /// One plain sentence: what is wrong and what is expected.
    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let zh = lang == Lang::Zh;
        match self {
            CannotOpen { .. } | EmptyFile | NotASpreadsheet | PasswordProtected | Corrupt { .. } | TooLarge { .. } | Inflates { .. } | ReaderFailed | NoEnrolment | NoSchoolColumn | NoYear | SheetIgnored | TooManyColumns { .. } => self.file_message(lang),
            NotANumber { .. } | BadYear { .. } | BadGrade { .. } | ImplausibleCount { .. } | YearOutOfRange { .. } | DuplicateConflict { .. } | RosterConflict { .. } | NegativeCount { .. } | FractionalCount { .. } | DuplicateRow { .. } | SectionWithoutSchool | RowWithoutSchool => self.cell_message(lang),
            NotInRoster { school } => if zh {
                format!("学校“{school}”有在校生数据但不在学校名册中：已按在校生数据建档（无教室数，容量未知），请补入名册。")
            } else {
                format!("School \"{school}\" has enrolment but is not in the roster; added without classrooms (capacity unknown) — add it to the roster.")
            },
            TeacherAtUnknownSchool { school } => if zh {
                format!("教职工花名册中的学校“{school}”不在学校名册或在校生数据中：请改为名册中的学校代码或名称。")
            } else {
                format!("The staff roster names school \"{school}\", which is in neither the school roster nor the enrolment: use the school's code or name as the roster gives it.")
            },
            FacilityAtUnknownSchool { school } => if zh {
                format!("办学条件表中的学校“{school}”不在学校名册或在校生数据中：请改为名册中的学校代码或名称。")
            } else {
                format!("The facilities sheet names school \"{school}\", which is in neither the school roster nor the enrolment: use the school's code or name as the roster gives it.")
            },
            BadBirthDate { text } => if zh {
                format!("出生日期“{text}”无法识别或不可能：请写成 1980-05-12、1980年5月 或 198005 这样的日期。")
            } else {
                format!("The birth date \"{text}\" cannot be read or is impossible: write a date such as 1980-05-12, May 1980 or 198005.")
            },
            UnknownSubject { text } => if zh {
                format!("任教学科“{text}”不是义务教育课程中的学科：此人计为专任教师，但不计入任何学科；请改为 语文、数学、英语、音乐 等学科名称。")
            } else {
                format!("The subject \"{text}\" is not one of the curriculum's: counted as a teacher with no subject — write a subject such as Chinese, mathematics, English or music.")
            },
            UnknownStaffValue { column, text } => if zh {
                format!("“{column}”列的“{text}”无法识别：已按默认值处理（专任、在编；性别未知则不计退休）。")
            } else {
                format!("\"{text}\" in the column \"{column}\" cannot be read: the default was used (teaching post, on the establishment; with the sex unknown, no retirement is counted).")
            },
            NoRoster => lang.pick(
                "没有找到学校名册：学校取自在校生数据，教室数和核定学位未知，无法计算容量。",
                "No school roster found: schools are taken from the enrolment, with no classrooms or approved seats, so capacity is unknown.",
            ).into(),
            ClassesAsClassrooms => lang.pick(
                "没有找到学校名册：学校取自在校生数据；没有教室数和核定学位，以各校在用班级数为教室数（下限），学位 = 班级数 × 标准班额（可在情景中设定，如台湾小学 29 人）。",
                "No school roster found: schools are taken from the enrolment; with no classrooms or approved seats, each school's classes in use stand for its classrooms (a floor), seats = classes × the standard class size (set it in the scenario: 29 for Taiwan's primary schools).",
            ).into(),
            NoBirths => lang.pick(
                "没有找到出生人口数据：各校起始年级按本校该年级的历年人数推算（近三年平均或近五年趋势，由回测选择）。",
                "No births found: each school's entry grade is projected from its own recent falls (their mean or their damped trend, as the backtest chooses).",
            ).into(),
            YearGap { from, to } => if zh {
                format!("在校生数据缺少 {from}–{to} 年：缺失年份不参与比率计算。")
            } else {
                format!("Enrolment is missing for {from}–{to}; those years take no part in the ratios.")
            },
            BirthYearGap { area, from, to } => if zh {
                format!("“{area}”缺少 {from}–{to} 年的出生人口。")
            } else {
                format!("Births for \"{area}\" are missing for {from}–{to}.")
            },
            GradeOutsideSpan { school, grade, system, span } => {
                let grade = grade.label(*system, lang);
                if zh {
                format!("“{school}”的{grade}不在其开设年级（{span}）内：请核对学段或年级。")
            } else {
                format!("\"{school}\" has pupils in {grade}, outside its grades ({span}); check its level or the grade.")
            }},
            AreaWithoutBirths { area } => if zh {
                format!("乡镇/街道“{area}”有学校但没有出生人口数据：请在出生人口表中补上该地区。")
            } else {
                format!("Area \"{area}\" has schools but no births; add it to the births sheet.")
            },
            OversizedClass { pupils, classes } => if zh {
                format!("平均每班 {:.0} 人（{} 人 / {} 班），超过 65 人：请核对人数或班级数。", pupils / classes, num(*pupils), num(*classes))
            } else {
                format!("{:.0} pupils per class ({} pupils in {} classes), over 65; check the pupils or the classes.", pupils / classes, num(*pupils), num(*classes))
            },
            TotalMismatch { stated, sum } => if zh {
                format!("合计 {} 与读入的各年级之和 {} 不符（差 {}）：请改正该行的年级人数或合计；若此列不是合计，请在列对应中改为“忽略”。", num(*stated), num(*sum), num(stated - sum))
            } else {
                format!("The total {} differs from the sum of the grades loaded, {} (a difference of {}); correct the grade cells or the total on this row, or if this column is not a total, mark it \"ignore\" in the column mapping.", num(*stated), num(*sum), num(stated - sum))
            },
            TotalSlips { header, rows, of, pupils, first } => if zh {
                format!("文件自带的“{header}”列在 {rows} 行（共 {of} 行）与该行各年级之和不符，涉及 {} 人（如 {}）：这是文件本身的不一致，已按各年级人数读入；如需核对，请查看这些行。", num(*pupils), first.join("、"))
            } else {
                format!("The file's own \"{header}\" column differs from the sum of the grade cells on {rows} of {of} rows, {} pupils in all (e.g. {}): the file is inconsistent with itself; the grade cells were loaded as they are — check those rows if it matters.", num(*pupils), first.join(", "))
            },
            TotalRowSlip { label, stated, sum, from_row, to_row } => if zh {
                format!("合计行“{label}”此处为 {}，而它所合计的第 {from_row}–{to_row} 行之和为 {}（差 {}）：文件其他合计行都相符，这是文件本身的不一致，已按各行读入。", num(*stated), num(*sum), num(stated - sum))
            } else {
                format!("The total row \"{label}\" gives {} here, but rows {from_row}–{to_row} that it sums come to {} (a difference of {}); the file's other totals agree, so this is the file's own slip: the rows were loaded as they are.", num(*stated), num(*sum), num(stated - sum))
            },
            TotalRowMismatch { label, stated, sum, from_row, to_row } => if zh {
                format!("合计行“{label}”此处为 {}，而它所合计的第 {from_row}–{to_row} 行之和为 {}（差 {}）：请改正其中的人数或合计。", num(*stated), num(*sum), num(stated - sum))
            } else {
                format!("The total row \"{label}\" gives {} here, but rows {from_row}–{to_row} that it sums come to {} (a difference of {}); correct the counts or the total.", num(*stated), num(*sum), num(stated - sum))
            },
            UnplacedColumn { header, cells, sum } => if zh {
                format!("“{header}”列有 {cells} 个数字（合计 {}）但不知是什么，未读入：若是某年级的人数，请在列对应中指定；否则改为“忽略”。", num(*sum))
            } else {
                format!("The column \"{header}\" holds {cells} numbers ({} in all) that could not be placed and were not loaded; if they are a grade's pupils, say which in the column mapping, else mark the column \"ignore\".", num(*sum))
            },
            NoSchoolId { school } => if zh {
                format!("“{school}”这一行没有学校代码（本表按代码区分学校）：已按名称读入，请补上代码。")
            } else {
                format!("\"{school}\" has no school id on this row, where the sheet keys schools by id; read by its name — add the id.")
            },
            SuppressedCount { text } => if zh {
                format!("“{text}”是隐去的人数：按无学生计，合计会偏低。")
            } else {
                format!("\"{text}\" is a withheld count; read as no pupils, so totals run low.")
            },
            AgeOutsideGrade { grade, system, outside, of, lo, hi } => {
                let grade = grade.label(*system, lang);
                if zh {
                    format!("{grade}有 {outside} 名学生（共 {of} 名）年龄不在 {lo}–{hi} 岁（按当年 8 月 31 日计）：请核对出生日期或年级。")
                } else {
                    format!("{outside} of {of} pupils in {grade} are not aged {lo}–{hi} on 31 August; check their birth dates or grade.")
                }
            },
            DuplicatePupil { first } => if zh {
                format!("同一学生在同一年出现两次（另见 {first}）：只计一次。")
            } else {
                format!("The same pupil appears twice in one fall (see also {first}); counted once.")
            },
            MappingUnused { header } => if zh {
                format!("列对应中表头为“{header}”的一项没有对上任何工作表：请核对表头。")
            } else {
                format!("The column mapping for the header \"{header}\" matched no sheet; check the header.")
            },
            UnknownFeeder { school, feeder } => if zh {
                format!("“{school}”的对口学校“{feeder}”不在名册中：请核对学校名称。")
            } else {
                format!("The feeder school \"{feeder}\" of \"{school}\" is not in the roster; check the name.")
            },
            UnknownLevel { text } => if zh {
                format!("“{text}”不是可识别的学段：已按在校生年级推断。")
            } else {
                format!("\"{text}\" is not a known level; inferred from the grades taught.")
            },
            BadCoordinate { .. } | BadBoundaryFile { .. } | BadRoadFile { .. } | DatumMismatch { .. } | SwappedCoordinates { .. } | CrossedArea { .. } | DatumOffAreas { .. } | TableDiffersFromRoster { .. } | FarFromTheOthers { .. } => self.places_message(lang),
        }
    }

    /// The message of a problem with whole files: opening, reading, size.
    pub(super) fn file_message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let zh = lang == Lang::Zh;
        match self {
            CannotOpen { reason } => if zh {
                format!("无法打开文件（{reason}）：请确认路径正确、文件未被占用。")
            } else {
                format!("The file cannot be opened ({reason}); check the path and that no other program holds it.")
            },
            EmptyFile => lang.pick(
                "文件是空的（0 字节）：请选择保存了数据的工作簿。",
                "The file is empty (0 bytes); choose the workbook that holds the data.",
            ).into(),
            NotASpreadsheet => lang.pick(
                "这不是电子表格文件：内容不是 Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV；若是改了扩展名，请用 Excel 或 WPS 另存为 .xlsx。",
                "This is not a spreadsheet: its content is not Excel (.xlsx/.xls), OpenDocument (.ods) or CSV; if it was renamed, open it in Excel or WPS and save it as .xlsx.",
            ).into(),
            PasswordProtected => lang.pick(
                "工作簿设有打开密码：请在 Excel 或 WPS 中取消密码后另存一份再导入。",
                "The workbook is password-protected; remove the password in Excel or WPS, save a copy and load that.",
            ).into(),
            Corrupt { reason } => if zh {
                format!("工作簿已损坏或不完整（{reason}）：请用 Excel 或 WPS 打开并重新保存，或找到原始文件。")
            } else {
                format!("The workbook is damaged or incomplete ({reason}); open and re-save it in Excel or WPS, or find the original file.")
            },
            TooLarge { bytes, limit } => if zh {
                format!("文件过大（{} MB，上限 {} MB）：请只保留学校名册、在校生和出生人口表。", bytes / 1_000_000, limit / 1_000_000)
            } else {
                format!("The file is too large ({} MB, limit {} MB); keep only the roster, enrolment and births sheets.", bytes / 1_000_000, limit / 1_000_000)
            },
            Inflates { unpacked, packed } => if zh {
                format!("工作簿解压后将达 {} MB（文件本身 {} MB），远超任何学校数据表：文件可能已损坏或被刻意构造，已拒绝读取。请用 Excel 或 WPS 重新保存。", unpacked / 1_000_000, packed.div_ceil(1_000_000))
            } else {
                format!("The workbook says it unpacks to {} MB from a {} MB file, far more than any sheet of schools: it may be damaged or built to exhaust memory, so it was refused. Re-save it in Excel or WPS.", unpacked / 1_000_000, packed.div_ceil(1_000_000))
            },
            ReaderFailed => lang.pick(
                "读取工作簿时内部出错，文件结构异常：请用 Excel 或 WPS 重新保存为 .xlsx 后再试。",
                "The workbook's structure could not be read; re-save it as .xlsx in Excel or WPS and try again.",
            ).into(),
            NoEnrolment => lang.pick(
                "没有找到在校生数据：需要一张含“学校名称”列以及“年级”+“在校生数”列或各年级列（一年级、二年级……）的工作表。",
                "No enrolment data found: a sheet needs a School column and either Grade + Students columns or one column per grade (Grade 1, Grade 2, …).",
            ).into(),
            NoSchoolColumn => lang.pick(
                "这张表有年级或人数列，但没有学校列：请在表头加一列“学校名称”（或“学校代码”）。",
                "This sheet has grade or pupil columns but no school column; add a column headed School (or School ID).",
            ).into(),
            NoYear => lang.pick(
                "无法确定这张表的年份：请加一列“年份”，或把年份写进工作表名（如“2023年”）。",
                "The year of this sheet is unknown; add a Year column or put the year in the sheet name (e.g. 2023).",
            ).into(),
            SheetIgnored => lang.pick(
                "未识别的工作表，已跳过：表头中没有学校、年级、在校生数或出生人口等列。",
                "Sheet skipped: its headers name no school, grade, students or births column.",
            ).into(),
            TooManyColumns { limit } => if zh {
                format!("表格超过 {limit} 列，多出的列已忽略。")
            } else {
                format!("The sheet has more than {limit} columns; the extra columns were ignored.")
            },
            _ => String::new(),
        }
    }

    /// The message of a problem with cells and rows: counts, years, grades, duplicates.
    pub(super) fn cell_message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let zh = lang == Lang::Zh;
        match self {
            NotANumber { text, what } => if zh {
                format!("“{text}”不是数字：这里应填{}，如 45。", what.name(lang))
            } else {
                format!("\"{text}\" is not a number; {} is expected here, e.g. 45.", what.name(lang))
            },
            BadYear { text } => if zh {
                format!("“{text}”不是可识别的年份：请写成 2023、2023年、2023-2024学年或日期。")
            } else {
                format!("\"{text}\" is not a year; write 2023, 2023-2024, 2023/24 or a date.")
            },
            BadGrade { text } => if zh {
                format!("“{text}”不是可识别的年级：请写成 一年级、初一、高一、小班 或 G1、Grade K。")
            } else {
                format!("\"{text}\" is not a grade; write Grade 1, G1, K, 一年级, 初一 or 小班.")
            },
            ImplausibleCount { value, limit, what } => if zh {
                format!("{} 的{}不可能（一所学校一个年级、或一个地区一年，不会超过 {}）：请核对该单元格，是否把合计或代码填进了这一列。", num(*value), what.name(lang), num(*limit))
            } else {
                format!("{} is not a possible {} (none exceeds {}): check the cell — a total or an id typed into a count column?", num(*value), what.name(lang), num(*limit))
            },
            YearOutOfRange { year, latest } => if zh {
                format!("{year} 年不在可用范围内（1950–{latest} 年）：请核对年份。")
            } else {
                format!("Fall {year} is out of range (1950–{latest}); check the year.")
            },
            DuplicateConflict { first, first_value, value } => if zh {
                format!("同一学校、年份、年级重复出现且人数不同（{first} 为 {}，此处为 {}）：请删去错误的一行。", num(*first_value), num(*value))
            } else {
                format!("The same school, year and grade appears twice with different counts ({first} has {}, this cell {}); delete the wrong row.", num(*first_value), num(*value))
            },
            RosterConflict { school, first } => if zh {
                format!("学校“{school}”在名册中出现两次且内容不同（另见 {first}）：请合并为一行。")
            } else {
                format!("School \"{school}\" is listed twice in the roster with different details (see also {first}); keep one row.")
            },
            NegativeCount { value } => if zh {
                format!("人数为负数（{}）：已按 0 计，请核对。", num(*value))
            } else {
                format!("Negative count ({}); counted as 0, please check it.", num(*value))
            },
            FractionalCount { value } => if zh {
                format!("人数不是整数（{}）：已按原值计入，请核对。", num(*value))
            } else {
                format!("Count is not a whole number ({}); kept as it is, please check it.", num(*value))
            },
            DuplicateRow { first } => if zh {
                format!("与 {first} 重复的一行（人数相同）：只计一次。")
            } else {
                format!("Duplicate of {first} with the same count; counted once.")
            },
            SectionWithoutSchool => lang.pick(
                "这一行有人数但上方没有学校名称：已跳过，请在第一行填上学校名称。",
                "This class-section row has pupils but no school above it; skipped — fill in the school name on the first row.",
            ).into(),
            RowWithoutSchool => lang.pick(
                "这一行没有学校名称：已跳过。",
                "This row has no school name; skipped.",
            ).into(),
            _ => String::new(),
        }
    }

    /// The message of a problem with places: coordinates, boundaries, datums, distances.
    pub(super) fn places_message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let zh = lang == Lang::Zh;
        match self {
            BadCoordinate { text } => {
                if zh {
                    format!("“{text}”不是有效坐标：该校不在地图上显示。")
                } else {
                    format!("\"{text}\" is not a valid coordinate; the school is left off the map.")
                }
            }
            BadBoundaryFile {
                message_zh,
                message_en,
            }
            | BadRoadFile {
                message_zh,
                message_en,
            } => {
                if zh {
                    message_zh.clone()
                } else {
                    message_en.clone()
                }
            }
            DatumMismatch {
                read,
                likely,
                median_m,
                likely_m,
            } => {
                if zh {
                    format!(
                        "学校坐标按{}读取时，距最近道路的中位距离为 {median_m:.0} 米；若按{}读取则为 {likely_m:.0} 米。坐标可能是{}：请在“设置”中选择该坐标系，或在表头注明（如“经度（高德）”）。",
                        read.name(Lang::Zh),
                        likely.name(Lang::Zh),
                        likely.name(Lang::Zh)
                    )
                } else {
                    format!(
                        "Read as {}, the schools lie a median {median_m:.0} m from the nearest road; read as {}, {likely_m:.0} m. The coordinates are likely {}: choose it in Settings, or name it in the header (e.g. \"Longitude (AMap)\").",
                        read.name(Lang::En),
                        likely.name(Lang::En),
                        likely.name(Lang::En)
                    )
                }
            }
            SwappedCoordinates { lon, lat } => {
                if zh {
                    format!(
                        "经度 {lon} 与纬度 {lat} 似乎写反了：已按经度 {lat}、纬度 {lon} 读取，请在表中改正。"
                    )
                } else {
                    format!(
                        "Longitude {lon} and latitude {lat} look swapped: read as longitude {lat}, latitude {lon}; please correct the sheet."
                    )
                }
            }
            CrossedArea { area } => {
                if zh {
                    format!(
                        "片区“{area}”的边界线自相交：无法可靠着色，只画轮廓。请在 GIS 中修复几何（如 QGIS“修复几何图形”）后重新导出。"
                    )
                } else {
                    format!(
                        "The outline of the area \"{area}\" crosses itself: it cannot be filled reliably and is drawn as an outline only. Repair its geometry in your GIS (QGIS: Fix geometries) and export it again."
                    )
                }
            }
            DatumOffAreas {
                read,
                likely,
                outside,
                likely_outside,
            } => {
                if zh {
                    format!(
                        "学校坐标按{}读取时，有 {outside} 所落在所有片区边界之外；若按{}读取则为 {likely_outside} 所。坐标可能是{}：请在“设置”中选择该坐标系，或在表头注明（如“经度（高德）”）。",
                        read.name(Lang::Zh),
                        likely.name(Lang::Zh),
                        likely.name(Lang::Zh)
                    )
                } else {
                    format!(
                        "Read as {}, {outside} schools fall outside every area's boundary; read as {}, {likely_outside}. The coordinates are likely {}: choose it in Settings, or name it in the header (e.g. \"Longitude (AMap)\").",
                        read.name(Lang::En),
                        likely.name(Lang::En),
                        likely.name(Lang::En)
                    )
                }
            }
            TableDiffersFromRoster {
                school,
                what,
                roster,
                table,
                from_roster: false,
            } => {
                if zh {
                    format!(
                        "{school} 的{}在各年的表中不同：先读到的为 {roster}，此处为 {table}。未载入学校名册，多为历年更名；已用 {roster}，如需另一个请载入名册。",
                        what.0
                    )
                } else {
                    format!(
                        "{school}'s {} differs between the years' tables: {roster} where first read, {table} here. No roster was loaded, so this is most likely a rename over the years; {roster} is kept (load a roster to choose).",
                        what.1
                    )
                }
            }
            TableDiffersFromRoster {
                school,
                what,
                roster,
                table,
                from_roster: true,
            } => {
                if zh {
                    format!(
                        "{school} 的{}：此表为 {table}，学校名册为 {roster}；已按名册，请核对其中一处。",
                        what.0
                    )
                } else {
                    format!(
                        "{school}'s {}: {table} in this table, {roster} in the roster; the roster's is kept. Check which is right.",
                        what.1
                    )
                }
            }
            FarFromTheOthers { school, km } => {
                if zh {
                    format!(
                        "“{school}”距全县其他学校的中心 {km:.0} 公里：请核对其经纬度（常见原因：写错一位、经纬度写反、坐标系不同）。"
                    )
                } else {
                    format!(
                        "\"{school}\" is {km:.0} km from the middle of the county's other schools: check its coordinates (a mistyped digit, swapped longitude and latitude, another datum)."
                    )
                }
            }
            _ => String::new(),
        }
    }
}
